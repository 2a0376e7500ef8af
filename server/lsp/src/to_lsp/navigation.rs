//! Hovers, places (references, definition), outline and workspace symbols,
//! and the claim ledger's rows.

use tower_lsp::lsp_types::{
    DocumentSymbol, DocumentSymbolResponse, GotoDefinitionResponse, Hover, HoverContents,
    Location as LspLocation, MarkupContent, MarkupKind, SymbolInformation, SymbolKind,
};

use copydesk_core::claims::table::Claim;
use copydesk_core::hover::{EntitySymbol, HoverInfo};
use copydesk_core::kb::Kind;
use copydesk_core::{DocId, Location};

use super::{uri_of, Converter, LedgerRow, LedgerStatement};

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

impl Converter<'_> {
    /// A hover of `doc` as Markdown, with its range while `doc` is in the
    /// bundle.
    pub fn hover(&mut self, doc: DocId, h: HoverInfo) -> Hover {
        Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: h.markdown,
            }),
            range: self.range(doc, h.span),
        }
    }

    /// A place of the bundle; `None` when its article left it.
    pub fn location(&mut self, l: Location) -> Option<LspLocation> {
        Some(LspLocation {
            uri: uri_of(self.bundle, l.doc)?,
            range: self.range(l.doc, l.span)?,
        })
    }

    /// The places still in the bundle; `None` when there is none.
    pub fn references(&mut self, locs: Vec<Location>) -> Option<Vec<LspLocation>> {
        let out: Vec<LspLocation> = locs.into_iter().filter_map(|l| self.location(l)).collect();
        (!out.is_empty()).then_some(out)
    }

    pub fn definition(&mut self, l: Location) -> Option<GotoDefinitionResponse> {
        self.location(l).map(GotoDefinitionResponse::Scalar)
    }

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

    /// A document's outline: its entities still in the bundle.
    pub fn document_symbols(&mut self, symbols: &[EntitySymbol]) -> DocumentSymbolResponse {
        DocumentSymbolResponse::Nested(
            symbols
                .iter()
                .filter_map(|s| self.document_symbol(s))
                .collect(),
        )
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

    /// The bundle's entities still in it.
    pub fn workspace_symbols(&mut self, symbols: &[EntitySymbol]) -> Vec<SymbolInformation> {
        symbols
            .iter()
            .filter_map(|s| self.workspace_symbol(s))
            .collect()
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
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::super::Ropes;
    use super::*;
    use copydesk_core::Span;

    fn symbol(doc: DocId, detail: &str) -> EntitySymbol {
        EntitySymbol {
            name: "Examplecorp".into(),
            id: "examplecorp".into(),
            kind: Kind::Company,
            detail: detail.into(),
            location: at(doc, 4, 15),
            mentions: vec![at(doc, 4, 15)],
        }
    }

    #[test]
    fn a_hover_is_markdown_with_its_range() {
        let (b, ids) = bundle_of(&[("a.txt", "Hi.\nExamplecorp rose.")]);
        let mut ropes = Ropes::default();
        let mut c = converter(&b, &mut ropes, None);
        let info = HoverInfo {
            span: Span::new(4, 15),
            markdown: "**Examplecorp**".into(),
        };
        let h = c.hover(ids[0], info.clone());
        let HoverContents::Markup(m) = h.contents else {
            panic!("expected Markdown");
        };
        assert_eq!(m.kind, MarkupKind::Markdown);
        assert_eq!(m.value, "**Examplecorp**");
        let r = h.range.unwrap();
        assert_eq!(
            (r.start.line, r.start.character, r.end.character),
            (1, 0, 11)
        );
        assert!(c.hover(DocId(42), info).range.is_none());
    }

    #[test]
    fn references_drop_lost_places_and_none_is_no_answer() {
        let (b, ids) = bundle_of(&[("a.txt", "Examplecorp"), ("b.txt", "x Examplecorp")]);
        let mut ropes = Ropes::default();
        let mut c = converter(&b, &mut ropes, None);
        let out = c
            .references(vec![
                at(ids[0], 0, 11),
                at(DocId(42), 0, 1),
                at(ids[1], 2, 13),
            ])
            .unwrap();
        let got: Vec<(&str, u32)> = out
            .iter()
            .map(|l| (l.uri.as_str(), l.range.start.character))
            .collect();
        assert_eq!(got, [("file:///a.txt", 0), ("file:///b.txt", 2)]);
        assert!(c.references(vec![at(DocId(42), 0, 1)]).is_none());
        assert!(c.definition(at(DocId(42), 0, 1)).is_none());
        let Some(GotoDefinitionResponse::Scalar(l)) = c.definition(at(ids[1], 2, 13)) else {
            panic!("expected one place");
        };
        assert_eq!(l.uri.as_str(), "file:///b.txt");
    }

    #[test]
    fn symbols_carry_kind_detail_and_place() {
        let (b, ids) = bundle_of(&[("a.txt", "Hi. Examplecorp rose.")]);
        let mut ropes = Ropes::default();
        let mut c = converter(&b, &mut ropes, None);
        let syms = [
            symbol(ids[0], "company"),
            symbol(ids[0], ""),
            symbol(DocId(42), ""),
        ];
        let DocumentSymbolResponse::Nested(outline) = c.document_symbols(&syms) else {
            panic!("expected a nested outline");
        };
        assert_eq!(outline.len(), 2);
        assert_eq!(outline[0].kind, SymbolKind::CLASS);
        assert_eq!(outline[0].detail.as_deref(), Some("company"));
        assert_eq!(outline[1].detail, None);
        assert_eq!(outline[0].range.start.character, 4);
        let workspace = c.workspace_symbols(&syms);
        assert_eq!(workspace.len(), 2);
        assert_eq!(workspace[0].container_name.as_deref(), Some("company"));
        assert_eq!(workspace[0].location.uri.as_str(), "file:///a.txt");
    }
}
