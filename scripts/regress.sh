#!/usr/bin/env bash
# regress.sh [TEST ...]: runs the pg_regress tests of tests/pg_regress against the installed
# extension, each test in a fresh database of a running cluster (PORT, default 54325).
# A test without expected output is a failure, not a skip. Exit status: the number of failures.
#
# pg_regress feeds tests/pg_regress/sql/<test>.sql to psql on its standard input, from the directory
# it runs in; it runs in tests/pg_regress, so a test includes its helpers and fixtures with
# `\i common/<group>_setup.sql`, and those files include theirs with `\ir` (relative to the file).
set -uo pipefail
. "$(dirname "$0")/common.sh"
PORT=${PORT:-54325}
export REPO_ROOT  # for a test that still \getenv's it to \i a file of the repository
PG_REGRESS="$(dirname "$($PG_CONFIG --pgxs)")/../test/regress/pg_regress"
dir="$REPO_ROOT/tests/pg_regress"
out="$REPO_ROOT/target/regress"
mkdir -p "$out"
if [ $# -gt 0 ]; then tests=("$@"); else
    tests=(); for f in "$dir"/sql/*.sql; do tests+=("$(basename "$f" .sql)"); done
fi
pass=0 fail=0 failed=()
for t in "${tests[@]}"; do
    if [ ! -f "$dir/expected/$t.out" ]; then
        echo "FAIL $t: no expected output tests/pg_regress/expected/$t.out"
        fail=$((fail + 1)); failed+=("$t"); continue
    fi
    db="regress_$t"
    if ! fresh_db "$PORT" "$db" >"$out/$t.setup.log" 2>&1; then
        echo "FAIL $t: could not create the test database"; cat "$out/$t.setup.log"
        fail=$((fail + 1)); failed+=("$t"); continue
    fi
    if (cd "$dir" && "$PG_REGRESS" --use-existing --host=localhost --port="$PORT" --user=postgres \
        --inputdir="$dir" --outputdir="$out" --dbname="$db" "$t") >"$out/$t.log" 2>&1; then
        echo "ok   $t"; pass=$((pass + 1))
    else
        echo "FAIL $t"; sed -n '1,80p' "$out/regression.diffs" 2>/dev/null
        fail=$((fail + 1)); failed+=("$t")
    fi
    psql -X -q -h localhost -p "$PORT" -U postgres -d postgres -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1
done
echo "regress: $pass passed, $fail failed${failed:+ (${failed[*]})}"
exit $fail
