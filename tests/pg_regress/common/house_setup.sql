\set ECHO none
-- house_setup.sql: the helpers, and a house with one event, for a test that needs some rows:
--   user (owner)   00000000-0000-0000-0000-000000000001  ada@example.com, owner of
--   organization   10000000-0000-0000-0000-000000000001  "Maison"
--   event          20000000-0000-0000-0000-000000000001  "SS25 show", 2025-03-01 19:00 UTC
-- Included first with \i common/house_setup.sql; it prints nothing.
\set ON_ERROR_STOP 1
\ir helpers.sql
INSERT INTO auth.users (id, email) VALUES ('00000000-0000-0000-0000-000000000001', 'ada@example.com');
INSERT INTO public.organizations (id, name, slug) VALUES ('10000000-0000-0000-0000-000000000001', 'Maison', 'maison');
INSERT INTO public.users (id, email, role, organization_id)
    VALUES ('00000000-0000-0000-0000-000000000001', 'ada@example.com', 'owner', '10000000-0000-0000-0000-000000000001');
INSERT INTO public.events (id, name, start_date, organization_id, created_by)
    VALUES ('20000000-0000-0000-0000-000000000001', 'SS25 show', '2025-03-01 19:00+00',
            '10000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000001');
\set ON_ERROR_STOP 0
\set ECHO all
