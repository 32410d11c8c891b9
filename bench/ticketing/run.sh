#!/usr/bin/env bash
# bench/ticketing/run.sh: ticketing throughput, each number next to its baseline from the same run.
#   - confirmed purchases per second (reserve as anon + payment webhook as service_role: two
#     requests, two transactions, as PostgREST runs them) at 1, 8 and 32 clients, on ONE hot tier
#     and on the same load spread over 64 tiers, through the API and through the same purchase
#     written in PL/pgSQL (baseline.sql); over SQL with pgbench, then through a real PostgREST with
#     a Node load generator (http_load.mjs);
#   - token verifications and check-ins per second against a plain SELECT of the token;
#   - the reads a crowd makes during a drop (an event's tiers as anon, through row level security,
#     and ticket_tier_sales) against the same rows read as service_role, without row level security.
# Self-contained: builds and installs the release build into $PG_CONFIG (SKIP_INSTALL=1 skips it),
# runs its own cluster on PORT (default 54340; PostgREST on API_PORT, default PORT + 2), prints
# markdown tables and writes them to bench/ticketing/results.md; a shortened run (any of the settings below
# set) writes them to $BENCH_DIR/results.md instead, so that a trial never
# replaces the published run.
#   DURATION   seconds per measured run (default 10)
#   ROUNDS     rounds of every run; each purchase rate is the median of its rounds (default 3)
#   MODES      what to run, any of "sql http door reads" (default all four)
#   CLIENTS    client counts (default "1 8 32")
#   IMPLS      purchases to measure, any of "api same plpgsql" (default all three)
#   THREADS    pgbench threads (default 2, one per core; 1 for one client): a trial only, to see
#              how much the load generator's own scheduling weighs on the hot tier
set -euo pipefail
. "$(dirname "$0")/../../scripts/common.sh"
. "$REPO_ROOT/scripts/postgrest.sh"
PORT=${PORT:-54340}
API_PORT=${API_PORT:-$((PORT + 2))}
SHORTENED=${DURATION+1}${ROUNDS+1}${MODES+1}${CLIENTS+1}${IMPLS+1}${THREADS+1}  # empty for the full, published run
DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-3}
MODES=${MODES:-sql http door reads}
CLIENTS=${CLIENTS:-1 8 32}
SPREAD=64
IMPLS=${IMPLS:-api same plpgsql}  # the API, the same logic in PL/pgSQL, the naive PL/pgSQL purchase
DIR=${BENCH_DIR:-/tmp/fashionos-bench}
HERE="$REPO_ROOT/bench/ticketing"
ensure_deps
[ "${SKIP_INSTALL:-0}" = 1 ] || install_extension
start_cluster "$DIR/pgdata" "$PORT"
trap 'api_stop "$DIR/api" 2>/dev/null; stop_cluster "$DIR/pgdata"' EXIT
DB=bench_ticketing
fresh_db "$PORT" "$DB" >/dev/null
q() { psql -X -q -At -v ON_ERROR_STOP=1 -h localhost -p "$PORT" -U postgres -d "$DB" "$@"; }
q -f "$HERE/baseline.sql" >/dev/null
OWNER=00000000-0000-4000-8000-00000000b001
EVENT=00000000-0000-4000-8000-00000000b0e1
q <<SQL >/dev/null
INSERT INTO auth.users (id, email) VALUES ('$OWNER', 'owner@bench.test');
INSERT INTO public.organizations (id, name, slug) VALUES ('00000000-0000-4000-8000-00000000b0a1', 'Bench', 'bench');
INSERT INTO public.users (id, email, role, organization_id) VALUES ('$OWNER', 'owner@bench.test', 'owner', '00000000-0000-4000-8000-00000000b0a1');
INSERT INTO public.events (id, name, status, start_date, organization_id, created_by)
VALUES ('$EVENT', 'Bench Show', 'active', now() + interval '30 days', '00000000-0000-4000-8000-00000000b0a1', '$OWNER');
CREATE TABLE bench.tokens (i integer PRIMARY KEY, token text NOT NULL);
-- The tiers of each measured run: group g, numbered 1..n (n = 1: one hot tier).
CREATE TABLE bench.tiers (g text, i integer, id uuid NOT NULL, PRIMARY KEY (g, i));
GRANT SELECT ON bench.tokens, bench.tiers TO anon, authenticated;
SQL
# new_tiers GROUP N: N fresh paid tiers of the bench event, each with room for the whole run.
new_tiers() {
    q -c "WITH t AS (
              INSERT INTO public.ticket_tiers (event_id, name, type, price, quantity_total)
              SELECT '$EVENT', '$1 ' || i, 'paid', 95.00, 100000000 FROM generate_series(1, $2) i
              RETURNING id, name)
          INSERT INTO bench.tiers SELECT '$1', split_part(name, ' ', 2)::integer, id FROM t"
}
ratio() { awk -v a="${1:-0}" -v b="${2:-0}" 'BEGIN { if (a > 0 && b > 0) printf "%.2f", a / b; else printf "-" }'; }
# Between runs: finish the previous run's writes so that each run starts alike.
settle() { q -c "CHECKPOINT" >/dev/null; q -c "VACUUM ANALYZE public.ticket_tiers, public.registrations, public.payments, fashionos.registration_holds" >/dev/null; }

tps() { # tps SCRIPT CLIENTS [pgbench args]: transactions per second, excluding connection time;
    # SCRIPT: a file of bench/ticketing, or a path
    local script=$1 clients=$2; shift 2
    [[ $script == /* ]] || script=$HERE/$script
    pgbench -n -M extended -h localhost -p "$PORT" -U postgres -c "$clients" -j "$(( clients < ${THREADS:-2} ? clients : ${THREADS:-2} ))" -T "$DURATION" \
        -f "$script" "$@" "$DB" 2>/dev/null | awk '/^tps = / { printf "%.0f", $3 }'
}

# table NAME: the hot/spread table of one mode from the rates in R[impl-load-clients].
declare -A R
rate() { if [ -n "$1" ]; then echo "$1/s"; else echo "-"; fi; }
table() {
    echo "| clients | API, one hot tier | API, $SPREAD tiers | same logic in PL/pgSQL, one hot tier | same logic in PL/pgSQL, $SPREAD tiers | naive PL/pgSQL, one hot tier | naive PL/pgSQL, $SPREAD tiers | API hot / API spread | API / same logic in PL/pgSQL ($SPREAD tiers) | API / naive PL/pgSQL ($SPREAD tiers) |"
    echo "|---|---|---|---|---|---|---|---|---|---|"
    for c in $CLIENTS; do
        local r=()
        # every implementation has its columns; one not measured in this run (IMPLS) shows "-"
        for impl in api same plpgsql; do
            for load in hot spread; do r+=("$(rate "${R[$1-$impl-$load-$c]:-}")"); done
        done
        echo "| $c |$(printf ' %s |' "${r[@]}") $(ratio "${R[$1-api-hot-$c]:-}" "${R[$1-api-spread-$c]:-}") | $(ratio "${R[$1-api-spread-$c]:-}" "${R[$1-same-spread-$c]:-}") | $(ratio "${R[$1-api-spread-$c]:-}" "${R[$1-plpgsql-spread-$c]:-}") |"
    done
}
check_books() { # every purchase confirmed, every tier's counter equal to its live registrations
    q -c "SELECT count(*) FROM public.ticket_tiers t
           WHERE t.quantity_sold <> (SELECT count(*) FROM public.registrations r
                                      WHERE r.ticket_tier_id = t.id AND r.status <> 'cancelled')"
}

# Rates of one mode: sql_rate / http_rate IMPL GROUP CLIENTS DURATION: purchases per second of IMPL
# by CLIENTS clients for DURATION seconds on the tiers of GROUP.
sql_rate() { DURATION=$4 tps "purchase_$1.pgb" "$3" -D g="$2" -D ntiers="$(q -c "SELECT count(*) FROM bench.tiers WHERE g = '$2'")"; }
http_rate() {
    local tiers out
    tiers=$(q -c "SELECT string_agg(id::text, ',' ORDER BY i) FROM bench.tiers WHERE g = '$2'")
    out=$(node "$HERE/http_load.mjs" "$POSTGREST_URL" "$ANON_KEY" "$SERVICE_ROLE_KEY" "$1" "$tiers" "$3" "$4")
    node -e 'const r = JSON.parse(process.argv[1]); if (r.errors) console.error(`${r.errors} errors, last: ${r.lastError}`); console.log(Math.round(r.rate))' "$out"
}
# median RATE...: the median of the rates (the lower middle one of an even count).
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# measure MODE: a warm-up, then ROUNDS rounds of every client count, implementation and load of
# MODE, each run on fresh tiers; R holds the median of each cell's rounds. Then the books are
# checked. The warm-up: each implementation runs 3 s first on tiers of its own, so that the first
# measured run does not pay alone for cold caches (at 1 client it read 0.6-0.8 of the spread load).
# The rounds: one 10 s run of a cell moved by up to 0.1-0.2 from the next on this machine; the
# median of three alternated rounds moves much less.
measure() {
    local mode=$1 c impl load n g r
    local -A runs=()
    new_tiers "$mode-warm" 1 >/dev/null
    for impl in $IMPLS; do "${mode}_rate" "$impl" "$mode-warm" 2 3 >/dev/null; done
    for r in $(seq "$ROUNDS"); do
        for c in $CLIENTS; do
            for impl in $IMPLS; do
                for load in hot spread; do
                    n=1; [ $load = spread ] && n=$SPREAD
                    g="$mode-$impl-$load-$c-$r"; new_tiers "$g" $n >/dev/null; settle
                    runs[$impl-$load-$c]+=" $("${mode}_rate" "$impl" "$g" "$c" "$DURATION")"
                    echo "$mode round $r clients=$c $impl $load:${runs[$impl-$load-$c]}" >&2
                done
            done
        done
    done
    for c in $CLIENTS; do for impl in $IMPLS; do for load in hot spread; do
        # shellcheck disable=SC2086  # the rounds' rates, one word each
        R[$mode-$impl-$load-$c]=$(median ${runs[$impl-$load-$c]})
    done; done; done
    [ "$(check_books)" = 0 ] || { echo "quantity_sold differs from the live registrations after the $mode runs" >&2; exit 1; }
}

[[ " $MODES " != *" sql "* ]] || measure sql

if [[ " $MODES " == *" http "* ]]; then
    # PostgREST exposes schema public: the naive baseline gets two public wrappers in this database
    # only (the same-logic one has its own, from baseline.sql).
    q <<'SQL' >/dev/null
CREATE FUNCTION public.bench_plpgsql_reserve(p_ticket_tier_id uuid, p_attendee_email text, p_attendee_name text)
    RETURNS uuid LANGUAGE sql VOLATILE SET search_path = '' AS
    $$ SELECT bench.plpgsql_reserve(p_ticket_tier_id, p_attendee_email, p_attendee_name) $$;
CREATE FUNCTION public.bench_plpgsql_complete(p_payment_id uuid)
    RETURNS boolean LANGUAGE sql VOLATILE SET search_path = '' AS
    $$ SELECT bench.plpgsql_complete(p_payment_id) $$;
GRANT EXECUTE ON FUNCTION public.bench_plpgsql_reserve(uuid, text, text) TO anon;
GRANT EXECUTE ON FUNCTION public.bench_plpgsql_complete(uuid) TO service_role;
SQL
    api_start "$PORT" "$DB" "$API_PORT" "$DIR/api" >/dev/null
    . "$DIR/api/api.env"
    measure http
    api_stop "$DIR/api"
fi

if [[ " $MODES " == *" door "* ]]; then
    # 2,000 confirmed tickets to verify and scan.
    new_tiers scan 1 >/dev/null
    q <<SQL >/dev/null
UPDATE public.ticket_tiers SET price = 0 WHERE id = (SELECT id FROM bench.tiers WHERE g = 'scan');
INSERT INTO bench.tokens
SELECT g, (SELECT qr_code_data FROM public.reserve_tickets((SELECT id FROM bench.tiers WHERE g = 'scan'), 1, 'scan' || g || '@example.com', 'Scan ' || g))
  FROM generate_series(1, 2000) g;
SQL
    claims="{\"sub\":\"$OWNER\",\"role\":\"authenticated\"}"
    ver=$(tps verify.pgb 8)
    sel=$(tps <(printf '\\set i random(1, 2000)\nSELECT token FROM bench.tokens WHERE i = :i;\n') 8)
    chk=$(tps checkin.pgb 8 -D claims="$claims" -D event="$EVENT")
fi

if [[ " $MODES " == *" reads "* ]]; then
    # An on-sale event of its own with 64 tiers: what a buyer's page lists before a drop.
    LIST_EVENT=00000000-0000-4000-8000-00000000b0e2
    q <<SQL >/dev/null
INSERT INTO public.events (id, name, status, start_date, organization_id, created_by)
VALUES ('$LIST_EVENT', 'Bench List Show', 'active', now() + interval '30 days', '00000000-0000-4000-8000-00000000b0a1', '$OWNER');
INSERT INTO public.ticket_tiers (event_id, name, type, price, quantity_total)
SELECT '$LIST_EVENT', 'list ' || i, 'paid', 95.00, 100 FROM generate_series(1, 64) i;
SQL
    # read_rate ROLE STATEMENT: requests per second at 8 clients, each a transaction as PostgREST
    # runs it (BEGIN, the role and its claims, the statement, COMMIT).
    read_rate() {
        printf "BEGIN;\nSELECT set_config('role', '%s', true), set_config('request.jwt.claims', '{\"role\":\"%s\"}', true);\n%s\nCOMMIT;\n" "$1" "$1" "$2" >"$DIR/read.pgb"
        tps "$DIR/read.pgb" 8
    }
    tiers_anon=$(read_rate anon "SELECT count(*) FROM public.ticket_tiers WHERE event_id = '$LIST_EVENT';")
    sales_anon=$(read_rate anon "SELECT count(*) FROM public.ticket_tier_sales(p_event_id => '$LIST_EVENT');")
    tiers_server=$(read_rate service_role "SELECT count(*) FROM public.ticket_tiers WHERE event_id = '$LIST_EVENT';")
fi

out="$HERE/results.md"
[ -z "$SHORTENED" ] || out="$DIR/results.md"
{
    echo "Run $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, PostgreSQL $(q -c 'SHOW server_version' | cut -d' ' -f1), release build, ${DURATION}s per run, each purchase rate the median of $ROUNDS rounds."
    echo
    echo "Confirmed purchases per second: reserve as anon, then the payment completed as service_role, two requests, each its own transaction, as PostgREST runs them (counted as one purchase). One hot tier: every buyer buys the same tier. $SPREAD tiers: the same load, each purchase on a random one of $SPREAD tiers of the same event."
    if [[ " $MODES " == *" sql "* ]]; then
        echo
        echo "Over SQL (pgbench, extended protocol, one connection per client):"
        echo
        table sql
    fi
    if [[ " $MODES " == *" http "* ]]; then
        echo
        echo "Through a real PostgREST 12 (db-pool 20; a Node load generator on the same machine, one fetch loop per client, posting /rpc/reserve_tickets with the anon key and /rpc/complete_payment with the service_role key; the baseline through two public SQL wrappers of the same shape):"
        echo
        table http
    fi
    if [[ " $MODES " == *" door "* ]]; then
        echo
        echo "Door operations at 8 clients, over 2,000 confirmed tickets:"
        echo
        echo "| operation | per second | baseline: SELECT of the token by key | ratio |"
        echo "|---|---|---|---|"
        echo "| verify_ticket (anon) | $ver | $sel | $(ratio "$ver" "$sel") |"
        echo "| check_in (door staff; first scan admits, later ones answer already) | $chk | $sel | $(ratio "$chk" "$sel") |"
    fi
    if [[ " $MODES " == *" reads "* ]]; then
        echo
        echo "Reads at 8 clients, an on-sale event's 64 tiers, each read its own transaction as PostgREST runs it:"
        echo
        echo "| read | per second | baseline: the tiers as service_role (no row level security) | ratio |"
        echo "|---|---|---|---|"
        echo "| the event's tiers as anon (GET /ticket_tiers: row level security asks event_on_sale per row) | $tiers_anon | $tiers_server | $(ratio "$tiers_anon" "$tiers_server") |"
        echo "| ticket_tier_sales as anon (what is left of each tier, and whether it sells) | $sales_anon | $tiers_server | $(ratio "$sales_anon" "$tiers_server") |"
    fi
} | tee "$out"
