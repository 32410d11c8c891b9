-- designers.sql: what fashionos adds to fashion_brands, designer_profiles, event_designers,
-- designer_availability (tests/spec/proposed-schema.md, tables 20-23). The tables themselves are
-- the spec's, as written, created by sql/generated/spec_tables.sql; every addition is marked
-- "addition" and listed in docs/schema.md.

-- ---------------------------------------------------------------------------------------------
-- event_designers
-- ---------------------------------------------------------------------------------------------
CREATE INDEX idx_event_designers_brand_id ON public.event_designers (brand_id);  -- addition: foreign key index

-- ---------------------------------------------------------------------------------------------
-- designer_availability
-- ---------------------------------------------------------------------------------------------
-- addition: as venue_availability
ALTER TABLE public.designer_availability ADD CONSTRAINT designer_availability_end_after_start CHECK (end_time > start_time);
ALTER TABLE public.designer_availability ADD CONSTRAINT designer_availability_date_of_start CHECK (
    date BETWEEN (start_time AT TIME ZONE 'UTC')::date - 1 AND (start_time AT TIME ZONE 'UTC')::date + 1);
CREATE INDEX idx_designer_availability_event_id ON public.designer_availability (event_id);  -- addition: foreign key index
