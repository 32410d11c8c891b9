-- lint.sql: what Supabase's linter (supabase db advisors) checks, also for the objects that belong to
-- an extension, which the linter skips (all of fashionos's tables, functions and policies do).
-- One row per finding: lint | object | detail. No rows: clean. Run as a superuser:
--   psql -X -At -F ' | ' -f tests/e2e/lint.sql <database>
WITH
api_schemas(nspname) AS (VALUES ('public'), ('fashionos')),
public_tables AS (
    SELECT c.oid, c.relname, c.relrowsecurity
      FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')),
funcs AS (
    SELECT p.oid, n.nspname, p.proname, p.prosecdef, p.proconfig,
           n.nspname || '.' || p.proname || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')' AS sig
      FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname IN (SELECT nspname FROM api_schemas)),
-- Each policy once per command it applies to (ALL: the four) and per role.
policy_cmds AS (
    SELECT p.schemaname, p.tablename, p.policyname, p.permissive, r.role,
           unnest(CASE p.cmd WHEN 'ALL' THEN ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE'] ELSE ARRAY[p.cmd] END) AS cmd
      FROM pg_catalog.pg_policies p CROSS JOIN LATERAL unnest(p.roles) AS r(role)
     WHERE p.schemaname = 'public'),
fks AS (
    SELECT con.conname, con.conrelid, con.conkey, n.nspname, c.relname
      FROM pg_catalog.pg_constraint con
      JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     WHERE con.contype = 'f' AND n.nspname IN (SELECT nspname FROM api_schemas)),
idx AS (
    SELECT i.indexrelid, i.indrelid, i.indkey, i.indclass, i.indexprs, i.indpred, n.nspname, c.relname,
           ic.relname AS indexname
      FROM pg_catalog.pg_index i
      JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
      JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname IN (SELECT nspname FROM api_schemas)),
findings(lint, object, detail) AS (
    -- rls_disabled_in_public
    SELECT 'rls_disabled_in_public', 'public.' || relname, 'row level security is not enabled'
      FROM public_tables WHERE NOT relrowsecurity
    UNION ALL
    -- rls_enabled_no_policy
    SELECT 'rls_enabled_no_policy', 'public.' || t.relname, 'row level security is enabled but the table has no policy'
      FROM public_tables t
     WHERE t.relrowsecurity AND NOT EXISTS (SELECT FROM pg_catalog.pg_policy p WHERE p.polrelid = t.oid)
    UNION ALL
    -- function_search_path_mutable
    SELECT 'function_search_path_mutable', f.sig, 'no fixed search_path (SET search_path = ...)'
      FROM funcs f
     WHERE NOT EXISTS (SELECT FROM unnest(coalesce(f.proconfig, '{}')) c WHERE c LIKE 'search\_path=%')
    UNION ALL
    -- security_definer_function_executable (in an exposed schema)
    SELECT 'security_definer_function_executable', f.sig, 'SECURITY DEFINER in public, executable by ' || r.rolname
      FROM funcs f CROSS JOIN (VALUES ('anon'), ('authenticated')) AS r(rolname)
     WHERE f.nspname = 'public' AND f.prosecdef AND pg_catalog.has_function_privilege(r.rolname, f.oid, 'EXECUTE')
    UNION ALL
    -- extension_in_public: an extension installed into public, or another extension's objects there
    SELECT 'extension_in_public', 'extension ' || e.extname, 'installed in schema public'
      FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
     WHERE n.nspname = 'public' AND e.extname <> 'fashionos'
    UNION ALL
    SELECT DISTINCT 'extension_in_public', 'extension ' || e.extname, 'has objects in schema public'
      FROM pg_catalog.pg_depend d
      JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid AND d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass
      JOIN pg_catalog.pg_proc p ON d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND p.oid = d.objid
      JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
     WHERE d.deptype = 'e' AND n.nspname = 'public' AND e.extname <> 'fashionos'
    UNION ALL
    -- auth_rls_initplan: auth.*() or current_setting() called per row instead of once, (select ...)
    SELECT 'auth_rls_initplan', 'public.' || p.tablename || ' policy ' || p.policyname,
           fn || ' is not wrapped in (select ' || fn || ')'
      FROM pg_catalog.pg_policies p
     CROSS JOIN (VALUES ('auth.uid()'), ('auth.role()'), ('auth.jwt()'), ('current_setting(')) AS f(fn)
     WHERE p.schemaname = 'public'
       AND (SELECT count(*) FROM regexp_matches(coalesce(p.qual, '') || ' ' || coalesce(p.with_check, ''), regexp_replace(f.fn, '([.()])', '\\\1', 'g'), 'g'))
         > (SELECT count(*) FROM regexp_matches(coalesce(p.qual, '') || ' ' || coalesce(p.with_check, ''), 'SELECT ' || regexp_replace(f.fn, '([.()])', '\\\1', 'g'), 'gi'))
    UNION ALL
    -- multiple_permissive_policies
    SELECT 'multiple_permissive_policies', 'public.' || tablename, role || ' ' || cmd || ': ' || string_agg(policyname, ', ' ORDER BY policyname)
      FROM policy_cmds WHERE permissive = 'PERMISSIVE'
     GROUP BY tablename, role, cmd HAVING count(*) > 1
    UNION ALL
    -- unindexed_foreign_keys: no index whose leading columns are the key's columns
    SELECT 'unindexed_foreign_keys', fks.nspname || '.' || fks.relname || ' ' || fks.conname, 'no index leads with the foreign key''s columns'
      FROM fks
     WHERE NOT EXISTS (
        SELECT FROM pg_catalog.pg_index i
         WHERE i.indrelid = fks.conrelid
           AND (SELECT array_agg(k ORDER BY k) FROM unnest((i.indkey::int2[])[0:cardinality(fks.conkey) - 1]) k)
             = (SELECT array_agg(k ORDER BY k) FROM unnest(fks.conkey) k))
    UNION ALL
    -- duplicate_index: same table, columns, operator classes, expressions and predicate
    SELECT 'duplicate_index', nspname || '.' || relname, string_agg(indexname, ', ' ORDER BY indexname)
      FROM idx
     GROUP BY nspname, relname, indrelid, indkey::text, indclass::text, coalesce(pg_catalog.pg_get_expr(indexprs, indrelid), ''),
              coalesce(pg_catalog.pg_get_expr(indpred, indrelid), '')
    HAVING count(*) > 1
)
SELECT lint, object, detail FROM findings ORDER BY lint, object, detail;
