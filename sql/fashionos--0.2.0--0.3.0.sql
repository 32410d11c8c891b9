\echo Use "ALTER EXTENSION fashionos UPDATE TO '0.3.0'" to load this file. \quit
-- fashionos 0.2.0 -> 0.3.0, written by scripts/make-upgrade.py from the catalogs of
-- a fresh 0.2.0 and a fresh 0.3.0; tests/drills/upgrade.sh checks that an updated
-- database has the catalog of a fresh install.

-- 1. Tables and indexes (sql/upgrades/)
-- The spec's duplicate unique indexes: one unique index each, named as the spec names the index.
DROP INDEX public.idx_registrations_qr_code;
ALTER TABLE public.registrations RENAME CONSTRAINT registrations_qr_code_data_key TO idx_registrations_qr_code;
DROP INDEX public.idx_cloudinary_assets_public_id;
ALTER TABLE public.cloudinary_assets RENAME CONSTRAINT cloudinary_assets_public_id_key TO idx_cloudinary_assets_public_id;

-- Limits per buyer (issue 11): three settings per event and the index their count uses.
ALTER TABLE fashionos.event_settings
    ADD COLUMN buyer_max_tickets integer NOT NULL DEFAULT 20 CHECK (buyer_max_tickets BETWEEN 1 AND 10000),
    ADD COLUMN buyer_max_tickets_per_tier integer NOT NULL DEFAULT 10 CHECK (buyer_max_tickets_per_tier BETWEEN 1 AND 10000),
    ADD COLUMN buyer_max_holds integer NOT NULL DEFAULT 10 CHECK (buyer_max_holds BETWEEN 1 AND 10000);
COMMENT ON COLUMN fashionos.event_settings.buyer_max_tickets IS 'At most this many live tickets (held, confirmed or attended) of the event per attendee e-mail (lower-case, trimmed), default 20. The event''s organizers and server-side code are exempt.';
COMMENT ON COLUMN fashionos.event_settings.buyer_max_tickets_per_tier IS 'At most this many live tickets of one tier of the event per attendee e-mail, default 10.';
COMMENT ON COLUMN fashionos.event_settings.buyer_max_holds IS 'At most this many unpaid tickets on hold (not expired) of the event per attendee e-mail, default 10.';
COMMENT ON TABLE fashionos.event_settings IS
    'Per-event settings: the time zone in which DATE + time-slot columns (event_rehearsals, call_times) are read, the minimum walk-order gap between two looks of one model, how long a ticket hold lasts, how long a call time books a model, and the limits per buyer of its ticket sales. An event without a row uses the defaults.';
CREATE INDEX idx_registrations_attendee_email ON public.registrations (event_id, attendee_email);

-- 2. New result types
CREATE TYPE public.booking_conflict AS (
    resource_type text,
    resource_id uuid,
    severity text,
    overlap_start timestamp with time zone,
    overlap_end timestamp with time zone,
    source_table text,
    source_id uuid,
    event_id uuid,
    starts_at timestamp with time zone,
    ends_at timestamp with time zone,
    status text,
    other_source_table text,
    other_source_id uuid,
    other_event_id uuid,
    other_starts_at timestamp with time zone,
    other_ends_at timestamp with time zone,
    other_status text
);
COMMENT ON TYPE public.booking_conflict IS 'Two bookings of one resource by different engagements at overlapping times (find_conflicts, event_conflicts): the resource, severity (hard or tentative), the overlap, and both bookings (source table, id, event, range, status).';
CREATE TYPE public.booking_option AS (
    option_id uuid,
    resource_type text,
    resource_id uuid,
    event_id uuid,
    starts_at timestamp with time zone,
    ends_at timestamp with time zone,
    status text,
    rank integer,
    requested_rank integer,
    expires_at timestamp with time zone,
    requested_at timestamp with time zone,
    promoted_at timestamp with time zone,
    booking_id uuid
);
COMMENT ON TYPE public.booking_option IS 'An option on a venue, model or designer for an event (request_option, confirm_option, decline_option, release_option, list_options): its range, status (open, confirmed, declined, released, expired), rank among the live options on overlapping ranges (1 = 1st; null when not live), the rank it was requested at, expiry, when it became 1st, and the booking a confirmation made.';
CREATE TYPE public.check_in_result AS (
    outcome text,
    registration_id uuid,
    attendee_name text,
    ticket_tier text,
    checked_in_at timestamp with time zone,
    message text
);
COMMENT ON TYPE public.check_in_result IS 'The answer of check_in at the door: outcome checked_in or already_checked_in, the attendee, the tier, the time of the (first) scan and a message for the door staff.';
CREATE TYPE public.door_scan_result AS (
    scan_index integer,
    outcome text,
    reason text,
    registration_id uuid,
    attendee_name text,
    scanned_at timestamp with time zone,
    gate text,
    first_scanned_at timestamp with time zone,
    first_gate text,
    replayed boolean
);
COMMENT ON TYPE public.door_scan_result IS 'The answer to one offline scan (sync_door_scans): its index in the batch, outcome admitted, duplicate or refused, the reason of a refusal (malformed, tampered, foreign, wrong_event, unknown, revoked, cancelled, unpaid), the registration and attendee, the scan, the first scan of the ticket (time and gate; gate online for check_in), and whether the scan had been synced before (replayed: nothing changed).';
CREATE TYPE public.event_listing AS (
    event_id uuid,
    name text,
    description text,
    type text,
    status text,
    start_date timestamp with time zone,
    end_date timestamp with time zone,
    venue_name text,
    venue_address text,
    organization text,
    organization_slug text,
    tickets_left integer,
    lowest_price numeric
);
COMMENT ON TYPE public.event_listing IS 'An event on sale as the public sees it (events_on_sale): no budget, attendance or internal columns.';
CREATE TYPE public.event_settings_values AS (
    event_id uuid,
    time_zone text,
    walk_min_gap integer,
    hold_minutes integer,
    call_time_minutes integer,
    buyer_max_tickets integer,
    buyer_max_tickets_per_tier integer,
    buyer_max_holds integer
);
COMMENT ON TYPE public.event_settings_values IS 'The settings in force for an event: time zone, minimum walk-order gap, ticket hold minutes, call time minutes, and the limits per buyer (attendee e-mail) of its ticket sales: live tickets of the event, live tickets of one tier, unpaid tickets on hold.';
CREATE TYPE public.payment_outcome AS (
    payment_id uuid,
    payment_status text,
    registration_id uuid,
    registration_status text,
    changed boolean
);
COMMENT ON TYPE public.payment_outcome IS 'A payment after complete_payment, fail_payment or refund_payment: its status, its registration''s status, and whether this call changed anything (false for a repeated webhook).';
CREATE TYPE public.payment_webhook_result AS (
    provider text,
    event_id text,
    event_type text,
    outcome text,
    payment_id uuid,
    payment_status text,
    registration_status text,
    changed boolean
);
COMMENT ON TYPE public.payment_webhook_result IS 'What payment_webhook did with a verified event: provider, event id and type, outcome (completed, failed, refunded, ignored, duplicate), the payment and its registration after it, and whether anything changed.';
CREATE TYPE public.registration_change AS (
    registration_id uuid,
    status text,
    changed boolean
);
COMMENT ON TYPE public.registration_change IS 'A registration after cancel_registration or undo_check_in: its status and whether this call changed it.';
CREATE TYPE public.ticket_reservation AS (
    registration_id uuid,
    status text,
    qr_code_data text,
    payment_id uuid,
    amount numeric,
    currency text,
    hold_expires_at timestamp with time zone
);
COMMENT ON TYPE public.ticket_reservation IS 'One reserved ticket (public.reserve_tickets): its registration, status (pending or confirmed), signed token, payment to complete (paid tiers), amount, currency and when the hold expires.';
CREATE TYPE public.ticket_signing_key AS (
    key_id text,
    algorithm text,
    public_key text,
    created_at timestamp with time zone
);
COMMENT ON TYPE public.ticket_signing_key IS 'A public key that verifies ticket tokens: key id, algorithm (Ed25519), the key (base64url) and when it was made.';
CREATE TYPE public.ticket_verification AS (
    valid boolean,
    reason text,
    registration_id uuid,
    event_id uuid,
    status text,
    attendee_name text,
    checked_in_at timestamp with time zone
);
COMMENT ON TYPE public.ticket_verification IS 'What verify_ticket says of a token: valid, the reason (valid, malformed, tampered, foreign, unknown, revoked, cancelled), and for the event''s organizers and the attendee the registration''s status, name and check-in time.';
CREATE TYPE public.walk_order_violation AS (
    violation text,
    event_model_ids uuid[],
    walk_orders integer[],
    message text
);
COMMENT ON TYPE public.walk_order_violation IS 'One problem of a line-up (validate_walk_order): the kind, the castings involved, their walk orders and a message.';

-- 3. Functions that go, or whose arguments or result change
DROP FUNCTION fashionos.booking_caller_is_admin();
DROP FUNCTION fashionos.booking_caller_relation(p_event_id uuid);
DROP FUNCTION fashionos.booking_caller_sees_event(p_event_id uuid);
DROP FUNCTION fashionos.booking_caller_sees_resource(p_resource_type text, p_resource_id uuid);
DROP FUNCTION fashionos.cancel_registration(p_registration_id uuid);
DROP FUNCTION fashionos.check_in(p_token text, p_event_id uuid);
DROP FUNCTION fashionos.complete_payment(p_payment_id uuid, p_provider text, p_provider_transaction_id text);
DROP FUNCTION fashionos.event_conflicts(p_event_id uuid);
DROP FUNCTION fashionos.events_on_sale(p_from timestamp with time zone, p_organization_slug text);
DROP FUNCTION fashionos.fail_payment(p_payment_id uuid);
DROP FUNCTION fashionos.find_conflicts(p_resource_type text, p_resource_id uuid, p_from timestamp with time zone, p_to timestamp with time zone);
DROP FUNCTION fashionos.get_event_settings(p_event_id uuid);
DROP FUNCTION fashionos.raise_http(p_sqlstate text, p_message text, p_detail text, p_hint text);
DROP FUNCTION fashionos.refund_payment(p_payment_id uuid);
DROP FUNCTION fashionos.require_visible_event(p_event_id uuid);
DROP FUNCTION fashionos.reserve_tickets(p_ticket_tier_id uuid, p_quantity integer, p_attendee_email text, p_attendee_name text, p_user_id uuid);
DROP FUNCTION fashionos.set_event_settings(p_event_id uuid, p_time_zone text, p_walk_min_gap integer, p_hold_minutes integer, p_call_time_minutes integer);
DROP FUNCTION fashionos.settings_for(p_event_id uuid);
DROP FUNCTION fashionos.ticket_signing_keys();
DROP FUNCTION fashionos.undo_check_in(p_registration_id uuid);
DROP FUNCTION fashionos.validate_walk_order(p_event_id uuid, p_min_gap integer);
DROP FUNCTION fashionos.verify_ticket(p_token text);
DROP FUNCTION public.cancel_registration(p_registration_id uuid);
DROP FUNCTION public.check_in(p_token text, p_event_id uuid);
DROP FUNCTION public.complete_payment(p_payment_id uuid, p_provider text, p_provider_transaction_id text);
DROP FUNCTION public.event_conflicts(p_event_id uuid);
DROP FUNCTION public.events_on_sale(p_from timestamp with time zone, p_organization_slug text);
DROP FUNCTION public.fail_payment(p_payment_id uuid);
DROP FUNCTION public.find_conflicts(p_resource_type text, p_resource_id uuid, p_from timestamp with time zone, p_to timestamp with time zone);
DROP FUNCTION public.get_event_settings(p_event_id uuid);
DROP FUNCTION public.refund_payment(p_payment_id uuid);
DROP FUNCTION public.reserve_tickets(p_ticket_tier_id uuid, p_quantity integer, p_attendee_email text, p_attendee_name text, p_user_id uuid);
DROP FUNCTION public.set_event_settings(p_event_id uuid, p_time_zone text, p_walk_min_gap integer, p_hold_minutes integer, p_call_time_minutes integer);
DROP FUNCTION public.ticket_signing_keys();
DROP FUNCTION public.undo_check_in(p_registration_id uuid);
DROP FUNCTION public.validate_walk_order(p_event_id uuid, p_min_gap integer);
DROP FUNCTION public.verify_ticket(p_token text);

-- 4. New and changed functions
CREATE OR REPLACE FUNCTION fashionos.book_resource(p_resource_type text, p_resource_id uuid, p_event_id uuid, p_start timestamp with time zone, p_end timestamp with time zone, p_status text DEFAULT 'booked'::text)
 RETURNS uuid
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
DECLARE
    v_relation text;
    v_exists boolean;
    v_date date;
    v_id uuid;
BEGIN
    IF p_resource_type IS NULL OR p_resource_type NOT IN ('venue', 'model', 'designer') THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'unknown resource type',
            DETAIL = pg_catalog.format('%L is not a resource type that can be booked for an event.', p_resource_type),
            HINT = 'One of venue, model, designer (crew members are booked with call times).';
    END IF;
    IF p_resource_id IS NULL OR p_event_id IS NULL OR p_start IS NULL OR p_end IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'missing argument',
            DETAIL = 'p_resource_id, p_event_id, p_start and p_end are required.',
            HINT = 'Pass all four.';
    END IF;
    PERFORM fashionos.check_booking_range(p_start, p_end);
    IF p_status IS NULL OR p_status NOT IN ('booked', 'tentative') THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'unknown booking status',
            DETAIL = pg_catalog.format('%L is not a booking status.', p_status),
            HINT = 'booked (exclusive) or tentative (a hold that may overlap).';
    END IF;
    v_relation := fashionos.caller_event_relation(p_event_id);
    IF v_relation = 'none' THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'event not found',
            DETAIL = pg_catalog.format('No event with id %s is visible to the caller.', p_event_id),
            HINT = 'Check the id, and that the caller belongs to the organization that owns it.';
    ELSIF v_relation <> 'runs' THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'not allowed to book for this event',
            DETAIL = pg_catalog.format('The caller is not an owner, admin or organizer of the organization of event %s.', p_event_id),
            HINT = 'Organizers, admins and owners of the event''s organization book for it.';
    END IF;
    v_exists := CASE p_resource_type
        WHEN 'venue' THEN EXISTS (SELECT 1 FROM public.venues v WHERE v.id = p_resource_id)
        WHEN 'model' THEN EXISTS (SELECT 1 FROM public.model_profiles m WHERE m.id = p_resource_id)
        ELSE EXISTS (SELECT 1 FROM public.designer_profiles d WHERE d.id = p_resource_id)
    END;
    IF NOT v_exists THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = pg_catalog.format('%s not found', p_resource_type),
            DETAIL = pg_catalog.format('No %s with id %s.', p_resource_type, p_resource_id),
            HINT = 'Check the id.';
    END IF;
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
    IF p_resource_type = 'venue' THEN
        INSERT INTO public.venue_availability (venue_id, event_id, date, start_time, end_time, status)
        VALUES (p_resource_id, p_event_id, v_date, p_start, p_end, p_status) RETURNING id INTO v_id;
    ELSIF p_resource_type = 'model' THEN
        INSERT INTO public.model_availability (model_profile_id, event_id, date, start_time, end_time, status)
        VALUES (p_resource_id, p_event_id, v_date, p_start, p_end, p_status) RETURNING id INTO v_id;
    ELSE
        INSERT INTO public.designer_availability (designer_profile_id, event_id, date, start_time, end_time, status)
        VALUES (p_resource_id, p_event_id, v_date, p_start, p_end, p_status) RETURNING id INTO v_id;
    END IF;
    RETURN v_id;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.caller_controls_resource(p_resource_type text, p_resource_id uuid)
 RETURNS boolean
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
DECLARE
    v_user uuid;
    v_org uuid;
BEGIN
    IF fashionos.caller_is_server() THEN
        RETURN true;
    END IF;
    CASE p_resource_type
        WHEN 'venue' THEN SELECT v.owner_id INTO v_user FROM public.venues v WHERE v.id = p_resource_id;
        WHEN 'model' THEN SELECT m.user_id INTO v_user FROM public.model_profiles m WHERE m.id = p_resource_id;
        WHEN 'designer' THEN SELECT d.user_id INTO v_user FROM public.designer_profiles d WHERE d.id = p_resource_id;
        ELSE RETURN false;
    END CASE;
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
 SET search_path TO ''
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
 SET search_path TO ''
AS $function$
DECLARE
    v_user uuid;
BEGIN
    CASE p_resource_type
        WHEN 'venue' THEN SELECT v.owner_id INTO v_user FROM public.venues v WHERE v.id = p_resource_id;
        WHEN 'model' THEN SELECT m.user_id INTO v_user FROM public.model_profiles m WHERE m.id = p_resource_id;
        WHEN 'designer' THEN SELECT d.user_id INTO v_user FROM public.designer_profiles d WHERE d.id = p_resource_id;
        WHEN 'stakeholder' THEN SELECT s.user_id INTO v_user FROM public.stakeholders s WHERE s.id = p_resource_id;
        ELSE RETURN false;
    END CASE;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    RETURN fashionos.caller_is_server() OR (v_user IS NOT NULL AND v_user = auth.uid());
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.caller_is_server()
 RETURNS boolean
 LANGUAGE plpgsql
 STABLE PARALLEL SAFE
 SET search_path TO ''
AS $function$
BEGIN
    RETURN coalesce((SELECT r.rolsuper OR r.rolbypassrls OR pg_catalog.pg_has_role(r.oid, 'service_role', 'MEMBER')
                       FROM pg_catalog.pg_roles r
                      WHERE r.rolname = fashionos.caller_role()), false);
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.caller_member_of_event(p_event_id uuid)
 RETURNS boolean
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$ BEGIN RETURN fashionos.caller_event_relation(p_event_id) <> 'none'; END $function$;
CREATE OR REPLACE FUNCTION fashionos.caller_role()
 RETURNS text
 LANGUAGE plpgsql
 STABLE PARALLEL SAFE
 SET search_path TO ''
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
 SET search_path TO ''
AS $function$ BEGIN RETURN fashionos.caller_event_relation(p_event_id) = 'runs'; END $function$;
CREATE OR REPLACE FUNCTION fashionos.caller_sees_resource(p_resource_type text, p_resource_id uuid)
 RETURNS boolean
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
DECLARE
    v_user uuid;
    v_me uuid := auth.uid();
    v_org uuid;
BEGIN
    CASE p_resource_type
        WHEN 'venue' THEN SELECT v.owner_id INTO v_user FROM public.venues v WHERE v.id = p_resource_id;
        WHEN 'model' THEN SELECT m.user_id INTO v_user FROM public.model_profiles m WHERE m.id = p_resource_id;
        WHEN 'designer' THEN SELECT d.user_id INTO v_user FROM public.designer_profiles d WHERE d.id = p_resource_id;
        WHEN 'stakeholder' THEN SELECT s.user_id INTO v_user FROM public.stakeholders s WHERE s.id = p_resource_id;
        ELSE RETURN false;
    END CASE;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    IF fashionos.caller_is_server() THEN
        RETURN true;
    END IF;
    IF v_me IS NULL THEN
        RETURN false;
    END IF;
    IF v_user = v_me THEN
        RETURN true;
    END IF;
    SELECT u.organization_id INTO v_org FROM public.users u WHERE u.id = v_me;
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
CREATE OR REPLACE FUNCTION fashionos.cancel_registration(p_registration_id uuid)
 RETURNS SETOF public.registration_change
 LANGUAGE c
 STRICT SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS '$libdir/fashionos', $function$cancel_registration_wrapper$function$;
CREATE OR REPLACE FUNCTION fashionos.check_booking_range(p_start timestamp with time zone, p_end timestamp with time zone)
 RETURNS void
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
BEGIN
    IF p_start IS NULL OR p_end IS NULL OR p_end <= p_start
       OR NOT pg_catalog.isfinite(p_start) OR NOT pg_catalog.isfinite(p_end) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'empty time range',
            DETAIL = pg_catalog.format('A booking ends after it starts: [%s, %s) is empty or unbounded.', p_start, p_end),
            HINT = 'Pass p_start < p_end.';
    END IF;
    IF p_end - p_start > fashionos.max_booking_length() THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'time range too long',
            DETAIL = pg_catalog.format('[%s, %s) lasts %s; a booking or option lasts at most %s.',
                                       p_start, p_end, p_end - p_start, fashionos.max_booking_length()),
            HINT = 'Book or option the days you need, one range of at most 14 days at a time.';
    END IF;
    IF p_end <= pg_catalog.now() THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'time range in the past',
            DETAIL = pg_catalog.format('[%s, %s) ended before now (%s).', p_start, p_end, pg_catalog.now()),
            HINT = 'Book or option a range that ends in the future.';
    END IF;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.check_in(p_token text, p_event_id uuid)
 RETURNS SETOF public.check_in_result
 LANGUAGE c
 STRICT SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS '$libdir/fashionos', $function$check_in_wrapper$function$;
CREATE OR REPLACE FUNCTION fashionos.complete_payment(p_payment_id uuid, p_provider text DEFAULT NULL::text, p_provider_transaction_id text DEFAULT NULL::text)
 RETURNS SETOF public.payment_outcome
 LANGUAGE c
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS '$libdir/fashionos', $function$complete_payment_wrapper$function$;
CREATE OR REPLACE FUNCTION fashionos.door_bundle(p_event_id uuid, p_since bigint DEFAULT NULL::bigint, p_include_names boolean DEFAULT true)
 RETURNS text
 LANGUAGE c
 STABLE PARALLEL SAFE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS '$libdir/fashionos', $function$door_bundle_wrapper$function$;
CREATE OR REPLACE FUNCTION fashionos.event_conflicts(p_event_id uuid, p_limit integer DEFAULT 1000)
 RETURNS SETOF public.booking_conflict
 LANGUAGE c
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS '$libdir/fashionos', $function$event_conflicts_wrapper$function$;
CREATE OR REPLACE FUNCTION fashionos.fail_payment(p_payment_id uuid)
 RETURNS SETOF public.payment_outcome
 LANGUAGE c
 STRICT SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS '$libdir/fashionos', $function$fail_payment_wrapper$function$;
CREATE OR REPLACE FUNCTION fashionos.find_conflicts(p_resource_type text, p_resource_id uuid, p_from timestamp with time zone DEFAULT NULL::timestamp with time zone, p_to timestamp with time zone DEFAULT NULL::timestamp with time zone, p_limit integer DEFAULT 1000)
 RETURNS SETOF public.booking_conflict
 LANGUAGE c
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS '$libdir/fashionos', $function$find_conflicts_wrapper$function$;
CREATE OR REPLACE FUNCTION fashionos.get_event_settings(p_event_id uuid)
 RETURNS SETOF public.event_settings_values
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
BEGIN
    IF NOT fashionos.caller_member_of_event(p_event_id) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'event not found',
            DETAIL = format('No event with id %s is visible to the caller.', p_event_id),
            HINT = 'Check the id, and that the caller belongs to the organization that owns it.';
    END IF;
    RETURN QUERY SELECT p_event_id, s.time_zone, s.walk_min_gap, s.hold_minutes, s.call_time_minutes,
                        s.buyer_max_tickets, s.buyer_max_tickets_per_tier, s.buyer_max_holds
                   FROM fashionos.settings_for(p_event_id) s;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.guard_drop()
 RETURNS event_trigger
 LANGUAGE c
 SET search_path TO 'pg_catalog', 'pg_temp'
AS '$libdir/fashionos', $function$fashionos_guard_drop$function$;
CREATE OR REPLACE FUNCTION fashionos.guard_drop_check(p_command text, p_names text[], p_cascade boolean)
 RETURNS text
 LANGUAGE plpgsql
 SET search_path TO ''
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
CREATE OR REPLACE FUNCTION fashionos.payment_webhook(p_body text)
 RETURNS SETOF public.payment_webhook_result
 LANGUAGE c
 STRICT SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS '$libdir/fashionos', $function$payment_webhook_wrapper$function$;
CREATE OR REPLACE FUNCTION fashionos.put_booking(p_source_table text, p_source_id uuid, p_resource_type text, p_resource_id uuid, p_during tstzrange, p_status text, p_event_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
DECLARE
    v_other fashionos.bookings;
    v_detail text;
BEGIN
    IF p_resource_id IS NULL OR p_during IS NULL OR p_status IS NULL THEN
        DELETE FROM fashionos.bookings b WHERE b.source_table = p_source_table AND b.source_id = p_source_id;
        RETURN;
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
    EXCEPTION WHEN exclusion_violation THEN
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
        IF FOUND AND NOT (fashionos.caller_is_resource(p_resource_type, p_resource_id)
                          OR (v_other.event_id IS NOT NULL AND EXISTS (
                                  SELECT 1 FROM public.events e
                                   WHERE e.id = v_other.event_id AND e.organization_id = fashionos.my_org_id()))) THEN
            -- another organization's booking: only that the resource is busy, and when
            v_detail := pg_catalog.format('The %s is busy during [%s, %s) (another organization''s booking). Refused: ',
                    p_resource_type,
                    pg_catalog.to_char(pg_catalog.lower(v_other.during) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                    pg_catalog.to_char(pg_catalog.upper(v_other.during) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
                || fashionos.describe_booking(p_source_table, p_source_id, p_event_id, p_during, p_status) || '.';
        ELSIF FOUND THEN
            v_detail := 'Colliding booking: ' || fashionos.describe_booking(
                v_other.source_table, v_other.source_id, v_other.event_id, v_other.during, v_other.status)
                || '. Refused: ' || fashionos.describe_booking(
                p_source_table, p_source_id, p_event_id, p_during, p_status) || '.';
        ELSE
            -- the colliding row belongs to a transaction that committed after this one's snapshot
            v_detail := 'Colliding booking committed concurrently: ' || coalesce(v_detail, 'unknown') || '.';
        END IF;
        RAISE EXCEPTION USING
            ERRCODE = 'PT409',
            MESSAGE = pg_catalog.format('%s is already booked', p_resource_type),
            DETAIL = v_detail,
            HINT = 'Choose another time, or release the colliding booking first. Tentative holds may overlap.';
    END;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.qr_code_svg(p_data text, p_size integer DEFAULT 256)
 RETURNS text
 LANGUAGE c
 IMMUTABLE PARALLEL SAFE STRICT
 SET search_path TO 'pg_catalog', 'pg_temp'
AS '$libdir/fashionos', $function$qr_code_svg_wrapper$function$;
CREATE OR REPLACE FUNCTION fashionos.raise_error(p_sqlstate text, p_message text, p_detail text, p_hint text)
 RETURNS void
 LANGUAGE c
 PARALLEL SAFE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS '$libdir/fashionos', $function$raise_error_wrapper$function$;
CREATE OR REPLACE FUNCTION fashionos.refund_payment(p_payment_id uuid)
 RETURNS SETOF public.payment_outcome
 LANGUAGE c
 STRICT SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS '$libdir/fashionos', $function$refund_payment_wrapper$function$;
CREATE OR REPLACE FUNCTION fashionos.release_booking(p_resource_type text, p_booking_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
DECLARE
    v_event uuid;
    v_relation text;
BEGIN
    IF p_resource_type IS NULL OR p_resource_type NOT IN ('venue', 'model', 'designer') THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'unknown resource type',
            DETAIL = pg_catalog.format('%L is not a resource type that can be booked for an event.', p_resource_type),
            HINT = 'One of venue, model, designer.';
    END IF;
    SELECT CASE p_resource_type
        WHEN 'venue' THEN (SELECT va.event_id FROM public.venue_availability va WHERE va.id = p_booking_id)
        WHEN 'model' THEN (SELECT ma.event_id FROM public.model_availability ma WHERE ma.id = p_booking_id)
        ELSE (SELECT da.event_id FROM public.designer_availability da WHERE da.id = p_booking_id)
    END INTO v_event;
    v_relation := CASE WHEN v_event IS NULL THEN 'none' ELSE fashionos.caller_event_relation(v_event) END;
    IF v_relation = 'none' THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'booking not found',
            DETAIL = pg_catalog.format('No %s booking with id %s for an event visible to the caller.', p_resource_type, p_booking_id),
            HINT = 'Pass the id that book_resource returned.';
    ELSIF v_relation <> 'runs' THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'not allowed to release this booking',
            DETAIL = pg_catalog.format('The caller is not an owner, admin or organizer of the organization of event %s.', v_event),
            HINT = 'Organizers, admins and owners of the event''s organization release its bookings.';
    END IF;
    IF p_resource_type = 'venue' THEN
        DELETE FROM public.venue_availability va WHERE va.id = p_booking_id;
    ELSIF p_resource_type = 'model' THEN
        DELETE FROM public.model_availability ma WHERE ma.id = p_booking_id;
    ELSE
        DELETE FROM public.designer_availability da WHERE da.id = p_booking_id;
    END IF;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.reserve_tickets(p_ticket_tier_id uuid, p_quantity integer, p_attendee_email text, p_attendee_name text, p_user_id uuid DEFAULT NULL::uuid, p_idempotency_key text DEFAULT NULL::text)
 RETURNS SETOF public.ticket_reservation
 LANGUAGE c
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS '$libdir/fashionos', $function$reserve_tickets_wrapper$function$;
CREATE OR REPLACE FUNCTION fashionos.set_event_settings(p_event_id uuid, p_time_zone text DEFAULT NULL::text, p_walk_min_gap integer DEFAULT NULL::integer, p_hold_minutes integer DEFAULT NULL::integer, p_call_time_minutes integer DEFAULT NULL::integer, p_buyer_max_tickets integer DEFAULT NULL::integer, p_buyer_max_tickets_per_tier integer DEFAULT NULL::integer, p_buyer_max_holds integer DEFAULT NULL::integer)
 RETURNS SETOF public.event_settings_values
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
DECLARE
    v_relation text := fashionos.caller_event_relation(p_event_id);
BEGIN
    IF v_relation = 'none' THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'event not found',
            DETAIL = format('No event with id %s is visible to the caller.', p_event_id),
            HINT = 'Check the id, and that the caller belongs to the organization that owns it.';
    END IF;
    IF v_relation <> 'runs' THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'not allowed to change event settings',
            DETAIL = format('The caller is not an organizer, admin or owner of the organization of event %s.', p_event_id),
            HINT = 'Sign in as a member of the event''s organization with role organizer, admin or owner.';
    END IF;
    IF p_time_zone IS NOT NULL AND NOT fashionos.is_time_zone(p_time_zone) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'unknown time zone',
            DETAIL = format('%L is not a time zone name PostgreSQL knows.', p_time_zone),
            HINT = 'Use an IANA name such as Europe/Paris or America/New_York.';
    END IF;
    INSERT INTO fashionos.event_settings AS s (event_id, time_zone, walk_min_gap, hold_minutes, call_time_minutes,
                                               buyer_max_tickets, buyer_max_tickets_per_tier, buyer_max_holds)
    VALUES (p_event_id, coalesce(p_time_zone, 'UTC'), coalesce(p_walk_min_gap, 5),
            coalesce(p_hold_minutes, 15), coalesce(p_call_time_minutes, 240),
            coalesce(p_buyer_max_tickets, 20), coalesce(p_buyer_max_tickets_per_tier, 10),
            coalesce(p_buyer_max_holds, 10))
    ON CONFLICT ON CONSTRAINT event_settings_pkey DO UPDATE
       SET time_zone = coalesce(p_time_zone, s.time_zone),
           walk_min_gap = coalesce(p_walk_min_gap, s.walk_min_gap),
           hold_minutes = coalesce(p_hold_minutes, s.hold_minutes),
           call_time_minutes = coalesce(p_call_time_minutes, s.call_time_minutes),
           buyer_max_tickets = coalesce(p_buyer_max_tickets, s.buyer_max_tickets),
           buyer_max_tickets_per_tier = coalesce(p_buyer_max_tickets_per_tier, s.buyer_max_tickets_per_tier),
           buyer_max_holds = coalesce(p_buyer_max_holds, s.buyer_max_holds);
    RETURN QUERY SELECT * FROM fashionos.get_event_settings(p_event_id);
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.set_payment_webhook_secret(p_provider text, p_secret text)
 RETURNS text
 LANGUAGE c
 STRICT SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS '$libdir/fashionos', $function$set_payment_webhook_secret_wrapper$function$;
CREATE OR REPLACE FUNCTION fashionos.sync_door_scans(p_event_id uuid, p_scans jsonb)
 RETURNS SETOF public.door_scan_result
 LANGUAGE c
 STRICT SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS '$libdir/fashionos', $function$sync_door_scans_wrapper$function$;
CREATE OR REPLACE FUNCTION fashionos.ticket_qr_svg(p_registration_id uuid, p_size integer DEFAULT 256)
 RETURNS text
 LANGUAGE c
 STABLE PARALLEL SAFE STRICT
 SET search_path TO 'pg_catalog', 'pg_temp'
AS '$libdir/fashionos', $function$ticket_qr_svg_wrapper$function$;
CREATE OR REPLACE FUNCTION fashionos.ticket_signing_keys()
 RETURNS SETOF public.ticket_signing_key
 LANGUAGE c
 STABLE PARALLEL SAFE STRICT SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS '$libdir/fashionos', $function$ticket_signing_keys_wrapper$function$;
CREATE OR REPLACE FUNCTION fashionos.undo_check_in(p_registration_id uuid)
 RETURNS SETOF public.registration_change
 LANGUAGE c
 STRICT SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS '$libdir/fashionos', $function$undo_check_in_wrapper$function$;
CREATE OR REPLACE FUNCTION fashionos.validate_walk_order(p_event_id uuid, p_min_gap integer DEFAULT NULL::integer)
 RETURNS SETOF public.walk_order_violation
 LANGUAGE c
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS '$libdir/fashionos', $function$validate_walk_order_wrapper$function$;
CREATE OR REPLACE FUNCTION fashionos.verify_ticket(p_token text)
 RETURNS SETOF public.ticket_verification
 LANGUAGE c
 STABLE PARALLEL SAFE STRICT SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS '$libdir/fashionos', $function$verify_ticket_wrapper$function$;
CREATE OR REPLACE FUNCTION fashionos.events_on_sale(p_from timestamp with time zone, p_organization_slug text)
 RETURNS SETOF public.event_listing
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
$function$;
CREATE OR REPLACE FUNCTION fashionos.max_booking_length()
 RETURNS interval
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
 SET search_path TO ''
AS $function$ SELECT interval '14 days' $function$;
CREATE OR REPLACE FUNCTION fashionos.settings_for(p_event_id uuid)
 RETURNS TABLE(time_zone text, walk_min_gap integer, hold_minutes integer, call_time_minutes integer, buyer_max_tickets integer, buyer_max_tickets_per_tier integer, buyer_max_holds integer)
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    SELECT coalesce(s.time_zone, 'UTC'), coalesce(s.walk_min_gap, 5),
           coalesce(s.hold_minutes, 15), coalesce(s.call_time_minutes, 240),
           coalesce(s.buyer_max_tickets, 20), coalesce(s.buyer_max_tickets_per_tier, 10),
           coalesce(s.buyer_max_holds, 10)
      FROM (SELECT 1) AS one
      LEFT JOIN fashionos.event_settings s ON s.event_id = p_event_id
$function$;
CREATE OR REPLACE FUNCTION public.cancel_registration(p_registration_id uuid)
 RETURNS SETOF public.registration_change
 LANGUAGE sql
 SET search_path TO ''
AS $function$ SELECT * FROM fashionos.cancel_registration(p_registration_id) $function$;
CREATE OR REPLACE FUNCTION public.check_in(p_token text, p_event_id uuid)
 RETURNS SETOF public.check_in_result
 LANGUAGE sql
 SET search_path TO ''
AS $function$ SELECT * FROM fashionos.check_in(p_token, p_event_id) $function$;
CREATE OR REPLACE FUNCTION public.complete_payment(p_payment_id uuid, p_provider text DEFAULT NULL::text, p_provider_transaction_id text DEFAULT NULL::text)
 RETURNS SETOF public.payment_outcome
 LANGUAGE sql
 SET search_path TO ''
AS $function$ SELECT * FROM fashionos.complete_payment(p_payment_id, p_provider, p_provider_transaction_id) $function$;
CREATE OR REPLACE FUNCTION public.door_bundle(p_event_id uuid, p_since bigint DEFAULT NULL::bigint, p_include_names boolean DEFAULT true)
 RETURNS json
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$ SELECT fashionos.door_bundle(p_event_id, p_since, p_include_names)::json $function$;
CREATE OR REPLACE FUNCTION public.event_conflicts(p_event_id uuid, p_limit integer DEFAULT 1000)
 RETURNS SETOF public.booking_conflict
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$ SELECT * FROM fashionos.event_conflicts(p_event_id, p_limit) $function$;
CREATE OR REPLACE FUNCTION public.events_on_sale(p_from timestamp with time zone DEFAULT NULL::timestamp with time zone, p_organization_slug text DEFAULT NULL::text)
 RETURNS SETOF public.event_listing
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$ SELECT * FROM fashionos.events_on_sale(p_from, p_organization_slug) $function$;
CREATE OR REPLACE FUNCTION public.fail_payment(p_payment_id uuid)
 RETURNS SETOF public.payment_outcome
 LANGUAGE sql
 SET search_path TO ''
AS $function$ SELECT * FROM fashionos.fail_payment(p_payment_id) $function$;
CREATE OR REPLACE FUNCTION public.find_conflicts(p_resource_type text, p_resource_id uuid, p_from timestamp with time zone DEFAULT NULL::timestamp with time zone, p_to timestamp with time zone DEFAULT NULL::timestamp with time zone, p_limit integer DEFAULT 1000)
 RETURNS SETOF public.booking_conflict
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$ SELECT * FROM fashionos.find_conflicts(p_resource_type, p_resource_id, p_from, p_to, p_limit) $function$;
CREATE OR REPLACE FUNCTION public.get_event_settings(p_event_id uuid)
 RETURNS SETOF public.event_settings_values
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$ SELECT * FROM fashionos.get_event_settings(p_event_id) $function$;
CREATE OR REPLACE FUNCTION public.payment_webhook(json)
 RETURNS SETOF public.payment_webhook_result
 LANGUAGE sql
 STRICT
 SET search_path TO ''
AS $function$ SELECT * FROM fashionos.payment_webhook($1::text) $function$;
CREATE OR REPLACE FUNCTION public.qr_code_svg(p_data text, p_size integer DEFAULT 256)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE STRICT
 SET search_path TO ''
AS $function$ SELECT fashionos.qr_code_svg(p_data, p_size) $function$;
CREATE OR REPLACE FUNCTION public.refund_payment(p_payment_id uuid)
 RETURNS SETOF public.payment_outcome
 LANGUAGE sql
 SET search_path TO ''
AS $function$ SELECT * FROM fashionos.refund_payment(p_payment_id) $function$;
CREATE OR REPLACE FUNCTION public.reissue_ticket(p_registration_id uuid)
 RETURNS text
 LANGUAGE sql
 SET search_path TO ''
AS $function$ SELECT fashionos.reissue_ticket(p_registration_id) $function$;
CREATE OR REPLACE FUNCTION public.release_expired_holds(p_ticket_tier_id uuid DEFAULT NULL::uuid)
 RETURNS bigint
 LANGUAGE sql
 SET search_path TO ''
AS $function$ SELECT fashionos.release_expired_holds(p_ticket_tier_id) $function$;
CREATE OR REPLACE FUNCTION public.reserve_tickets(p_ticket_tier_id uuid, p_quantity integer, p_attendee_email text, p_attendee_name text, p_user_id uuid DEFAULT NULL::uuid, p_idempotency_key text DEFAULT NULL::text)
 RETURNS SETOF public.ticket_reservation
 LANGUAGE sql
 SET search_path TO ''
AS $function$ SELECT * FROM fashionos.reserve_tickets(p_ticket_tier_id, p_quantity, p_attendee_email, p_attendee_name, p_user_id, p_idempotency_key) $function$;
CREATE OR REPLACE FUNCTION public.set_event_settings(p_event_id uuid, p_time_zone text DEFAULT NULL::text, p_walk_min_gap integer DEFAULT NULL::integer, p_hold_minutes integer DEFAULT NULL::integer, p_call_time_minutes integer DEFAULT NULL::integer, p_buyer_max_tickets integer DEFAULT NULL::integer, p_buyer_max_tickets_per_tier integer DEFAULT NULL::integer, p_buyer_max_holds integer DEFAULT NULL::integer)
 RETURNS SETOF public.event_settings_values
 LANGUAGE sql
 SET search_path TO ''
AS $function$ SELECT * FROM fashionos.set_event_settings(p_event_id, p_time_zone, p_walk_min_gap, p_hold_minutes, p_call_time_minutes,
                                                     p_buyer_max_tickets, p_buyer_max_tickets_per_tier, p_buyer_max_holds) $function$;
CREATE OR REPLACE FUNCTION public.set_payment_webhook_secret(p_provider text, p_secret text)
 RETURNS text
 LANGUAGE sql
 STRICT
 SET search_path TO ''
AS $function$ SELECT fashionos.set_payment_webhook_secret(p_provider, p_secret) $function$;
CREATE OR REPLACE FUNCTION public.set_walk_order(p_event_id uuid, p_event_model_ids uuid[])
 RETURNS SETOF public.event_models
 LANGUAGE sql
 SET search_path TO ''
AS $function$
    SELECT fashionos.set_walk_order(p_event_id, p_event_model_ids);
    SELECT em.* FROM public.event_models em WHERE em.event_id = p_event_id ORDER BY em.walk_order, em.id;
$function$;
CREATE OR REPLACE FUNCTION public.sync_door_scans(p_event_id uuid, p_scans jsonb)
 RETURNS SETOF public.door_scan_result
 LANGUAGE sql
 SET search_path TO ''
AS $function$ SELECT * FROM fashionos.sync_door_scans(p_event_id, p_scans) $function$;
CREATE OR REPLACE FUNCTION public.ticket_qr_svg(p_registration_id uuid, p_size integer DEFAULT 256)
 RETURNS text
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$ SELECT fashionos.ticket_qr_svg(p_registration_id, p_size) $function$;
CREATE OR REPLACE FUNCTION public.ticket_signing_keys()
 RETURNS SETOF public.ticket_signing_key
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$ SELECT * FROM fashionos.ticket_signing_keys() $function$;
CREATE OR REPLACE FUNCTION public.undo_check_in(p_registration_id uuid)
 RETURNS SETOF public.registration_change
 LANGUAGE sql
 SET search_path TO ''
AS $function$ SELECT * FROM fashionos.undo_check_in(p_registration_id) $function$;
CREATE OR REPLACE FUNCTION public.validate_walk_order(p_event_id uuid, p_min_gap integer DEFAULT NULL::integer)
 RETURNS SETOF public.walk_order_violation
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$ SELECT * FROM fashionos.validate_walk_order(p_event_id, p_min_gap) $function$;
CREATE OR REPLACE FUNCTION public.verify_ticket(p_token text)
 RETURNS SETOF public.ticket_verification
 LANGUAGE sql
 STABLE STRICT
 SET search_path TO ''
AS $function$ SELECT * FROM fashionos.verify_ticket(p_token) $function$;
COMMENT ON FUNCTION fashionos.caller_controls_resource(p_resource_type text, p_resource_id uuid) IS 'True when the caller''s organization controls the resource (the venue''s owner, or the user behind the model or designer profile, is a user of it; the caller himself; or server-side code): book_resource books only such resources directly.';
COMMENT ON FUNCTION fashionos.caller_event_relation(p_event_id uuid) IS 'What the caller is to an event: runs (owner, admin or organizer of its organization, or server-side code), member (another role in it), none (no relation, or no such event).';
COMMENT ON FUNCTION fashionos.caller_is_resource(p_resource_type text, p_resource_id uuid) IS 'True when the resource exists and the caller is it (the venue''s owner, the user behind the model, designer or stakeholder) or server-side code: who sees every detail of its calendar and confirms or declines its options.';
COMMENT ON FUNCTION fashionos.caller_is_server() IS 'True for server-side code: the caller''s role (fashionos.caller_role) is a superuser, bypasses row level security, or is a member of service_role.';
COMMENT ON FUNCTION fashionos.caller_member_of_event(p_event_id uuid) IS 'True when the event exists and the caller belongs to its organization (any role), or is server-side code.';
COMMENT ON FUNCTION fashionos.caller_role() IS 'The database role the request runs as: the role setting (PostgREST sets it from the verified JWT), else the session user. Never the role claim of request.jwt.claims.';
COMMENT ON FUNCTION fashionos.caller_sees_resource(p_resource_type text, p_resource_id uuid) IS 'True when the resource exists and the caller is it (venue owner, the model, designer or stakeholder user), is server-side code, or belongs to an organization whose event books, casts, features or employs it.';
COMMENT ON FUNCTION fashionos.cancel_registration(p_registration_id uuid) IS 'Implementation of public.cancel_registration.';
COMMENT ON FUNCTION fashionos.check_booking_range(p_start timestamp with time zone, p_end timestamp with time zone) IS 'Refuses (22023) a range that is empty, unbounded, longer than fashionos.max_booking_length(), or wholly in the past.';
COMMENT ON FUNCTION fashionos.check_in(p_token text, p_event_id uuid) IS 'Implementation of public.check_in.';
COMMENT ON FUNCTION fashionos.complete_payment(p_payment_id uuid, p_provider text, p_provider_transaction_id text) IS 'Implementation of public.complete_payment.';
COMMENT ON FUNCTION fashionos.door_bundle(p_event_id uuid, p_since bigint, p_include_names boolean) IS 'Implementation of public.door_bundle (SECURITY DEFINER: reads the revoked tokens and signs with the private ticket key).';
COMMENT ON FUNCTION fashionos.event_conflicts(p_event_id uuid, p_limit integer) IS 'Implementation of public.event_conflicts (SECURITY DEFINER: reads the private booking ledger after checking the caller).';
COMMENT ON FUNCTION fashionos.event_on_sale(p_event_id uuid) IS 'True when the event sells tickets (status planning or active); its ticket tiers are public.';
COMMENT ON FUNCTION fashionos.fail_payment(p_payment_id uuid) IS 'Implementation of public.fail_payment.';
COMMENT ON FUNCTION fashionos.find_conflicts(p_resource_type text, p_resource_id uuid, p_from timestamp with time zone, p_to timestamp with time zone, p_limit integer) IS 'Implementation of public.find_conflicts (SECURITY DEFINER: reads the private booking ledger after checking the caller).';
COMMENT ON FUNCTION fashionos.get_event_settings(p_event_id uuid) IS 'Implementation of public.get_event_settings: the settings of an event whose organization the caller belongs to (else PT404).';
COMMENT ON FUNCTION fashionos.guard_drop() IS 'Event trigger: reads what a DROP EXTENSION, DROP SCHEMA or DROP OWNED statement drops from its parse tree and asks fashionos.guard_drop_check.';
COMMENT ON FUNCTION fashionos.guard_drop_check(p_command text, p_names text[], p_cascade boolean) IS 'The drop guard''s decision on a DROP EXTENSION, DROP SCHEMA or DROP OWNED (the names it drops, whether it cascades): NULL when it may run, else why it is refused (it would drop fashionos while its tables hold rows, and fashionos.allow_drop_with_data is not on).';
COMMENT ON FUNCTION fashionos.payment_webhook(p_body text) IS 'Implementation of public.payment_webhook (SECURITY DEFINER: verifies the signature with the private secret, then changes the payment as server-side code).';
COMMENT ON FUNCTION fashionos.put_booking(p_source_table text, p_source_id uuid, p_resource_type text, p_resource_id uuid, p_during tstzrange, p_status text, p_event_id uuid) IS 'Writes the ledger row of one source row (removes it when the resource, range or status is NULL); a double booking raises PT409 with the colliding row in DETAIL when the caller may see it (its own organization''s booking, the resource itself, server-side code), else only the busy span.';
COMMENT ON FUNCTION fashionos.qr_code_svg(p_data text, p_size integer) IS 'Implementation of public.qr_code_svg.';
COMMENT ON FUNCTION fashionos.raise_error(p_sqlstate text, p_message text, p_detail text, p_hint text) IS NULL;
COMMENT ON FUNCTION fashionos.refund_payment(p_payment_id uuid) IS 'Implementation of public.refund_payment.';
COMMENT ON FUNCTION fashionos.reserve_tickets(p_ticket_tier_id uuid, p_quantity integer, p_attendee_email text, p_attendee_name text, p_user_id uuid, p_idempotency_key text) IS 'Implementation of public.reserve_tickets (SECURITY DEFINER: writes registrations, payments and holds after checking the caller).';
COMMENT ON FUNCTION fashionos.set_event_settings(p_event_id uuid, p_time_zone text, p_walk_min_gap integer, p_hold_minutes integer, p_call_time_minutes integer, p_buyer_max_tickets integer, p_buyer_max_tickets_per_tier integer, p_buyer_max_holds integer) IS 'Implementation of public.set_event_settings: for the event''s organizers (42501 for other members, PT404 for others).';
COMMENT ON FUNCTION fashionos.set_payment_webhook_secret(p_provider text, p_secret text) IS 'Implementation of public.set_payment_webhook_secret.';
COMMENT ON FUNCTION fashionos.sync_door_scans(p_event_id uuid, p_scans jsonb) IS 'Implementation of public.sync_door_scans.';
COMMENT ON FUNCTION fashionos.ticket_qr_svg(p_registration_id uuid, p_size integer) IS 'Implementation of public.ticket_qr_svg (SECURITY INVOKER: row level security of registrations decides).';
COMMENT ON FUNCTION fashionos.ticket_signing_keys() IS 'Implementation of public.ticket_signing_keys (SECURITY DEFINER: reads the public halves of the private key table).';
COMMENT ON FUNCTION fashionos.undo_check_in(p_registration_id uuid) IS 'Implementation of public.undo_check_in.';
COMMENT ON FUNCTION fashionos.validate_walk_order(p_event_id uuid, p_min_gap integer) IS 'Implementation of public.validate_walk_order (SECURITY INVOKER: row level security applies).';
COMMENT ON FUNCTION fashionos.verify_ticket(p_token text) IS 'Implementation of public.verify_ticket.';
COMMENT ON FUNCTION fashionos.events_on_sale(p_from timestamp with time zone, p_organization_slug text) IS 'Implementation of public.events_on_sale (SECURITY DEFINER: the public columns of events on sale, which anon may not read from the table).';
COMMENT ON FUNCTION fashionos.max_booking_length() IS 'The longest range book_resource books and request_option asks for: 14 days.';
COMMENT ON FUNCTION fashionos.settings_for(p_event_id uuid) IS 'The settings in force for an event: its event_settings row, or the defaults.';
COMMENT ON FUNCTION public.book_resource(p_resource_type text, p_resource_id uuid, p_event_id uuid, p_start timestamp with time zone, p_end timestamp with time zone, p_status text) IS 'Books a venue, model or designer (p_resource_type, p_resource_id) for an event from p_start to p_end (status booked, or tentative: a hold that may overlap); returns the id of the new venue_availability, model_availability or designer_availability row. Errors: 22023 bad argument (400), PT404 event or resource not found (404), 42501 caller does not run the event (401/403), PT409 already booked (DETAIL names the colliding booking) (409).';
COMMENT ON FUNCTION public.cancel_registration(p_registration_id uuid) IS 'Cancels a registration: its ticket goes back on sale exactly once, its token is revoked, a pending payment fails. Attendees cancel their own unpaid or free registrations; the event''s organizers any unused one. A second cancel returns changed = false. Errors: PT404 (404), 42501 (401/403), PT409 ticket already used (409).';
COMMENT ON FUNCTION public.check_in(p_token text, p_event_id uuid) IS 'Checks a ticket in at the door of an event, exactly once: outcome checked_in, or already_checked_in with the time of the first scan. For organizers, admins and owners of the event''s organization. Errors: 22023 token not valid (malformed, tampered, foreign) (400), PT404 event or ticket not found (404), 42501 not door staff (401/403), PT409 revoked, cancelled, unpaid or for another event (409).';
COMMENT ON FUNCTION public.complete_payment(p_payment_id uuid, p_provider text, p_provider_transaction_id text) IS 'Marks a pending payment completed and confirms its registration (payment webhook or the event''s organizers). Idempotent for the same provider transaction (changed = false). Errors: 22023 unknown provider (400), PT404 not found (404), 42501 not allowed (401/403), PT409 payment not pending, or reservation expired: the hold was released (refund the charge) (409).';
COMMENT ON FUNCTION public.door_bundle(p_event_id uuid, p_since bigint, p_include_names boolean) IS 'The offline bundle of an event for its door scanners: {format, bundle, key_id, algorithm, signature}, where bundle is a JSON text (event, tiers, public keys, every registration''s status and first scan, the SHA-256 of every revoked token, generated_at, sequence) and signature the Ed25519 signature (base64url) of its UTF-8 bytes by the ticket key key_id. p_since: the sequence of the bundle the scanner holds, for a delta (the registrations and revocations changed since). p_include_names = false leaves attendee names out (a device that may be lost). For organizers, admins and owners of the event''s organization. Errors: PT404 event not found (404), 42501 not door staff (401/403), 22023 negative p_since (400).';
COMMENT ON FUNCTION public.event_conflicts(p_event_id uuid, p_limit integer) IS 'Conflicts of an event: each of its bookings (venue and availability bookings, call times, rehearsals) paired with each booking of another engagement on the same resource at an overlapping time; the event''s row comes first. severity hard or tentative, or busy when the other row is another organization''s booking, shown only as an anonymous span (source table, id and event null, status busy). At most p_limit rows (default 1000, 1 to 10000). Errors: 22023 null id or p_limit out of range (400), PT404 event not visible to the caller (404).';
COMMENT ON FUNCTION public.events_on_sale(p_from timestamp with time zone, p_organization_slug text) IS 'The public event page: events on sale (status planning or active) that have not ended by p_from (default now), optionally of one organization (by slug), with the public columns only (no budget, attendance or progress), tickets left and the lowest price over the paid and vip tiers. The tiers themselves are readable from ticket_tiers by anon. For anon, authenticated, service_role.';
COMMENT ON FUNCTION public.fail_payment(p_payment_id uuid) IS 'Marks a pending payment failed; its pending registration is cancelled and its ticket released. Idempotent. Errors: PT404 (404), 42501 (401/403), PT409 payment not pending (409).';
COMMENT ON FUNCTION public.find_conflicts(p_resource_type text, p_resource_id uuid, p_from timestamp with time zone, p_to timestamp with time zone, p_limit integer) IS 'Conflicts of one resource (p_resource_type venue, model, designer or stakeholder; p_resource_id its id) whose overlap falls in [p_from, p_to) (null: open end): pairs of bookings of different engagements with both rows (source table, id, event, range, status); severity hard when both are booked/blocked, tentative when a tentative hold is involved, busy when the other row is another organization''s booking, shown only as an anonymous span (source table, id and event null, status busy). The resource itself (venue owner, the talent) and service_role see every row; an organization sees the pairs that involve its own bookings. At most p_limit rows (default 1000, 1 to 10000), the first in report order (resource, overlap start); narrow p_from/p_to for the rest. Errors: 22023 bad argument or p_limit out of range (400), PT404 resource not visible to the caller (404).';
COMMENT ON FUNCTION public.get_event_settings(p_event_id uuid) IS 'The settings in force for an event: time zone (UTC), minimum walk-order gap in looks (5), ticket hold minutes (15), call time minutes (240), and the limits per buyer (attendee e-mail, lower-case and trimmed): live tickets of the event (20), live tickets of one tier (10), unpaid tickets on hold (10); defaults in brackets. For members of the event''s organization. Errors: PT404 event not visible (404).';
COMMENT ON FUNCTION public.payment_webhook(json) IS 'The endpoint a payment provider posts its webhook to: POST /rpc/payment_webhook with the provider''s body and signature header, no key needed (anon). Stripe: Stripe-Signature t=<unix>,v1=<hex HMAC-SHA256 of "t.body"> with the secret set by set_payment_webhook_secret, at most 300 s old. payment_intent.succeeded completes, payment_intent.payment_failed fails, charge.refunded refunds the payment named by metadata.payment_id (or, for a refund, by the charge''s PaymentIntent); other types and payments that are not fashionos''s are acknowledged as ignored. An event id already processed answers duplicate and changes nothing. Errors: PT401 missing, malformed, stale or wrong signature (401, nothing written), 22023 a signed body that is not an event (400), PT404 payment not found (404), PT409 the payment''s state does not allow it (409), 55000 no secret set for the provider (500).';
COMMENT ON FUNCTION public.qr_code_svg(p_data text, p_size integer) IS 'Renders text as an SVG QR code (error correction M, quiet zone), at least p_size pixels square (64-4096). Errors: 22023 empty text, size out of range, or text too long (400).';
COMMENT ON FUNCTION public.refund_payment(p_payment_id uuid) IS 'Refunds a completed payment: the payment becomes refunded, its registration cancelled, its token revoked and its ticket released, exactly once. Idempotent. Errors: PT404 (404), 42501 (401/403), PT409 payment not completed or ticket already used (409).';
COMMENT ON FUNCTION public.reissue_ticket(p_registration_id uuid) IS 'Issues a new signed token for a pending or confirmed registration and revokes the old one (a leaked or forwarded ticket). For the attendee or the event''s organizers. Errors: PT404 (404), 42501 (401/403), PT409 registration cancelled or used (409).';
COMMENT ON FUNCTION public.release_booking(p_resource_type text, p_booking_id uuid) IS 'Releases a booking made for an event (deletes the venue_availability, model_availability or designer_availability row p_booking_id); the slot is free at once. Errors: 22023 bad type (400), PT404 booking not found or not visible (404), 42501 caller does not run the event (401/403).';
COMMENT ON FUNCTION public.release_expired_holds(p_ticket_tier_id uuid) IS 'Releases the expired holds of a tier (or of all tiers, for service_role) and returns how many tickets went back on sale. Holds are also released by themselves when a buyer finds a tier full. Errors: PT404 tier not found (404), 42501 all tiers without service_role (403).';
COMMENT ON FUNCTION public.reserve_tickets(p_ticket_tier_id uuid, p_quantity integer, p_attendee_email text, p_attendee_name text, p_user_id uuid, p_idempotency_key text) IS 'Reserves p_quantity (1-50) tickets of a tier for one attendee and returns one row per ticket with its signed token (qr_code_data). Paid and vip tiers with a price: pending registrations with pending payments that hold the tickets for the event''s hold time (default 15 minutes). Free tiers: confirmed at once. comp and press tiers: issued by the event''s organizers only, confirmed at once. Never sells past quantity_total. Limits per buyer (attendee e-mail, lower-case and trimmed; the event''s settings, default 20 live tickets of the event, 10 of a tier, 10 on hold; organizers and server-side code exempt). p_idempotency_key (1-255 characters, kept 24 hours): the same key with the same request returns the same reservation rows (as they are now) instead of a second reservation, also from many connections at once. Errors: 22023 bad argument (400), PT404 tier or user not found (404), 42501 not allowed (401/403), PT409 sold out, event not on sale, limit per buyer reached (detail: how many the buyer has), or idempotency key reused for another request (409).';
COMMENT ON FUNCTION public.set_event_settings(p_event_id uuid, p_time_zone text, p_walk_min_gap integer, p_hold_minutes integer, p_call_time_minutes integer, p_buyer_max_tickets integer, p_buyer_max_tickets_per_tier integer, p_buyer_max_holds integer) IS 'Changes an event''s settings (arguments left NULL keep their value): time zone in which rehearsal and call-time dates are read, minimum walk-order gap, ticket hold minutes, call time minutes, limits per buyer (live tickets of the event 1-10000, of one tier 1-10000, unpaid tickets on hold 1-10000). For the event''s organizers. Errors: PT404 (404), 42501 (401/403), 22023 unknown time zone (400), 23514 value out of range (400).';
COMMENT ON FUNCTION public.set_payment_webhook_secret(p_provider text, p_secret text) IS 'Sets or rotates the webhook signing secret of a payment provider (stripe; paypal and square reserved) and answers set or rotated; after a rotation the previous secret still verifies for 24 hours. The secret is never readable back. For service_role and the database owner. Errors: 42501 not server-side code (401/403), 22023 unknown provider or a secret shorter than 16 characters (400).';
COMMENT ON FUNCTION public.set_walk_order(p_event_id uuid, p_event_model_ids uuid[]) IS 'Sets the running order of an event: p_event_model_ids lists each of its castings (event_models ids) exactly once, in walking order; casting k gets walk_order k, all in one statement (swaps and shifts work). Returns the event''s castings in the new order. Errors: 22023 list not naming each casting exactly once (DETAIL: missing, foreign, repeated ids) (400), PT404 event not visible (404), 42501 caller may not update the castings (401/403).';
COMMENT ON FUNCTION public.sync_door_scans(p_event_id uuid, p_scans jsonb) IS 'Syncs scans made offline at the door: p_scans is a JSON array of {token, scanned_at (RFC 3339), gate, device?}, at most 1000. Each scan is recorded and applied once (a batch sent again changes nothing and answers replayed = true); the earliest scan of a ticket wins and its time is the check-in time. One row per scan, in the batch''s order: admitted, duplicate (with the first scan''s time and gate; gate online for check_in), or refused with the reason (malformed, tampered, foreign, wrong_event, unknown, revoked, cancelled, unpaid). For organizers, admins and owners of the event''s organization. Errors: 22023 a malformed entry, named by its index (400), PT404 event not found (404), 42501 not door staff (401/403), 25006 on a read-only replica.';
COMMENT ON FUNCTION public.ticket_qr_svg(p_registration_id uuid, p_size integer) IS 'The ticket of a registration the caller can see, as an SVG QR code of its signed token. Errors: PT404 not visible (404), 22023 size out of range (400).';
COMMENT ON FUNCTION public.ticket_signing_keys() IS 'The Ed25519 public keys (base64url) that verify ticket tokens, newest first, for scanners that verify offline. A token is FOS1.<key_id>.<payload>.<signature>; the signature covers FOS1.<key_id>.<payload>; the payload is registration id, event id and 16 random bytes.';
COMMENT ON FUNCTION public.undo_check_in(p_registration_id uuid) IS 'Undoes a check-in made by mistake at the door: the registration is confirmed again and its check-in time cleared, so the ticket admits once more. For organizers, admins and owners of the event''s organization. changed = false when the registration was not checked in. Errors: PT404 registration not found (404), 42501 not door staff (401/403), 25006 on a read-only replica. Since 0.2.0.';
COMMENT ON FUNCTION public.validate_walk_order(p_event_id uuid, p_min_gap integer) IS 'Every violation of an event''s line-up, one row each: violation (duplicate_position, missing_position, opener_not_first, closer_not_last, multiple_openers, multiple_closers, too_close), the event_models ids involved, their walk orders, a message. too_close: one model walks twice fewer than p_min_gap looks apart (default: the event''s walk_min_gap, 5). No rows: the line-up is valid. Errors: 22023 bad argument (400), PT404 event not visible (404).';
COMMENT ON FUNCTION public.verify_ticket(p_token text) IS 'Verifies a ticket token without checking it in. reason: valid, malformed, tampered (signature does not match), foreign (signed by a key this database does not have), unknown (no registration carries it), revoked (a newer ticket was issued), cancelled. Status, name and check-in time only for the event''s organizers and the attendee.';
-- sql/ticketing_doors.sql, new in 0.3.0
-- ticketing_doors.sql: the rules of ticketing hold for direct table writes too.
--
-- PostgREST exposes ticket_tiers, registrations and payments as tables as well as through the API
-- functions, and row level security lets the members of an organization write them. Row level
-- security decides which rows; the triggers below decide which changes. Every column is one of
-- three kinds (docs/security.md, "Which door for which change"):
--   1. free data, written directly by whoever row level security lets in (a tier's name, type,
--      price and capacity; an attendee's name and e-mail);
--   2. state that moves only through the API functions (quantity_sold, a registration's status,
--      token, check-in time, tier and event; every column of a payment): refused on direct writes
--      with 42501 (HTTP 403), the message naming what is kept and the hint the function to call;
--   3. inserts and deletes of sales records: refused the same way. Tickets come from
--      reserve_tickets, go back through cancel_registration, refund_payment, fail_payment or
--      expiry, and their rows stay as the record of the sale.
-- Two rules hold for every writer, the functions included: a tier with registrations keeps its
-- event, and quantity_total never goes below quantity_sold (PT409, HTTP 409).
--
-- How the API functions get through: they are SECURITY DEFINER and run as the extension's owner,
-- and so do the foreign keys' cascades (deleting an event deletes its tiers, registrations and
-- payments). fashionos.ticketing_door lets through the roles with the privileges of the owner of
-- the extension (pg_extension.extowner; superusers included), which could disable the triggers
-- anyway; it refuses every other role: anon, authenticated and service_role. The triggers fire only
-- for the columns they guard (UPDATE OF ... WHEN (OLD.x IS DISTINCT FROM NEW.x)), so an edit of
-- free data does not call them, and their WHEN clause lets the owner's writes (every write of the
-- API functions) through without calling PL/pgSQL.

-- ---------------------------------------------------------------------------------------------
-- The door: kind 2 and 3, refused unless the writer is the extension's owner
-- ---------------------------------------------------------------------------------------------
-- TG_ARGV of an UPDATE trigger: the guarded columns, in the order a refusal names them.
CREATE FUNCTION fashionos.ticketing_door()
    RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = ''
    AS $$
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
            HINT = 'Delete the event instead (its tiers, registrations and payments go with it).';
    END IF;

    IF TG_OP = 'INSERT' THEN
        IF TG_TABLE_NAME = 'ticket_tiers' THEN
            RAISE EXCEPTION USING ERRCODE = '42501',
                MESSAGE = 'quantity_sold of a ticket tier is kept by the ticketing functions',
                DETAIL = pg_catalog.format('A new tier starts with quantity_sold 0; the request sets %s.', NEW.quantity_sold),
                HINT = 'Leave quantity_sold out. Tickets are taken by reserve_tickets.';
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
                DETAIL = pg_catalog.format('Tier %s has registrations (%s sold or held): deleting it would delete tickets and their payments.', OLD.id, OLD.quantity_sold),
                HINT = 'Stop its sales by setting quantity_total to quantity_sold; cancel or refund its tickets with cancel_registration or refund_payment.';
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
                'Cancel it with cancel_registration and reserve the other tier with reserve_tickets.'
            ELSE 'A registration keeps its id.' END;
END
$$;
COMMENT ON FUNCTION fashionos.ticketing_door() IS
    'Trigger: refuses (42501) direct writes of ticketing state by roles other than the extension''s owner (the API functions run as the owner): inserts and deletes of registrations and payments, deletes of tiers that have registrations, TRUNCATE, and changes of the columns named in TG_ARGV; the hint names the function to call.';

-- The door triggers. Their WHEN clause asks first whether a guarded column changes, then whether
-- the writer has the privileges of the extension's owner (@is_owner@ below is replaced by
-- pg_has_role(CURRENT_USER, <oid of the owner>, 'USAGE'); a role keeps its oid when renamed and
-- through pg_upgrade, and CREATE EXTENSION writes it afresh on a restore). pg_has_role is a
-- built-in that reads the role caches, so the API's own writes cost one such call per row and
-- never call the PL/pgSQL function, which checks the owner again itself.
DO $do$
DECLARE
    v_owner text;
    v_ddl text;
BEGIN
    SELECT e.extowner::text INTO STRICT v_owner
      FROM pg_catalog.pg_extension e WHERE e.extname = 'fashionos';
    FOREACH v_ddl IN ARRAY ARRAY[
        -- ticket_tiers: quantity_sold is the functions'; a tier with registrations stays.
        $$CREATE TRIGGER ticket_tiers_door_insert BEFORE INSERT ON public.ticket_tiers
            FOR EACH ROW WHEN (NEW.quantity_sold <> 0 AND NOT @is_owner@)
            EXECUTE FUNCTION fashionos.ticketing_door()$$,
        $$CREATE TRIGGER ticket_tiers_door_update BEFORE UPDATE OF quantity_sold ON public.ticket_tiers
            FOR EACH ROW WHEN (OLD.quantity_sold IS DISTINCT FROM NEW.quantity_sold AND NOT @is_owner@)
            EXECUTE FUNCTION fashionos.ticketing_door('quantity_sold')$$,
        $$CREATE TRIGGER ticket_tiers_door_delete BEFORE DELETE ON public.ticket_tiers
            FOR EACH ROW WHEN (NOT @is_owner@) EXECUTE FUNCTION fashionos.ticketing_door()$$,
        $$CREATE TRIGGER ticket_tiers_door_truncate BEFORE TRUNCATE ON public.ticket_tiers
            FOR EACH STATEMENT WHEN (NOT @is_owner@) EXECUTE FUNCTION fashionos.ticketing_door()$$,
        -- registrations: created by reserve_tickets, never deleted; state, token, tier and event are the functions'.
        $$CREATE TRIGGER registrations_door BEFORE INSERT OR DELETE ON public.registrations
            FOR EACH ROW WHEN (NOT @is_owner@) EXECUTE FUNCTION fashionos.ticketing_door()$$,
        $$CREATE TRIGGER registrations_door_update
            BEFORE UPDATE OF status, checked_in_at, qr_code_data, ticket_tier_id, event_id, id ON public.registrations
            FOR EACH ROW WHEN ((OLD.status IS DISTINCT FROM NEW.status
                                OR OLD.checked_in_at IS DISTINCT FROM NEW.checked_in_at
                                OR OLD.qr_code_data IS DISTINCT FROM NEW.qr_code_data
                                OR OLD.ticket_tier_id IS DISTINCT FROM NEW.ticket_tier_id
                                OR OLD.event_id IS DISTINCT FROM NEW.event_id
                                OR OLD.id IS DISTINCT FROM NEW.id) AND NOT @is_owner@)
            EXECUTE FUNCTION fashionos.ticketing_door('status', 'checked_in_at', 'qr_code_data', 'ticket_tier_id', 'event_id', 'id')$$,
        $$CREATE TRIGGER registrations_door_truncate BEFORE TRUNCATE ON public.registrations
            FOR EACH STATEMENT WHEN (NOT @is_owner@) EXECUTE FUNCTION fashionos.ticketing_door()$$,
        -- payments: every column is the payment functions'.
        $$CREATE TRIGGER payments_door BEFORE INSERT OR DELETE ON public.payments
            FOR EACH ROW WHEN (NOT @is_owner@) EXECUTE FUNCTION fashionos.ticketing_door()$$,
        $$CREATE TRIGGER payments_door_update BEFORE UPDATE ON public.payments
            FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.* AND NOT @is_owner@)
            EXECUTE FUNCTION fashionos.ticketing_door('status', 'amount', 'currency', 'provider', 'provider_transaction_id',
                                                      'registration_id', 'payer_id', 'id', 'created_at')$$,
        $$CREATE TRIGGER payments_door_truncate BEFORE TRUNCATE ON public.payments
            FOR EACH STATEMENT WHEN (NOT @is_owner@) EXECUTE FUNCTION fashionos.ticketing_door()$$
    ] LOOP
        EXECUTE pg_catalog.replace(v_ddl, '@is_owner@',
            pg_catalog.format('pg_catalog.pg_has_role(CURRENT_USER, %s::pg_catalog.oid, %L)', v_owner, 'USAGE'));
    END LOOP;
END
$do$;
COMMENT ON TRIGGER ticket_tiers_door_insert ON public.ticket_tiers IS
    'A tier created directly starts with quantity_sold 0 (42501 otherwise).';
COMMENT ON TRIGGER ticket_tiers_door_update ON public.ticket_tiers IS
    'quantity_sold moves only through the ticketing functions (42501 on a direct change).';
COMMENT ON TRIGGER ticket_tiers_door_delete ON public.ticket_tiers IS
    'A tier that has registrations is not deleted directly (42501); one without is.';
COMMENT ON TRIGGER ticket_tiers_door_truncate ON public.ticket_tiers IS
    'TRUNCATE (which fires no row trigger) is refused to every role but the extension''s owner.';
COMMENT ON TRIGGER registrations_door ON public.registrations IS
    'Registrations are created by reserve_tickets and never deleted directly: cancel_registration or refund_payment (42501 otherwise).';
COMMENT ON TRIGGER registrations_door_update ON public.registrations IS
    'status, checked_in_at, qr_code_data, ticket_tier_id, event_id and id move only through the ticketing and check-in functions (42501 on a direct change).';
COMMENT ON TRIGGER registrations_door_truncate ON public.registrations IS
    'TRUNCATE (which fires no row trigger) is refused to every role but the extension''s owner.';
COMMENT ON TRIGGER payments_door ON public.payments IS
    'Payments are created by reserve_tickets and never deleted directly (42501): fail_payment, refund_payment.';
COMMENT ON TRIGGER payments_door_update ON public.payments IS
    'A payment changes only through complete_payment, fail_payment and refund_payment (42501 on a direct change of any column).';
COMMENT ON TRIGGER payments_door_truncate ON public.payments IS
    'TRUNCATE (which fires no row trigger) is refused to every role but the extension''s owner.';

-- ---------------------------------------------------------------------------------------------
-- Rules for every writer
-- ---------------------------------------------------------------------------------------------

-- A tier with registrations keeps its event (its registrations name it); its capacity does not go
-- below what it sold (the CHECK constraint says so too; this says it with the numbers and a hint).
-- SECURITY DEFINER: it counts registrations whatever the writer may read.
CREATE FUNCTION fashionos.ticket_tier_guard()
    RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = ''
    AS $$
BEGIN
    IF OLD.event_id IS DISTINCT FROM NEW.event_id
       AND EXISTS (SELECT 1 FROM public.registrations r WHERE r.ticket_tier_id = OLD.id) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409',
            MESSAGE = 'a ticket tier that has registrations keeps its event',
            DETAIL = pg_catalog.format('Tier %s has registrations for event %s; moving it to event %s would leave them on another event than their tier.',
                                       OLD.id, OLD.event_id, NEW.event_id),
            HINT = 'Create a tier on the other event; tickets move by cancel_registration and reserve_tickets.';
    END IF;
    IF NEW.quantity_total < NEW.quantity_sold THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409',
            MESSAGE = 'quantity_total cannot go below quantity_sold',
            DETAIL = pg_catalog.format('Tier %s has %s ticket(s) sold or held; quantity_total would be %s.',
                                       NEW.id, NEW.quantity_sold, NEW.quantity_total),
            HINT = pg_catalog.format('Set quantity_total to %s or more (%s stops sales); cancel tickets with cancel_registration first to go lower.',
                                     NEW.quantity_sold, NEW.quantity_sold);
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION fashionos.ticket_tier_guard() IS
    'Trigger: a ticket tier that has registrations keeps its event_id, and quantity_total does not go below quantity_sold (PT409, for every writer).';
CREATE TRIGGER ticket_tiers_guard BEFORE UPDATE OF event_id, quantity_total ON public.ticket_tiers
    FOR EACH ROW WHEN (OLD.event_id IS DISTINCT FROM NEW.event_id OR NEW.quantity_total < NEW.quantity_sold)
    EXECUTE FUNCTION fashionos.ticket_tier_guard();
COMMENT ON TRIGGER ticket_tiers_guard ON public.ticket_tiers IS
    'A tier with registrations keeps its event; quantity_total stays >= quantity_sold (PT409 with the numbers).';

-- An attendee's name and e-mail, corrected directly, are held to reserve_tickets' rules: the
-- e-mail trimmed, lower-cased and plausible (one @, a dot in the domain, no spaces, at most 320
-- bytes), the name trimmed, 1 to 200 bytes.
CREATE FUNCTION fashionos.registration_attendee()
    RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = ''
    AS $$
BEGIN
    NEW.attendee_email := pg_catalog.lower(pg_catalog.regexp_replace(NEW.attendee_email, '^[[:space:]]+|[[:space:]]+$', '', 'g'));
    NEW.attendee_name := pg_catalog.regexp_replace(NEW.attendee_name, '^[[:space:]]+|[[:space:]]+$', '', 'g');
    IF NEW.attendee_email !~ '^[^@[:space:]]+@[^@[:space:].][^@[:space:]]*\.[^@[:space:]]*[^@[:space:].]$'
       OR pg_catalog.octet_length(NEW.attendee_email) > 320 THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'attendee_email is not an e-mail address',
            DETAIL = pg_catalog.format('Got %L.', NEW.attendee_email),
            HINT = 'Write the attendee''s address, e.g. ana@example.com.';
    END IF;
    IF pg_catalog.octet_length(NEW.attendee_name) NOT BETWEEN 1 AND 200 THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'attendee_name is empty or too long',
            DETAIL = 'The attendee''s name must have 1 to 200 characters.',
            HINT = 'Write the name printed on the ticket.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION fashionos.registration_attendee() IS
    'Trigger: a corrected attendee e-mail is trimmed, lower-cased and must be plausible, a corrected name trimmed and 1 to 200 bytes (22023), as reserve_tickets requires.';
CREATE TRIGGER registrations_attendee BEFORE UPDATE OF attendee_email, attendee_name ON public.registrations
    FOR EACH ROW WHEN (OLD.attendee_email IS DISTINCT FROM NEW.attendee_email
                       OR OLD.attendee_name IS DISTINCT FROM NEW.attendee_name)
    EXECUTE FUNCTION fashionos.registration_attendee();
COMMENT ON TRIGGER registrations_attendee ON public.registrations IS
    'Attendee name and e-mail corrections follow reserve_tickets'' rules (trimmed, lower-cased e-mail; 22023 when implausible).';
-- sql/options.sql, new in 0.3.0
-- options.sql: options, as model agencies and venues book: an organizer asks for a talent (model,
-- designer) or a venue for a time range as an option for one of his events; options on
-- overlapping ranges of one resource are ranked in order of request (1st, 2nd, ...), each expires,
-- and the talent, the venue owner or server-side code confirms or declines. Only a 1st option is
-- confirmed, and confirming books the range in the ledger (its exclusion constraint applies to
-- bookings, not to options). When a higher option is declined, released or expires, the ones below
-- move up: ranks are computed from the live options, so they move at once and alike for every
-- reader; the first writer that touches the resource afterwards records the promotion
-- (promoted_at), once, under the resource's lock. No cron. docs/scheduling.md, "Options".
--
-- Also here: the guard that keeps a talent or venue owner from deleting a profile with other
-- organizations' future bookings or live options, and the bound on open slots per day.

CREATE SEQUENCE fashionos.options_seq;
CREATE TABLE fashionos.options (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    seq bigint NOT NULL DEFAULT nextval('fashionos.options_seq'),
    resource_type text NOT NULL CHECK (resource_type IN ('venue', 'model', 'designer')),
    resource_id uuid NOT NULL,
    event_id uuid NOT NULL REFERENCES public.events(id) ON DELETE CASCADE,
    organization_id uuid NOT NULL,
    requested_by uuid,
    during tstzrange NOT NULL CONSTRAINT options_during_bounded CHECK (
        NOT isempty(during) AND lower_inc(during) AND NOT upper_inc(during)
        AND NOT lower_inf(during) AND NOT upper_inf(during)),
    status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'confirmed', 'declined', 'released', 'expired')),
    requested_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    requested_rank integer NOT NULL CHECK (requested_rank >= 1),
    promoted_at timestamptz,
    booking_id uuid,
    decided_at timestamptz,
    decided_by uuid,
    CONSTRAINT options_seq_key UNIQUE (seq)
);
CREATE INDEX idx_options_resource_during ON fashionos.options USING gist (resource_type, resource_id, during)
    WHERE status IN ('open', 'confirmed');
CREATE INDEX idx_options_event_id ON fashionos.options (event_id);
CREATE INDEX idx_options_booking_id ON fashionos.options (booking_id) WHERE booking_id IS NOT NULL;
SELECT pg_catalog.pg_extension_config_dump('fashionos.options', '');
SELECT pg_catalog.pg_extension_config_dump('fashionos.options_seq', '');
ALTER SEQUENCE fashionos.options_seq OWNED BY fashionos.options.seq;

COMMENT ON TABLE fashionos.options IS
    'Options on a venue, model or designer for an event: ranked by request order (seq) among the live options on overlapping ranges of the resource, expiring at expires_at; the talent, the venue owner or server-side code confirms (the range becomes a booking) or declines. Read and written through request_option, confirm_option, decline_option, release_option, list_options.';
COMMENT ON COLUMN fashionos.options.seq IS 'Request order: the lower, the higher the option ranks.';
COMMENT ON COLUMN fashionos.options.organization_id IS 'The organization of the event (who requested the option).';
COMMENT ON COLUMN fashionos.options.during IS 'The optioned time, [start, end).';
COMMENT ON COLUMN fashionos.options.status IS 'open (live until expires_at), confirmed (booked: booking_id), declined (by the talent or venue owner), released (by the requester), expired (recorded lazily; an open option past expires_at is expired already).';
COMMENT ON COLUMN fashionos.options.requested_rank IS 'The rank the option had when it was requested.';
COMMENT ON COLUMN fashionos.options.promoted_at IS 'When the option, requested below 1st, became 1st (recorded once, by the first writer touching the resource afterwards).';
COMMENT ON COLUMN fashionos.options.booking_id IS 'The venue_availability, model_availability or designer_availability row the confirmation made.';

-- How long an option lives when the request names no expiry, and the longest it may ask for.
CREATE FUNCTION fashionos.option_default_expiry() RETURNS interval
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = ''
    AS $$ SELECT interval '72 hours' $$;
COMMENT ON FUNCTION fashionos.option_default_expiry() IS 'How long an option lives when request_option names no expiry: 72 hours.';
CREATE FUNCTION fashionos.option_max_expiry() RETURNS interval
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = ''
    AS $$ SELECT interval '30 days' $$;
COMMENT ON FUNCTION fashionos.option_max_expiry() IS 'The latest expiry request_option accepts: 30 days from now.';

-- The option still holds its place: open and not expired, or confirmed with its booking in place.
CREATE FUNCTION fashionos.option_is_live(p_option fashionos.options) RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path = ''
    AS $$
    SELECT (p_option.status = 'open' AND p_option.expires_at > pg_catalog.now())
        OR (p_option.status = 'confirmed' AND EXISTS (
                SELECT 1 FROM fashionos.bookings b
                 WHERE b.source_table = p_option.resource_type || '_availability'
                   AND b.source_id = p_option.booking_id))
$$;
COMMENT ON FUNCTION fashionos.option_is_live(fashionos.options) IS
    'True while an option holds its place: open and not past its expiry, or confirmed with its booking still in the ledger.';

-- The rank of a live option: 1 + the live options on the same resource, overlapping it, requested
-- before it. NULL for an option that is not live.
CREATE FUNCTION fashionos.option_rank(p_option fashionos.options) RETURNS integer
    LANGUAGE sql STABLE
    SET search_path = ''
    AS $$
    SELECT CASE WHEN fashionos.option_is_live(p_option) THEN 1 + (
        SELECT pg_catalog.count(*)::integer FROM fashionos.options x
         WHERE x.resource_type = p_option.resource_type AND x.resource_id = p_option.resource_id
           AND x.status IN ('open', 'confirmed')
           AND x.during OPERATOR(pg_catalog.&&) p_option.during
           AND x.seq < p_option.seq
           AND fashionos.option_is_live(x)) END
$$;
COMMENT ON FUNCTION fashionos.option_rank(fashionos.options) IS
    'The rank of a live option (1 = 1st) among the live options on overlapping ranges of its resource, in request order; NULL when it is not live.';

-- Serializes the writers of one resource's options (request, confirm, decline, release).
CREATE FUNCTION fashionos.lock_resource_options(p_resource_type text, p_resource_id uuid) RETURNS void
    LANGUAGE sql VOLATILE
    SET search_path = ''
    AS $$ SELECT pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('fashionos.options:' || p_resource_type || ':' || p_resource_id::text, 0)) $$;
COMMENT ON FUNCTION fashionos.lock_resource_options(text, uuid) IS
    'Takes the transaction-level advisory lock of one resource''s options: its writers take turns.';

-- The lazy step, under the resource's lock: records the expiry of open options past their expiry,
-- and the promotion of options that became 1st. Each is recorded once (the WHERE clauses).
CREATE FUNCTION fashionos.settle_options(p_resource_type text, p_resource_id uuid) RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = ''
    AS $$
BEGIN
    UPDATE fashionos.options o SET status = 'expired', decided_at = o.expires_at
     WHERE o.resource_type = p_resource_type AND o.resource_id = p_resource_id
       AND o.status = 'open' AND o.expires_at <= pg_catalog.now();
    UPDATE fashionos.options o SET promoted_at = pg_catalog.clock_timestamp()
     WHERE o.resource_type = p_resource_type AND o.resource_id = p_resource_id
       AND o.status = 'open' AND o.requested_rank > 1 AND o.promoted_at IS NULL
       AND fashionos.option_rank(o) = 1;
END
$$;
COMMENT ON FUNCTION fashionos.settle_options(text, uuid) IS
    'Records, under the resource''s lock, the expiry of open options past their expiry and the promotion of options that became 1st; each once.';

-- An option as the API returns it.
CREATE FUNCTION fashionos.option_row(p_option fashionos.options) RETURNS public.booking_option
    LANGUAGE sql STABLE
    SET search_path = ''
    AS $$
    SELECT ROW(p_option.id, p_option.resource_type, p_option.resource_id, p_option.event_id,
               pg_catalog.lower(p_option.during), pg_catalog.upper(p_option.during),
               CASE WHEN p_option.status = 'open' AND p_option.expires_at <= pg_catalog.now() THEN 'expired'
                    WHEN p_option.status = 'confirmed' AND NOT fashionos.option_is_live(p_option) THEN 'released'
                    ELSE p_option.status END,
               fashionos.option_rank(p_option), p_option.requested_rank, p_option.expires_at,
               p_option.requested_at, p_option.promoted_at, p_option.booking_id)::public.booking_option
$$;
COMMENT ON FUNCTION fashionos.option_row(fashionos.options) IS 'An option as public.booking_option: its status and rank as of now.';

-- The option p_option_id as the caller may see it: the requesting organization, the resource
-- itself (talent, venue owner) or server-side code. PT404 for anyone else, as for no such option.
CREATE FUNCTION fashionos.visible_option(p_option_id uuid) RETURNS fashionos.options
    LANGUAGE plpgsql STABLE
    SET search_path = ''
    AS $$
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
$$;
COMMENT ON FUNCTION fashionos.visible_option(uuid) IS
    'The option if the caller may see it (its organization, the talent or venue owner, server-side code); PT404 otherwise.';

-- ---------------------------------------------------------------------------------------------
-- The API's implementations (SECURITY DEFINER: they write the private table and the availability
-- tables after checking the caller). Wrappers: sql/api/options.sql.
-- ---------------------------------------------------------------------------------------------
CREATE FUNCTION fashionos.request_option(p_resource_type text, p_resource_id uuid, p_event_id uuid,
                                         p_start timestamptz, p_end timestamptz,
                                         p_expires_at timestamptz DEFAULT NULL)
    RETURNS SETOF public.booking_option
    LANGUAGE plpgsql VOLATILE
    SECURITY DEFINER
    SET search_path = ''
    AS $$
DECLARE
    v_relation text;
    v_exists boolean;
    v_expires timestamptz := coalesce(p_expires_at, pg_catalog.now() + fashionos.option_default_expiry());
    v_during tstzrange;
    v_rank integer;
    v fashionos.options;
BEGIN
    IF p_resource_type IS NULL OR p_resource_type NOT IN ('venue', 'model', 'designer') THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'unknown resource type',
            DETAIL = pg_catalog.format('%L is not a resource type that can be optioned.', p_resource_type),
            HINT = 'One of venue, model, designer.';
    END IF;
    IF p_resource_id IS NULL OR p_event_id IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'missing argument',
            DETAIL = 'p_resource_id, p_event_id, p_start and p_end are required.', HINT = 'Pass all four.';
    END IF;
    PERFORM fashionos.check_booking_range(p_start, p_end);
    IF v_expires <= pg_catalog.now() OR v_expires > pg_catalog.now() + fashionos.option_max_expiry() THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'expiry out of range',
            DETAIL = pg_catalog.format('An option expires after now and within %s, not at %s.', fashionos.option_max_expiry(), v_expires),
            HINT = 'Pass p_expires_at in the next 30 days, or null for 72 hours.';
    END IF;
    v_relation := fashionos.caller_event_relation(p_event_id);
    IF v_relation = 'none' THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'event not found',
            DETAIL = pg_catalog.format('No event with id %s is visible to the caller.', p_event_id),
            HINT = 'Check the id, and that the caller belongs to the organization that owns it.';
    ELSIF v_relation <> 'runs' THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'not allowed to request options for this event',
            DETAIL = pg_catalog.format('The caller is not an owner, admin or organizer of the organization of event %s.', p_event_id),
            HINT = 'Organizers, admins and owners of the event''s organization request options for it.';
    END IF;
    v_exists := CASE p_resource_type
        WHEN 'venue' THEN EXISTS (SELECT 1 FROM public.venues x WHERE x.id = p_resource_id)
        WHEN 'model' THEN EXISTS (SELECT 1 FROM public.model_profiles x WHERE x.id = p_resource_id)
        ELSE EXISTS (SELECT 1 FROM public.designer_profiles x WHERE x.id = p_resource_id)
    END;
    IF NOT v_exists THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = pg_catalog.format('%s not found', p_resource_type),
            DETAIL = pg_catalog.format('No %s with id %s.', p_resource_type, p_resource_id), HINT = 'Check the id.';
    END IF;
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
       AND x.status IN ('open', 'confirmed') AND x.during OPERATOR(pg_catalog.&&) v_during
       AND fashionos.option_is_live(x);
    INSERT INTO fashionos.options AS o (resource_type, resource_id, event_id, organization_id, requested_by,
                                        during, expires_at, requested_rank)
    SELECT p_resource_type, p_resource_id, p_event_id, e.organization_id, auth.uid(), v_during, v_expires, v_rank
      FROM public.events e WHERE e.id = p_event_id
    RETURNING o.* INTO v;
    RETURN NEXT fashionos.option_row(v);
END
$$;
COMMENT ON FUNCTION fashionos.request_option(text, uuid, uuid, timestamptz, timestamptz, timestamptz) IS
    'Implementation of public.request_option (SECURITY DEFINER: writes the private options table after checking the caller).';

CREATE FUNCTION fashionos.confirm_option(p_option_id uuid)
    RETURNS SETOF public.booking_option
    LANGUAGE plpgsql VOLATILE
    SECURITY DEFINER
    SET search_path = ''
    AS $$
DECLARE
    v fashionos.options;
    v_rank integer;
    v_date date;
    v_booking uuid;
BEGIN
    IF p_option_id IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'p_option_id is required', DETAIL = 'p_option_id was null.',
            HINT = 'Pass the option_id that request_option or list_options returned.';
    END IF;
    v := fashionos.visible_option(p_option_id);
    IF NOT fashionos.caller_is_resource(v.resource_type, v.resource_id) THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'not allowed to confirm this option',
            DETAIL = pg_catalog.format('Option %s is confirmed by the %s itself (the talent behind the profile, or the venue owner) or server-side code.',
                                       p_option_id, v.resource_type),
            HINT = 'Ask the talent, the venue owner or the agency to confirm it.';
    END IF;
    PERFORM fashionos.lock_resource_options(v.resource_type, v.resource_id);
    PERFORM fashionos.settle_options(v.resource_type, v.resource_id);
    SELECT * INTO v FROM fashionos.options o WHERE o.id = p_option_id;
    IF v.status = 'confirmed' AND fashionos.option_is_live(v) THEN
        RETURN NEXT fashionos.option_row(v);  -- confirmed already: the same answer
        RETURN;
    ELSIF v.status <> 'open' THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = pg_catalog.format('option %s', CASE WHEN v.status = 'confirmed' THEN 'released' ELSE v.status END),
            DETAIL = pg_catalog.format('Option %s is %s and can no longer be confirmed.', p_option_id, v.status),
            HINT = 'The organizer requests a new option.';
    END IF;
    v_rank := fashionos.option_rank(v);
    IF v_rank <> 1 THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'only a 1st option can be confirmed',
            DETAIL = pg_catalog.format('Option %s ranks %s on this %s''s calendar.', p_option_id, v_rank, v.resource_type),
            HINT = 'Confirm the 1st option, or decline the options above this one first.';
    END IF;
    -- the booking, in the ledger: PT409 when the range is booked meanwhile
    SELECT (pg_catalog.lower(v.during) AT TIME ZONE s.time_zone)::date INTO v_date FROM fashionos.settings_for(v.event_id) s;
    IF v.resource_type = 'venue' THEN
        INSERT INTO public.venue_availability (venue_id, event_id, date, start_time, end_time, status)
        VALUES (v.resource_id, v.event_id, v_date, pg_catalog.lower(v.during), pg_catalog.upper(v.during), 'booked')
        RETURNING id INTO v_booking;
    ELSIF v.resource_type = 'model' THEN
        INSERT INTO public.model_availability (model_profile_id, event_id, date, start_time, end_time, status)
        VALUES (v.resource_id, v.event_id, v_date, pg_catalog.lower(v.during), pg_catalog.upper(v.during), 'booked')
        RETURNING id INTO v_booking;
    ELSE
        INSERT INTO public.designer_availability (designer_profile_id, event_id, date, start_time, end_time, status)
        VALUES (v.resource_id, v.event_id, v_date, pg_catalog.lower(v.during), pg_catalog.upper(v.during), 'booked')
        RETURNING id INTO v_booking;
    END IF;
    UPDATE fashionos.options o SET status = 'confirmed', booking_id = v_booking, decided_at = pg_catalog.now(),
                                   decided_by = auth.uid()
     WHERE o.id = p_option_id
    RETURNING o.* INTO v;
    RETURN NEXT fashionos.option_row(v);
END
$$;
COMMENT ON FUNCTION fashionos.confirm_option(uuid) IS
    'Implementation of public.confirm_option (SECURITY DEFINER: books the range in the availability table after checking the caller).';

CREATE FUNCTION fashionos.decline_option(p_option_id uuid)
    RETURNS SETOF public.booking_option
    LANGUAGE plpgsql VOLATILE
    SECURITY DEFINER
    SET search_path = ''
    AS $$
DECLARE
    v fashionos.options;
BEGIN
    IF p_option_id IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'p_option_id is required', DETAIL = 'p_option_id was null.',
            HINT = 'Pass the option_id that request_option or list_options returned.';
    END IF;
    v := fashionos.visible_option(p_option_id);
    IF NOT fashionos.caller_is_resource(v.resource_type, v.resource_id) THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'not allowed to decline this option',
            DETAIL = pg_catalog.format('Option %s is declined by the %s itself (the talent behind the profile, or the venue owner) or server-side code.',
                                       p_option_id, v.resource_type),
            HINT = 'The requesting organization releases its own options with release_option.';
    END IF;
    PERFORM fashionos.lock_resource_options(v.resource_type, v.resource_id);
    PERFORM fashionos.settle_options(v.resource_type, v.resource_id);
    SELECT * INTO v FROM fashionos.options o WHERE o.id = p_option_id;
    IF v.status = 'declined' THEN
        RETURN NEXT fashionos.option_row(v);
        RETURN;
    ELSIF v.status <> 'open' THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = pg_catalog.format('option %s', v.status),
            DETAIL = pg_catalog.format('Option %s is %s and can no longer be declined.', p_option_id, v.status),
            HINT = 'A confirmed option is a booking: its organization releases it.';
    END IF;
    UPDATE fashionos.options o SET status = 'declined', decided_at = pg_catalog.now(), decided_by = auth.uid()
     WHERE o.id = p_option_id RETURNING o.* INTO v;
    PERFORM fashionos.settle_options(v.resource_type, v.resource_id);
    SELECT * INTO v FROM fashionos.options o WHERE o.id = p_option_id;
    RETURN NEXT fashionos.option_row(v);
END
$$;
COMMENT ON FUNCTION fashionos.decline_option(uuid) IS
    'Implementation of public.decline_option (SECURITY DEFINER: writes the private options table after checking the caller).';

CREATE FUNCTION fashionos.release_option(p_option_id uuid)
    RETURNS SETOF public.booking_option
    LANGUAGE plpgsql VOLATILE
    SECURITY DEFINER
    SET search_path = ''
    AS $$
DECLARE
    v fashionos.options;
BEGIN
    IF p_option_id IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'p_option_id is required', DETAIL = 'p_option_id was null.',
            HINT = 'Pass the option_id that request_option or list_options returned.';
    END IF;
    v := fashionos.visible_option(p_option_id);
    IF NOT fashionos.caller_runs_event(v.event_id) THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'not allowed to release this option',
            DETAIL = pg_catalog.format('The caller is not an owner, admin or organizer of the organization of event %s.', v.event_id),
            HINT = 'The requesting organization releases its options; the talent or venue owner declines them with decline_option.';
    END IF;
    PERFORM fashionos.lock_resource_options(v.resource_type, v.resource_id);
    PERFORM fashionos.settle_options(v.resource_type, v.resource_id);
    SELECT * INTO v FROM fashionos.options o WHERE o.id = p_option_id;
    IF v.status = 'released' THEN
        RETURN NEXT fashionos.option_row(v);
        RETURN;
    ELSIF v.status NOT IN ('open', 'confirmed') THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = pg_catalog.format('option %s', v.status),
            DETAIL = pg_catalog.format('Option %s is %s already.', p_option_id, v.status),
            HINT = 'Nothing to release.';
    END IF;
    -- a confirmed option is a booking: releasing it frees the range
    IF v.status = 'confirmed' AND v.booking_id IS NOT NULL THEN
        IF v.resource_type = 'venue' THEN
            DELETE FROM public.venue_availability a WHERE a.id = v.booking_id;
        ELSIF v.resource_type = 'model' THEN
            DELETE FROM public.model_availability a WHERE a.id = v.booking_id;
        ELSE
            DELETE FROM public.designer_availability a WHERE a.id = v.booking_id;
        END IF;
    END IF;
    UPDATE fashionos.options o SET status = 'released', decided_at = pg_catalog.now(), decided_by = auth.uid()
     WHERE o.id = p_option_id;
    PERFORM fashionos.settle_options(v.resource_type, v.resource_id);
    SELECT * INTO v FROM fashionos.options o WHERE o.id = p_option_id;
    RETURN NEXT fashionos.option_row(v);
END
$$;
COMMENT ON FUNCTION fashionos.release_option(uuid) IS
    'Implementation of public.release_option (SECURITY DEFINER: writes the private options table and frees a confirmed booking after checking the caller).';

CREATE FUNCTION fashionos.list_options(p_resource_type text DEFAULT NULL, p_resource_id uuid DEFAULT NULL,
                                       p_event_id uuid DEFAULT NULL)
    RETURNS SETOF public.booking_option
    LANGUAGE plpgsql STABLE
    SECURITY DEFINER
    SET search_path = ''
    AS $$
DECLARE
    v_server boolean := fashionos.caller_is_server();
    v_org uuid := fashionos.my_org_id();
BEGIN
    IF p_resource_type IS NOT NULL AND p_resource_type NOT IN ('venue', 'model', 'designer') THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'unknown resource type',
            DETAIL = pg_catalog.format('%L is not a resource type that can be optioned.', p_resource_type),
            HINT = 'One of venue, model, designer, or null for all.';
    END IF;
    IF auth.uid() IS NULL AND NOT v_server THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'not allowed to list options',
            DETAIL = 'The caller is not signed in.', HINT = 'Sign in.';
    END IF;
    RETURN QUERY
    SELECT (fashionos.option_row(o)).*
      FROM fashionos.options o
     WHERE (p_resource_type IS NULL OR o.resource_type = p_resource_type)
       AND (p_resource_id IS NULL OR o.resource_id = p_resource_id)
       AND (p_event_id IS NULL OR o.event_id = p_event_id)
       AND (v_server OR o.organization_id = v_org
            OR fashionos.caller_is_resource(o.resource_type, o.resource_id))
     ORDER BY o.resource_type, o.resource_id, pg_catalog.lower(o.during), o.seq;
END
$$;
COMMENT ON FUNCTION fashionos.list_options(text, uuid, uuid) IS
    'Implementation of public.list_options (SECURITY DEFINER: reads the private options table, the caller''s organization''s options and the options on the caller''s own calendar).';

-- ---------------------------------------------------------------------------------------------
-- Deleting a profile or venue: not while other organizations hold future bookings or live
-- options on it (PT409); otherwise as before, and its own options go with it.
-- ---------------------------------------------------------------------------------------------
-- model_profiles, designer_profiles, venues: BEFORE DELETE. TG_ARGV[0]: the resource type,
-- TG_ARGV[1]: the column naming the user behind it.
CREATE FUNCTION fashionos.guard_resource_delete()
    RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = ''
    AS $$
DECLARE
    v_user uuid := (pg_catalog.to_jsonb(OLD) ->> TG_ARGV[1])::uuid;
    v_org uuid;
    v_bookings bigint;
    v_options bigint;
BEGIN
    SELECT u.organization_id INTO v_org FROM public.users u WHERE u.id = v_user;
    SELECT pg_catalog.count(*) INTO v_bookings
      FROM fashionos.bookings b JOIN public.events e ON e.id = b.event_id
     WHERE b.resource_type = TG_ARGV[0] AND b.resource_id = OLD.id
       AND pg_catalog.upper(b.during) > pg_catalog.now()
       AND e.organization_id IS DISTINCT FROM v_org;
    SELECT pg_catalog.count(*) INTO v_options
      FROM fashionos.options o
     WHERE o.resource_type = TG_ARGV[0] AND o.resource_id = OLD.id
       AND o.status IN ('open', 'confirmed') AND fashionos.option_is_live(o)
       AND pg_catalog.upper(o.during) > pg_catalog.now()
       AND o.organization_id IS DISTINCT FROM v_org;
    IF v_bookings + v_options > 0 THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409',
            MESSAGE = pg_catalog.format('%s has plans of other organizations', TG_ARGV[0]),
            DETAIL = pg_catalog.format('%s %s has %s future bookings and %s live options of other organizations.',
                                       TG_ARGV[0], OLD.id, v_bookings, v_options),
            HINT = 'Decline the options (decline_option) and ask the organizations to release their bookings first; then delete.';
    END IF;
    DELETE FROM fashionos.options o WHERE o.resource_type = TG_ARGV[0] AND o.resource_id = OLD.id;
    RETURN OLD;
END
$$;
COMMENT ON FUNCTION fashionos.guard_resource_delete() IS
    'Trigger: refuses (PT409) deleting a venue, model or designer profile with future bookings or live options of other organizations; otherwise drops its options.';
CREATE TRIGGER venues_guard_delete BEFORE DELETE ON public.venues
    FOR EACH ROW EXECUTE FUNCTION fashionos.guard_resource_delete('venue', 'owner_id');
CREATE TRIGGER model_profiles_guard_delete BEFORE DELETE ON public.model_profiles
    FOR EACH ROW EXECUTE FUNCTION fashionos.guard_resource_delete('model', 'user_id');
CREATE TRIGGER designer_profiles_guard_delete BEFORE DELETE ON public.designer_profiles
    FOR EACH ROW EXECUTE FUNCTION fashionos.guard_resource_delete('designer', 'user_id');

-- ---------------------------------------------------------------------------------------------
-- Open slots (rows without an event) are written by the talent or venue owner directly (row level
-- security allows it); a bounded number per resource and calendar day keeps conflict reports and
-- calendars small. Holds for direct table writes through PostgREST as for everyone else.
CREATE FUNCTION fashionos.max_open_slots_per_day() RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = ''
    AS $$ SELECT 48 $$;
COMMENT ON FUNCTION fashionos.max_open_slots_per_day() IS
    'The most open slots (availability rows without an event) one venue, model or designer has on one calendar day: 48.';

-- venue_availability, model_availability, designer_availability, BEFORE INSERT OR UPDATE of a row
-- without an event. TG_ARGV[0]: the column naming the resource.
CREATE FUNCTION fashionos.limit_open_slots()
    RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = ''
    AS $$
DECLARE
    v_resource uuid := (pg_catalog.to_jsonb(NEW) ->> TG_ARGV[0])::uuid;
    v_count bigint;
BEGIN
    -- one writer per resource at a time, so two concurrent inserts cannot both take the last slot
    PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended(TG_TABLE_NAME || ':' || v_resource::text, 0));
    EXECUTE pg_catalog.format(
        'SELECT pg_catalog.count(*) FROM public.%I a WHERE a.%I = $1 AND a.date = $2 AND a.event_id IS NULL AND a.id <> $3',
        TG_TABLE_NAME, TG_ARGV[0])
        INTO v_count USING v_resource, NEW.date, NEW.id;
    IF v_count >= fashionos.max_open_slots_per_day() THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'too many open slots on this day',
            DETAIL = pg_catalog.format('%s %s already has %s open slots (rows without an event) on %s; at most %s per day.',
                                       TG_TABLE_NAME, v_resource, v_count, NEW.date, fashionos.max_open_slots_per_day()),
            HINT = 'Merge slots into longer ones, or delete some first.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION fashionos.limit_open_slots() IS
    'Trigger: refuses (PT409) a row without an event when its resource already has fashionos.max_open_slots_per_day() such rows on that date.';
CREATE TRIGGER venue_availability_open_slots BEFORE INSERT OR UPDATE ON public.venue_availability
    FOR EACH ROW WHEN (NEW.event_id IS NULL) EXECUTE FUNCTION fashionos.limit_open_slots('venue_id');
CREATE TRIGGER model_availability_open_slots BEFORE INSERT OR UPDATE ON public.model_availability
    FOR EACH ROW WHEN (NEW.event_id IS NULL) EXECUTE FUNCTION fashionos.limit_open_slots('model_profile_id');
CREATE TRIGGER designer_availability_open_slots BEFORE INSERT OR UPDATE ON public.designer_availability
    FOR EACH ROW WHEN (NEW.event_id IS NULL) EXECUTE FUNCTION fashionos.limit_open_slots('designer_profile_id');
-- sql/api/options.sql, new in 0.3.0
-- api/options.sql: options on talent and venues. Style: see sql/api/ticketing.sql.

CREATE FUNCTION public.request_option(p_resource_type text, p_resource_id uuid, p_event_id uuid,
                                      p_start timestamptz, p_end timestamptz,
                                      p_expires_at timestamptz DEFAULT NULL)
    RETURNS SETOF public.booking_option
    LANGUAGE sql VOLATILE SECURITY INVOKER
    SET search_path = ''
    AS $$ SELECT * FROM fashionos.request_option(p_resource_type, p_resource_id, p_event_id, p_start, p_end, p_expires_at) $$;
COMMENT ON FUNCTION public.request_option(text, uuid, uuid, timestamptz, timestamptz, timestamptz) IS
    'Requests an option on a venue, model or designer (p_resource_type, p_resource_id) for an event from p_start to p_end (at most 14 days, not wholly past), expiring at p_expires_at (default in 72 hours, at most 30 days). Options on overlapping ranges rank in order of request; the answer carries the rank. Errors: 22023 bad argument, range too long or past, expiry out of range (400), PT404 event or resource not found (404), 42501 caller does not run the event (401/403), PT409 the event already holds a live option overlapping this range (409).';

CREATE FUNCTION public.confirm_option(p_option_id uuid)
    RETURNS SETOF public.booking_option
    LANGUAGE sql VOLATILE SECURITY INVOKER
    SET search_path = ''
    AS $$ SELECT * FROM fashionos.confirm_option(p_option_id) $$;
COMMENT ON FUNCTION public.confirm_option(uuid) IS
    'Confirms a 1st option: books its range for its event (a venue_availability, model_availability or designer_availability row, booking_id in the answer). Only the talent behind the profile, the venue owner or server-side code (an agency back office) confirms; confirming a confirmed option answers the same. Errors: 22023 null id (400), PT404 option not visible (404), 42501 caller is not the talent, venue owner or service_role (401/403), PT409 not the 1st option, option expired, declined or released, or the range is booked meanwhile (409).';

CREATE FUNCTION public.decline_option(p_option_id uuid)
    RETURNS SETOF public.booking_option
    LANGUAGE sql VOLATILE SECURITY INVOKER
    SET search_path = ''
    AS $$ SELECT * FROM fashionos.decline_option(p_option_id) $$;
COMMENT ON FUNCTION public.decline_option(uuid) IS
    'Declines an open option (any rank); the options below it move up. Only the talent behind the profile, the venue owner or server-side code declines. Errors: 22023 null id (400), PT404 option not visible (404), 42501 caller is not the talent, venue owner or service_role (401/403), PT409 option confirmed, released or expired (409).';

CREATE FUNCTION public.release_option(p_option_id uuid)
    RETURNS SETOF public.booking_option
    LANGUAGE sql VOLATILE SECURITY INVOKER
    SET search_path = ''
    AS $$ SELECT * FROM fashionos.release_option(p_option_id) $$;
COMMENT ON FUNCTION public.release_option(uuid) IS
    'Releases an option of one''s own event (open or confirmed: a confirmed option''s booking is freed); the options below it move up. Organizers, admins and owners of the event''s organization, or server-side code. Errors: 22023 null id (400), PT404 option not visible (404), 42501 caller does not run the event (401/403), PT409 option declined or expired (409).';

CREATE FUNCTION public.list_options(p_resource_type text DEFAULT NULL, p_resource_id uuid DEFAULT NULL,
                                    p_event_id uuid DEFAULT NULL)
    RETURNS SETOF public.booking_option
    LANGUAGE sql STABLE SECURITY INVOKER
    SET search_path = ''
    AS $$ SELECT * FROM fashionos.list_options(p_resource_type, p_resource_id, p_event_id) $$;
COMMENT ON FUNCTION public.list_options(text, uuid, uuid) IS
    'Options the caller may see, filtered by resource and event (null: any): those of the caller''s organization (with their rank) and all options on the caller''s own calendar (the talent, the venue owner); service_role sees all. Status and rank as of now (an option past its expiry shows expired). Errors: 22023 bad resource type (400), 42501 not signed in (401).';
-- sql/door_private.sql, new in 0.3.0
-- door_private.sql: the private state of the offline door and of signed payment webhooks (schema
-- fashionos, never exposed). The functions that use it are in src/door.rs and src/webhooks.rs.

-- What changed for the door of an event, and in which transaction: every new or changed
-- registration and every revoked token of the event. A delta bundle (public.door_bundle with
-- p_since) is the current state of what was written by transactions the previous bundle's
-- snapshot did not see (xid >= that snapshot's xmin), so a change that commits after a bundle was
-- made is never missed, and no counter row serializes the writers. Derived state: a full bundle
-- needs none of it, so it is not dumped.
CREATE TABLE fashionos.door_changes (
    event_id uuid NOT NULL REFERENCES public.events(id) ON DELETE CASCADE,
    xid xid8 NOT NULL DEFAULT pg_catalog.pg_current_xact_id(),
    registration_id uuid NOT NULL REFERENCES public.registrations(id) ON DELETE CASCADE,
    token_hash bytea
);
CREATE INDEX idx_door_changes_event_xid ON fashionos.door_changes (event_id, xid);
CREATE INDEX idx_door_changes_registration_id ON fashionos.door_changes (registration_id);
COMMENT ON TABLE fashionos.door_changes IS
    'Registrations and revoked tokens of an event changed by transaction xid: what a delta door bundle (public.door_bundle p_since) sends again.';

CREATE FUNCTION fashionos.log_registration_change() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = ''
    AS $$
BEGIN
    INSERT INTO fashionos.door_changes (event_id, registration_id) VALUES (NEW.event_id, NEW.id);
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION fashionos.log_registration_change() IS
    'Trigger: records a new or changed registration in fashionos.door_changes (SECURITY DEFINER: direct writes by organizers log too).';
CREATE TRIGGER registrations_door_change AFTER INSERT OR UPDATE OF status, checked_in_at, attendee_name, qr_code_data, ticket_tier_id
    ON public.registrations
    FOR EACH ROW EXECUTE FUNCTION fashionos.log_registration_change();

CREATE FUNCTION fashionos.log_revoked_token() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = ''
    AS $$
BEGIN
    INSERT INTO fashionos.door_changes (event_id, registration_id, token_hash)
    SELECT r.event_id, r.id, NEW.token_hash FROM public.registrations r WHERE r.id = NEW.registration_id;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION fashionos.log_revoked_token() IS
    'Trigger: records a revoked token in fashionos.door_changes for the door bundles of its event.';
CREATE TRIGGER revoked_tokens_door_change AFTER INSERT ON fashionos.revoked_tokens
    FOR EACH ROW EXECUTE FUNCTION fashionos.log_revoked_token();

-- Scans made at the door (offline, synced later with public.sync_door_scans). One row per scan:
-- a scan is the same scan when event, token, time and gate are the same, so a batch sent twice
-- is recorded once. outcome is what the first sync answered (admitted, duplicate, refused).
CREATE TABLE fashionos.door_scans (
    event_id uuid NOT NULL REFERENCES public.events(id) ON DELETE CASCADE,
    token_hash bytea NOT NULL,
    scanned_at timestamptz NOT NULL,
    gate text NOT NULL CHECK (length(gate) BETWEEN 1 AND 100),
    device text CHECK (length(device) <= 100),
    registration_id uuid REFERENCES public.registrations(id) ON DELETE SET NULL,
    outcome text NOT NULL CHECK (outcome IN ('admitted', 'duplicate', 'refused')),
    reason text,
    synced_at timestamptz NOT NULL DEFAULT now(),
    synced_by uuid,
    PRIMARY KEY (event_id, token_hash, scanned_at, gate)
);
CREATE INDEX idx_door_scans_registration_id ON fashionos.door_scans (registration_id, scanned_at);
COMMENT ON TABLE fashionos.door_scans IS
    'Scans made at the door of an event and synced with public.sync_door_scans, each recorded once (event, token hash, scan time, gate), with the answer of its first sync.';

-- Webhook signing secrets per payment provider. Set and rotated with
-- public.set_payment_webhook_secret; no function reads a secret back. After a rotation the
-- previous secret still verifies until previous_valid_until (deliveries already on their way).
CREATE TABLE fashionos.payment_webhook_secrets (
    provider text PRIMARY KEY CHECK (provider IN ('stripe', 'paypal', 'square')),
    secret text NOT NULL CHECK (length(secret) >= 16),
    previous_secret text,
    previous_valid_until timestamptz,
    rotated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE fashionos.payment_webhook_secrets IS
    'The signing secret of each payment provider''s webhooks (and the previous one for a grace period after a rotation). Never readable through the API.';

-- Webhook events already processed: a provider delivers an event at least once, and the second
-- delivery of an event id is acknowledged without doing anything.
CREATE TABLE fashionos.webhook_events (
    provider text NOT NULL,
    event_id text NOT NULL,
    event_type text NOT NULL,
    payment_id uuid,
    outcome text NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (provider, event_id)
);
CREATE INDEX idx_webhook_events_payment_id ON fashionos.webhook_events (payment_id);
COMMENT ON TABLE fashionos.webhook_events IS
    'Payment webhook events processed by public.payment_webhook, once each: provider, event id, type, payment and what was done.';
-- sql/hot_drop_private.sql, new in 0.3.0
-- hot_drop_private.sql: the private state of a hot drop (schema fashionos, never exposed): the
-- idempotency keys of reserve_tickets. Reached only through the API functions (src/ticketing.rs).

-- Idempotency keys of public.reserve_tickets: a client that retries a timed-out request with the
-- same key gets the same reservation instead of a second one. The primary key is the claim: a
-- concurrent INSERT of the same key waits for the first transaction and then sees its row. Rows
-- older than 24 hours are purged lazily by the next reservation that carries a key.
CREATE TABLE fashionos.reservation_keys (
    idempotency_key text PRIMARY KEY CHECK (length(idempotency_key) BETWEEN 1 AND 255),
    request_hash text NOT NULL,
    registration_ids uuid[],
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_reservation_keys_created_at ON fashionos.reservation_keys (created_at);
COMMENT ON TABLE fashionos.reservation_keys IS
    'Idempotency keys of public.reserve_tickets (kept 24 hours): the request they were first used for (SHA-256 of tier, quantity, attendee, user and caller) and the registrations that request made.';
COMMENT ON COLUMN fashionos.reservation_keys.request_hash IS 'Hex SHA-256 of the request: the same key with another request is refused (PT409).';
COMMENT ON COLUMN fashionos.reservation_keys.registration_ids IS 'The registrations the first request made, in the order it returned them.';
-- their registration for pg_dump (sql/data_safety.sql)
SELECT pg_catalog.pg_extension_config_dump('fashionos.reservation_keys', '');
SELECT pg_catalog.pg_extension_config_dump('fashionos.door_scans', '');
SELECT pg_catalog.pg_extension_config_dump('fashionos.payment_webhook_secrets', '');
SELECT pg_catalog.pg_extension_config_dump('fashionos.webhook_events', '');

-- 5. Privileges (sql/grants.sql)
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
    FOR v_table IN
        SELECT c.oid::regclass
          FROM pg_catalog.pg_depend d
          JOIN pg_catalog.pg_class c ON c.oid = d.objid
          JOIN pg_catalog.pg_extension x ON x.oid = d.refobjid
         WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.deptype = 'e' AND x.extname = 'fashionos'
           AND c.relkind IN ('r', 'p', 'v', 'S')
           AND c.relnamespace IN ('public'::regnamespace, 'fashionos'::regnamespace)
         ORDER BY 1
    LOOP
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
    public.reserve_tickets(uuid, integer, text, text, uuid, text),
    public.verify_ticket(text),
    public.ticket_signing_keys(),
    public.qr_code_svg(text, integer),
    public.payment_webhook(json)
TO anon, authenticated, service_role;

-- The API for signed-in users and server-side code; each function checks the caller itself.
GRANT EXECUTE ON FUNCTION
    public.release_expired_holds(uuid),
    public.complete_payment(uuid, text, text),
    public.fail_payment(uuid),
    public.refund_payment(uuid),
    public.cancel_registration(uuid),
    public.reissue_ticket(uuid),
    public.ticket_qr_svg(uuid, integer),
    public.check_in(text, uuid),
    public.undo_check_in(uuid),
    public.get_event_settings(uuid),
    public.set_event_settings(uuid, text, integer, integer, integer, integer, integer, integer),
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
    public.door_bundle(uuid, bigint, boolean),
    public.sync_door_scans(uuid, jsonb)
TO authenticated, service_role;

-- Server-side code only: the payment providers' webhook secrets.
GRANT EXECUTE ON FUNCTION public.set_payment_webhook_secret(text, text) TO service_role;

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

-- The policy helpers, to the roles whose policies call them (sql/security.sql).
GRANT EXECUTE ON FUNCTION
    fashionos.my_org_id(), fashionos.my_role(), fashionos.my_write_org_id(), fashionos.my_admin_org_id(),
    fashionos.my_org_plan(), fashionos.my_org_user_ids(), fashionos.my_model_profile_ids(),
    fashionos.my_designer_profile_ids(), fashionos.event_on_sale(uuid)
TO authenticated;
GRANT EXECUTE ON FUNCTION fashionos.event_on_sale(uuid) TO anon;

-- Maintenance for server-side code.
GRANT EXECUTE ON FUNCTION fashionos.rebuild_bookings() TO service_role;
