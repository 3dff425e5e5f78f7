import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { md5Hex } from '../../src/core/crypto';
import { Transport } from '../../src/core/transport';
import { SmsAspxClient } from '../../src/core/vendors/smsaspx/client';
import { startSandbox, type Sandbox } from '../../src/sandbox/server';
import { rejection as failure } from '../helpers';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ quiet: true, reportDelayMs: 20 });
});
afterAll(() => sandbox.close());

const fault = (body: Record<string, unknown>) => fetch(`${sandbox.url}/admin/faults`, { method: 'POST', body: JSON.stringify(body) });
const transport = new Transport({ headersTimeoutMs: 400, bodyTimeoutMs: 400, retry: { attempts: 1 } });
const client = () => new SmsAspxClient({ baseUrl: sandbox.baseUrls.smsaspx, account: 'demo', password: 'demo123' }, { transport });
afterAll(() => transport.close());
afterEach(() => fetch(`${sandbox.url}/admin/faults`, { method: 'DELETE' }));


describe('fault injection through the admin API', () => {
  test('a hang on a send: time-out, sent maybe', async () => {
    await fault({ type: 'hang', match: 'sms.aspx', remaining: 1 });
    const error = await failure(client().sendSms({ recipients: '13800138000', content: '挂起【星辰商城】' }));
    expect([error.kind, error.sent]).toEqual(['timeout', 'maybe']);
  });
  test('a connection reset on a send: network, sent maybe', async () => {
    await fault({ type: 'reset', match: 'sms.aspx', remaining: 1 });
    const error = await failure(client().sendSms({ recipients: '13800138000', content: '重置【星辰商城】' }));
    expect([error.kind, error.sent]).toEqual(['network', 'maybe']);
  });
  test('garbage, an HTML error page and HTTP 500 are typed bad replies', async () => {
    await fault({ type: 'garbage', match: 'sms.aspx', remaining: 1 });
    expect((await failure(client().balance())).kind).toBe('badReply');
    await fault({ type: 'html', match: 'sms.aspx', remaining: 1 });
    const html = await failure(client().sendSms({ recipients: '13800138000', content: 'x【星辰商城】' }));
    expect([html.kind, html.sent]).toEqual(['badReply', 'maybe']);
    await fault({ type: 'http500', match: 'sms.aspx', remaining: 1 });
    expect((await failure(client().balance())).httpStatus).toBe(500);
  });
  test('latency delays the answer', async () => {
    await fault({ type: 'latency', delayMs: 150, match: 'sms.aspx', remaining: 1 });
    const started = Date.now();
    await client().balance();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });
  test('a vendor error code and a share of requests', async () => {
    await fault({ type: 'error', code: '1111', match: 'sms.aspx', remaining: 1 });
    expect((await failure(client().sendSms({ recipients: '13800138000', content: 'x【星辰商城】' }))).vendorCode).toBe('1111');
    await fault({ type: 'error', code: '9999', match: 'overage-never-matches', share: 1 });
    expect((await client().balance()).amount).toBeGreaterThan(0);
  });
});

describe('the request log', () => {
  test('every request is logged with its outcome, and no secret appears in it', async () => {
    const since = sandbox.state.lastSeq;
    await client().sendSms({ recipients: '13800138001', content: '日志【星辰商城】' });
    const log = (await (await fetch(`${sandbox.url}/admin/log?since=${since}`)).json()) as Array<Record<string, unknown>>;
    expect(log.some((e) => e.endpoint === 'sms.aspx' && String(e.outcome).startsWith('Success'))).toBe(true);
    const everything = JSON.stringify(await (await fetch(`${sandbox.url}/admin/state`)).json());
    for (const secret of ['demo123', '0123456789abcdef', md5Hex('demo123', 'upper'), md5Hex('demo123')]) expect(everything).not.toContain(secret);
  });
  test('the virtual phones page is served', async () => {
    const page = await (await fetch(`${sandbox.url}/`)).text();
    expect(page).toContain('虚拟手机');
  });
});

describe('long runs', () => {
  test('the log keeps the newest entries and its sequence numbers keep counting', () => {
    const { SandboxState } = jest.requireActual('../../src/sandbox/state') as typeof import('../../src/sandbox/state');
    const state = new SandboxState();
    for (let i = 0; i < 21_500; i++) state.record({ vendor: 'smsaspx', endpoint: '/sms.aspx', fields: {}, status: 200, outcome: 'ok' });
    expect(state.log.length).toBeLessThanOrEqual(21_000);
    expect(state.log.at(-1)!.seq).toBe(21_500);
    expect(state.log.at(-2)!.seq).toBe(21_499);
  });
  test('DELETE /admin/messages forgets messages, and ids and sending rules start afresh', async () => {
    const sent = await client().sendSms({ recipients: ['13912345678'], content: '您的订单已发货【沙箱演示】' });
    const id = sandbox.state.messages.find((m) => m.mobile === '13912345678')!.id;
    expect(sandbox.state.message(id)).toBeDefined();
    expect(sandbox.state.countRecent('smsaspx', 'demo', '13912345678', 60_000)).toBe(1);
    const answer = await fetch(`${sandbox.url}/admin/messages`, { method: 'DELETE' });
    expect(answer.status).toBe(200);
    expect(sandbox.state.messages).toHaveLength(0);
    expect(sandbox.state.message(id)).toBeUndefined();
    expect(sandbox.state.countRecent('smsaspx', 'demo', '13912345678', 60_000)).toBe(0);
    expect(sent.accepted).toBe(1);
    // Messages accepted afterwards are found again.
    await client().sendSms({ recipients: ['13912345678'], content: '您的订单已签收【沙箱演示】' });
    expect(sandbox.state.countRecent('smsaspx', 'demo', '13912345678', 60_000)).toBe(1);
  });
});

describe('npx … sandbox', () => {
  test('listens on 127.0.0.1, says so, and takes accounts from a config file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-config-'));
    const config = join(dir, 'accounts.json');
    writeFileSync(config, JSON.stringify({ accounts: [{ vendor: 'smsaspx', login: 'shop', password: 'shop-pw', userId: '7', passwordForm: 'md5upper', balance: 5 }] }));
    const child = spawn(process.execPath, [join(__dirname, '..', '..', 'dist', 'cli.js'), 'sandbox', '--port', '0', '--config', config], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(out)), 10_000);
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('Accounts:') && out.includes('shop')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    child.kill();
    expect(out).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+ \(this machine only\)/);
    const url = /base URL (http:\/\/\S+\/smsaspx)/.exec(out)![1];
    expect(url).toContain('127.0.0.1');
    expect(out).toContain('smsaspx  7 / shop / shop-pw');
  });
});
