-- api_boundary: the API holds against a caller who knows its internals.
--   1. a forged role claim (request.jwt.claims with "role":"service_role", or the older
--      request.jwt.claim.role setting) gives a signed-in member of another organization nothing;
--   2. every function of schema fashionos that anon or authenticated may execute, called directly
--      with someone else's ids, gives nothing away that the public function would not; the list
--      of such functions is pinned here, so a new one shows up as a diff until it is tested;
--   3. anon cannot LOCK a table of the extension (it has no privilege that allows it);
--   4. the public functions keep one style: SQL, SECURITY INVOKER, a fixed search_path, a
--      COMMENT, no EXCEPTION block;
--   5. the caller's temporary schema does not reach into the extension's code: a domain named
--      pg_temp.text (uuid, ...) whose CHECK runs the caller's function is never used by a
--      SECURITY DEFINER function or trigger (with search_path = '' the temporary schema is
--      searched first for types and tables, and the CHECK would run as the extension's owner).
-- Each attempt runs the way PostgREST runs a request (role and claims set locally) and is rolled
-- back; it prints "ok: <rows> rows" or the SQLSTATE it ended with.
SET search_path = pg_catalog;
\i common/personas_setup.sql
\set VERBOSITY terse

CREATE SCHEMA boundary;
GRANT USAGE ON SCHEMA boundary TO anon, authenticated, service_role;

-- p_forge: NULL (the persona's own claims), 'claims' (its claims with "role":"service_role"),
-- 'claim.role' (its claims, and request.jwt.claim.role = service_role).
CREATE FUNCTION boundary.attempt(p_persona text, p_sql text, p_forge text DEFAULT NULL) RETURNS text
    LANGUAGE plpgsql
    AS $$
DECLARE
    v fixture.persona;
    v_rows bigint;
BEGIN
    SELECT * INTO STRICT v FROM fixture.persona WHERE name = p_persona;
    BEGIN
        PERFORM set_config('role', v.db_role, true);
        PERFORM set_config('request.jwt.claims',
                           CASE WHEN p_forge = 'claims' THEN (v.claims::jsonb || '{"role": "service_role"}')::text
                                ELSE v.claims END, true);
        IF p_forge = 'claim.role' THEN
            PERFORM set_config('request.jwt.claim.role', 'service_role', true);
        END IF;
        -- q::text reads every column, so no call is optimized away
        EXECUTE 'SELECT count(*) FROM (' || p_sql || ') AS q WHERE q::text IS NOT NULL' INTO v_rows;
        RAISE EXCEPTION USING ERRCODE = 'ZBND0', MESSAGE = v_rows::text;
    EXCEPTION
        WHEN SQLSTATE 'ZBND0' THEN
            RETURN 'ok: ' || SQLERRM || ' rows';
        WHEN OTHERS THEN
            RETURN SQLSTATE;
    END;
END
$$;

-- Organization A's objects, which B's organizer (b_member) and anon must not reach.
SELECT qr_code_data AS token_t FROM public.registrations WHERE id = fixture.id('registrations', 'T') \gset
CREATE TABLE boundary.foreign_call (label text PRIMARY KEY, sql text NOT NULL);
INSERT INTO boundary.foreign_call VALUES
    ('event_conflicts of A', format('SELECT * FROM public.event_conflicts(%L)', fixture.id('events', 'A'))),
    ('find_conflicts of A''s model', format('SELECT * FROM public.find_conflicts(''model'', %L)', fixture.id('model_profiles', 'M'))),
    ('book A''s model for A', format('SELECT public.book_resource(''model'', %L, %L, ''2087-01-01 10:00+00'', ''2087-01-01 12:00+00'')',
                                     fixture.id('model_profiles', 'M'), fixture.id('events', 'A'))),
    ('release A''s booking', format('SELECT public.release_booking(''model'', %L)', fixture.id('model_availability', 'K'))),
    ('get A''s settings', format('SELECT * FROM public.get_event_settings(%L)', fixture.id('events', 'A'))),
    ('set A''s settings', format('SELECT * FROM public.set_event_settings(%L, p_hold_minutes => 1)', fixture.id('events', 'A'))),
    ('complete A''s payment', format('SELECT * FROM public.complete_payment(%L, ''stripe'', ''pi_fixture_T'')', fixture.id('payments', 'T'))),
    ('refund A''s payment', format('SELECT * FROM public.refund_payment(%L)', fixture.id('payments', 'T'))),
    ('cancel A''s registration', format('SELECT * FROM public.cancel_registration(%L)', fixture.id('registrations', 'T'))),
    ('scan A''s ticket at A', format('SELECT * FROM public.check_in(%L, %L)', :'token_t', fixture.id('events', 'A'))),
    ('release all holds', 'SELECT public.release_expired_holds()'),
    ('validate A''s walk order', format('SELECT * FROM public.validate_walk_order(%L)', fixture.id('events', 'A')));

-- 1. The forged claim changes nothing: the same answer in the three columns, and service_role
--    (the real one) for comparison.
SELECT f.label,
       boundary.attempt('b_member', f.sql) AS b_member,
       boundary.attempt('b_member', f.sql, 'claims') AS forged_claims,
       boundary.attempt('b_member', f.sql, 'claim.role') AS forged_claim_role,
       boundary.attempt('service_role', f.sql) AS service_role
  FROM boundary.foreign_call f ORDER BY f.label;

-- 2. The functions of schema fashionos that anon or authenticated may execute (pinned), and each
--    called directly, as anon and as B's organizer, with A's ids.
SELECT p.oid::regprocedure AS function,
       has_function_privilege('anon', p.oid, 'EXECUTE') AS anon,
       has_function_privilege('authenticated', p.oid, 'EXECUTE') AS authenticated,
       p.prosecdef AS security_definer
  FROM pg_proc p
 WHERE p.pronamespace = 'fashionos'::regnamespace
   AND (has_function_privilege('anon', p.oid, 'EXECUTE') OR has_function_privilege('authenticated', p.oid, 'EXECUTE'))
 ORDER BY p.oid::regprocedure::text;

-- an option of organization A on its model M
INSERT INTO fashionos.options (id, resource_type, resource_id, event_id, organization_id, during, expires_at, requested_rank)
VALUES ('00000000-0000-0000-00aa-000000000001', 'model', fixture.id('model_profiles', 'M'), fixture.id('events', 'A'),
        fixture.id('organizations', 'A'), tstzrange('2087-02-01 10:00+00', '2087-02-01 12:00+00'), now() + interval '1 day', 1);
-- a waitlist entry of a buyer of A's tier (the token is the buyer's secret)
INSERT INTO fashionos.waitlist_entries (id, ticket_tier_id, event_id, attendee_email, attendee_name, token_hash)
VALUES ('00000000-0000-0000-00bb-000000000001', fixture.id('ticket_tiers', 'A'), fixture.id('events', 'A'),
        'waiting@example.com', 'Waiting', fashionos.waitlist_token_hash('wl_secret_of_a_buyer'));
CREATE TABLE boundary.direct_call (fn regprocedure PRIMARY KEY, sql text NOT NULL);
INSERT INTO boundary.direct_call VALUES
    ('fashionos.book_resource(text, uuid, uuid, timestamptz, timestamptz, text)',
     format('SELECT fashionos.book_resource(''model'', %L, %L, ''2087-01-01 10:00+00'', ''2087-01-01 12:00+00'', ''booked'')',
            fixture.id('model_profiles', 'M'), fixture.id('events', 'A'))),
    ('fashionos.cancel_registration(uuid)', format('SELECT * FROM fashionos.cancel_registration(%L)', fixture.id('registrations', 'T'))),
    ('fashionos.claim_waitlist_offer(text, uuid)', 'SELECT * FROM fashionos.claim_waitlist_offer(NULL, ''00000000-0000-0000-00bb-000000000001'')'),
    ('fashionos.join_waitlist(uuid, text, text)',
     format('SELECT * FROM fashionos.join_waitlist(%L, ''x@example.com'', ''X'')', fixture.id('ticket_tiers', 'A'))),
    ('fashionos.leave_waitlist(text, uuid)', 'SELECT * FROM fashionos.leave_waitlist(NULL, ''00000000-0000-0000-00bb-000000000001'')'),
    ('fashionos.list_waitlist(uuid)', format('SELECT * FROM fashionos.list_waitlist(%L)', fixture.id('ticket_tiers', 'A'))),
    ('fashionos.waitlist_status(text, uuid)', 'SELECT * FROM fashionos.waitlist_status(NULL, ''00000000-0000-0000-00bb-000000000001'')'),
    ('fashionos.check_in(text, uuid)', format('SELECT * FROM fashionos.check_in(%L, %L)', :'token_t', fixture.id('events', 'A'))),
    ('fashionos.complete_payment(uuid, text, text)', format('SELECT * FROM fashionos.complete_payment(%L, NULL, NULL)', fixture.id('payments', 'T'))),
    ('fashionos.event_conflicts(uuid, integer)', format('SELECT * FROM fashionos.event_conflicts(%L, 1000)', fixture.id('events', 'A'))),
    ('fashionos.confirm_option(uuid)', 'SELECT * FROM fashionos.confirm_option(''00000000-0000-0000-00aa-000000000001'')'),
    ('fashionos.decline_option(uuid)', 'SELECT * FROM fashionos.decline_option(''00000000-0000-0000-00aa-000000000001'')'),
    ('fashionos.release_option(uuid)', 'SELECT * FROM fashionos.release_option(''00000000-0000-0000-00aa-000000000001'')'),
    ('fashionos.list_options(text, uuid, uuid)',
     format('SELECT * FROM fashionos.list_options(''model'', %L, NULL)', fixture.id('model_profiles', 'M'))),
    ('fashionos.request_option(text, uuid, uuid, timestamptz, timestamptz, timestamptz)',
     format('SELECT * FROM fashionos.request_option(''model'', %L, %L, ''2087-01-01 10:00+00'', ''2087-01-01 12:00+00'', NULL)',
            fixture.id('model_profiles', 'M'), fixture.id('events', 'A'))),
    ('fashionos.door_bundle(uuid, bigint, boolean)',
     format('SELECT fashionos.door_bundle(%L, NULL, true)', fixture.id('events', 'A'))),
    ('fashionos.email_is_plausible(text)', 'SELECT 1 WHERE fashionos.email_is_plausible(''a@example.com'')'),
    ('fashionos.buyer_key(text)', 'SELECT fashionos.buyer_key('' A@example.com '')'),
    ('fashionos.trim_white_space(text)', 'SELECT fashionos.trim_white_space('' Ana '')'),
    ('fashionos.clean_name(text)', 'SELECT fashionos.clean_name('' Ana '')'),
    ('fashionos.attendee_name_problem(text)', 'SELECT 1 WHERE fashionos.attendee_name_problem(''Ana'') IS NULL'),
    ('fashionos.attendee_name_rule()', 'SELECT fashionos.attendee_name_rule()'),
    ('fashionos.shown(text)', 'SELECT fashionos.shown(''Ana'')'),
    ('fashionos.is_web_link(text)', 'SELECT fashionos.is_web_link(''https://example.com'')'),
    ('fashionos.writer_is_server()', 'SELECT fashionos.writer_is_server()'),
    ('fashionos.writer_is_operator()', 'SELECT fashionos.writer_is_operator()'),
    ('fashionos.is_handle_or_web_link(text)', 'SELECT fashionos.is_handle_or_web_link(''@maison'')'),
    ('fashionos.setting_range(name)', 'SELECT fashionos.setting_range(''walk_min_gap'')'),
    ('fashionos.event_on_sale(uuid)', format('SELECT 1 WHERE fashionos.event_on_sale(%L)', fixture.id('events', 'A'))),
    ('fashionos.events_on_sale(timestamptz, text)', 'SELECT * FROM fashionos.events_on_sale(''2086-01-01'', NULL)'),
    ('fashionos.transfer_ticket(uuid, text, text, uuid)',
     format('SELECT fashionos.transfer_ticket(%L, ''x@example.com'', ''X'')', fixture.id('registrations', 'T'))),
    ('fashionos.exchange_ticket(uuid, uuid)',
     format('SELECT * FROM fashionos.exchange_ticket(%L, %L)', fixture.id('registrations', 'T'), fixture.id('ticket_tiers', 'A'))),
    ('fashionos.issue_guest_list(uuid, jsonb)',
     format('SELECT * FROM fashionos.issue_guest_list(%L, %L)', fixture.id('ticket_tiers', 'A'), '[{"email": "g@example.com", "name": "G"}]')),
    ('fashionos.ticket_tier_sales(uuid)', format('SELECT * FROM fashionos.ticket_tier_sales(%L)', fixture.id('events', 'A'))),
    ('fashionos.close_ticket_tier(uuid)', format('SELECT * FROM fashionos.close_ticket_tier(%L)', fixture.id('ticket_tiers', 'A'))),
    ('fashionos.reopen_ticket_tier(uuid)', format('SELECT * FROM fashionos.reopen_ticket_tier(%L)', fixture.id('ticket_tiers', 'A'))),
    ('fashionos.my_tickets()', 'SELECT * FROM fashionos.my_tickets()'),
    ('fashionos.my_waitlist()', 'SELECT * FROM fashionos.my_waitlist()'),
    ('fashionos.my_schedule(timestamptz)', 'SELECT * FROM fashionos.my_schedule(''2000-01-01'')'),
    ('fashionos.list_ticket_exchanges(uuid)', format('SELECT * FROM fashionos.list_ticket_exchanges(%L)', fixture.id('events', 'A'))),
    ('fashionos.payment_history(uuid, timestamptz, timestamptz)',
     format('SELECT * FROM fashionos.payment_history(%L, NULL, NULL)', fixture.id('events', 'A'))),
    ('fashionos.fail_payment(uuid)', format('SELECT * FROM fashionos.fail_payment(%L)', fixture.id('payments', 'T'))),
    ('fashionos.find_conflicts(text, uuid, timestamptz, timestamptz, integer)',
     format('SELECT * FROM fashionos.find_conflicts(''model'', %L, NULL, NULL, 1000)', fixture.id('model_profiles', 'M'))),
    ('fashionos.get_event_settings(uuid)', format('SELECT * FROM fashionos.get_event_settings(%L)', fixture.id('events', 'A'))),
    ('fashionos.my_admin_org_id()', 'SELECT 1 WHERE fashionos.my_admin_org_id() = ' || quote_literal(fixture.id('organizations', 'A'))),
    ('fashionos.my_designer_profile_ids()',
     format('SELECT * FROM fashionos.my_designer_profile_ids() p WHERE p = %L', fixture.id('designer_profiles', 'D'))),
    ('fashionos.my_model_profile_ids()',
     format('SELECT * FROM fashionos.my_model_profile_ids() p WHERE p = %L', fixture.id('model_profiles', 'M'))),
    ('fashionos.my_org_id()', 'SELECT 1 WHERE fashionos.my_org_id() = ' || quote_literal(fixture.id('organizations', 'A'))),
    ('fashionos.my_org_plan()', 'SELECT fashionos.my_org_plan() WHERE fashionos.my_org_plan() = ''pro'''),
    ('fashionos.my_org_user_ids()', format('SELECT * FROM fashionos.my_org_user_ids() u WHERE u = %L', fixture.id('users', 'o'))),
    ('fashionos.my_role()', 'SELECT 1 WHERE fashionos.my_role() = ''owner'''),
    ('fashionos.my_write_org_id()', 'SELECT 1 WHERE fashionos.my_write_org_id() = ' || quote_literal(fixture.id('organizations', 'A'))),
    ('fashionos.payment_webhook(text)',
     format('SELECT * FROM fashionos.payment_webhook(%L)',
            format('{"id": "evt_forged", "type": "payment_intent.succeeded", "data": {"object": {"id": "pi_f", "metadata": {"payment_id": "%s"}}}}',
                   fixture.id('payments', 'T')))),
    ('fashionos.qr_code_svg(text, integer)', 'SELECT fashionos.qr_code_svg(''hello'', 64)'),
    ('fashionos.required(anyelement, text)', 'SELECT fashionos.required(1, ''p_x'')'),
    ('fashionos.shallow_json(jsonb, text, integer)', 'SELECT fashionos.shallow_json(''[{"a": 1}]'', ''p_x'', 4)'),
    ('fashionos.refund_payment(uuid)', format('SELECT * FROM fashionos.refund_payment(%L)', fixture.id('payments', 'T'))),
    ('fashionos.reissue_ticket(uuid)', format('SELECT fashionos.reissue_ticket(%L)', fixture.id('registrations', 'T'))),
    ('fashionos.release_booking(text, uuid)', format('SELECT fashionos.release_booking(''model'', %L)', fixture.id('model_availability', 'K'))),
    ('fashionos.release_expired_holds(uuid)', 'SELECT fashionos.release_expired_holds(NULL)'),
    ('fashionos.reserve_tickets(uuid, integer, text, text, uuid, text)',
     format('SELECT * FROM fashionos.reserve_tickets(%L, 1, ''x@example.com'', ''X'', %L)',
            fixture.id('ticket_tiers', 'A'), fixture.id('users', 't'))),
    ('fashionos.set_event_settings(uuid, text, integer, integer, integer, integer, integer, integer, integer)',
     format('SELECT * FROM fashionos.set_event_settings(%L, NULL, NULL, 1, NULL)', fixture.id('events', 'A'))),
    ('fashionos.set_walk_order(uuid, uuid[])',
     format('SELECT fashionos.set_walk_order(%L, ARRAY[%L]::uuid[])', fixture.id('events', 'A'), fixture.id('event_models', 'M'))),
    ('fashionos.sync_door_scans(uuid, jsonb)',
     format('SELECT * FROM fashionos.sync_door_scans(%L, %L)', fixture.id('events', 'A'),
            jsonb_build_array(jsonb_build_object('token', :'token_t', 'scanned_at', '2020-01-01T10:00:00Z', 'gate', 'g')))),
    -- the talent directory's names: any signed-in user reads them (b_member: 1 row), anon none
    ('fashionos.talent_names(uuid[])',
     format('SELECT * FROM fashionos.talent_names(ARRAY[%L]::uuid[])', fixture.id('model_profiles', 'M'))),
    ('fashionos.ticket_qr_svg(uuid, integer)', format('SELECT fashionos.ticket_qr_svg(%L, 64)', fixture.id('registrations', 'T'))),
    ('fashionos.ticket_signing_keys()', 'SELECT key_id FROM fashionos.ticket_signing_keys() WHERE false'),
    ('fashionos.undo_check_in(uuid)', format('SELECT * FROM fashionos.undo_check_in(%L)', fixture.id('registrations', 'T'))),
    ('fashionos.validate_walk_order(uuid, integer)', format('SELECT * FROM fashionos.validate_walk_order(%L, NULL)', fixture.id('events', 'A'))),
    ('fashionos.verify_ticket(text)',
     format('SELECT * FROM fashionos.verify_ticket(%L) WHERE attendee_name IS NOT NULL OR status IS NOT NULL', :'token_t'));

-- Every executable function has its call (none missing, none stale).
SELECT p.oid::regprocedure AS untested
  FROM pg_proc p
 WHERE p.pronamespace = 'fashionos'::regnamespace
   AND (has_function_privilege('anon', p.oid, 'EXECUTE') OR has_function_privilege('authenticated', p.oid, 'EXECUTE'))
EXCEPT SELECT fn FROM boundary.direct_call;
SELECT fn AS stale FROM boundary.direct_call
EXCEPT SELECT p.oid::regprocedure FROM pg_proc p
 WHERE p.pronamespace = 'fashionos'::regnamespace
   AND (has_function_privilege('anon', p.oid, 'EXECUTE') OR has_function_privilege('authenticated', p.oid, 'EXECUTE'));

-- "ok: 0 rows" is nothing given away; the helpers answer about the caller only (B's organizer
-- is not in organization A); public information (events on sale, public keys, QR rendering) is
-- public.
SELECT d.fn,
       boundary.attempt('anon', d.sql) AS anon,
       boundary.attempt('b_member', d.sql) AS b_member,
       boundary.attempt('b_member', d.sql, 'claims') AS b_member_forged
  FROM boundary.direct_call d ORDER BY d.fn::text;

-- Nothing of A changed.
SELECT (SELECT status FROM public.registrations WHERE id = fixture.id('registrations', 'T')) AS registration_t,
       (SELECT status FROM public.payments WHERE id = fixture.id('payments', 'T')) AS payment_t,
       (SELECT count(*) FROM fashionos.event_settings) AS settings_rows,
       (SELECT count(*) FROM public.model_availability WHERE id = fixture.id('model_availability', 'K')) AS booking_k;

-- 3. anon cannot lock any table of the extension in a mode that blocks writers (that needs
--    UPDATE, DELETE or TRUNCATE, which anon has on none of them).
CREATE FUNCTION boundary.anon_can_lock(p_table regclass, p_mode text) RETURNS boolean
    LANGUAGE plpgsql
    AS $$
BEGIN
    BEGIN
        PERFORM set_config('role', 'anon', true);
        EXECUTE format('LOCK TABLE %s IN %s MODE NOWAIT', p_table, p_mode);
        RAISE EXCEPTION USING ERRCODE = 'ZBND0';
    EXCEPTION
        WHEN SQLSTATE 'ZBND0' THEN RETURN true;
        WHEN insufficient_privilege THEN RETURN false;
    END;
END
$$;
SELECT m.mode, count(*) AS tables, count(*) FILTER (WHERE boundary.anon_can_lock(c.oid, m.mode)) AS anon_locked
  FROM pg_depend d
  JOIN pg_class c ON c.oid = d.objid AND c.relkind = 'r'
  CROSS JOIN unnest(ARRAY['ACCESS EXCLUSIVE', 'EXCLUSIVE', 'SHARE', 'ROW EXCLUSIVE']) AS m (mode)
 WHERE d.classid = 'pg_class'::regclass AND d.deptype = 'e'
   AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'fashionos')
 GROUP BY m.mode ORDER BY m.mode;

-- 4. One style for the public functions of the extension (expected: no rows).
SELECT p.oid::regprocedure AS function, l.lanname, p.prosecdef,
       p.proconfig, obj_description(p.oid, 'pg_proc') IS NULL AS no_comment,
       p.prosrc ~* '\mEXCEPTION\M' AS has_exception_block
  FROM pg_proc p
  JOIN pg_language l ON l.oid = p.prolang
  JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
 WHERE p.pronamespace = 'public'::regnamespace
   AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'fashionos')
   AND (l.lanname <> 'sql' OR p.prosecdef OR NOT coalesce(p.proconfig @> ARRAY['search_path=pg_catalog, pg_temp'], false)
        OR obj_description(p.oid, 'pg_proc') IS NULL OR p.prosrc ~* '\mEXCEPTION\M')
 ORDER BY p.oid::regprocedure::text;
SELECT count(*) AS public_functions
  FROM pg_proc p JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
 WHERE p.pronamespace = 'public'::regnamespace
   AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'fashionos');

-- 5. The caller's temporary schema. As anon (any API role has TEMP on the database), shadow the
--    common type names with domains whose CHECK warns when it runs with a superuser's rights; then
--    call every function of fashionos an API role may execute, as anon and as the model (whose
--    writes to his calendar run SECURITY DEFINER triggers). Expected: no WARNING.
BEGIN;
SET LOCAL ROLE anon;
CREATE FUNCTION pg_temp.hijack(p_value pg_catalog.text) RETURNS pg_catalog.bool
    LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user) THEN
        RAISE WARNING 'the caller''s code ran as %', current_user;
    END IF;
    RETURN true;
END
$$;
CREATE DOMAIN pg_temp.text AS pg_catalog.text CHECK (pg_temp.hijack(VALUE));
CREATE DOMAIN pg_temp.uuid AS pg_catalog.uuid CHECK (pg_temp.hijack(VALUE::pg_catalog.text));
CREATE DOMAIN pg_temp.timestamptz AS pg_catalog.timestamptz CHECK (pg_temp.hijack(VALUE::pg_catalog.text));
CREATE DOMAIN pg_temp.jsonb AS pg_catalog.jsonb CHECK (pg_temp.hijack(VALUE::pg_catalog.text));
CREATE DOMAIN pg_temp.int4 AS pg_catalog.int4 CHECK (pg_temp.hijack(VALUE::pg_catalog.text));
CREATE DOMAIN pg_temp.date AS pg_catalog.date CHECK (pg_temp.hijack(VALUE::pg_catalog.text));
CREATE DOMAIN pg_temp.tstzrange AS pg_catalog.tstzrange CHECK (pg_temp.hijack(VALUE::pg_catalog.text));
RESET ROLE;
SELECT pg_catalog.count(*) AS calls,
       pg_catalog.count(*) FILTER (WHERE a.anon IS NOT NULL AND a.model IS NOT NULL) AS answered
  FROM boundary.direct_call d
 CROSS JOIN LATERAL (SELECT boundary.attempt('anon', d.sql) AS anon, boundary.attempt('model', d.sql) AS model) a;
-- the model's calendar: an open slot (triggers limit_open_slots, availability_to_ledger), then gone
SELECT fixture.act_as('model');
INSERT INTO public.model_availability (id, model_profile_id, date, start_time, end_time, status)
VALUES ('00000000-0000-0000-00cc-000000000001', fixture.id('model_profiles', 'M'), '2087-05-01',
        '2087-05-01 10:00+00', '2087-05-01 12:00+00', 'available');
UPDATE public.model_availability SET end_time = '2087-05-01 13:00+00' WHERE id = '00000000-0000-0000-00cc-000000000001';
DELETE FROM public.model_availability WHERE id = '00000000-0000-0000-00cc-000000000001';
RESET ROLE;
-- The check catches a definer that leaves the temporary schema first (expected: one WARNING).
CREATE FUNCTION boundary.exposed() RETURNS pg_catalog.int4 LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
DECLARE v text := 'x'; BEGIN RETURN pg_catalog.length(v); END $$;
GRANT EXECUTE ON FUNCTION boundary.exposed() TO anon;
SET LOCAL ROLE anon;
SELECT boundary.exposed();
ROLLBACK;
