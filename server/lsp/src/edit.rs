//! Edits without holding the state lock for work that grows with the
//! buffer: `didChange` applies a change to the rope under the lock, then
//! [`Backend::extract_change`] extracts the new text on a blocking thread
//! and puts it in the bundle with its version in one critical section.
//! Requests first [`Backend::settle`]: they wait until every buffer's
//! latest change is in the bundle, so that an answer right after an edit
//! is computed on the text the user sees.

use std::time::Duration;

use tower_lsp::lsp_types::Url;

use crate::backend::Backend;
use crate::guard::lock;
use copydesk_core::bundle::Prepared;

/// The longest a request waits for pending changes (a hang guard: an
/// article's extraction takes far less).
const SETTLE_LIMIT: Duration = Duration::from_secs(10);

impl Backend {
    /// Extracts the text of change `version` of `uri` outside the lock,
    /// then puts it in the bundle with its version, unless a newer change
    /// came meanwhile (that one puts its own). True when the bundle took
    /// it. A failed extraction takes the article out of the bundle.
    pub(crate) async fn extract_change(&self, uri: &Url, version: i32, rope: ropey::Rope) -> bool {
        let for_extraction = rope.clone();
        let prepared =
            tokio::task::spawn_blocking(move || Prepared::new(&for_extraction.to_string())).await;
        let taken = {
            let mut st = lock(&self.state);
            match (st.open.get_mut(uri), prepared) {
                (Some(open), Ok(prepared)) if open.version == version => {
                    open.synced_rope = rope;
                    open.synced_version = version;
                    // The version and the text move together.
                    st.upsert_prepared(uri, prepared);
                    true
                }
                (Some(open), Err(e)) if open.version == version => {
                    tracing::error!(
                        "internal error extracting {uri}; it is left out of the bundle until the next edit (the server stays up): {e}"
                    );
                    open.synced_rope = rope;
                    open.synced_version = version;
                    st.remove(uri);
                    false
                }
                _ => false,
            }
        };
        self.synced.notify_waiters();
        taken
    }

    /// Waits until every open buffer's latest change is in the bundle (at
    /// most [`SETTLE_LIMIT`]; then the request answers on the versions the
    /// bundle holds, which still agree with its text).
    pub(crate) async fn settle(&self) {
        let deadline = tokio::time::Instant::now() + SETTLE_LIMIT;
        loop {
            let notified = self.synced.notified();
            tokio::pin!(notified);
            // Registered before the check, so that no notice is missed.
            notified.as_mut().enable();
            let pending = lock(&self.state)
                .open
                .values()
                .any(|o| o.synced_version != o.version);
            if !pending {
                return;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                tracing::warn!(
                    "a change is still being read after {SETTLE_LIMIT:?}; answering on the text before it"
                );
                return;
            }
        }
    }
}
