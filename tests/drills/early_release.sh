#!/usr/bin/env bash
# early_release.sh: a reservation releases its tier's row before its WAL flush (src/commit.rs),
# yet every reservation whose COMMIT was answered survives PostgreSQL being killed with SIGKILL.
#
#   bash tests/drills/early_release.sh          (as root; about 25 s)
#
# Own cluster on 127.0.0.1:54366 under /tmp/fashionos-drills/early_release, run as the postgres OS
# user; needs only fashionos installed in the system PostgreSQL 15. The WAL writer runs only every
# 10 s and flushes only then (wal_writer_delay, wal_writer_flush_after), so that a commit nobody
# flushed is still in PostgreSQL's memory when the server is killed. Four rounds (the first up to
# three times), each ended by SIGKILL to the postmaster and all of its processes, then crash
# recovery:
# 1. the control: one buyer whose session commits asynchronously by its own choice
#    (synchronous_commit = off, the setting early release leaves alone): its last acknowledged
#    reservations are lost (in one of up to three tries), which shows that this drill sees a commit
#    acknowledged before its flush;
# 2. one buyer with the server's settings: its commits release the tier early, and none of its
#    acknowledged reservations is lost;
# 3. 16 buyers on one hot tier at once, the same;
# 4. a procedure that reserves, commits and goes on (sleeps): once another session sees the
#    reservation, it survives the kill.
# Each buyer writes an acknowledgement line only after its COMMIT returned.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
drill_begin early_release
PORT=${DRILL_PORT:-54366} # DRILL_PORT: another port (two runs at once)
DB=drill
PGDATA_DIR=$WORK/pg
TIER=00000000-0000-4000-8000-0000000000f1

pg_init "$PGDATA_DIR" "$PORT" "wal_writer_delay = 10s" "wal_writer_flush_after = 1GB" "checkpoint_timeout = 1h" ||
    { check "cluster created" ok failed; finish; exit 1; }
pg_start "$PGDATA_DIR" || { check "cluster started" ok failed; finish; exit 1; }
new_db "$PORT" "$DB" || { check "CREATE EXTENSION fashionos" ok failed; finish; exit 1; }
sql "$PORT" "$DB" <<SQL
INSERT INTO auth.users (id, email) VALUES ('$OWNER', 'owner@maison.test');
INSERT INTO public.organizations (id, name, slug) VALUES ('$ORG', 'Maison Early', 'maison-early');
INSERT INTO public.users (id, email, role, organization_id) VALUES ('$OWNER', 'owner@maison.test', 'owner', '$ORG');
INSERT INTO public.events (id, name, status, start_date, organization_id, created_by)
VALUES ('$EVENT', 'Early Show', 'active', now() + interval '1 day', '$ORG', '$OWNER');
INSERT INTO public.ticket_tiers (id, event_id, name, type, price, quantity_total)
VALUES ('$TIER', '$EVENT', 'Front Row', 'paid', 95.00, 1000000);
CREATE TABLE public.drill_acks (kind text, id uuid);
SQL
check "fixture" 0 $?

gen_buyer() { # gen_buyer ROUND W [SESSION SETTING]: reservations as PostgREST makes them, one per transaction
    local r=$1 w=$2 i
    [ -z "${3:-}" ] || echo "$3"
    for ((i = 1; i <= 1000000; i++)); do
        echo '\unset rid'
        echo 'BEGIN;'
        claims anon ""
        echo '\g /dev/null'
        echo "SELECT registration_id AS rid FROM public.reserve_tickets(p_ticket_tier_id => '$TIER', p_quantity => 1, p_attendee_email => 'r$r.w$w.$i@example.com', p_attendee_name => 'Buyer $w $i') \\gset"
        echo 'COMMIT;'
        echo '\if :{?rid}'
        echo '\echo reserved :rid'
        echo '\endif'
    done
}

# crash_and_restart NAME PID...: SIGKILL to the postmaster and all of its processes, the client
# processes PID... ended, then a restart with crash recovery.
crash_and_restart() {
    local name=$1 p
    shift
    pg_kill "$PGDATA_DIR"
    for p in "$@"; do wait "$p" 2>/dev/null; done
    pg_start "$PGDATA_DIR" || { check "$name: restart after the kill" ok failed; finish; exit 1; }
}

# round NAME BUYERS SECONDS [SESSION SETTING]: BUYERS buyers for SECONDS, SIGKILL, crash recovery;
# sets LOST to the acknowledged reservations missing afterwards, ACKED to their number.
round() {
    local name=$1 buyers=$2 seconds=$3 setting=${4:-} w pids=()
    mkdir -p "$WORK/$name"
    for w in $(seq 1 "$buyers"); do
        gen_buyer "$name" "$w" "$setting" | psql -X -q -At -h 127.0.0.1 -p "$PORT" -U postgres -d "$DB" \
            >"$WORK/$name/$w.out" 2>"$WORK/$name/$w.err" &
        pids+=($!)
        drill_bg_pid $!
    done
    sleep "$seconds"
    crash_and_restart "$name" "${pids[@]}"
    cat "$WORK/$name"/*.out | grep '^reserved ' >"$WORK/$name/acks"
    ACKED=$(wc -l <"$WORK/$name/acks")
    sql "$PORT" "$DB" -c "TRUNCATE public.drill_acks" >/dev/null
    sql "$PORT" "$DB" -c "\\copy public.drill_acks FROM '$WORK/$name/acks' WITH (DELIMITER ' ')"
    LOST=$(sql "$PORT" "$DB" -c "SELECT count(*) FROM public.drill_acks a
                                  WHERE NOT EXISTS (SELECT 1 FROM public.registrations r WHERE r.id = a.id)")
}

# The control loses the commits whose records were still in PostgreSQL's WAL buffers, usually 1 to
# 4; a kill that falls just after the buffers were written out loses none, so it has three tries.
for attempt in 1 2 3; do
    round "control$attempt" 1 2 "SET synchronous_commit = off;"
    note "control (asynchronous by the session's choice), try $attempt: $LOST of $ACKED acknowledged reservations lost"
    [ "$LOST" -gt 0 ] && break
done
check "control: the drill sees acknowledged commits that were never flushed" t "$([ "$ACKED" -gt 0 ] && [ "$LOST" -gt 0 ] && echo t || echo f)"

round one 1 2
note "one buyer: $ACKED acknowledged reservations"
check "one buyer: the load reserved" t "$([ "$ACKED" -gt 0 ] && echo t || echo f)"
check "one buyer: every acknowledged reservation survived the kill" 0 "$LOST"

round hot 16 4
note "16 buyers on one tier: $ACKED acknowledged reservations"
check "16 buyers: the load reserved" t "$([ "$ACKED" -gt 0 ] && echo t || echo f)"
check "16 buyers: every acknowledged reservation survived the kill" 0 "$LOST"

q() { sql "$PORT" "$DB" -c "$1" 2>&1; }

# 4. A procedure that reserves, commits and goes on: once another session sees its reservation,
# the reservation survives a kill (its commit flushed before the procedure went on).
sql "$PORT" "$DB" <<'SQL'
CREATE PROCEDURE public.drill_reserve_and_wait(p_tier uuid, p_email text) LANGUAGE plpgsql AS $$
BEGIN
    PERFORM public.reserve_tickets(p_tier, 1, p_email, 'Procedure Buyer');
    COMMIT;
    PERFORM pg_sleep(60);
END $$;
SQL
psql -X -q -h 127.0.0.1 -p "$PORT" -U postgres -d "$DB" \
    -c "CALL public.drill_reserve_and_wait('$TIER', 'procedure@example.com')" >/dev/null 2>&1 &
proc=$!
drill_bg_pid $proc
seen=0
for i in $(seq 1 200); do
    seen=$(q "SELECT count(*) FROM public.registrations WHERE attendee_email = 'procedure@example.com'")
    [ "$seen" = 1 ] && break
    sleep 0.05
done
check "procedure: another session sees its reservation while it goes on" 1 "$seen"
crash_and_restart procedure $proc
check "procedure: that reservation survived the kill" 1 "$(q "SELECT count(*) FROM public.registrations WHERE attendee_email = 'procedure@example.com'")"
sql "$PORT" "$DB" -c "DROP PROCEDURE public.drill_reserve_and_wait(uuid, text)" >/dev/null

check "quantity_sold = live registrations after every kill" 0 "$(q "
    SELECT count(*) FROM public.ticket_tiers t WHERE quantity_sold <>
           (SELECT count(*) FROM public.registrations r WHERE r.ticket_tier_id = t.id AND r.status <> 'cancelled')")"
check "every pending registration keeps its hold and its payment" 0 "$(q "
    SELECT count(*) FROM public.registrations r
     WHERE NOT EXISTS (SELECT 1 FROM fashionos.registration_holds h WHERE h.registration_id = r.id)
        OR NOT EXISTS (SELECT 1 FROM public.payments p WHERE p.registration_id = r.id AND p.status = 'pending')")"
sql "$PORT" "$DB" -c "DROP TABLE public.drill_acks" >/dev/null
check "server log: no PANIC" 0 "$(grep -c PANIC "$PGDATA_DIR/server.log")"

finish
