-- api/tickets.sql: signed tickets: the keys that verify them and their QR codes. Style: see
-- sql/api/ticketing.sql.

-- The key pair that signs ticket tokens, made at install (and replaced by the dumped keys when
-- this install is a restore: fashionos.restored_signing_key).
DO $install_key$
DECLARE
    v_key_id text := fashionos.generate_signing_key();
BEGIN
    UPDATE fashionos.signing_keys SET made_at_install = true WHERE key_id = v_key_id;
END
$install_key$;
COMMENT ON FUNCTION fashionos.generate_signing_key() IS
    'Generates and stores a new Ed25519 key pair for ticket tokens and returns its key id; the newest key signs, all stored keys verify. Run at install; run again to rotate.';

CREATE FUNCTION public.ticket_signing_keys()
    RETURNS SETOF public.ticket_signing_key
    LANGUAGE sql STABLE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT * FROM fashionos.ticket_signing_keys() $$;
COMMENT ON FUNCTION public.ticket_signing_keys() IS
$$The Ed25519 public keys (base64url) that verify ticket tokens, newest first, for scanners that verify offline. A token is FOS1.<key_id>.<payload>.<signature>; the signature covers FOS1.<key_id>.<payload>; the payload is registration id, event id and 16 random bytes.$$;

CREATE FUNCTION public.qr_code_svg(p_data text, p_size integer DEFAULT 256)
    RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT fashionos.qr_code_svg(fashionos.required(p_data, 'p_data'), fashionos.required(p_size, 'p_size')) $$;
COMMENT ON FUNCTION public.qr_code_svg(text, integer) IS
$$Renders text as an SVG QR code (error correction M, quiet zone), at least p_size pixels square (64-4096). Errors: 22023 empty text, size out of range, or text too long (400).$$;

CREATE FUNCTION public.ticket_qr_svg(p_registration_id uuid, p_size integer DEFAULT 256)
    RETURNS text
    LANGUAGE sql STABLE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT fashionos.ticket_qr_svg(fashionos.required(p_registration_id, 'p_registration_id'), fashionos.required(p_size, 'p_size')) $$;
COMMENT ON FUNCTION public.ticket_qr_svg(uuid, integer) IS
$$The ticket of a registration the caller can see, as an SVG QR code of its signed token, p_size pixels a side. Errors: PT404 not visible (404), PT409 ticket is cancelled (409: its token no longer admits), 22023 size out of range (400).$$;

COMMENT ON FUNCTION fashionos.ticket_signing_keys() IS 'Implementation of public.ticket_signing_keys (SECURITY DEFINER: reads the public halves of the private key table).';
COMMENT ON FUNCTION fashionos.qr_code_svg(text, integer) IS 'Implementation of public.qr_code_svg.';
COMMENT ON FUNCTION fashionos.ticket_qr_svg(uuid, integer) IS 'Implementation of public.ticket_qr_svg (SECURITY INVOKER: row level security of registrations decides).';

CREATE FUNCTION public.rotate_signing_key()
    RETURNS text
    LANGUAGE sql VOLATILE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT fashionos.rotate_signing_key() $$;
COMMENT ON FUNCTION public.rotate_signing_key() IS
$$For server-side code (with the service key): makes a new Ed25519 key pair that signs tickets and door bundles from now on, and returns its key id. The older keys still verify, so tickets already sent stay valid; scanners learn the new public key from ticket_signing_keys() or their next door bundle. Errors: 42501 not server-side code (401/403).$$;

CREATE FUNCTION public.retire_signing_key(p_key_id text)
    RETURNS integer
    LANGUAGE sql VOLATILE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT fashionos.retire_signing_key(fashionos.required(p_key_id, 'p_key_id')) $$;
COMMENT ON FUNCTION public.retire_signing_key(text) IS
$$For server-side code (with the service key), when a signing key must no longer be trusted (it leaked): the key stops verifying and is no longer published (ticket_signing_keys, door bundles), and every ticket it signed that is not cancelled (pending, confirmed or used) gets a new token of the newest key, its old one revoked; returns how many were reissued (send the holders of live ones the new tickets: my_tickets, ticket_qr_svg). Signing and verifying wait for the retirement to commit, so a ticket being signed meanwhile is reissued too. A scan made before the retirement and synced later still counts; cancelled tickets of the key read as foreign. A key already retired answers 0. Errors: 42501 not server-side code (401/403), 22023 p_key_id missing (400), PT404 unknown key (404), PT409 it is the only key that signs: rotate first (409), PT503 the key table was busy for half a second (a long import), or one of the key's tickets was being changed at that moment (a check-in, a reissue): nothing changed, send it again (503).$$;
