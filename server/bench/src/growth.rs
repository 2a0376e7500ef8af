//! `copydesk bench --growth`: the inputs of issue #20 that once cost more
//! than linear time or memory (a name's mentions in many articles, a long
//! run of capitalised words, a long one-line article with many findings,
//! one sentence of many ticker moves, a long `[terms]` key), each
//! generated at 1×, 2× and 4× its base size and checked by the real binary
//! as a child process. Prints wall time and peak RSS per size and the
//! growth per doubling: about 2 is linear. A measurement, never used by
//! tests for timing.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A doubling that costs more than this many times the time is flagged.
pub const SUPERLINEAR: f64 = 2.6;

/// One input shape of issue #20.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// Item 1: one-line articles sharing two names, each in two spellings
    /// (size: articles).
    NameMentions,
    /// Item 2: one article of `Lea Lee Lea Lee ...` (size: bytes).
    CapitalisedRun,
    /// Item 8: a one-line article of many double spaces, reported in
    /// human format (size: bytes of the line).
    OneLineHuman,
    /// Item 8, reported in JSON.
    OneLineJson,
    /// Item 8 with names: a one-line article of many misspelt mentions
    /// beside two with the right spelling, in JSON.
    OneLineNames,
    /// Item 9: one sentence of ticker moves (size: bytes).
    TickerMoves,
    /// Item 9: a `[terms]` key half the size long, and an article that
    /// holds it.
    TermsKey,
}

impl Case {
    pub const ALL: [Case; 7] = [
        Case::NameMentions,
        Case::CapitalisedRun,
        Case::OneLineHuman,
        Case::OneLineJson,
        Case::OneLineNames,
        Case::TickerMoves,
        Case::TermsKey,
    ];

    /// What the case is, for the table.
    pub fn label(self) -> &'static str {
        match self {
            Case::NameMentions => "1: two names in two spellings, one-line articles",
            Case::CapitalisedRun => "2: one run of capitalised words",
            Case::OneLineHuman => "8: one-line article of double spaces, human",
            Case::OneLineJson => "8: one-line article of double spaces, JSON",
            Case::OneLineNames => "8: one-line article of misspelt names, JSON",
            Case::TickerMoves => "9: one sentence of ticker moves",
            Case::TermsKey => "9: a long [terms] key",
        }
    }

    /// The unit of [`Case::base`].
    pub fn unit(self) -> &'static str {
        match self {
            Case::NameMentions => "articles",
            _ => "bytes",
        }
    }

    /// The 1× size; the largest measured is 4× (10,000 articles, 5 MB).
    pub fn base(self) -> usize {
        match self {
            Case::NameMentions => 2_500,
            _ => 1_250_000,
        }
    }

    /// The report format the check is run with.
    pub fn format(self) -> &'static str {
        match self {
            Case::OneLineHuman => "human",
            _ => "json",
        }
    }

    /// The files of the input at `size` ([`Case::unit`]): relative path
    /// and content. Deterministic.
    pub fn files(self, size: usize) -> Vec<(String, String)> {
        match self {
            Case::NameMentions => (0..size)
                .map(|i| {
                    let line = if i % 2 == 0 {
                        "Dana Whitlock told Corin Maddox the plan.\n"
                    } else {
                        "Dana Whitlok told Corin Madox the plan.\n"
                    };
                    (format!("a{i:05}.txt"), line.to_string())
                })
                .collect(),
            Case::CapitalisedRun => vec![("a.txt".into(), line_of("Lea Lee ", size))],
            Case::OneLineHuman | Case::OneLineJson => {
                vec![("a.txt".into(), line_of("The plan  worked well. ", size))]
            }
            Case::OneLineNames => vec![
                (
                    "a.txt".into(),
                    line_of("Dana Whitlok said the plan worked. ", size),
                ),
                (
                    "b.txt".into(),
                    "Dana Whitlock said the plan worked. Dana Whitlock left.\n".into(),
                ),
                (
                    "c.txt".into(),
                    "Dana Whitlock said the plan worked. Dana Whitlock left.\n".into(),
                ),
            ],
            Case::TickerMoves => vec![("a.txt".into(), line_of("Acme (ACME.O) rose 1.2%, ", size))],
            Case::TermsKey => {
                let key = line_of("gas pedal ", size / 2);
                let key = key.trim_end();
                vec![
                    (
                        "copydesk.toml".into(),
                        format!("[terms]\n\"{key}\" = {{ prefer = \"accelerator\" }}\n"),
                    ),
                    ("a.txt".into(), format!("The {key} moved.\n")),
                ]
            }
        }
    }
}

/// `unit` repeated to about `bytes` bytes (whole units), then a newline.
fn line_of(unit: &str, bytes: usize) -> String {
    let mut s = unit.repeat((bytes / unit.len()).max(1));
    s.push('\n');
    s
}

/// One measured run.
struct Run {
    bytes: u64,
    wall: Duration,
    max_rss_kib: Option<u64>,
    /// Exit code, or `None` when killed at the time limit.
    code: Option<i32>,
}

/// Runs every case at 1×, 2× and 4× under `root`, each run killed after
/// `limit`, and returns the Markdown report; `progress` gets each row as
/// it is measured.
pub fn run(
    exe: &Path,
    root: &Path,
    limit: Duration,
    progress: &mut dyn FnMut(&str),
) -> Result<String, String> {
    let mut out = String::from(
        "| case | size | MB | exit | time | peak RSS | time ×/doubling | RSS ×/doubling |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    let mut flagged = Vec::new();
    for case in Case::ALL {
        let mut previous: Option<Run> = None;
        for factor in [1, 2, 4] {
            let size = case.base() * factor;
            let dir = root.join(format!("growth-{case:?}-{size}"));
            if dir.exists() {
                std::fs::remove_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            }
            std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            let mut bytes = 0;
            for (name, text) in case.files(size) {
                bytes += text.len() as u64;
                std::fs::write(dir.join(&name), text)
                    .map_err(|e| format!("{}: {e}", dir.join(&name).display()))?;
            }
            let mut cmd = Command::new(exe);
            cmd.args(["check", "--format", case.format(), "."])
                .current_dir(&dir);
            let mut r = measure_within(&mut cmd, limit)
                .map_err(|e| format!("running copydesk check: {e}"))?;
            r.bytes = bytes;
            let _ = std::fs::remove_dir_all(&dir);
            let (time_ratio, rss_ratio) = match &previous {
                Some(p) if r.code.is_some() && p.code.is_some() => {
                    let t = r.wall.as_secs_f64() / p.wall.as_secs_f64().max(1e-6);
                    let m = match (r.max_rss_kib, p.max_rss_kib) {
                        (Some(a), Some(b)) if b > 0 => format!("{:.2}", a as f64 / b as f64),
                        _ => "–".into(),
                    };
                    if t > SUPERLINEAR {
                        flagged.push(format!("{} at {size} {}", case.label(), case.unit()));
                    }
                    let mark = if t > SUPERLINEAR {
                        " **superlinear**"
                    } else {
                        ""
                    };
                    (format!("{t:.2}{mark}"), m)
                }
                _ => ("–".into(), "–".into()),
            };
            let row = format!(
                "| {} | {size} {} | {:.2} | {} | {} | {} | {time_ratio} | {rss_ratio} |\n",
                case.label(),
                case.unit(),
                r.bytes as f64 / 1e6,
                r.code.map_or("killed".into(), |c| c.to_string()),
                if r.code.is_some() {
                    format!("{:.0} ms", r.wall.as_secs_f64() * 1000.0)
                } else {
                    format!("> {:.0} s", limit.as_secs_f64())
                },
                r.max_rss_kib
                    .map_or("–".into(), |k| format!("{:.0} MB", k as f64 / 1024.0)),
            );
            progress(&row);
            out.push_str(&row);
            let killed = r.code.is_none();
            previous = Some(r);
            if killed {
                break;
            }
        }
    }
    out.push('\n');
    if flagged.is_empty() {
        out.push_str(&format!(
            "No doubling costs more than {SUPERLINEAR}× the time.\n"
        ));
    } else {
        out.push_str(&format!(
            "More than {SUPERLINEAR}× the time per doubling: {}.\n",
            flagged.join("; ")
        ));
    }
    Ok(out)
}

/// Runs a command with its output discarded, killing it after `limit`;
/// its wall time, peak RSS and exit code.
#[cfg(target_os = "linux")]
fn measure_within(cmd: &mut Command, limit: Duration) -> std::io::Result<Run> {
    let start = Instant::now();
    let child = cmd.stdout(Stdio::null()).stderr(Stdio::null()).spawn()?;
    let pid = child.id() as libc::pid_t;
    // The child is reaped here by wait4; `child` must not wait again.
    std::mem::forget(child);
    let mut killed = false;
    loop {
        let mut status = 0;
        // SAFETY: rusage is plain old data, zeroed is a valid value; wait4
        // only writes into the two out-pointers, which live for the call.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        let r = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if r < 0 {
            return Err(std::io::Error::last_os_error());
        }
        if r == pid {
            let code = if killed || !libc::WIFEXITED(status) {
                None
            } else {
                Some(libc::WEXITSTATUS(status))
            };
            return Ok(Run {
                bytes: 0,
                wall: start.elapsed(),
                max_rss_kib: u64::try_from(usage.ru_maxrss).ok(),
                code,
            });
        }
        if !killed && start.elapsed() > limit {
            // SAFETY: signals our own child, not yet reaped.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            killed = true;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[cfg(not(target_os = "linux"))]
fn measure_within(cmd: &mut Command, _limit: Duration) -> std::io::Result<Run> {
    let start = Instant::now();
    let status = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?
        .wait()?;
    Ok(Run {
        bytes: 0,
        wall: start.elapsed(),
        max_rss_kib: None,
        code: status.code(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(case: Case, size: usize) -> usize {
        case.files(size).iter().map(|(_, t)| t.len()).sum()
    }

    #[test]
    fn every_input_doubles_with_its_size_and_is_the_same_each_time() {
        for case in Case::ALL {
            let base = case.base() / 100;
            let one = bytes(case, base);
            let two = bytes(case, 2 * base);
            let four = bytes(case, 4 * base);
            // The fixed parts (a short second article, a config header) are
            // small against the doubled part.
            for (small, big) in [(one, two), (two, four)] {
                let ratio = big as f64 / small as f64;
                assert!((1.9..=2.05).contains(&ratio), "{case:?}: {small} -> {big}");
            }
            assert_eq!(case.files(base), case.files(base), "{case:?}");
        }
    }

    #[test]
    fn sizes_reach_ten_thousand_articles_or_five_megabytes() {
        assert_eq!(
            Case::NameMentions
                .files(4 * Case::NameMentions.base())
                .len(),
            10_000
        );
        for case in Case::ALL.into_iter().filter(|c| c.unit() == "bytes") {
            let b = bytes(case, 4 * case.base());
            assert!((4_900_000..=5_100_000).contains(&b), "{case:?}: {b}");
        }
    }

    #[test]
    fn a_run_of_capitalised_words_and_a_ticker_sentence_are_one_line() {
        for case in [Case::CapitalisedRun, Case::TickerMoves, Case::OneLineJson] {
            let files = case.files(10_000);
            assert_eq!(files[0].1.lines().count(), 1, "{case:?}");
        }
    }
}
