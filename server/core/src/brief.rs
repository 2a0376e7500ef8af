//! Short Markdown for hovers: an entity's fact sheet or a person, cut to
//! what a reader takes in at a glance. Places are written `article:line`
//! as plain text (terminal editors show a Markdown link's URI raw); the
//! full sheet, with links, is the `copydesk.factSheet` command's. Every
//! hover is held to [`MAX_LINES`] lines and [`MAX_CHARS`] characters.

use crate::bundle::Bundle;
use crate::claims::table::{Claim, Statement};
use crate::extract::figures::SimpleDate;
use crate::factsheet::{escape_md, trimmed_sentence, FactSheet};
use crate::kb::Kb;
use crate::people::Person;
use crate::types::DocId;

/// The most lines a hover has.
pub const MAX_LINES: usize = 40;
/// The most characters a hover has.
pub const MAX_CHARS: usize = 3000;
/// Knowledge-base notes shown.
const NOTES: usize = 3;
/// Figures shown (after merging identical ones; conflicts first).
const FIGURES: usize = 5;
/// Articles whose mention lines are shown.
const ARTICLES: usize = 6;
/// Line numbers shown per article.
const LINES_PER_ARTICLE: usize = 8;
/// Quoting sentences shown.
const QUOTES: usize = 3;
/// Spellings and roles shown.
const SPELLINGS: usize = 6;

const MORE: &str = "*More in the full fact sheet (command `copydesk.factSheet`).*";

/// The short hover of an entity.
pub fn entity(sheet: &FactSheet, kb: &Kb) -> String {
    let mut short = sheet.clone();
    let left_notes = short.notes.len().saturating_sub(NOTES);
    short.notes.truncate(NOTES);
    let mut out = short.what_markdown(kb);
    if left_notes > 0 {
        out.push_str(&format!("… and {left_notes} more notes\n\n"));
    }
    out.push_str("---\n\n");
    let mut cut = left_notes > 0;
    cut |= figures(sheet, &mut out);
    let places: Vec<(DocId, String, usize)> = sheet
        .mentions
        .iter()
        .map(|m| (m.doc, m.article.clone(), m.line))
        .collect();
    out.push_str(&format!(
        "**In this bundle:** {} mention{}",
        sheet.mention_count,
        plural(sheet.mention_count)
    ));
    cut |= lines_per_article(&places, &mut out, ARTICLES, LINES_PER_ARTICLE);
    if cut {
        out.push_str(MORE);
        out.push('\n');
    }
    bound(&out)
}

/// The figures of a sheet, identical ones merged, conflicts first. True
/// when some were left out.
fn figures(sheet: &FactSheet, out: &mut String) -> bool {
    if sheet.claims.is_empty() {
        return false;
    }
    // (about, value) -> places, conflicting values.
    let mut merged: Vec<(&str, &str, Vec<String>, Vec<String>)> = Vec::new();
    for c in &sheet.claims {
        let place = format!("{}:{}", c.article, c.line);
        let conflicts = c.conflicts.iter().map(|r| {
            format!(
                "**{}** ({}:{})",
                escape_md(&r.value),
                escape_md(&r.article),
                r.line
            )
        });
        match merged
            .iter_mut()
            .find(|(a, v, _, _)| *a == c.about && *v == c.value)
        {
            Some((_, _, places, against)) => {
                if !places.contains(&place) {
                    places.push(place);
                }
                for r in conflicts {
                    if !against.contains(&r) {
                        against.push(r);
                    }
                }
            }
            None => merged.push((&c.about, &c.value, vec![place], conflicts.collect())),
        }
    }
    let conflicting = merged.iter().filter(|m| !m.3.is_empty()).count();
    merged.sort_by_key(|m| m.3.is_empty());
    out.push_str(&format!(
        "**Figures in this bundle:** {}{}\n\n",
        merged.len(),
        if conflicting > 0 {
            format!(" ({conflicting} in conflict)")
        } else {
            String::new()
        }
    ));
    for (about, value, places, against) in merged.iter().take(FIGURES) {
        let shown: Vec<String> = places.iter().take(3).map(|p| escape_md(p)).collect();
        let more = places.len().saturating_sub(3);
        out.push_str(&format!(
            "- {}: **{}** — {}{}",
            escape_md(about),
            escape_md(value),
            shown.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        ));
        if !against.is_empty() {
            out.push_str(&format!(" — ⚠ conflicts with {}", against.join(", ")));
        }
        out.push('\n');
    }
    let left = merged.len().saturating_sub(FIGURES);
    if left > 0 {
        out.push_str(&format!("- … and {left} more figures\n"));
    }
    out.push('\n');
    left > 0
}

/// " in N articles", then one line per article with its line numbers.
/// True when some were left out.
fn lines_per_article(
    places: &[(DocId, String, usize)],
    out: &mut String,
    articles: usize,
    lines_per: usize,
) -> bool {
    let mut per: Vec<(DocId, &str, Vec<usize>)> = Vec::new();
    for (doc, article, line) in places {
        match per.iter_mut().find(|(d, _, _)| d == doc) {
            Some((_, _, lines)) => {
                if !lines.contains(line) {
                    lines.push(*line);
                }
            }
            None => per.push((*doc, article, vec![*line])),
        }
    }
    out.push_str(&format!(
        " in {} article{}\n\n",
        per.len(),
        plural(per.len())
    ));
    let mut cut = false;
    for (_, article, lines) in per.iter().take(articles) {
        let shown: Vec<String> = lines.iter().take(lines_per).map(usize::to_string).collect();
        let more = lines.len().saturating_sub(lines_per);
        cut |= more > 0;
        out.push_str(&format!(
            "- {}: line{} {}{}\n",
            escape_md(article),
            plural(lines.len()),
            shown.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        ));
    }
    let left = per.len().saturating_sub(articles);
    if left > 0 {
        cut = true;
        out.push_str(&format!("- … and {left} more articles\n"));
    }
    out.push('\n');
    cut
}

/// A person's (or a name's) hover: spellings, roles, quoting sentences
/// and where the name is; `full` lists everything (the fact sheet).
pub fn person(bundle: &Bundle, p: &Person, full: bool) -> String {
    let take = |n: usize| if full { usize::MAX } else { n };
    let mut out = format!(
        "**{}** — name (not in the knowledge base)\n\n",
        escape_md(&p.name)
    );
    let mut cut = false;
    let list = |items: &[(String, usize)], quote: bool| -> String {
        items
            .iter()
            .take(take(SPELLINGS))
            .map(|(s, n)| {
                let s = escape_md(s);
                let s = if quote { format!("“{s}”") } else { s };
                if *n > 1 {
                    format!("{s} ({n})")
                } else {
                    s
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    if p.spellings.len() > 1 {
        out.push_str(&format!("**Written:** {}", list(&p.spellings, true)));
        out.push_str(" — ⚠ spelled more than one way\n\n");
        cut |= p.spellings.len() > take(SPELLINGS);
    }
    if !p.roles.is_empty() {
        out.push_str(&format!("**Titles:** {}\n\n", list(&p.roles, false)));
        cut |= p.roles.len() > take(SPELLINGS);
    }
    let quoted: Vec<_> = p.mentions.iter().filter(|m| m.quoted).collect();
    let mut seen_sentences = Vec::new();
    let mut quotes = Vec::new();
    for m in &quoted {
        let (Some(s), Some(d)) = (m.sentence, bundle.get(m.location.doc)) else {
            continue;
        };
        if seen_sentences.contains(&(m.location.doc, s)) {
            continue;
        }
        seen_sentences.push((m.location.doc, s));
        quotes.push(format!(
            "- {}:{} {}\n",
            escape_md(&d.name),
            d.lines.line_of(s.start) + 1,
            escape_md(&trimmed_sentence(&d.text, s, m.location.span))
        ));
    }
    if !quotes.is_empty() {
        out.push_str(&format!(
            "**Quoted:** {} sentence{}\n\n",
            quotes.len(),
            plural(quotes.len())
        ));
        for q in quotes.iter().take(take(QUOTES)) {
            out.push_str(q);
        }
        let left = quotes.len().saturating_sub(take(QUOTES));
        if left > 0 {
            cut = true;
            out.push_str(&format!("- … and {left} more\n"));
        }
        out.push('\n');
    }
    let places: Vec<(DocId, String, usize)> = p
        .mentions
        .iter()
        .filter_map(|m| {
            let d = bundle.get(m.location.doc)?;
            Some((
                d.id,
                d.name.clone(),
                d.lines.line_of(m.location.span.start) + 1,
            ))
        })
        .collect();
    out.push_str(&format!(
        "**In this bundle:** {} mention{}",
        p.mentions.len(),
        plural(p.mentions.len())
    ));
    cut |= lines_per_article(&places, &mut out, take(ARTICLES), take(LINES_PER_ARTICLE));
    if cut && !full {
        out.push_str(MORE);
        out.push('\n');
    }
    if full {
        out
    } else {
        bound(&out)
    }
}

/// Statements of a claim shown in a figure's hover.
const STATEMENTS: usize = 12;

/// The short hover of a figure: how it was read (unit, the values its
/// rounding allows, its day and session), then the bundle's statements of
/// the same claim, those that disagree with it marked, and those the checks
/// flag (this one too when no other article states its claim: a headline
/// that its own body contradicts).
pub fn figure(bundle: &Bundle, read: &Statement, claim: Option<&(Claim, usize)>) -> String {
    let mut out = format!(
        "**{}** — read as {} {}\n\n",
        escape_md(&read.written),
        escape_md(&read.unit),
        allowed(read.low, read.high)
    );
    let mut when = Vec::new();
    if let Some(d) = read.day {
        when.push(format!("on {}", day(d)));
    }
    if let Some(s) = &read.session {
        when.push(format!("session: {}", escape_md(s)));
    }
    if let Some(s) = &read.source {
        when.push(format!("source: {}", escape_md(s)));
    }
    if !when.is_empty() {
        out.push_str(&format!("{}\n\n", when.join(" · ")));
    }
    let Some((claim, me)) = claim else {
        if let Some(f) = read.flagged {
            out.push_str(&format!("This figure is flagged ({}).\n\n", f.as_str()));
        }
        out.push_str("No other article states this claim.\n");
        return bound(&out);
    };
    let mine = claim.statements.get(*me).map(|s| s.class);
    out.push_str("---\n\n");
    out.push_str(&format!(
        "**The same claim in this bundle** ({}, {} statement{}){}:\n\n",
        escape_md(&claim.label),
        claim.statements.len(),
        plural(claim.statements.len()),
        if claim.conflict {
            " — the values disagree"
        } else {
            ""
        }
    ));
    // The disagreeing statements first, then the others, in bundle order.
    let mut order: Vec<usize> = (0..claim.statements.len()).collect();
    order.sort_by_key(|&i| (claim.statements[i].class == mine.unwrap_or(0), i));
    for &i in order.iter().take(STATEMENTS) {
        let s = &claim.statements[i];
        let place = bundle
            .get(s.doc)
            .map_or_else(|| "?".to_string(), |d| d.cite(s.span.start));
        let mut line = format!("- {} **{}**", escape_md(&place), escape_md(&s.written));
        if i == *me {
            line.push_str(" (this one)");
        } else if Some(s.class) != mine {
            line.push_str(" ✗ disagrees");
        }
        if let Some(f) = s.flagged {
            line.push_str(&format!(" — flagged ({})", f.as_str()));
        }
        out.push_str(&line);
        out.push('\n');
    }
    let more = claim.statements.len().saturating_sub(STATEMENTS);
    if more > 0 {
        out.push_str(&format!("- … and {more} more (`copydesk/ledger`)\n"));
    }
    bound(&out)
}

/// "4125000000 to 4135000000", "at least 5", "below 3".
fn allowed(low: f64, high: f64) -> String {
    match (low.is_finite(), high.is_finite()) {
        (true, true) if (high - low).abs() <= f64::EPSILON * high.abs().max(1.0) => {
            format!("exactly {}", number(low))
        }
        (true, true) => format!("{} to {}", number(low), number(high)),
        (true, false) => format!("at least {}", number(low)),
        (false, true) => format!("below {}", number(high)),
        (false, false) => "any value".to_string(),
    }
}

/// A value with at most 12 significant digits, trailing zeros cut.
fn number(x: f64) -> String {
    let magnitude = if x == 0.0 {
        0
    } else {
        x.abs().log10().floor() as i32
    };
    let decimals = (11 - magnitude).clamp(0, 12) as usize;
    let s = format!("{x:.decimals$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if s == "-0" {
        "0".to_string()
    } else {
        s
    }
}

fn day(d: SimpleDate) -> String {
    let part = |x: Option<u32>| x.map_or_else(|| "?".to_string(), |x| format!("{x:02}"));
    match (d.year, d.month) {
        (y, Some(m)) => format!(
            "{}-{:02}-{}",
            y.map_or_else(|| "?".to_string(), |y| y.to_string()),
            m,
            part(d.day)
        ),
        (Some(y), None) => y.to_string(),
        (None, None) => "?".to_string(),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Holds Markdown to [`MAX_LINES`] lines and [`MAX_CHARS`] characters,
/// cutting at a line and saying so.
pub fn bound(md: &str) -> String {
    const CUT: &str = "… *(cut; the full fact sheet: command `copydesk.factSheet`)*\n";
    let budget = MAX_CHARS - CUT.chars().count();
    let lines: Vec<&str> = md.split_inclusive('\n').collect();
    let total: usize = md.chars().count();
    if lines.len() <= MAX_LINES && total <= MAX_CHARS {
        return md.to_string();
    }
    let mut out = String::new();
    let mut chars = 0;
    for (i, line) in lines.iter().enumerate() {
        let n = line.chars().count();
        if i + 1 >= MAX_LINES || chars + n > budget {
            break;
        }
        out.push_str(line);
        chars += n;
    }
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(CUT);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_hover_is_cut_at_a_line_within_both_bounds() {
        let long: String = (0..200).map(|i| format!("- line {i}\n")).collect();
        let b = bound(&long);
        assert!(b.lines().count() <= MAX_LINES, "{b}");
        assert!(b.ends_with("`copydesk.factSheet`)*\n"), "{b}");
        assert!(b.starts_with("- line 0\n- line 1\n"));
        let wide = "é".repeat(5000);
        let b = bound(&wide);
        assert!(b.chars().count() <= MAX_CHARS, "{}", b.chars().count());
        let short = "**Acme Air** — name\n";
        assert_eq!(bound(short), short);
    }

    #[test]
    fn numbers_are_short_and_exact_enough() {
        assert_eq!(number(4_125_000_000.000_000_5), "4125000000");
        assert_eq!(number(6.5), "6.5");
        assert_eq!(number(0.0), "0");
        assert_eq!(number(-0.25), "-0.25");
        assert_eq!(allowed(5.0, f64::INFINITY), "at least 5");
        assert_eq!(allowed(f64::NEG_INFINITY, 3.0), "below 3");
    }
}
