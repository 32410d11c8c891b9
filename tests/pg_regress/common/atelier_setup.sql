\set ECHO none
-- atelier_setup.sql: the helpers, and the small world of the ticketing tests
-- (tests/fixtures/atelier.sql: three organizations, four users, three events and their ticket
-- tiers). Included first with \i common/atelier_setup.sql; it prints nothing.
\set ON_ERROR_STOP 1
\ir ../../fixtures/atelier.sql
\set ON_ERROR_STOP 0
\set ECHO all
