#!/usr/bin/env bash
# buyer_limits.sh: the limits per buyer under many real connections.
#  - one buyer (one e-mail, written in different cases) reserves from 40 connections at once, one
#    or two tickets each, on two tiers: the tier limit (3), the event limit (5) and the hold limit
#    (4) hold; every refusal is PT409; quantity_sold = live registrations.
#  - 40 different buyers at once are not slowed into refusals: each gets its ticket.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
DB=race_limits
OUT=$(mktemp -d)
fresh_db "$PORT" "$DB" >/dev/null

OWNER=00000000-0000-4000-8000-000000000001
ORG=00000000-0000-4000-8000-0000000000a1
EVENT=00000000-0000-4000-8000-0000000000e1
TIER=00000000-0000-4000-8000-0000000000f1
TIER2=00000000-0000-4000-8000-0000000000f2
FREE=00000000-0000-4000-8000-0000000000f3
q <<SQL
INSERT INTO auth.users (id, email) VALUES ('$OWNER', 'owner@maison.test');
INSERT INTO public.organizations (id, name, slug) VALUES ('$ORG', 'Maison Limits', 'maison-limits');
INSERT INTO public.users (id, email, role, organization_id) VALUES ('$OWNER', 'owner@maison.test', 'owner', '$ORG');
INSERT INTO public.events (id, name, status, start_date, organization_id, created_by)
VALUES ('$EVENT', 'Drop Show', 'active', now() + interval '1 day', '$ORG', '$OWNER');
INSERT INTO public.ticket_tiers (id, event_id, name, type, price, quantity_total) VALUES
    ('$TIER', '$EVENT', 'Drop', 'paid', 95.00, 500),
    ('$TIER2', '$EVENT', 'Floor', 'paid', 45.00, 500),
    ('$FREE', '$EVENT', 'Open', 'paid', 0, 500);
SQL
rpc authenticated $OWNER "SELECT 1 FROM public.set_event_settings(p_event_id => '$EVENT', p_buyer_max_tickets => 5, p_buyer_max_tickets_per_tier => 3, p_buyer_max_holds => 4)" >/dev/null

grab() { # grab N: one connection of the same buyer
    local tier=$TIER n=$(( $1 % 2 + 1 )) email=' Mia@Example.com '
    [ $(( $1 % 3 )) -eq 0 ] && tier=$TIER2
    [ $(( $1 % 4 )) -eq 0 ] && email='MIA@EXAMPLE.COM'
    rpc anon "" "SELECT registration_id FROM public.reserve_tickets(p_ticket_tier_id => '$tier', p_quantity => $n, p_attendee_email => '$email', p_attendee_name => 'Mia')"
}
export -f grab rpc; export PORT DB TIER TIER2
seq 1 40 | xargs -P 40 -I{} bash -c 'grab {} > '"$OUT"'/grab.{} 2>&1'
live() { q -c "SELECT count(*) FROM public.registrations WHERE attendee_email = 'mia@example.com' AND status <> 'cancelled' ${1:-}"; }
check "40 connections of one buyer: at most 3 of Drop" 1 "$(q -c "SELECT (count(*) <= 3)::int FROM public.registrations WHERE attendee_email = 'mia@example.com' AND ticket_tier_id = '$TIER'")"
check "40 connections of one buyer: at most 3 of Floor" 1 "$(q -c "SELECT (count(*) <= 3)::int FROM public.registrations WHERE attendee_email = 'mia@example.com' AND ticket_tier_id = '$TIER2'")"
check "40 connections of one buyer: held tickets = the hold limit" 4 "$(live)"
check "every other answer is PT409 limit per buyer reached" 1 "$(( $(grep -l 'PT409' "$OUT"/grab.* | wc -l) + $(grep -L 'ERROR' "$OUT"/grab.* | wc -l) == 40 ))"
check "no other error" 0 "$(grep -h 'ERROR' "$OUT"/grab.* | grep -vc 'PT409')"

# Free tickets are not holds: the event limit (5) then holds, from 20 connections at once.
free() { rpc anon "" "SELECT registration_id FROM public.reserve_tickets(p_ticket_tier_id => '$FREE', p_quantity => 1, p_attendee_email => 'mia@example.com', p_attendee_name => 'Mia')"; }
export -f free; export FREE
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

rm -rf "$OUT"
finish buyer_limits
