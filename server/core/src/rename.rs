//! Renaming a name across the bundle: what name is under a cursor, and the
//! edits that replace every whole-name occurrence of it in every article.
//!
//! On a knowledge-base entity (a company, a chip...), the rename covers
//! every mention of that entity written with the spelling under the
//! cursor: "Examplecorp" → "Exemplar" also makes "Examplecorp's" and
//! "Examplecorp Inc." read "Exemplar's" and "Exemplar Inc.", and
//! "EXAMPLECORP" in a headline in capitals "EXEMPLAR". Mentions in another
//! spelling (an alias such as "Exco", a ticker) cannot be derived from the
//! new name, so they are left as written and the rename says so
//! ([`Rename::note`]): an editor renames those one spelling at a time.

use std::collections::BTreeMap;

use crate::bundle::Bundle;
use crate::config::Config;
use crate::extract::{EntityForm, EntityMention};
use crate::factsheet::entity_mentions;
use crate::knowledge;
use crate::text::{find_whole_words, is_whole_word};
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

/// Every whole-name occurrence of `old` in the bundle, replaced by `new`
/// (but where it is already part of `new`: "Examplecorp" in "Examplecorp
/// Group" when renaming to "Examplecorp Group").
pub fn rename_edits(bundle: &Bundle, old: &str, new: &str) -> Result<Vec<Edit>, RenameError> {
    check_new_name(new)?;
    let mut edits = Vec::new();
    for d in bundle.documents() {
        let already = find_whole_words(&d.text, new);
        for span in find_whole_words(&d.text, old) {
            if already
                .iter()
                .any(|a| a.start <= span.start && span.end <= a.end)
            {
                continue;
            }
            edits.push(Edit {
                location: Location { doc: d.id, span },
                new_text: new.to_string(),
            });
        }
    }
    Ok(edits)
}

fn check_new_name(new: &str) -> Result<(), RenameError> {
    if new.trim().is_empty() {
        return Err(RenameError::EmptyName);
    }
    if new.contains(['\n', '\r']) {
        return Err(RenameError::InvalidNewName(
            "it contains a line break".into(),
        ));
    }
    Ok(())
}

/// A rename: its edits, and what it leaves as written and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rename {
    pub edits: Vec<Edit>,
    /// For an entity written in other spellings too: which, and that they
    /// are left as written (for the editor to show).
    pub note: Option<String>,
}

/// The knowledge-base entity mention in a name form under `offset`.
fn entity_name_at(
    bundle: &Bundle,
    config: &Config,
    doc: DocId,
    offset: usize,
) -> Option<(std::sync::Arc<crate::kb::Kb>, EntityMention)> {
    let kb = knowledge::for_config(config);
    let m = entity_mentions(bundle, &kb, doc)
        .into_iter()
        .find(|m| m.form == EntityForm::Name && m.span.contains_offset(offset))?;
    Some((kb, m))
}

/// What a rename at `offset` renames: the knowledge-base entity's
/// spelling under it, else the proper name under it ([`name_at`]).
pub fn target_at(
    bundle: &Bundle,
    config: &Config,
    doc: DocId,
    offset: usize,
) -> Result<(Span, String), RenameError> {
    let d = bundle.get(doc).ok_or(RenameError::UnknownDocument)?;
    if let Some((_, m)) = entity_name_at(bundle, config, doc, offset) {
        let text = d.slice(m.span).to_string();
        if !text.is_empty() {
            return Ok((m.span, text));
        }
    }
    name_at(bundle, doc, offset)
}

/// The rename of what is under `offset` ([`target_at`]) to `new`: every
/// whole-name occurrence of its spelling, and on an entity also that
/// spelling in capitals inside the entity's mentions; the entity's other
/// spellings are named in the note.
pub fn rename_at(
    bundle: &Bundle,
    config: &Config,
    doc: DocId,
    offset: usize,
    new: &str,
) -> Result<Rename, RenameError> {
    let (_, old) = target_at(bundle, config, doc, offset)?;
    let mut edits = rename_edits(bundle, &old, new)?;
    let Some((kb, at)) = entity_name_at(bundle, config, doc, offset) else {
        return Ok(Rename { edits, note: None });
    };
    let upper = old.to_uppercase();
    let mut others: BTreeMap<String, usize> = BTreeMap::new();
    let mut tickers = 0;
    for d in bundle.documents() {
        for m in entity_mentions(bundle, &kb, d.id) {
            if m.entity != at.entity {
                continue;
            }
            if m.form == EntityForm::Ticker {
                tickers += 1;
                continue;
            }
            let written = d.slice(m.span);
            let words = |needle: &str| -> Vec<Span> {
                find_whole_words(written, needle)
                    .into_iter()
                    .map(|s| Span::new(m.span.start + s.start, m.span.start + s.end))
                    .filter(|s| is_whole_word(&d.text, *s))
                    .collect()
            };
            if !words(&old).is_empty() {
                // Renamed by the whole-name pass.
                continue;
            }
            let capitals = if upper != old {
                words(&upper)
            } else {
                Vec::new()
            };
            if capitals.is_empty() {
                *others.entry(written.to_string()).or_default() += 1;
            }
            for span in capitals {
                edits.push(Edit {
                    location: Location { doc: d.id, span },
                    new_text: new.to_uppercase(),
                });
            }
        }
    }
    edits.sort_by_key(|e| (e.location.doc, e.location.span.start));
    edits.dedup_by_key(|e| (e.location.doc, e.location.span));
    let name = kb
        .get(&at.entity)
        .map_or_else(|| old.clone(), |e| e.name.clone());
    let mut left: Vec<String> = others
        .iter()
        .map(|(s, n)| format!("'{s}' ({n} {})", plural(*n, "mention")))
        .collect();
    if tickers > 0 {
        left.push(format!(
            "its ticker ({tickers} {})",
            plural(tickers, "mention")
        ));
    }
    let note = (!left.is_empty()).then(|| {
        format!(
            "renamed '{old}' in {} {}; {name} is also written {}, left as written: \
             a new name says nothing of those spellings, rename them one by one",
            edits.len(),
            plural(edits.len(), "place"),
            join_and(&left)
        )
    });
    Ok(Rename { edits, note })
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}

/// "a", "a and b", "a, b and c".
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundle(docs: &[&str]) -> (Bundle, Vec<DocId>) {
        crate::fixture::numbered(docs)
    }

    /// A made-up company with an alias and a listing.
    fn config() -> Config {
        Config::parse(
            r#"
[[entity]]
id = "examplecorp"
kind = "company"
name = "Examplecorp"
aliases = ["Examplecorp Inc.", "Exco Widgets"]
listings = ["NYSE:EXMP"]
what = "A made-up maker of widgets."
source = { title = "Examplecorp annual report", as_of = "2025" }
"#,
        )
        .expect("config")
    }

    fn applied(b: &Bundle, id: DocId, edits: &[Edit]) -> String {
        let mut text = b.get(id).map(|d| d.text.to_string()).unwrap_or_default();
        let mut mine: Vec<&Edit> = edits.iter().filter(|e| e.location.doc == id).collect();
        mine.sort_by_key(|e| std::cmp::Reverse(e.location.span.start));
        for e in mine {
            text.replace_range(e.location.span.start..e.location.span.end, &e.new_text);
        }
        text
    }

    #[test]
    fn an_entity_is_renamed_in_every_mention_of_its_spelling_and_the_rest_is_said() {
        let (b, ids) = bundle(&[
            "EXAMPLECORP SHARES JUMP ON WIDGET DEAL\nExamplecorp's shares rose, Examplecorp Inc. said.\n",
            "Exco Widgets (NYSE: EXMP) said Examplecorp would grow.\n",
        ]);
        let at = 45; // inside "Examplecorp's"
        let (span, old) = target_at(&b, &config(), ids[0], at).expect("target");
        assert_eq!((old.as_str(), span.len()), ("Examplecorp", 11));
        let r = rename_at(&b, &config(), ids[0], at, "Exemplar").expect("rename");
        assert_eq!(
            applied(&b, ids[0], &r.edits),
            "EXEMPLAR SHARES JUMP ON WIDGET DEAL\nExemplar's shares rose, Exemplar Inc. said.\n"
        );
        assert_eq!(
            applied(&b, ids[1], &r.edits),
            "Exco Widgets (NYSE: EXMP) said Exemplar would grow.\n"
        );
        let note = r.note.expect("the other spellings are named");
        assert!(
            note.contains("'Exco Widgets' (1 mention) and its ticker (1 mention)"),
            "{note}"
        );
        assert!(
            note.starts_with("renamed 'Examplecorp' in 4 places"),
            "{note}"
        );
    }

    #[test]
    fn a_name_outside_the_knowledge_base_has_no_note_and_a_longer_new_name_is_not_doubled() {
        let (b, ids) = bundle(&["Zorblatt Vane spoke. Zorblatt Vane Group agreed.\n"]);
        let r =
            rename_at(&b, &Config::default(), ids[0], 2, "Zorblatt Vane Group").expect("rename");
        assert_eq!(r.note, None);
        assert_eq!(
            applied(&b, ids[0], &r.edits),
            "Zorblatt Vane Group spoke. Zorblatt Vane Group agreed.\n"
        );
        assert_eq!(
            rename_at(&b, &Config::default(), ids[0], 2, " "),
            Err(RenameError::EmptyName)
        );
    }
}
