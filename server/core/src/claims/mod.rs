//! The bundle-level claims layer: figures that `extract` reads in each
//! article, placed in time and aligned across articles and judged
//! together. `extract` never imports this module.
//!
//! `dates` gives each article its day, `scoped` places every claim on a
//! day and pairs claims, `align` aligns open frames, `outliers` groups
//! agreeing values, `ledger` and `table` list the claims for the front
//! ends.

pub mod align;
pub mod dates;
pub mod headline;
pub mod ledger;
pub mod outliers;
pub mod scoped;
pub mod table;
