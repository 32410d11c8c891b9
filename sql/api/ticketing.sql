-- api/ticketing.sql: the public functions of ticketing (PostgREST: POST /rpc/<name>).
--
-- One style for every public function of fashionos: LANGUAGE sql, SECURITY INVOKER, SET
-- search_path = pg_catalog, pg_temp, named arguments, and a body that calls the implementation of
-- the same name in schema fashionos, which checks the caller and raises its errors with their final
-- SQLSTATE. A multi-column result is a type of sql/types.sql. No public function has an EXCEPTION
-- block.
-- EXECUTE grants: sql/grants.sql.

CREATE FUNCTION public.reserve_tickets(
    p_ticket_tier_id uuid, p_quantity integer, p_attendee_email text, p_attendee_name text,
    p_user_id uuid DEFAULT NULL, p_idempotency_key text DEFAULT NULL)
    RETURNS SETOF public.ticket_reservation
    LANGUAGE sql VOLATILE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT * FROM fashionos.reserve_tickets(fashionos.required(p_ticket_tier_id, 'p_ticket_tier_id'), fashionos.required(p_quantity, 'p_quantity'), fashionos.required(p_attendee_email, 'p_attendee_email'), fashionos.required(p_attendee_name, 'p_attendee_name'), p_user_id, p_idempotency_key) $$;
COMMENT ON FUNCTION public.reserve_tickets(uuid, integer, text, text, uuid, text) IS
$$Reserves p_quantity (1-50) tickets of a tier for one attendee and returns one row per ticket with its signed token (qr_code_data). Paid and vip tiers with a price: pending registrations with pending payments that hold the tickets for the event's hold time (default 15 minutes). Free tiers: confirmed at once. comp and press tiers: issued by the event's organizers only, confirmed at once. Never sells past quantity_total. Limits per buyer (attendee e-mail, trimmed, NFKC-normalized and lower-case; the event's settings, default 20 live tickets of the event, 10 of a tier, 10 on hold; organizers and server-side code exempt). p_idempotency_key (1-255 characters, kept 24 hours): the same key with the same request returns the same reservation rows (as they are now) instead of a second reservation, also from many connections at once. Errors: 22023 bad argument (400), PT404 tier or user not found (404), 42501 not allowed (401/403), PT409 sold out, not enough tickets left, tier not on sale yet (quantity_total 0), event not on sale, event is cancelled (organizers reserving a ticket that must be paid), limit per buyer reached (the detail gives counts only to the address's own signed-in user, and never names the address), or idempotency key reused for another request (409).$$;

CREATE FUNCTION public.release_expired_holds(p_ticket_tier_id uuid DEFAULT NULL)
    RETURNS bigint
    LANGUAGE sql VOLATILE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT fashionos.release_expired_holds(p_ticket_tier_id) $$;
COMMENT ON FUNCTION public.release_expired_holds(uuid) IS
$$Releases the expired holds of a tier (or of all tiers, for service_role: the scheduled job; a tier whose row another transaction holds for more than a fifth of a second, or whose count is below its expired holds, is passed over until the next run) and returns how many tickets went back on sale. Holds are also released when a buyer finds a tier full (kept only if his reservation succeeds) and by the waitlist's mailer. Errors: PT404 tier not found (404), 42501 all tiers without service_role (403).$$;

CREATE FUNCTION public.complete_payment(p_payment_id uuid, p_provider text DEFAULT NULL, p_provider_transaction_id text DEFAULT NULL)
    RETURNS SETOF public.payment_outcome
    LANGUAGE sql VOLATILE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT * FROM fashionos.complete_payment(fashionos.required(p_payment_id, 'p_payment_id'), p_provider, p_provider_transaction_id) $$;
COMMENT ON FUNCTION public.complete_payment(uuid, text, text) IS
$$Marks a pending payment completed and confirms its registration (payment webhook or the event's organizers). Idempotent for the same provider transaction (changed = false). Errors: 22023 unknown provider (400), PT404 not found (404), 42501 not allowed (401/403), PT409 payment not pending, completed with another transaction (a second charge: refund it), transaction already pays another order (another reservation; for Stripe pass the PaymentIntent id), or reservation expired / registration cancelled: the ticket went back on sale before the payment, or event is cancelled (refund the charge) (409).$$;

CREATE FUNCTION public.fail_payment(p_payment_id uuid)
    RETURNS SETOF public.payment_outcome
    LANGUAGE sql VOLATILE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT * FROM fashionos.fail_payment(fashionos.required(p_payment_id, 'p_payment_id')) $$;
COMMENT ON FUNCTION public.fail_payment(uuid) IS
$$Marks a pending payment failed; its pending registration is cancelled and its ticket released. Idempotent. Errors: PT404 (404), 42501 (401/403), PT409 payment not pending (409).$$;

CREATE FUNCTION public.refund_payment(p_payment_id uuid)
    RETURNS SETOF public.payment_outcome
    LANGUAGE sql VOLATILE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT * FROM fashionos.refund_payment(fashionos.required(p_payment_id, 'p_payment_id')) $$;
COMMENT ON FUNCTION public.refund_payment(uuid) IS
$$Refunds a completed payment: the payment becomes refunded, its registration cancelled, its token revoked and its ticket released, exactly once. Idempotent. Errors: PT404 (404), 42501 (401/403), PT409 payment not completed or ticket already used (409).$$;

CREATE FUNCTION public.cancel_registration(p_registration_id uuid)
    RETURNS SETOF public.registration_change
    LANGUAGE sql VOLATILE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT * FROM fashionos.cancel_registration(fashionos.required(p_registration_id, 'p_registration_id')) $$;
COMMENT ON FUNCTION public.cancel_registration(uuid) IS
$$Cancels a registration: its ticket goes back on sale exactly once, its token is revoked, a pending payment fails (a completed one stays completed: refund it with refund_payment). Attendees cancel their own unpaid or free registrations; the event's organizers any unused one. A second cancel returns changed = false. Errors: PT404 (404), 42501 (401/403), PT409 registration was already used (409).$$;

CREATE FUNCTION public.reissue_ticket(p_registration_id uuid)
    RETURNS text
    LANGUAGE sql VOLATILE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT fashionos.reissue_ticket(fashionos.required(p_registration_id, 'p_registration_id')) $$;
COMMENT ON FUNCTION public.reissue_ticket(uuid) IS
$$Issues a new signed token for a pending or confirmed registration and revokes the old one (a leaked or forwarded ticket). For the attendee or the event's organizers. Errors: PT404 (404), 42501 (401/403), PT409 registration cancelled or used (409).$$;

CREATE FUNCTION public.transfer_ticket(p_registration_id uuid, p_attendee_email text, p_attendee_name text, p_user_id uuid DEFAULT NULL)
    RETURNS text
    LANGUAGE sql VOLATILE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT fashionos.transfer_ticket(fashionos.required(p_registration_id, 'p_registration_id'), fashionos.required(p_attendee_email, 'p_attendee_email'), fashionos.required(p_attendee_name, 'p_attendee_name'), p_user_id) $$;
COMMENT ON FUNCTION public.transfer_ticket(uuid, text, text, uuid) IS
$$Gives a confirmed ticket to another attendee (a buyer who cannot come sends a friend; a guest replaced on the list): its attendee name and e-mail become the new attendee's, its user_id becomes p_user_id (null: the ticket leaves the previous holder's my_tickets), and its token is replaced, the old one revoked, in one transaction; returns the new token, to send to the new attendee. The payment stays the payer's. For the event's organizers, admins and owners, and service_role. Errors: 22023 bad e-mail or name (400), PT404 registration or user not found (404), 42501 caller does not run the event (401/403), PT409 registration is pending (pay first), was already used, or is cancelled (409).$$;

CREATE FUNCTION public.exchange_ticket(p_registration_id uuid, p_ticket_tier_id uuid)
    RETURNS SETOF public.ticket_reservation
    LANGUAGE sql VOLATILE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT * FROM fashionos.exchange_ticket(fashionos.required(p_registration_id, 'p_registration_id'), fashionos.required(p_ticket_tier_id, 'p_ticket_tier_id')) $$;
COMMENT ON FUNCTION public.exchange_ticket(uuid, uuid) IS
$$Exchanges a confirmed ticket for one of another tier of the same event (an upgrade at the box office), in one transaction: a ticket of the other tier is taken for the same attendee first (a full tier refuses and the old ticket stays), then the old one is cancelled and given back to its tier. What the old ticket's completed payment paid counts toward the new price: the new ticket is confirmed when it costs no more (nothing is refunded by itself), else held with a pending payment of the difference, completed like any other (complete_payment with the terminal's transaction). Returns the new ticket as reserve_tickets does. For the event's organizers, admins and owners, and service_role. Errors: 22023 null argument (400), PT404 registration or tier not found (404), 42501 caller does not run the event (401/403), PT409 tier of another event, ticket is of this tier already, registration pending, used (undo_check_in first) or cancelled, sold out, not enough tickets left or tier not on sale yet, event is cancelled (a difference to pay) (409).$$;

CREATE FUNCTION public.issue_guest_list(p_ticket_tier_id uuid, p_guests jsonb)
    RETURNS SETOF public.guest_ticket
    LANGUAGE sql VOLATILE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT * FROM fashionos.issue_guest_list(fashionos.required(p_ticket_tier_id, 'p_ticket_tier_id'), fashionos.shallow_json(p_guests, 'p_guests', 3)) $$;
COMMENT ON FUNCTION public.issue_guest_list(uuid, jsonb) IS
$$Issues a guest list of a tier (comp and press passes, usually) in one call, all or nothing: p_guests is a JSON array of 1 to 1000 {"email", "name", "quantity" (1-10, default 1: plus-ones), "user_id" (optional: the ticket shows in his my_tickets)}. Each guest ends up holding quantity live tickets of the tier: a guest who holds them already (the same address, trimmed, NFKC-normalized and lower-case) gets no more and is answered with his tickets (issued false), so a list sent again issues only what is missing. Returns one row per ticket (public.guest_ticket). A priced paid or vip tier's tickets are held with pending payments, as reserve_tickets does for organizers. For the event's organizers, admins and owners, and service_role. Errors: 22023 p_guests not a list, a guest malformed or listed twice (detail: which guest) (400), PT404 tier not visible (404), 42501 caller does not run the event (401/403), PT409 not enough tickets left, event is cancelled (detail: which guest) (409); nothing is issued on any error.$$;

CREATE FUNCTION public.events_on_sale(p_from timestamptz DEFAULT NULL, p_organization_slug text DEFAULT NULL)
    RETURNS SETOF public.event_listing
    LANGUAGE sql STABLE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT * FROM fashionos.events_on_sale(p_from, p_organization_slug) $$;
COMMENT ON FUNCTION public.events_on_sale(timestamptz, text) IS
$$The public event page: events on sale (status planning or active) that have not ended by p_from (default now), optionally of one organization (by slug), with the public columns only (no budget, attendance or progress), tickets left and the lowest price over the paid and vip tiers. The tiers themselves are readable from ticket_tiers by anon. For anon, authenticated, service_role.$$;

CREATE FUNCTION public.ticket_tier_sales(p_event_id uuid)
    RETURNS SETOF public.ticket_tier_sale
    LANGUAGE sql STABLE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT * FROM fashionos.ticket_tier_sales(fashionos.required(p_event_id, 'p_event_id')) $$;
COMMENT ON FUNCTION public.ticket_tier_sales(uuid) IS
$$The tiers of an event and whether each sells now (sale: on_sale, sold_out, closed, not_on_sale_yet, event_not_on_sale, organizers_only), with tickets_left and, when closed, closed_at; waiting (the waitlist's length) for the event's organizers and server-side code only. For anyone while the event is on sale, else for the members of its organization. Errors: 22023 null id (400), PT404 event not visible (404).$$;

CREATE FUNCTION public.close_ticket_tier(p_ticket_tier_id uuid)
    RETURNS public.ticket_tier_sale
    LANGUAGE sql VOLATILE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT fashionos.close_ticket_tier(fashionos.required(p_ticket_tier_id, 'p_ticket_tier_id')) $$;
COMMENT ON FUNCTION public.close_ticket_tier(uuid) IS
$$Closes the sale of a tier for good (an early-bird tier replaced, a tier split): reserve_tickets refuses buyers (PT409 tier is closed; the event's organizers and server-side code may still issue), join_waitlist refuses, and a ticket given back (expiry, cancellation, refund) stays unsold instead of going to a buyer or the waitlist; offers made before stay claimable. Closing a closed tier answers the same. Returns the tier's sale. For the event's organizers, admins and owners, and service_role. Errors: 22023 null id (400), PT404 tier not visible (404), 42501 caller does not run the event (401/403).$$;

CREATE FUNCTION public.reopen_ticket_tier(p_ticket_tier_id uuid)
    RETURNS public.ticket_tier_sale
    LANGUAGE sql VOLATILE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT fashionos.reopen_ticket_tier(fashionos.required(p_ticket_tier_id, 'p_ticket_tier_id')) $$;
COMMENT ON FUNCTION public.reopen_ticket_tier(uuid) IS
$$Reopens a closed tier: the tickets left go to its waitlist first (offers), then on sale. Reopening an open tier answers the same. Returns the tier's sale. For the event's organizers, admins and owners, and service_role. Errors: 22023 null id (400), PT404 tier not visible (404), 42501 caller does not run the event (401/403).$$;

CREATE FUNCTION public.my_tickets()
    RETURNS SETOF public.my_ticket
    LANGUAGE sql STABLE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT * FROM fashionos.my_tickets() $$;
COMMENT ON FUNCTION public.my_tickets() IS
$$The signed-in user's tickets (registrations with his user id, bought while signed in or issued in his name), each with its status, token (null once cancelled), check-in, tier, the event's public columns (name, status, dates, venue, organization), the latest payment and, while unpaid, the hold's deadline; ordered by the event's start. Filter and order with PostgREST's parameters (e.g. status=neq.cancelled). Errors: 42501 not signed in (401/403).$$;

COMMENT ON FUNCTION fashionos.reserve_tickets(uuid, integer, text, text, uuid, text) IS 'Implementation of public.reserve_tickets (SECURITY DEFINER: writes registrations, payments and holds after checking the caller).';
COMMENT ON FUNCTION fashionos.release_expired_holds(uuid) IS 'Implementation of public.release_expired_holds.';
COMMENT ON FUNCTION fashionos.release_tier_holds(uuid) IS 'Releases the expired holds of one tier for the extension''s own functions (the waitlist, the sweep), asking nothing of their caller; returns how many tickets went back.';
COMMENT ON FUNCTION fashionos.complete_payment(uuid, text, text) IS 'Implementation of public.complete_payment.';
COMMENT ON FUNCTION fashionos.fail_payment(uuid) IS 'Implementation of public.fail_payment.';
COMMENT ON FUNCTION fashionos.refund_payment(uuid) IS 'Implementation of public.refund_payment.';
COMMENT ON FUNCTION fashionos.cancel_registration(uuid) IS 'Implementation of public.cancel_registration.';
COMMENT ON FUNCTION fashionos.reissue_ticket(uuid) IS 'Implementation of public.reissue_ticket.';

-- The e-mail rule of every door (src/ticketing.rs, email_is_plausible).
COMMENT ON FUNCTION fashionos.email_is_plausible(text) IS
    'True when the text, white space around it aside, is a plausible e-mail address: one @, a dot in the domain, no spaces, at most 320 bytes. The rule reserve_tickets, direct edits of registrations and join_waitlist apply.';
COMMENT ON FUNCTION fashionos.buyer_key(text) IS
    'An attendee e-mail as registrations store it and the limits per buyer count it: without the white space around it, lower-case.';
COMMENT ON FUNCTION fashionos.clean_name(text) IS
    'An attendee name as it is stored: without the white space around it, in Unicode NFC form.';
COMMENT ON FUNCTION fashionos.transaction_id_problem(text) IS
    'What is wrong with a provider transaction id (too long, or not printable ASCII with no spaces around it), or NULL: the rule of complete_payment and import_tickets.';
COMMENT ON FUNCTION fashionos.attendee_name_problem(text) IS
    'What is wrong with a cleaned attendee name (empty or too long, control or direction-override characters, no visible characters), or null: the rule of reserve_tickets, join_waitlist and direct edits of registrations.';
COMMENT ON FUNCTION fashionos.shown(text) IS
    'A value a client sent, as an error detail shows it: quoted, at most 100 characters, with its length when longer.';
COMMENT ON FUNCTION fashionos.attendee_name_rule() IS
    'The rule attendee_name_problem checks, as the detail of a refusal.';
COMMENT ON FUNCTION fashionos.trim_white_space(text) IS
    'The text without the white space around it (Unicode White_Space): how attendee names and e-mails are trimmed.';
COMMENT ON FUNCTION fashionos.buyer_lock_key(uuid, text) IS
    'The key of a buyer''s advisory lock for an event (reserve_tickets and join_waitlist take it before counting the limits per buyer).';
COMMENT ON FUNCTION fashionos.buyer_live_tickets(uuid, text, uuid) IS
    'A buyer''s live tickets (confirmed, attended, or held and not expired) of an event, as the limits per buyer count them: {of the event, of the tier, unpaid on hold}.';
COMMENT ON FUNCTION fashionos.reservation_rows(uuid[]) IS
    'The reservation rows (public.ticket_reservation) of registrations, in the given order, as they are now: what reserve_tickets and claim_waitlist_offer answer.';

CREATE FUNCTION public.list_ticket_exchanges(p_event_id uuid)
    RETURNS SETOF public.ticket_exchange
    LANGUAGE sql STABLE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT * FROM fashionos.list_ticket_exchanges(fashionos.required(p_event_id, 'p_event_id')) $$;
COMMENT ON FUNCTION public.list_ticket_exchanges(uuid) IS
$$The exchanges of an event's tickets (exchange_ticket), oldest first, for the books: the registration given back and the one that replaced it with their tiers, the attendee, when and by whom, what the new ticket cost then, what the chain had paid before (completed payments along it), the difference's payment (amount, status) and the ticket the chain is now with its status. A completed payment on a cancelled registration listed here pays the chain's ticket now, not money owed back. For the members of the event's organization (any role, as payment_history) and server-side code. Errors: 22023 p_event_id missing (400), PT404 event not found (404), 42501 anon (401).$$;

CREATE FUNCTION public.payment_history(p_event_id uuid, p_from timestamptz DEFAULT NULL, p_to timestamptz DEFAULT NULL)
    RETURNS SETOF public.payment_event
    LANGUAGE sql STABLE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT * FROM fashionos.payment_history(fashionos.required(p_event_id, 'p_event_id'), p_from, p_to) $$;
COMMENT ON FUNCTION public.payment_history(uuid, timestamptz, timestamptz) IS
$$The history of an event's payments, for matching the books to the payment provider's: one row per change of a payment's status (pending -> completed, failed or refunded; completed -> refunded), oldest first, with when it happened, the status before and after, the amount and currency, the provider and its transaction, why (complete_payment, fail_payment, refund_payment, hold expired, registration cancelled, payment failed, registration refunded, or direct write), the provider's webhook event that caused it, and the role and user of the request. p_from (inclusive) and p_to (exclusive) bound the period. For the members of the event's organization (any role, as they read its payments), and server-side code (which also reads the history of an event deleted since). Errors: 22023 p_from after p_to (400), PT404 event not found (404), 42501 anon (401).$$;
COMMENT ON FUNCTION fashionos.transfer_ticket(uuid, text, text, uuid) IS 'Implementation of public.transfer_ticket (SECURITY DEFINER: changes the attendee and reissues the token after checking the caller).';
COMMENT ON FUNCTION fashionos.exchange_ticket(uuid, uuid) IS 'Implementation of public.exchange_ticket (SECURITY DEFINER: takes a ticket of the other tier and gives the old one back after checking the caller).';
