//! What the typography checks leave alone: Markdown code fences, the lines
//! that are not prose (fences, table rows, indented code) and the tokens
//! that are not prose (web addresses, e-mail addresses, paths, code).

use crate::bundle::Document;
use crate::types::Span;

/// The Markdown code fences of a document (from a line starting with ```
/// or ~~~ to the next such line, or to the end), which typography checks
/// leave alone.
pub fn code_fences(doc: &Document) -> Vec<Span> {
    fences_of(&doc.text)
}

/// The Markdown code fences of `text`, as [`code_fences`].
pub fn fences_of(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    // A fence line starts with one of these: most texts have neither.
    if memchr::memmem::find(text.as_bytes(), b"```").is_none()
        && memchr::memmem::find(text.as_bytes(), b"~~~").is_none()
    {
        return out;
    }
    let mut open: Option<usize> = None;
    let mut offset = 0;
    for line in crate::text::split_lines_inclusive(text) {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            match open.take() {
                Some(start) => out.push(Span::new(start, offset + line.len())),
                None => open = Some(offset),
            }
        }
        offset += line.len();
    }
    if let Some(start) = open {
        out.push(Span::new(start, text.len()));
    }
    out
}

/// Does `offset` lie in one of `spans`?
pub fn in_spans(spans: &[Span], offset: usize) -> bool {
    spans.iter().any(|s| s.start <= offset && offset < s.end)
}

/// The spans of the prose lines of `doc`: every line except those inside a
/// Markdown code fence (from a line starting with ``` or ~~~ to the next
/// one), the fence lines themselves, table rows (`| a | b |`) and lines
/// indented by a tab or four spaces (code in Markdown).
pub fn prose_lines(doc: &Document) -> Vec<Span> {
    let mut out = Vec::new();
    let mut in_fence = false;
    for l in 0..doc.lines.line_count() {
        let line = doc.lines.line_span(&doc.text, l);
        let text = doc.slice(line);
        let t = text.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence || t.starts_with('|') || text.starts_with('\t') || text.starts_with("    ") {
            continue;
        }
        out.push(line);
    }
    out
}

/// Is the whitespace-delimited token of `line` around byte `at` a web or
/// e-mail address, a path or code rather than prose?
pub fn in_non_prose_token(line: &str, at: usize) -> bool {
    let mut at = at.min(line.len());
    while !line.is_char_boundary(at) {
        at -= 1;
    }
    let start = line[..at].rfind(char::is_whitespace).map_or(0, |i| i + 1);
    let end = line[at..]
        .find(char::is_whitespace)
        .map_or(line.len(), |i| at + i);
    let token = line.get(start..end).unwrap_or("");
    token.contains("://")
        || token.contains('@')
        || token.contains('/')
        || token.contains('\\')
        || token.contains('`')
        || token.contains('=')
        || token.starts_with("www.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_and_paths_are_not_prose() {
        let line = "See www.example.org,a or a@b.c,d and src/a,b but not words,here";
        assert!(in_non_prose_token(line, line.find(",a").unwrap_or(0)));
        assert!(in_non_prose_token(line, line.find(",d").unwrap_or(0)));
        assert!(in_non_prose_token(line, line.find("a,b").unwrap_or(0) + 1));
        assert!(!in_non_prose_token(line, line.find(",here").unwrap_or(0)));
        assert!(!in_non_prose_token("é ,", 1));
    }

    #[test]
    fn fences_run_to_the_closing_line_or_the_end() {
        let text = "a\n```\ncode\n```\nb\n~~~\nopen";
        let fences = fences_of(text);
        assert_eq!(fences.len(), 2);
        assert_eq!(&text[fences[0].start..fences[0].end], "```\ncode\n```\n");
        assert_eq!(&text[fences[1].start..fences[1].end], "~~~\nopen");
        assert!(in_spans(&fences, text.find("code").unwrap_or(0)));
        assert!(!in_spans(&fences, text.find('b').unwrap_or(0)));
    }
}
