//! The door without network: signed offline bundles for scanners, and the sync of scans made
//! offline.
//!
//! `door_bundle` hands a scanner everything it needs to decide at the door alone: the event, its
//! tiers, the public keys that verify ticket tokens, every registration's state (and the first
//! scan of the used ones), the SHA-256 of every revoked token, and a sequence number to ask for a
//! delta later. The document is JSON built here with serde and signed with the current Ed25519
//! ticket key, so a scanner that already trusts the published keys can trust a bundle it got over
//! any channel. docs/api.md describes the format.
//!
//! `sync_door_scans` takes the scans a gate made offline, each recorded once (event, token hash,
//! scan time, gate) in `fashionos.door_scans`: a batch sent twice changes nothing. The earliest
//! scan of a ticket wins wherever and whenever it is synced: its time is the registration's
//! `checked_in_at`, the others are duplicates that name it. Every scan of a ticket takes the
//! registration's row lock first (as `check_in` does with its UPDATE), and a batch takes its locks
//! in registration order, so gates syncing at once and online check-ins count each ticket once and
//! never deadlock each other.

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use ed25519_dalek::Signer;
use pgrx::composite_type;
use pgrx::datum::TimestampWithTimeZone;
use pgrx::prelude::*;
use serde::{Deserialize, Serialize};

use crate::access;
use crate::errors;
use crate::plans;
use crate::qr;
use crate::rows::RowBuilder;
use crate::statuses::{Refusal, RegistrationStatus, RevocationReason, ScanOutcome};

/// The format name a scanner checks before it reads a bundle.
pub const BUNDLE_FORMAT: &str = "fashionos-door-bundle/1";
/// A bundle's sequence is its snapshot's horizon shifted by this many bits, the database's marker
/// (fashionos.door_database, 0 to 65535) in the bits below.
pub const SEQUENCE_MARKER_BITS: u32 = 16;
/// At most this many scans in one sync.
pub const MAX_SCANS_PER_SYNC: usize = 1000;
/// A scan may be at most this far in the future of the database's clock (a scanner's clock skew).
pub const MAX_CLOCK_SKEW_SECONDS: i64 = 300;

#[derive(Serialize, Debug)]
pub struct BundleEvent {
    pub id: String,
    pub name: String,
    pub status: Option<String>,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub venue_name: Option<String>,
    pub time_zone: String,
}

#[derive(Serialize, Debug)]
pub struct BundleKey {
    pub key_id: String,
    pub algorithm: &'static str,
    pub public_key: String,
}

#[derive(Serialize, Debug)]
pub struct BundleTier {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: Option<String>,
}

#[derive(Serialize, Debug)]
pub struct BundleRegistration {
    pub id: String,
    pub tier_id: Option<String>,
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attendee_name: Option<String>,
    pub checked_in_at: Option<String>,
    pub first_gate: Option<String>,
}

#[derive(Serialize, Debug)]
pub struct BundleRevocation {
    pub token_sha256: String,
    pub reason: String,
}

/// The signed part of a bundle.
#[derive(Serialize, Debug)]
pub struct Bundle {
    pub format: &'static str,
    pub kind: &'static str,
    pub event: BundleEvent,
    pub sequence: i64,
    pub since: Option<i64>,
    pub generated_at: String,
    pub names_included: bool,
    pub keys: Vec<BundleKey>,
    pub tiers: Vec<BundleTier>,
    pub registrations: Vec<BundleRegistration>,
    pub revoked: Vec<BundleRevocation>,
}

/// What door_bundle returns: the bundle as a JSON text and its Ed25519 signature over the UTF-8
/// bytes of that text (not over a re-serialization, which could order keys differently).
#[derive(Serialize, Debug)]
pub struct SignedBundle {
    pub format: &'static str,
    pub bundle: String,
    pub key_id: String,
    pub algorithm: &'static str,
    pub signature: String,
}

/// Signs a bundle's text with a key. Pure.
pub fn sign_bundle(bundle: &Bundle, key: &ed25519_dalek::SigningKey) -> SignedBundle {
    let text = serde_json::to_string(bundle).unwrap_or_else(|e| {
        errors::raise(
            errors::SqlState::INTERNAL,
            "fashionos: a door bundle could not be serialized",
            Some(&e.to_string()),
            None,
        )
    });
    let signature = key.sign(text.as_bytes());
    SignedBundle {
        format: BUNDLE_FORMAT,
        key_id: qr::key_id_of(&key.verifying_key()),
        algorithm: "Ed25519",
        signature: B64.encode(signature.to_bytes()),
        bundle: text,
    }
}

fn require_event(event_id: pgrx::Uuid) {
    let exists: Option<bool> = plans::one(
        "SELECT EXISTS (SELECT 1 FROM public.events WHERE id = $1)",
        &[event_id.into()],
    );
    if exists != Some(true) {
        errors::not_found("event", event_id)
    }
}

/// One row of the bundle's consistent read: a registration ('r'), a revoked token ('x') or the
/// snapshot's horizon ('h').
type StateRow = (
    String,
    Option<pgrx::Uuid>,
    Option<pgrx::Uuid>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<i64>,
);

/// The offline bundle of an event for its door staff: see the module documentation and
/// docs/api.md ("The door bundle format").
#[pg_extern(stable, parallel_safe, security_definer)]
#[search_path(pg_catalog, pg_temp)]
pub fn door_bundle(
    p_event_id: pgrx::Uuid,
    p_since: default!(Option<i64>, "NULL"),
    p_include_names: default!(Option<bool>, "true"),
) -> String {
    require_event(p_event_id);
    let caller = access::caller();
    access::require_runs_event(&caller, p_event_id, "download the door bundle");
    if let Some(since) = p_since {
        if since < 0 {
            errors::invalid(
                "p_since is out of range",
                &format!("p_since is {since}."),
                "Pass the sequence of the bundle the scanner holds, or NULL for a full bundle.",
            )
        }
    }
    let names = p_include_names.unwrap_or(true);

    let event = plans::query(
        "SELECT e.name, e.status,
                to_char(e.start_date AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'),
                to_char(e.end_date AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'),
                e.venue_name, s.time_zone
           FROM public.events e CROSS JOIN fashionos.settings_for(e.id) s WHERE e.id = $1",
        &[p_event_id.into()],
        |t| {
            let r = t.first();
            Ok(BundleEvent {
                id: p_event_id.to_string(),
                name: r.get::<String>(1)?.unwrap_or_default(),
                status: r.get::<String>(2)?,
                start_date: r.get::<String>(3)?,
                end_date: r.get::<String>(4)?,
                venue_name: r.get::<String>(5)?,
                time_zone: r.get::<String>(6)?.unwrap_or_default(),
            })
        },
    );
    let tiers = plans::rows(
        "SELECT id, name, type FROM public.ticket_tiers WHERE event_id = $1 ORDER BY name, id",
        &[p_event_id.into()],
        |r| {
            Ok(BundleTier {
                id: r
                    .get::<pgrx::Uuid>(1)?
                    .map(|u| u.to_string())
                    .unwrap_or_default(),
                name: r.get::<String>(2)?.unwrap_or_default(),
                kind: r.get::<String>(3)?,
            })
        },
    );
    let keys = plans::rows(
        "SELECT key_id, public_key FROM fashionos.signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC, key_id",
        &[],
        |r| {
            Ok(BundleKey {
                key_id: r.get::<String>(1)?.unwrap_or_default(),
                algorithm: "Ed25519",
                public_key: B64.encode(r.get::<Vec<u8>>(2)?.unwrap_or_default()),
            })
        },
    );

    // A sequence is the horizon of the bundle's snapshot (a transaction id, xid8) times 65536, plus
    // this database's marker (fashionos.door_database). Everything is sent instead of a delta for
    // a sequence of another database (one restored from this one's dump draws its own marker, and
    // its transaction ids may pass the old ones), for one from the future, and for one from before
    // the event's door history was pruned (prune_history deletes all of an ended event's changes,
    // and the event may be dated anew): a delta needs a change of the event older than its
    // sequence still recorded. An event that had no change before it gets a full bundle too,
    // which is all that a delta would hold.
    let marker: i64 = plans::one::<i32>("SELECT marker FROM fashionos.door_database", &[])
        .unwrap_or(0)
        .into();
    let horizon_of = |sequence: i64| {
        (
            sequence >> SEQUENCE_MARKER_BITS,
            sequence & ((1 << SEQUENCE_MARKER_BITS) - 1),
        )
    };
    let since: Option<i64> = p_since.and_then(|since| {
        let (horizon, of) = horizon_of(since);
        let placed = of == marker
            && plans::one::<bool>(
                "SELECT $1::bigint::text::xid8 <= pg_catalog.pg_snapshot_xmax(pg_catalog.pg_current_snapshot())
                    AND EXISTS (SELECT 1 FROM fashionos.door_changes c
                                 WHERE c.event_id = $2 AND c.xid < $1::bigint::text::xid8)",
                &[horizon.into(), p_event_id.into()],
            )
            .unwrap_or(false);
        placed.then_some(horizon)
    });

    // One statement, so one snapshot: the registrations, the revoked tokens and the horizon that
    // is the bundle's sequence agree with each other. A delta is the current state of what the
    // transactions that the previous bundle's snapshot did not see (xid >= its xmin) wrote.
    let state: Vec<StateRow> = plans::rows(
        "WITH changed AS (
             SELECT c.registration_id, c.token_hash FROM fashionos.door_changes c
              WHERE c.event_id = $1 AND c.xid >= $2::bigint::text::xid8)
         SELECT 'r'::text, r.id, r.ticket_tier_id, r.status,
                CASE WHEN $3 THEN r.attendee_name END,
                to_char(r.checked_in_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'),
                CASE WHEN r.checked_in_at IS NOT NULL THEN
                    coalesce((SELECT s.gate FROM fashionos.door_scans s
                               WHERE s.registration_id = r.id AND s.scanned_at = r.checked_in_at
                                 AND s.outcome = 'admitted' ORDER BY s.synced_at, s.gate LIMIT 1), 'online')
                END,
                NULL::bigint
           FROM public.registrations r
          WHERE r.event_id = $1
            AND ($2 IS NULL OR r.id IN (SELECT registration_id FROM changed WHERE token_hash IS NULL))
         UNION ALL
         SELECT 'x', v.registration_id, NULL, v.reason, NULL, pg_catalog.encode(v.token_hash, 'hex'), NULL, NULL
           FROM fashionos.revoked_tokens v JOIN public.registrations r ON r.id = v.registration_id
          WHERE r.event_id = $1
            AND ($2 IS NULL OR v.token_hash IN (SELECT token_hash FROM changed WHERE token_hash IS NOT NULL))
         UNION ALL
         SELECT 'h', NULL, NULL, NULL, NULL,
                to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), NULL,
                pg_catalog.pg_snapshot_xmin(pg_catalog.pg_current_snapshot())::text::bigint",
        &[p_event_id.into(), since.into(), names.into()],
        |r| {
            Ok((
                r.get::<String>(1)?.unwrap_or_default(),
                r.get::<pgrx::Uuid>(2)?,
                r.get::<pgrx::Uuid>(3)?,
                r.get::<String>(4)?,
                r.get::<String>(5)?,
                r.get::<String>(6)?,
                r.get::<String>(7)?,
                r.get::<i64>(8)?,
            ))
        },
    );
    let mut registrations = Vec::new();
    let mut revoked = Vec::new();
    let mut sequence = 0;
    let mut generated_at = String::new();
    for (kind, id, tier, status, name, text, gate, horizon) in state {
        match kind.as_str() {
            "r" => registrations.push(BundleRegistration {
                id: id.map(|u| u.to_string()).unwrap_or_default(),
                tier_id: tier.map(|u| u.to_string()),
                status: status.unwrap_or_default(),
                attendee_name: name,
                checked_in_at: text,
                first_gate: gate,
            }),
            "x" => revoked.push(BundleRevocation {
                token_sha256: text.unwrap_or_default(),
                reason: status.unwrap_or_default(),
            }),
            _ => {
                sequence = (horizon.unwrap_or(0) << SEQUENCE_MARKER_BITS) | marker;
                generated_at = text.unwrap_or_default();
            }
        }
    }
    let bundle = Bundle {
        format: BUNDLE_FORMAT,
        kind: if since.is_some() { "delta" } else { "full" },
        event,
        sequence,
        since: since.and(p_since),
        generated_at,
        names_included: names,
        keys,
        tiers,
        registrations,
        revoked,
    };
    let signed = sign_bundle(&bundle, &qr::current_signing_key());
    serde_json::to_string(&signed).unwrap_or_default()
}

/// One scan made at the door, as a scanner sends it.
#[derive(Deserialize, Debug, Clone)]
pub struct OfflineScan {
    /// The ticket token read from the QR code.
    pub token: String,
    /// When it was scanned, RFC 3339 with a time zone (e.g. 2087-03-01T19:02:11.250Z).
    pub scanned_at: String,
    /// The gate (or door) that scanned it.
    #[serde(alias = "gate_id")]
    pub gate: String,
    /// The scanning device, if the gate has several.
    #[serde(default, alias = "device_id")]
    pub device: Option<String>,
}

/// True when `s` is an RFC 3339 date-time with a time zone: YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM).
pub fn is_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        b.get(range.clone())
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    };
    if b.len() < 20
        || !digits(0..4)
        || b[4] != b'-'
        || !digits(5..7)
        || b[7] != b'-'
        || !digits(8..10)
        || !matches!(b[10], b'T' | b't' | b' ')
        || !digits(11..13)
        || b[13] != b':'
        || !digits(14..16)
        || b[16] != b':'
        || !digits(17..19)
    {
        return false;
    }
    let mut i = 19;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start || i - start > 9 {
            return false;
        }
    }
    let zone_ok = match b.get(i) {
        Some(b'Z' | b'z') => i + 1 == b.len(),
        Some(b'+' | b'-') => {
            // PostgreSQL takes offsets up to 15:59
            i + 6 == b.len()
                && digits(i + 1..i + 3)
                && b[i + 3] == b':'
                && digits(i + 4..i + 6)
                && number(b, i + 1..i + 3) <= 15
                && number(b, i + 4..i + 6) <= 59
        }
        _ => false,
    };
    // the fields in their ranges: a real day of its month, a second up to a leap second
    let (year, month, day) = (number(b, 0..4), number(b, 5..7), number(b, 8..10));
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 0,
    };
    // year 0000 does not exist (PostgreSQL refuses it: 1 BC comes before 1 AD)
    zone_ok
        && year >= 1
        && (1..=days).contains(&day)
        && number(b, 11..13) <= 23
        && number(b, 14..16) <= 59
        && number(b, 17..19) <= 60
}

/// The decimal number written by the ASCII digits `b[range]` (checked by the caller).
fn number(b: &[u8], range: std::ops::Range<usize>) -> u32 {
    b[range].iter().fold(0, |n, d| n * 10 + u32::from(d - b'0'))
}

/// Reads a batch of scans: a JSON array of objects, each checked; a bad entry is a 400 that names
/// its index.
pub fn parse_scans(scans: &serde_json::Value) -> Result<Vec<OfflineScan>, (String, String)> {
    let Some(entries) = scans.as_array() else {
        return Err((
            "p_scans is not an array".into(),
            "Pass a JSON array of scans.".into(),
        ));
    };
    if entries.is_empty() || entries.len() > MAX_SCANS_PER_SYNC {
        return Err((
            "p_scans has a bad number of scans".into(),
            format!(
                "It has {}; send 1 to {MAX_SCANS_PER_SYNC} scans per call.",
                entries.len()
            ),
        ));
    }
    let mut out = Vec::with_capacity(entries.len());
    for (i, entry) in entries.iter().enumerate() {
        let scan: OfflineScan = serde_json::from_value(entry.clone()).map_err(|e| {
            (
                format!("p_scans[{i}] is not a scan"),
                format!("p_scans[{i}]: {e}."),
            )
        })?;
        let bad = |what: &str| {
            (
                format!("p_scans[{i}] is not a scan"),
                format!("p_scans[{i}]: {what}."),
            )
        };
        if scan.token.trim().is_empty() || scan.token.len() > 1000 {
            return Err(bad("token is empty or longer than 1000 characters"));
        }
        if !is_rfc3339(scan.scanned_at.trim()) {
            return Err(bad(&format!(
                "scanned_at {:?} is not an RFC 3339 time with a time zone (a real date and time, an offset of at most 15:59)",
                scan.scanned_at
            )));
        }
        if scan.gate.trim().is_empty() || scan.gate.chars().count() > 100 {
            return Err(bad("gate is empty or longer than 100 characters"));
        }
        if scan
            .device
            .as_ref()
            .is_some_and(|d| d.chars().count() > 100)
        {
            return Err(bad("device is longer than 100 characters"));
        }
        out.push(scan);
    }
    Ok(out)
}

/// The answer to one scan, built into a row after SPI returned.
#[derive(Debug, Clone)]
struct ScanAnswer {
    index: i32,
    outcome: ScanOutcome,
    reason: Option<String>,
    registration_id: Option<pgrx::Uuid>,
    attendee_name: Option<String>,
    scanned_at: Option<TimestampWithTimeZone>,
    gate: String,
    first_scanned_at: Option<TimestampWithTimeZone>,
    first_gate: Option<String>,
    displaced_scanned_at: Option<TimestampWithTimeZone>,
    displaced_gate: Option<String>,
    replayed: bool,
}

/// Records a refused scan (once) and answers it.
#[allow(clippy::too_many_arguments)]
fn refuse(
    event_id: pgrx::Uuid,
    hash: &[u8],
    scanned_at: &str,
    scan: &OfflineScan,
    registration_id: Option<pgrx::Uuid>,
    reason: &str,
    by: Option<pgrx::Uuid>,
) -> (Option<TimestampWithTimeZone>, bool) {
    let inserted: Option<TimestampWithTimeZone> = plans::one(
        "INSERT INTO fashionos.door_scans
                (event_id, token_hash, scanned_at, gate, device, registration_id, outcome, reason, synced_by)
         VALUES ($1, $2, $3::timestamptz, $4, coalesce($5, ''), $6, 'refused', $7, $8)
         ON CONFLICT DO NOTHING RETURNING scanned_at",
        &[
            event_id.into(),
            hash.to_vec().into(),
            scanned_at.into(),
            scan.gate.trim().into(),
            scan.device.as_deref().map(str::trim).into(),
            registration_id.into(),
            reason.into(),
            by.into(),
        ],
    );
    match inserted {
        Some(at) => (Some(at), false),
        None => (
            plans::one("SELECT $1::timestamptz", &[scanned_at.into()]),
            true,
        ),
    }
}

/// The first scan of a registration: its check-in time and the gate that made it (online for
/// check_in), and the attendee's name.
fn first_scan(
    registration_id: pgrx::Uuid,
) -> (
    Option<TimestampWithTimeZone>,
    Option<String>,
    Option<String>,
) {
    plans::first_row(
        "SELECT r.checked_in_at,
                CASE WHEN r.checked_in_at IS NOT NULL THEN
                    coalesce((SELECT s.gate FROM fashionos.door_scans s
                               WHERE s.registration_id = r.id AND s.scanned_at = r.checked_in_at
                                 AND s.outcome = 'admitted' ORDER BY s.synced_at, s.gate LIMIT 1), 'online')
                END,
                r.attendee_name
           FROM public.registrations r WHERE r.id = $1",
        &[registration_id.into()],
        |r| {
            Ok((
                r.get::<TimestampWithTimeZone>(1)?,
                r.get::<String>(2)?,
                r.get::<String>(3)?,
            ))
        },
    )
    .unwrap_or((None, None, None))
}

/// Whether a registration was cancelled or refunded after a scan made at `at` (the scan's text),
/// once paid or needing no payment: the gate was right to let the person in, and the cancellation
/// stands (reason `cancelled_after_scan`).
fn cancelled_after_scan(registration_id: pgrx::Uuid, at: &str) -> bool {
    plans::one::<bool>(
        "SELECT max(v.revoked_at) > $2::timestamptz
                AND NOT EXISTS (SELECT 1 FROM public.payments p
                                 WHERE p.registration_id = $1 AND p.status NOT IN ('completed', 'refunded'))
           FROM fashionos.revoked_tokens v
          WHERE v.registration_id = $1 AND v.reason IN ('cancelled', 'refunded')",
        &[registration_id.into(), at.into()],
    ) == Some(true)
}

/// A scan synced before: its stored outcome and reason, its time, and the admission it displaced.
type StoredScan = (
    String,
    Option<String>,
    Option<TimestampWithTimeZone>,
    Option<TimestampWithTimeZone>,
    Option<String>,
);

/// Applies one scan (the registration's row lock is taken here) and answers it.
fn apply_scan(
    event_id: pgrx::Uuid,
    event_cancelled: bool,
    index: usize,
    scan: &OfflineScan,
    by: Option<pgrx::Uuid>,
) -> ScanAnswer {
    let token = scan.token.trim();
    let at = scan.scanned_at.trim();
    let hash = qr::token_hash(token);
    let gate = scan.gate.trim().to_string();
    let device = scan.device.as_deref().map(str::trim);
    let answer = |outcome: ScanOutcome,
                  reason: Option<&str>,
                  registration_id: Option<pgrx::Uuid>,
                  scanned_at: Option<TimestampWithTimeZone>,
                  replayed: bool| ScanAnswer {
        index: index as i32,
        outcome,
        reason: reason.map(str::to_string),
        registration_id,
        attendee_name: None,
        scanned_at,
        gate: gate.clone(),
        first_scanned_at: None,
        first_gate: None,
        displaced_scanned_at: None,
        displaced_gate: None,
        replayed,
    };
    let refused = |refusal: Refusal, registration_id: Option<pgrx::Uuid>| {
        let reason = refusal.as_str();
        let (scanned_at, replayed) = refuse(event_id, &hash, at, scan, registration_id, reason, by);
        answer(
            ScanOutcome::Refused,
            Some(reason),
            registration_id,
            scanned_at,
            replayed,
        )
    };

    // the keys as they were when the scan was made: one retired since still vouches for it
    let claims = match qr::check_token(token, |key_id| qr::public_key_at(key_id, at)) {
        Ok(claims) => claims,
        // scanned after its key was retired: a reissued ticket's old token, named as such (its
        // hash is among the revocations), not a forgery
        Err(qr::TokenFault::Foreign) => {
            return match crate::checkin::revoked_ticket(token) {
                Some((_, other, _)) if other != event_id => refused(Refusal::WrongEvent, None),
                Some((registration, _, reason)) => {
                    refused(Refusal::of_revocation(&reason), Some(registration))
                }
                None => refused(Refusal::Foreign, None),
            }
        }
        Err(fault) => return refused(fault.into(), None),
    };
    let registration_id = pgrx::Uuid::from_bytes(claims.registration_id);
    if pgrx::Uuid::from_bytes(claims.event_id) != event_id {
        return refused(Refusal::WrongEvent, None);
    }
    // A ticket exchanged after the scan (exchange_ticket) lives on as the ticket at the end of its
    // chain of exchanges: the scan is that ticket's check-in, as it is a reissued ticket's (below),
    // so that the new ticket does not let a second person in. Exchanged before the scan, the token
    // was no longer the ticket, and its revocation refuses it.
    let exchanged_into: Option<pgrx::Uuid> = plans::one(
        "SELECT fashionos.ticket_now(x.registration_id) FROM fashionos.ticket_exchanges x
          WHERE x.registration_id = $1 AND x.exchanged_at > $2::timestamptz",
        &[registration_id.into(), at.into()],
    );
    let registration_id = exchanged_into.unwrap_or(registration_id);
    // The registration's row lock: every scan of this ticket, and check_in, queue here.
    // (and whether this scan is its check-in now, for a replay)
    let reg = plans::first_row(
        "SELECT r.status, r.qr_code_data = $2, r.checked_in_at,
                r.checked_in_at = $4::timestamptz AND r.status = 'attended'
           FROM public.registrations r
          WHERE r.id = $1 AND r.event_id = $3 FOR UPDATE OF r",
        &[
            registration_id.into(),
            token.into(),
            event_id.into(),
            at.into(),
        ],
        |r| {
            Ok((
                r.get::<String>(1)?.unwrap_or_default(),
                r.get::<bool>(2)?,
                r.get::<TimestampWithTimeZone>(3)?,
                r.get::<bool>(4)?,
            ))
        },
    );
    let with_name = |mut a: ScanAnswer| {
        let (first_at, first_gate, name) = first_scan(registration_id);
        a.attendee_name = name;
        if a.outcome != ScanOutcome::Refused {
            a.first_scanned_at = first_at;
            a.first_gate = first_gate;
        }
        a
    };
    let Some((status, current, checked_in_at, is_check_in)) = reg else {
        return refused(Refusal::Unknown, None);
    };
    // Synced before? (Read under the row lock, so a batch sent twice at once is seen here.) A scan
    // is the same scan when its event, token, time, gate and device are.
    let key: [pgrx::datum::DatumWithOid; 5] = [
        event_id.into(),
        hash.clone().into(),
        at.into(),
        gate.as_str().into(),
        device.into(),
    ];
    let before: Option<StoredScan> = plans::first_row(
        "SELECT outcome, reason, scanned_at, displaced_scanned_at, displaced_gate FROM fashionos.door_scans
          WHERE event_id = $1 AND token_hash = $2 AND scanned_at = $3::timestamptz AND gate = $4
            AND device = coalesce($5, '')",
        &key,
        |r| {
            Ok((
                r.get::<String>(1)?.unwrap_or_default(),
                r.get::<String>(2)?,
                r.get::<TimestampWithTimeZone>(3)?,
                r.get::<TimestampWithTimeZone>(4)?,
                r.get::<String>(5)?,
            ))
        },
    );
    match before {
        // Refused because the event was cancelled, and it is not any more: decided again.
        Some((_, Some(reason), _, _, _))
            if reason == Refusal::EventCancelled.as_str() && !event_cancelled =>
        {
            plans::run(
                "DELETE FROM fashionos.door_scans
                  WHERE event_id = $1 AND token_hash = $2 AND scanned_at = $3::timestamptz AND gate = $4
                    AND device = coalesce($5, '')",
                &key,
            );
        }
        Some((outcome, reason, scanned_at, displaced_at, displaced_gate)) => {
            let stored = ScanOutcome::parse(&outcome);
            if stored == Some(ScanOutcome::Refused) {
                return with_name(answer(
                    ScanOutcome::Refused,
                    reason.as_deref(),
                    Some(registration_id),
                    scanned_at,
                    true,
                ));
            }
            // Admitted while it is still the registration's check-in; a duplicate otherwise (an
            // earlier scan synced since, or the check-in undone).
            let outcome = if stored == Some(ScanOutcome::Admitted) && is_check_in == Some(true) {
                ScanOutcome::Admitted
            } else {
                ScanOutcome::Duplicate
            };
            // the double entry it revealed is a fact: a gate that sends its batch again (its
            // answer lost) learns it too
            let mut a = with_name(answer(
                outcome,
                None,
                Some(registration_id),
                scanned_at,
                true,
            ));
            a.displaced_scanned_at = displaced_at;
            a.displaced_gate = displaced_gate;
            return a;
        }
        None => {}
    }
    // A revoked token is judged by the time of the scan: made before the revocation, it was the
    // ticket then. Reissued since, the registration lives on under its new token, and this scan is
    // its check-in (the new token then answers "already checked in"); exchanged since, the same
    // holds for the ticket it was exchanged into (above). Cancelled or refunded since,
    // after it had been paid (or needed no payment), the gate was right, and the cancellation
    // stands: the organizers learn that the ticket was used.
    let revoked: Option<(String, bool)> = plans::first_row(
        "SELECT v.reason, v.revoked_at > $2::timestamptz
           FROM fashionos.revoked_tokens v WHERE v.token_hash = $1",
        &[hash.clone().into(), at.into()],
        |r| {
            Ok((
                r.get::<String>(1)?.unwrap_or_default(),
                r.get::<bool>(2)?.unwrap_or(false),
            ))
        },
    );
    if let Some((reason, scanned_before)) = revoked {
        let reissued = RevocationReason::parse(&reason) == Some(RevocationReason::Reissued);
        let cancelled = matches!(
            RevocationReason::parse(&reason),
            Some(RevocationReason::Cancelled | RevocationReason::Refunded)
        );
        if !(scanned_before && (reissued || exchanged_into.is_some())) {
            let refusal =
                if scanned_before && cancelled && cancelled_after_scan(registration_id, at) {
                    Refusal::CancelledAfterScan
                } else {
                    Refusal::of_revocation(&reason)
                };
            return with_name(refused(refusal, Some(registration_id)));
        }
    } else if current != Some(true) {
        return with_name(refused(Refusal::Unknown, Some(registration_id)));
    }
    // A cancelled event admits nobody: the scan is recorded as refused, and the ticket stays as
    // it is (still refundable).
    if event_cancelled {
        return with_name(refused(Refusal::EventCancelled, Some(registration_id)));
    }
    if let Some(refusal) = Refusal::of_status(RegistrationStatus::parse(&status)) {
        // cancelled or refunded after the scan, once paid: whichever token the scan read (a
        // token reissued and then cancelled had been the ticket too)
        let refusal = if refusal == Refusal::Cancelled && cancelled_after_scan(registration_id, at)
        {
            Refusal::CancelledAfterScan
        } else {
            refusal
        };
        return with_name(refused(refusal, Some(registration_id)));
    }
    // The earliest scan wins: a confirmed ticket is checked in at the scan's time; a ticket
    // checked in later than this scan (at another gate, or online) gets this earlier time. The
    // admission it displaces was a second person on the same ticket: the answer names it, and its
    // scan, if it was one, is a duplicate from now on.
    let displaced = match checked_in_at {
        Some(_) if RegistrationStatus::parse(&status) == Some(RegistrationStatus::Attended) => {
            first_scan(registration_id)
        }
        _ => (None, None, None),
    };
    let admitted: Option<TimestampWithTimeZone> = plans::one(
        "UPDATE public.registrations SET status = 'attended', checked_in_at = $2::timestamptz
          WHERE id = $1
            AND (status = 'confirmed'
                 OR (status = 'attended' AND (checked_in_at IS NULL OR checked_in_at > $2::timestamptz)))
      RETURNING checked_in_at",
        &[registration_id.into(), at.into()],
    );
    let outcome = if admitted.is_some() {
        ScanOutcome::Admitted
    } else {
        ScanOutcome::Duplicate
    };
    if admitted.is_some() && displaced.0.is_some() {
        plans::run(
            "UPDATE fashionos.door_scans SET outcome = 'duplicate'
              WHERE registration_id = $1 AND outcome = 'admitted'",
            &[registration_id.into()],
        );
    }
    let (displaced_at, displaced_gate) = match admitted {
        Some(_) => (displaced.0, displaced.1),
        None => (None, None),
    };
    let scanned_at: Option<TimestampWithTimeZone> = plans::one(
        "INSERT INTO fashionos.door_scans
                (event_id, token_hash, scanned_at, gate, device, registration_id, outcome, synced_by,
                 displaced_scanned_at, displaced_gate)
         VALUES ($1, $2, $3::timestamptz, $4, coalesce($5, ''), $6, $7, $8, $9, $10) RETURNING scanned_at",
        &[
            event_id.into(),
            hash.clone().into(),
            at.into(),
            gate.as_str().into(),
            device.into(),
            registration_id.into(),
            outcome.as_str().into(),
            by.into(),
            displaced_at.into(),
            displaced_gate.clone().into(),
        ],
    );
    let mut a = with_name(answer(
        outcome,
        None,
        Some(registration_id),
        scanned_at,
        false,
    ));
    a.displaced_scanned_at = displaced_at;
    a.displaced_gate = displaced_gate;
    a
}

/// The registration each scan of a batch locks, in the order of the scans: the ticket its token
/// names, or, for a ticket exchanged after the scan, the ticket at the end of its chain of
/// exchanges as committed now (`None` for a token that names no ticket).
fn scan_targets(tickets: &[Option<pgrx::Uuid>], times: &[String]) -> Vec<Option<pgrx::Uuid>> {
    plans::query(
        "SELECT coalesce((SELECT fashionos.ticket_now(x.registration_id) FROM fashionos.ticket_exchanges x
                           WHERE x.registration_id = u.r AND x.exchanged_at > u.s::timestamptz), u.r)
           FROM ROWS FROM (pg_catalog.unnest($1::uuid[]), pg_catalog.unnest($2::text[])) WITH ORDINALITY AS u(r, s, n)
          ORDER BY u.n",
        &[tickets.to_vec().into(), times.to_vec().into()],
        |t| t.map(|r| r.get::<pgrx::Uuid>(1)).collect(),
    )
}

/// Syncs a batch of scans made offline at the door of an event (door staff: organizer rights).
/// Each scan is applied exactly once; the answer per scan says whether the gate was right to let
/// the person in.
#[pg_extern(volatile, parallel_unsafe, security_definer, requires = ["types"])]
#[search_path(pg_catalog, pg_temp)]
pub fn sync_door_scans(
    p_event_id: pgrx::Uuid,
    p_scans: pgrx::JsonB,
) -> SetOfIterator<'static, composite_type!('static, "public.door_scan_result")> {
    errors::refuse_in_read_only_transaction("sync door scans");
    require_event(p_event_id);
    let caller = access::caller();
    access::require_runs_event(&caller, p_event_id, "sync door scans");
    let scans = parse_scans(&p_scans.0).unwrap_or_else(|(message, detail)| {
        errors::invalid(
            &message,
            &detail,
            "Send [{\"token\": \"FOS1...\", \"scanned_at\": \"<when it was scanned, e.g. 2026-03-01T19:02:11Z>\", \"gate\": \"north\"}, ...].",
        )
    });
    // The scan times as written (trimmed), in the order of the scans.
    let times: Vec<String> = scans
        .iter()
        .map(|s| s.scanned_at.trim().to_string())
        .collect();
    // A scan time the scanner's clock cannot have read: ahead of the database's clock by more than
    // the skew, before the event existed, or before the scanned ticket existed, whether the token
    // is its current one or one revoked since (a scanner whose clock was reset, to 1970 say, would
    // otherwise set the check-in time of every ticket it scans, as the earliest scan wins, to a
    // time before the ticket was bought, and take every later revocation for one made after the
    // scan).
    let out_of_time: Option<(Option<i32>, Option<String>, Option<String>)> = plans::first_row(
        "SELECT x.n::integer,
                CASE WHEN x.s::timestamptz > now() + make_interval(secs => $3) THEN 'future'
                     WHEN x.s::timestamptz < e.created_at - make_interval(secs => $3) THEN 'event'
                     ELSE 'registration' END,
                to_char(CASE WHEN x.s::timestamptz < e.created_at - make_interval(secs => $3) THEN e.created_at
                             ELSE r.created_at END AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')
           FROM ROWS FROM (pg_catalog.unnest($1::text[]), pg_catalog.unnest($2::text[])) WITH ORDINALITY AS x(s, token, n)
           JOIN public.events e ON e.id = $4
           LEFT JOIN public.registrations r ON r.event_id = e.id AND r.id = coalesce(
                     (SELECT c.id FROM public.registrations c WHERE c.qr_code_data = x.token),
                     (SELECT v.registration_id FROM fashionos.revoked_tokens v WHERE v.token_hash = fashionos.token_hash(x.token)))
          WHERE x.s::timestamptz > now() + make_interval(secs => $3)
             OR x.s::timestamptz < e.created_at - make_interval(secs => $3)
             OR x.s::timestamptz < r.created_at - make_interval(secs => $3)
          ORDER BY x.n
          LIMIT 1",
        &[
            times.clone().into(),
            scans
                .iter()
                .map(|s| s.token.trim().to_string())
                .collect::<Vec<_>>()
                .into(),
            (MAX_CLOCK_SKEW_SECONDS as f64).into(),
            p_event_id.into(),
        ],
        |r| Ok((r.get::<i32>(1)?, r.get::<String>(2)?, r.get::<String>(3)?)),
    );
    if let Some((Some(n), Some(kind), since)) = out_of_time {
        let index = (n - 1) as usize;
        let at = scans[index].scanned_at.trim();
        let since = since.unwrap_or_default();
        let (detail, hint) = match kind.as_str() {
            "future" => (
                format!("p_scans[{index}]: scanned_at {at} is in the future."),
                "Set the scanner's clock; scans are at most 5 minutes ahead of the database.",
            ),
            "event" => (
                format!("p_scans[{index}]: scanned_at {at} is before event {p_event_id} was created ({since})."),
                "Set the scanner's clock (it may have been reset) and send its scans again; nothing of this batch was recorded.",
            ),
            _ => (
                format!("p_scans[{index}]: scanned_at {at} is before its ticket was bought ({since})."),
                "Set the scanner's clock (it may have been reset) and send its scans again; nothing of this batch was recorded.",
            ),
        };
        errors::invalid(&format!("p_scans[{index}] is not a scan"), &detail, hint)
    }
    let event_cancelled = access::event_cancelled(p_event_id) == Some(true);
    // Locks in registration order, then scan time: two batches never wait for each other in a
    // circle, and within a batch the earlier scan of a ticket comes first. The time is the instant
    // the text names (microseconds since 1970), not the text: "…T21:27:54+01:00" is before
    // "…T22:27:24+02:00", and "…T20:27:24Z" before "…T20:27:24.250Z".
    let instants: Vec<i64> = plans::query(
        "SELECT (extract(epoch FROM x.s::timestamptz) * 1000000)::bigint
           FROM pg_catalog.unnest($1::text[]) WITH ORDINALITY AS x(s, n) ORDER BY x.n",
        &[times.clone().into()],
        |t| {
            t.map(|r| Ok(r.get::<i64>(1)?.unwrap_or_default()))
                .collect()
        },
    );
    // The row each scan locks: its ticket, or for a ticket exchanged after the scan the ticket at
    // the end of its chain (as apply_scan finds it), so that two batches reaching one exchanged
    // ticket through its old and its new token take it in the same place of their order. Those
    // rows and the tickets scanned are locked first, in the order of their ids, in a
    // subtransaction: an exchange of a scanned ticket that commits while the batch waits for its
    // locks makes a newer end of that chain, and the locks are then let go and taken again with
    // it. Once they are held, no scanned ticket can be exchanged until the batch commits.
    let tickets: Vec<Option<pgrx::Uuid>> = scans
        .iter()
        .map(|s| {
            qr::parse_token(s.token.trim())
                .ok()
                .map(|(_, c, _, _)| pgrx::Uuid::from_bytes(c.registration_id))
        })
        .collect();
    let locked = loop {
        let planned = scan_targets(&tickets, &times);
        let held = crate::subtransaction::attempt(|| {
            let rows: Vec<pgrx::Uuid> = planned
                .iter()
                .chain(tickets.iter())
                .flatten()
                .copied()
                .collect();
            plans::run(
                "SELECT 1 FROM public.registrations r WHERE r.id = ANY ($1::uuid[]) AND r.event_id = $2
                  ORDER BY r.id FOR UPDATE OF r",
                &[rows.into(), p_event_id.into()],
            );
            scan_targets(&tickets, &times) == planned
        });
        if held {
            break planned;
        }
    };
    let mut order: Vec<(Vec<u8>, i64, usize)> = locked
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let key = r.map(|r| r.as_bytes().to_vec()).unwrap_or_default();
            (key, instants[i], i)
        })
        .collect();
    order.sort();
    let mut answers: Vec<ScanAnswer> = order
        .iter()
        .map(|(_, _, i)| apply_scan(p_event_id, event_cancelled, *i, &scans[*i], caller.user_id))
        .collect();
    answers.sort_by_key(|a| a.index);
    // Rows are built after SPI returned: SPI frees what is allocated while it is connected.
    SetOfIterator::new(
        answers
            .into_iter()
            .map(|a| {
                RowBuilder::new("public.door_scan_result")
                    .set("scan_index", a.index)
                    .set("outcome", a.outcome.as_str())
                    .set("reason", a.reason)
                    .set("registration_id", a.registration_id)
                    .set("attendee_name", a.attendee_name)
                    .set("scanned_at", a.scanned_at)
                    .set("gate", a.gate)
                    .set("first_scanned_at", a.first_scanned_at)
                    .set("first_gate", a.first_gate)
                    .set("replayed", a.replayed)
                    .set("displaced_scanned_at", a.displaced_scanned_at)
                    .set("displaced_gate", a.displaced_gate)
                    .build()
            })
            .collect::<Vec<_>>(),
    )
}

// The public functions of this module: one SQL wrapper each (sql/api/ has the style).
extension_sql_file!(
    "../sql/api/door.sql",
    name = "api_door",
    requires = [door_bundle, sync_door_scans, "data_safety"]
);

#[cfg(any(test, feature = "pg_test"))]
#[pg_schema]
mod tests {
    use super::*;
    use ed25519_dalek::{SigningKey, Verifier};

    #[pg_test]
    fn rfc3339_times() {
        for ok in [
            "2087-03-01T19:02:11Z",
            "2087-03-01T19:02:11.250Z",
            "2087-03-01T19:02:11+01:00",
            "2087-03-01 19:02:11-05:30",
            "2088-02-29T23:59:60Z",
            "2087-03-01T19:02:11+14:00",
        ] {
            assert!(is_rfc3339(ok), "{ok}");
        }
        for bad in [
            "2087-03-01",
            "2087-03-01T19:02:11",
            "yesterday",
            "2087-03-01T19:02:11.Z",
            "2087-03-01T19:02:11+0100",
            "2087-03-01T19:02:11+25:00",
            "2087-02-29T19:02:11Z",
            "2087-13-01T19:02:11Z",
            "2087-04-31T19:02:11Z",
            "2087-03-01T24:00:00Z",
            "0000-01-01T00:00:00Z",
        ] {
            assert!(!is_rfc3339(bad), "{bad}");
        }
    }

    #[pg_test]
    fn scans_are_parsed_with_their_index() {
        let good = serde_json::json!([{"token": "FOS1.a.b.c", "scanned_at": "2087-03-01T19:02:11Z", "gate_id": "north"}]);
        let scans = parse_scans(&good).unwrap();
        assert_eq!(scans[0].gate, "north");
        let bad = serde_json::json!([
            {"token": "FOS1.a.b.c", "scanned_at": "2087-03-01T19:02:11Z", "gate": "n"},
            {"token": "FOS1.a.b.c", "gate": "n"}
        ]);
        let (message, detail) = parse_scans(&bad).unwrap_err();
        assert_eq!(message, "p_scans[1] is not a scan");
        assert!(detail.contains("scanned_at"), "{detail}");
        assert!(parse_scans(&serde_json::json!({})).is_err());
        assert!(parse_scans(&serde_json::json!([])).is_err());
    }

    #[pg_test]
    fn a_bundle_is_signed_over_its_text() {
        let key = SigningKey::from_bytes(&[3; 32]);
        let bundle = Bundle {
            format: BUNDLE_FORMAT,
            kind: "full",
            event: BundleEvent {
                id: "e".into(),
                name: "Show".into(),
                status: None,
                start_date: None,
                end_date: None,
                venue_name: None,
                time_zone: "UTC".into(),
            },
            sequence: 7,
            since: None,
            generated_at: "2087-01-01T00:00:00.000000Z".into(),
            names_included: false,
            keys: vec![],
            tiers: vec![],
            registrations: vec![],
            revoked: vec![],
        };
        let signed = sign_bundle(&bundle, &key);
        assert_eq!(signed.key_id, qr::key_id_of(&key.verifying_key()));
        let signature = B64.decode(&signed.signature).unwrap();
        let signature = ed25519_dalek::Signature::from_slice(&signature).unwrap();
        assert!(key
            .verifying_key()
            .verify(signed.bundle.as_bytes(), &signature)
            .is_ok());
        let altered = signed.bundle.replace("Show", "Shaw");
        assert!(key
            .verifying_key()
            .verify(altered.as_bytes(), &signature)
            .is_err());
    }
}
