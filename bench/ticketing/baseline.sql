-- baseline.sql: the baselines of bench/ticketing, in PL/pgSQL.
--   1. bench.plpgsql_reserve and bench.plpgsql_complete: a naive purchase. What public.reserve_tickets
--      and public.complete_payment do for one paid ticket, in two calls as a client makes them
--      (checks, conditional decrement, registration, payment, hold; then payment completed and
--      registration confirmed), without the caller checks, the limits per buyer, the signing key and
--      the answers: its token is 32 random bytes in hex. It does less work than the API.
--   2. bench.same_reserve and bench.same_complete (below): the same logic as the API.
CREATE SCHEMA IF NOT EXISTS bench;

CREATE OR REPLACE FUNCTION bench.plpgsql_reserve(p_ticket_tier_id uuid, p_email text, p_name text)
    RETURNS uuid
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    v_event uuid; v_type text; v_price numeric; v_status text; v_reg uuid := gen_random_uuid();
    v_payment uuid; v_left integer;
BEGIN
    IF p_email !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'p_attendee_email is not an e-mail address';
    END IF;
    SELECT t.event_id, t.type, t.price, e.status INTO v_event, v_type, v_price, v_status
      FROM public.ticket_tiers t JOIN public.events e ON e.id = t.event_id WHERE t.id = p_ticket_tier_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'ticket tier not found';
    END IF;
    IF v_status NOT IN ('planning', 'active') THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'event is not on sale';
    END IF;
    UPDATE public.ticket_tiers SET quantity_sold = quantity_sold + 1
     WHERE id = p_ticket_tier_id AND quantity_sold + 1 <= quantity_total
    RETURNING quantity_total - quantity_sold INTO v_left;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'sold out';
    END IF;
    INSERT INTO public.registrations (id, event_id, ticket_tier_id, attendee_email, attendee_name, status, qr_code_data)
    VALUES (v_reg, v_event, p_ticket_tier_id, lower(btrim(p_email)), p_name, 'pending',
            'BASE.' || encode(sha256(convert_to(v_reg::text || clock_timestamp()::text || random()::text, 'UTF8')), 'hex'));
    INSERT INTO public.payments (registration_id, amount, status) VALUES (v_reg, v_price, 'pending')
    RETURNING id INTO v_payment;
    INSERT INTO fashionos.registration_holds (registration_id, ticket_tier_id, expires_at)
    VALUES (v_reg, p_ticket_tier_id, now() + make_interval(mins => (SELECT hold_minutes FROM fashionos.settings_for(v_event))));
    RETURN v_payment;
END
$$;

-- The payment webhook.
CREATE OR REPLACE FUNCTION bench.plpgsql_complete(p_payment_id uuid)
    RETURNS boolean
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    v_reg uuid; v_payment uuid := p_payment_id;
BEGIN
    SELECT registration_id INTO v_reg FROM public.payments WHERE id = p_payment_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'payment not found';
    END IF;
    DELETE FROM fashionos.registration_holds WHERE registration_id = v_reg;
    PERFORM 1 FROM public.registrations WHERE id = v_reg FOR UPDATE;
    UPDATE public.payments SET status = 'completed', provider = 'stripe', provider_transaction_id = 'ch_' || v_payment
     WHERE id = v_payment AND status = 'pending';
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'payment is not pending';
    END IF;
    UPDATE public.registrations SET status = 'confirmed' WHERE id = v_reg AND status = 'pending';
    RETURN true;
END
$$;
GRANT USAGE ON SCHEMA bench TO anon, authenticated, service_role;
GRANT EXECUTE ON FUNCTION bench.plpgsql_reserve(uuid, text, text) TO anon;
GRANT EXECUTE ON FUNCTION bench.plpgsql_complete(uuid) TO service_role;


-- =============================================================================================
-- The same logic in PL/pgSQL: what public.reserve_tickets and public.complete_payment do, statement
-- for statement, with the same answers. The argument checks, the caller (its role, whether it is
-- server-side code, its user id, whether it runs the event), the on-sale check, the event's
-- settings, the newest signing key, the buyer's advisory lock and the count of the buyer's live
-- tickets against the limits, the idempotency key when one is sent, the conditional UPDATE of the
-- tier (with the release of expired holds when the tier looks full), the registrations, payments
-- and holds written in one statement; then the webhook: the caller, the hold claimed and the
-- registration locked, the payment moved and the registration confirmed in one statement, the
-- answer read back. Two differences: the token is signed with a keyed SHA-256 (two hashes, as an
-- HMAC makes them) by the newest signing key, because PL/pgSQL has no Ed25519; and an idempotency
-- key is only claimed or answered (the purge of keys older than 24 hours is kept, their reuse is
-- not): the bench sends no key. The e-mail rule, the buyer's key (the e-mail as registrations
-- store it), the trimming of the name and the buyer's lock key are the API's own functions, as they
-- are for SQL callers.
-- =============================================================================================
CREATE OR REPLACE FUNCTION bench.same_reserve(
    p_ticket_tier_id uuid, p_quantity integer, p_attendee_email text, p_attendee_name text,
    p_user_id uuid DEFAULT NULL, p_idempotency_key text DEFAULT NULL)
    RETURNS SETOF public.ticket_reservation
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_email text := fashionos.buyer_key(p_attendee_email);
    v_name text := fashionos.clean_name(p_attendee_name);
    s record;
    v_user uuid;
    v_counts integer[];
    v_needs_payment boolean;
    v_ids uuid[];
    v_tokens text[];
    v_claimed boolean;
BEGIN
    IF p_idempotency_key IS NOT NULL AND (p_idempotency_key = '' OR pg_catalog.octet_length(p_idempotency_key) > 255) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'p_idempotency_key is empty or too long';
    END IF;
    IF p_quantity IS NULL OR p_quantity NOT BETWEEN 1 AND 50 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'p_quantity is out of range';
    END IF;
    IF NOT fashionos.email_is_plausible(p_attendee_email) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'p_attendee_email is not an e-mail address';
    END IF;
    IF fashionos.attendee_name_problem(v_name) IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'p_attendee_name ' || fashionos.attendee_name_problem(v_name);
    END IF;
    SELECT t.event_id, t.type, t.price = 0 AS price_is_zero, e.status, fashionos.event_on_sale(t.event_id) AS on_sale,
           t.name, st.hold_minutes, x.staff, st.buyer_max_tickets, st.buyer_max_tickets_per_tier, st.buyer_max_holds,
           (SELECT k.secret_key FROM fashionos.signing_keys k ORDER BY k.created_at DESC, k.key_id LIMIT 1) AS secret,
           CASE WHEN NOT x.staff THEN pg_catalog.pg_advisory_xact_lock(
               fashionos.buyer_lock_key(t.event_id, v_email)) END IS NULL AS locked,
           c.role, c.server, c.uid, t.price
      INTO s
      FROM (SELECT fashionos.caller_role()::text AS role, fashionos.caller_is_server() AS server, auth.uid() AS uid) c
     CROSS JOIN public.ticket_tiers t
      JOIN public.events e ON e.id = t.event_id
     CROSS JOIN LATERAL (SELECT c.server OR (c.uid IS NOT NULL AND fashionos.caller_runs_event(t.event_id)) AS staff) x
     CROSS JOIN LATERAL fashionos.settings_for(t.event_id) st
     WHERE t.id = p_ticket_tier_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'ticket tier not found';
    END IF;
    IF s.type IN ('comp', 'press') AND NOT s.staff THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = s.type || ' tickets are issued by the event''s organizers';
    END IF;
    IF NOT s.staff AND NOT s.on_sale THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'event is not on sale';
    END IF;
    IF p_user_id IS NOT NULL THEN
        IF p_user_id IS DISTINCT FROM s.uid AND NOT s.staff THEN
            RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'cannot reserve tickets in another user''s name';
        END IF;
        IF NOT EXISTS (SELECT 1 FROM public.users WHERE id = p_user_id) THEN
            RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'user not found';
        END IF;
        v_user := p_user_id;
    ELSIF s.uid IS NOT NULL AND s.staff THEN
        SELECT id INTO v_user FROM public.users WHERE id = s.uid AND fashionos.buyer_key(email) = v_email;
    ELSIF s.uid IS NOT NULL THEN
        SELECT id INTO v_user FROM public.users WHERE id = s.uid;
    END IF;
    IF p_idempotency_key IS NOT NULL THEN
        DELETE FROM fashionos.reservation_keys WHERE idempotency_key IN (
            SELECT idempotency_key FROM fashionos.reservation_keys
             WHERE created_at < now() - interval '24 hours' ORDER BY created_at LIMIT 100 FOR UPDATE SKIP LOCKED);
        INSERT INTO fashionos.reservation_keys AS k (idempotency_key, request_hash)
        VALUES (p_idempotency_key, pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(
                    pg_catalog.concat_ws('|', p_ticket_tier_id, p_quantity, v_email, v_name, v_user, s.role, s.uid), 'UTF8')), 'hex'))
        ON CONFLICT (idempotency_key) DO NOTHING
        RETURNING true INTO v_claimed;
        IF v_claimed IS NULL THEN
            RETURN QUERY SELECT * FROM fashionos.reservation_rows(
                (SELECT registration_ids FROM fashionos.reservation_keys WHERE idempotency_key = p_idempotency_key));
            RETURN;
        END IF;
    END IF;
    v_needs_payment := s.type NOT IN ('comp', 'press') AND NOT s.price_is_zero;
    IF NOT s.staff THEN
        WITH mine AS (
            SELECT r.ticket_tier_id, r.status = 'pending' AS held
              FROM public.registrations r
             WHERE r.event_id = s.event_id AND r.attendee_email = v_email
               AND (r.status IN ('confirmed', 'attended')
                    OR (r.status = 'pending'
                        AND NOT EXISTS (SELECT 1 FROM fashionos.registration_holds h
                                         WHERE h.registration_id = r.id AND h.expires_at <= now()))))
        SELECT ARRAY[(SELECT count(*)::integer FROM mine),
                     (SELECT count(*)::integer FROM mine WHERE ticket_tier_id = p_ticket_tier_id),
                     (SELECT count(*)::integer FROM mine WHERE held)]
          INTO v_counts;
        IF v_counts[2] + p_quantity > s.buyer_max_tickets_per_tier OR v_counts[1] + p_quantity > s.buyer_max_tickets
           OR (v_needs_payment AND v_counts[3] + p_quantity > s.buyer_max_holds) THEN
            RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'limit per buyer reached';
        END IF;
    END IF;
    SELECT pg_catalog.array_agg(id), pg_catalog.array_agg('BASE.' || id || '.' || pg_catalog.encode(
               pg_catalog.sha256(s.secret || pg_catalog.sha256(s.secret || pg_catalog.convert_to(
                   id::text || s.event_id::text || pg_catalog.gen_random_uuid()::text, 'UTF8'))), 'hex'))
      INTO v_ids, v_tokens
      FROM (SELECT pg_catalog.gen_random_uuid() AS id FROM pg_catalog.generate_series(1, p_quantity)) g;
    UPDATE public.ticket_tiers SET quantity_sold = quantity_sold + p_quantity
     WHERE id = p_ticket_tier_id AND quantity_sold + p_quantity <= quantity_total;
    IF NOT FOUND THEN
        IF fashionos.release_expired_holds(p_ticket_tier_id) > 0 THEN
            UPDATE public.ticket_tiers SET quantity_sold = quantity_sold + p_quantity
             WHERE id = p_ticket_tier_id AND quantity_sold + p_quantity <= quantity_total;
        END IF;
        IF NOT FOUND THEN
            RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'sold out';
        END IF;
    END IF;
    RETURN QUERY
    WITH reg AS (
         INSERT INTO public.registrations
             (id, event_id, ticket_tier_id, user_id, attendee_email, attendee_name, status, qr_code_data)
         SELECT r.id, s.event_id, p_ticket_tier_id, v_user, v_email, v_name,
                CASE WHEN v_needs_payment THEN 'pending' ELSE 'confirmed' END, r.token
           FROM unnest(v_ids, v_tokens) AS r(id, token)
      RETURNING id),
     pay AS (
         INSERT INTO public.payments (registration_id, payer_id, amount, status)
         SELECT r.id, v_user, s.price, 'pending' FROM unnest(v_ids) AS r(id) WHERE v_needs_payment
      RETURNING id, registration_id, amount, currency),
     hold AS (
         INSERT INTO fashionos.registration_holds (registration_id, ticket_tier_id, expires_at, reservation_id)
         SELECT r.id, p_ticket_tier_id, now() + pg_catalog.make_interval(mins => s.hold_minutes), v_ids[1]
           FROM unnest(v_ids) AS r(id) WHERE v_needs_payment
      RETURNING registration_id, expires_at),
     members AS (
         INSERT INTO fashionos.reservation_members (registration_id, reservation_id)
         SELECT r.id, v_ids[1] FROM unnest(v_ids) AS r(id) WHERE cardinality(v_ids) > 1),
     answer AS (
         UPDATE fashionos.reservation_keys SET registration_ids = v_ids WHERE idempotency_key = p_idempotency_key)
    SELECT x.id, CASE WHEN v_needs_payment THEN 'pending' ELSE 'confirmed' END, x.token,
           pay.id, pay.amount, pay.currency, hold.expires_at
      FROM unnest(v_ids, v_tokens) WITH ORDINALITY AS x(id, token, n)
      LEFT JOIN pay ON pay.registration_id = x.id
      LEFT JOIN hold ON hold.registration_id = x.id
     ORDER BY x.n;
END
$$;

CREATE OR REPLACE FUNCTION bench.same_complete(
    p_payment_id uuid, p_provider text DEFAULT NULL, p_provider_transaction_id text DEFAULT NULL)
    RETURNS SETOF public.payment_outcome
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    p record;
    r record;
    v_moved uuid;
    v_now record;
BEGIN
    IF p_provider IS NOT NULL AND p_provider NOT IN ('stripe', 'paypal', 'square') THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'unknown payment provider';
    END IF;
    SELECT x.registration_id, e.event_id,
           fashionos.caller_is_server() OR fashionos.caller_runs_event(e.event_id) AS runs
      INTO p
      FROM public.payments x JOIN public.registrations e ON e.id = x.registration_id
     WHERE x.id = p_payment_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'payment not found';
    END IF;
    IF NOT p.runs THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'only the event''s organizers complete payments';
    END IF;
    -- one provider transaction pays one order
    IF p_provider IS NOT NULL AND p_provider_transaction_id IS NOT NULL THEN
        PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('fashionos.transaction:' || p_provider || ':' || p_provider_transaction_id, 0));
        IF EXISTS (SELECT 1 FROM public.payments q
                    WHERE q.provider = p_provider AND q.provider_transaction_id = p_provider_transaction_id AND q.id <> p_payment_id
                      AND fashionos.reservation_of(q.registration_id) <> fashionos.reservation_of(p.registration_id)) THEN
            RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'transaction already pays another order';
        END IF;
    END IF;
    WITH claimed AS (
         DELETE FROM fashionos.registration_holds WHERE registration_id = p.registration_id RETURNING 1)
    SELECT g.status INTO r
      FROM public.registrations g
     WHERE g.id = p.registration_id AND (SELECT count(*) FROM claimed) >= 0
       FOR UPDATE OF g;
    WITH moved AS (
         UPDATE public.payments
            SET status = 'completed', provider = coalesce(p_provider, provider),
                provider_transaction_id = coalesce(p_provider_transaction_id, provider_transaction_id)
          WHERE id = p_payment_id AND status = 'pending'
      RETURNING id),
     confirmed AS (
         UPDATE public.registrations SET status = 'confirmed'
          WHERE id = p.registration_id AND r.status = 'pending' AND status = 'pending' AND EXISTS (SELECT 1 FROM moved))
    SELECT id INTO v_moved FROM moved;
    IF v_moved IS NULL THEN
        SELECT status, provider_transaction_id INTO v_now FROM public.payments WHERE id = p_payment_id;
        IF v_now.status = 'completed' AND (p_provider_transaction_id IS NULL OR p_provider_transaction_id = v_now.provider_transaction_id) THEN
            RETURN QUERY SELECT x.id, x.status, g.id, g.status, false
                           FROM public.payments x JOIN public.registrations g ON g.id = x.registration_id WHERE x.id = p_payment_id;
            RETURN;
        END IF;
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'payment is ' || v_now.status;
    END IF;
    IF r.status NOT IN ('pending', 'confirmed', 'attended') THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'reservation expired';
    END IF;
    RETURN QUERY SELECT x.id, x.status, g.id, g.status, true
                   FROM public.payments x JOIN public.registrations g ON g.id = x.registration_id WHERE x.id = p_payment_id;
END
$$;
GRANT EXECUTE ON FUNCTION bench.same_reserve(uuid, integer, text, text, uuid, text) TO anon, authenticated, service_role;
GRANT EXECUTE ON FUNCTION bench.same_complete(uuid, text, text) TO authenticated, service_role;

-- The same-logic baseline is called as the API is, through a SQL wrapper in public with named
-- arguments (in the bench database only).
CREATE OR REPLACE FUNCTION public.bench_same_reserve_tickets(
    p_ticket_tier_id uuid, p_quantity integer, p_attendee_email text, p_attendee_name text,
    p_user_id uuid DEFAULT NULL, p_idempotency_key text DEFAULT NULL)
    RETURNS SETOF public.ticket_reservation
    LANGUAGE sql VOLATILE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT * FROM bench.same_reserve(p_ticket_tier_id, p_quantity, p_attendee_email, p_attendee_name, p_user_id, p_idempotency_key) $$;
CREATE OR REPLACE FUNCTION public.bench_same_complete_payment(
    p_payment_id uuid, p_provider text DEFAULT NULL, p_provider_transaction_id text DEFAULT NULL)
    RETURNS SETOF public.payment_outcome
    LANGUAGE sql VOLATILE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT * FROM bench.same_complete(p_payment_id, p_provider, p_provider_transaction_id) $$;
GRANT EXECUTE ON FUNCTION public.bench_same_reserve_tickets(uuid, integer, text, text, uuid, text) TO anon, authenticated, service_role;
GRANT EXECUTE ON FUNCTION public.bench_same_complete_payment(uuid, text, text) TO authenticated, service_role;
