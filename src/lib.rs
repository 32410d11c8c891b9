//! fashionos: the backend of a fashion-event platform as a PostgreSQL extension.
//!
//! The tables, policies and API wrappers are SQL files under `sql/`, loaded here in dependency order;
//! the logic that must be fast and exact lives in the Rust modules below. See docs/architecture.md.

use pgrx::prelude::*;

::pgrx::pg_module_magic!(name, version);

pub mod access;
pub mod availability;
pub mod checkin;
pub mod commit;
pub mod data_safety;
pub mod door;
pub mod errors;
pub mod plans;
pub mod qr;
pub mod rows;
pub mod statuses;
pub mod subtransaction;
pub mod tasks;
pub mod ticketing;
pub mod waitlist;
pub mod walk_order;
pub mod webhooks;

/// Called by PostgreSQL when it loads the library: defines the extension's settings.
#[pg_guard]
pub extern "C-unwind" fn _PG_init() {
    commit::define_settings();
}

/// Declares SQL files of `sql/` in load order: each file requires the one before it (and the
/// pieces named in brackets), so the list below is the order of the install script.
macro_rules! sql_files_in_order {
    (after $prev:tt;) => {};
    (after $prev:tt; $name:tt = $file:tt $([$($also:tt),+])?; $($rest:tt)*) => {
        extension_sql_file!($file, name = $name, requires = [$prev $($(, $also)+)?]);
        sql_files_in_order!(after $name; $($rest)*);
    };
}

// The install script. This is the one place where the load order is written (docs point here):
//   1. bootstrap: schema fashionos, Supabase's auth shim and roles, the catalog helper
//      fashionos.member_relations; types: the API's result types;
//   2. the tables of public: base (the 8 base tables), spec_tables (the 44 tables of
//      proposed-schema.md as its SQL writes them, generated), then one file per domain with what it
//      adds to them; then the private state (ticketing_private, ticketing_doors: direct writes keep
//      the rules the API functions keep, payment_ledger: the history of payments, door_private,
//      hot_drop_private, event_settings);
//   3. access: the one access layer; availability_tables: the booking ledger; options; waitlist:
//      the queues of sold-out tiers and their offers; import: tickets sold on another platform;
//      privacy: a person's data on request and its erasure; operations: health checks and
//      retention; security: row level security and its policies; data_safety: dump registration
//      of every table above, the drop guard;
//   4. the Rust functions (pgrx places each after what it requires), each domain's public API
//      (sql/api/<domain>.sql; api_settings, api_options, api_waitlist, api_talent, api_import,
//      api_privacy and api_operations here, the others declared in their module next to the
//      functions they wrap, after data_safety);
//      table_comments: the comments of every table and column (generated from docs/tables.md);
//   5. grants: who may execute and write what, last (finalize).
extension_sql_file!("../sql/bootstrap.sql", name = "bootstrap", bootstrap);
sql_files_in_order! {
    after "bootstrap";
    "types" = "../sql/types.sql";
    "base" = "../sql/base.sql";
    "spec_tables" = "../sql/generated/spec_tables.sql";
    "ticketing_tables" = "../sql/ticketing.sql";
    "event_structure" = "../sql/event_structure.sql";
    "venues" = "../sql/venues.sql";
    "teams" = "../sql/teams.sql";
    "casting" = "../sql/casting.sql";
    "designers" = "../sql/designers.sql";
    "sponsorship" = "../sql/sponsorship.sql";
    "shoots" = "../sql/shoots.sql";
    "media" = "../sql/media.sql";
    "social" = "../sql/social.sql";
    "commerce" = "../sql/commerce.sql";
    "ticketing_private" = "../sql/ticketing_private.sql";
    "ticketing_doors" = "../sql/ticketing_doors.sql";
    "payment_ledger" = "../sql/payment_ledger.sql";
    "door_private" = "../sql/door_private.sql";
    "hot_drop_private" = "../sql/hot_drop_private.sql";
    "event_settings" = "../sql/event_settings.sql";
    "access" = "../sql/access.sql";
    "availability_tables" = "../sql/availability.sql";
    "options" = "../sql/options.sql";
    "waitlist" = "../sql/waitlist.sql";
    "import" = "../sql/import.sql";
    "privacy" = "../sql/privacy.sql";
    "operations" = "../sql/operations.sql";
    "security" = "../sql/security.sql";
    "data_safety" = "../sql/data_safety.sql";
    "api_settings" = "../sql/api/settings.sql";
    "api_options" = "../sql/api/options.sql";
    "api_waitlist" = "../sql/api/waitlist.sql";
    "api_talent" = "../sql/api/talent.sql";
    "api_import" = "../sql/api/import.sql";
    "api_privacy" = "../sql/api/privacy.sql";
    "api_operations" = "../sql/api/operations.sql";
    "table_comments" = "../sql/generated/table_comments.sql";
}
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
