//! Invariants of the analysis over any bundle, shared by the property
//! tests (tests/properties.rs) and the fuzz targets (fuzz/): every span is
//! valid, and every fix, fix-all and rename the analysis offers changes
//! only the bytes inside its edits, keeps the text valid, and is not
//! offered again at the place it edited once applied. A broken invariant
//! panics with the texts that broke it.

#![allow(dead_code)]

use copydesk_core::config::Config;
use copydesk_core::extract::DocFacts;
use copydesk_core::{self as analysis, Bundle};

use super::plain_text::{apply_bundle_edits, moved_starts, valid_span};

/// Every span of one document's facts lies on char boundaries inside it.
pub fn check_facts(text: &str, facts: &DocFacts) {
    let check = |what: &str, s: analysis::Span| {
        assert!(valid_span(text, s), "{what} span {s:?} invalid in {text:?}");
    };
    for s in &facts.sentences {
        check("sentence", *s);
    }
    for n in &facts.names {
        check("name", n.span);
        check("name core", n.core);
        for w in &n.words {
            check("name word", *w);
        }
    }
    for e in &facts.entities {
        check("entity", e.span);
    }
    let f = &facts.figures;
    for x in &f.figures {
        check("figure", x.span);
    }
    for x in &f.claims {
        check("claim", x.span);
    }
    for x in &f.conversions {
        check("conversion", x.span);
    }
    for x in &f.dates {
        check("date", x.span);
    }
}

pub fn bundle_of(texts: &[String]) -> Bundle {
    let mut b = Bundle::new();
    for (i, t) in texts.iter().enumerate() {
        let name = format!("{i}.txt");
        b.upsert(&name, &name, 0, t);
    }
    b
}

/// The whole analysis over a bundle: spans valid, and every fix, fix-all
/// and rename changes only the bytes inside its edits, and a fix applied
/// is not offered again at the place it edited.
pub fn check_bundle(texts: &[String]) {
    check_bundle_with(texts, &Config::default());
}

/// [`check_bundle`] under a given configuration.
pub fn check_bundle_with(texts: &[String], config: &Config) {
    let bundle = bundle_of(texts);
    for d in bundle.documents() {
        check_facts(&d.text, &d.facts);
    }
    let findings = analysis::analyze(&bundle, config);
    for f in &findings {
        let doc = bundle.get(f.location.doc).expect("finding in a document");
        assert!(valid_span(&doc.text, f.location.span), "{f:?}");
        for r in &f.related {
            let d = bundle.get(r.location.doc).expect("related in a document");
            assert!(valid_span(&d.text, r.location.span), "{f:?}");
        }
        for fix in &f.fixes {
            let edited = apply_bundle_edits(&bundle, &fix.edits)
                .unwrap_or_else(|e| panic!("fix {:?}: {e}\n{texts:?}", fix.title));
            let mut again_texts = texts.to_vec();
            let mut changed = false;
            for (doc, new) in &edited {
                let i = doc.index();
                changed |= again_texts[i] != *new;
                again_texts[i] = new.clone();
            }
            if !changed {
                continue;
            }
            // Idempotent: re-analysed, no fix with this title still wants
            // to change a place the first application edited.
            let again = bundle_of(&again_texts);
            let after = analysis::analyze(&again, config);
            for g in after
                .iter()
                .flat_map(|g| &g.fixes)
                .filter(|g| g.title == fix.title)
            {
                for e in g.edits.iter() {
                    let d = &again.get(e.location.doc).expect("doc").text;
                    let noop = d.get(e.location.span.start..e.location.span.end)
                        == Some(e.new_text.as_str());
                    let mine: Vec<_> = fix
                        .edits
                        .iter()
                        .filter(|o| o.location.doc == e.location.doc)
                        .collect();
                    let starts = moved_starts(&mine);
                    assert!(
                        noop || !starts.contains(&e.location.span.start),
                        "fix {:?} still wanted at {:?} after applying it\nbefore: {texts:?}\nafter: {again_texts:?}",
                        fix.title,
                        e.location
                    );
                }
            }
        }
    }
    // Fix-all of each document: one consistent edit set.
    for d in bundle.documents() {
        let edits = copydesk_core::fixes::fix_all_edits(&findings, d.id);
        apply_bundle_edits(&bundle, &edits)
            .unwrap_or_else(|e| panic!("fix-all of {}: {e}\n{texts:?}", d.name));
    }
    // Rename every name the first document mentions.
    if let Some(doc) = bundle.documents().first().map(|d| d.id) {
        let starts: Vec<usize> = bundle
            .get(doc)
            .map(|d| d.facts.names.iter().map(|n| n.span.start).collect())
            .unwrap_or_default();
        for offset in starts.into_iter().take(4) {
            let Ok((span, old)) = analysis::rename::name_at(&bundle, doc, offset) else {
                continue;
            };
            assert!(valid_span(&bundle.get(doc).expect("doc").text, span));
            if let Ok(edits) = analysis::rename::rename_edits(&bundle, &old, "Quill Ashby") {
                apply_bundle_edits(&bundle, &edits)
                    .unwrap_or_else(|e| panic!("rename of {old:?}: {e}\n{texts:?}"));
            }
        }
    }
}
