#!/usr/bin/env bash
# conflict_report_bounds.sh: a profile with 10,000 overlapping open slots (48 a day, the most the
# open-slot bound allows, over 209 days, each running to the end of the period) and find_conflicts
# under a 1 s statement_timeout: as the talent (every pair is reported; the report stops at p_limit)
# and as service_role with p_limit 10000. Each call must end within 2 s, and the backend's peak
# memory (VmHWM of /proc/<pid>/status) stay under 100 MB. Prints what it measured.
# Usage: PORT=54325 tests/drills/conflict_report_bounds.sh (the extension installed in that cluster).
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
DB=drill_conflict_bounds
TALENT=$(uuid 1 1) MODEL=$(uuid 2 1)
fresh_db "$PORT" "$DB" >/dev/null
q >/dev/null <<SQL
INSERT INTO public.organizations (id, name, slug) VALUES ('$(uuid 9 1)', 'Agency', 'agency');
INSERT INTO auth.users (id, email) VALUES ('$TALENT', 'model@drill');
INSERT INTO public.users (id, email, role, organization_id) VALUES ('$TALENT', 'model@drill', 'viewer', '$(uuid 9 1)');
INSERT INTO public.model_profiles (id, user_id) VALUES ('$MODEL', '$TALENT');
-- as the talent, through row level security, as PostgREST would run one bulk POST per day
BEGIN;
$(claims authenticated "$TALENT");
INSERT INTO public.model_availability (model_profile_id, date, start_time, end_time, status)
SELECT '$MODEL', ('2087-01-01'::date + d), ('2087-01-01'::date + d)::timestamptz + s * interval '30 minutes',
       '2087-12-31'::timestamptz, 'tentative'
  FROM generate_series(0, 208) d, generate_series(0, 47) s
 LIMIT 10000;
COMMIT;
SQL
slots=$(q -c "SELECT count(*) FROM fashionos.bookings")
echo "ledger rows (overlapping open slots): $slots"
measure() {  # measure LABEL ROLE SUB LIMIT (the timeout ends the call, not the session)
    local out
    out=$(q -v ON_ERROR_STOP=0 2>&1 <<SQL
SET statement_timeout = '1s';
BEGIN;
$(claims "$2" "$3");
\timing on
SELECT count(*) FROM public.find_conflicts('model', '$MODEL', p_limit => $4);
\timing off
ROLLBACK;
SELECT (regexp_match(pg_read_file('/proc/' || pg_backend_pid() || '/status'), 'VmHWM:\s+(\d+)'))[1];
SQL
)
    local rows ms kb
    rows=$(echo "$out" | grep -E '^[0-9]+$' | head -1)
    ms=$(echo "$out" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | head -1)
    kb=$(echo "$out" | grep -E '^[0-9]+$' | tail -1)
    err=$(echo "$out" | grep -m1 ERROR)
    echo "$1: rows=${rows:-none} ${err:+($err) }time=${ms:-?} ms backend VmHWM=$((${kb:-0} / 1024)) MB"
    if [ -z "$ms" ] && [ -n "$err" ]; then ms=$(echo "$out" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | tail -1); fi
    if awk -v ms="${ms:-99999}" 'BEGIN { exit !(ms < 2000) }'; then ok; else ko "$1: took ${ms:-?} ms"; fi
    if [ "${kb:-999999}" -lt $((100 * 1024)) ]; then ok; else ko "$1: VmHWM ${kb:-?} kB"; fi
}
measure "talent, default p_limit" authenticated "$TALENT" 1000
measure "talent, p_limit 10000" authenticated "$TALENT" 10000
measure "service_role, p_limit 10000" service_role "" 10000
# the 49th open slot of a day is refused, to the talent as to every writer of the API (the
# operator's own session, a restore, loads a calendar as it was: docs/schema.md)
r=$(q <<SQL 2>&1 | grep -o 'too many open slots on this day'
BEGIN;
$(claims authenticated "$TALENT");
INSERT INTO public.model_availability (model_profile_id, date, start_time, end_time, status) VALUES ('$MODEL', '2087-01-01', '2087-01-01 23:59Z', '2087-01-02', 'tentative');
COMMIT;
SQL
)
echo "49th open slot of a day: ${r:-accepted}"; if [ -n "$r" ]; then ok; else ko "the 49th open slot of a day was accepted"; fi
drop_db "$DB"
finish conflict_report_bounds
