-- drop_guard: DROP EXTENSION fashionos, and the statements that would drop it with it, are refused
-- while its tables hold data, unless the session opts in (SET fashionos.allow_drop_with_data = on).
-- A refused statement leaves everything as it was; an empty installation drops without opt-in.
SET search_path = pg_catalog;
\set VERBOSITY default
\set SHOW_CONTEXT never

-- Some data: an organization, a user, an event (common/house_setup.sql) and its settings.
\i common/house_setup.sql
INSERT INTO fashionos.event_settings (event_id, time_zone) VALUES ('20000000-0000-0000-0000-000000000001', 'Europe/Paris');

-- Refused: the extension itself, in any spelling, with or without CASCADE. The guard reads the
-- parsed statement, so quoting, Unicode escapes, a list and dynamic SQL all name the same thing.
DROP EXTENSION fashionos;
drop extension if exists FashionOS cascade;
DROP EXTENSION "fashionos";
DROP EXTENSION U&"fashi\006Fnos" CASCADE;
DROP EXTENSION IF EXISTS pg_trgm, fashionos CASCADE;
DO $$ BEGIN EXECUTE 'DROP EXTENSION ' || quote_ident('fashion' || 'os') || ' CASCADE'; END $$;
DROP OWNED BY CURRENT_USER;
-- Refused: what would drop the extension along with it.
DROP SCHEMA fashionos CASCADE;
DROP SCHEMA public CASCADE;
DROP EXTENSION btree_gist CASCADE;
DROP SCHEMA extensions CASCADE;
-- Opting out explicitly is not opting in.
SET fashionos.allow_drop_with_data = off;
DROP EXTENSION fashionos;
RESET fashionos.allow_drop_with_data;

-- Nothing was dropped.
SELECT extname FROM pg_catalog.pg_extension WHERE extname IN ('fashionos', 'btree_gist') ORDER BY 1;
SELECT (SELECT count(*) FROM pg_catalog.pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r') AS public_tables,
       (SELECT count(*) FROM public.organizations) AS organizations,
       (SELECT count(*) FROM public.events) AS events,
       (SELECT count(*) FROM fashionos.event_settings) AS event_settings;

-- Statements that do not touch fashionos are not guarded.
CREATE SCHEMA scratch;
DROP SCHEMA scratch CASCADE;
DROP EXTENSION IF EXISTS pg_trgm;
DROP EXTENSION IF EXISTS pg_trgm /* not fashionos */;
DROP EXTENSION btree_gist;

-- Opting in drops the extension; here inside a transaction that is rolled back.
BEGIN;
SET LOCAL fashionos.allow_drop_with_data = on;
DROP EXTENSION fashionos;
SELECT pg_catalog.to_regclass('public.organizations') IS NULL AS tables_gone;
ROLLBACK;
SELECT count(*) AS organizations_after_rollback FROM public.organizations;

-- Auth users alone are data too (auth.users is the extension's own table on plain PostgreSQL).
DELETE FROM public.organizations;
SELECT (SELECT count(*) FROM public.users) AS users, (SELECT count(*) FROM public.events) AS events,
       (SELECT count(*) FROM fashionos.event_settings) AS event_settings;
DROP EXTENSION fashionos;
DELETE FROM auth.users;

-- Empty: allowed without opt-in. Then installed again, empty again, dropped again.
DROP EXTENSION fashionos;
SELECT count(*) AS fashionos_installed FROM pg_catalog.pg_extension WHERE extname = 'fashionos';
CREATE EXTENSION fashionos;
DROP EXTENSION fashionos;

-- With data and the opt-in for the session: dropped.
CREATE EXTENSION fashionos;
INSERT INTO public.organizations (name, slug) VALUES ('Atelier', 'atelier');
DROP EXTENSION fashionos;
SET fashionos.allow_drop_with_data = on;
DROP EXTENSION fashionos;
RESET fashionos.allow_drop_with_data;
SELECT count(*) AS fashionos_installed FROM pg_catalog.pg_extension WHERE extname = 'fashionos';
SELECT count(*) AS public_tables FROM pg_catalog.pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r';
CREATE EXTENSION fashionos;
