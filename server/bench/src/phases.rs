//! `copydesk bench --phases DIR`: where the time of one check goes, measured
//! in process on one thread: reading, each extraction step, each check.
//! A profiling aid for the benchmarks, never used by tests for timing.

use std::path::Path;
use std::time::{Duration, Instant};

use copydesk_core::checks::{self, CheckContext, Scope};
use copydesk_core::config::Config;
use copydesk_core::extract::{entities, figures, names};
use copydesk_core::memo::Memo;
use copydesk_core::text::{sentences, LineIndex};
use copydesk_core::Bundle;
use copydesk_workspace as workspace;

/// Times each phase of a check of the articles under `dir`, with the
/// default configuration (a `copydesk.toml` there is not read), and returns a
/// Markdown table.
pub fn run(dir: &Path) -> Result<String, String> {
    let config = Config::default();
    let globs = config.bundle_globs().map_err(|e| e.to_string())?;
    std::fs::metadata(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let found = workspace::find_articles(dir, &globs);
    if found.is_empty() {
        return Err(format!("{}: no articles to time", dir.display()));
    }
    let mut rows: Vec<(String, Duration)> = Vec::new();
    let mut texts = Vec::new();
    let t = Instant::now();
    for a in &found {
        if let Ok(text) = workspace::read_article(&a.path) {
            texts.push((a.relative.clone(), text));
        }
    }
    rows.push(("read".into(), t.elapsed()));
    let rss_read = rss_mb();
    let mut steps = [Duration::ZERO; 6];
    for (_, text) in &texts {
        let t = Instant::now();
        let s = sentences(text);
        steps[0] += t.elapsed();
        let t = Instant::now();
        let n = names::extract_names(text, &s);
        steps[1] += t.elapsed();
        let t = Instant::now();
        let e = entities::extract_entities(text, &s);
        steps[2] += t.elapsed();
        let t = Instant::now();
        let f = figures::extract_figures(text, &s, &n, &e);
        steps[3] += t.elapsed();
        let t = Instant::now();
        let w = names::lowercase_words(text);
        steps[4] += t.elapsed();
        let t = Instant::now();
        let l = LineIndex::new(text);
        steps[5] += t.elapsed();
        drop((f, w, l));
    }
    for (name, d) in [
        "extract: sentences",
        "extract: names",
        "extract: entities",
        "extract: figures and claims",
        "extract: lower-case words",
        "line index",
    ]
    .iter()
    .zip(steps)
    {
        rows.push(((*name).into(), d));
    }
    let mut bundle = Bundle::new();
    let t = Instant::now();
    for (i, (name, text)) in texts.iter().enumerate() {
        bundle.upsert(&format!("k{i}"), name, 0, text);
    }
    rows.push(("bundle build (extraction again)".into(), t.elapsed()));
    let rss_bundle = rss_mb();
    let mut counts = [0usize; 7];
    for d in bundle.documents() {
        let f = &d.facts;
        counts[0] += f.sentences.len();
        counts[1] += f.names.len();
        counts[2] += f.entities.len();
        counts[3] += f.figures.figures.len();
        counts[4] += f.figures.claims.len();
        counts[5] += f.figures.dates.len();
        counts[6] += f.lower_words.len();
    }
    let n = bundle.len().max(1);
    let facts = format!(
        "per article: {} sentences, {} names, {} entities, {} figures, {} claims, {} dates, {} lower-case words",
        counts[0] / n,
        counts[1] / n,
        counts[2] / n,
        counts[3] / n,
        counts[4] / n,
        counts[5] / n,
        counts[6] / n
    );
    let memo = Memo::default();
    let mut total_findings = 0;
    {
        let docs = bundle.documents();
        let cx = CheckContext::new(&bundle, &config, &memo, &docs);
        for check in checks::ALL {
            let mut out = Vec::new();
            let t = Instant::now();
            check.run(&cx, &mut out);
            rows.push((format!("check: {}", check.info().id), t.elapsed()));
            total_findings += out.len();
        }
    }
    // Again after one article is edited, with the per-article values and
    // the indexes of the first run kept: what an edit costs a bundle check
    // beyond re-extracting its article.
    if let Some((name, text)) = texts.get(texts.len() / 2) {
        let edited = format!("{text}\n\nThe company declined to comment further.\n");
        bundle.upsert(&format!("k{}", texts.len() / 2), name, 0, &edited);
        let docs = bundle.documents();
        let cx = CheckContext::new(&bundle, &config, &memo, &docs);
        for check in checks::ALL.iter().filter(|c| c.scope() == Scope::Bundle) {
            let mut again = Vec::new();
            let t = Instant::now();
            check.run(&cx, &mut again);
            rows.push((
                format!("check: {} (one article edited)", check.info().id),
                t.elapsed(),
            ));
        }
    }
    let t = Instant::now();
    let scoped = copydesk_core::claims::scoped::scoped_claims(&bundle, &config).len();
    rows.push((
        format!("figures: scoped_claims ({scoped} claims placed in time)"),
        t.elapsed(),
    ));
    // The ledger a front end keeps for figure hovers: built once, then
    // carried over an edit that leaves the figures as they were (the
    // article edited above, edited again after its last sentence).
    let t = Instant::now();
    let kept = copydesk_core::claims::table::Ledger::new(&bundle, &config);
    rows.push(("ledger: built (kept for figure hovers)".into(), t.elapsed()));
    if let Some((name, text)) = texts.get(texts.len() / 2) {
        let edited = format!("{text}\n\nThe company declined to comment again.\n");
        let mut moved = bundle.clone();
        moved.upsert(&format!("k{}", texts.len() / 2), name, 0, &edited);
        let t = Instant::now();
        let carried = kept.carried(&moved, &config).is_some();
        rows.push((
            format!(
                "ledger: carried over an edit ({})",
                if carried { "kept" } else { "built again" }
            ),
            t.elapsed(),
        ));
    }
    // Hovers on the middle article: its first word (what the LSP bench
    // hovers) and its first figure, with a ledger built for the hover and
    // with the kept one; the median of a few runs each.
    if let Some(d) = bundle.documents().get(bundle.len() / 2) {
        let first_word = d.text.find(|c: char| c.is_alphanumeric()).map(|o| o + 1);
        let first_figure = d.facts.figures.frames.first().map(|f| f.span.start);
        let hovers = [
            ("first word of an article", first_word, false),
            ("first figure of an article", first_figure, false),
            (
                "first figure of an article (ledger kept)",
                first_figure,
                true,
            ),
        ];
        for (what, at, keep) in hovers {
            let Some(at) = at else { continue };
            let mut times: Vec<Duration> = (0..5)
                .map(|_| {
                    let t = Instant::now();
                    let shown = if keep {
                        copydesk_core::hover::hover_with_ledger(&bundle, &config, &kept, d.id, at)
                    } else {
                        copydesk_core::hover::hover(&bundle, &config, d.id, at)
                    };
                    std::hint::black_box(shown.is_some());
                    t.elapsed()
                })
                .collect();
            times.sort();
            // The kept ledger's hover must be the hover.
            let same = !keep
                || copydesk_core::hover::hover_with_ledger(&bundle, &config, &kept, d.id, at)
                    == copydesk_core::hover::hover(&bundle, &config, d.id, at);
            let what = if same {
                what.to_string()
            } else {
                format!("{what}, NOT THE SAME HOVER")
            };
            rows.push((format!("hover: {what}"), times[2]));
        }
    }
    let mut report = format!(
        "{} articles, {} findings, one thread; RSS {} MB after reading, {} MB with the bundle, {} MB after the checks\n{}\n\n| phase | time |\n|---|---:|\n",
        texts.len(),
        total_findings,
        rss_read,
        rss_bundle,
        rss_mb(),
        facts,
    );
    for (name, d) in rows {
        report.push_str(&format!(
            "| {name} | {:.1} ms |\n",
            d.as_secs_f64() * 1000.0
        ));
    }
    Ok(report)
}

/// Resident set size now, in MB (Linux; 0 elsewhere).
fn rss_mb() -> u64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or(0, |pages| pages * 4096 / 1_000_000)
}
