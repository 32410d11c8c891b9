#!/usr/bin/env bash
# generated_sql_fresh.sh: checks that the SQL generated from documents is what its generator makes of
# them today:
#   - sql/generated/spec_tables.sql (the 44 specified tables in public) and
#     tests/spec/proposed_schema_spec.sql (the same in schema spec, for schema_spec.sql), from
#     tests/spec/proposed-schema.md (tests/spec/extract_spec_sql.py);
#   - sql/generated/table_comments.sql, the comments of every table and column, from docs/tables.md
#     (scripts/table-comments.py).
# Exit status 0 when all are current, 1 when one differs (the diff is printed) or cannot be generated.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
for pair in "spec tests/spec/proposed_schema_spec.sql" "public sql/generated/spec_tables.sql"; do
    set -- $pair
    if python3 "$REPO_ROOT/tests/spec/extract_spec_sql.py" "$REPO_ROOT/tests/spec/proposed-schema.md" "$1" "$tmp"; then
        check "$2 is current (else run python3 tests/spec/extract_spec_sql.py and commit the result)" "" \
            "$(diff -u "$REPO_ROOT/$2" "$tmp")"
    else
        ko "the generator tests/spec/extract_spec_sql.py failed"
    fi
done
check "sql/generated/table_comments.sql is current (else run python3 scripts/table-comments.py and commit the result)" "" \
    "$(python3 "$REPO_ROOT/scripts/table-comments.py" --check 2>&1)"
finish generated_sql_fresh
