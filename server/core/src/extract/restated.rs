//! Figures that restate another figure of their sentence: an amount
//! converted in brackets ("€2.46bn ($2.7bn)") states the same claim as
//! the amount it converts, in another currency. It gets the frame of its
//! original (the words that say what it measures, its time and scope)
//! with its own unit, value and precision, so that it aligns with the
//! other articles' figures in that currency.
//! A figure written in another unit than the one it is compared in
//! ("57-pound" read in kg) is held to the writer's factor instead
//! ([`Frame::in_other_unit`]).

use crate::extract::figures::{Conversion, Figure};
use crate::extract::frames::{Frame, Stem};

/// How far apart two writers' exchange rates may be, as a share of the
/// converted amount: "€222m (£198m)" and "€222m (£200m)" state the same fee
/// at the rates of two days or two desks.
const RATE: f64 = 0.015;

/// How much a frame's value may be off, beyond its rounding, for the rate
/// it was converted at: 0 for a figure as written, and 0 where the writer
/// rounded more coarsely than the rates differ ("$2.7bn" and "$2.8bn"
/// are two conversions that disagree).
pub fn rate_tolerance(f: &Frame) -> f64 {
    if f.converted {
        (f.value.abs() * RATE - f.step / 2.0).max(0.0)
    } else {
        0.0
    }
}

/// Adds to `frames` (in text order) a frame for each converted amount
/// whose original has one. The converted amount is a figure of its own
/// (`figures`); conversions are as [`crate::extract::figures`] reads them.
pub fn add_conversion_frames(text: &str, conversions: &[Conversion], frames: &mut Vec<Frame>) {
    let mut added = Vec::new();
    for c in conversions {
        let Some(original) = frames.iter().find(|f| f.span == c.from.span) else {
            continue;
        };
        if frames.iter().any(|f| f.span == c.to.span) {
            continue;
        }
        let Some(frame) = converted(text, original, &c.to) else {
            continue;
        };
        added.push(frame);
    }
    if added.is_empty() {
        return;
    }
    frames.extend(added);
    frames.sort_by_key(|f| f.span.start);
}

/// The frame of `to`, the bracketed conversion of `original`'s figure.
fn converted(text: &str, original: &Frame, to: &Figure) -> Option<Frame> {
    let crate::extract::figures::Unit::Money(code) = &to.unit else {
        return None;
    };
    // The original's unit with its currency swapped: "EUR/share" is
    // "USD/share" converted, an expectation stays one.
    let u = original.unit.as_str();
    let unit = match u.find(['/', '~']) {
        Some(i) => format!("{code}{}", &u[i..]),
        None => code.clone(),
    };
    let written = text.get(to.span.start..to.span.end)?;
    let digits: String = written
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
        .filter(char::is_ascii_digit)
        .collect();
    // The precision of the last written digit, scaled.
    let step = to.rounding.hi - to.rounding.lo;
    if !(step.is_finite() && step > 0.0 && to.value > 0.0) {
        return None;
    }
    Some(Frame {
        span: to.span,
        unit: Stem::new(&unit),
        value: to.value,
        step,
        approx: to.approx,
        digits: digits.into_boxed_str(),
        converted: true,
        ..original.clone()
    })
}

#[cfg(test)]
mod tests {
    use crate::extract::extract;

    #[test]
    fn a_bracketed_conversion_states_its_originals_claim() {
        let text = "Regulators fined Examplecorp a record €4.31 billion ($4.8 billion) on Tuesday.";
        let facts = extract(text);
        let frames = &facts.figures.frames;
        let usd: Vec<_> = frames.iter().filter(|f| f.unit.as_str() == "USD").collect();
        assert_eq!(usd.len(), 1, "{frames:?}");
        let eur = frames.iter().find(|f| f.unit.as_str() == "EUR");
        assert!(eur.is_some_and(|e| e.words == usd[0].words), "{frames:?}");
        assert!((usd[0].value - 4.8e9).abs() < 1.0);
        assert!((usd[0].step - 1e8).abs() < 1.0, "{:?}", usd[0]);
        // In text order.
        assert!(frames
            .windows(2)
            .all(|w| w[0].span.start <= w[1].span.start));
    }

    #[test]
    fn conversions_at_two_rates_agree_but_not_a_wider_gap() {
        let gbp = |text: &str| {
            extract(text)
                .figures
                .frames
                .into_iter()
                .find(|f| f.unit.as_str() == "GBP")
        };
        let a = gbp("Zorblatt Vane joined Examplecorp for a record €222m (£198m).");
        let b = gbp("Zorblatt Vane joined Examplecorp for a record €222m (£200m).");
        let c = gbp("Zorblatt Vane joined Examplecorp for a record €222m (£210m).");
        let (Some(a), Some(b), Some(c)) = (a, b, c) else {
            panic!("no GBP frames");
        };
        assert!(a.converted && a.agrees(&b));
        assert!(!b.agrees(&c) && !a.agrees(&c));
        // Rounded to a tenth of a billion, the rates' spread is hidden.
        let usd = |text: &str| {
            extract(text)
                .figures
                .frames
                .into_iter()
                .find(|f| f.unit.as_str() == "USD")
        };
        let d = usd("Regulators fined Examplecorp €2.46bn ($2.7bn) on Tuesday.");
        let e = usd("Regulators fined Examplecorp €2.46bn ($2.8bn) on Tuesday.");
        assert!(d.zip(e).is_some_and(|(d, e)| !d.agrees(&e)));
    }

    #[test]
    fn a_unit_of_measurement_is_compared_in_its_base_unit() {
        let of = |text: &str| {
            crate::extract::extract(text)
                .figures
                .frames
                .into_iter()
                .next()
        };
        let lb = of("Examplecorp landed its 57-pound Zorblatt rover.");
        let kg = of("Examplecorp landed its 26kg Zorblatt rover.");
        let (Some(lb), Some(kg)) = (lb, kg) else {
            panic!("no frames");
        };
        assert_eq!(lb.unit.as_str(), "kg");
        assert!((lb.value - 57.0 * 0.45359237).abs() < 1e-6, "{lb:?}");
        assert!(lb.in_other_unit && !kg.in_other_unit && !lb.converted);
        assert!(lb.agrees(&kg) && kg.agrees(&lb));
        // A few pounds off is another weight.
        let off = of("Examplecorp landed its 54-pound Zorblatt rover.");
        assert!(off.is_some_and(|f| !f.agrees(&kg)));
        // A conversion in brackets restates its original: no frame.
        let both =
            crate::extract::extract("Examplecorp landed its 26kg (57-pound) Zorblatt rover.");
        assert_eq!(both.figures.frames.len(), 1, "{:?}", both.figures.frames);
        // Metres and feet, rounded each in its own unit, agree.
        let ft = of("The Zorblatt tower stands 136 feet tall.");
        let m = of("The Zorblatt tower stands 41.5 metres tall.");
        assert!(ft
            .zip(m)
            .is_some_and(|(ft, m)| ft.unit == m.unit && ft.agrees(&m)));
    }
}
