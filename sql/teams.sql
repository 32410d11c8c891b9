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

