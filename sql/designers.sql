-- designers.sql: fashion_brands, designer_profiles, event_designers, designer_availability
-- (tests/spec/proposed-schema.md, tables 20-23). Additions are marked "addition" (docs/schema.md).

-- ---------------------------------------------------------------------------------------------
-- fashion_brands
-- ---------------------------------------------------------------------------------------------
CREATE TABLE public.fashion_brands (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name text NOT NULL,
    country text,
    style text,
    website text,
    instagram text,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_fashion_brands_name ON public.fashion_brands (name);

-- ---------------------------------------------------------------------------------------------
-- designer_profiles
-- ---------------------------------------------------------------------------------------------
CREATE TABLE public.designer_profiles (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
    brand_id uuid NOT NULL REFERENCES public.fashion_brands (id) ON DELETE CASCADE,
    title text,
    specialty text,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_designer_profiles_user_id ON public.designer_profiles (user_id);
CREATE INDEX idx_designer_profiles_brand_id ON public.designer_profiles (brand_id);

-- ---------------------------------------------------------------------------------------------
-- event_designers
-- ---------------------------------------------------------------------------------------------
CREATE TABLE public.event_designers (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    event_id uuid NOT NULL REFERENCES public.events (id) ON DELETE CASCADE,
    designer_profile_id uuid NOT NULL REFERENCES public.designer_profiles (id) ON DELETE CASCADE,
    brand_id uuid NOT NULL REFERENCES public.fashion_brands (id) ON DELETE CASCADE,
    collection_order integer,
    collection_name text,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_event_designers_event_id ON public.event_designers (event_id);
CREATE INDEX idx_event_designers_designer_profile_id ON public.event_designers (designer_profile_id);
CREATE INDEX idx_event_designers_brand_id ON public.event_designers (brand_id);  -- addition: foreign key index

-- ---------------------------------------------------------------------------------------------
-- designer_availability
-- ---------------------------------------------------------------------------------------------
CREATE TABLE public.designer_availability (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    designer_profile_id uuid NOT NULL REFERENCES public.designer_profiles (id) ON DELETE CASCADE,
    event_id uuid REFERENCES public.events (id) ON DELETE CASCADE,
    date date NOT NULL,
    start_time timestamptz NOT NULL,
    end_time timestamptz NOT NULL,
    status text NOT NULL DEFAULT 'available' CHECK (status IN ('available', 'booked', 'tentative')),
    created_at timestamptz NOT NULL DEFAULT now(),
    -- addition: as venue_availability
    CONSTRAINT designer_availability_end_after_start CHECK (end_time > start_time),
    CONSTRAINT designer_availability_date_of_start CHECK (
        date BETWEEN (start_time AT TIME ZONE 'UTC')::date - 1 AND (start_time AT TIME ZONE 'UTC')::date + 1)
);
CREATE INDEX idx_designer_availability_designer_profile_id ON public.designer_availability (designer_profile_id);
CREATE INDEX idx_designer_availability_date ON public.designer_availability (date);
CREATE INDEX idx_designer_availability_event_id ON public.designer_availability (event_id);  -- addition: foreign key index

