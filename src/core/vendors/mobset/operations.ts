/** Mobset in the operation catalog: each operation names the protocol function it calls. */
import { contentField, extensionField, framesField, previewField, optionsField, productField, recipientsField, scheduleField, textField } from '../../../catalog/fields';
import { type Field, type Operation, type VendorEntry, standardFeeds } from '../../../catalog/types';
import type { MmsFrame } from '../../model';
import { MobsetClient, type MobsetCredentials } from './client';
import { drain } from '../../client';

type Op = Operation<MobsetClient>;

const smsIdsField = textField('smsIds', { en: 'SmsIDs', zh: '短信 ID' }, { required: true, description: { en: 'SmsIDs returned by Send SMS, separated by commas.', zh: '发送短信返回的 SmsID，用逗号分隔。' } });
const taskIdField = textField('taskId', { en: 'Task ID', zh: '任务 ID' }, { required: true, pattern: /^\d+$/, patternRule: 'must be a numeric task id' });
const mmsFileIdField = textField('mmsFileId', { en: 'MMS File ID', zh: '彩信文件 ID' }, { required: true, pattern: /^\d+$/, patternRule: 'must be a numeric id from Upload MMS' });
const templateIdField = textField('templateId', { en: 'Template ID', zh: '模板 ID' }, { required: true });
const kindField = productField('kind', { en: 'Task Kind', zh: '任务类型' });
const taskTargets: Field[] = [
  textField('taskFileIds', { en: 'Number File IDs', zh: '号码文件 ID' }, { description: { en: 'From Upload Number File, separated by commas.', zh: '上传号码文件返回的 ID，逗号分隔。' } }),
  recipientsField({ required: false, description: { en: 'Single numbers added to the task.', zh: '额外的单独号码。' } }),
];
const priorityField: Field = { name: 'priority', type: 'number', integer: true, min: 0, max: 100, default: 50, advanced: true, label: { en: 'Priority (0 Highest)', zh: '优先级（0 最高）' } };

const mobset = (op: Omit<Op, 'vendor'>): Op => ({ vendor: 'mobset', ...op });

const operations: Op[] = [
  mobset({
    resource: 'sms',
    name: 'send',
    label: { en: 'Send SMS', zh: '发送短信' },
    description: { en: 'Send one text to one or many numbers (50 a request)', zh: '发送短信（每次请求 50 个号码）' },
    idempotent: false,
    sends: true,
    vendorFunctions: ['SDK3 SmsSend', 'Sms_Send'],
    fields: [
      recipientsField(),
      contentField({ maxLength: 900 }),
      scheduleField(),
      extensionField(12, { description: { en: 'AddNum: disabled by carriers on most accounts.', zh: 'AddNum 扩展号：多数账号已按运营商要求停用。' } }),
      { name: 'longSms', type: 'boolean', default: true, advanced: true, label: { en: 'Long SMS', zh: '长短信' } },
      previewField(),
    ],
    run: (client, input, context) =>
      input.preview
        ? Promise.resolve(client.sdk3.previewSms({ recipients: input.recipients, content: input.content as string }))
        : client.sms.sendSms(
            { recipients: input.recipients, content: input.content as string, schedule: input.schedule, extension: input.extension as string | undefined, longSms: input.longSms as boolean | undefined },
            context,
          ),
  }),
  mobset({
    resource: 'sms',
    name: 'sendTemplate',
    label: { en: 'Send Template SMS', zh: '发送模板短信' },
    description: { en: 'Send an approved template with its values', zh: '使用已审核模板发送' },
    idempotent: false,
    sends: true,
    vendorFunctions: ['SDK3 TemplateSendSms'],
    fields: [
      recipientsField(),
      templateIdField,
      { name: 'params', type: 'json', shape: 'variables', label: { en: 'Values', zh: '模板参数' }, description: { en: 'A list ["广州首易","123456"] or { "1": "...", "2": "..." }; each at most 30 characters.', zh: '列表或对象，按 {1}..{9} 顺序，每个值最多 30 字。' } },
      scheduleField(),
    ],
    run: (client, input, context) =>
      client.sdk3.sendTemplate(
        { recipients: input.recipients, templateId: input.templateId as string, params: input.params as string[] | undefined, schedule: input.schedule },
        context,
      ),
  }),
  mobset({
    resource: 'sms',
    name: 'cancel',
    label: { en: 'Cancel Scheduled SMS', zh: '取消定时短信' },
    description: { en: 'Cancel scheduled messages not yet sent', zh: '取消尚未下发的定时短信' },
    idempotent: false,
    result: 'Array<{ smsId, cancelled, code, message }>',
    vendorFunctions: ['SDK3 SmsCancel'],
    fields: [smsIdsField],
    run: (client, input) => client.sdk3.cancelScheduled(input.smsIds),
  }),
  mobset({
    resource: 'template',
    name: 'create',
    label: { en: 'Create Template', zh: '添加模板' },
    description: { en: 'Submit a template ({1}..{5}) for review', zh: '提交模板审核（变量 {1}..{5}）' },
    idempotent: false,
    vendorFunctions: ['SDK3 TemplateAdd'],
    fields: [
      optionsField('type', { en: 'Type', zh: '模板类型' }, [
        { value: 'application', label: { en: 'Application (notices, codes)', zh: '应用模板' } },
        { value: 'marketing', label: { en: 'Marketing', zh: '营销模板' } },
      ]),
      textField('name', { en: 'Name', zh: '模板名称' }, { required: true }),
      contentField({ maxLength: 500, placeholder: '你注册{1}应用的验证码为{2}，有效时间{3}分钟。', description: { en: 'Fixed text with {1}..{5}.', zh: '固定文字加变量 {1}..{5}。' } }),
      textField('remark', { en: 'Purpose', zh: '用途说明' }, { required: true }),
    ],
    run: (client, input) => client.sdk3.addTemplate({ type: input.type as 'application', name: input.name as string, content: input.content as string, remark: input.remark as string }),
  }),
  mobset({
    resource: 'template',
    name: 'getAll',
    label: { en: 'List Templates', zh: '模板列表' },
    description: { en: 'All templates with their review state', zh: '全部模板及审核状态' },
    idempotent: true,
    vendorFunctions: ['SDK3 TemplateList'],
    fields: [],
    run: (client) => client.sdk3.listTemplates(),
  }),
  mobset({
    resource: 'template',
    name: 'get',
    label: { en: 'Get Template', zh: '查询模板' },
    description: { en: 'One template by ID', zh: '按 ID 查询模板' },
    idempotent: true,
    vendorFunctions: ['SDK3 TemplateQuery'],
    fields: [templateIdField],
    run: (client, input) => client.sdk3.getTemplate(input.templateId as string),
  }),
  mobset({
    resource: 'signature',
    name: 'get',
    label: { en: 'Get Signature', zh: '查询签名' },
    description: { en: 'The account\'s signature, without 【】', zh: '账号签名（不含【】）' },
    idempotent: true,
    result: '{ signature, raw }',
    vendorFunctions: ['SDK3 SmsGetSign', 'Sms_GetSign'],
    fields: [],
    run: (client) => client.sms.signature(),
  }),
  mobset({
    resource: 'signature',
    name: 'apply',
    label: { en: 'Apply for Signature', zh: '申请签名' },
    description: { en: 'Register a new signature with proof files', zh: '提交签名申请及证明文件' },
    idempotent: false,
    result: '{ code, raw }',
    vendorFunctions: ['SDK3 SignNameApply'],
    fields: [
      textField('signName', { en: 'Signature', zh: '签名' }, { required: true, minLength: 3, maxLength: 12 }),
      { name: 'ownedBySelf', type: 'boolean', default: true, label: { en: 'Own Company', zh: '自有签名' } },
      { name: 'documents', type: 'json', shape: 'list', required: true, maxItems: 3, label: { en: 'Proof Files', zh: '证明文件' }, description: { en: '[{ "type": 0, "fileName": "licence.jpg", "data": base64 }]; type 0 licence ... 6 other.', zh: '[{ "type": 0, "fileName": "营业执照.jpg", "data": base64 }]，类型 0-6。' } },
      textField('remark', { en: 'Purpose', zh: '用途说明' }),
    ],
    run: (client, input) =>
      client.sdk3.applySignature({
        signName: input.signName as string,
        ownedBySelf: input.ownedBySelf as boolean,
        documents: input.documents as Array<{ type: number; fileName: string; data: string }>,
        remark: input.remark as string | undefined,
      }),
  }),
  mobset({
    resource: 'mms',
    name: 'upload',
    label: { en: 'Upload MMS', zh: '上传彩信' },
    description: { en: 'Upload frames; the MMS file ID can be sent many times', zh: '上传彩信文件，返回可重复使用的文件 ID' },
    idempotent: false,
    result: '{ mmsFileId, raw }',
    vendorFunctions: ['Mms_UpFile'],
    fields: [textField('subject', { en: 'Subject', zh: '彩信标题' }, { required: true }), framesField({ description: { en: 'Each frame: text, one gif/jpg, one mid/amr.', zh: '每帧：文字、一张 gif/jpg、一个 mid/amr。' } })],
    run: (client, input) => client.soap.uploadMms({ subject: input.subject as string, frames: input.frames as MmsFrame[] }),
  }),
  mobset({
    resource: 'mms',
    name: 'status',
    label: { en: 'Get MMS File', zh: '查询彩信文件' },
    description: { en: 'Title, size and creation time of an uploaded MMS', zh: '彩信文件的标题、大小和创建时间' },
    idempotent: true,
    result: '{ title, size, createdAt, raw }',
    vendorFunctions: ['Mms_GetFileStatus'],
    fields: [mmsFileIdField],
    run: (client, input) => client.soap.mmsFileStatus(input.mmsFileId),
  }),
  mobset({
    resource: 'mms',
    name: 'send',
    label: { en: 'Send MMS', zh: '发送彩信' },
    description: { en: 'Send an uploaded MMS (50 numbers a request)', zh: '发送已上传的彩信（每次 50 个号码）' },
    idempotent: false,
    sends: true,
    vendorFunctions: ['Mms_Send'],
    fields: [recipientsField(), mmsFileIdField, scheduleField(), extensionField(12)],
    run: (client, input, context) =>
      client.soap.sendMms({ recipients: input.recipients, mmsFileId: input.mmsFileId, schedule: input.schedule, extension: input.extension as string | undefined }, context),
  }),
  mobset({
    resource: 'task',
    name: 'uploadNumbers',
    label: { en: 'Upload Number File', zh: '上传号码文件' },
    description: { en: 'Numbers (with an optional memo for %Memo%) for batch tasks', zh: '上传号码文件（可带备注，用于 %Memo%）' },
    idempotent: false,
    result: '{ taskFileId, count, raw }',
    vendorFunctions: ['Task_UpFile'],
    fields: [
      textField('subject', { en: 'Title', zh: '文件标题' }, { required: true }),
      textField('numbers', { en: 'Numbers', zh: '号码' }, { required: true, multiline: true, placeholder: '13800138000,郭先生', description: { en: 'One number a line, optionally ",memo" for %Memo% (no comma; characters GBK can carry, as Chinese names); or a JSON list of { "mobile", "memo" }.', zh: '每行一个号码，可加“,备注”用于 %Memo%（备注不含逗号，只能用 GBK 字符，如中文姓名）；或 JSON 列表 [{ "mobile", "memo" }]。' } }),
    ],
    run: (client, input) => client.soap.uploadNumberFile({ subject: input.subject as string, numbers: input.numbers }),
  }),
  mobset({
    resource: 'task',
    name: 'deleteNumbers',
    label: { en: 'Delete Number File', zh: '删除号码文件' },
    description: { en: 'Delete a number file no task uses', zh: '删除未在使用的号码文件' },
    idempotent: false,
    vendorFunctions: ['Task_DelFile'],
    fields: [textField('taskFileId', { en: 'Number File ID', zh: '号码文件 ID' }, { required: true, pattern: /^\d+$/, patternRule: 'must be a numeric id' })],
    run: (client, input) => client.soap.deleteNumberFile(input.taskFileId),
  }),
  mobset({
    resource: 'task',
    name: 'submitSms',
    label: { en: 'Submit SMS Task', zh: '提交短信任务' },
    description: { en: 'Send a text to number files; %Memo% is replaced per number', zh: '对号码文件群发短信，%Memo% 按号码替换' },
    idempotent: false,
    sends: true,
    vendorFunctions: ['Task_SmsSend'],
    fields: [contentField({ maxLength: 900 }), ...taskTargets, scheduleField({ maxDaysAhead: 31, description: { en: 'At most one month ahead.', zh: '最多一个月内。' } }), priorityField],
    run: (client, input) =>
      client.soap.submitSmsTask({ content: input.content as string, taskFileIds: input.taskFileIds, recipients: input.recipients, schedule: input.schedule, priority: input.priority as number }),
  }),
  mobset({
    resource: 'task',
    name: 'submitMms',
    label: { en: 'Submit MMS Task', zh: '提交彩信任务' },
    description: { en: 'Send an uploaded MMS to number files', zh: '对号码文件群发彩信' },
    idempotent: false,
    sends: true,
    vendorFunctions: ['Task_MmsSend'],
    fields: [mmsFileIdField, ...taskTargets, scheduleField({ maxDaysAhead: 31 }), priorityField],
    run: (client, input) =>
      client.soap.submitMmsTask({ mmsFileId: input.mmsFileId, taskFileIds: input.taskFileIds, recipients: input.recipients, schedule: input.schedule, priority: input.priority as number }),
  }),
  mobset({
    resource: 'task',
    name: 'status',
    label: { en: 'Get Task Status', zh: '查询任务状态' },
    description: { en: 'State and progress of a batch task', zh: '批量任务的状态和进度' },
    idempotent: true,
    vendorFunctions: ['Task_GetSmsStatus', 'Task_GetMmsStatus'],
    fields: [kindField, taskIdField],
    run: (client, input) => client.soap.taskStatus(input.kind as 'sms' | 'mms', input.taskId),
  }),
  mobset({
    resource: 'task',
    name: 'stop',
    label: { en: 'Stop Task', zh: '停止任务' },
    description: { en: 'Stop a pending or running task', zh: '停止待发或发送中的任务' },
    idempotent: false,
    vendorFunctions: ['Task_SmsStop', 'Task_MmsStop'],
    fields: [kindField, taskIdField],
    run: (client, input) => client.soap.stopTask(input.kind as 'sms' | 'mms', input.taskId),
  }),
  mobset({
    resource: 'task',
    name: 'start',
    label: { en: 'Start Task', zh: '启动任务' },
    description: { en: 'Resume a stopped task', zh: '重新启动已停止的任务' },
    idempotent: false,
    vendorFunctions: ['Task_SmsStart', 'Task_MmsStart'],
    fields: [kindField, taskIdField],
    run: (client, input) => client.soap.startTask(input.kind as 'sms' | 'mms', input.taskId),
  }),
  mobset({
    resource: 'account',
    name: 'balance',
    label: { en: 'Get Balance', zh: '查询余额' },
    description: { en: 'Messages the account can still send', zh: '账号可用短信余额' },
    idempotent: true,
    vendorFunctions: ['SDK3 SmsGetBalance', 'Sms_GetBalance'],
    fields: [],
    run: (client) => client.sms.balance(),
  }),
  mobset({
    resource: 'account',
    name: 'sentCount',
    label: { en: 'Get Sent Count', zh: '查询已发量' },
    description: { en: 'Messages sent so far', zh: '已发短信量' },
    idempotent: true,
    result: '{ count, raw }',
    vendorFunctions: ['Sms_GetSentCount'],
    fields: [],
    run: (client) => client.soap.sentCount(),
  }),
  mobset({
    resource: 'account',
    name: 'sentHistory',
    label: { en: 'Get Sent History', zh: '查询发送记录' },
    description: { en: 'A number\'s messages of the last 48 hours', zh: '某号码 48 小时内的发送记录' },
    idempotent: true,
    result: 'Array<{ mobile, content, sentAt, reportedAt, status, vendorStatus, vendorText, raw }>',
    vendorFunctions: ['Sms_GetSentList'],
    fields: [recipientsField({ name: 'mobile', max: 1, label: { en: 'Mobile', zh: '手机号码' } })],
    run: (client, input) => client.soap.sentHistory(input.mobile),
  }),
  mobset({
    resource: 'report',
    name: 'fetch',
    label: { en: 'Fetch Delivery Reports', zh: '获取状态报告' },
    description: { en: 'Reports waiting at the gateway (50 a call, each once)', zh: '获取状态报告（每次 50 条，只返回一次）' },
    idempotent: true,
    vendorFunctions: ['SDK3 SmsGetReport', 'Sms_GetReport', 'Mms_GetReport'],
    fields: [
      productField(),
    ],
    run: (client, input) => (input.product === 'mms' ? client.soap.mmsDeliveryReports() : client.sms.deliveryReports()),
  }),
  mobset({
    resource: 'inbound',
    name: 'fetch',
    label: { en: 'Fetch Inbound Messages', zh: '获取上行短信' },
    description: { en: 'Replies from phones (20 SMS or 1 MMS a call)', zh: '获取回复（每次 20 条短信或 1 条彩信）' },
    idempotent: true,
    result: 'InboundMessage[] (MMS: with subject and files)',
    vendorFunctions: ['SDK3 SmsGetRecv', 'Sms_GetRecv', 'Mms_GetRecv'],
    fields: [
      productField(),
    ],
    run: (client, input) => (input.product === 'mms' ? client.soap.inboundMms() : client.sms.inboundMessages()),
  }),
];

export const mobsetVendor: VendorEntry<MobsetClient> = {
  id: 'mobset',
  label: { en: 'Mobset (短信易)', zh: '短信易（广州首易）' },
  credentialFields: [
    textField('corpId', { en: 'CorpID', zh: '企业 ID' }, { required: true, pattern: /^\d{6}$/, patternRule: 'must be the 6-digit enterprise id', description: { en: '1xxxxx, 2xxxxx or 3xxxxx picks the platform.', zh: '1xxxxx/2xxxxx/3xxxxx 对应平台 1/2/3。' } }),
    textField('loginName', { en: 'Login Name', zh: '用户名' }, { required: true }),
    textField('password', { en: 'Password', zh: '密码' }, { required: true, secret: true }),
    optionsField('protocol', { en: 'SMS Protocol', zh: 'SMS 接口' }, [
      { value: 'sdk3', label: { en: 'HTTP SDK3', zh: 'HTTP SDK3' } },
      { value: 'soap', label: { en: 'SOAP WebService', zh: 'WebService (SOAP)' } },
    ]),
    optionsField('timestampForm', { en: 'Timestamp', zh: '时间戳格式' }, [
      { value: '14', label: { en: '14 digits YYYYMMDDHHMMSS (documents)', zh: '14 位 YYYYMMDDHHMMSS（文档）' } },
      { value: '10', label: { en: '10 digits MMDDHHMMSS', zh: '10 位 MMDDHHMMSS' } },
    ]),
    { name: 'https', type: 'boolean', default: false, label: { en: 'HTTPS for SDK3 (port 843)', zh: 'SDK3 使用 HTTPS（843 端口）' } },
    textField('baseUrl', { en: 'Base URL (Optional)', zh: '自定义地址（可选）' }, { description: { en: 'For the sandbox or a proxy: /Api and /SDK3/Sms are added.', zh: '用于沙箱或代理：自动加上 /Api 和 /SDK3/Sms。' } }),
  ],
  createClient: (credentials) => new MobsetClient(credentials as unknown as MobsetCredentials),
  operations,
  feeds: [
    ...standardFeeds<MobsetClient>((client) => client.sms),
    { name: 'inboundMms', label: { en: 'Inbound MMS', zh: '上行彩信' }, drain: (client, options) => drain(() => client.soap.inboundMms(), { maxCalls: options.maxCalls, fullSlice: 1 }) },
  ],
};
