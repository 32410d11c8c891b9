#!/usr/bin/env bash
# test.sh: every test of fashionos, from a fresh machine of this kind, as root.
#   1. the #[pg_test]s of the Rust modules (cargo pgrx test)
#   2. the pg_regress SQL tests (tests/pg_regress), each in a fresh database
#   3. the shell tests: concurrency with many real connections (tests/concurrency) and the
#      drills (tests/drills)
# Exit status 0 only when all of them pass. Idempotent: run it as often as you like.
set -uo pipefail
. "$(dirname "$0")/common.sh"
cd "$REPO_ROOT"

ensure_deps
export PATH="$HOME/.cargo/bin:$PATH"
WORK=${FASHIONOS_TEST_DIR:-/tmp/fashionos-test}
export PORT=${PORT:-54325}
mkdir -p "$WORK"
results=()
record() { results+=("$1 $2"); }

log "1/3 Rust tests (cargo pgrx test)"
PGRX_DATA="$WORK/pgrx-data"
mkdir -p "$PGRX_DATA" && chown postgres:postgres "$PGRX_DATA"
if flock /tmp/fashionos-build.lock cargo pgrx test pg15 --runas postgres --pgdata "$PGRX_DATA" 2>&1 | tee "$WORK/pgrx-test.log" | grep -E '^test |test result|panicked|^error'; then :; fi
if grep -q '^test result: ok' "$WORK/pgrx-test.log" && ! grep -q '^test result: FAILED' "$WORK/pgrx-test.log"; then
    record pass "cargo pgrx test"
else
    record FAIL "cargo pgrx test"; tail -40 "$WORK/pgrx-test.log"
fi

log "2/3 pg_regress tests"
flock /tmp/fashionos-build.lock cargo pgrx install --pg-config "$PG_CONFIG" >"$WORK/install.log" 2>&1 || { cat "$WORK/install.log"; exit 1; }
stop_cluster "$WORK/pgdata"
rm -rf "$WORK/pgdata"
start_cluster "$WORK/pgdata" "$PORT"
if scripts/regress.sh; then record pass "pg_regress"; else record FAIL "pg_regress"; fi

log "3/3 concurrency tests and drills"
for t in tests/concurrency/*.sh tests/drills/*.sh; do
    [ "$(basename "$t")" = lib.sh ] && continue
    [ -f "$t" ] || continue
    echo "--- $t"
    if bash "$t"; then record pass "$t"; else record FAIL "$t"; fi
done
stop_cluster "$WORK/pgdata"

pass=0 fail=0
echo
echo "Summary:"
for r in "${results[@]}"; do
    echo "  $r"
    case $r in pass*) pass=$((pass + 1)) ;; *) fail=$((fail + 1)) ;; esac
done
echo "suites: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
