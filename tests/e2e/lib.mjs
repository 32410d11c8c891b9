// lib.mjs: helpers of the end-to-end suite. Every request goes over HTTP to a real PostgREST, through
// supabase-js (the Supabase URL shape, /rest/v1, via clients/gateway.mjs) or postgrest-js (PostgREST's
// own URL). Set-up and checks of the database state run as the superuser through psql.
// Environment (tests/e2e/run.sh sets it): API_URL, POSTGREST_URL, ANON_KEY, SERVICE_ROLE_KEY,
// JWT_SECRET, PGPORT, PGDATABASE.
import { createHash, randomUUID } from 'node:crypto'
import { createRequire } from 'node:module'
import { spawnSync } from 'node:child_process'
import assert from 'node:assert/strict'

export const require = createRequire(new URL('../../clients/package.json', import.meta.url))
const { createClient } = require('@supabase/supabase-js')
const { PostgrestClient } = require('@supabase/postgrest-js')
const WebSocket = require('ws')
const { userJwt } = await import('../../clients/jwt.mjs')

export const env = Object.fromEntries(
  ['API_URL', 'POSTGREST_URL', 'ANON_KEY', 'SERVICE_ROLE_KEY', 'JWT_SECRET', 'PGPORT', 'PGDATABASE'].map((k) => {
    if (!process.env[k]) throw new Error(`${k} is not set: run the suite with tests/e2e/run.sh`)
    return [k, process.env[k]]
  }),
)

// The fixed ids of tests/fixtures/personas.sql: md5('fashionos-fixture:' || table || ':' || label)::uuid.
export function fid(table, label) {
  const h = createHash('md5').update(`fashionos-fixture:${table}:${label}`).digest('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

// Personas: who calls, and with which bearer token.
const USERS = { a_owner: 'o', a_admin: 'a', a_organizer: 'g', a_viewer: 'v', b_member: 'b', attendee: 't', model: 'm', designer: 'd', no_profile: 'n' }
export const userId = (persona) => fid('users', USERS[persona])
export function tokenFor(persona) {
  if (persona === 'anon') return env.ANON_KEY
  if (persona === 'service_role') return env.SERVICE_ROLE_KEY
  if (!USERS[persona]) throw new Error(`unknown persona ${persona}`)
  return userJwt(env.JWT_SECRET, userId(persona), `${USERS[persona]}@fixture.example`)
}
export const PERSONAS = ['anon', ...Object.keys(USERS), 'service_role']

const NO_SESSION = { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false }

// supabase-js as a browser or server would use it: the anon key as apikey, the user's access token
// (or the service_role key) as bearer.
export function supabase(persona) {
  const bearer = tokenFor(persona)
  const key = persona === 'service_role' ? env.SERVICE_ROLE_KEY : env.ANON_KEY
  return createClient(env.API_URL, key, {
    auth: NO_SESSION,
    realtime: { transport: WebSocket },
    global: { headers: { Authorization: `Bearer ${bearer}` } },
  })
}

// postgrest-js straight at PostgREST (no gateway).
export function postgrest(persona) {
  const headers = persona === 'anon' ? {} : { Authorization: `Bearer ${tokenFor(persona)}` }
  return new PostgrestClient(env.POSTGREST_URL, { headers })
}

// A raw HTTP request to PostgREST through the gateway: { status, body, headers }.
export async function http(method, path, { persona = 'anon', body, headers = {} } = {}) {
  const res = await fetch(`${env.API_URL}/rest/v1${path}`, {
    method,
    headers: {
      apikey: env.ANON_KEY,
      Authorization: `Bearer ${tokenFor(persona)}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  let json
  try { json = JSON.parse(text) } catch { json = text }
  return { status: res.status, body: json, headers: res.headers }
}

// psql as the superuser: the rows of the last statement, tab-separated fields.
export function sql(query) {
  const r = spawnSync('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-h', 'localhost', '-p', env.PGPORT, '-U', 'postgres', '-d', env.PGDATABASE],
    { input: query, encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`psql failed: ${r.stderr}\n${query}`)
  return r.stdout.trim()
}
export const sqlRows = (query) => sql(query).split('\n').filter(Boolean).map((l) => l.split('|'))
export const sqlValue = (query) => sql(query).split('\n')[0]

export const ids = {
  orgA: fid('organizations', 'A'), orgB: fid('organizations', 'B'),
  eventA: fid('events', 'A'), eventB: fid('events', 'B'), eventZ: fid('events', 'Z'),
  tierA: fid('ticket_tiers', 'A'), tierB: fid('ticket_tiers', 'B'), tierZ: fid('ticket_tiers', 'Z'),
  venueA: fid('venues', 'A'), venueB: fid('venues', 'B'),
  modelM: fid('model_profiles', 'M'), designerD: fid('designer_profiles', 'D'),
  stakeholderA: fid('stakeholders', 'A'),
}

// A fresh ticket tier on an event (default: event A, active, of organization A).
export function newTier({ event = ids.eventA, type = 'paid', price = 50, total = 100, name } = {}) {
  const id = randomUUID()
  sql(`INSERT INTO public.ticket_tiers (id, event_id, name, type, price, quantity_total)
       VALUES ('${id}', '${event}', '${name ?? `e2e ${type} ${id.slice(0, 8)}`}', '${type}', ${price}, ${total})`)
  return id
}

// A fresh event of organization A or B (default A, active), on a day of its own between 2032 and 2060.
let eventSeq = 0
export function newEvent({ org = ids.orgA, status = 'active', createdBy = userId('a_organizer'), day } = {}) {
  const id = randomUUID()
  const d = day ?? 400 + (process.pid % 500) * 20 + (eventSeq++)
  sql(`INSERT INTO public.events (id, name, status, start_date, end_date, venue_name, organization_id, created_by)
       VALUES ('${id}', 'e2e event ${id.slice(0, 8)}', '${status}', date '2087-01-01' + ${d} + time '19:00',
               date '2087-01-01' + ${d} + time '22:00', 'Hall', '${org}', '${createdBy}')`)
  return id
}

export const email = (tag = 'buyer') => `${tag}.${randomUUID().slice(0, 8)}@example.com`

// Assertions on PostgREST's answers. An error body is { code, message, details, hint }.
export function assertError(res, status, code, message) {
  const { error } = res
  assert.ok(error, `expected ${status} ${code}, got ${res.status} ${JSON.stringify(res.data)}`)
  assert.equal(res.status, status, `HTTP status (error ${JSON.stringify(error)})`)
  assert.equal(error.code, code, `SQLSTATE (error ${JSON.stringify(error)})`)
  assert.equal(typeof error.message, 'string')
  for (const k of ['details', 'hint']) {
    assert.ok(k in error, `error has ${k}`)
    assert.ok(error[k] === null || typeof error[k] === 'string', `${k} is a string or null`)
  }
  if (message instanceof RegExp) assert.match(error.message, message)
  else if (message !== undefined) assert.equal(error.message, message)
  return error
}
// A documented refusal carries an explanation: details and hint are filled.
export function assertExplained(error) {
  assert.ok(error.details && error.details.length > 0, `details filled: ${JSON.stringify(error)}`)
  assert.ok(error.hint && error.hint.length > 0, `hint filled: ${JSON.stringify(error)}`)
}
export function assertOk(res, status = 200) {
  assert.equal(res.error, null, `expected success, got ${res.status} ${JSON.stringify(res.error)}`)
  assert.equal(res.status, status)
  return res.data
}
export function assertShape(row, columns) {
  assert.deepEqual(Object.keys(row).sort(), [...columns].sort())
}
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
export const TOKEN = /^FOS1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/
