//! `copydesk entities`: the real binary on made-up bundles, in human and
//! JSON form, with the user's knowledge files; and the README's example
//! configuration, which must parse.

use std::path::Path;
use std::process::Command;

fn run(args: &[&str], dir: &Path) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run copydesk");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A made-up story about real companies (the knowledge base is real data).
fn story(dir: &Path) {
    std::fs::create_dir_all(dir.join("story")).unwrap();
    std::fs::write(
        dir.join("story/wire.txt"),
        "Chip stocks slid on Tuesday.\n\
         Shares of Tencent Holdings Ltd. (0700.HK) fell 2%, Reuters reported.\n\
         IT spending and AI budgets were unchanged, according to FactSet.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("story/draft.md"),
        "# Tech slips\n\nTencent (HKEX: 0700) and Micron (NASDAQ: MU) fell — $NVDA rose.\n",
    )
    .unwrap();
}

#[test]
fn human_report_lists_sheets_with_sources_and_lines() {
    let tmp = tempfile::tempdir().unwrap();
    story(tmp.path());
    let (code, out, err) = run(&["entities", "story"], tmp.path());
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Tencent — company"), "{out}");
    assert!(
        out.contains("Tencent Holdings Limited · HKEX 0700"),
        "{out}"
    );
    assert!(out.contains("Source: Tencent Holdings Limited"), "{out}");
    assert!(
        out.contains("In this bundle: 4 mentions in 2 articles"),
        "{out}"
    );
    assert!(
        out.contains("story/wire.txt:2  Shares of Tencent Holdings Ltd. (0700.HK) fell 2%, Reuters reported.  — Reuters"),
        "{out}"
    );
    assert!(out.contains("Micron — company"), "{out}");
    assert!(out.contains("Nvidia — company"), "{out}");
    assert!(out.contains("FactSet — company"), "{out}");
    // "IT" and "AI" are never tickers.
    assert!(!out.contains("Gartner") && !out.contains("C3.ai"), "{out}");
    assert!(out.contains("knowledge base: "), "{out}");
}

#[test]
fn json_report_is_an_array_of_sheets() {
    let tmp = tempfile::tempdir().unwrap();
    story(tmp.path());
    let (code, out, err) = run(&["entities", "story", "--format", "json"], tmp.path());
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let sheets = v.as_array().expect("array");
    let tencent = sheets
        .iter()
        .find(|s| s["id"] == "tencent")
        .expect("tencent sheet");
    assert_eq!(tencent["kind"], "company");
    assert_eq!(tencent["listings"][0]["exchange"], "HKEX");
    assert_eq!(tencent["listings"][0]["ticker"], "0700");
    assert!(tencent["source"]["title"]
        .as_str()
        .is_some_and(|t| !t.is_empty()));
    assert_eq!(tencent["mention_count"], 4);
    let m = &tencent["mentions"][0];
    assert_eq!(m["line"], 3);
    assert_eq!(m["written"], "Tencent");
    assert_eq!(m["link"], "story/draft.md#L3");
    // 1-based line and column in characters, as `copydesk check` gives.
    assert_eq!(m["column"], 1);
    assert_eq!(
        (m["end_line"].clone(), m["end_column"].clone()),
        (3.into(), 8.into())
    );
    let nvidia = sheets.iter().find(|s| s["id"] == "nvidia").expect("nvidia");
    let n = &nvidia["mentions"][0];
    assert_eq!(n["written"], "NVDA");
    // After an em dash (three bytes, one character): column 54, while the
    // byte offset in the article is 14 (two lines) + 55.
    assert_eq!(n["column"], 54);
    assert_eq!(n["start"], 69);
    assert_eq!(n["end_column"], 58);
}

#[test]
fn knowledge_files_extend_and_errors_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    std::fs::create_dir_all(root.join("newsroom")).unwrap();
    std::fs::write(
        root.join("copydesk.toml"),
        "knowledge = [\"newsroom/entities.toml\"]\n",
    )
    .unwrap();
    std::fs::write(
        root.join("newsroom/entities.toml"),
        "[[entity]]\nid = \"zorblatt\"\nkind = \"company\"\nname = \"Zorblatt Widgets\"\n\
         what = \"A made-up widget maker.\"\nsource = { title = \"Newsroom notes\", as_of = \"2026\" }\n",
    )
    .unwrap();
    std::fs::write(root.join("a.txt"), "Zorblatt Widgets opened a plant.\n").unwrap();
    let (code, out, err) = run(&["entities", "."], root);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Zorblatt Widgets — company"), "{out}");
    assert!(out.contains("Source: Newsroom notes, as of 2026"), "{out}");

    std::fs::write(root.join("newsroom/entities.toml"), "[[entity]]\nid = 3\n").unwrap();
    let (code, _, err) = run(&["entities", "."], root);
    assert_eq!(code, 2);
    assert!(err.contains("newsroom/entities.toml"), "{err}");
}

#[test]
fn readme_example_configuration_parses() {
    let readme = include_str!("../README.md");
    let block = readme
        .split("## `copydesk.toml`")
        .nth(1)
        .and_then(|s| s.split("```toml").nth(1))
        .and_then(|s| s.split("```").next())
        .expect("README has a copydesk.toml example");
    let config = copydesk_core::config::Config::parse(block).expect("the README example parses");
    assert_eq!(config.knowledge, vec!["newsroom/entities.toml".to_string()]);
    assert_eq!(config.entity.len(), 1);
}

/// The issue's acceptance: hovers on H20, Kunlun P800, Alibaba, Baidu and
/// Nvidia in the seed articles show the knowledge base's facts with their
/// sources and the bundle's mentions linked by file URI and line. (The
/// seeds write no ticker; 9988.HK is hovered in a sentence of our own.)
#[test]
fn seed_hovers_show_facts_sources_and_links() {
    use copydesk_core::config::Config;
    use copydesk_core::{hover, Bundle};
    let dir = std::fs::canonicalize(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds")).unwrap();
    let mut bundle = Bundle::new();
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    names.sort();
    for (i, p) in names.iter().enumerate() {
        let text = std::fs::read_to_string(p).unwrap();
        let key = p.display().to_string();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        bundle.upsert(&key, &name, i, &text);
    }
    let extra = bundle.upsert(
        "/tmp/copydesk-test/extra.txt",
        "extra.txt",
        99,
        "Alibaba (9988.HK) rose.",
    );
    let config = Config::default();
    let cases = [
        ("H20", "**H20** — chip", "Form 8-K filed 15 April 2025"),
        ("Kunlun P800", "**Kunlun P800** — chip", "Maker: Kunlunxin"),
        ("Alibaba", "**Alibaba** — company", "NYSE BABA, HKEX 9988"),
        ("Baidu", "**Baidu** — company", "NASDAQ BIDU, HKEX 9888"),
        ("Nvidia", "**Nvidia** — company", "NASDAQ NVDA"),
    ];
    for (word, title, fact) in cases {
        let doc = bundle
            .documents()
            .into_iter()
            .find(|d| d.text.contains(word))
            .unwrap_or_else(|| panic!("no seed mentions {word}"));
        let at = doc.text.find(word).unwrap();
        let h = hover::hover(&bundle, &config, doc.id, at + 1)
            .unwrap_or_else(|| panic!("no hover on {word}"));
        assert_eq!(&doc.text[h.span.start..h.span.end], word);
        let md = &h.markdown;
        assert!(md.contains(title), "{word}: {md}");
        assert!(md.contains("*Source: "), "{word}: {md}");
        // The hover names places as `article: lines`; the full fact sheet
        // links them.
        assert!(md.contains(".txt: line"), "{word}: {md}");
        assert!(!md.contains("](file://"), "{word}: {md}");
        let full = hover::fact_sheet(&bundle, &config, doc.id, at + 1)
            .unwrap_or_else(|| panic!("no fact sheet of {word}"));
        assert!(full.contains(title), "{word}: {full}");
        assert!(full.contains(fact), "{word}: {full}");
        let link = format!("](file://{}/", dir.display());
        assert!(full.contains(&link), "{word}: no file link in {full}");
        assert!(full.contains(".txt#L"), "{word}: {full}");
    }
    // The seeds disagree on since when Baidu's shares were highest: marked.
    let doc = bundle
        .documents()
        .into_iter()
        .find(|d| d.text.contains("Baidu"))
        .unwrap();
    let at = doc.text.find("Baidu").unwrap();
    let md = hover::hover(&bundle, &config, doc.id, at).unwrap().markdown;
    assert!(md.contains("**Figures in this bundle:**"), "{md}");
    assert!(md.contains("⚠ conflicts with **highest since"), "{md}");
    let text = &bundle.get(extra).unwrap().text;
    let at = text.find("9988.HK").unwrap();
    let h = hover::hover(&bundle, &config, extra, at + 2).expect("hover on 9988.HK");
    assert_eq!(&text[h.span.start..h.span.end], "9988.HK");
    assert!(
        h.markdown.contains("**Alibaba** — company"),
        "{}",
        h.markdown
    );
    assert!(
        h.markdown.contains("- extra.txt: line 1\n"),
        "{}",
        h.markdown
    );
    let full = hover::fact_sheet(&bundle, &config, extra, at + 2).expect("fact sheet");
    assert!(
        full.contains("(file:///tmp/copydesk-test/extra.txt#L1)"),
        "{full}"
    );
}
