/**
 * The sms.aspx platform in the operation catalog: one declaration per operation, read by
 * the n8n node, the Node-RED node, validation and the docs.
 */
import {
  contentField,
  extensionField,
  formatField,
  framesField,
  maxField,
  personalisedField,
  previewField,
  productField,
  recipientsField,
  scheduleField,
  textField,
} from '../../../catalog/fields';
import { type Field, type Operation, type VendorEntry, standardFeeds } from '../../../catalog/types';
import type { MmsFrame } from '../../model';
import { SmsAspxClient, type SmsAspxCredentials, type SmsAspxSendEndpoint } from './client';
import { decodeSmsAspxPush, PUSH_ACCEPTED, PUSH_RETRY } from './push';
import { passwordFormField } from '../aspx/returnsms';

const endpointField: Field = {
  name: 'endpoint',
  type: 'options',
  advanced: true,
  label: { en: 'Send Through', zh: '发送接口' },
  description: { en: 'Overrides the credential\'s send interface for this operation.', zh: '覆盖凭证中设置的发送接口。' },
  options: [
    { value: 'sms.aspx', label: { en: 'sms.aspx (UTF-8)', zh: 'sms.aspx（UTF-8）' } },
    { value: 'smsGBK.aspx', label: { en: 'smsGBK.aspx (GB2312)', zh: 'smsGBK.aspx（GB2312）' } },
    { value: 'smsJson.aspx', label: { en: 'smsJson.aspx (JSON reply)', zh: 'smsJson.aspx（JSON 返回）' } },
    { value: 'ensms.ashx', label: { en: 'ensms.ashx (DES encrypted)', zh: 'ensms.ashx（DES 加密传输）' } },
    { value: 'WebService.asmx', label: { en: 'WebService.asmx (SOAP)', zh: 'WebService.asmx（SOAP）' } },
  ],
};

const templateIdField = textField('templateId', { en: 'Template ID', zh: '模板 ID' }, { required: true });
const templateTextField = textField(
  'template',
  { en: 'Template', zh: '报备模板' },
  {
    required: true,
    multiline: true,
    description: {
      en: 'Use @ for up to 20 characters of variable text; at most 5 @ in a row; end with the signature 【...】.',
      zh: '用 @ 代替 20 字以内的可变内容，连续的 @ 最多 5 个，结尾带签名【】。',
    },
    placeholder: '您的验证码：@，5分钟内有效【星辰商城】',
  },
);

type Op = Operation<SmsAspxClient>;

const operations: Op[] = [
  {
    vendor: 'smsaspx',
    resource: 'sms',
    name: 'send',
    label: { en: 'Send SMS', zh: '发送短信' },
    description: { en: 'Send one text to one or many numbers', zh: '向一个或多个号码发送相同内容' },
    idempotent: false,
    sends: true,
    vendorFunctions: ['sms.aspx action=send', 'smsGBK.aspx', 'smsJson.aspx', 'ensms.ashx', 'WebService.asmx SendSms'],
    fields: [recipientsField(), contentField(), scheduleField(), extensionField(5), endpointField, previewField()],
    run: (client, input, context) =>
      input.preview
        ? Promise.resolve(client.previewSms(smsInput(input)))
        : client.sendSms(smsInput(input), context),
  },
  {
    vendor: 'smsaspx',
    resource: 'sms',
    name: 'sendPersonalised',
    label: { en: 'Send Personalised SMS', zh: '点对点发送' },
    description: { en: 'A different text for each number (BatchSms.ashx)', zh: '每个号码不同内容（BatchSms.ashx）' },
    idempotent: false,
    sends: true,
    vendorFunctions: ['BatchSms.ashx'],
    fields: [personalisedField(), scheduleField(), extensionField(5)],
    run: (client, input, context) =>
      client.sendPersonalised(
        { messages: input.messages as Array<{ mobile: string; content: string }>, schedule: input.schedule, extension: input.extension as string | undefined },
        context,
      ),
  },
  {
    vendor: 'smsaspx',
    resource: 'mms',
    name: 'send',
    label: { en: 'Send MMS', zh: '发送彩信' },
    description: { en: 'Send an MMS built from frames (mms.aspx, TMS)', zh: '由帧组成彩信发送（mms.aspx，TMS 格式）' },
    idempotent: false,
    sends: true,
    vendorFunctions: ['mms.aspx action=send'],
    fields: [recipientsField(), textField('subject', { en: 'Subject', zh: '彩信主题' }, { required: true }), framesField(), scheduleField(), extensionField(5)],
    run: (client, input, context) =>
      client.sendMms(
        {
          recipients: input.recipients,
          subject: input.subject as string,
          frames: input.frames as MmsFrame[],
          schedule: input.schedule,
          extension: input.extension as string | undefined,
        },
        context,
      ),
  },
  {
    vendor: 'smsaspx',
    resource: 'template',
    name: 'create',
    label: { en: 'Create Template', zh: '报备模板' },
    description: { en: 'Submit a template for review', zh: '提交模板报备' },
    idempotent: false,
    vendorFunctions: ['freeTemplate.aspx action=Add'],
    fields: [templateTextField],
    run: (client, input) => client.addTemplate(input.template as string),
  },
  {
    vendor: 'smsaspx',
    resource: 'template',
    name: 'get',
    label: { en: 'Get Template', zh: '查询模板' },
    description: { en: 'Review state of a template', zh: '查询模板审核状态' },
    idempotent: true,
    vendorFunctions: ['freeTemplate.aspx action=query'],
    fields: [templateIdField],
    run: (client, input) => client.queryTemplate(input.templateId as string),
  },
  {
    vendor: 'smsaspx',
    resource: 'template',
    name: 'update',
    label: { en: 'Update Template', zh: '修改模板' },
    description: { en: 'Change a template (it is reviewed again)', zh: '修改模板（重新审核）' },
    idempotent: false,
    vendorFunctions: ['freeTemplate.aspx action=update'],
    fields: [templateIdField, templateTextField],
    run: (client, input) => client.updateTemplate(input.templateId as string, input.template as string),
  },
  {
    vendor: 'smsaspx',
    resource: 'template',
    name: 'delete',
    label: { en: 'Delete Template', zh: '删除模板' },
    description: { en: 'Delete a template', zh: '删除模板' },
    idempotent: false,
    vendorFunctions: ['freeTemplate.aspx action=del'],
    fields: [templateIdField],
    run: (client, input) => client.deleteTemplate(input.templateId as string),
  },
  {
    vendor: 'smsaspx',
    resource: 'account',
    name: 'balance',
    label: { en: 'Get Balance', zh: '查询余额' },
    description: { en: 'Remaining SMS or MMS balance', zh: '查询短信或彩信余额' },
    idempotent: true,
    vendorFunctions: ['sms.aspx action=overage', 'mms.aspx action=overage'],
    fields: [
      productField(),
    ],
    run: (client, input) => client.balance(input.product as 'sms' | 'mms'),
  },
  {
    vendor: 'smsaspx',
    resource: 'account',
    name: 'changePassword',
    label: { en: 'Change Password', zh: '修改密码' },
    description: { en: 'Set a new interface password (update the credential afterwards)', zh: '修改接口密码（之后请更新凭证）' },
    idempotent: false,
    result: '{ success, message, raw }',
    vendorFunctions: ['pwd.aspx'],
    fields: [textField('newPassword', { en: 'New Password', zh: '新密码' }, { required: true, maxLength: 20, secret: true })],
    run: (client, input) => client.changePassword(input.newPassword as string),
  },
  {
    vendor: 'smsaspx',
    resource: 'report',
    name: 'fetch',
    label: { en: 'Fetch Delivery Reports', zh: '获取状态报告' },
    description: { en: 'Reports waiting at the gateway (each is handed out once)', zh: '获取网关上待取的状态报告（每条只返回一次）' },
    idempotent: true,
    vendorFunctions: ['statusApi.aspx', 'statusJsonApi.aspx'],
    fields: [
      maxField(1000, 1000, { name: 'max', label: { en: 'Most Per Call (statusNum)', zh: '每次条数（statusNum）' } }),
      textField('taskId', { en: 'Batch (taskid)', zh: '批次编号（taskid）' }, { advanced: true }),
      formatField(),
    ],
    run: (client, input) =>
      client.deliveryReports({ max: input.max as number | undefined, taskId: input.taskId as string | undefined, format: input.format as 'xml' | 'json' }),
  },
  {
    vendor: 'smsaspx',
    resource: 'inbound',
    name: 'fetch',
    label: { en: 'Fetch Inbound Messages', zh: '获取上行短信' },
    description: { en: 'Replies from phones (each is handed out once)', zh: '获取手机回复的短信（每条只返回一次）' },
    idempotent: true,
    vendorFunctions: ['callApi.aspx', 'callJsonApi.aspx'],
    fields: [formatField()],
    run: (client, input) => client.inboundMessages({ format: input.format as 'xml' | 'json' }),
  },
];

function smsInput(input: Record<string, unknown>) {
  return {
    recipients: input.recipients,
    content: input.content as string,
    schedule: input.schedule,
    extension: input.extension as string | undefined,
    endpoint: input.endpoint as SmsAspxSendEndpoint | undefined,
  };
}

export const smsAspxVendor: VendorEntry<SmsAspxClient> = {
  id: 'smsaspx',
  label: { en: 'sms.aspx Platform (华信/ipyy)', zh: 'sms.aspx 短信平台（华信/ipyy）' },
  credentialFields: [
    textField('baseUrl', { en: 'Base URL', zh: '接口地址' }, {
      required: true,
      placeholder: 'http://47.92.214.24:8080',
      description: { en: 'Your provider\'s host and port (resellers run their own).', zh: '服务商提供的主机和端口（各代理商地址不同）。' },
    }),
    textField('userId', { en: 'Enterprise ID (userid)', zh: '企业 ID（userid）' }, { description: { en: 'Required for ensms.ashx; others ignore it.', zh: '加密接口 ensms.ashx 必填，其他接口不校验。' } }),
    textField('account', { en: 'Account', zh: '账号' }, { required: true }),
    textField('password', { en: 'Password', zh: '密码' }, { required: true, secret: true }),
    passwordFormField('md5upper'),
    { ...endpointField, name: 'sendEndpoint', default: 'sms.aspx', advanced: false, label: { en: 'Send Interface', zh: '发送接口' } },
    textField('signature', { en: 'Signature', zh: '短信签名' }, { description: { en: 'Added as 【signature】 when a text carries none (3-8 characters).', zh: '内容未带签名时自动添加【签名】（3-8 个字）。' } }),
  ],
  createClient: (credentials) => new SmsAspxClient(credentials as unknown as SmsAspxCredentials),
  operations,
  feeds: standardFeeds((client) => client),
  push: {
    accepted: PUSH_ACCEPTED,
    retry: PUSH_RETRY,
    decode: (request) => decodeSmsAspxPush(request.body, String(request.headers['content-type'] ?? '')),
  },
};
