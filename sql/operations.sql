-- operations.sql: what an operator runs on a schedule (docs/operations.md, "Scheduled jobs",
-- "Monitoring", "Retention"): the health check of ticketing, and the pruning of private rows that
-- are no longer needed. Both are for server-side code (service_role, or a role that bypasses row
-- level security, such as a Supabase project's postgres running pg_cron); public wrappers in
-- sql/api/operations.sql.

-- One check of public.ticketing_health: how many problems it found (0: healthy), the oldest time
-- that matters to it (the earliest expiry, offer, event, transaction start; null when it has none
-- or found nothing), what it found, and what to do.
CREATE TYPE public.health_check AS (
    check_name text,
    problems bigint,
    oldest timestamptz,
    detail text,
    hint text
);
COMMENT ON TYPE public.health_check IS
    'One check of ticketing_health: its name, how many problems it found (0 when healthy), the oldest time that matters to them, what it found and what to do.';

-- webhook_events is read by age: by the health check (the last 24 hours) and by prune_history.
CREATE INDEX idx_webhook_events_received_at ON fashionos.webhook_events (received_at);

-- ---------------------------------------------------------------------------------------------
-- The health check
-- ---------------------------------------------------------------------------------------------
-- Each check reads a bounded part of the data, through an index:
--   * the counts of tickets (inventory, pending without hold, cancelled without revoked token)
--     look at the tiers and registrations of current events only: those that have not ended
--     more than 7 days ago (the earliest prune_history may prune; check_ticket_inventory checks
--     every tier), found by events (a small table) then registrations by event or tier;
--   * holds and offers by expiry (idx_registration_holds_expiry), the mailer's backlog by its
--     partial index, waiting entries by theirs, webhook events of the last 24 hours by
--     received_at, transactions from pg_stat_activity and pg_prepared_xacts.
-- Holds and offers are reported once they are 2 minutes past their expiry: a release every
-- minute (the recommended job) leaves none older.
--
-- The door's delta sequence is the xmin of a snapshot (src/door.rs): the oldest transaction id
-- still running in the cluster, whatever its database. Only a transaction that has an id
-- (backend_xid: it wrote something, or asked for txid_current) holds it back, and a prepared
-- transaction does too; a long read-only query (backend_xmin only) holds back vacuum, not the
-- door. The age counted as long is the setting fashionos.health_long_transaction (an interval,
-- default 5 minutes).
CREATE FUNCTION fashionos.ticketing_health()
    RETURNS SETOF public.health_check
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_grace constant interval := interval '2 minutes';
    v_mailer constant interval := interval '5 minutes';
    v_long interval;
    v_current_from timestamptz := pg_catalog.now() - interval '7 days';
    v_count bigint;
    v_oldest timestamptz;
    v_detail text;
BEGIN
    IF NOT fashionos.caller_is_server() THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'not allowed to check the health of ticketing',
            DETAIL = 'The checks read every tier, hold, waitlist, webhook event and transaction of the database, across organizations: server-side code (service_role) runs them.',
            HINT = 'Run it with the service key, or from a scheduled job of the database.';
    END IF;
    BEGIN
        v_long := coalesce(NULLIF(pg_catalog.current_setting('fashionos.health_long_transaction', true), '')::interval,
                           interval '5 minutes');
        -- (an interval that reaches before the first timestamp is out of range too)
        PERFORM pg_catalog.now() - v_long;
    EXCEPTION WHEN invalid_datetime_format OR datetime_field_overflow OR interval_field_overflow THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'fashionos.health_long_transaction is not an interval',
            DETAIL = pg_catalog.format('The setting is %s.', pg_catalog.left(pg_catalog.current_setting('fashionos.health_long_transaction', true), 100)),
            HINT = 'Set it to an interval such as ''5 minutes'', or reset it (default 5 minutes).';
    END;

    -- 1. quantity_sold = live registrations (not cancelled), tier by tier
    SELECT pg_catalog.count(*), pg_catalog.min(x.start_date) INTO v_count, v_oldest
      FROM (SELECT e.start_date
              FROM public.events e
              JOIN public.ticket_tiers t ON t.event_id = e.id
             WHERE coalesce(e.end_date, e.start_date) >= v_current_from
               AND t.quantity_sold <> (SELECT pg_catalog.count(*) FROM public.registrations r
                                        WHERE r.ticket_tier_id = t.id AND r.status <> 'cancelled')) x;
    RETURN NEXT ('inventory_drift', v_count, v_oldest,
                 pg_catalog.format('%s tier(s) of current events count another quantity_sold than their live registrations (oldest: the earliest event''s start).', v_count),
                 'Tickets were written around the ticketing functions: check_ticket_inventory lists the tiers, recount_ticket_tiers(event) sets quantity_sold to the live registrations.')::public.health_check;

    -- 2. a hold row for every pending registration (else it never expires and keeps its place)
    SELECT pg_catalog.count(*), pg_catalog.min(r.created_at) INTO v_count, v_oldest
      FROM public.events e
      JOIN public.registrations r ON r.event_id = e.id
     WHERE coalesce(e.end_date, e.start_date) >= v_current_from
       AND r.status = 'pending'
       AND NOT EXISTS (SELECT 1 FROM fashionos.registration_holds h WHERE h.registration_id = r.id);
    RETURN NEXT ('pending_without_hold', v_count, v_oldest,
                 pg_catalog.format('%s pending registration(s) of current events have no hold: nothing releases them, and each keeps a place (oldest: its created_at).', v_count),
                 'They were written around reserve_tickets (or their hold row was deleted by hand): complete their payment, or cancel them with cancel_registration.')::public.health_check;

    -- 3. the token of every cancelled registration is revoked (the door bundles list it)
    SELECT pg_catalog.count(*), pg_catalog.min(r.created_at) INTO v_count, v_oldest
      FROM public.events e
      JOIN public.registrations r ON r.event_id = e.id
     WHERE coalesce(e.end_date, e.start_date) >= v_current_from
       AND r.status = 'cancelled'
       AND NOT EXISTS (SELECT 1 FROM fashionos.revoked_tokens v WHERE v.token_hash = fashionos.token_hash(r.qr_code_data));
    RETURN NEXT ('cancelled_token_not_revoked', v_count, v_oldest,
                 pg_catalog.format('%s cancelled registration(s) of current events have a token that is not revoked: an offline door bundle does not list it (oldest: its created_at).', v_count),
                 'They were cancelled around the ticketing functions; online check_in still refuses them. Reissuing does not apply to a cancelled ticket: tell the door staff, and cancel through cancel_registration from now on.')::public.health_check;

    -- 4. holds past their expiry, not released
    SELECT pg_catalog.count(*), pg_catalog.min(h.expires_at) INTO v_count, v_oldest
      FROM fashionos.registration_holds h
     WHERE h.expires_at < pg_catalog.now() - v_grace;
    RETURN NEXT ('expired_holds', v_count, v_oldest,
                 pg_catalog.format('%s hold(s) expired more than 2 minutes ago and still keep their tickets (oldest: its expiry); a sold-out tier stays sold out, and its waitlist waits.', v_count),
                 'release_expired_holds is late: schedule select public.release_expired_holds() every minute on the primary (docs/operations.md, "Scheduled jobs"), or run it now.')::public.health_check;

    -- 5. waitlist offers past their deadline (claimed and unpaid included), not passed on
    SELECT pg_catalog.count(*), pg_catalog.min(h.expires_at) INTO v_count, v_oldest
      FROM fashionos.registration_holds h
      JOIN fashionos.waitlist_entries w ON w.registration_id = h.registration_id
     WHERE h.expires_at < pg_catalog.now() - v_grace
       AND w.status IN ('offered', 'claimed');
    RETURN NEXT ('lapsed_offers', v_count, v_oldest,
                 pg_catalog.format('%s waitlist offer(s) ran out more than 2 minutes ago and were not passed on to the next waiter (oldest: its deadline).', v_count),
                 'The release of expired holds passes them on: schedule select public.release_expired_holds() every minute, and keep the mailer calling take_waitlist_offers.')::public.health_check;

    -- 6. entries waiting on an open tier of an event on sale that has free places: the triggers offer a
    --    freed or added place to the queue at once, so the queue stalled (places freed around
    --    them, e.g. a recount that lowered quantity_sold)
    SELECT pg_catalog.count(*), pg_catalog.min(x.joined_at) INTO v_count, v_oldest
      FROM (SELECT w.ticket_tier_id, pg_catalog.min(w.joined_at) AS joined_at
              FROM fashionos.waitlist_entries w
             WHERE w.status = 'waiting'
             GROUP BY w.ticket_tier_id) x
      JOIN public.ticket_tiers t ON t.id = x.ticket_tier_id
     WHERE t.quantity_sold < t.quantity_total
       AND fashionos.event_on_sale(t.event_id)
       AND NOT EXISTS (SELECT 1 FROM fashionos.closed_tiers k WHERE k.ticket_tier_id = t.id);  -- closed: no offers, by design
    RETURN NEXT ('stalled_waitlists', v_count, v_oldest,
                 pg_catalog.format('%s tier(s) of events on sale have free places while entries wait, and no offer was made for them (oldest: the first waiter''s joined_at).', v_count),
                 'Places were freed around the ticketing functions (a recount, a direct write). A rise of quantity_total offers the free places to the queue: set it to quantity_sold, then back.')::public.health_check;

    -- 7. open offers the mailer has not taken for a few minutes (take_waitlist_offers hands out
    --    the offers of events on sale whose hold still runs)
    SELECT pg_catalog.count(*), pg_catalog.min(w.offered_at) INTO v_count, v_oldest
      FROM fashionos.waitlist_entries w
      JOIN fashionos.registration_holds h ON h.registration_id = w.registration_id
     WHERE w.status = 'offered' AND w.noticed_at IS NULL
       AND w.offered_at < pg_catalog.now() - v_mailer
       AND h.expires_at > pg_catalog.now()
       AND fashionos.event_on_sale(w.event_id);
    RETURN NEXT ('unnoticed_offers', v_count, v_oldest,
                 pg_catalog.format('%s open waitlist offer(s) were made more than 5 minutes ago and not taken by the mailer: the waiters do not know (oldest: its offer).', v_count),
                 'The mailer is late or stopped: it calls take_waitlist_offers with the service key every few seconds, or when woken by NOTIFY fashionos_waitlist_offers.')::public.health_check;

    -- 8. webhook events of the last 24 hours that paid or refunded nothing although their type
    --    pays or refunds (a payment that is not ours, a refund of a charge that paid nothing here,
    --    a partial refund), or whose handling did not finish. A delivery refused with an error
    --    (PT401, PT409, 22023, 55000) rolls back and leaves no row: the provider's delivery log
    --    and the server log show those.
    SELECT pg_catalog.count(*), pg_catalog.min(k.received_at),
           pg_catalog.string_agg(k.label, '; ' ORDER BY k.received_at, k.label) FILTER (WHERE k.n <= 5)
      INTO v_count, v_oldest, v_detail
      FROM (SELECT k.received_at,
                   pg_catalog.format('%s %s %s: %s', k.provider, k.event_type, pg_catalog.left(k.event_id, 100), k.outcome) AS label,
                   pg_catalog.row_number() OVER (ORDER BY k.received_at, k.provider, k.event_id) AS n
              FROM fashionos.webhook_events k
             WHERE k.received_at >= pg_catalog.now() - interval '24 hours'
               AND (k.outcome NOT IN ('completed', 'refunded', 'ignored', 'duplicate')
                    OR (k.outcome = 'ignored' AND k.event_type IN ('payment_intent.succeeded', 'charge.refunded')))) k;
    RETURN NEXT ('webhook_events_unmatched', v_count, v_oldest,
                 pg_catalog.format('%s payment webhook event(s) of the last 24 hours paid or refunded nothing here although their type pays or refunds%s.',
                                   v_count, coalesce(' (first 5: ' || v_detail || ')', '')),
                 'Look each up in the provider''s dashboard: a payment_intent.succeeded ignored paid nothing here (metadata.payment_id missing or of another database: refund it, or complete_payment by hand; or its PaymentIntent was refunded in full before it came, and its tickets were not sold: nothing to do); a charge.refunded ignored refunded nothing here (a partial refund, or a charge that paid nothing here); a charge.refunded refund_pending is a full refund that came before its payment: the success, when it comes, records the payment and refunds it, and its tickets run out if it never comes. Refused deliveries leave no row: see the provider''s delivery log.')::public.health_check;

    -- 9. transactions with a transaction id open longer than fashionos.health_long_transaction,
    --    anywhere in the cluster: they hold back every door delta's sequence
    SELECT pg_catalog.count(*), pg_catalog.min(x.started),
           (pg_catalog.array_agg(x.label ORDER BY x.started))[1]
      INTO v_count, v_oldest, v_detail
      FROM (SELECT a.xact_start AS started,
                   pg_catalog.format('backend %s, database %s, user %s, %s', a.pid, coalesce(a.datname, '-'),
                                     coalesce(a.usename, '-'), coalesce(a.state, '-')) AS label
              FROM pg_catalog.pg_stat_activity a
             WHERE a.backend_xid IS NOT NULL AND a.xact_start <= pg_catalog.now() - v_long
            UNION ALL
            SELECT p.prepared, pg_catalog.format('prepared transaction %s, database %s, owner %s',
                                                 pg_catalog.quote_literal(pg_catalog.left(p.gid, 100)), p.database, p.owner)
              FROM pg_catalog.pg_prepared_xacts p
             WHERE p.prepared <= pg_catalog.now() - v_long) x;
    RETURN NEXT ('long_transactions', v_count, v_oldest,
                 pg_catalog.format('%s transaction(s) that wrote are open for longer than %s in the cluster; every door delta re-sends what changed since the oldest began%s.',
                                   v_count, v_long, coalesce(' (oldest: ' || v_detail || ')', '')),
                 'End it (commit, or pg_terminate_backend of an idle-in-transaction session; COMMIT PREPARED or ROLLBACK PREPARED), and set idle_in_transaction_session_timeout (docs/operations.md, "Long transactions and the door").')::public.health_check;
END
$$;
COMMENT ON FUNCTION fashionos.ticketing_health() IS
    'Implementation of public.ticketing_health (SECURITY DEFINER: reads every tier, registration, hold, waitlist entry, webhook event and the cluster''s transactions, for server-side code).';

-- ---------------------------------------------------------------------------------------------
-- Pruning
-- ---------------------------------------------------------------------------------------------
-- What goes, for events that ended (coalesce(end_date, start_date)) before p_before:
--   * door_changes: the changes a delta door bundle re-sends. door_changes has its event_id (the
--     registration's event, written by the triggers of sql/door_private.sql), so it is deleted by
--     event; a delta reads only its own event's rows (src/door.rs), so the door of a live event
--     is unaffected;
--   * door_scans: the scans synced from the doors of those events;
--   * waitlist_entries of those events, whatever their status (a claimed offer is a
--     registration, which stays);
-- And by age, whatever the event:
--   * webhook_events received before p_before and more than 7 days ago: a provider retries for 3
--     days at most (Stripe), and the table only tells a second delivery from a first;
--   * reservation_keys older than 24 hours (as reserve_tickets purges them lazily).
-- Kept: fashionos.payment_events (the books), the public tables (registrations and payments are
-- the record of sales), signing keys, imported tickets, holds (released by release_expired_holds),
-- and revoked_tokens: a hash and a registration id, no personal data, one row per cancelled or
-- reissued ticket, whose registration stays anyway. They are what refuses a reissued ticket's old
-- token at an offline door (its registration admits), and an event may be dated anew after its
-- pruning and sold and scanned again; ticketing_health then still finds every cancelled ticket's
-- token revoked.
-- None of the tables pruned is referenced by another one's foreign key (they reference events,
-- registrations, tiers and users, which stay), so the order of the deletions does not matter for
-- the keys; no tier or registration is locked, so sales go on while it runs. The deletions of one
-- call are one transaction: a long backlog (the first run) is best pruned with p_before moving
-- forward in steps.
CREATE FUNCTION fashionos.prune_history(p_before timestamptz)
    RETURNS jsonb
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_events uuid[];
    v_door_changes bigint;
    v_door_scans bigint;
    v_waitlist bigint;
    v_webhooks bigint;
    v_keys bigint;
BEGIN
    IF NOT fashionos.caller_is_server() THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'not allowed to prune history',
            DETAIL = 'Pruning deletes private rows of every organization''s past events: server-side code (service_role) runs it.',
            HINT = 'Run it with the service key, or from a scheduled job of the database.';
    END IF;
    IF p_before IS NULL OR p_before > pg_catalog.now() - interval '7 days' THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'p_before is too recent',
            DETAIL = pg_catalog.format('p_before is %s; it must be at least 7 days ago.',
                                       coalesce(pg_catalog.to_char(p_before AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                                                p_before::text, 'null')),
            HINT = 'Pass the start of what the retention keeps, e.g. now() - interval ''90 days'': the door data of an event and its refunds and chargebacks outlive the night by days.';
    END IF;

    v_events := ARRAY(SELECT e.id FROM public.events e WHERE coalesce(e.end_date, e.start_date) < p_before ORDER BY e.id);

    DELETE FROM fashionos.door_changes c WHERE c.event_id = ANY (v_events);
    GET DIAGNOSTICS v_door_changes = ROW_COUNT;
    DELETE FROM fashionos.door_scans s WHERE s.event_id = ANY (v_events);
    GET DIAGNOSTICS v_door_scans = ROW_COUNT;
    DELETE FROM fashionos.waitlist_entries w WHERE w.event_id = ANY (v_events);
    GET DIAGNOSTICS v_waitlist = ROW_COUNT;
    DELETE FROM fashionos.webhook_events k
     WHERE k.received_at < LEAST(p_before, pg_catalog.now() - interval '7 days');
    GET DIAGNOSTICS v_webhooks = ROW_COUNT;
    DELETE FROM fashionos.reservation_keys k WHERE k.created_at < pg_catalog.now() - interval '24 hours';
    GET DIAGNOSTICS v_keys = ROW_COUNT;

    RETURN pg_catalog.jsonb_build_object(
        'ended_events', pg_catalog.cardinality(v_events),
        'door_changes', v_door_changes,
        'door_scans', v_door_scans,
        'waitlist_entries', v_waitlist,
        'webhook_events', v_webhooks,
        'reservation_keys', v_keys);
END
$$;
COMMENT ON FUNCTION fashionos.prune_history(timestamptz) IS
    'Implementation of public.prune_history (SECURITY DEFINER: deletes private rows of events that ended before p_before and old webhook events and idempotency keys, for server-side code).';
