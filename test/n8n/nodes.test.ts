import type { IDataObject, INodeExecutionData, INodeType } from 'n8n-workflow';
import { VENDORS } from '../../src/catalog';
import type { VendorId } from '../../src/core/model';
import { Emay } from '../../src/nodes/Emay/Emay.node';
import { EmayPushTrigger } from '../../src/nodes/Emay/EmayPushTrigger.node';
import { EmayTrigger } from '../../src/nodes/Emay/EmayTrigger.node';
import { MmsAspx } from '../../src/nodes/MmsAspx/MmsAspx.node';
import { Mobset } from '../../src/nodes/Mobset/Mobset.node';
import { MobsetTrigger } from '../../src/nodes/Mobset/MobsetTrigger.node';
import { SmsAspx } from '../../src/nodes/SmsAspx/SmsAspx.node';
import { SmsAspxPushTrigger } from '../../src/nodes/SmsAspx/SmsAspxPushTrigger.node';
import { SmsAspxTrigger } from '../../src/nodes/SmsAspx/SmsAspxTrigger.node';
import { startSandbox, type Sandbox } from '../../src/sandbox/server';
import { execute, pollContext, serveWebhook } from './harness';

let sandbox: Sandbox;
const gif = 'R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const credentials = (): Record<VendorId, IDataObject> => ({
  smsaspx: { baseUrl: sandbox.baseUrls.smsaspx, account: 'demo', password: 'demo123', userId: '1001', passwordForm: 'md5upper', sendEndpoint: 'sms.aspx', signature: '' },
  mmsaspx: { baseUrl: sandbox.baseUrls.mmsaspx, account: 'demo', password: 'demo123', passwordForm: 'plain' },
  mobset: { corpId: '300001', loginName: 'demo', password: 'demo123', protocol: 'sdk3', timestampForm: '14', https: false, baseUrl: sandbox.baseUrls.mobset },
  emay: { baseUrl: sandbox.baseUrls.emay, appId: 'EUCP-DEMO-0001', secretKey: '0123456789abcdef', interface: 'secure', gzip: true, requestValidPeriod: 60 },
});

beforeAll(async () => {
  sandbox = await startSandbox({ quiet: true, reportDelayMs: 20, pushIntervalMs: 20, emayPushRetryMs: [50, 50, 50] });
});
afterAll(() => sandbox.close());

const nodes: Record<VendorId, INodeType> = { smsaspx: new SmsAspx(), mmsaspx: new MmsAspx(), mobset: new Mobset(), emay: new Emay() };

async function run(vendor: VendorId, resource: string, operation: string, parameters: IDataObject = {}, extra: { items?: INodeExecutionData[]; continueOnFail?: boolean } = {}) {
  return execute(nodes[vendor], { parameters: { resource, operation, ...parameters }, credentials: credentials()[vendor], ...extra });
}

describe('descriptions generated from the catalog', () => {
  test.each(Object.keys(nodes) as VendorId[])('%s: every catalog operation is offered, every field has a property', (vendor) => {
    const description = nodes[vendor].description;
    const operations = description.properties.filter((p) => p.name === 'operation').flatMap((p) => (p.options as Array<{ value: string }>).map((o) => o.value));
    const entry = VENDORS[vendor]!;
    for (const op of entry.operations) {
      expect(operations).toContain(op.name);
      for (const field of op.fields.filter((f) => !f.advanced && f.name !== 'preview')) {
        expect(description.properties.some((p) => p.name === field.name)).toBe(true);
      }
    }
    expect(description.credentials?.[0].testedBy).toBe(`${description.credentials?.[0].name}Test`);
  });
});

describe('sms.aspx platform node', () => {
  test('send, with per-recipient items on request', async () => {
    const [item] = await run('smsaspx', 'sms', 'send', { recipients: '13800138000,13900139000', content: '您好【星辰商城】' });
    expect(item.json).toMatchObject({ vendor: 'smsaspx', accepted: 2 });
    expect(item.pairedItem).toEqual({ item: 0 });
    const split = await run('smsaspx', 'sms', 'send', { recipients: '13800138000,13900139000', content: '您好【星辰商城】', options: { splitRecipients: true } });
    expect(split.map((i) => i.json.mobile)).toEqual(['13800138000', '13900139000']);
  });
  test('raw replies are kept by default, one per request, and left out when the option is off', async () => {
    const recipients = Array.from({ length: 1500 }, (_, i) => `1390000${String(i).padStart(4, '0')}`).join(',');
    const [kept] = await run('smsaspx', 'sms', 'send', { recipients, content: '您好【星辰商城】' });
    expect(kept.json).toMatchObject({ accepted: 1500 });
    expect(kept.json.raw).toHaveLength(2);
    const [left] = await run('smsaspx', 'sms', 'send', { recipients, content: '您好【星辰商城】', options: { includeRaw: false } });
    expect(left.json).toMatchObject({ accepted: 1500, batchId: expect.any(String) });
    expect(left.json).not.toHaveProperty('raw');
    expect(left.json.recipients).toHaveLength(1500);
    // Offered on every send and on nothing else: queries keep their raw reply.
    for (const vendor of Object.keys(nodes) as VendorId[]) {
      for (const op of VENDORS[vendor]!.operations) {
        const collection = nodes[vendor].description.properties.find(
          (p) => p.name === 'options' && p.displayOptions?.show?.resource?.includes(op.resource) && p.displayOptions?.show?.operation?.includes(op.name),
        );
        const names = ((collection?.options ?? []) as Array<{ name: string }>).map((o) => o.name);
        expect([`${vendor}.${op.resource}.${op.name}`, names.includes('includeRaw'), names.includes('recipientsOutput')]).toEqual([`${vendor}.${op.resource}.${op.name}`, op.sends === true, op.sends === true]);
      }
    }
  });
  test('recipients in output: all, only those not accepted, or none; per-recipient items follow the choice', async () => {
    const recipients = '13800138001,13800138001,13900139001';
    const content = '您好【星辰商城】';
    const [all] = await run('smsaspx', 'sms', 'send', { recipients, content });
    expect(all.json.recipients).toHaveLength(3);
    const [follow] = await run('smsaspx', 'sms', 'send', { recipients, content, options: { recipientsOutput: 'notAccepted' } });
    expect(follow.json).toMatchObject({ accepted: 2, failed: 1, recipients: [{ mobile: '13800138001', status: 'rejected' }] });
    expect(follow.json.recipients).toHaveLength(1);
    const [counts] = await run('smsaspx', 'sms', 'send', { recipients, content, options: { recipientsOutput: 'none' } });
    expect(counts.json).toMatchObject({ accepted: 2, failed: 1 });
    expect(counts.json).not.toHaveProperty('recipients');
    const split = await run('smsaspx', 'sms', 'send', { recipients, content, options: { recipientsOutput: 'notAccepted', splitRecipients: true } });
    expect(split.map((i) => [i.json.mobile, i.json.status])).toEqual([['13800138001', 'rejected']]);
  });
  test('preview sends nothing and lists parts, billing and rejected numbers', async () => {
    const seq = sandbox.state.lastSeq;
    const [item] = await run('smsaspx', 'sms', 'send', { recipients: '13800138000,123', content: `${'长'.repeat(80)}【星辰商城】`, options: { preview: true } });
    expect(item.json).toMatchObject({ recipients: 1, parts: 2, billed: 2, rejected: [{ input: '123', reason: 'invalid' }] });
    expect(sandbox.state.lastSeq).toBe(seq);
  });
  test('continueOnFail turns a gateway error into an item with the vendor code', async () => {
    const items = await execute(nodes.smsaspx, { parameters: { resource: 'sms', operation: 'send', recipients: '13800000002', content: '黑名单【星辰商城】' }, credentials: credentials().smsaspx, continueOnFail: true });
    expect(items[0].json.error).toMatchObject({ vendorCode: '1109', kind: 'gateway' });
    expect(items[0].pairedItem).toEqual({ item: 0 });
  });
  test('without continueOnFail: NodeApiError with the vendor code; bad input: NodeOperationError naming the field', async () => {
    await expect(run('smsaspx', 'sms', 'send', { recipients: '13800000002', content: '黑名单【星辰商城】' })).rejects.toMatchObject({ name: 'NodeApiError', description: expect.stringContaining('1109') });
    await expect(run('smsaspx', 'sms', 'send', { recipients: '13800138000', content: '' })).rejects.toMatchObject({ name: 'NodeOperationError', message: 'content: is required' });
  });
  test('one output item per input item, in order, with pairedItem', async () => {
    const items = [{ json: { to: '13800138001' } }, { json: { to: '13800138002' } }];
    const out = await execute(nodes.smsaspx, { parameters: { resource: 'account', operation: 'balance' }, credentials: credentials().smsaspx, items });
    expect(out.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
  });
  test('personalised, MMS from an n8n binary property, templates, balance, password, reports and inbound', async () => {
    expect((await run('smsaspx', 'sms', 'sendPersonalised', { messages: JSON.stringify([{ mobile: '13800138010', content: '甲【星辰商城】' }]) }))[0].json.accepted).toBe(1);
    const binaryItem = { json: {}, binary: { data: { data: gif, mimeType: 'image/gif', fileName: 'a.gif' } } };
    const mms = await run('smsaspx', 'mms', 'send', { recipients: '13800138011', subject: '图片', frames: '[{"text":"你好"}]', framesFromBinary: 'data' }, { items: [binaryItem] });
    expect(mms[0].json.accepted).toBe(1);
    const stored = sandbox.state.messages.find((m) => m.mobile === '13800138011' && m.kind === 'mms')!;
    expect(stored.files!.some((f) => f.name === 'a.gif')).toBe(true);
    const created = await run('smsaspx', 'template', 'create', { template: '验证码@【星辰商城】' });
    const id = created[0].json.id as string;
    expect((await run('smsaspx', 'template', 'get', { templateId: id }))[0].json.id).toBe(id);
    await run('smsaspx', 'template', 'update', { templateId: id, template: '新验证码@【星辰商城】' });
    await run('smsaspx', 'template', 'delete', { templateId: id });
    expect((await run('smsaspx', 'account', 'balance', { product: 'mms' }))[0].json.amount).toBeGreaterThan(0);
    sandbox.state.accounts.push({ vendor: 'smsaspx', login: 'n8npw', password: 'old-pw-1', passwordForm: 'md5upper', balance: 1 });
    await execute(nodes.smsaspx, { parameters: { resource: 'account', operation: 'changePassword', newPassword: 'new-pw-2' }, credentials: { ...credentials().smsaspx, account: 'n8npw', password: 'old-pw-1' } });
    await sleep(50);
    const reports = await run('smsaspx', 'report', 'fetch');
    expect(reports.length).toBeGreaterThan(1);
    expect(reports[0].json).toHaveProperty('status');
    await fetch(`${sandbox.url}/admin/reply`, { method: 'POST', body: JSON.stringify({ vendor: 'smsaspx', mobile: '13800138010', content: '好' }) });
    expect((await run('smsaspx', 'inbound', 'fetch'))[0].json.content).toBe('好');
  });
});

describe('Mobset node', () => {
  test('every resource: SMS, template, signature, MMS, task, account, report, inbound', async () => {
    const sent = await run('mobset', 'sms', 'send', { recipients: '13800138100', content: '你好', options: { schedule: new Date(Date.now() + 3_600_000).toISOString() } });
    const smsId = (sent[0].json.recipients as IDataObject[])[0].messageId as string;
    expect((await run('mobset', 'sms', 'cancel', { smsIds: smsId }))[0].json.cancelled).toBe(true);
    const template = await run('mobset', 'template', 'create', { type: 'application', name: `n8n${Date.now()}`, content: '验证码{1}', remark: '测试' });
    await sleep(40);
    expect((await run('mobset', 'template', 'getAll')).some((i) => i.json.id === template[0].json.id)).toBe(true);
    expect((await run('mobset', 'template', 'get', { templateId: template[0].json.id }))[0].json.state).toBe('approved');
    expect((await run('mobset', 'sms', 'sendTemplate', { recipients: '13800138101', templateId: template[0].json.id, params: '["1234"]' }))[0].json.accepted).toBe(1);
    expect((await run('mobset', 'signature', 'get'))[0].json.signature).toBe('沙箱');
    expect((await run('mobset', 'signature', 'apply', { signName: '星辰商城', documents: JSON.stringify([{ type: 0, fileName: 'a.jpg', data: gif }]) }))[0].json.code).toBe('1');
    const upload = await run('mobset', 'mms', 'upload', { subject: '彩信', frames: JSON.stringify([{ text: '你好', files: [{ fileName: 'a.gif', data: gif }] }]) });
    const mmsFileId = upload[0].json.mmsFileId as string;
    expect((await run('mobset', 'mms', 'status', { mmsFileId }))[0].json.title).toBe('彩信');
    expect((await run('mobset', 'mms', 'send', { recipients: '13800138102', mmsFileId }))[0].json.accepted).toBe(1);
    const file = await run('mobset', 'task', 'uploadNumbers', { subject: '名单', numbers: '13800138103,张三\n13800138104' });
    const task = await run('mobset', 'task', 'submitSms', { content: '%Memo%您好', taskFileIds: file[0].json.taskFileId });
    await run('mobset', 'task', 'stop', { kind: 'sms', taskId: task[0].json.id });
    expect((await run('mobset', 'task', 'status', { kind: 'sms', taskId: task[0].json.id }))[0].json.state).toBe('stopped');
    await run('mobset', 'task', 'start', { kind: 'sms', taskId: task[0].json.id });
    const mmsTask = await run('mobset', 'task', 'submitMms', { mmsFileId, recipients: '13800138105' });
    expect(mmsTask[0].json.id).toMatch(/^\d+$/);
    for (let i = 0; i < 40 && (await run('mobset', 'task', 'status', { kind: 'sms', taskId: task[0].json.id }))[0].json.state !== 'finished'; i++) await sleep(25);
    await run('mobset', 'task', 'deleteNumbers', { taskFileId: file[0].json.taskFileId });
    expect((await run('mobset', 'account', 'balance'))[0].json.amount).toBeGreaterThan(0);
    expect((await run('mobset', 'account', 'sentCount'))[0].json.count).toBeGreaterThan(0);
    expect((await run('mobset', 'account', 'sentHistory', { mobile: '13800138101' }))[0].json.content).toContain('1234');
    await sleep(50);
    expect((await run('mobset', 'report', 'fetch')).length).toBeGreaterThan(0);
    expect((await run('mobset', 'report', 'fetch', { product: 'mms' })).length).toBeGreaterThan(0);
    await fetch(`${sandbox.url}/admin/reply`, { method: 'POST', body: JSON.stringify({ vendor: 'mobset', mobile: '13800138102', content: '图', files: [{ name: 'p.gif', type: 'gif', base64: gif }] }) });
    const mmsIn = await run('mobset', 'inbound', 'fetch', { product: 'mms' });
    expect(mmsIn[0].binary?.file1?.fileName).toBe('p.gif');
    expect(mmsIn[0].json.files).toBeDefined();
  });
});

describe('Mobset number file from input items', () => {
  test('one upload for all items, numbers and memos from their fields, paired with every item', async () => {
    const items = [{ json: { phone: '13800138120', name: '张三' } }, { json: { phone: '13800138121', name: '李四' } }, { json: { phone: '13800138122' } }];
    const out = await run('mobset', 'task', 'uploadNumbers', { subject: '来自条目', numbers: '', options: { numbersFromItems: true, mobileField: 'phone', memoField: 'name' } }, { items });
    expect(out).toHaveLength(1);
    expect(out[0].json.count).toBe(3);
    expect(out[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
    const task = await run('mobset', 'task', 'submitSms', { content: '%Memo%您好', taskFileIds: out[0].json.taskFileId });
    expect(task[0].json.id).toMatch(/^\d+$/);
  });
});

describe('Emay node and MMS platform node', () => {
  test('Emay: each send kind, templates, reports, recovery, balance, short links', async () => {
    expect((await run('emay', 'sms', 'send', { recipients: '13800138200', content: '【亿美】你好', options: { customIds: '["a1"]' } }))[0].json.accepted).toBe(1);
    expect((await run('emay', 'sms', 'sendSingle', { mobile: '13800138201', content: '【亿美】单条' }))[0].json.accepted).toBe(1);
    expect((await run('emay', 'sms', 'sendBatchOnly', { recipients: '13800138202', content: '【亿美】批量' }))[0].json.accepted).toBe(1);
    expect((await run('emay', 'sms', 'sendPersonalised', { messages: '[{"mobile":"13800138203","content":"【亿美】个性"}]' }))[0].json.accepted).toBe(1);
    const template = await run('emay', 'template', 'create', { templateContent: '【亿美】您好${name}' });
    await sleep(40);
    expect((await run('emay', 'template', 'get', { templateId: template[0].json.id }))[0].json.state).toBe('approved');
    expect((await run('emay', 'sms', 'sendTemplate', { recipients: '13800138204', templateId: template[0].json.id }))[0].json.accepted).toBe(1);
    expect((await run('emay', 'sms', 'sendTemplateVariables', { templateId: template[0].json.id, messages: '[{"mobile":"13800138205","variables":{"name":"王"}}]' }))[0].json.accepted).toBe(1);
    expect((await run('emay', 'sms', 'sendShortLink', { recipients: '13800138206', content: '【亿美】{#短网址#}', url: 'https://emay.cn' }))[0].json.accepted).toBe(1);
    expect((await run('emay', 'report', 'shortLinkClicks'))[0].json.count).toBe(0);
    await run('emay', 'template', 'delete', { templateId: template[0].json.id });
    await sleep(50);
    expect((await run('emay', 'report', 'fetch')).length).toBeGreaterThan(0);
    const recovered = await run('emay', 'report', 'recover', { from: new Date(Date.now() - 15 * 60_000).toISOString(), to: new Date().toISOString() });
    expect(recovered[0].json.windows).toHaveLength(2);
    expect((await run('emay', 'inbound', 'fetch'))[0].json.count).toBe(0);
    expect((await run('emay', 'account', 'balance'))[0].json.amount).toBeGreaterThan(0);
  });
  test('MMS platform: send, balance, reports', async () => {
    expect((await run('mmsaspx', 'mms', 'send', { recipients: '13800138300', title: '标题', frames: '[{"text":"你好"}]' }))[0].json.accepted).toBe(1);
    expect((await run('mmsaspx', 'account', 'balance'))[0].json.amount).toBeGreaterThan(0);
    await sleep(50);
    expect((await run('mmsaspx', 'report', 'fetch'))[0].json.vendor).toBe('mmsaspx');
  });
});

describe('credential tests', () => {
  test.each(Object.keys(nodes) as VendorId[])('%s: success against the sandbox, the vendor\'s message for a wrong password', async (vendor) => {
    const node = nodes[vendor];
    const testName = Object.keys((node as unknown as { methods: { credentialTest: Record<string, unknown> } }).methods.credentialTest)[0];
    const test = (node as unknown as { methods: { credentialTest: Record<string, (c: unknown) => Promise<{ status: string; message: string }>> } }).methods.credentialTest[testName];
    const good = await test.call({}, { id: '1', name: 'c', type: 't', data: credentials()[vendor] });
    expect(good.status).toBe('OK');
    const secretField = vendor === 'emay' ? 'secretKey' : 'password';
    const bad = await test.call({}, { id: '1', name: 'c', type: 't', data: { ...credentials()[vendor], [secretField]: vendor === 'emay' ? 'ffffffffffffffff' : 'wrong-password-9' } });
    expect(bad.status).toBe('Error');
    expect(bad.message).toMatch(/ERROR_ENCRYPTION|用户名或密码错误|帐号验证失败|-105|1005/);
    expect(bad.message).not.toContain('wrong-password-9');
  });
});

describe('polling triggers', () => {
  test('manual mode shows a sample and takes nothing from the gateway', async () => {
    const trigger = new SmsAspxTrigger();
    await run('smsaspx', 'sms', 'send', { recipients: '13800138400', content: '样例【星辰商城】' });
    await sleep(50);
    const { context } = pollContext(trigger, { parameters: { event: 'deliveryReports' }, credentials: credentials().smsaspx, mode: 'manual' });
    const seq = sandbox.state.lastSeq;
    const sample = await trigger.poll!.call(context as never);
    expect(sample![0][0].json.sample).toBe(true);
    expect(sandbox.state.lastSeq).toBe(seq);
  });
  test('a poll drains and emits each report once, even when the gateway hands it out again', async () => {
    const trigger = new EmayTrigger();
    const state = pollContext(trigger, { parameters: { event: 'deliveryReports' }, credentials: credentials().emay });
    await run('emay', 'sms', 'send', { recipients: '13800138401,13800138402', content: '【亿美】轮询' });
    await sleep(60);
    const first = await trigger.poll!.call(state.context as never);
    const mine = (items: INodeExecutionData[][] | null) => (items?.[0] ?? []).filter((i) => ['13800138401', '13800138402'].includes(i.json.mobile as string));
    expect(mine(first)).toHaveLength(2);
    // retrieveReport makes Emay hand the same reports out again: the trigger must not emit them twice
    await run('emay', 'report', 'recover', { from: new Date(Date.now() - 60_000).toISOString(), to: new Date().toISOString() });
    const second = await trigger.poll!.call(state.context as never);
    expect(mine(second)).toHaveLength(0);
    expect((state.staticData.seen as string[]).length).toBeGreaterThan(0);
  });
  test('Mobset inbound MMS poller', async () => {
    const trigger = new MobsetTrigger();
    const state = pollContext(trigger, { parameters: { event: 'inboundMms' }, credentials: credentials().mobset });
    await fetch(`${sandbox.url}/admin/reply`, { method: 'POST', body: JSON.stringify({ vendor: 'mobset', mobile: '13800138403', content: '彩', files: [{ name: 'x.gif', type: 'gif', base64: gif }] }) });
    const items = await trigger.poll!.call(state.context as never);
    expect(items![0].map((i) => i.json.mobile)).toContain('13800138403');
  });
});

describe('webhook triggers answer the vendor exactly', () => {
  const servers: Array<{ close(): unknown; closeAllConnections(): void }> = [];
  afterAll(() => {
    for (const account of sandbox.state.accounts) account.pushUrl = undefined;
    for (const server of servers) {
      server.closeAllConnections();
      server.close();
    }
  });
  test('Emay push: success after decoding, retries de-duplicated; a tampered push gets no success', async () => {
    const trigger = new EmayPushTrigger();
    const hook = await serveWebhook(trigger, { ...credentials().emay, appId: 'EUCP-N8N' });
    servers.push(hook.server);
    sandbox.state.accounts.push({ vendor: 'emay', login: 'EUCP-N8N', password: '0123456789abcdef', balance: 100, pushUrl: hook.url, pushEncrypted: true });
    await execute(nodes.emay, { parameters: { resource: 'sms', operation: 'send', recipients: '13800138500', content: '【亿美】推送' }, credentials: { ...credentials().emay, appId: 'EUCP-N8N' } });
    for (let i = 0; i < 100 && hook.emitted.length === 0; i++) await sleep(20);
    expect(hook.emitted[0][0].json).toMatchObject({ mobile: '13800138500', status: 'delivered' });
    // The sandbox logs the push once it has read the answer: wait for that line.
    const answered = () => sandbox.state.log.filter((e) => e.endpoint === `push → ${hook.url}`).at(-1)?.outcome;
    for (let i = 0; i < 100 && answered() === undefined; i++) await sleep(20);
    expect(answered()).toBe('answered "success"');
    const tampered = await fetch(hook.url, { method: 'POST', headers: { appId: 'EUCP-N8N' }, body: Buffer.from('not encrypted at all') });
    expect(await tampered.text()).not.toBe('success');
  });
  test('sms.aspx push: 1 after decoding', async () => {
    const trigger = new SmsAspxPushTrigger();
    const hook = await serveWebhook(trigger, credentials().smsaspx);
    servers.push(hook.server);
    sandbox.state.accounts.push({ vendor: 'smsaspx', login: 'n8npush', password: 'push-pw', passwordForm: 'md5upper', balance: 100, pushUrl: hook.url });
    await execute(nodes.smsaspx, { parameters: { resource: 'sms', operation: 'send', recipients: '13800138501', content: '推送【星辰商城】' }, credentials: { ...credentials().smsaspx, account: 'n8npush', password: 'push-pw' } });
    for (let i = 0; i < 100 && hook.emitted.length === 0; i++) await sleep(20);
    expect(hook.emitted[0][0].json).toMatchObject({ mobile: '13800138501', status: 'delivered' });
    const garbage = await fetch(hook.url, { method: 'POST', body: 'garbage' });
    expect(await garbage.text()).toBe('error');
  });
});
