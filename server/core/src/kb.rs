//! The knowledge base: what a company, index, chip or AI model *is*, with a
//! source for every fact. Owns the schema of `server/data/kb/*.toml`
//! (documented in `server/data/kb/SCHEMA.md`), the embedded data (parsed
//! once), the merge of files by id (a later entry replaces an earlier one
//! of the same id), the exchanges and the written forms of tickers, and the
//! attribution words used by fact sheets.
//!
//! Data below the configuration: this module knows no `Config`. The
//! knowledge base a configuration puts in force (its `[[entity]]` tables
//! and `knowledge` files over the embedded base) is [`crate::knowledge`]'s.
//!
//! What is compiled from a knowledge base (the entity matcher, the house
//! spellings, the mentions found with a user's base) is kept by the base
//! itself ([`Kb::derived`]): it lives as long as the base and is never
//! shared with another one.

use std::any::{Any, TypeId};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock};

use serde::{Deserialize, Serialize};

/// The embedded data files, by name.
pub const EMBEDDED: &[(&str, &str)] = &[
    (
        "exchanges.toml",
        include_str!("../../data/kb/exchanges.toml"),
    ),
    (
        "companies.toml",
        include_str!("../../data/kb/companies.toml"),
    ),
    ("indices.toml", include_str!("../../data/kb/indices.toml")),
    ("chips.toml", include_str!("../../data/kb/chips.toml")),
    ("models.toml", include_str!("../../data/kb/models.toml")),
    (
        "attribution.toml",
        include_str!("../../data/kb/attribution.toml"),
    ),
];

/// What kind of thing an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A company or other organisation.
    Company,
    /// A market index.
    Index,
    /// A chip, a chip family or a chip architecture.
    Chip,
    /// An AI model or model family.
    Model,
    /// Another product or service.
    Product,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Company => "company",
            Kind::Index => "index",
            Kind::Chip => "chip",
            Kind::Model => "AI model",
            Kind::Product => "product",
        }
    }
    pub fn plural(self) -> &'static str {
        match self {
            Kind::Company => "companies",
            Kind::Index => "indices",
            Kind::Chip => "chips",
            Kind::Model => "AI models",
            Kind::Product => "other products",
        }
    }
    /// Chips, models and other products.
    pub fn is_product(self) -> bool {
        matches!(self, Kind::Chip | Kind::Model | Kind::Product)
    }
}

/// Where a fact comes from: a publication, filing or official page, and
/// the date (a year at least) the fact was true as of.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub title: String,
    /// Only for a stable, real page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// "2025", "2025-04": when the fact was true.
    pub as_of: String,
}

/// A notable fact with its own source.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    pub text: String,
    pub source: Source,
}

/// One entry as written in a data file or in `copydesk.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Stable id, lower case: "alibaba", "nvidia-h20".
    pub id: String,
    pub kind: Kind,
    /// The usual short name: "Alibaba".
    pub name: String,
    /// Legal name of a company: "Alibaba Group Holding Limited".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_name: Option<String>,
    /// Other spellings matched in text (the name and the legal name are
    /// matched without being listed).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Spellings that are also ordinary words or first names ("Gemini",
    /// "Grace"): matched only where the same article names the entry, its
    /// maker or its parent another way.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub weak_aliases: Vec<String>,
    /// Listings as "EXCHANGE:TICKER" with an exchange code of
    /// `exchanges.toml`: "HKEX:9988", "NYSE:BABA".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub listings: Vec<String>,
    /// One line on what it does or is.
    pub what: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hq: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub founded: Option<String>,
    /// Id of the company that makes a product.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maker: Option<String>,
    /// Id of the parent of a subsidiary or unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Family or architecture of a chip or model: "Hopper", "Ascend".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
    /// When a product was announced or released: "2024".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub released: Option<String>,
    /// Source of the facts above.
    pub source: Source,
    /// Notable facts (export status, ownership), each with its own source.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
}

/// A stock exchange and how its tickers are written.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Exchange {
    /// Code used in `listings`: "HKEX".
    pub code: String,
    pub name: String,
    /// Prefixes written before a ticker ("HKEX: 9988", "HKG:9988").
    #[serde(default)]
    pub prefixes: Vec<String>,
    /// Suffixes written after a ticker (".HK" of "9988.HK").
    #[serde(default)]
    pub suffixes: Vec<String>,
    /// Numeric tickers are written with leading zeros up to this width
    /// ("0700"), and also without them ("700.HK").
    #[serde(default)]
    pub pad: usize,
    pub source: Source,
}

/// Words that attribute a sentence to a source.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttributionWords {
    /// Words after the source: "Reuters notes", "Bloomberg reported".
    #[serde(default)]
    pub after: Vec<String>,
    /// Phrases before the source: "according to", "told", "citing".
    #[serde(default)]
    pub before: Vec<String>,
}

/// The layout of one data file: any of the tables may be present.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KbFile {
    #[serde(default)]
    pub entity: Vec<Entry>,
    #[serde(default)]
    pub exchange: Vec<Exchange>,
    #[serde(default)]
    pub attribution: Option<AttributionWords>,
}

/// A listing resolved against the exchanges.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Listing {
    pub exchange: String,
    pub ticker: String,
}

/// Why a knowledge file could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KbError {
    pub file: String,
    /// The 1-based line the error is on, when known.
    pub line: Option<usize>,
    pub message: String,
}

impl KbError {
    /// The error of a file that does not parse as [`KbFile`], with its line.
    pub fn parse(file: &str, text: &str, e: &toml::de::Error) -> KbError {
        KbError {
            file: file.to_string(),
            line: e.span().map(|r| {
                let before = &text.as_bytes()[..r.start.min(text.len())];
                before.iter().filter(|&&b| b == b'\n').count() + 1
            }),
            message: e.message().trim().to_string(),
        }
    }
}

impl std::fmt::Display for KbError {
    /// "file:line: message", or "file: message" when the line is unknown.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// The merged knowledge base.
#[derive(Debug, Default)]
pub struct Kb {
    pub entries: Vec<Entry>,
    pub exchanges: Vec<Exchange>,
    pub attribution: AttributionWords,
    by_id: HashMap<String, usize>,
    /// The source each entry came from ("companies.toml", "copydesk.toml").
    pub origin: Vec<String>,
    derived: Derived,
}

/// Values compiled from one knowledge base, one per type ([`Kb::derived`]).
#[derive(Default)]
struct Derived(Mutex<HashMap<TypeId, Arc<dyn Any + Send + Sync>>>);

impl std::fmt::Debug for Derived {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Derived")
    }
}

impl Kb {
    /// Parses files `(name, text)` in order; a later entry replaces an
    /// earlier one with the same id.
    pub fn from_files<'a>(
        files: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Kb, KbError> {
        let mut kb = Kb::default();
        for (name, text) in files {
            let file: KbFile = toml::from_str(text).map_err(|e| KbError::parse(name, text, &e))?;
            kb.add(name, file);
        }
        Ok(kb)
    }

    /// The value of type `T` compiled from this knowledge base: made by
    /// `make` on first use (outside the lock), then kept with the base. A
    /// value must not hold the base itself (an `Arc<Kb>`): it would never
    /// be freed.
    pub fn derived<T: Any + Send + Sync>(&self, make: impl FnOnce(&Kb) -> T) -> Arc<T> {
        let key = TypeId::of::<T>();
        let kept = |v: &Arc<dyn Any + Send + Sync>| Arc::clone(v).downcast::<T>().ok();
        if let Ok(map) = self.derived.0.lock() {
            if let Some(v) = map.get(&key).and_then(kept) {
                return v;
            }
        }
        let made = Arc::new(make(self));
        match self.derived.0.lock() {
            // Another thread may have made it meanwhile: keep the first.
            Ok(mut map) => {
                let v = map
                    .entry(key)
                    .or_insert_with(|| Arc::clone(&made) as Arc<dyn Any + Send + Sync>);
                kept(v).unwrap_or(made)
            }
            Err(_) => made,
        }
    }

    /// Adds the tables of one file over what is there: entries and
    /// exchanges replace those of the same id or code; attribution words
    /// are added.
    pub fn add(&mut self, origin: &str, file: KbFile) {
        for e in file.entity {
            self.add_entry(origin, e);
        }
        for x in file.exchange {
            match self.exchanges.iter_mut().find(|y| y.code == x.code) {
                Some(y) => *y = x,
                None => self.exchanges.push(x),
            }
        }
        if let Some(a) = file.attribution {
            self.attribution.after.extend(a.after);
            self.attribution.before.extend(a.before);
        }
    }

    /// Adds one entry, replacing the one of the same id.
    pub fn add_entry(&mut self, origin: &str, e: Entry) {
        match self.by_id.get(&e.id) {
            Some(&i) => {
                self.entries[i] = e;
                self.origin[i] = origin.to_string();
            }
            None => {
                self.by_id.insert(e.id.clone(), self.entries.len());
                self.entries.push(e);
                self.origin.push(origin.to_string());
            }
        }
    }

    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.by_id.get(id).map(|&i| &self.entries[i])
    }

    pub fn exchange(&self, code: &str) -> Option<&Exchange> {
        self.exchanges.iter().find(|x| x.code == code)
    }

    /// The listings of an entry that parse as "EXCHANGE:TICKER".
    pub fn listings(&self, e: &Entry) -> Vec<Listing> {
        e.listings
            .iter()
            .filter_map(|l| {
                let (x, t) = l.split_once(':')?;
                let (x, t) = (x.trim(), t.trim());
                (!x.is_empty() && !t.is_empty()).then(|| Listing {
                    exchange: x.to_string(),
                    ticker: t.to_string(),
                })
            })
            .collect()
    }

    /// Every spelling of an entry matched in text, with whether it is weak.
    pub fn spellings(e: &Entry) -> Vec<(&str, bool)> {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        let strong = std::iter::once(e.name.as_str())
            .chain(e.legal_name.as_deref())
            .chain(e.aliases.iter().map(String::as_str));
        for s in strong {
            // A name listed as weak is weak ("Blackwell").
            if e.weak_aliases.iter().any(|w| w == s) {
                continue;
            }
            if !s.trim().is_empty() && seen.insert(s) {
                out.push((s, false));
            }
        }
        for s in &e.weak_aliases {
            if !s.trim().is_empty() && seen.insert(s.as_str()) {
                out.push((s.as_str(), true));
            }
        }
        out
    }

    /// How many entries of each kind.
    pub fn counts(&self) -> Vec<(Kind, usize)> {
        let kinds = [
            Kind::Company,
            Kind::Index,
            Kind::Chip,
            Kind::Model,
            Kind::Product,
        ];
        kinds
            .iter()
            .map(|&k| (k, self.entries.iter().filter(|e| e.kind == k).count()))
            .collect()
    }

    /// Problems with the entries: a missing source, an unknown exchange or
    /// maker, an empty field, a duplicate spelling. Empty when all is well.
    pub fn validate(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut spellings: HashMap<&str, &str> = HashMap::new();
        let check_source = |what: &str, s: &Source, out: &mut Vec<String>| {
            if s.title.trim().is_empty() {
                out.push(format!("{what}: source without a title"));
            }
            if !s.as_of.chars().take(4).all(|c| c.is_ascii_digit()) || s.as_of.len() < 4 {
                out.push(format!("{what}: source date {:?} is not a year", s.as_of));
            }
            if let Some(u) = &s.url {
                if !u.starts_with("https://") {
                    out.push(format!("{what}: source URL {u:?} is not https"));
                }
            }
        };
        for (i, e) in self.entries.iter().enumerate() {
            let what = format!("{} ({})", e.id, self.origin[i]);
            if e.id.is_empty() || e.id.chars().any(|c| c.is_uppercase() || c.is_whitespace()) {
                out.push(format!("{what}: id must be lower case without spaces"));
            }
            if e.name.trim().is_empty() || e.what.trim().is_empty() {
                out.push(format!("{what}: empty name or description"));
            }
            check_source(&what, &e.source, &mut out);
            for n in &e.notes {
                if n.text.trim().is_empty() {
                    out.push(format!("{what}: empty note"));
                }
                check_source(&what, &n.source, &mut out);
            }
            for l in &e.listings {
                match l.split_once(':') {
                    Some((x, t)) if self.exchange(x.trim()).is_some() && !t.trim().is_empty() => {}
                    _ => out.push(format!(
                        "{what}: listing {l:?} is not EXCHANGE:TICKER with a known exchange"
                    )),
                }
            }
            for r in e.maker.iter().chain(e.parent.iter()) {
                if self.get(r).is_none() {
                    out.push(format!("{what}: maker or parent {r:?} is not an entry"));
                }
            }
            if e.kind.is_product() && e.maker.is_none() {
                out.push(format!("{what}: a product needs a maker"));
            }
            for (s, _) in Kb::spellings(e) {
                if let Some(other) = spellings.insert(s, &e.id) {
                    if other != e.id {
                        out.push(format!("{what}: spelling {s:?} is also used by {other}"));
                    }
                }
            }
        }
        for x in &self.exchanges {
            check_source(&x.code, &x.source, &mut out);
        }
        out
    }
}

/// The embedded knowledge base, parsed once. A broken embedded file is a
/// build mistake caught by the tests; at run time it gives an empty base.
pub fn embedded() -> &'static Arc<Kb> {
    static KB: OnceLock<Arc<Kb>> = OnceLock::new();
    KB.get_or_init(|| match Kb::from_files(EMBEDDED.iter().copied()) {
        Ok(kb) => Arc::new(kb),
        Err(e) => {
            tracing::error!("embedded knowledge base: {e}");
            Arc::new(Kb::default())
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_files_parse() {
        for (name, text) in EMBEDDED {
            if let Err(e) = toml::from_str::<KbFile>(text) {
                panic!("{name}: {e}");
            }
        }
    }

    /// The schema test: every entry and note has a source with a date, every
    /// listing names a known exchange, every product a known maker, and no
    /// spelling belongs to two entries.
    #[test]
    fn embedded_entries_are_valid_and_sourced() {
        let kb = Kb::from_files(EMBEDDED.iter().copied()).unwrap();
        let problems = kb.validate();
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn breadth() {
        let kb = embedded();
        let n = |k| kb.entries.iter().filter(|e| e.kind == k).count();
        let companies_and_indices = n(Kind::Company) + n(Kind::Index);
        let products = n(Kind::Chip) + n(Kind::Model) + n(Kind::Product);
        eprintln!("kb counts: {:?}", kb.counts());
        assert!(companies_and_indices >= 150, "{companies_and_indices}");
        assert!(products >= 80, "{products}");
        assert!(!kb.attribution.after.is_empty() && !kb.attribution.before.is_empty());
    }

    #[test]
    fn validation_catches_a_missing_source_date_and_unknown_exchange() {
        let kb = Kb::from_files([(
            "t.toml",
            r#"
[[exchange]]
code = "X"
name = "Example Exchange"
source = { title = "Example", as_of = "2025" }

[[entity]]
id = "acme"
kind = "company"
name = "Acme"
listings = ["Y:ACME"]
what = "Makes things."
source = { title = "", as_of = "soon" }

[[entity]]
id = "widget"
kind = "chip"
name = "Widget"
aliases = ["Acme"]
what = "A chip."
source = { title = "Acme site", as_of = "2024" }
"#,
        )])
        .unwrap();
        let p = kb.validate().join("\n");
        assert!(p.contains("source without a title"), "{p}");
        assert!(p.contains("is not a year"), "{p}");
        assert!(p.contains("known exchange"), "{p}");
        assert!(p.contains("needs a maker"), "{p}");
        assert!(p.contains("also used by acme"), "{p}");
    }

    #[test]
    fn a_missing_source_does_not_parse() {
        let r = Kb::from_files([(
            "t.toml",
            "[[entity]]\nid = \"a\"\nkind = \"company\"\nname = \"A\"\nwhat = \"x\"\n",
        )]);
        assert!(r.is_err_and(|e| e.message.contains("source")));
        let r = Kb::from_files([("t.toml", "\n[[entity]]\nid = 3\n")]);
        let e = r.expect_err("a number is no id");
        assert_eq!(e.line, Some(3));
        assert!(e.to_string().starts_with("t.toml:3: "), "{e}");
    }

    #[test]
    fn derived_values_are_made_once_per_base() {
        let (a, b) = (Kb::default(), Kb::default());
        let x = a.derived(|kb| kb.entries.len() + 1);
        let y = a.derived(|_| 7usize);
        assert!(Arc::ptr_eq(&x, &y) && *y == 1);
        assert_eq!(*b.derived(|_| 7usize), 7);
        assert_eq!(*a.derived(|_| "other type"), "other type");
    }
}
