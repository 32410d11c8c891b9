#!/usr/bin/env bash
# waitlist_race.sh: the waitlist of a sold-out tier (sql/waitlist.sql) under many real connections:
# a freed ticket under racing buyers and claimers is sold once.
#
#   PORT=54325 tests/concurrency/waitlist_race.sh
#
# Needs a running cluster on PORT with fashionos installed. A tier of 20 tickets, all held by 20
# buyers; 30 buyers wait in its queue. Each race starts together: its sessions wait on one advisory
# lock (barrier) until all are there; each request runs the way PostgREST runs it (rpc).
#  1. 15 tickets come back at once: 10 holds expired (released by 4 sweepers, and by whichever
#     walk-in buyer finds the tier full), 5 cancelled by the organizers; 40 walk-in buyers and the
#     30 waiters (claiming with their tokens until an offer comes, as an app that polls) race.
#     Every walk-in buyer finds the tier sold out; the 15 first entries in the queue get one offer
#     each and claim it, the 15 others none; no error but PT409 (no deadlock); quantity_sold =
#     live registrations. 3 mailers take the notices of the offers meanwhile: each notice once.
#  2. every hold runs out (the 15 offers and the 5 remaining buyers' holds): 20 tickets come back
#     while 4 sweepers, 20 new walk-in buyers and all 30 waiters race. The 15 entries still
#     waiting get the 15 first tickets, one each; the 5 others go back on sale: walk-in buyers get
#     what is left, never more; a claim of an expired offer is PT409 "offer expired"; no waiter
#     holds two tickets; quantity_sold = live registrations <= quantity_total.
#  3. 5 holds run out while 20 new buyers join and 10 walk-ins reserve: each join lands in the queue or is told
#     the tier is not sold out; at rest no ticket is on sale while someone waits.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
race_begin race_waitlist 'Maison Queue' 'maison-queue' 'Queue Show'
race_tier "$TIER" Runway 120.00 20
q <<SQL
-- 20 buyers hold the 20 tickets; then 30 buyers join the waitlist, in order.
CREATE TEMP TABLE holders AS SELECT r.* FROM generate_series(1, 20) i,
       LATERAL public.reserve_tickets('$TIER', 1, 'holder' || i || '@example.com', 'Holder ' || i) r;
CREATE TABLE public.race_tokens (i integer PRIMARY KEY, entry_id uuid, token text);
INSERT INTO public.race_tokens
SELECT i, j.entry_id, j.claim_token FROM generate_series(1, 30) i,
       LATERAL public.join_waitlist('$TIER', 'waiter' || i || '@example.com', 'Waiter ' || i) j;
SQL
check "setup: sold out, 30 waiting in order" "20 30" \
    "$(q -c "SELECT (SELECT quantity_sold FROM public.ticket_tiers WHERE id = '$TIER') || ' ' ||
                    (SELECT count(*) FROM fashionos.waitlist_entries w JOIN public.race_tokens t ON t.entry_id = w.id
                      WHERE w.status = 'waiting' AND (fashionos.waitlist_entry_row(w)).position = t.i)")"

# job KIND ARG: one request of a race.
job() {
    case $1 in
        walkin) rpc anon "" "${GO}SELECT status FROM public.reserve_tickets(p_ticket_tier_id => '$TIER', p_quantity => 1, p_attendee_email => 'walkin$2@example.com', p_attendee_name => 'Walk-in $2')" ;;
        sweep) rpc authenticated "$OWNER" "${GO}SELECT public.release_expired_holds('$TIER')" ;;
        cancel) rpc authenticated "$OWNER" "${GO}SELECT changed FROM public.cancel_registration('$2')" ;;
        join) rpc anon "" "${GO}SELECT status FROM public.join_waitlist('$TIER', 'late$2@example.com', 'Late $2')" ;;
        # a waiter's app polls: claims until there is an offer. An entry that gets none stops once
        # the race has made all its offers (live_offers reaches 15; one last claim then), so
        # that the answer does not hang on how fast a loaded machine runs the race; at most 90 s.
        claim) local out deadline=$((SECONDS + 90))
               while :; do
                   out=$(rpc anon "" "${GO}SELECT status FROM public.claim_waitlist_offer(p_token => '$(cat "$OUT/token.$2")')")
                   grep -q 'no offer yet' <<<"$out" || break
                   [ "$SECONDS" -ge "$deadline" ] && break
                   if [ "$(live_offers)" -ge 15 ]; then
                       out=$(rpc anon "" "SELECT status FROM public.claim_waitlist_offer(p_token => '$(cat "$OUT/token.$2")')")
                       break
                   fi
                   sleep 0.1
               done
               printf '%s\n' "$out" ;;
        # a mailer (server-side) takes the notices of new offers until the race has made them all
        # (one last take then); the entry ids it was handed, one a line
        mail) local deadline=$((SECONDS + 90)) last=0
              while :; do
                  [ "$(live_offers)" -ge 15 ] && last=1
                  rpc service_role "" "${GO}SELECT entry_id FROM public.take_waitlist_offers(p_limit => 3)"
                  [ "$last" = 1 ] || [ "$SECONDS" -ge "$deadline" ] && break
                  sleep 0.05
              done ;;
    esac
}
# live_offers: entries whose offer is made and still runs (its hold has not expired).
live_offers() {
    q -c "SELECT count(*) FROM fashionos.waitlist_entries w
            JOIN public.registrations r ON r.id = w.registration_id AND r.status <> 'cancelled'
            LEFT JOIN fashionos.registration_holds h ON h.registration_id = r.id
           WHERE w.ticket_tier_id = '$TIER' AND w.status IN ('offered', 'claimed')
             AND (h.expires_at IS NULL OR h.expires_at > now())"
}
export -f job rpc q live_offers; export PORT DB TIER OWNER OUT GO
for i in $(seq 1 30); do q -c "SELECT token FROM public.race_tokens WHERE i = $i" >"$OUT/token.$i"; done

# The queue as it stands: per entry (in order of joining) its status and whether it holds a live
# registration (the offer's); a settle first (a sweep), so that the numbers are at rest.
settle() { rpc authenticated "$OWNER" "SELECT public.release_expired_holds('$TIER')" >/dev/null; }
entries() { # entries WHERE: how many entries of the queue match
    q -c "SELECT count(*) FROM public.race_tokens t JOIN fashionos.waitlist_entries w ON w.id = t.entry_id
           LEFT JOIN public.registrations r ON r.id = w.registration_id WHERE $1"
}
at_rest() { # quantity_sold = live registrations <= quantity_total
    q -c "SELECT (t.quantity_sold = (SELECT count(*) FROM public.registrations r WHERE r.ticket_tier_id = t.id AND r.status <> 'cancelled')
                  AND t.quantity_sold <= t.quantity_total)::int FROM public.ticket_tiers t WHERE t.id = '$TIER'"
}
# race N: the requests listed in $OUT/jobsN ("KIND ARG" a line), all at once; the answer of each in
# $OUT/rN.KIND.ARG; then a settle.
race() {
    barrier "$(wc -l <"$OUT/jobs$1")"
    xargs -P 100 -n 2 bash -c 'job "$0" "$1" > "$OUT/r'"$1"'.$0.$1" 2>&1' <"$OUT/jobs$1"
    settle
}

# ---- 1. 15 tickets come back while walk-in buyers and the waiters race --------------------------
q -c "UPDATE fashionos.registration_holds h SET expires_at = now() - interval '1 second'
        FROM public.registrations r WHERE r.id = h.registration_id AND r.attendee_email ~ '^holder([1-9]|10)@'" >/dev/null
CANCEL=$(q -c "SELECT string_agg(id::text, ' ') FROM public.registrations WHERE attendee_email ~ '^holder1[1-5]@'")
{
    for i in $(seq 1 40); do echo "walkin $i"; done
    for i in 1 2 3 4; do echo "sweep $i"; done
    for r in $CANCEL; do echo "cancel $r"; done
    for i in $(seq 1 30); do echo "claim $i"; done
    for i in 1 2 3; do echo "mail $i"; done
} >"$OUT/jobs1"
race 1
check "1: no error but PT409 (no deadlock, no constraint violated)" "" "$(errors_but '^ERROR PT409' "$OUT"/r1.*)"
check "1: every walk-in buyer finds the tier sold out" 0 "$(grep -L '^ERROR' "$OUT"/r1.walkin.* | wc -l)"
check "1: walk-in refusals are 'sold out'" 40 "$(grep -l '^ERROR PT409 sold out' "$OUT"/r1.walkin.* | wc -l)"
check "1: the 5 cancellations each changed once" 5 "$(grep -l '^t$' "$OUT"/r1.cancel.* | wc -l)"
check "1: 15 freed tickets, 15 offers, to the 15 first entries" "15 0" \
    "$(entries "w.status IN ('offered', 'claimed') AND t.i <= 15") $(entries "w.status <> 'waiting' AND t.i > 15")"
check "1: each offer holds one live registration in the waiter's name" 15 \
    "$(entries "r.status = 'pending' AND r.attendee_email = 'waiter' || t.i || '@example.com'")"
check "1: the 15 first waiters claimed their offers" 15 \
    "$(for i in $(seq 1 15); do grep -l '^pending$' "$OUT/r1.claim.$i"; done | wc -l)"
check "1: the 15 claims are the 15 claimed entries" 15 "$(entries "w.status = 'claimed' AND t.i <= 15")"
check "1: the 15 others are still waiting: 'no offer yet'" 15 \
    "$(for i in $(seq 16 30); do grep -l '^ERROR PT409 no offer yet' "$OUT/r1.claim.$i"; done | wc -l)"
check "1: quantity_sold = live registrations <= quantity_total" 1 "$(at_rest)"
# The 3 mailers: each notice handed out once, only for offers to the 15 first entries, and marked;
# an offer claimed before any mailer took it needs no notice.
NOTICES=$(cat "$OUT"/r1.mail.* | grep -E '^[0-9a-f-]{36}$' | sort)
check "1: no notice handed out twice (3 mailers at once)" "" "$(uniq -d <<<"$NOTICES")"
check "1: the notices are of offers to the 15 first entries, and marked taken" "$(grep -c . <<<"$NOTICES")" \
    "$(entries "t.i <= 15 AND w.noticed_at IS NOT NULL AND w.id::text IN ('$(paste -sd' ' <<<"$NOTICES" | sed "s/ /','/g")')")"
check "1: no other entry is marked" "$(grep -c . <<<"$NOTICES")" "$(entries "w.noticed_at IS NOT NULL")"
note "race 1: the mailers handed out $(grep -c . <<<"$NOTICES") notices (the other offers were claimed first)"

# ---- 2. every hold runs out: 20 tickets come back, 15 entries still wait ------------------------
q -c "UPDATE fashionos.registration_holds SET expires_at = now() - interval '1 second'" >/dev/null
{
    for i in $(seq 41 60); do echo "walkin $i"; done
    for i in 1 2 3 4; do echo "sweep $i"; done
    for i in $(seq 1 30); do echo "claim $i"; done
} >"$OUT/jobs2"
race 2
SOLD=$(grep -L '^ERROR' "$OUT"/r2.walkin.* | wc -l)
check "2: no error but PT409 (no deadlock, no constraint violated)" "" "$(errors_but '^ERROR PT409' "$OUT"/r2.*)"
check "2: the 15 entries still waiting got one offer each" 15 \
    "$(entries "t.i > 15 AND w.status IN ('offered', 'claimed') AND r.status = 'pending'")"
check "2: the 15 first entries hold nothing now" 0 "$(entries "t.i <= 15 AND r.status <> 'cancelled'")"
check "2: every claim of the 15 first entries is 'offer expired'" 15 \
    "$(for i in $(seq 1 15); do grep -l '^ERROR PT409 offer expired' "$OUT/r2.claim.$i"; done | wc -l)"
check "2: the 5 tickets nobody waited for: sold to walk-in buyers or on sale" 5 \
    "$(( SOLD + $(q -c "SELECT quantity_total - quantity_sold FROM public.ticket_tiers WHERE id = '$TIER'") ))"
check "2: no waiter holds two tickets" 0 \
    "$(q -c "SELECT count(*) FROM (SELECT attendee_email FROM public.registrations WHERE ticket_tier_id = '$TIER'
                                     AND status <> 'cancelled' GROUP BY 1 HAVING count(*) > 1) x")"
check "2: quantity_sold = live registrations <= quantity_total" 1 "$(at_rest)"
note "race 2: $SOLD walk-in buyer(s) got one of the 5 tickets nobody waited for"

# ---- 3. buyers join while tickets come back ------------------------------------------------------
# Sold out again (server-side code takes what is on sale), then 5 holds run out while 20 new buyers
# join, 10 walk-in buyers reserve and 2 sweepers release: a join either lands in the queue
# (and then gets the next freed ticket) or is told the tier is not sold out; at rest no ticket is on
# sale while someone waits.
LEFT=$(q -c "SELECT quantity_total - quantity_sold FROM public.ticket_tiers WHERE id = '$TIER'")
[ "$LEFT" -gt 0 ] && rpc service_role "" "SELECT count(*) FROM public.reserve_tickets('$TIER', $LEFT, 'box@example.com', 'Box office')" >/dev/null
q -c "UPDATE fashionos.registration_holds SET expires_at = now() - interval '1 second'
       WHERE registration_id IN (SELECT registration_id FROM fashionos.registration_holds ORDER BY registration_id LIMIT 5)" >/dev/null
{
    for i in $(seq 1 20); do echo "join $i"; done
    for i in $(seq 61 70); do echo "walkin $i"; done
    for i in 1 2; do echo "sweep $i"; done
} >"$OUT/jobs3"
race 3
JOINED=$(grep -l '^waiting$' "$OUT"/r3.join.* | wc -l)
check "3: no error but PT409" "" "$(errors_but '^ERROR PT409' "$OUT"/r3.*)"
check "3: every join is in the queue or told 'tier is not sold out'" 20 \
    "$(( JOINED + $(grep -l '^ERROR PT409 tier is not sold out' "$OUT"/r3.join.* | wc -l) ))"
check "3: no ticket on sale while someone waits" 0 \
    "$(q -c "SELECT count(*) FROM public.ticket_tiers t WHERE t.id = '$TIER' AND t.quantity_sold < t.quantity_total
               AND EXISTS (SELECT 1 FROM fashionos.waitlist_entries w WHERE w.ticket_tier_id = t.id AND w.status = 'waiting')")"
check "3: quantity_sold = live registrations <= quantity_total" 1 "$(at_rest)"
note "race 3: $JOINED of 20 late buyers joined the queue"

q -c "DROP TABLE public.race_tokens"
[ "$T_FAIL" -eq 0 ] && drop_db "$DB"
[ "$T_FAIL" -eq 0 ] && rm -rf "$OUT"
finish waitlist_race
