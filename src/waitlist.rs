//! Waitlist: a sold-out tier's queue, offers of freed tickets, claims (sql/waitlist.sql).
//!
//! The logic is PL/pgSQL in sql/waitlist.sql (private state in schema fashionos, like options;
//! loaded in the order of src/lib.rs); this module gives it the one piece that must be Rust, the
//! signature of an offer's ticket token.

use pgrx::prelude::*;

/// Signs a new ticket token for a registration of an event: the token of a waitlist offer's
/// registration (fashionos.waitlist_offer), the same Ed25519 token reserve_tickets issues. Granted
/// to nobody: the extension's SECURITY DEFINER functions call it.
#[pg_extern(volatile, parallel_unsafe)]
#[search_path(pg_catalog, pg_temp)]
pub fn issue_ticket_token(p_registration_id: pgrx::Uuid, p_event_id: pgrx::Uuid) -> String {
    crate::qr::issue_token(p_registration_id, p_event_id)
}

#[cfg(any(test, feature = "pg_test"))]
#[pg_schema]
mod tests {
    use pgrx::prelude::*;

    /// A freed ticket of a sold-out tier goes to the first waiting entry, is claimed with the
    /// token, and quantity_sold counts the live registrations throughout.
    #[pg_test]
    fn freed_ticket_goes_to_the_first_waiter() {
        crate::plans::run_script(
            "INSERT INTO auth.users (id, email) VALUES ('00000000-0000-0000-0000-0000000000a1', 'o@x.io');
             INSERT INTO public.organizations (id, name, slug) VALUES ('00000000-0000-0000-0000-0000000000b1', 'Maison', 'maison');
             INSERT INTO public.users (id, email, role, organization_id) VALUES ('00000000-0000-0000-0000-0000000000a1', 'o@x.io', 'owner', '00000000-0000-0000-0000-0000000000b1');
             INSERT INTO public.events (id, name, start_date, organization_id, created_by) VALUES ('00000000-0000-0000-0000-0000000000c1', 'Show', now() + interval '7 days', '00000000-0000-0000-0000-0000000000b1', '00000000-0000-0000-0000-0000000000a1');
             INSERT INTO public.ticket_tiers (id, event_id, name, type, price, quantity_total)
             VALUES ('00000000-0000-0000-0000-0000000000d1', '00000000-0000-0000-0000-0000000000c1', 'Front row', 'paid', 90, 1);
             CREATE TEMP TABLE sale AS SELECT * FROM fashionos.reserve_tickets('00000000-0000-0000-0000-0000000000d1', 1, 'a@example.com', 'A');
             CREATE TEMP TABLE w1 AS SELECT * FROM fashionos.join_waitlist('00000000-0000-0000-0000-0000000000d1', ' B@Example.com ', 'B');
             CREATE TEMP TABLE w2 AS SELECT * FROM fashionos.join_waitlist('00000000-0000-0000-0000-0000000000d1', 'c@example.com', 'C');",
        );
        let positions = crate::plans::first_row(
            "SELECT (SELECT position FROM w1), (SELECT position FROM w2)",
            &[],
            |r| Ok((r.get::<i32>(1)?, r.get::<i32>(2)?)),
        );
        assert_eq!(positions, Some((Some(1), Some(2))));
        crate::plans::run(
            "SELECT * FROM fashionos.cancel_registration((SELECT registration_id FROM sale))",
            &[],
        );
        let offered = crate::plans::first_row(
            "SELECT (SELECT status FROM fashionos.waitlist_status((SELECT claim_token FROM w1))),
                    (SELECT attendee_email FROM public.registrations WHERE status = 'pending')",
            &[],
            |r| Ok((r.get::<String>(1)?, r.get::<String>(2)?)),
        );
        assert_eq!(
            offered,
            Some((Some("offered".into()), Some("b@example.com".into())))
        );
        let claimed = crate::plans::first_row(
            "SELECT c.status, c.payment_id IS NOT NULL
               FROM fashionos.claim_waitlist_offer((SELECT claim_token FROM w1)) c",
            &[],
            |r| Ok((r.get::<String>(1)?, r.get::<bool>(2)?)),
        );
        assert_eq!(claimed, Some((Some("pending".into()), Some(true))));
        let at_rest = crate::plans::one::<bool>(
            "SELECT t.quantity_sold = (SELECT count(*) FROM public.registrations r
                                        WHERE r.ticket_tier_id = t.id AND r.status <> 'cancelled')
               FROM public.ticket_tiers t WHERE t.id = '00000000-0000-0000-0000-0000000000d1'",
            &[],
        );
        assert_eq!(at_rest, Some(true));
    }
}
