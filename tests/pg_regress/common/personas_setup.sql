\set ECHO none
-- personas_setup.sql: the helpers, and the personas of the platform with a row in each of the 52
-- tables (tests/fixtures/personas.sql: schema fixture, fixture.id, fixture.persona, fixture.act_as).
-- Included first with \i common/personas_setup.sql; it prints nothing. Besides helpers.sql:
--   pg_temp.try_as(persona, sql)  one request of the persona that runs sql: fixture.act_as, then
--                                 pg_temp.try. Called alone (psql's autocommit), it is the whole
--                                 transaction, as PostgREST runs a request.
\set ON_ERROR_STOP 1
\ir helpers.sql
\ir ../../fixtures/personas.sql
CREATE FUNCTION pg_temp.try_as(p_persona text, p_sql text) RETURNS text LANGUAGE sql AS $$
    SELECT fixture.act_as(p_persona);
    SELECT pg_temp.try(p_sql);
$$;
\set ON_ERROR_STOP 0
\set ECHO all
