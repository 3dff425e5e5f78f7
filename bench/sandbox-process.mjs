// The sandbox in a process of its own, as a gateway would be: in the benchmark's process its
// work would be charged to whichever side happened to be waiting on it. Accounts get a
// balance no benchmark can use up.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export async function spawnSandbox() {
  const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
  const child = spawn(process.execPath, [cli, 'sandbox', '--port', '0', '--report-delay', '3600000'], { stdio: ['ignore', 'pipe', 'inherit'] });
  // A bench that throws or is stopped must not leave its sandbox running: an orphan holding
  // a million messages keeps a core busy and slows every later measurement.
  process.on('exit', () => child.kill());
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      child.kill();
      process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
    });
  }
  const origin = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (data) => {
      out += data;
      const match = /listening on (http:\/\/[\d.:]+)/.exec(out);
      if (match) resolve(match[1]);
    });
    child.on('exit', () => reject(new Error(`sandbox exited: ${out}`)));
  });
  for (const [vendor, login] of [['smsaspx', 'demo'], ['mmsaspx', 'demo'], ['mobset', 'demo'], ['emay', 'EUCP-DEMO-0001']]) {
    await fetch(`${origin}/admin/accounts`, { method: 'POST', body: JSON.stringify({ vendor, login, balance: 1e9, mmsBalance: 1e9 }) });
  }
  const baseUrls = Object.fromEntries(['smsaspx', 'mmsaspx', 'mobset', 'emay'].map((vendor) => [vendor, `${origin}/${vendor}`]));
  return { child, origin, baseUrls, close: () => child.kill() };
}
