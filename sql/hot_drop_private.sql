-- hot_drop_private.sql: the private state of a hot drop (schema fashionos, never exposed): the
-- idempotency keys of reserve_tickets. Reached only through the API functions (src/ticketing.rs).

-- Idempotency keys of public.reserve_tickets: a client that retries a timed-out request with the
-- same key gets the same reservation instead of a second one. The primary key is the claim: a
-- concurrent INSERT of the same key waits for the first transaction and then sees its row. Rows
-- older than 24 hours are purged lazily by the next reservation that carries a key.
CREATE TABLE fashionos.reservation_keys (
    idempotency_key text PRIMARY KEY CHECK (length(idempotency_key) BETWEEN 1 AND 255),
    request_hash text NOT NULL,
    registration_ids uuid[],
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_reservation_keys_created_at ON fashionos.reservation_keys (created_at);
