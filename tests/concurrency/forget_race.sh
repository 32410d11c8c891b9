#!/usr/bin/env bash
# forget_race.sh: waiters forgotten while their tickets come back (sql/waitlist.sql, "Forgetting
# waiters"), under many real connections.
#
#   PORT=54325 tests/concurrency/forget_race.sh
#
# Needs a running cluster on PORT with fashionos installed. A tier of 10 tickets, all held; 10
# signed-in waiters in its queue with two entries each, then 10 anonymous waiters. At once: the
# organizers cancel 6 of the held tickets (each given back goes as an offer to the first waiting
# entry), Supabase Auth deletes 9 signed-in waiters' accounts (each deletion declines the person's
# live offers: their holds end), and server-side code erases 5 anonymous waiters' addresses; then a
# sweep releases the declined offers. Whatever the interleaving: no request fails (no deadlock
# between an erasure and a release), none of the forgotten people keeps an entry, the 6 tickets
# are offered to the first 5 remaining waiters, in order (one more is back on sale), the
# registrations their unclaimed offers made keep neither name nor address, and quantity_sold =
# live registrations.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
race_begin race_forget 'Maison Forget' 'maison-forget' 'Forget Show'
race_tier "$TIER" Runway 90.00 10
q <<SQL
INSERT INTO public.organizations (id, name, slug) VALUES ('$ORG2', 'Buyers', 'buyers');
INSERT INTO auth.users (id, email) SELECT ('00000000-0000-4000-8000-0000000003' || lpad(i::text, 2, '0'))::uuid, 'member' || i || '@example.com'
  FROM generate_series(1, 10) i;
INSERT INTO public.users (id, email, role, organization_id)
SELECT ('00000000-0000-4000-8000-0000000003' || lpad(i::text, 2, '0'))::uuid, 'member' || i || '@example.com',
       CASE WHEN i = 1 THEN 'owner' ELSE 'viewer' END, '$ORG2'
  FROM generate_series(1, 10) i;
-- the owner of the buyers' organization stays (an organization keeps an owner): member1 is not deleted
CREATE TEMP TABLE holders AS SELECT r.* FROM generate_series(1, 10) i,
       LATERAL public.reserve_tickets('$TIER', 1, 'holder' || i || '@example.com', 'Holder ' || i) r;
CREATE TABLE public.race_holders AS SELECT registration_id FROM holders;
SQL
for i in $(seq 2 10); do for e in 1 2; do
    rpc authenticated "00000000-0000-4000-8000-0000000003$(printf '%02d' "$i")" \
        "SELECT status FROM public.join_waitlist('$TIER', 'member$i@example.com', 'Member $i')" >/dev/null
done; done
for i in $(seq 1 10); do
    rpc anon "" "SELECT status FROM public.join_waitlist('$TIER', 'anon$i@example.com', 'Anon $i')" >/dev/null
done
check "setup: sold out, 28 entries waiting" "10 28" \
    "$(q -c "SELECT (SELECT quantity_sold FROM public.ticket_tiers WHERE id = '$TIER') || ' ' ||
                    (SELECT count(*) FROM fashionos.waitlist_entries WHERE status = 'waiting')")"

job() {
    case $1 in
        cancel) rpc authenticated "$OWNER" "${GO}SELECT changed FROM public.cancel_registration('$2')" ;;
        # as Supabase Auth deletes an account: the auth.users row, in the operator's session
        delete) printf '%s' "${GO}DELETE FROM auth.users WHERE id = '00000000-0000-4000-8000-0000000003$(printf '%02d' "$2")';" |
                psql -X -q -At -h localhost -p "$PORT" -U postgres -d "$DB" ;;
        erase) rpc service_role "" "${GO}SELECT public.forget_waitlist_email(' ANON$2@example.com ')" ;;
    esac
}
export -f job rpc; export PORT DB TIER OWNER OUT GO
{
    q -c "SELECT 'cancel ' || registration_id FROM public.race_holders ORDER BY registration_id LIMIT 6"
    for i in $(seq 2 10); do echo "delete $i"; done
    for i in 1 3 5 7 9; do echo "erase $i"; done
} > "$OUT/jobs"
barrier "$(wc -l <"$OUT/jobs")"
xargs -P 40 -n 2 bash -c 'job "$0" "$1" > "$OUT/r.$0.$1" 2>&1' <"$OUT/jobs"

check "no request failed (no deadlock, no error)" "" "$(errors_but '' "$OUT"/r.*)"
# the declined offers' tickets go on at the next release of expired holds: a sweep
rpc authenticated "$OWNER" "SELECT public.release_expired_holds('$TIER')" >/dev/null
check "the cancellations went through" 6 "$(cat "$OUT"/r.cancel.* | grep -c '^t$')"
check "the erasures each erased one entry" 5 "$(cat "$OUT"/r.erase.* | grep -c '^1$')"
check "no entry left of the deleted accounts or the erased addresses" 0 \
    "$(q -c "SELECT count(*) FROM fashionos.waitlist_entries WHERE attendee_email ~ '^member' OR attendee_email ~ '^anon[13579]@'")"
check "the tickets given back are offered to the 5 remaining waiters, in order" \
    "anon2 anon4 anon6 anon8 anon10" \
    "$(q -c "SELECT string_agg(split_part(w.attendee_email, '@', 1), ' ' ORDER BY w.seq) FROM fashionos.waitlist_entries w
              WHERE w.status = 'offered' AND EXISTS (SELECT 1 FROM fashionos.registration_holds h
                                                      WHERE h.registration_id = w.registration_id AND h.expires_at > now())")"
check "no registration keeps a forgotten person's address (their offers' were erased)" 0 \
    "$(q -c "SELECT count(*) FROM public.registrations WHERE ticket_tier_id = '$TIER' AND attendee_email ~ '^(member[2-9]|member10|anon[13579])@'")"
check "one ticket is back on sale" 1 \
    "$(q -c "SELECT quantity_total - quantity_sold FROM public.ticket_tiers WHERE id = '$TIER'")"
check "quantity_sold = live registrations" 1 \
    "$(q -c "SELECT (t.quantity_sold = (SELECT count(*) FROM public.registrations r WHERE r.ticket_tier_id = t.id AND r.status <> 'cancelled'))::int
              FROM public.ticket_tiers t WHERE t.id = '$TIER'")"

rm -rf "$OUT"
drop_db "$DB"
finish forget_race
