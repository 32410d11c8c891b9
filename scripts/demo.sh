#!/usr/bin/env bash
# demo.sh: the main job. On a fresh machine of this kind, as root:
#   installs what is missing, builds and installs fashionos (release) into the system PostgreSQL 15,
#   starts a local cluster as the postgres OS user (port FASHIONOS_PORT, default 54315; data in
#   /var/lib/fashionos/demo), creates the database fashionos_demo with CREATE EXTENSION fashionos,
#   plays a fashion week through the API the way PostgREST would (roles and JWT claims), and prints
#   a report and how to connect. Idempotent: each run rebuilds the demo database.
set -euo pipefail
. "$(dirname "$0")/common.sh"
cd "$REPO_ROOT"
PORT=${FASHIONOS_PORT:-54315}
DATA=${FASHIONOS_DEMO_DIR:-/var/lib/fashionos/demo}
DB=fashionos_demo
BUYERS=${FASHIONOS_DEMO_PURCHASES:-3000}
WORKERS=16
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

step() { printf '\n\033[1m[%s] %s\033[0m\n' "$1" "$2"; }
q() { psql -X -q -At -v ON_ERROR_STOP=1 -h localhost -p "$PORT" -U postgres -d "$DB" "$@"; }

step 1/8 "prerequisites (apt packages, cargo-pgrx; skipped when present)"
ensure_deps
step 2/8 "build and install fashionos into PostgreSQL $PG_MAJOR"
install_extension
step 3/8 "local cluster on port $PORT ($DATA)"
mkdir -p "$(dirname "$DATA")"
start_cluster "$DATA" "$PORT"
fresh_db "$PORT" "$DB"
echo "database $DB: $(q -c "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'") tables in public, fashionos $(q -c "SELECT extversion FROM pg_extension WHERE extname = 'fashionos'")"

step 4/8 "houses, staff, venues, models, designers, buyers (sign-up and back office)"
q -f demo/seed.sql
for org in 1 2 3 4; do q -v org="$org" -f demo/organize.sql >/dev/null; done
echo "$(q -c 'SELECT count(*) FROM public.organizations') organizations, $(q -c 'SELECT count(*) FROM public.users') users," \
     "$(q -c 'SELECT count(*) FROM public.events') events, $(q -c 'SELECT count(*) FROM public.ticket_tiers') ticket tiers," \
     "$(q -c 'SELECT count(*) FROM public.venue_availability') venue bookings"

step 5/8 "casting, walk orders, call times and bookings (organizers, through the API)"
bash demo/scheduling.sh "$PORT" "$DB"

step 6/8 "$BUYERS purchases by concurrent buyers ($WORKERS connections: anon and signed-in, as PostgREST)"
# Each purchase is its own transaction, like one POST /rpc/reserve_tickets.
q -c "
WITH tiers AS (
    SELECT t.id, row_number() OVER (ORDER BY t.id) AS n, count(*) OVER () AS total
      FROM public.ticket_tiers t JOIN public.events e ON e.id = t.event_id
     WHERE t.type IN ('paid', 'vip') AND e.status IN ('planning', 'active')),
picks AS (
    SELECT g, 1 + floor(power(random(), 1.6) * (SELECT count(*) FROM tiers))::int AS n FROM generate_series(1, $BUYERS) g)
SELECT string_agg(format(E'-- worker %s\\nBEGIN;\\nSELECT set_config(''role'', %L, true), set_config(''request.jwt.claims'', %L, true) \\\\g /dev/null\\nSELECT count(*) FROM public.reserve_tickets(p_ticket_tier_id => %L, p_quantity => %s, p_attendee_email => %L, p_attendee_name => %L) \\\\g /dev/null\\nCOMMIT;',
       p.g % $WORKERS,
       CASE WHEN p.g % 3 = 0 THEN 'authenticated' ELSE 'anon' END,
       CASE WHEN p.g % 3 = 0 THEN json_build_object('role', 'authenticated', 'sub', 'f0000000-0000-4000-8000-' || lpad((1 + p.g % 200)::text, 12, '0'))::text
            ELSE json_build_object('role', 'anon')::text END,
       t.id, 1 + (p.g % 7 = 0)::int + (p.g % 13 = 0)::int,
       CASE WHEN p.g % 3 = 0 THEN 'buyer' || (1 + p.g % 200) || '@example.com' ELSE 'guest' || p.g || '@example.com' END,
       (ARRAY['Ana','Bea','Chloé','Dara','Eli','Femi','Gus','Hana','Ivo','Jin'])[1 + p.g % 10] || ' ' ||
       (ARRAY['Silva','Moreau','Rossi','Park','Kahn','Ito','Berg','Lopez'])[1 + p.g % 8]), E'\\n' ORDER BY p.g % $WORKERS, p.g)
  FROM picks p JOIN tiers t ON t.n = p.n" \
  | awk -v dir="$TMP" '/^-- worker / { f = dir "/buyers." $3 ".sql"; next } { print > f }'
before=$(q -c "SELECT count(*) FROM public.registrations")
ls "$TMP"/buyers.*.sql | xargs -P "$WORKERS" -I{} sh -c \
    "psql -X -q -h localhost -p $PORT -U postgres -d $DB -f {} >/dev/null 2>>'$TMP/refusals.log'" &
pid=$!
while kill -0 "$pid" 2>/dev/null; do
    printf '\r  registrations: %6s' "$(q -c "SELECT count(*) FROM public.registrations")"; sleep 1
done
wait "$pid" || true
after=$(q -c "SELECT count(*) FROM public.registrations")
printf '\r  registrations: %6s (+%s); refused: %s sold out, %s other\n' "$after" "$((after - before))" \
    "$(grep -c 'sold out\|not enough tickets' "$TMP/refusals.log" || true)" \
    "$(grep 'ERROR' "$TMP/refusals.log" | grep -vc 'sold out\|not enough tickets' || true)"

step 7/8 "payments (the provider's webhook as service_role) and the door (staff scanning, some tickets twice)"
# 90% of pending payments complete, 5% fail, 5% stay pending (their holds still count).
q -c "SELECT p.id, (abs(hashtext(p.id::text)) % 20) FROM public.payments p WHERE p.status = 'pending'" -F ' ' > "$TMP/payments"
awk '$2 >= 1 { print "complete", $1 } $2 == 0 && NR % 2 == 0 { print "fail", $1 }' "$TMP/payments" > "$TMP/webhooks"
webhook() {
    local kind=$1 id=$2
    psql -X -q -At -h localhost -p "$PORT" -U postgres -d "$DB" >/dev/null <<SQL
BEGIN;
SELECT set_config('role', 'service_role', true), set_config('request.jwt.claims', '{"role":"service_role"}', true) \\g /dev/null
SELECT changed FROM public.${kind}_payment(p_payment_id => '$id');
COMMIT;
SQL
}
export -f webhook; export PORT DB
xargs -P 8 -L 1 bash -c 'webhook "$0" "$1"' < "$TMP/webhooks"
echo "  payments: $(q -c "SELECT string_agg(status || ' ' || n, ', ' ORDER BY status) FROM (SELECT status, count(*) n FROM public.payments GROUP BY 1) s")"
# Door staff of each house scan 70% of the confirmed tickets of their active events; 1 in 20 twice.
q -c "SELECT r.qr_code_data, r.event_id, 'b0000000-0000-4000-8000-0000000' || o_n.n || '0004'
        FROM public.registrations r JOIN public.events e ON e.id = r.event_id
        JOIN public.organizations o ON o.id = e.organization_id
        JOIN (VALUES ('maison-aurele', 1), ('casa-vela', 2), ('halden-reyes', 3), ('studio-kiyo', 4)) o_n(slug, n) ON o_n.slug = o.slug
       WHERE r.status = 'confirmed' AND e.status = 'active' AND abs(hashtext(r.id::text)) % 10 < 7" -F ' ' > "$TMP/scans"
awk 'NR % 20 == 0 { print } { print }' "$TMP/scans" > "$TMP/scans2"
scan() {
    psql -X -q -At -h localhost -p "$PORT" -U postgres -d "$DB" <<SQL
BEGIN;
SELECT set_config('role', 'authenticated', true), set_config('request.jwt.claims', '{"role":"authenticated","sub":"$3"}', true) \\g /dev/null
SELECT outcome FROM public.check_in(p_token => '$1', p_event_id => '$2');
COMMIT;
SQL
}
export -f scan
xargs -P 8 -L 1 bash -c 'scan "$0" "$1" "$2"' < "$TMP/scans2" > "$TMP/scan-results"
echo "  scans: $(wc -l < "$TMP/scans2"), checked in: $(grep -c '^checked_in$' "$TMP/scan-results" || true), answered 'already checked in': $(grep -c '^already_checked_in$' "$TMP/scan-results" || true)"

step 8/8 "report"
psql -X -q -h localhost -p "$PORT" -U postgres -d "$DB" -P pager=off -f demo/report.sql
bash demo/scheduling.sh "$PORT" "$DB" report

cat <<EOF

fashionos is running. Connect with:
    psql -h localhost -p $PORT -U postgres $DB
Try a request the way PostgREST runs it:
    BEGIN;
    SELECT set_config('role', 'anon', true), set_config('request.jwt.claims', '{"role":"anon"}', true);
    SELECT e.name, t.name, t.quantity_total - t.quantity_sold AS left FROM public.ticket_tiers t JOIN public.events e ON e.id = t.event_id;
    COMMIT;
Stop the cluster with:
    runuser -u postgres -- $PG_BIN/pg_ctl -D $DATA stop
EOF
