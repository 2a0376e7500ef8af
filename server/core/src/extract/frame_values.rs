//! The values an open claim frame stands for ([`Frame::interval`]) and
//! whether two frames can both be true: rounding, approximators, a
//! conversion's leeway, truncated figures and near misses.

use crate::extract::figures::Approx;
use crate::extract::frames::Frame;

/// How far off a writer's conversion factor may be: "2.2 pounds a
/// kilogram", "1.6 km a mile".
const FACTOR: f64 = 0.006;

impl Frame {
    /// The values the figure stands for: its rounding, widened by its
    /// approximator. "about" marks rounding only.
    pub fn interval(&self) -> (f64, f64) {
        let (v, s) = (self.value, self.step);
        let (lo, hi) = match self.approx {
            None | Some(Approx::About) => (v - s / 2.0, v + s / 2.0),
            Some(Approx::Above) => (v, v + 2.0 * s),
            Some(Approx::AtLeast) => (v, f64::INFINITY),
            Some(Approx::NearBelow) => (v - 1.5 * s, v + s / 4.0),
            Some(Approx::Below) => (f64::NEG_INFINITY, v),
        };
        let rate = crate::extract::restated::rate_tolerance(self);
        // The factor's leeway, where the rounding does not cover it.
        let factor = if self.in_other_unit {
            (self.value.abs() * FACTOR - self.step / 2.0).max(0.0)
        } else {
            0.0
        };
        (lo - rate - factor, hi + rate + factor)
    }

    /// The two can both be true.
    pub fn agrees(&self, o: &Frame) -> bool {
        let (a0, a1) = self.interval();
        let (b0, b1) = o.interval();
        let eps = 1e-9 * (self.value.abs() + o.value.abs()).max(1.0);
        a0 < b1 - eps && b0 < a1 - eps
            || (self.value - o.value).abs() <= eps
            || self.truncates(o)
            || o.truncates(self)
    }

    /// A coarser figure written by cutting the other's last digits
    /// ("14.2" for "14.27"): many writers truncate rather than round. Not
    /// across units: "26" kg cuts no digits of "59" pounds.
    fn truncates(&self, o: &Frame) -> bool {
        !(self.in_other_unit || o.in_other_unit)
            && self.approx.is_none()
            && o.approx.is_none()
            && self.step > o.step * 1.5
            && o.value.abs() >= self.value.abs()
            && o.value.abs() < self.value.abs() + self.step
            && self.value.signum() == o.value.signum()
    }

    /// Two digits swapped or one digit after the first changed, at the
    /// same precision ("6,000" and "9,000" differ by half, no slip).
    pub fn near_miss(&self, o: &Frame) -> bool {
        let (a, b) = (
            self.digits.trim_start_matches('0').as_bytes(),
            o.digits.trim_start_matches('0').as_bytes(),
        );
        // One digit alone ("3%" and "9%") is no near miss.
        if a.len() < 2
            || a.len() != b.len()
            || a == b
            || (self.step - o.step).abs() > 1e-9 * self.step.abs()
        {
            return false;
        }
        let diff: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
        match diff.as_slice() {
            [i] => *i > 0,
            [i, j] => *j == i + 1 && a[*i] == b[*j] && a[*j] == b[*i],
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::figures::When;
    use crate::extract::frames::Stem;
    use crate::types::Span;

    fn frame(text: &str, value: f64, step: f64, approx: Option<Approx>) -> Frame {
        Frame {
            span: Span::new(0, 1),
            sentence: Span::new(0, 1),
            unit: Stem::new("n"),
            value,
            step,
            approx,
            digits: text.chars().filter(char::is_ascii_digit).collect(),
            words: Box::new([]),
            when: When::Article,
            session: None,
            other_time: false,
            prior: false,
            part: None,
            source: None,
            timed: false,
            qualifiers: Box::new([]),
            headline: false,
            converted: false,
            in_other_unit: false,
        }
    }

    #[test]
    fn rounding_agrees_and_near_misses_do_not() {
        let a = frame("3.7", 3.7, 0.1, Some(Approx::About));
        let b = frame("3.74", 3.74, 0.01, None);
        let c = frame("3.8", 3.8, 0.1, None);
        assert!(a.agrees(&b));
        assert!(!a.agrees(&c));
        assert!(a.near_miss(&c));
        let d = frame("12.58", 12.58, 0.01, None);
        let e = frame("12.85", 12.85, 0.01, None);
        assert!(d.near_miss(&e) && !d.agrees(&e));
        let f = frame("more than 3,400", 3400.0, 100.0, Some(Approx::Above));
        assert!(f.agrees(&frame("3,417", 3417.0, 1.0, None)));
    }

    #[test]
    fn a_figure_in_another_unit_holds_to_its_digits_and_a_rounded_factor() {
        let of = |text: &str| {
            crate::extract::extract(text)
                .figures
                .frames
                .into_iter()
                .next()
        };
        let kg = of("Examplecorp landed its 26kg Zorblatt rover.");
        // Two pounds over: no truncation of "26" across units.
        let lb = of("Examplecorp landed its 59-pound Zorblatt rover.");
        assert!(kg
            .as_ref()
            .zip(lb.as_ref())
            .is_some_and(|(k, l)| !k.agrees(l) && !l.agrees(k)));
        // A factor rounded to 2.2 (1,340 kg is 2,954 lb) still agrees.
        let heavy = of("The Zorblatt module weighs 1,340 kg.");
        let rounded = of("The Zorblatt module weighs 2,948 lb.");
        assert!(heavy.zip(rounded).is_some_and(|(h, r)| h.agrees(&r)));
        // A conversion rounds past two digits: "4,400 lb" is 2,000 kg.
        let a = of("The Zorblatt module weighs 2,000 kg.");
        let b = of("The Zorblatt module weighs 4,400 lb.");
        assert!(a.zip(b).is_some_and(|(a, b)| a.agrees(&b)));
    }
}
