//! Signed payment webhooks posted straight to the API.
//!
//! PostgREST hands a function with one unnamed `json` parameter the request body as it came, and
//! the request headers in the setting `request.headers` (a JSON object, names in lower case). So
//! `public.payment_webhook(json)` is the endpoint a payment provider posts to, callable as anon:
//! what authenticates a delivery is the provider's signature over the raw body, checked here with
//! the provider's secret (`fashionos.payment_webhook_secrets`, set with
//! `public.set_payment_webhook_secret`, never readable back). A delivery that does not verify is
//! refused with 401 (`PT401`) before anything is written.
//!
//! A verified event is parsed with serde, recorded once in `fashionos.webhook_events` (a second
//! delivery of the same event id waits for the first and is acknowledged with `duplicate`, changing
//! nothing) and applied with the logic of src/ticketing.rs under [`Authority::VerifiedWebhook`]:
//! the signature, not the role, is the proof that server-side code sent it.
//!
//! Providers: Stripe (header `Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">`). A
//! provider plugs in with a [`Provider`] variant, its header and signature check in [`verify`], and
//! its event mapping in [`parse_event`] (docs/api.md, "Other providers").

use std::collections::HashMap;

use hmac::{Hmac, Mac};
use pgrx::composite_type;
use pgrx::prelude::*;
use serde::Deserialize;
use sha2::Sha256;

use crate::access;
use crate::errors;
use crate::plans;
use crate::statuses::{PaymentProvider, WebhookOutcome};
use crate::ticketing::{self, Authority};

/// How far a signature's timestamp may be from the database's clock (Stripe's default).
pub const TOLERANCE_SECONDS: i64 = 300;
/// How long the previous secret still verifies after a rotation.
pub const ROTATION_GRACE_HOURS: i32 = 24;

/// A payment provider whose webhooks this endpoint verifies (a subset of the providers
/// `public.payments` knows, [`PaymentProvider`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Provider {
    Stripe,
}

impl Provider {
    /// Every provider with a verifier.
    pub const ALL: &'static [Provider] = &[Provider::Stripe];

    /// The provider as `public.payments` and `fashionos.payment_webhook_secrets` name it.
    pub fn provider(self) -> PaymentProvider {
        match self {
            Provider::Stripe => PaymentProvider::Stripe,
        }
    }

    pub fn name(self) -> &'static str {
        self.provider().as_str()
    }

    /// The provider whose signature header the request carries.
    pub fn from_headers(headers: &HashMap<String, serde_json::Value>) -> Option<Provider> {
        headers
            .contains_key("stripe-signature")
            .then_some(Provider::Stripe)
    }
}

/// Why a delivery is refused with 401.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureFault {
    Missing,
    Malformed,
    Stale { age: i64 },
    TooManySignatures { count: usize },
    Mismatch,
}

impl SignatureFault {
    pub fn detail(&self) -> String {
        match self {
            SignatureFault::Missing => "The request has no signature header of a known provider (Stripe-Signature).".into(),
            SignatureFault::Malformed => "The signature header is not of the form t=<unix time>,v1=<hex HMAC-SHA256>.".into(),
            SignatureFault::Stale { age } => format!(
                "The signature's timestamp is {age} s from the database's clock; at most {TOLERANCE_SECONDS} s are accepted (replays of old deliveries are refused)."
            ),
            SignatureFault::TooManySignatures { count } => format!(
                "The signature header carries {count} v1 signatures; at most {MAX_SIGNATURES} are read (a provider sends one, or two while it rolls its secret)."
            ),
            SignatureFault::Mismatch => "No v1 signature matches the body with the provider's secret: the body was altered or the secret is wrong.".into(),
        }
    }
}

/// The most `v1` signatures a header may carry: each is compared with the body's HMAC.
pub const MAX_SIGNATURES: usize = 8;

/// Checks a Stripe signature header over the raw body: `t=<unix>,v1=<hex>[,v1=<hex>...]`, the
/// HMAC-SHA256 of `"<t>.<body>"` with one of the secrets, and `t` within the tolerance of `now`.
/// Pure; the comparison is constant-time (`Mac::verify_slice`). What a refusal costs does not grow
/// with the header: the timestamp is checked first, at most [`MAX_SIGNATURES`] signatures are
/// read, and the body is hashed once per secret.
pub fn verify_stripe(
    header: &str,
    body: &str,
    secrets: &[&str],
    now: i64,
) -> Result<i64, SignatureFault> {
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for part in header.split(',') {
        let Some((k, v)) = part.trim().split_once('=') else {
            continue;
        };
        match k {
            "t" => timestamp = v.parse::<i64>().ok(),
            "v1" => signatures.push(v),
            _ => {}
        }
    }
    let (Some(t), false) = (timestamp, signatures.is_empty()) else {
        return Err(SignatureFault::Malformed);
    };
    if signatures.len() > MAX_SIGNATURES {
        return Err(SignatureFault::TooManySignatures {
            count: signatures.len(),
        });
    }
    if now
        .checked_sub(t)
        .is_none_or(|age| age.abs() > TOLERANCE_SECONDS)
    {
        return Err(SignatureFault::Stale {
            age: now.saturating_sub(t),
        });
    }
    let signatures: Vec<Vec<u8>> = signatures
        .iter()
        .filter_map(|signature| hex::decode(signature).ok())
        .collect();
    let mut matched = false;
    for secret in secrets {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes())
            .expect("HMAC takes a key of any length");
        mac.update(t.to_string().as_bytes());
        mac.update(b".");
        mac.update(body.as_bytes());
        for bytes in &signatures {
            matched |= mac.clone().verify_slice(bytes).is_ok();
        }
    }
    if !matched {
        return Err(SignatureFault::Mismatch);
    }
    Ok(t)
}

/// A Stripe event, the fields this endpoint reads.
#[derive(Deserialize, Debug)]
pub struct StripeEvent {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub data: StripeData,
}

#[derive(Deserialize, Debug)]
pub struct StripeData {
    pub object: StripeObject,
}

#[derive(Deserialize, Debug)]
pub struct StripeObject {
    /// The PaymentIntent's id (pi_...), or the Charge's (ch_...).
    #[serde(default)]
    pub id: Option<String>,
    /// metadata.payment_id: the fashionos payment (set when the PaymentIntent is created).
    #[serde(default)]
    pub metadata: HashMap<String, serde_json::Value>,
    /// A Charge's PaymentIntent (charge.refunded).
    #[serde(default)]
    pub payment_intent: Option<String>,
    /// What was charged, in the currency's minor unit (a PaymentIntent's or a Charge's amount).
    #[serde(default)]
    pub amount: Option<i64>,
    /// What a PaymentIntent received, in the minor unit (payment_intent.succeeded).
    #[serde(default)]
    pub amount_received: Option<i64>,
    /// The ISO 4217 code, lower-case (Stripe's spelling).
    #[serde(default)]
    pub currency: Option<String>,
    /// A Charge: true once it is refunded in full (charge.refunded comes for partial refunds too).
    #[serde(default)]
    pub refunded: Option<bool>,
}

/// What a verified event asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Complete,
    Refund,
    Ignore,
}

/// A verified event, provider-neutral.
#[derive(Debug, Clone)]
pub struct WebhookEvent {
    pub id: String,
    pub kind: String,
    pub action: Action,
    /// metadata.payment_id as sent (checked to be a uuid later).
    pub payment_id: Option<String>,
    /// The provider's transaction: the PaymentIntent id.
    pub transaction_id: Option<String>,
    /// A refund's Charge id (charge.refunded): a payment completed by hand with the Charge's id
    /// rather than its PaymentIntent's is that transaction too.
    pub charge_id: Option<String>,
    /// What the provider says was paid (Complete): minor units and currency, when it says so.
    pub paid: Option<(i64, String)>,
}

/// Maps a provider's event body to a [`WebhookEvent`]. Pure.
pub fn parse_event(provider: Provider, body: &str) -> Result<WebhookEvent, String> {
    match provider {
        Provider::Stripe => {
            let e: StripeEvent = serde_json::from_str(body).map_err(|e| e.to_string())?;
            let object = &e.data.object;
            // Only a success and a full refund change a payment. payment_intent.payment_failed is
            // one declined attempt: the PaymentIntent goes back to requires_payment_method and the
            // buyer may still pay with it. payment_intent.canceled ends one PaymentIntent, while
            // another one (a second checkout of the same reservation) may still pay: neither fails
            // the payment, whose hold runs out by itself (fail_payment releases it at once). A
            // charge refunded in part stays a paid ticket.
            let action = match e.kind.as_str() {
                "payment_intent.succeeded" => Action::Complete,
                // in full only: Stripe always says whether (a relay's body without the flag is
                // not taken for a full refund)
                "charge.refunded" if object.refunded == Some(true) => Action::Refund,
                _ => Action::Ignore,
            };
            // metadata.payment_id as sent: a value that is not a string is refused later as not a
            // uuid, not taken for an absent one.
            let payment_id = object.metadata.get("payment_id").map(|v| match v.as_str() {
                Some(text) => text.to_string(),
                None => v.to_string(),
            });
            let paid = match (object.amount_received.or(object.amount), &object.currency) {
                (Some(amount), Some(currency)) if action == Action::Complete => {
                    Some((amount, currency.clone()))
                }
                _ => None,
            };
            let (transaction_id, charge_id) = if e.kind.starts_with("charge.") {
                (
                    e.data.object.payment_intent.clone(),
                    e.data.object.id.clone(),
                )
            } else {
                (e.data.object.id.clone(), None)
            };
            let event = WebhookEvent {
                id: e.id,
                kind: e.kind,
                action,
                payment_id,
                transaction_id,
                charge_id,
                paid,
            };
            // A JSON string may hold U+0000 (\u0000), which no text of PostgreSQL may: recorded,
            // it would break the event's row and its key (a later event id sharing its prefix
            // would never be recorded). A provider's ids and codes never hold it.
            let texts = [
                Some(event.id.as_str()),
                Some(event.kind.as_str()),
                event.payment_id.as_deref(),
                event.transaction_id.as_deref(),
                event.charge_id.as_deref(),
                event.paid.as_ref().map(|(_, currency)| currency.as_str()),
            ];
            if texts.into_iter().flatten().any(|t| t.contains('\0')) {
                return Err("a field of it holds the character U+0000".to_string());
            }
            Ok(event)
        }
    }
}

fn refuse(fault: SignatureFault) -> ! {
    errors::unauthorized(
        "webhook signature does not verify",
        &fault.detail(),
        "Post the provider's request unchanged (body byte for byte, its signature header), and set the provider's signing secret with set_payment_webhook_secret.",
    )
}

/// The payment a verified event names: metadata.payment_id, else (a refund of a charge) the
/// payment whose provider transaction is the charge's PaymentIntent. None: not a payment of this
/// database.
fn payment_of(provider: Provider, event: &WebhookEvent) -> Option<pgrx::Uuid> {
    if let Some(text) = &event.payment_id {
        let parsed = uuid::Uuid::parse_str(text).unwrap_or_else(|_| {
            errors::invalid(
                "metadata.payment_id is not a uuid",
                &format!("Event {} names payment {text:?}.", event.id),
                "Set metadata.payment_id to the payment_id reserve_tickets returned.",
            )
        });
        // A payment this database does not have (another environment's, say) is not ours: the
        // provider would retry a 404 for days.
        let id = pgrx::Uuid::from_bytes(*parsed.as_bytes());
        let ours = plans::one::<bool>(
            "SELECT EXISTS (SELECT 1 FROM public.payments WHERE id = $1)",
            &[id.into()],
        );
        return (ours == Some(true)).then_some(id);
    }
    if event.transaction_id.is_none() && event.charge_id.is_none() {
        return None;
    }
    plans::one(
        "SELECT id FROM public.payments WHERE provider = $1 AND provider_transaction_id IN ($2, $3)
          ORDER BY created_at DESC LIMIT 1",
        &[
            provider.name().into(),
            event.transaction_id.as_deref().into(),
            event.charge_id.as_deref().into(),
        ],
    )
}

/// Currencies whose minor unit is not the hundredth (ISO 4217 exponents as payment providers use
/// them): amounts in an event are counted in the minor unit.
const ZERO_DECIMAL_CURRENCIES: &[&str] = &[
    "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv",
    "xaf", "xof", "xpf",
];
const THREE_DECIMAL_CURRENCIES: &[&str] = &["bhd", "jod", "kwd", "omr", "tnd"];

/// The payments a success pays. A success must pay, in their currency, either the named payment's
/// amount (that ticket alone) or the amount of its whole reservation: the payments of the tickets
/// reserved with it (one `reserve_tickets` call: their holds carry its reservation id, the first
/// ticket's registration id, private state no client can change) that are still pending, or
/// already completed by this transaction (a redelivery). The named payment is one of the order's
/// unpaid tickets, or its first. One PaymentIntent then pays every ticket of an order. Any other
/// sum, or another currency, pays for nothing (PT409; the charge is to be refunded or corrected
/// with the provider, and the reservation stays unpaid).
fn payments_paid(
    payment_id: pgrx::Uuid,
    event_id: &str,
    amount: i64,
    currency: &str,
    transaction: Option<&str>,
    refunded_first: bool,
) -> Vec<pgrx::Uuid> {
    let currency = currency.to_ascii_lowercase();
    let exponent: i32 = if ZERO_DECIMAL_CURRENCIES.contains(&currency.as_str()) {
        0
    } else if THREE_DECIMAL_CURRENCIES.contains(&currency.as_str()) {
        3
    } else {
        2
    };
    type Paid = (bool, bool, Vec<pgrx::Uuid>, Option<String>, Option<String>);
    let paid: Option<Paid> = plans::first_row(
        "WITH named AS (
             -- its reservation (kept once paid, when its hold is gone); a waitlist offer's hold
             -- names none: the ticket is its own
             SELECT p.amount, p.currency,
                    coalesce(h.reservation_id, fashionos.reservation_of(p.registration_id)) AS reservation_id
               FROM public.payments p
               LEFT JOIN fashionos.registration_holds h ON h.registration_id = p.registration_id
              WHERE p.id = $1),
         reservation AS (
             SELECT p.id, p.amount, p.currency
               FROM named n
               JOIN fashionos.registration_holds h ON h.reservation_id = n.reservation_id
               JOIN public.payments p ON p.registration_id = h.registration_id
              WHERE p.status = 'pending'
             UNION
             -- what this transaction completed already (a redelivery), of the same reservation
             -- only (complete_payment keeps a transaction to one reservation)
             SELECT p.id, p.amount, p.currency
               FROM named n
               JOIN public.payments p ON p.provider = 'stripe' AND p.provider_transaction_id = $5
              WHERE fashionos.reservation_of(p.registration_id) = n.reservation_id)
         SELECT (SELECT lower(n.currency) = $2 AND n.amount * power(10::numeric, $3) = $4::numeric FROM named n),
                (SELECT count(*) > 1 AND bool_and(lower(x.currency) = $2)
                        AND sum(x.amount) * power(10::numeric, $3) = $4::numeric FROM reservation x),
                (SELECT array_agg(x.id ORDER BY x.id) FROM reservation x),
                (SELECT n.amount::text || ' ' || n.currency FROM named n),
                (SELECT count(*) || ' payments for ' || sum(x.amount)::text || ' ' || min(x.currency)
                   FROM reservation x HAVING count(*) > 0)",
        &[
            payment_id.into(),
            currency.as_str().into(),
            exponent.into(),
            amount.into(),
            transaction.into(),
        ],
        |r| {
            Ok((
                r.get::<bool>(1)?.unwrap_or(false),
                r.get::<bool>(2)?.unwrap_or(false),
                r.get::<Vec<pgrx::Uuid>>(3)?.unwrap_or_default(),
                r.get::<String>(4)?,
                r.get::<String>(5)?,
            ))
        },
    );
    match paid {
        Some((true, _, _, _, _)) | None => vec![payment_id],
        Some((false, true, reservation, _, _)) => reservation,
        // the provider refunded this transaction in full already: whatever it would have paid,
        // nothing is owed, and nothing is sold
        Some((false, false, _, _, _)) if refunded_first => Vec::new(),
        Some((false, false, _, owed, together)) => errors::conflict(
            "payment amount does not match",
            &format!(
                "Event {event_id} paid {amount} {currency} in minor units (10^-{exponent}); payment {payment_id} is for {}{}.",
                owed.unwrap_or_default(),
                // a waitlist offer's ticket, or a ticket paid apart, has no reservation to name
                together
                    .map(|t| format!(", its reservation's unpaid tickets together ({t})"))
                    .unwrap_or_default()
            ),
            "Refund or correct the charge with the provider: the reservation stays unpaid. Create the PaymentIntent for the amount and currency reserve_tickets returned (one ticket's, or the sum of the reservation's).",
        ),
    }
}

/// The payments a full refund gives back: every payment the refunded transaction completed (the
/// tickets of one order paid by one PaymentIntent; a payment completed by hand with the Charge's
/// id is the same transaction), whatever payment the metadata names (one of the order's tickets
/// may have been paid, or cancelled, apart). Empty: the transaction paid none of this database's
/// payments, so there is nothing to refund here, whatever the metadata names: a second charge
/// refunded as complete_payment's refusal advised (the named payment was paid by another
/// transaction, or in cash at the box office), or a charge refused as late, wrong or for a
/// cancelled event, refunded as its refusal advised. A refund without any transaction (a relay's
/// body) refunds the named payment.
fn payments_refunded(
    provider: Provider,
    payment_id: pgrx::Uuid,
    transaction: Option<&str>,
    charge: Option<&str>,
) -> Vec<pgrx::Uuid> {
    if transaction.is_none() && charge.is_none() {
        return vec![payment_id];
    }
    // The PaymentIntent first: what it completed is what the charge paid. The Charge's own id
    // only when the PaymentIntent completed nothing here (a payment completed by hand with it),
    // so that a Charge id recorded by mistake on another order's payment refunds nothing more.
    // Only payments that took the money (completed, or refunded already: a repeated refund): a
    // failed payment may carry the transaction too (an attempt of an imported order, say), and
    // nothing of it is refunded.
    let paid_by = |id: &str| -> Vec<pgrx::Uuid> {
        plans::one(
            "SELECT array_agg(p.id ORDER BY p.id) FROM public.payments p
              WHERE p.provider = $1 AND p.provider_transaction_id = $2
                AND p.status IN ('completed', 'refunded')",
            &[provider.name().into(), id.into()],
        )
        .unwrap_or_default()
    };
    let by_intent = transaction.map(paid_by).unwrap_or_default();
    if by_intent.is_empty() {
        return charge.map(paid_by).unwrap_or_default();
    }
    // and what the Charge's id paid of the same orders (a terminal's receipt shows the Charge:
    // the box office may have recorded some tickets of an order with it)
    let Some(charge) = charge else {
        return by_intent;
    };
    plans::one(
        "SELECT array_agg(p.id ORDER BY p.id) FROM public.payments p
          WHERE p.id = ANY ($3::uuid[])
             OR (p.provider = $1 AND p.provider_transaction_id = $2 AND p.status IN ('completed', 'refunded')
                 AND fashionos.reservation_of(p.registration_id) IN
                     (SELECT fashionos.reservation_of(q.registration_id) FROM public.payments q WHERE q.id = ANY ($3::uuid[])))",
        &[provider.name().into(), charge.into(), by_intent.clone().into()],
    )
    .unwrap_or(by_intent)
}

/// The endpoint a payment provider posts its webhook to (`POST /rpc/payment_webhook`, the body
/// as the provider sent it). See the module documentation. `p_body` is the text of the json
/// value `public.payment_webhook(json)` received: json keeps its input text as it was.
#[pg_extern(volatile, strict, parallel_unsafe, security_definer, requires = ["types"])]
#[search_path(pg_catalog, pg_temp)]
pub fn payment_webhook(
    p_body: &str,
) -> SetOfIterator<'static, composite_type!('static, "public.payment_webhook_result")> {
    errors::refuse_in_read_only_transaction("process a payment webhook");
    let body = p_body;
    let headers: Option<String> =
        plans::one("SELECT current_setting('request.headers', true)", &[]);
    let headers: HashMap<String, serde_json::Value> = headers
        .as_deref()
        .and_then(|h| serde_json::from_str(h).ok())
        .unwrap_or_default();
    let Some(provider) = Provider::from_headers(&headers) else {
        refuse(SignatureFault::Missing)
    };
    let header = headers
        .get("stripe-signature")
        .and_then(|v| v.as_str())
        .unwrap_or_default();
    let secrets = plans::first_row(
        "SELECT secret, CASE WHEN previous_valid_until > now() THEN previous_secret END,
                extract(epoch FROM now())::bigint
           FROM fashionos.payment_webhook_secrets WHERE provider = $1",
        &[provider.name().into()],
        |r| {
            Ok((
                r.get::<String>(1)?.unwrap_or_default(),
                r.get::<String>(2)?,
                r.get::<i64>(3)?.unwrap_or(0),
            ))
        },
    );
    let Some((secret, previous, now)) = secrets else {
        errors::raise(
            errors::SqlState::NOT_PREPARED,
            &format!("no webhook secret for {}", provider.name()),
            Some("fashionos.payment_webhook_secrets has no secret for this provider; the delivery was not processed."),
            Some("Set it with SELECT public.set_payment_webhook_secret('stripe', 'whsec_...') as service_role; the provider retries the delivery."),
        )
    };
    let mut keys = vec![secret.as_str()];
    if let Some(previous) = previous.as_deref() {
        keys.push(previous);
    }
    if let Err(fault) = verify_stripe(header, body, &keys, now) {
        refuse(fault)
    }

    let event = parse_event(provider, body).unwrap_or_else(|e| {
        errors::invalid(
            "webhook body is not an event",
            &format!("The signed body is not a {} event: {e}.", provider.name()),
            "Post the provider's event as it is.",
        )
    });
    // Recorded first: a second delivery of the event id waits here for the first to commit, then
    // finds it and changes nothing; if the first rolled back, the second processes it.
    let fresh: Option<bool> = plans::one(
        "INSERT INTO fashionos.webhook_events (provider, event_id, event_type, outcome)
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING true",
        &[
            provider.name().into(),
            event.id.as_str().into(),
            event.kind.as_str().into(),
            WebhookOutcome::Received.as_str().into(),
        ],
    );
    let (outcome, payment_id, changed) = if fresh.is_none() {
        let payment_id: Option<pgrx::Uuid> = plans::one(
            "SELECT payment_id FROM fashionos.webhook_events WHERE provider = $1 AND event_id = $2",
            &[provider.name().into(), event.id.as_str().into()],
        );
        (WebhookOutcome::Duplicate, payment_id, false)
    } else {
        let payment_id = match event.action {
            Action::Ignore => None,
            _ => payment_of(provider, &event),
        };
        let transaction = event.transaction_id.as_deref();
        // The payments' history names the event that moved them (sql/payment_ledger.sql), until
        // the event is handled.
        webhook_being_handled(&format!(
            "{} {} {}",
            provider.name(),
            event.kind.as_str(),
            event.id
        ));
        // The payment the answer reports: the named one when the event acted on it, else the
        // first one it did act on (an order whose named first ticket was cancelled before it was
        // paid: the others were).
        let reported = |acted: &[pgrx::Uuid], named: pgrx::Uuid| {
            if acted.contains(&named) || acted.is_empty() {
                Some(named)
            } else {
                acted.first().copied()
            }
        };
        // A success whose transaction the provider refunded in full before it came (it delivers
        // out of order)
        let refunded_first = matches!(event.action, Action::Complete)
            && !refunds_of(provider.name(), transaction).is_empty();
        let (outcome, changed, payment_id) = match (&event.action, payment_id) {
            // a ticket that is no longer on hold is not sold for it now, nor one of an event
            // cancelled meanwhile: the money is back with the buyer already, and the hold runs out
            (Action::Complete, Some(id))
                if refunded_first
                    && (payment_status(id).as_deref() != Some("pending")
                        || payment_event_cancelled(id)) =>
            {
                settle_refunds_first(provider.name(), transaction, None);
                (WebhookOutcome::Ignored, false, Some(id))
            }
            (Action::Complete, Some(id)) => {
                // the ticket, or every ticket of its reservation when the amount is theirs
                let paid = match &event.paid {
                    Some((amount, currency)) => payments_paid(
                        id,
                        &event.id,
                        *amount,
                        currency,
                        transaction,
                        refunded_first,
                    ),
                    None => vec![id],
                };
                let mut changed = false;
                for each in &paid {
                    changed |= ticketing::apply_complete_payment(
                        *each,
                        Some(provider.name()),
                        transaction,
                        Authority::VerifiedWebhook,
                    );
                }
                // (a full refund of the transaction that came first is recorded by each
                // completion: ticketing::apply_complete_payment)
                if paid.is_empty() {
                    settle_refunds_first(provider.name(), transaction, None);
                    (WebhookOutcome::Ignored, false, Some(id))
                } else {
                    (WebhookOutcome::Completed, changed, reported(&paid, id))
                }
            }
            (Action::Refund, Some(id)) => {
                // A refund of another transaction than the one that paid (a second charge the
                // organizers refunded, as complete_payment's refusal told them) refunds nothing.
                // The transaction's locks first (its PaymentIntent's and its Charge's, in that
                // order of their ids), as every completion with it takes one before anything else:
                // a completion in flight (by the success, or by hand) commits before this looks,
                // and one that comes after sees this refund and is refunded at once.
                let mut keys: Vec<&str> = transaction
                    .into_iter()
                    .chain(event.charge_id.as_deref())
                    .collect();
                keys.sort_unstable();
                keys.dedup();
                for key in keys {
                    lock_transaction(provider.name(), key);
                }
                let refunded =
                    payments_refunded(provider, id, transaction, event.charge_id.as_deref());
                if refunded.is_empty() {
                    // Still nothing, while the order of the named payment waits for payment: the
                    // success is on its way (the provider delivers out of order). Kept for it.
                    if transaction.is_some() && order_awaits_payment(id) {
                        (WebhookOutcome::RefundPending, false, Some(id))
                    } else {
                        (WebhookOutcome::Ignored, false, Some(id))
                    }
                } else {
                    // every ticket it may take back first (the paid ones and those they were
                    // exchanged into): their hold rows (a ticket held for the difference of an
                    // exchange has one), then the tickets, each in the order of their ids, then
                    // the tiers it may give them back to, in the order of theirs. The order of a
                    // box office's change, and of a payment of the difference failing or
                    // completing (its hold, then its ticket): none waits for another that waits
                    // for it.
                    // An exchange of one of those tickets that commits while its lock is awaited
                    // leaves a newer end of its chain, which the list read before the locks
                    // misses: the locks are then let go (a subtransaction rolled back) and taken
                    // again with the new end, in the same order, rather than taking the new
                    // ticket's hold after the tiers.
                    loop {
                        let planned = chain_tickets(&refunded);
                        if crate::subtransaction::attempt(|| {
                            plans::run(
                                "WITH held AS (
                                     SELECT h.registration_id FROM fashionos.registration_holds h
                                      WHERE h.registration_id = ANY ($1::uuid[]) ORDER BY h.registration_id FOR UPDATE OF h),
                                 locked AS (
                                     SELECT r.id, r.ticket_tier_id FROM public.registrations r
                                      WHERE r.id = ANY ($1::uuid[]) AND (SELECT count(*) FROM held) >= 0
                                      ORDER BY r.id FOR UPDATE OF r)
                                 SELECT 1 FROM public.ticket_tiers t
                                  WHERE t.id IN (SELECT ticket_tier_id FROM locked) ORDER BY t.id FOR NO KEY UPDATE OF t",
                                &[planned.clone().into()],
                            );
                            chain_tickets(&refunded) == planned
                        }) {
                            break;
                        }
                    }
                    let mut changed = false;
                    for each in &refunded {
                        changed |=
                            ticketing::apply_refund_payment(*each, Authority::VerifiedWebhook);
                    }
                    (WebhookOutcome::Refunded, changed, reported(&refunded, id))
                }
            }
            _ => (WebhookOutcome::Ignored, false, payment_id),
        };
        webhook_being_handled("");
        plans::run(
            "UPDATE fashionos.webhook_events SET outcome = $3, payment_id = $4,
                    transaction_id = CASE WHEN $3 IN ('refund_pending', 'refunded') THEN $5 END,
                    charge_id = CASE WHEN $3 IN ('refund_pending', 'refunded') THEN $6 END
              WHERE provider = $1 AND event_id = $2",
            &[
                provider.name().into(),
                event.id.as_str().into(),
                outcome.as_str().into(),
                payment_id.into(),
                transaction.into(),
                event.charge_id.as_deref().into(),
            ],
        );
        (outcome, payment_id, changed)
    };
    let state = payment_id.and_then(|id| {
        plans::first_row(
            "SELECT p.status, r.status FROM public.payments p
               JOIN public.registrations r ON r.id = fashionos.ticket_now(p.registration_id) WHERE p.id = $1",
            &[id.into()],
            |r| Ok((r.get::<String>(1)?, r.get::<String>(2)?)),
        )
    });
    let (payment_status, registration_status) = state.unwrap_or((None, None));
    // Built after SPI returned: SPI frees what is allocated while it is connected.
    SetOfIterator::once(
        crate::rows::RowBuilder::new("public.payment_webhook_result")
            .set("provider", provider.name())
            .set("event_id", event.id.as_str())
            .set("event_type", event.kind.as_str())
            .set("outcome", outcome.as_str())
            .set("payment_id", payment_id)
            .set("payment_status", payment_status)
            .set("registration_status", registration_status)
            .set("changed", changed)
            .build(),
    )
}

/// The tickets a refund of these payments may take back, in the order of their ids: each
/// payment's own and the end of its chain of exchanges (fashionos.ticket_now), as committed now.
fn chain_tickets(payments: &[pgrx::Uuid]) -> Vec<pgrx::Uuid> {
    plans::one(
        "SELECT array_agg(DISTINCT x.id ORDER BY x.id) FROM public.payments p
          CROSS JOIN LATERAL (VALUES (p.registration_id), (fashionos.ticket_now(p.registration_id))) AS x (id)
          WHERE p.id = ANY ($1::uuid[])",
        &[payments.to_vec().into()],
    )
    .unwrap_or_default()
}

/// The full refunds of a transaction received so far (outcome refund_pending: it had paid nothing
/// yet; refunded), by its PaymentIntent or its Charge: their event ids and types, oldest first.
pub fn refunds_of(provider: &str, transaction: Option<&str>) -> Vec<(String, String)> {
    let Some(transaction) = transaction else {
        return Vec::new();
    };
    plans::rows(
        "SELECT event_id, event_type FROM fashionos.webhook_events
          WHERE provider = $1 AND (transaction_id = $2 OR charge_id = $2) AND outcome IN ('refund_pending', 'refunded')
          ORDER BY received_at, event_id",
        &[provider.into(), transaction.into()],
        |r| {
            Ok((
                r.get::<String>(1)?.unwrap_or_default(),
                r.get::<String>(2)?.unwrap_or_default(),
            ))
        },
    )
}

/// The lock of a provider transaction (a PaymentIntent or a Charge id): a completion with it
/// takes it before anything else (ticketing::apply_complete_payment), a full refund before it
/// looks at what the transaction paid.
pub fn lock_transaction(provider: &str, transaction: &str) {
    plans::run(
        "SELECT pg_advisory_xact_lock(hashtextextended('fashionos.transaction:' || $1 || ':' || $2, 0))",
        &[provider.into(), transaction.into()],
    );
}

/// A payment was just completed with a provider transaction that the provider had already
/// refunded in full (its refund came first: refund_pending, or refunded when it refunded others):
/// the payment is refunded at once, its history entry under the refund's event, and the refund
/// reads refunded. Called by the completion with the ticket's row and the transaction's lock
/// held, so a refund delivered at the same moment is either seen here or sees the payment
/// completed. Returns whether it refunded.
pub fn refund_if_refunded_first(provider: &str, transaction: &str, payment_id: pgrx::Uuid) -> bool {
    let refunds = refunds_of(provider, Some(transaction));
    let Some((first, kind)) = refunds.first() else {
        return false;
    };
    let handling: Option<String> = plans::one(
        "SELECT current_setting('fashionos.payment_webhook', true)",
        &[],
    );
    webhook_being_handled(&format!("{provider} {kind} {first}"));
    let changed = ticketing::apply_refund_payment(payment_id, Authority::VerifiedWebhook);
    webhook_being_handled(handling.as_deref().unwrap_or(""));
    settle_refunds_first(provider, Some(transaction), Some(payment_id));
    changed
}

/// Whether the order of a payment still awaits payment: the payment itself is pending, or another
/// ticket of its reservation is (the ticket a refund's metadata names may have been cancelled
/// before its order was paid; the success pays the others).
fn order_awaits_payment(payment_id: pgrx::Uuid) -> bool {
    plans::one::<bool>(
        "SELECT p.status = 'pending'
                OR EXISTS (SELECT 1 FROM fashionos.registration_holds h
                             JOIN public.payments q ON q.registration_id = h.registration_id AND q.status = 'pending'
                            WHERE h.reservation_id = fashionos.reservation_of(p.registration_id))
           FROM public.payments p WHERE p.id = $1",
        &[payment_id.into()],
    ) == Some(true)
}

/// The refunds of a transaction that came before its success (refund_pending) are settled
/// (refunded): the success refunded the payment it completed (`payment`, which they name from
/// then on if they named none), or sold nothing. They still refund any payment completed with
/// the transaction later.
fn settle_refunds_first(provider: &str, transaction: Option<&str>, payment: Option<pgrx::Uuid>) {
    if let Some(transaction) = transaction {
        plans::run(
            "UPDATE fashionos.webhook_events SET outcome = 'refunded', payment_id = coalesce(payment_id, $3)
              WHERE provider = $1 AND (transaction_id = $2 OR charge_id = $2) AND outcome = 'refund_pending'",
            &[provider.into(), transaction.into(), payment.into()],
        );
    }
}

/// A payment's status now.
fn payment_status(payment_id: pgrx::Uuid) -> Option<String> {
    plans::one(
        "SELECT status FROM public.payments WHERE id = $1",
        &[payment_id.into()],
    )
}

/// Whether the event of a payment's ticket is cancelled.
fn payment_event_cancelled(payment_id: pgrx::Uuid) -> bool {
    plans::one::<bool>(
        "SELECT e.status = 'cancelled' FROM public.payments p
           JOIN public.registrations r ON r.id = p.registration_id
           JOIN public.events e ON e.id = r.event_id
          WHERE p.id = $1",
        &[payment_id.into()],
    ) == Some(true)
}

/// The webhook event being handled ("" when none): the setting fashionos.payment_webhook, which the
/// payments' history records with each change the event makes.
fn webhook_being_handled(event: &str) {
    plans::run(
        "SELECT pg_catalog.set_config('fashionos.payment_webhook', $1, true)",
        &[event.into()],
    );
}

/// Sets or rotates a payment provider's webhook signing secret (server-side code only: the
/// database owner or service_role). The previous secret verifies for 24 more hours. Returns 'set'
/// or 'rotated'; the secret is never readable back.
#[pg_extern(volatile, strict, parallel_unsafe, security_definer)]
#[search_path(pg_catalog, pg_temp)]
pub fn set_payment_webhook_secret(p_provider: &str, p_secret: &str) -> String {
    errors::refuse_in_read_only_transaction("set a webhook secret");
    let caller = access::caller();
    if !caller.server {
        errors::forbidden(
            "not allowed to set webhook secrets",
            &format!(
                "Role {} is not server-side code; only the database owner or service_role sets payment webhook secrets.",
                caller.role_name
            ),
            "Call it with the service_role key, or as the database owner.",
        )
    }
    let Some(provider) = PaymentProvider::parse(p_provider) else {
        let verified: Vec<_> = Provider::ALL.iter().map(|p| p.name()).collect();
        let reserved: Vec<_> = PaymentProvider::ALL
            .iter()
            .map(|p| p.as_str())
            .filter(|p| !verified.contains(p))
            .collect();
        errors::invalid(
            "unknown payment provider",
            &format!("p_provider is {}.", errors::shown(p_provider)),
            &format!(
                "Use {} (verified at payment_webhook today); {} are accepted too, for the verifiers to come.",
                verified.join(", "),
                reserved.join(" and ")
            ),
        )
    };
    if p_secret.trim() != p_secret {
        errors::invalid(
            "webhook secret has white space around it",
            "A secret has no white space at its start or end; the provider signs with it as it is.",
            "Copy the endpoint's signing secret (whsec_...) from the provider's dashboard without the spaces or line break around it.",
        )
    }
    if p_secret.chars().count() < 16 {
        errors::invalid(
            "webhook secret is too short",
            &format!(
                "A secret has at least 16 characters; this one has {}.",
                p_secret.chars().count()
            ),
            "Copy the endpoint's signing secret (whsec_...) from the provider's dashboard.",
        )
    }
    let rotated: Option<bool> = plans::one(
        "INSERT INTO fashionos.payment_webhook_secrets AS s (provider, secret)
         VALUES ($1, $2)
         ON CONFLICT (provider) DO UPDATE
            SET previous_secret = CASE WHEN s.secret = EXCLUDED.secret THEN s.previous_secret ELSE s.secret END,
                previous_valid_until = CASE WHEN s.secret = EXCLUDED.secret THEN s.previous_valid_until
                                            ELSE now() + make_interval(hours => $3) END,
                secret = EXCLUDED.secret,
                rotated_at = now()
         RETURNING previous_secret IS NOT NULL",
        &[
            provider.as_str().into(),
            p_secret.into(),
            ROTATION_GRACE_HOURS.into(),
        ],
    );
    if rotated == Some(true) {
        "rotated".into()
    } else {
        "set".into()
    }
}

// The public functions of this module: one SQL wrapper each (sql/api/ has the style).
extension_sql_file!(
    "../sql/api/webhooks.sql",
    name = "api_webhooks",
    requires = [payment_webhook, set_payment_webhook_secret, "data_safety"]
);

#[cfg(any(test, feature = "pg_test"))]
#[pg_schema]
mod tests {
    use super::*;

    fn sign(secret: &str, t: i64, body: &str) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
        mac.update(format!("{t}.{body}").as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    #[pg_test]
    fn stripe_signatures() {
        let body = r#"{"id":"evt_1","type":"payment_intent.succeeded"}"#;
        let secret = "whsec_test_0123456789";
        let header = format!("t=1000,v1={}", sign(secret, 1000, body));
        assert_eq!(verify_stripe(&header, body, &[secret], 1100), Ok(1000));
        assert_eq!(
            verify_stripe(&header, &body.replace("evt_1", "evt_2"), &[secret], 1100),
            Err(SignatureFault::Mismatch)
        );
        assert_eq!(
            verify_stripe(&header, body, &[secret], 1000 + TOLERANCE_SECONDS + 1),
            Err(SignatureFault::Stale {
                age: TOLERANCE_SECONDS + 1
            })
        );
        assert_eq!(
            verify_stripe("v1=00", body, &[secret], 1000),
            Err(SignatureFault::Malformed)
        );
        // During a rotation: signed with the old secret, verified with [new, old].
        assert_eq!(
            verify_stripe(&header, body, &["whsec_new_0123456789", secret], 1000),
            Ok(1000)
        );
        // The right signature among others is found; a header of many signatures is refused
        // before any hashing, and so is a stale timestamp whatever the signatures.
        let crowded = format!("t=1000,v1=00,v1=zz,v1={}", sign(secret, 1000, body));
        assert_eq!(verify_stripe(&crowded, body, &[secret], 1000), Ok(1000));
        let flood = format!("t=1000{}", ",v1=".repeat(MAX_SIGNATURES + 1));
        assert_eq!(
            verify_stripe(&flood, body, &[secret], 1000),
            Err(SignatureFault::TooManySignatures {
                count: MAX_SIGNATURES + 1
            })
        );
        assert_eq!(
            verify_stripe("t=1,v1=00", body, &[secret], 1000),
            Err(SignatureFault::Stale { age: 999 })
        );
        assert_eq!(
            verify_stripe(&format!("t={},v1=00", i64::MIN), body, &[secret], 1000),
            Err(SignatureFault::Stale { age: i64::MAX })
        );
        let event = parse_event(
            Provider::Stripe,
            r#"{"id":"evt_9","type":"charge.refunded","data":{"object":{"id":"ch_1","payment_intent":"pi_1","refunded":true,"metadata":{}}}}"#,
        )
        .unwrap();
        assert_eq!(event.action, Action::Refund);
        assert_eq!(event.transaction_id.as_deref(), Some("pi_1"));
        assert_eq!(event.charge_id.as_deref(), Some("ch_1"));
        // without the flag that says the charge is refunded in full: not taken for a full refund
        assert_eq!(
            parse_event(
                Provider::Stripe,
                r#"{"id":"evt_9","type":"charge.refunded","data":{"object":{"id":"ch_1","payment_intent":"pi_1"}}}"#,
            )
            .unwrap()
            .action,
            Action::Ignore
        );
        assert!(parse_event(Provider::Stripe, "[]").is_err());
        // U+0000 in an id, a type or a currency: not an event PostgreSQL could record
        for body in [
            r#"{"id":"evt_nul\u0000first","type":"customer.created","data":{"object":{}}}"#,
            r#"{"id":"e","type":"charge.refunded\u0000","data":{"object":{}}}"#,
            r#"{"id":"e","type":"payment_intent.succeeded","data":{"object":{"id":"pi_1","amount":500,"currency":"eur\u0000"}}}"#,
        ] {
            assert!(parse_event(Provider::Stripe, body)
                .unwrap_err()
                .contains("U+0000"));
        }
        let stripe = |body: &str| parse_event(Provider::Stripe, body).unwrap();
        // A partial refund, a declined attempt, a canceled PaymentIntent: nothing to do (another
        // PaymentIntent may still pay; the hold runs out by itself).
        assert_eq!(
            stripe(r#"{"id":"e","type":"charge.refunded","data":{"object":{"id":"ch_1","payment_intent":"pi_1","refunded":false,"amount":10000,"amount_refunded":100}}}"#).action,
            Action::Ignore
        );
        assert_eq!(
            stripe(r#"{"id":"e","type":"payment_intent.payment_failed","data":{"object":{"id":"pi_1"}}}"#).action,
            Action::Ignore
        );
        assert_eq!(
            stripe(
                r#"{"id":"e","type":"payment_intent.canceled","data":{"object":{"id":"pi_1"}}}"#
            )
            .action,
            Action::Ignore
        );
        // What a success paid: amount_received before amount; a payment id that is not a string
        // is kept as its text (refused later as not a uuid).
        let paid = stripe(
            r#"{"id":"e","type":"payment_intent.succeeded","data":{"object":{"id":"pi_1","amount":500,"amount_received":400,"currency":"eur","metadata":{"payment_id":5}}}}"#,
        );
        assert_eq!(paid.paid, Some((400, "eur".to_string())));
        assert_eq!(paid.payment_id.as_deref(), Some("5"));
    }
}
