//! The core's values as LSP values: findings as diagnostics with related
//! information (`diagnostics`), fixes and edits as code actions and
//! workspace edits (`edits`), hovers, places, symbols and the ledger
//! (`navigation`), and the indexing's progress (`progress`). Positions
//! are converted (through [`crate::convert`]) against the exact text the
//! core's values were computed on.

mod diagnostics;
mod edits;
mod navigation;
mod progress;

use std::collections::HashMap;
use std::sync::Arc;

use ropey::Rope;
use tower_lsp::lsp_types::{Range, Url};

use copydesk_core::{Bundle, DocId, Span};

use crate::convert::{self, Encoding};

pub use crate::ext::{LedgerRow, LedgerStatement};
pub(crate) use diagnostics::config_diagnostic;
pub use edits::fix_all_kind;
pub(crate) use progress::{
    progress_begin, progress_create_params, progress_end, progress_params, progress_report,
    progress_token,
};

/// Ropes of a bundle's documents, built once per text.
#[derive(Debug, Default)]
pub struct Ropes {
    cache: HashMap<DocId, (Arc<str>, Rope)>,
}

impl Ropes {
    /// The rope of `doc` as the bundle has it.
    pub fn get(&mut self, bundle: &Bundle, doc: DocId) -> Option<&Rope> {
        let text = bundle.get(doc)?.text.clone();
        let fresh = self
            .cache
            .get(&doc)
            .is_some_and(|(t, _)| Arc::ptr_eq(t, &text));
        if !fresh {
            let rope = Rope::from_str(&text);
            self.cache.insert(doc, (text, rope));
        }
        self.cache.get(&doc).map(|(_, r)| r)
    }

    /// Forgets documents that are no longer in the bundle.
    pub fn retain(&mut self, bundle: &Bundle) {
        self.cache.retain(|id, _| bundle.get(*id).is_some());
    }
}

pub fn uri_of(bundle: &Bundle, doc: DocId) -> Option<Url> {
    Url::parse(&bundle.get(doc)?.key).ok()
}

/// Converts the core's values of one bundle (the one they were computed
/// on) to LSP values.
pub struct Converter<'a> {
    pub bundle: &'a Bundle,
    pub ropes: &'a mut Ropes,
    pub encoding: Encoding,
    /// When the client supports `documentChanges`: the version of each open
    /// document that the bundle's text is (unopened files get no version).
    /// `None`: plain `changes`.
    pub versions: Option<&'a HashMap<Url, i32>>,
}

impl Converter<'_> {
    /// The range of `span` in `doc`; `None` when `doc` left the bundle.
    fn range(&mut self, doc: DocId, span: Span) -> Option<Range> {
        let enc = self.encoding;
        let rope = self.ropes.get(self.bundle, doc)?;
        Some(convert::range(rope, span, enc))
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    use super::*;
    use copydesk_core::{Edit, Finding, Fix, Location, Severity};

    /// A bundle of the given articles (`file:///<name>`), in order.
    pub fn bundle_of(articles: &[(&str, &str)]) -> (Bundle, Vec<DocId>) {
        let mut b = Bundle::new();
        let ids = articles
            .iter()
            .map(|(name, text)| b.upsert(&format!("file:///{name}"), name, 0, text))
            .collect();
        (b, ids)
    }

    pub fn at(doc: DocId, start: usize, end: usize) -> Location {
        Location {
            doc,
            span: Span::new(start, end),
        }
    }

    /// A warning at `start..end` of `doc` with one fix replacing it.
    pub fn finding(doc: DocId, start: usize, end: usize, text: &str) -> Finding {
        let location = at(doc, start, end);
        Finding {
            rule: "name-variant",
            severity: Severity::Warning,
            location,
            message: "m".into(),
            related: vec![],
            fixes: vec![Fix {
                title: "t".into(),
                edits: vec![Edit {
                    location,
                    new_text: text.into(),
                }]
                .into(),
                certain: true,
                preferred: true,
            }],
        }
    }

    pub fn converter<'a>(
        bundle: &'a Bundle,
        ropes: &'a mut Ropes,
        versions: Option<&'a HashMap<Url, i32>>,
    ) -> Converter<'a> {
        Converter {
            bundle,
            ropes,
            encoding: Encoding::Utf16,
            versions,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::*;
    use super::*;

    #[test]
    fn ropes_follow_the_bundle_text() {
        let (mut b, ids) = bundle_of(&[("a.txt", "one\ntwo")]);
        let mut ropes = Ropes::default();
        assert_eq!(ropes.get(&b, ids[0]).map(|r| r.len_lines()), Some(2));
        let id = b.upsert("file:///a.txt", "a.txt", 0, "one\ntwo\nthree");
        assert_eq!(id, ids[0]);
        assert_eq!(ropes.get(&b, id).map(|r| r.len_lines()), Some(3));
    }

    #[test]
    fn a_range_needs_the_document_in_the_bundle() {
        let (b, ids) = bundle_of(&[("a.txt", "ab\ncd")]);
        let mut ropes = Ropes::default();
        let mut c = converter(&b, &mut ropes, None);
        let r = c.range(ids[0], Span::new(3, 5)).unwrap();
        assert_eq!(
            (r.start.line, r.start.character, r.end.character),
            (1, 0, 2)
        );
        let (other, other_ids) = bundle_of(&[("x.txt", "x"), ("y.txt", "y")]);
        let mut c = converter(&other, &mut ropes, None);
        assert!(c.range(other_ids[1], Span::new(0, 1)).is_some());
        let mut c = converter(&b, &mut ropes, None);
        assert!(c.range(other_ids[1], Span::new(0, 1)).is_none());
        assert_eq!(
            uri_of(&b, ids[0]).map(|u| u.to_string()),
            Some("file:///a.txt".into())
        );
    }
}
