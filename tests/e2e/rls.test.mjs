// Reads and writes of the tables through supabase-js .from(): row level security decides, per
// persona, what PostgREST returns (docs/security.md).
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { supabase, postgrest, ids, fid, userId, assertError, assertOk } from './lib.mjs'

const idsOf = (rows) => rows.map((r) => r.id).sort()

describe('row level security through .from()', () => {
  it('anon reads no events (they carry budgets) but the ticket tiers of events on sale', async () => {
    const anon = supabase('anon')
    // Either no row (row level security) or no privilege at all (401): never a row.
    const nothing = (res) => res.status === 401 ? assertError(res, 401, '42501') : assert.deepEqual(assertOk(res), [])
    nothing(await anon.from('events').select('id, budget_total'))
    const tiers = assertOk(await anon.from('ticket_tiers').select('id, event_id, name, price, quantity_total, quantity_sold').in('event_id', [ids.eventA, ids.eventB, ids.eventZ]))
    assert.ok(tiers.some((t) => t.id === ids.tierA) && tiers.some((t) => t.id === ids.tierB))
    assert.ok(!tiers.some((t) => t.id === ids.tierZ), 'the tier of a completed event is not public')
    nothing(await anon.from('registrations').select('id'))
    nothing(await anon.from('payments').select('id'))
  })

  it('a member of organization A sees A\'s events, a member of B only B\'s', async () => {
    const a = assertOk(await supabase('a_viewer').from('events').select('id, organization_id').in('id', [ids.eventA, ids.eventB, ids.eventZ]))
    assert.deepEqual(idsOf(a), [ids.eventA, ids.eventZ].sort())
    const b = assertOk(await supabase('b_member').from('events').select('id').in('id', [ids.eventA, ids.eventB, ids.eventZ]))
    assert.deepEqual(idsOf(b), [ids.eventB])
    // Of event A's registrations, B's member sees only the tickets he bought himself.
    const regs = assertOk(await postgrest('b_member').from('registrations').select('id, user_id').eq('event_id', ids.eventA))
    assert.deepEqual(regs.filter((r) => r.user_id !== userId('b_member')), [])
    const budget = assertOk(await supabase('b_member').from('budget_items').select('id').eq('id', fid('budget_items', 'A')))
    assert.deepEqual(budget, [])
  })

  it('the attendee sees his own registration and payment, not the others of the event', async () => {
    const c = supabase('attendee')
    const regs = assertOk(await c.from('registrations').select('id').in('id', [fid('registrations', 'T'), fid('registrations', 'A')]))
    assert.deepEqual(idsOf(regs), [fid('registrations', 'T')])
    assert.deepEqual(idsOf(assertOk(await c.from('payments').select('id').in('id', [fid('payments', 'T'), fid('payments', 'A')]))), [fid('payments', 'T')])
    assert.deepEqual(assertOk(await c.from('events').select('id').eq('id', ids.eventA)), [])
  })

  it('writes: B cannot change A\'s rows (no row matches), a viewer cannot, A\'s organizer can', async () => {
    const task = fid('tasks', 'A')
    const none = assertOk(await supabase('b_member').from('tasks').update({ title: 'hijacked' }).eq('id', task).select('id'))
    assert.deepEqual(none, [])
    assert.deepEqual(assertOk(await supabase('a_viewer').from('tasks').update({ title: 'viewer edit' }).eq('id', task).select('id')), [])
    const mine = assertOk(await supabase('a_organizer').from('tasks').update({ title: 'A: book lighting' }).eq('id', task).select('id, title'))
    assert.deepEqual(mine, [{ id: task, title: 'A: book lighting' }])
    const ins = await supabase('b_member').from('tasks').insert({ event_id: ids.eventA, title: 'B writes into A' })
    assertError(ins, 403, '42501')
  })

  it('OAuth access tokens are never readable through the API, even by their owner', async () => {
    const owner = supabase('a_organizer')
    const ok = assertOk(await owner.from('instagram_connections').select('id, instagram_account_id').eq('id', fid('instagram_connections', 'A')))
    assert.equal(ok.length, 1)
    assertError(await owner.from('instagram_connections').select('id, access_token'), 403, '42501')
    assertError(await supabase('anon').from('instagram_connections').select('*'), 401, '42501')
    const svc = assertOk(await supabase('service_role').from('instagram_connections').select('id, access_token').eq('id', fid('instagram_connections', 'A')))
    assert.equal(svc[0].access_token, 'SECRET-ig-A')
  })

  it('links other tenants render are web addresses: a javascript: portfolio is a 400, an https one is kept', async () => {
    const model = supabase('model')
    const profile = fid('model_profiles', 'M')
    const bad = assertError(await model.from('model_profiles').update({ portfolio_url: 'javascript:alert(document.cookie)' }).eq('id', profile).select('id'),
      400, '22023', 'model_profiles.portfolio_url is not a web address')
    assert.match(bad.hint, /https:\/\//)
    const kept = assertOk(await model.from('model_profiles').update({ portfolio_url: 'https://portfolio.example/m' }).eq('id', profile).select('portfolio_url'))
    assert.deepEqual(kept, [{ portfolio_url: 'https://portfolio.example/m' }])
    assertError(await supabase('a_owner').from('organizations').update({ slug: 'Maison A' }).eq('id', ids.orgA), 400, '22023', 'organizations.slug is not URL-safe')
  })

  it('a producer reads the names of the models he cast through talent_names, not their users rows', async () => {
    const organizer = supabase('a_organizer')
    // The embed follows the foreign key, but row level security hides another organization's user.
    const cast = assertOk(await organizer.from('event_models').select('model_profile_id, model_profiles(users(full_name, email))').eq('event_id', ids.eventA))
    assert.ok(cast.length > 0 && cast.every((c) => c.model_profiles.users === null))
    const names = assertOk(await organizer.rpc('talent_names', { p_profile_ids: [ids.modelM, ids.designerD, ids.eventA] }, { get: true }))
    assert.deepEqual(names.map((n) => [n.profile_id, n.kind, n.full_name]).sort(),
      [[ids.modelM, 'model', 'Mila Model'], [ids.designerD, 'designer', 'Dario Designer']].sort())
    assert.ok(names.every((n) => !('email' in n)), 'names only, not e-mail addresses')
    assertError(await supabase('anon').rpc('talent_names', { p_profile_ids: [ids.modelM] }), 401, '42501')
    assertError(await organizer.rpc('talent_names', { p_profile_ids: Array.from({ length: 1001 }, () => ids.modelM) }), 400, '22023')
  })

  it('a model reads her own schedule with the events she cannot read otherwise, and nothing of others', async () => {
    const model = supabase('model')
    // events are not public: her call time's event is not hers to read
    assert.deepEqual(assertOk(await model.from('events').select('id').eq('id', ids.eventA)), [])
    const items = assertOk(await model.rpc('my_schedule', { p_from: '2000-01-01T00:00:00Z' }, { get: true }))
    const call = items.find((i) => i.kind === 'call_time' && i.source_id === fid('call_times', 'M'))
    assert.ok(call, JSON.stringify(items))
    assert.equal(call.event_id, ids.eventA)
    assert.equal(typeof call.event_name, 'string')
    assert.equal(typeof call.time_zone, 'string')
    assert.equal(call.location, 'Hall A, door 2')
    assert.match(call.local_start, /^2086-06-10 15:00:00 [+-]\d\d:\d\d /)
    assert.ok(items.some((i) => i.kind === 'casting' && i.source_id === fid('event_models', 'M')))
    assert.ok(items.every((i) => i.profile_id === ids.modelM), 'her own profile only')
    for (let k = 1; k < items.length; k++) assert.ok(items[k - 1].starts_at <= items[k].starts_at, 'in time order')
    // an organizer who is no talent has an empty schedule; anon is refused
    assert.deepEqual(assertOk(await supabase('a_organizer').rpc('my_schedule', {}, { get: true })), [])
    assertError(await supabase('anon').rpc('my_schedule', {}), 401, '42501')
  })

  it('service_role reads every organization\'s rows', async () => {
    const all = assertOk(await supabase('service_role').from('events').select('id').in('id', [ids.eventA, ids.eventB, ids.eventZ]))
    assert.equal(all.length, 3)
  })
})
