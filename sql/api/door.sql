-- api/door.sql: the door without network: signed offline bundles and the sync of offline scans.
-- Style: see sql/api/ticketing.sql. The bundle format: docs/api.md, "The door bundle format".

CREATE FUNCTION public.door_bundle(p_event_id uuid, p_since bigint DEFAULT NULL, p_include_names boolean DEFAULT true)
    RETURNS json
    LANGUAGE sql STABLE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT fashionos.door_bundle(fashionos.required(p_event_id, 'p_event_id'), p_since, fashionos.required(p_include_names, 'p_include_names'))::json $$;
COMMENT ON FUNCTION public.door_bundle(uuid, bigint, boolean) IS
$$The offline bundle of an event for its door scanners: {format, bundle, key_id, algorithm, signature}, where bundle is a JSON text (event, tiers, public keys, every registration's status and first scan, the SHA-256 of every revoked token, generated_at, sequence) and signature the Ed25519 signature (base64url) of its UTF-8 bytes by the ticket key key_id. p_since: the sequence of the bundle the scanner holds, for a delta (the registrations and revocations changed since). p_include_names = false leaves attendee names out (a device that may be lost). For organizers, admins and owners of the event's organization. Errors: PT404 event not found (404), 42501 not door staff (401/403), 22023 negative p_since (400).$$;

CREATE FUNCTION public.sync_door_scans(p_event_id uuid, p_scans jsonb)
    RETURNS SETOF public.door_scan_result
    LANGUAGE sql VOLATILE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT * FROM fashionos.sync_door_scans(fashionos.required(p_event_id, 'p_event_id'), fashionos.shallow_json(fashionos.required(p_scans, 'p_scans'), 'p_scans', 32)) $$;
COMMENT ON FUNCTION public.sync_door_scans(uuid, jsonb) IS
$$Syncs scans made offline at the door: p_scans is a JSON array of {token, scanned_at (RFC 3339), gate, device?}, at most 1000. Each scan is recorded and applied once (a batch sent again changes nothing and answers replayed = true); the earliest scan of a ticket wins and its time is the check-in time. One row per scan, in the batch's order: admitted, duplicate (with the first scan's time and gate; gate online for check_in), or refused with the reason (malformed, tampered, foreign, wrong_event, unknown, revoked, cancelled, unpaid, event_cancelled, cancelled_after_scan: right when scanned, cancelled or refunded since). A scan synced later that is earlier than the ticket's check-in becomes it, and names the admission it displaced (displaced_scanned_at, displaced_gate: a second person on the ticket), also on replay. Send only the scans the gate let in. For organizers, admins and owners of the event's organization. Errors: 22023 a malformed entry, p_scans nested more than 32 levels deep, or a scan time in the future, before the event was created or before its ticket was bought, named by its index (400; nothing of the batch is recorded), PT404 event not found (404), 42501 not door staff (401/403), 25006 on a read-only replica.$$;

COMMENT ON FUNCTION fashionos.door_bundle(uuid, bigint, boolean) IS 'Implementation of public.door_bundle (SECURITY DEFINER: reads the revoked tokens and signs with the private ticket key).';
COMMENT ON FUNCTION fashionos.sync_door_scans(uuid, jsonb) IS 'Implementation of public.sync_door_scans.';
