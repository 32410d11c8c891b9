// api.ts: the supabase-js examples of docs/api.md (ticketing, tickets, check-in, event settings),
// each as a function over a typed client. tsc --strict checks them against database.types.ts;
// tests/e2e/examples.test.mjs runs them against the real API.
import type { Client } from './client.js'

// reserve_tickets
export async function reserveTickets(supabase: Client, tierId: string, showSoldOut: (details: string) => void) {
  const { data, error } = await supabase.rpc('reserve_tickets', {
    p_ticket_tier_id: tierId, p_quantity: 2, p_attendee_email: 'ana@example.com', p_attendee_name: 'Ana Duarte',
  })
  if (error?.code === 'PT409') showSoldOut(error.details)
  return { data, error }
}

// reserve_tickets with an idempotency key: the retry of a request that timed out returns the same
// tickets instead of buying twice.
export async function reserveTicketsOnce(supabase: Client, tierId: string, orderKey: string) {
  const request = {
    p_ticket_tier_id: tierId, p_quantity: 1, p_attendee_email: 'ana@example.com', p_attendee_name: 'Ana Duarte',
    p_idempotency_key: orderKey,
  }
  const first = await supabase.rpc('reserve_tickets', request)
  return first.error ? await supabase.rpc('reserve_tickets', request) : first
}

// complete_payment: the shop's server, with the service_role client, once Stripe says the
// PaymentIntent succeeded (its id is the transaction the payment webhook records too).
export async function completePayment(supabaseAdmin: Client, id: string, paymentIntent: { id: string }) {
  return await supabaseAdmin.rpc('complete_payment', { p_payment_id: id, p_provider: 'stripe', p_provider_transaction_id: paymentIntent.id })
}

// fail_payment
export async function failPayment(supabaseAdmin: Client, id: string) {
  return await supabaseAdmin.rpc('fail_payment', { p_payment_id: id })
}

// refund_payment: an organizer, signed in.
export async function refundPayment(supabase: Client, id: string) {
  return await supabase.rpc('refund_payment', { p_payment_id: id })
}

// cancel_registration
export async function cancelRegistration(supabase: Client, id: string) {
  const { data } = await supabase.rpc('cancel_registration', { p_registration_id: id })
  return data
}

// release_expired_holds
export async function releaseExpiredHolds(supabase: Client, tierId: string) {
  const { data: released } = await supabase.rpc('release_expired_holds', { p_ticket_tier_id: tierId })
  return released
}

// verify_ticket
export async function verifyTicket(supabase: Client, scanned: string) {
  const { data } = await supabase.rpc('verify_ticket', { p_token: scanned })
  const [v] = data ?? []
  return v
}

// ticket_signing_keys
export async function ticketSigningKeys(supabase: Client) {
  const { data: keys } = await supabase.rpc('ticket_signing_keys')
  return keys
}

// ticket_qr_svg: the ticket as an image source.
export async function ticketQrSvg(supabase: Client, id: string, img: { src: string }) {
  const { data: svg } = await supabase.rpc('ticket_qr_svg', { p_registration_id: id, p_size: 320 })
  img.src = 'data:image/svg+xml;utf8,' + encodeURIComponent(svg ?? '')
  return svg
}

// qr_code_svg
export async function qrCodeSvg(supabase: Client, token: string) {
  const { data: svg } = await supabase.rpc('qr_code_svg', { p_data: token })
  return svg
}

// reissue_ticket
export async function reissueTicket(supabase: Client, id: string) {
  const { data: token } = await supabase.rpc('reissue_ticket', { p_registration_id: id })
  return token
}

// check_in: door staff, signed in.
export async function checkIn(
  supabase: Client, scanned: string, eventId: string,
  showRefusal: (message: string, details: string) => void, warn: (message: string) => void,
) {
  const { data, error } = await supabase.rpc('check_in', { p_token: scanned, p_event_id: eventId })
  if (error) showRefusal(error.message, error.details)      // 409: revoked, cancelled, unpaid, wrong event
  else if (data[0].outcome === 'already_checked_in') warn(data[0].message ?? '')
  return { data, error }
}

// undo_check_in
export async function undoCheckIn(supabase: Client, id: string) {
  const { data } = await supabase.rpc('undo_check_in', { p_registration_id: id })
  const [undone] = data ?? []
  return undone
}

// events_on_sale
export async function eventsOnSale(supabase: Client) {
  const { data: events } = await supabase.rpc('events_on_sale', { p_organization_slug: 'maison-aurele' })
  return events
}

// my_tickets: the signed-in buyer's tickets that still count, soonest event first.
export async function myTickets(supabase: Client) {
  const { data: tickets } = await supabase.rpc('my_tickets', {}, { get: true }).neq('status', 'cancelled')
  return tickets
}

// my_waitlist: the entries the signed-in buyer joined; an offered one is claimed by its entry id.
export async function myWaitlist(supabase: Client) {
  const { data: entries } = await supabase.rpc('my_waitlist', {}, { get: true })
  return entries
}

// set_event_settings, get_event_settings
export async function setEventSettings(supabase: Client, eventId: string) {
  return await supabase.rpc('set_event_settings', { p_event_id: eventId, p_time_zone: 'Europe/Paris', p_hold_minutes: 10, p_buyer_max_tickets_per_tier: 4 })
}
export async function getEventSettings(supabase: Client, eventId: string) {
  const { data } = await supabase.rpc('get_event_settings', { p_event_id: eventId })
  const [settings] = data ?? []
  return settings
}
