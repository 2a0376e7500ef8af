//! Edits of the core as workspace edits, and the code actions and rename
//! answers that carry them.

use std::collections::HashMap;

use tower_lsp::lsp_types::{
    CodeAction, CodeActionKind, DocumentChanges, OneOf, OptionalVersionedTextDocumentIdentifier,
    PrepareRenameResponse, TextDocumentEdit, TextEdit, Url, WorkspaceEdit,
};

use copydesk_core::{DocId, Edit, Finding, Fix, Span};

use super::{uri_of, Converter};

/// The kind of the fix-all action: a sub-kind of `source.fixAll`, so that
/// it answers both `only: ["source.fixAll"]` (e.g. VS Code's
/// `editor.codeActionsOnSave`) and `only: ["source.fixAll.copydesk"]`.
pub fn fix_all_kind() -> CodeActionKind {
    CodeActionKind::new("source.fixAll.copydesk")
}

impl Converter<'_> {
    /// Edits grouped per document, as a workspace edit.
    pub fn workspace_edit(&mut self, edits: &[Edit]) -> Option<WorkspaceEdit> {
        let mut changes: HashMap<Url, Vec<TextEdit>> = HashMap::new();
        for e in edits {
            let uri = uri_of(self.bundle, e.location.doc)?;
            let range = self.range(e.location.doc, e.location.span)?;
            changes.entry(uri).or_default().push(TextEdit {
                range,
                new_text: e.new_text.clone(),
            });
        }
        for v in changes.values_mut() {
            v.sort_by_key(|e| (e.range.start.line, e.range.start.character));
        }
        let Some(versions) = self.versions else {
            return Some(WorkspaceEdit {
                changes: Some(changes),
                ..WorkspaceEdit::default()
            });
        };
        let mut docs: Vec<(Url, Vec<TextEdit>)> = changes.into_iter().collect();
        docs.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
        let edits = docs
            .into_iter()
            .map(|(uri, edits)| TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier {
                    version: versions.get(&uri).copied(),
                    uri,
                },
                edits: edits.into_iter().map(OneOf::Left).collect(),
            })
            .collect();
        Some(WorkspaceEdit {
            document_changes: Some(DocumentChanges::Edits(edits)),
            ..WorkspaceEdit::default()
        })
    }

    pub fn quickfix(&mut self, f: &Finding, fix: &Fix) -> Option<CodeAction> {
        let diagnostic = self.diagnostic(f)?;
        Some(CodeAction {
            title: fix.title.clone(),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![diagnostic]),
            edit: Some(self.workspace_edit(&fix.edits)?),
            is_preferred: Some(fix.preferred),
            ..CodeAction::default()
        })
    }

    /// The action applying every certain fix of an article (`edits`, not
    /// empty) at once.
    pub fn fix_all_action(&mut self, edits: &[Edit]) -> Option<CodeAction> {
        let edit = self.workspace_edit(edits)?;
        Some(CodeAction {
            title: format!(
                "Fix all certain copydesk findings in this article ({})",
                edits.len()
            ),
            kind: Some(fix_all_kind()),
            edit: Some(edit),
            ..CodeAction::default()
        })
    }

    /// The name under the cursor that a rename would change.
    pub fn prepare_rename(
        &mut self,
        doc: DocId,
        span: Span,
        name: String,
    ) -> Option<PrepareRenameResponse> {
        Some(PrepareRenameResponse::RangeWithPlaceholder {
            range: self.range(doc, span)?,
            placeholder: name,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::super::Ropes;
    use super::*;

    fn replace_in_each(docs: &[DocId]) -> Vec<Edit> {
        docs.iter()
            .map(|&doc| Edit {
                location: at(doc, 9, 13),
                new_text: "Vayne".into(),
            })
            .collect()
    }

    #[test]
    fn workspace_edits_carry_versions_of_open_documents_when_asked() {
        let (b, ids) = bundle_of(&[
            ("a.txt", "Zorblatt Vane said."),
            ("z.txt", "Zorblatt Vane left."),
        ]);
        let edits = replace_in_each(&ids);
        let open: HashMap<Url, i32> = [(Url::parse("file:///z.txt").unwrap(), 7)].into();
        let mut ropes = Ropes::default();
        let plain = converter(&b, &mut ropes, None)
            .workspace_edit(&edits)
            .unwrap();
        assert_eq!(plain.changes.map(|c| c.len()), Some(2));
        assert!(plain.document_changes.is_none());
        let versioned = converter(&b, &mut ropes, Some(&open))
            .workspace_edit(&edits)
            .unwrap();
        assert!(versioned.changes.is_none());
        let Some(DocumentChanges::Edits(docs)) = versioned.document_changes else {
            panic!("expected document edits");
        };
        let got: Vec<(&str, Option<i32>, usize)> = docs
            .iter()
            .map(|d| {
                (
                    d.text_document.uri.as_str(),
                    d.text_document.version,
                    d.edits.len(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [("file:///a.txt", None, 1), ("file:///z.txt", Some(7), 1)]
        );
    }

    #[test]
    fn edits_of_one_document_come_in_text_order() {
        let (b, ids) = bundle_of(&[("a.txt", "Zorblatt Vane\nZorblatt Vane")]);
        let edits = vec![
            Edit {
                location: at(ids[0], 23, 27),
                new_text: "2".into(),
            },
            Edit {
                location: at(ids[0], 9, 13),
                new_text: "1".into(),
            },
        ];
        let mut ropes = Ropes::default();
        let e = converter(&b, &mut ropes, None)
            .workspace_edit(&edits)
            .unwrap();
        let changes = e.changes.unwrap();
        let texts: Vec<&str> = changes[&Url::parse("file:///a.txt").unwrap()]
            .iter()
            .map(|t| t.new_text.as_str())
            .collect();
        assert_eq!(texts, ["1", "2"]);
    }

    #[test]
    fn the_fix_all_action_counts_its_edits_and_has_the_fix_all_kind() {
        let (b, ids) = bundle_of(&[
            ("a.txt", "Zorblatt Vane said."),
            ("z.txt", "Zorblatt Vane left."),
        ]);
        let mut ropes = Ropes::default();
        let mut c = converter(&b, &mut ropes, None);
        let a = c.fix_all_action(&replace_in_each(&ids)).unwrap();
        assert_eq!(
            a.title,
            "Fix all certain copydesk findings in this article (2)"
        );
        assert_eq!(a.kind, Some(fix_all_kind()));
        assert!(fix_all_kind()
            .as_str()
            .starts_with(&format!("{}.", CodeActionKind::SOURCE_FIX_ALL.as_str())));
        assert_eq!(a.edit.and_then(|e| e.changes).map(|c| c.len()), Some(2));
        let gone = replace_in_each(&[DocId(42)]);
        assert!(c.fix_all_action(&gone).is_none());
    }

    #[test]
    fn a_quickfix_carries_its_diagnostic_and_preference() {
        let (b, ids) = bundle_of(&[("a.txt", "Zorblatt Vane said.")]);
        let f = finding(ids[0], 9, 13, "Vayne");
        let mut ropes = Ropes::default();
        let a = converter(&b, &mut ropes, None)
            .quickfix(&f, &f.fixes[0])
            .unwrap();
        assert_eq!(a.kind, Some(CodeActionKind::QUICKFIX));
        assert_eq!(a.is_preferred, Some(true));
        assert_eq!(a.diagnostics.map(|d| d.len()), Some(1));
    }

    #[test]
    fn prepare_rename_gives_the_range_and_the_name() {
        let (b, ids) = bundle_of(&[("a.txt", "Hi.\nZorblatt Vane said.")]);
        let mut ropes = Ropes::default();
        let mut c = converter(&b, &mut ropes, None);
        let Some(PrepareRenameResponse::RangeWithPlaceholder { range, placeholder }) =
            c.prepare_rename(ids[0], Span::new(4, 17), "Zorblatt Vane".into())
        else {
            panic!("expected a range with a placeholder");
        };
        assert_eq!(placeholder, "Zorblatt Vane");
        assert_eq!((range.start.line, range.start.character), (1, 0));
        assert_eq!((range.end.line, range.end.character), (1, 13));
        assert!(c
            .prepare_rename(DocId(42), Span::new(0, 1), "x".into())
            .is_none());
    }
}
