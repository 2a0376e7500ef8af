//! Property tests on generated text: extraction and analysis never panic,
//! every span they report is valid, and every fix, fix-all or rename they
//! offer changes only the bytes inside its edits, keeps the text valid, and
//! has nothing left to do the second time; the LSP document store follows
//! a plain-string model through any sequence of incremental edits, and
//! positions convert between bytes, UTF-16 and UTF-8 as that model says;
//! copydesk.toml parsing never panics and a configuration that parses can
//! be used.
//!
//! The same invariants are fuzzed by the targets in fuzz/ (tests/support/
//! holds the shared model and checks).
//!
//! The number of cases is bounded for CI (`PROPTEST_CASES`, default 64 per
//! property, an eighth of that for the configuration property); a long
//! local run sets e.g. `PROPTEST_CASES=20000`.

#[path = "support/bundle_checks.rs"]
mod bundle_checks;
#[path = "support/plain_text.rs"]
mod plain_text;

use copydesk_core::config::Config;
use copydesk_core::{self as analysis, Bundle, Edit};
use copydesk_lsp::convert::{self, Encoding};
use copydesk_lsp::state::OpenDoc;
use proptest::prelude::*;
use tower_lsp::lsp_types::{Position, Range};

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
    "6.15 per cent",
    "more than 7%",
    "$3.2bn",
    "$3.2 billion",
    "HK$148.60",
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

use bundle_checks::{bundle_of, check_bundle, check_bundle_with, check_facts};
use plain_text::{apply_bundle_edits, moved_starts, valid_span};

fn store_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(plain_text::STORE_PIECES), 0..20)
        .prop_map(|parts| parts.concat())
}

/// A line or character: small mostly, sometimes past the end, sometimes huge.
fn coord() -> impl Strategy<Value = u32> {
    prop_oneof![8 => 0u32..8, 1 => 0u32..200, 1 => any::<u32>()]
}

type ChangeRange = Option<((u32, u32), (u32, u32))>;

fn change() -> impl Strategy<Value = (ChangeRange, String)> {
    (
        prop_oneof![
            1 => Just(None),
            9 => ((coord(), coord()), (coord(), coord())).prop_map(Some),
        ],
        store_text(),
    )
}

fn lsp_range(r: ChangeRange) -> Option<Range> {
    r.map(|((l1, c1), (l2, c2))| Range {
        start: Position {
            line: l1,
            character: c1,
        },
        end: Position {
            line: l2,
            character: c2,
        },
    })
}

fn encoding(utf16: bool) -> Encoding {
    if utf16 {
        Encoding::Utf16
    } else {
        Encoding::Utf8
    }
}

/// Valid configurations, built from pieces of every table.
fn config_text() -> impl Strategy<Value = String> {
    let word = "[A-Za-zÀ-ÿ][a-zà-ÿ' -]{0,10}";
    let glob =
        proptest::sample::select(&["*.txt", "**/*.md", "wire/**", "drafts/*.txt", "{a,b}.txt"][..]);
    let rule = proptest::sample::select(
        &[
            "name-variant",
            "figure-conflict",
            "quote-mismatch",
            "typography-mixed-quotes",
            // An unknown rule id is an error (tests/cli_ci.rs), not a valid
            // configuration.
            "typography-double-space",
        ][..],
    );
    let level = proptest::sample::select(&["off", "error", "warning", "information", "hint"][..]);
    (
        proptest::collection::vec(glob, 0..3),
        proptest::option::of("20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"),
        proptest::collection::btree_map(word, proptest::collection::vec(word, 0..3), 0..3),
        proptest::collection::vec(word, 0..3),
        proptest::collection::btree_map(word, (proptest::option::of(word), any::<bool>()), 0..3),
        proptest::collection::btree_map(rule, level, 0..3),
        proptest::option::of(1u32..20_000),
    )
        .prop_map(|(include, date, canonical, ignore, terms, rules, rate)| {
            let q = |s: &str| format!("{s:?}");
            let list = |v: &[String]| v.iter().map(|s| q(s)).collect::<Vec<_>>().join(", ");
            let include: Vec<String> = include.iter().map(|s| s.to_string()).collect();
            let mut t = format!("[bundle]\ninclude = [{}]\n", list(&include));
            if let Some(d) = date {
                t.push_str(&format!("date = {}\n", q(&d)));
            }
            t.push_str(&format!("[names]\nignore = [{}]\n", list(&ignore)));
            t.push_str("[names.canonical]\n");
            for (name, variants) in &canonical {
                t.push_str(&format!("{} = [{}]\n", q(name), list(variants)));
            }
            t.push_str("[rules]\n");
            for (r, l) in &rules {
                t.push_str(&format!("{} = {}\n", q(r), q(l)));
            }
            if let Some(r) = rate {
                t.push_str(&format!(
                    "[rates]\n\"USD/CNY\" = {}\n",
                    f64::from(r) / 1000.0
                ));
            }
            for (term, (prefer, certain)) in &terms {
                t.push_str(&format!("[terms.{}]\ncertain = {certain}\n", q(term)));
                if let Some(p) = prefer {
                    t.push_str(&format!("prefer = {}\n", q(p)));
                }
            }
            t
        })
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn extraction_never_panics_and_spans_are_valid(text in copy_text(60)) {
        let facts = analysis::extract::extract(&text);
        check_facts(&text, &facts);
    }

    #[test]
    fn extraction_survives_arbitrary_unicode(text in "(\\PC|\r|\n|\r\n|\u{200b}|\u{feff}){0,400}") {
        let facts = analysis::extract::extract(&text);
        check_facts(&text, &facts);
    }

    /// Fixes, fix-all and renames of any bundle change only the bytes in
    /// their ranges and are not offered again once applied.
    #[test]
    fn fixes_change_only_their_ranges_and_leave_nothing_to_do(
        texts in proptest::collection::vec(copy_text(40), 1..4)
    ) {
        check_bundle(&texts);
    }

    #[test]
    fn analysis_of_arbitrary_unicode_bundles_keeps_its_invariants(
        texts in proptest::collection::vec("(\\PC|\r\n|\n|\r){0,120}", 1..4)
    ) {
        check_bundle(&texts);
    }

    /// The incremental analyzer, kept across a series of edits, removals
    /// and additions, reports exactly what a fresh analysis reports.
    #[test]
    fn incremental_analysis_equals_a_fresh_one(
        texts in proptest::collection::vec(copy_text(40), 2..5),
        steps in proptest::collection::vec((0usize..6, copy_text(40)), 1..6),
    ) {
        let config = std::sync::Arc::new(Config::default());
        let mut analyzer = copydesk_core::engine::Analyzer::new();
        let mut bundle = bundle_of(&texts);
        prop_assert_eq!(analyzer.analyze(&bundle, &config), analysis::analyze(&bundle, &config));
        for (k, (which, text)) in steps.iter().enumerate() {
            // Keys of bundle_of ("0.txt", ...): an edit, or a new article
            // past the end; 5 removes the first article.
            let key = format!("{which}.txt");
            if *which == 5 {
                bundle.remove("0.txt");
            } else {
                bundle.upsert(&key, &key, which % 2, text);
            }
            let inc = analyzer.analyze(&bundle, &config);
            let fresh = analysis::analyze(&bundle, &config);
            prop_assert_eq!(inc, fresh, "after step {}", k);
        }
    }

    /// Fix-all twice: the second time offers nothing at the places the
    /// first time edited.
    #[test]
    fn fix_all_is_idempotent(texts in proptest::collection::vec(copy_text(40), 1..4)) {
        let config = Config::default();
        let bundle = bundle_of(&texts);
        let findings = analysis::analyze(&bundle, &config);
        for d in bundle.documents() {
            let edits = copydesk_core::fixes::fix_all_edits(&findings, d.id);
            let edited = apply_bundle_edits(&bundle, &edits).map_err(TestCaseError::fail)?;
            let Some(new) = edited.get(&d.id) else { continue };
            let mut again_texts = texts.clone();
            again_texts[d.id.index()] = new.clone();
            let again = bundle_of(&again_texts);
            let after = analysis::analyze(&again, &config);
            let second = copydesk_core::fixes::fix_all_edits(&after, d.id);
            let refs: Vec<&Edit> = edits.iter().collect();
            let starts = moved_starts(&refs);
            let text = &again.get(d.id).expect("doc").text;
            for e in &second {
                let noop = text.get(e.location.span.start..e.location.span.end)
                    == Some(e.new_text.as_str());
                prop_assert!(
                    noop || !starts.contains(&e.location.span.start),
                    "fix-all wants {e:?} again on {new:?} (from {:?})", texts[d.id.index()]
                );
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
                apply_bundle_edits(&bundle, &edits).map_err(TestCaseError::fail)?;
                // Every edit replaces a whole mention of the old name.
                for e in &edits {
                    let text = &bundle.get(e.location.doc).expect("doc").text;
                    let s = e.location.span;
                    prop_assert!(!s.is_empty(), "{e:?}");
                    prop_assert_eq!(&e.new_text, &new_name);
                    let before = text[..s.start].chars().next_back();
                    let after = text[s.end..].chars().next();
                    prop_assert!(!before.is_some_and(char::is_alphanumeric), "{e:?} in {text:?}");
                    prop_assert!(!after.is_some_and(char::is_alphanumeric), "{e:?} in {text:?}");
                }
            }
        }
    }

    /// The LSP document store (ropey, positions in the negotiated
    /// encoding) against a plain string after every incremental change.
    #[test]
    fn document_store_follows_a_plain_string_model(
        initial in store_text(),
        changes in proptest::collection::vec(change(), 0..16),
        utf16 in any::<bool>(),
    ) {
        let enc = encoding(utf16);
        let mut model = initial.clone();
        let mut doc = OpenDoc::new(&initial, 1);
        for (range, new_text) in &changes {
            let expect_clamped = range.is_some_and(|((l1, c1), (l2, c2))| {
                let (a, ca) = plain_text::offset(&model, l1, c1, utf16);
                let (b, cb) = plain_text::offset(&model, l2, c2, utf16);
                ca || cb || a > b
            });
            let clamped = doc.apply_change(lsp_range(*range), new_text, enc);
            plain_text::apply_change(&mut model, *range, new_text, utf16);
            prop_assert_eq!(doc.rope.to_string(), model.clone(), "after {:?} {:?}", range, new_text);
            prop_assert_eq!(clamped, expect_clamped, "clamped flag of {:?}", range);
            prop_assert_eq!(doc.rope.len_lines(), plain_text::lines(&model).len());
        }
    }

    /// Byte offsets ⇄ positions, in UTF-16 and UTF-8: every place a
    /// position can name converts both ways as the model says, and any
    /// position (in range or not) lands where the model clamps it.
    #[test]
    fn positions_convert_between_bytes_utf16_and_utf8(
        text in store_text(),
        probes in proptest::collection::vec((coord(), coord()), 0..16),
        utf16 in any::<bool>(),
    ) {
        let enc = encoding(utf16);
        let doc = OpenDoc::new(&text, 1);
        for byte in 0..=text.len() {
            if !plain_text::nameable(&text, byte) {
                continue;
            }
            let p = convert::position(&doc.rope, byte, enc);
            prop_assert_eq!((p.line, p.character), plain_text::position(&text, byte, utf16));
            let back = convert::offset(&doc.rope, p, enc);
            prop_assert_eq!((back.byte, back.clamped), (byte, false));
        }
        for (line, character) in probes {
            let o = convert::offset(&doc.rope, Position { line, character }, enc);
            prop_assert_eq!((o.byte, o.clamped), plain_text::offset(&text, line, character, utf16));
            prop_assert!(text.is_char_boundary(o.byte));
        }
        // Any byte, even inside a character or past the end: a position on
        // a line that exists.
        for byte in 0..text.len() + 3 {
            let p = convert::position(&doc.rope, byte, enc);
            prop_assert!((p.line as usize) < plain_text::lines(&text).len());
        }
    }

    #[test]
    fn config_parsing_never_panics(text in "\\PC{0,200}") {
        if let Err(e) = Config::parse(&text) {
            prop_assert!(!e.message.is_empty());
            if let Some(span) = e.span {
                prop_assert!(span.start <= span.end && span.end <= text.len());
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
            let span = err.span.expect("a wrong type has a place");
            prop_assert!(span.end <= text.len());
        }
    }
}

proptest! {
    // Each case builds the knowledge base of its own configuration: an
    // eighth of the cases of the others.
    #![proptest_config(ProptestConfig {
        cases: (cases() / 8).max(4),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// A configuration that parses can be used: an analysis under it keeps
    /// every invariant of the analysis.
    #[test]
    fn a_valid_config_parses_and_can_be_used(
        text in config_text(),
        texts in proptest::collection::vec(copy_text(30), 1..3),
    ) {
        let config = Config::parse(&text)
            .map_err(|e| TestCaseError::fail(format!("{}: {text}", e.message)))?;
        check_bundle_with(&texts, &config);
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
        let bundle: Bundle = bundle_of(&texts);
        if analysis::analyze(&bundle, &Config::default())
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

/// The model itself, on the cases the LSP specification spells out.
#[test]
fn the_plain_string_model_counts_like_the_specification() {
    let t = "a🙂b\r\nc\rd\n";
    assert_eq!(plain_text::lines(t).len(), 4);
    assert_eq!(plain_text::offset(t, 0, 3, true), (5, false));
    assert_eq!(plain_text::offset(t, 0, 2, true), (1, true));
    assert_eq!(plain_text::offset(t, 0, 5, false), (5, false));
    assert_eq!(plain_text::offset(t, 0, 99, true), (6, true));
    assert_eq!(plain_text::offset(t, 2, 0, true), (10, false));
    assert_eq!(plain_text::offset(t, 9, 0, true), (t.len(), true));
    assert_eq!(plain_text::position(t, 8, true), (1, 0));
    assert!(!plain_text::nameable(t, 7));
}

/// Inputs the properties above once found to crash extraction, kept as
/// plain tests so that they run every time, whatever the random seed.
#[test]
fn extraction_survives_the_inputs_that_once_crashed_it() {
    // A capital whose lower case takes more bytes ("Ⱥ" to "ⱥ") before a
    // figure: lower case that moved every later offset.
    for text in ["ȺȺ\r£0c", "ȺȺ Shares of Acme rose 5% to £20."] {
        let facts = analysis::extract::extract(text);
        check_facts(text, &facts);
    }
}

/// A configuration the property above once found to break the fix
/// invariant, kept as a plain test: a house term inside its own preferred
/// form ("s" of "s'") was reported again after its fix was applied.
#[test]
fn a_house_term_inside_its_preferred_form_is_fixed_once() {
    let config =
        Config::parse("[bundle]\ninclude = []\n[terms.\"s\"]\ncertain = false\nprefer = \"s'\"\n")
            .expect("the configuration parses");
    check_bundle_with(
        &["ZETA3 —— Ozdemiranalyst U.S.Ozdemir–eBay CEO e\u{301} Mr \u{feff} ".to_string()],
        &config,
    );
}
