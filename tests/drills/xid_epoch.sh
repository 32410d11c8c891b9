#!/usr/bin/env bash
# xid_epoch.sh: the extension after the cluster's transaction counter wraps into its next epoch,
# which every busy database reaches after 2^32 transactions (each reservation, payment and scan
# takes one; pg_upgrade keeps the count). Rows written before the wrap have an xmin above the new
# epoch's low bits: code that widens an xmin to a full transaction id must use the previous epoch
# for them.
#
#   bash tests/drills/xid_epoch.sh          (as root; about 10 s)
#
# Own cluster on 127.0.0.1:54365 under /tmp/fashionos-drills/xid_epoch. pg_resetwal puts the
# counter 70,000 transactions before the end of epoch 0 (after a VACUUM FREEZE of every database);
# a sponsor and a paid ticket are written there; 80,000 transactions cross into epoch 1; then:
# the same company again is refused as the documented 23505 naming the existing row (not an
# internal "transaction ID is in the future"); one company twice in one request is still told
# apart from a company already there; another company, a reservation, its payment and a check-in
# of the ticket bought before the wrap work; a door delta since a sequence taken before the wrap
# carries the change made after it.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
drill_begin xid_epoch
PORT=${DRILL_PORT:-54365}  # DRILL_PORT: another port (two runs at once)
DB=drill
DIR=$WORK/pg
TIER=00000000-0000-4000-8000-0000000000f1

pg_init "$DIR" "$PORT" >/dev/null || exit 1
pg_start "$DIR" || exit 1
new_db "$PORT" "$DB" || exit 1
for db in template1 postgres "$DB"; do sql "$PORT" "$db" -qc "VACUUM FREEZE" || exit 1; done
pg_stop "$DIR"
runuser -u postgres -- "$PG_BIN/pg_resetwal" -e 0 -x 4294897000 "$DIR" >/dev/null || exit 1
# the commit log's page for the new counter (pg_resetwal does not make it)
runuser -u postgres -- dd if=/dev/zero of="$DIR/pg_xact/0FFF" bs=8192 count=32 2>/dev/null
pg_start "$DIR" || exit 1

q >/dev/null <<SQL || exit 1
INSERT INTO auth.users (id, email) VALUES ('$OWNER', 'owner@maison.test');
INSERT INTO public.organizations (id, name, slug) VALUES ('$ORG', 'Maison', 'maison');
INSERT INTO public.users (id, email, role, organization_id) VALUES ('$OWNER', 'owner@maison.test', 'owner', '$ORG');
INSERT INTO public.events (id, name, status, start_date, organization_id, created_by)
VALUES ('$EVENT', 'Show', 'active', '2087-03-01 19:00+00', '$ORG', '$OWNER');
INSERT INTO public.ticket_tiers (id, event_id, name, type, price, quantity_total) VALUES ('$TIER', '$EVENT', 'General', 'paid', 50, 100);
INSERT INTO public.sponsors (event_id, company_name, value) VALUES ('$EVENT', 'Maison Lune', 1000);
SQL
epoch_before=$(q -c "SELECT txid_current() >> 32")
check "the counter starts in epoch 0" "0" "$epoch_before"
token=$(q -c "BEGIN; $(claims anon '');  SELECT qr_code_data FROM public.reserve_tickets('$TIER', 1, 'early@example.com', 'Early'); COMMIT;" | tail -1)
payment=$(q -c "SELECT p.id FROM public.payments p JOIN public.registrations r ON r.id = p.registration_id WHERE r.attendee_email = 'early@example.com'")
q >/dev/null <<SQL || exit 1
BEGIN; $(claims service_role ''); SELECT public.complete_payment('$payment', 'stripe', 'pi_early'); COMMIT;
SQL
since=$(q -c "BEGIN; $(claims authenticated "$OWNER"); SELECT (public.door_bundle('$EVENT')->>'bundle')::jsonb->>'sequence'; COMMIT;" | tail -1)

# 80,000 transactions: into epoch 1, past the low bits of the rows written above
q -c "CREATE PROCEDURE pg_temp.burn(n int) LANGUAGE plpgsql AS \$\$ BEGIN FOR i IN 1..n LOOP PERFORM txid_current(); COMMIT; END LOOP; END \$\$" \
  -c "CALL pg_temp.burn(80000)" >/dev/null || exit 1
check "the counter is in epoch 1" "1" "$(q -c "SELECT txid_current() >> 32")"

out=$(q -v ON_ERROR_STOP=0 -c "INSERT INTO public.sponsors (event_id, company_name, value) VALUES ('$EVENT', 'maison lune', 500)" 2>&1)
check "the same company again: the documented refusal" "1" "$(grep -c "the company is already in the event's sponsors" <<<"$out")"
check "no internal transaction-id error" "0" "$(grep -c 'in the future' <<<"$out")"
out=$(q -v ON_ERROR_STOP=0 -c "INSERT INTO public.sponsors (event_id, company_name, value) VALUES ('$EVENT', 'Atelier Sol', 1), ('$EVENT', 'ATELIER  SOL', 2)" 2>&1)
check "one company twice in one request is told apart" "1" "$(grep -c 'the company is twice in the request' <<<"$out")"
check "another company is added" "1" "$(q -c "INSERT INTO public.sponsors (event_id, company_name, value) VALUES ('$EVENT', 'Atelier Sol', 300) RETURNING 1")"

n=$(q -c "BEGIN; $(claims anon '');  SELECT count(*) FROM public.reserve_tickets('$TIER', 2, 'late@example.com', 'Late'); COMMIT;" | tail -1)
check "a reservation after the wrap" "2" "$n"
status=$(q -c "BEGIN; $(claims authenticated "$OWNER"); SELECT outcome FROM public.check_in('$token', '$EVENT'); COMMIT;" | tail -1)
check "the ticket paid before the wrap checks in" "checked_in" "$status"
changed=$(q -c "BEGIN; $(claims authenticated "$OWNER"); SELECT jsonb_array_length(((public.door_bundle('$EVENT', $since::bigint)->>'bundle')::jsonb)->'registrations'); COMMIT;" | tail -1)
check "a door delta from before the wrap carries the changes since (check-in and 2 new tickets)" "3" "$changed"
check "quantity_sold = live registrations" "3=3" "$(q -c "SELECT t.quantity_sold || '=' || (SELECT count(*) FROM public.registrations r WHERE r.ticket_tier_id = t.id AND r.status <> 'cancelled') FROM public.ticket_tiers t WHERE t.id = '$TIER'")"
finish xid_epoch
