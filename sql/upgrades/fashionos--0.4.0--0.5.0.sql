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
