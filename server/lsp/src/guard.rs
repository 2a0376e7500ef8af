//! The panic guard: a panic inside a handler is caught, logged and
//! answered with an internal error, and the server stays up. Also the
//! lock that survives such a panic and the errors handlers answer with.

use std::panic::AssertUnwindSafe;
use std::sync::{Mutex, MutexGuard};

use tower_lsp::jsonrpc::{Error, ErrorCode, Result};

pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while the lock was held leaves consistent plain data behind
    // (every update is a single assignment or a re-extraction), so a
    // poisoned lock is taken over rather than propagated.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Runs `f`, turning a panic into a logged internal error.
pub(crate) fn guarded<T>(what: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
    match std::panic::catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(panic) => {
            let msg = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string());
            tracing::error!("internal error in {what}: {msg}");
            Err(internal_error(what))
        }
    }
}

/// The answer to a request whose work failed (a panic, or a blocking
/// task that did not finish): the server is still running.
pub(crate) fn internal_error(what: &str) -> Error {
    Error {
        code: ErrorCode::InternalError,
        message: format!(
            "copydesk: internal error in {what}; the server is still running (see its log)"
        )
        .into(),
        data: None,
    }
}

/// The answer to a request whose parameters cannot be served.
pub(crate) fn invalid(message: impl Into<String>) -> Error {
    Error {
        code: ErrorCode::InvalidParams,
        message: message.into().into(),
        data: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_internal_error_naming_the_handler() {
        let r: Result<()> = guarded("hover", || panic!("deliberate"));
        let e = r.unwrap_err();
        assert_eq!(e.code, ErrorCode::InternalError);
        assert!(
            e.message.contains("internal error in hover"),
            "{}",
            e.message
        );
        let formatted: Result<()> = guarded("rename", || panic!("{}", String::from("formatted")));
        assert_eq!(formatted.unwrap_err().code, ErrorCode::InternalError);
    }

    #[test]
    fn answers_and_errors_pass_through_unchanged() {
        assert_eq!(guarded("x", || Ok(7)).ok(), Some(7));
        let e = guarded::<()>("x", || Err(invalid("no such article"))).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidParams);
        assert_eq!(e.message, "no such article");
    }

    #[test]
    fn a_poisoned_lock_is_taken_over() {
        let m = std::sync::Arc::new(Mutex::new(3));
        let m2 = m.clone();
        let _ = std::thread::spawn(move || {
            let _held = m2.lock();
            panic!("deliberate");
        })
        .join();
        assert!(m.is_poisoned());
        *lock(&m) += 1;
        assert_eq!(*lock(&m), 4);
    }
}
