// Tickets sold on another platform, brought in through PostgREST by server-side code
// (import_tickets): a batch of hundreds, its inventory, the door's answer to an old code, a
// repeated run, and the inventory's check.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { supabase, sqlValue, newTier, newEvent, assertError, assertOk, assertShape } from './lib.mjs'

const anon = supabase('anon'), organizer = supabase('a_organizer'), service = supabase('service_role')
const IMPORTED = ['legacy_id', 'registration_id', 'payment_id', 'status', 'imported']

function season(tier, source, n) {
  return Array.from({ length: n }, (_, i) => ({
    legacy_id: `${source}-${i}`,
    ticket_tier_id: tier,
    attendee_email: `legacy.${i}.${source}@example.com`,
    attendee_name: `Legacy Buyer ${i}`,
    status: i % 10 === 9 ? 'cancelled' : (i % 3 === 0 ? 'attended' : 'confirmed'),
    created_at: '2026-03-01T10:00:00Z',
    ...(i % 3 === 0 && i % 10 !== 9 ? { checked_in_at: '2026-03-20T19:00:00+01:00' } : {}),
    order_id: `order-${Math.floor(i / 2)}`,
    legacy_code: `${source}-code-${i}`,
    payment: {
      amount: 95, currency: 'EUR', provider: 'stripe', provider_transaction_id: `pi_${source}_${Math.floor(i / 2)}`,
      status: i % 10 === 9 ? 'refunded' : 'completed', paid_at: '2026-03-01T10:01:00Z',
      ...(i % 10 === 9 ? { refunded_at: '2026-03-05T09:00:00Z' } : {}),
    },
  }))
}

describe('import_tickets through PostgREST', () => {
  it('brings 600 tickets in once, with their inventory, history and old codes; a repeated run changes nothing', async () => {
    const event = newEvent()
    const tier = newTier({ event, price: 95, total: 600 })
    const source = `legacy-${randomUUID().slice(0, 8)}`
    // orders of two: the odd ticket of a refunded pair is still paid by its order's PaymentIntent,
    // so pair the refunded ones with a refunded partner
    const tickets = season(tier, source, 600).map((t, i, all) => (i % 10 === 8 ? { ...t, order_id: `solo-${i}`, payment: { ...t.payment, provider_transaction_id: `pi_${source}_solo_${i}` } } : t))
    for (const t of tickets) if (t.status === 'cancelled') { t.order_id = `refunded-${t.legacy_id}`; t.payment.provider_transaction_id = `pi_${source}_r_${t.legacy_id}` }

    assertError(await anon.rpc('import_tickets', { p_source: source, p_tickets: tickets }), 401, '42501')
    assertError(await organizer.rpc('import_tickets', { p_source: source, p_tickets: tickets }), 403, '42501')

    const rows = assertOk(await service.rpc('import_tickets', { p_source: source, p_tickets: tickets }))
    assert.equal(rows.length, 600)
    assertShape(rows[0], IMPORTED)
    assert.ok(rows.every((r) => r.imported))
    const live = tickets.filter((t) => t.status !== 'cancelled').length
    assert.equal(sqlValue(`SELECT quantity_sold FROM public.ticket_tiers WHERE id = '${tier}'`), String(live))
    assert.deepEqual(assertOk(await service.rpc('check_ticket_inventory', { p_event_id: event }, { get: true })), [])
    // every completion and refund is in the history, at its time there
    const history = assertOk(await organizer.rpc('payment_history', { p_event_id: event }, { get: true }))
    assert.equal(history.filter((h) => h.status === 'completed').length, 600)
    assert.equal(history.filter((h) => h.status === 'refunded').length, 60)
    assert.ok(history.every((h) => h.reason === `imported from ${source}` && h.at.startsWith('2026-03-0')))

    // the door admits an old code once, as the ticket it became
    const confirmed = tickets.find((t) => t.status === 'confirmed')
    const [first] = assertOk(await organizer.rpc('check_in', { p_token: confirmed.legacy_code, p_event_id: event }))
    assert.equal(first.outcome, 'checked_in')
    const [second] = assertOk(await organizer.rpc('check_in', { p_token: confirmed.legacy_code, p_event_id: event }))
    assert.equal(second.outcome, 'already_checked_in')

    // sent again (a timed-out run), nothing is imported twice
    const again = assertOk(await service.rpc('import_tickets', { p_source: source, p_tickets: tickets }))
    assert.ok(again.every((r) => !r.imported))
    assert.deepEqual(again.map((r) => r.registration_id), rows.map((r) => r.registration_id))
    assert.equal(sqlValue(`SELECT count(*) FROM public.registrations WHERE ticket_tier_id = '${tier}'`), '600')
    assert.equal(sqlValue(`SELECT quantity_sold FROM public.ticket_tiers WHERE id = '${tier}'`), String(live))
  })

  it('a bad ticket in a batch is named, and nothing of the batch is written', async () => {
    const tier = newTier({ total: 10 })
    const source = `legacy-${randomUUID().slice(0, 8)}`
    const tickets = season(tier, source, 5).map((t) => ({ ...t, payment: undefined }))
    tickets[3].attendee_email = 'not an address'
    const res = await service.rpc('import_tickets', { p_source: source, p_tickets: tickets })
    assertError(res, 400, '22023', 'ticket 4 of the import: attendee_email is not an e-mail address')
    assert.match(res.error.details, new RegExp(`legacy_id '${source}-3'`))
    assert.equal(sqlValue(`SELECT count(*) FROM public.registrations WHERE ticket_tier_id = '${tier}'`), '0')
    // more live tickets than places: 409, naming how far to raise the tier
    const small = newTier({ total: 2 })
    const over = await service.rpc('import_tickets', { p_source: source, p_tickets: season(small, `${source}b`, 4).map((t) => ({ ...t, status: 'confirmed', checked_in_at: undefined, payment: undefined })) })
    assertError(over, 409, 'PT409', 'the import oversells a tier')
    assert.match(over.error.hint, /at least 4/)
  })
})
