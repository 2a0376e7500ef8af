//! `copydesk check --fix`: applies every certain fix of every article, the
//! same edits as the editor's `source.fixAll.copydesk` action, and writes
//! only the files it changes, each one atomically (a temporary file in the
//! same folder, then a rename) or, for a symbolic link or a file with
//! several hard links, through its own path. A file that changed on disk
//! since it was read, or a read-only one, is left alone.

use std::io::Write;
use std::path::Path;

use crate::load::Loaded;
use copydesk_core::{DocId, Edit, Finding};

/// Rounds of fix-all at most. One fix can make another one possible (two
/// spaces inside a house-style term, a double space before a comma) or
/// overlap it, so the bundle is checked again after each round until no
/// certain fix is left; the bound keeps fixes that undo each other finite.
pub const MAX_ROUNDS: usize = 4;

/// The text of each article that the certain fixes change, after every
/// round (see [`MAX_ROUNDS`]), with the number of edits made to it, in the
/// bundle's order. `findings` are those of `loaded` as read.
pub fn fixed_texts(loaded: &Loaded, findings: &[Finding]) -> Vec<(DocId, String, usize)> {
    let mut bundle = loaded.bundle.clone();
    let mut changed: Vec<(DocId, String, usize)> = Vec::new();
    let mut round_findings: Option<Vec<Finding>> = None;
    for _ in 0..MAX_ROUNDS {
        let findings = round_findings.as_deref().unwrap_or(findings);
        let mut updates: Vec<(String, String, usize, String, usize)> = Vec::new();
        for doc in bundle.documents() {
            let edits = copydesk_core::fixes::fix_all_edits(findings, doc.id);
            if edits.is_empty() {
                continue;
            }
            let fixed = apply_edits(&doc.text, &edits);
            if fixed != *doc.text {
                updates.push((
                    doc.key.clone(),
                    doc.name.clone(),
                    doc.rank,
                    fixed,
                    edits.len(),
                ));
            }
        }
        if updates.is_empty() {
            break;
        }
        for (key, name, rank, text, n) in updates {
            let id = bundle.upsert(&key, &name, rank, &text);
            match changed.iter_mut().find(|(d, _, _)| *d == id) {
                Some(c) => {
                    c.1 = text;
                    c.2 += n;
                }
                None => changed.push((id, text, n)),
            }
        }
        round_findings = Some(copydesk_core::analyze(&bundle, &loaded.config));
    }
    // Fixes that undid each other leave the article as it was.
    changed.retain(|(id, text, _)| {
        loaded
            .bundle
            .get(*id)
            .is_some_and(|doc| *doc.text != **text)
    });
    let order = loaded.bundle.order_of();
    changed.sort_by_key(|(id, _, _)| order.get(id).copied().unwrap_or(usize::MAX));
    changed
}

/// What `--fix` did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct FixReport {
    /// (path, number of edits) of each file written.
    pub written: Vec<(String, usize)>,
    /// (path, reason) of each file that could not be written.
    pub failed: Vec<(String, String)>,
}

/// `text` with `edits` applied. The edits must not overlap (as
/// [`copydesk_core::fixes::fix_all_edits`] gives them); an edit out of range
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

/// Writes `text` over the article at `path`, which must still hold
/// `expected` (what was read, byte-order mark included):
/// - a read-only file is refused;
/// - a symbolic link or a file with several hard links is written through
///   its own path, so the link and the other names keep pointing at it;
/// - any other file is replaced atomically: a temporary file created
///   exclusively (no symbolic link followed) in the same folder, with the
///   article's mode, owner and group, then a rename;
/// - just before the file is replaced, it is read again: a save made since
///   `expected` was read is never overwritten.
pub fn write_atomically(path: &Path, text: &str, expected: &str) -> std::io::Result<()> {
    use std::io::{Error, ErrorKind};
    let unchanged = || -> std::io::Result<()> {
        if std::fs::read_to_string(path)? == expected {
            Ok(())
        } else {
            Err(Error::other(
                "changed on disk since it was read; not written",
            ))
        }
    };
    let link = std::fs::symlink_metadata(path)?;
    let meta = std::fs::metadata(path)?;
    if meta.permissions().readonly() {
        return Err(Error::new(
            ErrorKind::PermissionDenied,
            "read-only; not written",
        ));
    }
    #[cfg(unix)]
    let shared = {
        use std::os::unix::fs::MetadataExt;
        link.file_type().is_symlink() || meta.nlink() > 1
    };
    #[cfg(not(unix))]
    let shared = link.file_type().is_symlink();
    if shared {
        unchanged()?;
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(path)?;
        f.write_all(text.as_bytes())?;
        return f.sync_all();
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".copydesk-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(text.as_bytes())?;
    tmp.as_file().sync_all()?;
    std::fs::set_permissions(tmp.path(), meta.permissions())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // Keep the group (and the owner, where allowed); a failure to give
        // the file away is not worth losing the fix.
        let _ = std::os::unix::fs::fchown(tmp.as_file(), Some(meta.uid()), Some(meta.gid()));
    }
    unchanged()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// `--fix --diff`: the certain fixes of `findings` as a unified diff of
/// every article they change, and the number of those articles. Nothing
/// is written.
pub fn diff(loaded: &Loaded, findings: &[Finding]) -> (String, usize) {
    let mut out = String::new();
    let mut files = 0;
    for (id, fixed, _) in fixed_texts(loaded, findings) {
        let Some(doc) = loaded.bundle.get(id) else {
            continue;
        };
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

/// Applies the certain fixes of `findings` to the articles of `loaded`,
/// round after round until none is left (see [`fixed_texts`]).
pub fn fix(loaded: &Loaded, findings: &[Finding]) -> FixReport {
    let mut report = FixReport::default();
    for (id, fixed, n_edits) in fixed_texts(loaded, findings) {
        let Some(doc) = loaded.bundle.get(id) else {
            continue;
        };
        let path = loaded.path_of(doc.id).to_string();
        if loaded.from_stdin == Some(doc.id) {
            report.failed.push((
                path,
                "read from standard input: use --fix --diff".to_string(),
            ));
            continue;
        }
        // Never overwrite a change made since the file was read (the
        // article was read without its byte-order mark; it is kept).
        let now = match std::fs::read_to_string(&path) {
            Ok(now) => now,
            Err(e) => {
                report.failed.push((path, e.to_string()));
                continue;
            }
        };
        // The article was read without its byte-order mark; it is kept.
        let bom = now.starts_with(copydesk_workspace::BOM);
        if now.strip_prefix(copydesk_workspace::BOM).unwrap_or(&now) != &*doc.text {
            report
                .failed
                .push((path, "changed on disk since it was read".to_string()));
            continue;
        }
        let fixed = if bom {
            format!("{}{fixed}", copydesk_workspace::BOM)
        } else {
            fixed
        };
        match write_atomically(Path::new(&path), &fixed, &now) {
            Ok(()) => report.written.push((path, n_edits)),
            Err(e) => report.failed.push((path, e.to_string())),
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use copydesk_core::{DocId, Location, Span};

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
        let loaded = crate::load(&[dir.path().to_path_buf()], None).expect("load");
        let findings = copydesk_core::analyze(&loaded.bundle, &loaded.config);
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
    fn one_fix_run_reaches_the_fixed_point() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(
            dir.path().join("copydesk.toml"),
            "[terms]\n\"Acme Airways\" = { prefer = \"Acme Air\", certain = true }\n",
        )
        .expect("write");
        let a = dir.path().join("a.txt");
        // Two spaces inside the term hide it until they are fixed; the
        // term's fix and the next double space's touch.
        let text = "Dana Whitlok flew Acme  Airways home.\nAcme Airways  grew.\n";
        std::fs::write(&a, text).expect("write");
        let loaded = crate::load(&[dir.path().to_path_buf()], None).expect("load");
        let findings = copydesk_core::analyze(&loaded.bundle, &loaded.config);
        let report = fix(&loaded, &findings);
        assert!(report.failed.is_empty(), "{report:?}");
        assert_eq!(
            std::fs::read_to_string(&a).expect("read"),
            "Dana Whitlok flew Acme Air home.\nAcme Air grew.\n"
        );
        let again = crate::load(&[dir.path().to_path_buf()], None).expect("load");
        let left = copydesk_core::analyze(&again.bundle, &again.config);
        assert!(
            left.iter().all(|f| f.fixes.iter().all(|x| !x.certain)),
            "{left:?}"
        );
    }

    #[test]
    fn atomic_write_replaces_the_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "old").expect("write");
        write_atomically(&path, "new text", "old").expect("atomic write");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "new text");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("dir")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[cfg(unix)]
    #[test]
    fn links_are_written_through_and_keep_pointing_at_the_article() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("real.txt");
        let link = dir.path().join("link.txt");
        std::fs::write(&target, "old").expect("write");
        std::os::unix::fs::symlink(&target, &link).expect("symlink");
        write_atomically(&link, "new", "old").expect("write through the link");
        assert!(std::fs::symlink_metadata(&link)
            .expect("meta")
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read_to_string(&target).expect("read"), "new");
        let other = dir.path().join("hard.txt");
        std::fs::hard_link(&target, &other).expect("hard link");
        write_atomically(&target, "newer", "new").expect("write through");
        assert_eq!(std::fs::read_to_string(&other).expect("read"), "newer");
    }

    #[test]
    fn read_only_and_changed_files_are_not_written() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "saved since").expect("write");
        let e = write_atomically(&path, "fixed", "as read").unwrap_err();
        assert!(e.to_string().contains("changed on disk"), "{e}");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "saved since");
        let mut perms = std::fs::metadata(&path).expect("meta").permissions();
        perms.set_readonly(true);
        std::fs::set_permissions(&path, perms).expect("chmod");
        let e = write_atomically(&path, "fixed", "saved since").unwrap_err();
        assert!(e.to_string().contains("read-only"), "{e}");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "saved since");
    }

    #[cfg(unix)]
    #[test]
    fn the_mode_is_kept_and_no_planted_link_is_followed() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "old").expect("write");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        // A link planted where the old code put its temporary file.
        let outside = dir.path().join("outside.txt");
        std::fs::write(&outside, "keep me").expect("write");
        let planted = dir
            .path()
            .join(format!(".a.txt.copydesk-{}.tmp", std::process::id()));
        std::os::unix::fs::symlink(&outside, &planted).expect("symlink");
        write_atomically(&path, "new", "old").expect("write");
        assert_eq!(std::fs::read_to_string(&outside).expect("read"), "keep me");
        let mode = std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        assert!(!std::fs::symlink_metadata(&path)
            .expect("meta")
            .file_type()
            .is_symlink());
    }
}
