-- api/settings.sql: per-event settings. Style: see sql/api/ticketing.sql.

CREATE FUNCTION public.get_event_settings(p_event_id uuid)
    RETURNS SETOF public.event_settings_values
    LANGUAGE sql STABLE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT * FROM fashionos.get_event_settings(fashionos.required(p_event_id, 'p_event_id')) $$;
COMMENT ON FUNCTION public.get_event_settings(uuid) IS
$$The settings in force for an event: time zone, minimum walk-order gap in looks, ticket hold minutes, call time minutes, the limits per buyer (attendee e-mail, trimmed, NFKC-normalized and lower-case): live tickets of the event, live tickets of one tier, unpaid tickets on hold; and the minutes a waitlist offer waits for its claim. An event that never set them gets the defaults (this function is where clients read them). For members of the event's organization. Errors: PT404 event not visible (404).$$;

CREATE FUNCTION public.set_event_settings(
    p_event_id uuid, p_time_zone text DEFAULT NULL, p_walk_min_gap integer DEFAULT NULL,
    p_hold_minutes integer DEFAULT NULL, p_call_time_minutes integer DEFAULT NULL,
    p_buyer_max_tickets integer DEFAULT NULL, p_buyer_max_tickets_per_tier integer DEFAULT NULL,
    p_buyer_max_holds integer DEFAULT NULL, p_waitlist_offer_minutes integer DEFAULT NULL)
    RETURNS SETOF public.event_settings_values
    LANGUAGE sql VOLATILE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT * FROM fashionos.set_event_settings(
        p_event_id => fashionos.required(p_event_id, 'p_event_id'), p_time_zone => p_time_zone, p_walk_min_gap => p_walk_min_gap,
        p_hold_minutes => p_hold_minutes, p_call_time_minutes => p_call_time_minutes,
        p_buyer_max_tickets => p_buyer_max_tickets, p_buyer_max_tickets_per_tier => p_buyer_max_tickets_per_tier,
        p_buyer_max_holds => p_buyer_max_holds, p_waitlist_offer_minutes => p_waitlist_offer_minutes) $$;
-- The COMMENT gives each whole-number setting's range as its CHECK constraint says
-- (fashionos.setting_range), so the bounds are written once, in sql/event_settings.sql.
DO $do$
DECLARE
    r jsonb;        -- setting name -> 'lo-hi'
    v_ranges text[];  -- in the order the COMMENT names them
BEGIN
    SELECT pg_catalog.jsonb_object_agg(a.attname, pg_catalog.lower(x.lo_hi) || '-' || (pg_catalog.upper(x.lo_hi) - 1))
      INTO r
      FROM pg_catalog.pg_attribute a
     CROSS JOIN LATERAL fashionos.setting_range(a.attname) AS x(lo_hi)
     WHERE a.attrelid = 'fashionos.event_settings'::pg_catalog.regclass AND a.attnum > 0 AND NOT a.attisdropped
       AND x.lo_hi IS NOT NULL;
    v_ranges := ARRAY[r ->> 'walk_min_gap', r ->> 'hold_minutes', r ->> 'call_time_minutes', r ->> 'buyer_max_tickets',
                      r ->> 'buyer_max_tickets_per_tier', r ->> 'buyer_max_holds', r ->> 'waitlist_offer_minutes'];
    IF pg_catalog.array_position(v_ranges, NULL) IS NOT NULL
       OR pg_catalog.cardinality(v_ranges) <> (SELECT pg_catalog.count(*) FROM pg_catalog.jsonb_object_keys(r)) THEN
        RAISE EXCEPTION 'the COMMENT of public.set_event_settings must give the range of every whole-number setting, and only theirs'
            USING DETAIL = pg_catalog.format('The settings with a range are %s.', r);
    END IF;
    EXECUTE pg_catalog.format(
        'COMMENT ON FUNCTION public.set_event_settings(uuid, text, integer, integer, integer, integer, integer, integer, integer) IS %L',
        pg_catalog.format($c$Changes an event's settings (arguments left NULL keep their value): time zone in which rehearsal and call-time dates are read (an IANA name in any case, stored as the time zone database spells it), minimum walk-order gap in looks (%s), ticket hold minutes (%s), call time minutes (%s), limits per buyer: live tickets of the event (%s), of one tier (%s), unpaid tickets on hold (%s); minutes a waitlist offer waits for its claim (%s). For the event's organizers. A new time zone or call length moves the event's call times and rehearsals (and the dates of its bookings): the change is refused, and nothing written, when one would then collide or need a model's or venue's consent. Errors: PT404 (404), 42501 not allowed, or a moved call time or rehearsal would book a model or venue without its consent (401/403), 22023 unknown time zone (400), 23514 value out of range (400), PT409 a moved call time or rehearsal would collide with another booking (409).$c$,
            VARIADIC v_ranges));
END
$do$;
