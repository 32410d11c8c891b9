-- shoots.sql: shoots, shoot_items, shoot_assets, shoot_payments (tests/spec/proposed-schema.md,
-- tables 27-30). Loaded after designers.sql: shoots references designer_profiles.
-- Additions are marked "addition" (docs/schema.md).

-- ---------------------------------------------------------------------------------------------
-- shoots
-- ---------------------------------------------------------------------------------------------
CREATE TABLE public.shoots (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL REFERENCES public.organizations (id) ON DELETE CASCADE,
    designer_id uuid REFERENCES public.designer_profiles (id) ON DELETE SET NULL,
    title text NOT NULL,
    status text NOT NULL DEFAULT 'planning' CHECK (status IN ('planning', 'in_progress', 'completed', 'cancelled')),
    scheduled_date date,
    location text,
    created_by uuid NOT NULL REFERENCES public.users (id) ON DELETE RESTRICT,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_shoots_organization_id ON public.shoots (organization_id);
CREATE INDEX idx_shoots_status ON public.shoots (status);
CREATE INDEX idx_shoots_scheduled_date ON public.shoots (scheduled_date);
CREATE INDEX idx_shoots_designer_id ON public.shoots (designer_id);  -- addition: foreign key index
CREATE INDEX idx_shoots_created_by ON public.shoots (created_by);  -- addition: foreign key index

-- ---------------------------------------------------------------------------------------------
-- shoot_items
-- ---------------------------------------------------------------------------------------------
CREATE TABLE public.shoot_items (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    shoot_id uuid NOT NULL REFERENCES public.shoots (id) ON DELETE CASCADE,
    name text NOT NULL,
    sku text,
    quantity integer DEFAULT 1,
    status text NOT NULL DEFAULT 'pending',
    notes text,
    created_at timestamptz NOT NULL DEFAULT now(),
    -- addition: quantities are not negative
    CONSTRAINT shoot_items_quantity_nonnegative CHECK (quantity >= 0)
);
CREATE INDEX idx_shoot_items_shoot_id ON public.shoot_items (shoot_id);

-- ---------------------------------------------------------------------------------------------
-- shoot_assets
-- ---------------------------------------------------------------------------------------------
CREATE TABLE public.shoot_assets (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    shoot_id uuid NOT NULL REFERENCES public.shoots (id) ON DELETE CASCADE,
    file_url text NOT NULL,
    thumbnail_url text,
    is_final boolean NOT NULL DEFAULT false,
    approved_by uuid REFERENCES public.users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_shoot_assets_shoot_id ON public.shoot_assets (shoot_id);
CREATE INDEX idx_shoot_assets_is_final ON public.shoot_assets (is_final) WHERE is_final = true;
CREATE INDEX idx_shoot_assets_approved_by ON public.shoot_assets (approved_by);  -- addition: foreign key index

-- ---------------------------------------------------------------------------------------------
-- shoot_payments
-- ---------------------------------------------------------------------------------------------
CREATE TABLE public.shoot_payments (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    shoot_id uuid NOT NULL REFERENCES public.shoots (id) ON DELETE CASCADE,
    amount numeric(12,2) NOT NULL,
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'invoiced', 'paid', 'overdue')),
    invoice_url text,
    paid_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    -- addition: amounts are not negative
    CONSTRAINT shoot_payments_amount_nonnegative CHECK (amount >= 0)
);
CREATE INDEX idx_shoot_payments_shoot_id ON public.shoot_payments (shoot_id);
CREATE INDEX idx_shoot_payments_status ON public.shoot_payments (status);

