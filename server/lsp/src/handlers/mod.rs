//! The handlers, one function per request or notification, each taking
//! the [`crate::backend::Backend`]: they convert LSP values to the core's
//! plain types (through [`crate::convert`]), call the core, and convert
//! back (through [`crate::to_lsp`]). [`crate::server`] dispatches to them.

pub(crate) mod edits;
pub(crate) mod ledger;
pub(crate) mod lifecycle;
pub(crate) mod navigation;
pub(crate) mod notification;
