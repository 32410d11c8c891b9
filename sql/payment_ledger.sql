-- payment_ledger.sql: the history of every payment's status (schema fashionos, read through
-- public.payment_history).
--
-- public.payments keeps a payment's present status only (the spec's columns: no completion or
-- refund time). The books are matched to the provider's by when each payment moved and why: each
-- change of a payment's status adds one entry here, written by a trigger of public.payments, so
-- whatever changes a payment (the API functions, a verified webhook, an owner's direct write) is
-- recorded. Entries are never changed or deleted, and outlive their payment (a deleted event's
-- payments go with it; their history stays, readable by server-side code).
--
-- reason: the transaction-local setting fashionos.payment_reason, which the code that moves
-- payments sets just before each statement that moves them (src/ticketing.rs: the function asked,
-- or why a registration gave its ticket back); 'direct write' when a writer set none. webhook: the
-- setting fashionos.payment_webhook, which payment_webhook sets while it acts on a verified event
-- (provider, event type and event id).
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

-- SECURITY DEFINER: it writes the private ledger and reads the registration (its event and tier)
-- whatever the writer may read. at: when the change happened, which is now unless the writer says
-- otherwise (import_tickets sets fashionos.payment_at to the old platform's times). Inserts are
-- not recorded: the functions insert payments pending, and a payment inserted already moved is an
-- operator's own load (a restore brings its history with it; tickets sold elsewhere come in
-- through import_tickets, which records theirs).
CREATE FUNCTION fashionos.payments_ledger() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION fashionos.payments_ledger() IS
    'Trigger of public.payments: adds an entry to fashionos.payment_events for every change of a payment''s status.';
CREATE TRIGGER payments_ledger AFTER UPDATE OF status ON public.payments
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION fashionos.payments_ledger();
COMMENT ON TRIGGER payments_ledger ON public.payments IS
    'Each change of a payment''s status is recorded in fashionos.payment_events (public.payment_history reads it).';

CREATE FUNCTION fashionos.payment_history(p_event_id uuid, p_from timestamptz, p_to timestamptz)
    RETURNS SETOF public.payment_event
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION fashionos.payment_history(uuid, timestamptz, timestamptz) IS
    'Implementation of public.payment_history (SECURITY DEFINER: reads the private ledger, for the members of the event''s organization and server-side code).';
