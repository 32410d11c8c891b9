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

