-- policies: every policy of the extension's tables, table by table, as CREATE POLICY would state it
-- (pg_policies: name, command, roles, USING, WITH CHECK). This expected output is the readable
-- listing of the whole access model (docs/security.md explains it); a change of any policy shows
-- up here as a diff. sql/security.sql creates them.

-- Row level security is on for every table of public that belongs to the extension (expected:
-- no row), and the number of tables and policies.
SELECT c.oid::regclass AS table_without_rls
  FROM pg_depend d JOIN pg_class c ON c.oid = d.objid
 WHERE d.classid = 'pg_class'::regclass AND d.deptype = 'e'
   AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'fashionos')
   AND c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace AND NOT c.relrowsecurity
 ORDER BY c.relname;
SELECT count(DISTINCT tablename) AS tables, count(*) AS policies,
       count(*) FILTER (WHERE permissive <> 'PERMISSIVE') AS restrictive
  FROM pg_policies WHERE schemaname = 'public';

\pset format unaligned
\pset tuples_only on
SELECT format(E'%s ON %s FOR %s TO %s%s%s\n',
              p.policyname, p.tablename, p.cmd, array_to_string(p.roles, ', '),
              E'\n    USING ' || p.qual, E'\n    WITH CHECK ' || p.with_check)
  FROM pg_policies p
 WHERE p.schemaname = 'public'
 ORDER BY p.tablename, p.policyname;
