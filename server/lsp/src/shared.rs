//! What the server's own tasks (the file watch, a scheduled analysis)
//! share with its handlers: the state, the ropes, the client, the
//! analysis turn and the debounce delay.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tower_lsp::lsp_types::MessageType;
use tower_lsp::Client;

use super::server::{lock, run_analysis};
use super::state::{ConfigProblem, State};
use super::to_lsp::Ropes;
use copydesk_core::engine::Analyzer;

/// The state and handles the server's own tasks share with it.
#[derive(Clone)]
pub(super) struct Shared {
    pub state: Arc<Mutex<State>>,
    pub ropes: Arc<Mutex<Ropes>>,
    pub client: Client,
    pub turn: Arc<tokio::sync::Mutex<Analyzer>>,
    pub debounce: Arc<Mutex<Duration>>,
}

impl Shared {
    /// Schedules an analysis after the debounce delay; a newer change
    /// makes this one moot.
    pub fn schedule(&self) {
        let generation = lock(&self.state).generation;
        let delay = *lock(&self.debounce);
        let state = self.state.clone();
        let ropes = self.ropes.clone();
        let client = self.client.clone();
        let turn = self.turn.clone();
        tokio::spawn(async move {
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            let turn = turn.lock_owned().await;
            run_analysis(state, ropes, client, generation, turn).await;
        });
    }

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
