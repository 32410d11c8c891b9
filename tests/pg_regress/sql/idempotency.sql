-- idempotency: reserve_tickets with p_idempotency_key. The same key with the same request returns
-- the same reservation rows (as they are now), never a second reservation; the key with another
-- request is PT409; keys are kept 24 hours. Concurrency: tests/concurrency/hot_drop.sh.
\i common/atelier_setup.sql
INSERT INTO public.ticket_tiers (id, event_id, name, type, price, quantity_total) VALUES
    ('44444444-0000-4000-8000-0000000000d1', '33333333-0000-4000-8000-000000000001', 'Drop', 'paid', 50.00, 100);

-- Kim's order: 2 tickets with the key order-7f3a, her e-mail as the request writes it.
PREPARE kim_order(text) AS
SELECT * FROM public.reserve_tickets('44444444-0000-4000-8000-0000000000d1', 2, $1, 'Kim', p_idempotency_key => 'order-7f3a');
-- First use: a reservation of 2.
BEGIN;
SELECT pg_temp.act('anon', NULL);
CREATE TEMP TABLE first_answer AS EXECUTE kim_order('kim@example.com');
COMMIT;
-- The retry (a timed-out request sent again, the e-mail written differently): the same rows.
BEGIN;
SELECT pg_temp.act('anon', NULL);
CREATE TEMP TABLE retry AS EXECUTE kim_order(' KIM@example.com ');
COMMIT;
GRANT SELECT ON first_answer, retry TO PUBLIC;
SELECT (SELECT count(*) FROM retry) AS rows,
       (SELECT count(*) FROM (TABLE first_answer EXCEPT TABLE retry) d) AS differing,
       (SELECT quantity_sold FROM public.ticket_tiers WHERE id = '44444444-0000-4000-8000-0000000000d1') AS sold;
-- After payment the retry still answers the same registrations, as they are now (confirmed).
SELECT count(*) FILTER (WHERE changed) AS paid
  FROM first_answer f, LATERAL public.complete_payment(f.payment_id, 'stripe', 'ch_' || f.payment_id) c;
BEGIN;
SELECT pg_temp.act('anon', NULL);
SELECT r.status, r.hold_expires_at IS NULL AS no_hold, r.registration_id IN (SELECT registration_id FROM first_answer) AS same
  FROM public.reserve_tickets('44444444-0000-4000-8000-0000000000d1', 2, 'kim@example.com', 'Kim',
                              p_idempotency_key => 'order-7f3a') r;
-- The key with another request: PT409, and nothing reserved.
SELECT pg_temp.try($$SELECT public.reserve_tickets('44444444-0000-4000-8000-0000000000d1', 3, 'kim@example.com', 'Kim', p_idempotency_key => 'order-7f3a')$$) AS other_quantity;
SELECT pg_temp.try($$SELECT public.reserve_tickets('44444444-0000-4000-8000-0000000000d1', 2, 'eve@example.com', 'Kim', p_idempotency_key => 'order-7f3a')$$) AS other_buyer;
SELECT pg_temp.try($$SELECT public.reserve_tickets('44444444-0000-4000-8000-0000000000d1', 1, 'kim@example.com', 'Kim', p_idempotency_key => '')$$) AS empty_key;
COMMIT;
-- One of Kim's tickets leaked and the organizers reissued it: a retry of the first request (by
-- whoever holds it) answers that ticket without its token; the other keeps its own.
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT public.reissue_ticket((SELECT min(registration_id::text)::uuid FROM first_answer)) LIKE 'FOS1.%' AS reissued;
SELECT pg_temp.act('anon', NULL);
SELECT r.registration_id = (SELECT min(registration_id::text)::uuid FROM first_answer) AS the_reissued_one,
       r.qr_code_data IS NULL AS token_withheld,
       r.qr_code_data IS NOT DISTINCT FROM (SELECT f.qr_code_data FROM first_answer f WHERE f.registration_id = r.registration_id) AS first_token
  FROM public.reserve_tickets('44444444-0000-4000-8000-0000000000d1', 2, 'kim@example.com', 'Kim',
                              p_idempotency_key => 'order-7f3a') r
 ORDER BY 1 DESC;
COMMIT;
-- Another caller with the same key and arguments (a signed-in user) is another request.
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000003');
SELECT pg_temp.try($$SELECT public.reserve_tickets('44444444-0000-4000-8000-0000000000d1', 2, 'kim@example.com', 'Kim', p_idempotency_key => 'order-7f3a')$$) AS other_caller;
ROLLBACK;
-- A refusal is not remembered: the key of a refused request is free for its retry.
BEGIN;
SELECT pg_temp.act('anon', NULL);
SELECT pg_temp.try($$SELECT public.reserve_tickets('44444444-0000-4000-8000-0000000000d1', 11, 'lou@example.com', 'Lou', p_idempotency_key => 'order-lou')$$) AS over_the_limit;
SELECT count(*) AS retried FROM public.reserve_tickets('44444444-0000-4000-8000-0000000000d1', 1, 'lou@example.com', 'Lou', p_idempotency_key => 'order-lou');
COMMIT;
-- Without a key every call is a new reservation.
BEGIN;
SELECT pg_temp.act('anon', NULL);
SELECT count(*) AS without_key FROM public.reserve_tickets('44444444-0000-4000-8000-0000000000d1', 1, 'kim@example.com', 'Kim');
COMMIT;
SELECT quantity_sold FROM public.ticket_tiers WHERE id = '44444444-0000-4000-8000-0000000000d1';

-- Kept 24 hours: an older key is purged by the next reservation that carries a key, and may be used again.
UPDATE fashionos.reservation_keys SET created_at = now() - interval '25 hours' WHERE idempotency_key = 'order-7f3a';
BEGIN;
SELECT pg_temp.act('anon', NULL);
SELECT count(*) AS new_use FROM public.reserve_tickets('44444444-0000-4000-8000-0000000000d1', 1, 'max@example.com', 'Max', p_idempotency_key => 'order-7f3a');
COMMIT;
SELECT idempotency_key, cardinality(registration_ids) AS registrations, created_at > now() - interval '1 hour' AS recent
  FROM fashionos.reservation_keys ORDER BY idempotency_key;
-- The key table is private: anon cannot read it.
BEGIN;
SELECT pg_temp.act('anon', NULL);
SELECT pg_temp.try($$SELECT * FROM fashionos.reservation_keys$$) AS anon_reads_keys;
ROLLBACK;
-- A retry after the event left sale still gets its reservation (the key is asked first); a new
-- request is refused as not on sale, and its key stays free.
BEGIN;
SELECT pg_temp.act('anon', NULL);
SELECT count(*) AS before_close FROM public.reserve_tickets('44444444-0000-4000-8000-0000000000d1', 1, 'lea@example.com', 'Lea', p_idempotency_key => 'order-lea');
COMMIT;
UPDATE public.events SET status = 'completed' WHERE id = '33333333-0000-4000-8000-000000000001';
BEGIN;
SELECT pg_temp.act('anon', NULL);
SELECT status FROM public.reserve_tickets('44444444-0000-4000-8000-0000000000d1', 1, 'lea@example.com', 'Lea', p_idempotency_key => 'order-lea');
SELECT pg_temp.try($$SELECT public.reserve_tickets('44444444-0000-4000-8000-0000000000d1', 1, 'ned@example.com', 'Ned', p_idempotency_key => 'order-ned')$$) AS new_after_close;
COMMIT;
SELECT count(*) AS ned_key FROM fashionos.reservation_keys WHERE idempotency_key = 'order-ned';
UPDATE public.events SET status = 'active' WHERE id = '33333333-0000-4000-8000-000000000001';
