//! Shared by the typography checks that read prose line by line (not a
//! check itself): the lines of an article outside Markdown code fences,
//! tables and indented code, and the tokens that are not prose (web
//! addresses, e-mail addresses, file names).

use crate::bundle::Document;
use crate::types::Span;

/// The spans of the prose lines of `doc`: every line except those inside a
/// Markdown code fence (from a line starting with ``` or ~~~ to the next
/// one), the fence lines themselves, table rows (`| a | b |`) and lines
/// indented by a tab or four spaces (code in Markdown).
pub(crate) fn prose_lines(doc: &Document) -> Vec<Span> {
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
pub(crate) fn in_non_prose_token(line: &str, at: usize) -> bool {
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
}
