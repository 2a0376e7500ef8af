//! `copydesk check --fix`: applies every certain fix of every article, the
//! same edits as the editor's `source.fixAll.copydesk` action, and writes
//! only the files it changes, each one atomically (a temporary file in the
//! same folder, then a rename). A file that changed on disk since it was
//! read is left alone.

use std::io::Write;
use std::path::Path;

use crate::analysis::{Edit, Finding};
use crate::cli::Loaded;

/// What `--fix` did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct FixReport {
    /// (path, number of edits) of each file written.
    pub written: Vec<(String, usize)>,
    /// (path, reason) of each file that could not be written.
    pub failed: Vec<(String, String)>,
}

/// `text` with `edits` applied. The edits must not overlap (as
/// [`crate::lsp::to_lsp::fix_all_edits`] gives them); an edit out of range
/// or off a char boundary is skipped.
pub fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.location.span.start, e.location.span.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in sorted {
        let s = e.location.span;
        if s.start < at
            || s.end > text.len()
            || !text.is_char_boundary(s.start)
            || !text.is_char_boundary(s.end)
        {
            continue;
        }
        out.push_str(&text[at..s.start]);
        out.push_str(&e.new_text);
        at = s.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Writes `text` to `path` through a temporary file in the same folder and
/// a rename, keeping the file's permissions.
pub fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."));
    let name = path
        .file_name()
        .map_or_else(|| "article".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.copydesk-{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        if let Ok(meta) = std::fs::metadata(path) {
            std::fs::set_permissions(&tmp, meta.permissions())?;
        }
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// `--fix --diff`: the certain fixes of `findings` as a unified diff of
/// every article they change, and the number of those articles. Nothing
/// is written.
pub fn diff(loaded: &Loaded, findings: &[Finding]) -> (String, usize) {
    let mut out = String::new();
    let mut files = 0;
    for doc in loaded.bundle.documents() {
        let edits = crate::lsp::to_lsp::fix_all_edits(findings, doc.id);
        let fixed = apply_edits(&doc.text, &edits);
        if fixed == *doc.text {
            continue;
        }
        files += 1;
        let path = loaded.path_of(doc.id);
        // `a/` and `b/` before a relative path, as `git diff` and `patch -p1` expect.
        let (old, new) = if path.starts_with('/') {
            (path.to_string(), path.to_string())
        } else {
            (format!("a/{path}"), format!("b/{path}"))
        };
        let d = similar::TextDiff::from_lines(&*doc.text, fixed.as_str());
        out.push_str(
            &d.unified_diff()
                .context_radius(2)
                .header(&old, &new)
                .to_string(),
        );
    }
    (out, files)
}

/// Applies the certain fixes of `findings` to the articles of `loaded`.
pub fn fix(loaded: &Loaded, findings: &[Finding]) -> FixReport {
    let mut report = FixReport::default();
    for doc in loaded.bundle.documents() {
        let edits = crate::lsp::to_lsp::fix_all_edits(findings, doc.id);
        if edits.is_empty() {
            continue;
        }
        let path = loaded.path_of(doc.id).to_string();
        if loaded.from_stdin == Some(doc.id) {
            report.failed.push((
                path,
                "read from standard input: use --fix --diff".to_string(),
            ));
            continue;
        }
        let fixed = apply_edits(&doc.text, &edits);
        if fixed == *doc.text {
            continue;
        }
        // Never overwrite a change made since the file was read (the
        // article was read without its byte-order mark; it is kept).
        let bom = match std::fs::read_to_string(&path) {
            Ok(now) if now.strip_prefix(crate::workspace::BOM).unwrap_or(&now) == &*doc.text => {
                now.starts_with(crate::workspace::BOM)
            }
            Ok(_) => {
                report
                    .failed
                    .push((path, "changed on disk since it was read".to_string()));
                continue;
            }
            Err(e) => {
                report.failed.push((path, e.to_string()));
                continue;
            }
        };
        let fixed = if bom {
            format!("{}{fixed}", crate::workspace::BOM)
        } else {
            fixed
        };
        match write_atomically(Path::new(&path), &fixed) {
            Ok(()) => report.written.push((path, edits.len())),
            Err(e) => report.failed.push((path, e.to_string())),
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{DocId, Location, Span};

    fn edit(start: usize, end: usize, text: &str) -> Edit {
        Edit {
            location: Location {
                doc: DocId(0),
                span: Span::new(start, end),
            },
            new_text: text.to_string(),
        }
    }

    #[test]
    fn edits_apply_in_order_and_bad_ones_are_skipped() {
        let text = "It cost $ 5 in AI -related deals.";
        let edits = [
            edit(17, 18, ""),
            edit(9, 10, ""),
            edit(9, 12, "X"),
            edit(90, 91, "y"),
        ];
        assert_eq!(apply_edits(text, &edits), "It cost $5 in AI-related deals.");
        assert_eq!(apply_edits("“é”", &[edit(1, 2, "x")]), "“é”");
    }

    #[test]
    fn fix_writes_only_changed_files_and_never_over_a_newer_text() {
        let dir = tempfile::tempdir().expect("tempdir");
        let a = dir.path().join("a.txt");
        let b = dir.path().join("b.txt");
        let c = dir.path().join("c.txt");
        std::fs::write(&a, "Examplecorp 's plant cost $ 5 billion.").expect("write");
        std::fs::write(&b, "Examplecorp's plant opened.").expect("write");
        std::fs::write(&c, "Its $ 3 fee rose.").expect("write");
        let loaded = crate::cli::load(&[dir.path().to_path_buf()], None).expect("load");
        let findings = crate::analysis::analyze(&loaded.bundle, &loaded.config);
        // c.txt changes on disk after it was read.
        std::fs::write(&c, "Its $ 3 fee rose again.").expect("write");
        let b_before = std::fs::metadata(&b)
            .and_then(|m| m.modified())
            .expect("mtime");
        let report = fix(&loaded, &findings);
        assert_eq!(
            std::fs::read_to_string(&a).expect("read"),
            "Examplecorp's plant cost $5 billion."
        );
        assert_eq!(report.written.len(), 1, "{report:?}");
        assert!(report.written[0].0.ends_with("a.txt"));
        assert_eq!(report.failed.len(), 1, "{report:?}");
        assert!(report.failed[0].0.ends_with("c.txt"));
        assert_eq!(
            std::fs::read_to_string(&c).expect("read"),
            "Its $ 3 fee rose again."
        );
        let b_after = std::fs::metadata(&b)
            .and_then(|m| m.modified())
            .expect("mtime");
        assert_eq!(b_before, b_after);
    }

    #[test]
    fn atomic_write_replaces_the_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "old").expect("write");
        write_atomically(&path, "new text").expect("atomic write");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "new text");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("dir")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }
}
