//! Loading a check: the configuration (strictly, through the workspace's
//! loader) and the articles named on the command line into one bundle,
//! with how each is shown; the errors that end a command with exit code 2;
//! progress on standard error. Below the commands, which all load through
//! here.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use copydesk_core::bundle::NewDocument;
use copydesk_core::config::{Config, ConfigError, CONFIG_FILE};
use copydesk_core::{self as analysis, Bundle, DocId};
use copydesk_workspace as workspace;

/// A progress bar on standard error for `len` steps, shown only when
/// standard error is a terminal and the work is long (many articles);
/// hidden otherwise, so pipes and CI logs stay clean.
pub fn progress(len: u64, message: &'static str) -> indicatif::ProgressBar {
    bar(
        len,
        message,
        "{msg} {wide_bar} {pos}/{len} articles ({elapsed})",
    )
}

/// [`progress`] for a step that does not count its articles: a spinner.
pub fn spinner(len: u64, message: &'static str) -> indicatif::ProgressBar {
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
    // Subfolders that could not be read: reported, like declined files.
    let mut walk_problems: Vec<(String, String)> = Vec::new();
    for given in paths {
        let meta =
            std::fs::metadata(given).map_err(|e| CliError(format!("{}: {e}", given.display())))?;
        if meta.is_dir() {
            let (articles, problems) = workspace::find_articles_and_problems(given, &globs);
            // A folder named on the command line that cannot be read is an
            // I/O error, like a named file; a subfolder inside it is
            // reported and skipped, like an unreadable file inside it.
            if let Some((place, reason)) = problems.iter().find(|(p, _)| Path::new(p) == given) {
                let reason = reason.strip_suffix("; skipped").unwrap_or(reason);
                return Err(CliError(format!("{place}: {reason}")));
            }
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
