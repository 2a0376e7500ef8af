//! How two versions of a quotation line up for `quote-mismatch`: an
//! alignment of the shorter against the best stretch of the longer, and
//! the differences described as an editor reads them.

use std::ops::Range;

use super::{
    is_function_word, Quote, GAP, MATCH, MIN_MATCHED, MIN_MATCHED_CONTENT, MIN_SAME_SHARE,
};

/// How two versions of a quotation line up: all of the shorter against
/// the stretch of the longer that fits it best, so that an excerpt costs
/// nothing; an omission ([`GAP`]) on either side matches any run of words.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Alignment {
    /// Words added or left out (a word replaced is both).
    pub(super) edits: usize,
    /// Words the same and in the same order.
    pub(super) matched: usize,
    /// Of them, content words.
    matched_content: usize,
    /// The longer side of the aligned stretch, in words.
    pub(super) span: usize,
    /// The runs that differ, as word ranges of the first and the second
    /// version (a range is empty where one version has nothing).
    pub(super) hunks: Vec<(Range<usize>, Range<usize>)>,
}

impl Alignment {
    /// One quotation worded differently (not two statements, not an
    /// excerpt).
    pub(super) fn reworded(&self) -> bool {
        self.edits > 0
            && self.matched >= MIN_MATCHED
            && self.matched_content >= MIN_MATCHED_CONTENT
            && self.matched as f64 >= MIN_SAME_SHARE * self.span as f64
    }
}

/// Aligns `a` with `b` (see [`Alignment`]); hunks are (words of `a`,
/// words of `b`).
pub(super) fn align(a: &[String], b: &[String]) -> Alignment {
    let mut al = if a.len() <= b.len() {
        align_into(a, b)
    } else {
        let mut al = align_into(b, a);
        for h in &mut al.hunks {
            std::mem::swap(&mut h.0, &mut h.1);
        }
        al
    };
    join_compounds(&mut al, a, b);
    al
}

/// The letters of `words[r]` run together.
fn joined(words: &[String], r: Range<usize>) -> Option<String> {
    words.get(r).map(|w| w.concat())
}

/// Takes out of the differences what is one word written open, hyphenated
/// or closed ("hard-working" / "hardworking", "per cent" / "%"): the
/// start or the end of a differing run where both versions have the same
/// letters, split into words differently. Each such stretch counts as one
/// word the same.
fn join_compounds(al: &mut Alignment, a: &[String], b: &[String]) {
    // The shortest stretches (i words of `ha`, j of `hb`) at the start of
    // the run with the same letters, at least one side of two words or more.
    fn same_letters(
        a: &[String],
        b: &[String],
        ha: &Range<usize>,
        hb: &Range<usize>,
        from_end: bool,
    ) -> Option<(usize, usize)> {
        for i in 1..=ha.len() {
            for j in 1..=hb.len() {
                if i + j < 3 {
                    continue;
                }
                let (ra, rb) = if from_end {
                    (ha.end - i..ha.end, hb.end - j..hb.end)
                } else {
                    (ha.start..ha.start + i, hb.start..hb.start + j)
                };
                let (Some(x), Some(y)) = (joined(a, ra), joined(b, rb)) else {
                    continue;
                };
                if x.len() == y.len() && x == y {
                    return Some((i, j));
                }
            }
        }
        None
    }
    let mut kept = Vec::with_capacity(al.hunks.len());
    for (mut ha, mut hb) in std::mem::take(&mut al.hunks) {
        for from_end in [false, true] {
            while !ha.is_empty() && !hb.is_empty() {
                let Some((i, j)) = same_letters(a, b, &ha, &hb, from_end) else {
                    break;
                };
                let word = if from_end {
                    ha.end -= i;
                    hb.end -= j;
                    joined(a, ha.end..ha.end + i)
                } else {
                    ha.start += i;
                    hb.start += j;
                    joined(a, ha.start - i..ha.start)
                };
                al.edits = al.edits.saturating_sub(i + j);
                al.matched += 1;
                if word.is_some_and(|w| !is_function_word(&w)) {
                    al.matched_content += 1;
                }
            }
        }
        if !ha.is_empty() || !hb.is_empty() {
            kept.push((ha, hb));
        }
    }
    al.hunks = kept;
}

/// All of `s` against the best stretch of `l`: the most words the same
/// and in order, each at the price of a few words added or left out
/// ([`MATCH`]); the words of `l` before and after the stretch are free.
fn align_into(s: &[String], l: &[String]) -> Alignment {
    let (n, m) = (s.len(), l.len());
    let w = m + 1;
    let mut d = vec![0i32; (n + 1) * w];
    let at = |i: usize, j: usize| i * w + j;
    for i in 1..=n {
        let gap = s[i - 1] == GAP;
        d[at(i, 0)] = d[at(i - 1, 0)] - i32::from(!gap);
        for j in 1..=m {
            d[at(i, j)] = if gap || l[j - 1] == GAP {
                d[at(i - 1, j)].max(d[at(i, j - 1)])
            } else {
                let skip = d[at(i - 1, j)].max(d[at(i, j - 1)]) - 1;
                if s[i - 1] == l[j - 1] {
                    skip.max(d[at(i - 1, j - 1)] + MATCH)
                } else {
                    skip
                }
            };
        }
    }
    let Some(end) = (0..=m).rev().max_by_key(|&j| d[at(n, j)]) else {
        return Alignment::default();
    };
    let mut al = Alignment::default();
    // Walk back: ops in reverse order. `open` is the end (i, j) of the
    // differing run being read.
    let (mut i, mut j) = (n, end);
    let (mut s_words, mut l_words) = (0usize, 0usize);
    let mut open: Option<(usize, usize)> = None;
    let close = |open: &mut Option<(usize, usize)>, hunks: &mut Vec<_>, i: usize, j: usize| {
        if let Some((ei, ej)) = open.take() {
            hunks.push((i..ei, j..ej));
        }
    };
    while i > 0 {
        let here = d[at(i, j)];
        if s[i - 1] == GAP {
            close(&mut open, &mut al.hunks, i, j);
            if j > 0 && here == d[at(i, j - 1)] {
                j -= 1;
            } else {
                i -= 1;
            }
        } else if j > 0 && l[j - 1] == GAP {
            close(&mut open, &mut al.hunks, i, j);
            if here == d[at(i - 1, j)] {
                i -= 1;
            } else {
                j -= 1;
            }
        } else if j > 0 && s[i - 1] == l[j - 1] && here == d[at(i - 1, j - 1)] + MATCH {
            close(&mut open, &mut al.hunks, i, j);
            al.matched += 1;
            if !is_function_word(&s[i - 1]) {
                al.matched_content += 1;
            }
            s_words += 1;
            l_words += 1;
            i -= 1;
            j -= 1;
        } else if here == d[at(i - 1, j)] - 1 {
            open.get_or_insert((i, j));
            al.edits += 1;
            s_words += 1;
            i -= 1;
        } else {
            open.get_or_insert((i, j));
            al.edits += 1;
            l_words += 1;
            j -= 1;
        }
    }
    close(&mut open, &mut al.hunks, i, j);
    al.hunks.reverse();
    al.span = s_words.max(l_words);
    al
}

/// The content words of `q` in `ranges`, sorted.
fn content_words(q: &Quote, ranges: impl Iterator<Item = Range<usize>>) -> Vec<&str> {
    let mut v: Vec<&str> = ranges
        .flatten()
        .filter_map(|i| q.words.get(i))
        .map(String::as_str)
        .filter(|w| !is_function_word(w))
        .collect();
    v.sort_unstable();
    v
}

/// The differences of an alignment as an editor reads them: “new words”
/// here, “old words” there. Runs that only move content words about are
/// shown as one, marked as word order.
pub(super) fn describe(al: &Alignment, here: &Quote, there: &Quote) -> String {
    let show = |q: &Quote, r: Range<usize>| -> String {
        q.shown.get(r).map(|w| w.join(" ")).unwrap_or_default()
    };
    let here_moved = content_words(here, al.hunks.iter().map(|h| h.0.clone()));
    let there_moved = content_words(there, al.hunks.iter().map(|h| h.1.clone()));
    if let (true, Some(first), Some(last)) = (
        al.hunks.len() >= 2 && !here_moved.is_empty() && here_moved == there_moved,
        al.hunks.first(),
        al.hunks.last(),
    ) {
        return format!(
            "“{}” here, “{}” there (word order)",
            show(here, first.0.start..last.0.end),
            show(there, first.1.start..last.1.end)
        );
    }
    // A run left out in one place and added in another is a run moved.
    let words = |q: &Quote, r: &Range<usize>| q.words.get(r.clone()).map(<[String]>::to_vec);
    let mut moved_to: Vec<Option<usize>> = vec![None; al.hunks.len()];
    let mut is_moved = vec![false; al.hunks.len()];
    for (x, (hx, tx)) in al.hunks.iter().enumerate() {
        if hx.is_empty() || !tx.is_empty() {
            continue;
        }
        let found = al.hunks.iter().enumerate().position(|(y, (hy, ty))| {
            hy.is_empty()
                && !ty.is_empty()
                && !is_moved.get(y).copied().unwrap_or(true)
                && words(here, hx) == words(there, ty)
        });
        if let Some(y) = found {
            if let Some(m) = moved_to.get_mut(x.min(y)) {
                *m = Some(x);
            }
            for z in [x, y] {
                if let Some(b) = is_moved.get_mut(z) {
                    *b = true;
                }
            }
        }
    }
    let mut parts: Vec<String> = Vec::new();
    for (k, (h, t)) in al.hunks.iter().enumerate() {
        if let Some(&Some(x)) = moved_to.get(k) {
            if let Some((hx, _)) = al.hunks.get(x) {
                parts.push(format!("“{}” moved", show(here, hx.clone())));
            }
            continue;
        }
        if is_moved.get(k).copied().unwrap_or(false) {
            continue;
        }
        parts.push(match (h.is_empty(), t.is_empty()) {
            (false, false) => format!(
                "“{}” here, “{}” there",
                show(here, h.clone()),
                show(there, t.clone())
            ),
            (false, true) => format!("“{}” added here", show(here, h.clone())),
            _ => format!("“{}” left out here", show(there, t.clone())),
        });
    }
    let total = parts.len();
    parts.truncate(3);
    if total > 3 {
        parts.push("…".to_string());
    }
    parts.join("; ")
}

/// At most `max` chars of `text`, cut at a word, with "…" when cut.
pub(super) fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{cut} …")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::check_rules;

    const RULE: &[&str] = &["quote-mismatch"];

    #[test]
    fn reordered_words_are_one_quotation_worded_differently() {
        check_rules(
            r#"
//- a.txt
"A quiet revolution in farming has started," said Mara Quill.
//- b.txt
"A quiet farming revolution has started," Mara Quill told the fair.
 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ quote-mismatch: “farming revolution” here, “revolution in farming” there (word order)
//- c.txt
“A quiet revolution in farming has started,” said Mara Quill on Monday.
"#,
            RULE,
        );
    }

    #[test]
    fn one_word_changed_in_an_excerpt_or_a_short_quotation() {
        check_rules(
            r#"
//- a.txt
“We respectfully reject the findings published today,” said Tom Reyes. “We will study the ruling with care before we decide on an appeal.”
//- b.txt
Tom Reyes said: “We respectfully reject the verdict published today.”
                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ quote-mismatch: “verdict” here, “findings” there
Tom Reyes said they would “study the ruling with great care before” deciding.
                           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ quote-mismatch: “great” added here
//- c.txt
Tom Reyes said they would “study the ruling with care before we decide on an appeal”.
Tom Reyes said they would “study the ruling … before we decide”.
"#,
            RULE,
        );
    }

    #[test]
    fn alignment_finds_the_stretch_and_the_runs_that_differ() {
        let w = |s: &str| s.split(' ').map(String::from).collect::<Vec<_>>();
        let excerpt = align(
            &w("new chapter in our history"),
            &w("this is a new chapter in our history today"),
        );
        assert_eq!(excerpt.edits, 0);
        let changed = align(
            &w("the bright new page in our long history"),
            &w("this is the bright new chapter in our long history today"),
        );
        assert_eq!(changed.hunks, vec![(3..4, 5..6)]);
        assert!(changed.reworded());
        let gap = align(
            &w("this is … today"),
            &w("this is a new chapter in our history today"),
        );
        assert_eq!(gap.edits, 0);
        let compound = align(
            &w("say goodbye to 1300 hard working talented colleague"),
            &w("say goodbye to 1300 hardworking talented colleague"),
        );
        assert_eq!(
            (compound.edits, compound.hunks.len()),
            (0, 0),
            "{compound:?}"
        );
        let both = align(
            &w("cut our team by 15 per cent and more today"),
            &w("cut our team by 15 percent or more today"),
        );
        assert_eq!(both.hunks, vec![(7..8, 6..7)], "{both:?}");
        assert_eq!(both.edits, 2);
        let other = align(
            &w("we will cut price for our customer next year"),
            &w("demand for our chip will keep growing next year"),
        );
        assert!(!other.reworded(), "{other:?}");
    }
}
