//! The bundle as a client's view shows it: `copydesk/ledger`, the claim
//! ledger (every figure that two or more articles state of the same thing,
//! each statement's place and value class, and the claims whose values
//! disagree) as plain JSON, and `copydesk/articles`, the bundle's articles
//! in order.

use tower_lsp::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp::lsp_types::Url;

use copydesk_core::claims::table;

use super::server::{guarded, lock, Backend};
use super::state::normalize;
use super::to_lsp::{self, Converter, LedgerRow};

/// The ledger request's method name.
pub const METHOD: &str = "copydesk/ledger";
/// The articles request's method name (params `{}`).
pub const ARTICLES_METHOD: &str = "copydesk/articles";

/// One article of the bundle.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Article {
    pub uri: Url,
    /// Its short name, as places in messages and hovers give it.
    pub name: String,
}

/// The request's parameters: `{}` for every claim, or `{"uri": ...}` for
/// the claims one article states.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LedgerParams {
    #[serde(default)]
    pub uri: Option<Url>,
}

impl Backend {
    /// Answers `copydesk/articles`: the bundle's articles, in bundle order
    /// (rank, then name).
    pub async fn articles(&self, _: serde_json::Value) -> Result<Vec<Article>> {
        self.settle().await;
        let bundle = lock(&self.state).bundle.clone();
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
    /// buffer's latest change is in; the ledger is computed on a blocking
    /// thread.
    pub async fn ledger(&self, params: LedgerParams) -> Result<Vec<LedgerRow>> {
        self.settle().await;
        let (bundle, config, encoding, only) = {
            let st = lock(&self.state);
            let only = params.uri.as_ref().map(normalize);
            let doc = only.as_ref().map(|u| st.doc_id(u));
            (st.bundle.clone(), st.config.clone(), st.encoding, doc)
        };
        // An article outside the bundle states no claim of it.
        if let Some(None) = only {
            return Ok(Vec::new());
        }
        let b = bundle.clone();
        let claims = tokio::task::spawn_blocking(move || table::claims(&b, &config))
            .await
            .map_err(|e| {
                tracing::error!("internal error in the ledger: {e}");
                Error {
                    code: ErrorCode::InternalError,
                    message: "copydesk: internal error in the ledger; the server is still running (see its log)".into(),
                    data: None,
                }
            })?;
        guarded("ledger", || {
            let mut ropes = lock(&self.ropes);
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
}
