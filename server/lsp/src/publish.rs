//! An analysis and what it publishes: the diagnostics that changed (and
//! those of edited documents, first), cleared diagnostics of articles
//! that left the bundle, the configuration file's own diagnostic, the
//! `copydesk/status` notification, and once the note that the bundle is
//! a single article; then the kept claim ledger is brought up to the
//! analysed bundle ([`crate::kept::refresh`]).

use std::collections::{HashMap, HashSet};
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use tower_lsp::lsp_types::{Diagnostic, MessageType, Url};
use tower_lsp::Client;

use copydesk_core::engine::Analyzer;
use copydesk_core::{DocId, Finding};

use crate::ext::{StatusNotification, StatusParams};
use crate::guard::lock;
use crate::kept::{self, LedgerSlot};
use crate::state::{Analysis, State};
use crate::to_lsp::{self, Converter, Ropes};

/// What identifies the findings published for an article: a hash, so
/// that an unchanged article is recognised without keeping a copy.
fn fingerprint(findings: &[Finding]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    findings.hash(&mut h);
    h.finish()
}

/// The findings of each article. They come sorted by article: each
/// article's are one run.
fn by_article(findings: &[Finding]) -> HashMap<DocId, &[Finding]> {
    let mut per_doc: HashMap<DocId, &[Finding]> = HashMap::new();
    for run in findings.chunk_by(|a, b| a.location.doc == b.location.doc) {
        if let Some(f) = run.first() {
            per_doc.insert(f.location.doc, run);
        }
    }
    per_doc
}

/// Analyses the bundle if `generation` is still the latest, then publishes
/// the diagnostics that changed (and those of edited documents), and
/// brings the kept claim ledger up to the analysed bundle in the
/// background.
pub(crate) async fn run_analysis(
    state: Arc<Mutex<State>>,
    ropes: Arc<Mutex<Ropes>>,
    client: Client,
    generation: u64,
    mut analyzer: tokio::sync::OwnedMutexGuard<Analyzer>,
    ledger: LedgerSlot,
) {
    let (bundle, config, latest) = {
        let st = lock(&state);
        if st.generation != generation {
            return;
        }
        (st.bundle.clone(), st.config.clone(), st.latest.clone())
    };
    let b = bundle.clone();
    let c = config.clone();
    let analyzed = tokio::task::spawn_blocking(move || {
        // A newer edit makes this analysis moot: it stops at the next check.
        let moot = move || latest.load(std::sync::atomic::Ordering::Acquire) != generation;
        let result = std::panic::catch_unwind(AssertUnwindSafe(|| {
            analyzer.analyze_unless(&b, &config, &moot)
        }));
        if result.is_err() {
            // Start the next analysis from nothing rather than from caches
            // a panic may have left half-made.
            *analyzer = Analyzer::new();
        }
        (result.ok(), analyzer)
    })
    .await;
    // Held until this analysis has published, so analyses publish in turn.
    let (findings, turn) = match analyzed {
        Ok((Some(Some(f)), turn)) => (Arc::new(f), turn),
        // Moot: the newer analysis is scheduled and publishes instead.
        Ok((Some(None), _)) => return,
        Ok((None, _)) => {
            tracing::error!(
                "internal error in the analysis (the server stays up; see the panic above)"
            );
            return;
        }
        Err(e) => {
            tracing::error!("analysis failed (the server stays up): {e}");
            return;
        }
    };
    // Work out what to send while holding the lock, send afterwards.
    let mut sends: Vec<(Url, Vec<Diagnostic>, Option<i32>)> = Vec::new();
    let status;
    let mut single = None;
    {
        let mut st = lock(&state);
        if st.generation != generation {
            return;
        }
        st.analysis = Analysis {
            generation,
            bundle: bundle.clone(),
            findings: findings.clone(),
        };
        let per_doc = by_article(&findings);
        let mut ropes = lock(&ropes);
        ropes.retain(&bundle);
        let encoding = st.encoding;
        let mut seen = HashSet::new();
        let dirty = std::mem::take(&mut st.dirty);
        for d in bundle.documents() {
            let Ok(uri) = Url::parse(&d.key) else {
                continue;
            };
            let mine = per_doc.get(&d.id).copied().unwrap_or_default();
            let print = fingerprint(mine);
            seen.insert(uri.clone());
            let same = st.published.get(&uri) == Some(&print);
            if same && !dirty.contains(&uri) {
                continue;
            }
            let mut c = Converter {
                bundle: &bundle,
                ropes: &mut ropes,
                encoding,
                versions: None,
            };
            let diags: Vec<Diagnostic> = mine.iter().filter_map(|f| c.diagnostic(f)).collect();
            let version = st.open.get(&uri).map(|o| o.synced_version);
            st.published.insert(uri.clone(), print);
            sends.push((uri, diags, version));
        }
        // The edited articles first: their writers are waiting.
        sends.sort_by_key(|(uri, _, _)| !dirty.contains(uri));
        // Documents that left the bundle: clear their diagnostics.
        let gone: Vec<Url> = st
            .published
            .keys()
            .filter(|u| !seen.contains(*u))
            .cloned()
            .collect();
        for u in gone {
            st.published.remove(&u);
            sends.push((u, Vec::new(), None));
        }
        // The configuration file's own diagnostic.
        let config_diag = st
            .config_problem
            .as_ref()
            .map(|p| (p.uri.clone(), to_lsp::config_diagnostic(p, encoding)));
        match config_diag {
            Some((uri, d)) => {
                st.config_published = Some(uri.clone());
                sends.push((uri, vec![d], None));
            }
            None => {
                if let Some(uri) = st.config_published.take() {
                    sends.push((uri, Vec::new(), None));
                }
            }
        }
        status = StatusParams {
            articles: bundle.len(),
            findings: findings.len(),
            skipped: st.skipped.len(),
            roots: st.roots.iter().map(|r| r.display().to_string()).collect(),
        };
        if bundle.len() == 1 && !st.told_single {
            st.told_single = true;
            single = Some(single_article_message(&st.roots));
        }
    }
    for (uri, diags, version) in sends {
        client.publish_diagnostics(uri, diags, version).await;
    }
    client.send_notification::<StatusNotification>(status).await;
    if let Some(message) = single {
        client.show_message(MessageType::INFO, message).await;
    }
    // After the turn is given back, the next analysis need not wait for
    // it; a newer change leaves it to the newer analysis.
    drop(turn);
    if lock(&state).generation == generation {
        tokio::spawn(async move { kept::refresh(&ledger, bundle, c).await });
    }
}

/// Said once when the bundle is a single article: nothing can disagree
/// with it, and the user should know where the bundle was looked for.
pub fn single_article_message(roots: &[PathBuf]) -> String {
    let place = match roots {
        [] => "no folder is open, so only the open file is checked".to_string(),
        [one] => format!("the only article found in {}", one.display()),
        many => format!(
            "the only article found in {}",
            many.iter()
                .map(|r| r.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    format!(
        "copydesk: the bundle is 1 article ({place}). copydesk compares the articles of one \
         story: keep them in one folder and open that folder, or put a copydesk.toml in it."
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use copydesk_core::{Location, Severity, Span};

    fn finding(doc: u32, start: usize, message: &str) -> Finding {
        Finding {
            rule: "name-variant",
            severity: Severity::Warning,
            location: Location {
                doc: DocId(doc),
                span: Span::new(start, start + 1),
            },
            message: message.into(),
            related: vec![],
            fixes: vec![],
        }
    }

    #[test]
    fn the_fingerprint_tells_changed_findings_apart() {
        let a = [finding(0, 1, "x"), finding(0, 5, "y")];
        assert_eq!(fingerprint(&a), fingerprint(&a.clone()));
        assert_ne!(
            fingerprint(&a),
            fingerprint(&[finding(0, 1, "x"), finding(0, 6, "y")])
        );
        assert_ne!(fingerprint(&a), fingerprint(&a[..1]));
        assert_ne!(fingerprint(&a[..1]), fingerprint(&[]));
    }

    #[test]
    fn findings_are_grouped_per_article() {
        let all = [finding(0, 1, "a"), finding(0, 2, "b"), finding(2, 1, "c")];
        let per = by_article(&all);
        assert_eq!(per.len(), 2);
        assert_eq!(per[&DocId(0)].len(), 2);
        assert_eq!(per[&DocId(2)][0].message, "c");
        assert!(!per.contains_key(&DocId(1)));
        assert!(by_article(&[]).is_empty());
    }

    #[test]
    fn the_single_article_message_says_where() {
        let m = single_article_message(&[PathBuf::from("/news/story")]);
        assert!(m.contains("1 article"), "{m}");
        assert!(m.contains("/news/story"), "{m}");
        assert!(single_article_message(&[]).contains("no folder"));
        let two = single_article_message(&[PathBuf::from("/a"), PathBuf::from("/b")]);
        assert!(two.contains("/a, /b"), "{two}");
    }
}
