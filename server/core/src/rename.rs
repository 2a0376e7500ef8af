//! Renaming a name across the bundle: what name is under a cursor, and the
//! edits that replace every whole-name occurrence of it in every article.

use crate::bundle::Bundle;
use crate::text::find_whole_words;
use crate::types::{DocId, Edit, Location, Span};

/// Why a rename cannot be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RenameError {
    UnknownDocument,
    NotOnAName,
    EmptyName,
    /// The new name would cross a line or is not a plain name.
    InvalidNewName(String),
}

impl std::fmt::Display for RenameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RenameError::UnknownDocument => f.write_str("this document is not part of the bundle"),
            RenameError::NotOnAName => f.write_str("the cursor is not on a name; place it on a proper name to rename it across the bundle"),
            RenameError::EmptyName => f.write_str("the new name is empty"),
            RenameError::InvalidNewName(why) => write!(f, "the new name is not usable: {why}"),
        }
    }
}

/// The name under `offset`: its span and text.
pub fn name_at(bundle: &Bundle, doc: DocId, offset: usize) -> Result<(Span, String), RenameError> {
    let d = bundle.get(doc).ok_or(RenameError::UnknownDocument)?;
    let mention = d.facts.name_at(offset).ok_or(RenameError::NotOnAName)?;
    let text = d.slice(mention.span).to_string();
    if text.is_empty() {
        return Err(RenameError::NotOnAName);
    }
    Ok((mention.span, text))
}

/// Every whole-name occurrence of `old` in the bundle, replaced by `new`.
pub fn rename_edits(bundle: &Bundle, old: &str, new: &str) -> Result<Vec<Edit>, RenameError> {
    let new_trimmed = new.trim();
    if new_trimmed.is_empty() {
        return Err(RenameError::EmptyName);
    }
    if new.contains(['\n', '\r']) {
        return Err(RenameError::InvalidNewName(
            "it contains a line break".into(),
        ));
    }
    let mut edits = Vec::new();
    for d in bundle.documents() {
        for span in find_whole_words(&d.text, old) {
            edits.push(Edit {
                location: Location { doc: d.id, span },
                new_text: new.to_string(),
            });
        }
    }
    Ok(edits)
}
