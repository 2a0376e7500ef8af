//! The LSP glue: the only layer that knows LSP types. It keeps open
//! buffers in ropey and serves the core's analysis with tower-lsp.
//!
//! Architecture Invariant: only this crate knows LSP types; LSP values are
//! built in to_lsp/convert only (handlers wrap or forward them). The one
//! exception is what the server says of itself rather than of the bundle:
//! its capabilities and the file watch it registers, declared in
//! `capabilities`.
//!
//! The modules, from the bottom up (a module uses only those above it in
//! this list, never one below):
//! - [`convert`]: LSP positions and ranges to byte offsets and spans, and
//!   back, in the negotiated encoding.
//! - [`framing`]: the guard in front of the server that drops malformed
//!   frames.
//! - `guard`: the panic guard (a panic in a handler becomes an internal
//!   error), the lock that survives it, the errors handlers answer with.
//! - [`Options`] (`options`): how the server runs.
//! - `ext`: copydesk's extensions of the protocol (`copydesk/status`, the
//!   commands, `copydesk/ledger` and `copydesk/articles` with their types).
//! - [`state`]: the open buffers, the bundle, the configuration.
//! - `kept`: the claim ledger kept for figure hovers and
//!   `copydesk/ledger`, carried over edits that move no figure.
//! - [`to_lsp`]: the core's values (findings, fixes, edits, hovers,
//!   places, symbols, claims) as LSP values.
//! - `capabilities`: what the server advertises and registers, and what it
//!   keeps of the client's capabilities.
//! - `shared`: what the server's own tasks share with its handlers.
//! - `publish`: an analysis and the diagnostics and status it publishes.
//! - `scheduling`: when an analysis runs (debounced, one at a time).
//! - [`watch`]: files changed on disk (the client's notifications and the
//!   server's own watch).
//! - `backend`: the server's state as handlers see it, and the consistent
//!   snapshot of one request.
//! - `edit`: changes put in the bundle without holding the lock; requests
//!   wait for them.
//! - `indexing`: reading the roots, registering the file watch.
//! - `handlers`: one function per request and notification (lifecycle,
//!   notifications, navigation, edits, the ledger).
//! - [`server`]: the `LanguageServer` impl, a thin dispatcher to the
//!   handlers; [`run`] serves it.

mod backend;
mod capabilities;
pub mod convert;
mod edit;
mod ext;
pub mod framing;
mod guard;
mod handlers;
mod indexing;
mod kept;
mod options;
mod publish;
mod scheduling;
pub mod server;
mod shared;
pub mod state;
pub mod to_lsp;
pub mod watch;

use tokio::io::{AsyncRead, AsyncWrite};
use tower_lsp::{LspService, Server};

pub use ext::{
    Article, LedgerParams, LedgerRow, LedgerStatement, StatusNotification, StatusParams,
    ARTICLES_METHOD, CMD_FACT_SHEET, CMD_FIX_ALL, LEDGER_METHOD,
};
pub use options::Options;

/// How long pending work may take after `exit`.
const EXIT_GRACE: std::time::Duration = std::time::Duration::from_secs(1);

/// Serves the protocol on any pair of streams (stdio, or a duplex pipe in
/// tests) until the client exits. True when a `shutdown` request came
/// before the end, as LSP asks (the process then exits with 0, else 1).
pub async fn run<I, O>(input: I, output: O, options: Options) -> bool
where
    I: AsyncRead + Unpin,
    O: AsyncWrite,
{
    let shut_down = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = shut_down.clone();
    let (service, socket) =
        LspService::build(move |client| server::Backend::new(client, options, flag))
            .custom_method(LEDGER_METHOD, server::Backend::ledger)
            .custom_method(ARTICLES_METHOD, server::Backend::articles)
            .finish();
    // Frames pass through the guard, which drops malformed ones.
    let (guarded_read, guarded_write) = tokio::io::duplex(1 << 16);
    let sanitize = framing::sanitize(input, guarded_write);
    let serve = Server::new(guarded_read, output, socket).serve(service);
    tokio::pin!(sanitize, serve);
    // At the end of the input the server first answers what came. At
    // `exit` it is done, even while the client keeps its end of the pipe
    // open or leaves a request of the server unanswered (a handler waiting
    // for it would hold the server forever): pending work gets a moment.
    tokio::select! {
        () = &mut serve => {}
        exited = &mut sanitize => {
            if exited {
                let _ = tokio::time::timeout(EXIT_GRACE, serve).await;
            } else {
                serve.await;
            }
        }
    }
    shut_down.load(std::sync::atomic::Ordering::SeqCst)
}

/// Serves the protocol on stdin and stdout; see [`run`].
pub async fn run_stdio() -> bool {
    run(tokio::io::stdin(), tokio::io::stdout(), Options::default()).await
}
