#!/usr/bin/env python3
"""make-upgrade.py FROM TO: writes sql/fashionos--FROM--TO.sql, the script of ALTER EXTENSION
fashionos UPDATE from the frozen release FROM (sql/releases/fashionos--FROM.sql) to the installed
current version TO.

It compares two databases of a running cluster (PORT, default 54325), one with FROM and one with
TO freshly installed, and writes what turns the first catalog into the second:
  1. sql/upgrades/fashionos--FROM--TO.sql, hand-written, first (changes of tables and indexes);
  2. the composite types TO adds;
  3. DROP FUNCTION for the functions TO no longer has or whose arguments or result change;
  4. CREATE OR REPLACE FUNCTION for the new and changed ones (PL/pgSQL and C before SQL, whose
     bodies are checked when they are created; schema fashionos before public), with comments;
     then each file that TO adds whole (listed in sql/upgrades/fashionos--FROM--TO.files, one
     path a line), verbatim: its functions are left to it, and, when they create tables, the call
     of fashionos.register_config_dumps() that registers them for pg_dump (sql/data_safety.sql);
  5. the comments of tables and columns (docs/tables.md) that FROM lacks or words otherwise;
  6. sql/grants.sql, which sets every privilege of the extension's objects from scratch.
tests/drills/upgrade.sh proves the result: the updated catalog equals a fresh install.
Run it after installing the new version (cargo pgrx install), as root.
"""
import json
import re
import os
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PORT = os.environ.get("PORT", "54325")
PG_CONFIG = os.environ.get("PG_CONFIG", "/usr/lib/postgresql/15/bin/pg_config")


def psql(db, sql):
    return subprocess.run(
        ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-h", "localhost", "-p", PORT,
         "-U", "postgres", "-d", db, "-c", sql],
        check=True, capture_output=True, text=True).stdout


def fresh(db, version):
    psql("postgres", f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
    psql("postgres", f'CREATE DATABASE "{db}"')
    psql(db, "SET client_min_messages = warning; CREATE SCHEMA extensions; "
             "CREATE EXTENSION btree_gist WITH SCHEMA extensions; "
             f"CREATE EXTENSION fashionos VERSION '{version}'")


CATALOG = r"""
SET search_path = pg_catalog;
SELECT json_build_object(
  'functions', (SELECT json_agg(json_build_object(
        'sig', format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)),
        'schema', n.nspname,
        'lang', l.lanname,
        'args', pg_get_function_arguments(p.oid),
        'result', pg_get_function_result(p.oid),
        'def', pg_get_functiondef(p.oid),
        'comment', obj_description(p.oid, 'pg_proc')) ORDER BY p.oid::regprocedure::text)
      FROM pg_proc p
      JOIN pg_namespace n ON n.oid = p.pronamespace
      JOIN pg_language l ON l.oid = p.prolang
      JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
     WHERE d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'fashionos')),
  'types', (SELECT json_agg(json_build_object(
        'name', t.oid::regtype::text,
        'columns', (SELECT string_agg(format('    %I %s', a.attname, format_type(a.atttypid, a.atttypmod)), E',\n' ORDER BY a.attnum)
                      FROM pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped),
        'comment', obj_description(t.oid, 'pg_type')) ORDER BY t.oid::regtype::text)
      FROM pg_type t
      JOIN pg_class c ON c.oid = t.typrelid AND c.relkind = 'c'
      JOIN pg_depend d ON d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e'
     WHERE d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'fashionos')),
  'relation_comments', (SELECT json_agg(json_build_object(
        'relation', c.oid::regclass::text,
        'object', CASE WHEN a.attnum = 0 THEN 'TABLE ' || c.oid::regclass::text
                       ELSE format('COLUMN %s.%I', c.oid::regclass::text, a.attname) END,
        'comment', col_description(c.oid, a.attnum))
        ORDER BY c.oid::regclass::text, a.attnum)
      FROM pg_class c
      JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
      CROSS JOIN LATERAL (SELECT 0 AS attnum, NULL::name AS attname
                          UNION ALL
                          SELECT a.attnum, a.attname FROM pg_attribute a
                           WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) a
     WHERE c.relkind IN ('r', 'p') AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'fashionos')
       AND col_description(c.oid, a.attnum) IS NOT NULL))
"""


def literal(text):
    return "NULL" if text is None else "'" + text.replace("'", "''") + "'"


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    old_version, new_version = sys.argv[1], sys.argv[2]
    share = subprocess.run([PG_CONFIG, "--sharedir"], check=True, capture_output=True, text=True).stdout.strip()
    frozen = os.path.join(REPO, "sql", "releases", f"fashionos--{old_version}.sql")
    installed = os.path.join(share, "extension", f"fashionos--{old_version}.sql")
    # the frozen script, never what an earlier build of that version left in the share directory
    with open(frozen) as src, open(installed, "w") as dst:
        dst.write(src.read())
    try:
        fresh("make_upgrade_old", old_version)
        fresh("make_upgrade_new", new_version)
        old = json.loads(psql("make_upgrade_old", CATALOG))
        new = json.loads(psql("make_upgrade_new", CATALOG))
    finally:
        os.remove(installed)
        for db in ("make_upgrade_old", "make_upgrade_new"):
            psql("postgres", f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')

    out = [f'\\echo Use "ALTER EXTENSION fashionos UPDATE TO \'{new_version}\'" to load this file. \\quit',
           f"-- fashionos {old_version} -> {new_version}, written by scripts/make-upgrade.py from the catalogs of",
           f"-- a fresh {old_version} and a fresh {new_version}; tests/drills/upgrade.sh checks that an updated",
           "-- database has the catalog of a fresh install.", ""]
    manual = os.path.join(REPO, "sql", "upgrades", f"fashionos--{old_version}--{new_version}.sql")
    if os.path.exists(manual):
        out += ["-- 1. Tables and indexes (sql/upgrades/)", open(manual).read().rstrip(), ""]

    old_types = {t["name"]: t for t in old["types"] or []}
    out.append("-- 2. New result types")
    for t in new["types"] or []:
        if t["name"] not in old_types:
            out.append(f"CREATE TYPE {t['name']} AS (\n{t['columns']}\n);")
            out.append(f"COMMENT ON TYPE {t['name']} IS {literal(t['comment'])};")
    out.append("")

    listed = os.path.join(REPO, "sql", "upgrades", f"fashionos--{old_version}--{new_version}.files")
    whole = [line.strip() for line in open(listed)] if os.path.exists(listed) else []
    whole = [path for path in whole if path and not path.startswith("#")]
    whole_sql = [open(os.path.join(REPO, path)).read() for path in whole]
    defined = {name for sql in whole_sql for name in re.findall(r"CREATE FUNCTION ([a-z_.]+)\(", sql)}

    old_fns = {f["sig"]: f for f in old["functions"]}
    new_fns = {f["sig"]: f for f in new["functions"]}
    drops, creates, comments = [], [], []
    for sig, f in old_fns.items():
        g = new_fns.get(sig)
        if g is None or (g["args"], g["result"]) != (f["args"], f["result"]):
            drops.append(sig)
    for sig, g in new_fns.items():
        if sig.split("(")[0] in defined:
            continue
        f = old_fns.get(sig)
        if f is None or sig in drops or f["def"] != g["def"]:
            creates.append(g)
        if f is None or sig in drops or f["comment"] != g["comment"]:
            comments.append(g)
    out.append("-- 3. Functions that go, or whose arguments or result change")
    out += [f"DROP FUNCTION {sig};" for sig in sorted(drops)]
    out.append("")
    out.append("-- 4. New and changed functions")
    order = lambda g: (g["lang"] == "sql", g["schema"] != "fashionos", g["sig"])
    for g in sorted(creates, key=order):
        out.append(g["def"].rstrip() + ";")
    for g in sorted(comments, key=order):
        out.append(f"COMMENT ON FUNCTION {g['sig']} IS {literal(g['comment'])};")
    for path, sql in zip(whole, whole_sql):
        out += [f"-- {path}, new in {new_version}", sql.rstrip()]
    # the tables those files create are registered for pg_dump as sql/data_safety.sql registers
    # every table of the extension
    if any(re.search(r"CREATE (TABLE|SEQUENCE) ", sql) for sql in whole_sql):
        out += ["-- their registration for pg_dump (sql/data_safety.sql)",
                "SELECT fashionos.register_config_dumps();"]
    out.append("")
    # the comments of tables and columns (docs/tables.md, sql/generated/table_comments.sql) that
    # FROM lacks or words otherwise, new tables' included
    old_comments = {r["object"]: r["comment"] for r in old["relation_comments"] or []}
    out.append("-- 5. Comments of tables and columns, new or reworded (docs/tables.md)")
    out += [f"COMMENT ON {r['object']} IS {literal(r['comment'])};" for r in new["relation_comments"] or []
            if old_comments.get(r["object"]) != r["comment"]]
    out.append("")
    out.append("-- 6. Privileges (sql/grants.sql)")
    out.append(open(os.path.join(REPO, "sql", "grants.sql")).read().rstrip())
    target = os.path.join(REPO, "sql", f"fashionos--{old_version}--{new_version}.sql")
    with open(target, "w") as f:
        f.write("\n".join(out) + "\n")
    print(f"wrote {target}: {len(drops)} dropped, {len(creates)} created or replaced, {len(comments)} comments")


main()
