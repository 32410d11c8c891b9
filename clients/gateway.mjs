// gateway.mjs: the URL shape of a Supabase project in front of a local PostgREST.
//   node clients/gateway.mjs <listen port> <PostgREST URL>
// supabase-js calls <url>/rest/v1/<path>; Supabase's gateway strips /rest/v1 and hands the rest to
// PostgREST. This does the same (on 127.0.0.1 only), so one client configuration works against the
// local API and a Supabase project. Other paths answer 404.
import http from 'node:http'

const [port, upstreamUrl] = process.argv.slice(2)
if (!port || !upstreamUrl) {
  console.error('usage: node gateway.mjs <listen port> <PostgREST URL>')
  process.exit(2)
}
const upstream = new URL(upstreamUrl)
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 })
const PREFIX = '/rest/v1'
// Hop-by-hop headers belong to one connection (RFC 9110, 7.6.1): a client's `Connection: close`
// forwarded on a pooled keep-alive socket to PostgREST would close it under the next request.
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade']
function endToEnd (headers) {
  const named = String(headers.connection ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean)
  const out = { ...headers }
  for (const h of [...HOP_BY_HOP, ...named]) delete out[h]
  return out
}

const server = http.createServer((req, res) => {
  const url = req.url ?? '/'
  const rest = url === PREFIX ? '/' : url.startsWith(PREFIX + '/') || url.startsWith(PREFIX + '?') ? url.slice(PREFIX.length) : null
  if (rest === null) {
    res.writeHead(404, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ message: `no route for ${url}: the API is under ${PREFIX}/` }))
    return
  }
  const path = rest.startsWith('/') ? rest : '/' + rest
  const headers = { ...endToEnd(req.headers), host: upstream.host }
  const up = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path, headers, agent }, (upRes) => {
    res.writeHead(upRes.statusCode ?? 502, endToEnd(upRes.headers))
    upRes.pipe(res)
  })
  up.on('error', (err) => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ message: `PostgREST did not answer: ${err.message}` }))
  })
  req.pipe(up)
})
server.keepAliveTimeout = 30_000
server.listen(Number(port), '127.0.0.1', () => console.log(`gateway: http://127.0.0.1:${port}${PREFIX}/ -> ${upstream.href}`))
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => process.exit(0))
