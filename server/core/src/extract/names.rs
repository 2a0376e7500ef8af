//! Name mentions: proper names (people, companies, products, models,
//! chips) found without a dictionary, from capitalisation and shape.
//!
//! Owns the word tokenizer that the name check shares, the split of runs of
//! capitalised words into names (at roles, honorifics, days and months, and
//! sentence openers from `server/data/names.toml`), legal suffixes and
//! possessives, headline-case lines, and the role written next to a
//! person's name ("analyst X", "X, managing director at Y").

use std::collections::HashMap;

pub use super::word_set::{fold, lowercase_words, word_parts};
use crate::lexicon::{self, NameLexicon, RoleId};
use crate::text::{char_at, char_before, is_alphabetic, is_alphanumeric};
use crate::types::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NameKind {
    /// Several capitalised words: "Jane Doe", "Port Example".
    MultiWord,
    /// One word: "Examplecorp", "ExampleAI", "Model7-Pro-Max".
    Word,
}

/// How the line of a mention is capitalised: in a headline every word has a
/// capital, so a capital says nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum LineCase {
    #[default]
    Normal,
    /// Headline case: most words capitalised ("Example Shares Jump As ...").
    Title,
    /// Every letter in capitals.
    Upper,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameMention {
    /// The name as written, legal suffix included, possessive ending excluded.
    pub span: Span,
    pub kind: NameKind,
    /// The mention opens its sentence (or a quotation), so the capital of
    /// its first word says nothing.
    pub sentence_start: bool,
    /// The name without a trailing legal suffix ("Acme" of "Acme Ltd."):
    /// what is compared.
    pub core: Span,
    /// The words of the core, without connectors ("of", "van"). Boxed
    /// slices, not vectors: a bundle keeps hundreds of thousands of
    /// mentions, and a slice is a word shorter than a vector.
    pub words: Box<[Span]>,
    pub line_case: LineCase,
    /// Written with "'s" or "’s" after it.
    pub possessive: bool,
    /// Its capitals are typography ([`shouted`]): a byline or a dateline
    /// in capitals, not how the name is spelt.
    pub shouted: bool,
    /// Roles written next to the name ("analyst", "ceo"), as lexicon ids.
    pub roles: Box<[RoleId]>,
}

/// The case shape of a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaseShape {
    /// No capital letter: "cloud", "e".
    Lower,
    /// A capital, then no capital: "Cloud", "Model7".
    Title,
    /// Capitals only (at least two letters): "ACME", "AB7".
    Upper,
    /// Anything else: "ExampleAI", "eWidget".
    Mixed,
}

pub fn case_shape(word: &str) -> CaseShape {
    // Counted in one pass, without collecting the letters: every name
    // word of every pass is asked.
    let (mut letters, mut upper, mut first_upper) = (0usize, 0usize, false);
    for c in word.chars().filter(|&c| is_alphabetic(c)) {
        let u = c.is_uppercase();
        if letters == 0 {
            first_upper = u;
        }
        letters += 1;
        upper += usize::from(u);
    }
    if upper == 0 {
        CaseShape::Lower
    } else if upper == letters && letters >= 2 {
        CaseShape::Upper
    } else if upper == 1 && first_upper {
        CaseShape::Title
    } else {
        CaseShape::Mixed
    }
}

/// One word of a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    /// Has a capital letter: a candidate name word.
    pub name_like: bool,
    /// First word of its sentence or of a quotation.
    pub opens: bool,
    /// Followed by "'s" or "’s".
    pub possessive: bool,
}

pub(super) fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2011}')
}

fn is_opening_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '‘' | '\'' | '«' | '„')
}

/// The words of `span`: letters and digits, joined inside a word by
/// hyphens, periods ("Example.com", "U.S."), "&" between capitals and an
/// apostrophe before a capital ("O'Example"). A period after dotted
/// initials ("U.S.") or a single capital ("J.") belongs to the word.
///
/// Reads the text in place, a character at a time by byte offset: several
/// passes tokenize every sentence of every article.
pub fn tokenize(text: &str, span: Span) -> Vec<Token> {
    // About a word in six bytes: few spans grow the list again.
    let mut out: Vec<Token> = Vec::with_capacity(span.len() / 6 + 1);
    tokenize_into(text, span, &mut out);
    out
}

/// [`tokenize`], appending to `out`: the words of many spans in one list,
/// with no list of its own for each span.
fn tokenize_into(text: &str, span: Span, out: &mut Vec<Token>) {
    scan_tokens(text, span, |t| {
        out.push(t);
        true
    });
}

/// The words of [`tokenize`], handed to `emit` one at a time until it
/// returns false: a reader that needs only the first words of a long span
/// reads no further.
fn scan_tokens(text: &str, span: Span, mut emit: impl FnMut(Token) -> bool) {
    let Some(s) = text.get(span.start..span.end) else {
        return;
    };
    let at = |p: usize| char_at(s, p);
    let mut first = true;
    let mut i = 0;
    while let Some(c) = at(i) {
        if !is_alphanumeric(c) {
            i += c.len_utf8();
            continue;
        }
        let start = i;
        let mut name_like = c.is_uppercase();
        let mut j = i + c.len_utf8();
        while let Some(c) = at(j) {
            if is_alphanumeric(c) {
                name_like |= c.is_uppercase();
                j += c.len_utf8();
                continue;
            }
            let after = j + c.len_utf8();
            let Some(d) = at(after) else { break };
            let joins = match c {
                '-' | '\u{2011}' | '.' => is_alphanumeric(d),
                '&' => d.is_uppercase() && char_before(s, j).is_some_and(char::is_uppercase),
                '\'' | '’' => d.is_uppercase(),
                _ => false,
            };
            if !joins {
                break;
            }
            name_like |= d.is_uppercase();
            j = after + d.len_utf8();
        }
        let dot = at(j) == Some('.');
        // "Example's", and "Example Ltd.’s" after an abbreviation.
        let apostrophe = if dot { j + 1 } else { j };
        let possessive = matches!(at(apostrophe), Some(q @ ('\'' | '’'))
            if matches!(at(apostrophe + q.len_utf8()), Some('s' | 'S'))
                && !at(apostrophe + q.len_utf8() + 1).is_some_and(is_alphanumeric));
        // Dotted initials: every part between periods one capital.
        let initials = || {
            s[start..j].split('.').all(|part| {
                let mut cs = part.chars();
                matches!((cs.next(), cs.next()), (Some(c), None) if c.is_uppercase())
            })
        };
        let end = if dot && initials() { j + 1 } else { j };
        let opens = first
            || char_before(s, start).is_some_and(|q| {
                is_opening_quote(q)
                    && !char_before(s, start - q.len_utf8()).is_some_and(is_alphanumeric)
            });
        first = false;
        let go_on = emit(Token {
            span: Span::new(span.start + start, span.start + end),
            name_like,
            opens,
            possessive,
        });
        if !go_on {
            return;
        }
        i = end;
    }
}

/// The most words a headline or a line in capitals has ([`line_case`]).
const LINE_WORDS: usize = 30;

/// The case of a line: headline case, all capitals, or running text.
pub fn line_case(text: &str, line: Span) -> LineCase {
    let lex = lexicon::names();
    // A line of more than LINE_WORDS words is running text: its words
    // are read no further than one past that.
    let mut words: Vec<&str> = Vec::new();
    scan_tokens(text, line, |t| {
        if let Some(w) = text.get(t.span.start..t.span.end) {
            if w.chars().any(is_alphabetic) {
                words.push(w);
            }
        }
        words.len() <= LINE_WORDS
    });
    if words.len() < 3 || words.len() > LINE_WORDS {
        return LineCase::Normal;
    }
    if words.iter().all(|w| !w.chars().any(char::is_lowercase))
        && words
            .iter()
            .filter(|w| w.chars().filter(|&c| is_alphabetic(c)).count() >= 2)
            .count()
            >= 2
    {
        return LineCase::Upper;
    }
    // Small words ("of", "in", "the") stay lower case in headlines.
    let counted: Vec<&&str> = words
        .iter()
        .filter(|w| {
            !(case_shape(w) == CaseShape::Lower && (lex.is_function_word(w) || lex.is_connector(w)))
        })
        .collect();
    let capitalised = counted
        .iter()
        .filter(|w| {
            w.chars()
                .find(|&c| is_alphabetic(c))
                .is_some_and(char::is_uppercase)
        })
        .count();
    // Every significant word capitalised; one exception in a long line.
    let allowed = usize::from(counted.len() >= 8);
    if counted.len() >= 3 && capitalised + allowed >= counted.len() {
        LineCase::Title
    } else {
        LineCase::Normal
    }
}

/// Where a mention's roles came from, for passing them along a list
/// ("analysts A and B" / "A and B, analysts").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RoleSource {
    None,
    Before,
    After,
}

/// Finds the name mentions of a text.
pub fn extract_names(text: &str, sentences: &[Span]) -> Vec<NameMention> {
    extract_names_and_tokens(text, sentences, &mut Vec::new())
}

/// [`extract_names`], with the words of every sentence ([`tokenize`])
/// appended to `tokens` in text order: the words of the whole text, for
/// the lower-case words ([`super::word_set::lowercase_words_of`]) without
/// reading the text again (sentences cover every word, and no word runs
/// across a sentence's end).
pub fn extract_names_and_tokens(
    text: &str,
    sentences: &[Span],
    tokens: &mut Vec<Token>,
) -> Vec<NameMention> {
    let lex = lexicon::names();
    let mut line_cases: HashMap<usize, LineCase> = HashMap::new();
    let mut out = Vec::new();
    // Sentences come in order: the line start is carried forward, so a
    // long line is not searched back to its start for every sentence.
    let (mut line_start, mut scanned) = (0, 0);
    for &s in sentences {
        match text.get(scanned..s.start) {
            Some(gap) => {
                if let Some(i) = gap.rfind(['\n', '\r']) {
                    line_start = scanned + i + 1;
                }
            }
            None => line_start = text[..s.start].rfind(['\n', '\r']).map_or(0, |i| i + 1),
        }
        scanned = s.start;
        let case = *line_cases.entry(line_start).or_insert_with(|| {
            let line_end = text[line_start..]
                .find(['\n', '\r'])
                .map_or(text.len(), |i| line_start + i);
            line_case(text, Span::new(line_start, line_end))
        });
        let from = tokens.len();
        tokenize_into(text, s, tokens);
        out.extend(sentence_names(lex, text, &tokens[from..], case));
    }
    for m in &mut out {
        m.shouted = super::shouted::shouted(text, m);
    }
    // In order of their start, which lookups by span rely on.
    out.sort_by_key(|m: &NameMention| m.span.start);
    out
}

/// True when only spaces separate `a` from `b`.
fn joined(text: &str, a: Span, b: Span) -> bool {
    text.get(a.end..b.start)
        .is_some_and(|g| !g.is_empty() && g.chars().all(|c| matches!(c, ' ' | '\t' | '\u{a0}')))
}

fn sentence_names(
    lex: &NameLexicon,
    text: &str,
    toks: &[Token],
    case: LineCase,
) -> Vec<NameMention> {
    let word = |k: usize| toks.get(k).map_or("", |t| &text[t.span.start..t.span.end]);
    let is_connector = |k: usize| !toks[k].name_like && lex.is_connector(word(k));
    let mut found: Vec<(NameMention, RoleSource)> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if !toks[i].name_like {
            i += 1;
            continue;
        }
        // A run: capitalised words separated by spaces, with connectors
        // between two of them.
        let mut run = vec![i];
        let mut last = i;
        while !toks[last].possessive {
            let mut k = last + 1;
            while k < toks.len() && is_connector(k) && joined(text, toks[k - 1].span, toks[k].span)
            {
                k += 1;
            }
            if k < toks.len() && toks[k].name_like && joined(text, toks[k - 1].span, toks[k].span) {
                run.extend(last + 1..=k);
                last = k;
            } else {
                break;
            }
        }
        for (segment, roles) in split_run(lex, toks, &run, case, &word) {
            if let Some(m) = mention_of(lex, text, toks, &segment, case, roles) {
                found.push(m);
            }
        }
        i = last + 1;
    }
    for (m, source) in &mut found {
        if *source != RoleSource::None {
            continue;
        }
        if let Some(roles) = role_before(lex, text, toks, m.span) {
            m.roles = roles.into();
            *source = RoleSource::Before;
        } else if let Some(roles) = role_after(lex, text, toks, m) {
            m.roles = roles.into();
            *source = RoleSource::After;
        }
    }
    // Lists share a role: "analysts A and B", "A, B and C, analysts".
    let listed = |a: &NameMention, b: &NameMention| {
        let gap = text.get(a.span.end..b.span.start).unwrap_or("").trim();
        matches!(gap, "and" | "," | ", and" | "&" | "or")
    };
    for k in 1..found.len() {
        let (before, after) = found.split_at_mut(k);
        let (a, b) = (&before[k - 1], &mut after[0]);
        if a.1 == RoleSource::Before && b.1 == RoleSource::None && listed(&a.0, &b.0) {
            b.0.roles = a.0.roles.clone();
            b.1 = RoleSource::Before;
        }
    }
    for k in (1..found.len()).rev() {
        let (before, after) = found.split_at_mut(k);
        let (a, b) = (&mut before[k - 1], &after[0]);
        if b.1 == RoleSource::After && a.1 == RoleSource::None && listed(&a.0, &b.0) {
            a.0.roles = b.0.roles.clone();
            a.1 = RoleSource::After;
        }
    }
    found.into_iter().map(|(m, _)| m).collect()
}

/// Splits a run of capitalised words at roles, honorifics, days and months
/// and sentence openers. Each segment comes with the roles written just
/// before it inside the run ("Examplecorp CEO Jane Doe").
fn split_run<'w>(
    lex: &NameLexicon,
    toks: &[Token],
    run: &[usize],
    case: LineCase,
    word: &impl Fn(usize) -> &'w str,
) -> Vec<(Vec<usize>, Option<Vec<RoleId>>)> {
    let mut segments = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    let mut pending: Option<Vec<RoleId>> = None;
    let mut close = |current: &mut Vec<usize>, pending: &mut Option<Vec<RoleId>>| {
        if !current.is_empty() {
            segments.push((std::mem::take(current), pending.take()));
        }
    };
    let words: Vec<&str> = run.iter().map(|&k| word(k)).collect();
    let mut p = 0;
    while p < run.len() {
        let k = run[p];
        let w = words[p];
        if !toks[k].name_like {
            current.push(k);
            p += 1;
            continue;
        }
        // "Analysts Jane Doe" opening a sentence; inside a run a plural is
        // a name ("Example Fund Managers").
        let plural = p == 0 && toks[k].opens;
        if let Some((n, roles)) = lex.role_at(&words[p..], plural) {
            close(&mut current, &mut pending);
            pending = Some(roles.to_vec());
            p += n;
            continue;
        }
        let opener = case == LineCase::Title || (p == 0 && toks[k].opens);
        // At a sentence start, "Shares of Example": the first word is a
        // common word whose capital comes from its place; a particle of a
        // surname ("Pieter de Vries") keeps the run a name.
        let opening_common = p == 0
            && toks[k].opens
            && run
                .get(1)
                .is_some_and(|&n| !toks[n].name_like && !lex.is_surname_particle(word(n)));
        if lex.is_honorific(w)
            || lex.is_calendar(w)
            || (opener && lex.is_function_word(w))
            || opening_common
        {
            close(&mut current, &mut pending);
            p += 1;
            continue;
        }
        current.push(k);
        p += 1;
    }
    close(&mut current, &mut pending);
    segments
}

/// The most capitalised words a name has ("Abu Dhabi Investment
/// Authority", "Taiwan Example Manufacturing Company Ltd"); a segment of a
/// run with more is no name.
pub const MAX_NAME_WORDS: usize = 6;

/// The mention of one segment of a run, or `None` when nothing of a name
/// is left (a lone legal suffix or initial) or it has more than
/// [`MAX_NAME_WORDS`] capitalised words.
fn mention_of(
    lex: &NameLexicon,
    text: &str,
    toks: &[Token],
    segment: &[usize],
    case: LineCase,
    roles: Option<Vec<RoleId>>,
) -> Option<(NameMention, RoleSource)> {
    let word = |k: usize| &text[toks[k].span.start..toks[k].span.end];
    // A long run of capitalised words is a headline, a list or noise, not
    // one name; a bound also keeps every later step on a name short.
    if segment.iter().filter(|&&k| toks[k].name_like).count() > MAX_NAME_WORDS {
        return None;
    }
    // Connectors only join: none at either end.
    let from = segment.iter().position(|&k| toks[k].name_like)?;
    let to = segment.iter().rposition(|&k| toks[k].name_like)?;
    let seg: &[usize] = segment.get(from..=to)?;
    let (&first, &last) = (seg.first()?, seg.last()?);
    let mut core_end = seg.len();
    while core_end > 1 && {
        let k = seg[core_end - 1];
        lex.is_legal_suffix(word(k)) || !toks[k].name_like
    } {
        core_end -= 1;
    }
    let core_words: Vec<Span> = seg[..core_end]
        .iter()
        .filter(|&&k| toks[k].name_like)
        .map(|&k| toks[k].span)
        .collect();
    let (&core_first, &core_last) = (core_words.first()?, core_words.last()?);
    let alnum: usize = core_words
        .iter()
        .map(|w| {
            text[w.start..w.end]
                .chars()
                .filter(|&c| is_alphanumeric(c))
                .count()
        })
        .sum();
    if alnum < 2 || (core_words.len() == 1 && lex.is_legal_suffix(word(first))) {
        return None;
    }
    let source = if roles.is_some() {
        RoleSource::Before
    } else {
        RoleSource::None
    };
    Some((
        NameMention {
            span: Span::new(toks[first].span.start, toks[last].span.end),
            kind: if core_words.len() > 1 {
                NameKind::MultiWord
            } else {
                NameKind::Word
            },
            sentence_start: toks[first].opens,
            core: Span::new(core_first.start, core_last.end),
            words: core_words.into(),
            line_case: case,
            possessive: toks[last].possessive,
            // Read once the mention is whole ([`extract_names_and_tokens`]).
            shouted: false,
            roles: roles.unwrap_or_default().into(),
        },
        source,
    ))
}

/// A role written just before a name, in lower case: "analyst Jane Doe",
/// "managing director Jane Doe".
fn role_before(lex: &NameLexicon, text: &str, toks: &[Token], name: Span) -> Option<Vec<RoleId>> {
    // Tokens are in text order: a binary search, not a scan per name.
    let first = toks.partition_point(|t| t.span.start < name.start);
    if toks.get(first)?.span.start != name.start {
        return None;
    }
    let mut words: Vec<&str> = Vec::new();
    let mut k = first;
    while k > 0 && words.len() < 4 && joined(text, toks[k - 1].span, toks[k].span) {
        k -= 1;
        if toks[k].possessive {
            break;
        }
        words.insert(0, &text[toks[k].span.start..toks[k].span.end]);
    }
    (1..=words.len()).rev().find_map(|n| {
        let tail = &words[words.len() - n..];
        match lex.role_at(tail, true) {
            Some((m, roles)) if m == n => Some(roles.to_vec()),
            _ => None,
        }
    })
}

/// A role in an apposition after a name: "Jane Doe, an analyst at ...",
/// "Jane Doe, analysts".
fn role_after(
    lex: &NameLexicon,
    text: &str,
    toks: &[Token],
    m: &NameMention,
) -> Option<Vec<RoleId>> {
    if m.possessive {
        return None;
    }
    let next = toks.partition_point(|t| t.span.start < m.span.end);
    toks.get(next)?;
    let gap = text.get(m.span.end..toks[next].span.start)?;
    if gap.trim() != "," {
        return None;
    }
    let mut words: Vec<&str> = vec![&text[toks[next].span.start..toks[next].span.end]];
    let mut k = next;
    while k + 1 < toks.len() && words.len() < 6 && joined(text, toks[k].span, toks[k + 1].span) {
        k += 1;
        words.push(&text[toks[k].span.start..toks[k].span.end]);
    }
    (0..words.len()).find_map(|p| lex.role_at(&words[p..], true).map(|(_, r)| r.to_vec()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_shapes_and_long_lines() {
        let shapes = ["ÉLAN", "Élan7", "eÉ", "7", "X", "AB7", "ÉlAN"].map(case_shape);
        use CaseShape::*;
        assert_eq!(shapes, [Upper, Title, Mixed, Lower, Title, Upper, Mixed]);
        // A headline's words are read; a paragraph of more is running text.
        let head = "Examplecorp Shares Jump After Zorblatt Vane Deal";
        assert_eq!(line_case(head, Span::new(0, head.len())), LineCase::Title);
        let long = "Word ".repeat(LINE_WORDS + 1);
        assert_eq!(line_case(&long, Span::new(0, long.len())), LineCase::Normal);
    }
    use crate::text::sentences;

    fn names(text: &str) -> Vec<String> {
        extract_names(text, &sentences(text))
            .iter()
            .map(|m| text[m.span.start..m.span.end].to_string())
            .collect()
    }

    fn mention<'a>(text: &str, ms: &'a [NameMention], name: &str) -> &'a NameMention {
        ms.iter()
            .find(|m| &text[m.span.start..m.span.end] == name)
            .unwrap_or_else(|| panic!("no mention {name}"))
    }

    fn role_names(m: &NameMention) -> Vec<&'static str> {
        let lex = lexicon::names();
        m.roles.iter().map(|&r| lex.role_name(r)).collect()
    }

    #[test]
    fn runs_split_at_roles_titles_and_openers() {
        assert_eq!(
            names("Examplecorp CEO Jane Doe said on Monday that Mr. Smith agreed."),
            ["Examplecorp", "Jane Doe", "Smith"]
        );
        assert_eq!(
            names("The Daily Example reported that U.S. President Joe Sample spoke."),
            ["Daily Example", "U.S.", "Joe Sample"]
        );
        assert_eq!(
            names("In Port Example, Bank of Samples rose."),
            ["Port Example", "Bank of Samples"]
        );
    }

    #[test]
    fn a_sentence_adverb_opening_a_sentence_is_no_part_of_a_name() {
        assert_eq!(
            names("Zorblatt Vane spoke. Later Zorblatt Vane left. Earlier Examplecorp fell."),
            ["Zorblatt Vane", "Zorblatt Vane", "Examplecorp"]
        );
    }

    #[test]
    fn a_long_run_of_capitalised_words_is_no_name() {
        // Six words can be a name; seven are not.
        assert_eq!(
            names("He met Abu Dhabi Example Investment Fund Authority there."),
            ["Abu Dhabi Example Investment Fund Authority"]
        );
        assert_eq!(
            names("He met Abu Dhabi Example Investment Fund Holding Authority there."),
            Vec::<String>::new()
        );
        // 64 KB of "Dana Whitlok Dana Whitlock ...": no giant mention.
        let words = ["Dana", "Whitlok", "Dana", "Whitlock"];
        let text: String = (0..13_000)
            .map(|k| words[k % words.len()])
            .collect::<Vec<_>>()
            .join(" ");
        assert!(text.len() > 64_000);
        let found = extract_names(&text, &sentences(&text));
        assert!(
            found.iter().all(|m| m.words.len() <= MAX_NAME_WORDS),
            "{:?}",
            found.iter().map(|m| m.words.len()).max()
        );
        let named: usize = found.iter().map(|m| m.span.len()).sum();
        assert!(named <= text.len(), "{named}");
    }

    #[test]
    fn compounds_intercaps_and_digits_are_words() {
        assert_eq!(
            names("It beat the Model7-Pro-Max and ExampleAI chips, the X900 and eWidget."),
            ["Model7-Pro-Max", "ExampleAI", "X900", "eWidget"]
        );
    }

    #[test]
    fn possessives_and_legal_suffixes() {
        let text = "Acme Widgets Ltd.’s shares and Samplecorp's results.";
        let ms = extract_names(text, &sentences(text));
        let acme = mention(text, &ms, "Acme Widgets Ltd");
        assert!(acme.possessive);
        assert_eq!(&text[acme.core.start..acme.core.end], "Acme Widgets");
        let s = mention(text, &ms, "Samplecorp");
        assert!(s.possessive);
        assert_eq!(s.kind, NameKind::Word);
    }

    #[test]
    fn sentence_and_quote_starts() {
        let text = "Examplecorp rose. Shares of Examplecorp fell, said “Widget Bot” fans.";
        let ms = extract_names(text, &sentences(text));
        assert!(ms[0].sentence_start);
        let mid = ms
            .iter()
            .find(|m| m.span.start > 20 && &text[m.span.start..m.span.end] == "Examplecorp");
        assert!(mid.is_some_and(|m| !m.sentence_start));
        assert!(mention(text, &ms, "Widget Bot").sentence_start);
    }

    #[test]
    fn headline_lines() {
        let title = "Examplecorp Stock Pops 6% In Port Example As Chips Rival Others";
        assert_eq!(line_case(title, Span::new(0, title.len())), LineCase::Title);
        let upper = "EXAMPLECORP SHARES SOAR";
        assert_eq!(line_case(upper, Span::new(0, upper.len())), LineCase::Upper);
        let prose = "What the analysts are saying about Examplecorp";
        assert_eq!(
            line_case(prose, Span::new(0, prose.len())),
            LineCase::Normal
        );
        // Headline words such as "In" and "As" are not part of names.
        assert_eq!(
            names(title),
            [
                "Examplecorp Stock Pops",
                "Port Example",
                "Chips Rival Others"
            ]
        );
    }

    #[test]
    fn roles_before_after_and_in_lists() {
        let text = "Analysts said so, warned Example analysts Jane Doe and John Roe. \
                    Said Mary Major, a managing director at Sample Fund. \
                    – Ann Kay and Bo Lind, analysts";
        let ms = extract_names(text, &sentences(text));
        assert_eq!(role_names(mention(text, &ms, "Jane Doe")), ["analyst"]);
        assert_eq!(role_names(mention(text, &ms, "John Roe")), ["analyst"]);
        assert_eq!(role_names(mention(text, &ms, "Mary Major")), ["director"]);
        assert_eq!(role_names(mention(text, &ms, "Bo Lind")), ["analyst"]);
        assert_eq!(role_names(mention(text, &ms, "Ann Kay")), ["analyst"]);
        assert!(mention(text, &ms, "Sample Fund").roles.is_empty());
    }

    #[test]
    fn case_shapes() {
        assert_eq!(case_shape("cloud"), CaseShape::Lower);
        assert_eq!(case_shape("Model7"), CaseShape::Title);
        assert_eq!(case_shape("ACME"), CaseShape::Upper);
        assert_eq!(case_shape("ExampleAI"), CaseShape::Mixed);
        assert_eq!(case_shape("eWidget"), CaseShape::Mixed);
    }

    #[test]
    fn tokens_keep_dotted_initials_and_parts() {
        let text = "U.S. and Example.com and O'Sample and AT&T";
        let toks: Vec<&str> = tokenize(text, Span::new(0, text.len()))
            .iter()
            .map(|t| &text[t.span.start..t.span.end])
            .collect();
        assert_eq!(
            toks,
            [
                "U.S.",
                "and",
                "Example.com",
                "and",
                "O'Sample",
                "and",
                "AT&T"
            ]
        );
        let w = "Model-7-Max";
        let parts: Vec<&str> = word_parts(w, Span::new(0, w.len()))
            .map(|p| &w[p.start..p.end])
            .collect();
        assert_eq!(parts, ["Model", "7", "Max"]);
    }

    #[test]
    fn token_flags_across_accents_quotes_and_possessives() {
        // (word, name-like, opens, possessive) of every token.
        let text = "é-Zorb «Vañe» said Ltd.’s J. Ørsted's x&Y A&B “quoted” a'B";
        let toks: Vec<(&str, bool, bool, bool)> = tokenize(text, Span::new(0, text.len()))
            .iter()
            .map(|t| {
                (
                    &text[t.span.start..t.span.end],
                    t.name_like,
                    t.opens,
                    t.possessive,
                )
            })
            .collect();
        assert_eq!(
            toks,
            [
                ("é-Zorb", true, true, false),
                ("Vañe", true, true, false),
                ("said", false, false, false),
                ("Ltd", true, false, true),
                ("s", false, false, false),
                ("J.", true, false, false),
                ("Ørsted", true, false, true),
                ("s", false, false, false),
                ("x", false, false, false),
                ("Y", true, false, false),
                ("A&B", true, false, false),
                ("quoted", false, true, false),
                ("a'B", true, false, false),
            ]
        );
        // A span inside the text: offsets are the text's, and the first
        // word opens.
        let from = text.find("said").expect("in the text");
        let toks = tokenize(text, Span::new(from, from + "said Ltd".len()));
        assert_eq!(toks.len(), 2);
        assert_eq!(toks[0].span, Span::new(from, from + 4));
        assert!(toks[0].opens && !toks[1].opens && !toks[1].possessive);
        // Not on a character boundary: no words.
        assert!(tokenize(text, Span::new(1, 3)).is_empty());
    }

    #[test]
    fn a_surname_particle_at_a_sentence_start_keeps_the_name() {
        assert_eq!(
            names("Pieter de Vries, the chief executive, said so."),
            ["Pieter de Vries"]
        );
        assert_eq!(names("Shares of Examplecorp fell."), ["Examplecorp"]);
    }
}
