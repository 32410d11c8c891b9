//! Ticket verification and check-in at the door.
//!
//! `verify_ticket` says whether a token admits anyone and, if not, why: malformed, tampered,
//! foreign (signed by a key this database does not have), unknown, revoked, cancelled.
//! `check_in` admits a confirmed registration exactly once: the state change is one UPDATE that
//! names the old state, so two gates scanning the same ticket at the same moment queue on the
//! registration's row and the second one answers "already checked in at <time>".

use pgrx::composite_type;
use pgrx::datum::TimestampWithTimeZone;
use pgrx::prelude::*;

use crate::access;
use crate::errors;
use crate::plans;
use crate::qr::{self, TokenFault};
use crate::rows::RowBuilder;
use crate::statuses::{CheckInOutcome, Refusal, RegistrationStatus};

/// The `reason` of a token that admits.
const VALID: &str = "valid";

/// What a token's lookup found.
enum Lookup {
    Refused(Refusal),
    Found {
        registration_id: pgrx::Uuid,
        event_id: pgrx::Uuid,
        user_id: Option<pgrx::Uuid>,
        status: Option<RegistrationStatus>,
        /// Whether its event was cancelled (read with the registration).
        event_cancelled: bool,
        /// The token the registration carried when it was found (an imported ticket's old code
        /// resolves to its current token): a check-in admits the registration only while it
        /// still carries it.
        token: String,
    },
}

/// A token this database issued and revoked since, found by its hash: its registration, the
/// registration's event and why it was revoked. A token of a retired key is no longer checked by
/// its signature (the key does not verify any more), but one whose hash is here is genuine: the
/// revocation list holds only tokens the extension issued. Without a row, such a token is foreign.
pub(crate) fn revoked_ticket(token: &str) -> Option<(pgrx::Uuid, pgrx::Uuid, String)> {
    plans::first_row(
        "SELECT v.registration_id, r.event_id, v.reason
           FROM fashionos.revoked_tokens v JOIN public.registrations r ON r.id = v.registration_id
          WHERE v.token_hash = $1",
        &[qr::token_hash(token).into()],
        |r| {
            Ok((
                r.get::<pgrx::Uuid>(1)?,
                r.get::<pgrx::Uuid>(2)?,
                r.get::<String>(3)?,
            ))
        },
    )
    .and_then(|(registration, event, reason)| Some((registration?, event?, reason?)))
}

/// Why a revoked token is refused, if it is revoked.
fn revocation(token: &str) -> Option<Refusal> {
    revoked_ticket(token).map(|(_, _, reason)| Refusal::of_revocation(&reason))
}

/// The current token of the imported ticket whose old platform's code this is (import_tickets),
/// if such a ticket is of an event the caller runs (codes are unique within an organization; two
/// organizations' codes may be equal: the door's event tells them apart). Old codes are often short or sequential: they are resolved for the event's staff
/// and server-side code only, and for anyone else stay what they are, not a fashionos token.
fn imported_ticket_token(code: &str, door: Option<pgrx::Uuid>) -> Option<String> {
    let candidates = plans::rows(
        "SELECT r.qr_code_data, r.event_id
           FROM fashionos.imported_tickets i JOIN public.registrations r ON r.id = i.registration_id
          WHERE i.legacy_code_hash = fashionos.token_hash(pg_catalog.btrim($1))",
        &[code.into()],
        |r| Ok((r.get::<String>(1)?, r.get::<pgrx::Uuid>(2)?)),
    );
    if candidates.is_empty() {
        return None;
    }
    let caller = access::caller();
    let mine: Vec<(String, Option<pgrx::Uuid>)> = candidates
        .into_iter()
        .filter_map(|(token, event_id)| {
            token
                .filter(|_| event_id.is_some_and(|e| access::runs_event(&caller, e)))
                .map(|t| (t, event_id))
        })
        .collect();
    let at_this_door: Vec<&String> = mine
        .iter()
        .filter(|(_, e)| door.is_some() && *e == door)
        .map(|(t, _)| t)
        .collect();
    match (at_this_door.as_slice(), mine.as_slice()) {
        ([token], _) => Some((*token).clone()),
        (_, [(token, _)]) => Some(token.clone()),
        _ => None,
    }
}

fn lookup(token: &str, door: Option<pgrx::Uuid>) -> Result<Lookup, TokenFault> {
    if let Err(fault) = qr::check_token(token, qr::public_key) {
        // A token of a retired key whose ticket was reissued (retire_signing_key): revoked, not
        // a forgery; the guest has a newer ticket.
        if fault == TokenFault::Foreign {
            if let Some(refusal) = revocation(token) {
                return Ok(Lookup::Refused(refusal));
            }
        }
        // The old platform's code of an imported ticket admits as the ticket's current token
        // does, until the ticket is reissued.
        if fault == TokenFault::Malformed {
            if let Some(current) = imported_ticket_token(token, door)
                .filter(|t| qr::check_token(t, qr::public_key).is_ok())
            {
                return lookup(&current, door);
            }
        }
        return Err(fault);
    }
    if let Some(refusal) = revocation(token) {
        return Ok(Lookup::Refused(refusal));
    }
    let row = plans::first_row(
        "SELECT r.id, r.event_id, r.user_id, r.status, e.status = 'cancelled'
           FROM public.registrations r JOIN public.events e ON e.id = r.event_id
          WHERE r.qr_code_data = $1",
        &[token.trim().into()],
        |r| {
            Ok((
                r.get::<pgrx::Uuid>(1)?,
                r.get::<pgrx::Uuid>(2)?,
                r.get::<pgrx::Uuid>(3)?,
                r.get::<String>(4)?,
                r.get::<bool>(5)?,
            ))
        },
    );
    Ok(match row {
        Some((Some(registration_id), Some(event_id), user_id, status, cancelled)) => {
            let status = status.as_deref().and_then(RegistrationStatus::parse);
            if status == Some(RegistrationStatus::Cancelled) {
                Lookup::Refused(Refusal::Cancelled)
            } else {
                Lookup::Found {
                    registration_id,
                    event_id,
                    user_id,
                    status,
                    event_cancelled: cancelled == Some(true),
                    token: token.trim().to_string(),
                }
            }
        }
        _ => Lookup::Refused(Refusal::Unknown),
    })
}

/// Verifies a ticket token. `valid` is true when the ticket would be let in now: the token is
/// genuine and current, its registration confirmed (paid or free) and not yet checked in; `reason`
/// says why not (`unpaid` and `used` name the registration, as `valid` does). Status, name and
/// check-in time are shown only to the event's organizers, the attendee himself and server-side
/// code.
#[pg_extern(stable, strict, parallel_safe, security_definer, requires = ["types"])]
#[search_path(pg_catalog, pg_temp)]
pub fn verify_ticket(
    p_token: &str,
) -> SetOfIterator<'static, composite_type!('static, "public.ticket_verification")> {
    let verification = |valid: bool,
                        reason: &str,
                        registration_id: Option<pgrx::Uuid>,
                        event_id: Option<pgrx::Uuid>,
                        status: Option<String>,
                        name: Option<String>,
                        checked_in_at: Option<TimestampWithTimeZone>| {
        SetOfIterator::once(
            RowBuilder::new("public.ticket_verification")
                .set("valid", valid)
                .set("reason", reason)
                .set("registration_id", registration_id)
                .set("event_id", event_id)
                .set("status", status)
                .set("attendee_name", name)
                .set("checked_in_at", checked_in_at)
                .build(),
        )
    };
    let refused =
        |refusal: Refusal| verification(false, refusal.as_str(), None, None, None, None, None);
    match lookup(p_token, None) {
        Err(fault) => refused(fault.into()),
        Ok(Lookup::Refused(refusal)) => refused(refusal),
        Ok(Lookup::Found {
            registration_id,
            event_id,
            user_id,
            status,
            event_cancelled,
            ..
        }) => {
            let caller = access::caller();
            let may_see = (caller.user_id.is_some() && caller.user_id == user_id)
                || access::runs_event(&caller, event_id);
            let (name, checked_in_at) = if may_see {
                plans::first_row(
                    "SELECT attendee_name, checked_in_at FROM public.registrations WHERE id = $1",
                    &[registration_id.into()],
                    |r| Ok((r.get::<String>(1)?, r.get::<TimestampWithTimeZone>(2)?)),
                )
                .unwrap_or((None, None))
            } else {
                (None, None)
            };
            let (valid, reason) = match status {
                _ if event_cancelled => (false, Refusal::EventCancelled.as_str()),
                Some(RegistrationStatus::Pending) => (false, Refusal::Unpaid.as_str()),
                Some(RegistrationStatus::Attended) => (false, Refusal::Used.as_str()),
                _ => (true, VALID),
            };
            verification(
                valid,
                reason,
                Some(registration_id),
                Some(event_id),
                status.filter(|_| may_see).map(|s| s.as_str().to_string()),
                name,
                checked_in_at,
            )
        }
    }
}

/// Checks a ticket in at the door of an event. Door staff need organizer rights on the event.
/// Returns outcome `checked_in`, or `already_checked_in` with the time of the first scan; refuses
/// (with an error) a token that is not valid, not found, revoked, for another event, unpaid or
/// cancelled.
#[pg_extern(volatile, parallel_unsafe, security_definer, requires = ["types"])]
#[search_path(pg_catalog, pg_temp)]
pub fn check_in(
    p_token: &str,
    p_event_id: pgrx::Uuid,
) -> SetOfIterator<'static, composite_type!('static, "public.check_in_result")> {
    let Some(event_cancelled) = access::event_cancelled(p_event_id) else {
        errors::not_found("event", p_event_id)
    };
    let caller = access::caller();
    access::require_runs_event(&caller, p_event_id, "check tickets in");
    if event_cancelled {
        errors::conflict(
            "event is cancelled",
            &format!("Event {p_event_id} was cancelled: none of its tickets admits."),
            "Turn the attendee away; the organizers refund the tickets (refund_payment).",
        )
    }

    let found = match lookup(p_token, Some(p_event_id)) {
        Err(fault) => errors::invalid(
            "ticket token is not valid",
            &format!(
                "The token is {}.",
                match fault {
                    TokenFault::Malformed => "malformed: not a fashionos ticket",
                    TokenFault::Foreign => "foreign: signed by a key this database does not have",
                    TokenFault::Tampered => "tampered: its signature does not match",
                }
            ),
            "Scan the ticket again; if it is refused again, send the attendee to the box office.",
        ),
        Ok(Lookup::Refused(Refusal::Unknown)) => errors::raise(
            errors::SqlState::NOT_FOUND,
            "ticket not found",
            Some("The token is genuine but no registration carries it."),
            Some("Send the attendee to the box office."),
        ),
        Ok(Lookup::Refused(Refusal::Revoked)) => errors::conflict(
            "ticket was revoked",
            "A newer ticket was issued for this registration; this one no longer admits.",
            "The ticket was reissued or given to someone else (transfer_ticket): only its newest token admits. Send whoever holds this one to the box office.",
        ),
        Ok(Lookup::Refused(_)) => errors::conflict(
            "registration is cancelled",
            "The ticket's registration was cancelled, refunded or expired.",
            "Send the attendee to the box office (a ticket exchanged for another tier has a newer one that admits).",
        ),
        Ok(Lookup::Found {
            registration_id,
            event_id,
            status,
            token,
            ..
        }) => (registration_id, event_id, status, token),
    };
    let (registration_id, event_id, _, token) = found;
    if event_id != p_event_id {
        // The other event is named to staff who run it too, or when it is on sale (public);
        // another organization's event that is not on sale stays unnamed.
        let named: Option<String> = plans::one(
            "SELECT name FROM public.events WHERE id = $1 AND ($2 OR fashionos.event_on_sale(id))",
            &[
                event_id.into(),
                access::runs_event(&caller, event_id).into(),
            ],
        );
        errors::conflict(
            "ticket is for another event",
            &match named {
                Some(name) => format!(
                    "The ticket admits to \"{name}\" ({event_id}), not to event {p_event_id}."
                ),
                None => format!(
                    "The ticket admits to another organization's event, not to event {p_event_id}."
                ),
            },
            "Direct the attendee to the right event.",
        )
    }

    // Admitted only while the registration still carries the token scanned: a transfer or a
    // reissue that committed since the lookup revoked it (the UPDATE waits for such a change of
    // the row and then reads the newest version).
    let admit = || {
        plans::first_row(
            "WITH admitted AS (
                     UPDATE public.registrations SET status = 'attended', checked_in_at = now()
                      WHERE id = $1 AND status = 'confirmed' AND qr_code_data = $2
                  RETURNING id, checked_in_at, true AS fresh)
                 SELECT coalesce(a.fresh, false), r.status, r.attendee_name, t.name,
                        coalesce(a.checked_in_at, r.checked_in_at),
                        fashionos.local_time_text(coalesce(a.checked_in_at, r.checked_in_at), s.time_zone)
                   FROM public.registrations r
                   JOIN public.ticket_tiers t ON t.id = r.ticket_tier_id
                   CROSS JOIN fashionos.settings_for(r.event_id) s
                   LEFT JOIN admitted a ON a.id = r.id
                  WHERE r.id = $1",
            &[registration_id.into(), token.as_str().into()],
            |r| {
                Ok((
                    r.get::<bool>(1)?.unwrap_or(false),
                    r.get::<String>(2)?.unwrap_or_default(),
                    r.get::<String>(3)?.unwrap_or_default(),
                    r.get::<String>(4)?.unwrap_or_default(),
                    r.get::<TimestampWithTimeZone>(5)?,
                    r.get::<String>(6)?.unwrap_or_default(),
                ))
            },
        )
        .unwrap_or_default()
    };
    // Not admitted: the statement's snapshot shows the row as it was before a concurrent change
    // committed; re-read it. A token replaced meanwhile (transfer_ticket, reissue_ticket) is
    // refused as revoked, whatever the ticket's state now. A ticket confirmed meanwhile (its
    // payment completed, or its check-in undone, after the snapshot was taken) is admitted by a
    // second try, whose snapshot sees it.
    let mut tries = 0;
    let (fresh, status, name, tier, at, at_text) = loop {
        let (fresh, status, name, tier, at, at_text) = admit();
        if fresh {
            break (fresh, status, name, tier, at, at_text);
        }
        let (status, at, at_text, current) = plans::first_row(
            "SELECT r.status, r.checked_in_at,
                    fashionos.local_time_text(r.checked_in_at, s.time_zone), r.qr_code_data = $2
               FROM public.registrations r CROSS JOIN fashionos.settings_for(r.event_id) s WHERE r.id = $1",
            &[registration_id.into(), token.as_str().into()],
            |r| {
                Ok((
                    r.get::<String>(1)?.unwrap_or_default(),
                    r.get::<TimestampWithTimeZone>(2)?,
                    r.get::<String>(3)?.unwrap_or_default(),
                    r.get::<bool>(4)?.unwrap_or(false),
                ))
            },
        )
        .unwrap_or_default();
        if !current && RegistrationStatus::parse(&status) != Some(RegistrationStatus::Cancelled) {
            errors::conflict(
                "ticket was revoked",
                "A newer ticket was issued for this registration while it was scanned; this one no longer admits.",
                "The ticket was reissued or given to someone else (transfer_ticket): only its newest token admits. Send whoever holds this one to the box office.",
            )
        }
        tries += 1;
        if RegistrationStatus::parse(&status) == Some(RegistrationStatus::Confirmed) && tries < 3 {
            continue;
        }
        break (false, status, name, tier, at, at_text);
    };
    match (fresh, RegistrationStatus::parse(&status), at) {
        (true, _, Some(at)) => check_in_result(
            CheckInOutcome::CheckedIn,
            registration_id,
            &name,
            &tier,
            at,
            format!("welcome, {name}"),
        ),
        (false, Some(RegistrationStatus::Attended), Some(at)) => check_in_result(
            CheckInOutcome::AlreadyCheckedIn,
            registration_id,
            &name,
            &tier,
            at,
            format!("already checked in at {at_text}"),
        ),
        (_, Some(RegistrationStatus::Pending), _) => errors::conflict(
            "ticket is not paid",
            &format!("Registration {registration_id} is pending: its payment has not completed."),
            "Send the attendee to the box office to complete the payment.",
        ),
        (_, Some(RegistrationStatus::Cancelled), _) => errors::conflict(
            "registration is cancelled",
            &format!("Registration {registration_id} was cancelled."),
            "Send the attendee to the box office.",
        ),
        _ => errors::conflict(
            "ticket cannot be checked in",
            &format!("Registration {registration_id} is {status}."),
            "Send the attendee to the box office.",
        ),
    }
}

fn check_in_result(
    outcome: CheckInOutcome,
    registration_id: pgrx::Uuid,
    name: &str,
    tier: &str,
    at: TimestampWithTimeZone,
    message: String,
) -> SetOfIterator<'static, composite_type!('static, "public.check_in_result")> {
    SetOfIterator::once(
        RowBuilder::new("public.check_in_result")
            .set("outcome", outcome.as_str())
            .set("registration_id", registration_id)
            .set("attendee_name", name)
            .set("ticket_tier", tier)
            .set("checked_in_at", at)
            .set("message", message)
            .build(),
    )
}

/// Undoes a check-in made by mistake at the door (the wrong ticket scanned, a guest turned back):
/// the registration is confirmed again and its check-in time cleared, so the ticket admits once
/// more. Door staff need organizer rights on the event. Undoing a registration that is not checked
/// in changes nothing (`changed` is false). Added in 0.2.0.
#[pg_extern(volatile, parallel_unsafe, security_definer, requires = ["types"])]
#[search_path(pg_catalog, pg_temp)]
pub fn undo_check_in(
    p_registration_id: pgrx::Uuid,
) -> SetOfIterator<'static, composite_type!('static, "public.registration_change")> {
    errors::refuse_in_read_only_transaction("undo a check-in");
    let event_id: Option<pgrx::Uuid> = plans::one(
        "SELECT event_id FROM public.registrations WHERE id = $1",
        &[p_registration_id.into()],
    );
    let Some(event_id) = event_id else {
        errors::not_found("registration", p_registration_id)
    };
    let caller = access::caller();
    access::require_runs_event(&caller, event_id, "undo check-ins");
    // A used ticket whose payment the provider refunded stays used: undone, it would admit again
    // with nobody's money behind it. Its row first, as a refund takes it: a refund committed while
    // the lock was awaited is seen by the next statement (a refund that comes after sees the
    // ticket confirmed, and takes it back). Along a chain of exchanges, any refunded payment that
    // paid the ticket counts, unless what stays completed still covers what it cost.
    plans::run(
        "SELECT 1 FROM public.registrations WHERE id = $1 FOR UPDATE",
        &[p_registration_id.into()],
    );
    let refunded = plans::one::<bool>(
        "SELECT r.status = 'attended'
                AND EXISTS (SELECT 1 FROM public.payments p
                             WHERE p.registration_id IN (SELECT fashionos.paid_along(r.id)) AND p.status = 'refunded')
           FROM public.registrations r WHERE r.id = $1",
        &[p_registration_id.into()],
    ) == Some(true)
        && !crate::ticketing::still_paid(p_registration_id);
    if refunded {
        errors::conflict(
            "payment was refunded",
            &format!("Registration {p_registration_id} was used and its payment refunded since; undone, its ticket would admit again unpaid."),
            "Leave the check-in as it is; the attendee buys a new ticket to come back.",
        )
    }
    let undone: Option<pgrx::Uuid> = plans::one(
        "UPDATE public.registrations SET status = 'confirmed', checked_in_at = NULL
          WHERE id = $1 AND status = 'attended' RETURNING id",
        &[p_registration_id.into()],
    );
    let status: String = plans::one(
        "SELECT status FROM public.registrations WHERE id = $1",
        &[p_registration_id.into()],
    )
    .unwrap_or_default();
    crate::rows::registration_change(p_registration_id, &status, undone.is_some())
}

// The public functions of this module: one SQL wrapper each (sql/api/ has the style).
extension_sql_file!(
    "../sql/api/checkin.sql",
    name = "api_checkin",
    requires = [verify_ticket, check_in, undo_check_in, "data_safety"]
);

#[cfg(any(test, feature = "pg_test"))]
#[pg_schema]
mod tests {
    use super::*;
    use crate::rows::field;

    fn confirmed_ticket() -> (pgrx::Uuid, pgrx::Uuid, String) {
        plans::run_script(
            "INSERT INTO auth.users (id, email) VALUES ('00000000-0000-0000-0000-0000000000a2', 'd@x.io');
             INSERT INTO public.organizations (id, name, slug) VALUES ('00000000-0000-0000-0000-0000000000b2', 'Door', 'door');
             INSERT INTO public.users (id, email, role, organization_id) VALUES ('00000000-0000-0000-0000-0000000000a2', 'd@x.io', 'owner', '00000000-0000-0000-0000-0000000000b2');
             INSERT INTO public.events (id, name, start_date, organization_id, created_by) VALUES
                 ('00000000-0000-0000-0000-0000000000c2', 'Door show', now(), '00000000-0000-0000-0000-0000000000b2', '00000000-0000-0000-0000-0000000000a2'),
                 ('00000000-0000-0000-0000-0000000000c3', 'Other show', now(), '00000000-0000-0000-0000-0000000000b2', '00000000-0000-0000-0000-0000000000a2');",
        );
        let tier = plans::one::<pgrx::Uuid>(
            "INSERT INTO public.ticket_tiers (event_id, name, type, price, quantity_total)
             VALUES ('00000000-0000-0000-0000-0000000000c2', 'Free', 'paid', 0, 10) RETURNING id",
            &[],
        )
        .unwrap();
        let rows: Vec<_> =
            crate::ticketing::reserve_tickets(tier, 1, "g@example.com", "Guest", None, None)
                .collect();
        let event = pgrx::Uuid::from_bytes([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xc2]);
        (
            field(&rows[0], "registration_id").unwrap(),
            event,
            field(&rows[0], "qr_code_data").unwrap(),
        )
    }

    #[pg_test]
    fn second_scan_says_already() {
        let (reg, event, token) = confirmed_ticket();
        let first: Vec<_> = check_in(&token, event).collect();
        assert_eq!(field::<String>(&first[0], "outcome").unwrap(), "checked_in");
        assert_eq!(
            field::<pgrx::Uuid>(&first[0], "registration_id").unwrap(),
            reg
        );
        let second: Vec<_> = check_in(&token, event).collect();
        assert_eq!(
            field::<String>(&second[0], "outcome").unwrap(),
            "already_checked_in"
        );
        assert!(field::<String>(&second[0], "message")
            .unwrap()
            .starts_with("already checked in at "));
        let attended: i64 = plans::one(
            "SELECT count(*) FROM public.registrations WHERE status = 'attended'",
            &[],
        )
        .unwrap();
        assert_eq!(attended, 1);
    }

    #[pg_test]
    fn undo_lets_the_ticket_in_again() {
        let (reg, event, token) = confirmed_ticket();
        let _ = check_in(&token, event).count();
        let undone: Vec<_> = undo_check_in(reg).collect();
        assert_eq!(field::<String>(&undone[0], "status").unwrap(), "confirmed");
        assert!(field::<bool>(&undone[0], "changed").unwrap());
        let again: Vec<_> = undo_check_in(reg).collect();
        assert!(
            !field::<bool>(&again[0], "changed").unwrap(),
            "a second undo changes nothing"
        );
        let scan: Vec<_> = check_in(&token, event).collect();
        assert_eq!(field::<String>(&scan[0], "outcome").unwrap(), "checked_in");
    }

    #[pg_test(error = "ticket is for another event")]
    fn wrong_event_is_refused() {
        let (_, _, token) = confirmed_ticket();
        let other = pgrx::Uuid::from_bytes([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xc3]);
        let _ = check_in(&token, other).count();
    }

    #[pg_test]
    fn verify_reports_reasons() {
        let (reg, _, token) = confirmed_ticket();
        let ok: Vec<_> = verify_ticket(&token).collect();
        assert!(field::<bool>(&ok[0], "valid").unwrap());
        assert_eq!(field::<String>(&ok[0], "reason").unwrap(), "valid");
        let tampered = format!("{}A", &token[..token.len() - 1]);
        let t: Vec<_> = verify_ticket(if tampered == token {
            "FOS1.x.y.z"
        } else {
            &tampered
        })
        .collect();
        assert!(!field::<bool>(&t[0], "valid").unwrap());
        let reason = field::<String>(&t[0], "reason").unwrap();
        assert!(reason == "tampered" || reason == "malformed");
        let _ = crate::ticketing::reissue_ticket(reg);
        let old: Vec<_> = verify_ticket(&token).collect();
        assert_eq!(field::<String>(&old[0], "reason").unwrap(), "revoked");
        let new_token: String = plans::one(
            "SELECT qr_code_data FROM public.registrations WHERE id = $1",
            &[reg.into()],
        )
        .unwrap();
        let _ = crate::ticketing::cancel_registration(reg).count();
        let cancelled: Vec<_> = verify_ticket(&new_token).collect();
        assert_eq!(
            field::<String>(&cancelled[0], "reason").unwrap(),
            "cancelled"
        );
    }

    /// An old platform's code of an imported ticket (import_tickets) admits once, as the ticket,
    /// until the ticket is reissued; another code stays malformed.
    #[pg_test]
    fn an_imported_code_admits_until_reissued() {
        let (_, event, _) = confirmed_ticket();
        let tier: pgrx::Uuid = plans::one(
            "SELECT id FROM public.ticket_tiers WHERE event_id = '00000000-0000-0000-0000-0000000000c2'",
            &[],
        )
        .unwrap();
        let reg: pgrx::Uuid = plans::one(
            "SELECT registration_id FROM fashionos.import_tickets('old', jsonb_build_array(jsonb_build_object(
                 'legacy_id', 'T-1', 'ticket_tier_id', $1::uuid, 'attendee_email', 'old@example.com',
                 'attendee_name', 'Old', 'status', 'confirmed', 'legacy_code', 'OLD-QR-1')))",
            &[tier.into()],
        )
        .unwrap();
        let found: Vec<_> = verify_ticket("OLD-QR-1").collect();
        assert_eq!(field::<String>(&found[0], "reason").unwrap(), "valid");
        assert_eq!(field::<pgrx::Uuid>(&found[0], "registration_id"), Some(reg));
        let scan: Vec<_> = check_in("OLD-QR-1", event).collect();
        assert_eq!(field::<String>(&scan[0], "outcome").unwrap(), "checked_in");
        let unknown: Vec<_> = verify_ticket("OLD-QR-2").collect();
        assert_eq!(field::<String>(&unknown[0], "reason").unwrap(), "malformed");
        plans::run(
            "UPDATE public.registrations SET status = 'confirmed', checked_in_at = NULL WHERE id = $1",
            &[reg.into()],
        );
        let _ = crate::ticketing::reissue_ticket(reg);
        let after: Vec<_> = verify_ticket("OLD-QR-1").collect();
        assert_eq!(field::<String>(&after[0], "reason").unwrap(), "malformed");
    }
}
