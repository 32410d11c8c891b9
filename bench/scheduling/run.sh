#!/usr/bin/env bash
# bench/scheduling/run.sh: conflict checks at 10k and 1M bookings, walk-order validation of a
# 120-look show. See bench/scheduling/README.md.
#
#   PORT=54403 bench/scheduling/run.sh
#
# Needs a running cluster on PORT with fashionos installed; creates (and drops, unless KEEP=1) the
# database sched_bench. DURATION seconds per measurement (default 10), CLIENTS for the throughput
# runs (default 4).
set -euo pipefail
. "$(dirname "$0")/../../scripts/common.sh"
PORT=${PORT:?set PORT to the port of a running cluster with fashionos installed}
DB=${DB:-sched_bench}
DURATION=${DURATION:-10}
CLIENTS=${CLIENTS:-4}
PGBENCH=$PG_BIN/pgbench
WORK=$(mktemp -d /tmp/sched_bench.XXXXXX)
PSQL=(psql -X -q -h localhost -p "$PORT" -U postgres -d "$DB" -v ON_ERROR_STOP=1)
q() { "${PSQL[@]}" -At -c "$1"; }

# bench NAME CLIENTS SCRIPT-TEXT: runs pgbench, prints and returns "latency_ms tps"
bench() {
    local name=$1 clients=$2 out
    printf '%s\n' "$3" >"$WORK/$name.sql"
    out=$("$PGBENCH" -n -h localhost -p "$PORT" -U postgres -c "$clients" -j "$clients" -T "$DURATION" \
        -f "$WORK/$name.sql" "$DB" 2>&1) || { echo "$out" >&2; exit 1; }
    local lat tps
    lat=$(sed -n 's/^latency average = \([0-9.]*\) ms.*/\1/p' <<<"$out")
    tps=$(printf '%.0f' "$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' <<<"$out")")
    echo "$lat $tps"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

log "database $DB on port $PORT"
fresh_db "$PORT" "$DB"

# Fixtures: one organization and owner, 1000 events, 10000 venues, a 120-look show.
"${PSQL[@]}" >/dev/null <<'SQL'
INSERT INTO public.organizations (id, name, slug) VALUES ('00000000-0000-0000-0009-000000000001', 'Bench', 'bench');
INSERT INTO auth.users (id, email)
    SELECT format('00000000-0000-0000-0001-%s', lpad(n::text, 12, '0'))::uuid, 'u' || n || '@bench.test' FROM generate_series(1, 60) n;
INSERT INTO public.users (id, email, role, organization_id) SELECT id, email, 'owner', '00000000-0000-0000-0009-000000000001' FROM auth.users;
INSERT INTO public.events (id, name, start_date, organization_id, created_by)
    SELECT format('00000000-0000-0000-0004-%s', lpad(n::text, 12, '0'))::uuid, 'Event ' || n, '2026-06-01',
           '00000000-0000-0000-0009-000000000001', '00000000-0000-0000-0001-000000000001'
      FROM generate_series(1, 1001) n;
INSERT INTO public.venues (id, owner_id, name)
    SELECT format('00000000-0000-0000-0005-%s', lpad(n::text, 12, '0'))::uuid, '00000000-0000-0000-0001-000000000001', 'Venue ' || n
      FROM generate_series(1, 10000) n;
-- the show: 120 looks by 60 models, each walking twice, 60 looks apart; opener 1, closer 120
INSERT INTO public.model_profiles (id, user_id)
    SELECT format('00000000-0000-0000-0002-%s', lpad(n::text, 12, '0'))::uuid, format('00000000-0000-0000-0001-%s', lpad(n::text, 12, '0'))::uuid
      FROM generate_series(1, 60) n;
INSERT INTO public.event_models (event_id, model_profile_id, walk_order, is_opening, is_closing)
    SELECT '00000000-0000-0000-0004-000000001001', format('00000000-0000-0000-0002-%s', lpad(((n - 1) % 60 + 1)::text, 12, '0'))::uuid,
           n, n = 1, n = 120
      FROM generate_series(1, 120) n;

-- fill(first venue, last venue): 100 bookings per venue, every 3 hours from 2026-06-01, 2 hours
-- long, for one of the 1000 events; every tenth is a tentative hold of 4 hours (it overlaps the
-- next booking: a reported conflict). Straight into the ledger (the triggers are measured apart).
CREATE SCHEMA bench;
CREATE FUNCTION bench.fill(p_from int, p_to int) RETURNS bigint LANGUAGE sql AS $$
    INSERT INTO fashionos.bookings (source_table, source_id, resource_type, resource_id, during, status, event_id)
    SELECT 'venue_availability', gen_random_uuid(), 'venue',
           format('00000000-0000-0000-0005-%s', lpad(v::text, 12, '0'))::uuid,
           tstzrange(timestamptz '2026-06-01 00:00Z' + k * interval '3 hours',
                     timestamptz '2026-06-01 00:00Z' + k * interval '3 hours' + CASE WHEN k % 10 = 9 THEN interval '4 hours' ELSE interval '2 hours' END),
           CASE WHEN k % 10 = 9 THEN 'tentative' ELSE 'booked' END,
           format('00000000-0000-0000-0004-%s', lpad(((v * 100 + k) % 1000 + 1)::text, 12, '0'))::uuid
      FROM generate_series(p_from, p_to) v, generate_series(0, 99) k;
    SELECT count(*) FROM fashionos.bookings;
$$;
SQL

# find_conflicts: a random venue of the first NV, a one-day window in its 300 hours
find_script() {
    cat <<SQL
\set v random(1, $1)
\set d random(0, 11)
SELECT count(*) FROM public.find_conflicts('venue', format('00000000-0000-0000-0005-%s', lpad(:v::text, 12, '0'))::uuid,
    timestamptz '2026-06-01 00:00Z' + :d * interval '1 day', timestamptz '2026-06-02 00:00Z' + :d * interval '1 day');
SQL
}
event_script='\set e random(1, 1000)
SELECT count(*) FROM public.event_conflicts(format('"'"'00000000-0000-0000-0004-%s'"'"', lpad(:e::text, 12, '"'"'0'"'"'))::uuid);'

declare -A R
measure() { # measure LABEL NVENUES
    local label=$1 nv=$2
    read -r R[${label}_find_lat] _ < <(bench "find_$label" 1 "$(find_script "$nv")")
    read -r _ R[${label}_find_tps] < <(bench "find_${label}_c" "$CLIENTS" "$(find_script "$nv")")
    read -r R[${label}_event_lat] _ < <(bench "event_$label" 1 "$event_script")
    log "$label: find_conflicts ${R[${label}_find_lat]} ms (${R[${label}_find_tps]} calls/s with $CLIENTS clients), event_conflicts ${R[${label}_event_lat]} ms"
}

log "filling 10k bookings (100 venues x 100)"
t0=$(date +%s.%N); n10k=$(q "SELECT bench.fill(1, 100)"); t1=$(date +%s.%N)
q "VACUUM ANALYZE fashionos.bookings" >/dev/null
log "$n10k ledger rows in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s"
measure 10k 100

log "filling to 1M bookings (10000 venues x 100)"
t0=$(date +%s.%N); n1m=$(q "SELECT bench.fill(101, 10000)"); t1=$(date +%s.%N)
q "VACUUM ANALYZE fashionos.bookings" >/dev/null
log "$n1m ledger rows in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s"
measure 1m 10000

# the same conflict check at 1M without the GiST indexes (sequential scan): what the index saves
noidx=$(printf 'SET enable_indexscan = off;\nSET enable_bitmapscan = off;\n%s\n' "$(find_script 10000)")
read -r R[noidx_find_lat] _ < <(bench find_noidx 1 "$noidx")
log "1M without index: find_conflicts ${R[noidx_find_lat]} ms"

# booking through the source table (trigger, exclusion check, PT409 translation), at 1M
ins_script='\set v random(1, 10000)
\set k random(0, 1000000)
INSERT INTO public.venue_availability (venue_id, event_id, date, start_time, end_time, status)
VALUES (format('"'"'00000000-0000-0000-0005-%s'"'"', lpad(:v::text, 12, '"'"'0'"'"'))::uuid, '"'"'00000000-0000-0000-0004-000000000001'"'"',
        date '"'"'2027-01-01'"'"' + :k / 12, timestamptz '"'"'2027-01-01 00:00Z'"'"' + :k * interval '"'"'2 hours'"'"',
        timestamptz '"'"'2027-01-01 01:00Z'"'"' + :k * interval '"'"'2 hours'"'"', '"'"'tentative'"'"');'
read -r R[insert_lat] R[insert_tps] < <(bench insert "$CLIENTS" "$ins_script")
log "booking insert through venue_availability at 1M: ${R[insert_lat]} ms ($CLIENTS clients, ${R[insert_tps]} rows/s)"

# walk order: validation of the 120-look show vs a plain SELECT of the same 120 rows
show=00000000-0000-0000-0004-000000001001
read -r R[select_lat] _ < <(bench select120 1 "SELECT count(*) FROM (SELECT id, model_profile_id, walk_order, is_opening, is_closing FROM public.event_models WHERE event_id = '$show') s;")
read -r R[validate_lat] _ < <(bench validate120 1 "SELECT count(*) FROM public.validate_walk_order('$show');")
violations=$(q "SELECT count(*) FROM public.validate_walk_order('$show')")
read -r R[reorder_lat] _ < <(bench reorder120 1 "\\set r random(0, 119)
SELECT count(*) FROM public.set_walk_order('$show', ARRAY(SELECT id FROM public.event_models WHERE event_id = '$show' ORDER BY (walk_order + :r) % 120));")
log "120 looks: plain SELECT ${R[select_lat]} ms, validate_walk_order ${R[validate_lat]} ms ($violations violations), set_walk_order ${R[reorder_lat]} ms"

cat <<REPORT

== bench/scheduling results ($(date -u +%Y-%m-%d), PostgreSQL $(q "SHOW server_version"), $(nproc) CPUs, ${DURATION}s per run)
find_conflicts, one venue, one-day window (latency, 1 client; throughput, $CLIENTS clients)
  10k bookings        ${R[10k_find_lat]} ms   ${R[10k_find_tps]} calls/s
  1M bookings         ${R[1m_find_lat]} ms   ${R[1m_find_tps]} calls/s
  ratio 1M / 10k      $(ratio "${R[1m_find_lat]}" "${R[10k_find_lat]}")x latency for 100x the bookings
  1M, no index        ${R[noidx_find_lat]} ms   ($(ratio "${R[noidx_find_lat]}" "${R[1m_find_lat]}")x the indexed check)
event_conflicts, one event (~10 bookings at 10k, ~1000 at 1M)
  10k bookings        ${R[10k_event_lat]} ms
  1M bookings         ${R[1m_event_lat]} ms
booking INSERT through venue_availability at 1M (trigger + exclusion check)
                      ${R[insert_lat]} ms   ${R[insert_tps]} rows/s ($CLIENTS clients)
walk order, 120-look show
  plain SELECT        ${R[select_lat]} ms
  validate_walk_order ${R[validate_lat]} ms   ($(ratio "${R[validate_lat]}" "${R[select_lat]}")x the plain SELECT; the show is valid: $violations violations)
  set_walk_order      ${R[reorder_lat]} ms   (a rotation of all 120 looks, one UPDATE)
REPORT

rm -rf "$WORK"
if [ "${KEEP:-0}" != 1 ]; then
    psql -X -q -h localhost -p "$PORT" -U postgres -d postgres -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" >/dev/null 2>&1
fi
