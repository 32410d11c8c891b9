-- venues.sql: what fashionos adds to venues, venue_availability (tests/spec/proposed-schema.md,
-- tables 8-9). The tables themselves are the spec's, as written, created by
-- sql/generated/spec_tables.sql; every addition is marked "addition" and listed in docs/schema.md.
-- The booking rules (no double booking) are in sql/availability.sql and src/availability.rs.

-- ---------------------------------------------------------------------------------------------
-- venues
-- ---------------------------------------------------------------------------------------------
-- addition: capacity is a head count
ALTER TABLE public.venues ADD CONSTRAINT venues_capacity_nonnegative CHECK (capacity >= 0);
CREATE INDEX idx_venues_owner_id ON public.venues (owner_id);  -- addition: foreign key index

-- ---------------------------------------------------------------------------------------------
-- venue_availability
-- ---------------------------------------------------------------------------------------------
-- addition: a slot ends after it starts, and date is the local date of start_time in some
-- time zone (UTC-12 to UTC+14), i.e. within one day of start_time's UTC date
ALTER TABLE public.venue_availability ADD CONSTRAINT venue_availability_end_after_start CHECK (end_time > start_time);
ALTER TABLE public.venue_availability ADD CONSTRAINT venue_availability_date_of_start CHECK (
    date BETWEEN (start_time AT TIME ZONE 'UTC')::date - 1 AND (start_time AT TIME ZONE 'UTC')::date + 1);
CREATE INDEX idx_venue_availability_event_id ON public.venue_availability (event_id);  -- addition: foreign key index
