#!/usr/bin/env bash
# door_race.sh: the offline door and payment webhooks under many real connections.
#  - 4 gates scanned the same 50 tickets offline, at different times; each gate syncs its batch 3
#    times at once while the online check_in scans every ticket too: each ticket is checked in once,
#    at its earliest scan, each scan is recorded once, and re-sent batches answer exactly one
#    admitted scan per ticket across all gates; and every admission a gate or check_in was told of
#    is either the ticket's check-in or named as displaced in some answer: no double entry goes
#    unreported.
#  - a signed webhook delivered 10 times at once completes its payment once.
#  - the full refund and the success of one PaymentIntent delivered at the same moment (the
#    provider sends them out of order), for 20 tickets: every ticket ends refunded and given back,
#    whichever commits first (a refund that came first is kept as refund_pending and recorded
#    with the success); and orders of three whose two last tickets the box office records by hand
#    with the same PaymentIntent as its full refund arrives: no ticket is left paid; and orders
#    of two refunded while the box office exchanges one of their tickets, and 20 orders with an
#    exchanged ticket refunded at once: no deadlock.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
race_begin race_door 'Maison Door' 'maison-door' 'Door Show'
FREE=00000000-0000-4000-8000-0000000000f1
PAID=00000000-0000-4000-8000-0000000000f2
race_tier "$FREE" Free 0 50
race_tier "$PAID" General 40.00 10
rpc authenticated $OWNER "SELECT count(*) FROM public.reserve_tickets(p_ticket_tier_id => '$FREE', p_quantity => 50, p_attendee_email => 'guest@maison.test', p_attendee_name => 'Guest')" >/dev/null
q -c "SELECT qr_code_data FROM public.registrations WHERE ticket_tier_id = '$FREE' ORDER BY id" > "$OUT/tokens"
check "50 confirmed tickets" 50 "$(wc -l < "$OUT/tokens")"

# Gate g scanned ticket i (i = 0..49) at base + ((7 i + 13 g) mod 40) seconds, base two minutes ago
# (the event was made just now, and a scan may not be more than 5 minutes older than its event):
# one base for all gates (a base per gate could straddle a second, and two gates' scans of a ticket
# tie).
BASE=$(q -c "SELECT date_trunc('second', now()) - interval '2 minutes'")
for g in 0 1 2 3; do
    q -c "SELECT jsonb_agg(jsonb_build_object('token', t, 'gate', 'gate$g',
                 'scanned_at', to_char(('$BASE'::timestamptz + make_interval(secs => ((7 * (n - 1) + 13 * $g) % 40)::int)) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')))
            FROM unnest(string_to_array(\$\$$(tr '\n' ' ' < "$OUT/tokens")\$\$, ' ')) WITH ORDINALITY AS x (t, n) WHERE t <> ''" > "$OUT/batch$g"
done
sync() { # sync GATE: one sync of the gate's batch
    rpc authenticated $OWNER "SELECT outcome FROM public.sync_door_scans(p_event_id => '$EVENT', p_scans => \$\$$(cat "$OUT/batch$1")\$\$)"
}
race_sync() { # race_sync GATE: one sync, answered as registration|gate|outcome|replayed|displaced gate
    rpc authenticated $OWNER "SELECT registration_id || '|' || gate || '|' || outcome || '|' || replayed || '|' || coalesce(displaced_gate, '')
                                FROM public.sync_door_scans(p_event_id => '$EVENT', p_scans => \$\$$(cat "$OUT/batch$1")\$\$)"
}
scan() { # scan TOKEN: the online check_in, answered as registration|online|outcome
    rpc authenticated $OWNER "SELECT registration_id || '|online|' || outcome FROM public.check_in(p_token => '$1', p_event_id => '$EVENT')"
}
export -f sync race_sync scan rpc; export PORT DB EVENT OWNER OUT
{
    for r in 1 2 3; do for g in 0 1 2 3; do echo "race_sync $g > $OUT/sync.$g.$r 2>&1"; done; done
    n=0; while read -r t; do n=$((n + 1)); echo "scan $t > $OUT/scan.$n 2>&1"; done < "$OUT/tokens"
} | shuf | xargs -P 40 -I{} bash -c '{}'
check "no sync or check_in failed (no deadlock, no error)" "" "$(errors_but '' "$OUT"/sync.* "$OUT"/scan.*)"
check "every ticket checked in once" 50 "$(q -c "SELECT count(*) FROM public.registrations WHERE ticket_tier_id = '$FREE' AND status = 'attended'")"
check "each scan recorded once" 200 "$(q -c "SELECT count(*) FROM fashionos.door_scans")"
check "checked_in_at is the earliest scan of each ticket" 0 "$(q -c "SELECT count(*) FROM public.registrations r
    WHERE r.ticket_tier_id = '$FREE' AND r.checked_in_at IS DISTINCT FROM (SELECT min(s.scanned_at) FROM fashionos.door_scans s WHERE s.registration_id = r.id)")"
# Each admission a gate was told of first (admitted, not replayed) or check_in made (checked_in)
# is the ticket's check-in, or some answer named it as displaced.
q -c "SELECT r.id || '|' || coalesce((SELECT s.gate FROM fashionos.door_scans s WHERE s.registration_id = r.id
                                         AND s.scanned_at = r.checked_in_at AND s.outcome = 'admitted' LIMIT 1), 'online')
        FROM public.registrations r WHERE r.ticket_tier_id = '$FREE'" > "$OUT/final_gates"
check "every double entry was reported: each admission is the check-in or named as displaced" 0 "$(
    cat "$OUT"/sync.* "$OUT"/scan.* | awk -F'|' -v finals="$OUT/final_gates" '
        BEGIN { while ((getline line < finals) > 0) { split(line, f, "|"); known[f[1] "|" f[2]] = 1 } }
        $3 == "admitted" && $4 == "false" { told[$1 "|" $2] = 1 }
        $3 == "checked_in" { told[$1 "|online"] = 1 }
        NF >= 5 && $5 != "" { known[$1 "|" $5] = 1 }
        END { n = 0; for (k in told) if (!(k in known)) n++; print n }')"
check "admissions told of: more than one per ticket (the race made double entries)" 1 "$(
    cat "$OUT"/sync.* "$OUT"/scan.* | awk -F'|' '($3 == "admitted" && $4 == "false") || $3 == "checked_in" { n++ } END { print (n > 50) ? 1 : 0 }')"
for g in 0 1 2 3; do sync $g > "$OUT/final.$g" 2>&1; done
check "re-sent batches: exactly one admitted scan per ticket across the gates" "50 150" \
    "$(cat "$OUT"/final.* | grep -c '^admitted$') $(cat "$OUT"/final.* | grep -c '^duplicate$')"

# Webhooks: one signed delivery, 10 times at once.
SECRET=whsec_race_0123456789
rpc service_role "" "SELECT public.set_payment_webhook_secret('stripe', '$SECRET')" >/dev/null
PAY=$(rpc anon "" "SELECT payment_id FROM public.reserve_tickets(p_ticket_tier_id => '$PAID', p_quantity => 1, p_attendee_email => 'buyer@example.com', p_attendee_name => 'Buyer')")
BODY="{\"id\": \"evt_race\", \"type\": \"payment_intent.succeeded\", \"data\": {\"object\": {\"id\": \"pi_race\", \"metadata\": {\"payment_id\": \"$PAY\"}}}}"
T=$(date +%s)
SIG=$(printf '%s' "$T.$BODY" | openssl dgst -sha256 -hmac "$SECRET" | sed 's/^.*= //')
deliver() {
    psql -X -q -At -h localhost -p "$PORT" -U postgres -d "$DB" 2>&1 <<SQL
BEGIN;
SELECT set_config('role', 'anon', true), set_config('request.jwt.claims', '{"role":"anon"}', true),
       set_config('request.headers', '{"stripe-signature": "t=$T,v1=$SIG"}', true) \g /dev/null
SELECT outcome || ' ' || changed FROM public.payment_webhook(\$body\$$BODY\$body\$);
COMMIT;
SQL
}
export -f deliver; export T SIG BODY
seq 1 10 | xargs -P 10 -I{} bash -c 'deliver > '"$OUT"'/hook.{} 2>&1'
check "10 deliveries at once: one completes, 9 are duplicates" "1 9" \
    "$(cat "$OUT"/hook.* | grep -c '^completed true$') $(cat "$OUT"/hook.* | grep -c '^duplicate false$')"
check "the payment completed once, the event recorded once" "completed 1" \
    "$(q -c "SELECT p.status || ' ' || (SELECT count(*) FROM fashionos.webhook_events) FROM public.payments p WHERE p.id = '$PAY'")"

# A full refund and the success of one PaymentIntent at the same moment, for 20 tickets.
EARLY=00000000-0000-4000-8000-0000000000f3
race_tier "$EARLY" Early 25.00 20
for i in $(seq 1 20); do
    P=$(rpc anon "" "SELECT payment_id FROM public.reserve_tickets(p_ticket_tier_id => '$EARLY', p_quantity => 1, p_attendee_email => 'early$i@example.com', p_attendee_name => 'Early')")
    printf '{"id": "evt_s%s", "type": "payment_intent.succeeded", "data": {"object": {"id": "pi_e%s", "metadata": {"payment_id": "%s"}}}}' "$i" "$i" "$P" > "$OUT/body.s$i"
    printf '{"id": "evt_r%s", "type": "charge.refunded", "data": {"object": {"id": "ch_e%s", "payment_intent": "pi_e%s", "refunded": true, "metadata": {"payment_id": "%s"}}}}' "$i" "$i" "$i" "$P" > "$OUT/body.r$i"
done
deliver_file() { # deliver_file FILE: the body in FILE, signed, as PostgREST posts it
    local body sig
    body=$(cat "$1")
    sig=$(printf '%s' "$T.$body" | openssl dgst -sha256 -hmac "$SECRET" | sed 's/^.*= //')
    psql -X -q -At -h localhost -p "$PORT" -U postgres -d "$DB" 2>&1 <<SQL
BEGIN;
SELECT set_config('role', 'anon', true), set_config('request.jwt.claims', '{"role":"anon"}', true),
       set_config('request.headers', '{"stripe-signature": "t=$T,v1=$sig"}', true) \g /dev/null
SELECT outcome FROM public.payment_webhook(\$body\$$body\$body\$);
COMMIT;
SQL
}
export -f deliver_file; export SECRET
(for i in $(seq 1 20); do echo "$OUT/body.r$i"; echo "$OUT/body.s$i"; done) | xargs -P 20 -I{} bash -c 'deliver_file {} > {}.out 2>&1'
check "success and refund at once: every delivery answered 200 (completed, refunded or refund_pending)" 40 \
    "$(cat "$OUT"/body.*.out | grep -cE '^(completed|refunded|refund_pending)$')"
check "every ticket refunded and given back, none left paid" "20 20 0" \
    "$(q -c "SELECT count(*) FILTER (WHERE p.status = 'refunded') || ' ' || count(*) FILTER (WHERE r.status = 'cancelled') || ' ' || t.quantity_sold
               FROM public.payments p JOIN public.registrations r ON r.id = p.registration_id JOIN public.ticket_tiers t ON t.id = r.ticket_tier_id
              WHERE r.ticket_tier_id = '$EARLY' GROUP BY t.quantity_sold")"
check "no refund left waiting" 0 "$(q -c "SELECT count(*) FROM fashionos.webhook_events WHERE outcome = 'refund_pending'")"

# Orders of three paid by one PaymentIntent: the first ticket recorded, then the box office records
# the two others by hand with the same PaymentIntent at the moment its full refund arrives.
ORDERS=00000000-0000-4000-8000-0000000000f4
race_tier "$ORDERS" Orders 25.00 30
for i in $(seq 1 10); do
    ids=$(rpc anon "" "SELECT string_agg(payment_id::text, ' ' ORDER BY payment_id) FROM public.reserve_tickets(p_ticket_tier_id => '$ORDERS', p_quantity => 3, p_attendee_email => 'order$i@example.com', p_attendee_name => 'Order')")
    set -- $ids
    rpc service_role "" "SELECT changed FROM public.complete_payment('$1', 'stripe', 'pi_o$i')" >/dev/null
    printf '{"id": "evt_o%s", "type": "charge.refunded", "data": {"object": {"id": "ch_o%s", "payment_intent": "pi_o%s", "refunded": true, "metadata": {"payment_id": "%s"}}}}' "$i" "$i" "$i" "$1" > "$OUT/order.r$i"
    echo "$2 pi_o$i" > "$OUT/order.h$i.a"
    echo "$3 pi_o$i" > "$OUT/order.h$i.b"
done
by_hand() { # by_hand FILE: the box office records the payment in FILE with its PaymentIntent
    read -r pay pi < "$1"
    rpc service_role "" "SELECT changed FROM public.complete_payment('$pay', 'stripe', '$pi')"
}
export -f by_hand rpc
# Each file is told by its own name (order.r<i>: a refund to deliver): the directory is mktemp's,
# whose random name may itself hold ".r".
export PORT DB
(for i in $(seq 1 10); do echo "$OUT/order.r$i"; echo "$OUT/order.h$i.a"; echo "$OUT/order.h$i.b"; done) |
    xargs -P 30 -I{} bash -c 'case {} in */order.r*) deliver_file {} ;; *) by_hand {} ;; esac > {}.out 2>&1'
check "orders: every refund answered refunded" 10 "$(cat "$OUT"/order.r*.out | grep -c '^refunded$')"
check "orders: the hand records either went in before the refund or were refused as refunded" 20 \
    "$(cat "$OUT"/order.h*.out | grep -cE '^(t|ERROR PT409 transaction was refunded)$')"
check "orders: no ticket of the 10 orders left paid" 0 \
    "$(q -c "SELECT count(*) FROM public.payments p JOIN public.registrations r ON r.id = p.registration_id
              WHERE r.ticket_tier_id = '$ORDERS' AND (p.status = 'completed' OR r.status IN ('confirmed', 'attended'))")"

# The provider refunds orders of two while the box office exchanges one of their tickets: the
# refund takes the order's tickets first, then their tiers, as the exchange takes its ticket, then
# the tiers; nobody deadlocks, and no ticket the refunded money paid is left admitting.
PAIRS=00000000-0000-4000-8000-0000000000f5
SEATS=00000000-0000-4000-8000-0000000000f6
race_tier "$PAIRS" Pairs 25.00 20
race_tier "$SEATS" Seats 25.00 20
for i in $(seq 1 10); do
    ids=$(rpc anon "" "SELECT string_agg(payment_id::text || ':' || registration_id::text, ' ' ORDER BY payment_id) FROM public.reserve_tickets(p_ticket_tier_id => '$PAIRS', p_quantity => 2, p_attendee_email => 'pair$i@example.com', p_attendee_name => 'Pair')")
    set -- $ids
    rpc service_role "" "SELECT changed FROM public.complete_payment('${1%%:*}', 'stripe', 'pi_p$i')" >> "$OUT/pairs.setup"
    rpc service_role "" "SELECT changed FROM public.complete_payment('${2%%:*}', 'stripe', 'pi_p$i')" >> "$OUT/pairs.setup"
    printf '{"id": "evt_p%s", "type": "charge.refunded", "data": {"object": {"id": "ch_p%s", "payment_intent": "pi_p%s", "refunded": true, "metadata": {"payment_id": "%s"}}}}' "$i" "$i" "$i" "${1%%:*}" > "$OUT/pair.r$i"
    echo "${2##*:}" > "$OUT/pair.x$i"
done
check "pairs: 20 tickets paid" 20 "$(grep -c '^t$' "$OUT/pairs.setup")"
exchange_file() { # exchange_file FILE: the box office exchanges the ticket in FILE for a seat
    rpc authenticated "$OWNER" "SELECT status FROM public.exchange_ticket('$(cat "$1")', '$SEATS')"
}
export -f exchange_file; export OWNER SEATS
(for i in $(seq 1 10); do echo "$OUT/pair.r$i"; echo "$OUT/pair.x$i"; done) |
    xargs -P 20 -I{} bash -c 'case {} in */pair.r*) deliver_file {} ;; *) exchange_file {} ;; esac > {}.out 2>&1'
check "pairs: no deadlock, no timeout" 0 "$(cat "$OUT"/pair.*.out | grep -cE '40P01|57014|deadlock')"
check "pairs: every refund answered refunded" 10 "$(cat "$OUT"/pair.r*.out | grep -c '^refunded$')"
check "pairs: no ticket of the refunded orders left admitting" 0 \
    "$(q -c "SELECT count(*) FROM public.registrations r WHERE r.ticket_tier_id IN ('$PAIRS', '$SEATS') AND r.status IN ('confirmed', 'attended')")"
check "pairs: both tiers count their live tickets" "0 0" \
    "$(q -c "SELECT string_agg(quantity_sold::text, ' ' ORDER BY id) FROM public.ticket_tiers WHERE id IN ('$PAIRS', '$SEATS')")"

# Orders of two whose second ticket was exchanged into another tier, all refunded at once by the
# provider (a show refunded in bulk): the refunds take the tickets and those they were exchanged
# into, then the tiers, each in one order; none deadlocks or times out.
BULK=00000000-0000-4000-8000-0000000000f7
UPPER=00000000-0000-4000-8000-0000000000f8
race_tier "$BULK" Bulk 25.00 40
race_tier "$UPPER" Upper 25.00 20
for i in $(seq 1 20); do
    ids=$(rpc anon "" "SELECT string_agg(payment_id::text || ':' || registration_id::text, ' ' ORDER BY payment_id) FROM public.reserve_tickets(p_ticket_tier_id => '$BULK', p_quantity => 2, p_attendee_email => 'bulk$i@example.com', p_attendee_name => 'Bulk')")
    set -- $ids
    rpc service_role "" "SELECT changed FROM public.complete_payment('${1%%:*}', 'stripe', 'pi_b$i')" >> "$OUT/bulk.setup"
    rpc service_role "" "SELECT changed FROM public.complete_payment('${2%%:*}', 'stripe', 'pi_b$i')" >> "$OUT/bulk.setup"
    rpc authenticated "$OWNER" "SELECT status FROM public.exchange_ticket('${2##*:}', '$UPPER')" >> "$OUT/bulk.setup"
    printf '{"id": "evt_b%s", "type": "charge.refunded", "data": {"object": {"id": "ch_b%s", "payment_intent": "pi_b%s", "refunded": true, "metadata": {"payment_id": "%s"}}}}' "$i" "$i" "$i" "${1%%:*}" > "$OUT/bulk.r$i"
done
check "bulk: 40 tickets paid, 20 exchanged" "40 20" "$(grep -c '^t$' "$OUT/bulk.setup") $(grep -c '^confirmed$' "$OUT/bulk.setup")"
(for i in $(seq 1 20); do echo "$OUT/bulk.r$i"; done) | xargs -P 20 -I{} bash -c 'deliver_file {} > {}.out 2>&1'
check "bulk: every refund answered refunded, none deadlocked or timed out" 20 "$(cat "$OUT"/bulk.r*.out | grep -c '^refunded$')"
check "bulk: no ticket left admitting, both tiers empty" "0 0 0" \
    "$(q -c "SELECT (SELECT count(*) FROM public.registrations WHERE ticket_tier_id IN ('$BULK', '$UPPER') AND status IN ('confirmed', 'attended'))
                    || ' ' || string_agg(quantity_sold::text, ' ' ORDER BY id) FROM public.ticket_tiers WHERE id IN ('$BULK', '$UPPER')")"

rm -rf "$OUT"
drop_db "$DB"
finish door_race
