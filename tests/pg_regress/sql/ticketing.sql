-- ticketing: the RPC functions as PostgREST calls them (role and JWT claims set per transaction),
-- with the SQLSTATE each error carries (PTxyz becomes HTTP xyz).
SET client_min_messages = warning;

\getenv repo REPO_ROOT
\set ECHO none
\i :repo/tests/fixtures/atelier.sql
\set ECHO all
SELECT time_zone, hold_minutes FROM public.set_event_settings('33333333-0000-4000-8000-000000000001', p_time_zone => 'Europe/Paris');

-- Anonymous buyer: two paid tickets, pending, held, one payment each at the tier's price.
BEGIN;
SELECT pg_temp.act('anon', NULL);
CREATE TEMP TABLE bought AS
SELECT * FROM public.reserve_tickets(p_ticket_tier_id => '44444444-0000-4000-8000-000000000001', p_quantity => 2,
                                     p_attendee_email => ' Ana@Example.com ', p_attendee_name => 'Ana');
GRANT SELECT ON bought TO PUBLIC;
SELECT status, amount, currency, qr_code_data LIKE 'FOS1.%' AS signed, payment_id IS NOT NULL AS has_payment,
       hold_expires_at BETWEEN now() + interval '14 minutes' AND now() + interval '16 minutes' AS held_15_minutes
  FROM bought;
COMMIT;
SELECT quantity_sold FROM public.ticket_tiers WHERE id = '44444444-0000-4000-8000-000000000001';
SELECT attendee_email, user_id IS NULL AS guest FROM public.registrations ORDER BY created_at LIMIT 1;

-- Bad input, each with its code: 22023 -> 400, PT404 -> 404, PT409 -> 409, 42501 -> 401/403.
BEGIN;
SELECT pg_temp.act('anon', NULL);
SELECT pg_temp.try($$SELECT public.reserve_tickets('44444444-0000-4000-8000-000000000001', 0, 'a@example.com', 'A')$$) AS zero;
SELECT pg_temp.try($$SELECT public.reserve_tickets('44444444-0000-4000-8000-000000000001', 51, 'a@example.com', 'A')$$) AS too_many;
SELECT pg_temp.try($$SELECT public.reserve_tickets('44444444-0000-4000-8000-000000000001', 1, 'not-an-email', 'A')$$) AS bad_email;
SELECT pg_temp.try($$SELECT public.reserve_tickets('44444444-0000-4000-8000-000000000001', 1, 'a@example.com', '  ')$$) AS no_name;
-- a look-alike of another buyer's address (a zero-width space), and a host name with a slash
SELECT pg_temp.try($$SELECT public.reserve_tickets('44444444-0000-4000-8000-000000000001', 1, E'a@example.com\u200B', 'A')$$) AS invisible;
SELECT pg_temp.try($$SELECT public.reserve_tickets('44444444-0000-4000-8000-000000000001', 1, 'a@autumn/winter.example', 'A')$$) AS slash;
-- a megabyte of "address" is not echoed back whole
SELECT pg_temp.try($$SELECT public.reserve_tickets('44444444-0000-4000-8000-000000000001', 1, repeat('x', 1000000), 'A')$$) AS huge_address;
-- names count characters, not bytes: 201 letters are too many, however they are encoded
SELECT pg_temp.try($$SELECT public.reserve_tickets('44444444-0000-4000-8000-000000000001', 1, 'a@example.com', repeat('é', 201))$$) AS name_201;
-- a name must print as itself: not only invisible characters, no line breaks, no direction override
SELECT pg_temp.try($$SELECT public.reserve_tickets('44444444-0000-4000-8000-000000000001', 1, 'a@example.com', E'\u200B\u200B')$$) AS invisible_name;
SELECT pg_temp.try($$SELECT public.reserve_tickets('44444444-0000-4000-8000-000000000001', 1, 'a@example.com', E'Ana\nVIP')$$) AS line_break;
SELECT pg_temp.try($$SELECT public.reserve_tickets('44444444-0000-4000-8000-000000000001', 1, 'a@example.com', E'Ana \u202Egnp.exe')$$) AS direction_override;
SELECT n.label, pg_temp.try(format('SELECT public.reserve_tickets(%L, 1, %L, %L)', '44444444-0000-4000-8000-000000000001', 'a@example.com', n.name)) AS refused
  FROM (VALUES ('line separator', E'Ana\u2028Duarte'), ('Hangul filler', E'\u3164'), ('Braille blank', E'\u2800\u2800'),
               ('variation selector', E'\uFE0F'), ('tags', E'\U000E0041\U000E0042'), ('grapheme joiner', E'\u034F')) AS n(label, name);
SELECT pg_temp.try($$SELECT public.reserve_tickets('44444444-0000-4000-8000-0000000000ff', 1, 'a@example.com', 'A')$$) AS unknown_tier;
SELECT pg_temp.try($$SELECT public.reserve_tickets('44444444-0000-4000-8000-000000000001', 2, 'a@example.com', 'A')$$) AS not_enough;
SELECT pg_temp.try($$SELECT public.reserve_tickets('44444444-0000-4000-8000-000000000004', 1, 'a@example.com', 'A')$$) AS not_on_sale;
SELECT pg_temp.try($$SELECT public.reserve_tickets('44444444-0000-4000-8000-000000000002', 1, 'a@example.com', 'A')$$) AS press_by_anon;
SELECT pg_temp.try($$SELECT public.reserve_tickets('44444444-0000-4000-8000-000000000001', 1, 'a@example.com', 'A',
                                                   '11111111-0000-4000-8000-000000000003')$$) AS in_someone_elses_name;
SELECT pg_temp.try($$SELECT public.check_in('x', '33333333-0000-4000-8000-000000000001')$$) AS anon_cannot_scan;
ROLLBACK;
-- A name typed with combining accents is stored composed (NFC): 150 of them are 150 characters.
BEGIN;
SELECT pg_temp.act('anon', NULL);
CREATE TEMP TABLE nfd AS SELECT registration_id FROM public.reserve_tickets('44444444-0000-4000-8000-000000000003', 1, 'nfd@example.com', repeat(E'e\u0301', 150));
RESET ROLE;
SELECT attendee_name = repeat(E'\u00E9', 150) AS stored_composed FROM public.registrations WHERE id = (SELECT registration_id FROM nfd);
ROLLBACK;
-- Nothing half-written by the refused calls.
SELECT quantity_sold, (SELECT count(*) FROM public.registrations) AS registrations,
       (SELECT count(*) FROM public.payments) AS payments FROM public.ticket_tiers
 WHERE id = '44444444-0000-4000-8000-000000000001';

-- A signed-in attendee: tickets are his; the last one sells; the next buyer finds it sold out.
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000003');
CREATE TEMP TABLE mine AS
SELECT * FROM public.reserve_tickets('44444444-0000-4000-8000-000000000001', 1, 'guest@example.com', 'Guest');
GRANT SELECT ON mine TO PUBLIC;
SELECT status FROM mine;
SELECT pg_temp.try($$SELECT public.reserve_tickets('44444444-0000-4000-8000-000000000001', 1, 'b@example.com', 'B')$$) AS sold_out;
-- He sees his registration and its payment, not Ana's.
SELECT attendee_name, status FROM public.registrations ORDER BY attendee_name;
SELECT count(*) AS my_payments FROM public.payments;
-- He cannot complete his own payment: that is the payment provider's webhook (service_role).
SELECT pg_temp.try(format('SELECT public.complete_payment(%L)', (SELECT payment_id FROM mine))) AS self_complete;
COMMIT;
SELECT user_id FROM public.registrations WHERE attendee_name = 'Guest';

-- "My tickets": the signed-in buyer sees his ticket with its event's public columns (he cannot
-- read the events table), its payment and its hold; Ana's anonymous tickets are not his; another
-- user sees none of them; anon and server-side code without a user are refused.
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000003');
SELECT count(*) AS events_readable FROM public.events;
SELECT status, qr_code_data = (SELECT qr_code_data FROM mine) AS my_token, attendee_name, tier_name, tier_type,
       event_name, event_status, start_date, organization_slug, payment_status, amount, currency,
       hold_expires_at = (SELECT hold_expires_at FROM mine) AS held
  FROM public.my_tickets();
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000004');
SELECT count(*) AS rivals_tickets FROM public.my_tickets();
SELECT pg_temp.act('anon', NULL);
SELECT pg_temp.try('SELECT public.my_tickets()') AS anon_tickets;
SELECT pg_temp.act('service_role', NULL);
SELECT pg_temp.try('SELECT public.my_tickets()') AS server_tickets;
COMMIT;

-- Payments: the webhook completes (twice: idempotent), a failed payment cannot complete,
-- a refund cancels and releases once.
BEGIN;
SELECT pg_temp.act('service_role', NULL);
SELECT payment_status, registration_status, changed
  FROM public.complete_payment((SELECT payment_id FROM mine), 'stripe', 'ch_guest');
SELECT payment_status, registration_status, changed
  FROM public.complete_payment((SELECT payment_id FROM mine), 'stripe', 'ch_guest');
SELECT pg_temp.try(format('SELECT public.complete_payment(%L, %L, %L)', (SELECT payment_id FROM mine), 'stripe', 'ch_other')) AS other_charge;
SELECT pg_temp.try(format('SELECT public.complete_payment(%L, %L)', (SELECT payment_id FROM mine), 'bitcoin')) AS bad_provider;
SELECT payment_status, registration_status, changed FROM public.fail_payment((SELECT payment_id FROM bought ORDER BY registration_id LIMIT 1));
SELECT pg_temp.try(format('SELECT public.complete_payment(%L)', (SELECT payment_id FROM bought ORDER BY registration_id LIMIT 1))) AS failed_cannot_complete;
SELECT payment_status, registration_status, changed FROM public.refund_payment((SELECT payment_id FROM mine));
SELECT payment_status, registration_status, changed FROM public.refund_payment((SELECT payment_id FROM mine));
COMMIT;
-- Refunded: his ticket shows cancelled, without its token, with the refunded payment.
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000003');
SELECT status, qr_code_data IS NULL AS token_gone, payment_status, hold_expires_at FROM public.my_tickets();
COMMIT;
SELECT quantity_sold FROM public.ticket_tiers WHERE id = '44444444-0000-4000-8000-000000000001';
SELECT status, count(*) FROM public.payments GROUP BY 1 ORDER BY 1;

-- Tokens: verification reasons, and what anon may learn.
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
CREATE TEMP TABLE staff_issued AS
SELECT * FROM public.reserve_tickets('44444444-0000-4000-8000-000000000002', 1, 'press@vogue.test', 'Press One');
GRANT SELECT ON staff_issued TO PUBLIC;
SELECT status, payment_id IS NULL AS no_payment FROM staff_issued;
-- Issued for a guest, the ticket is the guest's, not the organizer's (who may leave the house);
-- with his own address, or naming himself, it is his.
SELECT user_id IS NULL AS nobodys FROM public.registrations WHERE id = (SELECT registration_id FROM staff_issued);
COMMIT;
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
CREATE TEMP TABLE his AS SELECT registration_id, 'own address' AS how
  FROM public.reserve_tickets('44444444-0000-4000-8000-000000000002', 1, ' Owner@Atelier.test', 'Owner');
INSERT INTO his SELECT registration_id, 'named'
  FROM public.reserve_tickets('44444444-0000-4000-8000-000000000002', 1, 'plus-one@example.com', 'Plus One',
                              p_user_id => '11111111-0000-4000-8000-000000000001');
SELECT h.how, r.user_id = '11111111-0000-4000-8000-000000000001' AS his
  FROM his h JOIN public.registrations r ON r.id = h.registration_id ORDER BY 1;
ROLLBACK;
BEGIN;
SELECT pg_temp.act('anon', NULL);
SELECT valid, reason, status, attendee_name FROM public.verify_ticket((SELECT qr_code_data FROM staff_issued));
SELECT valid, reason FROM public.verify_ticket('hello');
-- another ticket's signature on this payload
SELECT valid, reason FROM public.verify_ticket(
    (SELECT split_part(a.qr_code_data, '.', 1) || '.' || split_part(a.qr_code_data, '.', 2) || '.' ||
            split_part(a.qr_code_data, '.', 3) || '.' || split_part(b.qr_code_data, '.', 4)
       FROM staff_issued a, mine b));
-- an altered payload
SELECT valid, reason FROM public.verify_ticket(
    (SELECT split_part(qr_code_data, '.', 1) || '.' || split_part(qr_code_data, '.', 2) || '.' ||
            translate(split_part(qr_code_data, '.', 3), 'ABCDEFGHIJ', 'BCDEFGHIJA') || '.' || split_part(qr_code_data, '.', 4)
       FROM staff_issued));
SELECT count(*) AS keys, bool_and(algorithm = 'Ed25519' AND length(public_key) = 43) AS ed25519 FROM public.ticket_signing_keys();
COMMIT;
-- A ticket signed by another installation's key: rotate in a throwaway key, sign, drop the key.
BEGIN;
SELECT length(fashionos.generate_signing_key()) > 0 AS rotated;
CREATE TEMP TABLE foreign_ticket AS
SELECT qr_code_data FROM public.reserve_tickets('44444444-0000-4000-8000-000000000003', 1, 'f@example.com', 'F');
GRANT SELECT ON foreign_ticket TO PUBLIC;
DELETE FROM fashionos.signing_keys WHERE key_id = split_part((SELECT qr_code_data FROM foreign_ticket), '.', 2);
SELECT valid, reason FROM public.verify_ticket((SELECT qr_code_data FROM foreign_ticket));
ROLLBACK;

-- The local time door staff read carries its offset: the two 02:30 of the night the clocks go back
-- in Paris, and a zone half an hour off the hour.
SELECT fashionos.local_time_text('2027-10-31 00:30Z', 'Europe/Paris') AS first_0230,
       fashionos.local_time_text('2027-10-31 01:30Z', 'Europe/Paris') AS second_0230,
       fashionos.local_time_text('2027-03-01 12:00Z', 'America/St_Johns') AS newfoundland;
-- Check-in at the door: staff only; first scan admits, second says when; refusals with codes.
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
CREATE TEMP TABLE free AS
SELECT * FROM public.reserve_tickets('44444444-0000-4000-8000-000000000003', 2, 'duo@example.com', 'Duo');
GRANT SELECT ON free TO PUBLIC;
SELECT outcome, attendee_name, ticket_tier, message FROM public.check_in((SELECT qr_code_data FROM staff_issued), '33333333-0000-4000-8000-000000000001');
SELECT outcome, message ~ '^already checked in at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d\d:\d\d Europe/Paris$' AS says_when
  FROM public.check_in((SELECT qr_code_data FROM staff_issued), '33333333-0000-4000-8000-000000000001');
SELECT pg_temp.try(format('SELECT public.check_in(%L, %L)', (SELECT qr_code_data FROM free ORDER BY registration_id LIMIT 1), '33333333-0000-4000-8000-000000000002')) AS wrong_event;
SELECT pg_temp.try(format('SELECT public.check_in(%L, %L)', (SELECT qr_code_data FROM bought ORDER BY registration_id LIMIT 1), '33333333-0000-4000-8000-000000000001')) AS cancelled;
SELECT pg_temp.try(format('SELECT public.check_in(%L, %L)', (SELECT qr_code_data FROM bought ORDER BY registration_id OFFSET 1), '33333333-0000-4000-8000-000000000001')) AS unpaid;
SELECT pg_temp.try(format('SELECT public.check_in(%L, %L)', 'FOS1.bad', '33333333-0000-4000-8000-000000000001')) AS malformed;
SELECT pg_temp.try(format('SELECT public.check_in(%L, %L)', 'x', '33333333-0000-4000-8000-0000000000ff')) AS no_such_event;
-- Reissue: the old ticket is revoked, the new one admits.
SELECT length(public.reissue_ticket((SELECT registration_id FROM free ORDER BY registration_id LIMIT 1))) > 100 AS reissued;
SELECT pg_temp.try(format('SELECT public.check_in(%L, %L)', (SELECT qr_code_data FROM free ORDER BY registration_id LIMIT 1), '33333333-0000-4000-8000-000000000001')) AS old_ticket;
SELECT outcome FROM public.check_in((SELECT r.qr_code_data FROM public.registrations r
                                     WHERE r.id = (SELECT registration_id FROM free ORDER BY registration_id LIMIT 1)),
                                    '33333333-0000-4000-8000-000000000001');
COMMIT;
-- The viewer of the same organization and the owner of another one are not door staff.
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000002');
SELECT pg_temp.try(format('SELECT public.check_in(%L, %L)', (SELECT qr_code_data FROM free ORDER BY registration_id OFFSET 1), '33333333-0000-4000-8000-000000000001')) AS viewer;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000004');
SELECT pg_temp.try(format('SELECT public.check_in(%L, %L)', (SELECT qr_code_data FROM free ORDER BY registration_id OFFSET 1), '33333333-0000-4000-8000-000000000001')) AS other_org;
SELECT pg_temp.try(format('SELECT public.cancel_registration(%L)', (SELECT registration_id FROM free ORDER BY registration_id OFFSET 1))) AS other_org_cancel;
ROLLBACK;
-- A used ticket cannot be cancelled; the attendee cancels his free one; cancelling twice is a no-op.
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT pg_temp.try(format('SELECT public.cancel_registration(%L)', (SELECT registration_id FROM staff_issued))) AS used;
SELECT status, changed FROM public.cancel_registration((SELECT registration_id FROM free ORDER BY registration_id OFFSET 1));
SELECT status, changed FROM public.cancel_registration((SELECT registration_id FROM free ORDER BY registration_id OFFSET 1));
COMMIT;
SELECT t.name, t.quantity_sold,
       (SELECT count(*) FROM public.registrations r WHERE r.ticket_tier_id = t.id AND r.status <> 'cancelled') AS live
  FROM public.ticket_tiers t ORDER BY t.name;

-- Holds expire by themselves: the next buyer of a full tier gets the expired ticket.
UPDATE public.ticket_tiers SET quantity_total = quantity_sold WHERE id = '44444444-0000-4000-8000-000000000001';
BEGIN;
SELECT pg_temp.act('anon', NULL);
SELECT pg_temp.try($$SELECT public.reserve_tickets('44444444-0000-4000-8000-000000000001', 1, 'c@example.com', 'C')$$) AS full_tier;
ROLLBACK;
UPDATE fashionos.registration_holds SET expires_at = now() - interval '1 minute';
BEGIN;
SELECT pg_temp.act('anon', NULL);
SELECT status FROM public.reserve_tickets('44444444-0000-4000-8000-000000000001', 1, 'c@example.com', 'C');
COMMIT;
SELECT attendee_name, r.status, p.status AS payment
  FROM public.registrations r LEFT JOIN public.payments p ON p.registration_id = r.id
 WHERE r.ticket_tier_id = '44444444-0000-4000-8000-000000000001' ORDER BY attendee_name, r.created_at;
SELECT valid, reason FROM public.verify_ticket((SELECT qr_code_data FROM bought ORDER BY registration_id OFFSET 1));

-- The payment history of the event: every change of a payment's status above, in order, with why
-- and who (the completion and the refund by server-side code, the failure asked for, the hold that
-- ran out), the completing transaction; the repeated calls that changed nothing added nothing.
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT status_before, status, amount, provider, provider_transaction_id, reason, webhook, by_role,
       payment_id = (SELECT payment_id FROM mine) AS his
  FROM public.payment_history('33333333-0000-4000-8000-000000000001');
SELECT count(*) AS in_the_future FROM public.payment_history('33333333-0000-4000-8000-000000000001', now() + interval '1 hour');
SELECT pg_temp.try($$SELECT public.payment_history('33333333-0000-4000-8000-000000000001', '2087-01-02 00:00+00', '2087-01-01 00:00+00')$$) AS backwards;
-- The viewer of the organization reads it too (an accountant need not be able to refund); the
-- owner of another one and anon do not.
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000002');
SELECT pg_temp.try($$SELECT public.payment_history('33333333-0000-4000-8000-000000000001')$$) AS viewer;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000004');
SELECT pg_temp.try($$SELECT public.payment_history('33333333-0000-4000-8000-000000000001')$$) AS other_org;
SELECT pg_temp.act('anon', NULL);
SELECT pg_temp.try($$SELECT public.payment_history('33333333-0000-4000-8000-000000000001')$$) AS anon;
ROLLBACK;
-- A direct write of the extension's owner is recorded as one.
BEGIN;
UPDATE public.payments SET status = 'failed'
 WHERE id = (SELECT p.id FROM public.payments p JOIN public.registrations r ON r.id = p.registration_id
              WHERE r.attendee_email = 'c@example.com' AND p.status = 'pending');
SELECT status_before, status, reason, by_role = session_user AS by_owner
  FROM public.payment_history('33333333-0000-4000-8000-000000000001') ORDER BY entry_id DESC LIMIT 1;
ROLLBACK;

-- Organizers export attendee lists to spreadsheets: a name or an address that a spreadsheet
-- would run as a formula is refused (22023), also behind a no-break space.
BEGIN;
SELECT pg_temp.act('anon', NULL);
SELECT pg_temp.try($$SELECT public.reserve_tickets('44444444-0000-4000-8000-000000000001', 1, 'f@example.com', '=HYPERLINK("https://x.example","Ana")')$$) AS formula_name;
SELECT pg_temp.try($$SELECT public.reserve_tickets('44444444-0000-4000-8000-000000000001', 1, 'f@example.com', E'\u00A0+1+2')$$) AS formula_behind_a_space;
SELECT pg_temp.try($$SELECT public.reserve_tickets('44444444-0000-4000-8000-000000000001', 1, '=cmd|calc!a0@example.com', 'Ana')$$) AS formula_address;
ROLLBACK;

-- QR codes as SVG.
SELECT left(public.qr_code_svg('FOS1.test'), 5) = '<?xml' AS svg, public.qr_code_svg('FOS1.test') LIKE '%</svg>%' AS closed;
SELECT pg_temp.try($$SELECT public.qr_code_svg('x', 10)$$) AS too_small;
SELECT pg_temp.try($$SELECT public.qr_code_svg(repeat('x', 4000))$$) AS too_long;
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000003');
SELECT pg_temp.try(format('SELECT public.ticket_qr_svg(%L)', (SELECT registration_id FROM free ORDER BY registration_id LIMIT 1))) AS not_his;
-- his refunded ticket is not drawn: its token no longer admits
SELECT pg_temp.try(format('SELECT public.ticket_qr_svg(%L)', (SELECT registration_id FROM mine))) AS his_refunded;
ROLLBACK;

-- The public event page: anon lists events on sale without reading the events table.
BEGIN;
SELECT pg_temp.act('anon', NULL);
SELECT count(*) AS events_rows_visible FROM public.events;
SELECT name, status, organization, tickets_left, lowest_price
  FROM public.events_on_sale(p_from => '2027-01-01') ORDER BY start_date;
SELECT name FROM public.events_on_sale(p_from => '2027-01-01', p_organization_slug => 'other-house');
ROLLBACK;

-- A ticket of another organization's event scanned at the wrong door: the event is named only to
-- staff who run it too, or when it is on sale (public); the archive sale is neither for the rival.
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
CREATE TEMP TABLE archive AS
SELECT * FROM public.reserve_tickets('44444444-0000-4000-8000-000000000004', 1, 'old@example.com', 'Old');
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000004');
SELECT pg_temp.try(format('SELECT public.check_in(%L, %L)', (SELECT qr_code_data FROM archive), '33333333-0000-4000-8000-000000000003')) AS rival_door;
ROLLBACK;

-- An event's sale closes when it ends: its end_date, or a day after its start_date when it has
-- none. The Rival Show (no end date) moved to 2020: anon may not buy, join its waitlist, read its
-- tiers or find it on the public page; its organizers still issue tickets. Moved to a week that
-- began in 2020 and ends in 2999, it sells again and is listed (a long event that started more
-- than a day ago is still on sale).
BEGIN;
UPDATE public.events SET start_date = '2020-03-02 19:00+01' WHERE id = '33333333-0000-4000-8000-000000000003';
INSERT INTO public.ticket_tiers (id, event_id, name, type, price, quantity_total) VALUES
    ('44444444-0000-4000-8000-0000000000f1', '33333333-0000-4000-8000-000000000003', 'Rival seats', 'paid', 50.00, 5);
SELECT pg_temp.act('anon', NULL);
SELECT pg_temp.try($$SELECT public.reserve_tickets('44444444-0000-4000-8000-0000000000f1', 1, 'late@example.com', 'Late')$$) AS ended;
SELECT pg_temp.try($$SELECT public.join_waitlist('44444444-0000-4000-8000-0000000000f1', 'late@example.com', 'Late')$$) AS ended_waitlist;
SELECT count(*) AS tiers_anon_reads FROM public.ticket_tiers WHERE event_id = '33333333-0000-4000-8000-000000000003';
SELECT count(*) AS listed FROM public.events_on_sale() WHERE name = 'Rival Show';
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000004');
SELECT status FROM public.reserve_tickets('44444444-0000-4000-8000-0000000000f1', 1, 'guest@example.com', 'Guest');
RESET ROLE;
UPDATE public.events SET end_date = '2999-01-01 00:00+00' WHERE id = '33333333-0000-4000-8000-000000000003';
SELECT pg_temp.act('anon', NULL);
SELECT status FROM public.reserve_tickets('44444444-0000-4000-8000-0000000000f1', 1, 'late@example.com', 'Late');
SELECT count(*) AS tiers_anon_reads FROM public.ticket_tiers WHERE event_id = '33333333-0000-4000-8000-000000000003';
SELECT count(*) AS listed FROM public.events_on_sale() WHERE name = 'Rival Show';
ROLLBACK;

-- Rotating and retiring the signing key, as server-side code: a rotation keeps the old tickets
-- valid; a retirement of the old key reissues its live and used tickets (the old tokens revoked:
-- they answer revoked, not foreign, since the database knows them), and unpublishes it. Nobody
-- else may; the only key that signs is kept.
BEGIN;
SELECT pg_temp.act('anon', NULL);
CREATE TEMP TABLE before_rotation AS
SELECT registration_id, qr_code_data FROM public.reserve_tickets('44444444-0000-4000-8000-000000000003', 2, 'rot@example.com', 'Rot');
GRANT SELECT ON before_rotation TO PUBLIC;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT outcome FROM public.check_in((SELECT qr_code_data FROM before_rotation ORDER BY registration_id LIMIT 1), '33333333-0000-4000-8000-000000000001');
SELECT pg_temp.try($$SELECT public.rotate_signing_key()$$) AS organizer_rotates;
SELECT pg_temp.try($$SELECT public.retire_signing_key('x')$$) AS organizer_retires;
SELECT pg_temp.act('service_role', NULL);
CREATE TEMP TABLE old_key AS SELECT split_part(qr_code_data, '.', 2) AS key_id FROM before_rotation LIMIT 1;
GRANT SELECT ON old_key TO PUBLIC;
SELECT split_part(pg_temp.try($$SELECT public.retire_signing_key((SELECT key_id FROM old_key))$$), ' | ', 1) AS only_key;
SELECT length(public.rotate_signing_key()) > 0 AS rotated;
SELECT count(*) AS published_keys FROM public.ticket_signing_keys();
SELECT v.valid, v.reason FROM before_rotation b, public.verify_ticket(b.qr_code_data) v ORDER BY b.registration_id;
CREATE TEMP TABLE live_of_old_key AS
SELECT count(*) AS n FROM public.registrations
 WHERE starts_with(qr_code_data, 'FOS1.' || (SELECT key_id FROM old_key) || '.') AND status IN ('pending', 'confirmed');
SELECT (SELECT n FROM live_of_old_key) > 1 AS several_live,
       public.retire_signing_key((SELECT key_id FROM old_key)) = (SELECT n FROM live_of_old_key) AS reissued_every_live_ticket;
SELECT count(*) AS live_left_on_old_key FROM public.registrations
 WHERE starts_with(qr_code_data, 'FOS1.' || (SELECT key_id FROM old_key) || '.') AND status IN ('pending', 'confirmed');
SELECT public.retire_signing_key((SELECT key_id FROM old_key)) AS retired_again;
SELECT pg_temp.try($$SELECT public.retire_signing_key('no-such-key')$$) AS unknown_key;
SELECT count(*) AS published_keys, bool_or(key_id = (SELECT key_id FROM old_key)) AS old_published FROM public.ticket_signing_keys();
-- both old tokens are revoked now (their key no longer verifies them, but the database revoked
-- them itself: a guest's old ticket, not a forgery); the live ticket has a new token that admits
SELECT v.valid, v.reason FROM before_rotation b, public.verify_ticket(b.qr_code_data) v ORDER BY b.registration_id;
-- a token of the retired key that the database never issued is foreign
SELECT v.reason FROM public.verify_ticket((SELECT 'FOS1.' || key_id || '.' || repeat('A', 64) || '.' || repeat('A', 86) FROM old_key)) v;
SELECT r.status, split_part(r.qr_code_data, '.', 2) = (SELECT key_id FROM old_key) AS old_key_token, v.valid, v.reason
  FROM before_rotation b JOIN public.registrations r ON r.id = b.registration_id, public.verify_ticket(r.qr_code_data) v
 ORDER BY b.registration_id;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT bool_or(k ->> 'key_id' = (SELECT key_id FROM old_key)) AS old_key_in_bundle
  FROM jsonb_array_elements(((public.door_bundle('33333333-0000-4000-8000-000000000001') ->> 'bundle')::jsonb) -> 'keys') k;
ROLLBACK;

-- A scan made offline before a retirement, synced after it, still counts: the gate checks it
-- against the keys as they were when it was made (the ticket's new token is then the used one).
BEGIN;
SELECT pg_temp.act('anon', NULL);
CREATE TEMP TABLE late_sync AS
SELECT registration_id, qr_code_data FROM public.reserve_tickets('44444444-0000-4000-8000-000000000003', 1, 'late.sync@example.com', 'Late Sync');
GRANT SELECT ON late_sync TO PUBLIC;
COMMIT;
SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS scanned_at \gset
SELECT pg_sleep(0.05);
BEGIN;
SELECT pg_temp.act('service_role', NULL);
SELECT length(public.rotate_signing_key()) > 0 AS rotated;
SELECT public.retire_signing_key((SELECT split_part(qr_code_data, '.', 2) FROM late_sync)) >= 1 AS retired;
COMMIT;
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT s.outcome, s.reason FROM public.sync_door_scans('33333333-0000-4000-8000-000000000001',
       jsonb_build_array(jsonb_build_object('token', (SELECT qr_code_data FROM late_sync), 'scanned_at', :'scanned_at', 'gate', 'north'))) s;
SELECT r.status, v.reason FROM late_sync l JOIN public.registrations r ON r.id = l.registration_id, public.verify_ticket(r.qr_code_data) v;
-- the same old token scanned after the retirement is the ticket's revoked token (its registration
-- named), and check_in refuses it as revoked
SELECT pg_temp.try(format('SELECT public.check_in(%L, %L)', (SELECT qr_code_data FROM late_sync), '33333333-0000-4000-8000-000000000001')) AS check_in_old_token;
SELECT s.outcome, s.reason, s.registration_id = (SELECT registration_id FROM late_sync) AS names_the_ticket FROM public.sync_door_scans('33333333-0000-4000-8000-000000000001',
       jsonb_build_array(jsonb_build_object('token', (SELECT qr_code_data FROM late_sync), 'scanned_at',
                         to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), 'gate', 'south'))) s;
COMMIT;

-- A transaction that takes (or gives back) a tier's tickets commits without holding the tier's
-- row during its WAL flush (src/commit.rs): synchronous_commit is off for that transaction only,
-- and its commit returns once the WAL is flushed past the commit record.
INSERT INTO public.ticket_tiers (id, event_id, name, type, price, quantity_total)
VALUES ('44444444-0000-4000-8000-0000000000e1', '33333333-0000-4000-8000-000000000001', 'Early', 'paid', 10.00, 5);
SHOW synchronous_commit;
BEGIN;
SELECT pg_temp.act('anon', NULL);
SELECT current_setting('synchronous_commit') AS before_the_take;
CREATE TEMP TABLE early AS
SELECT registration_id, payment_id FROM public.reserve_tickets('44444444-0000-4000-8000-0000000000e1', 1, 'early.release@example.com', 'Early Release');
GRANT SELECT ON early TO PUBLIC;
SELECT current_setting('synchronous_commit') AS after_the_take;
SELECT pg_current_wal_insert_lsn() AS before_commit \gset
COMMIT;
SELECT pg_current_wal_flush_lsn() >= :'before_commit'::pg_lsn AS flushed_when_answered;
SHOW synchronous_commit;
-- a refused reservation takes nothing and leaves the commit as it was
BEGIN;
SELECT pg_temp.act('anon', NULL);
SELECT pg_temp.try($$SELECT * FROM public.reserve_tickets('44444444-0000-4000-8000-0000000000e1', 0, 'early.release@example.com', 'Early Release')$$) AS refused;
SELECT current_setting('synchronous_commit') AS after_a_refusal;
ROLLBACK;
-- giving tickets back (a cancellation) releases the row early too
BEGIN;
SELECT pg_temp.act('service_role', NULL);
SELECT payment_status FROM public.fail_payment((SELECT payment_id FROM early));
SELECT current_setting('synchronous_commit') AS after_the_give_back;
SELECT pg_current_wal_insert_lsn() AS before_commit \gset
COMMIT;
SELECT pg_current_wal_flush_lsn() >= :'before_commit'::pg_lsn AS flushed_when_answered;
-- a savepoint rolled back puts the setting back; the next take asks again
BEGIN;
SELECT pg_temp.act('anon', NULL);
SAVEPOINT s;
SELECT count(*) FROM public.reserve_tickets('44444444-0000-4000-8000-0000000000e1', 1, 'early.savepoint@example.com', 'Early Savepoint');
ROLLBACK TO SAVEPOINT s;
SELECT current_setting('synchronous_commit') AS after_rollback_to_savepoint;
SELECT count(*) FROM public.reserve_tickets('44444444-0000-4000-8000-0000000000e1', 1, 'early.savepoint@example.com', 'Early Savepoint');
SELECT current_setting('synchronous_commit') AS after_the_next_take;
ROLLBACK;
-- fashionos.early_lock_release = off (for a session here; also for a role, a database or the
-- server) keeps the commit synchronous
SHOW fashionos.early_lock_release;
SET fashionos.early_lock_release = off;
BEGIN;
SELECT pg_temp.act('anon', NULL);
SELECT count(*) FROM public.reserve_tickets('44444444-0000-4000-8000-0000000000e1', 1, 'early.off@example.com', 'Early Off');
SELECT current_setting('synchronous_commit') AS with_early_release_off;
ROLLBACK;
RESET fashionos.early_lock_release;
SELECT pg_catalog.set_config('fashionos.early_lock_release', 'maybe', false);
-- a session that commits asynchronously by its own choice keeps its setting
SET synchronous_commit = off;
BEGIN;
SELECT pg_temp.act('anon', NULL);
SELECT count(*) FROM public.reserve_tickets('44444444-0000-4000-8000-0000000000e1', 1, 'early.async@example.com', 'Async Session');
SELECT current_setting('synchronous_commit') AS chosen_by_the_session;
ROLLBACK;
RESET synchronous_commit;
