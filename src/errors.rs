//! Errors with a precise SQLSTATE, message, detail and hint.
//!
//! The Rust functions raise standard SQLSTATEs through pgrx's `ErrorReport` (which carries only
//! codes PostgreSQL defines). The `public.*` wrappers in sql/api.sql turn the two that have no
//! PostgREST mapping of their own into PostgREST's status codes:
//!
//! | raised here | meaning | wrapper raises | HTTP through PostgREST |
//! |---|---|---|---|
//! | `22023` / `22007` | bad argument / unreadable date or time | same | 400 |
//! | `42501` | the caller may not do this | same | 403 (401 for anon) |
//! | `P0002` (no_data_found) | the row does not exist or is not visible | `PT404` | 404 |
//! | `55000` (object_not_in_prerequisite_state) | sold out, double booking, a state that does not allow the change | `PT409` | 409 |

use pgrx::pg_sys::panic::ErrorReport;
use pgrx::prelude::*;

/// SQLSTATEs used by fashionos.
pub mod code {
    /// 400: an argument is out of range or malformed.
    pub const INVALID_PARAMETER: &str = "22023";
    /// 400: a date or time text that cannot be read.
    pub const INVALID_DATETIME: &str = "22007";
    /// 403 (401 for anon): the caller may not do this.
    pub const FORBIDDEN: &str = "42501";
    /// 404 once the wrapper translated it: the row does not exist or is not visible to the caller.
    pub const NOT_FOUND: &str = "P0002";
    /// 409 once the wrapper translated it: sold out, a double booking, a state that does not allow it.
    pub const CONFLICT: &str = "55000";
}

/// The numeric form of a five-character SQLSTATE (PostgreSQL's MAKE_SQLSTATE).
pub fn sqlstate_code(sqlstate: &str) -> PgSqlErrorCode {
    let b = sqlstate.as_bytes();
    if b.len() != 5 {
        return PgSqlErrorCode::ERRCODE_INTERNAL_ERROR;
    }
    let six = |c: u8| ((c as i32) - ('0' as i32)) & 0x3F;
    let n = six(b[0]) + (six(b[1]) << 6) + (six(b[2]) << 12) + (six(b[3]) << 18) + (six(b[4]) << 24);
    PgSqlErrorCode::from(n)
}

/// Raise an ERROR with the given SQLSTATE (one PostgreSQL defines), message, detail and hint.
pub fn raise(sqlstate: &str, message: &str, detail: Option<&str>, hint: Option<&str>) -> ! {
    let mut report = ErrorReport::new(sqlstate_code(sqlstate), message.to_string(), "fashionos");
    if let Some(detail) = detail {
        report = report.set_detail(detail);
    }
    if let Some(hint) = hint {
        report = report.set_hint(hint);
    }
    report.report(PgLogLevel::ERROR);
    unreachable!("an ERROR report does not return")
}

/// Refuses a writing function in a read-only transaction (a hot standby, or SET TRANSACTION READ
/// ONLY) with 25006 before it starts: pgrx would otherwise ask for a transaction id first and
/// fail with an internal error on a standby.
pub fn refuse_in_read_only_transaction(action: &str) {
    // SAFETY: a plain read of a PostgreSQL global on the backend's own thread.
    if unsafe { pgrx::pg_sys::XactReadOnly } {
        raise(
            "25006",
            &format!("cannot {action} in a read-only transaction"),
            Some("The transaction is read-only (a hot standby, or SET TRANSACTION READ ONLY)."),
            Some("Send writes to the primary."),
        )
    }
}

/// Shorthands for the common cases.
pub fn not_found(what: &str, id: impl std::fmt::Display) -> ! {
    raise(
        code::NOT_FOUND,
        &format!("{what} not found"),
        Some(&format!("No {what} with id {id} is visible to the caller.")),
        Some("Check the id, and that the caller belongs to the organization that owns it."),
    )
}

pub fn invalid(message: &str, detail: &str, hint: &str) -> ! {
    raise(code::INVALID_PARAMETER, message, Some(detail), Some(hint))
}

pub fn forbidden(message: &str, detail: &str, hint: &str) -> ! {
    raise(code::FORBIDDEN, message, Some(detail), Some(hint))
}

pub fn conflict(message: &str, detail: &str, hint: &str) -> ! {
    raise(code::CONFLICT, message, Some(detail), Some(hint))
}

#[cfg(any(test, feature = "pg_test"))]
#[pg_schema]
mod tests {
    use super::*;

    #[pg_test]
    fn sqlstates_map_to_their_codes() {
        assert_eq!(sqlstate_code("22023"), PgSqlErrorCode::ERRCODE_INVALID_PARAMETER_VALUE);
        assert_eq!(sqlstate_code("P0002"), PgSqlErrorCode::ERRCODE_NO_DATA_FOUND);
        assert_eq!(sqlstate_code("55000"), PgSqlErrorCode::ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE);
        assert_eq!(sqlstate_code("42501"), PgSqlErrorCode::ERRCODE_INSUFFICIENT_PRIVILEGE);
        assert_eq!(sqlstate_code("bad"), PgSqlErrorCode::ERRCODE_INTERNAL_ERROR);
    }
}
