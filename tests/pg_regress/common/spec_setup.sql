\set ECHO none
-- spec_setup.sql: the spec loaded into schema spec, for the tests that compare public with it:
-- tests/spec/base_tables_spec.sql (a hand transcription of base-tables.md) and
-- tests/spec/proposed_schema_spec.sql (the CREATE statements of proposed-schema.md, extracted by
-- tests/spec/extract_spec_sql.py; tests/lint/generated_sql_fresh.sh keeps it fresh).
-- Included with \i common/spec_setup.sql; it prints nothing.
\set ON_ERROR_STOP 1
CREATE SCHEMA spec;
\ir ../../spec/base_tables_spec.sql
\ir ../../spec/proposed_schema_spec.sql
\set ON_ERROR_STOP 0
\set ECHO all
