-- event_settings.sql: per-event settings that the 44 specified tables have no column for.
-- Kept in the private schema (public holds exactly the 52 specified tables); read and written
-- through public.get_event_settings / public.set_event_settings.

CREATE FUNCTION fashionos.is_time_zone(p_name text) RETURNS boolean
    LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
    SET search_path = ''
    AS $$
BEGIN
    PERFORM now() AT TIME ZONE p_name;
    RETURN true;
EXCEPTION WHEN invalid_parameter_value THEN
    RETURN false;
END
$$;
COMMENT ON FUNCTION fashionos.is_time_zone(text) IS 'True when the name is a time zone PostgreSQL knows (IANA name such as Europe/Paris).';

CREATE TABLE fashionos.event_settings (
    event_id uuid PRIMARY KEY REFERENCES public.events(id) ON DELETE CASCADE,
    time_zone text NOT NULL DEFAULT 'UTC' CHECK (fashionos.is_time_zone(time_zone)),
    walk_min_gap integer NOT NULL DEFAULT 5 CHECK (walk_min_gap BETWEEN 1 AND 1000),
    hold_minutes integer NOT NULL DEFAULT 15 CHECK (hold_minutes BETWEEN 1 AND 10080),
    call_time_minutes integer NOT NULL DEFAULT 240 CHECK (call_time_minutes BETWEEN 1 AND 1440),
    updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE fashionos.event_settings IS
    'Per-event settings: the time zone in which DATE + time-slot columns (event_rehearsals, call_times) are read, the minimum walk-order gap between two looks of one model, how long a ticket hold lasts, and how long a call time books a model. An event without a row uses the defaults.';
COMMENT ON COLUMN fashionos.event_settings.time_zone IS 'IANA time zone of the event (default UTC); DATE + time-slot pairs are read in it.';
COMMENT ON COLUMN fashionos.event_settings.walk_min_gap IS 'Minimum distance in looks between two walks of one model (default 5: positions 3 and 8 are fine, 3 and 7 are too close).';
COMMENT ON COLUMN fashionos.event_settings.hold_minutes IS 'How long reserved, unpaid tickets hold inventory (default 15 minutes).';
COMMENT ON COLUMN fashionos.event_settings.call_time_minutes IS 'How long a call time books the model or crew member from the call (default 240 minutes).';
CREATE TRIGGER event_settings_updated_at BEFORE UPDATE ON fashionos.event_settings
    FOR EACH ROW EXECUTE FUNCTION fashionos.set_updated_at();

-- The settings in force for an event: its row, or the defaults.
CREATE FUNCTION fashionos.settings_for(p_event_id uuid)
    RETURNS TABLE (time_zone text, walk_min_gap integer, hold_minutes integer, call_time_minutes integer)
    LANGUAGE sql STABLE
    SECURITY DEFINER
    SET search_path = ''
    AS $$
    SELECT coalesce(s.time_zone, 'UTC'), coalesce(s.walk_min_gap, 5),
           coalesce(s.hold_minutes, 15), coalesce(s.call_time_minutes, 240)
      FROM (SELECT 1) AS one
      LEFT JOIN fashionos.event_settings s ON s.event_id = p_event_id
$$;
COMMENT ON FUNCTION fashionos.settings_for(uuid) IS 'The settings in force for an event: its event_settings row, or the defaults.';

REVOKE EXECUTE ON FUNCTION fashionos.is_time_zone(text), fashionos.settings_for(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION fashionos.is_time_zone(text), fashionos.settings_for(uuid) TO authenticated, service_role;
REVOKE ALL ON fashionos.event_settings FROM PUBLIC;
