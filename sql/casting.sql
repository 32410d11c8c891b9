-- casting.sql: what fashionos adds to model_agencies, model_profiles, event_models,
-- model_availability, call_times (tests/spec/proposed-schema.md, tables 15-19). The tables
-- themselves are the spec's, as written, created by sql/generated/spec_tables.sql; every addition
-- is marked "addition" and listed in docs/schema.md. The walk-order logic is in src/walk_order.rs.

-- ---------------------------------------------------------------------------------------------
-- event_models
-- ---------------------------------------------------------------------------------------------
-- addition: positions start at 1 and are unique per event. DEFERRABLE INITIALLY IMMEDIATE:
-- uniqueness is checked at the end of each statement (not row by row), so one UPDATE can swap
-- or shift positions; SET CONSTRAINTS ... DEFERRED moves the check to COMMIT.
ALTER TABLE public.event_models ADD CONSTRAINT event_models_walk_order_positive CHECK (walk_order > 0);
ALTER TABLE public.event_models ADD CONSTRAINT event_models_event_id_walk_order_key UNIQUE (event_id, walk_order)
    DEFERRABLE INITIALLY IMMEDIATE;
-- addition: at most one opener and at most one closer per event
CREATE UNIQUE INDEX idx_event_models_event_id_is_opening ON public.event_models (event_id) WHERE is_opening;
CREATE UNIQUE INDEX idx_event_models_event_id_is_closing ON public.event_models (event_id) WHERE is_closing;

-- addition: the walk order of an event is one lock. set_walk_order takes it exclusive before it
-- locks the event's castings (src/walk_order.rs, with the same key); a casting written into the
-- event (inserted, or moved in from another event) takes it shared first. So a reorder waits for a
-- casting being added and then names it among those its list misses (22023), instead of failing
-- at its UPDATE on the position the new casting took (a bare 23505); and a casting added during a
-- reorder waits for it.
CREATE FUNCTION fashionos.event_models_walk_order_lock() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' OR OLD.event_id IS DISTINCT FROM NEW.event_id THEN
        PERFORM pg_catalog.pg_advisory_xact_lock_shared(pg_catalog.hashtextextended('fashionos.walk_order:' || NEW.event_id::text, 0));
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION fashionos.event_models_walk_order_lock() IS
    'Trigger of public.event_models: a casting written into an event takes the event''s walk-order lock shared (set_walk_order takes it exclusive).';
CREATE TRIGGER event_models_walk_order_lock BEFORE INSERT OR UPDATE OF event_id ON public.event_models
    FOR EACH ROW EXECUTE FUNCTION fashionos.event_models_walk_order_lock();
COMMENT ON TRIGGER event_models_walk_order_lock ON public.event_models IS
    'A casting added to an event waits for a reorder of it in flight, and a reorder for it (fashionos.event_models_walk_order_lock).';

-- ---------------------------------------------------------------------------------------------
-- model_availability
-- ---------------------------------------------------------------------------------------------
-- addition: as venue_availability
ALTER TABLE public.model_availability ADD CONSTRAINT model_availability_end_after_start CHECK (end_time > start_time);
ALTER TABLE public.model_availability ADD CONSTRAINT model_availability_date_of_start CHECK (
    date BETWEEN (start_time AT TIME ZONE 'UTC')::date - 1 AND (start_time AT TIME ZONE 'UTC')::date + 1);
CREATE INDEX idx_model_availability_event_id ON public.model_availability (event_id);  -- addition: foreign key index

-- ---------------------------------------------------------------------------------------------
-- call_times
-- ---------------------------------------------------------------------------------------------
CREATE INDEX idx_call_times_model_profile_id ON public.call_times (model_profile_id);  -- addition: foreign key index
CREATE INDEX idx_call_times_stakeholder_id ON public.call_times (stakeholder_id);  -- addition: foreign key index
