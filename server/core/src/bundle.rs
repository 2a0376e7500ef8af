//! The bundle: every article of the story with its extracted facts, queried
//! like a small database. Updating one document re-extracts only that one.

use std::collections::HashMap;
use std::sync::Arc;

use crate::extract::{self, DocFacts};
use crate::text::LineIndex;
use crate::types::{DocId, Location};

/// The facts of a text as the bundle keeps them: extracted, then without
/// the spare capacity that growing their lists left (a bundle holds
/// thousands of articles for as long as the editor is open).
fn stored_facts(text: &str) -> DocFacts {
    let mut f = extract::extract(text);
    f.sentences.shrink_to_fit();
    f.names.shrink_to_fit();
    f.entities.shrink_to_fit();
    let g = &mut f.figures;
    g.figures.shrink_to_fit();
    g.claims.shrink_to_fit();
    g.conversions.shrink_to_fit();
    g.dates.shrink_to_fit();
    g.frames.shrink_to_fit();
    f
}

/// A text with its line index and facts, extracted apart from any bundle
/// (the language server does it outside its lock), to be put in with
/// [`Bundle::upsert_prepared`].
#[derive(Debug, Clone)]
pub struct Prepared {
    text: Arc<str>,
    lines: Arc<LineIndex>,
    facts: Arc<DocFacts>,
}

impl Prepared {
    pub fn new(text: &str) -> Prepared {
        Prepared {
            text: Arc::from(text),
            lines: Arc::new(LineIndex::new(text)),
            facts: Arc::new(stored_facts(text)),
        }
    }
}

/// A document to add with [`Bundle::upsert_many`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDocument {
    pub key: String,
    pub name: String,
    pub rank: usize,
    pub text: String,
}

/// One article: its key (a path or URI, opaque to the core), the name shown
/// in messages, its text and what was extracted from it.
#[derive(Debug, Clone)]
pub struct Document {
    pub id: DocId,
    /// Opaque identity given by the caller (a path for the CLI, a URI for the LSP).
    pub key: String,
    /// Short name used in messages, e.g. `000_3acacc3eeaf5b724.txt`.
    pub name: String,
    /// Rank of authority: lower ranks are the reference for canonical spellings.
    pub rank: usize,
    pub text: Arc<str>,
    pub lines: Arc<LineIndex>,
    pub facts: Arc<DocFacts>,
}

impl Document {
    /// `name:line` (1-based) of a byte offset, as messages print it.
    pub fn cite(&self, offset: usize) -> String {
        format!("{}:{}", self.name, self.lines.line_of(offset) + 1)
    }

    /// The text of a span, or "" if the span is out of range.
    pub fn slice(&self, span: crate::types::Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }
}

/// All documents of a story. Ids are stable while a document stays in the
/// bundle; a removed document's id is not reused.
#[derive(Debug, Clone, Default)]
pub struct Bundle {
    docs: Vec<Option<Document>>,
    by_key: HashMap<String, DocId>,
}

/// Articles a thread reads at most in one piece of a parallel pass over
/// articles. Rayon splits a list into as many pieces as a thread count
/// allows until one is stolen: on two threads, pieces of a quarter of the
/// bundle, and the thread that finishes first idles while the other reads
/// its last quarter-piece to the end. Small pieces let it take the rest.
pub(crate) const DOC_PIECE: usize = 8;

impl Bundle {
    pub fn new() -> Bundle {
        Bundle::default()
    }

    /// Adds or replaces a document, extracting its facts. Returns its id.
    /// Text identical to what the bundle holds is not re-extracted.
    pub fn upsert(&mut self, key: &str, name: &str, rank: usize, text: &str) -> DocId {
        if let Some(id) = self.update_unchanged(key, name, rank, text) {
            return id;
        }
        let lines = Arc::new(LineIndex::new(text));
        let facts = Arc::new(stored_facts(text));
        self.insert(key, name, rank, Arc::from(text), lines, facts)
    }

    /// Adds or replaces many documents at once, extracting them in
    /// parallel (the initial scan of a workspace). Returns their ids in
    /// the order given.
    pub fn upsert_many(&mut self, docs: Vec<NewDocument>) -> Vec<DocId> {
        use rayon::prelude::*;
        type Extracted = Option<(Arc<LineIndex>, Arc<DocFacts>)>;
        let extracted: Vec<(NewDocument, Extracted)> = docs
            .into_par_iter()
            // Pieces of a few articles ([`DOC_PIECE`]): a thread done with
            // its share takes the rest of another's.
            .with_max_len(DOC_PIECE)
            .map(|d| {
                let unchanged = self
                    .by_key
                    .get(&d.key)
                    .and_then(|id| self.get(*id))
                    .is_some_and(|doc| *doc.text == *d.text);
                let facts = (!unchanged).then(|| {
                    (
                        Arc::new(LineIndex::new(&d.text)),
                        Arc::new(stored_facts(&d.text)),
                    )
                });
                (d, facts)
            })
            .collect();
        extracted
            .into_iter()
            .map(|(d, facts)| match facts {
                None => self
                    .update_unchanged(&d.key, &d.name, d.rank, &d.text)
                    .unwrap_or_else(|| self.upsert(&d.key, &d.name, d.rank, &d.text)),
                Some((lines, facts)) => {
                    self.insert(&d.key, &d.name, d.rank, Arc::from(d.text), lines, facts)
                }
            })
            .collect()
    }

    /// Adds or replaces a document extracted beforehand: no work that
    /// grows with its text is done here.
    pub fn upsert_prepared(&mut self, key: &str, name: &str, rank: usize, p: Prepared) -> DocId {
        self.insert(key, name, rank, p.text, p.lines, p.facts)
    }

    /// Updates name and rank of a document whose text is unchanged.
    fn update_unchanged(
        &mut self,
        key: &str,
        name: &str,
        rank: usize,
        text: &str,
    ) -> Option<DocId> {
        let id = *self.by_key.get(key)?;
        let doc = self.docs.get_mut(id.index())?.as_mut()?;
        if *doc.text != *text {
            return None;
        }
        doc.name = name.to_string();
        doc.rank = rank;
        Some(id)
    }

    fn insert(
        &mut self,
        key: &str,
        name: &str,
        rank: usize,
        text: Arc<str>,
        lines: Arc<LineIndex>,
        facts: Arc<DocFacts>,
    ) -> DocId {
        if let Some(&id) = self.by_key.get(key) {
            if let Some(Some(doc)) = self.docs.get_mut(id.index()) {
                doc.name = name.to_string();
                doc.rank = rank;
                doc.text = text;
                doc.lines = lines;
                doc.facts = facts;
                return id;
            }
        }
        let id = DocId(self.docs.len() as u32);
        self.docs.push(Some(Document {
            id,
            key: key.to_string(),
            name: name.to_string(),
            rank,
            text,
            lines,
            facts,
        }));
        self.by_key.insert(key.to_string(), id);
        id
    }

    /// Removes a document; returns whether it was there.
    pub fn remove(&mut self, key: &str) -> bool {
        match self.by_key.remove(key) {
            Some(id) => {
                if let Some(slot) = self.docs.get_mut(id.index()) {
                    *slot = None;
                }
                true
            }
            None => false,
        }
    }

    pub fn id_of(&self, key: &str) -> Option<DocId> {
        self.by_key.get(key).copied()
    }

    pub fn get(&self, id: DocId) -> Option<&Document> {
        self.docs.get(id.index()).and_then(Option::as_ref)
    }

    pub fn len(&self) -> usize {
        self.by_key.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_key.is_empty()
    }

    /// Documents in bundle order: by rank of authority, then by name, then key.
    pub fn documents(&self) -> Vec<&Document> {
        let mut docs: Vec<&Document> = self.docs.iter().flatten().collect();
        docs.sort_by(|a, b| (a.rank, &a.name, &a.key).cmp(&(b.rank, &b.name, &b.key)));
        docs
    }

    /// `name:line` of a location, or `?` for a document no longer in the bundle.
    pub fn cite(&self, loc: Location) -> String {
        self.get(loc.doc)
            .map_or_else(|| "?".to_string(), |d| d.cite(loc.span.start))
    }

    /// Position of a document in bundle order (for "first source" choices).
    pub fn order_of(&self) -> HashMap<DocId, usize> {
        self.documents()
            .into_iter()
            .enumerate()
            .map(|(i, d)| (d.id, i))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upsert_many_matches_one_by_one_and_keeps_order() {
        let docs: Vec<NewDocument> = (0..20)
            .map(|i| NewDocument {
                key: format!("k{i}"),
                name: format!("n{i}.txt"),
                rank: i % 3,
                text: format!("Analyst Mark Dunn{} said on day {i}.", "e".repeat(i % 2)),
            })
            .collect();
        let mut one = Bundle::new();
        for d in &docs {
            one.upsert(&d.key, &d.name, d.rank, &d.text);
        }
        let mut many = Bundle::new();
        let ids = many.upsert_many(docs.clone());
        assert_eq!(ids.len(), 20);
        for (d, id) in docs.iter().zip(&ids) {
            let a = one.get(one.id_of(&d.key).unwrap()).unwrap();
            let b = many.get(*id).unwrap();
            assert_eq!(
                (&a.key, &a.name, a.rank, &a.text),
                (&b.key, &b.name, b.rank, &b.text)
            );
            assert_eq!(a.facts, b.facts);
        }
        // Again with one text changed: same ids, new facts only there.
        let mut again = docs.clone();
        again[3].text = "Priya Rao spoke.".into();
        let ids2 = many.upsert_many(again);
        assert_eq!(ids, ids2);
        assert_eq!(&*many.get(ids[3]).unwrap().text, "Priya Rao spoke.");
    }

    #[test]
    fn upsert_replaces_and_keeps_id() {
        let mut b = Bundle::new();
        let a = b.upsert("k1", "a.txt", 0, "Alpha.");
        let id2 = b.upsert("k2", "b.txt", 0, "Beta.");
        assert_ne!(a, id2);
        assert_eq!(b.upsert("k1", "a.txt", 0, "Gamma."), a);
        assert_eq!(&*b.get(a).unwrap().text, "Gamma.");
        assert_eq!(b.len(), 2);
        assert!(b.remove("k1"));
        assert!(b.get(a).is_none());
        assert_eq!(b.len(), 1);
        assert!(!b.remove("k1"));
    }

    #[test]
    fn documents_are_ordered_by_rank_then_name() {
        let mut b = Bundle::new();
        b.upsert("z", "z.txt", 0, "");
        b.upsert("a", "a.txt", 1, "");
        b.upsert("m", "m.txt", 0, "");
        let names: Vec<_> = b.documents().iter().map(|d| d.name.clone()).collect();
        assert_eq!(names, vec!["m.txt", "z.txt", "a.txt"]);
    }
}
