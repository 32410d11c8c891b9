-- demo/organize.sql: each house's organizer plans its week through the API, one request per
-- transaction with the role and JWT claims PostgREST would set. psql variables: org (1-4), week0
-- (the Monday the fashion month starts, ahead of today: scripts/demo.sh chooses it).
\set ON_ERROR_STOP on
SET client_min_messages = warning;
SELECT id AS org_id, tz, venue, city FROM (VALUES
    (1, 'a0000000-0000-4000-8000-000000000001'::uuid, 'Europe/Paris', 'c0000000-0000-4000-8000-000000000001'::uuid, 'Paris'),
    (2, 'a0000000-0000-4000-8000-000000000002', 'Europe/Rome', 'c0000000-0000-4000-8000-000000000002', 'Milan'),
    (3, 'a0000000-0000-4000-8000-000000000003', 'America/New_York', 'c0000000-0000-4000-8000-000000000003', 'New York'),
    (4, 'a0000000-0000-4000-8000-000000000004', 'Asia/Tokyo', 'c0000000-0000-4000-8000-000000000004', 'Tokyo'))
    AS o(n, id, tz, venue, city) WHERE n = :org \gset
\set organizer '\'b0000000-0000-4000-8000-0000000' :org '0003\''
\set claims '\'{"role":"authenticated","sub":"b0000000-0000-4000-8000-0000000' :org '0003"}\''
\set owner_claims '\'{"role":"authenticated","sub":"b0000000-0000-4000-8000-0000000' :org '0001"}\''

-- Five events: three runway shows, a pop-up and an activation, in the house's city and time zone.
BEGIN;
SELECT set_config('role', 'authenticated', true), set_config('request.jwt.claims', :claims, true) \gset ignore_
INSERT INTO public.events (id, name, description, type, status, start_date, end_date, venue_name, venue_address,
                           budget_total, attendee_target, organization_id, created_by)
SELECT ('10000000-0000-4000-8000-0000000' || :org || '000' || k)::uuid,
       (ARRAY['Autumn/Winter ' || extract(year FROM :'week0'::date) || ' Runway',
              'Resort ' || extract(year FROM :'week0'::date) + 1 || ' Runway',
              'Couture Runway', 'Flagship Pop-up', 'Street Activation'])[k],
       'Fashion week ' || :'city' || ', event ' || k,
       (ARRAY['runway_show', 'runway_show', 'runway_show', 'popup', 'activation'])[k],
       CASE WHEN k = 3 THEN 'planning' ELSE 'active' END,
       (:'week0'::date + time '19:00' + make_interval(days => (:org - 1) * 7 + k)) AT TIME ZONE :'tz',
       (:'week0'::date + time '21:00' + make_interval(days => (:org - 1) * 7 + k)) AT TIME ZONE :'tz',
       v.name, v.address, 250000 + k * 10000, 800, :'org_id', :organizer
  FROM generate_series(1, 5) k CROSS JOIN (SELECT name, address FROM public.venues WHERE id = :'venue') v;
COMMIT;

-- The week runs in the house's time zone; unpaid tickets are held 10 minutes; a ticket offered to
-- the waitlist waits 30 minutes for its claim.
BEGIN;
SELECT set_config('role', 'authenticated', true), set_config('request.jwt.claims', :claims, true) \gset ignore_
SELECT count(*) AS settings FROM generate_series(1, 5) k,
       LATERAL public.set_event_settings(('10000000-0000-4000-8000-0000000' || :org || '000' || k)::uuid,
                                         p_time_zone => :'tz', p_hold_minutes => 10, p_waitlist_offer_minutes => 30);
COMMIT;

-- Ticket tiers: general admission, VIP front row, press (issued by the house).
BEGIN;
SELECT set_config('role', 'authenticated', true), set_config('request.jwt.claims', :claims, true) \gset ignore_
INSERT INTO public.ticket_tiers (event_id, name, type, price, quantity_total)
SELECT ('10000000-0000-4000-8000-0000000' || :org || '000' || k)::uuid, t.name, t.type, t.price,
       CASE t.type WHEN 'paid' THEN 60 + 30 * k WHEN 'vip' THEN 12 + 2 * k ELSE 10 END
  FROM generate_series(1, 5) k
 CROSS JOIN (VALUES ('General admission', 'paid', 95.00), ('Front row', 'vip', 650.00), ('Press', 'press', 0)) AS t(name, type, price);
COMMIT;

-- The house's owner, who owns its venue, books it for each event (from three hours before the show
-- until an hour after).
BEGIN;
SELECT set_config('role', 'authenticated', true), set_config('request.jwt.claims', :owner_claims, true) \gset ignore_
INSERT INTO public.venue_availability (venue_id, event_id, date, start_time, end_time, status)
SELECT :'venue', e.id, (e.start_date AT TIME ZONE :'tz')::date, e.start_date - interval '3 hours', e.end_date + interval '1 hour', 'booked'
  FROM public.events e WHERE e.organization_id = :'org_id';
COMMIT;

-- Rehearsals on show day, in the event's time zone.
BEGIN;
SELECT set_config('role', 'authenticated', true), set_config('request.jwt.claims', :claims, true) \gset ignore_
INSERT INTO public.event_rehearsals (event_id, date, time_slot, location, notes)
SELECT e.id, (e.start_date AT TIME ZONE :'tz')::date, '16:00-17:30', NULL, 'full run-through'
  FROM public.events e WHERE e.organization_id = :'org_id' AND e.type = 'runway_show';
COMMIT;
