//! `copydesk.toml`: the workspace's configuration, parsed with serde and toml.
//!
//! Owns the config schema, its defaults and its error reporting (a byte span
//! into the file, so a broken file can be shown as a diagnostic on itself).
//! It knows nothing of LSP.
//!
//! Layering: this module sits below the checks and knows none of them. The
//! valid rule ids (for `[rules]` and `[per-path-ignores]`) are given to it:
//! [`Config::parse_with_rules`], [`Config::per_path_ignores_with`]. The
//! crate root, which sees the registry of checks, defines [`Config::parse`]
//! and [`Config::per_path_ignores`] with the ids of every check, so callers
//! elsewhere keep one call. Above the knowledge base's schema ([`crate::kb`]):
//! a config holds `[[entity]]` entries; merging them into the knowledge base
//! in force is [`crate::knowledge`]'s job, which keeps the merged base in the
//! config's own [`ConfigCache`] (no process-wide cache).

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;

use crate::kb::Kb;
use crate::types::{Severity, Span};

/// The file name looked for at the workspace root.
pub const CONFIG_FILE: &str = "copydesk.toml";

/// Default article patterns.
pub const DEFAULT_INCLUDE: &[&str] = &["**/*.txt", "**/*.md", "**/*.markdown"];

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub bundle: BundleConfig,
    #[serde(default)]
    pub names: NamesConfig,
    /// House-style terms: an avoided term (as written, whole words, any
    /// case) → its preferred form and message. Reported by
    /// `translation-false-friend`, whose embedded list they extend.
    #[serde(default)]
    pub terms: BTreeMap<String, TermConfig>,
    /// Exchange rates for `conversion-mismatch` (`[rates]`).
    #[serde(default)]
    pub rates: RatesConfig,
    /// Severity per rule id, or "off".
    #[serde(default)]
    pub rules: BTreeMap<String, RuleSetting>,
    /// Rules left out for some articles: a glob over the article's path in
    /// the bundle -> rule ids or families (`["name-variant", "typography"]`).
    #[serde(default, rename = "per-path-ignores")]
    pub per_path_ignores: BTreeMap<String, Vec<String>>,
    /// Extra knowledge-base files (same layout as `server/data/kb/*.toml`),
    /// relative to the folder of `copydesk.toml`; their entries extend and
    /// override the embedded ones by id.
    #[serde(default)]
    pub knowledge: Vec<String>,
    /// Knowledge-base entries written in `copydesk.toml` itself (`[[entity]]`).
    #[serde(default)]
    pub entity: Vec<crate::kb::Entry>,
    /// The text of each `knowledge` file as `(path, text)`, read by the
    /// loader (`copydesk_workspace::load_config`; the core does no I/O).
    #[serde(skip)]
    pub knowledge_loaded: Vec<(String, String)>,
    /// What is derived from this configuration, kept with it. Not
    /// configuration: see [`ConfigCache`].
    #[serde(skip)]
    pub cache: ConfigCache,
}

/// Values derived from one configuration and kept with it, so that no
/// cache outlives its configuration: the knowledge base in force
/// ([`crate::knowledge::for_config`]), with the hash of the user entries it
/// was merged from, so that a config whose `entity` or `knowledge_loaded`
/// changed after it was merged is merged again.
///
/// Clones of a configuration share the cache (an entry is only used for
/// the inputs it was made from); it takes no part in comparisons and is not
/// shown by `Debug`.
#[derive(Default, Clone)]
pub struct ConfigCache {
    kb: Arc<Mutex<Option<KeyedKb>>>,
}

/// A merged knowledge base with the hash of what it was merged from.
type KeyedKb = (u64, Arc<Kb>);

impl ConfigCache {
    /// The knowledge base derived under `key`, made by `make` (outside the
    /// lock) when there is none or it was derived under another key.
    pub fn kb(&self, key: u64, make: impl FnOnce() -> Kb) -> Arc<Kb> {
        if let Ok(guard) = self.kb.lock() {
            if let Some((k, kb)) = guard.as_ref() {
                if *k == key {
                    return Arc::clone(kb);
                }
            }
        }
        let kb = Arc::new(make());
        if let Ok(mut guard) = self.kb.lock() {
            *guard = Some((key, Arc::clone(&kb)));
        }
        kb
    }
}

impl PartialEq for ConfigCache {
    /// A cache never makes two configurations differ.
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl std::fmt::Debug for ConfigCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ConfigCache")
    }
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct BundleConfig {
    /// Globs of the articles, relative to the workspace root. Empty means
    /// the defaults (`*.txt`, `*.md`, `*.markdown` anywhere).
    #[serde(default)]
    pub include: Vec<String>,
    /// Globs that are left out even when included.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Globs in order of authority: articles matching an earlier glob are
    /// the reference when a canonical spelling is chosen.
    #[serde(default)]
    pub priority: Vec<String>,
    /// The story's date (YYYY-MM-DD) where the articles give none.
    #[serde(default)]
    pub date: Option<String>,
    /// File stems (the name before its first dot, any case) of notes that
    /// are not articles (`SOURCES.md`). `None` means the list of
    /// `server/data/notes.toml`; `[]` reads every included file.
    #[serde(default)]
    pub notes: Option<Vec<String>>,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct NamesConfig {
    /// Canonical spelling → variants that should be written that way.
    #[serde(default)]
    pub canonical: BTreeMap<String, Vec<String>>,
    /// Names that are never flagged.
    #[serde(default)]
    pub ignore: Vec<String>,
}

/// One avoided term of `[terms]`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct TermConfig {
    /// What to write instead (offered as a fix).
    #[serde(default)]
    pub prefer: Option<String>,
    /// Why, shown in the finding.
    #[serde(default)]
    pub message: Option<String>,
    /// The fix may be applied by fix-all (`copydesk check --fix`).
    #[serde(default)]
    pub certain: bool,
}

/// `[rates]`: `"USD/CNY" = 7.12` is how many units of the second currency
/// one unit of the first buys; `tolerance` is the relative difference
/// accepted beyond the rounding of the figures (default 0.03). Any other key
/// is an error.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RatesConfig {
    pub pairs: BTreeMap<(String, String), f64>,
    pub tolerance: Option<f64>,
}

impl RatesConfig {
    /// The tolerance, default 3%.
    pub fn tolerance(&self) -> f64 {
        self.tolerance.unwrap_or(0.03)
    }
    /// Units of `to` per unit of `from`, from a pair written either way.
    pub fn rate(&self, from: &str, to: &str) -> Option<f64> {
        if let Some(r) = self.pairs.get(&(from.to_string(), to.to_string())) {
            return Some(*r);
        }
        self.pairs
            .get(&(to.to_string(), from.to_string()))
            .filter(|r| **r > 0.0)
            .map(|r| 1.0 / r)
    }
}

impl<'de> Deserialize<'de> for RatesConfig {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let raw = BTreeMap::<String, f64>::deserialize(d)?;
        let mut out = RatesConfig::default();
        for (k, v) in raw {
            if k == "tolerance" {
                if !(0.0..1.0).contains(&v) {
                    return Err(D::Error::custom("rates.tolerance must be between 0 and 1"));
                }
                out.tolerance = Some(v);
                continue;
            }
            let pair = k.split_once('/').filter(|(a, b)| {
                [a, b]
                    .iter()
                    .all(|c| c.len() == 3 && c.chars().all(|x| x.is_ascii_uppercase()))
            });
            match pair {
                Some((a, b)) if v > 0.0 && v.is_finite() => {
                    out.pairs.insert((a.to_string(), b.to_string()), v);
                }
                Some(_) => return Err(D::Error::custom(format!("rate {k} must be a positive number"))),
                None => {
                    return Err(D::Error::custom(format!(
                        "unknown key `{k}` in [rates]: expected a currency pair such as \"USD/CNY\" or `tolerance`"
                    )))
                }
            }
        }
        Ok(out)
    }
}

/// A rule's configured severity, or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleSetting {
    Off,
    Error,
    Warning,
    Information,
    Hint,
}

impl RuleSetting {
    pub fn severity(self) -> Option<Severity> {
        match self {
            RuleSetting::Off => None,
            RuleSetting::Error => Some(Severity::Error),
            RuleSetting::Warning => Some(Severity::Warning),
            RuleSetting::Information => Some(Severity::Information),
            RuleSetting::Hint => Some(Severity::Hint),
        }
    }
}

/// Why a config could not be used: a message and, where known, the byte
/// span in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub message: String,
    pub span: Option<Span>,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl Config {
    /// Parses the text of a `copydesk.toml`, checking the globs, the story
    /// date and the rule names too: `rule_ids` are the valid rule ids
    /// ([`Config::parse`] gives every check's).
    pub fn parse_with_rules(text: &str, rule_ids: &[&str]) -> Result<Config, ConfigError> {
        let config: Config = toml::from_str(text).map_err(|e| {
            // Some TOML errors carry no message of their own ("A=").
            let mut message = e.message().trim().to_string();
            if message.is_empty() {
                message = "invalid TOML: a value is missing or malformed here".to_string();
            }
            ConfigError {
                message,
                span: e.span().map(|r| Span::new(r.start, r.end.max(r.start))),
            }
        })?;
        config.bundle_globs().map_err(|message| ConfigError {
            span: locate_value(text, &message),
            message,
        })?;
        config
            .per_path_ignores_with(rule_ids)
            .map_err(|message| ConfigError {
                span: locate_value(text, &message),
                message,
            })?;
        if let Some(date) = config.bundle.date.as_deref().filter(|d| !is_iso_date(d)) {
            let message = format!("[bundle] date: '{date}' is not a date written YYYY-MM-DD");
            return Err(ConfigError {
                span: locate_value(text, &message),
                message,
            });
        }
        if let Some(unknown) = config
            .rules
            .keys()
            .find(|k| !rule_ids.contains(&k.as_str()))
        {
            return Err(ConfigError {
                message: format!("[rules]: {}", unknown_rule(unknown, rule_ids)),
                span: locate_rule_key(text, unknown),
            });
        }
        Ok(config)
    }

    /// The severity of a rule: the configured one, or the rule's default;
    /// `None` when the rule is off.
    pub fn severity_of(&self, rule: &str, default: Severity) -> Option<Severity> {
        match self.rules.get(rule) {
            Some(setting) => setting.severity(),
            None => Some(default),
        }
    }

    /// `[per-path-ignores]` compiled: (paths, rule ids or families). An
    /// invalid glob or a name that is no rule (of `rule_ids`) or family is
    /// an error.
    pub fn per_path_ignores_with(
        &self,
        rule_ids: &[&str],
    ) -> Result<Vec<(GlobSet, Vec<String>)>, String> {
        let ids = rule_ids;
        let mut out = Vec::new();
        for (glob, rules) in &self.per_path_ignores {
            for r in rules {
                let family = r.trim_end_matches('-');
                if !ids
                    .iter()
                    .any(|id| id == r || id.split('-').next() == Some(family))
                {
                    return Err(format!(
                        "per-path-ignores: unknown rule or family '{r}' (valid: {})",
                        ids.join(", ")
                    ));
                }
            }
            out.push((build_set(&[glob.as_str()])?, rules.clone()));
        }
        Ok(out)
    }

    /// Compiled include, exclude and priority globs.
    pub fn bundle_globs(&self) -> Result<BundleGlobs, String> {
        let include: Vec<&str> = if self.bundle.include.is_empty() {
            DEFAULT_INCLUDE.to_vec()
        } else {
            self.bundle.include.iter().map(String::as_str).collect()
        };
        let exclude: Vec<&str> = self.bundle.exclude.iter().map(String::as_str).collect();
        let mut priority = Vec::new();
        for p in &self.bundle.priority {
            priority.push(build_set(&[p.as_str()])?);
        }
        let notes = match &self.bundle.notes {
            Some(stems) => stems.iter().map(|s| s.to_lowercase()).collect(),
            None => default_note_stems(),
        };
        Ok(BundleGlobs {
            include: build_set(&include)?,
            exclude: build_set(&exclude)?,
            priority,
            notes,
        })
    }
}

/// The bundle's globs, compiled.
#[derive(Debug, Clone)]
pub struct BundleGlobs {
    include: GlobSet,
    exclude: GlobSet,
    priority: Vec<GlobSet>,
    /// Lower-case stems of note files (`[bundle] notes`).
    notes: Vec<String>,
}

/// The note stems of `server/data/notes.toml`, lower-cased. A list that
/// does not parse is logged and leaves every file in.
fn default_note_stems() -> Vec<String> {
    #[derive(Deserialize)]
    struct Notes {
        stems: Vec<String>,
    }
    static STEMS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    STEMS
        .get_or_init(
            || match toml::from_str::<Notes>(include_str!("../../data/notes.toml")) {
                Ok(n) => n.stems.iter().map(|s| s.to_lowercase()).collect(),
                Err(e) => {
                    tracing::error!("server/data/notes.toml does not parse: {e}");
                    Vec::new()
                }
            },
        )
        .clone()
}

impl Default for BundleGlobs {
    fn default() -> Self {
        Config::default()
            .bundle_globs()
            .unwrap_or_else(|_| unreachable_globs())
    }
}

fn unreachable_globs() -> BundleGlobs {
    BundleGlobs {
        include: GlobSet::empty(),
        exclude: GlobSet::empty(),
        priority: Vec::new(),
        notes: Vec::new(),
    }
}

impl BundleGlobs {
    /// Is this path (relative to the workspace root, `/`-separated) an article?
    pub fn is_article(&self, relative: &str) -> bool {
        self.include.is_match(relative) && !self.is_left_out(relative)
    }

    /// Is this path left out whatever the include globs say: excluded, or
    /// a note (`SOURCES.md`) rather than an article?
    pub fn is_left_out(&self, relative: &str) -> bool {
        self.exclude.is_match(relative) || self.is_note(relative)
    }

    /// Is the file a note beside the articles: its name before the first
    /// dot is one of the note stems, in any case.
    pub fn is_note(&self, relative: &str) -> bool {
        let name = relative.rsplit('/').next().unwrap_or(relative);
        let stem = name.split('.').next().unwrap_or(name);
        let stem = stem.to_lowercase();
        !stem.is_empty() && self.notes.contains(&stem)
    }

    /// Rank of authority: 0 for the first priority glob, and so on; articles
    /// matching none rank after all of them.
    pub fn priority_rank(&self, relative: &str) -> usize {
        self.priority
            .iter()
            .position(|g| g.is_match(relative))
            .unwrap_or(self.priority.len())
    }
}

fn build_set(patterns: &[&str]) -> Result<GlobSet, String> {
    let mut builder = GlobSetBuilder::new();
    for p in patterns {
        let glob = Glob::new(p).map_err(|e| format!("invalid glob '{p}': {e}"))?;
        builder.add(glob);
        // "*.txt" should also match files in sub-folders, as users expect.
        if !p.contains('/') {
            if let Ok(g) = Glob::new(&format!("**/{p}")) {
                builder.add(g);
            }
        }
    }
    builder.build().map_err(|e| format!("invalid globs: {e}"))
}

/// Is `date` a date written YYYY-MM-DD, as the story date is read: a
/// year, a month 1-12 and a day 1-31 in digits (white space around allowed).
fn is_iso_date(date: &str) -> bool {
    let parts: Vec<&str> = date.trim().split('-').collect();
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    match parts[..] {
        [y, m, d] if digits(y) && digits(m) && digits(d) => {
            y.parse::<i32>().is_ok()
                && m.parse::<u32>().is_ok_and(|m| (1..=12).contains(&m))
                && d.parse::<u32>().is_ok_and(|d| (1..=31).contains(&d))
        }
        _ => false,
    }
}

/// "unknown rule 'x'", with the closest valid id when one is close
/// ("did you mean"), and the valid ids.
pub fn unknown_rule(name: &str, ids: &[&str]) -> String {
    let closest = ids
        .iter()
        .map(|id| (strsim::jaro_winkler(name, id), *id))
        .filter(|(score, _)| *score >= 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    let hint = closest.map_or_else(String::new, |(_, id)| format!("; did you mean '{id}'?"));
    format!("unknown rule '{name}'{hint} (valid: {})", ids.join(", "))
}

/// The span of the key `name` of `[rules]` (or of `rules.name`): its first
/// occurrence after the table's header, else anywhere in `text`.
fn locate_rule_key(text: &str, name: &str) -> Option<Span> {
    let from = text
        .match_indices("[rules]")
        .map(|(i, _)| i)
        .find(|i| crate::text::line_start(text, *i) == *i)
        .unwrap_or(0);
    let at = text
        .get(from..)
        .and_then(|t| t.find(name))
        .map(|i| from + i)
        .or_else(|| text.find(name))?;
    Some(Span::new(at, at + name.len()))
}

/// Finds the value quoted ('…') in an error message, to point at it.
fn locate_value(text: &str, message: &str) -> Option<Span> {
    let start = message.find('\'')? + 1;
    let end = start + message[start..].find('\'')?;
    let needle = &message[start..end];
    let at = text.find(needle)?;
    Some(Span::new(at, at + needle.len()))
}

#[cfg(test)]
mod tests {

    /// Regression (found by tests/properties.rs): the TOML error for a key
    /// without a value has an empty message of its own.
    #[test]
    fn regression_key_without_value_has_a_message() {
        for text in ["A=", "[bundle]\ninclude =", "x = "] {
            let e = Config::parse(text).expect_err(text);
            assert!(!e.message.is_empty(), "{text:?}");
            assert!(e.span.is_some_and(|s| s.end <= text.len()), "{text:?}");
        }
    }

    use super::*;

    #[test]
    fn an_unknown_rule_is_an_error_on_its_key_with_the_closest_id() {
        let text = "[bundle]\ninclude = [\"*.txt\"]\n\n[rules]\n\"typography-double-space\" = \"off\"\n\"figure-conflcit\" = \"error\"\n";
        let e = Config::parse(text).expect_err("unknown rule");
        assert!(e.message.contains("'figure-conflcit'"), "{}", e.message);
        assert!(
            e.message.contains("did you mean 'figure-conflict'?"),
            "{}",
            e.message
        );
        assert!(e.message.contains("name-variant"), "{}", e.message);
        let span = e.span.expect("a span");
        assert_eq!(&text[span.start..span.end], "figure-conflcit");
        let e = Config::parse("[rules]\nspelling = \"off\"\n").expect_err("unknown rule");
        assert!(!e.message.contains("did you mean"), "{}", e.message);
        assert!(Config::parse("[rules]\nfigure-conflict = \"hint\"\n").is_ok());
    }

    #[test]
    fn empty_config_is_default() {
        assert_eq!(Config::parse("").unwrap(), Config::default());
    }

    #[test]
    fn full_config_parses() {
        let c = Config::parse(
            r#"
[bundle]
include = ["stories/**/*.md"]
exclude = ["**/draft-*"]
priority = ["wire/*"]
date = "2025-09-12"

[names]
canonical = { "Veltra" = ["VELTRA", "vELTRA"] }
ignore = ["Kim Jong-un"]

[rules]
"name-variant" = "error"
"figure-conflict" = "off"
"#,
        )
        .unwrap();
        assert_eq!(
            c.severity_of("name-variant", Severity::Warning),
            Some(Severity::Error)
        );
        assert_eq!(c.severity_of("figure-conflict", Severity::Warning), None);
        assert_eq!(c.severity_of("other", Severity::Hint), Some(Severity::Hint));
        let g = c.bundle_globs().unwrap();
        assert!(g.is_article("stories/a/b.md"));
        assert!(!g.is_article("stories/a/draft-b.md"));
        assert!(!g.is_article("notes.txt"));
        assert_eq!(g.priority_rank("wire/x.md"), 0);
        assert_eq!(g.priority_rank("other/x.md"), 1);
    }

    #[test]
    fn notes_are_not_articles_unless_the_list_is_emptied() {
        let g = Config::default().bundle_globs().unwrap();
        assert!(!g.is_article("SOURCES.md"));
        assert!(!g.is_article("desk/readme.txt"));
        assert!(!g.is_article("Notes.markdown"));
        assert!(g.is_article("sources-of-acme.md"));
        assert!(g.is_article("a.notes.txt"));
        let c = Config::parse("[bundle]\nnotes = [\"memo\"]\n").unwrap();
        let g = c.bundle_globs().unwrap();
        assert!(g.is_article("SOURCES.md"));
        assert!(!g.is_article("MEMO.txt"));
        let g = Config::parse("[bundle]\nnotes = []\n")
            .unwrap()
            .bundle_globs()
            .unwrap();
        assert!(g.is_article("README.md"));
    }

    #[test]
    fn default_globs_match_articles_anywhere() {
        let g = Config::default().bundle_globs().unwrap();
        assert!(g.is_article("a.txt"));
        assert!(g.is_article("x/y/a.markdown"));
        assert!(!g.is_article("a.rs"));
    }

    #[test]
    fn wrong_type_reports_a_span() {
        let text = "[rules]\n\"name-variant\" = 3\n";
        let err = Config::parse(text).unwrap_err();
        let span = err.span.expect("span");
        assert_eq!(&text[span.start..span.end], "3");
        assert!(!err.message.is_empty());
    }

    #[test]
    fn unknown_severity_and_table_are_errors() {
        assert!(Config::parse("[rules]\nx = \"loud\"\n").is_err());
        assert!(Config::parse("[bundel]\n").is_err());
    }

    #[test]
    fn terms_parse() {
        let c = Config::parse(
            r#"
[terms]
"gas pedals" = { prefer = "accelerators", message = "chips, not car parts", certain = true }
"utilise" = { prefer = "use" }
"#,
        )
        .unwrap();
        let t = &c.terms["gas pedals"];
        assert_eq!(t.prefer.as_deref(), Some("accelerators"));
        assert_eq!(t.message.as_deref(), Some("chips, not car parts"));
        assert!(t.certain);
        assert!(!c.terms["utilise"].certain);
    }

    #[test]
    fn broken_terms_give_an_error_with_a_span() {
        let text = "[terms]\n\"utilise\" = { prefer = \"use\", severity = \"high\" }\n";
        let err = Config::parse(text).unwrap_err();
        let span = err.span.expect("span");
        assert_eq!(&text[span.start..span.end], "severity");
        assert!(err.message.contains("severity"), "{}", err.message);
        let text = "[terms]\n\"utilise\" = { prefer = 3 }\n";
        let err = Config::parse(text).unwrap_err();
        let span = err.span.expect("span");
        assert_eq!(&text[span.start..span.end], "3");
    }

    #[test]
    fn a_story_date_that_is_no_date_is_an_error_on_its_value() {
        let text = "[bundle]\ninclude = [\"*.txt\"]\ndate = \"next Tuesday\"\n";
        let e = Config::parse(text).expect_err("not a date");
        assert!(e.message.contains("YYYY-MM-DD"), "{}", e.message);
        let span = e.span.expect("a span");
        assert_eq!(&text[span.start..span.end], "next Tuesday");
        for bad in ["2025-13-01", "2025-02-32", "2025-02", "2025-02-03-04", ""] {
            let text = format!("[bundle]\ndate = \"{bad}\"\n");
            assert!(Config::parse(&text).is_err(), "{bad}");
        }
        let c = Config::parse("[bundle]\ndate = \"2025-09-12\"\n").expect("a date");
        assert_eq!(c.bundle.date.as_deref(), Some("2025-09-12"));
    }

    #[test]
    fn rule_ids_are_given_to_the_parser() {
        let text = "[rules]\nexample-rule = \"off\"\n";
        assert!(Config::parse_with_rules(text, &["example-rule"]).is_ok());
        let e = Config::parse_with_rules(text, &["example-rules"]).expect_err("unknown");
        assert!(
            e.message.contains("did you mean 'example-rules'?"),
            "{}",
            e.message
        );
        let c = Config::parse_with_rules(
            "[per-path-ignores]\n\"x/*\" = [\"example\"]\n",
            &["example-rule"],
        )
        .expect("a family");
        assert_eq!(
            c.per_path_ignores_with(&["example-rule"]).map(|v| v.len()),
            Ok(1)
        );
        assert!(c.per_path_ignores_with(&["other-rule"]).is_err());
    }

    #[test]
    fn the_cache_is_no_configuration() {
        let a = Config::default();
        let kb = a.cache.kb(1, crate::kb::Kb::default);
        let b = a.clone();
        assert_eq!(a, b);
        assert!(std::sync::Arc::ptr_eq(
            &b.cache.kb(1, crate::kb::Kb::default),
            &kb
        ));
        assert!(!std::sync::Arc::ptr_eq(
            &b.cache.kb(2, crate::kb::Kb::default),
            &kb
        ));
        assert_eq!(format!("{:?}", a.cache), "ConfigCache");
    }

    #[test]
    fn bad_glob_is_located() {
        let text = "[bundle]\ninclude = [\"a[\"]\n";
        let err = Config::parse(text).unwrap_err();
        let span = err.span.expect("span");
        assert_eq!(&text[span.start..span.end], "a[");
    }
}
