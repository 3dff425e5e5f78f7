// Per-request overhead of the core transport (retry policy, size cap, charset decoding,
// error classification) against raw undici requests to the same loopback server, with the
// same keep-alive pool settings, in the same run: through request() (a stream per reply) and
// through dispatch() (what the transport is built on). Prints the ratios.
import { createServer } from 'node:http';
import { Agent, request } from 'undici';
import { createRequire } from 'node:module';
import { dispatchRequest } from './raw-dispatch.mjs';

const require = createRequire(import.meta.url);
const { Transport, decodeBody } = require('../dist/index.js');

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 20000);
const CONCURRENCY = 16;
const reply = '<?xml version="1.0" encoding="utf-8" ?><returnsms><returnstatus>Success</returnstatus><message>ok</message><remainpoint>100</remainpoint><taskID>1504080852350206</taskID><successCounts>1</successCounts></returnsms>';

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' }).end(reply));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}/sms.aspx`;
const body = 'action=send&account=demo&password=X&mobile=13800138000&content=%E6%B5%8B%E8%AF%95';

async function run(label, once) {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < REQUESTS) {
        next++;
        await once();
      }
    }),
  );
  const ms = performance.now() - started;
  return { label, ms, perRequestUs: (ms * 1000) / REQUESTS, rps: REQUESTS / (ms / 1000) };
}

const agent = new Agent({ keepAliveTimeout: 4000, connections: CONCURRENCY });
const raw = () =>
  run('raw undici', async () => {
    const res = await request(url, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' }, dispatcher: agent });
    await res.body.text();
  });
const rawDispatch = () =>
  run('raw dispatch', () => dispatchRequest(agent, url, { body, headers: { 'content-type': 'application/x-www-form-urlencoded' } }));
const transport = new Transport({ connections: CONCURRENCY });
const core = () =>
  run('core transport', () =>
    transport.exchange({
      vendor: 'bench',
      operation: 'send',
      idempotent: false,
      request: () => ({ method: 'POST', url, body, headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
      parse: (r) => decodeBody(r.headers['content-type'], r.body),
    }),
  );

// Warm up both paths, then alternate to share out any drift in machine load.
await raw();
await rawDispatch();
await core();
const results = { raw: [], dispatch: [], core: [] };
for (let round = 0; round < 3; round++) {
  results.raw.push(await raw());
  results.dispatch.push(await rawDispatch());
  results.core.push(await core());
}
const best = (list) => list.reduce((a, b) => (a.ms < b.ms ? a : b));
const r = best(results.raw);
const d = best(results.dispatch);
const c = best(results.core);
console.log(`${REQUESTS} requests, concurrency ${CONCURRENCY}, loopback, best of 3`);
for (const x of [r, d, c]) console.log(`  ${x.label.padEnd(15)} ${x.perRequestUs.toFixed(1).padStart(7)} µs/request  ${Math.round(x.rps).toString().padStart(6)} req/s`);
for (const x of [r, d]) console.log(`  core / ${x.label} throughput: ${(c.rps / x.rps).toFixed(3)}  (overhead ${(c.perRequestUs - x.perRequestUs).toFixed(1)} µs/request)`);
await transport.close();
await agent.close();
server.close();
