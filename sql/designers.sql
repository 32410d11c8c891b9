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

COMMENT ON TABLE public.fashion_brands IS 'Directory of fashion brands whose designers show at events.';
COMMENT ON COLUMN public.fashion_brands.style IS 'Free-text style of the brand, e.g. streetwear, couture.';
COMMENT ON COLUMN public.fashion_brands.instagram IS 'Instagram handle or profile URL of the brand.';

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

COMMENT ON TABLE public.designer_profiles IS 'Designers: the platform user and the brand they design for.';
COMMENT ON COLUMN public.designer_profiles.title IS 'Job title, e.g. Creative Director.';

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

COMMENT ON TABLE public.event_designers IS 'Designer line-up of an event: which designer shows which collection, in which order.';
COMMENT ON COLUMN public.event_designers.brand_id IS 'Brand under which the collection is shown.';
COMMENT ON COLUMN public.event_designers.collection_order IS 'Position of the collection in the show (ascending).';

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

COMMENT ON TABLE public.designer_availability IS 'Availability calendar of a designer: time slots that are available, booked or tentative, optionally for an event.';
COMMENT ON COLUMN public.designer_availability.event_id IS 'Event the designer is booked or held for (NULL for open availability).';
COMMENT ON COLUMN public.designer_availability.date IS 'Local calendar day of start_time; within one day of start_time''s UTC date.';
COMMENT ON COLUMN public.designer_availability.end_time IS 'End of the slot, after start_time.';
COMMENT ON COLUMN public.designer_availability.status IS 'available, booked or tentative (held).';
