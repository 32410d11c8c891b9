# gate.sh: the starting gate of the race tests (sourced by booking_race.sh and option_race.sh).
# Sources tests/lib.sh (q, rpc, claims, uuid, check, finish, ...); needs PORT (a running cluster with
# fashionos installed), DB and N; defines PSQL, WORK (the clients' outputs) and:
#   race LABEL CLIENT   N clients at once: CLIENT i prints client i's statements, run in one
#                       transaction (held RACE_HOLD seconds, default 0.05, before COMMIT); their
#                       stdout+stderr (VERBOSITY verbose) go to $WORK/LABEL.<i>
#   gate_finish NAME    keeps $WORK on failure, drops DB unless KEEP=1, then finish NAME
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
PORT=${PORT:?set PORT to the port of a running cluster with fashionos installed}
PSQL=(psql -X -q -h localhost -p "$PORT" -U postgres -d "$DB")
WORK=$(mktemp -d "/tmp/$DB.XXXXXX")

# The clients wait on an advisory lock the gate holds (shared, so none of them waits for another),
# and go when the gate's backend is terminated.
race() {
    local label=$1 client=$2 i
    "${PSQL[@]}" -c "SET application_name = 'race_gate'" -c "SELECT pg_advisory_lock(4242)" \
        -c "SELECT pg_sleep(120)" >/dev/null 2>&1 &
    until [ "$(q -c "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = 4242 AND granted")" = 1 ]; do
        sleep 0.05
    done
    for i in $(seq 1 "$N"); do
        "${PSQL[@]}" -v VERBOSITY=verbose -v ON_ERROR_STOP=1 \
            -c "SELECT pg_advisory_lock_shared(4242)" -c "SELECT pg_advisory_unlock_shared(4242)" \
            -c "BEGIN" -c "$("$client" "$i")" -c "SELECT pg_sleep(${RACE_HOLD:-0.05})" -c "COMMIT" \
            >"$WORK/$label.$i" 2>&1 &
    done
    # all clients wait at the gate, then the gate opens
    until [ "$(q -c "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = 4242 AND NOT granted")" = "$N" ]; do
        sleep 0.05
    done
    q -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'race_gate'" >/dev/null
    wait
}

gate_finish() {
    if [ "$T_FAIL" -gt 0 ]; then echo "client outputs kept in $WORK"; else rm -rf "$WORK"; fi
    [ "${KEEP:-0}" = 1 ] || drop_db "$DB"
    finish "$1"
}
