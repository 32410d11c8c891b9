-- baseline.sql: the same purchase written in PL/pgSQL, the baseline of bench/ticketing.
-- It does what public.reserve_tickets and public.complete_payment do for one paid ticket, in two
-- calls as a client makes them (checks, conditional decrement, registration, payment, hold; then
-- payment completed and registration confirmed), except the caller checks and the Ed25519 signature: PL/pgSQL has no Ed25519, so its token is 32 random
-- bytes in hex. That makes the baseline do less work than the Rust path, not more.
CREATE SCHEMA IF NOT EXISTS bench;

CREATE OR REPLACE FUNCTION bench.plpgsql_reserve(p_ticket_tier_id uuid, p_email text, p_name text)
    RETURNS uuid
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = ''
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
    SET search_path = ''
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

