// The names the supabase-js examples of docs/*.md use without defining them: the clients and the
// values of the app around an example. tooling.test.mjs compiles every example against the
// generated types with these declarations (tsc --strict), so that what the documentation prints
// compiles as it stands.
type Client = import('../../examples/client.js').Client
declare const supabase: Client, supabaseAdmin: Client
declare const eventId: string, id: string, tierId: string, optionId: string, modelProfileId: string, claimToken: string
declare const venueId: string, bookingId: string, token: string, orderKey: string, secret: string, scanned: string
declare const REST_URL: string, API_URL: string, ANON_KEY: string
declare const lineUp: { id: string }[], img: { src: string }, paymentIntent: { id: string }
declare const trustedKeys: Map<string, string>
declare const pending: { token: string, scanned_at: string, gate: string, device?: string }[]
declare const t: number, body: string
declare const batch: { legacy_id: string, ticket_tier_id: string, attendee_email: string, attendee_name: string, status: string }[]
declare const email: string, userId: string, oldKeyId: string
declare function sendAccessRequestAnswer(to: string, data: unknown): Promise<void>
declare const createClient: typeof import('@supabase/supabase-js').createClient
declare const createHmac: typeof import('node:crypto').createHmac
declare function verifyBundle(envelope: unknown, trusted: Map<string, string>): { sequence: number }
declare function warn(message: string): void
declare function flag(scan: unknown, result: unknown): void
declare function flagDoubleEntry(registrationId: string | null, gate: string | null, at: string | null): void
declare function buyInstead(): void
declare function saveClaimToken(token: string): void
declare function showOffer(deadline: string): void
declare function showExpired(): void
declare function startCheckout(paymentId: string, amount: number): void
declare function showSoldOut(details: string): void
declare function showRefusal(message: string, details: string): void
declare function showConflict(details: string): void
declare function sendMail(to: string, event: string, tier: string, deadline: string): Promise<void>
