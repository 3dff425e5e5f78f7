/**
 * Bad input corpus: malformed inputs across the operations of every vendor. Each must give
 * a validation (or configuration) error that names the field and the rule, and the sandbox's
 * request log must show that nothing at all was sent.
 */
import { findOperation, runOperation, VENDORS } from '../../src/catalog';
import { GatewayError } from '../../src/core/errors';
import type { VendorId } from '../../src/core/model';
import { startSandbox, type Sandbox } from '../../src/sandbox/server';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ quiet: true });
});
afterAll(() => sandbox.close());

const credentials = (): Record<VendorId, Record<string, unknown>> => ({
  smsaspx: { baseUrl: sandbox.baseUrls.smsaspx, account: 'demo', password: 'demo123', userId: '1001' },
  mmsaspx: { baseUrl: sandbox.baseUrls.mmsaspx, account: 'demo', password: 'demo123' },
  mobset: { corpId: '300001', loginName: 'demo', password: 'demo123', baseUrl: sandbox.baseUrls.mobset },
  emay: { baseUrl: sandbox.baseUrls.emay, appId: 'EUCP-DEMO-0001', secretKey: '0123456789abcdef' },
});

type Case = [string, VendorId, string, Record<string, unknown>, string];

const badNumbers = ['', '   ', '123', 'abc', '1380013800', '138001380000', '23800138000', '+1 555 0100', '0755-83210000', '12345678901', '138-0013-800', '13800138000,1'];
const badSchedules = ['2000-01-01 00:00:00', 'tomorrow', '2026-13-40 25:61:00', '1999-12-31T23:59:59Z', 'next week'];
const signed: Record<VendorId, string> = { smsaspx: '内容【星辰商城】', mmsaspx: 'x', mobset: '内容', emay: '【亿美】内容' };

function corpus(): Case[] {
  const cases: Case[] = [];
  for (const vendor of ['smsaspx', 'mobset', 'emay'] as VendorId[]) {
    for (const n of badNumbers) cases.push([`recipients ${JSON.stringify(n)}`, vendor, 'sms.send', { recipients: n, content: signed[vendor] }, 'recipients']);
    for (const c of ['', '   ', '\n\t']) cases.push([`content ${JSON.stringify(c)}`, vendor, 'sms.send', { recipients: '13800138000', content: c }, 'content']);
    for (const t of badSchedules) cases.push([`schedule ${t}`, vendor, 'sms.send', { recipients: '13800138000', content: signed[vendor], schedule: t }, 'schedule']);
    for (const e of ['abc', '12a', '-1', '1 2']) cases.push([`extension ${e}`, vendor, 'sms.send', { recipients: '13800138000', content: signed[vendor], extension: e }, 'extension']);
  }
  // sms.aspx: signature rules, 5-digit extension, GBK, point-to-point, MMS, templates, password
  for (const c of ['没有签名', '【】空签名', '【星】太短', '签名太长【一二三四五六七八九】']) cases.push([`signature ${c}`, 'smsaspx', 'sms.send', { recipients: '13800138000', content: c }, 'content']);
  cases.push(['extension 6 digits', 'smsaspx', 'sms.send', { recipients: '13800138000', content: signed.smsaspx, extension: '123456' }, 'extension']);
  cases.push(['GBK cannot carry an emoji', 'smsaspx', 'sms.send', { recipients: '13800138000', content: '😀【星辰商城】', endpoint: 'smsGBK.aspx' }, 'content']);
  cases.push(['unknown endpoint', 'smsaspx', 'sms.send', { recipients: '13800138000', content: signed.smsaspx, endpoint: 'sms.php' }, 'endpoint']);
  for (const [m, field] of [
    ['[]', 'messages'],
    ['{}', 'messages'],
    ['not json', 'messages'],
    ['[{"mobile":"123","content":"a【星辰商城】"}]', 'messages[0].mobile'],
    ['[{"mobile":"13800138000","content":""}]', 'messages[0].content'],
    ['[{"mobile":"13800138000","content":"a【星辰商城】"},{"mobile":"13800138000","content":"b【星辰商城】"}]', 'messages[1].mobile'],
  ]) {
    cases.push([`personalised ${m}`, 'smsaspx', 'sms.sendPersonalised', { messages: m }, field]);
  }
  const tooBig = [{ files: [{ fileName: 'big.jpg', data: Buffer.alloc(101 * 1024, 1).toString('base64') }] }];
  const frameCases: Array<[string, unknown, string]> = [
    ['no frames', [], 'frames'],
    ['21 frames', Array.from({ length: 21 }, () => ({ text: 'x' })), 'frames'],
    ['empty frame', [{}], 'frames[0]'],
    ['bad base64', [{ files: [{ fileName: 'a.gif', data: '!!!not base64!!!' }] }], 'frames[0].files[0].data'],
    ['no bytes', [{ files: [{ fileName: 'a.gif', data: '' }] }], 'frames[0].files[0]'],
    ['unknown type', [{ files: [{ fileName: 'a.exe', data: 'AAAA' }] }], 'frames[0].files[0]'],
    ['non-ASCII name', [{ files: [{ fileName: '图片.gif', data: 'R0lGODlh' }] }], 'frames[0].fileName'],
    ['over 100 KB', tooBig, 'frames'],
    ['duration 0', [{ text: 'x', durationSeconds: 0 }], 'frames[0].durationSeconds'],
    ['duration 61', [{ text: 'x', durationSeconds: 61 }], 'frames[0].durationSeconds'],
  ];
  for (const [name, frames, field] of frameCases) {
    cases.push([`sms.aspx MMS ${name}`, 'smsaspx', 'mms.send', { recipients: '13800138000', subject: '主题', frames }, field]);
    if (name !== 'non-ASCII name') cases.push([`MMS platform ${name}`, 'mmsaspx', 'mms.send', { recipients: '13800138000', title: '标题', frames }, field]);
  }
  cases.push(['MMS platform png', 'mmsaspx', 'mms.send', { recipients: '13800138000', title: 't', frames: [{ files: [{ fileName: 'a.png', data: 'iVBORw0K' }] }] }, 'frames[0].files[0]']);
  cases.push(['MMS platform 2001 numbers fine but empty title', 'mmsaspx', 'mms.send', { recipients: '13800138000', title: '', frames: [{ text: 'x' }] }, 'title']);
  cases.push(['sms.aspx MMS empty subject', 'smsaspx', 'mms.send', { recipients: '13800138000', subject: '', frames: [{ text: 'x' }] }, 'subject']);
  for (const t of ['', '无占位符【星辰商城】', '太多@@@@@@【星辰商城】', '验证码@']) cases.push([`template ${JSON.stringify(t)}`, 'smsaspx', 'template.create', { template: t }, 'template']);
  cases.push(['template id missing', 'smsaspx', 'template.get', { templateId: '' }, 'templateId']);
  for (const p of ['', 'x'.repeat(21)]) cases.push([`new password ${p.length}`, 'smsaspx', 'account.changePassword', { newPassword: p }, 'newPassword']);
  cases.push(['statusNum 0', 'smsaspx', 'report.fetch', { max: 0 }, 'max']);
  cases.push(['statusNum 1001', 'smsaspx', 'report.fetch', { max: 1001 }, 'max']);
  cases.push(['MMS statusNum 10001', 'mmsaspx', 'report.fetch', { max: 10001 }, 'max']);
  // Mobset: 900 characters, templates, cancel, tasks, MMS ids, signature application
  cases.push(['SDK3 content 901', 'mobset', 'sms.send', { recipients: '13800138000', content: '长'.repeat(901) }, 'content']);
  cases.push(['extension 13 digits', 'mobset', 'sms.send', { recipients: '13800138000', content: 'x', extension: '1234567890123' }, 'extension']);
  for (const ids of ['', 'abc', '12,x', '-1']) cases.push([`cancel ${JSON.stringify(ids)}`, 'mobset', 'sms.cancel', { smsIds: ids }, 'smsIds']);
  for (const [p, field] of [
    ['["' + 'x'.repeat(31) + '"]', 'params[0]'],
    ['["http://example.com"]', 'params[0]'],
    ['{"x":"1"}', 'params.x'],
    ['["1","2","3","4","5","6","7","8","9","10"]', 'params'],
  ]) {
    cases.push([`template values ${p.slice(0, 20)}`, 'mobset', 'sms.sendTemplate', { recipients: '13800138000', templateId: '1', params: p }, field]);
  }
  cases.push(['template id missing', 'mobset', 'sms.sendTemplate', { recipients: '13800138000', templateId: '' }, 'templateId']);
  for (const c of ['{6}不行', '{0}不行', '长'.repeat(501)]) cases.push([`template content ${c.slice(0, 8)}`, 'mobset', 'template.create', { type: 'application', name: 'n', content: c, remark: 'r' }, 'content']);
  cases.push(['template type', 'mobset', 'template.create', { type: 'other', name: 'n', content: 'c', remark: 'r' }, 'type']);
  cases.push(['template remark', 'mobset', 'template.create', { type: 'application', name: 'n', content: 'c', remark: '' }, 'remark']);
  for (const [name, sign, docs, field] of [
    ['short', '星辰', '[{"type":0,"fileName":"a.jpg","data":"AAAA"}]', 'signName'],
    ['long', '一二三四五六七八九十一二三', '[{"type":0,"fileName":"a.jpg","data":"AAAA"}]', 'signName'],
    ['no files', '星辰商城', '[]', 'documents'],
    ['4 files', '星辰商城', JSON.stringify(Array.from({ length: 4 }, () => ({ type: 0, fileName: 'a.jpg', data: 'AAAA' }))), 'documents'],
    ['type 7', '星辰商城', '[{"type":7,"fileName":"a.jpg","data":"AAAA"}]', 'documents[0].type'],
    ['gif', '星辰商城', '[{"type":0,"fileName":"a.gif","data":"AAAA"}]', 'documents[0].fileName'],
    ['empty', '星辰商城', '[{"type":0,"fileName":"a.jpg","data":""}]', 'documents[0].data'],
  ] as Array<[string, string, string, string]>) {
    cases.push([`signature application ${name}`, 'mobset', 'signature.apply', { signName: sign, documents: docs }, field]);
  }
  for (const id of ['', 'abc', '0', '-5', '1.5']) {
    cases.push([`MMS file id ${JSON.stringify(id)}`, 'mobset', 'mms.status', { mmsFileId: id }, 'mmsFileId']);
    cases.push([`MMS send file id ${JSON.stringify(id)}`, 'mobset', 'mms.send', { recipients: '13800138000', mmsFileId: id }, 'mmsFileId']);
    cases.push([`task id ${JSON.stringify(id)}`, 'mobset', 'task.status', { kind: 'sms', taskId: id }, 'taskId']);
    cases.push([`stop task id ${JSON.stringify(id)}`, 'mobset', 'task.stop', { kind: 'sms', taskId: id }, 'taskId']);
    cases.push([`start task id ${JSON.stringify(id)}`, 'mobset', 'task.start', { kind: 'mms', taskId: id }, 'taskId']);
    cases.push([`number file id ${JSON.stringify(id)}`, 'mobset', 'task.deleteNumbers', { taskFileId: id }, 'taskFileId']);
  }
  for (const numbers of ['', 'abc', '13800138000,有,逗号', '123,张三', '[{"mobile":"1"}]', '[']) cases.push([`number file ${JSON.stringify(numbers)}`, 'mobset', 'task.uploadNumbers', { subject: 's', numbers }, numbers === '' ? 'numbers' : numbers.startsWith('[{') ? 'numbers[0]' : numbers === '[' ? 'numbers' : numbers === 'abc' || numbers === '123,张三' ? 'numbers[0]' : 'numbers[0].memo']);
  cases.push(['task without targets', 'mobset', 'task.submitSms', { content: 'x' }, 'taskFileIds']);
  cases.push(['task schedule 40 days', 'mobset', 'task.submitSms', { content: 'x', recipients: '13800138000', schedule: new Date(Date.now() + 40 * 86_400_000).toISOString() }, 'schedule']);
  cases.push(['task priority 101', 'mobset', 'task.submitSms', { content: 'x', recipients: '13800138000', priority: 101 }, 'priority']);
  cases.push(['task kind', 'mobset', 'task.status', { kind: 'fax', taskId: '1' }, 'kind']);
  cases.push(['sent history of a bad number', 'mobset', 'account.sentHistory', { mobile: '123' }, 'mobile']);
  cases.push(['sent history of two numbers', 'mobset', 'account.sentHistory', { mobile: '13800138000,13900139000' }, 'mobile']);
  // Emay: ids, codes, templates, short links, recovery windows
  for (const ids of [['x'.repeat(33)], ['a', 'b']]) cases.push([`custom ids ${ids.length}`, 'emay', 'sms.send', { recipients: '13800138000', content: signed.emay, customIds: ids }, ids.length === 1 ? 'customIds[0]' : 'customIds']);
  cases.push(['single custom id 33', 'emay', 'sms.sendSingle', { mobile: '13800138000', content: signed.emay, customId: 'x'.repeat(33) }, 'customId']);
  cases.push(['timer 91 days', 'emay', 'sms.send', { recipients: '13800138000', content: signed.emay, schedule: new Date(Date.now() + 91 * 86_400_000).toISOString() }, 'schedule']);
  cases.push(['extended code 13', 'emay', 'sms.sendBatchOnly', { recipients: '13800138000', content: signed.emay, extension: '1234567890123' }, 'extension']);
  cases.push(['short link without placeholder', 'emay', 'sms.sendShortLink', { recipients: '13800138000', content: signed.emay, url: 'https://emay.cn' }, 'content']);
  for (const url of ['', 'ftp://emay.cn', 'emay.cn', 'javascript:alert(1)']) cases.push([`short link url ${url}`, 'emay', 'sms.sendShortLink', { recipients: '13800138000', content: '{#短网址#}', url }, 'url']);
  cases.push(['template content empty', 'emay', 'template.create', { templateContent: '' }, 'templateContent']);
  cases.push(['template variables not an object', 'emay', 'sms.sendTemplateVariables', { templateId: '1', messages: '[{"mobile":"13800138000","variables":"x"}]' }, 'messages[0].variables']);
  cases.push(['template variables bad number', 'emay', 'sms.sendTemplateVariables', { templateId: '1', messages: '[{"mobile":"1","variables":{}}]' }, 'messages[0].mobile']);
  cases.push(['personalised per-message extension', 'emay', 'sms.sendPersonalised', { messages: '[{"mobile":"13800138000","content":"x","extension":"abc"}]' }, 'messages[0].extension']);
  cases.push(['recover: to before from', 'emay', 'report.recover', { from: new Date(Date.now() - 60_000).toISOString(), to: new Date(Date.now() - 120_000).toISOString() }, 'to']);
  cases.push(['recover: future', 'emay', 'report.recover', { from: new Date(Date.now() - 60_000).toISOString(), to: new Date(Date.now() + 3_600_000).toISOString() }, 'to']);
  cases.push(['recover: 31 days ago', 'emay', 'report.recover', { from: new Date(Date.now() - 31 * 86_400_000).toISOString(), to: new Date(Date.now() - 30 * 86_400_000).toISOString() }, 'from']);
  cases.push(['recover: 1001 ids', 'emay', 'report.recover', { from: new Date(Date.now() - 60_000).toISOString(), to: new Date().toISOString(), smsIds: Array.from({ length: 1001 }, (_, i) => i).join(',') }, 'smsIds']);
  cases.push(['getReport number 501', 'emay', 'report.fetch', { max: 501 }, 'max']);
  return cases;
}

const credentialCases: Array<[string, VendorId, Record<string, unknown>, string]> = [
  ['Emay key 15 bytes', 'emay', { secretKey: '0123456789abcde' }, 'secretKey'],
  ['Emay key 17 bytes', 'emay', { secretKey: '0123456789abcdefg' }, 'secretKey'],
  ['Emay key 31 bytes', 'emay', { secretKey: 'x'.repeat(31) }, 'secretKey'],
  ['Emay valid period 0', 'emay', { requestValidPeriod: 0 }, 'requestValidPeriod'],
  ['Emay no appId', 'emay', { appId: '' }, 'appId'],
  ['sms.aspx ftp URL', 'smsaspx', { baseUrl: 'ftp://47.92.214.24' }, 'baseUrl'],
  ['sms.aspx not a URL', 'smsaspx', { baseUrl: 'not a url' }, 'baseUrl'],
  ['sms.aspx URL with user', 'smsaspx', { baseUrl: 'http://user:pw@47.92.214.24' }, 'baseUrl'],
  ['sms.aspx no account', 'smsaspx', { account: '' }, 'account'],
  ['sms.aspx no password', 'smsaspx', { password: '' }, 'password'],
  ['MMS no URL', 'mmsaspx', { baseUrl: '' }, 'baseUrl'],
  ['Mobset CorpID outside the platforms', 'mobset', { corpId: '900001', baseUrl: undefined }, 'corpId'],
  ['Mobset CorpID letters', 'mobset', { corpId: 'abc', baseUrl: undefined }, 'corpId'],
  ['Mobset bad base URL', 'mobset', { baseUrl: 'mobset.com' }, 'baseUrl'],
  ['Mobset no login', 'mobset', { loginName: '' }, 'loginName'],
];

describe('the bad input corpus', () => {
  const cases = corpus();
  let logBefore = 0;
  beforeAll(() => {
    logBefore = sandbox.state.lastSeq;
  });
  afterAll(() => {
    // Nothing of the whole corpus reached the gateway.
    expect(sandbox.state.lastSeq).toBe(logBefore);
  });

  test('has at least 200 entries', () => {
    expect(cases.length + credentialCases.length).toBeGreaterThanOrEqual(200);
  });

  test.each(cases)('%s (%s %s)', async (_name, vendor, operation, input, field) => {
    const [resource, name] = operation.split('.');
    const entry = VENDORS[vendor]!;
    const client = entry.createClient(credentials()[vendor]);
    try {
      await runOperation(findOperation(vendor, resource, name), client, input);
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(GatewayError);
      const e = error as GatewayError;
      expect(['validation', 'configuration']).toContain(e.kind);
      expect(e.field).toBe(field);
      expect(e.rule).toBeTruthy();
      expect(e.message.startsWith(`${field}: `)).toBe(true);
      expect(e.sent).toBe('no');
    }
  });

  test.each(credentialCases)('credential: %s', (_name, vendor, change, field) => {
    const entry = VENDORS[vendor]!;
    try {
      entry.createClient({ ...credentials()[vendor], ...change });
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(GatewayError);
      expect((error as GatewayError).field).toBe(field);
      expect((error as GatewayError).message.startsWith(`${field}: `)).toBe(true);
    }
  });
});
