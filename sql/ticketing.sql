-- ticketing.sql: what fashionos adds to ticket_tiers, registrations, payments (tests/spec/proposed-
-- schema.md, tables 1-3). The tables themselves are the spec's, as written, created by
-- sql/generated/spec_tables.sql; every addition is marked "addition" and listed in docs/schema.md.
-- The selling, holding and check-in logic is in src/ticketing.rs, src/qr.rs, src/checkin.rs.

-- ---------------------------------------------------------------------------------------------
-- ticket_tiers
-- ---------------------------------------------------------------------------------------------
-- addition: no negative price; never oversold (which also keeps quantity_total >= 0)
ALTER TABLE public.ticket_tiers ADD CONSTRAINT ticket_tiers_price_nonnegative CHECK (price >= 0);
ALTER TABLE public.ticket_tiers ADD CONSTRAINT ticket_tiers_quantity_sold_range CHECK (quantity_sold >= 0 AND quantity_sold <= quantity_total);

-- ---------------------------------------------------------------------------------------------
-- registrations
-- ---------------------------------------------------------------------------------------------
-- The limits per buyer count a buyer's live tickets of an event (src/ticketing.rs, enforce_buyer_limits).
CREATE INDEX idx_registrations_attendee_email ON public.registrations (event_id, attendee_email);
-- The spec declares qr_code_data UNIQUE and also CREATE UNIQUE INDEX idx_registrations_qr_code on
-- it: one unique index is what it means, so the UNIQUE constraint carries the index's name.
DROP INDEX public.idx_registrations_qr_code;
ALTER TABLE public.registrations RENAME CONSTRAINT registrations_qr_code_data_key TO idx_registrations_qr_code;

-- ---------------------------------------------------------------------------------------------
-- payments
-- ---------------------------------------------------------------------------------------------
-- addition: amounts are not negative; ISO 4217 alphabetic currency code
ALTER TABLE public.payments ADD CONSTRAINT payments_amount_nonnegative CHECK (amount >= 0);
ALTER TABLE public.payments ADD CONSTRAINT payments_currency_iso4217 CHECK (currency ~ '^[A-Z]{3}$');
CREATE INDEX idx_payments_payer_id ON public.payments (payer_id);  -- addition: foreign key index
-- addition: the payment webhook and complete_payment find payments by their provider transaction
CREATE INDEX idx_payments_provider_transaction ON public.payments (provider_transaction_id)
    WHERE provider_transaction_id IS NOT NULL;
