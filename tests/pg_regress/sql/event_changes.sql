-- event_changes: what a change the organizers make after sales does to the tickets.
--   1. close_ticket_tier stops a tier's sales for good: a ticket given back stays unsold, buyers
--      and the waitlist are refused, the public listing leaves it out; organizers may still issue;
--      only the event's organizers close it;
--   2. reopen_ticket_tier offers the tickets left to the waitlist before any buyer;
--   3. a waitlist offer is claimed at the tier's price at the claim (repriced, made free, priced);
--   4. server-side code moves an event to another organization only with a creator there, and
--      never an event with sales;
--   5. a retried reservation gets its reservation after the tier was made press or closed;
--   6. an offer paid and refunded stays claimed; a claimed offer not paid in time may be left;
--   7. the box office: transfer_ticket; a used or cancelled ticket keeps its attendee; a full
--      tier tells the organizers to raise its capacity;
--   8. a late payment of one ticket of an order: refund this ticket's share;
--   9. server-side code keeps a creator of the row's organization; a shoot with payments stays;
--  10. exchange_ticket: the new ticket first, what was paid (along the chain) counts toward it;
--  11. issue_guest_list: all or nothing, a list sent again issues only what is missing;
--  12. a refund of the payment behind an exchanged ticket takes that ticket back;
--  13. a ticket transferred to a user does not show him the payer's payment;
--  14. the books of exchanges: list_ticket_exchanges; a refund along a chain takes the ticket
--      back only when what stays paid no longer covers it; the answer names the ticket; a held
--      difference loses its hold; a chain paid in another currency is not exchanged; the id
--      given back names the ticket now.
-- Bookings for a cancelled event: tests/pg_regress/sql/availability.sql (9). A move racing a
-- reservation: tests/isolation/specs/move_vs_purchase.spec.
\i common/atelier_setup.sql
\set ECHO none
CREATE TABLE public.kept (who text PRIMARY KEY, registration_id uuid, payment_id uuid, token text, entry_id uuid);
GRANT ALL ON public.kept TO PUBLIC;
-- buy(tier, who): one ticket for who@example.com, as anon; kept under who
CREATE FUNCTION pg_temp.buy(p_tier uuid, p_who text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_temp.act('anon', NULL);
    INSERT INTO public.kept (who, registration_id, payment_id)
    SELECT p_who, r.registration_id, r.payment_id
      FROM public.reserve_tickets(p_tier, 1, p_who || '@example.com', initcap(p_who)) r;
    PERFORM set_config('role', 'postgres', true);
    RETURN 'bought';
END $$;
-- wait(tier, who): joins the tier's waitlist as anon; the claim token kept under who
CREATE FUNCTION pg_temp.wait(p_tier uuid, p_who text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_temp.act('anon', NULL);
    INSERT INTO public.kept (who, token, entry_id)
    SELECT p_who, w.claim_token, w.entry_id FROM public.join_waitlist(p_tier, p_who || '@example.com', initcap(p_who)) w;
    PERFORM set_config('role', 'postgres', true);
    RETURN 'waiting';
END $$;
INSERT INTO public.ticket_tiers (id, event_id, name, type, price, quantity_total) VALUES
    ('44444444-0000-4000-8000-0000000000c1', '33333333-0000-4000-8000-000000000001', 'Early Bird', 'paid', 50.00, 2),
    ('44444444-0000-4000-8000-0000000000c2', '33333333-0000-4000-8000-000000000001', 'Front Row', 'vip', 80.00, 1),
    ('44444444-0000-4000-8000-0000000000c3', '33333333-0000-4000-8000-000000000001', 'Balcony', 'paid', 30.00, 1),
    ('44444444-0000-4000-8000-0000000000c4', '33333333-0000-4000-8000-000000000001', 'Gallery', 'paid', 0, 1);
\set ECHO all

-- 1. Closing a tier: two of its tickets sold, then closed by the owner.
BEGIN;
SELECT pg_temp.buy('44444444-0000-4000-8000-0000000000c1', 'ana'), pg_temp.buy('44444444-0000-4000-8000-0000000000c1', 'bea');
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT sale, quantity_total, quantity_sold, tickets_left, closed_at IS NOT NULL AS closed, waiting
  FROM public.close_ticket_tier('44444444-0000-4000-8000-0000000000c1');
-- closing again answers the same, closed at the same time
SELECT c.closed_at = s.closed_at AS same_time
  FROM public.close_ticket_tier('44444444-0000-4000-8000-0000000000c1') c
  JOIN public.ticket_tier_sales('33333333-0000-4000-8000-000000000001') s USING (ticket_tier_id);
-- a ticket comes back: it stays unsold
SELECT payment_status, registration_status FROM public.fail_payment((SELECT payment_id FROM public.kept WHERE who = 'ana'));
SELECT * FROM pg_temp.counts('44444444-0000-4000-8000-0000000000c1');
SELECT pg_temp.act('anon', NULL);
SELECT pg_temp.try($$SELECT public.reserve_tickets('44444444-0000-4000-8000-0000000000c1', 1, 'cleo@example.com', 'Cleo')$$) AS buyer;
SELECT pg_temp.try($$SELECT public.join_waitlist('44444444-0000-4000-8000-0000000000c1', 'cleo@example.com', 'Cleo')$$) AS waitlist;
-- the shop sees why; the queue's length is the organizers'
SELECT name, sale, tickets_left, closed_at IS NOT NULL AS closed, waiting
  FROM public.ticket_tier_sales('33333333-0000-4000-8000-000000000001') ORDER BY name;
-- the public listing leaves the closed tier out of the tickets left and the lowest price (General 3 at 120, Standing 100 free)
SELECT tickets_left, lowest_price FROM public.events_on_sale() WHERE event_id = '33333333-0000-4000-8000-000000000001';
-- a viewer of the organization and another organization's owner may not close or reopen it
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000002');
SELECT pg_temp.try($$SELECT public.reopen_ticket_tier('44444444-0000-4000-8000-0000000000c1')$$) AS viewer;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000004');
SELECT pg_temp.try($$SELECT public.close_ticket_tier('44444444-0000-4000-8000-0000000000c2')$$) AS rival;
SELECT pg_temp.try($$SELECT public.close_ticket_tier('44444444-0000-4000-8000-000000000004')$$) AS rival_unseen_tier;
SELECT pg_temp.act('anon', NULL);
SELECT pg_temp.try($$SELECT public.close_ticket_tier('44444444-0000-4000-8000-0000000000c2')$$) AS anon;
-- the organizers may still issue from it
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT status FROM public.reserve_tickets('44444444-0000-4000-8000-0000000000c1', 1, 'guest.of.house@example.com', 'Guest of the House');
SELECT * FROM pg_temp.counts('44444444-0000-4000-8000-0000000000c1');
SELECT sale, tickets_left, closed_at IS NULL AS open FROM public.reopen_ticket_tier('44444444-0000-4000-8000-0000000000c1');
SELECT pg_temp.try($$SELECT public.close_ticket_tier(NULL)$$) AS null_id;
SELECT pg_temp.try($$SELECT public.ticket_tier_sales(NULL)$$) AS null_event;
ROLLBACK;

-- A cancelled (off-sale) event's tiers are listed to its organization only.
BEGIN;
UPDATE public.events SET status = 'cancelled' WHERE id = '33333333-0000-4000-8000-000000000001';
SELECT pg_temp.act('anon', NULL);
SELECT pg_temp.try($$SELECT public.ticket_tier_sales('33333333-0000-4000-8000-000000000001')$$) AS anon_off_sale;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000002');
SELECT name, sale FROM public.ticket_tier_sales('33333333-0000-4000-8000-000000000001') WHERE name IN ('General', 'Press') ORDER BY name;
ROLLBACK;

-- 2. Reopening offers the tickets given back while closed to the waitlist first.
BEGIN;
SELECT pg_temp.buy('44444444-0000-4000-8000-0000000000c1', 'ana'), pg_temp.buy('44444444-0000-4000-8000-0000000000c1', 'bea'),
       pg_temp.wait('44444444-0000-4000-8000-0000000000c1', 'cleo');
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT sale, waiting FROM public.close_ticket_tier('44444444-0000-4000-8000-0000000000c1');
SELECT registration_status FROM public.fail_payment((SELECT payment_id FROM public.kept WHERE who = 'bea'));
SELECT attendee_email, status FROM public.list_waitlist('44444444-0000-4000-8000-0000000000c1');
SELECT sale, tickets_left, waiting FROM public.reopen_ticket_tier('44444444-0000-4000-8000-0000000000c1');
SELECT attendee_email, status, offer_expires_at > now() AS offer_open FROM public.list_waitlist('44444444-0000-4000-8000-0000000000c1');
SELECT * FROM pg_temp.counts('44444444-0000-4000-8000-0000000000c1');
ROLLBACK;

-- 3. A waitlist offer is claimed at the tier's price then.
BEGIN;
SELECT pg_temp.buy('44444444-0000-4000-8000-0000000000c2', 'dan'), pg_temp.wait('44444444-0000-4000-8000-0000000000c2', 'eve'),
       pg_temp.buy('44444444-0000-4000-8000-0000000000c3', 'fay'), pg_temp.wait('44444444-0000-4000-8000-0000000000c3', 'gus'),
       pg_temp.buy('44444444-0000-4000-8000-0000000000c4', 'hal'), pg_temp.wait('44444444-0000-4000-8000-0000000000c4', 'ivy');
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
-- each ticket comes back and is offered: Front Row and Balcony with a payment at 80 and 30, Gallery free
SELECT registration_status FROM public.fail_payment((SELECT payment_id FROM public.kept WHERE who = 'dan'));
SELECT registration_status FROM public.fail_payment((SELECT payment_id FROM public.kept WHERE who = 'fay'));
SELECT status FROM public.cancel_registration((SELECT registration_id FROM public.kept WHERE who = 'hal'));
RESET ROLE;
SELECT w.attendee_email, p.amount FROM fashionos.waitlist_entries w
  LEFT JOIN public.payments p ON p.registration_id = w.registration_id ORDER BY w.attendee_email;
-- the organizers reprice: Front Row 80 -> 40, Balcony 30 -> free, Gallery free -> 25
UPDATE public.ticket_tiers SET price = 40 WHERE id = '44444444-0000-4000-8000-0000000000c2';
UPDATE public.ticket_tiers SET price = 0 WHERE id = '44444444-0000-4000-8000-0000000000c3';
UPDATE public.ticket_tiers SET price = 25 WHERE id = '44444444-0000-4000-8000-0000000000c4';
SELECT pg_temp.act('anon', NULL);
SELECT status, amount, payment_id IS NOT NULL AS has_payment, hold_expires_at > now() AS held
  FROM public.claim_waitlist_offer((SELECT token FROM public.kept WHERE who = 'eve'));
SELECT status, amount, payment_id IS NOT NULL AS has_payment, hold_expires_at > now() AS held
  FROM public.claim_waitlist_offer((SELECT token FROM public.kept WHERE who = 'gus'));
SELECT status, amount, payment_id IS NOT NULL AS has_payment, hold_expires_at > now() AS held
  FROM public.claim_waitlist_offer((SELECT token FROM public.kept WHERE who = 'ivy'));
-- claiming again answers the same
SELECT status, amount FROM public.claim_waitlist_offer((SELECT token FROM public.kept WHERE who = 'eve'));
RESET ROLE;
SELECT w.attendee_email, r.status, p.amount, p.status AS payment_status FROM fashionos.waitlist_entries w
  JOIN public.registrations r ON r.id = w.registration_id
  LEFT JOIN public.payments p ON p.registration_id = w.registration_id ORDER BY w.attendee_email;
-- Eve pays the claimed price
SELECT payment_status, registration_status
  FROM public.complete_payment((SELECT p.id FROM public.payments p JOIN fashionos.waitlist_entries w ON w.registration_id = p.registration_id
                                 WHERE w.attendee_email = 'eve@example.com'), 'stripe', 'pi_eve');
SELECT (pg_temp.counts(id)).equal FROM public.ticket_tiers WHERE event_id = '33333333-0000-4000-8000-000000000001' ORDER BY name;
ROLLBACK;

-- 4. Moving an event to another organization (server-side code; API clients are refused by row
--    level security).
BEGIN;
INSERT INTO public.events (id, name, status, start_date, organization_id, created_by) VALUES
    ('33333333-0000-4000-8000-0000000000c5', 'Trunk Show', 'planning', '2087-05-01 19:00+01',
     '22222222-0000-4000-8000-000000000001', '11111111-0000-4000-8000-000000000001');
SELECT pg_temp.buy('44444444-0000-4000-8000-0000000000c3', 'jo');
SELECT pg_temp.act('service_role', NULL);
SELECT pg_temp.try($$UPDATE public.events SET organization_id = '22222222-0000-4000-8000-000000000003'
                      WHERE id = '33333333-0000-4000-8000-000000000001'$$) AS event_with_sales;
SELECT pg_temp.try($$UPDATE public.events SET organization_id = '22222222-0000-4000-8000-000000000003'
                      WHERE id = '33333333-0000-4000-8000-0000000000c5'$$) AS creator_left_behind;
SELECT pg_temp.try($$UPDATE public.events SET organization_id = '22222222-0000-4000-8000-000000000003',
                                              created_by = '11111111-0000-4000-8000-000000000004'
                      WHERE id = '33333333-0000-4000-8000-0000000000c5'$$) AS with_a_creator_there;
-- the other organization's owner edits it now
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000004');
SELECT pg_temp.try($$UPDATE public.events SET venue_name = 'New Hall' WHERE id = '33333333-0000-4000-8000-0000000000c5'$$) AS new_owner_edits;
-- and cannot hand it back (row level security)
SELECT pg_temp.try($$UPDATE public.events SET organization_id = '22222222-0000-4000-8000-000000000001'
                      WHERE id = '33333333-0000-4000-8000-0000000000c5'$$) AS api_client_moves;
ROLLBACK;

-- 5. A retried reservation (same idempotency key) gets its reservation after the tier was made
--    press or closed, as after the event left sale.
BEGIN;
SELECT pg_temp.act('anon', NULL);
CREATE TEMP TABLE first_try AS
SELECT registration_id FROM public.reserve_tickets('44444444-0000-4000-8000-0000000000c1', 1, 'kim@example.com', 'Kim', p_idempotency_key => 'kim-1');
RESET ROLE;
UPDATE public.ticket_tiers SET type = 'press' WHERE id = '44444444-0000-4000-8000-0000000000c1';
SELECT pg_temp.act('anon', NULL);
SELECT registration_id = (SELECT registration_id FROM first_try) AS same_reservation, status
  FROM public.reserve_tickets('44444444-0000-4000-8000-0000000000c1', 1, 'kim@example.com', 'Kim', p_idempotency_key => 'kim-1');
SELECT pg_temp.try($$SELECT public.reserve_tickets('44444444-0000-4000-8000-0000000000c1', 1, 'kim@example.com', 'Kim', p_idempotency_key => 'kim-2')$$) AS new_key;
RESET ROLE;
UPDATE public.ticket_tiers SET type = 'paid' WHERE id = '44444444-0000-4000-8000-0000000000c1';
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT sale FROM public.close_ticket_tier('44444444-0000-4000-8000-0000000000c1');
SELECT pg_temp.act('anon', NULL);
SELECT registration_id = (SELECT registration_id FROM first_try) AS same_reservation
  FROM public.reserve_tickets('44444444-0000-4000-8000-0000000000c1', 1, 'kim@example.com', 'Kim', p_idempotency_key => 'kim-1');
ROLLBACK;

-- 6. An offer the organizers marked paid, refunded later, stays the waiter's claimed ticket; a
--    claimed offer whose ticket was not paid in time reads lapsed, and its waiter may leave.
BEGIN;
SELECT pg_temp.buy('44444444-0000-4000-8000-0000000000c2', 'lee'), pg_temp.wait('44444444-0000-4000-8000-0000000000c2', 'mo'),
       pg_temp.buy('44444444-0000-4000-8000-0000000000c3', 'ned'), pg_temp.wait('44444444-0000-4000-8000-0000000000c3', 'ora');
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT registration_status FROM public.fail_payment((SELECT payment_id FROM public.kept WHERE who = 'lee'));
SELECT registration_status FROM public.fail_payment((SELECT payment_id FROM public.kept WHERE who = 'ned'));
-- Mo's offer is paid at the box office after the price went up, at the price now (the
-- organizers claim it for him, as claim_waitlist_offer would), then refunded
UPDATE public.ticket_tiers SET price = 95.00 WHERE id = '44444444-0000-4000-8000-0000000000c2';
SELECT payment_status, registration_status
  FROM public.complete_payment((SELECT p.id FROM public.payments p JOIN public.list_waitlist('44444444-0000-4000-8000-0000000000c2') w
                                    ON w.registration_id = p.registration_id WHERE w.attendee_email = 'mo@example.com'), 'stripe', 'pi_mo');
SELECT p.amount AS paid_at_the_price_now FROM public.payments p JOIN public.list_waitlist('44444444-0000-4000-8000-0000000000c2') w
    ON w.registration_id = p.registration_id WHERE w.attendee_email = 'mo@example.com';
SELECT payment_status, registration_status
  FROM public.refund_payment((SELECT p.id FROM public.payments p JOIN public.list_waitlist('44444444-0000-4000-8000-0000000000c2') w
                                  ON w.registration_id = p.registration_id WHERE w.attendee_email = 'mo@example.com'));
SELECT pg_temp.act('anon', NULL);
SELECT status, attendee_email FROM public.waitlist_status((SELECT token FROM public.kept WHERE who = 'mo'));
SELECT status FROM public.claim_waitlist_offer((SELECT token FROM public.kept WHERE who = 'mo'));
-- nothing left to leave: the entry as it is
SELECT status, attendee_email FROM public.leave_waitlist((SELECT token FROM public.kept WHERE who = 'mo'));
-- Ora claims and does not pay before her hold runs out
SELECT status FROM public.claim_waitlist_offer((SELECT token FROM public.kept WHERE who = 'ora'));
RESET ROLE;
UPDATE fashionos.registration_holds SET expires_at = now() - interval '1 second'
 WHERE registration_id = (SELECT registration_id FROM fashionos.waitlist_entries WHERE attendee_email = 'ora@example.com');
SELECT pg_temp.act('anon', NULL);
SELECT status FROM public.waitlist_status((SELECT token FROM public.kept WHERE who = 'ora'));
SELECT status, attendee_email FROM public.leave_waitlist((SELECT token FROM public.kept WHERE who = 'ora'));
SELECT status FROM public.leave_waitlist((SELECT token FROM public.kept WHERE who = 'ora'));
SELECT pg_temp.try($$SELECT public.claim_waitlist_offer((SELECT token FROM public.kept WHERE who = 'ora'))$$) AS ora_claims_again;
RESET ROLE;
SELECT * FROM pg_temp.counts('44444444-0000-4000-8000-0000000000c3');
ROLLBACK;

-- 7. The box office: a ticket given to another attendee (transfer_ticket) changes hands with a new
--    token; a used or cancelled ticket keeps its attendee against direct corrections; a full tier
--    tells the organizers to raise its capacity.
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
CREATE TEMP TABLE guest AS
SELECT registration_id, qr_code_data FROM public.reserve_tickets('44444444-0000-4000-8000-000000000002', 1, 'guest@example.com', 'Guest One',
                                                                 p_user_id => '11111111-0000-4000-8000-000000000003');
CREATE TEMP TABLE moved AS
SELECT public.transfer_ticket((SELECT registration_id FROM guest), ' Friend@Example.com ', 'Lea Friend') AS token;
GRANT ALL ON guest, moved TO PUBLIC;
SELECT attendee_email, attendee_name, user_id, status, qr_code_data = (SELECT token FROM moved) AS new_token
  FROM public.registrations WHERE id = (SELECT registration_id FROM guest);
-- the token the previous holder kept no longer admits; the new one does
SELECT valid, reason FROM public.verify_ticket((SELECT qr_code_data FROM guest));
SELECT valid FROM public.verify_ticket((SELECT token FROM moved));
-- refusals: not the organizers', a bad address, an unknown user, a pending ticket
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000002');
SELECT pg_temp.try($$SELECT public.transfer_ticket((SELECT registration_id FROM guest), 'x@example.com', 'X')$$) AS viewer;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT pg_temp.try($$SELECT public.transfer_ticket((SELECT registration_id FROM guest), 'not an address', 'X')$$) AS bad_address;
SELECT pg_temp.try($$SELECT public.transfer_ticket((SELECT registration_id FROM guest), 'x@example.com', 'X', '11111111-0000-4000-8000-0000000000ff')$$) AS no_such_user;
SELECT pg_temp.try($$SELECT public.transfer_ticket((SELECT registration_id FROM public.reserve_tickets('44444444-0000-4000-8000-000000000001', 1, 'p@example.com', 'Pending')), 'x@example.com', 'X')$$) AS pending;
-- used: neither transferred nor renamed; after undo_check_in, corrected
SELECT outcome FROM public.check_in((SELECT token FROM moved), '33333333-0000-4000-8000-000000000001');
SELECT pg_temp.try($$SELECT public.transfer_ticket((SELECT registration_id FROM guest), 'x@example.com', 'X')$$) AS used;
SELECT pg_temp.try($$UPDATE public.registrations SET attendee_name = 'Somebody Else' WHERE id = (SELECT registration_id FROM guest)$$) AS rename_used;
SELECT status FROM public.undo_check_in((SELECT registration_id FROM guest));
SELECT pg_temp.try($$UPDATE public.registrations SET attendee_name = 'Léa Friend' WHERE id = (SELECT registration_id FROM guest)$$) AS rename_after_undo;
-- cancelled: keeps its attendee
SELECT status FROM public.cancel_registration((SELECT registration_id FROM guest));
SELECT pg_temp.try($$UPDATE public.registrations SET attendee_email = 'else@example.com' WHERE id = (SELECT registration_id FROM guest)$$) AS rename_cancelled;
-- server-side code is held the same way (erase_person pseudonymises such rows: privacy.sql)
SELECT pg_temp.act('service_role', NULL);
SELECT pg_temp.try($$UPDATE public.registrations SET attendee_email = 'else@example.com' WHERE id = (SELECT registration_id FROM guest)$$) AS server_renames_cancelled;
-- a full press tier: the organizers are told to raise its capacity
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT pg_temp.try($$SELECT public.reserve_tickets('44444444-0000-4000-8000-000000000002', 11, 'crowd@example.com', 'Press Crowd')$$) AS press_full;
ROLLBACK;

-- 8. A late payment of one ticket of an order paid by one transaction: refund this ticket's share,
--    not the charge (a full refund would refund the order's other tickets).
BEGIN;
SELECT pg_temp.act('anon', NULL);
CREATE TEMP TABLE trio AS SELECT registration_id, payment_id FROM public.reserve_tickets('44444444-0000-4000-8000-000000000001', 3, 'trio@example.com', 'Trio Lead');
GRANT ALL ON trio TO PUBLIC;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT status FROM public.cancel_registration((SELECT registration_id FROM trio ORDER BY registration_id LIMIT 1));
SELECT pg_temp.act('service_role', NULL);
SELECT count(*) AS completed FROM trio, LATERAL public.complete_payment(trio.payment_id, 'stripe', 'pi_trio') c
 WHERE trio.registration_id <> (SELECT registration_id FROM trio ORDER BY registration_id LIMIT 1);
SELECT pg_temp.try(format('SELECT public.complete_payment(%L, %L, %L)', (SELECT payment_id FROM trio ORDER BY registration_id LIMIT 1), 'stripe', 'pi_trio')) AS late_third;
ROLLBACK;

-- 9. Server-side code keeps a creator of the row's organization, also when it changes the creator
--    alone; a shoot with crew payments stays where it paid them.
BEGIN;
INSERT INTO public.shoots (id, organization_id, title, created_by) VALUES
    ('55555555-0000-4000-8000-0000000000c1', '22222222-0000-4000-8000-000000000001', 'Lookbook', '11111111-0000-4000-8000-000000000001');
INSERT INTO public.shoot_payments (shoot_id, amount, status) VALUES ('55555555-0000-4000-8000-0000000000c1', 800, 'paid');
SELECT pg_temp.act('service_role', NULL);
SELECT pg_temp.try($$UPDATE public.events SET created_by = '11111111-0000-4000-8000-000000000004'
                      WHERE id = '33333333-0000-4000-8000-000000000001'$$) AS creator_elsewhere;
SELECT pg_temp.try($$UPDATE public.events SET created_by = '11111111-0000-4000-8000-000000000002'
                      WHERE id = '33333333-0000-4000-8000-000000000001'$$) AS creator_colleague;
SELECT pg_temp.try($$UPDATE public.shoots SET organization_id = '22222222-0000-4000-8000-000000000003',
                                              created_by = '11111111-0000-4000-8000-000000000004'
                      WHERE id = '55555555-0000-4000-8000-0000000000c1'$$) AS shoot_with_payments;
ROLLBACK;

-- 10. exchange_ticket: an upgrade takes the new ticket first (a full tier refuses and the guest
--     keeps his), then gives the old one back; what was paid counts toward the new price.
BEGIN;
UPDATE public.ticket_tiers SET quantity_total = 2 WHERE id = '44444444-0000-4000-8000-0000000000c2';  -- Front Row, vip 80
SELECT pg_temp.buy('44444444-0000-4000-8000-0000000000c1', 'pia');   -- Early Bird, 50
SELECT pg_temp.act('service_role', NULL);
SELECT payment_status FROM public.complete_payment((SELECT payment_id FROM public.kept WHERE who = 'pia'), 'square', 'sq_pia_1');
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
-- upgrade to Front Row: a new ticket with a payment of the difference (80 - 50)
CREATE TEMP TABLE upgraded AS
SELECT * FROM public.exchange_ticket((SELECT registration_id FROM public.kept WHERE who = 'pia'), '44444444-0000-4000-8000-0000000000c2');
GRANT ALL ON upgraded TO PUBLIC;
SELECT status, amount, hold_expires_at > now() AS held, qr_code_data IS NOT NULL AS has_token FROM upgraded;
RESET ROLE;
SELECT r.attendee_email, r.status, t.name AS tier, p.amount, p.status AS payment_status
  FROM public.registrations r JOIN public.ticket_tiers t ON t.id = r.ticket_tier_id
  LEFT JOIN public.payments p ON p.registration_id = r.id
 WHERE r.attendee_email = 'pia@example.com' ORDER BY r.created_at, r.status;
SELECT (pg_temp.counts('44444444-0000-4000-8000-0000000000c1')).*, (pg_temp.counts('44444444-0000-4000-8000-0000000000c2')).*;
-- the terminal takes the difference
SELECT pg_temp.act('service_role', NULL);
SELECT payment_status, registration_status FROM public.complete_payment((SELECT payment_id FROM upgraded), 'square', 'sq_pia_2');
-- back down to Early Bird: confirmed at once, nothing to pay
SELECT status, amount, payment_id IS NULL AS no_payment
  FROM public.exchange_ticket((SELECT registration_id FROM upgraded), '44444444-0000-4000-8000-0000000000c1');
-- refusals
RESET ROLE;
CREATE TEMP TABLE pia_now AS SELECT id FROM public.registrations WHERE attendee_email = 'pia@example.com' AND status = 'confirmed';
GRANT ALL ON pia_now TO PUBLIC;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT pg_temp.try($$SELECT public.exchange_ticket((SELECT registration_id FROM upgraded), '44444444-0000-4000-8000-0000000000c1')$$) AS cancelled_one;
SELECT pg_temp.try($$SELECT public.exchange_ticket((SELECT id FROM pia_now), '44444444-0000-4000-8000-0000000000c1')$$) AS same_tier;
SELECT pg_temp.try($$SELECT public.exchange_ticket((SELECT id FROM pia_now), '44444444-0000-4000-8000-000000000004')$$) AS other_event;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000004');
SELECT pg_temp.try($$SELECT public.exchange_ticket((SELECT id FROM pia_now), '44444444-0000-4000-8000-0000000000c2')$$) AS rival;
-- a full tier: refused, the guest keeps his ticket
SELECT pg_temp.buy('44444444-0000-4000-8000-0000000000c2', 'quinn');
RESET ROLE;
UPDATE public.ticket_tiers SET quantity_total = quantity_sold WHERE id = '44444444-0000-4000-8000-0000000000c2';
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT pg_temp.try($$SELECT public.exchange_ticket((SELECT id FROM pia_now), '44444444-0000-4000-8000-0000000000c2')$$) AS full_tier;
SELECT status FROM public.registrations WHERE id = (SELECT id FROM pia_now);
RESET ROLE;
SELECT count(*) AS exchanges FROM fashionos.ticket_exchanges;
ROLLBACK;

-- 11. issue_guest_list: a guest list in one call, all or nothing; a list sent again issues only
--     what is missing; plus-ones by quantity.
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT guest, attendee_email, attendee_name, status, issued, qr_code_data LIKE 'FOS1.%' AS token
  FROM public.issue_guest_list('44444444-0000-4000-8000-000000000002',
       '[{"email": " Vera@Example.com ", "name": "Vera Press"}, {"email": "wim@example.com", "name": "Wim", "quantity": 2}]')
 ORDER BY guest, registration_id;
-- sent again with one more guest and one more plus-one: only those are issued
SELECT guest, attendee_email, issued, count(*)
  FROM public.issue_guest_list('44444444-0000-4000-8000-000000000002',
       '[{"email": "vera@example.com", "name": "Vera Press"}, {"email": "wim@example.com", "name": "Wim", "quantity": 3},
         {"email": "xan@example.com", "name": "Xan", "user_id": "11111111-0000-4000-8000-000000000003"}]')
 GROUP BY 1, 2, 3 ORDER BY 1, 3;
SELECT quantity_sold FROM public.ticket_tiers WHERE id = '44444444-0000-4000-8000-000000000002';
SELECT user_id FROM public.registrations WHERE attendee_email = 'xan@example.com';
-- all or nothing: a malformed guest, a guest listed twice, a list larger than the tier
SELECT pg_temp.try($$SELECT public.issue_guest_list('44444444-0000-4000-8000-000000000002', '[{"email": "yul@example.com", "name": "Yul"}, {"email": "nope", "name": "Zed"}]')$$) AS bad_email;
SELECT pg_temp.try($$SELECT public.issue_guest_list('44444444-0000-4000-8000-000000000002', '[{"email": "yul@example.com", "name": "Yul"}, {"email": "YUL@example.com", "name": "Yul again"}]')$$) AS twice;
SELECT pg_temp.try($$SELECT public.issue_guest_list('44444444-0000-4000-8000-000000000002', '[{"email": "yul@example.com", "name": "Yul", "quantity": 11}]')$$) AS too_many_plus_ones;
SELECT pg_temp.try($$SELECT public.issue_guest_list('44444444-0000-4000-8000-000000000002', '{"email": "yul@example.com"}')$$) AS not_a_list;
SELECT pg_temp.try($$SELECT public.issue_guest_list('44444444-0000-4000-8000-000000000002', '[{"email": "yul@example.com", "name": 42}]')$$) AS name_not_text;
SELECT pg_temp.try($$SELECT public.issue_guest_list('44444444-0000-4000-8000-000000000002',
       '[{"email": "yul@example.com", "name": "Yul"}, {"email": "zed@example.com", "name": "Zed", "quantity": 10}]')$$) AS no_room;
SELECT count(*) AS yul_or_zed FROM public.registrations WHERE attendee_email IN ('yul@example.com', 'zed@example.com');
-- only the organizers
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000002');
SELECT pg_temp.try($$SELECT public.issue_guest_list('44444444-0000-4000-8000-000000000002', '[{"email": "yul@example.com", "name": "Yul"}]')$$) AS viewer;
ROLLBACK;

-- 12. The payment that paid an exchanged ticket: refunded, it takes back the ticket it pays now
--     (the live end of the chain); its holder cannot cancel that ticket as if it were free. A tier
--     the organizer cannot read answers as one that does not exist.
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000003');
CREATE TEMP TABLE rex AS SELECT registration_id, payment_id
  FROM public.reserve_tickets('44444444-0000-4000-8000-0000000000c2', 1, 'guest@example.com', 'Guest', '11111111-0000-4000-8000-000000000003');
GRANT ALL ON rex TO PUBLIC;
SELECT pg_temp.act('service_role', NULL);
SELECT payment_status FROM public.complete_payment((SELECT payment_id FROM rex), 'stripe', 'pi_rex');
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
CREATE TEMP TABLE rex2 AS SELECT registration_id, status, payment_id IS NULL AS no_payment
  FROM public.exchange_ticket((SELECT registration_id FROM rex), '44444444-0000-4000-8000-0000000000c1');
GRANT ALL ON rex2 TO PUBLIC;
SELECT status, no_payment FROM rex2;
RESET ROLE;
INSERT INTO public.ticket_tiers (id, event_id, name, type, price, quantity_total) VALUES
    ('44444444-0000-4000-8000-0000000000c9', '33333333-0000-4000-8000-000000000003', 'Rival Seats', 'paid', 10, 5);
UPDATE public.events SET status = 'cancelled' WHERE id = '33333333-0000-4000-8000-000000000003';
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT pg_temp.try($$SELECT public.exchange_ticket((SELECT registration_id FROM rex2), '44444444-0000-4000-8000-0000000000c9')$$) AS unreadable_tier;
-- the holder may not cancel it: it was paid (by the ticket it replaced)
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000003');
SELECT pg_temp.try($$SELECT public.cancel_registration((SELECT registration_id FROM rex2))$$) AS holder_cancels;
-- the refund of the first payment takes the exchanged ticket back
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT payment_status, changed FROM public.refund_payment((SELECT payment_id FROM rex));
SELECT r.status, v.reason FROM public.registrations r, public.verify_ticket(r.qr_code_data) v WHERE r.id = (SELECT registration_id FROM rex2);
SELECT (pg_temp.counts('44444444-0000-4000-8000-0000000000c1')).*, (pg_temp.counts('44444444-0000-4000-8000-0000000000c2')).*;
ROLLBACK;

-- 13. A ticket transferred to a user does not show him the payer's payment (the payer's id and
--     the transaction that paid his order); the payer still reads it.
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000004');
CREATE TEMP TABLE sold AS SELECT registration_id, payment_id
  FROM public.reserve_tickets('44444444-0000-4000-8000-0000000000c2', 1, 'rival@other.test', 'Rival', '11111111-0000-4000-8000-000000000004');
GRANT ALL ON sold TO PUBLIC;
SELECT pg_temp.act('service_role', NULL);
SELECT payment_status FROM public.complete_payment((SELECT payment_id FROM sold), 'stripe', 'pi_sold');
SELECT length(public.transfer_ticket((SELECT registration_id FROM sold), 'guest@example.com', 'Guest',
                                     '11111111-0000-4000-8000-000000000003')) > 0 AS transferred;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000003');
SELECT (SELECT count(*) FROM public.registrations WHERE id = (SELECT registration_id FROM sold)) AS new_holder_sees_ticket,
       (SELECT count(*) FROM public.payments WHERE id = (SELECT payment_id FROM sold)) AS new_holder_sees_payment;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000004');
SELECT (SELECT count(*) FROM public.payments WHERE id = (SELECT payment_id FROM sold)) AS payer_sees_payment;
ROLLBACK;

-- 14. The books of exchanges. Zoe pays 50 for Early Bird, upgrades to Front Row (pays the 30
--     difference), then goes back to Early Bird (owes nothing; nothing refunded by itself).
BEGIN;
UPDATE public.ticket_tiers SET quantity_total = 5 WHERE id IN ('44444444-0000-4000-8000-0000000000c1', '44444444-0000-4000-8000-0000000000c2', '44444444-0000-4000-8000-0000000000c3');
SELECT pg_temp.buy('44444444-0000-4000-8000-0000000000c1', 'zoe'), pg_temp.buy('44444444-0000-4000-8000-0000000000c3', 'yan'),
       pg_temp.buy('44444444-0000-4000-8000-0000000000c3', 'xia');
SELECT pg_temp.act('service_role', NULL);
SELECT payment_status FROM public.complete_payment((SELECT payment_id FROM public.kept WHERE who = 'zoe'), 'stripe', 'pi_zoe1');
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
CREATE TEMP TABLE z2 AS SELECT registration_id, payment_id, amount
  FROM public.exchange_ticket((SELECT registration_id FROM public.kept WHERE who = 'zoe'), '44444444-0000-4000-8000-0000000000c2');
GRANT ALL ON z2 TO PUBLIC;
SELECT amount AS difference FROM z2;
SELECT pg_temp.act('service_role', NULL);
SELECT payment_status FROM public.complete_payment((SELECT payment_id FROM z2), 'stripe', 'pi_zoe2');
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
CREATE TEMP TABLE z3 AS SELECT registration_id, status, payment_id
  FROM public.exchange_ticket((SELECT registration_id FROM z2), '44444444-0000-4000-8000-0000000000c1');
GRANT ALL ON z3 TO PUBLIC;
SELECT status, payment_id IS NULL AS no_payment FROM z3;
-- the organization's members read the chain (a viewer too, as payment_history); nobody else
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000002');
SELECT x.registration_id = (SELECT registration_id FROM public.kept WHERE who = 'zoe') AS from_first,
       t.name AS new_tier, x.attendee_email, x.price, x.paid_before, x.difference, x.difference_status,
       x.ticket_now = (SELECT registration_id FROM z3) AS now_is_z3, x.ticket_now_status
  FROM public.list_ticket_exchanges('33333333-0000-4000-8000-000000000001') x
  JOIN public.ticket_tiers t ON t.id = x.new_ticket_tier_id
 ORDER BY x.exchanged_at, x.price DESC;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000004');
SELECT pg_temp.try($$SELECT * FROM public.list_ticket_exchanges('33333333-0000-4000-8000-000000000001')$$) AS other_organization;
SELECT pg_temp.act('anon', NULL);
SELECT pg_temp.try($$SELECT * FROM public.list_ticket_exchanges('33333333-0000-4000-8000-000000000001')$$) AS anon;
-- the id on Zoe's receipt names her ticket now: cancelling or reissuing it says which one to use
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT pg_temp.try($$SELECT public.cancel_registration((SELECT registration_id FROM public.kept WHERE who = 'zoe'))$$) AS cancel_receipt_id;
SELECT pg_temp.try($$SELECT public.reissue_ticket((SELECT registration_id FROM z2))$$) AS reissue_middle_id;
-- the 30 difference refunded: the 50 still pays her Early Bird ticket, which stays; the answer
-- names that ticket
SELECT payment_status, registration_id = (SELECT registration_id FROM z3) AS names_ticket_now, registration_status, changed
  FROM public.refund_payment((SELECT payment_id FROM z2));
-- the 50 refunded too: nothing pays it now, it goes back
SELECT payment_status, registration_id = (SELECT registration_id FROM z3) AS names_ticket_now, registration_status, changed
  FROM public.refund_payment((SELECT payment_id FROM public.kept WHERE who = 'zoe'));
-- Yan pays 30 for Balcony, upgrades to Early Bird (50) and pays the 20; the 20 refunded, the 30
-- left does not cover Early Bird: the ticket goes back
SELECT pg_temp.act('service_role', NULL);
SELECT payment_status FROM public.complete_payment((SELECT payment_id FROM public.kept WHERE who = 'yan'), 'stripe', 'pi_yan1');
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
CREATE TEMP TABLE y2 AS SELECT registration_id, payment_id, amount
  FROM public.exchange_ticket((SELECT registration_id FROM public.kept WHERE who = 'yan'), '44444444-0000-4000-8000-0000000000c1');
GRANT ALL ON y2 TO PUBLIC;
SELECT pg_temp.act('service_role', NULL);
SELECT payment_status FROM public.complete_payment((SELECT payment_id FROM y2), 'stripe', 'pi_yan2');
SELECT payment_status, registration_id = (SELECT registration_id FROM y2) AS names_ticket_now, registration_status, changed
  FROM public.refund_payment((SELECT payment_id FROM y2));
-- Xia pays 30 for Balcony and upgrades to Front Row (80): held for the 50 difference; her 30
-- refunded, the held ticket goes back, and its hold with it (the release of expired holds
-- would otherwise count it against the tier)
SELECT payment_status FROM public.complete_payment((SELECT payment_id FROM public.kept WHERE who = 'xia'), 'stripe', 'pi_xia1');
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
CREATE TEMP TABLE x2 AS SELECT registration_id, status FROM public.exchange_ticket((SELECT registration_id FROM public.kept WHERE who = 'xia'), '44444444-0000-4000-8000-0000000000c2');
GRANT ALL ON x2 TO PUBLIC;
SELECT status FROM x2;
SELECT payment_status, registration_status FROM public.refund_payment((SELECT payment_id FROM public.kept WHERE who = 'xia'));
RESET ROLE;
SELECT count(*) AS holds_left FROM fashionos.registration_holds WHERE registration_id = (SELECT registration_id FROM x2);
SELECT (pg_temp.counts('44444444-0000-4000-8000-0000000000c1')).*, (pg_temp.counts('44444444-0000-4000-8000-0000000000c2')).*,
       (pg_temp.counts('44444444-0000-4000-8000-0000000000c3')).*;
-- Vic pays 30 for Balcony and is moved to a comp tier (the organizers give him a seat): the comp
-- ticket costs nothing, so a refund of his 30 leaves it in place
INSERT INTO public.ticket_tiers (id, event_id, name, type, price, quantity_total) VALUES
    ('44444444-0000-4000-8000-0000000000c7', '33333333-0000-4000-8000-000000000001', 'Friends', 'comp', 80.00, 5);
SELECT pg_temp.buy('44444444-0000-4000-8000-0000000000c3', 'vic');
SELECT pg_temp.act('service_role', NULL);
SELECT payment_status FROM public.complete_payment((SELECT payment_id FROM public.kept WHERE who = 'vic'), 'stripe', 'pi_vic1');
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
CREATE TEMP TABLE v2 AS SELECT registration_id, status, payment_id FROM public.exchange_ticket((SELECT registration_id FROM public.kept WHERE who = 'vic'), '44444444-0000-4000-8000-0000000000c7');
GRANT ALL ON v2 TO PUBLIC;
SELECT x.price AS comp_costs FROM public.list_ticket_exchanges('33333333-0000-4000-8000-000000000001') x WHERE x.new_registration_id = (SELECT registration_id FROM v2);
SELECT payment_status, registration_id = (SELECT registration_id FROM v2) AS names_ticket_now, registration_status
  FROM public.refund_payment((SELECT payment_id FROM public.kept WHERE who = 'vic'));
-- checked in, then refunded along its chain: Uma pays 50 for Early Bird, moves to Balcony (30),
-- is checked in; the provider refunds her 50: the used ticket stays used, and cannot be let in
-- again by undoing the check-in
SELECT pg_temp.buy('44444444-0000-4000-8000-0000000000c1', 'uma');
SELECT pg_temp.act('service_role', NULL);
SELECT payment_status FROM public.complete_payment((SELECT payment_id FROM public.kept WHERE who = 'uma'), 'stripe', 'pi_uma1');
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
CREATE TEMP TABLE u2 AS SELECT registration_id, qr_code_data FROM public.exchange_ticket((SELECT registration_id FROM public.kept WHERE who = 'uma'), '44444444-0000-4000-8000-0000000000c3');
GRANT ALL ON u2 TO PUBLIC;
SELECT outcome FROM public.check_in((SELECT qr_code_data FROM u2), '33333333-0000-4000-8000-000000000001');
RESET ROLE;
UPDATE public.payments SET status = 'refunded' WHERE id = (SELECT payment_id FROM public.kept WHERE who = 'uma');  -- as the provider's refund of a used ticket records it
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT pg_temp.try($$SELECT public.undo_check_in((SELECT registration_id FROM u2))$$) AS undo_after_refund_along_chain;
-- a ticket paid in another currency (brought in by import_tickets) has no value toward a price
-- here: not exchanged
SELECT pg_temp.buy('44444444-0000-4000-8000-0000000000c3', 'wes');
SELECT pg_temp.act('service_role', NULL);
SELECT payment_status FROM public.complete_payment((SELECT payment_id FROM public.kept WHERE who = 'wes'), 'stripe', 'pi_wes1');
RESET ROLE;
UPDATE public.payments SET currency = 'JPY', amount = 4500 WHERE id = (SELECT payment_id FROM public.kept WHERE who = 'wes');
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT pg_temp.try($$SELECT public.exchange_ticket((SELECT registration_id FROM public.kept WHERE who = 'wes'), '44444444-0000-4000-8000-0000000000c1')$$) AS paid_in_yen;
ROLLBACK;
