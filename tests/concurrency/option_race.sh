#!/usr/bin/env bash
# option_race.sh: options (sql/options.sql) under many real connections.
#
#   PORT=54403 tests/concurrency/option_race.sh
#
# Needs a running cluster on PORT with fashionos installed (scripts/dev-install.sh); creates and
# drops its own database (KEEP=1 keeps it). N clients (default 24) are released at once (they wait
# on an advisory lock the script holds, then all go); each makes one request the way PostgREST runs
# it (a transaction that sets the role and the JWT claims locally, then the call):
#   1. N organizers of N events request an option on one model for the same range: the ranks they
#      get are 1st, 2nd, ... N-th, each once.
#   2. a confirmation, a release and an expiry racing on one range: six options on a model, the 1st
#      past its expiry (set as superuser before the race); the talent and service_role confirm, the
#      organizers release: at most one booking, the expired 1st never confirmed, the ranks of the
#      live options 1st, 2nd, ... without gaps, the expiry and every promotion recorded once.
#   3. promotion exactly once: the 1st of four options expired; half of the clients confirm the new
#      1st (the talent), half decline it (service_role): one side wins, the other gets PT409; the
#      new 1st is promoted once, and when it is declined the next is promoted once.
#   4. consent: foreign organizers and the requesting organizers try to confirm while the talent,
#      the venue owner and service_role confirm: every foreign organizer gets PT404 (the option is
#      not visible), every requesting organizer 42501; the three options are confirmed, each by whom
#      it should be.
# A test-only audit trigger on fashionos.options records every status and promoted_at change.
set -uo pipefail
DB=${DB:-option_race}
N=${N:-24}
. "$(dirname "$0")/gate.sh"

# count_ok LABEL [CLIENTS...]: how many of the clients (default: all) got no error
count_ok() {
    local label=$1 n=0 i; shift
    [ $# -gt 0 ] || set -- $(seq 1 "$N")
    for i in "$@"; do grep -q ERROR "$WORK/$label.$i" || n=$((n + 1)); done
    echo "$n"
}
# count_with LABEL PATTERN [CLIENTS...]: how many of the clients' outputs contain PATTERN
count_with() {
    local label=$1 pattern=$2 n=0 i; shift 2
    [ $# -gt 0 ] || set -- $(seq 1 "$N")
    for i in "$@"; do grep -q -- "$pattern" "$WORK/$label.$i" && n=$((n + 1)); done
    echo "$n"
}
clients() { # clients K M: the client numbers i in 1..N with i % M = K
    local i; for i in $(seq 1 "$N"); do [ $((i % $2)) = "$1" ] && echo "$i"; done
}

# the option that event EV holds on RESOURCE
option_of() { q -c "SELECT id FROM fashionos.options WHERE resource_id = '$1' AND event_id = '$(uuid 4 "$2")'"; }
# request EV TYPE RESOURCE START END: the organizer of event EV requests an option (sequentially)
request() {
    rpc authenticated "$(organizer_of "$1")" \
        "SELECT rank FROM public.request_option('$2', '$3', '$(uuid 4 "$1")', '$4', '$5')"
}
organizer_of() { if [ $(($1 % 2)) = 1 ]; then uuid 1 1; else uuid 1 2; fi; }
# ranks RESOURCE: the ranks of the live options on RESOURCE in request order, as service_role
ranks() {
    rpc service_role "" "SELECT coalesce(string_agg(rank::text, ',' ORDER BY n), '') FROM public.list_options(p_resource_id => '$1')
                          WITH ORDINALITY AS l(option_id, resource_type, resource_id, event_id, starts_at, ends_at, status,
                                               rank, requested_rank, expires_at, requested_at, promoted_at, booking_id, n)
                         WHERE rank IS NOT NULL"
}
# 1,2,...,K
series() { seq -s, 1 "$1"; }

log "database $DB on port $PORT, $N clients"
fresh_db "$PORT" "$DB" || { echo "option_race: 0 passed, 1 failed"; exit 1; }

# Fixtures: Maison A (organizer 1/1) holds the odd events, Maison B (organizer 1/2) the even ones;
# Maison F (organizer 1/3) is foreign to all of them. The models (2/k, users 1/1k) belong to an
# agency, the venue (5/1, owner 1/20) to a venue company.
q >/dev/null <<SQL
INSERT INTO public.organizations (id, name, slug) VALUES
    ('$(uuid 9 1)', 'Maison A', 'maison-a'), ('$(uuid 9 2)', 'Maison B', 'maison-b'),
    ('$(uuid 9 3)', 'Maison F', 'maison-f'), ('$(uuid 9 4)', 'Agency', 'agency'), ('$(uuid 9 5)', 'Venues', 'venues');
INSERT INTO auth.users (id, email) VALUES
    ('$(uuid 1 1)', 'a@race.test'), ('$(uuid 1 2)', 'b@race.test'), ('$(uuid 1 3)', 'f@race.test'), ('$(uuid 1 20)', 'venue@race.test');
INSERT INTO auth.users (id, email)
    SELECT format('00000000-0000-0000-0001-%s', lpad((10 + k)::text, 12, '0'))::uuid, 'model' || k || '@race.test' FROM generate_series(1, 5) k;
INSERT INTO public.users (id, email, role, organization_id) VALUES
    ('$(uuid 1 1)', 'a@race.test', 'organizer', '$(uuid 9 1)'), ('$(uuid 1 2)', 'b@race.test', 'organizer', '$(uuid 9 2)'),
    ('$(uuid 1 3)', 'f@race.test', 'organizer', '$(uuid 9 3)'), ('$(uuid 1 20)', 'venue@race.test', 'owner', '$(uuid 9 5)');
INSERT INTO public.users (id, email, role, organization_id)
    SELECT id, email, 'viewer', '$(uuid 9 4)' FROM auth.users WHERE email LIKE 'model%';
INSERT INTO public.events (id, name, start_date, organization_id, created_by)
    SELECT format('00000000-0000-0000-0004-%s', lpad(n::text, 12, '0'))::uuid, 'Event ' || n, '2086-06-10',
           CASE WHEN n % 2 = 1 THEN '$(uuid 9 1)' ELSE '$(uuid 9 2)' END::uuid,
           CASE WHEN n % 2 = 1 THEN '$(uuid 1 1)' ELSE '$(uuid 1 2)' END::uuid
      FROM generate_series(1, $N + 10) n;
INSERT INTO public.model_profiles (id, user_id)
    SELECT format('00000000-0000-0000-0002-%s', lpad(k::text, 12, '0'))::uuid,
           format('00000000-0000-0000-0001-%s', lpad((10 + k)::text, 12, '0'))::uuid
      FROM generate_series(1, 5) k;
INSERT INTO public.venues (id, owner_id, name) VALUES ('$(uuid 5 1)', '$(uuid 1 20)', 'Hall');
-- test-only: every change of an option's status or promoted_at, as it committed
CREATE SCHEMA race;
CREATE TABLE race.audit (option_id uuid, old_status text, new_status text, old_promoted timestamptz, new_promoted timestamptz);
CREATE FUNCTION race.audit() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS \$\$
BEGIN
    INSERT INTO race.audit VALUES (OLD.id, OLD.status, NEW.status, OLD.promoted_at, NEW.promoted_at);
    RETURN NEW;
END \$\$;
CREATE TRIGGER race_audit AFTER UPDATE ON fashionos.options FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.promoted_at IS DISTINCT FROM NEW.promoted_at)
    EXECUTE FUNCTION race.audit();
SQL
FROM_=2086-06-10T10:00Z TO_=2086-06-10T14:00Z
# promotions RESOURCE [EV]: how often promoted_at was written for the options on RESOURCE (of EV)
promotions() {
    q -c "SELECT count(*) FROM race.audit a JOIN fashionos.options o ON o.id = a.option_id
        WHERE o.resource_id = '$1' ${2:+AND o.event_id = '$(uuid 4 "$2")'} AND a.new_promoted IS DISTINCT FROM a.old_promoted"
}

# 1. N requests at once on one model: ranks 1..N, each once
M=$(uuid 2 5)
c_request() { echo "$(claims authenticated "$(organizer_of "$1")");
              SELECT rank FROM public.request_option('model', '$M', '$(uuid 4 "$1")', '$FROM_', '$TO_')"; }
race request c_request
w=$(count_ok request)
check "requests: all $N concurrent option requests on one range go through" "$N" "$w"
r=$(q -c "SELECT string_agg(requested_rank::text, ',' ORDER BY seq) FROM fashionos.options WHERE resource_id = '$M'")
check "requests: they were ranked 1st to ${N}th in request order, each rank once" "$(series "$N")" "$r"
r=$(ranks "$M")
check "requests: list_options shows the ranks 1..$N" "$(series "$N")" "$r"

# 2. a confirmation, a release and an expiry racing on one range
M=$(uuid 2 1)
for ev in 1 2 3 4 5 6; do request "$ev" model "$M" "$FROM_" "$TO_" >/dev/null; done
q -c "UPDATE fashionos.options SET expires_at = now() - interval '1 second' WHERE id = '$(option_of "$M" 1)'" # expiry
O1=$(option_of "$M" 1) O2=$(option_of "$M" 2) O3=$(option_of "$M" 3) O4=$(option_of "$M" 4)
TALENT=$(uuid 1 11)
# clients by i % 6: 0 the talent confirms the expired 1st; 1 the talent confirms the new 1st (2);
# 2 Maison B releases the new 1st (2); 3 service_role confirms 3; 4 the talent confirms 4;
# 5 Maison A releases 3
c_mixed() {
    case $(($1 % 6)) in
        0) echo "$(claims authenticated "$TALENT"); SELECT status, rank FROM public.confirm_option('$O1')" ;;
        1) echo "$(claims authenticated "$TALENT"); SELECT status, rank FROM public.confirm_option('$O2')" ;;
        2) echo "$(claims authenticated "$(uuid 1 2)"); SELECT status, rank FROM public.release_option('$O2')" ;;
        3) echo "$(claims service_role); SELECT status, rank FROM public.confirm_option('$O3')" ;;
        4) echo "$(claims authenticated "$TALENT"); SELECT status, rank FROM public.confirm_option('$O4')" ;;
        5) echo "$(claims authenticated "$(uuid 1 1)"); SELECT status, rank FROM public.release_option('$O3')" ;;
    esac
}
race mixed c_mixed
b=$(q -c "SELECT count(*) FROM fashionos.bookings WHERE resource_id = '$M'")
check "confirm/release/expiry: at most one booking of the model" "at most 1" "$([ "$b" -le 1 ] && echo "at most 1" || echo "$b")"
c=$(q -c "SELECT count(*) FROM fashionos.options o WHERE resource_id = '$M' AND status = 'confirmed' AND fashionos.option_is_live(o)")
check "confirm/release/expiry: the booking is the one of the live confirmed option (confirmed = booked)" "$b" "$c"
l=$(count_with mixed "PT409: option expired" $(clients 0 6))
e=$(clients 0 6 | wc -l)
check "confirm/release/expiry: every confirmation of the expired 1st gets PT409 option expired" "$e" "$l"
s=$(q -c "SELECT status FROM fashionos.options WHERE id = '$O1'")/$(q -c "SELECT count(*) FROM race.audit WHERE option_id = '$O1'")
check "confirm/release/expiry: the expiry is recorded once, by the first writer (status/changes)" expired/1 "$s"
live=$(q -c "SELECT count(*) FROM fashionos.options o WHERE resource_id = '$M' AND fashionos.option_is_live(o)")
r=$(ranks "$M")
check "confirm/release/expiry: the live options rank 1st, 2nd, ... without gaps" "$(series "$live")" "$r"
p=$(q -c "SELECT count(*) FROM (SELECT option_id FROM race.audit WHERE new_promoted IS DISTINCT FROM old_promoted GROUP BY 1 HAVING count(*) > 1) x")
check "confirm/release/expiry: no option's promoted_at written twice" 0 "$p"
u=$(q -c "SELECT count(*) FROM fashionos.options o WHERE resource_id = '$M' AND requested_rank > 1 AND fashionos.option_rank(o) = 1 AND promoted_at IS NULL")
check "confirm/release/expiry: the 1st option now, if requested below, is recorded promoted (unrecorded)" 0 "$u"
t=$(q -c "SELECT count(*) FROM (SELECT option_id, old_status, new_status FROM race.audit WHERE old_status <> new_status GROUP BY 1, 2, 3 HAVING count(*) > 1) x")
check "confirm/release/expiry: each status change happened once (repeated)" 0 "$t"
echo "     (outcome: $(q -c "SELECT string_agg('option ' || requested_rank || ' ' || status || coalesce(' (rank ' || fashionos.option_rank(o) || ')', ''), ', ' ORDER BY seq) FROM fashionos.options o WHERE resource_id = '$M'"))"

# 3. the 1st expired: the talent confirms the new 1st while service_role declines it
M=$(uuid 2 2)
for ev in 7 8 9 10; do request "$ev" model "$M" "$FROM_" "$TO_" >/dev/null; done
q -c "UPDATE fashionos.options SET expires_at = now() - interval '1 second' WHERE id = '$(option_of "$M" 7)'"
O2=$(option_of "$M" 8)
c_promote() {
    if [ $(($1 % 2)) = 0 ]; then echo "$(claims authenticated "$(uuid 1 12)"); SELECT status, rank FROM public.confirm_option('$O2')"
    else echo "$(claims service_role); SELECT status, rank FROM public.decline_option('$O2')"; fi
}
race promote c_promote
cw=$(count_ok promote $(clients 0 2)) dw=$(count_ok promote $(clients 1 2)) half=$((N / 2))
st=$(q -c "SELECT status FROM fashionos.options WHERE id = '$O2'")
# the winning side (the even clients confirm, the odd ones decline): all of it ok; the other side:
# none ok, each PT409 naming the winner's outcome
if [ "$st" = confirmed ]; then won=0 lost=1 want=confirmed; else won=1 lost=0 want=declined; fi
check "promotion: confirm and decline of the new 1st do not both win" \
      "option $want; the winners ok $half of $half; the others ok 0, PT409 option $want $half" \
      "option $st; the winners ok $(count_ok promote $(clients $won 2)) of $half; the others ok $(count_ok promote $(clients $lost 2)), PT409 option $want $(count_with promote "PT409: option $want" $(clients $lost 2))"
p=$(promotions "$M" 8)
check "promotion: the new 1st was promoted exactly once (promoted_at written)" 1 "$p"
b=$(q -c "SELECT count(*) FROM fashionos.bookings WHERE resource_id = '$M'")
if [ "$st" = confirmed ]; then
    check "promotion: confirmed, one booking, nobody else promoted" "1 booking(s), 1 promotion(s)" \
          "$b booking(s), $(promotions "$M") promotion(s)"
else
    check "promotion: declined, the next option is promoted exactly once, the last not" \
          "0 booking(s), next promoted 1, last promoted 0" \
          "$b booking(s), next promoted $(promotions "$M" 9), last promoted $(promotions "$M" 10)"
fi
r=$(ranks "$M") live=$(q -c "SELECT count(*) FROM fashionos.options o WHERE resource_id = '$M' AND fashionos.option_is_live(o)")
check "promotion: the live options rank 1st, 2nd, ... without gaps" "$(series "$live")" "$r"

# 4. consent: who may confirm
M=$(uuid 2 3) M4=$(uuid 2 4) V=$(uuid 5 1)
request 11 model "$M" "$FROM_" "$TO_" >/dev/null
request 13 venue "$V" "$FROM_" "$TO_" >/dev/null
request 15 model "$M4" "$FROM_" "$TO_" >/dev/null
OM=$(option_of "$M" 11) OV=$(option_of "$V" 13) OS=$(option_of "$M4" 15)
# clients by i % 6: 0 Maison F (foreign) confirms one of the three options (by i / 6); 1 Maison A
# (the requester) confirms one of them; 2 the talent confirms her option; 3 the venue owner confirms his;
# 4 service_role confirms the other model's; 5 Maison F declines one of them
c_consent() {
    local o; case $((($1 / 6) % 3)) in 0) o=$OM ;; 1) o=$OV ;; 2) o=$OS ;; esac
    case $(($1 % 6)) in
        0) echo "$(claims authenticated "$(uuid 1 3)"); SELECT status FROM public.confirm_option('$o')" ;;
        1) echo "$(claims authenticated "$(uuid 1 1)"); SELECT status FROM public.confirm_option('$o')" ;;
        2) echo "$(claims authenticated "$(uuid 1 13)"); SELECT status FROM public.confirm_option('$OM')" ;;
        3) echo "$(claims authenticated "$(uuid 1 20)"); SELECT status FROM public.confirm_option('$OV')" ;;
        4) echo "$(claims service_role); SELECT status FROM public.confirm_option('$OS')" ;;
        5) echo "$(claims authenticated "$(uuid 1 3)"); SELECT status FROM public.decline_option('$o')" ;;
    esac
}
race consent c_consent
f=$(count_with consent "PT404: option not found" $(clients 0 6) $(clients 5 6)) fe=$(clients 0 6 | wc -l) fd=$(clients 5 6 | wc -l)
check "consent: a foreign organizer can neither confirm nor decline (PT404, as for no such option)" \
      "PT404 $((fe + fd)), ok 0" "PT404 $f, ok $(count_ok consent $(clients 0 6) $(clients 5 6))"
a=$(count_with consent "42501: not allowed to confirm this option" $(clients 1 6)) ae=$(clients 1 6 | wc -l)
check "consent: the requesting organizer cannot confirm his own option (42501)" "$ae" "$a"
for who in "talent:$OM:$(uuid 1 13):2" "venue owner:$OV:$(uuid 1 20):3" "service_role:$OS::4"; do
    IFS=: read -r name opt uid k <<<"$who"
    ok=$(count_ok consent $(clients "$k" 6)) all=$(clients "$k" 6 | wc -l)
    got=$(q -c "SELECT o.status || ' by ' || coalesce(o.decided_by::text, 'server-side code') || ', booked ' || count(b.*)
               FROM fashionos.options o LEFT JOIN fashionos.bookings b ON b.source_id = o.booking_id WHERE o.id = '$opt' GROUP BY o.id")
    want="confirmed by ${uid:-server-side code}, booked 1"
    check "consent: the $name confirms (every one of $all concurrent calls answers confirmed)" \
          "$all ok; $want" "$ok ok; $got"
done

gate_finish option_race
