// Ticketing over HTTP: reserve_tickets, complete_payment, fail_payment, refund_payment,
// cancel_registration, reissue_ticket, release_expired_holds (docs/api.md), called with supabase-js
// as anon, signed-in users of two organizations, an organizer and service_role.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { supabase, postgrest, sqlValue, sql, ids, userId, newTier, email, assertError, assertExplained, assertOk, assertShape, UUID, TOKEN } from './lib.mjs'

const RESERVED = ['registration_id', 'status', 'qr_code_data', 'payment_id', 'amount', 'currency', 'hold_expires_at']
const PAYMENT = ['payment_id', 'payment_status', 'registration_id', 'registration_status', 'changed']
const anon = supabase('anon'), attendee = supabase('attendee'), organizer = supabase('a_organizer')
const bMember = supabase('b_member'), viewer = supabase('a_viewer'), service = supabase('service_role')

const reserve = (client, tier, extra = {}) => client.rpc('reserve_tickets', {
  p_ticket_tier_id: tier, p_quantity: 1, p_attendee_email: email(), p_attendee_name: 'Ana Duarte', ...extra,
})
// One pending paid ticket bought by anon: { registration_id, payment_id, qr_code_data, ... }.
async function pendingTicket(tier = newTier({ price: 80 })) {
  const [row] = assertOk(await reserve(anon, tier))
  return { ...row, tier }
}
async function paidTicket(tier) {
  const t = await pendingTicket(tier)
  assertOk(await service.rpc('complete_payment', { p_payment_id: t.payment_id, p_provider: 'stripe', p_provider_transaction_id: `ch_${t.payment_id.slice(0, 8)}` }))
  return t
}
const sold = (tier) => Number(sqlValue(`SELECT quantity_sold FROM public.ticket_tiers WHERE id = '${tier}'`))

describe('reserve_tickets', () => {
  it('anon reserves paid tickets: pending, held, with a payment and a signed token each', async () => {
    const tier = newTier({ price: 120 })
    const rows = assertOk(await reserve(anon, tier, { p_quantity: 2, p_attendee_email: '  Ana@Example.COM ' }))
    assert.equal(rows.length, 2)
    for (const r of rows) {
      assertShape(r, RESERVED)
      assert.match(r.registration_id, UUID)
      assert.equal(r.status, 'pending')
      assert.match(r.qr_code_data, TOKEN)
      assert.match(r.payment_id, UUID)
      assert.equal(Number(r.amount), 120)
      assert.equal(typeof r.currency, 'string')
      assert.ok(Date.parse(r.hold_expires_at) > Date.now())
    }
    assert.equal(sold(tier), 2)
    assert.equal(sqlValue(`SELECT string_agg(DISTINCT attendee_email, ',') FROM public.registrations WHERE ticket_tier_id = '${tier}'`), 'ana@example.com')
  })

  it('a signed-in buyer of a free tier is confirmed at once, without payment, in his own name', async () => {
    const tier = newTier({ price: 0 })
    const [r] = assertOk(await reserve(attendee, tier))
    assert.equal(r.status, 'confirmed')
    assert.equal(r.payment_id, null)
    assert.equal(r.hold_expires_at, null)
    assert.equal(sqlValue(`SELECT user_id FROM public.registrations WHERE id = '${r.registration_id}'`), userId('attendee'))
  })

  it('22023 (400): quantity outside 1-50, not an e-mail address, empty name', async () => {
    const tier = newTier()
    for (const bad of [{ p_quantity: 0 }, { p_quantity: 51 }, { p_attendee_email: 'not-an-email' }, { p_attendee_name: '   ' }]) {
      assertExplained(assertError(await reserve(anon, tier, bad), 400, '22023'))
    }
    assert.equal(sold(tier), 0)
  })

  it('PT404 (404): no such tier; p_user_id names no user', async () => {
    assertExplained(assertError(await reserve(anon, '00000000-0000-4000-8000-000000000000'), 404, 'PT404'))
    assertError(await reserve(organizer, newTier(), { p_user_id: '00000000-0000-4000-8000-000000000000' }), 404, 'PT404')
  })

  it('42501: press and comp tiers are issued by organizers only (401 anon, 403 signed in)', async () => {
    const press = newTier({ type: 'press', price: 0 })
    assertExplained(assertError(await reserve(anon, press), 401, '42501'))
    assertError(await reserve(attendee, press), 403, '42501')
    assertError(await reserve(bMember, press), 403, '42501')
    const [r] = assertOk(await reserve(organizer, press))
    assert.equal(r.status, 'confirmed')
    const [c] = assertOk(await reserve(service, newTier({ type: 'comp', price: 0 })))
    assert.equal(c.status, 'confirmed')
  })

  it('42501 (403): a buyer may not reserve in another user\'s name; organizers may', async () => {
    const tier = newTier()
    assertError(await reserve(attendee, tier, { p_user_id: userId('a_viewer') }), 403, '42501')
    const [r] = assertOk(await reserve(organizer, tier, { p_user_id: userId('attendee') }))
    assert.equal(sqlValue(`SELECT user_id FROM public.registrations WHERE id = '${r.registration_id}'`), userId('attendee'))
  })

  it('PT409 (409): sold out, not enough tickets left (details say how many), event not on sale', async () => {
    const tier = newTier({ total: 3 })
    assertOk(await reserve(anon, tier, { p_quantity: 2 }))
    const e1 = assertError(await reserve(anon, tier, { p_quantity: 2 }), 409, 'PT409', 'not enough tickets left')
    assert.match(e1.details, /1 ticket\(s\) left; 2 requested/)
    assertOk(await reserve(anon, tier))
    const e2 = assertError(await reserve(attendee, tier), 409, 'PT409', 'sold out')
    assertExplained(e2)
    assert.match(e2.details, /0 ticket\(s\) left/)
    assertExplained(assertError(await reserve(anon, ids.tierZ), 409, 'PT409', 'event is not on sale'))
  })

  it('postgrest-js straight at PostgREST gives the same answers', async () => {
    const tier = newTier({ total: 1 })
    const ok = await postgrest('anon').rpc('reserve_tickets', { p_ticket_tier_id: tier, p_quantity: 1, p_attendee_email: email(), p_attendee_name: 'Bea' })
    assert.equal(assertOk(ok).length, 1)
    const no = await postgrest('anon').rpc('reserve_tickets', { p_ticket_tier_id: tier, p_quantity: 1, p_attendee_email: email(), p_attendee_name: 'Bea' })
    assertError(no, 409, 'PT409', 'sold out')
  })

  it('limits per buyer: 10 live tickets of a tier per e-mail by default, then 409 naming the limit (not what the address holds); organizers are exempt', async () => {
    const tier = newTier({ price: 40, total: 30 }), who = email('limit')
    assert.equal(assertOk(await reserve(anon, tier, { p_quantity: 10, p_attendee_email: who })).length, 10)
    const error = assertError(await reserve(anon, tier, { p_attendee_email: ` ${who.toUpperCase()} ` }), 409, 'PT409', 'limit per buyer reached')
    assertExplained(error)
    // anyone can type an address: the refusal says the limit, not how many tickets it holds
    assert.match(error.details, /past the event's limit of 10 live ticket\(s\) of tier/)
    assert.doesNotMatch(error.details + error.hint, /has 10|at most/)
    assert.equal(assertOk(await reserve(organizer, tier, { p_attendee_email: who })).length, 1)
    assert.equal(sqlValue(`SELECT quantity_sold FROM public.ticket_tiers WHERE id = '${tier}'`), '11')
  })
})

describe('reserve_tickets with p_idempotency_key', () => {
  it('the same key from 10 requests at once: one reservation, 10 equal answers; another request with the key: 409', async () => {
    const tier = newTier({ price: 70 }), who = email('retry'), key = `order-${randomUUID()}`
    const answers = await Promise.all(Array.from({ length: 10 }, () => reserve(anon, tier, { p_quantity: 2, p_attendee_email: who, p_idempotency_key: key })))
    const ids = answers.map((a) => assertOk(a).map((r) => r.registration_id).join(','))
    assert.equal(new Set(ids).size, 1)
    assert.equal(sqlValue(`SELECT quantity_sold FROM public.ticket_tiers WHERE id = '${tier}'`), '2')
    assertExplained(assertError(await reserve(anon, tier, { p_quantity: 1, p_attendee_email: who, p_idempotency_key: key }), 409, 'PT409', 'idempotency key reused for another request'))
    assertError(await reserve(anon, tier, { p_idempotency_key: '' }), 400, '22023')
  })
})

describe('complete_payment', () => {
  it('the webhook (service_role) completes: payment completed, registration confirmed, changed; again: changed = false', async () => {
    const t = await pendingTicket()
    const args = { p_payment_id: t.payment_id, p_provider: 'stripe', p_provider_transaction_id: 'ch_e2e_1' }
    const [first] = assertOk(await service.rpc('complete_payment', args))
    assertShape(first, PAYMENT)
    assert.deepEqual(first, { payment_id: t.payment_id, payment_status: 'completed', registration_id: t.registration_id, registration_status: 'confirmed', changed: true })
    const [again] = assertOk(await service.rpc('complete_payment', args))
    assert.equal(again.changed, false)
    assert.equal(again.payment_status, 'completed')
    assertExplained(assertError(await service.rpc('complete_payment', { ...args, p_provider_transaction_id: 'ch_other' }), 409, 'PT409', 'payment completed with another transaction'))
  })

  it('an organizer of the event completes (cash at the box office)', async () => {
    const t = await pendingTicket()
    const [r] = assertOk(await organizer.rpc('complete_payment', { p_payment_id: t.payment_id }))
    assert.equal(r.changed, true)
    assert.equal(r.registration_status, 'confirmed')
  })

  it('refusals: 401 anon, 403 attendee / viewer / other organization, 400 provider, 404 payment, 409 failed', async () => {
    const t = await pendingTicket()
    assertError(await anon.rpc('complete_payment', { p_payment_id: t.payment_id }), 401, '42501')
    for (const c of [attendee, viewer, bMember]) assertExplained(assertError(await c.rpc('complete_payment', { p_payment_id: t.payment_id }), 403, '42501'))
    assertExplained(assertError(await service.rpc('complete_payment', { p_payment_id: t.payment_id, p_provider: 'bitcoin' }), 400, '22023'))
    assertExplained(assertError(await service.rpc('complete_payment', { p_payment_id: '00000000-0000-4000-8000-000000000000' }), 404, 'PT404'))
    assertOk(await service.rpc('fail_payment', { p_payment_id: t.payment_id }))
    assertError(await service.rpc('complete_payment', { p_payment_id: t.payment_id }), 409, 'PT409', 'payment is failed')
  })

  it('PT409 reservation expired: the hold was released before the payment arrived, and the hint says refund', async () => {
    const t = await pendingTicket()
    sql(`UPDATE fashionos.registration_holds SET expires_at = now() - interval '1 minute' WHERE registration_id = '${t.registration_id}'`)
    const [released] = [assertOk(await organizer.rpc('release_expired_holds', { p_ticket_tier_id: t.tier }))]
    assert.equal(Number(released), 1)
    // docs/api.md: "reservation expired" (the hold was already released, its payment marked failed):
    // the webhook handler learns it must refund the charge.
    const refused = assertError(await service.rpc('complete_payment', { p_payment_id: t.payment_id, p_provider: 'stripe' }), 409, 'PT409', 'reservation expired')
    assertExplained(refused)
    assert.match(refused.hint, /^Refund the charge/)
    assert.equal(sqlValue(`SELECT status FROM public.registrations WHERE id = '${t.registration_id}'`), 'cancelled')
  })
})

describe('fail_payment', () => {
  it('fails a pending payment: registration cancelled, ticket released, token revoked; idempotent', async () => {
    const t = await pendingTicket()
    assert.equal(sold(t.tier), 1)
    const [r] = assertOk(await service.rpc('fail_payment', { p_payment_id: t.payment_id }))
    assertShape(r, PAYMENT)
    assert.equal(r.payment_status, 'failed')
    assert.equal(r.registration_status, 'cancelled')
    assert.equal(r.changed, true)
    assert.equal(sold(t.tier), 0)
    const [again] = assertOk(await organizer.rpc('fail_payment', { p_payment_id: t.payment_id }))
    assert.equal(again.changed, false)
    const [v] = assertOk(await anon.rpc('verify_ticket', { p_token: t.qr_code_data }))
    assert.equal(v.valid, false)
  })

  it('refusals: 401 anon, 403 other organization, 404, 409 payment is completed', async () => {
    const t = await paidTicket()
    assertError(await anon.rpc('fail_payment', { p_payment_id: t.payment_id }), 401, '42501')
    assertError(await bMember.rpc('fail_payment', { p_payment_id: t.payment_id }), 403, '42501')
    assertError(await service.rpc('fail_payment', { p_payment_id: '00000000-0000-4000-8000-000000000000' }), 404, 'PT404')
    assertExplained(assertError(await service.rpc('fail_payment', { p_payment_id: t.payment_id }), 409, 'PT409', 'payment is completed'))
  })
})

describe('refund_payment', () => {
  it('refunds a completed payment once: registration cancelled, ticket back on sale', async () => {
    const t = await paidTicket()
    const [r] = assertOk(await organizer.rpc('refund_payment', { p_payment_id: t.payment_id }))
    assert.deepEqual(r, { payment_id: t.payment_id, payment_status: 'refunded', registration_id: t.registration_id, registration_status: 'cancelled', changed: true })
    assert.equal(sold(t.tier), 0)
    const [again] = assertOk(await service.rpc('refund_payment', { p_payment_id: t.payment_id }))
    assert.equal(again.changed, false)
    assert.equal(sold(t.tier), 0)
  })

  it('refusals: 401 anon, 403 attendee and other organization, 404, 409 pending, 409 ticket was used', async () => {
    const pending = await pendingTicket()
    assertError(await anon.rpc('refund_payment', { p_payment_id: pending.payment_id }), 401, '42501')
    assertError(await attendee.rpc('refund_payment', { p_payment_id: pending.payment_id }), 403, '42501')
    assertError(await bMember.rpc('refund_payment', { p_payment_id: pending.payment_id }), 403, '42501')
    assertError(await service.rpc('refund_payment', { p_payment_id: '00000000-0000-4000-8000-000000000000' }), 404, 'PT404')
    assertExplained(assertError(await service.rpc('refund_payment', { p_payment_id: pending.payment_id }), 409, 'PT409', 'payment is pending'))
    const used = await paidTicket()
    assertOk(await organizer.rpc('check_in', { p_token: used.qr_code_data, p_event_id: ids.eventA }))
    assertExplained(assertError(await service.rpc('refund_payment', { p_payment_id: used.payment_id }), 409, 'PT409', 'ticket was used'))
  })
})

describe('cancel_registration', () => {
  it('the attendee cancels his own free registration once; the ticket goes back on sale', async () => {
    const tier = newTier({ price: 0 })
    const [r] = assertOk(await reserve(attendee, tier))
    const [c] = assertOk(await attendee.rpc('cancel_registration', { p_registration_id: r.registration_id }))
    assertShape(c, ['registration_id', 'status', 'changed'])
    assert.deepEqual(c, { registration_id: r.registration_id, status: 'cancelled', changed: true })
    assert.equal(sold(tier), 0)
    const [again] = assertOk(await attendee.rpc('cancel_registration', { p_registration_id: r.registration_id }))
    assert.equal(again.changed, false)
  })

  it('an organizer cancels any unused registration; a pending payment fails with it', async () => {
    const t = await pendingTicket()
    assertOk(await organizer.rpc('cancel_registration', { p_registration_id: t.registration_id }))
    assert.equal(sqlValue(`SELECT status FROM public.payments WHERE id = '${t.payment_id}'`), 'failed')
  })

  it('refusals: 401 anon, 403 paid (ask for a refund) and someone else\'s, 404, 409 already used', async () => {
    const tier = newTier({ price: 40 })
    const [mine] = assertOk(await reserve(attendee, tier))
    assertOk(await service.rpc('complete_payment', { p_payment_id: mine.payment_id }))
    assertError(await anon.rpc('cancel_registration', { p_registration_id: mine.registration_id }), 401, '42501')
    assertExplained(assertError(await attendee.rpc('cancel_registration', { p_registration_id: mine.registration_id }), 403, '42501'))
    assertError(await bMember.rpc('cancel_registration', { p_registration_id: mine.registration_id }), 403, '42501')
    assertError(await attendee.rpc('cancel_registration', { p_registration_id: '00000000-0000-4000-8000-000000000000' }), 404, 'PT404')
    assertOk(await organizer.rpc('check_in', { p_token: mine.qr_code_data, p_event_id: ids.eventA }))
    assertExplained(assertError(await organizer.rpc('cancel_registration', { p_registration_id: mine.registration_id }), 409, 'PT409', 'registration was already used'))
  })
})

describe('reissue_ticket', () => {
  it('the attendee gets a new token; the old one is revoked', async () => {
    const [r] = assertOk(await reserve(attendee, newTier({ price: 0 })))
    const token = assertOk(await attendee.rpc('reissue_ticket', { p_registration_id: r.registration_id }))
    assert.equal(typeof token, 'string')
    assert.match(token, TOKEN)
    assert.notEqual(token, r.qr_code_data)
    const [old] = assertOk(await anon.rpc('verify_ticket', { p_token: r.qr_code_data }))
    assert.equal(old.reason, 'revoked')
    const [now] = assertOk(await anon.rpc('verify_ticket', { p_token: token }))
    assert.equal(now.reason, 'valid')
    assert.match(assertOk(await organizer.rpc('reissue_ticket', { p_registration_id: r.registration_id })), TOKEN)
  })

  it('refusals: 401 anon, 403 someone else, 404, 409 cancelled', async () => {
    const [r] = assertOk(await reserve(attendee, newTier({ price: 0 })))
    assertError(await anon.rpc('reissue_ticket', { p_registration_id: r.registration_id }), 401, '42501')
    assertExplained(assertError(await bMember.rpc('reissue_ticket', { p_registration_id: r.registration_id }), 403, '42501'))
    assertError(await attendee.rpc('reissue_ticket', { p_registration_id: '00000000-0000-4000-8000-000000000000' }), 404, 'PT404')
    assertOk(await attendee.rpc('cancel_registration', { p_registration_id: r.registration_id }))
    assertExplained(assertError(await attendee.rpc('reissue_ticket', { p_registration_id: r.registration_id }), 409, 'PT409', 'registration is cancelled'))
  })
})

describe('release_expired_holds', () => {
  it('releases the expired holds of a tier and says how many; service_role may release all tiers', async () => {
    const tier = newTier({ price: 30 })
    assertOk(await reserve(anon, tier, { p_quantity: 3 }))
    assert.equal(Number(assertOk(await attendee.rpc('release_expired_holds', { p_ticket_tier_id: tier }))), 0)
    sql(`UPDATE fashionos.registration_holds SET expires_at = now() - interval '1 minute' WHERE ticket_tier_id = '${tier}'`)
    assert.equal(Number(assertOk(await attendee.rpc('release_expired_holds', { p_ticket_tier_id: tier }))), 3)
    assert.equal(sold(tier), 0)
    assert.ok(Number(assertOk(await service.rpc('release_expired_holds', {}))) >= 0)
  })

  it('refusals: 401 anon, 403 all tiers without service_role, 404 tier', async () => {
    assertError(await anon.rpc('release_expired_holds', { p_ticket_tier_id: ids.tierA }), 401, '42501')
    assertExplained(assertError(await organizer.rpc('release_expired_holds', {}), 403, '42501'))
    assertError(await organizer.rpc('release_expired_holds', { p_ticket_tier_id: '00000000-0000-4000-8000-000000000000' }), 404, 'PT404')
  })
})

describe('close_ticket_tier, reopen_ticket_tier, ticket_tier_sales (GET)', () => {
  const SALE = ['ticket_tier_id', 'event_id', 'name', 'type', 'price', 'quantity_total', 'quantity_sold', 'tickets_left',
    'sale', 'closed_at', 'waiting']
  const saleOf = async (client, tier) =>
    assertOk(await client.rpc('ticket_tier_sales', { p_event_id: ids.eventA }, { get: true })).find((t) => t.ticket_tier_id === tier)

  it('a closed tier stays closed when a ticket comes back; the waitlist waits until it reopens', async () => {
    const tier = newTier({ price: 40, total: 1 })
    const [held] = assertOk(await reserve(anon, tier))
    const [waiter] = assertOk(await anon.rpc('join_waitlist', { p_ticket_tier_id: tier, p_attendee_email: email('waiter'), p_attendee_name: 'Waiter' }))
    const closed = assertOk(await organizer.rpc('close_ticket_tier', { p_ticket_tier_id: tier }))
    assertShape(closed, SALE)
    assert.equal(closed.sale, 'closed')
    assert.equal(closed.waiting, 1)
    assertOk(await service.rpc('fail_payment', { p_payment_id: held.payment_id }))
    assert.equal(sold(tier), 0)
    const error = assertError(await reserve(anon, tier), 409, 'PT409', 'tier is closed')
    assertExplained(error)
    assert.match(error.hint, /ticket_tier_sales/)
    const shown = await saleOf(anon, tier)
    assertShape(shown, SALE)
    assert.deepEqual([shown.sale, shown.tickets_left, shown.waiting], ['closed', 1, null])
    assert.equal((await saleOf(organizer, tier)).waiting, 1)
    const reopened = assertOk(await organizer.rpc('reopen_ticket_tier', { p_ticket_tier_id: tier }))
    assert.deepEqual([reopened.sale, reopened.closed_at, reopened.waiting], ['sold_out', null, 0])
    const [status] = assertOk(await anon.rpc('waitlist_status', { p_token: waiter.claim_token }))
    assert.equal(status.status, 'offered')
    assert.equal(sold(tier), 1)
  })

  it('refusals: 401 anon, 403 another organization and a viewer, 404', async () => {
    const tier = newTier()
    assertError(await anon.rpc('close_ticket_tier', { p_ticket_tier_id: tier }), 401, '42501')
    assertExplained(assertError(await bMember.rpc('close_ticket_tier', { p_ticket_tier_id: tier }), 403, '42501'))
    assertExplained(assertError(await viewer.rpc('reopen_ticket_tier', { p_ticket_tier_id: tier }), 403, '42501'))
    assertError(await organizer.rpc('close_ticket_tier', { p_ticket_tier_id: '00000000-0000-4000-8000-000000000000' }), 404, 'PT404')
    assert.equal((await saleOf(anon, tier)).sale, 'on_sale')
  })
})

describe('transfer_ticket', () => {
  it('the box office gives a ticket to a friend: new attendee and token, out of the holder\'s my_tickets', async () => {
    const [r] = assertOk(await reserve(attendee, newTier({ price: 0 })))
    const mine = async () => assertOk(await attendee.rpc('my_tickets', {}, { get: true })).map((t) => t.registration_id)
    assert.ok((await mine()).includes(r.registration_id))
    const friend = email('friend')
    const token = assertOk(await organizer.rpc('transfer_ticket', {
      p_registration_id: r.registration_id, p_attendee_email: friend, p_attendee_name: 'Lea Friend',
    }))
    assert.match(token, TOKEN)
    assert.equal((assertOk(await anon.rpc('verify_ticket', { p_token: r.qr_code_data })))[0].reason, 'revoked')
    assert.equal((assertOk(await anon.rpc('verify_ticket', { p_token: token })))[0].reason, 'valid')
    assert.ok(!(await mine()).includes(r.registration_id))
    // the previous holder can no longer reissue it
    assertError(await attendee.rpc('reissue_ticket', { p_registration_id: r.registration_id }), 403, '42501')
    const [row] = assertOk(await organizer.from('registrations').select('attendee_email, attendee_name, user_id').eq('id', r.registration_id))
    assert.deepEqual(row, { attendee_email: friend, attendee_name: 'Lea Friend', user_id: null })
  })

  it('refusals: 401 anon, 403 the holder himself, 409 used; a used ticket keeps its attendee against a PATCH too', async () => {
    const [r] = assertOk(await reserve(attendee, newTier({ price: 0 })))
    const args = { p_registration_id: r.registration_id, p_attendee_email: email('friend'), p_attendee_name: 'Lea Friend' }
    assertError(await anon.rpc('transfer_ticket', args), 401, '42501')
    assertExplained(assertError(await attendee.rpc('transfer_ticket', args), 403, '42501'))
    assertOk(await organizer.rpc('check_in', { p_token: r.qr_code_data, p_event_id: ids.eventA }))
    assertExplained(assertError(await organizer.rpc('transfer_ticket', args), 409, 'PT409', 'registration was already used'))
    const patched = await organizer.from('registrations').update({ attendee_name: 'Somebody Else' }).eq('id', r.registration_id)
    const refused = assertError(patched, 409, 'PT409', 'a used ticket keeps its attendee')
    assertExplained(refused)
    assert.match(refused.hint, /undo_check_in/)
  })
})

describe('exchange_ticket', () => {
  it('an upgrade at the box office: the new ticket with a payment of the difference, the old one given back', async () => {
    const general = newTier({ price: 120, total: 5 }), front = newTier({ price: 300, total: 1 })
    // bought by a signed-in attendee, who follows the exchanges in my_tickets
    const [t] = assertOk(await reserve(attendee, general))
    assertOk(await service.rpc('complete_payment', { p_payment_id: t.payment_id, p_provider: 'stripe', p_provider_transaction_id: `ch_${t.payment_id.slice(0, 8)}` }))
    const [up] = assertOk(await organizer.rpc('exchange_ticket', { p_registration_id: t.registration_id, p_ticket_tier_id: front }))
    assertShape(up, RESERVED)
    assert.equal(up.status, 'pending')
    assert.equal(Number(up.amount), 180)
    assert.equal(sold(general), 0)
    assert.equal(sold(front), 1)
    assert.equal((assertOk(await anon.rpc('verify_ticket', { p_token: t.qr_code_data })))[0].valid, false)
    const [paid] = assertOk(await service.rpc('complete_payment', { p_payment_id: up.payment_id, p_provider: 'square', p_provider_transaction_id: `sq_${randomUUID()}` }))
    assert.equal(paid.registration_status, 'confirmed')
    // a full tier: refused with the organizers' hint, and the guest keeps his ticket
    const error = assertError(await organizer.rpc('exchange_ticket', { p_registration_id: up.registration_id, p_ticket_tier_id: newTier({ total: 0 }) }), 409, 'PT409')
    assertExplained(error)
    assertError(await anon.rpc('exchange_ticket', { p_registration_id: up.registration_id, p_ticket_tier_id: general }), 401, '42501')
    assertError(await bMember.rpc('exchange_ticket', { p_registration_id: up.registration_id, p_ticket_tier_id: general }), 403, '42501')
    const [down] = assertOk(await organizer.rpc('exchange_ticket', { p_registration_id: up.registration_id, p_ticket_tier_id: general }))
    assert.deepEqual([down.status, down.payment_id], ['confirmed', null])
    // the books: the chain as the accountant reads it (GET), the ids given back naming the ticket now
    const chain = assertOk(await organizer.rpc('list_ticket_exchanges', { p_event_id: ids.eventA }, { get: true }))
      .filter((x) => [t.registration_id, up.registration_id].includes(x.registration_id))
    assert.deepEqual(chain.map((x) => [x.registration_id, Number(x.price), Number(x.paid_before), x.ticket_now, x.ticket_now_status]), [
      [t.registration_id, 300, 120, down.registration_id, 'confirmed'],
      [up.registration_id, 120, 300, down.registration_id, 'confirmed'],
    ])
    assertError(await anon.rpc('list_ticket_exchanges', { p_event_id: ids.eventA }, { get: true }), 401, '42501')
    assertError(await bMember.rpc('list_ticket_exchanges', { p_event_id: ids.eventA }, { get: true }), 404, 'PT404')
    assertExplained(assertError(await organizer.rpc('cancel_registration', { p_registration_id: t.registration_id }), 409, 'PT409', 'ticket was exchanged'))
    // the buyer's own list links the tickets given back to the ticket now
    const mine = assertOk(await attendee.rpc('my_tickets', {}, { get: true }))
    const given = mine.find((m) => m.registration_id === t.registration_id)
    assert.deepEqual([given.status, given.payment_status, given.exchanged_into], ['cancelled', 'completed', down.registration_id])
    assert.equal(mine.find((m) => m.registration_id === down.registration_id).exchanged_into, null)
    // the 180 difference refunded: the 120 still pays the General ticket, which stays
    const [refund] = assertOk(await organizer.rpc('refund_payment', { p_payment_id: up.payment_id }))
    assert.deepEqual([refund.payment_status, refund.registration_id, refund.registration_status], ['refunded', down.registration_id, 'confirmed'])
  })
})

describe('issue_guest_list', () => {
  it('issues a list once, answers what guests hold when it is sent again, refuses the whole list on one bad guest', async () => {
    const tier = newTier({ type: 'comp', price: 0, total: 5 })
    const list = [{ email: email('vera'), name: 'Vera Press' }, { email: email('wim'), name: 'Wim', quantity: 2 }]
    const first = assertOk(await organizer.rpc('issue_guest_list', { p_ticket_tier_id: tier, p_guests: list }))
    assert.equal(first.length, 3)
    assert.ok(first.every((t) => t.issued && t.status === 'confirmed'))
    const again = assertOk(await organizer.rpc('issue_guest_list', { p_ticket_tier_id: tier, p_guests: list }))
    assert.deepEqual(again.map((t) => t.issued), [false, false, false])
    assert.equal(sold(tier), 3)
    const error = assertError(await organizer.rpc('issue_guest_list', {
      p_ticket_tier_id: tier, p_guests: [{ email: email('xan'), name: 'Xan' }, { email: email('yul'), name: 'Yul', quantity: 5 }],
    }), 409, 'PT409', 'not enough tickets left')
    assert.match(error.details, /^Guest 2 /)
    assert.equal(sold(tier), 3)
    assertError(await anon.rpc('issue_guest_list', { p_ticket_tier_id: tier, p_guests: list }), 401, '42501')
    assertExplained(assertError(await viewer.rpc('issue_guest_list', { p_ticket_tier_id: tier, p_guests: list }), 403, '42501'))
  })
})
