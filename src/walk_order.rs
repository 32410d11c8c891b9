//! Walk order: the running order of a show, stored in `public.event_models.walk_order`.
//!
//! The database holds the hard invariants (sql/casting.sql): positions are > 0 and unique per event
//! (a DEFERRABLE INITIALLY IMMEDIATE unique constraint, checked at the end of each statement, so one
//! UPDATE may swap or shift positions), at most one opener and one closer per event. What the
//! constraints cannot express is checked here:
//!
//! * `public.validate_walk_order(p_event_id, p_min_gap)` lists every violation of a line-up with the
//!   castings involved: duplicate or missing positions, an opener that is not first, a closer that
//!   is not last, several openers or closers (rows from before the constraints), and a model walking
//!   twice too close together to change;
//! * `public.set_walk_order(p_event_id, p_event_model_ids)` sets the whole order from a list of
//!   casting ids in one statement.
//!
//! Both are SECURITY INVOKER: row level security decides which events and castings the caller sees
//! and may change. See docs/scheduling.md.

use pgrx::composite_type;
use pgrx::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

use crate::errors;
use crate::plans;

/// The kinds of violation, in the order they are reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    DuplicatePosition,
    MissingPosition,
    OpenerNotFirst,
    CloserNotLast,
    MultipleOpeners,
    MultipleClosers,
    TooClose,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::DuplicatePosition => "duplicate_position",
            Kind::MissingPosition => "missing_position",
            Kind::OpenerNotFirst => "opener_not_first",
            Kind::CloserNotLast => "closer_not_last",
            Kind::MultipleOpeners => "multiple_openers",
            Kind::MultipleClosers => "multiple_closers",
            Kind::TooClose => "too_close",
        }
    }
}

/// One casting (an `event_models` row) as the validation sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Casting<Id> {
    pub id: Id,
    pub model: Id,
    pub walk_order: Option<i32>,
    pub opening: bool,
    pub closing: bool,
}

/// A violation: its kind, the castings involved with their positions (pairwise), and a sentence.
/// A missing position involves no casting: `ids` is empty and `walk_orders` holds the position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation<Id> {
    pub kind: Kind,
    pub ids: Vec<Id>,
    pub walk_orders: Vec<Option<i32>>,
    pub message: String,
}

fn pos(p: Option<i32>) -> String {
    p.map_or_else(|| "no position".to_string(), |p| format!("position {p}"))
}

/// Every violation of a line-up. `min_gap`: two walks of one model must be at least this many
/// positions apart (3 and 8 with a gap of 5 are fine, 3 and 7 are not).
pub fn violations<Id: Copy + Ord>(castings: &[Casting<Id>], min_gap: i32) -> Vec<Violation<Id>> {
    let mut sorted: Vec<&Casting<Id>> = castings.iter().collect();
    // by position (unpositioned last), then id: every list below comes out in running order
    sorted.sort_by_key(|c| (c.walk_order.is_none(), c.walk_order, c.id));
    let n = sorted.len();
    let mut out: Vec<Violation<Id>> = Vec::new();
    let involved = |list: &[&Casting<Id>]| -> (Vec<Id>, Vec<Option<i32>>) {
        (
            list.iter().map(|c| c.id).collect(),
            list.iter().map(|c| c.walk_order).collect(),
        )
    };

    // duplicate_position
    let mut by_position: BTreeMap<i32, Vec<&Casting<Id>>> = BTreeMap::new();
    for c in &sorted {
        if let Some(p) = c.walk_order {
            by_position.entry(p).or_default().push(c);
        }
    }
    for (p, list) in &by_position {
        if list.len() > 1 {
            let (ids, walk_orders) = involved(list);
            out.push(Violation {
                kind: Kind::DuplicatePosition,
                ids,
                walk_orders,
                message: format!("{} castings share walk order {p}", list.len()),
            });
        }
    }

    // missing_position: the n castings of a show walk at 1..n
    for p in 1..=i32::try_from(n).unwrap_or(i32::MAX) {
        if !by_position.contains_key(&p) {
            out.push(Violation {
                kind: Kind::MissingPosition,
                ids: Vec::new(),
                walk_orders: vec![Some(p)],
                message: format!(
                    "no casting walks at position {p} (the {n} castings should walk at 1 to {n})"
                ),
            });
        }
    }
    for c in sorted.iter().filter(|c| c.walk_order.is_none()) {
        out.push(Violation {
            kind: Kind::MissingPosition,
            ids: vec![c.id],
            walk_orders: vec![None],
            message: "a casting has no walk order".to_string(),
        });
    }
    for c in sorted
        .iter()
        .filter(|c| c.walk_order.is_some_and(|p| p < 1))
    {
        out.push(Violation {
            kind: Kind::MissingPosition,
            ids: vec![c.id],
            walk_orders: vec![c.walk_order],
            message: format!(
                "walk order {} is not a position (positions start at 1)",
                pos(c.walk_order)
            ),
        });
    }

    // opener_not_first, closer_not_last: first and last are the lowest and highest positions held
    let first = by_position.keys().next().copied();
    let last = by_position.keys().next_back().copied();
    for c in sorted.iter().filter(|c| c.opening) {
        if c.walk_order.is_none() || c.walk_order != first {
            let mut list = vec![*c];
            if let Some(f) = first {
                list.extend(by_position[&f].iter().filter(|o| o.id != c.id).copied());
            }
            let (ids, walk_orders) = involved(&list);
            out.push(Violation {
                kind: Kind::OpenerNotFirst,
                ids,
                walk_orders,
                message: format!(
                    "the opener walks at {}, the show opens at {}",
                    pos(c.walk_order),
                    pos(first)
                ),
            });
        }
    }
    for c in sorted.iter().filter(|c| c.closing) {
        if c.walk_order.is_none() || c.walk_order != last {
            let mut list = vec![*c];
            if let Some(l) = last {
                list.extend(by_position[&l].iter().filter(|o| o.id != c.id).copied());
            }
            let (ids, walk_orders) = involved(&list);
            out.push(Violation {
                kind: Kind::CloserNotLast,
                ids,
                walk_orders,
                message: format!(
                    "the closer walks at {}, the show closes at {}",
                    pos(c.walk_order),
                    pos(last)
                ),
            });
        }
    }

    // multiple_openers, multiple_closers
    let openers: Vec<&Casting<Id>> = sorted.iter().filter(|c| c.opening).copied().collect();
    if openers.len() > 1 {
        let (ids, walk_orders) = involved(&openers);
        out.push(Violation {
            kind: Kind::MultipleOpeners,
            ids,
            walk_orders,
            message: format!("{} castings are marked as opener", openers.len()),
        });
    }
    let closers: Vec<&Casting<Id>> = sorted.iter().filter(|c| c.closing).copied().collect();
    if closers.len() > 1 {
        let (ids, walk_orders) = involved(&closers);
        out.push(Violation {
            kind: Kind::MultipleClosers,
            ids,
            walk_orders,
            message: format!("{} castings are marked as closer", closers.len()),
        });
    }

    // too_close: consecutive walks of one model
    let mut by_model: BTreeMap<Id, Vec<&Casting<Id>>> = BTreeMap::new();
    for c in sorted.iter().filter(|c| c.walk_order.is_some()) {
        by_model.entry(c.model).or_default().push(c);
    }
    let mut close: Vec<Violation<Id>> = Vec::new();
    for walks in by_model.values() {
        for w in walks.windows(2) {
            let (Some(p), Some(q)) = (w[0].walk_order, w[1].walk_order) else {
                continue;
            };
            let distance = i64::from(q) - i64::from(p);
            if distance < i64::from(min_gap) {
                let (ids, walk_orders) = involved(w);
                close.push(Violation {
                    kind: Kind::TooClose,
                    ids,
                    walk_orders,
                    message: format!(
                        "one model walks at {p} and {q}: {distance} looks apart, {min_gap} needed to change"
                    ),
                });
            }
        }
    }
    close.sort_by_key(|v| v.walk_orders.clone());
    out.extend(close);
    out
}

/// What is wrong with a list of casting ids for an event whose castings are `castings`:
/// the castings it leaves out, the ids that are not castings of the event, the ids given twice.
pub fn list_problems<Id: Copy + Ord>(castings: &[Id], list: &[Id]) -> (Vec<Id>, Vec<Id>, Vec<Id>) {
    let have: BTreeSet<Id> = castings.iter().copied().collect();
    let mut seen = BTreeSet::new();
    let mut duplicate = BTreeSet::new();
    for id in list {
        if !seen.insert(*id) {
            duplicate.insert(*id);
        }
    }
    let missing = have.difference(&seen).copied().collect();
    let extra = seen.difference(&have).copied().collect();
    (missing, extra, duplicate.into_iter().collect())
}

/// PT404 unless the caller sees the event (row level security of public.events decides).
fn require_visible_event(event_id: pgrx::Uuid) {
    let visible = plans::one::<bool>(
        "SELECT EXISTS (SELECT 1 FROM public.events e WHERE e.id = $1)",
        &[event_id.into()],
    );
    if visible != Some(true) {
        errors::not_found("event", event_id);
    }
}

/// Ids as an error detail names them: the first ten, and how many in all beyond that (a list of
/// 300,000 wrong ids is not echoed back whole, nor written to the server's log).
fn id_list(ids: &[pgrx::Uuid]) -> String {
    const SHOWN: usize = 10;
    let head = ids
        .iter()
        .take(SHOWN)
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    if ids.len() > SHOWN {
        format!("{head}, … ({} in all)", ids.len())
    } else {
        head
    }
}

/// Sets the running order of an event: `p_event_model_ids` names each of its castings exactly once,
/// in walking order; casting k gets walk_order k. One UPDATE statement sets all positions, so swaps
/// and shifts pass the unique constraint (checked at the end of the statement). The event's
/// walk-order lock is taken first (a casting being added is waited for), then its castings are
/// locked (FOR UPDATE, in id order), so concurrent reorders run one after the other. SECURITY INVOKER: the caller needs UPDATE on the castings through row level security.
#[pg_extern(volatile, parallel_unsafe)]
#[search_path(pg_catalog, pg_temp)]
pub fn set_walk_order(
    p_event_id: Option<pgrx::Uuid>,
    p_event_model_ids: Option<Vec<Option<pgrx::Uuid>>>,
) {
    let Some(event_id) = p_event_id else {
        errors::invalid(
            "p_event_id is required",
            "p_event_id was null.",
            "Pass the id of an event.",
        )
    };
    let Some(list) = p_event_model_ids else {
        errors::invalid(
            "p_event_model_ids is required",
            "p_event_model_ids was null.",
            "Pass the ids of all the event's castings (event_models) in walking order.",
        )
    };
    let Some(list): Option<Vec<pgrx::Uuid>> = list.into_iter().collect() else {
        errors::invalid(
            "p_event_model_ids holds a null",
            "Every element of p_event_model_ids must be the id of a casting.",
            "Remove the nulls from the list.",
        )
    };
    require_visible_event(event_id);
    crate::errors::refuse_in_read_only_transaction("set the walk order");
    // The ids of the castings a statement returns (a null id is skipped).
    let ids = |statement: &'static str| -> Vec<pgrx::Uuid> {
        plans::rows(statement, &[event_id.into()], |row| {
            Ok(row.get::<pgrx::Uuid>(1).ok().flatten())
        })
        .into_iter()
        .flatten()
        .collect()
    };
    // The event's walk-order lock, exclusive (its key as in sql/casting.sql): a casting being
    // added to the event is waited for, and then locked with the others below.
    plans::run(
        "SELECT pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('fashionos.walk_order:' || $1::text, 0))",
        &[event_id.into()],
    );
    let visible = ids("SELECT em.id FROM public.event_models em WHERE em.event_id = $1");
    let locked = ids(
        "SELECT em.id FROM public.event_models em WHERE em.event_id = $1 \
                        ORDER BY em.id FOR UPDATE",
    );
    // A casting visible but not locked is one the caller may not update (row level security), or
    // one deleted or moved to another event since it was read: only the first refuses the caller.
    let unlocked: Vec<pgrx::Uuid> = visible
        .iter()
        .filter(|id| !locked.contains(id))
        .copied()
        .collect();
    let still_there = !unlocked.is_empty()
        && plans::one::<bool>(
            "SELECT EXISTS (SELECT 1 FROM public.event_models em WHERE em.id = ANY($2) AND em.event_id = $1)",
            &[event_id.into(), unlocked.into()],
        ) == Some(true);
    if still_there {
        errors::forbidden(
            "not allowed to change the walk order",
            &format!("The caller may not update the castings of event {event_id}."),
            "Organizers and admins of the event's organization set the walk order.",
        );
    }
    let (missing, extra, duplicate) = list_problems(&locked, &list);
    if !(missing.is_empty() && extra.is_empty() && duplicate.is_empty()) {
        let mut parts = Vec::new();
        if !missing.is_empty() {
            parts.push(format!("missing: {}", id_list(&missing)));
        }
        if !extra.is_empty() {
            parts.push(format!("not castings of the event: {}", id_list(&extra)));
        }
        if !duplicate.is_empty() {
            parts.push(format!("given more than once: {}", id_list(&duplicate)));
        }
        errors::invalid(
            "the list must name each casting of the event exactly once",
            &format!(
                "Event {event_id} has {} castings; {}.",
                locked.len(),
                parts.join("; ")
            ),
            "Pass the ids of all the event's castings (event_models) in walking order.",
        );
    }
    let updated = plans::query(
        "UPDATE public.event_models AS em SET walk_order = o.position::integer \
           FROM pg_catalog.unnest($2::uuid[]) WITH ORDINALITY AS o(id, position) \
          WHERE em.id = o.id AND em.event_id = $1 \
         RETURNING em.id",
        &[event_id.into(), list.clone().into()],
        |t| Ok(t.len()),
    );
    if updated < list.len() {
        errors::forbidden(
            "not allowed to change the walk order",
            &format!(
                "The caller may update only {updated} of the {} castings of event {event_id}.",
                list.len()
            ),
            "Organizers and admins of the event's organization set the walk order.",
        );
    }
}

/// Every violation of an event's line-up (see [`violations`]). SECURITY INVOKER: the caller sees
/// the castings row level security lets him see. `public.validate_walk_order` is the API.
#[pg_extern(stable, parallel_unsafe, requires = ["types"])]
#[search_path(pg_catalog, pg_temp)]
pub fn validate_walk_order(
    p_event_id: Option<pgrx::Uuid>,
    p_min_gap: default!(Option<i32>, "NULL"),
) -> SetOfIterator<'static, composite_type!('static, "public.walk_order_violation")> {
    let Some(event_id) = p_event_id else {
        errors::invalid(
            "p_event_id is required",
            "p_event_id was null.",
            "Pass the id of an event.",
        )
    };
    if let Some(g) = p_min_gap {
        let (lo, hi) = crate::availability::setting_range("walk_min_gap");
        if !(lo..=hi).contains(&g) {
            errors::invalid(
                "p_min_gap out of range",
                &format!("p_min_gap is {g}; a gap is {lo} to {hi} looks."),
                "Pass null to use the event's walk_min_gap (get_event_settings).",
            );
        }
    }
    require_visible_event(event_id);
    let min_gap = match p_min_gap {
        Some(g) => g,
        None => plans::one::<i32>(
            "SELECT s.walk_min_gap FROM fashionos.get_event_settings($1) s",
            &[event_id.into()],
        )
        // get_event_settings answers every visible event: its row or the column defaults
        .unwrap_or_else(|| errors::not_found("event", event_id)),
    };
    // A casting without an id or a model is skipped.
    let castings: Vec<Casting<pgrx::Uuid>> = plans::rows(
        "SELECT em.id, em.model_profile_id, em.walk_order, em.is_opening, em.is_closing \
           FROM public.event_models em WHERE em.event_id = $1",
        &[event_id.into()],
        |row| {
            let id = row.get::<pgrx::Uuid>(1).ok().flatten();
            let model = row.get::<pgrx::Uuid>(2).ok().flatten();
            Ok(id.zip(model).map(|(id, model)| Casting {
                id,
                model,
                walk_order: row.get::<i32>(3).ok().flatten(),
                opening: row.get::<bool>(4).ok().flatten().unwrap_or(false),
                closing: row.get::<bool>(5).ok().flatten().unwrap_or(false),
            }))
        },
    )
    .into_iter()
    .flatten()
    .collect();
    let rows: Vec<_> = violations(&castings, min_gap)
        .into_iter()
        .map(|v| {
            crate::rows::RowBuilder::new("public.walk_order_violation")
                .set("violation", v.kind.as_str())
                .set("event_model_ids", v.ids)
                .set("walk_orders", v.walk_orders)
                .set("message", v.message)
                .build()
        })
        .collect();
    SetOfIterator::new(rows)
}

// The public functions of this module: one SQL wrapper each (sql/api/ has the style).
extension_sql_file!(
    "../sql/api/walk_order.sql",
    name = "api_walk_order",
    requires = [validate_walk_order, set_walk_order, "data_safety"]
);

#[cfg(any(test, feature = "pg_test"))]
#[pg_schema]
mod tests {
    use super::*;

    #[cfg(test)]
    fn c(id: u8, model: u8, walk_order: Option<i32>) -> Casting<u8> {
        Casting {
            id,
            model,
            walk_order,
            opening: false,
            closing: false,
        }
    }

    /// A violation as (kind, castings, walk orders), for comparing with expectations.
    #[cfg(test)]
    type Kind = (&'static str, Vec<u8>, Vec<Option<i32>>);

    #[cfg(test)]
    fn kinds(v: &[Violation<u8>]) -> Vec<Kind> {
        v.iter()
            .map(|v| (v.kind.as_str(), v.ids.clone(), v.walk_orders.clone()))
            .collect()
    }

    #[test]
    fn a_valid_line_up_has_no_violation() {
        let mut show: Vec<Casting<u8>> =
            (1..=12).map(|i| c(i, i % 6, Some(i32::from(i)))).collect();
        show[0].opening = true;
        show[11].closing = true;
        assert!(violations(&show, 5).is_empty());
        assert!(violations::<u8>(&[], 5).is_empty());
    }

    #[test]
    fn each_kind_with_its_rows() {
        // duplicate and missing
        let show = [
            c(1, 1, Some(1)),
            c(2, 2, Some(2)),
            c(3, 3, Some(2)),
            c(4, 4, None),
        ];
        assert_eq!(
            kinds(&violations(&show, 1)),
            vec![
                ("duplicate_position", vec![2, 3], vec![Some(2), Some(2)]),
                ("missing_position", vec![], vec![Some(3)]),
                ("missing_position", vec![], vec![Some(4)]),
                ("missing_position", vec![4], vec![None]),
            ]
        );
        // opener not first, closer not last, several of each
        let mut show = [
            c(1, 1, Some(1)),
            c(2, 2, Some(2)),
            c(3, 3, Some(3)),
            c(4, 4, Some(4)),
        ];
        show[1].opening = true;
        show[2].opening = true;
        show[0].closing = true;
        assert_eq!(
            kinds(&violations(&show, 1)),
            vec![
                ("opener_not_first", vec![2, 1], vec![Some(2), Some(1)]),
                ("opener_not_first", vec![3, 1], vec![Some(3), Some(1)]),
                ("closer_not_last", vec![1, 4], vec![Some(1), Some(4)]),
                ("multiple_openers", vec![2, 3], vec![Some(2), Some(3)]),
            ]
        );
        let mut show = [c(1, 1, Some(1)), c(2, 2, Some(2)), c(3, 3, Some(3))];
        show[1].closing = true;
        show[2].closing = true;
        assert_eq!(
            kinds(&violations(&show, 1)),
            vec![
                ("closer_not_last", vec![2, 3], vec![Some(2), Some(3)]),
                ("multiple_closers", vec![2, 3], vec![Some(2), Some(3)]),
            ]
        );
        // too close: model 9 at 1, 4 (3 apart) and 9 (5 apart) with a gap of 5
        let show = [
            c(1, 9, Some(1)),
            c(2, 2, Some(2)),
            c(3, 3, Some(3)),
            c(4, 9, Some(4)),
            c(5, 5, Some(5)),
            c(6, 6, Some(6)),
            c(7, 7, Some(7)),
            c(8, 8, Some(8)),
            c(10, 9, Some(9)),
        ];
        assert_eq!(
            kinds(&violations(&show, 5)),
            vec![("too_close", vec![1, 4], vec![Some(1), Some(4)])]
        );
        assert!(violations(&show, 3).is_empty());
        assert_eq!(violations(&show, 6).len(), 2);
    }

    #[test]
    fn list_problems_names_missing_extra_and_repeated_ids() {
        assert_eq!(
            list_problems(&[1, 2, 3], &[3, 1, 2]),
            (vec![], vec![], vec![])
        );
        assert_eq!(
            list_problems(&[1, 2, 3], &[3, 1, 1, 9]),
            (vec![2], vec![9], vec![1])
        );
    }

    const FIXTURE: &str = "
        INSERT INTO public.organizations (id, name, slug) VALUES ('00000000-0000-0000-0000-0000000000a1', 'Test', 'test');
        INSERT INTO auth.users (id, email) VALUES ('00000000-0000-0000-0000-0000000000b1', 'owner@test');
        INSERT INTO public.users (id, email, role, organization_id)
            VALUES ('00000000-0000-0000-0000-0000000000b1', 'owner@test', 'owner', '00000000-0000-0000-0000-0000000000a1');
        INSERT INTO public.events (id, name, start_date, organization_id, created_by)
            VALUES ('00000000-0000-0000-0000-0000000000e1', 'Show', '2026-09-30', '00000000-0000-0000-0000-0000000000a1',
                    '00000000-0000-0000-0000-0000000000b1');
        INSERT INTO public.model_profiles (id, user_id)
            SELECT ('00000000-0000-0000-0000-0000000000d' || n)::uuid, '00000000-0000-0000-0000-0000000000b1'
              FROM generate_series(1, 3) n;
        INSERT INTO public.event_models (id, event_id, model_profile_id, walk_order, is_opening, is_closing)
            SELECT ('00000000-0000-0000-0000-0000000000c' || n)::uuid, '00000000-0000-0000-0000-0000000000e1',
                   ('00000000-0000-0000-0000-0000000000d' || n)::uuid, n, n = 1, n = 3
              FROM generate_series(1, 3) n;";

    #[pg_test]
    fn set_walk_order_swaps_and_validate_sees_it() {
        crate::plans::run_script(FIXTURE);
        crate::plans::run(
            "SELECT count(*) FROM public.set_walk_order('00000000-0000-0000-0000-0000000000e1',
                ARRAY['00000000-0000-0000-0000-0000000000c2', '00000000-0000-0000-0000-0000000000c1',
                      '00000000-0000-0000-0000-0000000000c3']::uuid[])",
            &[],
        );
        let order = crate::plans::one::<String>(
            "SELECT string_agg(right(id::text, 1), ',' ORDER BY walk_order) FROM public.event_models
              WHERE event_id = '00000000-0000-0000-0000-0000000000e1'",
            &[],
        );
        assert_eq!(order, Some("2,1,3".to_string()));
        let violations = crate::plans::one::<String>(
            "SELECT string_agg(violation || ':' || array_to_string(walk_orders, '/'), ',')
               FROM public.validate_walk_order('00000000-0000-0000-0000-0000000000e1')",
            &[],
        );
        assert_eq!(violations, Some("opener_not_first:2/1".to_string()));
    }

    #[pg_test(error = "the list must name each casting of the event exactly once")]
    fn set_walk_order_refuses_an_incomplete_list() {
        crate::plans::run_script(FIXTURE);
        crate::plans::run(
            "SELECT count(*) FROM public.set_walk_order('00000000-0000-0000-0000-0000000000e1',
                ARRAY['00000000-0000-0000-0000-0000000000c2']::uuid[])",
            &[],
        );
    }

    #[pg_test(error = "event not found")]
    fn validate_walk_order_of_an_unknown_event_is_not_found() {
        crate::plans::run(
            "SELECT count(*) FROM public.validate_walk_order('00000000-0000-0000-0000-000000000001')",
            &[],
        );
    }

    #[pg_test(error = "p_min_gap out of range")]
    fn validate_walk_order_refuses_a_zero_gap() {
        crate::plans::run(
            "SELECT count(*) FROM fashionos.validate_walk_order('00000000-0000-0000-0000-000000000001', 0)",
            &[],
        );
    }
}
