-- Hand-written part of the update from 0.3.0 to 0.4.0 (scripts/make-upgrade.py puts it first).

-- The resource types an option may name are fashionos.bookable_types() (sql/availability.sql), no
-- longer a list of the constraint's own. The function is created here because the constraint needs
-- it; the functions part of the script replaces it with the same definition.
CREATE FUNCTION fashionos.bookable_types() RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = ''
    AS $$ SELECT '{venue,model,designer}'::text[] $$;
ALTER TABLE fashionos.options DROP CONSTRAINT options_resource_type_check,
    ADD CONSTRAINT options_resource_type_check CHECK (resource_type = ANY (fashionos.bookable_types()));

-- The settings' defaults are the column defaults alone: the column comments no longer repeat them.
COMMENT ON COLUMN fashionos.event_settings.time_zone IS 'IANA time zone of the event; DATE + time-slot pairs are read in it.';
COMMENT ON COLUMN fashionos.event_settings.walk_min_gap IS 'Minimum distance in looks between two walks of one model (with 5, positions 3 and 8 are fine, 3 and 7 are too close).';
COMMENT ON COLUMN fashionos.event_settings.hold_minutes IS 'How long reserved, unpaid tickets hold inventory, in minutes.';
COMMENT ON COLUMN fashionos.event_settings.call_time_minutes IS 'How long a call time books the model or crew member from the call, in minutes.';
COMMENT ON COLUMN fashionos.event_settings.buyer_max_tickets IS 'At most this many live tickets (held, confirmed or attended) of the event per attendee e-mail (lower-case, trimmed). The event''s organizers and server-side code are exempt.';
COMMENT ON COLUMN fashionos.event_settings.buyer_max_tickets_per_tier IS 'At most this many live tickets of one tier of the event per attendee e-mail.';
COMMENT ON COLUMN fashionos.event_settings.buyer_max_holds IS 'At most this many unpaid tickets on hold (not expired) of the event per attendee e-mail.';
