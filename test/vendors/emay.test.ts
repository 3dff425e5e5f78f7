import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { GatewayError } from '../../src/core/errors';
import { EmayClient, type EmayCredentials } from '../../src/core/vendors/emay/client';
import { decodeEmayPush, emayKey, openEmay, REPORT_STATES, sealEmay, toReport } from '../../src/core/vendors/emay/codec';
import { startSandbox, type Sandbox } from '../../src/sandbox/server';
import { MAGIC_NUMBERS } from '../../src/sandbox/state';
import { rejection } from '../helpers';

let sandbox: Sandbox;
let credentials: EmayCredentials;
let client: EmayClient;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SECRET = '0123456789abcdef';

beforeAll(async () => {
  sandbox = await startSandbox({ quiet: true, reportDelayMs: 20, pushIntervalMs: 20, emayPushRetryMs: [60, 120, 180] });
  credentials = { baseUrl: sandbox.baseUrls.emay, appId: 'EUCP-DEMO-0001', secretKey: SECRET };
  client = new EmayClient(credentials);
});
afterAll(() => sandbox.close());

const logSince = (seq: number) => sandbox.state.log.filter((e) => e.seq > seq && e.vendor === 'emay');
const lastSeq = () => sandbox.state.lastSeq;


describe('2.1 secure interface envelope', () => {
  test('known answer: a body built independently with gzip and openssl decrypts to the expected JSON', () => {
    // printf '<json>' | gzip -n -9 | openssl enc -aes-128-ecb -K 30313233343536373839616263646566 | base64 -w0
    const fixture = Buffer.from(
      '48FRsrPbJ02koS5N+ciOgz36iQX+0d9MK3MBEbLG3psU559TLM8JjS5ai8/BNbeQ2bE26jZLtY2jnP59mwQD4UAVYMWc99gbuGdLjPiMQuajCBkJ7BwdvI0nx2sxzJJcbOP6uY6gwChmEFr+zKKMfnc4ncHQHjWS1KncDaOVVyCiH7kn1AdQ5ihu64FWDQTC',
      'base64',
    );
    expect(openEmay(fixture, Buffer.from(SECRET))).toEqual({ mobile: '15538850000', content: '【清华大学】 i love you ! ', requestTime: 1490588340964, requestValidPeriod: 30 });
  });
  test('our sealed body round-trips with and without gzip', () => {
    const key = emayKey(SECRET);
    expect(openEmay(sealEmay({ a: '你好' }, key, true), key, true)).toEqual({ a: '你好' });
    expect(openEmay(sealEmay({ a: '你好' }, key, false), key, false)).toEqual({ a: '你好' });
  });
  test('a 15-byte secretKey is a clear error before any request', () => {
    const seq = lastSeq();
    expect(() => new EmayClient({ ...credentials, secretKey: '0123456789abcde' })).toThrow('secretKey: must be 16, 24 or 32 bytes long for AES (it is 15 bytes)');
    expect(logSince(seq)).toHaveLength(0);
  });
});

describe('secure interface sends', () => {
  test('sendSingleSMS with a customSmsId', async () => {
    const result = await client.sendSingle({ mobile: '13800138000', content: '【亿美】验证码 1234', customId: 'order-1' });
    expect(result.recipients).toEqual([{ mobile: '13800138000', customId: 'order-1', status: 'accepted', messageId: expect.stringMatching(/^\d{20}$/) }]);
  });
  test('sendBatchSMS: 1,100 numbers in 3 requests of at most 500, ids kept in order', async () => {
    const numbers = Array.from({ length: 1100 }, (_, i) => `135${String(i).padStart(8, '0')}`);
    const ids = numbers.map((_, i) => `c${i}`);
    const seq = lastSeq();
    const result = await client.sendSms({ recipients: numbers, content: '【亿美】通知', customIds: ids });
    expect(logSince(seq).map((e) => e.endpoint)).toEqual(['inter/sendBatchSMS', 'inter/sendBatchSMS', 'inter/sendBatchSMS']);
    expect(result.recipients.map((r) => r.customId)).toEqual(ids);
    expect(result.accepted).toBe(1100);
  });
  test('sendBatchSMS without ids: a number repeated 550 places later goes out once, in the first request', async () => {
    const numbers = Array.from({ length: 600 }, (_, i) => `136${String(i).padStart(8, '0')}`);
    numbers.splice(550, 0, numbers[3]);
    const seq = lastSeq();
    const result = await client.sendSms({ recipients: numbers, content: '【亿美】通知' });
    expect(logSince(seq).map((e) => e.endpoint)).toEqual(['inter/sendBatchSMS', 'inter/sendBatchSMS']);
    const charged = sandbox.state.messages.filter((m) => m.vendor === 'emay' && m.mobile === numbers[3] && m.submittedAt >= Date.now() - 5_000);
    expect(charged).toHaveLength(1);
    expect(result.accepted).toBe(600);
    expect(result.recipients.slice(600)).toEqual([{ mobile: numbers[3], status: 'rejected', error: { message: `${numbers[3]} is listed more than once`, sent: 'no' } }]);
    expect(result.billed).toBe(600);
  });
  test('sendBatchSMS with ids: repeats are removed before the ids are paired with the numbers', async () => {
    const seq = lastSeq();
    const result = await client.sendSms({ recipients: ['13800138071', '13800138072', '13800138071'], content: '【亿美】通知', customIds: ['i1', 'i2'] });
    expect(logSince(seq)).toHaveLength(1);
    expect(result.recipients.map((r) => [r.mobile, r.customId, r.status])).toEqual([
      ['13800138071', 'i1', 'accepted'],
      ['13800138072', 'i2', 'accepted'],
      ['13800138071', undefined, 'rejected'],
    ]);
  });
  test('sendBatchOnlySMS', async () => {
    expect((await client.sendBatchOnly({ recipients: '13800138001,13800138002', content: '【亿美】批量' })).accepted).toBe(2);
  });
  test('1,200 personalised messages make exactly 3 requests and return 1,200 results in order with their customSmsId', async () => {
    const messages = Array.from({ length: 1200 }, (_, i) => ({ mobile: `137${String(i).padStart(8, '0')}`, content: `【亿美】您好 ${i}`, customId: `p${i}` }));
    const seq = lastSeq();
    const result = await client.sendPersonalised({ messages });
    expect(logSince(seq).filter((e) => e.endpoint === 'inter/sendPersonalitySMS')).toHaveLength(3);
    expect(result.recipients).toHaveLength(1200);
    expect(result.recipients.map((r) => [r.mobile, r.customId])).toEqual(messages.map((m) => [m.mobile, m.customId]));
    // Each raw reply lists its chunk's numbers again; a caller can leave them out.
    expect(result.raw).toHaveLength(3);
    const lean = await client.sendPersonalised({ messages: messages.map((m) => ({ ...m, mobile: `136${m.mobile.slice(3)}` })) }, { rawReplies: false });
    expect(lean.raw).toEqual([]);
    expect(lean.accepted).toBe(1200);
    expect(lean.recipients.every((r) => r.status === 'accepted' && r.messageId)).toBe(true);
  });
  test('per-message schedules go through sendPersonalityAllSMS', async () => {
    const seq = lastSeq();
    const at = new Date(Date.now() + 3_600_000);
    await client.sendPersonalised({ messages: [{ mobile: '13800138003', content: '【亿美】甲', schedule: at }, { mobile: '13800138004', content: '【亿美】乙', extension: '01' }] });
    expect(logSince(seq)[0].endpoint).toBe('inter/sendPersonalityAllSMS');
  });
  test('limits are checked before sending: customSmsId 32, extendedCode 12 digits, timer 90 days', async () => {
    const seq = lastSeq();
    expect((await rejection(client.sendSms({ recipients: '13800138000', content: 'x', customIds: ['x'.repeat(33)] }))).field).toBe('customIds[0]');
    // One id per valid number, on every send that takes ids.
    for (const send of [
      () => client.sendSms({ recipients: '13800138000,13800138001', content: 'x', customIds: ['only-one'] }),
      () => client.sendTemplate({ recipients: '13800138000,13800138001', templateId: '1', customIds: ['a', 'b', 'c'] }),
      () => client.sendShortLink({ recipients: '13800138000', content: '{#短网址#}', url: 'https://emay.cn', customIds: ['a', 'b'] }),
    ]) {
      const error = await rejection(send());
      expect([error.field, error.rule]).toEqual(['customIds', 'must have one id per valid recipient']);
    }
    expect((await rejection(client.sendSms({ recipients: '13800138000', content: 'x', extension: '1234567890123' }))).field).toBe('extension');
    expect((await rejection(client.sendSms({ recipients: '13800138000', content: 'x', schedule: new Date(Date.now() + 91 * 86_400_000) }))).rule).toMatch(/90 days/);
    expect(logSince(seq)).toHaveLength(0);
  });
  test('a wrong key fails decryption at the gateway: ERROR_ENCRYPTION, an authentication error', async () => {
    const wrong = new EmayClient({ ...credentials, secretKey: 'fedcba9876543210' });
    const error = await rejection(wrong.balance());
    expect(error.vendorCode).toBe('ERROR_ENCRYPTION');
    expect(error.kind).toBe('authentication');
    expect(JSON.stringify(error.toJSON())).not.toContain('fedcba9876543210');
  });
  test('an unknown appId is ERROR_APPID', async () => {
    expect((await rejection(new EmayClient({ ...credentials, appId: 'EUCP-NOPE' }).balance())).vendorCode).toBe('ERROR_APPID');
  });
  test('a request replayed after its validity period is refused with ERROR_REQUEST_NO_VALID and says the clock may be off', async () => {
    const key = emayKey(SECRET);
    const body = sealEmay({ requestTime: Date.now() - 5_000, requestValidPeriod: 1 }, key, true);
    const reply = await request(`${sandbox.baseUrls.emay}/inter/getBalance`, { method: 'POST', headers: { appId: credentials.appId, gzip: 'on' }, body });
    await reply.body.text();
    expect(reply.headers.result).toBe('ERROR_REQUEST_NO_VALID');
    const late = new EmayClient({ ...credentials, requestValidPeriod: 30 }, { now: () => new Date(Date.now() - 120_000) });
    const error = await rejection(late.balance());
    expect(error.vendorCode).toBe('ERROR_REQUEST_NO_VALID');
    expect(error.hint).toMatch(/clock/);
  });
  test('the same sealed bytes sent twice within the validity period are refused the second time', async () => {
    const key = emayKey(SECRET);
    const body = sealEmay({ requestTime: Date.now(), requestValidPeriod: 60 }, key, true);
    const send = async () => {
      const reply = await request(`${sandbox.baseUrls.emay}/inter/getBalance`, { method: 'POST', headers: { appId: credentials.appId, gzip: 'on' }, body });
      await reply.body.arrayBuffer();
      return reply.headers.result;
    };
    expect(await send()).toBe('SUCCESS');
    expect(await send()).toBe('ERROR_REQUEST_NO_VALID');
  });
  test('two identical queries in the same millisecond are not taken for a replay', async () => {
    const frozen = new Date();
    const still = new EmayClient(credentials, { now: () => frozen });
    const [a, b] = await Promise.all([still.balance(), still.balance()]);
    expect(a.amount).toBe(b.amount);
  });
  test('gzip off works too (and is what the benchmark compares)', async () => {
    const plain = new EmayClient({ ...credentials, gzip: false });
    expect((await plain.balance()).amount).toBeGreaterThan(0);
  });
});

describe('templates and short links', () => {
  test('create, query (pending then approved), send normal and variable templates, delete', async () => {
    const template = await client.createTemplate('【亿美】尊敬的${name}，您的余额为${money}元');
    expect((await client.queryTemplate(template.id)).state).toBe('pending');
    expect((await rejection(client.sendTemplate({ recipients: '13800138010', templateId: template.id }))).vendorCode).toBe('ERROR_PARAMS');
    await sleep(40);
    expect((await client.queryTemplate(template.id)).state).toBe('approved');
    const sent = await client.sendTemplateVariables({ templateId: template.id, messages: [{ mobile: '13800138011', variables: { name: '王先生', money: '10983.4' }, customId: 'v1' }] });
    expect(sent.recipients[0].customId).toBe('v1');
    expect(sandbox.state.message(sent.recipients[0].messageId!)!.content).toBe('【亿美】尊敬的王先生，您的余额为10983.4元');
    expect((await client.sendTemplate({ recipients: '13800138012', templateId: template.id })).accepted).toBe(1);
    const withIds = await client.sendTemplate({ recipients: '13800138013,13800138014', templateId: template.id, customIds: ['t1', 't2'] });
    expect(withIds.recipients.map((r) => [r.mobile, r.customId, r.status])).toEqual([['13800138013', 't1', 'accepted'], ['13800138014', 't2', 'accepted']]);
    expect((await client.deleteTemplate(template.id)).deleted).toBe(true);
    expect((await client.deleteTemplate(template.id)).deleted).toBe(false);
    expect((await rejection(client.queryTemplate(template.id))).vendorCode).toBe('-1');
  });
  test('short link: {#短网址#} is required, a click comes back once', async () => {
    await expect(client.sendShortLink({ recipients: '13800138020', content: '没有占位', url: 'https://emay.cn' })).rejects.toThrow(/\{#短网址#\}/);
    const sent = await client.sendShortLink({ recipients: '13800138020', content: '【亿美】详情{#短网址#}', url: 'https://emay.cn', precise: true, customIds: ['s1'] });
    expect(sent.recipients[0].customId).toBe('s1');
    const text = sandbox.state.message(sent.recipients[0].messageId!)!.content;
    const link = /http:\/\/\S+/.exec(text)![0];
    await (await fetch(link)).text();
    const clicks = await client.shortLinkClicks();
    expect(clicks.map((c) => [c.mobile, c.longLink])).toEqual([['13800138020', 'https://emay.cn']]);
    expect(await client.shortLinkClicks()).toEqual([]);
  });
});

describe('reports, MO, balance, retrieveReport', () => {
  test('reports are handed out once; DELIVRD and FAIL_* map to the common model with the raw state', async () => {
    const sent = await client.sendSms({ recipients: `13800138030,${MAGIC_NUMBERS.blacklisted}`, content: '【亿美】回执', customIds: ['r1', 'r2'] });
    await sleep(60);
    const { items } = await client.drainDeliveryReports();
    const mine = items.filter((r) => r.customId === 'r1' || r.customId === 'r2');
    expect(mine.map((r) => [r.customId, r.status, r.vendorStatus])).toEqual([
      ['r1', 'delivered', 'DELIVRD'],
      ['r2', 'rejected', 'FAIL_BLACK_LIST'],
    ]);
    expect(mine[0].deliveredAt).toBeInstanceOf(Date); // "receiveTime " with its trailing space
    expect((await client.deliveryReports()).filter((r) => r.customId === 'r1')).toEqual([]);
    // retrieveReport hands them out again for the submit-time window
    const from = new Date(Date.now() - 60_000);
    const recovered = await client.recoverReports({ from, to: new Date() });
    expect(recovered.raw).toEqual(['SUCCESS']);
    expect((await client.drainDeliveryReports()).items.some((r) => r.messageId === sent.recipients[0].messageId)).toBe(true);
  });
  test('every documented report state maps, and an unknown FAIL_ is a failure', () => {
    for (const [state, known] of Object.entries(REPORT_STATES)) expect(toReport({ mobile: '1', state }).status).toBe(known.status);
    expect(toReport({ mobile: '1', state: 'TIMEOUT' }).status).toBe('expired');
    expect(toReport({ mobile: '1', state: 'FAIL_NEW_THING' }).status).toBe('failed');
  });
  test('recover: a 25-minute range becomes 3 windows; limits are checked before sending', async () => {
    const to = new Date(Date.now() - 1000);
    const from = new Date(to.getTime() - 25 * 60_000);
    const seq = lastSeq();
    const result = await client.recoverReports({ from, to });
    expect(result.windows).toHaveLength(3);
    expect(logSince(seq).filter((e) => e.endpoint === 'report/retrieveReport')).toHaveLength(3);
    await expect(client.recoverReports({ from: new Date(Date.now() - 31 * 86_400_000), to })).rejects.toThrow(/from: must be within the last 30 days/);
    await expect(client.recoverReports({ from, to, smsIds: Array.from({ length: 1001 }, (_, i) => i) })).rejects.toThrow(/at most 1000 smsIds/);
  });
  test('the gateway refuses a window over 10 minutes itself (ERROR_REPORT_TIME)', async () => {
    const { emaySign } = await import('../../src/core/vendors/emay/codec');
    const { formatBeijing } = await import('../../src/core/time');
    const timestamp = formatBeijing(new Date(), 'compact14');
    const body = new URLSearchParams({ appId: credentials.appId, timestamp, sign: emaySign(credentials.appId, SECRET, timestamp), startTime: formatBeijing(new Date(Date.now() - 20 * 60_000), 'compact14'), endTime: formatBeijing(new Date(Date.now() - 60_000), 'compact14') });
    expect(await (await fetch(`${sandbox.baseUrls.emay}/report/retrieveReport`, { method: 'POST', body })).text()).toBe('ERROR_REPORT_TIME');
  });
  test('MO and balance', async () => {
    await fetch(`${sandbox.url}/admin/reply`, { method: 'POST', body: JSON.stringify({ vendor: 'emay', mobile: '13800138040', content: 'TD' }) });
    expect((await client.inboundMessages()).map((m) => [m.mobile, m.content])).toEqual([['13800138040', 'TD']]);
    expect((await client.balance()).amount).toBe(sandbox.state.account('emay', credentials.appId)!.balance);
  });
});

describe('2.2 simple interface', () => {
  let simple: EmayClient;
  beforeAll(() => {
    simple = new EmayClient({ ...credentials, interface: 'simple' });
  });
  test('sendSMS, sendPersonalitySMS, getReport, getMo, getBalance', async () => {
    const seq = lastSeq();
    const sent = await simple.sendSms({ recipients: '13800138050,13800138051', content: '【亿美】普通接口', schedule: new Date(Date.now() + 60_000) });
    expect(sent.accepted).toBe(2);
    expect(logSince(seq)[0].fields.timerTime).toMatch(/^\d{14}$/);
    expect(logSince(seq)[0].fields.sign).toBe('***');
    const personal = await simple.sendPersonalised({ messages: [{ mobile: '13800138052', content: '【亿美】天气不错1啊' }, { mobile: '13800138053', content: '【亿美】天气不错2啊' }] });
    expect(personal.recipients.map((r) => r.status)).toEqual(['accepted', 'accepted']);
    await sleep(60);
    expect((await simple.deliveryReports()).length).toBeGreaterThan(0);
    await fetch(`${sandbox.url}/admin/reply`, { method: 'POST', body: JSON.stringify({ vendor: 'emay', mobile: '13800138052', content: '好' }) });
    expect((await simple.inboundMessages()).map((m) => m.content)).toEqual(['好']);
    expect((await simple.balance()).amount).toBeGreaterThan(0);
  });
  test('a wrong key is ERROR_SIGN; a skewed clock is ERROR_TIMESTAMP', async () => {
    expect((await rejection(new EmayClient({ ...credentials, interface: 'simple', secretKey: 'x'.repeat(16) }).balance())).vendorCode).toBe('ERROR_SIGN');
    expect((await rejection(new EmayClient({ ...credentials, interface: 'simple' }, { now: () => new Date(Date.now() - 3_600_000) }).balance())).vendorCode).toBe('ERROR_TIMESTAMP');
  });
  test('secure-only functions say so before sending', async () => {
    await expect(simple.createTemplate('x')).rejects.toThrow(/only on the secure interface/);
  });
});

describe('2.3 push', () => {
  let receiver: Server;
  let url: string;
  const received: Array<{ headers: Record<string, string | string[] | undefined>; body: Buffer }> = [];
  let answerWrong = 0;
  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const entry = { headers: req.headers, body: Buffer.concat(chunks) };
        received.push(entry);
        if (answerWrong > 0) {
          answerWrong--;
          res.end('fail');
          return;
        }
        try {
          decodeEmayPush(entry, { appId: 'EUCP-PUSH', secretKey: SECRET });
          res.end('success');
        } catch {
          res.end('error');
        }
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/emay`;
    sandbox.state.accounts.push({ vendor: 'emay', login: 'EUCP-PUSH', password: SECRET, balance: 1000, pushUrl: url, pushEncrypted: true });
  });
  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

  test('an encrypted and a plain push decode to the same common reports', async () => {
    const pusher = new EmayClient({ ...credentials, appId: 'EUCP-PUSH' });
    received.length = 0;
    await pusher.sendSms({ recipients: '13800138060', content: '【亿美】推送', customIds: ['push-1'] });
    for (let i = 0; i < 100 && received.length === 0; i++) await sleep(20);
    const encrypted = decodeEmayPush(received[0], { appId: 'EUCP-PUSH', secretKey: SECRET });
    const account = sandbox.state.account('emay', 'EUCP-PUSH')!;
    account.pushEncrypted = false;
    received.length = 0;
    await pusher.sendSms({ recipients: '13800138060', content: '【亿美】推送', customIds: ['push-1'] });
    for (let i = 0; i < 100 && received.length === 0; i++) await sleep(20);
    expect(String(received[0].headers['content-type'])).toContain('form-urlencoded');
    const plain = decodeEmayPush(received[0], { appId: 'EUCP-PUSH', secretKey: SECRET });
    const common = (p: typeof plain) => p.reports.map((r) => ({ ...r, raw: undefined, messageId: undefined, submittedAt: undefined, deliveredAt: undefined }));
    expect(common(plain)).toEqual(common(encrypted));
    expect(plain.reports[0]).toMatchObject({ customId: 'push-1', status: 'delivered', vendorStatus: 'DELIVRD' });
    account.pushEncrypted = true;
  });
  test('a wrong answer is retried on the documented schedule, then given up', async () => {
    received.length = 0;
    answerWrong = 10;
    await new EmayClient({ ...credentials, appId: 'EUCP-PUSH' }).sendSms({ recipients: '13800138061', content: '【亿美】重试' });
    await sleep(900);
    expect(received).toHaveLength(4); // the first try and three retries (10 s, 1 min, 10 min, scaled here)
    answerWrong = 0;
  });
  test('a tampered body, a wrong appId and garbage are refused (no success)', () => {
    const key = emayKey(SECRET);
    const sealed = sealEmay([{ mobile: '1', state: 'DELIVRD' }], key, true);
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1] ^= 0xff;
    expect(() => decodeEmayPush({ headers: { appid: 'EUCP-PUSH' }, body: tampered }, { appId: 'EUCP-PUSH', secretKey: SECRET })).toThrow(GatewayError);
    expect(() => decodeEmayPush({ headers: { appid: 'OTHER' }, body: sealed }, { appId: 'EUCP-PUSH', secretKey: SECRET })).toThrow(/appId/);
    expect(() => decodeEmayPush({ headers: { appid: 'EUCP-PUSH', 'content-type': 'application/x-www-form-urlencoded' }, body: Buffer.from('reports=notjson') }, { appId: 'EUCP-PUSH', secretKey: SECRET })).toThrow(GatewayError);
    expect(decodeEmayPush({ headers: { appid: 'EUCP-PUSH' }, body: sealed }, { appId: 'EUCP-PUSH', secretKey: SECRET }).reports).toHaveLength(1);
  });
});

describe('every endpoint refuses an unknown appId (ERROR_APPID) and a bad request is the gateway\'s own code', () => {
  let wrong: EmayClient;
  let wrongSimple: EmayClient;
  beforeAll(() => {
    wrong = new EmayClient({ ...credentials, appId: 'EUCP-UNKNOWN' });
    wrongSimple = new EmayClient({ ...credentials, appId: 'EUCP-UNKNOWN', interface: 'simple' });
  });
  const calls: Array<[string, () => Promise<unknown>]> = [
    ['sendSingleSMS', () => wrong.sendSingle({ mobile: '13800138000', content: 'x' })],
    ['sendBatchSMS', () => wrong.sendSms({ recipients: '13800138000', content: 'x' })],
    ['sendBatchOnlySMS', () => wrong.sendBatchOnly({ recipients: '13800138000', content: 'x' })],
    ['sendPersonalitySMS', () => wrong.sendPersonalised({ messages: [{ mobile: '13800138000', content: 'x' }] })],
    ['sendPersonalityAllSMS', () => wrong.sendPersonalised({ messages: [{ mobile: '13800138000', content: 'x' }], perMessage: true })],
    ['createTemplateSMS', () => wrong.createTemplate('x')],
    ['deleteTemplateSMS', () => wrong.deleteTemplate('1')],
    ['queryTemplateSMS', () => wrong.queryTemplate('1')],
    ['sendTemplateNormalSMS', () => wrong.sendTemplate({ recipients: '13800138000', templateId: '1' })],
    ['sendTemplateVariableSMS', () => wrong.sendTemplateVariables({ templateId: '1', messages: [{ mobile: '13800138000', variables: {} }] })],
    ['sendShortLinkSMS', () => wrong.sendShortLink({ recipients: '13800138000', content: '{#短网址#}', url: 'https://emay.cn' })],
    ['getReport', () => wrong.deliveryReports()],
    ['getMo', () => wrong.inboundMessages()],
    ['getShortLink', () => wrong.shortLinkClicks()],
    ['getBalance', () => wrong.balance()],
    ['simple sendSMS', () => wrongSimple.sendSms({ recipients: '13800138000', content: 'x' })],
    ['simple sendPersonalitySMS', () => wrongSimple.sendPersonalised({ messages: [{ mobile: '13800138000', content: 'x' }] })],
    ['simple getReport', () => wrongSimple.deliveryReports()],
    ['simple getMo', () => wrongSimple.inboundMessages()],
    ['simple getBalance', () => wrongSimple.balance()],
    ['retrieveReport', () => wrong.recoverReports({ from: new Date(Date.now() - 60_000), to: new Date() })],
  ];
  test.each(calls)('%s', async (_name, call) => {
    const error = await rejection(call());
    expect(error.vendorCode).toBe('ERROR_APPID');
    expect(error.kind).toBe('authentication');
  });
  test('ERROR_OVER_SPEED is retried for queries, with backoff', async () => {
    await fetch(`${sandbox.url}/admin/faults`, { method: 'POST', body: JSON.stringify({ type: 'rateLimit', match: '/emay/inter/getBalance', remaining: 2 }) });
    const seq = lastSeq();
    expect((await client.balance()).amount).toBeGreaterThan(0);
    expect(logSince(seq).map((e) => e.outcome)).toEqual(['ERROR_OVER_SPEED', 'ERROR_OVER_SPEED', 'SUCCESS']);
  });
});
