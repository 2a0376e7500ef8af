//! A plain-string model of what the server does with text, shared by the
//! property tests (tests/properties.rs) and the fuzz targets (fuzz/): LSP
//! positions computed by walking a `String` (no ropey), content changes
//! applied with `String::replace_range`, and the checks that an edit set
//! offered by the analysis changes only the bytes inside its ranges.
//!
//! Lines end at `\r\n`, `\n` and a lone `\r`, as LSP says.

#![allow(dead_code)]

use std::collections::HashMap;

use copydesk_core::{Bundle, DocId, Edit, Span};

/// Pieces for the document store: line ends of every kind, and characters
/// of one to four bytes and one or two UTF-16 units.
pub const STORE_PIECES: &[&str] = &[
    "a",
    "bc",
    " ",
    "\n",
    "\r",
    "\r\n",
    "\n\r",
    "é",
    "e\u{301}",
    "🙂",
    "𝔸",
    "\u{200b}",
    "\u{202e}",
    "\u{feff}",
    "“",
    "—",
    "\u{2028}",
    "\u{85}",
    "\t",
    "Mark Dunne",
];

/// Each line of `text`: (start, end of content, start of the next line).
/// There is always one more line than there are terminators.
pub fn lines(text: &str) -> Vec<(usize, usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\n' => {
                out.push((start, i, i + 1));
                i += 1;
                start = i;
            }
            b'\r' => {
                let next = if b.get(i + 1) == Some(&b'\n') {
                    i + 2
                } else {
                    i + 1
                };
                out.push((start, i, next));
                i = next;
                start = i;
            }
            _ => i += 1,
        }
    }
    out.push((start, b.len(), b.len()));
    out
}

fn width(c: char, utf16: bool) -> usize {
    if utf16 {
        c.len_utf16()
    } else {
        c.len_utf8()
    }
}

/// Byte offset of (line, character) and whether it was clamped: a line
/// past the end clamps to the end of the text, a character past the end
/// of its line to the line's end, a character inside a character to that
/// character's start.
pub fn offset(text: &str, line: u32, character: u32, utf16: bool) -> (usize, bool) {
    let ls = lines(text);
    let Some(&(start, end, _)) = ls.get(line as usize) else {
        return (text.len(), true);
    };
    let want = character as usize;
    let mut units = 0;
    for (i, c) in text[start..end].char_indices() {
        if units >= want {
            return (start + i, false);
        }
        let w = width(c, utf16);
        if units + w > want {
            return (start + i, true);
        }
        units += w;
    }
    (end, units < want)
}

/// (line, character) of a byte offset on a char boundary that is not
/// between the `\r` and `\n` of a CRLF.
pub fn position(text: &str, byte: usize, utf16: bool) -> (u32, u32) {
    let ls = lines(text);
    let line = ls
        .iter()
        .rposition(|&(start, _, _)| start <= byte)
        .unwrap_or(0);
    let start = ls[line].0;
    let character: usize = text[start..byte].chars().map(|c| width(c, utf16)).sum();
    (line as u32, character as u32)
}

/// Is `byte` a place an LSP position can name?
pub fn nameable(text: &str, byte: usize) -> bool {
    text.is_char_boundary(byte)
        && !(byte > 0 && text.as_bytes()[byte - 1] == b'\r' && text[byte..].starts_with('\n'))
}

/// A `didChange` content change applied to a plain string: the whole text
/// (`range` is `None`) or a replacement of the range, put in order.
pub fn apply_change(
    text: &mut String,
    range: Option<((u32, u32), (u32, u32))>,
    new_text: &str,
    utf16: bool,
) {
    match range {
        None => *text = new_text.to_string(),
        Some(((l1, c1), (l2, c2))) => {
            let (a, _) = offset(text, l1, c1, utf16);
            let (b, _) = offset(text, l2, c2, utf16);
            let (a, b) = if a <= b { (a, b) } else { (b, a) };
            text.replace_range(a..b, new_text);
        }
    }
}

pub fn valid_span(text: &str, span: Span) -> bool {
    span.start <= span.end
        && span.end <= text.len()
        && text.is_char_boundary(span.start)
        && text.is_char_boundary(span.end)
}

/// Applies edits to one text; an error when they overlap or are invalid.
/// Two insertions at one place are an overlap too (their order would be
/// up to the editor).
pub fn apply(text: &str, edits: &[&Edit]) -> Result<String, String> {
    let mut sorted: Vec<&Edit> = edits.to_vec();
    sorted.sort_by_key(|e| e.location.span);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut last: Option<Span> = None;
    for e in sorted {
        let s = e.location.span;
        if !valid_span(text, s) {
            return Err(format!(
                "invalid span {s:?} in a text of {} bytes",
                text.len()
            ));
        }
        if s.start < at || last.is_some_and(|l| l.start == s.start && l.is_empty()) {
            return Err(format!("overlapping edits at {s:?}"));
        }
        out.push_str(&text[at..s.start]);
        out.push_str(&e.new_text);
        at = s.end;
        last = Some(s);
    }
    out.push_str(&text[at..]);
    Ok(out)
}

/// Applies a bundle-wide edit set and checks that only the bytes inside
/// the edits changed: rebuilding each text from the unedited stretches and
/// the new texts gives the result, and the stretches between edits are
/// kept byte for byte. Returns the edited texts by document.
pub fn apply_bundle_edits(
    bundle: &Bundle,
    edits: &[Edit],
) -> Result<HashMap<DocId, String>, String> {
    let mut by_doc: HashMap<DocId, Vec<&Edit>> = HashMap::new();
    for e in edits {
        by_doc.entry(e.location.doc).or_default().push(e);
    }
    let mut out = HashMap::new();
    for (doc, mine) in by_doc {
        let text = &bundle
            .get(doc)
            .ok_or_else(|| format!("an edit in an unknown document {doc:?}"))?
            .text;
        let new = apply(text, &mine)?;
        let mut spans: Vec<&Edit> = mine.clone();
        spans.sort_by_key(|e| e.location.span);
        // Walk the new text: every stretch outside the edits is there,
        // unchanged, in order, and nothing else is.
        let mut at_old = 0;
        let mut at_new = 0;
        for e in &spans {
            let s = e.location.span;
            let kept = &text[at_old..s.start];
            if new.get(at_new..at_new + kept.len()) != Some(kept) {
                return Err(format!("text before {s:?} changed"));
            }
            at_new += kept.len();
            if new.get(at_new..at_new + e.new_text.len()) != Some(e.new_text.as_str()) {
                return Err(format!("the edit at {s:?} is not in the result"));
            }
            at_new += e.new_text.len();
            at_old = s.end;
        }
        if new.get(at_new..) != Some(&text[at_old..]) {
            return Err("text after the last edit changed".to_string());
        }
        out.insert(doc, new);
    }
    Ok(out)
}

/// Where each edit's start lands in the edited text.
pub fn moved_starts(edits: &[&Edit]) -> Vec<usize> {
    let mut sorted: Vec<&Edit> = edits.to_vec();
    sorted.sort_by_key(|e| e.location.span);
    let mut delta: isize = 0;
    let mut out = Vec::new();
    for e in sorted {
        let s = e.location.span;
        out.push((s.start as isize + delta) as usize);
        delta += e.new_text.len() as isize - s.len() as isize;
    }
    out
}
