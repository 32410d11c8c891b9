# lib.sh: the one shell library of the shell tests (sourced, not run): tests/concurrency,
# tests/drills and tests/lint all source it.
#
# Part 1, every test: q, sql, claims, uuid, rpc, step, sqlstate, check, note, finish, the fixed ids
# of the fixtures (OWNER, ORG, EVENT, ...), race_begin, race_tier, drop_db. A test sets PORT (a running cluster
# with fashionos installed; default 54325) and DB (its database). The race tests that release N
# clients at once add tests/concurrency/gate.sh.
# Part 2, the drills that run their own clusters: drill_begin, pg_init, pg_start, ... (below).
. "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/scripts/common.sh"
PORT=${PORT:-54325}
T_PASS=0
T_FAIL=0

# ---------------------------------------------------------------------------------------------
# Part 1: requests and checks.
# ---------------------------------------------------------------------------------------------

# q [psql args...]: a superuser session on $PORT/$DB (the database owner), unaligned, tuples only.
q() { psql -X -q -At -v ON_ERROR_STOP=1 -h localhost -p "$PORT" -U postgres -d "$DB" "$@"; }

# sql PORT DB [psql args...]: the same on another cluster or database.
sql() {
    local port=$1 db=$2
    shift 2
    psql -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d "$db" "$@"
}

# claims ROLE [SUB]: the statement with which PostgREST starts a request of ROLE (JWT sub SUB):
# set_config('request.jwt.claims', ..., true) and set_config('role', ROLE, true); what follows it
# in the transaction runs as that request.
claims() {
    local c
    if [ -n "${2:-}" ]; then c="{\"sub\":\"$2\",\"role\":\"$1\"}"; else c="{\"role\":\"$1\"}"; fi
    echo "SELECT set_config('role', '$1', true), set_config('request.jwt.claims', '$c', true)"
}
export -f claims  # rpc runs it, also in the clients a test starts with export -f rpc

# uuid KIND N: readable fixed ids, 00000000-0000-0000-KKKK-NNNNNNNNNNNN (pg_temp.id of the regress
# tests): 1 users, 2 model profiles, 3 castings, 4 events, 5 venues, 6 bookings, 9 organizations.
uuid() { printf '00000000-0000-0000-%04d-%012d' "$1" "$2"; }

# rpc ROLE SUB SQL: one request on $PORT/$DB the way PostgREST runs it: a transaction that sets
# the role and the JWT claims locally, then the call, then COMMIT (a ROLLBACK after an error, and
# the connection stays usable, as PostgREST's does). SUB may be empty (anon, service_role). Prints
# the rows; on error prints "ERROR <sqlstate> <message>" (and DETAIL/HINT lines) and fails.
# Another cluster or database: PORT=... DB=... rpc ROLE SUB SQL.
rpc() {
    local out
    out=$(psql -X -q -At -h 127.0.0.1 -p "$PORT" -U postgres -d "$DB" 2>&1 <<SQL
\set VERBOSITY verbose
\set SHOW_CONTEXT never
BEGIN;
$(claims "$1" "$2") \g /dev/null
$3;
COMMIT;
SQL
)
    # "psql:<stdin>:5: ERROR:  PT409: sold out" -> "ERROR PT409 sold out"; LOCATION dropped
    printf '%s\n' "$out" | sed -E -e 's/^psql:<stdin>:[0-9]+: //' -e 's/^ERROR:  ([0-9A-Z]{5}): /ERROR \1 /' |
        grep -v -E '^LOCATION:' || true
    ! grep -q -E '^(psql:<stdin>:[0-9]+: )?(ERROR|FATAL):|^psql: error' <<<"$out"
}

# step STEP ROLE SUB SQL: rpc's output, each line as "STEP: <line>" (a transcript of requests,
# compared with the same requests made another way: on a standby, through a pooler).
step() {
    local s=$1
    shift
    rpc "$@" | sed "s/^/$s: /"
}

# sqlstate OUTPUT: the SQLSTATE of an "ERROR <sqlstate> ..." line of rpc's output, or "ok".
sqlstate() {
    local s
    s=$(printf '%s\n' "$1" | sed -n -E 's/^ERROR ([0-9A-Z]{5}) .*/\1/p' | head -1)
    echo "${s:-ok}"
}

ok() { T_PASS=$((T_PASS + 1)); }                 # ok: one check passed
ko() { T_FAIL=$((T_FAIL + 1)); echo "FAIL $*"; } # ko MESSAGE: one check failed

check() { # check NAME EXPECTED ACTUAL
    if [ "$2" == "$3" ]; then
        echo "ok   $1"; ok
    else
        ko "$1: expected [$2], got [$3]"
    fi
}

note() { echo "     $*"; }

# errors_but PATTERN FILE...: the error lines ("ERROR <sqlstate> <message>", as rpc prints them)
# of the FILEs that do not match PATTERN (an extended regex; '' keeps them all), each once with its
# count, on one line: empty when there are none. A check that expects "" then names what failed.
errors_but() {
    local pattern=$1
    shift
    cat "$@" 2>/dev/null | grep '^ERROR' | grep -Ev "${pattern:-^$}" | sort | uniq -c |
        sed -E 's/^ +//' | paste -sd';' -
}

# finish [NAME]: the closing line "NAME: P passed, F failed" (NAME defaults to the drill's); the
# exit status says whether every check passed (and at least one ran).
finish() {
    [ -n "${DRILL_T0:-}" ] && echo "     ran $(($(date +%s) - DRILL_T0)) s"
    echo "${1:-$DRILL_NAME}: $T_PASS passed, $T_FAIL failed"
    [ "$T_FAIL" -eq 0 ] && [ "$T_PASS" -gt 0 ]
}

# barrier N: the start of a race: holds advisory lock 4242 until N sessions wait for it, so that
# they start together (each request of the race first takes the lock shared: put $GO before its
# statement). Runs in the background.
barrier() {
    q -c "DO \$\$ BEGIN PERFORM pg_advisory_lock(4242);
          FOR i IN 1..600 LOOP
              EXIT WHEN (SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = 4242 AND NOT granted) >= $1;
              PERFORM pg_sleep(0.05);
          END LOOP;
          PERFORM pg_advisory_unlock(4242); END \$\$" >/dev/null &
}
GO='SELECT pg_advisory_xact_lock_shared(4242) \g /dev/null
'

# The fixed ids of the shell tests' fixtures (race_begin, people_sql, the drills' own rows): the
# owner of organization ORG and a rival, owner of ORG2; two events; a tier; a venue; the castings
# and the model profiles of people_sql's five models.
OWNER=00000000-0000-4000-8000-000000000001
RIVAL=00000000-0000-4000-8000-000000000002
ORG=00000000-0000-4000-8000-0000000000a1
ORG2=00000000-0000-4000-8000-0000000000a2
EVENT=00000000-0000-4000-8000-0000000000e1
EVENT2=00000000-0000-4000-8000-0000000000e2
TIER=00000000-0000-4000-8000-0000000000f1
VENUE=00000000-0000-4000-8000-0000000000b1
MODEL1=00000000-0000-4000-8000-000000000201
cast_id() { printf '00000000-0000-4000-8000-0000000000c%d' "$1"; } # cast_id N: the N-th casting

# race_begin DB ORG_NAME SLUG EVENT_NAME: the start of a race test (tests/concurrency) on $PORT:
# sets DB, a fresh database, and OUT, a new directory for the clients' outputs; puts the house of
# the race tests in DB: OWNER, owner of the organization ORG, and its active EVENT tomorrow (the
# tests add the tiers with race_tier).
race_begin() {
    DB=$1
    OUT=$(mktemp -d)
    fresh_db "$PORT" "$DB" >/dev/null
    q <<SQL
INSERT INTO auth.users (id, email) VALUES ('$OWNER', 'owner@maison.test');
INSERT INTO public.organizations (id, name, slug) VALUES ('$ORG', '$2', '$3');
INSERT INTO public.users (id, email, role, organization_id) VALUES ('$OWNER', 'owner@maison.test', 'owner', '$ORG');
INSERT INTO public.events (id, name, status, start_date, organization_id, created_by)
VALUES ('$EVENT', '$4', 'active', now() + interval '1 day', '$ORG', '$OWNER');
SQL
}

# race_tier ID NAME PRICE TOTAL: a paid ticket tier of EVENT with TOTAL tickets (0 PRICE: free).
race_tier() {
    q -c "INSERT INTO public.ticket_tiers (id, event_id, name, type, price, quantity_total)
          VALUES ('$1', '$EVENT', '$2', 'paid', $3, $4)"
}

# drop_db DB: drops a database of $PORT (the end of a test).
drop_db() {
    psql -X -q -h localhost -p "$PORT" -U postgres -d postgres -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" >/dev/null 2>&1
}

# ---------------------------------------------------------------------------------------------
# Part 2: the drills that run their own clusters.
#
# Each drill works under /tmp/fashionos-drills/<name> (FASHIONOS_DRILLS_DIR overrides the parent),
# runs PostgreSQL 15 as the postgres OS user on its own loopback ports, and stops everything it
# started when it exits, also on failure or Ctrl-C. The work directory (data, logs, load output) is
# removed after a passing run and kept after a failing one (KEEP=1 keeps it always).
# ---------------------------------------------------------------------------------------------
DRILLS_DIR=${FASHIONOS_DRILLS_DIR:-/tmp/fashionos-drills}
_DRILL_CLUSTERS=()   # data directories to stop on exit
_DRILL_PIDS=()       # background processes to end on exit (load workers)
_DRILL_PIDFILES=()   # daemons to end on exit (pgbouncer)

# drill_begin NAME: prepares the work directory $WORK (leftovers of an aborted run are stopped and
# removed first) and installs the cleanup trap; every session then reads and prints times in UTC,
# ISO style.
drill_begin() {
    DRILL_NAME=$1
    WORK=$DRILLS_DIR/$DRILL_NAME
    DRILL_T0=$(date +%s)
    export PGTZ=UTC PGDATESTYLE=ISO
    if [ "$(id -u)" -ne 0 ]; then
        echo "$DRILL_NAME: run as root (PostgreSQL runs as the postgres OS user through runuser)" >&2
        exit 1
    fi
    if [ -d "$WORK" ]; then
        local d p
        for d in "$WORK"/*/; do
            [ -f "$d/postmaster.pid" ] && runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$d" -m immediate -w stop >/dev/null 2>&1
        done
        for p in "$WORK"/*.pid; do
            [ -f "$p" ] && kill "$(cat "$p")" 2>/dev/null
        done
        rm -rf "$WORK"
    fi
    mkdir -p "$WORK"
    chown postgres:postgres "$DRILLS_DIR" "$WORK"
    trap drill_cleanup EXIT
    trap 'exit 130' INT TERM
}

drill_cleanup() {
    local rc=$? p d
    trap - EXIT INT TERM
    for p in "${_DRILL_PIDS[@]}"; do kill "$p" 2>/dev/null; done
    for p in "${_DRILL_PIDFILES[@]}"; do
        [ -f "$p" ] && kill "$(cat "$p")" 2>/dev/null
    done
    for d in "${_DRILL_CLUSTERS[@]}"; do
        if [ -f "$d/postmaster.pid" ]; then
            runuser -u postgres -- timeout 30 "$PG_BIN/pg_ctl" -D "$d" -m fast -w stop >/dev/null 2>&1 ||
                runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$d" -m immediate -w stop >/dev/null 2>&1
        fi
    done
    wait 2>/dev/null
    if [ "$rc" -eq 0 ] && [ "${KEEP:-0}" != 1 ]; then
        rm -rf "$WORK"
    else
        echo "$DRILL_NAME: logs and data kept in $WORK"
    fi
    exit "$rc"
}

# pg_init DIR PORT [SETTING...]: a new cluster owned by postgres that listens on 127.0.0.1:PORT only
# (and a socket in DIR/../sock), with the given extra postgresql.conf lines.
pg_init() {
    local dir=$1 port=$2 line
    shift 2
    mkdir -p "$dir" "$WORK/sock"
    chown postgres:postgres "$dir" "$WORK/sock"
    chmod 700 "$dir"
    runuser -u postgres -- "$PG_BIN/initdb" -D "$dir" -A trust -U postgres --locale=C.UTF-8 -E UTF8 >"$WORK/initdb.log" 2>&1 ||
        { cat "$WORK/initdb.log"; return 1; }
    pg_conf "$dir" "listen_addresses = '127.0.0.1'" "port = $port" "unix_socket_directories = '$WORK/sock'" \
        "max_connections = 200" "shared_buffers = 64MB" "fsync = on" "log_min_messages = warning" \
        "log_line_prefix = '%m [%p] '" "$@"
}

# pg_conf DIR LINE...: appends settings to DIR/postgresql.conf (later lines win).
pg_conf() {
    local dir=$1 line
    shift
    for line in "$@"; do echo "$line" >>"$dir/postgresql.conf"; done
}

# pg_start DIR: starts the cluster (and registers it to be stopped on exit). The drill ports lie in
# Linux's ephemeral range; scripts/test.sh reserves them (reserve_ports in scripts/common.sh). Where
# that setting is not writable and a client connection happens to hold the port for a moment
# ("Address already in use"), the start is retried.
pg_start() {
    local dir=$1 try
    _drill_register_cluster "$dir"
    for try in 1 2 3 4 5 6 7 8 9 10; do
        env -u RUST_BACKTRACE -u RUST_LIB_BACKTRACE runuser -u postgres -- \
            "$PG_BIN/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 90 start >"$WORK/pg_ctl.log" 2>&1 && return 0
        tail -5 "$dir/server.log" | grep -q 'Address already in use' || break
        sleep 1
    done
    cat "$WORK/pg_ctl.log"
    tail -20 "$dir/server.log"
    return 1
}

# pg_kill DIR: a crash: SIGKILL to the cluster's postmaster and at once to every process it had
# started, then waits (up to 5 s each) until they are gone. Sets KILLED_PM and KILLED_CHILDREN.
pg_kill() {
    local p i
    KILLED_PM=$(head -1 "$1/postmaster.pid")
    KILLED_CHILDREN=$(pgrep -P "$KILLED_PM" | tr '\n' ' ')
    kill -9 "$KILLED_PM" $KILLED_CHILDREN
    for p in $KILLED_PM $KILLED_CHILDREN; do
        for i in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    done
}

pg_stop() { # pg_stop DIR [MODE]
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$1" -m "${2:-fast}" -w stop >/dev/null 2>&1
}

_drill_register_cluster() {
    local d
    for d in "${_DRILL_CLUSTERS[@]}"; do [ "$d" = "$1" ] && return; done
    _DRILL_CLUSTERS+=("$1")
}

drill_bg_pid() { _DRILL_PIDS+=("$1"); }      # drill_bg_pid PID: end it on exit
drill_pidfile() { _DRILL_PIDFILES+=("$1"); } # drill_pidfile FILE: end the daemon named there on exit

# new_db PORT DB: a fresh database with btree_gist (schema extensions) and fashionos.
new_db() {
    sql "$1" postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS \"$2\" WITH (FORCE)" -c "CREATE DATABASE \"$2\"" >/dev/null &&
        sql "$1" "$2" -c "SET client_min_messages = warning" -c "CREATE SCHEMA extensions" \
            -c "CREATE EXTENSION btree_gist WITH SCHEMA extensions" -c "CREATE EXTENSION fashionos" >/dev/null
}

# people_sql NAME SLUG: SQL for the people of the drills' fixtures (uses OWNER, RIVAL, ORG, ORG2):
# an organization NAME with its owner and five models with profiles, and a rival organization.
people_sql() {
    cat <<SQL
INSERT INTO auth.users (id, email) VALUES ('$OWNER', 'owner@maison.test'), ('$RIVAL', 'owner@rival.test');
INSERT INTO auth.users (id, email) SELECT format('00000000-0000-4000-8000-00000000010%s', n)::uuid, format('model%s@maison.test', n)
  FROM generate_series(1, 5) n;
INSERT INTO public.organizations (id, name, slug) VALUES ('$ORG', '$1', '$2'), ('$ORG2', 'Rival', 'rival');
INSERT INTO public.users (id, email, role, organization_id) VALUES
    ('$OWNER', 'owner@maison.test', 'owner', '$ORG'), ('$RIVAL', 'owner@rival.test', 'owner', '$ORG2');
INSERT INTO public.users (id, email, role, organization_id)
  SELECT format('00000000-0000-4000-8000-00000000010%s', n)::uuid, format('model%s@maison.test', n), 'viewer', '$ORG'
    FROM generate_series(1, 5) n;
INSERT INTO public.model_profiles (id, user_id)
  SELECT format('00000000-0000-4000-8000-00000000020%s', n)::uuid, format('00000000-0000-4000-8000-00000000010%s', n)::uuid
    FROM generate_series(1, 5) n;
SQL
}

# lineup_sql: SQL for the line-up of the drills' show (after people_sql; uses EVENT): six looks
# (castings cast_id 1..6), model 1 opens (look 1) and closes (look 6), models 2-5 walk looks 2-5.
lineup_sql() {
    cat <<SQL
INSERT INTO public.event_models (id, event_id, model_profile_id, walk_order, is_opening, is_closing)
  SELECT format('00000000-0000-4000-8000-0000000000c%s', n)::uuid, '$EVENT',
         format('00000000-0000-4000-8000-00000000020%s', CASE WHEN n = 6 THEN 1 ELSE n END)::uuid, n, n = 1, n = 6
    FROM generate_series(1, 6) n;
SQL
}
