//! fashionos: the backend of a fashion-event platform as a PostgreSQL extension.
//!
//! The tables, policies and API wrappers are SQL files under `sql/`, loaded here in dependency order;
//! the logic that must be fast and exact lives in the Rust modules below. See docs/architecture.md.

use pgrx::prelude::*;

::pgrx::pg_module_magic!(name, version);

pub mod access;
pub mod availability;
pub mod checkin;
pub mod data_safety;
pub mod door;
pub mod errors;
pub mod plans;
pub mod qr;
pub mod rows;
pub mod ticketing;
pub mod waitlist;
pub mod walk_order;
pub mod webhooks;

// The install script, in this order (pgrx orders the pieces by their `requires`):
//   1. bootstrap: schema fashionos, Supabase's auth shim and roles; types: the API's result types
//   2. the tables of public, one file per domain, the private state (event_settings,
//      ticketing_private, door_private: the door's scans and change log, webhook secrets;
//      hot_drop_private: idempotency keys of reservations) and the doors of the ticketing tables (ticketing_doors: direct writes keep
//      the rules the API functions keep)
//   3. access: the one access layer (who is calling); availability_tables: the booking ledger;
//      options: options on talent and venues, the guard of profile deletion;
//      waitlist (src/waitlist.rs): the queues of sold-out tiers and their offers;
//      security: row level security and its policies; data_safety: dump registration, drop guard
//   4. the Rust functions (each module), then each domain's public API (sql/api/<domain>.sql,
//      declared in its module next to the functions it wraps)
//   5. grants: who may execute and write what, last
extension_sql_file!("../sql/bootstrap.sql", name = "bootstrap", bootstrap);
extension_sql_file!("../sql/types.sql", name = "types", requires = ["bootstrap"]);
extension_sql_file!("../sql/base.sql", name = "base", requires = ["bootstrap"]);
extension_sql_file!(
    "../sql/ticketing.sql",
    name = "ticketing_tables",
    requires = ["base"]
);
extension_sql_file!(
    "../sql/event_structure.sql",
    name = "event_structure",
    requires = ["base"]
);
extension_sql_file!("../sql/venues.sql", name = "venues", requires = ["base"]);
extension_sql_file!("../sql/teams.sql", name = "teams", requires = ["base"]);
extension_sql_file!("../sql/casting.sql", name = "casting", requires = ["teams"]);
extension_sql_file!(
    "../sql/designers.sql",
    name = "designers",
    requires = ["base"]
);
extension_sql_file!(
    "../sql/sponsorship.sql",
    name = "sponsorship",
    requires = ["base"]
);
extension_sql_file!(
    "../sql/shoots.sql",
    name = "shoots",
    requires = ["designers"]
);
extension_sql_file!("../sql/media.sql", name = "media", requires = ["base"]);
extension_sql_file!("../sql/social.sql", name = "social", requires = ["base"]);
extension_sql_file!(
    "../sql/commerce.sql",
    name = "commerce",
    requires = ["base"]
);
extension_sql_file!(
    "../sql/ticketing_private.sql",
    name = "ticketing_private",
    requires = ["ticketing_tables", "types"]
);
extension_sql_file!(
    "../sql/ticketing_doors.sql",
    name = "ticketing_doors",
    requires = ["ticketing_private"]
);
extension_sql_file!(
    "../sql/door_private.sql",
    name = "door_private",
    requires = ["ticketing_private"]
);
extension_sql_file!(
    "../sql/hot_drop_private.sql",
    name = "hot_drop_private",
    requires = ["ticketing_private"]
);
extension_sql_file!(
    "../sql/event_settings.sql",
    name = "event_settings",
    requires = ["base", "types"]
);
extension_sql_file!(
    "../sql/access.sql",
    name = "access",
    requires = [
        "ticketing_tables",
        "event_structure",
        "venues",
        "teams",
        "casting",
        "designers",
        "sponsorship",
        "shoots",
        "media",
        "social",
        "commerce",
        "event_settings",
        "ticketing_private",
        "ticketing_doors",
        "door_private",
        "hot_drop_private"
    ]
);
extension_sql_file!(
    "../sql/availability.sql",
    name = "availability_tables",
    requires = ["access"]
);
extension_sql_file!(
    "../sql/security.sql",
    name = "security",
    requires = ["availability_tables"]
);
extension_sql_file!(
    "../sql/data_safety.sql",
    name = "data_safety",
    requires = ["security"]
);
extension_sql_file!(
    "../sql/api/settings.sql",
    name = "api_settings",
    requires = ["data_safety"]
);
extension_sql_file!(
    "../sql/options.sql",
    name = "options",
    requires = ["availability_tables", "types"]
);
extension_sql_file!(
    "../sql/api/options.sql",
    name = "api_options",
    requires = ["options", "data_safety"]
);
extension_sql_file!("../sql/grants.sql", name = "grants", finalize);

/// Required by `cargo pgrx test`.
#[cfg(test)]
pub mod pg_test {
    pub fn setup(_options: Vec<&str>) {}

    #[must_use]
    pub fn postgresql_conf_options() -> Vec<&'static str> {
        vec![]
    }
}
