//! The language server: tower-lsp's `LanguageServer` over [`State`]. Each
//! handler converts LSP values to the core's plain types (through
//! `convert`/`to_lsp`), calls the core, and converts back. Analysis runs on
//! blocking threads, debounced; a newer edit makes an older analysis moot,
//! and a running one stops at its next check.
//! A panic inside a handler or an analysis is caught, logged and answered
//! with an error; the server stays up.

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use serde_json::Value;
use tower_lsp::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp::lsp_types::notification::Notification;
use tower_lsp::lsp_types::*;
use tower_lsp::{Client, LanguageServer};

use copydesk_core::config::Config;
use copydesk_core::engine::Analyzer;
use copydesk_core::{self as analysis, Bundle, DocId, Finding};

use super::convert::{self, Encoding};
use super::shared::Shared;
use super::state::{is_config_uri, normalize, Analysis, ConfigProblem, OpenDoc, State};
use super::to_lsp::{self, Converter, Ropes};
use super::Options;

/// `copydesk/status`: the bundle's size and findings, for a status bar.
pub enum StatusNotification {}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StatusParams {
    pub articles: usize,
    pub findings: usize,
    pub skipped: usize,
    /// Where the bundle is: the folders it is read from (empty when there
    /// is none and only open files are checked).
    #[serde(default)]
    pub roots: Vec<String>,
}

impl Notification for StatusNotification {
    type Params = StatusParams;
    const METHOD: &'static str = "copydesk/status";
}

pub const CMD_FACT_SHEET: &str = "copydesk.factSheet";
pub const CMD_FIX_ALL: &str = "copydesk.fixAll";
const CMD_TEST_PANIC: &str = "copydesk.test.panic";

/// What the client said it can do.
#[derive(Debug, Clone, Default)]
pub(super) struct ClientCaps {
    work_done_progress: bool,
    pub(super) watch_dynamic: bool,
    /// `workspace.workspaceEdit.documentChanges`: edits carry versions.
    document_changes: bool,
}

pub struct Backend {
    pub(super) client: Client,
    options: Options,
    pub(super) state: Arc<Mutex<State>>,
    /// Told whenever a change's text went into the bundle (or was given
    /// up): requests wait on it until the buffers are in the bundle.
    pub(super) synced: Arc<tokio::sync::Notify>,
    pub(super) ropes: Arc<Mutex<Ropes>>,
    pub(super) caps: Mutex<ClientCaps>,
    debounce: Arc<Mutex<Duration>>,
    /// The server's own watch of the roots, when the client does not
    /// watch files for it.
    pub(super) watcher: Mutex<Option<super::watch::DiskWatch>>,
    /// One analysis at a time: a scheduled analysis waits its turn here and
    /// then finds out whether a newer change made it moot, so a burst of
    /// changes (opening fifty articles) never runs fifty analyses at once.
    /// The turn holds the incremental analyzer, which keeps what the next
    /// analysis can reuse.
    analysis_turn: Arc<tokio::sync::Mutex<Analyzer>>,
    /// Set by `shutdown`: an `exit` before it ends the process with 1.
    shut_down: Arc<std::sync::atomic::AtomicBool>,
}

pub(super) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while the lock was held leaves consistent plain data behind
    // (every update is a single assignment or a re-extraction), so a
    // poisoned lock is taken over rather than propagated.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Runs `f`, turning a panic into a logged internal error.
pub(super) fn guarded<T>(what: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
    match std::panic::catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(panic) => {
            let msg = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string());
            tracing::error!("internal error in {what}: {msg}");
            Err(Error {
                code: ErrorCode::InternalError,
                message: format!(
                    "copydesk: internal error in {what}; the server is still running (see its log)"
                )
                .into(),
                data: None,
            })
        }
    }
}

fn invalid(message: impl Into<String>) -> Error {
    Error {
        code: ErrorCode::InvalidParams,
        message: message.into().into(),
        data: None,
    }
}

/// A consistent view for one request: bundle, findings (fresh for that
/// bundle), configuration and encoding.
struct Snapshot {
    bundle: Arc<Bundle>,
    config: Arc<Config>,
    encoding: Encoding,
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

    fn converter<'a>(&'a self, ropes: &'a mut Ropes) -> Converter<'a> {
        Converter {
            bundle: &self.bundle,
            ropes,
            encoding: self.encoding,
            versions: self.versions.as_deref(),
        }
    }
}

impl Backend {
    pub fn new(
        client: Client,
        options: Options,
        shut_down: Arc<std::sync::atomic::AtomicBool>,
    ) -> Backend {
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
        }
    }

    fn snapshot(&self) -> Snapshot {
        let versioned = lock(&self.caps).document_changes;
        Snapshot::of(&lock(&self.state), versioned)
    }

    /// The document and byte offset of a position, in the current text.
    fn locate(&self, uri: &Url, pos: Position) -> Option<(Snapshot, DocId, usize)> {
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
    async fn findings_for(&self, snap: &Snapshot) -> Result<Arc<Vec<Finding>>> {
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
                Err(Error {
                    code: ErrorCode::InternalError,
                    message: "copydesk: internal error in the analysis; the server is still running (see its log)".into(),
                    data: None,
                })
            }
        }
    }

    /// Schedules an analysis after the debounce delay; a newer change makes
    /// this one moot.
    fn schedule(&self) {
        self.shared().schedule();
    }

    /// What the server's own tasks (the file watch) share with it.
    pub(super) fn shared(&self) -> Shared {
        Shared {
            state: self.state.clone(),
            ropes: self.ropes.clone(),
            client: self.client.clone(),
            turn: self.analysis_turn.clone(),
            debounce: self.debounce.clone(),
        }
    }

    async fn index_workspace(&self) {
        let token = NumberOrString::String("copydesk-index".to_string());
        let progress = lock(&self.caps).work_done_progress
            && self
                .client
                .send_request::<request::WorkDoneProgressCreate>(WorkDoneProgressCreateParams {
                    token: token.clone(),
                })
                .await
                .is_ok();
        if progress {
            self.progress(
                &token,
                WorkDoneProgress::Begin(WorkDoneProgressBegin {
                    title: "copydesk: indexing the bundle".to_string(),
                    cancellable: Some(false),
                    message: None,
                    percentage: Some(0),
                }),
            )
            .await;
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
            let result = plan.run(&mut |done, total| {
                let _ = tx.send((done, total));
            });
            let found = result.found;
            lock(&state).apply_scan(result);
            found
        });
        while let Some((done, total)) = rx.recv().await {
            if progress && total > 0 {
                self.progress(
                    &token,
                    WorkDoneProgress::Report(WorkDoneProgressReport {
                        cancellable: Some(false),
                        message: Some(format!("{done}/{total} articles")),
                        percentage: Some(u32::try_from(done * 100 / total).unwrap_or(100)),
                    }),
                )
                .await;
            }
        }
        let total = match scan.await {
            Ok(n) => n,
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
            self.progress(
                &token,
                WorkDoneProgress::End(WorkDoneProgressEnd {
                    message: Some(format!("{total} articles")),
                }),
            )
            .await;
        }
        tracing::info!("indexed {total} articles");
        self.schedule();
    }

    async fn warn_broken_config(&self, p: &ConfigProblem) {
        self.shared().warn_broken_config(p).await;
    }

    async fn progress(&self, token: &NumberOrString, value: WorkDoneProgress) {
        self.client
            .send_notification::<notification::Progress>(ProgressParams {
                token: token.clone(),
                value: ProgressParamsValue::WorkDone(value),
            })
            .await;
    }

    async fn register_watchers(&self) {
        if !lock(&self.caps).watch_dynamic {
            return;
        }
        let watchers = ["**/*.txt", "**/*.md", "**/*.markdown", "**/copydesk.toml"]
            .iter()
            .map(|g| FileSystemWatcher {
                glob_pattern: GlobPattern::String(g.to_string()),
                kind: None,
            })
            .collect();
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let registration = Registration {
            id: "copydesk-watch".to_string(),
            method: "workspace/didChangeWatchedFiles".to_string(),
            register_options: serde_json::to_value(options).ok(),
        };
        if let Err(e) = self.client.register_capability(vec![registration]).await {
            tracing::warn!("the client did not accept file watching: {e}");
        }
    }

    async fn fix_all_edit(&self, uri: &Url) -> Result<Option<WorkspaceEdit>> {
        let uri = normalize(uri);
        let snap = self.snapshot();
        let Some(doc) = snap.bundle.id_of(uri.as_str()) else {
            return Ok(None);
        };
        let findings = self.findings_for(&snap).await?;
        guarded("fixAll", || {
            let edits = copydesk_core::fixes::fix_all_edits(&findings, doc);
            if edits.is_empty() {
                return Ok(None);
            }
            let mut ropes = lock(&self.ropes);
            Ok(snap.converter(&mut ropes).workspace_edit(&edits))
        })
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

/// What identifies the findings published for an article: a hash, so
/// that an unchanged article is recognised without keeping a copy.
fn fingerprint(findings: &[Finding]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    findings.hash(&mut h);
    h.finish()
}

/// Analyses the bundle if `generation` is still the latest, then publishes
/// the diagnostics that changed (and those of edited documents).
pub(super) async fn run_analysis(
    state: Arc<Mutex<State>>,
    ropes: Arc<Mutex<Ropes>>,
    client: Client,
    generation: u64,
    mut analyzer: tokio::sync::OwnedMutexGuard<Analyzer>,
) {
    let (bundle, config, latest) = {
        let st = lock(&state);
        if st.generation != generation {
            return;
        }
        (st.bundle.clone(), st.config.clone(), st.latest.clone())
    };
    let b = bundle.clone();
    let analyzed = tokio::task::spawn_blocking(move || {
        // A newer edit makes this analysis moot: it stops at the next check.
        let moot = move || latest.load(std::sync::atomic::Ordering::Acquire) != generation;
        let result = std::panic::catch_unwind(AssertUnwindSafe(|| {
            analyzer.analyze_unless(&b, &config, &moot)
        }));
        if result.is_err() {
            // Start the next analysis from nothing rather than from caches
            // a panic may have left half-made.
            *analyzer = Analyzer::new();
        }
        (result.ok(), analyzer)
    })
    .await;
    // Held until this analysis has published, so analyses publish in turn.
    let (findings, _turn) = match analyzed {
        Ok((Some(Some(f)), turn)) => (Arc::new(f), turn),
        // Moot: the newer analysis is scheduled and publishes instead.
        Ok((Some(None), _)) => return,
        Ok((None, _)) => {
            tracing::error!(
                "internal error in the analysis (the server stays up; see the panic above)"
            );
            return;
        }
        Err(e) => {
            tracing::error!("analysis failed (the server stays up): {e}");
            return;
        }
    };
    // Work out what to send while holding the lock, send afterwards.
    let mut sends: Vec<(Url, Vec<Diagnostic>, Option<i32>)> = Vec::new();
    let status;
    let mut single = None;
    {
        let mut st = lock(&state);
        if st.generation != generation {
            return;
        }
        st.analysis = Analysis {
            generation,
            bundle: bundle.clone(),
            findings: findings.clone(),
        };
        // The findings come sorted by article: each article's are one run.
        let mut per_doc: HashMap<DocId, &[Finding]> = HashMap::new();
        for run in findings.chunk_by(|a, b| a.location.doc == b.location.doc) {
            if let Some(f) = run.first() {
                per_doc.insert(f.location.doc, run);
            }
        }
        let mut ropes = lock(&ropes);
        ropes.retain(&bundle);
        let encoding = st.encoding;
        let mut seen = std::collections::HashSet::new();
        let dirty = std::mem::take(&mut st.dirty);
        for d in bundle.documents() {
            let Ok(uri) = Url::parse(&d.key) else {
                continue;
            };
            let mine = per_doc.get(&d.id).copied().unwrap_or_default();
            let print = fingerprint(mine);
            seen.insert(uri.clone());
            let same = st.published.get(&uri) == Some(&print);
            if same && !dirty.contains(&uri) {
                continue;
            }
            let mut c = Converter {
                bundle: &bundle,
                ropes: &mut ropes,
                encoding,
                versions: None,
            };
            let diags: Vec<Diagnostic> = mine.iter().filter_map(|f| c.diagnostic(f)).collect();
            let version = st.open.get(&uri).map(|o| o.synced_version);
            st.published.insert(uri.clone(), print);
            sends.push((uri, diags, version));
        }
        // The edited articles first: their writers are waiting.
        sends.sort_by_key(|(uri, _, _)| !dirty.contains(uri));
        // Documents that left the bundle: clear their diagnostics.
        let gone: Vec<Url> = st
            .published
            .keys()
            .filter(|u| !seen.contains(*u))
            .cloned()
            .collect();
        for u in gone {
            st.published.remove(&u);
            sends.push((u, Vec::new(), None));
        }
        // The configuration file's own diagnostic.
        let config_diag = st.config_problem.as_ref().map(|p| {
            let rope = ropey::Rope::from_str(&p.text);
            let range = match p.error.span {
                Some(s) => convert::range(&rope, s, encoding),
                None => Range::default(),
            };
            (
                p.uri.clone(),
                Diagnostic {
                    range,
                    severity: Some(DiagnosticSeverity::ERROR),
                    code: Some(NumberOrString::String("config".into())),
                    source: Some("copydesk".into()),
                    message: format!("{} (copydesk uses the defaults)", p.error.message),
                    ..Diagnostic::default()
                },
            )
        });
        match config_diag {
            Some((uri, d)) => {
                st.config_published = Some(uri.clone());
                sends.push((uri, vec![d], None));
            }
            None => {
                if let Some(uri) = st.config_published.take() {
                    sends.push((uri, Vec::new(), None));
                }
            }
        }
        status = StatusParams {
            articles: bundle.len(),
            findings: findings.len(),
            skipped: st.skipped.len(),
            roots: st.roots.iter().map(|r| r.display().to_string()).collect(),
        };
        if bundle.len() == 1 && !st.told_single {
            st.told_single = true;
            single = Some(super::watch::single_article_message(&st.roots));
        }
    }
    for (uri, diags, version) in sends {
        client.publish_diagnostics(uri, diags, version).await;
    }
    client.send_notification::<StatusNotification>(status).await;
    if let Some(message) = single {
        client.show_message(MessageType::INFO, message).await;
    }
}

#[tower_lsp::async_trait]
impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let encoding = Encoding::negotiate(
            params
                .capabilities
                .general
                .as_ref()
                .and_then(|g| g.position_encodings.as_deref()),
        );
        let mut roots = Vec::new();
        if let Some(folders) = &params.workspace_folders {
            roots.extend(folders.iter().filter_map(|f| f.uri.to_file_path().ok()));
        }
        #[allow(deprecated)]
        if roots.is_empty() {
            if let Some(p) = params.root_uri.as_ref().and_then(|u| u.to_file_path().ok()) {
                roots.push(p);
            }
        }
        if let Some(ms) = params
            .initialization_options
            .as_ref()
            .and_then(|o| o.get("debounceMs"))
            .and_then(Value::as_u64)
        {
            *lock(&self.debounce) = Duration::from_millis(ms.min(10_000));
        }
        {
            let caps = &params.capabilities;
            let mut c = lock(&self.caps);
            c.work_done_progress = caps
                .window
                .as_ref()
                .and_then(|w| w.work_done_progress)
                .unwrap_or(false);
            c.watch_dynamic = caps
                .workspace
                .as_ref()
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false);
            c.document_changes = caps
                .workspace
                .as_ref()
                .and_then(|w| w.workspace_edit.as_ref())
                .and_then(|e| e.document_changes)
                .unwrap_or(false);
        }
        {
            let mut st = lock(&self.state);
            st.encoding = encoding;
            st.roots = roots;
        }
        tracing::info!("initialize: position encoding {:?}", encoding);
        let mut commands = vec![CMD_FACT_SHEET.to_string(), CMD_FIX_ALL.to_string()];
        if self.options.test_commands {
            commands.push(CMD_TEST_PANIC.to_string());
        }
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(encoding.kind()),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                        ..TextDocumentSyncOptions::default()
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                references_provider: Some(OneOf::Left(true)),
                definition_provider: Some(OneOf::Left(true)),
                document_symbol_provider: Some(OneOf::Left(true)),
                workspace_symbol_provider: Some(OneOf::Left(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![
                            CodeActionKind::QUICKFIX,
                            CodeActionKind::SOURCE_FIX_ALL,
                            to_lsp::fix_all_kind(),
                        ]),
                        ..CodeActionOptions::default()
                    },
                )),
                rename_provider: Some(OneOf::Right(RenameOptions {
                    prepare_provider: Some(true),
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                })),
                execute_command_provider: Some(ExecuteCommandOptions {
                    commands,
                    ..ExecuteCommandOptions::default()
                }),
                workspace: Some(WorkspaceServerCapabilities {
                    workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                        supported: Some(true),
                        change_notifications: Some(OneOf::Left(true)),
                    }),
                    file_operations: None,
                }),
                ..ServerCapabilities::default()
            },
            server_info: Some(ServerInfo {
                name: "copydesk".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        self.register_watchers().await;
        self.rewatch().await;
        self.index_workspace().await;
    }

    async fn shutdown(&self) -> Result<()> {
        self.shut_down
            .store(true, std::sync::atomic::Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        let uri = normalize(&doc.uri);
        // A buffer larger than an article may be is declined, as a file on
        // disk would be (its analysis would not end in useful time).
        let bytes = doc.text.len() as u64;
        if !is_config_uri(&uri) && bytes > copydesk_workspace::MAX_ARTICLE_BYTES {
            let reason = copydesk_workspace::Declined::TooLarge { bytes }.to_string();
            tracing::warn!("skipping {uri}: {reason}");
            {
                let mut st = lock(&self.state);
                st.open.remove(&uri);
                st.remove(&uri);
                st.skipped.insert(uri.clone(), reason.clone());
            }
            self.client
                .show_message(
                    MessageType::WARNING,
                    format!("copydesk: {uri} is not checked: {reason}"),
                )
                .await;
            self.schedule();
            return;
        }
        // The rope is built, and the text extracted, without the lock.
        let rope = ropey::Rope::from_str(&doc.text);
        let opened = guarded("didOpen", || {
            let mut st = lock(&self.state);
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
                    tracing::info!(
                        "{uri} is a note or excluded by [bundle], not an article; ignored"
                    );
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
            self.extract_change(&uri, doc.version, rope).await;
        }
        // An open copydesk.toml, or an article.
        if opened.is_ok() && (is_config_uri(&uri) || matches!(opened, Ok(true))) {
            if self.adopt_root_of(&uri) {
                self.rewatch().await;
                self.index_workspace().await;
            } else {
                self.schedule();
            }
        }
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = normalize(&params.text_document.uri);
        let version = params.text_document.version;
        // A whole-text change (the last one, as later ones apply to it)
        // becomes a rope before the lock is taken.
        let changes = &params.content_changes;
        let last_full = changes.iter().rposition(|c| c.range.is_none());
        let mut prebuilt = last_full.map(|i| ropey::Rope::from_str(&changes[i].text));
        let applied = guarded("didChange", || {
            let mut st = lock(&self.state);
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
            let bytes = open.rope.len_bytes() as u64;
            if !config_doc && bytes > copydesk_workspace::MAX_ARTICLE_BYTES {
                // Grown past what an article may be: declined as a file on
                // disk would be. The buffer stays open (its text and
                // version are kept, so later edits apply), and an edit that
                // brings it back under the limit checks it again.
                let reason = copydesk_workspace::Declined::TooLarge { bytes }.to_string();
                // Out of the bundle: nothing of it is pending.
                open.synced_rope = open.rope.clone();
                open.synced_version = version;
                let newly = !st.skipped.contains_key(&uri);
                st.remove(&uri);
                st.skipped.insert(uri.clone(), reason.clone());
                return Ok(Changed::Declined(newly.then_some(reason)));
            }
            // The text is extracted outside the lock; until it is in the
            // bundle, requests keep the version whose text the bundle
            // holds (`synced_*`), and a running analysis is moot.
            let rope = open.rope.clone();
            st.touch(&uri);
            Ok(Changed::Pending(rope))
        });
        match applied {
            Ok(Changed::Pending(rope)) => {
                if !self.extract_change(&uri, version, rope).await {
                    return;
                }
            }
            Ok(Changed::Declined(None)) => {}
            Ok(Changed::Declined(Some(reason))) => {
                tracing::warn!("not checking {uri}: {reason}");
                self.client
                    .show_message(
                        MessageType::WARNING,
                        format!("copydesk: {uri} is not checked: {reason}"),
                    )
                    .await;
            }
            Ok(Changed::Ignored) | Err(_) => return,
        }
        self.schedule();
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = normalize(&params.text_document.uri);
        let _ = guarded("didClose", || {
            let mut st = lock(&self.state);
            if is_config_uri(&uri) {
                st.load_config();
            } else if st.open.remove(&uri).is_some() {
                // The file on disk takes over, if it is an article.
                st.reload_file(&uri);
            }
            Ok(())
        });
        self.schedule();
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        if is_config_uri(&params.text_document.uri) {
            self.did_change_watched_files(DidChangeWatchedFilesParams {
                changes: vec![FileEvent {
                    uri: params.text_document.uri,
                    typ: FileChangeType::CHANGED,
                }],
            })
            .await;
        }
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let uris = params.changes.into_iter().map(|ev| ev.uri).collect();
        self.shared().files_changed(uris, true).await;
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        {
            let mut st = lock(&self.state);
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
        self.rewatch().await;
        self.index_workspace().await;
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        self.settle().await;
        let p = params.text_document_position_params;
        guarded("hover", || {
            let Some((snap, doc, offset)) = self.locate(&p.text_document.uri, p.position) else {
                return Ok(None);
            };
            let Some(h) = analysis::hover::hover(&snap.bundle, &snap.config, doc, offset) else {
                return Ok(None);
            };
            let mut ropes = lock(&self.ropes);
            let range = ropes
                .get(&snap.bundle, doc)
                .map(|r| convert::range(r, h.span, snap.encoding));
            Ok(Some(Hover {
                contents: HoverContents::Markup(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value: h.markdown,
                }),
                range,
            }))
        })
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        self.settle().await;
        let p = params.text_document_position;
        guarded("references", || {
            let Some((snap, doc, offset)) = self.locate(&p.text_document.uri, p.position) else {
                return Ok(None);
            };
            let locs = analysis::hover::references(&snap.bundle, &snap.config, doc, offset);
            let mut ropes = lock(&self.ropes);
            let out: Vec<Location> = locs
                .into_iter()
                .filter_map(|l| {
                    let uri = to_lsp::uri_of(&snap.bundle, l.doc)?;
                    let rope = ropes.get(&snap.bundle, l.doc)?;
                    Some(Location {
                        uri,
                        range: convert::range(rope, l.span, snap.encoding),
                    })
                })
                .collect();
            Ok((!out.is_empty()).then_some(out))
        })
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        self.settle().await;
        let uri = normalize(&params.text_document.uri);
        let snap = self.snapshot();
        let Some(doc) = snap.bundle.id_of(uri.as_str()) else {
            tracing::info!("documentSymbol for {uri}, which is not an article of the bundle");
            return Ok(None);
        };
        guarded("documentSymbol", || {
            let symbols = analysis::hover::document_symbols(&snap.bundle, &snap.config, doc);
            let mut ropes = lock(&self.ropes);
            let mut c = snap.converter(&mut ropes);
            let out: Vec<DocumentSymbol> = symbols
                .iter()
                .filter_map(|s| c.document_symbol(s))
                .collect();
            Ok(Some(DocumentSymbolResponse::Nested(out)))
        })
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<Vec<SymbolInformation>>> {
        self.settle().await;
        let snap = self.snapshot();
        // Every article is looked at: blocking work, off the executor.
        let (bundle, config) = (snap.bundle.clone(), snap.config.clone());
        let symbols = tokio::task::spawn_blocking(move || {
            analysis::hover::workspace_symbols(&bundle, &config, &params.query)
        })
        .await
        .map_err(|e| {
            tracing::error!("internal error in workspace/symbol: {e}");
            Error {
                code: ErrorCode::InternalError,
                message: "copydesk: internal error in workspace/symbol; the server is still running (see its log)".into(),
                data: None,
            }
        })?;
        guarded("workspace/symbol", || {
            let mut ropes = lock(&self.ropes);
            let mut c = snap.converter(&mut ropes);
            Ok(Some(
                symbols
                    .iter()
                    .filter_map(|s| c.workspace_symbol(s))
                    .collect(),
            ))
        })
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        self.settle().await;
        let p = params.text_document_position_params;
        guarded("definition", || {
            let Some((snap, doc, offset)) = self.locate(&p.text_document.uri, p.position) else {
                return Ok(None);
            };
            let Some(l) = analysis::hover::definition(&snap.bundle, &snap.config, doc, offset)
            else {
                return Ok(None);
            };
            let mut ropes = lock(&self.ropes);
            let (Some(uri), Some(rope)) = (
                to_lsp::uri_of(&snap.bundle, l.doc),
                ropes.get(&snap.bundle, l.doc),
            ) else {
                return Ok(None);
            };
            Ok(Some(GotoDefinitionResponse::Scalar(Location {
                uri,
                range: convert::range(rope, l.span, snap.encoding),
            })))
        })
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        self.settle().await;
        let uri = normalize(&params.text_document.uri);
        let snap = self.snapshot();
        let Some(doc) = snap.bundle.id_of(uri.as_str()) else {
            tracing::info!("codeAction for {uri}, which is not an article of the bundle");
            return Ok(None);
        };
        let findings = self.findings_for(&snap).await?;
        guarded("codeAction", || {
            let wants = |kind: &CodeActionKind| match &params.context.only {
                None => true,
                Some(only) => only.iter().any(|o| {
                    kind.as_str() == o.as_str()
                        || kind.as_str().starts_with(&format!("{}.", o.as_str()))
                }),
            };
            let mut ropes = lock(&self.ropes);
            let Some(rope) = ropes.get(&snap.bundle, doc).cloned() else {
                return Ok(None);
            };
            let (range, _) = convert::span(&rope, params.range, snap.encoding);
            let mut actions = Vec::new();
            let mut c = snap.converter(&mut ropes);
            if wants(&CodeActionKind::QUICKFIX) {
                for f in findings.iter().filter(|f| {
                    f.location.doc == doc
                        && (f.location.span.overlaps(range)
                            || f.location.span.contains_offset(range.start)
                            || range.contains_offset(f.location.span.start))
                }) {
                    for fix in &f.fixes {
                        if let Some(a) = c.quickfix(f, fix) {
                            actions.push(CodeActionOrCommand::CodeAction(a));
                        }
                    }
                }
            }
            if wants(&to_lsp::fix_all_kind()) {
                let edits = copydesk_core::fixes::fix_all_edits(&findings, doc);
                if !edits.is_empty() {
                    if let Some(edit) = c.workspace_edit(&edits) {
                        actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                            title: format!(
                                "Fix all certain copydesk findings in this article ({})",
                                edits.len()
                            ),
                            kind: Some(to_lsp::fix_all_kind()),
                            edit: Some(edit),
                            ..CodeAction::default()
                        }));
                    }
                }
            }
            Ok(Some(actions))
        })
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        self.settle().await;
        guarded("prepareRename", || {
            let Some((snap, doc, offset)) = self.locate(&params.text_document.uri, params.position)
            else {
                return Err(invalid("this document is not an article of the bundle"));
            };
            match analysis::rename::name_at(&snap.bundle, doc, offset) {
                Ok((span, name)) => {
                    let mut ropes = lock(&self.ropes);
                    let Some(rope) = ropes.get(&snap.bundle, doc) else {
                        return Ok(None);
                    };
                    Ok(Some(PrepareRenameResponse::RangeWithPlaceholder {
                        range: convert::range(rope, span, snap.encoding),
                        placeholder: name,
                    }))
                }
                Err(e) => Err(invalid(e.to_string())),
            }
        })
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        self.settle().await;
        let p = params.text_document_position;
        guarded("rename", || {
            let Some((snap, doc, offset)) = self.locate(&p.text_document.uri, p.position) else {
                return Err(invalid("this document is not an article of the bundle"));
            };
            let (_, old) = analysis::rename::name_at(&snap.bundle, doc, offset)
                .map_err(|e| invalid(e.to_string()))?;
            let edits = analysis::rename::rename_edits(&snap.bundle, &old, &params.new_name)
                .map_err(|e| invalid(e.to_string()))?;
            let mut ropes = lock(&self.ropes);
            Ok(snap.converter(&mut ropes).workspace_edit(&edits))
        })
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<Value>> {
        self.settle().await;
        let arg_uri = |i: usize| -> Result<Url> {
            params
                .arguments
                .get(i)
                .and_then(|v| serde_json::from_value::<Url>(v.clone()).ok())
                .ok_or_else(|| {
                    invalid(format!(
                        "{}: argument {i} must be a document URI",
                        params.command
                    ))
                })
        };
        match params.command.as_str() {
            CMD_FACT_SHEET => {
                let uri = arg_uri(0)?;
                let pos: Position = params
                    .arguments
                    .get(1)
                    .and_then(|v| serde_json::from_value(v.clone()).ok())
                    .ok_or_else(|| invalid("copydesk.factSheet: argument 1 must be a position"))?;
                guarded("factSheet", || {
                    let Some((snap, doc, offset)) = self.locate(&uri, pos) else {
                        return Ok(None);
                    };
                    Ok(
                        analysis::hover::fact_sheet(&snap.bundle, &snap.config, doc, offset)
                            .map(Value::String),
                    )
                })
            }
            CMD_FIX_ALL => {
                let uri = arg_uri(0)?;
                let edit = self.fix_all_edit(&uri).await?;
                if let Some(edit) = edit {
                    match self.client.apply_edit(edit).await {
                        Ok(r) if !r.applied => tracing::warn!(
                            "the client did not apply the fixes: {}",
                            r.failure_reason.unwrap_or_default()
                        ),
                        Ok(_) => {}
                        Err(e) => tracing::warn!("applying the fixes failed: {e}"),
                    }
                }
                Ok(None)
            }
            CMD_TEST_PANIC if self.options.test_commands => guarded("test.panic", || {
                panic!("deliberate panic requested by {CMD_TEST_PANIC}")
            }),
            other => Err(invalid(format!("unknown command {other}"))),
        }
    }
}
