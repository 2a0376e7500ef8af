//! Parts of an article that are not prose, and the places where the writer
//! silenced copydesk:
//! - Markdown front matter (YAML between `---` lines or TOML between `+++`
//!   lines at the very start) is metadata: it is masked before extraction
//!   (no names, figures or sentences come from it) and no finding is placed
//!   in it. Its `title` is the exception: it is the headline readers see,
//!   so it is read as the article's first line, where it stands, and
//!   checked like any headline;
//! - suppression comments, which work in Markdown and in plain text alike:
//!   - `<!-- copydesk-disable -->` … `<!-- copydesk-enable -->` (to the end
//!     of the article without an enable);
//!   - `<!-- copydesk-disable-next-line -->`: the next non-blank line;
//!   - `<!-- copydesk-disable-next-paragraph -->`: the next paragraph (lines
//!     up to a blank line);
//!
//!   each with an optional list of rule ids or families
//!   (`<!-- copydesk-disable name-variant, figure -->`); without one, every
//!   rule. The comments themselves are masked too.

use crate::text::{line_end, split_lines_inclusive};
use crate::types::Span;

/// A stretch where some rules (or all, when `rules` is empty) are silenced.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Suppression {
    pub span: Span,
    /// Rule ids or families; empty means every rule.
    pub rules: Vec<String>,
}

impl Suppression {
    pub fn silences(&self, rule: &str, offset: usize) -> bool {
        self.span.start <= offset
            && offset < self.span.end
            && (self.rules.is_empty()
                || self.rules.iter().any(|r| {
                    let family = r.trim_end_matches('-');
                    rule == r || rule.split('-').next() == Some(family)
                }))
    }
}

/// The regions of one article.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Regions {
    /// Front matter, fences included.
    pub front_matter: Option<Span>,
    /// The front matter's `title` value (quotes excluded): the headline,
    /// read and checked as prose.
    pub title: Option<Span>,
    /// The suppression comments themselves.
    pub comments: Vec<Span>,
    pub suppressions: Vec<Suppression>,
    /// Direct quotations (between straight or curly double quotes within a
    /// paragraph), quote marks included: a fix there changes someone's
    /// words, so it is never applied without a person choosing it.
    pub quotations: Vec<Span>,
}

impl Regions {
    /// Nothing to mask (quotations are prose).
    pub fn is_empty(&self) -> bool {
        self.front_matter.is_none() && self.comments.is_empty()
    }

    /// Whether `span` lies within a direct quotation.
    pub fn in_quotation(&self, span: Span) -> bool {
        let i = self.quotations.partition_point(|q| q.end < span.end);
        self.quotations
            .get(i)
            .is_some_and(|q| q.start <= span.start && span.end <= q.end)
    }

    /// Whether a finding of `rule` at `offset` is left out.
    pub fn silences(&self, rule: &str, offset: usize) -> bool {
        let inside = |s: &Span| s.start <= offset && offset < s.end;
        (self.front_matter.as_ref().is_some_and(inside) && !self.title.as_ref().is_some_and(inside))
            || self.comments.iter().any(inside)
            || self.suppressions.iter().any(|s| s.silences(rule, offset))
    }

    /// `text` with front matter (but its title) and suppression comments
    /// blanked out: every byte but line breaks becomes a space, so offsets
    /// and lines stay.
    pub fn masked(&self, text: &str) -> Option<String> {
        if self.is_empty() {
            return None;
        }
        let mut bytes = text.as_bytes().to_vec();
        for span in self.front_matter.iter().chain(&self.comments) {
            let end = span.end.min(text.len());
            for (at, b) in bytes[span.start..end].iter_mut().enumerate() {
                let at = span.start + at;
                let kept = self.title.is_some_and(|t| t.start <= at && at < t.end);
                if *b != b'\n' && *b != b'\r' && !kept {
                    *b = b' ';
                }
            }
        }
        // Whole multi-byte characters are blanked (spans are on char
        // boundaries), so the bytes stay UTF-8.
        String::from_utf8(bytes).ok()
    }
}

/// The value of `key` in the front matter `span` of `text`: a YAML
/// (`key: value`) or TOML (`key = value`) line at the top level, quotes
/// taken off. The first such line wins.
pub fn front_matter_value<'t>(text: &'t str, span: Span, key: &str) -> Option<&'t str> {
    front_matter_value_span(text, span, key).and_then(|v| text.get(v.start..v.end))
}

/// Where the value of `key` stands in the front matter `span` of `text`
/// ([`front_matter_value`]).
pub fn front_matter_value_span(text: &str, span: Span, key: &str) -> Option<Span> {
    let inner = text.get(span.start..span.end)?;
    let mut line_start = span.start;
    split_lines_inclusive(inner)
        .enumerate()
        // After a TOML table header (`[params]`), keys are the table's.
        .take_while(|(i, line)| *i == 0 || !line.starts_with('['))
        .find_map(|(i, line)| {
            let at = line_start;
            line_start += line.len();
            // The opening fence; nested keys (indented) belong to another table.
            if i == 0 || line.starts_with(char::is_whitespace) {
                return None;
            }
            let trimmed = line.trim_end();
            let rest = trimmed.strip_prefix(key)?.trim_start();
            let value = rest
                .strip_prefix(':')
                .or_else(|| rest.strip_prefix('='))?
                .trim_start();
            // `value` ends where `trimmed` does.
            let mut start = at + trimmed.len() - value.len();
            let unquoted = match value
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
            {
                Some(v) => {
                    start += 1;
                    v
                }
                None => value,
            };
            (!unquoted.is_empty()).then_some(Span::new(start, start + unquoted.len()))
        })
}

/// The front matter's title as the headline: a plain one-line value (not a
/// YAML block scalar such as `>` or `|`, nor a string with escapes, whose
/// written form is not the title's).
fn title(text: &str, front_matter: Span) -> Option<Span> {
    let span = front_matter_value_span(text, front_matter, "title")?;
    let value = text.get(span.start..span.end)?;
    let block_scalar = value.starts_with(['>', '|']);
    (!block_scalar && !value.contains('\\') && value.chars().any(char::is_alphanumeric))
        .then_some(span)
}

/// The front matter at the start of `text`, fences included.
fn front_matter(text: &str) -> Option<Span> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let skip = text.len() - body.len();
    let fence = ["---", "+++"].into_iter().find(|f| {
        split_lines_inclusive(body)
            .next()
            .is_some_and(|l| l.trim_end() == *f)
    })?;
    let mut at = 0;
    for (i, line) in split_lines_inclusive(body).enumerate() {
        at += line.len();
        let closes = line.trim_end() == fence || (fence == "---" && line.trim_end() == "...");
        if i > 0 && closes {
            return Some(Span::new(skip, skip + at));
        }
    }
    None
}

const OPEN: &str = "<!--";
const CLOSE: &str = "-->";

/// Start of the line after `offset`'s line (or the end of the text).
fn next_line_start(text: &str, offset: usize) -> usize {
    let end = line_end(text, offset);
    match text.as_bytes().get(end) {
        Some(b'\r') if text.as_bytes().get(end + 1) == Some(&b'\n') => end + 2,
        Some(_) => end + 1,
        None => text.len(),
    }
}

/// The span of the next non-blank line after `offset`, or of the paragraph
/// (lines up to a blank one) when `paragraph`.
fn next_block(text: &str, offset: usize, paragraph: bool) -> Span {
    let mut start = next_line_start(text, offset);
    while start < text.len() {
        let end = next_line_start(text, start);
        if !text[start..end].trim().is_empty() {
            break;
        }
        start = end;
    }
    let mut end = next_line_start(text, start);
    if paragraph {
        while end < text.len() {
            let next = next_line_start(text, end);
            if text[end..next].trim().is_empty() {
                break;
            }
            end = next;
        }
    }
    Span::new(start, end)
}

/// Direct quotations: “…” and "…" pairs that open and close within one
/// paragraph (line), in order.
fn quotations(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in split_lines_inclusive(text) {
        let mut open: Option<(usize, char)> = None;
        // Only a straight quote or a curly one (whose first byte is 0xE2,
        // never inside another char) can open or close.
        for i in memchr::memchr2_iter(b'"', 0xE2, line.as_bytes()) {
            let Some(c) = line.get(i..).and_then(|r| r.chars().next()) else {
                continue;
            };
            let at = line_start + i;
            match (open, c) {
                (None, '“') | (None, '"') => open = Some((at, c)),
                (Some((s, '“')), '”') | (Some((s, '"')), '"') => {
                    out.push(Span::new(s, at + c.len_utf8()));
                    open = None;
                }
                _ => {}
            }
        }
        line_start += line.len();
    }
    out
}

/// Front matter, suppressions and quotations of one article.
pub fn regions(text: &str) -> Regions {
    let front_matter = front_matter(text);
    let mut r = Regions {
        front_matter,
        title: front_matter.and_then(|fm| title(text, fm)),
        quotations: quotations(text),
        ..Regions::default()
    };
    if memchr::memmem::find(text.as_bytes(), b"copydesk-").is_none() {
        return r;
    }
    // An open `copydesk-disable`: where it starts and its rules.
    let mut open: Option<(usize, Vec<String>)> = None;
    let mut from = 0;
    while let Some(i) = text[from..].find(OPEN) {
        let start = from + i;
        let Some(j) = text[start..].find(CLOSE) else {
            break;
        };
        let end = start + j + CLOSE.len();
        from = end;
        let inner = text[start + OPEN.len()..start + j].trim();
        let (directive, rest) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
        let rules: Vec<String> = rest
            .split([',', ' '])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        let span = Span::new(start, end);
        match directive {
            "copydesk-disable" => {
                r.comments.push(span);
                if open.is_none() {
                    open = Some((end, rules));
                }
            }
            "copydesk-enable" => {
                r.comments.push(span);
                if let Some((s, rules)) = open.take() {
                    r.suppressions.push(Suppression {
                        span: Span::new(s, start),
                        rules,
                    });
                }
            }
            "copydesk-disable-next-line" | "copydesk-disable-next-paragraph" => {
                r.comments.push(span);
                r.suppressions.push(Suppression {
                    span: next_block(text, end, directive.ends_with("paragraph")),
                    rules,
                });
            }
            _ => {}
        }
    }
    if let Some((s, rules)) = open {
        r.suppressions.push(Suppression {
            span: Span::new(s, text.len()),
            rules,
        });
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_and_toml_front_matter() {
        let md = "---\ntitle: Examplecorp up 5%\ndate: 2031-02-03\n---\nBody text.\n";
        let r = regions(md);
        let fm = r.front_matter.expect("front matter");
        assert_eq!(
            &md[fm.start..fm.end],
            "---\ntitle: Examplecorp up 5%\ndate: 2031-02-03\n---\n"
        );
        let masked = r.masked(md).expect("masked");
        assert_eq!(masked.len(), md.len());
        assert!(masked.ends_with("\nBody text.\n") && !masked.contains("2031"));
        assert!(r.silences("figure-conflict", md.find("2031").expect("date")));
        assert!(!r.silences("figure-conflict", md.len() - 3));
        let toml = "+++\ntitle = \"x\"\n+++\nBody.";
        assert_eq!(regions(toml).front_matter, Some(Span::new(0, 20)));
        // A rule in the body or an unclosed fence is no front matter.
        assert_eq!(regions("Body\n---\nmore\n---\n").front_matter, None);
        assert_eq!(regions("---\nno end\n").front_matter, None);
    }

    #[test]
    fn front_matter_values_in_yaml_and_toml() {
        let md = "---\ntitle: \"Examplecorp up 5%\"\ndateline: Exampleton\nmeta:\n  date: 1999-01-01\ndate: 2031-02-03\n---\nBody.\n";
        let fm = regions(md).front_matter.expect("front matter");
        assert_eq!(front_matter_value(md, fm, "date"), Some("2031-02-03"));
        assert_eq!(
            front_matter_value(md, fm, "title"),
            Some("Examplecorp up 5%")
        );
        assert_eq!(front_matter_value(md, fm, "author"), None);
        let toml = "+++\ndate = '2031-02-04'\n+++\nBody.";
        let fm = regions(toml).front_matter.expect("front matter");
        assert_eq!(front_matter_value(toml, fm, "date"), Some("2031-02-04"));
    }

    #[test]
    fn the_title_is_read_where_it_stands_and_the_rest_is_masked() {
        let md = "---\ntitle: \"Examplecorp  up 5%\"\nauthor: Dana Whitlok\n---\nBody.\n";
        let r = regions(md);
        let title = r.title.expect("title");
        assert_eq!(&md[title.start..title.end], "Examplecorp  up 5%");
        let masked = r.masked(md).expect("masked");
        assert_eq!(masked.len(), md.len());
        assert_eq!(&masked[title.start..title.end], "Examplecorp  up 5%");
        assert!(!masked.contains("title") && !masked.contains("Whitlok"));
        assert!(!r.silences("typography-double-space", title.start + 11));
        assert!(r.silences("typography-double-space", title.end));
        let toml = "+++\ntitle = 'Examplecorp up'\n+++\nBody.";
        let t = regions(toml).title.expect("toml title");
        assert_eq!(&toml[t.start..t.end], "Examplecorp up");
        // A table's title is the table's, not the article's.
        assert_eq!(
            regions("+++\n[params]\ntitle = 'x'\n+++\nBody.").title,
            None
        );
        // A block scalar or an escaped string is not the title as written.
        assert_eq!(
            regions("---\ntitle: >\n  Examplecorp up\n---\n").title,
            None
        );
        assert_eq!(regions("---\ntitle: \"A \\\"b\\\"\"\n---\n").title, None);
    }

    #[test]
    fn disable_and_enable_with_and_without_rules() {
        let t = "One.\n<!-- copydesk-disable name-variant, figure -->\nTwo.\n<!-- copydesk-enable -->\nThree.\n";
        let r = regions(t);
        let two = t.find("Two").expect("two");
        let three = t.find("Three").expect("three");
        assert!(r.silences("name-variant", two));
        assert!(r.silences("figure-conflict", two));
        assert!(!r.silences("quote-mismatch", two));
        assert!(!r.silences("name-variant", three));
        assert_eq!(r.comments.len(), 2);
        let all = regions("<!-- copydesk-disable -->\nEverything after.");
        assert!(all.silences("typography-double-space", 30));
    }

    #[test]
    fn next_line_and_next_paragraph() {
        let t = "<!-- copydesk-disable-next-line -->\n\nFirst line.\nSecond line.\n\nLater.";
        let r = regions(t);
        assert!(r.silences("x-y", t.find("First").expect("first")));
        assert!(!r.silences("x-y", t.find("Second").expect("second")));
        let t = "<!-- copydesk-disable-next-paragraph typography -->\nFirst line.\nSecond line.\n\nLater.";
        let r = regions(t);
        assert!(r.silences("typography-double-space", t.find("Second").expect("second")));
        assert!(!r.silences("name-variant", t.find("Second").expect("second")));
        assert!(!r.silences("typography-double-space", t.find("Later").expect("later")));
    }

    #[test]
    fn quotations_are_found_within_a_paragraph() {
        let t = "He said “the IA plan” and \"more\".\nAn open \" quote.\n";
        let r = regions(t);
        assert_eq!(r.quotations.len(), 2);
        let ia = t.find("IA").expect("IA");
        assert!(r.in_quotation(Span::new(ia, ia + 2)));
        let open = t.find("open").expect("open");
        assert!(!r.in_quotation(Span::new(open, open + 4)));
        assert!(!r.in_quotation(Span::new(0, 2)));
    }

    #[test]
    fn other_comments_and_text_without_directives_are_left_alone() {
        let t = "<!-- a note -->\nText with copydesk-disable in prose.";
        let r = regions(t);
        assert!(r.is_empty() && r.masked(t).is_none());
    }
}
