// Bulk send of 100,000 recipients through each vendor's batch path against the sandbox,
// compared in the same run with (a) a raw undici loop making the same vendor requests with
// the same concurrency (the ceiling) and (b) one request per recipient, as a user would do
// with n8n's HTTP Request node (the floor, timed on a sample). The same raw loop also runs on
// undici's dispatch API, which the core transport is built on: a stricter ceiling than request().
// BENCH_RECIPIENTS, BENCH_ROUNDS (the least), BENCH_SECONDS (the least timed per side),
// BENCH_FLOOR_SAMPLE and BENCH_ONLY (a vendor name) change the run;
// BENCH_CPU=1 prints each run's client CPU and GC time.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { PerformanceObserver } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import { spawnSandbox } from './sandbox-process.mjs';
import { dispatchRequest } from './raw-dispatch.mjs';

const require = createRequire(import.meta.url);
const dist = require('../dist/index.js');
const { SmsAspxClient, formBody, md5Hex, Transport, formatBeijing } = dist;
const { MobsetSdk3Client } = require('../dist/core/vendors/mobset/sdk3.js');
const { mobsetSecretKey } = require('../dist/core/vendors/mobset/signature.js');
const { EmayClient } = require('../dist/core/vendors/emay/client.js');
const { sealEmay, emayKey } = require('../dist/core/vendors/emay/codec.js');
const { MmsAspxClient } = require('../dist/core/vendors/mmsaspx/client.js');

const RECIPIENTS = Number(process.env.BENCH_RECIPIENTS ?? 100_000);
const FLOOR_SAMPLE = Number(process.env.BENCH_FLOOR_SAMPLE ?? 2_000);
const CONCURRENCY = 4;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
// A fast vendor's run lasts under a tenth of a second, and one collection in either process moves
// a run by a third: rounds go on until each side has been timed this long in all. The floor is
// timed in the first ROUNDS rounds only (it is 100 times slower and its ratio is far from its target).
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);

const sandbox = await spawnSandbox();
let series = 0;
const numbers = (n) => {
  // Unique within a list; lists may repeat after 100 (the sandbox forgets between runs). The
  // last seven digits start at 1000000: 1380000000x are the sandbox's magic numbers (one is
  // blacklisted, and the gateways refuse a whole request that holds it).
  series++;
  return Array.from({ length: n }, (_, i) => `1${3 + (series % 7)}${String(series % 100).padStart(2, '0')}${1_000_000 + i}`);
};
const transport = new Transport({ connections: CONCURRENCY * 2 });
const agent = new Agent({ connections: CONCURRENCY * 2 });

// check(headers, text) for each reply; through request() or, with viaDispatch, dispatch().
async function pool(jobs, check, viaDispatch = false) {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < jobs.length) {
        const job = jobs[next++];
        if (viaDispatch) {
          const reply = await dispatchRequest(agent, job.url, job);
          check(reply.headers, reply.text);
        } else {
          const res = await request(job.url, { method: 'POST', headers: job.headers, body: job.body, dispatcher: agent });
          check(res.headers, await res.body.text());
        }
      }
    }),
  );
}

let gcMs = 0;
if (process.env.BENCH_CPU) new PerformanceObserver((list) => list.getEntries().forEach((e) => (gcMs += e.duration))).observe({ entryTypes: ['gc'] });
// Client CPU (this process, all threads) per timed run, by label: steadier from run to run than
// wall time, and on a machine whose cores the sandbox shares it is what the driver adds.
const cpuMs = { driver: [], ceiling: [], dispatch: [], floor: [] };
// The sandbox's CPU per run too (utime + stime from /proc, all its threads, 10 ms ticks, so only
// its sum over rounds means anything): on 2 cores, a sandbox that needs more than one core for a
// run leaves the client's every millisecond of CPU to come out of the wall time.
const sandboxCpuMs = { driver: [], ceiling: [], dispatch: [], floor: [] };
const sandboxCpu = () => {
  try {
    const fields = readFileSync(`/proc/${sandbox.child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
};
async function timed(fn, label) {
  // Each side starts with a clean heap and an empty sandbox: neither is charged for the
  // other's garbage or for a gateway grown by the runs before it.
  global.gc?.();
  await fetch(`${sandbox.origin}/admin/messages`, { method: 'DELETE' });
  const started = performance.now();
  const cpu = process.cpuUsage();
  const sandboxBefore = sandboxCpu();
  gcMs = 0;
  await fn();
  const used = process.cpuUsage(cpu);
  cpuMs[label].push((used.user + used.system) / 1000);
  sandboxCpuMs[label].push(sandboxCpu() - sandboxBefore);
  if (process.env.BENCH_CPU) console.log(label, 'client cpu ms', Math.round((used.user + used.system) / 1000), 'gc', Math.round(gcMs), 'wall', Math.round(performance.now() - started));
  return (performance.now() - started) / 1000;
}

const chunk = (list, size) => Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, i * size + size));
const formHeaders = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };

const vendors = [
  {
    name: 'sms.aspx (sms.aspx, 1,000 a request)',
    driver: (list) => new SmsAspxClient({ baseUrl: sandbox.baseUrls.smsaspx, account: 'demo', password: 'demo123' }, { transport }).sendSms({ recipients: list, content: '您的订单已发货【沙箱演示】' }),
    requests: (list, size) =>
      chunk(list, size).map((part) => ({
        url: `${sandbox.baseUrls.smsaspx}/sms.aspx`,
        headers: formHeaders,
        body: formBody({ action: 'send', userid: '', account: 'demo', password: md5Hex('demo123', 'upper'), mobile: part.join(','), content: '您的订单已发货【沙箱演示】', sendTime: '', extno: '' }),
      })),
    size: 1000,
    ok: (headers, text) => text.includes('<returnstatus>Success'),
  },
  {
    name: 'Mobset SDK3 (SmsSend, 50 a request)',
    driver: (list) => new MobsetSdk3Client(`${sandbox.baseUrls.mobset}/SDK3/Sms`, { corpId: '300001', loginName: 'demo', password: 'demo123' }, { transport }).sendSms({ recipients: list, content: '您的订单已发货' }),
    requests: (list, size) =>
      chunk(list, size).map((part) => {
        const ts = formatBeijing(new Date(), 'compact14');
        return {
          url: `${sandbox.baseUrls.mobset}/SDK3/Sms`,
          headers: formHeaders,
          body: formBody({ CorpID: '300001', LoginName: 'demo', TimeStamp: ts, SecretKey: mobsetSecretKey('300001', 'demo123', ts), Methods: 'SmsSend', PhoneNumbers: part.join(','), Content: '您的订单已发货', LongSms: '1' }),
        };
      }),
    size: 50,
    ok: (headers, text) => Number(JSON.parse(text).Code) >= 0,
  },
  {
    name: 'Emay secure (sendBatchSMS, AES+gzip, 500 a request)',
    driver: (list) => new EmayClient({ baseUrl: sandbox.baseUrls.emay, appId: 'EUCP-DEMO-0001', secretKey: '0123456789abcdef' }, { transport }).sendSms({ recipients: list, content: '【沙箱演示】您的订单已发货' }),
    requests: (list, size) =>
      chunk(list, size).map((part) => ({
        url: `${sandbox.baseUrls.emay}/inter/sendBatchSMS`,
        headers: { appId: 'EUCP-DEMO-0001', gzip: 'on' },
        body: sealEmay({ smses: part.map((mobile) => ({ mobile, customSmsId: null })), content: '【沙箱演示】您的订单已发货', requestTime: Date.now() + 60_000, requestValidPeriod: 600 }, emayKey('0123456789abcdef'), true),
      })),
    size: 500,
    ok: (headers) => headers.result === 'SUCCESS',
  },
  {
    name: 'MMS platform (sendmms.aspx, 2,000 a request)',
    driver: (list) => new MmsAspxClient({ baseUrl: sandbox.baseUrls.mmsaspx, account: 'demo', password: 'demo123' }, { transport }).sendMms({ recipients: list, title: '新品', frames: [{ text: '春季新品' }] }),
    requests: (list, size) =>
      chunk(list, size).map((part) => ({
        url: `${sandbox.baseUrls.mmsaspx}/sendmms.aspx`,
        headers: formHeaders,
        body: formBody({ action: 'send', userid: '', account: 'demo', password: 'demo123', mobile: part.join(','), title: '新品', starttime: '', content: '3,txt|tLq8vtDCxrc=' }),
      })),
    size: 2000,
    ok: (headers, text) => /^\d+:\w+$/.test(text.trim()),
  },
];

const rows = [];
for (const vendor of vendors.filter((v) => !process.env.BENCH_ONLY || v.name.includes(process.env.BENCH_ONLY))) {
  // The raw loop builds the same requests (encoding, signing, encrypting) as part of its run.
  let refused = 0;
  let firstRefusal = '';
  const check = (headers, text) => {
    if (vendor.ok(headers, text)) return;
    refused++;
    firstRefusal ||= `${JSON.stringify(headers)} ${text.slice(0, 300)}`;
  };
  const driverTimes = [];
  const ceilingTimes = [];
  const dispatchTimes = [];
  const floorTimes = [];
  // Round 0 warms up (V8 compiles the driver's code during it: its first send of 100,000 took
  // four times a later one) and is not counted; summed times would carry it.
  const sum = (values) => values.reduce((a, b) => a + b, 0);
  for (let round = 0; round <= ROUNDS || Math.min(sum(driverTimes), sum(ceilingTimes), sum(dispatchTimes)) < SECONDS; round++) {
    const runDriver = async () => {
      const driverList = numbers(RECIPIENTS);
      let accepted = 0;
      driverTimes.push(await timed(async () => {
        accepted = (await vendor.driver(driverList)).accepted;
      }, 'driver'));
      if (accepted !== RECIPIENTS) throw new Error(`${vendor.name}: ${accepted} of ${RECIPIENTS} accepted`);
    };
    const runCeiling = async () => {
      const ceilingNumbers = numbers(RECIPIENTS);
      ceilingTimes.push(await timed(() => pool(vendor.requests(ceilingNumbers, vendor.size), check), 'ceiling'));
    };
    const runDispatch = async () => {
      const dispatchNumbers = numbers(RECIPIENTS);
      dispatchTimes.push(await timed(() => pool(vendor.requests(dispatchNumbers, vendor.size), check, true), 'dispatch'));
    };
    // The three take turns going first: whichever follows another may meet the sandbox still
    // collecting what the one before it left of its 100,000 messages.
    const sides = [runDriver, runCeiling, runDispatch];
    for (let turn = 0; turn < sides.length; turn++) await sides[(round + turn) % sides.length]();
    if (round <= ROUNDS) {
      const floorNumbers = numbers(FLOOR_SAMPLE);
      floorTimes.push(await timed(() => pool(vendor.requests(floorNumbers, 1), check), 'floor'));
    }
    if (round === 0) for (const times of [driverTimes, ceilingTimes, dispatchTimes, floorTimes, ...Object.values(cpuMs), ...Object.values(sandboxCpuMs)]) times.length = 0;
  }
  // The baselines' requests must succeed too, or they would be measuring refusals.
  if (refused > 0) throw new Error(`${vendor.name}: ${refused} baseline requests were refused; the first answer: ${firstRefusal}`);
  // Rates are medians over rounds. The ratio to the ceiling is throughput over all rounds
  // (summed ceiling time over summed driver time): a single round lasts under a tenth of a
  // second, and one collection in either process moves its own ratio by 0.3 either way, so
  // the median of per-round ratios wandered by 0.15 between runs of the same code. Each
  // round's own ratio is printed as a range.
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const perRound = driverTimes.map((d, i) => ceilingTimes[i] / d);
  rows.push({
    vendor: vendor.name,
    driver: RECIPIENTS / median(driverTimes),
    ceiling: RECIPIENTS / median(ceilingTimes),
    floor: FLOOR_SAMPLE / median(floorTimes),
    ofCeiling: sum(ceilingTimes) / sum(driverTimes),
    ofDispatch: sum(dispatchTimes) / sum(driverTimes),
    roundRange: `${Math.min(...perRound).toFixed(2)}-${Math.max(...perRound).toFixed(2)}`,
    // Per recipient, each over its own rounds: the floor is timed in fewer rounds than the driver.
    ofFloor: sum(floorTimes) / (FLOOR_SAMPLE * floorTimes.length) / (sum(driverTimes) / (RECIPIENTS * driverTimes.length)),
    rounds: driverTimes.length,
    cpu: `${Math.round(median(cpuMs.driver))} / ${Math.round(median(cpuMs.ceiling))} / ${Math.round(median(cpuMs.dispatch))}`,
    sandboxCpu: `${Math.round(sum(sandboxCpuMs.driver) / driverTimes.length)} / ${Math.round(sum(sandboxCpuMs.ceiling) / ceilingTimes.length)}`,
    wallMs: `${Math.round((sum(driverTimes) / driverTimes.length) * 1000)} / ${Math.round((sum(ceilingTimes) / ceilingTimes.length) * 1000)}`,
  });
  for (const times of [...Object.values(cpuMs), ...Object.values(sandboxCpuMs)]) times.length = 0;
}

console.log(`${RECIPIENTS} recipients per vendor, concurrency ${CONCURRENCY}, sandbox in its own process on loopback, at least ${ROUNDS} rounds after one to warm up and at least ${SECONDS} s timed per side (floor timed on ${FLOOR_SAMPLE} single-recipient requests in each of the first ${ROUNDS}); rates are medians over rounds, ratios are throughput over all rounds`);
console.log('vendor (rounds) | driver rcpt/s | raw undici request() loop (ceiling) rcpt/s | one request per recipient (floor) rcpt/s | driver/ceiling (rounds) | driver/raw dispatch() loop | driver/floor | client CPU ms per run, driver / ceiling / dispatch loop | sandbox CPU ms per run (mean), driver / ceiling | wall ms per run (mean), driver / ceiling');
for (const r of rows) {
  console.log(`${r.vendor} (${r.rounds}) | ${Math.round(r.driver)} | ${Math.round(r.ceiling)} | ${Math.round(r.floor)} | ${r.ofCeiling.toFixed(2)} (${r.roundRange}) | ${r.ofDispatch.toFixed(2)} | ${r.ofFloor.toFixed(1)}x | ${r.cpu} | ${r.sandboxCpu} | ${r.wallMs}`);
}
await transport.close();
await agent.close();
sandbox.close();

