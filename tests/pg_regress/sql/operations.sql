-- operations: what an operator schedules and watches. ticketing_health answers 0 problems per
-- check while ticketing is healthy, and more once each problem is made (rows written around the
-- functions by the superuser, as an operator's session or a bug would), and 0 again once it is
-- mended. prune_history deletes the private rows of events that ended and old webhook events and
-- idempotency keys, keeps the books and everything of live events (a delta door bundle still
-- works), and refuses a too recent date and callers that are not server-side code.
SET client_min_messages = warning;
\i common/atelier_setup.sql

-- The checks, as the monitoring job sees them (service_role): problems, and whether a time came
-- with them. p_check: one check, or all.
CREATE FUNCTION pg_temp.health(p_check text DEFAULT NULL)
    RETURNS TABLE (check_name text, problems bigint, dated boolean) LANGUAGE sql AS $$
    SELECT h.check_name, h.problems, h.oldest IS NOT NULL FROM public.ticketing_health() h
     WHERE p_check IS NULL OR h.check_name = p_check
$$;

-- 1. A healthy start: every check answers 0, in this order.
BEGIN;
SELECT pg_temp.act('service_role', NULL);
SELECT * FROM pg_temp.health();
ROLLBACK;

-- Who may run them: server-side code only. The public functions are granted to service_role
-- alone (permission denied for anybody else) ...
BEGIN;
SELECT pg_temp.act('anon', NULL);
SELECT pg_temp.try($$SELECT * FROM public.ticketing_health()$$) AS anon_health;
SELECT pg_temp.try($$SELECT public.prune_history(now() - interval '90 days')$$) AS anon_prune;
ROLLBACK;
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT pg_temp.try($$SELECT * FROM public.ticketing_health()$$) AS owner_health;
SELECT pg_temp.try($$SELECT public.prune_history(now() - interval '90 days')$$) AS owner_prune;
ROLLBACK;
-- ... and the implementations check the caller themselves, should a grant ever let another role
-- execute them (granted here for this transaction only)
BEGIN;
GRANT EXECUTE ON FUNCTION public.ticketing_health(), fashionos.ticketing_health(),
                          public.prune_history(timestamptz), fashionos.prune_history(timestamptz) TO authenticated;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT pg_temp.try($$SELECT * FROM public.ticketing_health()$$) AS owner_health_granted;
SELECT pg_temp.try($$SELECT public.prune_history(now() - interval '90 days')$$) AS owner_prune_granted;
ROLLBACK;

-- 2. inventory_drift: a tier of a current event whose quantity_sold is not its live tickets. A
--    tier of an event long over is not a current one (check_ticket_inventory lists both).
BEGIN;
UPDATE public.ticket_tiers SET quantity_sold = 2 WHERE id = '44444444-0000-4000-8000-000000000002';
UPDATE public.ticket_tiers SET quantity_sold = 1 WHERE id = '44444444-0000-4000-8000-000000000004';
SELECT pg_temp.act('service_role', NULL);
SELECT * FROM pg_temp.health('inventory_drift');
SELECT ticket_tier_id, quantity_sold, live_registrations FROM public.check_ticket_inventory() ORDER BY ticket_tier_id;
SELECT ticket_tier_id FROM public.recount_ticket_tiers('33333333-0000-4000-8000-000000000001');
SELECT * FROM pg_temp.health('inventory_drift');
ROLLBACK;

-- Tickets for the next checks: three buyers fill General (3 places, paid), Dora buys Standing.
BEGIN;
SELECT pg_temp.act('anon', NULL);
CREATE TEMP TABLE sold AS
SELECT 'A' AS k, * FROM public.reserve_tickets('44444444-0000-4000-8000-000000000001', 1, 'ana@example.com', 'Ana')
UNION ALL SELECT 'B', * FROM public.reserve_tickets('44444444-0000-4000-8000-000000000001', 1, 'ben@example.com', 'Ben')
UNION ALL SELECT 'C', * FROM public.reserve_tickets('44444444-0000-4000-8000-000000000001', 1, 'cy@example.com', 'Cy')
UNION ALL SELECT 'D', * FROM public.reserve_tickets('44444444-0000-4000-8000-000000000003', 1, 'dora@example.com', 'Dora');
COMMIT;
GRANT SELECT ON sold TO PUBLIC;
SELECT k, status FROM sold ORDER BY k;

-- 3. pending_without_hold: a pending ticket whose hold row is gone keeps its place for ever; and
--    cancelled_token_not_revoked: once it is cancelled, its token must be revoked for the door.
BEGIN;
DELETE FROM fashionos.registration_holds WHERE registration_id = (SELECT registration_id FROM sold WHERE k = 'C');
SELECT pg_temp.act('service_role', NULL);
SELECT * FROM pg_temp.health('pending_without_hold');
SELECT status FROM public.cancel_registration((SELECT registration_id FROM sold WHERE k = 'C'));
SELECT * FROM pg_temp.health('pending_without_hold');
SELECT * FROM pg_temp.health('cancelled_token_not_revoked');
SELECT set_config('role', 'none', true);
DELETE FROM fashionos.revoked_tokens WHERE registration_id = (SELECT registration_id FROM sold WHERE k = 'C');
SELECT * FROM pg_temp.health('cancelled_token_not_revoked');
INSERT INTO fashionos.revoked_tokens (token_hash, registration_id, reason)
SELECT fashionos.token_hash(r.qr_code_data), r.id, 'cancelled' FROM public.registrations r
 WHERE r.id = (SELECT registration_id FROM sold WHERE k = 'C');
SELECT * FROM pg_temp.health('cancelled_token_not_revoked');
ROLLBACK;

-- 4. Waiters for General, which is sold out: Wren, then Xia.
BEGIN;
SELECT pg_temp.act('anon', NULL);
CREATE TEMP TABLE waiters AS
SELECT 'W' AS k, * FROM public.join_waitlist('44444444-0000-4000-8000-000000000001', 'wren@example.com', 'Wren')
UNION ALL SELECT 'X', * FROM public.join_waitlist('44444444-0000-4000-8000-000000000001', 'xia@example.com', 'Xia');
COMMIT;
GRANT SELECT ON waiters TO PUBLIC;
SELECT k, status, position FROM waiters ORDER BY k;

-- expired_holds: Ana's hold ran out ten minutes ago and nobody released it. The scheduled release
-- gives her ticket to Wren (an offer), and the check is back to 0.
UPDATE fashionos.registration_holds SET expires_at = now() - interval '10 minutes'
 WHERE registration_id = (SELECT registration_id FROM sold WHERE k = 'A');
BEGIN;
SELECT pg_temp.act('service_role', NULL);
SELECT * FROM pg_temp.health('expired_holds');
SELECT * FROM pg_temp.health('lapsed_offers');
SELECT public.release_expired_holds() AS released;
SELECT * FROM pg_temp.health('expired_holds');
COMMIT;
SELECT w.attendee_name, w.status FROM fashionos.waitlist_entries w ORDER BY w.seq;

-- A hold that ran out a moment ago is not late yet (the release runs every minute).
BEGIN;
UPDATE fashionos.registration_holds SET expires_at = now() - interval '30 seconds'
 WHERE registration_id = (SELECT registration_id FROM sold WHERE k = 'B');
SELECT pg_temp.act('service_role', NULL);
SELECT * FROM pg_temp.health('expired_holds');
ROLLBACK;

-- unnoticed_offers: Wren's offer has waited ten minutes for the mailer; the mailer takes it.
BEGIN;
UPDATE fashionos.waitlist_entries SET offered_at = now() - interval '10 minutes' WHERE attendee_name = 'Wren';
SELECT pg_temp.act('service_role', NULL);
SELECT * FROM pg_temp.health('unnoticed_offers');
SELECT attendee_name FROM public.take_waitlist_offers();
SELECT * FROM pg_temp.health('unnoticed_offers');
ROLLBACK;

-- lapsed_offers: Wren's offer ran out ten minutes ago and was not passed on; the release passes
-- it to Xia.
BEGIN;
UPDATE fashionos.registration_holds h SET expires_at = now() - interval '10 minutes'
  FROM fashionos.waitlist_entries w
 WHERE w.registration_id = h.registration_id AND w.attendee_name = 'Wren';
SELECT pg_temp.act('service_role', NULL);
SELECT * FROM pg_temp.health('lapsed_offers');
SELECT public.release_expired_holds() AS released;
SELECT * FROM pg_temp.health('lapsed_offers');
SELECT set_config('role', 'none', true);
SELECT coalesce(w.attendee_name, '(forgotten)') AS waiter, w.status
  FROM fashionos.waitlist_entries w ORDER BY w.seq;
ROLLBACK;

-- 5. stalled_waitlists: an entry waits on Standing, which has free places, and no offer was made
--    (written around join_waitlist). Raising quantity_total offers the free places to the queue,
--    as the hint says.
BEGIN;
INSERT INTO fashionos.waitlist_entries (ticket_tier_id, event_id, attendee_email, attendee_name, token_hash)
VALUES ('44444444-0000-4000-8000-000000000003', '33333333-0000-4000-8000-000000000001', 'yves@example.com', 'Yves',
        sha256('operations-test-yves'));
SELECT pg_temp.act('service_role', NULL);
SELECT * FROM pg_temp.health('stalled_waitlists');
SELECT set_config('role', 'none', true);
UPDATE public.ticket_tiers SET quantity_total = quantity_sold WHERE id = '44444444-0000-4000-8000-000000000003';
UPDATE public.ticket_tiers SET quantity_total = 100 WHERE id = '44444444-0000-4000-8000-000000000003';
SELECT status FROM fashionos.waitlist_entries WHERE attendee_name = 'Yves';
SELECT pg_temp.act('service_role', NULL);
SELECT * FROM pg_temp.health('stalled_waitlists');
-- an event that is off sale offers nothing: its waiting entries are not a stall
SELECT set_config('role', 'none', true);
UPDATE public.ticket_tiers SET quantity_total = 90 WHERE id = '44444444-0000-4000-8000-000000000003';
UPDATE fashionos.waitlist_entries SET status = 'waiting', registration_id = NULL, offered_at = NULL WHERE attendee_name = 'Yves';
SELECT pg_temp.act('service_role', NULL);
SELECT * FROM pg_temp.health('stalled_waitlists');
SELECT set_config('role', 'none', true);
UPDATE public.events SET status = 'cancelled' WHERE id = '33333333-0000-4000-8000-000000000001';
SELECT pg_temp.act('service_role', NULL);
SELECT * FROM pg_temp.health('stalled_waitlists');
ROLLBACK;

-- 6. webhook_events_unmatched: the last 24 hours' events whose type pays or refunds but that
--    paid or refunded nothing here. A completed one, an ignored declined attempt and one of last
--    week are not problems.
BEGIN;
INSERT INTO fashionos.webhook_events (provider, event_id, event_type, outcome, received_at) VALUES
    ('stripe', 'evt_paid', 'payment_intent.succeeded', 'completed', now() - interval '1 hour'),
    ('stripe', 'evt_declined', 'payment_intent.payment_failed', 'ignored', now() - interval '1 hour'),
    ('stripe', 'evt_last_week', 'payment_intent.succeeded', 'ignored', now() - interval '7 days');
SELECT pg_temp.act('service_role', NULL);
SELECT * FROM pg_temp.health('webhook_events_unmatched');
SELECT set_config('role', 'none', true);
INSERT INTO fashionos.webhook_events (provider, event_id, event_type, outcome, received_at) VALUES
    ('stripe', 'evt_not_ours', 'payment_intent.succeeded', 'ignored', now() - interval '2 hours'),
    ('stripe', 'evt_partial', 'charge.refunded', 'ignored', now() - interval '1 hour');
SELECT pg_temp.act('service_role', NULL);
SELECT check_name, problems, detail FROM public.ticketing_health() WHERE check_name = 'webhook_events_unmatched';
ROLLBACK;

-- 7. long_transactions: a transaction that wrote (it has a transaction id) and is open longer
--    than fashionos.health_long_transaction (5 minutes by default; 0 here, so this very one
--    counts; other sessions of the cluster may too, hence "> 0").
BEGIN;
SELECT txid_current() > 0 AS has_xid;
SELECT pg_temp.act('service_role', NULL);
SELECT set_config('fashionos.health_long_transaction', '0', true);
SELECT check_name, problems > 0 AS found, dated FROM pg_temp.health('long_transactions');
SELECT set_config('fashionos.health_long_transaction', 'a while', true);
SELECT pg_temp.try($$SELECT * FROM public.ticketing_health()$$) AS bad_setting;
-- an interval longer than the calendar reaches back: the same refusal, not a bare 22008
SELECT set_config('fashionos.health_long_transaction', '10000 years', true);
SELECT pg_temp.try($$SELECT * FROM public.ticketing_health()$$) AS setting_too_long;
ROLLBACK;

-- Everything is healthy again.
BEGIN;
SELECT pg_temp.act('service_role', NULL);
SELECT * FROM pg_temp.health() WHERE problems <> 0;
ROLLBACK;

-- 8. prune_history. Archive Sale (completed, 2026-01-10, no end date: it ended that day) has a
--    cancelled ticket with its revoked token, a live ticket whose first token was reissued (that
--    old token revoked), a scan at its door and a left waitlist entry; Spring Show (2087) has the
--    tickets, revoked tokens, waitlist and door changes made above.
BEGIN;
INSERT INTO public.registrations (id, event_id, ticket_tier_id, attendee_email, attendee_name, status, qr_code_data, created_at)
VALUES ('55555555-0000-4000-8000-000000000002', '33333333-0000-4000-8000-000000000002', '44444444-0000-4000-8000-000000000004',
        'kept@example.com', 'Kept Buyer', 'confirmed',
        fashionos.issue_ticket_token('55555555-0000-4000-8000-000000000002', '33333333-0000-4000-8000-000000000002'),
        '2026-01-02Z');
CREATE TEMP TABLE reissued_token AS
SELECT fashionos.issue_ticket_token('55555555-0000-4000-8000-000000000002', '33333333-0000-4000-8000-000000000002') AS token;
INSERT INTO fashionos.revoked_tokens (token_hash, registration_id, reason, revoked_at)
SELECT fashionos.token_hash(token), '55555555-0000-4000-8000-000000000002', 'reissued', '2026-01-04Z' FROM reissued_token;
INSERT INTO public.registrations (id, event_id, ticket_tier_id, attendee_email, attendee_name, status, qr_code_data, created_at)
VALUES ('55555555-0000-4000-8000-000000000001', '33333333-0000-4000-8000-000000000002', '44444444-0000-4000-8000-000000000004',
        'old@example.com', 'Old Buyer', 'confirmed',
        fashionos.issue_ticket_token('55555555-0000-4000-8000-000000000001', '33333333-0000-4000-8000-000000000002'),
        '2026-01-02Z');
UPDATE public.registrations SET status = 'cancelled' WHERE id = '55555555-0000-4000-8000-000000000001';
INSERT INTO fashionos.revoked_tokens (token_hash, registration_id, reason, revoked_at)
SELECT fashionos.token_hash(qr_code_data), id, 'cancelled', '2026-01-05Z' FROM public.registrations
 WHERE id = '55555555-0000-4000-8000-000000000001';
INSERT INTO fashionos.door_scans (event_id, token_hash, scanned_at, gate, registration_id, outcome, reason, synced_at)
SELECT event_id, fashionos.token_hash(qr_code_data), '2026-01-10 10:05+01', 'north', id, 'refused', 'cancelled', '2026-01-10 10:06+01'
  FROM public.registrations WHERE id = '55555555-0000-4000-8000-000000000001';
INSERT INTO fashionos.waitlist_entries (ticket_tier_id, event_id, token_hash, status, joined_at, decided_at)
VALUES ('44444444-0000-4000-8000-000000000004', '33333333-0000-4000-8000-000000000002', sha256('operations-test-old'),
        'left', '2026-01-03Z', '2026-01-04Z');
-- webhook events: of last year, of 10 days ago, of 2 days ago; idempotency keys of 2 days and of
-- an hour ago
INSERT INTO fashionos.webhook_events (provider, event_id, event_type, outcome, received_at) VALUES
    ('stripe', 'evt_old', 'payment_intent.succeeded', 'completed', '2026-01-02Z'),
    ('stripe', 'evt_10_days', 'payment_intent.succeeded', 'completed', now() - interval '10 days'),
    ('stripe', 'evt_2_days', 'payment_intent.succeeded', 'completed', now() - interval '2 days');
INSERT INTO fashionos.reservation_keys (idempotency_key, request_hash, created_at) VALUES
    ('old-key', 'x', now() - interval '2 days'), ('new-key', 'y', now() - interval '1 hour');
COMMIT;

-- What each event has, before and after.
CREATE TEMP VIEW private_rows AS
SELECT e.name AS event,
       (SELECT count(*) FROM fashionos.door_changes c WHERE c.event_id = e.id) AS door_changes,
       (SELECT count(*) FROM fashionos.door_scans s WHERE s.event_id = e.id) AS door_scans,
       (SELECT count(*) FROM fashionos.waitlist_entries w WHERE w.event_id = e.id) AS waitlist,
       (SELECT count(*) FROM fashionos.revoked_tokens v JOIN public.registrations r ON r.id = v.registration_id
         WHERE r.event_id = e.id) AS revoked,
       (SELECT count(*) FROM public.registrations r WHERE r.event_id = e.id) AS registrations,
       (SELECT count(*) FROM fashionos.payment_events p WHERE p.event_id = e.id) AS payment_events
  FROM public.events e ORDER BY e.name;
SELECT * FROM private_rows;
SELECT event_id, outcome FROM fashionos.webhook_events ORDER BY event_id;
SELECT idempotency_key FROM fashionos.reservation_keys ORDER BY 1;

-- The door of Spring Show holds a bundle; a ticket is sold after it. Archive Sale's door holds one
-- too, and asks for a delta after the pruning (as if the event had been dated anew).
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
CREATE TEMP TABLE door_before AS
SELECT (public.door_bundle('33333333-0000-4000-8000-000000000001')->>'bundle')::jsonb AS bundle;
CREATE TEMP TABLE archive_door_before AS
SELECT (public.door_bundle('33333333-0000-4000-8000-000000000002')->>'bundle')::jsonb AS bundle;
COMMIT;
GRANT SELECT ON door_before, archive_door_before TO PUBLIC;
BEGIN;
SELECT pg_temp.act('anon', NULL);
CREATE TEMP TABLE late AS
SELECT * FROM public.reserve_tickets('44444444-0000-4000-8000-000000000003', 1, 'late@example.com', 'Late');
COMMIT;
GRANT SELECT ON late TO PUBLIC;

-- Refused: a date less than 7 days ago, or none.
BEGIN;
SELECT pg_temp.act('service_role', NULL);
SELECT split_part(pg_temp.try($$SELECT public.prune_history(now() - interval '6 days 23 hours')$$), ' | ', 1) AS too_recent;
SELECT pg_temp.try($$SELECT public.prune_history(now() + interval '1 hour')$$) AS future;
SELECT pg_temp.try($$SELECT public.prune_history(NULL)$$) AS missing;
SELECT pg_temp.try($$SELECT public.prune_history('infinity')$$) AS infinity;
ROLLBACK;

-- Before the pruning, Archive Sale's door may ask for a delta.
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT (public.door_bundle('33333333-0000-4000-8000-000000000002', (SELECT (bundle->>'sequence')::bigint FROM archive_door_before))->>'bundle')::jsonb->>'kind' AS archive_kind;
ROLLBACK;

-- The weekly job: everything of events that ended more than 90 days ago (Archive Sale), webhook
-- events older than that, idempotency keys older than 24 hours.
BEGIN;
SELECT pg_temp.act('service_role', NULL);
SELECT public.prune_history(now() - interval '90 days') AS pruned;
COMMIT;
SELECT * FROM private_rows;
SELECT event_id FROM fashionos.webhook_events ORDER BY event_id;
SELECT idempotency_key FROM fashionos.reservation_keys ORDER BY 1;
-- Archive Sale's revoked tokens stay, the cancelled ticket's and the live ticket's old one: were
-- the event dated anew, that token would still be refused, online as here and by the revocations
-- of its door bundles.
SELECT v.reason, r.attendee_email, r.status FROM fashionos.revoked_tokens v JOIN public.registrations r ON r.id = v.registration_id
 WHERE r.event_id = '33333333-0000-4000-8000-000000000002';
GRANT SELECT ON reissued_token TO PUBLIC;
BEGIN;
SELECT pg_temp.act('anon', NULL);
SELECT valid, reason FROM public.verify_ticket((SELECT token FROM reissued_token));
ROLLBACK;
-- Asked for a delta since the bundle it held before the pruning, the door gets a full bundle (the
-- changes pruned are not sent again), and it lists that old token among the revoked.
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT d.bundle->>'kind' AS archive_kind,
       (SELECT array_agg(r->>'status' ORDER BY r->>'status') FROM jsonb_array_elements(d.bundle->'registrations') r) AS registrations,
       (SELECT array_agg(v->>'reason') FROM jsonb_array_elements(d.bundle->'revoked') v
         WHERE v->>'token_sha256' = (SELECT encode(sha256(convert_to(token, 'UTF8')), 'hex') FROM reissued_token)) AS reissued_revoked
  FROM (SELECT (public.door_bundle('33333333-0000-4000-8000-000000000002',
                                   (SELECT (bundle->>'sequence')::bigint FROM archive_door_before))->>'bundle')::jsonb AS bundle) d;
ROLLBACK;

-- With a date 7 days ago, webhook events older than 7 days go too; a second run finds nothing.
BEGIN;
SELECT pg_temp.act('service_role', NULL);
SELECT public.prune_history(now() - interval '7 days 1 minute') AS pruned;
SELECT public.prune_history(now() - interval '7 days 1 minute') AS pruned_again;
COMMIT;
SELECT event_id FROM fashionos.webhook_events ORDER BY event_id;

-- Spring Show's door: the delta since the bundle it held has the ticket sold since, and a full
-- bundle still lists every ticket and revocation.
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT d.bundle->>'kind' AS kind,
       (SELECT array_agg(r->>'status') FROM jsonb_array_elements(d.bundle->'registrations') r
         WHERE r->>'id' = (SELECT registration_id::text FROM late)) AS late_ticket,
       (d.bundle->>'sequence')::bigint >= (SELECT (bundle->>'sequence')::bigint FROM door_before) AS sequence_grows
  FROM (SELECT (public.door_bundle('33333333-0000-4000-8000-000000000001',
                                   (SELECT (bundle->>'sequence')::bigint FROM door_before))->>'bundle')::jsonb AS bundle) d;
SELECT jsonb_array_length(d.bundle->'registrations') AS registrations, jsonb_array_length(d.bundle->'revoked') AS revoked
  FROM (SELECT (public.door_bundle('33333333-0000-4000-8000-000000000001')->>'bundle')::jsonb AS bundle) d;
ROLLBACK;

-- And the health check does not take the pruned event for a problem, nor once it is dated anew
-- (its cancelled ticket's token is still revoked).
BEGIN;
SELECT pg_temp.act('service_role', NULL);
SELECT * FROM pg_temp.health() WHERE problems <> 0;
RESET ROLE;
UPDATE public.events SET start_date = '2087-05-01 19:00+02', status = 'active' WHERE id = '33333333-0000-4000-8000-000000000002';
SELECT pg_temp.act('service_role', NULL);
SELECT * FROM pg_temp.health('cancelled_token_not_revoked');
ROLLBACK;
