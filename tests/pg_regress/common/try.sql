-- try.sql: the one try helper of the SQL tests (definitions only; it prints nothing). The regress
-- tests get it in pg_temp through helpers.sql; tests/isolation/fixture.sql sets the psql variable
-- helpers to isofix first, so that the steps of a spec, each its own session, can call it.
--
-- try(sql): runs one statement and says how it ended, in one deterministic format:
--   ok, <n> row(s)                                       the rows it returned or changed
--   <SQLSTATE>: <message>[ | <detail>][ | hint: <hint>]   the error a client would see
-- What would differ from run to run is masked in the detail and the hint:
--   <id>   a uuid the test did not choose (made at random by the extension: a registration, a
--          payment). The fixed ids of the fixtures print as they are: 00000000-0000-0000-kkkk-...
--          (pg_temp.id), xxxxxxxx-0000-0000-0000-... and xxxxxxxx-0000-4000-8000-... (middle
--          groups a random v4 uuid does not have: version 0, or 42 fixed random bits).
--   <now>  in the detail only, a time within a day of now (when a key was first used, a row's
--          updated_at); the fixed times of the fixtures print as they are. A hint's times are
--          examples the extension writes (e.g. 2027-03-01T19:00:00+01:00): masked, they would
--          change the output on the days around them.
\if :{?helpers}
\else
\set helpers pg_temp
\endif
CREATE OR REPLACE FUNCTION :helpers.try(p_sql text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    v_rows bigint;
    v_state text; v_message text; v_detail text; v_hint text; v_tail text; v_time text;
BEGIN
    EXECUTE p_sql;
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    RETURN format('ok, %s row(s)', v_rows);
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_message = MESSAGE_TEXT,
                            v_detail = PG_EXCEPTION_DETAIL, v_hint = PG_EXCEPTION_HINT;
    v_tail := regexp_replace(coalesce(' | ' || nullif(v_detail, ''), ''),
        '\m[0-9a-f]{8}-(?!0000-0000-|0000-4000-8000-)[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\M', '<id>', 'g');
    v_hint := regexp_replace(coalesce(' | hint: ' || nullif(v_hint, ''), ''),
        '\m[0-9a-f]{8}-(?!0000-0000-|0000-4000-8000-)[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\M', '<id>', 'g');
    FOR v_time IN
        SELECT m[1] FROM regexp_matches(v_tail,
            '(\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d(?::\d\d)?)?'
            '|(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} +\d{1,2} \d\d:\d\d:\d\d(?:\.\d+)? \d{4}(?: [A-Z]{3,5})?)', 'g') m
    LOOP
        BEGIN
            IF abs(extract(epoch FROM v_time::timestamptz - now())) < 86400 THEN
                v_tail := replace(v_tail, v_time, '<now>');
            END IF;
        EXCEPTION WHEN OTHERS THEN
            NULL;  -- looked like a time, is none: printed as it is
        END;
    END LOOP;
    RETURN v_state || ': ' || v_message || v_tail || v_hint;
END
$$;
