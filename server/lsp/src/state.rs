//! The server's state: workspace roots, configuration, open buffers (ropes
//! with versions), the bundle (open buffers win over files on disk) and the
//! last analysis. Everything here is plain data behind one mutex, held only
//! briefly and never across an `.await`.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use ropey::Rope;
use tower_lsp::lsp_types::{Range, Url};

use copydesk_core::bundle::{NewDocument, Prepared};
use copydesk_core::config::{BundleGlobs, Config, ConfigError, CONFIG_FILE};
use copydesk_core::{Bundle, DocId, Finding};
use copydesk_workspace as workspace;

use super::convert::{self, Encoding};

/// An open buffer.
#[derive(Debug, Clone)]
pub struct OpenDoc {
    /// The buffer's text after the latest change.
    pub rope: Rope,
    /// The version of the latest change.
    pub version: i32,
    /// The text the bundle holds and its version: behind `rope` and
    /// `version` while a change is extracted outside the lock. Requests
    /// use these, so that versions and text always agree.
    pub synced_rope: Rope,
    pub synced_version: i32,
}

impl OpenDoc {
    pub fn new(text: &str, version: i32) -> OpenDoc {
        let rope = Rope::from_str(text);
        OpenDoc {
            synced_rope: rope.clone(),
            synced_version: version,
            rope,
            version,
        }
    }

    /// A buffer just opened whose text is not in the bundle yet (it is
    /// extracted outside the lock): nothing is synced.
    pub fn pending(rope: Rope, version: i32) -> OpenDoc {
        OpenDoc {
            rope,
            version,
            synced_rope: Rope::new(),
            synced_version: i32::MIN,
        }
    }

    /// Applies one content change of a `didChange`: the whole text when
    /// `range` is `None`, else a replacement of the range (in `encoding`).
    /// Returns true when the range was clamped or reordered.
    pub fn apply_change(&mut self, range: Option<Range>, text: &str, encoding: Encoding) -> bool {
        match range {
            None => {
                self.rope = Rope::from_str(text);
                false
            }
            Some(range) => {
                let (span, fixed) = convert::span(&self.rope, range, encoding);
                let a = self.rope.byte_to_char(span.start);
                let b = self.rope.byte_to_char(span.end);
                self.rope.remove(a..b);
                self.rope.insert(a, text);
                fixed
            }
        }
    }
}

/// The configuration file of the workspace when it is broken.
#[derive(Debug, Clone)]
pub struct ConfigProblem {
    pub uri: Url,
    pub text: String,
    pub error: ConfigError,
}

/// The findings of one analysis and the bundle they were computed on.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub generation: u64,
    pub bundle: Arc<Bundle>,
    pub findings: Arc<Vec<Finding>>,
}

#[derive(Debug)]
pub struct State {
    pub encoding: Encoding,
    pub roots: Vec<PathBuf>,
    pub config: Arc<Config>,
    pub globs: Option<BundleGlobs>,
    pub config_problem: Option<ConfigProblem>,
    pub bundle: Arc<Bundle>,
    pub open: HashMap<Url, OpenDoc>,
    /// Files of the workspace that were declined, with the reason.
    pub skipped: HashMap<Url, String>,
    /// Bumped by every change to the bundle or the configuration.
    pub generation: u64,
    /// The latest generation, readable without the lock: a running
    /// analysis polls it to stop when it is moot.
    pub latest: Arc<AtomicU64>,
    pub analysis: Analysis,
    /// Documents whose diagnostics must be sent with the next analysis
    /// even if unchanged (they were edited, so their version moved).
    pub dirty: HashSet<Url>,
    /// A fingerprint of what was last published, per document.
    pub published: HashMap<Url, u64>,
    pub config_published: Option<Url>,
    /// The user was told that the bundle is a single article.
    pub told_single: bool,
}

impl Default for State {
    fn default() -> State {
        let config = Config::default();
        State {
            encoding: Encoding::default(),
            roots: Vec::new(),
            globs: config.bundle_globs().ok(),
            config: Arc::new(config),
            config_problem: None,
            bundle: Arc::new(Bundle::new()),
            open: HashMap::new(),
            skipped: HashMap::new(),
            generation: 0,
            latest: Arc::new(AtomicU64::new(0)),
            analysis: Analysis::default(),
            dirty: HashSet::new(),
            published: HashMap::new(),
            config_published: None,
            told_single: false,
        }
    }
}

/// The same file always gets the same key: `file:` URIs are rebuilt from
/// their path, so that differences of percent-encoding between the client
/// and the server do not make two documents of one file.
pub fn normalize(uri: &Url) -> Url {
    if uri.scheme() == "file" {
        if let Ok(path) = uri.to_file_path() {
            if let Ok(u) = Url::from_file_path(&path) {
                return u;
            }
        }
    }
    uri.clone()
}

pub fn is_config_uri(uri: &Url) -> bool {
    uri.path_segments()
        .and_then(|mut s| s.next_back())
        .is_some_and(|last| last == CONFIG_FILE)
}

impl State {
    /// The root that holds `path`, and the path relative to it with `/`.
    pub fn relative(&self, path: &Path) -> Option<(PathBuf, String)> {
        relative(&self.roots, path)
    }

    /// The name shown in messages and the authority rank of a document.
    pub fn name_and_rank(&self, uri: &Url) -> (String, usize) {
        name_and_rank(&self.roots, self.globs.as_ref(), uri)
    }

    /// Is a file on disk (not open) an article of the bundle?
    pub fn is_article_path(&self, path: &Path) -> bool {
        match (&self.globs, self.relative(path)) {
            (Some(g), Some((_, rel))) => g.is_article(&rel),
            _ => false,
        }
    }

    /// Is a file left out of the bundle whatever it is: a note beside the
    /// articles (`SOURCES.md`) or excluded by `[bundle] exclude`? Outside
    /// every root, its file name is looked at.
    pub fn is_left_out_path(&self, path: &Path) -> bool {
        let Some(globs) = &self.globs else {
            return false;
        };
        let rel = match self.relative(path) {
            Some((_, rel)) => rel,
            None => path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        };
        globs.is_left_out(&rel)
    }

    /// Takes `root` as the only root when there is none (no workspace
    /// folder was given); the open buffers are renamed relative to it.
    /// True when it was taken.
    pub fn adopt_root(&mut self, root: PathBuf) -> bool {
        if !self.roots.is_empty() {
            return false;
        }
        self.roots.push(root);
        let open: Vec<(Url, String)> = self
            .open
            .iter()
            .filter(|(u, _)| self.bundle.id_of(u.as_str()).is_some())
            .map(|(u, d)| (u.clone(), d.synced_rope.to_string()))
            .collect();
        for (uri, text) in open {
            self.upsert(&uri, &text);
        }
        true
    }

    /// Does the bundle hold exactly this text for `uri`?
    fn same_text(&self, uri: &Url, text: &str) -> bool {
        self.doc_id(uri)
            .and_then(|id| self.bundle.get(id))
            .is_some_and(|d| *d.text == *text)
    }

    pub fn doc_id(&self, uri: &Url) -> Option<DocId> {
        self.bundle.id_of(uri.as_str())
    }

    /// Puts a text extracted beforehand into the bundle under `uri`.
    pub fn upsert_prepared(&mut self, uri: &Url, prepared: Prepared) {
        let (name, rank) = self.name_and_rank(uri);
        Arc::make_mut(&mut self.bundle).upsert_prepared(uri.as_str(), &name, rank, prepared);
        self.skipped.remove(uri);
        self.touch(uri);
    }

    /// Puts a text into the bundle under `uri`.
    pub fn upsert(&mut self, uri: &Url, text: &str) {
        let (name, rank) = self.name_and_rank(uri);
        Arc::make_mut(&mut self.bundle).upsert(uri.as_str(), &name, rank, text);
        self.skipped.remove(uri);
        self.touch(uri);
    }

    pub fn remove(&mut self, uri: &Url) {
        Arc::make_mut(&mut self.bundle).remove(uri.as_str());
        self.skipped.remove(uri);
        self.touch(uri);
    }

    /// A new generation: what was being analysed is moot.
    fn bump(&mut self) {
        self.generation += 1;
        self.latest.store(self.generation, Ordering::Release);
    }

    /// Marks a change: the next analysis republishes this document.
    pub fn touch(&mut self, uri: &Url) {
        self.bump();
        self.dirty.insert(uri.clone());
    }

    /// Reads the configuration of the first root that has one, with the
    /// workspace's loader. Lenient: a broken file gives the defaults, a
    /// warning and a diagnostic on the file; a knowledge file that cannot
    /// be used is logged and left out.
    pub fn load_config(&mut self) {
        let loaded = self
            .roots
            .iter()
            .map(|root| workspace::load_config(root))
            .find(|l| l.path.is_some())
            .unwrap_or_default();
        self.config_problem = match (&loaded.error, &loaded.path) {
            (Some(error), Some(path)) => Url::from_file_path(path).ok().map(|uri| ConfigProblem {
                uri,
                text: loaded.text.clone().unwrap_or_default(),
                error: error.clone(),
            }),
            _ => None,
        };
        self.apply_config(loaded);
    }

    /// Applies a configuration whose text is given (an open copydesk.toml).
    pub fn config_from_text(&mut self, uri: &Url, text: &str) {
        let path = uri.to_file_path().ok();
        let loaded = workspace::load_config_text(path.as_deref(), text.to_string());
        self.config_problem = loaded.error.as_ref().map(|error| ConfigProblem {
            uri: uri.clone(),
            text: text.to_string(),
            error: error.clone(),
        });
        self.apply_config(loaded);
    }

    /// Puts a loaded configuration in force (the defaults when it is
    /// broken), logging its problems.
    fn apply_config(&mut self, loaded: workspace::LoadedConfig) {
        if let Some(p) = &self.config_problem {
            tracing::warn!("{}: {}; using the defaults", p.uri, p.error.message);
        }
        for e in &loaded.problems {
            tracing::warn!("{CONFIG_FILE}: a knowledge file was not used: {e}");
        }
        self.set_config(loaded.config);
    }

    fn set_config(&mut self, config: Config) {
        self.globs = match config.bundle_globs() {
            Ok(g) => Some(g),
            Err(e) => {
                tracing::warn!("{CONFIG_FILE}: {e}");
                Config::default().bundle_globs().ok()
            }
        };
        self.config = Arc::new(config);
        self.bump();
    }

    /// Scans every root for articles, reading those that are not open.
    /// Returns how many were found. Holds `self` throughout: for callers
    /// without a lock to release (tests); the server uses the three phases
    /// below so that its lock is not held while files are read.
    pub fn scan(&mut self, progress: &mut dyn FnMut(usize, usize)) -> usize {
        let total = self.scan_plan().run(progress);
        let found = total.found;
        self.apply_scan(total);
        found
    }

    /// Phase 1 of a scan, under the lock: what to scan, and the bundle it
    /// starts from.
    pub fn scan_plan(&self) -> ScanPlan {
        ScanPlan {
            roots: self.roots.clone(),
            globs: self.globs.clone(),
            open: self.open.keys().cloned().collect(),
            base: self.bundle.clone(),
            generation: self.generation,
        }
    }

    /// Phase 3 of a scan, under the lock: the result becomes the bundle.
    /// When nothing changed since the plan was made, the bundle extracted
    /// in phase 2 is taken as it is; otherwise the files read are applied
    /// to the current bundle (open buffers still win).
    pub fn apply_scan(&mut self, r: ScanResult) {
        let current = self.generation == r.generation && Arc::ptr_eq(&self.bundle, &r.base);
        for d in &r.docs {
            if let Ok(u) = Url::parse(&d.key) {
                self.skipped.remove(&u);
            }
        }
        for (uri, reason) in r.skipped {
            self.skipped.insert(uri, reason);
        }
        if current {
            self.bundle = Arc::new(r.bundle);
            for uri in r.removed {
                self.skipped.remove(&uri);
                self.dirty.insert(uri);
            }
        } else {
            let stale: Vec<Url> = self
                .bundle
                .documents()
                .iter()
                .filter_map(|d| Url::parse(&d.key).ok())
                .filter(|u| !r.keep.contains(u.as_str()) && !self.open.contains_key(u))
                .collect();
            for u in stale {
                self.remove(&u);
            }
            let docs: Vec<NewDocument> = r
                .docs
                .into_iter()
                .filter(|d| Url::parse(&d.key).is_ok_and(|u| !self.open.contains_key(&u)))
                .collect();
            for u in &r.declined {
                Arc::make_mut(&mut self.bundle).remove(u.as_str());
            }
            Arc::make_mut(&mut self.bundle).upsert_many(docs);
        }
        self.bump();
    }

    /// Re-reads one file from disk after a change notification.
    pub fn reload_file(&mut self, uri: &Url) {
        if self.open.contains_key(uri) {
            return;
        }
        let Ok(path) = uri.to_file_path() else {
            return;
        };
        if !path.is_file() || !self.is_article_path(&path) {
            if self.bundle.id_of(uri.as_str()).is_some() || self.skipped.contains_key(uri) {
                self.remove(uri);
            }
            return;
        }
        match workspace::read_article(&path) {
            // Unchanged (a file touched, or read back after a save): no
            // new generation, no analysis.
            Ok(text) if self.same_text(uri, &text) => {}
            Ok(text) => self.upsert(uri, &text),
            Err(reason) => {
                tracing::warn!("skipping {uri}: {reason}");
                self.remove(uri);
                self.skipped.insert(uri.clone(), reason.to_string());
            }
        }
    }

    /// The rope of a document: the open buffer's, else one built from the
    /// bundle's text.
    pub fn rope_of(&self, uri: &Url) -> Option<Rope> {
        if let Some(d) = self.open.get(uri) {
            return Some(d.synced_rope.clone());
        }
        let id = self.bundle.id_of(uri.as_str())?;
        self.bundle.get(id).map(|d| Rope::from_str(&d.text))
    }
}

/// The root that holds `path`, and the path relative to it with `/`.
fn relative(roots: &[PathBuf], path: &Path) -> Option<(PathBuf, String)> {
    roots.iter().find_map(|root| {
        let rel = path.strip_prefix(root).ok()?;
        let relative = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        Some((root.clone(), relative))
    })
}

/// The name shown in messages and the authority rank of a document.
fn name_and_rank(roots: &[PathBuf], globs: Option<&BundleGlobs>, uri: &Url) -> (String, usize) {
    let path = uri.to_file_path().ok();
    let relative = path
        .as_deref()
        .and_then(|p| relative(roots, p))
        .map(|r| r.1);
    let name = relative.clone().unwrap_or_else(|| {
        uri.path_segments()
            .and_then(|mut s| s.next_back())
            .map(percent_decode)
            .unwrap_or_else(|| uri.to_string())
    });
    let rank = match (globs, &relative) {
        (Some(g), Some(r)) => g.priority_rank(r),
        _ => 0,
    };
    (name, rank)
}

/// What a scan needs, taken under the state lock ([`State::scan_plan`]).
#[derive(Debug, Clone)]
pub struct ScanPlan {
    roots: Vec<PathBuf>,
    globs: Option<BundleGlobs>,
    /// Open buffers win: their files are not read.
    open: HashSet<Url>,
    base: Arc<Bundle>,
    generation: u64,
}

/// What a scan found, read and extracted ([`ScanPlan::run`]).
#[derive(Debug)]
pub struct ScanResult {
    pub found: usize,
    /// The base bundle with the files read applied and the files gone removed.
    bundle: Bundle,
    base: Arc<Bundle>,
    generation: u64,
    docs: Vec<NewDocument>,
    keep: HashSet<String>,
    removed: Vec<Url>,
    declined: Vec<Url>,
    skipped: Vec<(Url, String)>,
    /// Folders under the roots that could not be read, with the reason:
    /// logged to the client, the rest of the bundle is read.
    pub unreadable: Vec<(String, String)>,
}

impl ScanPlan {
    /// Phase 2 of a scan, without the lock: walks the roots, reads the
    /// articles that are not open and extracts their facts.
    pub fn run(self, progress: &mut dyn FnMut(usize, usize)) -> ScanResult {
        use rayon::prelude::*;
        let mut bundle = (*self.base).clone();
        let Some(globs) = self.globs.clone() else {
            return ScanResult {
                found: 0,
                bundle,
                base: self.base,
                generation: self.generation,
                docs: Vec::new(),
                keep: HashSet::new(),
                removed: Vec::new(),
                declined: Vec::new(),
                skipped: Vec::new(),
                unreadable: Vec::new(),
            };
        };
        let mut found = Vec::new();
        let mut unreadable = Vec::new();
        for root in &self.roots {
            let (articles, problems) = workspace::find_articles_and_problems(root, &globs);
            unreadable.extend(problems);
            for a in articles {
                if let Ok(uri) = Url::from_file_path(&a.path) {
                    found.push((uri, a.path));
                }
            }
        }
        let total = found.len();
        // Files that left the bundle (excluded now, or gone) are dropped.
        let keep: HashSet<String> = found.iter().map(|(u, _)| u.to_string()).collect();
        let removed: Vec<Url> = bundle
            .documents()
            .iter()
            .filter_map(|d| Url::parse(&d.key).ok())
            .filter(|u| !keep.contains(u.as_str()) && !self.open.contains(u))
            .collect();
        for u in &removed {
            bundle.remove(u.as_str());
        }
        let mut docs = Vec::new();
        let mut declined = Vec::new();
        let mut skipped = Vec::new();
        let mut done = 0;
        for chunk in found.chunks(256) {
            let read: Vec<_> = chunk
                .par_iter()
                .filter(|(uri, _)| !self.open.contains(uri))
                .map(|(uri, path)| (uri.clone(), workspace::read_article(path)))
                .collect();
            for (uri, text) in read {
                match text {
                    Ok(text) => {
                        let (name, rank) = name_and_rank(&self.roots, Some(&globs), &uri);
                        docs.push(NewDocument {
                            key: uri.to_string(),
                            name,
                            rank,
                            text,
                        });
                    }
                    Err(reason) => {
                        tracing::warn!("skipping {uri}: {reason}");
                        bundle.remove(uri.as_str());
                        declined.push(uri.clone());
                        skipped.push((uri, reason.to_string()));
                    }
                }
            }
            done += chunk.len();
            progress(done, total);
        }
        bundle.upsert_many(docs.clone());
        ScanResult {
            found: total,
            bundle,
            base: self.base,
            generation: self.generation,
            docs,
            keep,
            removed,
            declined,
            skipped,
            unreadable,
        }
    }
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state_on(dir: &Path) -> State {
        let mut st = State {
            roots: vec![dir.to_path_buf()],
            ..State::default()
        };
        st.load_config();
        st
    }

    fn text_of(st: &State, uri: &Url) -> Option<String> {
        let id = st.doc_id(uri)?;
        st.bundle.get(id).map(|d| d.text.to_string())
    }

    fn uri(dir: &Path, name: &str) -> Url {
        Url::from_file_path(dir.join(name)).unwrap()
    }

    #[test]
    fn a_scan_reads_articles_and_skips_what_is_not_text() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "Alpha said.").unwrap();
        std::fs::write(dir.path().join("b.md"), "Beta said.").unwrap();
        std::fs::write(dir.path().join("c.txt"), [0xff, 0xfe, 0x00, 0x41]).unwrap();
        std::fs::write(dir.path().join("d.rs"), "fn main() {}").unwrap();
        let mut st = state_on(dir.path());
        assert_eq!(st.scan(&mut |_, _| {}), 3);
        assert_eq!(st.bundle.len(), 2);
        assert!(st.skipped.contains_key(&uri(dir.path(), "c.txt")));
        assert_eq!(st.name_and_rank(&uri(dir.path(), "b.md")).0, "b.md");

        // A file gone from disk leaves at the next scan.
        std::fs::remove_file(dir.path().join("b.md")).unwrap();
        st.scan(&mut |_, _| {});
        assert_eq!(st.bundle.len(), 1);
        assert!(text_of(&st, &uri(dir.path(), "b.md")).is_none());
    }

    #[test]
    fn a_root_that_cannot_be_read_is_reported_and_the_others_are_read() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "Alpha said.").unwrap();
        let gone = dir.path().join("gone");
        let mut st = state_on(dir.path());
        st.roots.push(gone.clone());
        let result = st.scan_plan().run(&mut |_, _| {});
        assert_eq!(result.found, 1);
        assert_eq!(result.unreadable.len(), 1, "{:?}", result.unreadable);
        assert_eq!(result.unreadable[0].0, gone.display().to_string());
        assert!(result.unreadable[0].1.contains("os error"));
        st.apply_scan(result);
        assert_eq!(st.bundle.len(), 1);
    }

    #[test]
    fn a_buffer_opened_while_files_are_read_wins() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "Text on disk.").unwrap();
        std::fs::write(dir.path().join("b.txt"), "Other text.").unwrap();
        let mut st = state_on(dir.path());
        let plan = st.scan_plan();
        let result = plan.run(&mut |_, _| {});
        // Meanwhile (the lock is free while files are read) a.txt is opened.
        let a = uri(dir.path(), "a.txt");
        st.open
            .insert(a.clone(), OpenDoc::new("Text in the buffer.", 1));
        st.upsert(&a, "Text in the buffer.");
        st.apply_scan(result);
        assert_eq!(text_of(&st, &a).as_deref(), Some("Text in the buffer."));
        assert_eq!(
            text_of(&st, &uri(dir.path(), "b.txt")).as_deref(),
            Some("Other text.")
        );
    }

    #[test]
    fn knowledge_files_named_by_the_configuration_are_read() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(CONFIG_FILE),
            "knowledge = [\"desk.toml\", \"missing.toml\"]\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("desk.toml"), "# entries of the desk\n").unwrap();
        let st = state_on(dir.path());
        assert!(st.config_problem.is_none());
        let read: Vec<&str> = st
            .config
            .knowledge_loaded
            .iter()
            .map(|(name, _)| name.as_str())
            .collect();
        assert_eq!(read, ["desk.toml"]);
    }

    #[test]
    fn an_undisturbed_scan_is_taken_as_extracted() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "Analyst Mark Dunn said.").unwrap();
        let mut st = state_on(dir.path());
        let plan = st.scan_plan();
        let result = plan.run(&mut |_, _| {});
        let generation = st.generation;
        st.apply_scan(result);
        assert!(st.generation > generation);
        let a = uri(dir.path(), "a.txt");
        let id = st.doc_id(&a).unwrap();
        // Facts were extracted during the scan, not only the text stored.
        assert!(!st.bundle.get(id).unwrap().facts.names.is_empty());
    }
}
