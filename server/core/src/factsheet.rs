//! Fact sheets: for one knowledge-base entity, what the knowledge base says
//! it is (every fact with its source) and what the bundle says about it —
//! every sentence that mentions it, grouped by article, with the line, a
//! link, the attribution ("Reuters notes", "according to FactSet") when the
//! sentence has one — and the figures the bundle states about it (the
//! claims of `extract::figures` whose subject is the entity), each marked
//! when another article states the same measure and scope differently, as
//! the `figure-conflict` check decides. Rendered as Markdown for hovers
//! and serialised for `copydesk entities --format json`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde::Serialize;

use crate::bundle::{Bundle, Document};
use crate::claims::scoped::{scoped_claims, ScopedClaim};
use crate::config::Config;
use crate::extract::entities::matcher_for;
use crate::extract::EntityMention;
use crate::kb::{self, Kb, Kind, Listing, Note, Source};
use crate::knowledge;
use crate::text::is_whole_word;
use crate::types::{DocId, Location, Span};

/// Longest sentence shown, in characters; longer ones are cut around the
/// mention.
const MAX_SENTENCE_CHARS: usize = 220;

/// One sentence of the bundle that mentions the entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MentionLine {
    /// The article's short name.
    pub article: String,
    /// The article's key (path or URI).
    pub key: String,
    /// 1-based line and column (in Unicode scalar values, as `copydesk
    /// check` counts) of the first mention in the sentence, and of its end.
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    /// Byte offsets of the first mention in the sentence.
    pub start: usize,
    pub end: usize,
    /// The mention as written.
    pub written: String,
    /// The sentence, trimmed (and cut around the mention when long).
    pub sentence: String,
    /// Who the sentence attributes itself to, if anyone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attribution: Option<String>,
    /// Link target: a file URI (or the key) with `#L<line>`.
    pub link: String,
    #[serde(skip)]
    pub doc: DocId,
}

/// The fact sheet of one entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FactSheet {
    pub id: String,
    pub kind: Kind,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub legal_name: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub listings: Vec<Listing>,
    pub what: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hq: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub founded: Option<String>,
    /// Name of the maker of a product.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maker: Option<String>,
    /// Name of the parent of a unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub released: Option<String>,
    pub source: Source,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
    /// Mentions in the bundle (including those in one sentence).
    pub mention_count: usize,
    /// One line per sentence that mentions the entity, in bundle order.
    pub mentions: Vec<MentionLine>,
    /// The figures the bundle states about the entity (from the figures
    /// extraction), in bundle order, each with the claims elsewhere in the
    /// bundle that it conflicts with.
    pub claims: Vec<ClaimLine>,
}

/// A figure the bundle states about the entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClaimLine {
    pub article: String,
    pub key: String,
    /// 1-based line of the figure.
    pub line: usize,
    /// Byte offsets of the figure as written.
    pub start: usize,
    pub end: usize,
    /// What is measured, with its scope: "Alibaba shares, Hong Kong, September 12".
    pub about: String,
    /// The figure as written: "more than 7%".
    pub value: String,
    pub sentence: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attribution: Option<String>,
    pub link: String,
    /// Claims of the same measure and scope elsewhere that cannot both be true.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<ClaimRef>,
    #[serde(skip)]
    pub doc: DocId,
}

/// Another place in the bundle, for a conflicting claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClaimRef {
    pub article: String,
    pub key: String,
    pub line: usize,
    pub value: String,
    pub link: String,
    #[serde(skip)]
    pub doc: DocId,
}

/// The mentions a user's knowledge base found in texts, by the text's
/// address; each entry holds its text, so no address is reused while it
/// is a key. Kept by that knowledge base ([`Kb::derived`]).
#[derive(Default)]
struct FoundAgain(Mutex<HashMap<usize, Found>>);

/// A text and the mentions found in it.
type Found = (Arc<str>, Vec<EntityMention>);

/// The entity mentions of one document under a knowledge base: the
/// extracted ones for the embedded base, found again for a user's base
/// (and kept per text by that base).
pub fn entity_mentions(bundle: &Bundle, kb: &Arc<Kb>, doc: DocId) -> Vec<EntityMention> {
    let Some(d) = bundle.get(doc) else {
        return Vec::new();
    };
    if Arc::ptr_eq(kb, kb::embedded()) {
        return d.facts.entities.clone();
    }
    let cache = kb.derived(|_| FoundAgain::default());
    let text_key = Arc::as_ptr(&d.text) as *const u8 as usize;
    if let Ok(map) = cache.0.lock() {
        if let Some((_, found)) = map.get(&text_key) {
            return found.clone();
        }
    }
    let found = matcher_for(kb).find(&d.text, &d.facts.sentences);
    if let Ok(mut map) = cache.0.lock() {
        // Texts of earlier versions of the bundle are let go now and then.
        if map.len() >= 4 * bundle.len() + 16 {
            map.clear();
        }
        map.insert(text_key, (Arc::clone(&d.text), found.clone()));
    }
    found
}

/// Every mention of entity `id` in the bundle, in bundle order.
pub fn mentions_of(bundle: &Bundle, kb: &Arc<Kb>, id: &str) -> Vec<Location> {
    let mut out = Vec::new();
    for d in bundle.documents() {
        for m in entity_mentions(bundle, kb, d.id) {
            if m.entity == id {
                out.push(Location {
                    doc: d.id,
                    span: m.span,
                });
            }
        }
    }
    out
}

/// The fact sheet of entity `id`, or None if the knowledge base lacks it.
pub fn sheet(bundle: &Bundle, kb: &Arc<Kb>, config: &Config, id: &str) -> Option<FactSheet> {
    let scoped = scoped_claims(bundle, config);
    sheet_with(bundle, kb, &scoped, id)
}

/// The figures of the bundle about entity `id` (its claims carry the key
/// `kb:<id>`), each with the claims it conflicts with.
fn claim_lines(kb: &Kb, bundle: &Bundle, scoped: &[ScopedClaim<'_>], id: &str) -> Vec<ClaimLine> {
    let key = format!("kb:{id}");
    let mut out = Vec::new();
    for c in scoped
        .iter()
        .filter(|c| c.claim.subject_keys.contains(&key))
    {
        let Some(d) = bundle.get(c.doc) else {
            continue;
        };
        let conflicts: Vec<ClaimRef> = scoped
            .iter()
            // As the figure-conflict check does: other articles only.
            .filter(|o| o.doc != c.doc)
            .filter(|o| c.same_claim(o, false) && c.conflicts(o))
            .filter_map(|o| {
                let od = bundle.get(o.doc)?;
                let line = od.lines.line_of(o.claim.span.start) + 1;
                Some(ClaimRef {
                    article: od.name.clone(),
                    key: od.key.clone(),
                    line,
                    value: o.claim.value_text.clone(),
                    link: format!("{}#L{line}", link_target(&od.key)),
                    doc: od.id,
                })
            })
            .collect();
        let line = d.lines.line_of(c.claim.span.start) + 1;
        out.push(ClaimLine {
            article: d.name.clone(),
            key: d.key.clone(),
            line,
            start: c.claim.span.start,
            end: c.claim.span.end,
            about: c.claim.scope_label(c.day.as_ref()),
            value: c.claim.value_text.clone(),
            sentence: trimmed_sentence(&d.text, c.claim.sentence, c.claim.span),
            attribution: attribution(kb, d, c.claim.sentence),
            link: format!("{}#L{line}", link_target(&d.key)),
            conflicts,
            doc: d.id,
        });
    }
    out
}

fn sheet_with(
    bundle: &Bundle,
    kb: &Arc<Kb>,
    scoped: &[ScopedClaim<'_>],
    id: &str,
) -> Option<FactSheet> {
    let e = kb.get(id)?;
    let locations = mentions_of(bundle, kb, id);
    let mut mentions: Vec<MentionLine> = Vec::new();
    for loc in &locations {
        let Some(d) = bundle.get(loc.doc) else {
            continue;
        };
        let sentence = d
            .facts
            .sentence_at(loc.span.start)
            .unwrap_or_else(|| d.lines.line_span(&d.text, d.lines.line_of(loc.span.start)));
        if mentions
            .last()
            .is_some_and(|m| m.doc == d.id && sentence.contains_offset(m.start))
        {
            continue;
        }
        mentions.push(mention_line(kb, d, sentence, loc.span));
    }
    Some(FactSheet {
        id: e.id.clone(),
        kind: e.kind,
        name: e.name.clone(),
        legal_name: e.legal_name.clone(),
        listings: kb.listings(e),
        what: e.what.clone(),
        hq: e.hq.clone(),
        founded: e.founded.clone(),
        maker: e
            .maker
            .as_deref()
            .map(|m| kb.get(m).map_or(m, |x| x.name.as_str()).to_string()),
        parent: e
            .parent
            .as_deref()
            .map(|m| kb.get(m).map_or(m, |x| x.name.as_str()).to_string()),
        family: e.family.clone(),
        released: e.released.clone(),
        source: e.source.clone(),
        notes: e.notes.clone(),
        mention_count: locations.len(),
        mentions,
        claims: claim_lines(kb, bundle, scoped, id),
    })
}

/// The fact sheets of every entity the bundle mentions, in order of first
/// mention.
pub fn sheets(bundle: &Bundle, kb: &Arc<Kb>, config: &Config) -> Vec<FactSheet> {
    let scoped = scoped_claims(bundle, config);
    let mut order: Vec<String> = Vec::new();
    for d in bundle.documents() {
        for m in entity_mentions(bundle, kb, d.id) {
            if !order.contains(&m.entity) {
                order.push(m.entity);
            }
        }
    }
    order
        .iter()
        .filter_map(|id| sheet_with(bundle, kb, &scoped, id))
        .collect()
}

/// The fact sheets of a bundle under a configuration's knowledge base.
pub fn sheets_for_config(bundle: &Bundle, config: &Config) -> Vec<FactSheet> {
    sheets(bundle, &knowledge::for_config(config), config)
}

fn mention_line(kb: &Kb, d: &Document, sentence: Span, mention: Span) -> MentionLine {
    let (line, column) = d.lines.line_col(&d.text, mention.start);
    let (end_line, end_column) = d.lines.line_col(&d.text, mention.end);
    let line = line + 1;
    MentionLine {
        article: d.name.clone(),
        key: d.key.clone(),
        line,
        column: column + 1,
        end_line: end_line + 1,
        end_column: end_column + 1,
        start: mention.start,
        end: mention.end,
        written: d.slice(mention).to_string(),
        sentence: trimmed_sentence(&d.text, sentence, mention),
        attribution: attribution(kb, d, sentence),
        link: format!("{}#L{line}", link_target(&d.key)),
        doc: d.id,
    }
}

/// The sentence on one line, cut to [`MAX_SENTENCE_CHARS`] around the
/// mention with "…" where cut.
pub fn trimmed_sentence(text: &str, sentence: Span, mention: Span) -> String {
    let s = text.get(sentence.start..sentence.end).unwrap_or("");
    let flat: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let chars: Vec<char> = flat.chars().collect();
    if chars.len() <= MAX_SENTENCE_CHARS {
        return flat;
    }
    // Where the mention falls, in characters of the flattened sentence.
    let before = text
        .get(sentence.start..mention.start.clamp(sentence.start, sentence.end))
        .unwrap_or("");
    let at = before
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .count();
    let half = MAX_SENTENCE_CHARS / 2;
    let start = at
        .saturating_sub(half)
        .min(chars.len() - MAX_SENTENCE_CHARS);
    let end = start + MAX_SENTENCE_CHARS;
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.extend(&chars[start..end]);
    if end < chars.len() {
        out.push('…');
    }
    out
}

/// Who a sentence is attributed to: "Reuters" of "Reuters notes", "The
/// Information" of "told The Information", "FactSet" of "according to
/// FactSet"; several sources are joined with commas. Sources are the proper names of the sentence; the words come
/// from `server/data/kb/attribution.toml`.
pub fn attribution(kb: &Kb, d: &Document, sentence: Span) -> Option<String> {
    let text = &*d.text;
    let lower_words_before = |pos: usize, n: usize| -> Vec<String> {
        let before = text.get(sentence.start..pos).unwrap_or("");
        let words: Vec<String> = before
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        words[words.len().saturating_sub(n)..].to_vec()
    };
    let word_after = |pos: usize| -> Option<String> {
        let after = text.get(pos..sentence.end)?;
        let after = after.trim_start_matches([',', ' ', '\u{a0}']);
        let w: String = after.chars().take_while(|c| c.is_alphanumeric()).collect();
        (!w.is_empty()).then(|| w.to_lowercase())
    };
    let names: Vec<Span> = d
        .facts
        .names
        .iter()
        .filter(|n| sentence.start <= n.span.start && n.span.end <= sentence.end)
        .map(|n| with_leading_the(text, n.span))
        .collect();
    let word_before = |pos: usize| lower_words_before(pos, 1).pop();
    // Each name that is a source: "according to X", "told X", "citing X"
    // (a phrase right before it); "X reported", "X notes" (a verb right
    // after it); "said X", "warned X analysts" (a verb right before it).
    let mut found: Vec<&str> = Vec::new();
    for &n in &names {
        let words = lower_words_before(n.start, 5);
        let phrase_before = kb.attribution.before.iter().any(|p| {
            let pw: Vec<&str> = p.split_whitespace().collect();
            !pw.is_empty() && words.len() >= pw.len() && words[words.len() - pw.len()..] == pw[..]
        });
        let verb_after = word_after(n.end).is_some_and(|w| kb.attribution.after.contains(&w));
        let verb_before = word_before(n.start).is_some_and(|w| kb.attribution.after.contains(&w));
        let name = &text[n.start..n.end];
        if (phrase_before || verb_after || verb_before) && !found.contains(&name) {
            found.push(name);
        }
    }
    (!found.is_empty()).then(|| found.join(", "))
}

/// "The Information" rather than "Information" when the name follows a
/// capitalised "The".
fn with_leading_the(text: &str, span: Span) -> Span {
    let before = text.get(..span.start).unwrap_or("");
    if let Some(rest) = before.strip_suffix("The ") {
        let s = Span::new(rest.len(), span.end);
        if is_whole_word(text, Span::new(rest.len(), rest.len() + 3)) {
            return s;
        }
    }
    span
}

/// The link target of a document key: the key itself when it is a URI, a
/// `file://` URI when it is an absolute path, the (escaped) relative path
/// otherwise.
pub fn link_target(key: &str) -> String {
    if is_uri(key) {
        return key.to_string();
    }
    let path = std::path::Path::new(key);
    if path.is_absolute() {
        if let Ok(u) = url::Url::from_file_path(path) {
            return u.to_string();
        }
    }
    key.replace('%', "%25")
        .replace(' ', "%20")
        .replace('(', "%28")
        .replace(')', "%29")
}

fn is_uri(key: &str) -> bool {
    match key.split_once(':') {
        Some((scheme, rest)) => {
            scheme.len() > 1
                && scheme
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
                && (rest.starts_with("//") || scheme == "untitled")
        }
        None => false,
    }
}

/// Escapes the characters Markdown would read as markup.
pub fn escape_md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '[' | ']' | '`' | '<' | '>' | '#' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn source_md(s: &Source) -> String {
    match &s.url {
        Some(u) => format!(
            "[{}]({}), as of {}",
            escape_md(&s.title),
            u,
            escape_md(&s.as_of)
        ),
        None => format!("{}, as of {}", escape_md(&s.title), escape_md(&s.as_of)),
    }
}

/// Exchange display name of a listing ("HKEX 9988").
fn listing_md(kb: &Kb, l: &Listing) -> String {
    let x = kb
        .exchange(&l.exchange)
        .map_or(l.exchange.as_str(), |x| x.code.as_str());
    format!("{} {}", escape_md(x), escape_md(&l.ticker))
}

impl FactSheet {
    /// The knowledge-base part of the sheet, as Markdown.
    pub fn what_markdown(&self, kb: &Kb) -> String {
        let mut out = format!("**{}** — {}\n\n", escape_md(&self.name), self.kind.as_str());
        let mut id_line: Vec<String> = Vec::new();
        if let Some(l) = &self.legal_name {
            id_line.push(escape_md(l));
        }
        if !self.listings.is_empty() {
            id_line.push(
                self.listings
                    .iter()
                    .map(|l| listing_md(kb, l))
                    .collect::<Vec<_>>()
                    .join(", "),
            );
        }
        if !id_line.is_empty() {
            out.push_str(&id_line.join(" · "));
            out.push_str("\n\n");
        }
        out.push_str(&escape_md(&self.what));
        out.push_str("\n\n");
        let mut details: Vec<String> = Vec::new();
        for (label, v) in [
            ("Maker", &self.maker),
            ("Part of", &self.parent),
            ("Family", &self.family),
            ("Released", &self.released),
            ("Headquarters", &self.hq),
            ("Founded", &self.founded),
        ] {
            if let Some(v) = v {
                details.push(format!("{label}: {}", escape_md(v)));
            }
        }
        if !details.is_empty() {
            out.push_str(&details.join(" · "));
            out.push_str("\n\n");
        }
        out.push_str(&format!("*Source: {}*\n\n", source_md(&self.source)));
        for n in &self.notes {
            out.push_str(&format!(
                "- {} *(Source: {})*\n",
                escape_md(&n.text),
                source_md(&n.source)
            ));
        }
        if !self.notes.is_empty() {
            out.push('\n');
        }
        out
    }

    /// The bundle part of the sheet, as Markdown: mentions grouped by
    /// article, each with its line linked.
    pub fn bundle_markdown(&self) -> String {
        let mut per_article: Vec<(&str, Vec<&MentionLine>)> = Vec::new();
        for m in &self.mentions {
            match per_article.last_mut() {
                Some((a, list)) if *a == m.key => list.push(m),
                _ => per_article.push((&m.key, vec![m])),
            }
        }
        let mut out = format!(
            "**In this bundle:** {} mention{} in {} article{}\n\n",
            self.mention_count,
            if self.mention_count == 1 { "" } else { "s" },
            per_article.len(),
            if per_article.len() == 1 { "" } else { "s" },
        );
        for (_, list) in &per_article {
            let Some(first) = list.first() else {
                continue;
            };
            out.push_str(&format!("*{}*\n\n", escape_md(&first.article)));
            for m in list {
                out.push_str(&format!(
                    "- [line {}]({}) {}",
                    m.line,
                    m.link,
                    escape_md(&m.sentence)
                ));
                if let Some(a) = &m.attribution {
                    out.push_str(&format!(" — *{}*", escape_md(a)));
                }
                out.push('\n');
            }
            out.push('\n');
        }
        out
    }

    /// The figures the bundle states about the entity, as Markdown, with
    /// conflicts marked; empty when there are none.
    pub fn claims_markdown(&self) -> String {
        if self.claims.is_empty() {
            return String::new();
        }
        let conflicting = self
            .claims
            .iter()
            .filter(|c| !c.conflicts.is_empty())
            .count();
        let mut out = format!(
            "**Figures in this bundle:** {}{}\n\n",
            self.claims.len(),
            if conflicting > 0 {
                format!(" ({conflicting} in conflict)")
            } else {
                String::new()
            }
        );
        for c in &self.claims {
            out.push_str(&format!(
                "- [{}:{}]({}) {}: **{}**",
                escape_md(&c.article),
                c.line,
                c.link,
                escape_md(&c.about),
                escape_md(&c.value)
            ));
            if let Some(a) = &c.attribution {
                out.push_str(&format!(" — *{}*", escape_md(a)));
            }
            if !c.conflicts.is_empty() {
                let refs: Vec<String> = c
                    .conflicts
                    .iter()
                    .map(|r| {
                        format!(
                            "**{}** in [{}:{}]({})",
                            escape_md(&r.value),
                            escape_md(&r.article),
                            r.line,
                            r.link
                        )
                    })
                    .collect();
                out.push_str(&format!(" — ⚠ conflicts with {}", refs.join(", ")));
            }
            out.push('\n');
        }
        out.push('\n');
        out
    }

    /// The whole sheet as Markdown.
    pub fn markdown(&self, kb: &Kb) -> String {
        format!(
            "{}---\n\n{}{}",
            self.what_markdown(kb),
            self.claims_markdown(),
            self.bundle_markdown()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundle(docs: &[(&str, &str)]) -> Bundle {
        let mut b = Bundle::new();
        for (i, (key, text)) in docs.iter().enumerate() {
            let name = key.rsplit('/').next().unwrap_or(key);
            b.upsert(key, name, i, text);
        }
        b
    }

    /// A made-up knowledge base over the embedded exchanges.
    fn test_kb() -> Arc<Kb> {
        let mut files: Vec<(&str, &str)> = vec![(
            "exchanges.toml",
            include_str!("../../data/kb/exchanges.toml"),
        )];
        files.push((
            "attribution.toml",
            include_str!("../../data/kb/attribution.toml"),
        ));
        files.push((
            "t.toml",
            r#"
[[entity]]
id = "examplecorp"
kind = "company"
name = "Examplecorp"
legal_name = "Examplecorp Holdings Limited"
listings = ["NYSE:EXMP", "HKEX:0707"]
what = "A made-up maker of widgets."
hq = "Port Example"
source = { title = "Examplecorp annual report", url = "https://example.com/ir", as_of = "2025" }
notes = [{ text = "Listed twice.", source = { title = "Exchange filing", as_of = "2024" } }]
"#,
        ));
        Arc::new(Kb::from_files(files).unwrap())
    }

    #[test]
    fn sheet_lists_each_sentence_once_with_links_and_attribution() {
        let b = bundle(&[
            (
                "/news/a.txt",
                "Examplecorp (NYSE: EXMP) rose, Reuters reported. Examplecorp said more.\nShares of 0707.HK fell.",
            ),
            ("/news/b c.txt", "According to FactSet, Examplecorp is a buy."),
        ]);
        let kb = test_kb();
        let s = sheet(&b, &kb, &Config::default(), "examplecorp").unwrap();
        assert_eq!(s.mention_count, 5);
        let lines: Vec<(String, usize, Option<String>)> = s
            .mentions
            .iter()
            .map(|m| (m.article.clone(), m.line, m.attribution.clone()))
            .collect();
        assert_eq!(
            lines,
            vec![
                ("a.txt".into(), 1, Some("Reuters".into())),
                ("a.txt".into(), 1, Some("Examplecorp".into())),
                ("a.txt".into(), 2, None),
                ("b c.txt".into(), 1, Some("FactSet".into())),
            ]
        );
        assert_eq!(s.mentions[3].link, "file:///news/b%20c.txt#L1");
        let md = s.markdown(&kb);
        assert!(md.contains("**Examplecorp** — company"), "{md}");
        assert!(
            md.contains("Examplecorp Holdings Limited · NYSE EXMP, HKEX 0707"),
            "{md}"
        );
        assert!(
            md.contains(
                "*Source: [Examplecorp annual report](https://example.com/ir), as of 2025*"
            ),
            "{md}"
        );
        assert!(
            md.contains("Listed twice. *(Source: Exchange filing, as of 2024)*"),
            "{md}"
        );
        assert!(md.contains("5 mentions in 2 articles"), "{md}");
        assert!(
            md.contains("- [line 2](file:///news/a.txt#L2) Shares of 0707.HK fell."),
            "{md}"
        );
        assert!(md.contains("— *Reuters*"), "{md}");
    }

    #[test]
    fn attribution_forms() {
        let kb = test_kb();
        let cases = [
            (
                "Examplecorp chips compete, three employees told The Information.",
                Some("The Information"),
            ),
            (
                "Examplecorp is still ahead, Reuters notes.",
                Some("Reuters"),
            ),
            ("Examplecorp rose on Monday.", None),
            ("Analysts at Examplecorp see growth.", None),
            (
                "Examplecorp will grow, warned Zorb Analytics analysts.",
                Some("Zorb Analytics"),
            ),
            (
                "Examplecorp will spend more, Lena Vok said, Reuters reported.",
                Some("Lena Vok, Reuters"),
            ),
        ];
        for (text, want) in cases {
            let b = bundle(&[("a.txt", text)]);
            let d = b.documents()[0];
            let got = attribution(&kb, d, d.facts.sentences[0]);
            assert_eq!(got.as_deref(), want, "{text}");
        }
    }

    #[test]
    fn long_sentences_are_cut_around_the_mention() {
        let text = format!("{} Examplecorp {}", "word ".repeat(80), "more ".repeat(80));
        let at = text.find("Examplecorp").unwrap();
        let s = trimmed_sentence(&text, Span::new(0, text.len()), Span::new(at, at + 11));
        assert!(
            s.starts_with('…') && s.ends_with('…') && s.contains("Examplecorp"),
            "{s}"
        );
        assert!(s.chars().count() <= MAX_SENTENCE_CHARS + 2);
    }

    #[test]
    fn link_targets() {
        assert_eq!(link_target("file:///x/a.txt"), "file:///x/a.txt");
        assert_eq!(link_target("untitled:Untitled-1"), "untitled:Untitled-1");
        assert_eq!(link_target("/x/a b.txt"), "file:///x/a%20b.txt");
        assert_eq!(link_target("dir/a b.txt"), "dir/a%20b.txt");
        assert_eq!(link_target("C:dir"), "C:dir");
    }
}
