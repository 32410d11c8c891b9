-- data_safety.sql: the data of fashionos survives pg_dump and is not lost by a stray DROP.
--
-- 1. pg_dump. The 52 tables of public are members of the extension, and pg_dump does not dump the
--    contents of extension members unless the extension registers them as configuration tables.
--    Every table (and sequence) of the extension is registered here, with no filter: all its rows
--    are dumped, except the derived ones below, which their triggers refill on restore. The
--    extension's tables are those pg_depend records as its members (fashionos.member_relations),
--    not a list kept by hand. A restore runs CREATE EXTENSION fashionos (which creates the empty
--    tables) and then loads the rows. Procedure in docs/schema.md, "Data safety";
--    tests/drills/dump_restore.sh proves it.
-- 2. The drop guard. DROP EXTENSION fashionos would drop the 52 tables with their rows. The event
--    trigger below refuses such a statement while any registered table holds a row, unless the
--    session opted in with SET fashionos.allow_drop_with_data = on.

-- ---------------------------------------------------------------------------------------------
-- 1. Configuration tables (their rows are dumped by pg_dump)
-- ---------------------------------------------------------------------------------------------
-- Registers every table and sequence of the extension but the derived ones: the booking ledger
-- (fashionos.bookings, copied from the availability tables by their triggers) and the door's change
-- log (fashionos.door_changes: a full door bundle needs none of it), and the marker that tells the
-- doors this database from one restored from its dump (fashionos.door_database, drawn again by the
-- restore's CREATE EXTENSION). That includes the private
-- state a restore needs (settings, signing keys, holds, revoked tokens, idempotency keys, options,
-- the door's synced scans, the webhook secrets and the webhook events already processed), and
-- auth.users where sql/bootstrap.sql created it (then its rows are user data that public.users
-- references; on Supabase auth.users is not ours and is dumped as any other table). Runs when the
-- extension is created, and again from an update script that adds tables (scripts/make-upgrade.py).
CREATE FUNCTION fashionos.register_config_dumps() RETURNS void
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_table regclass;
BEGIN
    -- one statement per table: each call rewrites the extension's pg_extension row
    FOR v_table IN SELECT t FROM fashionos.member_relations('{r,S}') AS t
                    WHERE t <> ALL ('{fashionos.bookings, fashionos.door_changes, fashionos.door_database}'::pg_catalog.regclass[]) LOOP
        PERFORM pg_catalog.pg_extension_config_dump(v_table, '');
    END LOOP;
END
$$;
COMMENT ON FUNCTION fashionos.register_config_dumps() IS
    'Registers every table and sequence of the extension but the derived ones (fashionos.bookings, fashionos.door_changes) and the database''s own marker (fashionos.door_database) with pg_extension_config_dump, so that pg_dump dumps their rows. Only from the extension''s own scripts.';
SELECT fashionos.register_config_dumps();

-- ---------------------------------------------------------------------------------------------
-- 2. The drop guard
-- ---------------------------------------------------------------------------------------------
-- An event trigger at ddl_command_start fires before anything is dropped. Its function,
-- fashionos.guard_drop() (Rust, src/data_safety.rs), reads the parsed statement: the names it drops,
-- exactly as the parser resolved them (quoted, Unicode-escaped, or run through EXECUTE, they are
-- the same names), and whether it cascades. fashionos.guard_drop_check decides. A statement is
-- guarded when:
--   DROP EXTENSION  names fashionos, or names with CASCADE an extension fashionos requires
--                   (btree_gist), which would drop fashionos along with it;
--   DROP SCHEMA     names the schema fashionos, or names with CASCADE a schema holding fashionos's
--                   objects (public, auth) or a required extension (extensions);
--   DROP OWNED      names the owner of the extension.
-- A guarded statement is refused while any of the user-data tables registered above (the 52
-- tables of public, fashionos.event_settings, and auth.users when the extension created it) holds
-- a row, unless fashionos.allow_drop_with_data is on. Private tables that the extension fills
-- itself (e.g. the ticket signing keys) do not count: a fresh installation is empty. Not covered:
-- DROP DATABASE (no event trigger fires) and a superuser who disables the event trigger.
CREATE FUNCTION fashionos.guard_drop_check(p_command text, p_names text[], p_cascade boolean)
    RETURNS text
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_ext oid;
    v_owner text;
    v_schema text;
    v_guarded text[];          -- names that are guarded with or without CASCADE
    v_cascade_guarded text[];  -- names that are guarded with CASCADE
    v_tables text[] := '{}';
    v_total bigint := 0;
    v_count bigint;
    v_rel pg_catalog.regclass;
BEGIN
    SELECT e.oid, r.rolname::text, n.nspname::text INTO v_ext, v_owner, v_schema
      FROM pg_catalog.pg_extension e
      JOIN pg_catalog.pg_roles r ON r.oid = e.extowner
      JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
     WHERE e.extname = 'fashionos';
    IF v_ext IS NULL THEN
        RETURN NULL;
    END IF;

    IF p_command = 'DROP EXTENSION' THEN
        v_guarded := ARRAY['fashionos'];
        SELECT pg_catalog.array_agg(x.extname::text) INTO v_cascade_guarded
          FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_extension x ON x.oid = d.refobjid
         WHERE d.classid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND d.objid = v_ext
           AND d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass;
    ELSIF p_command = 'DROP SCHEMA' THEN
        v_guarded := ARRAY[v_schema];
        SELECT pg_catalog.array_agg(DISTINCT n.nspname::text) INTO v_cascade_guarded
          FROM pg_catalog.pg_namespace n
         WHERE n.oid IN (
                SELECT c.relnamespace FROM pg_catalog.pg_class c
                  JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid
                 WHERE d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND d.refobjid = v_ext AND d.deptype = 'e'
                UNION
                SELECT x.extnamespace FROM pg_catalog.pg_extension x
                  JOIN pg_catalog.pg_depend d ON d.refobjid = x.oid
                 WHERE d.classid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND d.objid = v_ext
                   AND d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass);
    ELSIF p_command = 'DROP OWNED' THEN
        v_guarded := ARRAY[v_owner];
    ELSE
        RETURN NULL;
    END IF;

    IF NOT (p_names && v_guarded OR (p_cascade AND p_names && coalesce(v_cascade_guarded, '{}'))) THEN
        RETURN NULL;
    END IF;
    IF pg_catalog.lower(coalesce(pg_catalog.current_setting('fashionos.allow_drop_with_data', true), ''))
           IN ('on', 'true', 'yes', '1') THEN
        RETURN NULL;
    END IF;

    FOR v_rel IN
        SELECT c.oid::pg_catalog.regclass
          FROM pg_catalog.pg_extension e, pg_catalog.unnest(e.extconfig) AS t(relid)
          JOIN pg_catalog.pg_class c ON c.oid = t.relid
         WHERE e.oid = v_ext AND c.relkind = 'r'
           AND (c.relnamespace = 'public'::pg_catalog.regnamespace
                OR c.oid = 'fashionos.event_settings'::pg_catalog.regclass
                OR c.oid = pg_catalog.to_regclass('fashionos.options')
                OR c.oid = pg_catalog.to_regclass('auth.users'))
         ORDER BY c.oid::pg_catalog.regclass::text
    LOOP
        EXECUTE pg_catalog.format('SELECT count(*) FROM %s', v_rel) INTO v_count;
        IF v_count > 0 THEN
            v_tables := v_tables || pg_catalog.format('%s (%s %s)', v_rel, v_count,
                                                      CASE WHEN v_count = 1 THEN 'row' ELSE 'rows' END);
            v_total := v_total + v_count;
        END IF;
    END LOOP;
    IF v_total = 0 THEN
        RETURN NULL;
    END IF;

    RETURN pg_catalog.format('%s refused: it would drop the fashionos extension and the data in its tables: %s',
                             p_command, pg_catalog.array_to_string(v_tables, ', '));
END
$$;
COMMENT ON FUNCTION fashionos.guard_drop_check(text, text[], boolean) IS
    'The drop guard''s decision on a DROP EXTENSION, DROP SCHEMA or DROP OWNED (the names it drops, whether it cascades): NULL when it may run, else why it is refused (it would drop fashionos while its tables hold rows, and fashionos.allow_drop_with_data is not on).';

CREATE FUNCTION fashionos.guard_drop() RETURNS event_trigger
    LANGUAGE c
    SET search_path = pg_catalog, pg_temp
    AS 'MODULE_PATHNAME', 'fashionos_guard_drop';
COMMENT ON FUNCTION fashionos.guard_drop() IS
    'Event trigger: reads what a DROP EXTENSION, DROP SCHEMA or DROP OWNED statement drops from its parse tree and asks fashionos.guard_drop_check.';

CREATE EVENT TRIGGER fashionos_guard_drop ON ddl_command_start
    WHEN TAG IN ('DROP EXTENSION', 'DROP SCHEMA', 'DROP OWNED')
    EXECUTE FUNCTION fashionos.guard_drop();
-- Also when session_replication_role = replica.
ALTER EVENT TRIGGER fashionos_guard_drop ENABLE ALWAYS;
COMMENT ON EVENT TRIGGER fashionos_guard_drop IS
    'Refuses to drop the fashionos extension while its tables hold data; opt in with SET fashionos.allow_drop_with_data = on.';

-- ---------------------------------------------------------------------------------------------
-- 3. Ids never change
-- ---------------------------------------------------------------------------------------------
-- A row of public is known by its id: to the other tables' foreign keys, and to the private state
-- that names rows of public without one (the booking ledger, options, waitlists, the door's
-- scans). A changed id would strand that state (an option on a venue that no longer exists under
-- its id) or get round a guard that runs on DELETE. So no writer changes an id, however it writes.
-- BEFORE UPDATE OF id: a statement that does not name the column (every PATCH without it) does
-- not run it; an upsert that sets the id to itself passes.
CREATE FUNCTION fashionos.id_never_changes() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = '42501',
        MESSAGE = pg_catalog.format('the id of a %s row never changes', TG_TABLE_NAME),
        DETAIL = pg_catalog.format('%s.%s %s would become %s; other rows refer to it by its id.',
                                   TG_TABLE_SCHEMA, TG_TABLE_NAME, OLD.id, NEW.id),
        HINT = 'Insert a new row (and delete the old one) instead.';
END
$$;
COMMENT ON FUNCTION fashionos.id_never_changes() IS
    'Trigger of every table of public: refuses an update that changes the row''s id (42501, for every writer).';
DO $ids$
DECLARE
    v_table regclass;
BEGIN
    FOR v_table IN SELECT t FROM fashionos.member_relations('{r}', '{public}') AS t LOOP
        EXECUTE pg_catalog.format(
            'CREATE TRIGGER id_never_changes BEFORE UPDATE OF id ON %s FOR EACH ROW '
            'WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION fashionos.id_never_changes()', v_table);
        EXECUTE pg_catalog.format('COMMENT ON TRIGGER id_never_changes ON %s IS %L', v_table,
                                  'A row''s id never changes (42501): other rows and the private state refer to it by id.');
    END LOOP;
END
$ids$;

-- ---------------------------------------------------------------------------------------------
-- 4. Numbers and dates the computations can use
-- ---------------------------------------------------------------------------------------------
-- The rules below hold every writer of the API, server-side code included, but not the
-- operator's own session: a restore (pg_restore connects as a superuser, or as the extension's
-- owner, and switches no role) loads rows as they are, also those written before a rule existed. Otherwise a database with
-- an event dated 'infinity' in 0.4.0 could be dumped but never restored.
CREATE FUNCTION fashionos.writer_is_operator() RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    SELECT pg_catalog.current_setting('role') = 'none'
       AND coalesce((SELECT r.rolsuper OR r.oid = (SELECT e.extowner FROM pg_catalog.pg_extension e WHERE e.extname = 'fashionos')
                       FROM pg_catalog.pg_roles r WHERE r.rolname = SESSION_USER), false)
$$;
COMMENT ON FUNCTION fashionos.writer_is_operator() IS
    'Whether the session is the operator''s own: a superuser or the extension''s owner (who restores it), logged in, that switched to no role (pg_restore, psql as the owner). The rules on new values do not hold it: it loads rows as they are. A backend''s own login, even one that bypasses row level security, is server-side code, held like service_role.';

-- A CHECK (price >= 0) lets NaN through (PostgreSQL orders NaN above every number), and a NaN
-- price becomes a NaN payment that no provider's amount matches and that turns every sum into
-- NaN. Every numeric column of public refuses NaN, for every writer. The WHEN clause keeps the
-- trigger function out of every write that carries no NaN, and UPDATE OF the numeric columns out
-- of updates that do not set them (a reservation's UPDATE of quantity_sold).
CREATE FUNCTION fashionos.numbers_not_nan() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_row jsonb := pg_catalog.to_jsonb(NEW);
    v_columns text[];
BEGIN
    IF fashionos.writer_is_operator() THEN
        RETURN NEW;
    END IF;
    SELECT pg_catalog.array_agg(c ORDER BY c) INTO v_columns
      FROM pg_catalog.unnest(TG_ARGV) AS c WHERE v_row ->> c = 'NaN';
    RAISE EXCEPTION USING ERRCODE = '22023',
        MESSAGE = pg_catalog.format('%s.%s is not a number', TG_TABLE_NAME, v_columns[1]),
        DETAIL = pg_catalog.format('%s of the %s row %s: NaN.', pg_catalog.array_to_string(v_columns, ', '),
                                   TG_TABLE_NAME, coalesce(v_row ->> 'id', '(new)')),
        HINT = 'Send an amount as a number, e.g. 120.00.';
END
$$;
COMMENT ON FUNCTION fashionos.numbers_not_nan() IS
    'Trigger of the tables of public with numeric columns (its arguments): refuses NaN in them (22023, for every writer of the API; the operator''s own session, a restore, loads rows as they are).';
DO $nan$
DECLARE
    v record;
BEGIN
    FOR v IN
        SELECT a.attrelid::regclass AS tbl, pg_catalog.array_agg(a.attname::text ORDER BY a.attnum) AS cols
          FROM pg_catalog.pg_attribute a
          JOIN fashionos.member_relations('{r}', '{public}') AS t ON t = a.attrelid
         WHERE a.atttypid = 'pg_catalog.numeric'::pg_catalog.regtype AND a.attnum > 0 AND NOT a.attisdropped
         GROUP BY a.attrelid
    LOOP
        EXECUTE pg_catalog.format(
            'CREATE TRIGGER numbers_not_nan BEFORE INSERT OR UPDATE OF %s ON %s FOR EACH ROW WHEN (%s) '
            'EXECUTE FUNCTION fashionos.numbers_not_nan(%s)',
            (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(c), ', ') FROM pg_catalog.unnest(v.cols) AS c),
            v.tbl,
            (SELECT pg_catalog.string_agg(pg_catalog.format('NEW.%I = ''NaN''::pg_catalog.numeric', c), ' OR ')
               FROM pg_catalog.unnest(v.cols) AS c),
            (SELECT pg_catalog.string_agg(pg_catalog.quote_literal(c), ', ') FROM pg_catalog.unnest(v.cols) AS c));
        EXECUTE pg_catalog.format('COMMENT ON TRIGGER numbers_not_nan ON %s IS %L', v.tbl,
                                  'Refuses NaN in the numeric columns (22023): CHECK (x >= 0) lets NaN through.');
    END LOOP;
END
$nan$;

-- An event's dates lie between 1900 and 9999: infinite dates (which PostgreSQL accepts) and dates
-- near the end of its range make the sale's end overflow for every reader of the tiers (anon's
-- policy asks whether an event is on sale), and no client shows them.
CREATE FUNCTION fashionos.event_dates_in_range() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF fashionos.writer_is_operator() THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'event date out of range',
        DETAIL = pg_catalog.format('start_date %s, end_date %s; an event''s dates lie in the years 1900 to 9999.',
                                   NEW.start_date, coalesce(NEW.end_date::text, 'none')),
        HINT = 'Send the event''s real dates, e.g. 2027-03-01T19:00:00+01:00; leave end_date out when it is not known.';
END
$$;
COMMENT ON FUNCTION fashionos.event_dates_in_range() IS
    'Trigger of public.events: refuses dates outside the years 1900 to 9999, infinity included (22023; the operator''s own session, a restore, loads rows as they are).';
CREATE TRIGGER events_dates_in_range BEFORE INSERT OR UPDATE OF start_date, end_date ON public.events
    FOR EACH ROW WHEN (NOT (NEW.start_date >= '1900-01-01 00:00+00' AND NEW.start_date < '10000-01-01 00:00+00')
                       OR NOT (coalesce(NEW.end_date, NEW.start_date) >= '1900-01-01 00:00+00'
                               AND coalesce(NEW.end_date, NEW.start_date) < '10000-01-01 00:00+00'))
    EXECUTE FUNCTION fashionos.event_dates_in_range();
COMMENT ON TRIGGER events_dates_in_range ON public.events IS
    'An event''s dates lie in the years 1900 to 9999, infinity refused (22023).';

-- The other dates of the planning, content and commerce tables lie in the same years: a task's
-- deadline, a shoot's date, a post's schedule and publication, a payment's time, a sync's time,
-- the dates of call times, rehearsals and the run of show. A client sorts and formats them (a
-- JavaScript Date cannot read 'infinity' or a six-digit year, and a list ordered by deadline
-- breaks on one such row). The availability tables keep their own rules (sql/availability.sql),
-- events theirs (above), and the extension writes checked_in_at and the timestamps.
CREATE FUNCTION fashionos.dates_in_range() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_column text;
    v_out boolean;
    v_bad text[] := '{}';
BEGIN
    IF fashionos.writer_is_operator() THEN
        RETURN NEW;
    END IF;
    FOREACH v_column IN ARRAY TG_ARGV LOOP
        EXECUTE pg_catalog.format('SELECT NOT ($1.%1$I >= ''1900-01-01 00:00+00'' AND $1.%1$I < ''10000-01-01 00:00+00'')', v_column)
           INTO v_out USING NEW;
        IF v_out THEN
            v_bad := v_bad || pg_catalog.format('%s %s', v_column, pg_catalog.to_jsonb(NEW) ->> v_column);
        END IF;
    END LOOP;
    RAISE EXCEPTION USING ERRCODE = '22023',
        MESSAGE = pg_catalog.format('%s.%s out of range', TG_TABLE_NAME, pg_catalog.split_part(v_bad[1], ' ', 1)),
        DETAIL = pg_catalog.format('%s; dates lie in the years 1900 to 9999.', pg_catalog.array_to_string(v_bad, ', ')),
        HINT = 'Send a real date, e.g. 2027-03-01T19:00:00+01:00, or leave the column out (null) when there is none.';
END
$$;
COMMENT ON FUNCTION fashionos.dates_in_range() IS
    'Trigger of the tables of public with date and time columns of their own (its arguments): refuses dates outside the years 1900 to 9999, infinity included (22023; the operator''s own session, a restore, loads rows as they are).';
DO $dates$
DECLARE
    v record;
BEGIN
    FOR v IN
        SELECT a.attrelid::regclass AS tbl, pg_catalog.array_agg(a.attname::text ORDER BY a.attnum) AS cols
          FROM pg_catalog.pg_attribute a
          JOIN fashionos.member_relations('{r}', '{public}') AS t ON t = a.attrelid
         WHERE a.atttypid IN ('pg_catalog.date'::pg_catalog.regtype, 'pg_catalog.timestamptz'::pg_catalog.regtype)
           AND a.attnum > 0 AND NOT a.attisdropped
           AND a.attname NOT IN ('created_at', 'updated_at', 'checked_in_at')
           AND a.attrelid <> ALL ('{public.events, public.venue_availability, public.model_availability, public.designer_availability}'::pg_catalog.regclass[])
         GROUP BY a.attrelid
    LOOP
        EXECUTE pg_catalog.format(
            'CREATE TRIGGER dates_in_range BEFORE INSERT OR UPDATE OF %s ON %s FOR EACH ROW WHEN (%s) '
            'EXECUTE FUNCTION fashionos.dates_in_range(%s)',
            (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(c), ', ') FROM pg_catalog.unnest(v.cols) AS c),
            v.tbl,
            (SELECT pg_catalog.string_agg(pg_catalog.format('NOT (NEW.%1$I >= ''1900-01-01 00:00+00'' AND NEW.%1$I < ''10000-01-01 00:00+00'')', c), ' OR ')
               FROM pg_catalog.unnest(v.cols) AS c),
            (SELECT pg_catalog.string_agg(pg_catalog.quote_literal(c), ', ') FROM pg_catalog.unnest(v.cols) AS c));
        EXECUTE pg_catalog.format('COMMENT ON TRIGGER dates_in_range ON %s IS %L', v.tbl,
                                  'Dates lie in the years 1900 to 9999, infinity refused (22023).');
    END LOOP;
END
$dates$;

-- created_at and updated_at are the server's. A client's clock (an offline device stamping its
-- rows, a script) would otherwise set them on insert, and created_at on update: a row stamped in
-- the year 2999 becomes every device's newest change, one stamped in the past is never pulled by
-- "changed since", and the door's check of offline scans against when an event was created and a
-- ticket bought (sync_door_scans) could be moved by an organizer. For API clients (anon,
-- authenticated) an insert takes the database's now() for both, whatever it sends, and an update
-- keeps created_at (updated_at is set by the tables' updated_at triggers); an upsert does both.
-- Server-side code (an import of old records) and the extension's own functions write them as
-- they are. The WHEN clause keeps the extension's own writes (a reservation's rows) out of the
-- function, as the ticketing doors do (sql/ticketing_doors.sql).
CREATE FUNCTION fashionos.server_timestamps() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF fashionos.writer_is_server() THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'INSERT' THEN
        RETURN pg_catalog.jsonb_populate_record(NEW,
            (SELECT pg_catalog.jsonb_object_agg(c, pg_catalog.now()) FROM pg_catalog.unnest(TG_ARGV) AS c));
    END IF;
    RETURN pg_catalog.jsonb_populate_record(NEW, pg_catalog.jsonb_build_object('created_at', OLD.created_at));
END
$$;
COMMENT ON FUNCTION fashionos.server_timestamps() IS
    'Trigger of every table of public: an API client''s insert takes now() for created_at and updated_at (its arguments: the columns the table has), an update keeps created_at; server-side code writes them as they are.';
DO $stamps$
DECLARE
    v record;
    v_owner text;
BEGIN
    SELECT e.extowner::text INTO STRICT v_owner FROM pg_catalog.pg_extension e WHERE e.extname = 'fashionos';
    FOR v IN
        SELECT a.attrelid::regclass AS tbl, pg_catalog.array_agg(a.attname::text ORDER BY a.attnum) AS cols
          FROM pg_catalog.pg_attribute a
          JOIN fashionos.member_relations('{r}', '{public}') AS t ON t = a.attrelid
         WHERE a.attname IN ('created_at', 'updated_at') AND a.attnum > 0 AND NOT a.attisdropped
         GROUP BY a.attrelid
    LOOP
        EXECUTE pg_catalog.format(
            'CREATE TRIGGER server_timestamps BEFORE INSERT OR UPDATE OF created_at ON %s FOR EACH ROW '
            'WHEN (NOT pg_catalog.pg_has_role(CURRENT_USER, %s::pg_catalog.oid, ''USAGE'')) '
            'EXECUTE FUNCTION fashionos.server_timestamps(%s)',
            v.tbl, v_owner,
            (SELECT pg_catalog.string_agg(pg_catalog.quote_literal(c), ', ') FROM pg_catalog.unnest(v.cols) AS c));
        EXECUTE pg_catalog.format('COMMENT ON TRIGGER server_timestamps ON %s IS %L', v.tbl,
                                  'created_at and updated_at are the server''s: an API client''s insert takes now(), its update keeps created_at.');
    END LOOP;
END
$stamps$;

-- ---------------------------------------------------------------------------------------------
-- 5. Links and slugs that clients render
-- ---------------------------------------------------------------------------------------------
-- The directories (model profiles, agencies, brands, sponsors) are read by every signed-in user,
-- and a logo, an avatar or an asset by every colleague: a client renders these columns as links
-- and images. A `javascript:` or `data:` address written by one tenant would run in another
-- tenant's browser when clicked. A link an API client (anon, authenticated) writes is an absolute
-- http or https address, without white space (Unicode's too), control characters or the invisible
-- and direction-changing format characters (a link ending in U+202E "gpj.exe" shows as "exe.jpg"),
-- of at most 2,048 characters. A column that holds a handle or a link (fashion_brands.instagram)
-- takes a handle too.
-- Server-side code (service_role, a superuser, a role that bypasses row level security) is not
-- held to it: it curates the directories, and a restore loads rows written before this rule.
CREATE FUNCTION fashionos.writer_is_server() RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    SELECT coalesce((SELECT r.rolsuper OR r.rolbypassrls OR pg_catalog.pg_has_role(r.oid, 'service_role', 'MEMBER')
                       FROM pg_catalog.pg_roles r WHERE r.rolname = current_user), false)
$$;
COMMENT ON FUNCTION fashionos.writer_is_server() IS
    'Whether the role writing a row (current_user, not the request''s role) is server-side code: service_role, a superuser or a role that bypasses row level security. The triggers that hold API clients only to a rule ask it.';

CREATE FUNCTION fashionos.is_web_link(p_url text) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    SELECT pg_catalog.length(p_url) <= 2048
       AND (p_url = ''
            OR p_url OPERATOR(pg_catalog.~*) '^https?://[^[:space:][:cntrl:]/?#@\u00a0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]+([/?#][^[:space:][:cntrl:]\u00a0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]*)?$'
            -- a relative reference (a path of this site or a storage key): no scheme, so no colon
            -- before its first / ? or #, and no HTML character reference a page could decode
            OR (p_url OPERATOR(pg_catalog.~) '^[^:/?#[:space:][:cntrl:]\u00a0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]*([/?#][^[:space:][:cntrl:]\u00a0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]*)?$'
                AND p_url OPERATOR(pg_catalog.!~) '&[#[:alnum:]]+;'))
$$;
COMMENT ON FUNCTION fashionos.is_web_link(text) IS
    'Whether a text is a link clients may render: an absolute http or https address with a host, a relative reference without a scheme (a path such as /storage/v1/object/public/a.png, a storage key), or empty; without white space, control or invisible characters, of at most 2,048 characters.';

CREATE FUNCTION fashionos.is_handle_or_web_link(p_value text) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    SELECT p_value OPERATOR(pg_catalog.~) '^@?[A-Za-z0-9._]{1,30}$' OR fashionos.is_web_link(p_value)
$$;
COMMENT ON FUNCTION fashionos.is_handle_or_web_link(text) IS
    'Whether a text is a social handle (@ and 1 to 30 letters, digits, dots or underscores, as Instagram''s) or a link clients may render (fashionos.is_web_link).';

CREATE FUNCTION fashionos.links_are_web() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_row jsonb := pg_catalog.to_jsonb(NEW);
    v_column text;
    v_value text;
    v_handle boolean;
BEGIN
    IF fashionos.writer_is_server() THEN
        RETURN NEW;
    END IF;
    FOREACH v_column IN ARRAY TG_ARGV LOOP
        v_handle := v_column LIKE '%:handle';
        v_column := pg_catalog.split_part(v_column, ':', 1);
        v_value := v_row ->> v_column;
        IF v_value IS NOT NULL
           AND NOT (CASE WHEN v_handle THEN fashionos.is_handle_or_web_link(v_value) ELSE fashionos.is_web_link(v_value) END) THEN
            RAISE EXCEPTION USING ERRCODE = '22023',
                MESSAGE = pg_catalog.format('%s.%s is not a %s', TG_TABLE_NAME, v_column,
                                            CASE WHEN v_handle THEN 'handle or web address' ELSE 'web address' END),
                DETAIL = pg_catalog.format('%s of the %s row %s: %s. Clients render it as a link or an image, so it must be %san absolute http or https address, or a path without a scheme, without spaces or invisible characters, of at most 2,048 characters.',
                                           v_column, TG_TABLE_NAME, coalesce(v_row ->> 'id', '(new)'),
                                           fashionos.shown(v_value),
                                           CASE WHEN v_handle THEN 'a handle (@maison_aurele) or ' ELSE '' END),
                HINT = CASE WHEN v_handle THEN 'Send the handle, e.g. @maison_aurele (no spaces), or the profile''s full address; null or an empty text clears it.'
                            ELSE 'Send the full address, e.g. https://example.com/lookbook.pdf, or a path such as /storage/v1/object/public/looks/a.jpg; null or an empty text clears it.' END;
        END IF;
    END LOOP;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION fashionos.links_are_web() IS
    'Trigger of the tables of public with link columns (its arguments): an API client (anon, authenticated) writes only http or https addresses there (22023); server-side code and restores are not held to it.';
DO $links$
DECLARE
    v record;
BEGIN
    FOR v IN
        SELECT l.tbl::regclass AS tbl, pg_catalog.array_agg(l.col ORDER BY l.col) AS cols
          FROM (VALUES ('public.organizations', 'logo_url'), ('public.users', 'avatar_url'),
                       ('public.sponsors', 'logo_url'), ('public.sponsors', 'website'),
                       ('public.assets', 'file_url'), ('public.assets', 'thumbnail_url'),
                       ('public.event_assets', 'url'), ('public.model_agencies', 'website'),
                       ('public.model_profiles', 'portfolio_url'), ('public.fashion_brands', 'website'),
                       ('public.sponsor_organizations', 'logo_url'), ('public.sponsor_organizations', 'website'),
                       ('public.shoot_assets', 'file_url'), ('public.shoot_assets', 'thumbnail_url'),
                       ('public.shoot_payments', 'invoice_url'), ('public.asset_variants', 'file_url'),
                       ('public.fashion_brands', 'instagram:handle'))
               AS l(tbl, col)
         GROUP BY l.tbl
    LOOP
        EXECUTE pg_catalog.format(
            'CREATE TRIGGER links_are_web BEFORE INSERT OR UPDATE OF %s ON %s FOR EACH ROW WHEN (%s) '
            'EXECUTE FUNCTION fashionos.links_are_web(%s)',
            (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(pg_catalog.split_part(c, ':', 1)), ', ') FROM pg_catalog.unnest(v.cols) AS c),
            v.tbl,
            (SELECT pg_catalog.string_agg(CASE WHEN c LIKE '%:handle'
                                               THEN pg_catalog.format('NOT fashionos.is_handle_or_web_link(NEW.%I)', pg_catalog.split_part(c, ':', 1))
                                               ELSE pg_catalog.format('NOT fashionos.is_web_link(NEW.%I)', c) END, ' OR ')
               FROM pg_catalog.unnest(v.cols) AS c),
            (SELECT pg_catalog.string_agg(pg_catalog.quote_literal(c), ', ') FROM pg_catalog.unnest(v.cols) AS c));
        EXECUTE pg_catalog.format('COMMENT ON TRIGGER links_are_web ON %s IS %L', v.tbl,
                                  'API clients write only http or https addresses in the link columns (22023): clients render them.');
    END LOOP;
END
$links$;

-- organizations.slug names the organization in addresses (events_on_sale's p_organization_slug,
-- a shop's URL): lowercase letters, digits and single hyphens, at most 63 characters, for what
-- API clients write (an owner or admin renaming it).
CREATE FUNCTION fashionos.organizations_slug_url_safe() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF fashionos.writer_is_server() THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION USING ERRCODE = '22023',
        MESSAGE = 'organizations.slug is not URL-safe',
        DETAIL = pg_catalog.format('slug of the organizations row %s: %s. A slug is lowercase letters a-z, digits and single hyphens between them, at most 63 characters.',
                                   NEW.id, fashionos.shown(NEW.slug)),
        HINT = 'Send e.g. maison-aurele.';
END
$$;
COMMENT ON FUNCTION fashionos.organizations_slug_url_safe() IS
    'Trigger of public.organizations: an API client writes only URL-safe slugs (22023); server-side code and restores are not held to it.';
CREATE TRIGGER organizations_slug_url_safe BEFORE INSERT OR UPDATE OF slug ON public.organizations
    FOR EACH ROW WHEN (NOT (NEW.slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND pg_catalog.length(NEW.slug) <= 63))
    EXECUTE FUNCTION fashionos.organizations_slug_url_safe();
COMMENT ON TRIGGER organizations_slug_url_safe ON public.organizations IS
    'API clients write only URL-safe slugs (22023): lowercase letters, digits and single hyphens, at most 63 characters.';

-- shopify_shops.shop_domain is unique, so a store is connected once: but host names ignore case,
-- and a full-width or upper-case spelling of one store is another text. API clients write the
-- store's myshopify.com domain as Shopify spells it (lower case), so the UNIQUE constraint
-- compares stores, not spellings.
CREATE FUNCTION fashionos.shopify_shops_domain_is_a_store() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF fashionos.writer_is_server() THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION USING ERRCODE = '22023',
        MESSAGE = 'shopify_shops.shop_domain is not a store''s myshopify.com domain',
        DETAIL = pg_catalog.format('shop_domain of the shopify_shops row %s: %s. A store is named by its myshopify.com domain as Shopify writes it: lowercase letters a-z, digits and hyphens, then .myshopify.com.',
                                   NEW.id, fashionos.shown(NEW.shop_domain)),
        HINT = 'Send the shop parameter of Shopify''s OAuth callback, e.g. maison-aurele.myshopify.com.';
END
$$;
COMMENT ON FUNCTION fashionos.shopify_shops_domain_is_a_store() IS
    'Trigger of public.shopify_shops: an API client writes a store''s myshopify.com domain in lower case (22023), so that one store is connected once; server-side code and restores are not held to it.';
CREATE TRIGGER shopify_shops_domain_is_a_store BEFORE INSERT OR UPDATE OF shop_domain ON public.shopify_shops
    FOR EACH ROW WHEN (NEW.shop_domain !~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?\.myshopify\.com$')
    EXECUTE FUNCTION fashionos.shopify_shops_domain_is_a_store();
COMMENT ON TRIGGER shopify_shops_domain_is_a_store ON public.shopify_shops IS
    'API clients write a store''s myshopify.com domain in lower case (22023): one store, one spelling, connected once.';
