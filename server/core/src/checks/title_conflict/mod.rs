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
//! articles give is the reference; on a tie, the one more articles that
//! are not machine translations give ([`crate::shared::translation`]), then
//! the one of the article with fewer marks of translation, then a fixed
//! order of the roles, never the order of the files. Each article that
//! gives the other is reported once, naming the person and both titles,
//! with the reference's wording from the article least like a machine
//! translation. A role writers use loosely ("analyst") is never compared.
//!
//! The parts: [`roles`] holds the role data; [`titles`] reads the chains
//! of titles around the names of an article; this module compares them
//! per person and reports.

mod roles;
mod titles;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use crate::bundle::{Bundle, Document};
use crate::checks::{Check, CheckContext, Scope};
use crate::memo::{Grouping, Member};
use crate::shared::translation::{translations, Translations};
use crate::types::{DocId, Edit, Finding, Fix, Location, Related, RuleInfo, Severity};

use roles::{roles, RoleId};
use titles::{same_org, titled_in, Titled};

pub struct TitleConflict;

static INFO: RuleInfo = RuleInfo {
    id: "title-conflict",
    default_severity: Severity::Warning,
    summary: "A person's job titles across the bundle are roles one person does not hold together.",
    flags: &[
        "'Examplecorp CEO Jane Doe' here and 'Jane Doe, the general manager of Examplecorp' there",
        "'police commissioner Jane Doe' here and 'district collector Jane Doe' there",
        "'Jane Doe, Examplecorp's deputy CFO and CFO': one role at two ranks in one title",
    ],
    passes: &[
        "'chairman Jane Doe' and 'CEO Jane Doe': titles often held together",
        "'former CFO Jane Doe' and 'CEO Jane Doe': another time",
        "'deputy general manager Jane Doe' and 'CEO Jane Doe': another position",
        "'Jane Doe, CEO of Examplecorp' and 'Jane Doe, CFO of Northwind': two organisations",
    ],
};

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

    /// The words around every name read.
    fn cost(&self) -> u32 {
        2
    }

    fn run(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let docs = cx.documents();
        let titled = cx.memo.per_document("title-conflict", docs, titled_in);
        let items: Vec<&[Titled]> = titled.iter().map(|v| v.as_slice()).collect();
        let people = People {
            bundle: cx.bundle,
            translations: translations(cx.memo, docs),
        };
        for found in cx
            .memo
            .grouped("title-conflict/people", &people, docs, &items)
        {
            out.extend(found.iter().cloned());
        }
        for (d, list) in docs.iter().zip(&items) {
            for t in list.iter() {
                two_ranks(d.id, t, out);
            }
        }
    }
}

/// One chain of titles that gives one role at two ranks ("Jane Doe,
/// Examplecorp's deputy CFO and CFO"): one person is not their own
/// deputy, so one of the two is a slip.
fn two_ranks(doc: DocId, t: &Titled, out: &mut Vec<Finding>) {
    for ranked in &t.ranked {
        let Some(plain) = t.titles.iter().find(|p| p.role == ranked.role) else {
            continue;
        };
        out.push(Finding {
            rule: INFO.id,
            severity: INFO.default_severity,
            location: Location {
                doc,
                span: ranked.span,
            },
            message: format!(
                "{}: '{}' and '{}' in one title: one role at two ranks",
                t.shown, ranked.text, plain.text
            ),
            related: vec![Related {
                location: Location {
                    doc,
                    span: plain.span,
                },
                message: format!("{} is '{}' here", t.shown, plain.text),
            }],
            fixes: Vec::new(),
        });
    }
}

/// The people are the classes of [`person_key`]: no mention is compared
/// with every other, and an edit re-reads only the people it names.
struct People<'a> {
    bundle: &'a Bundle,
    /// Which articles read like machine translations: a role given only
    /// there is not the reference. It depends on each article alone, so a
    /// group is re-read whenever an article that changes it is.
    translations: Translations,
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
        let doc_of = |mi: usize| group.get(mi).map(|m| m.doc.id);
        let machine = |mi: usize| doc_of(mi).is_none_or(|d| self.translations.machine(d));
        let marks = |mi: usize| doc_of(mi).map_or(usize::MAX, |d| self.translations.get(d).count());
        // The articles that give a role and are not machine translations.
        let originals = |role: RoleId| {
            uses(role)
                .iter()
                .filter(|&&(mi, _)| !machine(mi))
                .filter_map(|&(mi, _)| group.get(mi).map(|m| m.pos))
                .collect::<BTreeSet<usize>>()
                .len()
        };
        let fewest_marks = |role: RoleId| {
            uses(role)
                .iter()
                .map(|&(mi, _)| marks(mi))
                .min()
                .unwrap_or(usize::MAX)
        };
        // Roles, best supported first; on a tie, the one more originals
        // give, then the one of the article with fewer marks of
        // translation, then the roles' fixed order.
        let evidence = |role: RoleId| {
            (
                std::cmp::Reverse(docs(role)),
                std::cmp::Reverse(originals(role)),
                fewest_marks(role),
            )
        };
        let mut order: Vec<RoleId> = by_role.keys().copied().collect();
        order.sort_by_key(|&role| (evidence(role), role));
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
            // One finding per article that gives the outlier role, with the
            // reference as written in the article least like a machine
            // translation; then in the wording more articles use, the
            // longer (spelt out rather than abbreviated), in a fixed order
            // of the words (only the same words in two articles leave the
            // choice of the cited place to their order).
            let text_of = |(ym, yt): Use| {
                group
                    .get(ym)
                    .and_then(|m| m.item.titles.get(yt))
                    .map_or("", |t| t.text.as_str())
            };
            let wording_docs = |text: &str| {
                uses(reference)
                    .iter()
                    .filter(|&&u| text_of(u).eq_ignore_ascii_case(text))
                    .filter_map(|&(mi, _)| group.get(mi).map(|m| m.pos))
                    .collect::<BTreeSet<usize>>()
                    .len()
            };
            let key = |y: Use| {
                let text = text_of(y);
                (
                    machine(y.0),
                    marks(y.0),
                    std::cmp::Reverse(wording_docs(text)),
                    std::cmp::Reverse(text.chars().count()),
                    text.to_lowercase(),
                    // A capital from a sentence start is no part of a title.
                    text.chars().next().is_some_and(char::is_uppercase),
                    group.get(y.0).map(|m| m.pos),
                )
            };
            let mut best: BTreeMap<usize, (Use, Use)> = BTreeMap::new();
            for (x, y) in pairs {
                let Some(xm) = group.get(x.0) else { continue };
                let e = best.entry(xm.pos).or_insert((x, y));
                if key(y) < key(e.1) {
                    *e = (x, y);
                }
            }
            // The reference has more articles, or more that are not
            // machine translations: its fix is the preferred one.
            let decided = evidence(reference).0 < evidence(role).0
                || evidence(reference).1 < evidence(role).1;
            let by_originals = docs(reference) == docs(role) && decided;
            for ((xm, xt), (ym, yt)) in best.into_values() {
                let (Some(x), Some(y)) = (group.get(xm), group.get(ym)) else {
                    continue;
                };
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
                let why = if by_originals {
                    " (not a machine translation)"
                } else {
                    ""
                };
                out.push(Finding {
                    rule: INFO.id,
                    severity: INFO.default_severity,
                    location: here,
                    message: format!(
                        "{}: '{}' here; '{}' in {}{}{}",
                        x.item.shown,
                        xt.text,
                        yt.text,
                        self.bundle.cite(there),
                        also,
                        why
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
                        preferred: decided,
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
    use crate::fixture::{check_rules, findings};

    const RULE: &[&str] = &["title-conflict"];

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

    #[test]
    fn a_machine_translation_gives_way_in_any_order() {
        let mt = "In August , Northwind CEO Mara Quill said output rose 4,5 percent .";
        let original =
            "\"Demand is strong,\" said Mara Quill, the general manager of Northwind, in May.";
        for (mt_name, original_name) in [("a.txt", "b.txt"), ("b.txt", "a.txt")] {
            let text = format!("//- {mt_name}\n{mt}\n//- {original_name}\n{original}\n");
            let (_, bundle, found) = findings(&text, RULE);
            assert_eq!(found.len(), 1, "{found:#?}");
            assert_eq!(bundle.cite(found[0].location), format!("{mt_name}:1"));
            assert_eq!(found[0].fixes[0].title, "Replace with 'general manager'");
            assert!(found[0].fixes[0].preferred);
            assert!(
                found[0].message.ends_with("(not a machine translation)"),
                "{}",
                found[0].message
            );
        }
    }
}
