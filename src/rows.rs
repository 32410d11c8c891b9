//! Result rows of the API as the composite types of sql/types.sql.
//!
//! A multi-column result is declared once, as a composite type of sql/types.sql (in public, where
//! clients see it); the Rust implementation returns `SETOF` that type and the public wrapper
//! returns the same type. A row is
//! built field by field in declaration order; each field names its attribute, and a name that is
//! not the attribute at that position is a bug reported as XX000 (the tests call every function).
//! Build rows outside an SPI connection (after `plans::query` returned): SPI frees the memory
//! allocated while it is connected, and a row is allocated in the current memory context.

use std::cell::RefCell;
use std::collections::HashMap;

use pgrx::composite_type;
use pgrx::heap_tuple::PgHeapTuple;
use pgrx::pg_sys;
use pgrx::prelude::*;
use pgrx::{AllocatedByRust, PgMemoryContexts, PgTupleDesc};

use crate::errors::{raise, SqlState};

/// A row of one of the API's composite types.
pub type Row = PgHeapTuple<'static, AllocatedByRust>;

thread_local! {
    /// Per backend: the oid of each result type, and a copy of its row descriptor kept in
    /// TopMemoryContext (one per type, so that a report of 10,000 rows does not copy it 10,000 times).
    static TYPES: RefCell<HashMap<&'static str, pg_sys::Oid>> = RefCell::new(HashMap::new());
    static DESCRIPTORS: RefCell<HashMap<pg_sys::Oid, usize>> = RefCell::new(HashMap::new());
}

/// The row descriptor of a composite type, copied once per backend into TopMemoryContext.
fn descriptor(oid: pg_sys::Oid) -> PgTupleDesc<'static> {
    let cached = DESCRIPTORS.with(|d| d.borrow().get(&oid).copied());
    let ptr = cached.unwrap_or_else(|| {
        // SAFETY: a catalog lookup on the backend's thread; the copy lives as long as the backend.
        let copy = unsafe {
            PgMemoryContexts::TopMemoryContext
                .switch_to(|_| pg_sys::lookup_rowtype_tupdesc_copy(oid, -1))
        };
        DESCRIPTORS.with(|d| d.borrow_mut().insert(oid, copy as usize));
        copy as usize
    });
    // SAFETY: the pointer is the copy made above, never freed; the wrapper neither frees nor
    // releases it.
    unsafe { PgTupleDesc::from_pg_unchecked(ptr as pg_sys::TupleDesc) }
}

fn bug(detail: String) -> ! {
    raise(
        SqlState::INTERNAL,
        "fashionos: a result row does not match its type",
        Some(&detail),
        Some("This is a bug in fashionos; the transaction was rolled back."),
    )
}

/// Builds one row of `type_name` (schema-qualified, e.g. "public.booking_conflict").
pub struct RowBuilder {
    type_name: &'static str,
    tupdesc: PgTupleDesc<'static>,
    datums: Vec<Option<pg_sys::Datum>>,
}

impl RowBuilder {
    pub fn new(type_name: &'static str) -> Self {
        let cached = TYPES.with(|t| t.borrow().get(type_name).copied());
        let oid = cached.unwrap_or_else(|| {
            let tupdesc = PgTupleDesc::for_composite_type(type_name)
                .unwrap_or_else(|| bug(format!("type {type_name} does not exist")));
            let oid = tupdesc.oid();
            TYPES.with(|t| t.borrow_mut().insert(type_name, oid));
            oid
        });
        let tupdesc = descriptor(oid);
        let datums = Vec::with_capacity(tupdesc.len());
        RowBuilder {
            type_name,
            tupdesc,
            datums,
        }
    }

    /// The next field, which must be the attribute `name`.
    pub fn set<T: IntoDatum>(mut self, name: &str, value: T) -> Self {
        let position = self.datums.len();
        match self.tupdesc.get(position) {
            Some(att) if att.name() == name && T::is_compatible_with(att.atttypid) => {}
            Some(att) => bug(format!(
                "{} attribute {} is {} of type {}, the code sets {name}",
                self.type_name,
                position + 1,
                att.name(),
                att.atttypid.to_u32()
            )),
            None => bug(format!(
                "{} has only {position} attributes, the code sets {name}",
                self.type_name
            )),
        }
        self.datums.push(value.into_datum());
        self
    }

    pub fn build(self) -> Row {
        if self.datums.len() != self.tupdesc.len() {
            bug(format!(
                "{} has {} attributes, the code set {}",
                self.type_name,
                self.tupdesc.len(),
                self.datums.len()
            ))
        }
        // SAFETY: every datum was made by IntoDatum for the type of its attribute (checked above).
        unsafe { PgHeapTuple::from_datums(self.tupdesc, self.datums) }
            .unwrap_or_else(|e| bug(format!("{}: {e}", self.type_name)))
    }
}

/// One `public.registration_change` row: what cancel_registration and undo_check_in answer.
pub fn registration_change(
    registration_id: pgrx::Uuid,
    status: &str,
    changed: bool,
) -> SetOfIterator<'static, composite_type!('static, "public.registration_change")> {
    SetOfIterator::once(
        RowBuilder::new("public.registration_change")
            .set("registration_id", registration_id)
            .set("status", status)
            .set("changed", changed)
            .build(),
    )
}

/// A field of a result row, for the tests.
#[cfg(any(test, feature = "pg_test"))]
pub fn field<'a, T>(row: &'a Row, name: &str) -> Option<T>
where
    T: FromDatum + IntoDatum + pgrx::datum::UnboxDatum<As<'a> = T> + 'a,
{
    row.get_by_name::<T>(name).expect("a field of the row")
}
