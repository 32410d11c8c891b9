-- sponsorship.sql: sponsor_organizations, event_sponsors_junction, sponsorship_packages
-- (tests/spec/proposed-schema.md, tables 24-26). Additions are marked "addition" (docs/schema.md).

-- ---------------------------------------------------------------------------------------------
-- sponsor_organizations
-- ---------------------------------------------------------------------------------------------
CREATE TABLE public.sponsor_organizations (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name text NOT NULL,
    industry text,
    logo_url text,
    website text,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_sponsor_organizations_name ON public.sponsor_organizations (name);

-- ---------------------------------------------------------------------------------------------
-- event_sponsors_junction
-- ---------------------------------------------------------------------------------------------
CREATE TABLE public.event_sponsors_junction (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    event_id uuid NOT NULL REFERENCES public.events (id) ON DELETE CASCADE,
    sponsor_org_id uuid NOT NULL REFERENCES public.sponsor_organizations (id) ON DELETE CASCADE,
    tier text NOT NULL,
    amount numeric(12,2) NOT NULL,
    status text NOT NULL DEFAULT 'pending',
    created_at timestamptz NOT NULL DEFAULT now(),
    -- addition: amounts are not negative
    CONSTRAINT event_sponsors_junction_amount_nonnegative CHECK (amount >= 0)
);
CREATE INDEX idx_event_sponsors_junction_event_id ON public.event_sponsors_junction (event_id);
CREATE INDEX idx_event_sponsors_junction_sponsor_org_id ON public.event_sponsors_junction (sponsor_org_id);

-- ---------------------------------------------------------------------------------------------
-- sponsorship_packages
-- ---------------------------------------------------------------------------------------------
CREATE TABLE public.sponsorship_packages (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name text NOT NULL,
    tier text NOT NULL,
    price numeric(12,2) NOT NULL,
    benefits jsonb DEFAULT '[]'::jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    -- addition: prices are not negative
    CONSTRAINT sponsorship_packages_price_nonnegative CHECK (price >= 0)
);

