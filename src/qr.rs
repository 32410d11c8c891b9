//! Signed ticket tokens and their QR codes.
//!
//! A registration's `qr_code_data` is a token
//! `FOS1.<key_id>.<payload>.<signature>` (base64url without padding), where the payload is the
//! registration id, the event id and 16 random bytes, signed with Ed25519. The private keys stay in
//! `fashionos.signing_keys` (no API role can read it); the public keys are published by
//! `public.ticket_signing_keys()` so that offline scanners can check signatures themselves.
//! A key pair is generated when the extension is installed; several keys may be active (after a
//! restore or a rotation): the newest signs, all verify.

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use pgrx::composite_type;
use pgrx::prelude::*;

use crate::plans;
use sha2::{Digest, Sha256};

pub const TOKEN_PREFIX: &str = "FOS1";
const PAYLOAD_LEN: usize = 48;

/// What a token says, once its signature has been checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenClaims {
    pub key_id: String,
    pub registration_id: [u8; 16],
    pub event_id: [u8; 16],
}

/// Why a token was refused before any lookup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenFault {
    /// Not of the form FOS1.<key>.<payload>.<signature>.
    Malformed,
    /// Signed by a key this database does not have (another installation's ticket).
    Foreign,
    /// The signature does not match the payload: the token was altered.
    Tampered,
}

impl TokenFault {
    pub fn reason(self) -> &'static str {
        match self {
            TokenFault::Malformed => "malformed",
            TokenFault::Foreign => "foreign",
            TokenFault::Tampered => "tampered",
        }
    }
}

/// The key id of a public key: the first 8 bytes of its SHA-256, base64url.
pub fn key_id_of(public_key: &VerifyingKey) -> String {
    let digest = Sha256::digest(public_key.as_bytes());
    B64.encode(&digest[..8])
}

/// Builds a signed token. Pure: the caller supplies the key and the random nonce.
pub fn make_token(
    key: &SigningKey,
    registration_id: &[u8; 16],
    event_id: &[u8; 16],
    nonce: &[u8; 16],
) -> String {
    let mut payload = [0u8; PAYLOAD_LEN];
    payload[..16].copy_from_slice(registration_id);
    payload[16..32].copy_from_slice(event_id);
    payload[32..].copy_from_slice(nonce);
    let key_id = key_id_of(&key.verifying_key());
    let signed = format!("{TOKEN_PREFIX}.{key_id}.{}", B64.encode(payload));
    let signature = key.sign(signed.as_bytes());
    format!("{signed}.{}", B64.encode(signature.to_bytes()))
}

/// Splits a token into key id and the signed part, without checking the signature.
pub fn parse_token(token: &str) -> Result<(String, TokenClaims, Vec<u8>, String), TokenFault> {
    let parts: Vec<&str> = token.trim().split('.').collect();
    if parts.len() != 4 || parts[0] != TOKEN_PREFIX {
        return Err(TokenFault::Malformed);
    }
    let payload = B64.decode(parts[2]).map_err(|_| TokenFault::Malformed)?;
    let signature = B64.decode(parts[3]).map_err(|_| TokenFault::Malformed)?;
    if payload.len() != PAYLOAD_LEN || signature.len() != 64 {
        return Err(TokenFault::Malformed);
    }
    let mut registration_id = [0u8; 16];
    let mut event_id = [0u8; 16];
    registration_id.copy_from_slice(&payload[..16]);
    event_id.copy_from_slice(&payload[16..32]);
    let signed = format!("{}.{}.{}", parts[0], parts[1], parts[2]);
    Ok((
        parts[1].to_string(),
        TokenClaims {
            key_id: parts[1].to_string(),
            registration_id,
            event_id,
        },
        signature,
        signed,
    ))
}

/// Checks a token's signature against a public key (found by the token's key id).
pub fn check_token(
    token: &str,
    public_key_for: impl Fn(&str) -> Option<[u8; 32]>,
) -> Result<TokenClaims, TokenFault> {
    let (key_id, claims, signature, signed) = parse_token(token)?;
    let public = public_key_for(&key_id).ok_or(TokenFault::Foreign)?;
    let key = VerifyingKey::from_bytes(&public).map_err(|_| TokenFault::Foreign)?;
    let sig_bytes: [u8; 64] = signature
        .as_slice()
        .try_into()
        .map_err(|_| TokenFault::Malformed)?;
    key.verify(signed.as_bytes(), &Signature::from_bytes(&sig_bytes))
        .map_err(|_| TokenFault::Tampered)?;
    Ok(claims)
}

/// SHA-256 of a token, without the white space around it (Unicode White_Space, as Rust's `trim`):
/// what the revocation list stores and what scans are looked up by. The one definition of the token
/// hash: Rust calls it directly, SQL as `fashionos.token_hash(text)` (below).
pub fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.trim().as_bytes()).to_vec()
}

/// `fashionos.token_hash(text)`: `token_hash` for SQL statements (the revocations written by
/// src/ticketing.rs), so that SQL and Rust hash a token the same way.
#[pg_extern(immutable, strict, parallel_safe, name = "token_hash")]
#[search_path(pg_catalog, pg_temp)]
fn token_hash_sql(token: &str) -> Vec<u8> {
    token_hash(token)
}

pub fn uuid_bytes(u: pgrx::Uuid) -> [u8; 16] {
    let mut b = [0u8; 16];
    b.copy_from_slice(u.as_bytes());
    b
}

pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    if let Err(e) = getrandom(&mut b) {
        crate::errors::raise(
            crate::errors::SqlState::SYSTEM,
            "no randomness available for a ticket token",
            Some(&format!("{e}")),
            Some("The operating system's random source failed; retry."),
        )
    }
    b
}

fn getrandom(buf: &mut [u8]) -> Result<(), rand_core::Error> {
    use rand_core::RngCore;
    rand_core::OsRng.try_fill_bytes(buf)
}

thread_local! {
    static SIGNING_KEY: std::cell::RefCell<Option<SigningKey>> = const { std::cell::RefCell::new(None) };
}

/// The newest signing key that is not retired, loaded from the private table (the row is read on
/// every call, so a rotation takes effect at once; the derived key pair is cached per backend).
pub fn current_signing_key() -> SigningKey {
    signing_key_from(plans::one(
        "SELECT secret_key FROM fashionos.signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC, key_id LIMIT 1",
        &[],
    ))
}

/// The signing key of a secret read from `fashionos.signing_keys` (newest first): the caller may
/// read it along with other things it needs (src/ticketing.rs does), saving a statement.
pub fn signing_key_from(secret: Option<Vec<u8>>) -> SigningKey {
    match secret.as_deref().map(<[u8; 32]>::try_from) {
        // Deriving a key pair from its secret costs a scalar multiplication: keep the last one.
        Some(Ok(bytes)) => SIGNING_KEY.with(|cached| {
            let mut cached = cached.borrow_mut();
            match &*cached {
                Some(key) if key.to_bytes() == bytes => key.clone(),
                _ => {
                    let key = SigningKey::from_bytes(&bytes);
                    *cached = Some(key.clone());
                    key
                }
            }
        }),
        _ => crate::errors::raise(
            crate::errors::SqlState::NOT_PREPARED,
            "no ticket signing key",
            Some("fashionos.signing_keys holds no valid key."),
            Some("Server-side code makes one with rotate_signing_key()."),
        ),
    }
}

/// The public key with this key id, if this database has it and has not retired it (a retired
/// key's tokens are `foreign`: retire_signing_key reissued its live tickets).
pub fn public_key(key_id: &str) -> Option<[u8; 32]> {
    key_as_of(key_id, None)
}

/// The public key with this key id as it was at `at` (ISO 8601): also a key retired since, for a
/// scan made before its retirement (sync_door_scans).
pub fn public_key_at(key_id: &str, at: &str) -> Option<[u8; 32]> {
    key_as_of(key_id, Some(at))
}

/// The public key with this key id if it was not retired at `at` (now, when None).
fn key_as_of(key_id: &str, at: Option<&str>) -> Option<[u8; 32]> {
    let public: Option<Vec<u8>> = plans::one(
        "SELECT public_key FROM fashionos.signing_keys
          WHERE key_id = $1 AND (retired_at IS NULL OR retired_at > $2::timestamptz)",
        &[key_id.into(), at.into()],
    );
    public.and_then(|p| <[u8; 32]>::try_from(p.as_slice()).ok())
}

/// Signs a new token for a registration of an event, with the newest key.
pub fn issue_token(registration_id: pgrx::Uuid, event_id: pgrx::Uuid) -> String {
    issue_token_with(&current_signing_key(), registration_id, event_id)
}

/// Signs a new token for a registration of an event with `key`.
pub fn issue_token_with(
    key: &SigningKey,
    registration_id: pgrx::Uuid,
    event_id: pgrx::Uuid,
) -> String {
    make_token(
        key,
        &uuid_bytes(registration_id),
        &uuid_bytes(event_id),
        &random_bytes::<16>(),
    )
}

/// Generates a new Ed25519 key pair, stores it, and returns its key id. Run at install, and by
/// rotate_signing_key (the new key signs from then on, the old ones still verify).
#[pg_extern(volatile, parallel_unsafe)]
#[search_path(pg_catalog, pg_temp)]
fn generate_signing_key() -> String {
    let key = SigningKey::from_bytes(&random_bytes::<32>());
    let key_id = key_id_of(&key.verifying_key());
    plans::run(
        "INSERT INTO fashionos.signing_keys (key_id, public_key, secret_key) VALUES ($1, $2, $3)",
        &[
            key_id.as_str().into(),
            key.verifying_key().as_bytes().to_vec().into(),
            key.to_bytes().to_vec().into(),
        ],
    );
    key_id
}

/// The public keys that verify ticket tokens, for offline scanners.
#[pg_extern(stable, parallel_safe, security_definer, requires = ["types"])]
#[search_path(pg_catalog, pg_temp)]
fn ticket_signing_keys(
) -> SetOfIterator<'static, composite_type!('static, "public.ticket_signing_key")> {
    let rows = plans::rows(
        "SELECT key_id, public_key, created_at FROM fashionos.signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC, key_id",
        &[],
        |row| {
            let key_id: String = row.get(1)?.unwrap_or_default();
            let public: Vec<u8> = row.get(2)?.unwrap_or_default();
            let created: Option<pgrx::datum::TimestampWithTimeZone> = row.get(3)?;
            Ok((key_id, B64.encode(public), created))
        },
    );
    // Rows are built after SPI returned: SPI frees what is allocated while it is connected.
    SetOfIterator::new(
        rows.into_iter()
            .map(|(key_id, public_key, created)| {
                crate::rows::RowBuilder::new("public.ticket_signing_key")
                    .set("key_id", key_id)
                    .set("algorithm", "Ed25519")
                    .set("public_key", public_key)
                    .set("created_at", created)
                    .build()
            })
            .collect::<Vec<_>>(),
    )
}

/// Renders text (a ticket token) as a QR code in SVG, error correction level M.
#[pg_extern(immutable, strict, parallel_safe)]
#[search_path(pg_catalog, pg_temp)]
fn qr_code_svg(p_data: &str, p_size: default!(i32, 256)) -> String {
    if !(64..=4096).contains(&p_size) {
        crate::errors::invalid(
            "p_size is out of range",
            &format!("p_size is {p_size}; it must be between 64 and 4096 pixels."),
            "Pass the edge length of the square image in pixels, e.g. 256.",
        )
    }
    if p_data.is_empty() {
        crate::errors::invalid(
            "p_data is empty",
            "There is nothing to encode.",
            "Pass the ticket's qr_code_data.",
        )
    }
    render_svg(p_data, p_size as u32).unwrap_or_else(|e| {
        crate::errors::invalid(
            "text too long for a QR code",
            &format!("{} bytes cannot be encoded: {e}", p_data.len()),
            "QR codes hold at most about 2,300 bytes at error correction level M.",
        )
    })
}

/// The ticket of a registration the caller can see, as an SVG QR code; a cancelled one is refused
/// (PT409). SECURITY INVOKER: row level security of registrations decides (attendees see their
/// own, organizers those of their events).
#[pg_extern(stable, strict, parallel_safe)]
#[search_path(pg_catalog, pg_temp)]
fn ticket_qr_svg(p_registration_id: pgrx::Uuid, p_size: default!(i32, 256)) -> String {
    let ticket = plans::first_row(
        "SELECT r.qr_code_data, r.status FROM public.registrations r WHERE r.id = $1",
        &[p_registration_id.into()],
        |r| Ok((r.get::<String>(1)?, r.get::<String>(2)?)),
    );
    match ticket {
        // A cancelled ticket's token no longer admits (my_tickets shows it without its token):
        // its image is not drawn either, so a buyer does not carry a code the door refuses.
        Some((_, Some(status))) if status == "cancelled" => crate::errors::conflict(
            "ticket is cancelled",
            &format!("Registration {p_registration_id} is cancelled; its ticket does not admit."),
            "Buy or ask for a new ticket; a cancelled one is not shown as a code.",
        ),
        Some((Some(token), _)) => qr_code_svg(&token, p_size),
        _ => crate::errors::raise(
            crate::errors::SqlState::NOT_FOUND,
            "registration not found",
            Some(&format!(
                "No registration with id {p_registration_id} is visible to the caller."
            )),
            Some("Attendees see their own registrations; organizers those of their events."),
        ),
    }
}

/// The QR code of `data` as an SVG image of exactly `size` pixels a side: drawn one unit per
/// module (its quiet zone included), the image's width and height are set to `size` and its
/// viewBox scales the modules to fit (a whole number of pixels per module would round the edge up).
pub fn render_svg(data: &str, size: u32) -> Result<String, qrcode::types::QrError> {
    use qrcode::render::svg;
    let code = qrcode::QrCode::with_error_correction_level(data.as_bytes(), qrcode::EcLevel::M)?;
    let image = code
        .render::<svg::Color>()
        .module_dimensions(1, 1)
        .quiet_zone(true)
        .build();
    let units = code.width() + 8;
    Ok(image.replacen(
        &format!(r#"width="{units}" height="{units}" viewBox"#),
        &format!(r#"width="{size}" height="{size}" viewBox"#),
        1,
    ))
}

// The public functions of this module: one SQL wrapper each (sql/api/ has the style).
extension_sql_file!(
    "../sql/api/tickets.sql",
    name = "api_tickets",
    requires = [
        generate_signing_key,
        ticket_signing_keys,
        qr_code_svg,
        ticket_qr_svg,
        "data_safety"
    ]
);

#[cfg(any(test, feature = "pg_test"))]
#[pg_schema]
mod tests {
    use super::*;

    fn key(seed: u8) -> SigningKey {
        SigningKey::from_bytes(&[seed; 32])
    }

    #[pg_test]
    fn token_roundtrip_and_tamper() {
        let k = key(7);
        let public = *k.verifying_key().as_bytes();
        let token = make_token(&k, &[1; 16], &[2; 16], &[3; 16]);
        let lookup = |id: &str| (id == key_id_of(&k.verifying_key())).then_some(public);
        let claims = check_token(&token, lookup).expect("valid token");
        assert_eq!(claims.registration_id, [1; 16]);
        assert_eq!(claims.event_id, [2; 16]);

        // Flip one character of the payload: the signature no longer matches.
        let parts: Vec<&str> = token.split('.').collect();
        let mut payload: Vec<char> = parts[2].chars().collect();
        payload[3] = if payload[3] == 'A' { 'B' } else { 'A' };
        let altered = format!(
            "{}.{}.{}.{}",
            parts[0],
            parts[1],
            payload.iter().collect::<String>(),
            parts[3]
        );
        assert_eq!(check_token(&altered, lookup), Err(TokenFault::Tampered));

        // Signed by another key pair: unknown key id.
        let other = make_token(&key(9), &[1; 16], &[2; 16], &[3; 16]);
        assert_eq!(check_token(&other, lookup), Err(TokenFault::Foreign));

        assert_eq!(check_token("FOS1.x.y", lookup), Err(TokenFault::Malformed));
        assert_eq!(check_token("hello", lookup), Err(TokenFault::Malformed));
    }

    #[pg_test]
    fn tokens_are_unique_per_nonce() {
        let k = key(1);
        let a = make_token(&k, &[1; 16], &[2; 16], &random_bytes::<16>());
        let b = make_token(&k, &[1; 16], &[2; 16], &random_bytes::<16>());
        assert_ne!(a, b);
    }

    #[pg_test]
    fn install_generated_a_key_and_signs() {
        let n: i64 = plans::one("SELECT count(*) FROM fashionos.signing_keys", &[]).unwrap();
        assert!(n >= 1);
        let reg = pgrx::Uuid::from_bytes([4; 16]);
        let ev = pgrx::Uuid::from_bytes([5; 16]);
        let token = issue_token(reg, ev);
        let claims = check_token(&token, public_key).expect("verifies with the stored public key");
        assert_eq!(claims.registration_id, [4; 16]);
    }

    /// A retired key neither signs nor verifies: the newest key that is not retired signs, and
    /// tokens of the retired one are foreign.
    #[pg_test]
    fn a_retired_key_neither_signs_nor_verifies() {
        let older = generate_signing_key();
        let newest = generate_signing_key();
        let reg = pgrx::Uuid::from_bytes([4; 16]);
        let ev = pgrx::Uuid::from_bytes([5; 16]);
        let by_newest = issue_token(reg, ev);
        assert!(by_newest.starts_with(&format!("FOS1.{newest}.")));
        plans::run(
            "UPDATE fashionos.signing_keys SET retired_at = now() WHERE key_id = $1",
            &[newest.as_str().into()],
        );
        assert_eq!(
            check_token(&by_newest, public_key),
            Err(TokenFault::Foreign)
        );
        let by_older = issue_token(reg, ev);
        assert!(by_older.starts_with(&format!("FOS1.{older}.")));
        assert!(check_token(&by_older, public_key).is_ok());
    }

    #[pg_test]
    fn svg_is_an_svg_document() {
        let svg = render_svg("FOS1.abc.def.ghi", 256).unwrap();
        assert!(svg.starts_with("<?xml") || svg.starts_with("<svg"));
        assert!(svg.contains("<svg") && svg.contains("</svg>"));
    }

    #[pg_test]
    fn svg_edge_is_the_size_asked() {
        for size in [64, 87, 256, 320, 4096] {
            let svg = render_svg("FOS1.abc.def.ghi", size).unwrap();
            assert!(
                svg.contains(&format!(r#"width="{size}" height="{size}" viewBox="0 0 "#)),
                "{size}: {}",
                &svg[..svg.len().min(300)]
            );
        }
    }

    #[pg_test(error = "p_size is out of range")]
    fn svg_size_is_checked() {
        plans::one::<String>("SELECT public.qr_code_svg('x', 10)", &[]);
    }

    #[pg_test]
    fn sql_hashes_tokens_as_rust_does() {
        for token in ["FOS1.a.b.c", " FOS1.a.b.c\u{a0}\n", "\tx "] {
            let sql: Option<Vec<u8>> =
                plans::one("SELECT fashionos.token_hash($1)", &[token.into()]);
            assert_eq!(sql, Some(token_hash(token)));
        }
        assert_eq!(token_hash(" x\u{a0}"), token_hash("x"));
    }
}
