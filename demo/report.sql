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
