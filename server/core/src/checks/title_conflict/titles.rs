//! The titles of `title-conflict` in an article: the chain of titles just
//! before a person's name or in an apposition just after it, with the
//! organisation they are at.

use super::roles::{roles, RoleId};
use crate::bundle::Document;
use crate::extract::{NameKind, NameMention};
use crate::shared::speakers::person;
use crate::types::Span;

/// A word or a punctuation mark of the text around a name.
#[derive(Debug, Clone, Copy)]
pub(super) struct Tok<'t> {
    pub(super) text: &'t str,
    pub(super) span: Span,
    pub(super) word: bool,
}

impl Tok<'_> {
    pub(super) fn is(&self, w: &str) -> bool {
        self.word && self.text.eq_ignore_ascii_case(w)
    }
    fn is_comma(&self) -> bool {
        !self.word && self.text == ","
    }
    fn capitalised(&self) -> bool {
        self.word && self.text.chars().next().is_some_and(char::is_uppercase)
    }
    fn possessive(&self) -> bool {
        self.word && (self.text.ends_with("'s") || self.text.ends_with("’s"))
    }
    /// Joins two titles of a chain: "and", "&", a comma.
    fn joins(&self) -> bool {
        self.is("and") || self.text == "&" || self.is_comma()
    }
}

/// Words (letters, digits and the marks inside a word: "U.S.", "co-founder",
/// "Google's") and punctuation marks, with their spans from `base`.
/// A character inside a word (see [`tokenize`]).
fn inner(c: char) -> bool {
    crate::text::is_alphanumeric(c) || matches!(c, '.' | '\'' | '’' | '-' | '&')
}

fn tokenize<'t>(text: &'t str, base: usize) -> Vec<Tok<'t>> {
    // About a token in five bytes: few texts grow the list again.
    let mut out = Vec::with_capacity(text.len() / 5 + 1);
    let mut start: Option<usize> = None;
    let push_word = |s: usize, e: usize, out: &mut Vec<Tok<'t>>| {
        // A full stop ends the word unless the word is an initial ("G.S.").
        let mut w = text.get(s..e).unwrap_or("");
        if w.ends_with('.') {
            let letters = w.chars().filter(|c| c.is_alphabetic()).count();
            if !(letters <= 3 && w.matches('.').count() >= letters) {
                w = w.trim_end_matches('.');
            }
        }
        let trimmed = w.trim_start_matches(['\'', '’', '-']);
        // What the start lost is the offset of the word in the run.
        let off = w.len() - trimmed.len();
        let w = trimmed;
        if w.is_empty() {
            return;
        }
        out.push(Tok {
            text: w,
            span: Span::new(base + s + off, base + s + off + w.len()),
            word: true,
        });
    };
    for (i, c) in text.char_indices() {
        if inner(c) {
            start.get_or_insert(i);
            continue;
        }
        if let Some(s) = start.take() {
            push_word(s, i, &mut out);
        }
        if !c.is_whitespace() {
            let e = i + c.len_utf8();
            out.push(Tok {
                text: text.get(i..e).unwrap_or(""),
                span: Span::new(base + i, base + e),
                word: false,
            });
        }
    }
    if let Some(s) = start {
        push_word(s, text.len(), &mut out);
    }
    out
}

/// One title of a person, somewhere in the bundle.
#[derive(Debug, Clone)]
pub(super) struct Title {
    pub(super) role: RoleId,
    pub(super) span: Span,
    pub(super) text: String,
}

/// One person with a chain of titles, somewhere in the bundle.
#[derive(Debug, Clone)]
pub(super) struct Titled {
    /// Where the name starts.
    pub(super) at: usize,
    /// The person as lower-case words (see [`person`]).
    pub(super) person: String,
    /// The name as written.
    pub(super) shown: String,
    pub(super) titles: Vec<Title>,
    /// The titles of the chain that a rank makes another position
    /// ("senior vice president"), rank words included: never compared
    /// across articles.
    pub(super) ranked: Vec<Title>,
    /// The organisation the titles are at, as lower-case words.
    pub(super) org: Option<Vec<String>>,
}

/// A chain of titles: the titles compared, the titles a rank makes another
/// position, and the organisation.
type Chain = (Vec<Title>, Vec<Title>, Option<Vec<String>>);

/// An organisation as lower-case words, without a possessive ending or
/// an article.
fn org_words(toks: &[Tok<'_>]) -> Option<Vec<String>> {
    let words: Vec<String> = toks
        .iter()
        .map(|t| {
            t.text
                .trim_end_matches("'s")
                .trim_end_matches("’s")
                .to_lowercase()
        })
        .filter(|w| !w.is_empty() && w != "the")
        .collect();
    (!words.is_empty()).then_some(words)
}

/// Two organisations may be one: either is unknown, or the words of one
/// are among the words of the other ("EU" and "the EU's").
pub(super) fn same_org(a: &Option<Vec<String>>, b: &Option<Vec<String>>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.iter().all(|w| b.contains(w)) || b.iter().all(|w| a.contains(w)),
        _ => true,
    }
}

/// A capitalised word that can be part of an organisation's name.
fn org_word(t: &Tok<'_>) -> bool {
    let lex = crate::lexicon::names();
    t.capitalised()
        && !lex.is_function_word(t.text)
        && !lex.is_honorific(t.text)
        && !lex.is_calendar(t.text)
}

fn title_of(doc: &Document, toks: &[Tok<'_>], role: RoleId) -> Option<Title> {
    let span = Span::new(toks.first()?.span.start, toks.last()?.span.end);
    Some(Title {
        role,
        span,
        text: doc.slice(span).to_string(),
    })
}

/// The chain of titles that ends just before the name, and its
/// organisation: "Examplecorp chief executive and chairman", "its managing
/// director,". `None` when a word makes it another time ("former").
fn chain_before(doc: &Document, toks: &[Tok<'_>]) -> Option<Chain> {
    let r = roles();
    let mut i = toks.len();
    if toks.get(i.checked_sub(1)?).is_some_and(Tok::is_comma) {
        i -= 1;
    }
    let mut titles = Vec::new();
    let mut ranked = Vec::new();
    let mut any = false;
    while let Some((k, role)) = r.title_ending(toks.get(..i)?) {
        any = true;
        let end = i;
        let here = toks.get(i - k..i)?;
        i -= k;
        let mut modified = false;
        while i > 0 && toks.get(i - 1).is_some_and(|t| r.is_rank(t)) {
            modified = true;
            i -= 1;
        }
        if modified {
            ranked.push(title_of(doc, toks.get(i..end)?, role)?);
        } else {
            titles.push(title_of(doc, here, role)?);
        }
        // "chief executive and chairman": another title before a joiner.
        let joined = i >= 2
            && toks.get(i - 1).is_some_and(Tok::joins)
            && r.title_ending(toks.get(..i - 1)?).is_some();
        if !joined {
            break;
        }
        i -= 1;
    }
    if !any {
        return None;
    }
    // The organisation: capitalised words just before ("Acme Air"), or
    // a possessive ("Examplecorp's").
    let mut o = i;
    while o > 0 && i - o < 4 && toks.get(o - 1).is_some_and(org_word) {
        o -= 1;
    }
    if o > 0 && toks.get(o - 1).is_some_and(|t| r.is_time(t)) {
        return None;
    }
    titles.reverse();
    ranked.reverse();
    Some((titles, ranked, org_words(toks.get(o..i)?)))
}

/// The chain of titles in an apposition just after the name: ", the
/// chief executive of Examplecorp", ", Examplecorp's CFO and COO,".
fn chain_after(doc: &Document, toks: &[Tok<'_>]) -> Option<Chain> {
    let r = roles();
    if !toks.first()?.is_comma() {
        return None;
    }
    let mut i = 1;
    if toks.get(i).is_some_and(|t| {
        ["the", "a", "an", "its", "their", "his", "her"]
            .iter()
            .any(|d| t.is(d))
    }) {
        i += 1;
    }
    // "Examplecorp's", "Acme Air's", "the EU's"
    let mut org = None;
    let mut j = i;
    while j < i + 4 && toks.get(j).is_some_and(org_word) {
        if toks.get(j).is_some_and(Tok::possessive) {
            org = org_words(toks.get(i..=j)?);
            i = j + 1;
            break;
        }
        j += 1;
    }
    if toks.get(i).is_some_and(|t| r.is_time(t)) {
        return None;
    }
    let mut titles = Vec::new();
    let mut ranked = Vec::new();
    let mut any = false;
    loop {
        let mut modified = false;
        let ranks = i;
        while toks.get(i).is_some_and(|t| r.is_rank(t)) {
            modified = true;
            i += 1;
        }
        let Some((k, role)) = r.title_at(toks.get(i..)?) else {
            break;
        };
        any = true;
        if modified {
            ranked.push(title_of(doc, toks.get(ranks..i + k)?, role)?);
        } else {
            titles.push(title_of(doc, toks.get(i..i + k)?, role)?);
        }
        i += k;
        // "of Examplecorp", "at Example Capital"
        if toks
            .get(i)
            .is_some_and(|t| t.is("of") || t.is("at") || t.is("for"))
        {
            let s = i + 1;
            let mut e = s;
            while e < s + 4 && toks.get(e).is_some_and(org_word) {
                e += 1;
            }
            if e > s {
                if org.is_none() {
                    org = org_words(toks.get(s..e)?);
                }
                i = e;
            }
        }
        let next_is_title = |at: usize| {
            let mut at = at;
            while toks.get(at).is_some_and(|t| r.is_rank(t)) {
                at += 1;
            }
            toks.get(at..).and_then(|t| r.title_at(t)).is_some()
        };
        if toks.get(i).is_some_and(Tok::joins) && next_is_title(i + 1) {
            i += 1;
            continue;
        }
        break;
    }
    if !any {
        return None;
    }
    // "Jane Doe, CEO Tom Reyes and ...": the title is the next name's.
    if toks.get(i).is_some_and(org_word) {
        return None;
    }
    Some((titles, ranked, org))
}

/// A name the extractor read with its title ("District Collector Jane
/// Doe"): the title, and the person as (span, lower-case words).
fn title_in_name(doc: &Document, m: &NameMention) -> Option<(Title, Span, String)> {
    if m.kind != NameKind::MultiWord || m.words.len() < 3 {
        return None;
    }
    let toks = tokenize(doc.slice(m.span), m.span.start);
    let (k, role) = roles().title_at(&toks)?;
    let title = title_of(doc, toks.get(..k)?, role)?;
    let rest: Vec<&Span> = m
        .words
        .iter()
        .filter(|w| w.start >= title.span.end)
        .collect();
    if !(2..=3).contains(&rest.len()) {
        return None;
    }
    let span = Span::new(rest.first()?.start, rest.last()?.end);
    let key = rest
        .iter()
        .map(|w| doc.slice(**w).to_lowercase())
        .collect::<Vec<_>>()
        .join(" ");
    Some((title, span, key))
}

/// The words of an article's sentences, each sentence read once: a name's
/// surroundings are a stretch of its sentence.
struct SentenceToks<'t> {
    doc: &'t Document,
    read: foldhash::HashMap<(usize, usize), Vec<Tok<'t>>>,
}

impl<'t> SentenceToks<'t> {
    /// [`tokenize`] of the text from `a` to `b`: the tokens of `sentence`
    /// between them when the stretch is in it and no word runs across
    /// either end, else the stretch read on its own.
    fn between(&mut self, sentence: Span, a: usize, b: usize) -> Vec<Tok<'t>> {
        let doc = self.doc;
        let text: &str = &doc.text;
        let cut = |i: usize| {
            i == sentence.start
                || i == sentence.end
                || !(text
                    .get(..i)
                    .and_then(|t| t.chars().next_back())
                    .is_some_and(inner)
                    && text
                        .get(i..)
                        .and_then(|t| t.chars().next())
                        .is_some_and(inner))
        };
        let inside = sentence.start <= a
            && a <= b
            && b <= sentence.end
            && text.get(sentence.start..sentence.end).is_some()
            && text.get(a..b).is_some();
        if !(inside && cut(a) && cut(b)) {
            return tokenize(doc.slice(Span::new(a, b)), a);
        }
        let toks = self
            .read
            .entry((sentence.start, sentence.end))
            .or_insert_with(|| tokenize(doc.slice(sentence), sentence.start));
        let from = toks.partition_point(|t| t.span.start < a);
        let to = toks.partition_point(|t| t.span.end <= b).max(from);
        toks.get(from..to)
            .map_or_else(Vec::new, <[Tok<'t>]>::to_vec)
    }
}

/// The titled people of one article (cached per article).
pub(super) fn titled_in(doc: &Document) -> Vec<Titled> {
    let mut out = Vec::new();
    let mut sentences = SentenceToks {
        doc,
        read: Default::default(),
    };
    for m in &doc.facts.names {
        let (span, key, inner) = match person(doc, m) {
            Some((span, key)) => (span, key, None),
            None => match title_in_name(doc, m) {
                Some((title, span, key)) => (span, key, Some(title)),
                None => continue,
            },
        };
        let sentence = doc
            .facts
            .sentence_at(span.start)
            .unwrap_or(Span::new(0, doc.text.len()));
        let before_start = sentence.start.min(span.start);
        let before = sentences.between(sentence, before_start, span.start);
        let after_sentence = doc
            .facts
            .sentence_at(m.span.end)
            .unwrap_or(Span::new(0, doc.text.len()));
        let after_end = after_sentence.end.max(m.span.end);
        let mut after = || sentences.between(after_sentence, m.span.end, after_end);
        let found = match inner {
            Some(title) => {
                // The words before the title may name the organisation.
                let before: Vec<Tok<'_>> = before
                    .into_iter()
                    .filter(|t| t.span.end <= title.span.start)
                    .collect();
                let mut o = before.len();
                while o > 0 && before.len() - o < 4 && before.get(o - 1).is_some_and(org_word) {
                    o -= 1;
                }
                Some((vec![title], Vec::new(), before.get(o..).and_then(org_words)))
            }
            None => chain_before(doc, &before).or_else(|| {
                if m.possessive {
                    None
                } else {
                    chain_after(doc, &after())
                }
            }),
        };
        let Some((titles, ranked, org)) = found else {
            continue;
        };
        if titles.is_empty() {
            continue;
        }
        out.push(Titled {
            at: m.span.start,
            person: key,
            shown: doc.slice(span).to_string(),
            titles,
            ranked,
            org,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{tokenize, SentenceToks};
    use crate::bundle::Bundle;
    use crate::fixture::check_rules;
    use crate::types::Span;

    #[test]
    fn a_stretch_of_a_sentence_reads_as_on_its_own() {
        let text = "Examplecorp's 'chief' co-founder, G.S. Vane -- and U.S.-based Zorblatt Vane's CFO... said “yes”.";
        let mut bundle = Bundle::new();
        bundle.upsert("a.txt", "a.txt", 0, text);
        let doc = bundle.documents()[0];
        let mut sentences = SentenceToks {
            doc,
            read: Default::default(),
        };
        let all = Span::new(0, text.len());
        let at: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        let show = |t: &[super::Tok<'_>]| {
            t.iter()
                .map(|t| (t.text.to_string(), t.span, t.word))
                .collect::<Vec<_>>()
        };
        for &a in &at {
            for &b in at.iter().filter(|&&b| b >= a) {
                let alone = tokenize(doc.slice(Span::new(a, b)), a);
                assert_eq!(
                    show(&sentences.between(all, a, b)),
                    show(&alone),
                    "{a}..{b}"
                );
            }
        }
    }

    const RULE: &[&str] = &["title-conflict"];

    #[test]
    fn chains_of_titles_are_read_whole() {
        check_rules(
            r#"
//- a.txt
Northwind chief executive and managing director Mara Quill spoke. Tom Reyes, Northwind's senior vice president and general counsel, agreed.
Ana Ortiz, president and chief executive of Eastwind, left.
//- b.txt
Mara Quill, Northwind's chief executive, spoke. Tom Reyes, Northwind's general counsel, agreed.
Eastwind chief executive Ana Ortiz left.
//- c.txt
Tom Reyes, Northwind's senior vice president and chief financial officer, agreed.
                                                 ^^^^^^^^^^^^^^^^^^^^^^^ title-conflict: Tom Reyes: 'chief financial officer' here; 'general counsel' in a.txt:1 (and 1 more)
"#,
            RULE,
        );
    }

    #[test]
    fn possessive_organisation_in_an_apposition() {
        check_rules(
            r#"
//- a.txt
Mara Quill, Northwind's chief executive, spoke. Tom Reyes, Eastwind's CFO, agreed.
//- b.txt
Mara Quill, Northwind's general manager, and Tom Reyes, Southwind's CEO, left.
                        ^^^^^^^^^^^^^^^ title-conflict: 'general manager' here; 'chief executive' in a.txt:1
"#,
            RULE,
        );
    }

    #[test]
    fn a_title_read_with_the_name_and_another_first_name() {
        check_rules(
            r#"
//- a.txt
Competition Commissioner Ingrid Solberg said the fine was fair. Klaus Brandt, the chairman, disagreed.
//- b.txt
Ingrid Solberg, the EU's competition commissioner, agreed. Karin Brandt, the chief financial officer, left.
//- c.txt
District Collector Ingrid Solberg spoke.
^^^^^^^^^^^^^^^^^^ title-conflict: Ingrid Solberg: 'District Collector' here; 'competition commissioner' in b.txt:1 (and 1 more)
"#,
            RULE,
        );
    }

    #[test]
    fn one_role_at_two_ranks_in_one_chain() {
        check_rules(
            r#"
//- a.txt
Tom Reyes, Northwind's senior vice general counsel and general counsel, agreed.
                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^ title-conflict: Tom Reyes: 'senior vice general counsel' and 'general counsel' in one title: one role at two ranks
Mara Quill, Northwind's senior vice president and general counsel, agreed.
Northwind deputy CFO and CFO Ana Ortiz left.
          ^^^^^^^^^^ title-conflict
Lee Park, Northwind's deputy chief executive and chief financial officer, agreed.
//- b.txt
Tom Reyes, Northwind's general counsel, agreed. Mara Quill, Northwind's general counsel, agreed.
"#,
            RULE,
        );
    }
}
