-- Hand-written part of the update from 0.3.0 to 0.4.0 (scripts/make-upgrade.py puts it first).

-- The resource types an option may name are fashionos.bookable_types() (sql/availability.sql), no
-- longer a list of the constraint's own, and the types and tables of the resources are
-- fashionos.resource_map() (sql/access.sql). Both are created here because the constraint needs
-- them; the functions part of the script replaces them with the same definitions.
CREATE FUNCTION fashionos.resource_map()
    RETURNS TABLE (resource_type text, resource_table text, user_column text, availability_table text, availability_column text)
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = ''
    AS $$
    VALUES ('venue', 'public.venues', 'owner_id', 'public.venue_availability', 'venue_id'),
           ('model', 'public.model_profiles', 'user_id', 'public.model_availability', 'model_profile_id'),
           ('designer', 'public.designer_profiles', 'user_id', 'public.designer_availability', 'designer_profile_id'),
           ('stakeholder', 'public.stakeholders', 'user_id', NULL, NULL)
$$;
CREATE FUNCTION fashionos.bookable_types() RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = ''
    AS $$ SELECT pg_catalog.array_agg(m.resource_type) FROM fashionos.resource_map() m WHERE m.availability_table IS NOT NULL $$;
ALTER TABLE fashionos.options DROP CONSTRAINT options_resource_type_check,
    ADD CONSTRAINT options_resource_type_check CHECK (resource_type = ANY (fashionos.bookable_types()));

-- The triggers of the availability tables and of the resources find their resource type in
-- fashionos.resource_map() rather than in arguments of their own.
CREATE OR REPLACE TRIGGER venue_availability_ledger AFTER INSERT OR UPDATE OR DELETE ON public.venue_availability
    FOR EACH ROW EXECUTE FUNCTION fashionos.availability_to_ledger();
CREATE OR REPLACE TRIGGER model_availability_ledger AFTER INSERT OR UPDATE OR DELETE ON public.model_availability
    FOR EACH ROW EXECUTE FUNCTION fashionos.availability_to_ledger();
CREATE OR REPLACE TRIGGER designer_availability_ledger AFTER INSERT OR UPDATE OR DELETE ON public.designer_availability
    FOR EACH ROW EXECUTE FUNCTION fashionos.availability_to_ledger();
CREATE OR REPLACE TRIGGER venues_guard_delete BEFORE DELETE ON public.venues
    FOR EACH ROW EXECUTE FUNCTION fashionos.guard_resource_delete();
CREATE OR REPLACE TRIGGER model_profiles_guard_delete BEFORE DELETE ON public.model_profiles
    FOR EACH ROW EXECUTE FUNCTION fashionos.guard_resource_delete();
CREATE OR REPLACE TRIGGER designer_profiles_guard_delete BEFORE DELETE ON public.designer_profiles
    FOR EACH ROW EXECUTE FUNCTION fashionos.guard_resource_delete();

-- How long a waitlist offer waits for its claim is a setting of each event.
ALTER TABLE fashionos.event_settings
    ADD COLUMN waitlist_offer_minutes integer NOT NULL DEFAULT 60 CHECK (waitlist_offer_minutes BETWEEN 1 AND 10080);
ALTER TYPE public.event_settings_values ADD ATTRIBUTE waitlist_offer_minutes integer;
