-- base_tables_spec.sql: the 8 base tables of tests/spec/base-tables.md, transcribed by hand into
-- SQL in schema spec (the document is a table of columns and rules, not SQL). Written from the
-- document alone, in the document's order; tests/pg_regress/sql/schema_spec.sql compares the
-- result with public. Load before tests/spec/proposed_schema_spec.sql.
--
-- Transcription choices where the document is prose:
--   * "PK" with a random UUID default: uuid PRIMARY KEY DEFAULT gen_random_uuid().
--   * "unique" is a UNIQUE constraint; its index is the index the document lists for that
--     column (organizations.slug, users.email), so no second index on those columns.
--   * "between a and b" and ">= 0" are CHECKs; "null, or >= start_date" is
--     CHECK (end_date IS NULL OR end_date >= start_date).
--   * Listed indexes are named idx_<table>_<column>; "desc" and "nulls last" as written; the
--     full-text index is idx_events_search on to_tsvector('english', name || ' ' || coalesce(description, '')).
--   * "a trigger that sets it to now() on update": BEFORE UPDATE FOR EACH ROW trigger
--     <table>_updated_at calling fashionos.set_updated_at().

CREATE TABLE spec.organizations (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  name TEXT NOT NULL,
  slug TEXT NOT NULL UNIQUE,
  logo_url TEXT,
  plan TEXT NOT NULL DEFAULT 'free' CHECK (plan IN ('free', 'pro', 'enterprise')),
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE INDEX idx_organizations_plan ON spec.organizations(plan);

CREATE TABLE spec.users (
  id UUID PRIMARY KEY REFERENCES auth.users(id) ON DELETE CASCADE,
  email TEXT NOT NULL UNIQUE,
  full_name TEXT,
  avatar_url TEXT,
  role TEXT NOT NULL DEFAULT 'viewer' CHECK (role IN ('owner', 'admin', 'organizer', 'viewer')),
  organization_id UUID NOT NULL REFERENCES spec.organizations(id) ON DELETE CASCADE,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE INDEX idx_users_organization_id ON spec.users(organization_id);
CREATE INDEX idx_users_role ON spec.users(role);

CREATE TABLE spec.events (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  name TEXT NOT NULL,
  description TEXT,
  type TEXT NOT NULL DEFAULT 'runway_show' CHECK (type IN ('runway_show', 'photoshoot', 'activation', 'popup', 'campaign')),
  status TEXT NOT NULL DEFAULT 'planning' CHECK (status IN ('planning', 'active', 'completed', 'cancelled')),
  start_date TIMESTAMPTZ NOT NULL,
  end_date TIMESTAMPTZ CHECK (end_date IS NULL OR end_date >= start_date),
  venue_name TEXT,
  venue_address TEXT,
  budget_total NUMERIC(12,2) NOT NULL DEFAULT 0 CHECK (budget_total >= 0),
  budget_actual NUMERIC(12,2) NOT NULL DEFAULT 0 CHECK (budget_actual >= 0),
  attendee_target INTEGER,
  attendee_registered INTEGER DEFAULT 0,
  progress_percentage INTEGER NOT NULL DEFAULT 0 CHECK (progress_percentage BETWEEN 0 AND 100),
  organization_id UUID NOT NULL REFERENCES spec.organizations(id) ON DELETE CASCADE,
  created_by UUID NOT NULL REFERENCES spec.users(id) ON DELETE RESTRICT,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE INDEX idx_events_organization_id ON spec.events(organization_id);
CREATE INDEX idx_events_created_by ON spec.events(created_by);
CREATE INDEX idx_events_status ON spec.events(status);
CREATE INDEX idx_events_type ON spec.events(type);
CREATE INDEX idx_events_start_date ON spec.events(start_date);
CREATE INDEX idx_events_created_at ON spec.events(created_at DESC);
CREATE INDEX idx_events_search ON spec.events USING GIN (to_tsvector('english', name || ' ' || coalesce(description, '')));

CREATE TABLE spec.tasks (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  event_id UUID NOT NULL REFERENCES spec.events(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  description TEXT,
  status TEXT NOT NULL DEFAULT 'to_do' CHECK (status IN ('to_do', 'in_progress', 'done', 'blocked')),
  priority TEXT NOT NULL DEFAULT 'medium' CHECK (priority IN ('critical', 'high', 'medium', 'low')),
  workflow_phase TEXT NOT NULL DEFAULT 'pre_production' CHECK (workflow_phase IN ('pre_production', 'venue_logistics', 'creative_design', 'on_site', 'post_event')),
  workflow_category TEXT NOT NULL DEFAULT 'event_planning' CHECK (workflow_category IN ('event_planning', 'sponsorship', 'marketing', 'operations', 'media')),
  is_critical_path BOOLEAN NOT NULL DEFAULT false,
  deadline TIMESTAMPTZ,
  assigned_to UUID REFERENCES spec.users(id) ON DELETE SET NULL,
  dependency_task_ids UUID[] DEFAULT '{}',
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE INDEX idx_tasks_event_id ON spec.tasks(event_id);
CREATE INDEX idx_tasks_assigned_to ON spec.tasks(assigned_to);
CREATE INDEX idx_tasks_status ON spec.tasks(status);
CREATE INDEX idx_tasks_priority ON spec.tasks(priority);
CREATE INDEX idx_tasks_deadline ON spec.tasks(deadline);
CREATE INDEX idx_tasks_workflow_phase ON spec.tasks(workflow_phase);
CREATE INDEX idx_tasks_workflow_category ON spec.tasks(workflow_category);
CREATE INDEX idx_tasks_is_critical_path ON spec.tasks(is_critical_path) WHERE is_critical_path = true;

CREATE TABLE spec.sponsors (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  event_id UUID NOT NULL REFERENCES spec.events(id) ON DELETE CASCADE,
  company_name TEXT NOT NULL,
  contact_name TEXT,
  contact_email TEXT,
  contact_phone TEXT,
  tier TEXT NOT NULL DEFAULT 'partner' CHECK (tier IN ('platinum', 'gold', 'silver', 'bronze', 'partner')),
  status TEXT NOT NULL DEFAULT 'lead' CHECK (status IN ('lead', 'contacted', 'negotiating', 'committed', 'confirmed', 'declined')),
  value NUMERIC(12,2) NOT NULL DEFAULT 0 CHECK (value >= 0),
  fit_score INTEGER CHECK (fit_score BETWEEN 0 AND 100),
  notes TEXT,
  logo_url TEXT,
  website TEXT,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE INDEX idx_sponsors_event_id ON spec.sponsors(event_id);
CREATE INDEX idx_sponsors_status ON spec.sponsors(status);
CREATE INDEX idx_sponsors_tier ON spec.sponsors(tier);
CREATE INDEX idx_sponsors_value ON spec.sponsors(value DESC);
CREATE INDEX idx_sponsors_company_name ON spec.sponsors(company_name);

CREATE TABLE spec.budget_items (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  event_id UUID NOT NULL REFERENCES spec.events(id) ON DELETE CASCADE,
  category TEXT NOT NULL,
  item_name TEXT NOT NULL,
  budgeted_amount NUMERIC(12,2) NOT NULL CHECK (budgeted_amount >= 0),
  actual_amount NUMERIC(12,2) NOT NULL DEFAULT 0 CHECK (actual_amount >= 0),
  status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'committed', 'paid', 'overdue')),
  vendor TEXT,
  notes TEXT,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE INDEX idx_budget_items_event_id ON spec.budget_items(event_id);
CREATE INDEX idx_budget_items_category ON spec.budget_items(category);
CREATE INDEX idx_budget_items_status ON spec.budget_items(status);

CREATE TABLE spec.assets (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  event_id UUID NOT NULL REFERENCES spec.events(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('image', 'video')),
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  file_url TEXT NOT NULL,
  thumbnail_url TEXT,
  ai_score INTEGER CHECK (ai_score BETWEEN 0 AND 100),
  ai_feedback TEXT,
  uploaded_by UUID NOT NULL REFERENCES spec.users(id) ON DELETE RESTRICT,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE INDEX idx_assets_event_id ON spec.assets(event_id);
CREATE INDEX idx_assets_uploaded_by ON spec.assets(uploaded_by);
CREATE INDEX idx_assets_status ON spec.assets(status);
CREATE INDEX idx_assets_type ON spec.assets(type);
CREATE INDEX idx_assets_ai_score ON spec.assets(ai_score DESC NULLS LAST);
CREATE INDEX idx_assets_created_at ON spec.assets(created_at DESC);

CREATE TABLE spec.campaigns (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id UUID NOT NULL REFERENCES spec.organizations(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  brand_signals JSONB DEFAULT '{}',
  strategy JSONB DEFAULT '{}',
  pricing JSONB DEFAULT '{}',
  assets JSONB DEFAULT '[]',
  channel_packs JSONB DEFAULT '[]',
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'proposed', 'approved', 'in_production', 'completed')),
  created_by UUID NOT NULL REFERENCES spec.users(id) ON DELETE RESTRICT,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE INDEX idx_campaigns_organization_id ON spec.campaigns(organization_id);
CREATE INDEX idx_campaigns_created_by ON spec.campaigns(created_by);
CREATE INDEX idx_campaigns_status ON spec.campaigns(status);
CREATE INDEX idx_campaigns_created_at ON spec.campaigns(created_at DESC);

CREATE TRIGGER organizations_updated_at BEFORE UPDATE ON spec.organizations FOR EACH ROW EXECUTE FUNCTION fashionos.set_updated_at();
CREATE TRIGGER users_updated_at BEFORE UPDATE ON spec.users FOR EACH ROW EXECUTE FUNCTION fashionos.set_updated_at();
CREATE TRIGGER events_updated_at BEFORE UPDATE ON spec.events FOR EACH ROW EXECUTE FUNCTION fashionos.set_updated_at();
CREATE TRIGGER tasks_updated_at BEFORE UPDATE ON spec.tasks FOR EACH ROW EXECUTE FUNCTION fashionos.set_updated_at();
CREATE TRIGGER sponsors_updated_at BEFORE UPDATE ON spec.sponsors FOR EACH ROW EXECUTE FUNCTION fashionos.set_updated_at();
CREATE TRIGGER budget_items_updated_at BEFORE UPDATE ON spec.budget_items FOR EACH ROW EXECUTE FUNCTION fashionos.set_updated_at();
CREATE TRIGGER assets_updated_at BEFORE UPDATE ON spec.assets FOR EACH ROW EXECUTE FUNCTION fashionos.set_updated_at();
CREATE TRIGGER campaigns_updated_at BEFORE UPDATE ON spec.campaigns FOR EACH ROW EXECUTE FUNCTION fashionos.set_updated_at();
