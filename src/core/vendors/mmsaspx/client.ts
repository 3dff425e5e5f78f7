/**
 * The sendmms.aspx MMS platform: send (frames, GB2312 text, at most 2000 numbers, 100 KB),
 * balance (overage) and delivery reports (mmsStatusApi.aspx). Passwords go plain here.
 */
import { acceptedWhole, mobileOf, sendInChunks, toSendResult, type SendContext } from '../../batch';
import { decodeBody } from '../../charset';
import { checkBaseUrl, type ClientOptions, drain, requireText, VendorClient } from '../../client';
import { GatewayError, invalidInput } from '../../errors';
import type { Balance, DeliveryReport, MmsFrame, SendResult } from '../../model';
import { requireRecipients } from '../../phone';
import { checkSchedule, formatBeijing } from '../../time';
import { formBody, formHeaders } from '../../transport';
import { snippet } from '../../xml';
import { MMS_MAX_BYTES, sendMmsContent } from '../aspx/mms';
import {
  type PasswordForm,
  parseReturnSmsXml,
  readOverageReply,
  readQueryXml,
  readStatusBoxes,
} from '../aspx/returnsms';
import { passwordFor } from '../smsaspx/codec';

export const VENDOR_LABEL = 'MMS platform (sendmms.aspx)';
export const MAX_RECIPIENTS_PER_REQUEST = 2000;

/** 返回值: the codes a failed send answers with, alone. */
export const SEND_CODES: Record<string, string> = {
  '0': '参数不对',
  '1': '用户名或密码不能为空',
  '2': '用户名或密码错误',
  '3': '号码为空',
  '4': '内容为空',
  '5': '单次提交号码不能超过2000个',
  '6': '余额不足',
  '7': '提交任务失败',
  '8': '其他错误',
  '9': '彩信文件大于100K',
  '10': '该用户不支持彩信',
};

export interface MmsAspxCredentials {
  baseUrl: string;
  userId?: string;
  account: string;
  password: string;
  /** The document sends the password plain; some deployments want MD5. */
  passwordForm?: PasswordForm;
}

export interface SendMmsInput {
  recipients: unknown;
  title: string;
  frames: MmsFrame[];
  schedule?: unknown;
}

/** `balance:taskid` on success; a bare code 0-10 on failure. */
export function readSendMmsReply(text: string): { balance: number; taskId: string } {
  const trimmed = text.trim();
  const success = /^(-?\d+(?:\.\d+)?):(\w+)$/.exec(trimmed);
  if (success) return { balance: Number(success[1]), taskId: success[2] };
  if (trimmed in SEND_CODES) {
    const auth = trimmed === '1' || trimmed === '2';
    throw new GatewayError(`${VENDOR_LABEL} refused the MMS: ${SEND_CODES[trimmed]} (${trimmed})`, {
      kind: auth ? 'authentication' : 'gateway',
      vendorCode: trimmed,
      vendorText: SEND_CODES[trimmed],
      sent: 'no',
      hint: auth ? 'Check the account and password; this platform expects the password as typed unless your provider says otherwise.' : undefined,
    });
  }
  throw new GatewayError(`${VENDOR_LABEL} sent a reply that is neither balance:taskid nor a code`, {
    kind: 'badReply',
    vendorText: snippet(trimmed),
  });
}

export class MmsAspxClient extends VendorClient {
  private readonly baseUrl: string;
  private readonly userId: string;
  private readonly account: string;
  private readonly password: string;
  private readonly passwordForm: PasswordForm;

  constructor(credentials: MmsAspxCredentials, options: ClientOptions = {}) {
    super('mmsaspx', VENDOR_LABEL, options);
    this.baseUrl = checkBaseUrl('baseUrl', credentials.baseUrl);
    this.account = requireText('account', credentials.account);
    this.password = requireText('password', credentials.password);
    this.userId = credentials.userId === undefined ? '' : String(credentials.userId).trim();
    this.passwordForm = credentials.passwordForm ?? 'plain';
    this.scrubber.add(this.password, passwordFor('md5upper', this.password), passwordFor('md5lower', this.password));
  }

  async sendMms(input: SendMmsInput, context: SendContext = {}): Promise<SendResult> {
    const list = requireRecipients('recipients', input.recipients);
    const title = typeof input.title === 'string' ? input.title.trim() : '';
    if (title === '') throw invalidInput('title', 'must not be empty');
    const content = sendMmsContent(input.frames);
    // 说明 2: title plus the base64-decoded content at most 100 KB.
    const size = Buffer.byteLength(title) + decodedSize(content);
    if (size > MMS_MAX_BYTES) throw invalidInput('frames', 'must be at most 100 KB together with the title', `${(size / 1024).toFixed(1)} KB`);
    const schedule =
      input.schedule === undefined || input.schedule === null || input.schedule === ''
        ? undefined
        : checkSchedule('schedule', input.schedule, { now: this.now() });
    const merged = await sendInChunks(list.accepted, { ...context, size: MAX_RECIPIENTS_PER_REQUEST, mobileOf }, async (mobiles) => {
      const reply = await this.exchange({
        operation: 'send MMS',
        idempotent: false,
        request: () =>
          this.post(
            'sendmms.aspx',
            this.authForm({
              action: 'send',
              mobile: mobiles.join(','),
              title,
              starttime: schedule ? formatBeijing(schedule, 'dateTime') : '',
              content,
            }),
          ),
        parse: (r) => readSendMmsReply(decodeBody(r.headers['content-type'], r.body)),
      });
      return acceptedWhole({ ...reply, raw: reply });
    });
    return toSendResult('mmsaspx', merged, list.rejected, { billed: list.accepted.length });
  }

  async balance(): Promise<Balance> {
    return this.exchange({
      operation: 'query balance',
      idempotent: true,
      request: () => this.post('sendmms.aspx', this.authForm({ action: 'overage' })),
      parse: (reply) => {
        const overage = readOverageReply(parseReturnSmsXml(decodeBody(reply.headers['content-type'], reply.body)));
        if (!overage.success) {
          const auth = /密码|用户名/.test(overage.message);
          throw new GatewayError(`${VENDOR_LABEL} refused the balance query: ${overage.message || 'no reason given'}`, {
            kind: auth ? 'authentication' : 'gateway',
            vendorText: overage.message,
          });
        }
        return {
          vendor: 'mmsaspx',
          amount: overage.overage ?? 0,
          unit: 'messages',
          details: { payInfo: overage.payInfo, sendTotal: overage.sendTotal },
          raw: overage.raw,
        };
      },
    });
  }

  /** One slice of delivery reports (default 4000, at most 10000), each handed out once. */
  async deliveryReports(options: { max?: number } = {}): Promise<DeliveryReport[]> {
    if (options.max !== undefined && (!Number.isInteger(options.max) || options.max < 1 || options.max > 10000)) {
      throw invalidInput('max', 'must be a whole number from 1 to 10000');
    }
    return this.exchange({
      operation: 'fetch delivery reports',
      idempotent: true,
      request: () => this.post('mmsStatusApi.aspx', this.authForm({ action: 'query', statusNum: options.max })),
      parse: (reply) =>
        readStatusBoxes('mmsaspx', readQueryXml('mmsaspx', VENDOR_LABEL, decodeBody(reply.headers['content-type'], reply.body), 'statusbox')),
    });
  }

  drainDeliveryReports(options: { maxCalls?: number } = {}) {
    return drain(() => this.deliveryReports(), { maxCalls: options.maxCalls });
  }

  private authForm(extra: Record<string, string | number | undefined>): string {
    return formBody({ userid: this.userId, account: this.account, password: passwordFor(this.passwordForm, this.password), ...extra });
  }

  private post(path: string, body: string) {
    return { method: 'POST' as const, url: `${this.baseUrl}/${path}`, headers: formHeaders(), body };
  }
}

/** Bytes the base64 parts of a sendmms content decode to. */
function decodedSize(content: string): number {
  let total = 0;
  for (const frame of content.split(';')) {
    for (const resource of frame.split(',').slice(1)) {
      const base64 = resource.slice(resource.indexOf('|') + 1);
      total += Buffer.byteLength(base64, 'base64');
    }
  }
  return total;
}
