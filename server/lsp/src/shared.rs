//! What the server's own tasks (the file watch, a scheduled analysis)
//! share with its handlers: the state, the ropes, the client, the
//! analysis turn and the debounce delay.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tower_lsp::lsp_types::MessageType;
use tower_lsp::Client;

use crate::kept::LedgerSlot;
use crate::state::{ConfigProblem, State};
use crate::to_lsp::Ropes;
use copydesk_core::engine::Analyzer;

/// The state and handles the server's own tasks share with it.
#[derive(Clone)]
pub(crate) struct Shared {
    pub state: Arc<Mutex<State>>,
    pub ropes: Arc<Mutex<Ropes>>,
    pub client: Client,
    /// One analysis at a time: a scheduled analysis waits its turn here
    /// and then finds out whether a newer change made it moot. The turn
    /// holds the incremental analyzer, which keeps what the next analysis
    /// can reuse.
    pub turn: Arc<tokio::sync::Mutex<Analyzer>>,
    pub debounce: Arc<Mutex<Duration>>,
    /// The claim ledger kept for figure hovers: each analysis carries it
    /// over to the bundle it analysed.
    pub ledger: LedgerSlot,
}

impl Shared {
    /// Tells the user that copydesk.toml is broken and the defaults apply
    /// (the diagnostic on the file itself says where).
    pub async fn warn_broken_config(&self, p: &ConfigProblem) {
        self.client
            .show_message(
                MessageType::WARNING,
                format!(
                    "copydesk: {} is broken ({}); using the defaults",
                    p.uri, p.error.message
                ),
            )
            .await;
    }
}
