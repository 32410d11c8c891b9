#!/usr/bin/env bash
# spec_sql_fresh.sh: checks that tests/spec/proposed_schema_spec.sql is what
# tests/spec/extract_spec_sql.py generates from tests/spec/proposed-schema.md today.
# Exit status 0 when it is current, 1 when it differs (the diff is printed) or cannot be generated.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
if python3 "$REPO_ROOT/tests/spec/extract_spec_sql.py" "$REPO_ROOT/tests/spec/proposed-schema.md" "$tmp"; then
    check "tests/spec/proposed_schema_spec.sql is current (else run python3 tests/spec/extract_spec_sql.py and commit the result)" "" \
        "$(diff -u "$REPO_ROOT/tests/spec/proposed_schema_spec.sql" "$tmp")"
else
    ko "the generator tests/spec/extract_spec_sql.py failed"
fi
finish spec_sql_fresh
