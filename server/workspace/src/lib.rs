//! Articles on disk: walking folders, applying the bundle's globs, and
//! reading files as UTF-8 text, declining binary, non-UTF-8 and huge files
//! with a clear reason; and the one loader of the configuration
//! ([`load_config`]: `copydesk.toml` with its knowledge files). Used by both
//! the CLI and the language server.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use copydesk_core::config::{BundleGlobs, CONFIG_FILE};

mod config;

pub use config::{
    load_config, load_config_file, load_config_text, read_knowledge, read_text_file, LoadedConfig,
};

/// Articles larger than this are declined rather than checked.
pub const MAX_ARTICLE_BYTES: u64 = 16 * 1024 * 1024;

/// Folders never entered: hidden ones, `node_modules` and `target`.
pub fn is_skipped_dir(name: &str) -> bool {
    (name.starts_with('.') && name != "." && name != "..")
        || name == "node_modules"
        || name == "target"
}

/// Why a file was not taken into the bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Declined {
    NotUtf8 {
        valid_up_to: usize,
    },
    Binary,
    TooLarge {
        bytes: u64,
    },
    Unreadable(String),
    /// UTF-16 text (with its byte-order mark): convert it to UTF-8.
    Utf16,
    /// A FIFO, device, socket or folder where an article was expected.
    NotAFile,
}

impl std::fmt::Display for Declined {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Declined::NotUtf8 { valid_up_to } => {
                write!(
                    f,
                    "not UTF-8 text (invalid byte after {valid_up_to} valid bytes); skipped"
                )
            }
            Declined::Binary => f.write_str("binary file (contains NUL bytes); skipped"),
            Declined::TooLarge { bytes } => write!(
                f,
                "{bytes} bytes is larger than the {} MiB an article may have; skipped",
                MAX_ARTICLE_BYTES / (1024 * 1024)
            ),
            Declined::Unreadable(e) => write!(f, "cannot be read: {e}"),
            Declined::Utf16 => f.write_str(
                "UTF-16 text: copydesk reads UTF-8; convert it (e.g. iconv -f UTF-16 -t UTF-8); skipped",
            ),
            Declined::NotAFile => f.write_str(
                "not a regular file (a FIFO, device, socket or folder); skipped",
            ),
        }
    }
}

/// Decodes bytes as an article's text.
pub fn decode(bytes: Vec<u8>) -> Result<String, Declined> {
    if bytes.len() as u64 > MAX_ARTICLE_BYTES {
        return Err(Declined::TooLarge {
            bytes: bytes.len() as u64,
        });
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Declined::Utf16);
    }
    if bytes.iter().take(64 * 1024).any(|&b| b == 0) {
        return Err(Declined::Binary);
    }
    let mut text = String::from_utf8(bytes).map_err(|e| Declined::NotUtf8 {
        valid_up_to: e.utf8_error().valid_up_to(),
    })?;
    // Editors hide a byte-order mark: positions count from after it (a
    // fix written back keeps it, see `cli::fix`).
    if text.starts_with(BOM) {
        text.drain(..BOM.len_utf8());
    }
    Ok(text)
}

/// The UTF-8 byte-order mark.
pub const BOM: char = '\u{feff}';

/// Reads one article, declining what is not text.
pub fn read_article(path: &Path) -> Result<String, Declined> {
    // Opening a FIFO blocks until a writer comes: look before opening.
    let meta = fs::metadata(path).map_err(|e| Declined::Unreadable(e.to_string()))?;
    if !meta.is_file() {
        return Err(Declined::NotAFile);
    }
    let file = fs::File::open(path).map_err(|e| Declined::Unreadable(e.to_string()))?;
    let len = file
        .metadata()
        .map_err(|e| Declined::Unreadable(e.to_string()))?
        .len();
    if len > MAX_ARTICLE_BYTES {
        return Err(Declined::TooLarge { bytes: len });
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(MAX_ARTICLE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Declined::Unreadable(e.to_string()))?;
    decode(bytes)
}

/// Reads an article from standard input, with the limits and decoding of
/// [`read_article`].
pub fn read_stdin() -> Result<String, Declined> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(MAX_ARTICLE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Declined::Unreadable(e.to_string()))?;
    if bytes.len() as u64 > MAX_ARTICLE_BYTES {
        return Err(Declined::TooLarge {
            bytes: bytes.len() as u64,
        });
    }
    decode(bytes)
}

/// An article found under a root folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundArticle {
    pub path: PathBuf,
    /// Path relative to the root, with `/` separators.
    pub relative: String,
}

/// Every article under `root`, sorted by relative path. Hidden folders,
/// `node_modules` and `target` are not entered; symbolic links are not
/// followed.
pub fn find_articles(root: &Path, globs: &BundleGlobs) -> Vec<FoundArticle> {
    find_articles_and_problems(root, globs).0
}

/// [`find_articles`], and the parts of the tree that could not be read
/// (a folder without permission, a root that is gone), each with the
/// reason: the articles found elsewhere are still returned.
pub fn find_articles_and_problems(
    root: &Path,
    globs: &BundleGlobs,
) -> (Vec<FoundArticle>, Vec<(String, String)>) {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    let walker = walkdir::WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || !(e.file_type().is_dir() && is_skipped_dir(&e.file_name().to_string_lossy()))
        });
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                tracing::warn!("cannot read part of {}: {e}", root.display());
                let place = e
                    .path()
                    .map_or_else(|| root.display().to_string(), |p| p.display().to_string());
                let reason = e
                    .io_error()
                    .map_or_else(|| e.to_string(), std::string::ToString::to_string);
                let what = if e.path().is_some_and(Path::is_dir) {
                    "folder cannot be read"
                } else {
                    "cannot be read"
                };
                problems.push((place, format!("{what}: {reason}; skipped")));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(root) else {
            continue;
        };
        let relative = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if globs.is_article(&relative) {
            out.push(FoundArticle {
                path: entry.path().to_path_buf(),
                relative,
            });
        }
    }
    (out, problems)
}

/// The folder of a bundle for a file opened without a workspace folder:
/// the nearest folder above it holding `.git` or `copydesk.toml`, else the
/// file's own folder. `None` when the path has no parent.
pub fn find_root(file: &Path) -> Option<PathBuf> {
    let folder = file.parent()?;
    let marked = folder
        .ancestors()
        .find(|dir| dir.join(".git").exists() || dir.join(CONFIG_FILE).is_file());
    Some(marked.unwrap_or(folder).to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_declines_binary_and_invalid_utf8() {
        assert_eq!(decode(b"ok \xe2\x80\x99".to_vec()), Ok("ok ’".to_string()));
        assert_eq!(decode(b"a\0b".to_vec()), Err(Declined::Binary));
        assert_eq!(
            decode(b"ab\xff".to_vec()),
            Err(Declined::NotUtf8 { valid_up_to: 2 })
        );
    }

    #[test]
    fn walks_articles_and_skips_hidden_and_build_folders() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for p in [
            "a.txt",
            "b.md",
            "c.rs",
            "sub/d.markdown",
            ".git/e.txt",
            "node_modules/f.txt",
            "target/g.txt",
            ".hidden.txt",
        ] {
            let path = root.join(p);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, "x").unwrap();
        }
        let found: Vec<_> = find_articles(root, &BundleGlobs::default())
            .into_iter()
            .map(|a| a.relative)
            .collect();
        assert_eq!(
            found,
            vec![".hidden.txt", "a.txt", "b.md", "sub/d.markdown"]
        );
    }

    #[test]
    fn the_root_of_a_lone_file_is_its_marked_folder_else_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let story = dir.path().join("story");
        fs::create_dir_all(story.join("wire")).unwrap();
        let file = story.join("wire/a.txt");
        fs::write(&file, "x").unwrap();
        assert_eq!(find_root(&file), Some(story.join("wire")));
        fs::write(story.join(CONFIG_FILE), "").unwrap();
        assert_eq!(find_root(&file), Some(story.clone()));
        assert_eq!(find_root(Path::new("/")), None);
    }

    #[test]
    fn a_root_that_cannot_be_walked_is_a_problem_with_its_reason() {
        let dir = tempfile::tempdir().unwrap();
        let gone = dir.path().join("gone");
        let (found, problems) = find_articles_and_problems(&gone, &BundleGlobs::default());
        assert!(found.is_empty());
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].0, gone.display().to_string());
        assert!(
            problems[0].1.starts_with("cannot be read: "),
            "{problems:?}"
        );
        assert!(problems[0].1.contains("os error"), "{problems:?}");
    }

    #[cfg(unix)]
    #[test]
    fn an_unreadable_subfolder_is_a_problem_and_the_rest_is_found() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let locked = dir.path().join("locked");
        fs::create_dir_all(&locked).unwrap();
        fs::write(locked.join("b.txt"), "x").unwrap();
        fs::write(dir.path().join("a.txt"), "x").unwrap();
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
        // Root reads any folder: nothing to see then.
        let readable = fs::read_dir(&locked).is_ok();
        let (found, problems) = find_articles_and_problems(dir.path(), &BundleGlobs::default());
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
        if readable {
            return;
        }
        let found: Vec<_> = found.into_iter().map(|a| a.relative).collect();
        assert_eq!(found, vec!["a.txt"]);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].0, locked.display().to_string());
        assert!(
            problems[0].1.starts_with("folder cannot be read: ")
                && problems[0].1.ends_with("; skipped"),
            "{problems:?}"
        );
    }

    #[test]
    fn notes_beside_the_articles_are_not_walked_in() {
        let dir = tempfile::tempdir().unwrap();
        for p in ["a.txt", "SOURCES.md", "README.md", "sub/notes.txt"] {
            let path = dir.path().join(p);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, "x").unwrap();
        }
        let found: Vec<_> = find_articles(dir.path(), &BundleGlobs::default())
            .into_iter()
            .map(|a| a.relative)
            .collect();
        assert_eq!(found, vec!["a.txt"]);
    }
}
