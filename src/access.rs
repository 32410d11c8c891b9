//! Who is calling: Rust asks the access layer of sql/access.sql and restates none of its rules.
//!
//! The API's writing functions run as `SECURITY DEFINER` in schema `fashionos`, so `current_user`
//! is the extension's owner there. The caller is what `fashionos.caller_role()` says (the `role`
//! setting PostgREST sets from the verified JWT, else the session user), whether it is server-side
//! code is `fashionos.caller_is_server()`, and the user is `auth.uid()`. The role claim inside
//! `request.jwt.claims` is never consulted.

use crate::plans;

/// The caller of an API function.
#[derive(Clone, Debug)]
pub struct Caller {
    /// `auth.uid()`: the sub claim of the request's JWT, if any.
    pub user_id: Option<pgrx::Uuid>,
    /// The database role the request runs as (anon, authenticated, service_role, or a login role).
    pub role_name: String,
    /// Server-side code (service_role, a superuser or a BYPASSRLS role), not limited by policies.
    pub server: bool,
}

pub fn caller() -> Caller {
    let row = plans::first_row(
        "SELECT fashionos.caller_role()::text, fashionos.caller_is_server(), auth.uid()",
        &[],
        |row| {
            Ok((
                row.get::<String>(1)?,
                row.get::<bool>(2)?,
                row.get::<pgrx::Uuid>(3)?,
            ))
        },
    );
    let (role_name, server, user_id) = row.unwrap_or((None, None, None));
    Caller {
        role_name: role_name.unwrap_or_default(),
        server: server.unwrap_or(false),
        user_id,
    }
}

/// True when the caller may run the event (`fashionos.caller_runs_event`): organizer, admin or
/// owner of its organization, or server-side code.
pub fn runs_event(caller: &Caller, event_id: pgrx::Uuid) -> bool {
    caller.server
        || plans::one::<bool>("SELECT fashionos.caller_runs_event($1)", &[event_id.into()])
            .unwrap_or(false)
}

/// Whether the event was cancelled (then none of its tickets admits, nor sells by a late
/// payment); None when there is no such event.
pub fn event_cancelled(event_id: pgrx::Uuid) -> Option<bool> {
    plans::one(
        "SELECT status = 'cancelled' FROM public.events WHERE id = $1",
        &[event_id.into()],
    )
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

#[cfg(any(test, feature = "pg_test"))]
#[pgrx::pg_schema]
mod tests {
    use crate::plans;
    use pgrx::prelude::*;

    /// What `caller()` answers when the request runs as `role` (`SET ROLE`, as PostgREST sets it):
    /// asked from a SECURITY DEFINER function, as the API's functions ask it.
    fn ask_as(role: &str) -> (String, bool) {
        plans::run_script(&format!("SET LOCAL ROLE {role}"));
        let answer = plans::first_row(
            "SELECT fo_access_test.ask_role(), fo_access_test.ask_server()",
            &[],
            |r| {
                Ok((
                    r.get::<String>(1)?.unwrap_or_default(),
                    r.get::<bool>(2)?.unwrap_or(false),
                ))
            },
        )
        .unwrap();
        plans::run_script("RESET ROLE");
        answer
    }

    #[pg_test]
    fn caller_is_server_follows_the_role_setting() {
        plans::run_script(
            "CREATE ROLE fo_access_member LOGIN; GRANT service_role TO fo_access_member;
             CREATE ROLE fo_access_plain LOGIN;
             CREATE ROLE fo_access_bypass LOGIN BYPASSRLS;
             CREATE SCHEMA fo_access_test;
             CREATE FUNCTION fo_access_test.ask_role() RETURNS text LANGUAGE sql SECURITY DEFINER
                 SET search_path = pg_catalog AS $$ SELECT fashionos.caller_role() $$;
             CREATE FUNCTION fo_access_test.ask_server() RETURNS boolean LANGUAGE sql SECURITY DEFINER
                 SET search_path = pg_catalog AS $$ SELECT fashionos.caller_is_server() $$;
             GRANT USAGE ON SCHEMA fo_access_test TO PUBLIC;
             GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA fo_access_test TO PUBLIC;",
        );
        for (role, server) in [
            ("anon", false),
            ("authenticated", false),
            ("service_role", true),
            ("fo_access_member", true),
            ("fo_access_bypass", true),
            ("fo_access_plain", false),
        ] {
            assert_eq!(ask_as(role), (role.to_string(), server), "as {role}");
        }
        // No role set: the session user, here a superuser.
        let session: Option<bool> = plans::one("SELECT fashionos.caller_is_server()", &[]);
        assert_eq!(session, Some(true));
        // The claim inside the JWT is not the role.
        plans::run_script(
            "SELECT set_config('request.jwt.claims', '{\"role\":\"service_role\"}', true)",
        );
        assert_eq!(ask_as("anon"), ("anon".to_string(), false));
    }
}
