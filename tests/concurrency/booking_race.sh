#!/usr/bin/env bash
# booking_race.sh: concurrent bookings of one slot and concurrent reorders.
#
#   PORT=54403 tests/concurrency/booking_race.sh
#
# Needs a running cluster on PORT with fashionos installed (scripts/dev-install.sh); creates and
# drops its own database (KEEP=1 keeps it). N clients (default 24) are released at once (they wait
# on an advisory lock the script holds, then all go) and each tries to book the same slot:
#   1. a venue, INSERT into venue_availability (status booked) for N different events;
#   2. a model, half through model_availability, half through call_times, for N different events;
#   3. a venue, tentative holds: all of them go through;
#   4. N concurrent set_walk_order calls on one 40-look show, each with another permutation;
#   5. a venue through book_resource, each client another two hours, each overlapping the next
#      client's: no deadlock (the venue's bookers take turns), every refusal PT409, and the
#      bookings that went through do not overlap.
# Each booking race must have exactly one winner; every loser gets PT409 naming the winner in DETAIL.
# The reorders must all succeed one after the other and leave a valid line-up (one of the orders).
set -uo pipefail
DB=${DB:-booking_race}
N=${N:-24}
. "$(dirname "$0")/gate.sh"

# template_race LABEL SQL-TEMPLATE: race with N clients; in the template, %N% is the client number.
template_race() { TEMPLATE=$2; race "$1" from_template; }
from_template() { echo "${TEMPLATE//%N%/$1}"; }
winners() { grep -L "ERROR" "$WORK/$1".* 2>/dev/null | wc -l; }
losers_with() { grep -l "$2" "$WORK/$1".* 2>/dev/null | wc -l; }

log "database $DB on port $PORT, $N clients"
fresh_db "$PORT" "$DB" || { echo "booking_race: 0 passed, 1 failed"; exit 1; }

# fixtures: an organization, N events, a venue, a model, a 40-look show
q >/dev/null <<SQL
INSERT INTO public.organizations (id, name, slug) VALUES ('$(uuid 9 1)', 'Race', 'race');
INSERT INTO auth.users (id, email) SELECT format('00000000-0000-0000-0001-%s', lpad(n::text, 12, '0'))::uuid, 'u' || n || '@race.test' FROM generate_series(1, 40) n;
INSERT INTO public.users (id, email, role, organization_id)
    SELECT id, email, 'owner', '$(uuid 9 1)' FROM auth.users;
INSERT INTO public.events (id, name, start_date, organization_id, created_by)
    SELECT format('00000000-0000-0000-0004-%s', lpad(n::text, 12, '0'))::uuid, 'Event ' || n, '2026-06-01', '$(uuid 9 1)', '$(uuid 1 1)'
      FROM generate_series(1, $N + 1) n;
INSERT INTO public.venues (id, owner_id, name) VALUES ('$(uuid 5 1)', '$(uuid 1 1)', 'Hall'), ('$(uuid 5 2)', '$(uuid 1 1)', 'Annex');
INSERT INTO public.model_profiles (id, user_id)
    SELECT format('00000000-0000-0000-0002-%s', lpad(n::text, 12, '0'))::uuid, format('00000000-0000-0000-0001-%s', lpad(n::text, 12, '0'))::uuid
      FROM generate_series(1, 40) n;
INSERT INTO public.event_models (id, event_id, model_profile_id, walk_order)
    SELECT format('00000000-0000-0000-0003-%s', lpad(n::text, 12, '0'))::uuid, '$(uuid 4 $((N + 1)))',
           format('00000000-0000-0000-0002-%s', lpad(n::text, 12, '0'))::uuid, n
      FROM generate_series(1, 40) n;
SQL

# 1. one venue slot, N events
template_race venue "INSERT INTO public.venue_availability (id, venue_id, event_id, date, start_time, end_time, status)
    VALUES (format('00000000-0000-0000-0006-%s', lpad('%N%', 12, '0'))::uuid, '$(uuid 5 1)',
            format('00000000-0000-0000-0004-%s', lpad('%N%', 12, '0'))::uuid,
            '2026-06-01', '2026-06-01 18:00Z', '2026-06-01 22:00Z', 'booked')"
w=$(winners venue)
check "venue slot: exactly one of $N concurrent bookings wins" 1 "$w"
l=$(losers_with venue "PT409: venue is already booked")
check "venue slot: the $((N - 1)) others get PT409" $((N - 1)) "$l"
winner=$(q -c "SELECT id FROM public.venue_availability WHERE venue_id = '$(uuid 5 1)'")
d=$(losers_with venue "DETAIL:  Colliding booking: venue_availability $winner")
check "venue slot: each PT409 names the winning row in DETAIL" $((N - 1)) "$d"
c=$(q -c "SELECT count(*) FROM public.venue_availability WHERE venue_id = '$(uuid 5 1)'")/$(q -c "SELECT count(*) FROM fashionos.bookings WHERE resource_id = '$(uuid 5 1)'")
check "venue slot: one row in venue_availability and one in the ledger" 1/1 "$c"

# 2. one model, N events, through two tables at once
template_race model "DO \$\$ BEGIN IF %N% % 2 = 0 THEN
    INSERT INTO public.model_availability (model_profile_id, event_id, date, start_time, end_time, status)
        VALUES ('$(uuid 2 1)', format('00000000-0000-0000-0004-%s', lpad('%N%', 12, '0'))::uuid,
                '2026-06-02', '2026-06-02 09:00Z', '2026-06-02 11:00Z', 'booked');
  ELSE
    INSERT INTO public.call_times (event_id, model_profile_id, date, time)
        VALUES (format('00000000-0000-0000-0004-%s', lpad('%N%', 12, '0'))::uuid, '$(uuid 2 1)', '2026-06-02', '10:00');
  END IF; END \$\$"
w=$(winners model)
check "model: exactly one of $N concurrent bookings (availability and call times) wins" 1 "$w"
l=$(losers_with model "PT409: model is already booked")
check "model: the $((N - 1)) others get PT409" $((N - 1)) "$l"
c=$(q -c "SELECT count(*) FROM fashionos.bookings WHERE resource_type = 'model' AND resource_id = '$(uuid 2 1)'")
check "model: one booking in the ledger" 1 "$c"

# 3. tentative holds never collide
template_race hold "INSERT INTO public.venue_availability (venue_id, event_id, date, start_time, end_time, status)
    VALUES ('$(uuid 5 2)', format('00000000-0000-0000-0004-%s', lpad('%N%', 12, '0'))::uuid,
            '2026-06-01', '2026-06-01 18:00Z', '2026-06-01 22:00Z', 'tentative')"
w=$(winners hold)
check "tentative holds: all $N concurrent holds go through" "$N" "$w"
c=$(q -c "SELECT count(*) FROM public.find_conflicts('venue', '$(uuid 5 2)')")
e=$((N * (N - 1) / 2))
check "tentative holds: find_conflicts reports every pair" "$e" "$c"

# 4. concurrent reorders of one show: each client sets another rotation of the 40 looks
template_race reorder "SELECT count(*) FROM public.set_walk_order('$(uuid 4 $((N + 1)))', ARRAY(
    SELECT format('00000000-0000-0000-0003-%s', lpad(((n + %N%) % 40 + 1)::text, 12, '0'))::uuid
      FROM generate_series(0, 39) n ORDER BY n))"
w=$(winners reorder)
check "reorders: all $N concurrent set_walk_order calls succeed (serialized)" "$N" "$w"
v=$(q -c "SELECT count(*) FROM public.validate_walk_order('$(uuid 4 $((N + 1)))', 1) WHERE violation IN ('duplicate_position', 'missing_position')")
check "reorders: the final line-up has no duplicate or missing position" 0 "$v"
r=$(q -c "WITH o AS (SELECT right(id::text, 12)::int AS look, walk_order FROM public.event_models WHERE event_id = '$(uuid 4 $((N + 1)))')
        SELECT count(DISTINCT (walk_order - look + 40) % 40) FROM o")
check "reorders: the final line-up is one of the rotations (distinct offsets)" 1 "$r"

# 5. chained overlapping bookings through book_resource: client k books [k h, k h + 2 h) of one venue
q -c "INSERT INTO public.venues (id, owner_id, name) VALUES ('$(uuid 5 3)', '$(uuid 1 1)', 'Gallery')" >/dev/null
template_race chain "$(claims authenticated "$(uuid 1 1)");
    SELECT public.book_resource(p_resource_type => 'venue', p_resource_id => '$(uuid 5 3)',
        p_event_id => format('00000000-0000-0000-0004-%s', lpad('%N%', 12, '0'))::uuid,
        p_start => timestamptz '2030-06-01 08:00Z' + make_interval(hours => %N%),
        p_end => timestamptz '2030-06-01 10:00Z' + make_interval(hours => %N%))"
d=$(losers_with chain "40P01")
check "chained bookings: no deadlock among $N overlapping book_resource calls" 0 "$d"
w=$(winners chain)
l=$(losers_with chain "PT409: venue is already booked")
check "chained bookings: each of the $N either books or gets PT409" "$N" "$((w + l))"
o=$(q -c "SELECT count(*) FROM fashionos.bookings a JOIN fashionos.bookings b
            ON a.resource_id = b.resource_id AND a.source_id < b.source_id AND a.during && b.during
         WHERE a.resource_id = '$(uuid 5 3)' AND a.status IN ('booked', 'blocked') AND b.status IN ('booked', 'blocked')")
check "chained bookings: no two bookings of the venue overlap" 0 "$o"
# each booking that goes through refuses at most its two neighbours: a third of them at least
check "chained bookings: at least a third of them go through" 1 "$(( w * 3 >= N ? 1 : 0 ))"

gate_finish booking_race
