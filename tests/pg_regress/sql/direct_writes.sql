-- direct_writes: the ticketing rules hold for direct table writes (PATCH, POST and DELETE on
-- /ticket_tiers, /registrations, /payments through PostgREST), not only for the API functions.
-- sql/ticketing_doors.sql enforces them; docs/security.md, "Which door for which change", lists
-- who writes which column.
--
-- Every write found by the audit is tried as an organizer, an admin and the owner of the event's
-- organization and as service_role, each persona in one transaction as PostgREST runs a request
-- (set_config('role', ...) and set_config('request.jwt.claims', ...), then the writes). Each is
-- refused with its SQLSTATE, a message and a hint naming the function to call, or changes nothing;
-- the invariants are checked before and after: quantity_sold = live registrations, every live
-- token verifies, attended <=> checked_in_at, payments moved only along their transitions, a
-- registration's event is its tier's event. Then the edits that stay direct, and the API
-- functions, still work; and the other derived state (booking ledger, walk order, private
-- tables) cannot be written around.
\i common/personas_setup.sql
\set SHOW_CONTEXT never

-- refusal(sql): the error as a client sees it (code, message, hint), or 'ok'.
CREATE FUNCTION pg_temp.refusal(q text, OUT code text, OUT message text, OUT hint text) LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE q;
    code := 'ok';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS code = RETURNED_SQLSTATE, message = MESSAGE_TEXT, hint = PG_EXCEPTION_HINT;
END
$$;

-- ---------------------------------------------------------------------------------------------
-- Tickets sold through the API. An organizer of A creates three tiers of event A directly.
-- ---------------------------------------------------------------------------------------------
SELECT pg_temp.try_as('a_organizer', $$INSERT INTO public.ticket_tiers (id, event_id, name, type, price, quantity_total) VALUES
    (fixture.id('ticket_tiers', 'paid'), fixture.id('events', 'A'), 'doors: paid', 'paid', 50, 10),
    (fixture.id('ticket_tiers', 'free'), fixture.id('events', 'A'), 'doors: free', 'paid', 0, 10),
    (fixture.id('ticket_tiers', 'spare'), fixture.id('events', 'A'), 'doors: spare', 'vip', 200, 5)$$) AS "POST /ticket_tiers";

-- Anonymous buyers: three paid tickets (pending, with a pending payment each).
BEGIN;
SELECT fixture.act_as('anon');
SELECT status, amount FROM public.reserve_tickets(fixture.id('ticket_tiers', 'paid'), 1, 'ana@example.com', 'Ana');
SELECT status, amount FROM public.reserve_tickets(fixture.id('ticket_tiers', 'paid'), 1, 'ben@example.com', 'Ben');
SELECT status, amount FROM public.reserve_tickets(fixture.id('ticket_tiers', 'paid'), 1, 'cy@example.com', 'Cy');
COMMIT;
-- The names the writes below use: registrations by attendee, payments as 'payment of <attendee>'.
CREATE TEMP TABLE ids (name text PRIMARY KEY, id uuid NOT NULL);
GRANT SELECT ON ids TO PUBLIC;
INSERT INTO ids SELECT attendee_name, id FROM public.registrations WHERE ticket_tier_id = fixture.id('ticket_tiers', 'paid');
INSERT INTO ids SELECT 'payment of ' || i.name, p.id FROM public.payments p JOIN ids i ON i.id = p.registration_id;
-- The payment webhook: Ana paid, Ben's payment failed (his registration is cancelled); Cy has not paid yet.
BEGIN;
SELECT fixture.act_as('service_role');
SELECT payment_status, registration_status FROM public.complete_payment((SELECT id FROM ids WHERE name = 'payment of Ana'), 'stripe', 'pi_ana');
SELECT payment_status, registration_status FROM public.fail_payment((SELECT id FROM ids WHERE name = 'payment of Ben'));
COMMIT;
-- Free tickets issued by the organizer: Dora confirmed, Eve checked in, Finn cancelled.
BEGIN;
SELECT fixture.act_as('a_organizer');
SELECT status FROM public.reserve_tickets(fixture.id('ticket_tiers', 'free'), 1, 'dora@example.com', 'Dora');
SELECT status FROM public.reserve_tickets(fixture.id('ticket_tiers', 'free'), 1, 'eve@example.com', 'Eve');
SELECT status FROM public.reserve_tickets(fixture.id('ticket_tiers', 'free'), 1, 'finn@example.com', 'Finn');
COMMIT;
INSERT INTO ids SELECT attendee_name, id FROM public.registrations WHERE ticket_tier_id = fixture.id('ticket_tiers', 'free');
BEGIN;
SELECT fixture.act_as('a_organizer');
SELECT outcome FROM public.check_in((SELECT qr_code_data FROM public.registrations WHERE id = (SELECT id FROM ids WHERE name = 'Eve')),
                                    fixture.id('events', 'A'));
SELECT status, changed FROM public.cancel_registration((SELECT id FROM ids WHERE name = 'Finn'));
COMMIT;

-- ---------------------------------------------------------------------------------------------
-- The invariants, over the tiers of this test (name 'doors: ...'), and a snapshot to compare with.
-- ---------------------------------------------------------------------------------------------
CREATE TEMP TABLE snapshot_payments AS SELECT id, registration_id, status, amount, currency, provider, provider_transaction_id
  FROM public.payments WHERE id IN (SELECT id FROM ids);
CREATE TEMP TABLE snapshot_registrations AS SELECT id FROM public.registrations WHERE id IN (SELECT id FROM ids);
CREATE FUNCTION pg_temp.invariants() RETURNS TABLE (invariant text, violations bigint) LANGUAGE sql AS $$
    WITH tiers AS (SELECT * FROM public.ticket_tiers WHERE name LIKE 'doors:%'),
    regs AS (SELECT r.* FROM public.registrations r JOIN tiers t ON t.id = r.ticket_tier_id
             UNION SELECT r.* FROM public.registrations r WHERE r.id IN (SELECT id FROM snapshot_registrations)),
    pays AS (SELECT p.* FROM public.payments p WHERE p.registration_id IN (SELECT id FROM regs))
    SELECT '1 quantity_sold = live (pending, confirmed, attended) registrations of the tier',
           (SELECT count(*) FROM tiers t
             WHERE t.quantity_sold <> (SELECT count(*) FROM public.registrations r
                                        WHERE r.ticket_tier_id = t.id AND r.status IN ('pending', 'confirmed', 'attended')))
    UNION ALL
    SELECT '2 every live registration''s token verifies, as its status says',
           (SELECT count(*) FROM regs r WHERE r.status <> 'cancelled'
               AND (SELECT v.reason FROM public.verify_ticket(r.qr_code_data) v)
                   IS DISTINCT FROM CASE r.status WHEN 'pending' THEN 'unpaid' WHEN 'attended' THEN 'used' ELSE 'valid' END)
    UNION ALL
    SELECT '3 attended <=> checked_in_at is set',
           (SELECT count(*) FROM regs r WHERE (r.status = 'attended') <> (r.checked_in_at IS NOT NULL))
    UNION ALL
    SELECT '4 a registration''s event is its tier''s event',
           (SELECT count(*) FROM regs r JOIN public.ticket_tiers t ON t.id = r.ticket_tier_id WHERE t.event_id <> r.event_id)
    UNION ALL
    SELECT '5 payments moved only along pending -> completed | failed, completed -> refunded, amount and provider kept',
           (SELECT count(*) FROM snapshot_payments s LEFT JOIN public.payments p ON p.id = s.id
             WHERE p.id IS NULL OR p.registration_id <> s.registration_id OR p.amount <> s.amount OR p.currency <> s.currency
                OR (p.status <> s.status AND (s.status, p.status) NOT IN
                    (('pending', 'completed'), ('pending', 'failed'), ('pending', 'refunded'), ('completed', 'refunded')))
                OR (s.provider_transaction_id IS NOT NULL
                    AND (p.provider, p.provider_transaction_id) IS DISTINCT FROM (s.provider, s.provider_transaction_id)))
    UNION ALL
    SELECT '6 a payment''s state matches its registration''s (pending/pending, completed/confirmed or attended, failed or refunded/cancelled)',
           (SELECT count(*) FROM pays p JOIN public.registrations r ON r.id = p.registration_id
             WHERE NOT ((p.status = 'pending' AND r.status = 'pending')
                     OR (p.status = 'completed' AND r.status IN ('confirmed', 'attended'))
                     OR (p.status IN ('failed', 'refunded') AND r.status = 'cancelled')))
    UNION ALL
    SELECT '7 no registration or payment of the snapshot lost, none added outside the API',
           (SELECT count(*) FROM snapshot_registrations s WHERE NOT EXISTS (SELECT 1 FROM public.registrations r WHERE r.id = s.id))
         + (SELECT count(*) FROM regs r WHERE r.attendee_email NOT LIKE '%@example.com')
         + (SELECT count(*) FROM pays p WHERE p.registration_id NOT IN (SELECT id FROM ids))
    ORDER BY 1
$$;
SELECT * FROM pg_temp.invariants();
SELECT t.name, t.quantity_sold, r.attendee_name, r.status, p.status AS payment
  FROM public.ticket_tiers t JOIN public.registrations r ON r.ticket_tier_id = t.id
  LEFT JOIN public.payments p ON p.registration_id = r.id
 WHERE t.name LIKE 'doors:%' ORDER BY t.name, r.attendee_name;

-- ---------------------------------------------------------------------------------------------
-- The writes of the audit (issue "Every door keeps the rules"), and more of the same kind.
-- ---------------------------------------------------------------------------------------------
CREATE TEMP TABLE writes (no int PRIMARY KEY, request text NOT NULL, sql text NOT NULL);
GRANT SELECT ON writes TO PUBLIC;
INSERT INTO writes VALUES
(1, 'PATCH /ticket_tiers {"quantity_sold":0}',
 $$UPDATE public.ticket_tiers SET quantity_sold = 0 WHERE id = fixture.id('ticket_tiers', 'paid')$$),
(2, 'POST /registrations {"status":"confirmed","qr_code_data":"any"}',
 $$INSERT INTO public.registrations (event_id, ticket_tier_id, attendee_email, attendee_name, status, qr_code_data)
   VALUES (fixture.id('events', 'A'), fixture.id('ticket_tiers', 'paid'), 'x@forged.test', 'X', 'confirmed', 'forged-token')$$),
(3, 'PATCH /registrations {"status":"confirmed"} on a cancelled one',
 $$UPDATE public.registrations SET status = 'confirmed' WHERE id = (SELECT id FROM pg_temp.ids WHERE name = 'Ben')$$),
(4, 'PATCH /payments {"status":"completed"} on a failed one',
 $$UPDATE public.payments SET status = 'completed' WHERE id = (SELECT id FROM pg_temp.ids WHERE name = 'payment of Ben')$$),
(5, 'POST /payments {"status":"completed"} for a cancelled registration',
 $$INSERT INTO public.payments (registration_id, amount, status, provider, provider_transaction_id)
   VALUES ((SELECT id FROM pg_temp.ids WHERE name = 'Ben'), 50, 'completed', 'stripe', 'pi_forged')$$),
(6, 'PATCH /registrations {"status":"attended"} (no check-in time)',
 $$UPDATE public.registrations SET status = 'attended' WHERE id = (SELECT id FROM pg_temp.ids WHERE name = 'Ana')$$),
(7, 'PATCH /registrations {"qr_code_data":"..."}',
 $$UPDATE public.registrations SET qr_code_data = 'FOS1.forged' WHERE id = (SELECT id FROM pg_temp.ids WHERE name = 'Ana')$$),
(8, 'PATCH /registrations {"ticket_tier_id":<other tier>}',
 $$UPDATE public.registrations SET ticket_tier_id = fixture.id('ticket_tiers', 'spare') WHERE id = (SELECT id FROM pg_temp.ids WHERE name = 'Ana')$$),
(9, 'PATCH /ticket_tiers {"event_id":<other event>} on a tier with sales',
 $$UPDATE public.ticket_tiers SET event_id = fixture.id('events', 'Z') WHERE id = fixture.id('ticket_tiers', 'paid')$$),
(10, 'DELETE /registrations of a confirmed ticket',
 $$DELETE FROM public.registrations WHERE id = (SELECT id FROM pg_temp.ids WHERE name = 'Dora')$$),
(11, 'PATCH /registrations {"checked_in_at":"now"}',
 $$UPDATE public.registrations SET checked_in_at = now() WHERE id = (SELECT id FROM pg_temp.ids WHERE name = 'Dora')$$),
(12, 'PATCH /registrations {"status":"cancelled"} (cancel by hand)',
 $$UPDATE public.registrations SET status = 'cancelled' WHERE id = (SELECT id FROM pg_temp.ids WHERE name = 'Dora')$$),
(13, 'PATCH /registrations {"status":"confirmed","checked_in_at":null} (undo by hand)',
 $$UPDATE public.registrations SET status = 'confirmed', checked_in_at = NULL WHERE id = (SELECT id FROM pg_temp.ids WHERE name = 'Eve')$$),
(14, 'PATCH /registrations {"event_id":<other event>,"ticket_tier_id":<its tier>}',
 $$UPDATE public.registrations SET event_id = fixture.id('events', 'Z'), ticket_tier_id = fixture.id('ticket_tiers', 'Z')
   WHERE id = (SELECT id FROM pg_temp.ids WHERE name = 'Dora')$$),
(15, 'DELETE /registrations of a cancelled ticket',
 $$DELETE FROM public.registrations WHERE id = (SELECT id FROM pg_temp.ids WHERE name = 'Ben')$$),
(16, 'PATCH /payments {"status":"completed"} on a pending one',
 $$UPDATE public.payments SET status = 'completed' WHERE id = (SELECT id FROM pg_temp.ids WHERE name = 'payment of Cy')$$),
(17, 'PATCH /payments {"status":"refunded"} on a completed one',
 $$UPDATE public.payments SET status = 'refunded' WHERE id = (SELECT id FROM pg_temp.ids WHERE name = 'payment of Ana')$$),
(18, 'PATCH /payments {"amount":0}',
 $$UPDATE public.payments SET amount = 0 WHERE id = (SELECT id FROM pg_temp.ids WHERE name = 'payment of Cy')$$),
(19, 'PATCH /payments {"provider_transaction_id":"pi_other"}',
 $$UPDATE public.payments SET provider_transaction_id = 'pi_other' WHERE id = (SELECT id FROM pg_temp.ids WHERE name = 'payment of Ana')$$),
(20, 'DELETE /payments',
 $$DELETE FROM public.payments WHERE id = (SELECT id FROM pg_temp.ids WHERE name = 'payment of Ana')$$),
(21, 'DELETE /ticket_tiers of a tier with sales',
 $$DELETE FROM public.ticket_tiers WHERE id = fixture.id('ticket_tiers', 'paid')$$),
(22, 'POST /ticket_tiers {"quantity_sold":5}',
 $$INSERT INTO public.ticket_tiers (event_id, name, type, price, quantity_total, quantity_sold)
   VALUES (fixture.id('events', 'A'), 'doors: forged', 'paid', 10, 10, 5)$$),
(23, 'PATCH /ticket_tiers {"quantity_total":1} (2 sold)',
 $$UPDATE public.ticket_tiers SET quantity_total = 1 WHERE id = fixture.id('ticket_tiers', 'paid')$$);

CREATE TEMP TABLE outcome (persona text, no int, outcome text, PRIMARY KEY (persona, no));
GRANT INSERT ON outcome TO PUBLIC;
-- attempt_all(persona): one request of the persona, as PostgREST runs it (fixture.act_as, then
-- every write in order; each either fails or is kept). Called alone, it is its own transaction.
CREATE FUNCTION pg_temp.attempt_all(p_persona text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    w record;
BEGIN
    PERFORM fixture.act_as(p_persona);
    FOR w IN SELECT * FROM pg_temp.writes ORDER BY no LOOP
        INSERT INTO pg_temp.outcome VALUES (p_persona, w.no, pg_temp.try(w.sql));
    END LOOP;
END
$$;

-- One request per persona.
SELECT pg_temp.attempt_all('a_organizer');
SELECT pg_temp.attempt_all('a_admin');
SELECT pg_temp.attempt_all('a_owner');
SELECT pg_temp.attempt_all('service_role');

-- The outcome per write and persona: the SQLSTATE of the refusal (42501 -> HTTP 403, PT409 -> 409),
-- or 'ok, 0 row(s)' where row level security already hid the row (organizers do not delete).
SELECT w.no, w.request,
       max(o.outcome) FILTER (WHERE o.persona = 'a_organizer') AS organizer,
       max(o.outcome) FILTER (WHERE o.persona = 'a_admin') AS admin,
       max(o.outcome) FILTER (WHERE o.persona = 'a_owner') AS owner,
       max(o.outcome) FILTER (WHERE o.persona = 'service_role') AS service_role
  FROM writes w JOIN (SELECT persona, no, CASE WHEN outcome LIKE 'ok%' THEN outcome ELSE left(outcome, 5) END AS outcome
                        FROM outcome) o USING (no)
 GROUP BY w.no, w.request ORDER BY w.no;
-- Every persona met the same refusal (SQLSTATE and message; the detail names the role) for each
-- write (rows: none).
SELECT no, count(DISTINCT split_part(outcome, ' | ', 1)) AS different_outcomes FROM outcome WHERE outcome NOT LIKE 'ok%' GROUP BY no
HAVING count(DISTINCT split_part(outcome, ' | ', 1)) > 1;
SELECT no, persona, outcome FROM outcome WHERE outcome LIKE 'ok%' AND outcome <> 'ok, 0 row(s)' ORDER BY no, persona;

-- What the owner of the organization is told: the message and the function to call.
BEGIN;
SELECT fixture.act_as('a_owner');
SELECT w.no, r.code, r.message, r.hint FROM writes w CROSS JOIN LATERAL pg_temp.refusal(w.sql) r ORDER BY w.no;
ROLLBACK;

-- The invariants are intact.
SELECT * FROM pg_temp.invariants();

-- Attendees and anon have no direct way in either.
BEGIN;
SELECT fixture.act_as('attendee');
SELECT pg_temp.try($$INSERT INTO public.registrations (event_id, ticket_tier_id, user_id, attendee_email, attendee_name, status, qr_code_data)
   VALUES (fixture.id('events', 'A'), fixture.id('ticket_tiers', 'paid'), fixture.id('users', 't'), 't@fixture.example', 'T', 'confirmed', 'x')$$) AS attendee_registers;
SELECT pg_temp.try($$UPDATE public.registrations SET status = 'attended' WHERE id = fixture.id('registrations', 'T')$$) AS attendee_checks_in;
COMMIT;
SELECT pg_temp.try_as('anon', $$INSERT INTO public.registrations (event_id, ticket_tier_id, attendee_email, attendee_name, status, qr_code_data)
   VALUES (fixture.id('events', 'A'), fixture.id('ticket_tiers', 'paid'), 'x@example.com', 'X', 'confirmed', 'x')$$) AS anon_registers;

-- TRUNCATE fires no row trigger. Supabase grants it to service_role; the door refuses it too.
BEGIN;
GRANT TRUNCATE ON public.payments, public.registrations, public.ticket_tiers TO service_role;
SELECT fixture.act_as('service_role');
SELECT pg_temp.try('TRUNCATE public.payments') AS truncate_payments;
SELECT pg_temp.try('TRUNCATE public.ticket_tiers CASCADE') AS truncate_tiers;
ROLLBACK;

-- The extension's owner is what the API functions run as (SECURITY DEFINER): the door lets it through.
BEGIN;
SELECT pg_temp.try($$UPDATE public.ticket_tiers SET quantity_sold = 0 WHERE id = fixture.id('ticket_tiers', 'paid')$$) AS as_extension_owner;
ROLLBACK;

-- ---------------------------------------------------------------------------------------------
-- The edits that stay direct
-- ---------------------------------------------------------------------------------------------
BEGIN;
SELECT fixture.act_as('a_organizer');
SELECT pg_temp.try($$UPDATE public.ticket_tiers SET name = 'doors: paid, early bird' WHERE id = fixture.id('ticket_tiers', 'paid')$$) AS rename_tier;
SELECT pg_temp.try($$UPDATE public.ticket_tiers SET price = 45 WHERE id = fixture.id('ticket_tiers', 'paid')$$) AS change_price;
SELECT pg_temp.try($$UPDATE public.ticket_tiers SET quantity_total = 20 WHERE id = fixture.id('ticket_tiers', 'paid')$$) AS raise_capacity;
SELECT pg_temp.try($$UPDATE public.ticket_tiers SET quantity_total = 2 WHERE id = fixture.id('ticket_tiers', 'free')$$) AS lower_capacity_to_sold;
SELECT pg_temp.try($$UPDATE public.ticket_tiers SET quantity_total = 1 WHERE id = fixture.id('ticket_tiers', 'free')$$) AS below_sold;
SELECT pg_temp.try($$UPDATE public.ticket_tiers SET event_id = fixture.id('events', 'Z') WHERE id = fixture.id('ticket_tiers', 'spare')$$) AS move_tier_without_sales;
SELECT pg_temp.try($$UPDATE public.registrations SET attendee_name = '  Ana Duarte ' WHERE id = (SELECT id FROM pg_temp.ids WHERE name = 'Ana')$$) AS fix_name;
SELECT pg_temp.try($$UPDATE public.registrations SET attendee_email = ' Ana.Duarte@Example.COM ' WHERE id = (SELECT id FROM pg_temp.ids WHERE name = 'Ana')$$) AS fix_email;
SELECT pg_temp.try($$UPDATE public.registrations SET attendee_email = 'ana duarte@example' WHERE id = (SELECT id FROM pg_temp.ids WHERE name = 'Ana')$$) AS bad_email;
SELECT pg_temp.try($$UPDATE public.registrations SET attendee_name = '   ' WHERE id = (SELECT id FROM pg_temp.ids WHERE name = 'Ana')$$) AS empty_name;
SELECT pg_temp.try($$UPDATE public.registrations SET created_at = created_at, attendee_name = attendee_name WHERE id = (SELECT id FROM pg_temp.ids WHERE name = 'Ana')$$) AS no_op_update;
COMMIT;
SELECT pg_temp.try_as('a_admin', $$DELETE FROM public.ticket_tiers WHERE id = fixture.id('ticket_tiers', 'spare')$$) AS delete_tier_without_sales;
SELECT name, price, quantity_total, quantity_sold FROM public.ticket_tiers WHERE name LIKE 'doors:%' ORDER BY name;
SELECT attendee_name, attendee_email FROM public.registrations WHERE id = (SELECT id FROM ids WHERE name = 'Ana');
-- A refused request leaves nothing behind (PostgREST rolls the transaction back).
BEGIN;
SELECT fixture.act_as('a_organizer');
UPDATE public.ticket_tiers SET quantity_total = 1 WHERE id = fixture.id('ticket_tiers', 'free');
ROLLBACK;

-- ---------------------------------------------------------------------------------------------
-- The API functions still work with the doors in place.
-- ---------------------------------------------------------------------------------------------
BEGIN;
SELECT fixture.act_as('anon');
CREATE TEMP TABLE later AS
SELECT * FROM public.reserve_tickets(fixture.id('ticket_tiers', 'paid'), 1, 'gus@example.com', 'Gus');
GRANT SELECT ON later TO PUBLIC;
SELECT status, amount FROM later;
COMMIT;
INSERT INTO ids SELECT 'Gus', registration_id FROM later;
INSERT INTO ids SELECT 'payment of Gus', payment_id FROM later;
BEGIN;
SELECT fixture.act_as('service_role');
SELECT payment_status, registration_status, changed FROM public.complete_payment((SELECT payment_id FROM later), 'stripe', 'pi_gus');
COMMIT;
BEGIN;
SELECT fixture.act_as('a_organizer');
SELECT outcome FROM public.check_in((SELECT qr_code_data FROM later), fixture.id('events', 'A'));
SELECT status, changed FROM public.undo_check_in((SELECT registration_id FROM later));
SELECT length(public.reissue_ticket((SELECT registration_id FROM later))) > 100 AS reissued;
SELECT valid, reason FROM public.verify_ticket((SELECT qr_code_data FROM later));
SELECT payment_status, registration_status, changed FROM public.refund_payment((SELECT id FROM ids WHERE name = 'payment of Ana'));
SELECT payment_status, registration_status, changed FROM public.fail_payment((SELECT id FROM ids WHERE name = 'payment of Cy'));
SELECT status, changed FROM public.cancel_registration((SELECT id FROM ids WHERE name = 'Dora'));
SELECT outcome FROM public.check_in((SELECT qr_code_data FROM public.registrations WHERE id = (SELECT registration_id FROM later)),
                                    fixture.id('events', 'A'));
SELECT public.release_expired_holds(fixture.id('ticket_tiers', 'paid')) AS released;
COMMIT;
INSERT INTO snapshot_payments SELECT id, registration_id, status, amount, currency, provider, provider_transaction_id
  FROM public.payments WHERE id = (SELECT payment_id FROM later);
SELECT * FROM pg_temp.invariants();
SELECT t.name, t.quantity_sold, r.attendee_name, r.status, p.status AS payment
  FROM public.ticket_tiers t JOIN public.registrations r ON r.ticket_tier_id = t.id
  LEFT JOIN public.payments p ON p.registration_id = r.id
 WHERE t.name LIKE 'doors:%' ORDER BY t.name, r.attendee_name;

-- ---------------------------------------------------------------------------------------------
-- Other derived state: the private tables, the booking ledger, walk order.
-- ---------------------------------------------------------------------------------------------
-- The private tables of schema fashionos are not writable by any API role, nor are the triggers
-- that keep the ledger.
BEGIN;
SELECT fixture.act_as('service_role');
SELECT pg_temp.try($$DELETE FROM fashionos.bookings$$) AS ledger;
SELECT pg_temp.try($$DELETE FROM fashionos.registration_holds$$) AS holds;
SELECT pg_temp.try($$DELETE FROM fashionos.revoked_tokens$$) AS revocations;
SELECT pg_temp.try($$UPDATE fashionos.event_settings SET hold_minutes = 1$$) AS settings;
SELECT pg_temp.try($$ALTER TABLE public.model_availability DISABLE TRIGGER model_availability_ledger$$) AS disable_ledger_trigger;
SELECT pg_temp.try($$ALTER TABLE public.registrations DISABLE TRIGGER registrations_door$$) AS disable_door;
SELECT pg_temp.try($$SET session_replication_role = replica$$) AS replica_mode;
ROLLBACK;
-- A direct write of a booking goes through the ledger: a venue booked twice is refused (PT409).
SELECT pg_temp.try_as('a_organizer', $$INSERT INTO public.venue_availability (venue_id, event_id, date, start_time, end_time, status)
   VALUES (fixture.id('venues', 'A'), fixture.id('events', 'Z'), '2086-06-10', '2086-06-10 20:00+00', '2086-06-10 22:00+00', 'booked')$$) AS double_booking;
-- Walk order: the hard rules are constraints, the same for a PATCH and for set_walk_order.
BEGIN;
SELECT fixture.act_as('a_organizer');
SELECT pg_temp.try($$UPDATE public.event_models SET walk_order = 0 WHERE id = fixture.id('event_models', 'M')$$) AS position_zero;
SELECT pg_temp.try($$INSERT INTO public.event_models (event_id, model_profile_id, walk_order)
   VALUES (fixture.id('events', 'A'), fixture.id('model_profiles', 'B'), 1)$$) AS same_position_twice;
COMMIT;

-- An event with live tickets (or payments that moved money) is not deleted, by any writer: it is
-- cancelled instead. Once its tickets are cancelled unpaid, deleting it (admins and owners may)
-- deletes its tiers, registrations and payments with it: PostgreSQL runs the foreign keys'
-- cascades as the tables' owner, whom the doors let through. An organization's deletion cascades
-- into its events, and is refused the same way.
BEGIN;
SELECT fixture.act_as('a_organizer');
SELECT pg_temp.try($$INSERT INTO public.events (id, name, status, start_date, organization_id, created_by)
   VALUES (fixture.id('events', 'doors'), 'doors: pop-up', 'active', '2086-09-01', fixture.id('organizations', 'A'), fixture.id('users', 'g'))$$) AS new_event;
SELECT pg_temp.try($$INSERT INTO public.ticket_tiers (id, event_id, name, type, price, quantity_total)
   VALUES (fixture.id('ticket_tiers', 'pop-up'), fixture.id('events', 'doors'), 'doors: pop-up', 'paid', 20, 5)$$) AS new_tier;
SELECT count(*) AS reserved FROM public.reserve_tickets(fixture.id('ticket_tiers', 'pop-up'), 2, 'hal@example.com', 'Hal');
COMMIT;
SELECT pg_temp.try_as('a_admin', $$DELETE FROM public.events WHERE id = fixture.id('events', 'doors')$$) AS delete_event_with_tickets;
SELECT pg_temp.try_as('service_role', $$DELETE FROM public.events WHERE id = fixture.id('events', 'doors')$$) AS delete_event_server;
SELECT pg_temp.try_as('a_owner', $$DELETE FROM public.organizations WHERE id = fixture.id('organizations', 'A')$$) AS delete_organization;
BEGIN;
SELECT fixture.act_as('a_organizer');
SELECT count(*) FILTER (WHERE c.changed) AS cancelled
  FROM (SELECT id FROM public.registrations WHERE event_id = fixture.id('events', 'doors')) r, LATERAL public.cancel_registration(r.id) c;
COMMIT;
SELECT pg_temp.try_as('a_admin', $$DELETE FROM public.events WHERE id = fixture.id('events', 'doors')$$) AS delete_event;
SELECT (SELECT count(*) FROM public.ticket_tiers WHERE event_id = fixture.id('events', 'doors')) AS tiers,
       (SELECT count(*) FROM public.registrations WHERE event_id = fixture.id('events', 'doors')) AS registrations,
       (SELECT count(*) FROM public.payments WHERE payer_id IS NULL AND amount = 20) AS payments;
SELECT * FROM pg_temp.invariants();

-- ---------------------------------------------------------------------------------------------
-- An organization keeps an owner. Olympe is A's only owner: she cannot demote herself, move to
-- another organization or be deleted, whoever writes (service_role too). Once she has made Adele
-- owner, she may step down; and Adele then cannot be demoted by herself either.
-- ---------------------------------------------------------------------------------------------
SELECT * FROM pg_temp.refusal($$SELECT fixture.act_as('a_owner'); UPDATE public.users SET role = 'admin' WHERE id = fixture.id('users', 'o')$$);
SELECT * FROM pg_temp.refusal($$SELECT fixture.act_as('service_role'); UPDATE public.users SET organization_id = fixture.id('organizations', 'B') WHERE id = fixture.id('users', 'o')$$);
SELECT * FROM pg_temp.refusal($$SELECT fixture.act_as('service_role'); DELETE FROM public.users WHERE id = fixture.id('users', 'o')$$);
BEGIN;
SELECT fixture.act_as('a_owner');
UPDATE public.users SET role = 'owner' WHERE id = fixture.id('users', 'a');
UPDATE public.users SET role = 'admin' WHERE id = fixture.id('users', 'o');
SELECT fixture.act_as('a_admin');
SELECT * FROM pg_temp.refusal($$UPDATE public.users SET role = 'viewer' WHERE id = fixture.id('users', 'a')$$);
RESET ROLE;
SELECT full_name, role FROM public.users WHERE organization_id = fixture.id('organizations', 'A') AND role IN ('owner', 'admin') ORDER BY full_name;
ROLLBACK;

-- ---------------------------------------------------------------------------------------------
-- A row's id never changes, for any writer: a venue owner renaming his venue's id (which would
-- strand the options and bookings of others on it, and get round the delete guard), an organizer
-- an event's, service_role a tier's. An upsert that sets the id to itself still works.
-- ---------------------------------------------------------------------------------------------
SELECT * FROM pg_temp.refusal($$SELECT fixture.act_as('a_organizer'); UPDATE public.venues SET id = gen_random_uuid() WHERE id = fixture.id('venues', 'A')$$);
SELECT * FROM pg_temp.refusal($$SELECT fixture.act_as('a_organizer'); UPDATE public.events SET id = gen_random_uuid() WHERE id = fixture.id('events', 'A')$$);
SELECT * FROM pg_temp.refusal($$SELECT fixture.act_as('service_role'); UPDATE public.ticket_tiers SET id = gen_random_uuid() WHERE id = (SELECT min(id::text)::uuid FROM public.ticket_tiers)$$);
SELECT * FROM pg_temp.refusal($$SELECT fixture.act_as('a_organizer');
    INSERT INTO public.venues (id, owner_id, name, city, capacity, type)
    SELECT id, owner_id, name, city, capacity + 1, type FROM public.venues WHERE id = fixture.id('venues', 'A')
    ON CONFLICT (id) DO UPDATE SET id = EXCLUDED.id, capacity = EXCLUDED.capacity$$) AS upsert;
SELECT count(*) AS triggers FROM pg_trigger WHERE tgname = 'id_never_changes';

-- ---------------------------------------------------------------------------------------------
-- A tier with a waitlist keeps its event, as one with registrations does: its waiters joined for
-- this event. It is not made comp or press either.
-- ---------------------------------------------------------------------------------------------
BEGIN;
SELECT fixture.act_as('a_organizer');
INSERT INTO public.ticket_tiers (id, event_id, name, type, price, quantity_total)
VALUES (fixture.id('ticket_tiers', 'queue'), fixture.id('events', 'A'), 'doors: queue', 'paid', 20, 0);
-- (a tier without tickets yet has no waitlist: joining it is refused; a waiter from before then)
SELECT fixture.act_as('anon');
SELECT pg_temp.try($$SELECT * FROM public.join_waitlist(fixture.id('ticket_tiers', 'queue'), 'early@example.com', 'Early')$$) AS join_before_sale;
SELECT pg_temp.try($$SELECT * FROM public.reserve_tickets(fixture.id('ticket_tiers', 'queue'), 1, 'early@example.com', 'Early')$$) AS buy_before_sale;
RESET ROLE;
INSERT INTO fashionos.waitlist_entries (ticket_tier_id, event_id, attendee_email, attendee_name, token_hash)
VALUES (fixture.id('ticket_tiers', 'queue'), fixture.id('events', 'A'), 'wait@example.com', 'Wait', fashionos.waitlist_token_hash('wl_wait'));
SELECT fixture.act_as('a_organizer');
SELECT * FROM pg_temp.refusal($$UPDATE public.ticket_tiers SET event_id = fixture.id('events', 'Z') WHERE id = fixture.id('ticket_tiers', 'queue')$$);
-- nor is it made comp or press: its waiters would claim invitations (or pay for them)
SELECT * FROM pg_temp.refusal($$UPDATE public.ticket_tiers SET type = 'comp' WHERE id = fixture.id('ticket_tiers', 'queue')$$);
ROLLBACK;

-- ---------------------------------------------------------------------------------------------
-- Numbers and dates the computations can use: NaN passes CHECK (price >= 0) and would become a
-- NaN payment; an infinite or far-future event date made the sale's end overflow for every reader
-- of the tiers (anon's policy asks whether an event is on sale). Each refused with 22023.
-- ---------------------------------------------------------------------------------------------
SELECT pg_temp.try_as('a_organizer', $$INSERT INTO public.ticket_tiers (event_id, name, type, price, quantity_total)
    VALUES (fixture.id('events', 'A'), 'NaN', 'paid', 'NaN', 5)$$) AS nan_price;
SELECT pg_temp.try_as('a_organizer', $$UPDATE public.events SET budget_total = 'NaN', budget_actual = 'NaN' WHERE id = fixture.id('events', 'A')$$) AS nan_budget;
SELECT pg_temp.try_as('service_role', $$UPDATE public.payments SET amount = 'NaN' WHERE id = fixture.id('payments', 'T')$$) AS nan_payment_server;
SELECT pg_temp.try_as('a_organizer', $$UPDATE public.events SET budget_total = 12.5 WHERE id = fixture.id('events', 'A')$$) AS a_number;
SELECT count(*) AS nan_triggers FROM pg_trigger WHERE tgname = 'numbers_not_nan';
SELECT pg_temp.try_as('a_organizer', $$INSERT INTO public.events (name, status, start_date, organization_id, created_by)
    VALUES ('Far', 'active', '294276-12-31 12:00+00', fixture.id('organizations', 'A'), fixture.id('users', 'g'))$$) AS far_future;
SELECT pg_temp.try_as('a_organizer', $$UPDATE public.events SET end_date = 'infinity' WHERE id = fixture.id('events', 'A')$$) AS forever;
SELECT pg_temp.try_as('a_organizer', $$UPDATE public.events SET start_date = '-infinity' WHERE id = fixture.id('events', 'A')$$) AS since_ever;
-- a row written before the door existed still leaves the tiers readable: the sale's end saturates
SELECT fashionos.event_sales_end('294276-12-31 12:00+00', NULL) AS sales_end_saturates,
       fashionos.event_sales_end('2087-03-29 00:30+01', NULL) = '2087-03-30 00:30+01' AS a_day_is_24_hours;

-- ---------------------------------------------------------------------------------------------
-- Links and slugs clients render: a javascript: or data: address in a directory every signed-in
-- user reads would run in another tenant's browser. API clients write only http(s) addresses
-- (22023); server-side code is not held to it (it curates, and restores rows written before).
-- ---------------------------------------------------------------------------------------------
SELECT pg_temp.try_as('model', $$UPDATE public.model_profiles SET portfolio_url = 'javascript:alert(document.cookie)' WHERE id = fixture.id('model_profiles', 'M')$$) AS javascript_portfolio;
SELECT pg_temp.try_as('a_organizer', $$INSERT INTO public.model_agencies (name, website) VALUES ('Agence X', 'data:text/html;base64,PHNjcmlwdD4=')$$) AS data_url_agency;
SELECT pg_temp.try_as('a_organizer', $$INSERT INTO public.fashion_brands (name, website) VALUES ('Brand X', ' https://brand.example')$$) AS leading_space;
SELECT pg_temp.try_as('a_organizer', $$UPDATE public.assets SET thumbnail_url = 'https://' WHERE id = fixture.id('assets', 'A')$$) AS no_host;
SELECT pg_temp.try_as('a_organizer', $$UPDATE public.assets SET thumbnail_url = 'https://cdn.example/a1' || chr(10) || '.jpg' WHERE id = fixture.id('assets', 'A')$$) AS newline;
SELECT pg_temp.try_as('a_organizer', $$UPDATE public.assets SET thumbnail_url = 'https://user@evil.example/a1.jpg' WHERE id = fixture.id('assets', 'A')$$) AS user_in_host;
SELECT pg_temp.try_as('a_owner', $$UPDATE public.organizations SET logo_url = 'https://cdn.example/' || repeat('a', 2100) WHERE id = fixture.id('organizations', 'A')$$) AS too_long;
SELECT pg_temp.try_as('model', $$UPDATE public.model_profiles SET portfolio_url = 'https://portfolio.example/m/' || chr(8238) || 'gpj.exe' WHERE id = fixture.id('model_profiles', 'M')$$) AS direction_override;
SELECT pg_temp.try_as('model', $$UPDATE public.model_profiles SET portfolio_url = 'https://portfolio.example/m' || chr(160) || 'x' WHERE id = fixture.id('model_profiles', 'M')$$) AS no_break_space;
-- an Instagram column takes a handle or a link
SELECT pg_temp.try_as('a_organizer', $$INSERT INTO public.fashion_brands (name, instagram) VALUES ('Brand J', 'javascript:alert(1)')$$) AS javascript_instagram;
SELECT pg_temp.try_as('a_organizer', $$INSERT INTO public.fashion_brands (name, instagram) VALUES ('Brand H', '@brand_h.paris'), ('Brand U', 'https://instagram.com/brand_u')$$) AS handle_and_link;
SELECT pg_temp.try_as('model', $$UPDATE public.model_profiles SET portfolio_url = 'HTTPS://Portfolio.example/m?look=1#top' WHERE id = fixture.id('model_profiles', 'M')$$) AS https_link;
SELECT pg_temp.try_as('a_organizer', $$UPDATE public.assets SET thumbnail_url = NULL WHERE id = fixture.id('assets', 'A')$$) AS no_link;
-- a path of the site or a storage key, and an empty text (a client clearing the field), are links
-- too; a colon before the first slash is a scheme, and a character reference is refused
SELECT pg_temp.try_as('a_organizer', $$UPDATE public.assets SET thumbnail_url = '/storage/v1/object/public/looks/a1.jpg' WHERE id = fixture.id('assets', 'A')$$) AS site_path;
SELECT pg_temp.try_as('a_organizer', $$UPDATE public.assets SET thumbnail_url = '' WHERE id = fixture.id('assets', 'A')$$) AS cleared;
SELECT pg_temp.try_as('a_organizer', $$UPDATE public.assets SET thumbnail_url = 'vbscript/../x:y' WHERE id = fixture.id('assets', 'A')$$) AS colon_after_slash;
SELECT pg_temp.try_as('a_organizer', $$UPDATE public.assets SET thumbnail_url = 'JaVaScRiPt:alert(1)' WHERE id = fixture.id('assets', 'A')$$) AS any_case_scheme;
SELECT pg_temp.try_as('a_organizer', $$UPDATE public.assets SET thumbnail_url = '&#106;avascript:alert(1)' WHERE id = fixture.id('assets', 'A')$$) AS character_reference;
SELECT pg_temp.try_as('service_role', $$UPDATE public.assets SET thumbnail_url = 'cdn-key/a1.jpg' WHERE id = fixture.id('assets', 'A')$$) AS server_side_key;
SELECT pg_temp.try_as('a_organizer', $$UPDATE public.assets SET name = 'A: look 1 (final)' WHERE id = fixture.id('assets', 'A')$$) AS other_column_of_old_row;
SELECT pg_temp.try_as('a_owner', $$UPDATE public.organizations SET slug = 'Maison A!' WHERE id = fixture.id('organizations', 'A')$$) AS slug_not_url_safe;
SELECT pg_temp.try_as('a_owner', $$UPDATE public.organizations SET slug = 'maison--a' WHERE id = fixture.id('organizations', 'A')$$) AS slug_double_hyphen;
SELECT pg_temp.try_as('a_owner', $$UPDATE public.organizations SET slug = 'maison-a-paris' WHERE id = fixture.id('organizations', 'A')$$) AS slug_url_safe;
SELECT slug, logo_url FROM public.organizations WHERE id = fixture.id('organizations', 'A');
-- One store is connected once, whatever its spelling: B cannot connect A's store in capitals or
-- full-width letters; a store's domain is written as Shopify writes it.
SELECT pg_temp.try_as('b_member', $$INSERT INTO public.shopify_shops (user_id, shop_domain, access_token) VALUES (fixture.id('users', 'b'), 'MAISON-A.myshopify.com', 't')$$) AS store_in_capitals,
       pg_temp.try_as('b_member', $$INSERT INTO public.shopify_shops (user_id, shop_domain, access_token) VALUES (fixture.id('users', 'b'), 'ｍaison-a.myshopify.com', 't')$$) AS store_full_width,
       pg_temp.try_as('b_member', $$INSERT INTO public.shopify_shops (user_id, shop_domain, access_token) VALUES (fixture.id('users', 'b'), 'maison-a.myshopify.com', 't')$$) AS same_store;
SELECT portfolio_url FROM public.model_profiles WHERE id = fixture.id('model_profiles', 'M');
SELECT count(*) AS link_triggers, string_agg(tgrelid::regclass::text, ', ' ORDER BY tgrelid::regclass::text) AS link_tables
  FROM pg_trigger WHERE tgname = 'links_are_web';

-- ---------------------------------------------------------------------------------------------
-- A member named by his organization's rows is not moved to another organization (server-side
-- code moves; nobody else may): his contacts and connections would follow him, and the events,
-- tasks and teams that name him could no longer be changed by his old colleagues. Nor is he deleted
-- while named as a creator (the spec's RESTRICT keys), with the counts instead of a bare 23503.
-- A member nothing names moves.
-- ---------------------------------------------------------------------------------------------
SELECT pg_temp.try_as('service_role', $$UPDATE public.users SET organization_id = fixture.id('organizations', 'B') WHERE id = fixture.id('users', 'g')$$) AS move_organizer;
SELECT pg_temp.try_as('a_admin', $$DELETE FROM public.users WHERE id = fixture.id('users', 'g')$$) AS delete_organizer;
SELECT pg_temp.try_as('a_viewer', $$UPDATE public.users SET organization_id = fixture.id('organizations', 'B') WHERE id = fixture.id('users', 'v')$$) AS viewer_moves_himself;
-- the role rules say which rule refuses: a viewer's own role, an owner made by a non-owner
BEGIN;
SELECT pg_temp.try_as('a_viewer', $$UPDATE public.users SET role = 'organizer' WHERE id = fixture.id('users', 'v')$$) AS viewer_promotes_himself,
       pg_temp.try_as('a_admin', $$UPDATE public.users SET role = 'owner' WHERE id = fixture.id('users', 'v')$$) AS admin_makes_an_owner,
       pg_temp.try_as('a_admin', $$UPDATE public.users SET role = 'organizer' WHERE id = fixture.id('users', 'v') RETURNING role$$) AS admin_promotes_a_viewer;
ROLLBACK;
-- an admin stepping down and demoting a colleague in one statement: the caller's role is the one
-- the statement found, for every row
BEGIN;
SELECT pg_temp.try_as('a_admin', $$UPDATE public.users SET role = 'viewer' WHERE id IN (fixture.id('users', 'a'), fixture.id('users', 'g'))$$) AS admin_steps_down_with_a_colleague;
ROLLBACK;
BEGIN;
INSERT INTO auth.users (id, email) VALUES (fixture.id('users', 'newcomer'), 'newcomer@fixture.example');
INSERT INTO public.users (id, email, role, organization_id)
VALUES (fixture.id('users', 'newcomer'), 'newcomer@fixture.example', 'viewer', fixture.id('organizations', 'A'));
-- named as the approver of a shoot's asset: its policies check the approver is a member
SAVEPOINT approver;
INSERT INTO public.shoot_assets (shoot_id, file_url, approved_by)
VALUES (fixture.id('shoots', 'A'), 'https://example.com/look.jpg', fixture.id('users', 'newcomer'));
SELECT pg_temp.try_as('service_role', $$UPDATE public.users SET organization_id = fixture.id('organizations', 'B') WHERE id = fixture.id('users', 'newcomer')$$) AS move_approver;
ROLLBACK TO SAVEPOINT approver;
SELECT pg_temp.try_as('service_role', $$UPDATE public.users SET organization_id = fixture.id('organizations', 'B') WHERE id = fixture.id('users', 'newcomer')$$) AS move_newcomer;
ROLLBACK;

-- A contact the organization's rows use is kept from its own user when he is not an owner or
-- admin: deleting it would cascade to the event's crew, which only owners and admins delete. Once
-- an admin removed those rows, the contact goes; an owner or admin deletes his own contact at once.
BEGIN;
SELECT pg_temp.try_as('a_organizer', $$DELETE FROM public.stakeholders WHERE id = fixture.id('stakeholders', 'A')$$) AS organizer_deletes_used_contact;
SELECT pg_temp.try_as('a_admin', $$DELETE FROM public.event_stakeholders WHERE stakeholder_id = fixture.id('stakeholders', 'A')$$) AS admin_removes_the_crew_row;
SELECT pg_temp.try_as('a_organizer', $$DELETE FROM public.stakeholders WHERE id = fixture.id('stakeholders', 'A')$$) AS organizer_deletes_unused_contact;
ROLLBACK;

-- A member who is also a model, deleted with his account (Supabase Auth deletes auth.users): his
-- profile goes with him, his castings with it, whoever cast him: a casting needs no consent, so
-- it does not keep him (only bookings of other organizations do).
BEGIN;
INSERT INTO auth.users (id, email) VALUES (fixture.id('users', 'walker'), 'walker@fixture.example');
INSERT INTO public.users (id, email, role, organization_id)
VALUES (fixture.id('users', 'walker'), 'walker@fixture.example', 'viewer', fixture.id('organizations', 'A'));
INSERT INTO public.model_profiles (id, user_id) VALUES (fixture.id('model_profiles', 'walker'), fixture.id('users', 'walker'));
INSERT INTO public.event_models (event_id, model_profile_id) VALUES (fixture.id('events', 'A'), fixture.id('model_profiles', 'walker'));
SAVEPOINT own_casting;
SELECT pg_temp.try($$DELETE FROM auth.users WHERE id = fixture.id('users', 'walker')$$) AS delete_model_cast_by_own_organization;
SELECT count(*) AS profiles_left FROM public.model_profiles WHERE id = fixture.id('model_profiles', 'walker');
ROLLBACK TO SAVEPOINT own_casting;
INSERT INTO public.event_models (event_id, model_profile_id) VALUES (fixture.id('events', 'B'), fixture.id('model_profiles', 'walker'));
SELECT pg_temp.try($$DELETE FROM auth.users WHERE id = fixture.id('users', 'walker')$$) AS delete_model_cast_by_another;
SELECT count(*) AS castings_left FROM public.event_models WHERE model_profile_id = fixture.id('model_profiles', 'walker');
ROLLBACK;

-- An organization is deleted with its events and their assets: the spec's RESTRICT key from an
-- asset to its uploader does not refuse the deletion of the organization's users.
BEGIN;
INSERT INTO public.organizations (id, name, slug) VALUES (fixture.id('organizations', 'X'), 'Maison X', 'maison-x');
INSERT INTO auth.users (id, email) VALUES (fixture.id('users', 'xo'), 'xo@fixture.example');
INSERT INTO public.users (id, email, role, organization_id)
VALUES (fixture.id('users', 'xo'), 'xo@fixture.example', 'owner', fixture.id('organizations', 'X'));
INSERT INTO public.events (id, name, status, start_date, organization_id, created_by)
VALUES (fixture.id('events', 'X'), 'X: closing show', 'planning', '2086-08-01 19:00+00', fixture.id('organizations', 'X'), fixture.id('users', 'xo'));
INSERT INTO public.assets (event_id, name, type, file_url, uploaded_by)
VALUES (fixture.id('events', 'X'), 'X: invitation', 'image', 'https://cdn.example/x.jpg', fixture.id('users', 'xo'));
SELECT set_config('role', 'authenticated', true),
       set_config('request.jwt.claims', json_build_object('sub', fixture.id('users', 'xo'), 'role', 'authenticated')::text, true) IS NOT NULL AS acting;
SELECT pg_temp.try($$DELETE FROM public.organizations WHERE id = fixture.id('organizations', 'X')$$) AS delete_organization_with_asset;
RESET ROLE;
SELECT (SELECT count(*) FROM public.events WHERE organization_id = fixture.id('organizations', 'X')) AS events_left,
       (SELECT count(*) FROM public.assets WHERE event_id = fixture.id('events', 'X')) AS assets_left,
       (SELECT count(*) FROM public.users WHERE id = fixture.id('users', 'xo')) AS users_left;
ROLLBACK;

-- ---------------------------------------------------------------------------------------------
-- created_at and updated_at are the server's: an API client's insert (an offline device stamping
-- its rows) takes now() for both, its update and its upsert keep created_at; server-side code
-- imports old records with their own times. Other dates lie in the years 1900 to 9999 (22023).
-- ---------------------------------------------------------------------------------------------
BEGIN;
SELECT pg_temp.try_as('a_organizer', $$INSERT INTO public.tasks (id, event_id, title, created_at, updated_at)
    VALUES (fixture.id('tasks', 'stamped'), fixture.id('events', 'A'), 'Stamped', '1999-01-01 00:00+00', '2999-01-01 00:00+00')$$) AS insert_stamped;
RESET ROLE;
SELECT created_at = now() AS created_now, updated_at = now() AS updated_now FROM public.tasks WHERE id = fixture.id('tasks', 'stamped');
SELECT pg_temp.try_as('a_organizer', $$UPDATE public.tasks SET created_at = '1990-01-01 00:00+00', title = 'Restamped'
    WHERE id = fixture.id('tasks', 'stamped')$$) AS update_created_at;
RESET ROLE;
SELECT title, created_at = now() AS created_kept FROM public.tasks WHERE id = fixture.id('tasks', 'stamped');
SELECT pg_temp.try_as('a_organizer', $$INSERT INTO public.tasks (id, event_id, title, created_at, updated_at)
    VALUES (fixture.id('tasks', 'stamped'), fixture.id('events', 'A'), 'Upserted', '1999-01-01 00:00+00', '1999-01-01 00:00+00')
    ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at$$) AS upsert_stamped;
RESET ROLE;
SELECT title, created_at = now() AS created_kept, updated_at = now() AS updated_now FROM public.tasks WHERE id = fixture.id('tasks', 'stamped');
-- the door's check of offline scans reads when a ticket was bought: an organizer cannot move it
SELECT pg_temp.try_as('a_organizer', $$UPDATE public.registrations SET created_at = '2999-01-01 00:00+00' WHERE id = fixture.id('registrations', 'T')$$) AS move_bought_at;
RESET ROLE;
SELECT created_at < '2999-01-01' AS bought_at_kept FROM public.registrations WHERE id = fixture.id('registrations', 'T');
SELECT pg_temp.try_as('service_role', $$INSERT INTO public.tasks (id, event_id, title, created_at)
    VALUES (fixture.id('tasks', 'imported'), fixture.id('events', 'A'), 'Imported', '2001-02-03 04:05+00')$$) AS server_import;
RESET ROLE;
SELECT created_at = '2001-02-03 04:05+00' AS imported_as_it_was FROM public.tasks WHERE id = fixture.id('tasks', 'imported');
SELECT pg_temp.try_as('a_organizer', $$UPDATE public.tasks SET deadline = 'infinity' WHERE id = fixture.id('tasks', 'stamped')$$) AS deadline_forever;
SELECT pg_temp.try_as('a_organizer', $$UPDATE public.tasks SET deadline = '200000-01-01 00:00+00' WHERE id = fixture.id('tasks', 'stamped')$$) AS deadline_far;
SELECT pg_temp.try_as('a_organizer', $$UPDATE public.tasks SET deadline = '2027-03-01 19:00+01' WHERE id = fixture.id('tasks', 'stamped')$$) AS deadline_real;
SELECT pg_temp.try_as('a_organizer', $$UPDATE public.shoots SET scheduled_date = 'infinity' WHERE organization_id = fixture.id('organizations', 'A')$$) AS shoot_forever;
ROLLBACK;
SELECT count(*) FILTER (WHERE tgname = 'server_timestamps') AS stamped_tables,
       count(*) FILTER (WHERE tgname = 'dates_in_range') AS dated_tables
  FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE c.relnamespace = 'public'::regnamespace;

-- A connection, a contact and a Cloudinary record stay in their organization, also for
-- server-side code: B's OAuth callback upserting on A's Instagram account id would take A's
-- connection and its posts (PT409 naming the account); within one organization a row may pass
-- to a colleague.
BEGIN;
SELECT pg_temp.try_as('service_role', $$INSERT INTO public.instagram_connections (user_id, instagram_account_id, access_token)
    VALUES (fixture.id('users', 'b'), 'ig-maison-a', 'SECRET-ig-B2')
    ON CONFLICT (instagram_account_id) DO UPDATE SET user_id = EXCLUDED.user_id, access_token = EXCLUDED.access_token$$) AS upsert_takes_other_orgs_account;
SELECT pg_temp.try_as('service_role', $$UPDATE public.cloudinary_assets SET asset_id = fixture.id('assets', 'B') WHERE id = fixture.id('cloudinary_assets', 'A')$$) AS cloudinary_to_other_org;
SELECT pg_temp.try_as('service_role', $$UPDATE public.instagram_connections SET user_id = fixture.id('users', 'o') WHERE id = fixture.id('instagram_connections', 'A')$$) AS to_a_colleague;
RESET ROLE;
SELECT (SELECT count(*) FROM public.instagram_posts p JOIN public.instagram_connections c ON c.id = p.connection_id
         JOIN public.users u ON u.id = c.user_id WHERE u.organization_id = fixture.id('organizations', 'A')) AS a_posts_still_a;
ROLLBACK;

-- An entry of a shared directory that deals, designer profiles or collections name is not deleted,
-- also by server-side code curating the directory: the spec's cascades would delete every
-- organization's rows with it (PT409 with the counts). Unused entries are deleted.
BEGIN;
INSERT INTO public.sponsor_organizations (id, name) VALUES (fixture.id('sponsor_organizations', 'shared'), 'Bubbles');
INSERT INTO public.event_sponsors_junction (event_id, sponsor_org_id, tier, amount, status)
    VALUES (fixture.id('events', 'A'), fixture.id('sponsor_organizations', 'shared'), 'gold', 40000, 'signed'),
           (fixture.id('events', 'B'), fixture.id('sponsor_organizations', 'shared'), 'gold', 55000, 'signed');
INSERT INTO public.sponsor_organizations (id, name) VALUES (fixture.id('sponsor_organizations', 'spare'), 'Bubbles ');
SELECT pg_temp.try_as('service_role', $$DELETE FROM public.sponsor_organizations WHERE id = fixture.id('sponsor_organizations', 'shared')$$) AS delete_named_sponsor;
SELECT pg_temp.try_as('service_role', $$DELETE FROM public.sponsor_organizations WHERE id = fixture.id('sponsor_organizations', 'spare')$$) AS delete_spare_entry;
RESET ROLE;
SELECT count(*) AS deals_kept FROM public.event_sponsors_junction WHERE sponsor_org_id = fixture.id('sponsor_organizations', 'shared');
ROLLBACK;

-- What the brand pays its crew is a record: paid_at exactly when paid (22023); a paid payment is
-- not rewritten or deleted by API clients (42501), nor its shoot deleted (PT409); server-side code
-- corrects it. An approval is the approver's own (42501 naming another user). A scheduled post
-- has scheduled_at, a published one published_at (22023).
BEGIN;
SELECT pg_temp.try_as('a_organizer', $$INSERT INTO public.shoot_payments (shoot_id, amount, status) VALUES (fixture.id('shoots', 'A'), 4200, 'paid')$$) AS paid_without_time;
SELECT pg_temp.try_as('a_organizer', $$INSERT INTO public.shoot_payments (shoot_id, amount, status, paid_at) VALUES (fixture.id('shoots', 'A'), 4200, 'pending', '2026-11-01 10:00+00')$$) AS time_without_paid;
SELECT pg_temp.try_as('a_organizer', $$UPDATE public.shoot_payments SET status = 'paid', paid_at = '2026-11-01 10:00+00' WHERE id = fixture.id('shoot_payments', 'A')$$) AS pay_it;
SELECT pg_temp.try_as('a_organizer', $$UPDATE public.shoot_payments SET amount = 1, status = 'pending', paid_at = NULL WHERE id = fixture.id('shoot_payments', 'A')$$) AS rewrite_paid;
SELECT pg_temp.try_as('a_organizer', $$UPDATE public.shoot_payments SET invoice_url = 'https://invoices.example/a.pdf' WHERE id = fixture.id('shoot_payments', 'A')$$) AS invoice_of_paid;
SELECT pg_temp.try_as('a_admin', $$DELETE FROM public.shoot_payments WHERE id = fixture.id('shoot_payments', 'A')$$) AS delete_paid;
SELECT pg_temp.try_as('a_admin', $$DELETE FROM public.shoots WHERE id = fixture.id('shoots', 'A')$$) AS delete_paid_shoot;
SELECT pg_temp.try_as('service_role', $$UPDATE public.shoot_payments SET amount = 4000 WHERE id = fixture.id('shoot_payments', 'A')$$) AS server_corrects;
RESET ROLE;
SELECT amount, status, paid_at IS NOT NULL AS paid FROM public.shoot_payments WHERE id = fixture.id('shoot_payments', 'A');
SELECT pg_temp.try_as('a_organizer', $$UPDATE public.shoot_assets SET approved_by = fixture.id('users', 'v') WHERE id = fixture.id('shoot_assets', 'A')$$) AS approved_by_a_viewer;
SELECT pg_temp.try_as('a_organizer', $$INSERT INTO public.shoot_assets (shoot_id, file_url, is_final, approved_by)
    VALUES (fixture.id('shoots', 'A'), 'https://cdn.example/pick.jpg', true, fixture.id('users', 'o'))$$) AS approved_by_the_owner;
SELECT pg_temp.try_as('a_organizer', $$UPDATE public.shoot_assets SET approved_by = fixture.id('users', 'g') WHERE id = fixture.id('shoot_assets', 'A')$$) AS approved_by_himself;
SELECT pg_temp.try_as('a_organizer', $$INSERT INTO public.instagram_posts (connection_id, status) VALUES (fixture.id('instagram_connections', 'A'), 'scheduled')$$) AS scheduled_without_time;
SELECT pg_temp.try_as('a_organizer', $$INSERT INTO public.instagram_posts (connection_id, status, scheduled_at) VALUES (fixture.id('instagram_connections', 'A'), 'scheduled', '2087-03-01 10:00+00')$$) AS scheduled;
SELECT pg_temp.try_as('a_organizer', $$UPDATE public.instagram_posts SET status = 'published' WHERE id = fixture.id('instagram_posts', 'A')$$) AS published_without_time;
ROLLBACK;

-- The same rules where PostgreSQL runs the write as the table's owner or as an upsert: an owner
-- deleting his organization does not take its paid shoot payments with it (the cascade); an upsert
-- of a row as read (a colleague's approval, a post's status alone) passes where a PATCH would;
-- an API client who hands his contact to someone else is refused by row level security, not told
-- that user's organization.
BEGIN;
INSERT INTO public.organizations (id, name, slug) VALUES (fixture.id('organizations', 'P'), 'Maison P', 'maison-p');
INSERT INTO auth.users (id, email) VALUES (fixture.id('users', 'po'), 'po@fixture.example');
INSERT INTO public.users (id, email, role, organization_id)
VALUES (fixture.id('users', 'po'), 'po@fixture.example', 'owner', fixture.id('organizations', 'P'));
INSERT INTO public.shoots (id, organization_id, title, created_by)
VALUES (fixture.id('shoots', 'P'), fixture.id('organizations', 'P'), 'P: lookbook', fixture.id('users', 'po'));
INSERT INTO public.shoot_payments (shoot_id, amount, status, paid_at) VALUES (fixture.id('shoots', 'P'), 4200, 'paid', '2026-11-01 10:00+00');
SELECT set_config('role', 'authenticated', true),
       set_config('request.jwt.claims', json_build_object('sub', fixture.id('users', 'po'), 'role', 'authenticated')::text, true) IS NOT NULL AS acting;
SELECT pg_temp.try($$DELETE FROM public.organizations WHERE id = fixture.id('organizations', 'P')$$) AS delete_organization_with_paid_shoot;
RESET ROLE;
SELECT count(*) AS paid_kept FROM public.shoot_payments WHERE shoot_id = fixture.id('shoots', 'P');
SELECT pg_temp.try_as('a_organizer', $$INSERT INTO public.shoot_assets (id, shoot_id, file_url, is_final, approved_by)
    SELECT id, shoot_id, file_url, is_final, approved_by FROM public.shoot_assets WHERE id = fixture.id('shoot_assets', 'A')
    ON CONFLICT (id) DO UPDATE SET file_url = EXCLUDED.file_url, is_final = EXCLUDED.is_final, approved_by = EXCLUDED.approved_by$$) AS upsert_as_read;
RESET ROLE;
UPDATE public.instagram_posts SET status = 'scheduled', scheduled_at = '2087-03-01 10:00+00' WHERE id = fixture.id('instagram_posts', 'A');
SELECT pg_temp.try_as('a_organizer', $$INSERT INTO public.instagram_posts (id, connection_id, status)
    VALUES (fixture.id('instagram_posts', 'A'), fixture.id('instagram_connections', 'A'), 'draft')
    ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status$$) AS upsert_status_alone;
SELECT pg_temp.try_as('a_organizer', $$INSERT INTO public.instagram_posts (id, connection_id, status)
    VALUES (fixture.id('instagram_posts', 'A'), fixture.id('instagram_connections', 'A'), 'published')
    ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status$$) AS upsert_published_without_time;
SELECT pg_temp.try_as('a_organizer', $$UPDATE public.instagram_connections SET user_id = fixture.id('users', 'b') WHERE id = fixture.id('instagram_connections', 'A')$$) AS hand_connection_to_other_org;
ROLLBACK;

-- A bulk import of sponsors with one company typed twice is refused whole, naming the company and
-- the row that has it (PostgreSQL's own refusal names no key to an API client); an upsert by id
-- of the same row passes.
BEGIN;
SELECT pg_temp.try_as('a_organizer', $$INSERT INTO public.sponsors (id, event_id, company_name, value)
    VALUES (fixture.id('sponsors', 'acme'), fixture.id('events', 'A'), 'Acme', 1000), (fixture.id('sponsors', 'ACME'), fixture.id('events', 'A'), ' ACME ', 2000)$$) AS import_twice;
SELECT pg_temp.try_as('a_organizer', $$INSERT INTO public.sponsors (id, event_id, company_name, value)
    VALUES (fixture.id('sponsors', 'acme'), fixture.id('events', 'A'), 'Acme', 1000)$$) AS import_once;
SELECT pg_temp.try_as('a_organizer', $$INSERT INTO public.sponsors (id, event_id, company_name, value)
    VALUES (fixture.id('sponsors', 'acme'), fixture.id('events', 'A'), 'ACME', 3000)
    ON CONFLICT (id) DO UPDATE SET company_name = EXCLUDED.company_name, value = EXCLUDED.value$$) AS upsert_by_id;
ROLLBACK;

-- A task's dependencies (dependency_task_ids, an array without foreign keys in the spec) are
-- tasks of its own event, each once, never itself, without a cycle, for every writer of the API.
-- A plan inserted in one request may list its tasks in any order (the check runs after the
-- statement); a deleted task leaves the lists; a task others wait for does not move.
BEGIN;
SELECT pg_temp.try_as('a_organizer', $$INSERT INTO public.tasks (id, event_id, title, dependency_task_ids) VALUES
    ('71000000-0000-4000-8000-000000000003', fixture.id('events', 'A'), 'Rehearse', '{71000000-0000-4000-8000-000000000002}'),
    ('71000000-0000-4000-8000-000000000002', fixture.id('events', 'A'), 'Light the stage', '{71000000-0000-4000-8000-000000000001}'),
    ('71000000-0000-4000-8000-000000000001', fixture.id('events', 'A'), 'Book the venue', '{}')$$) AS plan_in_any_order;
SELECT pg_temp.try_as('a_organizer', $$UPDATE public.tasks SET dependency_task_ids = '{71000000-0000-4000-8000-000000000003}'
    WHERE id = '71000000-0000-4000-8000-000000000001'$$) AS cycle_of_three;
SELECT pg_temp.try_as('a_organizer', $$UPDATE public.tasks SET dependency_task_ids = '{71000000-0000-4000-8000-000000000001, 71000000-0000-4000-8000-000000000001}'
    WHERE id = '71000000-0000-4000-8000-000000000003'$$) AS named_twice;
SELECT pg_temp.try_as('a_organizer', $$UPDATE public.tasks SET dependency_task_ids = '{71000000-0000-4000-8000-000000000003}'
    WHERE id = '71000000-0000-4000-8000-000000000003'$$) AS itself;
SELECT pg_temp.try_as('a_organizer', $$UPDATE public.tasks SET dependency_task_ids = ARRAY[NULL::uuid]
    WHERE id = '71000000-0000-4000-8000-000000000003'$$) AS a_null;
SELECT pg_temp.try_as('a_organizer', $$UPDATE public.tasks SET dependency_task_ids = '{{71000000-0000-4000-8000-000000000001},{71000000-0000-4000-8000-000000000002}}'
    WHERE id = '71000000-0000-4000-8000-000000000003'$$) AS nested;
-- another organization's task answers as a task that does not exist; so does another event's
RESET ROLE;
INSERT INTO public.tasks (id, event_id, title) VALUES ('71000000-0000-4000-8000-000000000009', fixture.id('events', 'B'), 'B: hire a DJ');
INSERT INTO public.tasks (id, event_id, title) VALUES ('71000000-0000-4000-8000-000000000008', fixture.id('events', 'Z'), 'Z: pack up');
SELECT pg_temp.try_as('a_organizer', $$UPDATE public.tasks SET dependency_task_ids = '{71000000-0000-4000-8000-000000000009}'
    WHERE id = '71000000-0000-4000-8000-000000000001'$$) AS other_organization;
SELECT pg_temp.try_as('a_organizer', $$UPDATE public.tasks SET dependency_task_ids = '{71000000-0000-4000-8000-0000000000ff}'
    WHERE id = '71000000-0000-4000-8000-000000000001'$$) AS no_such_task;
SELECT pg_temp.try_as('a_organizer', $$UPDATE public.tasks SET dependency_task_ids = '{71000000-0000-4000-8000-000000000008}'
    WHERE id = '71000000-0000-4000-8000-000000000001'$$) AS other_event;
SELECT pg_temp.try_as('service_role', $$INSERT INTO public.tasks (event_id, title, dependency_task_ids)
    VALUES (fixture.id('events', 'A'), 'Server-side', '{71000000-0000-4000-8000-000000000009}')$$) AS server_side_too;
SELECT pg_temp.try_as('a_organizer', $$UPDATE public.tasks SET event_id = fixture.id('events', 'Z')
    WHERE id = '71000000-0000-4000-8000-000000000001'$$) AS move_a_task_others_wait_for;
SELECT pg_temp.try_as('a_organizer', $$UPDATE public.tasks SET event_id = fixture.id('events', 'Z')
    WHERE id = '71000000-0000-4000-8000-000000000003'$$) AS move_a_task_that_waits;
-- a PATCH that sends the list unchanged, or shorter, passes
SELECT pg_temp.try_as('a_organizer', $$UPDATE public.tasks SET title = 'Rehearse twice', dependency_task_ids = dependency_task_ids
    WHERE id = '71000000-0000-4000-8000-000000000003'$$) AS patch_unchanged_list;
SELECT pg_temp.try_as('a_admin', $$DELETE FROM public.tasks WHERE id = '71000000-0000-4000-8000-000000000002'$$) AS delete_a_dependency;
RESET ROLE;
SELECT title, dependency_task_ids FROM public.tasks WHERE id::text LIKE '71000000-%' ORDER BY id;
-- the tasks that waited for nothing else can now move
SELECT pg_temp.try_as('a_organizer', $$UPDATE public.tasks SET event_id = fixture.id('events', 'Z')
    WHERE id = '71000000-0000-4000-8000-000000000003'$$) AS move_when_free;
RESET ROLE;
-- the operator's own session (a restore) loads a row as it is
UPDATE public.tasks SET dependency_task_ids = '{71000000-0000-4000-8000-000000000001}' WHERE id = '71000000-0000-4000-8000-000000000001';
SELECT count(*) AS loaded_as_is FROM public.tasks WHERE id = '71000000-0000-4000-8000-000000000001' AND id = ANY (dependency_task_ids);
ROLLBACK;
