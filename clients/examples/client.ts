// client.ts: the supabase-js clients of the examples, typed with the generated Database types.
// On Supabase: the project URL and its anon key; locally: the demo's API URL and anon key
// (scripts/demo.sh prints them). A user's access token signs the requests of a signed-in user.
import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import WebSocket from 'ws'
import type { Database } from '../database.types.js'

export type Client = SupabaseClient<Database>

export function connect(url: string, anonKey: string, accessToken?: string): Client {
  return createClient<Database>(url, anonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    // Node 20 has no global WebSocket; supabase-js's realtime client needs one.
    realtime: { transport: WebSocket },
    global: accessToken ? { headers: { Authorization: `Bearer ${accessToken}` } } : {},
  })
}

// Server-side code (a payment webhook): the service_role key as apikey and bearer.
export const connectAdmin = (url: string, serviceRoleKey: string): Client => connect(url, serviceRoleKey, serviceRoleKey)
