#!/usr/bin/env bash
# isolation.sh [SPEC ...]: runs the isolation specs of tests/isolation (PostgreSQL's
# pg_isolation_regress and isolationtester, from postgresql-server-dev-15) against the installed
# extension on a running cluster (PORT, default 54325).
#
# Each spec pins an interleaving of concurrent requests with `permutation` lines: which step waits
# for which lock, and what every request answers. Each spec runs in its own fresh database
# (btree_gist, fashionos, then tests/isolation/fixture.sql loaded as superuser). fixture.sql holds
# what several specs share: the schema isofix with procedures that build the fixture (an
# organization, its owner, an event, a tier, tickets) and lookups the steps call; a spec's setup is
# one or two CALLs of it. A step makes a request the way PostgREST does: in the step's transaction,
# CALL isofix.request(role, sub), which does PostgREST's set_config('request.jwt.claims', ..., true)
# and set_config('role', ..., true), then the call.
#
# A spec without expected output (tests/isolation/expected/<spec>.out) is a failure, not a skip.
# Exit status: the number of failures. Outputs and diffs: target/isolation/<spec>/.
set -uo pipefail
. "$(dirname "$0")/common.sh"
PORT=${PORT:-54325}
ISOLATION_DIR="$(dirname "$($PG_CONFIG --pgxs)")/../test/isolation"
PG_ISOLATION_REGRESS="$ISOLATION_DIR/pg_isolation_regress"
dir="$REPO_ROOT/tests/isolation"
out="$REPO_ROOT/target/isolation"
if [ ! -x "$PG_ISOLATION_REGRESS" ] || [ ! -x "$ISOLATION_DIR/isolationtester" ]; then
    echo "isolation: pg_isolation_regress or isolationtester missing in $ISOLATION_DIR (postgresql-server-dev-$PG_MAJOR)"
    echo "isolation: 0 passed, 1 failed"
    exit 1
fi
mkdir -p "$out"
if [ $# -gt 0 ]; then specs=("$@"); else
    specs=(); for f in "$dir"/specs/*.spec; do specs+=("$(basename "$f" .spec)"); done
fi
pass=0 fail=0 failed=()
for t in "${specs[@]}"; do
    if [ ! -f "$dir/specs/$t.spec" ]; then
        echo "FAIL $t: no spec tests/isolation/specs/$t.spec"
        fail=$((fail + 1)); failed+=("$t"); continue
    fi
    if [ ! -f "$dir/expected/$t.out" ]; then
        echo "FAIL $t: no expected output tests/isolation/expected/$t.out"
        fail=$((fail + 1)); failed+=("$t"); continue
    fi
    db="isolation_$t"
    rm -rf "${out:?}/$t" && mkdir -p "$out/$t"
    if ! { fresh_db "$PORT" "$db" &&
           psql -X -q -h localhost -p "$PORT" -U postgres -d "$db" -v ON_ERROR_STOP=1 -f "$dir/fixture.sql"; } \
           >"$out/$t/setup.log" 2>&1; then
        echo "FAIL $t: could not create the spec's database"; cat "$out/$t/setup.log"
        fail=$((fail + 1)); failed+=("$t"); continue
    fi
    if "$PG_ISOLATION_REGRESS" --use-existing --host=localhost --port="$PORT" --user=postgres \
        --inputdir="$dir" --outputdir="$out/$t" --dbname="$db" "$t" >"$out/$t/log" 2>&1; then
        echo "ok   $t"; pass=$((pass + 1))
    else
        echo "FAIL $t"
        if [ -f "$out/$t/regression.diffs" ]; then sed -n '1,120p' "$out/$t/regression.diffs"; else cat "$out/$t/log"; fi
        fail=$((fail + 1)); failed+=("$t")
    fi
    psql -X -q -h localhost -p "$PORT" -U postgres -d postgres -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1
done
[ "$fail" -gt 0 ] && echo "failed: ${failed[*]}"
echo "isolation: $pass passed, $fail failed"
exit $fail
