//! Quotation mutants: one word changed inside a run of words that another
//! article's quotation also has.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use regex::Regex;

use super::{site, word_regex, Site};

fn quote_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r#"“([^”]+)”|"([^"\n]+)""#).expect("quote pattern"))
}

const SHINGLE: usize = 6;

/// The words of every quotation: (doc, lower-case word, byte range).
/// A quotation's words: lower-case form and byte range in the article.
type QuotedWords = Vec<(String, usize, usize)>;

fn quotation_words(docs: &[(String, String)]) -> Vec<(usize, QuotedWords)> {
    let mut out = Vec::new();
    for (d, (_, text)) in docs.iter().enumerate() {
        for c in quote_regex().captures_iter(text) {
            let Some(body) = c.get(1).or_else(|| c.get(2)) else {
                continue;
            };
            let words: Vec<(String, usize, usize)> = word_regex()
                .find_iter(body.as_str())
                .map(|w| {
                    (
                        w.as_str().to_lowercase(),
                        body.start() + w.start(),
                        body.start() + w.end(),
                    )
                })
                .collect();
            out.push((d, words));
        }
    }
    out
}

/// Sites are single words of a quotation that lie in a run of six words
/// another article's quotation also has.
pub(super) fn quote_sites(docs: &[(String, String)]) -> Vec<Site> {
    let quotes = quotation_words(docs);
    let mut shingles: HashMap<Vec<&str>, HashSet<usize>> = HashMap::new();
    for (d, words) in &quotes {
        for w in words.windows(SHINGLE) {
            let key: Vec<&str> = w.iter().map(|(s, _, _)| s.as_str()).collect();
            shingles.entry(key).or_default().insert(*d);
        }
    }
    let mut sites = Vec::new();
    for (d, words) in &quotes {
        let mut shared = vec![false; words.len()];
        for (i, w) in words.windows(SHINGLE).enumerate() {
            let key: Vec<&str> = w.iter().map(|(s, _, _)| s.as_str()).collect();
            if shingles
                .get(&key)
                .is_some_and(|ds| ds.iter().any(|o| o != d))
            {
                shared[i..i + SHINGLE].iter_mut().for_each(|s| *s = true);
            }
        }
        for (i, (w, s, e)) in words.iter().enumerate() {
            if shared[i] && w.chars().count() >= 4 {
                sites.push(site(*d, *s, *e));
            }
        }
    }
    sites
}
