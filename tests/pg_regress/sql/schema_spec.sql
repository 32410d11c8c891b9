-- schema_spec: the 52 tables of public against an independent encoding of the spec.
-- The spec is loaded into schema spec from tests/spec/base_tables_spec.sql (hand transcription of
-- base-tables.md) and tests/spec/proposed_schema_spec.sql (the CREATE statements of
-- proposed-schema.md, extracted by tests/spec/extract_spec_sql.py). spec.differences lists every
-- way public departs from it: tables, columns (position, type, NOT NULL, default), CHECKs, foreign
-- keys (target and actions), PRIMARY KEY/UNIQUE, indexes (name and definition), triggers.
-- Additions public may have beyond the spec (extra CHECKs, indexes, triggers) are not differences;
-- extra or missing columns, tables and foreign keys are.
SET client_min_messages = warning;
SET search_path = pg_catalog;
\i common/spec_setup.sql

-- A product decision (docs/schema.md): where the spec declares a column UNIQUE and also creates an
-- identical unique index, it means one unique index, named as the spec names the index.
DROP INDEX spec.idx_registrations_qr_code;
ALTER TABLE spec.registrations RENAME CONSTRAINT registrations_qr_code_data_key TO idx_registrations_qr_code;
DROP INDEX spec.idx_cloudinary_assets_public_id;
ALTER TABLE spec.cloudinary_assets RENAME CONSTRAINT cloudinary_assets_public_id_key TO idx_cloudinary_assets_public_id;

-- Definitions are deparsed with search_path = pg_catalog, so every table name is schema-qualified;
-- spec.x is read as public.x.
CREATE FUNCTION spec.norm(p text) RETURNS text LANGUAGE sql IMMUTABLE SET search_path = ''
    AS $$ SELECT pg_catalog.regexp_replace(p, '\mspec\.', 'public.', 'g') $$;

CREATE VIEW spec.differences AS
WITH tabs AS (
    SELECT c.oid, c.relname, n.nspname
      FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     WHERE (n.nspname = 'spec' AND c.relkind = 'r')
        OR (n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f'))
), pairs AS (
    SELECT s.relname, s.oid AS soid, p.oid AS poid
      FROM tabs s JOIN tabs p ON p.relname = s.relname AND p.nspname = 'public'
     WHERE s.nspname = 'spec'
), cols AS (
    SELECT a.attrelid, a.attname,
           pg_catalog.row_number() OVER (PARTITION BY a.attrelid ORDER BY a.attnum) AS pos,
           pg_catalog.format_type(a.atttypid, a.atttypmod) AS typ, a.attnotnull,
           pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS def
      FROM pg_catalog.pg_attribute a
      LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE a.attnum > 0 AND NOT a.attisdropped
), cons AS (
    SELECT conrelid, contype, conname, spec.norm(pg_catalog.pg_get_constraintdef(oid)) AS def
      FROM pg_catalog.pg_constraint WHERE conrelid <> 0
), idx AS (
    SELECT indrelid, spec.norm(pg_catalog.pg_get_indexdef(indexrelid)) AS def FROM pg_catalog.pg_index
), trg AS (
    SELECT tgrelid, spec.norm(pg_catalog.pg_get_triggerdef(oid)) AS def
      FROM pg_catalog.pg_trigger WHERE NOT tgisinternal
)
SELECT relname AS table_name, 'table missing in public' AS difference FROM tabs t
 WHERE nspname = 'spec' AND NOT EXISTS (SELECT 1 FROM pairs WHERE pairs.relname = t.relname)
UNION ALL
SELECT relname, 'relation in public that the spec does not have' FROM tabs t
 WHERE nspname = 'public' AND NOT EXISTS (SELECT 1 FROM pairs WHERE pairs.relname = t.relname)
UNION ALL
SELECT p.relname, CASE
        WHEN pc.attname IS NULL THEN 'column missing: ' || sc.attname
        ELSE 'column ' || sc.attname || ':' ||
             CASE WHEN sc.pos <> pc.pos THEN ' position spec ' || sc.pos || ', public ' || pc.pos ELSE '' END ||
             CASE WHEN sc.typ <> pc.typ THEN ' type spec ' || sc.typ || ', public ' || pc.typ ELSE '' END ||
             CASE WHEN sc.attnotnull <> pc.attnotnull
                  THEN ' spec ' || CASE WHEN sc.attnotnull THEN 'NOT NULL' ELSE 'nullable' END ||
                       ', public ' || CASE WHEN pc.attnotnull THEN 'NOT NULL' ELSE 'nullable' END ELSE '' END ||
             CASE WHEN sc.def IS DISTINCT FROM pc.def
                  THEN ' default spec ' || coalesce(sc.def, 'none') || ', public ' || coalesce(pc.def, 'none') ELSE '' END
       END
  FROM pairs p
  JOIN cols sc ON sc.attrelid = p.soid
  LEFT JOIN cols pc ON pc.attrelid = p.poid AND pc.attname = sc.attname
 WHERE pc.attname IS NULL OR sc.pos <> pc.pos OR sc.typ <> pc.typ
    OR sc.attnotnull <> pc.attnotnull OR sc.def IS DISTINCT FROM pc.def
UNION ALL
SELECT p.relname, 'column not in the spec: ' || pc.attname
  FROM pairs p JOIN cols pc ON pc.attrelid = p.poid
 WHERE NOT EXISTS (SELECT 1 FROM cols sc WHERE sc.attrelid = p.soid AND sc.attname = pc.attname)
UNION ALL
SELECT p.relname, CASE s.contype WHEN 'c' THEN 'check' WHEN 'f' THEN 'foreign key'
                                 WHEN 'p' THEN 'primary key' ELSE 'unique' END || ' missing: ' || s.def
  FROM pairs p JOIN cons s ON s.conrelid = p.soid
 WHERE NOT EXISTS (SELECT 1 FROM cons c WHERE c.conrelid = p.poid AND c.contype = s.contype
                     AND c.def = s.def)
UNION ALL
SELECT p.relname, 'foreign key not in the spec: ' || c.def
  FROM pairs p JOIN cons c ON c.conrelid = p.poid AND c.contype = 'f'
 WHERE NOT EXISTS (SELECT 1 FROM cons s WHERE s.conrelid = p.soid AND s.contype = 'f' AND s.def = c.def)
UNION ALL
SELECT p.relname, 'index missing or different: ' || s.def
  FROM pairs p JOIN idx s ON s.indrelid = p.soid
 WHERE NOT EXISTS (SELECT 1 FROM idx c WHERE c.indrelid = p.poid AND c.def = s.def)
UNION ALL
SELECT p.relname, 'trigger missing or different: ' || s.def
  FROM pairs p JOIN trg s ON s.tgrelid = p.soid
 WHERE NOT EXISTS (SELECT 1 FROM trg c WHERE c.tgrelid = p.poid AND c.def = s.def);

-- What was compared (counted on the spec side).
SELECT (SELECT count(*) FROM pg_catalog.pg_class WHERE relnamespace = 'spec'::regnamespace AND relkind = 'r') AS tables,
       (SELECT count(*) FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
         WHERE c.relnamespace = 'spec'::regnamespace AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped) AS columns,
       (SELECT count(*) FILTER (WHERE contype = 'c') FROM pg_catalog.pg_constraint WHERE connamespace = 'spec'::regnamespace) AS checks,
       (SELECT count(*) FILTER (WHERE contype = 'f') FROM pg_catalog.pg_constraint WHERE connamespace = 'spec'::regnamespace) AS foreign_keys,
       (SELECT count(*) FILTER (WHERE contype IN ('p', 'u')) FROM pg_catalog.pg_constraint WHERE connamespace = 'spec'::regnamespace) AS keys,
       (SELECT count(*) FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
         WHERE c.relnamespace = 'spec'::regnamespace) AS indexes,
       (SELECT count(*) FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
         WHERE c.relnamespace = 'spec'::regnamespace AND NOT t.tgisinternal) AS triggers;

-- The tables of public, as compared: each with its number of columns in spec and public.
SELECT count(*) AS tables_compared,
       count(*) FILTER (WHERE (SELECT count(*) FROM pg_catalog.pg_attribute WHERE attrelid = s.oid AND attnum > 0 AND NOT attisdropped)
                            = (SELECT count(*) FROM pg_catalog.pg_attribute WHERE attrelid = p.oid AND attnum > 0 AND NOT attisdropped))
           AS same_column_count
  FROM pg_catalog.pg_class s
  JOIN pg_catalog.pg_class p ON p.relname = s.relname AND p.relnamespace = 'public'::regnamespace
 WHERE s.relnamespace = 'spec'::regnamespace AND s.relkind = 'r';

-- The result: no difference.
SELECT * FROM spec.differences ORDER BY 1, 2;

-- The comparison can fail: damage public in a transaction, one change of each kind, and every
-- change is reported. Then roll back.
BEGIN;
ALTER TABLE public.ticket_tiers ALTER COLUMN price SET DEFAULT 1;
ALTER TABLE public.payments ALTER COLUMN currency DROP NOT NULL;
ALTER TABLE public.model_agencies ALTER COLUMN city TYPE varchar(80);
ALTER TABLE public.fashion_brands ADD COLUMN founded integer;
ALTER TABLE public.sponsor_organizations DROP COLUMN industry;
ALTER TABLE public.events DROP CONSTRAINT events_status_check;
ALTER TABLE public.shoot_items DROP CONSTRAINT shoot_items_shoot_id_fkey,
    ADD CONSTRAINT shoot_items_shoot_id_fkey FOREIGN KEY (shoot_id) REFERENCES public.shoots (id) ON DELETE SET NULL;
ALTER TABLE public.event_stakeholders DROP CONSTRAINT event_stakeholders_event_id_stakeholder_id_key;
DROP INDEX public.idx_venues_city;
DROP INDEX public.idx_event_assets_is_featured;
CREATE INDEX idx_event_assets_is_featured ON public.event_assets (is_featured);
DROP TRIGGER tasks_updated_at ON public.tasks;
SELECT * FROM spec.differences ORDER BY 1, 2;
ROLLBACK;

SELECT count(*) AS differences_after_rollback FROM spec.differences;
