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

COMMENT ON TABLE public.shoots IS 'Photo shoot jobs of an organization, optionally for a designer.';
COMMENT ON COLUMN public.shoots.designer_id IS 'Designer the shoot is for; NULL when none or when the designer is deleted.';
COMMENT ON COLUMN public.shoots.status IS 'planning, in_progress, completed or cancelled.';
COMMENT ON COLUMN public.shoots.created_by IS 'User who created the shoot; a user who created shoots cannot be deleted (ON DELETE RESTRICT).';

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

COMMENT ON TABLE public.shoot_items IS 'Products or looks to be photographed in a shoot.';
COMMENT ON COLUMN public.shoot_items.sku IS 'Stock keeping unit of the product, if it has one.';
COMMENT ON COLUMN public.shoot_items.quantity IS 'Number of pieces, >= 0 (default 1).';
COMMENT ON COLUMN public.shoot_items.status IS 'State of the item in the shoot (free text, default pending), e.g. received, shot, returned.';

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

COMMENT ON TABLE public.shoot_assets IS 'Photos produced by a shoot, with the final selection and who approved it.';
COMMENT ON COLUMN public.shoot_assets.is_final IS 'Part of the final, delivered selection.';
COMMENT ON COLUMN public.shoot_assets.approved_by IS 'User who approved the photo; NULL when not approved or when that user is deleted.';

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

COMMENT ON TABLE public.shoot_payments IS 'Invoices of a shoot and their payment state.';
COMMENT ON COLUMN public.shoot_payments.amount IS 'Invoiced amount, in the organization''s currency, 2 decimals, >= 0.';
COMMENT ON COLUMN public.shoot_payments.status IS 'pending, invoiced, paid or overdue.';
COMMENT ON COLUMN public.shoot_payments.paid_at IS 'When the payment was received (NULL until paid).';
