//! The bundle as a client's view shows it: `copydesk/ledger`, the claim
//! ledger (every figure that two or more articles state of the same thing,
//! each statement's place and value class, and the claims whose values
//! disagree) as plain JSON, and `copydesk/articles`, the bundle's articles
//! in order. The types are in [`crate::ext`].

use tower_lsp::jsonrpc::Result;

use crate::backend::Backend;
use crate::ext::{Article, LedgerParams, LedgerRow};
use crate::guard::{guarded, internal_error, lock};
use crate::state::normalize;
use crate::to_lsp::{self, Converter};

/// Answers `copydesk/articles`: the bundle's articles, in bundle order
/// (rank, then name).
pub(crate) async fn articles(b: &Backend) -> Result<Vec<Article>> {
    b.settle().await;
    let bundle = lock(&b.state).bundle.clone();
    Ok(bundle
        .documents()
        .into_iter()
        .filter_map(|d| {
            Some(Article {
                uri: to_lsp::uri_of(&bundle, d.id)?,
                name: d.name.clone(),
            })
        })
        .collect())
}

/// Answers `copydesk/ledger` on the bundle as it is once every open
/// buffer's latest change is in, from the kept claim ledger
/// ([`Backend::ledger_for`]); its places are read on a blocking thread.
pub(crate) async fn ledger(b: &Backend, params: LedgerParams) -> Result<Vec<LedgerRow>> {
    b.settle().await;
    let snap = b.snapshot();
    let encoding = snap.encoding;
    let only = params
        .uri
        .as_ref()
        .map(|u| snap.bundle.id_of(normalize(u).as_str()));
    // An article outside the bundle states no claim of it.
    if let Some(None) = only {
        return Ok(Vec::new());
    }
    let kept = b.ledger_for(&snap).await?;
    let bundle = snap.bundle.clone();
    let bb = bundle.clone();
    let claims = tokio::task::spawn_blocking(move || kept.claims(&bb))
        .await
        .map_err(|e| {
            tracing::error!("internal error in the ledger: {e}");
            internal_error("the ledger")
        })?;
    guarded("ledger", || {
        let mut ropes = lock(&b.ropes);
        let mut conv = Converter {
            bundle: &bundle,
            ropes: &mut ropes,
            encoding,
            versions: None,
        };
        Ok(claims
            .iter()
            .filter(|c| match only {
                Some(Some(d)) => c.statements.iter().any(|s| s.doc == d),
                _ => true,
            })
            .map(|c| conv.ledger_row(c))
            .collect())
    })
}
