-- import: tickets sold on another platform come in with their history (import_tickets), as
-- server-side code brings them: sales, payments, refunds and check-ins at their times there, the
-- tier's inventory taken, signed tokens, the old codes at the door, orders kept, all or nothing,
-- and a repeated run that changes nothing. Then the inventory's check and recount.
SET client_min_messages = warning;
\i common/atelier_setup.sql

-- The season to bring in: Spring Show's General tier (3 places) gets two tickets of one order
-- paid by one PaymentIntent, one used at the door; a refunded ticket; a comp.
CREATE TEMP TABLE season AS SELECT $$[
  {"legacy_id": "EB-1001", "ticket_tier_id": "44444444-0000-4000-8000-000000000001",
   "attendee_email": " Clara@Example.com ", "attendee_name": "Clara Moss", "status": "attended",
   "created_at": "2026-09-01T10:00:00Z", "checked_in_at": "2026-09-20T19:05:00+02:00",
   "order_id": "ORD-77", "legacy_code": "EB-QR-1001",
   "payment": {"amount": 120, "currency": "EUR", "status": "completed", "provider": "stripe",
               "provider_transaction_id": "pi_legacy_77", "paid_at": "2026-09-01T10:01:00Z"}},
  {"legacy_id": "EB-1002", "ticket_tier_id": "44444444-0000-4000-8000-000000000001",
   "attendee_email": "tom@example.com", "attendee_name": "Tom Moss", "status": "confirmed",
   "created_at": "2026-09-01T10:00:00Z", "order_id": "ORD-77", "legacy_code": "EB-QR-1002",
   "payment": {"amount": 120, "currency": "EUR", "status": "completed", "provider": "stripe",
               "provider_transaction_id": "pi_legacy_77", "paid_at": "2026-09-01T10:01:00Z"}},
  {"legacy_id": "EB-1003", "ticket_tier_id": "44444444-0000-4000-8000-000000000001",
   "attendee_email": "ines@example.com", "attendee_name": "Inès Roy", "status": "cancelled",
   "created_at": "2026-09-02T09:00:00Z",
   "payment": {"amount": 120, "currency": "EUR", "status": "refunded", "provider": "stripe",
               "provider_transaction_id": "pi_legacy_78", "paid_at": "2026-09-02T09:01:00Z",
               "refunded_at": "2026-09-10T12:00:00Z"}},
  {"legacy_id": "EB-1004", "ticket_tier_id": "44444444-0000-4000-8000-000000000002",
   "attendee_email": "press@magazine.example", "attendee_name": "Press Desk", "status": "confirmed",
   "user_id": "11111111-0000-4000-8000-000000000003"}
]$$::jsonb AS tickets;
GRANT SELECT ON season TO PUBLIC;

-- Only server-side code imports.
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT pg_temp.try($$SELECT public.import_tickets('eventbrite', (SELECT tickets FROM season))$$) AS owner_refused;
SELECT pg_temp.act('anon', NULL);
SELECT pg_temp.try($$SELECT public.import_tickets('eventbrite', (SELECT tickets FROM season))$$) AS anon_refused;
ROLLBACK;

-- The import, as service_role.
BEGIN;
SELECT pg_temp.act('service_role', NULL);
CREATE TEMP TABLE first_run AS SELECT * FROM public.import_tickets('eventbrite', (SELECT tickets FROM season));
GRANT SELECT ON first_run TO PUBLIC;
SELECT legacy_id, status, payment_id IS NOT NULL AS paid, imported FROM first_run ORDER BY legacy_id;
COMMIT;
-- Two live tickets took General's inventory; the comp took Press's; the cancelled one took none.
SELECT name, quantity_total, quantity_sold FROM public.ticket_tiers
 WHERE id IN ('44444444-0000-4000-8000-000000000001', '44444444-0000-4000-8000-000000000002') ORDER BY name;
SELECT * FROM public.check_ticket_inventory('33333333-0000-4000-8000-000000000001');
-- The rows kept their times, statuses, address form, user and a signed token.
SELECT f.legacy_id, r.status, r.attendee_email,
       CASE WHEN r.created_at > now() - interval '1 day' THEN 'now' ELSE r.created_at::text END AS created_at, r.checked_in_at, r.user_id,
       r.qr_code_data LIKE 'FOS1.%' AS signed
  FROM first_run f JOIN public.registrations r ON r.id = f.registration_id ORDER BY f.legacy_id;
SELECT f.legacy_id, p.status, p.amount, p.currency, p.provider, p.provider_transaction_id, p.created_at
  FROM first_run f JOIN public.payments p ON p.id = f.payment_id ORDER BY f.legacy_id;
-- The payments' history dates each move at its time there, with its reason.
SELECT f.legacy_id, h.at, h.status_before, h.status, h.amount, h.reason, h.by_role
  FROM public.payment_history('33333333-0000-4000-8000-000000000001') h
  JOIN first_run f ON f.payment_id = h.payment_id ORDER BY h.at, f.legacy_id;
-- The two tickets of one order form one order here.
SELECT count(DISTINCT fashionos.reservation_of(registration_id)) AS orders
  FROM first_run WHERE legacy_id IN ('EB-1001', 'EB-1002');

-- A repeated run changes nothing and answers what the first made.
BEGIN;
SELECT pg_temp.act('service_role', NULL);
SELECT s.legacy_id, s.imported, s.registration_id = f.registration_id AS same_registration,
       s.payment_id IS NOT DISTINCT FROM f.payment_id AS same_payment
  FROM public.import_tickets('eventbrite', (SELECT tickets FROM season)) s
  JOIN first_run f USING (legacy_id) ORDER BY s.legacy_id;
COMMIT;
SELECT quantity_sold FROM public.ticket_tiers WHERE id = '44444444-0000-4000-8000-000000000001';
SELECT count(*) AS registrations FROM public.registrations;

-- The door: an old code admits as the ticket's token does (once), online; a used one is used.
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT valid, reason FROM public.verify_ticket('EB-QR-1002');
SELECT outcome FROM public.check_in(' EB-QR-1002 ', '33333333-0000-4000-8000-000000000001');
SELECT outcome FROM public.check_in('EB-QR-1002', '33333333-0000-4000-8000-000000000001');
SELECT valid, reason FROM public.verify_ticket('EB-QR-1001');
SELECT pg_temp.try($$SELECT public.check_in('EB-QR-9999', '33333333-0000-4000-8000-000000000001')$$) AS unknown_code;
ROLLBACK;
-- Old codes are often short or sequential: to anyone but the event's staff (anon, another
-- organization's owner) a guessed code is not a ticket.
BEGIN;
SELECT pg_temp.act('anon', NULL);
SELECT valid, reason, registration_id IS NULL AS nothing_named FROM public.verify_ticket('EB-QR-1002');
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000004');
SELECT valid, reason, registration_id IS NULL AS nothing_named FROM public.verify_ticket('EB-QR-1002');
ROLLBACK;
-- Another producer moving from the same platform, with the same ticket id and code: his ticket is
-- his own (imported, not "already imported"), and his code admits at his door only. An order of
-- four tickets over two tiers, in one call, is one order.
INSERT INTO public.ticket_tiers (id, event_id, name, type, price, quantity_total) VALUES
    ('44444444-0000-4000-8000-0000000000a1', '33333333-0000-4000-8000-000000000003', 'Rival floor', 'paid', 30.00, 10),
    ('44444444-0000-4000-8000-0000000000a2', '33333333-0000-4000-8000-000000000003', 'Rival balcony', 'paid', 20.00, 10);
BEGIN;
SELECT pg_temp.act('service_role', NULL);
CREATE TEMP TABLE rival_run AS
SELECT * FROM public.import_tickets('eventbrite', $$[
  {"legacy_id": "EB-1001", "ticket_tier_id": "44444444-0000-4000-8000-0000000000a1", "attendee_email": "r1@example.com",
   "attendee_name": "Rival One", "status": "confirmed", "legacy_code": "EB-QR-1001", "order_id": "ORD-77",
   "payment": {"amount": 30, "status": "completed", "provider": "stripe", "provider_transaction_id": "pi_rival_77"}},
  {"legacy_id": "EB-1002", "ticket_tier_id": "44444444-0000-4000-8000-0000000000a1", "attendee_email": "r2@example.com",
   "attendee_name": "Rival Two", "status": "confirmed", "order_id": "ORD-77",
   "payment": {"amount": 30, "status": "completed", "provider": "stripe", "provider_transaction_id": "pi_rival_77"}},
  {"legacy_id": "EB-1003", "ticket_tier_id": "44444444-0000-4000-8000-0000000000a2", "attendee_email": "r3@example.com",
   "attendee_name": "Rival Three", "status": "confirmed", "order_id": "ORD-77",
   "payment": {"amount": 20, "status": "completed", "provider": "stripe", "provider_transaction_id": "pi_rival_77"}},
  {"legacy_id": "EB-1099", "ticket_tier_id": "44444444-0000-4000-8000-0000000000a2", "attendee_email": "r4@example.com",
   "attendee_name": "Rival Four", "status": "confirmed", "order_id": "ORD-77",
   "payment": {"amount": 20, "status": "completed", "provider": "stripe", "provider_transaction_id": "pi_rival_77"}}
]$$::jsonb);
GRANT SELECT ON rival_run TO PUBLIC;
SELECT legacy_id, imported FROM rival_run ORDER BY legacy_id;
RESET ROLE;
SELECT count(DISTINCT fashionos.reservation_of(registration_id)) AS orders,
       count(DISTINCT r.ticket_tier_id) AS tiers FROM rival_run JOIN public.registrations r ON r.id = registration_id;
-- server-side code, for which both producers' EB-QR-1001 are visible: the door's event tells them
-- apart; without an event the code is ambiguous, and not a ticket
SELECT pg_temp.act('service_role', NULL);
SELECT valid, reason FROM public.verify_ticket('EB-QR-1001');
SELECT outcome FROM public.check_in('EB-QR-1001', '33333333-0000-4000-8000-000000000001');
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000004');
SELECT outcome FROM public.check_in('EB-QR-1001', '33333333-0000-4000-8000-000000000003');
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT valid, reason FROM public.verify_ticket('EB-QR-1001');
ROLLBACK;
-- A reissued ticket's old code no longer admits.
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT public.reissue_ticket((SELECT registration_id FROM first_run WHERE legacy_id = 'EB-1002')) LIKE 'FOS1.%' AS reissued;
SELECT valid, reason FROM public.verify_ticket('EB-QR-1002');
ROLLBACK;

-- One PaymentIntent paid the order: its refund through the API refunds both tickets; the
-- refund's entry is dated now, after the imported ones.
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT payment_status, registration_status, changed
  FROM public.refund_payment((SELECT payment_id FROM first_run WHERE legacy_id = 'EB-1002'));
RESET ROLE;
SELECT quantity_sold FROM public.ticket_tiers WHERE id = '44444444-0000-4000-8000-000000000001';
ROLLBACK;

-- Bad tickets are refused by position and legacy id, and nothing of the call is written.
BEGIN;
SELECT pg_temp.act('service_role', NULL);
SELECT pg_temp.try(format('SELECT public.import_tickets(%L, %L::jsonb)', 'eventbrite', t.tickets)) AS refused
  FROM (VALUES
    ('[{"legacy_id": "X-1", "ticket_tier_id": "44444444-0000-4000-8000-000000000003", "attendee_email": "a@example.com", "attendee_name": "A", "status": "confirmed"},
       {"legacy_id": "X-2", "ticket_tier_id": "44444444-0000-4000-8000-000000000003", "attendee_email": "=HYPERLINK(1)@example.com", "attendee_name": "B", "status": "confirmed"}]'),
    ('[{"legacy_id": "X-3", "ticket_tier_id": "44444444-0000-4000-8000-0000000000ff", "attendee_email": "a@example.com", "attendee_name": "A", "status": "confirmed"}]'),
    ('[{"legacy_id": "X-3b", "ticket_tier_id": "44444444-0000-4000-8000-000000000003", "attendee_email": "a@example.com", "attendee_name": ["A"], "status": "confirmed"}]'),
    ('[{"legacy_id": "X-4", "ticket_tier_id": "44444444-0000-4000-8000-000000000003", "attendee_email": "a@example.com", "attendee_name": "A", "status": "pending"}]'),
    ('[{"legacy_id": "X-5", "ticket_tier_id": "44444444-0000-4000-8000-000000000003", "attendee_email": "a@example.com", "attendee_name": "A", "status": "attended"}]'),
    ('[{"legacy_id": "X-6", "ticket_tier_id": "44444444-0000-4000-8000-000000000003", "attendee_email": "a@example.com", "attendee_name": "A", "status": "confirmed", "created_at": "infinity"}]'),
    ('[{"legacy_id": "X-7", "ticket_tier_id": "44444444-0000-4000-8000-000000000003", "attendee_email": "a@example.com", "attendee_name": "A", "status": "confirmed", "payment": {"amount": 10, "status": "refunded"}}]'),
    ('[{"legacy_id": "X-8", "ticket_tier_id": "44444444-0000-4000-8000-000000000003", "attendee_email": "a@example.com", "attendee_name": "A", "status": "confirmed", "payment": {"amount": "NaN", "status": "completed"}}]'),
    ('[{"legacy_id": "X-9", "ticket_tier_id": "44444444-0000-4000-8000-000000000003", "attendee_email": "a@example.com", "attendee_name": "A", "status": "confirmed", "payment": {"amount": 10, "status": "completed", "provider_transaction_id": "pi_x"}}]'),
    ('[{"legacy_id": "X-10", "ticket_tier_id": "44444444-0000-4000-8000-000000000003", "attendee_email": "a@example.com", "attendee_name": "A", "status": "confirmed", "payment": {"amount": 10, "status": "completed", "provider": "stripe", "provider_transaction_id": "pi_legacy_78"}}]'),
    ('[{"legacy_id": "X-11", "ticket_tier_id": "44444444-0000-4000-8000-000000000003", "attendee_email": "a@example.com", "attendee_name": "A", "status": "confirmed", "legacy_code": "EB-QR-1001"}]'),
    ('[{"legacy_id": "X-12", "ticket_tier_id": "44444444-0000-4000-8000-000000000003", "attendee_email": "a@example.com", "attendee_name": "A", "status": "confirmed"},
       {"legacy_id": "X-12", "ticket_tier_id": "44444444-0000-4000-8000-000000000003", "attendee_email": "a@example.com", "attendee_name": "A", "status": "confirmed"}]'),
    ('[{"legacy_id": "X-13", "ticket_tier_id": "44444444-0000-4000-8000-000000000001", "attendee_email": "a@example.com", "attendee_name": "A", "status": "confirmed"},
       {"legacy_id": "X-14", "ticket_tier_id": "44444444-0000-4000-8000-000000000001", "attendee_email": "b@example.com", "attendee_name": "B", "status": "confirmed"}]'),
    ('{"legacy_id": "X-15"}'),
    ('[]')
  ) AS t (tickets);
SELECT pg_temp.try($$SELECT public.import_tickets(' ', '[]')$$) AS no_source;
ROLLBACK;
SELECT count(*) AS registrations FROM public.registrations;

-- The inventory's check and recount: tickets written around the functions (the operator's own
-- session, which the tables let through) leave the count behind; the release of one of them is
-- refused with a hint, the check shows the tier, the recount mends it.
INSERT INTO public.registrations (event_id, ticket_tier_id, attendee_email, attendee_name, status, qr_code_data)
VALUES ('33333333-0000-4000-8000-000000000001', '44444444-0000-4000-8000-000000000003', 'op@example.com', 'Op', 'confirmed', 'written-by-hand');
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT pg_temp.try($$SELECT public.cancel_registration((SELECT id FROM public.registrations WHERE attendee_email = 'op@example.com'))$$) AS release_refused;
SELECT pg_temp.try($$SELECT public.check_ticket_inventory()$$) AS check_refused;
SELECT pg_temp.try($$SELECT public.recount_ticket_tiers('33333333-0000-4000-8000-000000000001')$$) AS recount_refused;
SELECT pg_temp.act('service_role', NULL);
SELECT * FROM public.check_ticket_inventory();
SELECT * FROM public.recount_ticket_tiers('33333333-0000-4000-8000-000000000001');
SELECT * FROM public.check_ticket_inventory();
SELECT * FROM public.recount_ticket_tiers('33333333-0000-4000-8000-000000000001');
SELECT pg_temp.try($$SELECT public.recount_ticket_tiers('33333333-0000-4000-8000-0000000000ff')$$) AS unknown_event;
COMMIT;
-- updated_at: an update that changes nothing but the timestamps keeps it (a re-sent row, or one
-- that sends only updated_at); an update that changes the row is dated now, whatever it sends.
UPDATE public.events SET updated_at = '2026-01-01T00:00:00Z' WHERE id = '33333333-0000-4000-8000-000000000002';
SELECT updated_at = '2026-01-01T00:00:00Z' AS operator_set_it FROM public.events WHERE id = '33333333-0000-4000-8000-000000000002';
BEGIN;
SELECT pg_temp.act('service_role', NULL);
UPDATE public.events SET name = name WHERE id = '33333333-0000-4000-8000-000000000002';
SELECT updated_at = '2026-01-01T00:00:00Z' AS kept_unchanged FROM public.events WHERE id = '33333333-0000-4000-8000-000000000002';
UPDATE public.events SET updated_at = '2020-01-01T00:00:00Z', created_at = created_at WHERE id = '33333333-0000-4000-8000-000000000002';
SELECT updated_at = '2026-01-01T00:00:00Z' AS kept_only_timestamps_sent FROM public.events WHERE id = '33333333-0000-4000-8000-000000000002';
UPDATE public.events SET name = 'Archive Sale 2026', updated_at = '2026-02-01T00:00:00Z' WHERE id = '33333333-0000-4000-8000-000000000002';
SELECT updated_at > now() - interval '1 minute' AS changed_row_dated_now FROM public.events WHERE id = '33333333-0000-4000-8000-000000000002';
ROLLBACK;
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
UPDATE public.events SET name = name, updated_at = '2087-01-01T00:00:00Z', created_at = '2087-01-01T00:00:00Z'
 WHERE id = '33333333-0000-4000-8000-000000000002';
SELECT updated_at = '2026-01-01T00:00:00Z' AS api_resave_keeps FROM public.events WHERE id = '33333333-0000-4000-8000-000000000002';
ROLLBACK;
