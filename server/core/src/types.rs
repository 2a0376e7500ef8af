//! Plain types of the analysis core: documents, spans, findings and fixes.
//!
//! Everything here speaks byte offsets into a document's text and knows
//! nothing of LSP or of the command line.

use std::fmt;
use std::sync::Arc;

/// Index of a document inside one [`crate::Bundle`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocId(pub u32);

impl DocId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A half-open byte range `[start, end)` into a document's text.
/// Both ends always lie on `char` boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end);
        Span { start, end }
    }
    pub fn len(self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
    /// True when `offset` lies inside the span or on its end.
    pub fn contains_offset(self, offset: usize) -> bool {
        self.start <= offset && offset <= self.end
    }
    pub fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// A place in the bundle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Location {
    pub doc: DocId,
    pub span: Span,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Information,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "information",
            Severity::Hint => "hint",
        }
    }
    /// Warning or error: what makes `copydesk check` exit with 1.
    pub fn is_at_least_warning(self) -> bool {
        matches!(self, Severity::Error | Severity::Warning)
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Static description of one rule: its id, default severity and examples.
#[derive(Debug)]
pub struct RuleInfo {
    /// The rule id, starting with its family (`name-variant`, `figure-conflict`, ...).
    pub id: &'static str,
    pub default_severity: Severity,
    /// One sentence on what the rule finds.
    pub summary: &'static str,
    /// Text that the rule flags.
    pub flags: &'static [&'static str],
    /// Text that the rule leaves alone.
    pub passes: &'static [&'static str],
}

impl RuleInfo {
    /// The family is the first segment of the id: `name` for `name-variant`.
    pub fn family(&self) -> &'static str {
        self.id.split('-').next().unwrap_or(self.id)
    }
}

/// Another place that a finding points at, with a short message.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Related {
    pub location: Location,
    pub message: String,
}

/// One replacement of a span of a document.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Edit {
    pub location: Location,
    pub new_text: String,
}

/// A fix that a writer can apply: a set of edits that belong together,
/// possibly across several documents.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Fix {
    pub title: String,
    /// Shared, not copied: a bundle-wide fix ("use X everywhere") is made
    /// once per name group and every finding of the group holds the same
    /// list, so memory stays linear in the mentions. Writers that print
    /// edits (JSON, SARIF) print a list that several fixes share once.
    pub edits: Arc<[Edit]>,
    /// A certain fix may be applied by fix-all without a human choosing it.
    pub certain: bool,
    /// The fix the check recommends among its fixes.
    pub preferred: bool,
}

/// What a check reports: a rule, a place, a message, related places and fixes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub location: Location,
    pub message: String,
    pub related: Vec<Related>,
    pub fixes: Vec<Fix>,
}

impl Finding {
    /// A finding of `info`'s rule at its default severity, with one fix,
    /// the preferred one, that replaces `location` with `new_text`: the
    /// shape of the line-based typography checks.
    pub fn replacing(
        info: &RuleInfo,
        location: Location,
        message: String,
        title: String,
        new_text: String,
        certain: bool,
    ) -> Finding {
        Finding {
            rule: info.id,
            severity: info.default_severity,
            location,
            message,
            related: Vec::new(),
            fixes: vec![Fix {
                title,
                edits: vec![Edit { location, new_text }].into(),
                certain,
                preferred: true,
            }],
        }
    }

    pub fn family(&self) -> &'static str {
        self.rule.split('-').next().unwrap_or(self.rule)
    }
}
