# gate.sh: the starting gate of the race tests (sourced by booking_race.sh and option_race.sh).
# Needs PORT (a running cluster with fashionos installed), DB and N; sources scripts/common.sh;
# defines PSQL, WORK (the clients' outputs), pass/fail and:
#   check NAME STATUS [DETAIL]   one result line ("ok" when STATUS is 0)
#   q SQL                        one query as superuser, rows unaligned
#   uuid A B                     00000000-0000-0000-AAAA-BBBBBBBBBBBB
#   race LABEL CLIENT            N clients at once: CLIENT i prints client i's statements, run in one
#                                transaction (held RACE_HOLD seconds, default 0.05, before COMMIT);
#                                their stdout+stderr (VERBOSITY verbose) go to $WORK/LABEL.<i>
#   gate_finish NAME             keeps $WORK on failure, drops DB unless KEEP=1, prints the summary
. "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/scripts/common.sh"
PORT=${PORT:?set PORT to the port of a running cluster with fashionos installed}
PSQL=(psql -X -q -h localhost -p "$PORT" -U postgres -d "$DB")
WORK=$(mktemp -d "/tmp/$DB.XXXXXX")
pass=0 fail=0

check() {
    if [ "$2" -eq 0 ]; then
        echo "ok   - $1${3:+ ($3)}"; pass=$((pass + 1))
    else
        echo "FAIL - $1${3:+: $3}"; fail=$((fail + 1))
    fi
}
q() { "${PSQL[@]}" -At -v ON_ERROR_STOP=1 -c "$1"; }
uuid() { printf '00000000-0000-0000-%04d-%012d' "$1" "$2"; }

# The clients wait on an advisory lock the gate holds (shared, so none of them waits for another),
# and go when the gate's backend is terminated.
race() {
    local label=$1 client=$2 i
    "${PSQL[@]}" -c "SET application_name = 'race_gate'" -c "SELECT pg_advisory_lock(4242)" \
        -c "SELECT pg_sleep(120)" >/dev/null 2>&1 &
    until [ "$(q "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = 4242 AND granted")" = 1 ]; do
        sleep 0.05
    done
    for i in $(seq 1 "$N"); do
        "${PSQL[@]}" -v VERBOSITY=verbose -v ON_ERROR_STOP=1 \
            -c "SELECT pg_advisory_lock_shared(4242)" -c "SELECT pg_advisory_unlock_shared(4242)" \
            -c "BEGIN" -c "$("$client" "$i")" -c "SELECT pg_sleep(${RACE_HOLD:-0.05})" -c "COMMIT" \
            >"$WORK/$label.$i" 2>&1 &
    done
    # all clients wait at the gate, then the gate opens
    until [ "$(q "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = 4242 AND NOT granted")" = "$N" ]; do
        sleep 0.05
    done
    q "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'race_gate'" >/dev/null
    wait
}

gate_finish() {
    if [ "$fail" -gt 0 ]; then echo "client outputs kept in $WORK"; else rm -rf "$WORK"; fi
    if [ "${KEEP:-0}" != 1 ]; then
        psql -X -q -h localhost -p "$PORT" -U postgres -d postgres -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" >/dev/null 2>&1
    fi
    echo "$1: $pass passed, $fail failed"
    [ "$fail" -eq 0 ]
}
