//! The notifications that change the bundle: documents opened, changed,
//! saved and closed, files changed on disk, workspace folders added or
//! removed. An article larger than an article may be is declined here, as
//! the workspace loader declines such a file ([`too_large`]).

use tower_lsp::lsp_types::{
    DidChangeTextDocumentParams, DidChangeWatchedFilesParams, DidChangeWorkspaceFoldersParams,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, DidSaveTextDocumentParams, MessageType,
    Url,
};

use crate::backend::Backend;
use crate::guard::{guarded, lock};
use crate::state::{is_config_uri, normalize, OpenDoc};

/// Why the text of `uri` (`bytes` long) is not checked, when it is larger
/// than an article may be (its analysis would not end in useful time);
/// the configuration file is never an article.
pub(crate) fn too_large(uri: &Url, bytes: u64) -> Option<String> {
    (!is_config_uri(uri) && bytes > copydesk_workspace::MAX_ARTICLE_BYTES)
        .then(|| copydesk_workspace::Declined::TooLarge { bytes }.to_string())
}

/// Tells the user that `uri` is not checked, and why.
async fn tell_not_checked(b: &Backend, uri: &Url, reason: &str) {
    b.client
        .show_message(
            MessageType::WARNING,
            format!("copydesk: {uri} is not checked: {reason}"),
        )
        .await;
}

pub(crate) async fn did_open(b: &Backend, params: DidOpenTextDocumentParams) {
    let doc = params.text_document;
    let uri = normalize(&doc.uri);
    // A buffer larger than an article may be is declined, as a file on
    // disk would be.
    if let Some(reason) = too_large(&uri, doc.text.len() as u64) {
        tracing::warn!("skipping {uri}: {reason}");
        {
            let mut st = lock(&b.state);
            st.open.remove(&uri);
            st.remove(&uri);
            st.skipped.insert(uri.clone(), reason.clone());
        }
        tell_not_checked(b, &uri, &reason).await;
        b.schedule();
        return;
    }
    // The rope is built, and the text extracted, without the lock.
    let rope = ropey::Rope::from_str(&doc.text);
    let opened = guarded("didOpen", || {
        let mut st = lock(&b.state);
        if is_config_uri(&uri) {
            st.config_from_text(&uri, &doc.text);
        } else {
            let is_prose = matches!(
                doc.language_id.as_str(),
                "plaintext" | "markdown" | "text" | "md"
            );
            let on_disk_article = uri
                .to_file_path()
                .map(|p| st.is_article_path(&p))
                .unwrap_or(false);
            if !is_prose && !on_disk_article {
                tracing::info!("{uri} ({}) is not an article; ignored", doc.language_id);
                return Ok(false);
            }
            let left_out = uri
                .to_file_path()
                .map(|p| st.is_left_out_path(&p))
                .unwrap_or(false);
            if left_out {
                tracing::info!("{uri} is a note or excluded by [bundle], not an article; ignored");
                return Ok(false);
            }
            st.open
                .insert(uri.clone(), OpenDoc::pending(rope.clone(), doc.version));
            st.touch(&uri);
            return Ok(true);
        }
        Ok(false)
    });
    if matches!(opened, Ok(true)) {
        b.extract_change(&uri, doc.version, rope).await;
    }
    // An open copydesk.toml, or an article.
    if opened.is_ok() && (is_config_uri(&uri) || matches!(opened, Ok(true))) {
        if b.adopt_root_of(&uri) {
            b.rewatch().await;
            b.index_workspace().await;
        } else {
            b.schedule();
        }
    }
}

/// What a `didChange` did to the bundle.
enum Changed {
    /// Applied to the buffer; its text (this rope) is to be extracted and
    /// put in the bundle.
    Pending(ropey::Rope),
    /// Grown past the article limit: taken out of the bundle, with the
    /// reason when it was not already out.
    Declined(Option<String>),
    Ignored,
}

pub(crate) async fn did_change(b: &Backend, params: DidChangeTextDocumentParams) {
    let uri = normalize(&params.text_document.uri);
    let version = params.text_document.version;
    // A whole-text change (the last one, as later ones apply to it)
    // becomes a rope before the lock is taken.
    let changes = &params.content_changes;
    let last_full = changes.iter().rposition(|c| c.range.is_none());
    let mut prebuilt = last_full.map(|i| ropey::Rope::from_str(&changes[i].text));
    let applied = guarded("didChange", || {
        let mut st = lock(&b.state);
        let encoding = st.encoding;
        let config_doc = is_config_uri(&uri);
        let Some(open) = st.open.get_mut(&uri) else {
            if !config_doc {
                tracing::warn!("didChange for {uri}, which is not open; ignored");
            }
            return Ok(Changed::Ignored);
        };
        if version <= open.version {
            tracing::warn!(
                "didChange for {uri} with version {version}, not newer than {}; ignored",
                open.version
            );
            return Ok(Changed::Ignored);
        }
        if version > open.version + 1 {
            tracing::warn!(
                "didChange for {uri} jumps from version {} to {version}; applying it",
                open.version
            );
        }
        let rest = match (last_full, prebuilt.take()) {
            (Some(i), Some(rope)) => {
                open.rope = rope;
                &changes[i + 1..]
            }
            _ => &changes[..],
        };
        for change in rest {
            if open.apply_change(change.range, &change.text, encoding) {
                tracing::warn!("didChange for {uri}: range {:?} clamped", change.range);
            }
        }
        open.version = version;
        if let Some(reason) = too_large(&uri, open.rope.len_bytes() as u64) {
            // Grown past what an article may be: declined as a file on
            // disk would be. The buffer stays open (its text and version
            // are kept, so later edits apply), and an edit that brings it
            // back under the limit checks it again.
            // Out of the bundle: nothing of it is pending.
            open.synced_rope = open.rope.clone();
            open.synced_version = version;
            let newly = !st.skipped.contains_key(&uri);
            st.remove(&uri);
            st.skipped.insert(uri.clone(), reason.clone());
            return Ok(Changed::Declined(newly.then_some(reason)));
        }
        // The text is extracted outside the lock; until it is in the
        // bundle, requests keep the version whose text the bundle holds
        // (`synced_*`), and a running analysis is moot.
        let rope = open.rope.clone();
        st.touch(&uri);
        Ok(Changed::Pending(rope))
    });
    match applied {
        Ok(Changed::Pending(rope)) => {
            if !b.extract_change(&uri, version, rope).await {
                return;
            }
        }
        Ok(Changed::Declined(None)) => {}
        Ok(Changed::Declined(Some(reason))) => {
            tracing::warn!("not checking {uri}: {reason}");
            tell_not_checked(b, &uri, &reason).await;
        }
        Ok(Changed::Ignored) | Err(_) => return,
    }
    b.schedule();
}

pub(crate) async fn did_close(b: &Backend, params: DidCloseTextDocumentParams) {
    let uri = normalize(&params.text_document.uri);
    let _ = guarded("didClose", || {
        let mut st = lock(&b.state);
        if is_config_uri(&uri) {
            st.load_config();
        } else if st.open.remove(&uri).is_some() {
            // The file on disk takes over, if it is an article.
            st.reload_file(&uri);
        }
        Ok(())
    });
    b.schedule();
}

/// A saved `copydesk.toml` is read again (an article's text is already in
/// from its changes).
pub(crate) async fn did_save(b: &Backend, params: DidSaveTextDocumentParams) {
    if is_config_uri(&params.text_document.uri) {
        b.shared()
            .files_changed(vec![params.text_document.uri], true)
            .await;
    }
}

pub(crate) async fn did_change_watched_files(b: &Backend, params: DidChangeWatchedFilesParams) {
    let uris = params.changes.into_iter().map(|ev| ev.uri).collect();
    b.shared().files_changed(uris, true).await;
}

pub(crate) async fn did_change_workspace_folders(
    b: &Backend,
    params: DidChangeWorkspaceFoldersParams,
) {
    {
        let mut st = lock(&b.state);
        for f in &params.event.removed {
            if let Ok(p) = f.uri.to_file_path() {
                st.roots.retain(|r| *r != p);
            }
        }
        for f in &params.event.added {
            if let Ok(p) = f.uri.to_file_path() {
                st.roots.push(p);
            }
        }
    }
    b.rewatch().await;
    b.index_workspace().await;
}

#[cfg(test)]
mod tests {
    use super::*;
    use copydesk_workspace::MAX_ARTICLE_BYTES;

    #[test]
    fn an_article_past_the_limit_is_too_large_and_the_configuration_never() {
        let article = Url::parse("file:///story/a.txt").unwrap();
        assert_eq!(too_large(&article, 0), None);
        assert_eq!(too_large(&article, MAX_ARTICLE_BYTES), None);
        let reason = too_large(&article, MAX_ARTICLE_BYTES + 1).unwrap();
        assert!(
            reason.contains(&(MAX_ARTICLE_BYTES + 1).to_string()),
            "{reason}"
        );
        assert_eq!(
            reason,
            copydesk_workspace::Declined::TooLarge {
                bytes: MAX_ARTICLE_BYTES + 1
            }
            .to_string()
        );
        let config = Url::parse("file:///story/copydesk.toml").unwrap();
        assert_eq!(too_large(&config, MAX_ARTICLE_BYTES * 2), None);
    }
}
