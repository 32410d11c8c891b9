-- api/waitlist.sql: the waitlist of a sold-out tier. Style: see sql/api/ticketing.sql.

CREATE FUNCTION public.join_waitlist(p_ticket_tier_id uuid, p_attendee_email text, p_attendee_name text)
    RETURNS SETOF public.waitlist_entry
    LANGUAGE sql VOLATILE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT * FROM fashionos.join_waitlist(p_ticket_tier_id, fashionos.required(p_attendee_email, 'p_attendee_email'), fashionos.required(p_attendee_name, 'p_attendee_name')) $$;
COMMENT ON FUNCTION public.join_waitlist(uuid, text, text) IS
$$Joins the waitlist of a sold-out paid or vip tier for one ticket (anon with an e-mail, or signed in) and returns the entry with its position and its claim_token: the secret that checks, claims and leaves the entry, returned only here (stored hashed). When a ticket of the tier is given back (expiry, cancellation, refund) or quantity_total goes up, the first waiting entry gets an offer: the ticket held in its name for the event's waitlist_offer_minutes (default 60). An e-mail's waiting entries and live tickets of the tier stay within the event's limit per buyer and tier. Errors: 22023 bad argument (400), PT404 tier not found (404), 42501 comp or press tier (401/403), PT409 tier not sold out (buy it), tier not on sale yet (quantity_total 0: the organizers open it by raising it), event not on sale, limit per buyer reached (409).$$;

CREATE FUNCTION public.waitlist_status(p_token text DEFAULT NULL, p_entry_id uuid DEFAULT NULL)
    RETURNS SETOF public.waitlist_entry
    LANGUAGE sql VOLATILE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT * FROM fashionos.waitlist_status(p_token, p_entry_id) $$;
COMMENT ON FUNCTION public.waitlist_status(text, uuid) IS
$$A waitlist entry as it stands: status (waiting, offered, claimed, lapsed, left), position while waiting, the offer's registration and deadline. Named by its claim token, or by its entry id for the signed-in user who joined and the event's organizers. Releases the tier's expired holds first, so an offer that lapsed passes on at once. Errors: 22023 neither or both of p_token and p_entry_id (400), PT404 no such entry for the caller (404).$$;

CREATE FUNCTION public.claim_waitlist_offer(p_token text DEFAULT NULL, p_entry_id uuid DEFAULT NULL)
    RETURNS SETOF public.ticket_reservation
    LANGUAGE sql VOLATILE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT * FROM fashionos.claim_waitlist_offer(p_token, p_entry_id) $$;
COMMENT ON FUNCTION public.claim_waitlist_offer(text, uuid) IS
$$Claims the offer of a waitlist entry (by its claim token, or by entry id for the signed-in user who joined) and returns the reservation, as reserve_tickets does, at the tier's price when claimed (the price may have changed since the offer): a priced tier's ticket is then held for the event's hold time and paid through the payment webhook (payment_id); a free tier's ticket is confirmed at once. Claiming again returns the same reservation. Errors: 22023 neither or both arguments (400), PT404 no such entry for the caller (404), PT409 no offer yet (still waiting), offer expired (its ticket passed to the next entry), left the waitlist, event is not on sale (cancelled, completed or ended since the offer) (409).$$;

CREATE FUNCTION public.leave_waitlist(p_token text DEFAULT NULL, p_entry_id uuid DEFAULT NULL)
    RETURNS SETOF public.waitlist_entry
    LANGUAGE sql VOLATILE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT * FROM fashionos.leave_waitlist(p_token, p_entry_id) $$;
COMMENT ON FUNCTION public.leave_waitlist(text, uuid) IS
$$Leaves the waitlist (by claim token, or by entry id for the signed-in user who joined and the event's organizers); an open offer is declined and its ticket passes to the next entry at once. Leaving again answers the entry as it is. Errors: 22023 neither or both arguments (400), PT404 no such entry for the caller (404), PT409 offer already claimed (409).$$;

CREATE FUNCTION public.list_waitlist(p_ticket_tier_id uuid)
    RETURNS SETOF public.waitlist_entry
    LANGUAGE sql STABLE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT * FROM fashionos.list_waitlist(fashionos.required(p_ticket_tier_id, 'p_ticket_tier_id')) $$;
COMMENT ON FUNCTION public.list_waitlist(uuid) IS
$$The waitlist of a tier in order: every entry with its e-mail for the event's organizers and server-side code; only the caller's own entries (joined while signed in) for anyone else signed in. Errors: PT404 tier not found (404), 42501 not signed in (401).$$;

CREATE FUNCTION public.my_waitlist()
    RETURNS SETOF public.waitlist_entry
    LANGUAGE sql STABLE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT * FROM fashionos.my_waitlist() $$;
COMMENT ON FUNCTION public.my_waitlist() IS
$$The waitlist entries the signed-in user joined, across all tiers, newest first: status (waiting, offered, claimed, lapsed, left), position while waiting, the offer's registration and deadline (claim an offer with claim_waitlist_offer and p_entry_id). Errors: 42501 not signed in (401/403).$$;

CREATE FUNCTION public.take_waitlist_offers(p_limit integer DEFAULT 100)
    RETURNS SETOF public.waitlist_offer_notice
    LANGUAGE sql VOLATILE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT * FROM fashionos.take_waitlist_offers(fashionos.required(p_limit, 'p_limit')) $$;
COMMENT ON FUNCTION public.take_waitlist_offers(integer) IS
$$For server-side code that tells waiters of their offers (a mailer, with the service key): the notices of open waitlist offers not taken yet, oldest first, at most p_limit (1-1000, default 100), each handed out once, also to several mailers at once; an offer whose event is off sale waits until it is back. A notice names the entry, event, tier, waiter (user, e-mail, name) and the offer's deadline; the claim token is not in it (it was returned once, to the waiter): a signed-in waiter claims by entry id, an anonymous one in the app that joined. Every new offer also notifies the channel fashionos_waitlist_offers (payload: the tier id) at commit, for a mailer that LISTENs. Errors: 42501 not server-side code (401/403), 22023 p_limit out of range (400).$$;

CREATE FUNCTION public.forget_waitlist_email(p_email text)
    RETURNS integer
    LANGUAGE sql VOLATILE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT fashionos.forget_waitlist_email(fashionos.required(p_email, 'p_email')) $$;
COMMENT ON FUNCTION public.forget_waitlist_email(text) IS
$$For server-side code answering a person's erasure request (with the service key): deletes every waitlist entry of an e-mail address (compared as reserve_tickets' limits compare them: case, width and spaces aside), with the name and address it keeps, and returns how many went. A live offer is declined (its hold ends; the ticket goes to the next in line at the next release of expired holds, and the offer's registration keeps no name or address); a claimed offer is a registration, which stays (the record of a sale). A signed-in user's entries go by themselves when his account is deleted. Errors: 42501 not server-side code (401/403), 22023 p_email missing (400).$$;
