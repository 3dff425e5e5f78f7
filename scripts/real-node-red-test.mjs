// A real Node-RED, as users run it: `node-red` 4.x on this Node (20) and 5.x on Node 24,
// each installed into a cache outside the clone, with the packed package installed in its
// user directory and the sms.aspx example flow deployed against the sandbox. Clicking the
// example's Inject (through the admin API) must send an SMS that the sandbox logs.
// Usage: node scripts/real-node-red-test.mjs [4|5 ...]   (default: 4 5)
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { freePort } from './free-port.mjs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { startSandbox } = require(join(root, 'dist', 'index.js'));
const majors = process.argv.slice(2).length ? process.argv.slice(2) : ['4', '5'];
const quiet = { stdio: ['ignore', 'ignore', 'inherit'] };


function nodeFor(major) {
  if (major === '4') return process.execPath;
  // Node-RED 5 needs Node 22.9+: the Node 24 that scripts/install-n8n.sh installs.
  const cache = process.env.CHINA_SMS_N8N_CACHE ?? join(homedir(), '.cache', 'china-sms-n8n');
  const node24 = join(cache, 'node24', 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(node24)) execFileSync('npm', ['install', '--prefix', join(cache, 'node24'), '--no-audit', '--no-fund', 'node@24'], quiet);
  return node24;
}

function installNodeRed(major) {
  const dir = join(homedir(), '.cache', `china-sms-node-red-${major}`);
  if (!existsSync(join(dir, 'node_modules', 'node-red', 'red.js'))) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `node-red-${major}`, private: true }));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', `node-red@${major}`], { cwd: dir, ...quiet });
  }
  return join(dir, 'node_modules', 'node-red', 'red.js');
}

const work = mkdtempSync(join(tmpdir(), 'china-sms-node-red-'));
execFileSync('npm', ['pack', '--pack-destination', work, '--ignore-scripts'], { cwd: root, ...quiet });
const tarball = join(work, readdirSync(work).find((f) => f.endsWith('.tgz')));
const sandbox = await startSandbox({ quiet: true });
let failed = false;
try {
  for (const major of majors) {
    const node = nodeFor(major);
    const red = installNodeRed(major);
    const userDir = join(work, `user-${major}`);
    mkdirSync(userDir, { recursive: true });
    writeFileSync(join(userDir, 'package.json'), JSON.stringify({ name: 'node-red-project', private: true }));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', tarball], { cwd: userDir, ...quiet });
    const flow = JSON.parse(readFileSync(join(root, 'examples', '01 Send a verification code (sms.aspx).json'), 'utf8').split('http://127.0.0.1:4010').join(sandbox.url));
    const creds = Object.fromEntries(flow.filter((n) => n.credentials).map((n) => [n.id, n.credentials]));
    writeFileSync(join(userDir, 'flows.json'), JSON.stringify(flow.map(({ credentials: _c, ...n }) => n)));
    writeFileSync(join(userDir, 'flows_cred.json'), JSON.stringify(creds));
    writeFileSync(join(userDir, 'settings.js'), 'module.exports = { flowFile: "flows.json", credentialSecret: false, uiHost: "127.0.0.1", diagnostics: { enabled: false }, telemetry: { enabled: false }, editorTheme: { tours: false } };\n');
    const port = await freePort();
    const child = spawn(node, [red, '--userDir', userDir, '--port', String(port), '--settings', join(userDir, 'settings.js')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.on('data', (c) => (log += c));
    child.stderr.on('data', (c) => (log += c));
    try {
      const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
      const since = sandbox.state.log.length;
      const deadline = Date.now() + 60_000;
      let injected = false;
      while (!injected && Date.now() < deadline) {
        try {
          injected = (await fetch(`http://127.0.0.1:${port}/inject/inj1`, { method: 'POST' })).ok;
        } catch {
          // not listening yet
        }
        if (!injected) await new Promise((r) => setTimeout(r, 500));
      }
      if (!injected) throw new Error(`Node-RED ${major} never started its flows:\n${log.slice(-2000)}`);
      let sent;
      while (!sent && Date.now() < deadline) {
        sent = sandbox.state.log.slice(since).find((e) => e.vendor === 'smsaspx' && e.endpoint === 'sms.aspx' && String(e.outcome).startsWith('Success'));
        await new Promise((r) => setTimeout(r, 200));
      }
      if (!sent) throw new Error(`Node-RED ${major}: no send reached the sandbox:\n${log.slice(-2000)}`);
      const running = /Node-RED version: (v[\d.]+)/.exec(log)?.[1] ?? '?';
      console.log(`real Node-RED: ${running} on Node ${version} loaded the package and the example flow sent an SMS to the sandbox`);
    } catch (error) {
      failed = true;
      console.log(`real Node-RED: FAIL ${error.message}`);
    } finally {
      child.kill();
    }
  }
} finally {
  await sandbox.close();
  rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
