#!/usr/bin/env bash
# dev-install.sh: debug build + install into the system PostgreSQL, serialized with other builds.
set -euo pipefail
. "$(dirname "$0")/common.sh"
cd "$REPO_ROOT"
exec flock /tmp/fashionos-build.lock cargo pgrx install --pg-config "$PG_CONFIG"
