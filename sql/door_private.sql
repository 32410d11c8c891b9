-- door_private.sql: the private state of the offline door and of signed payment webhooks (schema
-- fashionos, never exposed). The functions that use it are in src/door.rs and src/webhooks.rs.

-- What changed for the door of an event, and in which transaction: every new or changed
-- registration and every revoked token of the event. A delta bundle (public.door_bundle with
-- p_since) is the current state of what was written by transactions the previous bundle's
-- snapshot did not see (xid >= that snapshot's xmin), so a change that commits after a bundle was
-- made is never missed, and no counter row serializes the writers. Derived state: a full bundle
-- needs none of it, so it is not dumped.
CREATE TABLE fashionos.door_changes (
    event_id uuid NOT NULL REFERENCES public.events(id) ON DELETE CASCADE,
    xid xid8 NOT NULL DEFAULT pg_catalog.pg_current_xact_id(),
    registration_id uuid NOT NULL REFERENCES public.registrations(id) ON DELETE CASCADE,
    token_hash bytea
);
CREATE INDEX idx_door_changes_event_xid ON fashionos.door_changes (event_id, xid);
CREATE INDEX idx_door_changes_registration_id ON fashionos.door_changes (registration_id);

-- Which database a door bundle's sequence belongs to: a number drawn when the extension is created,
-- the low 16 bits of every sequence (src/door.rs). Not dumped: a database restored from a dump
-- draws its own (its CREATE EXTENSION runs the same script), so a door's sequence from before the
-- restore is answered with a full bundle, whatever the transaction ids of the two databases; the
-- restore's change log starts at the restore. One row.
CREATE TABLE fashionos.door_database (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    marker integer NOT NULL CHECK (marker BETWEEN 0 AND 65535)
);
INSERT INTO fashionos.door_database (marker) VALUES (pg_catalog.floor(pg_catalog.random() * 65536)::integer);

-- A new token alone changes nothing a bundle carries (a bundle has no tokens; the old token's
-- revocation is logged by the trigger of fashionos.revoked_tokens below): a reissue, or the
-- reissue of every ticket of a retired key, sends no registration again.
CREATE FUNCTION fashionos.log_registration_change() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND (OLD.status, OLD.checked_in_at, OLD.attendee_name, OLD.ticket_tier_id)
                            IS NOT DISTINCT FROM (NEW.status, NEW.checked_in_at, NEW.attendee_name, NEW.ticket_tier_id) THEN
        RETURN NULL;
    END IF;
    INSERT INTO fashionos.door_changes (event_id, registration_id) VALUES (NEW.event_id, NEW.id);
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION fashionos.log_registration_change() IS
    'Trigger: records a new or changed registration in fashionos.door_changes (SECURITY DEFINER: direct writes by organizers log too).';
CREATE TRIGGER registrations_door_change AFTER INSERT OR UPDATE OF status, checked_in_at, attendee_name, qr_code_data, ticket_tier_id
    ON public.registrations
    FOR EACH ROW EXECUTE FUNCTION fashionos.log_registration_change();

CREATE FUNCTION fashionos.log_revoked_token() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    INSERT INTO fashionos.door_changes (event_id, registration_id, token_hash)
    SELECT r.event_id, r.id, NEW.token_hash FROM public.registrations r WHERE r.id = NEW.registration_id;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION fashionos.log_revoked_token() IS
    'Trigger: records a revoked token in fashionos.door_changes for the door bundles of its event.';
CREATE TRIGGER revoked_tokens_door_change AFTER INSERT ON fashionos.revoked_tokens
    FOR EACH ROW EXECUTE FUNCTION fashionos.log_revoked_token();

-- Scans made at the door (offline, synced later with public.sync_door_scans). One row per scan:
-- a scan is the same scan when event, token, time, gate and device ('' for none) are the same, so
-- a batch sent twice is recorded once, and two lanes of one gate scanning a ticket in the same
-- second are two scans. outcome is what the syncs decided (admitted, duplicate, refused): an
-- admitted scan becomes a duplicate when an earlier scan of its ticket is synced later.
CREATE TABLE fashionos.door_scans (
    event_id uuid NOT NULL REFERENCES public.events(id) ON DELETE CASCADE,
    token_hash bytea NOT NULL,
    scanned_at timestamptz NOT NULL,
    gate text NOT NULL CHECK (length(gate) BETWEEN 1 AND 100),
    device text NOT NULL DEFAULT '' CHECK (length(device) <= 100),
    registration_id uuid REFERENCES public.registrations(id) ON DELETE SET NULL,
    outcome text NOT NULL CHECK (outcome IN ('admitted', 'duplicate', 'refused')),
    reason text,
    synced_at timestamptz NOT NULL DEFAULT now(),
    synced_by uuid,
    -- an admitted scan synced after a later admission of its ticket: that admission (a second
    -- person; gate 'online' for check_in), answered again on every replay
    displaced_scanned_at timestamptz,
    displaced_gate text,
    PRIMARY KEY (event_id, token_hash, scanned_at, gate, device)
);
CREATE INDEX idx_door_scans_registration_id ON fashionos.door_scans (registration_id, scanned_at);

-- Webhook signing secrets per payment provider. Set and rotated with
-- public.set_payment_webhook_secret; no function reads a secret back. After a rotation the
-- previous secret still verifies until previous_valid_until (deliveries already on their way).
CREATE TABLE fashionos.payment_webhook_secrets (
    provider text PRIMARY KEY,
    secret text NOT NULL CHECK (length(secret) >= 16),
    previous_secret text,
    previous_valid_until timestamptz,
    rotated_at timestamptz NOT NULL DEFAULT now()
);

-- Its providers are the ones payments.provider allows: the CHECK constraint of the spec's column,
-- copied from the catalog, so the list is written once.
DO $do$
BEGIN
    EXECUTE pg_catalog.format('ALTER TABLE fashionos.payment_webhook_secrets ADD CONSTRAINT payment_webhook_secrets_provider_check %s',
                              (SELECT pg_catalog.pg_get_constraintdef(c.oid) FROM pg_catalog.pg_constraint AS c
                                WHERE c.conrelid = 'public.payments'::pg_catalog.regclass AND c.conname = 'payments_provider_check'));
END
$do$;

-- Webhook events already processed: a provider delivers an event at least once, and the second
-- delivery of an event id is acknowledged without doing anything.
CREATE TABLE fashionos.webhook_events (
    provider text NOT NULL,
    event_id text NOT NULL,
    event_type text NOT NULL,
    payment_id uuid,
    outcome text NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    -- a full refund (outcome refunded, or refund_pending when it came before the payment of its
    -- transaction): its PaymentIntent and its Charge, which refund any payment completed with
    -- either afterwards
    transaction_id text,
    charge_id text,
    PRIMARY KEY (provider, event_id)
);
CREATE INDEX idx_webhook_events_payment_id ON fashionos.webhook_events (payment_id);
CREATE INDEX idx_webhook_events_transaction ON fashionos.webhook_events (provider, transaction_id)
    WHERE transaction_id IS NOT NULL;
CREATE INDEX idx_webhook_events_charge ON fashionos.webhook_events (provider, charge_id)
    WHERE charge_id IS NOT NULL;
