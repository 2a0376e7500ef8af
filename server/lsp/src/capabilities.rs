//! What the server advertises at `initialize` (the requests and
//! notifications the handlers serve, the commands, the position
//! encoding), what it registers later (the file watch), and what it keeps
//! of the client's capabilities.

use tower_lsp::lsp_types::{
    ClientCapabilities, CodeActionKind, CodeActionOptions, CodeActionProviderCapability,
    DidChangeWatchedFilesRegistrationOptions, ExecuteCommandOptions, FileSystemWatcher,
    GlobPattern, HoverProviderCapability, InitializeResult, OneOf, Registration, RenameOptions,
    ServerCapabilities, ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextDocumentSyncSaveOptions, WorkDoneProgressOptions,
    WorkspaceFoldersServerCapabilities, WorkspaceServerCapabilities,
};

use crate::convert::Encoding;
use crate::ext::{CMD_FACT_SHEET, CMD_FIX_ALL, CMD_TEST_PANIC};
use crate::to_lsp;

/// What the client said it can do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ClientCaps {
    pub work_done_progress: bool,
    /// It registers `workspace/didChangeWatchedFiles` dynamically, so it
    /// watches files for the server.
    pub watch_dynamic: bool,
    /// `workspace.workspaceEdit.documentChanges`: edits carry versions.
    pub document_changes: bool,
}

impl ClientCaps {
    pub fn of(caps: &ClientCapabilities) -> ClientCaps {
        ClientCaps {
            work_done_progress: caps
                .window
                .as_ref()
                .and_then(|w| w.work_done_progress)
                .unwrap_or(false),
            watch_dynamic: caps
                .workspace
                .as_ref()
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false),
            document_changes: caps
                .workspace
                .as_ref()
                .and_then(|w| w.workspace_edit.as_ref())
                .and_then(|e| e.document_changes)
                .unwrap_or(false),
        }
    }
}

/// The commands `workspace/executeCommand` serves.
pub(crate) fn commands(test_commands: bool) -> Vec<String> {
    let mut commands = vec![CMD_FACT_SHEET.to_string(), CMD_FIX_ALL.to_string()];
    if test_commands {
        commands.push(CMD_TEST_PANIC.to_string());
    }
    commands
}

/// The server's capabilities for a client that negotiated `encoding`.
pub(crate) fn server_capabilities(encoding: Encoding, test_commands: bool) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..TextDocumentSyncOptions::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        references_provider: Some(OneOf::Left(true)),
        definition_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        workspace_symbol_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::SOURCE_FIX_ALL,
                to_lsp::fix_all_kind(),
            ]),
            ..CodeActionOptions::default()
        })),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: WorkDoneProgressOptions::default(),
        })),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: commands(test_commands),
            ..ExecuteCommandOptions::default()
        }),
        workspace: Some(WorkspaceServerCapabilities {
            workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                supported: Some(true),
                change_notifications: Some(OneOf::Left(true)),
            }),
            file_operations: None,
        }),
        ..ServerCapabilities::default()
    }
}

/// The answer to `initialize`.
pub(crate) fn initialize_result(encoding: Encoding, test_commands: bool) -> InitializeResult {
    InitializeResult {
        capabilities: server_capabilities(encoding, test_commands),
        server_info: Some(ServerInfo {
            name: "copydesk".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        }),
    }
}

/// The files the client is asked to watch: articles and the
/// configuration.
const WATCHED: [&str; 4] = ["**/*.txt", "**/*.md", "**/*.markdown", "**/copydesk.toml"];

/// The dynamic registration of `workspace/didChangeWatchedFiles`.
pub(crate) fn watched_files_registration() -> Registration {
    let watchers = WATCHED
        .iter()
        .map(|g| FileSystemWatcher {
            glob_pattern: GlobPattern::String(g.to_string()),
            kind: None,
        })
        .collect();
    let options = DidChangeWatchedFilesRegistrationOptions { watchers };
    Registration {
        id: "copydesk-watch".to_string(),
        method: "workspace/didChangeWatchedFiles".to_string(),
        register_options: serde_json::to_value(options).ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp::lsp_types::PositionEncodingKind;

    #[test]
    fn the_negotiated_encoding_is_advertised() {
        let c = server_capabilities(Encoding::Utf8, false);
        assert_eq!(c.position_encoding, Some(PositionEncodingKind::UTF8));
        let c = server_capabilities(Encoding::Utf16, false);
        assert_eq!(c.position_encoding, Some(PositionEncodingKind::UTF16));
    }

    #[test]
    fn every_served_request_is_advertised() {
        let c = server_capabilities(Encoding::Utf16, false);
        let Some(TextDocumentSyncCapability::Options(sync)) = c.text_document_sync else {
            panic!("expected sync options");
        };
        assert_eq!(sync.open_close, Some(true));
        assert_eq!(sync.change, Some(TextDocumentSyncKind::INCREMENTAL));
        assert!(sync.save.is_some(), "didSave reloads copydesk.toml");
        assert!(c.hover_provider.is_some());
        assert!(c.references_provider.is_some());
        assert!(c.definition_provider.is_some());
        assert!(c.document_symbol_provider.is_some());
        assert!(c.workspace_symbol_provider.is_some());
        let Some(OneOf::Right(rename)) = c.rename_provider else {
            panic!("expected rename options");
        };
        assert_eq!(rename.prepare_provider, Some(true));
        let folders = c.workspace.and_then(|w| w.workspace_folders).unwrap();
        assert_eq!(folders.change_notifications, Some(OneOf::Left(true)));
    }

    #[test]
    fn code_action_kinds_cover_quickfixes_and_fix_all() {
        let c = server_capabilities(Encoding::Utf16, false);
        let Some(CodeActionProviderCapability::Options(o)) = c.code_action_provider else {
            panic!("expected code action options");
        };
        let kinds = o.code_action_kinds.unwrap();
        assert!(kinds.contains(&CodeActionKind::QUICKFIX));
        assert!(kinds.contains(&to_lsp::fix_all_kind()));
        assert!(kinds.contains(&CodeActionKind::SOURCE_FIX_ALL));
    }

    #[test]
    fn the_test_command_is_offered_only_when_asked() {
        let advertised = |test| {
            server_capabilities(Encoding::Utf16, test)
                .execute_command_provider
                .map(|e| e.commands)
                .unwrap_or_default()
        };
        assert_eq!(advertised(false), [CMD_FACT_SHEET, CMD_FIX_ALL]);
        assert_eq!(
            advertised(true),
            [CMD_FACT_SHEET, CMD_FIX_ALL, CMD_TEST_PANIC]
        );
    }

    #[test]
    fn the_server_names_itself() {
        let r = initialize_result(Encoding::Utf16, false);
        let info = r.server_info.unwrap();
        assert_eq!(info.name, "copydesk");
        assert_eq!(info.version.as_deref(), Some(env!("CARGO_PKG_VERSION")));
        assert_eq!(r.capabilities, server_capabilities(Encoding::Utf16, false));
    }

    #[test]
    fn client_capabilities_are_read() {
        assert_eq!(
            ClientCaps::of(&ClientCapabilities::default()),
            ClientCaps::default()
        );
        let caps: ClientCapabilities = serde_json::from_value(serde_json::json!({
            "window": {"workDoneProgress": true},
            "workspace": {
                "didChangeWatchedFiles": {"dynamicRegistration": true},
                "workspaceEdit": {"documentChanges": true}
            }
        }))
        .unwrap();
        assert_eq!(
            ClientCaps::of(&caps),
            ClientCaps {
                work_done_progress: true,
                watch_dynamic: true,
                document_changes: true
            }
        );
    }

    #[test]
    fn the_watch_registration_covers_articles_and_the_configuration() {
        let r = watched_files_registration();
        assert_eq!(r.method, "workspace/didChangeWatchedFiles");
        let options: DidChangeWatchedFilesRegistrationOptions =
            serde_json::from_value(r.register_options.unwrap()).unwrap();
        let globs: Vec<String> = options
            .watchers
            .into_iter()
            .map(|w| match w.glob_pattern {
                GlobPattern::String(g) => g,
                GlobPattern::Relative(_) => panic!("expected plain globs"),
            })
            .collect();
        for g in ["**/*.txt", "**/*.md", "**/copydesk.toml"] {
            assert!(
                globs.iter().any(|x| x == g),
                "{g} is not watched: {globs:?}"
            );
        }
    }
}
