//! The `name-house-style` check: a name of the knowledge base written in
//! other capitals than any of its spellings ("Exampleai" for "ExampleAI").
//! Owns comparing the text with the knowledge base's spellings
//! ([`crate::knowledge::for_config`]: the embedded one with the user's
//! entries); the canonical
//! spellings of `[names] canonical` in `copydesk.toml` are `name-variant`'s.
//!
//! Left alone: a spelling that any entry lists (weak ones included), words
//! in capitals only (headlines, datelines; the knowledge base matches them
//! as the name), words in lower case only (an ordinary word, a web
//! address), and names in `[names] ignore`. The fix, the entry's spelling,
//! is certain: only the capitals change.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::automaton::kind_for;
use crate::checks::{Check, CheckContext, Scope};
use crate::kb::Kb;
use crate::knowledge;
use crate::text::is_whole_word;
use crate::types::{Edit, Finding, Fix, Location, RuleInfo, Severity, Span};

pub struct NameHouseStyle;

static INFO: RuleInfo = RuleInfo {
    id: "name-house-style",
    default_severity: Severity::Warning,
    summary: "A known name written in other capitals than its own (knowledge base).",
    flags: &["'Openai' for OpenAI", "'Chatgpt' for ChatGPT"],
    passes: &[
        "'OPENAI' in a line in capitals",
        "'openai.com': lower case only",
        "'Ernie' where the knowledge base lists it as a spelling",
    ],
};

/// The knowledge base's spellings, compiled.
struct Spellings {
    /// Automaton patterns: every spelling of three letters or more.
    patterns: Vec<String>,
    ac: Option<AhoCorasick>,
    /// Every spelling as written, weak ones included.
    exact: HashSet<String>,
    /// Lower-case spelling → the spellings it stands for.
    by_folded: HashMap<String, Vec<String>>,
}

impl Spellings {
    fn new(kb: &Kb) -> Spellings {
        let mut patterns = Vec::new();
        let mut exact = HashSet::new();
        let mut by_folded: HashMap<String, Vec<String>> = HashMap::new();
        for e in &kb.entries {
            for (s, _weak) in Kb::spellings(e) {
                exact.insert(s.to_string());
                let folded = by_folded.entry(s.to_lowercase()).or_default();
                if !folded.iter().any(|x| x == s) {
                    folded.push(s.to_string());
                }
                // Weak spellings too, so that the longest spelling as
                // written wins ("Ernie Bot" over "ERNIE").
                if s.chars().filter(|c| c.is_alphabetic()).count() >= 3 {
                    patterns.push(s.to_string());
                }
            }
        }
        patterns.sort();
        patterns.dedup();
        // A DFA unless a spelling from `copydesk.toml` is long.
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(kind_for(&patterns)))
            .build(&patterns)
            .ok();
        Spellings {
            patterns,
            ac,
            exact,
            by_folded,
        }
    }
}

/// The compiled spellings of a knowledge base, made on first use and kept
/// by the base ([`Kb::derived`]).
fn spellings(kb: &Kb) -> Arc<Spellings> {
    kb.derived(Spellings::new)
}

impl Check for NameHouseStyle {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn scope(&self) -> Scope {
        Scope::Document
    }

    fn run(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let kb = knowledge::for_config(cx.config);
        let sp = spellings(&kb);
        let Some(ac) = &sp.ac else {
            return;
        };
        let ignored: HashSet<String> = cx
            .config
            .names
            .ignore
            .iter()
            .map(|n| n.to_lowercase())
            .collect();
        for doc in cx.documents() {
            for m in ac.find_iter(&*doc.text) {
                let span = Span::new(m.start(), m.end());
                if !is_whole_word(&doc.text, span) {
                    continue;
                }
                let written = doc.slice(span);
                if sp.exact.contains(written) || ignored.contains(&written.to_lowercase()) {
                    continue;
                }
                let letters = || written.chars().filter(|c| c.is_alphabetic());
                if letters().all(char::is_uppercase) || letters().all(char::is_lowercase) {
                    continue;
                }
                // Part of a web address or a longer dotted or hyphenated word.
                let next = doc.text[span.end..].chars().next();
                let after_next = doc.text[span.end..].chars().nth(1);
                if matches!(next, Some('.' | '-' | '@' | '/' | '_'))
                    && after_next.is_some_and(char::is_alphanumeric)
                {
                    continue;
                }
                let prev = doc.text[..span.start].chars().next_back();
                if matches!(prev, Some('.' | '-' | '@' | '/' | '_')) {
                    continue;
                }
                let Some(pattern) = sp.patterns.get(m.pattern().as_usize()) else {
                    continue;
                };
                let canonical = sp
                    .by_folded
                    .get(&pattern.to_lowercase())
                    .and_then(|v| v.first())
                    .cloned()
                    .unwrap_or_else(|| pattern.clone());
                let location = Location { doc: doc.id, span };
                out.push(Finding {
                    rule: INFO.id,
                    severity: INFO.default_severity,
                    location,
                    message: format!("'{written}' is written '{canonical}'"),
                    related: Vec::new(),
                    fixes: vec![Fix {
                        title: format!("Replace with '{canonical}'"),
                        edits: vec![Edit {
                            location,
                            new_text: canonical,
                        }]
                        .into(),
                        certain: true,
                        preferred: true,
                    }],
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::fixture::{check_rules, check_rules_with_config, findings};

    const RULE: &[&str] = &["name-house-style"];

    fn config() -> Config {
        Config::parse(
            r#"
[[entity]]
id = "exampleai"
kind = "company"
name = "ExampleAI"
aliases = ["ExampleAI Labs"]
weak_aliases = ["Exampleai Bot"]
what = "A maker of chat software."
source = { title = "test", as_of = "2025" }
"#,
        )
        .expect("config")
    }

    #[test]
    fn other_capitals_of_a_known_name() {
        check_rules_with_config(
            r#"
//- a.txt
Investors backed Exampleai and its rival ExampleAI Labs.
                 ^^^^^^^^^ name-house-style: 'Exampleai' is written 'ExampleAI'
"#,
            RULE,
            &config(),
        );
        let (_, _, found) = crate::fixture::findings_with_config(
            "//- a.txt\nInvestors backed Exampleai.\n",
            RULE,
            &config(),
        );
        assert!(found[0].fixes[0].certain);
        assert_eq!(found[0].fixes[0].edits[0].new_text, "ExampleAI");
    }

    #[test]
    fn capitals_lower_case_addresses_weak_spellings_and_ignored_names_pass() {
        check_rules_with_config(
            r#"
//- a.txt
EXAMPLEAI SHARES JUMP
See exampleai.com and Exampleai.com, the Exampleai Bot and ExampleAI.
"#,
            RULE,
            &config(),
        );
        let mut c = config();
        c.names.ignore = vec!["Exampleai".to_string()];
        check_rules_with_config("//- a.txt\nInvestors backed Exampleai.\n", RULE, &c);
    }

    #[test]
    fn embedded_knowledge_base_names() {
        let (_, _, found) = findings(
            "//- a.txt\nThe start-up Openai designed Chatgpt, and OpenAI sells it.\n",
            RULE,
        );
        let texts: Vec<&str> = found.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            texts,
            [
                "'Openai' is written 'OpenAI'",
                "'Chatgpt' is written 'ChatGPT'"
            ]
        );
        check_rules("//- a.txt\nShares of a cloud firm rose.\n", RULE);
    }
}
