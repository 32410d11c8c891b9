-- helpers.sql: the helpers every regress test may call (definitions only; it prints nothing).
-- Included by the common/<group>_setup.sql files and by tests/fixtures/atelier.sql; CREATE OR
-- REPLACE, so including it twice is harmless.
--   pg_temp.try(sql)              'ok, <n> row(s)' or '<SQLSTATE>: <message> | <detail> | hint: ...'
--                                 (common/try.sql)
--   pg_temp.act(role, sub)        what PostgREST does at the start of a request:
--                                 set_config('request.jwt.claims', '{"sub": sub, "role": role}', true)
--                                 and set_config('role', role, true); lasts until the end of the
--                                 transaction. sub is NULL for anon and service_role.
--   pg_temp.as_user(user [, role]) the same for a signed-in user (role 'authenticated' unless given)
--   pg_temp.id(kind, n)           readable fixed uuids: 00000000-0000-0000-KKKK-NNNNNNNNNNNN; each
--                                 test says what its kinds are (1 users, 2 model profiles, 4 events,
--                                 9 organizations, ...)
SET client_min_messages = warning;
\ir try.sql
CREATE OR REPLACE FUNCTION pg_temp.act(p_role text, p_sub uuid) RETURNS void LANGUAGE sql AS $$
    SELECT set_config('request.jwt.claims', json_build_object('sub', p_sub, 'role', p_role)::text, true),
           set_config('role', p_role, true);
$$;
CREATE OR REPLACE FUNCTION pg_temp.as_user(p_user uuid, p_role text DEFAULT 'authenticated') RETURNS void
    LANGUAGE sql AS $$ SELECT pg_temp.act(p_role, p_user) $$;
CREATE OR REPLACE FUNCTION pg_temp.id(p_kind int, p_n int) RETURNS uuid LANGUAGE sql IMMUTABLE AS $$
    SELECT format('00000000-0000-0000-%s-%s', lpad(p_kind::text, 4, '0'), lpad(p_n::text, 12, '0'))::uuid
$$;
-- counts(tier): quantity_sold against the live (not cancelled) registrations of the tier.
CREATE OR REPLACE FUNCTION pg_temp.counts(p_tier uuid) RETURNS TABLE (quantity_sold integer, live bigint, equal boolean)
    LANGUAGE sql AS $$
    SELECT t.quantity_sold, l.n, t.quantity_sold = l.n
      FROM public.ticket_tiers t,
           LATERAL (SELECT count(*) AS n FROM public.registrations r
                     WHERE r.ticket_tier_id = t.id AND r.status <> 'cancelled') l
     WHERE t.id = p_tier $$;
