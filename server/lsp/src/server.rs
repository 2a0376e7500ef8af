//! The language server: tower-lsp's `LanguageServer` over the
//! [`Backend`], a thin dispatcher to `crate::handlers`. Analysis runs on
//! blocking threads, debounced (`crate::scheduling`); a newer edit makes
//! an older analysis moot, and a running one stops at its next check.
//! A panic inside a handler or an analysis is caught, logged and answered
//! with an error; the server stays up (`crate::guard`).

use serde_json::Value;
use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::{
    CodeActionParams, CodeActionResponse, DidChangeTextDocumentParams, DidChangeWatchedFilesParams,
    DidChangeWorkspaceFoldersParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    DidSaveTextDocumentParams, DocumentSymbolParams, DocumentSymbolResponse, ExecuteCommandParams,
    GotoDefinitionParams, GotoDefinitionResponse, Hover, HoverParams, InitializeParams,
    InitializeResult, InitializedParams, Location, PrepareRenameResponse, ReferenceParams,
    RenameParams, SymbolInformation, TextDocumentPositionParams, WorkspaceEdit,
    WorkspaceSymbolParams,
};
use tower_lsp::LanguageServer;

pub use crate::backend::Backend;
use crate::ext::{Article, LedgerParams, LedgerRow};
pub use crate::ext::{StatusNotification, StatusParams, CMD_FACT_SHEET, CMD_FIX_ALL};
use crate::handlers::{edits, ledger, lifecycle, navigation, notification};

#[tower_lsp::async_trait]
impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        lifecycle::initialize(self, params).await
    }

    async fn initialized(&self, _: InitializedParams) {
        lifecycle::initialized(self).await;
    }

    async fn shutdown(&self) -> Result<()> {
        lifecycle::shutdown(self).await
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        notification::did_open(self, params).await;
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        notification::did_change(self, params).await;
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        notification::did_close(self, params).await;
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        notification::did_save(self, params).await;
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        notification::did_change_watched_files(self, params).await;
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        notification::did_change_workspace_folders(self, params).await;
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        navigation::hover(self, params).await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        navigation::references(self, params).await
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        navigation::document_symbol(self, params).await
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<Vec<SymbolInformation>>> {
        navigation::symbol(self, params).await
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        navigation::goto_definition(self, params).await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        edits::code_action(self, params).await
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        edits::prepare_rename(self, params).await
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        edits::rename(self, params).await
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<Value>> {
        edits::execute_command(self, params).await
    }
}

/// The custom requests (see `crate::ext`).
impl Backend {
    /// Answers `copydesk/articles`.
    pub async fn articles(&self, _: Value) -> Result<Vec<Article>> {
        ledger::articles(self).await
    }

    /// Answers `copydesk/ledger`.
    pub async fn ledger(&self, params: LedgerParams) -> Result<Vec<LedgerRow>> {
        ledger::ledger(self, params).await
    }
}
