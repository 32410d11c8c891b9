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
DECLARE
    v_name text;
    v_claim text;
    v_type text;
    v_comment text;
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
    -- auth.uid() and auth.role(): one claim each, as uuid and as text. No SET clause, as on
    -- Supabase, so that the planner can inline them into policies; every name in them is
    -- qualified with pg_catalog, so no caller's search_path (nor temporary schema) changes them.
    FOR v_name, v_claim, v_type, v_comment IN VALUES
        ('uid', 'sub', 'uuid', 'The caller''s user id: the sub claim of request.jwt.claims (Supabase semantics).'),
        ('role', 'role', 'text', 'The role claim of request.jwt.claims (Supabase semantics).')
    LOOP
        CONTINUE WHEN to_regprocedure(pg_catalog.format('auth.%s()', v_name)) IS NOT NULL;
        EXECUTE pg_catalog.format($ddl$CREATE FUNCTION auth.%1$s() RETURNS %3$s
            LANGUAGE sql STABLE
            AS $f$
                SELECT coalesce(
                    nullif(pg_catalog.current_setting('request.jwt.claim.%2$s', true), ''),
                    (nullif(pg_catalog.current_setting('request.jwt.claims', true), '')::pg_catalog.jsonb ->> '%2$s')
                )::pg_catalog.%3$s
            $f$$ddl$, v_name, v_claim, v_type);
        EXECUTE pg_catalog.format('COMMENT ON FUNCTION auth.%s() IS %L', v_name, v_comment);
    END LOOP;
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
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    -- An update that changes nothing but the timestamps (a re-run of an upsert, a client that
    -- saves a row as it read it, or sends only updated_at) leaves updated_at as it was, so that a
    -- device pulling "changed since" does not pull it again. Any other update is a change now:
    -- a value sent for updated_at is not kept (a job that read the row earlier and writes it back
    -- would date its change before a colleague's; old records keep their times by being inserted).
    -- The operator's own session (a repair in psql) sets it as it likes, as it writes other rules'
    -- columns.
    IF NEW.updated_at IS DISTINCT FROM OLD.updated_at AND fashionos.writer_is_operator() THEN
        RETURN NEW;
    END IF;
    IF pg_catalog.to_jsonb(NEW) - 'updated_at' - 'created_at' = pg_catalog.to_jsonb(OLD) - 'updated_at' - 'created_at' THEN
        NEW.updated_at := OLD.updated_at;
        RETURN NEW;
    END IF;
    NEW.updated_at := now();
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION fashionos.set_updated_at() IS 'Trigger: sets updated_at to now() on an UPDATE that changes the row; an update that changes nothing but the timestamps keeps it.';

-- The extension's own relations of the given kinds (pg_class.relkind), in the given schemas (NULL:
-- all): those pg_depend records as members of fashionos, so that a table of the database's own in
-- the same schema is left alone.
-- "The extension's tables" is never a hand-kept list: sql/security.sql (row level security),
-- sql/data_safety.sql (pg_dump) and sql/grants.sql ask this function.
CREATE FUNCTION fashionos.member_relations(p_kinds "char"[], p_schemas regnamespace[] DEFAULT NULL)
    RETURNS SETOF regclass
    LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
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
