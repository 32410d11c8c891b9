#!/usr/bin/env bash
# upgrade.sh: ALTER EXTENSION fashionos UPDATE from every frozen release in sql/releases/ to the
# current version. For each: install the old version (its frozen install script, the current
# library), fill data through the API, update, and check that
#   - the data is intact (every table of public and fashionos hashes the same before and after, over
#     the columns it had before: a column the update adds takes its default),
#   - the catalog equals a fresh install of the current version (functions with their definitions,
#     privileges and comments; tables, columns, constraints, indexes, policies, triggers;
#     extension membership),
#   - behaviour is intact: tokens issued before verify and check in, purchases go on, and what the
#     new version adds works.
# PORT: a running cluster with the current fashionos installed (scripts/test.sh provides it).
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
SHARE="$($PG_CONFIG --sharedir)/extension"
current=$(sed -n 's/^version = "\(.*\)"/\1/p' "$REPO_ROOT/Cargo.toml" | head -1)
check "the current version's install script is installed" yes "$([ -f "$SHARE/fashionos--$current.sql" ] && echo yes)"

fingerprint() { # fingerprint DB: one line per catalog object of the extension's schemas
    psql -X -q -At -h localhost -p "$PORT" -U postgres -d "$1" <<'SQL'
SELECT 'function ' || p.oid::regprocedure || ' returns ' || pg_get_function_result(p.oid) || ' ' || p.provolatile::text
       || p.prosecdef::text || p.proisstrict::text || p.proparallel::text || ' ' || coalesce(array_to_string(p.proconfig, ','), '')
       || ' ' || md5(p.prosrc) || ' acl ' || coalesce(p.proacl::text, 'default') || ' comment ' || md5(coalesce(obj_description(p.oid, 'pg_proc'), ''))
  FROM pg_proc p WHERE p.pronamespace IN ('public'::regnamespace, 'fashionos'::regnamespace, 'auth'::regnamespace)
UNION ALL
SELECT 'relation ' || c.oid::regclass || ' ' || c.relkind::text || ' rls ' || c.relrowsecurity || ' acl ' || coalesce(c.relacl::text, 'default')
       || ' comment ' || md5(coalesce(obj_description(c.oid, 'pg_class'), ''))
  FROM pg_class c WHERE c.relnamespace IN ('public'::regnamespace, 'fashionos'::regnamespace, 'auth'::regnamespace) AND c.relkind IN ('r', 'v', 'i', 'S')
UNION ALL
SELECT 'column ' || a.attrelid::regclass || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || ' ' || a.attnotnull
       || ' ' || coalesce(pg_get_expr(d.adbin, d.adrelid), '') || ' acl ' || coalesce(a.attacl::text, '')
       || ' comment ' || md5(coalesce(col_description(a.attrelid, a.attnum), ''))
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
 WHERE c.relnamespace IN ('public'::regnamespace, 'fashionos'::regnamespace, 'auth'::regnamespace) AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
UNION ALL
SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
 WHERE connamespace IN ('public'::regnamespace, 'fashionos'::regnamespace, 'auth'::regnamespace)
UNION ALL
SELECT 'index ' || pg_get_indexdef(indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
 WHERE c.relnamespace IN ('public'::regnamespace, 'fashionos'::regnamespace, 'auth'::regnamespace)
UNION ALL
SELECT 'policy ' || schemaname || '.' || tablename || ' ' || policyname || ' ' || permissive || ' ' || roles::text || ' ' || cmd
       || ' ' || coalesce(qual, '') || ' ' || coalesce(with_check, '') FROM pg_policies
UNION ALL
SELECT 'trigger ' || pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
 WHERE NOT t.tgisinternal AND c.relnamespace IN ('public'::regnamespace, 'fashionos'::regnamespace, 'auth'::regnamespace)
UNION ALL
SELECT 'event trigger ' || evtname || ' ' || evtevent || ' ' || evtfoid::regproc || ' ' || evtenabled::text || ' ' || coalesce(evttags::text, '') FROM pg_event_trigger
UNION ALL
SELECT 'member ' || pg_describe_object(classid, objid, objsubid) FROM pg_depend
 WHERE refclassid = 'pg_extension'::regclass AND deptype = 'e'
   AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'fashionos')
UNION ALL
SELECT 'config dump ' || unnest(extconfig)::regclass FROM pg_extension WHERE extname = 'fashionos'
ORDER BY 1
SQL
}

data_hash() { # data_hash DB [COLUMNS]: a hash of every row of each table of public and fashionos, a
    # line each; with COLUMNS (columns_of's JSON, read before an update), of those columns only, so
    # that a column the update adds (with its default) is not a change of the data
    psql -X -q -At -h localhost -p "$PORT" -U postgres -d "$1" -v columns="${2:-"{}"}" <<'SQL'
SELECT string_agg(t || ' ' || h, E'\n' ORDER BY t) FROM (
    SELECT c.oid::regclass::text AS t,
           (xpath('/row/h/text()', query_to_xml(format(
                'SELECT md5(coalesce(string_agg(x, %L ORDER BY x), %L)) AS h FROM (SELECT (to_jsonb(r) - %L::text[])::text AS x FROM %s r) s',
                '|', '', coalesce((SELECT array_agg(a.attname::text) FROM pg_attribute a
                                    WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                                      AND (:'columns'::jsonb) ? c.oid::regclass::text
                                      AND NOT (:'columns'::jsonb -> c.oid::regclass::text) ? a.attname::text), '{}'),
                c.oid::regclass), false, true, '')))[1]::text AS h
      FROM pg_class c
     WHERE c.relnamespace IN ('public'::regnamespace, 'fashionos'::regnamespace) AND c.relkind = 'r') per_table
SQL
}
columns_of() { # columns_of DB: {"table": [its columns]} for the tables of public and fashionos
    psql -X -q -At -h localhost -p "$PORT" -U postgres -d "$1" -c "
SELECT json_object_agg(c.oid::regclass::text, (SELECT json_agg(a.attname) FROM pg_attribute a
                                                WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped))
  FROM pg_class c WHERE c.relnamespace IN ('public'::regnamespace, 'fashionos'::regnamespace) AND c.relkind = 'r'"
}

fresh="upgrade_fresh"
drop_db "$fresh"
fresh_db "$PORT" "$fresh" >/dev/null
fingerprint "$fresh" > /tmp/fashionos-upgrade-fresh.txt
check "catalog of a fresh install read (over 500 objects)" yes "$([ "$(wc -l < /tmp/fashionos-upgrade-fresh.txt)" -gt 500 ] && echo yes)"

releases=0
for frozen in "$REPO_ROOT"/sql/releases/fashionos--*.sql; do
    [ -f "$frozen" ] || continue
    old=$(basename "$frozen" .sql); old=${old#fashionos--}
    [ "$old" = "$current" ] && continue
    releases=$((releases + 1))
    cp "$frozen" "$SHARE/fashionos--$old.sql"
    DB="upgrade_from_${old//./_}"
    psql -X -q -h localhost -p "$PORT" -U postgres -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" >/dev/null 2>&1
    q -c "SET client_min_messages = warning; CREATE SCHEMA extensions; CREATE EXTENSION btree_gist WITH SCHEMA extensions; CREATE EXTENSION fashionos VERSION '$old'" >/dev/null
    check "$old: installed" "$old" "$(q -c "SELECT extversion FROM pg_extension WHERE extname = 'fashionos'")"

    # Data: made through the current API in a scratch database, then copied row for row into the
    # old version's tables (they are the same tables). The library on disk is the current one, and
    # it serves the SQL of the version it was built with: the old API is not called before the
    # update (docs/operations.md: install the library and run ALTER EXTENSION UPDATE together).
    SRC="upgrade_source"
    drop_db "$SRC"
    fresh_db "$PORT" "$SRC" >/dev/null
    DB_OLD=$DB; DB=$SRC
    q >/dev/null <<'SQL'
INSERT INTO auth.users (id, email) VALUES ('99999999-0000-4000-8000-000000000001', 'owner@upgrade.test');
INSERT INTO public.organizations (id, name, slug) VALUES ('99999999-0000-4000-8000-0000000000a1', 'Upgrade House', 'upgrade-house');
INSERT INTO public.users (id, email, role, organization_id) VALUES ('99999999-0000-4000-8000-000000000001', 'owner@upgrade.test', 'owner', '99999999-0000-4000-8000-0000000000a1');
INSERT INTO public.events (id, name, status, type, start_date, end_date, organization_id, created_by) VALUES
    ('99999999-0000-4000-8000-0000000000e1', 'Upgrade Show', 'active', 'runway_show', '2086-05-01 19:00+02', '2086-05-01 21:00+02',
     '99999999-0000-4000-8000-0000000000a1', '99999999-0000-4000-8000-000000000001');
INSERT INTO public.ticket_tiers (id, event_id, name, type, price, quantity_total) VALUES
    ('99999999-0000-4000-8000-0000000000f1', '99999999-0000-4000-8000-0000000000e1', 'General', 'paid', 50.00, 10);
INSERT INTO public.venues (id, owner_id, name, city) VALUES ('99999999-0000-4000-8000-0000000000b1', '99999999-0000-4000-8000-000000000001', 'Hall', 'Paris');
INSERT INTO public.venue_availability (venue_id, event_id, date, start_time, end_time, status) VALUES
    ('99999999-0000-4000-8000-0000000000b1', '99999999-0000-4000-8000-0000000000e1', '2086-05-01', '2086-05-01 16:00+02', '2086-05-01 22:00+02', 'booked');
SQL
    owner=99999999-0000-4000-8000-000000000001
    tokens=$(rpc anon "" "SELECT string_agg(qr_code_data, ' ') FROM public.reserve_tickets(p_ticket_tier_id => '99999999-0000-4000-8000-0000000000f1', p_quantity => 3, p_attendee_email => 'guest@example.com', p_attendee_name => 'Guest')")
    for pid in $(q -c "SELECT id FROM public.payments"); do
        rpc service_role "" "SELECT changed FROM public.complete_payment(p_payment_id => '$pid', p_provider => 'stripe', p_provider_transaction_id => 'ch_$pid')" >/dev/null
    done
    first=${tokens%% *}
    check "$old: a ticket checked in before the update" checked_in "$(rpc authenticated $owner "SELECT outcome FROM public.check_in(p_token => '$first', p_event_id => '99999999-0000-4000-8000-0000000000e1')")"
    DB=$DB_OLD
    # the tables the old version has (a table the current version adds has no rows to copy here)
    tables=$(q -c "SELECT string_agg('-t ' || c.oid::regclass::text, ' ') FROM pg_class c
                    WHERE c.relkind = 'r' AND c.relnamespace IN ('public'::regnamespace, 'fashionos'::regnamespace, 'auth'::regnamespace)")
    # only those with rows, each with the columns both versions have (a column the current version
    # adds, such as fashionos.signing_keys.made_at_install, takes its default in the old one),
    # triggers off as in a data-only restore
    for t in $tables; do
        [ "$t" = -t ] && continue
        [ "$(DB=$SRC q -c "SELECT EXISTS (SELECT 1 FROM $t)")" = t ] || continue
        cols=$(q -c "SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) FROM pg_attribute a
                      WHERE a.attrelid = '$t'::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
                        AND a.attname IN ($(DB=$SRC q -c "SELECT string_agg(quote_literal(attname), ', ') FROM pg_attribute
                                                           WHERE attrelid = '$t'::regclass AND attnum > 0 AND NOT attisdropped"))")
        DB=$SRC q -c "COPY (SELECT $cols FROM $t) TO STDOUT" |
            q -c "SET session_replication_role = replica" -c "COPY $t ($cols) FROM STDIN" >/dev/null
    done
    q -c "SELECT fashionos.rebuild_bookings()" >/dev/null
    check "$old: the data copied into the old version" "4 3 1" "$(q -c "SELECT (SELECT count(*) FROM public.payments) + 1 || ' ' || (SELECT count(*) FROM public.registrations) || ' ' || (SELECT count(*) FROM fashionos.bookings)")"
    drop_db "$SRC"
    before=$(data_hash "$DB" 2>&1)
    columns=$(columns_of "$DB")
    check "$old: data hashed (every table)" yes "$([ "$(echo "$before" | grep -cE ' [0-9a-f]{32}$')" -gt 50 ] && echo yes)"

    # Rows that break a key the new version adds stop the update, with what to fix, and change nothing.
    refused=$(q -c "BEGIN" \
                -c "INSERT INTO public.sponsors (event_id, company_name) SELECT id, 'Bubbles' FROM public.events LIMIT 1" \
                -c "INSERT INTO public.sponsors (event_id, company_name) SELECT id, 'bubbles ' FROM public.events LIMIT 1" \
                -c "ALTER EXTENSION fashionos UPDATE" 2>&1)
    check "$old -> $current: duplicates of a new key stop the update, saying which" yes \
        "$(echo "$refused" | grep -q 'public.sponsors has rows that 0.5.0 keeps unique' && echo yes)"
    check "$old -> $current: ... and change nothing" "$old 0" \
        "$(q -c "SELECT extversion || ' ' || (SELECT count(*) FROM public.sponsors) FROM pg_extension WHERE extname = 'fashionos'")"

    q -c "ALTER EXTENSION fashionos UPDATE" 2>&1 | grep -v "^ALTER EXTENSION$"
    check "$old -> $current: version after ALTER EXTENSION UPDATE" "$current" "$(q -c "SELECT extversion FROM pg_extension WHERE extname = 'fashionos'")"
    after=$(data_hash "$DB" "$columns" 2>&1)
    check "$old -> $current: every row of public and fashionos intact" "" \
        "$(diff <(echo "$before") <(awk 'NR == FNR { t[$1] = 1; next } ($1 in t)' <(echo "$before") <(echo "$after")))"
    # (but the payments' history, which starts with one entry per payment that moved before, and
    # the doors' database marker, one row drawn by the update)
    check "$old -> $current: the tables $current adds are empty" "" \
        "$(awk 'NR == FNR { t[$1] = 1; next } !($1 in t) && $1 != "fashionos.payment_events" && $1 != "fashionos.door_database" && $2 != "d41d8cd98f00b204e9800998ecf8427e"' <(echo "$before") <(echo "$after"))"
    check "$old -> $current: the doors' database marker has its one row" 1 "$(q -c "SELECT count(*) FROM fashionos.door_database")"
    check "$old -> $current: each payment that moved before has one history entry, to its status" "t" \
        "$(q -c "SELECT (SELECT count(*) FROM public.payments WHERE status <> 'pending') > 0
                    AND NOT EXISTS (SELECT p.id, p.status, 'before the history (recorded by the update to 0.5.0)' FROM public.payments p WHERE p.status <> 'pending'
                                    EXCEPT ALL SELECT e.payment_id, e.status, e.reason FROM fashionos.payment_events e)
                    AND NOT EXISTS (SELECT e.payment_id, e.status, e.reason FROM fashionos.payment_events e
                                    EXCEPT ALL SELECT p.id, p.status, 'before the history (recorded by the update to 0.5.0)' FROM public.payments p WHERE p.status <> 'pending')")"
    fingerprint "$DB" > "/tmp/fashionos-upgrade-$old.txt"
    difference=$(diff /tmp/fashionos-upgrade-fresh.txt "/tmp/fashionos-upgrade-$old.txt")
    check "$old -> $current: catalog equals a fresh install of $current ($(wc -l < /tmp/fashionos-upgrade-fresh.txt) objects)" "" "$difference"
    [ -z "$difference" ] || echo "$difference" | head -20

    # Behaviour after the update.
    check "$old -> $current: a token issued (and used) before still verifies: genuine, used" "false used" "$(rpc anon "" "SELECT valid || ' ' || reason FROM public.verify_ticket(p_token => '$first')")"
    check "$old -> $current: its second scan says already" already_checked_in "$(rpc authenticated $owner "SELECT outcome FROM public.check_in(p_token => '$first', p_event_id => '99999999-0000-4000-8000-0000000000e1')")"
    second=$(echo "$tokens" | cut -d' ' -f2)
    check "$old -> $current: another ticket from before checks in" checked_in "$(rpc authenticated $owner "SELECT outcome FROM public.check_in(p_token => '$second', p_event_id => '99999999-0000-4000-8000-0000000000e1')")"
    check "$old -> $current: buying goes on" 1 "$(rpc anon "" "SELECT count(*) FROM public.reserve_tickets(p_ticket_tier_id => '99999999-0000-4000-8000-0000000000f1', p_quantity => 1, p_attendee_email => 'late@example.com', p_attendee_name => 'Late')")"
    check "$old -> $current: sold = live registrations" "4 4" "$(q -c "SELECT quantity_sold || ' ' || (SELECT count(*) FROM public.registrations WHERE status <> 'cancelled') FROM public.ticket_tiers")"
    check "$old -> $current: the venue is still booked" "PT409" "$(rpc authenticated $owner "INSERT INTO public.venue_availability (venue_id, date, start_time, end_time, status) VALUES ('99999999-0000-4000-8000-0000000000b1', '2086-05-01', '2086-05-01 18:00+02', '2086-05-01 19:00+02', 'blocked')" | grep -o 'PT409')"
    reg=$(q -c "SELECT id FROM public.registrations WHERE qr_code_data = '$first'")
    check "$old -> $current: undo_check_in (since 0.2.0) works on data from before" "confirmed true" "$(rpc authenticated $owner "SELECT status || ' ' || changed FROM public.undo_check_in(p_registration_id => '$reg')")"
    check "$old -> $current: errors carry their final SQLSTATE (0.3.0)" "PT404" "$(rpc authenticated $owner "SELECT * FROM public.get_event_settings(p_event_id => '99999999-0000-4000-8000-0000000000ee')" | grep -o 'PT404')"
    rm -f "$SHARE/fashionos--$old.sql"
    drop_db "$DB"
done
check "frozen releases older than $current exercised" yes "$([ "$releases" -gt 0 ] && echo yes)"
drop_db "$fresh"
finish upgrade
