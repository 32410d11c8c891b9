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

-- ---------------------------------------------------------------------------------------------
-- What the brand pays its photographers and crew is a record, as ticket money is: an API client
-- (anon, authenticated) records a payment with paid_at exactly when it is paid, and does not
-- rewrite or delete a paid one, nor delete a shoot that has paid ones (the spec's cascade would
-- delete them, also when it cascades from the organization). Server-side code corrects records;
-- the operator's own session loads them as they are. SECURITY DEFINER: it asks who the request is
-- (fashionos.caller_is_server reads the request's role, not the writing one) and counts a shoot's
-- payments.
-- ---------------------------------------------------------------------------------------------
CREATE FUNCTION fashionos.shoot_payments_kept() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_paid bigint;
BEGIN
    -- The request's role, not the writing role: a cascade (an owner deleting his organization
    -- deletes its shoots and their payments) runs as the tables' owner.
    IF fashionos.caller_is_server() THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_TABLE_NAME = 'shoots' THEN
        SELECT pg_catalog.count(*) INTO v_paid FROM public.shoot_payments p WHERE p.shoot_id = OLD.id AND p.status = 'paid';
        IF v_paid > 0 THEN
            RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'the shoot has paid payments',
                DETAIL = pg_catalog.format('Shoot %s has %s paid shoot_payments; deleting it would delete them.', OLD.id, v_paid),
                HINT = 'Keep the shoot as the record of what was paid; server-side code deletes such records.';
        END IF;
        RETURN OLD;
    END IF;
    -- AFTER INSERT OR UPDATE: the row as written (an upsert's insert that became an update is
    -- checked as the update), paid_at exactly when paid.
    IF TG_WHEN = 'AFTER' THEN
        IF (NEW.status = 'paid') <> (NEW.paid_at IS NOT NULL) THEN
            RAISE EXCEPTION USING ERRCODE = '22023',
                MESSAGE = CASE WHEN NEW.status = 'paid' THEN 'a paid shoot payment says when it was paid' ELSE 'only a paid shoot payment has paid_at' END,
                DETAIL = pg_catalog.format('status %s, paid_at %s.', NEW.status, coalesce(NEW.paid_at::text, 'null')),
                HINT = 'Send status paid with paid_at (when the payment was made, e.g. 2027-03-01T10:00:00Z); leave paid_at out for pending, invoiced and overdue.';
        END IF;
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'paid'
       AND (TG_OP = 'DELETE' OR NEW.amount IS DISTINCT FROM OLD.amount OR NEW.status IS DISTINCT FROM OLD.status
            OR NEW.paid_at IS DISTINCT FROM OLD.paid_at OR NEW.shoot_id IS DISTINCT FROM OLD.shoot_id) THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'a paid shoot payment is a record',
            DETAIL = pg_catalog.format('Shoot payment %s was paid (%s on %s); the request %s.', OLD.id, OLD.amount, OLD.paid_at,
                                       CASE WHEN TG_OP = 'DELETE' THEN 'deletes it' ELSE 'changes its amount, status, payment time or shoot' END),
            HINT = 'Server-side code (the service key) corrects a paid record; its invoice_url may still be set.';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION fashionos.shoot_payments_kept() IS
    'Trigger of shoot_payments and shoots: for API clients, paid_at is set exactly when a payment is paid (22023), a paid payment is not changed or deleted (42501), and a shoot with paid payments is not deleted (PT409); server-side code corrects records.';
CREATE TRIGGER shoot_payments_kept BEFORE UPDATE OR DELETE ON public.shoot_payments
    FOR EACH ROW EXECUTE FUNCTION fashionos.shoot_payments_kept();
COMMENT ON TRIGGER shoot_payments_kept ON public.shoot_payments IS
    'A paid payment is a record API clients do not change or delete (42501: fashionos.shoot_payments_kept).';
CREATE TRIGGER shoot_payments_paid_at AFTER INSERT OR UPDATE ON public.shoot_payments
    FOR EACH ROW EXECUTE FUNCTION fashionos.shoot_payments_kept();
COMMENT ON TRIGGER shoot_payments_paid_at ON public.shoot_payments IS
    'paid_at exactly when paid, on the row as written (22023: fashionos.shoot_payments_kept).';
CREATE TRIGGER shoots_paid_kept BEFORE DELETE ON public.shoots
    FOR EACH ROW EXECUTE FUNCTION fashionos.shoot_payments_kept();
COMMENT ON TRIGGER shoots_paid_kept ON public.shoots IS
    'A shoot with paid payments is not deleted by API clients (PT409: fashionos.shoot_payments_kept).';

-- An approval is the approver's own act: an API client sets shoot_assets.approved_by to himself
-- (or clears it), never to a colleague; the owner's name on a photo he never saw, or a viewer's,
-- is refused (42501). Server-side code records approvals made elsewhere. SECURITY DEFINER: it
-- asks who the request is (fashionos.caller_is_server).
CREATE FUNCTION fashionos.approved_by_the_caller() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    -- AFTER the write: an upsert's insert that became an update is checked as the update
    IF fashionos.caller_is_server() OR (TG_OP = 'UPDATE' AND NEW.approved_by IS NOT DISTINCT FROM OLD.approved_by) THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'an approval is the approver''s own',
        DETAIL = pg_catalog.format('approved_by names user %s; the caller is %s.', NEW.approved_by, coalesce(auth.uid()::text, 'not signed in')),
        HINT = 'Set approved_by to your own user id when you approve the photo (or to null to withdraw the approval).';
END
$$;
COMMENT ON FUNCTION fashionos.approved_by_the_caller() IS
    'Trigger of shoot_assets: an API client sets approved_by only to himself or null (42501); server-side code records approvals as sent.';
CREATE TRIGGER shoot_assets_approved_by_the_caller AFTER INSERT OR UPDATE OF approved_by ON public.shoot_assets
    FOR EACH ROW WHEN (NEW.approved_by IS NOT NULL AND NEW.approved_by IS DISTINCT FROM auth.uid())
    EXECUTE FUNCTION fashionos.approved_by_the_caller();
COMMENT ON TRIGGER shoot_assets_approved_by_the_caller ON public.shoot_assets IS
    'approved_by is the caller (or null) for API clients (42501: fashionos.approved_by_the_caller).';
