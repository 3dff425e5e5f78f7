import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { parseXml, type XmlNode } from '../../src/core/xml';
import { MobsetClient, mobsetEndpoints, type MobsetCredentials } from '../../src/core/vendors/mobset/client';
import { parseSdk3Json, templateParams } from '../../src/core/vendors/mobset/sdk3';
import { BUNDLED_WSDL, MobsetSoapClient } from '../../src/core/vendors/mobset/soap';
import { mobsetSecretKey, mobsetTimestamp } from '../../src/core/vendors/mobset/signature';
import { startSandbox, type Sandbox } from '../../src/sandbox/server';
import { MAGIC_NUMBERS } from '../../src/sandbox/state';
import { rejection } from '../helpers';

let sandbox: Sandbox;
let credentials: MobsetCredentials;
let client: MobsetClient;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const gif = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

beforeAll(async () => {
  sandbox = await startSandbox({ quiet: true, reportDelayMs: 20, pushIntervalMs: 10 });
  credentials = { corpId: '300001', loginName: 'demo', password: 'demo123', baseUrl: sandbox.baseUrls.mobset };
  client = new MobsetClient(credentials);
});
afterAll(() => sandbox.close());

const logSince = (seq: number) => sandbox.state.log.filter((e) => e.seq > seq && e.vendor === 'mobset');
const lastSeq = () => sandbox.state.lastSeq;


describe('endpoints from the CorpID (3.4, SDK3 2.5)', () => {
  test('platform 1, 2 and 3; SDK3 over HTTPS on 843', () => {
    expect(mobsetEndpoints({ corpId: '100001', loginName: 'a', password: 'b' })).toEqual({ soap: 'http://sms.mobset.com:8080/Api', sdk3: 'http://sms.mobset.com:8095/SDK3/Sms' });
    expect(mobsetEndpoints({ corpId: '200001', loginName: 'a', password: 'b' }).soap).toBe('http://sms2.mobset.com:8080/Api');
    expect(mobsetEndpoints({ corpId: '300003', loginName: 'a', password: 'b', https: true }).sdk3).toBe('https://sms3.mobset.com:843/SDK3/SMS');
  });
  test('a CorpID outside the platforms needs a base URL', () => {
    expect(() => mobsetEndpoints({ corpId: '900001', loginName: 'a', password: 'b' })).toThrow(/corpId: must be a 6-digit CorpID/);
  });
});

describe('SDK3 SmsSend', () => {
  test('120 numbers make exactly 3 requests and return 120 results in input order', async () => {
    const numbers = Array.from({ length: 120 }, (_, i) => `139${String(i).padStart(8, '0')}`);
    const seq = lastSeq();
    const result = await client.sdk3.sendSms({ recipients: numbers, content: '您的订单已发货【沙箱】' });
    expect(logSince(seq).filter((e) => e.endpoint === 'SDK3 SmsSend')).toHaveLength(3);
    expect(result.recipients.map((r) => r.mobile)).toEqual(numbers);
    expect(result.recipients.every((r) => r.status === 'accepted' && /^\d+$/.test(r.messageId!))).toBe(true);
  });
  test('a number the gateway refuses comes back with SmsId 0 as failed, the rest accepted', async () => {
    const result = await client.sdk3.sendSms({ recipients: `13800138000,${MAGIC_NUMBERS.blacklisted}`, content: '测试' });
    expect(result.recipients.map((r) => r.status)).toEqual(['accepted', 'failed']);
  });
  test('a wrong password yields -105 as an authentication error naming the account, never the password', async () => {
    const wrong = new MobsetClient({ ...credentials, password: 'Wrong-Pass-77' });
    const error = await rejection(wrong.sdk3.sendSms({ recipients: '13800138000', content: '测试' }));
    expect(error.vendorCode).toBe('-105');
    expect(error.kind).toBe('authentication');
    expect(error.message).toContain('CorpID 300001 / demo');
    expect(error.hint).toMatch(/20 minutes/);
    const text = JSON.stringify(error.toJSON()) + error.stack;
    expect(text).not.toMatch(/Wrong-Pass-77/i);
    expect(text).not.toContain(mobsetSecretKey('300001', 'Wrong-Pass-77', '')); // nor a key built from it
  });
  test('a clock 30 minutes off is refused (-105, 20-minute window)', async () => {
    const skewed = new MobsetClient(credentials, { now: () => new Date(Date.now() - 30 * 60_000) });
    expect((await rejection(skewed.sdk3.balance())).vendorCode).toBe('-105');
  });
  test('10-digit timestamps are accepted too', async () => {
    const ten = new MobsetClient({ ...credentials, timestampForm: '10' });
    const seq = lastSeq();
    expect((await ten.sdk3.balance()).amount).toBeGreaterThan(0);
    expect(logSince(seq)[0].fields.TimeStamp).toMatch(/^\d{10}$/);
    expect(logSince(seq)[0].fields.SecretKey).toBe('***');
  });
  test('content over 900 characters is refused before sending', async () => {
    const seq = lastSeq();
    const error = await rejection(client.sdk3.sendSms({ recipients: '13800138000', content: '长'.repeat(901) }));
    expect(error.field).toBe('content');
    expect(logSince(seq)).toHaveLength(0);
  });
});

describe('SDK3 reports, MO, balance, signature, cancel', () => {
  test('reports are drained and handed out once (Status 12/13)', async () => {
    const sent = await client.sdk3.sendSms({ recipients: `13800138100,${MAGIC_NUMBERS.failsDelivery}`, content: '回执' });
    await sleep(60);
    const { items } = await client.sdk3.drainDeliveryReports();
    const mine = items.filter((r) => sent.recipients.some((s) => s.messageId === r.messageId));
    expect(mine.map((r) => [r.status, r.vendorStatus])).toEqual([
      ['delivered', '12'],
      ['failed', '13'],
    ]);
    expect(mine[0].vendorText).toBe('接收成功 DELIVRD');
    expect((await client.sdk3.deliveryReports()).filter((r) => mine.some((m) => m.messageId === r.messageId))).toEqual([]);
  });
  test('inbound (lower-case "code" in the reply), 20 a call, drained', async () => {
    for (let i = 0; i < 25; i++) await fetch(`${sandbox.url}/admin/reply`, { method: 'POST', body: JSON.stringify({ vendor: 'mobset', mobile: '13800138101', content: `回复${i}` }) });
    const first = await client.sdk3.inboundMessages();
    expect(first).toHaveLength(20);
    const { items } = await client.sdk3.drainInboundMessages();
    expect(items.map((m) => m.content)).toEqual(['回复20', '回复21', '回复22', '回复23', '回复24']);
  });
  test('balance and signature (the trailing comma of the document\'s reply is forgiven)', async () => {
    expect((await client.sdk3.balance()).amount).toBe(sandbox.state.account('mobset', 'demo')!.balance);
    expect((await client.sdk3.signature()).signature).toBe('沙箱');
    expect(parseSdk3Json('{"Code":"0","Message":"取签名成功","Sign":"广州首易",}').Sign).toBe('广州首易');
  });
  test('cancel: a scheduled SMS is cancelled (1), an unknown id is -142', async () => {
    const sent = await client.sdk3.sendSms({ recipients: '13800138102', content: '定时', schedule: new Date(Date.now() + 3_600_000) });
    const id = sent.recipients[0].messageId!;
    const results = await client.sdk3.cancelScheduled(`${id},999`);
    expect(results).toEqual([
      { smsId: id, cancelled: true, code: '1', message: undefined },
      { smsId: '999', cancelled: false, code: '-142', message: '短信ID(SmsID)不存在或不属于此用户' },
    ]);
    expect(sandbox.state.message(id)!.state).toBe('cancelled');
  });
});

describe('SDK3 templates and signature application (vendor site)', () => {
  test('add, list, query, then send with Param1..Param9', async () => {
    const template = await client.sdk3.addTemplate({ type: 'application', name: `验证码${Date.now()}`, content: '你注册{1}应用的验证码为{2}，有效时间{3}分钟。', remark: '注册' });
    expect(template.state).toBe('pending');
    expect((await rejection(client.sdk3.sendTemplate({ recipients: '13800138110', templateId: template.id, params: ['a'] }))).vendorCode).toBe('-511');
    await sleep(40);
    const listed = await client.sdk3.listTemplates();
    expect(listed.find((t) => t.id === template.id)?.state).toBe('approved');
    expect((await client.sdk3.getTemplate(template.id)).content).toContain('{2}');
    const sent = await client.sdk3.sendTemplate({ recipients: '13800138110', templateId: template.id, params: ['星辰', '123456', '5'] });
    expect(sent.accepted).toBe(1);
    expect(sandbox.state.message(sent.recipients[0].messageId!)!.content).toBe('你注册星辰应用的验证码为123456，有效时间5分钟。【沙箱】');
  });
  test('template rules are checked before sending', async () => {
    await expect(client.sdk3.addTemplate({ type: 1, name: 'x', content: '变量{6}', remark: 'r' })).rejects.toThrow(/placeholders must be \{1\} to \{5\}/);
    expect(() => templateParams(['x'.repeat(31)])).toThrow(/at most 30 characters/);
    expect(() => templateParams(['http://evil.example'])).toThrow(/link/);
    expect(templateParams({ '2': 'b', Param1: 'a' })).toEqual({ Param1: 'a', Param2: 'b' });
    expect((await rejection(client.sdk3.getTemplate('424242'))).vendorCode).toBe('-507');
  });
  test('signature application: 3 to 12 characters, proof files', async () => {
    const ok = await client.sdk3.applySignature({ signName: '星辰商城', documents: [{ type: 0, fileName: 'licence.jpg', data: gif }] });
    expect(ok.code).toBe('1');
    await expect(client.sdk3.applySignature({ signName: '星辰', documents: [{ type: 0, fileName: 'a.jpg', data: gif }] })).rejects.toThrow(/signName: must be 3 to 12/);
    await expect(client.sdk3.applySignature({ signName: '星辰商城', documents: [{ type: 0, fileName: 'a.gif', data: gif }] })).rejects.toThrow(/jpg, .png or .pdf/);
    expect((await rejection(client.sdk3.applySignature({ signName: '沙箱演示', documents: [{ type: 9, fileName: 'a.jpg', data: gif }] }))).field).toBe('documents[0].type');
    expect((await rejection(client.sdk3.applySignature({ signName: '沙箱', ownedBySelf: true, documents: [{ type: 0, fileName: 'a.jpg', data: gif }] }))).field).toBe('signName');
  });
});

describe('SOAP WebService', () => {
  test('the Sms_Send envelope matches the shipped WSDL (namespace, element order, SOAPAction)', async () => {
    let captured: { body: string; action?: string } | undefined;
    const server: Server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        captured = { body: Buffer.concat(chunks).toString('utf8'), action: req.headers.soapaction as string };
        res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' }).end(
          '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><Sms_SendResponse xmlns="http://tempuri.org/"><Count>1</Count><ErrMsg /><SmsIDList><SmsIDGroup><Mobile>13800138000</Mobile><SmsID>77</SmsID></SmsIDGroup></SmsIDList></Sms_SendResponse></soap:Body></soap:Envelope>',
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/Api`;
    const soap = new MobsetSoapClient(url, { corpId: '300001', loginName: 'demo', password: 'demo123' });
    const result = await soap.sendSms({ recipients: '13800138000', content: '你好' });
    server.close();

    // A one-element SmsIDList still comes back as a list with the id.
    expect(result.recipients).toEqual([{ mobile: '13800138000', status: 'accepted', messageId: '77' }]);
    expect(captured!.action).toBe('"http://tempuri.org/Sms_Send"');
    expect(captured!.body).toContain('<Sms_Send xmlns="http://tempuri.org/">');
    const request = ((parseXml(captured!.body).Envelope as XmlNode).Body as XmlNode).Sms_Send as XmlNode;
    // Element order as the shipped schema's sequence for Sms_Send declares it.
    const wsdl = readFileSync(BUNDLED_WSDL, 'utf8');
    const declaration = /<s:element name="Sms_Send">([\s\S]*?)<\/s:element>\s*<s:element name="Sms_SendResponse">/.exec(wsdl)![1];
    const declaredOrder = [...declaration.matchAll(/name="(\w+)"/g)].map((m) => m[1]);
    expect(declaredOrder).toEqual(['CorpID', 'LoginName', 'Password', 'TimeStamp', 'AddNum', 'Timer', 'LongSms', 'MobileList', 'Content']);
    expect(Object.keys(request)).toEqual(declaredOrder);
    expect(Object.keys((request.MobileList as XmlNode).MobileListGroup as XmlNode)).toEqual(['Mobile', 'MsgID']);
    expect(request.Password).toMatch(/^[0-9a-f]{32}$/);
  });

  test('Sms_Send, Sms_GetReport and Sms_GetRecv against the sandbox', async () => {
    const sent = await client.soap.sendSms({ recipients: '13800138200', content: 'SOAP 测试' });
    expect(sent.recipients[0].status).toBe('accepted');
    await sleep(60);
    const reports = await client.soap.deliveryReports();
    expect(reports.find((r) => r.messageId === sent.recipients[0].messageId)?.status).toBe('delivered');
    await fetch(`${sandbox.url}/admin/reply`, { method: 'POST', body: JSON.stringify({ vendor: 'mobset', mobile: '13800138200', content: '好的' }) });
    expect((await client.soap.inboundMessages()).map((m) => m.content)).toEqual(['好的']);
  });

  test('a wrong password is -105 from SOAP too, named by account', async () => {
    const wrong = new MobsetClient({ ...credentials, password: 'nope-nope-1' });
    const error = await rejection(wrong.soap.balance());
    expect(error.vendorCode).toBe('-105');
    expect(error.kind).toBe('authentication');
    expect(JSON.stringify(error.toJSON())).not.toContain('nope-nope-1');
  });

  test('Sms_GetSentList, Sms_GetSign, Sms_GetBalance, Sms_GetSentCount', async () => {
    await client.soap.sendSms({ recipients: '13800138201', content: '历史记录' });
    const history = await client.soap.sentHistory('13800138201');
    expect(history.map((h) => h.content)).toEqual(['历史记录【沙箱】']);
    expect((await rejection(client.soap.sentHistory('123'))).field).toBe('mobile');
    expect((await client.soap.signature()).signature).toBe('沙箱');
    expect((await client.soap.balance()).amount).toBe(sandbox.state.account('mobset', 'demo')!.balance);
    expect((await client.soap.sentCount()).count).toBeGreaterThan(0);
  });

  test('MMS: upload, file status, send, report, inbound MMS (one a call)', async () => {
    const upload = await client.soap.uploadMms({ subject: '新品', frames: [{ text: '春季新品', files: [{ fileName: 'a.gif', data: gif }] }, { text: '第二帧' }] });
    expect(upload.mmsFileId).toMatch(/^\d+$/);
    const status = await client.soap.mmsFileStatus(upload.mmsFileId);
    expect(status.title).toBe('新品');
    expect(status.size).toBeGreaterThan(0);
    expect((await rejection(client.soap.mmsFileStatus('1'))).vendorCode).toBe('-212');
    const sent = await client.soap.sendMms({ recipients: '13800138300,13800138301', mmsFileId: upload.mmsFileId });
    expect(sent.accepted).toBe(2);
    expect((await rejection(client.soap.sendMms({ recipients: '13800138300', mmsFileId: '2' }))).vendorCode).toBe('-231');
    await sleep(60);
    const reports = await client.soap.mmsDeliveryReports();
    expect(reports.filter((r) => sent.recipients.some((s) => s.messageId === r.messageId))).toHaveLength(2);
    for (const subject of ['图1', '图2']) {
      await fetch(`${sandbox.url}/admin/reply`, { method: 'POST', body: JSON.stringify({ vendor: 'mobset', mobile: '13800138300', content: '看图', subject, files: [{ name: 'p.gif', type: 'gif', base64: gif.toString('base64') }] }) });
    }
    const [first] = await client.soap.inboundMms();
    expect(first.subject).toBe('图1');
    expect(first.files.find((f) => f.fileName === 'p.gif')!.data.equals(gif)).toBe(true);
    expect((await client.soap.inboundMms())[0].subject).toBe('图2');
    expect(await client.soap.inboundMms()).toEqual([]);
  });

  test('MMS frames are checked before sending (-203: at most 20)', async () => {
    const frames = Array.from({ length: 21 }, () => ({ text: 'x' }));
    await expect(client.soap.uploadMms({ subject: 's', frames })).rejects.toThrow(/frames: must have at most 20 frames/);
    await expect(client.soap.uploadMms({ subject: 's', frames: [{ files: [{ fileName: 'a.png', data: gif }] }] })).rejects.toThrow(/must be one of/);
  });

  test('batch tasks: number file with %Memo%, submit, progress, stop, start, finish, delete', async () => {
    sandbox.state.reportDelayMs = 30;
    const file = await client.soap.uploadNumberFile({ subject: '会员', numbers: '13800138400,郭先生\n13800138401,李女士\n13800138402\n13800138403,王总' });
    expect(file.count).toBe(4);
    const task = await client.soap.submitSmsTask({ content: '%Memo%您好，会员日到了', taskFileIds: file.taskFileId });
    const first = await client.soap.taskStatus('sms', task.id);
    expect(['pending', 'running']).toContain(first.state);
    await client.soap.stopTask('sms', task.id);
    const stopped = await client.soap.taskStatus('sms', task.id);
    expect(stopped.state).toBe('stopped');
    expect(stopped.vendorStatus).toBe('6 强制停止');
    expect((await rejection(client.soap.stopTask('sms', task.id))).vendorCode).toBe('-354');
    await client.soap.startTask('sms', task.id);
    expect((await rejection(client.soap.startTask('sms', task.id))).vendorCode).toBe('-356');
    let status = await client.soap.taskStatus('sms', task.id);
    for (let i = 0; i < 50 && status.state !== 'finished'; i++) {
      await sleep(30);
      status = await client.soap.taskStatus('sms', task.id);
    }
    expect(status).toMatchObject({ state: 'finished', total: 4, sent: 4 });
    const delivered = sandbox.state.messages.filter((m) => m.batchId === `task-${task.id}`).map((m) => m.content);
    expect(delivered).toContain('郭先生您好，会员日到了【沙箱】');
    expect(delivered).toContain('您好，会员日到了【沙箱】');
    await client.soap.deleteNumberFile(file.taskFileId);
    expect((await rejection(client.soap.deleteNumberFile(file.taskFileId))).vendorCode).toBe('-322');
    expect((await rejection(client.soap.taskStatus('sms', '1'))).vendorCode).toBe('-342');
  });

  test('MMS tasks and their errors', async () => {
    const upload = await client.soap.uploadMms({ subject: '任务彩信', frames: [{ text: '你好' }] });
    const task = await client.soap.submitMmsTask({ mmsFileId: upload.mmsFileId, recipients: '13800138500,13800138501' });
    await client.soap.stopTask('mms', task.id);
    expect((await client.soap.taskStatus('mms', task.id)).state).toBe('stopped');
    await client.soap.startTask('mms', task.id);
    expect((await rejection(client.soap.submitMmsTask({ mmsFileId: '1', recipients: '13800138500' }))).vendorCode).toBe('-361');
    expect((await rejection(client.soap.taskStatus('mms', '5'))).vendorCode).toBe('-372');
    await expect(client.soap.submitSmsTask({ content: 'x', schedule: new Date(Date.now() + 40 * 86_400_000), recipients: '13800138500' })).rejects.toThrow(/at most 31 days ahead/);
  });

  test('the official soap client pointed at the sandbox ?wsdl calls Sms_Send and Sms_GetReport', async () => {
    const soap = require('soap') as typeof import('soap');
    const official = await soap.createClientAsync(`${sandbox.baseUrls.mobset}/Api?wsdl`);
    const timestamp = mobsetTimestamp(new Date());
    const auth = { CorpID: 300001, LoginName: 'demo', Password: mobsetSecretKey('300001', 'demo123', timestamp), TimeStamp: timestamp };
    const [sent] = await official.Sms_SendAsync({ ...auth, AddNum: '', Timer: '', LongSms: 1, MobileList: { MobileListGroup: [{ Mobile: '13800138600', MsgID: '' }] }, Content: '官方客户端' });
    expect(sent.Count).toBe(1);
    expect(Array.isArray(sent.SmsIDList.SmsIDGroup)).toBe(true);
    await sleep(60);
    const [reports] = await official.Sms_GetReportAsync(auth);
    expect(reports.Count).toBeGreaterThanOrEqual(1);
  });

  test('the sandbox serves ?wsdl with its own address', async () => {
    const text = await (await fetch(`${sandbox.baseUrls.mobset}/Api?wsdl`)).text();
    expect(text).toContain(`location="${sandbox.url}/mobset/Api"`);
    expect(text).toContain('Sms_GetSentCount');
  });
});

describe('every function refuses a wrong password with -105 (the documented authentication error)', () => {
  let wrong: MobsetClient;
  beforeAll(() => {
    wrong = new MobsetClient({ ...credentials, password: 'not-the-password' });
  });
  const soapCalls: Array<[string, (c: MobsetClient) => Promise<unknown>]> = [
    ['Sms_Send', (c) => c.soap.sendSms({ recipients: '13800138000', content: 'x' })],
    ['Sms_GetRecv', (c) => c.soap.inboundMessages()],
    ['Sms_GetReport', (c) => c.soap.deliveryReports()],
    ['Sms_GetSentList', (c) => c.soap.sentHistory('13800138000')],
    ['Sms_GetSign', (c) => c.soap.signature()],
    ['Sms_GetBalance', (c) => c.soap.balance()],
    ['Sms_GetSentCount', (c) => c.soap.sentCount()],
    ['Mms_UpFile', (c) => c.soap.uploadMms({ subject: 's', frames: [{ text: 'x' }] })],
    ['Mms_GetFileStatus', (c) => c.soap.mmsFileStatus('1')],
    ['Mms_Send', (c) => c.soap.sendMms({ recipients: '13800138000', mmsFileId: '1' })],
    ['Mms_GetRecv', (c) => c.soap.inboundMms()],
    ['Mms_GetReport', (c) => c.soap.mmsDeliveryReports()],
    ['Task_UpFile', (c) => c.soap.uploadNumberFile({ subject: 's', numbers: '13800138000' })],
    ['Task_DelFile', (c) => c.soap.deleteNumberFile('1')],
    ['Task_SmsSend', (c) => c.soap.submitSmsTask({ content: 'x', recipients: '13800138000' })],
    ['Task_GetSmsStatus', (c) => c.soap.taskStatus('sms', '1')],
    ['Task_SmsStop', (c) => c.soap.stopTask('sms', '1')],
    ['Task_SmsStart', (c) => c.soap.startTask('sms', '1')],
    ['Task_MmsSend', (c) => c.soap.submitMmsTask({ mmsFileId: '1', recipients: '13800138000' })],
    ['Task_GetMmsStatus', (c) => c.soap.taskStatus('mms', '1')],
    ['Task_MmsStop', (c) => c.soap.stopTask('mms', '1')],
    ['Task_MmsStart', (c) => c.soap.startTask('mms', '1')],
  ];
  const sdk3Calls: Array<[string, (c: MobsetClient) => Promise<unknown>]> = [
    ['SmsSend', (c) => c.sdk3.sendSms({ recipients: '13800138000', content: 'x' })],
    ['SmsGetRecv', (c) => c.sdk3.inboundMessages()],
    ['SmsGetReport', (c) => c.sdk3.deliveryReports()],
    ['SmsGetBalance', (c) => c.sdk3.balance()],
    ['SmsGetSign', (c) => c.sdk3.signature()],
    ['SmsCancel', (c) => c.sdk3.cancelScheduled('1')],
    ['TemplateSendSms', (c) => c.sdk3.sendTemplate({ recipients: '13800138000', templateId: '1' })],
    ['TemplateAdd', (c) => c.sdk3.addTemplate({ type: 1, name: 'n', content: 'c', remark: 'r' })],
    ['TemplateList', (c) => c.sdk3.listTemplates()],
    ['TemplateQuery', (c) => c.sdk3.getTemplate('1')],
    ['SignNameApply', (c) => c.sdk3.applySignature({ signName: '星辰商城', documents: [{ type: 0, fileName: 'a.jpg', data: gif }] })],
  ];
  test.each([...soapCalls, ...sdk3Calls])('%s', async (_name, call) => {
    const error = await rejection(call(wrong));
    expect(error.vendorCode).toBe('-105');
    expect(error.kind).toBe('authentication');
  });
  test('a busy answer (-190, the gateway provably refused) is retried, for sends too; other refusals are not', async () => {
    await fetch(`${sandbox.url}/admin/faults`, { method: 'POST', body: JSON.stringify({ type: 'error', code: '-190', match: '/mobset/SDK3', remaining: 1 }) });
    expect((await client.sdk3.balance()).amount).toBeGreaterThan(0);
    await fetch(`${sandbox.url}/admin/faults`, { method: 'POST', body: JSON.stringify({ type: 'error', code: '-190', match: '/mobset/SDK3', remaining: 1 }) });
    let seq = lastSeq();
    const sent = await client.sdk3.sendSms({ recipients: '13800138777', content: '忙' });
    expect(sent.accepted).toBe(1);
    expect(logSince(seq).map((e) => e.fault ?? 'sent')).toEqual(['error', 'sent']);
    expect(sandbox.state.messages.filter((m) => m.mobile === '13800138777')).toHaveLength(1);
    await fetch(`${sandbox.url}/admin/faults`, { method: 'POST', body: JSON.stringify({ type: 'error', code: '-126', match: '/mobset/SDK3', remaining: 1 }) });
    seq = lastSeq();
    expect((await rejection(client.sdk3.sendSms({ recipients: '13800138000', content: '上限' }))).vendorCode).toBe('-126');
    expect(logSince(seq)).toHaveLength(1);
  });
});

describe('number files, built line by line', () => {
  /** `count` lines of the file's own form: a number and a member's name. */
  const memberLines = (count: number) => Array.from({ length: count }, (_, i) => `13${String(i).padStart(9, '0')},会员${i}`);
  test('base64 written from chunks of any length equals the base64 of the whole', async () => {
    const { base64Pieces } = await import('../../src/core/vendors/mobset/codec');
    const whole = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 7) % 256));
    for (const sizes of [[1, 2, 997], [5, 5, 5, 985], [999, 1], [1000], [1, 1, 1, 997], [1, 0, 1, 998], [2, 1, 997]]) {
      const chunks: Buffer[] = [];
      let at = 0;
      for (const size of sizes) {
        chunks.push(whole.subarray(at, at + size));
        at += size;
      }
      expect([...base64Pieces(chunks)].join('')).toBe(whole.toString('base64'));
    }
  });
  test('the file is the GBK of its lines joined by CRLF, whether lines come one by one or as runs, across chunks', async () => {
    const { NumberFileWriter } = await import('../../src/core/vendors/mobset/codec');
    const { encodeText } = await import('../../src/core/charset');
    const chunks: Buffer[] = [];
    // A run's chunk is overwritten by the next run: copied as the upload's base64 would.
    const writer = new NumberFileWriter((chunk) => chunks.push(Buffer.from(chunk)));
    writer.add('13800000001', '郭先生', 0);
    writer.add('13800000002', undefined, 1);
    expect(writer.addRun('..13800000003,李女士\n13800000004..', 2, 29, 2)).toBe(true);
    writer.add('13800000005', '王总', 4);
    expect(writer.addRun('13800000006\n13800000007,€', 0, 25, 2)).toBe(true);
    expect(writer.addRun('13800000009,😀', 0, 14, 1)).toBe(false);
    writer.flush();
    writer.add('13800000008', undefined, 7);
    writer.flush();
    const expected = ['13800000001,郭先生', '13800000002', '13800000003,李女士', '13800000004', '13800000005,王总', '13800000006', '13800000007,€', '13800000008'].join('\r\n');
    expect(Buffer.concat(chunks).equals(encodeText(expected, 'gbk'))).toBe(true);
    expect(writer.count).toBe(8);
  });
  test('a memo GBK cannot carry, in a list of objects, is refused with its index and nothing is sent', async () => {
    const before = sandbox.state.lastSeq;
    const error = await rejection(client.soap.uploadNumberFile({ subject: '泰文', numbers: [{ mobile: '13800138000', memo: '郭先生' }, { mobile: '13800138001', memo: 'คุณ' }] }));
    expect(error.field).toBe('numbers[1].memo');
    expect(error.rule).toMatch(/GBK/);
    expect(error.sent).toBe('no');
    expect(sandbox.state.lastSeq).toBe(before);
  });
  test('lines as users paste them: the file holds each number once normalised, memos as given', async () => {
    const text = [
      '13800000010,张三',
      '13800000011',
      '  13800000012 ,李四 ',
      '+86 138 0000 0013,王五',
      '',
      '13800000014,赵六\r',
      '8613800000015',
      '13800000016,',
      '13800000017,钱七',
    ].join('\n');
    const file = await client.soap.uploadNumberFile({ subject: '混合', numbers: text });
    expect(file.count).toBe(8);
    const stored = (sandbox.state.vendorData('mobset', () => ({})) as { numberFiles: Array<{ id: string; entries: Array<{ mobile: string; memo?: string }> }> }).numberFiles.find((f) => f.id === file.taskFileId)!;
    expect(stored.entries).toEqual([
      { mobile: '13800000010', memo: '张三' },
      { mobile: '13800000011' },
      { mobile: '13800000012', memo: '李四' },
      { mobile: '13800000013', memo: '王五' },
      { mobile: '13800000014', memo: '赵六' },
      { mobile: '13800000015' },
      { mobile: '13800000016' },
      { mobile: '13800000017', memo: '钱七' },
    ]);
  });
  test.each([
    ['a number one digit short', '1380013800', 'numbers[11998]'],
    ['a memo GBK cannot carry', '13000011998,会员😀', 'numbers[11998].memo'],
  ])('a bad line near the end of a long file (%s): its line is named and nothing is sent', async (_, line, field) => {
    const lines = memberLines(12_000);
    lines[11_998] = line;
    const before = sandbox.state.lastSeq;
    const error = await rejection(client.soap.uploadNumberFile({ subject: '坏行', numbers: lines.join('\n') }));
    expect(error.field).toBe(field);
    expect(error.message).toContain(line.slice(-2));
    expect(error.sent).toBe('no');
    expect(sandbox.state.lastSeq).toBe(before);
  });
  test('a 50,000-line file with memos reaches the gateway intact (GBK, CRLF)', async () => {
    const lines = memberLines(50_000);
    const file = await client.soap.uploadNumberFile({ subject: '五万', numbers: lines.join('\n') });
    expect(file.count).toBe(50_000);
    const stored = (sandbox.state.vendorData('mobset', () => ({})) as { numberFiles: Array<{ id: string; entries: Array<{ mobile: string; memo?: string }> }> }).numberFiles.find((f) => f.id === file.taskFileId)!;
    expect(stored.entries).toHaveLength(50_000);
    expect(stored.entries[49_999]).toEqual({ mobile: '13000049999', memo: '会员49999' });
  });
});
