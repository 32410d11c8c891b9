// The supabase-js examples of docs/api.md and docs/scheduling.md (clients/examples/*.ts), compiled
// with tsc and run against the real API.
import { describe, it, before } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { env, tokenFor, ids, sql, sqlValue, newTier, newEvent, email, UUID, TOKEN } from './lib.mjs'

const clients = fileURLToPath(new URL('../../clients/', import.meta.url))
let api, scheduling, connect, connectAdmin

// Type errors are tooling.test.mjs's concern; tsc emits the JavaScript even when it reports some.
before(async () => {
  const out = `${clients}.build/examples-js`
  rmSync(out, { recursive: true, force: true })
  const r = spawnSync(process.execPath, [`${clients}node_modules/typescript/bin/tsc`, '-p', 'tsconfig.json', '--noEmit', 'false', '--outDir', out],
    { cwd: clients, encoding: 'utf8' })
  assert.ok(existsSync(`${out}/examples/api.js`), r.stdout + r.stderr)
  ;({ connect, connectAdmin } = await import(`${out}/examples/client.js`))
  api = await import(`${out}/examples/api.js`)
  scheduling = await import(`${out}/examples/scheduling.js`)
})

const as = (persona) => persona === 'service_role' ? connectAdmin(env.API_URL, env.SERVICE_ROLE_KEY)
  : persona === 'anon' ? connect(env.API_URL, env.ANON_KEY) : connect(env.API_URL, env.ANON_KEY, tokenFor(persona))

describe('docs/api.md examples', () => {
  it('ticketing: reserve, complete (twice), refund, cancel, release holds, fail', async () => {
    const anon = as('anon'), admin = as('service_role'), organizer = as('a_organizer'), attendee = as('attendee')
    const tier = newTier({ price: 120, total: 3 })
    const { data } = await api.reserveTickets(anon, tier, () => assert.fail('not sold out yet'))
    assert.equal(data.length, 2)
    let soldOut
    await api.reserveTickets(anon, tier, (details) => { soldOut = details })
    assert.match(soldOut, /1 ticket\(s\) left; 2 requested/)
    const paymentIntent = { id: 'pi_3Nx_example' }
    assert.equal((await api.completePayment(admin, data[0].payment_id, paymentIntent)).data[0].changed, true)
    assert.equal((await api.completePayment(admin, data[0].payment_id, paymentIntent)).data[0].changed, false)
    assert.equal((await api.refundPayment(organizer, data[0].payment_id)).data[0].payment_status, 'refunded')
    assert.equal((await api.failPayment(admin, data[1].payment_id)).data[0].payment_status, 'failed')
    const free = newTier({ price: 0 })
    const [mine] = (await attendee.rpc('reserve_tickets', { p_ticket_tier_id: free, p_quantity: 1, p_attendee_email: email(), p_attendee_name: 'Theo' })).data
    assert.equal((await api.cancelRegistration(attendee, mine.registration_id))[0].changed, true)
    assert.equal(Number(await api.releaseExpiredHolds(organizer, tier)), 0)
  })

  it('reserve with an idempotency key: sent again, the same tickets', async () => {
    const anon = as('anon'), tier = newTier({ price: 60 }), key = `order-${crypto.randomUUID()}`
    const first = await api.reserveTicketsOnce(anon, tier, key)
    const again = await api.reserveTicketsOnce(anon, tier, key)
    assert.equal(first.error, null)
    assert.deepEqual(again.data.map((r) => r.registration_id), first.data.map((r) => r.registration_id))
  })

  it('tickets and the door: verify, keys, QR codes, reissue, check in twice, undo', async () => {
    const attendee = as('attendee'), staff = as('a_organizer'), anon = as('anon')
    const [r] = (await attendee.rpc('reserve_tickets', { p_ticket_tier_id: newTier({ price: 0 }), p_quantity: 1, p_attendee_email: email(), p_attendee_name: 'Ana Duarte' })).data
    assert.equal((await api.verifyTicket(anon, r.qr_code_data)).reason, 'valid')
    assert.equal((await api.ticketSigningKeys(anon))[0].algorithm, 'Ed25519')
    const img = { src: '' }
    assert.match(await api.ticketQrSvg(attendee, r.registration_id, img), /<svg/)
    assert.match(img.src, /^data:image\/svg\+xml;utf8,%3C/)
    assert.match(await api.qrCodeSvg(anon, r.qr_code_data), /<svg/)
    const token = await api.reissueTicket(attendee, r.registration_id)
    assert.match(token, TOKEN)
    const refusals = [], warnings = []
    const refuse = (m, d) => refusals.push([m, d]), warn = (m) => warnings.push(m)
    await api.checkIn(staff, r.qr_code_data, ids.eventA, refuse, warn)
    assert.equal(refusals[0][0], 'ticket was revoked')
    assert.equal((await api.checkIn(staff, token, ids.eventA, refuse, warn)).data[0].outcome, 'checked_in')
    await api.checkIn(staff, token, ids.eventA, refuse, warn)
    assert.match(warnings[0], /^already checked in at /)
    assert.equal((await api.undoCheckIn(staff, r.registration_id)).changed, true)
  })

  it('my tickets and my waitlist', async () => {
    const attendee = as('attendee')
    const [r] = (await attendee.rpc('reserve_tickets', { p_ticket_tier_id: newTier({ price: 0 }), p_quantity: 1, p_attendee_email: email(), p_attendee_name: 'Ana Duarte' })).data
    const tickets = await api.myTickets(attendee)
    const mine = tickets.find((t) => t.registration_id === r.registration_id)
    assert.equal(mine.event_id, ids.eventA)
    assert.equal(mine.qr_code_data, r.qr_code_data)
    assert.ok(tickets.every((t) => t.status !== 'cancelled'))
    const sold = newTier({ price: 10, total: 1 })
    await as('anon').rpc('reserve_tickets', { p_ticket_tier_id: sold, p_quantity: 1, p_attendee_email: email(), p_attendee_name: 'Walk-in' })
    const [entry] = (await attendee.rpc('join_waitlist', { p_ticket_tier_id: sold, p_attendee_email: email(), p_attendee_name: 'Ana Duarte' })).data
    assert.ok((await api.myWaitlist(attendee)).some((e) => e.entry_id === entry.entry_id && e.status === 'waiting'))
  })

  it('events on sale and event settings', async () => {
    sql(`INSERT INTO public.organizations (id, name, slug) VALUES ('a0000000-0000-4000-8000-0000000000e2', 'Maison Aurèle', 'maison-aurele') ON CONFLICT DO NOTHING`)
    const event = newEvent({ org: 'a0000000-0000-4000-8000-0000000000e2' })
    const events = await api.eventsOnSale(as('anon'))
    assert.ok(events.some((e) => e.event_id === event))
    const mine = newEvent()
    const organizer = as('a_organizer')
    assert.equal((await api.setEventSettings(organizer, mine)).data[0].time_zone, 'Europe/Paris')
    assert.deepEqual(await api.getEventSettings(organizer, mine), { event_id: mine, time_zone: 'Europe/Paris', walk_min_gap: 5, hold_minutes: 10, call_time_minutes: 240, buyer_max_tickets: 20, buyer_max_tickets_per_tier: 4, buyer_max_holds: 10, waitlist_offer_minutes: 60 })
  })
})

describe('docs/scheduling.md examples', () => {
  it('walk order, bookings, conflicts, release', async () => {
    const organizer = as('a_organizer')
    // An event on 2086-06-01 (the examples' dates) where model M walks looks 1 and 2.
    const event = sqlValue(`INSERT INTO public.events (name, status, start_date, end_date, organization_id, created_by)
      VALUES ('e2e examples', 'active', '2086-06-01 19:00+00', '2086-06-01 22:00+00', '${ids.orgA}', '${sqlValue(`SELECT id FROM public.users WHERE email = 'g@fixture.example'`)}') RETURNING id`)
    const castings = sql(`INSERT INTO public.event_models (event_id, model_profile_id, walk_order) VALUES
      ('${event}', '${ids.modelM}', 1), ('${event}', '${ids.modelM}', 2) RETURNING id`).split('\n')
    const { violations } = await scheduling.validateWalkOrder(organizer, event)
    assert.equal(violations[0].violation, 'too_close')
    const { castings: reordered } = await scheduling.setWalkOrder(organizer, event, [{ id: castings[1] }, { id: castings[0] }])
    assert.deepEqual(reordered.map((c) => c.id), [castings[1], castings[0]])
    const { error: bad } = await scheduling.setWalkOrder(organizer, event, [{ id: castings[0] }])
    assert.equal(bad.code, '22023')
    let conflict = null
    // booked directly: a venue of the organization's own (another's talent or venue needs an option)
    const { bookingId } = await scheduling.bookResource(organizer, ids.venueA, event, (d) => { conflict = d })
    assert.match(bookingId, UUID)
    assert.equal(conflict, null)
    const { conflicts } = await scheduling.findConflicts(organizer, ids.modelM)
    assert.ok(Array.isArray(conflicts))
    const { holdsAtRisk } = await scheduling.eventConflicts(organizer, event)
    assert.ok(Array.isArray(holdsAtRisk))
    sql(`DELETE FROM public.venue_availability WHERE id = '${bookingId}'`)
    // options on another organization's talent: request, list, release
    const { option, error: optionError } = await scheduling.requestOption(organizer, ids.modelM, event)
    assert.equal(optionError, null)
    assert.equal(option.rank, 1)
    const { options } = await scheduling.listOptions(organizer, ids.modelM)
    assert.ok(options.some((o) => o.option_id === option.option_id))
    assert.equal((await scheduling.releaseOption(organizer, option.option_id)).status, 200)
    const { error: notFirst } = await scheduling.confirmOption(as('model'), option.option_id)
    assert.equal(notFirst.code, 'PT409')
    const { option: again } = await scheduling.requestOption(organizer, ids.modelM, event)
    assert.equal((await scheduling.declineOption(as('model'), again.option_id)).status, 200)
    const venueBooking = (await organizer.rpc('book_resource', { p_resource_type: 'venue', p_resource_id: ids.venueA, p_event_id: event, p_start: '2086-06-01T16:00:00Z', p_end: '2086-06-01T23:00:00Z' })).data
    assert.equal((await scheduling.releaseBooking(organizer, venueBooking)).status, 204)
  })
})
