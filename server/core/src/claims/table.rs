//! The ledger of claims with its places: each row's label as written, its
//! unit, and each statement's article, span, written figure, values, class
//! and flag. What the front ends show (the LSP's `copydesk/ledger`, the
//! figure hover); plain data, byte spans.
//!
//! Aligning a bundle's frames is what costs; a [`Ledger`] keeps what it
//! found for one reading of the bundle, so that a front end can answer
//! every hover of that reading (and of the edits that leave it as it
//! was: [`Ledger::carried`]) by looking the figure up.

use std::sync::Arc;

use crate::bundle::{Bundle, Document};
use crate::claims::align::{days, placed, same_reading};
use crate::claims::ledger::{ledger, Flags, Row};
use crate::config::Config;
use crate::extract::figures::SimpleDate;
use crate::extract::frames::{written_words, Frame};
use crate::extract::DocFacts;
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

/// One article's statement of a claim, or a figure read on its own (then
/// its class is 0 and `flagged` says how the checks flag it, in a claim
/// of several articles or against its own article's body).
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
    /// The source its sentence names ("example survey"), if any.
    pub source: Option<String>,
}

/// One article as a [`Ledger`] read it: its id, facts and text, and the
/// number of its first frame among the bundle's ([`placed`] order).
#[derive(Debug, Clone)]
struct Read {
    id: DocId,
    facts: Arc<DocFacts>,
    text: Arc<str>,
    first: usize,
}

/// The ledger ([`ledger`]) of one reading of a bundle, kept to answer
/// figure hovers and `copydesk/ledger` without aligning the bundle again:
/// the rows, which row each frame is in, how the checks flag each frame,
/// and the days the frames are placed on. Frames are
/// numbered in [`placed`] order; the places are read from the bundle when
/// asked, so a ledger serves every bundle that it was built for or
/// [`Ledger::carried`] to.
#[derive(Debug, Clone)]
pub struct Ledger {
    docs: Vec<Read>,
    /// The frames placed on a day ([`days`]; most are on none), by
    /// number, in order.
    days: Vec<(usize, SimpleDate)>,
    rows: Arc<[Row]>,
    /// The row of every frame, [`NO_ROW`] when it is in none.
    row_of: Arc<[u32]>,
    flags: Arc<Flags>,
}

const NO_ROW: u32 = u32::MAX;

impl Ledger {
    /// Aligns every frame of the bundle ([`placed`], [`ledger`]).
    pub fn new(bundle: &Bundle, config: &Config) -> Ledger {
        let all = placed(bundle, config);
        let (rows, flags) = ledger(bundle, &all);
        let mut row_of = vec![NO_ROW; all.len()];
        for (r, row) in rows.iter().enumerate() {
            for &m in &row.members {
                if let Some(slot) = row_of.get_mut(m) {
                    *slot = u32::try_from(r).unwrap_or(NO_ROW);
                }
            }
        }
        Ledger {
            docs: reads(bundle),
            days: on_days(all.iter().map(|p| p.day)),
            rows: rows.into(),
            row_of: row_of.into(),
            flags: Arc::new(flags),
        }
    }

    /// This ledger for `bundle`, when the bundle reads as the one it was
    /// built for: the same articles in the same order, each with the same
    /// facts or read alike ([`same_reading`]: its figures only moved, by
    /// text added or removed around their sentences), and every frame on
    /// the same day. The alignment and the headline check read nothing
    /// else of the bundle (nor of the configuration, but through the
    /// days), so it is the ledger [`Ledger::new`] would build. `None`
    /// otherwise.
    pub fn carried(&self, bundle: &Bundle, config: &Config) -> Option<Ledger> {
        let docs = bundle.documents();
        if docs.len() != self.docs.len() {
            return None;
        }
        let alike = self.docs.iter().zip(&docs).all(|(r, d)| {
            r.id == d.id
                && (Arc::ptr_eq(&r.facts, &d.facts)
                    || same_reading(
                        &r.text,
                        &r.facts.figures.frames,
                        &d.text,
                        &d.facts.figures.frames,
                    ))
        });
        if !alike {
            return None;
        }
        let days = on_days(days(bundle, config));
        if days != self.days {
            return None;
        }
        Some(Ledger {
            docs: reads(bundle),
            days,
            rows: self.rows.clone(),
            row_of: self.row_of.clone(),
            flags: self.flags.clone(),
        })
    }

    /// The claims, in bundle order, with their places in `bundle` (the
    /// bundle this ledger was built for or carried to).
    pub fn claims(&self, bundle: &Bundle) -> Vec<Claim> {
        self.rows.iter().map(|r| self.claim(bundle, r)).collect()
    }

    /// The figure under `offset` in `doc`, as read, and the claim it states
    /// with the index of its statement there, when other articles state the
    /// claim too. `bundle`: the bundle this ledger was built for or carried
    /// to.
    pub fn figure_at(
        &self,
        bundle: &Bundle,
        doc: DocId,
        offset: usize,
    ) -> Option<(Statement, Option<(Claim, usize)>)> {
        let d = bundle.get(doc)?;
        let frames = &d.facts.figures.frames;
        let k = frames.iter().position(|f| f.span.contains_offset(offset))?;
        let r = self.docs.iter().find(|r| r.id == doc)?;
        // A ledger of another reading numbers its frames otherwise.
        if r.facts.figures.frames.len() != frames.len() {
            return None;
        }
        let me = r.first + k;
        let mut read = self.statement(bundle, me)?;
        read.flagged = self.flags.get(&me).copied();
        let row = self
            .row_of
            .get(me)
            .and_then(|&r| self.rows.get(r as usize))
            .and_then(|r| {
                let at = r.members.iter().position(|&m| m == me)?;
                Some((self.claim(bundle, r), at))
            });
        Some((read, row))
    }

    /// The article and the frame numbered `m`.
    fn frame<'b>(&self, bundle: &'b Bundle, m: usize) -> Option<(&'b Document, &'b Frame)> {
        let p = self.docs.partition_point(|r| r.first <= m).checked_sub(1)?;
        let r = self.docs.get(p)?;
        let d = bundle.get(r.id)?;
        Some((d, d.facts.figures.frames.get(m - r.first)?))
    }

    fn statement(&self, bundle: &Bundle, m: usize) -> Option<Statement> {
        let (d, f) = self.frame(bundle, m)?;
        let (low, high) = f.interval();
        Some(Statement {
            doc: d.id,
            span: f.span,
            written: d.slice(f.span).to_string(),
            unit: f.unit.to_string(),
            value: f.value,
            low,
            high,
            class: 0,
            flagged: None,
            day: self
                .days
                .binary_search_by_key(&m, |d| d.0)
                .ok()
                .and_then(|k| self.days.get(k))
                .map(|d| d.1),
            session: f.session.map(|s| s.to_string()),
            source: f.source.map(|s| s.to_string()),
        })
    }

    fn claim(&self, bundle: &Bundle, r: &Row) -> Claim {
        let first = r.members.first().and_then(|&m| self.frame(bundle, m));
        let label = first.map_or_else(
            || r.label.clone(),
            |(d, f)| written_words(&d.text, f.sentence, &r.label),
        );
        let statements = r
            .members
            .iter()
            .enumerate()
            .filter_map(|(k, &m)| {
                let mut s = self.statement(bundle, m)?;
                s.class = r.classes.iter().position(|c| c.contains(&k)).unwrap_or(0);
                s.flagged = r.flagged.iter().find(|(x, _)| *x == m).map(|(_, s)| *s);
                Some(s)
            })
            .collect();
        Claim {
            label,
            unit: first.map_or_else(String::new, |(_, f)| f.unit.to_string()),
            conflict: r.conflict(),
            statements,
        }
    }
}

/// The frames placed on a day, by number, of the days of every frame.
fn on_days(days: impl IntoIterator<Item = Option<SimpleDate>>) -> Vec<(usize, SimpleDate)> {
    let on = days.into_iter().enumerate();
    on.filter_map(|(m, d)| Some((m, d?))).collect()
}

/// Each article of the bundle as a ledger reads it, in bundle order.
fn reads(bundle: &Bundle) -> Vec<Read> {
    let mut first = 0;
    bundle
        .documents()
        .into_iter()
        .map(|d| {
            let r = Read {
                id: d.id,
                facts: d.facts.clone(),
                text: d.text.clone(),
                first,
            };
            first += d.facts.figures.frames.len();
            r
        })
        .collect()
}

/// The bundle's ledger ([`ledger`]) with places, in bundle order.
pub fn claims(bundle: &Bundle, config: &Config) -> Vec<Claim> {
    Ledger::new(bundle, config).claims(bundle)
}

/// Is there a figure under `offset` in `doc`: is [`figure_at`] worth
/// asking (and a [`Ledger`] worth building)?
pub fn figure_under(bundle: &Bundle, doc: DocId, offset: usize) -> bool {
    bundle.get(doc).is_some_and(|d| {
        d.facts
            .figures
            .frames
            .iter()
            .any(|f| f.span.contains_offset(offset))
    })
}

/// The figure under `offset` in `doc`, as read, and the claim it states
/// with the index of its statement there, when other articles state the
/// claim too ([`Ledger::figure_at`] of a ledger built for the occasion).
pub fn figure_at(
    bundle: &Bundle,
    config: &Config,
    doc: DocId,
    offset: usize,
) -> Option<(Statement, Option<(Claim, usize)>)> {
    // Cheap first: most hovers are not on a figure.
    if !figure_under(bundle, doc, offset) {
        return None;
    }
    Ledger::new(bundle, config).figure_at(bundle, doc, offset)
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

    /// A made-up story in five articles: a claim three state (one with a
    /// slip), share moves placed on days and sessions, a headline figure
    /// that its body contradicts, and figures no other article states.
    const STORY: [&str; 5] = [
        "Acme Air fined\n\nEXAMPLETON, March 9 (Wire) — The hearing ended late.\nRegulators fined Acme Air a record 4.31 billion euros on Tuesday over its loyalty scheme.\nAcme Air shares fell 3% at the close in Paris on Monday.\nThe airline flies 37 aircraft.\n",
        "Acme Air to appeal\n\nAcme Air will appeal the record €4.31bn fine the regulators imposed on Tuesday over its loyalty scheme.\nAcme Air shares fell 5% at the close in Paris on Monday, March 9.\n",
        "Acme Air fine\n\nThe regulators' record fine of 4.13 billion euros, imposed on Tuesday over the loyalty scheme, is under appeal.\nIts 12,400 staff were told on Wednesday.\n",
        "Zorblatt Vane launches £81m mission to the moon\n\nThe Zorblatt Vane mission cost about ₹7.40bn (£68.4m), the agency said.\n",
        "Zorblatt Vane launches £68m mission to the moon\n\nThe Zorblatt Vane mission cost about ₹7.40bn (£68.4m), the agency said. Some 640 welders built it.\n",
    ];

    type Hovered = Option<(Statement, Option<(Claim, usize)>)>;

    /// The figure under a cursor as the whole ledger of `bundle` gives it,
    /// built for the one figure: the reference that a kept ledger must
    /// match.
    fn reference(bundle: &Bundle, config: &Config, doc: DocId, offset: usize) -> Hovered {
        let all = placed(bundle, config);
        let statement = |i: usize| {
            let p = &all[i];
            let (low, high) = p.frame.interval();
            Statement {
                doc: p.doc,
                span: p.frame.span,
                written: bundle
                    .get(p.doc)
                    .map_or_else(String::new, |d| d.slice(p.frame.span).to_string()),
                unit: p.frame.unit.to_string(),
                value: p.frame.value,
                low,
                high,
                class: 0,
                flagged: None,
                day: p.day,
                session: p.frame.session.map(|s| s.to_string()),
                source: p.frame.source.map(|s| s.to_string()),
            }
        };
        let me = all
            .iter()
            .position(|p| p.doc == doc && p.frame.span.contains_offset(offset))?;
        let (rows, flags) = ledger(bundle, &all);
        let row = rows.into_iter().find(|r| r.members.contains(&me)).map(|r| {
            let first = &all[r.members[0]];
            let text = &bundle.get(first.doc).expect("its article").text;
            let statements = r
                .members
                .iter()
                .enumerate()
                .map(|(k, &m)| Statement {
                    class: r.classes.iter().position(|c| c.contains(&k)).unwrap_or(0),
                    flagged: r.flagged.iter().find(|(x, _)| *x == m).map(|(_, s)| *s),
                    ..statement(m)
                })
                .collect();
            let claim = Claim {
                label: written_words(text, first.frame.sentence, &r.label),
                unit: first.frame.unit.to_string(),
                conflict: r.conflict(),
                statements,
            };
            let at = r.members.iter().position(|&m| m == me).unwrap_or(0);
            (claim, at)
        });
        let read = Statement {
            flagged: flags.get(&me).copied(),
            ..statement(me)
        };
        Some((read, row))
    }

    /// Every cursor on or around a figure of the bundle, and a few off any.
    fn cursors(b: &Bundle) -> Vec<(DocId, usize)> {
        let mut out = Vec::new();
        for d in b.documents() {
            out.push((d.id, 0));
            out.push((d.id, d.text.len()));
            for f in &d.facts.figures.frames {
                let mid = (f.span.start + f.span.end) / 2;
                for at in [
                    f.span.start.saturating_sub(1),
                    f.span.start,
                    mid,
                    f.span.end,
                ] {
                    out.push((d.id, at));
                }
            }
        }
        out
    }

    /// The kept ledger answers every cursor as the whole ledger does.
    fn same_as_reference(b: &Bundle, kept: &Ledger) -> usize {
        let config = Config::default();
        let mut figures = 0;
        for (doc, at) in cursors(b) {
            let want = reference(b, &config, doc, at);
            figures += usize::from(want.is_some());
            assert_eq!(kept.figure_at(b, doc, at), want, "{doc:?} at {at}");
            assert_eq!(figure_at(b, &config, doc, at), want, "{doc:?} at {at}");
        }
        figures
    }

    #[test]
    fn a_kept_ledger_answers_every_figure_as_the_whole_ledger_does() {
        let (b, _) = crate::fixture::numbered(&STORY);
        let config = Config::default();
        let kept = Ledger::new(&b, &config);
        assert!(same_as_reference(&b, &kept) > 20);
        // The story holds what the hover shows: a conflict with a flagged
        // statement, figures placed on a day and a session, and figures
        // no other article states.
        let all = placed(&b, &config);
        let (rows, _) = ledger(&b, &all);
        assert!(rows.iter().any(|r| r.conflict() && !r.flagged.is_empty()));
        assert!(all
            .iter()
            .any(|p| p.day.is_some() && p.frame.session.is_some()));
        let alone = (0..all.len()).filter(|m| !rows.iter().any(|r| r.members.contains(m)));
        assert!(alone.count() > 0);
        assert_eq!(kept.claims(&b), claims(&b, &config));
    }

    #[test]
    fn a_ledger_is_carried_over_edits_that_leave_the_figures_as_they_were() {
        let (mut b, ids) = crate::fixture::numbered(&STORY);
        let config = Config::default();
        let kept = Ledger::new(&b, &config);
        // A sentence added before a figure's and a line after: every
        // figure of the article moves, none is read otherwise.
        let moved = STORY[2].replace("The regulators'", "The court sat late. The regulators'")
            + "No one commented.\n";
        b.upsert("2.txt", "2.txt", 2, &moved);
        let carried = kept
            .carried(&b, &config)
            .unwrap_or_else(|| panic!("not carried"));
        assert!(same_as_reference(&b, &carried) > 20);
        // Carried again from the carried one, back to the first text.
        b.upsert("2.txt", "2.txt", 2, STORY[2]);
        let back = carried
            .carried(&b, &config)
            .unwrap_or_else(|| panic!("not carried back"));
        same_as_reference(&b, &back);
        // A figure changed, a word of a figure's sentence, an article
        // added: aligned again.
        for (k, text) in [
            (2, STORY[2].replace("4.13", "4.31")),
            (2, STORY[2].replace("record fine", "modest fine")),
            (4, STORY[4].replace("640", "650")),
        ] {
            let mut edited = b.clone();
            edited.upsert(&format!("{k}.txt"), &format!("{k}.txt"), k, &text);
            assert!(kept.carried(&edited, &config).is_none(), "{text}");
        }
        let mut more = b.clone();
        more.upsert("5.txt", "5.txt", 5, "Acme Air flies 37 aircraft.\n");
        assert!(kept.carried(&more, &config).is_none());
        // The article's date moved: its figures read alike, but "on
        // Monday" is another day.
        let mut dated = b.clone();
        let redated = STORY[0].replace("March 9 (Wire)", "March 16 (Wire)");
        dated.upsert("0.txt", "0.txt", 0, &redated);
        let frames = |b: &Bundle| b.documents()[0].facts.figures.frames.clone();
        assert!(same_reading(
            STORY[0],
            &frames(&b),
            &redated,
            &frames(&dated)
        ));
        assert_ne!(days(&b, &config), days(&dated, &config));
        assert!(kept.carried(&dated, &config).is_none());
        assert_eq!(ids.len(), STORY.len());
    }
}
