-- demo/report.sql: what happened during the demo fashion week, read back from the database.
\pset footer off
\pset border 1
SET client_min_messages = warning;

\echo
\echo '== Tickets: sold and capacity per tier (events on sale) =='
SELECT o.name AS house, e.name AS event, t.name AS tier, t.type,
       t.quantity_sold || ' / ' || t.quantity_total AS "sold / capacity",
       count(r.id) FILTER (WHERE r.status IN ('confirmed', 'attended')) AS paid_or_issued,
       count(r.id) FILTER (WHERE r.status = 'pending') AS held,
       count(r.id) FILTER (WHERE r.status = 'attended') AS checked_in,
       CASE WHEN t.quantity_sold = t.quantity_total THEN 'SOLD OUT' ELSE '' END AS note
  FROM public.ticket_tiers t
  JOIN public.events e ON e.id = t.event_id
  JOIN public.organizations o ON o.id = e.organization_id
  LEFT JOIN public.registrations r ON r.ticket_tier_id = t.id
 GROUP BY o.name, e.name, e.start_date, t.id, t.name, t.type, t.quantity_sold, t.quantity_total
 ORDER BY e.start_date, t.price DESC;

\echo
\echo '== Invariants =='
SELECT (SELECT count(*) FROM public.ticket_tiers t
         WHERE t.quantity_sold <> (SELECT count(*) FROM public.registrations r
                                    WHERE r.ticket_tier_id = t.id AND r.status <> 'cancelled')) AS tiers_where_sold_differs_from_live_registrations,
       (SELECT count(*) FROM public.ticket_tiers WHERE quantity_sold > quantity_total) AS oversold_tiers,
       (SELECT count(*) FROM (SELECT qr_code_data FROM public.registrations GROUP BY 1 HAVING count(*) > 1) d) AS duplicate_tokens,
       (SELECT count(*) FROM public.registrations WHERE status = 'attended' AND checked_in_at IS NULL) AS half_done_check_ins;

\echo
\echo '== Waitlists of sold-out tiers (fashionos.waitlist_entries) =='
SELECT e.name AS event, t.name AS tier,
       count(*) FILTER (WHERE w.status = 'waiting') AS waiting,
       count(*) FILTER (WHERE w.status = 'offered') AS offered,
       count(*) FILTER (WHERE w.status = 'claimed') AS claimed,
       count(w.noticed_at) AS told,
       t.quantity_sold || ' / ' || t.quantity_total AS "sold / capacity"
  FROM fashionos.waitlist_entries w
  JOIN public.ticket_tiers t ON t.id = w.ticket_tier_id
  JOIN public.events e ON e.id = t.event_id
 GROUP BY e.name, e.start_date, t.id, t.name, t.quantity_sold, t.quantity_total
 ORDER BY e.start_date, t.name;

\echo
\echo '== Payments =='
SELECT status, count(*) AS payments, sum(amount) AS amount FROM public.payments GROUP BY status ORDER BY status;

\echo
\echo '== Door: scans per event =='
SELECT e.name AS event, o.name AS house,
       count(*) FILTER (WHERE r.status = 'attended') AS checked_in,
       count(*) FILTER (WHERE r.status = 'confirmed') AS not_yet_arrived
  FROM public.events e JOIN public.organizations o ON o.id = e.organization_id
  JOIN public.registrations r ON r.event_id = e.id
 WHERE e.status = 'active'
 GROUP BY e.name, o.name, e.start_date ORDER BY e.start_date;

\echo
\echo '== Options: talent and venues asked for, ranked 1st, 2nd, ... in request order =='
SELECT r.resource_type AS resource, r.status, count(*) AS options,
       count(*) FILTER (WHERE r.requested_rank > 1) AS asked_below_1st,
       count(*) FILTER (WHERE o.promoted_at IS NOT NULL) AS promoted_to_1st
  FROM fashionos.options o, LATERAL fashionos.option_row(o) r
 GROUP BY 1, 2 ORDER BY 1, 2;
\echo 'Contested: more than one option on overlapping times (rank now: among the live options; an expired option has none)'
SELECT coalesce(u.full_name, v.name) AS asked_for, h.name AS house, e.name AS event,
       to_char(lower(o.during) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || '-' || to_char(upper(o.during) AT TIME ZONE 'UTC', 'HH24:MI') || ' UTC' AS "time",
       r.requested_rank AS asked_as, r.rank AS rank_now, r.status,
       CASE WHEN o.promoted_at IS NOT NULL THEN 'promoted to 1st' ELSE '' END AS note
  FROM fashionos.options o
  JOIN public.events e ON e.id = o.event_id
  JOIN public.organizations h ON h.id = o.organization_id
  LEFT JOIN public.model_profiles m ON o.resource_type = 'model' AND m.id = o.resource_id
  LEFT JOIN public.users u ON u.id = m.user_id
  LEFT JOIN public.venues v ON o.resource_type = 'venue' AND v.id = o.resource_id,
       LATERAL fashionos.option_row(o) r
 WHERE EXISTS (SELECT 1 FROM fashionos.options x
                WHERE x.resource_type = o.resource_type AND x.resource_id = o.resource_id AND x.id <> o.id
                  AND x.during && o.during)
 ORDER BY o.resource_id, lower(o.during), o.seq;
