#!/usr/bin/env bash
# sweep_race.sh: the scheduled release of every tier's expired holds (release_expired_holds() as
# server-side code) on a sold-out tier that walk-in buyers keep hitting, under many real
# connections.
#
#   PORT=54325 tests/concurrency/sweep_race.sh
#
# A tier of 2 tickets held by 2 buyers, 2 waiters in its queue; both holds run out. Then 8 walk-in
# buyers reserve in a loop for 4 s: each finds the tier full, releases the expired holds itself,
# sees the freed tickets go to the queue, is refused "sold out", and rolls its release back; each
# holds the tier's row a moment. Meanwhile the minute job runs once (and a tier of another
# producer, with an expired hold of its own, is swept too). The sweep waits for the tier's row a
# fifth of a second at most: between two walk-ins it gets it, and since every release takes the
# tier's row before its holds, no walk-in holds them then: it releases them, and both waiters are
# offered the tickets by that one run. (A sweep that passed over any tier whose row was held never
# released them while walk-ins came; one that took the row but skipped holds a walk-in had claimed
# first released them about one run in four.) At rest: quantity_sold = live
# registrations, no walk-in got a ticket.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
race_begin race_sweep 'Maison Sweep' 'maison-sweep' 'Sweep Show'
race_tier "$TIER" Runway 120.00 2
OTHER=00000000-0000-4000-8000-0000000000f2
race_tier "$OTHER" Balcony 40.00 5
q >/dev/null <<SQL
SELECT count(*) FROM generate_series(1, 2) i,
       LATERAL public.reserve_tickets('$TIER', 1, 'holder' || i || '@example.com', 'Holder ' || i) r;
SELECT count(*) FROM public.reserve_tickets('$OTHER', 1, 'other@example.com', 'Other');
SELECT count(*) FROM generate_series(1, 2) i,
       LATERAL public.join_waitlist('$TIER', 'waiter' || i || '@example.com', 'Waiter ' || i) j;
UPDATE fashionos.registration_holds SET expires_at = now() - interval '1 minute';
SQL

walkins() {  # walkins I: one walk-in buyer reserving in a loop for 4 s
    local end=$((SECONDS + 4)) n=0
    while [ "$SECONDS" -lt "$end" ]; do
        rpc anon "" "SELECT status FROM public.reserve_tickets(p_ticket_tier_id => '$TIER', p_quantity => 1, p_attendee_email => 'walkin$1@example.com', p_attendee_name => 'Walk-in $1')" \
            >>"$OUT/walkin.$1" 2>&1
        n=$((n + 1))
    done
    echo "$n" >"$OUT/count.$1"
}
for i in $(seq 1 8); do walkins "$i" & done
sleep 1
# one run of the job, in the middle of the walk-ins: it must release the tier now
rpc service_role "" "SELECT public.release_expired_holds()" >>"$OUT/sweeps" 2>&1
offered_at_once=$(q -c "SELECT count(*) FROM fashionos.waitlist_entries w WHERE w.ticket_tier_id = '$TIER' AND w.status = 'offered'")
wait
check "one run of the job, while the walk-ins kept coming, offered both tickets" 2 "$offered_at_once"

requests=$(cat "$OUT"/count.* | awk '{ s += $1 } END { print s + 0 }')
note "walk-in requests during the sweeps: $requests"
check "walk-ins kept hitting the tier (at least 40 requests)" 1 "$([ "$requests" -ge 40 ] && echo 1 || echo 0)"
check "the sweeps answered, no error" 0 "$(grep -c ERROR "$OUT/sweeps")"
check "every walk-in was refused sold out (no other answer)" 0 \
    "$(cat "$OUT"/walkin.* | grep -v -c -E '^(ERROR PT409 sold out|DETAIL:|HINT:)')"
check "both waiters were offered the released tickets" 2 \
    "$(q -c "SELECT count(*) FROM fashionos.waitlist_entries w WHERE w.ticket_tier_id = '$TIER' AND w.status = 'offered'")"
check "the other tier's expired hold was released too" 0 \
    "$(q -c "SELECT count(*) FROM fashionos.registration_holds WHERE ticket_tier_id = '$OTHER'")"
check "quantity_sold = live registrations, on both tiers" 2 \
    "$(q -c "SELECT count(*) FROM public.ticket_tiers t WHERE t.event_id = '$EVENT'
               AND t.quantity_sold = (SELECT count(*) FROM public.registrations r WHERE r.ticket_tier_id = t.id AND r.status <> 'cancelled')")"
check "no walk-in got a ticket" 0 \
    "$(q -c "SELECT count(*) FROM public.registrations WHERE attendee_email LIKE 'walkin%' AND status <> 'cancelled'")"
[ "$T_FAIL" -eq 0 ] && drop_db "$DB"
[ "$T_FAIL" -eq 0 ] && rm -rf "$OUT"
finish sweep_race
