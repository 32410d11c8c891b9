// A person's data on request and its erasure, through PostgREST, as server-side code answers a
// data-protection request (subject_data over GET, erase_person), and the refusals of everyone else.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { supabase, sqlValue, newTier, email, assertError, assertOk } from './lib.mjs'

const anon = supabase('anon'), organizer = supabase('a_organizer'), service = supabase('service_role')

describe('subject_data and erase_person through PostgREST', () => {
  it('finds a buyer\'s ticket and waitlist entry, then erases them; the sale stays', async () => {
    const tier = newTier({ total: 1, price: 0 })
    const who = email('subject')
    const [ticket] = assertOk(await anon.rpc('reserve_tickets', { p_ticket_tier_id: tier, p_quantity: 1, p_attendee_email: who, p_attendee_name: 'Subject Person' }))
    assertOk(await anon.rpc('join_waitlist', { p_ticket_tier_id: tier, p_attendee_email: who, p_attendee_name: 'Subject Person' }))

    assertError(await anon.rpc('subject_data', { p_email: who }, { get: true }), 401, '42501')
    assertError(await organizer.rpc('subject_data', { p_email: who }, { get: true }), 403, '42501')
    assertError(await organizer.rpc('erase_person', { p_email: who }), 403, '42501')
    assertError(await service.rpc('subject_data', {}, { get: true }), 400, '22023', 'pass p_email or p_user_id')

    const data = assertOk(await service.rpc('subject_data', { p_email: who.toUpperCase() }, { get: true }))
    assert.deepEqual(data.registrations.map((r) => r.id), [ticket.registration_id])
    assert.equal(data.waitlist.length, 1)
    assert.ok(!JSON.stringify(data).includes(ticket.qr_code_data), 'the ticket token is not in the answer')

    const erased = assertOk(await service.rpc('erase_person', { p_email: who }))
    assert.equal(erased.registrations, 1)
    assert.equal(erased.waitlist, 1)
    assert.equal(sqlValue(`SELECT attendee_name || ' ' || status FROM public.registrations WHERE id = '${ticket.registration_id}'`), 'Erased confirmed')
    assert.equal(sqlValue(`SELECT quantity_sold FROM public.ticket_tiers WHERE id = '${tier}'`), '1')
    const after = assertOk(await service.rpc('subject_data', { p_email: who }, { get: true }))
    assert.deepEqual(Object.entries(after).filter(([, rows]) => rows.length > 0), [])
  })
})
