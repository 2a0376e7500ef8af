//! Synthetic bundles for benchmarks: N articles over M made-up stories,
//! with varied sentence shapes, figures, names, multi-byte punctuation and
//! planted inconsistencies (a misspelt person, a case variant, a figure that
//! disagrees). Deterministic for a seed; generated at bench time, never
//! committed.

use std::fmt::Write as _;
use std::path::Path;

const GIVEN: &[&str] = &[
    "Anna", "Pedro", "Mei", "Tomasz", "Aisha", "Lars", "Yuki", "Omar", "Clara", "Ravi", "Ingrid",
    "Kofi", "Sofia", "Dmitri", "Lena", "Hiro", "Nadia", "Felix", "Zara", "Iker",
];
const SUFFIXES: &[&str] = &["Holdings", "Group", "Systems", "Energy", "Motors", "Bank"];
const CITIES: &[&str] = &[
    "Lisbon", "Osaka", "Nairobi", "Toronto", "Munich", "Santiago", "Seoul", "Oslo",
];
const ROLES: &[&str] = &[
    "chief executive",
    "analyst",
    "spokeswoman",
    "finance chief",
    "economist",
    "minister",
];
const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];

/// What a generated bundle holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    pub articles: usize,
    pub stories: usize,
    pub seed: u64,
}

struct Story {
    companies: Vec<String>,
    broker: String,
    people: Vec<(String, &'static str)>,
    city: &'static str,
    month: &'static str,
    day: u32,
    pct: f64,
    money: u32,
    /// Facts that every article of the story states alike: the month and
    /// year of the record ("best day since"), the index move, the rival's
    /// revenue and growth, the deal premium and the broker's target.
    since: (usize, u32),
    index_move: f64,
    revenue: (u32, f64),
    premium: u32,
    target: (u32, u32),
}

/// A made-up proper name of `parts` consonant-vowel pairs: a space large
/// enough that two stories rarely get names one letter apart by chance.
fn word(rng: &mut fastrand::Rng, parts: usize) -> String {
    const CONSONANTS: &[u8] = b"bcdfghjklmnprstvwz";
    const VOWELS: &[u8] = b"aeiou";
    let mut w = String::new();
    for i in 0..parts {
        let c = char::from(CONSONANTS[rng.usize(..CONSONANTS.len())]);
        w.push(if i == 0 { c.to_ascii_uppercase() } else { c });
        w.push(char::from(VOWELS[rng.usize(..VOWELS.len())]));
        if rng.bool() {
            w.push(char::from(CONSONANTS[rng.usize(..CONSONANTS.len())]));
        }
    }
    w
}

fn story(rng: &mut fastrand::Rng) -> Story {
    let companies = (0..3)
        .map(|i| {
            let parts = 3 + rng.usize(..2);
            let base = word(rng, parts);
            if i == 0 {
                format!("{base} {}", SUFFIXES[rng.usize(..SUFFIXES.len())])
            } else {
                base
            }
        })
        .collect();
    let people = (0..4)
        .map(|_| {
            let given = GIVEN[rng.usize(..GIVEN.len())];
            let parts = 3 + rng.usize(..2);
            (
                format!("{given} {}", word(rng, parts)),
                ROLES[rng.usize(..ROLES.len())],
            )
        })
        .collect();
    let broker = word(rng, 3);
    Story {
        companies,
        broker,
        people,
        city: CITIES[rng.usize(..CITIES.len())],
        month: MONTHS[rng.usize(..MONTHS.len())],
        day: rng.u32(1..28),
        pct: f64::from(rng.u32(10..990)) / 100.0,
        money: rng.u32(2..900),
        since: (rng.usize(..12), 2020 + rng.u32(..5)),
        index_move: f64::from(rng.u32(1..300)) / 100.0,
        revenue: (rng.u32(1..60), f64::from(rng.u32(1..400)) / 10.0),
        premium: rng.u32(10..60),
        target: (rng.u32(10..500), rng.u32(0..100)),
    }
}

/// One letter of a word replaced: the misspelling planted in some articles.
fn misspell(rng: &mut fastrand::Rng, name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let Some(space) = chars.iter().position(|c| *c == ' ') else {
        return name.to_string();
    };
    let i = space + 2 + rng.usize(..chars.len().saturating_sub(space + 2).max(1));
    chars
        .iter()
        .enumerate()
        .map(|(j, c)| if j == i.min(chars.len() - 1) { 'y' } else { *c })
        .collect()
}

fn article(rng: &mut fastrand::Rng, s: &Story, index: usize) -> String {
    let mut out = String::with_capacity(6000);
    let lead = &s.companies[0];
    let other = &s.companies[1 + rng.usize(..2)];
    let plant_name = rng.u32(..10) == 0;
    let plant_figure = rng.u32(..10) == 0;
    let plant_case = rng.u32(..20) == 0;
    let person = |rng: &mut fastrand::Rng, i: usize| -> String {
        let name = &s.people[i % s.people.len()].0;
        if plant_name && i % s.people.len() == 1 {
            misspell(rng, name)
        } else {
            name.clone()
        }
    };
    let pct = if plant_figure { s.pct + 3.0 } else { s.pct };
    let company = if plant_case {
        lead.to_uppercase()
    } else {
        lead.clone()
    };
    let _ = writeln!(
        out,
        "{company} shares jump {:.0}% after {} deal\n",
        pct.round(),
        other
    );
    let _ = writeln!(
        out,
        "{} ({}) – Shares of {company} rose {pct:.2}% on {} {}, their best day since {} {}, after the company agreed to buy {other} for ${} million.\n",
        s.city.to_uppercase(),
        ["Wire", "Newsdesk", "Agency"][index % 3],
        s.month,
        s.day,
        MONTHS[s.since.0],
        s.since.1,
        s.money,
    );
    for p in 0..40 {
        let who = person(rng, p);
        let role = s.people[p % s.people.len()].1;
        let sentence = match rng.usize(..10) {
            0 => format!(
                "“We are confident this is the right step,” said {who}, {role} at {lead}, adding that integration would take “about {} months”.",
                rng.u32(3..24)
            ),
            1 => format!(
                "{who}, a {role}, said the price — roughly {} times earnings — was “not cheap, but fair”.",
                rng.u32(8..40)
            ),
            2 => format!(
                "Trading volume in {} reached {} million shares, {}% above the 30-day average…",
                s.city,
                rng.u32(2..90),
                rng.u32(5..300)
            ),
            3 => format!(
                "On {}, {other} reported revenue of {} billion euros, up {:.1} per cent from a year earlier.",
                WEEKDAYS[rng.usize(..WEEKDAYS.len())],
                s.revenue.0,
                s.revenue.1
            ),
            4 => format!(
                "The deal values {other} at HK${}.{:02} a share, a premium of more than {}% to its last close.",
                rng.u32(5..400),
                rng.u32(0..100),
                s.premium
            ),
            5 => format!(
                "Regulators in {} have until {} {} to review the purchase, according to {} people familiar with the matter.",
                CITIES[rng.usize(..CITIES.len())],
                MONTHS[rng.usize(..12)],
                rng.u32(1..28),
                ["two", "three", "four"][rng.usize(..3)]
            ),
            6 => format!(
                "{lead}’s bonds due {} traded at {} cents on the dollar, while the benchmark index slipped {:.2}%.",
                2026 + rng.u32(..10),
                rng.u32(60..110),
                s.index_move
            ),
            7 => format!(
                "Asked whether more acquisitions would follow, {who} declined to comment; the company’s {} employees were told on {}.",
                rng.u32(200..90000),
                WEEKDAYS[rng.usize(..WEEKDAYS.len())]
            ),
            8 => format!(
                "Analysts at {} Securities raised their target to ${}.{:02}, citing “eight consecutive quarters” of growth in the {} unit.",
                s.broker,
                s.target.0,
                s.target.1,
                ["cloud", "retail", "energy", "chip"][rng.usize(..4)]
            ),
            _ => format!(
                "{} years after its founding in {}, {lead} employs people in {} countries — up from {} a decade ago.",
                rng.u32(5..80),
                CITIES[rng.usize(..CITIES.len())],
                rng.u32(3..60),
                rng.u32(1..30)
            ),
        };
        out.push_str(&sentence);
        out.push(if p % 3 == 2 { '\n' } else { ' ' });
        if p % 3 == 2 {
            out.push('\n');
        }
    }
    out
}

/// The bundle as (file name, text) pairs, in order.
pub fn bundle(plan: Plan) -> Vec<(String, String)> {
    let mut rng = fastrand::Rng::with_seed(plan.seed);
    let stories: Vec<Story> = (0..plan.stories.max(1)).map(|_| story(&mut rng)).collect();
    (0..plan.articles)
        .map(|i| {
            let s = &stories[i % stories.len()];
            let ext = if i % 4 == 0 { "md" } else { "txt" };
            (
                format!("story{:04}/article{i:05}.{ext}", i % stories.len()),
                article(&mut rng, s, i),
            )
        })
        .collect()
}

/// Writes the bundle under `dir`; returns the number of bytes written.
pub fn write(plan: Plan, dir: &Path) -> std::io::Result<u64> {
    let mut bytes = 0;
    for (name, text) in bundle(plan) {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, &text)?;
        bytes += text.len() as u64;
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_varied_and_about_five_kilobytes() {
        let plan = Plan {
            articles: 40,
            stories: 4,
            seed: 9,
        };
        let a = bundle(plan);
        assert_eq!(a, bundle(plan));
        assert_eq!(a.len(), 40);
        let avg = a.iter().map(|(_, t)| t.len()).sum::<usize>() / a.len();
        assert!((2500..9000).contains(&avg), "average {avg} bytes");
        let distinct: std::collections::HashSet<&str> =
            a.iter().flat_map(|(_, t)| t.lines()).collect();
        assert!(
            distinct.len() > 200,
            "only {} distinct lines",
            distinct.len()
        );
        assert!(a.iter().any(|(_, t)| t.contains('“') && t.contains('—')));
    }

    #[test]
    fn planted_inconsistencies_are_found() {
        let plan = Plan {
            articles: 60,
            stories: 3,
            seed: 3,
        };
        let mut b = copydesk_core::Bundle::new();
        for (name, text) in bundle(plan) {
            b.upsert(&name, &name, 0, &text);
        }
        let findings = copydesk_core::analyze(&b, &copydesk_core::config::Config::default());
        assert!(
            findings.iter().any(|f| f.rule == "name-variant"),
            "no planted variant found"
        );
    }
}
