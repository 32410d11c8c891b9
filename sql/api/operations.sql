-- api/operations.sql: what an operator schedules and watches (docs/operations.md, "Scheduled jobs",
-- "Monitoring", "Retention"). Style: see sql/api/ticketing.sql.

CREATE FUNCTION public.ticketing_health()
    RETURNS SETOF public.health_check
    LANGUAGE sql STABLE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT * FROM fashionos.ticketing_health() $$;
COMMENT ON FUNCTION public.ticketing_health() IS
$$For server-side code and monitoring (with the service key, or a scheduled job): one row per check of ticketing, each with problems 0 when healthy, the oldest time that matters to them, a detail and a hint. Checks: inventory_drift (tiers of current events whose quantity_sold differs from their live registrations), pending_without_hold, cancelled_token_not_revoked (current events: not ended more than 7 days ago), expired_holds and lapsed_offers (more than 2 minutes past their expiry, not released: release_expired_holds is late), stalled_waitlists (free places on a tier on sale while entries wait), unnoticed_offers (open offers the mailer has not taken for 5 minutes), webhook_events_unmatched (the last 24 hours' payment webhook events that paid or refunded nothing although their type pays or refunds), long_transactions (transactions with an id open longer than the setting fashionos.health_long_transaction, default 5 minutes, anywhere in the cluster: they hold back the door deltas). Errors: 42501 not server-side code (401/403), 22023 fashionos.health_long_transaction is not an interval (400).$$;

CREATE FUNCTION public.prune_history(p_before timestamptz)
    RETURNS jsonb
    LANGUAGE sql VOLATILE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT fashionos.prune_history(fashionos.required(p_before, 'p_before')) $$;
COMMENT ON FUNCTION public.prune_history(timestamptz) IS
$$For server-side code on a schedule (with the service key, or a job of the database, on the primary): deletes the private rows no longer needed. For events that ended (end_date, else start_date) before p_before: their door changes, door scans and waitlist entries (every status). By age: payment webhook events received before p_before and more than 7 days ago, idempotency keys older than 24 hours. Keeps the payment history, registrations, payments, revoked tokens (an event dated anew still refuses a reissued ticket's old token at its doors), signing keys and imported tickets, and every row of events that ended since p_before; the door bundles of live events are unaffected, and no tier is locked. Answers the number of rows deleted per table (and of ended events considered) as a JSON object. p_before must be at least 7 days ago. Errors: 42501 not server-side code (401/403), 22023 p_before missing or too recent (400).$$;
