// scheduling.ts: the supabase-js examples of docs/scheduling.md (walk order, availability), each as
// a function over a typed client. tsc --strict checks them against database.types.ts;
// tests/e2e/examples.test.mjs runs them against the real API.
import type { Client } from './client.js'

// validate_walk_order
export async function validateWalkOrder(supabase: Client, eventId: string) {
  const { data: violations, error } = await supabase.rpc('validate_walk_order', {
    p_event_id: eventId,
    p_min_gap: 6, // optional
  })
  return { violations, error }
}

// set_walk_order
export async function setWalkOrder(supabase: Client, eventId: string, lineUp: { id: string }[]) {
  const { data: castings, error } = await supabase.rpc('set_walk_order', {
    p_event_id: eventId,
    p_event_model_ids: lineUp.map((c) => c.id),
  })
  if (error?.code === '22023') console.warn(error.details) // which ids are missing or extra
  return { castings, error }
}

// find_conflicts
export async function findConflicts(supabase: Client, modelProfileId: string) {
  const { data: conflicts, error } = await supabase.rpc('find_conflicts', {
    p_resource_type: 'model',
    p_resource_id: modelProfileId,
    p_from: '2086-06-01T00:00:00Z',
    p_to: '2086-06-08T00:00:00Z',
  })
  return { conflicts, error }
}

// event_conflicts
export async function eventConflicts(supabase: Client, eventId: string) {
  const { data: conflicts } = await supabase.rpc('event_conflicts', { p_event_id: eventId })
  const holdsAtRisk = (conflicts ?? []).filter((c) => c.severity === 'tentative')
  return { conflicts, holdsAtRisk }
}

// book_resource
export async function bookResource(supabase: Client, venueId: string, eventId: string, showConflict: (details: string) => void) {
  const { data: bookingId, error } = await supabase.rpc('book_resource', {
    p_resource_type: 'venue', p_resource_id: venueId, p_event_id: eventId,
    p_start: '2086-06-01T08:00:00Z', p_end: '2086-06-01T20:00:00Z', p_status: 'tentative',
  })
  if (error?.code === 'PT409') showConflict(error.details)
  return { bookingId, error }
}

// release_booking
export async function releaseBooking(supabase: Client, bookingId: string) {
  return await supabase.rpc('release_booking', { p_resource_type: 'venue', p_booking_id: bookingId })
}

// request_option: an organizer asks for a talent or a venue the organization does not control
export async function requestOption(supabase: Client, modelProfileId: string, eventId: string) {
  const { data, error } = await supabase.rpc('request_option', {
    p_resource_type: 'model', p_resource_id: modelProfileId, p_event_id: eventId,
    p_start: '2087-03-01T09:00:00Z', p_end: '2087-03-01T18:00:00Z',
  })
  const option = data?.[0]
  if (option) console.log(`option ${option.option_id}: rank ${option.rank}, expires ${option.expires_at}`)
  return { option, error }
}

// confirm_option: the talent (or venue owner, or an agency back office as service_role)
export async function confirmOption(supabase: Client, optionId: string) {
  const { data, error } = await supabase.rpc('confirm_option', { p_option_id: optionId })
  if (error?.code === 'PT409') console.log(error.message) // e.g. 'only a 1st option can be confirmed'
  return { confirmed: data?.[0], error }
}

// decline_option
export async function declineOption(supabase: Client, optionId: string) {
  return await supabase.rpc('decline_option', { p_option_id: optionId })
}

// release_option
export async function releaseOption(supabase: Client, optionId: string) {
  return await supabase.rpc('release_option', { p_option_id: optionId })
}

// list_options
export async function listOptions(supabase: Client, modelProfileId: string) {
  const { data: options, error } = await supabase.rpc('list_options', {
    p_resource_type: 'model', p_resource_id: modelProfileId,
  }, { get: true })
  return { options, error }
}
