\echo Use "ALTER EXTENSION fashionos UPDATE TO '0.2.0'" to load this file. \quit
-- fashionos 0.1.0 -> 0.2.0: public.undo_check_in, to undo a check-in made by mistake at the door.
-- ALTER EXTENSION fashionos UPDATE TO '0.2.0' runs this file; a fresh CREATE EXTENSION of 0.2.0
-- gives the same catalog (tests/drills/upgrade.sh compares them).

CREATE FUNCTION fashionos."undo_check_in"(
	"p_registration_id" uuid
) RETURNS TABLE (
	"registration_id" uuid,
	"status" TEXT,
	"changed" bool
)
STRICT VOLATILE SECURITY DEFINER PARALLEL UNSAFE
SET search_path TO pg_catalog, pg_temp
LANGUAGE c
AS 'MODULE_PATHNAME', 'undo_check_in_wrapper';

-------------------------------------------------------------------------------------------------
-- 0.2.0: undoing a check-in made by mistake.
-------------------------------------------------------------------------------------------------
REVOKE EXECUTE ON FUNCTION fashionos.undo_check_in(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION fashionos.undo_check_in(uuid) TO authenticated, service_role;
COMMENT ON FUNCTION fashionos.undo_check_in(uuid) IS 'Implementation of public.undo_check_in.';

CREATE FUNCTION public.undo_check_in(p_registration_id uuid)
    RETURNS TABLE (registration_id uuid, status text, changed boolean)
    LANGUAGE plpgsql VOLATILE SECURITY INVOKER
    SET search_path = ''
    AS $$
DECLARE
    v_detail text;
    v_hint text;
BEGIN
    RETURN QUERY SELECT * FROM fashionos.undo_check_in(p_registration_id);
EXCEPTION WHEN no_data_found OR object_not_in_prerequisite_state THEN
    GET STACKED DIAGNOSTICS v_detail = PG_EXCEPTION_DETAIL, v_hint = PG_EXCEPTION_HINT;
    PERFORM fashionos.raise_http(SQLSTATE, SQLERRM, v_detail, v_hint);
END
$$;
REVOKE EXECUTE ON FUNCTION public.undo_check_in(uuid) FROM PUBLIC, anon;
GRANT EXECUTE ON FUNCTION public.undo_check_in(uuid) TO authenticated, service_role;
COMMENT ON FUNCTION public.undo_check_in(uuid) IS
$$Undoes a check-in made by mistake at the door: the registration is confirmed again and its check-in time cleared, so the ticket admits once more. For organizers, admins and owners of the event's organization. changed = false when the registration was not checked in. Errors: PT404 registration not found, 42501 not door staff, 25006 on a read-only replica. Since 0.2.0.$$;
