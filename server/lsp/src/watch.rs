//! Files that change on disk: the client's `workspace/didChangeWatchedFiles`
//! and, when the client does not watch files for the server (it offered no
//! dynamic registration, as Neovim and eglot do not), the server's own
//! watch of its roots with the `notify` crate, debounced. Both end in
//! `Shared::files_changed`: one file is read again, a folder that came or
//! went, or `copydesk.toml`, makes a rescan. The watch is started (and the
//! client's registered) by `crate::indexing`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use notify::Watcher as _;
use tower_lsp::lsp_types::Url;

use crate::guard::lock;
use crate::scheduling;
use crate::shared::Shared;
use crate::state::{is_config_uri, normalize, State};
use copydesk_workspace::is_skipped_dir;

pub use crate::publish::single_article_message;

/// Changes closer together than this are taken as one batch.
const QUIET: Duration = Duration::from_millis(150);
/// A batch is handled at the latest this long after its first change,
/// even while changes keep coming.
const LONGEST: Duration = Duration::from_secs(2);

/// The server's watch of its roots; dropping it stops the watch and ends
/// its task.
pub struct DiskWatch {
    _watcher: notify::RecommendedWatcher,
}

impl DiskWatch {
    /// Watches `roots` (recursively). `None`, with the reason logged, when
    /// none can be watched.
    pub(crate) fn start(roots: &[PathBuf], shared: Shared) -> Option<DiskWatch> {
        if roots.is_empty() {
            return None;
        }
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel::<PathBuf>();
        let watched = roots.to_vec();
        let handler = move |event: notify::Result<notify::Event>| match event {
            Ok(event) => {
                if !matters(&event.kind) {
                    return;
                }
                for path in event.paths {
                    if is_in_bundle_folder(&watched, &path) {
                        let _ = tx.send(path);
                    }
                }
            }
            Err(e) => tracing::warn!("watching the bundle's files: {e}"),
        };
        let mut watcher = match notify::recommended_watcher(handler) {
            Ok(w) => w,
            Err(e) => {
                tracing::warn!("files changed on disk will not be seen (cannot watch: {e})");
                return None;
            }
        };
        let mut any = false;
        for root in roots {
            match watcher.watch(root, notify::RecursiveMode::Recursive) {
                Ok(()) => any = true,
                Err(e) => tracing::warn!(
                    "files changed under {} will not be seen (cannot watch: {e})",
                    root.display()
                ),
            }
        }
        if !any {
            return None;
        }
        tracing::info!("watching {} folder(s) for changed files", roots.len());
        tokio::spawn(pump(rx, shared));
        Some(DiskWatch { _watcher: watcher })
    }
}

/// Reading a file (the scan does) and changes of metadata are not changes
/// of an article.
fn matters(kind: &notify::EventKind) -> bool {
    use notify::event::ModifyKind;
    use notify::EventKind;
    !matches!(
        kind,
        EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(_))
    )
}

/// Is `path` under a root and outside the folders a walk never enters
/// (hidden ones such as `.git`, `node_modules`, `target`)?
fn is_in_bundle_folder(roots: &[PathBuf], path: &Path) -> bool {
    roots.iter().any(|root| {
        let Ok(rel) = path.strip_prefix(root) else {
            return false;
        };
        let parts: Vec<_> = rel.components().collect();
        // The last part is the file (or folder) itself: a hidden file may
        // be an article; a folder it sits in must not be skipped.
        !parts.is_empty()
            && parts[..parts.len() - 1]
                .iter()
                .all(|c| !is_skipped_dir(&c.as_os_str().to_string_lossy()))
    })
}

/// Collects changed paths until they stop coming for [`QUIET`] (or for
/// [`LONGEST`]), then hands the batch over.
async fn pump(mut rx: tokio::sync::mpsc::UnboundedReceiver<PathBuf>, shared: Shared) {
    while let Some(first) = rx.recv().await {
        let mut paths = BTreeSet::from([first]);
        let until = tokio::time::Instant::now() + LONGEST;
        loop {
            let left = until
                .saturating_duration_since(tokio::time::Instant::now())
                .min(QUIET);
            match tokio::time::timeout(left, rx.recv()).await {
                Ok(Some(p)) => {
                    paths.insert(p);
                }
                // The watch was dropped (the roots changed): a rescan of
                // the new roots follows.
                Ok(None) => return,
                Err(_) => break,
            }
        }
        let uris: Vec<Url> = paths
            .iter()
            .filter_map(|p| Url::from_file_path(p).ok())
            .collect();
        tracing::debug!("{} file(s) changed on disk", uris.len());
        shared.files_changed(uris, false).await;
    }
}

/// What is known of a changed path before the state lock is taken.
struct Seen {
    uri: Url,
    path: Option<PathBuf>,
    is_dir: bool,
    exists: bool,
}

/// Does this change need a walk of the roots rather than one file read?
/// `copydesk.toml`, a folder that came, or a folder that went (it held
/// articles of the bundle).
fn needs_rescan(st: &State, seen: &Seen) -> bool {
    if is_config_uri(&seen.uri) || seen.is_dir {
        return true;
    }
    let Some(path) = seen.path.as_deref() else {
        return false;
    };
    if seen.exists {
        return false;
    }
    st.bundle.documents().iter().any(|d| {
        Url::parse(&d.key)
            .ok()
            .and_then(|u| u.to_file_path().ok())
            .is_some_and(|p| p != path && p.starts_with(path))
    })
}

impl Shared {
    /// Files changed on disk (from the client or the server's watch):
    /// each is read again, or the roots are scanned again when the
    /// configuration or a folder changed. An analysis follows when
    /// `always`, else only when the bundle or configuration changed.
    pub(crate) async fn files_changed(&self, uris: Vec<Url>, always: bool) {
        let state = self.state.clone();
        let (before, generation) = {
            let st = lock(&self.state);
            (
                st.config_problem.as_ref().map(|p| p.error.message.clone()),
                st.generation,
            )
        };
        // Reading files (and extracting them) is blocking work; a panic in
        // it is reported as a failed task and the server stays up.
        let done = tokio::task::spawn_blocking(move || {
            let seen: Vec<Seen> = uris
                .iter()
                .map(|u| {
                    let uri = normalize(u);
                    let path = uri.to_file_path().ok();
                    let meta = path.as_deref().map(std::fs::symlink_metadata);
                    Seen {
                        is_dir: matches!(&meta, Some(Ok(m)) if m.is_dir()),
                        exists: matches!(&meta, Some(Ok(_))),
                        uri,
                        path,
                    }
                })
                .collect();
            let rescan = {
                let st = lock(&state);
                seen.iter().any(|s| needs_rescan(&st, s))
            };
            if rescan {
                let plan = {
                    let mut st = lock(&state);
                    st.load_config();
                    st.scan_plan()
                };
                let result = plan.run(&mut |_, _| {});
                let mut st = lock(&state);
                st.apply_scan(result);
                (st.config_problem.clone(), st.generation)
            } else {
                let mut st = lock(&state);
                for s in &seen {
                    st.reload_file(&s.uri);
                }
                (st.config_problem.clone(), st.generation)
            }
        })
        .await;
        let changed = match done {
            Ok((problem, now)) => {
                if let Some(p) = problem {
                    if before.as_deref() != Some(p.error.message.as_str()) {
                        self.warn_broken_config(&p).await;
                    }
                }
                now != generation
            }
            Err(e) => {
                tracing::error!("re-reading changed files failed (the server stays up): {e}");
                true
            }
        };
        if always || changed {
            scheduling::schedule(self);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_in_skipped_folders_and_outside_the_roots_are_not_looked_at() {
        let roots = vec![PathBuf::from("/news/.tmp-story")];
        let at = |p: &str| is_in_bundle_folder(&roots, Path::new(p));
        assert!(at("/news/.tmp-story/a.txt"));
        assert!(at("/news/.tmp-story/.hidden.txt"));
        assert!(at("/news/.tmp-story/wire/b.md"));
        assert!(at("/news/.tmp-story/wire"));
        assert!(!at("/news/.tmp-story/.git/index"));
        assert!(!at("/news/.tmp-story/node_modules/x/a.txt"));
        assert!(!at("/news/other/a.txt"));
        assert!(!at("/news/.tmp-story"));
    }

    #[test]
    fn reading_is_not_a_change() {
        use notify::event::{AccessKind, CreateKind, MetadataKind, ModifyKind};
        use notify::EventKind;
        assert!(!matters(&EventKind::Access(AccessKind::Any)));
        assert!(!matters(&EventKind::Modify(ModifyKind::Metadata(
            MetadataKind::AccessTime
        ))));
        assert!(matters(&EventKind::Create(CreateKind::File)));
        assert!(matters(&EventKind::Remove(notify::event::RemoveKind::Any)));
    }
}
