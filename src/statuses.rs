//! The words of the data: statuses, providers, resource types, and the reasons a ticket is refused.
//!
//! The SQL catalog owns every set a CHECK constraint enforces (sql/ticketing.sql,
//! sql/availability.sql, ...). Rust names the same words as enums, so that a typo is a compile
//! error and a `match` covers every case; the tests at the bottom read each CHECK constraint with
//! `pg_get_constraintdef` and fail when an enum and its constraint list different words.
//! [`Refusal`] has no constraint: it is the API's own vocabulary (the `reason` of
//! `public.ticket_verification` and `public.door_scan_result`, docs/api.md).

use crate::qr::TokenFault;

/// An enum of words: `as_str` gives the word, `parse` reads it back, `ALL` lists them in order.
macro_rules! words {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every value, in the order the constraint lists them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The word as the database stores it.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            /// The value of a stored word; `None` for a word outside the set.
            pub fn parse(text: &str) -> Option<$name> {
                match text {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }

            /// Every word, in order.
            pub fn words() -> Vec<&'static str> {
                $name::ALL.iter().map(|v| v.as_str()).collect()
            }

            /// The words joined with ", ", for error hints.
            pub fn list() -> String {
                $name::words().join(", ")
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

words! {
    /// `public.registrations.status`.
    RegistrationStatus {
        /// Reserved, its payment not completed (a hold).
        Pending = "pending",
        /// Paid or free: the ticket admits.
        Confirmed = "confirmed",
        /// Cancelled, refunded or expired: the ticket no longer admits.
        Cancelled = "cancelled",
        /// Checked in at the door.
        Attended = "attended",
    }
}

words! {
    /// `public.payments.status`.
    PaymentStatus {
        Pending = "pending",
        Completed = "completed",
        Failed = "failed",
        Refunded = "refunded",
    }
}

words! {
    /// `public.payments.provider` and `fashionos.payment_webhook_secrets.provider`.
    PaymentProvider {
        Stripe = "stripe",
        Paypal = "paypal",
        Square = "square",
    }
}

words! {
    /// `fashionos.bookings.resource_type`: what the booking ledger books.
    ResourceType {
        /// public.venues
        Venue = "venue",
        /// public.model_profiles
        Model = "model",
        /// public.designer_profiles
        Designer = "designer",
        /// public.stakeholders (crew, booked by call times)
        Stakeholder = "stakeholder",
    }
}

impl ResourceType {
    /// What the id of a resource of this type is the id of.
    pub fn noun(self) -> &'static str {
        match self {
            ResourceType::Venue => "venue",
            ResourceType::Model => "model profile",
            ResourceType::Designer => "designer profile",
            ResourceType::Stakeholder => "stakeholder",
        }
    }

    /// Every type's noun, "a, b, c or d".
    pub fn nouns() -> String {
        let nouns: Vec<&str> = ResourceType::ALL.iter().map(|t| t.noun()).collect();
        match nouns.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            _ => nouns.join(""),
        }
    }
}

words! {
    /// `fashionos.bookings.status`.
    BookingStatus {
        Booked = "booked",
        Blocked = "blocked",
        /// A hold: may overlap, reported as a conflict.
        Tentative = "tentative",
    }
}

impl BookingStatus {
    /// booked and blocked exclude each other on one resource; tentative does not.
    pub fn is_hard(self) -> bool {
        matches!(self, BookingStatus::Booked | BookingStatus::Blocked)
    }
}

words! {
    /// `public.booking_conflict.severity`: how a reported pair of bookings collides.
    ConflictSeverity {
        /// Both rows are booked or blocked.
        Hard = "hard",
        /// A tentative hold is involved.
        Tentative = "tentative",
        /// The other row is another organization's booking, reported as an anonymous busy span
        /// (whose status is reported as "busy" too).
        Busy = "busy",
    }
}

words! {
    /// `fashionos.revoked_tokens.reason`: why a token was revoked.
    RevocationReason {
        Cancelled = "cancelled",
        /// A newer token was issued for the same registration.
        Reissued = "reissued",
        Refunded = "refunded",
        Expired = "expired",
        Failed = "failed",
    }
}

words! {
    /// `fashionos.door_scans.outcome`: what the sync of an offline scan answered.
    ScanOutcome {
        /// The scan is the ticket's check-in.
        Admitted = "admitted",
        /// The ticket was checked in before (at another gate, earlier, or online).
        Duplicate = "duplicate",
        /// The ticket does not admit ([`Refusal`] says why).
        Refused = "refused",
    }
}

words! {
    /// `public.check_in_result.outcome`.
    CheckInOutcome {
        CheckedIn = "checked_in",
        AlreadyCheckedIn = "already_checked_in",
    }
}

words! {
    /// `fashionos.webhook_events.outcome` and `public.payment_webhook_result.outcome`: what a
    /// delivered payment event did.
    WebhookOutcome {
        /// Recorded, being processed (the state a second delivery waits behind).
        Received = "received",
        Completed = "completed",
        Failed = "failed",
        Refunded = "refunded",
        /// A full refund of a transaction whose payment has not arrived yet (the provider sent
        /// them out of order): kept, and recorded with the payment when it comes.
        RefundPending = "refund_pending",
        /// Not a fashionos payment, or an event type that changes nothing.
        Ignored = "ignored",
        /// The event id was processed before: nothing changed.
        Duplicate = "duplicate",
    }
}

words! {
    /// Why a ticket does not admit: the `reason` of `verify_ticket` and of an offline scan.
    Refusal {
        /// Not a fashionos ticket token.
        Malformed = "malformed",
        /// Its signature does not match: the token was altered.
        Tampered = "tampered",
        /// Signed by a key this database does not have.
        Foreign = "foreign",
        /// Genuine, but no registration carries it.
        Unknown = "unknown",
        /// A newer ticket was issued for the registration.
        Revoked = "revoked",
        /// The registration was cancelled, refunded or expired.
        Cancelled = "cancelled",
        /// The ticket is for another event.
        WrongEvent = "wrong_event",
        /// The registration's payment has not completed.
        Unpaid = "unpaid",
        /// The ticket was checked in already (`verify_ticket`; an offline scan of it is a
        /// `duplicate`).
        Used = "used",
        /// The ticket's event was cancelled: none of its tickets admits (`verify_ticket`).
        EventCancelled = "event_cancelled",
        /// An offline scan made while the ticket admitted, synced after it was cancelled or
        /// refunded: the gate was right then, and the cancellation stands.
        CancelledAfterScan = "cancelled_after_scan",
    }
}

impl Refusal {
    /// A revoked token's refusal: a reissued ticket is revoked, the others were cancelled.
    pub fn of_revocation(reason: &str) -> Refusal {
        match RevocationReason::parse(reason) {
            Some(RevocationReason::Reissued) => Refusal::Revoked,
            _ => Refusal::Cancelled,
        }
    }

    /// The refusal of a registration in this status; `None` when its ticket admits (confirmed,
    /// or attended: then the scan is a repeat).
    pub fn of_status(status: Option<RegistrationStatus>) -> Option<Refusal> {
        match status {
            Some(RegistrationStatus::Confirmed | RegistrationStatus::Attended) => None,
            Some(RegistrationStatus::Pending) => Some(Refusal::Unpaid),
            Some(RegistrationStatus::Cancelled) | None => Some(Refusal::Cancelled),
        }
    }
}

impl From<TokenFault> for Refusal {
    fn from(fault: TokenFault) -> Refusal {
        match fault {
            TokenFault::Malformed => Refusal::Malformed,
            TokenFault::Tampered => Refusal::Tampered,
            TokenFault::Foreign => Refusal::Foreign,
        }
    }
}

#[cfg(any(test, feature = "pg_test"))]
#[pgrx::pg_schema]
mod tests {
    use super::*;
    use pgrx::prelude::*;

    /// The words a column's CHECK constraint allows, in the order it lists them: the quoted
    /// literals of `pg_get_constraintdef` of the one CHECK constraint on that column alone.
    fn allowed(table: &str, column: &str) -> Vec<String> {
        crate::plans::one::<Vec<String>>(
            "SELECT pg_catalog.array_agg(m.w[1] ORDER BY m.n)
               FROM pg_catalog.pg_constraint c
               JOIN pg_catalog.pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
              CROSS JOIN LATERAL pg_catalog.regexp_matches(pg_catalog.pg_get_constraintdef(c.oid), '''([^'']*)''', 'g')
                         WITH ORDINALITY AS m(w, n)
              WHERE c.conrelid = $1::text::pg_catalog.regclass AND c.contype = 'c'
                AND pg_catalog.cardinality(c.conkey) = 1 AND a.attname = $2",
            &[table.into(), column.into()],
        )
        .unwrap_or_default()
    }

    #[pg_test]
    fn enums_list_what_the_check_constraints_allow() {
        let pairs = [
            (
                "public.registrations",
                "status",
                RegistrationStatus::words(),
            ),
            ("public.payments", "status", PaymentStatus::words()),
            ("public.payments", "provider", PaymentProvider::words()),
            (
                "fashionos.payment_webhook_secrets",
                "provider",
                PaymentProvider::words(),
            ),
            ("fashionos.bookings", "resource_type", ResourceType::words()),
            ("fashionos.bookings", "status", BookingStatus::words()),
            (
                "fashionos.revoked_tokens",
                "reason",
                RevocationReason::words(),
            ),
            ("fashionos.door_scans", "outcome", ScanOutcome::words()),
        ];
        for (table, column, expected) in pairs {
            assert_eq!(
                allowed(table, column),
                expected,
                "the CHECK constraint of {table}.{column} and its Rust enum list different words"
            );
        }
    }

    /// Each resource type has its tables (fashionos.resource_tables), and each bookable type an
    /// availability table.
    #[pg_test]
    fn every_resource_type_has_its_tables() {
        for t in ResourceType::ALL {
            let tables = crate::plans::one::<i64>(
                "SELECT count(*) FROM fashionos.resource_tables($1) t WHERE t.resource_table IS NOT NULL",
                &[t.as_str().into()],
            );
            assert_eq!(tables, Some(1), "resource type {t}");
        }
        let bookable = crate::plans::one::<i64>(
            "SELECT count(t.availability_table) FROM pg_catalog.unnest(fashionos.bookable_types()) b
               CROSS JOIN LATERAL fashionos.resource_tables(b) t",
            &[],
        );
        assert_eq!(bookable, Some(3));
    }

    #[pg_test]
    fn words_read_back() {
        for s in RegistrationStatus::ALL {
            assert_eq!(RegistrationStatus::parse(s.as_str()), Some(*s));
        }
        for r in Refusal::ALL {
            assert_eq!(Refusal::parse(r.as_str()), Some(*r));
        }
        assert_eq!(RegistrationStatus::parse("Pending"), None);
        assert_eq!(Refusal::of_revocation("reissued"), Refusal::Revoked);
        assert_eq!(Refusal::of_revocation("refunded"), Refusal::Cancelled);
        assert_eq!(
            Refusal::of_status(Some(RegistrationStatus::Pending)),
            Some(Refusal::Unpaid)
        );
        assert_eq!(ResourceType::list(), "venue, model, designer, stakeholder");
        assert_eq!(
            ResourceType::nouns(),
            "venue, model profile, designer profile or stakeholder"
        );
    }
}
