#!/usr/bin/env bash
# spec_sql_fresh.sh: checks that tests/spec/proposed_schema_spec.sql is what
# tests/spec/extract_spec_sql.py generates from tests/spec/proposed-schema.md today.
# Exit status 0 when it is current, 1 when it differs (the diff is printed) or cannot be generated.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
if ! python3 "$root/tests/spec/extract_spec_sql.py" "$root/tests/spec/proposed-schema.md" "$tmp"; then
    echo "spec_sql_fresh: 0 passed, 1 failed (the generator failed)"; exit 1
fi
if diff -u "$root/tests/spec/proposed_schema_spec.sql" "$tmp"; then
    echo "spec_sql_fresh: 1 passed, 0 failed"
else
    echo "spec_sql_fresh: 0 passed, 1 failed: run python3 tests/spec/extract_spec_sql.py and commit the result"; exit 1
fi
