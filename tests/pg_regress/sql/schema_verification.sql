-- schema_verification: the VERIFICATION queries of tests/spec/proposed-schema.md, and the rules of
-- docs/schema.md that hold for every table: foreign keys are indexed, tables and the non-obvious
-- columns are commented, every table's data is dumped by pg_dump.
SET client_min_messages = warning;
SET search_path = pg_catalog;

-- The spec's queries. "Count tables": 8 base + 44 = 52.
SELECT COUNT(*) FROM information_schema.tables
WHERE table_schema = 'public';
-- "Verify RLS": all tables have it.
SELECT COUNT(*) FROM pg_tables
WHERE schemaname = 'public' AND rowsecurity = true;
-- "Check foreign keys": at least as many as the spec declares, counted from the spec itself.
\i common/spec_setup.sql
SELECT s.spec_foreign_keys, p.public_foreign_keys >= s.spec_foreign_keys AS public_has_at_least_as_many
  FROM (SELECT COUNT(*) AS spec_foreign_keys FROM information_schema.table_constraints
         WHERE constraint_type = 'FOREIGN KEY' AND table_schema = 'spec') s,
       (SELECT COUNT(*) AS public_foreign_keys FROM information_schema.table_constraints
         WHERE constraint_type = 'FOREIGN KEY' AND table_schema = 'public') p;
DROP SCHEMA spec CASCADE;

-- Only tables in public: no views, no other relations that PostgREST would expose as tables.
-- (Composite types, relkind c, are the API's result types of sql/types.sql: not exposed as tables.)
SELECT relname, relkind FROM pg_catalog.pg_class
 WHERE relnamespace = 'public'::regnamespace AND relkind NOT IN ('r', 'i', 'S', 'c');
SELECT relname AS result_type FROM pg_catalog.pg_class
 WHERE relnamespace = 'public'::regnamespace AND relkind = 'c' ORDER BY 1;

-- Every foreign key of public is covered by an index whose leading columns are the key's columns
-- (a partial index does not count): pg_temp.foreign_keys says which are.
CREATE VIEW pg_temp.foreign_keys AS
SELECT c.conrelid::regclass AS table_name, c.conname,
       (SELECT string_agg(a.attname, ', ' ORDER BY k.o) FROM unnest(c.conkey) WITH ORDINALITY k(n, o)
          JOIN pg_catalog.pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n) AS columns,
       EXISTS (
        SELECT 1 FROM pg_catalog.pg_index i
         WHERE i.indrelid = c.conrelid AND i.indpred IS NULL
           AND (SELECT array_agg(k.n ORDER BY k.o) FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(n, o)
                 WHERE k.o <= cardinality(c.conkey)) = c.conkey) AS indexed
  FROM pg_catalog.pg_constraint c
 WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace;
-- Expected: no row.
SELECT table_name, conname, columns FROM pg_temp.foreign_keys WHERE NOT indexed ORDER BY 1, 2;
-- The same rule, counted: foreign keys and how many are indexed.
SELECT count(*) AS foreign_keys, count(*) FILTER (WHERE indexed) AS indexed FROM pg_temp.foreign_keys;

-- The rule can fail: without idx_payments_payer_id, payments.payer_id is reported; without
-- idx_event_models_event_id, event_models.event_id is still covered by the UNIQUE (event_id,
-- walk_order) index, whose leading column it is.
BEGIN;
DROP INDEX public.idx_payments_payer_id;
DROP INDEX public.idx_event_models_event_id;
SELECT table_name, conname FROM pg_temp.foreign_keys WHERE NOT indexed ORDER BY 1, 2;
ROLLBACK;

-- Every table of public has a comment. Expected: no row.
SELECT c.relname FROM pg_catalog.pg_class c
 WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
   AND coalesce(obj_description(c.oid, 'pg_class'), '') = ''
 ORDER BY 1;
-- Every status column, money column, token and the columns with a fixed list of values are
-- commented. Expected: no row.
SELECT c.relname, a.attname FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
 WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
   AND (a.attname IN ('status', 'type', 'role', 'tier', 'access_token', 'qr_code_data', 'fitting_status')
        OR a.atttypid = 'numeric'::regtype)
   AND coalesce(col_description(c.oid, a.attnum), '') = ''
   AND NOT (a.attname IN ('type', 'role', 'tier') AND NOT EXISTS (
        SELECT 1 FROM pg_catalog.pg_constraint k
         WHERE k.conrelid = c.oid AND k.contype = 'c' AND a.attnum = ANY (k.conkey)))
 ORDER BY 1, 2;

-- Data safety: every table of public, and fashionos.event_settings, is a configuration table of the
-- extension (pg_dump dumps its rows). Expected: no row.
SELECT c.oid::regclass AS not_dumped FROM pg_catalog.pg_class c
 WHERE (c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
        OR c.oid = 'fashionos.event_settings'::regclass)
   AND c.oid <> ALL (SELECT unnest(extconfig) FROM pg_catalog.pg_extension WHERE extname = 'fashionos')
 ORDER BY 1;

-- Every base table keeps updated_at current with a trigger. Expected: no row.
SELECT c.relname FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attname = 'updated_at'
 WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
   AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger t
                    WHERE t.tgrelid = c.oid AND t.tgfoid = 'fashionos.set_updated_at()'::regprocedure)
 ORDER BY 1;
