// Cold load: the time for a fresh process to require each n8n node file and the Node-RED
// runtime file, against a baseline of an empty require in the same run; and which heavy
// modules (soap, des.js, iconv-lite) a load pulls in (none should: they load on first use).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const files = [...pkg.n8n.nodes, ...pkg.n8n.credentials, pkg['node-red'].nodes['china-sms']];
// The hosts have n8n-workflow (n8n) loaded before any community node: so does the probe.
const probe = (file) => `
try { require('n8n-workflow'); } catch {}
const t = process.hrtime.bigint();
require(${JSON.stringify(file)});
const ms = Number(process.hrtime.bigint() - t) / 1e6;
const heavy = Object.keys(require.cache).filter((k) => /node_modules\\/(soap|des\\.js|iconv-lite|undici)\\//.test(k)).map((k) => k.split('node_modules/')[1].split('/')[0]);
console.log(JSON.stringify({ ms, heavy: [...new Set(heavy)] }));`;
function measure(file) {
  const runs = [];
  for (let i = 0; i < 3; i++) runs.push(JSON.parse(execFileSync(process.execPath, ['-e', probe(file)], { cwd: root, encoding: 'utf8' })));
  return { ms: Math.min(...runs.map((r) => r.ms)), heavy: runs[0].heavy };
}
const baseline = measure(join(root, 'package.json'));
console.log(`baseline (require package.json, after n8n-workflow): ${baseline.ms.toFixed(1)} ms`);
console.log('file | cold require ms (best of 3) | heavy modules loaded');
let worst = 0;
for (const file of files) {
  const r = measure(join(root, file));
  worst = Math.max(worst, r.ms);
  console.log(`${file} | ${r.ms.toFixed(1)} | ${r.heavy.join(', ') || 'none'}`);
}
console.log(`slowest: ${worst.toFixed(1)} ms (target: under 50 ms each)`);
