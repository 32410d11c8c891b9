-- door: offline door bundles, the sync of offline scans, and signed payment webhooks, as PostgREST
-- calls them (role, JWT claims and request headers set per transaction), with their SQLSTATEs.
\i common/atelier_setup.sql
SELECT time_zone, hold_minutes FROM public.set_event_settings('33333333-0000-4000-8000-000000000001', p_time_zone => 'Europe/Paris');
-- A POSIX rule is not a time zone name (UTC+5 is five hours west of Greenwich), nor are the zone
-- database's posix/ copies; names are matched in any case.
SELECT pg_temp.try($$SELECT * FROM public.set_event_settings('33333333-0000-4000-8000-000000000001', p_time_zone => 'UTC+5')$$) AS posix_rule;
SELECT pg_temp.try($$SELECT * FROM public.set_event_settings('33333333-0000-4000-8000-000000000001', p_time_zone => 'posix/Europe/Paris')$$) AS posix_copy;
SELECT pg_temp.try($$SELECT * FROM public.set_event_settings('33333333-0000-4000-8000-000000000001', p_time_zone => 'europe/paris')$$) AS any_case;
-- (kept as the time zone database spells it, the name door apps look up)
SELECT time_zone AS stored_as FROM public.get_event_settings('33333333-0000-4000-8000-000000000001');
SELECT time_zone FROM public.set_event_settings('33333333-0000-4000-8000-000000000001', p_time_zone => 'Europe/Paris');
-- fixed offsets with the POSIX sign, and the server's own zone, are refused too
SELECT pg_temp.try($$SELECT * FROM public.set_event_settings('33333333-0000-4000-8000-000000000001', p_time_zone => 'Etc/GMT+5')$$) AS posix_sign;
SELECT pg_temp.try($$SELECT * FROM public.set_event_settings('33333333-0000-4000-8000-000000000001', p_time_zone => 'localtime')$$) AS server_zone;
-- The scans below are dated 2020: the event is older still (a scan before its event existed is
-- refused as a clock error).
UPDATE public.events SET created_at = '2019-01-01Z' WHERE id = '33333333-0000-4000-8000-000000000001';

-- Tickets: A and B confirmed (free tier), C pending (paid), D confirmed then cancelled, E
-- reissued (its first token revoked), F of the rival's event.
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
CREATE TEMP TABLE t AS
SELECT 'A' AS k, * FROM public.reserve_tickets('44444444-0000-4000-8000-000000000003', 1, 'a@example.com', 'Ada')
UNION ALL SELECT 'B', * FROM public.reserve_tickets('44444444-0000-4000-8000-000000000003', 1, 'b@example.com', 'Ben')
UNION ALL SELECT 'C', * FROM public.reserve_tickets('44444444-0000-4000-8000-000000000001', 1, 'c@example.com', 'Cy')
UNION ALL SELECT 'D', * FROM public.reserve_tickets('44444444-0000-4000-8000-000000000003', 1, 'd@example.com', 'Dot')
UNION ALL SELECT 'E', * FROM public.reserve_tickets('44444444-0000-4000-8000-000000000003', 1, 'e@example.com', 'Eve');
GRANT SELECT ON t TO PUBLIC;
SELECT status FROM public.cancel_registration((SELECT registration_id FROM t WHERE k = 'D'));
SELECT public.reissue_ticket((SELECT registration_id FROM t WHERE k = 'E')) LIKE 'FOS1.%' AS reissued;
COMMIT;
-- (both before the show: a scan is judged by the ticket's state when it was made)
UPDATE fashionos.revoked_tokens SET revoked_at = '2020-02-01Z';
-- ... and its tickets were bought in 2019 (a scan before its ticket was bought is refused too).
UPDATE public.registrations SET created_at = '2019-06-01Z' WHERE event_id = '33333333-0000-4000-8000-000000000001';
SELECT qr_code_data AS token_e2 FROM public.registrations WHERE id = (SELECT registration_id FROM t WHERE k = 'E') \gset
INSERT INTO public.ticket_tiers (id, event_id, name, type, price, quantity_total) VALUES
    ('44444444-0000-4000-8000-00000000000f', '33333333-0000-4000-8000-000000000003', 'Rival', 'paid', 0, 10);
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000004');
CREATE TEMP TABLE f AS SELECT * FROM public.reserve_tickets('44444444-0000-4000-8000-00000000000f', 1, 'f@example.com', 'Fay');
GRANT SELECT ON f TO PUBLIC;
COMMIT;

-- The bundle: door staff only; signed; every registration with its status; revoked tokens by hash.
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000002');
SELECT pg_temp.try($$SELECT public.door_bundle('33333333-0000-4000-8000-000000000001')$$) AS viewer;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000004');
SELECT pg_temp.try($$SELECT public.door_bundle('33333333-0000-4000-8000-000000000001')$$) AS rival;
SELECT pg_temp.act('anon', NULL);
SELECT pg_temp.try($$SELECT public.door_bundle('33333333-0000-4000-8000-000000000001')$$) AS anon;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT pg_temp.try($$SELECT public.door_bundle('33333333-0000-4000-8000-0000000000ff')$$) AS unknown_event;
SELECT pg_temp.try($$SELECT public.door_bundle('33333333-0000-4000-8000-000000000001', -1)$$) AS negative_since;
CREATE TEMP TABLE b1 AS SELECT public.door_bundle('33333333-0000-4000-8000-000000000001') AS doc;
GRANT SELECT ON b1 TO PUBLIC;
COMMIT;
CREATE TEMP TABLE b1p AS SELECT doc, (doc->>'bundle')::jsonb AS bundle FROM b1;
GRANT SELECT ON b1p TO PUBLIC;
SELECT doc->>'format' AS format, doc->>'algorithm' AS algorithm,
       doc->>'key_id' = (SELECT key_id FROM public.ticket_signing_keys() LIMIT 1) AS signed_by_current_key,
       length(doc->>'signature') AS signature_chars
  FROM b1p;
SELECT bundle->>'format' AS format, bundle->>'kind' AS kind, bundle->'event'->>'name' AS event,
       bundle->'event'->>'time_zone' AS time_zone, (bundle->>'sequence')::bigint > 0 AS has_sequence,
       jsonb_array_length(bundle->'tiers') AS tiers, jsonb_array_length(bundle->'keys') AS keys,
       bundle->'names_included' AS names
  FROM b1p;
SELECT t.k, r->>'status' AS status, r->>'attendee_name' AS name, r->>'checked_in_at' AS checked_in_at
  FROM b1p, jsonb_array_elements(bundle->'registrations') r JOIN t ON t.registration_id::text = r->>'id'
 ORDER BY t.k;
-- The revoked: D's token (cancelled) and E's first token (reissued), by SHA-256.
SELECT t.k, v->>'reason' AS reason
  FROM b1p, jsonb_array_elements(bundle->'revoked') v
  JOIN t ON encode(sha256(convert_to(t.qr_code_data, 'UTF8')), 'hex') = v->>'token_sha256'
 ORDER BY t.k;
-- The signature verifies over the bundle's text with the published key (checked outside the
-- database by tests/e2e/door.test.mjs; here: it is 64 bytes of base64url).
SELECT length(decode(translate(doc->>'signature', '-_', '+/') || '==', 'base64')) AS signature_bytes FROM b1p;
-- Without names.
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT count(*) FILTER (WHERE r ? 'attendee_name') AS with_names, count(*) AS registrations
  FROM jsonb_array_elements((public.door_bundle('33333333-0000-4000-8000-000000000001', NULL, false)->>'bundle')::jsonb->'registrations') r;
COMMIT;

-- Sync: bad batches are 400s that name the entry.
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT pg_temp.try($$SELECT * FROM public.sync_door_scans('33333333-0000-4000-8000-000000000001', '{}')$$) AS not_array;
SELECT pg_temp.try($$SELECT * FROM public.sync_door_scans('33333333-0000-4000-8000-000000000001', '[]')$$) AS empty;
-- a scan with a field of its own nested 200 levels deep: a 400 that says so, not the JSON reader's
-- internal error (500), which a door app would retry for ever
SELECT pg_temp.try(format($$SELECT * FROM public.sync_door_scans('33333333-0000-4000-8000-000000000001', %L)$$,
       '[{"token": "FOS1.x", "scanned_at": "2020-01-01T10:00:00Z", "gate": "north", "meta": '
       || repeat('[', 200) || repeat(']', 200) || '}]')) AS nested_too_deeply;
SELECT pg_temp.try($$SELECT * FROM public.sync_door_scans('33333333-0000-4000-8000-000000000001',
    '[{"token": "x", "scanned_at": "2027-03-01T19:00:00Z", "gate": "north"}, {"scanned_at": "2027-03-01T19:00:00Z", "gate": "north"}]')$$) AS missing_token;
SELECT pg_temp.try($$SELECT * FROM public.sync_door_scans('33333333-0000-4000-8000-000000000001',
    '[{"token": "x", "scanned_at": "yesterday", "gate": "north"}]')$$) AS bad_time;
SELECT pg_temp.try($$SELECT * FROM public.sync_door_scans('33333333-0000-4000-8000-000000000001',
    '[{"token": "x", "scanned_at": "2027-03-01T19:00:00Z", "gate": ""}]')$$) AS no_gate;
SELECT pg_temp.try($$SELECT * FROM public.sync_door_scans('33333333-0000-4000-8000-000000000001',
    '[{"token": "x", "scanned_at": "2999-03-01T19:00:00Z", "gate": "north"}]')$$) AS future;
-- a time PostgreSQL cannot read (an offset past 15:59, the 30th of February) is not a scan
SELECT pg_temp.try($$SELECT * FROM public.sync_door_scans('33333333-0000-4000-8000-000000000001',
    '[{"token": "x", "scanned_at": "2086-12-06T16:00:00+25:00", "gate": "north"}]')$$) AS offset_25h;
SELECT pg_temp.try($$SELECT * FROM public.sync_door_scans('33333333-0000-4000-8000-000000000001',
    '[{"token": "x", "scanned_at": "2087-02-30T16:00:00Z", "gate": "north"}]')$$) AS february_30;
-- a scanner whose clock was reset: its scans would become every ticket's earliest check-in
SELECT pg_temp.try($$SELECT * FROM public.sync_door_scans('33333333-0000-4000-8000-000000000001',
    '[{"token": "x", "scanned_at": "2020-03-01T19:00:00Z", "gate": "north"}, {"token": "x", "scanned_at": "1970-01-01T00:00:00Z", "gate": "north"}]')$$) AS clock_reset;
-- the same for a token revoked since (E's first one): a scan before its ticket was bought
SELECT pg_temp.try(format($$SELECT * FROM public.sync_door_scans('33333333-0000-4000-8000-000000000001',
    '[{"token": "%s", "scanned_at": "2019-03-01T19:00:00Z", "gate": "north"}]')$$, (SELECT qr_code_data FROM t WHERE k = 'E'))) AS clock_reset_revoked;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000002');
SELECT pg_temp.try($$SELECT * FROM public.sync_door_scans('33333333-0000-4000-8000-000000000001',
    '[{"token": "x", "scanned_at": "2020-03-01T19:00:00Z", "gate": "north"}]')$$) AS viewer;
COMMIT;

-- A batch from the north gate: A admitted at its real scan time, A again a duplicate, B admitted,
-- C unpaid, D cancelled, E's old token revoked, F for another event, garbage malformed.
CREATE TEMP TABLE north AS
SELECT jsonb_build_array(
    jsonb_build_object('token', (SELECT qr_code_data FROM t WHERE k = 'A'), 'scanned_at', '2020-03-01T19:01:00Z', 'gate', 'north', 'device', 'n1'),
    jsonb_build_object('token', (SELECT qr_code_data FROM t WHERE k = 'A'), 'scanned_at', '2020-03-01T19:03:00Z', 'gate', 'north'),
    jsonb_build_object('token', (SELECT qr_code_data FROM t WHERE k = 'B'), 'scanned_at', '2020-03-01T19:05:00+01:00', 'gate', 'north'),
    jsonb_build_object('token', (SELECT qr_code_data FROM t WHERE k = 'C'), 'scanned_at', '2020-03-01T19:06:00Z', 'gate', 'north'),
    jsonb_build_object('token', (SELECT qr_code_data FROM t WHERE k = 'D'), 'scanned_at', '2020-03-01T19:07:00Z', 'gate', 'north'),
    jsonb_build_object('token', (SELECT qr_code_data FROM t WHERE k = 'E'), 'scanned_at', '2020-03-01T19:08:00Z', 'gate', 'north'),
    jsonb_build_object('token', (SELECT qr_code_data FROM f), 'scanned_at', '2020-03-01T19:09:00Z', 'gate', 'north'),
    jsonb_build_object('token', 'FOS1.garbage', 'scanned_at', '2020-03-01T19:10:00Z', 'gate', 'north')) AS scans;
GRANT SELECT ON north TO PUBLIC;
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT s.scan_index, s.outcome, s.reason, s.attendee_name, s.scanned_at, s.gate, s.first_scanned_at, s.first_gate, s.replayed
  FROM north, public.sync_door_scans('33333333-0000-4000-8000-000000000001', north.scans) s;
COMMIT;
-- The same batch again: nothing changes, the answers are the same, replayed.
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT s.scan_index, s.outcome, s.reason, s.first_scanned_at, s.first_gate, s.replayed
  FROM north, public.sync_door_scans('33333333-0000-4000-8000-000000000001', north.scans) s;
COMMIT;
SELECT count(*) AS scans_recorded FROM fashionos.door_scans;
SELECT t.k, r.status, r.checked_in_at FROM public.registrations r JOIN t ON t.registration_id = r.id ORDER BY t.k;
-- verify_ticket agrees with the door: valid only for a ticket that would be let in now; A and B
-- are used, C unpaid, D cancelled, E's first token revoked. Anyone holding a token learns why
-- (and its registration for used and unpaid), only the event's door staff whose ticket it is.
BEGIN;
SELECT pg_temp.act('anon', NULL);
SELECT t.k, v.valid, v.reason, v.registration_id = t.registration_id AS names_it, v.status, v.attendee_name
  FROM t, public.verify_ticket(t.qr_code_data) v ORDER BY t.k;
SELECT v.valid, v.reason FROM public.verify_ticket(:'token_e2') v;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT t.k, v.valid, v.reason, v.status, v.attendee_name, v.checked_in_at IS NOT NULL AS checked_in
  FROM t, public.verify_ticket(t.qr_code_data) v WHERE t.k IN ('A', 'C') ORDER BY t.k;
COMMIT;

-- The south gate synced later but scanned A earlier: the earliest scan wins, A's check-in time
-- moves to it, and north's scan is now the duplicate. B online, then an earlier offline scan.
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
-- South's answer names the admission it displaced (north's, a second person on the ticket).
SELECT s.scan_index, s.outcome, s.first_scanned_at, s.first_gate, s.displaced_scanned_at, s.displaced_gate
  FROM public.sync_door_scans('33333333-0000-4000-8000-000000000001',
       jsonb_build_array(jsonb_build_object('token', (SELECT qr_code_data FROM t WHERE k = 'A'), 'scanned_at', '2020-03-01T18:59:00Z', 'gate', 'south'))) s;
SELECT s.scan_index, s.outcome, s.first_scanned_at, s.first_gate, s.replayed
  FROM north, public.sync_door_scans('33333333-0000-4000-8000-000000000001', north.scans) s WHERE s.scan_index = 0;
COMMIT;

-- E's new token: online check_in first, then an offline scan made after it is a duplicate that
-- names the online check-in.
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT outcome FROM public.check_in(:'token_e2', '33333333-0000-4000-8000-000000000001');
SELECT s.outcome, s.first_gate
  FROM public.sync_door_scans('33333333-0000-4000-8000-000000000001',
       jsonb_build_array(jsonb_build_object('token', :'token_e2', 'scanned_at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), 'gate', 'east'))) s;
COMMIT;

-- A delta since the first bundle: only what changed since (A, B, E checked in; no new revocation).
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
CREATE TEMP TABLE b2 AS
SELECT (public.door_bundle('33333333-0000-4000-8000-000000000001', (SELECT (bundle->>'sequence')::bigint FROM b1p))->>'bundle')::jsonb AS bundle;
COMMIT;
SELECT bundle->>'kind' AS kind, (bundle->>'since')::bigint = (SELECT (bundle->>'sequence')::bigint FROM b1p) AS since_matches,
       (bundle->>'sequence')::bigint >= (SELECT (bundle->>'sequence')::bigint FROM b1p) AS sequence_grows
  FROM b2;
SELECT t.k, r->>'status' AS status, r->>'first_gate' AS first_gate
  FROM b2, jsonb_array_elements(bundle->'registrations') r JOIN t ON t.registration_id::text = r->>'id'
 ORDER BY t.k;
SELECT jsonb_array_length(bundle->'revoked') AS revoked_in_delta FROM b2;
-- The same sequence, as another database would have written it (its low 16 bits, the database's
-- marker, differ: a database restored from a dump draws its own), gets a full bundle; so does one
-- from the future.
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT (public.door_bundle('33333333-0000-4000-8000-000000000001', (SELECT (bundle->>'sequence')::bigint # 1 FROM b1p))->>'bundle')::jsonb->>'kind' AS other_database,
       (public.door_bundle('33333333-0000-4000-8000-000000000001', (SELECT (bundle->>'sequence')::bigint + (1000000::bigint << 16) FROM b1p))->>'bundle')::jsonb->>'kind' AS from_the_future;
COMMIT;
SELECT ((SELECT (bundle->>'sequence')::bigint FROM b1p) & 65535) = (SELECT marker FROM fashionos.door_database) AS names_this_database;
-- A cancellation after it shows in the next delta as a revocation.
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT status FROM public.cancel_registration((SELECT registration_id FROM t WHERE k = 'C'));
COMMIT;
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT v->>'reason' AS reason, v->>'token_sha256' = encode(sha256(convert_to((SELECT qr_code_data FROM t WHERE k = 'C'), 'UTF8')), 'hex') AS is_c
  FROM jsonb_array_elements((public.door_bundle('33333333-0000-4000-8000-000000000001', (SELECT (bundle->>'sequence')::bigint FROM b2))->>'bundle')::jsonb->'revoked') v;
COMMIT;
-- A reissue after it: the next delta carries the old token's revocation, and not the registration,
-- whose bundle row (no token in it) did not change.
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
CREATE TEMP TABLE gil AS
SELECT registration_id FROM public.reserve_tickets('44444444-0000-4000-8000-000000000003', 1, 'gil@example.com', 'Gil');
COMMIT;
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
CREATE TEMP TABLE b3 AS
SELECT (public.door_bundle('33333333-0000-4000-8000-000000000001')->>'bundle')::jsonb AS bundle;
COMMIT;
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT public.reissue_ticket((SELECT registration_id FROM gil)) LIKE 'FOS1.%' AS gil_reissued;
COMMIT;
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT jsonb_array_length(d->'registrations') AS registrations_in_delta,
       (SELECT array_agg(v->>'reason') FROM jsonb_array_elements(d->'revoked') v) AS revoked_in_delta
  FROM (SELECT (public.door_bundle('33333333-0000-4000-8000-000000000001', (SELECT (bundle->>'sequence')::bigint FROM b3))->>'bundle')::jsonb AS d) x;
COMMIT;

-- Hal, let in offline on his Standing ticket (bought 2020), which the box office then exchanges
-- twice (Press, then Standing again) before the gate syncs: the scan is the check-in of the ticket
-- at the end of that chain, whose token then answers "already checked in" (not a second person).
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
CREATE TEMP TABLE hal AS
SELECT registration_id, qr_code_data FROM public.reserve_tickets('44444444-0000-4000-8000-000000000003', 1, 'hal@example.com', 'Hal');
COMMIT;
GRANT SELECT ON hal TO PUBLIC;
UPDATE public.registrations SET created_at = '2020-02-01Z' WHERE id = (SELECT registration_id FROM hal);
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
CREATE TEMP TABLE hal2 AS
SELECT registration_id FROM public.exchange_ticket((SELECT registration_id FROM hal), '44444444-0000-4000-8000-000000000002');
CREATE TEMP TABLE hal3 AS
SELECT registration_id, qr_code_data FROM public.exchange_ticket((SELECT registration_id FROM hal2), '44444444-0000-4000-8000-000000000003');
COMMIT;
GRANT SELECT ON hal3 TO PUBLIC;
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT outcome, reason, registration_id = (SELECT registration_id FROM hal3) AS last_of_chain, scanned_at
  FROM public.sync_door_scans('33333333-0000-4000-8000-000000000001',
       jsonb_build_array(jsonb_build_object('token', (SELECT qr_code_data FROM hal), 'scanned_at', '2020-03-01T19:20:00Z', 'gate', 'north')));
SELECT status, checked_in_at FROM public.registrations WHERE id = (SELECT registration_id FROM hal3);
SELECT outcome, checked_in_at FROM public.check_in((SELECT qr_code_data FROM hal3), '33333333-0000-4000-8000-000000000001');
-- a scan of the first ticket made after its exchange: that token was no longer the ticket
SELECT outcome, reason FROM public.sync_door_scans('33333333-0000-4000-8000-000000000001',
       jsonb_build_array(jsonb_build_object('token', (SELECT qr_code_data FROM hal), 'scanned_at', to_char((now() + interval '2 seconds') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), 'gate', 'south')));
COMMIT;

-- Webhooks: the secret is set by server-side code only, and never readable.
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT pg_temp.try($$SELECT public.set_payment_webhook_secret('stripe', 'whsec_0123456789abcdef')$$) AS owner_user;
SELECT pg_temp.act('anon', NULL);
SELECT pg_temp.try($$SELECT public.set_payment_webhook_secret('stripe', 'whsec_0123456789abcdef')$$) AS anon;
SELECT pg_temp.try($$SELECT * FROM fashionos.payment_webhook_secrets$$) AS anon_reads;
SELECT pg_temp.act('service_role', NULL);
SELECT pg_temp.try($$SELECT public.set_payment_webhook_secret('stripe', 'short')$$) AS too_short;
SELECT pg_temp.try($$SELECT public.set_payment_webhook_secret('visa', 'whsec_0123456789abcdef')$$) AS unknown_provider;
SELECT public.set_payment_webhook_secret('stripe', 'whsec_0123456789abcdef') AS first;
SELECT public.set_payment_webhook_secret('stripe', 'whsec_fedcba9876543210') AS second;
COMMIT;

-- deliver(body, t, secret): posts a body as PostgREST would (anon, request.headers), signed by
-- Stripe's scheme with pgcrypto-free SQL: HMAC-SHA256 by its definition.
CREATE FUNCTION pg_temp.hmac256(p_key bytea, p_msg bytea) RETURNS text LANGUAGE sql AS $$
    SELECT encode(sha256(
        (SELECT string_agg(set_byte('\x00'::bytea, 0, get_byte(p_key || decode(repeat('00', 64 - length(p_key)), 'hex'), i) # 92), '' ORDER BY i) FROM generate_series(0, 63) i)
        || sha256((SELECT string_agg(set_byte('\x00'::bytea, 0, get_byte(p_key || decode(repeat('00', 64 - length(p_key)), 'hex'), i) # 54), '' ORDER BY i) FROM generate_series(0, 63) i) || p_msg)), 'hex')
$$;
CREATE FUNCTION pg_temp.deliver(p_body text, p_t bigint, p_secret text, p_signed_body text DEFAULT NULL) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    v_result text;
BEGIN
    PERFORM set_config('request.headers', json_build_object('content-type', 'application/json',
        'stripe-signature', format('t=%s,v1=%s', p_t,
            pg_temp.hmac256(convert_to(p_secret, 'UTF8'), convert_to(p_t || '.' || coalesce(p_signed_body, p_body), 'UTF8'))))::text, true);
    PERFORM set_config('role', 'anon', true);
    PERFORM set_config('request.jwt.claims', '{"role": "anon"}', true);
    SELECT format('%s %s %s changed=%s', w.outcome, w.payment_status, w.registration_status, w.changed) INTO v_result
      FROM public.payment_webhook(p_body::json) w;
    PERFORM set_config('role', 'postgres', true);
    RETURN v_result;
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ' ' || SQLERRM;
END
$$;
SELECT pg_temp.hmac256(convert_to('key', 'UTF8'), convert_to('The quick brown fox jumps over the lazy dog', 'UTF8'))
     = 'f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8' AS hmac_is_right;
SELECT payment_id AS pay_c FROM t WHERE k = 'C' \gset
BEGIN;
SELECT pg_temp.act('anon', NULL);
CREATE TEMP TABLE g AS SELECT * FROM public.reserve_tickets('44444444-0000-4000-8000-000000000001', 1, 'g@example.com', 'Gil');
GRANT SELECT ON g TO PUBLIC;
COMMIT;
SELECT payment_id AS pay_g FROM g \gset
SELECT format('{"id": "evt_1", "type": "payment_intent.succeeded", "data": {"object": {"id": "pi_g", "metadata": {"payment_id": "%s"}}}}', :'pay_g') AS body_ok \gset
SELECT extract(epoch FROM now())::bigint AS now_t \gset
-- No header, a tampered body, a stale timestamp, the old secret after rotation (still valid for
-- 24 hours), an unknown secret: 401 and nothing written.
SELECT pg_temp.try($$SELECT * FROM public.payment_webhook('{}')$$) AS no_header;
SELECT pg_temp.deliver(:'body_ok', :now_t, 'whsec_fedcba9876543210', replace(:'body_ok', 'evt_1', 'evt_0')) AS tampered;
SELECT pg_temp.deliver(:'body_ok', :now_t - 301, 'whsec_fedcba9876543210') AS stale;
SELECT pg_temp.deliver(:'body_ok', :now_t, 'whsec_wrong_secret_000') AS wrong_secret;
SELECT count(*) AS events_recorded FROM fashionos.webhook_events;
SELECT status FROM public.payments WHERE id = :'pay_g';
-- Valid (signed with the previous secret, inside its grace period), then the same event again,
-- then the same event id with another body: nothing changes.
SELECT pg_temp.deliver(:'body_ok', :now_t, 'whsec_0123456789abcdef') AS valid;
SELECT pg_temp.deliver(:'body_ok', :now_t, 'whsec_fedcba9876543210') AS replayed;
SELECT pg_temp.deliver(replace(:'body_ok', 'succeeded', 'payment_failed'), :now_t, 'whsec_fedcba9876543210') AS same_id_other_type;
SELECT status, provider, provider_transaction_id FROM public.payments WHERE id = :'pay_g';
-- A refund of the charge, found by its PaymentIntent; an unknown type; someone else's payment;
-- a signed body that is not an event.
SELECT pg_temp.deliver('{"id": "evt_2", "type": "charge.refunded", "data": {"object": {"id": "ch_g", "payment_intent": "pi_g", "refunded": true, "metadata": {}}}}', :now_t, 'whsec_fedcba9876543210') AS refund;
SELECT pg_temp.deliver('{"id": "evt_3", "type": "customer.created", "data": {"object": {"id": "cus_1"}}}', :now_t, 'whsec_fedcba9876543210') AS other_type;
SELECT pg_temp.deliver('{"id": "evt_4", "type": "payment_intent.succeeded", "data": {"object": {"id": "pi_x", "metadata": {}}}}', :now_t, 'whsec_fedcba9876543210') AS not_ours;
SELECT pg_temp.deliver('{"id": "evt_5", "type": "payment_intent.succeeded", "data": {"object": {"id": "pi_x", "metadata": {"payment_id": "nope"}}}}', :now_t, 'whsec_fedcba9876543210') AS bad_payment_id;
SELECT pg_temp.deliver('[1, 2]', :now_t, 'whsec_fedcba9876543210') AS not_an_event;
-- an id holding U+0000 (JSON keeps the escape; no text of PostgreSQL may hold the character) is
-- not an event: 400, nothing recorded; the id without it is still a new event
SELECT pg_temp.deliver('{"id": "evt_nul\u0000first", "type": "customer.created", "data": {"object": {}}}', :now_t, 'whsec_fedcba9876543210') AS nul_in_id;
SELECT pg_temp.deliver('{"id": "evt_nul", "type": "customer.created", "data": {"object": {}}}', :now_t, 'whsec_fedcba9876543210') AS after_nul;
-- A canceled PaymentIntent of C: ignored (another PaymentIntent may still pay a reservation; the
-- hold runs out by itself).
SELECT pg_temp.deliver(format('{"id": "evt_6", "type": "payment_intent.canceled", "data": {"object": {"id": "pi_c", "metadata": {"payment_id": "%s"}}}}', :'pay_c'), :now_t, 'whsec_fedcba9876543210') AS fail_c;
-- H, a new hold: a declined attempt is not a failure (the buyer may pay again with the same
-- PaymentIntent); a success for another amount or currency pays nothing; a payment id that is a
-- number is not a uuid; the right amount (in cents) completes it; a partial refund leaves it paid;
-- a full refund refunds it.
BEGIN;
SELECT pg_temp.act('anon', NULL);
CREATE TEMP TABLE h AS SELECT * FROM public.reserve_tickets('44444444-0000-4000-8000-000000000001', 1, 'h@example.com', 'Hal');
GRANT SELECT ON h TO PUBLIC;
COMMIT;
SELECT payment_id AS pay_h, (amount * 100)::bigint AS cents_h, lower(currency) AS currency_h FROM h \gset
SELECT pg_temp.deliver(format('{"id": "evt_7", "type": "payment_intent.payment_failed", "data": {"object": {"id": "pi_h", "amount": %s, "currency": "%s", "metadata": {"payment_id": "%s"}}}}', :cents_h, :'currency_h', :'pay_h'), :now_t, 'whsec_fedcba9876543210') AS declined_h;
SELECT pg_temp.deliver(format('{"id": "evt_8", "type": "payment_intent.succeeded", "data": {"object": {"id": "pi_h", "amount": 1, "currency": "%s", "metadata": {"payment_id": "%s"}}}}', :'currency_h', :'pay_h'), :now_t, 'whsec_fedcba9876543210') AS one_cent_h;
SELECT pg_temp.deliver(format('{"id": "evt_9", "type": "payment_intent.succeeded", "data": {"object": {"id": "pi_h", "amount": %s, "currency": "jpy", "metadata": {"payment_id": "%s"}}}}', :cents_h, :'pay_h'), :now_t, 'whsec_fedcba9876543210') AS other_currency_h;
SELECT pg_temp.deliver('{"id": "evt_10", "type": "payment_intent.succeeded", "data": {"object": {"id": "pi_h", "metadata": {"payment_id": 5}}}}', :now_t, 'whsec_fedcba9876543210') AS numeric_payment_id;
SELECT pg_temp.deliver(format('{"id": "evt_11", "type": "payment_intent.succeeded", "data": {"object": {"id": "pi_h", "amount": 1, "amount_received": %s, "currency": "%s", "metadata": {"payment_id": "%s"}}}}', :cents_h, upper(:'currency_h'), :'pay_h'), :now_t, 'whsec_fedcba9876543210') AS paid_h;
SELECT pg_temp.deliver(format('{"id": "evt_12", "type": "charge.refunded", "data": {"object": {"id": "ch_h", "payment_intent": "pi_h", "amount": %s, "amount_refunded": 100, "refunded": false}}}', :cents_h), :now_t, 'whsec_fedcba9876543210') AS partial_refund_h;
SELECT pg_temp.deliver(format('{"id": "evt_13", "type": "charge.refunded", "data": {"object": {"id": "ch_h", "payment_intent": "pi_h", "amount": %s, "amount_refunded": %s, "refunded": true}}}', :cents_h, :cents_h), :now_t, 'whsec_fedcba9876543210') AS full_refund_h;
SELECT provider, event_id, event_type, outcome, payment_id IS NOT NULL AS has_payment FROM fashionos.webhook_events ORDER BY event_id;
-- I, paid and checked in, then refunded by the provider: the refund already happened, so it is
-- recorded (payment refunded); the ticket stays used and is not put back on sale. refund_payment,
-- asked by organizers, still refuses a used ticket.
BEGIN;
SELECT pg_temp.act('anon', NULL);
CREATE TEMP TABLE i AS SELECT * FROM public.reserve_tickets('44444444-0000-4000-8000-000000000001', 1, 'i@example.com', 'Ida');
GRANT SELECT ON i TO PUBLIC;
COMMIT;
SELECT payment_id AS pay_i, qr_code_data AS token_i FROM i \gset
SELECT pg_temp.deliver(format('{"id": "evt_14", "type": "payment_intent.succeeded", "data": {"object": {"id": "pi_i", "metadata": {"payment_id": "%s"}}}}', :'pay_i'), :now_t, 'whsec_fedcba9876543210') AS paid_i;
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT outcome FROM public.check_in(:'token_i', '33333333-0000-4000-8000-000000000001');
SELECT pg_temp.try(format('SELECT public.refund_payment(%L)', :'pay_i')) AS organizer_refund_used;
COMMIT;
SELECT quantity_sold AS sold_before FROM public.ticket_tiers WHERE id = '44444444-0000-4000-8000-000000000001';
SELECT pg_temp.deliver('{"id": "evt_15", "type": "charge.refunded", "data": {"object": {"id": "ch_i", "payment_intent": "pi_i", "refunded": true}}}', :now_t, 'whsec_fedcba9876543210') AS provider_refund_used;
SELECT pg_temp.deliver('{"id": "evt_16", "type": "charge.refunded", "data": {"object": {"id": "ch_i", "payment_intent": "pi_i", "refunded": true}}}', :now_t, 'whsec_fedcba9876543210') AS again;
SELECT quantity_sold AS sold_after FROM public.ticket_tiers WHERE id = '44444444-0000-4000-8000-000000000001';
-- KO: the provider refunds the charge in full, and delivers the refund before the success (it
-- delivers out of order). The refund is kept for the success (refund_pending, 200), which then
-- records the payment and the refund together: the books show the money in and out, under each
-- event, and the ticket goes back. LO: the same, but its hold ran out and was released meanwhile:
-- the success sells nothing (200 ignored, not a 409 that the provider would retry for days).
BEGIN;
SELECT pg_temp.act('anon', NULL);
CREATE TEMP TABLE ko AS SELECT * FROM public.reserve_tickets('44444444-0000-4000-8000-000000000001', 1, 'k@example.com', 'Kim');
CREATE TEMP TABLE lo AS SELECT * FROM public.reserve_tickets('44444444-0000-4000-8000-000000000001', 1, 'l@example.com', 'Lea');
GRANT SELECT ON ko, lo TO PUBLIC;
COMMIT;
SELECT payment_id AS pay_k, registration_id AS reg_k FROM ko \gset
SELECT payment_id AS pay_l, registration_id AS reg_l FROM lo \gset
SELECT quantity_sold AS sold_with_k_and_l FROM public.ticket_tiers WHERE id = '44444444-0000-4000-8000-000000000001';
SELECT pg_temp.deliver(format('{"id": "evt_early_1", "type": "charge.refunded", "data": {"object": {"id": "ch_ko", "payment_intent": "pi_ko", "refunded": true, "metadata": {"payment_id": "%s"}}}}', :'pay_k'), :now_t, 'whsec_fedcba9876543210') AS refund_first_k;
SELECT pg_temp.deliver(format('{"id": "evt_early_2", "type": "payment_intent.succeeded", "data": {"object": {"id": "pi_ko", "metadata": {"payment_id": "%s"}}}}', :'pay_k'), :now_t, 'whsec_fedcba9876543210') AS success_then_k;
SELECT pg_temp.deliver(format('{"id": "evt_early_1", "type": "charge.refunded", "data": {"object": {"id": "ch_ko", "payment_intent": "pi_ko", "refunded": true, "metadata": {"payment_id": "%s"}}}}', :'pay_k'), :now_t, 'whsec_fedcba9876543210') AS refund_again_k;
SELECT p.status AS payment, r.status AS registration FROM public.payments p JOIN public.registrations r ON r.id = p.registration_id WHERE p.id = :'pay_k';
SELECT status_before, status, reason, webhook FROM fashionos.payment_events WHERE payment_id = :'pay_k' ORDER BY entry_id;
SELECT event_id, outcome FROM fashionos.webhook_events WHERE event_id IN ('evt_early_1', 'evt_early_2') ORDER BY event_id;
SELECT pg_temp.deliver(format('{"id": "evt_early_3", "type": "charge.refunded", "data": {"object": {"id": "ch_lo", "payment_intent": "pi_lo", "refunded": true, "metadata": {"payment_id": "%s"}}}}', :'pay_l'), :now_t, 'whsec_fedcba9876543210') AS refund_first_l;
UPDATE fashionos.registration_holds SET expires_at = now() - interval '1 minute' WHERE registration_id = :'reg_l';
SELECT public.release_expired_holds('44444444-0000-4000-8000-000000000001') AS released_l;
SELECT pg_temp.deliver(format('{"id": "evt_early_4", "type": "payment_intent.succeeded", "data": {"object": {"id": "pi_lo", "metadata": {"payment_id": "%s"}}}}', :'pay_l'), :now_t, 'whsec_fedcba9876543210') AS success_after_release_l;
SELECT p.status AS payment, r.status AS registration FROM public.payments p JOIN public.registrations r ON r.id = p.registration_id WHERE p.id = :'pay_l';
SELECT quantity_sold AS sold_after_k_and_l FROM public.ticket_tiers WHERE id = '44444444-0000-4000-8000-000000000001';
-- MO: the refund came first, then the box office records the payment by hand with the same
-- PaymentIntent, or with its Charge: refused, nothing was paid by it; the success, delivered
-- later, records the payment and its refund.
BEGIN;
SELECT pg_temp.act('anon', NULL);
CREATE TEMP TABLE mo AS SELECT * FROM public.reserve_tickets('44444444-0000-4000-8000-000000000001', 1, 'mo@example.com', 'Mo');
GRANT SELECT ON mo TO PUBLIC;
COMMIT;
SELECT payment_id AS pay_mo FROM mo \gset
SELECT pg_temp.deliver(format('{"id": "evt_early_5", "type": "charge.refunded", "data": {"object": {"id": "ch_mo", "payment_intent": "pi_mo", "refunded": true, "metadata": {"payment_id": "%s"}}}}', :'pay_mo'), :now_t, 'whsec_fedcba9876543210') AS refund_first_mo;
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT pg_temp.try(format('SELECT changed FROM public.complete_payment(%L, %L, %L)', :'pay_mo', 'stripe', 'pi_mo')) AS by_hand_with_the_payment_intent;
SELECT pg_temp.try(format('SELECT changed FROM public.complete_payment(%L, %L, %L)', :'pay_mo', 'stripe', 'ch_mo')) AS by_hand_with_the_charge;
COMMIT;
SELECT pg_temp.deliver(format('{"id": "evt_early_6", "type": "payment_intent.succeeded", "data": {"object": {"id": "pi_mo", "metadata": {"payment_id": "%s"}}}}', :'pay_mo'), :now_t, 'whsec_fedcba9876543210') AS success_later_mo;
SELECT status_before, status, webhook FROM fashionos.payment_events WHERE payment_id = :'pay_mo' ORDER BY entry_id;
-- NN: an order of two whose first ticket was cancelled before checkout; the refund (naming that
-- first ticket, as the order's metadata does) comes before the success: it is kept, since the
-- order still awaits payment, and the success then sells nothing (the money went back).
BEGIN;
SELECT pg_temp.act('anon', NULL);
CREATE TEMP TABLE nn AS SELECT * FROM public.reserve_tickets('44444444-0000-4000-8000-000000000001', 2, 'nn@example.com', 'Nan');
GRANT SELECT ON nn TO PUBLIC;
COMMIT;
SELECT min(payment_id::text) AS pay_nn1, max(payment_id::text) AS pay_nn2 FROM nn \gset
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT registration_status FROM public.fail_payment(:'pay_nn1');
COMMIT;
SELECT pg_temp.deliver(format('{"id": "evt_early_7", "type": "charge.refunded", "data": {"object": {"id": "ch_nn", "payment_intent": "pi_nn", "refunded": true, "metadata": {"payment_id": "%s"}}}}', :'pay_nn1'), :now_t, 'whsec_fedcba9876543210') AS refund_first_nn;
SELECT pg_temp.deliver(format('{"id": "evt_early_8", "type": "payment_intent.succeeded", "data": {"object": {"id": "pi_nn", "metadata": {"payment_id": "%s"}}}}', :'pay_nn1'), :now_t, 'whsec_fedcba9876543210') AS success_later_nn;
SELECT p.status AS payment, r.status AS registration FROM public.payments p JOIN public.registrations r ON r.id = p.registration_id WHERE p.id IN (:'pay_nn1', :'pay_nn2') ORDER BY p.id;
-- (its hold is given back, as it would run out)
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT registration_status FROM public.fail_payment(:'pay_nn2');
COMMIT;
-- PQ: an order of two paid at the terminal: the box office records one ticket with the
-- PaymentIntent and the other with the Charge id on the receipt; the provider's full refund gives
-- back both. RS: an order of two, one ticket paid in cash; the full refund of the PaymentIntent
-- for the order comes first, then its success for the whole order, which pays nothing here now
-- (200 ignored, not an amount that does not match, retried for days).
BEGIN;
SELECT pg_temp.act('anon', NULL);
CREATE TEMP TABLE pq AS SELECT * FROM public.reserve_tickets('44444444-0000-4000-8000-000000000001', 2, 'pq@example.com', 'Pat');
GRANT SELECT ON pq TO PUBLIC;
COMMIT;
SELECT (array_agg(payment_id ORDER BY payment_id))[1] AS pay_pq1, (array_agg(payment_id ORDER BY payment_id))[2] AS pay_pq2 FROM pq \gset
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT changed FROM public.complete_payment(:'pay_pq1', 'stripe', 'pi_pq');
SELECT changed FROM public.complete_payment(:'pay_pq2', 'stripe', 'ch_pq');
COMMIT;
SELECT pg_temp.deliver(format('{"id": "evt_pq_refund", "type": "charge.refunded", "data": {"object": {"id": "ch_pq", "payment_intent": "pi_pq", "refunded": true, "metadata": {"payment_id": "%s"}}}}', :'pay_pq1'), :now_t, 'whsec_fedcba9876543210') AS refund_pq;
SELECT count(*) FILTER (WHERE p.status = 'refunded') AS refunded, count(*) FILTER (WHERE r.status = 'cancelled') AS cancelled
  FROM public.payments p JOIN public.registrations r ON r.id = p.registration_id WHERE p.id IN (:'pay_pq1', :'pay_pq2');
BEGIN;
SELECT pg_temp.act('anon', NULL);
CREATE TEMP TABLE rs AS SELECT * FROM public.reserve_tickets('44444444-0000-4000-8000-000000000001', 2, 'rs@example.com', 'Ros');
GRANT SELECT ON rs TO PUBLIC;
COMMIT;
SELECT (array_agg(payment_id ORDER BY payment_id))[1] AS pay_rs1, (array_agg(payment_id ORDER BY payment_id))[2] AS pay_rs2,
       (sum(amount) * 100)::bigint AS cents_rs FROM rs \gset
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT changed AS cash_for_rs1 FROM public.complete_payment(:'pay_rs1');
COMMIT;
SELECT pg_temp.deliver(format('{"id": "evt_rs_refund", "type": "charge.refunded", "data": {"object": {"id": "ch_rs", "payment_intent": "pi_rs", "refunded": true, "metadata": {"payment_id": "%s"}}}}', :'pay_rs2'), :now_t, 'whsec_fedcba9876543210') AS refund_first_rs;
SELECT pg_temp.deliver(format('{"id": "evt_rs_success", "type": "payment_intent.succeeded", "data": {"object": {"id": "pi_rs", "amount": %s, "currency": "usd", "metadata": {"payment_id": "%s"}}}}', :cents_rs, :'pay_rs2'), :now_t, 'whsec_fedcba9876543210') AS success_for_the_order_rs;
SELECT p.status AS payment, r.status AS registration FROM public.payments p JOIN public.registrations r ON r.id = p.registration_id WHERE p.id IN (:'pay_rs1', :'pay_rs2') ORDER BY p.id;
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT registration_status FROM public.fail_payment(:'pay_rs2');
SELECT payment_status FROM public.refund_payment(:'pay_rs1');
COMMIT;

-- A cancelled event admits nobody and takes no more money: verify_ticket says so, check_in
-- refuses (after the caller's rights: a rival's door learns nothing), and the payment of a ticket
-- held when it was cancelled is refused with the hint to refund the charge.
BEGIN;
SELECT pg_temp.act('anon', NULL);
CREATE TEMP TABLE j AS SELECT * FROM public.reserve_tickets('44444444-0000-4000-8000-000000000001', 1, 'j@example.com', 'Jo');
GRANT SELECT ON j TO PUBLIC;
RESET ROLE;
UPDATE public.events SET status = 'cancelled' WHERE id = '33333333-0000-4000-8000-000000000001';
SELECT valid, reason FROM public.verify_ticket((SELECT qr_code_data FROM t WHERE k = 'B'));
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000004');
SELECT pg_temp.try(format('SELECT public.check_in(%L, %L)', (SELECT qr_code_data FROM t WHERE k = 'B'), '33333333-0000-4000-8000-000000000001')) AS rival_door;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT pg_temp.try(format('SELECT public.check_in(%L, %L)', (SELECT qr_code_data FROM t WHERE k = 'B'), '33333333-0000-4000-8000-000000000001')) AS cancelled_door;
SELECT pg_temp.act('service_role', NULL);
SELECT pg_temp.try(format('SELECT public.complete_payment(%L)', (SELECT payment_id FROM j))) AS late_payment;
-- nor does an organizer reserve a ticket that must be paid: it could never be paid; a free one he
-- still issues
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT pg_temp.try($$SELECT * FROM public.reserve_tickets('44444444-0000-4000-8000-000000000001', 1, 'box@example.com', 'Box Office')$$) AS organizer_paid_ticket;
SELECT status FROM public.reserve_tickets('44444444-0000-4000-8000-000000000003', 1, 'guest@example.com', 'Guest');
ROLLBACK;

-- A scan dated before its ticket was bought cannot be its use (the scanner's clock was wrong): the
-- batch is refused, as for a scan before the event existed, and nothing is recorded.
UPDATE public.registrations SET created_at = '2021-01-01Z' WHERE id = (SELECT registration_id FROM i);
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT pg_temp.try(format('SELECT * FROM public.sync_door_scans(%L, %L)', '33333333-0000-4000-8000-000000000001',
    jsonb_build_array(jsonb_build_object('token', :'token_i', 'scanned_at', '2020-03-01T19:00:00Z', 'gate', 'north')))) AS before_bought;
ROLLBACK;

-- A cancelled event admits nobody offline either: a scan of a confirmed ticket (K, free) is
-- refused as event_cancelled and the ticket stays confirmed.
BEGIN;
SELECT pg_temp.act('anon', NULL);
CREATE TEMP TABLE k AS SELECT * FROM public.reserve_tickets('44444444-0000-4000-8000-000000000003', 1, 'k@example.com', 'Kai');
GRANT SELECT ON k TO PUBLIC;
RESET ROLE;
UPDATE public.events SET status = 'cancelled' WHERE id = '33333333-0000-4000-8000-000000000001';
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT s.outcome, s.reason FROM public.sync_door_scans('33333333-0000-4000-8000-000000000001',
    jsonb_build_array(jsonb_build_object('token', (SELECT qr_code_data FROM k), 'scanned_at',
        to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), 'gate', 'north'))) s;
RESET ROLE;
SELECT status FROM public.registrations WHERE id = (SELECT registration_id FROM k);
-- The event was cancelled by mistake and is active again: the same batch, sent again, is decided
-- again (the scan's refusal depended on a status that changed), and K is admitted.
UPDATE public.events SET status = 'active' WHERE id = '33333333-0000-4000-8000-000000000001';
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT s.outcome, s.reason, s.replayed FROM public.sync_door_scans('33333333-0000-4000-8000-000000000001',
    jsonb_build_array(jsonb_build_object('token', (SELECT qr_code_data FROM k), 'scanned_at',
        to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), 'gate', 'north'))) s;
RESET ROLE;
SELECT status FROM public.registrations WHERE id = (SELECT registration_id FROM k);
ROLLBACK;

-- Offline scans are judged at the time they were made. M was let in, then reissued online two
-- minutes later: the scan is M's check-in, and the new token admits nobody else. N was let in,
-- then cancelled: the gate was right (cancelled_after_scan), the cancellation stands. Two lanes
-- of the west gate scanned P in the same second: two scans, one admission and one duplicate. Q
-- was checked in online, then a scan made a minute earlier is synced: it is the check-in, and its
-- answer names the online admission it displaced.
BEGIN;
SELECT pg_temp.act('anon', NULL);
CREATE TEMP TABLE mnpq AS
SELECT 'M' AS k, * FROM public.reserve_tickets('44444444-0000-4000-8000-000000000003', 1, 'm@example.com', 'Mia')
UNION ALL SELECT 'N', * FROM public.reserve_tickets('44444444-0000-4000-8000-000000000003', 1, 'n@example.com', 'Noa')
UNION ALL SELECT 'P', * FROM public.reserve_tickets('44444444-0000-4000-8000-000000000003', 1, 'p@example.com', 'Pia')
UNION ALL SELECT 'Q', * FROM public.reserve_tickets('44444444-0000-4000-8000-000000000003', 1, 'q@example.com', 'Quinn')
UNION ALL SELECT 'R', * FROM public.reserve_tickets('44444444-0000-4000-8000-000000000003', 1, 'r@example.com', 'Rio');
GRANT SELECT ON mnpq TO PUBLIC;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT public.reissue_ticket((SELECT registration_id FROM mnpq WHERE k = 'M')) AS token_m2 \gset
-- (R: reissued, then cancelled, both after the gate let Rio in with the first token)
SELECT public.reissue_ticket((SELECT registration_id FROM mnpq WHERE k = 'R')) IS NOT NULL AS r_reissued;
SELECT status FROM public.cancel_registration((SELECT registration_id FROM mnpq WHERE k = 'R'));
SELECT status FROM public.cancel_registration((SELECT registration_id FROM mnpq WHERE k = 'N'));
SELECT outcome FROM public.check_in((SELECT qr_code_data FROM mnpq WHERE k = 'Q'), '33333333-0000-4000-8000-000000000001');
RESET ROLE;
UPDATE fashionos.revoked_tokens SET revoked_at = now() + interval '2 minutes'
 WHERE registration_id IN (SELECT registration_id FROM mnpq WHERE k IN ('M', 'N', 'R'));
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT x.k, s.outcome, s.reason, s.gate, s.first_gate, s.displaced_gate, s.displaced_scanned_at = now() AS displaced_online_check_in
  FROM public.sync_door_scans('33333333-0000-4000-8000-000000000001', (
         SELECT jsonb_agg(jsonb_build_object('token', m.qr_code_data, 'gate', 'west', 'device', d.device,
                                             'scanned_at', to_char((now() - d.before) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
                          ORDER BY m.k, d.device)
           FROM mnpq m JOIN (VALUES ('M', 'w1', interval '0'), ('N', 'w1', interval '0'), ('P', 'w1', interval '0'),
                                    ('P', 'w2', interval '0'), ('Q', 'w1', interval '1 minute'), ('R', 'w1', interval '0')) AS d(k, device, before)
             ON d.k = m.k)) s
  JOIN (VALUES (0, 'M'), (1, 'N'), (2, 'P'), (3, 'P'), (4, 'Q'), (5, 'R')) AS x(i, k) ON x.i = s.scan_index
 ORDER BY s.scan_index;
-- Q's gate sends its scan again (its answer was lost): it still learns of the online admission
SELECT s.outcome, s.replayed, s.displaced_gate, s.displaced_scanned_at = now() AS displaced_online_check_in
  FROM public.sync_door_scans('33333333-0000-4000-8000-000000000001', jsonb_build_array(jsonb_build_object(
         'token', (SELECT qr_code_data FROM mnpq WHERE k = 'Q'), 'gate', 'west', 'device', 'w1',
         'scanned_at', to_char((now() - interval '1 minute') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')))) s;
SELECT outcome FROM public.check_in(:'token_m2', '33333333-0000-4000-8000-000000000001');
RESET ROLE;
SELECT m.k, r.status FROM mnpq m JOIN public.registrations r ON r.id = m.registration_id ORDER BY m.k;
SELECT count(*) AS scans_of_p, count(*) FILTER (WHERE outcome = 'admitted') AS admitted
  FROM fashionos.door_scans WHERE registration_id = (SELECT registration_id FROM mnpq WHERE k = 'P');
ROLLBACK;

-- L, paid by pi_l: a refund of another PaymentIntent that names L (a second charge refunded, as
-- complete_payment's refusal advises) is not L's and is ignored; undoing the check-in of I (used,
-- then refunded by the provider) is refused: it would admit again unpaid.
BEGIN;
SELECT pg_temp.act('anon', NULL);
CREATE TEMP TABLE l AS SELECT * FROM public.reserve_tickets('44444444-0000-4000-8000-000000000001', 1, 'l@example.com', 'Lou');
GRANT SELECT ON l TO PUBLIC;
COMMIT;
SELECT payment_id AS pay_l FROM l \gset
SELECT pg_temp.deliver(format('{"id": "evt_17", "type": "payment_intent.succeeded", "data": {"object": {"id": "pi_l", "metadata": {"payment_id": "%s"}}}}', :'pay_l'), :now_t, 'whsec_fedcba9876543210') AS paid_l;
SELECT pg_temp.deliver(format('{"id": "evt_18", "type": "charge.refunded", "data": {"object": {"id": "ch_dup", "payment_intent": "pi_dup", "refunded": true, "metadata": {"payment_id": "%s"}}}}', :'pay_l'), :now_t, 'whsec_fedcba9876543210') AS refund_of_another_charge;
SELECT status FROM public.payments WHERE id = :'pay_l';
-- Cash at the box office (no transaction), then the buyer's card charge too, refused as a second
-- charge and refunded at the provider as the refusal advises: that refund paid nothing here and is
-- ignored, whatever payment its metadata names; the cash payment and its ticket stand. Nor does
-- the box office record L's PaymentIntent on another buyer's payment: one transaction pays one
-- order, or one refund would give back both.
BEGIN;
SELECT pg_temp.act('anon', NULL);
CREATE TEMP TABLE cash AS SELECT * FROM public.reserve_tickets('44444444-0000-4000-8000-000000000001', 1, 'cash@example.com', 'Cas');
GRANT SELECT ON cash TO PUBLIC;
COMMIT;
SELECT payment_id AS pay_cash FROM cash \gset
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT pg_temp.try(format('SELECT changed FROM public.complete_payment(%L, %L, %L)', :'pay_cash', 'stripe', 'pi_l')) AS box_office_records_another_order;
SELECT changed AS paid_in_cash FROM public.complete_payment(:'pay_cash');
COMMIT;
SELECT pg_temp.deliver(format('{"id": "evt_18b", "type": "payment_intent.succeeded", "data": {"object": {"id": "pi_card", "metadata": {"payment_id": "%s"}}}}', :'pay_cash'), :now_t, 'whsec_fedcba9876543210') AS card_after_cash;
SELECT pg_temp.deliver(format('{"id": "evt_18c", "type": "charge.refunded", "data": {"object": {"id": "ch_card", "payment_intent": "pi_card", "refunded": true, "metadata": {"payment_id": "%s"}}}}', :'pay_cash'), :now_t, 'whsec_fedcba9876543210') AS card_refunded;
SELECT p.status, r.status AS registration_status FROM public.payments p JOIN public.registrations r ON r.id = p.registration_id WHERE p.id = :'pay_cash';
-- The other way round: the card paid first, then the box office records cash for the same
-- ticket: refused, the guest paid twice (a second cash call after cash changes nothing)
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT pg_temp.try(format('SELECT changed FROM public.complete_payment(%L)', :'pay_l')) AS cash_after_card;
SELECT changed AS cash_again FROM public.complete_payment(:'pay_cash');
COMMIT;
-- A Charge id recorded by hand on another order's payment (the box office copied ch_x, the charge
-- of X's PaymentIntent pi_x, onto Y's payment): the refund of pi_x gives back what pi_x paid, X's
-- payment, not Y's as well.
INSERT INTO public.ticket_tiers (id, event_id, name, type, price, quantity_total)
VALUES ('44444444-0000-4000-8000-0000000000c9', '33333333-0000-4000-8000-000000000001', 'XY', 'paid', 30.00, 5);
BEGIN;
SELECT pg_temp.act('anon', NULL);
CREATE TEMP TABLE xy AS
SELECT 'X' AS k, * FROM public.reserve_tickets('44444444-0000-4000-8000-0000000000c9', 1, 'x@example.com', 'Xavier')
UNION ALL
SELECT 'Y', * FROM public.reserve_tickets('44444444-0000-4000-8000-0000000000c9', 1, 'y@example.com', 'Yann');
GRANT SELECT ON xy TO PUBLIC;
COMMIT;
SELECT payment_id AS pay_x FROM xy WHERE k = 'X' \gset
SELECT payment_id AS pay_y FROM xy WHERE k = 'Y' \gset
SELECT pg_temp.deliver(format('{"id": "evt_18d", "type": "payment_intent.succeeded", "data": {"object": {"id": "pi_x", "metadata": {"payment_id": "%s"}}}}', :'pay_x'), :now_t, 'whsec_fedcba9876543210') AS x_paid;
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT changed AS y_with_x_charge FROM public.complete_payment(:'pay_y', 'stripe', 'ch_x');
COMMIT;
SELECT pg_temp.deliver(format('{"id": "evt_18e", "type": "charge.refunded", "data": {"object": {"id": "ch_x", "payment_intent": "pi_x", "refunded": true, "metadata": {"payment_id": "%s"}}}}', :'pay_x'), :now_t, 'whsec_fedcba9876543210') AS x_refunded;
SELECT x.k, p.status FROM xy x JOIN public.payments p ON p.id = x.payment_id ORDER BY x.k;
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT pg_temp.try(format('SELECT * FROM public.undo_check_in(%L)', (SELECT registration_id FROM i))) AS undo_refunded;
ROLLBACK;
-- A payment id this database does not have (another environment's): ignored, not a 404 the
-- provider would retry for days.
SELECT pg_temp.deliver('{"id": "evt_19", "type": "payment_intent.succeeded", "data": {"object": {"id": "pi_y", "metadata": {"payment_id": "00000000-0000-4000-8000-00000000dead"}}}}', :now_t, 'whsec_fedcba9876543210') AS another_environment;
-- The earliest scan of a ticket is the earliest instant, not the smallest text: north scanned at
-- t-60s on a scanner writing +02:00, south at t-30s on one writing +01:00 (its text sorts first),
-- and at t-20s.250 next to t-20s in Z form ("." sorts before "Z"). North admits, south was a
-- second entry; the same batch again answers the same.
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
CREATE TEMP TABLE m AS SELECT * FROM public.reserve_tickets('44444444-0000-4000-8000-000000000003', 1, 'm@example.com', 'Mo')
UNION ALL SELECT * FROM public.reserve_tickets('44444444-0000-4000-8000-000000000003', 1, 'n@example.com', 'Ned');
GRANT SELECT ON m TO PUBLIC;
CREATE TEMP TABLE offsets AS SELECT jsonb_build_array(
    jsonb_build_object('token', (SELECT min(qr_code_data) FROM m), 'gate', 'north',
                       'scanned_at', to_char((now() - interval '60 seconds') AT TIME ZONE 'Etc/GMT-2', 'YYYY-MM-DD"T"HH24:MI:SS"+02:00"')),
    jsonb_build_object('token', (SELECT min(qr_code_data) FROM m), 'gate', 'south',
                       'scanned_at', to_char((now() - interval '30 seconds') AT TIME ZONE 'Etc/GMT-1', 'YYYY-MM-DD"T"HH24:MI:SS"+01:00"')),
    jsonb_build_object('token', (SELECT max(qr_code_data) FROM m), 'gate', 'south',
                       'scanned_at', to_char((date_trunc('second', now() - interval '20 seconds') + interval '250 milliseconds') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
    jsonb_build_object('token', (SELECT max(qr_code_data) FROM m), 'gate', 'north',
                       'scanned_at', to_char(date_trunc('second', now() - interval '20 seconds') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))) AS scans;
GRANT SELECT ON offsets TO PUBLIC;
SELECT scan_index, outcome, gate, first_gate, replayed FROM public.sync_door_scans('33333333-0000-4000-8000-000000000001', (SELECT scans FROM offsets));
SELECT scan_index, outcome, gate, first_gate, replayed FROM public.sync_door_scans('33333333-0000-4000-8000-000000000001', (SELECT scans FROM offsets));
ROLLBACK;
-- An order of several tickets, paid by one PaymentIntent for its total (metadata naming one of its
-- payments): every ticket of the reservation is paid; a redelivery changes nothing; a full refund
-- of that PaymentIntent refunds every ticket it paid. A sum that is neither one ticket's nor the
-- reservation's pays nothing (409); one ticket's amount pays that ticket alone.
INSERT INTO public.ticket_tiers (id, event_id, name, type, price, quantity_total)
VALUES ('44444444-0000-4000-8000-0000000000c3', '33333333-0000-4000-8000-000000000001', 'Trio', 'paid', 25.00, 10);
BEGIN;
SELECT pg_temp.act('anon', NULL);
CREATE TEMP TABLE trio AS SELECT * FROM public.reserve_tickets('44444444-0000-4000-8000-0000000000c3', 3, 'trio@example.com', 'Trio');
CREATE TEMP TABLE duo AS SELECT * FROM public.reserve_tickets('44444444-0000-4000-8000-0000000000c3', 2, 'duo@example.com', 'Duo');
GRANT SELECT ON trio, duo TO PUBLIC;
COMMIT;
SELECT min(payment_id::text) AS pay_trio FROM trio \gset
SELECT min(payment_id::text) AS pay_duo FROM duo \gset
SELECT pg_temp.deliver(format('{"id": "evt_30", "type": "payment_intent.succeeded", "data": {"object": {"id": "pi_trio", "amount": 5000, "currency": "usd", "metadata": {"payment_id": "%s"}}}}', :'pay_trio'), :now_t, 'whsec_fedcba9876543210') AS trio_paid_for_two;
SELECT pg_temp.deliver(format('{"id": "evt_31", "type": "payment_intent.succeeded", "data": {"object": {"id": "pi_trio", "amount": 7500, "currency": "usd", "metadata": {"payment_id": "%s"}}}}', :'pay_trio'), :now_t, 'whsec_fedcba9876543210') AS trio_paid_in_full;
SELECT pg_temp.deliver(format('{"id": "evt_32", "type": "payment_intent.succeeded", "data": {"object": {"id": "pi_trio", "amount": 7500, "currency": "usd", "metadata": {"payment_id": "%s"}}}}', :'pay_trio'), :now_t, 'whsec_fedcba9876543210') AS trio_again;
SELECT p.status, p.provider_transaction_id, r.status AS registration, count(*)
  FROM public.payments p JOIN public.registrations r ON r.id = p.registration_id
 WHERE p.id IN (SELECT payment_id FROM trio) GROUP BY 1, 2, 3;
SELECT pg_temp.deliver(format('{"id": "evt_33", "type": "payment_intent.succeeded", "data": {"object": {"id": "pi_duo_1", "amount": 2500, "currency": "usd", "metadata": {"payment_id": "%s"}}}}', :'pay_duo'), :now_t, 'whsec_fedcba9876543210') AS duo_one_ticket;
SELECT p.id = :'pay_duo' AS named, p.status FROM public.payments p WHERE p.id IN (SELECT payment_id FROM duo) ORDER BY 1 DESC;
SELECT pg_temp.deliver('{"id": "evt_34", "type": "charge.refunded", "data": {"object": {"id": "ch_trio", "payment_intent": "pi_trio", "refunded": true, "amount_refunded": 7500, "metadata": {}}}}', :now_t, 'whsec_fedcba9876543210') AS trio_refunded;
SELECT p.status, r.status AS registration, count(*)
  FROM public.payments p JOIN public.registrations r ON r.id = p.registration_id
 WHERE p.id IN (SELECT payment_id FROM trio) GROUP BY 1, 2;
SELECT quantity_sold FROM public.ticket_tiers WHERE id = '44444444-0000-4000-8000-0000000000c3';
-- A refund refunds what its transaction paid, whatever payment the metadata names: a quartet whose
-- first ticket one PaymentIntent paid and the other three another; the full refund of the second
-- naming the first ticket refunds the three it paid, not the first. A trio whose first ticket was
-- cancelled before the others were paid: the refund naming the cancelled one refunds the two.
-- A reservation is the tickets one call reserved, even after an attendee's e-mail was corrected.
INSERT INTO public.ticket_tiers (id, event_id, name, type, price, quantity_total)
VALUES ('44444444-0000-4000-8000-0000000000c4', '33333333-0000-4000-8000-000000000001', 'Nonet', 'paid', 25.00, 9);
BEGIN;
SELECT pg_temp.act('anon', NULL);
CREATE TEMP TABLE quartet AS SELECT * FROM public.reserve_tickets('44444444-0000-4000-8000-0000000000c4', 4, 'quartet@example.com', 'Quartet');
CREATE TEMP TABLE trio2 AS SELECT * FROM public.reserve_tickets('44444444-0000-4000-8000-0000000000c4', 3, 'trio2@example.com', 'Trio');
CREATE TEMP TABLE pair AS SELECT * FROM public.reserve_tickets('44444444-0000-4000-8000-0000000000c4', 2, 'pair@example.com', 'Pair');
GRANT SELECT ON quartet, trio2, pair TO PUBLIC;
COMMIT;
-- (each order's first ticket, the one a shop names in its metadata)
CREATE FUNCTION pg_temp.first_payment(p_payments uuid[]) RETURNS uuid LANGUAGE sql AS $$
    SELECT p.id FROM public.payments p JOIN fashionos.registration_holds h ON h.registration_id = p.registration_id
     WHERE p.id = ANY (p_payments) AND h.reservation_id = h.registration_id $$;
SELECT pg_temp.first_payment(array_agg(payment_id)) AS pay_q1 FROM quartet \gset
SELECT pg_temp.first_payment(array_agg(payment_id)) AS pay_t1 FROM trio2 \gset
SELECT pg_temp.first_payment(array_agg(payment_id)) AS pay_p1 FROM pair \gset
SELECT pg_temp.deliver(format('{"id": "evt_40", "type": "payment_intent.succeeded", "data": {"object": {"id": "pi_q_first", "amount": 2500, "currency": "usd", "metadata": {"payment_id": "%s"}}}}', :'pay_q1'), :now_t, 'whsec_fedcba9876543210') AS quartet_first;
SELECT pg_temp.deliver(format('{"id": "evt_41", "type": "payment_intent.succeeded", "data": {"object": {"id": "pi_q_rest", "amount": 7500, "currency": "usd", "metadata": {"payment_id": "%s"}}}}', :'pay_q1'), :now_t, 'whsec_fedcba9876543210') AS quartet_rest;
SELECT pg_temp.deliver(format('{"id": "evt_42", "type": "charge.refunded", "data": {"object": {"id": "ch_q_rest", "payment_intent": "pi_q_rest", "refunded": true, "metadata": {"payment_id": "%s"}}}}', :'pay_q1'), :now_t, 'whsec_fedcba9876543210') AS quartet_rest_refunded;
SELECT p.provider_transaction_id, p.status, count(*) FROM public.payments p
 WHERE p.id IN (SELECT payment_id FROM quartet) GROUP BY 1, 2 ORDER BY 1;
-- the trio was reserved in the same transaction as the quartet (the same created_at): still
-- another order, which the quartet's PaymentIntent does not pay
SELECT pg_temp.try(format('SELECT changed FROM public.complete_payment(%L, %L, %L)', :'pay_t1', 'stripe', 'pi_q_rest')) AS trio_with_quartet_transaction;
SELECT status FROM public.cancel_registration((SELECT registration_id FROM trio2 WHERE payment_id = :'pay_t1'));
SELECT pg_temp.deliver(format('{"id": "evt_43", "type": "payment_intent.succeeded", "data": {"object": {"id": "pi_t2", "amount": 5000, "currency": "usd", "metadata": {"payment_id": "%s"}}}}', :'pay_t1'), :now_t, 'whsec_fedcba9876543210') AS trio_two_left;
SELECT pg_temp.deliver(format('{"id": "evt_44", "type": "charge.refunded", "data": {"object": {"id": "ch_t2", "payment_intent": "pi_t2", "refunded": true, "metadata": {"payment_id": "%s"}}}}', :'pay_t1'), :now_t, 'whsec_fedcba9876543210') AS trio_refunded_naming_the_cancelled;
SELECT p.status, count(*) FROM public.payments p WHERE p.id IN (SELECT payment_id FROM trio2) GROUP BY 1 ORDER BY 1;
-- one ticket of the pair corrected by the organizers: another attendee, and its created_at
-- written back by a client without its microseconds; still one order
UPDATE public.registrations SET attendee_email = 'friend@example.com', attendee_name = 'Friend',
       created_at = date_trunc('milliseconds', created_at) - interval '1 millisecond'
 WHERE id = (SELECT registration_id FROM pair WHERE payment_id <> :'pay_p1');
SELECT pg_temp.deliver(format('{"id": "evt_45", "type": "payment_intent.succeeded", "data": {"object": {"id": "pi_pair", "amount": 5000, "currency": "usd", "metadata": {"payment_id": "%s"}}}}', :'pay_p1'), :now_t, 'whsec_fedcba9876543210') AS pair_after_correction;
SELECT p.status, count(*) FROM public.payments p WHERE p.id IN (SELECT payment_id FROM pair) GROUP BY 1;
-- An order brought in from another platform with one PaymentIntent: a ticket paid by it and an
-- attempt of it that failed there. The provider's full refund refunds the paid ticket and leaves
-- the failed attempt as it is (it took no money), instead of refusing the whole delivery.
INSERT INTO public.ticket_tiers (id, event_id, name, type, price, quantity_total)
VALUES ('44444444-0000-4000-8000-0000000000c5', '33333333-0000-4000-8000-000000000001', 'Brought in', 'paid', 25.00, 10);
BEGIN;
SELECT pg_temp.act('service_role', NULL);
SELECT legacy_id, imported FROM public.import_tickets('oldshop', '[
  {"legacy_id": "OS-1", "ticket_tier_id": "44444444-0000-4000-8000-0000000000c5", "attendee_email": "imp@example.com", "attendee_name": "Imp", "status": "confirmed", "order_id": "OS-O1",
   "payment": {"amount": 25, "currency": "USD", "status": "completed", "provider": "stripe", "provider_transaction_id": "pi_imported"}},
  {"legacy_id": "OS-2", "ticket_tier_id": "44444444-0000-4000-8000-0000000000c5", "attendee_email": "imp@example.com", "attendee_name": "Imp", "status": "cancelled", "order_id": "OS-O1",
   "payment": {"amount": 25, "currency": "USD", "status": "failed", "provider": "stripe", "provider_transaction_id": "pi_imported"}}]') ORDER BY 1;
COMMIT;
SELECT pg_temp.deliver('{"id": "evt_46", "type": "charge.refunded", "data": {"object": {"id": "ch_imported", "payment_intent": "pi_imported", "refunded": true, "metadata": {}}}}', :now_t, 'whsec_fedcba9876543210') AS imported_order_refunded;
SELECT r.attendee_email, r.status AS registration, p.status AS payment FROM public.payments p JOIN public.registrations r ON r.id = p.registration_id
 WHERE p.provider_transaction_id = 'pi_imported' ORDER BY p.status;
-- NO: the refund came first (refund_pending), then the organizers cancelled the event: the
-- success sells nothing (200 ignored; the money is back with the buyer, the hold runs out),
-- instead of answering 409 "event is cancelled", which the provider would retry until then.
BEGIN;
SELECT pg_temp.act('anon', NULL);
CREATE TEMP TABLE no_ticket AS SELECT * FROM public.reserve_tickets('44444444-0000-4000-8000-0000000000c5', 1, 'n@example.com', 'Noa');
RESET ROLE;
SELECT payment_id AS pay_n FROM no_ticket \gset
SELECT pg_temp.deliver(format('{"id": "evt_early_9", "type": "charge.refunded", "data": {"object": {"id": "ch_no", "payment_intent": "pi_no", "refunded": true, "metadata": {"payment_id": "%s"}}}}', :'pay_n'), :now_t, 'whsec_fedcba9876543210') AS refund_first_n;
UPDATE public.events SET status = 'cancelled' WHERE id = '33333333-0000-4000-8000-000000000001';
SELECT pg_temp.deliver(format('{"id": "evt_early_10", "type": "payment_intent.succeeded", "data": {"object": {"id": "pi_no", "metadata": {"payment_id": "%s"}}}}', :'pay_n'), :now_t, 'whsec_fedcba9876543210') AS success_after_cancel_n;
SELECT p.status AS payment, r.status AS registration FROM public.payments p JOIN public.registrations r ON r.id = p.registration_id WHERE p.id = :'pay_n';
ROLLBACK;
