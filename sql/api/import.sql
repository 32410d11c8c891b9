-- api/import.sql: tickets sold on another platform, brought in with their history. Style: see
-- sql/api/ticketing.sql.

CREATE FUNCTION public.import_tickets(p_source text, p_tickets jsonb)
    RETURNS SETOF public.imported_ticket
    LANGUAGE sql VOLATILE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT * FROM fashionos.import_tickets(fashionos.required(p_source, 'p_source'), fashionos.required(p_tickets, 'p_tickets')) $$;
COMMENT ON FUNCTION public.import_tickets(text, jsonb) IS
$$For server-side code moving a producer here from another platform (with the service key): brings in tickets sold there, with their history, and answers one row per ticket. Each ticket (a JSON object) names its legacy_id there, ticket_tier_id, attendee_email, attendee_name, status (confirmed, attended or cancelled), and may name created_at (the sale), checked_in_at (required for attended), user_id, order_id (the tickets of one order form one order here: one provider transaction pays them), legacy_code (the old ticket's code, one per ticket within the organization: check_in, and verify_ticket for the event's staff, accept it until the ticket is reissued) and payment {amount, currency, status completed/refunded/failed, provider, provider_transaction_id, paid_at, refunded_at}. Live tickets take their tier's inventory (quantity_sold counts them; never beyond quantity_total), every ticket gets a signed token, and payment_history dates each payment's moves at their times there. At most 1000 tickets a call; all or nothing; a ticket already imported from the same source into the same organization is skipped (imported false), so a run can be repeated. Errors: 42501 not server-side code (401/403), 22023 a ticket that cannot be imported, named by position and legacy_id (400), PT409 the import would oversell a tier (409).$$;

CREATE FUNCTION public.check_ticket_inventory(p_event_id uuid DEFAULT NULL)
    RETURNS SETOF public.ticket_inventory
    LANGUAGE sql STABLE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT * FROM fashionos.check_ticket_inventory(p_event_id) $$;
COMMENT ON FUNCTION public.check_ticket_inventory(uuid) IS
$$For server-side code and monitoring (with the service key): the tiers, of one event or of all (p_event_id left out), whose quantity_sold differs from their live registrations (pending, confirmed or attended). The ticketing functions keep the two equal in every committed state, so every row is a problem: tickets written around them. An empty answer is the healthy one. Errors: 42501 not server-side code (401/403).$$;

CREATE FUNCTION public.recount_ticket_tiers(p_event_id uuid)
    RETURNS SETOF public.ticket_inventory
    LANGUAGE sql VOLATILE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT * FROM fashionos.recount_ticket_tiers(fashionos.required(p_event_id, 'p_event_id')) $$;
COMMENT ON FUNCTION public.recount_ticket_tiers(uuid) IS
$$For server-side code (with the service key): sets quantity_sold of the event's tiers to their live registrations, after rows were written around the ticketing functions, and answers each tier it changed (quantity_sold before, live_registrations after). A tier with more live tickets than places is refused, and nothing is changed. Errors: 42501 not server-side code (401/403), 22023 p_event_id missing (400), PT404 event not found (404), PT409 a tier is oversold (409).$$;
