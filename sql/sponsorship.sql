-- sponsorship.sql: what fashionos adds to sponsor_organizations, event_sponsors_junction,
-- sponsorship_packages (tests/spec/proposed-schema.md, tables 24-26). The tables themselves are the
-- spec's, as written, created by sql/generated/spec_tables.sql; every addition is marked "addition"
-- and listed in docs/schema.md.

-- ---------------------------------------------------------------------------------------------
-- event_sponsors_junction
-- ---------------------------------------------------------------------------------------------
-- addition: amounts are not negative
ALTER TABLE public.event_sponsors_junction ADD CONSTRAINT event_sponsors_junction_amount_nonnegative CHECK (amount >= 0);
-- addition: one deal per sponsor organization and event (on_conflict=event_id,sponsor_org_id)
CREATE UNIQUE INDEX idx_event_sponsors_junction_event_sponsor ON public.event_sponsors_junction (event_id, sponsor_org_id);

-- ---------------------------------------------------------------------------------------------
-- sponsorship_packages
-- ---------------------------------------------------------------------------------------------
-- addition: prices are not negative
ALTER TABLE public.sponsorship_packages ADD CONSTRAINT sponsorship_packages_price_nonnegative CHECK (price >= 0);
-- addition: the benefits are a JSON array (clients list them; nobody but server-side code can
-- correct a package afterwards)
ALTER TABLE public.sponsorship_packages ADD CONSTRAINT sponsorship_packages_benefits_array CHECK (jsonb_typeof(benefits) = 'array');
