-- availability: no double booking of a venue, model, designer or crew member, across the five
-- tables that book them; tentative holds overlap and are reported; DATE + time-slot pairs are read
-- in the event's time zone (across midnight, across DST changes).
\i common/basic_setup.sql
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
SET intervalstyle = 'postgres';

-- pg_temp.id(kind, n): 1 users, 2 model profiles, 3 designer profiles, 4 events, 5 venues,
-- 6 availability rows, 7 call times, 8 rehearsals, 9 organizations, 10 stakeholders.
-- the ledger, readable: source, resource, range, status
CREATE VIEW pg_temp.ledger AS
    SELECT b.source_table, right(b.source_id::text, 3) AS src, b.resource_type AS type,
           right(b.resource_id::text, 3) AS res, right(b.event_id::text, 3) AS ev,
           lower(b.during) AS starts, upper(b.during) AS ends, b.status
      FROM fashionos.bookings b;

-- fixtures
INSERT INTO public.organizations (id, name, slug) VALUES
    (pg_temp.id(9, 1), 'Maison A', 'maison-a'), (pg_temp.id(9, 2), 'Maison B', 'maison-b');
INSERT INTO auth.users (id, email) SELECT pg_temp.id(1, n), format('user%s@test', n) FROM generate_series(1, 6) n;
INSERT INTO public.users (id, email, role, organization_id)
    SELECT pg_temp.id(1, n), format('user%s@test', n), 'organizer', pg_temp.id(9, CASE WHEN n <= 3 THEN 1 ELSE 2 END)
      FROM generate_series(1, 6) n;
INSERT INTO public.events (id, name, start_date, organization_id, created_by) VALUES
    (pg_temp.id(4, 1), 'Show A1', '2026-06-01 18:00+00', pg_temp.id(9, 1), pg_temp.id(1, 1)),
    (pg_temp.id(4, 2), 'Show A2', '2026-06-01 18:00+00', pg_temp.id(9, 1), pg_temp.id(1, 1)),
    (pg_temp.id(4, 3), 'Show B3', '2026-06-01 18:00+00', pg_temp.id(9, 2), pg_temp.id(1, 4)),
    (pg_temp.id(4, 4), 'Paris B4', '2026-03-29 18:00+00', pg_temp.id(9, 2), pg_temp.id(1, 4)),
    (pg_temp.id(4, 5), 'Paris A5', '2026-03-29 18:00+00', pg_temp.id(9, 1), pg_temp.id(1, 1));
INSERT INTO public.venues (id, owner_id, name) VALUES
    (pg_temp.id(5, 1), pg_temp.id(1, 6), 'Grand Hall'),
    (pg_temp.id(5, 2), pg_temp.id(1, 6), 'Studio Nord'),
    (pg_temp.id(5, 3), pg_temp.id(1, 6), 'Palais');
INSERT INTO public.model_profiles (id, user_id) VALUES (pg_temp.id(2, 1), pg_temp.id(1, 5)), (pg_temp.id(2, 2), pg_temp.id(1, 6));
INSERT INTO public.fashion_brands (id, name) VALUES (pg_temp.id(3, 99), 'Brand');
INSERT INTO public.designer_profiles (id, user_id, brand_id) VALUES (pg_temp.id(3, 1), pg_temp.id(1, 5), pg_temp.id(3, 99));
INSERT INTO public.stakeholders (id, name) VALUES (pg_temp.id(10, 1), 'Lighting crew');

-- va(n, venue, event, start, end, status): a venue_availability row
CREATE FUNCTION pg_temp.va(p_n int, p_venue int, p_event int, p_start timestamptz, p_end timestamptz, p_status text)
    RETURNS text LANGUAGE sql AS $$
    SELECT pg_temp.try(format(
        'INSERT INTO public.venue_availability (id, venue_id, event_id, date, start_time, end_time, status) VALUES (%L, %L, %L, %L, %L, %L, %L)',
        pg_temp.id(6, p_n), pg_temp.id(5, p_venue), CASE WHEN p_event IS NOT NULL THEN pg_temp.id(4, p_event) END,
        (p_start AT TIME ZONE 'UTC')::date, p_start, p_end, p_status))
$$;

-- 1. Overlap edge cases on one venue. Event 1 books 10:00-12:00.
SELECT pg_temp.va(1, 1, 1, '2026-06-01 10:00Z', '2026-06-01 12:00Z', 'booked') AS booked_10_12;
-- touching ranges are allowed: [10, 12) and [12, 14)
SELECT pg_temp.va(2, 1, 2, '2026-06-01 12:00Z', '2026-06-01 14:00Z', 'booked') AS touching_after;
SELECT pg_temp.va(3, 1, 2, '2026-06-01 08:00Z', '2026-06-01 10:00Z', 'booked') AS touching_before;
-- contained, identical, overlapping, containing: refused with PT409 and the colliding row
SELECT pg_temp.va(4, 1, 2, '2026-06-01 10:30Z', '2026-06-01 11:00Z', 'booked') AS contained;
SELECT pg_temp.va(4, 1, 2, '2026-06-01 10:00Z', '2026-06-01 12:00Z', 'booked') AS identical;
SELECT pg_temp.va(4, 1, 3, '2026-06-01 11:59Z', '2026-06-01 12:01Z', 'booked') AS overlapping_two;
SELECT pg_temp.va(4, 1, NULL, '2026-06-01 07:00Z', '2026-06-01 15:00Z', 'blocked') AS containing_blocked;
-- one event may overlap itself (a second slot of event 1 in its own booking)
SELECT pg_temp.va(5, 1, 1, '2026-06-01 10:30Z', '2026-06-01 11:30Z', 'booked') AS same_event;
-- 'available' rows offer a window and book nothing
SELECT pg_temp.va(6, 1, NULL, '2026-06-01 00:00Z', '2026-06-02 00:00Z', 'available') AS available_window;
-- tentative holds may overlap anything
SELECT pg_temp.va(7, 1, 2, '2026-06-01 11:00Z', '2026-06-01 12:30Z', 'tentative') AS tentative_overlap;
SELECT * FROM pg_temp.ledger WHERE res = '001' AND type = 'venue' ORDER BY starts, src;

-- ... and are reported: by resource and range, and by event
SELECT severity, source_table, right(source_id::text, 3) AS src, status, other_source_table,
       right(other_source_id::text, 3) AS other_src, other_status, overlap_start, overlap_end
  FROM public.find_conflicts('venue', pg_temp.id(5, 1), '2026-06-01 00:00Z', '2026-06-02 00:00Z');
-- the window clips: only overlaps inside [12:00, 13:00)
SELECT severity, right(source_id::text, 3) AS src, right(other_source_id::text, 3) AS other_src, overlap_start, overlap_end
  FROM public.find_conflicts('venue', pg_temp.id(5, 1), '2026-06-01 12:00Z', '2026-06-01 13:00Z');
-- event 2's conflicts: its hold against event 1's two bookings, event 2's row first
SELECT resource_type, severity, source_table, right(source_id::text, 3) AS src, right(event_id::text, 3) AS ev,
       right(other_source_id::text, 3) AS other_src, right(other_event_id::text, 3) AS other_ev, overlap_start, overlap_end
  FROM public.event_conflicts(pg_temp.id(4, 2));
-- bad arguments
SELECT pg_temp.try($$SELECT * FROM public.find_conflicts('room', gen_random_uuid())$$);
SELECT pg_temp.try(format('SELECT * FROM public.find_conflicts(%L, %L, %L, %L)', 'venue', pg_temp.id(5, 1), '2026-06-02', '2026-06-01'));
SELECT pg_temp.try(format('SELECT * FROM public.find_conflicts(%L, %L)', 'venue', pg_temp.id(5, 99)));
SELECT pg_temp.try(format('SELECT * FROM public.event_conflicts(%L)', pg_temp.id(4, 99)));
SELECT pg_temp.try('SELECT * FROM public.event_conflicts(NULL)');

-- 2. UPDATE moving a booking onto another is refused, the row stays; DELETE frees the slot.
SELECT pg_temp.try(format('UPDATE public.venue_availability SET start_time = %L WHERE id = %L', '2026-06-01 11:00Z', pg_temp.id(6, 2))) AS move_onto;
SELECT start_time, end_time FROM public.venue_availability WHERE id = pg_temp.id(6, 2);
-- turning the tentative hold into a booking is refused too
SELECT pg_temp.try(format('UPDATE public.venue_availability SET status = %L WHERE id = %L', 'booked', pg_temp.id(6, 7))) AS confirm_hold;
-- moving event 2's booking to a free slot is fine, and the ledger follows
SELECT pg_temp.try(format('UPDATE public.venue_availability SET start_time = %L, end_time = %L WHERE id = %L',
    '2026-06-01 14:00Z', '2026-06-01 16:00Z', pg_temp.id(6, 2))) AS move_free;
SELECT starts, ends FROM pg_temp.ledger WHERE src = '002' AND source_table = 'venue_availability';
-- event 1 releases its bookings: the slot is free for event 2
DELETE FROM public.venue_availability WHERE id IN (pg_temp.id(6, 1), pg_temp.id(6, 5));
SELECT pg_temp.va(4, 1, 2, '2026-06-01 10:00Z', '2026-06-01 12:00Z', 'booked') AS after_delete;
-- 'booked' -> 'available' frees it as well
UPDATE public.venue_availability SET status = 'available' WHERE id = pg_temp.id(6, 4);
SELECT pg_temp.va(8, 1, 1, '2026-06-01 10:00Z', '2026-06-01 12:00Z', 'booked') AS after_release;
SELECT count(*) AS ledger_rows_of_available FROM fashionos.bookings WHERE source_id IN (pg_temp.id(6, 4), pg_temp.id(6, 6));

-- 3. A model's call time against its availability booking for another event.
INSERT INTO public.model_availability (id, model_profile_id, event_id, date, start_time, end_time, status)
    VALUES (pg_temp.id(6, 20), pg_temp.id(2, 1), pg_temp.id(4, 2), '2026-06-01', '2026-06-01 09:00Z', '2026-06-01 13:00Z', 'booked');
-- event 1 calls the model at 08:00 (UTC, the default zone) for 240 minutes: [08:00, 12:00) collides
SELECT pg_temp.try(format('INSERT INTO public.call_times (id, event_id, model_profile_id, date, time) VALUES (%L, %L, %L, %L, %L)',
    pg_temp.id(7, 1), pg_temp.id(4, 1), pg_temp.id(2, 1), '2026-06-01', '08:00')) AS call_collides;
-- at 13:00 it touches and is fine; event 2's own call time inside its booking (09:00-13:00) is fine
SELECT pg_temp.try(format('INSERT INTO public.call_times (id, event_id, model_profile_id, date, time) VALUES (%L, %L, %L, %L, %L)',
    pg_temp.id(7, 1), pg_temp.id(4, 1), pg_temp.id(2, 1), '2026-06-01', '13:00')) AS call_touching;
SELECT pg_temp.try(format('INSERT INTO public.call_times (id, event_id, model_profile_id, date, time) VALUES (%L, %L, %L, %L, %L)',
    pg_temp.id(7, 2), pg_temp.id(4, 2), pg_temp.id(2, 1), '2026-06-01', '9 am')) AS call_same_event;
-- the other way round: an availability booking onto a call time
SELECT pg_temp.try(format('INSERT INTO public.model_availability (id, model_profile_id, event_id, date, start_time, end_time, status) VALUES (%L, %L, %L, %L, %L, %L, %L)',
    pg_temp.id(6, 21), pg_temp.id(2, 1), pg_temp.id(4, 3), '2026-06-01', '2026-06-01 16:00Z', '2026-06-01 18:00Z', 'booked')) AS booking_onto_call;
-- an unreadable call time
SET ROLE service_role;  -- a client of the API (server-side code), not the operator
SELECT pg_temp.try(format('INSERT INTO public.call_times (event_id, model_profile_id, date, time) VALUES (%L, %L, %L, %L)',
    pg_temp.id(4, 3), pg_temp.id(2, 2), '2026-06-01', 'early morning')) AS unreadable_call;
RESET ROLE;
-- crew: a stakeholder called by two events at overlapping times
SELECT pg_temp.try(format('INSERT INTO public.call_times (id, event_id, stakeholder_id, date, time) VALUES (%L, %L, %L, %L, %L)',
    pg_temp.id(7, 3), pg_temp.id(4, 1), pg_temp.id(10, 1), '2026-06-01', '06:00')) AS crew_call;
SELECT pg_temp.try(format('INSERT INTO public.call_times (id, event_id, stakeholder_id, date, time) VALUES (%L, %L, %L, %L, %L)',
    pg_temp.id(7, 4), pg_temp.id(4, 3), pg_temp.id(10, 1), '2026-06-01', '09:59')) AS crew_call_collides;
-- designers
INSERT INTO public.designer_availability (id, designer_profile_id, event_id, date, start_time, end_time, status)
    VALUES (pg_temp.id(6, 30), pg_temp.id(3, 1), pg_temp.id(4, 1), '2026-06-01', '2026-06-01 15:00Z', '2026-06-01 20:00Z', 'booked');
SELECT pg_temp.try(format('INSERT INTO public.designer_availability (id, designer_profile_id, event_id, date, start_time, end_time, status) VALUES (%L, %L, %L, %L, %L, %L, %L)',
    pg_temp.id(6, 31), pg_temp.id(3, 1), pg_temp.id(4, 2), '2026-06-01', '2026-06-01 19:00Z', '2026-06-01 21:00Z', 'booked')) AS designer_collides;
SELECT * FROM pg_temp.ledger WHERE type IN ('model', 'designer', 'stakeholder') ORDER BY type, starts;

-- 4. Rehearsals book the venue their event books. Event 3 books Studio Nord in the evening and
-- rehearses there from 22:00 to 02:00: across midnight.
SELECT pg_temp.va(10, 2, 3, '2026-06-01 18:00Z', '2026-06-01 21:00Z', 'booked') AS event3_venue;
INSERT INTO public.event_rehearsals (id, event_id, date, time_slot, location)
    VALUES (pg_temp.id(8, 1), pg_temp.id(4, 3), '2026-06-01', '22:00-02:00', 'Studio Nord');
SELECT * FROM pg_temp.ledger WHERE source_table = 'event_rehearsals';
-- another event's venue booking during the rehearsal is refused, naming the rehearsal
SELECT pg_temp.va(11, 2, 1, '2026-06-02 01:00Z', '2026-06-02 03:00Z', 'booked') AS onto_rehearsal;
-- right after it, fine
SELECT pg_temp.va(11, 2, 1, '2026-06-02 02:00Z', '2026-06-02 03:00Z', 'booked') AS after_rehearsal;
-- event 1 books two venues (Grand Hall, row 8, and Studio Nord, row 11): its rehearsal's location
-- says which; at Studio Nord during event 3's rehearsal it is refused
SELECT pg_temp.try(format('INSERT INTO public.event_rehearsals (id, event_id, date, time_slot, location) VALUES (%L, %L, %L, %L, %L)',
    pg_temp.id(8, 2), pg_temp.id(4, 1), '2026-06-01', '23:00-23:30', 'Studio Nord')) AS rehearsal_onto_rehearsal;
-- without a location naming one of its venues it books none
SELECT pg_temp.try(format('INSERT INTO public.event_rehearsals (id, event_id, date, time_slot) VALUES (%L, %L, %L, %L)',
    pg_temp.id(8, 2), pg_temp.id(4, 1), '2026-06-01', '23:00-23:30')) AS rehearsal_no_venue;
SELECT count(*) AS bookings_of_rehearsal_2 FROM fashionos.bookings WHERE source_id = pg_temp.id(8, 2);
DELETE FROM public.event_rehearsals WHERE id = pg_temp.id(8, 2);
-- unreadable slots are refused
SET ROLE service_role;  -- a client of the API (server-side code), not the operator
SELECT pg_temp.try(format('INSERT INTO public.event_rehearsals (event_id, date, time_slot) VALUES (%L, %L, %L)',
    pg_temp.id(4, 3), '2026-06-01', 'after lunch')) AS unreadable_slot;
RESET ROLE;
SET ROLE service_role;  -- a client of the API (server-side code), not the operator
SELECT pg_temp.try(format('INSERT INTO public.event_rehearsals (event_id, date, time_slot) VALUES (%L, %L, %L)',
    pg_temp.id(4, 3), '2026-06-01', '25:00-26:00')) AS unreadable_hour;
RESET ROLE;
-- "9-5" could be a working day or a night: refused as ambiguous; with am/pm on one end only,
-- the other end takes the half of the day that runs forward ("10-11pm" is 22:00-23:00, not a
-- thirteen-hour hold of the venue from ten in the morning)
SET ROLE service_role;  -- a client of the API (server-side code), not the operator
SELECT pg_temp.try(format('INSERT INTO public.event_rehearsals (event_id, date, time_slot) VALUES (%L, %L, %L)',
    pg_temp.id(4, 3), '2026-06-01', '9-5')) AS ambiguous_slot;
RESET ROLE;
INSERT INTO public.event_rehearsals (id, event_id, date, time_slot, location)
    VALUES (pg_temp.id(8, 3), pg_temp.id(4, 3), '2026-06-01', '10-11pm', 'Studio Nord');
SELECT lower(during) AS starts, upper(during) AS ends FROM fashionos.bookings WHERE source_id = pg_temp.id(8, 3);
DELETE FROM public.event_rehearsals WHERE id = pg_temp.id(8, 3);
-- the operator's own session (a restore) loads a slot written under older reading rules as it
-- is, with a warning, and books nothing for it
INSERT INTO public.event_rehearsals (id, event_id, date, time_slot) VALUES (pg_temp.id(8, 4), pg_temp.id(4, 3), '2026-06-01', '9-5');
SELECT count(*) AS bookings_of_legacy_slot FROM fashionos.bookings WHERE source_id = pg_temp.id(8, 4);
-- such a row does not stop the changes of people who did not write it: its notes, its event's
-- settings, a rebuild by server-side code; written again unreadable, it is refused
SET ROLE service_role;
SELECT pg_temp.try($$UPDATE public.event_rehearsals SET notes = 'bring the steamer' WHERE id = pg_temp.id(8, 4)$$) AS notes_of_legacy_slot;
SELECT pg_temp.try($$SELECT count(*) FROM fashionos.rebuild_bookings()$$) AS rebuild_by_server;
SELECT pg_temp.try($$UPDATE public.event_rehearsals SET time_slot = '9 to 5' WHERE id = pg_temp.id(8, 4)$$) AS written_again_unreadable;
RESET ROLE;
DELETE FROM public.event_rehearsals WHERE id = pg_temp.id(8, 4);
-- an unknown resource type of any length is named by its first 100 characters
SELECT pg_temp.try(format('SELECT * FROM public.find_conflicts(%L, %L)', repeat('x', 5000), pg_temp.id(5, 2))) AS long_resource_type;
-- event 3 gives up its venue: its rehearsal books nothing any more, the slot is free
DELETE FROM public.venue_availability WHERE id = pg_temp.id(6, 10);
SELECT count(*) AS rehearsal_bookings FROM fashionos.bookings WHERE source_table = 'event_rehearsals';
SELECT pg_temp.va(12, 2, 2, '2026-06-01 23:00Z', '2026-06-02 01:00Z', 'booked') AS freed_by_venue_change;
-- and re-booking the venue for event 3 is refused: its rehearsal would collide with event 2
SELECT pg_temp.va(10, 2, 3, '2026-06-01 18:00Z', '2026-06-01 21:00Z', 'booked') AS rebook_collides;
-- a tentative hold makes the rehearsal tentative: allowed, reported
SELECT pg_temp.va(10, 2, 3, '2026-06-01 18:00Z', '2026-06-01 21:00Z', 'tentative') AS tentative_venue;
SELECT * FROM pg_temp.ledger WHERE source_table = 'event_rehearsals';
SELECT severity, source_table, right(source_id::text, 3) AS src, other_source_table, right(other_source_id::text, 3) AS other_src, overlap_start, overlap_end
  FROM public.event_conflicts(pg_temp.id(4, 3));
-- with several venues, the rehearsal's location names the one it books
SELECT pg_temp.va(13, 3, 3, '2026-06-03 18:00Z', '2026-06-03 21:00Z', 'booked') AS second_venue;
SELECT type, res, status FROM pg_temp.ledger WHERE source_table = 'event_rehearsals';
UPDATE public.event_rehearsals SET location = '  palais ' WHERE id = pg_temp.id(8, 1);
SELECT type, res, status FROM pg_temp.ledger WHERE source_table = 'event_rehearsals';

-- 5. Time zones: Europe/Paris, DST starts 2026-03-29 (02:00 -> 03:00), ends 2026-10-25 (03:00 -> 02:00).
INSERT INTO fashionos.event_settings (event_id, time_zone) VALUES (pg_temp.id(4, 4), 'Europe/Paris'), (pg_temp.id(4, 5), 'Europe/Paris');
SELECT pg_temp.va(20, 3, 4, '2026-03-28 12:00Z', '2026-03-28 13:00Z', 'booked') AS event4_venue;
INSERT INTO public.event_rehearsals (id, event_id, date, time_slot) VALUES
    (pg_temp.id(8, 10), pg_temp.id(4, 4), '2026-03-29', '01:30-03:30'),
    (pg_temp.id(8, 11), pg_temp.id(4, 4), '2026-10-25', '01:30-03:30'),
    (pg_temp.id(8, 12), pg_temp.id(4, 4), '2026-03-28', '23:00-04:00');
SELECT src, starts, ends, ends - starts AS lasts FROM pg_temp.ledger WHERE source_table = 'event_rehearsals' AND ev = '004' ORDER BY starts;
-- the spring rehearsal is [00:30Z, 01:30Z): a booking from 01:30Z touches it, one from 01:29Z collides
-- (rehearsal 12, 23:00-04:00 local, also covers that night: move it away first)
DELETE FROM public.event_rehearsals WHERE id = pg_temp.id(8, 12);
SELECT pg_temp.va(21, 3, 5, '2026-03-29 01:30Z', '2026-03-29 02:30Z', 'booked') AS after_spring_rehearsal;
SELECT pg_temp.va(22, 3, 5, '2026-03-29 01:29Z', '2026-03-29 01:30Z', 'booked') AS into_spring_rehearsal;
-- a call time at midnight in Paris on the spring-forward day lasts 240 real minutes
INSERT INTO public.call_times (id, event_id, model_profile_id, date, time) VALUES (pg_temp.id(7, 10), pg_temp.id(4, 4), pg_temp.id(2, 2), '2026-03-29', '00:00');
SELECT starts, ends, ends - starts AS lasts FROM pg_temp.ledger WHERE source_table = 'call_times' AND src = '010';
-- changing the event's time zone moves its call times and rehearsals
UPDATE fashionos.event_settings SET time_zone = 'America/New_York' WHERE event_id = pg_temp.id(4, 4);
SELECT source_table, src, starts, ends FROM pg_temp.ledger WHERE ev = '004' AND source_table <> 'venue_availability' ORDER BY starts;
-- and so does the call length
UPDATE fashionos.event_settings SET call_time_minutes = 60 WHERE event_id = pg_temp.id(4, 4);
SELECT starts, ends FROM pg_temp.ledger WHERE source_table = 'call_times' AND src = '010';

-- 6. Who sees conflict reports: the organization of the event; the resource itself (venue owner,
-- the model); an organization whose event books the resource; service_role. Others get PT404.
-- conflicts(type, id), event_conflicts(event): '<n> conflicts' (the rows of the report the caller
-- gets), or the error (pg_temp.try)
CREATE FUNCTION pg_temp.conflicts(p_type text, p_id uuid) RETURNS text LANGUAGE sql AS $$
    SELECT regexp_replace(pg_temp.try(format('SELECT * FROM public.find_conflicts(%L, %L)', p_type, p_id)),
                          '^ok, (\d+) row\(s\)$', '\1 conflicts')
$$;
CREATE FUNCTION pg_temp.event_conflicts(p_event uuid) RETURNS text LANGUAGE sql AS $$
    SELECT regexp_replace(pg_temp.try(format('SELECT * FROM public.event_conflicts(%L)', p_event)),
                          '^ok, (\d+) row\(s\)$', '\1 conflicts')
$$;
-- user 1, organizer of Maison A (events 1, 2, 5)
BEGIN;
SELECT pg_temp.as_user(pg_temp.id(1, 1)) IS NULL AS as_user_1;
SELECT pg_temp.event_conflicts(pg_temp.id(4, 2)) AS own_event, pg_temp.event_conflicts(pg_temp.id(4, 3)) AS other_org_event,
       pg_temp.conflicts('venue', pg_temp.id(5, 1)) AS booked_venue, pg_temp.conflicts('venue', pg_temp.id(5, 3)) AS venue_of_event_5,
       pg_temp.conflicts('model', pg_temp.id(2, 2)) AS unrelated_model;
ROLLBACK;
-- user 4, Maison B (events 3, 4): Grand Hall is not booked by any of its events
BEGIN;
SELECT pg_temp.as_user(pg_temp.id(1, 4)) IS NULL AS as_user_4;
SELECT pg_temp.event_conflicts(pg_temp.id(4, 3)) AS own_event, pg_temp.event_conflicts(pg_temp.id(4, 1)) AS other_org_event,
       pg_temp.conflicts('venue', pg_temp.id(5, 1)) AS grand_hall, pg_temp.conflicts('venue', pg_temp.id(5, 2)) AS studio_nord;
ROLLBACK;
-- user 6 owns the venues; user 5 is model 1 and the designer
BEGIN;
SELECT pg_temp.as_user(pg_temp.id(1, 6)) IS NULL AS as_user_6;
SELECT pg_temp.conflicts('venue', pg_temp.id(5, 1)) AS own_venue, pg_temp.conflicts('model', pg_temp.id(2, 1)) AS someone_else;
ROLLBACK;
BEGIN;
SELECT pg_temp.as_user(pg_temp.id(1, 5)) IS NULL AS as_user_5;
SELECT pg_temp.conflicts('model', pg_temp.id(2, 1)) AS himself, pg_temp.conflicts('designer', pg_temp.id(3, 1)) AS designer_himself;
ROLLBACK;
-- service_role sees everything; anon may not call
BEGIN;
SELECT pg_temp.as_user(NULL, 'service_role') IS NULL AS as_service_role;
SELECT pg_temp.event_conflicts(pg_temp.id(4, 3)) AS any_event, pg_temp.conflicts('venue', pg_temp.id(5, 2)) AS any_venue;
ROLLBACK;
BEGIN;
SELECT pg_temp.as_user(NULL, 'anon') IS NULL AS as_anon;
SELECT pg_temp.event_conflicts(pg_temp.id(4, 3)) AS anon_event, pg_temp.conflicts('venue', pg_temp.id(5, 2)) AS anon_venue;
ROLLBACK;

-- 7. Booking through the API: organizers of the event book venues, models and designers.
INSERT INTO auth.users (id, email) VALUES (pg_temp.id(1, 7), 'viewer@test');
INSERT INTO public.users (id, email, role, organization_id) VALUES (pg_temp.id(1, 7), 'viewer@test', 'viewer', pg_temp.id(9, 1));
-- book(type, id, event, start, end [, status]): 'booked' (book_resource returned a booking), or
-- the error (pg_temp.try)
CREATE FUNCTION pg_temp.book(p_type text, p_id uuid, p_event uuid, p_start timestamptz, p_end timestamptz, p_status text DEFAULT 'booked')
    RETURNS text LANGUAGE sql AS $$
    SELECT regexp_replace(pg_temp.try(format('SELECT b FROM public.book_resource(%L, %L, %L, %L, %L, %L) AS b WHERE b IS NOT NULL',
                                             p_type, p_id, p_event, p_start, p_end, p_status)),
                          '^ok, 1 row\(s\)$', 'booked')
$$;
-- An organization books directly only what it controls (a venue owned, a talent who is, a user of
-- the organization); ranges are bounded (14 days, not wholly past). User 1 (Maison A) and the
-- venues, model 2 and the designer of users 5 and 6 (Maison B):
BEGIN;
SELECT pg_temp.as_user(pg_temp.id(1, 1)) IS NULL AS as_organizer_a;
-- row level security: an organizer may not write a venue's calendar directly
SELECT split_part(pg_temp.va(40, 2, 1, '2087-07-01 10:00Z', '2087-07-01 12:00Z', 'booked'), ' | ', 1) AS direct_insert;
SELECT pg_temp.book('venue', pg_temp.id(5, 2), pg_temp.id(4, 1), '2087-07-01 10:00Z', '2087-07-01 12:00Z') AS foreign_venue,
       pg_temp.book('model', pg_temp.id(2, 2), pg_temp.id(4, 1), '2087-07-01 09:00Z', '2087-07-01 12:00Z', 'tentative') AS foreign_model_spy;
SELECT pg_temp.try(format('SELECT public.book_resource(%L, %L, %L, %L, %L)', 'model', pg_temp.id(2, 2), pg_temp.id(4, 1),
       '2087-07-01 09:00Z', '2087-07-01 12:00Z')) AS refusal_with_hint;
SELECT pg_temp.book('model', pg_temp.id(2, 2), pg_temp.id(4, 1), '2000-01-01', '2999-01-01') AS squat_for_ever,
       pg_temp.book('model', pg_temp.id(2, 2), pg_temp.id(4, 1), '2087-07-01', '2087-07-16') AS fifteen_days,
       pg_temp.book('model', pg_temp.id(2, 2), pg_temp.id(4, 1), '2020-07-01', '2020-07-02') AS in_the_past;
ROLLBACK;
-- Maison A's booking of model 2 (made by server-side code) is hidden from Maison B
INSERT INTO public.model_availability (id, model_profile_id, event_id, date, start_time, end_time, status)
    VALUES (pg_temp.id(6, 50), pg_temp.id(2, 2), pg_temp.id(4, 1), '2087-07-02', '2087-07-02 10:00Z', '2087-07-02 12:00Z', 'booked');
-- user 4 (Maison B) books what Maison B controls for event 3
BEGIN;
SELECT pg_temp.as_user(pg_temp.id(1, 4)) IS NULL AS as_organizer_b;
-- a hold over Maison A's booking is allowed; the report shows A's booking as an anonymous busy span
SELECT pg_temp.book('model', pg_temp.id(2, 2), pg_temp.id(4, 3), '2087-07-02 11:00Z', '2087-07-02 13:00Z', 'tentative') AS hold_over_a;
SELECT severity, source_table, status, other_source_table, other_source_id, other_event_id, other_starts_at, other_ends_at, other_status
  FROM public.find_conflicts('model', pg_temp.id(2, 2), '2087-07-02', '2087-07-03');
-- a booking onto it is refused: the 409 says when the model is busy, not whose booking it is
SELECT regexp_replace(pg_temp.try(format('SELECT public.book_resource(%L, %L, %L, %L, %L)', 'model', pg_temp.id(2, 2), pg_temp.id(4, 3),
       '2087-07-02 11:30Z', '2087-07-02 12:30Z')), '[0-9a-f-]{36}', '<id>', 'g') AS refused_busy;
-- p_limit bounds the report
SELECT pg_temp.try(format('SELECT * FROM public.find_conflicts(%L, %L, p_limit => 0)', 'model', pg_temp.id(2, 2))) AS limit_zero,
       pg_temp.try(format('SELECT * FROM public.find_conflicts(%L, %L, p_limit => 10001)', 'model', pg_temp.id(2, 2))) AS limit_too_big,
       (SELECT count(*) FROM public.find_conflicts('model', pg_temp.id(2, 2), p_limit => 1)) AS limit_one;
SELECT pg_temp.book('venue', pg_temp.id(5, 2), pg_temp.id(4, 3), '2087-07-01 10:00Z', '2087-07-01 12:00Z') AS venue,
       pg_temp.book('model', pg_temp.id(2, 2), pg_temp.id(4, 3), '2087-07-01 09:00Z', '2087-07-01 12:00Z') AS model,
       pg_temp.book('designer', pg_temp.id(3, 1), pg_temp.id(4, 3), '2087-07-01 09:00Z', '2087-07-01 12:00Z', 'tentative') AS designer_hold;
SELECT pg_temp.book('venue', pg_temp.id(5, 2), pg_temp.id(4, 4), '2087-07-01 11:00Z', '2087-07-01 13:00Z') AS double_booking;
SELECT pg_temp.book('venue', pg_temp.id(5, 99), pg_temp.id(4, 4), '2087-07-01 11:00Z', '2087-07-01 13:00Z') AS unknown_venue,
       pg_temp.book('venue', pg_temp.id(5, 2), pg_temp.id(4, 4), '2087-07-01 13:00Z', '2087-07-01 11:00Z') AS reversed,
       pg_temp.book('venue', pg_temp.id(5, 2), pg_temp.id(4, 4), '2087-07-01 13:00Z', '2087-07-01 14:00Z', 'blocked') AS blocked;
-- release and book again
SELECT public.release_booking('venue', (SELECT id FROM public.venue_availability WHERE venue_id = pg_temp.id(5, 2) AND start_time = '2087-07-01 10:00Z')) IS NULL AS released;
-- the hall is free now, but a second venue for event 4 would take Palais, its only venue so far,
-- from its two rehearsals (their location names no venue): refused, naming them
SELECT pg_temp.book('venue', pg_temp.id(5, 2), pg_temp.id(4, 4), '2087-07-01 11:00Z', '2087-07-01 13:00Z') AS after_release;
-- once they name the venue they keep, the second venue is booked
UPDATE public.event_rehearsals SET location = 'Palais' WHERE event_id = pg_temp.id(4, 4);
SELECT pg_temp.book('venue', pg_temp.id(5, 2), pg_temp.id(4, 4), '2087-07-01 11:00Z', '2087-07-01 13:00Z') AS after_naming_the_hall;
RESET ROLE;
SELECT count(*) AS rehearsals_at_palais FROM fashionos.bookings b
 WHERE b.source_table = 'event_rehearsals' AND b.event_id = pg_temp.id(4, 4) AND b.resource_id = pg_temp.id(5, 3);
ROLLBACK;
BEGIN;
SELECT pg_temp.as_user(pg_temp.id(1, 7)) IS NULL AS as_viewer;
SELECT pg_temp.book('venue', pg_temp.id(5, 2), pg_temp.id(4, 1), '2087-07-01 10:00Z', '2087-07-01 12:00Z') AS viewer_books;
SELECT pg_temp.try(format('SELECT public.release_booking(%L, %L)', 'venue', pg_temp.id(6, 8))) AS viewer_releases;
ROLLBACK;
BEGIN;
SELECT pg_temp.as_user(pg_temp.id(1, 4)) IS NULL AS as_other_org;
SELECT pg_temp.book('venue', pg_temp.id(5, 2), pg_temp.id(4, 1), '2087-07-01 10:00Z', '2087-07-01 12:00Z') AS other_org_books;
SELECT pg_temp.try(format('SELECT public.release_booking(%L, %L)', 'venue', pg_temp.id(6, 8))) AS other_org_releases;
ROLLBACK;

-- 7b. Consent on the rows that book as a side effect: a call time books its model, a rehearsal the
--     venue its event books, as book_resource would. Maison A (user 1) controls neither model 1
--     nor the venues (Maison B's users): its call time or rehearsal is refused unless the model's
--     (the venue's) booking for the event covers it, as a confirmed option makes one. Maison B
--     (user 4) controls them.
BEGIN;
-- (the event's earlier call times and rehearsals, written by the tests above as the owner, go:
-- below, each refusal is about the rows written here)
DELETE FROM public.call_times WHERE event_id = pg_temp.id(4, 1);
DELETE FROM public.event_rehearsals WHERE event_id = pg_temp.id(4, 1);
INSERT INTO public.model_availability (id, model_profile_id, event_id, date, start_time, end_time, status)
VALUES (pg_temp.id(6, 90), pg_temp.id(2, 1), pg_temp.id(4, 1), '2087-08-01', '2087-08-01 10:00Z', '2087-08-01 16:00Z', 'booked');
SELECT pg_temp.va(91, 3, 1, '2087-08-01 12:00Z', '2087-08-01 18:00Z', 'booked') AS palais_agreed_12_18;
SELECT pg_temp.as_user(pg_temp.id(1, 1)) IS NULL AS as_maison_a;
SELECT pg_temp.try(format('INSERT INTO public.call_times (event_id, model_profile_id, date, time) VALUES (%L, %L, %L, %L)',
    pg_temp.id(4, 1), pg_temp.id(2, 1), '2087-08-02', '10:00')) AS call_another_day;
SELECT pg_temp.try(format('INSERT INTO public.call_times (event_id, model_profile_id, date, time) VALUES (%L, %L, %L, %L)',
    pg_temp.id(4, 1), pg_temp.id(2, 1), '2087-08-01', '14:00')) AS call_past_the_booking;
SELECT pg_temp.try(format('INSERT INTO public.call_times (id, event_id, model_profile_id, date, time) VALUES (%L, %L, %L, %L, %L)',
    pg_temp.id(7, 90), pg_temp.id(4, 1), pg_temp.id(2, 1), '2087-08-01', '11:00')) AS call_within;
SELECT pg_temp.try(format('UPDATE public.call_times SET date = %L WHERE id = %L', '2087-08-09', pg_temp.id(7, 90))) AS call_moved_out;
SELECT pg_temp.try(format('INSERT INTO public.event_rehearsals (event_id, date, time_slot, location) VALUES (%L, %L, %L, %L)',
    pg_temp.id(4, 1), '2087-08-05', '08:00-23:00', 'Palais')) AS rehearse_another_day;
SELECT pg_temp.try(format('INSERT INTO public.event_rehearsals (event_id, date, time_slot, location) VALUES (%L, %L, %L, %L)',
    pg_temp.id(4, 1), '2087-08-01', '13:00-15:00', 'Palais')) AS rehearse_within;
-- The consent is asked again whenever those bookings are computed anew: a longer call, or another
-- time zone, would move them out of what the model and the venue agreed to; releasing the model's
-- booking would leave the call time without it. Each is refused and changes nothing.
SELECT pg_temp.try(format('SELECT public.set_event_settings(%L, p_call_time_minutes => 600)', pg_temp.id(4, 1))) AS longer_call;
SELECT pg_temp.try(format('SELECT public.set_event_settings(%L, p_time_zone => %L)', pg_temp.id(4, 1), 'Asia/Tokyo')) AS other_time_zone;
SELECT pg_temp.try(format('SELECT public.release_booking(%L, %L)', 'model', pg_temp.id(6, 90))) AS release_the_cover;
RESET ROLE;
SELECT count(*) AS call_and_rehearsal_booked FROM fashionos.bookings
 WHERE source_table IN ('call_times', 'event_rehearsals') AND event_id = pg_temp.id(4, 1) AND during && '[2087-08-01 10:00Z, 2087-08-01 18:00Z)';
SELECT pg_temp.as_user(pg_temp.id(1, 4)) IS NULL AS as_maison_b;
SELECT pg_temp.try(format('INSERT INTO public.call_times (event_id, model_profile_id, date, time) VALUES (%L, %L, %L, %L)',
    pg_temp.id(4, 3), pg_temp.id(2, 1), '2087-08-03', '10:00')) AS controlled_model;
ROLLBACK;

-- 7c. 'infinity' is a timestamp value, not a missing bound: a slot written with it is refused (it
--     would book the venue for ever).
--     (Written by a client of the API; the operator's own session, a restore, loads such a row
--     written before 0.5.0 and books nothing for it: tests/drills/dump_restore.sh.)
SET ROLE service_role;
SELECT pg_temp.va(95, 1, NULL, '2088-08-01 10:00Z', 'infinity', 'blocked') AS blocked_for_ever;
SELECT pg_temp.va(96, 1, NULL, '-infinity', '2088-08-01 10:00Z', 'blocked') AS blocked_since_ever;
RESET ROLE;
-- A day holding more open slots than the cap (counted per calendar date before 0.5.0, loaded as
-- it was by a restore): its slots can still be edited while they stay on the day; a new one is
-- refused.
INSERT INTO public.venue_availability (venue_id, date, start_time, end_time, status)
SELECT pg_temp.id(5, 2), '2089-01-01', '2089-01-01 00:00Z'::timestamptz + i * interval '10 minutes',
       '2089-01-01 00:05Z'::timestamptz + i * interval '10 minutes', 'available'
  FROM generate_series(0, 59) AS i;
SET ROLE service_role;
SELECT pg_temp.try($$UPDATE public.venue_availability SET end_time = end_time + interval '4 minutes'
    WHERE venue_id = pg_temp.id(5, 2) AND start_time = '2089-01-01 00:00Z'$$) AS edit_on_full_day;
SELECT pg_temp.try($$INSERT INTO public.venue_availability (venue_id, date, start_time, end_time, status)
    VALUES (pg_temp.id(5, 2), '2089-01-01', '2089-01-01 23:00Z', '2089-01-01 23:30Z', 'available')$$) AS new_slot_on_full_day;
RESET ROLE;
DELETE FROM public.venue_availability WHERE venue_id = pg_temp.id(5, 2) AND date = '2089-01-01';

-- 8. The ledger is derived: a rebuild gives the same rows; TRUNCATE empties a source's rows.
CREATE TEMP TABLE before AS SELECT * FROM fashionos.bookings;
SELECT fashionos.rebuild_bookings() = (SELECT count(*) FROM before) AS same_count;
SELECT count(*) AS differences FROM (
    (SELECT * FROM before EXCEPT SELECT * FROM fashionos.bookings)
    UNION ALL
    (SELECT * FROM fashionos.bookings EXCEPT SELECT * FROM before)) d;
TRUNCATE public.designer_availability;
SELECT count(*) AS designer_rows FROM fashionos.bookings WHERE source_table = 'designer_availability';
-- nobody but the owner reads or writes the ledger
SET ROLE authenticated;
SELECT pg_temp.try('SELECT count(*) FROM fashionos.bookings') AS read_ledger;
SELECT pg_temp.try($$SELECT fashionos.put_booking('call_times', gen_random_uuid(), 'venue', gen_random_uuid(), tstzrange(now(), now() + interval '1 hour'), 'booked', NULL)$$) AS write_ledger;
RESET ROLE;

-- 7c. Bookings the model agreed to count together: two adjacent booked rows for the event
--     (10:00-14:00 and 14:00-20:00) cover a call from 12:00 (its booking runs to 16:00), where
--     neither row alone does; a call from 17:00 (to 21:00) still needs more consent.
BEGIN;
DELETE FROM public.call_times WHERE event_id = pg_temp.id(4, 1);
INSERT INTO public.model_availability (id, model_profile_id, event_id, date, start_time, end_time, status) VALUES
    (pg_temp.id(6, 95), pg_temp.id(2, 1), pg_temp.id(4, 1), '2087-08-03', '2087-08-03 10:00Z', '2087-08-03 14:00Z', 'booked'),
    (pg_temp.id(6, 96), pg_temp.id(2, 1), pg_temp.id(4, 1), '2087-08-03', '2087-08-03 14:00Z', '2087-08-03 20:00Z', 'booked');
SELECT pg_temp.as_user(pg_temp.id(1, 1)) IS NULL AS as_maison_a;
SELECT pg_temp.try(format('INSERT INTO public.call_times (event_id, model_profile_id, date, time) VALUES (%L, %L, %L, %L)',
    pg_temp.id(4, 1), pg_temp.id(2, 1), '2087-08-03', '12:00')) AS call_across_two_bookings;
SELECT pg_temp.try(format('INSERT INTO public.call_times (event_id, model_profile_id, date, time) VALUES (%L, %L, %L, %L)',
    pg_temp.id(4, 1), pg_temp.id(2, 1), '2087-08-03', '17:00')) AS call_past_both;
ROLLBACK;

-- 7d. A rehearsal's location names its venue as people read it: an accent typed as a combining
--     mark, a no-break space, full-width letters or a zero-width space still book the venue the
--     event books under that name ("Palais" and "Salle Étoile" here, both booked for the event).
BEGIN;
DELETE FROM public.event_rehearsals WHERE event_id = pg_temp.id(4, 1);
UPDATE public.venues SET name = 'Salle Étoile' WHERE id = pg_temp.id(5, 3);
SELECT pg_temp.va(97, 3, 1, '2087-08-06 08:00Z', '2087-08-06 20:00Z', 'booked') AS etoile_booked,
       pg_temp.va(98, 2, 1, '2087-08-06 08:00Z', '2087-08-06 20:00Z', 'booked') AS other_booked;
INSERT INTO public.event_rehearsals (id, event_id, date, time_slot, location)
SELECT pg_temp.id(8, 90 + n::int), pg_temp.id(4, 1), '2087-08-06', format('%s:00-%s:30', 8 + n, 8 + n), l
  FROM unnest(ARRAY[E'Salle E\u0301toile', E'Salle\u00A0Étoile', 'ＳＡＬＬＥ étoile', E'Sal\u200Ble  Étoile', 'Salle Etoile'])
       WITH ORDINALITY AS x(l, n);
SELECT x.n, b.resource_id = pg_temp.id(5, 3) AS books_etoile
  FROM generate_series(1, 5) AS x(n)
  LEFT JOIN fashionos.bookings b ON b.source_table = 'event_rehearsals' AND b.source_id = pg_temp.id(8, 90 + x.n)
 ORDER BY x.n;
ROLLBACK;

-- 7e. The date of an event's booking is the day it starts in the event's time zone, and follows
--     the zone: 23:00 UTC on the 5th is the 6th in Tokyo, and the 5th again in UTC.
BEGIN;
DELETE FROM public.call_times WHERE event_id = pg_temp.id(4, 3);
DELETE FROM public.event_rehearsals WHERE event_id = pg_temp.id(4, 3);
SELECT pg_temp.book('venue', pg_temp.id(5, 2), pg_temp.id(4, 3), '2087-09-05 23:00Z', '2087-09-06 02:00Z') AS late_booking;
SELECT date FROM public.venue_availability WHERE event_id = pg_temp.id(4, 3) AND start_time = '2087-09-05 23:00Z';
SELECT time_zone FROM public.set_event_settings(pg_temp.id(4, 3), p_time_zone => 'Asia/Tokyo');
SELECT date FROM public.venue_availability WHERE event_id = pg_temp.id(4, 3) AND start_time = '2087-09-05 23:00Z';
SELECT time_zone FROM public.set_event_settings(pg_temp.id(4, 3), p_time_zone => 'UTC');
SELECT date FROM public.venue_availability WHERE event_id = pg_temp.id(4, 3) AND start_time = '2087-09-05 23:00Z';
ROLLBACK;

-- 7f. Names that read alike: the venue written as the location wins ("Salle Étoile" against
--     "SALLE  ÉTOILE", both booked); a location written as neither, with both reading as it, is
--     refused (PT409) rather than booking nothing.
BEGIN;
DELETE FROM public.event_rehearsals WHERE event_id = pg_temp.id(4, 1);
UPDATE public.venues SET name = 'Salle Étoile' WHERE id = pg_temp.id(5, 3);
UPDATE public.venues SET name = 'SALLE  ÉTOILE' WHERE id = pg_temp.id(5, 2);
SELECT pg_temp.va(97, 3, 1, '2087-08-07 08:00Z', '2087-08-07 20:00Z', 'booked') AS etoile_booked,
       pg_temp.va(98, 2, 1, '2087-08-07 08:00Z', '2087-08-07 20:00Z', 'booked') AS look_alike_booked;
INSERT INTO public.event_rehearsals (id, event_id, date, time_slot, location)
VALUES (pg_temp.id(8, 99), pg_temp.id(4, 1), '2087-08-07', '09:00-10:00', 'salle étoile');
SELECT resource_id = pg_temp.id(5, 3) AS books_the_exact_one FROM fashionos.bookings
 WHERE source_table = 'event_rehearsals' AND source_id = pg_temp.id(8, 99);
SELECT pg_temp.try(format('INSERT INTO public.event_rehearsals (event_id, date, time_slot, location) VALUES (%L, %L, %L, %L)',
    pg_temp.id(4, 1), '2087-08-07', '11:00-12:00', E'Salle E\u0301toile')) AS reads_as_both;
ROLLBACK;

-- A slot that lies inside the hour the clocks skip in spring does not last any time: the refusal
-- says so, and does not send the writer to the format.
SELECT pg_temp.try($$SELECT fashionos.time_slot_range('2087-03-30', '02:30-03:00', 'Europe/Paris')$$) AS inside_the_skipped_hour;
SELECT fashionos.time_slot_range('2087-03-30', '01:30-03:30', 'Europe/Paris') AS across_it;

-- 9. A cancelled show books nothing new (as an option of it is refused): a venue row, a call time
--    or a rehearsal written for it is refused (PT409), also for server-side code; its booking made
--    before the cancellation is released or deleted as before; the operator's own session (a
--    restore) loads rows as they are.
BEGIN;
SELECT pg_temp.act('service_role', NULL);
SELECT pg_temp.va(120, 3, 2, '2087-10-01 10:00Z', '2087-10-01 20:00Z', 'booked') AS booked_before;
UPDATE public.events SET status = 'cancelled' WHERE id = pg_temp.id(4, 2);
SELECT pg_temp.va(121, 3, 2, '2087-10-02 10:00Z', '2087-10-02 20:00Z', 'booked') AS venue_after;
SELECT pg_temp.va(122, 3, 2, '2087-10-02 10:00Z', '2087-10-02 20:00Z', 'tentative') AS tentative_after;
SELECT pg_temp.try(format('INSERT INTO public.call_times (id, event_id, model_profile_id, date, time) VALUES (%L, %L, %L, %L, %L)',
    pg_temp.id(7, 120), pg_temp.id(4, 2), pg_temp.id(2, 1), '2087-10-01', '14:00')) AS call_time_after;
SELECT pg_temp.try(format('INSERT INTO public.event_rehearsals (id, event_id, date, time_slot, location) VALUES (%L, %L, %L, %L, %L)',
    pg_temp.id(8, 120), pg_temp.id(4, 2), '2087-10-01', '15:00-16:00', 'Palais')) AS rehearsal_after;
-- a rehearsal that books no venue (its location names none of the event's venues) is a note: kept
SELECT pg_temp.try(format('INSERT INTO public.event_rehearsals (id, event_id, date, time_slot, location) VALUES (%L, %L, %L, %L, %L)',
    pg_temp.id(8, 121), pg_temp.id(4, 2), '2087-10-01', '15:00-16:00', 'Backstage tent')) AS rehearsal_booking_nothing;
SELECT pg_temp.try(format('UPDATE public.venue_availability SET end_time = %L WHERE id = %L',
    '2087-10-01 23:00Z', pg_temp.id(6, 120))) AS longer_after;
SELECT pg_temp.try(format('UPDATE public.venue_availability SET status = %L WHERE id = %L', 'available', pg_temp.id(6, 120))) AS released;
SELECT pg_temp.try(format('DELETE FROM public.venue_availability WHERE id = %L', pg_temp.id(6, 120))) AS deleted;
RESET ROLE;
SELECT count(*) AS its_booking_left FROM fashionos.bookings WHERE source_id = pg_temp.id(6, 120);
SELECT pg_temp.va(123, 3, 2, '2087-10-03 10:00Z', '2087-10-03 20:00Z', 'booked') AS restored_by_the_operator;
ROLLBACK;

-- 9b. A cancelled show frees everyone it booked, and gains nothing: while it is cancelled, a
--     booking computed again (a venue released, a model's booking released) is kept only as it
--     was and while still agreed to, and otherwise books nothing; releasing what its call times
--     and rehearsals rely on is not refused. When it comes back, they book again as written, or
--     the change of status is refused naming the row that cannot. Show A6 of Maison A (user 1)
--     books Palais and Grand Hall and model 2,1 (all of Maison B's people) for its day.
BEGIN;
INSERT INTO public.events (id, name, start_date, organization_id, created_by)
    VALUES (pg_temp.id(4, 6), 'Show A6', '2087-11-01 18:00+00', pg_temp.id(9, 1), pg_temp.id(1, 1));
INSERT INTO public.model_availability (id, model_profile_id, event_id, date, start_time, end_time, status)
    VALUES (pg_temp.id(6, 130), pg_temp.id(2, 1), pg_temp.id(4, 6), '2087-11-01', '2087-11-01 08:00Z', '2087-11-01 20:00Z', 'booked');
SELECT pg_temp.va(131, 3, 6, '2087-11-01 08:00Z', '2087-11-01 20:00Z', 'booked') AS palais,
       pg_temp.va(132, 1, 6, '2087-11-01 08:00Z', '2087-11-01 20:00Z', 'booked') AS grand_hall;
INSERT INTO public.call_times (id, event_id, model_profile_id, date, time)
    VALUES (pg_temp.id(7, 130), pg_temp.id(4, 6), pg_temp.id(2, 1), '2087-11-01', '10:00');
INSERT INTO public.event_rehearsals (id, event_id, date, time_slot, location) VALUES
    (pg_temp.id(8, 130), pg_temp.id(4, 6), '2087-11-01', '09:00-10:00', 'Palais'),
    (pg_temp.id(8, 131), pg_temp.id(4, 6), '2087-11-01', '12:00-13:00', 'Studio Nord');  -- names neither: books nothing
SELECT source_table, src, type, res, starts, ends FROM pg_temp.ledger WHERE ev = '006' ORDER BY source_table, src;
SELECT pg_temp.as_user(pg_temp.id(1, 1)) IS NULL AS as_organizer_a;
UPDATE public.events SET status = 'cancelled' WHERE id = pg_temp.id(4, 6);
-- Grand Hall released: the rehearsal at "Studio Nord" would now book Palais, the only venue left,
-- a booking the cancelled show never held; it books nothing
SELECT pg_temp.try(format('SELECT public.release_booking(%L, %L)', 'venue', pg_temp.id(6, 132))) AS release_grand_hall;
-- the model's booking released while her call time relies on it (refused for a show that is on)
SELECT pg_temp.try(format('SELECT public.release_booking(%L, %L)', 'model', pg_temp.id(6, 130))) AS release_the_model;
RESET ROLE;
SELECT source_table, src, type, res, starts, ends FROM pg_temp.ledger WHERE ev = '006' ORDER BY source_table, src;
-- back on: the call time cannot book the model again (her booking for the show is gone)
SELECT pg_temp.as_user(pg_temp.id(1, 1)) IS NULL AS as_organizer_a;
SELECT pg_temp.try(format('UPDATE public.events SET status = %L WHERE id = %L', 'active', pg_temp.id(4, 6))) AS back_on;
RESET ROLE;
DELETE FROM public.call_times WHERE id = pg_temp.id(7, 130);  -- an admin deletes it
SELECT pg_temp.as_user(pg_temp.id(1, 1)) IS NULL AS as_organizer_a;
SELECT pg_temp.try(format('UPDATE public.events SET status = %L WHERE id = %L', 'active', pg_temp.id(4, 6))) AS back_on;
RESET ROLE;
-- both rehearsals book Palais again, as written (the only venue, within its booking for the show)
SELECT source_table, src, type, res, starts, ends FROM pg_temp.ledger WHERE ev = '006' ORDER BY source_table, src;
ROLLBACK;

-- 9c. A rehearsal that gave up its hall while the show was cancelled: the hall released, then
--     booked by another organization's event. The show does not come back as if nothing had
--     happened (its rehearsal would book nothing); written again, the rehearsal no longer binds it.
BEGIN;
INSERT INTO public.events (id, name, start_date, organization_id, created_by)
    VALUES (pg_temp.id(4, 7), 'Show A7', '2087-12-01 18:00+00', pg_temp.id(9, 1), pg_temp.id(1, 1));
SELECT pg_temp.va(141, 3, 7, '2087-12-01 08:00Z', '2087-12-01 20:00Z', 'booked') AS palais;
INSERT INTO public.event_rehearsals (id, event_id, date, time_slot, location)
    VALUES (pg_temp.id(8, 140), pg_temp.id(4, 7), '2087-12-01', '09:00-10:00', 'Palais');
SELECT pg_temp.as_user(pg_temp.id(1, 1)) IS NULL AS as_organizer_a;
UPDATE public.events SET status = 'cancelled' WHERE id = pg_temp.id(4, 7);
SELECT pg_temp.try(format('SELECT public.release_booking(%L, %L)', 'venue', pg_temp.id(6, 141))) AS release_palais;
RESET ROLE;
SELECT pg_temp.va(142, 3, 3, '2087-12-01 08:00Z', '2087-12-01 12:00Z', 'booked') AS rival_takes_palais;
SELECT pg_temp.as_user(pg_temp.id(1, 1)) IS NULL AS as_organizer_a;
SELECT pg_temp.try(format('UPDATE public.events SET status = %L WHERE id = %L', 'active', pg_temp.id(4, 7))) AS back_on;
-- the organizer writes the rehearsal again (it books nothing while no venue is booked)
SELECT pg_temp.try(format('UPDATE public.event_rehearsals SET time_slot = %L WHERE id = %L', '10:00-11:00', pg_temp.id(8, 140))) AS rewritten;
SELECT pg_temp.try(format('UPDATE public.events SET status = %L WHERE id = %L', 'active', pg_temp.id(4, 7))) AS back_on;
RESET ROLE;
SELECT count(*) AS set_aside_left FROM fashionos.bookings_set_aside WHERE event_id = pg_temp.id(4, 7);
SELECT source_table, src, res FROM pg_temp.ledger WHERE ev IN ('007', '003') AND starts >= '2087-12-01' AND starts < '2087-12-02' ORDER BY source_table, src;
ROLLBACK;

-- 9d. Renaming another venue the event books to a name closer to a rehearsal's location would
--     move the rehearsal to it and free its hall without a word: refused as any change that
--     takes a rehearsal's venue (the owner renaming is not of the event's organization).
BEGIN;
INSERT INTO public.events (id, name, start_date, organization_id, created_by)
    VALUES (pg_temp.id(4, 8), 'Show A8', '2088-01-10 18:00+00', pg_temp.id(9, 1), pg_temp.id(1, 1));
SELECT pg_temp.va(151, 1, 8, '2088-01-10 08:00Z', '2088-01-10 20:00Z', 'booked') AS grand_hall,
       pg_temp.va(152, 2, 8, '2088-01-10 08:00Z', '2088-01-10 20:00Z', 'booked') AS studio_nord;
INSERT INTO public.event_rehearsals (id, event_id, date, time_slot, location)
    VALUES (pg_temp.id(8, 150), pg_temp.id(4, 8), '2088-01-10', '09:00-10:00', 'Grand  Hall');
SELECT res AS rehearsal_books FROM pg_temp.ledger WHERE source_table = 'event_rehearsals' AND src = '150';
SELECT pg_temp.as_user(pg_temp.id(1, 6)) IS NULL AS as_venue_owner;
SELECT pg_temp.try(format('UPDATE public.venues SET name = %L WHERE id = %L', 'Grand  Hall', pg_temp.id(5, 2))) AS rename_the_other_venue;
RESET ROLE;
SELECT res AS rehearsal_still_books FROM pg_temp.ledger WHERE source_table = 'event_rehearsals' AND src = '150';
ROLLBACK;
