-- buyer_limits: the limits per buyer of reserve_tickets (fashionos.event_settings buyer_max_*):
-- live tickets of the event and of one tier, unpaid tickets on hold, per attendee e-mail
-- (lower-case, trimmed); organizers and server-side code are exempt; a refusal is PT409 (409) with
-- how many the buyer has. Concurrency: tests/concurrency/hot_drop.sh.
\i common/atelier_setup.sql
INSERT INTO public.ticket_tiers (id, event_id, name, type, price, quantity_total) VALUES
    ('44444444-0000-4000-8000-0000000000d1', '33333333-0000-4000-8000-000000000001', 'Drop', 'paid', 50.00, 100),
    ('44444444-0000-4000-8000-0000000000d2', '33333333-0000-4000-8000-000000000001', 'Floor', 'paid', 30.00, 100);

-- The defaults, then an event's own limits (organizers only; out of range is 23514).
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT buyer_max_tickets, buyer_max_tickets_per_tier, buyer_max_holds
  FROM public.get_event_settings('33333333-0000-4000-8000-000000000001');
SELECT pg_temp.try($$SELECT public.set_event_settings('33333333-0000-4000-8000-000000000001', p_buyer_max_holds => 0)$$) AS zero_holds;
SELECT buyer_max_tickets, buyer_max_tickets_per_tier, buyer_max_holds, hold_minutes
  FROM public.set_event_settings('33333333-0000-4000-8000-000000000001', p_buyer_max_tickets => 5,
                                 p_buyer_max_tickets_per_tier => 3, p_buyer_max_holds => 4);
COMMIT;
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000002');
SELECT pg_temp.try($$SELECT public.set_event_settings('33333333-0000-4000-8000-000000000001', p_buyer_max_tickets => 500)$$) AS viewer_cannot;
ROLLBACK;

-- An anonymous buyer: 2 of Drop, then 2 more is past the tier's limit of 3 (she has 2), 1 more is fine.
BEGIN;
SELECT pg_temp.act('anon', NULL);
CREATE TEMP TABLE first_hold AS
SELECT * FROM public.reserve_tickets('44444444-0000-4000-8000-0000000000d1', 2, ' Lia@Example.com ', 'Lia');
GRANT SELECT ON first_hold TO PUBLIC;
SELECT count(*) AS reserved FROM first_hold;
SELECT pg_temp.try($$SELECT public.reserve_tickets('44444444-0000-4000-8000-0000000000d1', 2, 'lia@example.com', 'Lia')$$) AS tier_limit;
-- the same address in full-width letters is the same buyer (NFKC), not a new one
SELECT pg_temp.try($$SELECT public.reserve_tickets('44444444-0000-4000-8000-0000000000d1', 2, 'ｌｉａ@example.com', 'Lia')$$) AS full_width_same_buyer;
SELECT count(*) AS reserved FROM public.reserve_tickets('44444444-0000-4000-8000-0000000000d1', 1, 'LIA@example.com', 'Lia');
COMMIT;
-- The refusals above say what the limit is, not what the address holds: anyone can type an
-- address. The address's own signed-in user is told his counts.
BEGIN;
SELECT pg_temp.act('anon', NULL);
SELECT count(*) AS reserved FROM public.reserve_tickets('44444444-0000-4000-8000-0000000000d1', 2, 'guest@example.com', 'Guest');
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000004');
SELECT pg_temp.try($$SELECT public.reserve_tickets('44444444-0000-4000-8000-0000000000d1', 2, 'guest@example.com', 'Guest')$$) AS another_user;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000003');
SELECT pg_temp.try($$SELECT public.reserve_tickets('44444444-0000-4000-8000-0000000000d1', 2, ' GUEST@example.com', 'Guest')$$) AS own_address;
ROLLBACK;
-- A repeated reserve does not extend her first holds.
SELECT count(*) AS holds_unchanged FROM first_hold f
  JOIN fashionos.registration_holds h ON h.registration_id = f.registration_id AND h.expires_at = f.hold_expires_at;

-- Unpaid tickets on hold: 3 held, the limit is 4: one of Floor, then no more.
BEGIN;
SELECT pg_temp.act('anon', NULL);
SELECT count(*) AS reserved FROM public.reserve_tickets('44444444-0000-4000-8000-0000000000d2', 1, 'lia@example.com', 'Lia');
SELECT pg_temp.try($$SELECT public.reserve_tickets('44444444-0000-4000-8000-0000000000d2', 1, 'lia@example.com', 'Lia')$$) AS hold_limit;
-- A free ticket is not a hold, but counts for the event: 4 live + 1 = 5, then the event's limit.
SELECT status FROM public.reserve_tickets('44444444-0000-4000-8000-000000000003', 1, 'lia@example.com', 'Lia');
SELECT pg_temp.try($$SELECT public.reserve_tickets('44444444-0000-4000-8000-000000000003', 1, 'lia@example.com', 'Lia')$$) AS event_limit;
-- Another address (a +tag is another address) and another event are other counts.
SELECT count(*) AS other_address FROM public.reserve_tickets('44444444-0000-4000-8000-0000000000d1', 3, 'lia+2@example.com', 'Lia');
COMMIT;

-- A signed-in buyer is counted by the attendee e-mail too.
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000003');
SELECT pg_temp.try($$SELECT public.reserve_tickets('44444444-0000-4000-8000-0000000000d2', 1, 'lia@example.com', 'Lia')$$) AS signed_in_too;
ROLLBACK;

-- Expired holds do not count: once they lapse she may buy again (event: 1 free + 3 = 4 <= 5).
UPDATE fashionos.registration_holds h SET expires_at = now() - interval '1 minute'
  FROM public.registrations r WHERE r.id = h.registration_id AND r.attendee_email = 'lia@example.com';
BEGIN;
SELECT pg_temp.act('anon', NULL);
SELECT count(*) AS after_expiry FROM public.reserve_tickets('44444444-0000-4000-8000-0000000000d1', 3, 'lia@example.com', 'Lia');
COMMIT;
-- ... and a lapsed hold, not yet released, is then paid only within the limits: one of her first
-- (lapsed) Drop tickets would be her 4th of Drop (limit 3): refused as expired, with the refund
-- hint, and nothing changes. Her lapsed Floor ticket keeps her within them (5 of the event): paid.
BEGIN;
SELECT pg_temp.act('service_role', NULL);
SELECT pg_temp.try(format('SELECT * FROM public.complete_payment(%L, %L, %L)', (SELECT payment_id FROM first_hold LIMIT 1), 'stripe', 'pi_lia_late')) AS lapsed_past_the_limit;
SELECT payment_status, registration_status FROM public.complete_payment(
       (SELECT p.id FROM public.payments p JOIN public.registrations r ON r.id = p.registration_id
         WHERE r.attendee_email = 'lia@example.com' AND r.ticket_tier_id = '44444444-0000-4000-8000-0000000000d2' AND r.status = 'pending'),
       'stripe', 'pi_lia_floor') AS lapsed_within;
ROLLBACK;

-- Exempt: the event's organizers (box office, guest lists) and server-side code.
BEGIN;
SELECT pg_temp.act('authenticated', '11111111-0000-4000-8000-000000000001');
SELECT count(*) AS organizer FROM public.reserve_tickets('44444444-0000-4000-8000-0000000000d1', 10, 'lia@example.com', 'Lia');
COMMIT;
BEGIN;
SELECT pg_temp.act('service_role', NULL);
SELECT count(*) AS server FROM public.reserve_tickets('44444444-0000-4000-8000-0000000000d2', 10, 'lia@example.com', 'Lia');
COMMIT;

-- Refusals wrote nothing; the counter matches the live registrations.
SELECT t.name, t.quantity_sold,
       (SELECT count(*) FROM public.registrations r WHERE r.ticket_tier_id = t.id AND r.status <> 'cancelled') AS live
  FROM public.ticket_tiers t WHERE t.event_id = '33333333-0000-4000-8000-000000000001' ORDER BY t.name;
