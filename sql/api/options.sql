-- api/options.sql: options on talent and venues. Style: see sql/api/ticketing.sql.

CREATE FUNCTION public.request_option(p_resource_type text, p_resource_id uuid, p_event_id uuid,
                                      p_start timestamptz, p_end timestamptz,
                                      p_expires_at timestamptz DEFAULT NULL)
    RETURNS SETOF public.booking_option
    LANGUAGE sql VOLATILE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT * FROM fashionos.request_option(fashionos.required(p_resource_type, 'p_resource_type'), fashionos.required(p_resource_id, 'p_resource_id'), fashionos.required(p_event_id, 'p_event_id'), fashionos.required(p_start, 'p_start'), fashionos.required(p_end, 'p_end'), p_expires_at) $$;
COMMENT ON FUNCTION public.request_option(text, uuid, uuid, timestamptz, timestamptz, timestamptz) IS
    'Requests an option on a venue, model or designer (p_resource_type, p_resource_id) for an event from p_start to p_end (at most 14 days, not wholly past), expiring at p_expires_at (default in 72 hours, at most 30 days). Options on overlapping ranges rank in order of request (an open option of a cancelled event stands in nobody''s way while it is cancelled); the answer carries the rank. Errors: 22023 bad argument, range too long or past, expiry out of range (400), PT404 event or resource not found (404), 42501 caller does not run the event (401/403), PT409 the event already holds a live option overlapping this range, event is cancelled (409).';

CREATE FUNCTION public.confirm_option(p_option_id uuid)
    RETURNS SETOF public.booking_option
    LANGUAGE sql VOLATILE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT * FROM fashionos.confirm_option(p_option_id) $$;
COMMENT ON FUNCTION public.confirm_option(uuid) IS
    'Confirms a 1st option: books its range for its event (a venue_availability, model_availability or designer_availability row, booking_id in the answer). Only the talent behind the profile, the venue owner or server-side code (an agency back office) confirms; confirming a confirmed option answers the same. Errors: 22023 null id (400), PT404 option not visible (404), 42501 caller is not the talent, venue owner or service_role (401/403), PT409 not the 1st option, option expired, declined or released, its event is cancelled, its range already ended, or the range is booked meanwhile (409).';

CREATE FUNCTION public.decline_option(p_option_id uuid)
    RETURNS SETOF public.booking_option
    LANGUAGE sql VOLATILE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT * FROM fashionos.decline_option(p_option_id) $$;
COMMENT ON FUNCTION public.decline_option(uuid) IS
    'Declines an open option (any rank); the options below it move up. Only the talent behind the profile, the venue owner or server-side code declines. Errors: 22023 null id (400), PT404 option not visible (404), 42501 caller is not the talent, venue owner or service_role (401/403), PT409 option confirmed, released or expired (409).';

CREATE FUNCTION public.release_option(p_option_id uuid)
    RETURNS SETOF public.booking_option
    LANGUAGE sql VOLATILE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT * FROM fashionos.release_option(p_option_id) $$;
COMMENT ON FUNCTION public.release_option(uuid) IS
    'Releases an option of one''s own event (open or confirmed: a confirmed option''s booking is freed); the options below it move up. Organizers, admins and owners of the event''s organization, or server-side code. Errors: 22023 null id (400), PT404 option not visible (404), 42501 caller does not run the event (401/403), PT409 option declined or expired (409).';

CREATE FUNCTION public.list_options(p_resource_type text DEFAULT NULL, p_resource_id uuid DEFAULT NULL,
                                    p_event_id uuid DEFAULT NULL)
    RETURNS SETOF public.booking_option
    LANGUAGE sql STABLE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT * FROM fashionos.list_options(p_resource_type, p_resource_id, p_event_id) $$;
COMMENT ON FUNCTION public.list_options(text, uuid, uuid) IS
    'Options the caller may see, filtered by resource and event (null: any): those of the caller''s organization (with their rank) and all options on the caller''s own calendar (the talent, the venue owner); service_role sees all. Status and rank as of now (an option past its expiry shows expired). Errors: 22023 bad resource type (400), 42501 not signed in (401).';
