-- options: ranked by request order, expiring, confirmed or declined only by the talent, the venue
-- owner or server-side code; only a 1st option is confirmed and becomes a booking; lower options
-- move up when a higher one is declined, released or expires. Also: deleting a profile with other
-- organizations' plans is refused, and a user's open slots per day are bounded.
\i common/basic_setup.sql
SET timezone = 'UTC';
-- pg_temp.id(kind, n): 1 users, 2 model profiles, 4 events, 5 venues, 9 organizations.
-- user 1 organizer of Maison A, 3 of Maison B, 4 of Maison C; 5 the model, 6 the venue owner (an agency)
INSERT INTO public.organizations (id, name, slug) VALUES
    (pg_temp.id(9, 1), 'Maison A', 'a'), (pg_temp.id(9, 2), 'Maison B', 'b'), (pg_temp.id(9, 3), 'Maison C', 'c'),
    (pg_temp.id(9, 4), 'Agency', 'agency');
INSERT INTO auth.users (id, email) SELECT pg_temp.id(1, n), format('u%s@test', n) FROM generate_series(1, 6) n;
INSERT INTO public.users (id, email, role, organization_id) VALUES
    (pg_temp.id(1, 1), 'u1@test', 'organizer', pg_temp.id(9, 1)),
    (pg_temp.id(1, 3), 'u3@test', 'organizer', pg_temp.id(9, 2)),
    (pg_temp.id(1, 4), 'u4@test', 'organizer', pg_temp.id(9, 3)),
    (pg_temp.id(1, 5), 'u5@test', 'viewer', pg_temp.id(9, 4)),
    (pg_temp.id(1, 6), 'u6@test', 'viewer', pg_temp.id(9, 4));
INSERT INTO public.events (id, name, start_date, organization_id, created_by) VALUES
    (pg_temp.id(4, 1), 'A show', '2087-03-01 18:00+00', pg_temp.id(9, 1), pg_temp.id(1, 1)),
    (pg_temp.id(4, 2), 'B show', '2087-03-01 18:00+00', pg_temp.id(9, 2), pg_temp.id(1, 3)),
    (pg_temp.id(4, 3), 'C show', '2087-03-01 18:00+00', pg_temp.id(9, 3), pg_temp.id(1, 4));
INSERT INTO public.model_profiles (id, user_id) VALUES (pg_temp.id(2, 1), pg_temp.id(1, 5));
INSERT INTO public.venues (id, owner_id, name) VALUES (pg_temp.id(5, 1), pg_temp.id(1, 6), 'Hall');

-- request(user, event, start, end [, expires]): the option's rank, or the error
CREATE FUNCTION pg_temp.request(p_user int, p_event int, p_start timestamptz, p_end timestamptz,
                                p_expires timestamptz DEFAULT NULL, p_type text DEFAULT 'model')
    RETURNS text LANGUAGE plpgsql AS $$
DECLARE v public.booking_option;
BEGIN
    PERFORM pg_temp.as_user(pg_temp.id(1, p_user));
    SELECT * INTO v FROM public.request_option(p_type, CASE WHEN p_type = 'model' THEN pg_temp.id(2, 1) ELSE pg_temp.id(5, 1) END,
                                               pg_temp.id(4, p_event), p_start, p_end, p_expires);
    PERFORM set_config('role', 'none', true);
    RETURN 'rank ' || v.rank;
EXCEPTION WHEN OTHERS THEN
    PERFORM set_config('role', 'none', true);
    RETURN SQLSTATE || ': ' || SQLERRM;
END
$$;
-- decide(user or NULL for service_role, function, event n [, first]): on the latest (or first) option
-- of event n; its status and rank, or the error
CREATE FUNCTION pg_temp.decide(p_user int, p_fn text, p_event int, p_first boolean DEFAULT false) RETURNS text LANGUAGE plpgsql AS $$
DECLARE v public.booking_option; v_id uuid;
BEGIN
    SELECT o.id INTO v_id FROM fashionos.options o WHERE o.event_id = pg_temp.id(4, p_event)
     ORDER BY CASE WHEN p_first THEN o.seq ELSE -o.seq END LIMIT 1;
    IF p_user IS NULL THEN PERFORM pg_temp.as_user(NULL, 'service_role'); ELSE PERFORM pg_temp.as_user(pg_temp.id(1, p_user)); END IF;
    EXECUTE format('SELECT * FROM public.%I($1)', p_fn) INTO v USING v_id;
    PERFORM set_config('role', 'none', true);
    RETURN v.status || coalesce(' rank ' || v.rank, '') || CASE WHEN v.booking_id IS NOT NULL THEN ' booked' ELSE '' END;
EXCEPTION WHEN OTHERS THEN
    PERFORM set_config('role', 'none', true);
    RETURN SQLSTATE || ': ' || SQLERRM;
END
$$;
-- the options as the ledger of record holds them
CREATE VIEW pg_temp.ranks AS
    SELECT right(o.event_id::text, 1) AS ev, o.status, fashionos.option_rank(o) AS rank, o.requested_rank,
           o.promoted_at IS NOT NULL AS promoted, o.booking_id IS NOT NULL AS booked
      FROM fashionos.options o ORDER BY o.seq;

-- 1. Ranks in request order on overlapping ranges; a range apart is 1st on its own.
SELECT pg_temp.request(1, 1, '2087-03-01 09:00Z', '2087-03-01 18:00Z') AS a_first,
       pg_temp.request(3, 2, '2087-03-01 12:00Z', '2087-03-01 20:00Z') AS b_second,
       pg_temp.request(4, 3, '2087-03-01 17:00Z', '2087-03-01 21:00Z') AS c_third,
       pg_temp.request(4, 3, '2087-03-05 09:00Z', '2087-03-05 18:00Z') AS c_other_day;
-- the same event twice on overlapping ranges, bad ranges, a foreign event
SELECT pg_temp.request(1, 1, '2087-03-01 10:00Z', '2087-03-01 11:00Z') AS twice,
       pg_temp.request(1, 1, '2087-03-01', '2087-04-01') AS too_long,
       pg_temp.request(1, 1, '2020-03-01', '2020-03-02') AS past,
       pg_temp.request(1, 1, '2087-03-02', '2087-03-03', now() - interval '1 hour') AS expiry_past,
       pg_temp.request(1, 2, '2087-03-02', '2087-03-03') AS foreign_event;
-- 14 days are counted on the event's calendar: midnight to midnight across the autumn change of
-- the clocks (14 days and an hour of real time) is 14 days; an hour more is not.
BEGIN;
INSERT INTO fashionos.event_settings (event_id, time_zone) VALUES (pg_temp.id(4, 1), 'Europe/Paris');
SELECT pg_temp.request(1, 1, '2087-10-20 00:00+02', '2087-11-03 00:00+01') AS fourteen_days_across_the_change,
       pg_temp.request(1, 1, '2087-11-10 00:00+01', '2087-11-24 01:00+01') AS fourteen_days_and_an_hour;
ROLLBACK;
-- 2. Who sees what: each organization its own options with their rank; the talent all.
BEGIN;
SELECT pg_temp.as_user(pg_temp.id(1, 3)) IS NULL AS as_b;
SELECT right(event_id::text, 1) AS ev, status, rank, requested_rank FROM public.list_options() ORDER BY requested_at;
ROLLBACK;
BEGIN;
SELECT pg_temp.as_user(pg_temp.id(1, 5)) IS NULL AS as_model;
SELECT right(event_id::text, 1) AS ev, status, rank FROM public.list_options('model', pg_temp.id(2, 1)) ORDER BY starts_at, rank;
ROLLBACK;
-- 3. Consent: a foreign organizer cannot confirm or decline, nor even see B's option; the
-- requester cannot confirm its own; only the 1st option can be confirmed.
SELECT pg_temp.decide(3, 'confirm_option', 1) AS foreign_confirms, pg_temp.decide(1, 'confirm_option', 1) AS requester_confirms,
       pg_temp.decide(1, 'decline_option', 2) AS foreign_declines, pg_temp.decide(1, 'release_option', 2) AS foreign_releases,
       pg_temp.decide(5, 'confirm_option', 2) AS second_confirmed;
-- 4. The model declines A's 1st option: B moves up (once), C to 2nd.
SELECT pg_temp.decide(5, 'decline_option', 1) AS model_declines_a;
SELECT * FROM pg_temp.ranks;
-- 5. B's option expires: C moves up at once (ranks are computed), and the next writer records the
-- expiry and the promotion. The model confirms C's other day (1st on its own), then service_role
-- (an agency's back office) confirms C's 1st option.
UPDATE fashionos.options SET expires_at = now() - interval '1 second' WHERE event_id = pg_temp.id(4, 2);
SELECT * FROM pg_temp.ranks;
SELECT pg_temp.decide(5, 'confirm_option', 3) AS model_confirms_c_other_day;
SELECT pg_temp.decide(5, 'confirm_option', 3) AS confirmed_again_same_answer;
SELECT * FROM pg_temp.ranks;
SELECT pg_temp.decide(NULL, 'confirm_option', 3, true) AS service_role_confirms_c;
SELECT * FROM pg_temp.ranks;
SELECT source_table, status, lower(during) AS starts, upper(during) AS ends FROM fashionos.bookings ORDER BY starts;
-- 6. A new option behind the confirmed one ranks 2nd; C releases its confirmed option: the booking
-- is freed and A's option is 1st.
SELECT pg_temp.request(1, 1, '2087-03-01 20:00Z', '2087-03-01 22:00Z') AS a_again;
SELECT pg_temp.decide(4, 'release_option', 3, true) AS c_releases;
SELECT pg_temp.decide(1, 'release_option', 1, true) AS a_releases_declined;
SELECT * FROM pg_temp.ranks;
SELECT source_table, status, lower(during) AS starts, upper(during) AS ends FROM fashionos.bookings ORDER BY starts;
-- 7. Venues: the owner confirms.
SELECT pg_temp.request(1, 1, '2087-04-01 09:00Z', '2087-04-01 18:00Z', NULL, 'venue') AS a_venue;
SELECT pg_temp.decide(6, 'confirm_option', 1) AS owner_confirms_venue;
-- 7b. A venue's consent to a rehearsal is judged for the event's organization, whoever's change
--     recomputes it: Maison C writes a rehearsal while its event books no venue (it books
--     nothing), then the owner confirms C's option of two hours on another day. The rehearsal
--     would then book the hall for a day nobody agreed to: the confirmation is refused (42501)
--     and changes nothing.
BEGIN;
SELECT pg_temp.as_user(pg_temp.id(1, 4)) IS NULL AS as_maison_c;
INSERT INTO public.event_rehearsals (event_id, date, time_slot) VALUES (pg_temp.id(4, 3), '2087-05-12', '10:00-18:00');
SELECT pg_temp.request(4, 3, '2087-05-10 10:00Z', '2087-05-10 12:00Z', NULL, 'venue') AS c_venue;
SELECT pg_temp.decide(6, 'confirm_option', 3) AS owner_confirms_c;
RESET ROLE;
SELECT source_table, resource_type FROM fashionos.bookings WHERE event_id = pg_temp.id(4, 3) ORDER BY 1, 2;
ROLLBACK;
-- 8. Deleting a profile with other organizations' future bookings is refused (PT409); the venue
-- owner deletes a venue once its plans are released.
BEGIN;
SELECT pg_temp.as_user(pg_temp.id(1, 6)) IS NULL AS as_owner;
SELECT pg_temp.try(format('DELETE FROM public.venues WHERE id = %L', pg_temp.id(5, 1))) AS delete_venue;
ROLLBACK;
BEGIN;
SELECT pg_temp.as_user(pg_temp.id(1, 5)) IS NULL AS as_model;
SELECT pg_temp.try(format('DELETE FROM public.model_profiles WHERE id = %L', pg_temp.id(2, 1))) AS delete_model;
ROLLBACK;
-- cast by another organization in a coming show, and with its open options, but no booking:
-- nobody asked the model about either (a casting needs no consent, an option is a request), so
-- neither keeps her: the profile goes, and its casting and options with it. Otherwise anybody
-- could keep a model from leaving by casting her in an event years ahead.
BEGIN;
DELETE FROM public.model_availability;
INSERT INTO public.event_models (event_id, model_profile_id, walk_order) VALUES (pg_temp.id(4, 1), pg_temp.id(2, 1), 1);
SELECT count(*) AS open_options_of_others FROM fashionos.options o
 WHERE o.resource_id = pg_temp.id(2, 1) AND o.status = 'open' AND fashionos.option_is_live(o);
SELECT pg_temp.as_user(pg_temp.id(1, 5)) IS NULL AS as_model;
SELECT pg_temp.try(format('DELETE FROM public.model_profiles WHERE id = %L', pg_temp.id(2, 1))) AS delete_cast_model;
RESET ROLE;
SELECT (SELECT count(*) FROM public.event_models WHERE model_profile_id = pg_temp.id(2, 1)) AS castings_left,
       (SELECT count(*) FROM fashionos.options WHERE resource_id = pg_temp.id(2, 1)) AS options_left;
ROLLBACK;
DELETE FROM public.venue_availability;
DELETE FROM fashionos.options WHERE resource_type = 'venue';
BEGIN;
SELECT pg_temp.as_user(pg_temp.id(1, 6)) IS NULL AS as_owner;
SELECT pg_temp.try(format('DELETE FROM public.venues WHERE id = %L', pg_temp.id(5, 1))) AS delete_free_venue;
SELECT count(*) AS venues_left FROM public.venues;
ROLLBACK;
-- 8b. An option whose range ended before anyone confirmed it is not confirmed (a booking in the
--     past, which book_resource refuses too): PT409; it can still be declined.
BEGIN;
SELECT pg_temp.request(1, 1, '2087-09-01 09:00Z', '2087-09-01 18:00Z') AS a_september;
UPDATE fashionos.options SET during = tstzrange(now() - interval '3 hours', now() - interval '1 hour')
 WHERE event_id = pg_temp.id(4, 1) AND lower(during) = '2087-09-01 09:00Z';
SELECT pg_temp.decide(5, 'confirm_option', 1) AS confirm_after_the_range;
SELECT pg_temp.decide(5, 'decline_option', 1) AS decline_after_the_range;
ROLLBACK;
-- 8c. A cancelled event's options: none is requested or confirmed for it (PT409); its open options
--     stand in nobody's way (rank null; the option behind moves up) and stand in line again, in
--     request order, when the event comes back. Declining an option that holds nothing any more
--     needs nothing (its hint says so).
BEGIN;
SELECT pg_temp.request(1, 1, '2087-10-01 09:00Z', '2087-10-01 18:00Z') AS a_october,
       pg_temp.request(3, 2, '2087-10-01 12:00Z', '2087-10-01 20:00Z') AS b_october;
UPDATE public.events SET status = 'cancelled' WHERE id = pg_temp.id(4, 1);
SELECT pg_temp.request(1, 1, '2087-10-02 09:00Z', '2087-10-02 18:00Z') AS request_for_cancelled;
SELECT right(o.event_id::text, 1) AS ev, o.status, fashionos.option_rank(o) AS rank
  FROM fashionos.options o WHERE lower(o.during) >= '2087-10-01' ORDER BY o.seq;
SELECT pg_temp.decide(5, 'confirm_option', 1) AS confirm_for_cancelled;
-- meanwhile the model confirms B's option, 1st now; A's event comes back behind that booking
SELECT pg_temp.decide(5, 'confirm_option', 2) AS b_confirmed_meanwhile;
UPDATE public.events SET status = 'active' WHERE id = pg_temp.id(4, 1);
SELECT right(o.event_id::text, 1) AS ev, o.status, fashionos.option_rank(o) AS rank
  FROM fashionos.options o WHERE lower(o.during) >= '2087-10-01' ORDER BY o.seq;
-- B's booking moved ten days on: it no longer stands on the range, and A's option is 1st again
UPDATE public.model_availability SET start_time = start_time + interval '10 days', end_time = end_time + interval '10 days',
       date = date + 10
 WHERE id = (SELECT booking_id FROM fashionos.options WHERE event_id = pg_temp.id(4, 2) AND lower(during) = '2087-10-01 12:00Z');
SELECT right(o.event_id::text, 1) AS ev, o.status, fashionos.option_rank(o) AS rank
  FROM fashionos.options o WHERE lower(o.during) >= '2087-10-01' ORDER BY o.seq;
UPDATE fashionos.options SET expires_at = now() - interval '1 second'
 WHERE event_id = pg_temp.id(4, 1) AND lower(during) = '2087-10-01 09:00Z';
SELECT id AS expired_option FROM fashionos.options WHERE event_id = pg_temp.id(4, 1) AND lower(during) = '2087-10-01 09:00Z' \gset
SELECT pg_temp.as_user(pg_temp.id(1, 5)) IS NULL AS as_model;
SELECT pg_temp.try(format('SELECT status FROM public.decline_option(%L)', :'expired_option')) AS decline_expired;
ROLLBACK;
-- 8d. A rehearsal does not lose its hall without a word: A's confirmed option on the hall holds A's
--     rehearsal, and releasing it is refused until the rehearsal moves; then it goes.
BEGIN;
SELECT pg_temp.request(1, 1, '2087-11-02 12:00Z', '2087-11-02 22:00Z', NULL, 'venue') AS a_hall;
SELECT pg_temp.decide(6, 'confirm_option', 1) AS owner_confirms;
INSERT INTO public.event_rehearsals (id, event_id, date, time_slot) VALUES (pg_temp.id(7, 1), pg_temp.id(4, 1), '2087-11-02', '14:00-16:00');
SELECT resource_type, lower(during) FROM fashionos.bookings WHERE source_id = pg_temp.id(7, 1);
SELECT pg_temp.decide(1, 'release_option', 1) AS release_under_the_rehearsal;
-- with a second hall booked, the rehearsal names the first: releasing the first would give it the
-- second (the only venue left), and renaming the first would leave it none: both refused
INSERT INTO public.venues (id, owner_id, name) VALUES (pg_temp.id(5, 2), pg_temp.id(1, 6), 'Annex');
INSERT INTO public.venue_availability (venue_id, event_id, date, start_time, end_time, status)
VALUES (pg_temp.id(5, 2), pg_temp.id(4, 1), '2087-11-02', '2087-11-02 08:00Z', '2087-11-02 23:00Z', 'booked');
UPDATE public.event_rehearsals SET location = 'Hall' WHERE id = pg_temp.id(7, 1);
SELECT resource_id = pg_temp.id(5, 1) AS books_the_hall FROM fashionos.bookings WHERE source_id = pg_temp.id(7, 1);
SELECT pg_temp.decide(1, 'release_option', 1) AS release_with_another_hall;
SELECT pg_temp.as_user(pg_temp.id(1, 6)) IS NULL AS as_owner;
SELECT pg_temp.try(format('UPDATE public.venues SET name = %L WHERE id = %L', 'Grand Hall', pg_temp.id(5, 1))) AS rename_the_hall;
RESET ROLE;
DELETE FROM public.event_rehearsals WHERE id = pg_temp.id(7, 1);
SELECT pg_temp.decide(1, 'release_option', 1) AS release_once_it_moved;
ROLLBACK;
-- 8e. A booking made without an option (here C's, written directly) does not rank, but holds the
--     time: A's option over it is 1st and busy, and its confirmation collides.
BEGIN;
INSERT INTO public.model_availability (model_profile_id, event_id, date, start_time, end_time, status)
VALUES (pg_temp.id(2, 1), pg_temp.id(4, 3), '2087-12-01', '2087-12-01 09:00Z', '2087-12-01 12:00Z', 'booked');
SELECT pg_temp.request(1, 1, '2087-12-02 08:00Z', '2087-12-02 18:00Z') AS a_free_day;
SELECT pg_temp.request(1, 1, '2087-12-01 08:00Z', '2087-12-01 18:00Z') AS over_a_direct_booking;
SELECT lower(o.during), (fashionos.option_row(o)).rank, (fashionos.option_row(o)).busy
  FROM fashionos.options o WHERE lower(o.during) >= '2087-12-01' ORDER BY 1;
SELECT pg_temp.decide(5, 'confirm_option', 1) AS confirm_over_it;
ROLLBACK;
-- 8f. A confirmed option whose booking was released stays released: Maison A frees its booking of
--     the hall, then writes a calendar row of a venue of its own under the freed booking's id.
--     The option does not come back to life on a venue that never agreed (rank 1, ahead of
--     everyone): B's option on the hall is 1st and the owner confirms it.
BEGIN;
SELECT pg_temp.request(1, 1, '2087-04-01 10:00Z', '2087-04-01 20:00Z', NULL, 'venue') AS a_hall;
SELECT pg_temp.decide(6, 'confirm_option', 1) AS owner_confirms_a;
SELECT o.booking_id AS a_booking FROM fashionos.options o WHERE o.event_id = pg_temp.id(4, 1) ORDER BY o.seq DESC LIMIT 1 \gset
SELECT pg_temp.as_user(pg_temp.id(1, 1)) IS NULL AS as_a;
SELECT public.release_booking('venue', :'a_booking') AS released;
INSERT INTO public.venues (id, owner_id, name) VALUES (pg_temp.id(5, 2), pg_temp.id(1, 1), 'A''s garage');
INSERT INTO public.venue_availability (id, venue_id, date, start_time, end_time, status)
VALUES (:'a_booking', pg_temp.id(5, 2), '2087-04-01', '2087-04-01 00:00Z', '2087-06-01 00:00Z', 'tentative');
RESET ROLE;
SELECT (fashionos.option_row(o)).status, (fashionos.option_row(o)).rank FROM fashionos.options o
 WHERE o.booking_id = :'a_booking';
SELECT pg_temp.request(3, 2, '2087-04-10 10:00Z', '2087-04-10 20:00Z', NULL, 'venue') AS b_hall;
SELECT pg_temp.decide(6, 'confirm_option', 2) AS owner_confirms_b;
ROLLBACK;
-- 9. Open slots: at most 48 per resource and day, also for direct table writes.
BEGIN;
SELECT pg_temp.as_user(pg_temp.id(1, 5)) IS NULL AS as_model;
SELECT pg_temp.try(format($$INSERT INTO public.model_availability (model_profile_id, date, start_time, end_time, status)
    SELECT %L, '2087-05-01', '2087-05-01 00:00Z'::timestamptz + n * interval '10 minutes', '2087-05-01 01:00Z'::timestamptz + n * interval '10 minutes', 'available'
      FROM generate_series(1, 48) n$$, pg_temp.id(2, 1))) AS slots_48;
SELECT pg_temp.try(format($$INSERT INTO public.model_availability (model_profile_id, date, start_time, end_time, status)
    VALUES (%L, '2087-05-01', '2087-05-01 20:00Z', '2087-05-01 21:00Z', 'tentative')$$, pg_temp.id(2, 1))) AS slot_49;
-- the day is the one the slot starts on, whatever date the writer puts beside it (the CHECK allows
-- a day either way): no 48 more under the neighbouring dates
SELECT pg_temp.try(format($$INSERT INTO public.model_availability (model_profile_id, date, start_time, end_time, status)
    VALUES (%L, '2087-04-30', '2087-05-01 12:00Z', '2087-05-01 13:00Z', 'available')$$, pg_temp.id(2, 1))) AS slot_49_dated_the_day_before;
SELECT pg_temp.try(format($$INSERT INTO public.model_availability (model_profile_id, date, start_time, end_time, status)
    VALUES (%L, '2087-05-02', '2087-05-02 00:30Z', '2087-05-02 01:00Z', 'available')$$, pg_temp.id(2, 1))) AS next_day;
ROLLBACK;
