import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { md5Hex } from '../../src/core/crypto';
import { GatewayError } from '../../src/core/errors';
import { EmayClient } from '../../src/core/vendors/emay/client';
import { MobsetClient } from '../../src/core/vendors/mobset/client';
import { MmsAspxClient } from '../../src/core/vendors/mmsaspx/client';
import { SmsAspxClient } from '../../src/core/vendors/smsaspx/client';
import { Mobset } from '../../src/nodes/Mobset/Mobset.node';
import { MobsetTrigger } from '../../src/nodes/Mobset/MobsetTrigger.node';
import { startSandbox, type Sandbox } from '../../src/sandbox/server';
import { execute, pollContext } from '../n8n/harness';

let sandbox: Sandbox;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
beforeAll(async () => {
  sandbox = await startSandbox({ quiet: true, reportDelayMs: 20 });
});
afterAll(() => sandbox.close());

describe('triggers across a host restart mid-poll', () => {
  test('nothing emitted twice, nothing the gateway handed out dropped without an error', async () => {
    const credentials = { corpId: '300001', loginName: 'demo', password: 'demo123', baseUrl: sandbox.baseUrls.mobset, protocol: 'sdk3', timestampForm: '14' };
    const numbers = Array.from({ length: 120 }, (_, i) => `186${String(i).padStart(8, '0')}`);
    await execute(new Mobset(), { parameters: { resource: 'sms', operation: 'send', recipients: numbers.join(','), content: '重启' }, credentials });
    await sleep(60);
    // The second report slice breaks off (three resets outlast the query's retries); the host
    // "restarts" after the first poll.
    await fetch(`${sandbox.url}/admin/faults`, { method: 'POST', body: JSON.stringify({ type: 'reset', match: '/mobset/SDK3', after: 1, remaining: 3 }) });
    const persisted: IDataObject = {};
    const first = pollContext(new MobsetTrigger(), { parameters: { event: 'deliveryReports' }, credentials, staticData: persisted });
    const emitted1 = ((await new MobsetTrigger().poll!.call(first.context as never)) ?? [[]])[0] as INodeExecutionData[];
    expect(emitted1).toHaveLength(50);
    expect(first.warnings.join(' ')).toMatch(/poll stopped early/);
    // A new process: new node instance, the workflow's saved static data.
    const saved = JSON.parse(JSON.stringify(persisted)) as IDataObject;
    const second = pollContext(new MobsetTrigger(), { parameters: { event: 'deliveryReports' }, credentials, staticData: saved });
    const emitted2 = ((await new MobsetTrigger().poll!.call(second.context as never)) ?? [[]])[0] as INodeExecutionData[];
    const ids = [...emitted1, ...emitted2].map((i) => i.json.messageId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(120);
  });
});

describe('secrets never leak', () => {
  test('no password or key, plain or as its MD5, in errors, results, logs or the sandbox log', async () => {
    const captured: string[] = [];
    const originals = { log: console.log, warn: console.warn, error: console.error };
    for (const level of ['log', 'warn', 'error'] as const) console[level] = (...args: unknown[]) => captured.push(args.map(String).join(' '));
    const secrets = ['demo123', '0123456789abcdef', 'wrong-secret-1', 'ffffffffffffffff'];
    const record = (value: unknown) => captured.push(value instanceof GatewayError ? JSON.stringify(value.toJSON()) + value.stack : JSON.stringify(value));
    try {
      const logs: string[] = [];
      const transportLog = { transportOptions: { log: (e: unknown) => logs.push(JSON.stringify(e)), retry: { attempts: 1 } } };
      const clients = [
        new SmsAspxClient({ baseUrl: sandbox.baseUrls.smsaspx, account: 'demo', password: 'demo123', userId: '1001', sendEndpoint: 'ensms.ashx' }, transportLog),
        new SmsAspxClient({ baseUrl: sandbox.baseUrls.smsaspx, account: 'demo', password: 'wrong-secret-1' }, transportLog),
        new MmsAspxClient({ baseUrl: sandbox.baseUrls.mmsaspx, account: 'demo', password: 'demo123' }, transportLog),
        new MmsAspxClient({ baseUrl: sandbox.baseUrls.mmsaspx, account: 'demo', password: 'wrong-secret-1' }, transportLog),
        new EmayClient({ baseUrl: sandbox.baseUrls.emay, appId: 'EUCP-DEMO-0001', secretKey: '0123456789abcdef' }, transportLog),
        new EmayClient({ baseUrl: sandbox.baseUrls.emay, appId: 'EUCP-DEMO-0001', secretKey: 'ffffffffffffffff' }, transportLog),
        new EmayClient({ baseUrl: sandbox.baseUrls.emay, appId: 'EUCP-DEMO-0001', secretKey: 'ffffffffffffffff', interface: 'simple' }, transportLog),
      ];
      const mobset = [new MobsetClient({ corpId: '300001', loginName: 'demo', password: 'demo123', baseUrl: sandbox.baseUrls.mobset }, transportLog), new MobsetClient({ corpId: '300001', loginName: 'demo', password: 'wrong-secret-1', baseUrl: sandbox.baseUrls.mobset }, transportLog)];
      for (const client of clients) {
        for (const call of [() => client.balance(), () => (client instanceof MmsAspxClient ? client.sendMms({ recipients: '13800138000', title: 't', frames: [{ text: 'x' }] }) : client.sendSms({ recipients: '13800138000', content: '【星辰商城】秘密' }))]) {
          try {
            record(await call());
          } catch (error) {
            record(error);
          }
        }
      }
      for (const client of mobset) {
        for (const call of [() => client.sdk3.balance(), () => client.soap.balance(), () => client.sdk3.sendSms({ recipients: '13800138000', content: 'x' })]) {
          try {
            record(await call());
          } catch (error) {
            record(error);
          }
        }
      }
      captured.push(...logs);
      captured.push(JSON.stringify(sandbox.state.log));
      captured.push(await (await fetch(`${sandbox.url}/admin/state`)).text());
      captured.push(await (await fetch(`${sandbox.url}/admin/log`)).text());
    } finally {
      Object.assign(console, originals);
    }
    const everything = captured.join('\n');
    expect(everything.length).toBeGreaterThan(1000);
    for (const secret of secrets) {
      for (const form of [secret, md5Hex(secret, 'upper'), md5Hex(secret, 'lower')]) expect(everything).not.toContain(form);
    }
  });
});
