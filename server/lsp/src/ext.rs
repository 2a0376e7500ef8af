//! copydesk's extensions of the protocol: the `copydesk/status`
//! notification, the commands `workspace/executeCommand` serves, and the
//! requests `copydesk/ledger` and `copydesk/articles` with their
//! parameters and answers (plain JSON).

use tower_lsp::lsp_types::notification::Notification;
use tower_lsp::lsp_types::{Range, Url};

/// `copydesk/status`: the bundle's size and findings, for a status bar.
pub enum StatusNotification {}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StatusParams {
    pub articles: usize,
    pub findings: usize,
    pub skipped: usize,
    /// Where the bundle is: the folders it is read from (empty when there
    /// is none and only open files are checked).
    #[serde(default)]
    pub roots: Vec<String>,
}

impl Notification for StatusNotification {
    type Params = StatusParams;
    const METHOD: &'static str = "copydesk/status";
}

pub const CMD_FACT_SHEET: &str = "copydesk.factSheet";
pub const CMD_FIX_ALL: &str = "copydesk.fixAll";
/// Offered only with [`crate::Options::test_commands`]: panics, to test
/// that the server survives it.
pub(crate) const CMD_TEST_PANIC: &str = "copydesk.test.panic";

/// The ledger request's method name.
pub const LEDGER_METHOD: &str = "copydesk/ledger";
/// The articles request's method name (params `{}`).
pub const ARTICLES_METHOD: &str = "copydesk/articles";

/// One article of the bundle.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Article {
    pub uri: Url,
    /// Its short name, as places in messages and hovers give it.
    pub name: String,
}

/// The ledger request's parameters: `{}` for every claim, or
/// `{"uri": ...}` for the claims one article states.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LedgerParams {
    #[serde(default)]
    pub uri: Option<Url>,
}

/// `copydesk/ledger`'s answer: one claim that two or more articles state.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LedgerRow {
    /// The measure words the statements share, as written.
    pub label: String,
    pub unit: String,
    /// The values cannot all be true.
    pub conflict: bool,
    pub statements: Vec<LedgerStatement>,
}

/// One article's statement of a claim.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LedgerStatement {
    pub uri: Url,
    pub range: Range,
    /// The figure as written.
    pub written: String,
    /// The class of agreeing values (0-based); two classes or more in a
    /// row mean a conflict.
    pub class: usize,
    /// "error", "warning", "information", "hint": how the checks flag
    /// the statement; `null` when they do not.
    pub flagged: Option<String>,
}
