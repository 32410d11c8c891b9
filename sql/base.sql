-- base.sql: the 8 base tables (organizations, users, events, tasks, sponsors, budget_items, assets,
-- campaigns), column for column as tests/spec/base-tables.md describes them. The 44 tables of the
-- domain files reference them. Additions to the spec are marked "addition" and listed in docs/schema.md.
-- Row level security and the policies are in sql/security.sql.

-- ---------------------------------------------------------------------------------------------
-- organizations
-- ---------------------------------------------------------------------------------------------
CREATE TABLE public.organizations (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name text NOT NULL,
    slug text NOT NULL UNIQUE,
    logo_url text,
    plan text NOT NULL DEFAULT 'free' CHECK (plan IN ('free', 'pro', 'enterprise')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
-- The index on slug is the one of the UNIQUE constraint (organizations_slug_key).
CREATE INDEX idx_organizations_plan ON public.organizations (plan);
CREATE TRIGGER organizations_updated_at BEFORE UPDATE ON public.organizations
    FOR EACH ROW EXECUTE FUNCTION fashionos.set_updated_at();

-- ---------------------------------------------------------------------------------------------
-- users
-- ---------------------------------------------------------------------------------------------
CREATE TABLE public.users (
    id uuid PRIMARY KEY REFERENCES auth.users (id) ON DELETE CASCADE,
    email text NOT NULL UNIQUE,
    full_name text,
    avatar_url text,
    role text NOT NULL DEFAULT 'viewer' CHECK (role IN ('owner', 'admin', 'organizer', 'viewer')),
    organization_id uuid NOT NULL REFERENCES public.organizations (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
-- The index on email is the one of the UNIQUE constraint (users_email_key).
CREATE INDEX idx_users_organization_id ON public.users (organization_id);
CREATE INDEX idx_users_role ON public.users (role);
CREATE TRIGGER users_updated_at BEFORE UPDATE ON public.users
    FOR EACH ROW EXECUTE FUNCTION fashionos.set_updated_at();

-- ---------------------------------------------------------------------------------------------
-- events
-- ---------------------------------------------------------------------------------------------
CREATE TABLE public.events (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name text NOT NULL,
    description text,
    type text NOT NULL DEFAULT 'runway_show'
        CHECK (type IN ('runway_show', 'photoshoot', 'activation', 'popup', 'campaign')),
    status text NOT NULL DEFAULT 'planning'
        CHECK (status IN ('planning', 'active', 'completed', 'cancelled')),
    start_date timestamptz NOT NULL,
    end_date timestamptz CHECK (end_date IS NULL OR end_date >= start_date),
    venue_name text,
    venue_address text,
    budget_total numeric(12,2) NOT NULL DEFAULT 0 CHECK (budget_total >= 0),
    budget_actual numeric(12,2) NOT NULL DEFAULT 0 CHECK (budget_actual >= 0),
    attendee_target integer,
    attendee_registered integer DEFAULT 0,
    progress_percentage integer NOT NULL DEFAULT 0 CHECK (progress_percentage BETWEEN 0 AND 100),
    organization_id uuid NOT NULL REFERENCES public.organizations (id) ON DELETE CASCADE,
    created_by uuid NOT NULL REFERENCES public.users (id) ON DELETE RESTRICT,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    -- addition: counts are never negative
    CONSTRAINT events_attendee_target_nonnegative CHECK (attendee_target >= 0),
    CONSTRAINT events_attendee_registered_nonnegative CHECK (attendee_registered >= 0)
);
CREATE INDEX idx_events_organization_id ON public.events (organization_id);
CREATE INDEX idx_events_created_by ON public.events (created_by);
CREATE INDEX idx_events_status ON public.events (status);
CREATE INDEX idx_events_type ON public.events (type);
CREATE INDEX idx_events_start_date ON public.events (start_date);
CREATE INDEX idx_events_created_at ON public.events (created_at DESC);
-- Full-text search over name and description. A query uses it when it repeats the expression:
--   WHERE to_tsvector('english', name || ' ' || coalesce(description, '')) @@ websearch_to_tsquery('english', '...')
CREATE INDEX idx_events_search ON public.events
    USING gin (to_tsvector('english'::regconfig, name || ' ' || coalesce(description, '')));
CREATE TRIGGER events_updated_at BEFORE UPDATE ON public.events
    FOR EACH ROW EXECUTE FUNCTION fashionos.set_updated_at();

-- ---------------------------------------------------------------------------------------------
-- tasks
-- ---------------------------------------------------------------------------------------------
CREATE TABLE public.tasks (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    event_id uuid NOT NULL REFERENCES public.events (id) ON DELETE CASCADE,
    title text NOT NULL,
    description text,
    status text NOT NULL DEFAULT 'to_do' CHECK (status IN ('to_do', 'in_progress', 'done', 'blocked')),
    priority text NOT NULL DEFAULT 'medium' CHECK (priority IN ('critical', 'high', 'medium', 'low')),
    workflow_phase text NOT NULL DEFAULT 'pre_production'
        CHECK (workflow_phase IN ('pre_production', 'venue_logistics', 'creative_design', 'on_site', 'post_event')),
    workflow_category text NOT NULL DEFAULT 'event_planning'
        CHECK (workflow_category IN ('event_planning', 'sponsorship', 'marketing', 'operations', 'media')),
    is_critical_path boolean NOT NULL DEFAULT false,
    deadline timestamptz,
    assigned_to uuid REFERENCES public.users (id) ON DELETE SET NULL,
    dependency_task_ids uuid[] DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_tasks_event_id ON public.tasks (event_id);
CREATE INDEX idx_tasks_assigned_to ON public.tasks (assigned_to);
CREATE INDEX idx_tasks_status ON public.tasks (status);
CREATE INDEX idx_tasks_priority ON public.tasks (priority);
CREATE INDEX idx_tasks_deadline ON public.tasks (deadline);
CREATE INDEX idx_tasks_workflow_phase ON public.tasks (workflow_phase);
CREATE INDEX idx_tasks_workflow_category ON public.tasks (workflow_category);
CREATE INDEX idx_tasks_is_critical_path ON public.tasks (is_critical_path) WHERE is_critical_path = true;
CREATE TRIGGER tasks_updated_at BEFORE UPDATE ON public.tasks
    FOR EACH ROW EXECUTE FUNCTION fashionos.set_updated_at();

-- Writers of task dependencies take turns per event, the events in the order of their ids.
CREATE FUNCTION fashionos.lock_task_dependencies(p_event_ids uuid[]) RETURNS void
    LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_event uuid;
BEGIN
    FOR v_event IN SELECT DISTINCT e FROM pg_catalog.unnest(p_event_ids) AS e WHERE e IS NOT NULL ORDER BY 1 LOOP
        PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('fashionos.task_dependencies:' || v_event::text, 0));
    END LOOP;
END
$$;
COMMENT ON FUNCTION fashionos.lock_task_dependencies(uuid[]) IS
    'Takes the transaction-level advisory locks of the task dependencies of events, in the order of their ids (the triggers of public.tasks).';

-- addition: a task's dependencies are tasks of its own event, each named once, never the task
-- itself, and they never lead back to it (a cycle would leave every task of it waiting for ever).
-- The spec keeps them as an array, without foreign keys; this keeps them true for every writer of
-- the API (the operator's own session, a restore, loads rows as they are). The check runs once
-- per statement, after it: a plan inserted in one request may name its tasks in any order, and a
-- plan of thousands of tasks is checked in one pass (the cycle search reads each event's graph
-- once: fashionos.task_dependency_cycle, src/tasks.rs). Writers of one event's dependencies take
-- turns, the events of a statement in the order of their ids, so two requests cannot close a
-- cycle between them, nor name a task that another one is deleting. Another organization's task
-- is answered as a task that does not exist.
CREATE FUNCTION fashionos.tasks_dependencies_hold() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_changed uuid[];   -- the rows whose dependencies grew, or that moved to another event
    v_events uuid[];    -- their events, before and after
    v_event uuid;
    v_task uuid;
    v_other uuid;
    v_problem text;
    v_cycle uuid[];
BEGIN
    IF fashionos.writer_is_operator() THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        SELECT pg_catalog.array_agg(n.id), pg_catalog.array_agg(DISTINCT n.event_id)
          INTO v_changed, v_events
          FROM new_tasks n WHERE pg_catalog.cardinality(n.dependency_task_ids) > 0;
    ELSE
        -- a list that only loses ids breaks no rule it kept; a move does (its dependents)
        SELECT pg_catalog.array_agg(n.id), pg_catalog.array_agg(DISTINCT n.event_id) || pg_catalog.array_agg(DISTINCT o.event_id)
          INTO v_changed, v_events
          FROM new_tasks n JOIN old_tasks o ON o.id = n.id
         WHERE n.event_id <> o.event_id
            OR (n.dependency_task_ids IS DISTINCT FROM o.dependency_task_ids  -- a title or status alone: nothing to read
                AND EXISTS (SELECT pg_catalog.unnest(n.dependency_task_ids)
                            EXCEPT ALL
                            SELECT pg_catalog.unnest(o.dependency_task_ids)));
    END IF;
    IF v_changed IS NULL THEN
        RETURN NULL;
    END IF;
    -- what each list holds
    SELECT t.id, CASE WHEN pg_catalog.array_ndims(t.dependency_task_ids) > 1 THEN 'nested'
                      WHEN pg_catalog.array_position(t.dependency_task_ids, NULL) IS NOT NULL THEN 'null'
                      WHEN t.id = ANY (t.dependency_task_ids) THEN 'itself'
                      ELSE 'twice' END
      INTO v_task, v_problem
      FROM public.tasks t
     WHERE t.id = ANY (v_changed)
       AND (pg_catalog.array_ndims(t.dependency_task_ids) > 1
            OR pg_catalog.array_position(t.dependency_task_ids, NULL) IS NOT NULL
            OR t.id = ANY (t.dependency_task_ids)
            OR pg_catalog.cardinality(t.dependency_task_ids)
               <> (SELECT pg_catalog.count(DISTINCT d) FROM pg_catalog.unnest(t.dependency_task_ids) AS d))
     ORDER BY t.id LIMIT 1;
    IF v_problem = 'nested' THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'task dependencies are a list',
            DETAIL = pg_catalog.format('Task %s has dependency_task_ids of %s dimensions.', v_task,
                                       (SELECT pg_catalog.array_ndims(t.dependency_task_ids) FROM public.tasks t WHERE t.id = v_task)),
            HINT = 'Send a flat array of the ids of the tasks it waits for, e.g. ["<task id>", "<task id>"], or an empty array.';
    ELSIF v_problem = 'null' THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'a task dependency is null',
            DETAIL = pg_catalog.format('Task %s lists a null among its dependency_task_ids.', v_task),
            HINT = 'Send the ids of the tasks it waits for, or an empty array.';
    ELSIF v_problem = 'itself' THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'a task cannot depend on itself',
            DETAIL = pg_catalog.format('Task %s lists its own id among its dependency_task_ids.', v_task),
            HINT = 'Remove its own id from dependency_task_ids.';
    ELSIF v_problem = 'twice' THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'a task dependency is listed twice',
            DETAIL = pg_catalog.format('Task %s lists one id twice among its dependency_task_ids.', v_task),
            HINT = 'Name each task it waits for once.';
    END IF;
    PERFORM fashionos.lock_task_dependencies(v_events);
    -- a task that others of its old event wait for does not move (they would wait across events)
    IF TG_OP = 'UPDATE' THEN
        SELECT x.id, n.id, o.event_id INTO v_other, v_task, v_event
          FROM new_tasks n JOIN old_tasks o ON o.id = n.id
          JOIN public.tasks x ON x.event_id = o.event_id AND n.id = ANY (x.dependency_task_ids)
         WHERE n.event_id <> o.event_id
         ORDER BY n.id, x.id LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'other tasks of the event depend on this task',
                DETAIL = pg_catalog.format('Task %s of event %s waits for task %s, which would move to another event.',
                                           v_other, v_event, v_task),
                HINT = 'Remove the task from the dependency_task_ids of the tasks that wait for it, then move it.';
        END IF;
    END IF;
    SELECT t.id, t.event_id, d INTO v_task, v_event, v_other
      FROM public.tasks t CROSS JOIN LATERAL pg_catalog.unnest(t.dependency_task_ids) AS d
     WHERE t.id = ANY (v_changed)
       AND NOT EXISTS (SELECT 1 FROM public.tasks x WHERE x.id = d AND x.event_id = t.event_id)
     ORDER BY t.id LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION USING ERRCODE = '23503', MESSAGE = 'a task dependency is not a task of the event',
            DETAIL = pg_catalog.format('Task %s of event %s lists %s, which is not a task of that event.', v_task, v_event, v_other),
            HINT = 'Name tasks of the same event (GET /rest/v1/tasks?event_id=eq.<event>&select=id,title).';
    END IF;
    FOR v_event IN SELECT DISTINCT t.event_id FROM public.tasks t WHERE t.id = ANY (v_changed) ORDER BY 1 LOOP
        v_cycle := fashionos.task_dependency_cycle(v_event);
        IF v_cycle IS NOT NULL THEN
            RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'the task dependencies form a cycle',
                DETAIL = pg_catalog.format('Tasks of event %s would wait for each other: %s%s.', v_event,
                                           pg_catalog.array_to_string(v_cycle[1:12], ' waits for '),
                                           CASE WHEN pg_catalog.cardinality(v_cycle) > 12
                                                THEN pg_catalog.format(' (and %s more)', pg_catalog.cardinality(v_cycle) - 12) ELSE '' END),
                HINT = 'Remove one of the dependencies along the cycle.';
        END IF;
    END LOOP;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION fashionos.tasks_dependencies_hold() IS
    'Trigger of tasks, once per INSERT or UPDATE statement: dependency_task_ids names tasks of the task''s own event (23503), each once, never the task itself, no null (22023), without a cycle (PT409, fashionos.task_dependency_cycle); a task that others wait for does not move to another event (PT409). The operator''s own session, a restore, loads rows as they are.';
CREATE TRIGGER tasks_dependencies_inserted AFTER INSERT ON public.tasks
    REFERENCING NEW TABLE AS new_tasks
    FOR EACH STATEMENT EXECUTE FUNCTION fashionos.tasks_dependencies_hold();
COMMENT ON TRIGGER tasks_dependencies_inserted ON public.tasks IS
    'A task''s dependencies are tasks of its event, once each, without a cycle (fashionos.tasks_dependencies_hold).';
CREATE TRIGGER tasks_dependencies_updated AFTER UPDATE ON public.tasks
    REFERENCING OLD TABLE AS old_tasks NEW TABLE AS new_tasks
    FOR EACH STATEMENT EXECUTE FUNCTION fashionos.tasks_dependencies_hold();
COMMENT ON TRIGGER tasks_dependencies_updated ON public.tasks IS
    'A task''s dependencies are tasks of its event, once each, without a cycle; a task others wait for stays in its event (fashionos.tasks_dependencies_hold).';

-- Deleted tasks leave the lists of the tasks of their events that waited for them, so no list
-- names a task that is gone. Once per statement, the events in the order of their ids.
CREATE FUNCTION fashionos.tasks_dependency_deleted() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_gone uuid[];
    v_events uuid[];
BEGIN
    SELECT pg_catalog.array_agg(o.id), pg_catalog.array_agg(o.event_id) INTO v_gone, v_events FROM old_tasks o;
    -- The rows of the tasks that wait for them first, then the events' dependency locks: the order
    -- of an edit of a task's dependencies (its row, then the lock in its statement's trigger). Taken
    -- the other way round, a deletion waited for the row of a task being edited while that edit
    -- waited for the lock. A task that starts waiting for a deleted one meanwhile is refused by its
    -- own trigger once the deletion has committed (23503).
    PERFORM 1 FROM public.tasks t
      WHERE t.event_id IN (SELECT o.event_id FROM old_tasks o) AND t.dependency_task_ids && v_gone
      ORDER BY t.id FOR UPDATE;
    PERFORM fashionos.lock_task_dependencies(v_events);
    UPDATE public.tasks t
       SET dependency_task_ids = ARRAY(SELECT d FROM pg_catalog.unnest(t.dependency_task_ids) WITH ORDINALITY AS u (d, n)
                                        WHERE d IS NULL OR d <> ALL (v_gone) ORDER BY n)
     WHERE t.event_id IN (SELECT o.event_id FROM old_tasks o)
       AND t.dependency_task_ids && v_gone;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION fashionos.tasks_dependency_deleted() IS
    'Trigger of tasks, once per DELETE statement: removes the deleted tasks'' ids from the dependency_task_ids of the tasks of their events.';
CREATE TRIGGER tasks_dependency_deleted AFTER DELETE ON public.tasks
    REFERENCING OLD TABLE AS old_tasks
    FOR EACH STATEMENT EXECUTE FUNCTION fashionos.tasks_dependency_deleted();
COMMENT ON TRIGGER tasks_dependency_deleted ON public.tasks IS
    'No task waits for a deleted task (fashionos.tasks_dependency_deleted).';

-- ---------------------------------------------------------------------------------------------
-- sponsors
-- ---------------------------------------------------------------------------------------------
CREATE TABLE public.sponsors (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    event_id uuid NOT NULL REFERENCES public.events (id) ON DELETE CASCADE,
    company_name text NOT NULL,
    contact_name text,
    contact_email text,
    contact_phone text,
    tier text NOT NULL DEFAULT 'partner' CHECK (tier IN ('platinum', 'gold', 'silver', 'bronze', 'partner')),
    status text NOT NULL DEFAULT 'lead'
        CHECK (status IN ('lead', 'contacted', 'negotiating', 'committed', 'confirmed', 'declined')),
    value numeric(12,2) NOT NULL DEFAULT 0 CHECK (value >= 0),
    fit_score integer CHECK (fit_score BETWEEN 0 AND 100),
    notes text,
    logo_url text,
    website text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_sponsors_event_id ON public.sponsors (event_id);
CREATE INDEX idx_sponsors_status ON public.sponsors (status);
CREATE INDEX idx_sponsors_tier ON public.sponsors (tier);
CREATE INDEX idx_sponsors_value ON public.sponsors (value DESC);
CREATE INDEX idx_sponsors_company_name ON public.sponsors (company_name);
CREATE TRIGGER sponsors_updated_at BEFORE UPDATE ON public.sponsors
    FOR EACH ROW EXECUTE FUNCTION fashionos.set_updated_at();

-- ---------------------------------------------------------------------------------------------
-- budget_items
-- ---------------------------------------------------------------------------------------------
CREATE TABLE public.budget_items (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    event_id uuid NOT NULL REFERENCES public.events (id) ON DELETE CASCADE,
    category text NOT NULL,
    item_name text NOT NULL,
    budgeted_amount numeric(12,2) NOT NULL CHECK (budgeted_amount >= 0),
    actual_amount numeric(12,2) NOT NULL DEFAULT 0 CHECK (actual_amount >= 0),
    status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'committed', 'paid', 'overdue')),
    vendor text,
    notes text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_budget_items_event_id ON public.budget_items (event_id);
CREATE INDEX idx_budget_items_category ON public.budget_items (category);
CREATE INDEX idx_budget_items_status ON public.budget_items (status);
CREATE TRIGGER budget_items_updated_at BEFORE UPDATE ON public.budget_items
    FOR EACH ROW EXECUTE FUNCTION fashionos.set_updated_at();

-- ---------------------------------------------------------------------------------------------
-- assets
-- ---------------------------------------------------------------------------------------------
CREATE TABLE public.assets (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    event_id uuid NOT NULL REFERENCES public.events (id) ON DELETE CASCADE,
    name text NOT NULL,
    type text NOT NULL CHECK (type IN ('image', 'video')),
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
    file_url text NOT NULL,
    thumbnail_url text,
    ai_score integer CHECK (ai_score BETWEEN 0 AND 100),
    ai_feedback text,
    uploaded_by uuid NOT NULL REFERENCES public.users (id) ON DELETE RESTRICT,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_assets_event_id ON public.assets (event_id);
CREATE INDEX idx_assets_uploaded_by ON public.assets (uploaded_by);
CREATE INDEX idx_assets_status ON public.assets (status);
CREATE INDEX idx_assets_type ON public.assets (type);
CREATE INDEX idx_assets_ai_score ON public.assets (ai_score DESC NULLS LAST);
CREATE INDEX idx_assets_created_at ON public.assets (created_at DESC);
CREATE TRIGGER assets_updated_at BEFORE UPDATE ON public.assets
    FOR EACH ROW EXECUTE FUNCTION fashionos.set_updated_at();

-- ---------------------------------------------------------------------------------------------
-- campaigns
-- ---------------------------------------------------------------------------------------------
CREATE TABLE public.campaigns (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL REFERENCES public.organizations (id) ON DELETE CASCADE,
    name text NOT NULL,
    brand_signals jsonb DEFAULT '{}',
    strategy jsonb DEFAULT '{}',
    pricing jsonb DEFAULT '{}',
    assets jsonb DEFAULT '[]',
    channel_packs jsonb DEFAULT '[]',
    status text NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft', 'proposed', 'approved', 'in_production', 'completed')),
    created_by uuid NOT NULL REFERENCES public.users (id) ON DELETE RESTRICT,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_campaigns_organization_id ON public.campaigns (organization_id);
CREATE INDEX idx_campaigns_created_by ON public.campaigns (created_by);
CREATE INDEX idx_campaigns_status ON public.campaigns (status);
CREATE INDEX idx_campaigns_created_at ON public.campaigns (created_at DESC);
CREATE TRIGGER campaigns_updated_at BEFORE UPDATE ON public.campaigns
    FOR EACH ROW EXECUTE FUNCTION fashionos.set_updated_at();

-- ---------------------------------------------------------------------------------------------
-- Additions to the base tables after their definitions (docs/schema.md, "Integrity additions")
-- ---------------------------------------------------------------------------------------------
-- addition: one pipeline row per company and event, as tables.md says: case, white space (tabs,
-- no-break and doubled spaces) and full-width letters do not make another company (the name in
-- NFKC, its white space runs as one space, trimmed, in lower case)
CREATE UNIQUE INDEX idx_sponsors_event_company ON public.sponsors
    (event_id, pg_catalog.lower(pg_catalog.btrim(pg_catalog.regexp_replace(pg_catalog.normalize(company_name, 'NFKC'), '\s+', ' ', 'g'))));
-- The index's own refusal names no key to an API client (row level security is on), so a
-- spreadsheet import of 200 sponsors refused for one company typed twice would not say which:
-- this says it first (the same 23505, with the company, the row that has it and a hint). Other
-- rows of the event only, which its writers read anyway.
CREATE FUNCTION fashionos.sponsors_one_per_company() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_key text := pg_catalog.lower(pg_catalog.btrim(pg_catalog.regexp_replace(pg_catalog.normalize(NEW.company_name, 'NFKC'), '\s+', ' ', 'g')));
    v_lock bigint;
    v_other_id uuid;
    v_other_name text;
    v_ours boolean;
BEGIN
    -- writers of one company of one event take turns, so the second sees the first's row. Ours: this
    -- transaction held the company's lock already, so an earlier row of this same request (a bulk
    -- import that lists the company twice, also inside a savepoint) has it. Asked of the lock table
    -- rather than of the other row's xmin: a 32-bit xmin names a transaction only together with
    -- an epoch, which cannot be told from the row once the counter has wrapped.
    v_lock := pg_catalog.hashtextextended('fashionos.sponsor:' || NEW.event_id::text || ':' || v_key, 0);
    v_ours := EXISTS (SELECT 1 FROM pg_catalog.pg_locks l
                       WHERE l.locktype = 'advisory' AND l.pid = pg_catalog.pg_backend_pid() AND l.granted
                         AND l.objsubid = 1 AND l.mode = 'ExclusiveLock'
                         AND l.classid = ((v_lock >> 32) & 4294967295)::text::oid
                         AND l.objid = (v_lock & 4294967295)::text::oid);
    PERFORM pg_catalog.pg_advisory_xact_lock(v_lock);
    -- the key as the unique index computes it (so the index finds the row)
    SELECT s.id, s.company_name
      INTO v_other_id, v_other_name
      FROM public.sponsors s
     WHERE s.event_id = NEW.event_id AND s.id <> NEW.id
       AND pg_catalog.lower(pg_catalog.btrim(pg_catalog.regexp_replace(pg_catalog.normalize(s.company_name, 'NFKC'), '\s+', ' ', 'g'))) = v_key
     LIMIT 1;
    IF NOT FOUND THEN
        RETURN NEW;
    END IF;
    IF v_ours THEN
        RAISE EXCEPTION USING ERRCODE = '23505', MESSAGE = 'the company is twice in the request',
            DETAIL = pg_catalog.format('%s and %s, for event %s, are one company; nothing of the request was written.',
                                       fashionos.shown(v_other_name), fashionos.shown(NEW.company_name), NEW.event_id),
            HINT = 'Send each company once; names that differ only in case, spaces or width are one company.';
    ELSE
        RAISE EXCEPTION USING ERRCODE = '23505', MESSAGE = 'the company is already in the event''s sponsors',
            DETAIL = pg_catalog.format('Sponsor %s (%s) of event %s is the same company as %s.', v_other_id,
                                       fashionos.shown(v_other_name), NEW.event_id, fashionos.shown(NEW.company_name)),
            HINT = 'Update that row (by its id) instead of adding another; names that differ only in case, spaces or width are one company.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION fashionos.sponsors_one_per_company() IS
    'Trigger of sponsors: a second row of one company for one event is refused with 23505 naming the company and the row that has it (the unique index idx_sponsors_event_company stays the guarantee).';
CREATE TRIGGER sponsors_one_per_company BEFORE INSERT OR UPDATE OF company_name, event_id ON public.sponsors
    FOR EACH ROW EXECUTE FUNCTION fashionos.sponsors_one_per_company();
COMMENT ON TRIGGER sponsors_one_per_company ON public.sponsors IS
    'One row per company and event, said with the company (23505: fashionos.sponsors_one_per_company).';
-- addition: the JSON columns of campaigns hold the shape they are documented to hold (or null)
ALTER TABLE public.campaigns ADD CONSTRAINT campaigns_brand_signals_object CHECK (jsonb_typeof(brand_signals) = 'object');
ALTER TABLE public.campaigns ADD CONSTRAINT campaigns_strategy_object CHECK (jsonb_typeof(strategy) = 'object');
ALTER TABLE public.campaigns ADD CONSTRAINT campaigns_pricing_object CHECK (jsonb_typeof(pricing) = 'object');
ALTER TABLE public.campaigns ADD CONSTRAINT campaigns_assets_array CHECK (jsonb_typeof(assets) = 'array');
ALTER TABLE public.campaigns ADD CONSTRAINT campaigns_channel_packs_array CHECK (jsonb_typeof(channel_packs) = 'array');
