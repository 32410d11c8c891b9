-- event_structure.sql: what fashionos adds to event_phases, event_schedules, event_rehearsals,
-- event_assets (tests/spec/proposed-schema.md, tables 4-7). The tables themselves are the spec's,
-- as written, created by sql/generated/spec_tables.sql; every addition is marked "addition" and
-- listed in docs/schema.md.

-- ---------------------------------------------------------------------------------------------
-- event_schedules
-- ---------------------------------------------------------------------------------------------
-- addition: an item ends after it starts
ALTER TABLE public.event_schedules ADD CONSTRAINT event_schedules_end_after_start CHECK (end_time > start_time);
