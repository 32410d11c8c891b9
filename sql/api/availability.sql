-- api/availability.sql: bookings and conflict reports. Style: see sql/api/ticketing.sql.

CREATE FUNCTION public.book_resource(p_resource_type text, p_resource_id uuid, p_event_id uuid,
                                     p_start timestamptz, p_end timestamptz, p_status text DEFAULT 'booked')
    RETURNS uuid
    LANGUAGE sql VOLATILE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT fashionos.book_resource(fashionos.required(p_resource_type, 'p_resource_type'), fashionos.required(p_resource_id, 'p_resource_id'), fashionos.required(p_event_id, 'p_event_id'), fashionos.required(p_start, 'p_start'), fashionos.required(p_end, 'p_end'), fashionos.required(p_status, 'p_status')) $$;
COMMENT ON FUNCTION public.book_resource(text, uuid, uuid, timestamptz, timestamptz, text) IS
    'Books a venue, model or designer (p_resource_type, p_resource_id) for an event from p_start to p_end (status booked, or tentative: a hold that may overlap); returns the id of the new venue_availability, model_availability or designer_availability row. Errors: 22023 bad argument (400), PT404 event or resource not found (404), 42501 caller does not run the event (401/403), PT409 already booked (DETAIL names the colliding booking), event is cancelled (409).';

CREATE FUNCTION public.release_booking(p_resource_type text, p_booking_id uuid)
    RETURNS void
    LANGUAGE sql VOLATILE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT fashionos.release_booking(fashionos.required(p_resource_type, 'p_resource_type'), fashionos.required(p_booking_id, 'p_booking_id')) $$;
COMMENT ON FUNCTION public.release_booking(text, uuid) IS
    'Releases a booking made for an event (deletes the venue_availability, model_availability or designer_availability row p_booking_id); the slot is free at once. Errors: 22023 bad type (400), PT404 booking not found or not visible (404), 42501 caller does not run the event (401/403).';

CREATE FUNCTION public.find_conflicts(
    p_resource_type text,
    p_resource_id uuid,
    p_from timestamptz DEFAULT NULL,
    p_to timestamptz DEFAULT NULL,
    p_limit integer DEFAULT 1000)
    RETURNS SETOF public.booking_conflict
    LANGUAGE sql STABLE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT * FROM fashionos.find_conflicts(p_resource_type, p_resource_id, p_from, p_to, p_limit) $$;
COMMENT ON FUNCTION public.find_conflicts(text, uuid, timestamptz, timestamptz, integer) IS
    'Conflicts of one resource (p_resource_type venue, model, designer or stakeholder; p_resource_id its id) whose overlap falls in [p_from, p_to) (null: open end): pairs of bookings of different engagements with both rows (source table, id, event, range, status); severity hard when both are booked/blocked, tentative when a tentative hold is involved, busy when the other row is another organization''s booking, shown only as an anonymous span (source table, id and event null, status busy). The resource itself (venue owner, the talent) and service_role see every row; an organization sees the pairs that involve its own bookings. At most p_limit rows (default 1000, 1 to 10000), the first in report order (resource, overlap start); narrow p_from/p_to for the rest. Errors: 22023 bad argument or p_limit out of range (400), PT404 resource not visible to the caller (404).';

CREATE FUNCTION public.event_conflicts(p_event_id uuid, p_limit integer DEFAULT 1000)
    RETURNS SETOF public.booking_conflict
    LANGUAGE sql STABLE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT * FROM fashionos.event_conflicts(p_event_id, p_limit) $$;
COMMENT ON FUNCTION public.event_conflicts(uuid, integer) IS
    'Conflicts of an event: each of its bookings (venue and availability bookings, call times, rehearsals) paired with each booking of another engagement on the same resource at an overlapping time; the event''s row comes first. severity hard or tentative, or busy when the other row is another organization''s booking, shown only as an anonymous span (source table, id and event null, status busy). At most p_limit rows (default 1000, 1 to 10000). Errors: 22023 null id or p_limit out of range (400), PT404 event not visible to the caller (404).';

COMMENT ON FUNCTION fashionos.find_conflicts(text, uuid, timestamptz, timestamptz, integer) IS 'Implementation of public.find_conflicts (SECURITY DEFINER: reads the private booking ledger after checking the caller).';
COMMENT ON FUNCTION fashionos.event_conflicts(uuid, integer) IS 'Implementation of public.event_conflicts (SECURITY DEFINER: reads the private booking ledger after checking the caller).';
COMMENT ON FUNCTION fashionos.time_slot_range(date, text, text) IS
    'The [start, end) range of a time slot such as 14:00-16:00 on a date, read in a time zone; an end not after the start is on the next day. Raises 22007 for a slot that cannot be read.';
COMMENT ON FUNCTION fashionos.call_time_range(date, text, integer, text) IS
    'The [call, call + minutes) range of a call time such as 09:30 on a date, read in a time zone. Raises 22007 for a time that cannot be read.';
COMMENT ON FUNCTION fashionos.known_time_zone(text) IS
    'Whether a name is a zone of the time zone database (an IANA name or UTC, any case), not a POSIX rule, a fixed offset with the POSIX sign, localtime, posixrules or Factory; the names of pg_timezone_names are read once per session (fashionos.is_time_zone, the CHECK of an event''s time zone).';
COMMENT ON FUNCTION fashionos.name_key(text) IS
    'The key by which names are compared: NFKC form, without characters that show nothing, each run of white space one space, trimmed, lower case (a rehearsal''s location against the names of the venues its event books).';
