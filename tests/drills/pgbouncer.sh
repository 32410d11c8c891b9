#!/usr/bin/env bash
# pgbouncer.sh: every API function behaves the same through PgBouncer in transaction pooling mode
# (as Supabase pools connections) as on a direct connection.
#
#   bash tests/drills/pgbouncer.sh          (as root; about 30 s)
#
# Own cluster on 127.0.0.1:54362 and Debian's pgbouncer on 127.0.0.1:64362 (pool_mode =
# transaction), both run as the postgres OS user under /tmp/fashionos-drills/pgbouncer; needs only
# fashionos installed in the system PostgreSQL 15. KEEP=1 keeps the work directory.
#
# Two databases with the same fixture: "direct" is used directly, "pooled" only through pgbouncer
# (pool of 4 server connections; "one" is the same database with a pool of 1).
# 1. The same API flows, request by request (each request a transaction that sets role and JWT
#    claims locally, as PostgREST does), run on both; the outputs, with generated ids, tokens and
#    times masked, must be identical: reserve, verify_ticket, complete_payment (twice, and with
#    another transaction), check_in (twice: already_checked_in; unpaid, anon, unknown event),
#    cancel_registration (changed true then false), refund of a used ticket, errors with their
#    SQLSTATE (PT404, PT409, 42501, 22023), event settings, set_walk_order / validate_walk_order,
#    book_resource with a refused double booking (PT409), a tentative overlap, find_conflicts,
#    event_conflicts, release_booking.
# 2. Many clients: 40 buyers race for 30 tickets, pay and are scanned twice, through 4 pooled
#    server connections and directly: same counts; PostgreSQL saw at most 4 connections.
# 3. Nothing leaks between transactions that share one server connection (pool of 1): after a
#    request as organizer, the next client sees no role and no claims, auth.uid() is null, anon is
#    refused check_in; row level security and the functions' kept plans follow the role of each
#    request. Control: a session-level set_config (is_local = false) does leak, which is why each
#    request must set its settings with is_local = true.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
drill_begin pgbouncer
PORT=${DRILL_PORT:-54362}  # DRILL_PORT, DRILL_BOUNCER_PORT: other ports (two runs at once)
BOUNCER=${DRILL_BOUNCER_PORT:-64362}

TIER_ONE=00000000-0000-4000-8000-0000000000f2  # OWNER, ORG, EVENT, TIER, ...: tests/lib.sh
TIER_PRESS=00000000-0000-4000-8000-0000000000f3
TIER_RACE=00000000-0000-4000-8000-0000000000f4
NOPE=00000000-0000-4000-8000-00000000dead

pg_init "$WORK/pg" "$PORT" || { check "cluster created" ok failed; finish; exit 1; }
pg_start "$WORK/pg" || { check "cluster started" ok failed; finish; exit 1; }

fixture() { # fixture DB
    new_db "$PORT" "$1" && sql "$PORT" "$1" <<SQL
$(people_sql 'Maison Pool' 'maison-pool')
INSERT INTO public.events (id, name, status, start_date, organization_id, created_by) VALUES
    ('$EVENT', 'Pool Show', 'active', '2086-03-01 19:00+01', '$ORG', '$OWNER'),
    ('$EVENT2', 'Pool Fitting', 'planning', '2086-03-02 10:00+01', '$ORG', '$OWNER');
INSERT INTO public.ticket_tiers (id, event_id, name, type, price, quantity_total) VALUES
    ('$TIER', '$EVENT', 'General', 'paid', 120.00, 100),
    ('$TIER_ONE', '$EVENT', 'Last Seat', 'paid', 300.00, 1),
    ('$TIER_PRESS', '$EVENT', 'Press', 'press', 0, 10),
    ('$TIER_RACE', '$EVENT', 'Race', 'paid', 50.00, 30);
$(lineup_sql)
INSERT INTO public.venues (id, owner_id, name) VALUES ('$VENUE', '$OWNER', 'Salle Pool');
SQL
}
fixture direct && fixture pooled
check "two databases with the same fixture" 0 $?

# ---------------------------------------------------------------------------------------------
# pgbouncer, transaction pooling
# ---------------------------------------------------------------------------------------------
cat >"$WORK/pgbouncer.ini" <<INI
[databases]
pooled = host=127.0.0.1 port=$PORT dbname=pooled pool_size=4
one = host=127.0.0.1 port=$PORT dbname=pooled pool_size=1

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $BOUNCER
unix_socket_dir =
auth_type = trust
auth_file = $WORK/userlist.txt
admin_users = postgres
pool_mode = transaction
max_client_conn = 400
default_pool_size = 4
reserve_pool_size = 0
logfile = $WORK/pgbouncer.log
pidfile = $WORK/pgbouncer.pid
INI
echo '"postgres" ""' >"$WORK/userlist.txt"
chown postgres:postgres "$WORK/pgbouncer.ini" "$WORK/userlist.txt"
drill_pidfile "$WORK/pgbouncer.pid"
runuser -u postgres -- /usr/sbin/pgbouncer -d -q "$WORK/pgbouncer.ini"
for i in $(seq 1 50); do
    psql -X -q -At -h 127.0.0.1 -p "$BOUNCER" -U postgres -d pgbouncer -c "SHOW VERSION" >/dev/null 2>&1 && break
    sleep 0.1
done
check "pgbouncer runs, pool_mode transaction" "transaction" "$(psql -X -q -At -h 127.0.0.1 -p "$BOUNCER" -U postgres -d pgbouncer -c "SHOW CONFIG" 2>&1 | awk -F'|' '$1 == "pool_mode" {print $2}')"
if ! sql "$BOUNCER" pooled -c "SELECT 1" >/dev/null 2>&1; then
    check "a query through pgbouncer" ok failed
    cat "$WORK/pgbouncer.log"
    finish
    exit 1
fi

# ---------------------------------------------------------------------------------------------
# 1. The same flows, directly and through pgbouncer.
# ---------------------------------------------------------------------------------------------
# mask: generated ids, tokens, times -> placeholders (the fixture's ids stay).
mask() {
    perl -pe 's/\b(?!00000000-0000-4000-8000-)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/<id>/g;
              s/FOS1\.[A-Za-z0-9_.-]+/<token>/g;
              s/\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d(:\d\d)?|Z)?/<time>/g'
}

flows() { # flows PORT DB: prints "step: result" lines
    local p=$1 d=$2 out rid1 pid1 tok1 rid2 pid2 tok2 bid
    r() { PORT=$p DB=$d step "$@"; } # r STEP ROLE SUB SQL
    out=$(PORT=$p DB=$d rpc anon "" "SELECT registration_id, payment_id, qr_code_data FROM public.reserve_tickets(p_ticket_tier_id => '$TIER', p_quantity => 2, p_attendee_email => ' Ana@Example.com ', p_attendee_name => 'Ana Duarte') ORDER BY registration_id")
    { read -r rid1; read -r rid2; } <<<"$(cut -d'|' -f1 <<<"$out")"
    { read -r pid1; read -r pid2; } <<<"$(cut -d'|' -f2 <<<"$out")"
    { read -r tok1; read -r tok2; } <<<"$(cut -d'|' -f3 <<<"$out")"
    echo "reserve 2 (anon): $(wc -l <<<"$out") rows"
    r "reserve: rows" service_role "" "SELECT r.status, r.attendee_email, p.amount, p.currency, p.status
        FROM public.registrations r JOIN public.payments p ON p.registration_id = r.id WHERE r.id IN ('$rid1', '$rid2') ORDER BY r.id"
    r "verify (anon)" anon "" "SELECT valid, reason, status, attendee_name FROM public.verify_ticket(p_token => '$tok1')"
    r "verify (organizer)" authenticated "$OWNER" "SELECT valid, reason, status, attendee_name FROM public.verify_ticket(p_token => '$tok1')"
    r "complete_payment" service_role "" "SELECT payment_status, registration_status, changed FROM public.complete_payment(p_payment_id => '$pid1', p_provider => 'stripe', p_provider_transaction_id => 'ch_1')"
    r "complete_payment again" service_role "" "SELECT payment_status, registration_status, changed FROM public.complete_payment(p_payment_id => '$pid1', p_provider => 'stripe', p_provider_transaction_id => 'ch_1')"
    r "complete_payment other charge" service_role "" "SELECT * FROM public.complete_payment(p_payment_id => '$pid1', p_provider => 'stripe', p_provider_transaction_id => 'ch_2')"
    r "complete_payment bad provider" service_role "" "SELECT * FROM public.complete_payment(p_payment_id => '$pid2', p_provider => 'bitcoin')"
    r "complete_payment unknown" service_role "" "SELECT * FROM public.complete_payment(p_payment_id => '$NOPE')"
    r "complete_payment by anon" anon "" "SELECT * FROM public.complete_payment(p_payment_id => '$pid2')"
    r "check_in" authenticated "$OWNER" "SELECT outcome, attendee_name, ticket_tier, checked_in_at IS NOT NULL, message FROM public.check_in(p_token => '$tok1', p_event_id => '$EVENT')"
    r "check_in again" authenticated "$OWNER" "SELECT outcome, attendee_name, ticket_tier, message FROM public.check_in(p_token => '$tok1', p_event_id => '$EVENT')"
    r "check_in unpaid" authenticated "$OWNER" "SELECT outcome FROM public.check_in(p_token => '$tok2', p_event_id => '$EVENT')"
    r "check_in by anon" anon "" "SELECT outcome FROM public.check_in(p_token => '$tok1', p_event_id => '$EVENT')"
    r "check_in by another organization" authenticated "$RIVAL" "SELECT outcome FROM public.check_in(p_token => '$tok1', p_event_id => '$EVENT')"
    r "check_in unknown event" authenticated "$OWNER" "SELECT outcome FROM public.check_in(p_token => '$tok1', p_event_id => '$NOPE')"
    r "check_in garbage" authenticated "$OWNER" "SELECT outcome FROM public.check_in(p_token => 'FOS1.garbage', p_event_id => '$EVENT')"
    r "check_in other event" authenticated "$OWNER" "SELECT outcome FROM public.check_in(p_token => '$tok1', p_event_id => '$EVENT2')"
    r "cancel" authenticated "$OWNER" "SELECT status, changed FROM public.cancel_registration(p_registration_id => '$rid2')"
    r "cancel again" authenticated "$OWNER" "SELECT status, changed FROM public.cancel_registration(p_registration_id => '$rid2')"
    r "cancel used" authenticated "$OWNER" "SELECT status, changed FROM public.cancel_registration(p_registration_id => '$rid1')"
    r "cancel by anon" anon "" "SELECT status FROM public.cancel_registration(p_registration_id => '$rid2')"
    r "verify cancelled" anon "" "SELECT valid, reason FROM public.verify_ticket(p_token => '$tok2')"
    r "verify malformed" anon "" "SELECT valid, reason FROM public.verify_ticket(p_token => 'hello')"
    r "check_in cancelled" authenticated "$OWNER" "SELECT outcome FROM public.check_in(p_token => '$tok2', p_event_id => '$EVENT')"
    r "refund used" service_role "" "SELECT * FROM public.refund_payment(p_payment_id => '$pid1')"
    r "fail cancelled's payment" service_role "" "SELECT payment_status, registration_status, changed FROM public.fail_payment(p_payment_id => '$pid2')"
    r "reserve 0" anon "" "SELECT * FROM public.reserve_tickets(p_ticket_tier_id => '$TIER', p_quantity => 0, p_attendee_email => 'a@example.com', p_attendee_name => 'A')"
    r "reserve bad email" anon "" "SELECT * FROM public.reserve_tickets(p_ticket_tier_id => '$TIER', p_quantity => 1, p_attendee_email => 'nope', p_attendee_name => 'A')"
    r "reserve unknown tier" anon "" "SELECT * FROM public.reserve_tickets(p_ticket_tier_id => '$NOPE', p_quantity => 1, p_attendee_email => 'a@example.com', p_attendee_name => 'A')"
    r "reserve press as anon" anon "" "SELECT * FROM public.reserve_tickets(p_ticket_tier_id => '$TIER_PRESS', p_quantity => 1, p_attendee_email => 'a@example.com', p_attendee_name => 'A')"
    r "reserve press as organizer" authenticated "$OWNER" "SELECT status, payment_id IS NULL, hold_expires_at IS NULL FROM public.reserve_tickets(p_ticket_tier_id => '$TIER_PRESS', p_quantity => 1, p_attendee_email => 'press@vogue.test', p_attendee_name => 'Press')"
    r "reserve last seat" anon "" "SELECT status, amount FROM public.reserve_tickets(p_ticket_tier_id => '$TIER_ONE', p_quantity => 1, p_attendee_email => 'b@example.com', p_attendee_name => 'B')"
    r "reserve sold out" anon "" "SELECT status FROM public.reserve_tickets(p_ticket_tier_id => '$TIER_ONE', p_quantity => 1, p_attendee_email => 'c@example.com', p_attendee_name => 'C')"
    r "release_expired_holds" authenticated "$OWNER" "SELECT public.release_expired_holds(p_ticket_tier_id => '$TIER_ONE')"
    r "release_expired_holds all by organizer" authenticated "$OWNER" "SELECT public.release_expired_holds()"
    r "tiers" service_role "" "SELECT name, quantity_sold FROM public.ticket_tiers ORDER BY name"
    r "signing keys" anon "" "SELECT count(*), bool_and(algorithm = 'Ed25519') FROM public.ticket_signing_keys()"
    r "qr_code_svg" anon "" "SELECT left(public.qr_code_svg(p_data => 'hello'), 4)"
    r "ticket_qr_svg" authenticated "$OWNER" "SELECT left(public.ticket_qr_svg(p_registration_id => '$rid1', p_size => 128), 4)"
    r "set_event_settings" authenticated "$OWNER" "SELECT time_zone, walk_min_gap, hold_minutes FROM public.set_event_settings(p_event_id => '$EVENT', p_time_zone => 'Europe/Paris')"
    r "set_event_settings bad zone" authenticated "$OWNER" "SELECT * FROM public.set_event_settings(p_event_id => '$EVENT', p_time_zone => 'Mars/Olympus')"
    r "get_event_settings by rival" authenticated "$RIVAL" "SELECT * FROM public.get_event_settings(p_event_id => '$EVENT')"
    r "check_in again, Paris time" authenticated "$OWNER" "SELECT outcome, message FROM public.check_in(p_token => '$tok1', p_event_id => '$EVENT')"
    r "validate_walk_order" authenticated "$OWNER" "SELECT count(*) FROM public.validate_walk_order(p_event_id => '$EVENT')"
    r "set_walk_order swap 1-2" authenticated "$OWNER" "SELECT id, walk_order FROM public.set_walk_order(p_event_id => '$EVENT', p_event_model_ids => ARRAY['$(cast_id 2)', '$(cast_id 1)', '$(cast_id 3)', '$(cast_id 4)', '$(cast_id 5)', '$(cast_id 6)']::uuid[]) ORDER BY walk_order"
    r "validate_walk_order after" authenticated "$OWNER" "SELECT violation, event_model_ids, walk_orders, message FROM public.validate_walk_order(p_event_id => '$EVENT')"
    r "validate_walk_order gap 3" authenticated "$OWNER" "SELECT violation, walk_orders FROM public.validate_walk_order(p_event_id => '$EVENT', p_min_gap => 3)"
    r "set_walk_order incomplete" authenticated "$OWNER" "SELECT id FROM public.set_walk_order(p_event_id => '$EVENT', p_event_model_ids => ARRAY['$(cast_id 1)']::uuid[])"
    r "validate_walk_order bad gap" authenticated "$OWNER" "SELECT * FROM public.validate_walk_order(p_event_id => '$EVENT', p_min_gap => 0)"
    r "validate_walk_order by anon" anon "" "SELECT * FROM public.validate_walk_order(p_event_id => '$EVENT')"
    r "validate_walk_order by rival" authenticated "$RIVAL" "SELECT * FROM public.validate_walk_order(p_event_id => '$EVENT')"
    r "set_walk_order by rival" authenticated "$RIVAL" "SELECT id FROM public.set_walk_order(p_event_id => '$EVENT', p_event_model_ids => ARRAY['$(cast_id 1)']::uuid[])"
    r "set_walk_order back" authenticated "$OWNER" "SELECT string_agg(walk_order::text, ',' ORDER BY id) FROM public.set_walk_order(p_event_id => '$EVENT', p_event_model_ids => ARRAY['$(cast_id 1)', '$(cast_id 2)', '$(cast_id 3)', '$(cast_id 4)', '$(cast_id 5)', '$(cast_id 6)']::uuid[])"
    bid=$(PORT=$p DB=$d rpc authenticated "$OWNER" "SELECT public.book_resource(p_resource_type => 'venue', p_resource_id => '$VENUE', p_event_id => '$EVENT', p_start => '2086-03-01 14:00Z', p_end => '2086-03-01 22:00Z')")
    echo "book venue: $(sqlstate "$bid")"
    r "double booking" authenticated "$OWNER" "SELECT public.book_resource(p_resource_type => 'venue', p_resource_id => '$VENUE', p_event_id => '$EVENT2', p_start => '2086-03-01 20:00Z', p_end => '2086-03-01 23:00Z')"
    r "tentative hold" authenticated "$OWNER" "SELECT public.book_resource(p_resource_type => 'venue', p_resource_id => '$VENUE', p_event_id => '$EVENT2', p_start => '2086-03-01 20:00Z', p_end => '2086-03-01 23:00Z', p_status => 'tentative') IS NOT NULL"
    r "book bad range" authenticated "$OWNER" "SELECT public.book_resource(p_resource_type => 'venue', p_resource_id => '$VENUE', p_event_id => '$EVENT2', p_start => '2086-03-01 20:00Z', p_end => '2086-03-01 19:00Z')"
    r "book by rival" authenticated "$RIVAL" "SELECT public.book_resource(p_resource_type => 'venue', p_resource_id => '$VENUE', p_event_id => '$EVENT2', p_start => '2086-04-01 20:00Z', p_end => '2086-04-01 23:00Z')"
    r "find_conflicts" authenticated "$OWNER" "SELECT severity, overlap_start, overlap_end, source_table, status, other_status FROM public.find_conflicts(p_resource_type => 'venue', p_resource_id => '$VENUE') ORDER BY status"
    r "event_conflicts" authenticated "$OWNER" "SELECT resource_type, severity, event_id, other_event_id FROM public.event_conflicts(p_event_id => '$EVENT2')"
    r "find_conflicts by anon" anon "" "SELECT * FROM public.find_conflicts(p_resource_type => 'venue', p_resource_id => '$VENUE')"
    r "find_conflicts bad type" authenticated "$OWNER" "SELECT * FROM public.find_conflicts(p_resource_type => 'room', p_resource_id => '$VENUE')"
    r "release_booking" authenticated "$OWNER" "SELECT public.release_booking(p_resource_type => 'venue', p_booking_id => '$bid') IS NULL"
    r "release_booking again" authenticated "$OWNER" "SELECT public.release_booking(p_resource_type => 'venue', p_booking_id => '$bid')"
    r "event_conflicts after release" authenticated "$OWNER" "SELECT count(*) FROM public.event_conflicts(p_event_id => '$EVENT2')"
}

flows "$PORT" direct 2>&1 | mask >"$WORK/flows.direct"
flows "$BOUNCER" pooled 2>&1 | mask >"$WORK/flows.pooled"
n_steps=$(wc -l <"$WORK/flows.direct")
if diff -u "$WORK/flows.direct" "$WORK/flows.pooled" >"$WORK/flows.diff"; then
    check "same $n_steps result lines through pgbouncer as directly" same same
else
    check "same $n_steps result lines through pgbouncer as directly" same different
    cat "$WORK/flows.diff"
fi
# The flows themselves are right (checked once; the other run is identical).
expect() { # expect STEP LINE: the direct run printed LINE for STEP
    if grep -qxF "$1: $2" "$WORK/flows.direct"; then check "$1" "$2" "$2"
    else check "$1" "$2" "$(grep -F "$1: " "$WORK/flows.direct" | head -3 | sed "s/^$1: //" | tr '\n' ' ')"; fi
}
expect "complete_payment" "completed|confirmed|t"
expect "complete_payment again" "completed|confirmed|f"
expect "complete_payment other charge" "ERROR PT409 payment completed with another transaction"
expect "complete_payment bad provider" "ERROR 22023 unknown payment provider"
expect "complete_payment unknown" "ERROR PT404 payment not found"
expect "check_in" "checked_in|Ana Duarte|General|t|welcome, Ana Duarte"
expect "check_in again" "already_checked_in|Ana Duarte|General|already checked in at <time> +00:00 UTC"
expect "check_in by anon" "ERROR 42501 permission denied for function check_in"
expect "check_in unknown event" "ERROR PT404 event not found"
expect "cancel" "cancelled|t"
expect "cancel again" "cancelled|f"
expect "verify cancelled" "f|cancelled"
expect "reserve 0" "ERROR 22023 p_quantity is out of range"
expect "reserve sold out" "ERROR PT409 sold out"
expect "double booking" "ERROR PT409 venue is already booked"
expect "validate_walk_order by anon" "ERROR 42501 permission denied for function validate_walk_order"
grep -E '^[^:]+: ERROR' "$WORK/flows.direct" | sed -E 's/^([^:]+): ERROR ([0-9A-Z]{5}).*/\2/' | sort | uniq -c |
    awk '{printf "%s x%s ", $2, $1} END {print ""}' | sed 's/^/     errors in the flows: /'

# ---------------------------------------------------------------------------------------------
# 2. Many clients at once.
# ---------------------------------------------------------------------------------------------
buyer() { # buyer PORT DB N: reserve, pay, scan twice; prints the outcome of each step
    local p=$1 d=$2 n=$3 out rid pid tok
    out=$(PORT=$p DB=$d rpc anon "" "SELECT registration_id || ' ' || payment_id || ' ' || qr_code_data FROM public.reserve_tickets(p_ticket_tier_id => '$TIER_RACE', p_quantity => 1, p_attendee_email => 'buyer$n@example.com', p_attendee_name => 'Buyer $n')")
    if [ "$(sqlstate "$out")" != ok ]; then echo "reserve $(sqlstate "$out")"; return; fi
    read -r rid pid tok <<<"$out"
    echo "reserve ok"
    echo "pay $(PORT=$p DB=$d rpc service_role "" "SELECT payment_status FROM public.complete_payment(p_payment_id => '$pid', p_provider => 'stripe', p_provider_transaction_id => 'pi_race_$n')" | head -1)"
    echo "scan $(PORT=$p DB=$d rpc authenticated "$OWNER" "SELECT outcome FROM public.check_in(p_token => '$tok', p_event_id => '$EVENT')" | head -1)"
    echo "scan $(PORT=$p DB=$d rpc authenticated "$OWNER" "SELECT outcome FROM public.check_in(p_token => '$tok', p_event_id => '$EVENT')" | head -1)"
}
export -f buyer rpc sqlstate
export TIER_RACE EVENT OWNER
race() { # race PORT DB: 40 buyers at once; a summary of the outcomes
    seq 1 40 | xargs -P 40 -I{} bash -c "buyer $1 $2 {}" >"$WORK/race.$2" 2>&1
    sort "$WORK/race.$2" | uniq -c | awk '{printf "%s %s x%s; ", $2, $3, $1}'
}
( while sleep 0.05; do
      sql "$PORT" postgres -c "SELECT count(*) FROM pg_stat_activity WHERE datname = 'pooled' AND backend_type = 'client backend'"
  done >"$WORK/server_conns" 2>/dev/null ) &
sampler=$!
drill_bg_pid $sampler
t0=$(date +%s%N)
pooled_race=$(race "$BOUNCER" pooled)
t_pooled=$((($(date +%s%N) - t0) / 1000000))
kill $sampler 2>/dev/null
t0=$(date +%s%N)
direct_race=$(race "$PORT" direct)
t_direct=$((($(date +%s%N) - t0) / 1000000))
note "direct ($t_direct ms): $direct_race"
note "pooled ($t_pooled ms): $pooled_race"
check "40 buyers, 30 tickets: same outcomes through pgbouncer" "$direct_race" "$pooled_race"
check "40 buyers, 30 tickets: 30 won, 10 sold out, 30 paid, 30 checked in once, 30 already" \
    "pay completed x30; reserve PT409 x10; reserve ok x30; scan already_checked_in x30; scan checked_in x30; " "$pooled_race"
max_conns=$(sort -n "$WORK/server_conns" | tail -1)
check "PostgreSQL saw at most 4 + 1 connections to the pooled database (pools of 4 and 1)" t "$([ "${max_conns:-99}" -le 5 ] && echo t || echo "f ($max_conns)")"
xacts=$(psql -X -q -At -h 127.0.0.1 -p "$BOUNCER" -U postgres -d pgbouncer -c "SHOW STATS" 2>/dev/null | awk -F'|' '$1 == "pooled" {print $2}')
note "pgbouncer served $xacts transactions of the pooled database over at most $max_conns server connections"
check "tier Race: quantity_sold = live registrations in both" "30 30|30 30" "$(
    for d in direct pooled; do sql "$PORT" $d -c "SELECT quantity_sold || ' ' || (SELECT count(*) FROM public.registrations r WHERE r.ticket_tier_id = t.id AND r.status <> 'cancelled') FROM public.ticket_tiers t WHERE id = '$TIER_RACE'"; done | paste -sd'|')"

# ---------------------------------------------------------------------------------------------
# 3. One server connection shared by consecutive clients (pool "one", size 1).
# ---------------------------------------------------------------------------------------------
one() { PORT=$BOUNCER DB=one rpc "$@"; }
plain() { sql "$BOUNCER" one -c "$1" 2>&1; }
pid_org=$(one authenticated "$OWNER" "SELECT pg_backend_pid() || '|' || current_user || '|' || auth.uid() || '|' || auth.role()")
check "organizer request on the shared connection" "authenticated|$OWNER|authenticated" "${pid_org#*|}"
backend=${pid_org%%|*}
after=$(plain "SELECT pg_backend_pid() || '|' || current_user || '|' || coalesce(auth.uid()::text, 'null') || '|' || coalesce(current_setting('request.jwt.claims', true), '') || '|' || current_setting('role')")
check "next client, same server connection: no role, no claims, auth.uid() null" "$backend|postgres|null||none" "$after"
check "next anon request, same server connection: auth.uid() null, role anon" "$backend|anon|null" "$(one anon "" "SELECT pg_backend_pid() || '|' || current_user || '|' || coalesce(auth.uid()::text, 'null')")"
tok=$(sql "$PORT" pooled -c "SELECT qr_code_data FROM public.registrations WHERE status = 'attended' ORDER BY id LIMIT 1")
one authenticated "$OWNER" "SELECT outcome FROM public.check_in(p_token => '$tok', p_event_id => '$EVENT')" >/dev/null
check "anon right after an organizer's check_in, same connection: 42501" 42501 "$(sqlstate "$(one anon "" "SELECT outcome FROM public.check_in(p_token => '$tok', p_event_id => '$EVENT')")")"
check "verify_ticket: organizer sees the status" "false|used|attended" "$(one authenticated "$OWNER" "SELECT valid || '|' || reason || '|' || coalesce(status, '-') FROM public.verify_ticket(p_token => '$tok')")"
check "verify_ticket: anon next, same connection, sees no status" "false|used|-" "$(one anon "" "SELECT valid || '|' || reason || '|' || coalesce(status, '-') FROM public.verify_ticket(p_token => '$tok')")"
check "verify_ticket: rival organizer next sees no status" "false|used|-" "$(one authenticated "$RIVAL" "SELECT valid || '|' || reason || '|' || coalesce(status, '-') FROM public.verify_ticket(p_token => '$tok')")"
# Row level security and kept plans follow each request's role on one backend.
rls=""
for who in "$OWNER" "$RIVAL" "$OWNER" "$RIVAL" "$OWNER"; do
    out=$(one authenticated "$who" "SELECT count(*) FROM public.validate_walk_order(p_event_id => '$EVENT', p_min_gap => 3)")
    s=$(sqlstate "$out")
    [ "$s" = ok ] && s=$out
    rls="$rls$s "
    out=$(one authenticated "$who" "SELECT count(*) FROM public.event_models")
    rls="$rls$out "
done
check "owner / rival / owner ... on one backend: walk order and castings each see their own" \
    "0 6 PT404 0 0 6 PT404 0 0 6 " "$rls"
check "all of it ran on one server backend" "$backend" "$(one anon "" "SELECT pg_backend_pid()")"
# One client session through pgbouncer, 20 requests with alternating roles: each sees its own.
script=""
for i in $(seq 1 20); do
    if [ $((i % 2)) -eq 1 ]; then role=authenticated claims="{\"sub\":\"$OWNER\",\"role\":\"authenticated\"}"; else role=anon claims='{"role":"anon"}'; fi
    script+="BEGIN;
SELECT current_user || ' ' || coalesce(auth.uid()::text, 'null') AS before;
SELECT set_config('role', '$role', true), set_config('request.jwt.claims', '$claims', true) \\g /dev/null
SELECT current_user || ' ' || coalesce(auth.uid()::text, 'null') AS inside;
COMMIT;
"
done
sessions=$(printf '%s' "$script" | sql "$BOUNCER" pooled 2>&1 | sort | uniq -c | awk '{printf "%s %s x%s; ", $2, $3, $1}')
check "one client, 20 requests: before set_config always postgres/null; inside, the request's own" \
    "anon null x10; authenticated $OWNER x10; postgres null x20; " "$sessions"
# Control: a session-level setting (is_local = false) does leak to the next client of the server
# connection in transaction pooling; that is why every request sets role and claims locally.
plain "SELECT set_config('request.jwt.claims', '{\"sub\":\"$OWNER\",\"role\":\"authenticated\"}', false)" >/dev/null
check "control: a session-level set_config leaks to the next client (so: always is_local = true)" \
    "$backend|$OWNER" "$(plain "SELECT pg_backend_pid() || '|' || coalesce(auth.uid()::text, 'null')")"
plain "DISCARD ALL" >/dev/null
check "after DISCARD ALL: clean again" "null" "$(plain "SELECT coalesce(auth.uid()::text, 'null')")"

check "pgbouncer log: no error" 0 "$(grep -c -E ' (ERROR|FATAL|WARNING) ' "$WORK/pgbouncer.log")"
finish
