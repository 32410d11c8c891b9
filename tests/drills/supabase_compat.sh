#!/usr/bin/env bash
# supabase_compat.sh: CREATE EXTENSION fashionos on a database that already has Supabase's auth
# schema, auth.users, auth.uid()/role()/jwt() and the roles anon, authenticated, service_role:
# fashionos uses them and leaves them exactly as they were (definitions, columns, owners, not
# made members of the extension); the API works with them; DROP EXTENSION leaves them in place
# and CREATE EXTENSION works again. Also: on plain PostgreSQL the stand-ins are created, and go
# with DROP EXTENSION. PORT: a running cluster with fashionos installed.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
DB=supabase_compat
psql -X -q -h localhost -p "$PORT" -U postgres -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" >/dev/null 2>&1

# A Supabase-shaped auth schema, created before the extension (roles are cluster-wide and may
# already exist from other tests: Supabase's are NOLOGIN too).
q <<'SQL' >/dev/null
SET client_min_messages = warning;
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'anon') THEN CREATE ROLE anon NOLOGIN NOINHERIT; END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'authenticated') THEN CREATE ROLE authenticated NOLOGIN NOINHERIT; END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'service_role') THEN CREATE ROLE service_role NOLOGIN NOINHERIT BYPASSRLS; END IF;
END $$;
CREATE SCHEMA auth;
CREATE TABLE auth.users (
    instance_id uuid, id uuid PRIMARY KEY, aud varchar(255), role varchar(255), email varchar(255),
    encrypted_password varchar(255), email_confirmed_at timestamptz, raw_app_meta_data jsonb,
    raw_user_meta_data jsonb, is_super_admin bool, created_at timestamptz, updated_at timestamptz,
    phone text UNIQUE, is_sso_user boolean NOT NULL DEFAULT false, deleted_at timestamptz);
CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS $f$
  select coalesce(nullif(current_setting('request.jwt.claim.sub', true), ''),
                  (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub'))::uuid $f$;
CREATE FUNCTION auth.role() RETURNS text LANGUAGE sql STABLE AS $f$
  select coalesce(nullif(current_setting('request.jwt.claim.role', true), ''),
                  (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role'))::text $f$;
CREATE FUNCTION auth.jwt() RETURNS jsonb LANGUAGE sql STABLE AS $f$
  select coalesce(nullif(current_setting('request.jwt.claim', true), ''),
                  nullif(current_setting('request.jwt.claims', true), ''))::jsonb $f$;
COMMENT ON FUNCTION auth.uid() IS 'Supabase''s own';
GRANT USAGE ON SCHEMA auth TO anon, authenticated, service_role;
INSERT INTO auth.users (id, email, aud, role) VALUES ('aaaaaaaa-0000-4000-8000-000000000001', 'owner@house.test', 'authenticated', 'authenticated');
CREATE SCHEMA extensions;
CREATE EXTENSION btree_gist WITH SCHEMA extensions;
SQL
snapshot() {
    q -c "SELECT md5(string_agg(x, '|' ORDER BY x)) FROM (
            SELECT 'fn ' || p.oid::regprocedure || ' ' || md5(pg_get_functiondef(p.oid)) || ' ' || p.proowner::regrole
                   || ' ' || coalesce(obj_description(p.oid, 'pg_proc'), '') AS x
              FROM pg_proc p WHERE p.pronamespace = 'auth'::regnamespace
            UNION ALL
            SELECT 'col ' || attname || ' ' || format_type(atttypid, atttypmod) || ' ' || attnotnull
              FROM pg_attribute WHERE attrelid = 'auth.users'::regclass AND attnum > 0 AND NOT attisdropped
            UNION ALL
            SELECT 'role ' || rolname || ' ' || rolcanlogin || rolbypassrls || rolinherit FROM pg_roles
             WHERE rolname IN ('anon', 'authenticated', 'service_role')
            UNION ALL
            SELECT 'acl ' || coalesce(nspacl::text, '') || ' ' || nspowner::regrole FROM pg_namespace WHERE nspname = 'auth') s"
}
before=$(snapshot)
q -c "SET client_min_messages = warning; CREATE EXTENSION fashionos" >/dev/null
check "CREATE EXTENSION on a Supabase-shaped database" "52" "$(q -c "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")"
check "auth schema, auth.users, auth functions and roles untouched" "$before" "$(snapshot)"
check "no auth object became a member of the extension" "0" "$(q -c "
    SELECT count(*) FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'fashionos'
     WHERE d.deptype = 'e' AND ((d.classid = 'pg_proc'::regclass AND d.objid IN (SELECT oid FROM pg_proc WHERE pronamespace = 'auth'::regnamespace))
        OR (d.classid = 'pg_class'::regclass AND d.objid = 'auth.users'::regclass)
        OR (d.classid = 'pg_namespace'::regclass AND d.objid = 'auth'::regnamespace))")"
check "public.users references Supabase's auth.users" "auth.users" "$(q -c "SELECT confrelid::regclass FROM pg_constraint WHERE conrelid = 'public.users'::regclass AND contype = 'f' AND confrelid = 'auth.users'::regclass")"

# The API and the policies use Supabase's auth.uid().
q <<'SQL' >/dev/null
INSERT INTO public.organizations (id, name, slug) VALUES ('aaaaaaaa-0000-4000-8000-0000000000a1', 'House', 'house');
INSERT INTO public.users (id, email, role, organization_id) VALUES ('aaaaaaaa-0000-4000-8000-000000000001', 'owner@house.test', 'owner', 'aaaaaaaa-0000-4000-8000-0000000000a1');
INSERT INTO public.events (id, name, status, start_date, organization_id, created_by)
VALUES ('aaaaaaaa-0000-4000-8000-0000000000e1', 'Show', 'active', now() + interval '3 days', 'aaaaaaaa-0000-4000-8000-0000000000a1', 'aaaaaaaa-0000-4000-8000-000000000001');
INSERT INTO public.ticket_tiers (id, event_id, name, type, price, quantity_total)
VALUES ('aaaaaaaa-0000-4000-8000-0000000000f1', 'aaaaaaaa-0000-4000-8000-0000000000e1', 'Free', 'paid', 0, 10);
SQL
check "an organizer sees his organization's event through RLS" "1" "$(rpc authenticated aaaaaaaa-0000-4000-8000-000000000001 "SELECT count(*) FROM public.events")"
check "anon sees no organization's events" "0" "$(rpc anon "" "SELECT count(*) FROM public.events")"
token=$(rpc anon "" "SELECT qr_code_data FROM public.reserve_tickets(p_ticket_tier_id => 'aaaaaaaa-0000-4000-8000-0000000000f1', p_quantity => 1, p_attendee_email => 'g@example.com', p_attendee_name => 'Guest')")
check "check-in by the owner" "checked_in" "$(rpc authenticated aaaaaaaa-0000-4000-8000-000000000001 "SELECT outcome FROM public.check_in(p_token => '$token', p_event_id => 'aaaaaaaa-0000-4000-8000-0000000000e1')")"

# DROP EXTENSION (data opt-in given: it holds rows) leaves Supabase's objects; CREATE again works.
q -c "SET fashionos.allow_drop_with_data = on; DROP EXTENSION fashionos CASCADE" >/dev/null 2>&1
check "DROP EXTENSION removes the 52 tables" "0" "$(q -c "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")"
check "DROP EXTENSION leaves auth as it was" "$before" "$(snapshot)"
check "auth.users keeps its rows" "1" "$(q -c "SELECT count(*) FROM auth.users")"
q -c "SET client_min_messages = warning; CREATE EXTENSION fashionos" >/dev/null
check "CREATE EXTENSION again after DROP" "52" "$(q -c "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")"

# Plain PostgreSQL: the stand-ins are created, belong to the extension, and go with it.
q -c "SET client_min_messages = warning; DROP EXTENSION fashionos CASCADE; DROP SCHEMA auth CASCADE" >/dev/null
q -c "SET client_min_messages = warning; CREATE EXTENSION fashionos" >/dev/null
check "plain PostgreSQL: auth.uid(), auth.role(), auth.jwt() and auth.users created" "4" "$(q -c "
    SELECT (to_regprocedure('auth.uid()') IS NOT NULL)::int + (to_regprocedure('auth.role()') IS NOT NULL)::int
         + (to_regprocedure('auth.jwt()') IS NOT NULL)::int + (to_regclass('auth.users') IS NOT NULL)::int")"
check "auth.uid() reads the sub claim" "aaaaaaaa-0000-4000-8000-000000000009" "$(rpc authenticated aaaaaaaa-0000-4000-8000-000000000009 "SELECT auth.uid()")"
check "service_role bypasses RLS, anon and authenticated do not log in" "true false false" "$(q -c "SELECT string_agg(CASE rolname WHEN 'service_role' THEN rolbypassrls::text ELSE rolcanlogin::text END, ' ' ORDER BY rolname = 'service_role' DESC, rolname) FROM pg_roles WHERE rolname IN ('anon','authenticated','service_role')")"
q -c "DROP EXTENSION fashionos" >/dev/null
check "the stand-ins go with DROP EXTENSION" "" "$(q -c "SELECT nspname FROM pg_namespace WHERE nspname = 'auth'")"

drop_db "$DB"
finish supabase_compat
