//! The `translation-false-friend` check: literal translations that machine
//! translation leaves in financial and technology news ("gas pedals" for
//! accelerator chips, "fleas" for chips, "IA" for AI, "papers" for shares).
//! Reports the entries of `server/data/false_friends.toml` (read by
//! [`crate::shared::false_friends`]); the word pairs and their contexts are
//! data, the check knows none of them.
//!
//! Context decides: an entry may ask that the document be about a domain
//! (chips, AI, markets), that the sentence hold a word (a price move) or
//! none of some words (the literal sense: "fleas" next to "dogs"), or that
//! the document never use the literal sense ("Iowa" for "IA"). A form
//! written with a capital in mid-sentence is a name and left alone.
//!
//! A second pass finds a word of the wrong sense: one article that calls
//! the same owner's craft by words of two kinds (`server/data/senses.toml`),
//! "the ship of Acme Air" where it otherwise writes "the Acme Air plane";
//! the rare kind is flagged.
//!
//! The parts: [`crate::shared::false_friends`] holds the false friends,
//! the context tests and the matches of an article (shared with the
//! detection of machine translations); [`house_terms`] the avoided terms of `copydesk.toml`; [`senses`] the
//! second pass.

mod house_terms;
mod senses;

use std::collections::HashMap;

use crate::checks::{Check, CheckContext, Scope};
use crate::shared::false_friends::{self, data};
use crate::types::{Edit, Finding, Fix, Location, Related, RuleInfo, Severity};

use house_terms::HouseTerms;
use senses::wrong_senses;

pub struct TranslationFalseFriend;

static INFO: RuleInfo = RuleInfo {
    id: "translation-false-friend",
    default_severity: Severity::Warning,
    summary: "A literal translation that English news does not use: 'gas pedals' for accelerator chips, 'fleas' for chips, 'IA' for AI.",
    flags: &[
        "'replacing costly gas pedals' in a story about AI chips",
        "'its efforts in the electronic flea field'",
        "'a severe screw tower on tech giants'",
        "'its new IA model'",
        "'the company's papers have risen by 20%'",
    ],
    passes: &[
        "'the dog had fleas' in a story about pets",
        "'Des Moines, IA' where the story mentions Iowa",
        "'the papers were filed in court'",
        "'he won the title' in a sports story",
        "'a brake and accelerator pedal recall' in a car story",
    ],
};

impl Check for TranslationFalseFriend {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn scope(&self) -> Scope {
        Scope::Document
    }

    fn run(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let ff = data();
        let terms = HouseTerms::new(&cx.config.terms);
        let docs = cx.documents();
        let hits = false_friends::shared_hits(cx.memo, docs);
        for (doc, all) in docs.iter().zip(&hits) {
            let taken = terms.report(doc, out);
            for (span, written, other, ospan, kind) in wrong_senses(doc) {
                let related = Location {
                    doc: doc.id,
                    span: ospan,
                };
                out.push(Finding {
                    rule: INFO.id,
                    severity: INFO.default_severity,
                    location: Location { doc: doc.id, span },
                    message: format!(
                        "'{written}' for a craft this article otherwise calls a '{other}' ({}, {kind}): the wrong sense of a word a machine translation had to choose?",
                        doc.cite(ospan.start)
                    ),
                    related: vec![Related {
                        location: related,
                        message: format!("'{other}' here"),
                    }],
                    fixes: Vec::new(),
                });
            }
            let mut first_of: HashMap<usize, usize> = HashMap::new();
            // Edits of a term's later places, added to its first finding's fix.
            let mut more_edits: HashMap<usize, Vec<Edit>> = HashMap::new();
            let mut mine: Vec<Finding> = Vec::new();
            for hit in false_friends::outside(all, &taken).cloned() {
                let Some(entry) = ff.entries.get(hit.entry) else {
                    continue;
                };
                let (span, entry_index, new_text) = (hit.span, hit.entry, hit.new_text);
                let written = doc.slice(span);
                let location = Location { doc: doc.id, span };
                // One finding per term and article: later places are
                // related, and the fix replaces them all.
                if let Some(&at) = first_of.get(&entry_index) {
                    if let Some(first) = mine.get_mut(at) {
                        first.related.push(Related {
                            location,
                            message: format!("'{written}' again"),
                        });
                        more_edits
                            .entry(at)
                            .or_default()
                            .push(Edit { location, new_text });
                    }
                    continue;
                }
                first_of.insert(entry_index, mine.len());
                mine.push(Finding {
                    rule: INFO.id,
                    severity: INFO.default_severity,
                    location,
                    message: format!(
                        "'{written}' looks like {}; English news writes '{new_text}'",
                        entry.source
                    ),
                    related: Vec::new(),
                    fixes: vec![Fix {
                        title: format!("Replace with '{new_text}'"),
                        edits: vec![Edit { location, new_text }].into(),
                        certain: entry.certain,
                        preferred: true,
                    }],
                });
            }
            for (at, more) in more_edits {
                if let Some(fix) = mine.get_mut(at).and_then(|f| f.fixes.first_mut()) {
                    fix.edits = fix.edits.iter().cloned().chain(more).collect();
                }
            }
            out.append(&mut mine);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::fixture::{check_rules, findings};

    const RULE: &[&str] = &["translation-false-friend"];

    #[test]
    fn chips_and_crackdowns_in_a_tech_story() {
        check_rules(
            r#"
//- a.txt
Veltra is replacing costly imported gas pedals for artificial intelligence with its own chips.
                                    ^^^^^^^^^^ translation-false-friend: 'accelerators'
Its efforts in the electronic flea field impress, and Veltra fleas now ship.
                   ^^^^^^^^^^^^^^^ translation-false-friend: 'chip'
The company suffered a severe screw tower by regulators on tech groups.
                              ^^^^^^^^^^^ translation-false-friend: 'crackdown'
"#,
            RULE,
        );
    }

    #[test]
    fn ia_for_ai_unless_iowa() {
        check_rules(
            r#"
//- a.txt
Northwind presented its new IA language model, an artificial intelligence system.
                            ^^ translation-false-friend: 'AI'
//- b.txt
The AI startup opened an office in Des Moines, IA, the Iowa capital.
//- c.txt
Hong Kong's Insurance Authority (IA) said insurers may use AI to price risk, and the IA will publish rules.
"#,
            RULE,
        );
        let (_, _, found) = findings(
            "//- a.txt\nIts IA model beat rivals in AI benchmarks.\n",
            RULE,
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].fixes[0].edits[0].new_text, "AI");
        assert!(found[0].fixes[0].certain);
    }

    #[test]
    fn literal_senses_are_left_alone() {
        check_rules(
            r#"
//- a.txt
The shelter said the dogs had fleas, and the flea market reopened.
The chip maker's papers were filed in court after shares rose 5%.
The champion defended the title after his shares in the club rose 5%.
The car recall covers the accelerator pedal, a chip-controlled part.
Police action rose sharply after the stock market fell 5%.
"#,
            RULE,
        );
    }

    #[test]
    fn market_words_need_a_price_move() {
        check_rules(
            r#"
//- a.txt
Examplecorp's papers in Frankfurt have risen by 40% this year, traders said.
              ^^^^^^ translation-false-friend: 'shares'
The Examplecorp action had then jumped almost 13% on the stock exchange.
                ^^^^^^ translation-false-friend: 'stock'
Quotes of the group rose sharply at trading in Paris.
^^^^^^ translation-false-friend: 'Shares'
The title of Examplecorp fell 4.1% on the stock exchange, and the title falls further.
    ^^^^^ translation-false-friend: 'stock'
The title of the book fell out of use as sales rose 5% on the stock exchange.
The papers of Examplecorp gained 1% in Frankfurt.
The papers of the society fell 5% short of the goal.
The papers of Darwin rose 5% in value at auction.
The company's papers are on its website, and its action plan is public.
The papers released by the regulator showed the stock had risen 40% this year.
A class action claims the shares fell 20%, and the court action was dropped as the stock rose.
"#,
            RULE,
        );
    }

    #[test]
    fn corporate_french_and_german() {
        check_rules(
            r#"
//- a.txt
Examplecorp's benefit per share rose to 2 euros as the group realized a turnover of 5 billion euros.
              ^^^^^^^^^^^^^^^^^ translation-false-friend: 'earnings per share'
                                                             ^^^^^^^^^^^^^^^^^^^ translation-false-friend: 'had revenue'
The cession of its chip unit brought 2 billion euros, and it sold a participation of 10% in Northwind.
    ^^^^^^^ translation-false-friend: 'sale'
                                                                  ^^^^^^^^^^^^^^^^^^ translation-false-friend: 'a stake of'
Unions rejected the social plan, which cuts 900 jobs at the plant.
                    ^^^^^^^^^^^ translation-false-friend: 'redundancy plan'
The cession of the territory ended the war, and turnout showed a participation of 60% in the vote.
"#,
            RULE,
        );
    }

    #[test]
    fn capitalised_mid_sentence_is_a_name() {
        check_rules(
            r#"
//- a.txt
Investors in AI chips cheered as Flea, the bassist, bought Examplecorp shares.
"#,
            RULE,
        );
    }

    #[test]
    fn disaster_and_sport_renderings_of_french() {
        let text = "//- a.txt\n\
One person has died, according to a provisional balance sheet.\n\
The fire is not yet fixed, the prefecture said.\n\
Sacred champion, she thanked her coach.\n\
//- b.txt\n\
The group’s balance sheet could carry the debt of the deal.\n\
The date of the inquiry into the fire was fixed on Monday.\n\
The burial ground was sacred to the tribe.\n\
The champion said the site is sacred to her family.\n";
        let (_, bundle, found) = findings(text, RULE);
        let cited: Vec<String> = found.iter().map(|f| bundle.cite(f.location)).collect();
        assert_eq!(cited, ["a.txt:1", "a.txt:2", "a.txt:3"], "{found:#?}");
    }

    #[test]
    fn a_milliard_is_a_billion() {
        let (_, _, found) = findings("//- a.txt\nA 5 milliard euro chip plant opened.\n", RULE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].fixes[0].edits[0].new_text, "billion");
    }

    #[test]
    fn one_finding_per_term_and_article() {
        let text = "//- a.txt\n\
Sales reached 4 milliard euros, and costs 3 milliard euros.\n\
A further 2 milliards are planned.\n\
//- b.txt\n\
The group spent 9 milliard euros.\n";
        let (_, bundle, found) = findings(text, RULE);
        let cited: Vec<String> = found.iter().map(|f| bundle.cite(f.location)).collect();
        assert_eq!(cited, ["a.txt:1", "b.txt:1"], "{found:#?}");
        let first = &found[0];
        let related: Vec<String> = first
            .related
            .iter()
            .map(|r| bundle.cite(r.location))
            .collect();
        assert_eq!(related, ["a.txt:1", "a.txt:2"]);
        assert_eq!(first.fixes[0].edits.len(), 3);
        assert!(first.fixes[0].edits.iter().all(|e| e.new_text == "billion"));
    }
}
