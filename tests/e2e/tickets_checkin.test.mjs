// Tickets and the door over HTTP: verify_ticket, ticket_signing_keys, ticket_qr_svg, qr_code_svg,
// events_on_sale, check_in, undo_check_in (docs/api.md). STABLE functions are called over GET.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createHash, createPublicKey, generateKeyPairSync, randomBytes, sign, verify } from 'node:crypto'
import { supabase, http, sql, sqlValue, ids, newTier, newEvent, email, assertError, assertExplained, assertOk, assertShape, UUID } from './lib.mjs'

const anon = supabase('anon'), attendee = supabase('attendee'), staff = supabase('a_organizer')
const owner = supabase('a_owner'), viewer = supabase('a_viewer'), bMember = supabase('b_member'), service = supabase('service_role')
const VERIFIED = ['valid', 'reason', 'registration_id', 'event_id', 'status', 'attendee_name', 'checked_in_at']
const CHECKED = ['outcome', 'registration_id', 'attendee_name', 'ticket_tier', 'checked_in_at', 'message']

// A confirmed (free) ticket of event A bought by the attendee.
async function confirmedTicket({ tier = newTier({ price: 0, name: 'General' }), client = attendee, name = 'Ana Duarte' } = {}) {
  const [r] = assertOk(await client.rpc('reserve_tickets', { p_ticket_tier_id: tier, p_quantity: 1, p_attendee_email: email('ana'), p_attendee_name: name }))
  return r
}
const swapChar = (s, i) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1)
const b64url = (b) => Buffer.from(b).toString('base64url')
const uuidBytes = (u) => Buffer.from(u.replace(/-/g, ''), 'hex')

describe('verify_ticket (GET)', () => {
  it('valid for anyone; status, name and check-in time only for the attendee, organizers and service_role', async () => {
    const r = await confirmedTicket()
    const [pub] = assertOk(await anon.rpc('verify_ticket', { p_token: r.qr_code_data }, { get: true }))
    assertShape(pub, VERIFIED)
    assert.equal(pub.valid, true)
    assert.equal(pub.reason, 'valid')
    assert.equal(pub.registration_id, r.registration_id)
    assert.equal(pub.event_id, ids.eventA)
    assert.equal(pub.status, null)
    assert.equal(pub.attendee_name, null)
    for (const c of [attendee, staff, service]) {
      const [v] = assertOk(await c.rpc('verify_ticket', { p_token: r.qr_code_data }, { get: true }))
      assert.equal(v.status, 'confirmed')
      assert.equal(v.attendee_name, 'Ana Duarte')
    }
    const [other] = assertOk(await bMember.rpc('verify_ticket', { p_token: r.qr_code_data }, { get: true }))
    assert.equal(other.attendee_name, null)
  })

  it('says why a token is refused: malformed, tampered, foreign, unknown, revoked, cancelled', async () => {
    const reason = async (token) => assertOk(await anon.rpc('verify_ticket', { p_token: token }, { get: true }))[0]
    const r = await confirmedTicket()
    const [prefix, keyId, payload, signature] = r.qr_code_data.split('.')
    assert.equal((await reason('not a ticket')).reason, 'malformed')
    const tampered = await reason([prefix, keyId, swapChar(payload, 60), signature].join('.'))
    assert.equal(tampered.reason, 'tampered')
    assert.equal(tampered.valid, false)
    // Signed correctly, but by a key pair this database does not have.
    const { publicKey, privateKey } = generateKeyPairSync('ed25519')
    const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32)
    const foreignKeyId = b64url(createHash('sha256').update(raw).digest().subarray(0, 8))
    const body = `FOS1.${foreignKeyId}.${b64url(Buffer.concat([uuidBytes(r.registration_id), uuidBytes(ids.eventA), randomBytes(16)]))}`
    assert.equal((await reason(`${body}.${b64url(sign(null, Buffer.from(body), privateKey))}`)).reason, 'foreign')
    const gone = await confirmedTicket()
    sql(`DELETE FROM public.registrations WHERE id = '${gone.registration_id}'`)
    assert.equal((await reason(gone.qr_code_data)).reason, 'unknown')
    const reissued = assertOk(await attendee.rpc('reissue_ticket', { p_registration_id: r.registration_id }))
    assert.equal((await reason(r.qr_code_data)).reason, 'revoked')
    assertOk(await attendee.rpc('cancel_registration', { p_registration_id: r.registration_id }))
    assert.equal((await reason(reissued)).reason, 'cancelled')
  })

  it('POST works as well; a function that writes is refused over GET (405: PostgREST runs GET read-only)', async () => {
    const r = await confirmedTicket()
    const post = await http('POST', '/rpc/verify_ticket', { body: { p_token: r.qr_code_data } })
    assert.equal(post.status, 200)
    assert.equal(post.body[0].reason, 'valid')
    const get = await http('GET', `/rpc/reserve_tickets?p_ticket_tier_id=${ids.tierA}&p_quantity=1&p_attendee_email=a@example.com&p_attendee_name=A`)
    assert.equal(get.status, 405)
  })
})

describe('ticket_signing_keys (GET)', () => {
  it('publishes Ed25519 public keys that verify a token offline', async () => {
    const keys = assertOk(await anon.rpc('ticket_signing_keys', {}, { get: true }))
    assert.ok(keys.length >= 1)
    for (const k of keys) {
      assertShape(k, ['key_id', 'algorithm', 'public_key', 'created_at'])
      assert.equal(k.algorithm, 'Ed25519')
      assert.equal(Buffer.from(k.public_key, 'base64url').length, 32)
    }
    const r = await confirmedTicket()
    const [prefix, keyId, payload, signature] = r.qr_code_data.split('.')
    const k = keys.find((x) => x.key_id === keyId)
    assert.ok(k, 'the token names a published key')
    const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(k.public_key, 'base64url')])
    const key = createPublicKey({ key: spki, format: 'der', type: 'spki' })
    assert.equal(verify(null, Buffer.from(`${prefix}.${keyId}.${payload}`), key, Buffer.from(signature, 'base64url')), true)
    assert.equal(Buffer.from(payload, 'base64url').subarray(0, 16).toString('hex'), r.registration_id.replace(/-/g, ''))
  })
})

describe('ticket_qr_svg and qr_code_svg', () => {
  it('ticket_qr_svg: the attendee and the organizers get the ticket as SVG of the size asked; others 404; size 22023; cancelled 409', async () => {
    const r = await confirmedTicket()
    for (const c of [attendee, staff, service]) {
      const svg = assertOk(await c.rpc('ticket_qr_svg', { p_registration_id: r.registration_id, p_size: 320 }, { get: c === staff }))
      assert.equal(typeof svg, 'string')
      assert.match(svg, /<svg[^>]*>[\s\S]*<\/svg>\s*$/)
      assert.match(svg, /<svg[^>]* width="320" height="320" viewBox=/)
    }
    assertExplained(assertError(await bMember.rpc('ticket_qr_svg', { p_registration_id: r.registration_id }), 404, 'PT404', 'registration not found'))
    assertError(await attendee.rpc('ticket_qr_svg', { p_registration_id: r.registration_id, p_size: 10 }), 400, '22023')
    assertError(await anon.rpc('ticket_qr_svg', { p_registration_id: r.registration_id }), 401, '42501')
    // cancelled, the ticket no longer admits and is not drawn
    assertOk(await staff.rpc('cancel_registration', { p_registration_id: r.registration_id }))
    assertExplained(assertError(await attendee.rpc('ticket_qr_svg', { p_registration_id: r.registration_id }), 409, 'PT409', 'ticket is cancelled'))
  })

  it('qr_code_svg: any text for anyone, over POST and GET; empty text, size and length refused with 22023', async () => {
    const svg = assertOk(await anon.rpc('qr_code_svg', { p_data: 'FOS1.test', p_size: 256 }))
    assert.match(svg, /^(<\?xml[^>]*>\s*)?<svg/)
    assert.equal(assertOk(await anon.rpc('qr_code_svg', { p_data: 'FOS1.test', p_size: 256 }, { get: true })), svg)
    assertError(await anon.rpc('qr_code_svg', { p_data: '' }), 400, '22023')
    assertError(await anon.rpc('qr_code_svg', { p_data: 'x', p_size: 5000 }), 400, '22023')
    assertError(await anon.rpc('qr_code_svg', { p_data: 'x'.repeat(5000) }), 400, '22023')
  })
})

describe('events_on_sale (GET)', () => {
  const COLUMNS = ['event_id', 'name', 'description', 'type', 'status', 'start_date', 'end_date', 'venue_name', 'venue_address',
    'organization', 'organization_slug', 'tickets_left', 'lowest_price']
  it('lists the events on sale with their public columns only, for anon', async () => {
    const all = assertOk(await anon.rpc('events_on_sale', {}, { get: true }))
    for (const e of all) assertShape(e, COLUMNS)
    const a = all.find((e) => e.event_id === ids.eventA)
    assert.ok(a, 'event A (active) is on sale')
    assert.equal(a.organization_slug, 'maison-a')
    assert.ok(!all.some((e) => e.event_id === ids.eventZ), 'a completed event is not on sale')
    const b = assertOk(await anon.rpc('events_on_sale', { p_organization_slug: 'atelier-b' }, { get: true }))
    assert.deepEqual([...new Set(b.map((e) => e.organization_slug))], ['atelier-b'])
    const later = assertOk(await anon.rpc('events_on_sale', { p_from: '2200-01-01T00:00:00Z' }, { get: true }))
    assert.deepEqual(later, [])
  })
})

describe('my_tickets (GET)', () => {
  const MINE = ['registration_id', 'status', 'qr_code_data', 'attendee_name', 'attendee_email', 'checked_in_at', 'reserved_at',
    'ticket_tier_id', 'tier_name', 'tier_type', 'event_id', 'event_name', 'event_status', 'start_date', 'end_date', 'venue_name',
    'venue_address', 'organization', 'organization_slug', 'payment_id', 'payment_status', 'amount', 'currency', 'hold_expires_at', 'exchanged_into']
  it('the signed-in buyer sees his tickets with their event, payment and hold; filters apply; others see none; anon 401', async () => {
    const paidTier = newTier({ price: 45, name: 'Front row' })
    const [held] = assertOk(await attendee.rpc('reserve_tickets', { p_ticket_tier_id: paidTier, p_quantity: 1, p_attendee_email: email('ana'), p_attendee_name: 'Ana Duarte' }))
    const free = await confirmedTicket()
    const anonymous = await confirmedTicket({ client: anon })
    const ids2 = [held.registration_id, free.registration_id, anonymous.registration_id]
    // he cannot read the event from its table; my_tickets gives its public columns
    assert.deepEqual(assertOk(await attendee.from('events').select('id').eq('id', ids.eventA)), [])
    const mine = assertOk(await attendee.rpc('my_tickets', {}, { get: true }).in('registration_id', ids2).order('reserved_at'))
    for (const t of mine) assertShape(t, MINE)
    assert.deepEqual(mine.map((t) => t.registration_id), [held.registration_id, free.registration_id], 'an anonymous purchase is not his')
    const [h, f] = mine
    assert.equal(h.status, 'pending')
    assert.equal(h.qr_code_data, held.qr_code_data)
    assert.equal(h.tier_name, 'Front row')
    assert.equal(h.event_id, ids.eventA)
    assert.equal(h.organization_slug, 'maison-a')
    assert.equal(h.payment_id, held.payment_id)
    assert.equal(h.payment_status, 'pending')
    assert.equal(Number(h.amount), 45)
    assert.equal(h.hold_expires_at, held.hold_expires_at)
    assert.equal(f.status, 'confirmed')
    assert.equal(f.payment_id, null)
    assert.equal(f.hold_expires_at, null)
    // cancelled: still listed, without its token; PostgREST's filters narrow the list
    assertOk(await attendee.rpc('cancel_registration', { p_registration_id: held.registration_id }))
    const [gone] = assertOk(await attendee.rpc('my_tickets', {}, { get: true }).eq('registration_id', held.registration_id))
    assert.equal(gone.status, 'cancelled')
    assert.equal(gone.qr_code_data, null)
    assert.equal(gone.payment_status, 'failed')
    const live = assertOk(await attendee.rpc('my_tickets', {}, { get: true }).in('registration_id', ids2).neq('status', 'cancelled'))
    assert.deepEqual(live.map((t) => t.registration_id), [free.registration_id])
    assert.deepEqual(assertOk(await bMember.rpc('my_tickets', {}, { get: true }).in('registration_id', ids2)), [])
    assertError(await anon.rpc('my_tickets', {}, { get: true }), 401, '42501')
    assertExplained(assertError(await service.rpc('my_tickets', {}, { get: true }), 403, '42501', 'not signed in'))
  })
})

describe('check_in', () => {
  it('door staff check a ticket in once; the second scan answers already_checked_in in the event\'s time zone', async () => {
    const r = await confirmedTicket()
    const [first] = assertOk(await staff.rpc('check_in', { p_token: r.qr_code_data, p_event_id: ids.eventA }))
    assertShape(first, CHECKED)
    assert.equal(first.outcome, 'checked_in')
    assert.equal(first.registration_id, r.registration_id)
    assert.equal(first.attendee_name, 'Ana Duarte')
    assert.equal(first.ticket_tier, 'General')
    assert.ok(first.checked_in_at)
    assert.equal(typeof first.message, 'string')
    const [second] = assertOk(await owner.rpc('check_in', { p_token: r.qr_code_data, p_event_id: ids.eventA }))
    assert.equal(second.outcome, 'already_checked_in')
    assert.match(second.message, /^already checked in at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d /)
    assert.equal(sqlValue(`SELECT status FROM public.registrations WHERE id = '${r.registration_id}'`), 'attended')
  })

  it('refusals: 401 anon, 403 attendee / viewer / other organization, 400 not a valid token, 404 event and ticket', async () => {
    const r = await confirmedTicket()
    const args = { p_token: r.qr_code_data, p_event_id: ids.eventA }
    assertError(await anon.rpc('check_in', args), 401, '42501')
    for (const c of [attendee, viewer, bMember]) assertError(await c.rpc('check_in', args), 403, '42501')
    assertExplained(assertError(await staff.rpc('check_in', { ...args, p_token: 'FOS1.garbage' }), 400, '22023', 'ticket token is not valid'))
    const [prefix, keyId, payload, signature] = r.qr_code_data.split('.')
    assertError(await staff.rpc('check_in', { ...args, p_token: [prefix, keyId, swapChar(payload, 60), signature].join('.') }), 400, '22023', 'ticket token is not valid')
    assertError(await staff.rpc('check_in', { ...args, p_event_id: '00000000-0000-4000-8000-000000000000' }), 404, 'PT404')
    const gone = await confirmedTicket()
    sql(`DELETE FROM public.registrations WHERE id = '${gone.registration_id}'`)
    assertExplained(assertError(await staff.rpc('check_in', { ...args, p_token: gone.qr_code_data }), 404, 'PT404', 'ticket not found'))
  })

  it('PT409 (409): revoked, cancelled, not paid, for another event', async () => {
    const revoked = await confirmedTicket()
    assertOk(await attendee.rpc('reissue_ticket', { p_registration_id: revoked.registration_id }))
    assertExplained(assertError(await staff.rpc('check_in', { p_token: revoked.qr_code_data, p_event_id: ids.eventA }), 409, 'PT409', 'ticket was revoked'))
    const cancelled = await confirmedTicket()
    assertOk(await attendee.rpc('cancel_registration', { p_registration_id: cancelled.registration_id }))
    const e = assertError(await staff.rpc('check_in', { p_token: cancelled.qr_code_data, p_event_id: ids.eventA }), 409, 'PT409')
    assert.match(e.message, /^(registration is cancelled|ticket was revoked)$/)
    const [unpaid] = assertOk(await anon.rpc('reserve_tickets', { p_ticket_tier_id: newTier({ price: 20 }), p_quantity: 1, p_attendee_email: email(), p_attendee_name: 'Cy' }))
    assertError(await staff.rpc('check_in', { p_token: unpaid.qr_code_data, p_event_id: ids.eventA }), 409, 'PT409', 'ticket is not paid')
    const other = newEvent()
    const elsewhere = await confirmedTicket()
    const w = assertError(await staff.rpc('check_in', { p_token: elsewhere.qr_code_data, p_event_id: other }), 409, 'PT409', 'ticket is for another event')
    assert.ok(w.details.length > 0)
  })
})

describe('undo_check_in', () => {
  it('door staff undo a check-in; the ticket admits again; a second undo changes nothing', async () => {
    const r = await confirmedTicket()
    assertOk(await staff.rpc('check_in', { p_token: r.qr_code_data, p_event_id: ids.eventA }))
    const [u] = assertOk(await staff.rpc('undo_check_in', { p_registration_id: r.registration_id }))
    assertShape(u, ['registration_id', 'status', 'changed'])
    assert.deepEqual(u, { registration_id: r.registration_id, status: 'confirmed', changed: true })
    const [again] = assertOk(await service.rpc('undo_check_in', { p_registration_id: r.registration_id }))
    assert.equal(again.changed, false)
    const [back] = assertOk(await staff.rpc('check_in', { p_token: r.qr_code_data, p_event_id: ids.eventA }))
    assert.equal(back.outcome, 'checked_in')
  })

  it('refusals: 401 anon, 403 the attendee and other organizations, 404', async () => {
    const r = await confirmedTicket()
    assertOk(await staff.rpc('check_in', { p_token: r.qr_code_data, p_event_id: ids.eventA }))
    assertError(await anon.rpc('undo_check_in', { p_registration_id: r.registration_id }), 401, '42501')
    assertError(await attendee.rpc('undo_check_in', { p_registration_id: r.registration_id }), 403, '42501')
    assertError(await bMember.rpc('undo_check_in', { p_registration_id: r.registration_id }), 403, '42501')
    assertError(await staff.rpc('undo_check_in', { p_registration_id: '00000000-0000-4000-8000-000000000000' }), 404, 'PT404')
    assert.match(r.registration_id, UUID)
  })
})
