-- import.sql: tickets sold on another platform, brought in with their history (schema fashionos,
-- called through public.import_tickets).
--
-- A producer moving here brings seasons of sales: tickets paid, refunded, used at the door, given
-- as comps. The API's door for tickets is reserve_tickets, which sells now, at today's price and
-- date; the tables refuse direct writes of ticketing state (sql/ticketing_doors.sql), and on a
-- hosted project nobody but the platform holds the extension owner's login. import_tickets is the
-- door for history, for server-side code: each ticket keeps its sale's time, check-in and payment,
-- takes its tier's inventory like a sale (quantity_sold counts it; a tier is never oversold), gets
-- a signed fashionos token, and its payment's history says when it was paid and refunded. An
-- import is all or nothing, and running it again changes nothing: a ticket is known by its source
-- and its id there.
--
-- imported_tickets: which registration an old platform's ticket became, known by the
-- organization whose event it is, the source and its id there (two producers moving from one
-- platform may have the same ids); the order it belonged to there (tickets of one order form one
-- order here too: one provider transaction may pay them); and the SHA-256 of its old code while
-- that code still admits (check_in, and verify_ticket for the event's staff, accept it online
-- until the ticket is reissued; one code per organization).
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

-- One problem of a ticket of the import, named by its position and id there.
CREATE FUNCTION fashionos.import_refusal(p_n integer, p_legacy_id text, p_message text, p_detail text, p_hint text)
    RETURNS void
    LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = '22023',
        MESSAGE = pg_catalog.format('ticket %s of the import: %s', p_n, p_message),
        DETAIL = pg_catalog.format('Ticket %s (legacy_id %s): %s Nothing of this import was written.',
                                   p_n, coalesce(pg_catalog.quote_literal(p_legacy_id), 'missing'), p_detail),
        HINT = p_hint;
END
$$;
COMMENT ON FUNCTION fashionos.import_refusal(integer, text, text, text, text) IS
    'Raises the 22023 refusal of one ticket of an import_tickets call, naming its position and legacy id.';

-- A timestamptz field of a ticket of the import (NULL when absent), refused by name when it does
-- not read.
CREATE FUNCTION fashionos.import_time(p_n integer, p_legacy_id text, p_object jsonb, p_field text)
    RETURNS timestamptz
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION fashionos.import_time(integer, text, jsonb, text) IS
    'Reads a time of a ticket of an import_tickets call (ISO 8601 text, between 1900 and now), refusing it by name (22023).';

CREATE FUNCTION fashionos.import_tickets(p_source text, p_tickets jsonb)
    RETURNS SETOF public.imported_ticket
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION fashionos.import_tickets(text, jsonb) IS
    'Implementation of public.import_tickets (SECURITY DEFINER: writes registrations, payments and their history as the ticketing functions do, for server-side code).';

-- ---------------------------------------------------------------------------------------------
-- The inventory checked against the tickets
-- ---------------------------------------------------------------------------------------------
-- quantity_sold equals a tier's live registrations (pending, confirmed, attended) in every
-- committed state: the ticketing functions move both in one transaction. Rows written around them
-- (an operator's direct insert of registrations) break it; these find and mend it.
CREATE FUNCTION fashionos.check_ticket_inventory(p_event_id uuid)
    RETURNS SETOF public.ticket_inventory
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION fashionos.check_ticket_inventory(uuid) IS
    'Implementation of public.check_ticket_inventory (SECURITY DEFINER: reads every tier and registration, for server-side code).';

CREATE FUNCTION fashionos.recount_ticket_tiers(p_event_id uuid)
    RETURNS SETOF public.ticket_inventory
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION fashionos.recount_ticket_tiers(uuid) IS
    'Implementation of public.recount_ticket_tiers (SECURITY DEFINER: sets quantity_sold of an event''s tiers to their live registrations, for server-side code).';
