//! `initialize` (the client's capabilities, roots and options in; the
//! server's capabilities out), `initialized` (watch and index) and
//! `shutdown`.

use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::{InitializeParams, InitializeResult};

use crate::backend::Backend;
use crate::capabilities::{self, ClientCaps};
use crate::convert::Encoding;
use crate::guard::lock;
use crate::scheduling;

pub(crate) async fn initialize(b: &Backend, params: InitializeParams) -> Result<InitializeResult> {
    let encoding = Encoding::negotiate(
        params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_deref()),
    );
    let mut roots = Vec::new();
    if let Some(folders) = &params.workspace_folders {
        roots.extend(folders.iter().filter_map(|f| f.uri.to_file_path().ok()));
    }
    #[allow(deprecated)]
    if roots.is_empty() {
        if let Some(p) = params.root_uri.as_ref().and_then(|u| u.to_file_path().ok()) {
            roots.push(p);
        }
    }
    if let Some(delay) = scheduling::debounce_option(params.initialization_options.as_ref()) {
        *lock(&b.debounce) = delay;
    }
    *lock(&b.caps) = ClientCaps::of(&params.capabilities);
    {
        let mut st = lock(&b.state);
        st.encoding = encoding;
        st.roots = roots;
    }
    tracing::info!("initialize: position encoding {:?}", encoding);
    Ok(capabilities::initialize_result(
        encoding,
        b.options.test_commands,
    ))
}

pub(crate) async fn initialized(b: &Backend) {
    b.register_watchers().await;
    b.rewatch().await;
    b.index_workspace().await;
}

pub(crate) async fn shutdown(b: &Backend) -> Result<()> {
    b.shut_down.store(true, std::sync::atomic::Ordering::SeqCst);
    Ok(())
}
