import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandbox, type Sandbox } from '../../src/sandbox/server';

// The runtime under test is the built one, as Node-RED loads it (npm test builds first).
const chinaSms = require('../../dist/node-red/china-sms.js');
const helper = require('node-red-node-test-helper');
helper.init(require.resolve('node-red'));

/* eslint-disable @typescript-eslint/no-explicit-any */
let capturedRED: any;
function wrapper(RED: any) {
  capturedRED = RED;
  chinaSms(RED);
}

let sandbox: Sandbox;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  sandbox = await startSandbox({ quiet: true, reportDelayMs: 20, pushIntervalMs: 20 });
});
afterAll(async () => {
  await sandbox.close();
});
afterEach(async () => {
  await helper.unload();
});

function gatewayFor(vendor: string, id = 'gw'): { node: any; credentials: any } {
  const base = { id, type: 'china-sms-gateway', name: vendor, vendor };
  switch (vendor) {
    case 'smsaspx':
      return { node: { ...base, baseUrl: sandbox.baseUrls.smsaspx, account: 'demo', userId: '1001', passwordForm: 'md5upper', sendEndpoint: 'sms.aspx' }, credentials: { password: 'demo123' } };
    case 'mmsaspx':
      return { node: { ...base, baseUrl: sandbox.baseUrls.mmsaspx, account: 'demo', passwordForm: 'plain' }, credentials: { password: 'demo123' } };
    case 'mobset':
      return { node: { ...base, corpId: '300001', loginName: 'demo', protocol: 'sdk3', timestampForm: '14', baseUrl: sandbox.baseUrls.mobset }, credentials: { password: 'demo123' } };
    default:
      return { node: { ...base, baseUrl: sandbox.baseUrls.emay, appId: 'EUCP-DEMO-0001', interface: 'secure', gzip: true }, credentials: { secretKey: '0123456789abcdef' } };
  }
}

function load(flow: any[], credentials: Record<string, any>): Promise<void> {
  return new Promise((resolve) => helper.load(wrapper, flow, credentials, resolve));
}

/** Every status the node shows from now on, still shown as usual. */
function recordStatuses(node: any): any[] {
  const statuses: any[] = [];
  const original = node.status.bind(node);
  node.status = (s: any) => {
    statuses.push(s);
    return original(s);
  };
  return statuses;
}

function nextMessage(node: any, timeoutMs = 5000): Promise<any> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no message')), timeoutMs);
    node.once('input', (msg: any) => {
      clearTimeout(timer);
      resolve(msg);
    });
  });
}

describe('china-sms action node', () => {
  test.each([
    ['smsaspx', 'sms.send', { f_recipients: '13800138000', f_recipientsType: 'str' }, '您好【星辰商城】'],
    ['mobset', 'sms.send', { f_recipients: '13800138001', f_recipientsType: 'str' }, '你好'],
    ['emay', 'sms.send', { f_recipients: '13800138002', f_recipientsType: 'str' }, '【亿美】你好'],
  ])('%s %s sends through the sandbox; content from msg.payload', async (vendor, operation, fields, payload) => {
    const gw = gatewayFor(vendor);
    await load([gw.node, { id: 'n1', type: 'china-sms', gateway: 'gw', operation, ...fields, wires: [['out']] }, { id: 'out', type: 'helper' }], { gw: gw.credentials });
    const out = helper.getNode('out');
    const received = nextMessage(out);
    const n1 = helper.getNode('n1');
    const statuses = recordStatuses(n1);
    n1.receive({ payload });
    const msg = await received;
    expect(msg.payload.accepted).toBe(1);
    // Status texts come from the locale files (en-US here), and stay under 20 characters.
    expect(statuses.at(-1).text).toMatch(/^1 accepted \d\d:\d\d$/);
    expect(statuses.every((st) => !st.text || st.text.length <= 20)).toBe(true);
    expect(msg.sms).toMatchObject({ vendor, operation });
    expect(JSON.stringify(msg)).not.toMatch(/demo123|0123456789abcdef/);
  });

  test('MMS platform send with frames from msg.sms and a TypedInput from msg', async () => {
    const gw = gatewayFor('mmsaspx');
    await load([gw.node, { id: 'n1', type: 'china-sms', gateway: 'gw', operation: 'mms.send', f_recipients: 'to', f_recipientsType: 'msg', f_title: '标题', f_titleType: 'str', wires: [['out']] }, { id: 'out', type: 'helper' }], { gw: gw.credentials });
    const received = nextMessage(helper.getNode('out'));
    helper.getNode('n1').receive({ to: '13800138003', sms: { frames: [{ text: '你好' }] } });
    expect((await received).payload.accepted).toBe(1);
  });

  test('an option field chosen in the editor (TypedInput type "opt") reaches the operation', async () => {
    const gw = gatewayFor('smsaspx');
    await load([gw.node, { id: 'n1', type: 'china-sms', gateway: 'gw', operation: 'account.balance', f_product: 'mms', f_productType: 'opt', wires: [['out']] }, { id: 'out', type: 'helper' }], { gw: gw.credentials });
    const received = nextMessage(helper.getNode('out'));
    helper.getNode('n1').receive({});
    expect((await received).payload.details.product).toBe('mms');
  });

  test('raw replies: kept by default, left out with the box unticked or msg.sms.raw = false', async () => {
    const gw = gatewayFor('smsaspx');
    const send = { id: 'n1', type: 'china-sms', gateway: 'gw', operation: 'sms.send', wires: [['out']] };
    const payload = '您好【星辰商城】';
    // A flow saved before the box existed has no raw property: replies stay.
    await load([gw.node, send, { id: 'out', type: 'helper' }], { gw: gw.credentials });
    let received = nextMessage(helper.getNode('out'));
    helper.getNode('n1').receive({ payload, sms: { recipients: '13800138000' } });
    expect((await received).payload.raw).toHaveLength(1);
    received = nextMessage(helper.getNode('out'));
    helper.getNode('n1').receive({ payload, sms: { recipients: '13800138000', raw: false } });
    let msg = await received;
    expect(msg.payload).toMatchObject({ accepted: 1 });
    expect(msg.payload).not.toHaveProperty('raw');
    await helper.unload();
    await load([gw.node, { ...send, raw: false }, { id: 'out', type: 'helper' }], { gw: gw.credentials });
    received = nextMessage(helper.getNode('out'));
    helper.getNode('n1').receive({ payload, sms: { recipients: '13800138000' } });
    msg = await received;
    expect(msg.payload).toMatchObject({ accepted: 1 });
    expect(msg.payload).not.toHaveProperty('raw');
  });

  test('list recipients: all by default, only those not accepted, or none; a wrong choice is refused before sending', async () => {
    const gw = gatewayFor('smsaspx');
    const sms = { recipients: '13800138002,13800138002,13900139002' };
    await load(
      [
        gw.node,
        { id: 'n1', type: 'china-sms', z: 'f1', gateway: 'gw', operation: 'sms.send', recipientsOutput: 'notAccepted', wires: [['out']] },
        { id: 'out', type: 'helper', z: 'f1' },
        { id: 'c1', type: 'catch', z: 'f1', scope: null, uncaught: false, wires: [['caught']] },
        { id: 'caught', type: 'helper', z: 'f1' },
        { id: 'f1', type: 'tab' },
      ],
      { gw: gw.credentials },
    );
    const n1 = helper.getNode('n1');
    let received = nextMessage(helper.getNode('out'));
    n1.receive({ payload: '您好【星辰商城】', sms });
    let msg = await received;
    expect(msg.payload).toMatchObject({ accepted: 2, recipients: [{ mobile: '13800138002', status: 'rejected' }] });
    expect(msg.payload.recipients).toHaveLength(1);
    received = nextMessage(helper.getNode('out'));
    n1.receive({ payload: '您好【星辰商城】', sms: { ...sms, recipientsOutput: 'none' } });
    msg = await received;
    expect(msg.payload).toMatchObject({ accepted: 2 });
    expect(msg.payload).not.toHaveProperty('recipients');
    const seq = sandbox.state.lastSeq;
    const caught = nextMessage(helper.getNode('caught'));
    n1.receive({ payload: '您好【星辰商城】', sms: { ...sms, recipientsOutput: 'some' } });
    expect((await caught).error.message).toMatch('recipientsOutput: must be one of all, notAccepted, none (some)');
    expect(sandbox.state.lastSeq).toBe(seq);
  });

  test('preview sends nothing', async () => {
    const gw = gatewayFor('smsaspx');
    await load([gw.node, { id: 'n1', type: 'china-sms', gateway: 'gw', operation: 'sms.send', preview: true, wires: [['out']] }, { id: 'out', type: 'helper' }], { gw: gw.credentials });
    const seq = sandbox.state.lastSeq;
    const received = nextMessage(helper.getNode('out'));
    helper.getNode('n1').receive({ payload: `${'长'.repeat(80)}【星辰商城】`, sms: { recipients: '13800138000,abc' } });
    const msg = await received;
    expect(msg.payload).toMatchObject({ parts: 2, recipients: 1, rejected: [{ input: 'abc' }] });
    expect(msg.sms.preview).toBe(true);
    expect(sandbox.state.lastSeq).toBe(seq);
  });

  test('a gateway error reaches a Catch node with the msg and the vendor code; the status shows it, without secrets', async () => {
    const gw = gatewayFor('smsaspx');
    await load(
      [
        gw.node,
        { id: 'n1', type: 'china-sms', z: 'f1', gateway: 'gw', operation: 'sms.send', f_recipients: '13800000002', f_recipientsType: 'str', wires: [[]] },
        { id: 'c1', type: 'catch', z: 'f1', scope: null, uncaught: false, wires: [['caught']] },
        { id: 'caught', type: 'helper', z: 'f1' },
        { id: 'f1', type: 'tab' },
      ],
      { gw: gw.credentials },
    );
    const received = nextMessage(helper.getNode('caught'));
    const n1 = helper.getNode('n1');
    const statuses = recordStatuses(n1);
    n1.receive({ payload: '黑名单【星辰商城】', marker: 42 });
    const msg = await received;
    expect(msg.marker).toBe(42);
    expect(msg.error.message).toMatch(/1109/);
    expect(statuses.at(-1)).toEqual({ fill: 'red', shape: 'ring', text: '1109' });
    expect(JSON.stringify(statuses)).not.toContain('demo123');
  });

  test('the wrong password: an authentication error that never carries the password', async () => {
    const gw = gatewayFor('mobset');
    await load(
      [gw.node, { id: 'n1', type: 'china-sms', z: 'f1', gateway: 'gw', operation: 'account.balance', wires: [[]] }, { id: 'c1', type: 'catch', z: 'f1', scope: null, wires: [['caught']] }, { id: 'caught', type: 'helper', z: 'f1' }, { id: 'f1', type: 'tab' }],
      { gw: { password: 'Secret-Wrong-1' } },
    );
    const received = nextMessage(helper.getNode('caught'));
    helper.getNode('n1').receive({});
    const msg = await received;
    expect(msg.error.message).toMatch(/-105/);
    expect(JSON.stringify(msg)).not.toContain('Secret-Wrong-1');
  });

  test('${ENV} settings read the environment', async () => {
    process.env.CHINA_SMS_TEST_ACCOUNT = 'demo';
    const gw = gatewayFor('smsaspx');
    gw.node.account = '${CHINA_SMS_TEST_ACCOUNT}';
    await load([gw.node, { id: 'n1', type: 'china-sms', gateway: 'gw', operation: 'account.balance', wires: [['out']] }, { id: 'out', type: 'helper' }], { gw: gw.credentials });
    const received = nextMessage(helper.getNode('out'));
    helper.getNode('n1').receive({});
    expect((await received).payload.amount).toBeGreaterThan(0);
  });
});

describe('china-sms-poll', () => {
  test('input mode: an inject triggers one poll that drains the reports, each once', async () => {
    const gw = gatewayFor('smsaspx');
    await load([gw.node, { id: 'p1', type: 'china-sms-poll', gateway: 'gw', feed: 'deliveryReports', mode: 'input', interval: 60, wires: [['out']] }, { id: 'out', type: 'helper' }], { gw: gw.credentials });
    const client = helper.getNode('gw').client();
    await client.sendSms({ recipients: '13800138100,13800138101', content: '轮询【星辰商城】' });
    await sleep(50);
    const out = helper.getNode('out');
    const got: any[] = [];
    out.on('input', (msg: any) => got.push(msg));
    helper.getNode('p1').receive({ payload: 'tick' });
    for (let i = 0; i < 50 && got.length < 2; i++) await sleep(20);
    expect(got.filter((m) => ['13800138100', '13800138101'].includes(m.payload.mobile)).map((m) => m.topic)).toEqual(['deliveryReports', 'deliveryReports']);
  });

  test('interval mode is clamped to 10 s, and no timer survives a redeploy', async () => {
    // Watch the timers created while the flow is deployed: the poller's is the 10 s one.
    const created: Array<{ delay: number; handle: NodeJS.Timeout }> = [];
    const original = global.setTimeout;
    global.setTimeout = ((fn: (...args: unknown[]) => void, delay?: number, ...args: unknown[]) => {
      const handle = original(fn, delay, ...args);
      created.push({ delay: delay ?? 0, handle });
      return handle;
    }) as typeof setTimeout;
    try {
      const gw = gatewayFor('emay');
      await load([gw.node, { id: 'p1', type: 'china-sms-poll', gateway: 'gw', feed: 'inboundMessages', mode: 'interval', interval: 1, wires: [[]] }], { gw: gw.credentials });
    } finally {
      global.setTimeout = original;
    }
    const pollTimers = created.filter((t) => t.delay === 10_000);
    expect(pollTimers).toHaveLength(1);
    expect((pollTimers[0].handle as unknown as { _destroyed: boolean })._destroyed).toBe(false);
    await helper.unload();
    expect((pollTimers[0].handle as unknown as { _destroyed: boolean })._destroyed).toBe(true);
  });
});

describe('china-sms-push', () => {
  let server: Server;
  afterEach(() => server?.close());

  async function servePushNode(vendor: string, path: string) {
    const gw = gatewayFor(vendor);
    await load([gw.node, { id: 'push', type: 'china-sms-push', gateway: 'gw', path, wires: [['out']] }, { id: 'out', type: 'helper' }], { gw: gw.credentials });
    server = createServer(capturedRED.httpNode);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
  }

  const routes = () => (capturedRED.httpNode._router?.stack ?? []).filter((l: any) => l.route).length;

  test('answers success to an Emay push sent by the sandbox over real HTTP, then removes its route on close', async () => {
    const url = await servePushNode('emay', '/emay/push');
    // The demo account now pushes to the node (earlier tests' reports come along too).
    const account = sandbox.state.account('emay', 'EUCP-DEMO-0001')!;
    account.pushUrl = url;
    const got: any[] = [];
    helper.getNode('out').on('input', (m: any) => got.push(m));
    await helper.getNode('gw').client().sendSms({ recipients: '13800138200', content: '【亿美】推送' });
    for (let i = 0; i < 100 && !got.some((m) => m.payload.mobile === '13800138200'); i++) await sleep(20);
    expect(got.find((m) => m.payload.mobile === '13800138200')?.payload).toMatchObject({ mobile: '13800138200', status: 'delivered' });
    for (let i = 0; i < 50; i++) {
      if (sandbox.state.log.some((e) => e.endpoint === `push → ${url}` && e.outcome === 'answered "success"')) break;
      await sleep(20);
    }
    expect(sandbox.state.log.some((e) => e.endpoint === `push → ${url}` && e.outcome === 'answered "success"')).toBe(true);
    account.pushUrl = undefined;
    const before = routes();
    await helper.unload();
    expect(routes()).toBe(before - 1);
  });

  test('answers 1 to an sms.aspx push and error to garbage', async () => {
    const url = await servePushNode('smsaspx', '/aspx/push');
    const account = sandbox.state.account('smsaspx', 'demo')!;
    account.pushUrl = url;
    const got: any[] = [];
    helper.getNode('out').on('input', (m: any) => got.push(m));
    await helper.getNode('gw').client().sendSms({ recipients: '13800138201', content: '推送【星辰商城】' });
    for (let i = 0; i < 100 && !got.some((m) => m.payload.mobile === '13800138201'); i++) await sleep(20);
    expect(got.some((m) => m.payload.mobile === '13800138201')).toBe(true);
    account.pushUrl = undefined;
    for (let i = 0; i < 50 && !sandbox.state.log.some((e) => e.endpoint === `push → ${url}` && e.outcome === 'answered "1"'); i++) await sleep(20);
    expect(sandbox.state.log.some((e) => e.endpoint === `push → ${url}` && e.outcome === 'answered "1"')).toBe(true);
    const garbage = await fetch(url, { method: 'POST', body: 'garbage' });
    expect(await garbage.text()).toBe('error');
  });
});
