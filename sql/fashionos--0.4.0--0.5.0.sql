\echo Use "ALTER EXTENSION fashionos UPDATE TO '0.5.0'" to load this file. \quit
-- fashionos 0.4.0 -> 0.5.0, written by scripts/make-upgrade.py from the catalogs of
-- a fresh 0.4.0 and a fresh 0.5.0; tests/drills/upgrade.sh checks that an updated
-- database has the catalog of a fresh install.

-- 1. Tables and indexes (sql/upgrades/)
-- Hand-written part of the update from 0.4.0 to 0.5.0 (scripts/make-upgrade.py puts it first).

-- A waiter's name has 1 to 200 characters, as the messages say, not bytes: a name of 101 "é" is
-- 202 bytes. Every name the old check accepted is accepted.
ALTER TABLE fashionos.waitlist_entries
    DROP CONSTRAINT waitlist_entries_attendee_name_check,
    ADD CONSTRAINT waitlist_entries_attendee_name_check CHECK (length(attendee_name) BETWEEN 1 AND 200);

-- A profile's e-mail changes server-side only (sql/security.sql). The trigger needs its function,
-- created here; the functions part of the script replaces it with the same definition.
CREATE FUNCTION fashionos.users_email_door() RETURNS trigger
    LANGUAGE plpgsql SET search_path = '' AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER users_email_door BEFORE UPDATE OF email ON public.users
    FOR EACH ROW WHEN (OLD.email IS DISTINCT FROM NEW.email) EXECUTE FUNCTION fashionos.users_email_door();

-- An organization keeps an owner, and a row's id never changes (sql/security.sql,
-- sql/data_safety.sql). As above, the triggers need their functions, replaced later in the script.
CREATE FUNCTION fashionos.users_last_owner() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER users_last_owner BEFORE UPDATE OF role, organization_id OR DELETE ON public.users
    FOR EACH ROW WHEN (OLD.role = 'owner') EXECUTE FUNCTION fashionos.users_last_owner();
COMMENT ON TRIGGER users_last_owner ON public.users IS
    'An organization keeps at least one owner (PT409 when its last owner would be demoted, moved or deleted).';
CREATE FUNCTION fashionos.id_never_changes() RETURNS trigger
    LANGUAGE plpgsql SET search_path = '' AS $$ BEGIN RETURN NEW; END $$;
DO $ids$
DECLARE
    v_table regclass;
BEGIN
    FOR v_table IN SELECT t FROM fashionos.member_relations('{r}', '{public}') AS t LOOP
        EXECUTE pg_catalog.format(
            'CREATE TRIGGER id_never_changes BEFORE UPDATE OF id ON %s FOR EACH ROW '
            'WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION fashionos.id_never_changes()', v_table);
        EXECUTE pg_catalog.format('COMMENT ON TRIGGER id_never_changes ON %s IS %L', v_table,
                                  'A row''s id never changes (42501): other rows and the private state refer to it by id.');
    END LOOP;
END
$ids$;

-- Tickets freed while an event was off sale go to its waitlist when it is back on sale
-- (sql/waitlist.sql).
CREATE FUNCTION fashionos.waitlist_back_on_sale() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$ BEGIN RETURN NULL; END $$;
CREATE TRIGGER events_waitlist AFTER UPDATE OF status, start_date, end_date ON public.events
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.start_date IS DISTINCT FROM NEW.start_date
                       OR OLD.end_date IS DISTINCT FROM NEW.end_date)
    EXECUTE FUNCTION fashionos.waitlist_back_on_sale();
COMMENT ON TRIGGER events_waitlist ON public.events IS
    'Tickets freed while the event was off sale go to the waitlist first when it is back on sale (fashionos.waitlist_back_on_sale).';

-- NaN in the numeric columns of public, and event dates outside the years 1900 to 9999, are
-- refused (sql/data_safety.sql, part 4). Rows written before are left as they are.
CREATE FUNCTION fashionos.numbers_not_nan() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$ BEGIN RETURN NEW; END $$;
DO $nan$
DECLARE
    v record;
BEGIN
    FOR v IN
        SELECT a.attrelid::regclass AS tbl, pg_catalog.array_agg(a.attname::text ORDER BY a.attnum) AS cols
          FROM pg_catalog.pg_attribute a
          JOIN fashionos.member_relations('{r}', '{public}') AS t ON t = a.attrelid
         WHERE a.atttypid = 'pg_catalog.numeric'::pg_catalog.regtype AND a.attnum > 0 AND NOT a.attisdropped
         GROUP BY a.attrelid
    LOOP
        EXECUTE pg_catalog.format(
            'CREATE TRIGGER numbers_not_nan BEFORE INSERT OR UPDATE OF %s ON %s FOR EACH ROW WHEN (%s) '
            'EXECUTE FUNCTION fashionos.numbers_not_nan(%s)',
            (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(c), ', ') FROM pg_catalog.unnest(v.cols) AS c),
            v.tbl,
            (SELECT pg_catalog.string_agg(pg_catalog.format('NEW.%I = ''NaN''::pg_catalog.numeric', c), ' OR ')
               FROM pg_catalog.unnest(v.cols) AS c),
            (SELECT pg_catalog.string_agg(pg_catalog.quote_literal(c), ', ') FROM pg_catalog.unnest(v.cols) AS c));
        EXECUTE pg_catalog.format('COMMENT ON TRIGGER numbers_not_nan ON %s IS %L', v.tbl,
                                  'Refuses NaN in the numeric columns (22023): CHECK (x >= 0) lets NaN through.');
    END LOOP;
END
$nan$;
CREATE FUNCTION fashionos.event_dates_in_range() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER events_dates_in_range BEFORE INSERT OR UPDATE OF start_date, end_date ON public.events
    FOR EACH ROW WHEN (NOT (NEW.start_date >= '1900-01-01 00:00+00' AND NEW.start_date < '10000-01-01 00:00+00')
                       OR NOT (coalesce(NEW.end_date, NEW.start_date) >= '1900-01-01 00:00+00'
                               AND coalesce(NEW.end_date, NEW.start_date) < '10000-01-01 00:00+00'))
    EXECUTE FUNCTION fashionos.event_dates_in_range();
COMMENT ON TRIGGER events_dates_in_range ON public.events IS
    'An event''s dates lie in the years 1900 to 9999, infinity refused (22023).';

-- The key CREATE EXTENSION makes is marked, and a restore's dumped keys replace it
-- (sql/ticketing_private.sql). Keys made before are not marked: none is dropped.
ALTER TABLE fashionos.signing_keys ADD COLUMN made_at_install boolean NOT NULL DEFAULT false;
CREATE FUNCTION fashionos.restored_signing_key() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$ BEGIN RETURN NULL; END $$;
CREATE TRIGGER signing_keys_restored AFTER INSERT ON fashionos.signing_keys
    FOR EACH STATEMENT EXECUTE FUNCTION fashionos.restored_signing_key();
COMMENT ON TRIGGER signing_keys_restored ON fashionos.signing_keys IS
    'A restore''s dumped keys replace the key its CREATE EXTENSION made (fashionos.restored_signing_key).';

-- An event with live tickets or money records is not deleted (sql/ticketing_doors.sql).
CREATE FUNCTION fashionos.event_keeps_sales() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$ BEGIN RETURN OLD; END $$;
CREATE TRIGGER events_keep_sales BEFORE DELETE ON public.events
    FOR EACH ROW EXECUTE FUNCTION fashionos.event_keeps_sales();
COMMENT ON TRIGGER events_keep_sales ON public.events IS
    'An event with live tickets or money records is not deleted (PT409): cancel it instead (fashionos.event_keeps_sales).';

-- Server-side code keeps the creator of an event, a campaign or a shoot a member of its
-- organization; an event with sales and a shoot with payments stay (sql/security.sql).
CREATE FUNCTION fashionos.rows_move_with_their_creator() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$ BEGIN RETURN NEW; END $$;
DO $move$
DECLARE
    v_table text;
BEGIN
    FOREACH v_table IN ARRAY ARRAY['events', 'campaigns', 'shoots'] LOOP
        EXECUTE pg_catalog.format('CREATE TRIGGER %1$I BEFORE UPDATE OF organization_id, created_by ON public.%2$I FOR EACH ROW
                                       WHEN (OLD.organization_id IS DISTINCT FROM NEW.organization_id
                                             OR OLD.created_by IS DISTINCT FROM NEW.created_by)
                                       EXECUTE FUNCTION fashionos.rows_move_with_their_creator()',
                                  v_table || '_move_with_creator', v_table);
        EXECUTE pg_catalog.format('COMMENT ON TRIGGER %I ON public.%I IS %L', v_table || '_move_with_creator', v_table,
            'Server-side code keeps the creator a member of the row''s organization; an event with sales and a shoot with payments stay (PT409: fashionos.rows_move_with_their_creator).');
    END LOOP;
END
$move$;

-- A member named by his organization's rows is not moved elsewhere, nor deleted while named as a
-- creator (sql/security.sql).
CREATE FUNCTION fashionos.users_move_references() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$ BEGIN RETURN NULL; END $$;
CREATE TRIGGER users_move_references AFTER UPDATE OF organization_id ON public.users
    FOR EACH ROW WHEN (OLD.organization_id IS DISTINCT FROM NEW.organization_id)
    EXECUTE FUNCTION fashionos.users_move_references();
COMMENT ON TRIGGER users_move_references ON public.users IS
    'A member named by his organization''s rows is not moved to another organization (PT409: fashionos.users_move_references).';
CREATE TRIGGER users_named_references BEFORE DELETE ON public.users
    FOR EACH ROW EXECUTE FUNCTION fashionos.users_move_references();
COMMENT ON TRIGGER users_named_references ON public.users IS
    'A member named as the creator or uploader of his organization''s records is not deleted (PT409: fashionos.users_move_references).';

-- The tickets one reservation holds together, which one PaymentIntent may pay at once
-- (src/webhooks.rs). Holds made before are not grouped: each is paid alone, as before.
ALTER TABLE fashionos.registration_holds ADD COLUMN reservation_id uuid;
CREATE INDEX idx_registration_holds_reservation ON fashionos.registration_holds (reservation_id) WHERE reservation_id IS NOT NULL;

-- Links and slugs written by API clients (sql/data_safety.sql, part 5). Rows written before are
-- left as they are. The triggers' conditions call is_web_link, created here whole.
CREATE FUNCTION fashionos.writer_is_server() RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    SELECT coalesce((SELECT r.rolsuper OR r.rolbypassrls OR pg_catalog.pg_has_role(r.oid, 'service_role', 'MEMBER')
                       FROM pg_catalog.pg_roles r WHERE r.rolname = current_user), false)
$$;
CREATE FUNCTION fashionos.is_web_link(p_url text) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    SELECT pg_catalog.length(p_url) <= 2048
       AND (p_url = ''
            OR p_url OPERATOR(pg_catalog.~*) '^https?://[^[:space:][:cntrl:]/?#@\u00a0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]+([/?#][^[:space:][:cntrl:]\u00a0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]*)?$'
            -- a relative reference (a path of this site or a storage key): no scheme, so no colon
            -- before its first / ? or #, and no HTML character reference a page could decode
            OR (p_url OPERATOR(pg_catalog.~) '^[^:/?#[:space:][:cntrl:]\u00a0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]*([/?#][^[:space:][:cntrl:]\u00a0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]*)?$'
                AND p_url OPERATOR(pg_catalog.!~) '&[#[:alnum:]]+;'))
$$;
CREATE FUNCTION fashionos.is_handle_or_web_link(p_value text) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    SELECT p_value OPERATOR(pg_catalog.~) '^@?[A-Za-z0-9._]{1,30}$' OR fashionos.is_web_link(p_value)
$$;
CREATE FUNCTION fashionos.links_are_web() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$ BEGIN RETURN NEW; END $$;
DO $links$
DECLARE
    v record;
BEGIN
    FOR v IN
        SELECT l.tbl::regclass AS tbl, pg_catalog.array_agg(l.col ORDER BY l.col) AS cols
          FROM (VALUES ('public.organizations', 'logo_url'), ('public.users', 'avatar_url'),
                       ('public.sponsors', 'logo_url'), ('public.sponsors', 'website'),
                       ('public.assets', 'file_url'), ('public.assets', 'thumbnail_url'),
                       ('public.event_assets', 'url'), ('public.model_agencies', 'website'),
                       ('public.model_profiles', 'portfolio_url'), ('public.fashion_brands', 'website'),
                       ('public.sponsor_organizations', 'logo_url'), ('public.sponsor_organizations', 'website'),
                       ('public.shoot_assets', 'file_url'), ('public.shoot_assets', 'thumbnail_url'),
                       ('public.shoot_payments', 'invoice_url'), ('public.asset_variants', 'file_url'),
                       ('public.fashion_brands', 'instagram:handle'))
               AS l(tbl, col)
         GROUP BY l.tbl
    LOOP
        EXECUTE pg_catalog.format(
            'CREATE TRIGGER links_are_web BEFORE INSERT OR UPDATE OF %s ON %s FOR EACH ROW WHEN (%s) '
            'EXECUTE FUNCTION fashionos.links_are_web(%s)',
            (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(pg_catalog.split_part(c, ':', 1)), ', ') FROM pg_catalog.unnest(v.cols) AS c),
            v.tbl,
            (SELECT pg_catalog.string_agg(CASE WHEN c LIKE '%:handle'
                                               THEN pg_catalog.format('NOT fashionos.is_handle_or_web_link(NEW.%I)', pg_catalog.split_part(c, ':', 1))
                                               ELSE pg_catalog.format('NOT fashionos.is_web_link(NEW.%I)', c) END, ' OR ')
               FROM pg_catalog.unnest(v.cols) AS c),
            (SELECT pg_catalog.string_agg(pg_catalog.quote_literal(c), ', ') FROM pg_catalog.unnest(v.cols) AS c));
        EXECUTE pg_catalog.format('COMMENT ON TRIGGER links_are_web ON %s IS %L', v.tbl,
                                  'API clients write only http or https addresses in the link columns (22023): clients render them.');
    END LOOP;
END
$links$;
CREATE FUNCTION fashionos.organizations_slug_url_safe() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER organizations_slug_url_safe BEFORE INSERT OR UPDATE OF slug ON public.organizations
    FOR EACH ROW WHEN (NOT (NEW.slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND pg_catalog.length(NEW.slug) <= 63))
    EXECUTE FUNCTION fashionos.organizations_slug_url_safe();
COMMENT ON TRIGGER organizations_slug_url_safe ON public.organizations IS
    'API clients write only URL-safe slugs (22023): lowercase letters, digits and single hyphens, at most 63 characters.';
CREATE FUNCTION fashionos.shopify_shops_domain_is_a_store() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER shopify_shops_domain_is_a_store BEFORE INSERT OR UPDATE OF shop_domain ON public.shopify_shops
    FOR EACH ROW WHEN (NEW.shop_domain !~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?\.myshopify\.com$')
    EXECUTE FUNCTION fashionos.shopify_shops_domain_is_a_store();
COMMENT ON TRIGGER shopify_shops_domain_is_a_store ON public.shopify_shops IS
    'API clients write a store''s myshopify.com domain in lower case (22023): one store, one spelling, connected once.';

-- The door: a scan is also told apart by its device (two lanes of one gate scanning a ticket in
-- the same second), and its answer names the later admission an earlier scan displaced
-- (src/door.rs).
UPDATE fashionos.door_scans SET device = '' WHERE device IS NULL;
ALTER TABLE fashionos.door_scans ALTER COLUMN device SET DEFAULT '', ALTER COLUMN device SET NOT NULL,
    DROP CONSTRAINT door_scans_pkey, ADD CONSTRAINT door_scans_pkey PRIMARY KEY (event_id, token_hash, scanned_at, gate, device);
ALTER TABLE fashionos.door_scans ADD COLUMN displaced_scanned_at timestamptz, ADD COLUMN displaced_gate text;
ALTER TYPE public.door_scan_result ADD ATTRIBUTE displaced_scanned_at timestamptz, ADD ATTRIBUTE displaced_gate text;

-- The open-slot cap reads one resource's day through an index (sql/options.sql).
CREATE INDEX idx_venue_availability_open_slots ON public.venue_availability (venue_id, start_time) WHERE event_id IS NULL;
CREATE INDEX idx_model_availability_open_slots ON public.model_availability (model_profile_id, start_time) WHERE event_id IS NULL;
CREATE INDEX idx_designer_availability_open_slots ON public.designer_availability (designer_profile_id, start_time) WHERE event_id IS NULL;
CREATE INDEX idx_payments_provider_transaction ON public.payments (provider_transaction_id)
    WHERE provider_transaction_id IS NOT NULL;

-- The tickets of a reservation of several (one reserve_tickets call with p_quantity > 1), kept
-- once they are paid and their holds are gone: one provider transaction pays one reservation
-- (complete_payment, the payment webhook). reservation_id is the first ticket's registration id;
-- a ticket without a row here is a reservation of its own.
CREATE TABLE fashionos.reservation_members (
    registration_id uuid PRIMARY KEY REFERENCES public.registrations(id) ON DELETE CASCADE,
    reservation_id uuid NOT NULL
);
CREATE INDEX idx_reservation_members_reservation ON fashionos.reservation_members (reservation_id);
SELECT pg_catalog.pg_extension_config_dump('fashionos.reservation_members', '');

-- The reservation a ticket was bought in: its reservation_members row, or the ticket itself.
-- the reservations of several tickets still held (those paid before keep no trace of theirs)
INSERT INTO fashionos.reservation_members (registration_id, reservation_id)
SELECT h.registration_id, h.reservation_id FROM fashionos.registration_holds h
 WHERE h.reservation_id IS NOT NULL
   AND (SELECT pg_catalog.count(*) FROM fashionos.registration_holds x WHERE x.reservation_id = h.reservation_id) > 1;

CREATE FUNCTION fashionos.reservation_of(p_registration_id uuid) RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    SELECT coalesce((SELECT m.reservation_id FROM fashionos.reservation_members m
                      WHERE m.registration_id = p_registration_id), p_registration_id)
$$;
COMMENT ON FUNCTION fashionos.reservation_of(uuid) IS
    'The reservation a ticket was bought in (the first ticket''s registration id of one reserve_tickets call), also once it is paid; a ticket bought alone is its own.';


-- The history of every payment's status (sql/payment_ledger.sql); the functions part replaces the
-- trigger's function. Payments that moved before the update get one entry each for the move to
-- their present status, dated by the update (when they moved is not known).
CREATE SEQUENCE fashionos.payment_events_entry_id_seq;
CREATE TABLE fashionos.payment_events (
    entry_id bigint PRIMARY KEY DEFAULT pg_catalog.nextval('fashionos.payment_events_entry_id_seq'),
    payment_id uuid NOT NULL,
    registration_id uuid NOT NULL,
    event_id uuid NOT NULL,
    ticket_tier_id uuid,
    status_before text NOT NULL,
    status text NOT NULL,
    amount numeric(10,2) NOT NULL,
    currency text NOT NULL,
    provider text,
    provider_transaction_id text,
    reason text NOT NULL,
    webhook text,
    by_role text NOT NULL,
    by_user uuid,
    at timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp()
);
CREATE INDEX idx_payment_events_event_at ON fashionos.payment_events (event_id, at);
CREATE INDEX idx_payment_events_payment ON fashionos.payment_events (payment_id);
SELECT pg_catalog.pg_extension_config_dump('fashionos.payment_events', '');
SELECT pg_catalog.pg_extension_config_dump('fashionos.payment_events_entry_id_seq', '');
INSERT INTO fashionos.payment_events
       (payment_id, registration_id, event_id, ticket_tier_id, status_before, status, amount, currency,
        provider, provider_transaction_id, reason, by_role)
SELECT p.id, p.registration_id, r.event_id, r.ticket_tier_id,
       CASE p.status WHEN 'refunded' THEN 'completed' ELSE 'pending' END, p.status, p.amount, p.currency,
       p.provider, p.provider_transaction_id, 'before the history (recorded by the update to 0.5.0)', SESSION_USER
  FROM public.payments p JOIN public.registrations r ON r.id = p.registration_id
 WHERE p.status <> 'pending'
 ORDER BY p.created_at, p.id;
CREATE FUNCTION fashionos.payments_ledger() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$ BEGIN RETURN NULL; END $$;
CREATE TRIGGER payments_ledger AFTER UPDATE OF status ON public.payments
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION fashionos.payments_ledger();
COMMENT ON TRIGGER payments_ledger ON public.payments IS
    'Each change of a payment''s status is recorded in fashionos.payment_events (public.payment_history reads it).';

-- Dates of the planning, content and commerce tables in the years 1900 to 9999, and created_at
-- and updated_at the server's (sql/data_safety.sql); the functions part replaces the functions.
CREATE FUNCTION fashionos.dates_in_range() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$ BEGIN RETURN NEW; END $$;
DO $dates$
DECLARE
    v record;
BEGIN
    FOR v IN
        SELECT a.attrelid::regclass AS tbl, pg_catalog.array_agg(a.attname::text ORDER BY a.attnum) AS cols
          FROM pg_catalog.pg_attribute a
          JOIN fashionos.member_relations('{r}', '{public}') AS t ON t = a.attrelid
         WHERE a.atttypid IN ('pg_catalog.date'::pg_catalog.regtype, 'pg_catalog.timestamptz'::pg_catalog.regtype)
           AND a.attnum > 0 AND NOT a.attisdropped
           AND a.attname NOT IN ('created_at', 'updated_at', 'checked_in_at')
           AND a.attrelid <> ALL ('{public.events, public.venue_availability, public.model_availability, public.designer_availability}'::pg_catalog.regclass[])
         GROUP BY a.attrelid
    LOOP
        EXECUTE pg_catalog.format(
            'CREATE TRIGGER dates_in_range BEFORE INSERT OR UPDATE OF %s ON %s FOR EACH ROW WHEN (%s) '
            'EXECUTE FUNCTION fashionos.dates_in_range(%s)',
            (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(c), ', ') FROM pg_catalog.unnest(v.cols) AS c),
            v.tbl,
            (SELECT pg_catalog.string_agg(pg_catalog.format('NOT (NEW.%1$I >= ''1900-01-01 00:00+00'' AND NEW.%1$I < ''10000-01-01 00:00+00'')', c), ' OR ')
               FROM pg_catalog.unnest(v.cols) AS c),
            (SELECT pg_catalog.string_agg(pg_catalog.quote_literal(c), ', ') FROM pg_catalog.unnest(v.cols) AS c));
        EXECUTE pg_catalog.format('COMMENT ON TRIGGER dates_in_range ON %s IS %L', v.tbl,
                                  'Dates lie in the years 1900 to 9999, infinity refused (22023).');
    END LOOP;
END
$dates$;
CREATE FUNCTION fashionos.server_timestamps() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$ BEGIN RETURN NEW; END $$;
DO $stamps$
DECLARE
    v record;
    v_owner text;
BEGIN
    SELECT e.extowner::text INTO STRICT v_owner FROM pg_catalog.pg_extension e WHERE e.extname = 'fashionos';
    FOR v IN
        SELECT a.attrelid::regclass AS tbl, pg_catalog.array_agg(a.attname::text ORDER BY a.attnum) AS cols
          FROM pg_catalog.pg_attribute a
          JOIN fashionos.member_relations('{r}', '{public}') AS t ON t = a.attrelid
         WHERE a.attname IN ('created_at', 'updated_at') AND a.attnum > 0 AND NOT a.attisdropped
         GROUP BY a.attrelid
    LOOP
        EXECUTE pg_catalog.format(
            'CREATE TRIGGER server_timestamps BEFORE INSERT OR UPDATE OF created_at ON %s FOR EACH ROW '
            'WHEN (NOT pg_catalog.pg_has_role(CURRENT_USER, %s::pg_catalog.oid, ''USAGE'')) '
            'EXECUTE FUNCTION fashionos.server_timestamps(%s)',
            v.tbl, v_owner,
            (SELECT pg_catalog.string_agg(pg_catalog.quote_literal(c), ', ') FROM pg_catalog.unnest(v.cols) AS c));
        EXECUTE pg_catalog.format('COMMENT ON TRIGGER server_timestamps ON %s IS %L', v.tbl,
                                  'created_at and updated_at are the server''s: an API client''s insert takes now(), its update keeps created_at.');
    END LOOP;
END
$stamps$;

-- A contact, a connection and a Cloudinary record stay in their organization (sql/security.sql);
-- the functions part replaces the function.
CREATE FUNCTION fashionos.rows_stay_in_their_organization() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$ BEGIN RETURN NEW; END $$;
DO $stay$
DECLARE
    v_table text;
    v_column text;
BEGIN
    FOR v_table, v_column IN VALUES ('stakeholders', 'user_id'), ('instagram_connections', 'user_id'),
                                    ('facebook_connections', 'user_id'), ('shopify_shops', 'user_id'),
                                    ('amazon_connections', 'user_id'), ('cloudinary_assets', 'asset_id') LOOP
        EXECUTE pg_catalog.format('CREATE TRIGGER %1$I BEFORE UPDATE OF %2$I ON public.%3$I FOR EACH ROW
                                       WHEN (OLD.%2$I IS DISTINCT FROM NEW.%2$I)
                                       EXECUTE FUNCTION fashionos.rows_stay_in_their_organization()',
                                  v_table || '_stays', v_column, v_table);
        EXECUTE pg_catalog.format('COMMENT ON TRIGGER %I ON public.%I IS %L', v_table || '_stays', v_table,
            'The row stays in its organization, for every writer (PT409: fashionos.rows_stay_in_their_organization).');
    END LOOP;
END
$stay$;

-- The natural keys a sync upserts on, one sponsor pipeline row per company and event, one deal per
-- sponsor organization and event, one primary variant per asset, and JSON columns of their
-- documented shape (sql/base.sql, sql/commerce.sql, sql/social.sql, sql/media.sql,
-- sql/sponsorship.sql). Rows that break them stop the update before anything changes, with what
-- to fix.
DO $keys$
DECLARE
    v record;
    v_found bigint;
BEGIN
    FOR v IN SELECT * FROM (VALUES
        ('public.shopify_products', 'shop_id, shopify_product_id', NULL),
        ('public.amazon_products', 'connection_id, sku', NULL),
        ('public.shopify_media_links', 'shopify_product_id, asset_id', NULL),
        ('public.amazon_media_links', 'amazon_product_id, asset_id', NULL),
        ('public.instagram_posts', 'connection_id, instagram_media_id', 'instagram_media_id IS NOT NULL'),
        ('public.facebook_posts', 'connection_id, facebook_post_id', 'facebook_post_id IS NOT NULL'),
        ('public.asset_variants', 'asset_id, size_spec_id', NULL),
        ('public.asset_variants', 'asset_id', 'is_primary'),
        ('public.event_sponsors_junction', 'event_id, sponsor_org_id', NULL),
        ('public.sponsors', 'event_id, pg_catalog.lower(pg_catalog.btrim(pg_catalog.regexp_replace(pg_catalog.normalize(company_name, ''NFKC''), ''\s+'', '' '', ''g'')))', NULL)) AS k (tbl, cols, cond)
    LOOP
        EXECUTE pg_catalog.format('SELECT count(*) FROM (SELECT 1 FROM %s WHERE %s GROUP BY %s HAVING count(*) > 1) d',
                                  v.tbl, coalesce(v.cond, 'true'), v.cols) INTO v_found;
        IF v_found > 0 THEN
            RAISE EXCEPTION USING ERRCODE = '23505',
                MESSAGE = pg_catalog.format('%s has rows that 0.5.0 keeps unique', v.tbl),
                DETAIL = pg_catalog.format('%s groups of rows of %s share (%s)%s.', v_found, v.tbl, v.cols,
                                           coalesce(' where ' || v.cond, '')),
                HINT = pg_catalog.format('Merge or delete the duplicates (SELECT %s, count(*) FROM %s WHERE %s GROUP BY %s HAVING count(*) > 1), then run ALTER EXTENSION fashionos UPDATE again; nothing was changed.',
                                         v.cols, v.tbl, coalesce(v.cond, 'true'), v.cols);
        END IF;
    END LOOP;
    FOR v IN SELECT * FROM (VALUES
        ('public.campaigns', 'brand_signals', 'object'), ('public.campaigns', 'strategy', 'object'),
        ('public.campaigns', 'pricing', 'object'), ('public.campaigns', 'assets', 'array'),
        ('public.campaigns', 'channel_packs', 'array'), ('public.sponsorship_packages', 'benefits', 'array')) AS j (tbl, col, shape)
    LOOP
        EXECUTE pg_catalog.format('SELECT count(*) FROM %s WHERE jsonb_typeof(%I) <> %L', v.tbl, v.col, v.shape) INTO v_found;
        IF v_found > 0 THEN
            RAISE EXCEPTION USING ERRCODE = '23514',
                MESSAGE = pg_catalog.format('%s.%s has values that are not a JSON %s', v.tbl, v.col, v.shape),
                DETAIL = pg_catalog.format('%s rows of %s; 0.5.0 keeps %s a JSON %s (or null).', v_found, v.tbl, v.col, v.shape),
                HINT = pg_catalog.format('Correct them (SELECT id, %1$I FROM %2$s WHERE jsonb_typeof(%1$I) <> %3$L), then run ALTER EXTENSION fashionos UPDATE again; nothing was changed.',
                                         v.col, v.tbl, v.shape);
        END IF;
    END LOOP;
END
$keys$;
CREATE UNIQUE INDEX idx_shopify_products_shop_product ON public.shopify_products (shop_id, shopify_product_id);
CREATE UNIQUE INDEX idx_amazon_products_connection_sku ON public.amazon_products (connection_id, sku);
CREATE UNIQUE INDEX idx_shopify_media_links_product_asset ON public.shopify_media_links (shopify_product_id, asset_id);
CREATE UNIQUE INDEX idx_amazon_media_links_product_asset ON public.amazon_media_links (amazon_product_id, asset_id);
CREATE UNIQUE INDEX idx_instagram_posts_connection_media ON public.instagram_posts (connection_id, instagram_media_id);
CREATE UNIQUE INDEX idx_facebook_posts_connection_post ON public.facebook_posts (connection_id, facebook_post_id);
CREATE UNIQUE INDEX idx_asset_variants_asset_size ON public.asset_variants (asset_id, size_spec_id);
CREATE UNIQUE INDEX idx_asset_variants_one_primary ON public.asset_variants (asset_id) WHERE is_primary;
CREATE UNIQUE INDEX idx_event_sponsors_junction_event_sponsor ON public.event_sponsors_junction (event_id, sponsor_org_id);
CREATE FUNCTION fashionos.sponsors_one_per_company() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER sponsors_one_per_company BEFORE INSERT OR UPDATE OF company_name, event_id ON public.sponsors
    FOR EACH ROW EXECUTE FUNCTION fashionos.sponsors_one_per_company();
COMMENT ON TRIGGER sponsors_one_per_company ON public.sponsors IS
    'One row per company and event, said with the company (23505: fashionos.sponsors_one_per_company).';
CREATE UNIQUE INDEX idx_sponsors_event_company ON public.sponsors
    (event_id, pg_catalog.lower(pg_catalog.btrim(pg_catalog.regexp_replace(pg_catalog.normalize(company_name, 'NFKC'), '\s+', ' ', 'g'))));
ALTER TABLE public.campaigns ADD CONSTRAINT campaigns_brand_signals_object CHECK (jsonb_typeof(brand_signals) = 'object');
ALTER TABLE public.campaigns ADD CONSTRAINT campaigns_strategy_object CHECK (jsonb_typeof(strategy) = 'object');
ALTER TABLE public.campaigns ADD CONSTRAINT campaigns_pricing_object CHECK (jsonb_typeof(pricing) = 'object');
ALTER TABLE public.campaigns ADD CONSTRAINT campaigns_assets_array CHECK (jsonb_typeof(assets) = 'array');
ALTER TABLE public.campaigns ADD CONSTRAINT campaigns_channel_packs_array CHECK (jsonb_typeof(channel_packs) = 'array');
ALTER TABLE public.sponsorship_packages ADD CONSTRAINT sponsorship_packages_benefits_array CHECK (jsonb_typeof(benefits) = 'array');

-- An entry of a shared directory that other rows name stays (sql/security.sql); the functions
-- part replaces the function.
CREATE FUNCTION fashionos.directory_entry_in_use() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$ BEGIN RETURN OLD; END $$;
CREATE TRIGGER sponsor_organizations_in_use BEFORE DELETE ON public.sponsor_organizations
    FOR EACH ROW EXECUTE FUNCTION fashionos.directory_entry_in_use();
COMMENT ON TRIGGER sponsor_organizations_in_use ON public.sponsor_organizations IS
    'An entry that deals name is not deleted (PT409: fashionos.directory_entry_in_use).';
CREATE TRIGGER fashion_brands_in_use BEFORE DELETE ON public.fashion_brands
    FOR EACH ROW EXECUTE FUNCTION fashionos.directory_entry_in_use();
COMMENT ON TRIGGER fashion_brands_in_use ON public.fashion_brands IS
    'A brand that designer profiles or collections name is not deleted (PT409: fashionos.directory_entry_in_use).';

-- Shoot payments are records, approvals the approver's own, a post's times match its status
-- (sql/shoots.sql, sql/social.sql); the functions part replaces the functions.
CREATE FUNCTION fashionos.shoot_payments_kept() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER shoot_payments_kept BEFORE UPDATE OR DELETE ON public.shoot_payments
    FOR EACH ROW EXECUTE FUNCTION fashionos.shoot_payments_kept();
COMMENT ON TRIGGER shoot_payments_kept ON public.shoot_payments IS
    'A paid payment is a record API clients do not change or delete (42501: fashionos.shoot_payments_kept).';
CREATE TRIGGER shoot_payments_paid_at AFTER INSERT OR UPDATE ON public.shoot_payments
    FOR EACH ROW EXECUTE FUNCTION fashionos.shoot_payments_kept();
COMMENT ON TRIGGER shoot_payments_paid_at ON public.shoot_payments IS
    'paid_at exactly when paid, on the row as written (22023: fashionos.shoot_payments_kept).';
CREATE TRIGGER shoots_paid_kept BEFORE DELETE ON public.shoots
    FOR EACH ROW EXECUTE FUNCTION fashionos.shoot_payments_kept();
COMMENT ON TRIGGER shoots_paid_kept ON public.shoots IS
    'A shoot with paid payments is not deleted by API clients (PT409: fashionos.shoot_payments_kept).';
CREATE FUNCTION fashionos.approved_by_the_caller() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER shoot_assets_approved_by_the_caller AFTER INSERT OR UPDATE OF approved_by ON public.shoot_assets
    FOR EACH ROW WHEN (NEW.approved_by IS NOT NULL AND NEW.approved_by IS DISTINCT FROM auth.uid())
    EXECUTE FUNCTION fashionos.approved_by_the_caller();
COMMENT ON TRIGGER shoot_assets_approved_by_the_caller ON public.shoot_assets IS
    'approved_by is the caller (or null) for API clients (42501: fashionos.approved_by_the_caller).';
CREATE FUNCTION fashionos.post_times_match_status() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$ BEGIN RETURN NEW; END $$;
DO $posts$
DECLARE
    v_table text;
BEGIN
    FOREACH v_table IN ARRAY ARRAY['instagram_posts', 'facebook_posts'] LOOP
        EXECUTE pg_catalog.format('CREATE TRIGGER %1$I AFTER INSERT OR UPDATE OF status, scheduled_at, published_at ON public.%2$I
                                       FOR EACH ROW WHEN ((NEW.status = ''scheduled'' AND NEW.scheduled_at IS NULL)
                                                          OR (NEW.status = ''published'' AND NEW.published_at IS NULL))
                                       EXECUTE FUNCTION fashionos.post_times_match_status()',
                                  v_table || '_times_match_status', v_table);
        EXECUTE pg_catalog.format('COMMENT ON TRIGGER %I ON public.%I IS %L', v_table || '_times_match_status', v_table,
            'A scheduled post has scheduled_at, a published one published_at (22023: fashionos.post_times_match_status).');
    END LOOP;
END
$posts$;

-- A deleted user's waitlist entries go with him (sql/waitlist.sql); the functions part replaces
-- the function.
CREATE FUNCTION fashionos.waitlist_forget_user() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$ BEGIN RETURN OLD; END $$;
CREATE TRIGGER users_waitlist_forget BEFORE DELETE ON public.users
    FOR EACH ROW EXECUTE FUNCTION fashionos.waitlist_forget_user();
COMMENT ON TRIGGER users_waitlist_forget ON public.users IS
    'A deleted user''s waitlist entries go with him; a live offer is declined (fashionos.waitlist_forget_user).';

-- A refused change of role or organization says which rule refuses it (sql/security.sql).
CREATE FUNCTION fashionos.users_role_door() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER users_role_door BEFORE UPDATE OF role, organization_id ON public.users
    FOR EACH ROW WHEN (OLD.role IS DISTINCT FROM NEW.role OR OLD.organization_id IS DISTINCT FROM NEW.organization_id)
    EXECUTE FUNCTION fashionos.users_role_door();
COMMENT ON TRIGGER users_role_door ON public.users IS
    'A refused change of role or organization says which rule refuses it (42501: fashionos.users_role_door).';

-- A tier with a live waitlist is not made comp or press (sql/ticketing_doors.sql): the guard also
-- watches the type.
DROP TRIGGER ticket_tiers_guard ON public.ticket_tiers;
CREATE TRIGGER ticket_tiers_guard BEFORE UPDATE OF event_id, quantity_total, type ON public.ticket_tiers
    FOR EACH ROW WHEN (OLD.event_id IS DISTINCT FROM NEW.event_id OR NEW.quantity_total < NEW.quantity_sold
                       OR (NEW.type IN ('comp', 'press') AND OLD.type IS DISTINCT FROM NEW.type))
    EXECUTE FUNCTION fashionos.ticket_tier_guard();
COMMENT ON TRIGGER ticket_tiers_guard ON public.ticket_tiers IS
    'A tier with registrations or waitlist entries keeps its event; one with a live waitlist is not made comp or press; quantity_total stays >= quantity_sold (PT409 with the numbers).';

-- A member who is not an owner or admin keeps a contact or connection his organization's rows use
-- (sql/security.sql); the functions part replaces the function.
CREATE FUNCTION fashionos.personal_rows_in_use() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$ BEGIN RETURN OLD; END $$;
DO $in_use$
DECLARE
    v_table text;
BEGIN
    FOREACH v_table IN ARRAY ARRAY['stakeholders', 'instagram_connections', 'facebook_connections', 'shopify_shops',
                                   'amazon_connections'] LOOP
        EXECUTE pg_catalog.format('CREATE TRIGGER %I BEFORE DELETE ON public.%I
                                       FOR EACH ROW EXECUTE FUNCTION fashionos.personal_rows_in_use()',
                                  v_table || '_in_use', v_table);
        EXECUTE pg_catalog.format('COMMENT ON TRIGGER %I ON public.%I IS %L', v_table || '_in_use', v_table,
            'A member who is not an owner or admin keeps a row his organization''s rows use (PT409: fashionos.personal_rows_in_use).');
    END LOOP;
END
$in_use$;

-- An option says whether a booking made without an option holds its range (sql/options.sql).
ALTER TYPE public.booking_option ADD ATTRIBUTE busy boolean;

-- list_options reads an organization's options by an index (sql/options.sql).
CREATE INDEX idx_options_organization_id ON fashionos.options (organization_id);

-- Tickets sold on another platform (sql/import.sql): which registration each became.
CREATE TABLE fashionos.imported_tickets (
    organization_id uuid NOT NULL,
    source text NOT NULL,
    legacy_id text NOT NULL,
    registration_id uuid NOT NULL UNIQUE REFERENCES public.registrations (id) ON DELETE CASCADE,
    legacy_order text,
    legacy_code_hash bytea,
    imported_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    PRIMARY KEY (organization_id, source, legacy_id),
    UNIQUE (legacy_code_hash, organization_id)
);
CREATE INDEX idx_imported_tickets_order ON fashionos.imported_tickets (organization_id, source, legacy_order)
    WHERE legacy_order IS NOT NULL;
COMMENT ON TABLE fashionos.imported_tickets IS
    'Tickets brought in by import_tickets: the registration each old ticket of an organization became, its order there, and the hash of its old code while that code admits.';
SELECT pg_catalog.pg_extension_config_dump('fashionos.imported_tickets', '');

-- Tiers whose sale the organizers closed (sql/ticketing_private.sql).
CREATE TABLE fashionos.closed_tiers (
    ticket_tier_id uuid PRIMARY KEY REFERENCES public.ticket_tiers(id) ON DELETE CASCADE,
    closed_at timestamptz NOT NULL DEFAULT now(),
    closed_by uuid REFERENCES public.users(id) ON DELETE SET NULL
);
CREATE INDEX idx_closed_tiers_closed_by ON fashionos.closed_tiers (closed_by) WHERE closed_by IS NOT NULL;
SELECT pg_catalog.pg_extension_config_dump('fashionos.closed_tiers', '');

-- Tickets exchanged for a ticket of another tier (sql/ticketing_private.sql).
CREATE TABLE fashionos.ticket_exchanges (
    registration_id uuid PRIMARY KEY REFERENCES public.registrations(id) ON DELETE CASCADE,
    new_registration_id uuid NOT NULL UNIQUE REFERENCES public.registrations(id) ON DELETE CASCADE,
    exchanged_at timestamptz NOT NULL DEFAULT now(),
    exchanged_by uuid REFERENCES public.users(id) ON DELETE SET NULL,
    price numeric(10,2) NOT NULL
);
CREATE INDEX idx_ticket_exchanges_exchanged_by ON fashionos.ticket_exchanges (exchanged_by) WHERE exchanged_by IS NOT NULL;
SELECT pg_catalog.pg_extension_config_dump('fashionos.ticket_exchanges', '');

-- A waitlist entry that left or lapsed keeps no address and no name (sql/waitlist.sql); the
-- functions part replaces the trigger's function.
ALTER TABLE fashionos.waitlist_entries ALTER COLUMN attendee_email DROP NOT NULL,
                                       ALTER COLUMN attendee_name DROP NOT NULL;
UPDATE fashionos.waitlist_entries SET attendee_email = NULL, attendee_name = NULL
 WHERE status IN ('left', 'lapsed');
ALTER TABLE fashionos.waitlist_entries ADD CONSTRAINT waitlist_entries_contact_while_live CHECK (
    CASE WHEN status IN ('left', 'lapsed') THEN attendee_email IS NULL AND attendee_name IS NULL
         ELSE attendee_email IS NOT NULL AND attendee_name IS NOT NULL END);
CREATE FUNCTION fashionos.waitlist_minimise() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER waitlist_entries_minimise BEFORE INSERT OR UPDATE ON fashionos.waitlist_entries
    FOR EACH ROW WHEN (NEW.status IN ('left', 'lapsed') AND (NEW.attendee_email IS NOT NULL OR NEW.attendee_name IS NOT NULL))
    EXECUTE FUNCTION fashionos.waitlist_minimise();
COMMENT ON TRIGGER waitlist_entries_minimise ON fashionos.waitlist_entries IS
    'A left or lapsed entry forgets the waiter''s address and name (fashionos.waitlist_minimise).';

-- A signing key that leaked is retired (sql/ticketing_private.sql, retire_signing_key).
ALTER TABLE fashionos.signing_keys ADD COLUMN retired_at timestamptz;

-- The health check and the pruning read webhook events by age (sql/operations.sql).
CREATE INDEX idx_webhook_events_received_at ON fashionos.webhook_events (received_at);

-- A buyer reads the payments he made, not those of a ticket that became his (sql/security.sql).
DROP POLICY payments_select ON public.payments;
CREATE POLICY payments_select ON public.payments FOR SELECT TO authenticated USING (
    EXISTS (SELECT 1 FROM public.registrations p JOIN public.events e ON e.id = p.event_id
             WHERE p.id = payments.registration_id AND e.organization_id = (SELECT fashionos.my_org_id()))
    OR payments.payer_id = (SELECT auth.uid()));

-- A task's dependencies are tasks of its event, once each, without a cycle; a deleted task leaves
-- the lists (sql/base.sql). The functions part replaces the functions. Rows written before keep
-- their lists until they are written again.
CREATE FUNCTION fashionos.tasks_dependencies_hold() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$ BEGIN RETURN NULL; END $$;
CREATE TRIGGER tasks_dependencies_inserted AFTER INSERT ON public.tasks
    REFERENCING NEW TABLE AS new_tasks
    FOR EACH STATEMENT EXECUTE FUNCTION fashionos.tasks_dependencies_hold();
COMMENT ON TRIGGER tasks_dependencies_inserted ON public.tasks IS
    'A task''s dependencies are tasks of its event, once each, without a cycle (fashionos.tasks_dependencies_hold).';
CREATE TRIGGER tasks_dependencies_updated AFTER UPDATE ON public.tasks
    REFERENCING OLD TABLE AS old_tasks NEW TABLE AS new_tasks
    FOR EACH STATEMENT EXECUTE FUNCTION fashionos.tasks_dependencies_hold();
COMMENT ON TRIGGER tasks_dependencies_updated ON public.tasks IS
    'A task''s dependencies are tasks of its event, once each, without a cycle; a task others wait for stays in its event (fashionos.tasks_dependencies_hold).';
CREATE FUNCTION fashionos.tasks_dependency_deleted() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$ BEGIN RETURN NULL; END $$;
CREATE TRIGGER tasks_dependency_deleted AFTER DELETE ON public.tasks
    REFERENCING OLD TABLE AS old_tasks
    FOR EACH STATEMENT EXECUTE FUNCTION fashionos.tasks_dependency_deleted();
COMMENT ON TRIGGER tasks_dependency_deleted ON public.tasks IS
    'No task waits for a deleted task (fashionos.tasks_dependency_deleted).';

-- An event back from cancelled books its call times and rehearsals again (sql/availability.sql);
-- the functions part replaces the function.
CREATE FUNCTION fashionos.events_back_from_cancelled() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$ BEGIN RETURN NULL; END $$;
CREATE TRIGGER events_back_from_cancelled AFTER UPDATE OF status ON public.events
    FOR EACH ROW WHEN (OLD.status = 'cancelled' AND NEW.status IS DISTINCT FROM 'cancelled')
    EXECUTE FUNCTION fashionos.events_back_from_cancelled();
COMMENT ON TRIGGER events_back_from_cancelled ON public.events IS
    'An event back from cancelled books its call times and rehearsals again (fashionos.events_back_from_cancelled).';

-- A full refund that comes before its payment is kept until the payment comes (src/webhooks.rs).
ALTER TABLE fashionos.webhook_events ADD COLUMN transaction_id text, ADD COLUMN charge_id text;
CREATE INDEX idx_webhook_events_transaction ON fashionos.webhook_events (provider, transaction_id)
    WHERE transaction_id IS NOT NULL;
CREATE INDEX idx_webhook_events_charge ON fashionos.webhook_events (provider, charge_id)
    WHERE charge_id IS NOT NULL;

-- What a cancelled event's call times and rehearsals gave up while it was cancelled (sql/availability.sql).
CREATE TABLE fashionos.bookings_set_aside (
    source_table text NOT NULL CHECK (source_table IN ('call_times', 'event_rehearsals')),
    source_id uuid NOT NULL,
    resource_type text NOT NULL,
    resource_id uuid NOT NULL,
    during tstzrange NOT NULL,
    event_id uuid NOT NULL REFERENCES public.events (id) ON DELETE CASCADE,
    set_aside_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (source_table, source_id)
);
CREATE INDEX idx_bookings_set_aside_event_id ON fashionos.bookings_set_aside (event_id);
SELECT pg_catalog.pg_extension_config_dump('fashionos.bookings_set_aside', '');

-- Which database a door bundle's sequence belongs to (sql/door_private.sql); not dumped. The
-- doors' sequences of 0.4.0 carry no marker: their next delta is a full bundle, once.
CREATE TABLE fashionos.door_database (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    marker integer NOT NULL CHECK (marker BETWEEN 0 AND 65535)
);
INSERT INTO fashionos.door_database (marker) VALUES (pg_catalog.floor(pg_catalog.random() * 65536)::integer);

-- A casting added to an event waits for a reorder in flight, and a reorder for it (sql/casting.sql);
-- the function's body comes with the functions below.
CREATE FUNCTION fashionos.event_models_walk_order_lock() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER event_models_walk_order_lock BEFORE INSERT OR UPDATE OF event_id ON public.event_models
    FOR EACH ROW EXECUTE FUNCTION fashionos.event_models_walk_order_lock();
COMMENT ON TRIGGER event_models_walk_order_lock ON public.event_models IS
    'A casting added to an event waits for a reorder of it in flight, and a reorder for it (fashionos.event_models_walk_order_lock).';

-- 2. New result types
CREATE TYPE public.guest_ticket AS (
    guest integer,
    attendee_email text,
    attendee_name text,
    registration_id uuid,
    status text,
    qr_code_data text,
    payment_id uuid,
    issued boolean
);
COMMENT ON TYPE public.guest_ticket IS 'One ticket of a guest list (issue_guest_list): the guest''s position in the list (1 = first), the attendee as stored, the registration, its status and token, its payment when the tier is priced, and whether this call issued it (false: the guest held it already).';
CREATE TYPE public.health_check AS (
    check_name text,
    problems bigint,
    oldest timestamp with time zone,
    detail text,
    hint text
);
COMMENT ON TYPE public.health_check IS 'One check of ticketing_health: its name, how many problems it found (0 when healthy), the oldest time that matters to them, what it found and what to do.';
CREATE TYPE public.imported_ticket AS (
    legacy_id text,
    registration_id uuid,
    payment_id uuid,
    status text,
    imported boolean
);
COMMENT ON TYPE public.imported_ticket IS 'A ticket of an import_tickets call: its id on the old platform, the registration and payment it became here, the registration''s status, and whether this call imported it (false: an earlier run had, and nothing was changed).';
CREATE TYPE public.my_ticket AS (
    registration_id uuid,
    status text,
    qr_code_data text,
    attendee_name text,
    attendee_email text,
    checked_in_at timestamp with time zone,
    reserved_at timestamp with time zone,
    ticket_tier_id uuid,
    tier_name text,
    tier_type text,
    event_id uuid,
    event_name text,
    event_status text,
    start_date timestamp with time zone,
    end_date timestamp with time zone,
    venue_name text,
    venue_address text,
    organization text,
    organization_slug text,
    payment_id uuid,
    payment_status text,
    amount numeric,
    currency text,
    hold_expires_at timestamp with time zone,
    exchanged_into uuid
);
COMMENT ON TYPE public.my_ticket IS 'A ticket of the signed-in user as he sees it (my_tickets): the registration (its token while it admits or may still be paid), its tier, its event''s public columns, its payment and the hold''s deadline, and, for a ticket given back in an exchange, the ticket it is now (exchanged_into).';
CREATE TYPE public.payment_event AS (
    entry_id bigint,
    at timestamp with time zone,
    payment_id uuid,
    registration_id uuid,
    ticket_tier_id uuid,
    status_before text,
    status text,
    amount numeric(10,2),
    currency text,
    provider text,
    provider_transaction_id text,
    reason text,
    webhook text,
    by_role text,
    by_user uuid
);
COMMENT ON TYPE public.payment_event IS 'A change of a payment''s status (payment_history): when, the payment, its registration and tier, the status before and after, the amount and currency, the provider and its transaction, why (the function asked: complete_payment, fail_payment, refund_payment; or what gave the ticket back: hold expired, registration cancelled, payment failed, registration refunded; direct write otherwise), the provider''s webhook event that caused it (provider, type, id), and the role and user of the request.';
CREATE TYPE public.talent_name AS (
    profile_id uuid,
    kind text,
    user_id uuid,
    full_name text,
    avatar_url text
);
COMMENT ON TYPE public.talent_name IS 'A profile of the talent directory with the name and picture of its user (talent_names): profile id, kind (model or designer), user id, full_name, avatar_url.';
CREATE TYPE public.talent_schedule_item AS (
    kind text,
    profile_id uuid,
    profile_kind text,
    source_id uuid,
    event_id uuid,
    event_name text,
    event_status text,
    organization_name text,
    time_zone text,
    starts_at timestamp with time zone,
    ends_at timestamp with time zone,
    local_start text,
    status text,
    rank integer,
    location text
);
COMMENT ON TYPE public.talent_schedule_item IS 'An item of a talent''s schedule (my_schedule): kind (call_time, booking, option, casting), her profile, the row (source_id), its event with its name, status, organization and time zone, the UTC start and end, the local start with its offset, its status (booking or option status, fitting status), rank (an option''s; a casting''s walk or collection order) and a call time''s location.';
CREATE TYPE public.ticket_exchange AS (
    registration_id uuid,
    ticket_tier_id uuid,
    new_registration_id uuid,
    new_ticket_tier_id uuid,
    attendee_email text,
    exchanged_at timestamp with time zone,
    exchanged_by uuid,
    price numeric,
    paid_before numeric,
    difference_payment_id uuid,
    difference numeric,
    difference_status text,
    ticket_now uuid,
    ticket_now_status text
);
COMMENT ON TYPE public.ticket_exchange IS 'One exchange of a ticket for a ticket of another tier (list_ticket_exchanges): the registration given back and its tier, the new registration and its tier, its attendee, when and by whom, what the new ticket cost then (price), what the chain of exchanges had paid before and still holds (completed payments), the difference''s payment (its amount and status; null when nothing was owed), and the ticket the chain is now (after later exchanges) with its status.';
CREATE TYPE public.ticket_inventory AS (
    event_id uuid,
    ticket_tier_id uuid,
    quantity_total integer,
    quantity_sold integer,
    live_registrations integer
);
COMMENT ON TYPE public.ticket_inventory IS 'A tier whose quantity_sold differs from its live registrations (check_ticket_inventory), or was set to them (recount_ticket_tiers: quantity_sold before the recount).';
CREATE TYPE public.ticket_tier_sale AS (
    ticket_tier_id uuid,
    event_id uuid,
    name text,
    type text,
    price numeric,
    quantity_total integer,
    quantity_sold integer,
    tickets_left integer,
    sale text,
    closed_at timestamp with time zone,
    waiting integer
);
COMMENT ON TYPE public.ticket_tier_sale IS 'A tier''s sale as a shop or the back office shows it (ticket_tier_sales, close_ticket_tier, reopen_ticket_tier): sale is on_sale, sold_out, closed (close_ticket_tier), not_on_sale_yet (quantity_total 0), event_not_on_sale, or organizers_only (comp and press); closed_at when closed; waiting (entries in its waitlist) for the event''s organizers and server-side code only.';

-- 3. Functions that go, or whose arguments or result change
DROP FUNCTION fashionos.check_booking_range(p_start timestamp with time zone, p_end timestamp with time zone);
DROP FUNCTION fashionos.sync_call_time_booking(p_call public.call_times);
DROP FUNCTION fashionos.sync_rehearsal_booking(p_rehearsal public.event_rehearsals);
DROP FUNCTION fashionos.waitlist_entry_row(p_entry fashionos.waitlist_entries, p_claim_token text);

-- 4. New and changed functions
CREATE OR REPLACE FUNCTION fashionos.approved_by_the_caller()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    -- AFTER the write: an upsert's insert that became an update is checked as the update
    IF fashionos.caller_is_server() OR (TG_OP = 'UPDATE' AND NEW.approved_by IS NOT DISTINCT FROM OLD.approved_by) THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'an approval is the approver''s own',
        DETAIL = pg_catalog.format('approved_by names user %s; the caller is %s.', NEW.approved_by, coalesce(auth.uid()::text, 'not signed in')),
        HINT = 'Set approved_by to your own user id when you approve the photo (or to null to withdraw the approval).';
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.attendee_name_problem(p_name text)
 RETURNS text
 LANGUAGE c
 IMMUTABLE PARALLEL SAFE STRICT
 SET search_path TO 'pg_catalog', 'pg_temp'
AS '$libdir/fashionos', $function$attendee_name_problem_wrapper$function$;
CREATE OR REPLACE FUNCTION fashionos.attendee_name_rule()
 RETURNS text
 LANGUAGE c
 IMMUTABLE PARALLEL SAFE STRICT
 SET search_path TO 'pg_catalog', 'pg_temp'
AS '$libdir/fashionos', $function$attendee_name_rule_wrapper$function$;
CREATE OR REPLACE FUNCTION fashionos.availability_to_ledger()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_booking boolean;
    v record;  -- the table's row of fashionos.resource_map
    v_relied uuid[];  -- the rehearsals of the row's events (before and after) that booked a venue, before
    v_relied_venues uuid[];  -- the venue each of them booked
    v_arriving boolean;  -- a booking of the event that was not one before (new, made from an open slot, moved onto it)
    v_events uuid[];  -- the events whose venue bookings the row was or is, in the order of their ids
    v_event uuid;
BEGIN
    SELECT * INTO STRICT v FROM fashionos.resource_map() m
     WHERE m.availability_table = pg_catalog.format('%I.%I', TG_TABLE_SCHEMA, TG_TABLE_NAME);
    v_arriving := TG_OP <> 'DELETE' AND NEW.status <> 'available'
                  AND (TG_OP = 'INSERT' OR OLD.status = 'available' OR OLD.event_id IS DISTINCT FROM NEW.event_id);
    -- Any change of an event's venue bookings may change which venue its rehearsals book: a
    -- released or changed one, and a new one too (a second venue leaves a rehearsal whose
    -- location names neither without the only venue it booked).
    IF TG_TABLE_NAME = 'venue_availability' THEN
        -- the events' schedules first (exclusive, in the order of their ids, as the recompute below
        -- takes them): a change of the event in flight (its return from cancelled, which books its
        -- rehearsals again) is then seen here, not read from before it
        v_events := ARRAY(SELECT DISTINCT x.e FROM (VALUES (CASE WHEN TG_OP <> 'INSERT' AND OLD.status <> 'available' THEN OLD.event_id END),
                                                           (CASE WHEN TG_OP <> 'DELETE' AND NEW.status <> 'available' THEN NEW.event_id END)) AS x (e)
                           WHERE x.e IS NOT NULL ORDER BY x.e);
        FOREACH v_event IN ARRAY v_events LOOP
            PERFORM fashionos.lock_event_schedule(v_event, true);
        END LOOP;
        SELECT pg_catalog.array_agg(b.source_id ORDER BY b.source_id), pg_catalog.array_agg(b.resource_id ORDER BY b.source_id)
          INTO v_relied, v_relied_venues
          FROM fashionos.bookings b
         WHERE b.source_table = 'event_rehearsals' AND b.resource_type = 'venue' AND b.event_id = ANY (v_events);
    END IF;
    -- A model's booking for an event that goes or changes: the event's schedule before its ledger
    -- row is removed (below, its call times are checked under it). A call time of another event
    -- that overlaps the booking waits, at the ledger's exclusion constraint, for that removal:
    -- taken after it, the schedule could be held by a writer of several events (a venue's rename)
    -- that waits for that call time's event.
    IF TG_TABLE_NAME = 'model_availability' AND TG_OP <> 'INSERT' AND OLD.event_id IS NOT NULL
       AND OLD.status IN ('booked', 'blocked') THEN
        PERFORM fashionos.lock_event_schedule(OLD.event_id, true);
    END IF;
    PERFORM fashionos.forget_booking(TG_OP, TG_TABLE_NAME, OLD.id, NEW.id);
    IF TG_OP <> 'DELETE' THEN
        v_booking := NEW.status <> 'available';
        IF v_booking THEN
            PERFORM fashionos.refuse_booking_for_cancelled_event(NEW.event_id, pg_catalog.format('%s %s', TG_TABLE_NAME, NEW.id),
                TG_OP = 'INSERT' OR (pg_catalog.to_jsonb(NEW) ->> v.availability_column, NEW.event_id, NEW.start_time, NEW.end_time, NEW.status)
                                    IS DISTINCT FROM (pg_catalog.to_jsonb(OLD) ->> v.availability_column, OLD.event_id, OLD.start_time, OLD.end_time, OLD.status));
        END IF;
        PERFORM fashionos.put_booking(
            TG_TABLE_NAME, NEW.id, v.resource_type,
            CASE WHEN v_booking THEN (pg_catalog.to_jsonb(NEW) ->> v.availability_column)::uuid END,
            CASE WHEN v_booking THEN pg_catalog.tstzrange(NEW.start_time, NEW.end_time, '[)') END,
            CASE WHEN v_booking THEN NEW.status END,
            NEW.event_id);
    END IF;
    -- A model's booking for an event is the consent of that event's call times for him: when it
    -- goes or shrinks, they must still be covered (or the caller control the model).
    IF TG_TABLE_NAME = 'model_availability' AND TG_OP <> 'INSERT' AND OLD.event_id IS NOT NULL
       AND OLD.status IN ('booked', 'blocked') THEN
        -- The event's schedule exclusively (taken above), before its call times are read: a call
        -- time written meanwhile (it takes the lock shared) is then either seen here, or sees this
        -- change.
        PERFORM fashionos.sync_call_time_booking(c, true)
           FROM public.call_times c
          WHERE c.event_id = OLD.event_id AND c.model_profile_id = OLD.model_profile_id
            -- not while the event or the model is being deleted (its call times go with it)
            AND EXISTS (SELECT 1 FROM public.events e WHERE e.id = c.event_id)
            AND EXISTS (SELECT 1 FROM public.model_profiles m WHERE m.id = c.model_profile_id);
    END IF;
    -- An event's rehearsals book the venue the event books: follow its venue bookings.
    IF TG_TABLE_NAME = 'venue_availability' THEN
        IF TG_OP = 'INSERT' THEN
            IF NEW.event_id IS NOT NULL AND NEW.status <> 'available' THEN
                PERFORM fashionos.sync_event_bookings(NEW.event_id, false);
            END IF;
        ELSIF TG_OP = 'DELETE' THEN
            IF OLD.event_id IS NOT NULL AND OLD.status <> 'available' THEN
                PERFORM fashionos.sync_event_bookings(OLD.event_id, false);
            END IF;
        ELSIF (OLD.event_id, OLD.venue_id, OLD.status) IS DISTINCT FROM (NEW.event_id, NEW.venue_id, NEW.status) THEN
            IF OLD.event_id IS NOT NULL THEN
                PERFORM fashionos.sync_event_bookings(OLD.event_id, false);
            END IF;
            IF NEW.event_id IS NOT NULL AND NEW.event_id IS DISTINCT FROM OLD.event_id THEN
                PERFORM fashionos.sync_event_bookings(NEW.event_id, false);
            END IF;
        END IF;
        -- A rehearsal that booked this venue and now books another or none lost its hall without
        -- a word: refused, as the release of a model's booking is while call times need it.
        PERFORM fashionos.require_rehearsals_kept(v_relied, v_relied_venues,
            CASE WHEN v_arriving
                 THEN pg_catalog.format('Booking venue %s for event %s during %s', NEW.venue_id, NEW.event_id,
                                        fashionos.range_text(pg_catalog.tstzrange(NEW.start_time, NEW.end_time, '[)')))
                 ELSE pg_catalog.format('Releasing or changing the booking of venue %s for event %s during %s', OLD.venue_id, OLD.event_id,
                                        fashionos.range_text(pg_catalog.tstzrange(OLD.start_time, OLD.end_time, '[)'))) END,
            CASE WHEN v_arriving
                 THEN 'Write those rehearsals'' location as the name of the venue they book (PATCH event_rehearsals), then book the other venue.'
                 ELSE 'Move those rehearsals first (an admin or owner of the event''s organization may delete them), or write their location as the name of the venue they keep; then release the booking.' END);
    END IF;
    RETURN NULL;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.book_resource(p_resource_type text, p_resource_id uuid, p_event_id uuid, p_start timestamp with time zone, p_end timestamp with time zone, p_status text DEFAULT 'booked'::text)
 RETURNS uuid
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_date date;
BEGIN
    PERFORM fashionos.check_bookable_type(p_resource_type, 'booked for an event',
                                          ' (crew members are booked with call times)');
    IF p_resource_id IS NULL OR p_event_id IS NULL OR p_start IS NULL OR p_end IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'missing argument',
            DETAIL = 'p_resource_id, p_event_id, p_start and p_end are required.',
            HINT = 'Pass all four.';
    END IF;
    PERFORM fashionos.check_booking_range(p_start, p_end,
                                          (SELECT s.time_zone FROM fashionos.settings_for(p_event_id) s));
    IF p_status IS NULL OR p_status NOT IN ('booked', 'tentative') THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'unknown booking status',
            DETAIL = pg_catalog.format('%s is not a booking status.', fashionos.shown(p_status)),
            HINT = 'booked (exclusive) or tentative (a hold that may overlap).';
    END IF;
    PERFORM fashionos.require_runs_event(p_event_id, 'not allowed to book for this event',
                                         'Organizers, admins and owners of the event''s organization book for it.');
    PERFORM fashionos.require_resource(p_resource_type, p_resource_id);
    -- the rows the booking references, locked as its foreign keys take them: a deletion in flight
    -- is waited for and answered 404, not a bare foreign-key violation at the INSERT
    PERFORM fashionos.key_share_event(p_event_id);
    PERFORM fashionos.key_share_resource(p_resource_type, p_resource_id);
    -- the resource's writers take turns, as its options' do: bookings of overlapping slots made at
    -- the same moment each wait for the one before instead of for each other's row in flight
    -- under the exclusion constraint (three or more, each overlapping the next, could deadlock)
    PERFORM fashionos.lock_resource_options(p_resource_type, p_resource_id);
    -- consent: only a resource the caller's organization controls is booked directly
    IF NOT fashionos.caller_controls_resource(p_resource_type, p_resource_id) THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = pg_catalog.format('not allowed to book this %s directly', p_resource_type),
            DETAIL = pg_catalog.format('%s %s is not controlled by the caller''s organization: booking it needs its consent.',
                                       p_resource_type, p_resource_id),
            HINT = 'Request an option with request_option; the talent or the venue owner confirms it, and the confirmed option becomes the booking.';
    END IF;
    -- the calendar day of the start in the event's time zone
    SELECT (p_start AT TIME ZONE s.time_zone)::date INTO v_date FROM fashionos.settings_for(p_event_id) s;
    RETURN fashionos.insert_availability(p_resource_type, p_resource_id, p_event_id, v_date,
                                         pg_catalog.tstzrange(p_start, p_end, '[)'), p_status);
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.call_times_to_ledger()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ BEGIN PERFORM fashionos.lock_row_schedules(OLD.event_id, NEW.event_id);
              PERFORM fashionos.forget_booking(TG_OP, TG_TABLE_NAME, OLD.id, NEW.id);
              PERFORM fashionos.sync_call_time_booking(NEW, v.written, v.written)
                 FROM (SELECT TG_OP = 'INSERT' OR (NEW.model_profile_id, NEW.stakeholder_id, NEW.event_id, NEW.date, NEW.time)
                                     IS DISTINCT FROM (OLD.model_profile_id, OLD.stakeholder_id, OLD.event_id, OLD.date, OLD.time) AS written) v
               WHERE TG_OP <> 'DELETE';
              RETURN NULL; END $function$;
CREATE OR REPLACE FUNCTION fashionos.caller_controls_resource(p_resource_type text, p_resource_id uuid)
 RETURNS boolean
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_user uuid;
    v_org uuid;
BEGIN
    IF fashionos.caller_is_server() THEN
        RETURN true;
    END IF;
    -- crew members (stakeholders) are booked with call times, not controlled
    IF p_resource_type = 'stakeholder' THEN
        RETURN false;
    END IF;
    SELECT r.resource_user_id INTO v_user FROM fashionos.resource_user(p_resource_type, p_resource_id) r;
    IF v_user IS NULL OR auth.uid() IS NULL THEN
        RETURN false;
    END IF;
    IF v_user = auth.uid() THEN
        RETURN true;
    END IF;
    SELECT u.organization_id INTO v_org FROM public.users u WHERE u.id = auth.uid();
    RETURN v_org IS NOT NULL
       AND EXISTS (SELECT 1 FROM public.users o WHERE o.id = v_user AND o.organization_id = v_org);
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.caller_event_relation(p_event_id uuid)
 RETURNS text
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_org uuid;
    v_role text;
BEGIN
    SELECT e.organization_id INTO v_org FROM public.events e WHERE e.id = p_event_id;
    IF NOT FOUND THEN
        RETURN 'none';
    END IF;
    IF fashionos.caller_is_server() THEN
        RETURN 'runs';
    END IF;
    SELECT u.role INTO v_role FROM public.users u WHERE u.id = auth.uid() AND u.organization_id = v_org;
    RETURN CASE WHEN v_role IS NULL THEN 'none'
                WHEN v_role IN ('owner', 'admin', 'organizer') THEN 'runs'
                ELSE 'member' END;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.caller_is_resource(p_resource_type text, p_resource_id uuid)
 RETURNS boolean
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_exists boolean;
    v_user uuid;
BEGIN
    SELECT r.resource_exists, r.resource_user_id INTO v_exists, v_user
      FROM fashionos.resource_user(p_resource_type, p_resource_id) r;
    RETURN v_exists AND (fashionos.caller_is_server() OR (v_user IS NOT NULL AND v_user = auth.uid()));
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.caller_is_server()
 RETURNS boolean
 LANGUAGE plpgsql
 STABLE PARALLEL SAFE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_role text := fashionos.caller_role();
BEGIN
    RETURN coalesce((SELECT r.rolsuper OR r.rolbypassrls OR pg_catalog.pg_has_role(r.oid, 'service_role', 'MEMBER')
                       FROM pg_catalog.pg_roles r
                      WHERE r.rolname = v_role), false);
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.caller_member_of_event(p_event_id uuid)
 RETURNS boolean
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ BEGIN RETURN fashionos.caller_event_relation(p_event_id) <> 'none'; END $function$;
CREATE OR REPLACE FUNCTION fashionos.caller_role()
 RETURNS text
 LANGUAGE plpgsql
 STABLE PARALLEL SAFE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    RETURN CASE WHEN pg_catalog.current_setting('role') = 'none' THEN SESSION_USER::text
                ELSE pg_catalog.current_setting('role') END;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.caller_runs_event(p_event_id uuid)
 RETURNS boolean
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ BEGIN RETURN fashionos.caller_event_relation(p_event_id) = 'runs'; END $function$;
CREATE OR REPLACE FUNCTION fashionos.caller_sees_resource(p_resource_type text, p_resource_id uuid)
 RETURNS boolean
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_org uuid;
BEGIN
    IF fashionos.caller_is_resource(p_resource_type, p_resource_id) THEN
        RETURN true;
    END IF;
    -- a resource that does not exist has no rows below: false
    SELECT u.organization_id INTO v_org FROM public.users u WHERE u.id = auth.uid();
    IF v_org IS NULL THEN
        RETURN false;
    END IF;
    RETURN EXISTS (SELECT 1 FROM fashionos.bookings b JOIN public.events e ON e.id = b.event_id
                    WHERE b.resource_type = p_resource_type AND b.resource_id = p_resource_id
                      AND e.organization_id = v_org)
        OR CASE p_resource_type
            WHEN 'venue' THEN EXISTS (
                SELECT 1 FROM public.venue_availability va JOIN public.events e ON e.id = va.event_id
                 WHERE va.venue_id = p_resource_id AND e.organization_id = v_org)
            WHEN 'model' THEN EXISTS (
                SELECT 1 FROM public.event_models em JOIN public.events e ON e.id = em.event_id
                 WHERE em.model_profile_id = p_resource_id AND e.organization_id = v_org)
            WHEN 'designer' THEN EXISTS (
                SELECT 1 FROM public.event_designers ed JOIN public.events e ON e.id = ed.event_id
                 WHERE ed.designer_profile_id = p_resource_id AND e.organization_id = v_org)
            ELSE EXISTS (
                SELECT 1 FROM public.event_stakeholders es JOIN public.events e ON e.id = es.event_id
                 WHERE es.stakeholder_id = p_resource_id AND e.organization_id = v_org)
        END;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.caller_sees_tier(p_ticket_tier_id uuid)
 RETURNS boolean
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_event uuid;
    v_user uuid := auth.uid();
BEGIN
    SELECT t.event_id INTO v_event FROM public.ticket_tiers t WHERE t.id = p_ticket_tier_id;
    RETURN FOUND AND (fashionos.event_on_sale(v_event) OR fashionos.caller_member_of_event(v_event)
                      OR (v_user IS NOT NULL
                          AND (EXISTS (SELECT 1 FROM public.registrations r
                                        WHERE r.ticket_tier_id = p_ticket_tier_id AND r.user_id = v_user)
                               OR EXISTS (SELECT 1 FROM fashionos.waitlist_entries w
                                           WHERE w.ticket_tier_id = p_ticket_tier_id AND w.user_id = v_user))));
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.cancelled_event_keeps_only(p_source_table text, p_source_id uuid, p_event_id uuid, p_resource_type text, p_resource_id uuid, p_during tstzrange, p_status text, p_consent boolean, p_what text, p_row text, p_written boolean)
 RETURNS boolean
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    IF p_written THEN
        -- written anew: what it booked before the cancellation no longer binds its return
        DELETE FROM fashionos.bookings_set_aside a WHERE a.source_table = p_source_table AND a.source_id = p_source_id;
        RETURN false;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM public.events e WHERE e.id = p_event_id AND e.status = 'cancelled') THEN
        RETURN false;
    END IF;
    IF EXISTS (SELECT 1 FROM fashionos.bookings b
                WHERE b.source_table = p_source_table AND b.source_id = p_source_id
                  AND b.resource_type = p_resource_type AND b.resource_id = p_resource_id
                  AND b.during = p_during AND b.status = p_status) THEN
        BEGIN
            IF p_consent THEN
                PERFORM fashionos.require_planning_consent(p_resource_type, p_resource_id, p_event_id, p_during, p_what, p_row);
            END IF;
            RETURN true;  -- unchanged, and still agreed to: kept
        EXCEPTION WHEN insufficient_privilege THEN
            NULL;  -- the consent is gone: books nothing
        END;
    END IF;
    -- what it booked while the event was on is remembered (the first time only), for its return
    INSERT INTO fashionos.bookings_set_aside (source_table, source_id, resource_type, resource_id, during, event_id)
    SELECT b.source_table, b.source_id, b.resource_type, b.resource_id, b.during, p_event_id
      FROM fashionos.bookings b WHERE b.source_table = p_source_table AND b.source_id = p_source_id
    ON CONFLICT DO NOTHING;
    DELETE FROM fashionos.bookings b WHERE b.source_table = p_source_table AND b.source_id = p_source_id;
    RETURN true;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.cascading_rows(p_table regclass, p_id uuid)
 RETURNS TABLE(tbl text, n bigint)
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v record;
BEGIN
    FOR v IN SELECT c.conrelid::pg_catalog.regclass AS child, k.relname::text AS child_name, a.attname
               FROM pg_catalog.pg_constraint c
               JOIN pg_catalog.pg_class k ON k.oid = c.conrelid
               JOIN pg_catalog.pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
              WHERE c.contype = 'f' AND c.confrelid = p_table AND c.confdeltype = 'c'
                AND pg_catalog.cardinality(c.conkey) = 1
    LOOP
        tbl := v.child_name;
        EXECUTE pg_catalog.format('SELECT pg_catalog.count(*) FROM %s WHERE %I = $1', v.child, v.attname) INTO n USING p_id;
        IF n > 0 THEN
            RETURN NEXT;
        END IF;
    END LOOP;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.check_bookable_type(p_resource_type text, p_what text, p_hint_tail text DEFAULT ''::text)
 RETURNS void
 LANGUAGE plpgsql
 IMMUTABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    IF p_resource_type IS NULL OR NOT p_resource_type = ANY (fashionos.bookable_types()) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'unknown resource type',
            DETAIL = pg_catalog.format('%s is not a resource type that can be %s.', fashionos.shown(p_resource_type), p_what),
            HINT = pg_catalog.format('One of %s%s.', pg_catalog.array_to_string(fashionos.bookable_types(), ', '), p_hint_tail);
    END IF;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.check_booking_range(p_start timestamp with time zone, p_end timestamp with time zone, p_zone text DEFAULT NULL::text)
 RETURNS void
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_length interval;
BEGIN
    IF p_start IS NULL OR p_end IS NULL OR p_end <= p_start
       OR NOT pg_catalog.isfinite(p_start) OR NOT pg_catalog.isfinite(p_end) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'empty time range',
            DETAIL = pg_catalog.format('The range [%s, %s) is empty or unbounded; a booking ends after it starts, at finite times.', p_start, p_end),
            HINT = 'Pass p_start < p_end.';
    END IF;
    v_length := CASE WHEN p_zone IS NULL THEN p_end - p_start
                     ELSE (p_end AT TIME ZONE p_zone) - (p_start AT TIME ZONE p_zone) END;
    IF v_length > fashionos.max_booking_length() THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'time range too long',
            DETAIL = pg_catalog.format('[%s, %s) lasts %s%s; a booking or option lasts at most %s.',
                                       p_start, p_end, v_length,
                                       CASE WHEN p_zone IS NOT NULL THEN ' on the calendar of ' || p_zone ELSE '' END,
                                       fashionos.max_booking_length()),
            HINT = 'Book or option the days you need, one range of at most 14 days at a time.';
    END IF;
    IF p_end <= pg_catalog.now() THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'time range in the past',
            DETAIL = pg_catalog.format('[%s, %s) ended before now (%s).', p_start, p_end, pg_catalog.now()),
            HINT = 'Book or option a range that ends in the future.';
    END IF;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.check_ticket_inventory(p_event_id uuid)
 RETURNS SETOF public.ticket_inventory
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    IF NOT fashionos.caller_is_server() THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'not allowed to check the inventory of every tier',
            DETAIL = 'The check reads every tier and its tickets, across organizations: server-side code (service_role) runs it.',
            HINT = 'Run it with the service key; organizers read their tiers'' quantity_sold and registrations directly.';
    END IF;
    RETURN QUERY
    SELECT t.event_id, t.id, t.quantity_total, t.quantity_sold, coalesce(x.live, 0)::integer
      FROM public.ticket_tiers t
      LEFT JOIN (SELECT r.ticket_tier_id, pg_catalog.count(*) AS live FROM public.registrations r
                  WHERE r.status <> 'cancelled' AND (p_event_id IS NULL OR r.event_id = p_event_id)
                  GROUP BY 1) x ON x.ticket_tier_id = t.id
     WHERE (p_event_id IS NULL OR t.event_id = p_event_id)
       AND t.quantity_sold IS DISTINCT FROM coalesce(x.live, 0)
     ORDER BY t.event_id, t.id;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.claim_locked_offer(v fashionos.waitlist_entries)
 RETURNS SETOF public.ticket_reservation
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_expires timestamptz;
    v_over boolean;
    v_paid boolean;
    v_price numeric;
BEGIN
    -- An open offer whose ticket was paid meanwhile (the organizers completed its payment): it is
    -- the waiter's, as if claimed (fashionos.waitlist_entry_row reads it so).
    IF v.status = 'offered' AND (fashionos.waitlist_entry_row(v)).status = 'claimed' THEN
        UPDATE fashionos.waitlist_entries w SET status = 'claimed', decided_at = pg_catalog.now() WHERE w.id = v.id;
        RETURN QUERY SELECT * FROM fashionos.reservation_rows(ARRAY[v.registration_id]);
        RETURN;
    END IF;
    SELECT h.expires_at INTO v_expires FROM fashionos.registration_holds h WHERE h.registration_id = v.registration_id;
    -- the offer is over: an open one once its hold ran out; a claimed one (whose hold ends when it
    -- is paid, or at once on a free tier) when the hold ran out unpaid or its ticket was cancelled unpaid
    -- (as the entry reads: a claimed ticket that was paid stays the waiter's, refunded later or not)
    v_over := CASE WHEN v.status = 'claimed'
                   THEN (fashionos.waitlist_entry_row(v)).status = 'lapsed'
                   ELSE v.status = 'lapsed' OR coalesce(v_expires <= pg_catalog.now(), true) END;
    IF v.status = 'waiting' THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'no offer yet',
            DETAIL = pg_catalog.format('Waitlist entry %s is waiting at position %s.', v.id, (fashionos.waitlist_entry_row(v)).position),
            HINT = 'An offer comes when a ticket of the tier is given back; check with waitlist_status.';
    ELSIF v.status = 'left' THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'left the waitlist',
            DETAIL = pg_catalog.format('Waitlist entry %s left the waitlist at %s.', v.id, v.decided_at),
            HINT = 'Join the waitlist again with join_waitlist.';
    ELSIF v_over THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'offer expired',
            DETAIL = CASE WHEN v.status = 'claimed'
                          THEN pg_catalog.format('Waitlist entry %s claimed its offer, but its ticket was not paid before its hold ran out (or was cancelled); it goes to the next entry in line, or back on sale.', v.id)
                          ELSE pg_catalog.format('The offer to waitlist entry %s ended unclaimed%s; its ticket goes to the next entry in line, or back on sale.',
                                                 v.id, coalesce(' at ' || v_expires::text, '')) END,
            HINT = 'Join the waitlist again with join_waitlist, or buy with reserve_tickets if tickets are on sale.';
    ELSIF v.status = 'claimed' THEN
        NULL;  -- claimed already: the same answer
    ELSIF NOT fashionos.event_on_sale(v.event_id) THEN
        -- cancelled, completed or ended since the offer was made: its ticket is not sold
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'event is not on sale',
            DETAIL = fashionos.not_on_sale_detail(v.event_id, (SELECT t.name FROM public.ticket_tiers t WHERE t.id = v.ticket_tier_id)),
            HINT = 'The offer cannot be claimed; it lapses when its time is up.';
    ELSE
        -- The waiter agrees to a price when he claims, not when the offer was made: the tier's
        -- price now. The offer's unpaid payment follows it (made when the tier has a price now,
        -- dropped when it has none; nothing was paid on it yet).
        v_price := (SELECT t.price FROM public.ticket_tiers t WHERE t.id = v.ticket_tier_id);
        v_paid := EXISTS (SELECT 1 FROM public.payments p WHERE p.registration_id = v.registration_id AND p.status = 'pending');
        IF v_price > 0 AND v_paid THEN
            UPDATE public.payments p SET amount = v_price
             WHERE p.registration_id = v.registration_id AND p.status = 'pending' AND p.amount IS DISTINCT FROM v_price;
        ELSIF v_price > 0 THEN
            INSERT INTO public.payments (registration_id, payer_id, amount, status)
            SELECT r.id, r.user_id, v_price, 'pending' FROM public.registrations r WHERE r.id = v.registration_id;
            v_paid := true;
        ELSIF v_paid THEN
            DELETE FROM public.payments p WHERE p.registration_id = v.registration_id AND p.status = 'pending';
            v_paid := false;
        END IF;
        IF v_paid THEN
            -- the payment's hold: the event's hold time from now
            UPDATE fashionos.registration_holds h
               SET expires_at = pg_catalog.now() + pg_catalog.make_interval(mins => s.hold_minutes)
              FROM fashionos.settings_for(v.event_id) s
             WHERE h.registration_id = v.registration_id;
        ELSE
            -- a free tier: the ticket is the waiter's now
            DELETE FROM fashionos.registration_holds h WHERE h.registration_id = v.registration_id;
            UPDATE public.registrations r SET status = 'confirmed' WHERE r.id = v.registration_id AND r.status = 'pending';
        END IF;
        UPDATE fashionos.waitlist_entries w SET status = 'claimed', decided_at = pg_catalog.now() WHERE w.id = v.id;
    END IF;
    RETURN QUERY SELECT * FROM fashionos.reservation_rows(ARRAY[v.registration_id]);
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.claim_waitlist_offer(p_token text DEFAULT NULL::text, p_entry_id uuid DEFAULT NULL::uuid)
 RETURNS SETOF public.ticket_reservation
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v fashionos.waitlist_entries := fashionos.waitlist_entry_of(p_token, p_entry_id, false);
BEGIN
    -- Lock order: the offer's hold row first (as a cancellation of its ticket takes it: one in
    -- flight is waited for), then the tier's expired holds (an offer may reach this entry only
    -- now; an expired offer of its own is released here), then the entry. An offer made meanwhile
    -- whose hold another transaction has (FXW02, fashionos.locked_waitlist_entry): the settle and
    -- the entry are let go, that hold is waited for, and the claim starts again.
    -- A signed-in waiter's account first (FOR KEY SHARE, as the foreign key of the payment a claim
    -- may write takes it): a deletion of the account, which locks its row and then the offer's
    -- ticket, is waited for before the hold, not with it.
    IF v.user_id IS NOT NULL THEN
        PERFORM 1 FROM public.users u WHERE u.id = v.user_id FOR KEY SHARE;
    END IF;
    LOOP
        PERFORM fashionos.lock_offer_hold(v.id);
        BEGIN
            PERFORM fashionos.waitlist_settle(v.ticket_tier_id);
            v := fashionos.locked_waitlist_entry(v.id);
            RETURN QUERY SELECT * FROM fashionos.claim_locked_offer(v);
            RETURN;
        EXCEPTION WHEN SQLSTATE 'FXW02' THEN
            NULL;
        END;
    END LOOP;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.clean_name(p_name text)
 RETURNS text
 LANGUAGE c
 IMMUTABLE PARALLEL SAFE STRICT
 SET search_path TO 'pg_catalog', 'pg_temp'
AS '$libdir/fashionos', $function$clean_name_wrapper$function$;
CREATE OR REPLACE FUNCTION fashionos.confirm_option(p_option_id uuid)
 RETURNS SETOF public.booking_option
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v fashionos.options;
    v_rank integer;
    v_date date;
    v_booking uuid;
BEGIN
    v := fashionos.option_to_decide(p_option_id);
    -- the rows the option and its booking reference, before the option's: a deletion of the event
    -- or the resource in flight (its cascade takes the option) is waited for, then answered 404
    PERFORM fashionos.key_share_event(v.event_id);
    PERFORM fashionos.key_share_resource(v.resource_type, v.resource_id);
    PERFORM fashionos.require_consent_of(v, 'confirm', 'confirmed', 'Ask the talent, the venue owner or the agency to confirm it.');
    v := fashionos.option_to_change(v, 'confirmed', '{open}', 'The organizer requests a new option.');
    IF v.status = 'confirmed' THEN
        RETURN NEXT fashionos.option_row(v);  -- confirmed already: the same answer
        RETURN;
    END IF;
    PERFORM fashionos.refuse_cancelled_event(v.event_id,
        pg_catalog.format('Option %s is for event %s, which was cancelled.', p_option_id, v.event_id),
        'Decline it; if the event comes back, its organizers keep the option''s place and tell you.');
    -- a booking in the past is refused, as book_resource refuses it
    IF pg_catalog.upper(v.during) <= pg_catalog.now() THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'option''s time has passed',
            DETAIL = pg_catalog.format('Option %s asked for %s, which ended before it was confirmed.', p_option_id,
                fashionos.range_text(v.during)),
            HINT = 'Decline it; the organizer requests a new option for a time to come.';
    END IF;
    v_rank := fashionos.option_rank(v);
    IF v_rank <> 1 THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'only a 1st option can be confirmed',
            DETAIL = pg_catalog.format('Option %s ranks %s on this %s''s calendar.', p_option_id, v_rank, v.resource_type),
            HINT = 'Confirm the 1st option, or decline the options above this one first.';
    END IF;
    -- the booking, in the ledger: PT409 when the range is booked meanwhile
    SELECT (pg_catalog.lower(v.during) AT TIME ZONE s.time_zone)::date INTO v_date FROM fashionos.settings_for(v.event_id) s;
    v_booking := fashionos.insert_availability(v.resource_type, v.resource_id, v.event_id, v_date, v.during, 'booked');
    UPDATE fashionos.options o SET status = 'confirmed', booking_id = v_booking, decided_at = pg_catalog.now(),
                                   decided_by = auth.uid()
     WHERE o.id = p_option_id
    RETURNING o.* INTO v;
    RETURN NEXT fashionos.option_row(v);
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.dates_in_range()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_column text;
    v_out boolean;
    v_bad text[] := '{}';
BEGIN
    IF fashionos.writer_is_operator() THEN
        RETURN NEW;
    END IF;
    FOREACH v_column IN ARRAY TG_ARGV LOOP
        EXECUTE pg_catalog.format('SELECT NOT ($1.%1$I >= ''1900-01-01 00:00+00'' AND $1.%1$I < ''10000-01-01 00:00+00'')', v_column)
           INTO v_out USING NEW;
        IF v_out THEN
            v_bad := v_bad || pg_catalog.format('%s %s', v_column, pg_catalog.to_jsonb(NEW) ->> v_column);
        END IF;
    END LOOP;
    RAISE EXCEPTION USING ERRCODE = '22023',
        MESSAGE = pg_catalog.format('%s.%s out of range', TG_TABLE_NAME, pg_catalog.split_part(v_bad[1], ' ', 1)),
        DETAIL = pg_catalog.format('%s; dates lie in the years 1900 to 9999.', pg_catalog.array_to_string(v_bad, ', ')),
        HINT = 'Send a real date, e.g. 2027-03-01T19:00:00+01:00, or leave the column out (null) when there is none.';
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.decline_option(p_option_id uuid)
 RETURNS SETOF public.booking_option
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v fashionos.options;
BEGIN
    v := fashionos.option_to_decide(p_option_id);
    -- the rows the option and its booking reference, before the option's: a deletion of the event
    -- or the resource in flight (its cascade takes the option) is waited for, then answered 404
    PERFORM fashionos.key_share_event(v.event_id);
    PERFORM fashionos.key_share_resource(v.resource_type, v.resource_id);
    PERFORM fashionos.require_consent_of(v, 'decline', 'declined',
                                         'The requesting organization releases its own options with release_option.');
    v := fashionos.option_to_change(v, 'declined', '{open}', 'A confirmed option is a booking: its organization releases it.');
    IF v.status = 'declined' THEN
        RETURN NEXT fashionos.option_row(v);  -- declined already: the same answer
        RETURN;
    END IF;
    UPDATE fashionos.options o SET status = 'declined', decided_at = pg_catalog.now(), decided_by = auth.uid()
     WHERE o.id = p_option_id RETURNING o.* INTO v;
    RETURN NEXT fashionos.option_row(fashionos.settled_option(v));
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.directory_entry_in_use()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_used text;
BEGIN
    IF fashionos.writer_is_operator() THEN
        RETURN OLD;
    END IF;
    -- what the spec's cascades would delete with it (deals; designer profiles and collections)
    SELECT pg_catalog.string_agg(pg_catalog.format('%s %s rows', r.n, r.tbl), ', ' ORDER BY r.tbl) INTO v_used
      FROM fashionos.cascading_rows(TG_RELID, OLD.id) r;
    IF v_used IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409',
            MESSAGE = pg_catalog.format('the %s is in use', CASE TG_TABLE_NAME WHEN 'fashion_brands' THEN 'brand' ELSE 'sponsor organization' END),
            DETAIL = pg_catalog.format('%s %s (%s) is named by %s (of every organization); deleting it would delete them.',
                                       TG_TABLE_NAME, OLD.id, fashionos.shown(OLD.name), v_used),
            HINT = 'To merge a duplicate entry, point those rows at the entry you keep first (an UPDATE of their reference, by server-side code; where an event has deals with both entries, keep one of its two deals); then delete it.';
    END IF;
    RETURN OLD;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.drop_unused_install_keys()
 RETURNS integer
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_dropped integer;
BEGIN
    DELETE FROM fashionos.signing_keys k
     WHERE k.made_at_install
       AND EXISTS (SELECT 1 FROM fashionos.signing_keys o WHERE o.created_at < k.created_at)
       AND NOT EXISTS (SELECT 1 FROM public.registrations r
                        WHERE pg_catalog.starts_with(r.qr_code_data, 'FOS1.' || k.key_id || '.'));
    GET DIAGNOSTICS v_dropped = ROW_COUNT;
    RETURN v_dropped;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.erase_person(p_email text, p_user_id uuid)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_key text := fashionos.subject_key('erase_person', p_email, p_user_id);
    s record;
    v_waitlist integer;
    v_registrations integer;
    v_payments integer;
    v_history integer;
    v_scans integer;
    v_options integer;
    v_keys integer;
    v_contacts integer;
    v_sponsors integer;
    v_agencies integer;
BEGIN
    SELECT * INTO s FROM fashionos.subject_sets(v_key, p_user_id);

    -- His tickets' hold rows, then his tickets, each in the order of their ids, before his waitlist
    -- entries: the lock order of every change of a ticket (hold row, registration, tier, then
    -- waitlist entries). A cancellation of his ticket, which offers it to the first waiting entry
    -- (perhaps his own), is waited for, instead of waiting for an entry this erasure holds.
    PERFORM 1 FROM fashionos.registration_holds h WHERE h.registration_id = ANY (s.registrations)
      ORDER BY h.registration_id FOR UPDATE;
    PERFORM 1 FROM public.registrations r WHERE r.id = ANY (s.registrations) ORDER BY r.id FOR UPDATE;
    -- then the payments it changes (his as the payer): a payment failing or refunded, which takes
    -- its payment and then offers the ticket to a waiting entry, is waited for too
    PERFORM 1 FROM public.payments p WHERE p.payer_id = p_user_id ORDER BY p.id FOR UPDATE;

    -- Waitlist entries he waits in go, through the one forgetting path (a live offer is declined
    -- and its unclaimed registration pseudonymised: sql/waitlist.sql). An entry is two people's
    -- too: one he only made for someone else (his user id) stays that person's place, without his
    -- id.
    v_waitlist := fashionos.forget_waitlist_entries(s.waiting);
    WITH done AS (
        UPDATE fashionos.waitlist_entries w SET user_id = NULL WHERE w.user_id = p_user_id RETURNING 1)
    SELECT v_waitlist + pg_catalog.count(*) INTO v_waitlist FROM done;

    -- Registrations stay (tickets still admit, sales stay). A ticket is two people's: the
    -- attendee's name and address are the attendee's, the user id is the buyer's. What is the
    -- person's goes: where he is the attendee (his address), his name and address become nobody's;
    -- where he is the buyer (his user id), his id goes. A ticket he bought for a friend keeps the
    -- friend's name; a ticket a friend bought for him keeps the friend as its buyer. The door
    -- triggers let the extension's owner through, and the attendee rules accept the placeholders.
    -- The door bundles get the new name with the next delta (registrations_door_change).
    WITH done AS (
        UPDATE public.registrations r
           SET attendee_name = CASE WHEN r.id = ANY (s.attended) THEN 'Erased' ELSE r.attendee_name END,
               attendee_email = CASE WHEN r.id = ANY (s.attended) THEN pg_catalog.format('erased-%s@erased.invalid', r.id)
                                     ELSE r.attendee_email END,
               user_id = CASE WHEN r.user_id = p_user_id THEN NULL ELSE r.user_id END
         WHERE r.id = ANY (s.registrations)
           -- (a row whose address is the placeholder already is nobody's: this run's waitlist
           -- forgetting, or an earlier erasure, made it so)
           AND ((r.id = ANY (s.attended)
                 AND r.attendee_email IS DISTINCT FROM pg_catalog.format('erased-%s@erased.invalid', r.id))
                OR r.user_id = p_user_id)
        RETURNING 1)
    SELECT pg_catalog.count(*) INTO v_registrations FROM done;

    -- Payments keep amount, currency, status, provider and times; only the payer goes.
    WITH done AS (
        UPDATE public.payments p SET payer_id = NULL WHERE p.payer_id = p_user_id RETURNING 1)
    SELECT pg_catalog.count(*) INTO v_payments FROM done;

    -- The private ledgers keep their entries; the user's id goes from them.
    WITH done AS (
        UPDATE fashionos.payment_events e SET by_user = NULL WHERE e.by_user = p_user_id RETURNING 1)
    SELECT pg_catalog.count(*) INTO v_history FROM done;
    WITH done AS (
        UPDATE fashionos.door_scans d SET synced_by = NULL WHERE d.synced_by = p_user_id RETURNING 1)
    SELECT pg_catalog.count(*) INTO v_scans FROM done;
    WITH done AS (
        UPDATE fashionos.options o
           SET requested_by = NULLIF(o.requested_by, p_user_id), decided_by = NULLIF(o.decided_by, p_user_id)
         WHERE o.requested_by = p_user_id OR o.decided_by = p_user_id RETURNING 1)
    SELECT pg_catalog.count(*) INTO v_options FROM done;

    -- Idempotency keys past their 24 hours answer no retry any more: all of them go (their request
    -- hashes are of attendees' addresses). Younger keys stay: a retry within the day must still get
    -- its reservation rather than a second one, and they go at the next purge.
    WITH done AS (
        DELETE FROM fashionos.reservation_keys k
         WHERE k.created_at < pg_catalog.now() - interval '24 hours' RETURNING 1)
    SELECT pg_catalog.count(*) INTO v_keys FROM done;

    -- Contact cards that carry the address, in any organization: the card stays (crew, call
    -- times, tasks and teams point at it), its name, address and phone go.
    WITH done AS (
        UPDATE public.stakeholders x SET name = 'Erased', email = NULL, phone = NULL
         WHERE x.id = ANY (s.contacts) RETURNING 1)
    SELECT pg_catalog.count(*) INTO v_contacts FROM done;
    WITH done AS (
        UPDATE public.sponsors x SET contact_name = NULL, contact_email = NULL, contact_phone = NULL
         WHERE v_key IS NOT NULL AND fashionos.buyer_key(x.contact_email) = v_key RETURNING 1)
    SELECT pg_catalog.count(*) INTO v_sponsors FROM done;
    WITH done AS (
        UPDATE public.model_agencies x SET contact_email = NULL
         WHERE v_key IS NOT NULL AND fashionos.buyer_key(x.contact_email) = v_key RETURNING 1)
    SELECT pg_catalog.count(*) INTO v_agencies FROM done;

    RETURN pg_catalog.jsonb_build_object(
        'waitlist', v_waitlist, 'registrations', v_registrations, 'payments', v_payments,
        'payment_history', v_history, 'door_scans', v_scans, 'options', v_options,
        'reservation_keys', v_keys, 'stakeholders', v_contacts, 'sponsors', v_sponsors,
        'model_agencies', v_agencies);
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.event_dates_in_range()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    IF fashionos.writer_is_operator() THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'event date out of range',
        DETAIL = pg_catalog.format('start_date %s, end_date %s; an event''s dates lie in the years 1900 to 9999.',
                                   NEW.start_date, coalesce(NEW.end_date::text, 'none')),
        HINT = 'Send the event''s real dates, e.g. 2027-03-01T19:00:00+01:00; leave end_date out when it is not known.';
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.event_keeps_sales()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_live bigint;
    v_paid bigint;
BEGIN
    SELECT pg_catalog.count(*) FILTER (WHERE r.status <> 'cancelled'),
           (SELECT pg_catalog.count(*) FROM public.payments p JOIN public.registrations x ON x.id = p.registration_id
             WHERE x.event_id = OLD.id AND p.status IN ('completed', 'refunded'))
      INTO v_live, v_paid
      FROM public.registrations r WHERE r.event_id = OLD.id;
    IF v_live > 0 OR v_paid > 0 THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'an event with tickets or payments is not deleted',
            DETAIL = pg_catalog.format('Event %s has %s live ticket(s) and %s completed or refunded payment(s): deleting it would delete them, the record of its sales.',
                                       OLD.id, v_live, v_paid),
            HINT = CASE WHEN v_live = 0 AND OLD.status = 'cancelled'
                        THEN 'The event is cancelled and keeps its payments as the record of its sales: it stays, and so does its organization (docs/security.md, "People coming and going").'
                        WHEN v_live = 0
                        THEN 'Cancel the event instead (status cancelled): its payments keep it, and its organization, as the record of its sales.'
                        ELSE 'Cancel the event instead (status cancelled: its tickets stop admitting and no payment completes); refund its paid tickets with refund_payment or the provider.' END;
    END IF;
    RETURN OLD;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.event_models_walk_order_lock()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    IF TG_OP = 'INSERT' OR OLD.event_id IS DISTINCT FROM NEW.event_id THEN
        PERFORM pg_catalog.pg_advisory_xact_lock_shared(pg_catalog.hashtextextended('fashionos.walk_order:' || NEW.event_id::text, 0));
    END IF;
    RETURN NEW;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.event_on_sale(p_event_id uuid)
 RETURNS boolean
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    RETURN EXISTS (SELECT 1 FROM public.events AS e
                    WHERE e.id = p_event_id AND e.status = ANY (fashionos.on_sale_statuses())
                      AND fashionos.event_sales_end(e.start_date, e.end_date) >= now());
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.event_rehearsals_to_ledger()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ BEGIN PERFORM fashionos.lock_row_schedules(OLD.event_id, NEW.event_id);
              PERFORM fashionos.forget_booking(TG_OP, TG_TABLE_NAME, OLD.id, NEW.id);
              PERFORM fashionos.sync_rehearsal_booking(NEW, v.written, v.written)
                 FROM (SELECT TG_OP = 'INSERT' OR (NEW.event_id, NEW.date, NEW.time_slot, NEW.location)
                                     IS DISTINCT FROM (OLD.event_id, OLD.date, OLD.time_slot, OLD.location) AS written) v
               WHERE TG_OP <> 'DELETE';
              RETURN NULL; END $function$;
CREATE OR REPLACE FUNCTION fashionos.event_sales_end(p_start_date timestamp with time zone, p_end_date timestamp with time zone)
 RETURNS timestamp with time zone
 LANGUAGE plpgsql
 STABLE PARALLEL SAFE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    -- 24 hours, not a calendar day: the same instant whatever the session's time zone (a client's
    -- Prefer: timezone); no overflow at the end of timestamptz's range
    RETURN coalesce(p_end_date, CASE WHEN p_start_date < '294276-12-30 00:00+00' THEN p_start_date + interval '24 hours'
                                     ELSE 'infinity' END);
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.event_settings_to_ledger()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_default record;
BEGIN
    SELECT d.time_zone, d.call_time_minutes INTO v_default FROM fashionos.settings_for(NULL) d;
    IF TG_OP = 'UPDATE' AND (NEW.event_id, NEW.time_zone, NEW.call_time_minutes)
                            IS NOT DISTINCT FROM (OLD.event_id, OLD.time_zone, OLD.call_time_minutes)
       OR TG_OP = 'INSERT' AND (NEW.time_zone, NEW.call_time_minutes)
                               IS NOT DISTINCT FROM (v_default.time_zone, v_default.call_time_minutes)
       OR TG_OP = 'DELETE' AND (OLD.time_zone, OLD.call_time_minutes)
                               IS NOT DISTINCT FROM (v_default.time_zone, v_default.call_time_minutes) THEN
        RETURN NULL;
    END IF;
    -- The dates of the event's availability rows first, then its bookings: the UPDATE of those
    -- rows locks them before their triggers take the event's schedule, the order of every other
    -- write of an availability row (a release, a venue owner's change), which locks its row and then
    -- takes the schedule in its trigger. Taken the other way round (the schedule, then the rows),
    -- such a write and a change of time zone waited for each other.
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM fashionos.sync_event_dates(OLD.event_id)
          WHERE EXISTS (SELECT 1 FROM public.events e WHERE e.id = OLD.event_id);
        PERFORM fashionos.sync_event_bookings(OLD.event_id, true);
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.event_id <> OLD.event_id) THEN
        PERFORM fashionos.sync_event_dates(NEW.event_id);
        PERFORM fashionos.sync_event_bookings(NEW.event_id, true);
    END IF;
    RETURN NULL;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.events_back_from_cancelled()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_message text;
    v_detail text;
    v_lost text;
BEGIN
    BEGIN
        PERFORM fashionos.sync_event_bookings(NEW.id, true);
    EXCEPTION WHEN insufficient_privilege OR SQLSTATE 'PT409' THEN
        GET STACKED DIAGNOSTICS v_message = MESSAGE_TEXT, v_detail = PG_EXCEPTION_DETAIL;
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'the event''s call times and rehearsals cannot all be booked again',
            DETAIL = pg_catalog.format('Event %s comes back from cancelled (status %s), and its call times and rehearsals book again as they are written: %s. %s',
                                       NEW.id, NEW.status, v_message, v_detail),
            HINT = 'While the event was cancelled its bookings could be released. An admin or owner of the organization deletes the row named (organizers may not), then sets the status again; write it anew once the event is back.';
    END;
    -- a row that gave up its booking while the event was cancelled books that resource again, or
    -- the event does not come back (its venue released meanwhile, and perhaps taken since)
    SELECT pg_catalog.format('%s %s booked %s %s during %s before, and books %s now', a.source_table, a.source_id,
                             a.resource_type, a.resource_id, fashionos.range_text(a.during),
                             coalesce((SELECT pg_catalog.format('%s %s', b.resource_type, b.resource_id) FROM fashionos.bookings b
                                        WHERE b.source_table = a.source_table AND b.source_id = a.source_id), 'nothing'))
      INTO v_lost
      FROM fashionos.bookings_set_aside a
     WHERE a.event_id = NEW.id
       AND NOT EXISTS (SELECT 1 FROM fashionos.bookings b
                        WHERE b.source_table = a.source_table AND b.source_id = a.source_id
                          AND b.resource_type = a.resource_type AND b.resource_id = a.resource_id)
     ORDER BY a.source_table, a.source_id LIMIT 1;
    IF v_lost IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'the event''s call times and rehearsals cannot all be booked again',
            DETAIL = pg_catalog.format('Event %s comes back from cancelled (status %s): %s (its venue or model was released while the event was cancelled).',
                                       NEW.id, NEW.status, v_lost),
            HINT = 'An admin or owner of the organization deletes the row named (organizers may not; a rehearsal that books nothing now may also be written again), then sets the status again; write it anew and book its resource once the event is back.';
    END IF;
    DELETE FROM fashionos.bookings_set_aside a WHERE a.event_id = NEW.id;
    RETURN NULL;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.exchange_ticket(p_registration_id uuid, p_ticket_tier_id uuid)
 RETURNS SETOF public.ticket_reservation
 LANGUAGE c
 STRICT SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS '$libdir/fashionos', $function$exchange_ticket_wrapper$function$;
CREATE OR REPLACE FUNCTION fashionos.forget_booking(p_op text, p_source_table text, p_old_id uuid, p_new_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    IF p_op = 'DELETE' OR (p_op = 'UPDATE' AND p_old_id <> p_new_id) THEN
        DELETE FROM fashionos.bookings b WHERE b.source_table = p_source_table AND b.source_id = p_old_id;
        DELETE FROM fashionos.bookings_set_aside b WHERE b.source_table = p_source_table AND b.source_id = p_old_id;
    END IF;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.forget_waitlist_email(p_email text)
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    IF NOT fashionos.caller_is_server() THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'not allowed to erase waitlist entries',
            DETAIL = 'Erasing an address''s entries answers a person''s erasure request: server-side code (service_role) does it, once it has checked who asks.',
            HINT = 'A waiter leaves a queue himself with leave_waitlist; a signed-in user''s entries go when his account is deleted.';
    END IF;
    RETURN fashionos.forget_waitlist_entries(
        ARRAY(SELECT w.id FROM fashionos.waitlist_entries w
               WHERE fashionos.buyer_key(w.attendee_email) = fashionos.buyer_key(p_email)));
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.forget_waitlist_entries(p_entry_ids uuid[])
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_ids uuid[] := ARRAY(SELECT DISTINCT x FROM pg_catalog.unnest(p_entry_ids) AS x WHERE x IS NOT NULL ORDER BY x);
    v fashionos.waitlist_entries;
    v_id uuid;
    v_count integer := 0;
    v_offers uuid[] := '{}';
BEGIN
    -- the entries, each with its offer's hold, in id order
    PERFORM fashionos.lock_waitlist_entries(v_ids);
    FOREACH v_id IN ARRAY v_ids LOOP
        SELECT * INTO v FROM fashionos.waitlist_entries w WHERE w.id = v_id;
        CONTINUE WHEN v.id IS NULL;
        IF v.registration_id IS NOT NULL AND (fashionos.waitlist_entry_row(v)).status <> 'claimed' THEN
            v_offers := v_offers || v.registration_id;
            IF v.status = 'offered' THEN
                UPDATE fashionos.registration_holds h SET expires_at = pg_catalog.now()
                 WHERE h.registration_id = v.registration_id AND h.expires_at > pg_catalog.now();
            END IF;
        END IF;
        DELETE FROM fashionos.waitlist_entries w WHERE w.id = v.id;
        v_count := v_count + 1;
    END LOOP;
    UPDATE public.registrations r
       SET attendee_name = 'erased', attendee_email = pg_catalog.format('erased-%s@erased.invalid', r.id),
           user_id = NULL
     WHERE r.id = ANY (v_offers) AND r.status IN ('pending', 'cancelled')
       AND NOT EXISTS (SELECT 1 FROM public.payments p
                        WHERE p.registration_id = r.id AND p.status IN ('completed', 'refunded'));
    RETURN v_count;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.get_event_settings(p_event_id uuid)
 RETURNS SETOF public.event_settings_values
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    PERFORM fashionos.require_event_visible(p_event_id);
    RETURN QUERY SELECT p_event_id, s.* FROM fashionos.settings_for(p_event_id) s;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.guard_drop_check(p_command text, p_names text[], p_cascade boolean)
 RETURNS text
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_ext oid;
    v_owner text;
    v_schema text;
    v_guarded text[];          -- names that are guarded with or without CASCADE
    v_cascade_guarded text[];  -- names that are guarded with CASCADE
    v_tables text[] := '{}';
    v_total bigint := 0;
    v_count bigint;
    v_rel pg_catalog.regclass;
BEGIN
    SELECT e.oid, r.rolname::text, n.nspname::text INTO v_ext, v_owner, v_schema
      FROM pg_catalog.pg_extension e
      JOIN pg_catalog.pg_roles r ON r.oid = e.extowner
      JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
     WHERE e.extname = 'fashionos';
    IF v_ext IS NULL THEN
        RETURN NULL;
    END IF;

    IF p_command = 'DROP EXTENSION' THEN
        v_guarded := ARRAY['fashionos'];
        SELECT pg_catalog.array_agg(x.extname::text) INTO v_cascade_guarded
          FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_extension x ON x.oid = d.refobjid
         WHERE d.classid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND d.objid = v_ext
           AND d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass;
    ELSIF p_command = 'DROP SCHEMA' THEN
        v_guarded := ARRAY[v_schema];
        SELECT pg_catalog.array_agg(DISTINCT n.nspname::text) INTO v_cascade_guarded
          FROM pg_catalog.pg_namespace n
         WHERE n.oid IN (
                SELECT c.relnamespace FROM pg_catalog.pg_class c
                  JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid
                 WHERE d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND d.refobjid = v_ext AND d.deptype = 'e'
                UNION
                SELECT x.extnamespace FROM pg_catalog.pg_extension x
                  JOIN pg_catalog.pg_depend d ON d.refobjid = x.oid
                 WHERE d.classid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND d.objid = v_ext
                   AND d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass);
    ELSIF p_command = 'DROP OWNED' THEN
        v_guarded := ARRAY[v_owner];
    ELSE
        RETURN NULL;
    END IF;

    IF NOT (p_names && v_guarded OR (p_cascade AND p_names && coalesce(v_cascade_guarded, '{}'))) THEN
        RETURN NULL;
    END IF;
    IF pg_catalog.lower(coalesce(pg_catalog.current_setting('fashionos.allow_drop_with_data', true), ''))
           IN ('on', 'true', 'yes', '1') THEN
        RETURN NULL;
    END IF;

    FOR v_rel IN
        SELECT c.oid::pg_catalog.regclass
          FROM pg_catalog.pg_extension e, pg_catalog.unnest(e.extconfig) AS t(relid)
          JOIN pg_catalog.pg_class c ON c.oid = t.relid
         WHERE e.oid = v_ext AND c.relkind = 'r'
           AND (c.relnamespace = 'public'::pg_catalog.regnamespace
                OR c.oid = 'fashionos.event_settings'::pg_catalog.regclass
                OR c.oid = pg_catalog.to_regclass('fashionos.options')
                OR c.oid = pg_catalog.to_regclass('auth.users'))
         ORDER BY c.oid::pg_catalog.regclass::text
    LOOP
        EXECUTE pg_catalog.format('SELECT count(*) FROM %s', v_rel) INTO v_count;
        IF v_count > 0 THEN
            v_tables := v_tables || pg_catalog.format('%s (%s %s)', v_rel, v_count,
                                                      CASE WHEN v_count = 1 THEN 'row' ELSE 'rows' END);
            v_total := v_total + v_count;
        END IF;
    END LOOP;
    IF v_total = 0 THEN
        RETURN NULL;
    END IF;

    RETURN pg_catalog.format('%s refused: it would drop the fashionos extension and the data in its tables: %s',
                             p_command, pg_catalog.array_to_string(v_tables, ', '));
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.guard_resource_delete()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_type text;
    v_user uuid;
    v_org uuid;
    v_bookings bigint;
BEGIN
    SELECT m.resource_type, (pg_catalog.to_jsonb(OLD) ->> m.user_column)::uuid INTO STRICT v_type, v_user
      FROM fashionos.resource_map() m WHERE m.resource_table = pg_catalog.format('%I.%I', TG_TABLE_SCHEMA, TG_TABLE_NAME);
    SELECT u.organization_id INTO v_org FROM public.users u WHERE u.id = v_user;
    IF NOT FOUND THEN
        -- deleted with its user, whose row is gone already: his organization was noted by the
        -- trigger users_named_references (fashionos.users_move_references)
        v_org := (NULLIF(pg_catalog.current_setting('fashionos.deleted_users', true), '')::jsonb
                  OPERATOR(pg_catalog.->>) v_user::text)::uuid;
    END IF;
    SELECT pg_catalog.count(*) INTO v_bookings
      FROM fashionos.bookings b JOIN public.events e ON e.id = b.event_id
     WHERE b.resource_type = v_type AND b.resource_id = OLD.id
       AND pg_catalog.upper(b.during) > pg_catalog.now()
       AND e.organization_id IS DISTINCT FROM v_org;
    IF v_bookings > 0 THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409',
            MESSAGE = pg_catalog.format('%s has plans of other organizations', v_type),
            DETAIL = pg_catalog.format('%s %s has %s future bookings of other organizations.', v_type, OLD.id, v_bookings),
            HINT = 'Ask the organizations to release their bookings (release_booking, release_option) first; then delete. Open options and castings do not stop a deletion: they go with it.';
    END IF;
    DELETE FROM fashionos.options o WHERE o.resource_type = v_type AND o.resource_id = OLD.id;
    RETURN OLD;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.id_never_changes()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    RAISE EXCEPTION USING ERRCODE = '42501',
        MESSAGE = pg_catalog.format('the id of a %s row never changes', TG_TABLE_NAME),
        DETAIL = pg_catalog.format('%s.%s %s would become %s; other rows refer to it by its id.',
                                   TG_TABLE_SCHEMA, TG_TABLE_NAME, OLD.id, NEW.id),
        HINT = 'Insert a new row (and delete the old one) instead.';
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.import_refusal(p_n integer, p_legacy_id text, p_message text, p_detail text, p_hint text)
 RETURNS void
 LANGUAGE plpgsql
 IMMUTABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    RAISE EXCEPTION USING ERRCODE = '22023',
        MESSAGE = pg_catalog.format('ticket %s of the import: %s', p_n, p_message),
        DETAIL = pg_catalog.format('Ticket %s (legacy_id %s): %s Nothing of this import was written.',
                                   p_n, coalesce(pg_catalog.quote_literal(p_legacy_id), 'missing'), p_detail),
        HINT = p_hint;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.import_tickets(p_source text, p_tickets jsonb)
 RETURNS SETOF public.imported_ticket
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_source text := fashionos.trim_white_space(p_source);
    v_count integer;
    v_ticket jsonb;
    v_payment jsonb;
    v_n integer := 0;
    v_id text;
    v_tier record;
    v_tier_id uuid;
    v_event_id uuid;
    v_email text;
    v_name text;
    v_problem text;
    v_status text;
    v_user uuid;
    v_created timestamptz;
    v_checked_in timestamptz;
    v_order text;
    v_code text;
    v_code_key text;
    v_token text;
    v_amount numeric;
    v_currency text;
    v_provider text;
    v_transaction text;
    v_pay_status text;
    v_paid_at timestamptz;
    v_refunded_at timestamptz;
    v_org uuid;
    v_rows jsonb[] := '{}';
    v_seen text[] := '{}';
    v_codes text[] := '{}';
    v_prev uuid;
    v_orders jsonb := '{}';
    v_row jsonb;
    v_registration uuid;
    v_payment_id uuid;
    v_reservation uuid;
    v_other text;
BEGIN
    IF NOT fashionos.caller_is_server() THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'not allowed to import tickets',
            DETAIL = 'Importing tickets writes sales, payments and check-ins as they happened elsewhere: server-side code (service_role) does it.',
            HINT = 'Run the import with the service key; buyers reserve with reserve_tickets.';
    END IF;
    IF v_source IS NULL OR pg_catalog.length(v_source) NOT BETWEEN 1 AND 64 OR v_source !~ '^[[:print:]]+$' THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'p_source is not a source name',
            DETAIL = pg_catalog.format('p_source is %s; a source is the old platform''s name, 1 to 64 printable characters.', coalesce(pg_catalog.quote_literal(p_source), 'NULL')),
            HINT = 'Pass the same name on every run of one import, e.g. ''eventbrite'': a ticket is known by its source and its legacy_id.';
    END IF;
    IF p_tickets IS NULL OR pg_catalog.jsonb_typeof(p_tickets) <> 'array' THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'p_tickets is not an array',
            DETAIL = pg_catalog.format('p_tickets is a JSON %s.', coalesce(pg_catalog.jsonb_typeof(p_tickets), 'NULL')),
            HINT = 'Pass a JSON array of ticket objects (docs/api.md, import_tickets).';
    END IF;
    v_count := pg_catalog.jsonb_array_length(p_tickets);
    IF v_count NOT BETWEEN 1 AND 1000 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'p_tickets has no tickets or too many',
            DETAIL = pg_catalog.format('p_tickets has %s tickets; one call imports 1 to 1000.', v_count),
            HINT = 'Split a larger import into calls of at most 1000 tickets (a call stays within the API''s statement timeout); an order''s tickets may span calls.';
    END IF;

    -- 1. Read and check every ticket before writing anything.
    FOR v_ticket IN SELECT t FROM pg_catalog.jsonb_array_elements(p_tickets) AS t LOOP
        v_n := v_n + 1;
        v_id := NULL;
        IF pg_catalog.jsonb_typeof(v_ticket) <> 'object' THEN
            PERFORM fashionos.import_refusal(v_n, NULL, 'not an object', pg_catalog.format('It is a JSON %s.', pg_catalog.jsonb_typeof(v_ticket)),
                'Each ticket is an object with legacy_id, ticket_tier_id, attendee_email, attendee_name and status.');
        END IF;
        v_id := fashionos.trim_white_space(v_ticket ->> 'legacy_id');
        IF v_id IS NULL OR pg_catalog.length(v_id) NOT BETWEEN 1 AND 255 THEN
            PERFORM fashionos.import_refusal(v_n, v_id, 'legacy_id is missing or too long', 'Every ticket needs the id it had on the old platform, 1 to 255 characters.',
                'Send the old platform''s ticket (attendee) id: a run that is repeated skips the tickets it already imported by it.');
        END IF;
        v_tier_id := NULL;
        v_event_id := NULL;
        v_org := NULL;
        BEGIN
            SELECT t.id, t.event_id, e.organization_id INTO v_tier_id, v_event_id, v_org
              FROM public.ticket_tiers t JOIN public.events e ON e.id = t.event_id
             WHERE t.id = (v_ticket ->> 'ticket_tier_id')::uuid;
        EXCEPTION WHEN invalid_text_representation THEN
            v_tier_id := NULL;
        END;
        IF v_tier_id IS NULL THEN
            PERFORM fashionos.import_refusal(v_n, v_id, 'ticket_tier_id names no tier',
                pg_catalog.format('ticket_tier_id is %s.', coalesce((v_ticket -> 'ticket_tier_id')::text, 'missing')),
                'Create the events and tiers first (their rows can be written directly), then import their tickets.');
        END IF;
        -- a ticket is known by its organization, the source and its id there
        IF (v_org || '/' || v_id) = ANY (v_seen) THEN
            PERFORM fashionos.import_refusal(v_n, v_id, 'legacy_id is repeated', 'Another ticket of this call, of the same organization, has the same legacy_id.',
                'Each ticket of the old platform appears once.');
        END IF;
        v_seen := v_seen || (v_org || '/' || v_id);
        -- a ticket imported by an earlier run is skipped, whatever it says now
        IF EXISTS (SELECT 1 FROM fashionos.imported_tickets i
                    WHERE i.organization_id = v_org AND i.source = v_source AND i.legacy_id = v_id) THEN
            v_rows := v_rows || pg_catalog.jsonb_build_object('n', v_n, 'legacy_id', v_id, 'org', v_org, 'known', true);
            CONTINUE;
        END IF;

        v_email := fashionos.buyer_key(coalesce(v_ticket ->> 'attendee_email', ''));
        IF NOT fashionos.email_is_plausible(v_email) THEN
            PERFORM fashionos.import_refusal(v_n, v_id, 'attendee_email is not an e-mail address',
                pg_catalog.format('attendee_email is %s.', coalesce((v_ticket -> 'attendee_email')::text, 'missing')),
                'Send the attendee''s address as the old platform has it; an address that starts with = + or - is refused, as a spreadsheet would run it.');
        END IF;
        IF pg_catalog.jsonb_typeof(v_ticket -> 'attendee_name') NOT IN ('string', 'null') THEN
            PERFORM fashionos.import_refusal(v_n, v_id, 'attendee_name is not text',
                pg_catalog.format('attendee_name is a JSON %s.', pg_catalog.jsonb_typeof(v_ticket -> 'attendee_name')),
                'Send the name printed on the ticket as a string.');
        END IF;
        v_name := fashionos.clean_name(coalesce(v_ticket ->> 'attendee_name', ''));
        v_problem := fashionos.attendee_name_problem(v_name);
        IF v_problem IS NOT NULL THEN
            PERFORM fashionos.import_refusal(v_n, v_id, 'attendee_name ' || v_problem, fashionos.attendee_name_rule(),
                'Send the name printed on the ticket.');
        END IF;

        v_status := v_ticket ->> 'status';
        IF v_status IS NULL OR v_status NOT IN ('confirmed', 'attended', 'cancelled') THEN
            PERFORM fashionos.import_refusal(v_n, v_id, 'status is not confirmed, attended or cancelled',
                pg_catalog.format('status is %s.', coalesce((v_ticket -> 'status')::text, 'missing')),
                'Import a ticket that is valid as confirmed, one used at the door as attended, a cancelled or refunded one as cancelled; an unpaid hold of the old platform is not a sale: leave it out.');
        END IF;

        v_user := NULL;
        IF v_ticket ? 'user_id' AND v_ticket -> 'user_id' <> 'null'::jsonb THEN
            BEGIN
                v_user := (v_ticket ->> 'user_id')::uuid;
            EXCEPTION WHEN invalid_text_representation THEN
                v_user := NULL;
            END;
            IF v_user IS NULL OR NOT EXISTS (SELECT 1 FROM public.users u WHERE u.id = v_user) THEN
                PERFORM fashionos.import_refusal(v_n, v_id, 'user_id names no user', pg_catalog.format('user_id is %s.', v_ticket -> 'user_id'),
                    'Leave user_id out for a buyer without an account here; his tickets are then found by address.');
            END IF;
        END IF;

        v_created := coalesce(fashionos.import_time(v_n, v_id, v_ticket, 'created_at'), pg_catalog.now());
        v_checked_in := fashionos.import_time(v_n, v_id, v_ticket, 'checked_in_at');
        IF (v_status = 'attended') <> (v_checked_in IS NOT NULL) THEN
            PERFORM fashionos.import_refusal(v_n, v_id, 'checked_in_at does not match the status',
                pg_catalog.format('status is %s and checked_in_at is %s.', v_status, coalesce(v_checked_in::text, 'missing')),
                'An attended ticket has the time it was checked in; a ticket not used has none.');
        END IF;
        IF v_checked_in < v_created THEN
            PERFORM fashionos.import_refusal(v_n, v_id, 'checked_in_at is before created_at',
                pg_catalog.format('The ticket was sold at %s and checked in at %s.', v_created, v_checked_in),
                'Send the sale''s time as created_at and the scan''s as checked_in_at.');
        END IF;

        v_order := fashionos.trim_white_space(v_ticket ->> 'order_id');
        IF v_order = '' OR pg_catalog.length(v_order) > 255 THEN
            PERFORM fashionos.import_refusal(v_n, v_id, 'order_id is empty or too long', 'An order id has 1 to 255 characters.',
                'Send the old platform''s order id, the same for every ticket of one order, or leave it out.');
        END IF;

        v_code := fashionos.trim_white_space(v_ticket ->> 'legacy_code');
        IF v_code IS NOT NULL THEN
            IF pg_catalog.length(v_code) NOT BETWEEN 1 AND 1024 OR v_code LIKE 'FOS1.%' THEN
                PERFORM fashionos.import_refusal(v_n, v_id, 'legacy_code is not an old ticket code',
                    'A legacy code has 1 to 1024 characters and is not a fashionos token.',
                    'Send the code printed in the old ticket''s QR or barcode, or leave it out.');
            END IF;
            v_code_key := v_org || '/' || pg_catalog.encode(fashionos.token_hash(v_code), 'hex');
            -- (and not an imported ticket's already: checked under the code's lock, in 2.)
            IF v_code_key = ANY (v_codes) THEN
                PERFORM fashionos.import_refusal(v_n, v_id, 'legacy_code is already a ticket''s',
                    'Another imported ticket of the organization has the same code: a code admits one person.',
                    'Send each ticket''s own code; leave it out where the old platform reused codes.');
            END IF;
            v_codes := v_codes || v_code_key;
        END IF;

        -- the payment, if the ticket was paid
        v_payment := v_ticket -> 'payment';
        IF v_payment IS NOT NULL AND v_payment <> 'null'::jsonb THEN
            IF pg_catalog.jsonb_typeof(v_payment) <> 'object' THEN
                PERFORM fashionos.import_refusal(v_n, v_id, 'payment is not an object', pg_catalog.format('payment is a JSON %s.', pg_catalog.jsonb_typeof(v_payment)),
                    'Send the payment as an object with amount, currency, status and, if known, provider and provider_transaction_id; leave it out for a free ticket.');
            END IF;
            BEGIN
                v_amount := (v_payment ->> 'amount')::numeric;
            EXCEPTION WHEN data_exception THEN
                v_amount := NULL;
            END;
            IF v_amount IS NULL OR v_amount = 'NaN' OR v_amount < 0 OR v_amount >= 100000000 OR pg_catalog.scale(v_amount) > 2 THEN
                PERFORM fashionos.import_refusal(v_n, v_id, 'payment amount is not an amount',
                    pg_catalog.format('amount is %s.', coalesce((v_payment -> 'amount')::text, 'missing')),
                    'Send what the buyer paid, from 0 to 99999999.99, with at most two decimals.');
            END IF;
            v_currency := coalesce(v_payment ->> 'currency', 'USD');
            IF v_currency !~ '^[A-Z]{3}$' THEN
                PERFORM fashionos.import_refusal(v_n, v_id, 'payment currency is not a currency code',
                    pg_catalog.format('currency is %s.', v_payment -> 'currency'), 'Send the ISO 4217 code in capitals, e.g. EUR.');
            END IF;
            v_provider := v_payment ->> 'provider';
            IF v_provider IS NOT NULL AND v_provider NOT IN ('stripe', 'paypal', 'square') THEN
                PERFORM fashionos.import_refusal(v_n, v_id, 'payment provider is not stripe, paypal or square',
                    pg_catalog.format('provider is %s.', v_payment -> 'provider'),
                    'Leave provider and provider_transaction_id out for a payment taken elsewhere (cash at the box office).');
            END IF;
            v_transaction := v_payment ->> 'provider_transaction_id';
            IF v_transaction IS NOT NULL AND (v_provider IS NULL OR fashionos.transaction_id_problem(v_transaction) IS NOT NULL) THEN
                PERFORM fashionos.import_refusal(v_n, v_id, 'payment provider_transaction_id cannot be recorded',
                    CASE WHEN v_provider IS NULL THEN 'A transaction id needs its provider.'
                         ELSE 'A transaction id is printable ASCII of 1 to 255 characters, without spaces around it.' END,
                    'Send the provider and its id of the charge (for Stripe the PaymentIntent id), or leave both out.');
            END IF;
            v_pay_status := v_payment ->> 'status';
            IF v_pay_status IS NULL OR v_pay_status NOT IN ('completed', 'refunded', 'failed') THEN
                PERFORM fashionos.import_refusal(v_n, v_id, 'payment status is not completed, refunded or failed',
                    pg_catalog.format('payment status is %s.', coalesce((v_payment -> 'status')::text, 'missing')),
                    'A pending payment of the old platform is not a sale: leave its ticket out.');
            END IF;
            IF v_pay_status <> 'completed' AND v_status <> 'cancelled' THEN
                PERFORM fashionos.import_refusal(v_n, v_id, pg_catalog.format('a %s ticket has a %s payment', v_status, v_pay_status),
                    'A ticket that admits was paid; a refunded or failed payment leaves its ticket cancelled.',
                    'Import the ticket as cancelled, or its payment as completed.');
            END IF;
            v_paid_at := coalesce(fashionos.import_time(v_n, v_id, v_payment, 'paid_at'), v_created);
            v_refunded_at := fashionos.import_time(v_n, v_id, v_payment, 'refunded_at');
            IF v_refunded_at IS NOT NULL AND v_pay_status <> 'refunded' THEN
                PERFORM fashionos.import_refusal(v_n, v_id, 'refunded_at of a payment that is not refunded',
                    pg_catalog.format('payment status is %s.', v_pay_status), 'Send refunded_at with status refunded only.');
            END IF;
            v_refunded_at := coalesce(v_refunded_at, CASE WHEN v_pay_status = 'refunded' THEN v_paid_at END);
            IF v_paid_at < v_created OR v_refunded_at < v_paid_at THEN
                PERFORM fashionos.import_refusal(v_n, v_id, 'the payment''s times are out of order',
                    pg_catalog.format('Sold at %s, paid at %s, refunded at %s.', v_created, v_paid_at, coalesce(v_refunded_at::text, '-')),
                    'A ticket is sold, then paid, then refunded.');
            END IF;
        ELSE
            v_amount := NULL; v_currency := NULL; v_provider := NULL; v_transaction := NULL;
            v_pay_status := NULL; v_paid_at := NULL; v_refunded_at := NULL;
        END IF;

        -- one provider transaction pays one order (here, or among the tickets of this call)
        IF v_transaction IS NOT NULL THEN
            v_other := v_orders ->> (v_provider || ' ' || v_transaction);
            IF v_other IS NOT NULL AND v_other IS DISTINCT FROM v_org || ' ' || coalesce(v_order, 'ticket ' || v_id) THEN
                PERFORM fashionos.import_refusal(v_n, v_id, 'transaction already pays another order',
                    pg_catalog.format('%s transaction %s pays another ticket of this import that is not of its order.', v_provider, v_transaction),
                    'Give the tickets one charge paid the same order_id.');
            END IF;
            v_orders := v_orders || pg_catalog.jsonb_build_object(v_provider || ' ' || v_transaction, v_org || ' ' || coalesce(v_order, 'ticket ' || v_id));
            -- (and not of another order here: checked under the transaction's lock, in 2.)
        END IF;

        v_rows := v_rows || pg_catalog.jsonb_build_object(
            'n', v_n, 'legacy_id', v_id, 'org', v_org, 'known', false, 'tier', v_tier_id, 'event', v_event_id,
            'email', v_email, 'name', v_name, 'status', v_status, 'user', v_user, 'created_at', v_created,
            'checked_in_at', v_checked_in, 'order', v_order, 'code', v_code, 'amount', v_amount, 'currency', v_currency,
            'provider', v_provider, 'transaction', v_transaction, 'pay_status', v_pay_status, 'paid_at', v_paid_at,
            'refunded_at', v_refunded_at);
    END LOOP;

    -- 2. The tickets, their payments and their history. The orders first: two calls that carry
    -- tickets of one order take turns, so the second finds the first's tickets and joins their
    -- order (locks taken in one sorted order: calls with several orders do not deadlock).
    PERFORM pg_catalog.pg_advisory_xact_lock(
                pg_catalog.hashtextextended('fashionos.import_order:' || x.org || ':' || v_source || ':' || x.ord, 0))
       FROM (SELECT DISTINCT r ->> 'org' AS org, r ->> 'order' AS ord
               FROM pg_catalog.unnest(v_rows) AS r
              WHERE NOT (r ->> 'known')::boolean AND r ->> 'order' IS NOT NULL
              ORDER BY 1, 2) x;
    -- Then each new ticket (its organization, the source and its legacy id), each old code of one
    -- and each transaction that paid one (the lock that complete_payment and the payment webhooks
    -- take), each kind in one sorted order. 1. read without them: what another call or a payment
    -- committed meanwhile is read again now. A ticket imported meanwhile (the same run sent again
    -- while the first was still writing) is known, answered as such; a code imported meanwhile is
    -- refused (a code admits one person); a transaction recorded on a payment of another order is
    -- refused (one provider transaction pays one order).
    PERFORM pg_catalog.pg_advisory_xact_lock(
                pg_catalog.hashtextextended('fashionos.import_ticket:' || x.org || ':' || v_source || ':' || x.id, 0))
       FROM (SELECT DISTINCT r ->> 'org' AS org, r ->> 'legacy_id' AS id
               FROM pg_catalog.unnest(v_rows) AS r
              WHERE NOT (r ->> 'known')::boolean
              ORDER BY 1, 2) x;
    PERFORM pg_catalog.pg_advisory_xact_lock(
                pg_catalog.hashtextextended('fashionos.import_code:' || x.org || ':' || x.code, 0))
       FROM (SELECT DISTINCT r ->> 'org' AS org, pg_catalog.encode(fashionos.token_hash(r ->> 'code'), 'hex') AS code
               FROM pg_catalog.unnest(v_rows) AS r
              WHERE NOT (r ->> 'known')::boolean AND r ->> 'code' IS NOT NULL
              ORDER BY 1, 2) x;
    PERFORM pg_catalog.pg_advisory_xact_lock(
                pg_catalog.hashtextextended('fashionos.transaction:' || x.provider || ':' || x.txn, 0))
       FROM (SELECT DISTINCT r ->> 'provider' AS provider, r ->> 'transaction' AS txn
               FROM pg_catalog.unnest(v_rows) AS r
              WHERE NOT (r ->> 'known')::boolean AND r ->> 'transaction' IS NOT NULL
              ORDER BY 1, 2) x;
    v_rows := ARRAY(
        SELECT CASE WHEN NOT (u.r ->> 'known')::boolean
                          AND EXISTS (SELECT 1 FROM fashionos.imported_tickets i
                                       WHERE i.organization_id = (u.r ->> 'org')::uuid AND i.source = v_source
                                         AND i.legacy_id = u.r ->> 'legacy_id')
                    THEN pg_catalog.jsonb_build_object('n', u.r -> 'n', 'legacy_id', u.r -> 'legacy_id', 'org', u.r -> 'org', 'known', true)
                    ELSE u.r END
          FROM pg_catalog.unnest(v_rows) WITH ORDINALITY AS u(r, n)
         ORDER BY u.n);
    FOREACH v_row IN ARRAY v_rows LOOP
        IF NOT (v_row ->> 'known')::boolean AND v_row ->> 'code' IS NOT NULL
           AND EXISTS (SELECT 1 FROM fashionos.imported_tickets i
                        WHERE i.legacy_code_hash = fashionos.token_hash(v_row ->> 'code') AND i.organization_id = (v_row ->> 'org')::uuid) THEN
            PERFORM fashionos.import_refusal((v_row ->> 'n')::integer, v_row ->> 'legacy_id', 'legacy_code is already a ticket''s',
                'Another imported ticket of the organization has the same code: a code admits one person.',
                'Send each ticket''s own code; leave it out where the old platform reused codes.');
        END IF;
        IF NOT (v_row ->> 'known')::boolean AND v_row ->> 'transaction' IS NOT NULL
           AND EXISTS (SELECT 1 FROM public.payments p
                        WHERE p.provider = v_row ->> 'provider' AND p.provider_transaction_id = v_row ->> 'transaction'
                          AND NOT EXISTS (SELECT 1 FROM fashionos.imported_tickets i
                                           WHERE i.registration_id = p.registration_id AND i.organization_id = (v_row ->> 'org')::uuid
                                             AND i.source = v_source AND i.legacy_order = v_row ->> 'order')) THEN
            PERFORM fashionos.import_refusal((v_row ->> 'n')::integer, v_row ->> 'legacy_id', 'transaction already pays another order',
                pg_catalog.format('%s transaction %s is recorded on a payment of another order here.', v_row ->> 'provider', v_row ->> 'transaction'),
                'Check the transaction id; the tickets of one order share their order_id.');
        END IF;
    END LOOP;
    PERFORM pg_catalog.set_config('fashionos.payment_reason', 'imported from ' || v_source, true);
    FOREACH v_row IN ARRAY v_rows LOOP
        IF (v_row ->> 'known')::boolean THEN
            RETURN QUERY
            SELECT i.legacy_id, i.registration_id, (SELECT p.id FROM public.payments p WHERE p.registration_id = i.registration_id
                                                     ORDER BY p.created_at DESC LIMIT 1),
                   r.status, false
              FROM fashionos.imported_tickets i JOIN public.registrations r ON r.id = i.registration_id
             WHERE i.organization_id = (v_row ->> 'org')::uuid AND i.source = v_source AND i.legacy_id = v_row ->> 'legacy_id';
            CONTINUE;
        END IF;
        v_registration := pg_catalog.gen_random_uuid();
        v_token := fashionos.issue_ticket_token(v_registration, (v_row ->> 'event')::uuid);
        INSERT INTO public.registrations
               (id, event_id, ticket_tier_id, user_id, attendee_email, attendee_name, status, qr_code_data, checked_in_at, created_at)
        VALUES (v_registration, (v_row ->> 'event')::uuid, (v_row ->> 'tier')::uuid, (v_row ->> 'user')::uuid,
                v_row ->> 'email', v_row ->> 'name', v_row ->> 'status', v_token,
                (v_row ->> 'checked_in_at')::timestamptz, (v_row ->> 'created_at')::timestamptz);
        -- the order: the reservation of any ticket of it imported before (in this call or an
        -- earlier one); the first ticket names it, as a reservation's first ticket does
        v_prev := NULL;
        IF v_row ->> 'order' IS NOT NULL THEN
            SELECT i.registration_id INTO v_prev
              FROM fashionos.imported_tickets i
             WHERE i.organization_id = (v_row ->> 'org')::uuid AND i.source = v_source AND i.legacy_order = v_row ->> 'order'
             LIMIT 1;
        END IF;
        -- a cancelled or refunded ticket's token never admitted anyone: revoked, as the door expects
        IF v_row ->> 'status' = 'cancelled' THEN
            INSERT INTO fashionos.revoked_tokens (token_hash, registration_id, reason)
            VALUES (fashionos.token_hash(v_token), v_registration,
                    CASE v_row ->> 'pay_status' WHEN 'refunded' THEN 'refunded' ELSE 'cancelled' END);
        END IF;
        INSERT INTO fashionos.imported_tickets (organization_id, source, legacy_id, registration_id, legacy_order, legacy_code_hash)
        VALUES ((v_row ->> 'org')::uuid, v_source, v_row ->> 'legacy_id', v_registration, v_row ->> 'order',
                fashionos.token_hash(v_row ->> 'code'));
        IF v_prev IS NOT NULL THEN
            v_reservation := fashionos.reservation_of(v_prev);
            INSERT INTO fashionos.reservation_members (registration_id, reservation_id)
            VALUES (v_prev, v_reservation), (v_registration, v_reservation)
            ON CONFLICT (registration_id) DO NOTHING;
        END IF;
        v_payment_id := NULL;
        IF v_row ->> 'pay_status' IS NOT NULL THEN
            PERFORM pg_catalog.set_config('fashionos.payment_at', v_row ->> 'created_at', true);
            INSERT INTO public.payments (registration_id, payer_id, amount, currency, status, created_at)
            VALUES (v_registration, (v_row ->> 'user')::uuid, (v_row ->> 'amount')::numeric, v_row ->> 'currency', 'pending',
                    (v_row ->> 'created_at')::timestamptz)
            RETURNING id INTO v_payment_id;
            PERFORM pg_catalog.set_config('fashionos.payment_at', v_row ->> 'paid_at', true);
            UPDATE public.payments
               SET status = CASE v_row ->> 'pay_status' WHEN 'failed' THEN 'failed' ELSE 'completed' END,
                   provider = v_row ->> 'provider', provider_transaction_id = v_row ->> 'transaction'
             WHERE id = v_payment_id;
            IF v_row ->> 'pay_status' = 'refunded' THEN
                PERFORM pg_catalog.set_config('fashionos.payment_at', v_row ->> 'refunded_at', true);
                UPDATE public.payments SET status = 'refunded' WHERE id = v_payment_id;
            END IF;
            PERFORM pg_catalog.set_config('fashionos.payment_at', '', true);
        END IF;
        RETURN NEXT (v_row ->> 'legacy_id', v_registration, v_payment_id, v_row ->> 'status', true)::public.imported_ticket;
    END LOOP;
    PERFORM pg_catalog.set_config('fashionos.payment_reason', '', true);

    -- 3. The inventory, last: the tiers' rows in one order (as every writer of several tiers takes
    -- them), each taking its live tickets, never beyond quantity_total. Taken last, a tier's row
    -- is held for the rest of the commit only, and the tier's live sales go on meanwhile.
    FOR v_tier IN
        SELECT t.id, t.quantity_total, t.quantity_sold, x.live
          FROM (SELECT (r ->> 'tier')::uuid AS id, pg_catalog.count(*) AS live
                  FROM pg_catalog.unnest(v_rows) AS r
                 WHERE NOT (r ->> 'known')::boolean AND r ->> 'status' <> 'cancelled'
                 GROUP BY 1) x
          JOIN public.ticket_tiers t ON t.id = x.id
         ORDER BY t.id
           FOR NO KEY UPDATE OF t
    LOOP
        IF v_tier.quantity_sold + v_tier.live > v_tier.quantity_total THEN
            RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'the import oversells a tier',
                DETAIL = pg_catalog.format('Tier %s has %s of %s tickets taken; the import brings %s live tickets to it. Nothing of this import was written.',
                                           v_tier.id, v_tier.quantity_sold, v_tier.quantity_total, v_tier.live),
                HINT = pg_catalog.format('Raise the tier''s quantity_total to at least %s first (an update of the tier), or import its extra tickets as cancelled.',
                                         v_tier.quantity_sold + v_tier.live);
        END IF;
        UPDATE public.ticket_tiers SET quantity_sold = quantity_sold + v_tier.live WHERE id = v_tier.id;
    END LOOP;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.import_time(p_n integer, p_legacy_id text, p_object jsonb, p_field text)
 RETURNS timestamp with time zone
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_value jsonb := p_object -> p_field;
    v_time timestamptz;
BEGIN
    IF v_value IS NULL OR v_value = 'null'::jsonb THEN
        RETURN NULL;
    END IF;
    BEGIN
        v_time := CASE WHEN pg_catalog.jsonb_typeof(v_value) = 'string' THEN (v_value #>> '{}')::timestamptz END;
    EXCEPTION WHEN data_exception THEN
        v_time := NULL;
    END;
    IF v_time IS NULL THEN
        PERFORM fashionos.import_refusal(p_n, p_legacy_id, pg_catalog.format('%s is not a time', p_field),
            pg_catalog.format('%s is %s.', p_field, v_value), 'Send times as ISO 8601 text with their offset, e.g. 2025-09-28T19:30:00+02:00.');
    END IF;
    IF NOT pg_catalog.isfinite(v_time) OR v_time < '1900-01-01T00:00:00Z' OR v_time > pg_catalog.now() + interval '5 minutes' THEN
        PERFORM fashionos.import_refusal(p_n, p_legacy_id, pg_catalog.format('%s is out of range', p_field),
            pg_catalog.format('%s is %s; imported times lie between 1900 and now.', p_field, v_value),
            'Send the time the sale, payment, refund or check-in happened on the old platform.');
    END IF;
    RETURN v_time;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.insert_availability(p_resource_type text, p_resource_id uuid, p_event_id uuid, p_date date, p_during tstzrange, p_status text)
 RETURNS uuid
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v record;  -- a row of fashionos.resource_tables
    v_id uuid;
BEGIN
    SELECT * INTO STRICT v FROM fashionos.resource_tables(p_resource_type);
    EXECUTE pg_catalog.format('INSERT INTO %s AS a (%I, event_id, date, start_time, end_time, status)
                               VALUES ($1, $2, $3, pg_catalog.lower($4), pg_catalog.upper($4), $5) RETURNING a.id',
                              v.availability_table, v.availability_column)
       INTO v_id USING p_resource_id, p_event_id, p_date, p_during, p_status;
    RETURN v_id;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.is_time_zone(p_name text)
 RETURNS boolean
 LANGUAGE plpgsql
 STABLE PARALLEL RESTRICTED STRICT
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    -- the names of pg_timezone_names, read once per session (src/availability.rs: reading them
    -- takes about 0.4 s, and the CHECK below asks at every change of an event's settings)
    RETURN fashionos.known_time_zone(p_name);
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.issue_guest_list(p_ticket_tier_id uuid, p_guests jsonb)
 RETURNS SETOF public.guest_ticket
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_event uuid;
    v_guest jsonb;
    v_n integer := 0;
    v_email text;
    v_name text;
    v_quantity integer;
    v_user uuid;
    v_held integer;
    v_seen text[] := '{}';  -- the guests read, in order: address, name, quantity, account
    v_key bigint;
    v_names text[] := '{}';
    v_quantities integer[] := '{}';
    v_users uuid[] := '{}';
    v_state text;
    v_message text;
    v_detail text;
    v_hint text;
BEGIN
    IF p_guests IS NULL OR pg_catalog.jsonb_typeof(p_guests) <> 'array' OR pg_catalog.jsonb_array_length(p_guests) NOT BETWEEN 1 AND 1000 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'p_guests is not a list of 1 to 1000 guests',
            DETAIL = pg_catalog.format('Got %s.', coalesce(pg_catalog.jsonb_typeof(p_guests) || CASE WHEN pg_catalog.jsonb_typeof(p_guests) = 'array'
                                                    THEN ' of ' || pg_catalog.jsonb_array_length(p_guests) ELSE '' END, 'null')),
            HINT = 'Send a JSON array of {"email", "name", "quantity" (default 1), "user_id" (optional)}, at most 1,000 a call.';
    END IF;
    v_event := fashionos.require_tier_visible(p_ticket_tier_id);
    PERFORM fashionos.refuse_unless_runs(fashionos.caller_event_relation(v_event), v_event,
        'not allowed to issue a guest list',
        'The event''s organizers, admins and owners, or server-side code, issue guest lists.');
    -- Every guest is read before any ticket is issued.
    FOR v_guest IN SELECT g.value FROM pg_catalog.jsonb_array_elements(p_guests) g LOOP
        v_n := v_n + 1;
        v_email := fashionos.buyer_key(CASE WHEN pg_catalog.jsonb_typeof(v_guest) = 'object' THEN v_guest ->> 'email' END);
        v_name := fashionos.clean_name(CASE WHEN pg_catalog.jsonb_typeof(v_guest) = 'object' THEN v_guest ->> 'name' END);
        IF pg_catalog.jsonb_typeof(v_guest) <> 'object' OR v_email IS NULL OR NOT fashionos.email_is_plausible(v_email) THEN
            RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'a guest''s email is not an e-mail address',
                DETAIL = pg_catalog.format('Guest %s: %s.', v_n, fashionos.shown(v_guest::text)),
                HINT = 'Each guest is {"email": "ana@example.com", "name": "Ana Duarte"}; nothing was issued.';
        END IF;
        IF pg_catalog.jsonb_typeof(v_guest -> 'name') NOT IN ('string', 'null') THEN
            RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'a guest''s name is not text',
                DETAIL = pg_catalog.format('Guest %s (%s): name is a JSON %s.', v_n, v_email, pg_catalog.jsonb_typeof(v_guest -> 'name')),
                HINT = 'Send the name printed on the ticket as a string, e.g. "Ana Duarte"; nothing was issued.';
        END IF;
        IF v_name IS NULL OR fashionos.attendee_name_problem(v_name) IS NOT NULL THEN
            RAISE EXCEPTION USING ERRCODE = '22023',
                MESSAGE = 'a guest''s name ' || coalesce(fashionos.attendee_name_problem(v_name), 'is missing'),
                DETAIL = pg_catalog.format('Guest %s (%s). %s', v_n, v_email, fashionos.attendee_name_rule()),
                HINT = 'Write the name printed on the ticket; nothing was issued.';
        END IF;
        IF v_guest ? 'quantity' AND (pg_catalog.jsonb_typeof(v_guest -> 'quantity') <> 'number'
                                     OR (v_guest ->> 'quantity')::numeric NOT IN (1, 2, 3, 4, 5, 6, 7, 8, 9, 10)) THEN
            RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'a guest''s quantity is out of range',
                DETAIL = pg_catalog.format('Guest %s (%s): quantity %s; a guest holds 1 to 10 tickets of a tier.', v_n, v_email, v_guest -> 'quantity'),
                HINT = 'Leave quantity out for one ticket; nothing was issued.';
        END IF;
        IF v_guest ? 'user_id' AND pg_catalog.jsonb_typeof(v_guest -> 'user_id') <> 'null'
           AND (v_guest ->> 'user_id') !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
            RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'a guest''s user_id is not a uuid',
                DETAIL = pg_catalog.format('Guest %s (%s): user_id %s.', v_n, v_email, fashionos.shown(v_guest ->> 'user_id')),
                HINT = 'Pass the guest''s account id, or leave user_id out; nothing was issued.';
        END IF;
        IF v_email = ANY (v_seen) THEN
            RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'a guest is listed twice',
                DETAIL = pg_catalog.format('Guest %s repeats %s.', v_n, v_email),
                HINT = 'List each address once, with the number of tickets it holds in quantity (plus-ones); nothing was issued.';
        END IF;
        v_seen := v_seen || v_email;
        v_names := v_names || v_name;
        v_quantities := v_quantities || coalesce(((v_guest ->> 'quantity')::numeric)::integer, 1);
        v_users := v_users || nullif(v_guest ->> 'user_id', '')::uuid;
    END LOOP;
    -- Every address's lock (reserve_tickets' buyer lock), all of them before the first ticket and
    -- in the order of their keys: the same list sent twice at once issues once, two lists that
    -- share addresses take them in one order, and no lock is waited for with the tier's row held
    -- (a buyer takes his lock, then the tier's row).
    FOR v_key IN SELECT DISTINCT fashionos.buyer_lock_key(v_event, e) FROM pg_catalog.unnest(v_seen) AS e ORDER BY 1 LOOP
        PERFORM pg_catalog.pg_advisory_xact_lock(v_key);
    END LOOP;
    FOR v_n IN 1 .. pg_catalog.cardinality(v_seen) LOOP
        v_email := v_seen[v_n];
        v_name := v_names[v_n];
        v_quantity := v_quantities[v_n];
        v_user := v_users[v_n];
        -- what the address holds already (live tickets of the tier), first issued first
        RETURN QUERY
        SELECT v_n, r.attendee_email, r.attendee_name, r.id, r.status, r.qr_code_data,
               (SELECT p.id FROM public.payments p WHERE p.registration_id = r.id), false
          FROM public.registrations r
         WHERE r.ticket_tier_id = p_ticket_tier_id AND r.attendee_email = v_email AND r.status <> 'cancelled'
         ORDER BY r.created_at, r.id
         LIMIT v_quantity;
        GET DIAGNOSTICS v_held = ROW_COUNT;
        CONTINUE WHEN v_held >= v_quantity;
        BEGIN
            RETURN QUERY
            SELECT v_n, v_email, v_name, x.registration_id, x.status, x.qr_code_data, x.payment_id, true
              FROM fashionos.reserve_tickets(p_ticket_tier_id, v_quantity - v_held, v_email, v_name, v_user) x;
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_message = MESSAGE_TEXT,
                                    v_detail = PG_EXCEPTION_DETAIL, v_hint = PG_EXCEPTION_HINT;
            RAISE EXCEPTION USING ERRCODE = v_state, MESSAGE = v_message,
                DETAIL = pg_catalog.format('Guest %s (%s): %s', v_n, v_email, v_detail),
                HINT = coalesce(nullif(v_hint, '') || ' ', '') || 'Nothing of the list was issued.';
        END;
    END LOOP;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.join_waitlist(p_ticket_tier_id uuid, p_attendee_email text, p_attendee_name text)
 RETURNS SETOF public.waitlist_entry
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_email text := fashionos.buyer_key(p_attendee_email);
    v_name text := fashionos.clean_name(p_attendee_name);
    v_tier record;
    v_user uuid;
    v_counts integer[];
    v_waiting integer;
    v_waiting_event integer;
    v_limit record;
    v_token text;
    v fashionos.waitlist_entries;
BEGIN
    IF p_ticket_tier_id IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'p_ticket_tier_id is required',
            DETAIL = 'p_ticket_tier_id was null.', HINT = 'Pass the id of the sold-out tier.';
    END IF;
    IF v_email IS NULL OR NOT fashionos.email_is_plausible(v_email) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'p_attendee_email is not an e-mail address',
            DETAIL = pg_catalog.format('Got %s.', fashionos.shown(p_attendee_email)),
            HINT = 'Pass the attendee''s address, e.g. ana@example.com.';
    END IF;
    IF v_name IS NULL OR fashionos.attendee_name_problem(v_name) IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'p_attendee_name ' || coalesce(fashionos.attendee_name_problem(v_name), 'is empty or too long'),
            DETAIL = fashionos.attendee_name_rule(),
            HINT = 'Pass the name printed on the ticket.';
    END IF;
    SELECT t.event_id, t.name, t.type INTO v_tier
      FROM public.ticket_tiers t WHERE t.id = p_ticket_tier_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'ticket tier not found',
            DETAIL = pg_catalog.format('No ticket tier with id %s.', p_ticket_tier_id), HINT = 'Check the id.';
    END IF;
    -- Whether the event sells before the tier's type: fashionos.not_on_sale_detail names the tier
    -- and its event's status only to the members of its organization (the others cannot read them).
    IF NOT fashionos.event_on_sale(v_tier.event_id) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'event is not on sale',
            DETAIL = fashionos.not_on_sale_detail(v_tier.event_id, v_tier.name),
            HINT = 'Pick an event that is on sale.';
    END IF;
    IF v_tier.type IN ('comp', 'press') THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = pg_catalog.format('%s tickets are issued by the event''s organizers', v_tier.type),
            DETAIL = pg_catalog.format('Tier "%s" is of type %s; it has no waitlist.', v_tier.name, v_tier.type),
            HINT = 'Join the waitlist of a paid or vip tier, or ask the organizers for an invitation.';
    END IF;
    IF EXISTS (SELECT 1 FROM fashionos.closed_tiers k WHERE k.ticket_tier_id = p_ticket_tier_id) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'tier is closed',
            DETAIL = pg_catalog.format('The organizers closed the sale of tier "%s"; it takes no waitlist.', v_tier.name),
            HINT = 'Buy or wait for another tier of the event (ticket_tier_sales lists them).';
    END IF;
    -- the caller's account locked FOR KEY SHARE, as the entry's foreign key takes it: one deleted
    -- meanwhile is waited for, and the entry is then anonymous, never a bare 23503 at the INSERT
    SELECT u.id INTO v_user FROM public.users u WHERE u.id = auth.uid() FOR KEY SHARE;

    -- The buyer's lock of reserve_tickets (limits per buyer): one buyer's reservations and joins
    -- for an event take turns, and the counts below see each other. Then the tier's expired holds
    -- (they may free a ticket), then the tier's row, shared: a release of a ticket (which updates
    -- the row) waits for this join to commit and then offers the ticket to it, or this join waits
    -- for the release and sees the ticket on sale.
    PERFORM pg_catalog.pg_advisory_xact_lock(fashionos.buyer_lock_key(v_tier.event_id, v_email));
    PERFORM fashionos.waitlist_settle(p_ticket_tier_id);
    PERFORM 1 FROM public.ticket_tiers t
     WHERE t.id = p_ticket_tier_id AND t.quantity_sold >= t.quantity_total FOR SHARE;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'tier is not sold out',
            DETAIL = (SELECT pg_catalog.format('Tier "%s" has %s ticket(s) left; the waitlist is for a sold-out tier.',
                                               t.name, t.quantity_total - t.quantity_sold)
                        FROM public.ticket_tiers t WHERE t.id = p_ticket_tier_id),
            HINT = 'Buy a ticket with reserve_tickets.';
    END IF;
    -- A tier without tickets yet (quantity_total 0, how organizers prepare a tier before its sale)
    -- is not sold out: its waitlist would take the first tickets before the sale opens.
    IF (SELECT t.quantity_total FROM public.ticket_tiers t WHERE t.id = p_ticket_tier_id) = 0 THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'tier is not on sale yet',
            DETAIL = (SELECT pg_catalog.format('Tier "%s" has no tickets yet (quantity_total 0): its sale has not opened.', t.name)
                        FROM public.ticket_tiers t WHERE t.id = p_ticket_tier_id),
            HINT = 'Come back when its sale opens: the organizers raise quantity_total then.';
    END IF;

    -- One entry waits for one ticket, and an offer becomes an unpaid ticket on hold: a buyer's
    -- waiting entries and live tickets together stay within each of the event's limits per buyer
    -- (fashionos.event_settings): of the tier (buyer_max_tickets_per_tier), of the event
    -- (buyer_max_tickets), and, with his unpaid tickets on hold, of holds (buyer_max_holds).
    v_counts := fashionos.buyer_live_tickets(v_tier.event_id, v_email, p_ticket_tier_id);
    -- Read through the buyer's index (event, address): a few rows. With the tier and the status in
    -- the condition, the partial index of the tier's waiting entries matches too, and on a table
    -- whose statistics predate its queue (EXPLAIN on a waitlist never analyzed) the planner chose
    -- it and read the whole queue for one buyer.
    SELECT (pg_catalog.count(*) FILTER (WHERE w.ticket_tier_id = p_ticket_tier_id AND w.status = 'waiting'))::integer,
           (pg_catalog.count(*) FILTER (WHERE w.status = 'waiting'))::integer
      INTO v_waiting, v_waiting_event FROM fashionos.waitlist_entries w
     WHERE w.event_id = v_tier.event_id AND w.attendee_email = v_email;
    SELECT l.kind, l.kinds, l.scope, l.what, l.live, l.waiting, l.max INTO v_limit
      FROM fashionos.settings_for(v_tier.event_id) s,
           LATERAL (VALUES (1, 'live ticket(s)', 'live tickets', pg_catalog.format('of tier "%s"', v_tier.name), 'per buyer and tier',
                            v_counts[2], v_waiting, s.buyer_max_tickets_per_tier),
                           (2, 'live ticket(s)', 'live tickets', 'of the event', 'per buyer', v_counts[1], v_waiting_event, s.buyer_max_tickets),
                           (3, 'unpaid ticket(s) on hold', 'unpaid tickets on hold', 'of the event', 'unpaid tickets on hold per buyer',
                            v_counts[3], v_waiting_event, s.buyer_max_holds))
               AS l(n, kind, kinds, scope, what, live, waiting, max)
     WHERE l.live + l.waiting + 1 > l.max
     ORDER BY l.n LIMIT 1;
    IF FOUND THEN
        -- The counts say whether an address holds tickets or waits: they are for the event's
        -- organizers, server-side code and the address's own signed-in user only. Anyone else (anon,
        -- another user) who types an address learns that it is at a limit, not what it holds.
        IF fashionos.caller_runs_event(v_tier.event_id)
           OR EXISTS (SELECT 1 FROM public.users u
                       WHERE u.id = v_user AND fashionos.buyer_key(u.email) = v_email) THEN
            RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'limit per buyer reached',
                DETAIL = pg_catalog.format('The address has %s %s and %s waiting entr%s %s; the event allows %s %s.',
                                           v_limit.live, v_limit.kind, v_limit.waiting, CASE WHEN v_limit.waiting = 1 THEN 'y' ELSE 'ies' END,
                                           v_limit.scope, v_limit.max, v_limit.what),
                HINT = 'Each entry waits for one ticket; leave an entry (leave_waitlist) before joining again.';
        ELSE
            RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'limit per buyer reached',
                DETAIL = pg_catalog.format('This address''s %s and waiting entries %s together reach the event''s limit of %s %s.',
                                           v_limit.kinds, v_limit.scope, v_limit.max, v_limit.what),
                HINT = 'Each entry waits for one ticket: leave an entry (leave_waitlist, with its claim token) before joining again, or sign in as the address''s user to see what it holds (my_tickets, my_waitlist).';
        END IF;
    END IF;

    v_token := 'wl_' || pg_catalog.replace(pg_catalog.gen_random_uuid()::text, '-', '')
                     || pg_catalog.replace(pg_catalog.gen_random_uuid()::text, '-', '');
    INSERT INTO fashionos.waitlist_entries AS w (ticket_tier_id, event_id, user_id, attendee_email, attendee_name, token_hash)
    VALUES (p_ticket_tier_id, v_tier.event_id, v_user, v_email, v_name, fashionos.waitlist_token_hash(v_token))
    RETURNING w.* INTO v;
    RETURN NEXT fashionos.waitlist_entry_row(v, v_token);
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.key_share_event(p_event_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    PERFORM 1 FROM public.events e WHERE e.id = p_event_id FOR KEY SHARE;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'event not found',
            DETAIL = pg_catalog.format('Event %s was deleted meanwhile.', p_event_id),
            HINT = 'Check the id; a deleted event takes its bookings, options and settings with it.';
    END IF;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.key_share_resource(p_resource_type text, p_resource_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v record;  -- a row of fashionos.resource_tables
    v_found boolean;
BEGIN
    SELECT * INTO STRICT v FROM fashionos.resource_tables(p_resource_type);
    EXECUTE pg_catalog.format('SELECT true FROM %s AS r WHERE r.id = $1 FOR KEY SHARE', v.resource_table)
       INTO v_found USING p_resource_id;
    IF v_found IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = pg_catalog.format('%s not found', p_resource_type),
            DETAIL = pg_catalog.format('%s %s was deleted meanwhile.', p_resource_type, p_resource_id),
            HINT = 'Check the id.';
    END IF;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.known_time_zone(p_name text)
 RETURNS boolean
 LANGUAGE c
 STABLE PARALLEL RESTRICTED STRICT
 SET search_path TO 'pg_catalog', 'pg_temp'
AS '$libdir/fashionos', $function$known_time_zone_wrapper$function$;
CREATE OR REPLACE FUNCTION fashionos.leave_waitlist(p_token text DEFAULT NULL::text, p_entry_id uuid DEFAULT NULL::uuid)
 RETURNS SETOF public.waitlist_entry
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v fashionos.waitlist_entries := fashionos.waitlist_entry_of(p_token, p_entry_id, true);
BEGIN
    -- the entry and its offer's hold, then the entry as it is now
    PERFORM fashionos.lock_waitlist_entries(ARRAY[v.id]);
    SELECT * INTO v FROM fashionos.waitlist_entries w WHERE w.id = v.id;
    -- As the entry reads (fashionos.waitlist_entry_row): an open offer whose ticket the organizers
    -- marked paid is the waiter's, as if claimed; a claimed one whose ticket was not paid in time
    -- has lapsed, and leaves as an offer past its deadline does. A claimed ticket refunded or
    -- cancelled since has nothing left to leave: the entry is answered as it is.
    IF (fashionos.waitlist_entry_row(v)).status = 'claimed'
       AND EXISTS (SELECT 1 FROM public.registrations r WHERE r.id = v.registration_id AND r.status <> 'cancelled') THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'offer already claimed',
            DETAIL = pg_catalog.format('Waitlist entry %s claimed its offer: registration %s.', v.id, v.registration_id),
            HINT = 'An unpaid ticket is released when its hold expires; a paid one is cancelled or refunded by the organizers (cancel_registration, refund_payment).';
    ELSIF v.status IN ('waiting', 'offered', 'claimed') AND (fashionos.waitlist_entry_row(v)).status <> 'claimed' THEN
        UPDATE fashionos.waitlist_entries w SET status = 'left', decided_at = pg_catalog.now()
         WHERE w.id = v.id RETURNING w.* INTO v;
        IF v.registration_id IS NOT NULL THEN
            -- Declining an offer ends its hold now; the release passes the ticket to the next entry.
            UPDATE fashionos.registration_holds h SET expires_at = LEAST(h.expires_at, pg_catalog.now())
             WHERE h.registration_id = v.registration_id;
            PERFORM fashionos.release_tier_holds(v.ticket_tier_id);
        END IF;
    END IF;
    RETURN NEXT fashionos.waitlist_entry_row(v);
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.limit_open_slots()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_resource uuid := (pg_catalog.to_jsonb(NEW) ->> TG_ARGV[0])::uuid;
    v_count bigint;
    -- the day the slot starts on (UTC), not the writer's own date column, which may be a day off
    v_day date := (NEW.start_time AT TIME ZONE 'UTC')::date;
BEGIN
    IF fashionos.writer_is_operator() THEN  -- a restore loads the calendar as it was
        RETURN NEW;
    END IF;
    -- an open slot that stays on its day adds nothing to it: a day filled before the cap counted
    -- per UTC day can still be edited (merged, as the refusal advises)
    IF TG_OP = 'UPDATE' AND OLD.event_id IS NULL
       AND (pg_catalog.to_jsonb(OLD) ->> TG_ARGV[0])::uuid = v_resource
       AND (OLD.start_time AT TIME ZONE 'UTC')::date = v_day THEN
        RETURN NEW;
    END IF;
    -- one writer per resource at a time, so two concurrent inserts cannot both take the last slot
    PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended(TG_TABLE_NAME || ':' || v_resource::text, 0));
    EXECUTE pg_catalog.format(
        'SELECT pg_catalog.count(*) FROM public.%I a WHERE a.%I = $1 AND a.event_id IS NULL AND a.id <> $3
            AND a.start_time >= ($2::timestamp AT TIME ZONE ''UTC'') AND a.start_time < (($2 + 1)::timestamp AT TIME ZONE ''UTC'')',
        TG_TABLE_NAME, TG_ARGV[0])
        INTO v_count USING v_resource, v_day, NEW.id;
    IF v_count >= fashionos.max_open_slots_per_day() THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'too many open slots on this day',
            DETAIL = pg_catalog.format('%s %s already has %s open slots (rows of %s without an event) starting on %s (UTC); at most %s a day.',
                                       TG_ARGV[0], v_resource, v_count, TG_TABLE_NAME, pg_catalog.to_char(v_day, 'YYYY-MM-DD'), fashionos.max_open_slots_per_day()),
            HINT = 'Merge slots into longer ones, or delete some first.';
    END IF;
    RETURN NEW;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.links_are_web()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_row jsonb := pg_catalog.to_jsonb(NEW);
    v_column text;
    v_value text;
    v_handle boolean;
BEGIN
    IF fashionos.writer_is_server() THEN
        RETURN NEW;
    END IF;
    FOREACH v_column IN ARRAY TG_ARGV LOOP
        v_handle := v_column LIKE '%:handle';
        v_column := pg_catalog.split_part(v_column, ':', 1);
        v_value := v_row ->> v_column;
        IF v_value IS NOT NULL
           AND NOT (CASE WHEN v_handle THEN fashionos.is_handle_or_web_link(v_value) ELSE fashionos.is_web_link(v_value) END) THEN
            RAISE EXCEPTION USING ERRCODE = '22023',
                MESSAGE = pg_catalog.format('%s.%s is not a %s', TG_TABLE_NAME, v_column,
                                            CASE WHEN v_handle THEN 'handle or web address' ELSE 'web address' END),
                DETAIL = pg_catalog.format('%s of the %s row %s: %s. Clients render it as a link or an image, so it must be %san absolute http or https address, or a path without a scheme, without spaces or invisible characters, of at most 2,048 characters.',
                                           v_column, TG_TABLE_NAME, coalesce(v_row ->> 'id', '(new)'),
                                           fashionos.shown(v_value),
                                           CASE WHEN v_handle THEN 'a handle (@maison_aurele) or ' ELSE '' END),
                HINT = CASE WHEN v_handle THEN 'Send the handle, e.g. @maison_aurele (no spaces), or the profile''s full address; null or an empty text clears it.'
                            ELSE 'Send the full address, e.g. https://example.com/lookbook.pdf, or a path such as /storage/v1/object/public/looks/a.jpg; null or an empty text clears it.' END;
        END IF;
    END LOOP;
    RETURN NEW;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.list_options(p_resource_type text DEFAULT NULL::text, p_resource_id uuid DEFAULT NULL::uuid, p_event_id uuid DEFAULT NULL::uuid)
 RETURNS SETOF public.booking_option
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_server boolean := fashionos.caller_is_server();
    v_org uuid := fashionos.my_org_id();
BEGIN
    IF p_resource_type IS NOT NULL THEN
        PERFORM fashionos.check_bookable_type(p_resource_type, 'optioned', ', or null for all');
    END IF;
    IF auth.uid() IS NULL AND NOT v_server THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'not allowed to list options',
            DETAIL = 'The caller is not signed in.', HINT = 'Sign in.';
    END IF;
    -- The options the caller may see: those of his organization (by an index), and those on the
    -- calendars that are his (his profiles and venues, looked up once), or all for server-side
    -- code; their ranks are computed once per resource, and each row built once.
    RETURN QUERY
    WITH mine AS (
        SELECT 'model'::text AS resource_type, m AS resource_id FROM fashionos.my_model_profile_ids() m
        UNION ALL SELECT 'designer', d FROM fashionos.my_designer_profile_ids() d
        UNION ALL SELECT 'venue', v.id FROM public.venues v WHERE v.owner_id = auth.uid()),
    seen AS (
        SELECT o.* FROM fashionos.options o
         WHERE v_server
           AND (p_resource_type IS NULL OR o.resource_type = p_resource_type)
           AND (p_resource_id IS NULL OR o.resource_id = p_resource_id)
           AND (p_event_id IS NULL OR o.event_id = p_event_id)
        UNION
        SELECT o.* FROM fashionos.options o
         WHERE NOT v_server AND o.organization_id = v_org
           AND (p_resource_type IS NULL OR o.resource_type = p_resource_type)
           AND (p_resource_id IS NULL OR o.resource_id = p_resource_id)
           AND (p_event_id IS NULL OR o.event_id = p_event_id)
        UNION
        SELECT o.* FROM mine m JOIN fashionos.options o ON o.resource_type = m.resource_type AND o.resource_id = m.resource_id
         WHERE NOT v_server
           AND (p_resource_type IS NULL OR o.resource_type = p_resource_type)
           AND (p_resource_id IS NULL OR o.resource_id = p_resource_id)
           AND (p_event_id IS NULL OR o.event_id = p_event_id)),
    ranks AS (
        SELECT r.* FROM (SELECT DISTINCT s.resource_type, s.resource_id FROM seen s) k
         CROSS JOIN LATERAL fashionos.option_ranks(k.resource_type, k.resource_id) r)
    SELECT b.*
      FROM seen o
      LEFT JOIN ranks r ON r.option_id = o.id
     CROSS JOIN LATERAL fashionos.option_row(o::fashionos.options, r.rank) b
     ORDER BY o.resource_type, o.resource_id, pg_catalog.lower(o.during), o.seq;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.list_ticket_exchanges(p_event_id uuid)
 RETURNS SETOF public.ticket_exchange
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    IF NOT fashionos.caller_is_server() THEN
        PERFORM fashionos.require_event_visible(p_event_id);
    END IF;
    RETURN QUERY
    SELECT x.registration_id, o.ticket_tier_id, x.new_registration_id, n.ticket_tier_id, n.attendee_email,
           x.exchanged_at, x.exchanged_by, x.price,
           fashionos.paid_along_amount(x.registration_id)::numeric(10,2),
           d.id, d.amount, d.status, w.id, w.status
      FROM fashionos.ticket_exchanges x
      JOIN public.registrations o ON o.id = x.registration_id
      JOIN public.registrations n ON n.id = x.new_registration_id
      JOIN public.registrations w ON w.id = fashionos.ticket_now(x.new_registration_id)
      LEFT JOIN public.payments d ON d.registration_id = x.new_registration_id
     WHERE n.event_id = p_event_id
     ORDER BY x.exchanged_at, x.registration_id;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.list_waitlist(p_ticket_tier_id uuid)
 RETURNS SETOF public.waitlist_entry
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_event uuid;
    v_staff boolean;
BEGIN
    v_event := fashionos.require_tier_visible(p_ticket_tier_id);
    v_staff := fashionos.caller_runs_event(v_event);
    IF NOT v_staff AND auth.uid() IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'not allowed to list the waitlist',
            DETAIL = 'The caller is not signed in.',
            HINT = 'The event''s organizers see the queue; a buyer checks an entry with waitlist_status and its claim token.';
    END IF;
    -- The organizers read the whole queue: positions are numbered in one pass (each row built
    -- once); a buyer's own entries count theirs.
    RETURN QUERY
    SELECT e.*
      FROM (SELECT w, CASE WHEN v_staff AND w.status = 'waiting'
                           THEN (pg_catalog.count(*) FILTER (WHERE w.status = 'waiting') OVER (ORDER BY w.seq))::integer END AS position
              FROM fashionos.waitlist_entries w
             WHERE w.ticket_tier_id = p_ticket_tier_id
               AND (v_staff OR w.user_id = auth.uid())) q
     CROSS JOIN LATERAL fashionos.waitlist_entry_row(q.w, NULL, q.position) e
     ORDER BY (q.w).seq;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.local_time_text(p_at timestamp with time zone, p_zone text)
 RETURNS text
 LANGUAGE plpgsql
 STABLE PARALLEL SAFE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_offset interval := (p_at AT TIME ZONE p_zone) - (p_at AT TIME ZONE 'UTC');
BEGIN
    -- PL/pgSQL, not SQL: check_in's answer asks it in a statement of its own, and a SQL function
    -- with SET search_path is parsed and planned again at every such call.
    RETURN pg_catalog.to_char(p_at AT TIME ZONE p_zone, 'YYYY-MM-DD HH24:MI:SS') || ' '
           || CASE WHEN v_offset < interval '0' THEN '-' ELSE '+' END
           || pg_catalog.to_char(CASE WHEN v_offset < interval '0' THEN -v_offset ELSE v_offset END, 'HH24:MI') || ' ' || p_zone;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.lock_event_schedule(p_event_id uuid, p_exclusive boolean)
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    IF p_exclusive THEN
        PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('fashionos.event_schedule:' || p_event_id::text, 0));
    ELSE
        PERFORM pg_catalog.pg_advisory_xact_lock_shared(pg_catalog.hashtextextended('fashionos.event_schedule:' || p_event_id::text, 0));
    END IF;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.lock_row_schedules(p_old_event_id uuid, p_new_event_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    PERFORM fashionos.lock_event_schedule(x.e, false)
       FROM (SELECT DISTINCT e FROM (VALUES (p_old_event_id), (p_new_event_id)) AS v (e) WHERE e IS NOT NULL ORDER BY e) AS x;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.lock_task_dependencies(p_event_ids uuid[])
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_event uuid;
BEGIN
    FOR v_event IN SELECT DISTINCT e FROM pg_catalog.unnest(p_event_ids) AS e WHERE e IS NOT NULL ORDER BY 1 LOOP
        PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('fashionos.task_dependencies:' || v_event::text, 0));
    END LOOP;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.lock_waitlist_entries(p_entry_ids uuid[])
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    LOOP
        PERFORM fashionos.lock_offer_hold(x) FROM pg_catalog.unnest(p_entry_ids) WITH ORDINALITY AS u (x, n) ORDER BY n;
        BEGIN
            PERFORM fashionos.locked_waitlist_entry(x) FROM pg_catalog.unnest(p_entry_ids) WITH ORDINALITY AS u (x, n) ORDER BY n;
            RETURN;
        EXCEPTION WHEN SQLSTATE 'FXW02' THEN
            NULL;
        END;
    END LOOP;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.locked_waitlist_entry(p_entry_id uuid)
 RETURNS fashionos.waitlist_entries
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v fashionos.waitlist_entries;
BEGIN
    PERFORM fashionos.lock_offer_hold(p_entry_id);
    SELECT * INTO v FROM fashionos.waitlist_entries w WHERE w.id = p_entry_id FOR UPDATE;
    IF v.registration_id IS NOT NULL THEN
        PERFORM 1 FROM fashionos.registration_holds h WHERE h.registration_id = v.registration_id
            FOR UPDATE SKIP LOCKED;
        IF NOT FOUND AND EXISTS (SELECT 1 FROM fashionos.registration_holds h WHERE h.registration_id = v.registration_id) THEN
            RAISE EXCEPTION USING ERRCODE = 'FXW02', MESSAGE = 'the offer''s hold is in use',
                DETAIL = pg_catalog.format('Another transaction has the hold of the offer to waitlist entry %s.', p_entry_id);
        END IF;
    END IF;
    RETURN v;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.log_registration_change()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    IF TG_OP = 'UPDATE' AND (OLD.status, OLD.checked_in_at, OLD.attendee_name, OLD.ticket_tier_id)
                            IS NOT DISTINCT FROM (NEW.status, NEW.checked_in_at, NEW.attendee_name, NEW.ticket_tier_id) THEN
        RETURN NULL;
    END IF;
    INSERT INTO fashionos.door_changes (event_id, registration_id) VALUES (NEW.event_id, NEW.id);
    RETURN NULL;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.log_revoked_token()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    INSERT INTO fashionos.door_changes (event_id, registration_id, token_hash)
    SELECT r.event_id, r.id, NEW.token_hash FROM public.registrations r WHERE r.id = NEW.registration_id;
    RETURN NULL;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.my_admin_org_id()
 RETURNS uuid
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ BEGIN RETURN fashionos.my_org_id_as('{owner,admin}'); END $function$;
CREATE OR REPLACE FUNCTION fashionos.my_designer_profile_ids()
 RETURNS SETOF uuid
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER ROWS 1
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ BEGIN RETURN QUERY SELECT p.id FROM public.designer_profiles AS p WHERE p.user_id = auth.uid(); END $function$;
CREATE OR REPLACE FUNCTION fashionos.my_model_profile_ids()
 RETURNS SETOF uuid
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER ROWS 1
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ BEGIN RETURN QUERY SELECT p.id FROM public.model_profiles AS p WHERE p.user_id = auth.uid(); END $function$;
CREATE OR REPLACE FUNCTION fashionos.my_org_id()
 RETURNS uuid
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ BEGIN RETURN (SELECT u.organization_id FROM public.users AS u WHERE u.id = auth.uid()); END $function$;
CREATE OR REPLACE FUNCTION fashionos.my_org_id_as(p_roles text[])
 RETURNS uuid
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ BEGIN RETURN (SELECT u.organization_id FROM public.users AS u WHERE u.id = auth.uid() AND u.role = ANY (p_roles)); END $function$;
CREATE OR REPLACE FUNCTION fashionos.my_org_plan()
 RETURNS text
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    RETURN (SELECT o.plan FROM public.users AS u JOIN public.organizations AS o ON o.id = u.organization_id
             WHERE u.id = auth.uid());
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.my_org_user_ids()
 RETURNS SETOF uuid
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER ROWS 50
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    RETURN QUERY SELECT m.id FROM public.users AS m
                  WHERE m.organization_id = (SELECT u.organization_id FROM public.users AS u WHERE u.id = auth.uid());
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.my_role()
 RETURNS text
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ BEGIN RETURN (SELECT u.role FROM public.users AS u WHERE u.id = auth.uid()); END $function$;
CREATE OR REPLACE FUNCTION fashionos.my_schedule(p_from timestamp with time zone)
 RETURNS SETOF public.talent_schedule_item
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_user uuid := fashionos.require_signed_in('my_schedule', 'the castings, call times, bookings and options',
                                               'A model or designer signs in to read her schedule.');
BEGIN
    RETURN QUERY
    WITH mine AS (
        SELECT p.id, 'model'::text AS kind FROM public.model_profiles p WHERE p.user_id = v_user
        UNION ALL
        SELECT d.id, 'designer'::text FROM public.designer_profiles d WHERE d.user_id = v_user),
    items AS (
        -- what the ledger books of her for events: call times and her calendar's bookings (a
        -- confirmed option is one)
        SELECT CASE b.source_table WHEN 'call_times' THEN 'call_time' ELSE 'booking' END AS kind,
               m.id AS profile_id, m.kind AS profile_kind, b.source_id, b.event_id,
               pg_catalog.lower(b.during) AS starts_at, pg_catalog.upper(b.during) AS ends_at,
               b.status, NULL::integer AS rank,
               (SELECT c.location FROM public.call_times c WHERE b.source_table = 'call_times' AND c.id = b.source_id) AS location
          FROM mine m
          JOIN fashionos.bookings b ON b.resource_type = m.kind AND b.resource_id = m.id
         WHERE b.event_id IS NOT NULL
        UNION ALL
        -- the options requested on her that still wait for her answer
        SELECT 'option', m.id, m.kind, o.id, o.event_id, pg_catalog.lower(o.during), pg_catalog.upper(o.during),
               o.status, r.rank, NULL
          FROM mine m
         CROSS JOIN LATERAL fashionos.option_ranks(m.kind, m.id) r
          JOIN fashionos.options o ON o.id = r.option_id
         WHERE o.status = 'open' AND fashionos.option_is_live(o)
        UNION ALL
        -- the shows she is cast in, over the event's time
        SELECT 'casting', m.id, m.kind, c.id, c.event_id, e.start_date, fashionos.event_sales_end(e.start_date, e.end_date),
               c.fitting_status, c.walk_order, NULL
          FROM mine m
          JOIN public.event_models c ON m.kind = 'model' AND c.model_profile_id = m.id
          JOIN public.events e ON e.id = c.event_id
        UNION ALL
        SELECT 'casting', m.id, m.kind, c.id, c.event_id, e.start_date, fashionos.event_sales_end(e.start_date, e.end_date),
               NULL, c.collection_order, NULL
          FROM mine m
          JOIN public.event_designers c ON m.kind = 'designer' AND c.designer_profile_id = m.id
          JOIN public.events e ON e.id = c.event_id)
    SELECT i.kind, i.profile_id, i.profile_kind, i.source_id, i.event_id, e.name, e.status, o.name, s.time_zone,
           i.starts_at, i.ends_at, fashionos.local_time_text(i.starts_at, s.time_zone), i.status, i.rank, i.location
      FROM items i
      JOIN public.events e ON e.id = i.event_id
      JOIN public.organizations o ON o.id = e.organization_id
     CROSS JOIN LATERAL fashionos.settings_for(i.event_id) s
     WHERE i.ends_at > coalesce(p_from, pg_catalog.now())
     ORDER BY i.starts_at, i.kind, i.source_id;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.my_tickets()
 RETURNS SETOF public.my_ticket
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_user uuid := fashionos.require_signed_in('my_tickets', 'the tickets',
        'A ticket bought without signing in is reached through its registration id and token.');
BEGIN
    RETURN QUERY
    SELECT r.id, r.status,
           CASE WHEN r.status <> 'cancelled' THEN r.qr_code_data END,
           r.attendee_name, r.attendee_email, r.checked_in_at, r.created_at,
           t.id, t.name, t.type,
           e.id, e.name, e.status, e.start_date, e.end_date, e.venue_name, e.venue_address,
           o.name, o.slug,
           p.id, p.status, p.amount, p.currency,
           CASE WHEN r.status = 'pending' THEN h.expires_at END,
           CASE WHEN r.status = 'cancelled' THEN NULLIF(fashionos.ticket_now(r.id), r.id) END
      FROM public.registrations r
      JOIN public.ticket_tiers t ON t.id = r.ticket_tier_id
      JOIN public.events e ON e.id = r.event_id
      JOIN public.organizations o ON o.id = e.organization_id
      LEFT JOIN LATERAL (SELECT p.id, p.status, p.amount, p.currency FROM public.payments p
                          WHERE p.registration_id = r.id
                          ORDER BY p.created_at DESC, p.id LIMIT 1) p ON true
      LEFT JOIN fashionos.registration_holds h ON h.registration_id = r.id
     WHERE r.user_id = v_user
     ORDER BY e.start_date, e.id, r.created_at, r.id;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.my_waitlist()
 RETURNS SETOF public.waitlist_entry
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_user uuid := fashionos.require_signed_in('my_waitlist', 'the waitlist entries',
        'An entry joined without signing in is checked with waitlist_status and its claim token.');
BEGIN
    RETURN QUERY
    SELECT e.*
      FROM fashionos.waitlist_entries w
     CROSS JOIN LATERAL fashionos.waitlist_entry_row(w) e
     WHERE w.user_id = v_user
     ORDER BY w.joined_at DESC, w.seq DESC;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.my_write_org_id()
 RETURNS uuid
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ BEGIN RETURN fashionos.my_org_id_as('{owner,admin,organizer}'); END $function$;
CREATE OR REPLACE FUNCTION fashionos.name_key(p_name text)
 RETURNS text
 LANGUAGE c
 IMMUTABLE PARALLEL SAFE STRICT
 SET search_path TO 'pg_catalog', 'pg_temp'
AS '$libdir/fashionos', $function$name_key_wrapper$function$;
CREATE OR REPLACE FUNCTION fashionos.not_on_sale_detail(p_event_id uuid, p_tier_name text)
 RETURNS text
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    RETURN (SELECT CASE WHEN NOT fashionos.caller_member_of_event(e.id)
                THEN 'The event of this tier does not sell tickets now: its sale ended, or it was completed or cancelled.'
                WHEN e.status = ANY (fashionos.on_sale_statuses())
                THEN pg_catalog.format('The event of tier "%s" ended at %s; tickets are sold until an event ends (its end_date, or a day after its start_date when it has none).',
                                       p_tier_name, pg_catalog.to_char(fashionos.event_sales_end(e.start_date, e.end_date) AT TIME ZONE 'UTC',
                                                          'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
                ELSE pg_catalog.format('The event of tier "%s" is %s; tickets are sold while an event is %s.',
                                       p_tier_name, e.status, pg_catalog.array_to_string(fashionos.on_sale_statuses(), ' or '))
           END
      FROM public.events e WHERE e.id = p_event_id);
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.numbers_not_nan()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_row jsonb := pg_catalog.to_jsonb(NEW);
    v_columns text[];
BEGIN
    IF fashionos.writer_is_operator() THEN
        RETURN NEW;
    END IF;
    SELECT pg_catalog.array_agg(c ORDER BY c) INTO v_columns
      FROM pg_catalog.unnest(TG_ARGV) AS c WHERE v_row ->> c = 'NaN';
    RAISE EXCEPTION USING ERRCODE = '22023',
        MESSAGE = pg_catalog.format('%s.%s is not a number', TG_TABLE_NAME, v_columns[1]),
        DETAIL = pg_catalog.format('%s of the %s row %s: NaN.', pg_catalog.array_to_string(v_columns, ', '),
                                   TG_TABLE_NAME, coalesce(v_row ->> 'id', '(new)')),
        HINT = 'Send an amount as a number, e.g. 120.00.';
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.on_availability(p_resource_type text, p_sql text, p_id uuid)
 RETURNS uuid
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_answer uuid;
BEGIN
    EXECUTE pg_catalog.format(p_sql, (SELECT t.availability_table FROM fashionos.resource_tables(p_resource_type) t))
       INTO v_answer USING p_id;
    RETURN v_answer;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.option_to_change(p_option fashionos.options, p_done text, p_from text[], p_hint text)
 RETURNS fashionos.options
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v fashionos.options := fashionos.settled_option(p_option);
    v_live boolean := fashionos.option_is_live(v);
BEGIN
    IF (v.status = p_done AND (v_live OR v.status <> 'confirmed')) OR v.status = ANY (p_from) THEN
        RETURN v;
    END IF;
    RAISE EXCEPTION USING ERRCODE = 'PT409',
        MESSAGE = pg_catalog.format('option %s', CASE WHEN v.status = 'confirmed' AND NOT v_live THEN 'released' ELSE v.status END),
        DETAIL = pg_catalog.format('Option %s is %s and can no longer be %s.', v.id, v.status, p_done),
        -- declining what holds nothing any more (expired, declined, released) needs nothing
        HINT = CASE WHEN p_done = 'declined' AND NOT v_live THEN 'Nothing to do: the option holds nothing any more.'
                    ELSE p_hint END;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.option_to_decide(p_option_id uuid)
 RETURNS fashionos.options
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    IF p_option_id IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'p_option_id is required', DETAIL = 'p_option_id was null.',
            HINT = 'Pass the option_id that request_option or list_options returned.';
    END IF;
    RETURN fashionos.visible_option(p_option_id);
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.organizations_slug_url_safe()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    IF fashionos.writer_is_server() THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION USING ERRCODE = '22023',
        MESSAGE = 'organizations.slug is not URL-safe',
        DETAIL = pg_catalog.format('slug of the organizations row %s: %s. A slug is lowercase letters a-z, digits and single hyphens between them, at most 63 characters.',
                                   NEW.id, fashionos.shown(NEW.slug)),
        HINT = 'Send e.g. maison-aurele.';
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.paid_along_amount(p_registration_id uuid)
 RETURNS numeric
 LANGUAGE plpgsql
 STABLE STRICT
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    RETURN (SELECT coalesce(pg_catalog.sum(p.amount), 0) FROM public.payments p
             WHERE p.status = 'completed' AND p.registration_id IN (SELECT fashionos.paid_along(p_registration_id)));
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.payment_currency()
 RETURNS text
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_default text;
    v_currency text;
BEGIN
    SELECT pg_catalog.pg_get_expr(d.adbin, d.adrelid) INTO v_default
      FROM pg_catalog.pg_attrdef d
      JOIN pg_catalog.pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
     WHERE d.adrelid = 'public.payments'::regclass AND a.attname = 'currency';
    EXECUTE 'SELECT (' || v_default || ')::text' INTO v_currency;
    RETURN v_currency;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.payment_history(p_event_id uuid, p_from timestamp with time zone, p_to timestamp with time zone)
 RETURNS SETOF public.payment_event
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    IF p_from > p_to THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'p_from is after p_to',
            DETAIL = pg_catalog.format('p_from is %s and p_to is %s.', p_from, p_to),
            HINT = 'Pass the start of the period as p_from and its end as p_to, or leave either out.';
    END IF;
    -- The members of the event's organization, any role (they read its payments already: an
    -- accountant need not be able to refund); server-side code also reads the history of an
    -- event deleted since (its entries stay).
    IF NOT fashionos.caller_is_server() THEN
        PERFORM fashionos.require_event_visible(p_event_id);
    END IF;
    RETURN QUERY
    SELECT e.entry_id, e.at, e.payment_id, e.registration_id, e.ticket_tier_id, e.status_before, e.status,
           e.amount, e.currency, e.provider, e.provider_transaction_id, e.reason, e.webhook, e.by_role, e.by_user
      FROM fashionos.payment_events e
     WHERE e.event_id = p_event_id
       AND (p_from IS NULL OR e.at >= p_from)
       AND (p_to IS NULL OR e.at < p_to)
     ORDER BY e.at, e.entry_id;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.payments_ledger()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    INSERT INTO fashionos.payment_events
           (payment_id, registration_id, event_id, ticket_tier_id, status_before, status, amount, currency,
            provider, provider_transaction_id, reason, webhook, by_role, by_user, at)
    SELECT NEW.id, NEW.registration_id, r.event_id, r.ticket_tier_id, OLD.status, NEW.status, NEW.amount,
           NEW.currency, NEW.provider, NEW.provider_transaction_id,
           coalesce(NULLIF(pg_catalog.current_setting('fashionos.payment_reason', true), ''), 'direct write'),
           NULLIF(pg_catalog.current_setting('fashionos.payment_webhook', true), ''),
           coalesce(NULLIF(pg_catalog.current_setting('role', true), 'none'), SESSION_USER::text),
           auth.uid(),
           coalesce(NULLIF(pg_catalog.current_setting('fashionos.payment_at', true), '')::timestamptz,
                    pg_catalog.clock_timestamp())
      FROM public.registrations r
     WHERE r.id = NEW.registration_id;
    RETURN NULL;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.personal_rows_in_use()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_used text;
BEGIN
    IF OLD.user_id IS NULL OR fashionos.caller_is_server()
       OR coalesce(NULLIF(pg_catalog.current_setting('fashionos.deleted_users', true), '')::jsonb
                   OPERATOR(pg_catalog.?) OLD.user_id::text, false)
       OR fashionos.my_admin_org_id() = (SELECT u.organization_id FROM public.users u WHERE u.id = OLD.user_id) THEN
        RETURN OLD;
    END IF;
    -- what the spec's cascades would delete with it (crew, call times, assignments, memberships;
    -- posts, products)
    SELECT pg_catalog.string_agg(pg_catalog.format('%s %s', r.n, r.tbl), ', ' ORDER BY r.tbl) INTO v_used
      FROM fashionos.cascading_rows(TG_RELID, OLD.id) r;
    IF v_used IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409',
            MESSAGE = pg_catalog.format('rows of the organization use this %s', CASE TG_TABLE_NAME WHEN 'stakeholders' THEN 'contact' ELSE 'connection' END),
            DETAIL = pg_catalog.format('%s %s is used by %s; deleting it would delete them, which only owners and admins of the organization do.',
                                       TG_TABLE_NAME, OLD.id, v_used),
            HINT = 'An owner or admin of the organization deletes those rows first; then delete it.';
    END IF;
    RETURN OLD;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.post_times_match_status()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    IF fashionos.writer_is_operator() THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION USING ERRCODE = '22023',
        MESSAGE = pg_catalog.format('a %s post has %s', NEW.status, CASE NEW.status WHEN 'scheduled' THEN 'scheduled_at' ELSE 'published_at' END),
        DETAIL = pg_catalog.format('%s %s: status %s, scheduled_at %s, published_at %s.', TG_TABLE_NAME, NEW.id, NEW.status,
                                   coalesce(NEW.scheduled_at::text, 'null'), coalesce(NEW.published_at::text, 'null')),
        HINT = CASE NEW.status WHEN 'scheduled' THEN 'Send scheduled_at, when the post is to be published, with status scheduled.'
                    ELSE 'Send published_at, when the post went out, with status published.' END;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.prune_history(p_before timestamp with time zone)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_events uuid[];
    v_door_changes bigint;
    v_door_scans bigint;
    v_waitlist bigint;
    v_webhooks bigint;
    v_keys bigint;
BEGIN
    IF NOT fashionos.caller_is_server() THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'not allowed to prune history',
            DETAIL = 'Pruning deletes private rows of every organization''s past events: server-side code (service_role) runs it.',
            HINT = 'Run it with the service key, or from a scheduled job of the database.';
    END IF;
    IF p_before IS NULL OR p_before > pg_catalog.now() - interval '7 days' THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'p_before is too recent',
            DETAIL = pg_catalog.format('p_before is %s; it must be at least 7 days ago.',
                                       coalesce(pg_catalog.to_char(p_before AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                                                p_before::text, 'null')),
            HINT = 'Pass the start of what the retention keeps, e.g. now() - interval ''90 days'': the door data of an event and its refunds and chargebacks outlive the night by days.';
    END IF;

    v_events := ARRAY(SELECT e.id FROM public.events e WHERE coalesce(e.end_date, e.start_date) < p_before ORDER BY e.id);

    DELETE FROM fashionos.door_changes c WHERE c.event_id = ANY (v_events);
    GET DIAGNOSTICS v_door_changes = ROW_COUNT;
    DELETE FROM fashionos.door_scans s WHERE s.event_id = ANY (v_events);
    GET DIAGNOSTICS v_door_scans = ROW_COUNT;
    DELETE FROM fashionos.waitlist_entries w WHERE w.event_id = ANY (v_events);
    GET DIAGNOSTICS v_waitlist = ROW_COUNT;
    DELETE FROM fashionos.webhook_events k
     WHERE k.received_at < LEAST(p_before, pg_catalog.now() - interval '7 days');
    GET DIAGNOSTICS v_webhooks = ROW_COUNT;
    DELETE FROM fashionos.reservation_keys k WHERE k.created_at < pg_catalog.now() - interval '24 hours';
    GET DIAGNOSTICS v_keys = ROW_COUNT;

    RETURN pg_catalog.jsonb_build_object(
        'ended_events', pg_catalog.cardinality(v_events),
        'door_changes', v_door_changes,
        'door_scans', v_door_scans,
        'waitlist_entries', v_waitlist,
        'webhook_events', v_webhooks,
        'reservation_keys', v_keys);
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.put_booking(p_source_table text, p_source_id uuid, p_resource_type text, p_resource_id uuid, p_during tstzrange, p_status text, p_event_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_other fashionos.bookings;
    v_detail text;
    v_hint text := 'Choose another time, or release the colliding booking first. Tentative holds may overlap.';
    v_refused text;
    v_theirs boolean;  -- the row refused is the caller's own to read (his event's, or server-side code's)
    v_try integer := 0;
BEGIN
    IF p_resource_id IS NULL OR p_during IS NULL OR p_status IS NULL THEN
        DELETE FROM fashionos.bookings b WHERE b.source_table = p_source_table AND b.source_id = p_source_id;
        RETURN;
    END IF;
    -- 'infinity' is a value of timestamptz, not a missing bound: a row written directly with it
    -- would book the resource for ever (book_resource refuses it too, check_booking_range).
    IF NOT pg_catalog.isfinite(pg_catalog.lower(p_during)) OR NOT pg_catalog.isfinite(pg_catalog.upper(p_during)) THEN
        IF fashionos.writer_is_operator() THEN
            -- a restore loads a row written before this rule (0.4.0 took it), and books nothing
            RAISE WARNING '% % books nothing: it runs from % to %', p_source_table, p_source_id,
                pg_catalog.lower(p_during), pg_catalog.upper(p_during);
            DELETE FROM fashionos.bookings b WHERE b.source_table = p_source_table AND b.source_id = p_source_id;
            RETURN;
        END IF;
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'unbounded time range',
            DETAIL = pg_catalog.format('%s %s would book %s %s from %s to %s; a booking starts and ends at finite times.',
                                       p_source_table, p_source_id, p_resource_type, p_resource_id,
                                       pg_catalog.lower(p_during), pg_catalog.upper(p_during)),
            HINT = 'Write the times the booking starts and ends.';
    END IF;
    -- Two bookings of one slot inserted at the same moment (ON CONFLICT inserts speculatively)
    -- can each wait for the other's speculative row under the exclusion constraint: PostgreSQL
    -- then aborts one with a deadlock. Its attempt is rolled back with this block, and it tries
    -- again, behind the other: it then meets the other's committed row, a double booking (PT409).
    -- A second attempt first takes the resource's lock (the one book_resource and the options
    -- take, outside the block so that it stays), so that writers that met this way take turns
    -- instead of meeting again.
    <<attempt>>
    LOOP
    v_try := v_try + 1;
    IF v_try > 1 THEN
        PERFORM fashionos.lock_resource_options(p_resource_type, p_resource_id);
    END IF;
    BEGIN
        INSERT INTO fashionos.bookings AS b (source_table, source_id, resource_type, resource_id, during, status, event_id)
        VALUES (p_source_table, p_source_id, p_resource_type, p_resource_id, p_during, p_status, p_event_id)
        ON CONFLICT (source_table, source_id) DO UPDATE
            SET resource_type = EXCLUDED.resource_type, resource_id = EXCLUDED.resource_id,
                during = EXCLUDED.during, status = EXCLUDED.status, event_id = EXCLUDED.event_id
            WHERE (b.resource_type, b.resource_id, b.during, b.status, b.event_id)
                  IS DISTINCT FROM (EXCLUDED.resource_type, EXCLUDED.resource_id, EXCLUDED.during,
                                    EXCLUDED.status, EXCLUDED.event_id);
        EXIT attempt;
    EXCEPTION WHEN deadlock_detected THEN
        IF v_try >= 5 THEN
            RAISE;
        END IF;
        CONTINUE attempt;
    WHEN exclusion_violation THEN
        GET STACKED DIAGNOSTICS v_detail = PG_EXCEPTION_DETAIL;
        SELECT o.* INTO v_other
          FROM fashionos.bookings o
         WHERE o.resource_type = p_resource_type AND o.resource_id = p_resource_id
           AND o.during OPERATOR(pg_catalog.&&) p_during
           AND o.engagement <> coalesce(p_event_id, p_source_id)
           AND o.status IN ('booked', 'blocked')
           AND NOT (o.source_table = p_source_table AND o.source_id = p_source_id)
         ORDER BY pg_catalog.lower(o.during), o.source_table, o.source_id
         LIMIT 1;
        -- the row refused: the caller's own, or one his change recomputed (another organization's
        -- rehearsal, when a venue owner releases or renames), which is not his to read
        v_theirs := p_event_id IS NULL OR fashionos.caller_is_server() OR fashionos.caller_runs_event(p_event_id);
        v_refused := CASE WHEN v_theirs
                          THEN fashionos.describe_booking(p_source_table, p_source_id, p_event_id, p_during, p_status)
                          ELSE 'a booking of an event the caller does not run, recomputed by this change' END;
        IF FOUND AND NOT (fashionos.caller_is_resource(p_resource_type, p_resource_id)
                          OR (v_other.event_id IS NOT NULL AND EXISTS (
                                  SELECT 1 FROM public.events e
                                   WHERE e.id = v_other.event_id AND e.organization_id = fashionos.my_org_id()))) THEN
            -- another organization's booking: only that the resource is busy, and when
            v_detail := pg_catalog.format('The %s is busy during %s (another organization''s booking). Refused: ',
                    p_resource_type, fashionos.range_text(v_other.during))
                || v_refused || '.';
            -- another organization's booking is not the caller's to release
            v_hint := pg_catalog.format('Choose another time: the %s is booked by another organization. Tentative holds may overlap.', p_resource_type);
        ELSIF FOUND THEN
            v_detail := 'Colliding booking: ' || fashionos.describe_booking(
                v_other.source_table, v_other.source_id, v_other.event_id, v_other.during, v_other.status)
                || '. Refused: ' || v_refused || '.';
        ELSE
            -- the colliding row belongs to a transaction that committed after this one's snapshot
            v_detail := 'Colliding booking committed concurrently: ' || coalesce(v_detail, 'unknown') || '.';
        END IF;
        IF NOT v_theirs THEN
            v_hint := 'Undo the change, or ask the organizers of the event whose row would collide to move it first.';
        END IF;
        RAISE EXCEPTION USING
            ERRCODE = 'PT409',
            MESSAGE = pg_catalog.format('%s is already booked', p_resource_type),
            DETAIL = v_detail,
            HINT = v_hint;
    END;
    END LOOP;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.rebuild_bookings()
 RETURNS bigint
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v record;  -- a row of fashionos.resource_map
    v_count bigint;
    v_detail text;
BEGIN
    -- writers of the sources write the ledger too: hold them off until the rebuild commits
    LOCK TABLE fashionos.bookings IN EXCLUSIVE MODE;
    -- after a restore made with triggers disabled, the restored signing keys sign, as after any
    -- restore (fashionos.restored_signing_key did not run)
    PERFORM fashionos.drop_unused_install_keys();
    DELETE FROM fashionos.bookings;
    BEGIN
        -- the availability tables, in the order of fashionos.resource_map
        FOR v IN SELECT * FROM fashionos.resource_map() m WHERE m.availability_table IS NOT NULL LOOP
            EXECUTE pg_catalog.format(
                'INSERT INTO fashionos.bookings (source_table, source_id, resource_type, resource_id, during, status, event_id)
                 SELECT %L, a.id, %L, a.%I, pg_catalog.tstzrange(a.start_time, a.end_time, ''[)''), a.status, a.event_id
                   FROM %s AS a WHERE a.status <> ''available''
                    AND pg_catalog.isfinite(a.start_time) AND pg_catalog.isfinite(a.end_time)',
                (pg_catalog.parse_ident(v.availability_table))[2], v.resource_type, v.availability_column,
                v.availability_table);
        END LOOP;
        -- call times and rehearsals one by one, as their triggers book them: a row that no longer
        -- reads (written before today's reading rules) is refused, or, in the operator's session,
        -- books nothing with a warning (fashionos.writer_is_operator)
        PERFORM fashionos.sync_call_time_booking(ct) FROM public.call_times ct ORDER BY ct.id;
        PERFORM fashionos.sync_rehearsal_booking(r) FROM public.event_rehearsals r ORDER BY r.id;
    EXCEPTION WHEN exclusion_violation THEN
        GET STACKED DIAGNOSTICS v_detail = PG_EXCEPTION_DETAIL;
        RAISE EXCEPTION USING
            ERRCODE = 'PT409',
            MESSAGE = 'the source tables hold a double booking',
            DETAIL = v_detail,
            HINT = 'Release one of the two bookings (set its status to tentative or available, or delete it), then rebuild again.';
    END;
    SELECT pg_catalog.count(*) INTO v_count FROM fashionos.bookings;
    RETURN v_count;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.recount_ticket_tiers(p_event_id uuid)
 RETURNS SETOF public.ticket_inventory
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v record;
BEGIN
    IF NOT fashionos.caller_is_server() THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'not allowed to recount tiers',
            DETAIL = 'quantity_sold is moved by the ticketing functions; a recount mends what was written around them: server-side code (service_role) runs it.',
            HINT = 'Run it with the service key.';
    END IF;
    PERFORM fashionos.require_event_visible(p_event_id);
    -- The tiers' rows first, in one order, as every writer of several tiers takes them: no
    -- purchase moves their counts while they are counted. The count is a later statement, so
    -- that its snapshot has every sale that committed while the locks were awaited (counted in the
    -- same statement as the lock, a sale that committed meanwhile is in the tier's row but not in
    -- the count, and the recount would let the tier be oversold by it).
    PERFORM 1 FROM public.ticket_tiers t WHERE t.event_id = p_event_id ORDER BY t.id FOR NO KEY UPDATE;
    FOR v IN
        SELECT t.id, t.quantity_total, t.quantity_sold,
               (SELECT pg_catalog.count(*) FROM public.registrations r
                 WHERE r.ticket_tier_id = t.id AND r.status <> 'cancelled')::integer AS live
          FROM public.ticket_tiers t
         WHERE t.event_id = p_event_id
         ORDER BY t.id
    LOOP
        CONTINUE WHEN v.live = v.quantity_sold;
        IF v.live > v.quantity_total THEN
            RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'tier is oversold',
                DETAIL = pg_catalog.format('Tier %s has %s live tickets for %s places; nothing was recounted.', v.id, v.live, v.quantity_total),
                HINT = pg_catalog.format('Raise its quantity_total to %s if the room holds them, or cancel the tickets that were written twice (cancel_registration), then recount.', v.live);
        END IF;
        UPDATE public.ticket_tiers SET quantity_sold = v.live WHERE id = v.id;
        -- places the recount frees go to the tier's waitlist first, as any ticket given back
        IF v.live < v.quantity_sold THEN
            PERFORM fashionos.waitlist_offer(v.id, v.quantity_sold - v.live);
        END IF;
        RETURN NEXT (p_event_id, v.id, v.quantity_total, v.quantity_sold, v.live)::public.ticket_inventory;
    END LOOP;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.refuse_booking_for_cancelled_event(p_event_id uuid, p_row text, p_written boolean DEFAULT true)
 RETURNS void
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    IF p_written AND p_event_id IS NOT NULL AND NOT fashionos.writer_is_operator() THEN
        PERFORM fashionos.refuse_cancelled_event(p_event_id,
            pg_catalog.format('Event %s is cancelled: %s would book for a show that is not taking place.', p_event_id, p_row),
            'Set the event''s status back (planning or active) before booking for it; its bookings made before the cancellation stay until released (release_booking) or deleted.');
    END IF;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.refuse_cancelled_event(p_event_id uuid, p_detail text, p_hint text)
 RETURNS void
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    IF EXISTS (SELECT 1 FROM public.events e WHERE e.id = p_event_id AND e.status = 'cancelled') THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'event is cancelled', DETAIL = p_detail, HINT = p_hint;
    END IF;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.refuse_unless_runs(p_relation text, p_event_id uuid, p_message text, p_hint text)
 RETURNS void
 LANGUAGE plpgsql
 IMMUTABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    IF p_relation IS DISTINCT FROM 'runs' THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = p_message,
            DETAIL = pg_catalog.format('The caller is not an organizer, admin or owner of the organization of event %s.', p_event_id),
            HINT = p_hint;
    END IF;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.register_config_dumps()
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_table regclass;
BEGIN
    -- one statement per table: each call rewrites the extension's pg_extension row
    FOR v_table IN SELECT t FROM fashionos.member_relations('{r,S}') AS t
                    WHERE t <> ALL ('{fashionos.bookings, fashionos.door_changes, fashionos.door_database}'::pg_catalog.regclass[]) LOOP
        PERFORM pg_catalog.pg_extension_config_dump(v_table, '');
    END LOOP;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.registration_attendee()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    IF OLD.status IN ('attended', 'cancelled')
       AND NOT pg_catalog.pg_has_role(CURRENT_USER, (SELECT e.extowner FROM pg_catalog.pg_extension e WHERE e.extname = 'fashionos'), 'USAGE') THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409',
            MESSAGE = CASE OLD.status WHEN 'attended' THEN 'a used ticket keeps its attendee' ELSE 'a cancelled ticket keeps its attendee' END,
            DETAIL = pg_catalog.format('Registration %s is %s: its name and address are the record of %s.', OLD.id, OLD.status,
                                       CASE OLD.status WHEN 'attended' THEN 'who came in' ELSE 'the sale' END),
            HINT = CASE OLD.status WHEN 'attended' THEN 'If the scan was a mistake, undo it first (undo_check_in), then correct the name.'
                        ELSE 'Reserve a ticket for the other attendee (reserve_tickets); erase_person removes a person''s data.' END;
    END IF;
    NEW.attendee_email := fashionos.buyer_key(NEW.attendee_email);
    NEW.attendee_name := fashionos.clean_name(NEW.attendee_name);
    IF NOT fashionos.email_is_plausible(NEW.attendee_email) THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'attendee_email is not an e-mail address',
            DETAIL = pg_catalog.format('Got %s.', fashionos.shown(NEW.attendee_email)),
            HINT = 'Write the attendee''s address, e.g. ana@example.com.';
    END IF;
    IF fashionos.attendee_name_problem(NEW.attendee_name) IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'attendee_name ' || fashionos.attendee_name_problem(NEW.attendee_name),
            DETAIL = fashionos.attendee_name_rule(),
            HINT = 'Write the name printed on the ticket.';
    END IF;
    RETURN NEW;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.registration_matches_tier()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_tier_event uuid;
BEGIN
    SELECT event_id INTO v_tier_event FROM public.ticket_tiers WHERE id = NEW.ticket_tier_id;
    IF v_tier_event IS DISTINCT FROM NEW.event_id THEN
        RAISE EXCEPTION USING ERRCODE = '23514',
            MESSAGE = 'registration event does not match its ticket tier',
            DETAIL = format('Ticket tier %s belongs to event %s, the registration names event %s.',
                            NEW.ticket_tier_id, v_tier_event, NEW.event_id),
            HINT = 'Use the ticket tier''s event_id.';
    END IF;
    RETURN NEW;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.rehearsal_venue(p_event_id uuid, p_location text)
 RETURNS TABLE(venue_id uuid, status text)
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_all uuid[];      -- the venues the event books
    v_named uuid[];    -- of those, the ones whose name reads as the location
    v_exact uuid[];    -- of those, the ones written as the location (case and spaces aside)
    v_venue uuid;
BEGIN
    SELECT pg_catalog.array_agg(c.venue_id ORDER BY c.venue_id),
           pg_catalog.array_agg(c.venue_id ORDER BY c.venue_id)
               FILTER (WHERE fashionos.name_key(c.name) = fashionos.name_key(p_location)),
           pg_catalog.array_agg(c.venue_id ORDER BY c.venue_id)
               FILTER (WHERE fashionos.name_key(c.name) = fashionos.name_key(p_location)
                         AND pg_catalog.lower(pg_catalog.btrim(c.name)) = pg_catalog.lower(pg_catalog.btrim(p_location)))
      INTO v_all, v_named, v_exact
      FROM (SELECT DISTINCT va.venue_id, v.name
              FROM public.venue_availability va JOIN public.venues v ON v.id = va.venue_id
             WHERE va.event_id = p_event_id AND va.status <> 'available') c;
    v_venue := CASE WHEN pg_catalog.cardinality(v_all) = 1 THEN v_all[1]
                    WHEN pg_catalog.cardinality(v_named) = 1 THEN v_named[1]
                    WHEN pg_catalog.cardinality(v_exact) = 1 THEN v_exact[1] END;
    IF v_venue IS NULL AND pg_catalog.cardinality(v_named) > 1
       AND EXISTS (SELECT 1 FROM public.events e WHERE e.id = p_event_id AND e.status = 'cancelled') THEN
        NULL;  -- a cancelled show books nothing new: its rehearsal books nothing, and refuses no one's change
    ELSIF v_venue IS NULL AND pg_catalog.cardinality(v_named) > 1
       AND NOT (fashionos.caller_is_server() OR fashionos.caller_runs_event(p_event_id)) THEN
        -- a venue owner's rename, say: another organization's plans are not his to read
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'the change would leave a rehearsal naming several venues',
            DETAIL = 'A rehearsal of an event the caller does not run would then read as the names of several venues that event books.',
            HINT = 'Choose another name; the event''s organizers can write the rehearsal''s location exactly as one venue''s name.';
    ELSIF v_venue IS NULL AND pg_catalog.cardinality(v_named) > 1 THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'the rehearsal''s location names several venues',
            DETAIL = pg_catalog.format('Location %s reads as the names of %s venues event %s books: %s.',
                                       fashionos.shown(p_location), pg_catalog.cardinality(v_named), p_event_id,
                                       pg_catalog.array_to_string(v_named, ', ')),
            HINT = 'Write the location exactly as one venue''s name, or rename one of the venues.';
    END IF;
    RETURN QUERY
    SELECT v_venue, CASE WHEN pg_catalog.bool_or(va.status IN ('booked', 'blocked')) THEN 'booked' ELSE 'tentative' END
      FROM public.venue_availability va
     WHERE va.event_id = p_event_id AND va.venue_id = v_venue AND va.status <> 'available'
    HAVING v_venue IS NOT NULL;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.release_before_sold_out(p_ticket_tier_id uuid)
 RETURNS bigint
 LANGUAGE plpgsql
 STRICT
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_released bigint;
BEGIN
    BEGIN
        v_released := fashionos.release_tier_holds(p_ticket_tier_id);
        IF v_released > 0 OR NOT EXISTS (SELECT 1 FROM fashionos.registration_holds h
                                          WHERE h.ticket_tier_id = p_ticket_tier_id AND h.expires_at <= pg_catalog.now()) THEN
            RETURN v_released;
        END IF;
        -- nothing released, and holds in flight: let go of the tier's row
        RAISE EXCEPTION USING ERRCODE = 'FXW01', MESSAGE = 'expired holds in flight';
    EXCEPTION WHEN SQLSTATE 'FXW01' THEN
        NULL;
    END;
    -- until the transactions that have them end: their holds are then gone (committed) or free
    -- (rolled back); then the release as any other, which takes the tier's row first
    PERFORM 1 FROM fashionos.registration_holds h
     WHERE h.ticket_tier_id = p_ticket_tier_id AND h.expires_at <= pg_catalog.now() FOR UPDATE;
    RETURN fashionos.release_tier_holds(p_ticket_tier_id);
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.release_booking(p_resource_type text, p_booking_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_event uuid;
    v_relation text;
BEGIN
    PERFORM fashionos.check_bookable_type(p_resource_type, 'booked for an event');
    v_event := fashionos.on_availability(p_resource_type, 'SELECT a.event_id FROM %s AS a WHERE a.id = $1', p_booking_id);
    v_relation := CASE WHEN v_event IS NULL THEN 'none' ELSE fashionos.caller_event_relation(v_event) END;
    IF v_relation = 'none' THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'booking not found',
            DETAIL = pg_catalog.format('No %s booking with id %s for an event visible to the caller.', p_resource_type, p_booking_id),
            HINT = 'Pass the id that book_resource returned.';
    END IF;
    PERFORM fashionos.refuse_unless_runs(v_relation, v_event, 'not allowed to release this booking',
        'Organizers, admins and owners of the event''s organization release its bookings.');
    PERFORM fashionos.on_availability(p_resource_type, 'DELETE FROM %s AS a WHERE a.id = $1 RETURNING a.id', p_booking_id);
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.release_option(p_option_id uuid)
 RETURNS SETOF public.booking_option
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v fashionos.options;
BEGIN
    v := fashionos.option_to_decide(p_option_id);
    -- the rows the option and its booking reference, before the option's: a deletion of the event
    -- or the resource in flight (its cascade takes the option) is waited for, then answered 404
    PERFORM fashionos.key_share_event(v.event_id);
    PERFORM fashionos.key_share_resource(v.resource_type, v.resource_id);
    PERFORM fashionos.refuse_unless_runs(fashionos.caller_event_relation(v.event_id), v.event_id,
        'not allowed to release this option',
        'The requesting organization releases its options; the talent or venue owner declines them with decline_option.');
    v := fashionos.option_to_change(v, 'released', '{open,confirmed}', 'Nothing to release.');
    IF v.status = 'released' THEN
        RETURN NEXT fashionos.option_row(v);  -- released already: the same answer
        RETURN;
    END IF;
    -- a confirmed option is a booking: releasing it frees the range
    IF v.status = 'confirmed' AND v.booking_id IS NOT NULL THEN
        PERFORM fashionos.on_availability(v.resource_type, 'DELETE FROM %s AS a WHERE a.id = $1 RETURNING a.id', v.booking_id);
    END IF;
    UPDATE fashionos.options o SET status = 'released', decided_at = pg_catalog.now(), decided_by = auth.uid()
     WHERE o.id = p_option_id;
    RETURN NEXT fashionos.option_row(fashionos.settled_option(v));
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.release_tier_holds(p_ticket_tier_id uuid)
 RETURNS bigint
 LANGUAGE c
 STRICT
 SET search_path TO 'pg_catalog', 'pg_temp'
AS '$libdir/fashionos', $function$release_tier_holds_wrapper$function$;
CREATE OR REPLACE FUNCTION fashionos.request_option(p_resource_type text, p_resource_id uuid, p_event_id uuid, p_start timestamp with time zone, p_end timestamp with time zone, p_expires_at timestamp with time zone DEFAULT NULL::timestamp with time zone)
 RETURNS SETOF public.booking_option
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_expires timestamptz := coalesce(p_expires_at, pg_catalog.now() + fashionos.option_default_expiry());
    v_during tstzrange;
    v_rank integer;
    v fashionos.options;
BEGIN
    PERFORM fashionos.check_bookable_type(p_resource_type, 'optioned');
    IF p_resource_id IS NULL OR p_event_id IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'missing argument',
            DETAIL = 'p_resource_id, p_event_id, p_start and p_end are required.', HINT = 'Pass all four.';
    END IF;
    PERFORM fashionos.check_booking_range(p_start, p_end,
                                          (SELECT s.time_zone FROM fashionos.settings_for(p_event_id) s));
    IF v_expires <= pg_catalog.now() OR v_expires > pg_catalog.now() + fashionos.option_max_expiry() THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'expiry out of range',
            DETAIL = pg_catalog.format('An option expires after now and within %s, not at %s.', fashionos.option_max_expiry(), v_expires),
            HINT = 'Pass p_expires_at in the next 30 days, or null for 72 hours.';
    END IF;
    PERFORM fashionos.require_runs_event(p_event_id, 'not allowed to request options for this event',
                                         'Organizers, admins and owners of the event''s organization request options for it.');
    PERFORM fashionos.require_resource(p_resource_type, p_resource_id);
    -- the rows the option references, locked as its foreign keys take them: a deletion in flight is
    -- waited for and answered 404, not a bare foreign-key violation at the INSERT
    PERFORM fashionos.key_share_event(p_event_id);
    PERFORM fashionos.key_share_resource(p_resource_type, p_resource_id);
    PERFORM fashionos.refuse_cancelled_event(p_event_id,
        pg_catalog.format('Event %s is cancelled: an option would hold the %s for a show that is not taking place.', p_event_id, p_resource_type),
        'Set the event''s status back to planning or active first.');
    v_during := pg_catalog.tstzrange(p_start, p_end, '[)');
    PERFORM fashionos.lock_resource_options(p_resource_type, p_resource_id);
    PERFORM fashionos.settle_options(p_resource_type, p_resource_id);
    IF EXISTS (SELECT 1 FROM fashionos.options o
                WHERE o.resource_type = p_resource_type AND o.resource_id = p_resource_id
                  AND o.event_id = p_event_id AND o.status IN ('open', 'confirmed')
                  AND o.during OPERATOR(pg_catalog.&&) v_during AND fashionos.option_is_live(o)) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'option already requested',
            DETAIL = pg_catalog.format('Event %s already holds a live option on %s %s overlapping [%s, %s).',
                                       p_event_id, p_resource_type, p_resource_id, p_start, p_end),
            HINT = 'Release that option first, or list your options with list_options.';
    END IF;
    SELECT 1 + pg_catalog.count(*)::integer INTO v_rank FROM fashionos.options x
     WHERE x.resource_type = p_resource_type AND x.resource_id = p_resource_id
       AND x.status IN ('open', 'confirmed') AND fashionos.option_stands(x) OPERATOR(pg_catalog.&&) v_during
       AND fashionos.option_in_line(x);
    INSERT INTO fashionos.options AS o (resource_type, resource_id, event_id, organization_id, requested_by,
                                        during, expires_at, requested_rank)
    SELECT p_resource_type, p_resource_id, p_event_id, e.organization_id, auth.uid(), v_during, v_expires, v_rank
      FROM public.events e WHERE e.id = p_event_id
    RETURNING o.* INTO v;
    RETURN NEXT fashionos.option_row(v);
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.require_consent_of(p_option fashionos.options, p_verb text, p_done text, p_hint text)
 RETURNS void
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    IF NOT fashionos.caller_is_resource(p_option.resource_type, p_option.resource_id) THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = pg_catalog.format('not allowed to %s this option', p_verb),
            DETAIL = pg_catalog.format('Option %s is %s by the %s itself (the talent behind the profile, or the venue owner) or server-side code.',
                                       p_option.id, p_done, p_option.resource_type),
            HINT = p_hint;
    END IF;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.require_event_visible(p_event_id uuid)
 RETURNS text
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_relation text := fashionos.caller_event_relation(p_event_id);
BEGIN
    IF v_relation = 'none' THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'event not found',
            DETAIL = pg_catalog.format('No event with id %s is visible to the caller.', p_event_id),
            HINT = 'Check the id, and that the caller belongs to the organization that owns it.';
    END IF;
    RETURN v_relation;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.require_planning_consent(p_resource_type text, p_resource_id uuid, p_event_id uuid, p_during tstzrange, p_what text, p_row text DEFAULT NULL::text)
 RETURNS void
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    -- Whose consent: the event's organization's, whoever's change computes the booking (the
    -- venue owner confirming an option recomputes the event's rehearsals under his own name).
    IF p_resource_id IS NULL OR p_during IS NULL OR fashionos.caller_is_server()
       OR EXISTS (SELECT 1 FROM fashionos.resource_user(p_resource_type, p_resource_id) r
                    JOIN public.users u ON u.id = r.resource_user_id
                    JOIN public.events e ON e.organization_id = u.organization_id
                   WHERE e.id = p_event_id) THEN
        RETURN;
    END IF;
    -- The booked rows together: two adjacent bookings the resource agreed to (12:00-20:00 and
    -- 20:00-23:00) cover a call time across 20:00.
    IF coalesce(CASE p_resource_type
           WHEN 'model' THEN (SELECT pg_catalog.range_agg(pg_catalog.tstzrange(m.start_time, m.end_time))
                                FROM public.model_availability m
                               WHERE m.model_profile_id = p_resource_id AND m.event_id = p_event_id
                                 AND m.status IN ('booked', 'blocked'))
           WHEN 'venue' THEN (SELECT pg_catalog.range_agg(pg_catalog.tstzrange(v.start_time, v.end_time))
                                FROM public.venue_availability v
                               WHERE v.venue_id = p_resource_id AND v.event_id = p_event_id
                                 AND v.status IN ('booked', 'blocked'))
           END @> p_during, false) THEN
        RETURN;
    END IF;
    IF NOT fashionos.caller_runs_event(p_event_id) THEN
        -- the caller's change (a venue owner renaming or confirming) would make another
        -- organization's row book the resource: refused without that organization's plans
        RAISE EXCEPTION USING ERRCODE = 'PT409',
            MESSAGE = pg_catalog.format('the change would book this %s for another organization''s %s', p_resource_type, p_what),
            DETAIL = pg_catalog.format('A %s of an event the caller does not run would then book %s %s at a time its bookings for that event do not cover.',
                                       p_what, p_resource_type, p_resource_id),
            HINT = pg_catalog.format('Keep things as they were; the event''s organizers move the %s or request an option covering it.', p_what);
    END IF;
    RAISE EXCEPTION USING ERRCODE = '42501',
        MESSAGE = pg_catalog.format('not allowed to book this %s with a %s', p_resource_type, p_what),
        DETAIL = pg_catalog.format('%s %s is not controlled by the organization of event %s, and its bookings for that event do not cover %s: a %s books the %s, which needs its consent.%s',
            p_resource_type, p_resource_id, p_event_id, fashionos.range_text(p_during), p_what, p_resource_type,
            coalesce(pg_catalog.format(' The %s: %s.', p_what, p_row), '')),
        HINT = pg_catalog.format('Request an option on the %s for the part of this time its bookings for the event do not cover (request_option); once it is confirmed, the %s may fall within them. Otherwise move the %s (an admin or owner of the event''s organization may delete it).',
            p_resource_type, p_what, p_what);
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.require_rehearsals_kept(p_relied uuid[], p_venues uuid[], p_what text, p_hint text)
 RETURNS void
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_left text;
    v_count integer;
    v_theirs boolean;  -- the caller runs the events of all of them (else their plans are not his to read)
BEGIN
    IF p_relied IS NULL OR fashionos.caller_is_server() THEN
        RETURN;
    END IF;
    SELECT pg_catalog.string_agg(pg_catalog.format('event_rehearsals %s (event %s, %s, %s, location %s, booked venue %s %s)',
                                                   r.id, r.event_id, r.date, fashionos.shown(r.time_slot),
                                                   coalesce(fashionos.shown(r.location), 'none'), x.id, fashionos.shown(x.name)),
                                 '; ' ORDER BY r.date, r.id),
           pg_catalog.count(*), pg_catalog.bool_and(fashionos.caller_runs_event(r.event_id))
      INTO v_left, v_count, v_theirs
      FROM ROWS FROM (pg_catalog.unnest(p_relied), pg_catalog.unnest(p_venues)) AS k (rehearsal_id, venue_id)
      JOIN public.event_rehearsals r ON r.id = k.rehearsal_id
      JOIN public.venues x ON x.id = k.venue_id
     WHERE EXISTS (SELECT 1 FROM public.events e WHERE e.id = r.event_id AND e.status IS DISTINCT FROM 'cancelled')
       AND NOT EXISTS (SELECT 1 FROM fashionos.bookings b
                        WHERE b.source_table = 'event_rehearsals' AND b.source_id = r.id
                          AND b.resource_type = 'venue' AND b.resource_id = k.venue_id);
    IF v_left IS NOT NULL AND v_theirs THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409',
            MESSAGE = 'rehearsals rely on this venue',
            DETAIL = pg_catalog.format('%s would take their venue from rehearsals that book it, leaving them another venue or none: %s.',
                                       p_what, v_left),
            HINT = p_hint;
    ELSIF v_left IS NOT NULL THEN
        -- the caller (a venue owner confirming an option) does not run those events: their
        -- rehearsals are not his to read, nor to change
        RAISE EXCEPTION USING ERRCODE = 'PT409',
            MESSAGE = 'rehearsals rely on this venue',
            DETAIL = pg_catalog.format('%s would take their venue from %s rehearsal(s) of the event that book it, leaving them another venue or none.',
                                       p_what, v_count),
            HINT = 'The event''s organizers write those rehearsals'' location as the name of the venue each keeps (or move them); then this can be done.';
    END IF;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.require_resource(p_resource_type text, p_resource_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    IF NOT (SELECT r.resource_exists FROM fashionos.resource_user(p_resource_type, p_resource_id) r) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = pg_catalog.format('%s not found', p_resource_type),
            DETAIL = pg_catalog.format('No %s with id %s.', p_resource_type, p_resource_id),
            HINT = 'Check the id.';
    END IF;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.require_runs_event(p_event_id uuid, p_message text, p_hint text)
 RETURNS void
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    PERFORM fashionos.refuse_unless_runs(fashionos.require_event_visible(p_event_id), p_event_id, p_message, p_hint);
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.require_signed_in(p_function text, p_what text, p_instead text)
 RETURNS uuid
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_user uuid := auth.uid();
BEGIN
    IF v_user IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'not signed in',
            DETAIL = pg_catalog.format('%s lists %s of the signed-in user; the request names no user.', p_function, p_what),
            HINT = 'Send the user''s access token (Authorization: Bearer). ' || p_instead;
    END IF;
    RETURN v_user;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.require_tier_visible(p_ticket_tier_id uuid)
 RETURNS uuid
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    IF NOT fashionos.caller_sees_tier(p_ticket_tier_id) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'ticket tier not found',
            DETAIL = pg_catalog.format('No ticket tier with id %s.', p_ticket_tier_id), HINT = 'Check the id.';
    END IF;
    RETURN (SELECT t.event_id FROM public.ticket_tiers t WHERE t.id = p_ticket_tier_id);
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.required(p_value anyelement, p_name text)
 RETURNS anyelement
 LANGUAGE plpgsql
 IMMUTABLE PARALLEL SAFE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    IF p_value IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = p_name || ' is required',
            DETAIL = p_name || ' was null.',
            HINT = 'Pass a value for ' || p_name || '; only an argument whose default is null may be null, and an argument with a default may be left out.';
    END IF;
    RETURN p_value;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.resource_user(p_resource_type text, p_resource_id uuid, OUT resource_exists boolean, OUT resource_user_id uuid)
 RETURNS record
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v record;  -- a row of fashionos.resource_tables
BEGIN
    SELECT * INTO v FROM fashionos.resource_tables(p_resource_type);
    resource_exists := false;
    IF v.resource_table IS NOT NULL THEN
        EXECUTE pg_catalog.format('SELECT true, r.%I FROM %s AS r WHERE r.id = $1', v.user_column, v.resource_table)
           INTO resource_exists, resource_user_id USING p_resource_id;
        resource_exists := coalesce(resource_exists, false);
    END IF;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.restored_signing_key()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    PERFORM fashionos.drop_unused_install_keys();
    RETURN NULL;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.retire_signing_key(p_key_id text)
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_key fashionos.signing_keys;
    v_reissued integer;
BEGIN
    IF NOT fashionos.caller_is_server() THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'not allowed to retire a ticket signing key',
            DETAIL = 'Retiring a key reissues the tickets it signed: server-side code (service_role) does it.',
            HINT = 'Call it with the service key.';
    END IF;
    -- The key table alone, until the commit: every transaction that read a key to sign with it
    -- (a reservation, a waitlist offer, an import, a reissue) has committed by the time the lock
    -- is granted, so the tickets it signed are among those reissued below; the ones that start
    -- meanwhile wait, and then sign with the newest key. Also one rotation or retirement at a
    -- time. Signing and verifying pause for the length of the retirement: the lock is asked for
    -- half a second at most (a long import or transaction that signs with the key holds it back;
    -- the buyers queued behind the request wait meanwhile), and the tickets' rows are then taken
    -- without waiting, all of them before any is reissued (a reissue or a check-in holds its
    -- ticket's row and then needs the key table: waiting for it would be a deadlock). Either
    -- refuses the retirement, unchanged and at once, with PT503 (HTTP 503): it is sent again.
    PERFORM pg_catalog.set_config('lock_timeout', '500ms', true);
    BEGIN
        LOCK TABLE fashionos.signing_keys IN ACCESS EXCLUSIVE MODE;
    EXCEPTION WHEN lock_not_available THEN
        RAISE EXCEPTION USING ERRCODE = 'PT503', MESSAGE = 'the signing keys are in use',
            DETAIL = 'A transaction that signs or verifies tickets (a long import, a long-running session) held the key table for half a second; nothing was retired.',
            HINT = 'Send the retirement again in a moment; ticketing_health names long transactions.';
    END;
    PERFORM pg_catalog.set_config('lock_timeout', '0', true);
    SELECT * INTO v_key FROM fashionos.signing_keys k WHERE k.key_id = p_key_id FOR UPDATE;
    IF v_key.key_id IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'signing key not found',
            DETAIL = pg_catalog.format('No ticket signing key has id %s.', coalesce(fashionos.shown(p_key_id), 'NULL')),
            HINT = 'ticket_signing_keys() lists the keys in use, newest first; a token names its key after FOS1.';
    END IF;
    IF v_key.retired_at IS NOT NULL THEN
        RETURN 0;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM fashionos.signing_keys k WHERE k.key_id <> p_key_id AND k.retired_at IS NULL) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'the only signing key is not retired',
            DETAIL = pg_catalog.format('Key %s is the only key that signs: without it no ticket can be issued.', p_key_id),
            HINT = 'Rotate first (rotate_signing_key), then retire the old key.';
    END IF;
    UPDATE fashionos.signing_keys SET retired_at = pg_catalog.now() WHERE key_id = p_key_id;
    -- The tickets it signed that are not cancelled: new tokens of the newest key, the old ones
    -- revoked (a used ticket too: an undone check-in makes it admit again).
    BEGIN
    PERFORM 1 FROM public.registrations r
      WHERE pg_catalog.starts_with(r.qr_code_data, 'FOS1.' || p_key_id || '.')
        AND r.status IN ('pending', 'confirmed', 'attended')
        FOR UPDATE NOWAIT;
    WITH old AS (
        SELECT r.id, r.qr_code_data FROM public.registrations r
         WHERE pg_catalog.starts_with(r.qr_code_data, 'FOS1.' || p_key_id || '.')
           AND r.status IN ('pending', 'confirmed', 'attended')
           FOR UPDATE NOWAIT),
    revoked AS (
        INSERT INTO fashionos.revoked_tokens (token_hash, registration_id, reason)
        SELECT fashionos.token_hash(old.qr_code_data), old.id, 'reissued' FROM old
        ON CONFLICT (token_hash) DO NOTHING)
    UPDATE public.registrations r SET qr_code_data = fashionos.issue_ticket_token(r.id, r.event_id)
      FROM old WHERE r.id = old.id;
    GET DIAGNOSTICS v_reissued = ROW_COUNT;
    EXCEPTION WHEN lock_not_available THEN
        RAISE EXCEPTION USING ERRCODE = 'PT503', MESSAGE = 'a ticket of the key is being changed',
            DETAIL = 'A ticket signed by the key was being changed (checked in, paid, reissued) at that moment; nothing was retired.',
            HINT = 'Send the retirement again in a moment.';
    END;
    RETURN v_reissued;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.rotate_signing_key()
 RETURNS text
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    IF NOT fashionos.caller_is_server() THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'not allowed to rotate the ticket signing key',
            DETAIL = 'The key that signs every ticket and door bundle is changed by server-side code (service_role).',
            HINT = 'Call it with the service key.';
    END IF;
    RETURN fashionos.generate_signing_key();
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.rows_move_with_their_creator()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_money bigint;
BEGIN
    IF NOT fashionos.caller_is_server() OR fashionos.writer_is_operator() THEN
        RETURN NEW;
    END IF;
    IF OLD.organization_id IS DISTINCT FROM NEW.organization_id THEN
        IF TG_TABLE_NAME = 'events' THEN
            PERFORM 1 FROM public.ticket_tiers t WHERE t.event_id = OLD.id ORDER BY t.id FOR SHARE;
            SELECT pg_catalog.count(*) INTO v_money FROM public.registrations r WHERE r.event_id = OLD.id;
        ELSIF TG_TABLE_NAME = 'shoots' THEN
            SELECT pg_catalog.count(*) INTO v_money FROM public.shoot_payments p WHERE p.shoot_id = OLD.id;
        END IF;
        IF v_money > 0 THEN
            RAISE EXCEPTION USING ERRCODE = 'PT409',
                MESSAGE = CASE TG_TABLE_NAME WHEN 'events' THEN 'an event with sales stays in its organization'
                               ELSE 'a shoot with payments stays in its organization' END,
                DETAIL = pg_catalog.format('%s %s has %s %s in organization %s; the update would give them to organization %s.',
                                           CASE TG_TABLE_NAME WHEN 'events' THEN 'Event' ELSE 'Shoot' END, OLD.id, v_money,
                                           CASE TG_TABLE_NAME WHEN 'events' THEN 'registration(s) (tickets sold, held or cancelled, with their payments and payment history)'
                                                ELSE 'crew payment(s)' END,
                                           OLD.organization_id, NEW.organization_id),
                HINT = CASE TG_TABLE_NAME
                    WHEN 'events' THEN 'Tickets and payments stay with the organization that sold them: make a new event in the other organization (import_tickets brings tickets over with their history).'
                    ELSE 'Payments stay with the organization that made them: make a new shoot in the other organization.' END;
        END IF;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM public.users u WHERE u.id = NEW.created_by AND u.organization_id = NEW.organization_id) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409',
            MESSAGE = pg_catalog.format('the %s''s creator is not a member of its organization', pg_catalog.rtrim(TG_TABLE_NAME, 's')),
            DETAIL = pg_catalog.format('%s %s would belong to organization %s with created_by %s, a member of another: nobody in organization %s could edit it (the row policies ask created_by to be one of its members).',
                                       TG_TABLE_NAME, OLD.id, NEW.organization_id, NEW.created_by, NEW.organization_id),
            HINT = pg_catalog.format('Set created_by to a member of organization %s (in the same update when it moves).', NEW.organization_id);
    END IF;
    RETURN NEW;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.rows_stay_in_their_organization()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_from uuid;
    v_to uuid;
    v_key text;
BEGIN
    -- API clients: row level security refuses handing a row to anyone else (42501), and nothing
    -- here may tell them another user's organization first.
    IF NOT fashionos.caller_is_server() THEN
        RETURN NEW;
    END IF;
    IF TG_TABLE_NAME = 'cloudinary_assets' THEN
        SELECT e.organization_id INTO v_from FROM public.assets a JOIN public.events e ON e.id = a.event_id WHERE a.id = OLD.asset_id;
        SELECT e.organization_id INTO v_to FROM public.assets a JOIN public.events e ON e.id = a.event_id WHERE a.id = NEW.asset_id;
    ELSE
        SELECT u.organization_id INTO v_from FROM public.users u WHERE u.id = OLD.user_id;
        SELECT u.organization_id INTO v_to FROM public.users u WHERE u.id = NEW.user_id;
    END IF;
    IF v_from IS NULL OR v_to IS NULL OR v_from = v_to THEN
        RETURN NEW;
    END IF;
    v_key := pg_catalog.to_jsonb(OLD) ->> CASE TG_TABLE_NAME
        WHEN 'instagram_connections' THEN 'instagram_account_id' WHEN 'facebook_connections' THEN 'facebook_page_id'
        WHEN 'shopify_shops' THEN 'shop_domain' WHEN 'amazon_connections' THEN 'seller_id'
        WHEN 'cloudinary_assets' THEN 'public_id' ELSE 'name' END;
    RAISE EXCEPTION USING ERRCODE = 'PT409',
        MESSAGE = pg_catalog.format('a %s stays in its organization', CASE TG_TABLE_NAME WHEN 'stakeholders' THEN 'contact'
                                        WHEN 'cloudinary_assets' THEN 'Cloudinary record' ELSE 'connection' END),
        DETAIL = pg_catalog.format('%s %s (%s) belongs to organization %s; the update would give it, with what is built on it, to organization %s.',
                                   TG_TABLE_NAME, OLD.id, fashionos.shown(v_key), v_from, v_to),
        HINT = CASE WHEN TG_TABLE_NAME = 'stakeholders' THEN 'Add the contact to the other organization as a new row.'
                    WHEN TG_TABLE_NAME = 'cloudinary_assets' THEN 'A public id is recorded once across organizations: upload under a folder of your own (e.g. your-brand/look1) and record that id.'
                    ELSE 'The account is connected in another organization: it deletes its row first, then insert yours (an upsert on the account''s id would take theirs).' END;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.server_timestamps()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    IF fashionos.writer_is_server() THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'INSERT' THEN
        RETURN pg_catalog.jsonb_populate_record(NEW,
            (SELECT pg_catalog.jsonb_object_agg(c, pg_catalog.now()) FROM pg_catalog.unnest(TG_ARGV) AS c));
    END IF;
    RETURN pg_catalog.jsonb_populate_record(NEW, pg_catalog.jsonb_build_object('created_at', OLD.created_at));
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.set_event_settings(p_event_id uuid, p_time_zone text DEFAULT NULL::text, p_walk_min_gap integer DEFAULT NULL::integer, p_hold_minutes integer DEFAULT NULL::integer, p_call_time_minutes integer DEFAULT NULL::integer, p_buyer_max_tickets integer DEFAULT NULL::integer, p_buyer_max_tickets_per_tier integer DEFAULT NULL::integer, p_buyer_max_holds integer DEFAULT NULL::integer, p_waitlist_offer_minutes integer DEFAULT NULL::integer)
 RETURNS SETOF public.event_settings_values
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
        DECLARE
            v_now record;  -- the settings in force: the event's row, or the column defaults
        BEGIN
            PERFORM fashionos.require_runs_event(p_event_id, 'not allowed to change event settings',
                'Sign in as a member of the event''s organization with role organizer, admin or owner.');
            IF p_time_zone IS NOT NULL AND NOT fashionos.is_time_zone(p_time_zone) THEN
                RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'unknown time zone',
                    DETAIL = format('%s is not a name of the time zone database.', fashionos.shown(p_time_zone)),
                    HINT = 'Use an IANA name such as Europe/Paris or America/New_York (not a POSIX rule such as UTC+5, which PostgreSQL reads as five hours west of Greenwich).';
            END IF;
            -- stored as the time zone database spells it (europe/paris is Europe/Paris), the name
            -- door apps and other clients' time zone libraries look up
            p_time_zone := (SELECT z.name FROM pg_catalog.pg_timezone_names z
                             WHERE pg_catalog.lower(z.name) = pg_catalog.lower(p_time_zone) AND z.name !~ '^(posix|right)/'
                             ORDER BY z.name LIMIT 1);
            
            IF p_walk_min_gap IS NOT NULL AND NOT p_walk_min_gap <@ '[1,1001)'::int4range THEN
                RAISE EXCEPTION USING ERRCODE = '23514', MESSAGE = 'p_walk_min_gap is out of range',
                    DETAIL = pg_catalog.format('p_walk_min_gap was %s; it must be from 1 to 1000.', p_walk_min_gap),
                    HINT = 'Pass a whole number from 1 to 1000, or leave p_walk_min_gap out to keep the setting as it is.';
            END IF;
            IF p_hold_minutes IS NOT NULL AND NOT p_hold_minutes <@ '[1,10081)'::int4range THEN
                RAISE EXCEPTION USING ERRCODE = '23514', MESSAGE = 'p_hold_minutes is out of range',
                    DETAIL = pg_catalog.format('p_hold_minutes was %s; it must be from 1 to 10080.', p_hold_minutes),
                    HINT = 'Pass a whole number from 1 to 10080, or leave p_hold_minutes out to keep the setting as it is.';
            END IF;
            IF p_call_time_minutes IS NOT NULL AND NOT p_call_time_minutes <@ '[1,1441)'::int4range THEN
                RAISE EXCEPTION USING ERRCODE = '23514', MESSAGE = 'p_call_time_minutes is out of range',
                    DETAIL = pg_catalog.format('p_call_time_minutes was %s; it must be from 1 to 1440.', p_call_time_minutes),
                    HINT = 'Pass a whole number from 1 to 1440, or leave p_call_time_minutes out to keep the setting as it is.';
            END IF;
            IF p_buyer_max_tickets IS NOT NULL AND NOT p_buyer_max_tickets <@ '[1,10001)'::int4range THEN
                RAISE EXCEPTION USING ERRCODE = '23514', MESSAGE = 'p_buyer_max_tickets is out of range',
                    DETAIL = pg_catalog.format('p_buyer_max_tickets was %s; it must be from 1 to 10000.', p_buyer_max_tickets),
                    HINT = 'Pass a whole number from 1 to 10000, or leave p_buyer_max_tickets out to keep the setting as it is.';
            END IF;
            IF p_buyer_max_tickets_per_tier IS NOT NULL AND NOT p_buyer_max_tickets_per_tier <@ '[1,10001)'::int4range THEN
                RAISE EXCEPTION USING ERRCODE = '23514', MESSAGE = 'p_buyer_max_tickets_per_tier is out of range',
                    DETAIL = pg_catalog.format('p_buyer_max_tickets_per_tier was %s; it must be from 1 to 10000.', p_buyer_max_tickets_per_tier),
                    HINT = 'Pass a whole number from 1 to 10000, or leave p_buyer_max_tickets_per_tier out to keep the setting as it is.';
            END IF;
            IF p_buyer_max_holds IS NOT NULL AND NOT p_buyer_max_holds <@ '[1,10001)'::int4range THEN
                RAISE EXCEPTION USING ERRCODE = '23514', MESSAGE = 'p_buyer_max_holds is out of range',
                    DETAIL = pg_catalog.format('p_buyer_max_holds was %s; it must be from 1 to 10000.', p_buyer_max_holds),
                    HINT = 'Pass a whole number from 1 to 10000, or leave p_buyer_max_holds out to keep the setting as it is.';
            END IF;
            IF p_waitlist_offer_minutes IS NOT NULL AND NOT p_waitlist_offer_minutes <@ '[1,10081)'::int4range THEN
                RAISE EXCEPTION USING ERRCODE = '23514', MESSAGE = 'p_waitlist_offer_minutes is out of range',
                    DETAIL = pg_catalog.format('p_waitlist_offer_minutes was %s; it must be from 1 to 10080.', p_waitlist_offer_minutes),
                    HINT = 'Pass a whole number from 1 to 10080, or leave p_waitlist_offer_minutes out to keep the setting as it is.';
            END IF;
            -- The event's row before the settings row, FOR NO KEY UPDATE: one change of an event's
            -- settings (or of the event itself) at a time; a deletion of the event in flight (its
            -- cascade takes the availability rows this change moves, then the settings row) is
            -- waited for and answered 404 (fashionos.key_share_event, which finds no row then), or
            -- waits for this change, instead of the two waiting for each other; and a change that
            -- arrives while a deletion waits queues behind it (a KEY SHARE would not, and a stream of
            -- changes would keep the deletion waiting).
            PERFORM 1 FROM public.events e WHERE e.id = p_event_id FOR NO KEY UPDATE;
            IF NOT FOUND THEN
                PERFORM fashionos.key_share_event(p_event_id);
            END IF;
            SELECT * INTO v_now FROM fashionos.settings_for(p_event_id);
            INSERT INTO fashionos.event_settings AS s (event_id, time_zone, walk_min_gap, hold_minutes, call_time_minutes, buyer_max_tickets, buyer_max_tickets_per_tier, buyer_max_holds, waitlist_offer_minutes)
            VALUES (p_event_id, coalesce(p_time_zone, v_now.time_zone), coalesce(p_walk_min_gap, v_now.walk_min_gap), coalesce(p_hold_minutes, v_now.hold_minutes), coalesce(p_call_time_minutes, v_now.call_time_minutes), coalesce(p_buyer_max_tickets, v_now.buyer_max_tickets), coalesce(p_buyer_max_tickets_per_tier, v_now.buyer_max_tickets_per_tier), coalesce(p_buyer_max_holds, v_now.buyer_max_holds), coalesce(p_waitlist_offer_minutes, v_now.waitlist_offer_minutes))
            ON CONFLICT ON CONSTRAINT event_settings_pkey DO UPDATE SET time_zone = coalesce(p_time_zone, s.time_zone), walk_min_gap = coalesce(p_walk_min_gap, s.walk_min_gap), hold_minutes = coalesce(p_hold_minutes, s.hold_minutes), call_time_minutes = coalesce(p_call_time_minutes, s.call_time_minutes), buyer_max_tickets = coalesce(p_buyer_max_tickets, s.buyer_max_tickets), buyer_max_tickets_per_tier = coalesce(p_buyer_max_tickets_per_tier, s.buyer_max_tickets_per_tier), buyer_max_holds = coalesce(p_buyer_max_holds, s.buyer_max_holds), waitlist_offer_minutes = coalesce(p_waitlist_offer_minutes, s.waitlist_offer_minutes);
            RETURN QUERY SELECT * FROM fashionos.get_event_settings(p_event_id);
        END
        $function$;
CREATE OR REPLACE FUNCTION fashionos.set_ticket_tier_closed(p_ticket_tier_id uuid, p_closed boolean)
 RETURNS public.ticket_tier_sale
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_tier public.ticket_tiers;
    v_event uuid;
BEGIN
    v_event := fashionos.require_tier_visible(p_ticket_tier_id);
    PERFORM fashionos.refuse_unless_runs(fashionos.caller_event_relation(v_event), v_event,
        CASE WHEN p_closed THEN 'not allowed to close this tier' ELSE 'not allowed to reopen this tier' END,
        'The event''s organizers, admins and owners, or server-side code, open and close its tiers.');
    SELECT * INTO STRICT v_tier FROM public.ticket_tiers t WHERE t.id = p_ticket_tier_id FOR NO KEY UPDATE;
    IF p_closed THEN
        INSERT INTO fashionos.closed_tiers (ticket_tier_id, closed_by)
        VALUES (p_ticket_tier_id, (SELECT u.id FROM public.users u WHERE u.id = auth.uid()))
        ON CONFLICT (ticket_tier_id) DO NOTHING;
    ELSE
        DELETE FROM fashionos.closed_tiers k WHERE k.ticket_tier_id = p_ticket_tier_id;
        IF FOUND AND v_tier.quantity_sold < v_tier.quantity_total THEN
            PERFORM fashionos.waitlist_offer(p_ticket_tier_id, v_tier.quantity_total - v_tier.quantity_sold);
            SELECT * INTO STRICT v_tier FROM public.ticket_tiers t WHERE t.id = p_ticket_tier_id;
        END IF;
    END IF;
    RETURN fashionos.ticket_tier_sale_row(v_tier, true);
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.set_updated_at()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
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
$function$;
CREATE OR REPLACE FUNCTION fashionos.settings_for(p_event_id uuid)
 RETURNS TABLE(time_zone text, walk_min_gap integer, hold_minutes integer, call_time_minutes integer, buyer_max_tickets integer, buyer_max_tickets_per_tier integer, buyer_max_holds integer, waitlist_offer_minutes integer)
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ BEGIN
                RETURN QUERY SELECT coalesce(s.time_zone, 'UTC'::text), coalesce(s.walk_min_gap, 5), coalesce(s.hold_minutes, 15), coalesce(s.call_time_minutes, 240), coalesce(s.buyer_max_tickets, 20), coalesce(s.buyer_max_tickets_per_tier, 10), coalesce(s.buyer_max_holds, 10), coalesce(s.waitlist_offer_minutes, 60) FROM (SELECT 1) AS one LEFT JOIN fashionos.event_settings s ON s.event_id = p_event_id;
            END $function$;
CREATE OR REPLACE FUNCTION fashionos.settle_options(p_resource_type text, p_resource_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    UPDATE fashionos.options o SET status = 'expired', decided_at = o.expires_at
     WHERE o.resource_type = p_resource_type AND o.resource_id = p_resource_id
       AND o.status = 'open' AND o.expires_at <= pg_catalog.now();
    UPDATE fashionos.options o SET promoted_at = pg_catalog.clock_timestamp()
      FROM fashionos.option_ranks(p_resource_type, p_resource_id) r
     WHERE r.option_id = o.id AND r.rank = 1
       AND o.status = 'open' AND o.requested_rank > 1 AND o.promoted_at IS NULL;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.settled_option(p_option fashionos.options)
 RETURNS fashionos.options
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v fashionos.options;
BEGIN
    PERFORM fashionos.lock_resource_options(p_option.resource_type, p_option.resource_id);
    PERFORM fashionos.settle_options(p_option.resource_type, p_option.resource_id);
    SELECT * INTO v FROM fashionos.options o WHERE o.id = p_option.id;
    RETURN v;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.shallow_json(p_value jsonb, p_name text, p_levels integer)
 RETURNS jsonb
 LANGUAGE plpgsql
 IMMUTABLE PARALLEL SAFE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    IF pg_catalog.jsonb_path_exists(p_value, pg_catalog.format('strict $.**{%s}', p_levels)::pg_catalog.jsonpath) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = p_name || ' is nested too deeply',
            DETAIL = pg_catalog.format('%s holds values nested more than %s levels deep.', p_name, p_levels),
            HINT = 'Send the documented shape: a JSON array of flat objects (nested values of your own stay within a few levels).';
    END IF;
    RETURN p_value;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.shoot_payments_kept()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_paid bigint;
BEGIN
    -- The request's role, not the writing role: a cascade (an owner deleting his organization
    -- deletes its shoots and their payments) runs as the tables' owner.
    IF fashionos.caller_is_server() THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_TABLE_NAME = 'shoots' THEN
        SELECT pg_catalog.count(*) INTO v_paid FROM public.shoot_payments p WHERE p.shoot_id = OLD.id AND p.status = 'paid';
        IF v_paid > 0 THEN
            RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'the shoot has paid payments',
                DETAIL = pg_catalog.format('Shoot %s has %s paid shoot_payments; deleting it would delete them.', OLD.id, v_paid),
                HINT = 'Keep the shoot as the record of what was paid; server-side code deletes such records.';
        END IF;
        RETURN OLD;
    END IF;
    -- AFTER INSERT OR UPDATE: the row as written (an upsert's insert that became an update is
    -- checked as the update), paid_at exactly when paid.
    IF TG_WHEN = 'AFTER' THEN
        IF (NEW.status = 'paid') <> (NEW.paid_at IS NOT NULL) THEN
            RAISE EXCEPTION USING ERRCODE = '22023',
                MESSAGE = CASE WHEN NEW.status = 'paid' THEN 'a paid shoot payment says when it was paid' ELSE 'only a paid shoot payment has paid_at' END,
                DETAIL = pg_catalog.format('status %s, paid_at %s.', NEW.status, coalesce(NEW.paid_at::text, 'null')),
                HINT = 'Send status paid with paid_at (when the payment was made, e.g. 2027-03-01T10:00:00Z); leave paid_at out for pending, invoiced and overdue.';
        END IF;
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'paid'
       AND (TG_OP = 'DELETE' OR NEW.amount IS DISTINCT FROM OLD.amount OR NEW.status IS DISTINCT FROM OLD.status
            OR NEW.paid_at IS DISTINCT FROM OLD.paid_at OR NEW.shoot_id IS DISTINCT FROM OLD.shoot_id) THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'a paid shoot payment is a record',
            DETAIL = pg_catalog.format('Shoot payment %s was paid (%s on %s); the request %s.', OLD.id, OLD.amount, OLD.paid_at,
                                       CASE WHEN TG_OP = 'DELETE' THEN 'deletes it' ELSE 'changes its amount, status, payment time or shoot' END),
            HINT = 'Server-side code (the service key) corrects a paid record; its invoice_url may still be set.';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.shopify_shops_domain_is_a_store()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    IF fashionos.writer_is_server() THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION USING ERRCODE = '22023',
        MESSAGE = 'shopify_shops.shop_domain is not a store''s myshopify.com domain',
        DETAIL = pg_catalog.format('shop_domain of the shopify_shops row %s: %s. A store is named by its myshopify.com domain as Shopify writes it: lowercase letters a-z, digits and hyphens, then .myshopify.com.',
                                   NEW.id, fashionos.shown(NEW.shop_domain)),
        HINT = 'Send the shop parameter of Shopify''s OAuth callback, e.g. maison-aurele.myshopify.com.';
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.shown(p_value text)
 RETURNS text
 LANGUAGE c
 IMMUTABLE PARALLEL SAFE STRICT
 SET search_path TO 'pg_catalog', 'pg_temp'
AS '$libdir/fashionos', $function$shown_wrapper$function$;
CREATE OR REPLACE FUNCTION fashionos.sponsors_one_per_company()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_key text := pg_catalog.lower(pg_catalog.btrim(pg_catalog.regexp_replace(pg_catalog.normalize(NEW.company_name, 'NFKC'), '\s+', ' ', 'g')));
    v_lock bigint;
    v_other_id uuid;
    v_other_name text;
    v_ours boolean;
BEGIN
    -- writers of one company of one event take turns, so the second sees the first's row. Ours: this
    -- transaction held the company's lock already, so an earlier row of this same request (a bulk
    -- import that lists the company twice, also inside a savepoint) has it. Asked of the lock table
    -- rather than of the other row's xmin: a 32-bit xmin names a transaction only together with
    -- an epoch, which cannot be told from the row once the counter has wrapped.
    v_lock := pg_catalog.hashtextextended('fashionos.sponsor:' || NEW.event_id::text || ':' || v_key, 0);
    v_ours := EXISTS (SELECT 1 FROM pg_catalog.pg_locks l
                       WHERE l.locktype = 'advisory' AND l.pid = pg_catalog.pg_backend_pid() AND l.granted
                         AND l.objsubid = 1 AND l.mode = 'ExclusiveLock'
                         AND l.classid = ((v_lock >> 32) & 4294967295)::text::oid
                         AND l.objid = (v_lock & 4294967295)::text::oid);
    PERFORM pg_catalog.pg_advisory_xact_lock(v_lock);
    -- the key as the unique index computes it (so the index finds the row)
    SELECT s.id, s.company_name
      INTO v_other_id, v_other_name
      FROM public.sponsors s
     WHERE s.event_id = NEW.event_id AND s.id <> NEW.id
       AND pg_catalog.lower(pg_catalog.btrim(pg_catalog.regexp_replace(pg_catalog.normalize(s.company_name, 'NFKC'), '\s+', ' ', 'g'))) = v_key
     LIMIT 1;
    IF NOT FOUND THEN
        RETURN NEW;
    END IF;
    IF v_ours THEN
        RAISE EXCEPTION USING ERRCODE = '23505', MESSAGE = 'the company is twice in the request',
            DETAIL = pg_catalog.format('%s and %s, for event %s, are one company; nothing of the request was written.',
                                       fashionos.shown(v_other_name), fashionos.shown(NEW.company_name), NEW.event_id),
            HINT = 'Send each company once; names that differ only in case, spaces or width are one company.';
    ELSE
        RAISE EXCEPTION USING ERRCODE = '23505', MESSAGE = 'the company is already in the event''s sponsors',
            DETAIL = pg_catalog.format('Sponsor %s (%s) of event %s is the same company as %s.', v_other_id,
                                       fashionos.shown(v_other_name), NEW.event_id, fashionos.shown(NEW.company_name)),
            HINT = 'Update that row (by its id) instead of adding another; names that differ only in case, spaces or width are one company.';
    END IF;
    RETURN NEW;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.subject_data(p_email text, p_user_id uuid)
 RETURNS jsonb
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_key text := fashionos.subject_key('subject_data', p_email, p_user_id);
    s record;
    v_found jsonb;
    v_named jsonb;
BEGIN
    SELECT * INTO s FROM fashionos.subject_sets(v_key, p_user_id);

    -- Ticketing and its private ledgers.
    v_found := pg_catalog.jsonb_build_object(
        'users', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(u) ORDER BY u.id) FROM public.users u
                            WHERE u.id = p_user_id OR (v_key IS NOT NULL AND fashionos.buyer_key(u.email) = v_key)), '[]'),
        -- a ticket he bought for someone else is his by its user id only: the attendee's name and
        -- address are the other person's, and are left out
        'registrations', coalesce((SELECT pg_catalog.jsonb_agg(
                                              CASE WHEN r.id = ANY (s.attended)
                                                   THEN pg_catalog.to_jsonb(r) - 'qr_code_data'
                                                   ELSE pg_catalog.to_jsonb(r) - 'qr_code_data' - 'attendee_name' - 'attendee_email' END
                                              ORDER BY r.created_at, r.id)
                                    FROM public.registrations r WHERE r.id = ANY (s.registrations)), '[]'),
        'payments', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(p) ORDER BY p.created_at, p.id)
                               FROM public.payments p WHERE p.id = ANY (s.payments)), '[]'),
        'payment_history', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(e) ORDER BY e.at, e.entry_id)
                                      FROM fashionos.payment_events e
                                     WHERE e.payment_id = ANY (s.payments) OR e.registration_id = ANY (s.registrations)
                                        OR e.by_user = p_user_id), '[]'),
        -- an entry he made for someone else: the waiter's name and address are the other person's
        'waitlist', coalesce((SELECT pg_catalog.jsonb_agg(
                                         CASE WHEN w.id = ANY (s.waiting)
                                              THEN pg_catalog.to_jsonb(w) - 'token_hash'
                                              ELSE pg_catalog.to_jsonb(w) - 'token_hash' - 'attendee_name' - 'attendee_email' END
                                         ORDER BY w.joined_at, w.seq)
                               FROM fashionos.waitlist_entries w
                              WHERE w.user_id = p_user_id OR w.id = ANY (s.waiting)
                                 OR w.registration_id = ANY (s.registrations)), '[]'),
        'door_scans', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(d) - 'token_hash' ORDER BY d.scanned_at, d.gate, d.device)
                                 FROM fashionos.door_scans d
                                WHERE d.registration_id = ANY (s.registrations) OR d.synced_by = p_user_id), '[]'),
        'reservation_keys', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(k) - 'request_hash' ORDER BY k.created_at, k.idempotency_key)
                                       FROM fashionos.reservation_keys k WHERE k.registration_ids && s.registrations), '[]'),
        'options', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(o) ORDER BY o.requested_at, o.seq)
                              FROM fashionos.options o
                             WHERE o.requested_by = p_user_id OR o.decided_by = p_user_id
                                OR (o.resource_type = 'model' AND o.resource_id = ANY (s.model_profiles))
                                OR (o.resource_type = 'designer' AND o.resource_id = ANY (s.designer_profiles))
                                OR (o.resource_type = 'venue' AND o.resource_id = ANY (s.venues))), '[]'));

    -- The 52 tables: rows about the person (his profile, contact cards, talent, venues, accounts,
    -- memberships), and contact fields that carry his address.
    v_found := v_found || pg_catalog.jsonb_build_object(
        'stakeholders', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(x) ORDER BY x.created_at, x.id) FROM public.stakeholders x
                                   WHERE x.id = ANY (s.contacts) OR x.user_id = p_user_id), '[]'),
        'event_stakeholders', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(x) ORDER BY x.created_at, x.id) FROM public.event_stakeholders x
                                         WHERE x.stakeholder_id = ANY (s.contacts)), '[]'),
        'sponsors', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                                         'id', x.id, 'event_id', x.event_id, 'company_name', x.company_name,
                                         'contact_name', x.contact_name, 'contact_email', x.contact_email,
                                         'contact_phone', x.contact_phone, 'created_at', x.created_at) ORDER BY x.created_at, x.id)
                                FROM public.sponsors x
                               WHERE v_key IS NOT NULL AND fashionos.buyer_key(x.contact_email) = v_key), '[]'),
        'model_agencies', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(x) ORDER BY x.created_at, x.id) FROM public.model_agencies x
                                     WHERE v_key IS NOT NULL AND fashionos.buyer_key(x.contact_email) = v_key), '[]'),
        'model_profiles', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(x) ORDER BY x.created_at, x.id) FROM public.model_profiles x
                                     WHERE x.id = ANY (s.model_profiles)), '[]'),
        'designer_profiles', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(x) ORDER BY x.created_at, x.id) FROM public.designer_profiles x
                                        WHERE x.id = ANY (s.designer_profiles)), '[]'),
        'model_availability', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(x) ORDER BY x.start_time, x.id) FROM public.model_availability x
                                         WHERE x.model_profile_id = ANY (s.model_profiles)), '[]'),
        'designer_availability', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(x) ORDER BY x.start_time, x.id) FROM public.designer_availability x
                                            WHERE x.designer_profile_id = ANY (s.designer_profiles)), '[]'),
        'event_models', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(x) ORDER BY x.created_at, x.id) FROM public.event_models x
                                   WHERE x.model_profile_id = ANY (s.model_profiles)), '[]'),
        'event_designers', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(x) ORDER BY x.created_at, x.id) FROM public.event_designers x
                                      WHERE x.designer_profile_id = ANY (s.designer_profiles)), '[]'),
        'call_times', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(x) ORDER BY x.date, x.id) FROM public.call_times x
                                 WHERE x.model_profile_id = ANY (s.model_profiles) OR x.stakeholder_id = ANY (s.contacts)), '[]'),
        'venues', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(x) ORDER BY x.created_at, x.id) FROM public.venues x
                             WHERE x.id = ANY (s.venues)), '[]'),
        'venue_availability', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(x) ORDER BY x.start_time, x.id) FROM public.venue_availability x
                                         WHERE x.venue_id = ANY (s.venues)), '[]'),
        'instagram_connections', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(x) - 'access_token' ORDER BY x.created_at, x.id)
                                            FROM public.instagram_connections x WHERE x.user_id = p_user_id), '[]'),
        'facebook_connections', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(x) - 'access_token' ORDER BY x.created_at, x.id)
                                           FROM public.facebook_connections x WHERE x.user_id = p_user_id), '[]'),
        'shopify_shops', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(x) - 'access_token' ORDER BY x.created_at, x.id)
                                    FROM public.shopify_shops x WHERE x.user_id = p_user_id), '[]'),
        'amazon_connections', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(x) - 'access_token' ORDER BY x.created_at, x.id)
                                         FROM public.amazon_connections x WHERE x.user_id = p_user_id), '[]'),
        'organizer_teams', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(x) ORDER BY x.created_at, x.id) FROM public.organizer_teams x
                                      WHERE x.owner_id = p_user_id), '[]'),
        'organizer_team_members', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(x) ORDER BY x.created_at, x.id) FROM public.organizer_team_members x
                                             WHERE x.user_id = p_user_id OR x.stakeholder_id = ANY (s.contacts)), '[]'),
        'task_assignees', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(x) ORDER BY x.created_at, x.id) FROM public.task_assignees x
                                     WHERE x.user_id = p_user_id OR x.stakeholder_id = ANY (s.contacts)), '[]'));

    -- Business records of an organization that name the user as creator, uploader, approver or
    -- assignee: the reference is his, the record is the organization's, so only which record and
    -- which column (and its title) are listed.
    v_named := coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('table', n.tbl, 'column', n.col, 'id', n.id,
                                                                                   'title', n.title, 'created_at', n.created_at)
                                                     ORDER BY n.tbl, n.created_at, n.id)
                           FROM (SELECT 'events' AS tbl, 'created_by' AS col, x.id, x.name AS title, x.created_at FROM public.events x WHERE x.created_by = p_user_id
                                 UNION ALL
                                 SELECT 'campaigns', 'created_by', x.id, x.name, x.created_at FROM public.campaigns x WHERE x.created_by = p_user_id
                                 UNION ALL
                                 SELECT 'shoots', 'created_by', x.id, x.title, x.created_at FROM public.shoots x WHERE x.created_by = p_user_id
                                 UNION ALL
                                 SELECT 'assets', 'uploaded_by', x.id, x.name, x.created_at FROM public.assets x WHERE x.uploaded_by = p_user_id
                                 UNION ALL
                                 SELECT 'shoot_assets', 'approved_by', x.id, NULL, x.created_at FROM public.shoot_assets x WHERE x.approved_by = p_user_id
                                 UNION ALL
                                 SELECT 'tasks', 'assigned_to', x.id, x.title, x.created_at FROM public.tasks x WHERE x.assigned_to = p_user_id) n), '[]');
    RETURN v_found || pg_catalog.jsonb_build_object('named_in', v_named);
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.subject_key(p_function text, p_email text, p_user_id uuid)
 RETURNS text
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_key text;
BEGIN
    IF NOT fashionos.caller_is_server() THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = pg_catalog.format('not allowed to call %s', p_function),
            DETAIL = 'A person''s data across every organization is read and erased by server-side code (service_role) answering his request, once it has checked who asks.',
            HINT = 'Call it from the server with the service key. A signed-in user reads his own rows with my_tickets and my_waitlist; an organization corrects its own records directly.';
    END IF;
    IF p_email IS NULL AND p_user_id IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'pass p_email or p_user_id',
            DETAIL = 'Both p_email and p_user_id were null: nobody is named.',
            HINT = 'Pass the person''s e-mail address, his user id (auth.users.id), or both (a person with an account: both).';
    END IF;
    IF p_email IS NOT NULL THEN
        v_key := fashionos.buyer_key(p_email);
        IF v_key IS NULL OR NOT fashionos.email_is_plausible(v_key) THEN
            RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'p_email is not an e-mail address',
                DETAIL = pg_catalog.format('Got %s.', fashionos.shown(p_email)),
                HINT = 'Pass the address as the person gave it, e.g. ana@example.com, or only p_user_id.';
        END IF;
    END IF;
    RETURN v_key;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.subject_sets(p_key text, p_user_id uuid, OUT registrations uuid[], OUT attended uuid[], OUT waiting uuid[], OUT payments uuid[], OUT contacts uuid[], OUT model_profiles uuid[], OUT designer_profiles uuid[], OUT venues uuid[])
 RETURNS record
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    attended := ARRAY(SELECT r.id FROM public.registrations r
                       WHERE p_key IS NOT NULL AND fashionos.buyer_key(r.attendee_email) = p_key ORDER BY r.id);
    registrations := ARRAY(SELECT x.id FROM pg_catalog.unnest(attended) AS x (id)
                           UNION SELECT r.id FROM public.registrations r WHERE r.user_id = p_user_id
                           ORDER BY 1);
    waiting := ARRAY(SELECT w.id FROM fashionos.waitlist_entries w
                      WHERE p_key IS NOT NULL AND fashionos.buyer_key(w.attendee_email) = p_key ORDER BY w.id);
    payments := ARRAY(SELECT p.id FROM public.payments p
                       WHERE p.registration_id = ANY (registrations) OR p.payer_id = p_user_id
                       ORDER BY p.id);
    contacts := ARRAY(SELECT s.id FROM public.stakeholders s
                       WHERE p_key IS NOT NULL AND fashionos.buyer_key(s.email) = p_key ORDER BY s.id);
    model_profiles := ARRAY(SELECT m.id FROM public.model_profiles m WHERE m.user_id = p_user_id ORDER BY m.id);
    designer_profiles := ARRAY(SELECT d.id FROM public.designer_profiles d WHERE d.user_id = p_user_id ORDER BY d.id);
    venues := ARRAY(SELECT v.id FROM public.venues v WHERE v.owner_id = p_user_id ORDER BY v.id);
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.sweep_expired_holds(p_ticket_tier_ids uuid[])
 RETURNS bigint
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_tier uuid;
    v_sound boolean;
    v_total bigint := 0;
    v_timeout text := pg_catalog.current_setting('lock_timeout');
    v_started timestamptz := pg_catalog.clock_timestamp();
BEGIN
    -- a standby has nothing to release (it replays the primary's releases): said, not answered 0
    IF pg_catalog.pg_is_in_recovery() THEN
        RAISE EXCEPTION USING ERRCODE = '25006', MESSAGE = 'expired holds are released on the primary',
            DETAIL = 'This server is a read-only standby.', HINT = 'Run the job on the primary.';
    END IF;
    FOR v_tier IN
        SELECT DISTINCT h.ticket_tier_id FROM fashionos.registration_holds h
         WHERE h.expires_at <= pg_catalog.now()
           AND (p_ticket_tier_ids IS NULL OR h.ticket_tier_id = ANY (p_ticket_tier_ids))
         ORDER BY 1
    LOOP
        BEGIN
            -- two seconds of waiting in all: past them, a busy tier is passed over at once, so
            -- that a sweep of many busy tiers stays within the API's statement timeout
            PERFORM pg_catalog.set_config('lock_timeout',
                        CASE WHEN pg_catalog.clock_timestamp() - v_started < interval '2 seconds' THEN '200ms' ELSE '1ms' END, true);
            PERFORM 1 FROM public.ticket_tiers t WHERE t.id = v_tier FOR NO KEY UPDATE;
            PERFORM pg_catalog.set_config('lock_timeout', v_timeout, true);
            -- counted after the row is ours (a later statement: a sale committed while it was
            -- awaited is seen)
            SELECT t.quantity_sold >= (SELECT pg_catalog.count(*) FROM fashionos.registration_holds h
                                         JOIN public.registrations r ON r.id = h.registration_id AND r.status = 'pending'
                                         WHERE h.ticket_tier_id = t.id AND h.expires_at <= pg_catalog.now())
              INTO v_sound FROM public.ticket_tiers t WHERE t.id = v_tier;
            IF v_sound THEN
                v_total := v_total + fashionos.release_tier_holds(v_tier);
            END IF;
        EXCEPTION WHEN lock_not_available THEN
            NULL;  -- busy: the next sweep
        END;
    END LOOP;
    RETURN v_total;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.sync_call_time_booking(p_call public.call_times, p_consent boolean DEFAULT false, p_written boolean DEFAULT false)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_zone text;
    v_minutes integer;
    v_during tstzrange;
BEGIN
    PERFORM fashionos.lock_event_schedule(p_call.event_id, false);
    SELECT s.time_zone, s.call_time_minutes INTO v_zone, v_minutes FROM fashionos.settings_for(p_call.event_id) s;
    BEGIN  -- as for rehearsals (fashionos.sync_rehearsal_booking)
        v_during := fashionos.call_time_range(p_call.date, p_call.time, v_minutes, v_zone);
    EXCEPTION WHEN invalid_datetime_format OR datetime_field_overflow THEN
        IF NOT fashionos.unreadable_books_nothing('call_times', p_call.id, p_written, 'call time', SQLERRM) THEN
            RAISE;
        END IF;
        RETURN;
    END;
    IF fashionos.cancelled_event_keeps_only('call_times', p_call.id, p_call.event_id,
           CASE WHEN p_call.model_profile_id IS NOT NULL THEN 'model' ELSE 'stakeholder' END,
           coalesce(p_call.model_profile_id, p_call.stakeholder_id), v_during, 'booked',
           p_consent AND p_call.model_profile_id IS NOT NULL, 'call time',
           pg_catalog.format('call_times %s: %s, %s (%s)', p_call.id, p_call.date, fashionos.shown(p_call.time), v_zone), p_written) THEN
        RETURN;
    END IF;
    IF coalesce(p_call.model_profile_id, p_call.stakeholder_id) IS NOT NULL THEN
        PERFORM fashionos.refuse_booking_for_cancelled_event(p_call.event_id, pg_catalog.format('call time %s', p_call.id), p_written);
    END IF;
    IF p_consent AND p_call.model_profile_id IS NOT NULL THEN  -- crew members are the organization's own
        PERFORM fashionos.require_planning_consent('model', p_call.model_profile_id, p_call.event_id, v_during, 'call time',
            pg_catalog.format('call_times %s: %s, %s (%s)', p_call.id, p_call.date, fashionos.shown(p_call.time), v_zone));
    END IF;
    PERFORM fashionos.put_booking(
        'call_times', p_call.id,
        CASE WHEN p_call.model_profile_id IS NOT NULL THEN 'model' ELSE 'stakeholder' END,
        coalesce(p_call.model_profile_id, p_call.stakeholder_id),
        v_during, 'booked', p_call.event_id);
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.sync_event_bookings(p_event_id uuid, p_call_times boolean)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_rehearsal public.event_rehearsals;
    v_call public.call_times;
BEGIN
    -- after the writers of single rows in flight, and before the next ones read the settings
    PERFORM fashionos.lock_event_schedule(p_event_id, true);
    -- an event being deleted takes its rehearsals and call times with it: nothing to recompute
    IF NOT EXISTS (SELECT 1 FROM public.events e WHERE e.id = p_event_id) THEN
        RETURN;
    END IF;
    FOR v_rehearsal IN SELECT * FROM public.event_rehearsals r WHERE r.event_id = p_event_id ORDER BY r.id LOOP
        PERFORM fashionos.sync_rehearsal_booking(v_rehearsal, true);
    END LOOP;
    IF p_call_times THEN
        FOR v_call IN SELECT * FROM public.call_times c WHERE c.event_id = p_event_id ORDER BY c.id LOOP
            PERFORM fashionos.sync_call_time_booking(v_call, true);
        END LOOP;
    END IF;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.sync_event_dates(p_event_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_zone text := (SELECT s.time_zone FROM fashionos.settings_for(p_event_id) s);
    v_table text;
BEGIN
    -- The rows that move, of every availability table, locked before the first UPDATE: an UPDATE's
    -- triggers take the event's schedule, and a write of another row of the event (a release of a
    -- model's booking) that locked its row and waits for the schedule must not be waited for with
    -- the schedule held.
    FOR v_table IN SELECT m.availability_table FROM fashionos.resource_map() m WHERE m.availability_table IS NOT NULL LOOP
        EXECUTE pg_catalog.format(
            'SELECT 1 FROM %s a WHERE a.event_id = $1 AND a.date IS DISTINCT FROM (a.start_time AT TIME ZONE $2)::date
              ORDER BY a.id FOR UPDATE', v_table)
        USING p_event_id, v_zone;
    END LOOP;
    -- the availability tables, in the order of fashionos.resource_map
    FOR v_table IN SELECT m.availability_table FROM fashionos.resource_map() m WHERE m.availability_table IS NOT NULL LOOP
        EXECUTE pg_catalog.format(
            'UPDATE %s a SET date = (a.start_time AT TIME ZONE $2)::date
              WHERE a.event_id = $1 AND a.date IS DISTINCT FROM (a.start_time AT TIME ZONE $2)::date', v_table)
        USING p_event_id, v_zone;
    END LOOP;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.sync_rehearsal_booking(p_rehearsal public.event_rehearsals, p_consent boolean DEFAULT false, p_written boolean DEFAULT false)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_zone text;
    v_during tstzrange;
    v_venue uuid;
    v_status text;
BEGIN
    PERFORM fashionos.lock_event_schedule(p_rehearsal.event_id, false);
    SELECT s.time_zone INTO v_zone FROM fashionos.settings_for(p_rehearsal.event_id) s;
    -- Read the slot even when no venue is booked: a slot written unreadable is refused (22007).
    -- A slot that books nothing because it no longer reads (loaded by a restore from before
    -- today's reading rules) stays so, with a warning, when its booking is computed again for
    -- another reason (a change of the event's settings or venues, a rebuild), instead of refusing
    -- the change of someone who did not write it; and the operator's own session loads one.
    BEGIN
        v_during := fashionos.time_slot_range(p_rehearsal.date, p_rehearsal.time_slot, v_zone);
    EXCEPTION WHEN invalid_datetime_format OR datetime_field_overflow THEN
        IF NOT fashionos.unreadable_books_nothing('event_rehearsals', p_rehearsal.id, p_written, 'rehearsal', SQLERRM) THEN
            RAISE;
        END IF;
        RETURN;
    END;
    SELECT rv.venue_id, rv.status INTO v_venue, v_status
      FROM fashionos.rehearsal_venue(p_rehearsal.event_id, p_rehearsal.location) rv;
    IF fashionos.cancelled_event_keeps_only('event_rehearsals', p_rehearsal.id, p_rehearsal.event_id, 'venue', v_venue, v_during,
           v_status, p_consent AND v_status = 'booked', 'rehearsal',
           pg_catalog.format('event_rehearsals %s: %s, %s (%s)', p_rehearsal.id, p_rehearsal.date,
                             fashionos.shown(p_rehearsal.time_slot), v_zone), p_written) THEN
        RETURN;
    END IF;
    IF v_venue IS NOT NULL THEN
        PERFORM fashionos.refuse_booking_for_cancelled_event(p_rehearsal.event_id,
            pg_catalog.format('rehearsal %s', p_rehearsal.id), p_written);
    END IF;
    IF p_consent AND v_status = 'booked' THEN  -- a tentative hold books nothing
        PERFORM fashionos.require_planning_consent('venue', v_venue, p_rehearsal.event_id, v_during, 'rehearsal',
            pg_catalog.format('event_rehearsals %s: %s, %s (%s)', p_rehearsal.id, p_rehearsal.date,
                              fashionos.shown(p_rehearsal.time_slot), v_zone));
    END IF;
    PERFORM fashionos.put_booking('event_rehearsals', p_rehearsal.id, 'venue', v_venue, v_during,
                                  v_status, p_rehearsal.event_id);
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.take_waitlist_offers(p_limit integer DEFAULT 100)
 RETURNS SETOF public.waitlist_offer_notice
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    IF NOT fashionos.caller_is_server() THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'not allowed to take waitlist offers',
            DETAIL = 'The notices carry the waiters'' e-mail addresses: server-side code (service_role) takes them.',
            HINT = 'Call it from the server that sends the mail, with the service key.';
    END IF;
    IF p_limit IS NULL OR p_limit NOT BETWEEN 1 AND 1000 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'p_limit out of range',
            DETAIL = pg_catalog.format('p_limit is %s; between 1 and 1000 notices are taken at once.', coalesce(p_limit::text, 'null')),
            HINT = 'Pass p_limit between 1 and 1000 (default 100), and call again for the rest.';
    END IF;
    -- A hold or an offer that ran out passes its ticket to the next waiter only when it is
    -- released, and the only traffic of a sold-out tier (walk-ins refused "sold out") rolls its
    -- own release back. The tiers someone waits for are released here first, so that the
    -- mailer's loop keeps every queue moving by itself.
    -- (a tier whose row another transaction holds is passed over, not waited for: one producer's
    -- busy tier does not hold back the notices of the others)
    PERFORM fashionos.sweep_expired_holds(ARRAY(
        SELECT DISTINCT h.ticket_tier_id FROM fashionos.registration_holds h
         WHERE h.expires_at <= pg_catalog.now()
           AND EXISTS (SELECT 1 FROM fashionos.waitlist_entries w
                        WHERE w.ticket_tier_id = h.ticket_tier_id AND w.status IN ('waiting', 'offered'))));
    RETURN QUERY
    WITH taken AS (
        SELECT w.id FROM fashionos.waitlist_entries w
         WHERE w.status = 'offered' AND w.noticed_at IS NULL
           AND EXISTS (SELECT 1 FROM fashionos.registration_holds h
                        WHERE h.registration_id = w.registration_id AND h.expires_at > pg_catalog.now())
           -- an offer of an event off sale cannot be claimed: its notice waits until it is back
           AND fashionos.event_on_sale(w.event_id)
         ORDER BY w.offered_at, w.seq
         LIMIT p_limit
           FOR UPDATE OF w SKIP LOCKED
    ), noticed AS (
        UPDATE fashionos.waitlist_entries w SET noticed_at = pg_catalog.now()
          FROM taken WHERE w.id = taken.id
        RETURNING w.*
    )
    SELECT n.id, n.event_id, e.name, n.ticket_tier_id, t.name, n.user_id, n.attendee_email, n.attendee_name,
           h.expires_at
      FROM noticed n
      JOIN public.events e ON e.id = n.event_id
      JOIN public.ticket_tiers t ON t.id = n.ticket_tier_id
      JOIN fashionos.registration_holds h ON h.registration_id = n.registration_id
     ORDER BY n.offered_at, n.seq;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.talent_names(p_profile_ids uuid[])
 RETURNS SETOF public.talent_name
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    IF auth.uid() IS NULL AND NOT fashionos.caller_is_server() THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'not signed in',
            DETAIL = 'The talent directory (model and designer profiles, and their names) is read by signed-in users.',
            HINT = 'Send the user''s access token (Authorization: Bearer).';
    END IF;
    IF pg_catalog.cardinality(p_profile_ids) > 1000 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'too many profile ids',
            DETAIL = pg_catalog.format('p_profile_ids has %s ids; one call names at most 1000.', pg_catalog.cardinality(p_profile_ids)),
            HINT = 'Ask for the profiles of one page at a time.';
    END IF;
    RETURN QUERY
        SELECT m.id, 'model'::text, m.user_id, u.full_name, u.avatar_url
          FROM public.model_profiles m JOIN public.users u ON u.id = m.user_id
         WHERE m.id = ANY (p_profile_ids)
        UNION ALL
        SELECT d.id, 'designer'::text, d.user_id, u.full_name, u.avatar_url
          FROM public.designer_profiles d JOIN public.users u ON u.id = d.user_id
         WHERE d.id = ANY (p_profile_ids)
        ORDER BY 1;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.task_dependency_cycle(p_event_id uuid)
 RETURNS uuid[]
 LANGUAGE c
 STABLE PARALLEL SAFE STRICT
 SET search_path TO 'pg_catalog', 'pg_temp'
AS '$libdir/fashionos', $function$task_dependency_cycle_wrapper$function$;
CREATE OR REPLACE FUNCTION fashionos.tasks_dependencies_hold()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_changed uuid[];   -- the rows whose dependencies grew, or that moved to another event
    v_events uuid[];    -- their events, before and after
    v_event uuid;
    v_task uuid;
    v_other uuid;
    v_problem text;
    v_cycle uuid[];
BEGIN
    IF fashionos.writer_is_operator() THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        SELECT pg_catalog.array_agg(n.id), pg_catalog.array_agg(DISTINCT n.event_id)
          INTO v_changed, v_events
          FROM new_tasks n WHERE pg_catalog.cardinality(n.dependency_task_ids) > 0;
    ELSE
        -- a list that only loses ids breaks no rule it kept; a move does (its dependents)
        SELECT pg_catalog.array_agg(n.id), pg_catalog.array_agg(DISTINCT n.event_id) || pg_catalog.array_agg(DISTINCT o.event_id)
          INTO v_changed, v_events
          FROM new_tasks n JOIN old_tasks o ON o.id = n.id
         WHERE n.event_id <> o.event_id
            OR (n.dependency_task_ids IS DISTINCT FROM o.dependency_task_ids  -- a title or status alone: nothing to read
                AND EXISTS (SELECT pg_catalog.unnest(n.dependency_task_ids)
                            EXCEPT ALL
                            SELECT pg_catalog.unnest(o.dependency_task_ids)));
    END IF;
    IF v_changed IS NULL THEN
        RETURN NULL;
    END IF;
    -- what each list holds
    SELECT t.id, CASE WHEN pg_catalog.array_ndims(t.dependency_task_ids) > 1 THEN 'nested'
                      WHEN pg_catalog.array_position(t.dependency_task_ids, NULL) IS NOT NULL THEN 'null'
                      WHEN t.id = ANY (t.dependency_task_ids) THEN 'itself'
                      ELSE 'twice' END
      INTO v_task, v_problem
      FROM public.tasks t
     WHERE t.id = ANY (v_changed)
       AND (pg_catalog.array_ndims(t.dependency_task_ids) > 1
            OR pg_catalog.array_position(t.dependency_task_ids, NULL) IS NOT NULL
            OR t.id = ANY (t.dependency_task_ids)
            OR pg_catalog.cardinality(t.dependency_task_ids)
               <> (SELECT pg_catalog.count(DISTINCT d) FROM pg_catalog.unnest(t.dependency_task_ids) AS d))
     ORDER BY t.id LIMIT 1;
    IF v_problem = 'nested' THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'task dependencies are a list',
            DETAIL = pg_catalog.format('Task %s has dependency_task_ids of %s dimensions.', v_task,
                                       (SELECT pg_catalog.array_ndims(t.dependency_task_ids) FROM public.tasks t WHERE t.id = v_task)),
            HINT = 'Send a flat array of the ids of the tasks it waits for, e.g. ["<task id>", "<task id>"], or an empty array.';
    ELSIF v_problem = 'null' THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'a task dependency is null',
            DETAIL = pg_catalog.format('Task %s lists a null among its dependency_task_ids.', v_task),
            HINT = 'Send the ids of the tasks it waits for, or an empty array.';
    ELSIF v_problem = 'itself' THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'a task cannot depend on itself',
            DETAIL = pg_catalog.format('Task %s lists its own id among its dependency_task_ids.', v_task),
            HINT = 'Remove its own id from dependency_task_ids.';
    ELSIF v_problem = 'twice' THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'a task dependency is listed twice',
            DETAIL = pg_catalog.format('Task %s lists one id twice among its dependency_task_ids.', v_task),
            HINT = 'Name each task it waits for once.';
    END IF;
    PERFORM fashionos.lock_task_dependencies(v_events);
    -- a task that others of its old event wait for does not move (they would wait across events)
    IF TG_OP = 'UPDATE' THEN
        SELECT x.id, n.id, o.event_id INTO v_other, v_task, v_event
          FROM new_tasks n JOIN old_tasks o ON o.id = n.id
          JOIN public.tasks x ON x.event_id = o.event_id AND n.id = ANY (x.dependency_task_ids)
         WHERE n.event_id <> o.event_id
         ORDER BY n.id, x.id LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'other tasks of the event depend on this task',
                DETAIL = pg_catalog.format('Task %s of event %s waits for task %s, which would move to another event.',
                                           v_other, v_event, v_task),
                HINT = 'Remove the task from the dependency_task_ids of the tasks that wait for it, then move it.';
        END IF;
    END IF;
    SELECT t.id, t.event_id, d INTO v_task, v_event, v_other
      FROM public.tasks t CROSS JOIN LATERAL pg_catalog.unnest(t.dependency_task_ids) AS d
     WHERE t.id = ANY (v_changed)
       AND NOT EXISTS (SELECT 1 FROM public.tasks x WHERE x.id = d AND x.event_id = t.event_id)
     ORDER BY t.id LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION USING ERRCODE = '23503', MESSAGE = 'a task dependency is not a task of the event',
            DETAIL = pg_catalog.format('Task %s of event %s lists %s, which is not a task of that event.', v_task, v_event, v_other),
            HINT = 'Name tasks of the same event (GET /rest/v1/tasks?event_id=eq.<event>&select=id,title).';
    END IF;
    FOR v_event IN SELECT DISTINCT t.event_id FROM public.tasks t WHERE t.id = ANY (v_changed) ORDER BY 1 LOOP
        v_cycle := fashionos.task_dependency_cycle(v_event);
        IF v_cycle IS NOT NULL THEN
            RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'the task dependencies form a cycle',
                DETAIL = pg_catalog.format('Tasks of event %s would wait for each other: %s%s.', v_event,
                                           pg_catalog.array_to_string(v_cycle[1:12], ' waits for '),
                                           CASE WHEN pg_catalog.cardinality(v_cycle) > 12
                                                THEN pg_catalog.format(' (and %s more)', pg_catalog.cardinality(v_cycle) - 12) ELSE '' END),
                HINT = 'Remove one of the dependencies along the cycle.';
        END IF;
    END LOOP;
    RETURN NULL;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.tasks_dependency_deleted()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_gone uuid[];
    v_events uuid[];
BEGIN
    SELECT pg_catalog.array_agg(o.id), pg_catalog.array_agg(o.event_id) INTO v_gone, v_events FROM old_tasks o;
    -- The rows of the tasks that wait for them first, then the events' dependency locks: the order
    -- of an edit of a task's dependencies (its row, then the lock in its statement's trigger). Taken
    -- the other way round, a deletion waited for the row of a task being edited while that edit
    -- waited for the lock. A task that starts waiting for a deleted one meanwhile is refused by its
    -- own trigger once the deletion has committed (23503).
    PERFORM 1 FROM public.tasks t
      WHERE t.event_id IN (SELECT o.event_id FROM old_tasks o) AND t.dependency_task_ids && v_gone
      ORDER BY t.id FOR UPDATE;
    PERFORM fashionos.lock_task_dependencies(v_events);
    UPDATE public.tasks t
       SET dependency_task_ids = ARRAY(SELECT d FROM pg_catalog.unnest(t.dependency_task_ids) WITH ORDINALITY AS u (d, n)
                                        WHERE d IS NULL OR d <> ALL (v_gone) ORDER BY n)
     WHERE t.event_id IN (SELECT o.event_id FROM old_tasks o)
       AND t.dependency_task_ids && v_gone;
    RETURN NULL;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.ticket_now(p_registration_id uuid)
 RETURNS uuid
 LANGUAGE plpgsql
 STABLE STRICT
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM fashionos.ticket_exchanges x WHERE x.registration_id = p_registration_id) THEN
        RETURN p_registration_id;
    END IF;
    RETURN (WITH RECURSIVE fwd AS (
                SELECT p_registration_id AS id, 0 AS depth
                UNION ALL
                SELECT x.new_registration_id, f.depth + 1 FROM fashionos.ticket_exchanges x JOIN fwd f ON x.registration_id = f.id)
            SELECT id FROM fwd ORDER BY depth DESC LIMIT 1);
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.ticket_tier_guard()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    IF OLD.event_id IS DISTINCT FROM NEW.event_id
       AND EXISTS (SELECT 1 FROM public.registrations r WHERE r.ticket_tier_id = OLD.id) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409',
            MESSAGE = 'a ticket tier that has registrations keeps its event',
            DETAIL = pg_catalog.format('Tier %s has registrations for event %s; moving it to event %s would leave them on another event than their tier.',
                                       OLD.id, OLD.event_id, NEW.event_id),
            HINT = 'Create a tier on the other event; tickets move by cancel_registration and reserve_tickets.';
    END IF;
    IF OLD.event_id IS DISTINCT FROM NEW.event_id
       AND EXISTS (SELECT 1 FROM fashionos.waitlist_entries w WHERE w.ticket_tier_id = OLD.id) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409',
            MESSAGE = 'a ticket tier that has a waitlist keeps its event',
            DETAIL = pg_catalog.format('Tier %s has waitlist entries for event %s; moving it to event %s would offer them tickets of another event than the one they joined for.',
                                       OLD.id, OLD.event_id, NEW.event_id),
            HINT = 'Create a tier on the other event.';
    END IF;
    -- comp and press tickets are issued by the organizers, never sold nor offered to a queue: a
    -- waiter would claim a free invitation (or pay for one, at the tier's price)
    IF NEW.type IN ('comp', 'press') AND OLD.type IS DISTINCT FROM NEW.type
       AND EXISTS (SELECT 1 FROM fashionos.waitlist_entries w
                    WHERE w.ticket_tier_id = OLD.id AND w.status IN ('waiting', 'offered')) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409',
            MESSAGE = 'a ticket tier with a waitlist is not made comp or press',
            DETAIL = pg_catalog.format('Tier %s has waiting entries or open offers; as a %s tier it would offer them tickets the organizers issue.',
                                       OLD.id, NEW.type),
            HINT = 'Create a comp or press tier of its own; or let the waitlist go first (leave_waitlist of each entry, by entry id).';
    END IF;
    IF NEW.quantity_total < NEW.quantity_sold THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409',
            MESSAGE = 'quantity_total cannot go below quantity_sold',
            DETAIL = pg_catalog.format('Tier %s has %s ticket(s) sold or held; quantity_total would be %s.',
                                       NEW.id, NEW.quantity_sold, NEW.quantity_total),
            HINT = pg_catalog.format('Set quantity_total to %s or more (close_ticket_tier stops its sales for good); cancel tickets with cancel_registration first to go lower.',
                                     NEW.quantity_sold);
    END IF;
    RETURN NEW;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.ticket_tier_sales(p_event_id uuid)
 RETURNS SETOF public.ticket_tier_sale
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_staff boolean;
BEGIN
    -- the event's tiers as the caller may read them: an event on sale for everyone, any event of
    -- his organization for its members (fashionos.caller_sees_tier asks the same of one tier)
    IF NOT fashionos.event_on_sale(p_event_id) THEN
        PERFORM fashionos.require_event_visible(p_event_id);
    END IF;
    v_staff := coalesce(fashionos.caller_runs_event(p_event_id), false);
    RETURN QUERY
    SELECT s.*
      FROM public.ticket_tiers t
     CROSS JOIN LATERAL fashionos.ticket_tier_sale_row(t, v_staff) s
     WHERE t.event_id = p_event_id
     ORDER BY t.price, t.name, t.id;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.ticketing_door()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_column text;
    v_old text;
    v_new text;
    v_what text := CASE TG_TABLE_NAME WHEN 'ticket_tiers' THEN 'ticket tier'
                                      WHEN 'registrations' THEN 'registration' ELSE 'payment' END;
BEGIN
    IF pg_catalog.pg_has_role(current_user,
           (SELECT e.extowner FROM pg_catalog.pg_extension e WHERE e.extname = 'fashionos'), 'USAGE') IS TRUE THEN
        RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
    END IF;

    IF TG_OP = 'TRUNCATE' THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = pg_catalog.format('TRUNCATE of %s is refused', TG_TABLE_NAME),
            DETAIL = pg_catalog.format('Role %s may not empty public.%s: its rows are tickets and payments.', current_user, TG_TABLE_NAME),
            HINT = 'Cancel the event instead (status cancelled); an event whose tickets were all cancelled unpaid may be deleted, its tiers, registrations and payments with it.';
    END IF;

    IF TG_OP = 'INSERT' THEN
        IF TG_TABLE_NAME = 'ticket_tiers' THEN
            RAISE EXCEPTION USING ERRCODE = '42501',
                MESSAGE = 'quantity_sold of a ticket tier is kept by the ticketing functions',
                DETAIL = pg_catalog.format('A new tier starts with quantity_sold 0; the request sets %s for tier %s of event %s.',
                                           NEW.quantity_sold, fashionos.shown(NEW.name), NEW.event_id),
                HINT = 'Leave quantity_sold out. Tickets are taken by reserve_tickets; tickets sold on another platform come in with import_tickets, which counts them.';
        END IF;
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = pg_catalog.format('%ss are created by reserve_tickets', v_what),
            DETAIL = pg_catalog.format('Role %s may not insert into public.%s: a ticket takes inventory, gets a signed token and, when it has a price, a pending payment.', current_user, TG_TABLE_NAME),
            HINT = 'Call reserve_tickets (organizers issue comp and press tickets with it, in any attendee''s name); payments move with complete_payment, fail_payment and refund_payment.';
    END IF;

    IF TG_OP = 'DELETE' THEN
        IF TG_TABLE_NAME = 'ticket_tiers' THEN
            IF NOT EXISTS (SELECT 1 FROM public.registrations r WHERE r.ticket_tier_id = OLD.id) THEN
                RETURN OLD;
            END IF;
            RAISE EXCEPTION USING ERRCODE = '42501',
                MESSAGE = 'a ticket tier that has registrations is not deleted',
                DETAIL = pg_catalog.format('Tier %s has %s registrations (%s of them live: sold or held): deleting it would delete tickets and their payments, the record of its sales.',
                                           OLD.id, (SELECT pg_catalog.count(*) FROM public.registrations r WHERE r.ticket_tier_id = OLD.id), OLD.quantity_sold),
                HINT = 'Keep the tier as the record of its sales and stop them with close_ticket_tier; cancelled and refunded tickets stay registrations too.';
        END IF;
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = pg_catalog.format('%ss are not deleted', v_what),
            DETAIL = pg_catalog.format('Role %s may not delete %s %s: it is the record of a sale.', current_user, v_what, OLD.id),
            HINT = CASE TG_TABLE_NAME
                WHEN 'registrations' THEN 'Cancel it with cancel_registration (a paid one with refund_payment): its ticket goes back on sale once and its token is revoked.'
                ELSE 'Fail a pending payment with fail_payment, refund a completed one with refund_payment.' END;
    END IF;

    -- UPDATE: name the first guarded column that changes.
    SELECT c.col, pg_catalog.to_jsonb(OLD) ->> c.col, pg_catalog.to_jsonb(NEW) ->> c.col
      INTO v_column, v_old, v_new
      FROM pg_catalog.unnest(TG_ARGV) WITH ORDINALITY AS c (col, n)
     WHERE (pg_catalog.to_jsonb(OLD) -> c.col) IS DISTINCT FROM (pg_catalog.to_jsonb(NEW) -> c.col)
     ORDER BY c.n
     LIMIT 1;
    IF v_column IS NULL THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION USING ERRCODE = '42501',
        MESSAGE = pg_catalog.format('%s of a %s is changed by the ticketing functions only', v_column, v_what),
        DETAIL = pg_catalog.format('Role %s may not change %s of %s %s%s.', current_user, v_column, v_what, OLD.id,
                     CASE WHEN v_column = 'qr_code_data' THEN ''
                          ELSE pg_catalog.format(' from %s to %s', coalesce(v_old, 'NULL'), coalesce(v_new, 'NULL')) END),
        HINT = CASE
            WHEN TG_TABLE_NAME = 'ticket_tiers' THEN
                'Tickets are taken by reserve_tickets and given back by cancel_registration, refund_payment, fail_payment and expiry; change quantity_total to change how many are left.'
            WHEN TG_TABLE_NAME = 'payments' THEN
                'A payment moves pending -> completed (complete_payment, which also records provider and provider_transaction_id), pending -> failed (fail_payment), completed -> refunded (refund_payment).'
            WHEN v_column = 'status' THEN
                'Cancel with cancel_registration, refund with refund_payment; a payment confirms it (complete_payment); the door checks it in (check_in, undo_check_in).'
            WHEN v_column = 'checked_in_at' THEN
                'Check a ticket in with check_in, undo a mistaken check-in with undo_check_in.'
            WHEN v_column = 'qr_code_data' THEN
                'Issue a new token with reissue_ticket (the old one is revoked).'
            WHEN v_column IN ('ticket_tier_id', 'event_id') THEN
                'Exchange it with exchange_ticket: the other tier''s ticket is taken first (the guest keeps his if that tier is full), and what he paid counts toward its price.'
            ELSE 'A registration keeps its id.' END;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.ticketing_health()
 RETURNS SETOF public.health_check
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_grace constant interval := interval '2 minutes';
    v_mailer constant interval := interval '5 minutes';
    v_long interval;
    v_current_from timestamptz := pg_catalog.now() - interval '7 days';
    v_count bigint;
    v_oldest timestamptz;
    v_detail text;
BEGIN
    IF NOT fashionos.caller_is_server() THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'not allowed to check the health of ticketing',
            DETAIL = 'The checks read every tier, hold, waitlist, webhook event and transaction of the database, across organizations: server-side code (service_role) runs them.',
            HINT = 'Run it with the service key, or from a scheduled job of the database.';
    END IF;
    BEGIN
        v_long := coalesce(NULLIF(pg_catalog.current_setting('fashionos.health_long_transaction', true), '')::interval,
                           interval '5 minutes');
        -- (an interval that reaches before the first timestamp is out of range too)
        PERFORM pg_catalog.now() - v_long;
    EXCEPTION WHEN invalid_datetime_format OR datetime_field_overflow OR interval_field_overflow THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'fashionos.health_long_transaction is not an interval',
            DETAIL = pg_catalog.format('The setting is %s.', pg_catalog.left(pg_catalog.current_setting('fashionos.health_long_transaction', true), 100)),
            HINT = 'Set it to an interval such as ''5 minutes'', or reset it (default 5 minutes).';
    END;

    -- 1. quantity_sold = live registrations (not cancelled), tier by tier
    SELECT pg_catalog.count(*), pg_catalog.min(x.start_date) INTO v_count, v_oldest
      FROM (SELECT e.start_date
              FROM public.events e
              JOIN public.ticket_tiers t ON t.event_id = e.id
             WHERE coalesce(e.end_date, e.start_date) >= v_current_from
               AND t.quantity_sold <> (SELECT pg_catalog.count(*) FROM public.registrations r
                                        WHERE r.ticket_tier_id = t.id AND r.status <> 'cancelled')) x;
    RETURN NEXT ('inventory_drift', v_count, v_oldest,
                 pg_catalog.format('%s tier(s) of current events count another quantity_sold than their live registrations (oldest: the earliest event''s start).', v_count),
                 'Tickets were written around the ticketing functions: check_ticket_inventory lists the tiers, recount_ticket_tiers(event) sets quantity_sold to the live registrations.')::public.health_check;

    -- 2. a hold row for every pending registration (else it never expires and keeps its place)
    SELECT pg_catalog.count(*), pg_catalog.min(r.created_at) INTO v_count, v_oldest
      FROM public.events e
      JOIN public.registrations r ON r.event_id = e.id
     WHERE coalesce(e.end_date, e.start_date) >= v_current_from
       AND r.status = 'pending'
       AND NOT EXISTS (SELECT 1 FROM fashionos.registration_holds h WHERE h.registration_id = r.id);
    RETURN NEXT ('pending_without_hold', v_count, v_oldest,
                 pg_catalog.format('%s pending registration(s) of current events have no hold: nothing releases them, and each keeps a place (oldest: its created_at).', v_count),
                 'They were written around reserve_tickets (or their hold row was deleted by hand): complete their payment, or cancel them with cancel_registration.')::public.health_check;

    -- 3. the token of every cancelled registration is revoked (the door bundles list it)
    SELECT pg_catalog.count(*), pg_catalog.min(r.created_at) INTO v_count, v_oldest
      FROM public.events e
      JOIN public.registrations r ON r.event_id = e.id
     WHERE coalesce(e.end_date, e.start_date) >= v_current_from
       AND r.status = 'cancelled'
       AND NOT EXISTS (SELECT 1 FROM fashionos.revoked_tokens v WHERE v.token_hash = fashionos.token_hash(r.qr_code_data));
    RETURN NEXT ('cancelled_token_not_revoked', v_count, v_oldest,
                 pg_catalog.format('%s cancelled registration(s) of current events have a token that is not revoked: an offline door bundle does not list it (oldest: its created_at).', v_count),
                 'They were cancelled around the ticketing functions; online check_in still refuses them. Reissuing does not apply to a cancelled ticket: tell the door staff, and cancel through cancel_registration from now on.')::public.health_check;

    -- 4. holds past their expiry, not released
    SELECT pg_catalog.count(*), pg_catalog.min(h.expires_at) INTO v_count, v_oldest
      FROM fashionos.registration_holds h
     WHERE h.expires_at < pg_catalog.now() - v_grace;
    RETURN NEXT ('expired_holds', v_count, v_oldest,
                 pg_catalog.format('%s hold(s) expired more than 2 minutes ago and still keep their tickets (oldest: its expiry); a sold-out tier stays sold out, and its waitlist waits.', v_count),
                 'release_expired_holds is late: schedule select public.release_expired_holds() every minute on the primary (docs/operations.md, "Scheduled jobs"), or run it now.')::public.health_check;

    -- 5. waitlist offers past their deadline (claimed and unpaid included), not passed on
    SELECT pg_catalog.count(*), pg_catalog.min(h.expires_at) INTO v_count, v_oldest
      FROM fashionos.registration_holds h
      JOIN fashionos.waitlist_entries w ON w.registration_id = h.registration_id
     WHERE h.expires_at < pg_catalog.now() - v_grace
       AND w.status IN ('offered', 'claimed');
    RETURN NEXT ('lapsed_offers', v_count, v_oldest,
                 pg_catalog.format('%s waitlist offer(s) ran out more than 2 minutes ago and were not passed on to the next waiter (oldest: its deadline).', v_count),
                 'The release of expired holds passes them on: schedule select public.release_expired_holds() every minute, and keep the mailer calling take_waitlist_offers.')::public.health_check;

    -- 6. entries waiting on an open tier of an event on sale that has free places: the triggers offer a
    --    freed or added place to the queue at once, so the queue stalled (places freed around
    --    them, e.g. a recount that lowered quantity_sold)
    SELECT pg_catalog.count(*), pg_catalog.min(x.joined_at) INTO v_count, v_oldest
      FROM (SELECT w.ticket_tier_id, pg_catalog.min(w.joined_at) AS joined_at
              FROM fashionos.waitlist_entries w
             WHERE w.status = 'waiting'
             GROUP BY w.ticket_tier_id) x
      JOIN public.ticket_tiers t ON t.id = x.ticket_tier_id
     WHERE t.quantity_sold < t.quantity_total
       AND fashionos.event_on_sale(t.event_id)
       AND NOT EXISTS (SELECT 1 FROM fashionos.closed_tiers k WHERE k.ticket_tier_id = t.id);  -- closed: no offers, by design
    RETURN NEXT ('stalled_waitlists', v_count, v_oldest,
                 pg_catalog.format('%s tier(s) of events on sale have free places while entries wait, and no offer was made for them (oldest: the first waiter''s joined_at).', v_count),
                 'Places were freed around the ticketing functions (a recount, a direct write). A rise of quantity_total offers the free places to the queue: set it to quantity_sold, then back.')::public.health_check;

    -- 7. open offers the mailer has not taken for a few minutes (take_waitlist_offers hands out
    --    the offers of events on sale whose hold still runs)
    SELECT pg_catalog.count(*), pg_catalog.min(w.offered_at) INTO v_count, v_oldest
      FROM fashionos.waitlist_entries w
      JOIN fashionos.registration_holds h ON h.registration_id = w.registration_id
     WHERE w.status = 'offered' AND w.noticed_at IS NULL
       AND w.offered_at < pg_catalog.now() - v_mailer
       AND h.expires_at > pg_catalog.now()
       AND fashionos.event_on_sale(w.event_id);
    RETURN NEXT ('unnoticed_offers', v_count, v_oldest,
                 pg_catalog.format('%s open waitlist offer(s) were made more than 5 minutes ago and not taken by the mailer: the waiters do not know (oldest: its offer).', v_count),
                 'The mailer is late or stopped: it calls take_waitlist_offers with the service key every few seconds, or when woken by NOTIFY fashionos_waitlist_offers.')::public.health_check;

    -- 8. webhook events of the last 24 hours that paid or refunded nothing although their type
    --    pays or refunds (a payment that is not ours, a refund of a charge that paid nothing here,
    --    a partial refund), or whose handling did not finish. A delivery refused with an error
    --    (PT401, PT409, 22023, 55000) rolls back and leaves no row: the provider's delivery log
    --    and the server log show those.
    SELECT pg_catalog.count(*), pg_catalog.min(k.received_at),
           pg_catalog.string_agg(k.label, '; ' ORDER BY k.received_at, k.label) FILTER (WHERE k.n <= 5)
      INTO v_count, v_oldest, v_detail
      FROM (SELECT k.received_at,
                   pg_catalog.format('%s %s %s: %s', k.provider, k.event_type, pg_catalog.left(k.event_id, 100), k.outcome) AS label,
                   pg_catalog.row_number() OVER (ORDER BY k.received_at, k.provider, k.event_id) AS n
              FROM fashionos.webhook_events k
             WHERE k.received_at >= pg_catalog.now() - interval '24 hours'
               AND (k.outcome NOT IN ('completed', 'refunded', 'ignored', 'duplicate')
                    OR (k.outcome = 'ignored' AND k.event_type IN ('payment_intent.succeeded', 'charge.refunded')))) k;
    RETURN NEXT ('webhook_events_unmatched', v_count, v_oldest,
                 pg_catalog.format('%s payment webhook event(s) of the last 24 hours paid or refunded nothing here although their type pays or refunds%s.',
                                   v_count, coalesce(' (first 5: ' || v_detail || ')', '')),
                 'Look each up in the provider''s dashboard: a payment_intent.succeeded ignored paid nothing here (metadata.payment_id missing or of another database: refund it, or complete_payment by hand; or its PaymentIntent was refunded in full before it came, and its tickets were not sold: nothing to do); a charge.refunded ignored refunded nothing here (a partial refund, or a charge that paid nothing here); a charge.refunded refund_pending is a full refund that came before its payment: the success, when it comes, records the payment and refunds it, and its tickets run out if it never comes. Refused deliveries leave no row: see the provider''s delivery log.')::public.health_check;

    -- 9. transactions with a transaction id open longer than fashionos.health_long_transaction,
    --    anywhere in the cluster: they hold back every door delta's sequence
    SELECT pg_catalog.count(*), pg_catalog.min(x.started),
           (pg_catalog.array_agg(x.label ORDER BY x.started))[1]
      INTO v_count, v_oldest, v_detail
      FROM (SELECT a.xact_start AS started,
                   pg_catalog.format('backend %s, database %s, user %s, %s', a.pid, coalesce(a.datname, '-'),
                                     coalesce(a.usename, '-'), coalesce(a.state, '-')) AS label
              FROM pg_catalog.pg_stat_activity a
             WHERE a.backend_xid IS NOT NULL AND a.xact_start <= pg_catalog.now() - v_long
            UNION ALL
            SELECT p.prepared, pg_catalog.format('prepared transaction %s, database %s, owner %s',
                                                 pg_catalog.quote_literal(pg_catalog.left(p.gid, 100)), p.database, p.owner)
              FROM pg_catalog.pg_prepared_xacts p
             WHERE p.prepared <= pg_catalog.now() - v_long) x;
    RETURN NEXT ('long_transactions', v_count, v_oldest,
                 pg_catalog.format('%s transaction(s) that wrote are open for longer than %s in the cluster; every door delta re-sends what changed since the oldest began%s.',
                                   v_count, v_long, coalesce(' (oldest: ' || v_detail || ')', '')),
                 'End it (commit, or pg_terminate_backend of an idle-in-transaction session; COMMIT PREPARED or ROLLBACK PREPARED), and set idle_in_transaction_session_timeout (docs/operations.md, "Long transactions and the door").')::public.health_check;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.transaction_id_problem(p_id text)
 RETURNS text
 LANGUAGE c
 IMMUTABLE PARALLEL SAFE STRICT
 SET search_path TO 'pg_catalog', 'pg_temp'
AS '$libdir/fashionos', $function$transaction_id_problem_wrapper$function$;
CREATE OR REPLACE FUNCTION fashionos.transfer_ticket(p_registration_id uuid, p_attendee_email text, p_attendee_name text, p_user_id uuid DEFAULT NULL::uuid)
 RETURNS text
 LANGUAGE c
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS '$libdir/fashionos', $function$transfer_ticket_wrapper$function$;
CREATE OR REPLACE FUNCTION fashionos.truncate_to_ledger()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    DELETE FROM fashionos.bookings b WHERE b.source_table = TG_TABLE_NAME;
    IF TG_TABLE_NAME = 'venue_availability' THEN
        -- no event books a venue any more: no rehearsal books one either
        DELETE FROM fashionos.bookings b WHERE b.source_table = 'event_rehearsals';
    END IF;
    RETURN NULL;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.unreadable_books_nothing(p_source_table text, p_source_id uuid, p_written boolean, p_what text, p_error text)
 RETURNS boolean
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    IF NOT (fashionos.writer_is_operator()
            OR NOT p_written AND NOT EXISTS (SELECT 1 FROM fashionos.bookings b
                                              WHERE b.source_table = p_source_table AND b.source_id = p_source_id)) THEN
        RETURN false;
    END IF;
    RAISE WARNING '% % books nothing: %', p_what, p_source_id, p_error;
    DELETE FROM fashionos.bookings b WHERE b.source_table = p_source_table AND b.source_id = p_source_id;
    RETURN true;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.users_email_door()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    IF NOT fashionos.writer_is_server() THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = 'users.email is the address the user signs in with',
            DETAIL = pg_catalog.format('Role %s may not change the e-mail of user %s.', current_user, OLD.id),
            HINT = 'Change the sign-in address with Supabase Auth (supabase.auth.updateUser({ email })); server-side code then writes it here.';
    END IF;
    RETURN NEW;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.users_last_owner()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.role = 'owner' AND NEW.organization_id = OLD.organization_id THEN
        RETURN NEW;
    END IF;
    PERFORM 1 FROM public.organizations o WHERE o.id = OLD.organization_id FOR NO KEY UPDATE;
    IF FOUND AND NOT EXISTS (SELECT 1 FROM public.users u
                              WHERE u.organization_id = OLD.organization_id AND u.role = 'owner'
                                AND u.id <> OLD.id) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409',
            MESSAGE = 'an organization keeps an owner',
            DETAIL = pg_catalog.format('User %s is the last owner of organization %s; %s.', OLD.id, OLD.organization_id,
                         CASE WHEN TG_OP = 'DELETE' THEN 'deleting the user would leave it without one'
                              WHEN NEW.organization_id <> OLD.organization_id THEN 'moving the user to another organization would leave it without one'
                              ELSE pg_catalog.format('making the user %s would leave it without one', NEW.role) END),
            HINT = 'Make another member owner first (an owner may), then change or remove this one.';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.users_move_references()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_named text;
BEGIN
    IF TG_OP = 'DELETE' THEN
        -- His venues and profiles go with him (the spec's cascades), after his row: the guard of
        -- their deletion (fashionos.guard_resource_delete) reads his organization here, to tell
        -- its own plans from other organizations'.
        PERFORM pg_catalog.set_config('fashionos.deleted_users',
                    (coalesce(NULLIF(pg_catalog.current_setting('fashionos.deleted_users', true), ''), '{}')::jsonb
                     OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_object(OLD.id, OLD.organization_id))::text, true);
        -- A user deleted with his organization (its row already gone): its events go too, with
        -- the assets of their events, which he may have uploaded. Those are deleted first: the
        -- spec's RESTRICT key from assets to their uploader would otherwise refuse his deletion
        -- before the events' cascade reaches them. Deleted through auth.users (Supabase's way),
        -- he is checked as below.
        IF NOT EXISTS (SELECT 1 FROM public.organizations o WHERE o.id = OLD.organization_id) THEN
            DELETE FROM public.assets x WHERE x.uploaded_by = OLD.id;
            RETURN OLD;
        END IF;
    END IF;
    SELECT pg_catalog.string_agg(pg_catalog.format('%s %s.%s', r.n, r.tbl, r.col), ', ' ORDER BY r.tbl, r.col) INTO v_named
      FROM (SELECT * FROM (VALUES
                ('events', 'created_by', (SELECT pg_catalog.count(*) FROM public.events x WHERE x.created_by = OLD.id), true),
                ('campaigns', 'created_by', (SELECT pg_catalog.count(*) FROM public.campaigns x WHERE x.created_by = OLD.id), true),
                ('shoots', 'created_by', (SELECT pg_catalog.count(*) FROM public.shoots x WHERE x.created_by = OLD.id), true),
                ('assets', 'uploaded_by', (SELECT pg_catalog.count(*) FROM public.assets x WHERE x.uploaded_by = OLD.id), true),
                ('stakeholders', 'user_id', (SELECT pg_catalog.count(*) FROM public.stakeholders x WHERE x.user_id = OLD.id), false),
                ('instagram_connections', 'user_id', (SELECT pg_catalog.count(*) FROM public.instagram_connections x WHERE x.user_id = OLD.id), false),
                ('facebook_connections', 'user_id', (SELECT pg_catalog.count(*) FROM public.facebook_connections x WHERE x.user_id = OLD.id), false),
                ('shopify_shops', 'user_id', (SELECT pg_catalog.count(*) FROM public.shopify_shops x WHERE x.user_id = OLD.id), false),
                ('amazon_connections', 'user_id', (SELECT pg_catalog.count(*) FROM public.amazon_connections x WHERE x.user_id = OLD.id), false),
                ('organizer_teams', 'owner_id', (SELECT pg_catalog.count(*) FROM public.organizer_teams x WHERE x.owner_id = OLD.id), false),
                ('organizer_team_members', 'user_id', (SELECT pg_catalog.count(*) FROM public.organizer_team_members x WHERE x.user_id = OLD.id), false),
                ('tasks', 'assigned_to', (SELECT pg_catalog.count(*) FROM public.tasks x WHERE x.assigned_to = OLD.id), false),
                ('shoot_assets', 'approved_by', (SELECT pg_catalog.count(*) FROM public.shoot_assets x WHERE x.approved_by = OLD.id), false),
                ('task_assignees', 'user_id', (SELECT pg_catalog.count(*) FROM public.task_assignees x WHERE x.user_id = OLD.id), false))
                AS v (tbl, col, n, restricts)) r
     WHERE r.n > 0 AND (TG_OP = 'UPDATE' OR r.restricts);
    IF v_named IS NULL THEN
        RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'a member named by his organization''s records is not deleted',
            DETAIL = pg_catalog.format('User %s is named by %s.', OLD.id, v_named),
            HINT = 'Name another member there first (PATCH events?created_by=eq.<id> with {"created_by": "<member id>"}, and the same for the others), then delete him.';
    END IF;
    RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'a member named by his organization''s rows is not moved',
        DETAIL = pg_catalog.format('User %s is named by %s: his contacts and connections would follow him into organization %s, and the other rows could no longer be changed by organization %s.',
                                   OLD.id, v_named, NEW.organization_id, OLD.organization_id),
        HINT = 'Name another member in those rows, or delete them, then move him; or give the person a new user in the other organization.';
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.users_role_door()
 RETURNS trigger
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    IF fashionos.writer_is_server() THEN
        RETURN NEW;
    END IF;
    IF NEW.organization_id IS DISTINCT FROM OLD.organization_id THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = 'only server-side code moves a user to another organization',
            DETAIL = pg_catalog.format('User %s belongs to organization %s; the request moves him to %s.',
                                       OLD.id, OLD.organization_id, NEW.organization_id),
            HINT = 'A person joins another organization through an invitation that server-side code (with the service key) carries out.';
    END IF;
    IF fashionos.my_role() IS DISTINCT FROM 'owner' AND fashionos.my_role() IS DISTINCT FROM 'admin' THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = 'only owners and admins change roles',
            DETAIL = pg_catalog.format('User %s is %s; the request makes him %s, and the caller is %s.',
                                       OLD.id, OLD.role, NEW.role, coalesce(fashionos.my_role(), 'no member')),
            HINT = 'Ask an owner of the organization (or an admin, for a role other than owner).';
    END IF;
    IF NEW.role = 'owner' AND fashionos.my_role() IS DISTINCT FROM 'owner' THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = 'only an owner makes someone owner',
            DETAIL = pg_catalog.format('The caller is %s of the organization; the request makes user %s owner.',
                                       coalesce(fashionos.my_role(), 'no member'), OLD.id),
            HINT = 'Ask an owner of the organization.';
    END IF;
    RETURN NEW;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.venues_to_ledger()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_events uuid[];  -- the events that book the venue, in the order of their ids
    v_event uuid;
    v_relied uuid[];  -- the rehearsals of the events booking the venue that book a venue, before the new name
    v_relied_venues uuid[];  -- the venue each books
BEGIN
    v_events := ARRAY(SELECT DISTINCT va.event_id FROM public.venue_availability va
                       WHERE va.venue_id = NEW.id AND va.event_id IS NOT NULL AND va.status <> 'available'
                       ORDER BY va.event_id);
    -- their schedules first, in that order (as their recompute below takes them): a rehearsal
    -- written, or an event's return, in flight is seen
    FOREACH v_event IN ARRAY v_events LOOP
        PERFORM fashionos.lock_event_schedule(v_event, true);
    END LOOP;
    -- every rehearsal of those events that books a venue, this one or another: a new name may take
    -- a rehearsal from its hall to this venue as well as away from it
    SELECT pg_catalog.array_agg(b.source_id ORDER BY b.source_id), pg_catalog.array_agg(b.resource_id ORDER BY b.source_id)
      INTO v_relied, v_relied_venues FROM fashionos.bookings b
     WHERE b.source_table = 'event_rehearsals' AND b.resource_type = 'venue' AND b.event_id = ANY (v_events);
    FOREACH v_event IN ARRAY v_events LOOP
        PERFORM fashionos.sync_event_bookings(v_event, false);
    END LOOP;
    -- a rehearsal that named the venue by its old name does not lose it without a word
    PERFORM fashionos.require_rehearsals_kept(v_relied, v_relied_venues,
        pg_catalog.format('Renaming venue %s from %s to %s', NEW.id, fashionos.shown(OLD.name), fashionos.shown(NEW.name)),
        'Keep the name, or ask the organizers of those events to write the new name as their rehearsals'' location first.');
    RETURN NULL;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.visible_option(p_option_id uuid)
 RETURNS fashionos.options
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v fashionos.options;
BEGIN
    SELECT * INTO v FROM fashionos.options o WHERE o.id = p_option_id;
    IF NOT FOUND OR NOT (fashionos.caller_is_resource(v.resource_type, v.resource_id)
                         OR v.organization_id = fashionos.my_org_id()) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'option not found',
            DETAIL = pg_catalog.format('No option with id %s is visible to the caller.', p_option_id),
            HINT = 'Pass the option_id that request_option or list_options returned.';
    END IF;
    RETURN v;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.waitlist_back_on_sale()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_tier record;
BEGIN
    IF NOT fashionos.event_on_sale(NEW.id) THEN
        RETURN NULL;
    END IF;
    FOR v_tier IN SELECT t.id, t.quantity_total - t.quantity_sold AS free
                    FROM public.ticket_tiers t
                   WHERE t.event_id = NEW.id AND t.quantity_sold < t.quantity_total
                     AND EXISTS (SELECT 1 FROM fashionos.waitlist_entries w
                                  WHERE w.ticket_tier_id = t.id AND w.status = 'waiting')
                   ORDER BY t.id
                     FOR NO KEY UPDATE OF t LOOP
        PERFORM fashionos.waitlist_offer(v_tier.id, v_tier.free);
    END LOOP;
    RETURN NULL;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.waitlist_capacity_raised()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    PERFORM fashionos.waitlist_offer(NEW.id, NEW.quantity_total - NEW.quantity_sold);
    RETURN NULL;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.waitlist_entry_of(p_token text, p_entry_id uuid, p_staff boolean)
 RETURNS fashionos.waitlist_entries
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v fashionos.waitlist_entries;
BEGIN
    IF (p_token IS NULL) = (p_entry_id IS NULL) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'pass p_token or p_entry_id',
            DETAIL = 'Exactly one of p_token and p_entry_id names a waitlist entry.',
            HINT = 'Pass the claim_token join_waitlist returned, or (signed in) the entry_id.';
    END IF;
    IF p_token IS NOT NULL THEN
        SELECT * INTO v FROM fashionos.waitlist_entries w WHERE w.token_hash = fashionos.waitlist_token_hash(p_token);
    ELSE
        SELECT * INTO v FROM fashionos.waitlist_entries w WHERE w.id = p_entry_id;
        IF FOUND AND NOT coalesce(v.user_id = auth.uid(), false)
           AND NOT (p_staff AND coalesce(fashionos.caller_runs_event(v.event_id), false)) THEN
            v := NULL;
        END IF;
    END IF;
    IF v.id IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'waitlist entry not found',
            DETAIL = CASE WHEN p_token IS NOT NULL THEN 'No waitlist entry has this claim token.'
                          ELSE pg_catalog.format('No waitlist entry with id %s is the caller''s.', p_entry_id) END,
            HINT = 'Pass the claim_token join_waitlist returned; an entry id works for the signed-in user who joined.';
    END IF;
    RETURN v;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.waitlist_forget_user()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    -- His tickets' hold rows, then his tickets (whose user_id the deletion's cascade clears after
    -- this trigger), each in the order of their ids, before his entries: the order of an erasure
    -- (erase_person) and of every change of a ticket.
    PERFORM 1 FROM fashionos.registration_holds h JOIN public.registrations r ON r.id = h.registration_id
      WHERE r.user_id = OLD.id ORDER BY h.registration_id FOR UPDATE OF h;
    PERFORM 1 FROM public.registrations r WHERE r.user_id = OLD.id ORDER BY r.id FOR UPDATE;
    PERFORM fashionos.forget_waitlist_entries(
        ARRAY(SELECT w.id FROM fashionos.waitlist_entries w WHERE w.user_id = OLD.id));
    RETURN OLD;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.waitlist_minimise()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    NEW.attendee_email := NULL;
    NEW.attendee_name := NULL;
    RETURN NEW;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.waitlist_offer(p_ticket_tier_id uuid, p_tickets integer)
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_made integer := 0;
    v_tier record;
    v_entry fashionos.waitlist_entries;
    v_registration uuid;
    v_passed uuid[] := '{}';
BEGIN
    IF NOT EXISTS (SELECT 1 FROM fashionos.waitlist_entries w
                    WHERE w.ticket_tier_id = p_ticket_tier_id AND w.status = 'waiting')
       -- a closed tier sells to nobody, its waiters included (reopen_ticket_tier offers again)
       OR EXISTS (SELECT 1 FROM fashionos.closed_tiers k WHERE k.ticket_tier_id = p_ticket_tier_id) THEN
        RETURN 0;
    END IF;
    SELECT t.event_id, t.price, s.waitlist_offer_minutes INTO v_tier
      FROM public.ticket_tiers t CROSS JOIN LATERAL fashionos.settings_for(t.event_id) s
     WHERE t.id = p_ticket_tier_id;
    IF NOT FOUND OR NOT fashionos.event_on_sale(v_tier.event_id) THEN
        RETURN 0;
    END IF;
    WHILE v_made < p_tickets LOOP
        SELECT * INTO v_entry FROM fashionos.waitlist_entries w
         WHERE w.ticket_tier_id = p_ticket_tier_id AND w.status = 'waiting' AND w.id <> ALL (v_passed)
         ORDER BY w.seq LIMIT 1;
        EXIT WHEN NOT FOUND;
        -- A signed-in waiter's users row is locked before his entry (the offer's registration names
        -- him), and not waited for: only a deletion of his account holds it in a mode that keeps
        -- KEY SHARE out, and that deletion locks the row, then his tickets and entries. The
        -- caller may hold one of those tickets (a cancellation of his own ticket gives it to the
        -- queue), so waiting could deadlock: a waiter whose account is being deleted is passed
        -- over for this ticket (his entries go with the account; should the deletion roll back,
        -- he keeps his place for the next one), as one already deleted is.
        IF v_entry.user_id IS NOT NULL THEN
            PERFORM 1 FROM public.users u WHERE u.id = v_entry.user_id FOR KEY SHARE SKIP LOCKED;
            IF NOT FOUND THEN
                v_passed := v_passed || v_entry.id;
                CONTINUE;
            END IF;
        END IF;
        -- Lock it and look again: a leave_waitlist may have run meanwhile (each statement sees
        -- what committed before it; the loop then takes the next entry).
        SELECT * INTO v_entry FROM fashionos.waitlist_entries w
         WHERE w.id = v_entry.id AND w.status = 'waiting' FOR UPDATE;
        CONTINUE WHEN NOT FOUND;
        UPDATE public.ticket_tiers t SET quantity_sold = t.quantity_sold + 1
         WHERE t.id = p_ticket_tier_id AND t.quantity_sold < t.quantity_total;
        EXIT WHEN NOT FOUND;
        v_registration := pg_catalog.gen_random_uuid();
        INSERT INTO public.registrations (id, event_id, ticket_tier_id, user_id, attendee_email, attendee_name,
                                          status, qr_code_data)
        VALUES (v_registration, v_tier.event_id, p_ticket_tier_id, v_entry.user_id, v_entry.attendee_email,
                v_entry.attendee_name, 'pending', fashionos.issue_ticket_token(v_registration, v_tier.event_id));
        IF v_tier.price > 0 THEN
            INSERT INTO public.payments (registration_id, payer_id, amount, status)
            VALUES (v_registration, v_entry.user_id, v_tier.price, 'pending');
        END IF;
        INSERT INTO fashionos.registration_holds (registration_id, ticket_tier_id, expires_at)
        VALUES (v_registration, p_ticket_tier_id, pg_catalog.now() + pg_catalog.make_interval(mins => v_tier.waitlist_offer_minutes));
        UPDATE fashionos.waitlist_entries w
           SET status = 'offered', registration_id = v_registration, offered_at = pg_catalog.now()
         WHERE w.id = v_entry.id;
        v_made := v_made + 1;
    END LOOP;
    -- wakes the listeners of the channel (a mailer) at commit; the payload is the tier, no
    -- personal data: take_waitlist_offers hands out the notices
    IF v_made > 0 THEN
        PERFORM pg_catalog.pg_notify('fashionos_waitlist_offers', p_ticket_tier_id::text);
    END IF;
    RETURN v_made;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.waitlist_pass_ticket()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    -- An open offer whose ticket the organizers had marked paid was the waiter's ticket (it read
    -- as claimed): refunded or cancelled now, it stays claimed, as a claimed one does. Otherwise
    -- the offer ended unclaimed.
    UPDATE fashionos.waitlist_entries w
       SET status = CASE WHEN OLD.status = 'confirmed' THEN 'claimed' ELSE 'lapsed' END, decided_at = pg_catalog.now()
     WHERE w.registration_id = NEW.id AND w.status = 'offered';
    PERFORM fashionos.waitlist_offer(NEW.ticket_tier_id, 1);
    RETURN NULL;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.waitlist_settle(p_ticket_tier_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    IF EXISTS (SELECT 1 FROM fashionos.registration_holds h
                WHERE h.ticket_tier_id = p_ticket_tier_id AND h.expires_at <= pg_catalog.now()) THEN
        PERFORM fashionos.release_tier_holds(p_ticket_tier_id);
    END IF;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.waitlist_status(p_token text DEFAULT NULL::text, p_entry_id uuid DEFAULT NULL::uuid)
 RETURNS SETOF public.waitlist_entry
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v fashionos.waitlist_entries := fashionos.waitlist_entry_of(p_token, p_entry_id, true);
BEGIN
    PERFORM fashionos.waitlist_settle(v.ticket_tier_id);
    SELECT * INTO v FROM fashionos.waitlist_entries w WHERE w.id = v.id;
    RETURN NEXT fashionos.waitlist_entry_row(v);
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.waitlist_token_hash(p_token text)
 RETURNS bytea
 LANGUAGE plpgsql
 IMMUTABLE PARALLEL SAFE STRICT
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    RETURN pg_catalog.sha256(pg_catalog.convert_to(p_token, 'UTF8'));
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.bookable_types()
 RETURNS text[]
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT pg_catalog.array_agg(m.resource_type) FROM fashionos.resource_map() m WHERE m.availability_table IS NOT NULL $function$;
CREATE OR REPLACE FUNCTION fashionos.close_ticket_tier(p_ticket_tier_id uuid)
 RETURNS public.ticket_tier_sale
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT fashionos.set_ticket_tier_closed(p_ticket_tier_id, true) $function$;
CREATE OR REPLACE FUNCTION fashionos.describe_booking(p_source_table text, p_source_id uuid, p_event_id uuid, p_during tstzrange, p_status text)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
    SELECT pg_catalog.format('%s %s (%s, %s, %s)',
        p_source_table, p_source_id,
        CASE WHEN p_event_id IS NULL THEN 'no event' ELSE 'event ' || p_event_id::text END,
        fashionos.range_text(p_during), p_status)
$function$;
CREATE OR REPLACE FUNCTION fashionos.events_on_sale(p_from timestamp with time zone, p_organization_slug text)
 RETURNS SETOF public.event_listing
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
    SELECT e.id, e.name, e.description, e.type, e.status, e.start_date, e.end_date, e.venue_name,
           e.venue_address, o.name, o.slug,
           coalesce(sum(t.quantity_total - t.quantity_sold) FILTER (WHERE t.type IN ('paid', 'vip')), 0)::integer,
           min(t.price) FILTER (WHERE t.type IN ('paid', 'vip'))
      FROM public.events e
      JOIN public.organizations o ON o.id = e.organization_id
      LEFT JOIN public.ticket_tiers t
        ON t.event_id = e.id
       AND NOT EXISTS (SELECT 1 FROM fashionos.closed_tiers k WHERE k.ticket_tier_id = t.id)
     WHERE e.status = ANY (fashionos.on_sale_statuses())
       AND fashionos.event_sales_end(e.start_date, e.end_date) >= coalesce(p_from, now())
       AND (p_organization_slug IS NULL OR o.slug = p_organization_slug)
     GROUP BY e.id, o.id
     ORDER BY e.start_date, e.id
$function$;
CREATE OR REPLACE FUNCTION fashionos.is_handle_or_web_link(p_value text)
 RETURNS boolean
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE STRICT
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
    SELECT p_value OPERATOR(pg_catalog.~) '^@?[A-Za-z0-9._]{1,30}$' OR fashionos.is_web_link(p_value)
$function$;
CREATE OR REPLACE FUNCTION fashionos.is_web_link(p_url text)
 RETURNS boolean
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE STRICT
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
    SELECT pg_catalog.length(p_url) <= 2048
       AND (p_url = ''
            OR p_url OPERATOR(pg_catalog.~*) '^https?://[^[:space:][:cntrl:]/?#@\u00a0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]+([/?#][^[:space:][:cntrl:]\u00a0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]*)?$'
            -- a relative reference (a path of this site or a storage key): no scheme, so no colon
            -- before its first / ? or #, and no HTML character reference a page could decode
            OR (p_url OPERATOR(pg_catalog.~) '^[^:/?#[:space:][:cntrl:]\u00a0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]*([/?#][^[:space:][:cntrl:]\u00a0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]*)?$'
                AND p_url OPERATOR(pg_catalog.!~) '&[#[:alnum:]]+;'))
$function$;
CREATE OR REPLACE FUNCTION fashionos.lock_offer_hold(p_entry_id uuid)
 RETURNS void
 LANGUAGE sql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
    SELECT 1 FROM fashionos.registration_holds h
     WHERE h.registration_id = (SELECT w.registration_id FROM fashionos.waitlist_entries w WHERE w.id = p_entry_id)
       FOR UPDATE OF h
$function$;
CREATE OR REPLACE FUNCTION fashionos.lock_resource_options(p_resource_type text, p_resource_id uuid)
 RETURNS void
 LANGUAGE sql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('fashionos.options:' || p_resource_type || ':' || p_resource_id::text, 0)) $function$;
CREATE OR REPLACE FUNCTION fashionos.max_booking_length()
 RETURNS interval
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT interval '14 days' $function$;
CREATE OR REPLACE FUNCTION fashionos.max_open_slots_per_day()
 RETURNS integer
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT 48 $function$;
CREATE OR REPLACE FUNCTION fashionos.member_relations(p_kinds "char"[], p_schemas regnamespace[] DEFAULT NULL::regnamespace[])
 RETURNS SETOF regclass
 LANGUAGE sql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
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
$function$;
CREATE OR REPLACE FUNCTION fashionos.on_sale_statuses()
 RETURNS text[]
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT '{planning,active}'::text[] $function$;
CREATE OR REPLACE FUNCTION fashionos.option_default_expiry()
 RETURNS interval
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT interval '72 hours' $function$;
CREATE OR REPLACE FUNCTION fashionos.option_in_line(p_option fashionos.options)
 RETURNS boolean
 LANGUAGE sql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
    SELECT fashionos.option_is_live(p_option)
       AND (p_option.status <> 'open'
            OR NOT EXISTS (SELECT 1 FROM public.events e WHERE e.id = p_option.event_id AND e.status = 'cancelled'))
$function$;
CREATE OR REPLACE FUNCTION fashionos.option_is_live(p_option fashionos.options)
 RETURNS boolean
 LANGUAGE sql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
    SELECT (p_option.status = 'open' AND p_option.expires_at > pg_catalog.now())
        OR (p_option.status = 'confirmed' AND EXISTS (
                SELECT 1 FROM fashionos.bookings b
                 WHERE b.source_table = p_option.resource_type || '_availability'
                   AND b.source_id = p_option.booking_id AND b.resource_id = p_option.resource_id))
$function$;
CREATE OR REPLACE FUNCTION fashionos.option_max_expiry()
 RETURNS interval
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT interval '30 days' $function$;
CREATE OR REPLACE FUNCTION fashionos.option_rank(p_option fashionos.options)
 RETURNS integer
 LANGUAGE sql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
    SELECT r.rank FROM fashionos.option_ranks(p_option.resource_type, p_option.resource_id, p_option.id) r
$function$;
CREATE OR REPLACE FUNCTION fashionos.option_ranks(p_resource_type text, p_resource_id uuid, p_only uuid DEFAULT NULL::uuid)
 RETURNS TABLE(option_id uuid, rank integer)
 LANGUAGE sql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
    WITH o AS MATERIALIZED (
        SELECT x.id, x.seq, x.status, x.during AS asked, fashionos.option_stands(x) AS stands,
               fashionos.option_in_line(x) AS in_line
          FROM fashionos.options x
         WHERE x.resource_type = p_resource_type AND x.resource_id = p_resource_id AND x.status IN ('open', 'confirmed'))
    SELECT p.id, CASE WHEN p.in_line THEN 1 + (
               SELECT pg_catalog.count(*)::integer FROM o x
                WHERE x.in_line AND x.id <> p.id
                  AND x.stands OPERATOR(pg_catalog.&&) p.asked
                  AND (x.status <> 'confirmed', x.seq) < (p.status <> 'confirmed', p.seq)) END
      FROM o p
     WHERE p_only IS NULL OR p.id = p_only
$function$;
CREATE OR REPLACE FUNCTION fashionos.option_row(p_option fashionos.options)
 RETURNS public.booking_option
 LANGUAGE sql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
    SELECT fashionos.option_row(p_option, fashionos.option_rank(p_option))
$function$;
CREATE OR REPLACE FUNCTION fashionos.option_row(p_option fashionos.options, p_rank integer)
 RETURNS public.booking_option
 LANGUAGE sql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
    SELECT ROW(p_option.id, p_option.resource_type, p_option.resource_id, p_option.event_id,
               pg_catalog.lower(p_option.during), pg_catalog.upper(p_option.during),
               CASE WHEN p_option.status = 'open' AND p_option.expires_at <= pg_catalog.now() THEN 'expired'
                    WHEN p_option.status = 'confirmed' AND NOT fashionos.option_is_live(p_option) THEN 'released'
                    ELSE p_option.status END,
               p_rank, p_option.requested_rank, p_option.expires_at,
               p_option.requested_at, p_option.promoted_at, p_option.booking_id,
               p_option.status = 'open' AND EXISTS (
                   SELECT 1 FROM fashionos.bookings b
                    WHERE b.resource_type = p_option.resource_type AND b.resource_id = p_option.resource_id
                      AND b.during OPERATOR(pg_catalog.&&) p_option.during
                      AND b.status IN ('booked', 'blocked') AND b.engagement <> p_option.event_id))::public.booking_option
$function$;
CREATE OR REPLACE FUNCTION fashionos.option_stands(p_option fashionos.options)
 RETURNS tstzrange
 LANGUAGE sql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
    SELECT CASE WHEN p_option.status = 'confirmed'
                THEN (SELECT b.during FROM fashionos.bookings b
                       WHERE b.source_table = p_option.resource_type || '_availability'
                         AND b.source_id = p_option.booking_id AND b.resource_id = p_option.resource_id)
                ELSE p_option.during END
$function$;
CREATE OR REPLACE FUNCTION fashionos.paid_along(p_registration_id uuid)
 RETURNS SETOF uuid
 LANGUAGE sql
 STABLE STRICT
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
    WITH RECURSIVE back AS (
        SELECT p_registration_id AS id
        UNION
        SELECT x.registration_id FROM fashionos.ticket_exchanges x JOIN back b ON x.new_registration_id = b.id)
    SELECT id FROM back
$function$;
CREATE OR REPLACE FUNCTION fashionos.range_text(p_during tstzrange)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
    SELECT pg_catalog.format('[%s, %s)',
        pg_catalog.to_char(pg_catalog.lower(p_during) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
        pg_catalog.to_char(pg_catalog.upper(p_during) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
$function$;
CREATE OR REPLACE FUNCTION fashionos.reopen_ticket_tier(p_ticket_tier_id uuid)
 RETURNS public.ticket_tier_sale
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT fashionos.set_ticket_tier_closed(p_ticket_tier_id, false) $function$;
CREATE OR REPLACE FUNCTION fashionos.reservation_of(p_registration_id uuid)
 RETURNS uuid
 LANGUAGE sql
 STABLE PARALLEL SAFE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
    SELECT coalesce((SELECT m.reservation_id FROM fashionos.reservation_members m
                      WHERE m.registration_id = p_registration_id), p_registration_id)
$function$;
CREATE OR REPLACE FUNCTION fashionos.resource_map()
 RETURNS TABLE(resource_type text, resource_table text, user_column text, availability_table text, availability_column text)
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
    VALUES ('venue', 'public.venues', 'owner_id', 'public.venue_availability', 'venue_id'),
           ('model', 'public.model_profiles', 'user_id', 'public.model_availability', 'model_profile_id'),
           ('designer', 'public.designer_profiles', 'user_id', 'public.designer_availability', 'designer_profile_id'),
           ('stakeholder', 'public.stakeholders', 'user_id', NULL, NULL)
$function$;
CREATE OR REPLACE FUNCTION fashionos.resource_tables(p_resource_type text)
 RETURNS TABLE(resource_table regclass, user_column name, availability_table regclass, availability_column name)
 LANGUAGE sql
 STABLE PARALLEL SAFE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
    SELECT m.resource_table::pg_catalog.regclass, m.user_column::name,
           m.availability_table::pg_catalog.regclass, m.availability_column::name
      FROM fashionos.resource_map() m
     WHERE m.resource_type = p_resource_type
$function$;
CREATE OR REPLACE FUNCTION fashionos.setting_range(p_setting name)
 RETURNS int4range
 LANGUAGE sql
 STABLE PARALLEL SAFE STRICT
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
    SELECT pg_catalog.int4range(m.bounds[1]::integer, m.bounds[2]::integer, '[]')
      FROM pg_catalog.pg_constraint AS c
      JOIN pg_catalog.pg_attribute AS a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
     CROSS JOIN LATERAL pg_catalog.regexp_match(pg_catalog.pg_get_constraintdef(c.oid),
                                                '^CHECK \(\(\(\w+ >= (-?\d+)\) AND \(\w+ <= (-?\d+)\)\)\)$') AS m(bounds)
     WHERE c.conrelid = 'fashionos.event_settings'::pg_catalog.regclass AND c.contype = 'c'
       AND pg_catalog.cardinality(c.conkey) = 1 AND a.attname = p_setting
       AND m.bounds IS NOT NULL  -- a CHECK that is not such a range (time_zone's)
$function$;
CREATE OR REPLACE FUNCTION fashionos.ticket_tier_sale_row(p_tier public.ticket_tiers, p_staff boolean)
 RETURNS public.ticket_tier_sale
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
    SELECT ROW(p_tier.id, p_tier.event_id, p_tier.name, p_tier.type, p_tier.price, p_tier.quantity_total,
               p_tier.quantity_sold, GREATEST(p_tier.quantity_total - p_tier.quantity_sold, 0),
               CASE WHEN p_tier.type IN ('comp', 'press') THEN 'organizers_only'
                    WHEN k.closed_at IS NOT NULL THEN 'closed'
                    WHEN NOT fashionos.event_on_sale(p_tier.event_id) THEN 'event_not_on_sale'
                    WHEN p_tier.quantity_total = 0 THEN 'not_on_sale_yet'
                    WHEN p_tier.quantity_sold >= p_tier.quantity_total THEN 'sold_out'
                    ELSE 'on_sale' END,
               k.closed_at,
               CASE WHEN p_staff THEN (SELECT pg_catalog.count(*)::integer FROM fashionos.waitlist_entries w
                                        WHERE w.ticket_tier_id = p_tier.id AND w.status = 'waiting') END)::public.ticket_tier_sale
      FROM (SELECT 1) AS one
      LEFT JOIN fashionos.closed_tiers k ON k.ticket_tier_id = p_tier.id
$function$;
CREATE OR REPLACE FUNCTION fashionos.waitlist_entry_row(p_entry fashionos.waitlist_entries, p_claim_token text DEFAULT NULL::text, p_position integer DEFAULT NULL::integer)
 RETURNS public.waitlist_entry
 LANGUAGE sql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
    SELECT ROW(p_entry.id, p_entry.ticket_tier_id, p_entry.event_id, p_entry.attendee_email, p_entry.attendee_name,
               CASE WHEN p_entry.status IN ('offered', 'claimed') AND h.expires_at IS NOT NULL AND h.expires_at <= pg_catalog.now()
                    THEN 'lapsed'
                    -- a claimed ticket cancelled while its payment was awaited (a free one is
                    -- the waiter's from the claim, and stays claimed when cancelled later)
                    WHEN p_entry.status = 'claimed' AND r.status = 'cancelled'
                     AND EXISTS (SELECT 1 FROM public.payments p WHERE p.registration_id = r.id)
                     AND NOT EXISTS (SELECT 1 FROM public.payments p
                                      WHERE p.registration_id = r.id AND p.status IN ('completed', 'refunded'))
                    THEN 'lapsed'
                    -- an open offer the organizers marked paid is the waiter's ticket
                    WHEN p_entry.status = 'offered' AND r.status IN ('confirmed', 'attended')
                    THEN 'claimed'
                    ELSE p_entry.status END,
               CASE WHEN p_entry.status = 'waiting' THEN coalesce(p_position, 1 + (
                   SELECT pg_catalog.count(*)::integer FROM fashionos.waitlist_entries x
                    WHERE x.ticket_tier_id = p_entry.ticket_tier_id AND x.status = 'waiting' AND x.seq < p_entry.seq)) END,
               p_entry.registration_id, h.expires_at, p_entry.joined_at, p_claim_token)::public.waitlist_entry
      FROM (SELECT 1) AS one
      LEFT JOIN fashionos.registration_holds h
        ON h.registration_id = p_entry.registration_id AND p_entry.status IN ('offered', 'claimed')
      LEFT JOIN public.registrations r
        ON r.id = p_entry.registration_id AND p_entry.status IN ('offered', 'claimed')
$function$;
CREATE OR REPLACE FUNCTION fashionos.writer_is_operator()
 RETURNS boolean
 LANGUAGE sql
 STABLE PARALLEL SAFE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
    SELECT pg_catalog.current_setting('role') = 'none'
       AND coalesce((SELECT r.rolsuper OR r.oid = (SELECT e.extowner FROM pg_catalog.pg_extension e WHERE e.extname = 'fashionos')
                       FROM pg_catalog.pg_roles r WHERE r.rolname = SESSION_USER), false)
$function$;
CREATE OR REPLACE FUNCTION fashionos.writer_is_server()
 RETURNS boolean
 LANGUAGE sql
 STABLE PARALLEL SAFE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
    SELECT coalesce((SELECT r.rolsuper OR r.rolbypassrls OR pg_catalog.pg_has_role(r.oid, 'service_role', 'MEMBER')
                       FROM pg_catalog.pg_roles r WHERE r.rolname = current_user), false)
$function$;
CREATE OR REPLACE FUNCTION public.book_resource(p_resource_type text, p_resource_id uuid, p_event_id uuid, p_start timestamp with time zone, p_end timestamp with time zone, p_status text DEFAULT 'booked'::text)
 RETURNS uuid
 LANGUAGE sql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT fashionos.book_resource(fashionos.required(p_resource_type, 'p_resource_type'), fashionos.required(p_resource_id, 'p_resource_id'), fashionos.required(p_event_id, 'p_event_id'), fashionos.required(p_start, 'p_start'), fashionos.required(p_end, 'p_end'), fashionos.required(p_status, 'p_status')) $function$;
CREATE OR REPLACE FUNCTION public.cancel_registration(p_registration_id uuid)
 RETURNS SETOF public.registration_change
 LANGUAGE sql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT * FROM fashionos.cancel_registration(fashionos.required(p_registration_id, 'p_registration_id')) $function$;
CREATE OR REPLACE FUNCTION public.check_in(p_token text, p_event_id uuid)
 RETURNS SETOF public.check_in_result
 LANGUAGE sql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT * FROM fashionos.check_in(fashionos.required(p_token, 'p_token'), fashionos.required(p_event_id, 'p_event_id')) $function$;
CREATE OR REPLACE FUNCTION public.check_ticket_inventory(p_event_id uuid DEFAULT NULL::uuid)
 RETURNS SETOF public.ticket_inventory
 LANGUAGE sql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT * FROM fashionos.check_ticket_inventory(p_event_id) $function$;
CREATE OR REPLACE FUNCTION public.claim_waitlist_offer(p_token text DEFAULT NULL::text, p_entry_id uuid DEFAULT NULL::uuid)
 RETURNS SETOF public.ticket_reservation
 LANGUAGE sql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT * FROM fashionos.claim_waitlist_offer(p_token, p_entry_id) $function$;
CREATE OR REPLACE FUNCTION public.close_ticket_tier(p_ticket_tier_id uuid)
 RETURNS public.ticket_tier_sale
 LANGUAGE sql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT fashionos.close_ticket_tier(fashionos.required(p_ticket_tier_id, 'p_ticket_tier_id')) $function$;
CREATE OR REPLACE FUNCTION public.complete_payment(p_payment_id uuid, p_provider text DEFAULT NULL::text, p_provider_transaction_id text DEFAULT NULL::text)
 RETURNS SETOF public.payment_outcome
 LANGUAGE sql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT * FROM fashionos.complete_payment(fashionos.required(p_payment_id, 'p_payment_id'), p_provider, p_provider_transaction_id) $function$;
CREATE OR REPLACE FUNCTION public.confirm_option(p_option_id uuid)
 RETURNS SETOF public.booking_option
 LANGUAGE sql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT * FROM fashionos.confirm_option(p_option_id) $function$;
CREATE OR REPLACE FUNCTION public.decline_option(p_option_id uuid)
 RETURNS SETOF public.booking_option
 LANGUAGE sql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT * FROM fashionos.decline_option(p_option_id) $function$;
CREATE OR REPLACE FUNCTION public.door_bundle(p_event_id uuid, p_since bigint DEFAULT NULL::bigint, p_include_names boolean DEFAULT true)
 RETURNS json
 LANGUAGE sql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT fashionos.door_bundle(fashionos.required(p_event_id, 'p_event_id'), p_since, fashionos.required(p_include_names, 'p_include_names'))::json $function$;
CREATE OR REPLACE FUNCTION public.erase_person(p_email text DEFAULT NULL::text, p_user_id uuid DEFAULT NULL::uuid)
 RETURNS jsonb
 LANGUAGE sql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT fashionos.erase_person(p_email, p_user_id) $function$;
CREATE OR REPLACE FUNCTION public.event_conflicts(p_event_id uuid, p_limit integer DEFAULT 1000)
 RETURNS SETOF public.booking_conflict
 LANGUAGE sql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT * FROM fashionos.event_conflicts(p_event_id, p_limit) $function$;
CREATE OR REPLACE FUNCTION public.events_on_sale(p_from timestamp with time zone DEFAULT NULL::timestamp with time zone, p_organization_slug text DEFAULT NULL::text)
 RETURNS SETOF public.event_listing
 LANGUAGE sql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT * FROM fashionos.events_on_sale(p_from, p_organization_slug) $function$;
CREATE OR REPLACE FUNCTION public.exchange_ticket(p_registration_id uuid, p_ticket_tier_id uuid)
 RETURNS SETOF public.ticket_reservation
 LANGUAGE sql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT * FROM fashionos.exchange_ticket(fashionos.required(p_registration_id, 'p_registration_id'), fashionos.required(p_ticket_tier_id, 'p_ticket_tier_id')) $function$;
CREATE OR REPLACE FUNCTION public.fail_payment(p_payment_id uuid)
 RETURNS SETOF public.payment_outcome
 LANGUAGE sql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT * FROM fashionos.fail_payment(fashionos.required(p_payment_id, 'p_payment_id')) $function$;
CREATE OR REPLACE FUNCTION public.find_conflicts(p_resource_type text, p_resource_id uuid, p_from timestamp with time zone DEFAULT NULL::timestamp with time zone, p_to timestamp with time zone DEFAULT NULL::timestamp with time zone, p_limit integer DEFAULT 1000)
 RETURNS SETOF public.booking_conflict
 LANGUAGE sql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT * FROM fashionos.find_conflicts(p_resource_type, p_resource_id, p_from, p_to, p_limit) $function$;
CREATE OR REPLACE FUNCTION public.forget_waitlist_email(p_email text)
 RETURNS integer
 LANGUAGE sql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT fashionos.forget_waitlist_email(fashionos.required(p_email, 'p_email')) $function$;
CREATE OR REPLACE FUNCTION public.get_event_settings(p_event_id uuid)
 RETURNS SETOF public.event_settings_values
 LANGUAGE sql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT * FROM fashionos.get_event_settings(fashionos.required(p_event_id, 'p_event_id')) $function$;
CREATE OR REPLACE FUNCTION public.import_tickets(p_source text, p_tickets jsonb)
 RETURNS SETOF public.imported_ticket
 LANGUAGE sql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT * FROM fashionos.import_tickets(fashionos.required(p_source, 'p_source'), fashionos.required(p_tickets, 'p_tickets')) $function$;
CREATE OR REPLACE FUNCTION public.issue_guest_list(p_ticket_tier_id uuid, p_guests jsonb)
 RETURNS SETOF public.guest_ticket
 LANGUAGE sql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT * FROM fashionos.issue_guest_list(fashionos.required(p_ticket_tier_id, 'p_ticket_tier_id'), fashionos.shallow_json(p_guests, 'p_guests', 3)) $function$;
CREATE OR REPLACE FUNCTION public.join_waitlist(p_ticket_tier_id uuid, p_attendee_email text, p_attendee_name text)
 RETURNS SETOF public.waitlist_entry
 LANGUAGE sql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT * FROM fashionos.join_waitlist(p_ticket_tier_id, fashionos.required(p_attendee_email, 'p_attendee_email'), fashionos.required(p_attendee_name, 'p_attendee_name')) $function$;
CREATE OR REPLACE FUNCTION public.leave_waitlist(p_token text DEFAULT NULL::text, p_entry_id uuid DEFAULT NULL::uuid)
 RETURNS SETOF public.waitlist_entry
 LANGUAGE sql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT * FROM fashionos.leave_waitlist(p_token, p_entry_id) $function$;
CREATE OR REPLACE FUNCTION public.list_options(p_resource_type text DEFAULT NULL::text, p_resource_id uuid DEFAULT NULL::uuid, p_event_id uuid DEFAULT NULL::uuid)
 RETURNS SETOF public.booking_option
 LANGUAGE sql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT * FROM fashionos.list_options(p_resource_type, p_resource_id, p_event_id) $function$;
CREATE OR REPLACE FUNCTION public.list_ticket_exchanges(p_event_id uuid)
 RETURNS SETOF public.ticket_exchange
 LANGUAGE sql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT * FROM fashionos.list_ticket_exchanges(fashionos.required(p_event_id, 'p_event_id')) $function$;
CREATE OR REPLACE FUNCTION public.list_waitlist(p_ticket_tier_id uuid)
 RETURNS SETOF public.waitlist_entry
 LANGUAGE sql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT * FROM fashionos.list_waitlist(fashionos.required(p_ticket_tier_id, 'p_ticket_tier_id')) $function$;
CREATE OR REPLACE FUNCTION public.my_schedule(p_from timestamp with time zone DEFAULT NULL::timestamp with time zone)
 RETURNS SETOF public.talent_schedule_item
 LANGUAGE sql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT * FROM fashionos.my_schedule(p_from) $function$;
CREATE OR REPLACE FUNCTION public.my_tickets()
 RETURNS SETOF public.my_ticket
 LANGUAGE sql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT * FROM fashionos.my_tickets() $function$;
CREATE OR REPLACE FUNCTION public.my_waitlist()
 RETURNS SETOF public.waitlist_entry
 LANGUAGE sql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT * FROM fashionos.my_waitlist() $function$;
CREATE OR REPLACE FUNCTION public.payment_history(p_event_id uuid, p_from timestamp with time zone DEFAULT NULL::timestamp with time zone, p_to timestamp with time zone DEFAULT NULL::timestamp with time zone)
 RETURNS SETOF public.payment_event
 LANGUAGE sql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT * FROM fashionos.payment_history(fashionos.required(p_event_id, 'p_event_id'), p_from, p_to) $function$;
CREATE OR REPLACE FUNCTION public.payment_webhook(json)
 RETURNS SETOF public.payment_webhook_result
 LANGUAGE sql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT * FROM fashionos.payment_webhook(fashionos.required($1, 'the request body')::text) $function$;
CREATE OR REPLACE FUNCTION public.prune_history(p_before timestamp with time zone)
 RETURNS jsonb
 LANGUAGE sql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT fashionos.prune_history(fashionos.required(p_before, 'p_before')) $function$;
CREATE OR REPLACE FUNCTION public.qr_code_svg(p_data text, p_size integer DEFAULT 256)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT fashionos.qr_code_svg(fashionos.required(p_data, 'p_data'), fashionos.required(p_size, 'p_size')) $function$;
CREATE OR REPLACE FUNCTION public.recount_ticket_tiers(p_event_id uuid)
 RETURNS SETOF public.ticket_inventory
 LANGUAGE sql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT * FROM fashionos.recount_ticket_tiers(fashionos.required(p_event_id, 'p_event_id')) $function$;
CREATE OR REPLACE FUNCTION public.refund_payment(p_payment_id uuid)
 RETURNS SETOF public.payment_outcome
 LANGUAGE sql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT * FROM fashionos.refund_payment(fashionos.required(p_payment_id, 'p_payment_id')) $function$;
CREATE OR REPLACE FUNCTION public.reissue_ticket(p_registration_id uuid)
 RETURNS text
 LANGUAGE sql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT fashionos.reissue_ticket(fashionos.required(p_registration_id, 'p_registration_id')) $function$;
CREATE OR REPLACE FUNCTION public.release_booking(p_resource_type text, p_booking_id uuid)
 RETURNS void
 LANGUAGE sql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT fashionos.release_booking(fashionos.required(p_resource_type, 'p_resource_type'), fashionos.required(p_booking_id, 'p_booking_id')) $function$;
CREATE OR REPLACE FUNCTION public.release_expired_holds(p_ticket_tier_id uuid DEFAULT NULL::uuid)
 RETURNS bigint
 LANGUAGE sql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT fashionos.release_expired_holds(p_ticket_tier_id) $function$;
CREATE OR REPLACE FUNCTION public.release_option(p_option_id uuid)
 RETURNS SETOF public.booking_option
 LANGUAGE sql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT * FROM fashionos.release_option(p_option_id) $function$;
CREATE OR REPLACE FUNCTION public.reopen_ticket_tier(p_ticket_tier_id uuid)
 RETURNS public.ticket_tier_sale
 LANGUAGE sql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT fashionos.reopen_ticket_tier(fashionos.required(p_ticket_tier_id, 'p_ticket_tier_id')) $function$;
CREATE OR REPLACE FUNCTION public.request_option(p_resource_type text, p_resource_id uuid, p_event_id uuid, p_start timestamp with time zone, p_end timestamp with time zone, p_expires_at timestamp with time zone DEFAULT NULL::timestamp with time zone)
 RETURNS SETOF public.booking_option
 LANGUAGE sql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT * FROM fashionos.request_option(fashionos.required(p_resource_type, 'p_resource_type'), fashionos.required(p_resource_id, 'p_resource_id'), fashionos.required(p_event_id, 'p_event_id'), fashionos.required(p_start, 'p_start'), fashionos.required(p_end, 'p_end'), p_expires_at) $function$;
CREATE OR REPLACE FUNCTION public.reserve_tickets(p_ticket_tier_id uuid, p_quantity integer, p_attendee_email text, p_attendee_name text, p_user_id uuid DEFAULT NULL::uuid, p_idempotency_key text DEFAULT NULL::text)
 RETURNS SETOF public.ticket_reservation
 LANGUAGE sql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT * FROM fashionos.reserve_tickets(fashionos.required(p_ticket_tier_id, 'p_ticket_tier_id'), fashionos.required(p_quantity, 'p_quantity'), fashionos.required(p_attendee_email, 'p_attendee_email'), fashionos.required(p_attendee_name, 'p_attendee_name'), p_user_id, p_idempotency_key) $function$;
CREATE OR REPLACE FUNCTION public.retire_signing_key(p_key_id text)
 RETURNS integer
 LANGUAGE sql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT fashionos.retire_signing_key(fashionos.required(p_key_id, 'p_key_id')) $function$;
CREATE OR REPLACE FUNCTION public.rotate_signing_key()
 RETURNS text
 LANGUAGE sql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT fashionos.rotate_signing_key() $function$;
CREATE OR REPLACE FUNCTION public.set_event_settings(p_event_id uuid, p_time_zone text DEFAULT NULL::text, p_walk_min_gap integer DEFAULT NULL::integer, p_hold_minutes integer DEFAULT NULL::integer, p_call_time_minutes integer DEFAULT NULL::integer, p_buyer_max_tickets integer DEFAULT NULL::integer, p_buyer_max_tickets_per_tier integer DEFAULT NULL::integer, p_buyer_max_holds integer DEFAULT NULL::integer, p_waitlist_offer_minutes integer DEFAULT NULL::integer)
 RETURNS SETOF public.event_settings_values
 LANGUAGE sql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT * FROM fashionos.set_event_settings(
        p_event_id => fashionos.required(p_event_id, 'p_event_id'), p_time_zone => p_time_zone, p_walk_min_gap => p_walk_min_gap,
        p_hold_minutes => p_hold_minutes, p_call_time_minutes => p_call_time_minutes,
        p_buyer_max_tickets => p_buyer_max_tickets, p_buyer_max_tickets_per_tier => p_buyer_max_tickets_per_tier,
        p_buyer_max_holds => p_buyer_max_holds, p_waitlist_offer_minutes => p_waitlist_offer_minutes) $function$;
CREATE OR REPLACE FUNCTION public.set_payment_webhook_secret(p_provider text, p_secret text)
 RETURNS text
 LANGUAGE sql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT fashionos.set_payment_webhook_secret(fashionos.required(p_provider, 'p_provider'), fashionos.required(p_secret, 'p_secret')) $function$;
CREATE OR REPLACE FUNCTION public.set_walk_order(p_event_id uuid, p_event_model_ids uuid[])
 RETURNS SETOF public.event_models
 LANGUAGE sql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
    SELECT fashionos.set_walk_order(p_event_id, p_event_model_ids);
    SELECT em.* FROM public.event_models em WHERE em.event_id = p_event_id ORDER BY em.walk_order, em.id;
$function$;
CREATE OR REPLACE FUNCTION public.subject_data(p_email text DEFAULT NULL::text, p_user_id uuid DEFAULT NULL::uuid)
 RETURNS jsonb
 LANGUAGE sql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT fashionos.subject_data(p_email, p_user_id) $function$;
CREATE OR REPLACE FUNCTION public.sync_door_scans(p_event_id uuid, p_scans jsonb)
 RETURNS SETOF public.door_scan_result
 LANGUAGE sql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT * FROM fashionos.sync_door_scans(fashionos.required(p_event_id, 'p_event_id'), fashionos.shallow_json(fashionos.required(p_scans, 'p_scans'), 'p_scans', 32)) $function$;
CREATE OR REPLACE FUNCTION public.take_waitlist_offers(p_limit integer DEFAULT 100)
 RETURNS SETOF public.waitlist_offer_notice
 LANGUAGE sql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT * FROM fashionos.take_waitlist_offers(fashionos.required(p_limit, 'p_limit')) $function$;
CREATE OR REPLACE FUNCTION public.talent_names(p_profile_ids uuid[])
 RETURNS SETOF public.talent_name
 LANGUAGE sql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT * FROM fashionos.talent_names(fashionos.required(p_profile_ids, 'p_profile_ids')) $function$;
CREATE OR REPLACE FUNCTION public.ticket_qr_svg(p_registration_id uuid, p_size integer DEFAULT 256)
 RETURNS text
 LANGUAGE sql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT fashionos.ticket_qr_svg(fashionos.required(p_registration_id, 'p_registration_id'), fashionos.required(p_size, 'p_size')) $function$;
CREATE OR REPLACE FUNCTION public.ticket_signing_keys()
 RETURNS SETOF public.ticket_signing_key
 LANGUAGE sql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT * FROM fashionos.ticket_signing_keys() $function$;
CREATE OR REPLACE FUNCTION public.ticket_tier_sales(p_event_id uuid)
 RETURNS SETOF public.ticket_tier_sale
 LANGUAGE sql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT * FROM fashionos.ticket_tier_sales(fashionos.required(p_event_id, 'p_event_id')) $function$;
CREATE OR REPLACE FUNCTION public.ticketing_health()
 RETURNS SETOF public.health_check
 LANGUAGE sql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT * FROM fashionos.ticketing_health() $function$;
CREATE OR REPLACE FUNCTION public.transfer_ticket(p_registration_id uuid, p_attendee_email text, p_attendee_name text, p_user_id uuid DEFAULT NULL::uuid)
 RETURNS text
 LANGUAGE sql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT fashionos.transfer_ticket(fashionos.required(p_registration_id, 'p_registration_id'), fashionos.required(p_attendee_email, 'p_attendee_email'), fashionos.required(p_attendee_name, 'p_attendee_name'), p_user_id) $function$;
CREATE OR REPLACE FUNCTION public.undo_check_in(p_registration_id uuid)
 RETURNS SETOF public.registration_change
 LANGUAGE sql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT * FROM fashionos.undo_check_in(fashionos.required(p_registration_id, 'p_registration_id')) $function$;
CREATE OR REPLACE FUNCTION public.validate_walk_order(p_event_id uuid, p_min_gap integer DEFAULT NULL::integer)
 RETURNS SETOF public.walk_order_violation
 LANGUAGE sql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT * FROM fashionos.validate_walk_order(p_event_id, p_min_gap) $function$;
CREATE OR REPLACE FUNCTION public.verify_ticket(p_token text)
 RETURNS SETOF public.ticket_verification
 LANGUAGE sql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT * FROM fashionos.verify_ticket(fashionos.required(p_token, 'p_token')) $function$;
CREATE OR REPLACE FUNCTION public.waitlist_status(p_token text DEFAULT NULL::text, p_entry_id uuid DEFAULT NULL::uuid)
 RETURNS SETOF public.waitlist_entry
 LANGUAGE sql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT * FROM fashionos.waitlist_status(p_token, p_entry_id) $function$;
COMMENT ON FUNCTION fashionos.approved_by_the_caller() IS 'Trigger of shoot_assets: an API client sets approved_by only to himself or null (42501); server-side code records approvals as sent.';
COMMENT ON FUNCTION fashionos.attendee_name_problem(p_name text) IS 'What is wrong with a cleaned attendee name (empty or too long, control or direction-override characters, no visible characters), or null: the rule of reserve_tickets, join_waitlist and direct edits of registrations.';
COMMENT ON FUNCTION fashionos.attendee_name_rule() IS 'The rule attendee_name_problem checks, as the detail of a refusal.';
COMMENT ON FUNCTION fashionos.call_times_to_ledger() IS 'Trigger: copies a call time into the booking ledger (PT409 on a double booking, 22007 for an unreadable time, 42501 for a model booked without its consent).';
COMMENT ON FUNCTION fashionos.caller_sees_tier(p_ticket_tier_id uuid) IS 'Whether the caller may read the tier: on sale, of his organization (or server-side code), or he holds a ticket or a waitlist entry of it; false when it does not exist.';
COMMENT ON FUNCTION fashionos.cancelled_event_keeps_only(p_source_table text, p_source_id uuid, p_event_id uuid, p_resource_type text, p_resource_id uuid, p_during tstzrange, p_status text, p_consent boolean, p_what text, p_row text, p_written boolean) IS 'For a call time or rehearsal of a cancelled event whose booking is computed again (not written): keeps its ledger row only when unchanged and still agreed to, otherwise drops it; true when it settled the row.';
COMMENT ON FUNCTION fashionos.cascading_rows(p_table regclass, p_id uuid) IS 'Per table, the rows whose foreign key to the row (p_id of p_table) cascades on its deletion, when there are any: what deleting it would delete with it.';
COMMENT ON FUNCTION fashionos.check_booking_range(p_start timestamp with time zone, p_end timestamp with time zone, p_zone text) IS 'Refuses (22023) a range that is empty, unbounded, longer than fashionos.max_booking_length() (on the calendar of p_zone, the event''s time zone, when given), or wholly in the past.';
COMMENT ON FUNCTION fashionos.check_ticket_inventory(p_event_id uuid) IS 'Implementation of public.check_ticket_inventory (SECURITY DEFINER: reads every tier and registration, for server-side code).';
COMMENT ON FUNCTION fashionos.claim_locked_offer(v fashionos.waitlist_entries) IS 'The claim of an offer whose entry and hold row are locked (fashionos.claim_waitlist_offer): the ticket becomes the waiter''s to pay (its hold extended) or his at once (a free tier).';
COMMENT ON FUNCTION fashionos.clean_name(p_name text) IS 'An attendee name as it is stored: without the white space around it, in Unicode NFC form.';
COMMENT ON FUNCTION fashionos.dates_in_range() IS 'Trigger of the tables of public with date and time columns of their own (its arguments): refuses dates outside the years 1900 to 9999, infinity included (22023; the operator''s own session, a restore, loads rows as they are).';
COMMENT ON FUNCTION fashionos.directory_entry_in_use() IS 'Trigger of sponsor_organizations and fashion_brands: an entry other rows name is not deleted (PT409 with the counts), for every writer of the API: the spec''s cascades would delete every organization''s deals, designer profiles and collections with it (the operator''s own session deletes as the spec says).';
COMMENT ON FUNCTION fashionos.drop_unused_install_keys() IS 'Drops the signing key an installation made once older (restored) keys are there, if it signed no ticket, so that the restored keys sign; returns how many it dropped.';
COMMENT ON FUNCTION fashionos.erase_person(p_email text, p_user_id uuid) IS 'Implementation of public.erase_person (SECURITY DEFINER: pseudonymises a person''s rows across every organization and the private ledgers, for server-side code answering an erasure request).';
COMMENT ON FUNCTION fashionos.event_dates_in_range() IS 'Trigger of public.events: refuses dates outside the years 1900 to 9999, infinity included (22023; the operator''s own session, a restore, loads rows as they are).';
COMMENT ON FUNCTION fashionos.event_keeps_sales() IS 'Trigger of public.events: an event with live tickets or completed or refunded payments is not deleted (PT409), by any writer; cancel it instead.';
COMMENT ON FUNCTION fashionos.event_models_walk_order_lock() IS 'Trigger of public.event_models: a casting written into an event takes the event''s walk-order lock shared (set_walk_order takes it exclusive).';
COMMENT ON FUNCTION fashionos.event_on_sale(p_event_id uuid) IS 'True when the event sells tickets (its status is one of fashionos.on_sale_statuses() and it has not ended: fashionos.event_sales_end); its ticket tiers are public.';
COMMENT ON FUNCTION fashionos.event_rehearsals_to_ledger() IS 'Trigger: copies a rehearsal into the booking ledger as a booking of the event''s venue (PT409 on a double booking, 22007 for an unreadable time slot, 42501 for a venue booked without its consent).';
COMMENT ON FUNCTION fashionos.event_sales_end(p_start_date timestamp with time zone, p_end_date timestamp with time zone) IS 'When an event''s ticket sale closes: its end_date, or 24 hours after its start_date when it has none.';
COMMENT ON FUNCTION fashionos.event_settings_to_ledger() IS 'Trigger: recomputes an event''s call times and rehearsals in the ledger, and the dates of its availability rows, when its time zone or call length changes.';
COMMENT ON FUNCTION fashionos.events_back_from_cancelled() IS 'Trigger of public.events: an event whose status leaves cancelled books its call times and rehearsals again, asking consent anew (PT409 naming the first row that cannot be booked).';
COMMENT ON FUNCTION fashionos.exchange_ticket(p_registration_id uuid, p_ticket_tier_id uuid) IS 'Implementation of public.exchange_ticket (SECURITY DEFINER: takes a ticket of the other tier and gives the old one back after checking the caller).';
COMMENT ON FUNCTION fashionos.forget_waitlist_email(p_email text) IS 'Implementation of public.forget_waitlist_email (SECURITY DEFINER: deletes the private waitlist entries of an address, for server-side code).';
COMMENT ON FUNCTION fashionos.forget_waitlist_entries(p_entry_ids uuid[]) IS 'Deletes waitlist entries with the personal data they keep; a live offer is declined (its hold ends now; the ticket goes on at the next release of expired holds) and the registration of an unclaimed offer is pseudonymised. Returns how many entries went.';
COMMENT ON FUNCTION fashionos.guard_resource_delete() IS 'Trigger: refuses (PT409) deleting a venue, model or designer profile with future bookings of other organizations; otherwise drops its options (its castings go by their foreign keys).';
COMMENT ON FUNCTION fashionos.id_never_changes() IS 'Trigger of every table of public: refuses an update that changes the row''s id (42501, for every writer).';
COMMENT ON FUNCTION fashionos.import_refusal(p_n integer, p_legacy_id text, p_message text, p_detail text, p_hint text) IS 'Raises the 22023 refusal of one ticket of an import_tickets call, naming its position and legacy id.';
COMMENT ON FUNCTION fashionos.import_tickets(p_source text, p_tickets jsonb) IS 'Implementation of public.import_tickets (SECURITY DEFINER: writes registrations, payments and their history as the ticketing functions do, for server-side code).';
COMMENT ON FUNCTION fashionos.import_time(p_n integer, p_legacy_id text, p_object jsonb, p_field text) IS 'Reads a time of a ticket of an import_tickets call (ISO 8601 text, between 1900 and now), refusing it by name (22023).';
COMMENT ON FUNCTION fashionos.is_time_zone(p_name text) IS 'True when the name is one of the time zone database (IANA name such as Europe/Paris, or UTC; any case), not a POSIX rule such as UTC+5, a fixed offset with the POSIX sign (Etc/GMT+5), localtime, posixrules or Factory.';
COMMENT ON FUNCTION fashionos.issue_guest_list(p_ticket_tier_id uuid, p_guests jsonb) IS 'Implementation of public.issue_guest_list (SECURITY DEFINER: reads what each address holds of the tier, and issues the rest with fashionos.reserve_tickets, as the calling organizer).';
COMMENT ON FUNCTION fashionos.key_share_event(p_event_id uuid) IS 'Locks an event''s row FOR KEY SHARE before a row referencing it is written; PT404 event not found when it was deleted meanwhile.';
COMMENT ON FUNCTION fashionos.key_share_resource(p_resource_type text, p_resource_id uuid) IS 'Locks a venue''s, model''s, designer''s or stakeholder''s row FOR KEY SHARE before a row referencing it is written; PT404 when it was deleted meanwhile.';
COMMENT ON FUNCTION fashionos.known_time_zone(p_name text) IS 'Whether a name is a zone of the time zone database (an IANA name or UTC, any case), not a POSIX rule, a fixed offset with the POSIX sign, localtime, posixrules or Factory; the names of pg_timezone_names are read once per session (fashionos.is_time_zone, the CHECK of an event''s time zone).';
COMMENT ON FUNCTION fashionos.limit_open_slots() IS 'Trigger: refuses (PT409) a row without an event when its resource already has fashionos.max_open_slots_per_day() such rows starting on the same UTC day.';
COMMENT ON FUNCTION fashionos.links_are_web() IS 'Trigger of the tables of public with link columns (its arguments): an API client (anon, authenticated) writes only http or https addresses there (22023); server-side code and restores are not held to it.';
COMMENT ON FUNCTION fashionos.list_ticket_exchanges(p_event_id uuid) IS 'Implementation of public.list_ticket_exchanges (SECURITY DEFINER: reads the private fashionos.ticket_exchanges, for the members of the event''s organization and server-side code).';
COMMENT ON FUNCTION fashionos.local_time_text(p_at timestamp with time zone, p_zone text) IS 'An instant as local date and time in a zone, with its offset from UTC and the zone''s name (YYYY-MM-DD HH:MI:SS +HH:MM Zone).';
COMMENT ON FUNCTION fashionos.lock_event_schedule(p_event_id uuid, p_exclusive boolean) IS 'Takes the transaction-level advisory lock of an event''s schedule: shared by a writer of one call time or rehearsal before it reads the event''s settings and venues, exclusive by a recompute of the whole event, so that neither misses the other.';
COMMENT ON FUNCTION fashionos.lock_row_schedules(p_old_event_id uuid, p_new_event_id uuid) IS 'Takes the schedule locks (shared) of the old and new event of a call time or rehearsal, in id order, before its ledger row is written or removed.';
COMMENT ON FUNCTION fashionos.lock_task_dependencies(p_event_ids uuid[]) IS 'Takes the transaction-level advisory locks of the task dependencies of events, in the order of their ids (the triggers of public.tasks).';
COMMENT ON FUNCTION fashionos.lock_waitlist_entries(p_entry_ids uuid[]) IS 'Locks waitlist entries, each after the hold row of its offer, waiting for an offer''s hold that another transaction has (FXW02) with every entry let go.';
COMMENT ON FUNCTION fashionos.locked_waitlist_entry(p_entry_id uuid) IS 'Locks a waitlist entry after the hold row of its offer (the order of every release) and returns it as it is now; FXW02 when an offer made meanwhile has a hold another transaction has (the caller waits for it and asks again).';
COMMENT ON FUNCTION fashionos.my_schedule(p_from timestamp with time zone) IS 'Implementation of public.my_schedule (SECURITY DEFINER: reads, for the caller''s own profiles, the ledger, the private options and the events'' names, status and time zones, which talent cannot read).';
COMMENT ON FUNCTION fashionos.my_tickets() IS 'Implementation of public.my_tickets (SECURITY DEFINER: the public columns of the events of the caller''s own registrations, which he may not read from the events table).';
COMMENT ON FUNCTION fashionos.my_waitlist() IS 'Implementation of public.my_waitlist (SECURITY DEFINER: reads the private waitlist, the caller''s own entries only).';
COMMENT ON FUNCTION fashionos.name_key(p_name text) IS 'The key by which names are compared: NFKC form, without characters that show nothing, each run of white space one space, trimmed, lower case (a rehearsal''s location against the names of the venues its event books).';
COMMENT ON FUNCTION fashionos.not_on_sale_detail(p_event_id uuid, p_tier_name text) IS 'The detail of the refusal "event is not on sale": the event''s status, or when its sale closed; to a caller outside its organization (who cannot read the tier or the event) neither the tier''s name nor the event''s status.';
COMMENT ON FUNCTION fashionos.numbers_not_nan() IS 'Trigger of the tables of public with numeric columns (its arguments): refuses NaN in them (22023, for every writer of the API; the operator''s own session, a restore, loads rows as they are).';
COMMENT ON FUNCTION fashionos.organizations_slug_url_safe() IS 'Trigger of public.organizations: an API client writes only URL-safe slugs (22023); server-side code and restores are not held to it.';
COMMENT ON FUNCTION fashionos.paid_along_amount(p_registration_id uuid) IS 'The sum of the completed payments of a registration and of those it replaced by exchanges (fashionos.paid_along).';
COMMENT ON FUNCTION fashionos.payment_currency() IS 'The currency of the payments the ticketing functions create: the default of public.payments.currency, the currency of tier prices.';
COMMENT ON FUNCTION fashionos.payment_history(p_event_id uuid, p_from timestamp with time zone, p_to timestamp with time zone) IS 'Implementation of public.payment_history (SECURITY DEFINER: reads the private ledger, for the members of the event''s organization and server-side code).';
COMMENT ON FUNCTION fashionos.payments_ledger() IS 'Trigger of public.payments: adds an entry to fashionos.payment_events for every change of a payment''s status.';
COMMENT ON FUNCTION fashionos.personal_rows_in_use() IS 'Trigger of stakeholders and the four connection tables: a member who is not an owner or admin of the organization does not delete a contact or connection that the organization''s rows use (PT409 with the counts): the cascade would delete rows only owners and admins delete.';
COMMENT ON FUNCTION fashionos.post_times_match_status() IS 'Trigger of instagram_posts and facebook_posts: a scheduled post has scheduled_at, a published one published_at (22023; the operator''s own session loads rows as they are).';
COMMENT ON FUNCTION fashionos.prune_history(p_before timestamp with time zone) IS 'Implementation of public.prune_history (SECURITY DEFINER: deletes private rows of events that ended before p_before and old webhook events and idempotency keys, for server-side code).';
COMMENT ON FUNCTION fashionos.rebuild_bookings() IS 'Recomputes the booking ledger from venue_availability, model_availability, designer_availability, call_times and event_rehearsals; returns the number of ledger rows. PT409 when the sources hold a double booking. Run after a restore made with triggers disabled (it also lets the restored signing keys sign).';
COMMENT ON FUNCTION fashionos.recount_ticket_tiers(p_event_id uuid) IS 'Implementation of public.recount_ticket_tiers (SECURITY DEFINER: sets quantity_sold of an event''s tiers to their live registrations, for server-side code).';
COMMENT ON FUNCTION fashionos.refuse_booking_for_cancelled_event(p_event_id uuid, p_row text, p_written boolean) IS 'Refuses (PT409 event is cancelled) a row just written that would book a resource for a cancelled event (the operator''s own session excepted).';
COMMENT ON FUNCTION fashionos.refuse_cancelled_event(p_event_id uuid, p_detail text, p_hint text) IS 'Refuses (PT409 event is cancelled) when the event is cancelled: options are neither requested nor confirmed for it.';
COMMENT ON FUNCTION fashionos.refuse_unless_runs(p_relation text, p_event_id uuid, p_message text, p_hint text) IS 'Refuses (42501, with the message and hint given) unless the caller''s relation to the event is runs.';
COMMENT ON FUNCTION fashionos.register_config_dumps() IS 'Registers every table and sequence of the extension but the derived ones (fashionos.bookings, fashionos.door_changes) and the database''s own marker (fashionos.door_database) with pg_extension_config_dump, so that pg_dump dumps their rows. Only from the extension''s own scripts.';
COMMENT ON FUNCTION fashionos.registration_attendee() IS 'Trigger: a used or cancelled ticket keeps its attendee (PT409, but for the extension''s functions); a corrected attendee e-mail is trimmed, lower-cased and must be plausible, a corrected name trimmed, in NFC form, 1 to 200 characters and printable (22023), as reserve_tickets requires.';
COMMENT ON FUNCTION fashionos.release_before_sold_out(p_ticket_tier_id uuid) IS 'Releases the expired holds of a tier that a buyer found full, waiting for the holds another transaction has without holding the tier''s row; returns how many tickets went back.';
COMMENT ON FUNCTION fashionos.release_tier_holds(p_ticket_tier_id uuid) IS 'Releases the expired holds of one tier for the extension''s own functions (the waitlist, the sweep), asking nothing of their caller; returns how many tickets went back.';
COMMENT ON FUNCTION fashionos.require_event_visible(p_event_id uuid) IS 'Refuses (PT404 event not found) an event the caller does not see; else what the caller is to it (runs or member, as caller_event_relation says).';
COMMENT ON FUNCTION fashionos.require_planning_consent(p_resource_type text, p_resource_id uuid, p_event_id uuid, p_during tstzrange, p_what text, p_row text) IS 'Refuses (42501) a call time or rehearsal that would book a model or venue the event''s organization does not control, unless the booked rows of the resource''s calendar for the event cover the time together (confirmed options, or the resource''s own bookings); server-side code is let through.';
COMMENT ON FUNCTION fashionos.require_rehearsals_kept(p_relied uuid[], p_venues uuid[], p_what text, p_hint text) IS 'Refuses (PT409) a change of an event''s venue bookings or of a venue''s name after which rehearsals that booked a venue (p_relied, p_venues pairwise) book another or none; server-side code, deletions of the event or the venue and cancelled events are let through.';
COMMENT ON FUNCTION fashionos.require_signed_in(p_function text, p_what text, p_instead text) IS 'The signed-in caller''s user id; 42501 "not signed in" when the request names no user.';
COMMENT ON FUNCTION fashionos.require_tier_visible(p_ticket_tier_id uuid) IS 'Refuses (PT404 ticket tier not found) a tier the caller may not read (fashionos.caller_sees_tier); else the tier''s event.';
COMMENT ON FUNCTION fashionos.required(p_value anyelement, p_name text) IS 'Returns the argument, or raises 22023 "<name> is required" when it is null: how every public function refuses a null for an argument that needs a value.';
COMMENT ON FUNCTION fashionos.restored_signing_key() IS 'Trigger of fashionos.signing_keys: when keys are loaded (a restore), fashionos.drop_unused_install_keys() drops the key the restore''s CREATE EXTENSION made, so that the restored keys sign.';
COMMENT ON FUNCTION fashionos.retire_signing_key(p_key_id text) IS 'Implementation of public.retire_signing_key (SECURITY DEFINER: retires a key and reissues the live tickets it signed, for server-side code).';
COMMENT ON FUNCTION fashionos.rotate_signing_key() IS 'Implementation of public.rotate_signing_key (SECURITY DEFINER: writes the private key table, for server-side code).';
COMMENT ON FUNCTION fashionos.rows_move_with_their_creator() IS 'Trigger of events, campaigns and shoots: server-side code that moves the row or changes its creator must name a creator of its organization (PT409); an event with registrations and a shoot with payments do not move (PT409); API clients are held by row level security (42501).';
COMMENT ON FUNCTION fashionos.rows_stay_in_their_organization() IS 'Trigger of stakeholders, the four connection tables and cloudinary_assets: an update by server-side code that would give the row to a user (an asset) of another organization is refused (PT409); API clients are refused by row level security (42501).';
COMMENT ON FUNCTION fashionos.server_timestamps() IS 'Trigger of every table of public: an API client''s insert takes now() for created_at and updated_at (its arguments: the columns the table has), an update keeps created_at; server-side code writes them as they are.';
COMMENT ON FUNCTION fashionos.set_ticket_tier_closed(p_ticket_tier_id uuid, p_closed boolean) IS 'Implementation of public.close_ticket_tier and public.reopen_ticket_tier (SECURITY DEFINER: writes the private fashionos.closed_tiers after checking that the caller runs the event).';
COMMENT ON FUNCTION fashionos.set_updated_at() IS 'Trigger: sets updated_at to now() on an UPDATE that changes the row; an update that changes nothing but the timestamps keeps it.';
COMMENT ON FUNCTION fashionos.shallow_json(p_value jsonb, p_name text, p_levels integer) IS 'Returns the JSON argument, or raises 22023 "<name> is nested too deeply" when it holds values more than p_levels levels deep (the Rust functions read JSON up to 128 levels).';
COMMENT ON FUNCTION fashionos.shoot_payments_kept() IS 'Trigger of shoot_payments and shoots: for API clients, paid_at is set exactly when a payment is paid (22023), a paid payment is not changed or deleted (42501), and a shoot with paid payments is not deleted (PT409); server-side code corrects records.';
COMMENT ON FUNCTION fashionos.shopify_shops_domain_is_a_store() IS 'Trigger of public.shopify_shops: an API client writes a store''s myshopify.com domain in lower case (22023), so that one store is connected once; server-side code and restores are not held to it.';
COMMENT ON FUNCTION fashionos.shown(p_value text) IS 'A value a client sent, as an error detail shows it: quoted, at most 100 characters, with its length when longer.';
COMMENT ON FUNCTION fashionos.sponsors_one_per_company() IS 'Trigger of sponsors: a second row of one company for one event is refused with 23505 naming the company and the row that has it (the unique index idx_sponsors_event_company stays the guarantee).';
COMMENT ON FUNCTION fashionos.subject_data(p_email text, p_user_id uuid) IS 'Implementation of public.subject_data (SECURITY DEFINER: reads every organization''s rows and the private ledgers for server-side code answering an access request).';
COMMENT ON FUNCTION fashionos.subject_key(p_function text, p_email text, p_user_id uuid) IS 'The checks of subject_data and erase_person: server-side code (42501), p_email or p_user_id (22023), a plausible address (22023); returns the address as registrations store it (fashionos.buyer_key), or NULL.';
COMMENT ON FUNCTION fashionos.subject_sets(p_key text, p_user_id uuid, OUT registrations uuid[], OUT attended uuid[], OUT waiting uuid[], OUT payments uuid[], OUT contacts uuid[], OUT model_profiles uuid[], OUT designer_profiles uuid[], OUT venues uuid[]) IS 'The ids from which subject_data and erase_person reach a person''s rows: his registrations (by stored address or user) and those he attends, the waitlist entries he waits in, their payments and the ones he paid, the contact cards that carry his address, his talent profiles and venues.';
COMMENT ON FUNCTION fashionos.sweep_expired_holds(p_ticket_tier_ids uuid[]) IS 'Releases the expired holds of these tiers (NULL: every tier with one), tier by tier, waiting a fifth of a second at most for a tier''s row and passing over a tier whose count is below its expired holds; returns how many tickets went back.';
COMMENT ON FUNCTION fashionos.sync_call_time_booking(p_call public.call_times, p_consent boolean, p_written boolean) IS 'Writes the ledger row of a call time: the model or stakeholder, booked from the call (read in the event''s time zone) for the event''s call_time_minutes; with p_consent, first the model''s consent (fashionos.require_planning_consent). An unreadable time is refused when just written (p_written), and otherwise books nothing, with a warning, if it booked nothing before.';
COMMENT ON FUNCTION fashionos.sync_event_bookings(p_event_id uuid, p_call_times boolean) IS 'Recomputes the ledger rows of an event''s rehearsals and, when asked, of its call times, asking the consent of each venue and model anew (fashionos.require_planning_consent).';
COMMENT ON FUNCTION fashionos.sync_event_dates(p_event_id uuid) IS 'Sets the date of an event''s rows in the three availability tables to the day they start in the event''s time zone (after the zone changed).';
COMMENT ON FUNCTION fashionos.sync_rehearsal_booking(p_rehearsal public.event_rehearsals, p_consent boolean, p_written boolean) IS 'Writes the ledger row of a rehearsal: its time slot read in the event''s time zone, at the venue fashionos.rehearsal_venue resolves; with p_consent, first the venue''s consent (fashionos.require_planning_consent). An unreadable slot is refused when just written (p_written), and otherwise books nothing, with a warning, if it booked nothing before.';
COMMENT ON FUNCTION fashionos.talent_names(p_profile_ids uuid[]) IS 'Implementation of public.talent_names (SECURITY DEFINER: reads the name and picture of the users behind profiles, which row level security keeps to their organization).';
COMMENT ON FUNCTION fashionos.task_dependency_cycle(p_event_id uuid) IS NULL;
COMMENT ON FUNCTION fashionos.tasks_dependencies_hold() IS 'Trigger of tasks, once per INSERT or UPDATE statement: dependency_task_ids names tasks of the task''s own event (23503), each once, never the task itself, no null (22023), without a cycle (PT409, fashionos.task_dependency_cycle); a task that others wait for does not move to another event (PT409). The operator''s own session, a restore, loads rows as they are.';
COMMENT ON FUNCTION fashionos.tasks_dependency_deleted() IS 'Trigger of tasks, once per DELETE statement: removes the deleted tasks'' ids from the dependency_task_ids of the tasks of their events.';
COMMENT ON FUNCTION fashionos.ticket_now(p_registration_id uuid) IS 'The registration a ticket is now: the end of its chain of exchanges (fashionos.ticket_exchanges), or itself.';
COMMENT ON FUNCTION fashionos.ticket_tier_guard() IS 'Trigger: a ticket tier that has registrations or waitlist entries keeps its event_id, one with a live waitlist is not made comp or press, and quantity_total does not go below quantity_sold (PT409, for every writer).';
COMMENT ON FUNCTION fashionos.ticket_tier_sales(p_event_id uuid) IS 'Implementation of public.ticket_tier_sales (SECURITY DEFINER: reads which tiers are closed, and the queue''s length for the organizers).';
COMMENT ON FUNCTION fashionos.ticketing_health() IS 'Implementation of public.ticketing_health (SECURITY DEFINER: reads every tier, registration, hold, waitlist entry, webhook event and the cluster''s transactions, for server-side code).';
COMMENT ON FUNCTION fashionos.transaction_id_problem(p_id text) IS 'What is wrong with a provider transaction id (too long, or not printable ASCII with no spaces around it), or NULL: the rule of complete_payment and import_tickets.';
COMMENT ON FUNCTION fashionos.transfer_ticket(p_registration_id uuid, p_attendee_email text, p_attendee_name text, p_user_id uuid) IS 'Implementation of public.transfer_ticket (SECURITY DEFINER: changes the attendee and reissues the token after checking the caller).';
COMMENT ON FUNCTION fashionos.unreadable_books_nothing(p_source_table text, p_source_id uuid, p_written boolean, p_what text, p_error text) IS 'Whether a call time or rehearsal whose time no longer reads books nothing (with a warning) instead of refusing the change: in the operator''s own session, or when computed again for another reason than its own write and it booked nothing before.';
COMMENT ON FUNCTION fashionos.users_email_door() IS 'Trigger of public.users: the e-mail of a profile changes only server-side (service_role, a superuser or a role that bypasses row level security), as the sign-in address does; 42501 for anon and authenticated.';
COMMENT ON FUNCTION fashionos.users_last_owner() IS 'Trigger of public.users: the last owner of an organization is not demoted, moved or deleted (PT409, for every writer) while the organization exists.';
COMMENT ON FUNCTION fashionos.users_move_references() IS 'Trigger of public.users: a member named by rows of his organization (creator, owner, assignee, member, uploader, approver, his contacts and connections) is not moved to another organization, and one named as creator or uploader is not deleted (PT409 with the counts).';
COMMENT ON FUNCTION fashionos.users_role_door() IS 'Trigger of public.users: says why a role or organization change is refused (42501 with the rule) before the policy''s bare refusal: a role changed by a viewer or organizer, someone made owner by a non-owner, a move by an API client.';
COMMENT ON FUNCTION fashionos.waitlist_back_on_sale() IS 'Trigger: an event came (back) on sale; the tickets of its tiers that are free while entries wait are offered to those entries first.';
COMMENT ON FUNCTION fashionos.waitlist_forget_user() IS 'Trigger of public.users: a deleted user''s waitlist entries go with him (fashionos.forget_waitlist_entries); they were anonymous entries keeping his address before.';
COMMENT ON FUNCTION fashionos.waitlist_minimise() IS 'Trigger of fashionos.waitlist_entries: an entry that is left or lapsed keeps no address and no name.';
COMMENT ON FUNCTION fashionos.waitlist_settle(p_ticket_tier_id uuid) IS 'Releases the expired holds of a tier, if any (fashionos.release_tier_holds): lapsed offers pass on to the next waiting entries.';
COMMENT ON FUNCTION fashionos.close_ticket_tier(p_ticket_tier_id uuid) IS 'Implementation of public.close_ticket_tier (fashionos.set_ticket_tier_closed).';
COMMENT ON FUNCTION fashionos.is_handle_or_web_link(p_value text) IS 'Whether a text is a social handle (@ and 1 to 30 letters, digits, dots or underscores, as Instagram''s) or a link clients may render (fashionos.is_web_link).';
COMMENT ON FUNCTION fashionos.is_web_link(p_url text) IS 'Whether a text is a link clients may render: an absolute http or https address with a host, a relative reference without a scheme (a path such as /storage/v1/object/public/a.png, a storage key), or empty; without white space, control or invisible characters, of at most 2,048 characters.';
COMMENT ON FUNCTION fashionos.lock_offer_hold(p_entry_id uuid) IS 'Locks the hold row of a waitlist entry''s offer, if any (the first lock of every change of its ticket).';
COMMENT ON FUNCTION fashionos.lock_resource_options(p_resource_type text, p_resource_id uuid) IS 'Takes the transaction-level advisory lock of one resource''s options and direct bookings: its writers take turns.';
COMMENT ON FUNCTION fashionos.option_in_line(p_option fashionos.options) IS 'True while an option stands in line for its resource: live, and, when open, its event not cancelled.';
COMMENT ON FUNCTION fashionos.option_is_live(p_option fashionos.options) IS 'True while an option holds its place: open and not past its expiry, or confirmed with its booking still in the ledger, on its resource.';
COMMENT ON FUNCTION fashionos.option_rank(p_option fashionos.options) IS 'The rank of an option in line (1 = 1st; fashionos.option_ranks); NULL when it is not live, or open for a cancelled event.';
COMMENT ON FUNCTION fashionos.option_ranks(p_resource_type text, p_resource_id uuid, p_only uuid) IS 'The rank of every open or confirmed option of one resource, or of one of them (p_only), in one pass: 1 + the options in line ahead of it on overlapping ranges, confirmed ones first, then in request order; NULL when it is not in line.';
COMMENT ON FUNCTION fashionos.option_row(p_option fashionos.options, p_rank integer) IS 'An option as public.booking_option, with the rank given: its status as of now.';
COMMENT ON FUNCTION fashionos.option_stands(p_option fashionos.options) IS 'The range an option stands on: an open one on the range it asked for, a confirmed one on its booking''s range in the ledger.';
COMMENT ON FUNCTION fashionos.paid_along(p_registration_id uuid) IS 'A registration and those it replaced by exchanges (fashionos.ticket_exchanges), back to the first: whose payments paid it.';
COMMENT ON FUNCTION fashionos.range_text(p_during tstzrange) IS 'A time range for error details: [start, end) in UTC (YYYY-MM-DDTHH:MI:SSZ).';
COMMENT ON FUNCTION fashionos.reopen_ticket_tier(p_ticket_tier_id uuid) IS 'Implementation of public.reopen_ticket_tier (fashionos.set_ticket_tier_closed).';
COMMENT ON FUNCTION fashionos.reservation_of(p_registration_id uuid) IS 'The reservation a ticket was bought in (the first ticket''s registration id of one reserve_tickets call), also once it is paid; a ticket bought alone is its own.';
COMMENT ON FUNCTION fashionos.setting_range(p_setting name) IS 'The range [lo, hi] a whole-number setting of fashionos.event_settings may take, read from its CHECK constraint; NULL for a setting without one.';
COMMENT ON FUNCTION fashionos.ticket_tier_sale_row(p_tier public.ticket_tiers, p_staff boolean) IS 'A tier''s sale as public.ticket_tier_sale: its counts, whether it sells and why not, when it was closed, and (p_staff) how many wait for it.';
COMMENT ON FUNCTION fashionos.waitlist_entry_row(p_entry fashionos.waitlist_entries, p_claim_token text, p_position integer) IS 'A waitlist entry as public.waitlist_entry: its status, its position among the waiting entries of its tier (1 = next), the offer''s registration and deadline.';
COMMENT ON FUNCTION fashionos.writer_is_operator() IS 'Whether the session is the operator''s own: a superuser or the extension''s owner (who restores it), logged in, that switched to no role (pg_restore, psql as the owner). The rules on new values do not hold it: it loads rows as they are. A backend''s own login, even one that bypasses row level security, is server-side code, held like service_role.';
COMMENT ON FUNCTION fashionos.writer_is_server() IS 'Whether the role writing a row (current_user, not the request''s role) is server-side code: service_role, a superuser or a role that bypasses row level security. The triggers that hold API clients only to a rule ask it.';
COMMENT ON FUNCTION public.book_resource(p_resource_type text, p_resource_id uuid, p_event_id uuid, p_start timestamp with time zone, p_end timestamp with time zone, p_status text) IS 'Books a venue, model or designer (p_resource_type, p_resource_id) for an event from p_start to p_end (status booked, or tentative: a hold that may overlap); returns the id of the new venue_availability, model_availability or designer_availability row. Errors: 22023 bad argument (400), PT404 event or resource not found (404), 42501 caller does not run the event (401/403), PT409 already booked (DETAIL names the colliding booking), event is cancelled (409).';
COMMENT ON FUNCTION public.cancel_registration(p_registration_id uuid) IS 'Cancels a registration: its ticket goes back on sale exactly once, its token is revoked, a pending payment fails (a completed one stays completed: refund it with refund_payment). Attendees cancel their own unpaid or free registrations; the event''s organizers any unused one. A second cancel returns changed = false. Errors: PT404 (404), 42501 (401/403), PT409 registration was already used (409).';
COMMENT ON FUNCTION public.check_in(p_token text, p_event_id uuid) IS 'Checks a ticket in at the door of an event, exactly once: outcome checked_in, or already_checked_in with the time of the first scan. For organizers, admins and owners of the event''s organization. Errors: 22023 token not valid (malformed, tampered, foreign) (400), PT404 event or ticket not found (404), 42501 not door staff (401/403), PT409 event is cancelled, ticket revoked, cancelled, unpaid or for another event (409).';
COMMENT ON FUNCTION public.check_ticket_inventory(p_event_id uuid) IS 'For server-side code and monitoring (with the service key): the tiers, of one event or of all (p_event_id left out), whose quantity_sold differs from their live registrations (pending, confirmed or attended). The ticketing functions keep the two equal in every committed state, so every row is a problem: tickets written around them. An empty answer is the healthy one. Errors: 42501 not server-side code (401/403).';
COMMENT ON FUNCTION public.claim_waitlist_offer(p_token text, p_entry_id uuid) IS 'Claims the offer of a waitlist entry (by its claim token, or by entry id for the signed-in user who joined) and returns the reservation, as reserve_tickets does, at the tier''s price when claimed (the price may have changed since the offer): a priced tier''s ticket is then held for the event''s hold time and paid through the payment webhook (payment_id); a free tier''s ticket is confirmed at once. Claiming again returns the same reservation. Errors: 22023 neither or both arguments (400), PT404 no such entry for the caller (404), PT409 no offer yet (still waiting), offer expired (its ticket passed to the next entry), left the waitlist, event is not on sale (cancelled, completed or ended since the offer) (409).';
COMMENT ON FUNCTION public.close_ticket_tier(p_ticket_tier_id uuid) IS 'Closes the sale of a tier for good (an early-bird tier replaced, a tier split): reserve_tickets refuses buyers (PT409 tier is closed; the event''s organizers and server-side code may still issue), join_waitlist refuses, and a ticket given back (expiry, cancellation, refund) stays unsold instead of going to a buyer or the waitlist; offers made before stay claimable. Closing a closed tier answers the same. Returns the tier''s sale. For the event''s organizers, admins and owners, and service_role. Errors: 22023 null id (400), PT404 tier not visible (404), 42501 caller does not run the event (401/403).';
COMMENT ON FUNCTION public.complete_payment(p_payment_id uuid, p_provider text, p_provider_transaction_id text) IS 'Marks a pending payment completed and confirms its registration (payment webhook or the event''s organizers). Idempotent for the same provider transaction (changed = false). Errors: 22023 unknown provider (400), PT404 not found (404), 42501 not allowed (401/403), PT409 payment not pending, completed with another transaction (a second charge: refund it), transaction already pays another order (another reservation; for Stripe pass the PaymentIntent id), or reservation expired / registration cancelled: the ticket went back on sale before the payment, or event is cancelled (refund the charge) (409).';
COMMENT ON FUNCTION public.confirm_option(p_option_id uuid) IS 'Confirms a 1st option: books its range for its event (a venue_availability, model_availability or designer_availability row, booking_id in the answer). Only the talent behind the profile, the venue owner or server-side code (an agency back office) confirms; confirming a confirmed option answers the same. Errors: 22023 null id (400), PT404 option not visible (404), 42501 caller is not the talent, venue owner or service_role (401/403), PT409 not the 1st option, option expired, declined or released, its event is cancelled, its range already ended, or the range is booked meanwhile (409).';
COMMENT ON FUNCTION public.erase_person(p_email text, p_user_id uuid) IS 'For server-side code answering a person''s erasure request (with the service key, once it has checked who asks), before it deletes his account: pseudonymises his rows in every organization, keeping the books, and returns how many rows each source changed ({"waitlist":n,"registrations":n,...}). His waitlist entries go (forget_waitlist_email''s rules: a live offer is declined); his registrations stay, still admitting and still the record of the sale: where he is the attendee (his address) as attendee_name ''Erased'' and attendee_email ''erased-<registration id>@erased.invalid'', where he is the buyer (his user id) without user_id (a ticket he bought for a friend keeps the friend''s name; one a friend bought for him keeps the friend as buyer); payments, the payment history, door scans and options keep amounts, statuses and times without his user id; contact cards (stakeholders) that carry his address keep no name, address or phone, nor sponsors'' and model agencies'' contact fields; idempotency keys past their 24 hours are deleted. Found by address and by user id as subject_data finds them. Not the account: delete the auth user next (his profile, talent profiles, venues, own contacts and connections go with it). All or nothing; a second run changes nothing and answers zeros. Errors: 42501 not server-side code (401/403), 22023 neither argument, or p_email not an e-mail address (400).';
COMMENT ON FUNCTION public.exchange_ticket(p_registration_id uuid, p_ticket_tier_id uuid) IS 'Exchanges a confirmed ticket for one of another tier of the same event (an upgrade at the box office), in one transaction: a ticket of the other tier is taken for the same attendee first (a full tier refuses and the old ticket stays), then the old one is cancelled and given back to its tier. What the old ticket''s completed payment paid counts toward the new price: the new ticket is confirmed when it costs no more (nothing is refunded by itself), else held with a pending payment of the difference, completed like any other (complete_payment with the terminal''s transaction). Returns the new ticket as reserve_tickets does. For the event''s organizers, admins and owners, and service_role. Errors: 22023 null argument (400), PT404 registration or tier not found (404), 42501 caller does not run the event (401/403), PT409 tier of another event, ticket is of this tier already, registration pending, used (undo_check_in first) or cancelled, sold out, not enough tickets left or tier not on sale yet, event is cancelled (a difference to pay) (409).';
COMMENT ON FUNCTION public.forget_waitlist_email(p_email text) IS 'For server-side code answering a person''s erasure request (with the service key): deletes every waitlist entry of an e-mail address (compared as reserve_tickets'' limits compare them: case, width and spaces aside), with the name and address it keeps, and returns how many went. A live offer is declined (its hold ends; the ticket goes to the next in line at the next release of expired holds, and the offer''s registration keeps no name or address); a claimed offer is a registration, which stays (the record of a sale). A signed-in user''s entries go by themselves when his account is deleted. Errors: 42501 not server-side code (401/403), 22023 p_email missing (400).';
COMMENT ON FUNCTION public.get_event_settings(p_event_id uuid) IS 'The settings in force for an event: time zone, minimum walk-order gap in looks, ticket hold minutes, call time minutes, the limits per buyer (attendee e-mail, trimmed, NFKC-normalized and lower-case): live tickets of the event, live tickets of one tier, unpaid tickets on hold; and the minutes a waitlist offer waits for its claim. An event that never set them gets the defaults (this function is where clients read them). For members of the event''s organization. Errors: PT404 event not visible (404).';
COMMENT ON FUNCTION public.import_tickets(p_source text, p_tickets jsonb) IS 'For server-side code moving a producer here from another platform (with the service key): brings in tickets sold there, with their history, and answers one row per ticket. Each ticket (a JSON object) names its legacy_id there, ticket_tier_id, attendee_email, attendee_name, status (confirmed, attended or cancelled), and may name created_at (the sale), checked_in_at (required for attended), user_id, order_id (the tickets of one order form one order here: one provider transaction pays them), legacy_code (the old ticket''s code, one per ticket within the organization: check_in, and verify_ticket for the event''s staff, accept it until the ticket is reissued) and payment {amount, currency, status completed/refunded/failed, provider, provider_transaction_id, paid_at, refunded_at}. Live tickets take their tier''s inventory (quantity_sold counts them; never beyond quantity_total), every ticket gets a signed token, and payment_history dates each payment''s moves at their times there. At most 1000 tickets a call; all or nothing; a ticket already imported from the same source into the same organization is skipped (imported false), so a run can be repeated. Errors: 42501 not server-side code (401/403), 22023 a ticket that cannot be imported, named by position and legacy_id (400), PT409 the import would oversell a tier (409).';
COMMENT ON FUNCTION public.issue_guest_list(p_ticket_tier_id uuid, p_guests jsonb) IS 'Issues a guest list of a tier (comp and press passes, usually) in one call, all or nothing: p_guests is a JSON array of 1 to 1000 {"email", "name", "quantity" (1-10, default 1: plus-ones), "user_id" (optional: the ticket shows in his my_tickets)}. Each guest ends up holding quantity live tickets of the tier: a guest who holds them already (the same address, trimmed, NFKC-normalized and lower-case) gets no more and is answered with his tickets (issued false), so a list sent again issues only what is missing. Returns one row per ticket (public.guest_ticket). A priced paid or vip tier''s tickets are held with pending payments, as reserve_tickets does for organizers. For the event''s organizers, admins and owners, and service_role. Errors: 22023 p_guests not a list, a guest malformed or listed twice (detail: which guest) (400), PT404 tier not visible (404), 42501 caller does not run the event (401/403), PT409 not enough tickets left, event is cancelled (detail: which guest) (409); nothing is issued on any error.';
COMMENT ON FUNCTION public.join_waitlist(p_ticket_tier_id uuid, p_attendee_email text, p_attendee_name text) IS 'Joins the waitlist of a sold-out paid or vip tier for one ticket (anon with an e-mail, or signed in) and returns the entry with its position and its claim_token: the secret that checks, claims and leaves the entry, returned only here (stored hashed). When a ticket of the tier is given back (expiry, cancellation, refund) or quantity_total goes up, the first waiting entry gets an offer: the ticket held in its name for the event''s waitlist_offer_minutes (default 60). An e-mail''s waiting entries and live tickets of the tier stay within the event''s limit per buyer and tier. Errors: 22023 bad argument (400), PT404 tier not found (404), 42501 comp or press tier (401/403), PT409 tier not sold out (buy it), tier not on sale yet (quantity_total 0: the organizers open it by raising it), event not on sale, limit per buyer reached (409).';
COMMENT ON FUNCTION public.list_ticket_exchanges(p_event_id uuid) IS 'The exchanges of an event''s tickets (exchange_ticket), oldest first, for the books: the registration given back and the one that replaced it with their tiers, the attendee, when and by whom, what the new ticket cost then, what the chain had paid before (completed payments along it), the difference''s payment (amount, status) and the ticket the chain is now with its status. A completed payment on a cancelled registration listed here pays the chain''s ticket now, not money owed back. For the members of the event''s organization (any role, as payment_history) and server-side code. Errors: 22023 p_event_id missing (400), PT404 event not found (404), 42501 anon (401).';
COMMENT ON FUNCTION public.my_schedule(p_from timestamp with time zone) IS 'The signed-in talent''s own schedule across organizations, for her model and designer profiles, ending after p_from (default now), in time order: her call times and bookings for events (a confirmed option is a booking), the options waiting for her answer (with their rank), and the shows she is cast in (the event''s time; walk order or collection order in rank). Each item names its event, the event''s status (a cancelled show says so), its organization, its time zone, the UTC start and end, and the start as local time with its offset (call times are written in the event''s time zone). Errors: 42501 not signed in (401).';
COMMENT ON FUNCTION public.my_tickets() IS 'The signed-in user''s tickets (registrations with his user id, bought while signed in or issued in his name), each with its status, token (null once cancelled), check-in, tier, the event''s public columns (name, status, dates, venue, organization), the latest payment and, while unpaid, the hold''s deadline; ordered by the event''s start. Filter and order with PostgREST''s parameters (e.g. status=neq.cancelled). Errors: 42501 not signed in (401/403).';
COMMENT ON FUNCTION public.my_waitlist() IS 'The waitlist entries the signed-in user joined, across all tiers, newest first: status (waiting, offered, claimed, lapsed, left), position while waiting, the offer''s registration and deadline (claim an offer with claim_waitlist_offer and p_entry_id). Errors: 42501 not signed in (401/403).';
COMMENT ON FUNCTION public.payment_history(p_event_id uuid, p_from timestamp with time zone, p_to timestamp with time zone) IS 'The history of an event''s payments, for matching the books to the payment provider''s: one row per change of a payment''s status (pending -> completed, failed or refunded; completed -> refunded), oldest first, with when it happened, the status before and after, the amount and currency, the provider and its transaction, why (complete_payment, fail_payment, refund_payment, hold expired, registration cancelled, payment failed, registration refunded, or direct write), the provider''s webhook event that caused it, and the role and user of the request. p_from (inclusive) and p_to (exclusive) bound the period. For the members of the event''s organization (any role, as they read its payments), and server-side code (which also reads the history of an event deleted since). Errors: 22023 p_from after p_to (400), PT404 event not found (404), 42501 anon (401).';
COMMENT ON FUNCTION public.payment_webhook(json) IS 'The endpoint a payment provider posts its webhook to: POST /rpc/payment_webhook with the provider''s body and signature header, no key needed (anon). Stripe: Stripe-Signature t=<unix>,v1=<hex HMAC-SHA256 of "t.body"> with the secret set by set_payment_webhook_secret, at most 300 s old. payment_intent.succeeded completes the payment named by metadata.payment_id when it paid its amount and currency, or every unpaid payment of its reservation when it paid their sum (one PaymentIntent for an order); charge.refunded, when the charge is refunded in full, refunds every payment its PaymentIntent completed (a refund of another PaymentIntent than the one that paid the named payment refunds nothing); a used ticket''s refund is recorded and the ticket stays used. Other types (payment_intent.payment_failed and .canceled among them: no provider event fails a payment), and payments this database does not have, are acknowledged as ignored. An event id already processed answers duplicate and changes nothing. Errors: PT401 missing, malformed, stale or wrong signature (401, nothing written), 22023 a signed body that is not an event, or a payment id that is not a uuid (400), PT409 the payment''s state does not allow it, or payment amount does not match (409), 55000 no secret set for the provider (500).';
COMMENT ON FUNCTION public.prune_history(p_before timestamp with time zone) IS 'For server-side code on a schedule (with the service key, or a job of the database, on the primary): deletes the private rows no longer needed. For events that ended (end_date, else start_date) before p_before: their door changes, door scans and waitlist entries (every status). By age: payment webhook events received before p_before and more than 7 days ago, idempotency keys older than 24 hours. Keeps the payment history, registrations, payments, revoked tokens (an event dated anew still refuses a reissued ticket''s old token at its doors), signing keys and imported tickets, and every row of events that ended since p_before; the door bundles of live events are unaffected, and no tier is locked. Answers the number of rows deleted per table (and of ended events considered) as a JSON object. p_before must be at least 7 days ago. Errors: 42501 not server-side code (401/403), 22023 p_before missing or too recent (400).';
COMMENT ON FUNCTION public.recount_ticket_tiers(p_event_id uuid) IS 'For server-side code (with the service key): sets quantity_sold of the event''s tiers to their live registrations, after rows were written around the ticketing functions, and answers each tier it changed (quantity_sold before, live_registrations after). A tier with more live tickets than places is refused, and nothing is changed. Errors: 42501 not server-side code (401/403), 22023 p_event_id missing (400), PT404 event not found (404), PT409 a tier is oversold (409).';
COMMENT ON FUNCTION public.release_expired_holds(p_ticket_tier_id uuid) IS 'Releases the expired holds of a tier (or of all tiers, for service_role: the scheduled job; a tier whose row another transaction holds for more than a fifth of a second, or whose count is below its expired holds, is passed over until the next run) and returns how many tickets went back on sale. Holds are also released when a buyer finds a tier full (kept only if his reservation succeeds) and by the waitlist''s mailer. Errors: PT404 tier not found (404), 42501 all tiers without service_role (403).';
COMMENT ON FUNCTION public.reopen_ticket_tier(p_ticket_tier_id uuid) IS 'Reopens a closed tier: the tickets left go to its waitlist first (offers), then on sale. Reopening an open tier answers the same. Returns the tier''s sale. For the event''s organizers, admins and owners, and service_role. Errors: 22023 null id (400), PT404 tier not visible (404), 42501 caller does not run the event (401/403).';
COMMENT ON FUNCTION public.request_option(p_resource_type text, p_resource_id uuid, p_event_id uuid, p_start timestamp with time zone, p_end timestamp with time zone, p_expires_at timestamp with time zone) IS 'Requests an option on a venue, model or designer (p_resource_type, p_resource_id) for an event from p_start to p_end (at most 14 days, not wholly past), expiring at p_expires_at (default in 72 hours, at most 30 days). Options on overlapping ranges rank in order of request (an open option of a cancelled event stands in nobody''s way while it is cancelled); the answer carries the rank. Errors: 22023 bad argument, range too long or past, expiry out of range (400), PT404 event or resource not found (404), 42501 caller does not run the event (401/403), PT409 the event already holds a live option overlapping this range, event is cancelled (409).';
COMMENT ON FUNCTION public.reserve_tickets(p_ticket_tier_id uuid, p_quantity integer, p_attendee_email text, p_attendee_name text, p_user_id uuid, p_idempotency_key text) IS 'Reserves p_quantity (1-50) tickets of a tier for one attendee and returns one row per ticket with its signed token (qr_code_data). Paid and vip tiers with a price: pending registrations with pending payments that hold the tickets for the event''s hold time (default 15 minutes). Free tiers: confirmed at once. comp and press tiers: issued by the event''s organizers only, confirmed at once. Never sells past quantity_total. Limits per buyer (attendee e-mail, trimmed, NFKC-normalized and lower-case; the event''s settings, default 20 live tickets of the event, 10 of a tier, 10 on hold; organizers and server-side code exempt). p_idempotency_key (1-255 characters, kept 24 hours): the same key with the same request returns the same reservation rows (as they are now) instead of a second reservation, also from many connections at once. Errors: 22023 bad argument (400), PT404 tier or user not found (404), 42501 not allowed (401/403), PT409 sold out, not enough tickets left, tier not on sale yet (quantity_total 0), event not on sale, event is cancelled (organizers reserving a ticket that must be paid), limit per buyer reached (the detail gives counts only to the address''s own signed-in user, and never names the address), or idempotency key reused for another request (409).';
COMMENT ON FUNCTION public.retire_signing_key(p_key_id text) IS 'For server-side code (with the service key), when a signing key must no longer be trusted (it leaked): the key stops verifying and is no longer published (ticket_signing_keys, door bundles), and every ticket it signed that is not cancelled (pending, confirmed or used) gets a new token of the newest key, its old one revoked; returns how many were reissued (send the holders of live ones the new tickets: my_tickets, ticket_qr_svg). Signing and verifying wait for the retirement to commit, so a ticket being signed meanwhile is reissued too. A scan made before the retirement and synced later still counts; cancelled tickets of the key read as foreign. A key already retired answers 0. Errors: 42501 not server-side code (401/403), 22023 p_key_id missing (400), PT404 unknown key (404), PT409 it is the only key that signs: rotate first (409), PT503 the key table was busy for half a second (a long import), or one of the key''s tickets was being changed at that moment (a check-in, a reissue): nothing changed, send it again (503).';
COMMENT ON FUNCTION public.rotate_signing_key() IS 'For server-side code (with the service key): makes a new Ed25519 key pair that signs tickets and door bundles from now on, and returns its key id. The older keys still verify, so tickets already sent stay valid; scanners learn the new public key from ticket_signing_keys() or their next door bundle. Errors: 42501 not server-side code (401/403).';
COMMENT ON FUNCTION public.set_event_settings(p_event_id uuid, p_time_zone text, p_walk_min_gap integer, p_hold_minutes integer, p_call_time_minutes integer, p_buyer_max_tickets integer, p_buyer_max_tickets_per_tier integer, p_buyer_max_holds integer, p_waitlist_offer_minutes integer) IS 'Changes an event''s settings (arguments left NULL keep their value): time zone in which rehearsal and call-time dates are read (an IANA name in any case, stored as the time zone database spells it), minimum walk-order gap in looks (1-1000), ticket hold minutes (1-10080), call time minutes (1-1440), limits per buyer: live tickets of the event (1-10000), of one tier (1-10000), unpaid tickets on hold (1-10000); minutes a waitlist offer waits for its claim (1-10080). For the event''s organizers. A new time zone or call length moves the event''s call times and rehearsals (and the dates of its bookings): the change is refused, and nothing written, when one would then collide or need a model''s or venue''s consent. Errors: PT404 (404), 42501 not allowed, or a moved call time or rehearsal would book a model or venue without its consent (401/403), 22023 unknown time zone (400), 23514 value out of range (400), PT409 a moved call time or rehearsal would collide with another booking (409).';
COMMENT ON FUNCTION public.set_payment_webhook_secret(p_provider text, p_secret text) IS 'Sets or rotates the webhook signing secret of a payment provider (stripe, whose webhooks payment_webhook verifies; a paypal or square secret may be stored ahead of their verifiers) and answers set or rotated; after a rotation the previous secret still verifies for 24 hours. The secret is never readable back. For service_role and the database owner. Errors: 42501 not server-side code (401/403), 22023 unknown provider, a secret shorter than 16 characters or with white space around it (400).';
COMMENT ON FUNCTION public.subject_data(p_email text, p_user_id uuid) IS 'For server-side code answering a person''s access request (with the service key, once it has checked who asks): every row of every organization and of the private ledgers that holds the person''s data, found by his e-mail address (compared as the limits per buyer compare them: case, width and spaces aside) and by his user id; pass both for a person with an account. One JSON object with a key per source, each an array of row objects (empty arrays present): users, registrations, payments, payment_history, waitlist, door_scans, reservation_keys, options, stakeholders, event_stakeholders, sponsors (contact fields), model_agencies, model_profiles, designer_profiles, model_availability, designer_availability, event_models, event_designers, call_times, venues, venue_availability, instagram_connections, facebook_connections, shopify_shops, amazon_connections, organizer_teams, organizer_team_members, task_assignees, and named_in (the organization''s records that name the user as creator, uploader, approver or assignee: table, column, id, title). Secrets are left out (ticket tokens, claim and scan token hashes, OAuth access tokens, idempotency request hashes). Free-text columns (notes, descriptions, captions) are not searched. Errors: 42501 not server-side code (401/403), 22023 neither argument, or p_email not an e-mail address (400).';
COMMENT ON FUNCTION public.sync_door_scans(p_event_id uuid, p_scans jsonb) IS 'Syncs scans made offline at the door: p_scans is a JSON array of {token, scanned_at (RFC 3339), gate, device?}, at most 1000. Each scan is recorded and applied once (a batch sent again changes nothing and answers replayed = true); the earliest scan of a ticket wins and its time is the check-in time. One row per scan, in the batch''s order: admitted, duplicate (with the first scan''s time and gate; gate online for check_in), or refused with the reason (malformed, tampered, foreign, wrong_event, unknown, revoked, cancelled, unpaid, event_cancelled, cancelled_after_scan: right when scanned, cancelled or refunded since). A scan synced later that is earlier than the ticket''s check-in becomes it, and names the admission it displaced (displaced_scanned_at, displaced_gate: a second person on the ticket), also on replay. Send only the scans the gate let in. For organizers, admins and owners of the event''s organization. Errors: 22023 a malformed entry, p_scans nested more than 32 levels deep, or a scan time in the future, before the event was created or before its ticket was bought, named by its index (400; nothing of the batch is recorded), PT404 event not found (404), 42501 not door staff (401/403), 25006 on a read-only replica.';
COMMENT ON FUNCTION public.take_waitlist_offers(p_limit integer) IS 'For server-side code that tells waiters of their offers (a mailer, with the service key): the notices of open waitlist offers not taken yet, oldest first, at most p_limit (1-1000, default 100), each handed out once, also to several mailers at once; an offer whose event is off sale waits until it is back. A notice names the entry, event, tier, waiter (user, e-mail, name) and the offer''s deadline; the claim token is not in it (it was returned once, to the waiter): a signed-in waiter claims by entry id, an anonymous one in the app that joined. Every new offer also notifies the channel fashionos_waitlist_offers (payload: the tier id) at commit, for a mailer that LISTENs. Errors: 42501 not server-side code (401/403), 22023 p_limit out of range (400).';
COMMENT ON FUNCTION public.talent_names(p_profile_ids uuid[]) IS 'The names of talent in the directory: for each model or designer profile id given (at most 1000), the profile id, its kind (model or designer), its user, and that user''s full_name and avatar_url, nothing else of the user (not the e-mail). What a casting list, a walk order or a call sheet shows for the models an agency represents, whose users rows another organization cannot read. Ids of no profile are left out. For signed-in users and server-side code. Errors: 22023 null or more than 1000 ids (400), 42501 not signed in (401).';
COMMENT ON FUNCTION public.ticket_qr_svg(p_registration_id uuid, p_size integer) IS 'The ticket of a registration the caller can see, as an SVG QR code of its signed token, p_size pixels a side. Errors: PT404 not visible (404), PT409 ticket is cancelled (409: its token no longer admits), 22023 size out of range (400).';
COMMENT ON FUNCTION public.ticket_tier_sales(p_event_id uuid) IS 'The tiers of an event and whether each sells now (sale: on_sale, sold_out, closed, not_on_sale_yet, event_not_on_sale, organizers_only), with tickets_left and, when closed, closed_at; waiting (the waitlist''s length) for the event''s organizers and server-side code only. For anyone while the event is on sale, else for the members of its organization. Errors: 22023 null id (400), PT404 event not visible (404).';
COMMENT ON FUNCTION public.ticketing_health() IS 'For server-side code and monitoring (with the service key, or a scheduled job): one row per check of ticketing, each with problems 0 when healthy, the oldest time that matters to them, a detail and a hint. Checks: inventory_drift (tiers of current events whose quantity_sold differs from their live registrations), pending_without_hold, cancelled_token_not_revoked (current events: not ended more than 7 days ago), expired_holds and lapsed_offers (more than 2 minutes past their expiry, not released: release_expired_holds is late), stalled_waitlists (free places on a tier on sale while entries wait), unnoticed_offers (open offers the mailer has not taken for 5 minutes), webhook_events_unmatched (the last 24 hours'' payment webhook events that paid or refunded nothing although their type pays or refunds), long_transactions (transactions with an id open longer than the setting fashionos.health_long_transaction, default 5 minutes, anywhere in the cluster: they hold back the door deltas). Errors: 42501 not server-side code (401/403), 22023 fashionos.health_long_transaction is not an interval (400).';
COMMENT ON FUNCTION public.transfer_ticket(p_registration_id uuid, p_attendee_email text, p_attendee_name text, p_user_id uuid) IS 'Gives a confirmed ticket to another attendee (a buyer who cannot come sends a friend; a guest replaced on the list): its attendee name and e-mail become the new attendee''s, its user_id becomes p_user_id (null: the ticket leaves the previous holder''s my_tickets), and its token is replaced, the old one revoked, in one transaction; returns the new token, to send to the new attendee. The payment stays the payer''s. For the event''s organizers, admins and owners, and service_role. Errors: 22023 bad e-mail or name (400), PT404 registration or user not found (404), 42501 caller does not run the event (401/403), PT409 registration is pending (pay first), was already used, or is cancelled (409).';
COMMENT ON FUNCTION public.undo_check_in(p_registration_id uuid) IS 'Undoes a check-in made by mistake at the door: the registration is confirmed again and its check-in time cleared, so the ticket admits once more. For organizers, admins and owners of the event''s organization. changed = false when the registration was not checked in. Errors: PT404 registration not found (404), 42501 not door staff (401/403), PT409 payment was refunded (a used ticket whose payment the provider refunded stays used) (409), 25006 on a read-only replica. Since 0.2.0.';
COMMENT ON FUNCTION public.verify_ticket(p_token text) IS 'Verifies a ticket token without checking it in. valid: the ticket would be let in now. reason: valid, malformed, tampered (signature does not match), foreign (signed by a key this database does not have), unknown (no registration carries it), revoked (a newer ticket was issued), cancelled (cancelled, refunded or expired), event_cancelled (its event was cancelled), unpaid (its payment has not completed), used (checked in already). Status, name and check-in time only for the event''s organizers, the attendee and server-side code. Errors: 22023 p_token is required (400).';

-- 5. Comments of tables and columns, new or reworded (docs/tables.md)
COMMENT ON TABLE fashionos.bookings_set_aside IS 'The bookings that a cancelled event''s call times and rehearsals gave up while it was cancelled (a venue or model released, a zone changed): what each booked when the event was last on. When the event comes back, each row must book that resource again, or the change of status is refused; a row written anew, or deleted, drops its entry. Not derived: dumped.';
COMMENT ON COLUMN fashionos.bookings_set_aside.source_table IS 'call_times or event_rehearsals.';
COMMENT ON COLUMN fashionos.bookings_set_aside.source_id IS 'id of the row.';
COMMENT ON COLUMN fashionos.bookings_set_aside.resource_type IS 'What it booked: venue, model or stakeholder.';
COMMENT ON COLUMN fashionos.bookings_set_aside.resource_id IS 'Which one.';
COMMENT ON COLUMN fashionos.bookings_set_aside.during IS 'The time it booked, [start, end).';
COMMENT ON COLUMN fashionos.bookings_set_aside.event_id IS 'The cancelled event.';
COMMENT ON COLUMN fashionos.bookings_set_aside.set_aside_at IS 'When the booking was given up.';
COMMENT ON TABLE fashionos.closed_tiers IS 'Tiers whose sale the organizers closed (public.close_ticket_tier; public.reopen_ticket_tier deletes the row): reserve_tickets refuses buyers, join_waitlist refuses, and no waitlist offer is made, while quantity_total and quantity_sold keep counting.';
COMMENT ON COLUMN fashionos.closed_tiers.ticket_tier_id IS 'The closed tier.';
COMMENT ON COLUMN fashionos.closed_tiers.closed_at IS 'When it was closed (closing again keeps the first time).';
COMMENT ON COLUMN fashionos.closed_tiers.closed_by IS 'The signed-in user who closed it; NULL for server-side code or once the user is deleted.';
COMMENT ON TABLE fashionos.door_database IS 'The number that tells a door bundle''s sequence of this database from one of another (a database restored from a dump draws its own): the low 16 bits of every sequence. One row; not dumped.';
COMMENT ON COLUMN fashionos.door_database.only_row IS 'Always true: the table has one row.';
COMMENT ON COLUMN fashionos.door_database.marker IS 'Drawn at random (0 to 65535) when the extension is created in the database.';
COMMENT ON TABLE fashionos.imported_tickets IS 'Tickets brought in by import_tickets: the registration each old ticket of an organization became, its order there, and the hash of its old code while that code admits.';
COMMENT ON TABLE fashionos.payment_events IS 'The history of every payment''s status: one entry per change (pending to completed, failed or refunded; completed to refunded), written by the trigger payments_ledger of public.payments whatever made the change, never changed or deleted, kept when the payment is deleted with its event. Read through public.payment_history.';
COMMENT ON COLUMN fashionos.payment_events.entry_id IS 'Order of writing (from fashionos.payment_events_entry_id_seq).';
COMMENT ON COLUMN fashionos.payment_events.event_id IS 'The event of the payment''s registration, when the change was made.';
COMMENT ON COLUMN fashionos.payment_events.status_before IS 'The payment''s status before the change.';
COMMENT ON COLUMN fashionos.payment_events.status IS 'Its status after the change.';
COMMENT ON COLUMN fashionos.payment_events.amount IS 'The payment''s amount, in currency, at the change.';
COMMENT ON COLUMN fashionos.payment_events.reason IS 'Why: the function asked (complete_payment, fail_payment, refund_payment), or what gave the ticket back (hold expired, registration cancelled, payment failed, registration refunded); direct write when the writer said nothing (fashionos.payment_reason).';
COMMENT ON COLUMN fashionos.payment_events.webhook IS 'The provider''s webhook event that made the change: provider, event type and event id (fashionos.payment_webhook); NULL otherwise.';
COMMENT ON COLUMN fashionos.payment_events.by_role IS 'The role of the request (anon for a webhook delivered through the API, service_role, authenticated).';
COMMENT ON COLUMN fashionos.payment_events.by_user IS 'The signed-in user of the request, if any.';
COMMENT ON COLUMN fashionos.payment_events.at IS 'When the change was made (clock time of the statement).';
COMMENT ON TABLE fashionos.signing_keys IS 'Ed25519 key pairs that sign ticket tokens (registrations.qr_code_data). The newest signs, all verify. Never readable through the API. made_at_install marks the key CREATE EXTENSION made: when a restore loads older, dumped keys, that key is dropped if it signed no ticket, so the restored database keeps signing with its own key.';
COMMENT ON TABLE fashionos.ticket_exchanges IS 'Tickets exchanged for a ticket of another tier of their event (public.exchange_ticket): which registration replaced which. What a ticket has paid is its own completed payments and those of the tickets it replaced, along the chain. public.list_ticket_exchanges reads it for the organization''s members.';
COMMENT ON COLUMN fashionos.ticket_exchanges.registration_id IS 'The ticket given back (cancelled by the exchange).';
COMMENT ON COLUMN fashionos.ticket_exchanges.new_registration_id IS 'The ticket that replaced it.';
COMMENT ON COLUMN fashionos.ticket_exchanges.exchanged_at IS 'When.';
COMMENT ON COLUMN fashionos.ticket_exchanges.exchanged_by IS 'The signed-in user who exchanged it; NULL for server-side code or once the user is deleted.';
COMMENT ON COLUMN fashionos.ticket_exchanges.price IS 'What the new ticket cost when it was exchanged into (its tier''s price then): a refund along the chain takes the ticket back only when the completed payments left no longer cover it.';
COMMENT ON TABLE fashionos.waitlist_entries IS 'The waitlists of sold-out ticket tiers: one entry waits for one ticket, in order of joining (seq). Read and written through join_waitlist, waitlist_status, claim_waitlist_offer, leave_waitlist, list_waitlist, my_waitlist, and the trigger that offers freed tickets.';
COMMENT ON TABLE fashionos.webhook_events IS 'Payment webhook events processed by public.payment_webhook, once each: provider, event id, type, payment and what was done; for a full refund (outcome refunded, or refund_pending when it came before its payment), its PaymentIntent (transaction_id) and Charge (charge_id): a payment completed with either afterwards is refunded at once.';
COMMENT ON COLUMN public.asset_variants.is_primary IS 'The variant shown by default for the asset: one per asset (unset the old one before setting another).';
COMMENT ON COLUMN public.designer_availability.date IS 'Local calendar day of start_time: for a booking of an event, the day in the event''s time zone (book_resource and confirm_option write it so, and a change of the zone rewrites it); otherwise as written. Within one day of start_time''s UTC date.';
COMMENT ON COLUMN public.event_phases.phase_key IS 'Machine name of the phase, e.g. pre_production: by convention one of the values of tasks.workflow_phase, not checked (the spec''s free text; two rows of one event may share a key).';
COMMENT ON COLUMN public.model_availability.date IS 'Local calendar day of start_time: for a booking of an event, the day in the event''s time zone (book_resource and confirm_option write it so, and a change of the zone rewrites it); otherwise as written. Within one day of start_time''s UTC date.';
COMMENT ON COLUMN public.organizations.slug IS 'Unique URL-safe identifier of the organization: lowercase letters, digits and single hyphens, at most 63 characters (API clients cannot write another).';
COMMENT ON TABLE public.stakeholders IS 'External contacts (vendors, contractors, partners, crew), kept in the address book of the member who entered them (user_id); his colleagues read them.';
COMMENT ON COLUMN public.stakeholders.user_id IS 'The member whose address-book entry this is: he alone writes it, his organization''s members read it, and it is deleted with him (not the contact''s own account; docs/security.md, decision 6).';
COMMENT ON COLUMN public.tasks.dependency_task_ids IS 'Ids of the tasks that must be done before this one: tasks of the same event, each once, never the task itself, without a cycle (trigger tasks_dependencies_hold); a deleted task leaves the lists.';
COMMENT ON COLUMN public.venue_availability.date IS 'Local calendar day of start_time: for a booking of an event, the day in the event''s time zone (book_resource and confirm_option write it so, and a change of the zone rewrites it); otherwise as written. Within one day of start_time''s UTC date.';

-- 6. Privileges (sql/grants.sql)
-- grants.sql: who may do what, in one place, loaded last. docs/security.md has the same as a table.
--
-- Supabase's default privileges grant anon and authenticated ALL on every new table and EXECUTE
-- on every new function in public; PostgreSQL grants EXECUTE on every new function to PUBLIC.
-- Neither is what fashionos means, so this file first takes every privilege of the API roles on
-- the extension's objects away, then grants exactly what is meant:
--
--   * tables of public: SELECT to anon and authenticated (row level security decides which rows; a
--     table without a policy for the role reads as empty, as on Supabase); INSERT, UPDATE, DELETE
--     only where a policy lets that role do that command (derived from pg_policy, so a command
--     without a policy has no privilege to misuse: a SQL session as anon cannot LOCK a table, which
--     needs UPDATE, DELETE or TRUNCATE); service_role SELECT, INSERT, UPDATE, DELETE (it bypasses
--     row level security). Nobody gets TRUNCATE, REFERENCES or TRIGGER. OAuth access tokens are
--     never readable (column grants).
--   * tables of fashionos: nothing; the SECURITY DEFINER functions read and write them.
--   * functions: EXECUTE on the API (public) by the roles listed below, and on the implementation
--     each public function calls (the function of the same name in fashionos) by the same roles;
--     the policy helpers by the roles whose policies call them; nothing else.
-- The extension's objects are those pg_depend records as its members, so a table or function of
-- the database's own in public is left alone.

-- =============================================================================================
-- Tables
-- =============================================================================================
DO $grants$
DECLARE
    v_table regclass;
    v_role text;
    v_command text;
    v_columns text;
BEGIN
    FOR v_table IN SELECT t FROM fashionos.member_relations('{r,p,v,S}', '{public,fashionos}') AS t LOOP
        EXECUTE format('REVOKE ALL ON %s FROM PUBLIC, anon, authenticated, service_role', v_table);
        CONTINUE WHEN (SELECT c.relnamespace <> 'public'::regnamespace FROM pg_catalog.pg_class c WHERE c.oid = v_table);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO service_role', v_table);
        EXECUTE format('GRANT SELECT ON %s TO anon, authenticated', v_table);
        FOREACH v_role IN ARRAY ARRAY['anon', 'authenticated'] LOOP
            FOREACH v_command IN ARRAY ARRAY['INSERT', 'UPDATE', 'DELETE'] LOOP
                IF EXISTS (SELECT 1 FROM pg_catalog.pg_policies p
                            WHERE p.schemaname = 'public'
                              AND format('%I.%I', p.schemaname, p.tablename)::regclass = v_table
                              AND p.cmd IN (v_command, 'ALL')
                              AND (v_role = ANY (p.roles) OR 'public' = ANY (p.roles))) THEN
                    EXECUTE format('GRANT %s ON %s TO %I', v_command, v_table, v_role);
                END IF;
            END LOOP;
        END LOOP;
        -- OAuth access tokens: never readable through the API, not even by their owner. The roles
        -- may SELECT every other column, and still write the token of their own rows.
        IF EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a
                    WHERE a.attrelid = v_table AND a.attname = 'access_token' AND NOT a.attisdropped) THEN
            SELECT string_agg(format('%I', a.attname), ', ' ORDER BY a.attnum) INTO v_columns
              FROM pg_catalog.pg_attribute a
             WHERE a.attrelid = v_table AND a.attnum > 0 AND NOT a.attisdropped AND a.attname <> 'access_token';
            FOREACH v_role IN ARRAY ARRAY['anon', 'authenticated'] LOOP
                IF pg_catalog.has_table_privilege(v_role, v_table, 'SELECT') THEN
                    EXECUTE format('REVOKE SELECT ON %s FROM %I', v_table, v_role);
                    EXECUTE format('GRANT SELECT (%s) ON %s TO %I', v_columns, v_table, v_role);
                END IF;
            END LOOP;
        END IF;
    END LOOP;
END
$grants$;

-- =============================================================================================
-- Functions: nothing for anybody, then the list.
-- =============================================================================================
DO $grants$
DECLARE
    v_function regprocedure;
BEGIN
    FOR v_function IN
        SELECT p.oid::regprocedure
          FROM pg_catalog.pg_depend d
          JOIN pg_catalog.pg_proc p ON p.oid = d.objid
          JOIN pg_catalog.pg_extension x ON x.oid = d.refobjid
         WHERE d.classid = 'pg_catalog.pg_proc'::regclass AND d.deptype = 'e' AND x.extname = 'fashionos'
           AND p.pronamespace IN ('public'::regnamespace, 'fashionos'::regnamespace)
    LOOP
        EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC, anon, authenticated, service_role', v_function);
    END LOOP;
END
$grants$;

-- The API for everyone: the public event page, buying tickets, verifying them, rendering QR codes.
GRANT EXECUTE ON FUNCTION
    public.events_on_sale(timestamptz, text),
    public.ticket_tier_sales(uuid),
    public.reserve_tickets(uuid, integer, text, text, uuid, text),
    public.verify_ticket(text),
    public.ticket_signing_keys(),
    public.qr_code_svg(text, integer),
    public.payment_webhook(json),
    public.join_waitlist(uuid, text, text),
    public.waitlist_status(text, uuid),
    public.claim_waitlist_offer(text, uuid),
    public.leave_waitlist(text, uuid)
TO anon, authenticated, service_role;

-- The API for signed-in users and server-side code; each function checks the caller itself.
GRANT EXECUTE ON FUNCTION
    public.release_expired_holds(uuid),
    public.complete_payment(uuid, text, text),
    public.fail_payment(uuid),
    public.refund_payment(uuid),
    public.cancel_registration(uuid),
    public.reissue_ticket(uuid),
    public.transfer_ticket(uuid, text, text, uuid),
    public.exchange_ticket(uuid, uuid),
    public.issue_guest_list(uuid, jsonb),
    public.close_ticket_tier(uuid),
    public.reopen_ticket_tier(uuid),
    public.ticket_qr_svg(uuid, integer),
    public.check_in(text, uuid),
    public.undo_check_in(uuid),
    public.get_event_settings(uuid),
    public.set_event_settings(uuid, text, integer, integer, integer, integer, integer, integer, integer),
    public.validate_walk_order(uuid, integer),
    public.set_walk_order(uuid, uuid[]),
    public.find_conflicts(text, uuid, timestamptz, timestamptz, integer),
    public.event_conflicts(uuid, integer),
    public.book_resource(text, uuid, uuid, timestamptz, timestamptz, text),
    public.release_booking(text, uuid),
    public.request_option(text, uuid, uuid, timestamptz, timestamptz, timestamptz),
    public.confirm_option(uuid),
    public.decline_option(uuid),
    public.release_option(uuid),
    public.list_options(text, uuid, uuid),
    public.list_waitlist(uuid),
    public.my_waitlist(),
    public.my_tickets(),
    public.payment_history(uuid, timestamptz, timestamptz),
    public.list_ticket_exchanges(uuid),
    public.talent_names(uuid[]),
    public.my_schedule(timestamptz),
    public.door_bundle(uuid, bigint, boolean),
    public.sync_door_scans(uuid, jsonb)
TO authenticated, service_role;

-- Server-side code only: the payment providers' webhook secrets; the notices of waitlist offers
-- (they carry the waiters' e-mail addresses); erasure; imports of tickets sold elsewhere.
GRANT EXECUTE ON FUNCTION public.set_payment_webhook_secret(text, text) TO service_role;
GRANT EXECUTE ON FUNCTION public.take_waitlist_offers(integer) TO service_role;
GRANT EXECUTE ON FUNCTION public.forget_waitlist_email(text) TO service_role;
GRANT EXECUTE ON FUNCTION public.import_tickets(text, jsonb) TO service_role;
GRANT EXECUTE ON FUNCTION public.check_ticket_inventory(uuid) TO service_role;
GRANT EXECUTE ON FUNCTION public.recount_ticket_tiers(uuid) TO service_role;
GRANT EXECUTE ON FUNCTION public.subject_data(text, uuid), public.erase_person(text, uuid) TO service_role;
GRANT EXECUTE ON FUNCTION public.rotate_signing_key(), public.retire_signing_key(text) TO service_role;
GRANT EXECUTE ON FUNCTION public.ticketing_health(), public.prune_history(timestamptz) TO service_role;

-- The implementation a public function calls (the function of the same name in fashionos): the
-- public functions are SECURITY INVOKER, so their callers need EXECUTE on it too.
DO $grants$
DECLARE
    v record;
BEGIN
    FOR v IN
        SELECT DISTINCT impl.oid::regprocedure AS impl, r.rolname
          FROM pg_catalog.pg_proc api
          JOIN pg_catalog.pg_proc impl ON impl.proname = api.proname
                                      AND impl.pronamespace = 'fashionos'::regnamespace
          CROSS JOIN pg_catalog.pg_roles r
         WHERE api.pronamespace = 'public'::regnamespace
           AND r.rolname IN ('anon', 'authenticated', 'service_role')
           AND pg_catalog.has_function_privilege(r.rolname, api.oid, 'EXECUTE')
    LOOP
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO %I', v.impl, v.rolname);
    END LOOP;
END
$grants$;

-- The null and depth checks of the public functions' arguments (sql/access.sql), run as their caller.
GRANT EXECUTE ON FUNCTION fashionos.required(anyelement, text) TO anon, authenticated, service_role;
GRANT EXECUTE ON FUNCTION fashionos.shallow_json(jsonb, text, integer) TO authenticated, service_role;

-- The policy helpers, to the roles whose policies call them (sql/security.sql).
GRANT EXECUTE ON FUNCTION
    fashionos.my_org_id(), fashionos.my_role(), fashionos.my_write_org_id(), fashionos.my_admin_org_id(),
    fashionos.my_org_plan(), fashionos.my_org_user_ids(), fashionos.my_model_profile_ids(),
    fashionos.my_designer_profile_ids(), fashionos.event_on_sale(uuid)
TO authenticated;
GRANT EXECUTE ON FUNCTION fashionos.event_on_sale(uuid) TO anon;
-- The e-mail rule and the trimming of the attendee trigger (sql/ticketing_doors.sql), run as
-- whoever edits a registration directly.
GRANT EXECUTE ON FUNCTION fashionos.email_is_plausible(text), fashionos.buyer_key(text), fashionos.trim_white_space(text),
    fashionos.clean_name(text), fashionos.attendee_name_problem(text), fashionos.attendee_name_rule(), fashionos.shown(text)
TO authenticated, service_role;

-- The rules of links and slugs (sql/data_safety.sql) and of a profile's e-mail (sql/security.sql):
-- their triggers run as whoever writes the row.
GRANT EXECUTE ON FUNCTION fashionos.writer_is_server(), fashionos.writer_is_operator(), fashionos.is_web_link(text),
    fashionos.is_handle_or_web_link(text)
TO authenticated, service_role;

-- The bounds of a setting, read by validate_walk_order as its caller (sql/event_settings.sql).
GRANT EXECUTE ON FUNCTION fashionos.setting_range(name) TO authenticated, service_role;

-- Maintenance for server-side code.
GRANT EXECUTE ON FUNCTION fashionos.rebuild_bookings() TO service_role;
