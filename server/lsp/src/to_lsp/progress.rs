//! The indexing's progress (`$/progress` with a work-done token).

use tower_lsp::lsp_types::{
    NumberOrString, ProgressParams, ProgressParamsValue, WorkDoneProgress, WorkDoneProgressBegin,
    WorkDoneProgressCreateParams, WorkDoneProgressEnd, WorkDoneProgressReport,
};

/// The token of the indexing's progress.
pub(crate) fn progress_token() -> NumberOrString {
    NumberOrString::String("copydesk-index".to_string())
}

/// Asks the client for a progress bar under `token`.
pub(crate) fn progress_create_params(token: &NumberOrString) -> WorkDoneProgressCreateParams {
    WorkDoneProgressCreateParams {
        token: token.clone(),
    }
}

pub(crate) fn progress_begin() -> WorkDoneProgress {
    WorkDoneProgress::Begin(WorkDoneProgressBegin {
        title: "copydesk: indexing the bundle".to_string(),
        cancellable: Some(false),
        message: None,
        percentage: Some(0),
    })
}

/// `done` of `total` articles read; `None` while the total is unknown (0).
pub(crate) fn progress_report(done: usize, total: usize) -> Option<WorkDoneProgress> {
    if total == 0 {
        return None;
    }
    Some(WorkDoneProgress::Report(WorkDoneProgressReport {
        cancellable: Some(false),
        message: Some(format!("{done}/{total} articles")),
        percentage: Some(u32::try_from(done * 100 / total).unwrap_or(100)),
    }))
}

pub(crate) fn progress_end(total: usize) -> WorkDoneProgress {
    WorkDoneProgress::End(WorkDoneProgressEnd {
        message: Some(format!("{total} articles")),
    })
}

pub(crate) fn progress_params(token: &NumberOrString, value: WorkDoneProgress) -> ProgressParams {
    ProgressParams {
        token: token.clone(),
        value: ProgressParamsValue::WorkDone(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_count_articles_and_percent() {
        let Some(WorkDoneProgress::Report(r)) = progress_report(3, 4) else {
            panic!("expected a report");
        };
        assert_eq!(r.percentage, Some(75));
        assert_eq!(r.message.as_deref(), Some("3/4 articles"));
        assert!(progress_report(0, 0).is_none());
        let Some(WorkDoneProgress::Report(full)) = progress_report(9, 9) else {
            panic!("expected a report");
        };
        assert_eq!(full.percentage, Some(100));
    }

    #[test]
    fn begin_and_end_frame_the_indexing() {
        let WorkDoneProgress::Begin(b) = progress_begin() else {
            panic!("expected a begin");
        };
        assert_eq!(b.percentage, Some(0));
        let WorkDoneProgress::End(e) = progress_end(12) else {
            panic!("expected an end");
        };
        assert_eq!(e.message.as_deref(), Some("12 articles"));
        let p = progress_params(&progress_token(), progress_end(1));
        assert_eq!(p.token, NumberOrString::String("copydesk-index".into()));
    }
}
