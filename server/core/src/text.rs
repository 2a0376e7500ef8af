//! Text primitives of the analysis core: line index, sentence spans and
//! word boundaries. All offsets are byte offsets on `char` boundaries.
//! The abbreviations that do not end a sentence are data:
//! `server/data/text.toml`, embedded and parsed once.

use std::sync::OnceLock;

use serde::Deserialize;

use crate::types::Span;

/// Byte offsets of line starts; maps byte offsets to 0-based lines and
/// 0-based columns in Unicode scalar values (what `copydesk check` prints).
/// Lines end at `\n`, `\r\n` or a lone `\r`, as in LSP and editors.
///
/// LSP positions (UTF-16 or UTF-8 code units) are converted elsewhere, in
/// the LSP glue's single conversion module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
    /// Unicode scalar values before each block of [`BLOCK`] bytes; empty
    /// when the text is ASCII. A column is then found in one block's
    /// count, however long its line: finding after finding on a
    /// one-line megabyte article stays linear.
    chars_at: Vec<usize>,
}

/// Bytes per block of [`LineIndex`]'s character counts.
const BLOCK: usize = 1024;

/// Unicode scalar values in UTF-8 bytes: every byte but a continuation
/// byte starts one.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| *b & 0xC0 != 0x80).count()
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        let bytes = text.as_bytes();
        let mut chars_at = Vec::with_capacity(bytes.len() / BLOCK + 1);
        let mut chars = 0;
        for (i, b) in bytes.iter().enumerate() {
            if i % BLOCK == 0 {
                chars_at.push(chars);
            }
            // Every byte but a UTF-8 continuation byte starts a char.
            if b & 0xC0 != 0x80 {
                chars += 1;
            }
            let ends_line = match b {
                b'\n' => true,
                b'\r' => bytes.get(i + 1) != Some(&b'\n'),
                _ => false,
            };
            if ends_line {
                starts.push(i + 1);
            }
        }
        if text.is_ascii() {
            chars_at = Vec::new();
        }
        LineIndex {
            starts,
            len: text.len(),
            chars_at,
        }
    }

    /// Unicode scalar values before `offset` (a char boundary of `text`).
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        if self.chars_at.is_empty() {
            return offset;
        }
        let block = offset / BLOCK;
        let from = block * BLOCK;
        self.chars_at.get(block).copied().unwrap_or(0)
            + count_chars(&text.as_bytes()[from.min(offset)..offset])
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// 0-based line of a byte offset (clamped to the text).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        match self.starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next.saturating_sub(1),
        }
    }

    /// Byte span of a 0-based line, without its line terminator.
    pub fn line_span(&self, text: &str, line: usize) -> Span {
        let start = self.starts.get(line).copied().unwrap_or(self.len);
        let mut end = self.starts.get(line + 1).copied().unwrap_or(self.len);
        let bytes = text.as_bytes();
        if end > start && bytes.get(end - 1) == Some(&b'\n') {
            end -= 1;
        }
        if end > start && bytes.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        Span::new(start, end.max(start))
    }

    /// 0-based (line, column) of a byte offset; the column counts Unicode
    /// scalar values from the line start.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.starts.get(line).copied().unwrap_or(0).min(offset);
        if self.len != text.len() {
            // Another text than the index's: count the plain way.
            return (
                line,
                text.get(start..offset).map_or(0, |s| s.chars().count()),
            );
        }
        // A line no longer than a block is counted directly: fewer bytes
        // than the two block counts would read.
        let chars = if self.chars_at.is_empty() {
            offset - start
        } else if offset - start <= BLOCK {
            count_chars(&text.as_bytes()[start..offset])
        } else {
            self.chars_before(text, offset) - self.chars_before(text, start)
        };
        (line, chars)
    }

    /// Byte offset of a 0-based (line, column-in-chars); clamped to the line.
    pub fn offset(&self, text: &str, line: usize, col: usize) -> usize {
        let span = self.line_span(text, line.min(self.starts.len().saturating_sub(1)));
        let line_text = &text[span.start..span.end];
        match line_text.char_indices().nth(col) {
            Some((i, _)) => span.start + i,
            None => span.end,
        }
    }
}

/// The lines of `text`, each with its line break: `\n`, `\r\n` or a lone
/// `\r`, as [`LineIndex`] counts them. Like `split_inclusive('\n')`,
/// which misses a lone `\r`.
pub fn split_lines_inclusive(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        if at >= bytes.len() {
            return None;
        }
        let start = at;
        at = match memchr::memchr2(b'\n', b'\r', &bytes[at..]) {
            None => bytes.len(),
            Some(i) if bytes[start + i] == b'\r' && bytes.get(start + i + 1) == Some(&b'\n') => {
                start + i + 2
            }
            Some(i) => start + i + 1,
        };
        text.get(start..at)
    })
}

/// Start of the line that holds byte `offset` (a char boundary) of `text`.
pub fn line_start(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .and_then(|b| b.rfind(['\n', '\r']))
        .map_or(0, |i| i + 1)
}

/// End of the line that holds byte `offset` (a char boundary) of `text`,
/// before its line break.
pub fn line_end(text: &str, offset: usize) -> usize {
    text.get(offset..)
        .and_then(|a| a.find(['\n', '\r']))
        .map_or(text.len(), |i| offset + i)
}

/// `text` in lower case with every byte offset kept, so that spans of
/// `text` index the result: a letter whose lower case takes another number
/// of bytes ("Ⱥ" to "ⱥ") or more than one letter ("İ") stays as written.
pub fn lower_keeping_offsets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        // Most letters are ASCII: lowered without the case tables.
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        let mut low = c.to_lowercase();
        match (low.next(), low.next()) {
            (Some(l), None) if l.len_utf8() == c.len_utf8() => out.push(l),
            _ => out.push(c),
        }
    }
    out
}

/// The largest char boundary at or below `offset`.
pub fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut i = offset.min(text.len());
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The word lists of `server/data/text.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct TextData {
    /// Abbreviations after which a period does not end a sentence.
    non_terminal_abbreviations: Vec<String>,
    /// Time-zone words after a clock time, lower case.
    time_zones: Vec<String>,
    /// Other words after a number that make it a clock time, lower case.
    clock_words: Vec<String>,
}

const TEXT_TOML: &str = include_str!("../../data/text.toml");

/// The lists of `server/data/text.toml`, parsed on first use. A file that
/// does not parse (a build mistake the tests catch) is logged and gives
/// empty lists.
fn text_data() -> &'static TextData {
    static DATA: OnceLock<TextData> = OnceLock::new();
    DATA.get_or_init(|| {
        toml::from_str(TEXT_TOML).unwrap_or_else(|e| {
            tracing::error!("server/data/text.toml does not parse: {e}");
            TextData::default()
        })
    })
}

/// Time-zone words that follow a clock time ("gmt", "local time"), in
/// lower case, from `server/data/text.toml`.
pub fn time_zones() -> &'static [String] {
    &text_data().time_zones
}

/// Words besides the time zones that make the number before them a clock
/// time ("a.m", "hrs"), in lower case, from `server/data/text.toml`.
pub fn clock_words() -> &'static [String] {
    &text_data().clock_words
}

/// Splits text into sentence spans. A sentence ends at `.`, `!` or `?`
/// (followed by closing quotes or brackets) before white space and an
/// upper-case letter, digit or opening quote, and always at a line break.
/// Abbreviations such as "Sept." and "Ltd." and initials do not end a
/// sentence. Spans are trimmed of surrounding white space.
pub fn sentences(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    // Read in place, a character at a time by byte offset.
    let at = |p: usize| char_at(text, p);
    let mut i = 0;
    while let Some(c) = at(i) {
        // A line break: "\n", "\r\n" or a lone "\r", as the line index
        // and LSP clients count them.
        if c == '\n' || c == '\r' {
            push_trimmed(text, start, i, &mut out);
            start = i + 1;
        } else if matches!(c, '.' | '!' | '?') {
            let mut j = i + 1;
            while let Some(q) = at(j).filter(|q| matches!(q, '"' | '\'' | '’' | '”' | ')' | ']'))
            {
                j += q.len_utf8();
            }
            let end = j.min(text.len());
            let followed_by_space = at(j).is_none_or(|n| n == ' ' || n == '\t');
            if followed_by_space && !(c == '.' && is_abbreviation_before(text, i)) {
                let mut k = j;
                while at(k).is_some_and(|n| n == ' ' || n == '\t') {
                    k += 1;
                }
                let next_starts_sentence = at(k).is_none_or(|n| {
                    n.is_uppercase()
                        || n.is_ascii_digit()
                        || matches!(n, '"' | '“' | '‘' | '(' | '-' | '–' | '—' | '\n' | '\r')
                });
                if next_starts_sentence {
                    push_trimmed(text, start, end, &mut out);
                    start = end;
                    i = j;
                    continue;
                }
            }
        }
        i += c.len_utf8();
    }
    push_trimmed(text, start, text.len(), &mut out);
    out
}

fn is_abbreviation_before(text: &str, dot: usize) -> bool {
    let before = &text[..dot];
    let word_start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace() || matches!(c, '(' | '"' | '“'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = &before[word_start..];
    if word.is_empty() {
        return false;
    }
    // A single capital is an initial ("J. Smith"); "U.S" style dotted capitals too.
    let letters: Vec<char> = word.chars().filter(|c| *c != '.').collect();
    if letters.len() == 1 && letters[0].is_uppercase() {
        return true;
    }
    text_data()
        .non_terminal_abbreviations
        .iter()
        .any(|a| a == word)
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail < s.len() {
        out.push(Span::new(start + lead, end - trail));
    }
}

/// Is `c` part of a word (letters, digits and the joiners inside names)?
/// The run of `items`, which must be sorted by `start`, whose start lies
/// in `span`: a binary search, so that looking up what one sentence or line
/// holds does not read every item of a long article.
pub fn starting_within<T>(items: &[T], span: Span, start: impl Fn(&T) -> usize) -> &[T] {
    let lo = items.partition_point(|x| start(x) < span.start);
    let hi = items.partition_point(|x| start(x) < span.end);
    items.get(lo..hi.max(lo)).unwrap_or_default()
}

/// Spans sorted by start, asked which of them overlaps a span: a binary
/// search and a walk back that stops once no earlier span reaches far
/// enough, instead of a look at every span.
pub struct SortedSpans {
    spans: Vec<Span>,
    /// The furthest end of `spans[..=i]`.
    reach: Vec<usize>,
}

impl SortedSpans {
    pub fn new(mut spans: Vec<Span>) -> SortedSpans {
        spans.sort_by_key(|s| s.start);
        let reach = spans
            .iter()
            .scan(0, |far, s| {
                *far = s.end.max(*far);
                Some(*far)
            })
            .collect();
        SortedSpans { spans, reach }
    }

    /// Does any span overlap `span`?
    pub fn any_overlap(&self, span: Span) -> bool {
        let before = self.spans.partition_point(|s| s.start < span.end);
        (0..before)
            .rev()
            .take_while(|&j| self.reach.get(j).is_some_and(|&e| e > span.start))
            .any(|j| self.spans.get(j).is_some_and(|s| s.overlaps(span)))
    }
}

#[cfg(test)]
mod starting_within_tests {
    use super::*;

    #[test]
    fn finds_the_items_that_start_inside() {
        let spans = [
            Span::new(0, 3),
            Span::new(4, 9),
            Span::new(5, 6),
            Span::new(10, 12),
        ];
        let got = starting_within(&spans, Span::new(4, 10), |s| s.start);
        assert_eq!(got, &spans[1..3]);
        assert!(starting_within(&spans, Span::new(13, 20), |s| s.start).is_empty());
        assert!(starting_within(&spans, Span::new(7, 7), |s| s.start).is_empty());
        assert_eq!(
            starting_within(&spans, Span::new(0, 100), |s| s.start),
            &spans[..]
        );
    }
}

pub fn is_word_char(c: char) -> bool {
    is_alphanumeric(c)
}

/// The block of General Punctuation (U+2000 to U+206F): spaces, dashes,
/// curly quotes, the ellipsis. News text is full of them, and none is a
/// letter or a digit.
const GENERAL_PUNCTUATION: std::ops::RangeInclusive<char> = '\u{2000}'..='\u{206f}';

/// [`char::is_alphanumeric`], answered without the Unicode tables for
/// ASCII and for General Punctuation (the tables are searched for every
/// other character: a curly quote cost a search each time a tokenizer met
/// it).
#[inline]
pub fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        !GENERAL_PUNCTUATION.contains(&c) && c.is_alphanumeric()
    }
}

/// [`char::is_alphabetic`], answered like [`is_alphanumeric`].
#[inline]
pub fn is_alphabetic(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        !GENERAL_PUNCTUATION.contains(&c) && c.is_alphabetic()
    }
}

/// The character that starts at byte `p` of `s` (`None` past its end or
/// inside a character).
#[inline]
pub fn char_at(s: &str, p: usize) -> Option<char> {
    match s.as_bytes().get(p) {
        Some(&b) if b.is_ascii() => Some(char::from(b)),
        Some(_) => s.get(p..).and_then(|r| r.chars().next()),
        None => None,
    }
}

/// The character that ends at byte `p` of `s` (`None` at its start or
/// inside a character).
#[inline]
pub fn char_before(s: &str, p: usize) -> Option<char> {
    match p.checked_sub(1).and_then(|q| s.as_bytes().get(q)) {
        Some(&b) if b.is_ascii() => Some(char::from(b)),
        Some(_) => s.get(..p).and_then(|r| r.chars().next_back()),
        None => None,
    }
}

/// True when `span` of `text` is a whole word: not preceded or followed by
/// a letter or digit.
pub fn is_whole_word(text: &str, span: Span) -> bool {
    let before = text[..span.start].chars().next_back();
    let after = text[span.end..].chars().next();
    !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char)
}

/// Every whole-word occurrence of `needle` in `text`.
pub fn find_whole_words(text: &str, needle: &str) -> Vec<Span> {
    if needle.is_empty() {
        return Vec::new();
    }
    text.match_indices(needle)
        .map(|(i, m)| Span::new(i, i + m.len()))
        .filter(|&s| is_whole_word(text, s))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quick_classes_agree_with_the_standard_ones() {
        for u in (0..0x3000u32).chain([0x1_0400, 0x1_D400, 0x2_0000]) {
            let Some(c) = char::from_u32(u) else { continue };
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{u:x}");
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{u:x}");
        }
        let s = "a’b";
        assert_eq!(char_at(s, 1), Some('’'));
        assert_eq!(char_at(s, 2), None);
        assert_eq!(char_before(s, 4), Some('’'));
        assert_eq!(char_before(s, 3), None);
        assert_eq!(char_before(s, 0), None);
        assert_eq!(char_at(s, 5), None);
    }

    #[test]
    fn lower_case_keeps_every_offset() {
        // "Ⱥ" lowers to a letter of three bytes, "İ" to two letters: both
        // stay; every other letter is lowered.
        let text = "ȺȺ\r£0c İstanbul ÉLAN Über";
        let lower = lower_keeping_offsets(text);
        assert_eq!(lower.len(), text.len());
        assert_eq!(lower, "ȺȺ\r£0c İstanbul élan über");
        assert!(text.char_indices().all(|(i, _)| lower.is_char_boundary(i)));
    }

    #[test]
    fn line_col_counts_scalar_values() {
        let text = "a’b\nx—“y”\n";
        let idx = LineIndex::new(text);
        let y = text.find('y').unwrap();
        assert_eq!(idx.line_col(text, y), (1, 3));
        assert_eq!(idx.offset(text, 1, 3), y);
        assert_eq!(idx.line_count(), 3);
        assert_eq!(idx.line_col(text, text.len()), (2, 0));
    }

    /// Every char offset's column is the chars from its line's start.
    fn assert_columns_are_plain_counts(text: &str) {
        let idx = LineIndex::new(text);
        for (offset, _) in text.char_indices() {
            let line = idx.line_of(offset);
            let start = idx.starts[line];
            let plain = text[start..offset].chars().count();
            assert_eq!(idx.line_col(text, offset), (line, plain), "at {offset}");
        }
    }

    #[test]
    fn columns_from_block_counts_equal_plain_counts() {
        let text: String = (0..3000)
            .map(|i| match i % 7 {
                0 => "é",
                1 => "\n",
                2 => "🙂",
                3 => "\r\n",
                _ => "ab",
            })
            .collect();
        assert_columns_are_plain_counts(&text);
        let ascii = "abc\ndef";
        assert_eq!(LineIndex::new(ascii).line_col(ascii, 6), (1, 2));
    }

    #[test]
    fn columns_on_lines_longer_than_a_block_equal_plain_counts() {
        // Lines of several blocks: columns come from the block counts.
        let line: String = (0..1500)
            .map(|i| if i % 5 == 0 { 'é' } else { 'a' })
            .collect();
        let text = format!("{line}\n{line}🙂{line}\nshort é\n{line}");
        assert!(text.lines().any(|l| l.len() > 2 * BLOCK));
        assert_columns_are_plain_counts(&text);
    }

    #[test]
    fn lone_carriage_returns_end_lines_like_in_editors() {
        let text = "a\rb\r\nc\nd\r";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 5);
        let lines: Vec<&str> = (0..5)
            .map(|l| {
                let s = idx.line_span(text, l);
                &text[s.start..s.end]
            })
            .collect();
        assert_eq!(lines, ["a", "b", "c", "d", ""]);
        assert_eq!(idx.line_col(text, text.find('c').unwrap()), (2, 0));
    }

    #[test]
    fn line_span_strips_crlf() {
        let text = "one\r\ntwo";
        let idx = LineIndex::new(text);
        assert_eq!(
            &text[idx.line_span(text, 0).start..idx.line_span(text, 0).end],
            "one"
        );
        assert_eq!(
            &text[idx.line_span(text, 1).start..idx.line_span(text, 1).end],
            "two"
        );
    }

    #[test]
    fn offsets_past_the_end_are_clamped() {
        let text = "ab";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 99), (0, 2));
        assert_eq!(idx.offset(text, 7, 7), 2);
    }

    fn sentence_texts(text: &str) -> Vec<&str> {
        sentences(text)
            .into_iter()
            .map(|s| &text[s.start..s.end])
            .collect()
    }

    #[test]
    fn the_text_data_parses() {
        let data: TextData = toml::from_str(TEXT_TOML).expect("text.toml parses");
        assert!(data.non_terminal_abbreviations.iter().any(|a| a == "Sept"));
        assert!(data
            .non_terminal_abbreviations
            .iter()
            .all(|a| !a.ends_with('.')));
        // Matched against lower-cased text.
        for w in data.time_zones.iter().chain(&data.clock_words) {
            assert!(!w.is_empty() && w.to_lowercase() == *w, "{w:?}");
        }
        assert!(data.time_zones.iter().any(|z| z == "gmt"));
    }

    #[test]
    fn sentences_split_on_terminal_punctuation_not_abbreviations() {
        assert_eq!(
            sentence_texts("Shares rose 8% in U.S. trading that ended Sept. 11. The stock fell. Acme Ltd. said so."),
            vec!["Shares rose 8% in U.S. trading that ended Sept. 11.", "The stock fell.", "Acme Ltd. said so."]
        );
    }

    #[test]
    fn sentences_end_at_line_breaks_and_keep_closing_quotes() {
        assert_eq!(
            sentence_texts("Title line\n\n“It works.” He said. J. Smith agreed."),
            vec!["Title line", "“It works.”", "He said.", "J. Smith agreed."]
        );
    }

    #[test]
    fn a_lone_carriage_return_ends_a_line_as_a_line_feed_does() {
        let lf = "Title line\nAcme rose 5% on Monday\nDana Whitlok said so.";
        for text in [
            lf.to_string(),
            lf.replace('\n', "\r"),
            lf.replace('\n', "\r\n"),
        ] {
            assert_eq!(
                sentence_texts(&text),
                vec![
                    "Title line",
                    "Acme rose 5% on Monday",
                    "Dana Whitlok said so."
                ],
                "{text:?}"
            );
        }
    }

    #[test]
    fn lines_split_at_every_line_break_as_the_line_index_does() {
        let lf = "One\n\nTwo  three\nfour";
        for text in [
            lf.to_string(),
            lf.replace('\n', "\r"),
            lf.replace('\n', "\r\n"),
        ] {
            let lines: Vec<&str> = split_lines_inclusive(&text).collect();
            assert_eq!(lines.concat(), text);
            let trimmed: Vec<&str> = lines.iter().map(|l| l.trim_end()).collect();
            assert_eq!(trimmed, vec!["One", "", "Two  three", "four"], "{text:?}");
            let idx = LineIndex::new(&text);
            assert_eq!(idx.line_count(), lines.len());
            let at = text.find("three").unwrap_or(0);
            let span = idx.line_span(&text, idx.line_of(at));
            assert_eq!(
                (line_start(&text, at), line_end(&text, at)),
                (span.start, span.end)
            );
        }
        assert_eq!(split_lines_inclusive("").count(), 0);
    }

    #[test]
    fn whole_words_only() {
        let text = "Lee and Leeds and Lee's";
        let found: Vec<_> = find_whole_words(text, "Lee")
            .iter()
            .map(|s| s.start)
            .collect();
        assert_eq!(found, vec![0, 18]);
    }
}
