//! Which kind of Aho-Corasick automaton searches a list of phrases.

use aho_corasick::AhoCorasickKind;

/// The longest phrase, in bytes, that a DFA is built for.
const DFA_LONGEST: usize = 128;
/// The most bytes of phrases, all told, that a DFA is built for.
const DFA_TOTAL: usize = 256 * 1024;

/// A DFA for a list of ordinary phrases: the fastest to search, one table
/// look-up a byte, where a contiguous NFA follows failure links (the
/// knowledge base's names, the house spellings and the false friends are
/// searched through every article). A contiguous NFA when one phrase is
/// long or the list is very large: a DFA's build grows with the square of
/// a long phrase (a 40,000-character key from a configuration took 19 s).
pub fn kind_for<P: AsRef<[u8]>>(phrases: impl IntoIterator<Item = P>) -> AhoCorasickKind {
    let mut total = 0usize;
    for p in phrases {
        let len = p.as_ref().len();
        total = total.saturating_add(len);
        if len > DFA_LONGEST || total > DFA_TOTAL {
            return AhoCorasickKind::ContiguousNFA;
        }
    }
    AhoCorasickKind::DFA
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_phrases_get_a_dfa_and_a_long_one_an_nfa() {
        assert_eq!(kind_for(["Examplecorp", "Acme Ltd"]), AhoCorasickKind::DFA);
        let long = "x".repeat(DFA_LONGEST + 1);
        assert_eq!(
            kind_for(["Acme", long.as_str()]),
            AhoCorasickKind::ContiguousNFA
        );
        let many = vec!["y".repeat(100); DFA_TOTAL / 100 + 1];
        assert_eq!(kind_for(&many), AhoCorasickKind::ContiguousNFA);
    }
}
