-- event_structure.sql: event_phases, event_schedules, event_rehearsals, event_assets
-- (tests/spec/proposed-schema.md, tables 4-7). Additions are marked "addition" (docs/schema.md).

-- ---------------------------------------------------------------------------------------------
-- event_phases
-- ---------------------------------------------------------------------------------------------
CREATE TABLE public.event_phases (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    event_id uuid NOT NULL REFERENCES public.events (id) ON DELETE CASCADE,
    phase_key text NOT NULL,
    title text NOT NULL,
    order_index integer NOT NULL,
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'in_progress', 'complete')),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_event_phases_event_id ON public.event_phases (event_id);
CREATE INDEX idx_event_phases_order_index ON public.event_phases (order_index);

-- ---------------------------------------------------------------------------------------------
-- event_schedules
-- ---------------------------------------------------------------------------------------------
CREATE TABLE public.event_schedules (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    event_id uuid NOT NULL REFERENCES public.events (id) ON DELETE CASCADE,
    title text NOT NULL,
    start_time timestamptz NOT NULL,
    end_time timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    -- addition: an item ends after it starts
    CONSTRAINT event_schedules_end_after_start CHECK (end_time > start_time)
);
CREATE INDEX idx_event_schedules_event_id ON public.event_schedules (event_id);
CREATE INDEX idx_event_schedules_start_time ON public.event_schedules (start_time);

-- ---------------------------------------------------------------------------------------------
-- event_rehearsals
-- ---------------------------------------------------------------------------------------------
CREATE TABLE public.event_rehearsals (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    event_id uuid NOT NULL REFERENCES public.events (id) ON DELETE CASCADE,
    date date NOT NULL,
    time_slot text NOT NULL,
    location text,
    notes text,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_event_rehearsals_event_id ON public.event_rehearsals (event_id);
CREATE INDEX idx_event_rehearsals_date ON public.event_rehearsals (date);

-- ---------------------------------------------------------------------------------------------
-- event_assets
-- ---------------------------------------------------------------------------------------------
CREATE TABLE public.event_assets (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    event_id uuid NOT NULL REFERENCES public.events (id) ON DELETE CASCADE,
    type text NOT NULL CHECK (type IN ('photo', 'video', 'document')),
    url text NOT NULL,
    title text,
    is_featured boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_event_assets_event_id ON public.event_assets (event_id);
CREATE INDEX idx_event_assets_is_featured ON public.event_assets (is_featured) WHERE is_featured = true;

