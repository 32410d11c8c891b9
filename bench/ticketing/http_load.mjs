// http_load.mjs: N concurrent buyers through a real PostgREST, each a loop of two requests (the
// reserve as anon, then the payment webhook as service_role), as bench/ticketing/run.sh's pgbench
// scripts do over SQL. Prints one JSON line: purchases per second over the measured window.
//
//   node http_load.mjs REST_URL ANON_KEY SERVICE_KEY api|same|plpgsql TIERS CLIENTS SECONDS
//
// api: the API; same: the same logic in PL/pgSQL, called with the same arguments; plpgsql: the
// naive PL/pgSQL purchase (bench/ticketing/baseline.sql).
//
// TIERS is a comma-separated list of tier ids; each purchase picks one at random (one id = one hot
// tier). The first second is a warm-up and is not counted.
const [url, anonKey, serviceKey, impl, tierList, clientsArg, secondsArg] = process.argv.slice(2)
const tiers = tierList.split(',')
const clients = Number(clientsArg)
const seconds = Number(secondsArg)
const WARMUP_MS = 1000

// The API and the same-logic baseline take the same arguments and answer the same rows.
const apiShaped = (prefix) => ({
  reserve: [`${prefix}reserve_tickets`, (tier, email) => ({
    p_ticket_tier_id: tier, p_quantity: 1, p_attendee_email: email, p_attendee_name: 'Bench Buyer',
  }), (rows) => rows[0].payment_id],
  complete: [`${prefix}complete_payment`, (payment) => ({
    p_payment_id: payment, p_provider: 'stripe', p_provider_transaction_id: `pi_${payment}`,
  })],
})
const calls = {
  api: apiShaped(''),
  same: apiShaped('bench_same_'),
  plpgsql: {
    reserve: ['bench_plpgsql_reserve', (tier, email) => ({
      p_ticket_tier_id: tier, p_attendee_email: email, p_attendee_name: 'Bench Buyer',
    }), (payment) => payment],
    complete: ['bench_plpgsql_complete', (payment) => ({ p_payment_id: payment })],
  },
}[impl]

async function rpc(name, key, body) {
  const res = await fetch(`${url}/rpc/${name}`, {
    method: 'POST',
    headers: { apikey: key, authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  const text = await res.text()
  if (!res.ok) throw new Error(`${name}: HTTP ${res.status} ${text}`)
  return JSON.parse(text)
}

const start = Date.now()
const measureFrom = start + WARMUP_MS
const end = measureFrom + seconds * 1000
let purchases = 0
let errors = 0
let lastError = null

async function buyer(n) {
  let i = 0
  while (Date.now() < end) {
    const tier = tiers[Math.floor(Math.random() * tiers.length)]
    const email = `http${n}.${i++}.${Math.floor(Math.random() * 1e9)}@example.com`
    try {
      const [rName, rBody, rPayment] = calls.reserve
      const payment = rPayment(await rpc(rName, anonKey, rBody(tier, email)))
      const [cName, cBody] = calls.complete
      await rpc(cName, serviceKey, cBody(payment))
      const now = Date.now()
      if (now >= measureFrom && now < end) purchases++
    } catch (e) {
      errors++
      lastError = String(e.message ?? e).slice(0, 300)
    }
  }
}

await Promise.all(Array.from({ length: clients }, (_, n) => buyer(n)))
console.log(JSON.stringify({ impl, tiers: tiers.length, clients, seconds, purchases, errors, lastError, rate: purchases / seconds }))
