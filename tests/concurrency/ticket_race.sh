#!/usr/bin/env bash
# ticket_race.sh: ticketing under many real connections.
#  - 200 buyers race for the last 50 tickets of a tier: exactly 50 win, the rest get PT409,
#    quantity_sold = live registrations = capacity.
#  - expired holds come back: 100 buyers race for the 50 tickets whose holds ran out.
#  - every registration cancelled twice at the same moment gives its ticket back once.
#  - every ticket scanned at two gates at the same moment is checked in once.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
race_begin race_tickets 'Maison Race' 'maison-race' 'Race Show'
race_tier "$TIER" General 95.00 80
# 30 sold before the race, by the box office.
rpc authenticated $OWNER "SELECT count(*) FROM public.reserve_tickets(p_ticket_tier_id => '$TIER', p_quantity => 30, p_attendee_email => 'box@maison.test', p_attendee_name => 'Box Office')" >/dev/null

buy() { # buy N: one anonymous buyer
    rpc anon "" "SELECT registration_id FROM public.reserve_tickets(p_ticket_tier_id => '$TIER', p_quantity => 1, p_attendee_email => 'buyer$1@example.com', p_attendee_name => 'Buyer $1')"
}
export -f buy rpc; export PORT DB TIER
seq 1 200 | xargs -P 100 -I{} bash -c 'buy {} > '"$OUT"'/buy.{} 2>&1'
won=$(grep -l -E '^[0-9a-f-]{36}$' "$OUT"/buy.* | wc -l)
soldout=$(grep -l 'PT409' "$OUT"/buy.* | wc -l)
check "200 buyers, 50 tickets left: winners" 50 "$won"
check "200 buyers, 50 tickets left: refused with PT409" 150 "$soldout"
check "quantity_sold after the race" 80 "$(q -c "SELECT quantity_sold FROM public.ticket_tiers WHERE id = '$TIER'")"
check "live registrations = quantity_sold" 80 "$(q -c "SELECT count(*) FROM public.registrations WHERE ticket_tier_id = '$TIER' AND status <> 'cancelled'")"

# The 50 holds of the anonymous buyers run out; 100 new buyers race for them.
q -c "UPDATE fashionos.registration_holds h SET expires_at = now() - interval '1 second'
        FROM public.registrations r WHERE r.id = h.registration_id AND r.attendee_email LIKE 'buyer%'" >/dev/null
buy2() { rpc anon "" "SELECT registration_id FROM public.reserve_tickets(p_ticket_tier_id => '$TIER', p_quantity => 1, p_attendee_email => 'late$1@example.com', p_attendee_name => 'Late $1')"; }
export -f buy2
seq 1 100 | xargs -P 100 -I{} bash -c 'buy2 {} > '"$OUT"'/late.{} 2>&1'
check "100 late buyers for 50 expired holds: winners" 50 "$(grep -l -E '^[0-9a-f-]{36}$' "$OUT"/late.* | wc -l)"
check "expired holds cancelled" 50 "$(q -c "SELECT count(*) FROM public.registrations WHERE attendee_email LIKE 'buyer%' AND status = 'cancelled'")"
check "their payments failed" 50 "$(q -c "SELECT count(*) FROM public.payments p JOIN public.registrations r ON r.id = p.registration_id WHERE r.attendee_email LIKE 'buyer%' AND p.status = 'failed'")"
check "quantity_sold still = live registrations" "80 80" "$(q -c "SELECT quantity_sold || ' ' || (SELECT count(*) FROM public.registrations WHERE ticket_tier_id = '$TIER' AND status <> 'cancelled') FROM public.ticket_tiers WHERE id = '$TIER'")"

# Pay for the late buyers' tickets (service_role, as the payment webhook).
q -At -c "SELECT p.id FROM public.payments p JOIN public.registrations r ON r.id = p.registration_id WHERE r.attendee_email LIKE 'late%'" > "$OUT/late-payments"
pay() { rpc service_role "" "SELECT payment_status FROM public.complete_payment(p_payment_id => '$1', p_provider => 'stripe', p_provider_transaction_id => 'ch_$1')"; }
export -f pay
xargs -P 20 -I{} bash -c 'pay {} >/dev/null 2>&1' < "$OUT/late-payments"
check "late buyers confirmed" 50 "$(q -c "SELECT count(*) FROM public.registrations WHERE attendee_email LIKE 'late%' AND status = 'confirmed'")"

# Double check-in: every confirmed ticket scanned at two gates at the same moment.
q -At -c "SELECT qr_code_data FROM public.registrations WHERE attendee_email LIKE 'late%'" > "$OUT/tokens"
scan() { rpc authenticated "$OWNER" "SELECT outcome FROM public.check_in(p_token => '$1', p_event_id => '$EVENT')"; }
export -f scan; export OWNER EVENT
awk '{print; print}' "$OUT/tokens" | xargs -P 40 -I{} bash -c 'scan {}' > "$OUT/scans" 2>&1
check "two gates x 50 tickets: checked_in" 50 "$(grep -c '^checked_in$' "$OUT/scans")"
check "two gates x 50 tickets: already_checked_in" 50 "$(grep -c '^already_checked_in$' "$OUT/scans")"
check "attended" 50 "$(q -c "SELECT count(*) FROM public.registrations WHERE status = 'attended'")"

# Double cancel: the 30 box-office registrations cancelled twice at the same moment.
q -At -c "SELECT id FROM public.registrations WHERE attendee_email = 'box@maison.test'" > "$OUT/box"
cancel() { rpc authenticated "$OWNER" "SELECT changed FROM public.cancel_registration(p_registration_id => '$1')"; }
export -f cancel
awk '{print; print}' "$OUT/box" | xargs -P 60 -I{} bash -c 'cancel {}' > "$OUT/cancels" 2>&1
check "60 cancels of 30 registrations: changed" 30 "$(grep -c '^t$' "$OUT/cancels")"
check "60 cancels of 30 registrations: no change" 30 "$(grep -c '^f$' "$OUT/cancels")"
check "released exactly once" "50 50" "$(q -c "SELECT quantity_sold || ' ' || (SELECT count(*) FROM public.registrations WHERE ticket_tier_id = '$TIER' AND status <> 'cancelled') FROM public.ticket_tiers WHERE id = '$TIER'")"
check "no duplicate tokens" 0 "$(q -c "SELECT count(*) FROM (SELECT qr_code_data FROM public.registrations GROUP BY 1 HAVING count(*) > 1) d")"

rm -rf "$OUT"
drop_db "$DB"
finish ticket_race
