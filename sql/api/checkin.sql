-- api/checkin.sql: the door. Style: see sql/api/ticketing.sql.

CREATE FUNCTION public.verify_ticket(p_token text)
    RETURNS SETOF public.ticket_verification
    LANGUAGE sql STABLE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT * FROM fashionos.verify_ticket(fashionos.required(p_token, 'p_token')) $$;
COMMENT ON FUNCTION public.verify_ticket(text) IS
$$Verifies a ticket token without checking it in. valid: the ticket would be let in now. reason: valid, malformed, tampered (signature does not match), foreign (signed by a key this database does not have), unknown (no registration carries it), revoked (a newer ticket was issued), cancelled (cancelled, refunded or expired), event_cancelled (its event was cancelled), unpaid (its payment has not completed), used (checked in already). Status, name and check-in time only for the event's organizers, the attendee and server-side code. Errors: 22023 p_token is required (400).$$;

CREATE FUNCTION public.check_in(p_token text, p_event_id uuid)
    RETURNS SETOF public.check_in_result
    LANGUAGE sql VOLATILE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT * FROM fashionos.check_in(fashionos.required(p_token, 'p_token'), fashionos.required(p_event_id, 'p_event_id')) $$;
COMMENT ON FUNCTION public.check_in(text, uuid) IS
$$Checks a ticket in at the door of an event, exactly once: outcome checked_in, or already_checked_in with the time of the first scan. For organizers, admins and owners of the event's organization. Errors: 22023 token not valid (malformed, tampered, foreign) (400), PT404 event or ticket not found (404), 42501 not door staff (401/403), PT409 event is cancelled, ticket revoked, cancelled, unpaid or for another event (409).$$;

CREATE FUNCTION public.undo_check_in(p_registration_id uuid)
    RETURNS SETOF public.registration_change
    LANGUAGE sql VOLATILE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT * FROM fashionos.undo_check_in(fashionos.required(p_registration_id, 'p_registration_id')) $$;
COMMENT ON FUNCTION public.undo_check_in(uuid) IS
$$Undoes a check-in made by mistake at the door: the registration is confirmed again and its check-in time cleared, so the ticket admits once more. For organizers, admins and owners of the event's organization. changed = false when the registration was not checked in. Errors: PT404 registration not found (404), 42501 not door staff (401/403), PT409 payment was refunded (a used ticket whose payment the provider refunded stays used) (409), 25006 on a read-only replica. Since 0.2.0.$$;

COMMENT ON FUNCTION fashionos.verify_ticket(text) IS 'Implementation of public.verify_ticket.';
COMMENT ON FUNCTION fashionos.check_in(text, uuid) IS 'Implementation of public.check_in.';
COMMENT ON FUNCTION fashionos.undo_check_in(uuid) IS 'Implementation of public.undo_check_in.';
