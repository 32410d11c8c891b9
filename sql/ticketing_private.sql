-- ticketing_private.sql: the private state of ticketing (schema fashionos, never exposed).

-- Ed25519 key pairs that sign ticket tokens. The newest signs; all verify, but a retired one
-- (retired_at: a key that leaked; retire_signing_key) neither signs, verifies nor is published.
-- Only the extension's SECURITY DEFINER functions read it; public keys are published by
-- public.ticket_signing_keys().
-- made_at_install: the key CREATE EXTENSION made (sql/api/tickets.sql). A restore runs CREATE
-- EXTENSION, which makes such a key, and then loads the dumped keys: the trigger below drops the
-- new installation's key when older keys arrive and it has signed no ticket, so that the restored
-- database goes on signing with its own newest key (the one its scanners trust).
CREATE TABLE fashionos.signing_keys (
    key_id text PRIMARY KEY,
    public_key bytea NOT NULL CHECK (octet_length(public_key) = 32),
    secret_key bytea NOT NULL CHECK (octet_length(secret_key) = 32),
    created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    made_at_install boolean NOT NULL DEFAULT false,
    retired_at timestamptz
);
-- The key an installation made, once older keys are there (they were restored) and if it signed no
-- ticket: dropped. Run by the trigger below, and by fashionos.rebuild_bookings() after a restore
-- made with triggers disabled. Returns how many keys it dropped.
CREATE FUNCTION fashionos.drop_unused_install_keys() RETURNS integer
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION fashionos.drop_unused_install_keys() IS
    'Drops the signing key an installation made once older (restored) keys are there, if it signed no ticket, so that the restored keys sign; returns how many it dropped.';
CREATE FUNCTION fashionos.restored_signing_key() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM fashionos.drop_unused_install_keys();
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION fashionos.restored_signing_key() IS
    'Trigger of fashionos.signing_keys: when keys are loaded (a restore), fashionos.drop_unused_install_keys() drops the key the restore''s CREATE EXTENSION made, so that the restored keys sign.';
CREATE TRIGGER signing_keys_restored AFTER INSERT ON fashionos.signing_keys
    FOR EACH STATEMENT EXECUTE FUNCTION fashionos.restored_signing_key();
COMMENT ON TRIGGER signing_keys_restored ON fashionos.signing_keys IS
    'A restore''s dumped keys replace the key its CREATE EXTENSION made (fashionos.restored_signing_key).';

-- Unpaid reservations and when they stop holding inventory. Deleting a hold row is the claim that
-- releases it: whoever deletes it (sweep, payment, cancel) is the only one to act on it.
-- reservation_id: the tickets one reserve_tickets call held together (the first one's
-- registration id), which one PaymentIntent may pay at once (src/webhooks.rs); null for a
-- waitlist offer's single ticket.
CREATE TABLE fashionos.registration_holds (
    registration_id uuid PRIMARY KEY REFERENCES public.registrations(id) ON DELETE CASCADE,
    ticket_tier_id uuid NOT NULL REFERENCES public.ticket_tiers(id) ON DELETE CASCADE,
    expires_at timestamptz NOT NULL,
    reservation_id uuid
);
CREATE INDEX idx_registration_holds_tier_expiry ON fashionos.registration_holds (ticket_tier_id, expires_at);
CREATE INDEX idx_registration_holds_expiry ON fashionos.registration_holds (expires_at);
CREATE INDEX idx_registration_holds_reservation ON fashionos.registration_holds (reservation_id) WHERE reservation_id IS NOT NULL;

-- Tiers whose sale the organizers closed (close_ticket_tier): buyers are refused and the waitlist
-- takes no one, while quantity_total and quantity_sold keep counting (a ticket given back stays
-- unsold). A tier without a row sells as its counts and its event allow. reopen_ticket_tier deletes
-- the row.
CREATE TABLE fashionos.closed_tiers (
    ticket_tier_id uuid PRIMARY KEY REFERENCES public.ticket_tiers(id) ON DELETE CASCADE,
    closed_at timestamptz NOT NULL DEFAULT now(),
    closed_by uuid REFERENCES public.users(id) ON DELETE SET NULL
);
CREATE INDEX idx_closed_tiers_closed_by ON fashionos.closed_tiers (closed_by) WHERE closed_by IS NOT NULL;

-- Tickets exchanged for a ticket of another tier (exchange_ticket): which registration replaced
-- which. What a ticket paid is its own completed payments and those of the tickets it replaced,
-- along the chain (an upgrade, then a downgrade, owes nothing more).
-- price: what the new ticket cost when it was exchanged into (its tier's price then): a refund
-- along the chain takes the ticket back only when what stays paid no longer covers it
-- (refund_payment).
CREATE TABLE fashionos.ticket_exchanges (
    registration_id uuid PRIMARY KEY REFERENCES public.registrations(id) ON DELETE CASCADE,
    new_registration_id uuid NOT NULL UNIQUE REFERENCES public.registrations(id) ON DELETE CASCADE,
    exchanged_at timestamptz NOT NULL DEFAULT now(),
    exchanged_by uuid REFERENCES public.users(id) ON DELETE SET NULL,
    price numeric(10,2) NOT NULL
);
CREATE INDEX idx_ticket_exchanges_exchanged_by ON fashionos.ticket_exchanges (exchanged_by) WHERE exchanged_by IS NOT NULL;

-- A ticket and the tickets it replaced, back along its chain of exchanges: the registrations whose
-- completed payments paid it (exchange_ticket, cancel_registration).
CREATE FUNCTION fashionos.paid_along(p_registration_id uuid) RETURNS SETOF uuid
    LANGUAGE sql STABLE STRICT SET search_path = pg_catalog, pg_temp AS $$
    WITH RECURSIVE back AS (
        SELECT p_registration_id AS id
        UNION
        SELECT x.registration_id FROM fashionos.ticket_exchanges x JOIN back b ON x.new_registration_id = b.id)
    SELECT id FROM back
$$;
COMMENT ON FUNCTION fashionos.paid_along(uuid) IS
    'A registration and those it replaced by exchanges (fashionos.ticket_exchanges), back to the first: whose payments paid it.';

-- What a ticket has paid: the completed payments of it and of the tickets it replaced (refund_payment
-- and undo_check_in ask whether that still covers it, list_ticket_exchanges shows it).
CREATE FUNCTION fashionos.paid_along_amount(p_registration_id uuid) RETURNS numeric
    LANGUAGE plpgsql STABLE STRICT SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RETURN (SELECT coalesce(pg_catalog.sum(p.amount), 0) FROM public.payments p
             WHERE p.status = 'completed' AND p.registration_id IN (SELECT fashionos.paid_along(p_registration_id)));
END
$$;
COMMENT ON FUNCTION fashionos.paid_along_amount(uuid) IS
    'The sum of the completed payments of a registration and of those it replaced by exchanges (fashionos.paid_along).';

-- The currency of the payments the ticketing functions create (the default of payments.currency:
-- tier prices are in it). A payment in another one came in with import_tickets.
CREATE FUNCTION fashionos.payment_currency() RETURNS text
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION fashionos.payment_currency() IS
    'The currency of the payments the ticketing functions create: the default of public.payments.currency, the currency of tier prices.';

-- The ticket a registration is now: the end of its chain of exchanges forward, or itself when it
-- was not exchanged (what a refund of its payment takes back, what a payment's answer names).
-- PL/pgSQL, so that its plan is kept for the session (a SQL function with SET search_path is
-- planned again at every call), and asked of the chain only when the ticket was exchanged: every
-- payment's answer asks it.
CREATE FUNCTION fashionos.ticket_now(p_registration_id uuid) RETURNS uuid
    LANGUAGE plpgsql STABLE STRICT SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION fashionos.ticket_now(uuid) IS
    'The registration a ticket is now: the end of its chain of exchanges (fashionos.ticket_exchanges), or itself.';

-- The tickets of a reservation of several (one reserve_tickets call with p_quantity > 1), kept
-- once they are paid and their holds are gone: one provider transaction pays one reservation
-- (complete_payment, the payment webhook). reservation_id is the first ticket's registration id;
-- a ticket without a row here is a reservation of its own.
CREATE TABLE fashionos.reservation_members (
    registration_id uuid PRIMARY KEY REFERENCES public.registrations(id) ON DELETE CASCADE,
    reservation_id uuid NOT NULL
);
CREATE INDEX idx_reservation_members_reservation ON fashionos.reservation_members (reservation_id);

-- The reservation a ticket was bought in: its reservation_members row, or the ticket itself.
CREATE FUNCTION fashionos.reservation_of(p_registration_id uuid) RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    SELECT coalesce((SELECT m.reservation_id FROM fashionos.reservation_members m
                      WHERE m.registration_id = p_registration_id), p_registration_id)
$$;
COMMENT ON FUNCTION fashionos.reservation_of(uuid) IS
    'The reservation a ticket was bought in (the first ticket''s registration id of one reserve_tickets call), also once it is paid; a ticket bought alone is its own.';

-- Tokens that no longer admit anyone: cancelled registrations and reissued tickets.
CREATE TABLE fashionos.revoked_tokens (
    token_hash bytea PRIMARY KEY,
    registration_id uuid NOT NULL REFERENCES public.registrations(id) ON DELETE CASCADE,
    reason text NOT NULL CHECK (reason IN ('cancelled', 'reissued', 'refunded', 'expired', 'failed')),
    revoked_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_revoked_tokens_registration_id ON fashionos.revoked_tokens (registration_id);

-- A registration belongs to the event of its ticket tier.
CREATE FUNCTION fashionos.registration_matches_tier() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION fashionos.registration_matches_tier() IS 'Trigger: a registration''s event_id is its ticket tier''s event.';
CREATE TRIGGER registrations_match_tier BEFORE INSERT OR UPDATE OF event_id, ticket_tier_id ON public.registrations
    FOR EACH ROW EXECUTE FUNCTION fashionos.registration_matches_tier();

-- The statuses in which an event sells tickets: the one list (event_on_sale in sql/access.sql,
-- events_on_sale below and reserve_tickets' refusal read it).
CREATE FUNCTION fashionos.on_sale_statuses() RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$ SELECT '{planning,active}'::text[] $$;
COMMENT ON FUNCTION fashionos.on_sale_statuses() IS
    'The event statuses in which an event sells tickets (planning, active).';

-- When an event's sale closes: when it ends, or a day after it starts when it has no end date.
-- The one rule (event_on_sale in sql/access.sql, events_on_sale below). PL/pgSQL, not SQL: a SQL
-- function with SET search_path is never inlined, and PostgreSQL parsed and planned its body again
-- at every call of event_on_sale, which the policy of ticket_tiers calls for every row an
-- anonymous reader sees (bench/README.md: a list of an event's tiers took a third less time).
CREATE FUNCTION fashionos.event_sales_end(p_start_date timestamptz, p_end_date timestamptz)
    RETURNS timestamptz
    LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    -- 24 hours, not a calendar day: the same instant whatever the session's time zone (a client's
    -- Prefer: timezone); no overflow at the end of timestamptz's range
    RETURN coalesce(p_end_date, CASE WHEN p_start_date < '294276-12-30 00:00+00' THEN p_start_date + interval '24 hours'
                                     ELSE 'infinity' END);
END
$$;
COMMENT ON FUNCTION fashionos.event_sales_end(timestamptz, timestamptz) IS
    'When an event''s ticket sale closes: its end_date, or 24 hours after its start_date when it has none.';

-- Why an event does not sell tickets, for the detail of reserve_tickets' and join_waitlist's
-- refusal: its status, or its end.
CREATE FUNCTION fashionos.not_on_sale_detail(p_event_id uuid, p_tier_name text) RETURNS text
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION fashionos.not_on_sale_detail(uuid, text) IS
    'The detail of the refusal "event is not on sale": the event''s status, or when its sale closed; to a caller outside its organization (who cannot read the tier or the event) neither the tier''s name nor the event''s status.';

-- Implementation of public.events_on_sale (sql/api/ticketing.sql). SECURITY DEFINER: anon may not
-- read events (they carry budgets); this answers with the public columns of events on sale only.
CREATE FUNCTION fashionos.events_on_sale(p_from timestamptz, p_organization_slug text)
    RETURNS SETOF public.event_listing
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION fashionos.events_on_sale(timestamptz, text) IS 'Implementation of public.events_on_sale (SECURITY DEFINER: the public columns of events on sale, which anon may not read from the table).';

-- A tier's sale as public.ticket_tier_sale (ticket_tier_sales, close_ticket_tier,
-- reopen_ticket_tier). p_staff: whether the caller runs the event (the queue's length is theirs).
CREATE FUNCTION fashionos.ticket_tier_sale_row(p_tier public.ticket_tiers, p_staff boolean)
    RETURNS public.ticket_tier_sale
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION fashionos.ticket_tier_sale_row(public.ticket_tiers, boolean) IS
    'A tier''s sale as public.ticket_tier_sale: its counts, whether it sells and why not, when it was closed, and (p_staff) how many wait for it.';

CREATE FUNCTION fashionos.ticket_tier_sales(p_event_id uuid)
    RETURNS SETOF public.ticket_tier_sale
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION fashionos.ticket_tier_sales(uuid) IS
    'Implementation of public.ticket_tier_sales (SECURITY DEFINER: reads which tiers are closed, and the queue''s length for the organizers).';

-- The exchanges of an event's tickets (public.list_ticket_exchanges), for the books: which ticket
-- replaced which, what the new one cost, what the chain had paid before, the difference and its
-- payment, and the ticket the chain is now. For the members of the event's organization (any role,
-- as payment_history) and server-side code.
CREATE FUNCTION fashionos.list_ticket_exchanges(p_event_id uuid)
    RETURNS SETOF public.ticket_exchange
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION fashionos.list_ticket_exchanges(uuid) IS
    'Implementation of public.list_ticket_exchanges (SECURITY DEFINER: reads the private fashionos.ticket_exchanges, for the members of the event''s organization and server-side code).';

-- Closes or reopens a tier's sale (public.close_ticket_tier, public.reopen_ticket_tier). The
-- tier's row is taken first, as every writer of its count takes it: a reservation that has taken
-- its tickets finishes before the sale closes, and a reopening offers the tickets given back while
-- it was closed to the waitlist before any buyer sees them.
CREATE FUNCTION fashionos.set_ticket_tier_closed(p_ticket_tier_id uuid, p_closed boolean)
    RETURNS public.ticket_tier_sale
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION fashionos.set_ticket_tier_closed(uuid, boolean) IS
    'Implementation of public.close_ticket_tier and public.reopen_ticket_tier (SECURITY DEFINER: writes the private fashionos.closed_tiers after checking that the caller runs the event).';

CREATE FUNCTION fashionos.close_ticket_tier(p_ticket_tier_id uuid)
    RETURNS public.ticket_tier_sale
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$ SELECT fashionos.set_ticket_tier_closed(p_ticket_tier_id, true) $$;
COMMENT ON FUNCTION fashionos.close_ticket_tier(uuid) IS 'Implementation of public.close_ticket_tier (fashionos.set_ticket_tier_closed).';
CREATE FUNCTION fashionos.reopen_ticket_tier(p_ticket_tier_id uuid)
    RETURNS public.ticket_tier_sale
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$ SELECT fashionos.set_ticket_tier_closed(p_ticket_tier_id, false) $$;
COMMENT ON FUNCTION fashionos.reopen_ticket_tier(uuid) IS 'Implementation of public.reopen_ticket_tier (fashionos.set_ticket_tier_closed).';

-- A guest list, issued by the event's organizers in one call (public.issue_guest_list): each guest
-- ends up holding `quantity` live tickets of the tier (default 1). A guest who holds them already
-- (the same address, as reserve_tickets stores it) is answered with them and gets no more, so a
-- list sent again, the next day or corrected, issues only what is missing. All or nothing: a
-- malformed guest or a tier without room refuses the whole list, naming the guest.
CREATE FUNCTION fashionos.issue_guest_list(p_ticket_tier_id uuid, p_guests jsonb)
    RETURNS SETOF public.guest_ticket
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION fashionos.issue_guest_list(uuid, jsonb) IS
    'Implementation of public.issue_guest_list (SECURITY DEFINER: reads what each address holds of the tier, and issues the rest with fashionos.reserve_tickets, as the calling organizer).';

-- Implementation of public.my_tickets (sql/api/ticketing.sql). SECURITY DEFINER: a buyer reads his
-- registrations, but not the events they are for (events are readable by their organization); this
-- answers with the events' public columns, as events_on_sale does, for the caller's tickets only.
CREATE FUNCTION fashionos.my_tickets()
    RETURNS SETOF public.my_ticket
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION fashionos.my_tickets() IS 'Implementation of public.my_tickets (SECURITY DEFINER: the public columns of the events of the caller''s own registrations, which he may not read from the events table).';

-- The sweep of many tiers' expired holds: the scheduled public.release_expired_holds() (without a
-- tier) and the waitlist's mailer (take_waitlist_offers, the tiers someone waits for). Tier by
-- tier, each in a subtransaction: a tier's row is waited for a fifth of a second at most, two
-- seconds in all (a hot tier's refused buyers each hold it a moment; a producer's import may hold
-- it longer),
-- and a tier that counts fewer tickets than its expired holds of pending tickets (written around the functions:
-- ticketing_health reports it) is left as it is. Such a tier goes at a later sweep, and no
-- producer's busy or broken tier holds back the others'. Returns how many tickets went back.
CREATE FUNCTION fashionos.sweep_expired_holds(p_ticket_tier_ids uuid[]) RETURNS bigint
    LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION fashionos.sweep_expired_holds(uuid[]) IS
    'Releases the expired holds of these tiers (NULL: every tier with one), tier by tier, waiting a fifth of a second at most for a tier''s row and passing over a tier whose count is below its expired holds; returns how many tickets went back.';

-- A buyer who finds a tier full releases its expired holds before he is told "sold out"
-- (reserve_tickets, exchange_ticket): a buyer who arrives while an expired ticket exists gets it.
-- The release takes the tier's row, then the holds that no other transaction has. Expired holds
-- that another transaction has (a payment completing it, a cancellation, a refund) are waited
-- for, so that their tickets, if they come back, are not missed; but not with the tier's row
-- held: a cancellation takes the hold first and the tier's row last, and the two would wait for
-- each other (a deadlock, which PostgreSQL ends by failing one of them). So the first release
-- runs in a subtransaction, rolled back when it released nothing while holds are in flight (the
-- tier's row is let go), and the holds are waited for before releasing again. Returns how many
-- tickets went back.
CREATE FUNCTION fashionos.release_before_sold_out(p_ticket_tier_id uuid) RETURNS bigint
    LANGUAGE plpgsql VOLATILE STRICT SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION fashionos.release_before_sold_out(uuid) IS
    'Releases the expired holds of a tier that a buyer found full, waiting for the holds another transaction has without holding the tier''s row; returns how many tickets went back.';

-- ---------------------------------------------------------------------------------------------
-- Rotating and retiring the keys (public.rotate_signing_key, public.retire_signing_key)
-- ---------------------------------------------------------------------------------------------
-- On a hosted project the extension is created by the platform's superuser, so the project's own
-- roles cannot call fashionos.generate_signing_key() or write this table: server-side code
-- rotates through these. A rotation adds a key that signs from then on (the old ones still
-- verify: tickets already sent stay valid). A retirement is for a key that must no longer be
-- trusted (it leaked): it stops verifying and is no longer published to scanners, and the live
-- tickets it signed get new tokens (their old ones are revoked), which their holders must be sent.
CREATE FUNCTION fashionos.rotate_signing_key() RETURNS text
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT fashionos.caller_is_server() THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'not allowed to rotate the ticket signing key',
            DETAIL = 'The key that signs every ticket and door bundle is changed by server-side code (service_role).',
            HINT = 'Call it with the service key.';
    END IF;
    RETURN fashionos.generate_signing_key();
END
$$;
COMMENT ON FUNCTION fashionos.rotate_signing_key() IS
    'Implementation of public.rotate_signing_key (SECURITY DEFINER: writes the private key table, for server-side code).';

CREATE FUNCTION fashionos.retire_signing_key(p_key_id text) RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION fashionos.retire_signing_key(text) IS
    'Implementation of public.retire_signing_key (SECURITY DEFINER: retires a key and reissues the live tickets it signed, for server-side code).';
