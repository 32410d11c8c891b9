-- access.sql: the one access layer. Every rule about the caller lives here; the policies of
-- sql/security.sql, the SQL functions of sql/api/ and the Rust code (src/access.rs) ask these
-- functions and restate none of their rules.
--
-- Who the caller is:
--   * the role: the `role` setting, which PostgREST sets per request from the verified JWT
--     (set_config('role', ..., true)); without it, the session user. SECURITY DEFINER does not
--     change the setting, so the functions below see the caller's role inside definer functions too.
--   * the user: auth.uid(), the sub claim of request.jwt.claims (Supabase's function).
--   * server-side code: a role that is a superuser, bypasses row level security, or is a member of
--     service_role. The role claim inside request.jwt.claims is never a source of privilege: a
--     caller can set that setting to anything in its own transaction.
-- What the caller is to an event: 'runs' (owner, admin or organizer of its organization, or
-- server-side code), 'member' (another role in its organization), 'none' (no relation, or no such
-- event: the two answer alike).
--
-- All helpers are STABLE, PL/pgSQL (their plans are cached per session, where a SQL function with
-- a SET clause is planned again in every statement that calls it), SET search_path = pg_catalog,
-- pg_temp, and answer only about the caller. Those that read tables past row level security are SECURITY
-- DEFINER. Their EXECUTE grants are in sql/grants.sql.

-- =============================================================================================
-- The caller
-- =============================================================================================
CREATE FUNCTION fashionos.caller_role() RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RETURN CASE WHEN pg_catalog.current_setting('role') = 'none' THEN SESSION_USER::text
                ELSE pg_catalog.current_setting('role') END;
END
$$;
COMMENT ON FUNCTION fashionos.caller_role() IS
    'The database role the request runs as: the role setting (PostgREST sets it from the verified JWT), else the session user. Never the role claim of request.jwt.claims.';

-- The role's name is asked first: named in the query's condition, caller_role() ran once per row
-- of pg_authid that the planner's sequential scan read (a third of every API call's own work).
CREATE FUNCTION fashionos.caller_is_server() RETURNS boolean
    LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_role text := fashionos.caller_role();
BEGIN
    RETURN coalesce((SELECT r.rolsuper OR r.rolbypassrls OR pg_catalog.pg_has_role(r.oid, 'service_role', 'MEMBER')
                       FROM pg_catalog.pg_roles r
                      WHERE r.rolname = v_role), false);
END
$$;
COMMENT ON FUNCTION fashionos.caller_is_server() IS
    'True for server-side code: the caller''s role (fashionos.caller_role) is a superuser, bypasses row level security, or is a member of service_role.';

-- =============================================================================================
-- The caller's organization (policy helpers). All read the caller's users row (id = auth.uid());
-- a caller without one (anon, or an auth user without a profile) belongs to no organization and
-- gets NULL / no rows.
-- =============================================================================================
CREATE FUNCTION fashionos.my_org_id() RETURNS uuid
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$ BEGIN RETURN (SELECT u.organization_id FROM public.users AS u WHERE u.id = auth.uid()); END $$;
COMMENT ON FUNCTION fashionos.my_org_id() IS
    'Policy helper: the organization of the caller (any role), or NULL when the caller has no users row.';

CREATE FUNCTION fashionos.my_role() RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$ BEGIN RETURN (SELECT u.role FROM public.users AS u WHERE u.id = auth.uid()); END $$;
COMMENT ON FUNCTION fashionos.my_role() IS
    'Policy helper: the caller''s role in his organization (owner, admin, organizer, viewer), or NULL.';

-- The caller's organization when his role is one of p_roles, else NULL.
CREATE FUNCTION fashionos.my_org_id_as(p_roles text[]) RETURNS uuid
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$ BEGIN RETURN (SELECT u.organization_id FROM public.users AS u WHERE u.id = auth.uid() AND u.role = ANY (p_roles)); END $$;
COMMENT ON FUNCTION fashionos.my_org_id_as(text[]) IS
    'The caller''s organization when his role in it is one of p_roles, else NULL (my_write_org_id, my_admin_org_id).';

CREATE FUNCTION fashionos.my_write_org_id() RETURNS uuid
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$ BEGIN RETURN fashionos.my_org_id_as('{owner,admin,organizer}'); END $$;
COMMENT ON FUNCTION fashionos.my_write_org_id() IS
    'Policy helper: the caller''s organization when his role may create and update its rows (owner, admin, organizer), else NULL.';

CREATE FUNCTION fashionos.my_admin_org_id() RETURNS uuid
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$ BEGIN RETURN fashionos.my_org_id_as('{owner,admin}'); END $$;
COMMENT ON FUNCTION fashionos.my_admin_org_id() IS
    'Policy helper: the caller''s organization when his role may delete its rows (owner, admin), else NULL.';

CREATE FUNCTION fashionos.my_org_plan() RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RETURN (SELECT o.plan FROM public.users AS u JOIN public.organizations AS o ON o.id = u.organization_id
             WHERE u.id = auth.uid());
END
$$;
COMMENT ON FUNCTION fashionos.my_org_plan() IS
    'Policy helper: the current plan of the caller''s organization (the plan is changed by server-side code only).';

CREATE FUNCTION fashionos.my_org_user_ids() RETURNS SETOF uuid
    LANGUAGE plpgsql STABLE SECURITY DEFINER ROWS 50 SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RETURN QUERY SELECT m.id FROM public.users AS m
                  WHERE m.organization_id = (SELECT u.organization_id FROM public.users AS u WHERE u.id = auth.uid());
END
$$;
COMMENT ON FUNCTION fashionos.my_org_user_ids() IS
    'Policy helper: the ids of the users of the caller''s organization, the caller included (none without a users row).';

-- =============================================================================================
-- The caller as talent: the user behind a model or designer profile.
-- =============================================================================================
CREATE FUNCTION fashionos.my_model_profile_ids() RETURNS SETOF uuid
    LANGUAGE plpgsql STABLE SECURITY DEFINER ROWS 1 SET search_path = pg_catalog, pg_temp AS $$ BEGIN RETURN QUERY SELECT p.id FROM public.model_profiles AS p WHERE p.user_id = auth.uid(); END $$;
COMMENT ON FUNCTION fashionos.my_model_profile_ids() IS
    'Policy helper: the model profiles of the caller (talent).';

CREATE FUNCTION fashionos.my_designer_profile_ids() RETURNS SETOF uuid
    LANGUAGE plpgsql STABLE SECURITY DEFINER ROWS 1 SET search_path = pg_catalog, pg_temp AS $$ BEGIN RETURN QUERY SELECT p.id FROM public.designer_profiles AS p WHERE p.user_id = auth.uid(); END $$;
COMMENT ON FUNCTION fashionos.my_designer_profile_ids() IS
    'Policy helper: the designer profiles of the caller (talent).';

-- =============================================================================================
-- The caller and an event
-- =============================================================================================
CREATE FUNCTION fashionos.caller_event_relation(p_event_id uuid) RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_org uuid;
    v_role text;
BEGIN
    SELECT e.organization_id INTO v_org FROM public.events e WHERE e.id = p_event_id;
    IF NOT FOUND THEN
        RETURN 'none';
    END IF;
    IF fashionos.caller_is_server() THEN
        RETURN 'runs';
    END IF;
    SELECT u.role INTO v_role FROM public.users u WHERE u.id = auth.uid() AND u.organization_id = v_org;
    RETURN CASE WHEN v_role IS NULL THEN 'none'
                WHEN v_role IN ('owner', 'admin', 'organizer') THEN 'runs'
                ELSE 'member' END;
END
$$;
COMMENT ON FUNCTION fashionos.caller_event_relation(uuid) IS
    'What the caller is to an event: runs (owner, admin or organizer of its organization, or server-side code), member (another role in it), none (no relation, or no such event).';

CREATE FUNCTION fashionos.caller_runs_event(p_event_id uuid) RETURNS boolean
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$ BEGIN RETURN fashionos.caller_event_relation(p_event_id) = 'runs'; END $$;
COMMENT ON FUNCTION fashionos.caller_runs_event(uuid) IS
    'True when the caller is an organizer, admin or owner of the event''s organization, or server-side code.';

CREATE FUNCTION fashionos.caller_member_of_event(p_event_id uuid) RETURNS boolean
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$ BEGIN RETURN fashionos.caller_event_relation(p_event_id) <> 'none'; END $$;
COMMENT ON FUNCTION fashionos.caller_member_of_event(uuid) IS
    'True when the event exists and the caller belongs to its organization (any role), or is server-side code.';

-- Whether the caller may read a ticket tier as row level security shows tiers, or holds a stake in
-- it: its event is on sale, or the caller belongs to its organization (or is server-side code),
-- or the signed-in caller has a ticket or a waitlist entry of it (a buyer whose event was
-- cancelled still asks about his own). False for a tier that does not exist. The functions that
-- answer "ticket tier not found" for any other tier ask it. SECURITY DEFINER: it reads the
-- private waitlist and registrations the caller may not read.
CREATE FUNCTION fashionos.caller_sees_tier(p_ticket_tier_id uuid) RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_event uuid;
    v_user uuid := auth.uid();
BEGIN
    SELECT t.event_id INTO v_event FROM public.ticket_tiers t WHERE t.id = p_ticket_tier_id;
    RETURN FOUND AND (fashionos.event_on_sale(v_event) OR fashionos.caller_member_of_event(v_event)
                      OR (v_user IS NOT NULL
                          AND (EXISTS (SELECT 1 FROM public.registrations r
                                        WHERE r.ticket_tier_id = p_ticket_tier_id AND r.user_id = v_user)
                               OR EXISTS (SELECT 1 FROM fashionos.waitlist_entries w
                                           WHERE w.ticket_tier_id = p_ticket_tier_id AND w.user_id = v_user))));
END
$$;
COMMENT ON FUNCTION fashionos.caller_sees_tier(uuid) IS
    'Whether the caller may read the tier: on sale, of his organization (or server-side code), or he holds a ticket or a waitlist entry of it; false when it does not exist.';

-- Refuses (PT404 ticket tier not found) a tier the caller may not read (fashionos.caller_sees_tier),
-- as one that does not exist; else answers the tier's event. SECURITY DEFINER: it reads the tier.
CREATE FUNCTION fashionos.require_tier_visible(p_ticket_tier_id uuid) RETURNS uuid
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT fashionos.caller_sees_tier(p_ticket_tier_id) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'ticket tier not found',
            DETAIL = pg_catalog.format('No ticket tier with id %s.', p_ticket_tier_id), HINT = 'Check the id.';
    END IF;
    RETURN (SELECT t.event_id FROM public.ticket_tiers t WHERE t.id = p_ticket_tier_id);
END
$$;
COMMENT ON FUNCTION fashionos.require_tier_visible(uuid) IS
    'Refuses (PT404 ticket tier not found) a tier the caller may not read (fashionos.caller_sees_tier); else the tier''s event.';

-- Refuses (PT404) an event the caller does not see, else answers what the caller is to it (runs or
-- member): the one place the SQL functions write "event not found" (the Rust functions have
-- errors::not_found).
CREATE FUNCTION fashionos.require_event_visible(p_event_id uuid) RETURNS text
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_relation text := fashionos.caller_event_relation(p_event_id);
BEGIN
    IF v_relation = 'none' THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'event not found',
            DETAIL = pg_catalog.format('No event with id %s is visible to the caller.', p_event_id),
            HINT = 'Check the id, and that the caller belongs to the organization that owns it.';
    END IF;
    RETURN v_relation;
END
$$;
COMMENT ON FUNCTION fashionos.require_event_visible(uuid) IS
    'Refuses (PT404 event not found) an event the caller does not see; else what the caller is to it (runs or member, as caller_event_relation says).';

-- The event's row locked FOR KEY SHARE (as a foreign key to it is checked), for a function that
-- then writes a row referencing it: a deletion of the event in flight is waited for, and the event
-- then answers as one that does not exist (PT404, as fashionos.require_event_visible), never as a
-- bare foreign-key violation (23503) at the write.
CREATE FUNCTION fashionos.key_share_event(p_event_id uuid) RETURNS void
    LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM 1 FROM public.events e WHERE e.id = p_event_id FOR KEY SHARE;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'event not found',
            DETAIL = pg_catalog.format('Event %s was deleted meanwhile.', p_event_id),
            HINT = 'Check the id; a deleted event takes its bookings, options and settings with it.';
    END IF;
END
$$;
COMMENT ON FUNCTION fashionos.key_share_event(uuid) IS
    'Locks an event''s row FOR KEY SHARE before a row referencing it is written; PT404 event not found when it was deleted meanwhile.';

-- Refuses (42501, with p_message and p_hint) a caller whose relation to the event (as
-- caller_event_relation says) is not runs: the one place the SQL functions write that refusal.
-- A function whose 404 is about another row (a booking, an option) reads the relation itself and
-- calls this; the others call require_runs_event.
CREATE FUNCTION fashionos.refuse_unless_runs(p_relation text, p_event_id uuid, p_message text, p_hint text)
    RETURNS void
    LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF p_relation IS DISTINCT FROM 'runs' THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = p_message,
            DETAIL = pg_catalog.format('The caller is not an organizer, admin or owner of the organization of event %s.', p_event_id),
            HINT = p_hint;
    END IF;
END
$$;
COMMENT ON FUNCTION fashionos.refuse_unless_runs(text, uuid, text, text) IS
    'Refuses (42501, with the message and hint given) unless the caller''s relation to the event is runs.';

-- Refuses unless the caller runs the event: PT404 when it does not see it, 42501 with p_message
-- and p_hint when it is only a member of its organization.
CREATE FUNCTION fashionos.require_runs_event(p_event_id uuid, p_message text, p_hint text)
    RETURNS void
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM fashionos.refuse_unless_runs(fashionos.require_event_visible(p_event_id), p_event_id, p_message, p_hint);
END
$$;
COMMENT ON FUNCTION fashionos.require_runs_event(uuid, text, text) IS
    'Refuses unless the caller runs the event: PT404 for an event it does not see, 42501 for a member who does not run it.';

-- The signed-in caller's user id, for the functions that answer about "my" rows (my_tickets,
-- my_waitlist): 42501 when the request names no user (anon, or server-side code without a user's
-- token). p_what says what the function lists, p_instead how to reach such rows without signing in.
CREATE FUNCTION fashionos.require_signed_in(p_function text, p_what text, p_instead text)
    RETURNS uuid
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_user uuid := auth.uid();
BEGIN
    IF v_user IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'not signed in',
            DETAIL = pg_catalog.format('%s lists %s of the signed-in user; the request names no user.', p_function, p_what),
            HINT = 'Send the user''s access token (Authorization: Bearer). ' || p_instead;
    END IF;
    RETURN v_user;
END
$$;
COMMENT ON FUNCTION fashionos.require_signed_in(text, text, text) IS
    'The signed-in caller''s user id; 42501 "not signed in" when the request names no user.';

-- Whether an event sells tickets: its status (fashionos.on_sale_statuses) and its end
-- (fashionos.event_sales_end, both in sql/ticketing_private.sql). reserve_tickets sells only
-- then, and anon reads the tiers of such events.
CREATE FUNCTION fashionos.event_on_sale(p_event_id uuid) RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RETURN EXISTS (SELECT 1 FROM public.events AS e
                    WHERE e.id = p_event_id AND e.status = ANY (fashionos.on_sale_statuses())
                      AND fashionos.event_sales_end(e.start_date, e.end_date) >= now());
END
$$;
COMMENT ON FUNCTION fashionos.event_on_sale(uuid) IS
    'True when the event sells tickets (its status is one of fashionos.on_sale_statuses() and it has not ended: fashionos.event_sales_end); its ticket tiers are public.';

-- =============================================================================================
-- The caller and a bookable resource (venue, model, designer, stakeholder)
-- =============================================================================================
-- The tables of each resource type: the table of the resources, its column naming the user behind
-- one, and the availability table that books it with its column naming the resource (NULL for
-- crew members, booked with call times). The one place that maps a resource type to its tables;
-- the types themselves are the CHECK constraint of fashionos.bookings.resource_type (a test in
-- src/statuses.rs holds the two together). IMMUTABLE: it names tables, it does not read them.
CREATE FUNCTION fashionos.resource_map()
    RETURNS TABLE (resource_type text, resource_table text, user_column text, availability_table text, availability_column text)
    LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    VALUES ('venue', 'public.venues', 'owner_id', 'public.venue_availability', 'venue_id'),
           ('model', 'public.model_profiles', 'user_id', 'public.model_availability', 'model_profile_id'),
           ('designer', 'public.designer_profiles', 'user_id', 'public.designer_availability', 'designer_profile_id'),
           ('stakeholder', 'public.stakeholders', 'user_id', NULL, NULL)
$$;
COMMENT ON FUNCTION fashionos.resource_map() IS
    'Every resource type with its tables: its resources (and the column of the user behind one), and the availability table that books it (and its resource column).';

CREATE FUNCTION fashionos.resource_tables(p_resource_type text)
    RETURNS TABLE (resource_table regclass, user_column name, availability_table regclass, availability_column name)
    LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    SELECT m.resource_table::pg_catalog.regclass, m.user_column::name,
           m.availability_table::pg_catalog.regclass, m.availability_column::name
      FROM fashionos.resource_map() m
     WHERE m.resource_type = p_resource_type
$$;
COMMENT ON FUNCTION fashionos.resource_tables(text) IS
    'The tables of a resource type (fashionos.resource_map): its resources (and the column of the user behind one), and the availability table that books it (and its resource column).';

-- The user behind a resource: the venue's owner, the user of the model profile, designer profile
-- or stakeholder (NULL when it has none). resource_exists is false when there is no such resource
-- or no such type. Read past row level security: its callers are SECURITY DEFINER.
CREATE FUNCTION fashionos.resource_user(p_resource_type text, p_resource_id uuid,
                                        OUT resource_exists boolean, OUT resource_user_id uuid)
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v record;  -- a row of fashionos.resource_tables
BEGIN
    SELECT * INTO v FROM fashionos.resource_tables(p_resource_type);
    resource_exists := false;
    IF v.resource_table IS NOT NULL THEN
        EXECUTE pg_catalog.format('SELECT true, r.%I FROM %s AS r WHERE r.id = $1', v.user_column, v.resource_table)
           INTO resource_exists, resource_user_id USING p_resource_id;
        resource_exists := coalesce(resource_exists, false);
    END IF;
END
$$;
COMMENT ON FUNCTION fashionos.resource_user(text, uuid) IS
    'Whether a venue, model, designer or stakeholder exists, and the user behind it (the venue''s owner, the profile''s or stakeholder''s user).';

-- A resource's row locked FOR KEY SHARE (as a foreign key to it is checked), for a function that
-- then writes a row referencing it: PT404 when it was deleted meanwhile (fashionos.key_share_event
-- does the same for events).
CREATE FUNCTION fashionos.key_share_resource(p_resource_type text, p_resource_id uuid) RETURNS void
    LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v record;  -- a row of fashionos.resource_tables
    v_found boolean;
BEGIN
    SELECT * INTO STRICT v FROM fashionos.resource_tables(p_resource_type);
    EXECUTE pg_catalog.format('SELECT true FROM %s AS r WHERE r.id = $1 FOR KEY SHARE', v.resource_table)
       INTO v_found USING p_resource_id;
    IF v_found IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = pg_catalog.format('%s not found', p_resource_type),
            DETAIL = pg_catalog.format('%s %s was deleted meanwhile.', p_resource_type, p_resource_id),
            HINT = 'Check the id.';
    END IF;
END
$$;
COMMENT ON FUNCTION fashionos.key_share_resource(text, uuid) IS
    'Locks a venue''s, model''s, designer''s or stakeholder''s row FOR KEY SHARE before a row referencing it is written; PT404 when it was deleted meanwhile.';

CREATE FUNCTION fashionos.caller_sees_resource(p_resource_type text, p_resource_id uuid)
    RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_org uuid;
BEGIN
    IF fashionos.caller_is_resource(p_resource_type, p_resource_id) THEN
        RETURN true;
    END IF;
    -- a resource that does not exist has no rows below: false
    SELECT u.organization_id INTO v_org FROM public.users u WHERE u.id = auth.uid();
    IF v_org IS NULL THEN
        RETURN false;
    END IF;
    RETURN EXISTS (SELECT 1 FROM fashionos.bookings b JOIN public.events e ON e.id = b.event_id
                    WHERE b.resource_type = p_resource_type AND b.resource_id = p_resource_id
                      AND e.organization_id = v_org)
        OR CASE p_resource_type
            WHEN 'venue' THEN EXISTS (
                SELECT 1 FROM public.venue_availability va JOIN public.events e ON e.id = va.event_id
                 WHERE va.venue_id = p_resource_id AND e.organization_id = v_org)
            WHEN 'model' THEN EXISTS (
                SELECT 1 FROM public.event_models em JOIN public.events e ON e.id = em.event_id
                 WHERE em.model_profile_id = p_resource_id AND e.organization_id = v_org)
            WHEN 'designer' THEN EXISTS (
                SELECT 1 FROM public.event_designers ed JOIN public.events e ON e.id = ed.event_id
                 WHERE ed.designer_profile_id = p_resource_id AND e.organization_id = v_org)
            ELSE EXISTS (
                SELECT 1 FROM public.event_stakeholders es JOIN public.events e ON e.id = es.event_id
                 WHERE es.stakeholder_id = p_resource_id AND e.organization_id = v_org)
        END;
END
$$;
COMMENT ON FUNCTION fashionos.caller_sees_resource(text, uuid) IS
    'True when the resource exists and the caller is it (venue owner, the model, designer or stakeholder user), is server-side code, or belongs to an organization whose event books, casts, features or employs it.';

-- The caller is the resource itself (the venue's owner, the user behind the model, designer or
-- stakeholder), or server-side code: who sees every detail of its calendar and consents to options.
CREATE FUNCTION fashionos.caller_is_resource(p_resource_type text, p_resource_id uuid)
    RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_exists boolean;
    v_user uuid;
BEGIN
    SELECT r.resource_exists, r.resource_user_id INTO v_exists, v_user
      FROM fashionos.resource_user(p_resource_type, p_resource_id) r;
    RETURN v_exists AND (fashionos.caller_is_server() OR (v_user IS NOT NULL AND v_user = auth.uid()));
END
$$;
COMMENT ON FUNCTION fashionos.caller_is_resource(text, uuid) IS
    'True when the resource exists and the caller is it (the venue''s owner, the user behind the model, designer or stakeholder) or server-side code: who sees every detail of its calendar and confirms or declines its options.';

-- The caller's organization controls the resource: its venue owner, or the user behind the model or
-- designer profile, is a user of the caller's organization (or the caller is server-side code).
-- Only such a resource is booked directly with book_resource; others are asked with request_option.
CREATE FUNCTION fashionos.caller_controls_resource(p_resource_type text, p_resource_id uuid)
    RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_user uuid;
    v_org uuid;
BEGIN
    IF fashionos.caller_is_server() THEN
        RETURN true;
    END IF;
    -- crew members (stakeholders) are booked with call times, not controlled
    IF p_resource_type = 'stakeholder' THEN
        RETURN false;
    END IF;
    SELECT r.resource_user_id INTO v_user FROM fashionos.resource_user(p_resource_type, p_resource_id) r;
    IF v_user IS NULL OR auth.uid() IS NULL THEN
        RETURN false;
    END IF;
    IF v_user = auth.uid() THEN
        RETURN true;
    END IF;
    SELECT u.organization_id INTO v_org FROM public.users u WHERE u.id = auth.uid();
    RETURN v_org IS NOT NULL
       AND EXISTS (SELECT 1 FROM public.users o WHERE o.id = v_user AND o.organization_id = v_org);
END
$$;
COMMENT ON FUNCTION fashionos.caller_controls_resource(text, uuid) IS
    'True when the caller''s organization controls the resource (the venue''s owner, or the user behind the model or designer profile, is a user of it; the caller himself; or server-side code): book_resource books only such resources directly.';

-- An argument that must not be null. Every public function passes its arguments without a
-- default (and those whose default is not null) through it, so that a JSON null from a client
-- is a 400 that names the argument, never an empty answer or an internal error.
CREATE FUNCTION fashionos.required(p_value anyelement, p_name text)
    RETURNS anyelement
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF p_value IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = p_name || ' is required',
            DETAIL = p_name || ' was null.',
            HINT = 'Pass a value for ' || p_name || '; only an argument whose default is null may be null, and an argument with a default may be left out.';
    END IF;
    RETURN p_value;
END
$$;
COMMENT ON FUNCTION fashionos.required(anyelement, text) IS
    'Returns the argument, or raises 22023 "<name> is required" when it is null: how every public function refuses a null for an argument that needs a value.';

-- A JSON argument nested no deeper than p_levels (a door's batch of scans is an array of flat
-- objects). The implementations read a JSON argument into Rust, whose reader stops at 128 levels
-- with an internal error (XX000, HTTP 500): a client that retries on 500 would send the same batch
-- for ever. Deeper JSON is a 400 that says so.
CREATE FUNCTION fashionos.shallow_json(p_value jsonb, p_name text, p_levels integer)
    RETURNS jsonb
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF pg_catalog.jsonb_path_exists(p_value, pg_catalog.format('strict $.**{%s}', p_levels)::pg_catalog.jsonpath) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = p_name || ' is nested too deeply',
            DETAIL = pg_catalog.format('%s holds values nested more than %s levels deep.', p_name, p_levels),
            HINT = 'Send the documented shape: a JSON array of flat objects (nested values of your own stay within a few levels).';
    END IF;
    RETURN p_value;
END
$$;
COMMENT ON FUNCTION fashionos.shallow_json(jsonb, text, integer) IS
    'Returns the JSON argument, or raises 22023 "<name> is nested too deeply" when it holds values more than p_levels levels deep (the Rust functions read JSON up to 128 levels).';
