-- event_settings.sql: per-event settings that the 44 specified tables have no column for.
-- Kept in the private schema (public holds exactly the 52 specified tables); read and written
-- through public.get_event_settings / public.set_event_settings.

-- A name of the time zone database, not anything AT TIME ZONE accepts: PostgreSQL also reads a
-- POSIX rule such as 'UTC+5' (which is five hours WEST of Greenwich, the opposite of what it
-- seems to say) or 'EST5EDT,M3.2.0,M11.1.0', and the database's posix/ copies of the zones. The
-- list is read from the time zone directory (pg_timezone_names) once per session.
CREATE FUNCTION fashionos.is_time_zone(p_name text) RETURNS boolean
    LANGUAGE plpgsql STABLE STRICT PARALLEL RESTRICTED SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    -- the names of pg_timezone_names, read once per session (src/availability.rs: reading them
    -- takes about 0.4 s, and the CHECK below asks at every change of an event's settings)
    RETURN fashionos.known_time_zone(p_name);
END
$$;
COMMENT ON FUNCTION fashionos.is_time_zone(text) IS 'True when the name is one of the time zone database (IANA name such as Europe/Paris, or UTC; any case), not a POSIX rule such as UTC+5, a fixed offset with the POSIX sign (Etc/GMT+5), localtime, posixrules or Factory.';

CREATE TABLE fashionos.event_settings (
    event_id uuid PRIMARY KEY REFERENCES public.events(id) ON DELETE CASCADE,
    time_zone text NOT NULL DEFAULT 'UTC' CHECK (fashionos.is_time_zone(time_zone)),
    walk_min_gap integer NOT NULL DEFAULT 5 CHECK (walk_min_gap BETWEEN 1 AND 1000),
    hold_minutes integer NOT NULL DEFAULT 15 CHECK (hold_minutes BETWEEN 1 AND 10080),
    call_time_minutes integer NOT NULL DEFAULT 240 CHECK (call_time_minutes BETWEEN 1 AND 1440),
    updated_at timestamptz NOT NULL DEFAULT now(),
    buyer_max_tickets integer NOT NULL DEFAULT 20 CHECK (buyer_max_tickets BETWEEN 1 AND 10000),
    buyer_max_tickets_per_tier integer NOT NULL DEFAULT 10 CHECK (buyer_max_tickets_per_tier BETWEEN 1 AND 10000),
    buyer_max_holds integer NOT NULL DEFAULT 10 CHECK (buyer_max_holds BETWEEN 1 AND 10000),
    waitlist_offer_minutes integer NOT NULL DEFAULT 60 CHECK (waitlist_offer_minutes BETWEEN 1 AND 10080)
);
CREATE TRIGGER event_settings_updated_at BEFORE UPDATE ON fashionos.event_settings
    FOR EACH ROW EXECUTE FUNCTION fashionos.set_updated_at();

-- The range a whole-number setting may take, as its CHECK constraint above says (BETWEEN lo AND
-- hi): the functions that check an argument against a setting's range (validate_walk_order's
-- p_min_gap, call_time_range's minutes) ask here, so the bounds are written once. NULL for a
-- setting whose CHECK is not such a range.
CREATE FUNCTION fashionos.setting_range(p_setting name) RETURNS int4range
    LANGUAGE sql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    SELECT pg_catalog.int4range(m.bounds[1]::integer, m.bounds[2]::integer, '[]')
      FROM pg_catalog.pg_constraint AS c
      JOIN pg_catalog.pg_attribute AS a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
     CROSS JOIN LATERAL pg_catalog.regexp_match(pg_catalog.pg_get_constraintdef(c.oid),
                                                '^CHECK \(\(\(\w+ >= (-?\d+)\) AND \(\w+ <= (-?\d+)\)\)\)$') AS m(bounds)
     WHERE c.conrelid = 'fashionos.event_settings'::pg_catalog.regclass AND c.contype = 'c'
       AND pg_catalog.cardinality(c.conkey) = 1 AND a.attname = p_setting
       AND m.bounds IS NOT NULL  -- a CHECK that is not such a range (time_zone's)
$$;
COMMENT ON FUNCTION fashionos.setting_range(name) IS
    'The range [lo, hi] a whole-number setting of fashionos.event_settings may take, read from its CHECK constraint; NULL for a setting without one.';

-- The settings of an event are the columns of fashionos.event_settings (every column but event_id
-- and updated_at, in table order), and their defaults are the column defaults: both are written
-- once, in the CREATE TABLE above. This block reads them from the catalog (pg_attribute,
-- pg_attrdef) and writes the two functions that name every setting:
-- - fashionos.settings_for, the settings in force for an event: its row, or the column defaults,
--   one column of the result per setting, so a call costs what a hand-written body costs.
--   PL/pgSQL, not SQL: a SQL function with SET search_path is never inlined, and its body is parsed
--   and planned again at every statement that calls it (0.15 ms of each reservation, measured with
--   pg_stat_statements); PL/pgSQL keeps the plan for the session.
-- - fashionos.set_event_settings, the implementation of public.set_event_settings
--   (sql/api/settings.sql): one argument p_<setting> per column, the row it writes and the update.
-- A new setting is a new column, and an argument of the public wrapper; nothing more here.
-- SECURITY DEFINER: they read and write the private table (set_event_settings after checking the
-- caller).
DO $do$
DECLARE
    v_columns text;       -- settings_for's result columns
    v_defaulted text;     -- settings_for's values: the event's, or the column default
    v_arguments text;     -- set_event_settings' arguments
    v_names text;         -- the columns set_event_settings writes
    v_values text;        -- its values: the argument, or the setting in force
    v_changes text;       -- its update of an existing row
    v_ranges text;        -- its checks of the whole-number arguments against their CHECK ranges
BEGIN
    SELECT pg_catalog.string_agg(pg_catalog.format('%I %s', a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod)),
                                 ', ' ORDER BY a.attnum),
           pg_catalog.string_agg(pg_catalog.format('coalesce(s.%I, %s)', a.attname, pg_catalog.pg_get_expr(d.adbin, d.adrelid)),
                                 ', ' ORDER BY a.attnum),
           pg_catalog.string_agg(pg_catalog.format('%I %s DEFAULT NULL', 'p_' || a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod)),
                                 ', ' ORDER BY a.attnum),
           pg_catalog.string_agg(pg_catalog.quote_ident(a.attname), ', ' ORDER BY a.attnum),
           pg_catalog.string_agg(pg_catalog.format('coalesce(%I, v_now.%I)', 'p_' || a.attname, a.attname), ', ' ORDER BY a.attnum),
           pg_catalog.string_agg(pg_catalog.format('%I = coalesce(%I, s.%I)', a.attname, 'p_' || a.attname, a.attname), ', ' ORDER BY a.attnum)
      INTO v_columns, v_defaulted, v_arguments, v_names, v_values, v_changes
      FROM pg_catalog.pg_attribute a
      JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE a.attrelid = 'fashionos.event_settings'::pg_catalog.regclass AND a.attnum > 0 AND NOT a.attisdropped
       AND a.attname NOT IN ('event_id', 'updated_at');
    -- An argument out of its setting's range is refused before the write, with the setting's
    -- name and range (the CHECK constraint's own error names the private table and its row).
    SELECT pg_catalog.string_agg(pg_catalog.format($c$
            IF %1$I IS NOT NULL AND NOT %1$I <@ %2$L::int4range THEN
                RAISE EXCEPTION USING ERRCODE = '23514', MESSAGE = %3$L,
                    DETAIL = pg_catalog.format('%1$s was %%s; it must be from %4$s to %5$s.', %1$I),
                    HINT = 'Pass a whole number from %4$s to %5$s, or leave %1$s out to keep the setting as it is.';
            END IF;$c$, 'p_' || a.attname, r.bounds, 'p_' || a.attname || ' is out of range',
            pg_catalog.lower(r.bounds), pg_catalog.upper(r.bounds) - 1), '' ORDER BY a.attnum)
      INTO v_ranges
      FROM pg_catalog.pg_attribute a
     CROSS JOIN LATERAL (SELECT fashionos.setting_range(a.attname) AS bounds) r
     WHERE a.attrelid = 'fashionos.event_settings'::pg_catalog.regclass AND a.attnum > 0 AND NOT a.attisdropped
       AND r.bounds IS NOT NULL;
    EXECUTE pg_catalog.format($f$
        CREATE FUNCTION fashionos.settings_for(p_event_id uuid)
            RETURNS TABLE (%s)
            LANGUAGE plpgsql STABLE
            SECURITY DEFINER
            SET search_path = pg_catalog, pg_temp
            AS $$ BEGIN
                RETURN QUERY SELECT %s FROM (SELECT 1) AS one LEFT JOIN fashionos.event_settings s ON s.event_id = p_event_id;
            END $$
        $f$, v_columns, v_defaulted);
    EXECUTE pg_catalog.format($f$
        CREATE FUNCTION fashionos.set_event_settings(p_event_id uuid, %1$s)
            RETURNS SETOF public.event_settings_values
            LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        DECLARE
            v_now record;  -- the settings in force: the event's row, or the column defaults
        BEGIN
            PERFORM fashionos.require_runs_event(p_event_id, 'not allowed to change event settings',
                'Sign in as a member of the event''s organization with role organizer, admin or owner.');
            IF p_time_zone IS NOT NULL AND NOT fashionos.is_time_zone(p_time_zone) THEN
                RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'unknown time zone',
                    DETAIL = format('%%s is not a name of the time zone database.', fashionos.shown(p_time_zone)),
                    HINT = 'Use an IANA name such as Europe/Paris or America/New_York (not a POSIX rule such as UTC+5, which PostgreSQL reads as five hours west of Greenwich).';
            END IF;
            -- stored as the time zone database spells it (europe/paris is Europe/Paris), the name
            -- door apps and other clients' time zone libraries look up
            p_time_zone := (SELECT z.name FROM pg_catalog.pg_timezone_names z
                             WHERE pg_catalog.lower(z.name) = pg_catalog.lower(p_time_zone) AND z.name !~ '^(posix|right)/'
                             ORDER BY z.name LIMIT 1);
            %5$s
            -- The event's row before the settings row, FOR NO KEY UPDATE: one change of an event's
            -- settings (or of the event itself) at a time; a deletion of the event in flight (its
            -- cascade takes the availability rows this change moves, then the settings row) is
            -- waited for and answered 404 (fashionos.key_share_event, which finds no row then), or
            -- waits for this change, instead of the two waiting for each other; and a change that
            -- arrives while a deletion waits queues behind it (a KEY SHARE would not, and a stream of
            -- changes would keep the deletion waiting).
            PERFORM 1 FROM public.events e WHERE e.id = p_event_id FOR NO KEY UPDATE;
            IF NOT FOUND THEN
                PERFORM fashionos.key_share_event(p_event_id);
            END IF;
            SELECT * INTO v_now FROM fashionos.settings_for(p_event_id);
            INSERT INTO fashionos.event_settings AS s (event_id, %2$s)
            VALUES (p_event_id, %3$s)
            ON CONFLICT ON CONSTRAINT event_settings_pkey DO UPDATE SET %4$s;
            RETURN QUERY SELECT * FROM fashionos.get_event_settings(p_event_id);
        END
        $$
        $f$, v_arguments, v_names, v_values, v_changes, v_ranges);
END
$do$;
COMMENT ON FUNCTION fashionos.settings_for(uuid) IS 'The settings in force for an event: its event_settings row, or the column defaults of fashionos.event_settings.';
COMMENT ON FUNCTION fashionos.set_event_settings(uuid, text, integer, integer, integer, integer, integer, integer, integer) IS
    'Implementation of public.set_event_settings: for the event''s organizers (42501 for other members, PT404 for others).';

-- Implementation of public.get_event_settings (sql/api/settings.sql): what settings_for answers,
-- for members of the event's organization.
CREATE FUNCTION fashionos.get_event_settings(p_event_id uuid)
    RETURNS SETOF public.event_settings_values
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM fashionos.require_event_visible(p_event_id);
    RETURN QUERY SELECT p_event_id, s.* FROM fashionos.settings_for(p_event_id) s;
END
$$;
COMMENT ON FUNCTION fashionos.get_event_settings(uuid) IS
    'Implementation of public.get_event_settings: the settings of an event whose organization the caller belongs to (else PT404).';
