//! The one place where byte offsets of the analysis core and LSP positions
//! meet. Positions are (line, character) with the character counted in the
//! `positionEncoding` negotiated at initialize: UTF-16 code units by
//! default, UTF-8 bytes when the client offers it. Everything goes through
//! ropey. Out-of-range positions are clamped (and reported to the caller as
//! clamped), never a panic.

use ropey::Rope;
use tower_lsp::lsp_types::{Position, PositionEncodingKind, Range};

use copydesk_core::Span;

/// The negotiated position encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    Utf8,
    #[default]
    Utf16,
}

impl Encoding {
    /// Picks UTF-8 when the client offers it, else UTF-16 (the default the
    /// specification requires every client to support).
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }
}

/// A byte offset found for a position; `clamped` when the position was out
/// of range (past the end of its line or of the document) or inside a
/// character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Offset {
    pub byte: usize,
    pub clamped: bool,
}

/// Byte offset of an LSP position. A line past the end clamps to the end of
/// the text; a character past the end of its line clamps to the line's end
/// (before its terminator); a character inside a UTF-16 surrogate pair or a
/// UTF-8 sequence clamps to the start of that character.
pub fn offset(rope: &Rope, pos: Position, enc: Encoding) -> Offset {
    let line = pos.line as usize;
    if line >= rope.len_lines() {
        return Offset {
            byte: rope.len_bytes(),
            clamped: true,
        };
    }
    let line_start_char = rope.line_to_char(line);
    let line_slice = rope.line(line);
    // The line without its terminator.
    let mut content_chars = line_slice.len_chars();
    while content_chars > 0 {
        let c = line_slice.char(content_chars - 1);
        if c == '\n' || c == '\r' {
            content_chars -= 1;
        } else {
            break;
        }
    }
    let want = pos.character as usize;
    let mut units = 0usize;
    let mut chars = 0usize;
    let mut clamped = false;
    for c in line_slice.chars().take(content_chars) {
        if units >= want {
            break;
        }
        let w = match enc {
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Utf8 => c.len_utf8(),
        };
        if units + w > want {
            // Inside a character.
            clamped = true;
            break;
        }
        units += w;
        chars += 1;
    }
    if units < want && chars == content_chars {
        clamped = true;
    }
    Offset {
        byte: rope.char_to_byte(line_start_char + chars),
        clamped,
    }
}

/// LSP position of a byte offset (clamped to the text, and down to a char
/// boundary).
pub fn position(rope: &Rope, byte: usize, enc: Encoding) -> Position {
    let byte = byte.min(rope.len_bytes());
    let char_idx = rope.byte_to_char(byte);
    let line = rope.char_to_line(char_idx);
    let line_start_char = rope.line_to_char(line);
    let character = match enc {
        Encoding::Utf16 => rope.char_to_utf16_cu(char_idx) - rope.char_to_utf16_cu(line_start_char),
        Encoding::Utf8 => rope.char_to_byte(char_idx) - rope.char_to_byte(line_start_char),
    };
    Position {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        character: u32::try_from(character).unwrap_or(u32::MAX),
    }
}

/// LSP range of a byte span.
pub fn range(rope: &Rope, span: Span, enc: Encoding) -> Range {
    Range {
        start: position(rope, span.start, enc),
        end: position(rope, span.end.max(span.start), enc),
    }
}

/// Byte span of an LSP range; a reversed range is put in order. The flag
/// says whether anything was clamped or reordered.
pub fn span(rope: &Rope, range: Range, enc: Encoding) -> (Span, bool) {
    let a = offset(rope, range.start, enc);
    let b = offset(rope, range.end, enc);
    let (start, end) = if a.byte <= b.byte {
        (a.byte, b.byte)
    } else {
        (b.byte, a.byte)
    };
    (
        Span::new(start, end),
        a.clamped || b.clamped || a.byte > b.byte,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> Position {
        Position { line, character }
    }

    const TEXT: &str = "“Quoted” — it’s text…\r\nA 🙂 B\nlast";

    #[test]
    fn utf16_counts_code_units_and_surrogate_pairs() {
        let rope = Rope::from_str(TEXT);
        // “ is one UTF-16 unit and three bytes.
        let q = TEXT.find("Quoted").unwrap();
        assert_eq!(position(&rope, q, Encoding::Utf16), pos(0, 1));
        assert_eq!(offset(&rope, pos(0, 1), Encoding::Utf16).byte, q);
        // 🙂 is two UTF-16 units.
        let b = TEXT.find('B').unwrap();
        assert_eq!(position(&rope, b, Encoding::Utf16), pos(1, 5));
        assert_eq!(offset(&rope, pos(1, 5), Encoding::Utf16).byte, b);
        // Inside the surrogate pair: clamped to the emoji's start.
        let smile = TEXT.find('🙂').unwrap();
        let o = offset(&rope, pos(1, 3), Encoding::Utf16);
        assert_eq!((o.byte, o.clamped), (smile, true));
    }

    #[test]
    fn utf8_counts_bytes() {
        let rope = Rope::from_str(TEXT);
        let q = TEXT.find("Quoted").unwrap();
        assert_eq!(position(&rope, q, Encoding::Utf8), pos(0, 3));
        assert_eq!(offset(&rope, pos(0, 3), Encoding::Utf8).byte, q);
        let o = offset(&rope, pos(0, 1), Encoding::Utf8);
        assert_eq!((o.byte, o.clamped), (0, true));
    }

    #[test]
    fn out_of_range_positions_clamp() {
        let rope = Rope::from_str(TEXT);
        // Past the end of line 0: before the CRLF.
        let crlf = TEXT.find('\r').unwrap();
        let o = offset(&rope, pos(0, 500), Encoding::Utf16);
        assert_eq!((o.byte, o.clamped), (crlf, true));
        // Past the last line: the end of the text.
        let o = offset(&rope, pos(99, 0), Encoding::Utf16);
        assert_eq!((o.byte, o.clamped), (TEXT.len(), true));
        assert_eq!(position(&rope, 10_000, Encoding::Utf16), pos(2, 4));
        // Inside a multi-byte character: down to its start.
        assert_eq!(position(&rope, 1, Encoding::Utf16), pos(0, 0));
    }

    #[test]
    fn lone_carriage_return_ends_a_line_and_negotiation_prefers_utf8() {
        let rope = Rope::from_str("a\rb");
        assert_eq!(position(&rope, 2, Encoding::Utf16), pos(1, 0));
        assert_eq!(
            Encoding::negotiate(Some(&[
                PositionEncodingKind::UTF16,
                PositionEncodingKind::UTF8
            ])),
            Encoding::Utf8
        );
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
        assert_eq!(
            Encoding::negotiate(Some(&[PositionEncodingKind::UTF32])),
            Encoding::Utf16
        );
    }

    #[test]
    fn round_trip_on_every_char_boundary() {
        let rope = Rope::from_str(TEXT);
        for (i, _) in TEXT.char_indices() {
            // The LF of a CRLF is inside the line terminator: no position
            // names it on its own.
            if i > 0 && TEXT[i..].starts_with('\n') && TEXT[..i].ends_with('\r') {
                continue;
            }
            for enc in [Encoding::Utf8, Encoding::Utf16] {
                let p = position(&rope, i, enc);
                let back = offset(&rope, p, enc).byte;
                assert_eq!(back, i, "{enc:?} {i} {p:?}");
            }
        }
    }

    #[test]
    fn reversed_ranges_are_ordered() {
        let rope = Rope::from_str("abc");
        let (s, fixed) = span(
            &rope,
            Range {
                start: pos(0, 2),
                end: pos(0, 1),
            },
            Encoding::Utf16,
        );
        assert_eq!((s.start, s.end, fixed), (1, 2, true));
    }
}
