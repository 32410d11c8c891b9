// waitlist.ts: the supabase-js examples of docs/api.md, "Waitlist", each as a function over a typed
// client. tsc --strict checks them against database.types.ts.
import type { Client } from './client.js'

// join_waitlist: the tier is sold out; keep the claim token (returned only here), or buy instead.
export async function joinWaitlist(supabase: Client, tierId: string, buyInstead: () => void,
                                   saveClaimToken: (token: string) => void) {
  const { data, error } = await supabase.rpc('join_waitlist', {
    p_ticket_tier_id: tierId, p_attendee_email: 'cleo@example.com', p_attendee_name: 'Cleo',
  })
  if (error?.hint?.includes('reserve_tickets')) buyInstead()
  else if (data?.[0]?.claim_token) saveClaimToken(data[0].claim_token)
  return { data, error }
}

// waitlist_status: poll until the offer comes.
export async function waitlistStatus(supabase: Client, claimToken: string, showOffer: (until: string | null) => void) {
  const { data } = await supabase.rpc('waitlist_status', { p_token: claimToken })
  const entry = data?.[0]
  if (entry?.status === 'offered') showOffer(entry.offer_expires_at)
  return entry
}

// claim_waitlist_offer: the reservation to pay (payment_id) through the payment webhook.
export async function claimWaitlistOffer(supabase: Client, claimToken: string, showExpired: () => void,
                                         startCheckout: (paymentId: string, amount: number) => void) {
  const { data, error } = await supabase.rpc('claim_waitlist_offer', { p_token: claimToken })
  const ticket = data?.[0]
  if (error?.message === 'offer expired') showExpired()
  else if (ticket?.payment_id && ticket.amount !== null) startCheckout(ticket.payment_id, Number(ticket.amount))
  return { data, error }
}

// leave_waitlist: an open offer goes to the next entry at once.
export async function leaveWaitlist(supabase: Client, claimToken: string) {
  const { data } = await supabase.rpc('leave_waitlist', { p_token: claimToken })
  return data
}

// list_waitlist: the queue, for the event's organizers (signed in).
export async function listWaitlist(supabase: Client, tierId: string) {
  const { data: queue } = await supabase.rpc('list_waitlist', { p_ticket_tier_id: tierId })
  return queue
}

// take_waitlist_offers: server-side, with the service key: tell each waiter of the offer, once.
export async function takeWaitlistOffers(service: Client,
                                         sendMail: (to: string, event: string, tier: string, until: string | null) => Promise<void>) {
  const { data: notices, error } = await service.rpc('take_waitlist_offers', { p_limit: 100 })
  for (const n of notices ?? []) {
    if (n.attendee_email && n.event_name && n.tier_name) await sendMail(n.attendee_email, n.event_name, n.tier_name, n.offer_expires_at)
  }
  return { notices, error }
}
