//! The one loader of a workspace's configuration: `copydesk.toml` read and
//! parsed, and its `knowledge` files read (relative to its folder) and
//! parsed. The front ends differ only in what they make of a problem: the
//! language server keeps the defaults and warns, the command line stops
//! (exit 2).

use std::fs;
use std::path::{Path, PathBuf};

use copydesk_core::config::{Config, ConfigError, CONFIG_FILE};
use copydesk_core::knowledge;

/// A configuration as loaded.
#[derive(Debug, Clone, Default)]
pub struct LoadedConfig {
    /// The configuration in force: the defaults when there is no file or
    /// it cannot be used.
    pub config: Config,
    /// The file, when there is one.
    pub path: Option<PathBuf>,
    /// Its text, when it could be read.
    pub text: Option<String>,
    /// Why the file cannot be used: it cannot be read (no span, no text),
    /// or it is invalid (a span into `text` where known).
    pub error: Option<ConfigError>,
    /// The knowledge files that could not be read ("path: reason") or do
    /// not parse ("file:line: message"); the others are in force.
    pub problems: Vec<String>,
}

/// Loads `copydesk.toml` from a folder. No such regular file gives the
/// defaults (and no path).
pub fn load_config(root: &Path) -> LoadedConfig {
    let path = root.join(CONFIG_FILE);
    if !path.is_file() {
        return LoadedConfig::default();
    }
    load_config_file(&path)
}

/// Loads a configuration file the user named; one that cannot be read
/// (missing, not a regular file, not UTF-8) is an error.
pub fn load_config_file(path: &Path) -> LoadedConfig {
    match read_text_file(path) {
        Ok(text) => load_config_text(Some(path), text),
        Err(e) => LoadedConfig {
            path: Some(path.to_path_buf()),
            error: Some(ConfigError {
                message: match e.kind() {
                    std::io::ErrorKind::InvalidData => "not UTF-8 text".to_string(),
                    _ => e.to_string(),
                },
                span: None,
            }),
            ..LoadedConfig::default()
        },
    }
}

/// Loads a configuration from its text (an open `copydesk.toml`); its
/// knowledge files are read from the folder of `path`, when there is one.
pub fn load_config_text(path: Option<&Path>, text: String) -> LoadedConfig {
    let mut loaded = LoadedConfig {
        path: path.map(Path::to_path_buf),
        ..LoadedConfig::default()
    };
    match Config::parse(&text) {
        Ok(mut config) => {
            if let Some(path) = path {
                let base = path
                    .parent()
                    .filter(|d| !d.as_os_str().is_empty())
                    .unwrap_or_else(|| Path::new("."));
                loaded.problems = read_knowledge(&mut config, base);
            }
            let errors = knowledge::user_errors(&config);
            loaded
                .problems
                .extend(errors.iter().map(ToString::to_string));
            loaded.config = config;
        }
        Err(e) => loaded.error = Some(e),
    }
    loaded.text = Some(text);
    loaded
}

/// Reads the `knowledge` files, relative to `base` (the folder of
/// `copydesk.toml`), into `config.knowledge_loaded`. Returns the files that
/// could not be read, as "path: reason"; the others are kept.
pub fn read_knowledge(config: &mut Config, base: &Path) -> Vec<String> {
    let mut errors = Vec::new();
    config.knowledge_loaded.clear();
    for k in &config.knowledge {
        let path = base.join(k);
        // A FIFO would block the reader: only regular files are read.
        match read_text_file(&path) {
            Ok(text) => config.knowledge_loaded.push((k.clone(), text)),
            Err(e) => errors.push(format!("{}: {e}", path.display())),
        }
    }
    errors
}

/// Reads a small text file that is not an article (a knowledge file),
/// refusing what is not a regular file so that a FIFO never blocks.
pub fn read_text_file(path: &Path) -> std::io::Result<String> {
    let meta = fs::metadata(path)?;
    if !meta.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file (a FIFO, device, socket or folder)",
        ));
    }
    fs::read_to_string(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn broken_config_falls_back_to_defaults_with_error() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(CONFIG_FILE), "[rules\n").unwrap();
        let loaded = load_config(dir.path());
        assert_eq!(loaded.config, Config::default());
        assert!(loaded.error.is_some());
        assert!(loaded.text.is_some());
    }

    #[test]
    fn no_file_gives_the_defaults_and_a_named_one_must_exist() {
        let dir = tempfile::tempdir().unwrap();
        let loaded = load_config(dir.path());
        assert!(loaded.path.is_none() && loaded.error.is_none());
        let loaded = load_config_file(&dir.path().join("other.toml"));
        assert!(loaded.error.is_some_and(|e| e.span.is_none()));
        assert!(loaded.text.is_none());
        fs::write(dir.path().join(CONFIG_FILE), b"a = \"\xff\"\n").unwrap();
        let loaded = load_config(dir.path());
        assert_eq!(
            loaded.error.map(|e| e.message).as_deref(),
            Some("not UTF-8 text")
        );
    }

    #[test]
    fn knowledge_files_are_read_and_their_problems_listed() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("newsroom")).unwrap();
        fs::write(
            dir.path().join(CONFIG_FILE),
            "knowledge = [\"newsroom/good.toml\", \"newsroom/bad.toml\", \"newsroom/gone.toml\"]\n",
        )
        .unwrap();
        fs::write(
            dir.path().join("newsroom/good.toml"),
            "[[entity]]\nid = \"examplecorp\"\nkind = \"company\"\nname = \"Examplecorp\"\nwhat = \"x\"\nsource = { title = \"t\", as_of = \"2026\" }\n",
        )
        .unwrap();
        fs::write(dir.path().join("newsroom/bad.toml"), "[[entity]]\nid = 3\n").unwrap();
        let loaded = load_config(dir.path());
        assert!(loaded.error.is_none());
        assert_eq!(loaded.config.knowledge_loaded.len(), 2);
        assert_eq!(loaded.problems.len(), 2, "{:?}", loaded.problems);
        assert!(loaded.problems[0].contains("gone.toml"));
        assert!(loaded.problems[1].starts_with("newsroom/bad.toml:2: "));
        assert!(knowledge::for_config(&loaded.config)
            .get("examplecorp")
            .is_some());
    }
}
