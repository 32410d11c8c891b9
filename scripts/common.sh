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

# Build the extension and install it into the system PostgreSQL (the tests and the benches).
install_extension() {
    log "building and installing fashionos (release)"
    (cd "$REPO_ROOT" && cargo pgrx install --release --pg-config "$PG_CONFIG") | grep -v 'Copying\|Writing' || true
    test -f "$($PG_CONFIG --sharedir)/extension/fashionos.control"
}

# The demo's own PostgreSQL: a copy of the system installation under DEMO_PG_HOME, into which only
# demo.sh installs fashionos. The tests install their builds (the test build of `cargo pgrx test`,
# a debug build) into the system installation, and a library rewritten under a running cluster
# makes its backends fail or crash: the demo never loads a library that the tests write.
DEMO_PG_HOME=${FASHIONOS_DEMO_PG_HOME:-/var/lib/fashionos/pg$PG_MAJOR}
DEMO_PG_BIN=$DEMO_PG_HOME$PG_BIN

# demo_pg_install: brings the demo's copy of PostgreSQL up to date with the system one (copied
# again when the system package changed), then builds fashionos (release) and puts its files there,
# each replaced by a rename, so that a running backend keeps the library it loaded. Sets
# DEMO_LIB_CHANGED=1 when the library is new, so that the caller restarts its cluster.
demo_pg_install() {
    local base share stamp pkg f rel dest
    DEMO_LIB_CHANGED=
    base=$(dirname "$PG_BIN")
    share=$("$PG_CONFIG" --sharedir)
    stamp="$(dpkg-query -W -f='${Version}' "postgresql-$PG_MAJOR" 2>/dev/null) $(stat -c %Y "$PG_BIN/postgres")"
    if [ "$(cat "$DEMO_PG_HOME/.system" 2>/dev/null)" != "$stamp" ]; then
        log "copying PostgreSQL $PG_MAJOR to $DEMO_PG_HOME (the demo's own installation)"
        rm -rf "$DEMO_PG_HOME.new"
        mkdir -p "$DEMO_PG_HOME.new$(dirname "$base")" "$DEMO_PG_HOME.new$(dirname "$share")"
        cp -a "$base" "$DEMO_PG_HOME.new$base"
        cp -a "$share" "$DEMO_PG_HOME.new$share"
        rm -f "$DEMO_PG_HOME.new$base"/lib/fashionos.so "$DEMO_PG_HOME.new$share"/extension/fashionos*
        echo "$stamp" >"$DEMO_PG_HOME.new/.system"
        rm -rf "$DEMO_PG_HOME" && mv "$DEMO_PG_HOME.new" "$DEMO_PG_HOME"
        DEMO_LIB_CHANGED=1
    fi
    log "building fashionos (release) for $DEMO_PG_HOME"
    pkg="$REPO_ROOT/target/demo-package"
    rm -rf "$pkg"
    (cd "$REPO_ROOT" && flock /tmp/fashionos-build.lock cargo pgrx package --pg-config "$PG_CONFIG" --out-dir "$pkg") |
        grep -v 'Copying\|Writing' || true
    test -f "$pkg$base/lib/fashionos.so"
    while IFS= read -r f; do
        rel=${f#"$pkg"}
        dest="$DEMO_PG_HOME$rel"
        cmp -s "$f" "$dest" && continue
        mkdir -p "$(dirname "$dest")"
        cp "$f" "$dest.new" && mv -f "$dest.new" "$dest"
        case $rel in *.so) DEMO_LIB_CHANGED=1 ;; esac
    done < <(find "$pkg" -type f)
}

# running_binary DIR: the postgres binary that the cluster in DIR runs from (empty when stopped).
running_binary() {
    local pid
    pid=$(head -1 "$1/postmaster.pid" 2>/dev/null) || return 0
    readlink "/proc/$pid/exe" 2>/dev/null || true
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
