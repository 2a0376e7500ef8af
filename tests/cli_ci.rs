//! `copydesk check` in CI and at the desk: formats (line, GitHub
//! annotations), filters (select, ignore, minimum severity, quiet), exit
//! policies (max warnings, exit zero), statistics, standard input, `-o`,
//! `--fix --diff`, and the rules and explain commands.

use std::path::Path;
use std::process::{Command, Output};

fn copydesk(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(args)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .output()
        .expect("run copydesk")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A bundle with two warnings of two rules: a stray space after '$' and a
/// double space.
fn bundle() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("a.txt"),
        "Examplecorp chief Dana Whitlock said sales rose to $ 100 million.\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("b.txt"),
        "Examplecorp said  sales rose on Monday.\n",
    )
    .expect("write");
    dir
}

fn path(dir: &tempfile::TempDir) -> &str {
    dir.path().to_str().expect("utf-8 temp path")
}

#[test]
fn line_format_is_one_finding_per_line() {
    let dir = bundle();
    let out = copydesk(&["check", path(&dir), "--format", "line"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.lines().any(|l| l.ends_with("a.txt:1:52: warning[typography-stray-space] A space between '$' and the amount; English writes the symbol against the figure")),
        "{text}"
    );
    assert!(
        text.lines().all(|l| l.contains(": warning[")
            || l.contains(": information[")
            || l.contains(": hint[")),
        "{text}"
    );
    // The same choice under ruff's name.
    let same = copydesk(&["check", path(&dir), "--output-format", "line"]);
    assert_eq!(stdout(&same), text);
}

#[test]
fn github_format_annotates_with_escaped_workflow_commands() {
    let dir = bundle();
    let args = [
        "check",
        path(&dir),
        "--format",
        "github",
        "--select",
        "typography-stray-space",
    ];
    let text = stdout(&copydesk(&args));
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.starts_with("::warning file="), "{text}");
    assert!(
        text.contains(",line=1,col=52,endLine=1,endColumn=54,title=typography-stray-space::"),
        "{text}"
    );
}

#[test]
fn select_ignore_and_minimum_severity_filter_findings() {
    let dir = bundle();
    let line = |extra: &[&str]| {
        let mut args = vec!["check", path(&dir), "--format", "line"];
        args.extend_from_slice(extra);
        stdout(&copydesk(&args))
    };
    let all = line(&[]);
    assert!(
        all.contains("[typography-double-space]") && all.contains("[typography-stray-space]"),
        "{all}"
    );
    assert_eq!(line(&["--select", "typography-"]), all);
    assert_eq!(line(&["--select", "typography"]), all);
    let one = line(&["--select", "typography-double-space"]);
    assert!(
        one.contains("double-space") && !one.contains("stray-space"),
        "{one}"
    );
    let ignored = line(&["--ignore", "name,typography-stray-space"]);
    assert!(
        ignored.contains("double-space") && !ignored.contains("stray-space"),
        "{ignored}"
    );
    assert_eq!(line(&["--ignore", "typography"]), "");
    let quiet = copydesk(&["check", path(&dir), "--format", "line", "--quiet"]);
    assert_eq!(stdout(&quiet), "", "warnings are not errors");
    assert_eq!(quiet.status.code(), Some(0));
    let min = copydesk(&[
        "check",
        path(&dir),
        "--format",
        "line",
        "--min-severity",
        "error",
    ]);
    assert_eq!(stdout(&min), "");
}

#[test]
fn unknown_rules_and_severities_are_usage_errors_that_list_the_choices() {
    let dir = bundle();
    let out = copydesk(&["check", path(&dir), "--select", "figures-conflict"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("'figures-conflict'") && err.contains("did you mean 'figure-conflict'?"),
        "{err}"
    );
    let out = copydesk(&["check", path(&dir), "--ignore", "typografy"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--ignore") && err.contains("'typografy'") && err.contains("name-variant"),
        "{err}"
    );
    let out = copydesk(&["check", path(&dir), "--min-severity", "severe"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn an_unknown_rule_in_the_configuration_is_an_error_at_its_line() {
    let dir = bundle();
    std::fs::write(
        dir.path().join("copydesk.toml"),
        "[rules]\n\"name-variant\" = \"error\"\n\"typography-dobule-space\" = \"off\"\n",
    )
    .expect("write");
    let out = copydesk(&["check", path(&dir)]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("copydesk.toml:3:2: "), "{err}");
    assert!(
        err.contains("'typography-dobule-space'")
            && err.contains("did you mean 'typography-double-space'?")
            && err.contains("name-variant"),
        "{err}"
    );
    std::fs::write(
        dir.path().join("copydesk.toml"),
        "[rules]\n\"typography-double-space\" = \"off\"\n",
    )
    .expect("write");
    let out = copydesk(&["check", path(&dir), "--format", "line"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!stdout(&out).contains("typography-double-space"));
}

/// `copydesk check` reads the `knowledge` files as `entities` does: their
/// names are the house spellings, and one that is missing is an error.
#[test]
fn check_applies_the_knowledge_files_and_a_missing_one_is_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("newsroom")).expect("mkdir");
    std::fs::write(
        dir.path().join("copydesk.toml"),
        "knowledge = [\"newsroom/entities.toml\"]\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("newsroom/entities.toml"),
        "[[entity]]\nid = \"zorblatt\"\nkind = \"company\"\nname = \"ZorBlatt\"\n\
         what = \"A made-up widget maker.\"\nsource = { title = \"Newsroom notes\", as_of = \"2026\" }\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("a.txt"),
        "Dana Whitlok said Zorblatt opened a plant on Monday.\n",
    )
    .expect("write");
    let out = copydesk(&["check", path(&dir), "--format", "line"]);
    let text = stdout(&out);
    assert!(
        text.contains("name-house-style") && text.contains("ZorBlatt"),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::remove_file(dir.path().join("newsroom/entities.toml")).expect("remove");
    let out = copydesk(&["check", path(&dir)]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("knowledge file") && err.contains("newsroom/entities.toml"),
        "{err}"
    );
}

#[test]
fn max_warnings_and_exit_zero_set_the_exit_code() {
    let dir = bundle();
    let n = stdout(&copydesk(&[
        "check",
        path(&dir),
        "--format",
        "line",
        "--min-severity",
        "warning",
    ]))
    .lines()
    .count();
    assert!(n >= 2, "{n}");
    let at = copydesk(&["check", path(&dir), "--max-warnings", &n.to_string()]);
    assert_eq!(at.status.code(), Some(0));
    let below = copydesk(&["check", path(&dir), "--max-warnings", &(n - 1).to_string()]);
    assert_eq!(below.status.code(), Some(1));
    let zero = copydesk(&["check", path(&dir), "--exit-zero"]);
    assert_eq!(zero.status.code(), Some(0));
    assert!(!stdout(&zero).is_empty());
}

#[test]
fn statistics_count_per_rule() {
    let dir = bundle();
    let text = stdout(&copydesk(&["check", path(&dir), "--statistics"]));
    assert!(
        text.lines()
            .any(|l| l.trim_start().starts_with("1  warning")
                && l.ends_with("typography-stray-space")),
        "{text}"
    );
    assert!(
        text.lines().last().is_some_and(|l| l.ends_with("total")),
        "{text}"
    );
}

#[test]
fn json_fixes_say_whether_they_are_certain() {
    let dir = bundle();
    let text = stdout(&copydesk(&[
        "check",
        path(&dir),
        "--format",
        "json",
        "--select",
        "typography",
    ]));
    let v: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(v[0]["fixes"][0]["certain"], true, "{text}");
}

#[test]
fn rules_and_explain() {
    let rules = stdout(&copydesk(&["rules"]));
    assert!(
        rules
            .lines()
            .any(|l| l.starts_with("name-variant") && l.contains("warning")),
        "{rules}"
    );
    let explained = copydesk(&["explain", "typography-stray-space"]);
    let text = stdout(&explained);
    assert!(
        text.contains("Flags:")
            && text.contains("Leaves alone:")
            && text.contains("\"typography-stray-space\" = \"off\""),
        "{text}"
    );
    let unknown = copydesk(&["explain", "no-such-rule"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("name-variant"));
}

fn run_with_stdin(args: &[&str], input: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn copydesk");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("wait")
}

#[test]
fn fix_diff_prints_the_certain_fixes_and_writes_nothing() {
    let dir = bundle();
    let before = std::fs::read_to_string(dir.path().join("a.txt")).expect("read");
    let out = copydesk(&["check", path(&dir), "--fix", "--diff"]);
    assert_eq!(out.status.code(), Some(1), "there is something to fix");
    let diff = stdout(&out);
    assert!(
        diff.contains("-Examplecorp chief Dana Whitlock said sales rose to $ 100 million."),
        "{diff}"
    );
    assert!(
        diff.contains("+Examplecorp chief Dana Whitlock said sales rose to $100 million."),
        "{diff}"
    );
    assert!(
        diff.contains("+Examplecorp said sales rose on Monday."),
        "{diff}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.txt")).expect("read"),
        before
    );
    // --diff needs --fix.
    assert_eq!(
        copydesk(&["check", path(&dir), "--diff"]).status.code(),
        Some(2)
    );
}

#[test]
fn standard_input_is_an_article_placed_by_its_filename() {
    let dir = bundle();
    let a = dir.path().join("a.txt");
    // Alone: one article named <stdin>.
    let out = run_with_stdin(&["check", "-", "--format", "line"], "It cost $ 5.\n");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).starts_with("<stdin>:1:9: warning[typography-stray-space]"),
        "{}",
        stdout(&out)
    );
    // In place of a.txt: the buffer's text counts, not the file's.
    let name = a.to_str().expect("utf-8 path");
    let out = run_with_stdin(
        &[
            "check",
            path(&dir),
            "-",
            "--stdin-filename",
            name,
            "--format",
            "line",
        ],
        "A clean text now.\n",
    );
    let text = stdout(&out);
    assert!(!text.contains("a.txt"), "{text}");
    assert!(
        text.contains("b.txt:1:17: warning[typography-double-space]"),
        "{text}"
    );
    // --fix never writes standard input anywhere.
    let out = run_with_stdin(
        &["check", "-", "--stdin-filename", name, "--fix"],
        "It cost $ 5.\n",
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("standard input"));
    assert!(std::fs::read_to_string(&a).expect("read").contains("$ 100"));
}

#[test]
fn output_goes_to_a_file() {
    let dir = bundle();
    let report = dir.path().join("report.json");
    let out = copydesk(&[
        "check",
        path(&dir),
        "--format",
        "json",
        "-o",
        report.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "");
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).expect("report written"))
            .expect("JSON");
    assert_eq!(v.as_array().map(Vec::len), Some(2));
    // The long form writes the same report.
    let long = dir.path().join("long.json");
    copydesk(&[
        "check",
        path(&dir),
        "--format",
        "json",
        "--output",
        long.to_str().expect("utf-8"),
    ]);
    assert_eq!(
        std::fs::read_to_string(&long).expect("report written"),
        std::fs::read_to_string(&report).expect("report written")
    );
    let missing = copydesk(&["check", path(&dir), "-o", "/nonexistent/dir/report.txt"]);
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn certain_fixes_inside_a_direct_quotation_become_suggestions() {
    let dir = tempfile::tempdir().expect("temp dir");
    let a = dir.path().join("a.txt");
    std::fs::write(
        &a,
        "He said: \"We build $ 5 chips.\"\n\nIt cost $ 5 more.\n",
    )
    .expect("write");
    let text = stdout(&copydesk(&["check", path(&dir), "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let certain: Vec<bool> = v
        .as_array()
        .expect("array")
        .iter()
        .map(|f| f["fixes"][0]["certain"].as_bool().unwrap_or(true))
        .collect();
    assert_eq!(certain, vec![false, true], "{text}");
    let out = copydesk(&["check", path(&dir), "--fix"]);
    assert_eq!(out.status.code(), Some(1), "the quoted one is left");
    assert_eq!(
        std::fs::read_to_string(&a).expect("read"),
        "He said: \"We build $ 5 chips.\"\n\nIt cost $5 more.\n"
    );
}

#[test]
fn a_long_check_is_silent_on_a_standard_error_that_is_no_terminal() {
    let dir = tempfile::tempdir().expect("temp dir");
    for i in 0..250 {
        std::fs::write(
            dir.path().join(format!("a{i}.txt")),
            format!("Article {i} said  so.\n"),
        )
        .expect("write");
    }
    let out = copydesk(&["check", path(&dir), "--statistics"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "",
        "no progress bar in a pipe"
    );
    assert!(
        stdout(&out).contains("250  warning      typography-double-space"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn the_human_report_names_levels_as_the_json_does_and_counts_per_rule() {
    let dir = bundle();
    std::fs::write(
        dir.path().join("copydesk.toml"),
        "[rules]\n\"typography-double-space\" = \"hint\"\n\"typography-stray-space\" = \"information\"\n",
    )
    .expect("write");
    let text = stdout(&copydesk(&["check", path(&dir), "--color", "never"]));
    assert!(text.contains("hint[typography-double-space]"), "{text}");
    assert!(
        text.contains("information[typography-stray-space]"),
        "{text}"
    );
    assert!(
        !text.contains("help[typography") && !text.contains("info[typography"),
        "{text}"
    );
    assert!(text.contains("     1  typography-double-space\n"), "{text}");
}

#[test]
fn the_human_report_groups_findings_by_file_under_a_header_each() {
    let dir = bundle();
    let text = stdout(&copydesk(&["check", path(&dir), "--color", "never"]));
    let at = |needle: &str| {
        text.find(needle)
            .unwrap_or_else(|| panic!("no {needle:?} in:\n{text}"))
    };
    let a = dir.path().join("a.txt");
    let b = dir.path().join("b.txt");
    let header_a = at(&format!("{}: 1 warning\n\nwarning[", a.display()));
    let finding_a = at("warning[typography-stray-space]");
    let header_b = at(&format!("{}: 1 warning\n\nwarning[", b.display()));
    let finding_b = at("warning[typography-double-space]");
    let per_rule = at("     1  typography-double-space\n");
    let summary = at("copydesk: 2 articles: 2 warnings\n");
    assert!(
        header_a < finding_a
            && finding_a < header_b
            && header_b < finding_b
            && finding_b < per_rule
            && per_rule < summary,
        "{text}"
    );
    // Coloured, the header stands out (bold, underlined).
    let styled = stdout(&copydesk(&["check", path(&dir), "--color", "always"]));
    assert!(
        styled.contains(&format!("\x1b[1;4m{}: 1 warning\x1b[0m", a.display())),
        "{styled}"
    );
    // The other formats are not grouped: one line a finding.
    let line = stdout(&copydesk(&["check", path(&dir), "--format", "line"]));
    assert_eq!(line.lines().count(), 2, "{line}");
}

#[test]
fn per_path_ignores_leave_rules_out_for_some_articles() {
    let dir = bundle();
    std::fs::write(
        dir.path().join("copydesk.toml"),
        "[per-path-ignores]\n\"b.*\" = [\"typography\"]\n",
    )
    .expect("write");
    let text = stdout(&copydesk(&["check", path(&dir), "--format", "line"]));
    assert!(
        text.contains("a.txt:1:52: warning[typography-stray-space]"),
        "{text}"
    );
    assert!(!text.contains("b.txt"), "{text}");
    std::fs::write(
        dir.path().join("copydesk.toml"),
        "[per-path-ignores]\n\"b.*\" = [\"typo-graphy\"]\n",
    )
    .expect("write");
    let out = copydesk(&["check", path(&dir)]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("copydesk.toml:2:") && err.contains("'typo-graphy'"),
        "{err}"
    );
}

#[test]
fn quiet_reports_the_errors_in_its_short_and_long_forms() {
    let dir = bundle();
    std::fs::write(
        dir.path().join("copydesk.toml"),
        "[rules]\n\"typography-double-space\" = \"error\"\n",
    )
    .expect("write");
    for flag in ["-q", "--quiet"] {
        let out = copydesk(&["check", path(&dir), "--format", "line", flag]);
        assert_eq!(out.status.code(), Some(1), "{flag}");
        let text = stdout(&out);
        assert_eq!(text.lines().count(), 1, "{flag}: {text}");
        assert!(
            text.contains("b.txt:1:17: error[typography-double-space]"),
            "{flag}: {text}"
        );
    }
}

#[test]
fn a_configuration_file_given_is_read_wherever_it_is() {
    let dir = bundle();
    let elsewhere = tempfile::tempdir().expect("temp dir");
    let config = elsewhere.path().join("desk.toml");
    std::fs::write(&config, "[rules]\n\"typography-stray-space\" = \"off\"\n").expect("write");
    let text = stdout(&copydesk(&[
        "check",
        path(&dir),
        "--format",
        "line",
        "--config",
        config.to_str().expect("utf-8"),
    ]));
    assert!(
        text.contains("typography-double-space") && !text.contains("typography-stray-space"),
        "{text}"
    );
}

#[test]
fn the_human_format_named_is_the_default_and_colour_follows_the_flag_and_no_color() {
    let dir = bundle();
    let run = |args: &[&str], no_color: bool| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_copydesk"));
        cmd.arg("check").arg(dir.path()).args(args);
        if no_color {
            cmd.env("NO_COLOR", "1");
        } else {
            cmd.env_remove("NO_COLOR");
        }
        stdout(&cmd.output().expect("run copydesk"))
    };
    let default = run(&[], false);
    assert!(
        default.contains("warning[typography-stray-space]"),
        "{default}"
    );
    assert_eq!(run(&["--format", "human"], false), default);
    let escape = "\x1b[";
    // Standard output is a pipe here: `auto` does not colour it.
    assert!(!default.contains(escape), "{default}");
    assert!(!run(&["--color", "auto"], false).contains(escape));
    assert!(!run(&["--color", "never"], false).contains(escape));
    assert!(run(&["--color", "always"], false).contains(escape));
    // NO_COLOR wins over `auto` but not over an explicit `always`.
    assert!(!run(&["--color", "auto"], true).contains(escape));
    assert!(run(&["--color", "always"], true).contains(escape));
}
