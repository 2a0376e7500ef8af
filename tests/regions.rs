//! Front matter is metadata, never prose (but its `title`, the headline,
//! checked where it stands), and suppression comments silence findings, on
//! the command line and (through the same engine) in the editor.

mod common;

use common::check::check_json;

const BODY: &str = "Examplecorp shares rose to $ 100 on Monday, chief executive Dana Whitlock said.\n\nWhitlock said  sales rose 4%.\n";
const OTHER: &str = "Examplecorp chief executive Dana Whitlock said shares rose to $100.\n";

fn bundle(a_name: &str, a_text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join(a_name), a_text).expect("write");
    std::fs::write(dir.path().join("b.txt"), OTHER).expect("write");
    dir
}

/// (file, line, rule) of every finding, and the lines its related places name.
fn summary(dir: &tempfile::TempDir, shift: usize) -> Vec<(String, usize, String)> {
    let (findings, _) = check_json(dir.path());
    findings
        .iter()
        .map(|f| {
            let file = common::check::file_name(&f.path);
            let line = if file.starts_with("a.") {
                f.line - shift
            } else {
                f.line
            };
            (file.replace("a.md", "a.txt"), line, f.code.clone())
        })
        .collect()
}

#[test]
fn front_matter_changes_no_finding_in_the_body() {
    let plain = bundle("a.txt", BODY);
    let front = "---\ntitle: Examplecorp shares rose 9% on Monday\nauthor: Dana Whitlok\ntags: [Examplecorp, Othercorp]\ndate: 2031-02-03\n---\n";
    let with = bundle("a.md", &format!("{front}{BODY}"));
    let lines = front.lines().count();
    let expected = summary(&plain, 0);
    assert!(
        expected
            .iter()
            .any(|(_, _, rule)| rule == "typography-stray-space"),
        "{expected:?}"
    );
    assert_eq!(summary(&with, lines), expected);
    let (findings, _) = check_json(with.path());
    for f in &findings {
        assert!(
            !(f.path.ends_with("a.md") && f.line <= lines),
            "a finding in the front matter: {f:?}"
        );
        assert!(
            f.related
                .iter()
                .all(|r| !(r.path.ends_with("a.md") && r.line <= lines)),
            "a finding that names the front matter: {f:?}"
        );
    }
}

/// The figure conflicts on a.md of a bundle where a.md's only date is its
/// front matter's and two wire stories are dated Wednesday 5 February.
fn conflicts_with_front_matter_date(date: &str) -> Vec<String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let a = format!(
        "---\ntitle: Examplecorp shares up\ndate: {date}\n---\nExamplecorp shares rose 9% in Exampleton trading on Monday.\n"
    );
    std::fs::write(dir.path().join("a.md"), a).expect("write");
    for name in ["b.txt", "c.txt"] {
        std::fs::write(
            dir.path().join(name),
            "EXAMPLETON, Feb. 5, 2031 (Wire) — Examplecorp shares rose 5% in Exampleton trading on Monday.\n",
        )
        .expect("write");
    }
    let (findings, _) = check_json(dir.path());
    findings
        .iter()
        .filter(|f| f.path.ends_with("a.md") && f.code == "figure-conflict")
        .map(|f| format!("{}: {}", f.severity, f.message))
        .collect()
}

#[test]
fn the_front_matter_date_places_the_figures() {
    // Dated the same week, a.md's Monday is the wires' Monday: 9% against 5%.
    let same_week = conflicts_with_front_matter_date("2031-02-05");
    assert!(
        same_week
            .iter()
            .any(|f| f.starts_with("warning") && f.contains("February 3, 2031")),
        "{same_week:?}"
    );
    // Dated six weeks later (a timestamp too), its Monday is another day.
    let later = conflicts_with_front_matter_date("2031-03-19T08:00:00Z");
    assert!(later.is_empty(), "{later:?}");
}

#[test]
fn the_front_matter_title_is_the_headline_checked_where_it_stands() {
    // The title is what readers see first: an error there is reported at
    // its real place (line 2, after `title: "`), like a headline's in a
    // plain-text article. The author and the rest stay metadata.
    let dir = tempfile::tempdir().expect("temp dir");
    let a = "---\ntitle: \"Examplecorp  shares rose 9% in Exampleton trading on Monday\"\ndate: 2031-02-05\nauthor: Dana Whitlok\n---\nExamplecorp shares rose 5% in Exampleton trading on Monday, chief executive Dana Whitlock said.\n";
    std::fs::write(dir.path().join("a.md"), a).expect("write");
    for name in ["b.txt", "c.txt"] {
        std::fs::write(
            dir.path().join(name),
            "EXAMPLETON, Feb. 5, 2031 (Wire) — Examplecorp shares rose 5% in Exampleton trading on Monday.\n",
        )
        .expect("write");
    }
    let (findings, _) = check_json(dir.path());
    let mut in_a: Vec<(usize, usize, &str)> = findings
        .iter()
        .filter(|f| f.path.ends_with("a.md"))
        .map(|f| (f.line, f.column, f.code.as_str()))
        .collect();
    in_a.sort_unstable();
    assert_eq!(
        in_a,
        vec![
            (2, 20, "typography-double-space"),
            (2, 34, "figure-conflict"),
        ],
        "{findings:#?}"
    );
}

#[test]
fn suppression_comments_silence_the_rules_they_name() {
    let silenced = format!("<!-- copydesk-disable-next-line typography-stray-space -->\n{BODY}");
    let dir = bundle("a.txt", &silenced);
    let got = summary(&dir, 1);
    assert!(
        !got.iter().any(|(_, _, r)| r == "typography-stray-space"),
        "{got:?}"
    );
    assert!(
        got.iter().any(|(_, _, r)| r == "typography-double-space"),
        "{got:?}"
    );
    let all = format!("<!-- copydesk-disable -->\n{BODY}");
    let dir = bundle("a.txt", &all);
    assert!(summary(&dir, 1).iter().all(|(f, _, _)| f != "a.txt"));
    let region = format!(
        "<!-- copydesk-disable typography -->\n{BODY}<!-- copydesk-enable -->\nLater  text.\n"
    );
    let dir = bundle("a.txt", &region);
    let got = summary(&dir, 1);
    let later = BODY.lines().count() + 2;
    assert_eq!(
        got.iter()
            .filter(|(f, _, r)| f == "a.txt" && r.starts_with("typography"))
            .map(|(_, l, _)| *l)
            .collect::<Vec<_>>(),
        vec![later],
        "{got:?}"
    );
}
