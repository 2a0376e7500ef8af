//! Requests that read the bundle: hover, references, definition, the
//! document outline and workspace symbols.

use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::{
    DocumentSymbolParams, DocumentSymbolResponse, GotoDefinitionParams, GotoDefinitionResponse,
    Hover, HoverParams, Location, ReferenceParams, SymbolInformation, WorkspaceSymbolParams,
};

use copydesk_core as analysis;
use copydesk_core::claims::table;

use crate::backend::Backend;
use crate::guard::{guarded, internal_error, lock};
use crate::state::normalize;

/// A hover; on a figure, from the kept claim ledger ([`Backend::ledger_for`]).
pub(crate) async fn hover(b: &Backend, params: HoverParams) -> Result<Option<Hover>> {
    b.settle().await;
    let p = params.text_document_position_params;
    let located = guarded("hover", || {
        let Some((snap, doc, offset)) = b.locate(&p.text_document.uri, p.position) else {
            return Ok(None);
        };
        let figure = table::figure_under(&snap.bundle, doc, offset);
        Ok(Some((snap, doc, offset, figure)))
    })?;
    let Some((snap, doc, offset, figure)) = located else {
        return Ok(None);
    };
    let ledger = if figure {
        Some(b.ledger_for(&snap).await?)
    } else {
        None
    };
    guarded("hover", || {
        let h = match &ledger {
            Some(l) => {
                analysis::hover::hover_with_ledger(&snap.bundle, &snap.config, l, doc, offset)
            }
            None => analysis::hover::hover(&snap.bundle, &snap.config, doc, offset),
        };
        let Some(h) = h else {
            return Ok(None);
        };
        let mut ropes = lock(&b.ropes);
        Ok(Some(snap.converter(&mut ropes).hover(doc, h)))
    })
}

pub(crate) async fn references(
    b: &Backend,
    params: ReferenceParams,
) -> Result<Option<Vec<Location>>> {
    b.settle().await;
    let p = params.text_document_position;
    guarded("references", || {
        let Some((snap, doc, offset)) = b.locate(&p.text_document.uri, p.position) else {
            return Ok(None);
        };
        let locs = analysis::hover::references(&snap.bundle, &snap.config, doc, offset);
        let mut ropes = lock(&b.ropes);
        Ok(snap.converter(&mut ropes).references(locs))
    })
}

pub(crate) async fn goto_definition(
    b: &Backend,
    params: GotoDefinitionParams,
) -> Result<Option<GotoDefinitionResponse>> {
    b.settle().await;
    let p = params.text_document_position_params;
    guarded("definition", || {
        let Some((snap, doc, offset)) = b.locate(&p.text_document.uri, p.position) else {
            return Ok(None);
        };
        let Some(l) = analysis::hover::definition(&snap.bundle, &snap.config, doc, offset) else {
            return Ok(None);
        };
        let mut ropes = lock(&b.ropes);
        Ok(snap.converter(&mut ropes).definition(l))
    })
}

pub(crate) async fn document_symbol(
    b: &Backend,
    params: DocumentSymbolParams,
) -> Result<Option<DocumentSymbolResponse>> {
    b.settle().await;
    let uri = normalize(&params.text_document.uri);
    let snap = b.snapshot();
    let Some(doc) = snap.bundle.id_of(uri.as_str()) else {
        tracing::info!("documentSymbol for {uri}, which is not an article of the bundle");
        return Ok(None);
    };
    guarded("documentSymbol", || {
        let symbols = analysis::hover::document_symbols(&snap.bundle, &snap.config, doc);
        let mut ropes = lock(&b.ropes);
        Ok(Some(snap.converter(&mut ropes).document_symbols(&symbols)))
    })
}

pub(crate) async fn symbol(
    b: &Backend,
    params: WorkspaceSymbolParams,
) -> Result<Option<Vec<SymbolInformation>>> {
    b.settle().await;
    let snap = b.snapshot();
    // Every article is looked at: blocking work, off the executor.
    let (bundle, config) = (snap.bundle.clone(), snap.config.clone());
    let symbols = tokio::task::spawn_blocking(move || {
        analysis::hover::workspace_symbols(&bundle, &config, &params.query)
    })
    .await
    .map_err(|e| {
        tracing::error!("internal error in workspace/symbol: {e}");
        internal_error("workspace/symbol")
    })?;
    guarded("workspace/symbol", || {
        let mut ropes = lock(&b.ropes);
        Ok(Some(snap.converter(&mut ropes).workspace_symbols(&symbols)))
    })
}
