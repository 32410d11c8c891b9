-- null_arguments: every public function of fashionos answers a null for an argument that needs a
-- value (one without a default, or with a default that is not null) with 22023 "<name> is
-- required", as a JSON null from a client arrives: never an internal error (XX000), never an empty
-- answer that a client could read as success. Each such argument is tried alone, the others given
-- a plausible value, as server-side code (the arguments are checked before the caller). The one
-- argument that answers otherwise is a report's p_limit, where null means the default.
\i common/basic_setup.sql
SELECT set_config('role', 'service_role', false);

CREATE TEMP TABLE null_calls AS
WITH args AS (
    SELECT p.oid, p.proname, a.ord, coalesce(nullif(a.name, ''), '$' || a.ord) AS name, t.typ,
           a.ord > p.pronargs - p.pronargdefaults AS has_default,
           pg_get_function_arg_default(p.oid, a.ord::integer) AS default_value
      FROM pg_proc p
      JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
     CROSS JOIN LATERAL unnest(coalesce(p.proargnames, array_fill(''::text, ARRAY[p.pronargs])))
                        WITH ORDINALITY AS a (name, ord)
     CROSS JOIN LATERAL (SELECT format_type(p.proargtypes[a.ord - 1], NULL) AS typ) t
     WHERE p.pronamespace = 'public'::regnamespace AND a.ord <= p.pronargs
),
tried AS (   -- the arguments that need a value
    SELECT * FROM args WHERE NOT has_default OR default_value !~* '^NULL(::|$)'
)
SELECT x.proname, x.name,
       format('SELECT * FROM public.%I(%s)', x.proname, (
           SELECT string_agg(
                      CASE WHEN a.name LIKE '$%' THEN '' ELSE quote_ident(a.name) || ' => ' END ||
                      CASE WHEN a.ord = x.ord THEN 'NULL'
                           WHEN a.name = 'p_resource_type' THEN '''model'''
                           WHEN a.name = 'p_start' THEN '''2087-01-01 10:00Z'''
                           WHEN a.name = 'p_end' THEN '''2087-01-01 12:00Z'''
                           WHEN a.typ = 'uuid' THEN '''00000000-0000-4000-8000-000000000000'''
                           WHEN a.typ IN ('integer', 'bigint') THEN '1'
                           WHEN a.typ = 'boolean' THEN 'true'
                           WHEN a.typ = 'text' THEN '''x'''
                           WHEN a.typ = 'timestamp with time zone' THEN '''2087-01-01 10:00Z'''
                           WHEN a.typ IN ('json', 'jsonb') THEN '''[]'''
                           WHEN a.typ = 'uuid[]' THEN '''{}'''
                      END || '::' || a.typ, ', ' ORDER BY a.ord)
             FROM args a WHERE a.oid = x.oid AND (NOT a.has_default OR a.ord = x.ord))) AS sql
  FROM tried x;

SELECT proname AS function, name AS argument, split_part(pg_temp.try(sql), ' | ', 1) AS answer
  FROM null_calls ORDER BY proname, name;

-- Every function with an argument that needs a value is in the list above.
SELECT count(DISTINCT proname) AS functions, count(*) AS arguments,
       count(*) FILTER (WHERE pg_temp.try(sql) LIKE '22023: ' || name || ' is required%'
                           OR pg_temp.try(sql) LIKE '22023: the request body is required%') AS refused_by_name
  FROM null_calls;
