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

use crate::analysis::claims::table::Claim;
use crate::analysis::hover::EntitySymbol;
use crate::analysis::kb::Kind;

use crate::analysis::{Bundle, DocId, Edit, Finding, Fix, Severity, Span};

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

/// The certain fixes of the findings in `doc`, without overlaps, in text
/// order: what "fix all" applies. Only edits inside `doc` are taken, so the
/// result touches one document. Of two overlapping edits the one whose span
/// contains the other's is kept (it fixes the wider stretch: "  -" to "-"
/// rather than "  " to " ", which would leave " -" for a second run).
pub fn fix_all_edits(findings: &[Finding], doc: DocId) -> Vec<Edit> {
    let mut edits: Vec<Edit> = findings
        .iter()
        .filter(|f| f.location.doc == doc)
        .flat_map(|f| f.fixes.iter().filter(|x| x.certain).take(1))
        .flat_map(|x| x.edits.iter().filter(|e| e.location.doc == doc).cloned())
        .collect();
    edits.sort_by_key(|e| (e.location.span.start, e.location.span.end));
    let mut out: Vec<Edit> = Vec::new();
    for e in edits {
        let s = e.location.span;
        match out.last() {
            Some(last) if last.location.span == s => {}
            // Sorted by start, then end: a later edit that overlaps the last
            // one kept contains it only when both start together.
            Some(last) if last.location.span.end > s.start => {
                if last.location.span.start == s.start && s.end >= last.location.span.end {
                    out.pop();
                    out.push(e);
                }
            }
            _ => out.push(e),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Location, RuleInfo};

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
    fn fix_all_takes_certain_fixes_without_overlaps() {
        let d = DocId(0);
        let fs = vec![
            finding(d, 0, 5, true, "a"),
            finding(d, 3, 8, true, "b"),
            finding(d, 10, 12, false, "c"),
            finding(d, 20, 22, true, "d"),
            finding(DocId(1), 0, 2, true, "e"),
        ];
        let edits = fix_all_edits(&fs, d);
        let texts: Vec<&str> = edits.iter().map(|e| e.new_text.as_str()).collect();
        assert_eq!(texts, ["a", "d"]);
    }

    #[test]
    fn regression_fix_all_keeps_the_edit_that_contains_an_overlapping_one() {
        // "acme  -Acme": a double space (4..6 → " ") inside a stray space
        // before a hyphen (4..7 → "-"). Keeping the inner one left " -" for
        // a second fix-all.
        let d = DocId(0);
        let fs = vec![
            finding(d, 4, 6, true, " "),
            finding(d, 4, 7, true, "-"),
            finding(d, 6, 9, true, "x"),
        ];
        let edits = fix_all_edits(&fs, d);
        let got: Vec<(usize, usize, &str)> = edits
            .iter()
            .map(|e| {
                (
                    e.location.span.start,
                    e.location.span.end,
                    e.new_text.as_str(),
                )
            })
            .collect();
        assert_eq!(got, [(4, 7, "-")]);
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
