//! Who is calling: the identity that row level security and the API functions decide on.
//!
//! The API's writing functions run as `SECURITY DEFINER` in schema `fashionos`, so `current_user`
//! is the extension's owner there. The caller is read the way PostgREST sets it per request: the
//! `role` setting (`set_config('role', ..., true)`, unchanged by SECURITY DEFINER) or else the
//! session user, and `auth.uid()` from the JWT claims.

use pgrx::prelude::*;

use crate::plans;
use pgrx::spi::SpiResult;

/// The caller of an API function.
#[derive(Clone, Debug)]
pub struct Caller {
    /// `auth.uid()`: the sub claim of the request's JWT, if any.
    pub user_id: Option<pgrx::Uuid>,
    /// The database role the request runs as (anon, authenticated, service_role, or a login role).
    pub role_name: String,
    /// service_role, a superuser or a role with BYPASSRLS: server-side code, not limited by policies.
    pub privileged: bool,
}

/// Unwraps an SPI result; an SPI-level failure (not an SQL error, which unwinds by itself) is a bug.
pub fn spi<T>(r: SpiResult<T>) -> T {
    match r {
        Ok(v) => v,
        Err(e) => {
            ereport!(
                ERROR,
                PgSqlErrorCode::ERRCODE_INTERNAL_ERROR,
                "fashionos: unexpected SPI failure",
                format!("{e}")
            );
            #[allow(unreachable_code)]
            {
                unreachable!()
            }
        }
    }
}

pub fn caller() -> Caller {
    let row = plans::query(
        "SELECT r.rolname::text,
                    (r.rolsuper OR r.rolbypassrls OR pg_catalog.pg_has_role(r.oid, 'service_role', 'MEMBER')),
                    auth.uid()
               FROM pg_catalog.pg_roles r
              WHERE r.rolname = CASE WHEN pg_catalog.current_setting('role') = 'none'
                                     THEN session_user::text
                                     ELSE pg_catalog.current_setting('role') END",
        &[],
        |t| {
        let row = t.first();
        Ok::<_, pgrx::spi::SpiError>((
            row.get::<String>(1)?,
            row.get::<bool>(2)?,
            row.get::<pgrx::Uuid>(3)?,
        ))
    });
    Caller {
        role_name: row.0.unwrap_or_default(),
        privileged: row.1.unwrap_or(false),
        user_id: row.2,
    }
}

/// True when the caller may run the event: organizer, admin or owner of its organization, or
/// server-side code. The rule is `fashionos.caller_runs_event` (sql/api.sql), the one the SQL
/// functions use too.
pub fn runs_event(caller: &Caller, event_id: pgrx::Uuid) -> bool {
    caller.privileged
        || crate::plans::one::<bool>("SELECT fashionos.caller_runs_event($1)", &[event_id.into()]).unwrap_or(false)
}

/// Refuses with 42501 (HTTP 403, or 401 for anon) unless the caller runs the event.
pub fn require_runs_event(caller: &Caller, event_id: pgrx::Uuid, action: &str) {
    if !runs_event(caller, event_id) {
        crate::errors::forbidden(
            &format!("not allowed to {action}"),
            &format!(
                "Role {} (user {}) is not an organizer, admin or owner of the organization of event {event_id}.",
                caller.role_name,
                caller.user_id.map(|u| u.to_string()).unwrap_or_else(|| "none".into())
            ),
            "Sign in as a member of the event's organization with role organizer, admin or owner.",
        )
    }
}
