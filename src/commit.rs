//! Early lock release: a purchase that took a tier's count gives the tier's row to the next buyer
//! as soon as its commit record is written, and flushes that record to disk right after, before
//! its commit returns; so nothing acknowledged, to a client or to the code that committed, can be
//! lost in a crash.
//!
//! The count of a hot tier is one row. Every reservation updates it, and the row stays locked
//! until the reservation's commit is over. A synchronous commit writes its commit record and then
//! waits for the WAL flush with the row still locked, so the buyers of one tier flush one after the
//! other and never share a flush. Here the transactions that take (or give back) a tier's tickets
//! commit with `synchronous_commit = off` for that transaction only: PostgreSQL writes the commit
//! record, makes the transaction visible and releases its locks without waiting. A resource-release
//! callback then runs in the same commit, in the phase after the locks are released, and flushes
//! the WAL up to the commit record (`XLogFlush`). The commit returns only after that, whether to a
//! client (the answer to the COMMIT), to a procedure that committed, or to a background worker:
//! - whoever committed learns of the commit once it is on disk, as with a synchronous commit;
//!   `NOTIFY`s are delivered after the flush too (`AtCommit_Notify` runs later in the commit);
//! - another transaction may see the purchase during that flush. Whatever it writes because of it
//!   commits later in the WAL, and its own flush covers the purchase's commit record too. Only a
//!   reader can learn of a purchase that a crash during that flush then loses (including
//!   `pg_xact_status`), as with PostgreSQL's own asynchronous commits (docs/architecture.md,
//!   "Inventory").
//!
//! Nothing changes when a synchronous standby is configured (its wait would be skipped; checked
//! again just before the commit), when the session already commits asynchronously, or when
//! `fashionos.early_lock_release` is off (a setting for the server, a database, a role or a
//! session; on by default): the commit then stays synchronous.

use std::ffi::{c_int, c_void};

use pgrx::guc::{GucContext, GucFlags, GucRegistry, GucSetting};
use pgrx::pg_sys;
use pgrx::prelude::*;
use pgrx::PgLogLevel;

/// `fashionos.early_lock_release`: whether the transactions that take or give back a tier's
/// tickets release its row before their WAL flush (on by default).
static EARLY_LOCK_RELEASE: GucSetting<bool> = GucSetting::<bool>::new(true);

/// Defines `fashionos.early_lock_release` (called once, when the library is loaded).
pub fn define_settings() {
    GucRegistry::define_bool_guc(
        c"fashionos.early_lock_release",
        c"Whether a transaction that takes or gives back a ticket tier's tickets releases the tier's row before its WAL flush.",
        c"On: such a transaction commits with synchronous_commit off for itself only, and flushes its commit record right after releasing its locks, before the commit returns, so nothing acknowledged can be lost. Off: it commits synchronously.",
        &EARLY_LOCK_RELEASE,
        GucContext::Userset,
        GucFlags::default(),
    );
}

// Backend-local state (a backend runs one thread).
/// Whether the callbacks are registered.
static mut CALLBACKS: bool = false;
/// The session's `synchronous_commit` when the current transaction turned it off; None when it
/// did not.
static mut ASKED: Option<pg_sys::SyncCommitLevel::Type> = None;
/// The end of a commit record written without its flush, to flush once the commit's locks are
/// released; 0 when none.
static mut FLUSH_TO: pg_sys::XLogRecPtr = 0;

/// Called by a transaction that holds a tier's row: its commit releases the row before the WAL
/// flush, then flushes before it returns. Does nothing where that cannot be kept (see the
/// module's comment).
pub fn release_locks_early() {
    // SAFETY: backend-local state and PostgreSQL globals, read and written by this backend's
    // single thread, outside any signal handler.
    unsafe {
        if !EARLY_LOCK_RELEASE.get() {
            return;
        }
        let level = pg_sys::synchronous_commit as pg_sys::SyncCommitLevel::Type;
        // Off already: this transaction's own earlier call, or the session's choice.
        if level == pg_sys::SyncCommitLevel::SYNCHRONOUS_COMMIT_OFF || synchronous_standby() {
            return;
        }
        if !CALLBACKS {
            pg_sys::RegisterXactCallback(Some(at_transaction_end), std::ptr::null_mut());
            pg_sys::RegisterResourceReleaseCallback(Some(after_locks), std::ptr::null_mut());
            CALLBACKS = true;
        }
        set_synchronous_commit(c"off");
        // A savepoint rolled back since an earlier call put the setting back: the level it had
        // before that earlier call is the one to keep.
        let asked = ASKED;
        if asked.is_none() {
            ASKED = Some(level);
        }
    }
}

/// Whether a synchronous standby is configured (`synchronous_standby_names` is not empty).
unsafe fn synchronous_standby() -> bool {
    let names = pg_sys::SyncRepStandbyNames;
    !names.is_null() && *names != 0
}

/// Sets `synchronous_commit` for the rest of the transaction.
unsafe fn set_synchronous_commit(value: &std::ffi::CStr) {
    pg_sys::set_config_option(
        c"synchronous_commit".as_ptr(),
        value.as_ptr(),
        pg_sys::GucContext::PGC_USERSET,
        pg_sys::GucSource::PGC_S_SESSION,
        pg_sys::GucAction::GUC_ACTION_LOCAL,
        true,
        PgLogLevel::ERROR as c_int,
        false,
    );
}

/// Just before the commit: a synchronous standby configured since the transaction asked (the
/// configuration is reloaded between statements) gets its wait back. At the commit of a
/// transaction that asked: the end of its commit record, to flush once its locks are released.
/// PostgreSQL calls the commit event after the commit record is written and before the
/// transaction's locks are released.
#[pg_guard]
unsafe extern "C-unwind" fn at_transaction_end(event: pg_sys::XactEvent::Type, _arg: *mut c_void) {
    match event {
        pg_sys::XactEvent::XACT_EVENT_PRE_COMMIT => {
            let asked = ASKED;
            if let Some(level) = asked {
                if synchronous_standby() {
                    set_synchronous_commit(match level {
                        pg_sys::SyncCommitLevel::SYNCHRONOUS_COMMIT_LOCAL_FLUSH => c"local",
                        pg_sys::SyncCommitLevel::SYNCHRONOUS_COMMIT_REMOTE_WRITE => c"remote_write",
                        pg_sys::SyncCommitLevel::SYNCHRONOUS_COMMIT_REMOTE_APPLY => c"remote_apply",
                        _ => c"on",
                    });
                    ASKED = None;
                }
            }
        }
        pg_sys::XactEvent::XACT_EVENT_COMMIT => {
            let asked = ASKED;
            if asked.is_some() {
                FLUSH_TO = pg_sys::XactLastCommitEnd;
            }
            ASKED = None;
        }
        pg_sys::XactEvent::XACT_EVENT_ABORT
        | pg_sys::XactEvent::XACT_EVENT_PARALLEL_ABORT
        | pg_sys::XactEvent::XACT_EVENT_PREPARE => ASKED = None,
        _ => {}
    }
}

/// In the commit of a transaction that asked, once its locks are released (the last phase of the
/// top-level resource release): flushes the WAL up to its commit record, before the commit
/// returns to anyone.
#[pg_guard]
unsafe extern "C-unwind" fn after_locks(
    phase: pg_sys::ResourceReleasePhase::Type,
    is_commit: bool,
    is_top_level: bool,
    _arg: *mut c_void,
) {
    if phase == pg_sys::ResourceReleasePhase::RESOURCE_RELEASE_AFTER_LOCKS && is_top_level {
        let to = FLUSH_TO;
        FLUSH_TO = 0;
        if is_commit && to != 0 {
            pg_sys::XLogFlush(to);
        }
    }
}

#[cfg(any(test, feature = "pg_test"))]
#[pg_schema]
mod tests {
    use pgrx::prelude::*;

    /// The test's transaction asks for an early release: its commit will be asynchronous, and the
    /// setting is the transaction's only.
    #[pg_test]
    fn release_locks_early_commits_this_transaction_asynchronously() {
        let before =
            crate::plans::one::<String>("SELECT current_setting('synchronous_commit')", &[]);
        assert_eq!(before.as_deref(), Some("on"));
        super::release_locks_early();
        let now = crate::plans::one::<String>("SELECT current_setting('synchronous_commit')", &[]);
        assert_eq!(now.as_deref(), Some("off"));
        let reset = crate::plans::one::<String>(
            "SELECT reset_val FROM pg_settings WHERE name = 'synchronous_commit'",
            &[],
        );
        assert_eq!(reset.as_deref(), Some("on"));
    }

    /// `fashionos.early_lock_release = off` keeps the commit synchronous.
    #[pg_test]
    fn early_lock_release_off_keeps_the_commit_synchronous() {
        crate::plans::run("SET LOCAL fashionos.early_lock_release = off", &[]);
        super::release_locks_early();
        let now = crate::plans::one::<String>("SELECT current_setting('synchronous_commit')", &[]);
        assert_eq!(now.as_deref(), Some("on"));
    }
}
