-- api/talent.sql: the names of the talent directory. Style: see sql/api/ticketing.sql.
--
-- A model's or designer's name is their user's (users.full_name), and a member reads the users
-- rows of his own organization only: row level security cannot show another organization's
-- member's name without also showing his e-mail address. The producer who casts a model of an
-- agency, and anyone browsing the directory, reads the name through this function instead.

CREATE FUNCTION fashionos.talent_names(p_profile_ids uuid[])
    RETURNS SETOF public.talent_name
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF auth.uid() IS NULL AND NOT fashionos.caller_is_server() THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'not signed in',
            DETAIL = 'The talent directory (model and designer profiles, and their names) is read by signed-in users.',
            HINT = 'Send the user''s access token (Authorization: Bearer).';
    END IF;
    IF pg_catalog.cardinality(p_profile_ids) > 1000 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'too many profile ids',
            DETAIL = pg_catalog.format('p_profile_ids has %s ids; one call names at most 1000.', pg_catalog.cardinality(p_profile_ids)),
            HINT = 'Ask for the profiles of one page at a time.';
    END IF;
    RETURN QUERY
        SELECT m.id, 'model'::text, m.user_id, u.full_name, u.avatar_url
          FROM public.model_profiles m JOIN public.users u ON u.id = m.user_id
         WHERE m.id = ANY (p_profile_ids)
        UNION ALL
        SELECT d.id, 'designer'::text, d.user_id, u.full_name, u.avatar_url
          FROM public.designer_profiles d JOIN public.users u ON u.id = d.user_id
         WHERE d.id = ANY (p_profile_ids)
        ORDER BY 1;
END
$$;
COMMENT ON FUNCTION fashionos.talent_names(uuid[]) IS
    'Implementation of public.talent_names (SECURITY DEFINER: reads the name and picture of the users behind profiles, which row level security keeps to their organization).';

CREATE FUNCTION public.talent_names(p_profile_ids uuid[])
    RETURNS SETOF public.talent_name
    LANGUAGE sql STABLE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT * FROM fashionos.talent_names(fashionos.required(p_profile_ids, 'p_profile_ids')) $$;
COMMENT ON FUNCTION public.talent_names(uuid[]) IS
$$The names of talent in the directory: for each model or designer profile id given (at most 1000), the profile id, its kind (model or designer), its user, and that user's full_name and avatar_url, nothing else of the user (not the e-mail). What a casting list, a walk order or a call sheet shows for the models an agency represents, whose users rows another organization cannot read. Ids of no profile are left out. For signed-in users and server-side code. Errors: 22023 null or more than 1000 ids (400), 42501 not signed in (401).$$;

-- ---------------------------------------------------------------------------------------------
-- The talent's own schedule. A model or designer reads her castings, call times and bookings
-- (row level security gives her those rows), but not the events they belong to (events are not
-- public), so not the time zone her call times are written in, nor the event's name or whether
-- it was cancelled. This function answers them together, for her own profiles only.
-- ---------------------------------------------------------------------------------------------
CREATE FUNCTION fashionos.my_schedule(p_from timestamptz)
    RETURNS SETOF public.talent_schedule_item
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_user uuid := fashionos.require_signed_in('my_schedule', 'the castings, call times, bookings and options',
                                               'A model or designer signs in to read her schedule.');
BEGIN
    RETURN QUERY
    WITH mine AS (
        SELECT p.id, 'model'::text AS kind FROM public.model_profiles p WHERE p.user_id = v_user
        UNION ALL
        SELECT d.id, 'designer'::text FROM public.designer_profiles d WHERE d.user_id = v_user),
    items AS (
        -- what the ledger books of her for events: call times and her calendar's bookings (a
        -- confirmed option is one)
        SELECT CASE b.source_table WHEN 'call_times' THEN 'call_time' ELSE 'booking' END AS kind,
               m.id AS profile_id, m.kind AS profile_kind, b.source_id, b.event_id,
               pg_catalog.lower(b.during) AS starts_at, pg_catalog.upper(b.during) AS ends_at,
               b.status, NULL::integer AS rank,
               (SELECT c.location FROM public.call_times c WHERE b.source_table = 'call_times' AND c.id = b.source_id) AS location
          FROM mine m
          JOIN fashionos.bookings b ON b.resource_type = m.kind AND b.resource_id = m.id
         WHERE b.event_id IS NOT NULL
        UNION ALL
        -- the options requested on her that still wait for her answer
        SELECT 'option', m.id, m.kind, o.id, o.event_id, pg_catalog.lower(o.during), pg_catalog.upper(o.during),
               o.status, r.rank, NULL
          FROM mine m
         CROSS JOIN LATERAL fashionos.option_ranks(m.kind, m.id) r
          JOIN fashionos.options o ON o.id = r.option_id
         WHERE o.status = 'open' AND fashionos.option_is_live(o)
        UNION ALL
        -- the shows she is cast in, over the event's time
        SELECT 'casting', m.id, m.kind, c.id, c.event_id, e.start_date, fashionos.event_sales_end(e.start_date, e.end_date),
               c.fitting_status, c.walk_order, NULL
          FROM mine m
          JOIN public.event_models c ON m.kind = 'model' AND c.model_profile_id = m.id
          JOIN public.events e ON e.id = c.event_id
        UNION ALL
        SELECT 'casting', m.id, m.kind, c.id, c.event_id, e.start_date, fashionos.event_sales_end(e.start_date, e.end_date),
               NULL, c.collection_order, NULL
          FROM mine m
          JOIN public.event_designers c ON m.kind = 'designer' AND c.designer_profile_id = m.id
          JOIN public.events e ON e.id = c.event_id)
    SELECT i.kind, i.profile_id, i.profile_kind, i.source_id, i.event_id, e.name, e.status, o.name, s.time_zone,
           i.starts_at, i.ends_at, fashionos.local_time_text(i.starts_at, s.time_zone), i.status, i.rank, i.location
      FROM items i
      JOIN public.events e ON e.id = i.event_id
      JOIN public.organizations o ON o.id = e.organization_id
     CROSS JOIN LATERAL fashionos.settings_for(i.event_id) s
     WHERE i.ends_at > coalesce(p_from, pg_catalog.now())
     ORDER BY i.starts_at, i.kind, i.source_id;
END
$$;
COMMENT ON FUNCTION fashionos.my_schedule(timestamptz) IS
    'Implementation of public.my_schedule (SECURITY DEFINER: reads, for the caller''s own profiles, the ledger, the private options and the events'' names, status and time zones, which talent cannot read).';

CREATE FUNCTION public.my_schedule(p_from timestamptz DEFAULT NULL)
    RETURNS SETOF public.talent_schedule_item
    LANGUAGE sql STABLE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT * FROM fashionos.my_schedule(p_from) $$;
COMMENT ON FUNCTION public.my_schedule(timestamptz) IS
$$The signed-in talent's own schedule across organizations, for her model and designer profiles, ending after p_from (default now), in time order: her call times and bookings for events (a confirmed option is a booking), the options waiting for her answer (with their rank), and the shows she is cast in (the event's time; walk order or collection order in rank). Each item names its event, the event's status (a cancelled show says so), its organization, its time zone, the UTC start and end, and the start as local time with its offset (call times are written in the event's time zone). Errors: 42501 not signed in (401).$$;
