#!/usr/bin/env bash
# hot_standby.sh: the read-only functions work on a hot standby; the writing ones are refused
# cleanly there with SQLSTATE 25006 (read_only_sql_transaction).
#
#   bash tests/drills/hot_standby.sh          (as root; about 15 s)
#
# Own primary on 127.0.0.1:54363 (wal_level replica) and a streaming standby on 127.0.0.1:54364
# (pg_basebackup -R, hot_standby on), both run as the postgres OS user under
# /tmp/fashionos-drills/hot_standby; needs only fashionos installed in the system PostgreSQL 15.
# KEEP=1 keeps the work directory.
#
# 1. The standby is cloned from the primary before the database exists: CREATE EXTENSION and all
#    the data reach it through the WAL.
# 2. On the primary, through the API: tickets (confirmed, attended, pending, cancelled), a
#    runway show whose line-up has an opener that does not walk first and a model walking twice
#    too close together, a venue booked by one event and held tentatively by another, a model
#    booked and held likewise.
# 3. Once the standby has replayed the primary's WAL position, on the standby, as the roles a
#    client uses: verify_ticket (valid, attended, cancelled, tampered, malformed; what anon and
#    organizers see), ticket_signing_keys, qr_code_svg, ticket_qr_svg, get_event_settings,
#    validate_walk_order (the expected violations), find_conflicts and event_conflicts (the
#    tentative overlaps), with the same results as on the primary; and their refusals (42501,
#    PT404, 22023).
# 4. The writing functions on the standby fail with 25006 and nothing else: reserve_tickets,
#    complete_payment, check_in, cancel_registration, release_expired_holds, set_walk_order,
#    book_resource, release_booking, set_event_settings; in one session, the read-only functions
#    keep working after such a refusal; the standby is still up and replaying, and its log has no
#    crash.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
drill_begin hot_standby
PRIMARY=${DRILL_PORT:-54363}  # DRILL_PORT, DRILL_STANDBY_PORT: other ports (two runs at once)
STANDBY=${DRILL_STANDBY_PORT:-54364}
DB=drill

# ---------------------------------------------------------------------------------------------
# 1. Primary, then a standby cloned from it.
# ---------------------------------------------------------------------------------------------
pg_init "$WORK/primary" "$PRIMARY" "wal_level = replica" "max_wal_senders = 4" "hot_standby = on" ||
    { check "primary created" ok failed; finish; exit 1; }
pg_start "$WORK/primary" || { check "primary started" ok failed; finish; exit 1; }
mkdir -p "$WORK/standby" && chown postgres:postgres "$WORK/standby" && chmod 700 "$WORK/standby"
if runuser -u postgres -- "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY" -U postgres -D "$WORK/standby" \
    -R -X stream -c fast >"$WORK/basebackup.log" 2>&1; then
    check "pg_basebackup -R" ok ok
else
    check "pg_basebackup -R" ok failed
    cat "$WORK/basebackup.log"
    finish
    exit 1
fi
pg_conf "$WORK/standby" "port = $STANDBY" "hot_standby = on"
pg_start "$WORK/standby" || { check "standby started" ok failed; finish; exit 1; }
check "standby is in recovery" t "$(sql "$STANDBY" postgres -c "SELECT pg_is_in_recovery()" 2>&1)"
# The standby accepts connections before its WAL receiver has connected: wait for the stream.
streams() {
    local i state
    for i in $(seq 1 300); do
        state=$(sql "$PRIMARY" postgres -c "SELECT state FROM pg_stat_replication" 2>&1)
        [ "$state" = streaming ] && break
        sleep 0.1
    done
    echo "$state"
}
check "primary streams to it" streaming "$(streams)"

# ---------------------------------------------------------------------------------------------
# 2. Data on the primary: fixture by the database owner, tickets through the API.
# ---------------------------------------------------------------------------------------------
new_db "$PRIMARY" "$DB" || { check "CREATE EXTENSION fashionos on the primary" ok failed; finish; exit 1; }
sql "$PRIMARY" "$DB" <<SQL
$(people_sql 'Maison Replica' 'maison-replica')
INSERT INTO public.events (id, name, status, start_date, organization_id, created_by) VALUES
    ('$EVENT', 'Replica Show', 'active', '2086-03-01 19:00+01', '$ORG', '$OWNER'),
    ('$EVENT2', 'Replica Fitting', 'planning', '2086-03-01 10:00+01', '$ORG', '$OWNER');
INSERT INTO public.ticket_tiers (id, event_id, name, type, price, quantity_total) VALUES
    ('$TIER', '$EVENT', 'General', 'paid', 80.00, 50);
$(lineup_sql)
INSERT INTO public.venues (id, owner_id, name) VALUES ('$VENUE', '$OWNER', 'Salle Replica');
SQL
check "fixture on the primary" 0 $?
P() { PORT=$PRIMARY rpc "$@"; }
tickets=$(P anon "" "SELECT registration_id || ' ' || payment_id || ' ' || qr_code_data FROM public.reserve_tickets(p_ticket_tier_id => '$TIER', p_quantity => 4, p_attendee_email => 'ana@example.com', p_attendee_name => 'Ana Duarte') ORDER BY registration_id")
{ read -r rid1 pid1 tok1; read -r rid2 pid2 tok2; read -r rid3 pid3 tok3; read -r rid4 pid4 tok4; } <<<"$tickets"
P service_role "" "SELECT changed FROM public.complete_payment(p_payment_id => '$pid1', p_provider => 'stripe', p_provider_transaction_id => 'ch_1')" >/dev/null
P service_role "" "SELECT changed FROM public.complete_payment(p_payment_id => '$pid2', p_provider => 'stripe', p_provider_transaction_id => 'ch_2')" >/dev/null
P authenticated "$OWNER" "SELECT outcome FROM public.check_in(p_token => '$tok2', p_event_id => '$EVENT')" >/dev/null
P authenticated "$OWNER" "SELECT changed FROM public.cancel_registration(p_registration_id => '$rid4')" >/dev/null
# ticket 1 confirmed, 2 attended, 3 pending (held), 4 cancelled
check "tickets on the primary" "confirmed attended pending cancelled" "$(for r in $rid1 $rid2 $rid3 $rid4; do
    sql "$PRIMARY" "$DB" -c "SELECT status FROM public.registrations WHERE id = '$r'"; done | paste -sd' ')"
# line-up: looks 1 and 2 swapped (the opener walks second; model 1 walks at 2 and 6: too close)
P authenticated "$OWNER" "SELECT count(*) FROM public.set_walk_order(p_event_id => '$EVENT', p_event_model_ids => ARRAY['$(cast_id 2)', '$(cast_id 1)', '$(cast_id 3)', '$(cast_id 4)', '$(cast_id 5)', '$(cast_id 6)']::uuid[])" >/dev/null
# bookings: the venue and model 1 booked for the show, held tentatively for the fitting
bid=$(P authenticated "$OWNER" "SELECT public.book_resource(p_resource_type => 'venue', p_resource_id => '$VENUE', p_event_id => '$EVENT', p_start => '2086-03-01 12:00Z', p_end => '2086-03-01 22:00Z')")
P authenticated "$OWNER" "SELECT public.book_resource(p_resource_type => 'venue', p_resource_id => '$VENUE', p_event_id => '$EVENT2', p_start => '2086-03-01 08:00Z', p_end => '2086-03-01 14:00Z', p_status => 'tentative')" >/dev/null
P authenticated "$OWNER" "SELECT public.book_resource(p_resource_type => 'model', p_resource_id => '$MODEL1', p_event_id => '$EVENT', p_start => '2086-03-01 15:00Z', p_end => '2086-03-01 21:00Z')" >/dev/null
P authenticated "$OWNER" "SELECT public.book_resource(p_resource_type => 'model', p_resource_id => '$MODEL1', p_event_id => '$EVENT2', p_start => '2086-03-01 09:00Z', p_end => '2086-03-01 16:00Z', p_status => 'tentative')" >/dev/null
P authenticated "$OWNER" "SELECT time_zone FROM public.set_event_settings(p_event_id => '$EVENT', p_time_zone => 'Europe/Paris')" >/dev/null
check "bookings on the primary (2 booked, 2 tentative)" "booked 2 tentative 2" "$(sql "$PRIMARY" "$DB" -c "SELECT string_agg(status || ' ' || n, ' ' ORDER BY status) FROM (SELECT status, count(*) AS n FROM fashionos.bookings GROUP BY 1) x")"

# ---------------------------------------------------------------------------------------------
# 3. Wait for the standby to replay everything, then the read-only functions there.
# ---------------------------------------------------------------------------------------------
wait_replay() { # wait_replay: until the standby has replayed the primary's current WAL position
    local lsn i
    lsn=$(sql "$PRIMARY" postgres -c "SELECT pg_current_wal_lsn()")
    for i in $(seq 1 300); do
        [ "$(sql "$STANDBY" postgres -c "SELECT pg_last_wal_replay_lsn() >= '$lsn'::pg_lsn" 2>/dev/null)" = t ] && return 0
        sleep 0.1
    done
    return 1
}
if wait_replay; then check "standby replayed the primary's WAL" ok ok; else check "standby replayed the primary's WAL" ok "timeout"; fi

# A read-only request must not need a transaction id: a standby cannot assign one ("cannot assign
# TransactionIds during recovery"), and on the primary each would consume one for nothing.
xid_of() { # xid_of ROLE SUB NAME SQL: a request that runs SQL, then prints "NAME <its transaction id or none>"
    echo "BEGIN;"
    echo "$(claims "$1" "$2") \\g /dev/null"
    echo "$4 \\g /dev/null"
    echo "SELECT '$3 ' || coalesce(txid_current_if_assigned()::text, 'none');"
    echo "ROLLBACK;"
}
xids=$({
    xid_of authenticated "$OWNER" verify_ticket "SELECT count(*) FROM public.verify_ticket(p_token => '$tok1')"
    xid_of anon "" ticket_signing_keys "SELECT count(*) FROM public.ticket_signing_keys()"
    xid_of authenticated "$OWNER" validate_walk_order "SELECT count(*) FROM public.validate_walk_order(p_event_id => '$EVENT')"
    xid_of authenticated "$OWNER" find_conflicts "SELECT count(*) FROM public.find_conflicts(p_resource_type => 'venue', p_resource_id => '$VENUE')"
    xid_of authenticated "$OWNER" event_conflicts "SELECT count(*) FROM public.event_conflicts(p_event_id => '$EVENT2')"
} | psql -X -q -At -h 127.0.0.1 -p "$PRIMARY" -U postgres -d "$DB" 2>&1)
check "primary: the read-only functions assign no transaction id" \
    "verify_ticket none|ticket_signing_keys none|validate_walk_order none|find_conflicts none|event_conflicts none" \
    "$(paste -sd'|' <<<"$xids")"

# Read-only requests: each is run on the primary and on the standby; results must be equal.
readers() { # readers PORT: "step: result" lines
    local p=$1
    r() { PORT=$p step "$@"; } # r STEP ROLE SUB SQL
    r "in recovery" anon "" "SELECT pg_is_in_recovery()"
    r "verify confirmed (anon)" anon "" "SELECT valid, reason, registration_id = '$rid1', event_id, status, attendee_name FROM public.verify_ticket(p_token => '$tok1')"
    r "verify confirmed (organizer)" authenticated "$OWNER" "SELECT valid, reason, status, attendee_name, checked_in_at IS NULL FROM public.verify_ticket(p_token => '$tok1')"
    r "verify attended (organizer)" authenticated "$OWNER" "SELECT valid, reason, status, checked_in_at IS NOT NULL FROM public.verify_ticket(p_token => '$tok2')"
    r "verify pending (service_role)" service_role "" "SELECT valid, reason, status FROM public.verify_ticket(p_token => '$tok3')"
    r "verify cancelled" anon "" "SELECT valid, reason FROM public.verify_ticket(p_token => '$tok4')"
    r "verify tampered" anon "" "SELECT valid, reason FROM public.verify_ticket(p_token => '$(
        IFS=. read -r a b c d <<<"$tok1"; IFS=. read -r _ _ _ d2 <<<"$tok3"; echo "$a.$b.$c.$d2")')"
    r "verify malformed" anon "" "SELECT valid, reason FROM public.verify_ticket(p_token => 'hello')"
    r "signing keys" anon "" "SELECT count(*), bool_and(algorithm = 'Ed25519' AND length(public_key) = 43) FROM public.ticket_signing_keys()"
    r "qr_code_svg" anon "" "SELECT md5(public.qr_code_svg(p_data => 'hello', p_size => 128))"
    r "ticket_qr_svg" authenticated "$OWNER" "SELECT md5(public.ticket_qr_svg(p_registration_id => '$rid1'))"
    r "ticket_qr_svg not visible" authenticated "$RIVAL" "SELECT public.ticket_qr_svg(p_registration_id => '$rid1')"
    r "get_event_settings" authenticated "$OWNER" "SELECT time_zone, walk_min_gap, hold_minutes FROM public.get_event_settings(p_event_id => '$EVENT')"
    r "validate_walk_order" authenticated "$OWNER" "SELECT violation, event_model_ids, walk_orders, message FROM public.validate_walk_order(p_event_id => '$EVENT')"
    r "validate_walk_order gap 3" authenticated "$OWNER" "SELECT violation, walk_orders FROM public.validate_walk_order(p_event_id => '$EVENT', p_min_gap => 3)"
    r "validate_walk_order (service_role)" service_role "" "SELECT count(*) FROM public.validate_walk_order(p_event_id => '$EVENT')"
    r "validate_walk_order by rival" authenticated "$RIVAL" "SELECT * FROM public.validate_walk_order(p_event_id => '$EVENT')"
    r "validate_walk_order by anon" anon "" "SELECT * FROM public.validate_walk_order(p_event_id => '$EVENT')"
    r "validate_walk_order bad gap" authenticated "$OWNER" "SELECT * FROM public.validate_walk_order(p_event_id => '$EVENT', p_min_gap => 0)"
    r "find_conflicts venue" authenticated "$OWNER" "SELECT severity, overlap_start, overlap_end, source_table, event_id, status, other_event_id, other_status FROM public.find_conflicts(p_resource_type => 'venue', p_resource_id => '$VENUE') ORDER BY event_id"
    r "find_conflicts model" authenticated "$OWNER" "SELECT severity, overlap_start, overlap_end, status, other_status FROM public.find_conflicts(p_resource_type => 'model', p_resource_id => '$MODEL1', p_from => '2086-03-01 00:00Z', p_to => '2086-03-02 00:00Z') ORDER BY status"
    r "find_conflicts window" authenticated "$OWNER" "SELECT count(*) FROM public.find_conflicts(p_resource_type => 'venue', p_resource_id => '$VENUE', p_from => '2086-03-01 14:00Z', p_to => '2086-03-02 00:00Z')"
    r "event_conflicts" authenticated "$OWNER" "SELECT resource_type, severity, overlap_start, overlap_end, status, other_status FROM public.event_conflicts(p_event_id => '$EVENT2') ORDER BY resource_type"
    r "event_conflicts (service_role)" service_role "" "SELECT count(*) FROM public.event_conflicts(p_event_id => '$EVENT')"
    r "find_conflicts by rival" authenticated "$RIVAL" "SELECT * FROM public.find_conflicts(p_resource_type => 'venue', p_resource_id => '$VENUE')"
    r "find_conflicts bad range" authenticated "$OWNER" "SELECT * FROM public.find_conflicts(p_resource_type => 'venue', p_resource_id => '$VENUE', p_from => '2086-03-02', p_to => '2086-03-01')"
    r "event_conflicts by anon" anon "" "SELECT * FROM public.event_conflicts(p_event_id => '$EVENT')"
}
readers "$PRIMARY" >"$WORK/read.primary" 2>&1
readers "$STANDBY" >"$WORK/read.standby" 2>&1
sed -i 's/^in recovery: .*//' "$WORK/read.primary" "$WORK/read.standby"
if diff -u "$WORK/read.primary" "$WORK/read.standby" >"$WORK/read.diff"; then
    check "read-only functions: standby results = primary results ($(grep -c . "$WORK/read.standby") lines)" same same
else
    check "read-only functions: standby results = primary results ($(grep -c . "$WORK/read.standby") lines)" same \
        "$(grep -c '^+[^+]' "$WORK/read.diff") lines differ (diff in $WORK/read.diff)"
fi
got() { grep -F "$1: " "$WORK/read.standby" | sed "s/^$1: //" | paste -sd'#'; }
check "standby: verify_ticket confirmed, anon sees no status" "t|valid|t|$EVENT||" "$(got "verify confirmed (anon)")"
check "standby: verify_ticket confirmed, organizer sees it" "t|valid|confirmed|Ana Duarte|t" "$(got "verify confirmed (organizer)")"
check "standby: verify_ticket attended: used" "f|used|attended|t" "$(got "verify attended (organizer)")"
check "standby: verify_ticket pending: unpaid" "f|unpaid|pending" "$(got "verify pending (service_role)")"
check "standby: verify_ticket cancelled" "f|cancelled" "$(got "verify cancelled")"
check "standby: verify_ticket tampered" "f|tampered" "$(got "verify tampered")"
check "standby: verify_ticket malformed" "f|malformed" "$(got "verify malformed")"
check "standby: ticket_signing_keys" "1|t" "$(got "signing keys")"
check "standby: ticket_qr_svg not visible: PT404" PT404 "$(sqlstate "$(got "ticket_qr_svg not visible")")"
check "standby: get_event_settings" "Europe/Paris|5|15" "$(got "get_event_settings")"
check "standby: validate_walk_order reports opener_not_first and too_close" \
    "opener_not_first|{$(cast_id 1),$(cast_id 2)}|{2,1}|the opener walks at position 2, the show opens at position 1#too_close|{$(cast_id 1),$(cast_id 6)}|{2,6}|one model walks at 2 and 6: 4 looks apart, 5 needed to change" \
    "$(got "validate_walk_order")"
check "standby: validate_walk_order with gap 3: opener only" "opener_not_first|{2,1}" "$(got "validate_walk_order gap 3")"
check "standby: validate_walk_order refusals" "PT404 42501 22023" "$(for s in "by rival" "by anon" "bad gap"; do sqlstate "$(got "validate_walk_order $s")"; done | paste -sd' ')"
check "standby: find_conflicts venue: the tentative overlap (one row per pair, the earlier first)" \
    "tentative|2086-03-01 12:00:00+00|2086-03-01 14:00:00+00|venue_availability|$EVENT2|tentative|$EVENT|booked" \
    "$(got "find_conflicts venue")"
check "standby: find_conflicts model: the tentative overlap" \
    "tentative|2086-03-01 15:00:00+00|2086-03-01 16:00:00+00|tentative|booked" "$(got "find_conflicts model")"
check "standby: find_conflicts outside the overlap window" 0 "$(got "find_conflicts window")"
check "standby: event_conflicts of the fitting: venue and model holds" \
    "model|tentative|2086-03-01 15:00:00+00|2086-03-01 16:00:00+00|tentative|booked#venue|tentative|2086-03-01 12:00:00+00|2086-03-01 14:00:00+00|tentative|booked" \
    "$(got "event_conflicts")"
check "standby: conflict refusals" "PT404 22023 42501" "$(for s in "find_conflicts by rival" "find_conflicts bad range" "event_conflicts by anon"; do sqlstate "$(got "$s")"; done | paste -sd' ')"

# ---------------------------------------------------------------------------------------------
# 4. The writing functions on the standby: 25006, nothing else.
# ---------------------------------------------------------------------------------------------
S() { PORT=$STANDBY rpc "$@"; }
refused() { # refused NAME ROLE SUB SQL
    local out
    out=$(S "$2" "$3" "$4")
    check "standby refuses $1 with 25006" 25006 "$(sqlstate "$out")"
    grep -q '^ERROR 25006' <<<"$out" || printf '%s\n' "$out" | sed 's/^/     /'
}
refused reserve_tickets anon "" "SELECT * FROM public.reserve_tickets(p_ticket_tier_id => '$TIER', p_quantity => 1, p_attendee_email => 'b@example.com', p_attendee_name => 'B')"
refused complete_payment service_role "" "SELECT * FROM public.complete_payment(p_payment_id => '$pid3', p_provider => 'stripe', p_provider_transaction_id => 'ch_3')"
refused check_in authenticated "$OWNER" "SELECT * FROM public.check_in(p_token => '$tok1', p_event_id => '$EVENT')"
refused cancel_registration authenticated "$OWNER" "SELECT * FROM public.cancel_registration(p_registration_id => '$rid3')"
refused release_expired_holds service_role "" "SELECT public.release_expired_holds()"
refused reissue_ticket authenticated "$OWNER" "SELECT public.reissue_ticket(p_registration_id => '$rid1')"
refused set_walk_order authenticated "$OWNER" "SELECT count(*) FROM public.set_walk_order(p_event_id => '$EVENT', p_event_model_ids => ARRAY['$(cast_id 1)', '$(cast_id 2)', '$(cast_id 3)', '$(cast_id 4)', '$(cast_id 5)', '$(cast_id 6)']::uuid[])"
refused book_resource authenticated "$OWNER" "SELECT public.book_resource(p_resource_type => 'venue', p_resource_id => '$VENUE', p_event_id => '$EVENT2', p_start => '2086-04-01 08:00Z', p_end => '2086-04-01 10:00Z')"
refused release_booking authenticated "$OWNER" "SELECT public.release_booking(p_resource_type => 'venue', p_booking_id => '$bid')"
refused set_event_settings authenticated "$OWNER" "SELECT * FROM public.set_event_settings(p_event_id => '$EVENT', p_hold_minutes => 10)"
# A second scan of a used ticket changes nothing; whether the standby answers it or refuses it
# (25006) depends on whether check_in reaches its UPDATE first. Reported, not asserted.
out=$(S authenticated "$OWNER" "SELECT outcome FROM public.check_in(p_token => '$tok2', p_event_id => '$EVENT')")
note "check_in of an attended ticket on the standby: $(head -1 <<<"$out")"

# One session: read, refused write, read again (the functions' kept plans survive the error).
session=$(psql -X -q -At -h 127.0.0.1 -p "$STANDBY" -U postgres -d "$DB" 2>&1 <<SQL
\set VERBOSITY sqlstate
BEGIN;
$(claims authenticated "$OWNER") \g /dev/null
SELECT reason FROM public.verify_ticket(p_token => '$tok1');
SELECT count(*) FROM public.validate_walk_order(p_event_id => '$EVENT');
COMMIT;
BEGIN;
$(claims authenticated "$OWNER") \g /dev/null
SELECT outcome FROM public.check_in(p_token => '$tok1', p_event_id => '$EVENT');
COMMIT;
BEGIN;
$(claims authenticated "$OWNER") \g /dev/null
SELECT reason FROM public.verify_ticket(p_token => '$tok1');
SELECT count(*) FROM public.validate_walk_order(p_event_id => '$EVENT');
SELECT count(*) FROM public.find_conflicts(p_resource_type => 'venue', p_resource_id => '$VENUE');
COMMIT;
SQL
)
check "one standby session: read, refused write, read again" "valid|2|ERROR:  25006|valid|2|1" "$(sed 's/^psql:<stdin>:[0-9]*: //' <<<"$session" | paste -sd'|')"

# Still up, still replaying: a ticket sold on the primary now verifies on the standby.
new=$(P anon "" "SELECT qr_code_data FROM public.reserve_tickets(p_ticket_tier_id => '$TIER', p_quantity => 1, p_attendee_email => 'late@example.com', p_attendee_name => 'Late')")
wait_replay
check "standby still replays: it has the ticket sold since" 1 "$(sql "$STANDBY" "$DB" -c "SELECT count(*) FROM public.registrations WHERE attendee_email = 'late@example.com'")"
check "standby still replays: a ticket sold since verifies there (unpaid)" "f|unpaid" "$(S anon "" "SELECT valid, reason FROM public.verify_ticket(p_token => '$new')")"
check "standby: still in recovery, no crash, no PANIC in its log" "t 0" "$(sql "$STANDBY" postgres -c "SELECT pg_is_in_recovery()") $(grep -c -E 'PANIC|terminated by signal|server process .* exited' "$WORK/standby/server.log")"
check "primary: nothing written by the refused calls reached it" "5" "$(sql "$PRIMARY" "$DB" -c "SELECT count(*) FROM public.registrations")"
finish
