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

COMMENT ON TABLE public.sponsor_organizations IS 'Directory of sponsor companies, shared across events.';

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

COMMENT ON TABLE public.event_sponsors_junction IS 'A sponsor organization''s deal with one event: tier, amount and state.';
COMMENT ON COLUMN public.event_sponsors_junction.tier IS 'Sponsorship tier (free text; usually the name of a sponsorship_packages tier).';
COMMENT ON COLUMN public.event_sponsors_junction.amount IS 'Amount of the deal, in the organization''s currency, 2 decimals, >= 0.';
COMMENT ON COLUMN public.event_sponsors_junction.status IS 'State of the deal (free text, default pending).';

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

COMMENT ON TABLE public.sponsorship_packages IS 'Predefined sponsorship offers: a tier, its price and the benefits it includes.';
COMMENT ON COLUMN public.sponsorship_packages.price IS 'Price of the package, 2 decimals, >= 0.';
COMMENT ON COLUMN public.sponsorship_packages.benefits IS 'JSON array of the benefits, e.g. ["logo on backdrop", "2 front-row seats"].';
