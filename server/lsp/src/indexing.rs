//! Reading the bundle from the workspace: the indexing of the roots (with
//! progress when the client shows it), the registration of the client's
//! file watch, or else the server's own watch ([`crate::watch`]), and the
//! root adopted when the client gives no workspace folder.

use tower_lsp::lsp_types::request::WorkDoneProgressCreate;
use tower_lsp::lsp_types::{notification, MessageType, NumberOrString, Url, WorkDoneProgress};

use crate::backend::Backend;
use crate::capabilities;
use crate::guard::lock;
use crate::to_lsp;
use crate::watch::DiskWatch;

impl Backend {
    /// Reads every article under the roots (and the configuration), then
    /// schedules an analysis.
    pub(crate) async fn index_workspace(&self) {
        let token = to_lsp::progress_token();
        let progress = lock(&self.caps).work_done_progress
            && self
                .client
                .send_request::<WorkDoneProgressCreate>(to_lsp::progress_create_params(&token))
                .await
                .is_ok();
        if progress {
            self.progress(&token, to_lsp::progress_begin()).await;
        }
        let state = self.state.clone();
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<(usize, usize)>();
        // The lock is held to plan the scan and to apply it, not while the
        // files are read and extracted.
        let scan = tokio::task::spawn_blocking(move || {
            let plan = {
                let mut st = lock(&state);
                st.load_config();
                st.scan_plan()
            };
            let mut result = plan.run(&mut |done, total| {
                let _ = tx.send((done, total));
            });
            let found = result.found;
            let unreadable = std::mem::take(&mut result.unreadable);
            lock(&state).apply_scan(result);
            (found, unreadable)
        });
        while let Some((done, total)) = rx.recv().await {
            if progress {
                if let Some(report) = to_lsp::progress_report(done, total) {
                    self.progress(&token, report).await;
                }
            }
        }
        let total = match scan.await {
            Ok((n, unreadable)) => {
                // A folder that cannot be read does not stop the indexing:
                // the client's log says which and why.
                for (place, reason) in unreadable {
                    self.client
                        .log_message(MessageType::WARNING, format!("copydesk: {place}: {reason}"))
                        .await;
                }
                n
            }
            Err(e) => {
                tracing::error!("indexing failed: {e}");
                0
            }
        };
        let problem = lock(&self.state).config_problem.clone();
        if let Some(p) = problem {
            self.warn_broken_config(&p).await;
        }
        if progress {
            self.progress(&token, to_lsp::progress_end(total)).await;
        }
        tracing::info!("indexed {total} articles");
        self.schedule();
    }

    async fn progress(&self, token: &NumberOrString, value: WorkDoneProgress) {
        self.client
            .send_notification::<notification::Progress>(to_lsp::progress_params(token, value))
            .await;
    }

    /// Asks the client to watch the bundle's files, when it can.
    pub(crate) async fn register_watchers(&self) {
        if !lock(&self.caps).watch_dynamic {
            return;
        }
        let registration = capabilities::watched_files_registration();
        if let Err(e) = self.client.register_capability(vec![registration]).await {
            tracing::warn!("the client did not accept file watching: {e}");
        }
    }

    /// Watches the roots on the server's side when the client does not
    /// watch files (it offered no dynamic registration of
    /// `workspace/didChangeWatchedFiles`); again after the roots change.
    pub(crate) async fn rewatch(&self) {
        if lock(&self.caps).watch_dynamic {
            return;
        }
        let roots = lock(&self.state).roots.clone();
        // The old watch stops (and its task ends) before the new one starts.
        lock(&self.watcher).take();
        let watcher = DiskWatch::start(&roots, self.shared());
        *lock(&self.watcher) = watcher;
    }

    /// With no workspace folder, the bundle is the folder of the first
    /// article opened (or the nearest folder above it with `.git` or
    /// `copydesk.toml`). True when that folder became the root.
    pub(crate) fn adopt_root_of(&self, uri: &Url) -> bool {
        if !lock(&self.state).roots.is_empty() {
            return false;
        }
        // A few file-system lookups: outside the lock.
        let Some(root) = uri
            .to_file_path()
            .ok()
            .and_then(|p| copydesk_workspace::find_root(&p))
        else {
            return false;
        };
        tracing::info!("no workspace folder: the bundle is {}", root.display());
        lock(&self.state).adopt_root(root)
    }
}
