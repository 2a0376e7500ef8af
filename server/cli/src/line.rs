//! One line per finding: `--format line` (`path:line:col: severity[rule]
//! message`, for editors' error lists and grep) and `--format github`
//! (GitHub Actions workflow commands, which annotate the pull request).

use std::io::Write;

use super::{line_col, Loaded};
use copydesk_core::{Finding, Severity};

/// `path:line:col: severity[rule] message`
pub fn write_line(
    loaded: &Loaded,
    findings: &[Finding],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    for f in findings {
        let (line, col) = line_col(&loaded.bundle, f.location.doc, f.location.span.start);
        writeln!(
            out,
            "{}:{line}:{col}: {}[{}] {}",
            loaded.path_of(f.location.doc),
            f.severity,
            f.rule,
            one_line(&f.message)
        )?;
    }
    Ok(())
}

/// `::warning file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`
pub fn write_github(
    loaded: &Loaded,
    findings: &[Finding],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    for f in findings {
        let b = &loaded.bundle;
        let (line, col) = line_col(b, f.location.doc, f.location.span.start);
        let (end_line, end_col) = line_col(b, f.location.doc, f.location.span.end);
        let command = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information | Severity::Hint => "notice",
        };
        writeln!(
            out,
            "::{command} file={},line={line},col={col},endLine={end_line},endColumn={end_col},title={}::{}",
            escape_property(loaded.path_of(f.location.doc)),
            escape_property(f.rule),
            escape_data(&f.message)
        )?;
    }
    Ok(())
}

fn one_line(s: &str) -> String {
    s.replace(['\r', '\n'], " ")
}

/// A workflow command's message: `%`, CR and LF escaped.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property: also `:` and `,`.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_commands_are_escaped() {
        assert_eq!(escape_data("up 5%\nnow"), "up 5%25%0Anow");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
        assert_eq!(one_line("a\r\nb"), "a  b");
    }
}
