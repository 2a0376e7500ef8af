//! The bundle-level claims layer: figures that `extract` reads in each
//! article, aligned across articles and judged together. `extract` never
//! imports this module.

pub mod align;
pub mod ledger;
pub mod outliers;
pub mod table;
