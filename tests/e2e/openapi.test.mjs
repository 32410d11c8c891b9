// The OpenAPI document PostgREST serves at / lists every RPC function a role may execute, with its
// COMMENT as description, and nothing the role may not execute. STABLE and IMMUTABLE functions
// answer GET; VOLATILE ones only POST.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { http, sqlRows } from './lib.mjs'

export const DOCUMENTED = [
  'reserve_tickets', 'complete_payment', 'fail_payment', 'refund_payment', 'cancel_registration', 'reissue_ticket',
  'release_expired_holds', 'verify_ticket', 'ticket_signing_keys', 'ticket_qr_svg', 'qr_code_svg', 'events_on_sale',
  'check_in', 'undo_check_in', 'validate_walk_order', 'set_walk_order', 'book_resource', 'release_booking',
  'find_conflicts', 'event_conflicts', 'get_event_settings', 'set_event_settings',
  'request_option', 'confirm_option', 'decline_option', 'release_option', 'list_options',
  'door_bundle', 'sync_door_scans', 'payment_webhook', 'set_payment_webhook_secret',
  'join_waitlist', 'waitlist_status', 'claim_waitlist_offer', 'leave_waitlist', 'list_waitlist', 'take_waitlist_offers',
  'my_tickets', 'my_waitlist', 'forget_waitlist_email', 'talent_names', 'my_schedule', 'payment_history', 'list_ticket_exchanges',
  'import_tickets', 'check_ticket_inventory', 'recount_ticket_tiers', 'subject_data', 'erase_person',
  'rotate_signing_key', 'retire_signing_key', 'ticketing_health', 'prune_history',
  'ticket_tier_sales', 'close_ticket_tier', 'reopen_ticket_tier', 'transfer_ticket', 'exchange_ticket', 'issue_guest_list',
]
const norm = (s) => (s ?? '').replace(/\s+/g, ' ').trim()

// The functions of public a role can call through PostgREST: name, comment, volatility.
function catalog(role) {
  return sqlRows(`
    SELECT p.proname, p.provolatile, replace(replace(coalesce(obj_description(p.oid, 'pg_proc'), ''), E'\\n', ' '), '|', '¦')
      FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname = 'public' AND p.prokind = 'f' AND p.prorettype <> 'pg_catalog.trigger'::pg_catalog.regtype
       AND has_function_privilege('${role}', p.oid, 'EXECUTE')
     ORDER BY 1`).map(([name, volatility, comment]) => ({ name, volatility, comment: comment.replace(/¦/g, '|') }))
}

describe('OpenAPI document at /', () => {
  for (const [persona, role] of [['anon', 'anon'], ['a_organizer', 'authenticated'], ['service_role', 'service_role']]) {
    it(`as ${role}: every function of public ${role} may execute, with its COMMENT; no other`, async () => {
      const res = await http('GET', '/', { persona })
      assert.equal(res.status, 200)
      assert.match(res.headers.get('content-type'), /openapi\+json|application\/json/)
      const paths = res.body.paths
      const listed = Object.keys(paths).filter((p) => p.startsWith('/rpc/')).map((p) => p.slice(5)).sort()
      const expected = catalog(role)
      assert.deepEqual(listed, expected.map((f) => f.name), 'the RPCs listed are those the role may execute')
      for (const f of expected) {
        assert.ok(norm(f.comment).length > 0, `${f.name} has a COMMENT`)
        const op = paths[`/rpc/${f.name}`].post
        assert.ok(op, `POST /rpc/${f.name}`)
        assert.equal(norm(`${op.summary ?? ''} ${op.description ?? ''}`), norm(f.comment), `description of ${f.name}`)
      }
    })
  }

  it('every documented function is in the document for service_role, and only they are RPCs', async () => {
    const res = await http('GET', '/', { persona: 'service_role' })
    const listed = Object.keys(res.body.paths).filter((p) => p.startsWith('/rpc/')).map((p) => p.slice(5)).sort()
    assert.deepEqual(listed, [...DOCUMENTED].sort())
  })

  it('the 52 tables are in the document (service_role)', async () => {
    const res = await http('GET', '/', { persona: 'service_role' })
    const tables = Object.keys(res.body.paths).filter((p) => p !== '/' && !p.startsWith('/rpc/'))
    assert.equal(tables.length, 52)
  })
})

describe('GET for STABLE and IMMUTABLE functions', () => {
  // Each of these is called over GET in the other files of the suite (supabase-js { get: true }).
  const OVER_GET = ['verify_ticket', 'ticket_signing_keys', 'ticket_qr_svg', 'qr_code_svg', 'events_on_sale', 'validate_walk_order',
    'find_conflicts', 'event_conflicts', 'get_event_settings', 'list_options', 'door_bundle', 'list_waitlist',
    'my_tickets', 'my_waitlist', 'talent_names', 'my_schedule', 'payment_history', 'list_ticket_exchanges', 'check_ticket_inventory', 'subject_data', 'ticketing_health',
    'ticket_tier_sales']
  it('the read-only functions of public are exactly those the suite calls over GET', () => {
    assert.deepEqual(catalog('service_role').filter((f) => f.volatility !== 'v').map((f) => f.name), [...OVER_GET].sort())
  })

})
