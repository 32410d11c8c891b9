-- bootstrap.sql: what every other file of fashionos stands on.
--
-- * The private schema `fashionos` (created by CREATE EXTENSION from the control file) holds
--   internals: policy helpers, trigger functions, signing keys, the booking ledger. PostgREST
--   does not expose it. Tables and API functions live in `public` and are named `public.` here.
-- * Supabase compatibility. On Supabase the schema `auth`, the table `auth.users`, the functions
--   auth.uid(), auth.jwt(), auth.role() and the roles anon, authenticated, service_role exist and
--   are left untouched. On plain PostgreSQL they are missing and are created here with Supabase's
--   semantics, so the same SQL and the same tests run on both. What is created here becomes part
--   of the extension (and goes with DROP EXTENSION); roles are global and stay.

DO $bootstrap$
BEGIN
    -- Roles, as on Supabase: NOLOGIN; service_role bypasses row level security.
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'anon') THEN
        CREATE ROLE anon NOLOGIN NOINHERIT;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'authenticated') THEN
        CREATE ROLE authenticated NOLOGIN NOINHERIT;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'service_role') THEN
        CREATE ROLE service_role NOLOGIN NOINHERIT BYPASSRLS;
    END IF;

    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = 'auth') THEN
        CREATE SCHEMA auth;
        GRANT USAGE ON SCHEMA auth TO anon, authenticated, service_role;
    END IF;

    IF to_regclass('auth.users') IS NULL THEN
        -- The columns fashionos and its tests rely on; Supabase's own table has more.
        CREATE TABLE auth.users (
            id uuid PRIMARY KEY,
            email text,
            raw_user_meta_data jsonb NOT NULL DEFAULT '{}'::jsonb,
            created_at timestamptz NOT NULL DEFAULT now()
        );
        COMMENT ON TABLE auth.users IS
            'Stand-in for Supabase''s auth.users on plain PostgreSQL (created by fashionos only where it was missing).';
    END IF;

    -- Supabase's definitions: the claims come from the request.jwt.claims setting that PostgREST
    -- sets per request (request.jwt.claim.sub is the older, per-claim form).
    IF to_regprocedure('auth.uid()') IS NULL THEN
        -- No SET clause, as on Supabase, so that the planner can inline it into policies; every
        -- name in it is from pg_catalog, which is searched first whatever the search_path.
        CREATE FUNCTION auth.uid() RETURNS uuid
            LANGUAGE sql STABLE
            AS $f$
                SELECT coalesce(
                    nullif(pg_catalog.current_setting('request.jwt.claim.sub', true), ''),
                    (nullif(pg_catalog.current_setting('request.jwt.claims', true), '')::pg_catalog.jsonb ->> 'sub')
                )::pg_catalog.uuid
            $f$;
        COMMENT ON FUNCTION auth.uid() IS 'The caller''s user id: the sub claim of request.jwt.claims (Supabase semantics).';
    END IF;
    IF to_regprocedure('auth.role()') IS NULL THEN
        CREATE FUNCTION auth.role() RETURNS text
            LANGUAGE sql STABLE
            AS $f$
                SELECT coalesce(
                    nullif(pg_catalog.current_setting('request.jwt.claim.role', true), ''),
                    (nullif(pg_catalog.current_setting('request.jwt.claims', true), '')::pg_catalog.jsonb ->> 'role')
                )::pg_catalog.text
            $f$;
        COMMENT ON FUNCTION auth.role() IS 'The role claim of request.jwt.claims (Supabase semantics).';
    END IF;
    IF to_regprocedure('auth.jwt()') IS NULL THEN
        CREATE FUNCTION auth.jwt() RETURNS jsonb
            LANGUAGE sql STABLE
            AS $f$
                SELECT coalesce(
                    nullif(pg_catalog.current_setting('request.jwt.claim', true), ''),
                    nullif(pg_catalog.current_setting('request.jwt.claims', true), '')
                )::pg_catalog.jsonb
            $f$;
        COMMENT ON FUNCTION auth.jwt() IS 'All claims of request.jwt.claims as jsonb (Supabase semantics).';
    END IF;
END
$bootstrap$;

GRANT USAGE ON SCHEMA fashionos TO anon, authenticated, service_role;
COMMENT ON SCHEMA fashionos IS
    'Internals of the fashionos extension: policy helpers, triggers, signing keys, the booking ledger. Not exposed through PostgREST.';

-- Shared trigger function: every table with updated_at keeps it current.
CREATE FUNCTION fashionos.set_updated_at() RETURNS trigger
    LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION fashionos.set_updated_at() IS 'Trigger: sets updated_at to now() on every UPDATE.';

-- The extension's own relations of the given kinds (pg_class.relkind), in the given schemas (NULL:
-- all): those pg_depend records as members of fashionos, so that a table of the database's own in
-- the same schema is left alone.
-- "The extension's tables" is never a hand-kept list: sql/security.sql (row level security),
-- sql/data_safety.sql (pg_dump) and sql/grants.sql ask this function.
CREATE FUNCTION fashionos.member_relations(p_kinds "char"[], p_schemas regnamespace[] DEFAULT NULL)
    RETURNS SETOF regclass
    LANGUAGE sql STABLE SET search_path = '' AS $$
    SELECT c.oid::pg_catalog.regclass
      FROM pg_catalog.pg_depend d
      JOIN pg_catalog.pg_class c ON c.oid = d.objid
      JOIN pg_catalog.pg_extension x ON x.oid = d.refobjid
     WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
       AND d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass
       AND d.deptype = 'e' AND x.extname = 'fashionos'
       AND c.relkind = ANY (p_kinds)
       AND (p_schemas IS NULL OR c.relnamespace = ANY (p_schemas))
     ORDER BY c.oid
$$;
COMMENT ON FUNCTION fashionos.member_relations("char"[], regnamespace[]) IS
    'The relations of the given kinds (pg_class.relkind) and schemas (NULL: all) that are members of the fashionos extension (pg_depend), in creation order.';
