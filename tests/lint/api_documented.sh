#!/usr/bin/env bash
# api_documented.sh: every function and table of schema public has a COMMENT (PostgREST publishes
# them), and every function has its section, with a curl and a supabase-js example, in docs/api.md
# or docs/scheduling.md. PORT: a running cluster with fashionos installed.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
DB=api_documented
fresh_db "$PORT" "$DB" >/dev/null
check "functions of public without COMMENT" "" "$(q -c "SELECT string_agg(p.oid::regprocedure::text, ', ') FROM pg_proc p
    WHERE p.pronamespace = 'public'::regnamespace AND obj_description(p.oid, 'pg_proc') IS NULL")"
check "tables of public without COMMENT" "" "$(q -c "SELECT string_agg(c.relname, ', ') FROM pg_class c
    WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND obj_description(c.oid, 'pg_class') IS NULL")"
docs="$REPO_ROOT/docs/api.md $REPO_ROOT/docs/scheduling.md"
missing="" no_example=""
for fn in $(q -c "SELECT DISTINCT proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace ORDER BY 1"); do
    grep -qE "^#+ .*\b$fn\b" $docs || missing="$missing $fn"
    grep -qE "rpc/$fn[\"?]" $docs && grep -q "rpc('$fn'" $docs || no_example="$no_example $fn"
done
check "functions without a section in docs/api.md or docs/scheduling.md" "" "${missing# }"
check "functions without a curl and a supabase-js example" "" "${no_example# }"
drop_db "$DB"
finish api_documented
