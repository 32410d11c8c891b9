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
