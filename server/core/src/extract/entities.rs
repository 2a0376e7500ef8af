//! Entity mentions: companies, indices, chips and AI models of the
//! knowledge base ([`crate::kb`]) found in one document, by their
//! names and aliases (legal suffixes included) and by their tickers in the
//! usual written forms ("9988.HK", "NYSE: BABA", "HKEX: 9988", "$NVDA",
//! "(BIDU)").
//!
//! Matching is one aho-corasick automaton over every spelling, whole words
//! only. A spelling of four letters or more also matches written all in
//! capitals ("ALIBABA"); otherwise case must be as written. Weak spellings (ordinary words or
//! first names, such as a model called like a star sign) and bare tickers
//! count only where the article names the entity (or its maker) another
//! way; a bare ticker needs three capitals, parentheses, an exchange prefix
//! or a `$`, so "IT" or "AI" never becomes a ticker.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::kb::{self, Kb, Kind};
use crate::lexicon;
use crate::types::Span;

/// How a mention is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntityForm {
    /// A name or alias: "Alibaba", "NVIDIA Corp.".
    Name,
    /// A ticker: "9988.HK", "BABA" (the span excludes an exchange prefix
    /// and a `$`).
    Ticker,
}

/// One mention of a knowledge-base entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityMention {
    pub span: Span,
    /// The entry's id in the knowledge base.
    pub entity: String,
    pub form: EntityForm,
}

#[derive(Debug, Clone)]
enum PatKind {
    Name {
        weak: bool,
        alias_chars: usize,
    },
    /// A ticker with an exchange suffix ("9988.HK").
    TickerSuffixed,
    /// A ticker without a suffix: needs context.
    TickerBare {
        exchange: String,
    },
}

#[derive(Debug, Clone)]
struct Pat {
    entry: usize,
    text: String,
    kind: PatKind,
}

/// The compiled matcher of one knowledge base. It is kept by that base
/// ([`matcher_for`]), so it holds no reference to it.
pub struct Matcher {
    /// Entry index → the entry's id and kind.
    entries: Vec<(String, Kind)>,
    ac: Option<AhoCorasick>,
    /// Candidates per automaton pattern.
    pats: Vec<Vec<Pat>>,
    /// Exchange code → its prefixes.
    prefixes: HashMap<String, Vec<String>>,
    /// Entry index → the entries whose strong mention admits its weak ones
    /// (itself, its maker, its parent).
    related: Vec<Vec<usize>>,
}

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Matcher")
            .field("patterns", &self.pats.len())
            .finish()
    }
}

/// Numeric tickers as written: "0700" and "700" for a padded exchange.
fn ticker_variants(ticker: &str, pad: usize) -> Vec<String> {
    let mut out = vec![ticker.to_string()];
    if pad > 0 && ticker.chars().all(|c| c.is_ascii_digit()) {
        let stripped = ticker.trim_start_matches('0');
        if !stripped.is_empty() {
            out.push(stripped.to_string());
            if stripped.len() < pad {
                out.push(format!("{stripped:0>pad$}"));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

impl Matcher {
    pub fn new(kb: &Kb) -> Matcher {
        let mut by_text: HashMap<String, usize> = HashMap::new();
        let mut keys: Vec<String> = Vec::new();
        let mut pats: Vec<Vec<Pat>> = Vec::new();
        let mut push = |text: String, p: Pat, keys: &mut Vec<String>, pats: &mut Vec<Vec<Pat>>| {
            let i = *by_text.entry(text.clone()).or_insert_with(|| {
                keys.push(text.clone());
                pats.push(Vec::new());
                keys.len() - 1
            });
            pats[i].push(p);
        };
        let ids: HashMap<&str, usize> = kb
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.as_str(), i))
            .collect();
        let mut related = Vec::with_capacity(kb.entries.len());
        for (i, e) in kb.entries.iter().enumerate() {
            let spellings = Kb::spellings(e);
            let names: HashSet<&str> = spellings.iter().map(|(s, _)| *s).collect();
            for (s, weak) in &spellings {
                let s = s.trim();
                // The automaton is case-insensitive; case is checked per match.
                let key = s.to_lowercase();
                push(
                    key,
                    Pat {
                        entry: i,
                        text: s.to_string(),
                        kind: PatKind::Name {
                            weak: *weak,
                            alias_chars: s.chars().count(),
                        },
                    },
                    &mut keys,
                    &mut pats,
                );
            }
            for l in kb.listings(e) {
                let Some(x) = kb.exchange(&l.exchange) else {
                    continue;
                };
                for t in ticker_variants(&l.ticker, x.pad) {
                    for suffix in &x.suffixes {
                        let text = format!("{t}{suffix}");
                        push(
                            text.to_lowercase(),
                            Pat {
                                entry: i,
                                text,
                                kind: PatKind::TickerSuffixed,
                            },
                            &mut keys,
                            &mut pats,
                        );
                    }
                    if !names.contains(t.as_str()) {
                        push(
                            t.to_lowercase(),
                            Pat {
                                entry: i,
                                text: t.clone(),
                                kind: PatKind::TickerBare {
                                    exchange: x.code.clone(),
                                },
                            },
                            &mut keys,
                            &mut pats,
                        );
                    }
                }
            }
            // Itself, its maker and parent, and their parents.
            let mut rel = vec![i];
            for r in e.maker.iter().chain(e.parent.iter()) {
                if let Some(&j) = ids.get(r.as_str()) {
                    rel.push(j);
                    if let Some(&k) = kb.entries[j]
                        .parent
                        .as_ref()
                        .and_then(|p| ids.get(p.as_str()))
                    {
                        rel.push(k);
                    }
                }
            }
            related.push(rel);
        }
        // A DFA unless a name from a knowledge file is long ([`kind_for`]).
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .kind(Some(crate::automaton::kind_for(&keys)))
            .build(&keys)
            .ok();
        let prefixes = kb
            .exchanges
            .iter()
            .map(|x| (x.code.clone(), x.prefixes.clone()))
            .collect();
        Matcher {
            entries: kb.entries.iter().map(|e| (e.id.clone(), e.kind)).collect(),
            ac,
            pats,
            prefixes,
            related,
        }
    }

    /// Every entity mention of `text`, in order, without overlaps.
    /// `sentences` are the document's sentence spans (to tie a bare ticker
    /// in parentheses to a name in the same sentence).
    pub fn find(&self, text: &str, sentences: &[Span]) -> Vec<EntityMention> {
        let Some(ac) = &self.ac else {
            return Vec::new();
        };
        // Candidates: (span, entry, form, what context is still to be checked).
        let mut cands: Vec<(Span, usize, EntityForm, Needs)> = Vec::new();
        for m in ac.find_overlapping_iter(text) {
            let span = Span::new(m.start(), m.end());
            let Some(found) = text.get(span.start..span.end) else {
                continue;
            };
            if !text.is_char_boundary(span.start)
                || !text.is_char_boundary(span.end)
                || !crate::text::is_whole_word(text, span)
            {
                continue;
            }
            let Some(list) = self.pats.get(m.pattern().as_usize()) else {
                continue;
            };
            for p in list {
                match &p.kind {
                    PatKind::Name { weak, alias_chars } => {
                        let exact = found == p.text;
                        let capitals = *alias_chars >= 4
                            && !found.chars().any(char::is_lowercase)
                            && found.eq_ignore_ascii_case(&p.text);
                        if exact || capitals {
                            let needs = if *weak {
                                Needs::Related
                            } else {
                                Needs::Nothing
                            };
                            cands.push((span, p.entry, EntityForm::Name, needs));
                        }
                    }
                    PatKind::TickerSuffixed => {
                        if found == p.text {
                            cands.push((span, p.entry, EntityForm::Ticker, Needs::Nothing));
                        }
                    }
                    PatKind::TickerBare { exchange } => {
                        if found != p.text {
                            continue;
                        }
                        if let Some(needs) = self.bare_ticker_context(text, span, exchange) {
                            cands.push((span, p.entry, EntityForm::Ticker, needs));
                        }
                    }
                }
            }
        }
        // Entries named strongly, in the document and per sentence.
        let strong: HashSet<usize> = cands
            .iter()
            .filter(|c| c.3 == Needs::Nothing && c.2 == EntityForm::Name)
            .map(|c| c.1)
            .collect();
        let sentence_of = |off: usize| {
            let i = sentences.partition_point(|s| s.end < off);
            sentences.get(i).copied().filter(|s| s.contains_offset(off))
        };
        let admitted = |entry: usize| {
            self.related
                .get(entry)
                .is_some_and(|r| r.iter().any(|j| strong.contains(j)))
        };
        let kept: Vec<(Span, usize, EntityForm)> = cands
            .iter()
            .filter(|c| match c.3 {
                Needs::Nothing => true,
                Needs::Related => admitted(c.1),
                Needs::RelatedInSentence => {
                    let sent = sentence_of(c.0.start);
                    cands.iter().any(|d| {
                        d.1 == c.1
                            && d.3 == Needs::Nothing
                            && d.2 == EntityForm::Name
                            && sentence_of(d.0.start) == sent
                    })
                }
            })
            .map(|c| (c.0, c.1, c.2))
            .collect();
        // Leftmost-longest without overlaps; on a tie, the first entry.
        let mut sorted = kept;
        sorted.sort_by(|a, b| {
            (a.0.start, std::cmp::Reverse(a.0.end), a.1).cmp(&(
                b.0.start,
                std::cmp::Reverse(b.0.end),
                b.1,
            ))
        });
        let mut out: Vec<EntityMention> = Vec::new();
        let mut end = 0;
        for (span, entry, form) in sorted {
            if span.start < end && !out.is_empty() {
                continue;
            }
            let (id, kind) = &self.entries[entry];
            let span = match (form, *kind) {
                (EntityForm::Name, Kind::Company) => with_legal_suffix(text, span),
                _ => span,
            };
            end = span.end;
            out.push(EntityMention {
                span,
                entity: id.clone(),
                form,
            });
        }
        out
    }

    /// The context that makes a bare ticker one, or None when nothing can.
    fn bare_ticker_context(&self, text: &str, span: Span, exchange: &str) -> Option<Needs> {
        let before = &text[..span.start];
        let after = &text[span.end..];
        let ticker = &text[span.start..span.end];
        let letters = ticker.chars().all(|c| c.is_ascii_uppercase());
        // "$NVDA"
        if letters && before.ends_with('$') {
            return Some(Needs::Nothing);
        }
        // "NYSE: BABA", "HKEX:9988", "(NASDAQ: BIDU)"
        let trimmed = before.trim_end_matches([' ', '\u{a0}']);
        let colon = trimmed
            .strip_suffix(':')
            .or_else(|| trimmed.strip_suffix('：'));
        if let Some(pre) = colon {
            let pre = pre.trim_end();
            if let Some(prefixes) = self.prefixes.get(exchange) {
                for p in prefixes {
                    if let Some(rest) = pre.strip_suffix(p.as_str()) {
                        if !rest.chars().next_back().is_some_and(char::is_alphanumeric) {
                            return Some(Needs::Nothing);
                        }
                    }
                }
            }
            return None;
        }
        if !letters {
            return None;
        }
        let in_parens = trimmed.ends_with('(')
            && after
                .trim_start_matches([' ', '\u{a0}'])
                .starts_with([')', ',', ';']);
        if in_parens {
            return Some(Needs::RelatedInSentence);
        }
        if ticker.len() >= 3 && !line_is_capitals(text, span) {
            return Some(Needs::Related);
        }
        None
    }
}

/// A company name with the legal suffixes written after it ("Examplecorp
/// Co., Ltd.", "Examplecorp Inc."), from the name lexicon.
fn with_legal_suffix(text: &str, span: Span) -> Span {
    let lex = lexicon::names();
    let mut end = span.end;
    loop {
        let rest = &text[end..];
        let after_comma = rest.strip_prefix(',').unwrap_or(rest);
        let trimmed = after_comma.trim_start_matches(' ');
        let spaces = after_comma.len() - trimmed.len();
        if spaces == 0 || spaces > 1 {
            break;
        }
        let word_len = trimmed
            .find(|c: char| !(c.is_alphanumeric() || c == '.' || c == '/'))
            .unwrap_or(trimmed.len());
        let word = trimmed[..word_len].trim_end_matches('.');
        let capital = word.chars().next().is_some_and(char::is_uppercase);
        if !capital || !lex.is_legal_suffix(word) {
            break;
        }
        // Keep the period of an abbreviation ("Inc."), not a sentence's last one
        // after a full word ("Limited.").
        let with_dot = trimmed[word.len()..].starts_with('.') && word.len() <= 4;
        end += (rest.len() - trimmed.len()) + word.len() + usize::from(with_dot);
    }
    Span::new(span.start, end)
}

/// What a candidate mention still needs to be kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Needs {
    Nothing,
    /// A strong mention of the entry, its maker or its parent in the document.
    Related,
    /// A strong mention of the entry in the same sentence.
    RelatedInSentence,
}

/// Is the line around `span` written in capitals (a headline or a shout)?
fn line_is_capitals(text: &str, span: Span) -> bool {
    let start = crate::text::line_start(text, span.start);
    let end = crate::text::line_end(text, span.end);
    let line = &text[start..end];
    let letters = line.chars().filter(|c| c.is_alphabetic()).count();
    let upper = line.chars().filter(|c| c.is_uppercase()).count();
    letters >= 8 && upper * 10 >= letters * 8
}

/// The matcher of the embedded knowledge base, built once.
pub fn embedded_matcher() -> Arc<Matcher> {
    matcher_for(kb::embedded())
}

/// The matcher of a knowledge base, built on first use and kept by it.
pub fn matcher_for(kb: &Kb) -> Arc<Matcher> {
    kb.derived(Matcher::new)
}

/// Entity mentions of one document with the embedded knowledge base.
pub fn extract_entities(text: &str, sentences: &[Span]) -> Vec<EntityMention> {
    embedded_matcher().find(text, sentences)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::sentences;

    const KB: &str = r#"
[[exchange]]
code = "NYSE"
name = "New York Stock Exchange"
prefixes = ["NYSE"]
suffixes = [".N"]
source = { title = "t", as_of = "2025" }

[[exchange]]
code = "HKEX"
name = "Hong Kong"
prefixes = ["HKEX", "HKG"]
suffixes = [".HK"]
pad = 4
source = { title = "t", as_of = "2025" }

[[entity]]
id = "examplecorp"
kind = "company"
name = "Examplecorp"
legal_name = "Examplecorp Holdings Limited"
aliases = ["Examplecorp Holdings Ltd."]
listings = ["NYSE:EXMP", "HKEX:0707"]
what = "A made-up company."
source = { title = "t", as_of = "2025" }

[[entity]]
id = "itco"
kind = "company"
name = "Itco Systems"
listings = ["NYSE:IT"]
what = "A made-up company with a short ticker."
source = { title = "t", as_of = "2025" }

[[entity]]
id = "zx9"
kind = "chip"
name = "ZX9"
aliases = ["Examplecorp ZX9"]
weak_aliases = ["Zenith"]
maker = "examplecorp"
what = "A made-up chip."
source = { title = "t", as_of = "2025" }
"#;

    fn find(text: &str) -> Vec<(String, String)> {
        let kb = Arc::new(Kb::from_files([("t.toml", KB)]).unwrap());
        let m = Matcher::new(&kb);
        m.find(text, &sentences(text))
            .into_iter()
            .map(|e| (text[e.span.start..e.span.end].to_string(), e.entity))
            .collect()
    }

    fn texts(text: &str) -> Vec<String> {
        find(text).into_iter().map(|(t, _)| t).collect()
    }

    #[test]
    fn names_aliases_and_legal_names_whole_words() {
        assert_eq!(
            texts("Examplecorp Holdings Ltd. said Examplecorp's ZX9 beat EXAMPLECORP. Examplecorps and examplecorp are not it."),
            vec!["Examplecorp Holdings Ltd.", "Examplecorp", "ZX9", "EXAMPLECORP"]
        );
    }

    #[test]
    fn tickers_in_their_written_forms() {
        assert_eq!(
            texts("Examplecorp (NYSE: EXMP) and 0707.HK, 707.HK, HKEX: 0707 and $EXMP rose."),
            vec!["Examplecorp", "EXMP", "0707.HK", "707.HK", "0707", "EXMP"]
        );
        // Bare: three capitals in an article that names the company.
        assert_eq!(
            texts("Examplecorp rose. EXMP gained 3%."),
            vec!["Examplecorp", "EXMP"]
        );
    }

    #[test]
    fn bare_tickers_need_context() {
        // Not named in the article: a bare ticker is not taken.
        assert!(texts("EXMP gained 3%.").is_empty());
        // A two-letter ticker that is a word: never bare.
        assert!(texts("Itco Systems said IT spending and AI rose.")
            .iter()
            .all(|t| t != "IT"));
        // In parentheses next to its name, it is.
        assert_eq!(texts("Itco Systems (IT) rose."), vec!["Itco Systems", "IT"]);
        // In parentheses elsewhere ("artificial intelligence (IT)"), not.
        assert_eq!(
            texts("Itco Systems rose.\nInformation technology (IT) spending fell."),
            vec!["Itco Systems"]
        );
        // A number alone is never a ticker.
        assert_eq!(texts("Examplecorp sold 0707 units."), vec!["Examplecorp"]);
        // A headline in capitals does not make three capitals a ticker.
        assert_eq!(
            texts("Examplecorp.\nEXMP SHARES SOAR ON NEWS"),
            vec!["Examplecorp"]
        );
    }

    #[test]
    fn weak_aliases_need_the_entity_or_its_maker() {
        assert!(texts("Zenith rose in the east.").is_empty());
        assert_eq!(
            texts("Examplecorp showed Zenith."),
            vec!["Examplecorp", "Zenith"]
        );
        assert_eq!(find("ZX9 and Zenith.")[1].1, "zx9");
    }

    /// The written forms of the issue, with the embedded knowledge base.
    #[test]
    fn embedded_knowledge_base_forms_and_traps() {
        let ids = |text: &str| -> Vec<(String, String)> {
            extract_entities(text, &sentences(text))
                .into_iter()
                .map(|e| (text[e.span.start..e.span.end].to_string(), e.entity))
                .collect()
        };
        let text = "Alibaba Group Holding Ltd. (NYSE: BABA) rose; BABA gained and (9988.HK) too. \
                    HKEX: 9988 closed higher. $NVDA fell. Baidu (BIDU) and NASDAQ: BIDU too.";
        let got = ids(text);
        let want = [
            ("Alibaba Group Holding Ltd.", "alibaba"),
            ("BABA", "alibaba"),
            ("BABA", "alibaba"),
            ("9988.HK", "alibaba"),
            ("9988", "alibaba"),
            ("NVDA", "nvidia"),
            ("Baidu", "baidu"),
            ("BIDU", "baidu"),
            ("BIDU", "baidu"),
        ];
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(got, want);
        // Traps: words that are tickers or look like names, but are not here.
        for trap in [
            "IT budgets and AI spending rose (AI) as ON and MU fell.",
            "An apple a day; the intel was wrong; the oracle spoke.",
            "BABA rose.",
            "He sold 9988 shares.",
            "Claude Monet painted; Grace and Hopper met at a disco.",
            "M1 motorway traffic was heavy.",
        ] {
            assert!(ids(trap).is_empty(), "{trap}: {:?}", ids(trap));
        }
        // Weak spellings with their maker named: "Grace" and "Hopper" of Nvidia.
        let got = ids("Nvidia paired Grace with Hopper.");
        assert_eq!(got.len(), 3, "{got:?}");
        assert_eq!(got[1].1, "nvidia-grace");
        assert_eq!(got[2].1, "nvidia-hopper");
        // A chip named with its maker's parent: Baidu's P800.
        let got = ids("Baidu trains on the P800.");
        assert_eq!(got[1].1, "kunlun-p800", "{got:?}");
    }

    #[test]
    fn legal_suffixes_join_a_company_name() {
        assert_eq!(
            texts("Examplecorp Inc. rose. Examplecorp, Ltd. fell. Examplecorp Co., Ltd. and Examplecorp Limited. Examplecorp in Hong Kong."),
            vec!["Examplecorp Inc.", "Examplecorp, Ltd.", "Examplecorp Co., Ltd.", "Examplecorp Limited", "Examplecorp"]
        );
        // Not for chips.
        assert_eq!(texts("ZX9 Inc."), vec!["ZX9"]);
        // Only a capitalised suffix: "company" here is a word.
        assert_eq!(
            texts("Examplecorp, company executives said."),
            vec!["Examplecorp"]
        );
    }

    #[test]
    fn case_rules() {
        // Short spellings only as written; longer ones also in capitals.
        assert_eq!(texts("zx9 and Zx9 and ZX9"), vec!["ZX9"]);
        assert_eq!(
            texts("EXAMPLECORP and ExampleCorp and examplecorp"),
            vec!["EXAMPLECORP"]
        );
    }
}
