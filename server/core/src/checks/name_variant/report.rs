//! Reporting for `name-variant`: the preferred spelling of a group (house
//! style, priority articles, the knowledge base, articles that are not
//! machine translations, frequency, fewer marks of translation; never the
//! order of the files) and one finding per place of another spelling, with
//! its fixes (a house-style choice of capitals: one note per article).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use super::house::House;
use super::kb_names::KbNames;
use super::{Group, Occ, Spelling, INFO, OWN_EVERYWHERE_SPELLINGS, RELATED_PER_SPELLING};
use crate::bundle::Bundle;
use crate::extract::names::LineCase;
use crate::shared::translation::Translations;
use crate::types::{DocId, Edit, Finding, Fix, Location, Related, Severity, Span};

/// What the findings of one group share: the preferred spelling and the
/// bundle-wide edit lists, made once for the group.
struct Shared<'a> {
    pub(super) preferred: &'a str,
    pub(super) certain: bool,
    /// Evidence chose the preferred spelling; when nothing did, its fix is
    /// offered first but not preferred.
    decided: bool,
    /// Why the preferred spelling is preferred, when the message says so.
    why: Option<&'static str>,
    /// The first place of each spelling of the group, in its order.
    firsts: &'a [Option<Occ>],
    /// Every flagged place to the preferred spelling.
    pub(super) everywhere: &'a Arc<[Edit]>,
    /// Every other spelling's place to this finding's own spelling, when
    /// the group is small enough to offer it.
    own_everywhere: Option<Arc<[Edit]>>,
}

/// Reporting: one finding per place of a spelling other than the preferred.
pub(super) struct Run<'a, 'o> {
    pub(super) bundle: &'a Bundle,
    pub(super) house: &'a House,
    pub(super) kb: &'a KbNames,
    /// Which articles read like machine translations.
    pub(super) translations: &'a Translations,
    /// Spans already reported, per document: a place is reported once.
    pub(super) reported: HashMap<DocId, Vec<Span>>,
    pub(super) out: &'o mut Vec<Finding>,
}

impl Run<'_, '_> {
    pub(super) fn report(&mut self, mut group: Group) {
        if group
            .spellings
            .iter()
            .any(|s| self.house.is_ignored(&s.text))
        {
            return;
        }
        for s in &mut group.spellings {
            s.occs.sort();
            s.occs.dedup_by_key(|o| (o.doc, o.span));
        }
        group.spellings.retain(|s| !s.occs.is_empty());
        group.spellings.sort_by_key(|s| s.first());
        // The house style's spelling, else what the evidence prefers
        // ([`Run::by_evidence`]).
        let canonical = group
            .spellings
            .iter()
            .find_map(|s| self.house.canonical_of.get(&s.text))
            .cloned();
        let mut reason: Option<&'static str> = None;
        let mut decided = true;
        let preferred = match &canonical {
            Some(c) => c.clone(),
            None => {
                if group.spellings.len() < 2 {
                    return;
                }
                let Some((best, why, sure)) = self.by_evidence(&group) else {
                    return;
                };
                reason = why;
                decided = sure;
                best
            }
        };
        let certain = canonical.is_some();
        let flagged: Vec<Occ> = group
            .spellings
            .iter()
            .filter(|s| s.text != preferred)
            .flat_map(|s| s.occs.iter().copied())
            .filter(|o| !self.overlaps_reported(o))
            .collect();
        if flagged.is_empty() {
            return;
        }
        if group.quiet {
            for o in flagged {
                self.reported.entry(o.doc).or_default().push(o.span);
            }
            return;
        }
        // The bundle-wide fixes are made once for the group and shared by
        // its findings: "use the preferred spelling everywhere", and, when
        // the group has few spellings, "use this spelling everywhere" for
        // each flagged spelling.
        let everywhere: Arc<[Edit]> = flagged
            .iter()
            .map(|o| Edit {
                location: Location {
                    doc: o.doc,
                    span: o.span,
                },
                new_text: preferred.clone(),
            })
            .collect();
        let firsts: Vec<Option<Occ>> = group.spellings.iter().map(Spelling::first).collect();
        // The spelling of each place: the first that holds it.
        let mut own_of: BTreeMap<Occ, usize> = BTreeMap::new();
        for (i, sp) in group.spellings.iter().enumerate() {
            for o in &sp.occs {
                own_of.entry(*o).or_insert(i);
            }
        }
        let mut own_everywhere: HashMap<usize, Arc<[Edit]>> = HashMap::new();
        // A house-style choice is noted once per article, at its first
        // flagged place; the bundle-wide fix still covers every place.
        // A choice of house style is made by a desk: a spelling written only
        // in machine translations is no desk's choice, and stays a warning.
        let note = group.note
            && group
                .spellings
                .iter()
                .all(|s| s.occs.iter().any(|o| !self.translations.machine(o.doc)));
        let mut noted: HashSet<DocId> = HashSet::new();
        for o in &flagged {
            if note && !noted.insert(o.doc) {
                continue;
            }
            let Some(&own_index) = own_of.get(o) else {
                continue;
            };
            let own = &group.spellings[own_index];
            let own_fix = if group.spellings.len() <= OWN_EVERYWHERE_SPELLINGS {
                let edits = own_everywhere.entry(own_index).or_insert_with(|| {
                    group
                        .spellings
                        .iter()
                        .filter(|s| s.text != own.text)
                        .flat_map(|s| s.occs.iter())
                        .map(|o| Edit {
                            location: Location {
                                doc: o.doc,
                                span: o.span,
                            },
                            new_text: own.text.clone(),
                        })
                        .collect()
                });
                Some(Arc::clone(edits))
            } else {
                None
            };
            let shared = Shared {
                preferred: &preferred,
                certain,
                decided,
                why: reason,
                firsts: &firsts,
                everywhere: &everywhere,
                own_everywhere: own_fix,
            };
            let mut finding = self.finding(&group, own, *o, &shared);
            if note {
                finding.severity = Severity::Information;
                finding
                    .message
                    .push_str("; capitals or title case: a matter of house style");
            }
            self.out.push(finding);
        }
        for o in flagged {
            self.reported.entry(o.doc).or_default().push(o.span);
        }
    }

    /// The spelling the evidence prefers, why (when the message should
    /// say), and whether anything decided it. In order: the only one
    /// written in the articles of the best priority; the only one the
    /// knowledge base writes as it stands; the only one written in
    /// articles that are not machine translations; among those written in
    /// such articles (all when none is), the most frequent; the one whose
    /// articles carry the fewest marks of translation. When nothing tells,
    /// the first in the order of the spellings' text, undecided: never
    /// the order of the files.
    fn by_evidence(&self, group: &Group) -> Option<(String, Option<&'static str>, bool)> {
        let rank = |s: &Spelling| {
            s.occs
                .iter()
                .filter_map(|o| self.bundle.get(o.doc).map(|d| d.rank))
                .min()
                .unwrap_or(usize::MAX)
        };
        let ranks: Vec<usize> = group.spellings.iter().map(rank).collect();
        if let Some(&best) = ranks.iter().min() {
            let at_best: Vec<usize> = (0..ranks.len()).filter(|&i| ranks[i] == best).collect();
            if let [only] = at_best.as_slice() {
                return Some((
                    group.spellings[*only].text.clone(),
                    Some("priority article"),
                    true,
                ));
            }
        }
        let known: Vec<&Spelling> = group
            .spellings
            .iter()
            .filter(|s| self.kb.exact.contains(&s.text))
            .collect();
        if let [only] = known.as_slice() {
            return Some((only.text.clone(), Some("knowledge base"), true));
        }
        let original = |s: &&Spelling| s.occs.iter().any(|o| !self.translations.machine(o.doc));
        let originals: Vec<&Spelling> = group.spellings.iter().filter(original).collect();
        if let [only] = originals.as_slice() {
            if group.spellings.len() > 1 {
                // Said only when the majority alone would not choose it.
                let majority = group
                    .spellings
                    .iter()
                    .all(|s| s.text == only.text || s.occs.len() < only.occs.len());
                let why = "written so in articles that are not machine translations";
                return Some((only.text.clone(), (!majority).then_some(why), true));
            }
        }
        let candidates: Vec<&Spelling> = if originals.is_empty() {
            group.spellings.iter().collect()
        } else {
            originals
        };
        let most = candidates.iter().map(|s| s.occs.len()).max()?;
        let frequent: Vec<&Spelling> = candidates
            .into_iter()
            .filter(|s| s.occs.len() == most)
            .collect();
        if let [only] = frequent.as_slice() {
            return Some((only.text.clone(), None, true));
        }
        // The fewest marks of translation of an article that writes it.
        let marks = |s: &Spelling| {
            s.occs
                .iter()
                .map(|o| self.translations.get(o.doc).count())
                .min()
                .unwrap_or(usize::MAX)
        };
        let fewest = frequent.iter().map(|s| marks(s)).min()?;
        let cleanest: Vec<&Spelling> = frequent
            .into_iter()
            .filter(|s| marks(s) == fewest)
            .collect();
        if let [only] = cleanest.as_slice() {
            return Some((
                only.text.clone(),
                Some("written so in the article with the fewest marks of machine translation"),
                true,
            ));
        }
        // Nothing tells: the first spelling in the order of the text
        // itself, never the order of the files.
        let first = cleanest.iter().map(|s| s.text.as_str()).min()?;
        Some((
            first.to_string(),
            Some("nothing tells which spelling is right"),
            false,
        ))
    }

    /// The name as written at `o`: a spelling of several words as it
    /// stands there; for a one-word spelling, the name of two words or more
    /// that holds it ("Jana Vesela" for "Vesela"). `None` for a word that
    /// stands in no longer name or in a line of capitals or headline case.
    fn written_name(&self, text: &str, o: Occ) -> Option<&str> {
        let d = self.bundle.get(o.doc)?;
        if text.contains(char::is_whitespace) {
            // A name of several words: as this place writes it (a spelling
            // counts the name with and without its accents).
            let here = d.slice(o.span);
            return (!here.contains(['\n', '\r'])).then_some(here);
        }
        let names = &d.facts.names;
        // Mentions are sorted by start: those that start at or before it,
        // back as far as a name can reach (a search, not a scan of the
        // article's names).
        const LONGEST_NAME: usize = 200;
        let upto = names.partition_point(|m| m.span.start <= o.span.start);
        let m = names[..upto]
            .iter()
            .rev()
            .take_while(|m| m.span.start + LONGEST_NAME >= o.span.start)
            .find(|m| m.core.start <= o.span.start && o.span.end <= m.core.end)?;
        let name = d.slice(m.core);
        // In a line of capitals or headline case every word looks like a
        // name: the word alone is quoted there.
        let plain_line = m.line_case == LineCase::Normal;
        (plain_line && m.words.len() >= 2 && !name.contains(['\n', '\r'])).then_some(name)
    }

    fn overlaps_reported(&self, o: &Occ) -> bool {
        self.reported
            .get(&o.doc)
            .is_some_and(|spans| spans.iter().any(|s| s.overlaps(o.span)))
    }

    fn finding(&self, group: &Group, own: &Spelling, at: Occ, shared: &Shared<'_>) -> Finding {
        let preferred = shared.preferred;
        let certain = shared.certain;

        let location = Location {
            doc: at.doc,
            span: at.span,
        };
        let here = self
            .bundle
            .get(at.doc)
            .map_or(own.text.as_str(), |d| d.slice(at.span));
        // The message quotes the names as written: the whole name around a
        // word ("Jana Vesela" for "Vesela"), as an editor would quote it.
        let here_name = self.written_name(&own.text, at).unwrap_or(here);
        // Other spellings, the preferred first.
        let mut others: Vec<(&Spelling, Option<Occ>)> = group
            .spellings
            .iter()
            .zip(shared.firsts)
            .filter(|(s, _)| s.text != own.text)
            .map(|(s, first)| (s, *first))
            .collect();
        others.sort_by_key(|(s, first)| (s.text != preferred, *first));
        let mut parts: Vec<String> = others
            .iter()
            .filter_map(|&(s, first)| {
                let first = first?;
                let cite = self.bundle.cite(Location {
                    doc: first.doc,
                    span: first.span,
                });
                let more = match s.occs.len() {
                    0 | 1 => String::new(),
                    n => format!(" (and {} more)", n - 1),
                };
                let name = self.written_name(&s.text, first).unwrap_or(&s.text);
                // Why the preferred spelling is, said beside it.
                let why = match shared.why {
                    Some(why) if s.text == preferred => format!(" ({why})"),
                    _ => String::new(),
                };
                Some(format!("'{name}' in {cite}{more}{why}"))
            })
            .collect();
        if certain && !others.iter().any(|(s, _)| s.text == preferred) {
            parts.insert(0, format!("house style writes '{preferred}'"));
        } else if certain {
            parts[0].push_str(" (house style)");
        }
        let message = format!("'{here_name}' here; {}", parts.join("; "));
        let related = others
            .iter()
            .flat_map(|(s, _)| {
                s.occs.iter().take(RELATED_PER_SPELLING).map(|o| Related {
                    location: Location {
                        doc: o.doc,
                        span: o.span,
                    },
                    message: format!("'{}' here", s.text),
                })
            })
            .collect();
        let mut replacements: Vec<&str> = others.iter().map(|(s, _)| s.text.as_str()).collect();
        if !replacements.contains(&preferred) {
            replacements.insert(0, preferred);
        }
        let mut fixes: Vec<Fix> = replacements
            .into_iter()
            .filter(|r| *r != here)
            .map(|r| Fix {
                title: format!("Replace with '{r}'"),
                edits: vec![Edit {
                    location,
                    new_text: r.to_string(),
                }]
                .into(),
                certain: certain && r == preferred,
                preferred: shared.decided && r == preferred,
            })
            .collect();
        // "Use X everywhere": one bundle-wide edit for the preferred
        // spelling and one for this place's own, so the writer can pick
        // either (any other is one rename away). Skipped where it would be
        // the same as the single replacement above. Both lists are the
        // group's, shared.
        let mut choices: Vec<(&Spelling, Option<Occ>)> = group
            .spellings
            .iter()
            .zip(shared.firsts)
            .filter(|(s, _)| s.text == preferred || s.text == own.text)
            .map(|(s, first)| (s, *first))
            .collect();
        choices.sort_by_key(|(s, first)| (s.text != preferred, *first));
        for (choice, _) in choices {
            let edits = if choice.text == preferred {
                Arc::clone(shared.everywhere)
            } else if let Some(own_fix) = &shared.own_everywhere {
                Arc::clone(own_fix)
            } else {
                continue;
            };
            let same_as_single = edits.len() == 1 && edits[0].location == location;
            if edits.is_empty() || same_as_single {
                continue;
            }
            fixes.push(Fix {
                title: format!("Use '{}' everywhere in the bundle", choice.text),
                edits,
                certain: certain && choice.text == preferred,
                preferred: false,
            });
        }
        Finding {
            rule: INFO.id,
            severity: INFO.default_severity,
            location,
            message,
            related,
            fixes,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::fixture::{check_rules_with_config, findings};

    const RULE: &[&str] = &["name-variant"];

    #[test]
    fn majority_decides_and_related_points_at_it() {
        let (_, bundle, found) = findings(
            r#"
//- a.txt
Shares of Examplecorp rose, said Mara Quill, a strategist.
//- b.txt
Mara Quill, a strategist, agreed.
//- c.txt
Strategist Mara Quil disagreed.
"#,
            RULE,
        );
        assert_eq!(found.len(), 1, "{found:#?}");
        let f = &found[0];
        assert_eq!(bundle.cite(f.location), "c.txt:1");
        assert_eq!(
            f.message,
            "'Mara Quil' here; 'Mara Quill' in a.txt:1 (and 1 more)"
        );
        assert_eq!(f.related.len(), 2);
        assert_eq!(f.fixes[0].title, "Replace with 'Mara Quill'");
        assert!(f.fixes[0].preferred && !f.fixes[0].certain);
    }

    #[test]
    fn fix_everywhere_replaces_only_the_part() {
        let (_, bundle, found) = findings(
            "//- a.txt\nZeta5-Next and Zeta5-Pro and Zeta5 shipped.\n//- b.txt\nThen ZeTA5-Max and ZeTA5-Mini shipped.\n",
            RULE,
        );
        assert_eq!(found.len(), 2, "{found:#?}");
        let titles: Vec<&str> = found[0].fixes.iter().map(|f| f.title.as_str()).collect();
        assert!(
            titles.contains(&"Use 'ZeTA5' everywhere in the bundle"),
            "{titles:?}"
        );
        let all = found[0]
            .fixes
            .iter()
            .find(|f| f.title == "Use 'Zeta5' everywhere in the bundle")
            .expect("fix-all");
        let replaced: Vec<&str> = all
            .edits
            .iter()
            .filter_map(|e| bundle.get(e.location.doc).map(|d| d.slice(e.location.span)))
            .collect();
        assert_eq!(replaced, ["ZeTA5", "ZeTA5"]);
    }

    #[test]
    fn the_knowledge_base_decides_over_frequency() {
        let config = Config::parse(
            r#"
[[entity]]
id = "zeta5pro"
kind = "company"
name = "Zeta5-Pro"
what = "A test entry."
source = { title = "test", as_of = "2025" }
"#,
        )
        .expect("config");
        check_rules_with_config(
            r#"
//- a.txt
The Zeta-5-Pro sold well, and the Zeta-5-Pro shipped.
    ^^^^^^^^^^ name-variant: 'Zeta-5-Pro' here; 'Zeta5-Pro' in b.txt:1 (knowledge base)
                                  ^^^^^^^^^^ name-variant
//- b.txt
The Zeta5-Pro sold well.
"#,
            RULE,
            &config,
        );
    }

    #[test]
    fn ties_go_by_the_spelling_never_by_the_file() {
        for (first, second) in [
            ("Zeta5-Max-Preview", "Zeta-5-Max-Preview"),
            ("Zeta-5-Max-Preview", "Zeta5-Max-Preview"),
        ] {
            let (_, bundle, found) = findings(
                &format!("//- a.txt\nThe {first} shipped.\n//- b.txt\nThe {second} shipped.\n"),
                RULE,
            );
            assert_eq!(found.len(), 1, "{found:#?}");
            let f = &found[0];
            let flagged = bundle.get(f.location.doc).map(|d| d.slice(f.location.span));
            assert_eq!(flagged, Some("Zeta5-Max-Preview"));
            assert_eq!(f.fixes[0].title, "Replace with 'Zeta-5-Max-Preview'");
            assert!(!f.fixes[0].preferred && !f.fixes[0].certain);
            assert!(f.message.contains("nothing tells"), "{}", f.message);
        }
    }

    #[test]
    fn an_original_spelling_wins_over_a_machine_translation_in_any_order() {
        let mt = "Strategist Mara Quil said output rose 4,5 percent , the ministry said .";
        let original = "Strategist Mara Quill said output rose 4.5%, the ministry said.";
        for (mt_name, original_name) in [("a.txt", "b.txt"), ("b.txt", "a.txt")] {
            for mt_first in [true, false] {
                let (one, two) = if mt_first {
                    ((mt_name, mt), (original_name, original))
                } else {
                    ((original_name, original), (mt_name, mt))
                };
                let text = format!("//- {}\n{}\n//- {}\n{}\n", one.0, one.1, two.0, two.1);
                let (_, bundle, found) = findings(&text, RULE);
                assert_eq!(found.len(), 1, "{found:#?}");
                let f = &found[0];
                assert_eq!(bundle.cite(f.location), format!("{mt_name}:1"));
                assert_eq!(f.fixes[0].title, "Replace with 'Mara Quill'");
                assert!(f.fixes[0].preferred && !f.fixes[0].certain);
                assert!(
                    f.message.contains("not machine translations"),
                    "{}",
                    f.message
                );
            }
        }
    }
}
