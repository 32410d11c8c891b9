#!/usr/bin/env bash
# hot_drop.sh: a hot drop under many real connections: the limits per buyer, the idempotency key.
#  - one buyer (one e-mail, written in different cases) reserves from 40 connections at once, one
#    or two tickets each, on two tiers: the tier limit (3), the event limit (5) and the hold limit
#    (4) hold; every refusal is PT409; quantity_sold = live registrations.
#  - 40 different buyers at once are not slowed into refusals: each gets its ticket.
#  Each race starts together: its sessions wait on one advisory lock (barrier) until all are there.
#  - reserve_tickets with an idempotency key: the same key (the same request) from 10 connections at
#    once is one reservation, every connection answers its registrations; 20 keys, each sent from 5
#    connections at once (100 connections), are 20 reservations; the same key with 10 different
#    requests at once is one reservation, the others PT409.
#  - the last 50 tickets of a tier, 200 buyers at once (200 connections): exactly 50 hold a ticket,
#    the other 150 get the sold-out error (PT409), nothing half-written, quantity_sold = the live
#    registrations at rest.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
race_begin race_hot_drop 'Maison Limits' 'maison-limits' 'Drop Show'
TIER2=00000000-0000-4000-8000-0000000000f2
FREE=00000000-0000-4000-8000-0000000000f3
RETRY=00000000-0000-4000-8000-0000000000f4
LAST=00000000-0000-4000-8000-0000000000f5
race_tier "$TIER" Drop 95.00 500
race_tier "$TIER2" Floor 45.00 500
race_tier "$FREE" Open 0 500
race_tier "$RETRY" Retry 80.00 500
race_tier "$LAST" Last 120.00 60
rpc authenticated $OWNER "SELECT 1 FROM public.set_event_settings(p_event_id => '$EVENT', p_buyer_max_tickets => 5, p_buyer_max_tickets_per_tier => 3, p_buyer_max_holds => 4)" >/dev/null

export GO

grab() { # grab N: one connection of the same buyer
    local tier=$TIER n=$(( $1 % 2 + 1 )) email=' Mia@Example.com '
    [ $(( $1 % 3 )) -eq 0 ] && tier=$TIER2
    [ $(( $1 % 4 )) -eq 0 ] && email='MIA@EXAMPLE.COM'
    rpc anon "" "${GO}SELECT registration_id FROM public.reserve_tickets(p_ticket_tier_id => '$tier', p_quantity => $n, p_attendee_email => '$email', p_attendee_name => 'Mia')"
}
export -f grab rpc; export PORT DB TIER TIER2
barrier 40
seq 1 40 | xargs -P 40 -I{} bash -c 'grab {} > '"$OUT"'/grab.{} 2>&1'
live() { q -c "SELECT count(*) FROM public.registrations WHERE attendee_email = 'mia@example.com' AND status <> 'cancelled' ${1:-}"; }
check "40 connections of one buyer: at most 3 of Drop" 1 "$(q -c "SELECT (count(*) <= 3)::int FROM public.registrations WHERE attendee_email = 'mia@example.com' AND ticket_tier_id = '$TIER'")"
check "40 connections of one buyer: at most 3 of Floor" 1 "$(q -c "SELECT (count(*) <= 3)::int FROM public.registrations WHERE attendee_email = 'mia@example.com' AND ticket_tier_id = '$TIER2'")"
check "40 connections of one buyer: held tickets = the hold limit" 4 "$(live)"
check "every other answer is PT409 limit per buyer reached" 1 "$(( $(grep -l 'PT409' "$OUT"/grab.* | wc -l) + $(grep -L 'ERROR' "$OUT"/grab.* | wc -l) == 40 ))"
check "no other error" 0 "$(grep -h 'ERROR' "$OUT"/grab.* | grep -vc 'PT409')"

# Free tickets are not holds: the event limit (5) then holds, from 20 connections at once.
free() { rpc anon "" "${GO}SELECT registration_id FROM public.reserve_tickets(p_ticket_tier_id => '$FREE', p_quantity => 1, p_attendee_email => 'mia@example.com', p_attendee_name => 'Mia')"; }
export -f free; export FREE
barrier 20
seq 1 20 | xargs -P 20 -I{} bash -c 'free {} > '"$OUT"'/free.{} 2>&1'
check "20 connections, free tier: the event limit of 5 holds" 5 "$(live)"
check "free tier: winners" 1 "$(grep -l -E '^[0-9a-f-]{36}$' "$OUT"/free.* | wc -l)"
check "free tier: refused with PT409" 19 "$(grep -l 'PT409' "$OUT"/free.* | wc -l)"

# 40 different buyers at once: no limit in the way.
other() { rpc anon "" "SELECT registration_id FROM public.reserve_tickets(p_ticket_tier_id => '$TIER', p_quantity => 1, p_attendee_email => 'other$1@example.com', p_attendee_name => 'Other')"; }
export -f other
seq 1 40 | xargs -P 40 -I{} bash -c 'other {} > '"$OUT"'/other.{} 2>&1'
check "40 different buyers: 40 tickets" 40 "$(grep -l -E '^[0-9a-f-]{36}$' "$OUT"/other.* | wc -l)"
check "quantity_sold = live registrations" 0 "$(q -c "SELECT count(*) FROM public.ticket_tiers t WHERE t.event_id = '$EVENT' AND t.quantity_sold <> (SELECT count(*) FROM public.registrations r WHERE r.ticket_tier_id = t.id AND r.status <> 'cancelled')")"


# The idempotency key of reserve_tickets.
send() { # send KEY BUYER QUANTITY: one request
    rpc anon "" "${GO}SELECT string_agg(registration_id::text, ',' ORDER BY registration_id) FROM public.reserve_tickets(p_ticket_tier_id => '$RETRY', p_quantity => $3, p_attendee_email => 'buyer$2@example.com', p_attendee_name => 'Buyer $2', p_idempotency_key => '$1')"
}
export -f send rpc; export RETRY

barrier 10
seq 1 10 | xargs -P 10 -I{} bash -c 'send key-one 1 2 > '"$OUT"'/one.{} 2>&1'
check "the same key from 10 connections: every one answers" 10 "$(grep -l -E '^[0-9a-f,-]+$' "$OUT"/one.* | wc -l)"
check "the same key from 10 connections: one answer" 1 "$(cat "$OUT"/one.* | sort -u | wc -l)"
check "the same key from 10 connections: one reservation of 2" 2 "$(q -c "SELECT count(*) FROM public.registrations WHERE attendee_email = 'buyer1@example.com'")"

barrier 100
for k in $(seq 1 20); do for c in 1 2 3 4 5; do echo "$k $c"; done; done |
    xargs -P 100 -n 2 bash -c 'send key-many-$0 many$0 1 > '"$OUT"'/many.$0.$1 2>&1'
check "20 keys from 5 connections each: 100 answers" 100 "$(grep -l -E '^[0-9a-f-]+$' "$OUT"/many.* | wc -l)"
check "20 keys from 5 connections each: 20 distinct answers" 20 "$(cat "$OUT"/many.* | sort -u | wc -l)"
check "20 keys from 5 connections each: 20 registrations" 20 "$(q -c "SELECT count(*) FROM public.registrations WHERE attendee_email LIKE 'buyermany%'")"

barrier 10
seq 1 10 | xargs -P 10 -I{} bash -c 'send key-mixed mixed{} 1 > '"$OUT"'/mixed.{} 2>&1'
check "one key, 10 different requests at once: one reservation" 1 "$(q -c "SELECT count(*) FROM public.registrations WHERE attendee_email LIKE 'buyermixed%'")"
check "one key, 10 different requests at once: 9 refused with PT409" 9 "$(grep -l 'PT409' "$OUT"/mixed.* | wc -l)"
check "quantity_sold = live registrations" "23 23" "$(q -c "SELECT quantity_sold || ' ' || (SELECT count(*) FROM public.registrations WHERE ticket_tier_id = '$RETRY' AND status <> 'cancelled') FROM public.ticket_tiers WHERE id = '$RETRY'")"
check "one key row per key" 22 "$(q -c "SELECT count(*) FROM fashionos.reservation_keys")"

# The last 50 tickets, 200 buyers at once: 10 of the 60 are sold first, one request each.
for i in $(seq 1 10); do
    rpc anon "" "SELECT 1 FROM public.reserve_tickets(p_ticket_tier_id => '$LAST', p_quantity => 1, p_attendee_email => 'early$i@example.com', p_attendee_name => 'Early $i')" >/dev/null
done
check "the last 50: 10 of 60 sold before the drop" 10 "$(q -c "SELECT quantity_sold FROM public.ticket_tiers WHERE id = '$LAST'")"
last() { rpc anon "" "${GO}SELECT status FROM public.reserve_tickets(p_ticket_tier_id => '$LAST', p_quantity => 1, p_attendee_email => 'last$1@example.com', p_attendee_name => 'Last $1')"; }
export -f last; export LAST
barrier 200
seq 1 200 | xargs -P 200 -I{} bash -c 'last {} > '"$OUT"'/last.{} 2>&1'
check "200 buyers for the last 50: 50 answered with a held ticket" 50 "$(grep -lx 'pending' "$OUT"/last.* | wc -l)"
check "200 buyers for the last 50: 150 answered sold out (PT409)" 150 "$(grep -l '^ERROR PT409 sold out' "$OUT"/last.* | wc -l)"
check "200 buyers for the last 50: no other answer" 0 "$(grep -L -x -e 'pending' -e 'ERROR PT409 sold out' "$OUT"/last.* | wc -l)"
check "200 buyers for the last 50: 50 registrations held, with their payments and holds" "50 50 50" "$(q -c "SELECT count(*) || ' ' || count(p.id) || ' ' || count(h.registration_id)
      FROM public.registrations r LEFT JOIN public.payments p ON p.registration_id = r.id AND p.status = 'pending'
      LEFT JOIN fashionos.registration_holds h ON h.registration_id = r.id
     WHERE r.ticket_tier_id = '$LAST' AND r.attendee_email LIKE 'last%' AND r.status = 'pending'")"
check "200 buyers for the last 50: nothing written for the refused" 0 "$(q -c "SELECT count(*) FROM public.registrations WHERE ticket_tier_id = '$LAST' AND status = 'cancelled'")"
check "200 buyers for the last 50: sold out, quantity_sold = live registrations" "60 60 60" "$(q -c "SELECT quantity_sold || ' ' || quantity_total || ' ' || (SELECT count(*) FROM public.registrations WHERE ticket_tier_id = '$LAST' AND status <> 'cancelled') FROM public.ticket_tiers WHERE id = '$LAST'")"

rm -rf "$OUT"
finish hot_drop
