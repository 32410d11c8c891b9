-- venues.sql: venues, venue_availability (tests/spec/proposed-schema.md, tables 8-9).
-- The booking rules (no double booking) are in sql/availability.sql and src/availability.rs.
-- Additions are marked "addition" (docs/schema.md).

-- ---------------------------------------------------------------------------------------------
-- venues
-- ---------------------------------------------------------------------------------------------
CREATE TABLE public.venues (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    owner_id uuid NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
    name text NOT NULL,
    address text,
    city text,
    country text,
    capacity integer,
    type text CHECK (type IN ('indoor', 'outdoor', 'hybrid')),
    amenities jsonb DEFAULT '[]'::jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    -- addition: capacity is a head count
    CONSTRAINT venues_capacity_nonnegative CHECK (capacity >= 0)
);
CREATE INDEX idx_venues_city ON public.venues (city);
CREATE INDEX idx_venues_capacity ON public.venues (capacity);
CREATE INDEX idx_venues_owner_id ON public.venues (owner_id);  -- addition: foreign key index

-- ---------------------------------------------------------------------------------------------
-- venue_availability
-- ---------------------------------------------------------------------------------------------
CREATE TABLE public.venue_availability (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    venue_id uuid NOT NULL REFERENCES public.venues (id) ON DELETE CASCADE,
    event_id uuid REFERENCES public.events (id) ON DELETE CASCADE,
    date date NOT NULL,
    start_time timestamptz NOT NULL,
    end_time timestamptz NOT NULL,
    status text NOT NULL DEFAULT 'available' CHECK (status IN ('available', 'booked', 'tentative', 'blocked')),
    created_at timestamptz NOT NULL DEFAULT now(),
    -- addition: a slot ends after it starts, and date is the local date of start_time in some
    -- time zone (UTC-12 to UTC+14), i.e. within one day of start_time's UTC date
    CONSTRAINT venue_availability_end_after_start CHECK (end_time > start_time),
    CONSTRAINT venue_availability_date_of_start CHECK (
        date BETWEEN (start_time AT TIME ZONE 'UTC')::date - 1 AND (start_time AT TIME ZONE 'UTC')::date + 1)
);
CREATE INDEX idx_venue_availability_venue_id ON public.venue_availability (venue_id);
CREATE INDEX idx_venue_availability_date ON public.venue_availability (date);
CREATE INDEX idx_venue_availability_status ON public.venue_availability (status);
CREATE INDEX idx_venue_availability_event_id ON public.venue_availability (event_id);  -- addition: foreign key index

