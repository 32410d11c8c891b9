-- api/settings.sql: per-event settings. Style: see sql/api/ticketing.sql.

CREATE FUNCTION public.get_event_settings(p_event_id uuid)
    RETURNS SETOF public.event_settings_values
    LANGUAGE sql STABLE SECURITY INVOKER SET search_path = '' AS $$ SELECT * FROM fashionos.get_event_settings(p_event_id) $$;
COMMENT ON FUNCTION public.get_event_settings(uuid) IS
$$The settings in force for an event: time zone, minimum walk-order gap in looks, ticket hold minutes, call time minutes, the limits per buyer (attendee e-mail, lower-case and trimmed): live tickets of the event, live tickets of one tier, unpaid tickets on hold; and the minutes a waitlist offer waits for its claim. An event that never set them gets the defaults (this function is where clients read them). For members of the event's organization. Errors: PT404 event not visible (404).$$;

CREATE FUNCTION public.set_event_settings(
    p_event_id uuid, p_time_zone text DEFAULT NULL, p_walk_min_gap integer DEFAULT NULL,
    p_hold_minutes integer DEFAULT NULL, p_call_time_minutes integer DEFAULT NULL,
    p_buyer_max_tickets integer DEFAULT NULL, p_buyer_max_tickets_per_tier integer DEFAULT NULL,
    p_buyer_max_holds integer DEFAULT NULL, p_waitlist_offer_minutes integer DEFAULT NULL)
    RETURNS SETOF public.event_settings_values
    LANGUAGE sql VOLATILE SECURITY INVOKER SET search_path = '' AS $$ SELECT * FROM fashionos.set_event_settings(
        p_event_id => p_event_id, p_time_zone => p_time_zone, p_walk_min_gap => p_walk_min_gap,
        p_hold_minutes => p_hold_minutes, p_call_time_minutes => p_call_time_minutes,
        p_buyer_max_tickets => p_buyer_max_tickets, p_buyer_max_tickets_per_tier => p_buyer_max_tickets_per_tier,
        p_buyer_max_holds => p_buyer_max_holds, p_waitlist_offer_minutes => p_waitlist_offer_minutes) $$;
COMMENT ON FUNCTION public.set_event_settings(uuid, text, integer, integer, integer, integer, integer, integer, integer) IS
$$Changes an event's settings (arguments left NULL keep their value): time zone in which rehearsal and call-time dates are read, minimum walk-order gap, ticket hold minutes, call time minutes, limits per buyer (live tickets of the event 1-10000, of one tier 1-10000, unpaid tickets on hold 1-10000), minutes a waitlist offer waits for its claim (1-10080). For the event's organizers. Errors: PT404 (404), 42501 (401/403), 22023 unknown time zone (400), 23514 value out of range (400).$$;
