// demo/http.mjs: the busy part of the demo fashion week, over HTTP through the real PostgREST, with
// supabase-js and many requests in flight at once:
//   buyers    BUYERS purchases (anon guests and signed-in buyers) with reserve_tickets
//   webhooks  guests join the waitlists of sold-out tiers; 90% of the pending payments complete,
//             half of them by the provider's own signed events posted to /rpc/payment_webhook
//             (Stripe's format and signature), half by a server-side handler with the service key
//             (complete_payment); 5% fail, by the server-side handler (fail_payment: no provider
//             event fails a payment, docs/api.md); one delivery in ten arrives
//             twice at the same moment, as webhooks are retried; the waiting guests who were
//             offered a freed ticket claim it and pay
//   door      each house's two organizers scan 70% of the confirmed tickets of its active events at
//             two gates; one ticket in twenty is scanned at both gates at once
// Environment: API_URL, ANON_KEY, SERVICE_ROLE_KEY, JWT_SECRET (scripts/postgrest.sh writes them),
// BUYERS (default 3000), WORKERS (default 16). Usage: node demo/http.mjs api|buyers|webhooks|door
import { createRequire } from 'node:module'
import { createHash, createHmac, randomBytes } from 'node:crypto'

const require = createRequire(new URL('../clients/package.json', import.meta.url))
const { createClient } = require('@supabase/supabase-js')
const WebSocket = require('ws')
const { userJwt } = await import('../clients/jwt.mjs')

const { API_URL, ANON_KEY, SERVICE_ROLE_KEY, JWT_SECRET } = process.env
const BUYERS = Number(process.env.BUYERS ?? 3000)
const WORKERS = Number(process.env.WORKERS ?? 16)
const HOUSES = [1, 2, 3, 4]
const staffId = (house, k) => `b0000000-0000-4000-8000-0000000${house}000${k}` // k: 3 Ines, 4 Marco (organizers)
const buyerId = (k) => `f0000000-0000-4000-8000-${String(k).padStart(12, '0')}`

const client = (key, bearer = key) => createClient(API_URL, key, {
  auth: { persistSession: false, autoRefreshToken: false },
  realtime: { transport: WebSocket },
  global: { headers: { Authorization: `Bearer ${bearer}` } },
})
const anon = client(ANON_KEY)
const admin = client(SERVICE_ROLE_KEY)
const signedIn = new Map()
const as = (sub) => signedIn.get(sub) ?? signedIn.set(sub, client(ANON_KEY, userJwt(JWT_SECRET, sub))).get(sub)
const bucket = (id, n) => createHash('sha256').update(id).digest().readUInt32BE(0) % n

// Runs jobs with WORKERS requests in flight; counts HTTP statuses.
const statuses = new Map()
async function pool(jobs, workers = WORKERS) {
  let next = 0
  const started = Date.now()
  await Promise.all(Array.from({ length: workers }, async () => {
    while (next < jobs.length) {
      const job = jobs[next++]
      for (const res of [await job()].flat()) statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
    }
  }))
  return (Date.now() - started) / 1000
}
const httpSummary = () => [...statuses].sort().map(([s, n]) => `${n} × ${s}`).join(', ')
const must = ({ data, error }) => { if (error) throw new Error(`${error.code} ${error.message}`); return data }

async function buyers() {
  const tiers = must(await anon.from('ticket_tiers').select('id').in('type', ['paid', 'vip']).order('id'))
  const first = ['Ana', 'Bea', 'Chloé', 'Dara', 'Eli', 'Femi', 'Gus', 'Hana', 'Ivo', 'Jin']
  const last = ['Silva', 'Moreau', 'Rossi', 'Park', 'Kahn', 'Ito', 'Berg', 'Lopez']
  let sold = 0, soldOut = 0
  const other = new Map()
  const jobs = Array.from({ length: BUYERS }, (_, i) => async () => {
    const g = i + 1
    const tier = tiers[Math.floor(Math.pow(Math.random(), 1.6) * tiers.length)].id
    const account = g % 3 === 0 ? 1 + (g % 200) : null
    const res = await (account ? as(buyerId(account)) : anon).rpc('reserve_tickets', {
      p_ticket_tier_id: tier, p_quantity: 1 + (g % 7 === 0) + (g % 13 === 0),
      p_attendee_email: account ? `buyer${account}@example.com` : `guest${g}@example.com`,
      p_attendee_name: `${first[g % 10]} ${last[g % 8]}`,
    })
    if (!res.error) sold += res.data.length
    else if (res.error.code === 'PT409' && /sold out|not enough/.test(res.error.message)) soldOut++
    else other.set(`${res.status} ${res.error.code} ${res.error.message}`, (other.get(`${res.status} ${res.error.code} ${res.error.message}`) ?? 0) + 1)
    return res
  })
  const secs = await pool(jobs)
  console.log(`  ${BUYERS} POST /rest/v1/rpc/reserve_tickets over ${tiers.length} tiers in ${secs.toFixed(1)} s (${(BUYERS / secs).toFixed(0)}/s, ${WORKERS} in flight)`)
  console.log(`  tickets reserved: ${sold}; refused: ${soldOut} sold out (409 PT409)${[...other].map(([k, n]) => `, ${n} × ${k}`).join('')}`)
  console.log(`  HTTP: ${httpSummary()}`)
}

// Sold-out tiers get a queue: three guests join the waitlist of each (at most 20 tiers), before the
// payments come in; a failed payment then frees a ticket, which is offered to the first of them.
async function joinWaitlists() {
  const tiers = must(await anon.from('ticket_tiers').select('id, quantity_sold, quantity_total').in('type', ['paid', 'vip']).order('id'))
  const soldOut = tiers.filter((t) => t.quantity_sold >= t.quantity_total).slice(0, 20)
  const waiters = []
  for (const [i, t] of soldOut.entries()) {
    for (const k of [1, 2, 3]) {
      const entry = must(await anon.rpc('join_waitlist', {
        p_ticket_tier_id: t.id, p_attendee_email: `waiting${i}-${k}@example.com`, p_attendee_name: `Waiting Guest ${i}-${k}`,
      }))[0]
      waiters.push({ token: entry.claim_token, email: entry.attendee_email })
    }
  }
  console.log(`  ${waiters.length} guests joined the waitlists of ${soldOut.length} sold-out tiers (POST /rest/v1/rpc/join_waitlist)`)
  return waiters
}

// The mailer (server-side, with the service key) takes the notices of the new offers and tells
// those guests; each guest told claims the offer and pays; the others still wait.
async function claimOffers(waiters) {
  const notices = must(await admin.rpc('take_waitlist_offers', { p_limit: 1000 }))
  const told = new Set(notices.map((n) => n.attendee_email))
  let paid = 0, waiting = 0
  for (const { token, email } of waiters) {
    if (!told.has(email)) {
      if (must(await anon.rpc('waitlist_status', { p_token: token }))[0].status === 'waiting') waiting++
      continue
    }
    const ticket = must(await anon.rpc('claim_waitlist_offer', { p_token: token }))[0]
    if (ticket.payment_id) {
      must(await admin.rpc('complete_payment', { p_payment_id: ticket.payment_id, p_provider: 'stripe', p_provider_transaction_id: `ch_wl_${ticket.payment_id.slice(0, 13)}` }))
    }
    paid++
  }
  console.log(`  waitlists: the mailer took ${notices.length} notices of freed tickets offered to the first guests in line (take_waitlist_offers, service key); ${paid} claimed and paid; ${waiting} guests still waiting`)
}

// The provider's side of /rpc/payment_webhook: a Stripe event, pretty-printed as Stripe sends it,
// signed with the endpoint's secret over the exact bytes posted.
const WEBHOOK_SECRET = `whsec_demo_${randomBytes(18).toString('hex')}`
// A PaymentIntent event as Stripe sends it: the amount in the currency's minor unit (cents here).
async function stripeEvent(type, payment, eventId) {
  const object = { id: `pi_${payment.id.slice(0, 18)}`, amount: Math.round(Number(payment.amount) * 100), currency: payment.currency.toLowerCase(), metadata: { payment_id: payment.id } }
  const body = JSON.stringify({ id: eventId, type, data: { object } }, null, 2)
  const t = Math.floor(Date.now() / 1000)
  const v1 = createHmac('sha256', WEBHOOK_SECRET).update(`${t}.${body}`).digest('hex')
  const res = await fetch(`${API_URL}/rest/v1/rpc/payment_webhook`, {
    method: 'POST', body,
    headers: { apikey: ANON_KEY, Authorization: `Bearer ${ANON_KEY}`, 'Content-Type': 'application/json', 'Stripe-Signature': `t=${t},v1=${v1}` },
  })
  const json = await res.json()
  return res.ok ? { status: res.status, data: json, error: null } : { status: res.status, data: null, error: json }
}

async function webhooks() {
  must(await admin.rpc('set_payment_webhook_secret', { p_provider: 'stripe', p_secret: WEBHOOK_SECRET }))
  const waiters = await joinWaitlists()
  const pending = must(await admin.from('payments').select('id, amount, currency').eq('status', 'pending').order('id'))
  const outcome = { completed: 0, failed: 0, pending: 0 }
  const dup = { deliveries: 0, bothOk: 0, changedOnce: 0, refused: new Map() }
  const jobs = []
  let signed = 0
  for (const payment of pending) {
    const { id } = payment
    const b = bucket(id, 20)
    if (b === 0) { outcome.pending++; continue }
    const byProvider = bucket(id + 'provider', 2) === 0
    if (b === 1) {
      outcome.failed++
      // a provider's cancel of one PaymentIntent does not fail the payment (another may pay it):
      // the shop's server fails it, so the ticket goes back at once
      jobs.push(() => admin.rpc('fail_payment', { p_payment_id: id }))
      continue
    }
    outcome.completed++
    signed += byProvider
    const args = { p_payment_id: id, p_provider: 'stripe', p_provider_transaction_id: `ch_${id.slice(0, 18)}` }
    const deliver = () => byProvider ? stripeEvent('payment_intent.succeeded', payment, `evt_ok_${id}`) : admin.rpc('complete_payment', args)
    if (bucket(id + 'retry', 10) !== 0) { jobs.push(deliver); continue }
    jobs.push(async () => {
      const pair = await Promise.all([deliver(), deliver()])
      dup.deliveries++
      if (pair.every((r) => r.status === 200)) dup.bothOk++
      if (pair.filter((r) => r.status === 200 && r.data[0].changed).length === 1) dup.changedOnce++
      for (const r of pair.filter((x) => x.error)) {
        const k = `${r.status} ${r.error.code} "${r.error.message}"`
        dup.refused.set(k, (dup.refused.get(k) ?? 0) + 1)
      }
      return pair
    })
  }
  statuses.clear()
  const secs = await pool(jobs, 8)
  console.log(`  ${jobs.length + dup.deliveries} webhook deliveries in ${secs.toFixed(1)} s: ${outcome.completed} payments completed, ${outcome.failed} failed, ${outcome.pending} left pending;` +
    ` ${signed} by the provider's signed events (POST /rest/v1/rpc/payment_webhook, no key but the anon one), ${outcome.completed + outcome.failed - signed} by a server-side handler (complete_payment, fail_payment with the service key)`)
  console.log(`  the same webhook delivered twice at once: ${dup.deliveries}; both answered 200: ${dup.bothOk}; exactly one changed the payment: ${dup.changedOnce}` +
    [...dup.refused].map(([k, n]) => `; ${n} × ${k}`).join(''))
  console.log(`  HTTP: ${httpSummary()}`)
  await claimOffers(waiters)
  const { data: byStatus } = await admin.from('payments').select('status')
  const counts = {}
  for (const p of byStatus ?? []) counts[p.status] = (counts[p.status] ?? 0) + 1
  console.log(`  payments now: ${Object.entries(counts).sort().map(([s, n]) => `${s} ${n}`).join(', ')}`)
}

async function door() {
  const jobs = []
  for (const house of HOUSES) {
    const gates = [as(staffId(house, 3)), as(staffId(house, 4))]
    const events = must(await gates[0].from('events').select('id').eq('status', 'active'))
    const regs = must(await gates[0].from('registrations').select('id, qr_code_data, event_id')
      .in('event_id', events.map((e) => e.id)).eq('status', 'confirmed').order('id'))
    regs.filter((r) => bucket(r.id, 10) < 7).forEach((r, i) => {
      const scan = (gate) => gate.rpc('check_in', { p_token: r.qr_code_data, p_event_id: r.event_id })
      jobs.push(i % 20 === 19 ? () => Promise.all(gates.map(scan)) : () => scan(gates[i % 2]))
    })
  }
  const outcomes = new Map()
  statuses.clear()
  const wrapped = jobs.map((job) => async () => {
    const res = await job()
    for (const r of [res].flat()) {
      const k = r.error ? `${r.status} ${r.error.message}` : r.data[0].outcome
      outcomes.set(k, (outcomes.get(k) ?? 0) + 1)
    }
    return res
  })
  const secs = await pool(wrapped, 8)
  const scans = [...outcomes.values()].reduce((a, b) => a + b, 0)
  console.log(`  ${scans} scans at ${HOUSES.length * 2} gates in ${secs.toFixed(1)} s: ` +
    [...outcomes].sort().map(([k, n]) => `${k} ${n}`).join(', '))
  console.log(`  HTTP: ${httpSummary()}`)
}

// What the API offers: the OpenAPI document PostgREST serves at /, per role.
async function api() {
  const rpcs = async (key) => {
    const res = await fetch(`${API_URL}/rest/v1/`, { headers: { apikey: ANON_KEY, Authorization: `Bearer ${key}` } })
    const doc = await res.json()
    return { version: doc.info.version, n: Object.keys(doc.paths).filter((p) => p.startsWith('/rpc/')).length, tables: Object.keys(doc.paths).filter((p) => p !== '/' && !p.startsWith('/rpc/')).length }
  }
  const [a, s] = [await rpcs(ANON_KEY), await rpcs(SERVICE_ROLE_KEY)]
  console.log(`  PostgREST ${a.version} answers at ${API_URL}/rest/v1; its OpenAPI document lists ${a.n} functions for anon, ${s.n} functions and ${s.tables} tables for service_role`)
}

const phases = { api, buyers, webhooks, door }
const phase = phases[process.argv[2]]
if (!phase || !API_URL) {
  console.error('usage: API_URL=... ANON_KEY=... SERVICE_ROLE_KEY=... JWT_SECRET=... node demo/http.mjs api|buyers|webhooks|door')
  process.exit(2)
}
await phase()
