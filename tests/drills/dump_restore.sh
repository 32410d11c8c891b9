#!/usr/bin/env bash
# dump_restore.sh: the data of fashionos survives pg_dump and a restore into a new database.
#
# Needs a running cluster on PORT with the extension installed (scripts/regress.sh's setup).
#   1. A fresh database with the extension; one or more rows in each of the 52 tables of public,
#      in fashionos.event_settings and in auth.users (rows chosen to stress COPY: quotes,
#      backslashes, new lines, non-ASCII text, NULLs, arrays, JSON).
#   2. pg_dump -Fc of that database; pg_restore --exit-on-error (a) into a new, empty database
#      created from template0 (the dump itself creates schema extensions, btree_gist and
#      fashionos), (b) into a new database that already has btree_gist in schema extensions, with
#      a restore list that leaves out the dump's CREATE SCHEMA extensions.
#      Among them rows written before 0.5.0's rules (an event dated 'infinity', a NaN amount, a
#      venue booked without an end, a slot read as ambiguous today), which a restore loads as they
#      are, and fashionos.rebuild_bookings() after a restore without triggers books as they did.
#   3. In each restored database, for every table of public and every table of the extension (whatever its schema), the rows
#      (compared by md5 of each row's text) of both databases: every table must have exactly the
#      same rows (the signing key the restore's CREATE EXTENSION made is replaced by the dumped
#      keys). Plus: the restored database signs new tickets with the source's newest key (the key
#      its scanners trust), the restored extension is the same version, its drop guard is
#      installed and refuses to drop the restored data.
# Prints one line per failed check and 'dump_restore: N passed, M failed'; exit status 1 on any
# failure.
set -uo pipefail
PORT=${PORT:?set PORT to the port of a running cluster with fashionos installed}
. "$(dirname "$0")/../lib.sh"
src=drill_dump_src
dst=drill_dump_dst
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PGOPTIONS="-c client_min_messages=warning"
end_drill() { # the end: drops both databases, prints the closing line, exits
    drop_db "$src"
    drop_db "$dst"
    finish dump_restore
    exit $?
}

# 1. Source database with data everywhere.
if fresh_db "$PORT" "$src" >"$work/setup.log" 2>&1; then ok; else ko "create $src:"; cat "$work/setup.log"; end_drill; fi
if sql "$PORT" "$src" >"$work/fill.log" 2>&1 <<'SQL'
SET client_min_messages = warning;
SET search_path = pg_catalog;
INSERT INTO auth.users (id, email, raw_user_meta_data) VALUES
    ('00000000-0000-0000-0000-000000000001', 'ada@example.com', '{"name": "Ada"}'),
    ('00000000-0000-0000-0000-000000000002', 'bo@example.com', '{}');
INSERT INTO public.organizations (id, name, slug, logo_url, plan) VALUES
    ('10000000-0000-0000-0000-000000000001', 'Maison "Étoile"', 'maison-etoile', NULL, 'pro');
INSERT INTO public.users (id, email, full_name, role, organization_id) VALUES
    ('00000000-0000-0000-0000-000000000001', 'ada@example.com', 'Ada O''Neil', 'owner', '10000000-0000-0000-0000-000000000001'),
    ('00000000-0000-0000-0000-000000000002', 'bo@example.com', NULL, 'organizer', '10000000-0000-0000-0000-000000000001');
INSERT INTO public.events (id, name, description, type, status, start_date, end_date, venue_name, budget_total,
                           attendee_target, organization_id, created_by) VALUES
    ('20000000-0000-0000-0000-000000000001', 'SS25 — Défilé', E'Line one\nLine two\twith a tab, a \\ backslash and ''quotes'' ✨',
     'runway_show', 'active', '2025-03-01 19:00+00', '2025-03-01 22:00+00', 'Grand Palais', 125000.50, 800,
     '10000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000001');
INSERT INTO public.tasks (id, event_id, title, assigned_to, is_critical_path, dependency_task_ids) VALUES
    ('21000000-0000-0000-0000-000000000001', '20000000-0000-0000-0000-000000000001', 'Book venue', '00000000-0000-0000-0000-000000000002', true, '{}'),
    ('21000000-0000-0000-0000-000000000002', '20000000-0000-0000-0000-000000000001', 'Lighting', NULL, false,
     '{21000000-0000-0000-0000-000000000001}');
INSERT INTO public.sponsors (event_id, company_name, tier, status, value, fit_score) VALUES
    ('20000000-0000-0000-0000-000000000001', 'Bank & Co', 'gold', 'confirmed', 50000, 87);
INSERT INTO public.budget_items (event_id, category, item_name, budgeted_amount, actual_amount, status, vendor) VALUES
    ('20000000-0000-0000-0000-000000000001', 'venue', 'Hall rental', 40000, 39999.99, 'paid', 'RMN');
INSERT INTO public.assets (id, event_id, name, type, status, file_url, ai_score, uploaded_by) VALUES
    ('22000000-0000-0000-0000-000000000001', '20000000-0000-0000-0000-000000000001', 'Look 1', 'image', 'approved',
     'https://cdn.example.com/look1.jpg', 91, '00000000-0000-0000-0000-000000000001');
INSERT INTO public.campaigns (organization_id, name, brand_signals, channel_packs, status, created_by) VALUES
    ('10000000-0000-0000-0000-000000000001', 'SS25 launch', '{"tone": "bold", "nested": {"a": [1, 2]}}',
     '[{"channel": "instagram"}]', 'approved', '00000000-0000-0000-0000-000000000001');
INSERT INTO public.ticket_tiers (id, event_id, name, type, price, quantity_total, quantity_sold) VALUES
    ('30000000-0000-0000-0000-000000000001', '20000000-0000-0000-0000-000000000001', 'VIP Front Row', 'vip', 500, 50, 1);
INSERT INTO public.registrations (id, event_id, ticket_tier_id, user_id, attendee_email, attendee_name, status,
                                  qr_code_data, checked_in_at) VALUES
    ('31000000-0000-0000-0000-000000000001', '20000000-0000-0000-0000-000000000001', '30000000-0000-0000-0000-000000000001',
     '00000000-0000-0000-0000-000000000002', 'bo@example.com', 'Bo', 'confirmed', 'drill-token-1', NULL);
INSERT INTO public.payments (registration_id, payer_id, amount, currency, status, provider, provider_transaction_id) VALUES
    ('31000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000002', 500, 'EUR', 'completed', 'stripe', 'pi_123');
INSERT INTO public.event_phases (event_id, phase_key, title, order_index, status) VALUES
    ('20000000-0000-0000-0000-000000000001', 'pre_production', 'Pre-Production', 1, 'complete');
INSERT INTO public.event_schedules (event_id, title, start_time, end_time) VALUES
    ('20000000-0000-0000-0000-000000000001', 'Show', '2025-03-01 19:00+00', '2025-03-01 19:45+00');
INSERT INTO public.event_rehearsals (event_id, date, time_slot, location) VALUES
    ('20000000-0000-0000-0000-000000000001', '2025-03-01', '14:00-16:00', 'Main runway');
INSERT INTO public.event_assets (event_id, type, url, is_featured) VALUES
    ('20000000-0000-0000-0000-000000000001', 'photo', 'https://cdn.example.com/hero.jpg', true);
INSERT INTO public.venues (id, owner_id, name, city, capacity, type, amenities) VALUES
    ('40000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000001', 'Grand Palais', 'Paris', 5000, 'indoor',
     '["stage", "lighting"]');
INSERT INTO public.venue_availability (venue_id, event_id, date, start_time, end_time, status) VALUES
    ('40000000-0000-0000-0000-000000000001', '20000000-0000-0000-0000-000000000001', '2025-03-01',
     '2025-03-01 08:00+00', '2025-03-01 23:00+00', 'booked');
INSERT INTO public.stakeholders (id, user_id, name, email, role, company) VALUES
    ('41000000-0000-0000-0000-000000000001', NULL, 'Cy', 'cy@example.com', 'photographer', 'Studio');
INSERT INTO public.event_stakeholders (event_id, stakeholder_id, role) VALUES
    ('20000000-0000-0000-0000-000000000001', '41000000-0000-0000-0000-000000000001', 'lead photographer');
INSERT INTO public.task_assignees (task_id, user_id, stakeholder_id) VALUES
    ('21000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000002', NULL),
    ('21000000-0000-0000-0000-000000000001', NULL, '41000000-0000-0000-0000-000000000001');
INSERT INTO public.organizer_teams (id, organization_id, owner_id, name, type) VALUES
    ('42000000-0000-0000-0000-000000000001', '10000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000001',
     'Backstage', 'production');
INSERT INTO public.organizer_team_members (team_id, user_id, stakeholder_id, role) VALUES
    ('42000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000002', NULL, 'runner'),
    ('42000000-0000-0000-0000-000000000001', NULL, '41000000-0000-0000-0000-000000000001', 'photo');
INSERT INTO public.model_agencies (id, name, city) VALUES ('43000000-0000-0000-0000-000000000001', 'Elite', 'Paris');
INSERT INTO public.model_profiles (id, user_id, agency_id, height, measurements) VALUES
    ('44000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000002', '43000000-0000-0000-0000-000000000001',
     '5''10"', '82-60-88');
INSERT INTO public.event_models (event_id, model_profile_id, walk_order, is_opening, fitting_status) VALUES
    ('20000000-0000-0000-0000-000000000001', '44000000-0000-0000-0000-000000000001', 1, true, 'completed');
INSERT INTO public.model_availability (model_profile_id, event_id, date, start_time, end_time, status) VALUES
    ('44000000-0000-0000-0000-000000000001', NULL, '2025-03-02', '2025-03-02 09:00+00', '2025-03-02 17:00+00', 'available');
INSERT INTO public.call_times (event_id, model_profile_id, stakeholder_id, date, time, location) VALUES
    ('20000000-0000-0000-0000-000000000001', '44000000-0000-0000-0000-000000000001', NULL, '2025-03-01', '15:30', 'Backstage');
INSERT INTO public.fashion_brands (id, name, country, instagram) VALUES
    ('45000000-0000-0000-0000-000000000001', 'Atelier', 'FR', '@atelier');
INSERT INTO public.designer_profiles (id, user_id, brand_id, title) VALUES
    ('46000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000001', '45000000-0000-0000-0000-000000000001',
     'Creative Director');
INSERT INTO public.event_designers (event_id, designer_profile_id, brand_id, collection_order, collection_name) VALUES
    ('20000000-0000-0000-0000-000000000001', '46000000-0000-0000-0000-000000000001', '45000000-0000-0000-0000-000000000001',
     1, 'Nuit');
INSERT INTO public.designer_availability (designer_profile_id, event_id, date, start_time, end_time, status) VALUES
    ('46000000-0000-0000-0000-000000000001', NULL, '2025-03-03', '2025-03-03 09:00+00', '2025-03-03 12:00+00', 'tentative');
INSERT INTO public.sponsor_organizations (id, name, industry) VALUES
    ('47000000-0000-0000-0000-000000000001', 'Bank & Co', 'finance');
INSERT INTO public.event_sponsors_junction (event_id, sponsor_org_id, tier, amount, status) VALUES
    ('20000000-0000-0000-0000-000000000001', '47000000-0000-0000-0000-000000000001', 'gold', 50000, 'signed');
INSERT INTO public.sponsorship_packages (name, tier, price, benefits) VALUES
    ('Gold', 'gold', 50000, '["logo on backdrop", "2 front-row seats"]');
INSERT INTO public.shoots (id, organization_id, designer_id, title, scheduled_date, created_by) VALUES
    ('48000000-0000-0000-0000-000000000001', '10000000-0000-0000-0000-000000000001', '46000000-0000-0000-0000-000000000001',
     'Lookbook', '2025-02-10', '00000000-0000-0000-0000-000000000001');
INSERT INTO public.shoot_items (shoot_id, name, sku, quantity) VALUES
    ('48000000-0000-0000-0000-000000000001', 'Coat', 'SKU-1', 2);
INSERT INTO public.shoot_assets (shoot_id, file_url, is_final, approved_by) VALUES
    ('48000000-0000-0000-0000-000000000001', 'https://cdn.example.com/s1.jpg', true, '00000000-0000-0000-0000-000000000001');
INSERT INTO public.shoot_payments (shoot_id, amount, status) VALUES
    ('48000000-0000-0000-0000-000000000001', 1200.00, 'invoiced');
INSERT INTO public.media_size_specs (id, platform, use_case, width, height, aspect_ratio) VALUES
    ('49000000-0000-0000-0000-000000000001', 'instagram', 'feed_post', 1080, 1080, '1:1');
INSERT INTO public.asset_variants (asset_id, size_spec_id, file_url, file_size_bytes, is_primary) VALUES
    ('22000000-0000-0000-0000-000000000001', '49000000-0000-0000-0000-000000000001', 'https://cdn.example.com/v1.jpg', 204800, true);
INSERT INTO public.cloudinary_assets (asset_id, public_id, folder, format, width, height, bytes) VALUES
    ('22000000-0000-0000-0000-000000000001', 'ss25/look1', 'ss25', 'jpg', 3000, 4000, 1048576);
INSERT INTO public.asset_links (asset_id, entity_type, entity_id, role) VALUES
    ('22000000-0000-0000-0000-000000000001', 'events', '20000000-0000-0000-0000-000000000001', 'cover');
INSERT INTO public.instagram_connections (id, user_id, instagram_account_id, access_token) VALUES
    ('4a000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000001', 'ig-1', 'secret-ig');
INSERT INTO public.instagram_posts (connection_id, asset_id, caption, status, scheduled_at) VALUES
    ('4a000000-0000-0000-0000-000000000001', '22000000-0000-0000-0000-000000000001', E'Caption\nwith #tags', 'scheduled',
     '2025-03-02 10:00+00');
INSERT INTO public.facebook_connections (id, user_id, facebook_page_id, page_name, access_token) VALUES
    ('4b000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000001', 'fb-1', 'Maison', 'secret-fb');
INSERT INTO public.facebook_posts (connection_id, asset_id, message) VALUES
    ('4b000000-0000-0000-0000-000000000001', NULL, 'Hello');
INSERT INTO public.shopify_shops (id, user_id, shop_domain, access_token) VALUES
    ('4c000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000001', 'maison.myshopify.com', 'secret-shop');
INSERT INTO public.shopify_products (id, shop_id, shopify_product_id, title, handle, status) VALUES
    ('4d000000-0000-0000-0000-000000000001', '4c000000-0000-0000-0000-000000000001', 'gid://shopify/Product/1', 'Coat', 'coat', 'active');
INSERT INTO public.shopify_media_links (asset_id, shopify_product_id, shopify_media_id, position) VALUES
    ('22000000-0000-0000-0000-000000000001', '4d000000-0000-0000-0000-000000000001', 'm-1', 1);
INSERT INTO public.amazon_connections (id, user_id, seller_id, marketplace_id, access_token) VALUES
    ('4e000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000001', 'A1SELLER', 'ATVPDKIKX0DER', 'secret-amz');
INSERT INTO public.amazon_products (id, connection_id, sku, asin, title, status) VALUES
    ('4f000000-0000-0000-0000-000000000001', '4e000000-0000-0000-0000-000000000001', 'SKU-1', 'B000000001', 'Coat', 'active');
INSERT INTO public.amazon_media_links (asset_id, amazon_product_id, position) VALUES
    ('22000000-0000-0000-0000-000000000001', '4f000000-0000-0000-0000-000000000001', 0);
INSERT INTO fashionos.event_settings (event_id, time_zone, walk_min_gap) VALUES
    ('20000000-0000-0000-0000-000000000001', 'Europe/Paris', 3);
-- Rows written before 0.5.0's rules, as a database updated from 0.4.0 holds them: an event dated
-- 'infinity' with a NaN budget, and a rehearsal slot ("9-5") that today's reading refuses as
-- ambiguous. The operator's session loads them (this one, and the restore's), so the dump
-- restores; the slot books nothing, in the source as in the restored database.
INSERT INTO public.events (id, name, type, status, start_date, end_date, budget_total, organization_id, created_by) VALUES
    ('20000000-0000-0000-0000-0000000000f0', 'Legacy: open-ended residency', 'runway_show', 'planning',
     '2025-06-01 10:00+00', 'infinity', 'NaN', '10000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000001');
-- (the residency books the venue from its first day without an end: its rehearsal is read, and
-- neither books anything)
INSERT INTO public.venue_availability (venue_id, event_id, date, start_time, end_time, status) VALUES
    ('40000000-0000-0000-0000-000000000001', '20000000-0000-0000-0000-0000000000f0', '2025-06-01',
     '2025-06-01 08:00+00', 'infinity', 'booked');
INSERT INTO public.event_rehearsals (event_id, date, time_slot, location) VALUES
    ('20000000-0000-0000-0000-0000000000f0', '2025-06-01', '9-5', 'Main runway');
-- a rotated key: the restored database must sign with it, the newest of the source
SELECT fashionos.generate_signing_key();
SQL
then ok; else ko "filling $src:"; cat "$work/fill.log"; end_drill; fi

# Every table of public (and event_settings) holds at least one row.
empty=$(sql "$PORT" "$src" -c "
    SELECT string_agg(c.oid::regclass::text, ' ' ORDER BY 1)
      FROM pg_class c
     WHERE (c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' OR c.oid = 'fashionos.event_settings'::regclass)
       AND (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %s', c.oid::regclass), false, true, '')))[1]::text = '0'")
n_public=$(sql "$PORT" "$src" -c "SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'")
if [ -z "$empty" ] && [ "$n_public" = 52 ]; then ok; else ko "not every table was filled ($n_public tables in public; empty: $empty)"; fi

# 2. Dump.
if pg_dump -h localhost -p "$PORT" -U postgres -Fc -f "$work/dump" "$src" 2>"$work/dump.log"; then ok; else ko "pg_dump:"; cat "$work/dump.log"; end_drill; fi

# 3. Compare a restored database with the source.
tables_sql="
    SELECT c.oid::regclass::text FROM pg_class c
     WHERE c.relkind IN ('r', 'p') AND (c.relnamespace = 'public'::regnamespace OR EXISTS (
           SELECT 1 FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
            WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e' AND e.extname = 'fashionos'))
     ORDER BY 1"
sql "$PORT" "$src" -c "SET search_path = pg_catalog" -c "$tables_sql" >"$work/tables.src"
compare() {
    local db=$1 t n lost added compared=0
    sql "$PORT" "$db" -c "SET search_path = pg_catalog" -c "$tables_sql" >"$work/tables.dst"
    if diff "$work/tables.src" "$work/tables.dst" >"$work/tables.diff"; then ok
    else ko "$db does not have the same tables as the source:"; cat "$work/tables.diff"; fi
    while read -r t; do
        # (the door's change log is written by triggers: a restore without them has none, and a
        # full door bundle needs none)
        [ "${2:-}" = without-triggers ] && [ "$t" = fashionos.door_changes ] && continue
        # the marker of the doors' sequences is the database's own: the restore's CREATE EXTENSION
        # draws one, so that a door's sequence of the source gets a full bundle
        # (tests/pg_regress/sql/door.sql); it is not dumped
        if [ "$t" = fashionos.door_database ]; then
            if [ "$(sql "$PORT" "$db" -c "SELECT count(*) FROM fashionos.door_database")" = 1 ] &&
               [ "$(sql "$PORT" "$db" -c "SELECT count(*) FROM pg_extension WHERE extname = 'fashionos'
                                            AND 'fashionos.door_database'::regclass = ANY (extconfig)")" = 0 ]; then ok
            else ko "$db: fashionos.door_database is dumped, or has not one row"; fi
            continue
        fi
        sql="SELECT md5(r::text) FROM $t r"
        # the door's change log is derived: a restore writes it again, with its own transaction ids
        [ "$t" = fashionos.door_changes ] && sql="SELECT md5((r.event_id, r.registration_id, r.token_hash)::text) FROM $t r"
        sql "$PORT" "$src" -c "SET search_path = pg_catalog" -c "$sql" 2>&1 | LC_ALL=C sort >"$work/rows.src"
        sql "$PORT" "$db" -c "SET search_path = pg_catalog" -c "$sql" 2>&1 | LC_ALL=C sort >"$work/rows.dst"
        n=$(wc -l <"$work/rows.src")
        lost=$(LC_ALL=C comm -23 "$work/rows.src" "$work/rows.dst" | wc -l)
        added=$(LC_ALL=C comm -13 "$work/rows.src" "$work/rows.dst" | wc -l)
        if [ "$lost" -eq 0 ] && [ "$added" -eq 0 ]; then ok; compared=$((compared + 1))
        else ko "$db $t: $n rows in the source, $lost of them lost or changed, $added rows added by the restore"; fi
    done <"$work/tables.src"
    echo "$db: the rows of $compared tables are the source's"

    # New tickets are signed with the source's newest key, not with a key of the restore's own.
    local k_src k_dst
    k_src=$(sql "$PORT" "$src" -c "SELECT key_id FROM fashionos.signing_keys ORDER BY created_at DESC, key_id LIMIT 1")
    k_dst=$(sql "$PORT" "$db" -c "SELECT split_part(fashionos.issue_ticket_token(gen_random_uuid(), gen_random_uuid()), '.', 2)")
    if [ -n "$k_src" ] && [ "$k_src" = "$k_dst" ]; then ok; else ko "$db signs with key '$k_dst', the source with '$k_src'"; fi

    # The restored extension is the same version and still guards against DROP EXTENSION.
    local v_src v_dst out
    v_src=$(sql "$PORT" "$src" -c "SELECT extversion FROM pg_extension WHERE extname = 'fashionos'")
    v_dst=$(sql "$PORT" "$db" -c "SELECT extversion FROM pg_extension WHERE extname = 'fashionos'")
    if [ -n "$v_dst" ] && [ "$v_src" = "$v_dst" ]; then ok; else ko "$db extension version: source '$v_src', restored '$v_dst'"; fi
    if [ "$(sql "$PORT" "$db" -c "SELECT count(*) FROM pg_event_trigger WHERE evtname = 'fashionos_guard_drop' AND evtenabled = 'A'")" = 1 ]; then ok
    else ko "$db has no drop guard"; fi
    if out=$(sql "$PORT" "$db" -c "DROP EXTENSION fashionos" 2>&1); then ko "DROP EXTENSION fashionos succeeded on the data restored in $db"
    elif grep -q "refused" <<<"$out"; then ok; else ko "DROP EXTENSION fashionos in $db: $out"; fi
}

# 3a. Into a new, empty database: the dump itself creates schema extensions, btree_gist in it, and
#     fashionos (pg_restore -f - shows CREATE SCHEMA extensions; CREATE EXTENSION IF NOT EXISTS ...).
sql "$PORT" postgres -c "DROP DATABASE IF EXISTS $dst WITH (FORCE)" -c "CREATE DATABASE $dst TEMPLATE template0" >/dev/null
if pg_restore -h localhost -p "$PORT" -U postgres --exit-on-error -d "$dst" "$work/dump" 2>"$work/restore.log"; then ok; compare "$dst"
else ko "pg_restore into an empty database:"; cat "$work/restore.log"; fi

# 3b. Into a database that already has schema extensions with btree_gist (as a Supabase project
#     has): the dump's own CREATE SCHEMA extensions is left out with a restore list.
sql "$PORT" postgres -c "DROP DATABASE IF EXISTS $dst WITH (FORCE)" -c "CREATE DATABASE $dst TEMPLATE template0" >/dev/null
sql "$PORT" "$dst" -c "CREATE SCHEMA extensions" -c "CREATE EXTENSION btree_gist WITH SCHEMA extensions" >/dev/null
pg_restore -l "$work/dump" | grep -v ' SCHEMA - extensions ' >"$work/restore.list"
if pg_restore -h localhost -p "$PORT" -U postgres --exit-on-error -L "$work/restore.list" -d "$dst" "$work/dump" 2>"$work/restore.log"; then
    ok; compare "$dst"
else ko "pg_restore into a database with btree_gist:"; cat "$work/restore.log"; fi

# 3c. With triggers disabled (session_replication_role = replica), then
#     fashionos.rebuild_bookings(), as docs/scheduling.md says: the ledger and the signing keys
#     come out as from a restore with triggers.
sql "$PORT" postgres -c "DROP DATABASE IF EXISTS $dst WITH (FORCE)" -c "CREATE DATABASE $dst TEMPLATE template0" >/dev/null
if PGOPTIONS="$PGOPTIONS -c session_replication_role=replica" \
       pg_restore -h localhost -p "$PORT" -U postgres --exit-on-error -d "$dst" "$work/dump" 2>"$work/restore.log" \
   && sql "$PORT" "$dst" -c "SELECT fashionos.rebuild_bookings()" >/dev/null 2>>"$work/restore.log"; then
    ok; compare "$dst" without-triggers
else ko "pg_restore with triggers disabled, then rebuild_bookings():"; cat "$work/restore.log"; fi

end_drill
