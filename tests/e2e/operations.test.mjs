// The operator's checks and pruning through PostgREST (ticketing_health over GET, prune_history),
// and the refusals of everyone else. Key rotation is exercised in pg_regress (ticketing.sql): a
// rotation here would race the other files of the suite that read the keys.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { supabase, assertError, assertOk } from './lib.mjs'

const anon = supabase('anon'), organizer = supabase('a_organizer'), service = supabase('service_role')
const CHECKS = ['inventory_drift', 'pending_without_hold', 'cancelled_token_not_revoked', 'expired_holds', 'lapsed_offers',
  'stalled_waitlists', 'unnoticed_offers', 'webhook_events_unmatched', 'long_transactions']

describe('ticketing_health and prune_history through PostgREST', () => {
  it('the monitoring job reads every check over GET; nobody else may', async () => {
    const checks = assertOk(await service.rpc('ticketing_health', {}, { get: true }))
    assert.deepEqual(checks.map((c) => c.check_name), CHECKS)
    for (const c of checks) assert.equal(typeof c.problems, 'number')
    assertError(await anon.rpc('ticketing_health', {}, { get: true }), 401, '42501')
    assertError(await organizer.rpc('ticketing_health', {}, { get: true }), 403, '42501')
    assertError(await organizer.rpc('rotate_signing_key'), 403, '42501')
  })

  it('prune_history refuses a date less than 7 days ago and answers its counts', async () => {
    assertError(await service.rpc('prune_history', { p_before: new Date().toISOString() }), 400, '22023')
    assertError(await organizer.rpc('prune_history', { p_before: '2000-01-01T00:00:00Z' }), 403, '42501')
    const pruned = assertOk(await service.rpc('prune_history', { p_before: '2000-01-01T00:00:00Z' }))
    assert.equal(pruned.ended_events, 0)
  })
})
