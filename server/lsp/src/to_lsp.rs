//! Findings, fixes and edits of the core as LSP values: diagnostics with
//! related information, code actions and workspace edits. Positions are
//! converted against the exact text the findings were computed on.

use std::collections::HashMap;
use std::sync::Arc;

use ropey::Rope;
use tower_lsp::lsp_types::{
    CodeAction, CodeActionKind, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity,
    DocumentChanges, DocumentSymbol, Location as LspLocation, NumberOrString, OneOf,
    OptionalVersionedTextDocumentIdentifier, SymbolInformation, SymbolKind, TextDocumentEdit,
    TextEdit, Url, WorkspaceEdit,
};

use copydesk_core::claims::table::Claim;
use copydesk_core::hover::EntitySymbol;
use copydesk_core::kb::Kind;

use copydesk_core::{Bundle, DocId, Edit, Finding, Fix, Severity, Span};

use super::convert::{self, Encoding};

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

fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Information => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// The kind of the fix-all action: a sub-kind of `source.fixAll`, so that
/// it answers both `only: ["source.fixAll"]` (e.g. VS Code's
/// `editor.codeActionsOnSave`) and `only: ["source.fixAll.copydesk"]`.
pub fn fix_all_kind() -> CodeActionKind {
    CodeActionKind::new("source.fixAll.copydesk")
}

pub struct Converter<'a> {
    pub bundle: &'a Bundle,
    pub ropes: &'a mut Ropes,
    pub encoding: Encoding,
    /// When the client supports `documentChanges`: the version of each open
    /// document that the bundle's text is (unopened files get no version).
    /// `None`: plain `changes`.
    pub versions: Option<&'a HashMap<Url, i32>>,
}

/// The outline kind of a knowledge-base entity.
fn symbol_kind(kind: Kind) -> SymbolKind {
    match kind {
        Kind::Company => SymbolKind::CLASS,
        Kind::Index => SymbolKind::NUMBER,
        Kind::Chip => SymbolKind::STRUCT,
        Kind::Model => SymbolKind::OBJECT,
        Kind::Product => SymbolKind::PACKAGE,
    }
}

/// `copydesk/ledger`'s answer: one claim that two or more articles state.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LedgerRow {
    /// The measure words the statements share, as written.
    pub label: String,
    pub unit: String,
    /// The values cannot all be true.
    pub conflict: bool,
    pub statements: Vec<LedgerStatement>,
}

/// One article's statement of a claim.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LedgerStatement {
    pub uri: Url,
    pub range: tower_lsp::lsp_types::Range,
    /// The figure as written.
    pub written: String,
    /// The class of agreeing values (0-based); two classes or more in a
    /// row mean a conflict.
    pub class: usize,
    /// "error", "warning", "information", "hint": how the checks flag
    /// the statement; `null` when they do not.
    pub flagged: Option<String>,
}

impl Converter<'_> {
    /// An entity of one document as an outline entry at its first mention.
    pub fn document_symbol(&mut self, s: &EntitySymbol) -> Option<DocumentSymbol> {
        let range = self.range(s.location.doc, s.location.span)?;
        #[allow(deprecated)] // `deprecated` is a required field of the type
        Some(DocumentSymbol {
            name: s.name.clone(),
            detail: (!s.detail.is_empty()).then(|| s.detail.clone()),
            kind: symbol_kind(s.kind),
            tags: None,
            deprecated: None,
            range,
            selection_range: range,
            children: None,
        })
    }

    /// An entity of the bundle at its first mention.
    pub fn workspace_symbol(&mut self, s: &EntitySymbol) -> Option<SymbolInformation> {
        let uri = uri_of(self.bundle, s.location.doc)?;
        let range = self.range(s.location.doc, s.location.span)?;
        #[allow(deprecated)] // `deprecated` is a required field of the type
        Some(SymbolInformation {
            name: s.name.clone(),
            kind: symbol_kind(s.kind),
            tags: None,
            deprecated: None,
            location: LspLocation { uri, range },
            container_name: (!s.detail.is_empty()).then(|| s.detail.clone()),
        })
    }

    fn range(&mut self, doc: DocId, span: Span) -> Option<tower_lsp::lsp_types::Range> {
        let enc = self.encoding;
        let rope = self.ropes.get(self.bundle, doc)?;
        Some(convert::range(rope, span, enc))
    }

    /// A claim of the ledger with LSP places; statements of articles that
    /// left the bundle are dropped.
    pub fn ledger_row(&mut self, c: &Claim) -> LedgerRow {
        let statements = c
            .statements
            .iter()
            .filter_map(|s| {
                Some(LedgerStatement {
                    uri: uri_of(self.bundle, s.doc)?,
                    range: self.range(s.doc, s.span)?,
                    written: s.written.clone(),
                    class: s.class,
                    flagged: s.flagged.map(|f| f.as_str().to_string()),
                })
            })
            .collect();
        LedgerRow {
            label: c.label.clone(),
            unit: c.unit.clone(),
            conflict: c.conflict,
            statements,
        }
    }

    pub fn diagnostic(&mut self, f: &Finding) -> Option<Diagnostic> {
        let range = self.range(f.location.doc, f.location.span)?;
        let mut related = Vec::new();
        for r in &f.related {
            let (Some(uri), Some(range)) = (
                uri_of(self.bundle, r.location.doc),
                self.range(r.location.doc, r.location.span),
            ) else {
                continue;
            };
            related.push(DiagnosticRelatedInformation {
                location: LspLocation { uri, range },
                message: r.message.clone(),
            });
        }
        Some(Diagnostic {
            range,
            severity: Some(severity(f.severity)),
            code: Some(NumberOrString::String(f.rule.to_string())),
            source: Some("copydesk".to_string()),
            message: f.message.clone(),
            related_information: (!related.is_empty()).then_some(related),
            ..Diagnostic::default()
        })
    }

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
}

#[cfg(test)]
mod tests {
    use super::*;
    use copydesk_core::{Location, RuleInfo};

    static INFO: RuleInfo = RuleInfo {
        id: "name-variant",
        default_severity: Severity::Warning,
        summary: "",
        flags: &[""],
        passes: &[""],
    };

    fn finding(doc: DocId, start: usize, end: usize, certain: bool, text: &str) -> Finding {
        let location = Location {
            doc,
            span: Span::new(start, end),
        };
        Finding {
            rule: INFO.id,
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
                certain,
                preferred: true,
            }],
        }
    }

    #[test]
    fn diagnostics_carry_code_source_and_utf16_ranges() {
        let mut b = Bundle::new();
        let id = b.upsert("file:///a.txt", "a.txt", 0, "“x” Mark Dunne");
        let f = finding(id, "“x” ".len(), "“x” Mark Dunne".len(), false, "Mark Dunn");
        let mut ropes = Ropes::default();
        let mut c = Converter {
            bundle: &b,
            ropes: &mut ropes,
            encoding: Encoding::Utf16,
            versions: None,
        };
        let d = c.diagnostic(&f).unwrap();
        assert_eq!(d.range.start.character, 4);
        assert_eq!(d.range.end.character, 14);
        assert_eq!(d.code, Some(NumberOrString::String("name-variant".into())));
        assert_eq!(d.source.as_deref(), Some("copydesk"));
    }

    #[test]
    fn workspace_edits_carry_versions_of_open_documents_when_asked() {
        let mut b = Bundle::new();
        let a = b.upsert("file:///a.txt", "a.txt", 0, "Mark Dunne said.");
        let z = b.upsert("file:///z.txt", "z.txt", 0, "Mark Dunne left.");
        let edits: Vec<Edit> = [a, z]
            .iter()
            .map(|&doc| Edit {
                location: Location {
                    doc,
                    span: Span::new(5, 10),
                },
                new_text: "Dunn".into(),
            })
            .collect();
        let open: HashMap<Url, i32> = [(Url::parse("file:///z.txt").unwrap(), 7)].into();
        let mut ropes = Ropes::default();
        let plain = Converter {
            bundle: &b,
            ropes: &mut ropes,
            encoding: Encoding::Utf16,
            versions: None,
        }
        .workspace_edit(&edits)
        .unwrap();
        assert_eq!(plain.changes.map(|c| c.len()), Some(2));
        assert!(plain.document_changes.is_none());
        let versioned = Converter {
            bundle: &b,
            ropes: &mut ropes,
            encoding: Encoding::Utf16,
            versions: Some(&open),
        }
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
}
