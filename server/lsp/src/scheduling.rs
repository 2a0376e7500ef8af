//! When an analysis runs: after the debounce delay, one at a time, and not
//! at all when a newer change made it moot (see [`crate::publish`]).

use std::time::Duration;

use serde_json::Value;

use crate::guard::lock;
use crate::publish::run_analysis;
use crate::shared::Shared;

/// The longest debounce delay a client may ask for.
const LONGEST_DEBOUNCE: Duration = Duration::from_secs(10);

/// Schedules an analysis after the debounce delay; a newer change makes
/// this one moot.
pub(crate) fn schedule(shared: &Shared) {
    let generation = lock(&shared.state).generation;
    let delay = *lock(&shared.debounce);
    let state = shared.state.clone();
    let ropes = shared.ropes.clone();
    let client = shared.client.clone();
    let turn = shared.turn.clone();
    let ledger = shared.ledger.clone();
    tokio::spawn(async move {
        if !delay.is_zero() {
            tokio::time::sleep(delay).await;
        }
        let turn = turn.lock_owned().await;
        run_analysis(state, ropes, client, generation, turn, ledger).await;
    });
}

/// The debounce delay the client asks for in `initializationOptions`
/// (`debounceMs`, at most [`LONGEST_DEBOUNCE`]); `None` when it asks for
/// none.
pub(crate) fn debounce_option(options: Option<&Value>) -> Option<Duration> {
    let ms = options?.get("debounceMs")?.as_u64()?;
    Some(Duration::from_millis(ms).min(LONGEST_DEBOUNCE))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_client_may_set_the_debounce_within_bounds() {
        let d = |v: Value| debounce_option(Some(&v));
        assert_eq!(d(json!({"debounceMs": 0})), Some(Duration::ZERO));
        assert_eq!(
            d(json!({"debounceMs": 250})),
            Some(Duration::from_millis(250))
        );
        assert_eq!(d(json!({"debounceMs": 999_999})), Some(LONGEST_DEBOUNCE));
        assert_eq!(d(json!({"debounceMs": -5})), None);
        assert_eq!(d(json!({"debounceMs": "fast"})), None);
        assert_eq!(d(json!({"other": 1})), None);
        assert_eq!(debounce_option(None), None);
    }
}
