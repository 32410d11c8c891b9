-- teams.sql: stakeholders, event_stakeholders, task_assignees, organizer_teams,
-- organizer_team_members (tests/spec/proposed-schema.md, tables 10-14).
-- Additions are marked "addition" (docs/schema.md).

-- ---------------------------------------------------------------------------------------------
-- stakeholders
-- ---------------------------------------------------------------------------------------------
CREATE TABLE public.stakeholders (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid REFERENCES public.users (id) ON DELETE CASCADE,
    name text NOT NULL,
    email text,
    phone text,
    role text,
    company text,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_stakeholders_user_id ON public.stakeholders (user_id);
CREATE INDEX idx_stakeholders_email ON public.stakeholders (email);

COMMENT ON TABLE public.stakeholders IS
    'External contacts (vendors, contractors, partners, crew); linked to a platform user when they have an account.';
COMMENT ON COLUMN public.stakeholders.user_id IS 'Platform account of the contact, if any (the contact is deleted with it).';
COMMENT ON COLUMN public.stakeholders.role IS 'Free-text trade, e.g. photographer, makeup artist, caterer.';

-- ---------------------------------------------------------------------------------------------
-- event_stakeholders
-- ---------------------------------------------------------------------------------------------
CREATE TABLE public.event_stakeholders (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    event_id uuid NOT NULL REFERENCES public.events (id) ON DELETE CASCADE,
    stakeholder_id uuid NOT NULL REFERENCES public.stakeholders (id) ON DELETE CASCADE,
    role text,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (event_id, stakeholder_id)
);
CREATE INDEX idx_event_stakeholders_event_id ON public.event_stakeholders (event_id);
CREATE INDEX idx_event_stakeholders_stakeholder_id ON public.event_stakeholders (stakeholder_id);

COMMENT ON TABLE public.event_stakeholders IS 'Which stakeholders work on which event (at most once per event), with their role there.';
COMMENT ON COLUMN public.event_stakeholders.role IS 'Role of the stakeholder at this event (free text).';

-- ---------------------------------------------------------------------------------------------
-- task_assignees
-- ---------------------------------------------------------------------------------------------
CREATE TABLE public.task_assignees (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    task_id uuid NOT NULL REFERENCES public.tasks (id) ON DELETE CASCADE,
    user_id uuid REFERENCES public.users (id) ON DELETE CASCADE,
    stakeholder_id uuid REFERENCES public.stakeholders (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((user_id IS NOT NULL AND stakeholder_id IS NULL) OR (user_id IS NULL AND stakeholder_id IS NOT NULL))
);
CREATE INDEX idx_task_assignees_task_id ON public.task_assignees (task_id);
CREATE INDEX idx_task_assignees_user_id ON public.task_assignees (user_id);
CREATE INDEX idx_task_assignees_stakeholder_id ON public.task_assignees (stakeholder_id);

COMMENT ON TABLE public.task_assignees IS
    'Assignees of a task, several per task; each row names exactly one of a user or a stakeholder.';
COMMENT ON COLUMN public.task_assignees.user_id IS 'Assigned platform user; exactly one of user_id and stakeholder_id is set.';
COMMENT ON COLUMN public.task_assignees.stakeholder_id IS 'Assigned external contact; exactly one of user_id and stakeholder_id is set.';

-- ---------------------------------------------------------------------------------------------
-- organizer_teams
-- ---------------------------------------------------------------------------------------------
CREATE TABLE public.organizer_teams (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL REFERENCES public.organizations (id) ON DELETE CASCADE,
    owner_id uuid NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
    name text NOT NULL,
    type text,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_organizer_teams_organization_id ON public.organizer_teams (organization_id);
CREATE INDEX idx_organizer_teams_owner_id ON public.organizer_teams (owner_id);

COMMENT ON TABLE public.organizer_teams IS 'Production teams of an organization (e.g. backstage, PR), each led by an owner.';
COMMENT ON COLUMN public.organizer_teams.owner_id IS 'User who leads the team.';
COMMENT ON COLUMN public.organizer_teams.type IS 'Free-text kind of team, e.g. production, backstage, press.';

-- ---------------------------------------------------------------------------------------------
-- organizer_team_members
-- ---------------------------------------------------------------------------------------------
CREATE TABLE public.organizer_team_members (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    team_id uuid NOT NULL REFERENCES public.organizer_teams (id) ON DELETE CASCADE,
    user_id uuid REFERENCES public.users (id) ON DELETE CASCADE,
    stakeholder_id uuid REFERENCES public.stakeholders (id) ON DELETE CASCADE,
    role text,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((user_id IS NOT NULL AND stakeholder_id IS NULL) OR (user_id IS NULL AND stakeholder_id IS NOT NULL))
);
CREATE INDEX idx_organizer_team_members_team_id ON public.organizer_team_members (team_id);
CREATE INDEX idx_organizer_team_members_user_id ON public.organizer_team_members (user_id);  -- addition: foreign key index
CREATE INDEX idx_organizer_team_members_stakeholder_id ON public.organizer_team_members (stakeholder_id);  -- addition: foreign key index

COMMENT ON TABLE public.organizer_team_members IS 'Roster of a team; each row names exactly one of a user or a stakeholder.';
COMMENT ON COLUMN public.organizer_team_members.user_id IS 'Member who is a platform user; exactly one of user_id and stakeholder_id is set.';
COMMENT ON COLUMN public.organizer_team_members.stakeholder_id IS 'Member who is an external contact; exactly one of user_id and stakeholder_id is set.';
COMMENT ON COLUMN public.organizer_team_members.role IS 'Role in the team (free text).';
