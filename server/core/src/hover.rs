//! Hovers and entity navigation: the Markdown shown for the entity or name
//! under a cursor (its fact sheet: what the knowledge base says it is, with
//! sources, and what the bundle says about it, each sentence linked to its
//! article and line), and the places the LSP layer needs for references,
//! definition, document symbols (entities and figures) and workspace
//! symbols.
//!
//! Speaks byte offsets and plain strings; the LSP layer converts positions
//! and wraps the Markdown. On a proper name that is not in the knowledge
//! base, the hover lists the name's spellings and occurrences instead.

use std::sync::Arc;

use crate::bundle::Bundle;
use crate::claims::scoped::scoped_claims;
use crate::claims::table;
use crate::config::Config;
use crate::extract::EntityMention;
use crate::factsheet::{self, entity_mentions};
use crate::kb::{Kb, Kind};
use crate::knowledge;
use crate::types::{DocId, Location, Span};
use crate::{brief, people};

/// What a hover shows: the span it covers and its Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoverInfo {
    pub span: Span,
    pub markdown: String,
}

/// The hover for `offset` in `doc`, short ([`brief`]): the entity under
/// the cursor, else the figure (how it was read and the bundle's other
/// statements of its claim), else the person (or proper name) under it.
pub fn hover(bundle: &Bundle, config: &Config, doc: DocId, offset: usize) -> Option<HoverInfo> {
    sheet_at(bundle, config, None, doc, offset, false)
}

/// [`hover`], with the figures looked up in a kept ledger of the bundle
/// (built for it or carried to it: [`table::Ledger`]) instead of one
/// built for the occasion: the same hover, without aligning the bundle.
/// A front end asks for a ledger only where [`table::figure_under`] says
/// there is a figure.
pub fn hover_with_ledger(
    bundle: &Bundle,
    config: &Config,
    ledger: &table::Ledger,
    doc: DocId,
    offset: usize,
) -> Option<HoverInfo> {
    sheet_at(bundle, config, Some(ledger), doc, offset, false)
}

/// The full fact sheet (Markdown) of the entity or person under `offset`
/// in `doc`: everything the hover leaves out, with links.
pub fn fact_sheet(bundle: &Bundle, config: &Config, doc: DocId, offset: usize) -> Option<String> {
    sheet_at(bundle, config, None, doc, offset, true).map(|h| h.markdown)
}

fn sheet_at(
    bundle: &Bundle,
    config: &Config,
    ledger: Option<&table::Ledger>,
    doc: DocId,
    offset: usize,
    full: bool,
) -> Option<HoverInfo> {
    let kb = knowledge::for_config(config);
    if let Some(m) = entity_at_with(bundle, &kb, doc, offset) {
        let sheet = factsheet::sheet(bundle, &kb, config, &m.entity)?;
        let markdown = if full {
            sheet.markdown(&kb)
        } else {
            brief::entity(&sheet, &kb)
        };
        return Some(HoverInfo {
            span: m.span,
            markdown,
        });
    }
    let figure = match ledger {
        Some(l) => l.figure_at(bundle, doc, offset),
        None => table::figure_at(bundle, config, doc, offset),
    };
    if let Some((read, claim)) = figure {
        return Some(HoverInfo {
            span: read.span,
            markdown: brief::figure(bundle, &read, claim.as_ref()),
        });
    }
    let mention = bundle.get(doc)?.facts.name_at(offset)?;
    let person = people::person_at(bundle, doc, offset)?;
    Some(HoverInfo {
        span: mention.span,
        markdown: brief::person(bundle, &person, full),
    })
}

/// The entity mention under `offset` in `doc`, under the configuration's
/// knowledge base.
pub fn entity_at(
    bundle: &Bundle,
    config: &Config,
    doc: DocId,
    offset: usize,
) -> Option<EntityMention> {
    entity_at_with(bundle, &knowledge::for_config(config), doc, offset)
}

fn entity_at_with(
    bundle: &Bundle,
    kb: &Arc<Kb>,
    doc: DocId,
    offset: usize,
) -> Option<EntityMention> {
    entity_mentions(bundle, kb, doc)
        .into_iter()
        .find(|m| m.span.contains_offset(offset))
}

/// Every mention in the bundle of the entity, else the person, under
/// `offset` (the one under the cursor included), in bundle order. Empty
/// off an entity or a name.
pub fn references(bundle: &Bundle, config: &Config, doc: DocId, offset: usize) -> Vec<Location> {
    let kb = knowledge::for_config(config);
    match entity_at_with(bundle, &kb, doc, offset) {
        Some(m) => factsheet::mentions_of(bundle, &kb, &m.entity),
        None => people::person_at(bundle, doc, offset)
            .map(|p| p.mentions.into_iter().map(|m| m.location).collect())
            .unwrap_or_default(),
    }
}

/// The first mention in the bundle (in bundle order) of the entity or
/// person under `offset`.
pub fn definition(bundle: &Bundle, config: &Config, doc: DocId, offset: usize) -> Option<Location> {
    references(bundle, config, doc, offset).into_iter().next()
}

/// An entity as an outline symbol.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntitySymbol {
    /// The entity's name in the knowledge base ("Alibaba").
    pub name: String,
    pub id: String,
    pub kind: Kind,
    /// One line: the kind, the legal name or maker, and the listings.
    pub detail: String,
    /// Its first mention in the document (document symbols) or in the
    /// bundle (workspace symbols).
    pub location: Location,
    /// Every mention in that document (document symbols) or bundle.
    pub mentions: Vec<Location>,
}

fn symbol_detail(kb: &Kb, id: &str) -> String {
    let Some(e) = kb.get(id) else {
        return String::new();
    };
    let mut parts = vec![e.kind.as_str().to_string()];
    if let Some(l) = &e.legal_name {
        parts.push(l.clone());
    }
    if let Some(m) = e.maker.as_deref().and_then(|m| kb.get(m)) {
        parts.push(format!("by {}", m.name));
    }
    let listings: Vec<String> = kb
        .listings(e)
        .iter()
        .map(|l| format!("{} {}", l.exchange, l.ticker))
        .collect();
    if !listings.is_empty() {
        parts.push(listings.join(", "));
    }
    parts.join(" · ")
}

fn symbols(
    kb: &Kb,
    mentions: impl IntoIterator<Item = (DocId, EntityMention)>,
) -> Vec<EntitySymbol> {
    let mut out: Vec<EntitySymbol> = Vec::new();
    for (doc, m) in mentions {
        let loc = Location { doc, span: m.span };
        match out.iter_mut().find(|s| s.id == m.entity) {
            Some(s) => s.mentions.push(loc),
            None => {
                let Some(e) = kb.get(&m.entity) else {
                    continue;
                };
                out.push(EntitySymbol {
                    name: e.name.clone(),
                    id: e.id.clone(),
                    kind: e.kind,
                    detail: symbol_detail(kb, &e.id),
                    location: loc,
                    mentions: vec![loc],
                });
            }
        }
    }
    out
}

/// The entities of one document, in order of first mention.
pub fn document_symbols(bundle: &Bundle, config: &Config, doc: DocId) -> Vec<EntitySymbol> {
    let kb = knowledge::for_config(config);
    symbols(
        &kb,
        entity_mentions(bundle, &kb, doc)
            .into_iter()
            .map(|m| (doc, m)),
    )
}

/// A figure of one article as an outline symbol.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureSymbol {
    /// The figure as written: "more than 7%".
    pub name: String,
    /// What it measures, with its scope: "Alibaba shares, Hong Kong, September 12".
    pub detail: String,
    pub location: Location,
    /// Another article states the same measure and scope differently.
    pub conflicts: bool,
}

/// The figures (claims) of one document, in order, for the outline next to
/// its entities.
pub fn document_figures(bundle: &Bundle, config: &Config, doc: DocId) -> Vec<FigureSymbol> {
    let scoped = scoped_claims(bundle, config);
    let mut out: Vec<FigureSymbol> = scoped
        .iter()
        .filter(|c| c.doc == doc)
        .map(|c| FigureSymbol {
            name: c.claim.value_text.clone(),
            detail: c.claim.scope_label(c.day.as_ref()),
            location: Location {
                doc,
                span: c.claim.span,
            },
            conflicts: scoped
                .iter()
                .any(|o| o.doc != c.doc && c.same_claim(o, false) && c.conflicts(o)),
        })
        .collect();
    out.sort_by_key(|f| f.location.span);
    out
}

/// The entities of the whole bundle whose name, id, an alias or a ticker
/// contains `query` (case-insensitive; everything for an empty query), in
/// order of first mention in the bundle.
pub fn workspace_symbols(bundle: &Bundle, config: &Config, query: &str) -> Vec<EntitySymbol> {
    let kb = knowledge::for_config(config);
    let all = symbols(
        &kb,
        bundle.documents().into_iter().flat_map(|d| {
            entity_mentions(bundle, &kb, d.id)
                .into_iter()
                .map(move |m| (d.id, m))
        }),
    );
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return all;
    }
    all.into_iter()
        .filter(|s| {
            kb.get(&s.id).is_some_and(|e| {
                e.id.contains(&q)
                    || Kb::spellings(e)
                        .iter()
                        .any(|(a, _)| a.to_lowercase().contains(&q))
                    || e.listings.iter().any(|l| l.to_lowercase().contains(&q))
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::Severity;

    fn bundle(docs: &[(&str, &str)]) -> (Bundle, Vec<DocId>) {
        let mut b = Bundle::new();
        let mut ids = Vec::new();
        for (i, (key, text)) in docs.iter().enumerate() {
            let name = key.rsplit('/').next().unwrap_or(key);
            ids.push(b.upsert(key, name, i, text));
        }
        (b, ids)
    }

    /// A config that adds a made-up company to the embedded knowledge base.
    fn config() -> Config {
        Config::parse(
            r#"
[[entity]]
id = "examplecorp"
kind = "company"
name = "Examplecorp"
legal_name = "Examplecorp Holdings Limited"
listings = ["NYSE:EXMP"]
what = "A made-up maker of widgets."
source = { title = "Examplecorp annual report", as_of = "2025" }
"#,
        )
        .unwrap()
    }

    #[test]
    fn hover_on_an_entity_shows_its_sheet() {
        let (b, ids) = bundle(&[
            (
                "/tmp/story/a.txt",
                "Examplecorp rose.\nAnalysts like EXMP, Reuters reported.",
            ),
            (
                "/tmp/story/b.txt",
                "Shares of Examplecorp Holdings Limited fell.",
            ),
        ]);
        let c = config();
        let h = hover(&b, &c, ids[0], 2).expect("hover");
        assert_eq!(h.span, Span::new(0, 11));
        let md = &h.markdown;
        assert!(md.contains("**Examplecorp** — company"), "{md}");
        assert!(md.contains("NYSE EXMP"), "{md}");
        assert!(
            md.contains("*Source: Examplecorp annual report, as of 2025*"),
            "{md}"
        );
        assert!(md.contains("3 mentions in 2 articles"), "{md}");
        // Places as `article: lines`, no URI.
        assert!(md.contains("- a.txt: lines 1, 2\n"), "{md}");
        assert!(md.contains("- b.txt: line 1\n"), "{md}");
        assert!(!md.contains("file://"), "{md}");
        // On the ticker, the same sheet.
        let at = b.get(ids[0]).unwrap().text.find("EXMP").unwrap();
        let h2 = hover(&b, &c, ids[0], at + 1).expect("hover on ticker");
        assert_eq!(h2.markdown, h.markdown);
        // The full fact sheet has every sentence, linked.
        let full = fact_sheet(&b, &c, ids[0], at).expect("fact sheet");
        assert!(full.contains("[line 2](file:///tmp/story/a.txt#L2) Analysts like EXMP, Reuters reported. — *Reuters*"), "{full}");
        assert!(
            full.contains("[line 1](file:///tmp/story/b.txt#L1)"),
            "{full}"
        );
    }

    #[test]
    fn hover_on_a_plain_name_lists_its_mentions() {
        let (b, ids) = bundle(&[
            (
                "/tmp/story/a.txt",
                "Zorblatt Vane spoke.\nLater Zorblatt Vane left.",
            ),
            ("dir/b.txt", "Zorblatt Vane stayed."),
        ]);
        let h = hover(&b, &Config::default(), ids[0], 2).expect("hover");
        assert_eq!(h.span, Span::new(0, 13));
        assert!(
            h.markdown.contains("not in the knowledge base"),
            "{}",
            h.markdown
        );
        assert!(
            h.markdown.contains("- a.txt: lines 1, 2\n"),
            "{}",
            h.markdown
        );
        assert!(h.markdown.contains("- b.txt: line 1\n"), "{}", h.markdown);
        assert!(
            h.markdown.contains("3 mentions in 2 articles"),
            "{}",
            h.markdown
        );
    }

    /// The same hover, asked where a `$0` fixture puts the cursor: inside
    /// the second mention, in the middle of the name.
    #[test]
    fn hover_at_a_fixture_cursor_covers_the_whole_name() {
        let fx = crate::fixture::Fixture::parse(
            "//- a.txt\nZorblatt Vane spoke.\nOn Monday Zorb$0latt Vane left.\n//- b.txt\nZorblatt Vane stayed.\n",
        );
        let b = fx.bundle();
        let (doc, offset) = fx.cursor_in(&b).expect("a cursor");
        let h = hover(&b, &Config::default(), doc, offset).expect("hover");
        let start = "Zorblatt Vane spoke.\nOn Monday ".len();
        assert_eq!(h.span, Span::new(start, start + "Zorblatt Vane".len()));
        assert!(
            h.markdown.contains("3 mentions in 2 articles"),
            "{}",
            h.markdown
        );
    }

    /// The bundle's figures about the entity, conflicts marked (a made-up
    /// story about a company of the embedded knowledge base).
    #[test]
    fn hover_lists_figures_and_marks_conflicts() {
        let (b, ids) = bundle(&[
            (
                "/news/a.txt",
                "Micron shares jumped 5% in New York trading on March 3, 2026, Reuters reported.",
            ),
            (
                "/news/b.txt",
                "Micron shares jumped 9% in New York trading on March 3, 2026.",
            ),
        ]);
        let h = hover(&b, &Config::default(), ids[0], 1).expect("hover");
        let md = &h.markdown;
        assert!(md.contains("**Micron** — company"), "{md}");
        assert!(
            md.contains("**Figures in this bundle:** 2 (2 in conflict)"),
            "{md}"
        );
        assert!(md.contains("**5%** — a.txt:1"), "{md}");
        assert!(md.contains("⚠ conflicts with **9%** (b.txt:1)"), "{md}");
        let full = fact_sheet(&b, &Config::default(), ids[0], 1).unwrap();
        assert!(
            full.contains("⚠ conflicts with **9%** in [b.txt:1](file:///news/b.txt#L1)"),
            "{full}"
        );
        // The figures come before the mentions.
        let figures = md.find("Figures in this bundle").unwrap();
        let mentions = md.find("In this bundle:").unwrap();
        assert!(figures < mentions);
        let figs = document_figures(&b, &Config::default(), ids[0]);
        assert_eq!(figs.len(), 1, "{figs:?}");
        assert_eq!(figs[0].name, "5%");
        assert!(figs[0].conflicts);
        assert!(figs[0].detail.starts_with("Micron"), "{}", figs[0].detail);
        // Agreeing figures are not marked.
        let (b2, ids2) = bundle(&[
            (
                "/news/a.txt",
                "Micron shares jumped 5% in New York trading on March 3, 2026.",
            ),
            (
                "/news/b.txt",
                "Micron shares jumped 5% in New York trading on March 3, 2026.",
            ),
        ]);
        let md2 = hover(&b2, &Config::default(), ids2[0], 1).unwrap().markdown;
        // The same figure twice is one line with both places.
        assert!(md2.contains("**Figures in this bundle:** 1\n"), "{md2}");
        assert!(md2.contains("**5%** — a.txt:1, b.txt:1\n"), "{md2}");
        assert!(!md2.contains("conflicts with"), "{md2}");
    }

    /// Many figures and mentions: the hover stays within its bounds and
    /// says what it left out.
    #[test]
    fn a_hover_on_a_much_mentioned_entity_is_short() {
        let line = |i: usize| {
            format!(
                "Micron shares jumped {}% in New York trading on March {}, 2026.\n",
                i % 9 + 1,
                i % 27 + 1
            )
        };
        let text: String = (0..60).map(line).collect();
        let docs: Vec<(String, String)> = (0..12)
            .map(|i| (format!("/news/{i}.txt"), text.clone()))
            .collect();
        let refs: Vec<(&str, &str)> = docs.iter().map(|(k, t)| (k.as_str(), t.as_str())).collect();
        let (b, ids) = bundle(&refs);
        let md = hover(&b, &Config::default(), ids[0], 1).unwrap().markdown;
        assert!(md.lines().count() <= brief::MAX_LINES, "{md}");
        assert!(md.chars().count() <= brief::MAX_CHARS, "{md}");
        assert!(md.contains("720 mentions in 12 articles"), "{md}");
        assert!(md.contains("more"), "{md}");
        let full = fact_sheet(&b, &Config::default(), ids[0], 1).unwrap();
        assert!(full.len() > md.len());
    }

    #[test]
    fn no_hover_off_a_name() {
        let (b, ids) = bundle(&[("a", "shares rose today.")]);
        assert!(hover(&b, &Config::default(), ids[0], 3).is_none());
        assert!(hover(&b, &Config::default(), DocId(9), 3).is_none());
    }

    #[test]
    fn references_definition_and_symbols() {
        let (b, ids) = bundle(&[
            ("a.txt", "Rivals watch.\nExamplecorp (NYSE: EXMP) rose."),
            ("b.txt", "Examplecorp fell."),
        ]);
        let c = config();
        let at = b.get(ids[1]).unwrap().text.find("Examplecorp").unwrap();
        let refs = references(&b, &c, ids[1], at);
        assert_eq!(refs.len(), 3);
        assert_eq!(refs[0].doc, ids[0]);
        let def = definition(&b, &c, ids[1], at).unwrap();
        assert_eq!(def, refs[0]);
        assert!(references(&b, &c, ids[1], at + 13).is_empty());
        let syms = document_symbols(&b, &c, ids[0]);
        assert_eq!(syms.len(), 1);
        assert_eq!(syms[0].name, "Examplecorp");
        assert_eq!(syms[0].mentions.len(), 2);
        assert!(syms[0].detail.contains("NYSE EXMP"), "{}", syms[0].detail);
        assert_eq!(workspace_symbols(&b, &c, "exmp").len(), 1);
        assert_eq!(workspace_symbols(&b, &c, "").len(), 1);
        assert!(workspace_symbols(&b, &c, "nothing-like-it").is_empty());
    }

    /// A hover with a kept ledger is the hover: on every figure, on a
    /// name and off both.
    #[test]
    fn a_kept_ledger_gives_the_same_hovers() {
        let (b, _) = crate::fixture::numbered(&[
            "Acme Air fined\n\nRegulators fined Acme Air a record 4.31 billion euros on Tuesday over its loyalty scheme.\nAcme Air flies 37 aircraft, its chief Dana Whitlok said.\n",
            "Acme Air to appeal\n\nAcme Air will appeal the record €4.31bn fine the regulators imposed on Tuesday over its loyalty scheme.\n",
            "Acme Air fine\n\nThe regulators' record fine of 4.13 billion euros, imposed on Tuesday over the loyalty scheme, is under appeal.\n",
        ]);
        let c = Config::default();
        let kept = table::Ledger::new(&b, &c);
        let mut figures = 0;
        for d in b.documents() {
            let mut at: Vec<usize> = d
                .facts
                .figures
                .frames
                .iter()
                .map(|f| f.span.start)
                .collect();
            figures += at.len();
            at.extend(d.text.find("Dana").into_iter().chain([0, 3, d.text.len()]));
            for at in at {
                assert_eq!(
                    hover_with_ledger(&b, &c, &kept, d.id, at),
                    hover(&b, &c, d.id, at),
                    "{} at {at}",
                    d.name
                );
            }
        }
        assert!(figures >= 4);
    }

    /// The figure hover flags at warning exactly the figures that
    /// `figure-conflict` warns on: a headline figure that its own body
    /// contradicts, whether or not another article states its claim.
    #[test]
    fn a_figure_hover_flags_what_figure_conflict_warns_on() {
        let (b, _) = crate::fixture::numbered(&[
            "Zorblatt Vane launches £81m mission to the moon\nThe Zorblatt Vane mission cost about ₹7.40bn (£68.4m), the agency said.\n",
            "Zorblatt Vane launches £68m mission to the moon\nThe Zorblatt Vane mission cost about ₹7.40bn (£68.4m), the agency said.\n",
            "Examplecorp opens £69m plant in Quellford\nThe Examplecorp plant cost about ₹7.40bn (£68.4m), the company said.\n",
        ]);
        let c = Config::default();
        let warned: Vec<Location> = crate::analyze(&b, &c)
            .into_iter()
            .filter(|f| f.rule == "figure-conflict" && f.severity == Severity::Warning)
            .map(|f| f.location)
            .collect();
        let headline = |k: usize| {
            let d = b.documents()[k];
            let f = d.facts.figures.frames.first().map(|f| f.span);
            f.map(|span| Location { doc: d.id, span })
        };
        // Both headlines that their bodies contradict are warned on: the one
        // another article states too and the one no other article states.
        for k in [0, 2] {
            let h = headline(k).unwrap_or_else(|| panic!("no headline figure in {k}"));
            assert!(
                warned
                    .iter()
                    .any(|w| w.doc == h.doc && w.span.overlaps(h.span)),
                "{warned:?}"
            );
        }
        let kept = table::Ledger::new(&b, &c);
        for d in b.documents() {
            for f in &d.facts.figures.frames {
                let md = hover_with_ledger(&b, &c, &kept, d.id, f.span.start)
                    .unwrap_or_else(|| panic!("no hover on {}", d.slice(f.span)))
                    .markdown;
                // Its own flag: on its line of the claim, or said of it
                // when it is alone.
                let flagged = md.lines().any(|l| {
                    l.contains("(this one) — flagged (warning)")
                        || l == "This figure is flagged (warning)."
                });
                let warns = warned
                    .iter()
                    .any(|w| w.doc == d.id && w.span.overlaps(f.span));
                assert_eq!(flagged, warns, "{}: {md}", d.slice(f.span));
            }
        }
    }

    #[test]
    fn a_figure_hover_names_its_source() {
        let (b, _) = crate::fixture::numbered(&[
            "Quake strikes Zorbia\nThe epicentre was 71 km southwest of Zorbton, the Example Geological Survey said.\n",
            "Quake strikes Zorbia\nThe epicentre was 71 km southwest of Zorbton in the mountains.\n",
        ]);
        let c = Config::default();
        let d = b.documents()[0];
        let f = d
            .facts
            .figures
            .frames
            .iter()
            .find(|f| d.slice(f.span).starts_with("71"))
            .unwrap_or_else(|| panic!("no frame of 71 km"));
        let md = hover(&b, &c, d.id, f.span.start)
            .unwrap_or_else(|| panic!("no hover on 71 km"))
            .markdown;
        assert!(md.contains("source: example geological survey"), "{md}");
    }
}
