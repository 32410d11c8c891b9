-- fixture.sql: the helpers of the isolation specs (tests/isolation/specs/*.spec). scripts/isolation.sh
-- loads this file as superuser into each spec's fresh database before the spec runs (a spec cannot
-- \i a file), so a spec's setup is one or two CALLs and its steps read like the requests they are.
--
-- The rows have fixed ids, which the specs write literally (JWT sub claims, arguments):
--   organization  44444444-4444-4444-8444-444444444444  "Maison Iso"
--   owner         11111111-1111-4111-8111-111111111111  owner of Maison Iso (door staff, organizer)
--   event         22222222-2222-4222-8222-222222222222  "Iso Show", active, tomorrow
--   tier          33333333-3333-4333-8333-333333333333  "General" of the event
--   event 2       55555555-5555-4555-8555-555555555555  "Iso Shoot", the same day    (isofix.model)
--   model         66666666-6666-4666-8666-666666666666  a model profile of user 7777... (isofix.model)
--
-- A request, the way PostgREST starts one (a CALL prints nothing into the expected output, and a
-- spec cannot write the JSON of the claims itself: a step ends at its first closing brace):
--   isofix.request(role, sub)      set_config('request.jwt.claims', '{"sub":...,"role":...}', true)
--                                  and set_config('role', role, true): until the end of the step's
--                                  transaction, auth.uid() is sub (NULL: anon, service_role)
-- Setup (procedures):
--   isofix.show(price, quantity)   the organization, its owner, the event and its tier
--   isofix.model()                 a second event of the organization and a model to book
--   isofix.buy(email, pay)         one ticket of the tier reserved by server-side code for that
--                                  attendee; pay => its payment completed (transaction ch_<name>)
--   isofix.expire_holds()          every hold ran out a second ago
--   isofix.options()               after show() and model(): options on the model, requested by
--                                  server-side code: the 1st for "Iso Show" 08:00-12:00, the 2nd for
--                                  "Iso Shoot" 10:00-14:00 (2086-06-10, UTC)
--   isofix.expire_option(event)    the event's option on the model ran out a second ago
--   isofix.reset()                 removes every row of the fixture (the specs' teardown)
-- Lookups for the steps (any role may call them; they read past row level security):
--   isofix.registration(email), isofix.token(email), isofix.payment(email)
--   isofix.counts()                the tier's quantity_sold and its live (not cancelled) registrations
--   isofix.checked_in_at(email)    the registration's checked_in_at as committed now (VOLATILE: a
--                                  fresh snapshot, not the one of the statement that calls it)
--   isofix.registrations()         every registration of the tier: attendee e-mail and status
--   isofix.option(event)           the id of the event's option on the model
--   isofix.option_outcome()        per option of the model, in request order: event, status, rank
--                                  (as of now), promoted (promoted_at set), how often its expiry and
--                                  its promotion were written (isofix.option_changes: an audit
--                                  trigger on fashionos.options), the model's bookings in the ledger
--   isofix.webhook(body)           the payment provider posts body, signed with
--                                  whsec_isolation_0123456789: 'outcome changed=...' or the error
--   isofix.try(sql)                runs a request, answers 'ok, <n> row(s)' or '<SQLSTATE>: <message>
--                                  | <detail> | hint: <hint>' (the isolation tester prints an
--                                  error's message only, not its SQLSTATE): the one try of the
--                                  regress tests, tests/pg_regress/common/try.sql

CREATE SCHEMA isofix;
GRANT USAGE ON SCHEMA isofix TO anon, authenticated, service_role;

CREATE PROCEDURE isofix.request(p_role text, p_sub uuid DEFAULT NULL)
    LANGUAGE plpgsql
    AS $$
BEGIN
    PERFORM set_config('request.jwt.claims', json_strip_nulls(json_build_object('sub', p_sub, 'role', p_role))::text, true),
            set_config('role', p_role, true);
END
$$;

CREATE PROCEDURE isofix.show(p_price numeric, p_quantity integer)
    LANGUAGE sql
    AS $$
    INSERT INTO public.organizations (id, name, slug)
    VALUES ('44444444-4444-4444-8444-444444444444', 'Maison Iso', 'maison-iso');
    INSERT INTO auth.users (id, email) VALUES ('11111111-1111-4111-8111-111111111111', 'owner@iso.test');
    INSERT INTO public.users (id, email, role, organization_id)
    VALUES ('11111111-1111-4111-8111-111111111111', 'owner@iso.test', 'owner', '44444444-4444-4444-8444-444444444444');
    INSERT INTO public.events (id, name, status, start_date, organization_id, created_by)
    VALUES ('22222222-2222-4222-8222-222222222222', 'Iso Show', 'active', now() + interval '1 day',
            '44444444-4444-4444-8444-444444444444', '11111111-1111-4111-8111-111111111111');
    INSERT INTO public.ticket_tiers (id, event_id, name, type, price, quantity_total)
    VALUES ('33333333-3333-4333-8333-333333333333', '22222222-2222-4222-8222-222222222222', 'General', 'paid',
            p_price, p_quantity);
$$;

CREATE PROCEDURE isofix.model()
    LANGUAGE sql
    AS $$
    INSERT INTO public.events (id, name, status, start_date, organization_id, created_by)
    VALUES ('55555555-5555-4555-8555-555555555555', 'Iso Shoot', 'active', now() + interval '1 day',
            '44444444-4444-4444-8444-444444444444', '11111111-1111-4111-8111-111111111111');
    INSERT INTO auth.users (id, email) VALUES ('77777777-7777-4777-8777-777777777777', 'model@iso.test');
    INSERT INTO public.users (id, email, role, organization_id)
    VALUES ('77777777-7777-4777-8777-777777777777', 'model@iso.test', 'viewer', '44444444-4444-4444-8444-444444444444');
    INSERT INTO public.model_profiles (id, user_id)
    VALUES ('66666666-6666-4666-8666-666666666666', '77777777-7777-4777-8777-777777777777');
$$;

CREATE PROCEDURE isofix.buy(p_email text, p_pay boolean DEFAULT false)
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_payment uuid;
BEGIN
    SELECT payment_id INTO STRICT v_payment
      FROM public.reserve_tickets(p_ticket_tier_id => '33333333-3333-4333-8333-333333333333', p_quantity => 1,
                                  p_attendee_email => p_email, p_attendee_name => split_part(p_email, '@', 1));
    IF p_pay THEN
        PERFORM public.complete_payment(p_payment_id => v_payment, p_provider => 'stripe',
                                        p_provider_transaction_id => 'ch_' || split_part(p_email, '@', 1));
    END IF;
END
$$;

CREATE PROCEDURE isofix.expire_holds()
    LANGUAGE sql
    AS $$ UPDATE fashionos.registration_holds SET expires_at = now() - interval '1 second' $$;

CREATE PROCEDURE isofix.options()
    LANGUAGE sql
    AS $$
    SELECT count(*) FROM public.request_option('model', '66666666-6666-4666-8666-666666666666',
        '22222222-2222-4222-8222-222222222222', '2086-06-10 08:00Z', '2086-06-10 12:00Z');
    SELECT count(*) FROM public.request_option('model', '66666666-6666-4666-8666-666666666666',
        '55555555-5555-4555-8555-555555555555', '2086-06-10 10:00Z', '2086-06-10 14:00Z');
$$;

CREATE PROCEDURE isofix.expire_option(p_event_id uuid)
    LANGUAGE sql
    AS $$
    UPDATE fashionos.options SET expires_at = now() - interval '1 second'
     WHERE event_id = p_event_id AND resource_id = '66666666-6666-4666-8666-666666666666'
$$;

-- Every write of an option's status or promoted_at, as committed (the steps cannot see which
-- writer recorded an expiry or a promotion, nor how often, otherwise).
CREATE TABLE isofix.option_changes (option_id uuid, old_status text, new_status text,
                                    old_promoted_at timestamptz, new_promoted_at timestamptz);
CREATE FUNCTION isofix.record_option_change() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = ''
    AS $$
BEGIN
    INSERT INTO isofix.option_changes VALUES (OLD.id, OLD.status, NEW.status, OLD.promoted_at, NEW.promoted_at);
    RETURN NEW;
END
$$;
CREATE TRIGGER isofix_option_changes AFTER UPDATE ON fashionos.options FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.promoted_at IS DISTINCT FROM NEW.promoted_at)
    EXECUTE FUNCTION isofix.record_option_change();

-- DELETE, not TRUNCATE: the foreign keys cascade to every row of the fixture, and the ledger's
-- row triggers empty fashionos.bookings. The registrations first: an event with tickets is not
-- deleted (fashionos.event_keeps_sales).
CREATE PROCEDURE isofix.reset()
    LANGUAGE sql
    AS $$
    DELETE FROM fashionos.options;
    DELETE FROM isofix.option_changes;
    DELETE FROM fashionos.webhook_events;
    DELETE FROM public.registrations r USING public.events e
     WHERE r.event_id = e.id AND e.organization_id = '44444444-4444-4444-8444-444444444444';
    DELETE FROM public.organizations WHERE id = '44444444-4444-4444-8444-444444444444';
    DELETE FROM auth.users;
$$;

CREATE FUNCTION isofix.registration(p_email text) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ''
    AS $$ SELECT id FROM public.registrations WHERE attendee_email = p_email $$;

CREATE FUNCTION isofix.token(p_email text) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ''
    AS $$ SELECT qr_code_data FROM public.registrations WHERE attendee_email = p_email $$;

CREATE FUNCTION isofix.payment(p_email text) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ''
    AS $$ SELECT p.id FROM public.payments p JOIN public.registrations r ON r.id = p.registration_id
           WHERE r.attendee_email = p_email $$;

CREATE FUNCTION isofix.checked_in_at(p_email text) RETURNS timestamptz
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = ''
    AS $$ SELECT checked_in_at FROM public.registrations WHERE attendee_email = p_email $$;

CREATE FUNCTION isofix.counts() RETURNS TABLE (quantity_sold integer, live_registrations bigint)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ''
    AS $$ SELECT t.quantity_sold, (SELECT count(*) FROM public.registrations r
                                    WHERE r.ticket_tier_id = t.id AND r.status <> 'cancelled')
            FROM public.ticket_tiers t WHERE t.id = '33333333-3333-4333-8333-333333333333' $$;

CREATE FUNCTION isofix.registrations() RETURNS TABLE (attendee_email text, status text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ''
    AS $$ SELECT attendee_email, status FROM public.registrations
           WHERE ticket_tier_id = '33333333-3333-4333-8333-333333333333' ORDER BY attendee_email $$;

CREATE FUNCTION isofix.option(p_event_id uuid) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ''
    AS $$ SELECT id FROM fashionos.options
           WHERE event_id = p_event_id AND resource_id = '66666666-6666-4666-8666-666666666666' $$;

CREATE FUNCTION isofix.option_outcome()
    RETURNS TABLE (event text, status text, rank integer, promoted boolean, expiries bigint, promotions bigint,
                   bookings bigint)
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = ''
    AS $$
    SELECT e.name, o.status, fashionos.option_rank(o), o.promoted_at IS NOT NULL,
           (SELECT count(*) FROM isofix.option_changes c WHERE c.option_id = o.id AND c.new_status = 'expired'),
           (SELECT count(*) FROM isofix.option_changes c
             WHERE c.option_id = o.id AND c.new_promoted_at IS DISTINCT FROM c.old_promoted_at),
           (SELECT count(*) FROM fashionos.bookings b WHERE b.resource_id = o.resource_id)
      FROM fashionos.options o JOIN public.events e ON e.id = o.event_id
     WHERE o.resource_id = '66666666-6666-4666-8666-666666666666'
     ORDER BY o.seq
$$;

-- isofix.try: the try of the regress tests (tests/pg_regress/common/try.sql), in schema isofix.
\set helpers isofix
\ir ../pg_regress/common/try.sql

-- isofix.webhook(body): the payment provider posts body, signed with the secret
-- whsec_isolation_0123456789 (set by the spec's setup with set_payment_webhook_secret), as PostgREST
-- runs the request (anon, request.headers); answers the outcome and changed, or the error.
CREATE FUNCTION isofix.webhook(p_body text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    v_key bytea := convert_to('whsec_isolation_0123456789', 'UTF8');
    v_t bigint := extract(epoch FROM now())::bigint;
    v_pad bytea;
    v_result text;
BEGIN
    v_pad := v_key || decode(repeat('00', 64 - length(v_key)), 'hex');
    PERFORM set_config('request.headers', json_build_object('stripe-signature', format('t=%s,v1=%s', v_t,
        encode(sha256((SELECT string_agg(set_byte('\x00'::bytea, 0, get_byte(v_pad, i) # 92), '' ORDER BY i) FROM generate_series(0, 63) i)
                      || sha256((SELECT string_agg(set_byte('\x00'::bytea, 0, get_byte(v_pad, i) # 54), '' ORDER BY i) FROM generate_series(0, 63) i)
                                || convert_to(v_t || '.' || p_body, 'UTF8'))), 'hex')))::text, true);
    PERFORM set_config('request.jwt.claims', '{"role": "anon"}', true), set_config('role', 'anon', true);
    SELECT format('%s changed=%s', w.outcome, w.changed) INTO v_result FROM public.payment_webhook(p_body::json) w;
    RETURN v_result;
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END
$$;

GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA isofix TO anon, authenticated, service_role;
