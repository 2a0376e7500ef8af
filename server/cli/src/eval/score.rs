//! Scoring one bundle's findings against its gold, exactly as
//! `shared/seeds-gold.md` says:
//! - only findings at warning level or above are scored;
//! - a finding *fits* an item of its family when the item lists its line,
//!   and (paired families) one of its related places where the item lists
//!   more than one line and the finding names related places, and (names)
//!   the flagged spelling is one the note quotes;
//! - recall is a maximum matching between findings and `must` items (one
//!   finding credits one item);
//! - a finding fitting a `must` or `acceptable` item is true, every other
//!   finding false; a false one whose lines all fall within one trap's
//!   lines is a trap hit.

use std::collections::BTreeMap;

use serde::Serialize;

use super::gold::{quoted_texts, Gold, Item, Loc};

/// Families whose findings pair two statements.
pub const PAIRED: &[&str] = &["figure", "quote", "title", "conversion"];

/// Every family, in the order reports list them.
pub const FAMILIES: &[&str] = &[
    "figure",
    "name",
    "quote",
    "title",
    "conversion",
    "translation",
    "typography",
    "date",
];

/// A finding as the scorer sees it: file names and 1-based lines.
#[derive(Debug, Clone, Serialize)]
pub struct Scored {
    pub file: String,
    pub line: usize,
    pub rule: String,
    pub message: String,
    pub related: Vec<Loc>,
}

impl Scored {
    pub fn family(&self) -> &str {
        self.rule.split('-').next().unwrap_or(&self.rule)
    }
}

/// Counts of one family in one bundle (or summed over many).
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct Counts {
    /// `must` items of the family.
    pub must: usize,
    /// `must` items credited by the matching.
    pub found: usize,
    /// Warnings that fit a `must` or `acceptable` item.
    pub tp: usize,
    /// Every other warning.
    pub fp: usize,
    /// False warnings that fall on one trap.
    pub trap_hits: usize,
}

impl Counts {
    pub fn add(&mut self, o: &Counts) {
        self.must += o.must;
        self.found += o.found;
        self.tp += o.tp;
        self.fp += o.fp;
        self.trap_hits += o.trap_hits;
    }
    /// Share of `must` items found; `None` without any.
    pub fn recall(&self) -> Option<f64> {
        (self.must > 0).then(|| self.found as f64 / self.must as f64)
    }
    /// Share of warnings that are true; `None` without any warning.
    pub fn precision(&self) -> Option<f64> {
        let all = self.tp + self.fp;
        (all > 0).then(|| self.tp as f64 / all as f64)
    }
}

/// A false warning, with the trap it fell on if any.
#[derive(Debug, Clone, Serialize)]
pub struct FalsePositive {
    #[serde(flatten)]
    pub finding: Scored,
    pub trap: Option<String>,
}

/// The score of one bundle.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BundleScore {
    pub families: BTreeMap<String, Counts>,
    /// `must` items no finding credits: (id, family).
    pub missed: Vec<(String, String)>,
    pub false_positives: Vec<FalsePositive>,
}

impl BundleScore {
    pub fn total(&self) -> Counts {
        let mut t = Counts::default();
        for c in self.families.values() {
            t.add(c);
        }
        t
    }
}

/// Whether `f` fits `item` (see the module's rules).
pub fn fits(item: &Item, f: &Scored) -> bool {
    let family = f.family();
    if item.family != family || !item.lists(&f.file, f.line) {
        return false;
    }
    if PAIRED.contains(&family)
        && item.locs.len() > 1
        && !f.related.is_empty()
        && !f.related.iter().any(|(file, line)| item.lists(file, *line))
    {
        return false;
    }
    if family == "name" {
        let spellings = quoted_texts(&item.note);
        match spellings.as_slice() {
            [] => {}
            [one] => {
                let first_word = one.split_whitespace().next().unwrap_or(one);
                if !f.message.contains(first_word) {
                    return false;
                }
            }
            many => {
                let flagged = quoted_texts(&f.message).into_iter().next();
                if !flagged.is_some_and(|s| many.iter().any(|m| same_spelling(m, s))) {
                    return false;
                }
            }
        }
    }
    true
}

fn same_spelling(a: &str, b: &str) -> bool {
    a.split_whitespace().eq(b.split_whitespace())
}

/// Scores `findings` (warnings and errors only) against `gold`.
pub fn score(gold: &Gold, findings: &[Scored]) -> BundleScore {
    let mut out = BundleScore::default();
    for item in &gold.must {
        out.families.entry(item.family.clone()).or_default().must += 1;
    }
    // Edges finding -> must items it fits.
    let edges: Vec<Vec<usize>> = findings
        .iter()
        .map(|f| {
            (0..gold.must.len())
                .filter(|&i| fits(&gold.must[i], f))
                .collect()
        })
        .collect();
    let matched = maximum_matching(&edges, gold.must.len());
    for (i, item) in gold.must.iter().enumerate() {
        if matched[i].is_some() {
            out.families.entry(item.family.clone()).or_default().found += 1;
        } else {
            out.missed.push((item.id.clone(), item.family.clone()));
        }
    }
    for (fi, f) in findings.iter().enumerate() {
        let counts = out.families.entry(f.family().to_string()).or_default();
        // On a bundle with no `must` item every warning is false.
        let true_positive = !gold.is_clean()
            && (!edges[fi].is_empty() || gold.acceptable.iter().any(|item| fits(item, f)));
        if true_positive {
            counts.tp += 1;
            continue;
        }
        counts.fp += 1;
        let lines: Vec<(&str, usize)> = std::iter::once((f.file.as_str(), f.line))
            .chain(f.related.iter().map(|(file, l)| (file.as_str(), *l)))
            .collect();
        let trap = gold.traps.iter().find(|t| {
            lines
                .iter()
                .all(|(file, l)| t.locs.iter().any(|(tf, tl)| tf == file && tl == l))
        });
        if trap.is_some() {
            counts.trap_hits += 1;
        }
        out.false_positives.push(FalsePositive {
            finding: f.clone(),
            trap: trap.map(|t| t.note.clone()),
        });
    }
    out
}

/// A maximum bipartite matching (Kuhn's augmenting paths): for each right
/// node, the left node matched to it. `edges[l]` lists the right nodes of
/// left node `l`.
fn maximum_matching(edges: &[Vec<usize>], right: usize) -> Vec<Option<usize>> {
    fn augment(
        l: usize,
        edges: &[Vec<usize>],
        seen: &mut [bool],
        owner: &mut [Option<usize>],
    ) -> bool {
        for &r in &edges[l] {
            if seen[r] {
                continue;
            }
            seen[r] = true;
            if owner[r].is_none_or(|other| augment(other, edges, seen, owner)) {
                owner[r] = Some(l);
                return true;
            }
        }
        false
    }
    let mut owner = vec![None; right];
    for l in 0..edges.len() {
        let mut seen = vec![false; right];
        augment(l, edges, &mut seen, &mut owner);
    }
    owner
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gold(json: &str) -> Gold {
        Gold::parse(json).expect("gold parses")
    }

    fn finding(
        file: &str,
        line: usize,
        rule: &str,
        message: &str,
        related: &[(&str, usize)],
    ) -> Scored {
        Scored {
            file: file.into(),
            line,
            rule: rule.into(),
            message: message.into(),
            related: related.iter().map(|(f, l)| (f.to_string(), *l)).collect(),
        }
    }

    const TWO_FIGURES: &str = r#"{"must":[
        {"id":"a","family":"figure","locs":[["a.txt",3],["b.txt",5]]},
        {"id":"b","family":"figure","locs":[["a.txt",3],["c.txt",7]]}],
        "acceptable":[],
        "traps":[{"locs":[["a.txt",9],["b.txt",9]],"note":"other day"}]}"#;

    #[test]
    fn one_finding_credits_one_item() {
        let g = gold(TWO_FIGURES);
        // A finding without related places fits both items; it credits one.
        let s = score(&g, &[finding("a.txt", 3, "figure-conflict", "x", &[])]);
        assert_eq!(s.families["figure"].found, 1);
        assert_eq!(s.families["figure"].tp, 1);
        // Two findings that each fit both items credit both.
        let f = finding("a.txt", 3, "figure-conflict", "x", &[]);
        let s = score(&g, &[f.clone(), f]);
        assert_eq!(s.families["figure"].found, 2);
    }

    #[test]
    fn the_matching_moves_an_earlier_choice() {
        let g = gold(TWO_FIGURES);
        // The first finding fits both, the second only "a": a greedy
        // choice of "a" for the first would leave "b" unfound.
        let both = finding("a.txt", 3, "figure-conflict", "x", &[]);
        let only_a = finding("a.txt", 3, "figure-conflict", "x", &[("b.txt", 5)]);
        let s = score(&g, &[both, only_a]);
        assert_eq!(s.families["figure"].found, 2);
        assert!(s.missed.is_empty());
    }

    #[test]
    fn a_paired_finding_must_name_the_other_side() {
        let g = gold(TWO_FIGURES);
        let wrong_side = finding("a.txt", 3, "figure-conflict", "x", &[("d.txt", 2)]);
        let s = score(&g, &[wrong_side]);
        assert_eq!(s.families["figure"].found, 0);
        assert_eq!(s.families["figure"].fp, 1);
        assert_eq!(s.missed.len(), 2);
    }

    #[test]
    fn trap_hits_need_every_line_on_one_trap() {
        let g = gold(TWO_FIGURES);
        let on_trap = finding("a.txt", 9, "figure-conflict", "x", &[("b.txt", 9)]);
        let half = finding("a.txt", 9, "figure-conflict", "x", &[("c.txt", 1)]);
        let s = score(&g, &[on_trap, half]);
        assert_eq!(s.families["figure"].fp, 2);
        assert_eq!(s.families["figure"].trap_hits, 1);
        assert_eq!(s.false_positives[0].trap.as_deref(), Some("other day"));
        assert!(s.false_positives[1].trap.is_none());
    }

    #[test]
    fn a_name_item_is_credited_only_for_its_name() {
        let g = gold(
            r#"{"must":[
            {"id":"two","family":"name","locs":[["a.txt",1],["b.txt",2]],"note":"'Jon Doe' vs 'John Doe'"},
            {"id":"one","family":"name","locs":[["c.txt",4]],"note":"the minister appears as 'Dana Whitlok'"}]}"#,
        );
        let other_name = finding(
            "a.txt",
            1,
            "name-variant",
            "'Examplecorp' here; 'ExampleCorp' in b.txt:2",
            &[],
        );
        let right = finding(
            "b.txt",
            2,
            "name-variant",
            "'John Doe' here; 'Jon Doe' in a.txt:1",
            &[],
        );
        let s = score(&g, &[other_name, right]);
        assert_eq!(s.families["name"].found, 1);
        assert_eq!(s.families["name"].fp, 1);
        let first_word = finding("c.txt", 4, "name-variant", "'Dana Whitlok' here", &[]);
        let s = score(&g, &[first_word]);
        assert_eq!(s.missed, vec![("two".to_string(), "name".to_string())]);
    }

    #[test]
    fn acceptable_items_are_true_but_not_found_and_a_clean_bundle_has_no_true_warning() {
        let acceptable = r#"{"id":"k","family":"name","locs":[["a.txt",1]]}"#;
        let must = r#"{"id":"m","family":"date","locs":[["b.txt",1]]}"#;
        let f = finding("a.txt", 1, "name-variant", "'K' here", &[]);
        let g = gold(&format!(
            r#"{{"must":[{must}],"acceptable":[{acceptable}]}}"#
        ));
        let t = score(&g, std::slice::from_ref(&f)).total();
        assert_eq!((t.must, t.found, t.tp, t.fp), (1, 0, 1, 0));
        assert_eq!(t.recall(), Some(0.0));
        assert_eq!(t.precision(), Some(1.0));
        let clean = gold(&format!(r#"{{"must":[],"acceptable":[{acceptable}]}}"#));
        let t = score(&clean, &[f]).total();
        assert_eq!((t.tp, t.fp), (0, 1));
        assert_eq!(t.recall(), None);
    }
}
