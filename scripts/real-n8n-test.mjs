// A real n8n (2.39 on Node 24, installed by scripts/install-n8n.sh) loads the packed package.
// 1. `n8n import:credentials` + `n8n import:workflow`, then `n8n execute`: a Manual Trigger,
//    a send through each vendor and a balance query; the sandbox's log must show each send.
// 2. `n8n start` with an active workflow whose Emay push trigger receives a push from the
//    sandbox (answered "success"), and each vendor's credential test through n8n's REST API:
//    success against the sandbox, the vendor's message for a wrong password.
// Prints one line per check and exits non-zero on the first failure.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { freePort } from './free-port.mjs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { startSandbox } = require(join(root, 'dist', 'index.js'));
const { EmayClient } = require(join(root, 'dist', 'core', 'vendors', 'emay', 'client.js'));

const cache = execFileSync('bash', [join(root, 'scripts', 'install-n8n.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').pop();
const node24 = join(cache, 'node24', 'node_modules', 'node', 'bin', 'node');
const n8nBin = join(cache, 'n8n', 'node_modules', 'n8n', 'bin', 'n8n');
const work = mkdtempSync(join(tmpdir(), 'china-sms-n8n-'));
const userFolder = join(work, 'user');
const nodesDir = join(userFolder, '.n8n', 'nodes');
mkdirSync(nodesDir, { recursive: true });

const say = (line) => console.log(`real n8n: ${line}`);
const fail = (line) => {
  console.log(`real n8n: FAIL ${line}`);
  process.exit(1);
};


// The package as users get it: packed, then installed where n8n looks for community nodes.
execFileSync('npm', ['pack', '--pack-destination', work, '--ignore-scripts'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
const tarball = join(work, readdirSync(work).find((f) => f.endsWith('.tgz')));
writeFileSync(join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true }));
execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', tarball], { cwd: nodesDir, stdio: ['ignore', 'ignore', 'inherit'] });
say('package packed and installed into ~/.n8n/nodes');

const sandbox = await startSandbox({ quiet: true, reportDelayMs: 200, pushIntervalMs: 100 });
const env = {
  ...process.env,
  PATH: `${dirname(node24)}:${process.env.PATH}`,
  N8N_USER_FOLDER: userFolder,
  N8N_ENCRYPTION_KEY: 'china-sms-real-n8n-test-key',
  N8N_DIAGNOSTICS_ENABLED: 'false',
  N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
  N8N_TEMPLATES_ENABLED: 'false',
  N8N_RUNNERS_ENABLED: 'false',
  N8N_RUNNERS_BROKER_PORT: String(await freePort()),
  N8N_PERSONALIZATION_ENABLED: 'false',
  N8N_LOG_LEVEL: 'warn',
};
// Asynchronous: the sandbox answering n8n runs in this process's event loop.
const n8n = (...args) =>
  new Promise((resolve, reject) => {
    const child = spawn(node24, [n8nBin, ...args], { env, cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill(), 180_000);
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout);
      else reject(Object.assign(new Error(`n8n ${args[0]} exited ${code}`), { stdout, stderr }));
    });
  });

const credentials = {
  smsAspxApi: { baseUrl: sandbox.baseUrls.smsaspx, account: 'demo', password: 'demo123', userId: '1001', passwordForm: 'md5upper', sendEndpoint: 'sms.aspx', signature: '' },
  mmsAspxApi: { baseUrl: sandbox.baseUrls.mmsaspx, account: 'demo', password: 'demo123', passwordForm: 'plain' },
  mobsetApi: { corpId: '300001', loginName: 'demo', password: 'demo123', protocol: 'sdk3', timestampForm: '14', https: false, baseUrl: sandbox.baseUrls.mobset },
  emayApi: { baseUrl: sandbox.baseUrls.emay, appId: 'EUCP-DEMO-0001', secretKey: '0123456789abcdef', interface: 'secure', gzip: true, requestValidPeriod: 60 },
};
const credentialIds = { smsAspxApi: 'cred01', mmsAspxApi: 'cred02', mobsetApi: 'cred03', emayApi: 'cred04' };
writeFileSync(
  join(work, 'credentials.json'),
  JSON.stringify(Object.entries(credentials).map(([type, data]) => ({ id: credentialIds[type], name: `Sandbox ${type}`, type, data }))),
);
const pkg = '@gatewise/n8n-nodes-china-sms';
const step = (id, name, type, x, parameters, credential) => ({
  id,
  name,
  type: `${pkg}.${type}`,
  typeVersion: 1,
  position: [x, 300],
  parameters,
  credentials: { [credential]: { id: credentialIds[credential], name: `Sandbox ${credential}` } },
});
const nodes = [
  { id: 'm0', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 300], parameters: {} },
  step('m1', 'sms.aspx send', 'smsAspx', 200, { resource: 'sms', operation: 'send', recipients: '13700000001', content: '真实n8n发送【星辰商城】' }, 'smsAspxApi'),
  step('m2', 'Mobset send', 'mobset', 400, { resource: 'sms', operation: 'send', recipients: '13700000002', content: '真实n8n发送' }, 'mobsetApi'),
  step('m3', 'Emay send', 'emay', 600, { resource: 'sms', operation: 'send', recipients: '13700000003', content: '【亿美】真实n8n发送' }, 'emayApi'),
  step('m4', 'MMS send', 'mmsAspx', 800, { resource: 'mms', operation: 'send', recipients: '13700000004', title: '彩信', frames: '[{"text":"真实n8n"}]' }, 'mmsAspxApi'),
  step('m5', 'Balance', 'smsAspx', 1000, { resource: 'account', operation: 'balance' }, 'smsAspxApi'),
];
const chain = (names) => Object.fromEntries(names.slice(0, -1).map((n, i) => [n, { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] }]));
const sendWorkflow = { id: 'wfSendAll0000001', name: 'Send through every vendor', active: false, nodes, connections: chain(nodes.map((n) => n.name)), settings: {} };
const pushWorkflow = {
  id: 'wfEmayPush000001',
  name: 'Emay push',
  active: true,
  nodes: [{ id: 'p1', name: 'Emay push', type: `${pkg}.emayPushTrigger`, typeVersion: 1, position: [0, 300], webhookId: 'emay-push-test', parameters: {}, credentials: { emayApi: { id: 'cred04', name: 'Sandbox emayApi' } } }],
  connections: {},
  settings: {},
};
writeFileSync(join(work, 'send.json'), JSON.stringify(sendWorkflow));
writeFileSync(join(work, 'push.json'), JSON.stringify(pushWorkflow));

try {
  await n8n('import:credentials', `--input=${join(work, 'credentials.json')}`);
  await n8n('import:workflow', `--input=${join(work, 'send.json')}`);
  await n8n('import:workflow', `--input=${join(work, 'push.json')}`);
  say('credentials and workflows imported');

  const since = sandbox.state.log.length;
  let output;
  try {
    output = await n8n('execute', `--id=${sendWorkflow.id}`);
  } catch (error) {
    fail(`n8n execute failed: ${error.stdout ?? ''}${error.stderr ?? ''}`.slice(0, 3000));
  }
  const sends = sandbox.state.log.slice(since).filter((e) => e.recipients > 0).map((e) => e.vendor);
  for (const vendor of ['smsaspx', 'mobset', 'emay', 'mmsaspx']) if (!sends.includes(vendor)) fail(`the sandbox saw no send from ${vendor}; n8n said ${output.slice(0, 2000)}`);
  if (!sandbox.state.log.slice(since).some((e) => e.vendor === 'smsaspx' && String(e.outcome).startsWith('overage'))) fail(`the balance query never reached the sandbox: ${output.slice(0, 2000)}`);
  say('n8n execute sent through sms.aspx, Mobset, Emay and the MMS platform, then read the balance');

  // Serve mode: the active push workflow and the REST API.
  try {
    await n8n('publish:workflow', `--id=${pushWorkflow.id}`);
  } catch {
    await n8n('update:workflow', `--id=${pushWorkflow.id}`, '--active=true');
  }
  const port = await freePort();
  const server = spawn(node24, [n8nBin, 'start'], { env: { ...env, N8N_PORT: String(port), N8N_LISTEN_ADDRESS: '127.0.0.1', WEBHOOK_URL: `http://127.0.0.1:${port}/` }, cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
  let serverLog = '';
  server.stdout.on('data', (c) => (serverLog += c));
  server.stderr.on('data', (c) => (serverLog += c));
  try {
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 120_000;
    for (;;) {
      try {
        if ((await fetch(`${base}/healthz`)).ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) fail(`n8n start did not come up: ${serverLog.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    const hookUrl = `${base}/webhook/emay-push-test/emay`;
    const account = sandbox.state.account('emay', 'EUCP-DEMO-0001');
    account.pushUrl = hookUrl;
    await new EmayClient(credentials.emayApi).sendSms({ recipients: '13700000005', content: '【亿美】推送到真实n8n' });
    const pushDeadline = Date.now() + 30_000;
    let answered;
    while (!answered && Date.now() < pushDeadline) {
      answered = sandbox.state.log.find((e) => e.endpoint === `push → ${hookUrl}` && e.outcome === 'answered "success"');
      await new Promise((r) => setTimeout(r, 200));
    }
    account.pushUrl = undefined;
    if (!answered) fail(`the push trigger did not answer success: ${JSON.stringify(sandbox.state.log.filter((e) => e.endpoint.startsWith('push')).slice(-3))} ${serverLog.slice(-1500)}`);
    say('an active workflow\'s Emay push trigger received a push from the sandbox and answered "success"');

    // The REST API needs an owner: set one up, then test each credential as the editor does.
    const setup = await fetch(`${base}/rest/owner/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@example.com', firstName: 'Test', lastName: 'Owner', password: 'Sandbox-Owner-Pass-1' }),
    });
    const cookie = (setup.headers.get('set-cookie') ?? '').split(';')[0];
    if (!setup.ok || !cookie) fail(`owner setup failed: HTTP ${setup.status} ${(await setup.text()).slice(0, 500)}`);
    const testCredential = async (type, data) => {
      const response = await fetch(`${base}/rest/credentials/test`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, 'browser-id': 'real-n8n-test' },
        body: JSON.stringify({ credentials: { id: credentialIds[type], name: type, type, data } }),
      });
      const text = await response.text();
      try {
        return JSON.parse(text).data ?? JSON.parse(text);
      } catch {
        return { status: `HTTP ${response.status}`, message: text.slice(0, 300) };
      }
    };
    for (const [type, data] of Object.entries(credentials)) {
      const good = await testCredential(type, data);
      if (good.status !== 'OK') fail(`${type} test against the sandbox: ${JSON.stringify(good)}`);
      const secretField = type === 'emayApi' ? 'secretKey' : 'password';
      const bad = await testCredential(type, { ...data, [secretField]: type === 'emayApi' ? 'ffffffffffffffff' : 'wrong-password-9' });
      if (bad.status !== 'Error' || !/ERROR_ENCRYPTION|用户名或密码错误|帐号验证失败|-105|1005|\(2\)/.test(bad.message ?? '')) fail(`${type} test with a wrong password: ${JSON.stringify(bad)}`);
    }
    say('credential tests through the REST API: success against the sandbox, the vendor\'s message for a wrong password');
  } finally {
    server.kill();
  }
  say('PASS');
} finally {
  await sandbox.close();
  rmSync(work, { recursive: true, force: true });
}
