// Concurrency over HTTP: many buyers racing for a few tickets, a payment webhook delivered twice at
// the same moment, several gates scanning one ticket. Every request is a real HTTP request to
// PostgREST, in flight at the same time as the others.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { supabase, sqlValue, ids, newTier, email, assertOk } from './lib.mjs'

const service = supabase('service_role')
const BUYERS = ['anon', 'attendee', 'a_viewer', 'b_member', 'model', 'designer', 'no_profile', 'anon']

describe('concurrency over HTTP', () => {
  it('40 buyers race for 10 tickets: exactly 10 sold, 30 told sold out, no 5xx', async () => {
    const tier = newTier({ price: 95, total: 10 })
    const clients = BUYERS.map((p) => supabase(p))
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => clients[i % clients.length].rpc('reserve_tickets', {
      p_ticket_tier_id: tier, p_quantity: 1, p_attendee_email: email(`racer${i}`), p_attendee_name: `Racer ${i}`,
    })))
    const statuses = answers.map((a) => a.status)
    assert.equal(statuses.filter((s) => s >= 500).length, 0, `no 5xx: ${JSON.stringify(answers.filter((a) => a.status >= 500).map((a) => a.error))}`)
    assert.equal(statuses.filter((s) => s === 200).length, 10)
    const refused = answers.filter((a) => a.status !== 200)
    assert.equal(refused.length, 30)
    for (const r of refused) {
      assert.equal(r.status, 409)
      assert.equal(r.error.code, 'PT409')
      assert.equal(r.error.message, 'sold out')
    }
    assert.equal(sqlValue(`SELECT quantity_sold FROM public.ticket_tiers WHERE id = '${tier}'`), '10')
    assert.equal(sqlValue(`SELECT count(*) FROM public.registrations WHERE ticket_tier_id = '${tier}' AND status <> 'cancelled'`), '10')
  })

  it('the same webhook complete_payment delivered twice at once: both 200, exactly one changed = true', async () => {
    const tier = newTier({ price: 60, total: 20 })
    const [anonClient, second] = [supabase('anon'), supabase('service_role')]
    const rows = assertOk(await anonClient.rpc('reserve_tickets', { p_ticket_tier_id: tier, p_quantity: 8, p_attendee_email: email(), p_attendee_name: 'Webhook Twice' }))
    const failures = []
    for (const r of rows) {
      const args = { p_payment_id: r.payment_id, p_provider: 'stripe', p_provider_transaction_id: `ch_${r.payment_id.slice(0, 12)}` }
      const pair = await Promise.all([service.rpc('complete_payment', args), second.rpc('complete_payment', args)])
      const statuses = pair.map((a) => a.status)
      const changed = pair.filter((a) => a.status === 200 && a.data[0].changed === true).length
      if (statuses.some((s) => s !== 200) || changed !== 1) failures.push({ payment: r.payment_id, statuses, changed, errors: pair.map((a) => a.error) })
    }
    assert.deepEqual(failures, [], 'each duplicated delivery: both 200 and exactly one changed')
    assert.equal(sqlValue(`SELECT count(*) FROM public.payments p JOIN public.registrations r ON r.id = p.registration_id
                            WHERE r.ticket_tier_id = '${tier}' AND p.status = 'completed' AND r.status = 'confirmed'`), '8')
  })

  it('four gates scan the same ticket at once: exactly one checked_in, the others already_checked_in', async () => {
    const gates = ['a_organizer', 'a_owner', 'a_admin', 'service_role'].map((p) => supabase(p))
    const tier = newTier({ price: 0, total: 10 })
    const tickets = assertOk(await supabase('anon').rpc('reserve_tickets', { p_ticket_tier_id: tier, p_quantity: 5, p_attendee_email: email(), p_attendee_name: 'Gate Crasher' }))
    for (const t of tickets) {
      const scans = await Promise.all(gates.map((g) => g.rpc('check_in', { p_token: t.qr_code_data, p_event_id: ids.eventA })))
      assert.deepEqual(scans.map((s) => s.status), [200, 200, 200, 200], JSON.stringify(scans.map((s) => s.error)))
      const outcomes = scans.map((s) => s.data[0].outcome).sort()
      assert.deepEqual(outcomes, ['already_checked_in', 'already_checked_in', 'already_checked_in', 'checked_in'])
    }
    assert.equal(sqlValue(`SELECT count(*) FROM public.registrations WHERE ticket_tier_id = '${tier}' AND status = 'attended'`), '5')
  })
})
