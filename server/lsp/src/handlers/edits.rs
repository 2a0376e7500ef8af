//! Requests that change articles: code actions (quick fixes and fix-all),
//! rename, and the commands of `workspace/executeCommand`.

use serde_json::Value;
use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::{
    CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionResponse,
    ExecuteCommandParams, MessageType, Position, PrepareRenameResponse, RenameParams,
    TextDocumentPositionParams, Url, WorkspaceEdit,
};

use copydesk_core as analysis;

use crate::backend::Backend;
use crate::convert;
use crate::ext::{CMD_FACT_SHEET, CMD_FIX_ALL, CMD_TEST_PANIC};
use crate::guard::{guarded, invalid, lock};
use crate::state::normalize;
use crate::to_lsp;

/// Does a code action of `kind` answer a request for `only` (none: every
/// kind)? A kind answers for itself and for the kinds it is a sub-kind of.
fn wanted(only: Option<&[CodeActionKind]>, kind: &CodeActionKind) -> bool {
    match only {
        None => true,
        Some(only) => only.iter().any(|o| {
            kind.as_str() == o.as_str() || kind.as_str().starts_with(&format!("{}.", o.as_str()))
        }),
    }
}

pub(crate) async fn code_action(
    b: &Backend,
    params: CodeActionParams,
) -> Result<Option<CodeActionResponse>> {
    b.settle().await;
    let uri = normalize(&params.text_document.uri);
    let snap = b.snapshot();
    let Some(doc) = snap.bundle.id_of(uri.as_str()) else {
        tracing::info!("codeAction for {uri}, which is not an article of the bundle");
        return Ok(None);
    };
    let findings = b.findings_for(&snap).await?;
    guarded("codeAction", || {
        let wants = |kind: &CodeActionKind| wanted(params.context.only.as_deref(), kind);
        let mut ropes = lock(&b.ropes);
        let Some(rope) = ropes.get(&snap.bundle, doc).cloned() else {
            return Ok(None);
        };
        let (range, _) = convert::span(&rope, params.range, snap.encoding);
        let mut actions = Vec::new();
        let mut c = snap.converter(&mut ropes);
        if wants(&CodeActionKind::QUICKFIX) {
            for f in findings.iter().filter(|f| {
                f.location.doc == doc
                    && (f.location.span.overlaps(range)
                        || f.location.span.contains_offset(range.start)
                        || range.contains_offset(f.location.span.start))
            }) {
                for fix in &f.fixes {
                    if let Some(a) = c.quickfix(f, fix) {
                        actions.push(CodeActionOrCommand::CodeAction(a));
                    }
                }
            }
        }
        if wants(&to_lsp::fix_all_kind()) {
            let edits = analysis::fixes::fix_all_edits(&findings, doc);
            if !edits.is_empty() {
                if let Some(a) = c.fix_all_action(&edits) {
                    actions.push(CodeActionOrCommand::CodeAction(a));
                }
            }
        }
        Ok(Some(actions))
    })
}

pub(crate) async fn prepare_rename(
    b: &Backend,
    params: TextDocumentPositionParams,
) -> Result<Option<PrepareRenameResponse>> {
    b.settle().await;
    guarded("prepareRename", || {
        let Some((snap, doc, offset)) = b.locate(&params.text_document.uri, params.position) else {
            return Err(invalid("this document is not an article of the bundle"));
        };
        match analysis::rename::target_at(&snap.bundle, &snap.config, doc, offset) {
            Ok((span, name)) => {
                let mut ropes = lock(&b.ropes);
                Ok(snap.converter(&mut ropes).prepare_rename(doc, span, name))
            }
            Err(e) => Err(invalid(e.to_string())),
        }
    })
}

/// Renames the name or entity spelling under the cursor across the
/// bundle. What it leaves as written (an entity's other spellings and
/// tickers) is shown to the user in a message, since an edit cannot say it.
pub(crate) async fn rename(b: &Backend, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
    b.settle().await;
    let p = params.text_document_position;
    let (edit, note) = guarded("rename", || {
        let Some((snap, doc, offset)) = b.locate(&p.text_document.uri, p.position) else {
            return Err(invalid("this document is not an article of the bundle"));
        };
        let rename =
            analysis::rename::rename_at(&snap.bundle, &snap.config, doc, offset, &params.new_name)
                .map_err(|e| invalid(e.to_string()))?;
        let mut ropes = lock(&b.ropes);
        Ok((
            snap.converter(&mut ropes).workspace_edit(&rename.edits),
            rename.note,
        ))
    })?;
    if let Some(note) = note {
        b.client
            .show_message(MessageType::INFO, format!("copydesk: {note}"))
            .await;
    }
    Ok(edit)
}

/// The edit applying every certain fix of an article; `None` when there
/// is none (or `uri` is not an article of the bundle).
async fn fix_all_edit(b: &Backend, uri: &Url) -> Result<Option<WorkspaceEdit>> {
    let uri = normalize(uri);
    let snap = b.snapshot();
    let Some(doc) = snap.bundle.id_of(uri.as_str()) else {
        return Ok(None);
    };
    let findings = b.findings_for(&snap).await?;
    guarded("fixAll", || {
        let edits = analysis::fixes::fix_all_edits(&findings, doc);
        if edits.is_empty() {
            return Ok(None);
        }
        let mut ropes = lock(&b.ropes);
        Ok(snap.converter(&mut ropes).workspace_edit(&edits))
    })
}

pub(crate) async fn execute_command(
    b: &Backend,
    params: ExecuteCommandParams,
) -> Result<Option<Value>> {
    b.settle().await;
    let arg_uri = |i: usize| -> Result<Url> {
        params
            .arguments
            .get(i)
            .and_then(|v| serde_json::from_value::<Url>(v.clone()).ok())
            .ok_or_else(|| {
                invalid(format!(
                    "{}: argument {i} must be a document URI",
                    params.command
                ))
            })
    };
    match params.command.as_str() {
        CMD_FACT_SHEET => {
            let uri = arg_uri(0)?;
            let pos: Position = params
                .arguments
                .get(1)
                .and_then(|v| serde_json::from_value(v.clone()).ok())
                .ok_or_else(|| invalid("copydesk.factSheet: argument 1 must be a position"))?;
            guarded("factSheet", || {
                let Some((snap, doc, offset)) = b.locate(&uri, pos) else {
                    return Ok(None);
                };
                Ok(
                    analysis::hover::fact_sheet(&snap.bundle, &snap.config, doc, offset)
                        .map(Value::String),
                )
            })
        }
        CMD_FIX_ALL => {
            let uri = arg_uri(0)?;
            let edit = fix_all_edit(b, &uri).await?;
            if let Some(edit) = edit {
                match b.client.apply_edit(edit).await {
                    Ok(r) if !r.applied => tracing::warn!(
                        "the client did not apply the fixes: {}",
                        r.failure_reason.unwrap_or_default()
                    ),
                    Ok(_) => {}
                    Err(e) => tracing::warn!("applying the fixes failed: {e}"),
                }
            }
            Ok(None)
        }
        CMD_TEST_PANIC if b.options.test_commands => guarded("test.panic", || {
            panic!("deliberate panic requested by {CMD_TEST_PANIC}")
        }),
        other => Err(invalid(format!("unknown command {other}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capabilities;
    use crate::options::Options;
    use tower_lsp::jsonrpc::ErrorCode;
    use tower_lsp::LspService;

    #[test]
    fn code_action_kinds_answer_their_parents() {
        let fix_all = to_lsp::fix_all_kind();
        assert!(wanted(None, &fix_all));
        assert!(wanted(Some(&[CodeActionKind::SOURCE_FIX_ALL]), &fix_all));
        assert!(wanted(Some(&[CodeActionKind::SOURCE]), &fix_all));
        assert!(wanted(Some(std::slice::from_ref(&fix_all)), &fix_all));
        assert!(!wanted(Some(&[CodeActionKind::QUICKFIX]), &fix_all));
        assert!(!wanted(Some(&[]), &CodeActionKind::QUICKFIX));
        // A prefix that is not a parent kind does not count.
        assert!(!wanted(
            Some(&[CodeActionKind::new("source.fix")]),
            &fix_all
        ));
    }

    /// Every command advertised at `initialize` is one `executeCommand`
    /// knows (with a document outside the bundle it answers nothing, or
    /// fails inside the command, never "unknown command").
    #[tokio::test]
    async fn every_advertised_command_is_served() {
        for test_commands in [false, true] {
            let options = Options {
                test_commands,
                ..Options::default()
            };
            let shut_down = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
            let (service, _socket) =
                LspService::new(move |client| Backend::new(client, options, shut_down));
            let b = service.inner();
            let uri = serde_json::json!("file:///nowhere/a.txt");
            let position = serde_json::json!({"line": 0, "character": 0});
            for command in capabilities::commands(test_commands) {
                let params = ExecuteCommandParams {
                    command: command.clone(),
                    arguments: vec![uri.clone(), position.clone()],
                    work_done_progress_params: Default::default(),
                };
                match execute_command(b, params).await {
                    Ok(answer) => assert_eq!(answer, None, "{command}"),
                    Err(e) => {
                        assert_eq!(command, CMD_TEST_PANIC);
                        assert_eq!(e.code, ErrorCode::InternalError);
                    }
                }
            }
            let unknown = ExecuteCommandParams {
                command: CMD_TEST_PANIC.into(),
                arguments: vec![],
                work_done_progress_params: Default::default(),
            };
            let e = execute_command(b, unknown).await.unwrap_err();
            let expected = if test_commands {
                ErrorCode::InternalError
            } else {
                ErrorCode::InvalidParams
            };
            assert_eq!(e.code, expected);
        }
    }
}
