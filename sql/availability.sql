-- availability.sql: the booking ledger and the triggers that keep it in step with its sources.
--
-- A venue, model, designer or crew member (stakeholder) is booked by rows of five tables:
-- venue_availability, model_availability, designer_availability (start_time/end_time), call_times
-- (a date and a clock time, read in the event's time zone, booking the person for the event's
-- call_time_minutes) and event_rehearsals (a date and a time slot, booking the venue the event
-- rehearses at). One exclusion constraint cannot span five tables, so every booking is copied into
-- one private ledger, fashionos.bookings, whose constraint refuses two booked/blocked rows of
-- different engagements for one resource at overlapping [start, end) times. The ledger is derived:
-- triggers on the sources write it, fashionos.rebuild_bookings() recomputes it, it is not dumped
-- (a restore refills it: the restored rows fire the triggers). docs/scheduling.md has the rules.
--
-- Reading DATE + time-slot pairs is done by the Rust functions fashionos.time_slot_range and
-- fashionos.call_time_range (src/availability.rs). They are created later in the install script;
-- PL/pgSQL resolves the functions a statement calls when the statement first runs, so the bodies
-- below may call them, and nothing here runs during CREATE EXTENSION (the tables are empty).

-- ---------------------------------------------------------------------------------------------
-- The ledger
-- ---------------------------------------------------------------------------------------------
CREATE TABLE fashionos.bookings (
    source_table text NOT NULL CHECK (source_table IN (
        'venue_availability', 'model_availability', 'designer_availability', 'call_times', 'event_rehearsals')),
    source_id uuid NOT NULL,
    resource_type text NOT NULL CHECK (resource_type IN ('venue', 'model', 'designer', 'stakeholder')),
    resource_id uuid NOT NULL,
    during tstzrange NOT NULL,
    status text NOT NULL CHECK (status IN ('booked', 'blocked', 'tentative')),
    event_id uuid,
    engagement uuid NOT NULL GENERATED ALWAYS AS (coalesce(event_id, source_id)) STORED,
    PRIMARY KEY (source_table, source_id),
    CONSTRAINT bookings_during_bounded CHECK (
        NOT isempty(during) AND lower_inc(during) AND NOT upper_inc(during)
        AND NOT lower_inf(during) AND NOT upper_inf(during)),
    -- btree_gist (schema extensions) provides the GiST operator classes of text and uuid, including
    -- <> for uuid; default operator classes are found whatever the search_path.
    CONSTRAINT bookings_no_double_booking EXCLUDE USING gist (
        resource_type WITH =,
        resource_id WITH =,
        during WITH &&,
        engagement WITH <>
    ) WHERE (status IN ('booked', 'blocked'))
);
-- conflict reports read every status (the constraint's index holds booked/blocked rows only)
CREATE INDEX idx_bookings_resource_during ON fashionos.bookings USING gist (resource_type, resource_id, during);
CREATE INDEX idx_bookings_event_id ON fashionos.bookings (event_id);

-- The bookings a cancelled event's call times and rehearsals gave up while it was cancelled
-- (fashionos.cancelled_event_keeps_only): what each booked when the event was last on, so that
-- the event comes back only if each books that resource again (fashionos.events_back_from_cancelled).
-- Not derived: dumped with the rest.
CREATE TABLE fashionos.bookings_set_aside (
    source_table text NOT NULL CHECK (source_table IN ('call_times', 'event_rehearsals')),
    source_id uuid NOT NULL,
    resource_type text NOT NULL,
    resource_id uuid NOT NULL,
    during tstzrange NOT NULL,
    event_id uuid NOT NULL REFERENCES public.events (id) ON DELETE CASCADE,
    set_aside_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (source_table, source_id)
);
CREATE INDEX idx_bookings_set_aside_event_id ON fashionos.bookings_set_aside (event_id);

-- ---------------------------------------------------------------------------------------------
-- Writing the ledger
-- ---------------------------------------------------------------------------------------------

-- One booking as a sentence for error details: table, id, event, range (UTC, ISO 8601), status.
-- A time range as error details write it: [start, end) in UTC, ISO 8601 to the second.
CREATE FUNCTION fashionos.range_text(p_during tstzrange)
    RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    SELECT pg_catalog.format('[%s, %s)',
        pg_catalog.to_char(pg_catalog.lower(p_during) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
        pg_catalog.to_char(pg_catalog.upper(p_during) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
$$;
COMMENT ON FUNCTION fashionos.range_text(tstzrange) IS
    'A time range for error details: [start, end) in UTC (YYYY-MM-DDTHH:MI:SSZ).';

-- An instant as door staff read it: the local date and time in the event's zone, its offset from
-- UTC and the zone (2027-10-31 02:30:00 +02:00 Europe/Paris). The offset tells apart the two
-- 02:30 of the night the clocks go back.
CREATE FUNCTION fashionos.local_time_text(p_at timestamptz, p_zone text)
    RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_offset interval := (p_at AT TIME ZONE p_zone) - (p_at AT TIME ZONE 'UTC');
BEGIN
    -- PL/pgSQL, not SQL: check_in's answer asks it in a statement of its own, and a SQL function
    -- with SET search_path is parsed and planned again at every such call.
    RETURN pg_catalog.to_char(p_at AT TIME ZONE p_zone, 'YYYY-MM-DD HH24:MI:SS') || ' '
           || CASE WHEN v_offset < interval '0' THEN '-' ELSE '+' END
           || pg_catalog.to_char(CASE WHEN v_offset < interval '0' THEN -v_offset ELSE v_offset END, 'HH24:MI') || ' ' || p_zone;
END
$$;
COMMENT ON FUNCTION fashionos.local_time_text(timestamptz, text) IS
    'An instant as local date and time in a zone, with its offset from UTC and the zone''s name (YYYY-MM-DD HH:MI:SS +HH:MM Zone).';

CREATE FUNCTION fashionos.describe_booking(p_source_table text, p_source_id uuid, p_event_id uuid,
                                           p_during tstzrange, p_status text)
    RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    SELECT pg_catalog.format('%s %s (%s, %s, %s)',
        p_source_table, p_source_id,
        CASE WHEN p_event_id IS NULL THEN 'no event' ELSE 'event ' || p_event_id::text END,
        fashionos.range_text(p_during), p_status)
$$;
COMMENT ON FUNCTION fashionos.describe_booking(text, uuid, uuid, tstzrange, text) IS
    'A booking as text for error details: source table, id, event, [start, end) in UTC, status.';

-- Writes (or removes, when p_resource_id, p_during or p_status is NULL) the ledger row of one
-- source row. A double booking raises PT409 (PostgREST: 409) naming the colliding row in DETAIL.
CREATE FUNCTION fashionos.put_booking(p_source_table text, p_source_id uuid, p_resource_type text,
                                      p_resource_id uuid, p_during tstzrange, p_status text, p_event_id uuid)
    RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_other fashionos.bookings;
    v_detail text;
    v_hint text := 'Choose another time, or release the colliding booking first. Tentative holds may overlap.';
    v_refused text;
    v_theirs boolean;  -- the row refused is the caller's own to read (his event's, or server-side code's)
    v_try integer := 0;
BEGIN
    IF p_resource_id IS NULL OR p_during IS NULL OR p_status IS NULL THEN
        DELETE FROM fashionos.bookings b WHERE b.source_table = p_source_table AND b.source_id = p_source_id;
        RETURN;
    END IF;
    -- 'infinity' is a value of timestamptz, not a missing bound: a row written directly with it
    -- would book the resource for ever (book_resource refuses it too, check_booking_range).
    IF NOT pg_catalog.isfinite(pg_catalog.lower(p_during)) OR NOT pg_catalog.isfinite(pg_catalog.upper(p_during)) THEN
        IF fashionos.writer_is_operator() THEN
            -- a restore loads a row written before this rule (0.4.0 took it), and books nothing
            RAISE WARNING '% % books nothing: it runs from % to %', p_source_table, p_source_id,
                pg_catalog.lower(p_during), pg_catalog.upper(p_during);
            DELETE FROM fashionos.bookings b WHERE b.source_table = p_source_table AND b.source_id = p_source_id;
            RETURN;
        END IF;
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'unbounded time range',
            DETAIL = pg_catalog.format('%s %s would book %s %s from %s to %s; a booking starts and ends at finite times.',
                                       p_source_table, p_source_id, p_resource_type, p_resource_id,
                                       pg_catalog.lower(p_during), pg_catalog.upper(p_during)),
            HINT = 'Write the times the booking starts and ends.';
    END IF;
    -- Two bookings of one slot inserted at the same moment (ON CONFLICT inserts speculatively)
    -- can each wait for the other's speculative row under the exclusion constraint: PostgreSQL
    -- then aborts one with a deadlock. Its attempt is rolled back with this block, and it tries
    -- again, behind the other: it then meets the other's committed row, a double booking (PT409).
    -- A second attempt first takes the resource's lock (the one book_resource and the options
    -- take, outside the block so that it stays), so that writers that met this way take turns
    -- instead of meeting again.
    <<attempt>>
    LOOP
    v_try := v_try + 1;
    IF v_try > 1 THEN
        PERFORM fashionos.lock_resource_options(p_resource_type, p_resource_id);
    END IF;
    BEGIN
        INSERT INTO fashionos.bookings AS b (source_table, source_id, resource_type, resource_id, during, status, event_id)
        VALUES (p_source_table, p_source_id, p_resource_type, p_resource_id, p_during, p_status, p_event_id)
        ON CONFLICT (source_table, source_id) DO UPDATE
            SET resource_type = EXCLUDED.resource_type, resource_id = EXCLUDED.resource_id,
                during = EXCLUDED.during, status = EXCLUDED.status, event_id = EXCLUDED.event_id
            WHERE (b.resource_type, b.resource_id, b.during, b.status, b.event_id)
                  IS DISTINCT FROM (EXCLUDED.resource_type, EXCLUDED.resource_id, EXCLUDED.during,
                                    EXCLUDED.status, EXCLUDED.event_id);
        EXIT attempt;
    EXCEPTION WHEN deadlock_detected THEN
        IF v_try >= 5 THEN
            RAISE;
        END IF;
        CONTINUE attempt;
    WHEN exclusion_violation THEN
        GET STACKED DIAGNOSTICS v_detail = PG_EXCEPTION_DETAIL;
        SELECT o.* INTO v_other
          FROM fashionos.bookings o
         WHERE o.resource_type = p_resource_type AND o.resource_id = p_resource_id
           AND o.during OPERATOR(pg_catalog.&&) p_during
           AND o.engagement <> coalesce(p_event_id, p_source_id)
           AND o.status IN ('booked', 'blocked')
           AND NOT (o.source_table = p_source_table AND o.source_id = p_source_id)
         ORDER BY pg_catalog.lower(o.during), o.source_table, o.source_id
         LIMIT 1;
        -- the row refused: the caller's own, or one his change recomputed (another organization's
        -- rehearsal, when a venue owner releases or renames), which is not his to read
        v_theirs := p_event_id IS NULL OR fashionos.caller_is_server() OR fashionos.caller_runs_event(p_event_id);
        v_refused := CASE WHEN v_theirs
                          THEN fashionos.describe_booking(p_source_table, p_source_id, p_event_id, p_during, p_status)
                          ELSE 'a booking of an event the caller does not run, recomputed by this change' END;
        IF FOUND AND NOT (fashionos.caller_is_resource(p_resource_type, p_resource_id)
                          OR (v_other.event_id IS NOT NULL AND EXISTS (
                                  SELECT 1 FROM public.events e
                                   WHERE e.id = v_other.event_id AND e.organization_id = fashionos.my_org_id()))) THEN
            -- another organization's booking: only that the resource is busy, and when
            v_detail := pg_catalog.format('The %s is busy during %s (another organization''s booking). Refused: ',
                    p_resource_type, fashionos.range_text(v_other.during))
                || v_refused || '.';
            -- another organization's booking is not the caller's to release
            v_hint := pg_catalog.format('Choose another time: the %s is booked by another organization. Tentative holds may overlap.', p_resource_type);
        ELSIF FOUND THEN
            v_detail := 'Colliding booking: ' || fashionos.describe_booking(
                v_other.source_table, v_other.source_id, v_other.event_id, v_other.during, v_other.status)
                || '. Refused: ' || v_refused || '.';
        ELSE
            -- the colliding row belongs to a transaction that committed after this one's snapshot
            v_detail := 'Colliding booking committed concurrently: ' || coalesce(v_detail, 'unknown') || '.';
        END IF;
        IF NOT v_theirs THEN
            v_hint := 'Undo the change, or ask the organizers of the event whose row would collide to move it first.';
        END IF;
        RAISE EXCEPTION USING
            ERRCODE = 'PT409',
            MESSAGE = pg_catalog.format('%s is already booked', p_resource_type),
            DETAIL = v_detail,
            HINT = v_hint;
    END;
    END LOOP;
END
$$;
COMMENT ON FUNCTION fashionos.put_booking(text, uuid, text, uuid, tstzrange, text, uuid) IS
    'Writes the ledger row of one source row (removes it when the resource, range or status is NULL); a double booking raises PT409 with the colliding row in DETAIL when the caller may see it (its own organization''s booking, the resource itself, server-side code), else only the busy span.';

-- ---------------------------------------------------------------------------------------------
-- Rehearsals: which venue an event rehearses at
-- ---------------------------------------------------------------------------------------------

-- The venue a rehearsal of p_event_id at p_location books, and how firmly: among the venues the
-- event books in venue_availability (status booked, blocked or tentative), the only one, or, when
-- there are several, the one whose name is the rehearsal's location (compared by
-- fashionos.name_key: Unicode forms, white space, invisible characters and case aside; among
-- names that read alike, the one written as the location; PT409 when several still do).
-- No row when the event books no venue or the location names none of several. status: booked when
-- the event's hold on that venue is booked/blocked, tentative when it is only tentative.
CREATE FUNCTION fashionos.rehearsal_venue(p_event_id uuid, p_location text)
    RETURNS TABLE (venue_id uuid, status text)
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_all uuid[];      -- the venues the event books
    v_named uuid[];    -- of those, the ones whose name reads as the location
    v_exact uuid[];    -- of those, the ones written as the location (case and spaces aside)
    v_venue uuid;
BEGIN
    SELECT pg_catalog.array_agg(c.venue_id ORDER BY c.venue_id),
           pg_catalog.array_agg(c.venue_id ORDER BY c.venue_id)
               FILTER (WHERE fashionos.name_key(c.name) = fashionos.name_key(p_location)),
           pg_catalog.array_agg(c.venue_id ORDER BY c.venue_id)
               FILTER (WHERE fashionos.name_key(c.name) = fashionos.name_key(p_location)
                         AND pg_catalog.lower(pg_catalog.btrim(c.name)) = pg_catalog.lower(pg_catalog.btrim(p_location)))
      INTO v_all, v_named, v_exact
      FROM (SELECT DISTINCT va.venue_id, v.name
              FROM public.venue_availability va JOIN public.venues v ON v.id = va.venue_id
             WHERE va.event_id = p_event_id AND va.status <> 'available') c;
    v_venue := CASE WHEN pg_catalog.cardinality(v_all) = 1 THEN v_all[1]
                    WHEN pg_catalog.cardinality(v_named) = 1 THEN v_named[1]
                    WHEN pg_catalog.cardinality(v_exact) = 1 THEN v_exact[1] END;
    IF v_venue IS NULL AND pg_catalog.cardinality(v_named) > 1
       AND EXISTS (SELECT 1 FROM public.events e WHERE e.id = p_event_id AND e.status = 'cancelled') THEN
        NULL;  -- a cancelled show books nothing new: its rehearsal books nothing, and refuses no one's change
    ELSIF v_venue IS NULL AND pg_catalog.cardinality(v_named) > 1
       AND NOT (fashionos.caller_is_server() OR fashionos.caller_runs_event(p_event_id)) THEN
        -- a venue owner's rename, say: another organization's plans are not his to read
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'the change would leave a rehearsal naming several venues',
            DETAIL = 'A rehearsal of an event the caller does not run would then read as the names of several venues that event books.',
            HINT = 'Choose another name; the event''s organizers can write the rehearsal''s location exactly as one venue''s name.';
    ELSIF v_venue IS NULL AND pg_catalog.cardinality(v_named) > 1 THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'the rehearsal''s location names several venues',
            DETAIL = pg_catalog.format('Location %s reads as the names of %s venues event %s books: %s.',
                                       fashionos.shown(p_location), pg_catalog.cardinality(v_named), p_event_id,
                                       pg_catalog.array_to_string(v_named, ', ')),
            HINT = 'Write the location exactly as one venue''s name, or rename one of the venues.';
    END IF;
    RETURN QUERY
    SELECT v_venue, CASE WHEN pg_catalog.bool_or(va.status IN ('booked', 'blocked')) THEN 'booked' ELSE 'tentative' END
      FROM public.venue_availability va
     WHERE va.event_id = p_event_id AND va.venue_id = v_venue AND va.status <> 'available'
    HAVING v_venue IS NOT NULL;
END
$$;
COMMENT ON FUNCTION fashionos.rehearsal_venue(uuid, text) IS
    'The venue a rehearsal books: the only venue its event books in venue_availability, or among several the one named by the rehearsal''s location; status booked or tentative after the event''s hold on it.';

-- p_consent: ask the venue's consent (fashionos.require_planning_consent, below): when the
-- rehearsal was written (its trigger), and when a change of the event's settings or venue bookings
-- moves it (fashionos.sync_event_bookings). Only an unchanged rehearsal passes false.
-- A time that no longer reads (a slot loaded by a restore from before today's reading rules):
-- true when its row books nothing, with a warning and its booking dropped, rather than refuse the
-- change: in the operator's own session, and when the booking is computed again for another
-- reason than the row's own write (p_written) and the row booked nothing before. False: refuse.
CREATE FUNCTION fashionos.unreadable_books_nothing(p_source_table text, p_source_id uuid, p_written boolean,
                                                   p_what text, p_error text)
    RETURNS boolean
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT (fashionos.writer_is_operator()
            OR NOT p_written AND NOT EXISTS (SELECT 1 FROM fashionos.bookings b
                                              WHERE b.source_table = p_source_table AND b.source_id = p_source_id)) THEN
        RETURN false;
    END IF;
    RAISE WARNING '% % books nothing: %', p_what, p_source_id, p_error;
    DELETE FROM fashionos.bookings b WHERE b.source_table = p_source_table AND b.source_id = p_source_id;
    RETURN true;
END
$$;
COMMENT ON FUNCTION fashionos.unreadable_books_nothing(text, uuid, boolean, text, text) IS
    'Whether a call time or rehearsal whose time no longer reads books nothing (with a warning) instead of refusing the change: in the operator''s own session, or when computed again for another reason than its own write and it booked nothing before.';

-- The schedule of an event: its call times and rehearsals are read in the event's time zone (and
-- call length) and at the venues it books. A writer of one call time or rehearsal takes this lock
-- shared before reading those settings; a recompute of the whole event (its zone, call length or
-- venue bookings changed: fashionos.sync_event_bookings) takes it exclusive before reading its
-- rows. So a row written while the zone changes is either seen by the recompute or reads the new
-- zone itself, never booked at the old zone's time.
CREATE FUNCTION fashionos.lock_event_schedule(p_event_id uuid, p_exclusive boolean)
    RETURNS void
    LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF p_exclusive THEN
        PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('fashionos.event_schedule:' || p_event_id::text, 0));
    ELSE
        PERFORM pg_catalog.pg_advisory_xact_lock_shared(pg_catalog.hashtextextended('fashionos.event_schedule:' || p_event_id::text, 0));
    END IF;
END
$$;
COMMENT ON FUNCTION fashionos.lock_event_schedule(uuid, boolean) IS
    'Takes the transaction-level advisory lock of an event''s schedule: shared by a writer of one call time or rehearsal before it reads the event''s settings and venues, exclusive by a recompute of the whole event, so that neither misses the other.';

-- The schedules of the events a call time or rehearsal was and is of (its old and new event_id),
-- shared, in the order of their ids, before its trigger touches the ledger: also when it is deleted
-- or moves to another event. A recompute of the event (which holds the schedule exclusively and
-- reads the event's rows once) is then either over before the change or sees it: it never writes
-- again the ledger row of a row deleted or moved away meanwhile.
CREATE FUNCTION fashionos.lock_row_schedules(p_old_event_id uuid, p_new_event_id uuid)
    RETURNS void
    LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM fashionos.lock_event_schedule(x.e, false)
       FROM (SELECT DISTINCT e FROM (VALUES (p_old_event_id), (p_new_event_id)) AS v (e) WHERE e IS NOT NULL ORDER BY e) AS x;
END
$$;
COMMENT ON FUNCTION fashionos.lock_row_schedules(uuid, uuid) IS
    'Takes the schedule locks (shared) of the old and new event of a call time or rehearsal, in id order, before its ledger row is written or removed.';

-- A cancelled show books nothing new, also when its bookings are computed again (not its rows'
-- own writes, which fashionos.refuse_booking_for_cancelled_event refuses): a call time or
-- rehearsal keeps its ledger row only when it books the same resource at the same time and status
-- as before and, where asked (p_consent), still has the consent it had. Otherwise it books nothing
-- from now on: a venue released, renamed or added, a model's booking released, a time zone changed
-- never gives a cancelled show a booking it did not hold, nor keeps one whose consent is gone, and
-- everyone it booked can be freed. When the event comes back (fashionos.events_back_from_cancelled),
-- its rows are booked again. Answers true when it settled the row (the event is cancelled and the
-- row was not just written), false when the caller books as usual.
CREATE FUNCTION fashionos.cancelled_event_keeps_only(p_source_table text, p_source_id uuid, p_event_id uuid,
                                                     p_resource_type text, p_resource_id uuid, p_during tstzrange,
                                                     p_status text, p_consent boolean, p_what text, p_row text,
                                                     p_written boolean)
    RETURNS boolean
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF p_written THEN
        -- written anew: what it booked before the cancellation no longer binds its return
        DELETE FROM fashionos.bookings_set_aside a WHERE a.source_table = p_source_table AND a.source_id = p_source_id;
        RETURN false;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM public.events e WHERE e.id = p_event_id AND e.status = 'cancelled') THEN
        RETURN false;
    END IF;
    IF EXISTS (SELECT 1 FROM fashionos.bookings b
                WHERE b.source_table = p_source_table AND b.source_id = p_source_id
                  AND b.resource_type = p_resource_type AND b.resource_id = p_resource_id
                  AND b.during = p_during AND b.status = p_status) THEN
        BEGIN
            IF p_consent THEN
                PERFORM fashionos.require_planning_consent(p_resource_type, p_resource_id, p_event_id, p_during, p_what, p_row);
            END IF;
            RETURN true;  -- unchanged, and still agreed to: kept
        EXCEPTION WHEN insufficient_privilege THEN
            NULL;  -- the consent is gone: books nothing
        END;
    END IF;
    -- what it booked while the event was on is remembered (the first time only), for its return
    INSERT INTO fashionos.bookings_set_aside (source_table, source_id, resource_type, resource_id, during, event_id)
    SELECT b.source_table, b.source_id, b.resource_type, b.resource_id, b.during, p_event_id
      FROM fashionos.bookings b WHERE b.source_table = p_source_table AND b.source_id = p_source_id
    ON CONFLICT DO NOTHING;
    DELETE FROM fashionos.bookings b WHERE b.source_table = p_source_table AND b.source_id = p_source_id;
    RETURN true;
END
$$;
COMMENT ON FUNCTION fashionos.cancelled_event_keeps_only(text, uuid, uuid, text, uuid, tstzrange, text, boolean, text, text, boolean) IS
    'For a call time or rehearsal of a cancelled event whose booking is computed again (not written): keeps its ledger row only when unchanged and still agreed to, otherwise drops it; true when it settled the row.';

-- p_written: the rehearsal's slot, date, event or location was just written (its trigger).
CREATE FUNCTION fashionos.sync_rehearsal_booking(p_rehearsal public.event_rehearsals, p_consent boolean DEFAULT false,
                                                 p_written boolean DEFAULT false)
    RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_zone text;
    v_during tstzrange;
    v_venue uuid;
    v_status text;
BEGIN
    PERFORM fashionos.lock_event_schedule(p_rehearsal.event_id, false);
    SELECT s.time_zone INTO v_zone FROM fashionos.settings_for(p_rehearsal.event_id) s;
    -- Read the slot even when no venue is booked: a slot written unreadable is refused (22007).
    -- A slot that books nothing because it no longer reads (loaded by a restore from before
    -- today's reading rules) stays so, with a warning, when its booking is computed again for
    -- another reason (a change of the event's settings or venues, a rebuild), instead of refusing
    -- the change of someone who did not write it; and the operator's own session loads one.
    BEGIN
        v_during := fashionos.time_slot_range(p_rehearsal.date, p_rehearsal.time_slot, v_zone);
    EXCEPTION WHEN invalid_datetime_format OR datetime_field_overflow THEN
        IF NOT fashionos.unreadable_books_nothing('event_rehearsals', p_rehearsal.id, p_written, 'rehearsal', SQLERRM) THEN
            RAISE;
        END IF;
        RETURN;
    END;
    SELECT rv.venue_id, rv.status INTO v_venue, v_status
      FROM fashionos.rehearsal_venue(p_rehearsal.event_id, p_rehearsal.location) rv;
    IF fashionos.cancelled_event_keeps_only('event_rehearsals', p_rehearsal.id, p_rehearsal.event_id, 'venue', v_venue, v_during,
           v_status, p_consent AND v_status = 'booked', 'rehearsal',
           pg_catalog.format('event_rehearsals %s: %s, %s (%s)', p_rehearsal.id, p_rehearsal.date,
                             fashionos.shown(p_rehearsal.time_slot), v_zone), p_written) THEN
        RETURN;
    END IF;
    IF v_venue IS NOT NULL THEN
        PERFORM fashionos.refuse_booking_for_cancelled_event(p_rehearsal.event_id,
            pg_catalog.format('rehearsal %s', p_rehearsal.id), p_written);
    END IF;
    IF p_consent AND v_status = 'booked' THEN  -- a tentative hold books nothing
        PERFORM fashionos.require_planning_consent('venue', v_venue, p_rehearsal.event_id, v_during, 'rehearsal',
            pg_catalog.format('event_rehearsals %s: %s, %s (%s)', p_rehearsal.id, p_rehearsal.date,
                              fashionos.shown(p_rehearsal.time_slot), v_zone));
    END IF;
    PERFORM fashionos.put_booking('event_rehearsals', p_rehearsal.id, 'venue', v_venue, v_during,
                                  v_status, p_rehearsal.event_id);
END
$$;
COMMENT ON FUNCTION fashionos.sync_rehearsal_booking(public.event_rehearsals, boolean, boolean) IS
    'Writes the ledger row of a rehearsal: its time slot read in the event''s time zone, at the venue fashionos.rehearsal_venue resolves; with p_consent, first the venue''s consent (fashionos.require_planning_consent). An unreadable slot is refused when just written (p_written), and otherwise books nothing, with a warning, if it booked nothing before.';

-- p_consent: as for rehearsals, the model's consent is asked whenever the call time's booking is
-- computed anew (written, or moved by the event's settings, or its cover released).
CREATE FUNCTION fashionos.sync_call_time_booking(p_call public.call_times, p_consent boolean DEFAULT false,
                                                 p_written boolean DEFAULT false)
    RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_zone text;
    v_minutes integer;
    v_during tstzrange;
BEGIN
    PERFORM fashionos.lock_event_schedule(p_call.event_id, false);
    SELECT s.time_zone, s.call_time_minutes INTO v_zone, v_minutes FROM fashionos.settings_for(p_call.event_id) s;
    BEGIN  -- as for rehearsals (fashionos.sync_rehearsal_booking)
        v_during := fashionos.call_time_range(p_call.date, p_call.time, v_minutes, v_zone);
    EXCEPTION WHEN invalid_datetime_format OR datetime_field_overflow THEN
        IF NOT fashionos.unreadable_books_nothing('call_times', p_call.id, p_written, 'call time', SQLERRM) THEN
            RAISE;
        END IF;
        RETURN;
    END;
    IF fashionos.cancelled_event_keeps_only('call_times', p_call.id, p_call.event_id,
           CASE WHEN p_call.model_profile_id IS NOT NULL THEN 'model' ELSE 'stakeholder' END,
           coalesce(p_call.model_profile_id, p_call.stakeholder_id), v_during, 'booked',
           p_consent AND p_call.model_profile_id IS NOT NULL, 'call time',
           pg_catalog.format('call_times %s: %s, %s (%s)', p_call.id, p_call.date, fashionos.shown(p_call.time), v_zone), p_written) THEN
        RETURN;
    END IF;
    IF coalesce(p_call.model_profile_id, p_call.stakeholder_id) IS NOT NULL THEN
        PERFORM fashionos.refuse_booking_for_cancelled_event(p_call.event_id, pg_catalog.format('call time %s', p_call.id), p_written);
    END IF;
    IF p_consent AND p_call.model_profile_id IS NOT NULL THEN  -- crew members are the organization's own
        PERFORM fashionos.require_planning_consent('model', p_call.model_profile_id, p_call.event_id, v_during, 'call time',
            pg_catalog.format('call_times %s: %s, %s (%s)', p_call.id, p_call.date, fashionos.shown(p_call.time), v_zone));
    END IF;
    PERFORM fashionos.put_booking(
        'call_times', p_call.id,
        CASE WHEN p_call.model_profile_id IS NOT NULL THEN 'model' ELSE 'stakeholder' END,
        coalesce(p_call.model_profile_id, p_call.stakeholder_id),
        v_during, 'booked', p_call.event_id);
END
$$;
COMMENT ON FUNCTION fashionos.sync_call_time_booking(public.call_times, boolean, boolean) IS
    'Writes the ledger row of a call time: the model or stakeholder, booked from the call (read in the event''s time zone) for the event''s call_time_minutes; with p_consent, first the model''s consent (fashionos.require_planning_consent). An unreadable time is refused when just written (p_written), and otherwise books nothing, with a warning, if it booked nothing before.';

-- Recomputes the ledger rows of an event's rehearsals (after its venue bookings changed) and,
-- with p_call_times, of its call times (after its time zone or call length changed), asking the
-- consent of each venue and model anew: a change the caller may make (release its own venue, a
-- longer call) must not leave a booking of someone else's venue or model that nobody agreed to.
CREATE FUNCTION fashionos.sync_event_bookings(p_event_id uuid, p_call_times boolean)
    RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_rehearsal public.event_rehearsals;
    v_call public.call_times;
BEGIN
    -- after the writers of single rows in flight, and before the next ones read the settings
    PERFORM fashionos.lock_event_schedule(p_event_id, true);
    -- an event being deleted takes its rehearsals and call times with it: nothing to recompute
    IF NOT EXISTS (SELECT 1 FROM public.events e WHERE e.id = p_event_id) THEN
        RETURN;
    END IF;
    FOR v_rehearsal IN SELECT * FROM public.event_rehearsals r WHERE r.event_id = p_event_id ORDER BY r.id LOOP
        PERFORM fashionos.sync_rehearsal_booking(v_rehearsal, true);
    END LOOP;
    IF p_call_times THEN
        FOR v_call IN SELECT * FROM public.call_times c WHERE c.event_id = p_event_id ORDER BY c.id LOOP
            PERFORM fashionos.sync_call_time_booking(v_call, true);
        END LOOP;
    END IF;
END
$$;
COMMENT ON FUNCTION fashionos.sync_event_bookings(uuid, boolean) IS
    'Recomputes the ledger rows of an event''s rehearsals and, when asked, of its call times, asking the consent of each venue and model anew (fashionos.require_planning_consent).';

-- ---------------------------------------------------------------------------------------------
-- Triggers on the sources
-- ---------------------------------------------------------------------------------------------

-- Removes the ledger row of a source row that was deleted or got another id (p_op: TG_OP).
CREATE FUNCTION fashionos.forget_booking(p_op text, p_source_table text, p_old_id uuid, p_new_id uuid)
    RETURNS void
    LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF p_op = 'DELETE' OR (p_op = 'UPDATE' AND p_old_id <> p_new_id) THEN
        DELETE FROM fashionos.bookings b WHERE b.source_table = p_source_table AND b.source_id = p_old_id;
        DELETE FROM fashionos.bookings_set_aside b WHERE b.source_table = p_source_table AND b.source_id = p_old_id;
    END IF;
END
$$;
COMMENT ON FUNCTION fashionos.forget_booking(text, text, uuid, uuid) IS
    'For the ledger triggers: removes the ledger row of a source row that was deleted or whose id changed.';

-- A rehearsal does not lose its hall without a word: each rehearsal of p_relied, which booked the
-- venue of p_venues at the same position before a change of an event's venue bookings or of a
-- venue's name, must still book that venue after the change (not none, nor another venue of the
-- event, which the "only venue" rule would give it). PT409 listing those that would not (p_what:
-- the change), for API clients; server-side code, the deletion of an event or a venue (its
-- rehearsals or its calendar go with it), and a cancelled event (whose bookings may all be freed)
-- are not held to it.
CREATE FUNCTION fashionos.require_rehearsals_kept(p_relied uuid[], p_venues uuid[], p_what text, p_hint text)
    RETURNS void
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_left text;
    v_count integer;
    v_theirs boolean;  -- the caller runs the events of all of them (else their plans are not his to read)
BEGIN
    IF p_relied IS NULL OR fashionos.caller_is_server() THEN
        RETURN;
    END IF;
    SELECT pg_catalog.string_agg(pg_catalog.format('event_rehearsals %s (event %s, %s, %s, location %s, booked venue %s %s)',
                                                   r.id, r.event_id, r.date, fashionos.shown(r.time_slot),
                                                   coalesce(fashionos.shown(r.location), 'none'), x.id, fashionos.shown(x.name)),
                                 '; ' ORDER BY r.date, r.id),
           pg_catalog.count(*), pg_catalog.bool_and(fashionos.caller_runs_event(r.event_id))
      INTO v_left, v_count, v_theirs
      FROM ROWS FROM (pg_catalog.unnest(p_relied), pg_catalog.unnest(p_venues)) AS k (rehearsal_id, venue_id)
      JOIN public.event_rehearsals r ON r.id = k.rehearsal_id
      JOIN public.venues x ON x.id = k.venue_id
     WHERE EXISTS (SELECT 1 FROM public.events e WHERE e.id = r.event_id AND e.status IS DISTINCT FROM 'cancelled')
       AND NOT EXISTS (SELECT 1 FROM fashionos.bookings b
                        WHERE b.source_table = 'event_rehearsals' AND b.source_id = r.id
                          AND b.resource_type = 'venue' AND b.resource_id = k.venue_id);
    IF v_left IS NOT NULL AND v_theirs THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409',
            MESSAGE = 'rehearsals rely on this venue',
            DETAIL = pg_catalog.format('%s would take their venue from rehearsals that book it, leaving them another venue or none: %s.',
                                       p_what, v_left),
            HINT = p_hint;
    ELSIF v_left IS NOT NULL THEN
        -- the caller (a venue owner confirming an option) does not run those events: their
        -- rehearsals are not his to read, nor to change
        RAISE EXCEPTION USING ERRCODE = 'PT409',
            MESSAGE = 'rehearsals rely on this venue',
            DETAIL = pg_catalog.format('%s would take their venue from %s rehearsal(s) of the event that book it, leaving them another venue or none.',
                                       p_what, v_count),
            HINT = 'The event''s organizers write those rehearsals'' location as the name of the venue each keeps (or move them); then this can be done.';
    END IF;
END
$$;
COMMENT ON FUNCTION fashionos.require_rehearsals_kept(uuid[], uuid[], text, text) IS
    'Refuses (PT409) a change of an event''s venue bookings or of a venue''s name after which rehearsals that booked a venue (p_relied, p_venues pairwise) book another or none; server-side code, deletions of the event or the venue and cancelled events are let through.';

-- venue_availability, model_availability, designer_availability: the resource type and the column
-- naming the resource are the table's in fashionos.resource_map. 'available' rows offer a window
-- and book nothing.
CREATE FUNCTION fashionos.availability_to_ledger()
    RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_booking boolean;
    v record;  -- the table's row of fashionos.resource_map
    v_relied uuid[];  -- the rehearsals of the row's events (before and after) that booked a venue, before
    v_relied_venues uuid[];  -- the venue each of them booked
    v_arriving boolean;  -- a booking of the event that was not one before (new, made from an open slot, moved onto it)
    v_events uuid[];  -- the events whose venue bookings the row was or is, in the order of their ids
    v_event uuid;
BEGIN
    SELECT * INTO STRICT v FROM fashionos.resource_map() m
     WHERE m.availability_table = pg_catalog.format('%I.%I', TG_TABLE_SCHEMA, TG_TABLE_NAME);
    v_arriving := TG_OP <> 'DELETE' AND NEW.status <> 'available'
                  AND (TG_OP = 'INSERT' OR OLD.status = 'available' OR OLD.event_id IS DISTINCT FROM NEW.event_id);
    -- Any change of an event's venue bookings may change which venue its rehearsals book: a
    -- released or changed one, and a new one too (a second venue leaves a rehearsal whose
    -- location names neither without the only venue it booked).
    IF TG_TABLE_NAME = 'venue_availability' THEN
        -- the events' schedules first (exclusive, in the order of their ids, as the recompute below
        -- takes them): a change of the event in flight (its return from cancelled, which books its
        -- rehearsals again) is then seen here, not read from before it
        v_events := ARRAY(SELECT DISTINCT x.e FROM (VALUES (CASE WHEN TG_OP <> 'INSERT' AND OLD.status <> 'available' THEN OLD.event_id END),
                                                           (CASE WHEN TG_OP <> 'DELETE' AND NEW.status <> 'available' THEN NEW.event_id END)) AS x (e)
                           WHERE x.e IS NOT NULL ORDER BY x.e);
        FOREACH v_event IN ARRAY v_events LOOP
            PERFORM fashionos.lock_event_schedule(v_event, true);
        END LOOP;
        SELECT pg_catalog.array_agg(b.source_id ORDER BY b.source_id), pg_catalog.array_agg(b.resource_id ORDER BY b.source_id)
          INTO v_relied, v_relied_venues
          FROM fashionos.bookings b
         WHERE b.source_table = 'event_rehearsals' AND b.resource_type = 'venue' AND b.event_id = ANY (v_events);
    END IF;
    -- A model's booking for an event that goes or changes: the event's schedule before its ledger
    -- row is removed (below, its call times are checked under it). A call time of another event
    -- that overlaps the booking waits, at the ledger's exclusion constraint, for that removal:
    -- taken after it, the schedule could be held by a writer of several events (a venue's rename)
    -- that waits for that call time's event.
    IF TG_TABLE_NAME = 'model_availability' AND TG_OP <> 'INSERT' AND OLD.event_id IS NOT NULL
       AND OLD.status IN ('booked', 'blocked') THEN
        PERFORM fashionos.lock_event_schedule(OLD.event_id, true);
    END IF;
    PERFORM fashionos.forget_booking(TG_OP, TG_TABLE_NAME, OLD.id, NEW.id);
    IF TG_OP <> 'DELETE' THEN
        v_booking := NEW.status <> 'available';
        IF v_booking THEN
            PERFORM fashionos.refuse_booking_for_cancelled_event(NEW.event_id, pg_catalog.format('%s %s', TG_TABLE_NAME, NEW.id),
                TG_OP = 'INSERT' OR (pg_catalog.to_jsonb(NEW) ->> v.availability_column, NEW.event_id, NEW.start_time, NEW.end_time, NEW.status)
                                    IS DISTINCT FROM (pg_catalog.to_jsonb(OLD) ->> v.availability_column, OLD.event_id, OLD.start_time, OLD.end_time, OLD.status));
        END IF;
        PERFORM fashionos.put_booking(
            TG_TABLE_NAME, NEW.id, v.resource_type,
            CASE WHEN v_booking THEN (pg_catalog.to_jsonb(NEW) ->> v.availability_column)::uuid END,
            CASE WHEN v_booking THEN pg_catalog.tstzrange(NEW.start_time, NEW.end_time, '[)') END,
            CASE WHEN v_booking THEN NEW.status END,
            NEW.event_id);
    END IF;
    -- A model's booking for an event is the consent of that event's call times for him: when it
    -- goes or shrinks, they must still be covered (or the caller control the model).
    IF TG_TABLE_NAME = 'model_availability' AND TG_OP <> 'INSERT' AND OLD.event_id IS NOT NULL
       AND OLD.status IN ('booked', 'blocked') THEN
        -- The event's schedule exclusively (taken above), before its call times are read: a call
        -- time written meanwhile (it takes the lock shared) is then either seen here, or sees this
        -- change.
        PERFORM fashionos.sync_call_time_booking(c, true)
           FROM public.call_times c
          WHERE c.event_id = OLD.event_id AND c.model_profile_id = OLD.model_profile_id
            -- not while the event or the model is being deleted (its call times go with it)
            AND EXISTS (SELECT 1 FROM public.events e WHERE e.id = c.event_id)
            AND EXISTS (SELECT 1 FROM public.model_profiles m WHERE m.id = c.model_profile_id);
    END IF;
    -- An event's rehearsals book the venue the event books: follow its venue bookings.
    IF TG_TABLE_NAME = 'venue_availability' THEN
        IF TG_OP = 'INSERT' THEN
            IF NEW.event_id IS NOT NULL AND NEW.status <> 'available' THEN
                PERFORM fashionos.sync_event_bookings(NEW.event_id, false);
            END IF;
        ELSIF TG_OP = 'DELETE' THEN
            IF OLD.event_id IS NOT NULL AND OLD.status <> 'available' THEN
                PERFORM fashionos.sync_event_bookings(OLD.event_id, false);
            END IF;
        ELSIF (OLD.event_id, OLD.venue_id, OLD.status) IS DISTINCT FROM (NEW.event_id, NEW.venue_id, NEW.status) THEN
            IF OLD.event_id IS NOT NULL THEN
                PERFORM fashionos.sync_event_bookings(OLD.event_id, false);
            END IF;
            IF NEW.event_id IS NOT NULL AND NEW.event_id IS DISTINCT FROM OLD.event_id THEN
                PERFORM fashionos.sync_event_bookings(NEW.event_id, false);
            END IF;
        END IF;
        -- A rehearsal that booked this venue and now books another or none lost its hall without
        -- a word: refused, as the release of a model's booking is while call times need it.
        PERFORM fashionos.require_rehearsals_kept(v_relied, v_relied_venues,
            CASE WHEN v_arriving
                 THEN pg_catalog.format('Booking venue %s for event %s during %s', NEW.venue_id, NEW.event_id,
                                        fashionos.range_text(pg_catalog.tstzrange(NEW.start_time, NEW.end_time, '[)')))
                 ELSE pg_catalog.format('Releasing or changing the booking of venue %s for event %s during %s', OLD.venue_id, OLD.event_id,
                                        fashionos.range_text(pg_catalog.tstzrange(OLD.start_time, OLD.end_time, '[)'))) END,
            CASE WHEN v_arriving
                 THEN 'Write those rehearsals'' location as the name of the venue they book (PATCH event_rehearsals), then book the other venue.'
                 ELSE 'Move those rehearsals first (an admin or owner of the event''s organization may delete them), or write their location as the name of the venue they keep; then release the booking.' END);
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION fashionos.availability_to_ledger() IS
    'Trigger: copies a booked, blocked or tentative availability row into the booking ledger (PT409 on a double booking); for venue_availability also recomputes the event''s rehearsals.';

CREATE TRIGGER venue_availability_ledger AFTER INSERT OR UPDATE OR DELETE ON public.venue_availability
    FOR EACH ROW EXECUTE FUNCTION fashionos.availability_to_ledger();
CREATE TRIGGER model_availability_ledger AFTER INSERT OR UPDATE OR DELETE ON public.model_availability
    FOR EACH ROW EXECUTE FUNCTION fashionos.availability_to_ledger();
CREATE TRIGGER designer_availability_ledger AFTER INSERT OR UPDATE OR DELETE ON public.designer_availability
    FOR EACH ROW EXECUTE FUNCTION fashionos.availability_to_ledger();

-- Consent, for the rows that book a resource as a side effect of planning an event. A call time
-- books its model, and a rehearsal the venue its event books, as book_resource would; so they
-- need what book_resource needs: the caller's organization controls the resource, or the resource
-- agreed to this event at this time (a booked row of its own calendar for the event that covers
-- the time: a confirmed option, or the talent's or the venue owner's own booking), or the caller
-- is server-side code. Without it, an organization could book any model on any day with a call
-- time, and a venue it had for one afternoon on any day with a rehearsal. Checked when the row is
-- written, and again whenever its booking is computed anew: the event's time zone or call length
-- moved it, the event's venue bookings changed which venue a rehearsal books, or the model's
-- booking that covered a call time was released or changed.
CREATE FUNCTION fashionos.require_planning_consent(p_resource_type text, p_resource_id uuid, p_event_id uuid,
                                                   p_during tstzrange, p_what text, p_row text DEFAULT NULL)
    RETURNS void
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    -- Whose consent: the event's organization's, whoever's change computes the booking (the
    -- venue owner confirming an option recomputes the event's rehearsals under his own name).
    IF p_resource_id IS NULL OR p_during IS NULL OR fashionos.caller_is_server()
       OR EXISTS (SELECT 1 FROM fashionos.resource_user(p_resource_type, p_resource_id) r
                    JOIN public.users u ON u.id = r.resource_user_id
                    JOIN public.events e ON e.organization_id = u.organization_id
                   WHERE e.id = p_event_id) THEN
        RETURN;
    END IF;
    -- The booked rows together: two adjacent bookings the resource agreed to (12:00-20:00 and
    -- 20:00-23:00) cover a call time across 20:00.
    IF coalesce(CASE p_resource_type
           WHEN 'model' THEN (SELECT pg_catalog.range_agg(pg_catalog.tstzrange(m.start_time, m.end_time))
                                FROM public.model_availability m
                               WHERE m.model_profile_id = p_resource_id AND m.event_id = p_event_id
                                 AND m.status IN ('booked', 'blocked'))
           WHEN 'venue' THEN (SELECT pg_catalog.range_agg(pg_catalog.tstzrange(v.start_time, v.end_time))
                                FROM public.venue_availability v
                               WHERE v.venue_id = p_resource_id AND v.event_id = p_event_id
                                 AND v.status IN ('booked', 'blocked'))
           END @> p_during, false) THEN
        RETURN;
    END IF;
    IF NOT fashionos.caller_runs_event(p_event_id) THEN
        -- the caller's change (a venue owner renaming or confirming) would make another
        -- organization's row book the resource: refused without that organization's plans
        RAISE EXCEPTION USING ERRCODE = 'PT409',
            MESSAGE = pg_catalog.format('the change would book this %s for another organization''s %s', p_resource_type, p_what),
            DETAIL = pg_catalog.format('A %s of an event the caller does not run would then book %s %s at a time its bookings for that event do not cover.',
                                       p_what, p_resource_type, p_resource_id),
            HINT = pg_catalog.format('Keep things as they were; the event''s organizers move the %s or request an option covering it.', p_what);
    END IF;
    RAISE EXCEPTION USING ERRCODE = '42501',
        MESSAGE = pg_catalog.format('not allowed to book this %s with a %s', p_resource_type, p_what),
        DETAIL = pg_catalog.format('%s %s is not controlled by the organization of event %s, and its bookings for that event do not cover %s: a %s books the %s, which needs its consent.%s',
            p_resource_type, p_resource_id, p_event_id, fashionos.range_text(p_during), p_what, p_resource_type,
            coalesce(pg_catalog.format(' The %s: %s.', p_what, p_row), '')),
        HINT = pg_catalog.format('Request an option on the %s for the part of this time its bookings for the event do not cover (request_option); once it is confirmed, the %s may fall within them. Otherwise move the %s (an admin or owner of the event''s organization may delete it).',
            p_resource_type, p_what, p_what);
END
$$;
COMMENT ON FUNCTION fashionos.require_planning_consent(text, uuid, uuid, tstzrange, text, text) IS
    'Refuses (42501) a call time or rehearsal that would book a model or venue the event''s organization does not control, unless the booked rows of the resource''s calendar for the event cover the time together (confirmed options, or the resource''s own bookings); server-side code is let through.';

-- A cancelled show books nothing new: a row written for it (inserted, or moved onto it, or its
-- time or resource changed) that would book a model, venue, designer or crew member is refused,
-- as an option of it is (options.sql). Its bookings made before stay until released or deleted,
-- and recomputations (its time zone, a released venue) go on. The operator's own session (a
-- restore) loads rows as they are.
CREATE FUNCTION fashionos.refuse_booking_for_cancelled_event(p_event_id uuid, p_row text, p_written boolean DEFAULT true)
    RETURNS void
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF p_written AND p_event_id IS NOT NULL AND NOT fashionos.writer_is_operator() THEN
        PERFORM fashionos.refuse_cancelled_event(p_event_id,
            pg_catalog.format('Event %s is cancelled: %s would book for a show that is not taking place.', p_event_id, p_row),
            'Set the event''s status back (planning or active) before booking for it; its bookings made before the cancellation stay until released (release_booking) or deleted.');
    END IF;
END
$$;
COMMENT ON FUNCTION fashionos.refuse_booking_for_cancelled_event(uuid, text, boolean) IS
    'Refuses (PT409 event is cancelled) a row just written that would book a resource for a cancelled event (the operator''s own session excepted).';

CREATE FUNCTION fashionos.call_times_to_ledger() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
    AS $$ BEGIN PERFORM fashionos.lock_row_schedules(OLD.event_id, NEW.event_id);
              PERFORM fashionos.forget_booking(TG_OP, TG_TABLE_NAME, OLD.id, NEW.id);
              PERFORM fashionos.sync_call_time_booking(NEW, v.written, v.written)
                 FROM (SELECT TG_OP = 'INSERT' OR (NEW.model_profile_id, NEW.stakeholder_id, NEW.event_id, NEW.date, NEW.time)
                                     IS DISTINCT FROM (OLD.model_profile_id, OLD.stakeholder_id, OLD.event_id, OLD.date, OLD.time) AS written) v
               WHERE TG_OP <> 'DELETE';
              RETURN NULL; END $$;
COMMENT ON FUNCTION fashionos.call_times_to_ledger() IS
    'Trigger: copies a call time into the booking ledger (PT409 on a double booking, 22007 for an unreadable time, 42501 for a model booked without its consent).';
CREATE TRIGGER call_times_ledger AFTER INSERT OR UPDATE OR DELETE ON public.call_times
    FOR EACH ROW EXECUTE FUNCTION fashionos.call_times_to_ledger();

CREATE FUNCTION fashionos.event_rehearsals_to_ledger() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
    AS $$ BEGIN PERFORM fashionos.lock_row_schedules(OLD.event_id, NEW.event_id);
              PERFORM fashionos.forget_booking(TG_OP, TG_TABLE_NAME, OLD.id, NEW.id);
              PERFORM fashionos.sync_rehearsal_booking(NEW, v.written, v.written)
                 FROM (SELECT TG_OP = 'INSERT' OR (NEW.event_id, NEW.date, NEW.time_slot, NEW.location)
                                     IS DISTINCT FROM (OLD.event_id, OLD.date, OLD.time_slot, OLD.location) AS written) v
               WHERE TG_OP <> 'DELETE';
              RETURN NULL; END $$;
COMMENT ON FUNCTION fashionos.event_rehearsals_to_ledger() IS
    'Trigger: copies a rehearsal into the booking ledger as a booking of the event''s venue (PT409 on a double booking, 22007 for an unreadable time slot, 42501 for a venue booked without its consent).';
CREATE TRIGGER event_rehearsals_ledger AFTER INSERT OR UPDATE OR DELETE ON public.event_rehearsals
    FOR EACH ROW EXECUTE FUNCTION fashionos.event_rehearsals_to_ledger();

-- An event's time zone and call length move its call times and rehearsals: recomputed (and their
-- consent asked again) only when one of them really changes, so that a change of the box office's
-- settings (hold time, limits) never touches the bookings. An event without a settings row has
-- the column defaults (fashionos.settings_for(NULL) gives them): a row inserted or deleted with
-- those values moves nothing.
-- The date of an event's bookings in the three calendars is the day they start in the event's time
-- zone (book_resource, confirm_option write it so): when the zone changes, it follows.
CREATE FUNCTION fashionos.sync_event_dates(p_event_id uuid)
    RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_zone text := (SELECT s.time_zone FROM fashionos.settings_for(p_event_id) s);
    v_table text;
BEGIN
    -- The rows that move, of every availability table, locked before the first UPDATE: an UPDATE's
    -- triggers take the event's schedule, and a write of another row of the event (a release of a
    -- model's booking) that locked its row and waits for the schedule must not be waited for with
    -- the schedule held.
    FOR v_table IN SELECT m.availability_table FROM fashionos.resource_map() m WHERE m.availability_table IS NOT NULL LOOP
        EXECUTE pg_catalog.format(
            'SELECT 1 FROM %s a WHERE a.event_id = $1 AND a.date IS DISTINCT FROM (a.start_time AT TIME ZONE $2)::date
              ORDER BY a.id FOR UPDATE', v_table)
        USING p_event_id, v_zone;
    END LOOP;
    -- the availability tables, in the order of fashionos.resource_map
    FOR v_table IN SELECT m.availability_table FROM fashionos.resource_map() m WHERE m.availability_table IS NOT NULL LOOP
        EXECUTE pg_catalog.format(
            'UPDATE %s a SET date = (a.start_time AT TIME ZONE $2)::date
              WHERE a.event_id = $1 AND a.date IS DISTINCT FROM (a.start_time AT TIME ZONE $2)::date', v_table)
        USING p_event_id, v_zone;
    END LOOP;
END
$$;
COMMENT ON FUNCTION fashionos.sync_event_dates(uuid) IS
    'Sets the date of an event''s rows in the three availability tables to the day they start in the event''s time zone (after the zone changed).';

CREATE FUNCTION fashionos.event_settings_to_ledger()
    RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_default record;
BEGIN
    SELECT d.time_zone, d.call_time_minutes INTO v_default FROM fashionos.settings_for(NULL) d;
    IF TG_OP = 'UPDATE' AND (NEW.event_id, NEW.time_zone, NEW.call_time_minutes)
                            IS NOT DISTINCT FROM (OLD.event_id, OLD.time_zone, OLD.call_time_minutes)
       OR TG_OP = 'INSERT' AND (NEW.time_zone, NEW.call_time_minutes)
                               IS NOT DISTINCT FROM (v_default.time_zone, v_default.call_time_minutes)
       OR TG_OP = 'DELETE' AND (OLD.time_zone, OLD.call_time_minutes)
                               IS NOT DISTINCT FROM (v_default.time_zone, v_default.call_time_minutes) THEN
        RETURN NULL;
    END IF;
    -- The dates of the event's availability rows first, then its bookings: the UPDATE of those
    -- rows locks them before their triggers take the event's schedule, the order of every other
    -- write of an availability row (a release, a venue owner's change), which locks its row and then
    -- takes the schedule in its trigger. Taken the other way round (the schedule, then the rows),
    -- such a write and a change of time zone waited for each other.
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM fashionos.sync_event_dates(OLD.event_id)
          WHERE EXISTS (SELECT 1 FROM public.events e WHERE e.id = OLD.event_id);
        PERFORM fashionos.sync_event_bookings(OLD.event_id, true);
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.event_id <> OLD.event_id) THEN
        PERFORM fashionos.sync_event_dates(NEW.event_id);
        PERFORM fashionos.sync_event_bookings(NEW.event_id, true);
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION fashionos.event_settings_to_ledger() IS
    'Trigger: recomputes an event''s call times and rehearsals in the ledger, and the dates of its availability rows, when its time zone or call length changes.';
CREATE TRIGGER event_settings_ledger AFTER INSERT OR DELETE OR UPDATE OF event_id, time_zone, call_time_minutes
    ON fashionos.event_settings
    FOR EACH ROW EXECUTE FUNCTION fashionos.event_settings_to_ledger();

-- A renamed venue may change which venue a rehearsal's location names.
CREATE FUNCTION fashionos.venues_to_ledger()
    RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_events uuid[];  -- the events that book the venue, in the order of their ids
    v_event uuid;
    v_relied uuid[];  -- the rehearsals of the events booking the venue that book a venue, before the new name
    v_relied_venues uuid[];  -- the venue each books
BEGIN
    v_events := ARRAY(SELECT DISTINCT va.event_id FROM public.venue_availability va
                       WHERE va.venue_id = NEW.id AND va.event_id IS NOT NULL AND va.status <> 'available'
                       ORDER BY va.event_id);
    -- their schedules first, in that order (as their recompute below takes them): a rehearsal
    -- written, or an event's return, in flight is seen
    FOREACH v_event IN ARRAY v_events LOOP
        PERFORM fashionos.lock_event_schedule(v_event, true);
    END LOOP;
    -- every rehearsal of those events that books a venue, this one or another: a new name may take
    -- a rehearsal from its hall to this venue as well as away from it
    SELECT pg_catalog.array_agg(b.source_id ORDER BY b.source_id), pg_catalog.array_agg(b.resource_id ORDER BY b.source_id)
      INTO v_relied, v_relied_venues FROM fashionos.bookings b
     WHERE b.source_table = 'event_rehearsals' AND b.resource_type = 'venue' AND b.event_id = ANY (v_events);
    FOREACH v_event IN ARRAY v_events LOOP
        PERFORM fashionos.sync_event_bookings(v_event, false);
    END LOOP;
    -- a rehearsal that named the venue by its old name does not lose it without a word
    PERFORM fashionos.require_rehearsals_kept(v_relied, v_relied_venues,
        pg_catalog.format('Renaming venue %s from %s to %s', NEW.id, fashionos.shown(OLD.name), fashionos.shown(NEW.name)),
        'Keep the name, or ask the organizers of those events to write the new name as their rehearsals'' location first.');
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION fashionos.venues_to_ledger() IS
    'Trigger: recomputes the rehearsals of the events booking a venue when the venue is renamed.';
CREATE TRIGGER venues_ledger AFTER UPDATE OF name ON public.venues
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION fashionos.venues_to_ledger();

-- An event back from cancelled books its call times and rehearsals again, as they are written,
-- asking each consent anew: while it was cancelled, recomputations dropped the bookings it no
-- longer held (fashionos.cancelled_event_keeps_only). A row that cannot be booked again (its
-- resource taken meanwhile, its consent gone) refuses the change of status, naming the row.
CREATE FUNCTION fashionos.events_back_from_cancelled()
    RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_message text;
    v_detail text;
    v_lost text;
BEGIN
    BEGIN
        PERFORM fashionos.sync_event_bookings(NEW.id, true);
    EXCEPTION WHEN insufficient_privilege OR SQLSTATE 'PT409' THEN
        GET STACKED DIAGNOSTICS v_message = MESSAGE_TEXT, v_detail = PG_EXCEPTION_DETAIL;
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'the event''s call times and rehearsals cannot all be booked again',
            DETAIL = pg_catalog.format('Event %s comes back from cancelled (status %s), and its call times and rehearsals book again as they are written: %s. %s',
                                       NEW.id, NEW.status, v_message, v_detail),
            HINT = 'While the event was cancelled its bookings could be released. An admin or owner of the organization deletes the row named (organizers may not), then sets the status again; write it anew once the event is back.';
    END;
    -- a row that gave up its booking while the event was cancelled books that resource again, or
    -- the event does not come back (its venue released meanwhile, and perhaps taken since)
    SELECT pg_catalog.format('%s %s booked %s %s during %s before, and books %s now', a.source_table, a.source_id,
                             a.resource_type, a.resource_id, fashionos.range_text(a.during),
                             coalesce((SELECT pg_catalog.format('%s %s', b.resource_type, b.resource_id) FROM fashionos.bookings b
                                        WHERE b.source_table = a.source_table AND b.source_id = a.source_id), 'nothing'))
      INTO v_lost
      FROM fashionos.bookings_set_aside a
     WHERE a.event_id = NEW.id
       AND NOT EXISTS (SELECT 1 FROM fashionos.bookings b
                        WHERE b.source_table = a.source_table AND b.source_id = a.source_id
                          AND b.resource_type = a.resource_type AND b.resource_id = a.resource_id)
     ORDER BY a.source_table, a.source_id LIMIT 1;
    IF v_lost IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'the event''s call times and rehearsals cannot all be booked again',
            DETAIL = pg_catalog.format('Event %s comes back from cancelled (status %s): %s (its venue or model was released while the event was cancelled).',
                                       NEW.id, NEW.status, v_lost),
            HINT = 'An admin or owner of the organization deletes the row named (organizers may not; a rehearsal that books nothing now may also be written again), then sets the status again; write it anew and book its resource once the event is back.';
    END IF;
    DELETE FROM fashionos.bookings_set_aside a WHERE a.event_id = NEW.id;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION fashionos.events_back_from_cancelled() IS
    'Trigger of public.events: an event whose status leaves cancelled books its call times and rehearsals again, asking consent anew (PT409 naming the first row that cannot be booked).';
CREATE TRIGGER events_back_from_cancelled AFTER UPDATE OF status ON public.events
    FOR EACH ROW WHEN (OLD.status = 'cancelled' AND NEW.status IS DISTINCT FROM 'cancelled')
    EXECUTE FUNCTION fashionos.events_back_from_cancelled();
COMMENT ON TRIGGER events_back_from_cancelled ON public.events IS
    'An event back from cancelled books its call times and rehearsals again (fashionos.events_back_from_cancelled).';

-- TRUNCATE fires no row trigger: drop the truncated table's rows from the ledger.
CREATE FUNCTION fashionos.truncate_to_ledger()
    RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    DELETE FROM fashionos.bookings b WHERE b.source_table = TG_TABLE_NAME;
    IF TG_TABLE_NAME = 'venue_availability' THEN
        -- no event books a venue any more: no rehearsal books one either
        DELETE FROM fashionos.bookings b WHERE b.source_table = 'event_rehearsals';
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION fashionos.truncate_to_ledger() IS 'Trigger: drops a truncated source table''s rows from the booking ledger.';
CREATE TRIGGER venue_availability_ledger_truncate AFTER TRUNCATE ON public.venue_availability
    FOR EACH STATEMENT EXECUTE FUNCTION fashionos.truncate_to_ledger();
CREATE TRIGGER model_availability_ledger_truncate AFTER TRUNCATE ON public.model_availability
    FOR EACH STATEMENT EXECUTE FUNCTION fashionos.truncate_to_ledger();
CREATE TRIGGER designer_availability_ledger_truncate AFTER TRUNCATE ON public.designer_availability
    FOR EACH STATEMENT EXECUTE FUNCTION fashionos.truncate_to_ledger();
CREATE TRIGGER call_times_ledger_truncate AFTER TRUNCATE ON public.call_times
    FOR EACH STATEMENT EXECUTE FUNCTION fashionos.truncate_to_ledger();
CREATE TRIGGER event_rehearsals_ledger_truncate AFTER TRUNCATE ON public.event_rehearsals
    FOR EACH STATEMENT EXECUTE FUNCTION fashionos.truncate_to_ledger();

-- ---------------------------------------------------------------------------------------------
-- Rebuilding the ledger
-- ---------------------------------------------------------------------------------------------
CREATE FUNCTION fashionos.rebuild_bookings()
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v record;  -- a row of fashionos.resource_map
    v_count bigint;
    v_detail text;
BEGIN
    -- writers of the sources write the ledger too: hold them off until the rebuild commits
    LOCK TABLE fashionos.bookings IN EXCLUSIVE MODE;
    -- after a restore made with triggers disabled, the restored signing keys sign, as after any
    -- restore (fashionos.restored_signing_key did not run)
    PERFORM fashionos.drop_unused_install_keys();
    DELETE FROM fashionos.bookings;
    BEGIN
        -- the availability tables, in the order of fashionos.resource_map
        FOR v IN SELECT * FROM fashionos.resource_map() m WHERE m.availability_table IS NOT NULL LOOP
            EXECUTE pg_catalog.format(
                'INSERT INTO fashionos.bookings (source_table, source_id, resource_type, resource_id, during, status, event_id)
                 SELECT %L, a.id, %L, a.%I, pg_catalog.tstzrange(a.start_time, a.end_time, ''[)''), a.status, a.event_id
                   FROM %s AS a WHERE a.status <> ''available''
                    AND pg_catalog.isfinite(a.start_time) AND pg_catalog.isfinite(a.end_time)',
                (pg_catalog.parse_ident(v.availability_table))[2], v.resource_type, v.availability_column,
                v.availability_table);
        END LOOP;
        -- call times and rehearsals one by one, as their triggers book them: a row that no longer
        -- reads (written before today's reading rules) is refused, or, in the operator's session,
        -- books nothing with a warning (fashionos.writer_is_operator)
        PERFORM fashionos.sync_call_time_booking(ct) FROM public.call_times ct ORDER BY ct.id;
        PERFORM fashionos.sync_rehearsal_booking(r) FROM public.event_rehearsals r ORDER BY r.id;
    EXCEPTION WHEN exclusion_violation THEN
        GET STACKED DIAGNOSTICS v_detail = PG_EXCEPTION_DETAIL;
        RAISE EXCEPTION USING
            ERRCODE = 'PT409',
            MESSAGE = 'the source tables hold a double booking',
            DETAIL = v_detail,
            HINT = 'Release one of the two bookings (set its status to tentative or available, or delete it), then rebuild again.';
    END;
    SELECT pg_catalog.count(*) INTO v_count FROM fashionos.bookings;
    RETURN v_count;
END
$$;
COMMENT ON FUNCTION fashionos.rebuild_bookings() IS
    'Recomputes the booking ledger from venue_availability, model_availability, designer_availability, call_times and event_rehearsals; returns the number of ledger rows. PT409 when the sources hold a double booking. Run after a restore made with triggers disabled (it also lets the restored signing keys sign).';

-- ---------------------------------------------------------------------------------------------
-- Booking through the API. Row level security lets a venue owner write his calendar and a talent
-- his open slots; an event's organizers book venues, models and designers for their event with
-- these functions (call times and rehearsals they write directly).
-- ---------------------------------------------------------------------------------------------

-- The bounds of a booked or optioned range: at most fashionos.max_booking_length() long, and not
-- wholly in the past (22023 otherwise). Direct table writes of a talent's or venue owner's own
-- calendar are not bounded by length; their open slots are bounded per day (below).
CREATE FUNCTION fashionos.max_booking_length() RETURNS interval
    LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$ SELECT interval '14 days' $$;
COMMENT ON FUNCTION fashionos.max_booking_length() IS
    'The longest range book_resource books and request_option asks for: 14 days.';

-- The resource types an event books or options directly: those with an availability table of
-- their own (public.<type>_availability). Crew members, the fourth type of the ledger, are booked
-- with call times. fashionos.options checks its resource_type against this list too.
CREATE FUNCTION fashionos.bookable_types() RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$ SELECT pg_catalog.array_agg(m.resource_type) FROM fashionos.resource_map() m WHERE m.availability_table IS NOT NULL $$;
COMMENT ON FUNCTION fashionos.bookable_types() IS
    'The resource types book_resource books and request_option options: venue, model, designer (each with an availability table of its own).';

-- Refuses (22023) a resource type that is not bookable; p_what ends the detail ("... a resource
-- type that can be <p_what>"), p_hint_tail follows the list in the hint.
CREATE FUNCTION fashionos.check_bookable_type(p_resource_type text, p_what text, p_hint_tail text DEFAULT '')
    RETURNS void
    LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF p_resource_type IS NULL OR NOT p_resource_type = ANY (fashionos.bookable_types()) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'unknown resource type',
            DETAIL = pg_catalog.format('%s is not a resource type that can be %s.', fashionos.shown(p_resource_type), p_what),
            HINT = pg_catalog.format('One of %s%s.', pg_catalog.array_to_string(fashionos.bookable_types(), ', '), p_hint_tail);
    END IF;
END
$$;
COMMENT ON FUNCTION fashionos.check_bookable_type(text, text, text) IS
    'Refuses (22023) a resource type outside fashionos.bookable_types().';

-- Refuses (PT404) a bookable resource that does not exist.
CREATE FUNCTION fashionos.require_resource(p_resource_type text, p_resource_id uuid) RETURNS void
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT (SELECT r.resource_exists FROM fashionos.resource_user(p_resource_type, p_resource_id) r) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = pg_catalog.format('%s not found', p_resource_type),
            DETAIL = pg_catalog.format('No %s with id %s.', p_resource_type, p_resource_id),
            HINT = 'Check the id.';
    END IF;
END
$$;
COMMENT ON FUNCTION fashionos.require_resource(text, uuid) IS 'Refuses (PT404) a venue, model profile or designer profile that does not exist.';

-- The availability row of a bookable resource (its table: fashionos.resource_tables): writes one
-- and returns its id, reads the event of one, deletes one. The triggers of the availability tables
-- write the ledger.
CREATE FUNCTION fashionos.insert_availability(p_resource_type text, p_resource_id uuid, p_event_id uuid,
                                              p_date date, p_during tstzrange, p_status text)
    RETURNS uuid
    LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v record;  -- a row of fashionos.resource_tables
    v_id uuid;
BEGIN
    SELECT * INTO STRICT v FROM fashionos.resource_tables(p_resource_type);
    EXECUTE pg_catalog.format('INSERT INTO %s AS a (%I, event_id, date, start_time, end_time, status)
                               VALUES ($1, $2, $3, pg_catalog.lower($4), pg_catalog.upper($4), $5) RETURNING a.id',
                              v.availability_table, v.availability_column)
       INTO v_id USING p_resource_id, p_event_id, p_date, p_during, p_status;
    RETURN v_id;
END
$$;
COMMENT ON FUNCTION fashionos.insert_availability(text, uuid, uuid, date, tstzrange, text) IS
    'Writes the venue_availability, model_availability or designer_availability row of a booking; returns its id.';

-- p_sql, a statement on the availability table of p_resource_type (%s in it), run with p_id as $1
-- (the id of a row of that table); its answer, if any.
CREATE FUNCTION fashionos.on_availability(p_resource_type text, p_sql text, p_id uuid) RETURNS uuid
    LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_answer uuid;
BEGIN
    EXECUTE pg_catalog.format(p_sql, (SELECT t.availability_table FROM fashionos.resource_tables(p_resource_type) t))
       INTO v_answer USING p_id;
    RETURN v_answer;
END
$$;
COMMENT ON FUNCTION fashionos.on_availability(text, text, uuid) IS
    'Runs a statement on the availability table of a resource type (venue_availability, model_availability or designer_availability) for one row; returns its answer.';

-- p_zone: the event's time zone, whose calendar the length is counted on (14 days from midnight
-- to midnight are 14 days, also across a change of the clocks, which makes them an hour longer or
-- shorter in real time).
CREATE FUNCTION fashionos.check_booking_range(p_start timestamptz, p_end timestamptz, p_zone text DEFAULT NULL) RETURNS void
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_length interval;
BEGIN
    IF p_start IS NULL OR p_end IS NULL OR p_end <= p_start
       OR NOT pg_catalog.isfinite(p_start) OR NOT pg_catalog.isfinite(p_end) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'empty time range',
            DETAIL = pg_catalog.format('The range [%s, %s) is empty or unbounded; a booking ends after it starts, at finite times.', p_start, p_end),
            HINT = 'Pass p_start < p_end.';
    END IF;
    v_length := CASE WHEN p_zone IS NULL THEN p_end - p_start
                     ELSE (p_end AT TIME ZONE p_zone) - (p_start AT TIME ZONE p_zone) END;
    IF v_length > fashionos.max_booking_length() THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'time range too long',
            DETAIL = pg_catalog.format('[%s, %s) lasts %s%s; a booking or option lasts at most %s.',
                                       p_start, p_end, v_length,
                                       CASE WHEN p_zone IS NOT NULL THEN ' on the calendar of ' || p_zone ELSE '' END,
                                       fashionos.max_booking_length()),
            HINT = 'Book or option the days you need, one range of at most 14 days at a time.';
    END IF;
    IF p_end <= pg_catalog.now() THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'time range in the past',
            DETAIL = pg_catalog.format('[%s, %s) ended before now (%s).', p_start, p_end, pg_catalog.now()),
            HINT = 'Book or option a range that ends in the future.';
    END IF;
END
$$;
COMMENT ON FUNCTION fashionos.check_booking_range(timestamptz, timestamptz, text) IS
    'Refuses (22023) a range that is empty, unbounded, longer than fashionos.max_booking_length() (on the calendar of p_zone, the event''s time zone, when given), or wholly in the past.';

CREATE FUNCTION fashionos.book_resource(p_resource_type text, p_resource_id uuid, p_event_id uuid,
                                        p_start timestamptz, p_end timestamptz, p_status text DEFAULT 'booked')
    RETURNS uuid
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_date date;
BEGIN
    PERFORM fashionos.check_bookable_type(p_resource_type, 'booked for an event',
                                          ' (crew members are booked with call times)');
    IF p_resource_id IS NULL OR p_event_id IS NULL OR p_start IS NULL OR p_end IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'missing argument',
            DETAIL = 'p_resource_id, p_event_id, p_start and p_end are required.',
            HINT = 'Pass all four.';
    END IF;
    PERFORM fashionos.check_booking_range(p_start, p_end,
                                          (SELECT s.time_zone FROM fashionos.settings_for(p_event_id) s));
    IF p_status IS NULL OR p_status NOT IN ('booked', 'tentative') THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'unknown booking status',
            DETAIL = pg_catalog.format('%s is not a booking status.', fashionos.shown(p_status)),
            HINT = 'booked (exclusive) or tentative (a hold that may overlap).';
    END IF;
    PERFORM fashionos.require_runs_event(p_event_id, 'not allowed to book for this event',
                                         'Organizers, admins and owners of the event''s organization book for it.');
    PERFORM fashionos.require_resource(p_resource_type, p_resource_id);
    -- the rows the booking references, locked as its foreign keys take them: a deletion in flight
    -- is waited for and answered 404, not a bare foreign-key violation at the INSERT
    PERFORM fashionos.key_share_event(p_event_id);
    PERFORM fashionos.key_share_resource(p_resource_type, p_resource_id);
    -- the resource's writers take turns, as its options' do: bookings of overlapping slots made at
    -- the same moment each wait for the one before instead of for each other's row in flight
    -- under the exclusion constraint (three or more, each overlapping the next, could deadlock)
    PERFORM fashionos.lock_resource_options(p_resource_type, p_resource_id);
    -- consent: only a resource the caller's organization controls is booked directly
    IF NOT fashionos.caller_controls_resource(p_resource_type, p_resource_id) THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = pg_catalog.format('not allowed to book this %s directly', p_resource_type),
            DETAIL = pg_catalog.format('%s %s is not controlled by the caller''s organization: booking it needs its consent.',
                                       p_resource_type, p_resource_id),
            HINT = 'Request an option with request_option; the talent or the venue owner confirms it, and the confirmed option becomes the booking.';
    END IF;
    -- the calendar day of the start in the event's time zone
    SELECT (p_start AT TIME ZONE s.time_zone)::date INTO v_date FROM fashionos.settings_for(p_event_id) s;
    RETURN fashionos.insert_availability(p_resource_type, p_resource_id, p_event_id, v_date,
                                         pg_catalog.tstzrange(p_start, p_end, '[)'), p_status);
END
$$;
COMMENT ON FUNCTION fashionos.book_resource(text, uuid, uuid, timestamptz, timestamptz, text) IS
    'Implementation of public.book_resource (SECURITY DEFINER: writes the availability table after checking the caller).';

CREATE FUNCTION fashionos.release_booking(p_resource_type text, p_booking_id uuid)
    RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_event uuid;
    v_relation text;
BEGIN
    PERFORM fashionos.check_bookable_type(p_resource_type, 'booked for an event');
    v_event := fashionos.on_availability(p_resource_type, 'SELECT a.event_id FROM %s AS a WHERE a.id = $1', p_booking_id);
    v_relation := CASE WHEN v_event IS NULL THEN 'none' ELSE fashionos.caller_event_relation(v_event) END;
    IF v_relation = 'none' THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'booking not found',
            DETAIL = pg_catalog.format('No %s booking with id %s for an event visible to the caller.', p_resource_type, p_booking_id),
            HINT = 'Pass the id that book_resource returned.';
    END IF;
    PERFORM fashionos.refuse_unless_runs(v_relation, v_event, 'not allowed to release this booking',
        'Organizers, admins and owners of the event''s organization release its bookings.');
    PERFORM fashionos.on_availability(p_resource_type, 'DELETE FROM %s AS a WHERE a.id = $1 RETURNING a.id', p_booking_id);
END
$$;
COMMENT ON FUNCTION fashionos.release_booking(text, uuid) IS
    'Implementation of public.release_booking (SECURITY DEFINER: deletes the availability row after checking the caller).';
