//! Tasks: the work plan of an event (`public.tasks`, one of the base tables).
//!
//! A task's `dependency_task_ids` lists the tasks that must be done before it. The spec keeps them
//! as an array without foreign keys; the statement-level triggers of sql/base.sql keep them to
//! tasks of the task's own event, each once, never the task itself. What they cannot say in one
//! query is whether the dependencies of an event form a cycle (every task of it waiting for the
//! others for ever): `fashionos.task_dependency_cycle(p_event_id)` reads the event's graph once
//! and finds one in linear time, however many tasks wait for however many others (a plan of
//! phases, each waiting for the whole phase before it, has tens of thousands of edges).

use pgrx::prelude::*;
use std::collections::HashMap;

use crate::plans;

/// One cycle of a dependency graph, if any: the nodes along it, the first one repeated at the end
/// (`a` waits for `b`, which waits for `a`: `[a, b, a]`). `edges[i]` lists the nodes node `i` waits
/// for. Iterative depth-first search: no recursion, whatever the length of a chain.
pub fn find_cycle(edges: &[Vec<usize>]) -> Option<Vec<usize>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        OnPath,
        Done,
    }
    let mut mark = vec![Mark::New; edges.len()];
    for root in 0..edges.len() {
        if mark[root] != Mark::New {
            continue;
        }
        // the path from the root, each node with the index of its next edge to follow
        let mut path: Vec<(usize, usize)> = vec![(root, 0)];
        mark[root] = Mark::OnPath;
        while let Some(&mut (node, ref mut next)) = path.last_mut() {
            if let Some(&to) = edges[node].get(*next) {
                *next += 1;
                match mark[to] {
                    Mark::New => {
                        mark[to] = Mark::OnPath;
                        path.push((to, 0));
                    }
                    Mark::OnPath => {
                        let start = path.iter().position(|&(n, _)| n == to).unwrap_or(0);
                        let mut cycle: Vec<usize> = path[start..].iter().map(|&(n, _)| n).collect();
                        cycle.push(to);
                        return Some(cycle);
                    }
                    Mark::Done => {}
                }
            } else {
                mark[node] = Mark::Done;
                path.pop();
            }
        }
    }
    None
}

/// A cycle among the dependencies of an event's tasks: the task ids along it, the first repeated
/// at the end, or NULL when there is none. Ids of tasks of other events (lists written before
/// 0.5.0) are not followed. Called by the triggers of public.tasks (sql/base.sql), with the
/// event's dependency lock held.
#[pg_extern(stable, strict, parallel_safe)]
#[search_path(pg_catalog, pg_temp)]
pub fn task_dependency_cycle(p_event_id: pgrx::Uuid) -> Option<Vec<pgrx::Uuid>> {
    let rows: Vec<(pgrx::Uuid, Vec<Option<pgrx::Uuid>>)> = plans::rows(
        "SELECT id, coalesce(dependency_task_ids, '{}') FROM public.tasks WHERE event_id = $1",
        &[p_event_id.into()],
        |r| {
            Ok((
                r.get::<pgrx::Uuid>(1)?
                    .unwrap_or_else(|| pgrx::Uuid::from_bytes([0; 16])),
                r.get::<Vec<Option<pgrx::Uuid>>>(2)?.unwrap_or_default(),
            ))
        },
    );
    let index: HashMap<pgrx::Uuid, usize> = rows
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (*id, i))
        .collect();
    let edges: Vec<Vec<usize>> = rows
        .iter()
        .map(|(_, deps)| {
            deps.iter()
                .flatten()
                .filter_map(|d| index.get(d).copied())
                .collect()
        })
        .collect();
    find_cycle(&edges).map(|cycle| cycle.into_iter().map(|i| rows[i].0).collect())
}

#[cfg(test)]
mod unit {
    use super::find_cycle;

    #[test]
    fn no_cycle_in_phases() {
        // three phases of three, each task waiting for the whole phase before it
        let edges: Vec<Vec<usize>> = (0..9)
            .map(|i| {
                if i < 3 {
                    vec![]
                } else {
                    (0..3).map(|j| (i / 3 - 1) * 3 + j).collect()
                }
            })
            .collect();
        assert_eq!(find_cycle(&edges), None);
    }

    #[test]
    fn finds_a_cycle_and_its_path() {
        // 0 -> 1 -> 2 -> 3 -> 1, and 4 alone
        let edges = vec![vec![1], vec![2], vec![3], vec![1], vec![]];
        assert_eq!(find_cycle(&edges), Some(vec![1, 2, 3, 1]));
        assert_eq!(find_cycle(&[vec![0]]), Some(vec![0, 0]));
    }

    #[test]
    fn a_long_chain_does_not_overflow() {
        let n = 200_000;
        let mut edges: Vec<Vec<usize>> = (0..n)
            .map(|i| if i + 1 < n { vec![i + 1] } else { vec![] })
            .collect();
        assert_eq!(find_cycle(&edges), None);
        edges[n - 1] = vec![0];
        assert_eq!(find_cycle(&edges).map(|c| c.len()), Some(n + 1));
    }
}

#[cfg(any(test, feature = "pg_test"))]
#[pg_schema]
mod tests {
    use pgrx::prelude::*;

    #[pg_test]
    fn cycle_of_an_event_as_task_ids() {
        crate::plans::run_script(
            "INSERT INTO auth.users (id, email) VALUES ('00000000-0000-0000-0000-0000000000a7', 't@x.io');
             INSERT INTO public.organizations (id, name, slug) VALUES ('00000000-0000-0000-0000-0000000000b7', 'Plan', 'plan');
             INSERT INTO public.users (id, email, role, organization_id) VALUES ('00000000-0000-0000-0000-0000000000a7', 't@x.io', 'owner', '00000000-0000-0000-0000-0000000000b7');
             INSERT INTO public.events (id, name, start_date, organization_id, created_by) VALUES
                 ('00000000-0000-0000-0000-0000000000c7', 'Plan show', now(), '00000000-0000-0000-0000-0000000000b7', '00000000-0000-0000-0000-0000000000a7');
             INSERT INTO public.tasks (id, event_id, title, dependency_task_ids) VALUES
                 ('00000000-0000-0000-0000-0000000000d1', '00000000-0000-0000-0000-0000000000c7', 'one', '{00000000-0000-0000-0000-0000000000d2}'),
                 ('00000000-0000-0000-0000-0000000000d2', '00000000-0000-0000-0000-0000000000c7', 'two', '{}');",
        );
        let none = crate::plans::one::<bool>(
            "SELECT fashionos.task_dependency_cycle('00000000-0000-0000-0000-0000000000c7') IS NULL",
            &[],
        );
        assert_eq!(none, Some(true));
        // the operator's own session loads a cycle as it is (a restore); the function finds it
        crate::plans::run("UPDATE public.tasks SET dependency_task_ids = '{00000000-0000-0000-0000-0000000000d1}' WHERE id = '00000000-0000-0000-0000-0000000000d2'", &[]);
        let cycle = crate::plans::one::<i32>(
            "SELECT cardinality(fashionos.task_dependency_cycle('00000000-0000-0000-0000-0000000000c7'))",
            &[],
        );
        assert_eq!(cycle, Some(3));
    }
}
