//! copydesk: a bundle-aware checker and language server for news copy.
//!
//! Layers, from the bottom (see ARCHITECTURE.md):
//! - [`analysis`]: the pure core (text → facts → findings with fixes).
//! - [`config`][]: `copydesk.toml`.
//! - [`workspace`]: finding and reading articles on disk.
//! - [`cli`]: `copydesk check` and its output formats.
//! - [`lsp`]: the language server glue, the only layer that knows LSP.
//! - [`bench`]: `copydesk bench`, synthetic bundles and measurements.
//! - [`eval`]: `copydesk eval`, the accuracy scorecard on gold bundles and
//!   the mutation benchmark.

pub mod analysis;
pub mod bench;
pub mod cli;
pub mod config;
pub mod eval;
pub mod lsp;
pub mod workspace;
