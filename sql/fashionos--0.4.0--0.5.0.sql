\echo Use "ALTER EXTENSION fashionos UPDATE TO '0.5.0'" to load this file. \quit
-- fashionos 0.4.0 -> 0.5.0, written by scripts/make-upgrade.py from the catalogs of
-- a fresh 0.4.0 and a fresh 0.5.0; tests/drills/upgrade.sh checks that an updated
-- database has the catalog of a fresh install.

-- 2. New result types

-- 3. Functions that go, or whose arguments or result change

-- 4. New and changed functions
CREATE OR REPLACE FUNCTION fashionos.caller_sees_resource(p_resource_type text, p_resource_id uuid)
 RETURNS boolean
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
DECLARE
    v_org uuid;
BEGIN
    IF fashionos.caller_is_resource(p_resource_type, p_resource_id) THEN
        RETURN true;
    END IF;
    -- a resource that does not exist has no rows below: false
    SELECT u.organization_id INTO v_org FROM public.users u WHERE u.id = auth.uid();
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
CREATE OR REPLACE FUNCTION fashionos.get_event_settings(p_event_id uuid)
 RETURNS SETOF public.event_settings_values
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
BEGIN
    PERFORM fashionos.require_event_visible(p_event_id);
    RETURN QUERY SELECT p_event_id, s.* FROM fashionos.settings_for(p_event_id) s;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.refuse_unless_runs(p_relation text, p_event_id uuid, p_message text, p_hint text)
 RETURNS void
 LANGUAGE plpgsql
 IMMUTABLE
 SET search_path TO ''
AS $function$
BEGIN
    IF p_relation IS DISTINCT FROM 'runs' THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = p_message,
            DETAIL = pg_catalog.format('The caller is not an organizer, admin or owner of the organization of event %s.', p_event_id),
            HINT = p_hint;
    END IF;
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
    END IF;
    PERFORM fashionos.refuse_unless_runs(v_relation, v_event, 'not allowed to release this booking',
        'Organizers, admins and owners of the event''s organization release its bookings.');
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
    PERFORM fashionos.refuse_unless_runs(fashionos.caller_event_relation(v.event_id), v.event_id,
        'not allowed to release this option',
        'The requesting organization releases its options; the talent or venue owner declines them with decline_option.');
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
CREATE OR REPLACE FUNCTION fashionos.require_event_visible(p_event_id uuid)
 RETURNS text
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
    END IF;
    RETURN v_relation;
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.require_runs_event(p_event_id uuid, p_message text, p_hint text)
 RETURNS void
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
BEGIN
    PERFORM fashionos.refuse_unless_runs(fashionos.require_event_visible(p_event_id), p_event_id, p_message, p_hint);
END
$function$;
CREATE OR REPLACE FUNCTION fashionos.set_event_settings(p_event_id uuid, p_time_zone text DEFAULT NULL::text, p_walk_min_gap integer DEFAULT NULL::integer, p_hold_minutes integer DEFAULT NULL::integer, p_call_time_minutes integer DEFAULT NULL::integer, p_buyer_max_tickets integer DEFAULT NULL::integer, p_buyer_max_tickets_per_tier integer DEFAULT NULL::integer, p_buyer_max_holds integer DEFAULT NULL::integer, p_waitlist_offer_minutes integer DEFAULT NULL::integer)
 RETURNS SETOF public.event_settings_values
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
        DECLARE
            v_now record;  -- the settings in force: the event's row, or the column defaults
        BEGIN
            PERFORM fashionos.require_runs_event(p_event_id, 'not allowed to change event settings',
                'Sign in as a member of the event''s organization with role organizer, admin or owner.');
            IF p_time_zone IS NOT NULL AND NOT fashionos.is_time_zone(p_time_zone) THEN
                RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'unknown time zone',
                    DETAIL = format('%L is not a time zone name PostgreSQL knows.', p_time_zone),
                    HINT = 'Use an IANA name such as Europe/Paris or America/New_York.';
            END IF;
            SELECT * INTO v_now FROM fashionos.settings_for(p_event_id);
            INSERT INTO fashionos.event_settings AS s (event_id, time_zone, walk_min_gap, hold_minutes, call_time_minutes, buyer_max_tickets, buyer_max_tickets_per_tier, buyer_max_holds, waitlist_offer_minutes)
            VALUES (p_event_id, coalesce(p_time_zone, v_now.time_zone), coalesce(p_walk_min_gap, v_now.walk_min_gap), coalesce(p_hold_minutes, v_now.hold_minutes), coalesce(p_call_time_minutes, v_now.call_time_minutes), coalesce(p_buyer_max_tickets, v_now.buyer_max_tickets), coalesce(p_buyer_max_tickets_per_tier, v_now.buyer_max_tickets_per_tier), coalesce(p_buyer_max_holds, v_now.buyer_max_holds), coalesce(p_waitlist_offer_minutes, v_now.waitlist_offer_minutes))
            ON CONFLICT ON CONSTRAINT event_settings_pkey DO UPDATE SET time_zone = coalesce(p_time_zone, s.time_zone), walk_min_gap = coalesce(p_walk_min_gap, s.walk_min_gap), hold_minutes = coalesce(p_hold_minutes, s.hold_minutes), call_time_minutes = coalesce(p_call_time_minutes, s.call_time_minutes), buyer_max_tickets = coalesce(p_buyer_max_tickets, s.buyer_max_tickets), buyer_max_tickets_per_tier = coalesce(p_buyer_max_tickets_per_tier, s.buyer_max_tickets_per_tier), buyer_max_holds = coalesce(p_buyer_max_holds, s.buyer_max_holds), waitlist_offer_minutes = coalesce(p_waitlist_offer_minutes, s.waitlist_offer_minutes);
            RETURN QUERY SELECT * FROM fashionos.get_event_settings(p_event_id);
        END
        $function$;
CREATE OR REPLACE FUNCTION fashionos.settings_for(p_event_id uuid)
 RETURNS TABLE(time_zone text, walk_min_gap integer, hold_minutes integer, call_time_minutes integer, buyer_max_tickets integer, buyer_max_tickets_per_tier integer, buyer_max_holds integer, waitlist_offer_minutes integer)
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$ BEGIN
                RETURN QUERY SELECT coalesce(s.time_zone, 'UTC'::text), coalesce(s.walk_min_gap, 5), coalesce(s.hold_minutes, 15), coalesce(s.call_time_minutes, 240), coalesce(s.buyer_max_tickets, 20), coalesce(s.buyer_max_tickets_per_tier, 10), coalesce(s.buyer_max_holds, 10), coalesce(s.waitlist_offer_minutes, 60) FROM (SELECT 1) AS one LEFT JOIN fashionos.event_settings s ON s.event_id = p_event_id;
            END $function$;
CREATE OR REPLACE FUNCTION fashionos.setting_range(p_setting name)
 RETURNS int4range
 LANGUAGE sql
 STABLE PARALLEL SAFE STRICT
 SET search_path TO ''
AS $function$
    SELECT pg_catalog.int4range(m.bounds[1]::integer, m.bounds[2]::integer, '[]')
      FROM pg_catalog.pg_constraint AS c
      JOIN pg_catalog.pg_attribute AS a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
     CROSS JOIN LATERAL pg_catalog.regexp_match(pg_catalog.pg_get_constraintdef(c.oid),
                                                '^CHECK \(\(\(\w+ >= (-?\d+)\) AND \(\w+ <= (-?\d+)\)\)\)$') AS m(bounds)
     WHERE c.conrelid = 'fashionos.event_settings'::pg_catalog.regclass AND c.contype = 'c'
       AND pg_catalog.cardinality(c.conkey) = 1 AND a.attname = p_setting
       AND m.bounds IS NOT NULL  -- a CHECK that is not such a range (time_zone's)
$function$;
CREATE OR REPLACE FUNCTION public.set_event_settings(p_event_id uuid, p_time_zone text DEFAULT NULL::text, p_walk_min_gap integer DEFAULT NULL::integer, p_hold_minutes integer DEFAULT NULL::integer, p_call_time_minutes integer DEFAULT NULL::integer, p_buyer_max_tickets integer DEFAULT NULL::integer, p_buyer_max_tickets_per_tier integer DEFAULT NULL::integer, p_buyer_max_holds integer DEFAULT NULL::integer, p_waitlist_offer_minutes integer DEFAULT NULL::integer)
 RETURNS SETOF public.event_settings_values
 LANGUAGE sql
 SET search_path TO ''
AS $function$ SELECT * FROM fashionos.set_event_settings(
        p_event_id => p_event_id, p_time_zone => p_time_zone, p_walk_min_gap => p_walk_min_gap,
        p_hold_minutes => p_hold_minutes, p_call_time_minutes => p_call_time_minutes,
        p_buyer_max_tickets => p_buyer_max_tickets, p_buyer_max_tickets_per_tier => p_buyer_max_tickets_per_tier,
        p_buyer_max_holds => p_buyer_max_holds, p_waitlist_offer_minutes => p_waitlist_offer_minutes) $function$;
COMMENT ON FUNCTION fashionos.refuse_unless_runs(p_relation text, p_event_id uuid, p_message text, p_hint text) IS 'Refuses (42501, with the message and hint given) unless the caller''s relation to the event is runs.';
COMMENT ON FUNCTION fashionos.require_event_visible(p_event_id uuid) IS 'Refuses (PT404 event not found) an event the caller does not see; else what the caller is to it (runs or member, as caller_event_relation says).';
COMMENT ON FUNCTION fashionos.setting_range(p_setting name) IS 'The range [lo, hi] a whole-number setting of fashionos.event_settings may take, read from its CHECK constraint; NULL for a setting without one.';
COMMENT ON FUNCTION public.set_event_settings(p_event_id uuid, p_time_zone text, p_walk_min_gap integer, p_hold_minutes integer, p_call_time_minutes integer, p_buyer_max_tickets integer, p_buyer_max_tickets_per_tier integer, p_buyer_max_holds integer, p_waitlist_offer_minutes integer) IS 'Changes an event''s settings (arguments left NULL keep their value): time zone in which rehearsal and call-time dates are read (an IANA name), minimum walk-order gap in looks (1-1000), ticket hold minutes (1-10080), call time minutes (1-1440), limits per buyer: live tickets of the event (1-10000), of one tier (1-10000), unpaid tickets on hold (1-10000); minutes a waitlist offer waits for its claim (1-10080). For the event''s organizers. Errors: PT404 (404), 42501 (401/403), 22023 unknown time zone (400), 23514 value out of range (400).';

-- 5. Comments of tables and columns, new or reworded (docs/tables.md)

-- 6. Privileges (sql/grants.sql)
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

-- The bounds of a setting, read by validate_walk_order as its caller (sql/event_settings.sql).
GRANT EXECUTE ON FUNCTION fashionos.setting_range(name) TO authenticated, service_role;

-- Maintenance for server-side code.
GRANT EXECUTE ON FUNCTION fashionos.rebuild_bookings() TO service_role;
