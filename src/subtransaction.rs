//! An attempt whose locks go when it fails: a subtransaction, as PL/pgSQL opens one for a block
//! with an EXCEPTION clause.
//!
//! A conditional UPDATE in READ COMMITTED that waits for a row another transaction is changing
//! locks the row's newest version and checks its condition again; when the condition no longer
//! holds, the UPDATE changes nothing, but the row stays locked until the transaction ends. A buyer
//! who waited for a tier's row behind the buyer of its last ticket thus holds the row while he is
//! refused. `attempt` runs such a statement in a subtransaction and rolls it back when it took
//! nothing, which lets go of that lock (sql/ticketing_private.sql, release_before_sold_out, relies
//! on it: a buyer who must wait for holds in flight holds no tier row then).

use pgrx::pg_sys;
use pgrx::prelude::*;

/// Runs `f` in a subtransaction: kept (its changes and locks become the transaction's) when it
/// returns true, rolled back when it returns false (nothing it did or locked remains). An error in
/// `f` rolls the subtransaction back and is raised again, unchanged.
pub fn attempt(f: impl FnOnce() -> bool + std::panic::UnwindSafe) -> bool {
    // SAFETY: the sequence of PL/pgSQL's exec_stmt_block: begin a subtransaction, run in the
    // caller's memory context, then release or roll back that same subtransaction (the innermost:
    // `f` leaves none open, every SPI connection it opens is closed when it returns or unwinds)
    // and restore the caller's memory context and resource owner.
    unsafe {
        let context = pg_sys::CurrentMemoryContext;
        let owner = pg_sys::CurrentResourceOwner;
        pg_sys::BeginInternalSubTransaction(std::ptr::null());
        pg_sys::MemoryContextSwitchTo(context);
        let end = move |keep: bool| {
            if keep {
                pg_sys::ReleaseCurrentSubTransaction();
            } else {
                pg_sys::RollbackAndReleaseCurrentSubTransaction();
            }
            pg_sys::MemoryContextSwitchTo(context);
            pg_sys::CurrentResourceOwner = owner;
        };
        let kept = PgTryBuilder::new(f)
            .catch_others(|e| {
                end(false);
                e.rethrow()
            })
            .execute();
        end(kept);
        kept
    }
}

#[cfg(any(test, feature = "pg_test"))]
#[pgrx::pg_schema]
mod tests {
    use pgrx::prelude::*;

    use crate::plans;

    fn rows() -> Option<String> {
        plans::one::<String>(
            "SELECT coalesce(string_agg(v, ',' ORDER BY v), '') FROM attempt_rows",
            &[],
        )
    }

    #[pg_test]
    fn attempt_keeps_what_succeeded_and_rolls_back_what_did_not() {
        plans::run("CREATE TEMP TABLE attempt_rows (v text)", &[]);
        let kept = super::attempt(|| {
            plans::run("INSERT INTO attempt_rows VALUES ('kept')", &[]);
            true
        });
        let dropped = super::attempt(|| {
            plans::run("INSERT INTO attempt_rows VALUES ('dropped')", &[]);
            false
        });
        assert!(kept);
        assert!(!dropped);
        assert_eq!(rows().as_deref(), Some("kept"));
    }

    #[pg_test]
    fn an_error_in_an_attempt_is_raised_unchanged_and_leaves_the_transaction_usable() {
        plans::run("CREATE TEMP TABLE attempt_rows (v text)", &[]);
        plans::run("INSERT INTO attempt_rows VALUES ('before')", &[]);
        let code = PgTryBuilder::new(|| {
            super::attempt(|| {
                plans::run("INSERT INTO attempt_rows VALUES ('inside')", &[]);
                plans::run("SELECT 1 / 0", &[]);
                true
            });
            None
        })
        .catch_others(|e| match e {
            pg_sys::panic::CaughtError::PostgresError(r)
            | pg_sys::panic::CaughtError::ErrorReport(r) => Some(r.sql_error_code()),
            pg_sys::panic::CaughtError::RustPanic { ereport, .. } => Some(ereport.sql_error_code()),
        })
        .execute();
        assert_eq!(code, Some(PgSqlErrorCode::ERRCODE_DIVISION_BY_ZERO));
        // the attempt's row is gone, the transaction goes on
        plans::run("INSERT INTO attempt_rows VALUES ('after')", &[]);
        assert_eq!(rows().as_deref(), Some("after,before"));
    }
}
