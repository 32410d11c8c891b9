-- load.sql: the data of the row level security benchmark (bench/rls/run.sh), as the superuser.
--   100 organizations with one organizer each;
--   100,000 events, 1,000 per organization, interleaved (event e belongs to organization e % 100 + 1,
--   so an organization's events are spread over the whole table, as they are when many tenants
--   write at the same time), statuses and dates mixed; one ticket tier per event;
--   120,000 registrations: 100 on each of events 1 to 1,200.
-- Ids are md5 of a name ('org:7', 'user:7', 'event:123', 'tier:123', 'reg:4567'), so the pgbench
-- scripts compute them from a random number.
SET client_min_messages = warning;
\set orgs 100
\set events 100000
\set reg_events 1200
\set regs_per_event 100

INSERT INTO public.organizations (id, name, slug)
SELECT md5('org:' || o)::uuid, 'Org ' || o, 'org-' || o FROM generate_series(1, :orgs) o;
INSERT INTO auth.users (id, email)
SELECT md5('user:' || o)::uuid, 'organizer' || o || '@bench.example' FROM generate_series(1, :orgs) o;
INSERT INTO public.users (id, email, role, organization_id)
SELECT md5('user:' || o)::uuid, 'organizer' || o || '@bench.example', 'organizer', md5('org:' || o)::uuid
  FROM generate_series(1, :orgs) o;

INSERT INTO public.events (id, name, description, status, start_date, end_date, venue_name, budget_total,
                           organization_id, created_by, created_at)
SELECT md5('event:' || e)::uuid, 'Event ' || e, 'Show number ' || e,
       (ARRAY['planning', 'active', 'completed', 'cancelled'])[e % 4 + 1],
       timestamptz '2026-01-01' + (e * 7919 % 100000) * interval '15 minutes',
       timestamptz '2026-01-01' + (e * 7919 % 100000) * interval '15 minutes' + interval '3 hours',
       'Venue ' || (e % 500), 1000 + e % 9000,
       md5('org:' || (e % :orgs + 1))::uuid, md5('user:' || (e % :orgs + 1))::uuid,
       timestamptz '2025-01-01' + e * interval '1 minute'
  FROM generate_series(1, :events) e;

INSERT INTO public.ticket_tiers (id, event_id, name, type, price, quantity_total)
SELECT md5('tier:' || e)::uuid, md5('event:' || e)::uuid, 'General', 'paid', 50, 1000
  FROM generate_series(1, :events) e;

INSERT INTO public.registrations (id, event_id, ticket_tier_id, attendee_email, attendee_name, status, qr_code_data, created_at)
SELECT md5('reg:' || r)::uuid, md5('event:' || ((r - 1) / :regs_per_event + 1))::uuid,
       md5('tier:' || ((r - 1) / :regs_per_event + 1))::uuid,
       'guest' || r || '@bench.example', 'Guest ' || r, 'confirmed', 'bench-' || r,
       timestamptz '2025-06-01' + r * interval '1 second'
  FROM generate_series(1, :reg_events * :regs_per_event) r;

VACUUM ANALYZE;
SELECT (SELECT count(*) FROM public.organizations) AS organizations,
       (SELECT count(*) FROM public.events) AS events,
       (SELECT count(*) FROM public.ticket_tiers) AS ticket_tiers,
       (SELECT count(*) FROM public.registrations) AS registrations;
