-- schema_integrity: the integrity the spec leaves out (docs/schema.md, "Integrity additions").
-- Each addition rejects bad data with its named constraint, and accepts the good case next to it.
SET search_path = pg_catalog;
SET timezone = 'UTC';
\set VERBOSITY terse

-- A tenant with one user and one event.
\i common/house_setup.sql

-- ---------------------------------------------------------------------------------------------
-- ticket_tiers: price >= 0, 0 <= quantity_sold <= quantity_total (so quantity_total >= 0)
-- ---------------------------------------------------------------------------------------------
INSERT INTO public.ticket_tiers (event_id, name, type, price, quantity_total)
    VALUES ('20000000-0000-0000-0000-000000000001', 'Bad price', 'paid', -1, 10);
INSERT INTO public.ticket_tiers (event_id, name, type, quantity_total)
    VALUES ('20000000-0000-0000-0000-000000000001', 'Bad total', 'paid', -1);
INSERT INTO public.ticket_tiers (event_id, name, type, quantity_total, quantity_sold)
    VALUES ('20000000-0000-0000-0000-000000000001', 'Oversold', 'paid', 10, 11);
INSERT INTO public.ticket_tiers (event_id, name, type, quantity_total, quantity_sold)
    VALUES ('20000000-0000-0000-0000-000000000001', 'Negative sold', 'paid', 10, -1);
INSERT INTO public.ticket_tiers (id, event_id, name, type, price, quantity_total, quantity_sold)
    VALUES ('30000000-0000-0000-0000-000000000001', '20000000-0000-0000-0000-000000000001', 'VIP', 'vip', 500, 2, 1);
-- Selling the last ticket is fine, one more is oversold; shrinking below what was sold too (the
-- trigger ticket_tiers_guard refuses that before the CHECK does, with the numbers: PT409).
UPDATE public.ticket_tiers SET quantity_sold = quantity_sold + 1 WHERE id = '30000000-0000-0000-0000-000000000001';
UPDATE public.ticket_tiers SET quantity_sold = quantity_sold + 1 WHERE id = '30000000-0000-0000-0000-000000000001';
UPDATE public.ticket_tiers SET quantity_total = 1 WHERE id = '30000000-0000-0000-0000-000000000001';
SELECT name, price, quantity_total, quantity_sold FROM public.ticket_tiers WHERE id = '30000000-0000-0000-0000-000000000001';

-- ---------------------------------------------------------------------------------------------
-- payments: amount >= 0, currency is three upper-case letters
-- ---------------------------------------------------------------------------------------------
INSERT INTO public.ticket_tiers (id, event_id, name, type, price, quantity_total)
    VALUES ('30000000-0000-0000-0000-000000000002', '20000000-0000-0000-0000-000000000001', 'Door', 'paid', 50, 100);
INSERT INTO public.registrations (id, event_id, ticket_tier_id, attendee_email, attendee_name, qr_code_data)
    VALUES ('40000000-0000-0000-0000-000000000001', '20000000-0000-0000-0000-000000000001',
            '30000000-0000-0000-0000-000000000002', 'guest@example.com', 'Guest', 'token-1');
INSERT INTO public.payments (registration_id, amount, currency) VALUES ('40000000-0000-0000-0000-000000000001', -5, 'EUR');
INSERT INTO public.payments (registration_id, amount, currency) VALUES ('40000000-0000-0000-0000-000000000001', 5, 'eur');
INSERT INTO public.payments (registration_id, amount, currency) VALUES ('40000000-0000-0000-0000-000000000001', 5, 'EURO');
INSERT INTO public.payments (registration_id, amount, currency) VALUES ('40000000-0000-0000-0000-000000000001', 5, 'E1R');
INSERT INTO public.payments (registration_id, amount, currency) VALUES ('40000000-0000-0000-0000-000000000001', 500, 'EUR');
INSERT INTO public.payments (registration_id, amount) VALUES ('40000000-0000-0000-0000-000000000001', 0);
SELECT amount, currency FROM public.payments ORDER BY amount;

-- ---------------------------------------------------------------------------------------------
-- End after start: event_schedules and the three availability calendars; events.end_date (spec)
-- ---------------------------------------------------------------------------------------------
PREPARE schedule(text, timestamptz, timestamptz) AS INSERT INTO public.event_schedules (event_id, title, start_time, end_time)
    VALUES ('20000000-0000-0000-0000-000000000001', $1, $2, $3);
EXECUTE schedule('Backwards', '2025-03-01 20:00+00', '2025-03-01 19:00+00');
EXECUTE schedule('Empty', '2025-03-01 20:00+00', '2025-03-01 20:00+00');
EXECUTE schedule('Show', '2025-03-01 19:00+00', '2025-03-01 20:00+00');
UPDATE public.events SET end_date = '2025-03-01 18:00+00' WHERE id = '20000000-0000-0000-0000-000000000001';

INSERT INTO public.venues (id, owner_id, name, capacity)
    VALUES ('50000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000001', 'Hall', 800);
PREPARE venue_slot(date, timestamptz, timestamptz) AS INSERT INTO public.venue_availability (venue_id, date, start_time, end_time)
    VALUES ('50000000-0000-0000-0000-000000000001', $1, $2, $3);
EXECUTE venue_slot('2025-03-01', '2025-03-01 12:00+00', '2025-03-01 10:00+00');
-- date must be start_time's local day somewhere: three days off is refused ...
EXECUTE venue_slot('2025-03-04', '2025-03-01 10:00+00', '2025-03-01 12:00+00');
-- ... a New York evening (21:00-23:00 on March 1 at UTC-5, i.e. March 2 in UTC) is accepted.
EXECUTE venue_slot('2025-03-01', '2025-03-01 21:00-05', '2025-03-01 23:00-05');

INSERT INTO public.model_profiles (id, user_id) VALUES
    ('60000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000001'),
    ('60000000-0000-0000-0000-000000000002', '00000000-0000-0000-0000-000000000001'),
    ('60000000-0000-0000-0000-000000000003', '00000000-0000-0000-0000-000000000001');
INSERT INTO public.model_availability (model_profile_id, date, start_time, end_time)
    VALUES ('60000000-0000-0000-0000-000000000001', '2025-03-01', '2025-03-01 12:00+00', '2025-03-01 12:00+00');
INSERT INTO public.model_availability (model_profile_id, date, start_time, end_time)
    VALUES ('60000000-0000-0000-0000-000000000001', '2025-02-27', '2025-03-01 10:00+00', '2025-03-01 12:00+00');

INSERT INTO public.fashion_brands (id, name) VALUES ('70000000-0000-0000-0000-000000000001', 'Atelier');
INSERT INTO public.designer_profiles (id, user_id, brand_id)
    VALUES ('71000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000001', '70000000-0000-0000-0000-000000000001');
INSERT INTO public.designer_availability (designer_profile_id, date, start_time, end_time)
    VALUES ('71000000-0000-0000-0000-000000000001', '2025-03-01', '2025-03-01 12:00+00', '2025-03-01 11:59+00');

-- ---------------------------------------------------------------------------------------------
-- event_models: walk_order > 0 and unique per event (checked per statement), one opener, one closer
-- ---------------------------------------------------------------------------------------------
INSERT INTO public.event_models (event_id, model_profile_id, walk_order)
    VALUES ('20000000-0000-0000-0000-000000000001', '60000000-0000-0000-0000-000000000001', 0);
INSERT INTO public.event_models (event_id, model_profile_id, walk_order)
    VALUES ('20000000-0000-0000-0000-000000000001', '60000000-0000-0000-0000-000000000001', -3);
INSERT INTO public.event_models (id, event_id, model_profile_id, walk_order, is_opening) VALUES
    ('80000000-0000-0000-0000-000000000001', '20000000-0000-0000-0000-000000000001', '60000000-0000-0000-0000-000000000001', 1, true),
    ('80000000-0000-0000-0000-000000000002', '20000000-0000-0000-0000-000000000001', '60000000-0000-0000-0000-000000000002', 2, false);
INSERT INTO public.event_models (event_id, model_profile_id, walk_order)
    VALUES ('20000000-0000-0000-0000-000000000001', '60000000-0000-0000-0000-000000000003', 2);
INSERT INTO public.event_models (event_id, model_profile_id, is_opening)
    VALUES ('20000000-0000-0000-0000-000000000001', '60000000-0000-0000-0000-000000000003', true);
INSERT INTO public.event_models (id, event_id, model_profile_id, walk_order, is_closing)
    VALUES ('80000000-0000-0000-0000-000000000003', '20000000-0000-0000-0000-000000000001', '60000000-0000-0000-0000-000000000003', 3, true);
UPDATE public.event_models SET is_closing = true WHERE id = '80000000-0000-0000-0000-000000000002';
-- Models not yet placed (walk_order NULL) are not duplicates of each other.
INSERT INTO public.event_models (event_id, model_profile_id) VALUES
    ('20000000-0000-0000-0000-000000000001', '60000000-0000-0000-0000-000000000002'),
    ('20000000-0000-0000-0000-000000000001', '60000000-0000-0000-0000-000000000003');
-- Swap positions 1 and 2 in one statement: fine, uniqueness holds at the end of the statement.
UPDATE public.event_models
   SET walk_order = CASE walk_order WHEN 1 THEN 2 ELSE 1 END
 WHERE event_id = '20000000-0000-0000-0000-000000000001' AND walk_order IN (1, 2);
-- Shift the whole running order down by one in one statement.
UPDATE public.event_models SET walk_order = walk_order + 1
 WHERE event_id = '20000000-0000-0000-0000-000000000001' AND walk_order IS NOT NULL;
SELECT model_profile_id, walk_order, is_opening, is_closing FROM public.event_models
 WHERE walk_order IS NOT NULL ORDER BY walk_order;
-- Deferred to COMMIT: a duplicate in between is fine, a duplicate left at COMMIT is not.
BEGIN;
SET CONSTRAINTS public.event_models_event_id_walk_order_key DEFERRED;
UPDATE public.event_models SET walk_order = 3 WHERE walk_order = 2;
UPDATE public.event_models SET walk_order = 2 WHERE walk_order = 3 AND model_profile_id = '60000000-0000-0000-0000-000000000001';
COMMIT;
BEGIN;
SET CONSTRAINTS public.event_models_event_id_walk_order_key DEFERRED;
UPDATE public.event_models SET walk_order = 4 WHERE walk_order = 2;
COMMIT;
SELECT model_profile_id, walk_order FROM public.event_models WHERE walk_order IS NOT NULL ORDER BY walk_order;

-- ---------------------------------------------------------------------------------------------
-- Counts, amounts, sizes and positions are not negative
-- ---------------------------------------------------------------------------------------------
UPDATE public.events SET attendee_target = -1 WHERE id = '20000000-0000-0000-0000-000000000001';
UPDATE public.events SET attendee_registered = -1 WHERE id = '20000000-0000-0000-0000-000000000001';
UPDATE public.venues SET capacity = -1 WHERE id = '50000000-0000-0000-0000-000000000001';
INSERT INTO public.shoots (id, organization_id, title, created_by)
    VALUES ('90000000-0000-0000-0000-000000000001', '10000000-0000-0000-0000-000000000001', 'Lookbook', '00000000-0000-0000-0000-000000000001');
INSERT INTO public.shoot_items (shoot_id, name, quantity) VALUES ('90000000-0000-0000-0000-000000000001', 'Coat', -1);
INSERT INTO public.shoot_payments (shoot_id, amount) VALUES ('90000000-0000-0000-0000-000000000001', -100);
INSERT INTO public.sponsorship_packages (name, tier, price) VALUES ('Gold', 'gold', -1);
INSERT INTO public.sponsor_organizations (id, name) VALUES ('a0000000-0000-0000-0000-000000000001', 'Bank');
INSERT INTO public.event_sponsors_junction (event_id, sponsor_org_id, tier, amount)
    VALUES ('20000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000001', 'gold', -1);
INSERT INTO public.media_size_specs (platform, use_case, width, height) VALUES ('instagram', 'feed_post', 0, 1080);
INSERT INTO public.media_size_specs (platform, use_case, width, height) VALUES ('instagram', 'feed_post', 1080, -1);
INSERT INTO public.assets (id, event_id, name, type, file_url, uploaded_by)
    VALUES ('b0000000-0000-0000-0000-000000000001', '20000000-0000-0000-0000-000000000001', 'Look 1', 'image',
            'https://cdn.example.com/look1.jpg', '00000000-0000-0000-0000-000000000001');
INSERT INTO public.media_size_specs (id, platform, use_case, width, height)
    VALUES ('c0000000-0000-0000-0000-000000000001', 'instagram', 'feed_post', 1080, 1080);
INSERT INTO public.asset_variants (asset_id, size_spec_id, file_url, file_size_bytes)
    VALUES ('b0000000-0000-0000-0000-000000000001', 'c0000000-0000-0000-0000-000000000001', 'https://cdn.example.com/v.jpg', -1);
INSERT INTO public.cloudinary_assets (asset_id, public_id, width) VALUES ('b0000000-0000-0000-0000-000000000001', 'a', -1);
INSERT INTO public.cloudinary_assets (asset_id, public_id, height) VALUES ('b0000000-0000-0000-0000-000000000001', 'b', -1);
INSERT INTO public.cloudinary_assets (asset_id, public_id, bytes) VALUES ('b0000000-0000-0000-0000-000000000001', 'c', -1);
INSERT INTO public.shopify_shops (id, user_id, shop_domain, access_token)
    VALUES ('d0000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000001', 'maison.myshopify.com', 'x');
INSERT INTO public.shopify_products (id, shop_id, shopify_product_id, title, status)
    VALUES ('d1000000-0000-0000-0000-000000000001', 'd0000000-0000-0000-0000-000000000001', '1', 'Coat', 'active');
INSERT INTO public.shopify_media_links (asset_id, shopify_product_id, position)
    VALUES ('b0000000-0000-0000-0000-000000000001', 'd1000000-0000-0000-0000-000000000001', -1);
INSERT INTO public.amazon_connections (id, user_id, seller_id, marketplace_id, access_token)
    VALUES ('e0000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000001', 'S1', 'ATVPDKIKX0DER', 'x');
INSERT INTO public.amazon_products (id, connection_id, sku, title, status)
    VALUES ('e1000000-0000-0000-0000-000000000001', 'e0000000-0000-0000-0000-000000000001', 'SKU1', 'Coat', 'active');
INSERT INTO public.amazon_media_links (asset_id, amazon_product_id, position)
    VALUES ('b0000000-0000-0000-0000-000000000001', 'e1000000-0000-0000-0000-000000000001', -1);

-- ---------------------------------------------------------------------------------------------
-- The natural keys a sync upserts on: a retried webhook updates its row (on_conflict) instead of
-- adding a second; one primary variant per asset; one deal per sponsor and event; one pipeline
-- row per company and event; JSON columns of their documented shape.
-- ---------------------------------------------------------------------------------------------
INSERT INTO public.shopify_products (shop_id, shopify_product_id, title, status)
    VALUES ('d0000000-0000-0000-0000-000000000001', '1', 'Coat again', 'active');
INSERT INTO public.shopify_products (shop_id, shopify_product_id, title, status)
    VALUES ('d0000000-0000-0000-0000-000000000001', '1', 'Coat, synced', 'archived')
    ON CONFLICT (shop_id, shopify_product_id) DO UPDATE SET title = EXCLUDED.title, status = EXCLUDED.status;
SELECT shopify_product_id, title, status FROM public.shopify_products WHERE shop_id = 'd0000000-0000-0000-0000-000000000001';
INSERT INTO public.amazon_products (connection_id, sku, title, status)
    VALUES ('e0000000-0000-0000-0000-000000000001', 'SKU1', 'Coat again', 'active');
INSERT INTO public.shopify_media_links (asset_id, shopify_product_id, position)
    VALUES ('b0000000-0000-0000-0000-000000000001', 'd1000000-0000-0000-0000-000000000001', 0),
           ('b0000000-0000-0000-0000-000000000001', 'd1000000-0000-0000-0000-000000000001', 1);
INSERT INTO public.asset_variants (asset_id, size_spec_id, file_url, is_primary)
    VALUES ('b0000000-0000-0000-0000-000000000001', 'c0000000-0000-0000-0000-000000000001', 'https://cdn.example.com/v1.jpg', true);
INSERT INTO public.asset_variants (asset_id, size_spec_id, file_url)
    VALUES ('b0000000-0000-0000-0000-000000000001', 'c0000000-0000-0000-0000-000000000001', 'https://cdn.example.com/v2.jpg');
INSERT INTO public.media_size_specs (id, platform, use_case, width, height)
    VALUES ('c0000000-0000-0000-0000-000000000002', 'instagram', 'story', 1080, 1920);
INSERT INTO public.asset_variants (asset_id, size_spec_id, file_url, is_primary)
    VALUES ('b0000000-0000-0000-0000-000000000001', 'c0000000-0000-0000-0000-000000000002', 'https://cdn.example.com/v3.jpg', true);
INSERT INTO public.instagram_connections (id, user_id, instagram_account_id, access_token)
    VALUES ('f0000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000001', '1784', 'x');
INSERT INTO public.instagram_posts (connection_id, status, instagram_media_id)
    VALUES ('f0000000-0000-0000-0000-000000000001', 'draft', NULL), ('f0000000-0000-0000-0000-000000000001', 'draft', NULL),
           ('f0000000-0000-0000-0000-000000000001', 'published', 'm1');
INSERT INTO public.instagram_posts (connection_id, status, instagram_media_id)
    VALUES ('f0000000-0000-0000-0000-000000000001', 'published', 'm1');
INSERT INTO public.event_sponsors_junction (event_id, sponsor_org_id, tier, amount)
    VALUES ('20000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000001', 'gold', 40000);
INSERT INTO public.event_sponsors_junction (event_id, sponsor_org_id, tier, amount)
    VALUES ('20000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000001', 'silver', 1);
INSERT INTO public.sponsors (event_id, company_name, status, value)
    VALUES ('20000000-0000-0000-0000-000000000001', 'Bubbles', 'lead', 25000);
INSERT INTO public.sponsors (event_id, company_name, status, value)
    VALUES ('20000000-0000-0000-0000-000000000001', ' bubbles ', 'confirmed', 99000);
INSERT INTO public.sponsors (event_id, company_name, status, value)
    VALUES ('20000000-0000-0000-0000-000000000001', E'\uFF22ubbles' || chr(9), 'confirmed', 99000);
INSERT INTO public.sponsors (event_id, company_name) VALUES ('20000000-0000-0000-0000-000000000001', E'Maison\u00A0\u00A0Dor');
INSERT INTO public.sponsors (event_id, company_name) VALUES ('20000000-0000-0000-0000-000000000001', 'maison dor');
INSERT INTO public.sponsorship_packages (name, tier, price, benefits) VALUES ('Gold', 'gold', 1, '"logo on backdrop"');
INSERT INTO public.sponsorship_packages (name, tier, price, benefits) VALUES ('Gold', 'gold', 1, '["logo on backdrop"]');
INSERT INTO public.campaigns (organization_id, name, created_by, strategy)
    VALUES ('10000000-0000-0000-0000-000000000001', 'Launch', '00000000-0000-0000-0000-000000000001', '[1, 2]');
INSERT INTO public.campaigns (organization_id, name, created_by, channel_packs)
    VALUES ('10000000-0000-0000-0000-000000000001', 'Launch', '00000000-0000-0000-0000-000000000001', '{"x": 1}');
INSERT INTO public.campaigns (organization_id, name, created_by, strategy, brand_signals)
    VALUES ('10000000-0000-0000-0000-000000000001', 'Launch', '00000000-0000-0000-0000-000000000001', '{"goal": "press"}', NULL);

-- The base tables keep updated_at current.
UPDATE public.organizations SET updated_at = '2000-01-01';
UPDATE public.organizations SET name = 'Maison Paris';
SELECT updated_at > '2000-01-01' AS updated_at_was_set FROM public.organizations;
