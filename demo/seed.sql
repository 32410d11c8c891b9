-- demo/seed.sql: the accounts and directories of a fashion week, as sign-up and back-office
-- tooling would create them (run as the database owner). Everything an organizer does after
-- this is done through the API in demo/*.sh, as PostgREST would run it.
\set ON_ERROR_STOP on
SET client_min_messages = warning;

-- Four houses, each with an owner, an admin, two organizers and a viewer; a talent agency whose
-- members are the models; the buyers' own organization (every users row needs one).
CREATE TEMP TABLE demo_org (n int, id uuid, name text, slug text, city text, tz text, venue text, address text, capacity int);
INSERT INTO demo_org VALUES
    (1, 'a0000000-0000-4000-8000-000000000001', 'Maison Aurèle', 'maison-aurele', 'Paris', 'Europe/Paris', 'Grand Palais Éphémère', 'Place Joffre', 1800),
    (2, 'a0000000-0000-4000-8000-000000000002', 'Casa Vela', 'casa-vela', 'Milan', 'Europe/Rome', 'Palazzo Serbelloni', 'Corso Venezia 16', 900),
    (3, 'a0000000-0000-4000-8000-000000000003', 'Halden & Reyes', 'halden-reyes', 'New York', 'America/New_York', 'Spring Studios', '6 St Johns Ln', 1200),
    (4, 'a0000000-0000-4000-8000-000000000004', 'Studio Kiyo', 'studio-kiyo', 'Tokyo', 'Asia/Tokyo', 'Shibuya Hikarie Hall', '2-21-1 Shibuya', 1000);
INSERT INTO public.organizations (id, name, slug, plan)
SELECT id, name, slug, CASE WHEN n <= 2 THEN 'enterprise' ELSE 'pro' END FROM demo_org;
INSERT INTO public.organizations (id, name, slug, plan) VALUES
    ('a0000000-0000-4000-8000-0000000000a9', 'Lumen Models', 'lumen-models', 'pro'),
    ('a0000000-0000-4000-8000-0000000000b9', 'Ticket buyers', 'ticket-buyers', 'free');

-- Staff: user ids encode org and role (…0<org>0<k>).
CREATE TEMP TABLE demo_staff AS
SELECT ('b0000000-0000-4000-8000-0000000' || o.n || '000' || r.k)::uuid AS id, o.n AS org_n, o.id AS org_id,
       r.role, lower(r.first) || '.' || o.slug || '@demo.fashionos.dev' AS email, r.first || ' ' || r.last AS full_name
  FROM demo_org o
 CROSS JOIN (VALUES (1, 'owner', 'Hélène', 'Marceau'), (2, 'admin', 'Tomas', 'Ribeiro'),
                    (3, 'organizer', 'Ines', 'Kowalski'), (4, 'organizer', 'Marco', 'Bellini'),
                    (5, 'viewer', 'Yuki', 'Tanaka')) AS r(k, role, first, last);
INSERT INTO auth.users (id, email) SELECT id, email FROM demo_staff;
INSERT INTO public.users (id, email, full_name, role, organization_id)
SELECT id, email, full_name, role, org_id FROM demo_staff;

-- Venues, owned by each house's owner, plus a shared second venue in Paris that two houses book.
INSERT INTO public.venues (id, owner_id, name, address, city, country, capacity, type, amenities)
SELECT ('c0000000-0000-4000-8000-00000000000' || o.n)::uuid, s.id, o.venue, o.address, o.city,
       CASE o.city WHEN 'Paris' THEN 'France' WHEN 'Milan' THEN 'Italy' WHEN 'New York' THEN 'United States' ELSE 'Japan' END,
       o.capacity, 'indoor', '["stage","lighting","sound","dressing_rooms"]'::jsonb
  FROM demo_org o JOIN demo_staff s ON s.org_n = o.n AND s.role = 'owner';
INSERT INTO public.venues (id, owner_id, name, address, city, country, capacity, type, amenities)
VALUES ('c0000000-0000-4000-8000-000000000009', 'b0000000-0000-4000-8000-000000010001', 'Palais de Tokyo', '13 Av. du Président Wilson',
        'Paris', 'France', 700, 'hybrid', '["stage","sound","garden"]');

-- Directories.
INSERT INTO public.model_agencies (id, name, city, country, website, contact_email) VALUES
    ('d0000000-0000-4000-8000-000000000001', 'Lumen Models', 'Paris', 'France', 'https://lumen.example', 'booking@lumen.example');
INSERT INTO public.fashion_brands (id, name, country, style) VALUES
    ('d1000000-0000-4000-8000-000000000001', 'Aurèle', 'France', 'couture'),
    ('d1000000-0000-4000-8000-000000000002', 'Vela', 'Italy', 'tailoring'),
    ('d1000000-0000-4000-8000-000000000003', 'Halden', 'United States', 'streetwear'),
    ('d1000000-0000-4000-8000-000000000004', 'Kiyo', 'Japan', 'avant-garde');
INSERT INTO public.sponsor_organizations (id, name, industry) VALUES
    ('d2000000-0000-4000-8000-000000000001', 'Maison Lumière Champagne', 'beverages'),
    ('d2000000-0000-4000-8000-000000000002', 'Orbit Audio', 'electronics');

-- 36 models of the agency, each a user with a profile.
INSERT INTO auth.users (id, email)
SELECT ('e0000000-0000-4000-8000-0000000000' || lpad(g::text, 2, '0'))::uuid, 'model' || g || '@lumen.example' FROM generate_series(1, 36) g;
INSERT INTO public.users (id, email, full_name, role, organization_id)
SELECT ('e0000000-0000-4000-8000-0000000000' || lpad(g::text, 2, '0'))::uuid, 'model' || g || '@lumen.example',
       (ARRAY['Amara','Liv','Noor','Sade','Ilse','Mei','Zola','Anouk','Kaia','Rosa','Ebba','Nia'])[1 + g % 12] || ' ' ||
       (ARRAY['Okafor','Lindqvist','Haddad','Moreau','Visser','Chen','Mbeki','Dubois','Sato'])[1 + g % 9],
       'viewer', 'a0000000-0000-4000-8000-0000000000a9'
  FROM generate_series(1, 36) g;
INSERT INTO public.model_profiles (id, user_id, agency_id, height, hair_color, eye_color)
SELECT ('e1000000-0000-4000-8000-0000000000' || lpad(g::text, 2, '0'))::uuid,
       ('e0000000-0000-4000-8000-0000000000' || lpad(g::text, 2, '0'))::uuid, 'd0000000-0000-4000-8000-000000000001',
       (172 + g % 12) || ' cm', (ARRAY['black','brown','blonde','red'])[1 + g % 4], (ARRAY['brown','green','blue'])[1 + g % 3]
  FROM generate_series(1, 36) g;

-- A designer per house.
INSERT INTO public.designer_profiles (id, user_id, brand_id, title, specialty)
SELECT ('e2000000-0000-4000-8000-00000000000' || o.n)::uuid, s.id, ('d1000000-0000-4000-8000-00000000000' || o.n)::uuid,
       'Creative Director', 'ready-to-wear'
  FROM demo_org o JOIN demo_staff s ON s.org_n = o.n AND s.role = 'owner';

-- 200 buyers with accounts (the others buy as guests).
INSERT INTO auth.users (id, email)
SELECT ('f0000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid, 'buyer' || g || '@example.com' FROM generate_series(1, 200) g;
INSERT INTO public.users (id, email, role, organization_id)
SELECT ('f0000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid, 'buyer' || g || '@example.com', 'viewer',
       'a0000000-0000-4000-8000-0000000000b9'
  FROM generate_series(1, 200) g;
