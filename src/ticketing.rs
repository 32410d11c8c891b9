//! Ticketing: reservations that hold inventory, payments, cancellations, refunds.
//!
//! Inventory is one counter per tier, `ticket_tiers.quantity_sold`, moved only by single
//! conditional UPDATEs (`... WHERE quantity_sold + n <= quantity_total`): concurrent buyers queue on
//! the tier's row, and the condition is checked again on the newest row version, so the counter
//! never passes capacity (a CHECK constraint backs this up).
//!
//! A reservation does its checks, limits, idempotency key and token signatures first, then takes
//! the tickets with the conditional UPDATE of the tier, then writes its registrations, payments
//! and holds in one statement: the tier's row lock covers that statement and the commit, and the
//! foreign keys of the rows written find the row already locked by the same transaction (written
//! the other way round, with the UPDATE last, each buyer's foreign key checks share-lock the hot
//! row first and every lock of it builds a multixact of all buyers in flight; measured slower at 32
//! clients, docs/architecture.md, "Inventory"). A tier that looks full first gives its expired
//! holds back, then is tried once more; "sold out" means sold out, and the refusal is an error, so
//! the transaction rolls back and nothing stays half-written.
//!
//! Every release of inventory goes through one function, `cancel_and_release`: a state change of
//! registrations (pending/confirmed -> cancelled) made by an UPDATE that names the old states, with
//! the payment failed, the token revoked and the ticket given back in the same statement, so a
//! registration gives its ticket back exactly once, whoever races to cancel it.
//!
//! Lock order, the same in every function: hold row, registration, payment, tier. Sweeps of
//! expired holds skip holds that another transaction is already releasing.
//!
//! These functions are `SECURITY DEFINER` in schema `fashionos` (they change rows the caller may
//! not change directly) and check the caller themselves; `public.*` wrappers in sql/api/ticketing.sql are what
//! clients call. All their SQL runs through src/plans.rs.

use pgrx::composite_type;
use pgrx::datum::{AnyNumeric, TimestampWithTimeZone};
use pgrx::prelude::*;
use unicode_normalization::char::is_combining_mark;

use crate::access;
use crate::errors;
use crate::plans;
use crate::rows::RowBuilder;
use crate::statuses::{PaymentProvider, PaymentStatus, RegistrationStatus, RevocationReason};
use sha2::{Digest, Sha256};

/// At most this many tickets in one reservation.
pub const MAX_TICKETS_PER_ORDER: i32 = 50;

fn new_uuid() -> pgrx::Uuid {
    pgrx::Uuid::from_bytes(*uuid::Uuid::new_v4().as_bytes())
}

/// A plausible e-mail address, white space around it aside: one @; a local part of at most 64
/// bytes without dots at its ends or two in a row, of letters, digits (any script: addresses may be
/// internationalized), the marks that combine with them (a virama, a tone mark; not first) and the
/// characters RFC 5322 allows unquoted; a domain of at most 253 bytes and at least two labels, each
/// of letters, digits, their combining marks and inner hyphens, at most 63 bytes. No white
/// space, control or invisible character anywhere: an address with a zero-width space or a soft
/// hyphen looks like another and would count as another buyer for the limits per buyer. The one
/// rule for every door: reserve_tickets calls it directly; SQL calls it as
/// `fashionos.email_is_plausible(text)` (direct edits of registrations,
/// sql/ticketing_doors.sql; join_waitlist, sql/waitlist.sql).
#[pg_extern(immutable, strict, parallel_safe)]
#[search_path(pg_catalog, pg_temp)]
pub fn email_is_plausible(p_email: &str) -> bool {
    let email = trim_white_space(p_email);
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| is_letter_part(c) || "!#$%&'*+-/=?^_`{|}~.".contains(c))
        && !local.starts_with(is_combining_mark)
        // a spreadsheet runs a cell that starts with = + - or @ as a formula (organizers export
        // their attendees' addresses)
        && !local.starts_with(['=', '+', '-']);
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = domain.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && !label.starts_with(is_combining_mark)
                && label.chars().all(|c| is_letter_part(c) || c == '-')
        });
    local_ok && domain_ok && !email.chars().any(is_invisible)
}

/// A letter or digit of any script, or a mark that combines with the one before it: a Devanagari
/// virama (प्रिया), a Thai tone mark (น้ำ), an accent written apart. Such marks are in names, and
/// in internationalized local parts and domains (RFC 6531, IDNA2008), though not letters themselves.
fn is_letter_part(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// Whether a character shows nothing by itself (Unicode's Default_Ignorable_Code_Point: soft
/// hyphen, zero-width spaces and joiners, bidirectional marks, variation selectors, tags, ...).
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(c as u32,
        0x00AD | 0x034F | 0x061C | 0x115F | 0x1160 | 0x17B4 | 0x17B5 | 0x180B..=0x180F
        | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0x3164 | 0xFE00..=0xFE0F
        | 0xFEFF | 0xFFA0 | 0xFFF0..=0xFFF8 | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A
        | 0xE0000..=0xE0FFF)
}

/// Locks a user's account row FOR KEY SHARE, as the foreign key of a row naming him takes it, and
/// answers whether it is there: a deletion of the account in flight is waited for (and then it is
/// not), before the rows that name him are written or locked.
fn lock_account(user_id: pgrx::Uuid) -> bool {
    plans::one::<bool>(
        "SELECT true FROM public.users WHERE id = $1 FOR KEY SHARE",
        &[user_id.into()],
    ) == Some(true)
}

/// Refuses (PT404) a p_user_id that names no user (reserve_tickets, transfer_ticket); `whose`
/// names the account in the hint.
fn require_user(user_id: pgrx::Uuid, whose: &str) {
    // Locked as the foreign keys of the rows written next take it: a deletion of the account in
    // flight is waited for and answered here, not with a bare 23503 at the write.
    if !lock_account(user_id) {
        errors::raise(
            errors::SqlState::NOT_FOUND,
            "user not found",
            Some(&format!("No user with id {user_id}.")),
            Some(&format!(
                "Pass the {whose} account id (public.users.id), or leave p_user_id out."
            )),
        )
    }
}

/// The attendee's address and name as a ticket stores them (reserve_tickets, transfer_ticket),
/// refused (22023) when not plausible. The address as it is stored and counted (buyer_key) must be
/// plausible: a compatibility character could fold into a second '@'.
fn attendee(p_attendee_email: &str, p_attendee_name: &str) -> (String, String) {
    let email = buyer_key(p_attendee_email);
    if !email_is_plausible(&email) {
        errors::invalid(
            "p_attendee_email is not an e-mail address",
            &format!("Got {}.", errors::shown(p_attendee_email)),
            "Pass the attendee's address, e.g. ana@example.com.",
        )
    }
    let name = clean_name(p_attendee_name);
    if let Some(problem) = attendee_name_problem(&name) {
        errors::invalid(
            &format!("p_attendee_name {problem}"),
            ATTENDEE_NAME_RULE,
            "Pass the name printed on the ticket.",
        )
    }
    (email, name)
}

struct Tier {
    event_id: pgrx::Uuid,
    kind: String,
    price_is_zero: bool,
    price: AnyNumeric,
    /// Whether the event sells tickets: `fashionos.event_on_sale` (sql/access.sql) owns the rule.
    on_sale: bool,
    /// Whether the organizers closed the tier's sale (`close_ticket_tier`).
    closed: bool,
    name: String,
    /// How long an unpaid reservation holds its tickets (the event's settings).
    hold_minutes: i32,
}

/// What a reservation needs to know before it writes, asked in one statement: the caller (the
/// questions `access::caller` asks), the tier and its event, whether the caller runs the event
/// (staff), the event's settings, the newest signing key's secret; and, for a buyer who is not
/// staff, the buyer's advisory lock is taken (`enforce_buyer_limits` says why).
struct Sale {
    caller: access::Caller,
    tier: Tier,
    staff: bool,
    limits: [i32; 3],
    signing_secret: Option<Vec<u8>>,
}

fn load_sale(tier_id: pgrx::Uuid, buyer: &str) -> Sale {
    // Staff: server-side code, or a signed-in user who runs the event (without a user id and
    // without being server-side code, fashionos.caller_runs_event is false: it is not asked).
    // OFFSET 0 keeps the planner from pulling the caller's and the staff subqueries up into the
    // query: pulled up, each function in them runs once per column that names it (caller_is_server
    // three times, measured with pg_stat_statements).
    let row = plans::query(
        "SELECT t.event_id, t.type, t.price = 0, fashionos.event_on_sale(t.event_id), t.name,
                s.hold_minutes, x.staff, s.buyer_max_tickets, s.buyer_max_tickets_per_tier, s.buyer_max_holds,
                (SELECT k.secret_key FROM fashionos.signing_keys k WHERE k.retired_at IS NULL
                  ORDER BY k.created_at DESC, k.key_id LIMIT 1),
                CASE WHEN NOT x.staff THEN pg_catalog.pg_advisory_xact_lock(
                    fashionos.buyer_lock_key(t.event_id, $2)) END IS NULL,
                c.role, c.server, c.uid, t.price,
                EXISTS (SELECT 1 FROM fashionos.closed_tiers k WHERE k.ticket_tier_id = t.id)
           FROM (SELECT fashionos.caller_role()::text AS role, fashionos.caller_is_server() AS server,
                        auth.uid() AS uid OFFSET 0) c
          CROSS JOIN public.ticket_tiers t
          CROSS JOIN LATERAL (SELECT c.server OR (c.uid IS NOT NULL AND fashionos.caller_runs_event(t.event_id)) AS staff
                                OFFSET 0) x
          CROSS JOIN LATERAL fashionos.settings_for(t.event_id) s
          WHERE t.id = $1",
        &[tier_id.into(), buyer.into()],
        |t| {
            if t.is_empty() {
                return Ok(None);
            }
            let r = t.first();
            Ok::<_, pgrx::spi::SpiError>(Some(Sale {
                caller: access::Caller {
                    role_name: r.get(13)?.unwrap_or_default(),
                    server: r.get(14)?.unwrap_or(false),
                    user_id: r.get(15)?,
                },
                tier: Tier {
                    event_id: r.get(1)?.unwrap(),
                    kind: r.get(2)?.unwrap_or_default(),
                    price_is_zero: r.get(3)?.unwrap_or(true),
                    price: r.get(16)?.unwrap_or_default(),
                    on_sale: r.get(4)?.unwrap_or(false),
                    closed: r.get(17)?.unwrap_or(false),
                    name: r.get(5)?.unwrap_or_default(),
                    // settings_for's columns are NOT NULL: the event's row, or the column defaults,
                    // which own the default values (sql/event_settings.sql).
                    hold_minutes: r.get(6)?.unwrap_or_default(),
                },
                staff: r.get(7)?.unwrap_or(false),
                limits: [
                    r.get(8)?.unwrap_or_default(),
                    r.get(9)?.unwrap_or_default(),
                    r.get(10)?.unwrap_or_default(),
                ],
                signing_secret: r.get(11)?,
            }))
        },
    );
    row.unwrap_or_else(|| errors::not_found("ticket tier", tier_id))
}

/// Refuses a reservation of a tier whose event does not sell (PT409).
fn refuse_not_on_sale(tier: &Tier) -> ! {
    errors::conflict(
        "event is not on sale",
        &plans::one::<String>(
            "SELECT fashionos.not_on_sale_detail($1, $2)",
            &[tier.event_id.into(), tier.name.as_str().into()],
        )
        .unwrap_or_default(),
        "Pick an event that is on sale.",
    )
}

/// Refuses (PT404) a tier that does not exist or that the caller cannot read.
fn require_tier(tier_id: pgrx::Uuid) {
    // A tier the caller may read (fashionos.caller_sees_tier: on sale, of his organization, or
    // one he holds a ticket or waitlist entry of); any other answers as one that does not exist.
    let exists: Option<bool> =
        plans::one("SELECT fashionos.caller_sees_tier($1)", &[tier_id.into()]);
    if exists != Some(true) {
        errors::not_found("ticket tier", tier_id)
    }
}

/// The tier looked full: its expired holds go back on sale, then `attempt` (the conditional
/// UPDATE of the tier) runs once more. Holds that another transaction has at this moment (a
/// payment, a cancellation; the release skips them) are waited for, without the tier's row
/// (fashionos.release_before_sold_out, sql/ticketing_private.sql), so that a buyer who arrives
/// while an expired ticket exists gets it: "sold out" means sold out. What a release frees goes
/// to the tier's waitlist first.
fn retry_after_expired_holds<T>(
    tier_id: pgrx::Uuid,
    mut attempt: impl FnMut() -> Option<T>,
) -> Option<T> {
    plans::run(
        "SELECT fashionos.release_before_sold_out($1)",
        &[tier_id.into()],
    );
    attempt()
}

/// Releases expired holds (of one tier, or of all): claims their hold rows (skipping those another
/// transaction is releasing), then cancels them through `cancel_and_release`. Returns how many
/// tickets went back on sale. A tier's row is taken first, before its holds, by every release
/// (a buyer who finds the tier full, the sweep, the API): one order, so that a sweep that has the
/// row never finds the holds claimed by a walk-in waiting for that row.
pub fn release_expired(tier_id: Option<pgrx::Uuid>) -> i64 {
    if let Some(tier) = tier_id {
        plans::run(
            "SELECT 1 FROM public.ticket_tiers WHERE id = $1 FOR NO KEY UPDATE",
            &[tier.into()],
        );
    }
    let claimed: Vec<Option<pgrx::Uuid>> = plans::rows(
        "DELETE FROM fashionos.registration_holds h
          WHERE h.registration_id IN (
                SELECT registration_id FROM fashionos.registration_holds
                 WHERE expires_at <= now() AND ($1::uuid IS NULL OR ticket_tier_id = $1)
                 ORDER BY registration_id
                   FOR UPDATE SKIP LOCKED)
      RETURNING h.registration_id",
        &[tier_id.into()],
        |r| r.get::<pgrx::Uuid>(1),
    );
    let claimed: Vec<pgrx::Uuid> = claimed.into_iter().flatten().collect();
    if claimed.is_empty() {
        return 0;
    }
    cancel_and_release(
        claimed,
        &[RegistrationStatus::Pending],
        RevocationReason::Expired,
    )
}

/// The one path by which registrations give their tickets back: those of `ids` whose status is one
/// of `from` are cancelled, their pending payments failed, their tokens revoked with `reason` and
/// their tickets returned to their tiers, in one statement. The caller has claimed them first (their
/// hold rows deleted, or the registration locked). The cancellation is an UPDATE of
/// registrations.status that names the old states, so a registration is cancelled, and its ticket
/// returned, once. Returns how many were cancelled.
fn cancel_and_release(
    ids: Vec<pgrx::Uuid>,
    from: &[RegistrationStatus],
    reason: RevocationReason,
) -> i64 {
    let from: Vec<String> = from.iter().map(|s| s.as_str().to_string()).collect();
    payment_reason(match reason {
        RevocationReason::Expired => "hold expired",
        RevocationReason::Cancelled => "registration cancelled",
        RevocationReason::Failed => "payment failed",
        RevocationReason::Refunded => "registration refunded",
        RevocationReason::Reissued => "ticket reissued",
    });
    // A tier that counts fewer tickets than go back (its tickets were written around the
    // ticketing functions) is not updated; the statement names it, and the refusal below rolls
    // the whole change back.
    let (released, short) = plans::first_row(
        "WITH cancelled AS (
             UPDATE public.registrations SET status = 'cancelled'
              WHERE id = ANY ($1::uuid[]) AND status = ANY ($2::text[])
          RETURNING id, ticket_tier_id, qr_code_data),
         failed AS (
             UPDATE public.payments p SET status = 'failed'
               FROM cancelled c WHERE p.registration_id = c.id AND p.status = 'pending'
          RETURNING p.id),
         revoked AS (
             INSERT INTO fashionos.revoked_tokens (token_hash, registration_id, reason)
             SELECT fashionos.token_hash(c.qr_code_data), c.id, $3 FROM cancelled c
             ON CONFLICT (token_hash) DO NOTHING
          RETURNING 1),
         back AS (SELECT ticket_tier_id, count(*)::integer AS n FROM cancelled GROUP BY 1),
         released AS (
             UPDATE public.ticket_tiers t SET quantity_sold = t.quantity_sold - x.n
               FROM back x
              WHERE t.id = x.ticket_tier_id AND t.quantity_sold >= x.n
          RETURNING t.id, x.n)
         SELECT coalesce((SELECT sum(n) FROM released), 0)::bigint,
                (SELECT b.ticket_tier_id FROM back b
                  WHERE NOT EXISTS (SELECT 1 FROM released r WHERE r.id = b.ticket_tier_id) LIMIT 1)",
        &[ids.into(), from.into(), reason.as_str().into()],
        |r| Ok((r.get::<i64>(1)?.unwrap_or(0), r.get::<pgrx::Uuid>(2)?)),
    )
    .unwrap_or((0, None));
    if released > 0 {
        crate::commit::release_locks_early();
    }
    if let Some(tier) = short {
        let sold: Option<i32> = plans::one(
            "SELECT quantity_sold FROM public.ticket_tiers WHERE id = $1",
            &[tier.into()],
        );
        errors::conflict(
            "tier counts fewer tickets than it has",
            &format!(
                "Tier {tier} counts {} tickets taken, fewer than go back: some of its tickets were written without taking the tier's inventory. Nothing was changed.",
                sold.unwrap_or(0)
            ),
            "Server-side code recounts the event's tiers with recount_ticket_tiers, then this can be done again; tickets sold elsewhere come in with import_tickets.",
        )
    }
    released
}

/// Says why the next statement moves payments: the reason of the entries it adds to the payments'
/// history (fashionos.payment_events, sql/payment_ledger.sql), for the rest of the transaction or
/// until the next call.
fn payment_reason(why: &str) {
    plans::run(
        "SELECT pg_catalog.set_config('fashionos.payment_reason', $1, true)",
        &[why.into()],
    );
}

/// Cancels one registration that the caller has already claimed (hold row deleted, registration
/// locked). Returns false when it was not pending or confirmed (nothing changed).
fn cancel_claimed(registration_id: pgrx::Uuid, reason: RevocationReason) -> bool {
    cancel_and_release(
        vec![registration_id],
        &[RegistrationStatus::Pending, RegistrationStatus::Confirmed],
        reason,
    ) > 0
}

struct Registration {
    event_id: pgrx::Uuid,
    user_id: Option<pgrx::Uuid>,
    status: RegistrationStatus,
    has_completed_payment: bool,
    /// When its hold ran out, if the claim (claim_and_lock) took a hold that had run out.
    lapsed_hold: Option<String>,
}

/// A registration as it is now.
fn load_registration(registration_id: pgrx::Uuid) -> Registration {
    read_registration(
        registration_id,
        "SELECT r.event_id, r.user_id, r.status,
                EXISTS (SELECT 1 FROM public.payments p WHERE p.registration_id = r.id AND p.status = 'completed'),
                NULL::text
           FROM public.registrations r WHERE r.id = $1",
    )
}

/// A registration, locked until the end of the transaction.
fn lock_registration(registration_id: pgrx::Uuid) -> Registration {
    read_registration(
        registration_id,
        "SELECT r.event_id, r.user_id, r.status,
                EXISTS (SELECT 1 FROM public.payments p WHERE p.registration_id = r.id AND p.status = 'completed'),
                NULL::text
           FROM public.registrations r WHERE r.id = $1 FOR UPDATE OF r",
    )
}

/// The first locks of every state change of a registration, in their order, in one statement:
/// deletes its hold row (the claim; the one-time filter runs the DELETE before the scan), then
/// locks and reads the registration.
fn claim_and_lock(registration_id: pgrx::Uuid) -> Registration {
    read_registration(
        registration_id,
        "WITH claimed AS (
             DELETE FROM fashionos.registration_holds WHERE registration_id = $1 RETURNING expires_at)
         SELECT r.event_id, r.user_id, r.status,
                EXISTS (SELECT 1 FROM public.payments p WHERE p.registration_id = r.id AND p.status = 'completed'),
                (SELECT to_char(max(c.expires_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')
                   FROM claimed c WHERE c.expires_at <= now())
           FROM public.registrations r
          WHERE r.id = $1 AND (SELECT count(*) FROM claimed) >= 0
            FOR UPDATE OF r",
    )
}

/// Whether the registration has a completed payment, in a fresh snapshot (after a row lock).
fn completed_payment_now(registration_id: pgrx::Uuid) -> bool {
    plans::query(
        "SELECT EXISTS (SELECT 1 FROM public.payments
                         WHERE registration_id = $1 AND status = 'completed')",
        &[registration_id.into()],
        |t| t.first().get::<bool>(1),
    )
    .unwrap_or(false)
}

fn read_registration(registration_id: pgrx::Uuid, query: &'static str) -> Registration {
    let row = plans::query(query, &[registration_id.into()], |t| {
        if t.is_empty() {
            return Ok(None);
        }
        let r = t.first();
        Ok::<_, pgrx::spi::SpiError>(Some(Registration {
            event_id: r.get(1)?.unwrap(),
            user_id: r.get(2)?,
            status: r
                .get::<String>(3)?
                .as_deref()
                .and_then(RegistrationStatus::parse)
                .unwrap_or(RegistrationStatus::Cancelled),
            has_completed_payment: r.get(4)?.unwrap_or(false),
            lapsed_hold: r.get(5)?,
        }))
    });
    row.unwrap_or_else(|| errors::not_found("registration", registration_id))
}

/// The attendee e-mail as the limits per buyer count it: trimmed, in Unicode normalization form
/// NFKC (a full-width `ｅ` is an `e`, as IDNA reads a domain: one buyer cannot pass for another by
/// writing the same address in compatibility characters) and lower-case, as registrations store
/// it. Sub-addresses (`ana+1@example.com`) are not folded into `ana@example.com`: whether a
/// `+tag` names the same mailbox depends on the provider (docs/api.md, "Limits per buyer"). SQL
/// calls it as `fashionos.buyer_key(text)` (direct edits of registrations, join_waitlist).
#[pg_extern(immutable, strict, parallel_safe)]
#[search_path(pg_catalog, pg_temp)]
pub fn buyer_key(p_email: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    // The Turkish capital dotted I lower-cases to "i" and a combining dot (Unicode's default
    // mapping), which no one types: it is the "i" of a Turkish keyboard with caps lock on.
    let key = trim_white_space(p_email)
        .nfkc()
        .collect::<String>()
        .replace('\u{130}', "i")
        .to_lowercase();
    // The ideographic full stop that Japanese and Chinese keyboards type separates a domain's
    // labels, as IDNA reads it (the full-width and half-width ones are that stop, or a dot, after
    // NFKC): `ana@example。com` is `ana@example.com`. A label in its ASCII form (`xn--r8jz45g`) is
    // the same domain as its Unicode form (`例え`, RFC 5890): the key keeps the Unicode form.
    match key.rsplit_once('@') {
        Some((local, domain)) if domain.contains('\u{3002}') || domain.contains("xn--") => {
            let dotted = domain.replace('\u{3002}', ".");
            let unicode = if dotted.split('.').any(|label| label.starts_with("xn--")) {
                match idna::domain_to_unicode(&dotted) {
                    (text, Ok(())) => text,
                    (_, Err(_)) => dotted,
                }
            } else {
                dotted
            };
            format!("{local}@{unicode}")
        }
        _ => key,
    }
}

/// An attendee's name as it is stored: without the white space around it, in Unicode NFC form
/// (an accent typed as a combining mark is the accented letter, so a name's length and its
/// comparisons do not depend on the keyboard). SQL calls it as `fashionos.clean_name(text)`
/// (join_waitlist, direct edits of registrations).
#[pg_extern(immutable, strict, parallel_safe)]
#[search_path(pg_catalog, pg_temp)]
pub fn clean_name(p_name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    trim_white_space(p_name).nfc().collect()
}

/// What is wrong with a cleaned attendee name (`clean_name`), or None: the words after the
/// argument's name in a 22023 refusal. A name has 1 to 200 characters, at least one of them
/// visible (not white space nor an invisible format character such as a zero-width space), and
/// no control characters (line breaks, tabs, bells) nor direction overrides (U+202A-U+202E,
/// U+2066-U+2069), which would print on the ticket and the door's screen as something else.
/// SQL calls it as `fashionos.attendee_name_problem(text)`.
#[pg_extern(immutable, strict, parallel_safe)]
#[search_path(pg_catalog, pg_temp)]
pub fn attendee_name_problem(p_name: &str) -> Option<&'static str> {
    // blank: white space, the characters that show nothing (`is_invisible`: zero-width spaces,
    // joiners, variation selectors, tags, the Hangul fillers), and the blank Braille pattern
    let blank = |c: char| c.is_whitespace() || is_invisible(c) || c == '\u{2800}';
    // line and paragraph separators break lines as a newline does; the direction marks (U+200E,
    // U+200F, U+061C) stay, as names mixing scripts need them
    let breaks_or_overrides = |c: char| {
        c.is_control()
            || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    let count = p_name.chars().count();
    if count == 0 || count > 200 {
        Some("is empty or too long")
    } else if p_name.chars().any(breaks_or_overrides) {
        Some("has control or direction-override characters")
    } else if p_name.chars().all(blank) {
        Some("has no visible characters")
    } else if p_name
        .trim_start_matches(blank)
        .starts_with(['=', '+', '-', '@'])
    {
        // organizers export attendee lists to spreadsheets, which run such a cell as a formula
        Some("starts with a character spreadsheets read as a formula (= + - @)")
    } else {
        None
    }
}

/// The detail of a refused attendee name (`attendee_name_problem`).
pub const ATTENDEE_NAME_RULE: &str = "A name has 1 to 200 characters, at least one visible, no control characters (line breaks, tabs) nor direction overrides, and does not start with = + - or @ (a spreadsheet would run it as a formula).";

/// The rule `attendee_name_problem` checks, for the detail of SQL's refusals:
/// `fashionos.attendee_name_rule()`.
#[pg_extern(immutable, strict, parallel_safe)]
#[search_path(pg_catalog, pg_temp)]
pub fn attendee_name_rule() -> &'static str {
    ATTENDEE_NAME_RULE
}

/// A text without the white space around it (Unicode White_Space): how attendee names and
/// e-mails are trimmed, by reserve_tickets and, as `fashionos.trim_white_space(text)`, by SQL.
#[pg_extern(immutable, strict, parallel_safe)]
#[search_path(pg_catalog, pg_temp)]
pub fn trim_white_space(p_text: &str) -> &str {
    p_text.trim()
}

/// The key of a buyer's transaction-level advisory lock for an event (the limits per buyer count
/// under it): reserve_tickets and join_waitlist take it as
/// `pg_advisory_xact_lock(fashionos.buyer_lock_key(event, buyer_key))`, so that one buyer's
/// reservations and joins of an event take turns.
#[pg_extern(immutable, strict, parallel_safe)]
#[search_path(pg_catalog, pg_temp)]
pub fn buyer_lock_key(p_event_id: pgrx::Uuid, p_buyer_key: &str) -> i64 {
    let digest = Sha256::digest(format!("fashionos.buyer {p_event_id} {p_buyer_key}").as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    i64::from_be_bytes(first)
}

/// A buyer's live tickets of an event, as the limits per buyer count them: `{of the event, of the
/// tier, unpaid on hold}`. Live: confirmed, attended, or pending with a hold that has not expired.
/// `p_buyer_key` is the buyer's `buyer_key`. reserve_tickets counts with it (`live_ticket_counts`),
/// and join_waitlist as `fashionos.buyer_live_tickets(uuid, text, uuid)`.
#[pg_extern(stable, strict, parallel_restricted)]
#[search_path(pg_catalog, pg_temp)]
pub fn buyer_live_tickets(
    p_event_id: pgrx::Uuid,
    p_buyer_key: &str,
    p_ticket_tier_id: pgrx::Uuid,
) -> Vec<i32> {
    live_ticket_counts(p_event_id, p_buyer_key, p_ticket_tier_id).to_vec()
}

fn live_ticket_counts(
    p_event_id: pgrx::Uuid,
    p_buyer_key: &str,
    p_ticket_tier_id: pgrx::Uuid,
) -> [i32; 3] {
    plans::query(
        "WITH mine AS (
             SELECT r.ticket_tier_id, r.status = 'pending' AS held
               FROM public.registrations r
              WHERE r.event_id = $1 AND r.attendee_email = $2
                AND (r.status IN ('confirmed', 'attended')
                     OR (r.status = 'pending'
                         AND NOT EXISTS (SELECT 1 FROM fashionos.registration_holds h
                                          WHERE h.registration_id = r.id AND h.expires_at <= now()))))
         SELECT (SELECT count(*)::integer FROM mine),
                (SELECT count(*)::integer FROM mine WHERE ticket_tier_id = $3),
                (SELECT count(*)::integer FROM mine WHERE held)",
        &[p_event_id.into(), p_buyer_key.into(), p_ticket_tier_id.into()],
        |t| {
            let r = t.first();
            Ok::<_, pgrx::spi::SpiError>([
                r.get::<i32>(1)?.unwrap_or(0),
                r.get::<i32>(2)?.unwrap_or(0),
                r.get::<i32>(3)?.unwrap_or(0),
            ])
        },
    )
}

/// Refuses (PT409) a reservation that would take a buyer past the event's limits per buyer
/// (`limits`: tickets of the event, of the tier, unpaid tickets on hold; fashionos.event_settings):
/// live tickets of the event, of the tier, unpaid tickets on hold. Live: confirmed, attended, or
/// pending with a hold that has not expired. Concurrent reservations of one buyer for one event are
/// serialized by a transaction-level advisory lock, taken by `load_sale` (a statement before this
/// one) and held until commit, so that the count and the insert that follows see each other; other
/// buyers never wait for it. Taken before the tier row, in every reservation: no lock-order cycle.
fn enforce_buyer_limits(
    tier: &Tier,
    tier_id: pgrx::Uuid,
    key: &str,
    limits: [i32; 3],
    quantity: i32,
    needs_payment: bool,
    caller_user: Option<pgrx::Uuid>,
) {
    // A new statement, so a new snapshot: it sees what the buyer's previous reservation committed.
    let counts = live_ticket_counts(tier.event_id, key, tier_id);
    let [event_n, tier_n, held_n] = counts;
    let [event_max, tier_max, held_max] = limits;
    let refuse = |what: &str, has: i32, max: i32, at_limit: &str| -> ! {
        // The counts say what an address holds: they are told to the address's own signed-in
        // user (staff and server-side code are not limited). Anyone else who types an address
        // learns that the request goes past the limit, not what the address holds. Neither names
        // the address: the client sent it, and refusals reach the server log.
        let own_address = caller_user.is_some_and(|user| {
            plans::one::<bool>(
                "SELECT fashionos.buyer_key(email) = $2 FROM public.users WHERE id = $1",
                &[user.into(), key.into()],
            ) == Some(true)
        });
        if !own_address {
            errors::conflict(
                "limit per buyer reached",
                &format!(
                    "{quantity} more would take this address past the event's limit of {max} {what} per buyer, counting what it already holds."
                ),
                "Reserve fewer tickets, or sign in as the address's user to see what it holds (my_tickets).",
            )
        }
        let hint = if has >= max {
            at_limit.to_string()
        } else {
            format!("Reserve at most {} more.", max - has)
        };
        errors::conflict(
            "limit per buyer reached",
            &format!(
                "This address has {has} {what}; the event allows {max} per buyer; {quantity} requested."
            ),
            &hint,
        )
    };
    const AT_TICKET_LIMIT: &str = "This buyer has all the tickets the event allows one buyer; its organizers set the limits and may issue more.";
    if tier_n + quantity > tier_max {
        refuse(
            &format!(
                "live ticket(s) of tier \"{}\" (held or confirmed)",
                tier.name
            ),
            tier_n,
            tier_max,
            AT_TICKET_LIMIT,
        )
    }
    if event_n + quantity > event_max {
        refuse(
            "live ticket(s) of the event (held or confirmed)",
            event_n,
            event_max,
            AT_TICKET_LIMIT,
        )
    }
    if needs_payment && held_n + quantity > held_max {
        refuse(
            "unpaid ticket(s) on hold for the event",
            held_n,
            held_max,
            "Pay for the tickets on hold (or cancel them) first, or wait until their hold expires.",
        )
    }
}

/// Claims an idempotency key for a request. Returns None when the key is new (or its last use is
/// more than 24 hours old): the caller goes on and records its registrations under the key. Returns
/// the registrations of the first use when the same request comes again; refuses (PT409) the key
/// with another request. A concurrent first use of the same key makes the INSERT wait until that
/// transaction ends: committed, its registrations are returned; rolled back, the key is ours.
fn claim_idempotency_key(key: &str, request: &str) -> Option<Vec<pgrx::Uuid>> {
    // Lazy purge of keys older than 24 hours, a bounded batch, skipping rows others are touching.
    plans::run(
        "DELETE FROM fashionos.reservation_keys WHERE idempotency_key IN (
             SELECT idempotency_key FROM fashionos.reservation_keys
              WHERE created_at < now() - interval '24 hours'
              ORDER BY created_at LIMIT 100 FOR UPDATE SKIP LOCKED)",
        &[],
    );
    let claimed: Option<bool> = plans::one(
        "INSERT INTO fashionos.reservation_keys AS k (idempotency_key, request_hash)
         VALUES ($1, encode(sha256(convert_to($2, 'UTF8')), 'hex'))
         ON CONFLICT (idempotency_key) DO UPDATE
            SET request_hash = EXCLUDED.request_hash, registration_ids = NULL, created_at = now()
          WHERE k.created_at < now() - interval '24 hours'
         RETURNING true",
        &[key.into(), request.into()],
    );
    if claimed == Some(true) {
        return None;
    }
    // A new statement sees the row the other transaction committed.
    let first = plans::query(
        "SELECT request_hash = encode(sha256(convert_to($2, 'UTF8')), 'hex'), registration_ids,
                to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')
           FROM fashionos.reservation_keys WHERE idempotency_key = $1",
        &[key.into(), request.into()],
        |t| {
            if t.is_empty() {
                return Ok(None);
            }
            let r = t.first();
            Ok::<_, pgrx::spi::SpiError>(Some((
                r.get::<bool>(1)?.unwrap_or(false),
                r.get::<Vec<pgrx::Uuid>>(2)?,
                r.get::<String>(3)?.unwrap_or_default(),
            )))
        },
    );
    match first {
        Some((true, Some(ids), _)) => Some(ids),
        Some((false, _, at)) => errors::conflict(
            "idempotency key reused for another request",
            &format!("The key was first used at {at} for a reservation with other arguments (tier, quantity, attendee, user) or by another caller."),
            "Send a new key for a new purchase; resend a key only to retry the very same request.",
        ),
        // The row went away between the two statements (purged or its first use rolled back):
        // the client may simply retry.
        _ => errors::conflict(
            "idempotency key in use",
            "Another request with this key was in flight and did not finish.",
            "Retry the request with the same key.",
        ),
    }
}

/// Reserves `p_quantity` tickets of a tier for one attendee.
///
/// Paid and VIP tiers with a price: pending registrations, each with a pending payment, holding the
/// tickets until the event's hold time (default 15 minutes) runs out. Free tiers (price 0), comp and
/// press: confirmed at once, no payment; comp and press are issued by the event's organizers only.
#[allow(clippy::too_many_arguments)]
#[pg_extern(volatile, parallel_unsafe, security_definer, requires = ["types"])]
#[search_path(pg_catalog, pg_temp)]
pub fn reserve_tickets(
    p_ticket_tier_id: pgrx::Uuid,
    p_quantity: i32,
    p_attendee_email: &str,
    p_attendee_name: &str,
    p_user_id: default!(Option<pgrx::Uuid>, "NULL"),
    p_idempotency_key: default!(Option<&str>, "NULL"),
) -> SetOfIterator<'static, composite_type!('static, "public.ticket_reservation")> {
    if let Some(key) = p_idempotency_key {
        let chars = key.chars().count();
        if chars == 0 || chars > 255 {
            errors::invalid(
                "p_idempotency_key is empty or too long",
                &format!("The key has {chars} characters; a key has 1 to 255."),
                "Send a random UUID per purchase, the same one for each retry of it.",
            )
        }
    }
    if !(1..=MAX_TICKETS_PER_ORDER).contains(&p_quantity) {
        errors::invalid(
            "p_quantity is out of range",
            &format!("p_quantity is {p_quantity}; one reservation takes 1 to {MAX_TICKETS_PER_ORDER} tickets."),
            "Split larger orders into several reservations.",
        )
    }
    let (buyer, attendee_name) = attendee(p_attendee_email, p_attendee_name);

    let Sale {
        caller,
        tier,
        staff,
        limits,
        signing_secret,
    } = load_sale(p_ticket_tier_id, &buyer);
    let issued = matches!(tier.kind.as_str(), "comp" | "press");
    // Whose tickets: the named user (the caller himself, unless staff issue them), else the caller;
    // but tickets that organizers or server-side code issue without naming a user are the guest's,
    // not the issuer's, unless the attendee address is the issuer's own: a staff member who leaves
    // must not keep the tickets he sold at the box office (to read, reissue or cancel).
    let user_id = match p_user_id {
        Some(u) => {
            if Some(u) != caller.user_id && !staff {
                errors::forbidden(
                    "cannot reserve tickets in another user's name",
                    &format!(
                        "p_user_id is {u}, the caller is {}.",
                        caller
                            .user_id
                            .map(|c| c.to_string())
                            .unwrap_or_else(|| "anonymous".into())
                    ),
                    "Leave p_user_id out; tickets bought while signed in are the caller's.",
                )
            }
            require_user(u, "attendee's");
            Some(u)
        }
        None => match caller.user_id {
            // the caller's account locked FOR KEY SHARE, as the foreign keys of the rows written
            // below take it: one deleted meanwhile is waited for, and the tickets are then bought
            // without an account, never refused with a bare 23503 at the write
            Some(me) if staff => plans::one::<pgrx::Uuid>(
                "SELECT id FROM public.users WHERE id = $1 AND fashionos.buyer_key(email) = $2 FOR KEY SHARE",
                &[me.into(), buyer.as_str().into()],
            ),
            Some(me) => lock_account(me).then_some(me),
            None => None,
        },
    };

    if let Some(key) = p_idempotency_key {
        let request = format!(
            "{p_ticket_tier_id}|{p_quantity}|{}|{attendee_name}|{}|{}|{}",
            buyer,
            user_id.map(|u| u.to_string()).unwrap_or_default(),
            caller.role_name,
            caller.user_id.map(|u| u.to_string()).unwrap_or_default(),
        );
        if let Some(ids) = claim_idempotency_key(key, &request) {
            return reservation_rows(ids);
        }
    }
    // After the idempotency key: a retry of a purchase that went through gets its reservation as
    // it is now, even once the event has left sale, the tier became comp or press, or it closed.
    // A tier of an event that does not sell is refused as such before its type is named:
    // fashionos.not_on_sale_detail names the tier and its event's status only to the members of
    // its organization (the others cannot read them).
    if !staff && !tier.on_sale {
        refuse_not_on_sale(&tier)
    }
    if issued && !staff {
        errors::forbidden(
            &format!("{} tickets are issued by the event's organizers", tier.kind),
            &format!("Tier \"{}\" is of type {}; only organizers, admins and owners of the event's organization, or server-side code, issue it.", tier.name, tier.kind),
            "Buy a paid or vip tier, or ask the organizers for an invitation.",
        )
    }
    // A closed tier sells to nobody but its organizers (close_ticket_tier): a ticket given back
    // stays unsold.
    if !staff && tier.closed {
        errors::conflict(
            "tier is closed",
            &format!("The organizers closed the sale of tier \"{}\".", tier.name),
            "Choose another tier of the event (ticket_tier_sales lists them).",
        )
    }

    let needs_payment = !issued && !tier.price_is_zero;
    // Organizers reserve whatever the event's status, but a cancelled event takes no more money
    // (complete_payment refuses it): a hold that must be paid could never be.
    if staff && needs_payment && access::event_cancelled(tier.event_id) == Some(true) {
        errors::conflict(
            "event is cancelled",
            &format!(
                "Event {} was cancelled: no payment of tier {} can complete, so a ticket that must be paid is not reserved.",
                tier.event_id,
                errors::shown(&tier.name)
            ),
            "Issue a comp ticket, or set the event's status back to planning or active first.",
        )
    }
    if !staff {
        enforce_buyer_limits(
            &tier,
            p_ticket_tier_id,
            &buyer,
            limits,
            p_quantity,
            needs_payment,
            caller.user_id,
        );
    }

    let status = if needs_payment {
        RegistrationStatus::Pending
    } else {
        RegistrationStatus::Confirmed
    }
    .as_str();
    let ids: Vec<pgrx::Uuid> = (0..p_quantity).map(|_| new_uuid()).collect();
    let key = crate::qr::signing_key_from(signing_secret);
    let tokens: Vec<String> = ids
        .iter()
        .map(|id| crate::qr::issue_token_with(&key, *id, tier.event_id))
        .collect();
    let write = ReservationWrite {
        ids,
        tokens,
        tier_id: p_ticket_tier_id,
        event_id: tier.event_id,
        user_id,
        email: buyer,
        name: attendee_name.to_string(),
        status,
        needs_payment,
        hold_minutes: tier.hold_minutes,
        idempotency_key: p_idempotency_key.map(str::to_string),
        price: tier.price.clone(),
    };
    if !take_tickets(p_ticket_tier_id, p_quantity)
        && retry_after_expired_holds(p_ticket_tier_id, || {
            take_tickets(p_ticket_tier_id, p_quantity).then_some(())
        })
        .is_none()
    {
        refuse_sold_out(p_ticket_tier_id, &tier, p_quantity, staff)
    }
    let rows = write.run();
    reservation_set(rows)
}

/// Takes `n` tickets of a tier if that many are left; returns whether it did. The conditional
/// UPDATE waits for the tier's row lock and checks the room again on the newest row version. It
/// runs in a subtransaction, rolled back when it took nothing: an UPDATE that waited for the row
/// and then found no room keeps the row locked (PostgreSQL's recheck locks it), and a buyer refused
/// so must not hold it while he waits for the holds in flight (retry_after_expired_holds), nor
/// until his refusal ends (every other refused buyer waits for it meanwhile).
fn take_tickets(tier_id: pgrx::Uuid, n: i32) -> bool {
    let taken = crate::subtransaction::attempt(|| {
        plans::one::<i32>(
            "UPDATE public.ticket_tiers SET quantity_sold = quantity_sold + $2
              WHERE id = $1 AND quantity_sold + $2 <= quantity_total
          RETURNING 1",
            &[tier_id.into(), n.into()],
        )
        .is_some()
    });
    if taken {
        // The tier's row is held until the commit: let the commit release it before its flush.
        crate::commit::release_locks_early();
    }
    taken
}

/// Refuses a reservation the tier has no room for (PT409): "sold out" when no ticket is left.
/// `staff`: the caller runs the event (its answer to a full tier is more capacity).
fn refuse_sold_out(tier_id: pgrx::Uuid, tier: &Tier, quantity: i32, staff: bool) -> ! {
    let (left, total) = plans::first_row(
        "SELECT quantity_total - quantity_sold, quantity_total FROM public.ticket_tiers WHERE id = $1",
        &[tier_id.into()],
        |r| Ok((r.get::<i32>(1)?.unwrap_or(0), r.get::<i32>(2)?.unwrap_or(0))),
    )
    .unwrap_or((0, 0));
    // A tier without tickets yet (quantity_total 0: prepared before its sale) is not sold out,
    // and has no waitlist (join_waitlist says the same).
    if total == 0 {
        errors::conflict(
            "tier is not on sale yet",
            &format!(
                "Tier \"{}\" has no tickets yet (quantity_total 0): its sale has not opened.",
                tier.name
            ),
            if staff {
                "Raise the tier's quantity_total (PATCH ticket_tiers) to open it."
            } else {
                "Come back when its sale opens: the organizers raise quantity_total then."
            },
        )
    }
    errors::conflict(
        if left == 0 {
            "sold out"
        } else {
            "not enough tickets left"
        },
        &format!(
            "Tier \"{}\" has {left} ticket(s) left; {quantity} requested.",
            tier.name
        ),
        if staff {
            "Raise the tier's quantity_total (PATCH ticket_tiers) to issue more, or reserve fewer."
        } else if left == 0 {
            "Join the waitlist (join_waitlist), try another tier, or come back later: unpaid reservations are released when they expire."
        } else {
            "Reserve fewer tickets."
        },
    )
}

/// What a reservation writes, prepared before the tier is touched.
struct ReservationWrite {
    ids: Vec<pgrx::Uuid>,
    tokens: Vec<String>,
    tier_id: pgrx::Uuid,
    event_id: pgrx::Uuid,
    user_id: Option<pgrx::Uuid>,
    /// The attendee e-mail as registrations store it (`buyer_key`).
    email: String,
    name: String,
    status: &'static str,
    needs_payment: bool,
    hold_minutes: i32,
    idempotency_key: Option<String>,
    price: AnyNumeric,
}

/// One row of `public.ticket_reservation`, read back from the final statement.
type ReservationRow = (
    Option<pgrx::Uuid>,
    Option<String>,
    Option<String>,
    Option<pgrx::Uuid>,
    Option<AnyNumeric>,
    Option<String>,
    Option<TimestampWithTimeZone>,
);

impl ReservationWrite {
    /// Writes the registrations, their payments and holds and the answer of the idempotency key, in
    /// one statement, without touching the tier's row (the foreign keys only share-lock it); returns
    /// the reservation's rows in order.
    fn run(&self) -> Vec<ReservationRow> {
        plans::query(
            "WITH reg AS (
                 INSERT INTO public.registrations
                     (id, event_id, ticket_tier_id, user_id, attendee_email, attendee_name, status, qr_code_data)
                 SELECT r.id, $2, $3, $4, $5, $6, $7, r.token
                   FROM unnest($1::uuid[], $8::text[]) AS r(id, token)
              RETURNING id),
             pay AS (
                 INSERT INTO public.payments (registration_id, payer_id, amount, status)
                 SELECT r.id, $4, $12, 'pending' FROM unnest($1::uuid[]) AS r(id) WHERE $9
              RETURNING id, registration_id, amount, currency),
             hold AS (
                 INSERT INTO fashionos.registration_holds (registration_id, ticket_tier_id, expires_at, reservation_id)
                 SELECT r.id, $3, now() + make_interval(mins => $10), ($1::uuid[])[1] FROM unnest($1::uuid[]) AS r(id) WHERE $9
              RETURNING registration_id, expires_at),
             members AS (
                 INSERT INTO fashionos.reservation_members (registration_id, reservation_id)
                 SELECT r.id, ($1::uuid[])[1] FROM unnest($1::uuid[]) AS r(id) WHERE cardinality($1::uuid[]) > 1),
             answer AS (
                 UPDATE fashionos.reservation_keys SET registration_ids = $1 WHERE idempotency_key = $11)
             SELECT x.id, $7, x.token, pay.id, pay.amount, pay.currency, hold.expires_at
               FROM unnest($1::uuid[], $8::text[]) WITH ORDINALITY AS x(id, token, n)
               LEFT JOIN pay ON pay.registration_id = x.id
               LEFT JOIN hold ON hold.registration_id = x.id
              ORDER BY x.n",
            &[
                self.ids.clone().into(),
                self.event_id.into(),
                self.tier_id.into(),
                self.user_id.into(),
                self.email.as_str().into(),
                self.name.as_str().into(),
                self.status.into(),
                self.tokens.clone().into(),
                self.needs_payment.into(),
                self.hold_minutes.into(),
                self.idempotency_key.as_deref().into(),
                self.price.clone().into(),
            ],
            read_reservation_rows,
        )
    }
}

fn read_reservation_rows(t: pgrx::spi::SpiTupleTable) -> pgrx::spi::SpiResult<Vec<ReservationRow>> {
    t.map(|r| {
        Ok((
            r.get::<pgrx::Uuid>(1)?,
            r.get::<String>(2)?,
            r.get::<String>(3)?,
            r.get::<pgrx::Uuid>(4)?,
            r.get::<AnyNumeric>(5)?,
            r.get::<String>(6)?,
            r.get::<TimestampWithTimeZone>(7)?,
        ))
    })
    .collect()
}

/// The rows of `public.ticket_reservation` for registrations, in the given order, as they are now:
/// what reserve_tickets answers to a retry, and (as `fashionos.reservation_rows(uuid[])`)
/// claim_waitlist_offer. A ticket reissued since is answered without its token: the new token went
/// to whoever reissued it, not to whoever holds the first request (a key or a claim token).
#[pg_extern(stable, strict, parallel_restricted, requires = ["types"])]
#[search_path(pg_catalog, pg_temp)]
pub fn reservation_rows(
    p_registration_ids: Vec<pgrx::Uuid>,
) -> SetOfIterator<'static, composite_type!('static, "public.ticket_reservation")> {
    let rows = plans::query(
        "SELECT r.id, r.status,
                    CASE WHEN NOT EXISTS (SELECT 1 FROM fashionos.revoked_tokens v
                                           WHERE v.registration_id = r.id AND v.reason = 'reissued')
                         THEN r.qr_code_data END,
                    p.id, p.amount, p.currency, h.expires_at
               FROM unnest($1::uuid[]) WITH ORDINALITY AS x(id, n)
               JOIN public.registrations r ON r.id = x.id
               LEFT JOIN public.payments p ON p.registration_id = r.id
               LEFT JOIN fashionos.registration_holds h ON h.registration_id = r.id
              ORDER BY x.n",
        &[p_registration_ids.into()],
        read_reservation_rows,
    );
    reservation_set(rows)
}

/// Builds the rows of `public.ticket_reservation`, after SPI returned: SPI frees what is allocated
/// while it is connected.
fn reservation_set(
    rows: Vec<ReservationRow>,
) -> SetOfIterator<'static, composite_type!('static, "public.ticket_reservation")> {
    let rows: Vec<_> = rows
        .into_iter()
        .map(|(id, status, token, payment, amount, currency, expires)| {
            RowBuilder::new("public.ticket_reservation")
                .set("registration_id", id)
                .set("status", status)
                .set("qr_code_data", token)
                .set("payment_id", payment)
                .set("amount", amount)
                .set("currency", currency)
                .set("hold_expires_at", expires)
                .build()
        })
        .collect();
    SetOfIterator::new(rows)
}

/// Releases every expired hold (of one tier; of all tiers, for server-side code:
/// fashionos.sweep_expired_holds, which waits for no busy tier) and returns how many tickets went
/// back on sale.
#[pg_extern(volatile, parallel_unsafe, security_definer)]
#[search_path(pg_catalog, pg_temp)]
pub fn release_expired_holds(p_ticket_tier_id: default!(Option<pgrx::Uuid>, "NULL")) -> i64 {
    let caller = access::caller();
    match p_ticket_tier_id {
        Some(tier_id) => {
            // Releasing what has expired changes nothing a buyer could not trigger by reserving.
            require_tier(tier_id);
            release_expired(Some(tier_id))
        }
        // every tier: the sweep (sql/ticketing_private.sql), which waits for no busy tier
        None if caller.server => {
            plans::one::<i64>("SELECT fashionos.sweep_expired_holds(NULL::uuid[])", &[])
                .unwrap_or(0)
        }
        None => errors::forbidden(
            "releasing the holds of all tiers is for server-side code",
            &format!(
                "Role {} called release_expired_holds without a tier.",
                caller.role_name
            ),
            "Pass p_ticket_tier_id.",
        ),
    }
}

/// Releases the expired holds of one tier for the extension's own functions, whoever their
/// caller: the waitlist settles a tier's queue, and ends a declined offer's hold, for a waiter who
/// holds his claim token also when the tier is no longer visible to him (its event off sale).
/// In schema fashionos, which no API role may use.
#[pg_extern(volatile, strict, parallel_unsafe)]
#[search_path(pg_catalog, pg_temp)]
pub fn release_tier_holds(p_ticket_tier_id: pgrx::Uuid) -> i64 {
    release_expired(Some(p_ticket_tier_id))
}

struct Payment {
    registration_id: pgrx::Uuid,
    event_id: pgrx::Uuid,
    /// Whether the caller runs the payment's event (server-side code, or organizers): asked in
    /// the same statement when `load_payment` is told to (`access::runs_event` asks the same).
    caller_runs_event: bool,
}

fn load_payment(payment_id: pgrx::Uuid, ask_caller: bool) -> Payment {
    let row = plans::query(
        "SELECT p.registration_id, r.event_id,
                $2 AND (fashionos.caller_is_server() OR fashionos.caller_runs_event(r.event_id))
               FROM public.payments p JOIN public.registrations r ON r.id = p.registration_id
              WHERE p.id = $1",
        &[payment_id.into(), ask_caller.into()],
        |t| {
            if t.is_empty() {
                return Ok(None);
            }
            let r = t.first();
            Ok::<_, pgrx::spi::SpiError>(Some(Payment {
                registration_id: r.get(1)?.unwrap(),
                event_id: r.get(2)?.unwrap(),
                caller_runs_event: r.get(3)?.unwrap_or(false),
            }))
        },
    );
    row.unwrap_or_else(|| errors::not_found("payment", payment_id))
}

/// The API's answer about a payment (`public.payment_outcome`).
type PaymentOutcome = SetOfIterator<'static, composite_type!('static, "public.payment_outcome")>;

fn payment_outcome(payment_id: pgrx::Uuid, changed: bool) -> PaymentOutcome {
    let row = plans::first_row(
        "SELECT p.status, r.id, r.status FROM public.payments p
               JOIN public.registrations r ON r.id = fashionos.ticket_now(p.registration_id) WHERE p.id = $1",
        &[payment_id.into()],
        |r| {
            Ok((
                r.get::<String>(1)?,
                r.get::<pgrx::Uuid>(2)?,
                r.get::<String>(3)?,
            ))
        },
    );
    // Built after SPI returned: SPI frees what is allocated while it is connected.
    let row = row.map(|(payment_status, registration_id, registration_status)| {
        RowBuilder::new("public.payment_outcome")
            .set("payment_id", payment_id)
            .set("payment_status", payment_status)
            .set("registration_id", registration_id)
            .set("registration_status", registration_status)
            .set("changed", changed)
            .build()
    });
    SetOfIterator::new(row)
}

/// Moves a payment from `from` to `to` (`why`: the reason its history records); returns its status
/// before when it was not `from`. When it moved, the pending registration `confirm` (if any) is
/// confirmed in the same statement.
fn move_payment(
    payment_id: pgrx::Uuid,
    from: PaymentStatus,
    to: PaymentStatus,
    provider: Option<&str>,
    txn: Option<&str>,
    confirm: Option<pgrx::Uuid>,
    why: &str,
) -> Result<(), PaymentNow> {
    payment_reason(why);
    let moved: Option<pgrx::Uuid> = plans::one(
        "WITH moved AS (
             UPDATE public.payments
                SET status = $3,
                    provider = coalesce($4, provider),
                    provider_transaction_id = coalesce($5, provider_transaction_id)
              WHERE id = $1 AND status = $2
          RETURNING id),
         confirmed AS (
             UPDATE public.registrations SET status = 'confirmed'
              WHERE id = $6 AND status = 'pending' AND EXISTS (SELECT 1 FROM moved))
         SELECT id FROM moved",
        &[
            payment_id.into(),
            from.as_str().into(),
            to.as_str().into(),
            provider.into(),
            txn.into(),
            confirm.into(),
        ],
    );
    if moved.is_some() {
        return Ok(());
    }
    // Read after the UPDATE waited for any concurrent change of the row: the state it found.
    let now = plans::first_row(
        "SELECT status, provider_transaction_id FROM public.payments WHERE id = $1",
        &[payment_id.into()],
        |r| Ok((r.get::<String>(1)?, r.get::<String>(2)?)),
    );
    let (status, provider_transaction_id) = now.unwrap_or((None, None));
    Err(PaymentNow {
        status: status.as_deref().and_then(PaymentStatus::parse),
        provider_transaction_id,
    })
}

impl PaymentNow {
    /// Its status as stored ("" when the payment is gone).
    fn word(&self) -> &'static str {
        self.status.map(PaymentStatus::as_str).unwrap_or("")
    }
}

/// A payment as `move_payment` found it when it could not move it.
struct PaymentNow {
    /// None when the payment is gone.
    status: Option<PaymentStatus>,
    provider_transaction_id: Option<String>,
}

/// Why a registration's token was revoked last (expired, failed, cancelled, refunded, reissued).
fn revocation_reason(registration_id: pgrx::Uuid) -> Option<String> {
    plans::one(
        "SELECT reason FROM fashionos.revoked_tokens WHERE registration_id = $1
          ORDER BY revoked_at DESC LIMIT 1",
        &[registration_id.into()],
    )
}

/// Who asks for a payment change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Authority {
    /// The caller of the API function: the event's organizers, or server-side code
    /// (`access::require_runs_event` decides).
    Caller,
    /// A payment provider's webhook whose signature src/webhooks.rs verified with the provider's
    /// secret: server-side code by proof, whatever role delivered it (anon, through PostgREST).
    VerifiedWebhook,
}

/// The common start of every payment change: the payment, the right to change it (the event's
/// organizers, server-side code, or a verified webhook), then the locks in their order: the hold
/// row, then the registration.
fn begin_payment_change(
    payment_id: pgrx::Uuid,
    action: &str,
    authority: Authority,
) -> (Payment, Registration) {
    let p = load_payment(payment_id, authority == Authority::Caller);
    if authority == Authority::Caller && !p.caller_runs_event {
        // Refused: access says so, with who the caller is.
        access::require_runs_event(&access::caller(), p.event_id, action);
    }
    let reg = claim_and_lock(p.registration_id);
    (p, reg)
}

/// A payment went through (called by the payment webhook or by the organizers): the payment is
/// completed and its registration confirmed. Repeating the call with the same transaction changes
/// nothing; a hold that was already released refuses it (409): refund the charge.
#[pg_extern(volatile, parallel_unsafe, security_definer, requires = ["types"])]
#[search_path(pg_catalog, pg_temp)]
pub fn complete_payment(
    p_payment_id: pgrx::Uuid,
    p_provider: default!(Option<&str>, "NULL"),
    p_provider_transaction_id: default!(Option<&str>, "NULL"),
) -> SetOfIterator<'static, composite_type!('static, "public.payment_outcome")> {
    let changed = apply_complete_payment(
        p_payment_id,
        p_provider,
        p_provider_transaction_id,
        Authority::Caller,
    );
    payment_outcome(p_payment_id, changed)
}

/// The logic of complete_payment; returns whether it changed anything.
pub fn apply_complete_payment(
    p_payment_id: pgrx::Uuid,
    p_provider: Option<&str>,
    p_provider_transaction_id: Option<&str>,
    authority: Authority,
) -> bool {
    if let Some(provider) = p_provider {
        if PaymentProvider::parse(provider).is_none() {
            errors::invalid(
                "unknown payment provider",
                &format!("p_provider is {provider:?}."),
                &format!("Use one of {}.", PaymentProvider::list()),
            )
        }
    }
    if let Some(transaction) = p_provider_transaction_id {
        // Without its provider a transaction id could not be checked against the other orders',
        // nor found by the provider's refund.
        if p_provider.is_none() {
            errors::invalid(
                "p_provider_transaction_id needs p_provider",
                &format!(
                    "p_provider_transaction_id is {} and p_provider is null.",
                    errors::shown(transaction)
                ),
                "Pass the provider that made the transaction (stripe, paypal or square), or leave both out (cash at the box office).",
            )
        }
        if let Some(problem) = transaction_id_problem(transaction) {
            errors::invalid(
                &format!("p_provider_transaction_id {problem}"),
                &format!("Got {}.", errors::shown(transaction)),
                "Pass the provider's id of the transaction as it gives it (for Stripe, the PaymentIntent id pi_...), or leave it out.",
            )
        }
    }
    // The transaction's lock before the ticket's row: a full refund of the same transaction
    // takes it first too, so the two are never each waiting for the other's.
    if let (Some(provider), Some(transaction)) = (p_provider, p_provider_transaction_id) {
        crate::webhooks::lock_transaction(provider, transaction);
    }
    let (p, reg) = begin_payment_change(p_payment_id, "complete payments", authority);
    if let (Some(provider), Some(transaction)) = (p_provider, p_provider_transaction_id) {
        refuse_transaction_of_another_order(p_payment_id, provider, transaction);
        // Recorded by hand with a transaction the provider has refunded in full: nothing was paid
        // (a typo, or a refund that came first). The success webhook records both itself.
        if authority == Authority::Caller {
            if let Some((event, kind)) =
                crate::webhooks::refunds_of(provider, Some(transaction)).first()
            {
                errors::conflict(
                    "transaction was refunded",
                    &format!(
                        "The provider refunded transaction {} in full ({provider} {kind} {event}); payment {p_payment_id} is not completed with it.",
                        errors::shown(transaction)
                    ),
                    "Check the transaction id: with the provider's refund, nothing is paid by it. Record the payment with the transaction that paid it, or without one for cash.",
                )
            }
        }
    }
    // A cancelled event admits nobody: its tickets are not sold by a late payment either.
    if reg.status == RegistrationStatus::Pending
        && access::event_cancelled(p.event_id) == Some(true)
    {
        errors::conflict(
            "event is cancelled",
            &format!(
                "Event {} was cancelled; payment {p_payment_id} stays pending and its ticket does not admit.",
                p.event_id
            ),
            &refund_hint(p_payment_id, p_provider_transaction_id, "the hold runs out by itself."),
        )
    }
    if let (RegistrationStatus::Pending, Some(at)) = (reg.status, reg.lapsed_hold.as_deref()) {
        refuse_lapsed_hold_past_limits(
            p.registration_id,
            at,
            p_payment_id,
            p_provider_transaction_id,
        );
    }
    // The organizers completing an open waitlist offer claim it for the waiter: at the tier's
    // price now, as claim_waitlist_offer does (the provider's webhook pays the amount its
    // checkout was made for, and is checked against it).
    if authority == Authority::Caller {
        plans::run(
            "UPDATE public.payments p SET amount = t.price
               FROM public.registrations r JOIN public.ticket_tiers t ON t.id = r.ticket_tier_id
              WHERE p.id = $1 AND r.id = p.registration_id AND p.status = 'pending'
                AND p.amount IS DISTINCT FROM t.price
                AND EXISTS (SELECT 1 FROM fashionos.waitlist_entries w
                             WHERE w.registration_id = r.id AND w.status = 'offered')",
            &[p_payment_id.into()],
        );
    }
    // A pending registration is confirmed with its payment, in one statement.
    let confirm = (reg.status == RegistrationStatus::Pending).then_some(p.registration_id);
    match move_payment(
        p_payment_id,
        PaymentStatus::Pending,
        PaymentStatus::Completed,
        p_provider,
        p_provider_transaction_id,
        confirm,
        "complete_payment",
    ) {
        Ok(()) => {}
        // The same webhook again (or two deliveries at once: the second waited in the UPDATE and
        // reads the first one's transaction id): nothing to do.
        // Cash recorded by the box office for a ticket the provider has just paid: the guest paid
        // twice. (A repeated cash call, or a relay's body without a transaction, is the same call.)
        Err(now)
            if now.status == Some(PaymentStatus::Completed)
                && p_provider_transaction_id.is_none()
                && authority == Authority::Caller
                && now.provider_transaction_id.is_some() =>
        {
            errors::conflict(
                "payment completed with another transaction",
                &format!(
                    "Payment {p_payment_id} was completed with provider transaction {}; this call records a payment without one (cash).",
                    now.provider_transaction_id.as_deref().unwrap_or_default()
                ),
                "The guest has paid already, with the provider: give the cash back.",
            )
        }
        Err(now)
            if now.status == Some(PaymentStatus::Completed)
                && (p_provider_transaction_id.is_none()
                    || p_provider_transaction_id == now.provider_transaction_id.as_deref()) =>
        {
            return false
        }
        // Completed already, by another provider transaction: a second charge for one ticket.
        Err(now) if now.status == Some(PaymentStatus::Completed) => errors::conflict(
            "payment completed with another transaction",
            &format!(
                "Payment {p_payment_id} was completed with provider transaction {}; this call names {}.",
                now.provider_transaction_id.as_deref().unwrap_or("(none)"),
                p_provider_transaction_id.unwrap_or("(none)")
            ),
            "The buyer may have been charged twice: refund this transaction with the provider.",
        ),
        Err(now) => {
            // A failed payment whose ticket went back on sale before the payment came: the hold
            // ran out, or the registration was cancelled (by the attendee or the organizers). The
            // charge is refunded.
            let late = (now.status == Some(PaymentStatus::Failed))
                .then(|| late_payment(p.registration_id))
                .flatten();
            match late {
                Some((message, how)) => errors::conflict(
                    message,
                    &format!(
                        "Registration {} was cancelled {how}; its ticket went back on sale before the payment completed.",
                        p.registration_id
                    ),
                    &refund_hint(p_payment_id, p_provider_transaction_id, "the payment is already marked failed."),
                ),
                None => errors::conflict(
                    &format!("payment is {}", now.word()),
                    &format!(
                        "Payment {p_payment_id} is {}; only a pending payment can be completed.",
                        now.word()
                    ),
                    "A payment moves pending -> completed | failed, and completed -> refunded.",
                ),
            }
        }
    }
    match reg.status {
        // Confirmed by move_payment.
        RegistrationStatus::Pending | RegistrationStatus::Confirmed | RegistrationStatus::Attended => {}
        _ => errors::conflict(
            "reservation expired",
            &format!(
                "Registration {} is {}: its hold ran out and its ticket went back on sale before the payment completed.",
                p.registration_id, reg.status
            ),
            &refund_hint(p_payment_id, p_provider_transaction_id, "mark the payment failed with fail_payment."),
        ),
    }
    // The provider refunded this transaction in full before it was recorded here (a refund
    // delivered first, kept as refund_pending): the payment the success webhook just completed is
    // refunded at once. (A caller's completion with such a transaction was refused above, under
    // the transaction's lock, which no refund passes meanwhile.)
    if authority != Authority::Caller {
        if let (Some(provider), Some(transaction)) = (p_provider, p_provider_transaction_id) {
            crate::webhooks::refund_if_refunded_first(provider, transaction, p_payment_id);
        }
    }
    true
}

/// A hold that ran out and is not released yet may still be paid, as long as its buyer stays
/// within the event's limits of tickets: a lapsed hold does not count toward them, so he may have
/// bought again since, and paying both would take him past them. Then the payment is refused as
/// expired (PT409 "reservation expired", the charge to refund), and the hold goes at its release.
fn refuse_lapsed_hold_past_limits(
    registration_id: pgrx::Uuid,
    at: &str,
    payment_id: pgrx::Uuid,
    transaction: Option<&str>,
) {
    let lapsed = plans::first_row(
        "SELECT r.event_id, r.attendee_email, r.ticket_tier_id, t.name, s.buyer_max_tickets,
                s.buyer_max_tickets_per_tier
           FROM public.registrations r
           JOIN public.ticket_tiers t ON t.id = r.ticket_tier_id
          CROSS JOIN fashionos.settings_for(r.event_id) s
          WHERE r.id = $1",
        &[registration_id.into()],
        |r| {
            Ok((
                r.get::<pgrx::Uuid>(1)?,
                r.get::<String>(2)?,
                r.get::<pgrx::Uuid>(3)?,
                r.get::<String>(4)?,
                r.get::<i32>(5)?,
                r.get::<i32>(6)?,
            ))
        },
    );
    let Some((Some(event), Some(key), Some(tier), Some(name), Some(event_max), Some(tier_max))) =
        lapsed
    else {
        return;
    };
    // (the counts take this ticket for a live one already: its hold is claimed, so no longer
    // one that ran out)
    let [event_n, tier_n, _] = live_ticket_counts(event, &key, tier);
    let past = if tier_n > tier_max {
        Some((tier_n - 1, tier_max, format!("of tier \"{name}\"")))
    } else if event_n > event_max {
        Some((event_n - 1, event_max, "of the event".to_string()))
    } else {
        None
    };
    if let Some((has, max, of)) = past {
        errors::conflict(
            "reservation expired",
            &format!(
                "The hold of registration {registration_id} ran out at {at}, and its buyer has {has} live ticket(s) {of} since: paying it too would pass the event's limit of {max} per buyer."
            ),
            &refund_hint(payment_id, transaction, "the hold goes at its release."),
        )
    }
}

/// The hint of a payment refused after the buyer was charged: refund the charge; but when the same
/// provider transaction paid other tickets of the order, only this ticket's share (a full refund of
/// the charge would refund those tickets too, through the provider's refund webhook).
fn refund_hint(payment_id: pgrx::Uuid, transaction: Option<&str>, then: &str) -> String {
    let share = transaction.and_then(|t| {
        plans::first_row(
            "SELECT p.amount::text, p.currency,
                    (SELECT pg_catalog.count(*) FROM public.payments o
                      WHERE o.provider_transaction_id = $2 AND o.id <> p.id AND o.status = 'completed')
               FROM public.payments p WHERE p.id = $1",
            &[payment_id.into(), t.into()],
            |r| {
                Ok((
                    r.get::<String>(1)?.unwrap_or_default(),
                    r.get::<String>(2)?.unwrap_or_default(),
                    r.get::<i64>(3)?.unwrap_or(0),
                ))
            },
        )
        .filter(|(_, _, others)| *others > 0)
        .map(|(amount, currency, others)| (t, amount, currency, others))
    });
    match share {
        Some((t, amount, currency, others)) => format!(
            "Refund {amount} {currency} of {t} with the provider (this ticket's share), not the whole charge: it also paid {others} other ticket(s) of the order, which a full refund would refund here too; {then}"
        ),
        None => format!("Refund the charge with the provider; {then}"),
    }
}

/// What is wrong with a provider transaction id, if anything: one transaction id stands for one
/// order across the database (refuse_transaction_of_another_order), so an empty or blank one, or
/// one of invisible characters only, would tie every order given it to the first; providers' ids
/// are short printable ASCII (Stripe's at most 255 characters; a box office's receipt number may
/// have spaces inside). Also import_tickets' check (sql/import.sql).
#[pg_extern(immutable, strict, parallel_safe)]
#[search_path(pg_catalog, pg_temp)]
pub fn transaction_id_problem(p_id: &str) -> Option<&'static str> {
    if p_id.chars().count() > 255 {
        Some("is too long")
    } else if p_id.trim() != p_id
        || !p_id.chars().any(|c| c.is_ascii_graphic())
        || !p_id.chars().all(|c| c.is_ascii_graphic() || c == ' ')
    {
        Some("is not an id")
    } else {
        None
    }
}

/// One provider transaction pays one order: the tickets of one reservation (one `reserve_tickets`
/// call; `fashionos.reservation_of`, kept after payment in the private reservation_members). A
/// transaction already recorded on a payment of another order (an id copied wrong at the box
/// office, or another organization's) is refused (PT409), or one refund would give back several
/// orders and a success would count another order's payment as this one's. Writers of one
/// transaction take turns on its advisory lock. The detail names no other payment.
fn refuse_transaction_of_another_order(payment_id: pgrx::Uuid, provider: &str, transaction: &str) {
    // (the caller holds the transaction's lock: crate::webhooks::lock_transaction)
    let elsewhere: Option<bool> = plans::one(
        "SELECT EXISTS (
             SELECT 1 FROM public.payments p, public.payments q
              WHERE p.id = $1 AND q.provider = $2 AND q.provider_transaction_id = $3 AND q.id <> p.id
                AND fashionos.reservation_of(q.registration_id) <> fashionos.reservation_of(p.registration_id))",
        &[payment_id.into(), provider.into(), transaction.into()],
    );
    if elsewhere == Some(true) {
        errors::conflict(
            "transaction already pays another order",
            &format!(
                "Provider transaction {} of {provider} is recorded on a payment of another order (another reservation); payment {payment_id} is not completed with it.",
                errors::shown(transaction)
            ),
            "Pass the transaction that paid this reservation: for Stripe, its PaymentIntent id (pi_...), one per order.",
        )
    }
}

/// A payment failed: the payment is failed, its pending registration cancelled and its ticket
/// released. Repeating the call changes nothing.
#[pg_extern(volatile, parallel_unsafe, security_definer, requires = ["types"])]
#[search_path(pg_catalog, pg_temp)]
pub fn fail_payment(
    p_payment_id: pgrx::Uuid,
) -> SetOfIterator<'static, composite_type!('static, "public.payment_outcome")> {
    let changed = apply_fail_payment(p_payment_id, Authority::Caller);
    payment_outcome(p_payment_id, changed)
}

/// The logic of fail_payment; returns whether it changed anything.
pub fn apply_fail_payment(p_payment_id: pgrx::Uuid, authority: Authority) -> bool {
    let (p, reg) = begin_payment_change(p_payment_id, "fail payments", authority);
    match move_payment(
        p_payment_id,
        PaymentStatus::Pending,
        PaymentStatus::Failed,
        None,
        None,
        None,
        "fail_payment",
    ) {
        Ok(()) => {}
        Err(now) if now.status == Some(PaymentStatus::Failed) => return false,
        Err(now) => errors::conflict(
            &format!("payment is {}", now.word()),
            &format!(
                "Payment {p_payment_id} is {}; only a pending payment can fail.",
                now.word()
            ),
            "Refund a completed payment with refund_payment.",
        ),
    }
    if reg.status == RegistrationStatus::Pending {
        cancel_claimed(p.registration_id, RevocationReason::Failed);
    }
    true
}

/// Refunds a completed payment: the payment is refunded and its registration cancelled, its token
/// revoked and its ticket released (once). A ticket already used at the door is not refunded here.
#[pg_extern(volatile, parallel_unsafe, security_definer, requires = ["types"])]
#[search_path(pg_catalog, pg_temp)]
pub fn refund_payment(
    p_payment_id: pgrx::Uuid,
) -> SetOfIterator<'static, composite_type!('static, "public.payment_outcome")> {
    let changed = apply_refund_payment(p_payment_id, Authority::Caller);
    payment_outcome(p_payment_id, changed)
}

/// Why a payment that arrives for a failed payment comes too late, when its ticket went back on
/// sale: the error's message and how the registration was cancelled.
fn late_payment(registration_id: pgrx::Uuid) -> Option<(&'static str, &'static str)> {
    match revocation_reason(registration_id)
        .as_deref()
        .and_then(RevocationReason::parse)
    {
        Some(RevocationReason::Expired) => Some(("reservation expired", "when its hold ran out")),
        Some(RevocationReason::Cancelled) => Some((
            "registration cancelled",
            "by the attendee or the organizers",
        )),
        _ => None,
    }
}

/// The logic of refund_payment; returns whether it changed anything.
pub fn apply_refund_payment(p_payment_id: pgrx::Uuid, authority: Authority) -> bool {
    let (p, reg) = begin_payment_change(p_payment_id, "refund payments", authority);
    // The ticket the payment pays now: its registration's, or, when that ticket was exchanged for
    // one of another tier (exchange_ticket), the live end of the chain, which the payment paid
    // too. A refund takes that ticket back.
    // An exchange of that ticket committed while its lock was awaited leaves a newer end: look
    // again, and lock that one, until the end locked is the end (an exchange needs its lock).
    let mut ticket = exchanged_into(p.registration_id);
    let mut reg = reg;
    while let Some(t) = ticket {
        // claimed as the payment's own registration was: a ticket held for a difference loses
        // its hold with its payment
        reg = claim_and_lock(t);
        let now = exchanged_into(p.registration_id);
        if now == ticket {
            break;
        }
        ticket = now;
    }
    let ticket = ticket.unwrap_or(p.registration_id);
    // A provider's refund of a used ticket already happened: the money went back. It is recorded
    // (the payment refunded), and the registration stays attended: its ticket was used and does
    // not go back on sale. Asked by a caller, a used ticket is not refunded.
    let used = reg.status == RegistrationStatus::Attended;
    if used && authority != Authority::VerifiedWebhook {
        errors::conflict(
            "ticket was used",
            &format!(
                "Registration {ticket} was checked in; its payment is not refunded automatically.",
            ),
            "Refund with the provider directly if the organizers decide so.",
        )
    }
    match move_payment(
        p_payment_id,
        PaymentStatus::Completed,
        PaymentStatus::Refunded,
        None,
        None,
        None,
        "refund_payment",
    ) {
        Ok(()) => {}
        Err(now) if now.status == Some(PaymentStatus::Refunded) => return false,
        Err(now) => errors::conflict(
            &format!("payment is {}", now.word()),
            &format!(
                "Payment {p_payment_id} is {}; only a completed payment can be refunded.",
                now.word()
            ),
            "Fail a pending payment with fail_payment instead.",
        ),
    }
    // Along a chain of exchanges, a ticket paid for by what stays completed keeps its place: the
    // refund of a difference that a later downgrade made more than the ticket costs, or of an
    // old payment that the others cover, is money given back, not the ticket.
    if !used && (reg.status != RegistrationStatus::Confirmed || !still_paid(ticket)) {
        cancel_claimed(ticket, RevocationReason::Refunded);
    }
    true
}

/// Whether a ticket of a chain of exchanges is still paid for by the completed payments along
/// the chain: at least what it cost when it was exchanged into (fashionos.ticket_exchanges.price).
/// False for a ticket that was not exchanged into: its own payment is what paid it.
pub(crate) fn still_paid(registration_id: pgrx::Uuid) -> bool {
    plans::one::<bool>(
        "SELECT fashionos.paid_along_amount($1) >= x.price
           FROM fashionos.ticket_exchanges x WHERE x.new_registration_id = $1",
        &[registration_id.into()],
    ) == Some(true)
}

/// The ticket a registration was exchanged into, at the end of its chain of exchanges
/// (fashionos.ticket_exchanges), when it was exchanged; None otherwise.
fn exchanged_into(registration_id: pgrx::Uuid) -> Option<pgrx::Uuid> {
    plans::one(
        "SELECT nullif(fashionos.ticket_now($1), $1)",
        &[registration_id.into()],
    )
}

/// Refuses a change of a ticket that was exchanged (a cancelled registration whose chain of
/// exchanges goes on): its receipt's id names the ticket given back, and the change is for the
/// ticket that replaced it, which the refusal names.
fn refuse_exchanged(registration_id: pgrx::Uuid, change: &str) {
    if let Some(now) = exchanged_into(registration_id) {
        errors::conflict(
            "ticket was exchanged",
            &format!("Registration {registration_id} was exchanged for another ticket; the ticket now is registration {now}."),
            &format!("{change} registration {now} instead (list_ticket_exchanges shows the event's exchanges)."),
        )
    }
}

/// Whether the ticket, or a ticket it was exchanged from (fashionos.ticket_exchanges), has a
/// completed payment: what an exchanged ticket was paid with.
fn chain_paid(registration_id: pgrx::Uuid) -> bool {
    plans::one::<bool>(
        "SELECT EXISTS (SELECT 1 FROM public.payments p
                         WHERE p.status = 'completed' AND p.registration_id IN (SELECT fashionos.paid_along($1)))",
        &[registration_id.into()],
    ) == Some(true)
}

/// Cancels a registration: its ticket goes back on sale exactly once, its token is revoked, a
/// pending payment fails. The attendee may cancel his own unpaid or free registration; the event's
/// organizers any that was not used. Cancelling again changes nothing.
#[pg_extern(volatile, parallel_unsafe, security_definer, requires = ["types"])]
#[search_path(pg_catalog, pg_temp)]
pub fn cancel_registration(
    p_registration_id: pgrx::Uuid,
) -> SetOfIterator<'static, composite_type!('static, "public.registration_change")> {
    let caller = access::caller();
    let before = load_registration(p_registration_id);
    let staff = access::runs_event(&caller, before.event_id);
    let own = caller.user_id.is_some() && caller.user_id == before.user_id;
    let refuse = |paid: bool| {
        errors::forbidden(
            "not allowed to cancel this registration",
            &format!(
                "Attendees cancel their own unpaid or free registrations; registration {p_registration_id} {}.",
                if paid { "has a completed payment" } else { "is not the caller's" }
            ),
            "Ask the event's organizers for a refund.",
        )
    };
    if !staff && (!own || before.has_completed_payment || chain_paid(p_registration_id)) {
        refuse(own)
    }
    let reg = claim_and_lock(p_registration_id);
    // A payment completed while this call waited for the registration's lock: the first look
    // (and the lock's statement, whose snapshot predates the wait) saw it pending. Asked again in
    // a statement of its own, which sees every commit before the lock was granted.
    if !staff && completed_payment_now(p_registration_id) {
        refuse(true)
    }
    if reg.status == RegistrationStatus::Attended {
        errors::conflict(
            "registration was already used",
            &format!("Registration {p_registration_id} was checked in."),
            "A used ticket cannot be cancelled.",
        )
    }
    if reg.status == RegistrationStatus::Cancelled {
        refuse_exchanged(p_registration_id, "Cancel");
    }
    let changed = cancel_claimed(p_registration_id, RevocationReason::Cancelled);
    crate::rows::registration_change(
        p_registration_id,
        RegistrationStatus::Cancelled.as_str(),
        changed,
    )
}

/// Issues a new token for a registration and revokes the old one (a ticket shared or leaked).
#[pg_extern(volatile, parallel_unsafe, security_definer)]
#[search_path(pg_catalog, pg_temp)]
pub fn reissue_ticket(p_registration_id: pgrx::Uuid) -> String {
    let caller = access::caller();
    let before = load_registration(p_registration_id);
    let own = caller.user_id.is_some() && caller.user_id == before.user_id;
    if !own && !access::runs_event(&caller, before.event_id) {
        errors::forbidden(
            "not allowed to reissue this ticket",
            &format!("Registration {p_registration_id} is not the caller's and the caller does not run its event."),
            "Sign in as the attendee or as an organizer of the event.",
        )
    }
    let reg = lock_registration(p_registration_id);
    if reg.status == RegistrationStatus::Cancelled {
        refuse_exchanged(p_registration_id, "Reissue");
    }
    if !matches!(
        reg.status,
        RegistrationStatus::Pending | RegistrationStatus::Confirmed
    ) {
        errors::conflict(
            &format!("registration is {}", reg.status),
            &format!("Only pending or confirmed registrations get a new ticket; {p_registration_id} is {}.", reg.status),
            "A cancelled or used ticket stays as it is.",
        )
    }
    replace_token(p_registration_id, reg.event_id)
}

/// Signs a new token for a registration, revokes its old one ('reissued') and its imported code,
/// and returns the new token. The registration is locked by the caller.
fn replace_token(registration_id: pgrx::Uuid, event_id: pgrx::Uuid) -> String {
    let token = crate::qr::issue_token(registration_id, event_id);
    plans::run(
        "WITH old AS (SELECT qr_code_data FROM public.registrations WHERE id = $1),
         rev AS (
             INSERT INTO fashionos.revoked_tokens (token_hash, registration_id, reason)
             SELECT fashionos.token_hash(qr_code_data), $1, 'reissued' FROM old
             ON CONFLICT (token_hash) DO NOTHING),
         legacy AS (
             UPDATE fashionos.imported_tickets SET legacy_code_hash = NULL
              WHERE registration_id = $1 AND legacy_code_hash IS NOT NULL)
         UPDATE public.registrations SET qr_code_data = $2 WHERE id = $1",
        &[registration_id.into(), token.as_str().into()],
    );
    token
}

/// Gives a paid or issued ticket to another attendee (a buyer who cannot come and sends a friend,
/// a guest replaced on the list): its name, address and account change, and its token is
/// replaced, in one transaction, so that the token the previous holder kept no longer admits and
/// the ticket leaves his `my_tickets`. For the event's organizers and server-side code. Returns
/// the new token, to send to the new attendee.
#[pg_extern(volatile, parallel_unsafe, security_definer)]
#[search_path(pg_catalog, pg_temp)]
pub fn transfer_ticket(
    p_registration_id: pgrx::Uuid,
    p_attendee_email: &str,
    p_attendee_name: &str,
    p_user_id: default!(Option<pgrx::Uuid>, "NULL"),
) -> String {
    let caller = access::caller();
    let before = load_registration(p_registration_id);
    if !access::runs_event(&caller, before.event_id) {
        errors::forbidden(
            "not allowed to transfer this ticket",
            &format!("The caller does not run the event of registration {p_registration_id}."),
            "The event's organizers, admins and owners, or server-side code, transfer tickets; the holder asks them.",
        )
    }
    let (email, name) = attendee(p_attendee_email, p_attendee_name);
    if let Some(u) = p_user_id {
        require_user(u, "new attendee's");
    }
    let reg = lock_registration(p_registration_id);
    match reg.status {
        RegistrationStatus::Confirmed => {}
        RegistrationStatus::Pending => errors::conflict(
            "registration is pending",
            &format!("Registration {p_registration_id} is not paid yet; a ticket is transferred once it is the holder's."),
            "Complete its payment first (complete_payment), or cancel it and reserve one for the new attendee.",
        ),
        RegistrationStatus::Attended => errors::conflict(
            "registration was already used",
            &format!("Registration {p_registration_id} was checked in: it is the record of who came in."),
            "If the scan was a mistake, undo it first (undo_check_in).",
        ),
        RegistrationStatus::Cancelled => {
            refuse_exchanged(p_registration_id, "Transfer");
            errors::conflict(
                "registration is cancelled",
                &format!("Registration {p_registration_id} is cancelled."),
                "Reserve a ticket for the new attendee (reserve_tickets).",
            )
        }
    }
    plans::run(
        "UPDATE public.registrations SET attendee_email = $2, attendee_name = $3, user_id = $4 WHERE id = $1",
        &[
            p_registration_id.into(),
            email.as_str().into(),
            name.as_str().into(),
            p_user_id.into(),
        ],
    );
    replace_token(p_registration_id, reg.event_id)
}

/// Exchanges a confirmed ticket for one of another tier of the same event (an upgrade or a change
/// of seat at the box office), in one transaction: a ticket of the other tier is taken for the
/// same attendee first (a full tier refuses, and the old ticket stays), then the old one is
/// cancelled and goes back to its tier (to its waitlist first). What the old ticket's payment paid
/// counts toward the new tier's price: the new ticket is confirmed when it costs no more (a
/// cheaper one refunds nothing by itself), else held with a pending payment of the difference,
/// which the terminal's transaction completes (complete_payment). The old payment stays
/// completed: it paid the new ticket too. For the event's organizers and server-side code.
#[pg_extern(volatile, parallel_unsafe, security_definer)]
#[search_path(pg_catalog, pg_temp)]
pub fn exchange_ticket(
    p_registration_id: pgrx::Uuid,
    p_ticket_tier_id: pgrx::Uuid,
) -> SetOfIterator<'static, composite_type!('static, "public.ticket_reservation")> {
    let caller = access::caller();
    let before = load_registration(p_registration_id);
    if !access::runs_event(&caller, before.event_id) {
        errors::forbidden(
            "not allowed to exchange this ticket",
            &format!("The caller does not run the event of registration {p_registration_id}."),
            "The event's organizers, admins and owners, or server-side code, exchange tickets.",
        )
    }
    // A tier the caller may not read answers as one that does not exist (its event unnamed).
    require_tier(p_ticket_tier_id);
    let Sale {
        tier,
        signing_secret,
        ..
    } = load_sale(p_ticket_tier_id, "");
    if tier.event_id != before.event_id {
        errors::conflict(
            "tier of another event",
            &format!(
                "Tier {p_ticket_tier_id} is of event {}; registration {p_registration_id} is for event {}.",
                tier.event_id, before.event_id
            ),
            "Exchange for a tier of the same event; for another event, reserve a ticket there and cancel this one.",
        )
    }
    // The attendee's account first (FOR KEY SHARE, as the new ticket's foreign key takes it): a
    // deletion of the account locks its row and then his tickets, so it is waited for before the
    // ticket, not with it. Then the registration, as cancel_registration and the payment functions
    // take it, then (below, with the new ticket) both tiers' rows in id order, as every writer of
    // several tiers takes them: an exchange and a cancellation of one ticket queue, and two
    // exchanges the opposite way round wait for each other, instead of deadlocking.
    if let Some(account) = before.user_id {
        lock_account(account);
    }
    let reg = lock_registration(p_registration_id);
    let old_tier: pgrx::Uuid = plans::one(
        "SELECT ticket_tier_id FROM public.registrations WHERE id = $1",
        &[p_registration_id.into()],
    )
    .unwrap_or_else(|| errors::not_found("registration", p_registration_id));
    if old_tier == p_ticket_tier_id {
        errors::conflict(
            "ticket is of this tier already",
            &format!("Registration {p_registration_id} is a ticket of tier {p_ticket_tier_id}."),
            "Pick another tier of the event; a new token for the same ticket is reissue_ticket.",
        )
    }
    match reg.status {
        RegistrationStatus::Confirmed => {}
        RegistrationStatus::Pending => errors::conflict(
            "registration is pending",
            &format!("Registration {p_registration_id} is not paid yet."),
            "Cancel it (cancel_registration) and reserve the other tier for the attendee (reserve_tickets).",
        ),
        RegistrationStatus::Attended => errors::conflict(
            "registration was already used",
            &format!("Registration {p_registration_id} was checked in."),
            "Undo the check-in first (undo_check_in), exchange, then scan the new ticket.",
        ),
        RegistrationStatus::Cancelled => {
            refuse_exchanged(p_registration_id, "Exchange");
            errors::conflict(
                "registration is cancelled",
                &format!("Registration {p_registration_id} is cancelled."),
                "Reserve the other tier for the attendee (reserve_tickets).",
            )
        }
    }
    let issued = matches!(tier.kind.as_str(), "comp" | "press");
    // The attendee, and what is left to pay: the new price less what the old ticket paid, its
    // completed payments and those of the tickets it replaced (fashionos.paid_along_amount; nothing for
    // a comp or free ticket).
    // A payment in another currency than the new ticket's (a ticket imported at its price in
    // yen) has no value toward a price here: such a chain is not exchanged.
    let (email, name, user_id, difference, owed, foreign) = plans::first_row(
        "SELECT r.attendee_email, r.attendee_name, r.user_id, d.difference, d.difference > 0, d.foreign
           FROM public.registrations r
          CROSS JOIN LATERAL (
                SELECT GREATEST($2::numeric - fashionos.paid_along_amount($1), 0) AS difference,
                       (SELECT string_agg(DISTINCT p.currency, ', ') FROM public.payments p
                         WHERE p.status = 'completed' AND p.currency <> fashionos.payment_currency()
                           AND p.registration_id IN (SELECT fashionos.paid_along($1))) AS foreign) d
          WHERE r.id = $1",
        &[p_registration_id.into(), tier.price.clone().into()],
        |r| {
            Ok((
                r.get::<String>(1)?.unwrap_or_default(),
                r.get::<String>(2)?.unwrap_or_default(),
                r.get::<pgrx::Uuid>(3)?,
                r.get::<AnyNumeric>(4)?.unwrap_or_default(),
                r.get::<bool>(5)?.unwrap_or(false),
                r.get::<String>(6)?,
            ))
        },
    )
    .unwrap_or_else(|| errors::not_found("registration", p_registration_id));
    if let Some(foreign) = foreign {
        errors::conflict(
            "ticket was paid in another currency",
            &format!(
                "Registration {p_registration_id} was paid in {foreign}; tier prices are in {}, so what it paid cannot count toward tier {}.",
                plans::one::<String>("SELECT fashionos.payment_currency()", &[]).unwrap_or_default(),
                errors::shown(&tier.name)
            ),
            "Cancel the ticket and refund it in its currency (refund_payment, or with the provider), then reserve the other tier for the attendee (reserve_tickets).",
        )
    }
    let needs_payment = !issued && owed;
    if needs_payment && access::event_cancelled(tier.event_id) == Some(true) {
        errors::conflict(
            "event is cancelled",
            &format!(
                "Event {} was cancelled: the difference for tier {} could never be paid.",
                tier.event_id,
                errors::shown(&tier.name)
            ),
            "Set the event's status back to planning or active first, or exchange for a tier that costs no more.",
        )
    }
    // Both tiers' rows, then the new ticket: in a subtransaction, rolled back when the new tier
    // has no room, so that the exchange holds no tier's row while it waits for the expired holds
    // that other transactions have (a failing payment, a cancellation: they take the tier's row
    // last). Those waited for, both rows are taken again in their order, the new tier's expired
    // holds go back (to its waitlist first), and the ticket is taken if one is left.
    let lock_tiers = move || {
        plans::run(
            "SELECT 1 FROM public.ticket_tiers WHERE id = ANY ($1::uuid[]) ORDER BY id FOR NO KEY UPDATE",
            &[vec![old_tier, p_ticket_tier_id].into()],
        )
    };
    if !crate::subtransaction::attempt(|| {
        lock_tiers();
        take_tickets(p_ticket_tier_id, 1)
    }) {
        plans::run(
            "SELECT 1 FROM fashionos.registration_holds h
              WHERE h.ticket_tier_id = $1 AND h.expires_at <= now() FOR UPDATE",
            &[p_ticket_tier_id.into()],
        );
        lock_tiers();
        release_expired(Some(p_ticket_tier_id));
        if !take_tickets(p_ticket_tier_id, 1) {
            refuse_sold_out(p_ticket_tier_id, &tier, 1, true)
        }
    }
    cancel_and_release(
        vec![p_registration_id],
        &[RegistrationStatus::Confirmed],
        RevocationReason::Cancelled,
    );
    let id = new_uuid();
    let key = crate::qr::signing_key_from(signing_secret);
    let write = ReservationWrite {
        ids: vec![id],
        tokens: vec![crate::qr::issue_token_with(&key, id, tier.event_id)],
        tier_id: p_ticket_tier_id,
        event_id: tier.event_id,
        user_id,
        email,
        name,
        status: if needs_payment {
            RegistrationStatus::Pending
        } else {
            RegistrationStatus::Confirmed
        }
        .as_str(),
        needs_payment,
        hold_minutes: tier.hold_minutes,
        idempotency_key: None,
        price: difference,
    };
    let rows = write.run();
    plans::run(
        "INSERT INTO fashionos.ticket_exchanges (registration_id, new_registration_id, exchanged_by, price)
         VALUES ($1, $2, (SELECT u.id FROM public.users u WHERE u.id = auth.uid()), $3)",
        // what the new ticket cost: nothing when the organizers issue it (comp, press)
        &[
            p_registration_id.into(),
            id.into(),
            if issued {
                AnyNumeric::default()
            } else {
                tier.price.clone()
            }
            .into(),
        ],
    );
    reservation_set(rows)
}

// The public functions of this module: one SQL wrapper each (sql/api/ has the style).
extension_sql_file!(
    "../sql/api/ticketing.sql",
    name = "api_ticketing",
    requires = [
        reserve_tickets,
        release_expired_holds,
        complete_payment,
        fail_payment,
        refund_payment,
        cancel_registration,
        reissue_ticket,
        transfer_ticket,
        exchange_ticket,
        email_is_plausible,
        buyer_key,
        trim_white_space,
        clean_name,
        attendee_name_problem,
        attendee_name_rule,
        transaction_id_problem,
        errors::shown,
        buyer_lock_key,
        buyer_live_tickets,
        reservation_rows,
        "data_safety"
    ]
);

#[cfg(any(test, feature = "pg_test"))]
#[pg_schema]
mod tests {
    use super::*;
    use crate::rows::field;

    #[pg_test]
    fn email_plausibility() {
        assert!(email_is_plausible("ana@example.com"));
        assert!(email_is_plausible(" ana.b+vip@maison.fr "));
        assert!(!email_is_plausible("ana"));
        assert!(!email_is_plausible("ana@localhost"));
        assert!(!email_is_plausible("a b@example.com"));
        assert!(!email_is_plausible("a@@example.com"));
        assert!(!email_is_plausible("@example.com"));
        // internationalized addresses are addresses
        assert!(email_is_plausible("chloé@maison-aurèle.fr"));
        // Compatibility characters fold: a full-width letter is the letter, a full-width '@' a
        // second '@' (then the address is not plausible).
        assert_eq!(buyer_key(" Ana@ＥXAMPLE.com "), "ana@example.com");
        assert_eq!(buyer_key("İNCİ@example.com"), "inci@example.com");
        assert_eq!(buyer_key("yuki@例え。jp"), "yuki@例え.jp");
        assert_eq!(buyer_key("yuki@例え｡jp"), "yuki@例え.jp");
        assert_eq!(buyer_key("ｙｕｋｉ。@例え．jp"), "yuki。@例え.jp");
        // an internationalized domain in its ASCII form is the same domain
        assert_eq!(buyer_key("yuki@xn--r8jz45g.jp"), "yuki@例え.jp");
        assert_eq!(buyer_key("Yuki@XN--R8JZ45G.JP"), "yuki@例え.jp");
        assert_eq!(buyer_key("a@xn--zz.example"), "a@xn--zz.example");
        assert!(!email_is_plausible(&buyer_key("a@b＠example.com")));
        assert!(email_is_plausible("o'neil_2@sub.example.co.uk"));
        // invisible characters make a look-alike of another buyer
        assert!(!email_is_plausible("ana@example.com\u{200B}"));
        assert!(!email_is_plausible("an\u{00AD}a@example.com"));
        assert!(!email_is_plausible("ana@exam\u{FEFF}ple.com"));
        assert!(!email_is_plausible("ana\u{0007}@example.com"));
        // the shapes of a mailbox and of a host name
        assert!(!email_is_plausible(&format!(
            "{}@example.com",
            "a".repeat(65)
        )));
        assert!(email_is_plausible(&format!(
            "{}@example.com",
            "a".repeat(64)
        )));
        assert!(!email_is_plausible("a@-example.com"));
        assert!(!email_is_plausible("a@example-.com"));
        assert!(!email_is_plausible("a@ex..com"));
        assert!(!email_is_plausible("a@autumn/winter.example"));
        assert!(!email_is_plausible("<script>@x.com"));
        assert!(!email_is_plausible(".ana@example.com"));
        assert!(!email_is_plausible("ana..b@example.com"));
        // Indic viramas and Thai tone marks are part of the letters of a name or a domain
        assert!(email_is_plausible("प्रिया@example.in"));
        assert!(email_is_plausible("लक्ष्मी@example.in"));
        assert!(email_is_plausible("สมศักดิ์@example.co.th"));
        assert!(email_is_plausible("a@क्षेत्र.in"));
        // but a mark has a letter to combine with
        assert!(!email_is_plausible("\u{94d}a@example.in"));
        assert!(!email_is_plausible("a@\u{e48}example.co.th"));
        assert!(!email_is_plausible("ana@example.com."));
    }

    fn fixture(total: i32, price: &str, kind: &str) -> pgrx::Uuid {
        for statement in [
            "INSERT INTO auth.users (id, email) VALUES ('00000000-0000-0000-0000-0000000000a1', 'o@x.io') ON CONFLICT DO NOTHING",
            "INSERT INTO public.organizations (id, name, slug) VALUES ('00000000-0000-0000-0000-0000000000b1', 'Maison', 'maison') ON CONFLICT DO NOTHING",
            "INSERT INTO public.users (id, email, role, organization_id) VALUES ('00000000-0000-0000-0000-0000000000a1', 'o@x.io', 'owner', '00000000-0000-0000-0000-0000000000b1') ON CONFLICT DO NOTHING",
            "INSERT INTO public.events (id, name, start_date, organization_id, created_by) VALUES ('00000000-0000-0000-0000-0000000000c1', 'Show', now() + interval '7 days', '00000000-0000-0000-0000-0000000000b1', '00000000-0000-0000-0000-0000000000a1') ON CONFLICT DO NOTHING",
        ] {
            plans::run(statement, &[]);
        }
        plans::one::<pgrx::Uuid>(
            "INSERT INTO public.ticket_tiers (event_id, name, type, price, quantity_total)
             VALUES ('00000000-0000-0000-0000-0000000000c1', 'Tier', $3, $2::numeric, $1) RETURNING id",
            &[total.into(), price.into(), kind.into()],
        )
        .unwrap()
    }

    fn sold(tier: pgrx::Uuid) -> i32 {
        plans::one(
            "SELECT quantity_sold FROM public.ticket_tiers WHERE id = $1",
            &[tier.into()],
        )
        .unwrap()
    }

    #[pg_test]
    fn reserve_pays_and_confirms() {
        let tier = fixture(3, "120.00", "paid");
        let rows: Vec<_> = reserve_tickets(tier, 2, "ana@example.com", "Ana", None, None).collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(sold(tier), 2);
        assert!(rows.iter().all(
            |r| field::<String>(r, "status").as_deref() == Some("pending")
                && field::<pgrx::Uuid>(r, "payment_id").is_some()
                && field::<TimestampWithTimeZone>(r, "hold_expires_at").is_some()
        ));
        let payment = field::<pgrx::Uuid>(&rows[0], "payment_id").unwrap();
        let out: Vec<_> = complete_payment(payment, Some("stripe"), Some("ch_1")).collect();
        assert_eq!(
            field::<String>(&out[0], "payment_status").unwrap(),
            "completed"
        );
        assert_eq!(
            field::<String>(&out[0], "registration_status").unwrap(),
            "confirmed"
        );
        assert!(field::<bool>(&out[0], "changed").unwrap());
        // A webhook delivered twice: same transaction, no change.
        let again: Vec<_> = complete_payment(payment, Some("stripe"), Some("ch_1")).collect();
        assert!(!field::<bool>(&again[0], "changed").unwrap());
    }

    #[pg_test(error = "not enough tickets left")]
    fn never_past_capacity() {
        let tier = fixture(3, "10", "paid");
        let _ = reserve_tickets(tier, 2, "a@example.com", "A", None, None).count();
        let _ = reserve_tickets(tier, 2, "b@example.com", "B", None, None).count();
    }

    #[pg_test]
    fn cancel_releases_once() {
        let tier = fixture(5, "0", "paid");
        let rows: Vec<_> = reserve_tickets(tier, 1, "a@example.com", "A", None, None).collect();
        assert_eq!(
            field::<String>(&rows[0], "status").unwrap(),
            "confirmed",
            "a free tier confirms at once"
        );
        assert_eq!(sold(tier), 1);
        let first: Vec<_> =
            cancel_registration(field(&rows[0], "registration_id").unwrap()).collect();
        assert!(field::<bool>(&first[0], "changed").unwrap());
        let second: Vec<_> =
            cancel_registration(field(&rows[0], "registration_id").unwrap()).collect();
        assert!(!field::<bool>(&second[0], "changed").unwrap());
        assert_eq!(sold(tier), 0);
    }

    #[pg_test]
    fn expired_holds_come_back() {
        let tier = fixture(1, "50", "vip");
        let rows: Vec<_> = reserve_tickets(tier, 1, "a@example.com", "A", None, None).collect();
        plans::run(
            "UPDATE fashionos.registration_holds SET expires_at = now() - interval '1 second'",
            &[],
        );
        // The tier is full, but the next buyer gets the expired hold's ticket.
        let next: Vec<_> = reserve_tickets(tier, 1, "b@example.com", "B", None, None).collect();
        assert_eq!(next.len(), 1);
        assert_eq!(sold(tier), 1);
        let status: String = plans::one(
            "SELECT status FROM public.registrations WHERE id = $1",
            &[field::<pgrx::Uuid>(&rows[0], "registration_id")
                .unwrap()
                .into()],
        )
        .unwrap();
        assert_eq!(status, "cancelled");
        let payment: String = plans::one(
            "SELECT status FROM public.payments WHERE registration_id = $1",
            &[field::<pgrx::Uuid>(&rows[0], "registration_id")
                .unwrap()
                .into()],
        )
        .unwrap();
        assert_eq!(payment, "failed");
    }

    #[pg_test]
    fn refund_cancels_and_releases() {
        let tier = fixture(2, "80", "paid");
        let rows: Vec<_> = reserve_tickets(tier, 1, "a@example.com", "A", None, None).collect();
        let payment = field::<pgrx::Uuid>(&rows[0], "payment_id").unwrap();
        let _ = complete_payment(payment, None, None).count();
        let out: Vec<_> = refund_payment(payment).collect();
        assert_eq!(
            (
                field::<String>(&out[0], "payment_status").unwrap(),
                field::<String>(&out[0], "registration_status").unwrap(),
                field::<bool>(&out[0], "changed").unwrap()
            ),
            ("refunded".to_string(), "cancelled".to_string(), true)
        );
        assert_eq!(sold(tier), 0);
        let again: Vec<_> = refund_payment(payment).collect();
        assert!(!field::<bool>(&again[0], "changed").unwrap());
        assert_eq!(sold(tier), 0);
    }

    #[pg_test(error = "payment is failed")]
    fn payments_move_only_forward() {
        let tier = fixture(2, "80", "paid");
        let rows: Vec<_> = reserve_tickets(tier, 1, "a@example.com", "A", None, None).collect();
        let payment = field::<pgrx::Uuid>(&rows[0], "payment_id").unwrap();
        let _ = fail_payment(payment).count();
        let _ = complete_payment(payment, None, None).count();
    }

    #[pg_test]
    fn transaction_ids_are_ids() {
        for good in ["pi_3MtwBwLkdIwHu7ix28a3tqPa", "PAYID-MZ4", "receipt 1234"] {
            assert_eq!(super::transaction_id_problem(good), None, "{good}");
        }
        for bad in ["", "   ", " pi_1", "pi_1\n", "\u{200b}", "pi_é"] {
            assert_eq!(
                super::transaction_id_problem(bad),
                Some("is not an id"),
                "{bad:?}"
            );
        }
        assert_eq!(
            super::transaction_id_problem(&"x".repeat(256)),
            Some("is too long")
        );
    }

    #[pg_test(error = "p_provider_transaction_id needs p_provider")]
    fn a_transaction_id_needs_its_provider() {
        let tier = fixture(2, "80", "paid");
        let rows: Vec<_> = reserve_tickets(tier, 1, "a@example.com", "A", None, None).collect();
        let payment = field::<pgrx::Uuid>(&rows[0], "payment_id").unwrap();
        let _ = complete_payment(payment, None, Some("pi_123")).count();
    }

    #[pg_test(error = "p_provider_transaction_id is not an id")]
    fn a_blank_transaction_id_is_refused() {
        let tier = fixture(2, "80", "paid");
        let rows: Vec<_> = reserve_tickets(tier, 1, "a@example.com", "A", None, None).collect();
        let payment = field::<pgrx::Uuid>(&rows[0], "payment_id").unwrap();
        let _ = complete_payment(payment, Some("stripe"), Some("  ")).count();
    }
}
