#!/usr/bin/env bash
# bench/ticketing/run.sh: ticketing throughput, each number next to its baseline from the same run.
#   - confirmed purchases per second on ONE hot tier at 1, 8 and 32 clients, through the API
#     (reserve as anon + payment completed as service_role), against a single-row UPDATE (the
#     ceiling for one row) and against the same purchase written in PL/pgSQL;
#   - token verifications and check-ins per second.
# Builds and installs the release build, runs its own cluster on PORT (default 54340), prints a
# markdown table and writes it to bench/ticketing/results.md. DURATION seconds per run (default 10).
set -euo pipefail
. "$(dirname "$0")/../../scripts/common.sh"
PORT=${PORT:-54340}
DURATION=${DURATION:-10}
DIR=${BENCH_DIR:-/tmp/fashionos-bench}
HERE="$REPO_ROOT/bench/ticketing"
ensure_deps
[ "${SKIP_INSTALL:-0}" = 1 ] || install_extension
start_cluster "$DIR/pgdata" "$PORT"
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
GRANT SELECT ON bench.tokens TO anon, authenticated;
SQL
new_tier() { q -c "INSERT INTO public.ticket_tiers (event_id, name, type, price, quantity_total) VALUES ('$EVENT', '$1', 'paid', 95.00, 100000000) RETURNING id"; }

tps() { # tps SCRIPT CLIENTS [pgbench args]: transactions per second, excluding connection time
    local script=$1 clients=$2; shift 2
    pgbench -n -M extended -h localhost -p "$PORT" -U postgres -c "$clients" -j "$(( clients < 2 ? 1 : 2 ))" -T "$DURATION" \
        -f "$HERE/$script" "$@" "$DB" 2>/dev/null | awk '/^tps = / { printf "%.0f", $3 }'
}

rows=()
for c in 1 8 32; do
    upd=$(tps update_one_row.pgb $c)
    tier=$(new_tier "rust-$c"); rust=$(tps purchase_rust.pgb $c -D tier="$tier")
    tier=$(new_tier "plpgsql-$c"); plp=$(tps purchase_plpgsql.pgb $c -D tier="$tier")
    rows+=("| $c | $rust | $plp | $upd | $(awk -v a="$rust" -v b="$plp" 'BEGIN{printf "%.2f", a/b}') | $(awk -v a="$rust" -v b="$upd" 'BEGIN{printf "%.3f", a/b}') |")
    echo "clients=$c rust=$rust plpgsql=$plp update=$upd" >&2
done

# 2,000 confirmed tickets to verify and scan.
tier=$(new_tier scan)
q <<SQL >/dev/null
UPDATE public.ticket_tiers SET price = 0 WHERE id = '$tier';
INSERT INTO bench.tokens
SELECT g, (SELECT qr_code_data FROM public.reserve_tickets('$tier', 1, 'scan' || g || '@example.com', 'Scan ' || g))
  FROM generate_series(1, 2000) g;
SQL
claims="{\"sub\":\"$OWNER\",\"role\":\"authenticated\"}"
ver=$(tps verify.pgb 8)
sel=$(pgbench -n -M extended -h localhost -p "$PORT" -U postgres -c 8 -j 2 -T "$DURATION" -f <(printf '\\set i random(1, 2000)\nSELECT token FROM bench.tokens WHERE i = :i;\n') "$DB" 2>/dev/null | awk '/^tps = / { printf "%.0f", $3 }')
chk=$(tps checkin.pgb 8 -D claims="$claims" -D event="$EVENT")

out="$HERE/results.md"
{
    echo "Run $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, PostgreSQL $(psql -X -At -h localhost -p "$PORT" -U postgres -c 'SHOW server_version' | cut -d' ' -f1), ${DURATION}s per run."
    echo
    echo "Confirmed purchases per second on one hot tier (reserve as anon, then the payment completed as service_role: two requests, each its own transaction, as PostgREST runs them; pgbench counts the pair as one):"
    echo
    echo "| clients | Rust API | same in PL/pgSQL | single-row UPDATE | Rust / PL/pgSQL | Rust / UPDATE |"
    echo "|---|---|---|---|---|---|"
    printf '%s\n' "${rows[@]}"
    echo
    echo "Door operations at 8 clients, over 2,000 confirmed tickets:"
    echo
    echo "| operation | per second | baseline: SELECT of the token by key | ratio |"
    echo "|---|---|---|---|"
    echo "| verify_ticket (anon) | $ver | $sel | $(awk -v a="$ver" -v b="$sel" 'BEGIN{printf "%.2f", a/b}') |"
    echo "| check_in (door staff; first scan admits, later ones answer already) | $chk | $sel | $(awk -v a="$chk" -v b="$sel" 'BEGIN{printf "%.2f", a/b}') |"
} | tee "$out"
stop_cluster "$DIR/pgdata"
