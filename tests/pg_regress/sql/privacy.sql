-- privacy: a person's data on request and its erasure (sql/privacy.sql, docs/security.md "Personal
-- data: where it lives, access requests, erasure, retention"), the waitlist's minimisation and the
-- limit refusal of join_waitlist (sql/waitlist.sql).
--   1. only server-side code asks (anon and signed-in users: 42501), naming somebody (22023);
--   2. subject_data finds Ana's rows in each source, by address and by user id, and nobody else's,
--      without secrets;
--   3. erase_person pseudonymises them, nulls her user id in the ledgers, leaves the sales
--      (payments, quantity_sold) as they were, and a second run changes nothing;
--   4. a left or lapsed waitlist entry keeps no address or name; the waitlist functions still work;
--   5. join_waitlist's limit refusal gives the counts to the organizers, server-side code and the
--      address's own user only.
\i common/atelier_setup.sql
\set ECHO none
-- Ana: a signed-in buyer (her sign-in address in another case), who also buys anonymously.
INSERT INTO auth.users (id, email) VALUES ('11111111-0000-4000-8000-0000000000a1', 'Ana@Example.com');
INSERT INTO public.users (id, email, full_name, role, organization_id) VALUES
    ('11111111-0000-4000-8000-0000000000a1', 'Ana@Example.com', 'Ana Duarte', 'viewer', '22222222-0000-4000-8000-000000000002');
INSERT INTO public.ticket_tiers (id, event_id, name, type, price, quantity_total) VALUES
    ('44444444-0000-4000-8000-0000000000f1', '33333333-0000-4000-8000-000000000001', 'Runway', 'paid', 80.00, 3),
    ('44444444-0000-4000-8000-0000000000f2', '33333333-0000-4000-8000-000000000001', 'Balcony', 'paid', 50.00, 1);
-- what the test keeps between transactions
CREATE TABLE public.kept (what text PRIMARY KEY, id uuid, token text);
CREATE TABLE public.answer (a jsonb);
GRANT ALL ON public.kept, public.answer TO PUBLIC;
-- sizes(subject_data): the number of rows per source.
-- the elements of a JSON array in sorted order (rows made in one transaction share created_at)
CREATE FUNCTION pg_temp.sorted(p jsonb) RETURNS jsonb LANGUAGE sql AS $$
    SELECT coalesce(jsonb_agg(x ORDER BY x), '[]') FROM jsonb_array_elements(p) x $$;
CREATE FUNCTION pg_temp.sizes(p jsonb) RETURNS TABLE (source text, n integer)
    LANGUAGE sql AS $$ SELECT key, jsonb_array_length(value) FROM jsonb_each(p) ORDER BY key $$;
\set ECHO all

-- 0. Sales and private state: Ana buys Runway anonymously (with an idempotency key), and signed in
--    a ticket for her friend Cleo (Cleo's name and address, Ana's user id); Bea buys the last
--    ticket. Ana's first ticket is paid. A ticket is two people's: the attendee's name and address
--    are the attendee's, the user id the buyer's.
BEGIN;
SELECT pg_temp.act('anon', NULL);
INSERT INTO public.kept
SELECT 'ana by address', registration_id FROM public.reserve_tickets('44444444-0000-4000-8000-0000000000f1', 1, ' ANA@example.com ', 'Ana Duarte', NULL, 'ana-key-1');
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-0000000000a1');
INSERT INTO public.kept
SELECT 'ana by user', registration_id FROM public.reserve_tickets('44444444-0000-4000-8000-0000000000f1', 1, 'cleo.friend@example.com', 'Cleo Friend');
SELECT pg_temp.act('anon', NULL);
INSERT INTO public.kept
SELECT 'bea', registration_id FROM public.reserve_tickets('44444444-0000-4000-8000-0000000000f1', 1, 'bea@example.com', 'Bea Lima');
SELECT pg_temp.act('service_role', NULL);
SELECT payment_status, registration_status
  FROM public.complete_payment((SELECT p.id FROM public.payments p WHERE p.registration_id = (SELECT id FROM public.kept WHERE what = 'ana by address')), 'stripe', 'pi_ana');
COMMIT;
-- The tier is sold out: Ana (by address) and Bea wait; signed in, Ana queues for Cleo too.
BEGIN;
SELECT pg_temp.act('anon', NULL);
SELECT count(*) AS ana_waits FROM public.join_waitlist('44444444-0000-4000-8000-0000000000f1', 'ana@example.com', 'Ana Duarte');
SELECT count(*) AS bea_waits FROM public.join_waitlist('44444444-0000-4000-8000-0000000000f1', 'bea@example.com', 'Bea Lima');
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-0000000000a1');
SELECT count(*) AS cleo_waits FROM public.join_waitlist('44444444-0000-4000-8000-0000000000f1', 'cleo.friend@example.com', 'Cleo Friend');
COMMIT;
-- What the private ledgers hold besides (written as their functions would): a payment move Ana
-- made (by_user), scans of both tickets (Bea's synced by Ana's device), an option Ana asked for and
-- one the owner asked for, an idempotency key older than its 24 hours; in the organizations'
-- tables, contact cards and a sponsor contact that carry Ana's and Bea's addresses.
INSERT INTO fashionos.payment_events (payment_id, registration_id, event_id, ticket_tier_id, status_before, status,
                                      amount, currency, reason, by_role, by_user)
SELECT p.id, p.registration_id, '33333333-0000-4000-8000-000000000001', '44444444-0000-4000-8000-0000000000f1',
       'pending', 'failed', p.amount, p.currency, 'direct write', 'authenticated', '11111111-0000-4000-8000-0000000000a1'
  FROM public.payments p WHERE p.registration_id = (SELECT id FROM public.kept WHERE what = 'bea');
INSERT INTO fashionos.door_scans (event_id, token_hash, scanned_at, gate, registration_id, outcome, synced_by)
SELECT r.event_id, sha256(convert_to(r.qr_code_data, 'UTF8')), '2087-03-01 18:30+01', 'north', r.id, 'admitted',
       CASE k.what WHEN 'bea' THEN '11111111-0000-4000-8000-0000000000a1'::uuid ELSE '11111111-0000-4000-8000-000000000001'::uuid END
  FROM public.registrations r JOIN public.kept k ON k.id = r.id WHERE k.what IN ('ana by address', 'bea');
INSERT INTO fashionos.options (resource_type, resource_id, event_id, organization_id, requested_by, during, expires_at, requested_rank)
VALUES ('venue', '55555555-0000-4000-8000-000000000001', '33333333-0000-4000-8000-000000000001', '22222222-0000-4000-8000-000000000001',
        '11111111-0000-4000-8000-0000000000a1', '[2087-02-27 10:00+01, 2087-02-27 12:00+01)', now() + interval '1 day', 1),
       ('venue', '55555555-0000-4000-8000-000000000001', '33333333-0000-4000-8000-000000000001', '22222222-0000-4000-8000-000000000001',
        '11111111-0000-4000-8000-000000000001', '[2087-02-28 10:00+01, 2087-02-28 12:00+01)', now() + interval '1 day', 1);
INSERT INTO fashionos.reservation_keys (idempotency_key, request_hash, registration_ids, created_at)
VALUES ('old-key', 'x', '{}', now() - interval '2 days');
INSERT INTO public.stakeholders (id, user_id, name, email, phone, role) VALUES
    ('66666666-0000-4000-8000-000000000001', '11111111-0000-4000-8000-000000000001', 'Ana Duarte', 'Ana@Example.com ', '+351 900 000 001', 'stylist'),
    ('66666666-0000-4000-8000-000000000002', '11111111-0000-4000-8000-000000000001', 'Bea Lima', 'bea@example.com', '+351 900 000 002', 'dresser');
INSERT INTO public.sponsors (event_id, company_name, contact_name, contact_email, contact_phone) VALUES
    ('33333333-0000-4000-8000-000000000001', 'Duarte Silks', 'Ana Duarte', 'ana@example.com', '+351 900 000 001');

-- 1. Who may ask: server-side code only. anon and signed-in users (Ana herself, the event's
--    owner) are refused, also calling the implementations; naming nobody, or not an address: 22023.
BEGIN;
SELECT pg_temp.act('anon', NULL);
SELECT pg_temp.try($$SELECT public.subject_data('ana@example.com')$$) AS anon_reads;
SELECT pg_temp.try($$SELECT public.erase_person('ana@example.com')$$) AS anon_erases;
SELECT pg_temp.try($$SELECT fashionos.subject_data('ana@example.com', NULL)$$) AS anon_reads_directly;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-0000000000a1');
SELECT pg_temp.try($$SELECT public.subject_data(p_user_id => '11111111-0000-4000-8000-0000000000a1')$$) AS ana_reads_herself;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT pg_temp.try($$SELECT public.subject_data('ana@example.com')$$) AS owner_reads;
SELECT pg_temp.try($$SELECT public.erase_person('ana@example.com')$$) AS owner_erases;
SELECT pg_temp.try($$SELECT fashionos.erase_person('ana@example.com', NULL)$$) AS owner_erases_directly;
SELECT pg_temp.act('service_role', NULL);
SELECT pg_temp.try($$SELECT public.subject_data()$$) AS nobody;
SELECT pg_temp.try($$SELECT public.erase_person(NULL, NULL)$$) AS nobody_erased;
SELECT pg_temp.try($$SELECT public.erase_person('not-an-address')$$) AS not_an_address;
ROLLBACK;
-- the implementations' own check, should a grant ever let another role execute them (granted here
-- for this transaction only)
BEGIN;
GRANT EXECUTE ON FUNCTION fashionos.subject_data(text, uuid), fashionos.erase_person(text, uuid) TO authenticated;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT pg_temp.try($$SELECT fashionos.subject_data('ana@example.com', NULL)$$) AS not_server_reads;
SELECT pg_temp.try($$SELECT fashionos.erase_person('ana@example.com', NULL)$$) AS not_server_erases;
ROLLBACK;
-- nothing was written by the refused calls
SELECT count(*) AS still_named_ana FROM public.registrations WHERE attendee_name LIKE 'Ana%';

-- 2. The access request: by address and user id, every source; by address alone, the rows that
--    carry the address; Bea's request finds hers. Nobody else's rows, no secrets.
BEGIN;
SELECT pg_temp.act('service_role', NULL);
INSERT INTO public.answer SELECT public.subject_data('Ana@Example.com', '11111111-0000-4000-8000-0000000000a1') AS a;
SELECT * FROM pg_temp.sizes((SELECT a FROM public.answer));
SELECT pg_temp.sorted(jsonb_path_query_array(a, '$.registrations[*].attendee_email')) AS ticket_addresses,
       pg_temp.sorted(jsonb_path_query_array(a, '$.payments[*].status')) AS payments,
       pg_temp.sorted(jsonb_path_query_array(a, '$.payment_history[*].status')) AS history,
       pg_temp.sorted(jsonb_path_query_array(a, '$.waitlist[*].attendee_email')) AS waiting,
       pg_temp.sorted(jsonb_path_query_array(a, '$.door_scans[*].gate')) AS scans,
       pg_temp.sorted(jsonb_path_query_array(a, '$.stakeholders[*].name')) AS contact_cards,
       pg_temp.sorted(jsonb_path_query_array(a, '$.sponsors[*].company_name')) AS sponsors
  FROM public.answer;
-- Bea's rows only where Ana acted on them (her move of Bea's payment, her sync of Bea's scan): by id,
-- never Bea's name or address.
SELECT a::text ~* 'bea@|bea lima' AS names_bea, a::text ~ 'qr_code_data|token_hash|request_hash|access_token|FOS1\.' AS holds_secrets,
       (SELECT count(*) FROM jsonb_array_elements(a -> 'registrations') r
         WHERE (r ->> 'id')::uuid = (SELECT id FROM public.kept WHERE what = 'bea')) AS beas_ticket
  FROM public.answer;
SELECT * FROM pg_temp.sizes(public.subject_data('ana@example.com')) WHERE n > 0;
SELECT * FROM pg_temp.sizes(public.subject_data(p_user_id => '11111111-0000-4000-8000-0000000000a1')) WHERE n > 0;
SELECT * FROM pg_temp.sizes(public.subject_data('bea@example.com')) WHERE n > 0;
SELECT public.subject_data('bea@example.com')::text ~* 'ana@|cleo|ana d' AS bea_answer_names_ana;
-- Ana's copy holds the ticket she bought for Cleo by its id, without Cleo's name or address
SELECT public.subject_data('ana@example.com', '11111111-0000-4000-8000-0000000000a1')::text ~* 'cleo' AS ana_answer_names_cleo;
SELECT * FROM pg_temp.sizes(public.subject_data('nobody@example.com')) WHERE n > 0;
COMMIT;

-- 3. Erasure: Ana's tickets stay (still admitting, still sold) under a name and address that are
--    nobody's; her waitlist entry goes; her id leaves the payments and the ledgers; her contact
--    cards keep no name, address or phone; the expired idempotency key goes. Bea is untouched.
SELECT payment_status_before FROM (SELECT string_agg(p.status || ' ' || p.amount, ', ' ORDER BY p.amount, p.status) AS payment_status_before
                                     FROM public.payments p JOIN public.registrations r ON r.id = p.registration_id
                                    WHERE r.ticket_tier_id = '44444444-0000-4000-8000-0000000000f1') x;
BEGIN;
SELECT pg_temp.act('service_role', NULL);
SELECT public.erase_person(' ana@EXAMPLE.com', '11111111-0000-4000-8000-0000000000a1') AS erased;
COMMIT;
SELECT k.what, r.attendee_name, r.attendee_email = format('erased-%s@erased.invalid', r.id) AS erased_address,
       r.user_id IS NULL AS no_user, r.status
  FROM public.registrations r JOIN public.kept k ON k.id = r.id ORDER BY k.what;
SELECT string_agg(p.status || ' ' || p.amount, ', ' ORDER BY p.amount, p.status) AS payment_status_after,
       count(*) FILTER (WHERE p.payer_id IS NOT NULL) AS payers_left
  FROM public.payments p JOIN public.registrations r ON r.id = p.registration_id
 WHERE r.ticket_tier_id = '44444444-0000-4000-8000-0000000000f1';
SELECT * FROM pg_temp.counts('44444444-0000-4000-8000-0000000000f1');
SELECT count(*) AS history_entries, count(by_user) AS history_by_a_user FROM fashionos.payment_events;
SELECT gate, outcome, synced_by FROM fashionos.door_scans ORDER BY synced_by NULLS FIRST;
SELECT requested_by, status FROM fashionos.options ORDER BY requested_by NULLS FIRST;
SELECT attendee_email, attendee_name, status FROM fashionos.waitlist_entries ORDER BY seq;
SELECT idempotency_key FROM fashionos.reservation_keys ORDER BY 1;
SELECT name, email, phone FROM public.stakeholders ORDER BY id;
SELECT company_name, contact_name, contact_email, contact_phone FROM public.sponsors;
-- her paid ticket still admits (as the event's door staff verify it), under the new name
UPDATE public.kept k SET token = r.qr_code_data FROM public.registrations r WHERE r.id = k.id AND k.what = 'ana by address';
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT valid, status, attendee_name FROM public.verify_ticket((SELECT token FROM public.kept WHERE what = 'ana by address'));
COMMIT;
-- A second run finds nothing left: zeros, no error. Her request now finds her profile only, until
-- her account is deleted (the order of docs/security.md), and then nothing.
BEGIN;
SELECT pg_temp.act('service_role', NULL);
SELECT public.erase_person('ana@example.com', '11111111-0000-4000-8000-0000000000a1') AS erased_again;
SELECT * FROM pg_temp.sizes(public.subject_data('ana@example.com', '11111111-0000-4000-8000-0000000000a1')) WHERE n > 0;
COMMIT;
DELETE FROM auth.users WHERE id = '11111111-0000-4000-8000-0000000000a1';
BEGIN;
SELECT pg_temp.act('service_role', NULL);
SELECT * FROM pg_temp.sizes(public.subject_data('ana@example.com', '11111111-0000-4000-8000-0000000000a1')) WHERE n > 0;
SELECT public.erase_person('ana@example.com', '11111111-0000-4000-8000-0000000000a1') AS erased_after_the_account;
COMMIT;
-- an error leaves nothing written: Bea's erasure, made to fail after its waitlist entry went and
-- her registration was pseudonymised (a trigger on contact cards, for this transaction only)
BEGIN;
CREATE FUNCTION pg_temp.refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION USING ERRCODE = '23514', MESSAGE = 'refused for the test'; END $$;
CREATE TRIGGER refuse_for_the_test BEFORE UPDATE ON public.stakeholders FOR EACH ROW EXECUTE FUNCTION pg_temp.refuse();
SELECT pg_temp.act('service_role', NULL);
SELECT pg_temp.try($$SELECT public.erase_person('bea@example.com')$$) AS bea_erasure_fails;
SELECT set_config('role', 'postgres', true);
SELECT r.attendee_name, (SELECT count(*) FROM fashionos.waitlist_entries w WHERE w.attendee_email = 'bea@example.com') AS bea_waits
  FROM public.registrations r WHERE r.id = (SELECT id FROM public.kept WHERE what = 'bea');
ROLLBACK;

-- 4. Minimisation: on Balcony (one ticket, Cleo's), Dan, Eve and Guest (signed in) wait. Dan
--    leaves: his entry keeps no address or name. Cleo's ticket comes back: Eve gets the offer, lets
--    it run out: her entry lapses without address or name (the offer's cancelled registration
--    keeps its own copy); the ticket passes to Guest. The waitlist functions read such entries.
BEGIN;
SELECT pg_temp.act('anon', NULL);
INSERT INTO public.kept SELECT 'cleo', registration_id FROM public.reserve_tickets('44444444-0000-4000-8000-0000000000f2', 1, 'cleo@example.com', 'Cleo');
INSERT INTO public.kept SELECT 'dan', entry_id, claim_token FROM public.join_waitlist('44444444-0000-4000-8000-0000000000f2', 'dan@example.com', 'Dan');
INSERT INTO public.kept SELECT 'eve', entry_id, claim_token FROM public.join_waitlist('44444444-0000-4000-8000-0000000000f2', 'eve@example.com', 'Eve');
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000003');
INSERT INTO public.kept SELECT 'guest', entry_id, claim_token FROM public.join_waitlist('44444444-0000-4000-8000-0000000000f2', 'guest@example.com', 'Guest');
SELECT pg_temp.act('anon', NULL);
SELECT status, attendee_email, attendee_name FROM public.leave_waitlist((SELECT token FROM public.kept WHERE what = 'dan'));
SELECT status, attendee_email, attendee_name FROM public.waitlist_status((SELECT token FROM public.kept WHERE what = 'dan'));
SELECT pg_temp.try($$SELECT * FROM public.claim_waitlist_offer((SELECT token FROM public.kept WHERE what = 'dan'))$$) AS dan_claims;
COMMIT;
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT changed FROM public.cancel_registration((SELECT id FROM public.kept WHERE what = 'cleo'));
COMMIT;
UPDATE fashionos.registration_holds SET expires_at = now() - interval '1 second'
 WHERE registration_id = (SELECT registration_id FROM fashionos.waitlist_entries WHERE id = (SELECT id FROM public.kept WHERE what = 'eve'));
BEGIN;
SELECT pg_temp.act('service_role', NULL);
SELECT public.release_expired_holds('44444444-0000-4000-8000-0000000000f2') AS released;
COMMIT;
SELECT k.what, w.status, w.attendee_email, w.attendee_name, r.attendee_email AS offer_registration_keeps, r.status AS offer_status
  FROM fashionos.waitlist_entries w JOIN public.kept k ON k.id = w.id
  LEFT JOIN public.registrations r ON r.id = w.registration_id
 ORDER BY w.seq;
SELECT * FROM pg_temp.counts('44444444-0000-4000-8000-0000000000f2');
-- every writer: an address written onto a left entry is forgotten in the same write
UPDATE fashionos.waitlist_entries SET attendee_email = 'dan@example.com', attendee_name = 'Dan' WHERE id = (SELECT id FROM public.kept WHERE what = 'dan');
SELECT status, attendee_email, attendee_name FROM fashionos.waitlist_entries WHERE id = (SELECT id FROM public.kept WHERE what = 'dan');
-- and a live entry cannot lose them
SELECT split_part(pg_temp.try(format('UPDATE fashionos.waitlist_entries SET attendee_email = NULL WHERE id = %L', (SELECT id FROM public.kept WHERE what = 'guest'))), ' | ', 1) AS live_without_address;
-- the waitlist functions with such entries: the organizers' list, the signed-in waiter's own list,
-- a lapsed entry's status by its token, forgetting an address that is no longer kept, and Dan
-- joining again (a left entry does not count against his limit)
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT attendee_email, attendee_name, status, position, registration_id IS NOT NULL AS has_offer FROM public.list_waitlist('44444444-0000-4000-8000-0000000000f2');
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000003');
SELECT attendee_email, status, offer_expires_at > now() AS offer_open FROM public.my_waitlist();
SELECT pg_temp.act('anon', NULL);
SELECT status, attendee_email, attendee_name FROM public.waitlist_status((SELECT token FROM public.kept WHERE what = 'eve'));
SELECT pg_temp.try($$SELECT * FROM public.claim_waitlist_offer((SELECT token FROM public.kept WHERE what = 'eve'))$$) AS eve_claims_late;
SELECT pg_temp.act('service_role', NULL);
SELECT public.forget_waitlist_email('dan@example.com') AS dan_forgotten;
SELECT pg_temp.act('anon', NULL);
SELECT status, position, attendee_email FROM public.join_waitlist('44444444-0000-4000-8000-0000000000f2', 'dan@example.com', 'Dan');
ROLLBACK;

-- 5. The limit refusal of join_waitlist (one ticket per buyer and tier): Guest's address holds
--    Balcony's offer. Anon and another signed-in user who type her address learn that it is at the
--    limit, not what it holds; the event's owner, server-side code and Guest herself get the counts.
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT buyer_max_tickets_per_tier FROM public.set_event_settings('33333333-0000-4000-8000-000000000001', p_buyer_max_tickets_per_tier => 1);
COMMIT;
BEGIN;
SELECT pg_temp.act('anon', NULL);
SELECT pg_temp.try($$SELECT public.join_waitlist('44444444-0000-4000-8000-0000000000f2', 'Guest@example.com', 'Guest')$$) AS anon_at_limit;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000004');
SELECT pg_temp.try($$SELECT public.join_waitlist('44444444-0000-4000-8000-0000000000f2', 'guest@example.com', 'Guest')$$) AS another_user_at_limit;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT pg_temp.try($$SELECT public.join_waitlist('44444444-0000-4000-8000-0000000000f2', 'guest@example.com', 'Guest')$$) AS organizer_at_limit;
SELECT pg_temp.act('service_role', NULL);
SELECT pg_temp.try($$SELECT public.join_waitlist('44444444-0000-4000-8000-0000000000f2', 'guest@example.com', 'Guest')$$) AS server_at_limit;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000003');
SELECT pg_temp.try($$SELECT public.join_waitlist('44444444-0000-4000-8000-0000000000f2', 'guest@example.com', 'Guest')$$) AS own_user_at_limit;
ROLLBACK;
