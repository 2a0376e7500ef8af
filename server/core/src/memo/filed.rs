//! How [`super::Memo::grouped`] holds the members of one key: in place
//! when there is one, in a list kept in bundle order when there are more.

/// The (position, item) members of one key in bundle order. Most keys of
/// a large bundle have one member (a word one article writes, each
/// one-letter deletion of a name word): it is kept in place, not in an
/// allocation of its own.
#[derive(Debug)]
pub(super) enum Filed {
    One((u32, u32)),
    Many(Vec<(u32, u32)>),
}

impl Default for Filed {
    fn default() -> Filed {
        Filed::Many(Vec::new())
    }
}

impl Filed {
    pub(super) fn as_slice(&self) -> &[(u32, u32)] {
        match self {
            Filed::One(e) => std::slice::from_ref(e),
            Filed::Many(v) => v,
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        self.as_slice().is_empty()
    }

    /// Files `e` in its place: at the end while the index is built, in
    /// bundle order when an article is re-filed.
    pub(super) fn file(&mut self, e: (u32, u32)) {
        match self {
            Filed::Many(v) if v.is_empty() => *self = Filed::One(e),
            Filed::One(one) => {
                let one = *one;
                // A key with two members mostly gets more (a word many
                // articles write): room for a few before the list grows.
                let mut v = Vec::with_capacity(4);
                v.extend(if one < e { [one, e] } else { [e, one] });
                *self = Filed::Many(v);
            }
            Filed::Many(v) => {
                if v.last().is_none_or(|l| *l < e) {
                    v.push(e);
                } else {
                    let at = v.partition_point(|x| *x < e);
                    v.insert(at, e);
                }
            }
        }
    }

    /// Takes out the members of the article at `pos`.
    pub(super) fn unfile(&mut self, pos: u32) {
        match self {
            Filed::One((p, _)) if *p == pos => *self = Filed::default(),
            Filed::One(_) => {}
            Filed::Many(v) => v.retain(|(p, _)| *p != pos),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Filed;

    #[test]
    fn members_are_filed_in_bundle_order_and_taken_out_by_article() {
        let mut f = Filed::default();
        assert!(f.is_empty());
        f.file((3, 0));
        assert!(matches!(f, Filed::One(_)));
        f.file((1, 2));
        f.file((3, 1));
        f.file((1, 0));
        assert_eq!(f.as_slice(), [(1, 0), (1, 2), (3, 0), (3, 1)]);
        f.unfile(1);
        assert_eq!(f.as_slice(), [(3, 0), (3, 1)]);
        f.unfile(3);
        assert!(f.is_empty());
        let mut one = Filed::default();
        one.file((2, 0));
        one.unfile(1);
        assert_eq!(one.as_slice(), [(2, 0)]);
        one.unfile(2);
        assert!(one.is_empty());
        one.file((0, 0));
        assert_eq!(one.as_slice(), [(0, 0)]);
    }
}
