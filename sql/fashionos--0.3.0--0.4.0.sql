\echo Use "ALTER EXTENSION fashionos UPDATE TO '0.4.0'" to load this file. \quit
-- fashionos 0.3.0 -> 0.4.0, written by scripts/make-upgrade.py from the catalogs of
-- a fresh 0.3.0 and a fresh 0.4.0; tests/drills/upgrade.sh checks that an updated
-- database has the catalog of a fresh install.

-- 1. Tables and indexes (sql/upgrades/)
-- Hand-written part of the update from 0.3.0 to 0.4.0 (scripts/make-upgrade.py puts it first).

-- The resource types an option may name are fashionos.bookable_types() (sql/availability.sql), no
-- longer a list of the constraint's own, and the types and tables of the resources are
-- fashionos.resource_map() (sql/access.sql). Both are created here because the constraint needs
-- them; the functions part of the script replaces them with the same definitions.
CREATE FUNCTION fashionos.resource_map()
    RETURNS TABLE (resource_type text, resource_table text, user_column text, availability_table text, availability_column text)
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = ''
    AS $$
    VALUES ('venue', 'public.venues', 'owner_id', 'public.venue_availability', 'venue_id'),
           ('model', 'public.model_profiles', 'user_id', 'public.model_availability', 'model_profile_id'),
           ('designer', 'public.designer_profiles', 'user_id', 'public.designer_availability', 'designer_profile_id'),
           ('stakeholder', 'public.stakeholders', 'user_id', NULL, NULL)
$$;
CREATE FUNCTION fashionos.bookable_types() RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = ''
    AS $$ SELECT pg_catalog.array_agg(m.resource_type) FROM fashionos.resource_map() m WHERE m.availability_table IS NOT NULL $$;
ALTER TABLE fashionos.options DROP CONSTRAINT options_resource_type_check,
    ADD CONSTRAINT options_resource_type_check CHECK (resource_type = ANY (fashionos.bookable_types()));

-- The triggers of the availability tables and of the resources find their resource type in
-- fashionos.resource_map() rather than in arguments of their own.
CREATE OR REPLACE TRIGGER venue_availability_ledger AFTER INSERT OR UPDATE OR DELETE ON public.venue_availability
    FOR EACH ROW EXECUTE FUNCTION fashionos.availability_to_ledger();
CREATE OR REPLACE TRIGGER model_availability_ledger AFTER INSERT OR UPDATE OR DELETE ON public.model_availability
    FOR EACH ROW EXECUTE FUNCTION fashionos.availability_to_ledger();
CREATE OR REPLACE TRIGGER designer_availability_ledger AFTER INSERT OR UPDATE OR DELETE ON public.designer_availability
    FOR EACH ROW EXECUTE FUNCTION fashionos.availability_to_ledger();
CREATE OR REPLACE TRIGGER venues_guard_delete BEFORE DELETE ON public.venues
    FOR EACH ROW EXECUTE FUNCTION fashionos.guard_resource_delete();
CREATE OR REPLACE TRIGGER model_profiles_guard_delete BEFORE DELETE ON public.model_profiles
    FOR EACH ROW EXECUTE FUNCTION fashionos.guard_resource_delete();
CREATE OR REPLACE TRIGGER designer_profiles_guard_delete BEFORE DELETE ON public.designer_profiles
    FOR EACH ROW EXECUTE FUNCTION fashionos.guard_resource_delete();

-- How long a waitlist offer waits for its claim is a setting of each event.
ALTER TABLE fashionos.event_settings
    ADD COLUMN waitlist_offer_minutes integer NOT NULL DEFAULT 60 CHECK (waitlist_offer_minutes BETWEEN 1 AND 10080);
ALTER TYPE public.event_settings_values ADD ATTRIBUTE waitlist_offer_minutes integer;

COMMENT ON TABLE fashionos.event_settings IS 'Per-event settings: the time zone in which DATE + time-slot columns (event_rehearsals, call_times) are read, the minimum walk-order gap between two looks of one model, how long a ticket hold lasts, how long a call time books a model, the limits per buyer of its ticket sales, and how long a waitlist offer waits for its claim. An event without a row uses the defaults.';
COMMENT ON COLUMN fashionos.event_settings.time_zone IS 'IANA time zone of the event; DATE + time-slot pairs are read in it.';
COMMENT ON COLUMN fashionos.event_settings.walk_min_gap IS 'Minimum distance in looks between two walks of one model (with 5, positions 3 and 8 are fine, 3 and 7 are too close).';
COMMENT ON COLUMN fashionos.event_settings.hold_minutes IS 'How long reserved, unpaid tickets hold inventory, in minutes.';
COMMENT ON COLUMN fashionos.event_settings.call_time_minutes IS 'How long a call time books the model or crew member from the call, in minutes.';
COMMENT ON COLUMN fashionos.event_settings.buyer_max_tickets IS 'At most this many live tickets (held, confirmed or attended) of the event per attendee e-mail (lower-case, trimmed). The event''s organizers and server-side code are exempt.';
COMMENT ON COLUMN fashionos.event_settings.buyer_max_tickets_per_tier IS 'At most this many live tickets of one tier of the event per attendee e-mail.';
COMMENT ON COLUMN fashionos.event_settings.buyer_max_holds IS 'At most this many unpaid tickets on hold (not expired) of the event per attendee e-mail.';
COMMENT ON COLUMN fashionos.event_settings.waitlist_offer_minutes IS 'How long a waitlist offer holds its ticket for the claim, in minutes; a claimed offer then holds it for hold_minutes, for the payment.';

-- 2. New result types
CREATE TYPE public.waitlist_entry AS (
    entry_id uuid,
    ticket_tier_id uuid,
    event_id uuid,
    attendee_email text,
    attendee_name text,
    status text,
    "position" integer,
    registration_id uuid,
    offer_expires_at timestamp with time zone,
    joined_at timestamp with time zone,
    claim_token text
);
COMMENT ON TYPE public.waitlist_entry IS 'A waitlist entry (join_waitlist, waitlist_status, leave_waitlist, list_waitlist): the tier and event, the attendee, its status (waiting, offered, claimed, lapsed, left), its position among the waiting entries of the tier (1 = next; null when not waiting), the registration an offer holds and until when it holds it, when it joined, and the claim token (join_waitlist only: returned once, stored hashed).';
CREATE TYPE public.waitlist_offer_notice AS (
    entry_id uuid,
    event_id uuid,
    event_name text,
    ticket_tier_id uuid,
    tier_name text,
    user_id uuid,
    attendee_email text,
    attendee_name text,
    offer_expires_at timestamp with time zone
);
COMMENT ON TYPE public.waitlist_offer_notice IS 'The notice of a waitlist offer (take_waitlist_offers): the entry, its event and tier, the waiter (user if signed in, e-mail and name) and the deadline of the offer.';

-- 3. Functions that go, or whose arguments or result change
DROP FUNCTION fashionos.set_event_settings(p_event_id uuid, p_time_zone text, p_walk_min_gap integer, p_hold_minutes integer, p_call_time_minutes integer, p_buyer_max_tickets integer, p_buyer_max_tickets_per_tier integer, p_buyer_max_holds integer);
DROP FUNCTION fashionos.settings_for(p_event_id uuid);
DROP FUNCTION public.set_event_settings(p_event_id uuid, p_time_zone text, p_walk_min_gap integer, p_hold_minutes integer, p_call_time_minutes integer, p_buyer_max_tickets integer, p_buyer_max_tickets_per_tier integer, p_buyer_max_holds integer);

-- 4. New and changed functions
CREATE OR REPLACE FUNCTION fashionos.availability_to_ledger()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
DECLARE
    v_booking boolean;
    v record;  -- the table's row of fashionos.resource_map
BEGIN
    SELECT * INTO STRICT v FROM fashionos.resource_map() m
     WHERE m.availability_table = pg_catalog.format('%I.%I', TG_TABLE_SCHEMA, TG_TABLE_NAME);
    PERFORM fashionos.forget_booking(TG_OP, TG_TABLE_NAME, OLD.id, NEW.id);
    IF TG_OP <> 'DELETE' THEN
        v_booking := NEW.status <> 'available';
        PERFORM fashionos.put_booking(
            TG_TABLE_NAME, NEW.id, v.resource_type,
            CASE WHEN v_booking THEN (pg_catalog.to_jsonb(NEW) ->> v.availability_column)::uuid END,
            CASE WHEN v_booking THEN pg_catalog.tstzrange(NEW.start_time, NEW.end_time, '[)') END,
            CASE WHEN v_booking THEN NEW.status END,
            NEW.event_id);
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
    END IF;
    RETURN NULL;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.book_resource(p_resource_type text, p_resource_id uuid, p_event_id uuid, p_start timestamp with time zone, p_end timestamp with time zone, p_status text DEFAULT 'booked'::text)
 RETURNS uuid
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
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
    PERFORM fashionos.check_booking_range(p_start, p_end);
    IF p_status IS NULL OR p_status NOT IN ('booked', 'tentative') THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'unknown booking status',
            DETAIL = pg_catalog.format('%L is not a booking status.', p_status),
            HINT = 'booked (exclusive) or tentative (a hold that may overlap).';
    END IF;
    PERFORM fashionos.require_runs_event(p_event_id, 'not allowed to book for this event',
                                         'Organizers, admins and owners of the event''s organization book for it.');
    PERFORM fashionos.require_resource(p_resource_type, p_resource_id);
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
CREATE OR REPLACE FUNCTION fashionos.buyer_key(p_email text)
 RETURNS text
 LANGUAGE c
 IMMUTABLE PARALLEL SAFE STRICT
 SET search_path TO 'pg_catalog', 'pg_temp'
AS '$libdir/fashionos', $function$buyer_key_wrapper$function$;
CREATE OR REPLACE FUNCTION fashionos.buyer_live_tickets(p_event_id uuid, p_buyer_key text, p_ticket_tier_id uuid)
 RETURNS integer[]
 LANGUAGE c
 STABLE PARALLEL RESTRICTED STRICT
 SET search_path TO 'pg_catalog', 'pg_temp'
AS '$libdir/fashionos', $function$buyer_live_tickets_wrapper$function$;
CREATE OR REPLACE FUNCTION fashionos.buyer_lock_key(p_event_id uuid, p_buyer_key text)
 RETURNS bigint
 LANGUAGE c
 IMMUTABLE PARALLEL SAFE STRICT
 SET search_path TO 'pg_catalog', 'pg_temp'
AS '$libdir/fashionos', $function$buyer_lock_key_wrapper$function$;
CREATE OR REPLACE FUNCTION fashionos.call_times_to_ledger()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$ BEGIN PERFORM fashionos.forget_booking(TG_OP, TG_TABLE_NAME, OLD.id, NEW.id);
              PERFORM fashionos.sync_call_time_booking(NEW) WHERE TG_OP <> 'DELETE'; RETURN NULL; END $function$;
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
CREATE OR REPLACE FUNCTION fashionos.caller_is_resource(p_resource_type text, p_resource_id uuid)
 RETURNS boolean
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
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
CREATE OR REPLACE FUNCTION fashionos.caller_sees_resource(p_resource_type text, p_resource_id uuid)
 RETURNS boolean
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
DECLARE
    v_exists boolean;
    v_user uuid;
    v_me uuid := auth.uid();
    v_org uuid;
BEGIN
    SELECT r.resource_exists, r.resource_user_id INTO v_exists, v_user
      FROM fashionos.resource_user(p_resource_type, p_resource_id) r;
    IF NOT v_exists THEN
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
CREATE OR REPLACE FUNCTION fashionos.check_bookable_type(p_resource_type text, p_what text, p_hint_tail text DEFAULT ''::text)
 RETURNS void
 LANGUAGE plpgsql
 IMMUTABLE
 SET search_path TO ''
AS $function$
BEGIN
    IF p_resource_type IS NULL OR NOT p_resource_type = ANY (fashionos.bookable_types()) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'unknown resource type',
            DETAIL = pg_catalog.format('%L is not a resource type that can be %s.', p_resource_type, p_what),
            HINT = pg_catalog.format('One of %s%s.', pg_catalog.array_to_string(fashionos.bookable_types(), ', '), p_hint_tail);
    END IF;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.confirm_option(p_option_id uuid)
 RETURNS SETOF public.booking_option
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
DECLARE
    v fashionos.options;
    v_rank integer;
    v_date date;
    v_booking uuid;
BEGIN
    v := fashionos.option_to_decide(p_option_id);
    PERFORM fashionos.require_consent_of(v, 'confirm', 'confirmed', 'Ask the talent, the venue owner or the agency to confirm it.');
    v := fashionos.option_to_change(v, 'confirmed', '{open}', 'The organizer requests a new option.');
    IF v.status = 'confirmed' THEN
        RETURN NEXT fashionos.option_row(v);  -- confirmed already: the same answer
        RETURN;
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
CREATE OR REPLACE FUNCTION fashionos.decline_option(p_option_id uuid)
 RETURNS SETOF public.booking_option
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
DECLARE
    v fashionos.options;
BEGIN
    v := fashionos.option_to_decide(p_option_id);
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
CREATE OR REPLACE FUNCTION fashionos.email_is_plausible(p_email text)
 RETURNS boolean
 LANGUAGE c
 IMMUTABLE PARALLEL SAFE STRICT
 SET search_path TO 'pg_catalog', 'pg_temp'
AS '$libdir/fashionos', $function$email_is_plausible_wrapper$function$;
CREATE OR REPLACE FUNCTION fashionos.event_on_sale(p_event_id uuid)
 RETURNS boolean
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
BEGIN
    RETURN EXISTS (SELECT 1 FROM public.events AS e
                    WHERE e.id = p_event_id AND e.status = ANY (fashionos.on_sale_statuses()));
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.event_rehearsals_to_ledger()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$ BEGIN PERFORM fashionos.forget_booking(TG_OP, TG_TABLE_NAME, OLD.id, NEW.id);
              PERFORM fashionos.sync_rehearsal_booking(NEW) WHERE TG_OP <> 'DELETE'; RETURN NULL; END $function$;
CREATE OR REPLACE FUNCTION fashionos.forget_booking(p_op text, p_source_table text, p_old_id uuid, p_new_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
BEGIN
    IF p_op = 'DELETE' OR (p_op = 'UPDATE' AND p_old_id <> p_new_id) THEN
        DELETE FROM fashionos.bookings b WHERE b.source_table = p_source_table AND b.source_id = p_old_id;
    END IF;
END
$function$;
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
                        s.buyer_max_tickets, s.buyer_max_tickets_per_tier, s.buyer_max_holds, s.waitlist_offer_minutes
                   FROM fashionos.settings_for(p_event_id) s;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.guard_resource_delete()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
DECLARE
    v_type text;
    v_user uuid;
    v_org uuid;
    v_bookings bigint;
    v_options bigint;
BEGIN
    SELECT m.resource_type, (pg_catalog.to_jsonb(OLD) ->> m.user_column)::uuid INTO STRICT v_type, v_user
      FROM fashionos.resource_map() m WHERE m.resource_table = pg_catalog.format('%I.%I', TG_TABLE_SCHEMA, TG_TABLE_NAME);
    SELECT u.organization_id INTO v_org FROM public.users u WHERE u.id = v_user;
    SELECT pg_catalog.count(*) INTO v_bookings
      FROM fashionos.bookings b JOIN public.events e ON e.id = b.event_id
     WHERE b.resource_type = v_type AND b.resource_id = OLD.id
       AND pg_catalog.upper(b.during) > pg_catalog.now()
       AND e.organization_id IS DISTINCT FROM v_org;
    SELECT pg_catalog.count(*) INTO v_options
      FROM fashionos.options o
     WHERE o.resource_type = v_type AND o.resource_id = OLD.id
       AND o.status IN ('open', 'confirmed') AND fashionos.option_is_live(o)
       AND pg_catalog.upper(o.during) > pg_catalog.now()
       AND o.organization_id IS DISTINCT FROM v_org;
    IF v_bookings + v_options > 0 THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409',
            MESSAGE = pg_catalog.format('%s has plans of other organizations', v_type),
            DETAIL = pg_catalog.format('%s %s has %s future bookings and %s live options of other organizations.',
                                       v_type, OLD.id, v_bookings, v_options),
            HINT = 'Decline the options (decline_option) and ask the organizations to release their bookings first; then delete.';
    END IF;
    DELETE FROM fashionos.options o WHERE o.resource_type = v_type AND o.resource_id = OLD.id;
    RETURN OLD;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.insert_availability(p_resource_type text, p_resource_id uuid, p_event_id uuid, p_date date, p_during tstzrange, p_status text)
 RETURNS uuid
 LANGUAGE plpgsql
 SET search_path TO ''
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
CREATE OR REPLACE FUNCTION fashionos.issue_ticket_token(p_registration_id uuid, p_event_id uuid)
 RETURNS text
 LANGUAGE c
 STRICT
 SET search_path TO 'pg_catalog', 'pg_temp'
AS '$libdir/fashionos', $function$issue_ticket_token_wrapper$function$;
CREATE OR REPLACE FUNCTION fashionos.list_options(p_resource_type text DEFAULT NULL::text, p_resource_id uuid DEFAULT NULL::uuid, p_event_id uuid DEFAULT NULL::uuid)
 RETURNS SETOF public.booking_option
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
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
$function$;
CREATE OR REPLACE FUNCTION fashionos.my_admin_org_id()
 RETURNS uuid
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$ BEGIN RETURN fashionos.my_org_id_as('{owner,admin}'); END $function$;
CREATE OR REPLACE FUNCTION fashionos.my_org_id_as(p_roles text[])
 RETURNS uuid
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$ BEGIN RETURN (SELECT u.organization_id FROM public.users AS u WHERE u.id = auth.uid() AND u.role = ANY (p_roles)); END $function$;
CREATE OR REPLACE FUNCTION fashionos.my_write_org_id()
 RETURNS uuid
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$ BEGIN RETURN fashionos.my_org_id_as('{owner,admin,organizer}'); END $function$;
CREATE OR REPLACE FUNCTION fashionos.on_availability(p_resource_type text, p_sql text, p_id uuid)
 RETURNS uuid
 LANGUAGE plpgsql
 SET search_path TO ''
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
 SET search_path TO ''
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
        HINT = p_hint;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.option_to_decide(p_option_id uuid)
 RETURNS fashionos.options
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
BEGIN
    IF p_option_id IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'p_option_id is required', DETAIL = 'p_option_id was null.',
            HINT = 'Pass the option_id that request_option or list_options returned.';
    END IF;
    RETURN fashionos.visible_option(p_option_id);
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.rebuild_bookings()
 RETURNS bigint
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
DECLARE
    v record;  -- a row of fashionos.resource_map
    v_count bigint;
    v_detail text;
BEGIN
    -- writers of the sources write the ledger too: hold them off until the rebuild commits
    LOCK TABLE fashionos.bookings IN EXCLUSIVE MODE;
    DELETE FROM fashionos.bookings;
    BEGIN
        -- the availability tables, in the order of fashionos.resource_map
        FOR v IN SELECT * FROM fashionos.resource_map() m WHERE m.availability_table IS NOT NULL LOOP
            EXECUTE pg_catalog.format(
                'INSERT INTO fashionos.bookings (source_table, source_id, resource_type, resource_id, during, status, event_id)
                 SELECT %L, a.id, %L, a.%I, pg_catalog.tstzrange(a.start_time, a.end_time, ''[)''), a.status, a.event_id
                   FROM %s AS a WHERE a.status <> ''available''',
                (pg_catalog.parse_ident(v.availability_table))[2], v.resource_type, v.availability_column,
                v.availability_table);
        END LOOP;
        INSERT INTO fashionos.bookings (source_table, source_id, resource_type, resource_id, during, status, event_id)
        SELECT 'call_times', ct.id,
               CASE WHEN ct.model_profile_id IS NOT NULL THEN 'model' ELSE 'stakeholder' END,
               coalesce(ct.model_profile_id, ct.stakeholder_id),
               fashionos.call_time_range(ct.date, ct.time, s.call_time_minutes, s.time_zone), 'booked', ct.event_id
          FROM public.call_times ct CROSS JOIN LATERAL fashionos.settings_for(ct.event_id) s
        UNION ALL
        SELECT 'event_rehearsals', r.id, 'venue', rv.venue_id,
               fashionos.time_slot_range(r.date, r.time_slot, s.time_zone), rv.status, r.event_id
          FROM public.event_rehearsals r
          CROSS JOIN LATERAL fashionos.settings_for(r.event_id) s
          CROSS JOIN LATERAL fashionos.rehearsal_venue(r.event_id, r.location) rv;
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
CREATE OR REPLACE FUNCTION fashionos.register_config_dumps()
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
DECLARE
    v_table regclass;
BEGIN
    -- one statement per table: each call rewrites the extension's pg_extension row
    FOR v_table IN SELECT t FROM fashionos.member_relations('{r,S}') AS t
                    WHERE t <> ALL ('{fashionos.bookings, fashionos.door_changes}'::pg_catalog.regclass[]) LOOP
        PERFORM pg_catalog.pg_extension_config_dump(v_table, '');
    END LOOP;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.registration_attendee()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
BEGIN
    NEW.attendee_email := fashionos.buyer_key(NEW.attendee_email);
    NEW.attendee_name := fashionos.trim_white_space(NEW.attendee_name);
    IF NOT fashionos.email_is_plausible(NEW.attendee_email) THEN
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
$function$;
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
    PERFORM fashionos.check_bookable_type(p_resource_type, 'booked for an event');
    v_event := fashionos.on_availability(p_resource_type, 'SELECT a.event_id FROM %s AS a WHERE a.id = $1', p_booking_id);
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
    PERFORM fashionos.on_availability(p_resource_type, 'DELETE FROM %s AS a WHERE a.id = $1 RETURNING a.id', p_booking_id);
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.release_option(p_option_id uuid)
 RETURNS SETOF public.booking_option
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
DECLARE
    v fashionos.options;
BEGIN
    v := fashionos.option_to_decide(p_option_id);
    IF NOT fashionos.caller_runs_event(v.event_id) THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'not allowed to release this option',
            DETAIL = pg_catalog.format('The caller is not an owner, admin or organizer of the organization of event %s.', v.event_id),
            HINT = 'The requesting organization releases its options; the talent or venue owner declines them with decline_option.';
    END IF;
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
CREATE OR REPLACE FUNCTION fashionos.request_option(p_resource_type text, p_resource_id uuid, p_event_id uuid, p_start timestamp with time zone, p_end timestamp with time zone, p_expires_at timestamp with time zone DEFAULT NULL::timestamp with time zone)
 RETURNS SETOF public.booking_option
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
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
    PERFORM fashionos.check_booking_range(p_start, p_end);
    IF v_expires <= pg_catalog.now() OR v_expires > pg_catalog.now() + fashionos.option_max_expiry() THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'expiry out of range',
            DETAIL = pg_catalog.format('An option expires after now and within %s, not at %s.', fashionos.option_max_expiry(), v_expires),
            HINT = 'Pass p_expires_at in the next 30 days, or null for 72 hours.';
    END IF;
    PERFORM fashionos.require_runs_event(p_event_id, 'not allowed to request options for this event',
                                         'Organizers, admins and owners of the event''s organization request options for it.');
    PERFORM fashionos.require_resource(p_resource_type, p_resource_id);
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
$function$;
CREATE OR REPLACE FUNCTION fashionos.require_consent_of(p_option fashionos.options, p_verb text, p_done text, p_hint text)
 RETURNS void
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
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
CREATE OR REPLACE FUNCTION fashionos.require_resource(p_resource_type text, p_resource_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
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
 SET search_path TO ''
AS $function$
DECLARE
    v_relation text := fashionos.caller_event_relation(p_event_id);
BEGIN
    IF v_relation = 'none' THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'event not found',
            DETAIL = pg_catalog.format('No event with id %s is visible to the caller.', p_event_id),
            HINT = 'Check the id, and that the caller belongs to the organization that owns it.';
    ELSIF v_relation <> 'runs' THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = p_message,
            DETAIL = pg_catalog.format('The caller is not an owner, admin or organizer of the organization of event %s.', p_event_id),
            HINT = p_hint;
    END IF;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.reservation_rows(p_registration_ids uuid[])
 RETURNS SETOF public.ticket_reservation
 LANGUAGE c
 STABLE PARALLEL RESTRICTED STRICT
 SET search_path TO 'pg_catalog', 'pg_temp'
AS '$libdir/fashionos', $function$reservation_rows_wrapper$function$;
CREATE OR REPLACE FUNCTION fashionos.resource_user(p_resource_type text, p_resource_id uuid, OUT resource_exists boolean, OUT resource_user_id uuid)
 RETURNS record
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
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
CREATE OR REPLACE FUNCTION fashionos.set_event_settings(p_event_id uuid, p_time_zone text DEFAULT NULL::text, p_walk_min_gap integer DEFAULT NULL::integer, p_hold_minutes integer DEFAULT NULL::integer, p_call_time_minutes integer DEFAULT NULL::integer, p_buyer_max_tickets integer DEFAULT NULL::integer, p_buyer_max_tickets_per_tier integer DEFAULT NULL::integer, p_buyer_max_holds integer DEFAULT NULL::integer, p_waitlist_offer_minutes integer DEFAULT NULL::integer)
 RETURNS SETOF public.event_settings_values
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
DECLARE
    v_relation text := fashionos.caller_event_relation(p_event_id);
    v_now record;  -- the settings in force: the event's row, or the column defaults
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
    SELECT * INTO v_now FROM fashionos.settings_for(p_event_id);
    INSERT INTO fashionos.event_settings AS s (event_id, time_zone, walk_min_gap, hold_minutes, call_time_minutes,
                                               buyer_max_tickets, buyer_max_tickets_per_tier, buyer_max_holds,
                                               waitlist_offer_minutes)
    VALUES (p_event_id, coalesce(p_time_zone, v_now.time_zone), coalesce(p_walk_min_gap, v_now.walk_min_gap),
            coalesce(p_hold_minutes, v_now.hold_minutes), coalesce(p_call_time_minutes, v_now.call_time_minutes),
            coalesce(p_buyer_max_tickets, v_now.buyer_max_tickets),
            coalesce(p_buyer_max_tickets_per_tier, v_now.buyer_max_tickets_per_tier),
            coalesce(p_buyer_max_holds, v_now.buyer_max_holds),
            coalesce(p_waitlist_offer_minutes, v_now.waitlist_offer_minutes))
    ON CONFLICT ON CONSTRAINT event_settings_pkey DO UPDATE
       SET time_zone = coalesce(p_time_zone, s.time_zone),
           walk_min_gap = coalesce(p_walk_min_gap, s.walk_min_gap),
           hold_minutes = coalesce(p_hold_minutes, s.hold_minutes),
           call_time_minutes = coalesce(p_call_time_minutes, s.call_time_minutes),
           buyer_max_tickets = coalesce(p_buyer_max_tickets, s.buyer_max_tickets),
           buyer_max_tickets_per_tier = coalesce(p_buyer_max_tickets_per_tier, s.buyer_max_tickets_per_tier),
           buyer_max_holds = coalesce(p_buyer_max_holds, s.buyer_max_holds),
           waitlist_offer_minutes = coalesce(p_waitlist_offer_minutes, s.waitlist_offer_minutes);
    RETURN QUERY SELECT * FROM fashionos.get_event_settings(p_event_id);
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.settled_option(p_option fashionos.options)
 RETURNS fashionos.options
 LANGUAGE plpgsql
 SET search_path TO ''
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
CREATE OR REPLACE FUNCTION fashionos.token_hash(token text)
 RETURNS bytea
 LANGUAGE c
 IMMUTABLE PARALLEL SAFE STRICT
 SET search_path TO 'pg_catalog', 'pg_temp'
AS '$libdir/fashionos', $function$token_hash_sql_wrapper$function$;
CREATE OR REPLACE FUNCTION fashionos.trim_white_space(p_text text)
 RETURNS text
 LANGUAGE c
 IMMUTABLE PARALLEL SAFE STRICT
 SET search_path TO 'pg_catalog', 'pg_temp'
AS '$libdir/fashionos', $function$trim_white_space_wrapper$function$;
CREATE OR REPLACE FUNCTION fashionos.bookable_types()
 RETURNS text[]
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
 SET search_path TO ''
AS $function$ SELECT pg_catalog.array_agg(m.resource_type) FROM fashionos.resource_map() m WHERE m.availability_table IS NOT NULL $function$;
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
     WHERE e.status = ANY (fashionos.on_sale_statuses())
       AND (e.end_date IS NULL OR e.end_date >= coalesce(p_from, now()))
       AND e.start_date >= coalesce(p_from, now()) - interval '1 day'
       AND (p_organization_slug IS NULL OR o.slug = p_organization_slug)
     GROUP BY e.id, o.id
     ORDER BY e.start_date, e.id
$function$;
CREATE OR REPLACE FUNCTION fashionos.member_relations(p_kinds "char"[], p_schemas regnamespace[] DEFAULT NULL::regnamespace[])
 RETURNS SETOF regclass
 LANGUAGE sql
 STABLE
 SET search_path TO ''
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
 SET search_path TO ''
AS $function$ SELECT '{planning,active}'::text[] $function$;
CREATE OR REPLACE FUNCTION fashionos.resource_map()
 RETURNS TABLE(resource_type text, resource_table text, user_column text, availability_table text, availability_column text)
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
 SET search_path TO ''
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
 SET search_path TO ''
AS $function$
    SELECT m.resource_table::pg_catalog.regclass, m.user_column::name,
           m.availability_table::pg_catalog.regclass, m.availability_column::name
      FROM fashionos.resource_map() m
     WHERE m.resource_type = p_resource_type
$function$;
CREATE OR REPLACE FUNCTION fashionos.settings_for(p_event_id uuid)
 RETURNS TABLE(time_zone text, walk_min_gap integer, hold_minutes integer, call_time_minutes integer, buyer_max_tickets integer, buyer_max_tickets_per_tier integer, buyer_max_holds integer, waitlist_offer_minutes integer)
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$ SELECT coalesce(s.time_zone, 'UTC'::text), coalesce(s.walk_min_gap, 5), coalesce(s.hold_minutes, 15), coalesce(s.call_time_minutes, 240), coalesce(s.buyer_max_tickets, 20), coalesce(s.buyer_max_tickets_per_tier, 10), coalesce(s.buyer_max_holds, 10), coalesce(s.waitlist_offer_minutes, 60) FROM (SELECT 1) AS one LEFT JOIN fashionos.event_settings s ON s.event_id = p_event_id $function$;
CREATE OR REPLACE FUNCTION public.set_event_settings(p_event_id uuid, p_time_zone text DEFAULT NULL::text, p_walk_min_gap integer DEFAULT NULL::integer, p_hold_minutes integer DEFAULT NULL::integer, p_call_time_minutes integer DEFAULT NULL::integer, p_buyer_max_tickets integer DEFAULT NULL::integer, p_buyer_max_tickets_per_tier integer DEFAULT NULL::integer, p_buyer_max_holds integer DEFAULT NULL::integer, p_waitlist_offer_minutes integer DEFAULT NULL::integer)
 RETURNS SETOF public.event_settings_values
 LANGUAGE sql
 SET search_path TO ''
AS $function$ SELECT * FROM fashionos.set_event_settings(p_event_id, p_time_zone, p_walk_min_gap, p_hold_minutes, p_call_time_minutes,
                                                     p_buyer_max_tickets, p_buyer_max_tickets_per_tier, p_buyer_max_holds,
                                                     p_waitlist_offer_minutes) $function$;
COMMENT ON FUNCTION fashionos.buyer_key(p_email text) IS 'An attendee e-mail as registrations store it and the limits per buyer count it: without the white space around it, lower-case.';
COMMENT ON FUNCTION fashionos.buyer_live_tickets(p_event_id uuid, p_buyer_key text, p_ticket_tier_id uuid) IS 'A buyer''s live tickets (confirmed, attended, or held and not expired) of an event, as the limits per buyer count them: {of the event, of the tier, unpaid on hold}.';
COMMENT ON FUNCTION fashionos.buyer_lock_key(p_event_id uuid, p_buyer_key text) IS 'The key of a buyer''s advisory lock for an event (reserve_tickets and join_waitlist take it before counting the limits per buyer).';
COMMENT ON FUNCTION fashionos.check_bookable_type(p_resource_type text, p_what text, p_hint_tail text) IS 'Refuses (22023) a resource type outside fashionos.bookable_types().';
COMMENT ON FUNCTION fashionos.email_is_plausible(p_email text) IS 'True when the text, white space around it aside, is a plausible e-mail address: one @, a dot in the domain, no spaces, at most 320 bytes. The rule reserve_tickets, direct edits of registrations and join_waitlist apply.';
COMMENT ON FUNCTION fashionos.event_on_sale(p_event_id uuid) IS 'True when the event sells tickets (its status is one of fashionos.on_sale_statuses()); its ticket tiers are public.';
COMMENT ON FUNCTION fashionos.forget_booking(p_op text, p_source_table text, p_old_id uuid, p_new_id uuid) IS 'For the ledger triggers: removes the ledger row of a source row that was deleted or whose id changed.';
COMMENT ON FUNCTION fashionos.insert_availability(p_resource_type text, p_resource_id uuid, p_event_id uuid, p_date date, p_during tstzrange, p_status text) IS 'Writes the venue_availability, model_availability or designer_availability row of a booking; returns its id.';
COMMENT ON FUNCTION fashionos.issue_ticket_token(p_registration_id uuid, p_event_id uuid) IS NULL;
COMMENT ON FUNCTION fashionos.my_org_id_as(p_roles text[]) IS 'The caller''s organization when his role in it is one of p_roles, else NULL (my_write_org_id, my_admin_org_id).';
COMMENT ON FUNCTION fashionos.on_availability(p_resource_type text, p_sql text, p_id uuid) IS 'Runs a statement on the availability table of a resource type (venue_availability, model_availability or designer_availability) for one row; returns its answer.';
COMMENT ON FUNCTION fashionos.option_to_change(p_option fashionos.options, p_done text, p_from text[], p_hint text) IS 'The settled option that confirm_option, decline_option or release_option change: PT409 unless it is in a status it may leave, or done already.';
COMMENT ON FUNCTION fashionos.option_to_decide(p_option_id uuid) IS 'The option that confirm_option, decline_option or release_option acts on: 22023 without an id, PT404 when not visible.';
COMMENT ON FUNCTION fashionos.register_config_dumps() IS 'Registers every table and sequence of the extension but the derived ones (fashionos.bookings, fashionos.door_changes) with pg_extension_config_dump, so that pg_dump dumps their rows. Only from the extension''s own scripts.';
COMMENT ON FUNCTION fashionos.require_consent_of(p_option fashionos.options, p_verb text, p_done text, p_hint text) IS 'Refuses (42501) unless the caller is the option''s resource (talent, venue owner) or server-side code.';
COMMENT ON FUNCTION fashionos.require_resource(p_resource_type text, p_resource_id uuid) IS 'Refuses (PT404) a venue, model profile or designer profile that does not exist.';
COMMENT ON FUNCTION fashionos.require_runs_event(p_event_id uuid, p_message text, p_hint text) IS 'Refuses unless the caller runs the event: PT404 for an event it does not see, 42501 for a member who does not run it.';
COMMENT ON FUNCTION fashionos.reservation_rows(p_registration_ids uuid[]) IS 'The reservation rows (public.ticket_reservation) of registrations, in the given order, as they are now: what reserve_tickets and claim_waitlist_offer answer.';
COMMENT ON FUNCTION fashionos.resource_user(p_resource_type text, p_resource_id uuid, OUT resource_exists boolean, OUT resource_user_id uuid) IS 'Whether a venue, model, designer or stakeholder exists, and the user behind it (the venue''s owner, the profile''s or stakeholder''s user).';
COMMENT ON FUNCTION fashionos.set_event_settings(p_event_id uuid, p_time_zone text, p_walk_min_gap integer, p_hold_minutes integer, p_call_time_minutes integer, p_buyer_max_tickets integer, p_buyer_max_tickets_per_tier integer, p_buyer_max_holds integer, p_waitlist_offer_minutes integer) IS 'Implementation of public.set_event_settings: for the event''s organizers (42501 for other members, PT404 for others).';
COMMENT ON FUNCTION fashionos.settled_option(p_option fashionos.options) IS 'Takes the lock of the option''s resource, settles its options (expiries, promotions) and reads the option again.';
COMMENT ON FUNCTION fashionos.token_hash(token text) IS NULL;
COMMENT ON FUNCTION fashionos.trim_white_space(p_text text) IS 'The text without the white space around it (Unicode White_Space): how attendee names and e-mails are trimmed.';
COMMENT ON FUNCTION fashionos.bookable_types() IS 'The resource types book_resource books and request_option options: venue, model, designer (each with an availability table of its own).';
COMMENT ON FUNCTION fashionos.member_relations(p_kinds "char"[], p_schemas regnamespace[]) IS 'The relations of the given kinds (pg_class.relkind) and schemas (NULL: all) that are members of the fashionos extension (pg_depend), in creation order.';
COMMENT ON FUNCTION fashionos.on_sale_statuses() IS 'The event statuses in which an event sells tickets (planning, active).';
COMMENT ON FUNCTION fashionos.resource_map() IS 'Every resource type with its tables: its resources (and the column of the user behind one), and the availability table that books it (and its resource column).';
COMMENT ON FUNCTION fashionos.resource_tables(p_resource_type text) IS 'The tables of a resource type (fashionos.resource_map): its resources (and the column of the user behind one), and the availability table that books it (and its resource column).';
COMMENT ON FUNCTION fashionos.settings_for(p_event_id uuid) IS 'The settings in force for an event: its event_settings row, or the column defaults of fashionos.event_settings.';
COMMENT ON FUNCTION public.get_event_settings(p_event_id uuid) IS 'The settings in force for an event: time zone, minimum walk-order gap in looks, ticket hold minutes, call time minutes, the limits per buyer (attendee e-mail, lower-case and trimmed): live tickets of the event, live tickets of one tier, unpaid tickets on hold; and the minutes a waitlist offer waits for its claim. An event that never set them gets the defaults (this function is where clients read them). For members of the event''s organization. Errors: PT404 event not visible (404).';
COMMENT ON FUNCTION public.set_event_settings(p_event_id uuid, p_time_zone text, p_walk_min_gap integer, p_hold_minutes integer, p_call_time_minutes integer, p_buyer_max_tickets integer, p_buyer_max_tickets_per_tier integer, p_buyer_max_holds integer, p_waitlist_offer_minutes integer) IS 'Changes an event''s settings (arguments left NULL keep their value): time zone in which rehearsal and call-time dates are read, minimum walk-order gap, ticket hold minutes, call time minutes, limits per buyer (live tickets of the event 1-10000, of one tier 1-10000, unpaid tickets on hold 1-10000), minutes a waitlist offer waits for its claim (1-10080). For the event''s organizers. Errors: PT404 (404), 42501 (401/403), 22023 unknown time zone (400), 23514 value out of range (400).';
-- sql/waitlist.sql, new in 0.4.0
-- waitlist.sql: the waitlist of a sold-out ticket tier (docs/api.md, "Waitlist").
--
-- A buyer (anon with an e-mail, or signed in) joins the waitlist of a tier that is sold out and gets
-- a secret claim token (stored hashed). One entry waits for one ticket. When a live registration of
-- the tier is cancelled by any door (hold expiry, cancel_registration, fail_payment, refund_payment),
-- the trigger below turns the freed ticket into an offer for the first waiting entry: a pending
-- registration in the waiter's name that holds the ticket until the offer's deadline, with a
-- pending payment when the tier has a price. The offer IS a hold: quantity_sold counts it (the
-- trigger adds back the ticket the release just subtracted, in the same transaction, under the
-- tier's row lock the release already holds), so a walk-in buyer finds the tier sold out while the
-- offer stands, and quantity_sold = live registrations at rest. Only the token holder (or the
-- signed-in user of the entry) claims the offer: the hold then runs for the event's hold time and
-- the buyer pays through the ordinary payment webhook (a free tier is confirmed at claim). An offer
-- not claimed (or claimed and not paid) by its deadline expires as every hold does, and the same
-- trigger passes the ticket on to the next entry. With nobody waiting the ticket goes back on sale.
-- Raising quantity_total offers the new tickets to the queue first.
--
-- Lock order, as in ticketing (src/ticketing.rs): hold row, registration, payment, tier, then
-- waitlist entries. The offer writers hold the tier's row lock, so they take turns per tier.

CREATE SEQUENCE fashionos.waitlist_seq;
CREATE TABLE fashionos.waitlist_entries (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    seq bigint NOT NULL DEFAULT nextval('fashionos.waitlist_seq'),
    ticket_tier_id uuid NOT NULL REFERENCES public.ticket_tiers(id) ON DELETE CASCADE,
    event_id uuid NOT NULL REFERENCES public.events(id) ON DELETE CASCADE,
    user_id uuid REFERENCES public.users(id) ON DELETE SET NULL,
    attendee_email text NOT NULL,
    attendee_name text NOT NULL CHECK (octet_length(attendee_name) BETWEEN 1 AND 200),
    token_hash bytea NOT NULL CHECK (octet_length(token_hash) = 32),
    status text NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'offered', 'claimed', 'lapsed', 'left')),
    joined_at timestamptz NOT NULL DEFAULT now(),
    registration_id uuid REFERENCES public.registrations(id) ON DELETE SET NULL,
    offered_at timestamptz,
    decided_at timestamptz,
    noticed_at timestamptz,
    CONSTRAINT waitlist_entries_seq_key UNIQUE (seq),
    CONSTRAINT waitlist_entries_token_hash_key UNIQUE (token_hash)
);
CREATE INDEX idx_waitlist_entries_tier_waiting ON fashionos.waitlist_entries (ticket_tier_id, seq)
    WHERE status = 'waiting';
CREATE INDEX idx_waitlist_entries_ticket_tier_id ON fashionos.waitlist_entries (ticket_tier_id);
CREATE INDEX idx_waitlist_entries_event_email ON fashionos.waitlist_entries (event_id, attendee_email);
CREATE INDEX idx_waitlist_entries_user_id ON fashionos.waitlist_entries (user_id) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX idx_waitlist_entries_registration_id ON fashionos.waitlist_entries (registration_id)
    WHERE registration_id IS NOT NULL;
CREATE INDEX idx_waitlist_entries_offers_to_notice ON fashionos.waitlist_entries (offered_at, seq)
    WHERE status = 'offered' AND noticed_at IS NULL;
ALTER SEQUENCE fashionos.waitlist_seq OWNED BY fashionos.waitlist_entries.seq;

COMMENT ON TABLE fashionos.waitlist_entries IS
    'The waitlists of sold-out ticket tiers: one entry waits for one ticket, in order of joining (seq). Read and written through join_waitlist, waitlist_status, claim_waitlist_offer, leave_waitlist, list_waitlist, and the trigger that offers freed tickets.';
COMMENT ON COLUMN fashionos.waitlist_entries.seq IS 'Order of joining: the lower, the sooner the entry gets an offer.';
COMMENT ON COLUMN fashionos.waitlist_entries.user_id IS 'The signed-in user who joined (may also claim by entry id); NULL for anon.';
COMMENT ON COLUMN fashionos.waitlist_entries.attendee_email IS 'Trimmed and lower-case, as registrations store it; counted by the limits per buyer.';
COMMENT ON COLUMN fashionos.waitlist_entries.token_hash IS 'SHA-256 of the claim token join_waitlist returned once; the token itself is not stored.';
COMMENT ON COLUMN fashionos.waitlist_entries.status IS 'waiting (in the queue), offered (a ticket is held for it: registration_id, until the hold''s expiry), claimed (the waiter took the offer; paying confirms it), lapsed (the offer ended unclaimed and passed on), left (the waiter left, or declined the offer).';
COMMENT ON COLUMN fashionos.waitlist_entries.registration_id IS 'The pending registration the offer holds (offered, claimed, lapsed).';
COMMENT ON COLUMN fashionos.waitlist_entries.noticed_at IS 'When server-side code took the notice of the entry''s offer (take_waitlist_offers), to tell the waiter; NULL until then.';

-- The hash under which a claim token is stored.
CREATE FUNCTION fashionos.waitlist_token_hash(p_token text) RETURNS bytea
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = ''
    AS $$ SELECT pg_catalog.sha256(pg_catalog.convert_to(p_token, 'UTF8')) $$;
COMMENT ON FUNCTION fashionos.waitlist_token_hash(text) IS 'SHA-256 of a waitlist claim token, as fashionos.waitlist_entries.token_hash stores it.';

-- An entry as the API returns it: its status and position as of now. An offer past its deadline
-- that no release has processed yet reads as lapsed already.
CREATE FUNCTION fashionos.waitlist_entry_row(p_entry fashionos.waitlist_entries, p_claim_token text DEFAULT NULL)
    RETURNS public.waitlist_entry
    LANGUAGE sql STABLE
    SET search_path = ''
    AS $$
    SELECT ROW(p_entry.id, p_entry.ticket_tier_id, p_entry.event_id, p_entry.attendee_email, p_entry.attendee_name,
               CASE WHEN p_entry.status = 'offered' AND h.expires_at IS NOT NULL AND h.expires_at <= pg_catalog.now()
                    THEN 'lapsed' ELSE p_entry.status END,
               CASE WHEN p_entry.status = 'waiting' THEN 1 + (
                   SELECT pg_catalog.count(*)::integer FROM fashionos.waitlist_entries x
                    WHERE x.ticket_tier_id = p_entry.ticket_tier_id AND x.status = 'waiting' AND x.seq < p_entry.seq) END,
               p_entry.registration_id, h.expires_at, p_entry.joined_at, p_claim_token)::public.waitlist_entry
      FROM (SELECT 1) AS one
      LEFT JOIN fashionos.registration_holds h
        ON h.registration_id = p_entry.registration_id AND p_entry.status IN ('offered', 'claimed')
$$;
COMMENT ON FUNCTION fashionos.waitlist_entry_row(fashionos.waitlist_entries, text) IS
    'A waitlist entry as public.waitlist_entry: its status, its position among the waiting entries of its tier (1 = next), the offer''s registration and deadline.';

-- Offers up to p_tickets tickets of a tier to its first waiting entries, each taking one ticket
-- back onto quantity_sold (only while quantity_sold < quantity_total). Called with the tier's row
-- locked by the caller's transaction (a release or a change of quantity_total), so offer writers of
-- one tier take turns. Returns how many offers it made.
CREATE FUNCTION fashionos.waitlist_offer(p_ticket_tier_id uuid, p_tickets integer)
    RETURNS integer
    LANGUAGE plpgsql VOLATILE
    SECURITY DEFINER
    SET search_path = ''
    AS $$
DECLARE
    v_made integer := 0;
    v_tier record;
    v_entry fashionos.waitlist_entries;
    v_registration uuid;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM fashionos.waitlist_entries w
                    WHERE w.ticket_tier_id = p_ticket_tier_id AND w.status = 'waiting') THEN
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
         WHERE w.ticket_tier_id = p_ticket_tier_id AND w.status = 'waiting'
         ORDER BY w.seq LIMIT 1;
        EXIT WHEN NOT FOUND;
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
$$;
COMMENT ON FUNCTION fashionos.waitlist_offer(uuid, integer) IS
    'Offers up to p_tickets tickets of a tier to its first waiting entries (a pending registration, a pending payment for a priced tier, a hold until the offer''s deadline; quantity_sold + 1 each, never past quantity_total). Called with the tier''s row locked. Returns the number of offers made.';

-- registrations, AFTER UPDATE OF status, for a live registration that became cancelled (every
-- door that gives a ticket back: expiry, cancel_registration, fail_payment, refund_payment): the
-- offer it was, if any, lapses, and the freed ticket goes to the next waiting entry. The release
-- subtracted it from quantity_sold in the same statement, with the tier's row locked.
CREATE FUNCTION fashionos.waitlist_pass_ticket()
    RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = ''
    AS $$
BEGIN
    UPDATE fashionos.waitlist_entries w SET status = 'lapsed', decided_at = pg_catalog.now()
     WHERE w.registration_id = NEW.id AND w.status = 'offered';
    PERFORM fashionos.waitlist_offer(NEW.ticket_tier_id, 1);
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION fashionos.waitlist_pass_ticket() IS
    'Trigger: a live registration was cancelled; the waitlist offer it was (if any) lapses and its ticket is offered to the next waiting entry of the tier (fashionos.waitlist_offer).';
CREATE TRIGGER registrations_waitlist AFTER UPDATE OF status ON public.registrations
    FOR EACH ROW WHEN (OLD.status IN ('pending', 'confirmed') AND NEW.status = 'cancelled')
    EXECUTE FUNCTION fashionos.waitlist_pass_ticket();
COMMENT ON TRIGGER registrations_waitlist ON public.registrations IS
    'A ticket given back goes to the tier''s waitlist first (fashionos.waitlist_pass_ticket).';

-- ticket_tiers, AFTER UPDATE OF quantity_total that raises it: the new tickets go to the queue
-- first, before any walk-in buyer sees them.
CREATE FUNCTION fashionos.waitlist_capacity_raised()
    RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = ''
    AS $$
BEGIN
    PERFORM fashionos.waitlist_offer(NEW.id, NEW.quantity_total - NEW.quantity_sold);
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION fashionos.waitlist_capacity_raised() IS
    'Trigger: quantity_total of a tier went up; the tickets it adds are offered to the tier''s waiting entries first.';
CREATE TRIGGER ticket_tiers_waitlist AFTER UPDATE OF quantity_total ON public.ticket_tiers
    FOR EACH ROW WHEN (NEW.quantity_total > OLD.quantity_total AND NEW.quantity_sold < NEW.quantity_total)
    EXECUTE FUNCTION fashionos.waitlist_capacity_raised();
COMMENT ON TRIGGER ticket_tiers_waitlist ON public.ticket_tiers IS
    'Tickets added by raising quantity_total are offered to the waitlist first (fashionos.waitlist_capacity_raised).';

-- The lazy step: releases the tier's expired holds (offers past their deadline among them), so
-- the tickets move on to the next entries now rather than at the next sweep. Through the one
-- release path of ticketing (fashionos.release_expired_holds).
CREATE FUNCTION fashionos.waitlist_settle(p_ticket_tier_id uuid) RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = ''
    AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM fashionos.registration_holds h
                WHERE h.ticket_tier_id = p_ticket_tier_id AND h.expires_at <= pg_catalog.now()) THEN
        PERFORM fashionos.release_expired_holds(p_ticket_tier_id);
    END IF;
END
$$;
COMMENT ON FUNCTION fashionos.waitlist_settle(uuid) IS
    'Releases the expired holds of a tier, if any (fashionos.release_expired_holds): lapsed offers pass on to the next waiting entries.';

-- The hold row of the offer of entry p_entry_id, if it has one, locked: first, in the order in
-- which every release takes the rows (a release in flight is waited for).
CREATE FUNCTION fashionos.lock_offer_hold(p_entry_id uuid) RETURNS void
    LANGUAGE sql VOLATILE
    SET search_path = ''
    AS $$
    SELECT 1 FROM fashionos.registration_holds h
     WHERE h.registration_id = (SELECT w.registration_id FROM fashionos.waitlist_entries w WHERE w.id = p_entry_id)
       FOR UPDATE OF h
$$;
COMMENT ON FUNCTION fashionos.lock_offer_hold(uuid) IS
    'Locks the hold row of a waitlist entry''s offer, if any (the first lock of every release).';

-- The entry p_entry_id locked, as it is now: the hold row of its offer first, then the entry.
CREATE FUNCTION fashionos.locked_waitlist_entry(p_entry_id uuid) RETURNS fashionos.waitlist_entries
    LANGUAGE plpgsql VOLATILE
    SET search_path = ''
    AS $$
DECLARE
    v fashionos.waitlist_entries;
BEGIN
    PERFORM fashionos.lock_offer_hold(p_entry_id);
    SELECT * INTO v FROM fashionos.waitlist_entries w WHERE w.id = p_entry_id FOR UPDATE;
    RETURN v;
END
$$;
COMMENT ON FUNCTION fashionos.locked_waitlist_entry(uuid) IS
    'Locks a waitlist entry after the hold row of its offer (the order of every release) and returns it as it is now.';

-- The entry a claim token or an entry id names. A token names its entry for whoever holds it; an
-- entry id names an entry of the signed-in caller (p_staff: or of an event the caller runs).
-- PT404 for anything else, as for no such entry.
CREATE FUNCTION fashionos.waitlist_entry_of(p_token text, p_entry_id uuid, p_staff boolean)
    RETURNS fashionos.waitlist_entries
    LANGUAGE plpgsql STABLE
    SET search_path = ''
    AS $$
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
$$;
COMMENT ON FUNCTION fashionos.waitlist_entry_of(text, uuid, boolean) IS
    'The waitlist entry named by a claim token, or by an entry id of the signed-in caller (p_staff: or of an event the caller runs); 22023 for neither or both, PT404 otherwise.';

-- ---------------------------------------------------------------------------------------------
-- The API's implementations (SECURITY DEFINER: they read and write the private table and the
-- ticketing tables after checking the caller). Wrappers: sql/api/waitlist.sql.
-- ---------------------------------------------------------------------------------------------
CREATE FUNCTION fashionos.join_waitlist(p_ticket_tier_id uuid, p_attendee_email text, p_attendee_name text)
    RETURNS SETOF public.waitlist_entry
    LANGUAGE plpgsql VOLATILE
    SECURITY DEFINER
    SET search_path = ''
    AS $$
DECLARE
    v_email text := fashionos.buyer_key(p_attendee_email);
    v_name text := fashionos.trim_white_space(p_attendee_name);
    v_tier record;
    v_user uuid;
    v_live integer;
    v_waiting integer;
    v_token text;
    v fashionos.waitlist_entries;
BEGIN
    IF p_ticket_tier_id IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'p_ticket_tier_id is required',
            DETAIL = 'p_ticket_tier_id was null.', HINT = 'Pass the id of the sold-out tier.';
    END IF;
    IF v_email IS NULL OR NOT fashionos.email_is_plausible(v_email) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'p_attendee_email is not an e-mail address',
            DETAIL = pg_catalog.format('Got %L.', p_attendee_email),
            HINT = 'Pass the attendee''s address, e.g. ana@example.com.';
    END IF;
    IF v_name IS NULL OR pg_catalog.octet_length(v_name) NOT BETWEEN 1 AND 200 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'p_attendee_name is empty or too long',
            DETAIL = 'The attendee''s name must have 1 to 200 characters.',
            HINT = 'Pass the name printed on the ticket.';
    END IF;
    SELECT t.event_id, t.name, t.type, e.status AS event_status INTO v_tier
      FROM public.ticket_tiers t JOIN public.events e ON e.id = t.event_id
     WHERE t.id = p_ticket_tier_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'ticket tier not found',
            DETAIL = pg_catalog.format('No ticket tier with id %s.', p_ticket_tier_id), HINT = 'Check the id.';
    END IF;
    IF v_tier.type IN ('comp', 'press') THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = pg_catalog.format('%s tickets are issued by the event''s organizers', v_tier.type),
            DETAIL = pg_catalog.format('Tier "%s" is of type %s; it has no waitlist.', v_tier.name, v_tier.type),
            HINT = 'Join the waitlist of a paid or vip tier, or ask the organizers for an invitation.';
    END IF;
    IF NOT fashionos.event_on_sale(v_tier.event_id) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'event is not on sale',
            DETAIL = pg_catalog.format('The event of tier "%s" is %s; tickets are sold while an event is planning or active.',
                                       v_tier.name, v_tier.event_status),
            HINT = 'Pick an event that is on sale.';
    END IF;
    SELECT u.id INTO v_user FROM public.users u WHERE u.id = auth.uid();

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

    -- One entry waits for one ticket; a buyer's waiting entries and live tickets of the tier
    -- together stay within the event's limit per buyer and tier (buyer_max_tickets_per_tier).
    v_live := (fashionos.buyer_live_tickets(v_tier.event_id, v_email, p_ticket_tier_id))[2];
    SELECT pg_catalog.count(*)::integer INTO v_waiting FROM fashionos.waitlist_entries w
     WHERE w.event_id = v_tier.event_id AND w.attendee_email = v_email AND w.ticket_tier_id = p_ticket_tier_id
       AND w.status = 'waiting';
    IF v_live + v_waiting + 1 > (SELECT s.buyer_max_tickets_per_tier FROM fashionos.settings_for(v_tier.event_id) s) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'limit per buyer reached',
            DETAIL = pg_catalog.format('%s has %s live ticket(s) and %s waiting entr%s of tier "%s"; the event allows %s per buyer and tier.',
                                       v_email, v_live, v_waiting, CASE WHEN v_waiting = 1 THEN 'y' ELSE 'ies' END, v_tier.name,
                                       (SELECT s.buyer_max_tickets_per_tier FROM fashionos.settings_for(v_tier.event_id) s)),
            HINT = 'Each entry waits for one ticket; leave an entry (leave_waitlist) before joining again.';
    END IF;

    v_token := 'wl_' || pg_catalog.replace(pg_catalog.gen_random_uuid()::text, '-', '')
                     || pg_catalog.replace(pg_catalog.gen_random_uuid()::text, '-', '');
    INSERT INTO fashionos.waitlist_entries AS w (ticket_tier_id, event_id, user_id, attendee_email, attendee_name, token_hash)
    VALUES (p_ticket_tier_id, v_tier.event_id, v_user, v_email, v_name, fashionos.waitlist_token_hash(v_token))
    RETURNING w.* INTO v;
    RETURN NEXT fashionos.waitlist_entry_row(v, v_token);
END
$$;
COMMENT ON FUNCTION fashionos.join_waitlist(uuid, text, text) IS
    'Implementation of public.join_waitlist (SECURITY DEFINER: writes the private waitlist after checking the tier and the buyer''s limits).';

CREATE FUNCTION fashionos.waitlist_status(p_token text DEFAULT NULL, p_entry_id uuid DEFAULT NULL)
    RETURNS SETOF public.waitlist_entry
    LANGUAGE plpgsql VOLATILE
    SECURITY DEFINER
    SET search_path = ''
    AS $$
DECLARE
    v fashionos.waitlist_entries := fashionos.waitlist_entry_of(p_token, p_entry_id, true);
BEGIN
    PERFORM fashionos.waitlist_settle(v.ticket_tier_id);
    SELECT * INTO v FROM fashionos.waitlist_entries w WHERE w.id = v.id;
    RETURN NEXT fashionos.waitlist_entry_row(v);
END
$$;
COMMENT ON FUNCTION fashionos.waitlist_status(text, uuid) IS
    'Implementation of public.waitlist_status (SECURITY DEFINER: reads the private waitlist; releases the tier''s expired holds first, so a lapsed offer passes on now).';

CREATE FUNCTION fashionos.claim_waitlist_offer(p_token text DEFAULT NULL, p_entry_id uuid DEFAULT NULL)
    RETURNS SETOF public.ticket_reservation
    LANGUAGE plpgsql VOLATILE
    SECURITY DEFINER
    SET search_path = ''
    AS $$
DECLARE
    v fashionos.waitlist_entries := fashionos.waitlist_entry_of(p_token, p_entry_id, false);
    v_expires timestamptz;
    v_over boolean;
    v_paid boolean;
BEGIN
    -- Lock order: the offer's hold row first (as every release does: a release in flight is
    -- waited for), then the tier's expired holds (an offer may reach this entry only now; an
    -- expired offer of its own is released here), then the entry.
    PERFORM fashionos.lock_offer_hold(v.id);
    PERFORM fashionos.waitlist_settle(v.ticket_tier_id);
    v := fashionos.locked_waitlist_entry(v.id);
    SELECT h.expires_at INTO v_expires FROM fashionos.registration_holds h WHERE h.registration_id = v.registration_id;
    -- the offer is over: an open one once its hold ran out; a claimed one (whose hold ends when it
    -- is paid, or at once on a free tier) when the hold ran out unpaid or its ticket was cancelled
    v_over := CASE WHEN v.status = 'claimed'
                   THEN coalesce(v_expires <= pg_catalog.now(), false)
                        OR EXISTS (SELECT 1 FROM public.registrations r WHERE r.id = v.registration_id AND r.status = 'cancelled')
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
                          THEN pg_catalog.format('Waitlist entry %s claimed its offer, but its ticket was not paid before its hold ran out (or was cancelled); it passed to the next entry.', v.id)
                          ELSE pg_catalog.format('The offer to waitlist entry %s ended unclaimed%s; its ticket passed to the next entry.',
                                                 v.id, coalesce(' at ' || v_expires::text, '')) END,
            HINT = 'Join the waitlist again with join_waitlist, or buy with reserve_tickets if tickets are on sale.';
    ELSIF v.status = 'claimed' THEN
        NULL;  -- claimed already: the same answer
    ELSE
        v_paid := EXISTS (SELECT 1 FROM public.payments p WHERE p.registration_id = v.registration_id AND p.status = 'pending');
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
$$;
COMMENT ON FUNCTION fashionos.claim_waitlist_offer(text, uuid) IS
    'Implementation of public.claim_waitlist_offer (SECURITY DEFINER: takes the offer''s registration for the token holder or the signed-in waiter).';

CREATE FUNCTION fashionos.leave_waitlist(p_token text DEFAULT NULL, p_entry_id uuid DEFAULT NULL)
    RETURNS SETOF public.waitlist_entry
    LANGUAGE plpgsql VOLATILE
    SECURITY DEFINER
    SET search_path = ''
    AS $$
DECLARE
    v fashionos.waitlist_entries := fashionos.waitlist_entry_of(p_token, p_entry_id, true);
BEGIN
    v := fashionos.locked_waitlist_entry(v.id);
    IF v.status = 'claimed' THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'offer already claimed',
            DETAIL = pg_catalog.format('Waitlist entry %s claimed its offer: registration %s.', v.id, v.registration_id),
            HINT = 'An unpaid ticket is released when its hold expires; a paid one is cancelled or refunded by the organizers (cancel_registration, refund_payment).';
    ELSIF v.status IN ('waiting', 'offered') THEN
        UPDATE fashionos.waitlist_entries w SET status = 'left', decided_at = pg_catalog.now()
         WHERE w.id = v.id RETURNING w.* INTO v;
        IF v.registration_id IS NOT NULL THEN
            -- Declining an offer ends its hold now; the release passes the ticket to the next entry.
            UPDATE fashionos.registration_holds h SET expires_at = pg_catalog.now()
             WHERE h.registration_id = v.registration_id;
            PERFORM fashionos.release_expired_holds(v.ticket_tier_id);
        END IF;
    END IF;
    RETURN NEXT fashionos.waitlist_entry_row(v);
END
$$;
COMMENT ON FUNCTION fashionos.leave_waitlist(text, uuid) IS
    'Implementation of public.leave_waitlist (SECURITY DEFINER: writes the private waitlist; a declined offer is released through the expiry path).';

-- The notices of new offers, for server-side code that tells the waiters (a mailer): each open
-- offer once. SKIP LOCKED: two mailers at once take different notices, and neither waits for a
-- claim, a release or the other.
CREATE FUNCTION fashionos.take_waitlist_offers(p_limit integer DEFAULT 100)
    RETURNS SETOF public.waitlist_offer_notice
    LANGUAGE plpgsql VOLATILE
    SECURITY DEFINER
    SET search_path = ''
    AS $$
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
    RETURN QUERY
    WITH taken AS (
        SELECT w.id FROM fashionos.waitlist_entries w
         WHERE w.status = 'offered' AND w.noticed_at IS NULL
           AND EXISTS (SELECT 1 FROM fashionos.registration_holds h
                        WHERE h.registration_id = w.registration_id AND h.expires_at > pg_catalog.now())
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
$$;
COMMENT ON FUNCTION fashionos.take_waitlist_offers(integer) IS
    'Implementation of public.take_waitlist_offers (SECURITY DEFINER: reads and marks the private waitlist for server-side code).';

CREATE FUNCTION fashionos.list_waitlist(p_ticket_tier_id uuid)
    RETURNS SETOF public.waitlist_entry
    LANGUAGE plpgsql STABLE
    SECURITY DEFINER
    SET search_path = ''
    AS $$
DECLARE
    v_event uuid;
    v_staff boolean;
BEGIN
    SELECT t.event_id INTO v_event FROM public.ticket_tiers t WHERE t.id = p_ticket_tier_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'ticket tier not found',
            DETAIL = pg_catalog.format('No ticket tier with id %s.', p_ticket_tier_id), HINT = 'Check the id.';
    END IF;
    v_staff := fashionos.caller_runs_event(v_event);
    IF NOT v_staff AND auth.uid() IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'not allowed to list the waitlist',
            DETAIL = 'The caller is not signed in.',
            HINT = 'The event''s organizers see the queue; a buyer checks an entry with waitlist_status and its claim token.';
    END IF;
    RETURN QUERY
    SELECT (fashionos.waitlist_entry_row(w)).*
      FROM fashionos.waitlist_entries w
     WHERE w.ticket_tier_id = p_ticket_tier_id
       AND (v_staff OR w.user_id = auth.uid())
     ORDER BY w.seq;
END
$$;
COMMENT ON FUNCTION fashionos.list_waitlist(uuid) IS
    'Implementation of public.list_waitlist (SECURITY DEFINER: reads the private waitlist; the whole queue for the event''s organizers, the caller''s own entries for anyone else signed in).';
-- sql/api/waitlist.sql, new in 0.4.0
-- api/waitlist.sql: the waitlist of a sold-out tier. Style: see sql/api/ticketing.sql.

CREATE FUNCTION public.join_waitlist(p_ticket_tier_id uuid, p_attendee_email text, p_attendee_name text)
    RETURNS SETOF public.waitlist_entry
    LANGUAGE sql VOLATILE SECURITY INVOKER
    SET search_path = ''
    AS $$ SELECT * FROM fashionos.join_waitlist(p_ticket_tier_id, p_attendee_email, p_attendee_name) $$;
COMMENT ON FUNCTION public.join_waitlist(uuid, text, text) IS
$$Joins the waitlist of a sold-out paid or vip tier for one ticket (anon with an e-mail, or signed in) and returns the entry with its position and its claim_token: the secret that checks, claims and leaves the entry, returned only here (stored hashed). When a ticket of the tier is given back (expiry, cancellation, refund) or quantity_total goes up, the first waiting entry gets an offer: the ticket held in its name for the event's waitlist_offer_minutes (default 60). An e-mail's waiting entries and live tickets of the tier stay within the event's limit per buyer and tier. Errors: 22023 bad argument (400), PT404 tier not found (404), 42501 comp or press tier (401/403), PT409 tier not sold out (buy it), event not on sale, limit per buyer reached (409).$$;

CREATE FUNCTION public.waitlist_status(p_token text DEFAULT NULL, p_entry_id uuid DEFAULT NULL)
    RETURNS SETOF public.waitlist_entry
    LANGUAGE sql VOLATILE SECURITY INVOKER
    SET search_path = ''
    AS $$ SELECT * FROM fashionos.waitlist_status(p_token, p_entry_id) $$;
COMMENT ON FUNCTION public.waitlist_status(text, uuid) IS
$$A waitlist entry as it stands: status (waiting, offered, claimed, lapsed, left), position while waiting, the offer's registration and deadline. Named by its claim token, or by its entry id for the signed-in user who joined and the event's organizers. Releases the tier's expired holds first, so an offer that lapsed passes on at once. Errors: 22023 neither or both of p_token and p_entry_id (400), PT404 no such entry for the caller (404).$$;

CREATE FUNCTION public.claim_waitlist_offer(p_token text DEFAULT NULL, p_entry_id uuid DEFAULT NULL)
    RETURNS SETOF public.ticket_reservation
    LANGUAGE sql VOLATILE SECURITY INVOKER
    SET search_path = ''
    AS $$ SELECT * FROM fashionos.claim_waitlist_offer(p_token, p_entry_id) $$;
COMMENT ON FUNCTION public.claim_waitlist_offer(text, uuid) IS
$$Claims the offer of a waitlist entry (by its claim token, or by entry id for the signed-in user who joined) and returns the reservation, as reserve_tickets does: a priced tier's ticket is then held for the event's hold time and paid through the payment webhook (payment_id); a free tier's ticket is confirmed at once. Claiming again returns the same reservation. Errors: 22023 neither or both arguments (400), PT404 no such entry for the caller (404), PT409 no offer yet (still waiting), offer expired (its ticket passed to the next entry), left the waitlist (409).$$;

CREATE FUNCTION public.leave_waitlist(p_token text DEFAULT NULL, p_entry_id uuid DEFAULT NULL)
    RETURNS SETOF public.waitlist_entry
    LANGUAGE sql VOLATILE SECURITY INVOKER
    SET search_path = ''
    AS $$ SELECT * FROM fashionos.leave_waitlist(p_token, p_entry_id) $$;
COMMENT ON FUNCTION public.leave_waitlist(text, uuid) IS
$$Leaves the waitlist (by claim token, or by entry id for the signed-in user who joined and the event's organizers); an open offer is declined and its ticket passes to the next entry at once. Leaving again answers the entry as it is. Errors: 22023 neither or both arguments (400), PT404 no such entry for the caller (404), PT409 offer already claimed (409).$$;

CREATE FUNCTION public.list_waitlist(p_ticket_tier_id uuid)
    RETURNS SETOF public.waitlist_entry
    LANGUAGE sql STABLE SECURITY INVOKER
    SET search_path = ''
    AS $$ SELECT * FROM fashionos.list_waitlist(p_ticket_tier_id) $$;
COMMENT ON FUNCTION public.list_waitlist(uuid) IS
$$The waitlist of a tier in order: every entry with its e-mail for the event's organizers and server-side code; only the caller's own entries (joined while signed in) for anyone else signed in. Errors: PT404 tier not found (404), 42501 not signed in (401).$$;

CREATE FUNCTION public.take_waitlist_offers(p_limit integer DEFAULT 100)
    RETURNS SETOF public.waitlist_offer_notice
    LANGUAGE sql VOLATILE SECURITY INVOKER
    SET search_path = ''
    AS $$ SELECT * FROM fashionos.take_waitlist_offers(p_limit) $$;
COMMENT ON FUNCTION public.take_waitlist_offers(integer) IS
$$For server-side code that tells waiters of their offers (a mailer, with the service key): the notices of open waitlist offers not taken yet, oldest first, at most p_limit (1-1000, default 100), each handed out once, also to several mailers at once. A notice names the entry, event, tier, waiter (user, e-mail, name) and the offer's deadline; the claim token is not in it (it was returned once, to the waiter): a signed-in waiter claims by entry id, an anonymous one in the app that joined. Every new offer also notifies the channel fashionos_waitlist_offers (payload: the tier id) at commit, for a mailer that LISTENs. Errors: 42501 not server-side code (401/403), 22023 p_limit out of range (400).$$;
-- their registration for pg_dump (sql/data_safety.sql)
SELECT fashionos.register_config_dumps();

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
    public.door_bundle(uuid, bigint, boolean),
    public.sync_door_scans(uuid, jsonb)
TO authenticated, service_role;

-- Server-side code only: the payment providers' webhook secrets; the notices of waitlist offers
-- (they carry the waiters' e-mail addresses).
GRANT EXECUTE ON FUNCTION public.set_payment_webhook_secret(text, text) TO service_role;
GRANT EXECUTE ON FUNCTION public.take_waitlist_offers(integer) TO service_role;

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
-- The e-mail rule and the trimming of the attendee trigger (sql/ticketing_doors.sql), run as
-- whoever edits a registration directly.
GRANT EXECUTE ON FUNCTION fashionos.email_is_plausible(text), fashionos.buyer_key(text), fashionos.trim_white_space(text)
TO authenticated, service_role;

-- Maintenance for server-side code.
GRANT EXECUTE ON FUNCTION fashionos.rebuild_bookings() TO service_role;
