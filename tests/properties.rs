//! Property tests of the analysis core on generated text: extraction and
//! analysis never panic, every span they report is valid, and every fix or
//! rename they offer changes only the bytes inside its edits, keeps the text
//! valid, and has nothing left to do the second time.
//!
//! The number of cases is bounded for CI (`PROPTEST_CASES`, default 64 per
//! property); a long local run sets e.g. `PROPTEST_CASES=20000`.

use copydesk::analysis::{self, Bundle, Edit, Span};
use copydesk::config::Config;
use proptest::prelude::*;

/// Pieces of news copy, chosen to collide: names and their variants,
/// figures, multi-byte punctuation, odd characters and line endings.
const PIECES: &[&str] = &[
    "Acme",
    "ACME",
    "Acme's",
    "Acme Ltd.",
    "acme",
    "Mark Dunn",
    "Mark Dunne",
    "Priya Rao",
    "Priya Roa",
    "Özdemir",
    "Ozdemir",
    "Zeta-3 Max",
    "Zeta3 Max",
    "ZETA3",
    "CEO",
    "analyst",
    "analysts",
    "said",
    "the",
    "shares",
    "rose",
    "fell",
    "on Monday",
    "September 12",
    "7%",
    "6.35 per cent",
    "more than 7%",
    "$3.2bn",
    "$3.2 billion",
    "HK$152.40",
    "380 billion yuan",
    "($53 billion)",
    "since January 2024",
    "“",
    "”",
    "‘",
    "’",
    "\"",
    "'",
    "—",
    "–",
    "…",
    "(",
    ")",
    ",",
    ".",
    ". ",
    "? ",
    ":",
    "-",
    " ",
    " ",
    " ",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "# ",
    "> ",
    "* ",
    "🙂",
    "𝔸",
    "\u{200b}",
    "\u{200f}",
    "\u{202e}",
    "\u{feff}",
    "é",
    "e\u{301}",
    "İ",
    "ß",
    "ﬁ",
    "U.S.",
    "US",
    "Inc.",
    "Corp",
    "Jr.",
    "Dr.",
    "Mr",
    "O'Neil",
    "McDonald's",
    "iPhone",
    "eBay",
];

fn piece() -> impl Strategy<Value = &'static str> {
    proptest::sample::select(PIECES)
}

/// Text made of pieces separated by spaces or not.
fn copy_text(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec((piece(), any::<bool>()), 0..max).prop_map(|parts| {
        let mut s = String::new();
        for (p, space) in parts {
            s.push_str(p);
            if space {
                s.push(' ');
            }
        }
        s
    })
}

fn bundle_of(texts: &[String]) -> Bundle {
    let mut b = Bundle::new();
    for (i, t) in texts.iter().enumerate() {
        let name = format!("{i}.txt");
        b.upsert(&name, &name, 0, t);
    }
    b
}

fn valid_span(text: &str, span: Span) -> bool {
    span.start <= span.end
        && span.end <= text.len()
        && text.is_char_boundary(span.start)
        && text.is_char_boundary(span.end)
}

/// Applies edits to one text; `None` when they overlap or are invalid.
fn apply(text: &str, edits: &[&Edit]) -> Option<String> {
    let mut sorted: Vec<&&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| e.location.span);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in sorted {
        let s = e.location.span;
        if s.start < at || !valid_span(text, s) {
            return None;
        }
        out.push_str(&text[at..s.start]);
        out.push_str(&e.new_text);
        at = s.end;
    }
    out.push_str(&text[at..]);
    Some(out)
}

/// Checks one set of bundle-wide edits; returns the edited texts.
fn check_edits(bundle: &Bundle, texts: &[String], edits: &[Edit]) -> Vec<String> {
    let mut result = texts.to_vec();
    for (i, text) in texts.iter().enumerate() {
        let Some(id) = bundle.id_of(&format!("{i}.txt")) else {
            continue;
        };
        let mine: Vec<&Edit> = edits.iter().filter(|e| e.location.doc == id).collect();
        if mine.is_empty() {
            continue;
        }
        let new = apply(text, &mine).unwrap_or_else(|| {
            panic!("overlapping or invalid edits {mine:?} on {text:?}");
        });
        // Only the bytes inside the edits changed: the text before the
        // first edit and after the last one are untouched, and between
        // edits the original text is kept (checked by rebuilding).
        let first = mine
            .iter()
            .map(|e| e.location.span.start)
            .min()
            .unwrap_or(0);
        let last = mine.iter().map(|e| e.location.span.end).max().unwrap_or(0);
        assert!(new.starts_with(&text[..first]));
        assert!(new.ends_with(&text[last..]));
        result[i] = new;
    }
    result
}

fn config() -> Config {
    Config::default()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(64),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn extraction_never_panics_and_spans_are_valid(text in copy_text(60)) {
        let facts = analysis::extract::extract(&text);
        for s in &facts.sentences {
            prop_assert!(valid_span(&text, *s), "sentence {s:?}");
        }
        for n in &facts.names {
            prop_assert!(valid_span(&text, n.span), "name {n:?}");
            prop_assert!(valid_span(&text, n.core), "name core {n:?}");
            for w in &n.words {
                prop_assert!(valid_span(&text, *w), "name word {n:?}");
            }
        }
    }

    #[test]
    fn extraction_survives_arbitrary_unicode(text in "\\PC{0,400}") {
        let facts = analysis::extract::extract(&text);
        for s in &facts.sentences {
            prop_assert!(valid_span(&text, *s));
        }
    }

    #[test]
    fn fixes_change_only_their_ranges_and_leave_nothing_to_do(
        texts in proptest::collection::vec(copy_text(40), 1..4)
    ) {
        let bundle = bundle_of(&texts);
        let findings = analysis::analyze(&bundle, &config());
        for f in &findings {
            let doc = bundle.get(f.location.doc).expect("finding in a document");
            prop_assert!(valid_span(&doc.text, f.location.span), "{f:?}");
            for r in &f.related {
                let d = bundle.get(r.location.doc).expect("related in a document");
                prop_assert!(valid_span(&d.text, r.location.span), "{f:?}");
            }
            for fix in &f.fixes {
                let edited = check_edits(&bundle, &texts, &fix.edits);
                // The second time: re-analysed, no offered fix with this
                // title still wants to change an edited place.
                if edited == texts {
                    continue;
                }
                let again = bundle_of(&edited);
                let after = analysis::analyze(&again, &config());
                let repeat = after
                    .iter()
                    .flat_map(|g| &g.fixes)
                    .filter(|g| g.title == fix.title)
                    .flat_map(|g| &g.edits)
                    .any(|e| {
                        let d = &again.get(e.location.doc).expect("doc").text;
                        d[e.location.span.start..e.location.span.end] != e.new_text
                            && fix.edits.iter().any(|orig| {
                                orig.location.doc == e.location.doc
                                    && orig.location.span.start == e.location.span.start
                            })
                    });
                prop_assert!(!repeat, "fix {:?} still wanted after applying it", fix.title);
            }
        }
    }

    #[test]
    fn rename_changes_only_whole_names(
        texts in proptest::collection::vec(copy_text(40), 1..4),
        new_name in "[A-Z][a-z]{2,8}( [A-Z][a-z]{2,8})?",
    ) {
        let bundle = bundle_of(&texts);
        // Rename every name the first document mentions.
        let Some(doc) = bundle.documents().first().map(|d| d.id) else {
            return Ok(());
        };
        let names: Vec<usize> = bundle
            .get(doc)
            .map(|d| d.facts.names.iter().map(|n| n.span.start).collect())
            .unwrap_or_default();
        for offset in names {
            let Ok((span, old)) = analysis::rename::name_at(&bundle, doc, offset) else {
                continue;
            };
            let d = bundle.get(doc).expect("doc");
            prop_assert!(valid_span(&d.text, span));
            if let Ok(edits) = analysis::rename::rename_edits(&bundle, &old, &new_name) {
                check_edits(&bundle, &texts, &edits);
            }
        }
    }

    #[test]
    fn config_parsing_never_panics(text in "\\PC{0,200}") {
        if let Err(e) = Config::parse(&text) {
            prop_assert!(!e.message.is_empty());
            if let Some(span) = e.span {
                prop_assert!(span.end <= text.len());
            }
        }
    }

    #[test]
    fn config_with_wrong_types_is_an_error_with_a_message(
        key in proptest::sample::select(&["bundle.include", "bundle.exclude", "bundle.date", "names.ignore", "rules.name-variant"][..]),
        value in proptest::sample::select(&["1", "true", "[1, 2]", "{ a = 1 }", "\"loud\"", "1979-05-27"][..]),
    ) {
        let (table, field) = key.split_once('.').expect("dotted key");
        let text = format!("[{table}]\n\"{field}\" = {value}\n");
        let parsed = Config::parse(&text);
        // Strings are right for bundle.date only; everything else is wrong.
        let fine = table == "bundle" && field == "date" && value.starts_with('"');
        if !fine {
            let err = parsed.expect_err("wrong type must be rejected");
            prop_assert!(!err.message.is_empty());
        }
    }
}

/// The generator must actually produce findings with fixes, or the fix
/// property above tests nothing.
#[test]
fn the_generator_produces_findings_with_fixes() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config as RunnerConfig, RngAlgorithm, TestRng, TestRunner};
    let mut runner = TestRunner::new_with_rng(
        RunnerConfig::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]),
    );
    let strategy = proptest::collection::vec(copy_text(40), 2..4);
    let mut with_fixes = 0;
    for _ in 0..200 {
        let texts = strategy
            .new_tree(&mut runner)
            .expect("generate a bundle")
            .current();
        let bundle = bundle_of(&texts);
        if analysis::analyze(&bundle, &config())
            .iter()
            .any(|f| !f.fixes.is_empty())
        {
            with_fixes += 1;
        }
    }
    eprintln!("{with_fixes} of 200 bundles had a fix");
    assert!(
        with_fixes >= 20,
        "only {with_fixes} of 200 bundles had a fix"
    );
}
