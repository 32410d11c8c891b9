#!/usr/bin/env bash
# task_race.sh: a producer's team editing one work plan at once (public.tasks and its
# dependency_task_ids, sql/base.sql), through many real connections.
#
#   PORT=54403 tests/concurrency/task_race.sh
#
# Needs a running cluster on PORT with fashionos installed; creates and drops its own database
# (KEEP=1 keeps it). N clients (default 20) are released at once (gate.sh):
#   1. each inserts 50 tasks over two events in one statement, their rows interleaved, each task
#      waiting for the one before it in its event: none deadlocks (the events of a statement are
#      taken in the order of their ids), every task is in, every list names tasks of its event;
#   2. each makes task i of a ring of N tasks wait for task i+1: together they would close a
#      cycle. Exactly one is refused with PT409, and no cycle is saved;
#   3. a plan of phases (5 phases of 60 tasks, each waiting for the whole phase before it: 14,400
#      dependencies) goes in with one statement, and a dependency that closes a cycle through all
#      five phases is refused, naming it.
set -uo pipefail
DB=${DB:-task_race}
N=${N:-20}
. "$(dirname "$0")/gate.sh"

log "database $DB on port $PORT, $N clients"
fresh_db "$PORT" "$DB" || { echo "task_race: 0 passed, 1 failed"; exit 1; }
q >/dev/null <<SQL
INSERT INTO auth.users (id, email) VALUES ('$OWNER', 'owner@maison.test');
INSERT INTO public.organizations (id, name, slug) VALUES ('$ORG', 'Maison Plan', 'maison-plan');
INSERT INTO public.users (id, email, role, organization_id) VALUES ('$OWNER', 'owner@maison.test', 'owner', '$ORG');
INSERT INTO public.events (id, name, status, start_date, organization_id, created_by) VALUES
    ('$EVENT', 'Plan Show', 'active', now() + interval '1 day', '$ORG', '$OWNER'),
    ('$EVENT2', 'Plan Show 2', 'active', now() + interval '2 days', '$ORG', '$OWNER');
SQL

# 1. N plans of 50 tasks over the two events at once
plan_client() {
    echo "$(claims authenticated "$OWNER");
          INSERT INTO public.tasks (id, event_id, title, dependency_task_ids)
          SELECT md5('plan$1-' || i)::uuid, CASE WHEN i % 2 = 0 THEN '$EVENT'::uuid ELSE '$EVENT2'::uuid END, 'task ' || i,
                 CASE WHEN i >= 2 THEN ARRAY[md5('plan$1-' || (i - 2))::uuid] ELSE '{}' END
            FROM generate_series(0, 49) i"
}
race plans plan_client
check "plans: no client failed (no deadlock)" 0 "$(grep -l "ERROR" "$WORK"/plans.* | wc -l)"
check "plans: every task is in" $((N * 50)) "$(q -c "SELECT count(*) FROM public.tasks")"
check "plans: every list names a task of its own event" 0 "$(q -c "
    SELECT count(*) FROM public.tasks t, unnest(t.dependency_task_ids) d
     WHERE NOT EXISTS (SELECT 1 FROM public.tasks x WHERE x.id = d AND x.event_id = t.event_id)")"

# 2. a ring of N tasks, each client adding one link of it
q -c "INSERT INTO public.tasks (id, event_id, title) SELECT md5('ring-' || i)::uuid, '$EVENT', 'ring ' || i FROM generate_series(1, $N) i" >/dev/null
ring_client() {
    echo "$(claims authenticated "$OWNER");
          UPDATE public.tasks SET dependency_task_ids = ARRAY[md5('ring-' || ($1 % $N + 1))::uuid] WHERE id = md5('ring-$1')::uuid"
}
race ring ring_client
check "ring: exactly one link refused" 1 "$(grep -l "ERROR" "$WORK"/ring.* | wc -l)"
check "ring: the refusal is the cycle (PT409)" 1 "$(grep -l "PT409: the task dependencies form a cycle" "$WORK"/ring.* | wc -l)"
check "ring: no cycle saved" t "$(q -c "SELECT fashionos.task_dependency_cycle('$EVENT') IS NULL")"

# 3. a plan of phases in one statement, then a link that closes a cycle through all of it
rpc authenticated "$OWNER" "INSERT INTO public.tasks (id, event_id, title, dependency_task_ids)
    SELECT md5('phase-' || p || '-' || i)::uuid, '$EVENT2', format('phase %s task %s', p, i),
           CASE WHEN p = 1 THEN '{}'::uuid[] ELSE ARRAY(SELECT md5('phase-' || (p - 1) || '-' || j)::uuid FROM generate_series(1, 60) j) END
      FROM generate_series(1, 5) p, generate_series(1, 60) i" > "$WORK/phases" 2>&1
check "phases: 300 tasks with 14,400 dependencies in one statement" "14400" \
    "$(q -c "SELECT sum(cardinality(dependency_task_ids)) FROM public.tasks WHERE title LIKE 'phase %'")"
out=$(rpc authenticated "$OWNER" "UPDATE public.tasks SET dependency_task_ids = ARRAY[md5('phase-5-1')::uuid] WHERE id = md5('phase-1-1')::uuid" 2>&1)
check "phases: a link from the first phase to the last is refused as a cycle" 1 "$(grep -c "PT409 the task dependencies form a cycle" <<< "$out")"

gate_finish task_race
