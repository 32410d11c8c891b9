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
