# common.sh: shared shell functions of the fashionos scripts (sourced, not run).
# Everything here is idempotent: a step that is already done is skipped.

PG_MAJOR=15
PG_BIN=${PG_BIN:-/usr/lib/postgresql/$PG_MAJOR/bin}  # override to test against another installation
PG_CONFIG=${PG_CONFIG:-$PG_BIN/pg_config}
PGRX_VERSION=0.18.0
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# Debian packages and cargo-pgrx, only what is missing.
ensure_deps() {
    local pkgs=() p
    for p in postgresql-$PG_MAJOR postgresql-server-dev-$PG_MAJOR postgresql-contrib libclang-dev sudo pgbouncer; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || pkgs+=("$p")
    done
    if [ ${#pkgs[@]} -gt 0 ]; then
        log "installing Debian packages: ${pkgs[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq "${pkgs[@]}" >/dev/null
    fi
    # Debian starts a "main" cluster on port 5432 when the server package is installed; fashionos
    # runs its own clusters, so that one is left alone.
    export PATH="$HOME/.cargo/bin:$PATH"
    if ! cargo pgrx --version 2>/dev/null | grep -q "$PGRX_VERSION"; then
        log "installing cargo-pgrx $PGRX_VERSION (a few minutes, once)"
        cargo install cargo-pgrx --version "$PGRX_VERSION" --locked
    fi
    if ! grep -q "^pg$PG_MAJOR = \"$PG_CONFIG\"" "${PGRX_HOME:-$HOME/.pgrx}/config.toml" 2>/dev/null; then
        log "pointing pgrx at the system PostgreSQL $PG_MAJOR"
        cargo pgrx init --pg$PG_MAJOR "$PG_CONFIG" >/dev/null
    fi
    reserve_ports
}

# The ports on which fashionos' clusters and servers listen (demo, tests, drills, benches: all in
# 54310-54410) lie in Linux's range of ephemeral ports, so a client connection may be given one of
# them as its own end and hold it while a cluster is about to listen there ("Address already in
# use"). They are reserved, so that the kernel never hands them to a client
# (net.ipv4.ip_local_reserved_ports); where that setting is not writable it is left as it is.
FASHIONOS_PORTS=54310-54410
reserve_ports() {
    local f=/proc/sys/net/ipv4/ip_local_reserved_ports current
    [ -w "$f" ] || return 0
    current=$(cat "$f" 2>/dev/null) || return 0
    case ",$current," in *",$FASHIONOS_PORTS,"*) return 0 ;; esac
    echo "${current:+$current,}$FASHIONOS_PORTS" >"$f" 2>/dev/null || true
}

# Build the extension and install it into the system PostgreSQL.
install_extension() {
    log "building and installing fashionos (release)"
    (cd "$REPO_ROOT" && cargo pgrx install --release --pg-config "$PG_CONFIG") | grep -v '^\s*Copying\|^\s*Writing' || true
    test -f "$($PG_CONFIG --sharedir)/extension/fashionos.control"
}

# start_cluster DIR PORT: a cluster owned by the postgres OS user, listening on localhost only.
start_cluster() {
    local dir=$1 port=$2
    if [ ! -f "$dir/PG_VERSION" ]; then
        mkdir -p "$dir" && chown postgres:postgres "$dir" && chmod 700 "$dir"
        runuser -u postgres -- "$PG_BIN/initdb" -D "$dir" -A trust -U postgres --locale=C.UTF-8 -E UTF8 >/dev/null
        cat >>"$dir/postgresql.conf" <<CONF
listen_addresses = 'localhost'
port = $port
unix_socket_directories = '/tmp'
max_connections = 300
shared_buffers = 256MB
fsync = on
log_min_messages = warning
CONF
    fi
    if ! runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
        env -u RUST_BACKTRACE -u RUST_LIB_BACKTRACE runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 start >/dev/null
    fi
}

stop_cluster() {
    local dir=$1
    if [ -f "$dir/PG_VERSION" ]; then
        runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$dir" -m fast -w stop >/dev/null 2>&1 || true
    fi
}

# fresh_db PORT DBNAME: drop and create a database with btree_gist (schema extensions) and fashionos.
fresh_db() {
    local port=$1 db=$2
    psql -X -q -h localhost -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 <<SQL
SET client_min_messages = warning;
DROP DATABASE IF EXISTS "$db" WITH (FORCE);
CREATE DATABASE "$db";
SQL
    psql -X -q -h localhost -p "$port" -U postgres -d "$db" -v ON_ERROR_STOP=1 <<SQL
SET client_min_messages = warning;
CREATE SCHEMA extensions;
CREATE EXTENSION btree_gist WITH SCHEMA extensions;
CREATE EXTENSION fashionos;
SQL
}
