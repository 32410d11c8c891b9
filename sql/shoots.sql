-- shoots.sql: what fashionos adds to shoots, shoot_items, shoot_assets, shoot_payments
-- (tests/spec/proposed-schema.md, tables 27-30). The tables themselves are the spec's, as written,
-- created by sql/generated/spec_tables.sql; every addition is marked "addition" and listed in
-- docs/schema.md.

-- ---------------------------------------------------------------------------------------------
-- shoots
-- ---------------------------------------------------------------------------------------------
CREATE INDEX idx_shoots_designer_id ON public.shoots (designer_id);  -- addition: foreign key index
CREATE INDEX idx_shoots_created_by ON public.shoots (created_by);  -- addition: foreign key index

-- ---------------------------------------------------------------------------------------------
-- shoot_items
-- ---------------------------------------------------------------------------------------------
-- addition: quantities are not negative
ALTER TABLE public.shoot_items ADD CONSTRAINT shoot_items_quantity_nonnegative CHECK (quantity >= 0);

-- ---------------------------------------------------------------------------------------------
-- shoot_assets
-- ---------------------------------------------------------------------------------------------
CREATE INDEX idx_shoot_assets_approved_by ON public.shoot_assets (approved_by);  -- addition: foreign key index

-- ---------------------------------------------------------------------------------------------
-- shoot_payments
-- ---------------------------------------------------------------------------------------------
-- addition: amounts are not negative
ALTER TABLE public.shoot_payments ADD CONSTRAINT shoot_payments_amount_nonnegative CHECK (amount >= 0);
