//! Extraction: one document's text becomes facts (sentences, name mentions,
//! and later figures and claims). Extraction is per document, so an edit
//! re-extracts only the edited article.

pub mod counts;
pub mod entities;
pub mod figures;
mod frame_values;
mod frame_vocab;
pub mod frames;
pub mod names;
pub mod restated;
pub mod scope;
pub mod shouted;
pub mod source;
pub mod word_set;

use crate::text::sentences;
use crate::types::Span;

pub use entities::{EntityForm, EntityMention};
pub use names::{NameKind, NameMention};

/// What one document says, as plain data with byte spans.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocFacts {
    pub sentences: Vec<Span>,
    pub names: Vec<NameMention>,
    /// Knowledge-base entities (embedded knowledge base), in order.
    pub entities: Vec<EntityMention>,
    /// Figures, dates, conversions and claims (see [`figures`]).
    pub figures: figures::Figures,
    /// The words and hyphen parts written in lower case, folded
    /// ([`names::lowercase_words`]).
    pub lower_words: word_set::WordSet,
    /// Front matter and suppression comments ([`crate::regions`]).
    pub regions: crate::regions::Regions,
}

impl DocFacts {
    /// The sentence that contains `offset`, if any.
    pub fn sentence_at(&self, offset: usize) -> Option<Span> {
        let i = self.sentences.partition_point(|s| s.end < offset);
        self.sentences
            .get(i)
            .copied()
            .filter(|s| s.contains_offset(offset))
    }

    /// The name mention whose span contains `offset`, preferring the longest.
    pub fn name_at(&self, offset: usize) -> Option<&NameMention> {
        self.names
            .iter()
            .filter(|n| n.span.contains_offset(offset))
            .max_by_key(|n| n.span.len())
    }
}

/// Extracts every fact of one document.
pub fn extract(text: &str) -> DocFacts {
    // Front matter and suppression comments are not prose: extraction reads
    // them blanked out, so offsets stay those of `text`.
    let regions = crate::regions::regions(text);
    let masked = regions.masked(text);
    let original = text;
    let text = masked.as_deref().unwrap_or(text);
    let sentences = sentences(text);
    // About a word in six bytes: the list of the whole text's words is
    // made once, not grown sentence by sentence.
    let mut tokens = Vec::with_capacity(text.len() / 6 + 1);
    let mut names = names::extract_names_and_tokens(text, &sentences, &mut tokens);
    if masked.is_some() {
        // Whether a name is shouted reads what follows it as written
        // (a dateline's comma), which a blanked region may hide.
        for m in &mut names {
            m.shouted = shouted::shouted(original, m);
        }
    }
    let lower_words = word_set::lowercase_words_of(text, &tokens);
    drop(tokens);
    let entities = entities::extract_entities(text, &sentences);
    let mut figures = figures::extract_figures(text, &sentences, &names, &entities);
    // Front matter's `date` is the article's date (a timestamp's day).
    if let Some(date) = regions
        .front_matter
        .and_then(|fm| crate::regions::front_matter_value(original, fm, "date"))
        .and_then(|d| figures::SimpleDate::parse_iso(d.get(..10).unwrap_or(d)))
    {
        figures.article_date = Some(date);
    }
    DocFacts {
        sentences,
        names,
        entities,
        figures,
        lower_words,
        regions,
    }
}
