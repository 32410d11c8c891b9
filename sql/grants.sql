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
    public.ticket_tier_sales(uuid),
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
    public.transfer_ticket(uuid, text, text, uuid),
    public.exchange_ticket(uuid, uuid),
    public.issue_guest_list(uuid, jsonb),
    public.close_ticket_tier(uuid),
    public.reopen_ticket_tier(uuid),
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
    public.my_waitlist(),
    public.my_tickets(),
    public.payment_history(uuid, timestamptz, timestamptz),
    public.list_ticket_exchanges(uuid),
    public.talent_names(uuid[]),
    public.my_schedule(timestamptz),
    public.door_bundle(uuid, bigint, boolean),
    public.sync_door_scans(uuid, jsonb)
TO authenticated, service_role;

-- Server-side code only: the payment providers' webhook secrets; the notices of waitlist offers
-- (they carry the waiters' e-mail addresses); erasure; imports of tickets sold elsewhere.
GRANT EXECUTE ON FUNCTION public.set_payment_webhook_secret(text, text) TO service_role;
GRANT EXECUTE ON FUNCTION public.take_waitlist_offers(integer) TO service_role;
GRANT EXECUTE ON FUNCTION public.forget_waitlist_email(text) TO service_role;
GRANT EXECUTE ON FUNCTION public.import_tickets(text, jsonb) TO service_role;
GRANT EXECUTE ON FUNCTION public.check_ticket_inventory(uuid) TO service_role;
GRANT EXECUTE ON FUNCTION public.recount_ticket_tiers(uuid) TO service_role;
GRANT EXECUTE ON FUNCTION public.subject_data(text, uuid), public.erase_person(text, uuid) TO service_role;
GRANT EXECUTE ON FUNCTION public.rotate_signing_key(), public.retire_signing_key(text) TO service_role;
GRANT EXECUTE ON FUNCTION public.ticketing_health(), public.prune_history(timestamptz) TO service_role;

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

-- The null and depth checks of the public functions' arguments (sql/access.sql), run as their caller.
GRANT EXECUTE ON FUNCTION fashionos.required(anyelement, text) TO anon, authenticated, service_role;
GRANT EXECUTE ON FUNCTION fashionos.shallow_json(jsonb, text, integer) TO authenticated, service_role;

-- The policy helpers, to the roles whose policies call them (sql/security.sql).
GRANT EXECUTE ON FUNCTION
    fashionos.my_org_id(), fashionos.my_role(), fashionos.my_write_org_id(), fashionos.my_admin_org_id(),
    fashionos.my_org_plan(), fashionos.my_org_user_ids(), fashionos.my_model_profile_ids(),
    fashionos.my_designer_profile_ids(), fashionos.event_on_sale(uuid)
TO authenticated;
GRANT EXECUTE ON FUNCTION fashionos.event_on_sale(uuid) TO anon;
-- The e-mail rule and the trimming of the attendee trigger (sql/ticketing_doors.sql), run as
-- whoever edits a registration directly.
GRANT EXECUTE ON FUNCTION fashionos.email_is_plausible(text), fashionos.buyer_key(text), fashionos.trim_white_space(text),
    fashionos.clean_name(text), fashionos.attendee_name_problem(text), fashionos.attendee_name_rule(), fashionos.shown(text)
TO authenticated, service_role;

-- The rules of links and slugs (sql/data_safety.sql) and of a profile's e-mail (sql/security.sql):
-- their triggers run as whoever writes the row.
GRANT EXECUTE ON FUNCTION fashionos.writer_is_server(), fashionos.writer_is_operator(), fashionos.is_web_link(text),
    fashionos.is_handle_or_web_link(text)
TO authenticated, service_role;

-- The bounds of a setting, read by validate_walk_order as its caller (sql/event_settings.sql).
GRANT EXECUTE ON FUNCTION fashionos.setting_range(name) TO authenticated, service_role;

-- Maintenance for server-side code.
GRANT EXECUTE ON FUNCTION fashionos.rebuild_bookings() TO service_role;
