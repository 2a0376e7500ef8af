//! The LSP document store on a sequence of content changes, against a
//! plain-string model: after every change the rope holds exactly the
//! model's text, and byte offsets and positions convert both ways as the
//! model says, in UTF-16 and UTF-8.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use copydesk_lsp::convert::{self, Encoding};
use copydesk_lsp::state::OpenDoc;
use copydesk_fuzz::plain_text;
use libfuzzer_sys::fuzz_target;
use tower_lsp::lsp_types::{Position, Range};

fn text(u: &mut Unstructured) -> arbitrary::Result<String> {
    let n = u.int_in_range(0..=24)?;
    let mut s = String::new();
    for _ in 0..n {
        s.push_str(u.choose(plain_text::STORE_PIECES)?);
    }
    Ok(s)
}

/// Small numbers mostly, sometimes far out of range.
fn coord(u: &mut Unstructured) -> arbitrary::Result<u32> {
    Ok(match u.int_in_range(0..=9)? {
        0 => u32::arbitrary(u)?,
        1 => u.int_in_range(0..=200)?,
        _ => u.int_in_range(0..=8)?,
    })
}

fn check_conversions(t: &str, doc: &OpenDoc, enc: Encoding, utf16: bool) {
    for byte in 0..=t.len() {
        if !plain_text::nameable(t, byte) {
            continue;
        }
        let p = convert::position(&doc.rope, byte, enc);
        let (line, character) = plain_text::position(t, byte, utf16);
        assert_eq!(
            (p.line, p.character),
            (line, character),
            "position of {byte} in {t:?}"
        );
        let back = convert::offset(&doc.rope, p, enc);
        assert_eq!(
            (back.byte, back.clamped),
            (byte, false),
            "offset of {p:?} in {t:?}"
        );
    }
}

fn run(u: &mut Unstructured) -> arbitrary::Result<()> {
    let utf16 = bool::arbitrary(u)?;
    let enc = if utf16 {
        Encoding::Utf16
    } else {
        Encoding::Utf8
    };
    let mut model = text(u)?;
    let mut doc = OpenDoc::new(&model, 1);
    let steps = u.int_in_range(0..=16)?;
    for _ in 0..steps {
        let new_text = text(u)?;
        let range = if u.ratio(1, 10)? {
            None
        } else {
            Some(((coord(u)?, coord(u)?), (coord(u)?, coord(u)?)))
        };
        let lsp_range = range.map(|((l1, c1), (l2, c2))| Range {
            start: Position {
                line: l1,
                character: c1,
            },
            end: Position {
                line: l2,
                character: c2,
            },
        });
        // The model's clamping, for the flag.
        let expect_clamped = range.is_some_and(|((l1, c1), (l2, c2))| {
            let (a, ca) = plain_text::offset(&model, l1, c1, utf16);
            let (b, cb) = plain_text::offset(&model, l2, c2, utf16);
            ca || cb || a > b
        });
        let clamped = doc.apply_change(lsp_range, &new_text, enc);
        plain_text::apply_change(&mut model, range, &new_text, utf16);
        assert_eq!(doc.rope.to_string(), model, "after {range:?} {new_text:?}");
        assert_eq!(clamped, expect_clamped, "clamped flag for {range:?}");
        assert_eq!(
            doc.rope.len_lines(),
            plain_text::lines(&model).len(),
            "{model:?}"
        );
    }
    check_conversions(&model, &doc, enc, utf16);
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});
