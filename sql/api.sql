-- api.sql: the ticketing and check-in RPC surface in public, loaded last.
--
-- Writing functions are SECURITY DEFINER in schema fashionos (Rust) and check the caller
-- themselves; what PostgREST exposes are the SECURITY INVOKER wrappers below, with the same named
-- arguments. EXECUTE is revoked from PUBLIC and granted to the roles meant to call each function.

-- The Rust functions raise standard SQLSTATEs; the wrappers below turn the two that PostgREST
-- does not map into its status codes: P0002 (not found) -> PT404, 55000 (conflict) -> PT409.
CREATE FUNCTION fashionos.raise_http(p_sqlstate text, p_message text, p_detail text, p_hint text)
    RETURNS void
    LANGUAGE sql VOLATILE
    SET search_path = ''
    AS $$
    SELECT fashionos.raise_error(CASE p_sqlstate WHEN 'P0002' THEN 'PT404' WHEN '55000' THEN 'PT409' ELSE p_sqlstate END,
                                 p_message, nullif(p_detail, ''), nullif(p_hint, ''))
$$;
COMMENT ON FUNCTION fashionos.raise_http(text, text, text, text) IS
    'Re-raises an error for PostgREST: P0002 becomes PT404 (HTTP 404), 55000 becomes PT409 (HTTP 409); other codes stay.';
GRANT EXECUTE ON FUNCTION fashionos.raise_http(text, text, text, text) TO anon, authenticated, service_role;

-- The key pair that signs ticket tokens, made at install.
SELECT fashionos.generate_signing_key();

-- Private state that must survive pg_dump / restore.
SELECT pg_catalog.pg_extension_config_dump('fashionos.signing_keys', '');
SELECT pg_catalog.pg_extension_config_dump('fashionos.registration_holds', '');
SELECT pg_catalog.pg_extension_config_dump('fashionos.revoked_tokens', '');

-------------------------------------------------------------------------------------------------
-- Implementations in fashionos: callable only through the wrappers' roles.
-------------------------------------------------------------------------------------------------
REVOKE EXECUTE ON FUNCTION
    fashionos.reserve_tickets(uuid, integer, text, text, uuid),
    fashionos.release_expired_holds(uuid),
    fashionos.complete_payment(uuid, text, text),
    fashionos.fail_payment(uuid),
    fashionos.refund_payment(uuid),
    fashionos.cancel_registration(uuid),
    fashionos.reissue_ticket(uuid),
    fashionos.verify_ticket(text),
    fashionos.check_in(text, uuid),
    fashionos.ticket_signing_keys(),
    fashionos.generate_signing_key(),
    fashionos.raise_error(text, text, text, text),
    fashionos.raise_http(text, text, text, text)
FROM PUBLIC;

GRANT EXECUTE ON FUNCTION
    fashionos.reserve_tickets(uuid, integer, text, text, uuid),
    fashionos.verify_ticket(text),
    fashionos.ticket_signing_keys(),
    fashionos.raise_error(text, text, text, text)
TO anon, authenticated, service_role;
GRANT EXECUTE ON FUNCTION
    fashionos.release_expired_holds(uuid),
    fashionos.complete_payment(uuid, text, text),
    fashionos.fail_payment(uuid),
    fashionos.refund_payment(uuid),
    fashionos.cancel_registration(uuid),
    fashionos.reissue_ticket(uuid),
    fashionos.check_in(text, uuid)
TO authenticated, service_role;

COMMENT ON FUNCTION fashionos.generate_signing_key() IS
    'Generates and stores a new Ed25519 key pair for ticket tokens and returns its key id; the newest key signs, all stored keys verify. Run at install; run again to rotate.';
COMMENT ON FUNCTION fashionos.reserve_tickets(uuid, integer, text, text, uuid) IS 'Implementation of public.reserve_tickets.';
COMMENT ON FUNCTION fashionos.release_expired_holds(uuid) IS 'Implementation of public.release_expired_holds.';
COMMENT ON FUNCTION fashionos.complete_payment(uuid, text, text) IS 'Implementation of public.complete_payment.';
COMMENT ON FUNCTION fashionos.fail_payment(uuid) IS 'Implementation of public.fail_payment.';
COMMENT ON FUNCTION fashionos.refund_payment(uuid) IS 'Implementation of public.refund_payment.';
COMMENT ON FUNCTION fashionos.cancel_registration(uuid) IS 'Implementation of public.cancel_registration.';
COMMENT ON FUNCTION fashionos.reissue_ticket(uuid) IS 'Implementation of public.reissue_ticket.';
COMMENT ON FUNCTION fashionos.verify_ticket(text) IS 'Implementation of public.verify_ticket.';
COMMENT ON FUNCTION fashionos.check_in(text, uuid) IS 'Implementation of public.check_in.';
COMMENT ON FUNCTION fashionos.ticket_signing_keys() IS 'Implementation of public.ticket_signing_keys.';

-- Does the caller run this event (organizer, admin or owner of its organization), or is it
-- server-side code (service_role, superuser, BYPASSRLS)?
CREATE FUNCTION fashionos.caller_runs_event(p_event_id uuid) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = ''
    AS $$
    SELECT coalesce((SELECT r.rolsuper OR r.rolbypassrls OR pg_catalog.pg_has_role(r.oid, 'service_role', 'MEMBER')
                       FROM pg_catalog.pg_roles r
                      WHERE r.rolname = CASE WHEN pg_catalog.current_setting('role') = 'none'
                                             THEN session_user::text
                                             ELSE pg_catalog.current_setting('role') END), false)
        OR EXISTS (SELECT 1 FROM public.users u
                     JOIN public.events e ON e.organization_id = u.organization_id
                    WHERE u.id = (SELECT auth.uid()) AND e.id = p_event_id
                      AND u.role IN ('owner', 'admin', 'organizer'))
$$;
REVOKE EXECUTE ON FUNCTION fashionos.caller_runs_event(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION fashionos.caller_runs_event(uuid) TO authenticated, service_role;
COMMENT ON FUNCTION fashionos.caller_runs_event(uuid) IS
    'True when the caller is an organizer, admin or owner of the event''s organization, or server-side code.';

-------------------------------------------------------------------------------------------------
-- Event settings
-------------------------------------------------------------------------------------------------
CREATE FUNCTION fashionos.get_event_settings(p_event_id uuid)
    RETURNS TABLE (event_id uuid, time_zone text, walk_min_gap integer, hold_minutes integer, call_time_minutes integer)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = ''
    AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM public.events e WHERE e.id = p_event_id) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'event not found',
            DETAIL = format('No event with id %s.', p_event_id), HINT = 'Check the id.';
    END IF;
    RETURN QUERY SELECT p_event_id, s.time_zone, s.walk_min_gap, s.hold_minutes, s.call_time_minutes
                   FROM fashionos.settings_for(p_event_id) s;
END
$$;

CREATE FUNCTION fashionos.set_event_settings(
    p_event_id uuid,
    p_time_zone text DEFAULT NULL,
    p_walk_min_gap integer DEFAULT NULL,
    p_hold_minutes integer DEFAULT NULL,
    p_call_time_minutes integer DEFAULT NULL)
    RETURNS TABLE (event_id uuid, time_zone text, walk_min_gap integer, hold_minutes integer, call_time_minutes integer)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = ''
    AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM public.events e WHERE e.id = p_event_id) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'event not found',
            DETAIL = format('No event with id %s.', p_event_id), HINT = 'Check the id.';
    END IF;
    IF NOT fashionos.caller_runs_event(p_event_id) THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'not allowed to change event settings',
            DETAIL = format('The caller is not an organizer, admin or owner of the organization of event %s.', p_event_id),
            HINT = 'Sign in as a member of the event''s organization with role organizer, admin or owner.';
    END IF;
    IF p_time_zone IS NOT NULL AND NOT fashionos.is_time_zone(p_time_zone) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'unknown time zone',
            DETAIL = format('%L is not a time zone name PostgreSQL knows.', p_time_zone),
            HINT = 'Use an IANA name such as Europe/Paris or America/New_York.';
    END IF;
    INSERT INTO fashionos.event_settings AS s (event_id, time_zone, walk_min_gap, hold_minutes, call_time_minutes)
    VALUES (p_event_id, coalesce(p_time_zone, 'UTC'), coalesce(p_walk_min_gap, 5),
            coalesce(p_hold_minutes, 15), coalesce(p_call_time_minutes, 240))
    ON CONFLICT ON CONSTRAINT event_settings_pkey DO UPDATE
       SET time_zone = coalesce(p_time_zone, s.time_zone),
           walk_min_gap = coalesce(p_walk_min_gap, s.walk_min_gap),
           hold_minutes = coalesce(p_hold_minutes, s.hold_minutes),
           call_time_minutes = coalesce(p_call_time_minutes, s.call_time_minutes);
    RETURN QUERY SELECT * FROM fashionos.get_event_settings(p_event_id);
END
$$;
REVOKE EXECUTE ON FUNCTION fashionos.get_event_settings(uuid), fashionos.set_event_settings(uuid, text, integer, integer, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION fashionos.get_event_settings(uuid), fashionos.set_event_settings(uuid, text, integer, integer, integer) TO authenticated, service_role;
COMMENT ON FUNCTION fashionos.get_event_settings(uuid) IS 'Implementation of public.get_event_settings.';
COMMENT ON FUNCTION fashionos.set_event_settings(uuid, text, integer, integer, integer) IS 'Implementation of public.set_event_settings.';

-------------------------------------------------------------------------------------------------
-- The public RPC surface (PostgREST: POST /rpc/<name> with named arguments).
-------------------------------------------------------------------------------------------------
CREATE FUNCTION public.reserve_tickets(
    p_ticket_tier_id uuid, p_quantity integer, p_attendee_email text, p_attendee_name text,
    p_user_id uuid DEFAULT NULL)
    RETURNS TABLE (registration_id uuid, status text, qr_code_data text, payment_id uuid,
                   amount numeric, currency text, hold_expires_at timestamptz)
    LANGUAGE plpgsql VOLATILE SECURITY INVOKER
    SET search_path = ''
    AS $$
DECLARE
    v_detail text;
    v_hint text;
BEGIN
    RETURN QUERY SELECT * FROM fashionos.reserve_tickets(p_ticket_tier_id, p_quantity, p_attendee_email, p_attendee_name, p_user_id);
EXCEPTION WHEN no_data_found OR object_not_in_prerequisite_state THEN
    GET STACKED DIAGNOSTICS v_detail = PG_EXCEPTION_DETAIL, v_hint = PG_EXCEPTION_HINT;
    PERFORM fashionos.raise_http(SQLSTATE, SQLERRM, v_detail, v_hint);
END
$$;
COMMENT ON FUNCTION public.reserve_tickets(uuid, integer, text, text, uuid) IS
$$Reserves p_quantity (1-50) tickets of a tier for one attendee and returns one row per ticket with its signed token (qr_code_data). Paid and vip tiers with a price: pending registrations with pending payments that hold the tickets for the event's hold time (default 15 minutes). Free tiers: confirmed at once. comp and press tiers: issued by the event's organizers only, confirmed at once. Never sells past quantity_total. Errors: 22023 bad argument (400), PT404 tier or user not found (404), 42501 not allowed (401/403), PT409 sold out or event not on sale (409).$$;

CREATE FUNCTION public.release_expired_holds(p_ticket_tier_id uuid DEFAULT NULL)
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE SECURITY INVOKER
    SET search_path = ''
    AS $$
DECLARE
    v_detail text;
    v_hint text;
BEGIN
    RETURN fashionos.release_expired_holds(p_ticket_tier_id);
EXCEPTION WHEN no_data_found OR object_not_in_prerequisite_state THEN
    GET STACKED DIAGNOSTICS v_detail = PG_EXCEPTION_DETAIL, v_hint = PG_EXCEPTION_HINT;
    PERFORM fashionos.raise_http(SQLSTATE, SQLERRM, v_detail, v_hint);
END
$$;
COMMENT ON FUNCTION public.release_expired_holds(uuid) IS
$$Releases the expired holds of a tier (or of all tiers, for service_role) and returns how many tickets went back on sale. Holds are also released by themselves when a buyer finds a tier full. Errors: PT404 tier not found, 42501 all tiers without service_role.$$;

CREATE FUNCTION public.complete_payment(p_payment_id uuid, p_provider text DEFAULT NULL, p_provider_transaction_id text DEFAULT NULL)
    RETURNS TABLE (payment_id uuid, payment_status text, registration_id uuid, registration_status text, changed boolean)
    LANGUAGE plpgsql VOLATILE SECURITY INVOKER
    SET search_path = ''
    AS $$
DECLARE
    v_detail text;
    v_hint text;
BEGIN
    RETURN QUERY SELECT * FROM fashionos.complete_payment(p_payment_id, p_provider, p_provider_transaction_id);
EXCEPTION WHEN no_data_found OR object_not_in_prerequisite_state THEN
    GET STACKED DIAGNOSTICS v_detail = PG_EXCEPTION_DETAIL, v_hint = PG_EXCEPTION_HINT;
    PERFORM fashionos.raise_http(SQLSTATE, SQLERRM, v_detail, v_hint);
END
$$;
COMMENT ON FUNCTION public.complete_payment(uuid, text, text) IS
$$Marks a pending payment completed and confirms its registration (payment webhook or the event's organizers). Idempotent for the same provider transaction (changed = false). Errors: 22023 unknown provider, PT404 not found, 42501 not allowed, PT409 payment not pending or hold already released (refund the charge).$$;

CREATE FUNCTION public.fail_payment(p_payment_id uuid)
    RETURNS TABLE (payment_id uuid, payment_status text, registration_id uuid, registration_status text, changed boolean)
    LANGUAGE plpgsql VOLATILE SECURITY INVOKER
    SET search_path = ''
    AS $$
DECLARE
    v_detail text;
    v_hint text;
BEGIN
    RETURN QUERY SELECT * FROM fashionos.fail_payment(p_payment_id);
EXCEPTION WHEN no_data_found OR object_not_in_prerequisite_state THEN
    GET STACKED DIAGNOSTICS v_detail = PG_EXCEPTION_DETAIL, v_hint = PG_EXCEPTION_HINT;
    PERFORM fashionos.raise_http(SQLSTATE, SQLERRM, v_detail, v_hint);
END
$$;
COMMENT ON FUNCTION public.fail_payment(uuid) IS
$$Marks a pending payment failed; its pending registration is cancelled and its ticket released. Idempotent. Errors: PT404, 42501, PT409 payment not pending.$$;

CREATE FUNCTION public.refund_payment(p_payment_id uuid)
    RETURNS TABLE (payment_id uuid, payment_status text, registration_id uuid, registration_status text, changed boolean)
    LANGUAGE plpgsql VOLATILE SECURITY INVOKER
    SET search_path = ''
    AS $$
DECLARE
    v_detail text;
    v_hint text;
BEGIN
    RETURN QUERY SELECT * FROM fashionos.refund_payment(p_payment_id);
EXCEPTION WHEN no_data_found OR object_not_in_prerequisite_state THEN
    GET STACKED DIAGNOSTICS v_detail = PG_EXCEPTION_DETAIL, v_hint = PG_EXCEPTION_HINT;
    PERFORM fashionos.raise_http(SQLSTATE, SQLERRM, v_detail, v_hint);
END
$$;
COMMENT ON FUNCTION public.refund_payment(uuid) IS
$$Refunds a completed payment: the payment becomes refunded, its registration cancelled, its token revoked and its ticket released, exactly once. Idempotent. Errors: PT404, 42501, PT409 payment not completed or ticket already used.$$;

CREATE FUNCTION public.cancel_registration(p_registration_id uuid)
    RETURNS TABLE (registration_id uuid, status text, changed boolean)
    LANGUAGE plpgsql VOLATILE SECURITY INVOKER
    SET search_path = ''
    AS $$
DECLARE
    v_detail text;
    v_hint text;
BEGIN
    RETURN QUERY SELECT * FROM fashionos.cancel_registration(p_registration_id);
EXCEPTION WHEN no_data_found OR object_not_in_prerequisite_state THEN
    GET STACKED DIAGNOSTICS v_detail = PG_EXCEPTION_DETAIL, v_hint = PG_EXCEPTION_HINT;
    PERFORM fashionos.raise_http(SQLSTATE, SQLERRM, v_detail, v_hint);
END
$$;
COMMENT ON FUNCTION public.cancel_registration(uuid) IS
$$Cancels a registration: its ticket goes back on sale exactly once, its token is revoked, a pending payment fails. Attendees cancel their own unpaid or free registrations; the event's organizers any unused one. A second cancel returns changed = false. Errors: PT404, 42501, PT409 ticket already used.$$;

CREATE FUNCTION public.reissue_ticket(p_registration_id uuid)
    RETURNS text
    LANGUAGE plpgsql VOLATILE SECURITY INVOKER
    SET search_path = ''
    AS $$
DECLARE
    v_detail text;
    v_hint text;
BEGIN
    RETURN fashionos.reissue_ticket(p_registration_id);
EXCEPTION WHEN no_data_found OR object_not_in_prerequisite_state THEN
    GET STACKED DIAGNOSTICS v_detail = PG_EXCEPTION_DETAIL, v_hint = PG_EXCEPTION_HINT;
    PERFORM fashionos.raise_http(SQLSTATE, SQLERRM, v_detail, v_hint);
END
$$;
COMMENT ON FUNCTION public.reissue_ticket(uuid) IS
$$Issues a new signed token for a pending or confirmed registration and revokes the old one (a leaked or forwarded ticket). For the attendee or the event's organizers. Errors: PT404, 42501, PT409 registration cancelled or used.$$;

CREATE FUNCTION public.verify_ticket(p_token text)
    RETURNS TABLE (valid boolean, reason text, registration_id uuid, event_id uuid, status text,
                   attendee_name text, checked_in_at timestamptz)
    LANGUAGE sql STABLE STRICT SECURITY INVOKER
    SET search_path = ''
    AS $$ SELECT * FROM fashionos.verify_ticket(p_token) $$;
COMMENT ON FUNCTION public.verify_ticket(text) IS
$$Verifies a ticket token without checking it in. reason: valid, malformed, tampered (signature does not match), foreign (signed by a key this database does not have), unknown (no registration carries it), revoked (a newer ticket was issued), cancelled. Status, name and check-in time only for the event's organizers and the attendee.$$;

CREATE FUNCTION public.check_in(p_token text, p_event_id uuid)
    RETURNS TABLE (outcome text, registration_id uuid, attendee_name text, ticket_tier text,
                   checked_in_at timestamptz, message text)
    LANGUAGE plpgsql VOLATILE SECURITY INVOKER
    SET search_path = ''
    AS $$
DECLARE
    v_detail text;
    v_hint text;
BEGIN
    RETURN QUERY SELECT * FROM fashionos.check_in(p_token, p_event_id);
EXCEPTION WHEN no_data_found OR object_not_in_prerequisite_state THEN
    GET STACKED DIAGNOSTICS v_detail = PG_EXCEPTION_DETAIL, v_hint = PG_EXCEPTION_HINT;
    PERFORM fashionos.raise_http(SQLSTATE, SQLERRM, v_detail, v_hint);
END
$$;
COMMENT ON FUNCTION public.check_in(text, uuid) IS
$$Checks a ticket in at the door of an event, exactly once: outcome checked_in, or already_checked_in with the time of the first scan. For organizers, admins and owners of the event's organization. Errors: 22023 token not valid (malformed, tampered, foreign), PT404 event or ticket not found, 42501 not door staff, PT409 revoked, cancelled, unpaid or for another event.$$;

CREATE FUNCTION public.ticket_signing_keys()
    RETURNS TABLE (key_id text, algorithm text, public_key text, created_at timestamptz)
    LANGUAGE sql STABLE SECURITY INVOKER
    SET search_path = ''
    AS $$ SELECT * FROM fashionos.ticket_signing_keys() $$;
COMMENT ON FUNCTION public.ticket_signing_keys() IS
$$The Ed25519 public keys (base64url) that verify ticket tokens, newest first, for scanners that verify offline. A token is FOS1.<key_id>.<payload>.<signature>; the signature covers FOS1.<key_id>.<payload>; the payload is registration id, event id and 16 random bytes.$$;

CREATE FUNCTION public.ticket_qr_svg(p_registration_id uuid, p_size integer DEFAULT 256)
    RETURNS text
    LANGUAGE plpgsql STABLE SECURITY INVOKER
    SET search_path = ''
    AS $$
DECLARE
    v_token text;
BEGIN
    SELECT r.qr_code_data INTO v_token FROM public.registrations r WHERE r.id = p_registration_id;
    IF v_token IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'registration not found',
            DETAIL = format('No registration with id %s is visible to the caller.', p_registration_id),
            HINT = 'Attendees see their own registrations; organizers those of their events.';
    END IF;
    RETURN public.qr_code_svg(v_token, p_size);
END
$$;
COMMENT ON FUNCTION public.ticket_qr_svg(uuid, integer) IS
$$The ticket of a registration the caller can see, as an SVG QR code of its signed token. Errors: PT404 not visible, 22023 size out of range.$$;

COMMENT ON FUNCTION public.qr_code_svg(text, integer) IS
$$Renders text as an SVG QR code (error correction M, quiet zone), at least p_size pixels square (64-4096). Errors: 22023 empty text, size out of range, or text too long.$$;

CREATE FUNCTION public.get_event_settings(p_event_id uuid)
    RETURNS TABLE (event_id uuid, time_zone text, walk_min_gap integer, hold_minutes integer, call_time_minutes integer)
    LANGUAGE plpgsql STABLE SECURITY INVOKER
    SET search_path = ''
    AS $$
BEGIN
    -- Row level security of events decides who may read an event's settings.
    IF NOT EXISTS (SELECT 1 FROM public.events e WHERE e.id = p_event_id) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'event not found',
            DETAIL = format('No event with id %s is visible to the caller.', p_event_id),
            HINT = 'Check the id, and that the caller belongs to the organization that owns it.';
    END IF;
    RETURN QUERY SELECT * FROM fashionos.get_event_settings(p_event_id);
END
$$;
COMMENT ON FUNCTION public.get_event_settings(uuid) IS
$$The settings in force for an event: time zone (UTC), minimum walk-order gap in looks (5), ticket hold minutes (15), call time minutes (240); defaults in brackets. Errors: PT404.$$;

CREATE FUNCTION public.set_event_settings(
    p_event_id uuid, p_time_zone text DEFAULT NULL, p_walk_min_gap integer DEFAULT NULL,
    p_hold_minutes integer DEFAULT NULL, p_call_time_minutes integer DEFAULT NULL)
    RETURNS TABLE (event_id uuid, time_zone text, walk_min_gap integer, hold_minutes integer, call_time_minutes integer)
    LANGUAGE sql VOLATILE SECURITY INVOKER
    SET search_path = ''
    AS $$ SELECT * FROM fashionos.set_event_settings(p_event_id, p_time_zone, p_walk_min_gap, p_hold_minutes, p_call_time_minutes) $$;
COMMENT ON FUNCTION public.set_event_settings(uuid, text, integer, integer, integer) IS
$$Changes an event's settings (arguments left NULL keep their value): time zone in which rehearsal and call-time dates are read, minimum walk-order gap, ticket hold minutes, call time minutes. For the event's organizers. Errors: PT404, 42501, 22023 unknown time zone, 23514 value out of range.$$;

REVOKE EXECUTE ON FUNCTION
    public.reserve_tickets(uuid, integer, text, text, uuid),
    public.release_expired_holds(uuid),
    public.complete_payment(uuid, text, text),
    public.fail_payment(uuid),
    public.refund_payment(uuid),
    public.cancel_registration(uuid),
    public.reissue_ticket(uuid),
    public.verify_ticket(text),
    public.check_in(text, uuid),
    public.ticket_signing_keys(),
    public.ticket_qr_svg(uuid, integer),
    public.qr_code_svg(text, integer),
    public.get_event_settings(uuid),
    public.set_event_settings(uuid, text, integer, integer, integer)
FROM PUBLIC, anon;
GRANT EXECUTE ON FUNCTION
    public.reserve_tickets(uuid, integer, text, text, uuid),
    public.verify_ticket(text),
    public.ticket_signing_keys(),
    public.qr_code_svg(text, integer)
TO anon, authenticated, service_role;
GRANT EXECUTE ON FUNCTION
    public.release_expired_holds(uuid),
    public.complete_payment(uuid, text, text),
    public.fail_payment(uuid),
    public.refund_payment(uuid),
    public.cancel_registration(uuid),
    public.reissue_ticket(uuid),
    public.check_in(text, uuid),
    public.ticket_qr_svg(uuid, integer),
    public.get_event_settings(uuid),
    public.set_event_settings(uuid, text, integer, integer, integer)
TO authenticated, service_role;

-------------------------------------------------------------------------------------------------
-- The public event page: events on sale and their tiers, without budgets or internal columns.
-------------------------------------------------------------------------------------------------
CREATE FUNCTION fashionos.events_on_sale(p_from timestamptz, p_organization_slug text)
    RETURNS TABLE (event_id uuid, name text, description text, type text, status text,
                   start_date timestamptz, end_date timestamptz, venue_name text, venue_address text,
                   organization text, organization_slug text, tickets_left integer, lowest_price numeric)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = ''
    AS $$
    SELECT e.id, e.name, e.description, e.type, e.status, e.start_date, e.end_date, e.venue_name,
           e.venue_address, o.name, o.slug,
           coalesce(sum(t.quantity_total - t.quantity_sold) FILTER (WHERE t.type IN ('paid', 'vip')), 0)::integer,
           min(t.price) FILTER (WHERE t.type IN ('paid', 'vip'))
      FROM public.events e
      JOIN public.organizations o ON o.id = e.organization_id
      LEFT JOIN public.ticket_tiers t ON t.event_id = e.id
     WHERE e.status IN ('planning', 'active')
       AND (e.end_date IS NULL OR e.end_date >= coalesce(p_from, now()))
       AND e.start_date >= coalesce(p_from, now()) - interval '1 day'
       AND (p_organization_slug IS NULL OR o.slug = p_organization_slug)
     GROUP BY e.id, o.id
     ORDER BY e.start_date, e.id
$$;
REVOKE EXECUTE ON FUNCTION fashionos.events_on_sale(timestamptz, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION fashionos.events_on_sale(timestamptz, text) TO anon, authenticated, service_role;
COMMENT ON FUNCTION fashionos.events_on_sale(timestamptz, text) IS 'Implementation of public.events_on_sale.';

CREATE FUNCTION public.events_on_sale(p_from timestamptz DEFAULT NULL, p_organization_slug text DEFAULT NULL)
    RETURNS TABLE (event_id uuid, name text, description text, type text, status text,
                   start_date timestamptz, end_date timestamptz, venue_name text, venue_address text,
                   organization text, organization_slug text, tickets_left integer, lowest_price numeric)
    LANGUAGE sql STABLE SECURITY INVOKER
    SET search_path = ''
    AS $$ SELECT * FROM fashionos.events_on_sale(p_from, p_organization_slug) $$;
REVOKE EXECUTE ON FUNCTION public.events_on_sale(timestamptz, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.events_on_sale(timestamptz, text) TO anon, authenticated, service_role;
COMMENT ON FUNCTION public.events_on_sale(timestamptz, text) IS
$$The public event page: events on sale (status planning or active) that have not ended by p_from (default now), optionally of one organization (by slug), with the public columns only (no budget, attendance or progress), tickets left and the lowest price over the paid and vip tiers. The tiers themselves are readable from ticket_tiers by anon. For anon, authenticated, service_role.$$;

-------------------------------------------------------------------------------------------------
-- 0.2.0: undoing a check-in made by mistake.
-------------------------------------------------------------------------------------------------
REVOKE EXECUTE ON FUNCTION fashionos.undo_check_in(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION fashionos.undo_check_in(uuid) TO authenticated, service_role;
COMMENT ON FUNCTION fashionos.undo_check_in(uuid) IS 'Implementation of public.undo_check_in.';

CREATE FUNCTION public.undo_check_in(p_registration_id uuid)
    RETURNS TABLE (registration_id uuid, status text, changed boolean)
    LANGUAGE plpgsql VOLATILE SECURITY INVOKER
    SET search_path = ''
    AS $$
DECLARE
    v_detail text;
    v_hint text;
BEGIN
    RETURN QUERY SELECT * FROM fashionos.undo_check_in(p_registration_id);
EXCEPTION WHEN no_data_found OR object_not_in_prerequisite_state THEN
    GET STACKED DIAGNOSTICS v_detail = PG_EXCEPTION_DETAIL, v_hint = PG_EXCEPTION_HINT;
    PERFORM fashionos.raise_http(SQLSTATE, SQLERRM, v_detail, v_hint);
END
$$;
REVOKE EXECUTE ON FUNCTION public.undo_check_in(uuid) FROM PUBLIC, anon;
GRANT EXECUTE ON FUNCTION public.undo_check_in(uuid) TO authenticated, service_role;
COMMENT ON FUNCTION public.undo_check_in(uuid) IS
$$Undoes a check-in made by mistake at the door: the registration is confirmed again and its check-in time cleared, so the ticket admits once more. For organizers, admins and owners of the event's organization. changed = false when the registration was not checked in. Errors: PT404 registration not found, 42501 not door staff, 25006 on a read-only replica. Since 0.2.0.$$;
