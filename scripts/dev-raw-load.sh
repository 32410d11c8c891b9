#!/usr/bin/env bash
# dev-raw-load.sh PORT DB: for fast iteration on the DDL: loads the plain SQL files (the ones that
# do not need the Rust library or CREATE EXTENSION) into a fresh database, in extension order.
set -euo pipefail
. "$(dirname "$0")/common.sh"
port=$1 db=$2
psql -X -q -h localhost -p "$port" -U postgres -d postgres -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" -c "CREATE DATABASE \"$db\""
psql -X -q -h localhost -p "$port" -U postgres -d "$db" -v ON_ERROR_STOP=1 \
    -c "SET client_min_messages=warning; CREATE SCHEMA extensions; CREATE EXTENSION btree_gist WITH SCHEMA extensions; CREATE SCHEMA fashionos"
for f in bootstrap base ticketing event_structure venues teams casting designers sponsorship shoots media social commerce event_settings availability security; do
    [ -f "$REPO_ROOT/sql/$f.sql" ] || { echo "skip $f (missing)"; continue; }
    psql -X -q -h localhost -p "$port" -U postgres -d "$db" -v ON_ERROR_STOP=1 \
        -c "SET search_path = extensions, pg_catalog" -f "$REPO_ROOT/sql/$f.sql" >/dev/null
    echo "loaded $f"
done
