-- ticketing.sql: ticket_tiers, registrations, payments (tests/spec/proposed-schema.md, tables 1-3).
-- The selling, holding and check-in logic is in src/ticketing.rs, src/qr.rs, src/checkin.rs.
-- Additions to the spec are marked "addition" and listed in docs/schema.md.

-- ---------------------------------------------------------------------------------------------
-- ticket_tiers
-- ---------------------------------------------------------------------------------------------
CREATE TABLE public.ticket_tiers (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    event_id uuid NOT NULL REFERENCES public.events (id) ON DELETE CASCADE,
    name text NOT NULL,
    type text NOT NULL CHECK (type IN ('paid', 'comp', 'press', 'vip')),
    price numeric(10,2) NOT NULL DEFAULT 0,
    quantity_total integer NOT NULL,
    quantity_sold integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    -- addition: no negative price; never oversold (which also keeps quantity_total >= 0)
    CONSTRAINT ticket_tiers_price_nonnegative CHECK (price >= 0),
    CONSTRAINT ticket_tiers_quantity_sold_range CHECK (quantity_sold >= 0 AND quantity_sold <= quantity_total)
);
CREATE INDEX idx_ticket_tiers_event_id ON public.ticket_tiers (event_id);

-- ---------------------------------------------------------------------------------------------
-- registrations
-- ---------------------------------------------------------------------------------------------
CREATE TABLE public.registrations (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    event_id uuid NOT NULL REFERENCES public.events (id) ON DELETE CASCADE,
    ticket_tier_id uuid NOT NULL REFERENCES public.ticket_tiers (id) ON DELETE CASCADE,
    user_id uuid REFERENCES public.users (id) ON DELETE SET NULL,
    attendee_email text NOT NULL,
    attendee_name text NOT NULL,
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'cancelled', 'attended')),
    qr_code_data text NOT NULL CONSTRAINT idx_registrations_qr_code UNIQUE,
    checked_in_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_registrations_event_id ON public.registrations (event_id);
CREATE INDEX idx_registrations_ticket_tier_id ON public.registrations (ticket_tier_id);
CREATE INDEX idx_registrations_user_id ON public.registrations (user_id);
-- The limits per buyer count a buyer's live tickets of an event (src/ticketing.rs, enforce_buyer_limits).
CREATE INDEX idx_registrations_attendee_email ON public.registrations (event_id, attendee_email);
-- The spec declares qr_code_data UNIQUE and also CREATE UNIQUE INDEX idx_registrations_qr_code on
-- it: one unique index is what it means, so the UNIQUE constraint carries the index's name.

-- ---------------------------------------------------------------------------------------------
-- payments
-- ---------------------------------------------------------------------------------------------
CREATE TABLE public.payments (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    registration_id uuid NOT NULL REFERENCES public.registrations (id) ON DELETE CASCADE,
    payer_id uuid REFERENCES public.users (id) ON DELETE SET NULL,
    amount numeric(10,2) NOT NULL,
    currency text NOT NULL DEFAULT 'USD',
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'completed', 'failed', 'refunded')),
    provider text CHECK (provider IN ('stripe', 'paypal', 'square')),
    provider_transaction_id text,
    created_at timestamptz NOT NULL DEFAULT now(),
    -- addition: amounts are not negative; ISO 4217 alphabetic currency code
    CONSTRAINT payments_amount_nonnegative CHECK (amount >= 0),
    CONSTRAINT payments_currency_iso4217 CHECK (currency ~ '^[A-Z]{3}$')
);
CREATE INDEX idx_payments_registration_id ON public.payments (registration_id);
CREATE INDEX idx_payments_status ON public.payments (status);
CREATE INDEX idx_payments_payer_id ON public.payments (payer_id);  -- addition: foreign key index

