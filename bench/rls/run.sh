#!/usr/bin/env bash
# bench/rls/run.sh: what row level security costs. Loads 100,000 events (100 organizations) and
# 120,000 registrations into the database bench_rls of the running cluster on PORT (the extension
# must be installed: scripts/dev-install.sh), then runs each request of bench/rls/*.pgb with
# pgbench, the way PostgREST runs it (a transaction with set_config('role', ..., true) and
# set_config('request.jwt.claims', ..., true), then the query), as authenticated (an organizer of
# the organization) and as service_role (no row level security), and prints the ratio of their
# latencies. The two sides alternate in ROUNDS short runs and each reports its median, so a machine
# whose load changes during the run shifts both alike. Writes the table to bench/rls/results.md.
#   PORT      cluster port (default 54325)
#   DURATION  seconds per pgbench run (default 3)
#   ROUNDS    runs per side and request (default 5)
#   CLIENTS   pgbench client counts, each measured (default "1 2": one request at a time, and
#             the machine's cores busy)
#   SKIP_LOAD=1  measure the database loaded by an earlier run
set -euo pipefail
. "$(dirname "$0")/../../scripts/common.sh"
PORT=${PORT:-54325}
DURATION=${DURATION:-3}
ROUNDS=${ROUNDS:-5}
CLIENTS=${CLIENTS:-"1 2"}
HERE="$REPO_ROOT/bench/rls"
DB=bench_rls
q() { psql -X -q -At -v ON_ERROR_STOP=1 -h localhost -p "$PORT" -U postgres -d "$DB" "$@"; }

if [ "${SKIP_LOAD:-0}" != 1 ]; then
    log "loading $DB on port $PORT"
    fresh_db "$PORT" "$DB" >/dev/null
    q -f "$HERE/load.sql"
fi

# The two sides of every pair return the same rows: compare them once for a sample of callers.
log "checking that authenticated and service_role see the same rows"
q <<'SQL'
CREATE FUNCTION pg_temp.rows_as(p_role text, p_org int, p_sql text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE v text;
BEGIN
    PERFORM set_config('role', p_role, true);
    PERFORM set_config('request.jwt.claims',
        CASE WHEN p_role = 'authenticated' THEN json_build_object('sub', md5('user:' || p_org)::uuid, 'role', p_role)
             ELSE json_build_object('role', p_role) END::text, true);
    EXECUTE 'SELECT md5(string_agg(id::text, '','' ORDER BY id)) FROM (' || p_sql || ') s' INTO v;
    PERFORM set_config('role', 'none', true);
    RETURN v;
END $$;
DO $$
DECLARE o int; e int;
BEGIN
    FOR o IN 1..100 BY 33 LOOP
        e := o + 100;  -- an event of organization o + 1 with registrations
        IF pg_temp.rows_as('authenticated', o, 'SELECT * FROM public.events ORDER BY start_date DESC LIMIT 50')
           IS DISTINCT FROM pg_temp.rows_as('service_role', o, format('SELECT * FROM public.events WHERE organization_id = %L ORDER BY start_date DESC LIMIT 50', md5('org:' || o)::uuid))
        THEN RAISE EXCEPTION 'events list differs for organization %', o; END IF;
        IF pg_temp.rows_as('authenticated', e % 100 + 1, format('SELECT * FROM public.registrations WHERE event_id = %L', md5('event:' || e)::uuid))
           IS DISTINCT FROM pg_temp.rows_as('service_role', e % 100 + 1, format('SELECT * FROM public.registrations WHERE event_id = %L', md5('event:' || e)::uuid))
        THEN RAISE EXCEPTION 'registrations of event % differ', e; END IF;
        IF pg_temp.rows_as('authenticated', o, 'SELECT * FROM public.events') IS NULL
           OR (SELECT count(*) FROM public.events WHERE organization_id = md5('org:' || o)::uuid) <> 1000
        THEN RAISE EXCEPTION 'organization % does not see its events', o; END IF;
    END LOOP;
END $$;
SQL

# latency of one script in ms (pgbench's average, connection time excluded)
run() { # run CLIENTS SECONDS SCRIPT
    pgbench -n -M prepared -h localhost -p "$PORT" -U postgres -c "$1" -j "$1" -T "$2" \
        -f "$HERE/$3.pgb" "$DB" 2>/dev/null | awk '/^latency average = / { printf "%.3f", $4 }'
}
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

rows=()
pair() { # pair LABEL AUTH_SCRIPT SERVICE_SCRIPT
    local c as ss i a s
    for c in $CLIENTS; do
        run "$c" 2 "$2" >/dev/null; run "$c" 2 "$3" >/dev/null  # warm-up
        as=(); ss=()
        for i in $(seq "$ROUNDS"); do as+=("$(run "$c" "$DURATION" "$2")"); ss+=("$(run "$c" "$DURATION" "$3")"); done
        a=$(median "${as[@]}"); s=$(median "${ss[@]}")
        echo "$1, $c clients: authenticated ${as[*]} -> $a ms; service_role ${ss[*]} -> $s ms" >&2
        rows+=("| $1 | $c | $a | $s | $(awk -v a="$a" -v s="$s" 'BEGIN { printf "%.2f", a / s }') |")
    done
}
log "pgbench: $CLIENTS clients, $ROUNDS alternating runs of ${DURATION}s per side"
pair "events: list, newest 50 of the caller's organization (authenticated relies on the policy, service_role filters by organization_id)" \
    events_list_authenticated events_list_service_role
pair "events: list with an explicit organization_id filter (same statement on both sides)" \
    events_filtered_list_authenticated events_list_service_role
pair "events: point lookup by id" events_point_authenticated events_point_service_role
pair "registrations: list, newest 50 of one event (100 registrations)" \
    registrations_list_authenticated registrations_list_service_role
pair "registrations: point lookup by id" registrations_point_authenticated registrations_point_service_role

out="$HERE/results.md"
{
    echo "Run $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, PostgreSQL $(psql -X -At -h localhost -p "$PORT" -U postgres -c 'SHOW server_version' | cut -d' ' -f1), median of $ROUNDS alternating runs of ${DURATION}s per side and client count."
    echo "Data: $(q -c "SELECT format('%s events of %s organizations, %s registrations', (SELECT count(*) FROM public.events), (SELECT count(*) FROM public.organizations), (SELECT count(*) FROM public.registrations))")."
    echo "Each request is a transaction as PostgREST runs it (set_config role and claims, the query, commit); latency is pgbench's average per request, in ms."
    echo
    echo "| request | clients | authenticated (ms) | service_role (ms) | ratio |"
    echo "|---|---|---|---|---|"
    printf '%s\n' "${rows[@]}"
} | tee "$out"
