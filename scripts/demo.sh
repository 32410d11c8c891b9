#!/usr/bin/env bash
# demo.sh: the main job. On a fresh machine of this kind, as root:
#   installs what is missing, builds fashionos (release) and installs it into the demo's own copy of
#   PostgreSQL 15 (/var/lib/fashionos/pg15), so that the tests, which install their builds into the
#   system PostgreSQL, never rewrite the library a running demo loaded; starts a local cluster as the
#   postgres OS user (port FASHIONOS_PORT, default 54315; data in
#   /var/lib/fashionos/demo), creates the database fashionos_demo with CREATE EXTENSION fashionos,
#   starts a real PostgREST in front of it (the pinned clients/package.json, installed with npm ci;
#   the API at http://127.0.0.1:FASHIONOS_API_PORT/rest/v1, default port 54316, PostgREST itself on
#   the next port; keys and logs in /var/lib/fashionos/demo-api), plays a fashion week: the set-up
#   through the API the way PostgREST runs it (roles and JWT claims), the buyers, the payment
#   webhooks and the door over HTTP through PostgREST with supabase-js, many requests at once; and
#   prints a report, the API's URL, keys and JWTs, and curl and supabase-js commands to try.
#   Idempotent: each run rebuilds the demo database. FASHIONOS_SKIP_BUILD=1 skips the build and uses
#   the fashionos already installed in the demo's PostgreSQL.
set -euo pipefail
. "$(dirname "$0")/common.sh"
cd "$REPO_ROOT"
PORT=${FASHIONOS_PORT:-54315}
DATA=${FASHIONOS_DEMO_DIR:-/var/lib/fashionos/demo}
DB=fashionos_demo
API_PORT=${FASHIONOS_API_PORT:-54316}
API_DIR=${FASHIONOS_API_DIR:-/var/lib/fashionos/demo-api}
BUYERS=${FASHIONOS_DEMO_PURCHASES:-3000}
WORKERS=16
. "$REPO_ROOT/scripts/postgrest.sh"

step() { printf '\n\033[1m[%s] %s\033[0m\n' "$1" "$2"; }
q() { psql -X -q -At -v ON_ERROR_STOP=1 -h localhost -p "$PORT" -U postgres -d "$DB" "$@"; }

step 1/9 "prerequisites (apt packages, cargo-pgrx, the pinned clients and PostgREST; skipped when present)"
ensure_deps
ensure_clients
step 2/9 "build and install fashionos into the demo's PostgreSQL $PG_MAJOR ($DEMO_PG_HOME)"
DEMO_LIB_CHANGED=
if [ "${FASHIONOS_SKIP_BUILD:-0}" = 1 ]; then
    echo "FASHIONOS_SKIP_BUILD=1: using the fashionos installed in $DEMO_PG_HOME"
    test -f "$DEMO_PG_HOME$(dirname "$PG_BIN")/lib/fashionos.so" || { echo "no fashionos in $DEMO_PG_HOME: run without FASHIONOS_SKIP_BUILD" >&2; exit 1; }
else
    demo_pg_install
fi
step 3/9 "local cluster on port $PORT ($DATA)"
mkdir -p "$(dirname "$DATA")"
# The cluster runs from the demo's installation, and restarts when its library is new (or when an
# earlier demo started it from another installation).
running=$(running_binary "$DATA")
if [ -n "$running" ] && { [ "$running" != "$DEMO_PG_BIN/postgres" ] || [ -n "$DEMO_LIB_CHANGED" ]; }; then
    api_stop "$API_DIR"
    stop_cluster "$DATA"
fi
PG_BIN=$DEMO_PG_BIN
start_cluster "$DATA" "$PORT"
api_stop "$API_DIR"
fresh_db "$PORT" "$DB"
echo "database $DB: $(q -c "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'") tables in public, fashionos $(q -c "SELECT extversion FROM pg_extension WHERE extname = 'fashionos'")"

step 4/9 "houses, staff, venues, models, designers, buyers (sign-up and back office)"
q -f demo/seed.sql
# The fashion month starts on the Monday twelve weeks from today: bookings and options must not be
# in the past, whenever the demo runs.
WEEK0=$(q -c "SELECT date_trunc('week', now() + interval '12 weeks')::date")
for org in 1 2 3 4; do q -v org="$org" -v week0="$WEEK0" -f demo/organize.sql >/dev/null; done
echo "$(q -c 'SELECT count(*) FROM public.organizations') organizations, $(q -c 'SELECT count(*) FROM public.users') users," \
     "$(q -c 'SELECT count(*) FROM public.events') events, $(q -c 'SELECT count(*) FROM public.ticket_tiers') ticket tiers," \
     "$(q -c 'SELECT count(*) FROM public.venue_availability') venue bookings"

step 5/9 "casting, walk orders, options on models, call times and bookings (organizers, the agency and a model, through the API)"
bash demo/scheduling.sh "$PORT" "$DB"

step 6/9 "the API: PostgREST on 127.0.0.1:$((API_PORT + 1)), served as http://127.0.0.1:$API_PORT/rest/v1"
api_start "$PORT" "$DB" "$API_PORT" "$API_DIR"
set -a; . "$API_DIR/api.env"; set +a
export BUYERS WORKERS
# supabase-js prints a notice asking for Node 22 at every start; on Node 20 it works with ws (README).
http_phase() { node demo/http.mjs "$1" 2>&1 | { grep -v 'Node.js 20 and below are deprecated' || true; }; }
echo "supabase-js $(node -p 'require("./clients/node_modules/@supabase/supabase-js/package.json").version') on Node $(node --version) (ws as its WebSocket)"
http_phase api

step 7/9 "$BUYERS purchases by concurrent buyers over HTTP (anon guests and signed-in buyers, supabase-js)"
http_phase buyers

step 8/9 "waitlists of sold-out tiers, payments (the provider's signed webhooks, and a server-side handler with the service key), offers mailed and claimed, and the door (staff scanning, some tickets at two gates at once), over HTTP"
http_phase webhooks
http_phase door

step 9/9 "report"
psql -X -q -h localhost -p "$PORT" -U postgres -d "$DB" -P pager=off -f demo/report.sql
bash demo/scheduling.sh "$PORT" "$DB" report

# What a client needs: ids, a ticket that was not scanned, JWTs of an organizer and of door staff.
EVENT_ID=$(q -c "SELECT e.id FROM public.events e JOIN public.organizations o ON o.id = e.organization_id WHERE o.slug = 'maison-aurele' AND e.status = 'active' ORDER BY e.start_date LIMIT 1")
TIER_ID=$(q -c "SELECT id FROM public.ticket_tiers WHERE event_id = '$EVENT_ID' AND type = 'paid'")
TOKEN=$(q -c "SELECT qr_code_data FROM public.registrations WHERE event_id = '$EVENT_ID' AND status = 'confirmed' ORDER BY id LIMIT 1")
ORGANIZER_JWT=$(node clients/jwt.mjs user b0000000-0000-4000-8000-000000010003 ines.maison-aurele@demo.fashionos.dev)
STAFF_JWT=$(node clients/jwt.mjs user b0000000-0000-4000-8000-000000010004 marco.maison-aurele@demo.fashionos.dev)
cat > "$API_DIR/demo.env" <<ENV
API_URL=$API_URL
REST_URL=$REST_URL
ANON_KEY=$ANON_KEY
SERVICE_ROLE_KEY=$SERVICE_ROLE_KEY
ORGANIZER_JWT=$ORGANIZER_JWT
STAFF_JWT=$STAFF_JWT
EVENT_ID=$EVENT_ID
TIER_ID=$TIER_ID
ENV
JSON='-H "Content-Type: application/json"'

cat <<EOF

fashionos is running. Connect with:
    psql -h localhost -p $PORT -U postgres $DB
Try a request the way PostgREST runs it:
    BEGIN;
    SELECT set_config('role', 'anon', true), set_config('request.jwt.claims', '{"role":"anon"}', true);
    SELECT e.name, t.name, t.quantity_total - t.quantity_sold AS left FROM public.ticket_tiers t JOIN public.events e ON e.id = t.event_id;
    COMMIT;

The API (PostgREST behind Supabase's URL shape): $REST_URL
  anon key (apikey):      $ANON_KEY
  service_role key:       $SERVICE_ROLE_KEY
  organizer JWT (Ines Kowalski, Maison Aurèle):
                          $ORGANIZER_JWT
  door staff JWT (Marco Bellini, Maison Aurèle):
                          $STAFF_JWT
  all of it as shell variables: set -a; . $API_DIR/demo.env; set +a
curl (the Maison Aurèle event $EVENT_ID, its general admission tier $TIER_ID):
    curl -s "$REST_URL/rpc/events_on_sale?p_organization_slug=maison-aurele" -H "apikey: $ANON_KEY"
    curl -s -X POST "$REST_URL/rpc/reserve_tickets" -H "apikey: $ANON_KEY" $JSON -d '{"p_ticket_tier_id":"$TIER_ID","p_quantity":1,"p_attendee_email":"you@example.com","p_attendee_name":"You"}'
    curl -s -X POST "$REST_URL/rpc/check_in" -H "apikey: $ANON_KEY" -H "Authorization: Bearer $STAFF_JWT" $JSON -d '{"p_token":"$TOKEN","p_event_id":"$EVENT_ID"}'
    curl -s "$REST_URL/ticket_tiers?select=name,price,quantity_total,quantity_sold&event_id=eq.$EVENT_ID" -H "apikey: $ANON_KEY"
supabase-js (Node 20; the pinned clients are in clients/):
    cd $REPO_ROOT/clients && node --input-type=module -e "import { createClient } from '@supabase/supabase-js'; import ws from 'ws'; const supabase = createClient('$API_URL', '$ANON_KEY', { realtime: { transport: ws } }); const { data, error } = await supabase.rpc('events_on_sale', { p_organization_slug: 'maison-aurele' }); console.log(error ?? data.map((e) => e.name + ': ' + e.tickets_left + ' left'))"
    cd $REPO_ROOT/clients && node --input-type=module -e "import { createClient } from '@supabase/supabase-js'; import ws from 'ws'; const supabase = createClient('$API_URL', '$ANON_KEY', { realtime: { transport: ws }, global: { headers: { Authorization: 'Bearer $ORGANIZER_JWT' } } }); console.log(await supabase.rpc('validate_walk_order', { p_event_id: '$EVENT_ID' }, { get: true }))"
Stop the API and the cluster with:
    bash $REPO_ROOT/scripts/postgrest.sh stop $API_DIR
    runuser -u postgres -- $PG_BIN/pg_ctl -D $DATA stop
EOF
