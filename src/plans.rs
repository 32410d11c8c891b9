//! Plans prepared once per backend for the SQL the Rust functions run.
//!
//! `Spi::run_with_args` and friends parse and plan their statement on every call; PL/pgSQL keeps a
//! plan per statement instead. These helpers do the same: the first call of a statement in a
//! backend prepares it (argument types taken from the arguments) and keeps the plan
//! (`SPI_keepplan`); later calls only execute it. PostgreSQL's plan cache re-plans a kept plan by
//! itself when a table it uses changes.
//!
//! Statements run with read_only = false, so each one sees what the function's earlier statements
//! wrote.
//!
//! This module is the only door to SPI: the other modules, their `#[pg_test]`s included, run their
//! SQL through `query`, `run`, `one`, `first_row` and `rows`.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use pgrx::datum::DatumWithOid;
use pgrx::pg_sys::PgOid;
use pgrx::prelude::*;
use pgrx::spi::{OwnedPreparedStatement, SpiError, SpiHeapTupleData, SpiResult, SpiTupleTable};

use crate::errors::{raise, SqlState};

/// Reports an SPI-level failure (not an SQL error, which unwinds by itself): a bug.
pub fn spi_failed(context: &str, e: SpiError) -> ! {
    raise(
        SqlState::INTERNAL,
        &format!("fashionos: {context} failed"),
        Some(&e.to_string()),
        Some("This is a bug in fashionos; the transaction was rolled back."),
    )
}

/// Unwraps an SPI result.
pub fn spi<T>(r: SpiResult<T>) -> T {
    r.unwrap_or_else(|e| spi_failed("an SPI call", e))
}

thread_local! {
    static PLANS: RefCell<HashMap<&'static str, Rc<OwnedPreparedStatement>>> = RefCell::new(HashMap::new());
}

/// Runs `query` with `args` through its kept plan and hands the result to `read`.
pub fn query<T>(
    query: &'static str,
    args: &[DatumWithOid],
    read: impl FnOnce(SpiTupleTable) -> SpiResult<T>,
) -> T {
    spi(Spi::connect_mut(|client| {
        let kept = PLANS.with(|plans| plans.borrow().get(query).cloned());
        let plan = match kept {
            Some(plan) => plan,
            None => {
                let types: Vec<PgOid> = args.iter().map(|a| PgOid::from(a.oid())).collect();
                let plan = Rc::new(client.prepare_mut(query, &types)?.keep());
                PLANS.with(|plans| plans.borrow_mut().insert(query, plan.clone()));
                plan
            }
        };
        // select, not update: pgrx's update first assigns a transaction id, which a read-only
        // call does not need and a hot standby cannot give. The plan was prepared with
        // prepare_mut, so it still runs with read_only = false.
        let table = client.select(&*plan, None, args)?;
        read(table)
    }))
}

/// Runs a statement for its effect.
pub fn run(statement: &'static str, args: &[DatumWithOid]) {
    query(statement, args, |_| Ok(()))
}

/// The first column of the first row, or `None` when there is no row or it is NULL.
pub fn one<T: IntoDatum + FromDatum>(statement: &'static str, args: &[DatumWithOid]) -> Option<T> {
    query(statement, args, |t| {
        if t.is_empty() {
            Ok(None)
        } else {
            t.first().get::<T>(1)
        }
    })
}

/// Reads the first row with `read`, or `None` when there is none.
pub fn first_row<T>(
    statement: &'static str,
    args: &[DatumWithOid],
    read: impl FnOnce(&SpiTupleTable) -> Result<T, SpiError>,
) -> Option<T> {
    query(statement, args, |t| {
        if t.is_empty() {
            Ok(None)
        } else {
            let t = t.first();
            read(&t).map(Some)
        }
    })
}

/// Every row, each read with `read`, in the order the statement returns them.
pub fn rows<T>(
    statement: &'static str,
    args: &[DatumWithOid],
    mut read: impl FnMut(SpiHeapTupleData<'_>) -> SpiResult<T>,
) -> Vec<T> {
    query(statement, args, |t| t.map(&mut read).collect())
}

/// Runs a script of one or more statements once, without keeping a plan (the tests' fixtures).
pub fn run_script(script: &str) {
    spi(Spi::run(script))
}
