#!/usr/bin/env bash
# demo/scheduling.sh PORT DB [report]: casting, walk orders, call times and bookings of the demo
# week, done by each house's organizer through the API (one transaction per request, role and JWT
# claims as PostgREST sets them), including a few deliberate mistakes the database refuses or
# reports. The agency's models are booked by options (docs/scheduling.md, "Options"): the houses
# request them, the agency's back office (service_role) confirms the 1st ones; a 2nd option waits
# behind a confirmed one; a 1st option expires and the 2nd, promoted, is confirmed by the model
# herself. The options are shown by demo/report.sql. With "report": prints walk-order problems and
# booking conflicts.
set -uo pipefail
PORT=$1 DB=$2 MODE=${3:-play}
q() { psql -X -q -At -v ON_ERROR_STOP=1 -h localhost -p "$PORT" -U postgres -d "$DB" "$@"; }
# request ROLE SUB SQL: one request (SUB may be empty: service_role); prints rows, or the refusal.
request() {
    local claims="{\"role\":\"$1\"${2:+,\"sub\":\"$2\"}}"
    psql -X -q -At -h localhost -p "$PORT" -U postgres -d "$DB" 2>&1 <<SQL
\set VERBOSITY default
BEGIN;
SELECT set_config('role', '$1', true), set_config('request.jwt.claims', '$claims', true) \g /dev/null
$3;
COMMIT;
SQL
}
# as ORG SQL: one request by the organizer of house ORG (K: another staff member, default 3).
as() { request authenticated "b0000000-0000-4000-8000-0000000${1}000${K:-3}" "$2"; }
# agency SQL: the model agency's back office (server-side code with the service_role key).
agency() { request service_role "" "$1"; }
# talent NN SQL: model NN (01-36) of the agency herself, signed in.
talent() { request authenticated "e0000000-0000-4000-8000-0000000000$1" "$2"; }
model_id() { echo "e1000000-0000-4000-8000-0000000000$1"; }

if [ "$MODE" = report ]; then
    printf '\n== Walk orders: problems found by validate_walk_order ==\n'
    for org in 1 2 3 4; do
        as "$org" "SELECT o.name || ', ' || e.name || ': ' || v.violation || ' (' || v.message || ')'
                     FROM public.events e JOIN public.organizations o ON o.id = e.organization_id,
                          LATERAL public.validate_walk_order(e.id) v
                    WHERE e.type = 'runway_show' ORDER BY e.start_date" | grep -v '^$'
    done
    echo "(every other runway show: a valid line-up)"
    printf '\n== Bookings: conflicts reported by event_conflicts ==\n'
    for org in 1 2 3 4; do
        as "$org" "SELECT o.name || ', ' || e.name || ': ' || c.severity || ' ' || c.resource_type || ' overlap '
                          || to_char(c.overlap_start, 'YYYY-MM-DD HH24:MI') || '-' || to_char(c.overlap_end, 'HH24:MI') || ' UTC, '
                          || c.source_table || ' ' || c.status || ' vs ' || c.other_source_table || ' ' || c.other_status
                     FROM public.events e JOIN public.organizations o ON o.id = e.organization_id,
                          LATERAL public.event_conflicts(e.id) c ORDER BY e.start_date" | grep -v '^$'
    done
    echo "refused bookings (PT409 double booking, 42501 without the talent's consent; HTTP 409, 403): $(grep -c ^ERROR "${TMPDIR:-/tmp}/fashionos-demo-refusals" 2>/dev/null)"
    cat "${TMPDIR:-/tmp}/fashionos-demo-refusals" 2>/dev/null | sed 's/^/  /'
    exit 0
fi

refusals="${TMPDIR:-/tmp}/fashionos-demo-refusals"
: > "$refusals"
for org in 1 2 3 4; do
    # Cast 14 looks per runway show from the agency's 36 models: 12 models, two of them walk twice.
    as "$org" "INSERT INTO public.event_models (event_id, model_profile_id, walk_order, is_opening, is_closing, fitting_status)
               SELECT e.id, ('e1000000-0000-4000-8000-0000000000' || lpad((1 + ((x.m + e.k * 5 + $org * 7) % 36))::text, 2, '0'))::uuid,
                      x.look, x.look = 1, x.look = 14, 'completed'
                 FROM (SELECT id, row_number() OVER (ORDER BY start_date) AS k FROM public.events
                        WHERE organization_id = 'a0000000-0000-4000-8000-00000000000$org' AND type = 'runway_show') e
                CROSS JOIN (SELECT look, CASE WHEN look > 12 THEN look - 11 ELSE look END AS m
                              FROM generate_series(1, 14) look) x" >/dev/null
    # Each show's stylist swaps looks 4 and 5: one call sets the whole running order.
    for ev in $(q -c "SELECT id FROM public.events WHERE organization_id = 'a0000000-0000-4000-8000-00000000000$org' AND type = 'runway_show' ORDER BY start_date"); do
        as "$org" "SELECT count(*) FROM public.set_walk_order('$ev',
                     (SELECT array_agg(id ORDER BY CASE walk_order WHEN 4 THEN 5 WHEN 5 THEN 4 ELSE walk_order END)
                        FROM public.event_models WHERE event_id = '$ev'))" >/dev/null
    done
    # The house asks the agency for its models: an option on each model for each show (from three
    # hours before to the end), through request_option. Houses show on different days: all 1st.
    as "$org" "SELECT count(*) FROM (SELECT DISTINCT em.model_profile_id, e.id, e.start_date, e.end_date
                                      FROM public.event_models em JOIN public.events e ON e.id = em.event_id
                                     WHERE e.organization_id = 'a0000000-0000-4000-8000-00000000000$org') x,
                LATERAL public.request_option('model', x.model_profile_id, x.id, x.start_date - interval '3 hours', x.end_date)" >/dev/null
done
# The agency's back office confirms every 1st option: each becomes a booking of the model.
agency "SELECT count(*) FROM public.list_options('model') l, LATERAL public.confirm_option(l.option_id) c
         WHERE l.status = 'open' AND l.rank = 1" >/dev/null
for org in 1 2 3 4; do
    as "$org" "INSERT INTO public.call_times (event_id, model_profile_id, date, time, location)
               SELECT DISTINCT e.id, em.model_profile_id, (e.start_date AT TIME ZONE s.time_zone)::date, '16:00', 'backstage'
                 FROM public.event_models em JOIN public.events e ON e.id = em.event_id
                CROSS JOIN LATERAL public.get_event_settings(e.id) s
                WHERE e.organization_id = 'a0000000-0000-4000-8000-00000000000$org'" >/dev/null
done

# Each house's designer shows a collection at each of its runway shows, and is booked for it.
for org in 1 2 3 4; do
    as "$org" "INSERT INTO public.event_designers (event_id, designer_profile_id, brand_id, collection_order, collection_name)
               SELECT e.id, 'e2000000-0000-4000-8000-00000000000$org', 'd1000000-0000-4000-8000-00000000000$org', 1, e.name || ' collection'
                 FROM public.events e
                WHERE e.organization_id = 'a0000000-0000-4000-8000-00000000000$org' AND e.type = 'runway_show'" >/dev/null
    as "$org" "SELECT count(*) FROM public.events e,
                      LATERAL public.book_resource('designer', 'e2000000-0000-4000-8000-00000000000$org', e.id,
                                                   e.start_date - interval '4 hours', e.end_date)
                WHERE e.organization_id = 'a0000000-0000-4000-8000-00000000000$org' AND e.type = 'runway_show'" >/dev/null
done

# Each house issues five press tickets per runway show (press tiers are issued, not sold).
for org in 1 2 3 4; do
    as "$org" "SELECT count(*) FROM public.ticket_tiers t JOIN public.events e ON e.id = t.event_id,
                      LATERAL generate_series(1, 5) k,
                      LATERAL public.reserve_tickets(t.id, 1, 'press' || k || '@' || regexp_replace(lower(e.name), '[^a-z0-9]+', '-', 'g') || '.press.example', 'Press ' || k)
                WHERE t.type = 'press' AND e.type = 'runway_show' AND e.organization_id = 'a0000000-0000-4000-8000-00000000000$org'" >/dev/null
done

# Deliberate mistakes.
# 1. Maison Aurèle's closing show: an organizer drags the closer to the middle and puts a model's
#    second look right after her first. The order is saved (it is a draft); validation reports it.
ev=$(q -c "SELECT id FROM public.events WHERE organization_id = 'a0000000-0000-4000-8000-000000000001' AND type = 'runway_show' ORDER BY start_date DESC LIMIT 1")
as 1 "SELECT count(*) FROM public.set_walk_order('$ev', (
        SELECT array_agg(id ORDER BY CASE WHEN is_closing THEN 7.5 WHEN walk_order = 13 THEN 2.5 ELSE walk_order END)
          FROM public.event_models WHERE event_id = '$ev'))" >/dev/null
# 2. Casa Vela books its Palazzo for its pop-up on the evening of its first show: refused (409).
as 2 "SELECT public.book_resource('venue', 'c0000000-0000-4000-8000-000000000002', e2.id, v.start_time + interval '1 hour', v.end_time)
        FROM public.venue_availability v
        JOIN public.events e2 ON e2.organization_id = 'a0000000-0000-4000-8000-000000000002' AND e2.type = 'popup'
       WHERE v.venue_id = 'c0000000-0000-4000-8000-000000000002' ORDER BY v.start_time LIMIT 1" | grep -E "^(ERROR|DETAIL)" >> "$refusals"
# 3. Halden & Reyes books a model of the agency directly for its pop-up, during her call time at
#    its first show: refused (42501), the agency's consent is needed: request an option.
as 3 "SELECT public.book_resource('model', c.model_profile_id, e3.id, b.start_time + interval '30 minutes', b.start_time + interval '90 minutes')
        FROM public.call_times c
        JOIN public.model_availability b ON b.event_id = c.event_id AND b.model_profile_id = c.model_profile_id
        JOIN public.events e3 ON e3.organization_id = 'a0000000-0000-4000-8000-000000000003' AND e3.type = 'popup'
       WHERE c.event_id IN (SELECT id FROM public.events WHERE organization_id = 'a0000000-0000-4000-8000-000000000003')
       ORDER BY c.date, c.model_profile_id LIMIT 1" | grep -E "^(ERROR|DETAIL)" >> "$refusals"
# 4. Studio Kiyo puts a tentative hold on its hall overlapping one of its shows: allowed, reported.
as 4 "SELECT public.book_resource('venue', 'c0000000-0000-4000-8000-000000000004', e4.id, v.end_time - interval '1 hour', v.end_time + interval '2 hours', 'tentative')
        FROM public.venue_availability v
        JOIN public.events e4 ON e4.organization_id = 'a0000000-0000-4000-8000-000000000004' AND e4.type = 'activation'
       WHERE v.venue_id = 'c0000000-0000-4000-8000-000000000004' AND v.event_id <> e4.id ORDER BY v.start_time LIMIT 1" >/dev/null
# Options in competition.
# 5. Casa Vela wants the opening model of Maison Aurèle's first show for a fitting in Paris that
#    evening (it knows whom and when; Aurèle's casting is not visible to it): its option is 2nd,
#    behind Aurèle's confirmed one, and stays 2nd.
IFS='|' read -r opener from to < <(q -c "SELECT em.model_profile_id, e.start_date - interval '2 hours', e.end_date
                                        FROM public.events e JOIN public.event_models em ON em.event_id = e.id AND em.is_opening
                                       WHERE e.organization_id = 'a0000000-0000-4000-8000-000000000001' AND e.type = 'runway_show'
                                       ORDER BY e.start_date LIMIT 1")
as 2 "SELECT rank FROM public.request_option('model', '$opener', '10000000-0000-4000-8000-000000020004', '$from', '$to')" >/dev/null
# 6. A campaign day after the weeks, 51 days after the first show: Halden & Reyes holds the 1st
#    option on model 36 but lets it run out (it expires in 3 seconds), Studio Kiyo the 2nd, Maison
#    Aurèle the 3rd. When Halden & Reyes' option expires, Kiyo's is 1st at once; the model confirms
#    it (her confirmation records the expiry and the promotion) and Aurèle's moves up to 2nd, behind
#    the booking.
campaign_day=$(q -c "SELECT (min(start_date) AT TIME ZONE 'UTC')::date + 51 FROM public.events")
campaign="'$campaign_day 08:00Z', '$campaign_day 17:00Z'"
as 3 "SELECT rank FROM public.request_option('model', '$(model_id 36)', '10000000-0000-4000-8000-000000030005', $campaign, now() + interval '3 seconds')" >/dev/null
as 4 "SELECT rank FROM public.request_option('model', '$(model_id 36)', '10000000-0000-4000-8000-000000040005', $campaign)" >/dev/null
as 1 "SELECT rank FROM public.request_option('model', '$(model_id 36)', '10000000-0000-4000-8000-000000010005', $campaign)" >/dev/null
sleep 4
talent 36 "SELECT public.confirm_option(option_id) FROM public.list_options('model', '$(model_id 36)', '10000000-0000-4000-8000-000000040005')" >/dev/null
echo "$(q -c 'SELECT count(*) FROM public.event_models') castings, $(q -c 'SELECT count(*) FROM public.event_designers') designer line-ups, $(q -c 'SELECT count(*) FROM public.call_times') call times," \
     "$(q -c 'SELECT count(*) FROM public.model_availability') model bookings, $(q -c 'SELECT count(*) FROM public.designer_availability') designer bookings, $(q -c 'SELECT count(*) FROM public.event_rehearsals') rehearsals;" \
     "$(q -c "SELECT sum(n) || ' options (' || string_agg(n || ' ' || status, ', ') || ')' FROM (SELECT (fashionos.option_row(o)).status, count(*) n FROM fashionos.options o GROUP BY 1 ORDER BY 1) x"),"\
     "$(grep -c ^ERROR "$refusals") bookings refused"
