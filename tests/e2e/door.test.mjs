// door.test.mjs: the offline door and payment webhooks through a real PostgREST.
//  - a door bundle fetched with supabase-js verifies with Node's crypto alone (not the extension's
//    code), and a scanner following docs/api.md ("Deciding a scan offline") decides tickets with it;
//  - a cancellation shows in the next delta as a revoked token hash; synced scans answer per scan;
//  - a Stripe-signed webhook posted as raw bytes completes a payment; a tampered body, a stale
//    timestamp and a missing signature are 401 and change nothing; a replayed event id and two
//    deliveries at once change the payment once.
import { describe, it, before } from 'node:test'
import assert from 'node:assert/strict'
import { createHash, createHmac, createPublicKey, randomUUID, verify } from 'node:crypto'
import { supabase, env, sql, sqlValue, ids, newTier, email, assertError, assertOk } from './lib.mjs'

const spki = (raw) => createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw]), format: 'der', type: 'spki' })

function verifyBundle (envelope, trusted) {
  const key = trusted.get(envelope.key_id)
  assert.ok(key, `bundle signed by a trusted key (${envelope.key_id})`)
  const ok = verify(null, Buffer.from(envelope.bundle, 'utf8'), spki(Buffer.from(key, 'base64url')), Buffer.from(envelope.signature, 'base64url'))
  assert.ok(ok, 'the bundle signature verifies with node:crypto')
  return JSON.parse(envelope.bundle)
}

const uuidOf = (bytes) => {
  const h = bytes.toString('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

// base64url without padding, in its one spelling: Node's decoder also takes padding, white space
// and stray low bits in the last character, which would give one signature many texts.
const strict64 = (text, bytes) => {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return null
  const b = Buffer.from(text, 'base64url')
  return b.length === bytes && b.toString('base64url') === text ? b : null
}

// The scanner of docs/api.md, offline: the bundle and the token, nothing else.
function decide (bundle, scanned) {
  const token = scanned.trim()
  const parts = token.split('.')
  if (parts.length !== 4 || parts[0] !== 'FOS1') return 'malformed'
  const payload = strict64(parts[2], 48)
  const signature = strict64(parts[3], 64)
  if (!payload || !signature) return 'malformed'
  const key = bundle.keys.find((k) => k.key_id === parts[1])
  if (!key) return 'foreign'
  const signed = Buffer.from(`${parts[0]}.${parts[1]}.${parts[2]}`, 'ascii')
  if (!verify(null, signed, spki(Buffer.from(key.public_key, 'base64url')), signature)) return 'tampered'
  if (uuidOf(payload.subarray(16, 32)) !== bundle.event.id) return 'wrong_event'
  const hash = createHash('sha256').update(token, 'utf8').digest('hex')
  if (bundle.revoked.some((r) => r.token_sha256 === hash)) return 'revoked'
  const reg = bundle.registrations.find((r) => r.id === uuidOf(payload.subarray(0, 16)))
  if (!reg) return 'unknown'
  return { pending: 'unpaid', cancelled: 'cancelled', attended: 'duplicate', confirmed: 'admit' }[reg.status]
}

describe('the offline door', () => {
  const staff = supabase('a_organizer')
  let trusted, tier, tokens

  before(async () => {
    const { data: keys } = await supabase('anon').rpc('ticket_signing_keys')
    trusted = new Map(keys.map((k) => [k.key_id, k.public_key]))
    tier = newTier({ price: 0, total: 20 })
    tokens = []
    for (const name of ['Ada', 'Ben', 'Cy']) {
      const r = await staff.rpc('reserve_tickets', { p_ticket_tier_id: tier, p_quantity: 1, p_attendee_email: email(name), p_attendee_name: name })
      tokens.push(assertOk(r)[0].qr_code_data)
    }
  })

  it('a bundle verifies outside the database, and a scanner decides with it alone', async () => {
    const envelope = assertOk(await staff.rpc('door_bundle', { p_event_id: ids.eventA }))
    assert.equal(envelope.format, 'fashionos-door-bundle/1')
    const bundle = verifyBundle(envelope, trusted)
    assert.equal(bundle.kind, 'full')
    assert.equal(bundle.event.id, ids.eventA)
    assert.equal(decide(bundle, tokens[0]), 'admit')
    const altered = tokens[0].slice(0, -2) + (tokens[0].endsWith('AA') ? 'BB' : 'AA')
    assert.ok(['tampered', 'malformed'].includes(decide(bundle, altered)))
    // a bundle whose text was changed does not verify
    const forged = { ...envelope, bundle: envelope.bundle.replace('"confirmed"', '"attended"') }
    assert.equal(verify(null, Buffer.from(forged.bundle), spki(Buffer.from(trusted.get(forged.key_id), 'base64url')), Buffer.from(forged.signature, 'base64url')), false)
  })

  it('a reissued ticket\'s old token is refused offline however it is spelled', async () => {
    const regB = sqlValue(`SELECT id FROM public.registrations WHERE qr_code_data = '${tokens[1]}'`)
    const old = tokens[1]
    tokens[1] = assertOk(await staff.rpc('reissue_ticket', { p_registration_id: regB }))
    const bundle = verifyBundle(assertOk(await staff.rpc('door_bundle', { p_event_id: ids.eventA })), trusted)
    assert.equal(decide(bundle, tokens[1]), 'admit')
    assert.equal(decide(bundle, old), 'revoked')
    // the same signature in other texts: a stray low bit in its last character, padding, white space
    const B = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    const flipped = old.slice(0, -1) + B[B.indexOf(old.at(-1)) ^ 1]
    assert.ok(verify(null, Buffer.from(old.split('.').slice(0, 3).join('.'), 'ascii'),
      spki(Buffer.from(bundle.keys.find((k) => k.key_id === old.split('.')[1]).public_key, 'base64url')),
      Buffer.from(flipped.split('.')[3], 'base64url')), 'a lenient decoder reads the same signature')
    const seen = {}
    for (const [name, t] of Object.entries({ flipped, padded: old + '==', spaced: ` ${old}\n` })) {
      seen[name] = [decide(bundle, t), assertOk(await staff.rpc('verify_ticket', { p_token: t }))[0].reason]
    }
    assert.deepEqual(seen, { flipped: ['malformed', 'malformed'], padded: ['malformed', 'malformed'], spaced: ['revoked', 'revoked'] })
  })

  it('a cancellation shows in the next delta; synced scans answer per scan, once', async () => {
    const first = verifyBundle(assertOk(await staff.rpc('door_bundle', { p_event_id: ids.eventA })), trusted)
    const regC = sqlValue(`SELECT id FROM public.registrations WHERE qr_code_data = '${tokens[2]}'`)
    assertOk(await staff.rpc('cancel_registration', { p_registration_id: regC }))
    // STABLE: a scanner may GET it (cacheable)
    const delta = verifyBundle(assertOk(await staff.rpc('door_bundle', { p_event_id: ids.eventA, p_since: first.sequence }, { get: true })), trusted)
    assert.equal(delta.kind, 'delta')
    assert.ok(delta.sequence >= first.sequence)
    const merged = { ...first, revoked: [...first.revoked, ...delta.revoked] }
    assert.equal(decide(merged, tokens[2]), 'revoked')

    // scanned after the cancellation (a scan made before it would be cancelled_after_scan)
    const base = Date.now()
    const at = (s) => new Date(base + s * 1000).toISOString()
    const scans = [
      { token: tokens[0], scanned_at: at(0), gate: 'north' },
      { token: tokens[0], scanned_at: at(1), gate: 'south' },
      { token: tokens[2], scanned_at: at(2), gate: 'north' },
    ]
    const answers = assertOk(await staff.rpc('sync_door_scans', { p_event_id: ids.eventA, p_scans: scans }))
    assert.deepEqual(answers.map((a) => [a.outcome, a.reason, a.replayed]), [['admitted', null, false], ['duplicate', null, false], ['refused', 'cancelled', false]])
    assert.equal(answers[1].first_gate, 'north')
    const again = assertOk(await staff.rpc('sync_door_scans', { p_event_id: ids.eventA, p_scans: scans }))
    assert.deepEqual(again.map((a) => [a.outcome, a.replayed]), [['admitted', true], ['duplicate', true], ['refused', true]])
    // the east gate had let someone in on the same ticket half a minute earlier and syncs last:
    // its scan is the check-in, its answer names north's admission, and north's replay says so
    const [east] = assertOk(await staff.rpc('sync_door_scans', { p_event_id: ids.eventA, p_scans: [{ token: tokens[0], scanned_at: at(-30), gate: 'east', device: 'e1' }] }))
    assert.deepEqual([east.outcome, east.displaced_gate, east.displaced_scanned_at && new Date(east.displaced_scanned_at).toISOString()], ['admitted', 'north', at(0)])
    const replay = assertOk(await staff.rpc('sync_door_scans', { p_event_id: ids.eventA, p_scans: [scans[0]] }))
    assert.deepEqual(replay.map((a) => [a.outcome, a.first_gate, a.replayed]), [['duplicate', 'east', true]])
    const bad = await staff.rpc('sync_door_scans', { p_event_id: ids.eventA, p_scans: [{ token: 'x', gate: 'n' }] })
    assertError(bad, 400, '22023', 'p_scans[0] is not a scan')
    assertError(await supabase('b_member').rpc('door_bundle', { p_event_id: ids.eventA }), 403, '42501')
  })
})

describe('payment webhooks posted straight to PostgREST', () => {
  const secret = `whsec_e2e_${randomUUID()}`
  const post = (body, header) => fetch(`${env.API_URL}/rest/v1/rpc/payment_webhook`, {
    method: 'POST',
    headers: { apikey: env.ANON_KEY, Authorization: `Bearer ${env.ANON_KEY}`, 'Content-Type': 'application/json', ...(header ? { 'Stripe-Signature': header } : {}) },
    body,
  }).then(async (r) => ({ status: r.status, body: JSON.parse(await r.text()) }))
  const sign = (body, t = Math.floor(Date.now() / 1000)) => `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`
  let payment

  before(async () => {
    assertOk(await supabase('service_role').rpc('set_payment_webhook_secret', { p_provider: 'stripe', p_secret: secret }))
    const tier = newTier({ price: 40, total: 10 })
    const r = assertOk(await supabase('anon').rpc('reserve_tickets', { p_ticket_tier_id: tier, p_quantity: 1, p_attendee_email: email('hook'), p_attendee_name: 'Hook' }))
    payment = r[0].payment_id
  })

  // Stripe's bodies are pretty-printed: the signature covers these exact bytes.
  const event = (id, type, extra = {}) => `{\n  "id": "${id}",\n  "type":   "${type}",\n  "data": {"object": {"id": "pi_e2e", "metadata": {"payment_id": "${payment}"}, ${JSON.stringify(extra).slice(1, -1) || '"x": 1'}}}\n}`

  it('refuses a tampered body, a stale timestamp and a missing signature with 401, writing nothing', async () => {
    const body = event(`evt_${randomUUID()}`, 'payment_intent.succeeded')
    const tampered = await post(body.replace('succeeded', 'payment_failed'), sign(body))
    assert.equal(tampered.status, 401)
    assert.equal(tampered.body.code, 'PT401')
    const stale = await post(body, sign(body, Math.floor(Date.now() / 1000) - 301))
    assert.equal(stale.status, 401)
    assert.equal((await post(body)).status, 401)
    assert.equal(sqlValue(`SELECT status FROM public.payments WHERE id = '${payment}'`), 'pending')
    assert.equal(sqlValue(`SELECT count(*) FROM fashionos.webhook_events WHERE payment_id = '${payment}'`), '0')
  })

  it('completes with a valid signature over the raw body; a replayed event id and a concurrent delivery change nothing', async () => {
    const body = event(`evt_${randomUUID()}`, 'payment_intent.succeeded')
    const header = sign(body)
    const [a, b] = await Promise.all([post(body, header), post(body, header)])
    assert.deepEqual([a.status, b.status], [200, 200])
    const outcomes = [a.body[0], b.body[0]].map((r) => `${r.outcome} ${r.changed}`).sort()
    assert.deepEqual(outcomes, ['completed true', 'duplicate false'])
    const replay = await post(body, sign(body))
    assert.equal(replay.status, 200)
    assert.equal(replay.body[0].outcome, 'duplicate')
    assert.equal(sqlValue(`SELECT status || ' ' || provider_transaction_id FROM public.payments WHERE id = '${payment}'`), 'completed pi_e2e')
    // a second event (another id) for the same payment: the exactly-once rules of complete_payment
    const other = event(`evt_${randomUUID()}`, 'payment_intent.succeeded')
    const again = await post(other, sign(other))
    assert.equal(again.status, 200)
    assert.equal(again.body[0].changed, false)
  })

  it('the payment history of the event names the webhook event that completed the payment, once, for the members of its organization', async () => {
    const eventId = sqlValue(`SELECT r.event_id FROM public.payments p JOIN public.registrations r ON r.id = p.registration_id WHERE p.id = '${payment}'`)
    const history = assertOk(await supabase('a_organizer').rpc('payment_history', { p_event_id: eventId }, { get: true }))
    const mine = history.filter((e) => e.payment_id === payment)
    assert.equal(mine.length, 1)
    assert.equal(`${mine[0].status_before} ${mine[0].status} ${mine[0].provider_transaction_id} ${mine[0].reason} ${mine[0].by_role}`,
      'pending completed pi_e2e complete_payment anon')
    assert.match(mine[0].webhook, /^stripe payment_intent\.succeeded evt_[0-9a-f-]{36}$/)
    // a viewer (an accountant) reads it too; another organization's member does not see the event
    const viewer = assertOk(await supabase('a_viewer').rpc('payment_history', { p_event_id: eventId }, { get: true }))
    assert.equal(viewer.filter((e) => e.payment_id === payment).length, 1)
    const other = await supabase('b_member').rpc('payment_history', { p_event_id: eventId }, { get: true })
    assert.equal(other.status, 404)
    assert.equal(other.error.code, 'PT404')
  })
})
