import { GatewayError } from '../../src/core/errors';
import { MmsAspxClient, readSendMmsReply, SEND_CODES } from '../../src/core/vendors/mmsaspx/client';
import { parseSendMmsContent, sendMmsContent } from '../../src/core/vendors/aspx/mms';
import { startSandbox, type Sandbox } from '../../src/sandbox/server';
import { rejection } from '../helpers';

let sandbox: Sandbox;
let client: MmsAspxClient;
const gif = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const jpg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9]);

beforeAll(async () => {
  sandbox = await startSandbox({ quiet: true, reportDelayMs: 20 });
  client = new MmsAspxClient({ baseUrl: sandbox.baseUrls.mmsaspx, account: 'demo', password: 'demo123', userId: '1001' });
});
afterAll(() => sandbox.close());

const lastSeq = () => sandbox.state.lastSeq;
const logSince = (seq: number) => sandbox.state.log.filter((e) => e.seq > seq && e.vendor === 'mmsaspx');


describe('sendmms.aspx content: frames joined by ;, playtime,type|base64; text in GB2312', () => {
  test('the document\'s example shape round-trips', () => {
    const content = sendMmsContent([
      { durationSeconds: 3, text: '你好', files: [{ fileName: 'p.jpg', data: jpg }] },
      { durationSeconds: 3, files: [{ fileName: 'a.gif', data: gif }] },
    ]);
    // 你好 in GB2312 is C4 E3 BA C3, base64 xOO6ww==
    expect(content.startsWith('3,txt|xOO6ww==,jpg|')).toBe(true);
    const back = parseSendMmsContent(content);
    expect(back).toHaveLength(2);
    expect(back[0].resources[0].text).toBe('你好');
    expect(back[1].resources[0].data.equals(gif)).toBe(true);
  });
  test('only txt, gif and jpg are accepted', () => {
    expect(() => sendMmsContent([{ files: [{ fileName: 'x.png', data: gif }] }])).toThrow(/frames\[0\]\.files\[0\]: must be one of txt, gif, jpg/);
  });
});

describe('彩信下发接口', () => {
  test('sends and reads balance:taskid', async () => {
    const before = sandbox.state.account('mmsaspx', 'demo')!.balance;
    const result = await client.sendMms({ recipients: '13800138000,13900139000', title: '新品', frames: [{ text: '春季新品', files: [{ fileName: 'a.gif', data: gif }] }] });
    expect(result.accepted).toBe(2);
    expect(result.balance).toBe(before - 2);
    expect(result.batchId).toMatch(/^\w+$/);
  });
  test('the password goes plain (as the document shows) and is masked in the log', async () => {
    const seq = lastSeq();
    await client.sendMms({ recipients: '13800138000', title: 't', frames: [{ text: 'x' }] });
    expect(logSince(seq)[0].fields.password).toBe('***');
  });
  test('code 2: a wrong password is an authentication error with the document\'s text', async () => {
    const wrong = new MmsAspxClient({ baseUrl: sandbox.baseUrls.mmsaspx, account: 'demo', password: 'bad-secret' });
    const error = await rejection(wrong.sendMms({ recipients: '13800138000', title: 't', frames: [{ text: 'x' }] }));
    expect(error.vendorCode).toBe('2');
    expect(error.vendorText).toBe('用户名或密码错误');
    expect(error.kind).toBe('authentication');
  });
  test('2,001 numbers are split into 2 requests (2,000 at most)', async () => {
    const numbers = Array.from({ length: 2001 }, (_, i) => `136${String(i).padStart(8, '0')}`);
    sandbox.state.account('mmsaspx', 'demo')!.balance = 10_000;
    const seq = lastSeq();
    const result = await client.sendMms({ recipients: numbers, title: 't', frames: [{ text: 'x' }] });
    expect(logSince(seq)).toHaveLength(2);
    expect(result.accepted).toBe(2001);
  });
  test('code 6 on one chunk fails only that chunk\'s recipients', async () => {
    sandbox.state.account('mmsaspx', 'demo')!.balance = 2500;
    const numbers = Array.from({ length: 4000 }, (_, i) => `137${String(i).padStart(8, '0')}`);
    const result = await client.sendMms({ recipients: numbers, title: 't', frames: [{ text: 'x' }] });
    expect(result.accepted).toBe(2000);
    expect(result.recipients.slice(2000).every((r) => r.status === 'failed' && r.error?.code === '6')).toBe(true);
  });
  test('title plus content over 100 KB is refused before any request', async () => {
    const seq = lastSeq();
    const error = await rejection(client.sendMms({ recipients: '13800138000', title: 't', frames: [{ files: [{ fileName: 'big.jpg', data: Buffer.alloc(100 * 1024) }] }] }));
    expect(error.field).toBe('frames');
    expect(logSince(seq)).toHaveLength(0);
  });
  test('every documented return code maps with its meaning', () => {
    for (const code of Object.keys(SEND_CODES)) {
      try {
        readSendMmsReply(code);
        throw new Error('no error');
      } catch (error) {
        expect((error as GatewayError).vendorCode).toBe(code);
        expect((error as GatewayError).vendorText).toBe(SEND_CODES[code]);
      }
    }
    expect(Object.keys(SEND_CODES)).toHaveLength(11);
    expect(() => readSendMmsReply('<html>oops</html>')).toThrow(/neither balance:taskid nor a code/);
  });
});

describe('余额查询接口 and 状态报告接口', () => {
  test('balance', async () => {
    expect((await client.balance()).amount).toBe(sandbox.state.account('mmsaspx', 'demo')!.balance);
  });
  test('reports come once', async () => {
    const sent = await client.sendMms({ recipients: '13800138099', title: 't', frames: [{ text: 'x' }] });
    await new Promise((r) => setTimeout(r, 80));
    const { items } = await client.drainDeliveryReports();
    expect(items.filter((r) => r.batchId === sent.batchId).map((r) => r.status)).toEqual(['delivered']);
    expect((await client.deliveryReports()).filter((r) => r.batchId === sent.batchId)).toEqual([]);
  });
  test('statusNum over 10000 is refused before sending', async () => {
    await expect(client.deliveryReports({ max: 10001 })).rejects.toThrow(/max: must be a whole number from 1 to 10000/);
  });
});

describe('a wrong password on every function', () => {
  const wrong = () => new MmsAspxClient({ baseUrl: sandbox.baseUrls.mmsaspx, account: 'demo', password: 'nope-nope' });
  test('send: code 2; overage: Faild; mmsStatusApi: errorstatus 2', async () => {
    expect((await rejection(wrong().sendMms({ recipients: '13800138000', title: 't', frames: [{ text: 'x' }] }))).vendorCode).toBe('2');
    expect((await rejection(wrong().balance())).kind).toBe('authentication');
    expect((await rejection(wrong().deliveryReports())).vendorCode).toBe('2');
  });
});
