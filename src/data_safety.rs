//! The drop guard's eyes: an event trigger that reads the parsed statement, not its text.
//!
//! `fashionos.guard_drop()` fires at `ddl_command_start` for DROP EXTENSION, DROP SCHEMA and DROP
//! OWNED. The parser has already resolved quoting and Unicode escapes (`U&"fashi\006Fnos"` is the
//! name `fashionos` in the parse tree), and a statement run through EXECUTE in a DO block fires the
//! trigger with its own parse tree, so no spelling gets past it. This function only reads the
//! names the statement drops (and whether it cascades); the decision, the row counts and the error
//! is `fashionos.guard_drop_check` in sql/data_safety.sql; the error is raised here.

use pgrx::list::PgList;
use pgrx::pg_sys;
use pgrx::prelude::*;

use crate::errors::{raise, SqlState};

/// What a DROP statement names: its command, the names, and whether it cascades.
fn dropped_names(node: *mut pg_sys::Node) -> Option<(&'static str, Vec<String>, bool)> {
    // SAFETY: `node` is the parse tree PostgreSQL handed the event trigger; its type is checked
    // before it is read as that type, and the lists hold the node types the grammar puts there.
    unsafe {
        if node.is_null() {
            return None;
        }
        match (*node).type_ {
            pg_sys::NodeTag::T_DropStmt => {
                let stmt = node as *mut pg_sys::DropStmt;
                let command = match (*stmt).removeType {
                    pg_sys::ObjectType::OBJECT_EXTENSION => "DROP EXTENSION",
                    pg_sys::ObjectType::OBJECT_SCHEMA => "DROP SCHEMA",
                    _ => return None,
                };
                let names = PgList::<pg_sys::Node>::from_pg((*stmt).objects)
                    .iter_ptr()
                    .filter(|n| !n.is_null() && (**n).type_ == pg_sys::NodeTag::T_String)
                    .map(|n| {
                        let s = n as *mut pg_sys::String;
                        std::ffi::CStr::from_ptr((*s).sval)
                            .to_string_lossy()
                            .into_owned()
                    })
                    .collect();
                let cascade = (*stmt).behavior == pg_sys::DropBehavior::DROP_CASCADE;
                Some((command, names, cascade))
            }
            pg_sys::NodeTag::T_DropOwnedStmt => {
                let stmt = node as *mut pg_sys::DropOwnedStmt;
                let names = PgList::<pg_sys::RoleSpec>::from_pg((*stmt).roles)
                    .iter_ptr()
                    .map(|r| {
                        let name = pg_sys::get_rolespec_name(r);
                        std::ffi::CStr::from_ptr(name)
                            .to_string_lossy()
                            .into_owned()
                    })
                    .collect();
                let cascade = (*stmt).behavior == pg_sys::DropBehavior::DROP_CASCADE;
                Some(("DROP OWNED", names, cascade))
            }
            _ => None,
        }
    }
}

/// The event trigger function (`fashionos.guard_drop()`, LANGUAGE c; sql/data_safety.sql).
#[no_mangle]
#[pg_guard]
pub unsafe extern "C-unwind" fn fashionos_guard_drop(
    fcinfo: pg_sys::FunctionCallInfo,
) -> pg_sys::Datum {
    // SAFETY: PostgreSQL calls this with a valid fcinfo; its context is an EventTriggerData when
    // the function runs as an event trigger, which is checked before it is read as one.
    let context = unsafe { (*fcinfo).context };
    let is_event_trigger =
        !context.is_null() && unsafe { (*context).type_ } == pg_sys::NodeTag::T_EventTriggerData;
    if !is_event_trigger {
        raise(
            SqlState::NOT_PREPARED,
            "fashionos.guard_drop() runs only as an event trigger",
            Some("It was called as an ordinary function."),
            Some("It is fired by the event trigger fashionos_guard_drop."),
        )
    }
    let data = context as *mut pg_sys::EventTriggerData;
    if let Some((command, names, cascade)) = dropped_names(unsafe { (*data).parsetree }) {
        let refusal = crate::plans::one::<String>(
            "SELECT fashionos.guard_drop_check($1, $2, $3)",
            &[command.into(), names.into(), cascade.into()],
        );
        if let Some(message) = refusal {
            raise(
                SqlState::DEPENDENT_OBJECTS,
                &message,
                Some("Dropping the extension drops its tables, including the 52 tables of public, with their data."),
                Some("Back up first: pg_dump includes the data of every fashionos table. To drop anyway, run \
                      SET fashionos.allow_drop_with_data = on; in the same session and repeat the statement."),
            )
        }
    }
    pg_sys::Datum::from(0)
}

/// The V1 calling convention record of `fashionos_guard_drop`.
#[no_mangle]
pub extern "C" fn pg_finfo_fashionos_guard_drop() -> &'static pg_sys::Pg_finfo_record {
    const V1: pg_sys::Pg_finfo_record = pg_sys::Pg_finfo_record { api_version: 1 };
    &V1
}
