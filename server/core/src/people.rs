//! A person (or any proper name outside the knowledge base) across the
//! bundle, for the hover, references and definition: the name mentions
//! that are the same person under another spelling (case, accents, a
//! letter dropped, doubled or changed in a word, an initial for the first
//! name, the surname alone), the roles written next to them (from the
//! names extraction) and the sentences that quote them.
//!
//! A helper below the checks and the hover: it reads only extracted facts
//! and imports no check.

use unicode_normalization::UnicodeNormalization;

use crate::bundle::{Bundle, Document};
use crate::extract::names::NameMention;
use crate::lexicon;
use crate::types::{DocId, Location, Span};

/// One mention of the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonMention {
    pub location: Location,
    /// The sentence it is in.
    pub sentence: Option<Span>,
    /// As written (the name's core).
    pub written: String,
    /// The sentence has a quotation in it.
    pub quoted: bool,
}

/// Everything the bundle says of one person.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Person {
    /// The name as written where it was asked about.
    pub name: String,
    /// Every mention, in bundle order.
    pub mentions: Vec<PersonMention>,
    /// Full spellings (two words or more) with how often each is written,
    /// most written first.
    pub spellings: Vec<(String, usize)>,
    /// Roles written next to the name, with how often, most written first.
    pub roles: Vec<(String, usize)>,
}

/// The person whose name is under `offset` in `doc`.
pub fn person_at(bundle: &Bundle, doc: DocId, offset: usize) -> Option<Person> {
    let d = bundle.get(doc)?;
    let m = d.facts.name_at(offset)?;
    let key = Key::of(d, m)?;
    let mut person = Person {
        name: d.slice(m.core).to_string(),
        ..Person::default()
    };
    let lex = lexicon::names();
    for other in bundle.documents() {
        for n in &other.facts.names {
            if !key.may_match(other, n) {
                continue;
            }
            let Some(k) = Key::of(other, n) else {
                continue;
            };
            if !key.same_person(&k) {
                continue;
            }
            let written = other.slice(n.core).to_string();
            let sentence = other.facts.sentence_at(n.span.start);
            let quoted = sentence.is_some_and(|s| has_quotation(other.slice(s)));
            if !k.firsts.is_empty() {
                count(&mut person.spellings, &written);
            }
            for &r in &n.roles {
                let role = lex.role_name(r).replace(['_', '-'], " ");
                if !role.is_empty() {
                    count(&mut person.roles, &role);
                }
            }
            person.mentions.push(PersonMention {
                location: Location {
                    doc: other.id,
                    span: n.core,
                },
                sentence,
                written,
                quoted,
            });
        }
    }
    for list in [&mut person.spellings, &mut person.roles] {
        // Stable: equally frequent ones stay in bundle order.
        list.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    }
    (!person.mentions.is_empty()).then_some(person)
}

fn count(list: &mut Vec<(String, usize)>, item: &str) {
    match list.iter_mut().find(|(s, _)| s == item) {
        Some((_, n)) => *n += 1,
        None => list.push((item.to_string(), 1)),
    }
}

/// Quotation marks of the languages the articles are written in.
fn has_quotation(sentence: &str) -> bool {
    sentence.contains(['“', '”', '"', '«', '»', '„', '「'])
}

/// What identifies a person's mention: the folded words before the last
/// (given names and initials; a capitalised word that opens the sentence
/// may be among them; empty for the surname alone) and the folded last
/// word.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Key {
    firsts: Vec<String>,
    last: String,
}

impl Key {
    fn of(d: &Document, m: &NameMention) -> Option<Key> {
        let mut firsts: Vec<String> = m
            .words
            .iter()
            .map(|w| fold(d.slice(*w).trim_end_matches('.')))
            .filter(|w| !w.is_empty())
            .collect();
        let last = firsts.pop()?;
        Some(Key { firsts, last })
    }

    /// A cheap test that lets through every mention of the same person
    /// ([`Key::same_person`] needs surnames at most two letters apart in
    /// length); exact for ASCII surnames, which fold to as many letters.
    fn may_match(&self, d: &Document, m: &NameMention) -> bool {
        let last = m
            .words
            .iter()
            .rev()
            .map(|w| d.slice(*w).trim_end_matches('.'))
            .find(|w| !w.is_empty());
        match last {
            Some(w) if w.is_ascii() && self.last.is_ascii() => {
                w.len().abs_diff(self.last.len()) <= 2
            }
            _ => true,
        }
    }

    /// The same person: surnames alike, and first names alike or one an
    /// initial of the other. A surname alone is the same person when it is
    /// written exactly so (folded); two surnames alone are not compared.
    fn same_person(&self, other: &Key) -> bool {
        match (self.firsts.is_empty(), other.firsts.is_empty()) {
            (false, false) => {
                let firsts = |f: &dyn Fn(&String, &String) -> bool| {
                    self.firsts
                        .iter()
                        .any(|a| other.firsts.iter().any(|b| f(a, b)))
                };
                // The same given name written out lets a short surname
                // differ by a letter too ("Lee" and "Lea").
                let same_given = firsts(&|a, b| a == b && a.chars().count() >= 3);
                let short_alike = || {
                    let (x, y): (Vec<char>, Vec<char>) =
                        (self.last.chars().collect(), other.last.chars().collect());
                    x.len().min(y.len()) >= 3 && edits(&x, &y) <= 1
                };
                (alike(&self.last, &other.last) && firsts(&|a, b| first_alike(a, b)))
                    || (same_given && short_alike())
            }
            (false, true) | (true, false) => {
                self.last == other.last && self.last.chars().count() >= 3
            }
            (true, true) => self.last == other.last,
        }
    }
}

fn first_alike(a: &str, b: &str) -> bool {
    let initial = |s: &str| s.chars().count() == 1;
    if initial(a) || initial(b) {
        return a.chars().next() == b.chars().next();
    }
    alike(a, b)
}

/// Equal, or one edit apart (a letter dropped, added, changed or two
/// swapped) in words of four letters or more; two apart from eight.
fn alike(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    // Cheap first: most pairs of words differ in length by more than two.
    if a.chars().count().abs_diff(b.chars().count()) > 2 {
        return false;
    }
    let (x, y): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let shorter = x.len().min(y.len());
    let allowed = match shorter {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    };
    allowed > 0 && x.len().abs_diff(y.len()) <= allowed && edits(&x, &y) <= allowed
}

/// Optimal string alignment distance.
fn edits(a: &[char], b: &[char]) -> usize {
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for i in 0..=a.len() {
        d[i * w] = i;
    }
    for (j, cell) in d.iter_mut().enumerate().take(w) {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j] + 1)
                .min(d[i * w + j - 1] + 1)
                .min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
        }
    }
    d[a.len() * w + b.len()]
}

/// Lower case without accents: "Whitlök" and "whitlok" fold alike.
fn fold(s: &str) -> String {
    // Most names are ASCII: no accents to drop.
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    s.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundle(docs: &[&str]) -> (Bundle, Vec<DocId>) {
        crate::fixture::numbered(docs)
    }

    #[test]
    fn the_cheap_test_lets_every_same_person_through() {
        let names = [
            "Dana Whitlok",
            "Dana Whitlock",
            "D. Whitlok",
            "Whitlok",
            "Dara Whitman",
            "Dana Lee",
            "Dana Lea",
            "José Pérez",
            "Jose Perez",
            "Zorblatt Vanewright",
            "Zorblatt Vanewrite",
            "Zorblatt Van",
        ];
        let text: String = names.iter().map(|n| format!("{n} spoke.\n")).collect();
        let (b, ids) = bundle(&[&text]);
        let d = b.get(ids[0]).expect("the article");
        let keys: Vec<(Key, &NameMention)> = d
            .facts
            .names
            .iter()
            .filter_map(|m| Some((Key::of(d, m)?, m)))
            .collect();
        assert!(keys.len() >= names.len() - 1, "{keys:?}");
        for (a, _) in &keys {
            for (b, m) in &keys {
                if a.same_person(b) {
                    assert!(a.may_match(d, m), "{a:?} and {b:?}");
                }
            }
        }
    }

    #[test]
    fn the_same_person_under_other_spellings_with_roles_and_quotes() {
        let (b, ids) = bundle(&[
            "Analyst Dana Whitlok said the deal was fair.\n",
            "“It is fair,” said Dana Whitlock, an analyst.\nWhitlok left.\n",
            "D. Whitlok agreed. Dara Whitman and Dana Whitlok-Smythe did not.\n",
        ]);
        let p = person_at(&b, ids[0], 10).expect("a person");
        assert_eq!(p.name, "Dana Whitlok");
        let written: Vec<&str> = p.mentions.iter().map(|m| m.written.as_str()).collect();
        assert_eq!(
            written,
            ["Dana Whitlok", "Dana Whitlock", "Whitlok", "D. Whitlok"],
            "{p:?}"
        );
        assert_eq!(p.spellings[0], ("Dana Whitlok".to_string(), 1));
        assert_eq!(p.spellings.len(), 3, "{:?}", p.spellings);
        assert!(p.mentions[1].quoted);
        assert!(!p.mentions[0].quoted);
        assert!(p.roles.iter().any(|(r, _)| r == "analyst"), "{:?}", p.roles);
    }

    #[test]
    fn other_people_and_places_off_a_name_are_not_the_person() {
        let (b, ids) = bundle(&["Acme Air flew. Apex Air did not.\n", "rain fell.\n"]);
        let p = person_at(&b, ids[0], 2).expect("a name");
        assert_eq!(p.mentions.len(), 1, "{p:?}");
        assert!(person_at(&b, ids[1], 1).is_none());
        assert!(person_at(&b, DocId(7), 1).is_none());
    }

    #[test]
    fn words_alike() {
        assert!(alike("whitlok", "whitlock"));
        assert!(alike("whitlok", "whiltok"));
        assert!(!alike("whitlok", "whitman"));
        assert!(!alike("lee", "lea"));
        let key = |firsts: &[&str], last: &str| Key {
            firsts: firsts.iter().map(|s| s.to_string()).collect(),
            last: last.to_string(),
        };
        assert!(key(&["dana"], "lee").same_person(&key(&["dana"], "lea")));
        assert!(!key(&["d"], "lee").same_person(&key(&["dana"], "lea")));
        assert!(key(&["d"], "whitlok").same_person(&key(&["dana"], "whitlock")));
        assert!(!key(&["dana"], "lee").same_person(&key(&["dara"], "lea")));
        assert!(alike("abcdefghij", "abdcefghik"));
        assert_eq!(fold("Whitlök"), "whitlok");
    }
}
