# lib.sh: helpers of the concurrency tests (sourced). PORT: a running cluster with fashionos installed.
. "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/scripts/common.sh"
PORT=${PORT:-54325}
T_PASS=0
T_FAIL=0

q() { psql -X -q -At -v ON_ERROR_STOP=1 -h localhost -p "$PORT" -U postgres -d "$DB" "$@"; }

# rpc ROLE SUB SQL: one request the way PostgREST runs it: a transaction that sets the role and
# the JWT claims locally, then the call. SUB may be empty (anon). Prints the result rows; on error
# prints "ERROR <sqlstate> <message>" and fails.
rpc() {
    local role=$1 sub=$2 sql=$3 claims
    if [ -n "$sub" ]; then claims="{\"sub\":\"$sub\",\"role\":\"$role\"}"; else claims="{\"role\":\"$role\"}"; fi
    psql -X -q -At -v ON_ERROR_STOP=1 -v VERBOSITY=sqlstate -h localhost -p "$PORT" -U postgres -d "$DB" 2>&1 <<SQL
\set VERBOSITY sqlstate
BEGIN;
SELECT set_config('role', '$role', true), set_config('request.jwt.claims', '$claims', true) \g /dev/null
$sql;
COMMIT;
SQL
}

check() { # check NAME EXPECTED ACTUAL
    if [ "$2" == "$3" ]; then
        echo "ok   $1"; T_PASS=$((T_PASS + 1))
    else
        echo "FAIL $1: expected $2, got $3"; T_FAIL=$((T_FAIL + 1))
    fi
}

finish() { # finish NAME
    echo "$1: $T_PASS passed, $T_FAIL failed"
    [ "$T_FAIL" -eq 0 ]
}
