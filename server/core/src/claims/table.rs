//! The ledger of claims with its places: each row's label as written, its
//! unit, and each statement's article, span, written figure, values, class
//! and flag. What the front ends show (the LSP's `copydesk/ledger`, the
//! figure hover); plain data, byte spans.

use crate::bundle::Bundle;
use crate::claims::align::{placed, Placed};
use crate::claims::ledger::{ledger, Row};
use crate::config::Config;
use crate::extract::figures::SimpleDate;
use crate::extract::frames::written_words;
use crate::types::{DocId, Severity, Span};

/// One claim that two or more articles state.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    /// The measure words the statements share, as the first statement's
    /// sentence writes them.
    pub label: String,
    /// "%", "USD", "n"... (the first statement's; they share it).
    pub unit: String,
    /// The values cannot all be true.
    pub conflict: bool,
    /// In bundle order.
    pub statements: Vec<Statement>,
}

/// One article's statement of a claim, or a figure read on its own.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    pub doc: DocId,
    pub span: Span,
    /// The figure as written.
    pub written: String,
    pub unit: String,
    pub value: f64,
    /// The values the written figure allows (its rounding, widened by
    /// "about", "more than"...); infinite when open.
    pub low: f64,
    pub high: f64,
    /// The class of agreeing values it belongs to (0-based).
    pub class: usize,
    /// How the checks flag it, if they do.
    pub flagged: Option<Severity>,
    /// The day it is placed on, for a figure that changes over time.
    pub day: Option<SimpleDate>,
    /// "close", "open", ... when the sentence says.
    pub session: Option<String>,
}

fn statement(bundle: &Bundle, p: &Placed<'_>) -> Statement {
    let f = p.frame;
    let (low, high) = f.interval();
    Statement {
        doc: p.doc,
        span: f.span,
        written: bundle
            .get(p.doc)
            .map_or_else(String::new, |d| d.slice(f.span).to_string()),
        unit: f.unit.to_string(),
        value: f.value,
        low,
        high,
        class: 0,
        flagged: None,
        day: p.day,
        session: f.session.clone(),
    }
}

fn claim(bundle: &Bundle, all: &[Placed<'_>], r: &Row) -> Claim {
    let first = r.members.first().and_then(|&m| all.get(m));
    let label = first
        .and_then(|p| {
            let d = bundle.get(p.doc)?;
            Some(written_words(&d.text, p.frame.sentence, &r.label))
        })
        .unwrap_or_else(|| r.label.clone());
    let statements = r
        .members
        .iter()
        .enumerate()
        .filter_map(|(k, &m)| {
            let p = all.get(m)?;
            let mut s = statement(bundle, p);
            s.class = r.classes.iter().position(|c| c.contains(&k)).unwrap_or(0);
            s.flagged = r.flagged.iter().find(|(x, _)| *x == m).map(|(_, s)| *s);
            Some(s)
        })
        .collect();
    Claim {
        label,
        unit: first.map_or_else(String::new, |p| p.frame.unit.to_string()),
        conflict: r.conflict(),
        statements,
    }
}

/// The bundle's ledger ([`ledger`]) with places, in bundle order.
pub fn claims(bundle: &Bundle, config: &Config) -> Vec<Claim> {
    let all = placed(bundle, config);
    ledger(&all)
        .iter()
        .map(|r| claim(bundle, &all, r))
        .collect()
}

/// The figure under `offset` in `doc`, as read, and the claim it states
/// with the index of its statement there, when other articles state the
/// claim too.
pub fn figure_at(
    bundle: &Bundle,
    config: &Config,
    doc: DocId,
    offset: usize,
) -> Option<(Statement, Option<(Claim, usize)>)> {
    let d = bundle.get(doc)?;
    // Cheap first: most hovers are not on a figure.
    d.facts
        .figures
        .frames
        .iter()
        .find(|f| f.span.contains_offset(offset))?;
    let all = placed(bundle, config);
    let me = all
        .iter()
        .position(|p| p.doc == doc && p.frame.span.contains_offset(offset))?;
    let read = statement(bundle, &all[me]);
    let row = ledger(&all)
        .into_iter()
        .find(|r| r.members.contains(&me))
        .and_then(|r| {
            let at = r.members.iter().position(|&m| m == me)?;
            Some((claim(bundle, &all, &r), at))
        });
    Some((read, row))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundle(texts: &[&str]) -> Bundle {
        crate::fixture::numbered(texts).0
    }

    const THREE: [&str; 3] = [
        "Acme Air fined\n\nRegulators fined Acme Air a record 4.31 billion euros on Tuesday over its loyalty scheme.\n",
        "Acme Air to appeal\n\nAcme Air will appeal the record €4.31bn fine the regulators imposed on Tuesday over its loyalty scheme.\n",
        "Acme Air fine\n\nThe regulators' record fine of 4.13 billion euros, imposed on Tuesday over the loyalty scheme, is under appeal.\n",
    ];

    #[test]
    fn the_slip_is_in_its_own_class_and_flagged() {
        let b = bundle(&THREE);
        let rows = claims(&b, &Config::default());
        let c = rows
            .iter()
            .find(|c| c.statements.len() == 3)
            .unwrap_or_else(|| panic!("no claim of three: {rows:#?}"));
        assert!(c.conflict);
        let odd: Vec<&Statement> = c
            .statements
            .iter()
            .filter(|s| s.class != c.statements[0].class)
            .collect();
        assert_eq!(odd.len(), 1);
        assert_eq!(odd[0].written, "4.13 billion euros");
        assert!(odd[0].flagged.is_some());
        assert!(
            c.label
                .split(' ')
                .any(|w| w == "fine" || w == "fined" || w == "record"),
            "{}",
            c.label
        );
    }

    #[test]
    fn a_figure_is_found_under_the_cursor_with_its_claim() {
        let b = bundle(&THREE);
        let d = b.documents()[2].id;
        let text = b.documents()[2].text.clone();
        let at = text.find("4.13").unwrap_or(0) + 1;
        let (read, row) =
            figure_at(&b, &Config::default(), d, at).unwrap_or_else(|| panic!("no figure"));
        assert_eq!(read.unit, "EUR");
        assert!(read.low < 4.13e9 && 4.13e9 < read.high);
        let (claim, me) = row.unwrap_or_else(|| panic!("no claim"));
        assert_eq!(claim.statements[me].doc, d);
        assert!(figure_at(&b, &Config::default(), d, 0).is_none());
    }
}
