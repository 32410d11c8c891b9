-- casting.sql: model_agencies, model_profiles, event_models, model_availability, call_times
-- (tests/spec/proposed-schema.md, tables 15-19). Loaded after teams.sql: call_times references
-- stakeholders. The walk-order logic is in src/walk_order.rs. Additions are marked "addition"
-- (docs/schema.md).

-- ---------------------------------------------------------------------------------------------
-- model_agencies
-- ---------------------------------------------------------------------------------------------
CREATE TABLE public.model_agencies (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name text NOT NULL,
    city text,
    country text,
    website text,
    contact_email text,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_model_agencies_name ON public.model_agencies (name);

COMMENT ON TABLE public.model_agencies IS 'Directory of model agencies.';

-- ---------------------------------------------------------------------------------------------
-- model_profiles
-- ---------------------------------------------------------------------------------------------
CREATE TABLE public.model_profiles (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
    agency_id uuid REFERENCES public.model_agencies (id) ON DELETE SET NULL,
    height text,
    measurements text,
    hair_color text,
    eye_color text,
    portfolio_url text,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_model_profiles_user_id ON public.model_profiles (user_id);
CREATE INDEX idx_model_profiles_agency_id ON public.model_profiles (agency_id);

COMMENT ON TABLE public.model_profiles IS 'Model portfolios: the platform user who is the model, the agency, and the card details.';
COMMENT ON COLUMN public.model_profiles.agency_id IS 'Representing agency; NULL when independent or when the agency is deleted.';
COMMENT ON COLUMN public.model_profiles.height IS 'Height as written on the model card, with its unit (e.g. ''178 cm'' or ''5''''10"'').';
COMMENT ON COLUMN public.model_profiles.measurements IS 'Measurements as written on the model card (e.g. ''82-60-88'').';

-- ---------------------------------------------------------------------------------------------
-- event_models
-- ---------------------------------------------------------------------------------------------
CREATE TABLE public.event_models (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    event_id uuid NOT NULL REFERENCES public.events (id) ON DELETE CASCADE,
    model_profile_id uuid NOT NULL REFERENCES public.model_profiles (id) ON DELETE CASCADE,
    walk_order integer,
    is_opening boolean NOT NULL DEFAULT false,
    is_closing boolean NOT NULL DEFAULT false,
    fitting_status text NOT NULL DEFAULT 'pending' CHECK (fitting_status IN ('pending', 'scheduled', 'completed')),
    created_at timestamptz NOT NULL DEFAULT now(),
    -- addition: positions start at 1 and are unique per event. DEFERRABLE INITIALLY IMMEDIATE:
    -- uniqueness is checked at the end of each statement (not row by row), so one UPDATE can swap
    -- or shift positions; SET CONSTRAINTS ... DEFERRED moves the check to COMMIT.
    CONSTRAINT event_models_walk_order_positive CHECK (walk_order > 0),
    CONSTRAINT event_models_event_id_walk_order_key UNIQUE (event_id, walk_order)
        DEFERRABLE INITIALLY IMMEDIATE
);
CREATE INDEX idx_event_models_event_id ON public.event_models (event_id);
CREATE INDEX idx_event_models_model_profile_id ON public.event_models (model_profile_id);
-- addition: at most one opener and at most one closer per event
CREATE UNIQUE INDEX idx_event_models_event_id_is_opening ON public.event_models (event_id) WHERE is_opening;
CREATE UNIQUE INDEX idx_event_models_event_id_is_closing ON public.event_models (event_id) WHERE is_closing;

COMMENT ON TABLE public.event_models IS
    'Models cast in an event: running order, opener and closer, fitting state. Positions are unique per event; at most one opener and one closer.';
COMMENT ON COLUMN public.event_models.walk_order IS 'Position in the running order, 1-based, unique per event (NULL: not placed yet).';
COMMENT ON COLUMN public.event_models.is_opening IS 'Opens the show; at most one per event.';
COMMENT ON COLUMN public.event_models.is_closing IS 'Closes the show; at most one per event.';
COMMENT ON COLUMN public.event_models.fitting_status IS 'pending, scheduled or completed.';

-- ---------------------------------------------------------------------------------------------
-- model_availability
-- ---------------------------------------------------------------------------------------------
CREATE TABLE public.model_availability (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    model_profile_id uuid NOT NULL REFERENCES public.model_profiles (id) ON DELETE CASCADE,
    event_id uuid REFERENCES public.events (id) ON DELETE CASCADE,
    date date NOT NULL,
    start_time timestamptz NOT NULL,
    end_time timestamptz NOT NULL,
    status text NOT NULL DEFAULT 'available' CHECK (status IN ('available', 'booked', 'tentative')),
    created_at timestamptz NOT NULL DEFAULT now(),
    -- addition: as venue_availability
    CONSTRAINT model_availability_end_after_start CHECK (end_time > start_time),
    CONSTRAINT model_availability_date_of_start CHECK (
        date BETWEEN (start_time AT TIME ZONE 'UTC')::date - 1 AND (start_time AT TIME ZONE 'UTC')::date + 1)
);
CREATE INDEX idx_model_availability_model_profile_id ON public.model_availability (model_profile_id);
CREATE INDEX idx_model_availability_date ON public.model_availability (date);
CREATE INDEX idx_model_availability_event_id ON public.model_availability (event_id);  -- addition: foreign key index

COMMENT ON TABLE public.model_availability IS 'Availability calendar of a model: time slots that are available, booked or tentative, optionally for an event.';
COMMENT ON COLUMN public.model_availability.event_id IS 'Event the model is booked or held for (NULL for open availability).';
COMMENT ON COLUMN public.model_availability.date IS 'Local calendar day of start_time; within one day of start_time''s UTC date.';
COMMENT ON COLUMN public.model_availability.end_time IS 'End of the slot, after start_time.';
COMMENT ON COLUMN public.model_availability.status IS 'available, booked or tentative (held).';

-- ---------------------------------------------------------------------------------------------
-- call_times
-- ---------------------------------------------------------------------------------------------
CREATE TABLE public.call_times (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    event_id uuid NOT NULL REFERENCES public.events (id) ON DELETE CASCADE,
    model_profile_id uuid REFERENCES public.model_profiles (id) ON DELETE CASCADE,
    stakeholder_id uuid REFERENCES public.stakeholders (id) ON DELETE CASCADE,
    date date NOT NULL,
    time text NOT NULL,
    location text,
    notes text,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((model_profile_id IS NOT NULL AND stakeholder_id IS NULL) OR (model_profile_id IS NULL AND stakeholder_id IS NOT NULL))
);
CREATE INDEX idx_call_times_event_id ON public.call_times (event_id);
CREATE INDEX idx_call_times_date ON public.call_times (date);
CREATE INDEX idx_call_times_model_profile_id ON public.call_times (model_profile_id);  -- addition: foreign key index
CREATE INDEX idx_call_times_stakeholder_id ON public.call_times (stakeholder_id);  -- addition: foreign key index

COMMENT ON TABLE public.call_times IS
    'When and where a model or a crew member (stakeholder) must report for an event; each row names exactly one of them.';
COMMENT ON COLUMN public.call_times.model_profile_id IS 'Model called; exactly one of model_profile_id and stakeholder_id is set.';
COMMENT ON COLUMN public.call_times.stakeholder_id IS 'Crew member called; exactly one of model_profile_id and stakeholder_id is set.';
COMMENT ON COLUMN public.call_times.date IS 'Local date of the call, in the event''s time zone (fashionos.event_settings.time_zone).';
COMMENT ON COLUMN public.call_times.time IS 'Local time of the call as text (e.g. ''07:30''), read in the event''s time zone.';
