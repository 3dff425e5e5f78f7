/** The sendmms.aspx MMS platform in the operation catalog. */
import { framesField, maxField, recipientsField, scheduleField, textField } from '../../../catalog/fields';
import type { Operation, VendorEntry } from '../../../catalog/types';
import type { MmsFrame } from '../../model';
import { MAX_RECIPIENTS_PER_REQUEST, MmsAspxClient, type MmsAspxCredentials } from './client';
import { passwordFormField } from '../aspx/returnsms';

type Op = Operation<MmsAspxClient>;

const operations: Op[] = [
  {
    vendor: 'mmsaspx',
    resource: 'mms',
    name: 'send',
    label: { en: 'Send MMS', zh: '发送彩信' },
    description: { en: 'Send an MMS of frames (txt, gif, jpg; at most 100 KB)', zh: '发送由帧组成的彩信（txt、gif、jpg，最大 100K）' },
    idempotent: false,
    sends: true,
    vendorFunctions: ['sendmms.aspx action=send'],
    fields: [
      recipientsField({ description: { en: `Split into requests of ${MAX_RECIPIENTS_PER_REQUEST} numbers for you.`, zh: `自动按每次 ${MAX_RECIPIENTS_PER_REQUEST} 个号码分批提交。` } }),
      textField('title', { en: 'Title', zh: '彩信标题' }, { required: true }),
      framesField({ description: { en: 'Frames of text (GB2312), GIF or JPG.', zh: '帧内容：文字（GB2312）、GIF 或 JPG。' } }),
      scheduleField({ description: { en: 'starttime; empty sends now.', zh: '定时发送时间（starttime），留空立即发送。' } }),
    ],
    run: (client, input, context) =>
      client.sendMms(
        { recipients: input.recipients, title: input.title as string, frames: input.frames as MmsFrame[], schedule: input.schedule },
        context,
      ),
  },
  {
    vendor: 'mmsaspx',
    resource: 'account',
    name: 'balance',
    label: { en: 'Get Balance', zh: '查询余额' },
    description: { en: 'Remaining MMS balance', zh: '查询彩信余额' },
    idempotent: true,
    vendorFunctions: ['sendmms.aspx action=overage'],
    fields: [],
    run: (client) => client.balance(),
  },
  {
    vendor: 'mmsaspx',
    resource: 'report',
    name: 'fetch',
    label: { en: 'Fetch Delivery Reports', zh: '获取状态报告' },
    description: { en: 'MMS reports waiting at the gateway (each is handed out once)', zh: '获取彩信状态报告（每条只返回一次）' },
    idempotent: true,
    vendorFunctions: ['mmsStatusApi.aspx'],
    fields: [maxField(10000, 4000, { label: { en: 'Most Per Call (statusNum)', zh: '每次条数（statusNum）' } })],
    run: (client, input) => client.deliveryReports({ max: input.max as number | undefined }),
  },
];

export const mmsAspxVendor: VendorEntry<MmsAspxClient> = {
  id: 'mmsaspx',
  label: { en: 'MMS Platform (sendmms.aspx)', zh: '彩信平台（sendmms.aspx）' },
  credentialFields: [
    textField('baseUrl', { en: 'Base URL', zh: '接口地址' }, { required: true, placeholder: 'http://xxxxx:8888' }),
    textField('userId', { en: 'User ID (userid)', zh: '用户 ID（userid）' }),
    textField('account', { en: 'Account', zh: '账号' }, { required: true }),
    textField('password', { en: 'Password', zh: '密码' }, { required: true, secret: true }),
    passwordFormField('plain'),
  ],
  createClient: (credentials) => new MmsAspxClient(credentials as unknown as MmsAspxCredentials),
  operations,
  feeds: [{ name: 'deliveryReports', label: { en: 'Delivery Reports', zh: '状态报告' }, drain: (client, options) => client.drainDeliveryReports(options) }],
};
