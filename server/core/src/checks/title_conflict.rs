//! The `title-conflict` check: one person given two job titles that one
//! person does not hold together ("Examplecorp CEO Jane Doe" here, "Jane
//! Doe, the general manager of Examplecorp" there). Owns reading the titles
//! next to a person's name and comparing them as roles.
//!
//! Titles are roles, from `server/data/roles.toml` (embedded, parsed
//! once): each role in its spellings ("chief executive", "CEO"), its
//! domain, the roles one person often holds with it ("chief executive" and
//! "chairman"), the broader role it is a kind of ("finance minister" is a
//! "minister"), and the words that make a title another position
//! ("deputy", "vice") or another time ("former").
//!
//! A chain of titles counts when it stands just before the name
//! ("Examplecorp chief executive and chairman Jane Doe", "its managing
//! director, Jane Doe") or in an apposition just after it ("Jane Doe,
//! Examplecorp's CFO", "Jane Doe, the CEO of Examplecorp"). A person is a
//! surname and a first name; an initial is the one first name of that
//! surname it can stand for ("J. Doe" is Jane Doe unless there is also a
//! John Doe).
//!
//! Two roles of one person conflict when they share a domain, are not held
//! together, no article gives both, and the organisations agree (one
//! person may hold two posts at two organisations). The role more
//! articles give is the reference (on a tie, the one given first); each
//! article that gives the other is reported once, naming the person and
//! both titles. A role writers use loosely ("analyst") is never compared.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::OnceLock;

use serde::Deserialize;

use crate::bundle::{Bundle, Document};
use crate::checks::quote_mismatch::person;
use crate::checks::{Check, CheckContext, Scope};
use crate::extract::{NameKind, NameMention};
use crate::memo::{Grouping, Member};
use crate::types::{Edit, Finding, Fix, Location, Related, RuleInfo, Severity, Span};

const ROLES_TOML: &str = include_str!("../../../data/roles.toml");

pub struct TitleConflict;

static INFO: RuleInfo = RuleInfo {
    id: "title-conflict",
    default_severity: Severity::Warning,
    summary: "A person's job titles across the bundle are roles one person does not hold together.",
    flags: &[
        "'Examplecorp CEO Jane Doe' here and 'Jane Doe, the general manager of Examplecorp' there",
        "'police commissioner Jane Doe' here and 'district collector Jane Doe' there",
    ],
    passes: &[
        "'chairman Jane Doe' and 'CEO Jane Doe': titles often held together",
        "'former CFO Jane Doe' and 'CEO Jane Doe': another time",
        "'deputy general manager Jane Doe' and 'CEO Jane Doe': another position",
        "'Jane Doe, CEO of Examplecorp' and 'Jane Doe, CFO of Northwind': two organisations",
    ],
};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRoles {
    #[serde(default)]
    role: Vec<RawRole>,
    #[serde(default)]
    modifiers: RawModifiers,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRole {
    name: String,
    domain: String,
    titles: Vec<String>,
    #[serde(default)]
    compatible: Vec<String>,
    #[serde(default)]
    broader: Vec<String>,
    #[serde(default)]
    loose: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawModifiers {
    #[serde(default)]
    time: Vec<String>,
    #[serde(default)]
    rank: Vec<String>,
}

type RoleId = usize;

struct Role {
    domain: String,
    loose: bool,
}

struct Roles {
    roles: Vec<Role>,
    /// Lower-case words of a title → (role, the title as listed when it
    /// is an abbreviation, which matches only in these capitals).
    phrases: HashMap<Vec<String>, (RoleId, Option<String>)>,
    longest: usize,
    /// Pairs of roles one person holds together (both orders).
    together: HashSet<(RoleId, RoleId)>,
    time: HashSet<String>,
    rank: HashSet<String>,
}

fn is_abbreviation(title: &str) -> bool {
    title.chars().count() >= 2 && title.chars().all(|c| c.is_ascii_uppercase())
}

fn roles() -> &'static Roles {
    static ROLES: OnceLock<Roles> = OnceLock::new();
    ROLES.get_or_init(|| {
        let raw = toml::from_str::<RawRoles>(ROLES_TOML).unwrap_or_else(|e| {
            tracing::error!("server/data/roles.toml does not parse: {e}");
            RawRoles::default()
        });
        let mut by_name: HashMap<String, RoleId> = HashMap::new();
        let mut out = Roles {
            roles: Vec::new(),
            phrases: HashMap::new(),
            longest: 0,
            together: HashSet::new(),
            time: raw
                .modifiers
                .time
                .iter()
                .map(|w| w.to_lowercase())
                .collect(),
            rank: raw
                .modifiers
                .rank
                .iter()
                .map(|w| w.to_lowercase())
                .collect(),
        };
        for (id, r) in raw.role.iter().enumerate() {
            by_name.insert(r.name.to_lowercase(), id);
            out.roles.push(Role {
                domain: r.domain.clone(),
                loose: r.loose,
            });
            for t in &r.titles {
                let words: Vec<String> = t.split_whitespace().map(str::to_lowercase).collect();
                out.longest = out.longest.max(words.len());
                let abbr = is_abbreviation(t).then(|| t.clone());
                out.phrases.insert(words, (id, abbr));
            }
        }
        for (id, r) in raw.role.iter().enumerate() {
            for other in r.compatible.iter().chain(&r.broader) {
                match by_name.get(&other.to_lowercase()) {
                    Some(&o) => {
                        out.together.insert((id, o));
                        out.together.insert((o, id));
                    }
                    None => tracing::error!("roles.toml: '{}' names no role", other),
                }
            }
        }
        out
    })
}

impl Roles {
    /// Two roles one person does not hold together. A role writers use
    /// loosely ("analyst" for an economist) conflicts with none: a check
    /// reports at one severity, and such a pair is too weak for a warning.
    fn conflict(&self, a: RoleId, b: RoleId) -> bool {
        let (Some(ra), Some(rb)) = (self.roles.get(a), self.roles.get(b)) else {
            return false;
        };
        a != b
            && ra.domain == rb.domain
            && !ra.loose
            && !rb.loose
            && !self.together.contains(&(a, b))
    }

    /// The title made of the first `k` words of `toks`, longest first.
    fn title_at(&self, toks: &[Tok<'_>]) -> Option<(usize, RoleId)> {
        (1..=self.longest.min(toks.len())).rev().find_map(|k| {
            let words = toks.get(..k)?;
            if !words.iter().all(|t| t.word) {
                return None;
            }
            let key: Vec<String> = words.iter().map(|t| t.text.to_lowercase()).collect();
            let (role, abbr) = self.phrases.get(&key)?;
            match abbr {
                Some(a) if k == 1 && words.first()?.text != a => None,
                _ => Some((k, *role)),
            }
        })
    }

    /// The title made of the last words of `toks`, longest first.
    fn title_ending(&self, toks: &[Tok<'_>]) -> Option<(usize, RoleId)> {
        (1..=self.longest.min(toks.len())).rev().find_map(|k| {
            match self.title_at(toks.get(toks.len() - k..)?) {
                Some((n, role)) if n == k => Some((k, role)),
                _ => None,
            }
        })
    }

    fn is_rank(&self, t: &Tok<'_>) -> bool {
        t.word && {
            let w = t.text.to_lowercase();
            self.rank.contains(&w) || w.ends_with("-elect")
        }
    }

    fn is_time(&self, t: &Tok<'_>) -> bool {
        t.word && self.time.contains(&t.text.to_lowercase())
    }
}

/// A word or a punctuation mark of the text around a name.
#[derive(Debug, Clone, Copy)]
struct Tok<'t> {
    text: &'t str,
    span: Span,
    word: bool,
}

impl Tok<'_> {
    fn is(&self, w: &str) -> bool {
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
fn tokenize<'t>(text: &'t str, base: usize) -> Vec<Tok<'t>> {
    let inner = |c: char| c.is_alphanumeric() || matches!(c, '.' | '\'' | '’' | '-' | '&');
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let push_word = |s: usize, e: usize, out: &mut Vec<Tok<'t>>| {
        // A full stop ends the word unless the word is an initial ("G.S.").
        let mut w = text.get(s..e).unwrap_or("");
        let letters = w.chars().filter(|c| c.is_alphabetic()).count();
        if w.ends_with('.') && !(letters <= 3 && w.matches('.').count() >= letters) {
            w = w.trim_end_matches('.');
        }
        let w = w.trim_start_matches(['\'', '’', '-']);
        if w.is_empty() {
            return;
        }
        let off = text.get(s..e).and_then(|x| x.find(w)).unwrap_or(0);
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
struct Title {
    role: RoleId,
    span: Span,
    text: String,
}

/// One person with a chain of titles, somewhere in the bundle.
#[derive(Debug, Clone)]
struct Titled {
    /// Where the name starts.
    at: usize,
    /// The person as lower-case words (see [`person`]).
    person: String,
    /// The name as written.
    shown: String,
    titles: Vec<Title>,
    /// The organisation the titles are at, as lower-case words.
    org: Option<Vec<String>>,
}

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
fn same_org(a: &Option<Vec<String>>, b: &Option<Vec<String>>) -> bool {
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
fn chain_before(doc: &Document, toks: &[Tok<'_>]) -> Option<(Vec<Title>, Option<Vec<String>>)> {
    let r = roles();
    let mut i = toks.len();
    if toks.get(i.checked_sub(1)?).is_some_and(Tok::is_comma) {
        i -= 1;
    }
    let mut titles = Vec::new();
    let mut any = false;
    while let Some((k, role)) = r.title_ending(toks.get(..i)?) {
        any = true;
        let here = toks.get(i - k..i)?;
        i -= k;
        let mut modified = false;
        while i > 0 && toks.get(i - 1).is_some_and(|t| r.is_rank(t)) {
            modified = true;
            i -= 1;
        }
        if !modified {
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
    Some((titles, org_words(toks.get(o..i)?)))
}

/// The chain of titles in an apposition just after the name: ", the
/// chief executive of Examplecorp", ", Examplecorp's CFO and COO,".
fn chain_after(doc: &Document, toks: &[Tok<'_>]) -> Option<(Vec<Title>, Option<Vec<String>>)> {
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
    let mut any = false;
    loop {
        let mut modified = false;
        while toks.get(i).is_some_and(|t| r.is_rank(t)) {
            modified = true;
            i += 1;
        }
        let Some((k, role)) = r.title_at(toks.get(i..)?) else {
            break;
        };
        any = true;
        if !modified {
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
    Some((titles, org))
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

/// The titled people of one article (cached per article).
fn titled_in(doc: &Document) -> Vec<Titled> {
    let mut out = Vec::new();
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
        let before = tokenize(doc.slice(Span::new(before_start, span.start)), before_start);
        let after_end = doc
            .facts
            .sentence_at(m.span.end)
            .map_or(doc.text.len(), |s| s.end)
            .max(m.span.end);
        let after = tokenize(doc.slice(Span::new(m.span.end, after_end)), m.span.end);
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
                Some((vec![title], before.get(o..).and_then(org_words)))
            }
            None => chain_before(doc, &before).or_else(|| {
                if m.possessive {
                    None
                } else {
                    chain_after(doc, &after)
                }
            }),
        };
        let Some((titles, org)) = found else {
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
            org,
        });
    }
    out
}

/// The first name of a person key, and whether it is an initial ("j.",
/// "g.s.", "s").
fn first_name(person: &str) -> (&str, bool) {
    let first = person.split(' ').next().unwrap_or(person);
    let letters = first.chars().filter(|c| c.is_alphabetic()).count();
    (first, letters == 1 || (letters <= 3 && first.contains('.')))
}

/// Two mentions are the same person only if they have the same surname
/// and first initial: the group key.
fn person_key(person: &str) -> (Option<char>, &str) {
    (
        person.chars().next(),
        person.rsplit(' ').next().unwrap_or(person),
    )
}

impl Check for TitleConflict {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn scope(&self) -> Scope {
        Scope::Bundle
    }

    fn run(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let docs = cx.documents();
        let titled = cx.memo.per_document("title-conflict", docs, titled_in);
        let items: Vec<&[Titled]> = titled.iter().map(|v| v.as_slice()).collect();
        let people = People { bundle: cx.bundle };
        for found in cx
            .memo
            .grouped("title-conflict/people", &people, docs, &items)
        {
            out.extend(found.iter().cloned());
        }
    }
}

/// The people are the classes of [`person_key`]: no mention is compared
/// with every other, and an edit re-reads only the people it names.
struct People<'a> {
    bundle: &'a Bundle,
}

/// One title of one mention: (member, title index).
type Use = (usize, usize);

impl People<'_> {
    /// The findings for one person's mentions.
    fn person(&self, group: &[&Member<'_, Titled>], out: &mut Vec<Finding>) {
        let r = roles();
        // Each role: the articles that give it and its uses in order.
        let mut by_role: BTreeMap<RoleId, (BTreeSet<usize>, Vec<Use>)> = BTreeMap::new();
        for (mi, m) in group.iter().enumerate() {
            for (ti, t) in m.item.titles.iter().enumerate() {
                let e = by_role.entry(t.role).or_default();
                e.0.insert(m.pos);
                e.1.push((mi, ti));
            }
        }
        let uses = |role: RoleId| by_role.get(&role).map_or(&[][..], |e| e.1.as_slice());
        let docs = |role: RoleId| by_role.get(&role).map_or(0, |e| e.0.len());
        let first = |role: RoleId| uses(role).first().map_or(usize::MAX, |&(mi, _)| mi);
        // Roles, best supported first; on a tie, the one given first.
        let mut order: Vec<RoleId> = by_role.keys().copied().collect();
        order.sort_by_key(|&role| (std::cmp::Reverse(docs(role)), first(role)));
        let mut accepted: Vec<RoleId> = Vec::new();
        for &role in &order {
            // The best supported accepted role this one conflicts with, in
            // articles that do not give both, at one organisation.
            let mut against = None;
            for &reference in &accepted {
                if !r.conflict(role, reference) {
                    continue;
                }
                let shared_doc = by_role
                    .get(&role)
                    .zip(by_role.get(&reference))
                    .is_some_and(|(a, b)| a.0.intersection(&b.0).next().is_some());
                if shared_doc {
                    continue;
                }
                let pairs: Vec<(Use, Use)> = uses(role)
                    .iter()
                    .flat_map(|&x| uses(reference).iter().map(move |&y| (x, y)))
                    .filter(|&((xm, _), (ym, _))| {
                        group.get(xm).zip(group.get(ym)).is_some_and(|(a, b)| {
                            a.pos != b.pos && same_org(&a.item.org, &b.item.org)
                        })
                    })
                    .collect();
                if !pairs.is_empty() {
                    against = Some((reference, pairs));
                    break;
                }
            }
            let Some((reference, pairs)) = against else {
                accepted.push(role);
                continue;
            };
            // One finding per article that gives the outlier role.
            let mut seen = BTreeSet::new();
            for ((xm, xt), (ym, yt)) in pairs {
                let (Some(x), Some(y)) = (group.get(xm), group.get(ym)) else {
                    continue;
                };
                if !seen.insert(x.pos) {
                    continue;
                }
                let (Some(xt), Some(yt)) = (x.item.titles.get(xt), y.item.titles.get(yt)) else {
                    continue;
                };
                let here = Location {
                    doc: x.doc.id,
                    span: xt.span,
                };
                let there = Location {
                    doc: y.doc.id,
                    span: yt.span,
                };
                let more = docs(reference).saturating_sub(1);
                let also = if more > 0 {
                    format!(" (and {more} more)")
                } else {
                    String::new()
                };
                out.push(Finding {
                    rule: INFO.id,
                    severity: INFO.default_severity,
                    location: here,
                    message: format!(
                        "{}: '{}' here; '{}' in {}{}",
                        x.item.shown,
                        xt.text,
                        yt.text,
                        self.bundle.cite(there),
                        also
                    ),
                    related: vec![Related {
                        location: there,
                        message: format!("{} is '{}' here", y.item.shown, yt.text),
                    }],
                    fixes: vec![Fix {
                        title: format!("Replace with '{}'", yt.text),
                        edits: vec![Edit {
                            location: here,
                            new_text: yt.text.clone(),
                        }]
                        .into(),
                        certain: false,
                        preferred: docs(reference) > docs(role),
                    }],
                });
            }
        }
    }
}

impl Grouping for People<'_> {
    type Item = Titled;
    type Key = (Option<char>, String);
    type Version = ();
    type Output = Vec<Finding>;

    fn version(&self, _: &Document) {}

    fn keys<'i>(&self, item: &'i Titled, out: &mut Vec<Cow<'i, Self::Key>>) {
        let (initial, surname) = person_key(&item.person);
        out.push(Cow::Owned((initial, surname.to_string())));
    }

    fn eval(&self, _: &Self::Key, members: &[Member<'_, Titled>]) -> Option<Vec<Finding>> {
        let mut group: Vec<&Member<'_, Titled>> = members.iter().collect();
        group.sort_by_key(|m| (m.pos, m.item.at));
        // The people of the group: one per full first name; an initial is
        // the one full first name it can stand for, else its own person
        // when there is none, else nobody.
        let full: BTreeSet<&str> = group
            .iter()
            .map(|m| first_name(&m.item.person))
            .filter(|(_, initial)| !initial)
            .map(|(f, _)| f)
            .collect();
        let mut people: BTreeMap<String, Vec<&Member<'_, Titled>>> = BTreeMap::new();
        for m in &group {
            let (f, initial) = first_name(&m.item.person);
            let who = if initial {
                let c = f.chars().next();
                let mut cands = full.iter().filter(|g| g.chars().next() == c);
                match (cands.next(), cands.next()) {
                    (Some(g), None) => g.to_string(),
                    (None, _) => format!("{}.", c.map(String::from).unwrap_or_default()),
                    _ => continue,
                }
            } else {
                f.to_string()
            };
            people.entry(who).or_default().push(m);
        }
        let mut out = Vec::new();
        for members in people.values() {
            self.person(members, &mut out);
        }
        (!out.is_empty()).then_some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::{check_rules, findings};

    const RULE: &[&str] = &["title-conflict"];

    #[test]
    fn data_parses_and_names_only_known_roles() {
        let raw: RawRoles = toml::from_str(ROLES_TOML).expect("roles.toml");
        assert!(!raw.role.is_empty());
        let names: HashSet<String> = raw.role.iter().map(|r| r.name.to_lowercase()).collect();
        for r in &raw.role {
            for other in r.compatible.iter().chain(&r.broader) {
                assert!(names.contains(&other.to_lowercase()), "{other}");
            }
        }
        let r = roles();
        let role = |t: &str| r.phrases.get(&vec![t.to_string()]).map(|p| p.0);
        let (ceo, cfo, chair) = (role("ceo"), role("cfo"), role("chairman"));
        assert!(ceo.is_some() && cfo.is_some() && chair.is_some());
        let (Some(ceo), Some(cfo), Some(chair)) = (ceo, cfo, chair) else {
            return;
        };
        assert!(r.conflict(ceo, cfo));
        assert!(!r.conflict(ceo, chair));
    }

    #[test]
    fn ceo_here_general_manager_there() {
        check_rules(
            r#"
//- a.txt
In late August, Northwind CEO Mara Quill said talks would take time.
//- b.txt
"Demand is strong," said Mara Quill, the general manager of Northwind, in May.
                                         ^^^^^^^^^^^^^^^ title-conflict: Mara Quill: 'general manager' here; 'CEO' in a.txt:1
"#,
            RULE,
        );
    }

    #[test]
    fn apposition_before_the_name_and_majority() {
        let (_, bundle, found) = findings(
            r#"
//- a.txt
Its general manager, Tom Reyes, spoke first.
//- b.txt
Tom Reyes, chief executive of Examplecorp, spoke.
//- c.txt
Examplecorp chief executive Tom Reyes agreed.
"#,
            RULE,
        );
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(bundle.cite(found[0].location), "a.txt:1");
        assert_eq!(bundle.cite(found[0].related[0].location), "b.txt:1");
        assert!(!found[0].fixes[0].certain);
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
    fn compatible_titles_other_times_and_other_companies_pass() {
        check_rules(
            r#"
//- a.txt
Examplecorp chairman Mara Quill and former CFO Tom Reyes met Ana Ortiz, CEO of Northwind.
Mara Quill, managing director at Example Capital, agreed.
//- b.txt
Examplecorp CEO Mara Quill and CEO Tom Reyes met Ana Ortiz, the CFO of Southwind.
Examplecorp CEO Mara Quill spoke again.
"#,
            RULE,
        );
    }

    #[test]
    fn public_posts_with_initials_and_the_majority() {
        let (_, bundle, found) = findings(
            r#"
//- a.txt
Eastport police commissioner R.K. Marlow said the road was closed.
//- b.txt
Police commissioner R.K. Marlow said two bridges were shut.
//- c.txt
Eastport district collector R.K. Marlow said schools would stay shut.
"#,
            RULE,
        );
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(bundle.cite(found[0].location), "c.txt:1");
        assert_eq!(
            found[0].message,
            "R.K. Marlow: 'district collector' here; 'police commissioner' in a.txt:1 (and 1 more)"
        );
        assert!(found[0].fixes[0].preferred);
    }

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
    fn a_title_read_with_the_name_and_another_first_name() {
        check_rules(
            r#"
//- a.txt
Competition Commissioner Ingrid Solberg said the fine was fair. Klaus Brandt, the chairman, disagreed.
//- b.txt
Ingrid Solberg, the EU's competition commissioner, agreed. Karin Brandt, the chief financial officer, left.
//- c.txt
District Collector Ingrid Solberg spoke.
^^^^^^^^^^^^^^^^^^ title-conflict: Ingrid Solberg: 'District Collector' here; 'Competition Commissioner' in a.txt:1 (and 1 more)
"#,
            RULE,
        );
    }

    #[test]
    fn other_times_other_posts_and_loose_titles() {
        check_rules(
            r#"
//- a.txt
Former CFO Mara Quill and acting chief executive Tom Reyes met Ana Ortiz, chief executive of Example Capital.
//- b.txt
Northwind CEO Mara Quill and Northwind CFO Tom Reyes met Ana Ortiz, CFO of Northwind.
"#,
            RULE,
        );
        // Titles writers use loosely are never compared.
        check_rules(
            r#"
//- a.txt
Ana Ortiz, an analyst at Example Capital, spoke.
//- b.txt
Ana Ortiz, a portfolio manager at Example Capital, spoke.
"#,
            RULE,
        );
    }
}
