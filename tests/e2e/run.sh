#!/usr/bin/env bash
# tests/e2e/run.sh: the end-to-end suite. Real clients (supabase-js, postgrest-js) against a real
# PostgREST 12 in front of a fresh fashionos database, plus the tools around the API: generated
# types (drift), tsc --strict over the documented examples, Supabase's linter and tests/e2e/lint.sql.
#
#   PORT=<port of a running cluster with fashionos installable> bash tests/e2e/run.sh
#   PORT=... bash tests/e2e/run.sh --update-types    # regenerate clients/database.types.ts
#   PORT=... bash tests/e2e/run.sh tests/e2e/ticketing.test.mjs ...   # only these files
#
# Installs the pinned clients (npm ci in clients/) when missing or stale, creates the databases
# fashionos_e2e (tests/fixtures/personas.sql) and fashionos_e2e_lint (the extension alone, as on a
# Supabase project), starts PostgREST (E2E_API_PORT, default 54371: the /rest/v1 gateway; PostgREST
# itself on the next port), runs node --test over tests/e2e/*.test.mjs, stops PostgREST. Ends with
# "e2e: N passed, M failed"; exits non-zero on any failure.
set -uo pipefail
. "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/scripts/common.sh"
. "$REPO_ROOT/scripts/postgrest.sh"
cd "$REPO_ROOT"
PORT=${PORT:?set PORT to the port of a running cluster}
API_PORT=${E2E_API_PORT:-54371}
WORK=${E2E_DIR:-/tmp/fashionos-e2e-$PORT}
DB=fashionos_e2e
LINT_DB=fashionos_e2e_lint
mkdir -p "$WORK"

ensure_clients || { echo "e2e: 0 passed, 1 failed (npm ci)"; exit 1; }

log "e2e: databases $DB (personas) and $LINT_DB (extension only) on port $PORT"
fresh_db "$PORT" "$LINT_DB" || { echo "e2e: 0 passed, 1 failed (database)"; exit 1; }
if [ "${1:-}" = --update-types ]; then
    PG_META_GENERATE_TYPES=typescript PG_META_GENERATE_TYPES_INCLUDED_SCHEMAS=public \
        PG_META_DB_URL="postgresql://postgres@127.0.0.1:$PORT/$LINT_DB?sslmode=disable" \
        node clients/node_modules/@supabase/postgres-meta/dist/server/server.js > clients/database.types.ts.new \
        && mv clients/database.types.ts.new clients/database.types.ts && echo "wrote clients/database.types.ts"
    exit
fi
fresh_db "$PORT" "$DB" || { echo "e2e: 0 passed, 1 failed (database)"; exit 1; }
REPO_ROOT=$REPO_ROOT psql -X -q -h localhost -p "$PORT" -U postgres -d "$DB" -v ON_ERROR_STOP=1 >/dev/null <<'SQL' || { echo "e2e: 0 passed, 1 failed (fixture)"; exit 1; }
SET client_min_messages = warning;
\getenv repo REPO_ROOT
\i :repo/tests/fixtures/personas.sql
SQL

log "e2e: PostgREST on 127.0.0.1:$((API_PORT + 1)), API (/rest/v1) on 127.0.0.1:$API_PORT"
api_start "$PORT" "$DB" "$API_PORT" "$WORK" || { echo "e2e: 0 passed, 1 failed (PostgREST did not start)"; exit 1; }
trap 'api_stop "$WORK"' EXIT
set -a
. "$WORK/api.env"
PGPORT=$PORT PGDATABASE=$DB LINT_DATABASE=$LINT_DB
set +a

if [ $# -gt 0 ]; then FILES=("$@"); else FILES=(tests/e2e/*.test.mjs); fi
log "e2e: node --test ${FILES[*]}"
rm -f "$WORK/results.tap"
node --test --test-concurrency=1 --test-timeout=300000 \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$WORK/results.tap" \
    "${FILES[@]}"
status=$?
pass=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$WORK/results.tap" | tail -1)
fail=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$WORK/results.tap" | tail -1)
pass=${pass:-0} fail=${fail:-0}
if [ "$status" -ne 0 ] && [ "$fail" -eq 0 ]; then fail=1; fi
if grep -q . "$WORK/postgrest.log" 2>/dev/null; then echo "PostgREST log:"; tail -20 "$WORK/postgrest.log"; fi
echo "e2e: $pass passed, $fail failed"
[ "$status" -eq 0 ] && [ "$fail" -eq 0 ]
