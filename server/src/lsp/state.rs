//! The server's state: workspace roots, configuration, open buffers (ropes
//! with versions), the bundle (open buffers win over files on disk) and the
//! last analysis. Everything here is plain data behind one mutex, held only
//! briefly and never across an `.await`.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ropey::Rope;
use tower_lsp::lsp_types::Url;

use crate::analysis::bundle::NewDocument;
use crate::analysis::{Bundle, DocId, Finding};
use crate::config::{BundleGlobs, Config, ConfigError, CONFIG_FILE};
use crate::workspace;

use super::convert::Encoding;

/// An open buffer.
#[derive(Debug, Clone)]
pub struct OpenDoc {
    pub rope: Rope,
    pub version: i32,
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
    pub analysis: Analysis,
    /// Documents whose diagnostics must be sent with the next analysis
    /// even if unchanged (they were edited, so their version moved).
    pub dirty: HashSet<Url>,
    /// What was last published, per document.
    pub published: HashMap<Url, Vec<Finding>>,
    pub config_published: Option<Url>,
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
            analysis: Analysis::default(),
            dirty: HashSet::new(),
            published: HashMap::new(),
            config_published: None,
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
        self.roots.iter().find_map(|root| {
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
    pub fn name_and_rank(&self, uri: &Url) -> (String, usize) {
        let path = uri.to_file_path().ok();
        let relative = path.as_deref().and_then(|p| self.relative(p)).map(|r| r.1);
        let name = relative.clone().unwrap_or_else(|| {
            uri.path_segments()
                .and_then(|mut s| s.next_back())
                .map(percent_decode)
                .unwrap_or_else(|| uri.to_string())
        });
        let rank = match (&self.globs, &relative) {
            (Some(g), Some(r)) => g.priority_rank(r),
            _ => 0,
        };
        (name, rank)
    }

    /// Is a file on disk (not open) an article of the bundle?
    pub fn is_article_path(&self, path: &Path) -> bool {
        match (&self.globs, self.relative(path)) {
            (Some(g), Some((_, rel))) => g.is_article(&rel),
            _ => false,
        }
    }

    pub fn doc_id(&self, uri: &Url) -> Option<DocId> {
        self.bundle.id_of(uri.as_str())
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

    /// Marks a change: the next analysis republishes this document.
    pub fn touch(&mut self, uri: &Url) {
        self.generation += 1;
        self.dirty.insert(uri.clone());
    }

    /// Reads the configuration of the first root that has one.
    pub fn load_config(&mut self) {
        let mut loaded = None;
        for root in &self.roots {
            let l = workspace::load_config(root);
            if l.path.is_some() {
                loaded = Some(l);
                break;
            }
        }
        let loaded = loaded.unwrap_or_default();
        self.config_problem = match (&loaded.error, &loaded.path) {
            (Some(error), Some(path)) => Url::from_file_path(path).ok().map(|uri| ConfigProblem {
                uri,
                text: loaded.text.clone().unwrap_or_default(),
                error: error.clone(),
            }),
            _ => None,
        };
        if let Some(p) = &self.config_problem {
            tracing::warn!("{}: {}; using the defaults", p.uri, p.error.message);
        }
        self.set_config(loaded.config);
    }

    /// Applies a configuration whose text is given (an open copydesk.toml).
    pub fn config_from_text(&mut self, uri: &Url, text: &str) {
        match Config::parse(text) {
            Ok(c) => {
                self.config_problem = None;
                self.set_config(c);
            }
            Err(error) => {
                tracing::warn!("{uri}: {}; using the defaults", error.message);
                self.config_problem = Some(ConfigProblem {
                    uri: uri.clone(),
                    text: text.to_string(),
                    error,
                });
                self.set_config(Config::default());
            }
        }
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
        self.generation += 1;
    }

    /// Scans every root for articles, reading those that are not open.
    /// Returns how many were found.
    pub fn scan(&mut self, progress: &mut dyn FnMut(usize, usize)) -> usize {
        let Some(globs) = self.globs.clone() else {
            return 0;
        };
        let mut found = Vec::new();
        for root in &self.roots {
            for a in workspace::find_articles(root, &globs) {
                if let Ok(uri) = Url::from_file_path(&a.path) {
                    found.push((uri, a.path));
                }
            }
        }
        let total = found.len();
        // Files that left the bundle (excluded now, or gone) are dropped.
        let keep: HashSet<&str> = found.iter().map(|(u, _)| u.as_str()).collect();
        let stale: Vec<Url> = self
            .bundle
            .documents()
            .iter()
            .filter_map(|d| Url::parse(&d.key).ok())
            .filter(|u| !keep.contains(u.as_str()) && !self.open.contains_key(u))
            .collect();
        for u in stale {
            self.remove(&u);
        }
        use rayon::prelude::*;
        let mut docs = Vec::new();
        let mut done = 0;
        for chunk in found.chunks(256) {
            let read: Vec<_> = chunk
                .par_iter()
                .filter(|(uri, _)| !self.open.contains_key(uri))
                .map(|(uri, path)| (uri.clone(), workspace::read_article(path)))
                .collect();
            for (uri, text) in read {
                match text {
                    Ok(text) => {
                        let (name, rank) = self.name_and_rank(&uri);
                        docs.push(NewDocument {
                            key: uri.to_string(),
                            name,
                            rank,
                            text,
                        });
                    }
                    Err(reason) => {
                        tracing::warn!("skipping {uri}: {reason}");
                        Arc::make_mut(&mut self.bundle).remove(uri.as_str());
                        self.skipped.insert(uri, reason.to_string());
                    }
                }
            }
            done += chunk.len();
            progress(done, total);
        }
        Arc::make_mut(&mut self.bundle).upsert_many(docs);
        self.generation += 1;
        total
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
            return Some(d.rope.clone());
        }
        let id = self.bundle.id_of(uri.as_str())?;
        self.bundle.get(id).map(|d| Rope::from_str(&d.text))
    }
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}
