//! Pass 1 of `name-variant`: house style. A spelling listed under
//! `[names] canonical` in `copydesk.toml` is reported wherever it stands.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};

use super::{occ, Group, Occ, Spelling};
use crate::bundle::Document;
use crate::config::NamesConfig;
use crate::extract::names::{case_shape, fold, word_parts, CaseShape, LineCase};
use crate::memo::{Grouping, Member};
use crate::types::Span;

/// `copydesk.toml`'s `[names]`: canonical spellings and ignored names.
pub(super) struct House {
    /// Spelling (canonical or variant) → canonical.
    pub(super) canonical_of: HashMap<String, String>,
    /// Folded keys (lower case, no spaces or hyphens) of ignored names.
    ignored: HashSet<String>,
}

impl House {
    pub(super) fn new(config: &NamesConfig) -> House {
        let mut canonical_of = HashMap::new();
        for (canonical, variants) in &config.canonical {
            canonical_of.insert(canonical.clone(), canonical.clone());
            for v in variants {
                canonical_of.insert(v.clone(), canonical.clone());
            }
        }
        House {
            canonical_of,
            ignored: config.ignore.iter().map(|n| fold(n)).collect(),
        }
    }

    pub(super) fn is_ignored(&self, text: &str) -> bool {
        !self.ignored.is_empty() && self.ignored.contains(&fold(text))
    }
}

/// One spelling that house style names: (canonical, as written, span).
type HouseItem = (String, String, Span);

/// Pass 1's view of one article: every spelling that house style names.
pub(super) fn house_items(d: &Document, house: &House) -> Vec<HouseItem> {
    let mut out = Vec::new();
    for m in &d.facts.names {
        let mut spans = vec![m.core];
        for &w in &m.words {
            spans.push(w);
            spans.extend(word_parts(&d.text, w));
        }
        spans.sort();
        spans.dedup();
        for span in spans {
            let text = d.slice(span);
            if let Some(canonical) = house.canonical_of.get(text) {
                if m.line_case == LineCase::Upper && case_shape(text) == CaseShape::Upper {
                    continue;
                }
                out.push((canonical.clone(), text.to_string(), span));
            }
        }
    }
    out
}

/// Pass 1: every spelling that house style names, grouped by canonical.
pub(super) struct HousePass;

impl Grouping for HousePass {
    type Item = HouseItem;
    type Key = String;
    type Version = ();
    type Output = Group;

    fn version(&self, _: &Document) {}

    fn keys<'i>(&self, item: &'i HouseItem, out: &mut Vec<Cow<'i, String>>) {
        out.push(Cow::Borrowed(&item.0));
    }

    fn eval(&self, _: &String, members: &[Member<'_, HouseItem>]) -> Option<Group> {
        let mut spellings: BTreeMap<&str, Vec<Occ>> = BTreeMap::new();
        for m in members {
            let (_, text, span) = m.item;
            spellings
                .entry(text)
                .or_default()
                .push(occ(m.pos, m.doc, *span));
        }
        Some(Group {
            quiet: false,
            note: false,
            spellings: spellings
                .into_iter()
                .map(|(text, occs)| Spelling {
                    text: text.to_string(),
                    occs,
                })
                .collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::fixture::check_rules_with_config;

    const RULE: &[&str] = &["name-variant"];

    #[test]
    fn house_style_decides_and_is_certain() {
        let config = Config::parse(
            "[names]\ncanonical = { \"Veltra\" = [\"VELTRA\"] }\nignore = [\"Widget Bot\"]\n",
        )
        .expect("config");
        check_rules_with_config(
            r#"
//- a.txt
VELTRA rose; the WIDGET Bot app and VELTRA chips sold.
^^^^^^ name-variant: house style writes 'Veltra'
                                    ^^^^^^ name-variant
//- b.txt
Widget Bot sold well.
"#,
            RULE,
            &config,
        );
        let (_, _, found) = crate::fixture::findings_with_config(
            "//- a.txt\nVELTRA rose and VELTRA fell.\n//- b.txt\nVeltra held.\n",
            RULE,
            &config,
        );
        assert_eq!(found.len(), 2);
        let fix = &found[0].fixes[0];
        assert_eq!(fix.title, "Replace with 'Veltra'");
        assert!(fix.certain && fix.preferred);
        let all = found[0]
            .fixes
            .iter()
            .find(|f| f.title == "Use 'Veltra' everywhere in the bundle")
            .expect("fix-all");
        assert!(all.certain);
        assert_eq!(all.edits.len(), 2);
    }
}
