//! Findings as diagnostics, and the configuration file's own diagnostic.

use tower_lsp::lsp_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location as LspLocation,
    NumberOrString, Range,
};

use copydesk_core::{Finding, Severity};

use super::{uri_of, Converter};
use crate::convert::{self, Encoding};
use crate::state::ConfigProblem;

fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Information => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

impl Converter<'_> {
    pub fn diagnostic(&mut self, f: &Finding) -> Option<Diagnostic> {
        let range = self.range(f.location.doc, f.location.span)?;
        let mut related = Vec::new();
        for r in &f.related {
            let (Some(uri), Some(range)) = (
                uri_of(self.bundle, r.location.doc),
                self.range(r.location.doc, r.location.span),
            ) else {
                continue;
            };
            related.push(DiagnosticRelatedInformation {
                location: LspLocation { uri, range },
                message: r.message.clone(),
            });
        }
        Some(Diagnostic {
            range,
            severity: Some(severity(f.severity)),
            code: Some(NumberOrString::String(f.rule.to_string())),
            source: Some("copydesk".to_string()),
            message: f.message.clone(),
            related_information: (!related.is_empty()).then_some(related),
            ..Diagnostic::default()
        })
    }
}

/// The diagnostic on a broken `copydesk.toml` (published on `p.uri`): at
/// the error's place when it has one, else at the start of the file.
pub(crate) fn config_diagnostic(p: &ConfigProblem, encoding: Encoding) -> Diagnostic {
    let rope = ropey::Rope::from_str(&p.text);
    let range = match p.error.span {
        Some(s) => convert::range(&rope, s, encoding),
        None => Range::default(),
    };
    Diagnostic {
        range,
        severity: Some(DiagnosticSeverity::ERROR),
        code: Some(NumberOrString::String("config".into())),
        source: Some("copydesk".into()),
        message: format!("{} (copydesk uses the defaults)", p.error.message),
        ..Diagnostic::default()
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::super::Ropes;
    use super::*;
    use copydesk_core::Related;

    #[test]
    fn diagnostics_carry_code_source_and_utf16_ranges() {
        let (b, ids) = bundle_of(&[("a.txt", "“x” Zorblatt Vane")]);
        let f = finding(
            ids[0],
            "“x” ".len(),
            "“x” Zorblatt Vane".len(),
            "Zorblat Vane",
        );
        let mut ropes = Ropes::default();
        let d = converter(&b, &mut ropes, None).diagnostic(&f).unwrap();
        assert_eq!(d.range.start.character, 4);
        assert_eq!(d.range.end.character, 17);
        assert_eq!(d.code, Some(NumberOrString::String("name-variant".into())));
        assert_eq!(d.source.as_deref(), Some("copydesk"));
        assert_eq!(d.severity, Some(DiagnosticSeverity::WARNING));
        assert!(d.related_information.is_none());
    }

    #[test]
    fn related_places_in_other_articles_are_kept_and_lost_ones_dropped() {
        let (b, ids) = bundle_of(&[("a.txt", "Zorblatt Vane"), ("b.txt", "Zorblat Vane")]);
        let mut f = finding(ids[0], 0, 13, "Zorblat Vane");
        f.related = vec![
            Related {
                location: at(ids[1], 0, 12),
                message: "spelled this way here".into(),
            },
            Related {
                location: at(copydesk_core::DocId(99), 0, 1),
                message: "gone".into(),
            },
        ];
        let mut ropes = Ropes::default();
        let d = converter(&b, &mut ropes, None).diagnostic(&f).unwrap();
        let related = d.related_information.unwrap();
        assert_eq!(related.len(), 1);
        assert_eq!(related[0].location.uri.as_str(), "file:///b.txt");
        assert_eq!(related[0].location.range.end.character, 12);
    }

    #[test]
    fn the_config_diagnostic_points_at_the_error_or_the_start() {
        let text = "[rules]\nx = ?\n".to_string();
        let mut p = ConfigProblem {
            uri: tower_lsp::lsp_types::Url::parse("file:///story/copydesk.toml").unwrap(),
            text,
            error: copydesk_core::config::ConfigError {
                message: "bad value".into(),
                span: Some(copydesk_core::Span::new(12, 13)),
            },
        };
        let d = config_diagnostic(&p, Encoding::Utf16);
        assert_eq!((d.range.start.line, d.range.start.character), (1, 4));
        assert_eq!(d.severity, Some(DiagnosticSeverity::ERROR));
        assert_eq!(d.code, Some(NumberOrString::String("config".into())));
        assert_eq!(d.message, "bad value (copydesk uses the defaults)");
        p.error.span = None;
        assert_eq!(
            config_diagnostic(&p, Encoding::Utf16).range,
            Range::default()
        );
    }
}
