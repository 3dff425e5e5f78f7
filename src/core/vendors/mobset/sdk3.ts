/**
 * Mobset HTTP SDK3: one URL, `Methods` selects the function, form POST in UTF-8, JSON
 * replies whose key case and value types vary between functions (`Code`/`code`, "1"/1).
 */
import { type ChunkReply, matchReplyEntries, mobileOf, sendInChunks, toSendResult, type SendContext } from '../../batch';
import { decodeBody } from '../../charset';
import { drain, requireText, VendorClient, type ClientOptions } from '../../client';
import { GatewayError, invalidInput } from '../../errors';
import type { Balance, DeliveryReport, InboundMessage, RecipientResult, SendPreview, SendResult, Template } from '../../model';
import { requireRecipients } from '../../phone';
import { countCharacters, measureSms } from '../../segments';
import { checkSchedule, formatBeijing, parseBeijing } from '../../time';
import { formBody, formHeaders, type HttpReply } from '../../transport';
import { snippet } from '../../xml';
import { mobsetError, reportStatus, resultFromId, VENDOR_LABEL } from './codec';
import { mobsetSecretKey, mobsetTimestamp, type MobsetTimestampForm } from './signature';

export const SDK3_MAX_RECIPIENTS = 50;
export const SDK3_MAX_CONTENT = 900;
export const SDK3_MAX_REPORTS = 50;
export const SDK3_MAX_INBOUND = 20;
export const TEMPLATE_MAX_CONTENT = 500;
export const TEMPLATE_MAX_PARAMS = 9;
export const TEMPLATE_MAX_PARAM_LENGTH = 30;

export interface MobsetAuth {
  corpId: string;
  loginName: string;
  password: string;
  timestampForm?: MobsetTimestampForm;
}

type Json = Record<string, unknown>;

/** The credential both Mobset protocols sign with, checked once. */
export function mobsetAuth(auth: MobsetAuth): Required<MobsetAuth> {
  const corpId = requireText('corpId', auth.corpId);
  if (!/^\d+$/.test(corpId)) throw invalidInput('corpId', 'must be the numeric enterprise id (企业ID)');
  return { corpId, loginName: requireText('loginName', auth.loginName), password: requireText('password', auth.password), timestampForm: auth.timestampForm ?? '14' };
}

/** Case-insensitive key lookup: the SDK3 replies spell `Code` and `code`, `SmsId` and `SmsID`. */
export function pick(object: Json, name: string): unknown {
  if (name in object) return object[name];
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(object)) if (key.toLowerCase() === lower) return value;
  return undefined;
}

function text(value: unknown): string {
  return value === undefined || value === null ? '' : String(value);
}

/** Parses a reply, forgiving the trailing comma of the document's own SmsGetSign example. */
export function parseSdk3Json(body: string): Json {
  const trimmed = body.trim();
  // The forgiving form is built only when the strict parse fails: a 50-id reply is 3 KB.
  for (const candidate of [() => trimmed, () => trimmed.replace(/,\s*([}\]])/g, '$1')]) {
    try {
      const parsed = JSON.parse(candidate()) as unknown;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Json;
    } catch {
      // try the forgiving form next
    }
  }
  throw new GatewayError('Mobset SDK3 sent a reply that is not JSON', { kind: 'badReply', vendorText: snippet(trimmed) });
}

export interface TemplateSendInput {
  recipients: unknown;
  templateId: string;
  /** Values for {1}..{9}, in order, or an object keyed 1..9 / Param1..Param9. */
  params?: string[] | Record<string, string>;
  schedule?: unknown;
  extension?: string;
}

export interface SignNameApplyInput {
  signName: string;
  ownedBySelf?: boolean;
  isDefault?: boolean;
  documents: Array<{ type: number; fileName: string; data: Buffer | string }>;
  remark?: string;
}

export class MobsetSdk3Client extends VendorClient {
  private readonly url: string;
  private readonly auth: Required<MobsetAuth>;

  constructor(url: string, auth: MobsetAuth, options: ClientOptions = {}) {
    super('mobset', `${VENDOR_LABEL} SDK3`, options);
    this.url = url;
    this.auth = mobsetAuth(auth);
    this.scrubber.add(this.auth.password);
  }

  previewSms(input: { recipients: unknown; content: string }): SendPreview {
    const list = requireRecipients('recipients', input.recipients, { allowInvalid: true });
    const content = this.content(input.content);
    const length = measureSms(content, { recipients: list.accepted.length });
    return {
      recipients: list.accepted.length,
      rejected: list.rejected,
      characters: length.characters,
      parts: length.parts,
      billed: length.billed,
      requests: Math.ceil(list.accepted.length / SDK3_MAX_RECIPIENTS),
      warnings: [],
    };
  }

  /** SmsSend: chunks of 50 numbers; a SmsId of 0 marks a number the gateway refused. */
  async sendSms(
    input: { recipients: unknown; content: string; schedule?: unknown; extension?: string; longSms?: boolean },
    context: SendContext = {},
  ): Promise<SendResult> {
    const list = requireRecipients('recipients', input.recipients);
    const content = this.content(input.content);
    const timer = this.schedule('schedule', input.schedule);
    const extension = optionalDigits('extension', input.extension);
    const length = measureSms(content, { recipients: list.accepted.length });
    const merged = await sendInChunks(list.accepted, { ...context, size: SDK3_MAX_RECIPIENTS, mobileOf }, (mobiles) =>
      this.sendChunk('SmsSend', 'send SMS', mobiles, {
        PhoneNumbers: mobiles.join(','),
        Content: content,
        LongSms: input.longSms === false ? '0' : '1',
        TimerSend: timer,
        AddNum: extension,
      }),
    );
    return toSendResult('mobset', merged, list.rejected, { parts: length.parts, billed: length.billed });
  }

  /** TemplateSendSms: `Mobiles`, `Timer` and Param1..Param9 (each at most 30 characters). */
  async sendTemplate(input: TemplateSendInput, context: SendContext = {}): Promise<SendResult> {
    const list = requireRecipients('recipients', input.recipients);
    const templateId = requireText('templateId', input.templateId);
    const params = templateParams(input.params);
    const timer = this.schedule('schedule', input.schedule);
    const extension = optionalDigits('extension', input.extension);
    const merged = await sendInChunks(list.accepted, { ...context, size: SDK3_MAX_RECIPIENTS, mobileOf }, (mobiles) =>
      this.sendChunk('TemplateSendSms', 'send template SMS', mobiles, {
        AddNum: extension,
        Timer: timer ?? '',
        Mobiles: mobiles.join(','),
        TemplateID: templateId,
        ...params,
      }),
    );
    return toSendResult('mobset', merged, list.rejected);
  }

  private async sendChunk(method: string, operation: string, mobiles: string[], fields: Record<string, string | undefined>): Promise<ChunkReply> {
    const reply = await this.call(method, operation, false, fields);
    const ids = listOf(pick(reply, 'SmsIdList'));
    const matched = matchReplyEntries(mobiles, ids, { mobile: (e) => text(pick(e, 'PhoneNumber')) });
    return {
      results: mobiles.map((mobile, index): RecipientResult => {
        // A reply without SmsIdList (template sends may answer that way) accepted the request whole.
        if (ids.length === 0) return { mobile, status: 'accepted' };
        return resultFromId(mobile, matched[index] && text(pick(matched[index], 'SmsId')), 'SmsId');
      }),
      raw: reply,
    };
  }

  /** SmsCancel: scheduled messages by SmsID, 50 a request; each id's own status comes back. */
  async cancelScheduled(smsIds: unknown): Promise<Array<{ smsId: string; cancelled: boolean; code: string; message?: string }>> {
    const ids = (Array.isArray(smsIds) ? smsIds : String(smsIds ?? '').split(/[\s,]+/)).map((id) => String(id).trim()).filter((id) => id !== '');
    if (ids.length === 0) throw invalidInput('smsIds', 'must contain at least one SmsID');
    const bad = ids.find((id) => !/^\d+$/.test(id));
    if (bad) throw invalidInput('smsIds', 'must be the numeric SmsIDs returned by Send SMS', bad);
    const out: Array<{ smsId: string; cancelled: boolean; code: string; message?: string }> = [];
    for (let i = 0; i < ids.length; i += SDK3_MAX_RECIPIENTS) {
      const part = ids.slice(i, i + SDK3_MAX_RECIPIENTS);
      const reply = await this.call('SmsCancel', 'cancel scheduled SMS', false, { SmsID: part.join(',') });
      const details = new Map(listOf(pick(reply, 'Details')).map((d) => [text(pick(d, 'SmsID')), text(pick(d, 'Status'))]));
      for (const id of part) {
        const code = details.get(id) ?? '';
        out.push({ smsId: id, cancelled: code === '1', code, message: code === '1' ? undefined : code ? mobsetErrorText(code) : 'no status returned' });
      }
    }
    return out;
  }

  async deliveryReports(): Promise<DeliveryReport[]> {
    const reply = await this.call('SmsGetReport', 'fetch delivery reports', true, {});
    return listOf(pick(reply, 'Details')).map((entry) => {
      const code = text(pick(entry, 'Status'));
      const mapped = reportStatus(code);
      return {
        vendor: 'mobset',
        mobile: text(pick(entry, 'PhoneNumber') ?? pick(entry, 'Mobile')),
        messageId: text(pick(entry, 'SmsId')),
        status: mapped.status,
        vendorStatus: code,
        vendorText: [mapped.text, text(pick(entry, 'ExStatus'))].filter(Boolean).join(' ') || undefined,
        deliveredAt: parseBeijing(text(pick(entry, 'ReportTime'))),
        raw: entry,
      };
    });
  }

  async inboundMessages(): Promise<InboundMessage[]> {
    const reply = await this.call('SmsGetRecv', 'fetch inbound messages', true, {});
    return listOf(pick(reply, 'Details')).map((entry) => ({
      vendor: 'mobset',
      mobile: text(pick(entry, 'PhoneNumber')),
      content: text(pick(entry, 'Content')),
      receivedAt: parseBeijing(text(pick(entry, 'RecvTime'))),
      extension: text(pick(entry, 'AddNum')) || undefined,
      raw: entry,
    }));
  }

  drainDeliveryReports(options: { maxCalls?: number } = {}) {
    return drain(() => this.deliveryReports(), { maxCalls: options.maxCalls, fullSlice: SDK3_MAX_REPORTS });
  }

  drainInboundMessages(options: { maxCalls?: number } = {}) {
    return drain(() => this.inboundMessages(), { maxCalls: options.maxCalls, fullSlice: SDK3_MAX_INBOUND });
  }

  async balance(): Promise<Balance> {
    const reply = await this.call('SmsGetBalance', 'query balance', true, {});
    return { vendor: 'mobset', amount: Number(pick(reply, 'Code')), unit: 'messages', raw: reply };
  }

  async signature(): Promise<{ signature: string; raw: unknown }> {
    const reply = await this.call('SmsGetSign', 'query signature', true, {});
    return { signature: text(pick(reply, 'Sign')), raw: reply };
  }

  /** TemplateAdd: placeholders {1}..{5}, content at most 500 characters. */
  async addTemplate(input: { type: 'application' | 'marketing' | 1 | 2; name: string; content: string; remark: string }): Promise<Template> {
    const name = requireText('name', input.name);
    const content = requireText('content', input.content);
    const remark = requireText('remark', input.remark);
    if (countCharacters(content) > TEMPLATE_MAX_CONTENT) throw invalidInput('content', `must be at most ${TEMPLATE_MAX_CONTENT} characters`);
    const bad = /\{(\d+)\}/g;
    for (const match of content.matchAll(bad)) {
      if (Number(match[1]) < 1 || Number(match[1]) > 5) throw invalidInput('content', 'placeholders must be {1} to {5}', match[0]);
    }
    const type = input.type === 'marketing' || input.type === 2 ? '2' : '1';
    const reply = await this.call('TemplateAdd', 'add template', false, { TemplateType: type, TemplateName: name, TemplateContent: content, Remark: remark });
    return { vendor: 'mobset', id: text(pick(reply, 'TemplateID') ?? pick(reply, 'Code')), content, state: 'pending', raw: reply };
  }

  async listTemplates(): Promise<Template[]> {
    const reply = await this.call('TemplateList', 'list templates', true, {});
    return listOf(pick(reply, 'Details') ?? pick(reply, 'TemplateList')).map(templateOf);
  }

  async getTemplate(templateId: string): Promise<Template> {
    const id = requireText('templateId', templateId);
    const reply = await this.call('TemplateQuery', 'query template', true, { TemplateID: id });
    const detail = listOf(pick(reply, 'Details'))[0] ?? reply;
    return templateOf({ TemplateID: id, ...detail });
  }

  /** SignNameApply: 3-12 characters, proof files jpg/png/pdf under 2 MB each, at most 3. */
  async applySignature(input: SignNameApplyInput): Promise<{ raw: unknown; code: string }> {
    const signName = requireText('signName', input.signName).replace(/^【|】$/g, '');
    const length = countCharacters(signName);
    if (length < 3 || length > 12) throw invalidInput('signName', 'must be 3 to 12 characters (8 or fewer recommended)', `${length} given`);
    const docs = input.documents ?? [];
    if (docs.length < 1 || docs.length > 3) throw invalidInput('documents', 'must hold 1 to 3 proof files');
    const fields: Record<string, string> = {
      DefaultSignName: input.isDefault === false ? '0' : '1',
      SignNameType: input.ownedBySelf === false ? '1' : '0',
      SignName: signName,
    };
    docs.forEach((doc, index) => {
      const n = index + 1;
      if (!Number.isInteger(doc.type) || doc.type < 0 || doc.type > 6) throw invalidInput(`documents[${index}].type`, 'must be 0 to 6');
      if (!/\.(jpe?g|png|pdf)$/i.test(doc.fileName ?? '')) throw invalidInput(`documents[${index}].fileName`, 'must end in .jpg, .png or .pdf');
      const data = typeof doc.data === 'string' ? Buffer.from(doc.data, 'base64') : doc.data;
      if (!data || data.length === 0) throw invalidInput(`documents[${index}].data`, 'must not be empty');
      if (data.length >= 2 * 1024 * 1024) throw invalidInput(`documents[${index}].data`, 'must be under 2 MB');
      fields[`Document${n}Type`] = String(doc.type);
      fields[`Document${n}FileName`] = doc.fileName;
      fields[`Document${n}FileData`] = data.toString('base64');
    });
    if (input.remark) fields.Remark = input.remark;
    const reply = await this.call('SignNameApply', 'apply for a signature', false, fields);
    return { raw: reply, code: text(pick(reply, 'Code')) };
  }

  private content(value: unknown): string {
    const content = typeof value === 'string' ? value : '';
    if (content.trim() === '') throw invalidInput('content', 'must not be empty');
    const length = countCharacters(content);
    if (length > SDK3_MAX_CONTENT) throw invalidInput('content', `must be at most ${SDK3_MAX_CONTENT} characters`, `${length} given`);
    return content;
  }

  private schedule(field: string, value: unknown): string | undefined {
    if (value === undefined || value === null || value === '') return undefined;
    return formatBeijing(checkSchedule(field, value, { now: this.now() }), 'dateTime');
  }

  /** One SDK3 call: fixed fields first (Methods before Content, as the site asks), then the rest. */
  private call(method: string, operation: string, idempotent: boolean, fields: Record<string, string | undefined>): Promise<Json> {
    return this.exchange({
      operation,
      idempotent,
      request: () => {
        const timestamp = mobsetTimestamp(this.now(), this.auth.timestampForm);
        return {
          method: 'POST',
          url: this.url,
          headers: formHeaders(),
          body: formBody({
            CorpID: this.auth.corpId,
            LoginName: this.auth.loginName,
            TimeStamp: timestamp,
            SecretKey: mobsetSecretKey(this.auth.corpId, this.auth.password, timestamp),
            Methods: method,
            ...fields,
          }),
        };
      },
      parse: (reply: HttpReply) => {
        const json = parseSdk3Json(decodeBody(reply.headers['content-type'], reply.body));
        const code = Number(pick(json, 'Code'));
        if (!Number.isFinite(code)) {
          throw new GatewayError('Mobset SDK3 reply has no numeric Code', { kind: 'badReply', vendorText: snippet(JSON.stringify(json)) });
        }
        if (code < 0) throw mobsetError('sdk3', operation, code, text(pick(json, 'Message')), `CorpID ${this.auth.corpId} / ${this.auth.loginName}`);
        return json;
      },
    });
  }
}

function mobsetErrorText(code: string): string {
  return mobsetError('sdk3', '', code, undefined, '').vendorText ?? code;
}

function listOf(value: unknown): Json[] {
  if (Array.isArray(value)) return value.filter((v) => v && typeof v === 'object') as Json[];
  return value && typeof value === 'object' ? [value as Json] : [];
}

function optionalDigits(field: string, value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const text = String(value).trim();
  if (!/^\d{1,12}$/.test(text)) throw invalidInput(field, 'must be digits only', text);
  return text;
}

export function templateParams(params: TemplateSendInput['params']): Record<string, string> {
  const values: string[] = [];
  if (Array.isArray(params)) values.push(...params.map((v) => String(v ?? '')));
  else if (params && typeof params === 'object') {
    for (const [key, value] of Object.entries(params)) {
      const n = Number(/^(?:param)?(\d)$/i.exec(key)?.[1]);
      if (!n) throw invalidInput(`params.${key}`, 'keys must be 1 to 9 or Param1 to Param9');
      values[n - 1] = String(value ?? '');
    }
  }
  if (values.length > TEMPLATE_MAX_PARAMS) throw invalidInput('params', `must have at most ${TEMPLATE_MAX_PARAMS} values`);
  const out: Record<string, string> = {};
  values.forEach((value, index) => {
    if (value === undefined) return;
    if (countCharacters(value) > TEMPLATE_MAX_PARAM_LENGTH) {
      throw invalidInput(`params[${index}]`, `must be at most ${TEMPLATE_MAX_PARAM_LENGTH} characters (-513)`);
    }
    if (/https?:\/\/|www\./i.test(value)) throw invalidInput(`params[${index}]`, 'must not contain a link (-510)');
    // The sample request sends Param1 (the table says param1); the sample is what was exercised.
    out[`Param${index + 1}`] = value;
  });
  return out;
}

function templateOf(entry: Json): Template {
  const status = text(pick(entry, 'Status') ?? pick(entry, 'AuditStatus'));
  return {
    vendor: 'mobset',
    id: text(pick(entry, 'TemplateID')),
    content: text(pick(entry, 'TemplateContent') ?? pick(entry, 'Content')) || undefined,
    state: status === '1' ? 'approved' : status === '0' ? 'pending' : status === '2' ? 'rejected' : 'unknown',
    vendorStatus: status || undefined,
    raw: entry,
  };
}
