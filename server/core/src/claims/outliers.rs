//! Where a disagreement sits: statements that conflict form groups, a
//! group's statements fall into classes of agreeing values, and the class
//! fewer articles state is the outlier. Three or more incompatible values
//! are a series (a figure that changes over time), not a conflict.

use std::collections::{BTreeMap, BTreeSet};

/// The connected groups of a conflict graph given as pairs.
pub fn components<T: Ord + Copy>(pairs: &BTreeSet<(T, T)>) -> Vec<Vec<T>> {
    let mut parent: BTreeMap<T, T> = BTreeMap::new();
    fn find<T: Ord + Copy>(parent: &mut BTreeMap<T, T>, x: T) -> T {
        let mut r = x;
        while let Some(&p) = parent.get(&r) {
            if p == r {
                break;
            }
            r = p;
        }
        // Path compression.
        let mut y = x;
        while let Some(&p) = parent.get(&y) {
            if p == r {
                break;
            }
            parent.insert(y, r);
            y = p;
        }
        r
    }
    for &(a, b) in pairs {
        parent.entry(a).or_insert(a);
        parent.entry(b).or_insert(b);
        let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
        if ra != rb {
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            parent.insert(hi, lo);
        }
    }
    let keys: Vec<T> = parent.keys().copied().collect();
    let mut groups: BTreeMap<T, Vec<T>> = BTreeMap::new();
    for k in keys {
        let r = find(&mut parent, k);
        groups.entry(r).or_default().push(k);
    }
    groups.into_values().collect()
}

/// Classes of mutually agreeing members (indices into `members`), each
/// member in the first class all of whose members it agrees with.
pub fn classes<T>(members: &[T], agree: impl Fn(&T, &T) -> bool) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    for (i, m) in members.iter().enumerate() {
        match out
            .iter_mut()
            .find(|c| c.iter().all(|&j| agree(m, &members[j])))
        {
            Some(c) => c.push(i),
            None => out.push(vec![i]),
        }
    }
    out
}

/// What a group of classes says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The classes (indices) to flag: the minority, or both sides of a tie.
    Outliers(Vec<usize>),
    /// Three or more incompatible values: a series.
    Series,
}

/// The verdict from the number of articles stating each class. With
/// `series` (values that change over time), three or more classes are a
/// series; otherwise every class but the one most articles state is
/// flagged (all of them on a tie).
pub fn verdict(docs_per_class: &[usize], series: bool) -> Verdict {
    if docs_per_class.len() < 2 {
        return Verdict::Outliers(vec![]);
    }
    if series && docs_per_class.len() >= 3 {
        return Verdict::Series;
    }
    let max = docs_per_class.iter().copied().max().unwrap_or(0);
    let leaders = docs_per_class.iter().filter(|&&n| n == max).count();
    Verdict::Outliers(
        (0..docs_per_class.len())
            .filter(|&c| leaders > 1 || docs_per_class[c] < max)
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minority_is_the_outlier_and_three_values_a_series() {
        let pairs: BTreeSet<(u32, u32)> = [(1, 2), (2, 3), (7, 8)].into_iter().collect();
        assert_eq!(components(&pairs), vec![vec![1, 2, 3], vec![7, 8]]);
        let values: [f64; 3] = [6.8, 6.3, 6.8];
        let cs = classes(&values, |a, b| (a - b).abs() < 0.01);
        assert_eq!(cs, vec![vec![0, 2], vec![1]]);
        assert_eq!(verdict(&[2, 1], true), Verdict::Outliers(vec![1]));
        assert_eq!(verdict(&[1, 1], true), Verdict::Outliers(vec![0, 1]));
        assert_eq!(verdict(&[1, 1, 1], true), Verdict::Series);
        assert_eq!(verdict(&[2, 1, 1], false), Verdict::Outliers(vec![1, 2]));
    }
}
