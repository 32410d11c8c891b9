-- options.sql: options, as model agencies and venues book: an organizer asks for a talent (model,
-- designer) or a venue for a time range as an option for one of his events; options on
-- overlapping ranges of one resource are ranked in order of request (1st, 2nd, ...), each expires,
-- and the talent, the venue owner or server-side code confirms or declines. Only a 1st option is
-- confirmed, and confirming books the range in the ledger (its exclusion constraint applies to
-- bookings, not to options). When a higher option is declined, released or expires, the ones below
-- move up: ranks are computed from the live options, so they move at once and alike for every
-- reader; the first writer that touches the resource afterwards records the promotion
-- (promoted_at), once, under the resource's lock. No cron. docs/scheduling.md, "Options".
--
-- Also here: the guard that keeps a talent or venue owner from deleting a profile with other
-- organizations' future bookings, and the bound on open slots per day.

CREATE SEQUENCE fashionos.options_seq;
CREATE TABLE fashionos.options (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    seq bigint NOT NULL DEFAULT nextval('fashionos.options_seq'),
    resource_type text NOT NULL CHECK (resource_type = ANY (fashionos.bookable_types())),
    resource_id uuid NOT NULL,
    event_id uuid NOT NULL REFERENCES public.events(id) ON DELETE CASCADE,
    organization_id uuid NOT NULL,
    requested_by uuid,
    during tstzrange NOT NULL CONSTRAINT options_during_bounded CHECK (
        NOT isempty(during) AND lower_inc(during) AND NOT upper_inc(during)
        AND NOT lower_inf(during) AND NOT upper_inf(during)),
    status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'confirmed', 'declined', 'released', 'expired')),
    requested_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    requested_rank integer NOT NULL CHECK (requested_rank >= 1),
    promoted_at timestamptz,
    booking_id uuid,
    decided_at timestamptz,
    decided_by uuid,
    CONSTRAINT options_seq_key UNIQUE (seq)
);
CREATE INDEX idx_options_resource_during ON fashionos.options USING gist (resource_type, resource_id, during)
    WHERE status IN ('open', 'confirmed');
CREATE INDEX idx_options_event_id ON fashionos.options (event_id);
CREATE INDEX idx_options_organization_id ON fashionos.options (organization_id);
CREATE INDEX idx_options_booking_id ON fashionos.options (booking_id) WHERE booking_id IS NOT NULL;
ALTER SEQUENCE fashionos.options_seq OWNED BY fashionos.options.seq;

-- How long an option lives when the request names no expiry, and the longest it may ask for.
CREATE FUNCTION fashionos.option_default_expiry() RETURNS interval
    LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$ SELECT interval '72 hours' $$;
COMMENT ON FUNCTION fashionos.option_default_expiry() IS 'How long an option lives when request_option names no expiry: 72 hours.';
CREATE FUNCTION fashionos.option_max_expiry() RETURNS interval
    LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$ SELECT interval '30 days' $$;
COMMENT ON FUNCTION fashionos.option_max_expiry() IS 'The latest expiry request_option accepts: 30 days from now.';

-- The option still holds its place: open and not expired, or confirmed with its booking in place.
CREATE FUNCTION fashionos.option_is_live(p_option fashionos.options) RETURNS boolean
    LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT (p_option.status = 'open' AND p_option.expires_at > pg_catalog.now())
        OR (p_option.status = 'confirmed' AND EXISTS (
                SELECT 1 FROM fashionos.bookings b
                 WHERE b.source_table = p_option.resource_type || '_availability'
                   AND b.source_id = p_option.booking_id AND b.resource_id = p_option.resource_id))
$$;
COMMENT ON FUNCTION fashionos.option_is_live(fashionos.options) IS
    'True while an option holds its place: open and not past its expiry, or confirmed with its booking still in the ledger, on its resource.';

-- Whether an option stands in line: live (option_is_live), and an open one only while its event
-- is not cancelled. A cancelled event's open options keep their place for when it comes back, but
-- stand in nobody's way meanwhile; a confirmed one is a booking, which its organization releases.
CREATE FUNCTION fashionos.option_in_line(p_option fashionos.options) RETURNS boolean
    LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT fashionos.option_is_live(p_option)
       AND (p_option.status <> 'open'
            OR NOT EXISTS (SELECT 1 FROM public.events e WHERE e.id = p_option.event_id AND e.status = 'cancelled'))
$$;
COMMENT ON FUNCTION fashionos.option_in_line(fashionos.options) IS
    'True while an option stands in line for its resource: live, and, when open, its event not cancelled.';

-- The range an option stands on: an open one on the range it asked for, a confirmed one on its
-- booking's range as the ledger holds it now (a booking may have been moved; null once released).
CREATE FUNCTION fashionos.option_stands(p_option fashionos.options) RETURNS tstzrange
    LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT CASE WHEN p_option.status = 'confirmed'
                THEN (SELECT b.during FROM fashionos.bookings b
                       WHERE b.source_table = p_option.resource_type || '_availability'
                         AND b.source_id = p_option.booking_id AND b.resource_id = p_option.resource_id)
                ELSE p_option.during END
$$;
COMMENT ON FUNCTION fashionos.option_stands(fashionos.options) IS
    'The range an option stands on: an open one on the range it asked for, a confirmed one on its booking''s range in the ledger.';

-- The ranks of the options of one resource (of one of them with p_only), in one pass: whether
-- each stands in line is asked once per option, then the options in line ahead of each are
-- counted among them: the options overlapping the range it asked for, a confirmed one (a booking)
-- ahead of every open one, then in request order. An open option requested before a confirmed one
-- is behind it: its event was cancelled while the other was confirmed, and is back. NULL for an
-- option that is not in line (not live, or open for a cancelled event); no row for one neither
-- open nor confirmed. A list of a model's 400 options, or the promotions of settle_options, would
-- otherwise ask whether each stands in line 400 times per option.
CREATE FUNCTION fashionos.option_ranks(p_resource_type text, p_resource_id uuid, p_only uuid DEFAULT NULL)
    RETURNS TABLE (option_id uuid, rank integer)
    LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    WITH o AS MATERIALIZED (
        SELECT x.id, x.seq, x.status, x.during AS asked, fashionos.option_stands(x) AS stands,
               fashionos.option_in_line(x) AS in_line
          FROM fashionos.options x
         WHERE x.resource_type = p_resource_type AND x.resource_id = p_resource_id AND x.status IN ('open', 'confirmed'))
    SELECT p.id, CASE WHEN p.in_line THEN 1 + (
               SELECT pg_catalog.count(*)::integer FROM o x
                WHERE x.in_line AND x.id <> p.id
                  AND x.stands OPERATOR(pg_catalog.&&) p.asked
                  AND (x.status <> 'confirmed', x.seq) < (p.status <> 'confirmed', p.seq)) END
      FROM o p
     WHERE p_only IS NULL OR p.id = p_only
$$;
COMMENT ON FUNCTION fashionos.option_ranks(text, uuid, uuid) IS
    'The rank of every open or confirmed option of one resource, or of one of them (p_only), in one pass: 1 + the options in line ahead of it on overlapping ranges, confirmed ones first, then in request order; NULL when it is not in line.';

-- The rank of one option (fashionos.option_ranks).
CREATE FUNCTION fashionos.option_rank(p_option fashionos.options) RETURNS integer
    LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT r.rank FROM fashionos.option_ranks(p_option.resource_type, p_option.resource_id, p_option.id) r
$$;
COMMENT ON FUNCTION fashionos.option_rank(fashionos.options) IS
    'The rank of an option in line (1 = 1st; fashionos.option_ranks); NULL when it is not live, or open for a cancelled event.';

-- Refuses (PT409) an option of a cancelled event: requested or confirmed, it would hold a talent
-- or venue for a show that is not taking place.
CREATE FUNCTION fashionos.refuse_cancelled_event(p_event_id uuid, p_detail text, p_hint text) RETURNS void
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM public.events e WHERE e.id = p_event_id AND e.status = 'cancelled') THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'event is cancelled', DETAIL = p_detail, HINT = p_hint;
    END IF;
END
$$;
COMMENT ON FUNCTION fashionos.refuse_cancelled_event(uuid, text, text) IS
    'Refuses (PT409 event is cancelled) when the event is cancelled: options are neither requested nor confirmed for it.';

-- Serializes the writers of one resource's options (request, confirm, decline, release) and its
-- direct bookings (book_resource; a ledger write that met another in flight and tries again).
CREATE FUNCTION fashionos.lock_resource_options(p_resource_type text, p_resource_id uuid) RETURNS void
    LANGUAGE sql VOLATILE SET search_path = pg_catalog, pg_temp AS $$ SELECT pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('fashionos.options:' || p_resource_type || ':' || p_resource_id::text, 0)) $$;
COMMENT ON FUNCTION fashionos.lock_resource_options(text, uuid) IS
    'Takes the transaction-level advisory lock of one resource''s options and direct bookings: its writers take turns.';

-- The lazy step, under the resource's lock: records the expiry of open options past their expiry,
-- and the promotion of options that became 1st. Each is recorded once (the WHERE clauses).
CREATE FUNCTION fashionos.settle_options(p_resource_type text, p_resource_id uuid) RETURNS void
    LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    UPDATE fashionos.options o SET status = 'expired', decided_at = o.expires_at
     WHERE o.resource_type = p_resource_type AND o.resource_id = p_resource_id
       AND o.status = 'open' AND o.expires_at <= pg_catalog.now();
    UPDATE fashionos.options o SET promoted_at = pg_catalog.clock_timestamp()
      FROM fashionos.option_ranks(p_resource_type, p_resource_id) r
     WHERE r.option_id = o.id AND r.rank = 1
       AND o.status = 'open' AND o.requested_rank > 1 AND o.promoted_at IS NULL;
END
$$;
COMMENT ON FUNCTION fashionos.settle_options(text, uuid) IS
    'Records, under the resource''s lock, the expiry of open options past their expiry and the promotion of options that became 1st; each once.';

-- An option as the API returns it, with its rank (p_rank; fashionos.option_row(option) asks
-- fashionos.option_rank for it).
CREATE FUNCTION fashionos.option_row(p_option fashionos.options, p_rank integer) RETURNS public.booking_option
    LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT ROW(p_option.id, p_option.resource_type, p_option.resource_id, p_option.event_id,
               pg_catalog.lower(p_option.during), pg_catalog.upper(p_option.during),
               CASE WHEN p_option.status = 'open' AND p_option.expires_at <= pg_catalog.now() THEN 'expired'
                    WHEN p_option.status = 'confirmed' AND NOT fashionos.option_is_live(p_option) THEN 'released'
                    ELSE p_option.status END,
               p_rank, p_option.requested_rank, p_option.expires_at,
               p_option.requested_at, p_option.promoted_at, p_option.booking_id,
               p_option.status = 'open' AND EXISTS (
                   SELECT 1 FROM fashionos.bookings b
                    WHERE b.resource_type = p_option.resource_type AND b.resource_id = p_option.resource_id
                      AND b.during OPERATOR(pg_catalog.&&) p_option.during
                      AND b.status IN ('booked', 'blocked') AND b.engagement <> p_option.event_id))::public.booking_option
$$;
COMMENT ON FUNCTION fashionos.option_row(fashionos.options, integer) IS 'An option as public.booking_option, with the rank given: its status as of now.';

CREATE FUNCTION fashionos.option_row(p_option fashionos.options) RETURNS public.booking_option
    LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT fashionos.option_row(p_option, fashionos.option_rank(p_option))
$$;
COMMENT ON FUNCTION fashionos.option_row(fashionos.options) IS 'An option as public.booking_option: its status and rank as of now.';

-- The option p_option_id as the caller may see it: the requesting organization, the resource
-- itself (talent, venue owner) or server-side code. PT404 for anyone else, as for no such option.
CREATE FUNCTION fashionos.visible_option(p_option_id uuid) RETURNS fashionos.options
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v fashionos.options;
BEGIN
    SELECT * INTO v FROM fashionos.options o WHERE o.id = p_option_id;
    IF NOT FOUND OR NOT (fashionos.caller_is_resource(v.resource_type, v.resource_id)
                         OR v.organization_id = fashionos.my_org_id()) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'option not found',
            DETAIL = pg_catalog.format('No option with id %s is visible to the caller.', p_option_id),
            HINT = 'Pass the option_id that request_option or list_options returned.';
    END IF;
    RETURN v;
END
$$;
COMMENT ON FUNCTION fashionos.visible_option(uuid) IS
    'The option if the caller may see it (its organization, the talent or venue owner, server-side code); PT404 otherwise.';

-- The option p_option_id that confirm, decline or release act on: 22023 without an id, PT404 when
-- the caller may not see it.
CREATE FUNCTION fashionos.option_to_decide(p_option_id uuid) RETURNS fashionos.options
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF p_option_id IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'p_option_id is required', DETAIL = 'p_option_id was null.',
            HINT = 'Pass the option_id that request_option or list_options returned.';
    END IF;
    RETURN fashionos.visible_option(p_option_id);
END
$$;
COMMENT ON FUNCTION fashionos.option_to_decide(uuid) IS
    'The option that confirm_option, decline_option or release_option acts on: 22023 without an id, PT404 when not visible.';

-- Refuses (42501) unless the caller is the option's resource itself (the talent behind the
-- profile, the venue owner) or server-side code: who confirms and declines options (p_verb, and
-- p_done its past participle).
CREATE FUNCTION fashionos.require_consent_of(p_option fashionos.options, p_verb text, p_done text, p_hint text)
    RETURNS void
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT fashionos.caller_is_resource(p_option.resource_type, p_option.resource_id) THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = pg_catalog.format('not allowed to %s this option', p_verb),
            DETAIL = pg_catalog.format('Option %s is %s by the %s itself (the talent behind the profile, or the venue owner) or server-side code.',
                                       p_option.id, p_done, p_option.resource_type),
            HINT = p_hint;
    END IF;
END
$$;
COMMENT ON FUNCTION fashionos.require_consent_of(fashionos.options, text, text, text) IS
    'Refuses (42501) unless the caller is the option''s resource (talent, venue owner) or server-side code.';

-- The option as it is once its resource's options are settled, under the resource's lock (taken
-- here; a transaction that holds it already takes it again at no cost).
CREATE FUNCTION fashionos.settled_option(p_option fashionos.options) RETURNS fashionos.options
    LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v fashionos.options;
BEGIN
    PERFORM fashionos.lock_resource_options(p_option.resource_type, p_option.resource_id);
    PERFORM fashionos.settle_options(p_option.resource_type, p_option.resource_id);
    SELECT * INTO v FROM fashionos.options o WHERE o.id = p_option.id;
    RETURN v;
END
$$;
COMMENT ON FUNCTION fashionos.settled_option(fashionos.options) IS
    'Takes the lock of the option''s resource, settles its options (expiries, promotions) and reads the option again.';

-- The settled option (settled_option) that confirm, decline or release change to p_done: returned
-- when it is p_done already (a confirmed one only while live: the caller answers with it again) or
-- in one of the statuses p_from it may leave; otherwise PT409 "option <status>" (a confirmed option
-- whose booking is gone: "option released") with p_hint.
CREATE FUNCTION fashionos.option_to_change(p_option fashionos.options, p_done text, p_from text[], p_hint text)
    RETURNS fashionos.options
    LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v fashionos.options := fashionos.settled_option(p_option);
    v_live boolean := fashionos.option_is_live(v);
BEGIN
    IF (v.status = p_done AND (v_live OR v.status <> 'confirmed')) OR v.status = ANY (p_from) THEN
        RETURN v;
    END IF;
    RAISE EXCEPTION USING ERRCODE = 'PT409',
        MESSAGE = pg_catalog.format('option %s', CASE WHEN v.status = 'confirmed' AND NOT v_live THEN 'released' ELSE v.status END),
        DETAIL = pg_catalog.format('Option %s is %s and can no longer be %s.', v.id, v.status, p_done),
        -- declining what holds nothing any more (expired, declined, released) needs nothing
        HINT = CASE WHEN p_done = 'declined' AND NOT v_live THEN 'Nothing to do: the option holds nothing any more.'
                    ELSE p_hint END;
END
$$;
COMMENT ON FUNCTION fashionos.option_to_change(fashionos.options, text, text[], text) IS
    'The settled option that confirm_option, decline_option or release_option change: PT409 unless it is in a status it may leave, or done already.';

-- ---------------------------------------------------------------------------------------------
-- The API's implementations (SECURITY DEFINER: they write the private table and the availability
-- tables after checking the caller). Wrappers: sql/api/options.sql.
-- ---------------------------------------------------------------------------------------------
CREATE FUNCTION fashionos.request_option(p_resource_type text, p_resource_id uuid, p_event_id uuid,
                                         p_start timestamptz, p_end timestamptz,
                                         p_expires_at timestamptz DEFAULT NULL)
    RETURNS SETOF public.booking_option
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_expires timestamptz := coalesce(p_expires_at, pg_catalog.now() + fashionos.option_default_expiry());
    v_during tstzrange;
    v_rank integer;
    v fashionos.options;
BEGIN
    PERFORM fashionos.check_bookable_type(p_resource_type, 'optioned');
    IF p_resource_id IS NULL OR p_event_id IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'missing argument',
            DETAIL = 'p_resource_id, p_event_id, p_start and p_end are required.', HINT = 'Pass all four.';
    END IF;
    PERFORM fashionos.check_booking_range(p_start, p_end,
                                          (SELECT s.time_zone FROM fashionos.settings_for(p_event_id) s));
    IF v_expires <= pg_catalog.now() OR v_expires > pg_catalog.now() + fashionos.option_max_expiry() THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'expiry out of range',
            DETAIL = pg_catalog.format('An option expires after now and within %s, not at %s.', fashionos.option_max_expiry(), v_expires),
            HINT = 'Pass p_expires_at in the next 30 days, or null for 72 hours.';
    END IF;
    PERFORM fashionos.require_runs_event(p_event_id, 'not allowed to request options for this event',
                                         'Organizers, admins and owners of the event''s organization request options for it.');
    PERFORM fashionos.require_resource(p_resource_type, p_resource_id);
    -- the rows the option references, locked as its foreign keys take them: a deletion in flight is
    -- waited for and answered 404, not a bare foreign-key violation at the INSERT
    PERFORM fashionos.key_share_event(p_event_id);
    PERFORM fashionos.key_share_resource(p_resource_type, p_resource_id);
    PERFORM fashionos.refuse_cancelled_event(p_event_id,
        pg_catalog.format('Event %s is cancelled: an option would hold the %s for a show that is not taking place.', p_event_id, p_resource_type),
        'Set the event''s status back to planning or active first.');
    v_during := pg_catalog.tstzrange(p_start, p_end, '[)');
    PERFORM fashionos.lock_resource_options(p_resource_type, p_resource_id);
    PERFORM fashionos.settle_options(p_resource_type, p_resource_id);
    IF EXISTS (SELECT 1 FROM fashionos.options o
                WHERE o.resource_type = p_resource_type AND o.resource_id = p_resource_id
                  AND o.event_id = p_event_id AND o.status IN ('open', 'confirmed')
                  AND o.during OPERATOR(pg_catalog.&&) v_during AND fashionos.option_is_live(o)) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'option already requested',
            DETAIL = pg_catalog.format('Event %s already holds a live option on %s %s overlapping [%s, %s).',
                                       p_event_id, p_resource_type, p_resource_id, p_start, p_end),
            HINT = 'Release that option first, or list your options with list_options.';
    END IF;
    SELECT 1 + pg_catalog.count(*)::integer INTO v_rank FROM fashionos.options x
     WHERE x.resource_type = p_resource_type AND x.resource_id = p_resource_id
       AND x.status IN ('open', 'confirmed') AND fashionos.option_stands(x) OPERATOR(pg_catalog.&&) v_during
       AND fashionos.option_in_line(x);
    INSERT INTO fashionos.options AS o (resource_type, resource_id, event_id, organization_id, requested_by,
                                        during, expires_at, requested_rank)
    SELECT p_resource_type, p_resource_id, p_event_id, e.organization_id, auth.uid(), v_during, v_expires, v_rank
      FROM public.events e WHERE e.id = p_event_id
    RETURNING o.* INTO v;
    RETURN NEXT fashionos.option_row(v);
END
$$;
COMMENT ON FUNCTION fashionos.request_option(text, uuid, uuid, timestamptz, timestamptz, timestamptz) IS
    'Implementation of public.request_option (SECURITY DEFINER: writes the private options table after checking the caller).';

CREATE FUNCTION fashionos.confirm_option(p_option_id uuid)
    RETURNS SETOF public.booking_option
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v fashionos.options;
    v_rank integer;
    v_date date;
    v_booking uuid;
BEGIN
    v := fashionos.option_to_decide(p_option_id);
    -- the rows the option and its booking reference, before the option's: a deletion of the event
    -- or the resource in flight (its cascade takes the option) is waited for, then answered 404
    PERFORM fashionos.key_share_event(v.event_id);
    PERFORM fashionos.key_share_resource(v.resource_type, v.resource_id);
    PERFORM fashionos.require_consent_of(v, 'confirm', 'confirmed', 'Ask the talent, the venue owner or the agency to confirm it.');
    v := fashionos.option_to_change(v, 'confirmed', '{open}', 'The organizer requests a new option.');
    IF v.status = 'confirmed' THEN
        RETURN NEXT fashionos.option_row(v);  -- confirmed already: the same answer
        RETURN;
    END IF;
    PERFORM fashionos.refuse_cancelled_event(v.event_id,
        pg_catalog.format('Option %s is for event %s, which was cancelled.', p_option_id, v.event_id),
        'Decline it; if the event comes back, its organizers keep the option''s place and tell you.');
    -- a booking in the past is refused, as book_resource refuses it
    IF pg_catalog.upper(v.during) <= pg_catalog.now() THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'option''s time has passed',
            DETAIL = pg_catalog.format('Option %s asked for %s, which ended before it was confirmed.', p_option_id,
                fashionos.range_text(v.during)),
            HINT = 'Decline it; the organizer requests a new option for a time to come.';
    END IF;
    v_rank := fashionos.option_rank(v);
    IF v_rank <> 1 THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'only a 1st option can be confirmed',
            DETAIL = pg_catalog.format('Option %s ranks %s on this %s''s calendar.', p_option_id, v_rank, v.resource_type),
            HINT = 'Confirm the 1st option, or decline the options above this one first.';
    END IF;
    -- the booking, in the ledger: PT409 when the range is booked meanwhile
    SELECT (pg_catalog.lower(v.during) AT TIME ZONE s.time_zone)::date INTO v_date FROM fashionos.settings_for(v.event_id) s;
    v_booking := fashionos.insert_availability(v.resource_type, v.resource_id, v.event_id, v_date, v.during, 'booked');
    UPDATE fashionos.options o SET status = 'confirmed', booking_id = v_booking, decided_at = pg_catalog.now(),
                                   decided_by = auth.uid()
     WHERE o.id = p_option_id
    RETURNING o.* INTO v;
    RETURN NEXT fashionos.option_row(v);
END
$$;
COMMENT ON FUNCTION fashionos.confirm_option(uuid) IS
    'Implementation of public.confirm_option (SECURITY DEFINER: books the range in the availability table after checking the caller).';

CREATE FUNCTION fashionos.decline_option(p_option_id uuid)
    RETURNS SETOF public.booking_option
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v fashionos.options;
BEGIN
    v := fashionos.option_to_decide(p_option_id);
    -- the rows the option and its booking reference, before the option's: a deletion of the event
    -- or the resource in flight (its cascade takes the option) is waited for, then answered 404
    PERFORM fashionos.key_share_event(v.event_id);
    PERFORM fashionos.key_share_resource(v.resource_type, v.resource_id);
    PERFORM fashionos.require_consent_of(v, 'decline', 'declined',
                                         'The requesting organization releases its own options with release_option.');
    v := fashionos.option_to_change(v, 'declined', '{open}', 'A confirmed option is a booking: its organization releases it.');
    IF v.status = 'declined' THEN
        RETURN NEXT fashionos.option_row(v);  -- declined already: the same answer
        RETURN;
    END IF;
    UPDATE fashionos.options o SET status = 'declined', decided_at = pg_catalog.now(), decided_by = auth.uid()
     WHERE o.id = p_option_id RETURNING o.* INTO v;
    RETURN NEXT fashionos.option_row(fashionos.settled_option(v));
END
$$;
COMMENT ON FUNCTION fashionos.decline_option(uuid) IS
    'Implementation of public.decline_option (SECURITY DEFINER: writes the private options table after checking the caller).';

CREATE FUNCTION fashionos.release_option(p_option_id uuid)
    RETURNS SETOF public.booking_option
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v fashionos.options;
BEGIN
    v := fashionos.option_to_decide(p_option_id);
    -- the rows the option and its booking reference, before the option's: a deletion of the event
    -- or the resource in flight (its cascade takes the option) is waited for, then answered 404
    PERFORM fashionos.key_share_event(v.event_id);
    PERFORM fashionos.key_share_resource(v.resource_type, v.resource_id);
    PERFORM fashionos.refuse_unless_runs(fashionos.caller_event_relation(v.event_id), v.event_id,
        'not allowed to release this option',
        'The requesting organization releases its options; the talent or venue owner declines them with decline_option.');
    v := fashionos.option_to_change(v, 'released', '{open,confirmed}', 'Nothing to release.');
    IF v.status = 'released' THEN
        RETURN NEXT fashionos.option_row(v);  -- released already: the same answer
        RETURN;
    END IF;
    -- a confirmed option is a booking: releasing it frees the range
    IF v.status = 'confirmed' AND v.booking_id IS NOT NULL THEN
        PERFORM fashionos.on_availability(v.resource_type, 'DELETE FROM %s AS a WHERE a.id = $1 RETURNING a.id', v.booking_id);
    END IF;
    UPDATE fashionos.options o SET status = 'released', decided_at = pg_catalog.now(), decided_by = auth.uid()
     WHERE o.id = p_option_id;
    RETURN NEXT fashionos.option_row(fashionos.settled_option(v));
END
$$;
COMMENT ON FUNCTION fashionos.release_option(uuid) IS
    'Implementation of public.release_option (SECURITY DEFINER: writes the private options table and frees a confirmed booking after checking the caller).';

CREATE FUNCTION fashionos.list_options(p_resource_type text DEFAULT NULL, p_resource_id uuid DEFAULT NULL,
                                       p_event_id uuid DEFAULT NULL)
    RETURNS SETOF public.booking_option
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_server boolean := fashionos.caller_is_server();
    v_org uuid := fashionos.my_org_id();
BEGIN
    IF p_resource_type IS NOT NULL THEN
        PERFORM fashionos.check_bookable_type(p_resource_type, 'optioned', ', or null for all');
    END IF;
    IF auth.uid() IS NULL AND NOT v_server THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'not allowed to list options',
            DETAIL = 'The caller is not signed in.', HINT = 'Sign in.';
    END IF;
    -- The options the caller may see: those of his organization (by an index), and those on the
    -- calendars that are his (his profiles and venues, looked up once), or all for server-side
    -- code; their ranks are computed once per resource, and each row built once.
    RETURN QUERY
    WITH mine AS (
        SELECT 'model'::text AS resource_type, m AS resource_id FROM fashionos.my_model_profile_ids() m
        UNION ALL SELECT 'designer', d FROM fashionos.my_designer_profile_ids() d
        UNION ALL SELECT 'venue', v.id FROM public.venues v WHERE v.owner_id = auth.uid()),
    seen AS (
        SELECT o.* FROM fashionos.options o
         WHERE v_server
           AND (p_resource_type IS NULL OR o.resource_type = p_resource_type)
           AND (p_resource_id IS NULL OR o.resource_id = p_resource_id)
           AND (p_event_id IS NULL OR o.event_id = p_event_id)
        UNION
        SELECT o.* FROM fashionos.options o
         WHERE NOT v_server AND o.organization_id = v_org
           AND (p_resource_type IS NULL OR o.resource_type = p_resource_type)
           AND (p_resource_id IS NULL OR o.resource_id = p_resource_id)
           AND (p_event_id IS NULL OR o.event_id = p_event_id)
        UNION
        SELECT o.* FROM mine m JOIN fashionos.options o ON o.resource_type = m.resource_type AND o.resource_id = m.resource_id
         WHERE NOT v_server
           AND (p_resource_type IS NULL OR o.resource_type = p_resource_type)
           AND (p_resource_id IS NULL OR o.resource_id = p_resource_id)
           AND (p_event_id IS NULL OR o.event_id = p_event_id)),
    ranks AS (
        SELECT r.* FROM (SELECT DISTINCT s.resource_type, s.resource_id FROM seen s) k
         CROSS JOIN LATERAL fashionos.option_ranks(k.resource_type, k.resource_id) r)
    SELECT b.*
      FROM seen o
      LEFT JOIN ranks r ON r.option_id = o.id
     CROSS JOIN LATERAL fashionos.option_row(o::fashionos.options, r.rank) b
     ORDER BY o.resource_type, o.resource_id, pg_catalog.lower(o.during), o.seq;
END
$$;
COMMENT ON FUNCTION fashionos.list_options(text, uuid, uuid) IS
    'Implementation of public.list_options (SECURITY DEFINER: reads the private options table, the caller''s organization''s options and the options on the caller''s own calendar).';

-- ---------------------------------------------------------------------------------------------
-- Deleting a profile or venue: not while other organizations hold future bookings of it (PT409):
-- those the talent or venue owner agreed to (a confirmed option, a booking by whoever controls
-- the resource). What nobody asked them about does not keep them: open options (requests they
-- have not answered) and castings (an organization casts without consent) go with the profile.
-- ---------------------------------------------------------------------------------------------
-- model_profiles, designer_profiles, venues: BEFORE DELETE. The resource type and the column
-- naming the user behind the resource are the table's in fashionos.resource_map.
CREATE FUNCTION fashionos.guard_resource_delete()
    RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_type text;
    v_user uuid;
    v_org uuid;
    v_bookings bigint;
BEGIN
    SELECT m.resource_type, (pg_catalog.to_jsonb(OLD) ->> m.user_column)::uuid INTO STRICT v_type, v_user
      FROM fashionos.resource_map() m WHERE m.resource_table = pg_catalog.format('%I.%I', TG_TABLE_SCHEMA, TG_TABLE_NAME);
    SELECT u.organization_id INTO v_org FROM public.users u WHERE u.id = v_user;
    IF NOT FOUND THEN
        -- deleted with its user, whose row is gone already: his organization was noted by the
        -- trigger users_named_references (fashionos.users_move_references)
        v_org := (NULLIF(pg_catalog.current_setting('fashionos.deleted_users', true), '')::jsonb
                  OPERATOR(pg_catalog.->>) v_user::text)::uuid;
    END IF;
    SELECT pg_catalog.count(*) INTO v_bookings
      FROM fashionos.bookings b JOIN public.events e ON e.id = b.event_id
     WHERE b.resource_type = v_type AND b.resource_id = OLD.id
       AND pg_catalog.upper(b.during) > pg_catalog.now()
       AND e.organization_id IS DISTINCT FROM v_org;
    IF v_bookings > 0 THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409',
            MESSAGE = pg_catalog.format('%s has plans of other organizations', v_type),
            DETAIL = pg_catalog.format('%s %s has %s future bookings of other organizations.', v_type, OLD.id, v_bookings),
            HINT = 'Ask the organizations to release their bookings (release_booking, release_option) first; then delete. Open options and castings do not stop a deletion: they go with it.';
    END IF;
    DELETE FROM fashionos.options o WHERE o.resource_type = v_type AND o.resource_id = OLD.id;
    RETURN OLD;
END
$$;
COMMENT ON FUNCTION fashionos.guard_resource_delete() IS
    'Trigger: refuses (PT409) deleting a venue, model or designer profile with future bookings of other organizations; otherwise drops its options (its castings go by their foreign keys).';
CREATE TRIGGER venues_guard_delete BEFORE DELETE ON public.venues
    FOR EACH ROW EXECUTE FUNCTION fashionos.guard_resource_delete();
CREATE TRIGGER model_profiles_guard_delete BEFORE DELETE ON public.model_profiles
    FOR EACH ROW EXECUTE FUNCTION fashionos.guard_resource_delete();
CREATE TRIGGER designer_profiles_guard_delete BEFORE DELETE ON public.designer_profiles
    FOR EACH ROW EXECUTE FUNCTION fashionos.guard_resource_delete();

-- ---------------------------------------------------------------------------------------------
-- Open slots (rows without an event) are written by the talent or venue owner directly (row level
-- security allows it); a bounded number per resource and calendar day keeps conflict reports and
-- calendars small. Holds for direct table writes through PostgREST as for everyone else.
CREATE FUNCTION fashionos.max_open_slots_per_day() RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$ SELECT 48 $$;
COMMENT ON FUNCTION fashionos.max_open_slots_per_day() IS
    'The most open slots (availability rows without an event) one venue, model or designer has on one calendar day: 48.';

-- venue_availability, model_availability, designer_availability, BEFORE INSERT OR UPDATE of a row
-- without an event. TG_ARGV[0]: the column naming the resource.
CREATE FUNCTION fashionos.limit_open_slots()
    RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_resource uuid := (pg_catalog.to_jsonb(NEW) ->> TG_ARGV[0])::uuid;
    v_count bigint;
    -- the day the slot starts on (UTC), not the writer's own date column, which may be a day off
    v_day date := (NEW.start_time AT TIME ZONE 'UTC')::date;
BEGIN
    IF fashionos.writer_is_operator() THEN  -- a restore loads the calendar as it was
        RETURN NEW;
    END IF;
    -- an open slot that stays on its day adds nothing to it: a day filled before the cap counted
    -- per UTC day can still be edited (merged, as the refusal advises)
    IF TG_OP = 'UPDATE' AND OLD.event_id IS NULL
       AND (pg_catalog.to_jsonb(OLD) ->> TG_ARGV[0])::uuid = v_resource
       AND (OLD.start_time AT TIME ZONE 'UTC')::date = v_day THEN
        RETURN NEW;
    END IF;
    -- one writer per resource at a time, so two concurrent inserts cannot both take the last slot
    PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended(TG_TABLE_NAME || ':' || v_resource::text, 0));
    EXECUTE pg_catalog.format(
        'SELECT pg_catalog.count(*) FROM public.%I a WHERE a.%I = $1 AND a.event_id IS NULL AND a.id <> $3
            AND a.start_time >= ($2::timestamp AT TIME ZONE ''UTC'') AND a.start_time < (($2 + 1)::timestamp AT TIME ZONE ''UTC'')',
        TG_TABLE_NAME, TG_ARGV[0])
        INTO v_count USING v_resource, v_day, NEW.id;
    IF v_count >= fashionos.max_open_slots_per_day() THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'too many open slots on this day',
            DETAIL = pg_catalog.format('%s %s already has %s open slots (rows of %s without an event) starting on %s (UTC); at most %s a day.',
                                       TG_ARGV[0], v_resource, v_count, TG_TABLE_NAME, pg_catalog.to_char(v_day, 'YYYY-MM-DD'), fashionos.max_open_slots_per_day()),
            HINT = 'Merge slots into longer ones, or delete some first.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION fashionos.limit_open_slots() IS
    'Trigger: refuses (PT409) a row without an event when its resource already has fashionos.max_open_slots_per_day() such rows starting on the same UTC day.';
-- The count reads at most a day's open slots of one resource: without these indexes every row
-- written scanned all the resource's open slots (a bulk POST of N slots cost N squared).
CREATE INDEX idx_venue_availability_open_slots ON public.venue_availability (venue_id, start_time) WHERE event_id IS NULL;  -- addition: the open-slot cap
CREATE INDEX idx_model_availability_open_slots ON public.model_availability (model_profile_id, start_time) WHERE event_id IS NULL;  -- addition: the open-slot cap
CREATE INDEX idx_designer_availability_open_slots ON public.designer_availability (designer_profile_id, start_time) WHERE event_id IS NULL;  -- addition: the open-slot cap
CREATE TRIGGER venue_availability_open_slots BEFORE INSERT OR UPDATE ON public.venue_availability
    FOR EACH ROW WHEN (NEW.event_id IS NULL) EXECUTE FUNCTION fashionos.limit_open_slots('venue_id');
CREATE TRIGGER model_availability_open_slots BEFORE INSERT OR UPDATE ON public.model_availability
    FOR EACH ROW WHEN (NEW.event_id IS NULL) EXECUTE FUNCTION fashionos.limit_open_slots('model_profile_id');
CREATE TRIGGER designer_availability_open_slots BEFORE INSERT OR UPDATE ON public.designer_availability
    FOR EACH ROW WHEN (NEW.event_id IS NULL) EXECUTE FUNCTION fashionos.limit_open_slots('designer_profile_id');
