//! fashionos: the backend of a fashion-event platform as a PostgreSQL extension.
//!
//! The tables, policies and API wrappers are SQL files under `sql/`, loaded here in dependency order;
//! the logic that must be fast and exact lives in the Rust modules below. See docs/architecture.md.

use pgrx::prelude::*;

::pgrx::pg_module_magic!(name, version);

pub mod access;
pub mod availability;
pub mod checkin;
pub mod plans;
pub mod errors;
pub mod qr;
pub mod ticketing;
pub mod walk_order;

extension_sql_file!("../sql/bootstrap.sql", name = "bootstrap", bootstrap);
extension_sql_file!("../sql/base.sql", name = "base", requires = ["bootstrap"]);
extension_sql_file!("../sql/ticketing.sql", name = "ticketing_tables", requires = ["base"]);
extension_sql_file!("../sql/event_structure.sql", name = "event_structure", requires = ["base"]);
extension_sql_file!("../sql/venues.sql", name = "venues", requires = ["base"]);
extension_sql_file!("../sql/teams.sql", name = "teams", requires = ["base"]);
extension_sql_file!("../sql/casting.sql", name = "casting", requires = ["teams"]);
extension_sql_file!("../sql/designers.sql", name = "designers", requires = ["base"]);
extension_sql_file!("../sql/sponsorship.sql", name = "sponsorship", requires = ["base"]);
extension_sql_file!("../sql/shoots.sql", name = "shoots", requires = ["designers"]);
extension_sql_file!("../sql/media.sql", name = "media", requires = ["base"]);
extension_sql_file!("../sql/social.sql", name = "social", requires = ["base"]);
extension_sql_file!("../sql/commerce.sql", name = "commerce", requires = ["base"]);
extension_sql_file!(
    "../sql/ticketing_private.sql",
    name = "ticketing_private",
    requires = ["ticketing_tables"]
);
extension_sql_file!(
    "../sql/event_settings.sql",
    name = "event_settings",
    requires = ["base"]
);
extension_sql_file!(
    "../sql/availability.sql",
    name = "availability_tables",
    requires = [
        "event_settings",
        "venues",
        "casting",
        "designers",
        "event_structure",
        "teams"
    ]
);
extension_sql_file!(
    "../sql/security.sql",
    name = "security",
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
        "availability_tables"
    ]
);
extension_sql_file!(
    "../sql/data_safety.sql",
    name = "data_safety",
    requires = ["security"]
);
extension_sql_file!("../sql/api.sql", name = "api", finalize);

/// Required by `cargo pgrx test`.
#[cfg(test)]
pub mod pg_test {
    pub fn setup(_options: Vec<&str>) {}

    #[must_use]
    pub fn postgresql_conf_options() -> Vec<&'static str> {
        vec![]
    }
}
