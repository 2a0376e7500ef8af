//! The avoided terms of `copydesk.toml` (`[terms]`) for
//! `translation-false-friend`: each found as whole words and reported with
//! its preferred form.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::INFO;
use crate::automaton::kind_for;
use crate::bundle::Document;
use crate::config::TermConfig;
use crate::shared::false_friends::with_case_of;
use crate::text::is_whole_word;
use crate::types::{Edit, Finding, Fix, Location, Span};

/// `[terms]` of `copydesk.toml`: avoided terms with their preferred form.
pub(super) struct HouseTerms<'a> {
    pub(super) terms: Vec<(&'a String, &'a TermConfig)>,
    pub(super) ac: Option<AhoCorasick>,
}

impl<'a> HouseTerms<'a> {
    pub(super) fn new(
        config: &'a std::collections::BTreeMap<String, TermConfig>,
    ) -> HouseTerms<'a> {
        let terms: Vec<(&String, &TermConfig)> = config
            .iter()
            .filter(|(t, _)| !t.trim().is_empty())
            .collect();
        let ac = if terms.is_empty() {
            None
        } else {
            // A DFA unless a term is long ([`kind_for`]).
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::LeftmostLongest)
                .kind(Some(kind_for(terms.iter().map(|(t, _)| t.as_str()))))
                .build(terms.iter().map(|(t, _)| t.as_str()))
                .ok()
        };
        HouseTerms { terms, ac }
    }

    /// Reports the avoided terms of one document; returns their spans.
    pub(super) fn report(&self, doc: &Document, out: &mut Vec<Finding>) -> Vec<Span> {
        let mut spans = Vec::new();
        let Some(ac) = &self.ac else {
            return spans;
        };
        for m in ac.find_iter(&*doc.text) {
            let span = Span::new(m.start(), m.end());
            if !is_whole_word(&doc.text, span) {
                continue;
            }
            let Some((avoided, term)) = self.terms.get(m.pattern().as_usize()) else {
                continue;
            };
            if term
                .prefer
                .as_deref()
                .is_some_and(|p| within_preferred(&doc.text, span, avoided, p))
            {
                continue;
            }
            let written = doc.slice(span);
            let location = Location { doc: doc.id, span };
            let prefer = term.prefer.as_deref().map(|p| with_case_of(written, p));
            let message = match (&term.message, &prefer) {
                (Some(msg), _) => format!("'{written}': {msg}"),
                (None, Some(p)) => format!("'{written}' is not house style; write '{p}'"),
                (None, None) => format!("'{written}' is not house style"),
            };
            let fixes = prefer
                .map(|new_text| Fix {
                    title: format!("Replace with '{new_text}'"),
                    edits: vec![Edit { location, new_text }].into(),
                    certain: term.certain,
                    preferred: true,
                })
                .into_iter()
                .collect();
            out.push(Finding {
                rule: INFO.id,
                severity: INFO.default_severity,
                location,
                message,
                related: Vec::new(),
                fixes,
            });
            spans.push(span);
        }
        spans
    }
}

/// The avoided term at `span` is part of its preferred form written
/// around it ("s" of "s'", "gas pedal" of "gas pedals"): the text already
/// says what the house prefers, and replacing it would write the term
/// again.
fn within_preferred(text: &str, span: Span, avoided: &str, prefer: &str) -> bool {
    let len = span.end - span.start;
    (0..prefer.len()).any(|at| {
        prefer
            .get(at..at + len)
            .is_some_and(|p| p.eq_ignore_ascii_case(avoided))
            && span.start.checked_sub(at).is_some_and(|start| {
                text.get(start..start + prefer.len())
                    .is_some_and(|t| t.eq_ignore_ascii_case(prefer))
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULE: &[&str] = &["translation-false-friend"];

    #[test]
    fn house_terms_from_the_config_extend_the_list() {
        let config = crate::config::Config::parse(
            r#"
[terms]
"utilise" = { prefer = "use", certain = true }
"gas pedals" = { prefer = "accelerator chips", message = "the chips, not car parts" }
"#,
        )
        .expect("config");
        crate::fixture::check_rules_with_config(
            r#"
//- a.txt
Utilise the new chips, which replace gas pedals for AI; utilisation grew.
^^^^^^^ translation-false-friend: 'Utilise' is not house style; write 'Use'
                                     ^^^^^^^^^^ translation-false-friend: 'gas pedals': the chips, not car parts
"#,
            RULE,
            &config,
        );
        let (_, _, found) =
            crate::fixture::findings_with_config("//- a.txt\nWe utilise it.\n", RULE, &config);
        assert!(found[0].fixes[0].certain);
        assert_eq!(found[0].fixes[0].edits[0].new_text, "use");
    }

    /// A term inside its own preferred form is that form, not the term:
    /// its fix would write the term again, for ever.
    #[test]
    fn a_term_written_inside_its_preferred_form_is_not_reported() {
        let config = crate::config::Config::parse(
            "[terms]\n\"s\" = { prefer = \"s'\" }\n\"gas pedal\" = { prefer = \"the gas pedal\" }\n",
        )
        .expect("config");
        let text = "//- a.txt\nThe U.S' plan and the U.S. plan; the gas pedal, a gas pedal.\n";
        let (_, _, found) = crate::fixture::findings_with_config(text, RULE, &config);
        let at: Vec<usize> = found.iter().map(|f| f.location.span.start).collect();
        // "S" of "U.S." and "gas pedal" after "a"; not "S'" nor "the gas
        // pedal".
        assert_eq!(at, [24, 50], "{found:?}");
    }

    #[test]
    fn a_very_long_house_term_builds_a_linear_automaton_and_is_found() {
        // A DFA's build grows with the square of one long term; the
        // contiguous NFA's with its length.
        let long = "acme ".repeat(8_000);
        let long = long.trim_end().to_string();
        let mut terms = std::collections::BTreeMap::new();
        terms.insert(
            long.clone(),
            TermConfig {
                prefer: Some("Acme".into()),
                ..TermConfig::default()
            },
        );
        let house = HouseTerms::new(&terms);
        let ac = house.ac.as_ref().expect("automaton");
        assert_eq!(ac.kind(), aho_corasick::AhoCorasickKind::ContiguousNFA);
        let config = crate::config::Config {
            terms,
            ..crate::config::Config::default()
        };
        let text = format!("//- a.txt\nThey said {long} again.\n");
        let (_, _, found) = crate::fixture::findings_with_config(&text, RULE, &config);
        assert_eq!(found.len(), 1, "{found:?}");
    }
}
