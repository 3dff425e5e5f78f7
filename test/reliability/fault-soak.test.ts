/**
 * Fault soak: 10,000 recipients through Mobset SDK3 (50 a request, 200 requests) while the
 * sandbox times out, resets or rate-limits about 5% of requests each. Every recipient ends as
 * accepted, failed or unknown (none silently missing); no recipient is charged twice; a
 * rate-limited chunk is retried (the gateway provably refused it), a timed-out or reset one
 * is not (it may have been taken).
 */
import { Transport } from '../../src/core/transport';
import { MobsetSdk3Client } from '../../src/core/vendors/mobset/sdk3';
import { startSandbox, type Sandbox } from '../../src/sandbox/server';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ quiet: true, reportDelayMs: 60_000 });
});
afterAll(() => sandbox.close());

test('10,000 sends under 5% time-outs, resets and rate limits', async () => {
  const account = sandbox.state.account('mobset', 'demo')!;
  account.balance = 1_000_000;
  for (const type of ['hang', 'reset', 'rateLimit']) {
    await fetch(`${sandbox.url}/admin/faults`, { method: 'POST', body: JSON.stringify({ type, match: '/mobset/SDK3', share: 0.05 }) });
  }
  const transport = new Transport({ headersTimeoutMs: 300, bodyTimeoutMs: 300, retry: { attempts: 4, baseDelayMs: 5, maxDelayMs: 20 } });
  const client = new MobsetSdk3Client(`${sandbox.baseUrls.mobset}/SDK3/Sms`, { corpId: '300001', loginName: 'demo', password: 'demo123' }, { transport });
  const numbers = Array.from({ length: 10_000 }, (_, i) => `15${String(i).padStart(9, '0')}`);
  const logStart = sandbox.state.lastSeq;
  const result = await client.sendSms({ recipients: numbers, content: '压力测试' });
  await transport.close();

  // Every recipient is accounted for, in order.
  expect(result.recipients.map((r) => r.mobile)).toEqual(numbers);
  const counts = { accepted: 0, failed: 0, unknown: 0, rejected: 0 };
  for (const r of result.recipients) counts[r.status]++;
  expect(counts.accepted + counts.failed + counts.unknown).toBe(10_000);
  expect(counts.unknown).toBeGreaterThan(0); // some chunks hung or were reset: in doubt, not retried

  // No recipient was charged twice.
  const charged = new Map<string, number>();
  for (const m of sandbox.state.messages) charged.set(m.mobile, (charged.get(m.mobile) ?? 0) + 1);
  expect([...charged.values()].every((n) => n === 1)).toBe(true);
  // Accepted recipients are exactly the charged ones.
  const accepted = new Set(result.recipients.filter((r) => r.status === 'accepted').map((r) => r.mobile));
  expect(accepted.size).toBe(charged.size);
  for (const mobile of accepted) expect(charged.has(mobile)).toBe(true);

  // Rate-limited requests were followed by a retry; hung and reset ones never were.
  const log = sandbox.state.log.filter((e) => e.seq > logStart && (e.endpoint.startsWith('SDK3') || e.fault));
  expect(log.some((e) => e.fault === 'rateLimit')).toBe(true);
  const unknownMobiles = new Set(result.recipients.filter((r) => r.status === 'unknown').map((r) => r.mobile));
  for (const mobile of unknownMobiles) expect(charged.has(mobile)).toBe(false);
  expect(result.recipients.filter((r) => r.status === 'unknown').every((r) => r.error?.sent === 'maybe')).toBe(true);
}, 120_000);
