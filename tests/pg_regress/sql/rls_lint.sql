-- rls_lint: the rules of docs/security.md ("Lint rules") checked on the catalog, in the spirit of
-- Supabase's database linter. Each check lists its violations; the expected result is none.
SET client_min_messages = warning;
SET search_path = pg_catalog;

CREATE SCHEMA lint;

-- Functions of public and fashionos that anon may execute on purpose (docs/security.md): the
-- public ticket surface and what it calls, and the policy helper of anon's one policy.
CREATE TABLE lint.anon_allowed (fn regprocedure PRIMARY KEY);
INSERT INTO lint.anon_allowed
SELECT p::regprocedure FROM unnest(ARRAY[
    'fashionos.event_on_sale(uuid)',
    'public.reserve_tickets(uuid, integer, text, text, uuid, text)',
    'public.verify_ticket(text)',
    'public.ticket_signing_keys()',
    'public.qr_code_svg(text, integer)',
    'fashionos.reserve_tickets(uuid, integer, text, text, uuid, text)',
    'fashionos.verify_ticket(text)',
    'fashionos.ticket_signing_keys()',
    'fashionos.qr_code_svg(text, integer)',
    'fashionos.events_on_sale(timestamptz, text)',
    'public.events_on_sale(timestamptz, text)',
    'public.ticket_tier_sales(uuid)',      -- the shop's list of tiers, for an event on sale
    'fashionos.ticket_tier_sales(uuid)',
    'public.payment_webhook(json)',       -- the provider posts without a key; the signature decides
    'fashionos.payment_webhook(text)',
    'public.join_waitlist(uuid, text, text)',  -- the waitlist: anon joins with an e-mail, the claim token decides
    'public.waitlist_status(text, uuid)',
    'public.claim_waitlist_offer(text, uuid)',
    'public.leave_waitlist(text, uuid)',
    'fashionos.join_waitlist(uuid, text, text)',
    'fashionos.waitlist_status(text, uuid)',
    'fashionos.claim_waitlist_offer(text, uuid)',
    'fashionos.leave_waitlist(text, uuid)',
    'fashionos.required(anyelement, text)'     -- the null check of every public function's arguments
]) AS p
WHERE to_regprocedure(p) IS NOT NULL;

CREATE VIEW lint.tables AS
SELECT c.oid, c.relname, c.relrowsecurity
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p');

-- One row per (policy, role, action): a policy TO PUBLIC applies to every role, FOR ALL to every action.
CREATE VIEW lint.policy_grants AS
SELECT p.tablename, p.policyname, p.permissive, r.role, a.action
  FROM pg_policies p
  CROSS JOIN LATERAL unnest(CASE WHEN p.roles = '{public}' THEN ARRAY['anon', 'authenticated', 'service_role']::name[]
                                 ELSE p.roles END) AS r (role)
  CROSS JOIN LATERAL unnest(CASE WHEN p.cmd = 'ALL' THEN ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE']
                                 ELSE ARRAY[p.cmd] END) AS a (action)
 WHERE p.schemaname = 'public';

CREATE VIEW lint.functions AS
SELECT p.oid, p.oid::regprocedure AS fn, n.nspname, p.prosecdef, p.proconfig, p.prorettype
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE n.nspname IN ('public', 'fashionos') AND p.prokind IN ('f', 'p');

CREATE VIEW lint.violations AS
-- 1. row level security is enabled on every table of public
SELECT 'rls_disabled' AS rule, t.relname::text AS object, '' AS detail
  FROM lint.tables t WHERE NOT t.relrowsecurity
UNION ALL
-- 2. ... and every table has at least one policy
SELECT 'no_policy', t.relname::text, ''
  FROM lint.tables t
 WHERE NOT EXISTS (SELECT 1 FROM pg_policies p WHERE p.schemaname = 'public' AND p.tablename = t.relname)
UNION ALL
-- 3. at most one permissive policy per table, role and action
SELECT 'multiple_permissive_policies', g.tablename::text, g.role || ' ' || g.action || ': ' || string_agg(g.policyname, ', ' ORDER BY g.policyname)
  FROM lint.policy_grants g WHERE g.permissive = 'PERMISSIVE'
 GROUP BY g.tablename, g.role, g.action HAVING count(*) > 1
UNION ALL
-- 4. every policy names its roles (none is TO PUBLIC)
SELECT 'policy_to_public', p.tablename || '.' || p.policyname, ''
  FROM pg_policies p WHERE p.schemaname = 'public' AND p.roles = '{public}'
UNION ALL
-- 5. auth.* functions, current_setting() and the fashionos helpers are called as (SELECT f(...)):
--    once per statement. Remove every wrapped call from the deparsed expression, then look for a
--    call that is left.
SELECT 'unwrapped_call_in_policy', p.tablename || '.' || p.policyname || ' ' || x.part,
       substring(x.stripped FROM '((auth|fashionos)\.\w+\(|current_setting\()')
  FROM pg_policies p
  CROSS JOIN LATERAL (VALUES ('using', p.qual), ('with check', p.with_check)) AS x0 (part, expr)
  CROSS JOIN LATERAL (SELECT x0.part, regexp_replace(x0.expr,
                              '\( SELECT ((auth|fashionos)\.\w+|current_setting)\([^()]*\) AS \w+\)', '', 'g')) AS x (part, stripped)
 WHERE p.schemaname = 'public' AND x.stripped ~ '((auth|fashionos)\.\w+\(|current_setting\()'
UNION ALL
-- 6. no write policy that lets everything through
SELECT 'write_policy_always_true', p.tablename || '.' || p.policyname, p.cmd
  FROM pg_policies p
 WHERE p.schemaname = 'public' AND p.cmd IN ('INSERT', 'UPDATE', 'DELETE', 'ALL')
   AND (btrim(coalesce(p.qual, ''), '() ') = 'true' OR btrim(coalesce(p.with_check, ''), '() ') = 'true')
UNION ALL
-- 7. no SECURITY DEFINER function in public (PostgREST would expose it)
SELECT 'security_definer_in_public', f.fn::text, ''
  FROM lint.functions f WHERE f.nspname = 'public' AND f.prosecdef
UNION ALL
-- 8. every function of public and fashionos has a fixed search_path, pg_catalog then pg_temp:
--    with pg_temp not named, the caller's temporary schema is searched FIRST for types and tables
--    (a domain pg_temp.text would run its CHECK inside a SECURITY DEFINER function)
SELECT 'function_search_path_mutable', f.fn::text,
       coalesce((SELECT c FROM unnest(f.proconfig) AS c WHERE c LIKE 'search_path=%'), 'no search_path')
  FROM lint.functions f
 WHERE NOT coalesce(f.proconfig @> ARRAY['search_path=pg_catalog, pg_temp'], false)
UNION ALL
-- 9. anon executes only the functions meant for anon (trigger functions cannot be called)
SELECT 'anon_can_execute', f.fn::text, ''
  FROM lint.functions f
 WHERE has_function_privilege('anon', f.oid, 'EXECUTE')
   AND f.prorettype NOT IN ('trigger'::regtype, 'event_trigger'::regtype)
   AND f.oid NOT IN (SELECT fn FROM lint.anon_allowed)
UNION ALL
-- 10. every foreign key of public leads an index (its columns are the first columns of an index)
SELECT 'unindexed_foreign_key', c.conrelid::regclass::text, c.conname::text
  FROM pg_constraint c JOIN lint.tables t ON t.oid = c.conrelid
 WHERE c.contype = 'f'
   AND NOT EXISTS (SELECT 1 FROM pg_index i
                    WHERE i.indrelid = c.conrelid
                      AND (i.indkey::int2[])[0:cardinality(c.conkey) - 1] @> c.conkey
                      AND (i.indkey::int2[])[0:cardinality(c.conkey) - 1] <@ c.conkey)
UNION ALL
-- 11. every table has a primary key
SELECT 'no_primary_key', t.relname::text, ''
  FROM lint.tables t
 WHERE NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conrelid = t.oid AND c.contype = 'p')
UNION ALL
-- 12. least privilege (sql/grants.sql): anon and authenticated SELECT every table (row level
--     security decides the rows) and INSERT, UPDATE, DELETE exactly where a policy lets them do it;
--     service_role the four commands; nobody TRUNCATE, REFERENCES or TRIGGER (they bypass or are
--     not needed). A row lists the privileges that are wrong: missing or too many.
SELECT 'table_privileges', t.relname::text, r.role || ' ' || string_agg(x.priv, ', ' ORDER BY x.priv)
  FROM lint.tables t
  CROSS JOIN unnest(ARRAY['anon', 'authenticated', 'service_role']) AS r (role)
  CROSS JOIN unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) AS x (priv)
 WHERE (x.priv IN ('INSERT', 'UPDATE', 'DELETE')
        AND has_table_privilege(r.role, t.oid, x.priv)
            IS DISTINCT FROM (r.role = 'service_role'
                              OR EXISTS (SELECT 1 FROM pg_policies p
                                          WHERE p.schemaname = 'public' AND p.tablename = t.relname
                                            AND p.cmd IN (x.priv, 'ALL')
                                            AND (r.role = ANY (p.roles) OR 'public' = ANY (p.roles)))))
    OR (x.priv = 'SELECT' AND NOT has_any_column_privilege(r.role, t.oid, 'SELECT'))
    OR (x.priv IN ('TRUNCATE', 'REFERENCES', 'TRIGGER') AND has_table_privilege(r.role, t.oid, x.priv))
 GROUP BY t.relname, r.role
UNION ALL
-- 13. OAuth access tokens are readable by no API role but service_role
SELECT 'access_token_readable', t.relname || '.access_token', r.role
  FROM lint.tables t
  JOIN pg_attribute a ON a.attrelid = t.oid AND a.attname = 'access_token' AND NOT a.attisdropped
  CROSS JOIN unnest(ARRAY['anon', 'authenticated']) AS r (role)
 WHERE has_column_privilege(r.role, t.oid, a.attnum, 'SELECT')
UNION ALL
-- 14. the policy helpers: SECURITY DEFINER, STABLE, search_path pg_catalog, pg_temp, and EXECUTE only for the roles
--     whose policies call them (a helper no policy calls is not granted to anybody)
SELECT 'helper', f.fn::text,
       concat_ws(', ',
           CASE WHEN NOT f.prosecdef THEN 'not SECURITY DEFINER' END,
           CASE WHEN p.provolatile <> 's' THEN 'not STABLE' END,
           CASE WHEN NOT f.proconfig @> ARRAY['search_path=pg_catalog, pg_temp'] THEN 'search_path is not pg_catalog, pg_temp' END,
           CASE WHEN has_function_privilege('public', f.oid, 'EXECUTE') THEN 'PUBLIC may execute it' END,
           CASE WHEN has_function_privilege('anon', f.oid, 'EXECUTE')
                     <> EXISTS (SELECT 1 FROM pg_policies q WHERE q.schemaname = 'public' AND 'anon' = ANY (q.roles)
                                  AND concat(q.qual, q.with_check) LIKE '%' || p.proname || '(%')
                THEN 'anon grant does not match the policies' END,
           CASE WHEN has_function_privilege('authenticated', f.oid, 'EXECUTE')
                     <> EXISTS (SELECT 1 FROM pg_policies q WHERE q.schemaname = 'public' AND 'authenticated' = ANY (q.roles)
                                  AND concat(q.qual, q.with_check) LIKE '%' || p.proname || '(%')
                THEN 'authenticated grant does not match the policies' END)
  FROM lint.functions f JOIN pg_proc p ON p.oid = f.oid
 WHERE f.nspname = 'fashionos' AND (p.proname LIKE 'my\_%' OR p.proname = 'event_on_sale')
   -- (not the implementation of a public function: my_tickets, my_waitlist)
   AND NOT EXISTS (SELECT 1 FROM pg_proc api WHERE api.pronamespace = 'public'::regnamespace AND api.proname = p.proname)
   AND (NOT f.prosecdef OR p.provolatile <> 's' OR NOT f.proconfig @> ARRAY['search_path=pg_catalog, pg_temp']
        OR has_function_privilege('public', f.oid, 'EXECUTE')
        OR has_function_privilege('anon', f.oid, 'EXECUTE')
           <> EXISTS (SELECT 1 FROM pg_policies q WHERE q.schemaname = 'public' AND 'anon' = ANY (q.roles)
                        AND concat(q.qual, q.with_check) LIKE '%' || p.proname || '(%')
        OR has_function_privilege('authenticated', f.oid, 'EXECUTE')
           <> EXISTS (SELECT 1 FROM pg_policies q WHERE q.schemaname = 'public' AND 'authenticated' = ANY (q.roles)
                        AND concat(q.qual, q.with_check) LIKE '%' || p.proname || '(%'));

-- What was checked: tables, their policies and foreign keys, and the functions of public and fashionos.
SELECT (SELECT count(*) FROM lint.tables) AS tables,
       (SELECT count(*) FROM pg_policies WHERE schemaname = 'public') AS policies,
       (SELECT count(*) FROM pg_constraint c JOIN lint.tables t ON t.oid = c.conrelid WHERE c.contype = 'f') AS foreign_keys,
       (SELECT count(*) > 0 FROM lint.functions) AS functions_checked;

-- Violations per rule (expected: 0 everywhere).
SELECT r.rule, count(v.rule) AS violations
  FROM unnest(ARRAY['rls_disabled', 'no_policy', 'multiple_permissive_policies', 'policy_to_public',
                    'unwrapped_call_in_policy', 'write_policy_always_true', 'security_definer_in_public',
                    'function_search_path_mutable', 'anon_can_execute', 'unindexed_foreign_key',
                    'no_primary_key', 'table_privileges', 'access_token_readable', 'helper']) WITH ORDINALITY AS r (rule, n)
  LEFT JOIN lint.violations v ON v.rule = r.rule
 GROUP BY r.rule, r.n
 ORDER BY r.n;

-- The violations themselves (expected: none).
SELECT * FROM lint.violations ORDER BY 1, 2, 3;

-- The checks catch what they are meant to catch: break the rules on a scratch table and look.
BEGIN;
CREATE TABLE public.lint_probe (id uuid PRIMARY KEY, owner uuid REFERENCES public.users (id));
CREATE POLICY probe_a ON public.lint_probe FOR SELECT USING (owner = auth.uid());
CREATE POLICY probe_b ON public.lint_probe FOR SELECT TO authenticated USING (owner = (SELECT fashionos.my_org_id()) OR fashionos.my_role() = 'owner');
CREATE POLICY probe_c ON public.lint_probe FOR DELETE TO authenticated USING (true);
CREATE FUNCTION public.lint_probe_fn() RETURNS int LANGUAGE sql SECURITY DEFINER AS 'SELECT 1';
CREATE FUNCTION fashionos.lint_probe_path() RETURNS int LANGUAGE sql SET search_path = '' AS 'SELECT 1';
GRANT TRUNCATE ON public.lint_probe TO authenticated;
SELECT rule, object, detail FROM lint.violations WHERE object LIKE '%lint_probe%' ORDER BY 1, 2, 3;
ROLLBACK;
