//! The claim ledger kept between requests ([`table::Ledger`]): what a
//! figure hover and `copydesk/ledger` read instead of aligning the whole
//! bundle for each request.
//!
//! One ledger is kept, for one bundle and configuration. A request on
//! another bundle carries it over when the bundle reads alike (an edit
//! that moved no figure: [`table::Ledger::carried`]) and builds it anew
//! otherwise, on a blocking thread, one request at a time: a hover that
//! comes while a ledger is built waits for it. After each analysis the
//! kept ledger is carried to the analysed bundle in the background, so
//! that the next hover finds it ready; one that does not carry is dropped
//! and built again by the next request that needs it. The first ledger is
//! built after the first analysis.

use std::sync::Arc;

use copydesk_core::claims::table::Ledger;
use copydesk_core::config::Config;
use copydesk_core::Bundle;

/// The ledger of one bundle and configuration.
pub(crate) struct KeptLedger {
    bundle: Arc<Bundle>,
    config: Arc<Config>,
    ledger: Arc<Ledger>,
}

/// What is kept.
#[derive(Default)]
pub(crate) enum Kept {
    /// No ledger built yet: the first analysis builds one.
    #[default]
    Never,
    /// The last one did not carry over an edit: the next request that
    /// needs one builds it.
    Dropped,
    Ready(KeptLedger),
}

/// The kept ledger, shared by the handlers and the analyses; held while a
/// ledger is built, so that one is built at a time.
pub(crate) type LedgerSlot = Arc<tokio::sync::Mutex<Kept>>;

/// The kept ledger when it is `bundle`'s under `config`, else it carried
/// over to `bundle` when the bundle reads alike, else `None`.
fn carried(kept: &Kept, bundle: &Arc<Bundle>, config: &Arc<Config>) -> Option<Arc<Ledger>> {
    let Kept::Ready(k) = kept else {
        return None;
    };
    if !Arc::ptr_eq(&k.config, config) {
        return None;
    }
    if Arc::ptr_eq(&k.bundle, bundle) {
        return Some(k.ledger.clone());
    }
    k.ledger.carried(bundle, config).map(Arc::new)
}

/// The ledger of exactly `bundle` under `config`: the kept one, carried
/// over or built anew on a blocking thread, and kept. An error when
/// building it panicked.
pub(crate) async fn ledger_for(
    slot: &LedgerSlot,
    bundle: Arc<Bundle>,
    config: Arc<Config>,
) -> Result<Arc<Ledger>, tokio::task::JoinError> {
    let mut kept = slot.lock().await;
    if let Kept::Ready(k) = &*kept {
        if Arc::ptr_eq(&k.bundle, &bundle) && Arc::ptr_eq(&k.config, &config) {
            return Ok(k.ledger.clone());
        }
    }
    let old = std::mem::take(&mut *kept);
    let (b, c) = (bundle.clone(), config.clone());
    let ledger = tokio::task::spawn_blocking(move || {
        carried(&old, &b, &c).unwrap_or_else(|| Arc::new(Ledger::new(&b, &c)))
    })
    .await;
    let ledger = match ledger {
        Ok(l) => l,
        Err(e) => {
            // The next request that needs one tries again.
            *kept = Kept::Dropped;
            return Err(e);
        }
    };
    *kept = Kept::Ready(KeptLedger {
        bundle,
        config,
        ledger: ledger.clone(),
    });
    Ok(ledger)
}

/// After an analysis of `bundle` under `config`: the kept ledger carried
/// over to it, or dropped when it does not carry; the first one built.
pub(crate) async fn refresh(slot: &LedgerSlot, bundle: Arc<Bundle>, config: Arc<Config>) {
    let mut kept = slot.lock().await;
    let build = match &*kept {
        Kept::Never => true,
        Kept::Dropped => return,
        Kept::Ready(k) if Arc::ptr_eq(&k.bundle, &bundle) && Arc::ptr_eq(&k.config, &config) => {
            return
        }
        Kept::Ready(_) => false,
    };
    let old = std::mem::take(&mut *kept);
    let (b, c) = (bundle.clone(), config.clone());
    let ledger = tokio::task::spawn_blocking(move || match carried(&old, &b, &c) {
        Some(l) => Some(l),
        None => build.then(|| Arc::new(Ledger::new(&b, &c))),
    })
    .await;
    *kept = match ledger {
        Ok(Some(ledger)) => Kept::Ready(KeptLedger {
            bundle,
            config,
            ledger,
        }),
        Ok(None) => Kept::Dropped,
        Err(e) => {
            tracing::error!("internal error in the claim ledger: {e}");
            Kept::Dropped
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "Acme Air fined\n\nRegulators fined Acme Air a record 4.31 billion euros on Tuesday over its loyalty scheme.\n";
    const B: &str = "Acme Air fine\n\nThe regulators' record fine of 4.13 billion euros, imposed on Tuesday over the loyalty scheme, is under appeal.\n";

    fn bundle(b: &str) -> Arc<Bundle> {
        let mut bundle = Bundle::new();
        bundle.upsert("a", "a", 0, A);
        bundle.upsert("b", "b", 1, b);
        Arc::new(bundle)
    }

    fn ready(slot: &LedgerSlot) -> Option<Arc<Ledger>> {
        match &*slot.try_lock().ok()? {
            Kept::Ready(k) => Some(k.ledger.clone()),
            _ => None,
        }
    }

    #[tokio::test]
    async fn a_ledger_is_built_once_carried_over_edits_and_dropped_when_a_figure_changes() {
        let slot = LedgerSlot::default();
        let config = Arc::new(Config::default());
        let first = bundle(B);
        // The first analysis builds it; a request on that bundle reuses it.
        refresh(&slot, first.clone(), config.clone()).await;
        let built = ready(&slot).unwrap_or_else(|| panic!("not built"));
        let asked = ledger_for(&slot, first.clone(), config.clone()).await;
        assert!(asked.is_ok_and(|l| Arc::ptr_eq(&l, &built)));
        // An edit that moves no figure: carried, the same rows.
        let moved = bundle(&format!("{B}No one commented.\n"));
        refresh(&slot, moved.clone(), config.clone()).await;
        let carried = ready(&slot).unwrap_or_else(|| panic!("not carried"));
        assert_eq!(carried.claims(&moved).len(), built.claims(&first).len());
        // A figure changed: dropped, and built again when asked.
        let changed = bundle(&B.replace("4.13", "4.31"));
        refresh(&slot, changed.clone(), config.clone()).await;
        assert!(ready(&slot).is_none());
        let again = ledger_for(&slot, changed.clone(), config.clone()).await;
        let again = again.unwrap_or_else(|e| panic!("{e}"));
        let rows = again.claims(&changed);
        assert_eq!(rows.len(), 1);
        assert!(!rows[0].conflict);
        // Another configuration: built anew.
        let other = Arc::new(Config::default());
        let l = ledger_for(&slot, changed.clone(), other).await;
        assert!(l.is_ok_and(|l| !Arc::ptr_eq(&l, &again)));
    }
}
