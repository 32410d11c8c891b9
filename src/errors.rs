//! Errors with a precise SQLSTATE, message, detail and hint.
//!
//! PostgREST turns the SQLSTATE into the HTTP status: `PTxyz` becomes status xyz, `42501` 403
//! (401 for anon), class `22` 400. `PgSqlErrorCode` has no `PT` codes, so every error is raised
//! through `fashionos.raise_error`, a PL/pgSQL `RAISE` reached over SPI: PostgreSQL's error then
//! unwinds the Rust frames and is re-thrown unchanged (code, message, detail, hint) to the caller.

use pgrx::prelude::*;

/// SQLSTATEs used by fashionos and the HTTP status PostgREST gives each.
pub mod code {
    /// 400: an argument is out of range or malformed.
    pub const INVALID_PARAMETER: &str = "22023";
    /// 400: a date or time text that cannot be read.
    pub const INVALID_DATETIME: &str = "22007";
    /// 403 (401 for anon): the caller may not do this.
    pub const FORBIDDEN: &str = "42501";
    /// 404: the row does not exist or is not visible to the caller.
    pub const NOT_FOUND: &str = "PT404";
    /// 409: sold out, a double booking, a state that does not allow the change.
    pub const CONFLICT: &str = "PT409";
}

/// Raise an ERROR with the given SQLSTATE, message, detail and hint. Never returns.
pub fn raise(sqlstate: &str, message: &str, detail: Option<&str>, hint: Option<&str>) -> ! {
    let result = Spi::run_with_args(
        "SELECT fashionos.raise_error($1, $2, $3, $4)",
        &[
            sqlstate.into(),
            message.into(),
            detail.into(),
            hint.into(),
        ],
    );
    // raise_error always raises, so the line above unwinds; reaching here means it was changed.
    ereport!(
        ERROR,
        PgSqlErrorCode::ERRCODE_INTERNAL_ERROR,
        format!("fashionos.raise_error did not raise ({result:?}) for: {message}")
    );
    unreachable!()
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
