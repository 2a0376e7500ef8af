//! The server's state as handlers see it: [`Backend`] (the state, the
//! ropes, the client's capabilities, the watch, the analysis turn) and
//! [`Snapshot`], a consistent view for one request.

use std::collections::HashMap;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::{Position, Url};
use tower_lsp::Client;

use copydesk_core::claims::table::Ledger;
use copydesk_core::config::Config;
use copydesk_core::engine::Analyzer;
use copydesk_core::{self as analysis, Bundle, DocId, Finding};

use crate::capabilities::ClientCaps;
use crate::convert::{self, Encoding};
use crate::guard::{internal_error, lock};
use crate::kept::{self, LedgerSlot};
use crate::options::Options;
use crate::scheduling;
use crate::shared::Shared;
use crate::state::{normalize, ConfigProblem, State};
use crate::to_lsp::{Converter, Ropes};
use crate::watch::DiskWatch;

pub struct Backend {
    pub(crate) client: Client,
    pub(crate) options: Options,
    pub(crate) state: Arc<Mutex<State>>,
    /// Told whenever a change's text went into the bundle (or was given
    /// up): requests wait on it until the buffers are in the bundle.
    pub(crate) synced: Arc<tokio::sync::Notify>,
    pub(crate) ropes: Arc<Mutex<Ropes>>,
    pub(crate) caps: Mutex<ClientCaps>,
    pub(crate) debounce: Arc<Mutex<Duration>>,
    /// The server's own watch of the roots, when the client does not
    /// watch files for it.
    pub(crate) watcher: Mutex<Option<DiskWatch>>,
    /// One analysis at a time: a scheduled analysis waits its turn here and
    /// then finds out whether a newer change made it moot, so a burst of
    /// changes (opening fifty articles) never runs fifty analyses at once.
    /// The turn holds the incremental analyzer, which keeps what the next
    /// analysis can reuse.
    analysis_turn: Arc<tokio::sync::Mutex<Analyzer>>,
    /// The claim ledger kept for figure hovers and `copydesk/ledger`.
    ledger: LedgerSlot,
    /// Set by `shutdown`: an `exit` before it ends the process with 1.
    pub(crate) shut_down: Arc<AtomicBool>,
}

/// A consistent view for one request: bundle, findings (fresh for that
/// bundle), configuration and encoding.
pub(crate) struct Snapshot {
    pub bundle: Arc<Bundle>,
    pub config: Arc<Config>,
    pub encoding: Encoding,
    /// Versions of the open documents whose text the bundle holds, when
    /// the client wants versioned edits (`documentChanges`).
    versions: Option<Arc<HashMap<Url, i32>>>,
}

impl Snapshot {
    /// Taken under the state lock, so the versions belong to the bundle.
    fn of(st: &State, versioned: bool) -> Snapshot {
        Snapshot {
            bundle: st.bundle.clone(),
            config: st.config.clone(),
            encoding: st.encoding,
            versions: versioned.then(|| {
                Arc::new(
                    st.open
                        .iter()
                        .map(|(u, d)| (u.clone(), d.synced_version))
                        .collect(),
                )
            }),
        }
    }

    pub fn converter<'a>(&'a self, ropes: &'a mut Ropes) -> Converter<'a> {
        Converter {
            bundle: &self.bundle,
            ropes,
            encoding: self.encoding,
            versions: self.versions.as_deref(),
        }
    }
}

impl Backend {
    pub fn new(client: Client, options: Options, shut_down: Arc<AtomicBool>) -> Backend {
        Backend {
            shut_down,
            client,
            options,
            state: Arc::new(Mutex::new(State::default())),
            ropes: Arc::new(Mutex::new(Ropes::default())),
            caps: Mutex::new(ClientCaps::default()),
            debounce: Arc::new(Mutex::new(Duration::from_millis(options.debounce_ms))),
            watcher: Mutex::new(None),
            synced: Arc::new(tokio::sync::Notify::new()),
            analysis_turn: Arc::new(tokio::sync::Mutex::new(Analyzer::new())),
            ledger: LedgerSlot::default(),
        }
    }

    pub(crate) fn snapshot(&self) -> Snapshot {
        let versioned = lock(&self.caps).document_changes;
        Snapshot::of(&lock(&self.state), versioned)
    }

    /// The document and byte offset of a position, in the current text.
    pub(crate) fn locate(&self, uri: &Url, pos: Position) -> Option<(Snapshot, DocId, usize)> {
        let uri = normalize(uri);
        let versioned = lock(&self.caps).document_changes;
        let st = lock(&self.state);
        let Some(doc) = st.doc_id(&uri) else {
            tracing::info!("request for {uri}, which is not an article of the bundle");
            return None;
        };
        let rope = st.rope_of(&uri)?;
        let off = convert::offset(&rope, pos, st.encoding);
        if off.clamped {
            tracing::warn!(
                "position {}:{} is outside {uri} or inside a character; clamped",
                pos.line,
                pos.character
            );
        }
        Some((Snapshot::of(&st, versioned), doc, off.byte))
    }

    /// Findings computed on exactly this bundle: the last analysis when it
    /// is current, else a fresh one on a blocking thread (so fixes never
    /// point into old text, and the executor is not held up). A panic in
    /// the analysis is logged and answered with an error.
    pub(crate) async fn findings_for(&self, snap: &Snapshot) -> Result<Arc<Vec<Finding>>> {
        {
            let st = lock(&self.state);
            if Arc::ptr_eq(&st.analysis.bundle, &snap.bundle) {
                return Ok(st.analysis.findings.clone());
            }
        }
        let (bundle, config) = (snap.bundle.clone(), snap.config.clone());
        match tokio::task::spawn_blocking(move || analysis::analyze(&bundle, &config)).await {
            Ok(findings) => Ok(Arc::new(findings)),
            Err(e) => {
                tracing::error!("internal error in the analysis: {e}");
                Err(internal_error("the analysis"))
            }
        }
    }

    /// The claim ledger of exactly the snapshot's bundle: the kept one
    /// (carried over when the bundle reads alike), else one built on a
    /// blocking thread. A panic in it is logged and answered with an error.
    pub(crate) async fn ledger_for(&self, snap: &Snapshot) -> Result<Arc<Ledger>> {
        kept::ledger_for(&self.ledger, snap.bundle.clone(), snap.config.clone())
            .await
            .map_err(|e| {
                tracing::error!("internal error in the claim ledger: {e}");
                internal_error("the claim ledger")
            })
    }

    /// Schedules an analysis after the debounce delay; a newer change makes
    /// this one moot.
    pub(crate) fn schedule(&self) {
        scheduling::schedule(&self.shared());
    }

    /// What the server's own tasks (the file watch) share with it.
    pub(crate) fn shared(&self) -> Shared {
        Shared {
            state: self.state.clone(),
            ropes: self.ropes.clone(),
            client: self.client.clone(),
            turn: self.analysis_turn.clone(),
            debounce: self.debounce.clone(),
            ledger: self.ledger.clone(),
        }
    }

    pub(crate) async fn warn_broken_config(&self, p: &ConfigProblem) {
        self.shared().warn_broken_config(p).await;
    }
}
