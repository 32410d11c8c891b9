//! Early lock release: a purchase that took a tier's count gives the tier's row to the next buyer
//! as soon as its commit is written, not once it is flushed to disk; the client's answer still
//! waits for the flush, so nothing acknowledged can be lost in a crash.
//!
//! The count of a hot tier is one row. Every reservation updates it, and the row stays locked
//! until the reservation's commit is over. A synchronous commit writes its commit record and then
//! waits for the WAL flush with the row still locked, so the buyers of one tier flush one after the
//! other and never share a flush. Here the transactions that take (or give back) a tier's tickets
//! commit with `synchronous_commit = off` for that transaction only: PostgreSQL writes the commit
//! record, makes the transaction visible and releases its locks without waiting. Before the first
//! byte of the answer after that commit goes to the client (the `CommandComplete` of the COMMIT or
//! of an implicit transaction's statement, `ReadyForQuery`, any flush of the socket), this backend
//! flushes the WAL up to the commit record, through a wrapper of PostgreSQL's protocol output
//! (`PqCommMethods`, libpq/libpq.h). So:
//! - an answer, once the client has it, names a commit that is on disk, as with a synchronous
//!   commit;
//! - another transaction may see the purchase during that flush. Whatever it writes because of it
//!   commits later in the WAL, and its own flush covers the purchase's commit record too. Only a
//!   reader can learn of a purchase that a crash in that fraction of a millisecond then loses, as a
//!   standby or PostgreSQL's own asynchronous commits allow (docs/architecture.md, "Inventory").
//!
//! Nothing changes when the answer does not go to a client through this backend's own protocol
//! output (a background worker, a walsender), when a synchronous standby is configured (its wait
//! would be skipped), when the session already commits asynchronously, or when another module
//! replaced the protocol output: the commit then stays synchronous.

use std::ffi::{c_char, c_int, c_void};

use pgrx::pg_sys;
use pgrx::prelude::*;
use pgrx::PgLogLevel;

/// PostgreSQL 15's `PQcommMethods` (libpq/libpq.h): the backend's protocol output, which
/// `pq_putmessage`, `pq_flush` and the other macros of that header call through `PqCommMethods`.
#[repr(C)]
struct PQcommMethods {
    comm_reset: unsafe extern "C-unwind" fn(),
    flush: unsafe extern "C-unwind" fn() -> c_int,
    flush_if_writable: unsafe extern "C-unwind" fn() -> c_int,
    is_send_pending: unsafe extern "C-unwind" fn() -> bool,
    putmessage: unsafe extern "C-unwind" fn(c_char, *const c_char, usize) -> c_int,
    putmessage_noblock: unsafe extern "C-unwind" fn(c_char, *const c_char, usize),
}

unsafe extern "C-unwind" {
    static mut PqCommMethods: *const PQcommMethods;
}

/// The wrapper: each method first flushes the WAL of a commit that released its locks early, then
/// calls PostgreSQL's own method.
static WRAPPER: PQcommMethods = PQcommMethods {
    comm_reset: wrapped_comm_reset,
    flush: wrapped_flush,
    flush_if_writable: wrapped_flush_if_writable,
    is_send_pending: wrapped_is_send_pending,
    putmessage: wrapped_putmessage,
    putmessage_noblock: wrapped_putmessage_noblock,
};

// Backend-local state (a backend runs one thread).
/// PostgreSQL's protocol output, once the wrapper is installed.
static mut ORIGINAL: *const PQcommMethods = std::ptr::null();
/// Whether the transaction callback is registered.
static mut CALLBACK: bool = false;
/// The current transaction commits asynchronously because it called `release_locks_early`.
static mut ASKED: bool = false;
/// The end of a commit record that released its locks before its flush, and that no answer has
/// followed yet; 0 when none.
static mut FLUSH_TO: pg_sys::XLogRecPtr = 0;

/// Called by a transaction that holds a tier's row: its commit releases the row without waiting
/// for the WAL flush, and its answer waits for the flush. Does nothing where that cannot be kept
/// (see the module's comment).
pub fn release_locks_early() {
    // SAFETY: backend-local state and PostgreSQL globals, read and written by this backend's
    // single thread, outside any signal handler.
    unsafe {
        if ASKED || pg_sys::whereToSendOutput != pg_sys::CommandDest::DestRemote {
            return;
        }
        if pg_sys::synchronous_commit == pg_sys::SyncCommitLevel::SYNCHRONOUS_COMMIT_OFF as c_int {
            return; // the session commits asynchronously already
        }
        let standby = pg_sys::SyncRepStandbyNames;
        if !standby.is_null() && *standby != 0 {
            return; // a synchronous standby: the commit must wait for it
        }
        if ORIGINAL.is_null() {
            ORIGINAL = PqCommMethods;
            PqCommMethods = &WRAPPER;
        } else if !std::ptr::eq(PqCommMethods, &WRAPPER) {
            return; // replaced since: an answer could leave without the flush
        }
        if !CALLBACK {
            pg_sys::RegisterXactCallback(Some(at_transaction_end), std::ptr::null_mut());
            CALLBACK = true;
        }
        pg_sys::set_config_option(
            c"synchronous_commit".as_ptr(),
            c"off".as_ptr(),
            pg_sys::GucContext::PGC_USERSET,
            pg_sys::GucSource::PGC_S_SESSION,
            pg_sys::GucAction::GUC_ACTION_LOCAL,
            true,
            PgLogLevel::ERROR as c_int,
            false,
        );
        ASKED = true;
    }
}

/// At the commit of a transaction that asked: the end of its commit record, to flush before the
/// next answer. PostgreSQL calls this after the commit record is written and before the
/// transaction's locks are released.
#[pg_guard]
unsafe extern "C-unwind" fn at_transaction_end(event: pg_sys::XactEvent::Type, _arg: *mut c_void) {
    match event {
        pg_sys::XactEvent::XACT_EVENT_COMMIT => {
            if ASKED && pg_sys::XactLastCommitEnd > FLUSH_TO {
                FLUSH_TO = pg_sys::XactLastCommitEnd;
            }
            ASKED = false;
        }
        pg_sys::XactEvent::XACT_EVENT_ABORT
        | pg_sys::XactEvent::XACT_EVENT_PARALLEL_ABORT
        | pg_sys::XactEvent::XACT_EVENT_PREPARE => ASKED = false,
        _ => {}
    }
}

/// Flushes the WAL up to the last early-released commit, once. Not inside a critical section
/// (an answer sent from one is an error report; the next answer flushes).
unsafe fn flush_pending() {
    if FLUSH_TO != 0 && pg_sys::CritSectionCount == 0 {
        let to = FLUSH_TO;
        FLUSH_TO = 0;
        pg_sys::XLogFlush(to);
    }
}

#[pg_guard]
unsafe extern "C-unwind" fn wrapped_comm_reset() {
    ((*ORIGINAL).comm_reset)()
}

#[pg_guard]
unsafe extern "C-unwind" fn wrapped_flush() -> c_int {
    flush_pending();
    ((*ORIGINAL).flush)()
}

#[pg_guard]
unsafe extern "C-unwind" fn wrapped_flush_if_writable() -> c_int {
    flush_pending();
    ((*ORIGINAL).flush_if_writable)()
}

#[pg_guard]
unsafe extern "C-unwind" fn wrapped_is_send_pending() -> bool {
    ((*ORIGINAL).is_send_pending)()
}

#[pg_guard]
unsafe extern "C-unwind" fn wrapped_putmessage(
    kind: c_char,
    s: *const c_char,
    len: usize,
) -> c_int {
    flush_pending();
    ((*ORIGINAL).putmessage)(kind, s, len)
}

#[pg_guard]
unsafe extern "C-unwind" fn wrapped_putmessage_noblock(kind: c_char, s: *const c_char, len: usize) {
    flush_pending();
    ((*ORIGINAL).putmessage_noblock)(kind, s, len)
}

#[cfg(any(test, feature = "pg_test"))]
#[pg_schema]
mod tests {
    use pgrx::prelude::*;

    /// The test's transaction asks for an early release (the test runs in a backend of a client
    /// connection): its commit will be asynchronous, and the setting is the transaction's only.
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
}
