//! The command line: `copydesk check` loads articles from disk into a
//! bundle, runs the analysis and prints findings for people (like a
//! compiler) or for programs (`--format json`). It owns paths as the user
//! gave them, exit codes, and the conversion of byte offsets to 1-based
//! lines and Unicode-scalar columns.

pub mod claims;
pub mod entities;
pub mod eval;
pub mod filter;
pub mod fix;
mod human;
mod json;
mod line;
mod sarif;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use copydesk_core::bundle::NewDocument;
use copydesk_core::config::{Config, ConfigError, CONFIG_FILE};
use copydesk_core::{self as analysis, Bundle, DocId, Finding};
use copydesk_workspace as workspace;

pub use claims::claims;
pub use entities::entities;
pub use json::{JsonEdit, JsonFinding, JsonFix, JsonRelated};

/// A progress bar on standard error for `len` steps, shown only when
/// standard error is a terminal and the work is long (many articles);
/// hidden otherwise, so pipes and CI logs stay clean.
pub(crate) fn progress(len: u64, message: &'static str) -> indicatif::ProgressBar {
    bar(
        len,
        message,
        "{msg} {wide_bar} {pos}/{len} articles ({elapsed})",
    )
}

/// [`progress`] for a step that does not count its articles: a spinner.
pub(crate) fn spinner(len: u64, message: &'static str) -> indicatif::ProgressBar {
    bar(len, message, "{spinner} {msg} {len} articles ({elapsed})")
}

fn bar(len: u64, message: &'static str, template: &str) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    const SHOWN_FROM: u64 = 200;
    if len < SHOWN_FROM || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let style = indicatif::ProgressStyle::with_template(template)
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(len),
        indicatif::ProgressDrawTarget::stderr(),
    )
    .with_style(style)
    .with_message(message);
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

/// Output formats of `copydesk check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
}

/// Output formats of `copydesk check`: those of every command, plus one
/// line per finding and GitHub Actions annotations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    Human,
    Json,
    /// `path:line:col: severity[rule] message`
    Line,
    /// GitHub Actions workflow commands (annotations on a pull request).
    Github,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
}

/// What `copydesk check` reports and how it exits.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    pub selection: filter::Selection,
    pub exit: filter::ExitPolicy,
    /// Counts per rule instead of the findings.
    pub statistics: bool,
    /// With `fix`: print the certain fixes as a unified diff, write nothing.
    pub diff: bool,
    /// How the article read from standard input (`-`) is named and placed.
    pub stdin_name: Option<PathBuf>,
    /// Write the report here instead of standard output.
    pub output: Option<PathBuf>,
}

/// When to colour human output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

/// A usage or I/O problem: printed on stderr, exit code 2.
#[derive(Debug)]
pub struct CliError(pub String);

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The articles of a check, with how each one is shown.
pub struct Loaded {
    pub bundle: Bundle,
    pub config: Config,
    /// Display path (as given on the command line, joined with the file's
    /// path under it) of each document.
    pub paths: HashMap<DocId, String>,
    /// Files that were declined, with the reason.
    pub declined: Vec<(String, String)>,
    /// The article read from standard input, if any.
    pub from_stdin: Option<DocId>,
}

impl Loaded {
    pub fn path_of(&self, doc: DocId) -> &str {
        self.paths.get(&doc).map_or("?", String::as_str)
    }
}

/// Reads the configuration and the articles named by `paths` (files or
/// folders) into one bundle.
pub fn load(paths: &[PathBuf], config_path: Option<&Path>) -> Result<Loaded, CliError> {
    load_with_stdin(paths, config_path, None)
}

/// [`load`], where a path `-` is an article read from standard input,
/// shown as `stdin_name` (default `<stdin>`); a file of that name that a
/// folder holds is replaced by it.
pub fn load_with_stdin(
    paths: &[PathBuf],
    config_path: Option<&Path>,
    stdin_name: Option<&Path>,
) -> Result<Loaded, CliError> {
    let stdin_text = if paths.iter().any(|p| p.as_os_str() == "-") {
        let shown = stdin_name.map_or_else(|| "<stdin>".to_string(), |p| p.display().to_string());
        Some((
            shown.clone(),
            workspace::read_stdin().map_err(|e| CliError(format!("{shown}: {e}")))?,
        ))
    } else {
        None
    };
    let same_file = |a: &Path| {
        stdin_name.is_some_and(|s| {
            a == s
                || std::fs::canonicalize(a)
                    .ok()
                    .zip(std::fs::canonicalize(s).ok())
                    .is_some_and(|(x, y)| x == y)
        })
    };
    let disk: Vec<PathBuf> = paths
        .iter()
        .filter(|p| p.as_os_str() != "-")
        .cloned()
        .collect();
    let paths = &disk[..];
    let config = load_config(paths, config_path)?;
    let globs = config
        .bundle_globs()
        .map_err(|e| CliError(format!("{CONFIG_FILE}: {e}")))?;
    let mut found: Vec<(PathBuf, String, String)> = Vec::new();
    // Files named on the command line: failing to read one is an I/O error.
    let mut named: Vec<String> = Vec::new();
    // Folders that could not be read: reported, like declined files.
    let mut walk_problems: Vec<(String, String)> = Vec::new();
    for given in paths {
        let meta =
            std::fs::metadata(given).map_err(|e| CliError(format!("{}: {e}", given.display())))?;
        if meta.is_dir() {
            let (articles, problems) = workspace::find_articles_and_problems(given, &globs);
            walk_problems.extend(problems);
            found.extend(
                articles
                    .into_iter()
                    .map(|a| (a.path.clone(), join_display(given, &a.relative), a.relative)),
            );
        } else {
            let name = given.file_name().map_or_else(
                || given.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            named.push(given.display().to_string());
            found.push((given.clone(), given.display().to_string(), name));
        }
    }
    found.retain(|(path, _, _)| stdin_text.is_none() || !same_file(path));
    // Read and extract in parallel; the bundle keeps the order given.
    use rayon::prelude::*;
    let bar = progress(found.len() as u64, "reading");
    let mut read: Vec<_> = found
        .into_par_iter()
        .map(|(path, display, relative)| {
            let text = workspace::read_article(&path);
            bar.inc(1);
            (text, display, relative)
        })
        .collect();
    bar.finish_and_clear();
    let stdin_shown = stdin_text.as_ref().map(|(shown, _)| shown.clone());
    if let Some((shown, text)) = stdin_text {
        let relative = stdin_name
            .and_then(|p| p.file_name())
            .map_or_else(|| shown.clone(), |n| n.to_string_lossy().into_owned());
        read.push((Ok(text), shown, relative));
    }
    let mut new_docs = Vec::new();
    let mut declined = walk_problems;
    for (text, display, relative) in read {
        match text {
            Ok(text) => new_docs.push(NewDocument {
                key: display,
                rank: globs.priority_rank(&relative),
                name: relative,
                text,
            }),
            Err(reason @ (workspace::Declined::Unreadable(_) | workspace::Declined::NotAFile))
                if named.contains(&display) =>
            {
                return Err(CliError(format!("{display}: {reason}")));
            }
            Err(reason) => declined.push((display, reason.to_string())),
        }
    }
    let keys: Vec<String> = new_docs.iter().map(|d| d.key.clone()).collect();
    let mut bundle = Bundle::new();
    let bar = spinner(new_docs.len() as u64, "extracting");
    let ids = bundle.upsert_many(new_docs);
    bar.finish_and_clear();
    let from_stdin = stdin_shown.and_then(|k| bundle.id_of(&k));
    let shown: HashMap<_, _> = ids.into_iter().zip(keys).collect();
    Ok(Loaded {
        bundle,
        config,
        paths: shown,
        declined,
        from_stdin,
    })
}

/// `given` joined with `relative` the way a user would type it.
fn join_display(given: &Path, relative: &str) -> String {
    let g = given.display().to_string();
    if g == "." {
        relative.to_string()
    } else if g.ends_with('/') {
        format!("{g}{relative}")
    } else {
        format!("{g}/{relative}")
    }
}

/// The configuration: `--config FILE`, else `copydesk.toml` in the first
/// folder argument, else in the current folder, with its `knowledge`
/// files (relative to its folder) read, by the workspace's loader. Strict:
/// a file that cannot be read or is broken, or a knowledge file missing or
/// broken, is an error.
fn load_config(paths: &[PathBuf], explicit: Option<&Path>) -> Result<Config, CliError> {
    let loaded = match explicit {
        Some(p) => workspace::load_config_file(p),
        None => {
            let first_dir = paths
                .iter()
                .find(|p| p.is_dir())
                .cloned()
                .unwrap_or_else(|| PathBuf::from("."));
            workspace::load_config(&first_dir)
        }
    };
    if let Some(e) = &loaded.error {
        let path = loaded.path.as_deref().unwrap_or(Path::new(CONFIG_FILE));
        return Err(CliError(match &loaded.text {
            Some(text) => config_error_message(path, text, e),
            None => format!("{}: {}", path.display(), e.message),
        }));
    }
    if !loaded.problems.is_empty() {
        return Err(CliError(format!(
            "knowledge file {}",
            loaded.problems.join("; knowledge file ")
        )));
    }
    Ok(loaded.config)
}

/// `path:line:col: message` for a broken configuration.
pub fn config_error_message(path: &Path, text: &str, e: &ConfigError) -> String {
    match e.span {
        Some(span) => {
            let idx = analysis::text::LineIndex::new(text);
            let (line, col) = idx.line_col(text, span.start);
            format!(
                "{}:{}:{}: invalid configuration: {}",
                path.display(),
                line + 1,
                col + 1,
                e.message
            )
        }
        None => format!("{}: invalid configuration: {}", path.display(), e.message),
    }
}

/// Runs `copydesk check`; returns the process exit code (0, 1 or 2).
/// With `fix`, every certain fix is applied and written first, and the
/// report shows what is left.
pub fn check(
    paths: &[PathBuf],
    format: CheckFormat,
    color: Color,
    config_path: Option<&Path>,
    fix: bool,
    options: &CheckOptions,
) -> i32 {
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let stdin_name = options.stdin_name.as_deref();
    let loaded = match load_with_stdin(paths, config_path, stdin_name) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("copydesk: error: {e}");
            return 2;
        }
    };
    for (path, reason) in &loaded.declined {
        eprintln!("copydesk: {path}: {reason}");
    }
    let bar = spinner(loaded.bundle.len() as u64, "checking");
    let mut findings = analysis::analyze(&loaded.bundle, &loaded.config);
    bar.finish_and_clear();
    let mut loaded = loaded;
    if fix && options.diff {
        let (diff, files) = fix::diff(&loaded, &findings);
        let written = match &options.output {
            Some(path) => std::fs::write(path, diff.as_bytes()),
            None => {
                use std::io::Write;
                std::io::stdout().lock().write_all(diff.as_bytes())
            }
        };
        if let Err(e) = written {
            eprintln!("copydesk: error: cannot write the diff: {e}");
            return 2;
        }
        return i32::from(files > 0);
    }
    if fix {
        let report = fix::fix(&loaded, &findings);
        for (path, reason) in &report.failed {
            eprintln!("copydesk: {path}: not fixed: {reason}");
        }
        for (path, n) in &report.written {
            eprintln!("copydesk: {path}: applied {n} fix(es)");
        }
        if !report.written.is_empty() {
            loaded = match load_with_stdin(paths, config_path, stdin_name) {
                Ok(l) => l,
                Err(e) => {
                    eprintln!("copydesk: error: {e}");
                    return 2;
                }
            };
            findings = analysis::analyze(&loaded.bundle, &loaded.config);
        }
        if !report.failed.is_empty() {
            // Still print what is left, but say that not everything was written.
            eprintln!("copydesk: some files could not be fixed");
        }
    }
    findings.retain(|f| options.selection.keeps(f));
    use std::io::Write;
    let sink: Box<dyn Write> = match &options.output {
        Some(path) => match std::fs::File::create(path) {
            Ok(f) => Box::new(f),
            Err(e) => {
                eprintln!("copydesk: error: {}: {e}", path.display());
                return 2;
            }
        },
        None => Box::new(std::io::stdout().lock()),
    };
    let mut stdout = std::io::BufWriter::new(sink);
    let written = if options.statistics {
        stdout.write_all(statistics(&findings).as_bytes())
    } else {
        match format {
            CheckFormat::Json => json::write(&loaded, &findings, &mut stdout),
            CheckFormat::Human => {
                // A file gets no colour unless asked for.
                let color = match (&options.output, color) {
                    (Some(_), Color::Auto) => Color::Never,
                    (_, c) => c,
                };
                stdout.write_all(human::render(&loaded, &findings, color).as_bytes())
            }
            CheckFormat::Line => line::write_line(&loaded, &findings, &mut stdout),
            CheckFormat::Github => line::write_github(&loaded, &findings, &mut stdout),
            CheckFormat::Sarif => {
                serde_json::to_writer_pretty(&mut stdout, &sarif::log(&loaded, &findings))
                    .map_err(std::io::Error::from)
                    .and_then(|_| stdout.write_all(b"\n"))
            }
        }
    };
    if let Err(e) = written.and_then(|_| stdout.flush()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("copydesk: error: cannot write the report: {e}");
            return 2;
        }
    }
    options.exit.code(&findings)
}

/// The articles under `paths` (the current folder when none is given),
/// with what was declined reported on standard error; the exit code 2 on
/// a usage or I/O error. What `claims` and `entities` start with.
pub(crate) fn load_reported(paths: &[PathBuf], config_path: Option<&Path>) -> Result<Loaded, i32> {
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let loaded = load(paths, config_path).map_err(|e| {
        eprintln!("copydesk: error: {e}");
        2
    })?;
    for (path, reason) in &loaded.declined {
        eprintln!("copydesk: {path}: {reason}");
    }
    Ok(loaded)
}

/// Writes a report to standard output: exit code 0, or 2 when it cannot
/// be written (a closed pipe is no error: `| head` reads what it wants).
pub(crate) fn print_report(out: &str) -> i32 {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(out.as_bytes())
        .and_then(|_| stdout.flush())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("copydesk: error: cannot write the report: {e}");
            2
        }
        _ => 0,
    }
}

/// `--statistics`: the count of findings per rule and severity, most first.
fn statistics(findings: &[Finding]) -> String {
    let mut counts: std::collections::BTreeMap<(&str, &str), usize> = Default::default();
    for f in findings {
        *counts.entry((f.rule, f.severity.as_str())).or_default() += 1;
    }
    let mut rows: Vec<((&str, &str), usize)> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut out = String::new();
    for ((rule, severity), n) in rows {
        out.push_str(&format!("{n:>6}  {severity:<11}  {rule}\n"));
    }
    out.push_str(&format!("{:>6}  total\n", findings.len()));
    out
}

/// `copydesk rules`: every rule with its default severity and summary.
pub fn rules() -> String {
    let all = copydesk_core::checks::ALL;
    let width = all.iter().map(|c| c.info().id.len()).max().unwrap_or(0);
    let mut out = String::new();
    for c in all {
        let i = c.info();
        out.push_str(&format!(
            "{:<width$}  {:<11} {}\n",
            i.id,
            i.default_severity.as_str(),
            i.summary
        ));
    }
    out
}

/// `copydesk explain RULE`: what the rule finds, with examples, what it
/// leaves alone, and how to silence it.
pub fn explain(rule: &str) -> Result<String, CliError> {
    let info = copydesk_core::checks::rule_info(rule).ok_or_else(|| {
        CliError(copydesk_core::config::unknown_rule(
            rule,
            &filter::rule_ids(),
        ))
    })?;
    let mut out = format!(
        "{} ({}, default severity: {})\n\n{}\n",
        info.id,
        info.family(),
        info.default_severity.as_str(),
        info.summary
    );
    if !info.flags.is_empty() {
        out.push_str("\nFlags:\n");
        for e in info.flags {
            out.push_str(&format!("  - {e}\n"));
        }
    }
    if !info.passes.is_empty() {
        out.push_str("\nLeaves alone:\n");
        for e in info.passes {
            out.push_str(&format!("  - {e}\n"));
        }
    }
    out.push_str(&format!(
        "\nTo silence it: `copydesk check --ignore {id}` for one run, or in copydesk.toml\n  [rules]\n  \"{id}\" = \"off\"    # or error | warning | information | hint\n",
        id = info.id
    ));
    Ok(out)
}

/// 1-based (line, column) of a byte offset in a document; columns count
/// Unicode scalar values.
pub(crate) fn line_col(bundle: &Bundle, doc: DocId, offset: usize) -> (usize, usize) {
    match bundle.get(doc) {
        Some(d) => {
            let (l, c) = d.lines.line_col(&d.text, offset);
            (l + 1, c + 1)
        }
        None => (1, 1),
    }
}

/// Runs `copydesk eval`: prints the scorecard; returns 0, 1 when a score is
/// below `floors`, or 2 on a usage or I/O error.
pub fn eval(
    options: &crate::eval::Options,
    floors: Option<&Path>,
    format: Format,
    verbose: bool,
) -> i32 {
    let floors = match floors {
        None => None,
        Some(path) => match workspace::read_text_file(path)
            .map_err(|e| e.to_string())
            .and_then(|t| crate::eval::floors::Floors::parse(&t))
        {
            Ok(f) => Some(f),
            Err(e) => {
                eprintln!("copydesk: error: {}: {e}", path.display());
                return 2;
            }
        },
    };
    let report = match crate::eval::run(options) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("copydesk: error: {e}");
            return 2;
        }
    };
    let printed = match format {
        Format::Human => {
            print!("{}", crate::eval::human(&report, verbose));
            Ok(())
        }
        Format::Json => {
            serde_json::to_writer_pretty(std::io::stdout().lock(), &report).map(|_| println!())
        }
    };
    if let Err(e) = printed {
        eprintln!("copydesk: error: cannot write the report: {e}");
        return 2;
    }
    let breaches = floors.map(|f| f.breaches(&report)).unwrap_or_default();
    for b in &breaches {
        eprintln!("copydesk: below the floor: {b}");
    }
    i32::from(!breaches.is_empty())
}
