-- walk_order: public.validate_walk_order reports each kind of violation with the castings involved;
-- public.set_walk_order swaps and shifts in one call and refuses a wrong list; the database refuses
-- a duplicate position, a second opener or closer, a position below 1.
\i common/basic_setup.sql
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';

-- pg_temp.id(kind, n): 1 users, 2 model profiles, 3 castings, 4 events, 9 organizations.

-- fixtures: one organization, an owner, 10 models, two events
INSERT INTO public.organizations (id, name, slug) VALUES (pg_temp.id(9, 1), 'Maison Test', 'maison-test');
INSERT INTO auth.users (id, email)
    SELECT pg_temp.id(1, n), format('user%s@maison.test', n) FROM generate_series(1, 10) n;
INSERT INTO public.users (id, email, role, organization_id)
    SELECT pg_temp.id(1, n), format('user%s@maison.test', n), CASE WHEN n = 1 THEN 'owner' ELSE 'viewer' END, pg_temp.id(9, 1)
      FROM generate_series(1, 10) n;
INSERT INTO public.model_profiles (id, user_id)
    SELECT pg_temp.id(2, n), pg_temp.id(1, n) FROM generate_series(1, 10) n;
INSERT INTO public.events (id, name, start_date, organization_id, created_by) VALUES
    (pg_temp.id(4, 1), 'SS27 show', '2026-09-30 18:00+00', pg_temp.id(9, 1), pg_temp.id(1, 1)),
    (pg_temp.id(4, 2), 'Resort show', '2026-11-12 18:00+00', pg_temp.id(9, 1), pg_temp.id(1, 1));

-- Event 1: 8 looks by 7 models (model 1 walks looks 1 and 7), opener look 1, closer look 8.
INSERT INTO public.event_models (id, event_id, model_profile_id, walk_order, is_opening, is_closing)
    SELECT pg_temp.id(3, n), pg_temp.id(4, 1), pg_temp.id(2, CASE WHEN n = 7 THEN 1 ELSE n END), n, n = 1, n = 8
      FROM generate_series(1, 8) n;

-- 1. A valid line-up: no row (model 1 walks at 1 and 7, 6 looks apart, the default gap is 5).
SELECT * FROM public.validate_walk_order(pg_temp.id(4, 1));
-- with a gap of 7 the two walks of model 1 are too close
SELECT violation, event_model_ids, walk_orders, message FROM public.validate_walk_order(pg_temp.id(4, 1), 7);
-- the event's setting is the default
INSERT INTO fashionos.event_settings (event_id, walk_min_gap) VALUES (pg_temp.id(4, 1), 8);
SELECT violation, walk_orders FROM public.validate_walk_order(pg_temp.id(4, 1));
DELETE FROM fashionos.event_settings WHERE event_id = pg_temp.id(4, 1);

-- 2. set_walk_order: a swap of looks 1 and 2
SELECT id, walk_order, is_opening, is_closing FROM public.set_walk_order(pg_temp.id(4, 1), ARRAY[
    pg_temp.id(3, 2), pg_temp.id(3, 1), pg_temp.id(3, 3), pg_temp.id(3, 4),
    pg_temp.id(3, 5), pg_temp.id(3, 6), pg_temp.id(3, 7), pg_temp.id(3, 8)]);
-- the opener no longer walks first
SELECT violation, event_model_ids, walk_orders, message FROM public.validate_walk_order(pg_temp.id(4, 1));
-- a shift: the last look moves to the front, every other look moves down one
SELECT id, walk_order FROM public.set_walk_order(pg_temp.id(4, 1), ARRAY[
    pg_temp.id(3, 8), pg_temp.id(3, 2), pg_temp.id(3, 1), pg_temp.id(3, 3),
    pg_temp.id(3, 4), pg_temp.id(3, 5), pg_temp.id(3, 6), pg_temp.id(3, 7)]);
SELECT violation, event_model_ids, walk_orders FROM public.validate_walk_order(pg_temp.id(4, 1));
-- back to the original order
SELECT count(*) FROM public.set_walk_order(pg_temp.id(4, 1), ARRAY(
    SELECT pg_temp.id(3, n) FROM generate_series(1, 8) n ORDER BY n));
SELECT count(*) AS violations FROM public.validate_walk_order(pg_temp.id(4, 1));

-- 3. set_walk_order refuses a list that does not name each casting once; nothing changes
SELECT pg_temp.try(format('SELECT public.set_walk_order(%L, %L)', pg_temp.id(4, 1), ARRAY(
    SELECT pg_temp.id(3, n) FROM generate_series(1, 7) n)));
SELECT pg_temp.try(format('SELECT public.set_walk_order(%L, %L)', pg_temp.id(4, 1), ARRAY(
    SELECT pg_temp.id(3, n) FROM generate_series(1, 9) n)));
SELECT pg_temp.try(format('SELECT public.set_walk_order(%L, %L)', pg_temp.id(4, 1), ARRAY(
    SELECT pg_temp.id(3, n) FROM generate_series(1, 8) n) || pg_temp.id(3, 2)));
SELECT pg_temp.try(format('SELECT public.set_walk_order(%L, %L)', pg_temp.id(4, 1),
    ARRAY[pg_temp.id(3, 1), NULL]::uuid[]));
SELECT pg_temp.try(format('SELECT public.set_walk_order(%L, NULL)', pg_temp.id(4, 1)));
SELECT pg_temp.try(format('SELECT public.set_walk_order(%L, %L)', pg_temp.id(4, 99), '{}'::uuid[]));
SELECT string_agg(walk_order::text, ',' ORDER BY id) AS unchanged FROM public.event_models WHERE event_id = pg_temp.id(4, 1);
-- a casting of another event is "not a casting of the event"
INSERT INTO public.event_models (id, event_id, model_profile_id, walk_order)
    VALUES (pg_temp.id(3, 20), pg_temp.id(4, 2), pg_temp.id(2, 9), 1);
SELECT pg_temp.try(format('SELECT public.set_walk_order(%L, %L)', pg_temp.id(4, 1), ARRAY(
    SELECT pg_temp.id(3, n) FROM generate_series(2, 8) n) || pg_temp.id(3, 20)));
DELETE FROM public.event_models WHERE event_id = pg_temp.id(4, 2);

-- 4. The database holds the hard invariants.
SELECT pg_temp.try(format('UPDATE public.event_models SET walk_order = 2 WHERE id = %L', pg_temp.id(3, 1)));
SELECT pg_temp.try(format('UPDATE public.event_models SET is_opening = true WHERE id = %L', pg_temp.id(3, 2)));
SELECT pg_temp.try(format('UPDATE public.event_models SET is_closing = true WHERE id = %L', pg_temp.id(3, 2)));
SELECT split_part(pg_temp.try(format('UPDATE public.event_models SET walk_order = 0 WHERE id = %L', pg_temp.id(3, 1))), ' | ', 1) AS try;
-- a plain UPDATE that shifts every position commits (the unique check runs at the end of the statement)
SELECT pg_temp.try(format('UPDATE public.event_models SET walk_order = walk_order %% 8 + 1 WHERE event_id = %L', pg_temp.id(4, 1)));
SELECT string_agg(walk_order::text, ',' ORDER BY id) AS shifted FROM public.event_models WHERE event_id = pg_temp.id(4, 1);

-- 5. Each kind of violation, on event 2.
-- missing positions: 4 castings, at 1, 2, 5 and one not placed: positions 3 and 4 are empty
INSERT INTO public.event_models (id, event_id, model_profile_id, walk_order) VALUES
    (pg_temp.id(3, 21), pg_temp.id(4, 2), pg_temp.id(2, 1), 1),
    (pg_temp.id(3, 22), pg_temp.id(4, 2), pg_temp.id(2, 2), 2),
    (pg_temp.id(3, 24), pg_temp.id(4, 2), pg_temp.id(2, 4), 5),
    (pg_temp.id(3, 25), pg_temp.id(4, 2), pg_temp.id(2, 5), NULL);
SELECT violation, event_model_ids, walk_orders, message FROM public.validate_walk_order(pg_temp.id(4, 2));
DELETE FROM public.event_models WHERE event_id = pg_temp.id(4, 2);

-- opener not first, closer not last; too close (model 3 at 2 and 5, model 4 at 1 and 6 with gap 5)
INSERT INTO public.event_models (id, event_id, model_profile_id, walk_order, is_opening, is_closing) VALUES
    (pg_temp.id(3, 21), pg_temp.id(4, 2), pg_temp.id(2, 4), 1, false, false),
    (pg_temp.id(3, 22), pg_temp.id(4, 2), pg_temp.id(2, 3), 2, false, true),
    (pg_temp.id(3, 23), pg_temp.id(4, 2), pg_temp.id(2, 1), 3, true, false),
    (pg_temp.id(3, 24), pg_temp.id(4, 2), pg_temp.id(2, 2), 4, false, false),
    (pg_temp.id(3, 25), pg_temp.id(4, 2), pg_temp.id(2, 3), 5, false, false),
    (pg_temp.id(3, 26), pg_temp.id(4, 2), pg_temp.id(2, 4), 6, false, false);
SELECT violation, event_model_ids, walk_orders, message FROM public.validate_walk_order(pg_temp.id(4, 2));
-- with a gap of 3 only model 3 (3 looks apart) is fine, with 2 no walk is too close
SELECT violation, walk_orders FROM public.validate_walk_order(pg_temp.id(4, 2), 3);
SELECT violation, walk_orders FROM public.validate_walk_order(pg_temp.id(4, 2), 2);
SELECT pg_temp.try(format('SELECT * FROM public.validate_walk_order(%L, 0)', pg_temp.id(4, 2)));
SELECT pg_temp.try(format('SELECT * FROM public.validate_walk_order(%L)', pg_temp.id(4, 99)));

-- duplicate positions: only with the unique check deferred inside a transaction
BEGIN;
SET CONSTRAINTS public.event_models_event_id_walk_order_key DEFERRED;
UPDATE public.event_models SET walk_order = 2 WHERE id IN (pg_temp.id(3, 24), pg_temp.id(3, 25));
SELECT violation, event_model_ids, walk_orders, message FROM public.validate_walk_order(pg_temp.id(4, 2), 1);
-- the commit is refused
COMMIT;
SELECT string_agg(walk_order::text, ',' ORDER BY walk_order) AS positions FROM public.event_models WHERE event_id = pg_temp.id(4, 2);

-- several openers and closers: only rows from before the one-opener/one-closer indexes
BEGIN;
DROP INDEX public.idx_event_models_event_id_is_opening;
DROP INDEX public.idx_event_models_event_id_is_closing;
UPDATE public.event_models SET is_opening = walk_order IN (1, 3), is_closing = walk_order IN (2, 6)
 WHERE event_id = pg_temp.id(4, 2);
SELECT violation, event_model_ids, walk_orders, message FROM public.validate_walk_order(pg_temp.id(4, 2), 1);
ROLLBACK;

-- 6. Permissions (row level security decides; PostgREST sets role and claims per request).
INSERT INTO public.organizations (id, name, slug) VALUES (pg_temp.id(9, 2), 'Other House', 'other-house');
INSERT INTO auth.users (id, email) VALUES (pg_temp.id(1, 20), 'outsider@other.test');
INSERT INTO public.users (id, email, role, organization_id) VALUES (pg_temp.id(1, 20), 'outsider@other.test', 'owner', pg_temp.id(9, 2));
UPDATE public.users SET role = 'organizer' WHERE id = pg_temp.id(1, 3);
-- a viewer of the organization validates but may not reorder
BEGIN;
SELECT pg_temp.as_user(pg_temp.id(1, 2));
SELECT count(*) AS violations FROM public.validate_walk_order(pg_temp.id(4, 2));
SELECT pg_temp.try(format('SELECT public.set_walk_order(%L, %L)', pg_temp.id(4, 2), ARRAY(
    SELECT pg_temp.id(3, n) FROM generate_series(21, 26) n)));
ROLLBACK;
-- an organizer reorders
BEGIN;
SELECT pg_temp.as_user(pg_temp.id(1, 3));
SELECT string_agg(right(id::text, 2), ',' ORDER BY walk_order) AS new_order FROM public.set_walk_order(pg_temp.id(4, 2), ARRAY(
    SELECT pg_temp.id(3, n) FROM generate_series(26, 21, -1) n));
ROLLBACK;
-- another organization does not see the event
BEGIN;
SELECT pg_temp.as_user(pg_temp.id(1, 20));
SELECT pg_temp.try(format('SELECT * FROM public.validate_walk_order(%L)', pg_temp.id(4, 2)));
SELECT pg_temp.try(format('SELECT public.set_walk_order(%L, %L)', pg_temp.id(4, 2), ARRAY(
    SELECT pg_temp.id(3, n) FROM generate_series(21, 26) n)));
ROLLBACK;
-- anon may not call the functions at all
BEGIN;
SET LOCAL ROLE anon;
SELECT pg_temp.try(format('SELECT * FROM public.validate_walk_order(%L)', pg_temp.id(4, 2)));
SELECT pg_temp.try(format('SELECT public.set_walk_order(%L, %L)', pg_temp.id(4, 2), '{}'::uuid[]));
ROLLBACK;
