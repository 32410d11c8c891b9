// client.ts: the supabase-js clients of the examples, typed with the generated Database types.
// On Supabase: the project URL and its anon key; locally: the demo's API URL and anon key
// (scripts/demo.sh prints them). A user's access token signs the requests of a signed-in user.
import { createClient, type WebSocketLikeConstructor } from '@supabase/supabase-js'
import WebSocket from 'ws'
import type { Database } from '../database.types.js'

export function connect(url: string, anonKey: string, accessToken?: string) {
  return createClient<Database>(url, anonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    // Node 20 has no global WebSocket; supabase-js's realtime client needs one (ws implements it).
    realtime: { transport: WebSocket as unknown as WebSocketLikeConstructor },
    global: accessToken ? { headers: { Authorization: `Bearer ${accessToken}` } } : {},
  })
}

export type Client = ReturnType<typeof connect>

// Server-side code (a payment webhook): the service_role key as apikey and bearer.
export const connectAdmin = (url: string, serviceRoleKey: string): Client => connect(url, serviceRoleKey, serviceRoleKey)
