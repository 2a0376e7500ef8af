//! The ledger of a bundle's claims: the figures that two or more articles
//! state of the same thing, grouped, with each article's value, and the
//! groups whose values cannot all be true marked. It is the fact sheet of
//! the whole story, and it shows how the checks aligned the figures and
//! which of them `figure-conflict` flags.

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::bundle::Bundle;
use crate::claims::align::{edges, Disagreement, Placed};
use crate::claims::headline::headline_disagreements;
use crate::claims::outliers::{classes, components};
use crate::types::Severity;

/// One claim that several articles state.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The measure words the statements share, most telling first.
    pub label: String,
    /// The statements (indices into the placed frames), in bundle order.
    pub members: Vec<usize>,
    /// Classes of agreeing statements (indices into `members`); more than
    /// one means the values cannot all be true.
    pub classes: Vec<Vec<usize>>,
    /// Statements that the checks flag, with the severity they flag at.
    pub flagged: Vec<(usize, Severity)>,
}

impl Row {
    pub fn conflict(&self) -> bool {
        self.classes.len() > 1
    }
}

/// How the checks flag each frame (by index into the placed frames), as
/// `figure-conflict` reads them: the frames that the other articles
/// contradict ([`edges`]) and the headline figures that their own
/// article's body contradicts ([`headline_disagreements`]), each at the
/// more severe of the two.
pub type Flags = HashMap<usize, Severity>;

fn flags(bundle: &Bundle, all: &[Placed<'_>], found: Vec<Disagreement>) -> Flags {
    let mut out = Flags::new();
    for d in found.into_iter().chain(headline_disagreements(bundle, all)) {
        let s = out.entry(d.me).or_insert(d.severity);
        if d.severity == Severity::Warning {
            *s = Severity::Warning;
        }
    }
    out
}

/// The claims that two or more articles state (frames joined when each is
/// the other's best-aligned frame in its article), and how the checks
/// flag every frame, in a row or not.
pub fn ledger(bundle: &Bundle, all: &[Placed<'_>]) -> (Vec<Row>, Flags) {
    let (es, found) = edges(all);
    let have: HashSet<(usize, usize)> = es.iter().map(|e| (e.a, e.b)).collect();
    let mut pairs = BTreeSet::new();
    let mut labels: HashMap<(usize, usize), (f32, &str)> = HashMap::new();
    for e in &es {
        if e.a < e.b && have.contains(&(e.b, e.a)) {
            pairs.insert((e.a, e.b));
            labels.insert((e.a, e.b), (e.similarity, e.label.as_str()));
        }
    }
    let flags = flags(bundle, all, found);
    let comps = components(&pairs);
    // Each component's label: that of its most similar pair (the last of
    // equals, in pair order), found in one pass over the pairs.
    let mut comp_of: HashMap<usize, usize> = HashMap::new();
    for (k, members) in comps.iter().enumerate() {
        for &m in members {
            comp_of.insert(m, k);
        }
    }
    let mut best: Vec<Option<(f32, &str)>> = vec![None; comps.len()];
    for p in &pairs {
        let (Some(&k), Some(&(sim, label))) = (comp_of.get(&p.0), labels.get(p)) else {
            continue;
        };
        if best[k].is_none_or(|(b, _)| sim.total_cmp(&b).is_ge()) {
            best[k] = Some((sim, label));
        }
    }
    let mut rows: Vec<Row> = comps
        .into_iter()
        .zip(best)
        .map(|(mut members, best)| {
            members.sort_unstable();
            let label = best.map_or_else(String::new, |l| l.1.to_string());
            let frames: Vec<_> = members.iter().map(|&m| all[m].frame).collect();
            let classes = classes(&frames, |x, y| x.agrees(y));
            let flagged = members
                .iter()
                .filter_map(|m| flags.get(m).map(|s| (*m, *s)))
                .collect();
            Row {
                label,
                members,
                classes,
                flagged,
            }
        })
        .collect();
    rows.sort_by_key(|r| r.members.first().copied());
    (rows, flags)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::Bundle;
    use crate::claims::align::placed;
    use crate::config::Config;

    fn bundle(texts: &[&str]) -> Bundle {
        crate::fixture::numbered(texts).0
    }

    #[test]
    fn a_claim_of_three_articles_is_one_row_and_a_slip_marks_it() {
        let b = bundle(&[
            "Acme Air fined\n\nRegulators fined Acme Air a record 4.31 billion euros on Tuesday over its loyalty scheme.\n",
            "Acme Air to appeal\n\nAcme Air will appeal the record €4.31bn fine the regulators imposed on Tuesday over its loyalty scheme.\n",
            "Acme Air fine\n\nThe regulators' record fine of 4.13 billion euros, imposed on Tuesday over the loyalty scheme, is under appeal.\n",
        ]);
        let config = Config::default();
        let all = placed(&b, &config);
        let (rows, _) = ledger(&b, &all);
        let row = rows
            .iter()
            .find(|r| r.members.len() == 3)
            .unwrap_or_else(|| panic!("no row of three: {rows:#?}"));
        assert!(row.conflict());
        assert_eq!(row.classes.len(), 2);
        assert!(row.label.contains("fine") || row.label.contains("record"));
    }
}
