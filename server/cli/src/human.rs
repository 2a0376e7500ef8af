//! Human output, like a compiler's, grouped by file: a header per file
//! (its path and its findings' counts), then each finding: severity, rule
//! id and message, `path:line:col` and the source line with the span
//! marked, then the related places. Long lines are cut to a window around
//! the span. The report ends with the findings per rule and a summary.

use std::io::IsTerminal;

use annotate_snippets::{Level, Renderer, Snippet};

use super::{line_col, Color, Loaded};
use copydesk_core::{DocId, Finding, Severity};

/// Characters of context kept before and after the span on long lines.
/// Width the renderer cuts long source lines to, around the marked span.
const TERM_WIDTH: usize = 120;

/// ANSI styles of a file's header when the output is coloured.
const BOLD_UNDERLINED: &str = "\x1b[1;4m";
const RESET: &str = "\x1b[0m";

fn level(s: Severity) -> Level {
    match s {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
        Severity::Information => Level::Info,
        Severity::Hint => Level::Help,
    }
}

/// The report, ending with a summary line.
pub fn render(loaded: &Loaded, findings: &[Finding], color: Color) -> String {
    let styled = match color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    // Long lines (a paragraph is one line in most articles) are cut
    // around the marked span by the renderer, which keeps columns right.
    let renderer = if styled {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
    .term_width(TERM_WIDTH);
    let mut out = String::new();
    for (doc, group) in by_file(findings) {
        let header = format!("{}: {}", loaded.path_of(doc), counts(&group));
        if styled {
            out.push_str(&format!("{BOLD_UNDERLINED}{header}{RESET}\n\n"));
        } else {
            out.push_str(&format!("{header}\n\n"));
        }
        for f in group {
            out.push_str(&render_one(loaded, f, &renderer, KEPT));
            out.push_str("\n\n");
        }
    }
    if findings.len() > 1 {
        out.push_str(&per_rule(findings));
    }
    out.push_str(&summary(loaded, findings));
    out
}

/// One finding; `kept`: bytes of its line given to the renderer on each
/// side of the span ([`KEPT`]).
fn render_one(loaded: &Loaded, f: &Finding, renderer: &Renderer, kept: usize) -> String {
    let b = &loaded.bundle;
    let Some(doc) = b.get(f.location.doc) else {
        return format!("{}[{}]: {}", f.severity, f.rule, f.message);
    };
    let line0 = doc.lines.line_of(f.location.span.start);
    let line_span = doc.lines.line_span(&doc.text, line0);
    let line_text = &doc.text[line_span.start..line_span.end];
    // Span relative to the line, clipped to it (a span may run past the line).
    let start = f
        .location
        .span
        .start
        .saturating_sub(line_span.start)
        .min(line_text.len());
    let end = f
        .location
        .span
        .end
        .saturating_sub(line_span.start)
        .clamp(start, line_text.len());
    let (line, col) = line_col(b, f.location.doc, f.location.span.start);
    // Only the part of the line around the span goes to the renderer.
    let (cut, line_text) = around(line_text, start, end, kept);
    let (start, end) = (start - cut, end - cut);
    let origin = loaded.path_of(f.location.doc).to_string();
    let related: Vec<String> = f
        .related
        .iter()
        .map(|r| {
            let (l, c) = line_col(b, r.location.doc, r.location.span.start);
            format!(
                "{}:{}:{}: {}",
                loaded.path_of(r.location.doc),
                l,
                c,
                r.message
            )
        })
        .collect();
    let fix_titles: Vec<String> = f
        .fixes
        .iter()
        .map(|x| format!("fix: {}", x.title))
        .collect();
    let lvl = level(f.severity);
    let mut message = lvl.title(&f.message).id(f.rule).snippet(
        Snippet::source(line_text)
            .line_start(line)
            .origin(&origin)
            .annotation(lvl.span(start..end)),
    );
    for r in &related {
        message = message.footer(Level::Note.title(r));
    }
    for t in &fix_titles {
        message = message.footer(Level::Help.title(t));
    }
    let mut rendered = renderer.render(message).to_string();
    if cut > 0 {
        // The renderer counts the column from the start of what it was
        // given: name the column in the whole line.
        let counted = line_text[..start].chars().count() + 1;
        rendered = rendered.replacen(
            &format!("--> {origin}:{line}:{counted}"),
            &format!("--> {origin}:{line}:{col}"),
            1,
        );
    }
    // The renderer names two levels otherwise than the configuration, the
    // JSON and the editor do: one name for each level everywhere.
    match f.severity {
        Severity::Hint => rendered.replacen("help", "hint", 1),
        Severity::Information => rendered.replacen("info", "information", 1),
        Severity::Error | Severity::Warning => rendered,
    }
}

/// Bytes of a line kept on each side of a finding's span for the
/// renderer: at least twice the [`TERM_WIDTH`] columns it shows, in
/// characters of up to four bytes. The renderer measures the whole line it
/// is given before it cuts it, so a long one-line article with many
/// findings cost line length × findings (issue #20 item 8).
const KEPT: usize = 8 * TERM_WIDTH;

/// The part of `line` the renderer needs around the span `start..end`
/// with `kept` bytes on each side
/// (bytes, on character boundaries): how many bytes are cut at its front,
/// and the part. A cut never starts in whitespace, which the renderer
/// would read as the line's indentation.
fn around(line: &str, start: usize, end: usize, kept: usize) -> (usize, &str) {
    let mut from = start.saturating_sub(kept);
    while !line.is_char_boundary(from) {
        from -= 1;
    }
    if from > 0 {
        let skipped = line[from..start]
            .char_indices()
            .find(|(_, c)| !c.is_whitespace())
            .map_or(start - from, |(i, _)| i);
        from += skipped;
    }
    let mut to = end.saturating_add(kept).min(line.len());
    while !line.is_char_boundary(to) {
        to += 1;
    }
    (from, &line[from..to])
}

/// Findings per rule, most first, for the end of the report.
fn per_rule(findings: &[Finding]) -> String {
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    for f in findings {
        *counts.entry(f.rule).or_default() += 1;
    }
    let mut rows: Vec<(&str, usize)> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    rows.iter()
        .map(|(rule, n)| format!("{n:>6}  {rule}\n"))
        .collect()
}

/// The findings grouped by article, articles in the order of their first
/// finding, findings in their order (the engine's: already by article).
fn by_file(findings: &[Finding]) -> Vec<(DocId, Vec<&Finding>)> {
    let mut groups: Vec<(DocId, Vec<&Finding>)> = Vec::new();
    for f in findings {
        let doc = f.location.doc;
        match groups.iter_mut().find(|(d, _)| *d == doc) {
            Some((_, g)) => g.push(f),
            None => groups.push((doc, vec![f])),
        }
    }
    groups
}

/// "2 warnings, 1 information", or "no findings".
fn counts<F: std::borrow::Borrow<Finding>>(findings: &[F]) -> String {
    let count = |s: Severity| findings.iter().filter(|f| f.borrow().severity == s).count();
    let mut parts = Vec::new();
    for (s, name) in [
        (Severity::Error, "error"),
        (Severity::Warning, "warning"),
        (Severity::Information, "information"),
        (Severity::Hint, "hint"),
    ] {
        let n = count(s);
        if n > 0 {
            let plural = if n == 1 || s == Severity::Information {
                ""
            } else {
                "s"
            };
            parts.push(format!("{n} {name}{plural}"));
        }
    }
    if parts.is_empty() {
        "no findings".to_string()
    } else {
        parts.join(", ")
    }
}

fn summary(loaded: &Loaded, findings: &[Finding]) -> String {
    let articles = loaded.bundle.len();
    let declined = if loaded.declined.is_empty() {
        String::new()
    } else {
        format!(", {} skipped", loaded.declined.len())
    };
    format!(
        "copydesk: {articles} article{}{declined}: {}\n",
        if articles == 1 { "" } else { "s" },
        counts(findings)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_line_is_cut_before_rendering_and_shows_the_same() {
        let dir = tempfile::tempdir().expect("temp dir");
        // Double spaces all along one line, among multi-byte characters.
        let mut line = String::new();
        for i in 0..400 {
            line.push_str(if i % 3 == 0 {
                "Zorblatt’s plan  worked — "
            } else {
                "The plan  worked well. "
            });
        }
        std::fs::write(dir.path().join("a.txt"), format!("{line}\n")).expect("write");
        let loaded = crate::load::load(&[dir.path().to_path_buf()], None).expect("load");
        let findings = copydesk_core::analyze(&loaded.bundle, &loaded.config);
        assert!(
            findings.len() > 300,
            "{} articles, {} findings",
            loaded.bundle.len(),
            findings.len()
        );
        let renderer = Renderer::plain().term_width(TERM_WIDTH);
        let mut cut = 0;
        for f in &findings {
            let whole = render_one(&loaded, f, &renderer, usize::MAX);
            assert_eq!(render_one(&loaded, f, &renderer, KEPT), whole);
            cut += usize::from(f.location.span.start > KEPT);
        }
        assert!(cut > 300, "{cut}");
    }

    #[test]
    fn a_cut_keeps_character_boundaries_and_skips_leading_spaces() {
        let line = format!("{}{}abc{}", "é".repeat(10), " ".repeat(5), "ü".repeat(10));
        let start = line.find("abc").expect("abc");
        // Four bytes before "abc" fall among the spaces: skipped.
        let (cut, part) = around(&line, start, start + 3, 4);
        assert_eq!((cut, part), (start, "abcüü"));
        let (cut, part) = around(&line, 4, 6, 1);
        assert_eq!((cut, part), (2, &line[2..8]));
    }
}
