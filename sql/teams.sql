-- teams.sql: what fashionos adds to stakeholders, event_stakeholders, task_assignees,
-- organizer_teams, organizer_team_members (tests/spec/proposed-schema.md, tables 10-14). The tables
-- themselves are the spec's, as written, created by sql/generated/spec_tables.sql; every addition
-- is marked "addition" and listed in docs/schema.md.

-- ---------------------------------------------------------------------------------------------
-- organizer_team_members
-- ---------------------------------------------------------------------------------------------
CREATE INDEX idx_organizer_team_members_user_id ON public.organizer_team_members (user_id);  -- addition: foreign key index
CREATE INDEX idx_organizer_team_members_stakeholder_id ON public.organizer_team_members (stakeholder_id);  -- addition: foreign key index
