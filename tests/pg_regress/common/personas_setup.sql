\set ECHO none
-- personas_setup.sql: the helpers, and the personas of the platform with a row in each of the 52
-- tables (tests/fixtures/personas.sql: schema fixture, fixture.id, fixture.persona, fixture.act_as).
-- Included first with \i common/personas_setup.sql; it prints nothing.
\set ON_ERROR_STOP 1
\ir helpers.sql
\ir ../../fixtures/personas.sql
\set ON_ERROR_STOP 0
\set ECHO all
