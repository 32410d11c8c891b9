//! Errors with their final SQLSTATE, message, detail and hint, raised where they happen.
//!
//! PostgREST turns a SQLSTATE into an HTTP status: `22023` 400, `42501` 403 (401 for anon), and
//! `PTxyz` the status xyz. pgrx raises errors through `ErrorReport`, whose code is a
//! [`PgSqlErrorCode`]: an enum of the codes PostgreSQL defines, which has no `PT404` or `PT409`.
//! So an error whose code pgrx cannot carry is raised in two steps, both on PostgreSQL's own path:
//!
//! 1. [`raise`] puts an error context callback on PostgreSQL's `error_context_stack` that knows
//!    the final code, then reports the error through pgrx with the carrier code `P0001`.
//! 2. pgrx unwinds the Rust frames and reports the error at the function's boundary; PostgreSQL's
//!    `errfinish` calls the context callbacks before it throws, and ours sets the final code with
//!    `errcode()` (a callback runs while the error is being built, as `errcontext()` does).
//!
//! No subtransaction and no `EXCEPTION` block is involved, and no longjmp crosses a Rust frame: the
//! callback is a C-ABI function that PostgreSQL calls and that returns. The callback record lives in
//! `TopTransactionContext`, so it is valid until the error has been thrown; whoever catches the
//! error restores `error_context_stack`, which takes the record off again.
//!
//! | constant | SQLSTATE | meaning | HTTP through PostgREST |
//! |---|---|---|---|
//! | [`SqlState::INVALID_PARAMETER`] | `22023` | bad argument | 400 |
//! | [`SqlState::INVALID_DATETIME`] | `22007` | unreadable date or time | 400 |
//! | [`SqlState::FORBIDDEN`] | `42501` | the caller may not do this | 403 (401 for anon) |
//! | [`SqlState::UNAUTHORIZED`] | `PT401` | a webhook whose signature does not verify | 401 |
//! | [`SqlState::NOT_FOUND`] | `PT404` | no such row, or not visible to the caller | 404 |
//! | [`SqlState::CONFLICT`] | `PT409` | sold out, double booking, a state that does not allow it | 409 |
//! | [`SqlState::READ_ONLY`] | `25006` | a write in a read-only transaction | 405 |
//! | [`SqlState::NOT_PREPARED`], [`SqlState::SYSTEM`], [`SqlState::INTERNAL`] | `55000`, `58000`, `XX000` | set-up, system or internal failure | 500 |

use pgrx::pg_sys;
use pgrx::pg_sys::panic::ErrorReport;
use pgrx::prelude::*;

/// A five-character SQLSTATE.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SqlState([u8; 5]);

impl SqlState {
    /// 400: an argument is out of range or malformed.
    pub const INVALID_PARAMETER: SqlState = SqlState(*b"22023");
    /// 400: a date or time text that cannot be read.
    pub const INVALID_DATETIME: SqlState = SqlState(*b"22007");
    /// 403 (401 for anon): the caller may not do this.
    pub const FORBIDDEN: SqlState = SqlState(*b"42501");
    /// 401: the request did not prove who sent it (a payment webhook whose signature does not
    /// verify, is missing or is too old).
    pub const UNAUTHORIZED: SqlState = SqlState(*b"PT401");
    /// 404: the row does not exist or is not visible to the caller.
    pub const NOT_FOUND: SqlState = SqlState(*b"PT404");
    /// 409: sold out, a double booking, a state that does not allow the change.
    pub const CONFLICT: SqlState = SqlState(*b"PT409");
    /// 405: a write in a read-only transaction (a hot standby, or SET TRANSACTION READ ONLY).
    pub const READ_ONLY: SqlState = SqlState(*b"25006");
    /// 400: dropping this would drop objects that hold data (the drop guard).
    pub const DEPENDENT_OBJECTS: SqlState = SqlState(*b"2BP01");
    /// 500: the server is not set up for this (e.g. no ticket signing key).
    pub const NOT_PREPARED: SqlState = SqlState(*b"55000");
    /// 500: the operating system failed (e.g. no randomness).
    pub const SYSTEM: SqlState = SqlState(*b"58000");
    /// 500: a bug: SPI failed in a way SQL errors do not.
    pub const INTERNAL: SqlState = SqlState(*b"XX000");

    /// A SQLSTATE read from text: five digits or upper-case letters. Only SQL input needs this
    /// (`fashionos.raise_error`); Rust code names the constants above.
    pub fn parse(text: &str) -> Option<SqlState> {
        let code: [u8; 5] = text.as_bytes().try_into().ok()?;
        code.iter()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
            .then_some(SqlState(code))
    }

    /// The SQLSTATE text, e.g. "PT404".
    pub fn text(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("XX000")
    }

    /// PostgreSQL's numeric form (MAKE_SQLSTATE): six bits per character.
    pub fn code(self) -> i32 {
        self.0
            .iter()
            .enumerate()
            .map(|(i, &c)| ((c as i32 - '0' as i32) & 0x3F) << (6 * i))
            .sum()
    }

    /// The code pgrx reports the error with: the code itself when pgrx knows it, else P0001,
    /// which the context callback then replaces by the final code.
    fn carrier(self) -> PgSqlErrorCode {
        let known = PgSqlErrorCode::from(self.code());
        if known as isize as i32 == self.code() {
            known
        } else {
            PgSqlErrorCode::ERRCODE_RAISE_EXCEPTION
        }
    }
}

/// The record put on `error_context_stack` for an error whose final code pgrx cannot carry.
#[repr(C)]
struct FinalCode {
    callback: pg_sys::ErrorContextCallback,
    carrier: i32,
    code: i32,
}

// Declared here rather than taken from pg_sys: pgrx wraps its bindings in a guard that catches a
// longjmp, and these two never throw.
unsafe extern "C-unwind" {
    fn errcode(sqlerrcode: std::ffi::c_int) -> std::ffi::c_int;
    fn geterrcode() -> std::ffi::c_int;
}

/// Called by PostgreSQL's errfinish for the error being raised: gives it its final code.
unsafe extern "C-unwind" fn set_final_code(arg: *mut std::ffi::c_void) {
    // SAFETY: arg is the FinalCode record that `raise` allocated in TopTransactionContext.
    unsafe {
        let record = &*(arg as *const FinalCode);
        if geterrcode() == record.carrier {
            errcode(record.code);
        }
    }
}

/// Raise an ERROR with the given SQLSTATE, message, detail and hint.
pub fn raise(state: SqlState, message: &str, detail: Option<&str>, hint: Option<&str>) -> ! {
    let carrier = state.carrier();
    if carrier as isize as i32 != state.code() {
        // SAFETY: called on the backend's thread inside a transaction (every SQL function call
        // is); the record is allocated where it outlives the raise.
        unsafe {
            let record = pg_sys::MemoryContextAllocZero(
                pg_sys::TopTransactionContext,
                std::mem::size_of::<FinalCode>(),
            ) as *mut FinalCode;
            (*record).carrier = carrier as isize as i32;
            (*record).code = state.code();
            (*record).callback.callback = Some(set_final_code);
            (*record).callback.arg = record.cast();
            (*record).callback.previous = pg_sys::error_context_stack;
            pg_sys::error_context_stack = &mut (*record).callback;
        }
    }
    let mut report = ErrorReport::new(carrier, message.to_string(), "fashionos");
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
    if unsafe { pg_sys::XactReadOnly } {
        raise(
            SqlState::READ_ONLY,
            &format!("cannot {action} in a read-only transaction"),
            Some("The transaction is read-only: a GET through PostgREST, SET TRANSACTION READ ONLY, or a hot standby."),
            Some("Call it with POST (PostgREST runs a GET read-only); on a read replica, send it to the primary."),
        )
    }
}

/// 404: the row does not exist or the caller may not see it (the two answer alike).
pub fn not_found(what: &str, id: impl std::fmt::Display) -> ! {
    raise(
        SqlState::NOT_FOUND,
        &format!("{what} not found"),
        Some(&format!("No {what} with id {id} is visible to the caller.")),
        Some("Check the id, and that the caller belongs to the organization that owns it."),
    )
}

/// A value a client sent, as an error detail shows it: quoted, its first 100 characters, and how
/// long it was when it was longer (a megabyte of "e-mail" is not echoed back whole). SQL calls it
/// as `fashionos.shown(text)`.
#[pg_extern(immutable, strict, parallel_safe)]
#[search_path(pg_catalog, pg_temp)]
pub fn shown(p_value: &str) -> String {
    const SHOWN: usize = 100;
    let count = p_value.chars().count();
    let head = quoted(p_value.chars().take(SHOWN));
    if count <= SHOWN {
        head
    } else {
        format!("{head}… ({count} characters)")
    }
}

/// Quotes text as typed: between double quotes, with `"` and `\` escaped, and only the characters
/// that show nothing or move other text written as `\u{...}` (controls, invisible characters,
/// direction overrides, white space other than the space). Letters with their combining marks (a
/// Devanagari virama, a Thai tone mark) are shown as they are, not escaped as Rust's `{:?}` escapes
/// them.
fn quoted(chars: impl Iterator<Item = char>) -> String {
    let mut out = String::from("\"");
    for c in chars {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control()
                || crate::ticketing::is_invisible(c)
                || (c.is_whitespace() && c != ' ') =>
            {
                out.push_str(&format!("\\u{{{:x}}}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// 400: a bad argument.
pub fn invalid(message: &str, detail: &str, hint: &str) -> ! {
    raise(
        SqlState::INVALID_PARAMETER,
        message,
        Some(detail),
        Some(hint),
    )
}

/// 403 (401 for anon): the caller may not do this.
pub fn forbidden(message: &str, detail: &str, hint: &str) -> ! {
    raise(SqlState::FORBIDDEN, message, Some(detail), Some(hint))
}

/// 401: the request's signature does not prove its sender (payment webhooks).
pub fn unauthorized(message: &str, detail: &str, hint: &str) -> ! {
    raise(SqlState::UNAUTHORIZED, message, Some(detail), Some(hint))
}

/// 409: the current state does not allow it.
pub fn conflict(message: &str, detail: &str, hint: &str) -> ! {
    raise(SqlState::CONFLICT, message, Some(detail), Some(hint))
}

/// `fashionos.raise_error`: raises an error with any SQLSTATE from SQL, on the same path as the
/// Rust code. No function of the extension calls it (its PL/pgSQL raises with `RAISE ... USING
/// ERRCODE`); the test `final_code_reaches_sql` calls it to show that a PL/pgSQL handler sees the
/// final code, not the carrier.
#[pg_extern(volatile, parallel_safe, name = "raise_error")]
#[search_path(pg_catalog, pg_temp)]
pub fn raise_error(
    p_sqlstate: &str,
    p_message: &str,
    p_detail: Option<&str>,
    p_hint: Option<&str>,
) {
    let Some(state) = SqlState::parse(p_sqlstate) else {
        invalid(
            "p_sqlstate is not a SQLSTATE",
            &format!("Got {p_sqlstate:?}."),
            "Pass five digits or upper-case letters, e.g. PT409.",
        )
    };
    raise(state, p_message, p_detail, p_hint)
}

#[cfg(any(test, feature = "pg_test"))]
#[pg_schema]
mod tests {
    use super::*;

    #[pg_test]
    fn sqlstates_have_their_codes() {
        assert_eq!(
            SqlState::INVALID_PARAMETER.code(),
            PgSqlErrorCode::ERRCODE_INVALID_PARAMETER_VALUE as i32
        );
        assert_eq!(
            SqlState::FORBIDDEN.code(),
            PgSqlErrorCode::ERRCODE_INSUFFICIENT_PRIVILEGE as i32
        );
        assert_eq!(
            SqlState::FORBIDDEN.carrier(),
            PgSqlErrorCode::ERRCODE_INSUFFICIENT_PRIVILEGE
        );
        assert_eq!(
            SqlState::NOT_FOUND.carrier(),
            PgSqlErrorCode::ERRCODE_RAISE_EXCEPTION
        );
        assert_eq!(
            SqlState::CONFLICT.carrier(),
            PgSqlErrorCode::ERRCODE_RAISE_EXCEPTION
        );
    }

    /// A detail quotes what was typed: marks that combine with letters as they are, only what
    /// shows nothing or moves text escaped, and at most 100 characters.
    #[pg_test]
    fn shown_quotes_as_typed() {
        assert_eq!(shown("प्रिया@example.in"), "\"प्रिया@example.in\"");
        assert_eq!(shown("สมศักดิ์"), "\"สมศักดิ์\"");
        assert_eq!(shown("a\"b\\c"), "\"a\\\"b\\\\c\"");
        assert_eq!(
            shown("a\u{200B}b\u{202E}c\nd"),
            "\"a\\u{200b}b\\u{202e}c\\nd\""
        );
        let long = "é".repeat(150);
        assert_eq!(
            shown(&long),
            format!("\"{}\"… (150 characters)", "é".repeat(100))
        );
    }

    /// The final code reaches SQL: a PL/pgSQL handler sees PT409, not the carrier.
    #[pg_test]
    fn final_code_reaches_sql() {
        crate::plans::run_script(
            "DO $$ BEGIN PERFORM fashionos.raise_error('PT409', 'm', 'd', 'h'); \
             EXCEPTION WHEN OTHERS THEN PERFORM set_config('fashionos.test_seen', SQLSTATE, true); END $$",
        );
        let code: String =
            crate::plans::one("SELECT current_setting('fashionos.test_seen')", &[]).unwrap();
        assert_eq!(code, "PT409");
    }
}
