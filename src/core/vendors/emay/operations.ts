/** Emay in the operation catalog. */
import { contentField, extensionField, maxField, optionsField, personalisedField, previewField, recipientsField, scheduleField, textField } from '../../../catalog/fields';
import { type Field, type Operation, type VendorEntry, standardFeeds } from '../../../catalog/types';
import { EmayClient, type EmayCredentials, type EmayMessage } from './client';
import { decodeEmayPush, PUSH_ACCEPTED } from './codec';

type Op = Operation<EmayClient>;
const emay = (op: Omit<Op, 'vendor'>): Op => ({ vendor: 'emay', ...op });

const customIdsField: Field = {
  name: 'customIds',
  type: 'json',
  shape: 'list',
  advanced: true,
  label: { en: 'Custom IDs', zh: '自定义消息 ID' },
  description: { en: 'One id (at most 32 characters) per recipient, in order; reports carry it back.', zh: '每个号码一个 ID（最长 32 位），按顺序；状态报告会带回。' },
};
const emayExtension = extensionField(12);
const emaySchedule = scheduleField({ maxDaysAhead: 90, description: { en: 'Within 90 days; empty sends now.', zh: '90 天之内；留空立即发送。' } });
const templateIdField = textField('templateId', { en: 'Template ID', zh: '模板 ID' }, { required: true });

const operations: Op[] = [
  emay({
    resource: 'sms',
    name: 'send',
    label: { en: 'Send SMS', zh: '发送短信' },
    description: { en: 'One text to many numbers, 500 a request (sendBatchSMS / simple sendSMS)', zh: '批量发送相同内容，每次 500 个号码' },
    idempotent: false,
    sends: true,
    vendorFunctions: ['inter/sendBatchSMS', 'simpleinter/sendSMS'],
    fields: [recipientsField(), contentField(), customIdsField, emaySchedule, emayExtension, previewField()],
    run: (client, input, context) =>
      input.preview
        ? Promise.resolve(client.previewSms({ recipients: input.recipients, content: input.content as string }))
        : client.sendSms({ recipients: input.recipients, content: input.content as string, customIds: input.customIds as string[] | undefined, schedule: input.schedule, extension: input.extension as string | undefined }, context),
  }),
  emay({
    resource: 'sms',
    name: 'sendSingle',
    label: { en: 'Send Single SMS', zh: '发送单条短信' },
    description: { en: 'One number, one optional custom id (sendSingleSMS)', zh: '单个号码发送（sendSingleSMS）' },
    idempotent: false,
    sends: true,
    vendorFunctions: ['inter/sendSingleSMS'],
    fields: [recipientsField({ name: 'mobile', max: 1, label: { en: 'Mobile', zh: '手机号码' } }), contentField(), textField('customId', { en: 'Custom ID', zh: '自定义消息 ID' }, { maxLength: 32, advanced: true }), emaySchedule, emayExtension],
    run: (client, input) => client.sendSingle({ mobile: input.mobile, content: input.content as string, customId: input.customId as string | undefined, schedule: input.schedule, extension: input.extension as string | undefined }),
  }),
  emay({
    resource: 'sms',
    name: 'sendBatchOnly',
    label: { en: 'Send SMS Without Custom IDs', zh: '批量发送（无自定义 ID）' },
    description: { en: 'Many numbers, no custom ids (sendBatchOnlySMS)', zh: '批量发送，不带自定义 ID（sendBatchOnlySMS）' },
    idempotent: false,
    sends: true,
    vendorFunctions: ['inter/sendBatchOnlySMS'],
    fields: [recipientsField(), contentField(), emaySchedule, emayExtension],
    run: (client, input, context) => client.sendBatchOnly({ recipients: input.recipients, content: input.content as string, schedule: input.schedule, extension: input.extension as string | undefined }, context),
  }),
  emay({
    resource: 'sms',
    name: 'sendPersonalised',
    label: { en: 'Send Personalised SMS', zh: '发送个性短信' },
    description: { en: 'A text per number; per-message schedule and extension when given', zh: '每个号码不同内容；可逐条定时和扩展码' },
    idempotent: false,
    sends: true,
    vendorFunctions: ['inter/sendPersonalitySMS', 'inter/sendPersonalityAllSMS', 'simpleinter/sendPersonalitySMS'],
    fields: [personalisedField({ description: { en: '[{ "mobile", "content", "customId"?, "schedule"?, "extension"? }]', zh: '[{ "mobile", "content", "customId"?, "schedule"?, "extension"? }]' } }), emaySchedule, emayExtension],
    run: (client, input, context) => client.sendPersonalised({ messages: input.messages as EmayMessage[], schedule: input.schedule, extension: input.extension as string | undefined }, context),
  }),
  emay({
    resource: 'sms',
    name: 'sendTemplate',
    label: { en: 'Send Template SMS', zh: '发送模板短信' },
    description: { en: 'An approved template without variables', zh: '使用无变量模板发送' },
    idempotent: false,
    sends: true,
    vendorFunctions: ['inter/sendTemplateNormalSMS'],
    fields: [recipientsField(), templateIdField, customIdsField, emaySchedule, emayExtension],
    run: (client, input, context) => client.sendTemplate({ recipients: input.recipients, templateId: input.templateId as string, customIds: input.customIds as string[] | undefined, schedule: input.schedule, extension: input.extension as string | undefined }, context),
  }),
  emay({
    resource: 'sms',
    name: 'sendTemplateVariables',
    label: { en: 'Send Template SMS With Variables', zh: '发送个性模板短信' },
    description: { en: 'A template with each number\'s own values', zh: '模板加每个号码各自的变量值' },
    idempotent: false,
    sends: true,
    vendorFunctions: ['inter/sendTemplateVariableSMS'],
    fields: [templateIdField, { name: 'messages', type: 'json', shape: 'list', required: true, label: { en: 'Messages', zh: '号码与变量' }, description: { en: '[{ "mobile": "...", "variables": { "name": "王先生" }, "customId"? }]', zh: '[{ "mobile": "...", "variables": { "name": "王先生" }, "customId"? }]' } }, emaySchedule, emayExtension],
    run: (client, input, context) =>
      client.sendTemplateVariables({ templateId: input.templateId as string, messages: input.messages as Array<{ mobile: string; variables: Record<string, string> }>, schedule: input.schedule, extension: input.extension as string | undefined }, context),
  }),
  emay({
    resource: 'sms',
    name: 'sendShortLink',
    label: { en: 'Send Short-Link SMS', zh: '发送短链短信' },
    description: { en: 'A tracked short link in place of {#短网址#}', zh: '内容中的 {#短网址#} 替换为可追踪短链' },
    idempotent: false,
    sends: true,
    vendorFunctions: ['inter/sendShortLinkSMS'],
    fields: [
      recipientsField(),
      contentField({ placeholder: '北京欢迎您，旅游详情请点击{#短网址#}【亿美】' }),
      textField('url', { en: 'Long URL', zh: '长链接' }, { required: true }),
      { name: 'precise', type: 'boolean', default: false, label: { en: 'Track Each Number', zh: '精确规则（按号码追踪）' } },
      customIdsField,
      emaySchedule,
      emayExtension,
    ],
    run: (client, input, context) =>
      client.sendShortLink({ recipients: input.recipients, content: input.content as string, url: input.url as string, precise: input.precise as boolean, customIds: input.customIds as string[] | undefined, schedule: input.schedule, extension: input.extension as string | undefined }, context),
  }),
  emay({
    resource: 'template',
    name: 'create',
    label: { en: 'Create Template', zh: '创建模板' },
    description: { en: 'Submit a template for review', zh: '提交模板审核' },
    idempotent: false,
    vendorFunctions: ['inter/createTemplateSMS'],
    fields: [contentField({ name: 'templateContent', label: { en: 'Template Content', zh: '模板内容' } })],
    run: (client, input) => client.createTemplate(input.templateContent as string),
  }),
  emay({
    resource: 'template',
    name: 'get',
    label: { en: 'Get Template', zh: '查询模板' },
    description: { en: 'Review state: pending, approved or rejected', zh: '审核状态：待审核、通过、失败' },
    idempotent: true,
    vendorFunctions: ['inter/queryTemplateSMS'],
    fields: [templateIdField],
    run: (client, input) => client.queryTemplate(input.templateId as string),
  }),
  emay({
    resource: 'template',
    name: 'delete',
    label: { en: 'Delete Template', zh: '删除模板' },
    description: { en: 'Delete a template', zh: '删除模板' },
    idempotent: false,
    vendorFunctions: ['inter/deleteTemplateSMS'],
    fields: [templateIdField],
    run: (client, input) => client.deleteTemplate(input.templateId as string),
  }),
  emay({
    resource: 'account',
    name: 'balance',
    label: { en: 'Get Balance', zh: '查询余额' },
    description: { en: 'Remaining balance', zh: '账户余额' },
    idempotent: true,
    vendorFunctions: ['inter/getBalance', 'simpleinter/getBalance'],
    fields: [],
    run: (client) => client.balance(),
  }),
  emay({
    resource: 'report',
    name: 'fetch',
    label: { en: 'Fetch Delivery Reports', zh: '获取状态报告' },
    description: { en: 'Reports waiting at the gateway (each once)', zh: '获取状态报告（每条只返回一次）' },
    idempotent: true,
    vendorFunctions: ['inter/getReport', 'simpleinter/getReport'],
    fields: [maxField(500, 500)],
    run: (client, input) => client.deliveryReports({ max: input.max as number | undefined }),
  }),
  emay({
    resource: 'report',
    name: 'recover',
    label: { en: 'Recover Reports for a Time Range', zh: '重新获取状态报告' },
    description: { en: 'Ask Emay to hand reports out again (split into 10-minute windows, last 30 days)', zh: '请求重新推送/获取状态报告（自动拆分为 10 分钟窗口，30 天内）' },
    idempotent: true,
    result: '{ windows: Array<{ from, to }>, raw }',
    vendorFunctions: ['report/retrieveReport'],
    fields: [
      { name: 'from', type: 'dateTime', required: true, label: { en: 'From (Submit Time)', zh: '开始时间（提交时间）' } },
      { name: 'to', type: 'dateTime', required: true, label: { en: 'To', zh: '结束时间' } },
      textField('smsIds', { en: 'smsIds (Optional)', zh: 'smsId（可选）' }, { advanced: true }),
    ],
    run: (client, input) => client.recoverReports({ from: input.from, to: input.to, smsIds: input.smsIds }),
  }),
  emay({
    resource: 'inbound',
    name: 'fetch',
    label: { en: 'Fetch Inbound Messages', zh: '获取上行短信' },
    description: { en: 'Replies from phones (each once)', zh: '获取手机回复（每条只返回一次）' },
    idempotent: true,
    vendorFunctions: ['inter/getMo', 'simpleinter/getMo'],
    fields: [maxField(500, 500)],
    run: (client, input) => client.inboundMessages({ max: input.max as number | undefined }),
  }),
  emay({
    resource: 'report',
    name: 'shortLinkClicks',
    label: { en: 'Fetch Short-Link Clicks', zh: '获取短链点击明细' },
    description: { en: 'Who opened the short links (each click once)', zh: '短链点击明细（每条只返回一次）' },
    idempotent: true,
    result: 'Array<{ mobile, accessTime, equipment, browser, longLink, accessAddress, userAgent, appId }>',
    vendorFunctions: ['inter/getShortLink'],
    fields: [maxField(500, 500)],
    run: (client, input) => client.shortLinkClicks({ max: input.max as number | undefined }),
  }),
];

export const emayVendor: VendorEntry<EmayClient> = {
  id: 'emay',
  label: { en: 'Emay (亿美软通)', zh: '亿美软通' },
  credentialFields: [
    textField('baseUrl', { en: 'Base URL', zh: '接口地址' }, { required: true, placeholder: 'http://ip:port', description: { en: 'The ip:port Emay gave you.', zh: '亿美提供的 ip:port。' } }),
    textField('appId', { en: 'AppId', zh: 'AppId' }, { required: true }),
    textField('secretKey', { en: 'Secret Key', zh: '密钥' }, { required: true, secret: true, description: { en: '16, 24 or 32 characters (the AES key).', zh: '16、24 或 32 位（即 AES 密钥）。' } }),
    optionsField('interface', { en: 'Interface', zh: '接口类型' }, [
      { value: 'secure', label: { en: 'Secure (AES, recommended)', zh: '安全接口（AES 加密，推荐）' } },
      { value: 'simple', label: { en: 'Simple (md5 sign)', zh: '普通接口（md5 签名）' } },
    ]),
    { name: 'gzip', type: 'boolean', default: true, label: { en: 'Gzip Before Encrypting', zh: '加密前 gzip 压缩' } },
    { name: 'requestValidPeriod', type: 'number', integer: true, min: 1, max: 3600, default: 60, advanced: true, label: { en: 'Request Valid (Seconds)', zh: '请求有效期（秒）' } },
  ],
  createClient: (credentials) => new EmayClient(credentials as unknown as EmayCredentials),
  operations,
  feeds: standardFeeds((client) => client),
  push: {
    accepted: PUSH_ACCEPTED,
    retry: 'fail',
    decode: (request, credentials) => decodeEmayPush(request, { appId: String(credentials.appId ?? ''), secretKey: String(credentials.secretKey ?? '') }),
  },
};
