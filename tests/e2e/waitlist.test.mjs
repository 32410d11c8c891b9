// The waitlist over HTTP (docs/api.md, "Waitlist"): join_waitlist, waitlist_status,
// claim_waitlist_offer, leave_waitlist, list_waitlist, take_waitlist_offers through a real PostgREST with supabase-js, as
// anon, a signed-in buyer, the event's organizer, another organization and service_role; and a
// freed ticket under walk-in buyers and its claimer racing over HTTP.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { supabase, sql, sqlValue, userId, newTier, email, assertError, assertExplained, assertOk, assertShape, UUID } from './lib.mjs'

const ENTRY = ['entry_id', 'ticket_tier_id', 'event_id', 'attendee_email', 'attendee_name', 'status', 'position',
  'registration_id', 'offer_expires_at', 'joined_at', 'claim_token']
const RESERVED = ['registration_id', 'status', 'qr_code_data', 'payment_id', 'amount', 'currency', 'hold_expires_at']
const anon = supabase('anon'), attendee = supabase('attendee'), organizer = supabase('a_organizer')
const bMember = supabase('b_member'), service = supabase('service_role')

const reserve = (client, tier, who = email()) => client.rpc('reserve_tickets', {
  p_ticket_tier_id: tier, p_quantity: 1, p_attendee_email: who, p_attendee_name: 'Walk-in',
})
const join = (client, tier, who = email('waiter')) => client.rpc('join_waitlist', {
  p_ticket_tier_id: tier, p_attendee_email: who, p_attendee_name: 'Waiter',
})
// A sold-out tier of `total` tickets, each held by anon: { tier, held: [registration ids] }.
async function soldOut({ total = 1, price = 90 } = {}) {
  const tier = newTier({ price, total })
  const held = []
  for (let i = 0; i < total; i++) held.push(assertOk(await reserve(anon, tier))[0].registration_id)
  return { tier, held }
}
// quantity_sold = live (not cancelled) registrations of the tier, and both numbers.
const atRest = (tier) => sqlValue(`SELECT t.quantity_sold || '=' || (SELECT count(*) FROM public.registrations r
  WHERE r.ticket_tier_id = t.id AND r.status <> 'cancelled') FROM public.ticket_tiers t WHERE t.id = '${tier}'`)
const expire = (registration) => sql(`UPDATE fashionos.registration_holds SET expires_at = now() - interval '1 second'
  WHERE registration_id = '${registration}'`)

describe('join_waitlist', () => {
  it('PT409 (409) while tickets are left, with the hint to buy', async () => {
    const tier = newTier({ total: 5 })
    const error = assertError(await join(anon, tier), 409, 'PT409', 'tier is not sold out')
    assertExplained(error)
    assert.match(error.hint, /reserve_tickets/)
  })

  it('anon joins a sold-out tier: position in order, a claim token returned once; signed in too', async () => {
    const { tier } = await soldOut()
    const [first] = assertOk(await join(anon, tier, '  Cleo@Example.com '))
    assertShape(first, ENTRY)
    assert.match(first.entry_id, UUID)
    assert.equal(first.status, 'waiting')
    assert.equal(first.position, 1)
    assert.equal(first.attendee_email, 'cleo@example.com')
    assert.match(first.claim_token, /^wl_[0-9a-f]{64}$/)
    const [second] = assertOk(await join(attendee, tier, 'attendee@example.com'))
    assert.equal(second.position, 2)
    assert.equal(sqlValue(`SELECT user_id FROM fashionos.waitlist_entries WHERE id = '${second.entry_id}'`), userId('attendee'))
    // the status never shows the token again
    const [status] = assertOk(await anon.rpc('waitlist_status', { p_token: first.claim_token }))
    assert.equal(status.claim_token, null)
    assert.equal(status.position, 1)
  })

  it('400, 404, 401: bad e-mail, unknown tier, press tier', async () => {
    const { tier } = await soldOut()
    assertExplained(assertError(await join(anon, tier, 'not-an-email'), 400, '22023'))
    assertError(await join(anon, '00000000-0000-4000-8000-000000000000'), 404, 'PT404')
    assertError(await join(anon, newTier({ type: 'press', price: 0 })), 401, '42501')
  })
})

describe('offers', () => {
  it('a cancelled ticket becomes the first waiter\'s offer; walk-ins find the tier sold out; the token holder claims and pays', async () => {
    const { tier, held } = await soldOut()
    const [cleo] = assertOk(await join(anon, tier))
    const [dora] = assertOk(await join(anon, tier))
    assertError(await anon.rpc('claim_waitlist_offer', { p_token: cleo.claim_token }), 409, 'PT409', 'no offer yet')
    assertOk(await organizer.rpc('cancel_registration', { p_registration_id: held[0] }))
    const [offered] = assertOk(await anon.rpc('waitlist_status', { p_token: cleo.claim_token }))
    assert.equal(offered.status, 'offered')
    assert.ok(Date.parse(offered.offer_expires_at) > Date.now() + 55 * 60 * 1000)
    assert.equal(atRest(tier), '1=1')
    assertError(await reserve(anon, tier), 409, 'PT409', 'sold out')
    // Dora's token does not take Cleo's offer.
    assertError(await anon.rpc('claim_waitlist_offer', { p_token: dora.claim_token }), 409, 'PT409', 'no offer yet')
    const [claim] = assertOk(await anon.rpc('claim_waitlist_offer', { p_token: cleo.claim_token }))
    assertShape(claim, RESERVED)
    assert.equal(claim.status, 'pending')
    assert.equal(claim.registration_id, offered.registration_id)
    assert.equal(Number(claim.amount), 90)
    const [again] = assertOk(await anon.rpc('claim_waitlist_offer', { p_token: cleo.claim_token }))
    assert.equal(again.registration_id, claim.registration_id)
    const [paid] = assertOk(await service.rpc('complete_payment', { p_payment_id: claim.payment_id, p_provider: 'stripe', p_provider_transaction_id: `ch_${claim.payment_id.slice(0, 8)}` }))
    assert.equal(paid.registration_status, 'confirmed')
    assert.equal(atRest(tier), '1=1')
  })

  it('an offer that runs out is "offer expired" (409) and passes to the next entry; a declined one too', async () => {
    const { tier, held } = await soldOut()
    const [first] = assertOk(await join(attendee, tier, 'attendee@example.com'))
    const [second] = assertOk(await join(anon, tier))
    const [third] = assertOk(await join(anon, tier))
    expire(held[0])
    // the signed-in waiter looks by entry id: the look releases the expired hold and the offer is his
    const [mine] = assertOk(await attendee.rpc('waitlist_status', { p_entry_id: first.entry_id }))
    assert.equal(mine.status, 'offered')
    // another user cannot name his entry
    assertError(await bMember.rpc('claim_waitlist_offer', { p_entry_id: first.entry_id }), 404, 'PT404')
    expire(mine.registration_id)
    const error = assertError(await attendee.rpc('claim_waitlist_offer', { p_entry_id: first.entry_id }), 409, 'PT409', 'offer expired')
    assertExplained(error)
    assertOk(await organizer.rpc('release_expired_holds', { p_ticket_tier_id: tier }))
    const [next] = assertOk(await anon.rpc('waitlist_status', { p_token: second.claim_token }))
    assert.equal(next.status, 'offered')
    // the second declines: the third has it at once
    const [left] = assertOk(await anon.rpc('leave_waitlist', { p_token: second.claim_token }))
    assert.equal(left.status, 'left')
    const [last] = assertOk(await anon.rpc('waitlist_status', { p_token: third.claim_token }))
    assert.equal(last.status, 'offered')
    assert.equal(atRest(tier), '1=1')
  })

  it('raising quantity_total offers the new tickets to the queue first', async () => {
    const { tier } = await soldOut()
    const [w] = assertOk(await join(anon, tier))
    assertOk(await organizer.from('ticket_tiers').update({ quantity_total: 2 }).eq('id', tier), 204)
    const [s] = assertOk(await anon.rpc('waitlist_status', { p_token: w.claim_token }))
    assert.equal(s.status, 'offered')
    assertError(await reserve(anon, tier), 409, 'PT409', 'sold out')
    assert.equal(atRest(tier), '2=2')
  })
})

describe('list_waitlist', () => {
  it('the organizers see the queue (GET); a signed-in buyer only his own entries; another house nothing; anon 401', async () => {
    const { tier } = await soldOut()
    assertOk(await join(anon, tier, 'queue1@example.com'))
    assertOk(await join(attendee, tier, 'attendee@example.com'))
    const queue = assertOk(await organizer.rpc('list_waitlist', { p_ticket_tier_id: tier }, { get: true }))
    assert.deepEqual(queue.map((e) => [e.attendee_email, e.position]), [['queue1@example.com', 1], ['attendee@example.com', 2]])
    assert.ok(queue.every((e) => e.claim_token === null))
    const own = assertOk(await attendee.rpc('list_waitlist', { p_ticket_tier_id: tier }))
    assert.deepEqual(own.map((e) => e.attendee_email), ['attendee@example.com'])
    assert.deepEqual(assertOk(await bMember.rpc('list_waitlist', { p_ticket_tier_id: tier })), [])
    assertError(await anon.rpc('list_waitlist', { p_ticket_tier_id: tier }), 401, '42501')
  })
})

describe('my_waitlist (GET)', () => {
  it('a signed-in buyer sees the entries he joined across tiers, an offer with its deadline; nobody else sees them; anon 401', async () => {
    const one = await soldOut(), two = await soldOut()
    const [a] = assertOk(await join(attendee, one.tier, 'attendee@example.com'))
    const [b] = assertOk(await join(attendee, two.tier, 'attendee@example.com'))
    assertOk(await join(anon, two.tier, 'not-mine@example.com'))
    const mine = assertOk(await attendee.rpc('my_waitlist', {}, { get: true }).in('entry_id', [a.entry_id, b.entry_id]))
    for (const e of mine) assertShape(e, ENTRY)
    // newest first, no claim token
    assert.deepEqual(mine.map((e) => [e.entry_id, e.status, e.position, e.claim_token]),
      [[b.entry_id, 'waiting', 1, null], [a.entry_id, 'waiting', 1, null]])
    assert.ok(!assertOk(await attendee.rpc('my_waitlist', {}, { get: true })).some((e) => e.attendee_email === 'not-mine@example.com'))
    // a ticket comes back: his entry shows the offer, which he claims by entry id
    expire(one.held[0])
    assertOk(await organizer.rpc('release_expired_holds', { p_ticket_tier_id: one.tier }))
    const [offered] = assertOk(await attendee.rpc('my_waitlist', {}, { get: true }).eq('entry_id', a.entry_id))
    assert.equal(offered.status, 'offered')
    assert.ok(new Date(offered.offer_expires_at) > new Date())
    const [claimed] = assertOk(await attendee.rpc('claim_waitlist_offer', { p_entry_id: a.entry_id }))
    assert.equal(claimed.registration_id, offered.registration_id)
    assert.deepEqual(assertOk(await bMember.rpc('my_waitlist', {}, { get: true }).in('entry_id', [a.entry_id, b.entry_id])), [])
    assertError(await anon.rpc('my_waitlist', {}, { get: true }), 401, '42501')
    assertExplained(assertError(await service.rpc('my_waitlist'), 403, '42501', 'not signed in'))
  })
})

describe('take_waitlist_offers', () => {
  it('server-side code takes the notice of each offer once; anon 401, signed in 403', async () => {
    const { tier, held } = await soldOut()
    const waiter = email('notice')
    const [entry] = assertOk(await join(anon, tier, waiter))
    assertError(await anon.rpc('take_waitlist_offers', {}), 401, '42501')
    assertError(await organizer.rpc('take_waitlist_offers', {}), 403, '42501')
    assertOk(await organizer.rpc('cancel_registration', { p_registration_id: held[0] }))
    const notices = assertOk(await service.rpc('take_waitlist_offers', { p_limit: 1000 }))
    const mine = notices.filter((n) => n.entry_id === entry.entry_id)
    assert.equal(mine.length, 1)
    assertShape(mine[0], ['entry_id', 'event_id', 'event_name', 'ticket_tier_id', 'tier_name', 'user_id', 'attendee_email',
      'attendee_name', 'offer_expires_at'])
    assert.equal(mine[0].attendee_email, waiter)
    assert.equal(mine[0].ticket_tier_id, tier)
    assert.ok(new Date(mine[0].offer_expires_at) > new Date())
    const again = assertOk(await service.rpc('take_waitlist_offers', { p_limit: 1000 }))
    assert.equal(again.filter((n) => n.entry_id === entry.entry_id).length, 0)
    assertError(await service.rpc('take_waitlist_offers', { p_limit: 0 }), 400, '22023')
  })
})

describe('forget_waitlist_email', () => {
  it('server-side code erases an address\'s entries; a live offer is declined and passes to the next in line', async () => {
    const { tier, held } = await soldOut()
    const gone = email('erase')
    const [first] = assertOk(await join(anon, tier, gone))
    const [next] = assertOk(await join(anon, tier))
    assertOk(await organizer.rpc('cancel_registration', { p_registration_id: held[0] }))
    assert.equal(assertOk(await anon.rpc('waitlist_status', { p_token: first.claim_token }))[0].status, 'offered')
    assertError(await anon.rpc('forget_waitlist_email', { p_email: gone }), 401, '42501')
    assertError(await organizer.rpc('forget_waitlist_email', { p_email: gone }), 403, '42501')
    assertError(await service.rpc('forget_waitlist_email', { p_email: null }), 400, '22023', 'p_email is required')
    // the address as its owner writes it today: case and spaces aside
    assert.equal(assertOk(await service.rpc('forget_waitlist_email', { p_email: ` ${gone.toUpperCase()} ` })), 1)
    assertError(await anon.rpc('waitlist_status', { p_token: first.claim_token }), 404, 'PT404')
    // the declined offer's hold has ended: the next release offers the ticket to the next in line
    assertOk(await organizer.rpc('release_expired_holds', { p_ticket_tier_id: tier }))
    assert.equal(assertOk(await anon.rpc('waitlist_status', { p_token: next.claim_token }))[0].status, 'offered')
    assert.equal(sqlValue(`SELECT count(*) FROM fashionos.waitlist_entries WHERE attendee_email = '${gone}'`), '0')
    assert.equal(assertOk(await service.rpc('forget_waitlist_email', { p_email: gone })), 0)
    assert.equal(atRest(tier), '1=1')
  })

  it('a signed-in waiter erased by address while offered: the offer is no longer among his tickets', async () => {
    const { tier, held } = await soldOut()
    const attendeeEmail = sqlValue(`SELECT email FROM public.users WHERE id = '${userId('attendee')}'`)
    const [entry] = assertOk(await join(attendee, tier, attendeeEmail))
    assertOk(await organizer.rpc('cancel_registration', { p_registration_id: held[0] }))
    const [offered] = assertOk(await attendee.rpc('my_waitlist', {}, { get: true }).eq('entry_id', entry.entry_id))
    assert.equal(offered.status, 'offered')
    assert.equal(assertOk(await attendee.rpc('my_tickets', {}, { get: true }).eq('registration_id', offered.registration_id)).length, 1)
    assert.equal(assertOk(await service.rpc('forget_waitlist_email', { p_email: attendeeEmail })) >= 1, true)
    assert.deepEqual(assertOk(await attendee.rpc('my_tickets', {}, { get: true }).eq('registration_id', offered.registration_id)), [])
  })
})

describe('a freed ticket under racing buyers and its claimer, over HTTP', () => {
  it('is sold once: to the waiter, never to a walk-in buyer', async () => {
    const { tier, held } = await soldOut({ total: 3 })
    const waiters = []
    for (let i = 0; i < 2; i++) waiters.push(assertOk(await join(anon, tier))[0])
    for (const r of held) expire(r)
    // 3 tickets come back at once, 2 are owed to the queue: 20 walk-ins, 2 sweeps and the 2 waiters
    // polling with claims, all at once. A waiter polls until it has an answer other than "no offer
    // yet", or until both sweeps are done (every expired hold is released then, and its offer made
    // in the same transaction): one last claim then answers, however slowly the machine runs.
    const walkInCalls = Array.from({ length: 20 }, () => reserve(anon, tier))
    const sweeps = Promise.all([
      organizer.rpc('release_expired_holds', { p_ticket_tier_id: tier }),
      organizer.rpc('release_expired_holds', { p_ticket_tier_id: tier }),
    ])
    let swept = false
    sweeps.then(() => { swept = true })
    const claimUntilOffered = async (token) => {
      while (!swept) {
        const res = await anon.rpc('claim_waitlist_offer', { p_token: token })
        if (!res.error || res.error.message !== 'no offer yet') return res
        await new Promise((r) => setTimeout(r, 50))
      }
      return anon.rpc('claim_waitlist_offer', { p_token: token })
    }
    const claimCalls = waiters.map((w) => claimUntilOffered(w.claim_token))
    const [walkIns, sweepAnswers, claims] = await Promise.all([Promise.all(walkInCalls), sweeps, Promise.all(claimCalls)])
    for (const r of [...walkIns, ...sweepAnswers, ...claims]) {
      if (r.error) assert.equal(r.error.code, 'PT409', JSON.stringify(r.error))
    }
    for (const c of claims) assert.equal(assertOk(c)[0].status, 'pending')
    // The ticket nobody waited for is sold at most once: to a walk-in buyer, or still on sale (a
    // walk-in refused while it was in flight, e.g. released by a sweep afterwards).
    const sold = Number(sqlValue(`SELECT quantity_sold FROM public.ticket_tiers WHERE id = '${tier}'`))
    assert.equal(walkIns.filter((r) => !r.error).length + (3 - sold), 1)
    assert.equal(atRest(tier), `${sold}=${sold}`)
  })
})
