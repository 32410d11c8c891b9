-- waitlist: the waitlist of a sold-out tier (sql/waitlist.sql, docs/api.md "Waitlist"): joining
-- only when sold out, positions, a freed ticket offered to the first waiting entry (by every door:
-- cancellation, expiry, a raised quantity_total), only the token holder or the signed-in waiter
-- claims, an expired or declined offer passes to the next entry, organizers see the queue and
-- nobody else sees other people's entries, and quantity_sold = live registrations after each step.
-- Races: tests/isolation/specs/waitlist_offer.spec, tests/concurrency/waitlist_race.sh.
\i common/atelier_setup.sql
\set ECHO none
-- The queue as the event's owner sees it.
CREATE FUNCTION pg_temp.queue(p_tier uuid) RETURNS TABLE (attendee_email text, status text, "position" integer,
                                                           has_offer boolean, offer_open boolean)
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
    RETURN QUERY SELECT w.attendee_email, w.status, w.position, w.registration_id IS NOT NULL,
                        w.offer_expires_at > now() FROM public.list_waitlist(p_tier) w;
    PERFORM set_config('role', 'postgres', true);
END
$$;
CREATE TABLE public.wl_tokens (who text PRIMARY KEY, token text, entry_id uuid);
GRANT ALL ON public.wl_tokens TO PUBLIC;
INSERT INTO public.ticket_tiers (id, event_id, name, type, price, quantity_total) VALUES
    ('44444444-0000-4000-8000-0000000000e1', '33333333-0000-4000-8000-000000000001', 'Runway', 'paid', 80.00, 2),
    ('44444444-0000-4000-8000-0000000000e2', '33333333-0000-4000-8000-000000000001', 'Open Door', 'paid', 0, 1);
\set ECHO all

-- 1. A tier with tickets left has no waitlist: buy them.
BEGIN;
SELECT pg_temp.act('anon', NULL);
SELECT pg_temp.try($$SELECT public.join_waitlist('44444444-0000-4000-8000-0000000000e1', 'cleo@example.com', 'Cleo')$$) AS not_sold_out;
SELECT count(*) AS ana FROM public.reserve_tickets('44444444-0000-4000-8000-0000000000e1', 1, 'ana@example.com', 'Ana');
SELECT count(*) AS bea FROM public.reserve_tickets('44444444-0000-4000-8000-0000000000e1', 1, 'bea@example.com', 'Bea');
-- Bad input, comp/press tiers, events not on sale, unknown tiers.
SELECT pg_temp.try($$SELECT public.join_waitlist('44444444-0000-4000-8000-0000000000e1', 'not-an-address', 'Cleo')$$) AS bad_email;
SELECT pg_temp.try($$SELECT public.join_waitlist('44444444-0000-4000-8000-0000000000e1', 'cleo@example.com', ' ')$$) AS bad_name;
SELECT pg_temp.try($$SELECT public.join_waitlist('44444444-0000-4000-8000-000000000002', 'cleo@example.com', 'Cleo')$$) AS press;
SELECT pg_temp.try($$SELECT public.join_waitlist('44444444-0000-4000-8000-000000000004', 'cleo@example.com', 'Cleo')$$) AS completed_event;
SELECT pg_temp.try($$SELECT public.join_waitlist('44444444-0000-4000-8000-0000000009e9', 'cleo@example.com', 'Cleo')$$) AS unknown_tier;
COMMIT;
SELECT * FROM pg_temp.counts('44444444-0000-4000-8000-0000000000e1');

-- 2. Sold out: three buyers join, two anonymous, one signed in; positions in order of joining.
--    The claim token is returned once; the e-mail is trimmed and lower-cased.
BEGIN;
SELECT pg_temp.act('anon', NULL);
WITH j AS (SELECT * FROM public.join_waitlist('44444444-0000-4000-8000-0000000000e1', ' Cleo@Example.com ', 'Cleo'))
INSERT INTO public.wl_tokens SELECT 'cleo', claim_token, entry_id FROM j;
COMMIT;
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000003');
WITH j AS (SELECT * FROM public.join_waitlist('44444444-0000-4000-8000-0000000000e1', 'guest@example.com', 'Dora'))
INSERT INTO public.wl_tokens SELECT 'dora', claim_token, entry_id FROM j;
COMMIT;
BEGIN;
SELECT pg_temp.act('anon', NULL);
WITH j AS (SELECT * FROM public.join_waitlist('44444444-0000-4000-8000-0000000000e1', ' EVE@example.com', 'Eve')),
     kept AS (INSERT INTO public.wl_tokens SELECT 'eve', claim_token, entry_id FROM j)
SELECT status, position, claim_token ~ '^wl_[0-9a-f]{64}$' AS token_shape, attendee_email FROM j;
COMMIT;
SELECT * FROM pg_temp.queue('44444444-0000-4000-8000-0000000000e1');
-- Only hashes are kept.
SELECT count(*) AS tokens_stored_in_clear FROM fashionos.waitlist_entries w JOIN public.wl_tokens t ON w.token_hash = convert_to(t.token, 'UTF8');
SELECT * FROM pg_temp.counts('44444444-0000-4000-8000-0000000000e1');

-- 3. Who sees the queue: the organizers all of it; a signed-in buyer only his own entries; an
--    organizer of another house nothing; anon is refused. The private table is closed.
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000003');
SELECT attendee_email, status, position FROM public.list_waitlist('44444444-0000-4000-8000-0000000000e1');
-- across tiers, his own entries only (my_waitlist); the rival has none; anon is refused
SELECT attendee_email, status, position, claim_token FROM public.my_waitlist();
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000004');
SELECT count(*) AS rival_sees FROM public.list_waitlist('44444444-0000-4000-8000-0000000000e1');
SELECT count(*) AS rival_has FROM public.my_waitlist();
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000002');
SELECT count(*) AS viewer_of_the_house_sees FROM public.list_waitlist('44444444-0000-4000-8000-0000000000e1');
SELECT pg_temp.act('anon', NULL);
SELECT pg_temp.try($$SELECT * FROM public.list_waitlist('44444444-0000-4000-8000-0000000000e1')$$) AS anon_list;
SELECT pg_temp.try($$SELECT * FROM public.my_waitlist()$$) AS anon_mine;
SELECT pg_temp.try($$SELECT * FROM fashionos.waitlist_entries$$) AS anon_table;
-- An entry id names only the caller's own entry: anon and another user get PT404.
SELECT pg_temp.try(format('SELECT * FROM public.waitlist_status(p_entry_id => %L)', (SELECT entry_id FROM public.wl_tokens WHERE who = 'cleo'))) AS anon_by_id;
SELECT pg_temp.try($$SELECT * FROM public.waitlist_status()$$) AS neither;
SELECT pg_temp.try($$SELECT * FROM public.waitlist_status('wl_guessed')$$) AS guessed_token;
-- Before any ticket comes back: no offer.
SELECT pg_temp.try($$SELECT * FROM public.claim_waitlist_offer((SELECT token FROM public.wl_tokens WHERE who = 'cleo'))$$) AS too_early;
ROLLBACK;

-- 4. Ana's ticket comes back (the organizers cancel it): Cleo, first in line, gets the offer, a
--    pending registration with a pending payment, counted by quantity_sold. A walk-in buyer finds
--    the tier sold out.
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT changed FROM public.cancel_registration((SELECT id FROM public.registrations WHERE attendee_email = 'ana@example.com'));
COMMIT;
SELECT * FROM pg_temp.queue('44444444-0000-4000-8000-0000000000e1');
SELECT r.attendee_email, r.attendee_name, r.status, p.amount, p.status AS payment
  FROM fashionos.waitlist_entries w JOIN public.registrations r ON r.id = w.registration_id
  JOIN public.payments p ON p.registration_id = r.id
 WHERE w.id = (SELECT entry_id FROM public.wl_tokens WHERE who = 'cleo');
SELECT * FROM pg_temp.counts('44444444-0000-4000-8000-0000000000e1');
BEGIN;
SELECT pg_temp.act('anon', NULL);
SELECT pg_temp.try($$SELECT public.reserve_tickets('44444444-0000-4000-8000-0000000000e1', 1, 'fay@example.com', 'Fay')$$) AS walk_in;
-- Eve's place: 2nd; the offer is Cleo's alone: Eve's token and Dora (by id) cannot take it.
SELECT status, position FROM public.waitlist_status((SELECT token FROM public.wl_tokens WHERE who = 'eve'));
SELECT pg_temp.try($$SELECT * FROM public.claim_waitlist_offer((SELECT token FROM public.wl_tokens WHERE who = 'eve'))$$) AS eve_claims;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000003');
SELECT pg_temp.try(format('SELECT * FROM public.claim_waitlist_offer(p_entry_id => %L)', (SELECT entry_id FROM public.wl_tokens WHERE who = 'cleo'))) AS dora_takes_cleos;
COMMIT;

-- 4b. The notices of offers are for server-side code (a mailer): Cleo's offer is handed out once,
--     with her e-mail and the deadline; anon and signed-in users are refused, and so is a limit
--     out of range.
BEGIN;
SELECT pg_temp.act('anon', NULL);
SELECT pg_temp.try($$SELECT * FROM public.take_waitlist_offers()$$) AS anon_takes;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT pg_temp.try($$SELECT * FROM public.take_waitlist_offers()$$) AS organizer_takes;
SELECT pg_temp.try($$SELECT * FROM fashionos.take_waitlist_offers()$$) AS organizer_takes_directly;
SELECT pg_temp.act('service_role', NULL);
SELECT pg_temp.try($$SELECT * FROM public.take_waitlist_offers(0)$$) AS zero;
SELECT event_name, tier_name, user_id IS NULL AS anonymous, attendee_email, attendee_name,
       offer_expires_at > now() + interval '59 minutes' AS offer_for_an_hour,
       entry_id = (SELECT entry_id FROM public.wl_tokens WHERE who = 'cleo') AS cleo
  FROM public.take_waitlist_offers();
SELECT count(*) AS taken_again FROM public.take_waitlist_offers();
COMMIT;

-- 4c. Two things that may happen to an open offer before it is claimed (each rolled back): the
--     event is cancelled (the claim is refused: not on sale, also once a hold of the tier has
--     run out; the anonymous waiters, who no longer see the tier, still read their entries and
--     Cleo declines her offer), or the organizers mark its payment paid (the ticket is then
--     Cleo's: her entry reads claimed, her claim answers it, she cannot leave).
SELECT p.id AS cleo_payment FROM public.payments p JOIN fashionos.waitlist_entries w ON w.registration_id = p.registration_id
 WHERE w.id = (SELECT entry_id FROM public.wl_tokens WHERE who = 'cleo') \gset
BEGIN;
UPDATE public.events SET status = 'cancelled' WHERE id = '33333333-0000-4000-8000-000000000001';
SELECT pg_temp.act('anon', NULL);
SELECT pg_temp.try($$SELECT * FROM public.claim_waitlist_offer((SELECT token FROM public.wl_tokens WHERE who = 'cleo'))$$) AS event_cancelled;
RESET ROLE;
UPDATE fashionos.registration_holds SET expires_at = now() - interval '1 minute'
 WHERE ticket_tier_id = '44444444-0000-4000-8000-0000000000e1'
   AND registration_id NOT IN (SELECT registration_id FROM fashionos.waitlist_entries WHERE registration_id IS NOT NULL);
SELECT pg_temp.act('anon', NULL);
SELECT pg_temp.try($$SELECT * FROM public.claim_waitlist_offer((SELECT token FROM public.wl_tokens WHERE who = 'cleo'))$$) AS event_cancelled_hold_expired;
SELECT status, position FROM public.waitlist_status((SELECT token FROM public.wl_tokens WHERE who = 'eve'));
SELECT status FROM public.leave_waitlist((SELECT token FROM public.wl_tokens WHERE who = 'cleo'));
ROLLBACK;
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT registration_status FROM public.complete_payment(:'cleo_payment');
SELECT pg_temp.act('anon', NULL);
SELECT status, offer_expires_at IS NULL AS no_deadline FROM public.waitlist_status((SELECT token FROM public.wl_tokens WHERE who = 'cleo'));
SELECT status FROM public.claim_waitlist_offer((SELECT token FROM public.wl_tokens WHERE who = 'cleo'));
SELECT pg_temp.try($$SELECT * FROM public.leave_waitlist((SELECT token FROM public.wl_tokens WHERE who = 'cleo'))$$) AS leave_paid;
ROLLBACK;

-- 5. Cleo claims with her token: the reservation to pay, held for the event's hold time; claiming
--    again answers the same reservation; the payment webhook confirms it.
BEGIN;
SELECT pg_temp.act('anon', NULL);
CREATE TEMP TABLE cleo_claim AS SELECT * FROM public.claim_waitlist_offer((SELECT token FROM public.wl_tokens WHERE who = 'cleo'));
GRANT SELECT ON cleo_claim TO PUBLIC;
SELECT status, amount, currency, payment_id IS NOT NULL AS to_pay,
       hold_expires_at BETWEEN now() + interval '14 minutes' AND now() + interval '16 minutes' AS held_15_minutes
  FROM cleo_claim;
SELECT c.registration_id = x.registration_id AS same_answer
  FROM cleo_claim c, public.claim_waitlist_offer((SELECT token FROM public.wl_tokens WHERE who = 'cleo')) x;
SELECT pg_temp.try($$SELECT * FROM public.leave_waitlist((SELECT token FROM public.wl_tokens WHERE who = 'cleo'))$$) AS leave_claimed;
COMMIT;
BEGIN;
SELECT pg_temp.act('service_role', NULL);
SELECT payment_status, registration_status FROM public.complete_payment((SELECT payment_id FROM cleo_claim), 'stripe', 'ch_cleo');
COMMIT;
SELECT * FROM pg_temp.queue('44444444-0000-4000-8000-0000000000e1');
SELECT * FROM pg_temp.counts('44444444-0000-4000-8000-0000000000e1');

-- 6. Bea's hold expires. The next look at the queue releases it: Dora (signed in) gets the offer
--    and sees it by her entry id.
UPDATE fashionos.registration_holds h SET expires_at = now() - interval '1 second'
  FROM public.registrations r WHERE r.id = h.registration_id AND r.attendee_email = 'bea@example.com';
BEGIN;
SELECT pg_temp.act('anon', NULL);
SELECT status, position FROM public.waitlist_status((SELECT token FROM public.wl_tokens WHERE who = 'eve'));
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000003');
SELECT status, position, offer_expires_at > now() + interval '59 minutes' AS offer_for_an_hour
  FROM public.waitlist_status(p_entry_id => (SELECT entry_id FROM public.wl_tokens WHERE who = 'dora'));
COMMIT;
SELECT * FROM pg_temp.counts('44444444-0000-4000-8000-0000000000e1');

-- 7. Dora lets her offer run out: claiming now is "offer expired" (PT409); the expiry passes the
--    ticket to Eve, whose offer waits the event's waitlist_offer_minutes, set to 5 meanwhile.
UPDATE fashionos.registration_holds h SET expires_at = now() - interval '1 second'
  FROM public.registrations r WHERE r.id = h.registration_id AND r.attendee_email = 'guest@example.com';
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000003');
SELECT pg_temp.try(format('SELECT * FROM public.claim_waitlist_offer(p_entry_id => %L)', (SELECT entry_id FROM public.wl_tokens WHERE who = 'dora'))) AS dora_late;
SELECT status FROM public.list_waitlist('44444444-0000-4000-8000-0000000000e1');
SELECT status, offer_expires_at < now() AS deadline_passed FROM public.my_waitlist();
COMMIT;
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT waitlist_offer_minutes FROM public.set_event_settings('33333333-0000-4000-8000-000000000001', p_waitlist_offer_minutes => 5);
SELECT public.release_expired_holds('44444444-0000-4000-8000-0000000000e1') AS released;
COMMIT;
SELECT * FROM pg_temp.queue('44444444-0000-4000-8000-0000000000e1');
SELECT * FROM pg_temp.counts('44444444-0000-4000-8000-0000000000e1');
BEGIN;
SELECT pg_temp.act('anon', NULL);
SELECT status, offer_expires_at BETWEEN now() + interval '4 minutes' AND now() + interval '5 minutes' AS offer_for_5_minutes
  FROM public.waitlist_status((SELECT token FROM public.wl_tokens WHERE who = 'eve'));
COMMIT;

-- 8. Eve declines (leaves with an open offer): with nobody else waiting, the ticket goes back on
--    sale and a walk-in buyer gets it. Leaving again answers the entry as it is.
BEGIN;
SELECT pg_temp.act('anon', NULL);
SELECT status, position, registration_id IS NOT NULL AS had_offer FROM public.leave_waitlist((SELECT token FROM public.wl_tokens WHERE who = 'eve'));
SELECT status FROM public.leave_waitlist((SELECT token FROM public.wl_tokens WHERE who = 'eve'));
SELECT pg_temp.try($$SELECT * FROM public.claim_waitlist_offer((SELECT token FROM public.wl_tokens WHERE who = 'eve'))$$) AS eve_after_leaving;
COMMIT;
SELECT * FROM pg_temp.counts('44444444-0000-4000-8000-0000000000e1');
BEGIN;
SELECT pg_temp.act('anon', NULL);
SELECT status FROM public.reserve_tickets('44444444-0000-4000-8000-0000000000e1', 1, 'fay@example.com', 'Fay');
COMMIT;
SELECT * FROM pg_temp.queue('44444444-0000-4000-8000-0000000000e1');
SELECT * FROM pg_temp.counts('44444444-0000-4000-8000-0000000000e1');

-- 9. One entry waits for one ticket; entries and live tickets of a tier stay within the limit
--    per buyer and tier (here 2). Raising quantity_total offers the new tickets to the queue first.
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT buyer_max_tickets_per_tier FROM public.set_event_settings('33333333-0000-4000-8000-000000000001', p_buyer_max_tickets_per_tier => 2);
SELECT pg_temp.act('anon', NULL);
SELECT status, position FROM public.join_waitlist('44444444-0000-4000-8000-0000000000e1', 'gus@example.com', 'Gus');
SELECT status, position FROM public.join_waitlist('44444444-0000-4000-8000-0000000000e1', 'GUS@example.com', 'Gus');
SELECT pg_temp.try($$SELECT * FROM public.join_waitlist('44444444-0000-4000-8000-0000000000e1', 'gus@example.com', 'Gus')$$) AS third_entry;
SELECT pg_temp.try($$SELECT * FROM public.join_waitlist('44444444-0000-4000-8000-0000000000e1', 'fay@example.com', 'Fay')$$) AS fay_second;
SELECT status, position FROM public.join_waitlist('44444444-0000-4000-8000-0000000000e1', 'hal@example.com', 'Hal');
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
UPDATE public.ticket_tiers SET quantity_total = 4 WHERE id = '44444444-0000-4000-8000-0000000000e1';
COMMIT;
SELECT * FROM pg_temp.queue('44444444-0000-4000-8000-0000000000e1');
SELECT quantity_total, quantity_sold FROM public.ticket_tiers WHERE id = '44444444-0000-4000-8000-0000000000e1';
SELECT * FROM pg_temp.counts('44444444-0000-4000-8000-0000000000e1');

-- 9b. The event's other limits count waiting entries too (rolled back): with 2 tickets per buyer
--     of the event, a third entry is refused although the tier allows 5; with 1 unpaid ticket on
--     hold per buyer, a second entry (a second offer would be a second hold). The organizers read
--     the counts; anon reads which limit.
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT buyer_max_tickets, buyer_max_tickets_per_tier FROM public.set_event_settings('33333333-0000-4000-8000-000000000001',
       p_buyer_max_tickets => 2, p_buyer_max_tickets_per_tier => 5);
SELECT pg_temp.act('anon', NULL);
SELECT count(*) AS ivy_entries FROM generate_series(1, 2) i, LATERAL public.join_waitlist('44444444-0000-4000-8000-0000000000e1', 'ivy@example.com', 'Ivy ' || i);
SELECT pg_temp.try($$SELECT * FROM public.join_waitlist('44444444-0000-4000-8000-0000000000e1', 'ivy@example.com', 'Ivy')$$) AS ivy_third_anon;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT pg_temp.try($$SELECT * FROM public.join_waitlist('44444444-0000-4000-8000-0000000000e1', 'ivy@example.com', 'Ivy')$$) AS ivy_third_organizer;
SELECT buyer_max_holds FROM public.set_event_settings('33333333-0000-4000-8000-000000000001', p_buyer_max_tickets => 20, p_buyer_max_holds => 1);
SELECT pg_temp.act('anon', NULL);
SELECT status FROM public.join_waitlist('44444444-0000-4000-8000-0000000000e1', 'jo@example.com', 'Jo');
SELECT pg_temp.try($$SELECT * FROM public.join_waitlist('44444444-0000-4000-8000-0000000000e1', 'jo@example.com', 'Jo')$$) AS jo_second_anon;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT pg_temp.try($$SELECT * FROM public.join_waitlist('44444444-0000-4000-8000-0000000000e1', 'jo@example.com', 'Jo')$$) AS jo_second_organizer;
ROLLBACK;

-- 10. A free tier: the claimed offer is confirmed at once, without a payment.
BEGIN;
SELECT pg_temp.act('anon', NULL);
SELECT status FROM public.reserve_tickets('44444444-0000-4000-8000-0000000000e2', 1, 'ivo@example.com', 'Ivo');
WITH j AS (SELECT * FROM public.join_waitlist('44444444-0000-4000-8000-0000000000e2', 'jo@example.com', 'Jo'))
INSERT INTO public.wl_tokens SELECT 'jo', claim_token, entry_id FROM j;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT changed FROM public.cancel_registration((SELECT id FROM public.registrations WHERE attendee_email = 'ivo@example.com'));
SELECT pg_temp.act('anon', NULL);
SELECT status, payment_id IS NULL AS no_payment, hold_expires_at IS NULL AS no_hold
  FROM public.claim_waitlist_offer((SELECT token FROM public.wl_tokens WHERE who = 'jo'));
SELECT status FROM public.waitlist_status((SELECT token FROM public.wl_tokens WHERE who = 'jo'));
COMMIT;
SELECT * FROM pg_temp.counts('44444444-0000-4000-8000-0000000000e2');

-- 11. A claim that is never paid: Lou claims the ticket Kim gave back, then lets the payment's
--     deadline pass. Lou's entry reads lapsed at once (not claimed, as a paid claim reads), and
--     still after the release, when the ticket is back on sale.
INSERT INTO public.ticket_tiers (id, event_id, name, type, price, quantity_total)
SELECT '44444444-0000-4000-8000-0000000000e3', event_id, 'Late', 'paid', 50, 1
  FROM public.ticket_tiers WHERE id = '44444444-0000-4000-8000-0000000000e1';
BEGIN;
SELECT pg_temp.act('anon', NULL);
SELECT status FROM public.reserve_tickets('44444444-0000-4000-8000-0000000000e3', 1, 'kim@example.com', 'Kim');
WITH j AS (SELECT * FROM public.join_waitlist('44444444-0000-4000-8000-0000000000e3', 'lou@example.com', 'Lou'))
INSERT INTO public.wl_tokens SELECT 'lou', claim_token, entry_id FROM j;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT changed FROM public.cancel_registration((SELECT id FROM public.registrations WHERE attendee_email = 'kim@example.com'));
SELECT pg_temp.act('anon', NULL);
SELECT status, payment_id IS NOT NULL AS to_pay FROM public.claim_waitlist_offer((SELECT token FROM public.wl_tokens WHERE who = 'lou'));
SELECT status, offer_expires_at > now() AS pay_by FROM public.waitlist_status((SELECT token FROM public.wl_tokens WHERE who = 'lou'));
COMMIT;
UPDATE fashionos.registration_holds h SET expires_at = now() - interval '1 second'
  FROM public.registrations r WHERE r.id = h.registration_id AND r.attendee_email = 'lou@example.com';
BEGIN;
SELECT pg_temp.act('anon', NULL);
SELECT status, offer_expires_at FROM public.waitlist_status((SELECT token FROM public.wl_tokens WHERE who = 'lou'));
SELECT pg_temp.try($$SELECT * FROM public.claim_waitlist_offer((SELECT token FROM public.wl_tokens WHERE who = 'lou'))$$) AS lou_again;
COMMIT;
SELECT public.release_expired_holds('44444444-0000-4000-8000-0000000000e3') AS released;
SELECT status, offer_expires_at FROM public.waitlist_status((SELECT token FROM public.wl_tokens WHERE who = 'lou'));
SELECT status FROM public.waitlist_status((SELECT token FROM public.wl_tokens WHERE who = 'cleo')) AS paid_claim;
SELECT * FROM pg_temp.counts('44444444-0000-4000-8000-0000000000e3');

-- Every ticket of the two tiers, at rest.
SELECT attendee_email, status FROM public.registrations
 WHERE ticket_tier_id IN ('44444444-0000-4000-8000-0000000000e1', '44444444-0000-4000-8000-0000000000e2')
 ORDER BY ticket_tier_id, attendee_email, status;
DROP TABLE public.wl_tokens;

-- 12. A ticket freed while the event is off sale is not offered then; when the event is back on
--     sale it goes to the first waiting entry, not to a walk-in buyer.
BEGIN;
INSERT INTO public.ticket_tiers (id, event_id, name, type, price, quantity_total) VALUES
    ('44444444-0000-4000-8000-0000000000e9', '33333333-0000-4000-8000-000000000001', 'Back row', 'paid', 40.00, 1);
SELECT pg_temp.act('anon', NULL);
SELECT count(*) AS first_sold FROM public.reserve_tickets('44444444-0000-4000-8000-0000000000e9', 1, 'first@example.com', 'First');
CREATE TEMP TABLE nia AS SELECT * FROM public.join_waitlist('44444444-0000-4000-8000-0000000000e9', 'nia@example.com', 'Nia');
GRANT SELECT ON nia TO PUBLIC;
RESET ROLE;
UPDATE public.events SET status = 'cancelled' WHERE id = '33333333-0000-4000-8000-000000000001';
UPDATE public.ticket_tiers SET quantity_total = 2 WHERE id = '44444444-0000-4000-8000-0000000000e9';
SELECT status, position FROM public.waitlist_status(p_token => (SELECT claim_token FROM nia));
UPDATE public.events SET status = 'active' WHERE id = '33333333-0000-4000-8000-000000000001';
SELECT status FROM public.waitlist_status(p_token => (SELECT claim_token FROM nia));
SELECT pg_temp.act('anon', NULL);
SELECT pg_temp.try($$SELECT public.reserve_tickets('44444444-0000-4000-8000-0000000000e9', 1, 'walk@example.com', 'Walk')$$) AS walk_in;
ROLLBACK;

-- 13. Forgetting waiters. A signed-in waiter who deletes his account (Supabase Auth deletes
--     auth.users) leaves every queue: his entries go, with his address and name, and the offer
--     he held passes to the next in line at the next release. Server-side code erases an anonymous waiter's address
--     on request (forget_waitlist_email); nobody else may.
BEGIN;
INSERT INTO public.ticket_tiers (id, event_id, name, type, price, quantity_total) VALUES
    ('44444444-0000-4000-8000-0000000000ea', '33333333-0000-4000-8000-000000000001', 'Balcony', 'paid', 40.00, 1);
INSERT INTO auth.users (id, email) VALUES ('11111111-0000-4000-8000-0000000000f1', 'leaver@example.com');
INSERT INTO public.users (id, email, role, organization_id)
SELECT '11111111-0000-4000-8000-0000000000f1', 'leaver@example.com', 'viewer', organization_id
  FROM public.users WHERE id = '11111111-0000-4000-8000-000000000003';
SELECT pg_temp.act('anon', NULL);
CREATE TEMP TABLE held AS SELECT * FROM public.reserve_tickets('44444444-0000-4000-8000-0000000000ea', 1, 'held@example.com', 'Held');
GRANT SELECT ON held TO PUBLIC;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-0000000000f1');
SELECT status, position FROM public.join_waitlist('44444444-0000-4000-8000-0000000000ea', 'leaver@example.com', 'Lea Leaver');
SELECT status, position FROM public.join_waitlist('44444444-0000-4000-8000-0000000000ea', 'leaver@example.com', 'Lea Leaver');
SELECT pg_temp.act('anon', NULL);
CREATE TEMP TABLE nextw AS SELECT * FROM public.join_waitlist('44444444-0000-4000-8000-0000000000ea', 'next@example.com', 'Next');
CREATE TEMP TABLE anonw AS SELECT * FROM public.join_waitlist('44444444-0000-4000-8000-0000000000ea', 'Anon@Example.com', 'Anon');
GRANT SELECT ON nextw, anonw TO PUBLIC;
RESET ROLE;
UPDATE fashionos.registration_holds SET expires_at = now() - interval '1 second' WHERE registration_id = (SELECT registration_id FROM held);
SELECT public.release_expired_holds('44444444-0000-4000-8000-0000000000ea') AS released;
SELECT * FROM pg_temp.queue('44444444-0000-4000-8000-0000000000ea');
SELECT registration_id AS leaver_offer FROM fashionos.waitlist_entries WHERE attendee_email = 'leaver@example.com' AND status = 'offered' \gset
-- (his offer is declined: its hold ends; the next release gives the ticket past his second
-- entry, which went too, to the next person)
DELETE FROM auth.users WHERE id = '11111111-0000-4000-8000-0000000000f1';
SELECT public.release_expired_holds('44444444-0000-4000-8000-0000000000ea') AS released;
SELECT * FROM pg_temp.queue('44444444-0000-4000-8000-0000000000ea');
-- the registration his unclaimed offer made, cancelled, keeps neither his name nor his address
SELECT status, attendee_name, attendee_email = 'erased-' || id || '@erased.invalid' AS address_erased
  FROM public.registrations WHERE id = :'leaver_offer';
SELECT count(*) AS entries_of_leaver FROM fashionos.waitlist_entries WHERE attendee_email = 'leaver@example.com';
SELECT * FROM pg_temp.counts('44444444-0000-4000-8000-0000000000ea');
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT pg_temp.try($$SELECT public.forget_waitlist_email('anon@example.com')$$) AS organizer_erases;
SELECT pg_temp.act('service_role', NULL);
SELECT public.forget_waitlist_email(' ANON@example.com ') AS erased;
RESET ROLE;
SELECT * FROM pg_temp.queue('44444444-0000-4000-8000-0000000000ea');
-- the mailer gets no notice of an offer that cannot be claimed (its event off sale); it gets it
-- once the event is back on sale
UPDATE public.events SET status = 'cancelled' WHERE id = '33333333-0000-4000-8000-000000000001';
SELECT pg_temp.act('service_role', NULL);
SELECT count(*) AS notices_while_cancelled FROM public.take_waitlist_offers(1000) WHERE ticket_tier_id = '44444444-0000-4000-8000-0000000000ea';
RESET ROLE;
UPDATE public.events SET status = 'active' WHERE id = '33333333-0000-4000-8000-000000000001';
SELECT pg_temp.act('service_role', NULL);
SELECT attendee_email AS notice_once_active FROM public.take_waitlist_offers(1000) WHERE ticket_tier_id = '44444444-0000-4000-8000-0000000000ea';
RESET ROLE;
ROLLBACK;

-- A tier that the caller cannot read (its event completed, another organization's) is described
-- to nobody outside: reserve_tickets and join_waitlist say only that its event does not sell,
-- without the tier's name or the event's status; list_waitlist and release_expired_holds answer
-- as for a tier that does not exist. Its organizers still read the detail.
BEGIN;
UPDATE public.events SET status = 'completed' WHERE id = (SELECT event_id FROM public.ticket_tiers WHERE id = '44444444-0000-4000-8000-000000000001');
SELECT pg_temp.act('anon', NULL);
SELECT pg_temp.try($$SELECT public.reserve_tickets('44444444-0000-4000-8000-000000000001', 1, 'hidden@example.com', 'Hidden')$$) AS anon_reserve;
SELECT pg_temp.try($$SELECT public.join_waitlist('44444444-0000-4000-8000-000000000001', 'hidden@example.com', 'Hidden')$$) AS anon_join;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000004');
SELECT pg_temp.try($$SELECT public.list_waitlist('44444444-0000-4000-8000-000000000001')$$) AS other_org_list;
SELECT pg_temp.try($$SELECT public.release_expired_holds('44444444-0000-4000-8000-000000000001')$$) AS other_org_release;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000002');
SELECT pg_temp.try($$SELECT public.join_waitlist('44444444-0000-4000-8000-000000000001', 'viewer@example.com', 'Viewer')$$) AS member_join;
-- a buyer of another organization who holds a ticket of the tier still asks about it
RESET ROLE;
INSERT INTO public.registrations (event_id, ticket_tier_id, user_id, attendee_email, attendee_name, status, qr_code_data)
SELECT t.event_id, t.id, '11111111-0000-4000-8000-000000000004', 'holder@example.com', 'Holder', 'confirmed', 'FOS1.holder'
  FROM public.ticket_tiers t WHERE t.id = '44444444-0000-4000-8000-000000000001';
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000004');
SELECT pg_temp.try($$SELECT public.release_expired_holds('44444444-0000-4000-8000-000000000001')$$) AS holder_release;
SELECT pg_temp.try($$SELECT public.list_waitlist('44444444-0000-4000-8000-000000000001')$$) AS holder_list;
ROLLBACK;

-- A sold-out tier whose last hold runs out while walk-ins keep arriving: each walk-in's "sold out"
-- rolls its own release back, so the queue does not move by itself; the mailer's call releases
-- the tiers someone waits for first, and hands out the offer that made.
INSERT INTO public.ticket_tiers (id, event_id, name, type, price, quantity_total) VALUES
    ('44444444-0000-4000-8000-0000000000eb', '33333333-0000-4000-8000-000000000001', 'Last seat', 'paid', 40.00, 1);
BEGIN;
SELECT pg_temp.act('anon', NULL);
SELECT status FROM public.reserve_tickets('44444444-0000-4000-8000-0000000000eb', 1, 'holder.eb@example.com', 'Holder');
SELECT status FROM public.join_waitlist('44444444-0000-4000-8000-0000000000eb', 'waiter.eb@example.com', 'Waiter');
COMMIT;
UPDATE fashionos.registration_holds SET expires_at = now() - interval '1 minute'
 WHERE ticket_tier_id = '44444444-0000-4000-8000-0000000000eb';
BEGIN;
SELECT pg_temp.act('anon', NULL);
SELECT pg_temp.try($$SELECT public.reserve_tickets('44444444-0000-4000-8000-0000000000eb', 1, 'walkin.eb@example.com', 'Walk-in')$$) AS walk_in;
COMMIT;
SELECT status, attendee_email FROM fashionos.waitlist_entries WHERE ticket_tier_id = '44444444-0000-4000-8000-0000000000eb';
BEGIN;
SELECT pg_temp.act('service_role', NULL);
SELECT attendee_email, tier_name FROM public.take_waitlist_offers(1000) WHERE ticket_tier_id = '44444444-0000-4000-8000-0000000000eb';
COMMIT;
SELECT w.status, r.status AS offer_registration, t.quantity_sold
  FROM fashionos.waitlist_entries w JOIN public.registrations r ON r.id = w.registration_id
  JOIN public.ticket_tiers t ON t.id = w.ticket_tier_id
 WHERE w.ticket_tier_id = '44444444-0000-4000-8000-0000000000eb';
