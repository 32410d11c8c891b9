// jwt.mjs: HS256 JSON Web Tokens for PostgREST, with node:crypto only.
//   import { sign, anonKey, serviceRoleKey, userJwt } from './jwt.mjs'
//   node clients/jwt.mjs anon | service_role | user <sub> [email]     (secret in $JWT_SECRET)
// The keys have the shape of a Supabase project's: an anon key ({"role":"anon"}), a service_role
// key ({"role":"service_role"}), and a signed-in user's access token (sub, role authenticated).
import { createHmac } from 'node:crypto'
import { pathToFileURL } from 'node:url'

const TEN_YEARS = 10 * 365 * 24 * 3600

export function sign(claims, secret, { expiresIn = TEN_YEARS } = {}) {
  if (!secret || secret.length < 32) throw new Error('the JWT secret must have at least 32 characters')
  const now = Math.floor(Date.now() / 1000)
  const part = (o) => Buffer.from(JSON.stringify(o)).toString('base64url')
  const data = part({ alg: 'HS256', typ: 'JWT' }) + '.' + part({ iss: 'fashionos', iat: now, exp: now + expiresIn, ...claims })
  return data + '.' + createHmac('sha256', secret).update(data).digest('base64url')
}

export const anonKey = (secret) => sign({ role: 'anon' }, secret)
export const serviceRoleKey = (secret) => sign({ role: 'service_role' }, secret)
export const userJwt = (secret, sub, email) =>
  sign({ sub, role: 'authenticated', aud: 'authenticated', ...(email ? { email } : {}) }, secret)

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [kind, sub, email] = process.argv.slice(2)
  const secret = process.env.JWT_SECRET
  const token = kind === 'anon' ? anonKey(secret)
    : kind === 'service_role' ? serviceRoleKey(secret)
    : kind === 'user' && sub ? userJwt(secret, sub, email)
    : null
  if (!token) {
    console.error('usage: JWT_SECRET=... node jwt.mjs anon | service_role | user <sub> [email]')
    process.exit(2)
  }
  console.log(token)
}
