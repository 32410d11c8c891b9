\set ECHO none
-- basic_setup.sql: the helpers of common/helpers.sql (try, act, as_user, id), for a test that
-- builds its own rows. Included first with \i common/basic_setup.sql; it prints nothing.
\set ON_ERROR_STOP 1
\ir helpers.sql
\set ON_ERROR_STOP 0
\set ECHO all
