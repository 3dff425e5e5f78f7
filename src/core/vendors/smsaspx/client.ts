/**
 * The sms.aspx platform (华信/ipyy and the many resellers running the same software on
 * their own host and port). Every function of vendors/sms-aspx-platform.txt.
 */
import { acceptedWhole, type ChunkReply, mobileOf, sendInChunks, toSendResult, type SendContext } from '../../batch';
import { decodeBody, assertEncodable, type Charset } from '../../charset';
import { checkBaseUrl, type ClientOptions, drain, requireText, VendorClient } from '../../client';
import { inItem, invalidInput } from '../../errors';
import type {
  Balance,
  DeliveryReport,
  InboundMessage,
  MmsFrame,
  SendPreview,
  SendResult,
  Template,
} from '../../model';
import { requireMobile, requireRecipients } from '../../phone';
import { measureSms, hasSignature, withSignature } from '../../segments';
import { checkSchedule, formatBeijing } from '../../time';
import { formBody, formHeaders, type HttpReply } from '../../transport';
import {
  type PasswordForm,
  parseJsonReply,
  parseReturnSmsXml,
  readCallBoxes,
  readOverageReply,
  readQueryJson,
  readQueryXml,
  readSendReply,
  readStatusBoxes,
  type SendReply,
} from '../aspx/returnsms';
import { framesToTmsParts, MMS_MAX_BYTES } from '../aspx/mms';
import {
  batchSmsContent,
  buildTms,
  checkTemplateText,
  ensmsText64,
  passwordFor,
  readWebServiceSendResult,
  resultError,
  templateStateOf,
  VENDOR_LABEL,
  webServiceSendSmsEnvelope,
} from './codec';

export type SmsAspxSendEndpoint = 'sms.aspx' | 'smsGBK.aspx' | 'smsJson.aspx' | 'ensms.ashx' | 'WebService.asmx';

export interface SmsAspxCredentials {
  /** Where the platform runs: every reseller has its own host and port. */
  baseUrl: string;
  /** 企业ID: not checked by most endpoints, numeric and required by ensms.ashx. */
  userId?: string;
  account: string;
  password: string;
  passwordForm?: PasswordForm;
  sendEndpoint?: SmsAspxSendEndpoint;
  /** Appended as 【signature】 when the content carries none. */
  signature?: string;
  /** Numbers per request; the document sets no limit, long URLs and bodies time out. */
  recipientsPerRequest?: number;
}

export interface SendSmsInput {
  recipients: unknown;
  content: string;
  schedule?: unknown;
  extension?: string;
  /** Overrides the credential's endpoint for this send. */
  endpoint?: SmsAspxSendEndpoint;
}

export interface PersonalisedInput {
  messages: Array<{ mobile: string; content: string }>;
  schedule?: unknown;
  extension?: string;
}

export interface SendMmsInput {
  recipients: unknown;
  subject: string;
  frames: MmsFrame[];
  schedule?: unknown;
  extension?: string;
}

const DEFAULT_CHUNK = 1000;
const EXTENSION = /^\d{1,5}$/;
const VERIFICATION = /验证码|校验码|verification code/i;

export class SmsAspxClient extends VendorClient {
  private readonly baseUrl: string;
  private readonly userId: string;
  private readonly account: string;
  private readonly password: string;
  private readonly passwordForm: PasswordForm;
  private readonly sendEndpoint: SmsAspxSendEndpoint;
  private readonly signature?: string;
  private readonly chunkSize: number;

  constructor(credentials: SmsAspxCredentials, options: ClientOptions = {}) {
    super('smsaspx', VENDOR_LABEL, options);
    this.baseUrl = checkBaseUrl('baseUrl', credentials.baseUrl);
    this.account = requireText('account', credentials.account);
    this.password = requireText('password', credentials.password);
    this.userId = credentials.userId === undefined ? '' : String(credentials.userId).trim();
    this.passwordForm = credentials.passwordForm ?? 'md5upper';
    this.sendEndpoint = credentials.sendEndpoint ?? 'sms.aspx';
    this.signature = credentials.signature?.trim() || undefined;
    this.chunkSize = credentials.recipientsPerRequest ?? DEFAULT_CHUNK;
    this.scrubber.add(this.password, passwordFor('md5upper', this.password), passwordFor('md5lower', this.password));
  }

  // ---- SMS -----------------------------------------------------------------------------

  /** Validates, measures and warns without sending (the hosts' preview option). */
  previewSms(input: SendSmsInput): SendPreview {
    const prepared = this.prepareSms(input, true);
    const length = measureSms(prepared.content, { recipients: prepared.mobiles.length });
    const warnings: string[] = [];
    if (VERIFICATION.test(prepared.content)) {
      warnings.push(
        'Verification codes: the platform lets a number receive at most 3 of them in 3 minutes, and 10 messages a day; more are refused as malicious registration.',
      );
    }
    return {
      recipients: prepared.mobiles.length,
      rejected: prepared.rejected,
      characters: length.characters,
      parts: length.parts,
      billed: length.billed,
      requests: Math.ceil(prepared.mobiles.length / this.chunkSize),
      warnings,
    };
  }

  async sendSms(input: SendSmsInput, context: SendContext = {}): Promise<SendResult> {
    const prepared = this.prepareSms(input);
    const endpoint = input.endpoint ?? this.sendEndpoint;
    const length = measureSms(prepared.content, { recipients: prepared.mobiles.length });
    const merged = await sendInChunks(
      prepared.mobiles,
      { ...context, size: this.chunkSize, mobileOf },
      (mobiles) => this.sendChunk(endpoint, mobiles, prepared.content, prepared.schedule, prepared.extension),
    );
    return toSendResult('smsaspx', merged, prepared.rejected, { parts: length.parts, billed: length.billed });
  }

  private prepareSms(input: SendSmsInput, preview = false) {
    const endpoint = input.endpoint ?? this.sendEndpoint;
    const list = requireRecipients('recipients', input.recipients, { allowInvalid: preview });
    const content = this.contentWithSignature('content', input.content);
    if (endpoint === 'smsGBK.aspx') assertEncodable('content', content, 'gbk');
    if (endpoint === 'ensms.ashx' && !/^\d+$/.test(this.userId)) {
      throw invalidInput('userId', 'must be the numeric enterprise id from the vendor when sending through ensms.ashx');
    }
    return {
      mobiles: list.accepted,
      rejected: list.rejected,
      content,
      schedule: this.schedule(input.schedule),
      extension: this.extension(input.extension),
    };
  }

  private contentWithSignature(field: string, raw: unknown): string {
    const text = typeof raw === 'string' ? raw.trim() : '';
    if (text === '') throw invalidInput(field, 'must not be empty');
    const content = withSignature(text, this.signature);
    if (!hasSignature(content)) {
      throw invalidInput(
        field,
        'must end with a signature in 【】 (3 to 8 characters), such as 您的验证码：1439【腾飞】; or set the signature in the credential',
      );
    }
    const signature = /【([^【】]+)】\s*$/.exec(content)?.[1] ?? /^【([^【】]+)】/.exec(content)?.[1] ?? '';
    const signatureLength = [...signature].length;
    if (signatureLength < 3 || signatureLength > 8) {
      throw invalidInput(field, 'signature in 【】 must be 3 to 8 characters', `【${signature}】 has ${signatureLength}`);
    }
    return content;
  }

  private schedule(value: unknown): Date | undefined {
    if (value === undefined || value === null || value === '') return undefined;
    return checkSchedule('schedule', value, { now: this.now() });
  }

  private extension(value: unknown): string | undefined {
    if (value === undefined || value === null || value === '') return undefined;
    const text = String(value).trim();
    if (!EXTENSION.test(text)) throw invalidInput('extension', 'must be 1 to 5 digits', text);
    return text;
  }

  private async sendChunk(
    endpoint: SmsAspxSendEndpoint,
    mobiles: string[],
    content: string,
    schedule: Date | undefined,
    extension: string | undefined,
  ): Promise<ChunkReply> {
    const operation = `send SMS (${endpoint})`;
    if (endpoint === 'ensms.ashx') {
      return acceptedWhole(
        await this.exchange({
          operation,
          idempotent: false,
          request: () => {
            const now = this.now();
            const text64 = ensmsText64(this.password, {
              userName: this.account,
              stamp: formatBeijing(now, 'compact10'),
              mobiles: mobiles.join(','),
              text: content,
              ext: extension,
              sendTime: schedule ? formatBeijing(schedule, 'dateTime') : '',
            });
            return this.post('ensms.ashx', formBody({ UserId: this.userId, Text64: text64 }));
          },
          parse: (reply) => {
            const json = parseJsonReply(decodeBody(reply.headers['content-type'], reply.body));
            const code = String(json.statuscode ?? '');
            if (code !== '1') throw resultError(operation, code, String(json.description ?? ''));
            return { taskId: stringOrUndefined(json.msgid), balance: numberOf(json.amount), raw: json };
          },
        }),
      );
    }

    if (endpoint === 'WebService.asmx') {
      return acceptedWhole(
        await this.exchange({
          operation,
          idempotent: false,
          request: () => ({
            method: 'POST',
            url: `${this.baseUrl}/WebService.asmx`,
            headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '"http://tempuri.org/SendSms"' },
            body: webServiceSendSmsEnvelope({
              userName: this.account,
              password: passwordFor(this.passwordForm, this.password),
              mobiles: mobiles.join(','),
              content,
              planSendTime: schedule ? formatBeijing(schedule, 'isoLocal') : undefined,
              extNumber: extension,
            }),
          }),
          parse: (reply) => {
            const result = readWebServiceSendResult(decodeBody(reply.headers['content-type'], reply.body));
            if (result.statusCode.toUpperCase() !== 'OK' && result.statusCode !== '1') {
              throw resultError(operation, result.statusCode, result.description || result.errors.join('; '));
            }
            return { taskId: result.msgId || undefined, balance: result.amount, raw: result.raw };
          },
        }),
      );
    }

    const charset: Charset = endpoint === 'smsGBK.aspx' ? 'gbk' : 'utf-8';
    return acceptedWhole(
      await this.exchange({
        operation,
        idempotent: false,
        request: () =>
          this.post(
            endpoint,
            formBody(
              {
                action: 'send',
                userid: this.userId,
                account: this.account,
                password: passwordFor(this.passwordForm, this.password),
                mobile: mobiles.join(','),
                content,
                sendTime: schedule ? formatBeijing(schedule, 'dateTime') : '',
                extno: extension ?? '',
              },
              charset,
            ),
            charset,
          ),
        parse: (reply) => this.sendReply(operation, reply, endpoint === 'smsJson.aspx', charset),
      }),
    );
  }

  private sendReply(operation: string, reply: HttpReply, json: boolean, charset: Charset = 'utf-8'): SendReply {
    const text = decodeBody(reply.headers['content-type'], reply.body, charset);
    const fields = json ? parseJsonReply(text) : parseReturnSmsXml(text);
    const result = readSendReply(fields);
    if (!result.success) throw resultError(operation, undefined, result.message);
    return result;
  }

  /** BatchSms.ashx: a different text for each number, in one request per chunk. */
  async sendPersonalised(input: PersonalisedInput, context: SendContext = {}): Promise<SendResult> {
    const messages = this.preparePersonalised(input.messages);
    const schedule = this.schedule(input.schedule);
    const extension = this.extension(input.extension);
    const merged = await sendInChunks(
      messages,
      { ...context, size: this.chunkSize, mobileOf },
      async (part) => {
        const operation = 'send personalised SMS (BatchSms.ashx)';
        const content = batchSmsContent(part);
        const reply = await this.exchange({
          operation,
          idempotent: false,
          request: () =>
            this.post(
              'BatchSms.ashx',
              formBody({
                userid: this.userId,
                account: this.account,
                password: passwordFor(this.passwordForm, this.password),
                content,
                sendTime: schedule ? formatBeijing(schedule, 'dateTime') : '',
                extno: extension ?? '',
              }),
            ),
          parse: (r) => this.sendReply(operation, r, false),
        });
        return acceptedWhole(reply);
      },
    );
    const billed = messages.reduce((sum, m) => sum + measureSms(m.content).parts, 0);
    return toSendResult('smsaspx', merged, [], { billed });
  }

  private preparePersonalised(raw: unknown): Array<{ mobile: string; content: string }> {
    if (!Array.isArray(raw) || raw.length === 0) throw invalidInput('messages', 'must be a non-empty list of { mobile, content }');
    const seen = new Set<string>();
    return raw.map((entry: unknown, index) => {
      try {
        const item = (entry ?? {}) as Record<string, unknown>;
        const mobile = requireMobile('mobile', item.mobile);
        if (seen.has(mobile)) throw invalidInput('mobile', 'must not repeat a number within one point-to-point send', mobile);
        seen.add(mobile);
        return { mobile, content: this.contentWithSignature('content', item.content) };
      } catch (error) {
        throw inItem(error, 'messages', index);
      }
    });
  }

  // ---- MMS (mms.aspx, TMS container) ------------------------------------------------------

  async sendMms(input: SendMmsInput, context: SendContext = {}): Promise<SendResult> {
    const list = requireRecipients('recipients', input.recipients);
    const subject = typeof input.subject === 'string' ? input.subject.trim() : '';
    if (subject === '') throw invalidInput('subject', 'must not be empty (3001 SubjectEmpty)');
    const tms = buildTms(framesToTmsParts(input.frames));
    if (tms.length + Buffer.byteLength(subject) > MMS_MAX_BYTES) {
      throw invalidInput('frames', `must be at most ${MMS_MAX_BYTES / 1024} KB with the subject`, `${Math.ceil(tms.length / 1024)} KB`);
    }
    const schedule = this.schedule(input.schedule);
    const extension = this.extension(input.extension);
    const content = tms.toString('base64');
    const merged = await sendInChunks(list.accepted, { ...context, size: this.chunkSize, mobileOf }, async (mobiles) => {
      const operation = 'send MMS (mms.aspx)';
      const reply = await this.exchange({
        operation,
        idempotent: false,
        request: () =>
          this.post(
            'mms.aspx',
            formBody({
              action: 'send',
              userid: this.userId,
              account: this.account,
              password: passwordFor(this.passwordForm, this.password),
              mobile: mobiles.join(','),
              subject,
              content,
              sendTime: schedule ? formatBeijing(schedule, 'dateTime') : '',
              extno: extension ?? '',
            }),
          ),
        parse: (r) => this.sendReply(operation, r, false),
      });
      return acceptedWhole(reply);
    });
    return toSendResult('smsaspx', merged, list.rejected, { billed: list.accepted.length });
  }

  // ---- Account -----------------------------------------------------------------------------

  /** 第三章: SMS balance through sms.aspx, MMS balance through mms.aspx. */
  async balance(product: 'sms' | 'mms' = 'sms'): Promise<Balance> {
    const path = product === 'mms' ? 'mms.aspx' : 'sms.aspx';
    return this.exchange({
      operation: `query ${product.toUpperCase()} balance`,
      idempotent: true,
      request: () => this.post(path, this.authForm({ action: 'overage' })),
      parse: (reply) => {
        const overage = readOverageReply(parseReturnSmsXml(decodeBody(reply.headers['content-type'], reply.body)));
        if (!overage.success) throw resultError('balance query', undefined, overage.message);
        return {
          vendor: 'smsaspx',
          amount: overage.overage ?? 0,
          unit: 'messages',
          details: { payInfo: overage.payInfo, sendTotal: overage.sendTotal, product },
          raw: overage.raw,
        };
      },
    });
  }

  /** 第七章 pwd.aspx. The new password is sent as typed (at most 20 characters). */
  async changePassword(newPassword: string): Promise<{ success: true; message: string; raw: unknown }> {
    const next = typeof newPassword === 'string' ? newPassword : '';
    if (next.trim() === '') throw invalidInput('newPassword', 'must not be empty');
    if ([...next].length > 20) throw invalidInput('newPassword', 'must be at most 20 characters');
    this.scrubber.add(next, passwordFor('md5upper', next), passwordFor('md5lower', next));
    return this.exchange({
      operation: 'change password',
      idempotent: false,
      request: () => this.post('pwd.aspx', this.authForm({ newpassword: next })),
      parse: (reply) => {
        const result = readSendReply(parseReturnSmsXml(decodeBody(reply.headers['content-type'], reply.body)));
        if (!result.success) throw resultError('change password', undefined, result.message);
        return { success: true as const, message: result.message, raw: result.raw };
      },
    });
  }

  // ---- Reports and inbound ----------------------------------------------------------------

  /** 第四章: one slice of delivery reports; each report is handed out once. */
  async deliveryReports(options: { max?: number; taskId?: string; format?: 'xml' | 'json' } = {}): Promise<DeliveryReport[]> {
    const json = options.format === 'json';
    if (options.max !== undefined && (!Number.isInteger(options.max) || options.max < 1)) {
      throw invalidInput('max', 'must be a whole number of at least 1');
    }
    return this.exchange({
      operation: 'fetch delivery reports',
      // Reports are consumed by the call: a repeat after a lost reply would miss them, but
      // could never send a message; the retry recovers the common case of a refused connection.
      idempotent: true,
      request: () =>
        this.post(
          json ? 'statusJsonApi.aspx' : 'statusApi.aspx',
          this.authForm({ action: 'query', statusNum: options.max, taskid: options.taskId }),
        ),
      parse: (reply) => {
        const text = decodeBody(reply.headers['content-type'], reply.body);
        const boxes = json
          ? readQueryJson(VENDOR_LABEL, text, 'statusbox')
          : readQueryXml('smsaspx', VENDOR_LABEL, text, 'statusbox');
        return readStatusBoxes('smsaspx', boxes);
      },
    });
  }

  /** 第五章: one slice of inbound (MO) messages. */
  async inboundMessages(options: { format?: 'xml' | 'json' } = {}): Promise<InboundMessage[]> {
    const json = options.format === 'json';
    return this.exchange({
      operation: 'fetch inbound messages',
      idempotent: true,
      request: () => this.post(json ? 'callJsonApi.aspx' : 'callApi.aspx', this.authForm({ action: 'query' })),
      parse: (reply) => {
        const text = decodeBody(reply.headers['content-type'], reply.body);
        const boxes = json ? readQueryJson(VENDOR_LABEL, text, 'callbox') : readQueryXml('smsaspx', VENDOR_LABEL, text, 'callbox');
        return readCallBoxes('smsaspx', boxes);
      },
    });
  }

  /** Drains reports until the platform has none left, within a cap of calls. */
  drainDeliveryReports(options: { maxCalls?: number; format?: 'xml' | 'json' } = {}) {
    return drain(() => this.deliveryReports({ format: options.format }), { maxCalls: options.maxCalls });
  }

  drainInboundMessages(options: { maxCalls?: number; format?: 'xml' | 'json' } = {}) {
    return drain(() => this.inboundMessages({ format: options.format }), { maxCalls: options.maxCalls });
  }

  // ---- Report templates (freeTemplate.aspx) --------------------------------------------

  async addTemplate(template: string): Promise<Template> {
    const text = this.templateText(template);
    const reply = await this.templateCall('add template', false, { action: 'Add', template: text });
    return { vendor: 'smsaspx', id: String(reply.templateid ?? ''), content: text, state: 'pending', raw: reply };
  }

  async queryTemplate(templateId: string): Promise<Template[]> {
    const id = requireText('templateId', templateId);
    const reply = await this.templateCall('query template', true, { action: 'query', templateid: id });
    const list = Array.isArray(reply.templatelist) ? (reply.templatelist as Array<Record<string, unknown>>) : [];
    return list.map((entry) => ({
      vendor: 'smsaspx',
      id: String(entry.templateid ?? ''),
      content: stringOrUndefined(entry.template),
      state: templateStateOf(String(entry.status ?? '')),
      vendorStatus: String(entry.status ?? ''),
      raw: entry,
    }));
  }

  async updateTemplate(templateId: string, template: string): Promise<{ success: true; raw: unknown }> {
    const id = requireText('templateId', templateId);
    const text = this.templateText(template);
    const raw = await this.templateCall('update template', false, { action: 'update', templateid: id, template: text });
    return { success: true, raw };
  }

  async deleteTemplate(templateId: string): Promise<{ success: true; raw: unknown }> {
    const id = requireText('templateId', templateId);
    const raw = await this.templateCall('delete template', false, { action: 'del', templateid: id });
    return { success: true, raw };
  }

  private templateText(template: unknown): string {
    const text = typeof template === 'string' ? template.trim() : '';
    if (text === '') throw invalidInput('template', 'must not be empty');
    checkTemplateText('template', text);
    return this.contentWithSignature('template', text);
  }

  private templateCall(operation: string, idempotent: boolean, fields: Record<string, string>) {
    return this.exchange({
      operation,
      idempotent,
      request: () => this.post('freeTemplate.aspx', this.authForm(fields)),
      parse: (reply) => {
        const json = parseJsonReply(decodeBody(reply.headers['content-type'], reply.body));
        const code = String(json.statuscode ?? '');
        if (code !== '1') throw resultError(operation, code || undefined, String(json.description ?? ''));
        return json;
      },
    });
  }

  // ---- plumbing ---------------------------------------------------------------------------

  private authForm(extra: Record<string, string | number | undefined>): string {
    return formBody({
      userid: this.userId,
      account: this.account,
      password: passwordFor(this.passwordForm, this.password),
      ...extra,
    });
  }

  private post(path: string, body: string, charset: Charset = 'utf-8') {
    return { method: 'POST' as const, url: `${this.baseUrl}/${path}`, headers: formHeaders(charset), body };
  }
}

function stringOrUndefined(value: unknown): string | undefined {
  return value === undefined || value === null || String(value) === '' ? undefined : String(value);
}

function numberOf(value: unknown): number | undefined {
  const n = Number(value);
  return value === undefined || value === null || value === '' || !Number.isFinite(n) ? undefined : n;
}

