import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GatewayError } from '../../src/core/errors';
import { formatBeijing } from '../../src/core/time';
import { SmsAspxClient, type SmsAspxCredentials } from '../../src/core/vendors/smsaspx/client';
import { buildTms, parseTms } from '../../src/core/vendors/smsaspx/codec';
import { decodeSmsAspxPush } from '../../src/core/vendors/smsaspx/push';
import { readStatusBoxes, parseReturnSmsXml, readSendReply, readOverageReply, parseJsonReply } from '../../src/core/vendors/aspx/returnsms';
import { framesToTmsParts } from '../../src/core/vendors/aspx/mms';
import { startSandbox, type Sandbox } from '../../src/sandbox/server';
import { MAGIC_NUMBERS } from '../../src/sandbox/state';
import { rejection } from '../helpers';

let sandbox: Sandbox;
let credentials: SmsAspxCredentials;
let client: SmsAspxClient;

beforeAll(async () => {
  sandbox = await startSandbox({ quiet: true, reportDelayMs: 20 });
  credentials = { baseUrl: sandbox.baseUrls.smsaspx, account: 'demo', password: 'demo123', userId: '1001' };
  client = new SmsAspxClient(credentials);
});
afterAll(async () => {
  await sandbox.close();
});

const logSince = (seq: number) => sandbox.state.log.filter((entry) => entry.seq > seq && entry.vendor === 'smsaspx');
const lastSeq = () => sandbox.state.lastSeq;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));


describe('第一章 sms.aspx send (UTF-8)', () => {
  test('sends to two numbers and returns per-recipient results with the taskID', async () => {
    const before = sandbox.state.account('smsaspx', 'demo')!.balance;
    const result = await client.sendSms({ recipients: '13800138000, +86 139 0013 9000', content: '您的订单已发货【星辰商城】' });
    expect(result.accepted).toBe(2);
    expect(result.recipients.map((r) => [r.mobile, r.status])).toEqual([
      ['13800138000', 'accepted'],
      ['13900139000', 'accepted'],
    ]);
    expect(result.batchId).toMatch(/^\d{16}$/);
    expect(result.balance).toBe(before - 2);
    expect(result.raw).toHaveLength(1);
  });

  test('a list with repeats across requests: each number charged once, repeats reported in order, billed counts what went out', async () => {
    const chunked = new SmsAspxClient({ ...credentials, recipientsPerRequest: 2 });
    const [a, b, c, d] = ['13800138061', '13800138062', '13800138063', '13800138064'];
    const seq = lastSeq();
    const result = await chunked.sendSms({ recipients: [a, b, a, c, b, a, d], content: `${'长'.repeat(70)}【星辰商城】` });
    expect(logSince(seq).map((e) => e.fields.mobile)).toEqual([`${a},${b}`, `${c},${d}`]);
    const charged = sandbox.state.messages.filter((m) => m.vendor === 'smsaspx' && result.batchId!.split(',').includes(m.batchId!)).map((m) => m.mobile);
    expect(charged.sort()).toEqual([a, b, c, d]);
    expect(result.recipients.map((r) => [r.mobile, r.status])).toEqual([
      [a, 'accepted'],
      [b, 'accepted'],
      [c, 'accepted'],
      [d, 'accepted'],
      [a, 'rejected'],
      [b, 'rejected'],
      [a, 'rejected'],
    ]);
    expect(result.recipients[4].error).toEqual({ message: `${a} is listed more than once`, sent: 'no' });
    expect(result.accepted).toBe(4);
    expect(result.parts).toBe(2);
    expect(result.billed).toBe(8);
  });

  test('the password travels as MD5 upper case and is masked in the sandbox log', async () => {
    const seq = lastSeq();
    await client.sendSms({ recipients: '13800138001', content: '测试【星辰商城】' });
    const entry = logSince(seq)[0];
    expect(entry.endpoint).toBe('sms.aspx');
    expect(entry.fields.password).toBe('***');
    expect(JSON.stringify(sandbox.state.log)).not.toContain('demo123');
  });

  test('a wrong password is a typed authentication error that names the account, never the password', async () => {
    const wrong = new SmsAspxClient({ ...credentials, password: 'wrong-pass-42' });
    const error = await rejection(wrong.sendSms({ recipients: '13800138000', content: '测试【星辰商城】' }));
    expect(error.kind).toBe('authentication');
    expect(error.vendorCode).toBe('1005');
    expect(error.vendorText).toBe('用户名或密码错误');
    expect(error.sent).toBe('no');
    expect(JSON.stringify(error.toJSON()) + error.stack).not.toMatch(/wrong-pass-42/i);
  });

  test('a blacklisted number is refused by the gateway with 1109', async () => {
    const error = await rejection(client.sendSms({ recipients: MAGIC_NUMBERS.blacklisted, content: '测试【星辰商城】' }));
    expect(error.vendorCode).toBe('1109');
    expect(error.kind).toBe('gateway');
  });

  test('content without a 【signature】 is refused before anything is sent', async () => {
    const seq = lastSeq();
    const error = await rejection(client.sendSms({ recipients: '13800138000', content: '没有签名' }));
    expect(error.kind).toBe('validation');
    expect(error.field).toBe('content');
    expect(logSince(seq)).toHaveLength(0);
  });

  test('the credential signature is appended when the content has none', async () => {
    const signed = new SmsAspxClient({ ...credentials, signature: '星辰商城' });
    const result = await signed.sendSms({ recipients: '13800138002', content: '自动加签名' });
    expect(result.accepted).toBe(1);
    const stored = sandbox.state.messages.find((m) => m.batchId === result.batchId)!;
    expect(stored.content).toBe('自动加签名【星辰商城】');
  });

  test.each([
    [{ recipients: '13800138000,12345', content: '测试【星辰商城】' }, 'recipients'],
    [{ recipients: '13800138000', content: '   ' }, 'content'],
    [{ recipients: '13800138000', content: '测试【星辰商城】', extension: '123456' }, 'extension'],
    [{ recipients: '13800138000', content: '测试【星辰商城】', schedule: '2001-01-01 00:00:00' }, 'schedule'],
    [{ recipients: '13800138000', content: '测试【星】' }, 'content'],
  ])('bad input %# names the field and sends nothing', async (input, fieldName) => {
    const seq = lastSeq();
    const error = await rejection(client.sendSms(input));
    expect(error.field).toBe(fieldName);
    expect(logSince(seq)).toHaveLength(0);
  });

  test('a scheduled send is held until its time (sendTime in Beijing time)', async () => {
    const at = new Date(Date.now() + 3_600_000);
    const result = await client.sendSms({ recipients: '13800138003', content: '定时【星辰商城】', schedule: at });
    const stored = sandbox.state.messages.find((m) => m.batchId === result.batchId)!;
    expect(stored.state).toBe('scheduled');
    expect(formatBeijing(new Date(stored.scheduledAt!), 'dateTime')).toBe(formatBeijing(at, 'dateTime'));
  });

  test('2,500 numbers make exactly 3 requests (1,000 a request) with 2,500 results in input order', async () => {
    const numbers = Array.from({ length: 2500 }, (_, i) => `135${String(i).padStart(8, '0')}`);
    const seq = lastSeq();
    const result = await client.sendSms({ recipients: numbers, content: '群发【星辰商城】' });
    expect(logSince(seq).filter((e) => e.endpoint === 'sms.aspx')).toHaveLength(3);
    expect(result.recipients.map((r) => r.mobile)).toEqual(numbers);
    expect(result.accepted).toBe(2500);
  });
});

describe('smsGBK.aspx and smsJson.aspx', () => {
  test('a Chinese message sent through smsGBK.aspx arrives decoded to the same string; the gb2312 reply is decoded', async () => {
    const content = '尊敬的客户：您的快递已到达菜鸟驿站，取件码 8-2-1031【星辰商城】';
    const result = await client.sendSms({ recipients: '13800138010', content, endpoint: 'smsGBK.aspx' });
    const stored = sandbox.state.messages.find((m) => m.batchId === result.batchId)!;
    expect(stored.content).toBe(content);
    expect((result.raw[0] as Record<string, unknown>).message).toBe('ok');
  });
  test('a character GBK cannot carry is refused before sending', async () => {
    const error = await rejection(client.sendSms({ recipients: '13800138010', content: '表情😀【星辰商城】', endpoint: 'smsGBK.aspx' }));
    expect(error.field).toBe('content');
  });
  test('smsJson.aspx replies in JSON', async () => {
    const result = await client.sendSms({ recipients: '13800138011', content: 'JSON【星辰商城】', endpoint: 'smsJson.aspx' });
    expect(result.accepted).toBe(1);
    expect(result.batchId).toMatch(/^\d{16}$/);
  });
});

describe('1.5 ensms.ashx (DES Text64)', () => {
  test('sends through the encrypted interface', async () => {
    const result = await client.sendSms({ recipients: '13800138020', content: '加密通道【星辰商城】', endpoint: 'ensms.ashx' });
    expect(result.accepted).toBe(1);
    expect(sandbox.state.messages.find((m) => m.batchId === result.batchId)!.content).toBe('加密通道【星辰商城】');
  });
  test('a clock 10 minutes off gives 1010 StampError with a clock hint', async () => {
    const skewed = new SmsAspxClient({ ...credentials, sendEndpoint: 'ensms.ashx' }, { now: () => new Date(Date.now() - 600_000) });
    const error = await rejection(skewed.sendSms({ recipients: '13800138020', content: '时钟【星辰商城】' }));
    expect(error.vendorCode).toBe('1010');
    expect(error.hint).toMatch(/clock/);
  });
  test('a non-numeric userId is refused before sending', async () => {
    const noUser = new SmsAspxClient({ ...credentials, userId: 'abc', sendEndpoint: 'ensms.ashx' });
    const error = await rejection(noUser.sendSms({ recipients: '13800138020', content: '时钟【星辰商城】' }));
    expect(error.field).toBe('userId');
  });
  test('a wrong password cannot decrypt: 1009 Text64Error', async () => {
    const wrong = new SmsAspxClient({ ...credentials, password: 'other-pw', sendEndpoint: 'ensms.ashx' });
    const error = await rejection(wrong.sendSms({ recipients: '13800138020', content: '错误【星辰商城】' }));
    expect(['1009', '1005']).toContain(error.vendorCode);
  });
});

describe('第八章 WebService.asmx SendSms', () => {
  test('sends through SOAP', async () => {
    const result = await client.sendSms({ recipients: '13800138030,13800138031', content: 'SOAP【星辰商城】', endpoint: 'WebService.asmx' });
    expect(result.accepted).toBe(2);
    expect(result.batchId).toMatch(/^\d{16}$/);
  });
  test('a wrong password is PasswordError', async () => {
    const wrong = new SmsAspxClient({ ...credentials, password: 'nope-nope' });
    const error = await rejection(wrong.sendSms({ recipients: '13800138030', content: 'SOAP【星辰商城】', endpoint: 'WebService.asmx' }));
    expect(error.vendorCode).toBe('1005');
    expect(error.kind).toBe('authentication');
  });
});

describe('1.6 BatchSms.ashx point-to-point', () => {
  test('each number gets its own text; line breaks survive the escaping', async () => {
    const result = await client.sendPersonalised({
      messages: [
        { mobile: '13800138040', content: '张三您好，\r\n订单 A001 已发货【星辰商城】' },
        { mobile: '13800138041', content: '李四您好，订单 A002 已发货【星辰商城】' },
      ],
    });
    expect(result.accepted).toBe(2);
    const stored = sandbox.state.messages.filter((m) => m.batchId === result.batchId);
    expect(stored.map((m) => m.content)).toEqual(['张三您好，\r\n订单 A001 已发货【星辰商城】', '李四您好，订单 A002 已发货【星辰商城】']);
  });
  test('a duplicate number is refused before sending', async () => {
    const seq = lastSeq();
    const error = await rejection(
      client.sendPersonalised({ messages: [{ mobile: '13800138040', content: 'a【星辰商城】' }, { mobile: '138 0013 8040', content: 'b【星辰商城】' }] }),
    );
    expect(error.field).toBe('messages[1].mobile');
    expect(logSince(seq)).toHaveLength(0);
  });
});

describe('第二章 mms.aspx (TMS container)', () => {
  const gif = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
  test('a TMS built from two frames parses back to the same files', () => {
    const parts = framesToTmsParts([
      { text: '第一帧', files: [{ fileName: 'a.gif', data: gif }] },
      { durationSeconds: 5, text: '第二帧' },
    ]);
    const back = parseTms(buildTms(parts));
    expect(back.map((p) => p.fileName)).toEqual(['a.gif', '1.txt', '2.txt', 'mms.smil']);
    expect(back[0].data.equals(gif)).toBe(true);
    expect(back.map((p) => p.data.length)).toEqual(parts.map((p) => p.data.length));
  });
  test('sends an MMS and the phone gets the picture and the text', async () => {
    const result = await client.sendMms({ recipients: '13800138050', subject: '新品上市', frames: [{ text: '春季新品【星辰商城】', files: [{ fileName: 'a.gif', data: gif }] }] });
    expect(result.accepted).toBe(1);
    const stored = sandbox.state.messages.find((m) => m.batchId === result.batchId)!;
    expect(stored.kind).toBe('mms');
    expect(stored.content).toBe('春季新品【星辰商城】');
    expect(stored.files!.some((f) => f.type === 'gif')).toBe(true);
  });
  test('an MMS over 100 KB is refused before any request', async () => {
    const seq = lastSeq();
    const big = Buffer.alloc(101 * 1024, 1);
    const error = await rejection(client.sendMms({ recipients: '13800138050', subject: '大', frames: [{ files: [{ fileName: 'big.jpg', data: big }] }] }));
    expect(error.field).toBe('frames');
    expect(error.rule).toMatch(/100 KB/);
    expect(logSince(seq)).toHaveLength(0);
  });
  test('an empty subject is 3001 SubjectEmpty, refused before sending', async () => {
    const error = await rejection(client.sendMms({ recipients: '13800138050', subject: '', frames: [{ text: 'x' }] }));
    expect(error.field).toBe('subject');
  });
});

describe('第三章 balance', () => {
  test('SMS balance: the live "Sucess" spelling is read as success', async () => {
    const balance = await client.balance();
    expect(balance.amount).toBe(sandbox.state.account('smsaspx', 'demo')!.balance);
    expect(balance.details?.payInfo).toBe('预付费');
  });
  test('MMS balance through mms.aspx', async () => {
    const balance = await client.balance('mms');
    expect(balance.amount).toBe(sandbox.state.account('smsaspx', 'demo')!.mmsBalance);
  });
  test('a wrong password on overage is an authentication error', async () => {
    const error = await rejection(new SmsAspxClient({ ...credentials, password: 'zzz-wrong' }).balance());
    expect(error.kind).toBe('authentication');
  });
});

describe('第四章 delivery reports and 第五章 inbound', () => {
  test('reports are handed out once, with CDATA and unpadded times parsed', async () => {
    const sent = await client.sendSms({ recipients: `13800138060,${MAGIC_NUMBERS.failsDelivery}`, content: '回执【星辰商城】' });
    await sleep(80);
    const { items } = await client.drainDeliveryReports();
    const mine = items.filter((r) => r.batchId === sent.batchId);
    expect(mine.map((r) => [r.mobile, r.status, r.vendorStatus])).toEqual([
      ['13800138060', 'delivered', '10'],
      [MAGIC_NUMBERS.failsDelivery, 'failed', '20'],
    ]);
    expect(mine[0].vendorText).toBe('DELIVRD');
    expect(mine[0].deliveredAt).toBeInstanceOf(Date);
    const again = await client.deliveryReports();
    expect(again.filter((r) => r.batchId === sent.batchId)).toHaveLength(0);
  });
  test('statusJsonApi.aspx and the taskid filter', async () => {
    const a = await client.sendSms({ recipients: '13800138061', content: 'A【星辰商城】' });
    const b = await client.sendSms({ recipients: '13800138062', content: 'B【星辰商城】' });
    await sleep(80);
    const onlyA = await client.deliveryReports({ taskId: a.batchId, format: 'json' });
    expect(onlyA.map((r) => r.mobile)).toEqual(['13800138061']);
    expect(onlyA[0].status).toBe('delivered');
    const rest = await client.deliveryReports({ format: 'json' });
    expect(rest.some((r) => r.batchId === b.batchId)).toBe(true);
  });
  test('a status reply with CDATA and an unpadded time parses to the common model', () => {
    const xml =
      '<?xml version="1.0" encoding="utf-8" ?><returnsms><statusbox><mobile>15023239810</mobile><taskid>1212</taskid><status>10</status>' +
      '<receivetime>2013-9-7 7:08:08</receivetime><errorcode><![CDATA[DELIVRD]]></errorcode><extno><![CDATA[01]]></extno></statusbox></returnsms>';
    const [report] = readStatusBoxes('smsaspx', parseReturnSmsXml(xml).statusbox);
    expect(report).toMatchObject({ mobile: '15023239810', batchId: '1212', status: 'delivered', vendorStatus: '10', vendorText: 'DELIVRD', extension: '01' });
    expect(report.deliveredAt?.toISOString()).toBe('2013-09-06T23:08:08.000Z');
  });
  test('an errorstatus reply is a typed error', async () => {
    const error = await rejection(new SmsAspxClient({ ...credentials, password: 'bad-pw-1' }).deliveryReports());
    expect(error.kind).toBe('authentication');
    expect(error.vendorCode).toBe('2');
  });
  test('inbound replies (XML and JSON), each handed out once', async () => {
    for (const content of ['好的，收到', '退订']) {
      await fetch(`${sandbox.url}/admin/reply`, { method: 'POST', body: JSON.stringify({ vendor: 'smsaspx', mobile: '13800138070', content }) });
    }
    const xml = await client.inboundMessages();
    expect(xml.map((m) => m.content)).toEqual(['好的，收到', '退订']);
    expect(xml[0].receivedAt).toBeInstanceOf(Date);
    await fetch(`${sandbox.url}/admin/reply`, { method: 'POST', body: JSON.stringify({ vendor: 'smsaspx', mobile: '13800138071', content: 'json' }) });
    const json = await client.inboundMessages({ format: 'json' });
    expect(json.map((m) => [m.mobile, m.content])).toEqual([['13800138071', 'json']]);
    expect(await client.inboundMessages()).toEqual([]);
  });
});

describe('发送规则: 3 verification codes in 3 minutes, 10 messages a day', () => {
  test('the preview warns, and the fourth code within 3 minutes fails delivery', async () => {
    const mobile = '13800138080';
    const preview = client.previewSms({ recipients: mobile, content: '您的验证码是 1234【星辰商城】' });
    expect(preview.warnings.join(' ')).toMatch(/at most 3 of them in 3 minutes/);
    const batches: string[] = [];
    for (let i = 0; i < 4; i++) batches.push((await client.sendSms({ recipients: mobile, content: `您的验证码是 ${1000 + i}【星辰商城】` })).batchId!);
    await sleep(80);
    const reports = (await client.drainDeliveryReports()).items.filter((r) => r.mobile === mobile);
    expect(reports.map((r) => r.status)).toEqual(['delivered', 'delivered', 'delivered', 'failed']);
    expect(reports[3].vendorText).toBe('LIMIT_3MIN');
  });
});

describe('第七章 pwd.aspx', () => {
  test('changes the password; the new one works and the old one no longer does', async () => {
    sandbox.state.accounts.push({ vendor: 'smsaspx', login: 'pwtest', password: 'old-pass-1', userId: '1002', passwordForm: 'md5upper', balance: 10 });
    const old = new SmsAspxClient({ ...credentials, account: 'pwtest', password: 'old-pass-1' });
    await old.changePassword('new-pass-2');
    await expect(old.balance()).rejects.toThrow(GatewayError);
    const renewed = new SmsAspxClient({ ...credentials, account: 'pwtest', password: 'new-pass-2' });
    expect((await renewed.balance()).amount).toBe(10);
  });
  test('a new password over 20 characters is refused before sending', async () => {
    const error = await rejection(client.changePassword('x'.repeat(21)));
    expect(error.field).toBe('newPassword');
  });
});

describe('第九章 freeTemplate.aspx', () => {
  test('add, query (under review, then enabled), update and delete', async () => {
    const added = await client.addTemplate('您的验证码：@，5分钟内有效【星辰商城】');
    expect(added.id).not.toBe('');
    let [found] = await client.queryTemplate(added.id);
    expect(found.state).toBe('pending');
    await sleep(50);
    [found] = await client.queryTemplate(added.id);
    expect(found.state).toBe('approved');
    expect(found.vendorStatus).toBe('1');
    await client.updateTemplate(added.id, '您的验证码：@@，10分钟内有效【星辰商城】');
    [found] = await client.queryTemplate(added.id);
    expect(found.state).toBe('pending');
    await client.deleteTemplate(added.id);
    expect(await client.queryTemplate(added.id)).toEqual([]);
  });
  test('the @ rules are checked before sending', async () => {
    await expect(client.addTemplate('没有占位符【星辰商城】')).rejects.toThrow(/template: must contain at least one @/);
    await expect(client.addTemplate('太多@@@@@@【星辰商城】')).rejects.toThrow(/more than 5 @ in a row/);
  });
  test('deleting an unknown template is the vendor\'s error', async () => {
    const error = await rejection(client.deleteTemplate('999'));
    expect(error.vendorCode).toBe('1001');
  });
});

describe('第六章 push', () => {
  let receiver: Server;
  let receiverUrl: string;
  const bodies: string[] = [];
  let answers: string[] = [];
  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        bodies.push(body.toString('utf8'));
        let answer = answers.shift();
        if (answer === undefined) {
          try {
            decodeSmsAspxPush(body, req.headers['content-type']);
            answer = '1';
          } catch {
            answer = 'error';
          }
        }
        res.end(answer);
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/push`;
  });
  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

  test('reports and MO are pushed as XML; "error" is retried, 3 tries at most', async () => {
    sandbox.state.accounts.push({ vendor: 'smsaspx', login: 'pushy', password: 'push-pass', userId: '1003', passwordForm: 'md5upper', balance: 100, pushUrl: receiverUrl });
    const pushy = new SmsAspxClient({ ...credentials, account: 'pushy', password: 'push-pass' });
    answers = ['error', 'error', 'error'];
    await pushy.sendSms({ recipients: '13800138090', content: '推送【星辰商城】' });
    const deadline = Date.now() + 5000;
    while (bodies.length < 3 && Date.now() < deadline) await sleep(30);
    await sleep(150);
    expect(bodies).toHaveLength(3);
    expect(bodies.every((b) => b === bodies[0])).toBe(true);
    const decoded = decodeSmsAspxPush(bodies[0]);
    expect(decoded.reports.map((r) => [r.mobile, r.status])).toEqual([['13800138090', 'delivered']]);

    bodies.length = 0;
    await fetch(`${sandbox.url}/admin/reply`, { method: 'POST', body: JSON.stringify({ vendor: 'smsaspx', login: 'pushy', mobile: '13800138090', content: '收到' }) });
    while (bodies.length < 1 && Date.now() < deadline + 5000) await sleep(30);
    await sleep(100);
    expect(bodies).toHaveLength(1);
    expect(decodeSmsAspxPush(bodies[0]).inbound.map((m) => m.content)).toEqual(['收到']);
  });
  test('a body that is not a push is refused', () => {
    expect(() => decodeSmsAspxPush('<returnsms></returnsms>')).toThrow(GatewayError);
    expect(() => decodeSmsAspxPush('garbage')).toThrow(GatewayError);
  });
});

describe('tolerant parsing of what real servers send', () => {
  test('Success, Sucess and Faild', () => {
    expect(readSendReply(parseReturnSmsXml('<returnsms><returnstatus>Success</returnstatus></returnsms>')).success).toBe(true);
    expect(readOverageReply(parseReturnSmsXml('<returnsms><returnstatus>Sucess</returnstatus><overage>5</overage></returnsms>')).overage).toBe(5);
    expect(readSendReply(parseReturnSmsXml('<returnsms><returnstatus>Faild</returnstatus></returnsms>')).success).toBe(false);
  });
  test('both JSON dialects read the same', () => {
    const lower = readSendReply(parseJsonReply('{"returnstatus":"Success","remainpoint":"21396","taskID":"1504080852350206","successCounts":"1"}'));
    const pascal = readSendReply(parseJsonReply('{"ReturnStatus":"Success","RemainPoint":21396,"TaskID":"1504080852350206","SuccessCounts":1}'));
    expect({ ...lower, raw: undefined }).toEqual({ ...pascal, raw: undefined });
    expect(lower.balance).toBe(21396);
  });
});

describe('every function answers a wrong password with the documented error', () => {
  let wrong: SmsAspxClient;
  beforeAll(() => {
    wrong = new SmsAspxClient({ ...credentials, password: 'wrong-password-x' });
  });
  const calls: Array<[string, () => Promise<unknown>, string]> = [
    ['sms.aspx', () => wrong.sendSms({ recipients: '13800138000', content: '测试【星辰商城】' }), '1005'],
    ['smsGBK.aspx', () => wrong.sendSms({ recipients: '13800138000', content: '测试【星辰商城】', endpoint: 'smsGBK.aspx' }), '1005'],
    ['smsJson.aspx', () => wrong.sendSms({ recipients: '13800138000', content: '测试【星辰商城】', endpoint: 'smsJson.aspx' }), '1005'],
    ['ensms.ashx', () => wrong.sendSms({ recipients: '13800138000', content: '测试【星辰商城】', endpoint: 'ensms.ashx' }), '1009'],
    ['WebService.asmx', () => wrong.sendSms({ recipients: '13800138000', content: '测试【星辰商城】', endpoint: 'WebService.asmx' }), '1005'],
    ['BatchSms.ashx', () => wrong.sendPersonalised({ messages: [{ mobile: '13800138000', content: '测试【星辰商城】' }] }), '1005'],
    ['mms.aspx', () => wrong.sendMms({ recipients: '13800138000', subject: 's', frames: [{ text: 'x' }] }), '1005'],
    ['overage (sms)', () => wrong.balance('sms'), '1005'],
    ['overage (mms)', () => wrong.balance('mms'), '1005'],
    ['statusApi.aspx', () => wrong.deliveryReports(), '2'],
    ['statusJsonApi.aspx', () => wrong.deliveryReports({ format: 'json' }), '1005'],
    ['callApi.aspx', () => wrong.inboundMessages(), '2'],
    ['callJsonApi.aspx', () => wrong.inboundMessages({ format: 'json' }), '1005'],
    ['pwd.aspx', () => wrong.changePassword('abc123'), '1005'],
    ['freeTemplate.aspx Add', () => wrong.addTemplate('验证码@【星辰商城】'), '1005'],
    ['freeTemplate.aspx query', () => wrong.queryTemplate('1'), '1005'],
    ['freeTemplate.aspx update', () => wrong.updateTemplate('1', '验证码@【星辰商城】'), '1005'],
    ['freeTemplate.aspx del', () => wrong.deleteTemplate('1'), '1005'],
  ];
  test.each(calls)('%s', async (_name, call, code) => {
    const error = await rejection(call());
    expect(error.vendorCode).toBe(code);
    expect(error.kind).toBe('authentication');
  });
});
