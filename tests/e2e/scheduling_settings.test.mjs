// Walk order, availability and event settings over HTTP (docs/scheduling.md, docs/api.md):
// validate_walk_order, set_walk_order, book_resource, release_booking, find_conflicts,
// event_conflicts, get_event_settings, set_event_settings.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { supabase, sql, sqlValue, ids, newEvent, assertError, assertExplained, assertOk, assertShape, UUID } from './lib.mjs'

const anon = supabase('anon'), organizer = supabase('a_organizer'), owner = supabase('a_owner')
const viewer = supabase('a_viewer'), bMember = supabase('b_member'), service = supabase('service_role')
const VIOLATION = ['violation', 'event_model_ids', 'walk_orders', 'message']
const CONFLICT = ['resource_type', 'resource_id', 'severity', 'overlap_start', 'overlap_end', 'source_table', 'source_id', 'event_id',
  'starts_at', 'ends_at', 'status', 'other_source_table', 'other_source_id', 'other_event_id', 'other_starts_at', 'other_ends_at', 'other_status']
const SETTINGS = ['event_id', 'time_zone', 'walk_min_gap', 'hold_minutes', 'call_time_minutes', 'buyer_max_tickets', 'buyer_max_tickets_per_tier', 'buyer_max_holds', 'waitlist_offer_minutes']

// An event of organization A with three castings: model M at 1 and 3 (too close), model B at 2.
function lineUp() {
  const event = newEvent()
  const c = [randomUUID(), randomUUID(), randomUUID()]
  sql(`INSERT INTO public.event_models (id, event_id, model_profile_id, walk_order) VALUES
       ('${c[0]}', '${event}', '${ids.modelM}', 1), ('${c[1]}', '${event}', '${fidModelB}', 2), ('${c[2]}', '${event}', '${ids.modelM}', 3)`)
  return { event, c }
}
const fidModelB = sqlValue(`SELECT id FROM public.model_profiles WHERE height = '185 cm' LIMIT 1`)
// The day of an event (newEvent: 19:00-22:00 UTC).
const eventDay = (event) => sqlValue(`SELECT to_char(start_date AT TIME ZONE 'UTC', 'YYYY-MM-DD') FROM public.events WHERE id = '${event}'`)

describe('validate_walk_order (GET)', () => {
  it('reports each violation with the castings involved; no rows for a valid line-up', async () => {
    const { event, c } = lineUp()
    const rows = assertOk(await organizer.rpc('validate_walk_order', { p_event_id: event }, { get: true }))
    assert.equal(rows.length, 1)
    assertShape(rows[0], VIOLATION)
    assert.equal(rows[0].violation, 'too_close')
    assert.deepEqual(rows[0].event_model_ids, [c[0], c[2]])
    assert.deepEqual(rows[0].walk_orders, [1, 3])
    assert.equal(typeof rows[0].message, 'string')
    assert.deepEqual(assertOk(await viewer.rpc('validate_walk_order', { p_event_id: event, p_min_gap: 2 }, { get: true })), [])
  })

  it('refusals: 401 anon, 404 not visible (other organization), 400 gap out of range', async () => {
    const { event } = lineUp()
    assertError(await anon.rpc('validate_walk_order', { p_event_id: event }, { get: true }), 401, '42501')
    assertExplained(assertError(await bMember.rpc('validate_walk_order', { p_event_id: event }, { get: true }), 404, 'PT404'))
    assertError(await organizer.rpc('validate_walk_order', { p_event_id: event, p_min_gap: 0 }, { get: true }), 400, '22023')
  })
})

describe('set_walk_order', () => {
  it('sets the whole running order in one call and returns the castings in the new order', async () => {
    const { event, c } = lineUp()
    const rows = assertOk(await organizer.rpc('set_walk_order', { p_event_id: event, p_event_model_ids: [c[2], c[1], c[0]] }))
    assert.deepEqual(rows.map((r) => [r.id, r.walk_order]), [[c[2], 1], [c[1], 2], [c[0], 3]])
    assert.ok('model_profile_id' in rows[0] && 'is_opening' in rows[0], 'rows of event_models')
  })

  it('refusals: 400 missing / foreign / repeated ids (details list them), 403 viewer, 404 other organization, 401 anon', async () => {
    const { event, c } = lineUp()
    const e = assertError(await organizer.rpc('set_walk_order', { p_event_id: event, p_event_model_ids: [c[0], c[1], c[1]] }), 400, '22023')
    assert.match(e.details, /missing/)
    assertExplained(assertError(await viewer.rpc('set_walk_order', { p_event_id: event, p_event_model_ids: c }), 403, '42501'))
    assertError(await bMember.rpc('set_walk_order', { p_event_id: event, p_event_model_ids: c }), 404, 'PT404')
    assertError(await anon.rpc('set_walk_order', { p_event_id: event, p_event_model_ids: c }), 401, '42501')
  })
})

describe('book_resource, release_booking, find_conflicts, event_conflicts', () => {
  it('books, refuses a double booking with 409 naming the collision, reports tentative overlaps, releases', async () => {
    const first = newEvent(), second = newEvent()
    const day = eventDay(first)
    const slot = { p_resource_type: 'venue', p_resource_id: ids.venueA, p_start: `${day}T16:00:00Z`, p_end: `${day}T23:00:00Z` }
    const booking = assertOk(await organizer.rpc('book_resource', { ...slot, p_event_id: first }))
    assert.match(booking, UUID)
    assert.equal(sqlValue(`SELECT status FROM public.venue_availability WHERE id = '${booking}'`), 'booked')
    const refused = assertError(await owner.rpc('book_resource', { ...slot, p_event_id: second, p_start: `${day}T22:00:00Z` }), 409, 'PT409', 'venue is already booked')
    assert.match(refused.details, /Colliding booking: venue_availability/)
    assert.ok(refused.hint)
    const hold = assertOk(await organizer.rpc('book_resource', { ...slot, p_event_id: second, p_start: `${day}T22:00:00Z`, p_end: `${day}T23:30:00Z`, p_status: 'tentative' }))

    const window = { p_resource_type: 'venue', p_resource_id: ids.venueA, p_from: `${day}T00:00:00Z`, p_to: `${day}T23:59:59Z` }
    const conflicts = assertOk(await organizer.rpc('find_conflicts', window, { get: true }))
    assert.equal(conflicts.length, 1, 'one row per pair, carrying both bookings')
    const [c] = conflicts
    assertShape(c, CONFLICT)
    assert.equal(c.severity, 'tentative')
    assert.equal(c.resource_type, 'venue')
    assert.equal(c.resource_id, ids.venueA)
    assert.deepEqual([c.source_id, c.other_source_id].sort(), [booking, hold].sort())
    assert.equal(Date.parse(c.overlap_start), Date.parse(`${day}T22:00:00Z`))
    assert.equal(Date.parse(c.overlap_end), Date.parse(`${day}T23:00:00Z`))
    const ofEvent = assertOk(await organizer.rpc('event_conflicts', { p_event_id: second }, { get: true }))
    assert.equal(ofEvent.length, 1)
    assertShape(ofEvent[0], CONFLICT)
    assert.equal(ofEvent[0].event_id, second)
    assert.equal(ofEvent[0].other_source_id, booking)

    assert.equal(assertOk(await organizer.rpc('release_booking', { p_resource_type: 'venue', p_booking_id: hold }), 204), null)
    assert.deepEqual(assertOk(await organizer.rpc('event_conflicts', { p_event_id: second }, { get: true })), [])
    assertError(await organizer.rpc('release_booking', { p_resource_type: 'venue', p_booking_id: hold }), 404, 'PT404')
    assertOk(await service.rpc('release_booking', { p_resource_type: 'venue', p_booking_id: booking }), 204)
  })

  it('book_resource refusals: 400 type / status / range, 403 viewer, 403 without consent, 404 event of another organization, 401 anon', async () => {
    const event = newEvent()
    const day = eventDay(event)
    // a venue of organization A's own: booked directly
    const slot = { p_resource_type: 'venue', p_resource_id: ids.venueA, p_event_id: event, p_start: `${day}T08:00:00Z`, p_end: `${day}T12:00:00Z` }
    assertError(await organizer.rpc('book_resource', { ...slot, p_resource_type: 'horse' }), 400, '22023')
    assertError(await organizer.rpc('book_resource', { ...slot, p_status: 'maybe' }), 400, '22023')
    assertError(await organizer.rpc('book_resource', { ...slot, p_end: slot.p_start }), 400, '22023')
    assertError(await organizer.rpc('book_resource', { ...slot, p_start: '2001-01-01T08:00:00Z', p_end: '2001-01-01T12:00:00Z' }), 400, '22023')
    assertError(await organizer.rpc('book_resource', { ...slot, p_end: '2099-01-01T00:00:00Z' }), 400, '22023')
    assertExplained(assertError(await viewer.rpc('book_resource', slot), 403, '42501'))
    assertError(await bMember.rpc('book_resource', slot), 404, 'PT404')
    assertError(await organizer.rpc('book_resource', { ...slot, p_resource_id: '00000000-0000-4000-8000-000000000000' }), 404, 'PT404')
    assertError(await anon.rpc('book_resource', slot), 401, '42501')
    // another organization's talent: only with its consent, through an option
    const consent = assertError(await organizer.rpc('book_resource', { ...slot, p_resource_type: 'model', p_resource_id: ids.modelM }), 403, '42501')
    assertExplained(consent)
    assert.match(consent.hint, /request_option/)
    const id = assertOk(await organizer.rpc('book_resource', slot))
    assertError(await organizer.rpc('release_booking', { p_resource_type: 'boat', p_booking_id: id }), 400, '22023')
    assertError(await viewer.rpc('release_booking', { p_resource_type: 'venue', p_booking_id: id }), 403, '42501')
    assertError(await anon.rpc('release_booking', { p_resource_type: 'venue', p_booking_id: id }), 401, '42501')
    assertOk(await organizer.rpc('release_booking', { p_resource_type: 'venue', p_booking_id: id }), 204)
  })

  it('find_conflicts / event_conflicts refusals: 400, 404 for those who may not see the resource or event, 401 anon', async () => {
    const q = { p_resource_type: 'venue', p_resource_id: ids.venueA }
    assertError(await organizer.rpc('find_conflicts', { ...q, p_resource_type: 'castle' }, { get: true }), 400, '22023')
    assertError(await organizer.rpc('find_conflicts', { ...q, p_from: '2087-01-02T00:00:00Z', p_to: '2087-01-01T00:00:00Z' }, { get: true }), 400, '22023')
    assertError(await bMember.rpc('find_conflicts', q, { get: true }), 404, 'PT404')
    assertError(await anon.rpc('find_conflicts', q, { get: true }), 401, '42501')
    assertOk(await service.rpc('find_conflicts', q, { get: true }))
    assertError(await bMember.rpc('event_conflicts', { p_event_id: ids.eventA }, { get: true }), 404, 'PT404')
    assertError(await anon.rpc('event_conflicts', { p_event_id: ids.eventA }, { get: true }), 401, '42501')
  })
})

// The limits per buyer by default (docs/api.md, "Limits per buyer").
// With the waitlist's offer window (docs/api.md, "Waitlist"), by default too.
const LIMITS = { buyer_max_tickets: 20, buyer_max_tickets_per_tier: 10, buyer_max_holds: 10, waitlist_offer_minutes: 60 }

describe('get_event_settings, set_event_settings', () => {
  it('defaults, then organizers change some settings and keep the others', async () => {
    const event = newEvent()
    const [d] = assertOk(await viewer.rpc('get_event_settings', { p_event_id: event }, { get: true }))
    assertShape(d, SETTINGS)
    assert.deepEqual(d, { event_id: event, time_zone: 'UTC', walk_min_gap: 5, hold_minutes: 15, call_time_minutes: 240, ...LIMITS })
    const [s] = assertOk(await organizer.rpc('set_event_settings', { p_event_id: event, p_time_zone: 'Europe/Paris', p_hold_minutes: 10 }))
    assert.deepEqual(s, { event_id: event, time_zone: 'Europe/Paris', walk_min_gap: 5, hold_minutes: 10, call_time_minutes: 240, ...LIMITS })
    const [g] = assertOk(await service.rpc('get_event_settings', { p_event_id: event }, { get: true }))
    assert.deepEqual(g, s)
  })

  it('refusals: 401 anon, 403 viewer sets, 404 other organization, 400 unknown zone, 400 (23514) out of range', async () => {
    const event = newEvent()
    assertError(await anon.rpc('get_event_settings', { p_event_id: event }, { get: true }), 401, '42501')
    assertError(await anon.rpc('set_event_settings', { p_event_id: event, p_hold_minutes: 5 }), 401, '42501')
    assertError(await viewer.rpc('set_event_settings', { p_event_id: event, p_hold_minutes: 5 }), 403, '42501')
    assertExplained(assertError(await bMember.rpc('get_event_settings', { p_event_id: event }, { get: true }), 404, 'PT404', 'event not found'))
    assertError(await bMember.rpc('set_event_settings', { p_event_id: event, p_hold_minutes: 5 }), 404, 'PT404')
    assertError(await organizer.rpc('set_event_settings', { p_event_id: event, p_time_zone: 'Mars/Olympus' }), 400, '22023')
    assertError(await organizer.rpc('set_event_settings', { p_event_id: event, p_hold_minutes: -1 }), 400, '23514')
    assertError(await organizer.rpc('set_event_settings', { p_event_id: event, p_buyer_max_holds: 0 }), 400, '23514')
    assertError(await organizer.rpc('set_event_settings', { p_event_id: event, p_waitlist_offer_minutes: 10081 }), 400, '23514')
  })
})

describe('request_option, confirm_option, decline_option, release_option, list_options', () => {
  const talent = supabase('model')
  const OPTION = ['option_id', 'resource_type', 'resource_id', 'event_id', 'starts_at', 'ends_at', 'status', 'rank',
    'requested_rank', 'expires_at', 'requested_at', 'promoted_at', 'booking_id', 'busy']
  it('ranks options in request order; only the talent confirms, only the 1st; the next moves up when the 1st is released', async () => {
    const a = newEvent(), b = newEvent({ org: ids.orgB, createdBy: sqlValue(`SELECT id FROM public.users WHERE email = 'b@fixture.example'`) })
    const day = eventDay(a)
    const range = { p_resource_type: 'model', p_resource_id: ids.modelM, p_start: `${day}T09:00:00Z`, p_end: `${day}T18:00:00Z` }
    const [first] = assertOk(await organizer.rpc('request_option', { ...range, p_event_id: a }))
    assertShape(first, OPTION)
    assert.equal(first.rank, 1)
    assert.equal(first.status, 'open')
    assert.equal(first.busy, false)
    const [second] = assertOk(await bMember.rpc('request_option', { ...range, p_event_id: b }))
    assert.equal(second.rank, 2)
    // consent: the requesting organizer cannot confirm (403); another organization does not even see
    // the option (404); anon is 401
    assertExplained(assertError(await organizer.rpc('confirm_option', { p_option_id: first.option_id }), 403, '42501'))
    assertError(await bMember.rpc('confirm_option', { p_option_id: first.option_id }), 404, 'PT404')
    assertError(await anon.rpc('confirm_option', { p_option_id: first.option_id }), 401, '42501')
    // only a 1st option can be confirmed
    assertExplained(assertError(await talent.rpc('confirm_option', { p_option_id: second.option_id }), 409, 'PT409'))
    // the talent sees both options on the calendar; B sees its own only
    assert.equal(assertOk(await talent.rpc('list_options', { p_resource_type: 'model', p_resource_id: ids.modelM }, { get: true })).filter((o) => [first.option_id, second.option_id].includes(o.option_id)).length, 2)
    const seenByB = assertOk(await bMember.rpc('list_options', { p_resource_type: 'model', p_resource_id: ids.modelM }, { get: true }))
    assert.ok(seenByB.some((o) => o.option_id === second.option_id))
    assert.ok(!seenByB.some((o) => o.option_id === first.option_id), "another organization's option stays hidden")
    // the 1st is confirmed: a booking in the ledger; released: the 2nd moves up and can be confirmed
    const [confirmed] = assertOk(await talent.rpc('confirm_option', { p_option_id: first.option_id }))
    assert.equal(confirmed.status, 'confirmed')
    assert.match(confirmed.booking_id, UUID)
    assertOk(await organizer.rpc('release_option', { p_option_id: first.option_id }))
    const [promoted] = assertOk(await talent.rpc('confirm_option', { p_option_id: second.option_id }))
    assert.equal(promoted.status, 'confirmed')
    assert.equal(promoted.rank, 1)
    assertOk(await bMember.rpc('release_option', { p_option_id: second.option_id }))
  })

  it('decline by the talent, 404 for options the caller may not see, 400 for bad arguments', async () => {
    const a = newEvent()
    const day = eventDay(a)
    const [opt] = assertOk(await organizer.rpc('request_option', { p_resource_type: 'model', p_resource_id: ids.modelM, p_event_id: a, p_start: `${day}T06:00:00Z`, p_end: `${day}T08:00:00Z` }))
    assertError(await organizer.rpc('request_option', { p_resource_type: 'horse', p_resource_id: ids.modelM, p_event_id: a, p_start: `${day}T06:00:00Z`, p_end: `${day}T08:00:00Z` }), 400, '22023')
    assertError(await bMember.rpc('release_option', { p_option_id: opt.option_id }), 404, 'PT404')
    const [declined] = assertOk(await talent.rpc('decline_option', { p_option_id: opt.option_id }))
    assert.equal(declined.status, 'declined')
    assertExplained(assertError(await talent.rpc('confirm_option', { p_option_id: opt.option_id }), 409, 'PT409'))
    assertError(await anon.rpc('list_options', {}, { get: true }), 401, '42501')
  })
})

