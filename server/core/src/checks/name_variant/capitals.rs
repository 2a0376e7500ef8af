//! Pass 4 of `name-variant`: capitals. A word, or one hyphen part of a
//! word, in other capitals ("ExampleAI" / "Exampleai"), leaving alone the
//! capitals that come from the place of a word (sentence starts,
//! headlines, datelines, tickers).

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::kb_names::KbNames;
use super::{neutral, occ, Group, LowerWords, Occ, Spelling};
use crate::bundle::Document;
use crate::extract::names::{case_shape, word_parts, CaseShape};
use crate::extract::DocFacts;
use crate::memo::{Grouping, Member};
use crate::types::Span;

/// One word or hyphen part of a name. What the article holds (the word
/// as written) is read there again, not copied here: a large bundle makes
/// an item of every name word.
pub(super) struct CaseItem {
    /// Lower case.
    key: String,
    /// Where it stands: its form, as written.
    span: Span,
    /// In title case where the place gives its first letter a capital (a
    /// sentence start, a headline): only the letters after the first are
    /// evidence ("Examplecorp" opening a sentence against "ExampleCorp").
    first_neutral: bool,
}

impl CaseItem {
    /// The word as written in its article `d`.
    fn form<'d>(&self, d: &'d Document) -> &'d str {
        d.slice(self.span)
    }

    /// The letters after the first.
    fn tail<'d>(&self, d: &'d Document) -> &'d str {
        let form = self.form(d);
        let first = form.chars().next().map_or(0, char::len_utf8);
        &form[first..]
    }
}

/// Bytes from a line's start within which a dateline ends.
const MAX_DATELINE: usize = 200;

/// Pass 4: the words of names by lower-case key, and the forms of a key; a
/// group when a key has two forms or more. A key that some article writes
/// in lower case is a common word, not a name, and is left alone.
pub(super) struct CapitalsPass<'l> {
    pub(super) lower: &'l LowerWords<'l>,
}

impl Grouping for CapitalsPass<'_> {
    type Item = CaseItem;
    type Key = String;
    type Version = ();
    type Output = Group;

    fn version(&self, _: &Document) {}

    fn keys<'i>(&self, item: &'i CaseItem, out: &mut Vec<Cow<'i, String>>) {
        out.push(Cow::Borrowed(&item.key));
    }

    fn also_depends(&self, facts: &DocFacts, out: &mut Vec<String>) {
        out.extend(facts.lower_words.iter().map(str::to_string));
    }

    fn eval(&self, key: &String, members: &[Member<'_, CaseItem>]) -> Option<Group> {
        // Most keys have one form: that is cheap to see.
        let first = members.first().map(|m| m.item.form(m.doc))?;
        if members.iter().all(|m| m.item.form(m.doc) == first) || self.lower.contains(key) {
            return None;
        }
        let mut forms: BTreeMap<&str, Vec<Occ>> = BTreeMap::new();
        for m in members.iter().filter(|m| !m.item.first_neutral) {
            forms
                .entry(m.item.form(m.doc))
                .or_default()
                .push(occ(m.pos, m.doc, m.item.span));
        }
        // A word in title case at a sentence start tells its letters after
        // the first: other capitals there ("Examplecorp" opening a
        // sentence, "ExampleCorp" elsewhere) are a variant. Not against
        // capitals, a house style ("EXAMPLE" / "Example").
        if forms.keys().all(|f| case_shape(f) == CaseShape::Mixed) {
            let tails: Vec<&str> = members
                .iter()
                .filter(|m| !m.item.first_neutral)
                .map(|m| m.item.tail(m.doc))
                .collect();
            for m in members.iter().filter(|m| m.item.first_neutral) {
                if !tails.contains(&m.item.tail(m.doc)) {
                    forms.entry(m.item.form(m.doc)).or_default().push(occ(
                        m.pos,
                        m.doc,
                        m.item.span,
                    ));
                }
            }
        }
        if forms.len() < 2 {
            return None;
        }
        // Capitals against title case, and nothing else: a house-style
        // choice, not a slip of one writer.
        let mut shapes: Vec<CaseShape> = forms.keys().map(|f| case_shape(f)).collect();
        shapes.sort_by_key(|s| *s == CaseShape::Upper);
        let note = shapes == [CaseShape::Title, CaseShape::Upper];
        let spellings = forms
            .into_iter()
            .map(|(text, occs)| Spelling {
                text: text.to_string(),
                occs,
            })
            .collect();
        Some(Group {
            spellings,
            quiet: false,
            note,
        })
    }
}

/// The capitals pass's view of one article (cached per article). Words
/// that `name-house-style` reports (a knowledge-base name in other
/// capitals) are its own: one word, one finding.
pub(super) fn case_items(d: &Document, kb: &KbNames) -> Vec<CaseItem> {
    let mut out = Vec::with_capacity(super::name_words(d));
    for m in &d.facts.names {
        if m.shouted {
            continue;
        }
        for &w in &m.words {
            if kb.house_style_reports(d.slice(w)) {
                continue;
            }
            for part in word_parts(&d.text, w) {
                let text = d.slice(part);
                let shape = case_shape(text);
                let place = neutral(m, w, part, shape);
                if shape == CaseShape::Lower
                    || text.chars().count() < 3
                    || (place && shape != CaseShape::Title)
                    || (shape == CaseShape::Upper
                        && typographic_capitals(
                            &d.text,
                            d.lines.line_span(&d.text, d.lines.line_of(w.start)).start,
                            w,
                        ))
                {
                    continue;
                }
                out.push(CaseItem {
                    key: text.to_lowercase(),
                    span: part,
                    first_neutral: place,
                });
            }
        }
    }
    out
}

/// Capitals that come from the place of a word, not from its name: the
/// first word of a paragraph (a lead-in set in capitals), a dateline
/// ("EXAMPLETON/SAMPLEVILLE, May 5 -", "EXAMPLETON (Wire) -"), and a
/// ticker ("(EXMP B DC)", "\"EXMP\"", "NASDAQ: EXMP"). `line_start` is
/// the start of the word's line (from the line index: no scan back over a
/// long line for each word of it).
fn typographic_capitals(text: &str, line_start: usize, word: Span) -> bool {
    let line_start = line_start.min(word.start);
    let Some(before) = text.get(line_start..word.start) else {
        return false;
    };
    if !before.chars().any(char::is_alphanumeric) {
        return true;
    }
    // A dateline: capitals, spaces and slashes from the line start, then a
    // comma, a bracket or a dash. A dateline is short: a line of capitals
    // is not read again for each of its words.
    let line = &text[line_start..];
    if word.end - line_start <= MAX_DATELINE {
        let end = line
            .char_indices()
            .find(|(i, c)| {
                *i > MAX_DATELINE
                    || !(c.is_uppercase()
                        || c.is_ascii_digit()
                        || matches!(c, ' ' | '/' | '.' | '\'' | '&' | '-'))
            })
            .map_or(line.len(), |(i, _)| i);
        let rest = line[end..].trim_start();
        if end <= MAX_DATELINE
            && line_start + end >= word.end
            && (rest.starts_with([',', '(', '—', '–']) || line[..end].ends_with(" -"))
        {
            return true;
        }
    }
    let prev = before.chars().next_back();
    let after = &text[word.end..];
    // Only the next few characters can close a ticker's bracket.
    let near = &after[..crate::text::floor_char_boundary(after, after.len().min(64))];
    if matches!(prev, Some('(' | '[')) {
        if let Some(close) = near.find([')', ']']) {
            if close < 40 && !after[..close].chars().any(char::is_lowercase) {
                return true;
            }
        }
    }
    if prev.is_some_and(is_quote) && after.chars().next().is_some_and(is_quote) {
        return true;
    }
    // "NASDAQ: EXMP": after an exchange code.
    if let Some(b) = before.trim_end().strip_suffix(':') {
        let code: String = b
            .chars()
            .rev()
            .take_while(|c| c.is_alphanumeric())
            .collect();
        if code.chars().count() >= 2 && !code.chars().any(char::is_lowercase) {
            return true;
        }
    }
    false
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '\'' | '‘' | '’' | '«' | '»' | '„')
}

#[cfg(test)]
mod tests {
    use crate::fixture::{check_rules, findings};
    use crate::types::Severity;

    const RULE: &[&str] = &["name-variant"];

    #[test]
    fn capitals_of_a_word_and_of_a_hyphen_part() {
        check_rules(
            r#"
//- a.txt
Veltra sells chips to ExampleAI, and Veltra's rival uses Zeta5-Next.
//- b.txt
Buyers said ExampleAI and the Zeta5 line lead, as does Veltra.
//- c.txt
Orders from Exampleai for VELTRA chips grew, and ZETA5-Max shipped.
            ^^^^^^^^^ name-variant: 'ExampleAI' in a.txt:1 (and 1 more)
                          ^^^^^^ name-variant
                                                 ^^^^^ name-variant
"#,
            RULE,
        );
    }

    #[test]
    fn sentence_starts_headlines_and_common_words() {
        check_rules(
            r#"
//- a.txt
Examplecorp Stock Pops 6% In Port Example As Homegrown Chips Rival Others
What Sample Intelligence Says
The cloud unit grew and artificial intelligence helped.
//- b.txt
Cloud revenue rose. Its Artificial Intelligence (AI) unit and Examplecorp's Cloud grew.
Stock traders cheered the stock.
"#,
            RULE,
        );
    }

    #[test]
    fn bylines_and_datelines_in_capitals_are_typography() {
        check_rules(
            r#"
//- a.txt
By JANE DOE and the desk
EXAMPLETON (Wire) - Shares rose in Exampleton.
//- b.txt
EXAMPLETON, May 5 - Jane Doe reported it from Exampleton.
"#,
            RULE,
        );
    }

    #[test]
    fn datelines_tickers_and_lead_ins_in_capitals_are_typography() {
        check_rules(
            r#"
//- a.txt
EXAMPLETON/SAMPLEVILLE, May 5 - Veltra rose in Exampleton and Sampleville.
VELTRA's board met on Monday.
Shares of Veltra (VELTRA B DC) trade as "VELTRA" and on NASDAQ: VELTRA too.
//- b.txt
Veltra and Exampleton and Sampleville, said Veltra.
"#,
            RULE,
        );
    }

    /// Inner capitals against a sentence start in title case: the
    /// letters after the first still count.
    #[test]
    fn inner_capitals_against_a_sentence_start() {
        check_rules(
            r#"
//- a.txt
Said ZorBan Quill, the maker of chips.
     ^^^^^^ name-variant: 'ZorBan Quill' here; 'Zorban Quill' in b.txt:1 (and 1 more)
//- b.txt
Zorban Quill spoke. Zorblatt left.
//- c.txt
Zorban Quill agreed. Orders for ZORBLATT chips grew.
"#,
            RULE,
        );
    }

    /// Capitals against title case is house style: one note per article
    /// at information level, with a fix for every place.
    #[test]
    fn capitals_against_title_case_is_a_note_once_per_article() {
        let (_, bundle, found) = findings(
            r#"
//- a.txt
Regulators grounded the Zorblatt 900 MAX on Monday.
Airlines said the Zorblatt 900 MAX would stay grounded.
//- b.txt
Regulators grounded the Zorblatt 900 Max on Monday.
Airlines flew the Zorblatt 900 Max before, and the Zorblatt 900 Max again.
"#,
            RULE,
        );
        assert_eq!(found.len(), 1, "{found:#?}");
        let f = &found[0];
        assert_eq!(f.severity, Severity::Information);
        assert_eq!(bundle.cite(f.location), "a.txt:1");
        assert!(f.message.contains("house style"), "{}", f.message);
        let all = f
            .fixes
            .iter()
            .find(|x| x.title == "Use 'Max' everywhere in the bundle")
            .expect("fix-all");
        assert_eq!(all.edits.len(), 2);
    }

    /// Other inner capitals stay a warning, at each place.
    #[test]
    fn other_inner_capitals_stay_warnings() {
        let (_, _, found) = findings(
            r#"
//- a.txt
Players left ZorbVille for Sampletown, and ZorbVille shrank.
//- b.txt
Players left Zorbville for Sampletown, said Zorbville's maker and Zorbville fans.
"#,
            RULE,
        );
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found.iter().all(|f| f.severity == Severity::Warning));
    }

    /// A third form other than capitals or title case makes the group a
    /// warning again.
    #[test]
    fn capitals_title_case_and_a_third_form_stay_warnings() {
        let (_, _, found) = findings(
            r#"
//- a.txt
The Zorblatt 900 MAX flew, and the Zorblatt 900 MaX too.
//- b.txt
The Zorblatt 900 Max flew, and the Zorblatt 900 Max and Zorblatt 900 Max too.
"#,
            RULE,
        );
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found.iter().all(|f| f.severity == Severity::Warning));
    }

    /// A spelling written only in a machine translation is no desk's
    /// house style: it stays a warning.
    #[test]
    fn capitals_in_a_machine_translation_stay_warnings() {
        let (_, bundle, found) = findings(
            r#"
//- a.txt
Analyst Mara Quill said the Zorblatt 900 MAX output rose 4.5%, the ministry said.
//- b.txt
Analyst Mara Quill said the Zorblatt 900 Max output rose 4,5 percent , the ministry said .
"#,
            RULE,
        );
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].severity, Severity::Warning);
        assert_eq!(bundle.cite(found[0].location), "b.txt:1");
    }

    /// Tickers far into a long line, after a lone CR line: placed by the
    /// line index, they stay typography.

    #[test]
    fn tickers_deep_in_a_long_line_are_typography() {
        let moves = "Veltra (VELTRA B DC) rose 1.2%, ".repeat(12);
        let text = format!(
            "//- a.txt\nEXAMPLETON, May 5 - markets\r{moves}and \"VELTRA\" held.\n//- b.txt\nVeltra rose in Exampleton.\n"
        );
        check_rules(&text, RULE);
    }
}
