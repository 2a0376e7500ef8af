//! The gold format of a scored bundle (`gold.json`): what a careful editor
//! flags (`must`), what is defensible either way (`acceptable`), and lines
//! that look inconsistent but are not (`traps`). The format and the
//! scoring rules are those of `shared/seeds-gold.md`.

use serde::Deserialize;

/// A place in a bundle as the gold names it: a file name and a 1-based line.
pub type Loc = (String, usize);

#[derive(Debug, Clone, Deserialize, Default)]
pub struct Gold {
    #[serde(default)]
    pub must: Vec<Item>,
    #[serde(default)]
    pub acceptable: Vec<Item>,
    #[serde(default)]
    pub traps: Vec<Trap>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Item {
    pub id: String,
    pub family: String,
    pub locs: Vec<Loc>,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Trap {
    pub locs: Vec<Loc>,
    #[serde(default)]
    pub note: String,
}

impl Gold {
    /// Parses a gold file; the error says what is wrong where.
    pub fn parse(text: &str) -> Result<Gold, String> {
        let gold: Gold = serde_json::from_str(text).map_err(|e| e.to_string())?;
        for item in gold.must.iter().chain(&gold.acceptable) {
            if item.locs.is_empty() {
                return Err(format!("item '{}' lists no line", item.id));
            }
            if item.locs.iter().any(|(_, line)| *line == 0) {
                return Err(format!("item '{}': lines are 1-based", item.id));
            }
        }
        Ok(gold)
    }

    /// A bundle with no `must` item: every warning on it is false.
    pub fn is_clean(&self) -> bool {
        self.must.is_empty()
    }
}

impl Item {
    pub fn lists(&self, file: &str, line: usize) -> bool {
        self.locs.iter().any(|(f, l)| f == file && *l == line)
    }
}

/// The texts quoted in `text`: between straight or curly single or double
/// quotes. A quote mark opens only after a non-alphanumeric character (or
/// at the start) and closes only before one (or at the end), so the
/// apostrophes of "Acme Air's" open and close nothing.
pub fn quoted_texts(text: &str) -> Vec<&str> {
    const PAIRS: [(char, char); 4] = [('\'', '\''), ('"', '"'), ('‘', '’'), ('“', '”')];
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        let opens_after_boundary = i == 0 || !chars[i - 1].1.is_alphanumeric();
        let pair = PAIRS.iter().find(|(open, _)| *open == c);
        if let (Some(&(_, close)), true) = (pair, opens_after_boundary) {
            let body_start = start + c.len_utf8();
            let mut j = i + 1;
            let mut closed = None;
            while j < chars.len() {
                let (at, d) = chars[j];
                let next_is_boundary = chars.get(j + 1).is_none_or(|(_, n)| !n.is_alphanumeric());
                if d == close && j > i + 1 && next_is_boundary {
                    closed = Some((at, j));
                    break;
                }
                j += 1;
            }
            if let Some((end, j)) = closed {
                out.push(&text[body_start..end]);
                i = j + 1;
                continue;
            }
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_texts_skip_apostrophes() {
        assert_eq!(
            quoted_texts("'Dana Whitlok' here; 'Dana Whitlock' in b.txt"),
            vec!["Dana Whitlok", "Dana Whitlock"]
        );
        assert_eq!(
            quoted_texts("Examplecorp's chief 'Jon Doe' and “Jane Doe”"),
            vec!["Jon Doe", "Jane Doe"]
        );
        assert!(quoted_texts("the firm's shares and its rival's").is_empty());
    }

    #[test]
    fn gold_rejects_zero_lines() {
        let bad = r#"{"must":[{"id":"x","family":"name","locs":[["a.txt",0]]}]}"#;
        assert!(Gold::parse(bad).unwrap_err().contains("1-based"));
        let good = r#"{"must":[],"acceptable":[],"traps":[{"locs":[["a.txt",3]],"note":"n"}]}"#;
        assert!(Gold::parse(good).is_ok_and(|g| g.is_clean()));
    }
}
