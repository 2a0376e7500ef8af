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
mod load;
mod sarif;

use std::path::{Path, PathBuf};

use copydesk_core::{self as analysis, Bundle, DocId, Finding};
use copydesk_workspace as workspace;

pub use claims::claims;
pub use entities::entities;
pub use json::{JsonEdit, JsonFinding, JsonFix, JsonRelated};
pub use load::{config_error_message, load, load_with_stdin, progress, spinner, CliError, Loaded};

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

/// Runs `copydesk check`; returns the process exit code (0, 1 or 2).
/// With `fix`, every certain fix is applied and written first, and the
/// report shows what is left. Meant to be the process's last act: what the
/// check built is not freed (the operating system reclaims it at exit).
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
    // A large bundle's report runs to a hundred megabytes: written in
    // pieces of 64 KiB, not 8.
    let mut stdout = std::io::BufWriter::with_capacity(1 << 16, sink);
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
    drop(stdout);
    let code = options.exit.code(&findings);
    // A check is its process's last act (copydesk's main returns this code
    // at once): the bundle's facts and the findings are left to the
    // operating system instead of being freed one allocation at a time,
    // which took about a quarter of a second at 10,000 articles.
    std::mem::forget(loaded);
    std::mem::forget(findings);
    code
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
