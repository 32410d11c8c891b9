#!/usr/bin/env bash
# test.sh: every test of fashionos, from a fresh machine of this kind, as root.
#   0. the gates: cargo fmt --check, cargo clippy --all-targets -D warnings
#   1. the #[pg_test]s of the Rust modules (cargo pgrx test)
#   2. the pg_regress SQL tests (tests/pg_regress), each in a fresh database, and the isolation
#      specs that pin exact interleavings (tests/isolation, pg_isolation_regress)
#   3. the shell tests, all on the one library tests/lib.sh: the lints of the catalog and the
#      documentation (tests/lint), concurrency with many real connections (tests/concurrency) and
#      the drills (tests/drills); then the end-to-end suite through a real PostgREST with the Supabase
#      clients, generated types, tsc and Supabase's linter (tests/e2e)
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

log "0/3 gates: cargo fmt --check, cargo clippy -D warnings"
if cargo fmt --check >"$WORK/fmt.log" 2>&1; then record pass "cargo fmt --check"; else record FAIL "cargo fmt --check"; head -40 "$WORK/fmt.log"; fi
if flock /tmp/fashionos-build.lock cargo clippy --all-targets --features pg15 -- -D warnings >"$WORK/clippy.log" 2>&1; then
    record pass "cargo clippy -D warnings"
else
    record FAIL "cargo clippy -D warnings"; grep -E '^(error|warning)' -A8 "$WORK/clippy.log" | head -60
fi

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
if scripts/isolation.sh; then record pass "isolation specs"; else record FAIL "isolation specs"; fi

log "3/3 lints, concurrency tests and drills"
for t in tests/lint/*.sh tests/concurrency/*.sh tests/drills/*.sh; do
    case "$(basename "$t")" in lib.sh | gate.sh) continue ;; esac  # sourced helpers, not tests
    [ -f "$t" ] || continue
    echo "--- $t"
    if bash "$t"; then record pass "$t"; else record FAIL "$t"; fi
done
echo "--- tests/e2e/run.sh"
if bash tests/e2e/run.sh; then record pass "tests/e2e/run.sh"; else record FAIL "tests/e2e/run.sh"; fi
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
