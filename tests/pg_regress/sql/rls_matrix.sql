-- rls_matrix: the access matrix of docs/security.md, checked cell by cell.
--
-- Every table x persona x {select, insert, update, delete}, run the way PostgREST runs a request:
-- inside a transaction (here a subtransaction, rolled back after each attempt, so every cell starts
-- from the same fixture), set_config('role', <role>, true) and set_config('request.jwt.claims',
-- <claims with sub and role>, true), then the statement. What a cell records is the set of fixture
-- rows (by label, tests/fixtures/personas.sql) the persona could
--   select   see with SELECT id FROM public.<table>
--   insert   create: each fixture row is deleted (as superuser, in the rolled-back subtransaction)
--            and inserted again by the persona, with created_by/uploaded_by (and an approval's
--            approved_by) set to the persona
--            (users and organizations rows are cloned under a new id instead)
--   update   change with UPDATE ... SET created_at = created_at WHERE id = <row>
--   delete   delete with DELETE ... WHERE id = <row> (a foreign key RESTRICT that stops the delete
--            after row level security let it through counts as allowed)
-- and compares it with rls.expected, written by hand from docs/security.md (not from results).
-- A denied insert must fail with 42501; any other error is listed as an anomaly.
-- Then the cross-tenant tricks, each with its expected outcome, and a few requests written out
-- literally as PostgREST sends them.
-- This is the matrix of the policies alone: the door triggers of sql/ticketing_doors.sql, which
-- also refuse direct writes of ticketing state that the policies let through, are disabled here
-- (tests/pg_regress/sql/direct_writes.sql checks them).
SET search_path = pg_catalog;
\i common/personas_setup.sql
DO $$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT tgrelid::regclass AS tbl, tgname FROM pg_trigger
              WHERE tgfoid = coalesce(to_regproc('fashionos.ticketing_door'), 0) ORDER BY 1, 2 LOOP
        EXECUTE format('ALTER TABLE %s DISABLE TRIGGER %I', t.tbl, t.tgname);
    END LOOP;
END
$$;
\set VERBOSITY terse

CREATE SCHEMA rls;

-- ---------------------------------------------------------------------------------------------
-- The expected matrix. One line per table; one cell per persona, in the order of rls.personas:
-- 'S/I/U/D', the labels of the rows the persona may select / insert / update / delete;
-- '-' alone is '-/-/-/-' (nothing), '*' is every row for every action.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE rls.personas (ord int PRIMARY KEY, name text NOT NULL UNIQUE);
INSERT INTO rls.personas VALUES (1, 'anon'), (2, 'a_owner'), (3, 'a_admin'), (4, 'a_organizer'), (5, 'a_viewer'),
    (6, 'b_member'), (7, 'attendee'), (8, 'model'), (9, 'designer'), (10, 'no_profile'), (11, 'service_role');

CREATE TABLE rls.expected_line (tbl text PRIMARY KEY, cells text[] NOT NULL CHECK (cardinality(cells) = 11));
INSERT INTO rls.expected_line (tbl, cells) VALUES
--                           anon       a_owner        a_admin        a_organizer    a_viewer     b_member     attendee   model      designer   no_profile service
-- organizations and users
('organizations',     ARRAY['-',       'A/-/A/A',     'A/-/A/-',     'A/-/-/-',     'A/-/-/-',   'B/-/-/-',   'C/-/-/-', 'M/-/-/-', 'D/-/-/-', '-',       '*']),
('users',             ARRAY['-',       'agov/-/agov/agov', 'agov/-/agv/agv', 'agov/-/g/-', 'agov/-/v/-', 'b/-/b/-', 't/-/t/-', 'm/-/m/-', 'd/-/d/-', '-',  '*']),
-- organization rows (directly or through their parents)
('events',            ARRAY['-',       'AZ/AZ/AZ/AZ', 'AZ/AZ/AZ/AZ', 'AZ/AZ/AZ/-',  'AZ/-/-/-',  'B/B/B/-',   '-',       '-',       '-',       '-',       '*']),
('campaigns',         ARRAY['-',       'A/A/A/A',     'A/A/A/A',     'A/A/A/-',     'A/-/-/-',   'B/B/B/-',   '-',       '-',       '-',       '-',       '*']),
('shoots',            ARRAY['-',       'A/A/A/A',     'A/A/A/A',     'A/A/A/-',     'A/-/-/-',   'B/B/B/-',   '-',       '-',       '-',       '-',       '*']),
('organizer_teams',   ARRAY['-',       'A/A/A/A',     'A/A/A/A',     'A/A/A/-',     'A/-/-/-',   'B/B/B/-',   '-',       '-',       '-',       '-',       '*']),
('tasks',             ARRAY['-',       'A/A/A/A',     'A/A/A/A',     'A/A/A/-',     'A/-/-/-',   'B/B/B/-',   '-',       '-',       '-',       '-',       '*']),
('sponsors',          ARRAY['-',       'A/A/A/A',     'A/A/A/A',     'A/A/A/-',     'A/-/-/-',   'B/B/B/-',   '-',       '-',       '-',       '-',       '*']),
('budget_items',      ARRAY['-',       'A/A/A/A',     'A/A/A/A',     'A/A/A/-',     'A/-/-/-',   'B/B/B/-',   '-',       '-',       '-',       '-',       '*']),
('assets',            ARRAY['-',       'A/A/A/A',     'A/A/A/A',     'A/A/A/-',     'A/-/-/-',   'B/B/B/-',   '-',       '-',       '-',       '-',       '*']),
('event_phases',      ARRAY['-',       'A/A/A/A',     'A/A/A/A',     'A/A/A/-',     'A/-/-/-',   'B/B/B/-',   '-',       '-',       '-',       '-',       '*']),
('event_schedules',   ARRAY['-',       'A/A/A/A',     'A/A/A/A',     'A/A/A/-',     'A/-/-/-',   'B/B/B/-',   '-',       '-',       '-',       '-',       '*']),
('event_rehearsals',  ARRAY['-',       'A/A/A/A',     'A/A/A/A',     'A/A/A/-',     'A/-/-/-',   'B/B/B/-',   '-',       '-',       '-',       '-',       '*']),
('event_assets',      ARRAY['-',       'A/A/A/A',     'A/A/A/A',     'A/A/A/-',     'A/-/-/-',   'B/B/B/-',   '-',       '-',       '-',       '-',       '*']),
('event_stakeholders',ARRAY['-',       'A/A/A/A',     'A/A/A/A',     'A/A/A/-',     'A/-/-/-',   'B/B/B/-',   '-',       '-',       '-',       '-',       '*']),
('task_assignees',    ARRAY['-',       'A/A/A/A',     'A/A/A/A',     'A/A/A/-',     'A/-/-/-',   'B/B/B/-',   '-',       '-',       '-',       '-',       '*']),
('organizer_team_members', ARRAY['-',  'A/A/A/A',     'A/A/A/A',     'A/A/A/-',     'A/-/-/-',   'B/B/B/-',   '-',       '-',       '-',       '-',       '*']),
('event_sponsors_junction', ARRAY['-', 'A/A/A/A',     'A/A/A/A',     'A/A/A/-',     'A/-/-/-',   'B/B/B/-',   '-',       '-',       '-',       '-',       '*']),
('shoot_items',       ARRAY['-',       'A/A/A/A',     'A/A/A/A',     'A/A/A/-',     'A/-/-/-',   'B/B/B/-',   '-',       '-',       '-',       '-',       '*']),
('shoot_assets',      ARRAY['-',       'A/A/A/A',     'A/A/A/A',     'A/A/A/-',     'A/-/-/-',   'B/B/B/-',   '-',       '-',       '-',       '-',       '*']),
('shoot_payments',    ARRAY['-',       'A/A/A/A',     'A/A/A/A',     'A/A/A/-',     'A/-/-/-',   'B/B/B/-',   '-',       '-',       '-',       '-',       '*']),
('asset_variants',    ARRAY['-',       'A/A/A/A',     'A/A/A/A',     'A/A/A/-',     'A/-/-/-',   'B/B/B/-',   '-',       '-',       '-',       '-',       '*']),
('cloudinary_assets', ARRAY['-',       'A/A/A/A',     'A/A/A/A',     'A/A/A/-',     'A/-/-/-',   'B/B/B/-',   '-',       '-',       '-',       '-',       '*']),
('asset_links',       ARRAY['-',       'A/A/A/A',     'A/A/A/A',     'A/A/A/-',     'A/-/-/-',   'B/B/B/-',   '-',       '-',       '-',       '-',       '*']),
('instagram_posts',   ARRAY['-',       'A/A/A/A',     'A/A/A/A',     'A/A/A/-',     'A/-/-/-',   'B/B/B/-',   '-',       '-',       '-',       '-',       '*']),
('facebook_posts',    ARRAY['-',       'A/A/A/A',     'A/A/A/A',     'A/A/A/-',     'A/-/-/-',   'B/B/B/-',   '-',       '-',       '-',       '-',       '*']),
('shopify_products',  ARRAY['-',       'A/A/A/A',     'A/A/A/A',     'A/A/A/-',     'A/-/-/-',   'B/B/B/-',   '-',       '-',       '-',       '-',       '*']),
('shopify_media_links', ARRAY['-',     'A/A/A/A',     'A/A/A/A',     'A/A/A/-',     'A/-/-/-',   'B/B/B/-',   '-',       '-',       '-',       '-',       '*']),
('amazon_products',   ARRAY['-',       'A/A/A/A',     'A/A/A/A',     'A/A/A/-',     'A/-/-/-',   'B/B/B/-',   '-',       '-',       '-',       '-',       '*']),
('amazon_media_links',ARRAY['-',       'A/A/A/A',     'A/A/A/A',     'A/A/A/-',     'A/-/-/-',   'B/B/B/-',   '-',       '-',       '-',       '-',       '*']),
-- ticketing: tiers of events on sale (A: active, B: planning; not Z: completed) are public;
-- attendees read their own registrations (T) and payments, and buy through reserve_tickets
('ticket_tiers',      ARRAY['AB/-/-/-', 'ABZ/AZ/AZ/AZ', 'ABZ/AZ/AZ/AZ', 'ABZ/AZ/AZ/-', 'ABZ/-/-/-', 'AB/B/B/-', 'AB/-/-/-', 'AB/-/-/-', 'AB/-/-/-', 'AB/-/-/-', '*']),
('registrations',     ARRAY['-',       'AT/AT/AT/AT', 'AT/AT/AT/AT', 'AT/AT/AT/-',  'AT/-/-/-',  'B/B/B/-',   'T/-/-/-', '-',       '-',       '-',       '*']),
('payments',          ARRAY['-',       'AT/AT/AT/AT', 'AT/AT/AT/AT', 'AT/AT/AT/-',  'AT/-/-/-',  'B/B/B/-',   'T/-/-/-', '-',       '-',       '-',       '*']),
-- talent: castings, line-ups and call times are the event's; the talent reads his own
('event_models',      ARRAY['-',       'M/M/M/M',     'M/M/M/M',     'M/M/M/-',     'M/-/-/-',   'B/B/B/-',   '-',       'M/-/-/-', '-',       '-',       '*']),
('call_times',        ARRAY['-',       'M/M/M/M',     'M/M/M/M',     'M/M/M/-',     'M/-/-/-',   'B/B/B/-',   '-',       'M/-/-/-', '-',       '-',       '*']),
('event_designers',   ARRAY['-',       'D/D/D/D',     'D/D/D/D',     'D/D/D/-',     'D/-/-/-',   'B/B/B/-',   '-',       '-',       'D/-/-/-', '-',       '*']),
-- talent calendars: the talent writes his open slots (M, D, and b_member's B); K is booked for
-- event A: its organization reads it, nobody but server-side code writes it
('model_availability',    ARRAY['-',   'K/-/-/-',     'K/-/-/-',     'K/-/-/-',     'K/-/-/-',   'B/B/B/B',   '-',       'KM/M/M/M', '-',      '-',       '*']),
('designer_availability', ARRAY['-',   'K/-/-/-',     'K/-/-/-',     'K/-/-/-',     'K/-/-/-',   'B/B/B/B',   '-',       '-',       'DK/D/D/D', '-',      '*']),
-- personal directories: every signed-in user reads; the owner writes
('venues',            ARRAY['-',       'AB/-/-/-',    'AB/-/-/-',    'AB/A/A/A',    'AB/-/-/-',  'AB/B/B/B',  'AB/-/-/-', 'AB/-/-/-', 'AB/-/-/-', 'AB/-/-/-', '*']),
('venue_availability',ARRAY['-',       'AB/-/-/-',    'AB/-/-/-',    'AB/A/A/A',    'AB/-/-/-',  'AB/B/B/B',  'AB/-/-/-', 'AB/-/-/-', 'AB/-/-/-', 'AB/-/-/-', '*']),
('model_profiles',    ARRAY['-',       'BM/-/-/-',    'BM/-/-/-',    'BM/-/-/-',    'BM/-/-/-',  'BM/B/B/B',  'BM/-/-/-', 'BM/M/M/M', 'BM/-/-/-', 'BM/-/-/-', '*']),
('designer_profiles', ARRAY['-',       'BD/-/-/-',    'BD/-/-/-',    'BD/-/-/-',    'BD/-/-/-',  'BD/B/B/B',  'BD/-/-/-', 'BD/-/-/-', 'BD/D/D/D', 'BD/-/-/-', '*']),
-- personal rows read by the owner's organization, written by the owner (a_organizer owns A)
('stakeholders',      ARRAY['-',       'A/-/-/-',     'A/-/-/-',     'A/A/A/A',     'A/-/-/-',   'B/B/B/B',   '-',       '-',       '-',       '-',       '*']),
('instagram_connections', ARRAY['-',   'A/-/-/-',     'A/-/-/-',     'A/A/A/A',     'A/-/-/-',   'B/B/B/B',   '-',       '-',       '-',       '-',       '*']),
('facebook_connections',  ARRAY['-',   'A/-/-/-',     'A/-/-/-',     'A/A/A/A',     'A/-/-/-',   'B/B/B/B',   '-',       '-',       '-',       '-',       '*']),
('shopify_shops',     ARRAY['-',       'A/-/-/-',     'A/-/-/-',     'A/A/A/A',     'A/-/-/-',   'B/B/B/B',   '-',       '-',       '-',       '-',       '*']),
('amazon_connections',ARRAY['-',       'A/-/-/-',     'A/-/-/-',     'A/A/A/A',     'A/-/-/-',   'B/B/B/B',   '-',       '-',       '-',       '-',       '*']),
-- shared directories: every signed-in user reads; owners, admins, organizers add
('model_agencies',    ARRAY['-',       'S/S/-/-',     'S/S/-/-',     'S/S/-/-',     'S/-/-/-',   'S/S/-/-',   'S/-/-/-', 'S/-/-/-', 'S/-/-/-', 'S/-/-/-', '*']),
('fashion_brands',    ARRAY['-',       'S/S/-/-',     'S/S/-/-',     'S/S/-/-',     'S/-/-/-',   'S/S/-/-',   'S/-/-/-', 'S/-/-/-', 'S/-/-/-', 'S/-/-/-', '*']),
('sponsor_organizations', ARRAY['-',   'S/S/-/-',     'S/S/-/-',     'S/S/-/-',     'S/-/-/-',   'S/S/-/-',   'S/-/-/-', 'S/-/-/-', 'S/-/-/-', 'S/-/-/-', '*']),
('sponsorship_packages',  ARRAY['-',   'S/S/-/-',     'S/S/-/-',     'S/S/-/-',     'S/-/-/-',   'S/S/-/-',   'S/-/-/-', 'S/-/-/-', 'S/-/-/-', 'S/-/-/-', '*']),
('media_size_specs',  ARRAY['-',       'S/S/-/-',     'S/S/-/-',     'S/S/-/-',     'S/-/-/-',   'S/S/-/-',   'S/-/-/-', 'S/-/-/-', 'S/-/-/-', 'S/-/-/-', '*']);

-- Every table of public has its line, and only those.
SELECT count(*) AS tables_in_public,
       count(*) FILTER (WHERE e.tbl IS NULL) AS without_expectation
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN rls.expected_line e ON e.tbl = c.relname
 WHERE n.nspname = 'public' AND c.relkind = 'r';
SELECT tbl AS expectation_without_table FROM rls.expected_line WHERE to_regclass('public.' || tbl) IS NULL;

-- One row per cell: '*' and '-' spelled out.
CREATE VIEW rls.expected AS
WITH cell AS (
    SELECT e.tbl, p.name AS persona, e.cells[p.ord] AS cell
      FROM rls.expected_line e CROSS JOIN rls.personas p
), everything AS (
    SELECT tbl, string_agg(label, '' ORDER BY label COLLATE "C") AS labels FROM fixture.rows GROUP BY tbl
)
SELECT c.tbl, c.persona, o.op,
       CASE WHEN c.cell = '*' THEN coalesce(a.labels, '')
            WHEN c.cell = '-' THEN ''
            ELSE replace(split_part(c.cell, '/', o.n), '-', '') END AS labels
  FROM cell c
  CROSS JOIN (VALUES (1, 'select'), (2, 'insert'), (3, 'update'), (4, 'delete')) AS o (n, op)
  LEFT JOIN everything a ON a.tbl = c.tbl;

-- ---------------------------------------------------------------------------------------------
-- One attempt, as PostgREST runs it, undone afterwards. p_prepare runs first as the superuser
-- (in the same subtransaction). $1 is p_id, $2 is p_row.
-- ---------------------------------------------------------------------------------------------
CREATE FUNCTION rls.attempt(p_persona text, p_sql text, p_id uuid DEFAULT NULL, p_row jsonb DEFAULT NULL,
                            p_prepare text DEFAULT NULL,
                            OUT state text, OUT nrows bigint, OUT ids uuid[])
    LANGUAGE plpgsql
    AS $$
DECLARE
    v fixture.persona;
BEGIN
    SELECT * INTO STRICT v FROM fixture.persona WHERE name = p_persona;
    BEGIN
        IF p_prepare IS NOT NULL THEN
            EXECUTE p_prepare USING p_id, p_row;
        END IF;
        PERFORM set_config('role', v.db_role, true);
        PERFORM set_config('request.jwt.claims', v.claims, true);
        IF p_sql ILIKE 'select%' THEN
            EXECUTE p_sql INTO ids USING p_id, p_row;
            nrows := coalesce(cardinality(ids), 0);
        ELSE
            EXECUTE p_sql USING p_id, p_row;
            GET DIAGNOSTICS nrows = ROW_COUNT;
        END IF;
        RAISE EXCEPTION USING ERRCODE = 'ZRLS0';  -- roll the attempt back, keep its outcome
    EXCEPTION
        WHEN SQLSTATE 'ZRLS0' THEN
            state := 'ok';
        WHEN OTHERS THEN
            state := SQLSTATE;
            nrows := NULL;
            ids := NULL;
    END;
END
$$;

-- Deletes a venue, model or designer profile (or a brand, with its designers) with the bookings,
-- call times and options on it.
CREATE FUNCTION rls.delete_with_plans(p_table text, p_id uuid) RETURNS void
    LANGUAGE plpgsql
    AS $$
BEGIN
    DELETE FROM fashionos.options o WHERE o.resource_id = p_id;
    IF p_table = 'venues' THEN
        DELETE FROM public.venue_availability a WHERE a.venue_id = p_id;
    ELSIF p_table = 'model_profiles' THEN
        DELETE FROM public.model_availability a WHERE a.model_profile_id = p_id;
        DELETE FROM public.call_times c WHERE c.model_profile_id = p_id;
        DELETE FROM public.event_models c WHERE c.model_profile_id = p_id;
    ELSIF p_table = 'designer_profiles' THEN
        DELETE FROM public.designer_availability a WHERE a.designer_profile_id = p_id;
        DELETE FROM public.event_designers c WHERE c.designer_profile_id = p_id;
    ELSE
        DELETE FROM fashionos.options o WHERE o.resource_id IN (SELECT d.id FROM public.designer_profiles d WHERE d.brand_id = p_id);
        DELETE FROM public.designer_availability a
         WHERE a.designer_profile_id IN (SELECT d.id FROM public.designer_profiles d WHERE d.brand_id = p_id);
        DELETE FROM public.event_designers c
         WHERE c.designer_profile_id IN (SELECT d.id FROM public.designer_profiles d WHERE d.brand_id = p_id);
    END IF;
    EXECUTE format('DELETE FROM public.%I WHERE id = $1', p_table) USING p_id;
END
$$;

-- an event with its sales: the tickets first (an event with live tickets is not deleted)
CREATE FUNCTION rls.delete_event_with_sales(p_id uuid) RETURNS void
    LANGUAGE sql
    AS $$
    DELETE FROM public.registrations r WHERE r.event_id = p_id;
    DELETE FROM public.events e WHERE e.id = p_id;
$$;

CREATE TABLE rls.observed (tbl text, persona text, op text, labels text, PRIMARY KEY (tbl, persona, op));
CREATE TABLE rls.anomaly (tbl text, persona text, op text, label text, state text);

CREATE FUNCTION rls.run_matrix() RETURNS void
    LANGUAGE plpgsql
    AS $$
DECLARE
    t text;
    p record;
    r record;
    a record;
    v_row jsonb;
    v_prepare text;
    v_insert text;
    v_labels text;
    v_new uuid;
    v_op text;
BEGIN
    FOR t IN SELECT DISTINCT tbl FROM fixture.rows ORDER BY tbl LOOP
        v_insert := format('INSERT INTO public.%I SELECT * FROM jsonb_populate_record(NULL::public.%I, $2)', t, t);
        FOR p IN SELECT fp.* FROM fixture.persona fp JOIN rls.personas o ON o.name = fp.name ORDER BY o.ord LOOP
            -- select
            a := rls.attempt(p.name, format('SELECT array_agg(id) FROM public.%I', t));
            IF a.state <> 'ok' THEN
                INSERT INTO rls.anomaly VALUES (t, p.name, 'select', NULL, a.state);
            END IF;
            SELECT coalesce(string_agg(coalesce(f.label, '?'), '' ORDER BY coalesce(f.label, '?') COLLATE "C"), '')
              INTO v_labels
              FROM unnest(a.ids) AS s (id) LEFT JOIN fixture.rows f ON f.tbl = t AND f.id = s.id;
            INSERT INTO rls.observed VALUES (t, p.name, 'select', v_labels);

            -- insert
            v_labels := '';
            FOR r IN SELECT * FROM fixture.rows WHERE tbl = t ORDER BY label COLLATE "C" LOOP
                EXECUTE format('SELECT to_jsonb(x) FROM public.%I x WHERE x.id = $1', t) INTO v_row USING r.id;
                IF t IN ('users', 'organizations') THEN
                    -- a new row like this one (deleting these would cascade into everything)
                    v_new := fixture.id(t, 'clone of ' || r.label);
                    v_row := v_row || jsonb_build_object('id', v_new);
                    IF t = 'users' THEN
                        v_row := v_row || jsonb_build_object('email', 'clone-' || (v_row ->> 'email'));
                        v_prepare := 'INSERT INTO auth.users (id, email) VALUES (($2 ->> ''id'')::uuid, $2 ->> ''email'')';
                    ELSE
                        v_row := v_row || jsonb_build_object('slug', 'clone-' || (v_row ->> 'slug'));
                        v_prepare := NULL;
                    END IF;
                ELSE
                    -- the same row, written by the persona: delete it first (a talent or venue
                    -- with its plans: the deletion guard keeps other organizations' plans)
                    v_prepare := CASE WHEN t IN ('venues', 'model_profiles', 'designer_profiles', 'fashion_brands')
                                      THEN format('SELECT rls.delete_with_plans(%L, $1)', t)
                                      WHEN t = 'events' THEN 'SELECT rls.delete_event_with_sales($1)'
                                      ELSE format('DELETE FROM public.%I WHERE id = $1', t) END;
                END IF;
                IF p.user_id IS NOT NULL THEN
                    -- authorship columns name the writer, as a client sets them
                    IF v_row ? 'created_by' THEN v_row := v_row || jsonb_build_object('created_by', p.user_id); END IF;
                    IF v_row ? 'uploaded_by' THEN v_row := v_row || jsonb_build_object('uploaded_by', p.user_id); END IF;
                    IF v_row ->> 'approved_by' IS NOT NULL THEN v_row := v_row || jsonb_build_object('approved_by', p.user_id); END IF;
                END IF;
                a := rls.attempt(p.name, v_insert, r.id, v_row, v_prepare);
                IF a.state = 'ok' AND a.nrows = 1 THEN
                    v_labels := v_labels || r.label;
                ELSIF a.state <> '42501' THEN
                    INSERT INTO rls.anomaly VALUES (t, p.name, 'insert', r.label, a.state);
                END IF;
            END LOOP;
            INSERT INTO rls.observed VALUES (t, p.name, 'insert', v_labels);

            -- update, then delete
            FOREACH v_op IN ARRAY ARRAY['update', 'delete'] LOOP
                v_labels := '';
                FOR r IN SELECT * FROM fixture.rows WHERE tbl = t ORDER BY label COLLATE "C" LOOP
                    a := rls.attempt(p.name, format(CASE v_op WHEN 'update' THEN 'UPDATE public.%I SET created_at = created_at WHERE id = $1'
                                                                            ELSE 'DELETE FROM public.%I WHERE id = $1' END, t), r.id);
                    -- a delete: 23503 (a foreign key) and PT409 (the deletion guard of a talent or
                    -- venue with other organizations' plans) refuse what the policy allows
                    IF (a.state = 'ok' AND a.nrows = 1) OR (v_op = 'delete' AND a.state IN ('23503', 'PT409')) THEN
                        v_labels := v_labels || r.label;
                    ELSIF NOT (a.state = 'ok' AND a.nrows = 0)
                          -- no policy lets the role update (delete): it has no UPDATE (DELETE)
                          -- privilege (sql/grants.sql)
                          AND NOT (a.state = '42501' AND NOT has_table_privilege(p.db_role, format('public.%I', t), v_op)) THEN
                        INSERT INTO rls.anomaly VALUES (t, p.name, v_op, r.label, a.state);
                    END IF;
                END LOOP;
                INSERT INTO rls.observed VALUES (t, p.name, v_op, v_labels);
            END LOOP;
        END LOOP;
    END LOOP;
END
$$;

SELECT rls.run_matrix();

-- ---------------------------------------------------------------------------------------------
-- Results: the number of cells checked, then every cell that differs from the expectation
-- (expected: none), every unexpected error (expected: none).
-- ---------------------------------------------------------------------------------------------
SELECT count(*) AS cells_checked,
       count(DISTINCT o.tbl) AS tables,
       count(DISTINCT o.persona) AS personas,
       count(DISTINCT o.op) AS actions,
       count(*) FILTER (WHERE o.labels <> '') AS allowed_cells,
       count(*) FILTER (WHERE o.labels = '') AS denied_cells
  FROM rls.observed o JOIN rls.expected e USING (tbl, persona, op);

SELECT e.tbl, e.persona, e.op, e.labels AS expected, o.labels AS observed
  FROM rls.expected e FULL JOIN rls.observed o USING (tbl, persona, op)
 WHERE o.labels IS DISTINCT FROM e.labels
 ORDER BY 1, 2, 3;

SELECT * FROM rls.anomaly ORDER BY 1, 2, 3, 4;

-- The observed matrix, compact: per table, per persona, select/insert/update/delete.
SELECT o.tbl AS "table",
       max(c) FILTER (WHERE persona = 'anon') AS anon,
       max(c) FILTER (WHERE persona = 'a_owner') AS a_owner,
       max(c) FILTER (WHERE persona = 'a_admin') AS a_admin,
       max(c) FILTER (WHERE persona = 'a_organizer') AS a_organizer,
       max(c) FILTER (WHERE persona = 'a_viewer') AS a_viewer,
       max(c) FILTER (WHERE persona = 'b_member') AS b_member,
       max(c) FILTER (WHERE persona = 'attendee') AS attendee,
       max(c) FILTER (WHERE persona = 'model') AS model,
       max(c) FILTER (WHERE persona = 'designer') AS designer,
       max(c) FILTER (WHERE persona = 'no_profile') AS no_profile,
       max(c) FILTER (WHERE persona = 'service_role') AS service_role
  FROM (SELECT tbl, persona,
               CASE WHEN string_agg(labels, '') = '' THEN '-'
                    ELSE string_agg(CASE WHEN labels = '' THEN '-' ELSE labels END, '/'
                                    ORDER BY array_position(ARRAY['select', 'insert', 'update', 'delete'], op)) END AS c
          FROM rls.observed GROUP BY tbl, persona) o
 GROUP BY o.tbl
 ORDER BY o.tbl;

-- ---------------------------------------------------------------------------------------------
-- Cross-tenant tricks and other attempts to get around the rules, with their expected outcome:
-- 42501 (refused: a row level security violation or a missing privilege), or rows=N (N rows
-- seen or changed; rows=0 is a silent refusal).
-- ---------------------------------------------------------------------------------------------
-- The statements of several tricks, written once: a registration for event A on the ticket tier
-- TIER (label) written directly, its token TOKEN; the users row that makes the auth user without
-- one (n) a member of A with the role ROLE.
CREATE FUNCTION rls.registration_in_a(p_tier text, p_token text) RETURNS text LANGUAGE sql AS $f$
    SELECT format($$INSERT INTO public.registrations (event_id, ticket_tier_id, attendee_email, attendee_name, qr_code_data)
   VALUES (fixture.id('events', 'A'), fixture.id('ticket_tiers', %L), 'x@example.com', 'x', %L)$$, p_tier, p_token)
$f$;
CREATE FUNCTION rls.member_of_a(p_role text) RETURNS text LANGUAGE sql AS $f$
    SELECT format($$INSERT INTO public.users (id, email, role, organization_id)
   VALUES (fixture.id('users', 'n'), 'n@fixture.example', %L, fixture.id('organizations', 'A'))$$, p_role)
$f$;
CREATE TABLE rls.trick (no serial PRIMARY KEY, persona text, what text, sql text, expected text);
INSERT INTO rls.trick (persona, what, expected, sql) VALUES
-- writes that point at another organization's rows
('a_organizer', 'task on B''s event', '42501',
 $$INSERT INTO public.tasks (event_id, title) VALUES (fixture.id('events', 'B'), 'x')$$),
('a_organizer', 'item in B''s shoot', '42501',
 $$INSERT INTO public.shoot_items (shoot_id, name) VALUES (fixture.id('shoots', 'B'), 'x')$$),
('a_organizer', 'member of B''s team', '42501',
 $$INSERT INTO public.organizer_team_members (team_id, user_id) VALUES (fixture.id('organizer_teams', 'B'), fixture.id('users', 'g'))$$),
('a_organizer', 'variant of B''s asset', '42501',
 $$INSERT INTO public.asset_variants (asset_id, size_spec_id, file_url) VALUES (fixture.id('assets', 'B'), fixture.id('media_size_specs', 'S'), 'https://cdn.example/x.jpg')$$),
('a_organizer', 'instagram post of B''s asset on A''s connection', '42501',
 $$INSERT INTO public.instagram_posts (connection_id, asset_id) VALUES (fixture.id('instagram_connections', 'A'), fixture.id('assets', 'B'))$$),
('a_organizer', 'instagram post on B''s connection', '42501',
 $$INSERT INTO public.instagram_posts (connection_id, asset_id) VALUES (fixture.id('instagram_connections', 'B'), fixture.id('assets', 'A'))$$),
('a_organizer', 'shopify link of A''s asset to B''s product', '42501',
 $$INSERT INTO public.shopify_media_links (asset_id, shopify_product_id) VALUES (fixture.id('assets', 'A'), fixture.id('shopify_products', 'B'))$$),
('a_organizer', 'payment for B''s registration', '42501',
 $$INSERT INTO public.payments (registration_id, amount) VALUES (fixture.id('registrations', 'B'), 1)$$),
-- (the integrity trigger registrations_match_tier refuses it before row level security does)
('a_organizer', 'registration in A''s event with B''s ticket tier', '23514',
 rls.registration_in_a('B', 'trick-1')),
('a_organizer', 'comp registration in A''s event', 'rows=1',
 rls.registration_in_a('A', 'trick-2')),
('a_organizer', 'A task assigned to B''s user', '42501',
 $$INSERT INTO public.tasks (event_id, title, assigned_to) VALUES (fixture.id('events', 'A'), 'x', fixture.id('users', 'b'))$$),
('a_organizer', 'B''s private contact linked to A''s event', '42501',
 $$INSERT INTO public.event_stakeholders (event_id, stakeholder_id) VALUES (fixture.id('events', 'Z'), fixture.id('stakeholders', 'B'))$$),
('a_organizer', 'B''s contact called to A''s event', '42501',
 $$INSERT INTO public.call_times (event_id, stakeholder_id, date, time) VALUES (fixture.id('events', 'A'), fixture.id('stakeholders', 'B'), '2086-06-10', '08:00')$$),
('a_organizer', 'event created in the owner''s name', '42501',
 $$INSERT INTO public.events (name, start_date, organization_id, created_by)
   VALUES ('x', '2087-01-01', fixture.id('organizations', 'A'), fixture.id('users', 'o'))$$),
('a_organizer', 'event created in B', '42501',
 $$INSERT INTO public.events (name, start_date, organization_id, created_by)
   VALUES ('x', '2087-01-01', fixture.id('organizations', 'B'), fixture.id('users', 'g'))$$),
('a_organizer', 'venue slot of own venue for B''s event', '42501',
 $$INSERT INTO public.venue_availability (venue_id, event_id, date, start_time, end_time, status)
   VALUES (fixture.id('venues', 'A'), fixture.id('events', 'B'), '2086-08-01', '2086-08-01 10:00+00', '2086-08-01 12:00+00', 'tentative')$$),
-- moving rows into another organization
('a_organizer', 'move A''s event to B', '42501',
 $$UPDATE public.events SET organization_id = fixture.id('organizations', 'B') WHERE id = fixture.id('events', 'A')$$),
('a_organizer', 'move A''s registration to B''s event', '42501',
 $$UPDATE public.registrations SET event_id = fixture.id('events', 'B'), ticket_tier_id = fixture.id('ticket_tiers', 'B')
   WHERE id = fixture.id('registrations', 'A')$$),
('a_organizer', 'move A''s task to B''s event', '42501',
 $$UPDATE public.tasks SET event_id = fixture.id('events', 'B') WHERE id = fixture.id('tasks', 'A')$$),
('a_organizer', 'move A''s casting to B''s event', '42501',
 $$UPDATE public.event_models SET event_id = fixture.id('events', 'B') WHERE id = fixture.id('event_models', 'M')$$),
('a_organizer', 'give own venue to B''s member', '42501',
 $$UPDATE public.venues SET owner_id = fixture.id('users', 'b') WHERE id = fixture.id('venues', 'A')$$),
('b_member', 'move B''s payment onto A''s registration', '42501',
 $$UPDATE public.payments SET registration_id = fixture.id('registrations', 'A') WHERE id = fixture.id('payments', 'B')$$),
('a_organizer', 'move A''s event to A''s other date (allowed)', 'rows=1',
 $$UPDATE public.events SET start_date = '2086-06-11 19:00+00', end_date = NULL WHERE id = fixture.id('events', 'A')$$),
-- roles inside the organization
('a_viewer', 'viewer updates an event', 'rows=0',
 $$UPDATE public.events SET name = 'x' WHERE id = fixture.id('events', 'A')$$),
('a_viewer', 'viewer deletes an event', 'rows=0',
 $$DELETE FROM public.events WHERE id = fixture.id('events', 'A')$$),
('a_viewer', 'viewer creates a task', '42501',
 $$INSERT INTO public.tasks (event_id, title) VALUES (fixture.id('events', 'A'), 'x')$$),
('a_organizer', 'organizer deletes an event', 'rows=0',
 $$DELETE FROM public.events WHERE id = fixture.id('events', 'A')$$),
-- reading another organization's rows through a child table
('b_member', 'B reads the tasks of A''s event', 'rows=0',
 $$SELECT array_agg(id) FROM public.tasks WHERE event_id = fixture.id('events', 'A')$$),
('b_member', 'B reads the registrations of A''s event', 'rows=0',
 $$SELECT array_agg(id) FROM public.registrations WHERE event_id = fixture.id('events', 'A')$$),
('b_member', 'B reads the payments of A''s registrations', 'rows=0',
 $$SELECT array_agg(id) FROM public.payments WHERE registration_id IN (fixture.id('registrations', 'A'), fixture.id('registrations', 'T'))$$),
('b_member', 'B reads the variants of A''s asset', 'rows=0',
 $$SELECT array_agg(id) FROM public.asset_variants WHERE asset_id = fixture.id('assets', 'A')$$),
('b_member', 'B reads A''s instagram posts', 'rows=0',
 $$SELECT array_agg(id) FROM public.instagram_posts WHERE connection_id = fixture.id('instagram_connections', 'A')$$),
('b_member', 'B reads the tiers of A''s event on sale (public)', 'rows=1',
 $$SELECT array_agg(id) FROM public.ticket_tiers WHERE event_id = fixture.id('events', 'A')$$),
('b_member', 'B reads the tiers of A''s completed event', 'rows=0',
 $$SELECT array_agg(id) FROM public.ticket_tiers WHERE event_id = fixture.id('events', 'Z')$$),
('b_member', 'B reads A''s event on sale', 'rows=0',
 $$SELECT array_agg(id) FROM public.events WHERE id = fixture.id('events', 'A')$$),
-- OAuth tokens
('anon', 'anon reads instagram access tokens', '42501',
 $$SELECT array_agg(id) FROM (SELECT id, access_token FROM public.instagram_connections) s$$),
('anon', 'anon lists instagram connections', 'rows=0',
 $$SELECT array_agg(id) FROM public.instagram_connections$$),
('a_organizer', 'owner reads his instagram access token', '42501',
 $$SELECT array_agg(id) FROM (SELECT id, access_token FROM public.instagram_connections WHERE id = fixture.id('instagram_connections', 'A')) s$$),
('a_organizer', 'owner reads his facebook access token', '42501',
 $$SELECT array_agg(id) FROM (SELECT id, access_token FROM public.facebook_connections) s$$),
('a_organizer', 'owner reads his shopify access token', '42501',
 $$SELECT array_agg(id) FROM (SELECT id, access_token FROM public.shopify_shops) s$$),
('a_organizer', 'owner reads his amazon access token', '42501',
 $$SELECT array_agg(id) FROM (SELECT id, access_token FROM public.amazon_connections) s$$),
('a_organizer', 'owner selects * from his instagram connections', '42501',
 $$SELECT array_agg(id) FROM (SELECT * FROM public.instagram_connections) s$$),
('a_organizer', 'owner filters on his access token', '42501',
 $$SELECT array_agg(id) FROM public.instagram_connections WHERE access_token LIKE 'SECRET%'$$),
('a_organizer', 'owner replaces his access token', 'rows=1',
 $$UPDATE public.instagram_connections SET access_token = 'new' WHERE id = fixture.id('instagram_connections', 'A')$$),
('a_organizer', 'owner returns the token of an update', '42501',
 $$UPDATE public.instagram_connections SET status = 'paused' WHERE id = fixture.id('instagram_connections', 'A') RETURNING access_token$$),
('a_owner', 'colleague lists the organizer''s connections (no token)', 'rows=1',
 $$SELECT array_agg(id) FROM (SELECT id, instagram_account_id, status FROM public.instagram_connections) s$$),
('a_owner', 'colleague changes the organizer''s connection', 'rows=0',
 $$UPDATE public.instagram_connections SET status = 'revoked' WHERE id = fixture.id('instagram_connections', 'A')$$),
('service_role', 'server-side code reads the tokens', 'rows=8',
 $$SELECT array_agg(id) FROM (SELECT id, access_token FROM public.instagram_connections UNION ALL
   SELECT id, access_token FROM public.facebook_connections UNION ALL SELECT id, access_token FROM public.shopify_shops
   UNION ALL SELECT id, access_token FROM public.amazon_connections) s$$),
-- users
('a_viewer', 'user makes himself owner', '42501',
 $$UPDATE public.users SET role = 'owner' WHERE id = fixture.id('users', 'v')$$),
('a_viewer', 'user moves himself to B', '42501',
 $$UPDATE public.users SET organization_id = fixture.id('organizations', 'B') WHERE id = fixture.id('users', 'v')$$),
('a_viewer', 'user renames himself', 'rows=1',
 $$UPDATE public.users SET full_name = 'V. Viewer' WHERE id = fixture.id('users', 'v')$$),
('a_viewer', 'user renames a colleague', 'rows=0',
 $$UPDATE public.users SET full_name = 'x' WHERE id = fixture.id('users', 'g')$$),
('a_viewer', 'user writes another address as his e-mail', '42501',
 $$UPDATE public.users SET email = 'someone.else@example.com' WHERE id = fixture.id('users', 'v')$$),
('a_admin', 'admin changes a member''s e-mail', '42501',
 $$UPDATE public.users SET email = 'someone.else@example.com' WHERE id = fixture.id('users', 'v')$$),
('service_role', 'server-side code follows a changed sign-in address', 'rows=1',
 $$UPDATE public.users SET email = 'v.new@fixture.example' WHERE id = fixture.id('users', 'v')$$),
('a_admin', 'admin makes a viewer owner', '42501',
 $$UPDATE public.users SET role = 'owner' WHERE id = fixture.id('users', 'v')$$),
('a_admin', 'admin makes a viewer organizer', 'rows=1',
 $$UPDATE public.users SET role = 'organizer' WHERE id = fixture.id('users', 'v')$$),
('a_admin', 'admin demotes the owner', 'rows=0',
 $$UPDATE public.users SET role = 'viewer' WHERE id = fixture.id('users', 'o')$$),
('a_admin', 'admin deletes the owner', 'rows=0',
 $$DELETE FROM public.users WHERE id = fixture.id('users', 'o')$$),
('a_owner', 'owner makes the admin owner', 'rows=1',
 $$UPDATE public.users SET role = 'owner' WHERE id = fixture.id('users', 'a')$$),
('a_owner', 'owner moves a user to B', '42501',
 $$UPDATE public.users SET organization_id = fixture.id('organizations', 'B') WHERE id = fixture.id('users', 'v')$$),
('a_owner', 'owner turns a user into a stranger''s account', '42501',
 $$UPDATE public.users SET id = fixture.id('users', 'n') WHERE id = fixture.id('users', 'v')$$),
('a_owner', 'owner changes a user of B', 'rows=0',
 $$UPDATE public.users SET role = 'viewer' WHERE id = fixture.id('users', 'b')$$),
('a_admin', 'admin adds a profile for an auth user', '42501',
 rls.member_of_a('viewer')),
('no_profile', 'auth user without profile joins A', '42501',
 rls.member_of_a('owner')),
-- organizations
('a_owner', 'owner upgrades his plan', '42501',
 $$UPDATE public.organizations SET plan = 'enterprise' WHERE id = fixture.id('organizations', 'A')$$),
('a_owner', 'owner renames his organization', 'rows=1',
 $$UPDATE public.organizations SET name = 'Maison A+' WHERE id = fixture.id('organizations', 'A')$$),
('a_admin', 'admin deletes the organization', 'rows=0',
 $$DELETE FROM public.organizations WHERE id = fixture.id('organizations', 'A')$$),
('a_owner', 'owner creates an organization', '42501',
 $$INSERT INTO public.organizations (name, slug) VALUES ('x', 'x')$$),
-- attendees and anon
('anon', 'anon registers directly', '42501',
 rls.registration_in_a('A', 'trick-3')),
('attendee', 'attendee registers directly', '42501',
 $$INSERT INTO public.registrations (event_id, ticket_tier_id, user_id, attendee_email, attendee_name, qr_code_data)
   VALUES (fixture.id('events', 'A'), fixture.id('ticket_tiers', 'A'), fixture.id('users', 't'), 't@fixture.example', 't', 'trick-4')$$),
('attendee', 'attendee confirms his registration', 'rows=0',
 $$UPDATE public.registrations SET status = 'attended' WHERE id = fixture.id('registrations', 'T')$$),
('attendee', 'attendee records a payment', '42501',
 $$INSERT INTO public.payments (registration_id, payer_id, amount, status) VALUES (fixture.id('registrations', 'T'), fixture.id('users', 't'), 0, 'completed')$$),
('attendee', 'attendee reads the other registrations of the event', 'rows=1',
 $$SELECT array_agg(id) FROM public.registrations WHERE event_id = fixture.id('events', 'A')$$),
('anon', 'anon reads the ticket tiers on sale', 'rows=2',
 $$SELECT array_agg(id) FROM public.ticket_tiers$$),
('anon', 'anon reads events', 'rows=0',
 $$SELECT array_agg(id) FROM public.events$$),
('anon', 'anon calls a policy helper', '42501',
 $$SELECT ARRAY[fashionos.my_org_id()]$$),
('anon', 'anon empties a table', '42501',
 $$TRUNCATE public.tasks$$),
('a_owner', 'owner empties a table', '42501',
 $$TRUNCATE public.tasks$$),
-- talent
('model', 'model books himself for an event', '42501',
 $$INSERT INTO public.model_availability (model_profile_id, event_id, date, start_time, end_time, status)
   VALUES (fixture.id('model_profiles', 'M'), fixture.id('events', 'A'), '2086-09-01', '2086-09-01 09:00+00', '2086-09-01 10:00+00', 'tentative')$$),
('model', 'model adds a booked slot', '42501',
 $$INSERT INTO public.model_availability (model_profile_id, date, start_time, end_time, status)
   VALUES (fixture.id('model_profiles', 'M'), '2086-09-01', '2086-09-01 09:00+00', '2086-09-01 10:00+00', 'booked')$$),
('model', 'model adds a tentative slot', 'rows=1',
 $$INSERT INTO public.model_availability (model_profile_id, date, start_time, end_time, status)
   VALUES (fixture.id('model_profiles', 'M'), '2086-09-01', '2086-09-01 09:00+00', '2086-09-01 10:00+00', 'tentative')$$),
('model', 'model frees his booked slot', 'rows=0',
 $$UPDATE public.model_availability SET status = 'available' WHERE id = fixture.id('model_availability', 'K')$$),
('model', 'model turns an open slot into a booking', '42501',
 $$UPDATE public.model_availability SET status = 'booked' WHERE id = fixture.id('model_availability', 'M')$$),
('model', 'model changes his walk order', 'rows=0',
 $$UPDATE public.event_models SET walk_order = 5 WHERE id = fixture.id('event_models', 'M')$$),
('model', 'model moves his call time', 'rows=0',
 $$UPDATE public.call_times SET time = '16:00' WHERE id = fixture.id('call_times', 'M')$$),
('model', 'model edits his profile', 'rows=1',
 $$UPDATE public.model_profiles SET hair_color = 'auburn' WHERE id = fixture.id('model_profiles', 'M')$$),
('model', 'model hands his profile to another user', '42501',
 $$UPDATE public.model_profiles SET user_id = fixture.id('users', 'b') WHERE id = fixture.id('model_profiles', 'M')$$),
('model', 'model reads the casting of the event besides his own', 'rows=1',
 $$SELECT array_agg(id) FROM public.event_models WHERE event_id = fixture.id('events', 'A')$$),
('b_member', 'B creates a profile in the model''s name', '42501',
 $$INSERT INTO public.model_profiles (user_id) VALUES (fixture.id('users', 'm'))$$),
('designer', 'designer changes his line-up entry', 'rows=0',
 $$UPDATE public.event_designers SET collection_order = 2 WHERE id = fixture.id('event_designers', 'D')$$),
-- users without a profile
('no_profile', 'user without profile reads organizations', 'rows=0',
 $$SELECT array_agg(id) FROM public.organizations$$),
('no_profile', 'user without profile reads users', 'rows=0',
 $$SELECT array_agg(id) FROM public.users$$),
('no_profile', 'user without profile adds a brand', '42501',
 $$INSERT INTO public.fashion_brands (name) VALUES ('x')$$),
-- shared directories
('a_organizer', 'organizer renames a shared brand (no UPDATE privilege)', '42501',
 $$UPDATE public.fashion_brands SET name = 'x' WHERE id = fixture.id('fashion_brands', 'S')$$),
('a_owner', 'owner deletes a shared agency (no DELETE privilege)', '42501',
 $$DELETE FROM public.model_agencies WHERE id = fixture.id('model_agencies', 'S')$$);

SELECT t.no, t.persona, t.what, t.expected,
       CASE WHEN a.state = 'ok' THEN 'rows=' || a.nrows ELSE a.state END AS observed,
       CASE WHEN t.expected = CASE WHEN a.state = 'ok' THEN 'rows=' || a.nrows ELSE a.state END
            THEN 'pass' ELSE 'FAIL' END AS result
  FROM rls.trick t, LATERAL rls.attempt(t.persona, t.sql) a
 ORDER BY t.no;

-- ---------------------------------------------------------------------------------------------
-- The same, written out as PostgREST sends a request.
-- ---------------------------------------------------------------------------------------------
SELECT claims AS claims_a_organizer FROM fixture.persona WHERE name = 'a_organizer' \gset
SELECT claims AS claims_b_member FROM fixture.persona WHERE name = 'b_member' \gset

-- GET /events?select=name,status (a_organizer)
BEGIN;
SELECT 1 AS request FROM (SELECT set_config('role', 'authenticated', true),
                                 set_config('request.jwt.claims', :'claims_a_organizer', true)) s;
SELECT name, status FROM public.events ORDER BY name;
-- GET /instagram_connections?select=instagram_account_id,access_token
SELECT instagram_account_id, access_token FROM public.instagram_connections;
ROLLBACK;

-- PATCH /events?id=eq.<A> {"organization_id": <B>}
BEGIN;
SELECT 1 AS request FROM (SELECT set_config('role', 'authenticated', true),
                                 set_config('request.jwt.claims', :'claims_a_organizer', true)) s;
UPDATE public.events SET organization_id = fixture.id('organizations', 'B') WHERE id = fixture.id('events', 'A');
ROLLBACK;

-- GET /tasks?event_id=eq.<A> and /ticket_tiers (b_member)
BEGIN;
SELECT 1 AS request FROM (SELECT set_config('role', 'authenticated', true),
                                 set_config('request.jwt.claims', :'claims_b_member', true)) s;
SELECT title FROM public.tasks WHERE event_id = fixture.id('events', 'A');
SELECT t.name, t.price FROM public.ticket_tiers t ORDER BY t.name;
ROLLBACK;

-- GET /ticket_tiers (anon: no JWT)
BEGIN;
SELECT 1 AS request FROM (SELECT set_config('role', 'anon', true),
                                 set_config('request.jwt.claims', '{"role":"anon"}', true)) s;
SELECT t.name, t.price, t.quantity_total - t.quantity_sold AS available FROM public.ticket_tiers t ORDER BY t.name;
SELECT count(*) AS events FROM public.events;
ROLLBACK;
