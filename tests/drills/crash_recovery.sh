#!/usr/bin/env bash
# crash_recovery.sh: PostgreSQL killed with SIGKILL in the middle of a purchase, payment, check-in
# and booking load, then restarted: nothing committed is lost and every invariant holds.
#
#   bash tests/drills/crash_recovery.sh          (as root; about 30 s)
#
# Own cluster on 127.0.0.1:54361 under /tmp/fashionos-drills/crash_recovery, run as the postgres OS
# user; needs only fashionos installed in the system PostgreSQL 15. Environment: WORKERS (buyers,
# default 32), LOAD_SECONDS (before the kill, default 5), KEEP=1 keeps the work directory.
#
# 1. A fixture: an organization, its owner, an active event with two paid tiers (200 tickets, sold out during the load, and
#    a large one), two events and a venue for bookings.
# 2. The load, each worker one connection running requests the way PostgREST does (one transaction
#    each, role and JWT claims set locally): buyers reserve as anon, then leave the ticket pending,
#    or fail its payment, or complete it (service_role) and refund it, or complete it and check it
#    in (organizer), twice for some. A sweeper ages holds and releases expired ones (the clock
#    moving on); bookers book and release a venue for two events (collisions refused with PT409).
#    A worker writes an acknowledgement line only after COMMIT returned.
# 3. While the load runs: SIGKILL to the postmaster, and at once to all of its processes (a server
#    that dies at once, mid-transaction). The control file must say the cluster was not shut down.
# 4. Restart (crash recovery from the WAL), then the invariants, with SQL as the database owner:
#    quantity_sold = live registrations per tier, <= quantity_total; no duplicate token; payments
#    and registrations in matching states, one payment per priced registration; attended <=>
#    checked_in_at; hold rows <=> pending registrations; cancelled <=> token revoked; the booking
#    ledger is what its sources give (rebuild_bookings changes nothing) and has no overlap; every
#    B-tree index is consistent with its table (amcheck); every acknowledged commit is there.
# 5. Afterwards: expired holds are all releasable, and the API works (reserve, pay, check in).
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
drill_begin crash_recovery
PORT=${DRILL_PORT:-54361}  # DRILL_PORT: another port (two runs at once)
DB=drill
PGDATA_DIR=$WORK/pg
WORKERS=${WORKERS:-32}
LOAD_SECONDS=${LOAD_SECONDS:-5}

EVENT_B1=00000000-0000-4000-8000-0000000000e2  # OWNER, ORG, EVENT, VENUE: tests/lib.sh
EVENT_B2=00000000-0000-4000-8000-0000000000e3
TIER_A=00000000-0000-4000-8000-0000000000f1
TIER_B=00000000-0000-4000-8000-0000000000f2

pg_init "$PGDATA_DIR" "$PORT" || { check "cluster created" ok failed; finish; exit 1; }
pg_start "$PGDATA_DIR" || { check "cluster started" ok failed; cat "$PGDATA_DIR/server.log"; finish; exit 1; }
new_db "$PORT" "$DB" || { check "CREATE EXTENSION fashionos" ok failed; finish; exit 1; }

sql "$PORT" "$DB" <<SQL
INSERT INTO auth.users (id, email) VALUES ('$OWNER', 'owner@maison.test');
INSERT INTO public.organizations (id, name, slug) VALUES ('$ORG', 'Maison Crash', 'maison-crash');
INSERT INTO public.users (id, email, role, organization_id) VALUES ('$OWNER', 'owner@maison.test', 'owner', '$ORG');
INSERT INTO public.events (id, name, status, start_date, organization_id, created_by) VALUES
    ('$EVENT', 'Crash Show', 'active', now() + interval '1 day', '$ORG', '$OWNER'),
    ('$EVENT_B1', 'Fitting Day', 'planning', now() + interval '30 days', '$ORG', '$OWNER'),
    ('$EVENT_B2', 'Press Day', 'planning', now() + interval '31 days', '$ORG', '$OWNER');
INSERT INTO public.ticket_tiers (id, event_id, name, type, price, quantity_total) VALUES
    ('$TIER_A', '$EVENT', 'Front Row', 'paid', 95.00, 200),
    ('$TIER_B', '$EVENT', 'Standing', 'paid', 40.00, 100000);
INSERT INTO public.venues (id, owner_id, name) VALUES ('$VENUE', '$OWNER', 'Hall Crash');
SQL
check "fixture" 0 $?

# ---------------------------------------------------------------------------------------------
# The load. Each generator prints a psql script; psql runs it on one connection. psql variables
# carry ids from one request to the next; \echo runs only after COMMIT returned.
# ---------------------------------------------------------------------------------------------
as_role() { # as_role ROLE [SUB]: the first statements of a PostgREST request (no subshell: fast)
    echo "BEGIN;"
    claims "$1" "${2:-}"
    echo '\g /dev/null'
}
# answered ROLE SUB SQL: a request whose answer SQL stores in :st (\gset), then "\if :{?st}": what
# the generator prints next runs only when the request committed (close it with \endif).
answered() {
    echo '\unset st'
    as_role "$1" "$2"
    echo "$3 \\gset"
    echo 'COMMIT;'
    echo '\if :{?st}'
}
PAY="SELECT payment_status AS st FROM public.complete_payment(p_payment_id => :'pid', p_provider => 'stripe', p_provider_transaction_id => 'ch_' || :'pid')"

gen_buyer() { # gen_buyer W
    local w=$1 i tier
    for ((i = 1; i <= 1000000; i++)); do
        tier=$TIER_A
        [ $((i % 4)) -eq 0 ] && tier=$TIER_B
        echo '\unset rid'
        as_role anon
        echo "SELECT registration_id AS rid, payment_id AS pid, qr_code_data AS tok FROM public.reserve_tickets(p_ticket_tier_id => '$tier', p_quantity => 1, p_attendee_email => 'w$w.$i@example.com', p_attendee_name => 'Buyer $w $i') \\gset"
        echo 'COMMIT;'
        echo '\if :{?rid}'
        echo '\echo reserved :rid :pid'
        case $(((i + w) % 5)) in
        0) ;; # left pending: its hold keeps the ticket
        1)
            answered service_role "" "SELECT payment_status AS st FROM public.fail_payment(p_payment_id => :'pid')"
            echo '\echo failed :rid -'
            echo '\endif'
            ;;
        2)
            answered service_role "" "$PAY"
            echo '\echo paid :rid -'
            answered service_role "" "SELECT payment_status AS st FROM public.refund_payment(p_payment_id => :'pid')"
            echo '\echo refunded :rid -'
            echo '\endif'
            echo '\endif'
            ;;
        *)
            answered service_role "" "$PAY"
            echo '\echo paid :rid -'
            answered authenticated "$OWNER" "SELECT outcome AS st FROM public.check_in(p_token => :'tok', p_event_id => '$EVENT')"
            echo '\echo checked :rid :st'
            echo '\endif'
            if [ $((i % 5)) -eq 4 ]; then # a second gate scans it too
                as_role authenticated "$OWNER"
                echo "SELECT outcome FROM public.check_in(p_token => :'tok', p_event_id => '$EVENT') \\g /dev/null"
                echo 'COMMIT;'
            fi
            echo '\endif'
            ;;
        esac
        echo '\endif'
    done
}

gen_sweeper() { # the clock moves on: some holds expire, and the sweep releases them
    local i
    for ((i = 1; i <= 1000000; i++)); do
        echo "UPDATE fashionos.registration_holds SET expires_at = now() - interval '1 second' WHERE random() < 0.2;"
        as_role service_role
        echo "SELECT public.release_expired_holds() AS released \\gset"
        echo 'COMMIT;'
        echo "SELECT pg_sleep(0.2);"
    done
}

gen_booker() { # gen_booker W: book a 2-hour slot of the venue for one of two events; release some
    local w=$1 i ev hour
    for ((i = 1; i <= 1000000; i++)); do
        ev=$EVENT_B1
        [ $(((i + w) % 2)) -eq 0 ] && ev=$EVENT_B2
        hour=$((RANDOM % 400))
        echo '\unset bid'
        as_role authenticated "$OWNER"
        echo "SELECT public.book_resource(p_resource_type => 'venue', p_resource_id => '$VENUE', p_event_id => '$ev', p_start => timestamptz '2087-01-01 00:00Z' + make_interval(hours => $hour), p_end => timestamptz '2087-01-01 02:00Z' + make_interval(hours => $hour)) AS bid \\gset"
        echo 'COMMIT;'
        echo '\if :{?bid}'
        echo '\echo booked :bid -'
        if [ $((i % 3)) -eq 0 ]; then
            echo '\set released 0'
            # Sent before the request: a release can commit and the crash come before its answer.
            echo '\echo releasing :bid -'
            as_role authenticated "$OWNER"
            echo "SELECT public.release_booking(p_resource_type => 'venue', p_booking_id => :'bid') \\g /dev/null"
            echo "SELECT 1 AS released \\gset"
            echo 'COMMIT;'
            echo '\if :released'
            echo '\echo released :bid -'
            echo '\endif'
        fi
        echo '\endif'
    done
}

run_worker() { # run_worker NAME GENERATOR ARGS...: one connection; acks to NAME.out, errors to NAME.err
    local name=$1
    shift
    "$@" | psql -X -q -At -h 127.0.0.1 -p "$PORT" -U postgres -d "$DB" -v VERBOSITY=sqlstate \
        >"$WORK/load/$name.out" 2>"$WORK/load/$name.err"
}

mkdir -p "$WORK/load"
WPIDS=()
for w in $(seq 1 "$WORKERS"); do
    run_worker "buyer$w" gen_buyer "$w" &
    WPIDS+=($!)
done
for w in 1 2 3 4; do
    run_worker "booker$w" gen_booker "$w" &
    WPIDS+=($!)
done
run_worker sweeper gen_sweeper &
WPIDS+=($!)
for p in "${WPIDS[@]}"; do drill_bg_pid "$p"; done
alive() { local p n=0; for p in "${WPIDS[@]}"; do kill -0 "$p" 2>/dev/null && n=$((n + 1)); done; echo $n; }
note "load: $WORKERS buyers, 4 bookers, 1 sweeper; kill in $LOAD_SECONDS s"

sleep "$LOAD_SECONDS"
before=$(sql "$PORT" "$DB" -c "SELECT (SELECT count(*) FROM public.registrations) || ' registrations, ' ||
    (SELECT count(*) FROM public.registrations WHERE status = 'attended') || ' attended, ' ||
    (SELECT count(*) FROM public.venue_availability) || ' venue bookings'" 2>&1)
note "just before the kill: $before"
active=$(sql "$PORT" "$DB" -c "SELECT count(*) FROM pg_stat_activity WHERE datname = '$DB' AND state <> 'idle' AND pid <> pg_backend_pid()" 2>&1)
note "statements in flight: $active; Front Row: $(sql "$PORT" "$DB" -c "SELECT quantity_sold || ' of ' || quantity_total FROM public.ticket_tiers WHERE id = '$TIER_A'" 2>&1)"

# ---------------------------------------------------------------------------------------------
# The crash: SIGKILL to the postmaster, then at once to every process it had started.
# ---------------------------------------------------------------------------------------------
pg_kill "$PGDATA_DIR"
note "SIGKILL sent to postmaster $KILLED_PM and its $(wc -w <<<"$KILLED_CHILDREN") processes"
# every worker loses its connection and ends
for i in $(seq 1 100); do
    [ "$(alive)" = 0 ] && break
    sleep 0.1
done
check "every load worker ended with the crash" 0 "$(alive)"
state=$(runuser -u postgres -- "$PG_BIN/pg_controldata" -D "$PGDATA_DIR" | sed -n 's/^Database cluster state: *//p')
check "control file: the cluster was not shut down" "in production" "$state"
lost_conn=$(grep -l -E 'connection to server was lost|server closed the connection|terminating connection' "$WORK"/load/*.err 2>/dev/null | wc -l)
note "$lost_conn of $((WORKERS + 5)) workers saw their connection die; refusals during the load: $(cat "$WORK"/load/*.err | grep -o -E 'ERROR: +[0-9A-Z]{5}' | awk '{print $2}' | sort | uniq -c | awk '{printf "%s x%s ", $2, $1}')"

# ---------------------------------------------------------------------------------------------
# Restart: crash recovery.
# ---------------------------------------------------------------------------------------------
t0=$(date +%s%N)
if pg_start "$PGDATA_DIR"; then
    check "restart after the crash" ok ok
else
    check "restart after the crash" ok failed
    tail -30 "$PGDATA_DIR/server.log"
    finish
    exit 1
fi
note "restart with recovery took $((($(date +%s%N) - t0) / 1000000)) ms"
check "server log: automatic recovery ran" 1 "$(grep -c 'database system was not properly shut down; automatic recovery in progress' "$PGDATA_DIR/server.log")"
check "server log: redo done" 1 "$(grep -c 'redo done at' "$PGDATA_DIR/server.log")"
q() { sql "$PORT" "$DB" -c "$1" 2>&1; }
note "after recovery: $(q "SELECT (SELECT count(*) FROM public.registrations) || ' registrations, ' ||
    (SELECT count(*) FROM public.registrations WHERE status = 'attended') || ' attended, ' ||
    (SELECT count(*) FROM public.registrations WHERE status = 'pending') || ' pending, ' ||
    (SELECT count(*) FROM public.payments) || ' payments, ' ||
    (SELECT count(*) FROM public.venue_availability) || ' venue bookings'")"

# ---------------------------------------------------------------------------------------------
# Invariants.
# ---------------------------------------------------------------------------------------------
check "tiers: quantity_sold = live registrations" "" "$(q "
    SELECT string_agg(t.name || ' sold ' || t.quantity_sold || ' live ' || coalesce(l.n, 0), '; ')
      FROM public.ticket_tiers t
      LEFT JOIN (SELECT ticket_tier_id, count(*) AS n FROM public.registrations WHERE status <> 'cancelled' GROUP BY 1) l
        ON l.ticket_tier_id = t.id
     WHERE t.quantity_sold <> coalesce(l.n, 0)")"
check "tiers: quantity_sold <= quantity_total" 0 "$(q "SELECT count(*) FROM public.ticket_tiers WHERE quantity_sold > quantity_total OR quantity_sold < 0")"
check "Front Row (200) never sold past 200" t "$(q "SELECT quantity_sold <= 200 FROM public.ticket_tiers WHERE id = '$TIER_A'")"
check "no duplicate tokens" 0 "$(q "SELECT count(*) FROM (SELECT qr_code_data FROM public.registrations GROUP BY 1 HAVING count(*) > 1) d")"
check "no payment without its registration" 0 "$(q "SELECT count(*) FROM public.payments p LEFT JOIN public.registrations r ON r.id = p.registration_id WHERE r.id IS NULL")"
check "one payment per registration of a priced tier" 0 "$(q "
    SELECT count(*) FROM public.registrations r JOIN public.ticket_tiers t ON t.id = r.ticket_tier_id
     WHERE t.price > 0 AND (SELECT count(*) FROM public.payments p WHERE p.registration_id = r.id) <> 1")"
check "payment and registration states match" "" "$(q "
    SELECT string_agg(ps || '/' || rs || ' x' || n, ', ')
      FROM (SELECT p.status AS ps, r.status AS rs, count(*) AS n
              FROM public.payments p JOIN public.registrations r ON r.id = p.registration_id GROUP BY 1, 2) x
     WHERE (ps, rs) NOT IN (('pending', 'pending'), ('completed', 'confirmed'), ('completed', 'attended'),
                            ('failed', 'cancelled'), ('refunded', 'cancelled'))")"
check "no half-done check-in: attended <=> checked_in_at" 0 "$(q "
    SELECT count(*) FROM public.registrations WHERE (status = 'attended') <> (checked_in_at IS NOT NULL)")"
check "every pending registration holds its ticket (hold row), and only those" 0 "$(q "
    SELECT count(*) FROM public.registrations r FULL JOIN fashionos.registration_holds h ON h.registration_id = r.id
     WHERE (r.status = 'pending') IS DISTINCT FROM (h.registration_id IS NOT NULL)
        OR h.ticket_tier_id IS DISTINCT FROM CASE WHEN h.registration_id IS NOT NULL THEN r.ticket_tier_id END")"
check "cancelled <=> token revoked" 0 "$(q "
    SELECT count(*) FROM public.registrations r
     WHERE (r.status = 'cancelled') <> EXISTS (
           SELECT 1 FROM fashionos.revoked_tokens v
            WHERE v.token_hash = sha256(convert_to(btrim(r.qr_code_data), 'UTF8')) AND v.registration_id = r.id)")"
check "revoked tokens name existing registrations" 0 "$(q "
    SELECT count(*) FROM fashionos.revoked_tokens v LEFT JOIN public.registrations r ON r.id = v.registration_id WHERE r.id IS NULL")"
ledger_before=$(q "SELECT count(*) || ' ' || md5(coalesce(string_agg(b::text, ',' ORDER BY b::text), '')) FROM fashionos.bookings b")
rebuilt=$(q "SELECT fashionos.rebuild_bookings()")
ledger_after=$(q "SELECT count(*) || ' ' || md5(coalesce(string_agg(b::text, ',' ORDER BY b::text), '')) FROM fashionos.bookings b")
check "booking ledger = what its sources give (rebuild_bookings changes nothing)" "$ledger_before" "$ledger_after"
check "booking ledger: one row per venue booking" "$(q "SELECT count(*) FROM public.venue_availability WHERE status <> 'available'")" "$rebuilt"
check "booking ledger: no overlap of booked rows across engagements" 0 "$(q "
    SELECT count(*) FROM fashionos.bookings a JOIN fashionos.bookings b
      ON a.resource_type = b.resource_type AND a.resource_id = b.resource_id AND a.engagement <> b.engagement
     AND a.during && b.during AND a.source_id < b.source_id
     WHERE a.status IN ('booked', 'blocked') AND b.status IN ('booked', 'blocked')")"
amcheck=$(sql "$PORT" "$DB" 2>&1 <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS amcheck;
SELECT count(*) FROM (
    SELECT bt_index_check(c.oid, true)
      FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
     WHERE a.amname = 'btree' AND c.relnamespace IN ('public'::regnamespace, 'fashionos'::regnamespace)) x;
SQL
)
n_idx=$(q "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
            WHERE a.amname = 'btree' AND c.relnamespace IN ('public'::regnamespace, 'fashionos'::regnamespace)")
check "amcheck: every B-tree index of public and fashionos matches its table" "$n_idx" "$amcheck"

# Every acknowledged commit survived.
cat "$WORK"/load/*.out | grep -E '^(reserved|failed|paid|refunded|checked|booked|releasing|released) ' >"$WORK/acks"
note "acknowledged commits: $(cut -d' ' -f1 "$WORK/acks" | sort | uniq -c | awk '{printf "%s %s, ", $2, $1}')"
check "the load committed purchases, payments, check-ins and bookings" 0 "$(
    for k in reserved paid checked booked; do grep -q "^$k " "$WORK/acks" || echo "no $k"; done | wc -l)"
sql "$PORT" "$DB" -c "CREATE TABLE public.drill_acks (kind text, id uuid, extra text)" >/dev/null
sql "$PORT" "$DB" -c "\\copy public.drill_acks FROM '$WORK/acks' WITH (DELIMITER ' ', NULL '-')"
check "acknowledged reservations exist (with their payment)" 0 "$(q "
    SELECT count(*) FROM public.drill_acks a
     WHERE a.kind = 'reserved' AND NOT EXISTS (
           SELECT 1 FROM public.registrations r JOIN public.payments p ON p.registration_id = r.id
            WHERE r.id = a.id AND p.id = a.extra::uuid)")"
check "acknowledged completed payments are completed (or refunded since)" 0 "$(q "
    SELECT count(*) FROM public.drill_acks a JOIN public.payments p ON p.registration_id = a.id
     WHERE a.kind = 'paid' AND p.status NOT IN ('completed', 'refunded')")"
check "acknowledged failed payments are failed, their tickets cancelled" 0 "$(q "
    SELECT count(*) FROM public.drill_acks a JOIN public.registrations r ON r.id = a.id
      JOIN public.payments p ON p.registration_id = r.id
     WHERE a.kind = 'failed' AND (p.status <> 'failed' OR r.status <> 'cancelled')")"
check "acknowledged refunds are refunded, their tickets cancelled" 0 "$(q "
    SELECT count(*) FROM public.drill_acks a JOIN public.registrations r ON r.id = a.id
      JOIN public.payments p ON p.registration_id = r.id
     WHERE a.kind = 'refunded' AND (p.status <> 'refunded' OR r.status <> 'cancelled')")"
check "acknowledged check-ins are attended" 0 "$(q "
    SELECT count(*) FROM public.drill_acks a JOIN public.registrations r ON r.id = a.id
     WHERE a.kind = 'checked' AND (r.status <> 'attended' OR r.checked_in_at IS NULL)")"
check "acknowledged paid/checked/failed/refunded name known registrations" 0 "$(q "
    SELECT count(*) FROM public.drill_acks a WHERE a.kind IN ('paid', 'checked', 'failed', 'refunded')
       AND NOT EXISTS (SELECT 1 FROM public.registrations r WHERE r.id = a.id)")"
check "acknowledged bookings exist unless a release of them was sent" 0 "$(q "
    SELECT count(*) FROM public.drill_acks a WHERE a.kind = 'booked'
       AND NOT EXISTS (SELECT 1 FROM public.venue_availability v WHERE v.id = a.id)
       AND NOT EXISTS (SELECT 1 FROM public.drill_acks b WHERE b.kind = 'releasing' AND b.id = a.id)")"
check "acknowledged releases are gone" 0 "$(q "
    SELECT count(*) FROM public.drill_acks a JOIN public.venue_availability v ON v.id = a.id WHERE a.kind = 'released'")"
sql "$PORT" "$DB" -c "DROP TABLE public.drill_acks" >/dev/null

# ---------------------------------------------------------------------------------------------
# After recovery: the held tickets are releasable, and the API works.
# ---------------------------------------------------------------------------------------------
pending=$(q "SELECT count(*) FROM public.registrations WHERE status = 'pending'")
q "UPDATE fashionos.registration_holds SET expires_at = now() - interval '1 second'" >/dev/null
released=$(rpc service_role "" "SELECT public.release_expired_holds()")
check "every pending ticket is released once its hold expires ($pending)" "$pending" "$released"
check "after the release: no pending registration, quantity_sold = live" "0 0" "$(q "
    SELECT (SELECT count(*) FROM public.registrations WHERE status = 'pending') || ' ' ||
           (SELECT count(*) FROM public.ticket_tiers t WHERE quantity_sold <>
                   (SELECT count(*) FROM public.registrations r WHERE r.ticket_tier_id = t.id AND r.status <> 'cancelled'))")"

out=$(rpc anon "" "SELECT registration_id || ' ' || payment_id || ' ' || qr_code_data FROM public.reserve_tickets(p_ticket_tier_id => '$TIER_A', p_quantity => 1, p_attendee_email => 'after@example.com', p_attendee_name => 'After Crash')")
read -r rid pid tok <<<"$out"
check "after recovery: reserve_tickets (anon)" ok "$(sqlstate "$out")"
check "after recovery: complete_payment (service_role)" "completed" "$(rpc service_role "" "SELECT payment_status FROM public.complete_payment(p_payment_id => '$pid', p_provider => 'stripe', p_provider_transaction_id => 'ch_after')")"
check "after recovery: check_in (organizer)" "checked_in" "$(rpc authenticated "$OWNER" "SELECT outcome FROM public.check_in(p_token => '$tok', p_event_id => '$EVENT')")"
check "after recovery: second scan" "already_checked_in" "$(rpc authenticated "$OWNER" "SELECT outcome FROM public.check_in(p_token => '$tok', p_event_id => '$EVENT')")"
check "after recovery: verify_ticket (anon): genuine, and used (just checked in)" "false used" "$(rpc anon "" "SELECT valid || ' ' || reason FROM public.verify_ticket(p_token => '$tok')")"
check "after recovery: quantity_sold = live registrations" 0 "$(q "
    SELECT count(*) FROM public.ticket_tiers t WHERE quantity_sold <>
           (SELECT count(*) FROM public.registrations r WHERE r.ticket_tier_id = t.id AND r.status <> 'cancelled')")"
check "server log: no PANIC, no crash after the restart" 0 "$(sed -n '/redo done at/,$p' "$PGDATA_DIR/server.log" | grep -c -E 'PANIC|was terminated by signal')"

finish
