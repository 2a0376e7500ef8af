//! The LSP glue: the only layer that knows LSP types. It keeps open
//! buffers in ropey, converts positions in one module ([`convert`]), turns
//! the core's findings into diagnostics, code actions and workspace edits
//! ([`to_lsp`]) and serves them with tower-lsp ([`server`]; the custom
//! requests `copydesk/ledger` and `copydesk/articles` in [`ledger`]).

pub mod convert;
mod edit;
pub mod framing;
mod ledger;
pub mod server;
mod shared;
pub mod state;
pub mod to_lsp;
pub mod watch;

use tokio::io::{AsyncRead, AsyncWrite};
use tower_lsp::{LspService, Server};

pub use ledger::{Article, LedgerParams, ARTICLES_METHOD, METHOD as LEDGER_METHOD};
pub use server::{StatusNotification, StatusParams, CMD_FACT_SHEET, CMD_FIX_ALL};
pub use to_lsp::{LedgerRow, LedgerStatement};

/// How the server runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Delay between an edit and its analysis; the client may override it
    /// with `initializationOptions.debounceMs`.
    pub debounce_ms: u64,
    /// Offer the `copydesk.test.panic` command (tests of panic isolation
    /// only; never in the shipped binary).
    pub test_commands: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            debounce_ms: 120,
            test_commands: false,
        }
    }
}

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
            .custom_method(ledger::METHOD, server::Backend::ledger)
            .custom_method(ledger::ARTICLES_METHOD, server::Backend::articles)
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
