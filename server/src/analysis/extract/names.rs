//! Name mentions: proper names (people, companies, products, models,
//! chips) found without a dictionary, from capitalisation and shape.

use crate::analysis::types::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NameKind {
    /// Several capitalised words: "Robert Lee", "Hong Kong".
    MultiWord,
    /// One word: "Nvidia", "OpenAI", "Qwen3-Max-Preview".
    Word,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameMention {
    pub span: Span,
    pub kind: NameKind,
    /// The mention opens its sentence, so its capital says nothing.
    pub sentence_start: bool,
}

/// Finds the name mentions of a text.
pub fn extract_names(text: &str, sentences: &[Span]) -> Vec<NameMention> {
    let mut out = Vec::new();
    for s in sentences {
        let mut first = true;
        for (i, w) in text[s.start..s.end]
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .enumerate()
        {
            let _ = i;
            let start = w.as_ptr() as usize - text.as_ptr() as usize;
            if w.chars().next().is_some_and(char::is_uppercase) {
                out.push(NameMention {
                    span: Span::new(start, start + w.len()),
                    kind: NameKind::Word,
                    sentence_start: first,
                });
            }
            if !w.is_empty() {
                first = false;
            }
        }
    }
    out
}
