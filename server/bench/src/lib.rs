//! `copydesk bench`: generates synthetic bundles ([`generate`]) and
//! measures the real binary on them: a full `copydesk check` (wall time and
//! peak RSS) at several sizes, ripgrep on the same files as the floor, and
//! LSP latencies over real JSON-RPC (edit → diagnostics, hover, rename,
//! fix-all). Prints a Markdown report for BENCHMARKS.md. Never used by tests
//! for timing. [`growth`] measures the inputs of issue #20 at doubling
//! sizes.

pub mod generate;
pub mod growth;
mod lsp_client;
pub mod phases;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use lsp_client::Client;

/// What to measure.
#[derive(Debug, Clone)]
pub struct Options {
    /// Bundle sizes for the full check.
    pub sizes: Vec<usize>,
    /// Articles per story.
    pub per_story: usize,
    /// Bundle size for the LSP measurements (0 skips them).
    pub lsp_articles: usize,
    /// Open documents during the LSP measurements.
    pub open: usize,
    /// Samples per LSP measurement.
    pub samples: usize,
    pub seed: u64,
    /// Where bundles are generated (default: a fresh temporary folder,
    /// removed afterwards).
    pub dir: Option<PathBuf>,
}

struct Measured {
    wall: Duration,
    max_rss_kib: Option<u64>,
}

/// Runs a command to completion and returns its wall time and peak RSS.
fn measure(cmd: &mut Command) -> std::io::Result<Measured> {
    let start = Instant::now();
    let child = cmd.stdout(Stdio::null()).stderr(Stdio::null()).spawn()?;
    wait_with_rusage(child, start)
}

#[cfg(target_os = "linux")]
fn wait_with_rusage(child: std::process::Child, start: Instant) -> std::io::Result<Measured> {
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: rusage is plain old data, zeroed is a valid value; wait4 only
    // writes into the two out-pointers, which live for the call.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = start.elapsed();
    if r < 0 {
        return Err(std::io::Error::last_os_error());
    }
    // The child has been reaped by wait4; `child` must not wait again.
    std::mem::forget(child);
    Ok(Measured {
        wall,
        max_rss_kib: u64::try_from(usage.ru_maxrss).ok(),
    })
}

#[cfg(not(target_os = "linux"))]
fn wait_with_rusage(mut child: std::process::Child, start: Instant) -> std::io::Result<Measured> {
    child.wait()?;
    Ok(Measured {
        wall: start.elapsed(),
        max_rss_kib: None,
    })
}

fn percentile(sorted: &[Duration], p: usize) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[(sorted.len() * p / 100).min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn file_uri(path: &Path) -> String {
    url::Url::from_file_path(path)
        .map(|u| u.to_string())
        .unwrap_or_else(|_| format!("file://{}", path.display()))
}

/// Runs the benchmarks and returns the Markdown report.
pub fn run(opts: &Options) -> Result<String, String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find copydesk itself: {e}"))?;
    let temp;
    let root = match &opts.dir {
        Some(d) => d.clone(),
        None => {
            temp = TempDir::new()?;
            temp.0.clone()
        }
    };
    let mut report = String::new();
    report.push_str(&format!(
        "copydesk bench (seed {}, {} articles per story, {} cores)\n\n",
        opts.seed,
        opts.per_story,
        std::thread::available_parallelism().map_or(1, |n| n.get())
    ));
    report.push_str(
        "| articles | MB | copydesk check | peak RSS | ripgrep (figure regex) | ratio |\n",
    );
    report.push_str("|---:|---:|---:|---:|---:|---:|\n");
    let rg = which("rg");
    for &n in &opts.sizes {
        let dir = root.join(format!("bundle-{n}"));
        let bytes = ensure_bundle(&dir, n, opts)?;
        let m = measure(
            Command::new(&exe)
                .args(["check", "--format", "json"])
                .arg(&dir),
        )
        .map_err(|e| format!("running copydesk check: {e}"))?;
        let (rg_time, ratio) = match &rg {
            Some(rg) => {
                let r = measure(
                    Command::new(rg)
                        .args(["-c", "--no-messages", r"[0-9]+(\.[0-9]+)?( ?%| per cent)"])
                        .arg(&dir),
                )
                .map_err(|e| format!("running ripgrep: {e}"))?;
                (
                    ms(r.wall),
                    format!("{:.1}×", m.wall.as_secs_f64() / r.wall.as_secs_f64()),
                )
            }
            None => ("(rg not installed)".to_string(), "–".to_string()),
        };
        report.push_str(&format!(
            "| {n} | {:.1} | {} | {} | {rg_time} | {ratio} |\n",
            bytes as f64 / 1e6,
            ms(m.wall),
            m.max_rss_kib.map_or("–".to_string(), |k| format!(
                "{:.0} MB",
                k as f64 / 1024.0
            )),
        ));
    }
    if opts.lsp_articles > 0 {
        let dir = root.join(format!("bundle-{}", opts.lsp_articles));
        ensure_bundle(&dir, opts.lsp_articles, opts)?;
        report.push('\n');
        report.push_str(&lsp_latencies(&exe, &dir, opts).map_err(|e| format!("LSP: {e}"))?);
    }
    Ok(report)
}

/// `copydesk bench --growth`: the report of [`growth::run`], in `dir` or a
/// temporary folder, each run killed after `limit`; each row is also
/// printed on stderr as it is measured.
pub fn growth(dir: Option<&Path>, limit: Duration) -> Result<String, String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find copydesk itself: {e}"))?;
    let temp;
    let root = match dir {
        Some(d) => {
            std::fs::create_dir_all(d).map_err(|e| format!("{}: {e}", d.display()))?;
            d.to_path_buf()
        }
        None => {
            temp = TempDir::new()?;
            temp.0.clone()
        }
    };
    let head = format!(
        "copydesk bench --growth ({} cores; each input at 1×, 2× and 4× its size; a run is killed after {} s)\n\n",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        limit.as_secs()
    );
    let table = growth::run(&exe, &root, limit, &mut |row| eprint!("{row}"))?;
    Ok(head + &table)
}

fn ensure_bundle(dir: &Path, n: usize, opts: &Options) -> Result<u64, String> {
    let plan = generate::Plan {
        articles: n,
        stories: n.div_ceil(opts.per_story.max(1)),
        seed: opts.seed,
    };
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    generate::write(plan, dir).map_err(|e| format!("writing {}: {e}", dir.display()))
}

fn which(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|p| p.join(name))
        .find(|p| p.is_file())
}

/// A temporary folder removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Result<TempDir, String> {
        let base = std::env::temp_dir().join(format!(
            "copydesk-bench-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos())
        ));
        std::fs::create_dir_all(&base).map_err(|e| format!("{}: {e}", base.display()))?;
        Ok(TempDir(base))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn articles_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    files.sort();
    files
}

fn is_diagnostics_for(msg: &Value, uri: &str) -> bool {
    msg["method"] == "textDocument/publishDiagnostics" && msg["params"]["uri"] == uri
}

/// Offset (line, UTF-16 character) of the first occurrence of `needle`.
fn position_of(text: &str, needle: &str) -> Option<(u32, u32)> {
    position_at(text, text.find(needle)?)
}

/// (line, UTF-16 character) of a byte offset.
fn position_at(text: &str, at: usize) -> Option<(u32, u32)> {
    let line = text[..at].matches('\n').count();
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let character: usize = text[line_start..at].encode_utf16().count();
    Some((u32::try_from(line).ok()?, u32::try_from(character).ok()?))
}

fn lsp_latencies(exe: &Path, dir: &Path, opts: &Options) -> std::io::Result<String> {
    let files = articles_in(dir);
    let mut client = Client::start(exe)?;
    let started = Instant::now();
    client.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": file_uri(dir),
            "workspaceFolders": [{"uri": file_uri(dir), "name": "bench"}],
            "capabilities": {
                "general": {"positionEncodings": ["utf-16"]},
                "window": {"workDoneProgress": true},
                "textDocument": {"publishDiagnostics": {"relatedInformation": true}}
            },
            "initializationOptions": {"debounceMs": 0}
        }),
    )?;
    client.notify("initialized", json!({}))?;
    let total = files.len() as u64;
    client.wait_for(Duration::from_secs(600), |m| {
        m["method"] == "copydesk/status" && m["params"]["articles"].as_u64() >= Some(total)
    })?;
    let indexed = started.elapsed();

    let mut open = Vec::new();
    for path in files.iter().take(opts.open) {
        let text = std::fs::read_to_string(path)?;
        let uri = file_uri(path);
        client.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}),
        )?;
        open.push((uri, text, 1));
    }
    // Let the opens settle.
    std::thread::sleep(Duration::from_millis(500));
    client.drain();

    let mut edits = Vec::new();
    for i in 0..opts.samples {
        let k = i % open.len().max(1);
        let Some((uri, text, version)) = open.get_mut(k) else {
            break;
        };
        *version += 1;
        // Alternately plant and remove a misspelt name at the top.
        const PLANT: &str = "Xavi Dunnet said. ";
        let planted = text.starts_with(PLANT);
        let insert = if planted { "" } else { PLANT };
        let remove_len = if planted { PLANT.len() } else { 0 };
        let new_text = format!("{insert}{}", &text[remove_len..]);
        let change = json!({
            "range": {"start": {"line": 0, "character": 0},
                      "end": {"line": 0, "character": remove_len}},
            "text": insert
        });
        *text = new_text;
        let uri = uri.clone();
        let version = *version;
        client.drain();
        let t0 = Instant::now();
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}),
        )?;
        client.wait_for(Duration::from_secs(60), |m| is_diagnostics_for(m, &uri))?;
        edits.push(t0.elapsed());
    }

    let mut hovers = Vec::new();
    for i in 0..opts.samples {
        let (uri, text, _) = &open[i % open.len().max(1)];
        let needle = text
            .lines()
            .next()
            .and_then(|l| l.split_whitespace().next())
            .unwrap_or("");
        let Some((line, character)) = position_of(text, needle) else {
            continue;
        };
        let t0 = Instant::now();
        client.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character + 1}}),
        )?;
        hovers.push(t0.elapsed());
    }

    // Hovers on each open article's first figure (how it was read and
    // the other articles' statements of its claim): the first may build
    // the claim ledger, the others read the kept one.
    let mut figure_hovers = Vec::new();
    for i in 0..opts.samples {
        let (uri, text, _) = &open[i % open.len().max(1)];
        let facts = copydesk_core::extract::extract(text);
        let Some(at) = facts.figures.frames.first().map(|f| f.span.start) else {
            continue;
        };
        let Some((line, character)) = position_at(text, at) else {
            continue;
        };
        let t0 = Instant::now();
        client.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
        )?;
        figure_hovers.push(t0.elapsed());
    }

    let mut renames = Vec::new();
    let mut fix_alls = Vec::new();
    for i in 0..(opts.samples / 10).max(3) {
        let (uri, text, _) = &open[i % open.len().max(1)];
        if let Some((line, character)) = text
            .find(" said")
            .and_then(|at| text[..at].rfind(|c: char| c.is_whitespace()))
            .and_then(|at| position_of(text, &text[at + 1..at + 3]))
        {
            let t0 = Instant::now();
            client.request(
                "textDocument/rename",
                json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character},
                       "newName": "Renamed Person"}),
            )?;
            renames.push(t0.elapsed());
        }
        let t0 = Instant::now();
        client.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri},
                   "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
                   "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
        )?;
        fix_alls.push(t0.elapsed());
    }
    client.shutdown();

    let mut out = format!(
        "LSP on {} articles, {} open (index: {}):\n\n| request | samples | p50 | p99 |\n|---|---:|---:|---:|\n",
        files.len(),
        open.len(),
        ms(indexed)
    );
    for (name, mut v) in [
        ("didChange → publishDiagnostics (edited article)", edits),
        ("hover", hovers),
        ("hover on a figure", figure_hovers),
        ("rename across the bundle", renames),
        ("codeAction source.fixAll", fix_alls),
    ] {
        v.sort();
        out.push_str(&format!(
            "| {name} | {} | {} | {} |\n",
            v.len(),
            ms(percentile(&v, 50)),
            ms(percentile(&v, 99))
        ));
    }
    Ok(out)
}
