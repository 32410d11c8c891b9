// The tools around the API: the generated Database types do not drift, tsc --strict compiles the
// supabase-js examples against them and rejects wrong argument types, Supabase's linter (supabase db
// advisors) finds nothing, and tests/e2e/lint.sql (the same lints, for the extension's own objects,
// which the linter skips) finds nothing.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { env } from './lib.mjs'

const clients = fileURLToPath(new URL('../../clients/', import.meta.url))
const lintDb = process.env.LINT_DATABASE ?? env.PGDATABASE
const dbUrl = (db) => `postgresql://postgres@127.0.0.1:${env.PGPORT}/${db}?sslmode=disable`
const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { encoding: 'utf8', cwd: clients, maxBuffer: 64 << 20, timeout: 300_000, ...opts })
const tsc = (...args) => run(process.execPath, [`${clients}node_modules/typescript/bin/tsc`, ...args])

// postgres-meta's type generator, as `supabase gen types typescript` runs it.
export function generateTypes(db) {
  const r = run(process.execPath, [`${clients}node_modules/@supabase/postgres-meta/dist/server/server.js`], {
    env: { ...process.env, PG_META_GENERATE_TYPES: 'typescript', PG_META_GENERATE_TYPES_INCLUDED_SCHEMAS: 'public', PG_META_DB_URL: dbUrl(db) },
  })
  assert.equal(r.status, 0, r.stderr)
  return r.stdout
}

describe('generated types', () => {
  it('clients/database.types.ts is what postgres-meta generates from the installed extension', () => {
    const fresh = generateTypes(lintDb)
    const committed = readFileSync(`${clients}database.types.ts`, 'utf8')
    if (fresh !== committed) {
      mkdirSync(`${clients}.build`, { recursive: true })
      writeFileSync(`${clients}.build/database.types.ts`, fresh)
      const diff = spawnSync('diff', ['-u', `${clients}database.types.ts`, `${clients}.build/database.types.ts`], { encoding: 'utf8' })
      assert.fail(`the types drifted; regenerate with tests/e2e/run.sh --update-types\n${diff.stdout.slice(0, 4000)}`)
    }
    for (const fn of ['reserve_tickets', 'check_in', 'set_walk_order', 'find_conflicts', 'get_event_settings']) assert.match(committed, new RegExp(`\\b${fn}: \\{`))
  })

  it('tsc --strict --noEmit compiles the examples against the types', () => {
    const r = tsc('--strict', '--noEmit', '-p', 'tsconfig.json')
    assert.equal(r.status, 0, r.stdout + r.stderr)
  })

  it('tsc --strict compiles every supabase-js example printed in docs/ against the types', () => {
    // Each ```js or ```ts block of the documentation becomes a module of its own; the names an
    // example uses without defining them are declared in tests/e2e/docs-examples.d.ts.
    const dir = `${clients}.build/docs`
    rmSync(dir, { recursive: true, force: true })
    mkdirSync(dir, { recursive: true })
    const docs = fileURLToPath(new URL('../../docs/', import.meta.url))
    let count = 0
    for (const file of readdirSync(docs).filter((f) => f.endsWith('.md')).sort()) {
      const lines = readFileSync(`${docs}${file}`, 'utf8').split('\n')
      let block = null
      lines.forEach((line, i) => {
        if (block === null && /^```(js|ts)\s*$/.test(line)) block = { start: i + 1, body: [] }
        else if (block !== null && line.startsWith('```')) {
          writeFileSync(`${dir}/${file.replace('.md', '')}_L${block.start + 1}.ts`,
            `import type {} from '../../examples/client.js'\n${block.body.join('\n')}\n`)
          count++
          block = null
        } else if (block !== null) block.body.push(line)
      })
    }
    assert.ok(count > 30, `${count} examples found`)
    copyFileSync(fileURLToPath(new URL('docs-examples.d.ts', import.meta.url)), `${dir}/docs-examples.d.ts`)
    writeFileSync(`${dir}/tsconfig.json`, JSON.stringify({ extends: '../../tsconfig.json', compilerOptions: { types: ['node'] }, include: ['*.ts'] }))
    const r = tsc('--strict', '--noEmit', '-p', '.build/docs/tsconfig.json')
    assert.equal(r.status, 0, r.stdout + r.stderr)
  })

  it('tsc --strict rejects an rpc call with wrong argument types or an unknown function', () => {
    mkdirSync(`${clients}.build/wrong`, { recursive: true })
    writeFileSync(`${clients}.build/wrong/wrong.ts`, `import type { Client } from '../../examples/client.js'
export async function wrong(supabase: Client) {
  await supabase.rpc('reserve_tickets', { p_ticket_tier_id: 'x', p_quantity: 'two', p_attendee_email: 'a@b.c', p_attendee_name: 'A' })
  await supabase.rpc('check_in', { p_token: 'x' })
  await supabase.rpc('no_such_function', {})
}
`)
    writeFileSync(`${clients}.build/wrong/tsconfig.json`, JSON.stringify({ extends: '../../tsconfig.json', include: ['wrong.ts'] }))
    const r = tsc('--strict', '--noEmit', '-p', '.build/wrong/tsconfig.json')
    assert.notEqual(r.status, 0)
    const errors = r.stdout.split('\n').filter((l) => l.startsWith('.build/wrong/wrong.ts') && l.includes('error TS'))
    assert.equal(errors.length, 3, r.stdout)
  })
})

describe('linters', () => {
  it('supabase db advisors --type all --fail-on warn finds nothing', () => {
    const r = run(`${clients}node_modules/.bin/supabase`, ['db', 'advisors', '--db-url', dbUrl(lintDb), '--type', 'all', '--fail-on', 'warn'],
      { env: { ...process.env, SUPABASE_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' } })
    const out = (r.stdout + r.stderr).trim()
    console.log(out.split('\n').map((l) => `  advisors: ${l}`).join('\n'))
    assert.equal(r.status, 0, out)
  })

  it('tests/e2e/lint.sql finds nothing in the extension\'s own objects', () => {
    const r = spawnSync('psql', ['-X', '-q', '-At', '-F', ' | ', '-v', 'ON_ERROR_STOP=1', '-h', 'localhost', '-p', env.PGPORT, '-U', 'postgres', '-d', lintDb,
      '-f', fileURLToPath(new URL('lint.sql', import.meta.url))], { encoding: 'utf8' })
    assert.equal(r.status, 0, r.stderr)
    const findings = r.stdout.trim()
    if (findings) console.log(findings.split('\n').map((l) => `  lint: ${l}`).join('\n'))
    assert.equal(findings, '', 'lint findings')
  })
})
