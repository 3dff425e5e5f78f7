/**
 * Emay EUCP: the secure interface (AES, gzip on by default) or the simple interface (md5
 * sign), chosen in the credential, and retrieveReport. Batches split at 500.
 */
import { type ChunkResults, customIdOf, matchReplyEntries, mobileOf, type SentItem, sendInChunks, singleChunk, toSendResult, type SendContext } from '../../batch';
import { decodeBody } from '../../charset';
import { checkBaseUrl, type ClientOptions, drain, requireText, VendorClient } from '../../client';
import { GatewayError, inItem, invalidInput } from '../../errors';
import type { Balance, DeliveryReport, InboundMessage, RecipientResult, SendPreview, SendResult, Template } from '../../model';
import { requireMobile, requireRecipients } from '../../phone';
import { measureSms } from '../../segments';
import { checkSchedule, formatBeijing, toInstant } from '../../time';
import { formBody, formHeaders, type HttpReply } from '../../transport';
import { snippet } from '../../xml';
import { emayError, emayKey, emaySign, openEmay, sealEmay, toInbound, toReport, trimKeys, VENDOR_LABEL } from './codec';

export const EMAY_MAX_RECIPIENTS = 500;
export const CUSTOM_ID_MAX = 32;
export const EXTENDED_CODE_MAX = 12;
export const TIMER_MAX_DAYS = 90;
export const RETRIEVE_WINDOW_MS = 10 * 60_000;
export const RETRIEVE_MAX_DAYS = 30;
export const RETRIEVE_MAX_SMSIDS = 1000;

export interface EmayCredentials {
  baseUrl: string;
  appId: string;
  secretKey: string;
  interface?: 'secure' | 'simple';
  /** Secure interface: gzip before AES (on by default, as Emay recommends). */
  gzip?: boolean;
  /** Secure interface: seconds a request stays valid. */
  requestValidPeriod?: number;
}

type Json = Record<string, unknown>;
const s = (v: unknown) => (v === undefined || v === null ? '' : String(v));

export interface EmayMessage {
  mobile: string;
  content?: string;
  customId?: string;
  schedule?: unknown;
  extension?: string;
}

/** A message after its checks: number normalised, schedule read. */
interface CheckedMessage {
  mobile: string;
  content?: string;
  customId?: string;
  timer?: { dateTime: string; compact: string };
  schedule?: unknown;
  extension?: string;
}

export class EmayClient extends VendorClient {
  private readonly baseUrl: string;
  private readonly appId: string;
  private readonly secretKey: string;
  private readonly key?: Buffer;
  readonly mode: 'secure' | 'simple';
  private readonly gzip: boolean;
  private readonly validPeriod: number;
  /** Emay refuses a request whose sealed bytes it has seen: no two of ours share a requestTime. */
  private lastRequestTime = 0;

  constructor(credentials: EmayCredentials, options: ClientOptions = {}) {
    super('emay', VENDOR_LABEL, options);
    this.baseUrl = checkBaseUrl('baseUrl', credentials.baseUrl);
    this.appId = requireText('appId', credentials.appId);
    this.secretKey = requireText('secretKey', credentials.secretKey);
    this.mode = credentials.interface ?? 'secure';
    // The key length is checked up front: a wrong key must fail before any request.
    if (this.mode === 'secure') this.key = emayKey(this.secretKey);
    this.gzip = credentials.gzip ?? true;
    this.validPeriod = credentials.requestValidPeriod ?? 60;
    if (!Number.isInteger(this.validPeriod) || this.validPeriod < 1 || this.validPeriod > 3600) {
      throw invalidInput('requestValidPeriod', 'must be a whole number of seconds from 1 to 3600');
    }
    this.scrubber.add(this.secretKey);
  }

  // ---- sends ---------------------------------------------------------------------------------

  previewSms(input: { recipients: unknown; content: string }): SendPreview {
    const list = requireRecipients('recipients', input.recipients, { allowInvalid: true });
    const content = contentOf('content', input.content);
    const length = measureSms(content, { recipients: list.accepted.length });
    return { recipients: list.accepted.length, rejected: list.rejected, characters: length.characters, parts: length.parts, billed: length.billed, requests: Math.ceil(list.accepted.length / EMAY_MAX_RECIPIENTS), warnings: [] };
  }

  /** One text to many numbers: sendBatchSMS (secure, with customSmsId) or sendSMS (simple). */
  async sendSms(
    input: { recipients: unknown; content: string; customIds?: string[]; schedule?: unknown; extension?: string },
    context: SendContext = {},
  ): Promise<SendResult> {
    const list = requireRecipients('recipients', input.recipients);
    const content = contentOf('content', input.content);
    const timer = this.timer(input.schedule);
    const extension = extendedCode(input.extension);
    const items = sentItems(list.accepted, input.customIds);
    const length = measureSms(content, { recipients: items.length });
    const merged = await sendInChunks(items, { ...context, size: EMAY_MAX_RECIPIENTS, mobileOf, customIdOf }, async (part) => {
      if (this.mode === 'simple') {
        // The simple interface takes one customSmsId for the request; per-number ids need the secure one.
        if (part.some(customIdOf)) throw invalidInput('customIds', 'need the secure interface (the simple interface takes one customSmsId per request)');
        const data = await this.simple('sendSMS', 'send SMS', false, { mobiles: part.map(mobileOf).join(','), content, timerTime: timer?.compact, extendedCode: extension });
        return matchResults(part, data);
      }
      const data = await this.secure('sendBatchSMS', 'send SMS', false, {
        smses: part.map((p) => ({ mobile: mobileOf(p), customSmsId: customIdOf(p) ?? null })),
        content,
        timerTime: timer?.dateTime,
        extendedCode: extension,
      });
      return matchResults(part, data);
    });
    return toSendResult('emay', merged, list.rejected, { parts: length.parts, billed: length.billed });
  }

  /** sendSingleSMS: one number, one optional customSmsId. */
  async sendSingle(input: { mobile: unknown; content: string; customId?: string; schedule?: unknown; extension?: string }): Promise<SendResult> {
    const mobile = requireMobile('mobile', input.mobile);
    const content = contentOf('content', input.content);
    const timer = this.timer(input.schedule);
    const item = { mobile, customId: customId('customId', input.customId) };
    const data = await this.secureOnly('sendSingleSMS', 'send single SMS', false, { mobile, content, timerTime: timer?.dateTime, customSmsId: item.customId, extendedCode: extendedCode(input.extension) });
    const reply = matchResults([item], [data]);
    return toSendResult('emay', singleChunk(reply), [], { parts: measureSms(content).parts, billed: measureSms(content).parts });
  }

  /** sendBatchOnlySMS: many numbers, no custom ids. */
  async sendBatchOnly(input: { recipients: unknown; content: string; schedule?: unknown; extension?: string }, context: SendContext = {}): Promise<SendResult> {
    const list = requireRecipients('recipients', input.recipients);
    const content = contentOf('content', input.content);
    const timer = this.timer(input.schedule);
    const extension = extendedCode(input.extension);
    const merged = await sendInChunks(list.accepted, { ...context, size: EMAY_MAX_RECIPIENTS, mobileOf }, async (part) =>
      matchResults(part, await this.secureOnly('sendBatchOnlySMS', 'send batch SMS', false, { mobiles: part, content, timerTime: timer?.dateTime, extendedCode: extension })),
    );
    const length = measureSms(content, { recipients: list.accepted.length });
    return toSendResult('emay', merged, list.rejected, { parts: length.parts, billed: length.billed });
  }

  /**
   * Personalised texts. sendPersonalitySMS shares one schedule and extension; with
   * `perMessage` each message may carry its own (sendPersonalityAllSMS). The simple
   * interface posts `mobile=content` pairs.
   */
  async sendPersonalised(
    input: { messages: EmayMessage[]; schedule?: unknown; extension?: string; perMessage?: boolean },
    context: SendContext = {},
  ): Promise<SendResult> {
    const messages = this.messages(input.messages, true);
    const timer = this.timer(input.schedule);
    const extension = extendedCode(input.extension);
    const perMessage = input.perMessage === true || messages.some((m) => m.schedule !== undefined || m.extension !== undefined);
    const merged = await sendInChunks(messages, { ...context, size: EMAY_MAX_RECIPIENTS, mobileOf, customIdOf }, async (part) => {
      if (this.mode === 'simple') {
        if (perMessage) throw invalidInput('messages', 'per-message schedules and extension codes need the secure interface');
        const pairs: Record<string, string | undefined> = { timerTime: timer?.compact, extendedCode: extension };
        for (const m of part) pairs[m.mobile] = m.content;
        return matchResults(part, await this.simple('sendPersonalitySMS', 'send personalised SMS', false, pairs));
      }
      if (perMessage) {
        return matchResults(
          part,
          await this.secure('sendPersonalityAllSMS', 'send personalised SMS', false, {
            smses: part.map((m) => ({ mobile: m.mobile, customSmsId: m.customId ?? null, content: m.content, timerTime: m.timer?.dateTime ?? timer?.dateTime ?? null, extendedCode: m.extension ?? extension ?? null })),
          }),
        );
      }
      return matchResults(
        part,
        await this.secure('sendPersonalitySMS', 'send personalised SMS', false, {
          smses: part.map((m) => ({ mobile: m.mobile, customSmsId: m.customId ?? null, content: m.content })),
          timerTime: timer?.dateTime,
          extendedCode: extension,
        }),
      );
    });
    const billed = messages.reduce((sum, m) => sum + measureSms(m.content!).parts, 0);
    return toSendResult('emay', merged, [], { billed });
  }

  /** sendTemplateNormalSMS: a template without variables. */
  async sendTemplate(input: { recipients: unknown; templateId: string; customIds?: string[]; schedule?: unknown; extension?: string }, context: SendContext = {}): Promise<SendResult> {
    const list = requireRecipients('recipients', input.recipients);
    const templateId = requireText('templateId', input.templateId);
    const items = sentItems(list.accepted, input.customIds);
    const timer = this.timer(input.schedule);
    const extension = extendedCode(input.extension);
    const merged = await sendInChunks(items, { ...context, size: EMAY_MAX_RECIPIENTS, mobileOf, customIdOf }, async (part) =>
      matchResults(part, await this.secureOnly('sendTemplateNormalSMS', 'send template SMS', false, { smses: part.map((p) => ({ mobile: mobileOf(p), customSmsId: customIdOf(p) ?? null })), templateId, timerTime: timer?.dateTime ?? null, extendedCode: extension ?? null })),
    );
    return toSendResult('emay', merged, list.rejected);
  }

  /** sendTemplateVariableSMS: each number with its own variable values. */
  async sendTemplateVariables(
    input: { templateId: string; messages: Array<{ mobile: string; variables: Record<string, string>; customId?: string }>; schedule?: unknown; extension?: string },
    context: SendContext = {},
  ): Promise<SendResult> {
    const templateId = requireText('templateId', input.templateId);
    if (!Array.isArray(input.messages) || input.messages.length === 0) throw invalidInput('messages', 'must be a non-empty list of { mobile, variables }');
    const items = input.messages.map((m, i) => {
      try {
        const mobile = requireMobile('mobile', m?.mobile);
        if (!m.variables || typeof m.variables !== 'object' || Array.isArray(m.variables)) throw invalidInput('variables', 'must be an object of variable values');
        return { mobile, customId: customId('customId', m.customId), variables: Object.fromEntries(Object.entries(m.variables).map(([k, v]) => [k, String(v)])) };
      } catch (error) {
        throw inItem(error, 'messages', i);
      }
    });
    const timer = this.timer(input.schedule);
    const extension = extendedCode(input.extension);
    const merged = await sendInChunks(items, { ...context, size: EMAY_MAX_RECIPIENTS, mobileOf, customIdOf }, async (part) =>
      matchResults(part, await this.secureOnly('sendTemplateVariableSMS', 'send template SMS', false, { smses: part.map((p) => ({ mobile: p.mobile, customSmsId: p.customId ?? null, content: p.variables })), templateId, timerTime: timer?.dateTime ?? null, extendedCode: extension ?? null })),
    );
    return toSendResult('emay', merged, []);
  }

  /** sendShortLinkSMS: the content holds {#短网址#}, replaced by a tracked short link to `url`. */
  async sendShortLink(
    input: { recipients: unknown; content: string; url: string; precise?: boolean; customIds?: string[]; schedule?: unknown; extension?: string },
    context: SendContext = {},
  ): Promise<SendResult> {
    const list = requireRecipients('recipients', input.recipients);
    const content = contentOf('content', input.content);
    if (!content.includes('{#短网址#}')) throw invalidInput('content', 'must contain {#短网址#} where the short link goes');
    const url = requireText('url', input.url);
    if (!/^https?:\/\/\S+$/i.test(url)) throw invalidInput('url', 'must be an http(s) URL', url);
    const items = sentItems(list.accepted, input.customIds);
    const timer = this.timer(input.schedule);
    const extension = extendedCode(input.extension);
    const merged = await sendInChunks(items, { ...context, size: EMAY_MAX_RECIPIENTS, mobileOf, customIdOf }, async (part) =>
      matchResults(
        part,
        await this.secureOnly('sendShortLinkSMS', 'send short-link SMS', false, {
          url,
          shortLinkRule: input.precise ? '2' : '1',
          smses: part.map((p) => ({ customSmsId: customIdOf(p) ?? null, mobile: mobileOf(p) })),
          content,
          timerTime: timer?.dateTime,
          extendedCode: extension,
        }),
      ),
    );
    return toSendResult('emay', merged, list.rejected);
  }

  // ---- templates -------------------------------------------------------------------------------

  async createTemplate(templateContent: string): Promise<Template> {
    const content = contentOf('templateContent', templateContent);
    const data = trimKeys(await this.secureOnly('createTemplateSMS', 'create template', false, { templateContent: content }));
    return { vendor: 'emay', id: s(data.templateId), content, state: 'pending', raw: data };
  }

  async deleteTemplate(templateId: string): Promise<{ deleted: boolean; raw: unknown }> {
    const data = trimKeys(await this.secureOnly('deleteTemplateSMS', 'delete template', false, { templateId: requireText('templateId', templateId) }));
    return { deleted: s(data.code) === 'true', raw: data };
  }

  /** queryTemplateSMS status: 0 under review, 1 approved, 2 rejected, -1 no such template. */
  async queryTemplate(templateId: string): Promise<Template> {
    const id = requireText('templateId', templateId);
    const data = trimKeys(await this.secureOnly('queryTemplateSMS', 'query template', true, { templateId: id }));
    const status = s(data.status);
    const state = ({ '0': 'pending', '1': 'approved', '2': 'rejected' } as const)[status] ?? 'unknown';
    if (status === '-1') {
      throw new GatewayError(`${VENDOR_LABEL}: template ${id} does not exist (status -1)`, { kind: 'gateway', vendorCode: '-1', vendorText: '模板不存在', sent: 'no' });
    }
    return { vendor: 'emay', id, state, vendorStatus: status, raw: data };
  }

  // ---- reports, MO, short links, balance ---------------------------------------------------------

  async deliveryReports(options: { max?: number } = {}): Promise<DeliveryReport[]> {
    const number = count('max', options.max);
    const data = this.mode === 'simple'
      ? await this.simple('getReport', 'fetch delivery reports', true, { number })
      : await this.secure('getReport', 'fetch delivery reports', true, { number });
    return asList(data).map(toReport);
  }

  async inboundMessages(options: { max?: number } = {}): Promise<InboundMessage[]> {
    const number = count('max', options.max);
    const data = this.mode === 'simple' ? await this.simple('getMo', 'fetch inbound messages', true, { number }) : await this.secure('getMo', 'fetch inbound messages', true, { number });
    return asList(data).map(toInbound);
  }

  drainDeliveryReports(options: { maxCalls?: number } = {}) {
    return drain(() => this.deliveryReports(), { maxCalls: options.maxCalls, fullSlice: EMAY_MAX_RECIPIENTS });
  }

  drainInboundMessages(options: { maxCalls?: number } = {}) {
    return drain(() => this.inboundMessages(), { maxCalls: options.maxCalls, fullSlice: EMAY_MAX_RECIPIENTS });
  }

  async shortLinkClicks(options: { max?: number } = {}): Promise<Json[]> {
    const data = await this.secureOnly('getShortLink', 'fetch short-link clicks', true, { number: count('max', options.max) });
    return asList(data).map(trimKeys);
  }

  async balance(): Promise<Balance> {
    const data = trimKeys(this.mode === 'simple' ? await this.simple('getBalance', 'query balance', true, {}) : await this.secure('getBalance', 'query balance', true, {}));
    const amount = Number(data.balance);
    if (data.balance === undefined || !Number.isFinite(amount)) throw new GatewayError(`${VENDOR_LABEL} balance reply has no number`, { kind: 'badReply', vendor: VENDOR_LABEL, operation: 'query balance' });
    return { vendor: 'emay', amount, unit: 'messages', raw: data };
  }

  /**
   * retrieveReport, offered as "recover reports for a time range": the range is split into
   * windows of at most 10 minutes within the last 30 days; each window asks Emay to hand
   * the reports out again (through getReport or push).
   */
  async recoverReports(input: { from: unknown; to: unknown; smsIds?: unknown }): Promise<{ windows: Array<{ from: string; to: string }>; raw: string[] }> {
    const from = toInstant('from', input.from);
    const to = toInstant('to', input.to);
    const now = this.now();
    if (to.getTime() <= from.getTime()) throw invalidInput('to', 'must be after from');
    if (to.getTime() > now.getTime()) throw invalidInput('to', 'must not be in the future');
    if (from.getTime() < now.getTime() - RETRIEVE_MAX_DAYS * 86_400_000) throw invalidInput('from', `must be within the last ${RETRIEVE_MAX_DAYS} days`);
    const ids = input.smsIds === undefined || input.smsIds === '' ? [] : (Array.isArray(input.smsIds) ? input.smsIds : String(input.smsIds).split(/[\s,]+/)).map(String).filter(Boolean);
    if (ids.length > RETRIEVE_MAX_SMSIDS) throw invalidInput('smsIds', `must list at most ${RETRIEVE_MAX_SMSIDS} smsIds`, `${ids.length} given`);
    const windows: Array<{ from: string; to: string }> = [];
    for (let start = from.getTime(); start < to.getTime(); start += RETRIEVE_WINDOW_MS) {
      const end = Math.min(start + RETRIEVE_WINDOW_MS, to.getTime());
      windows.push({ from: formatBeijing(new Date(start), 'compact14'), to: formatBeijing(new Date(end), 'compact14') });
    }
    const raw: string[] = [];
    for (const window of windows) {
      raw.push(
        await this.exchange({
          operation: 'recover reports',
          idempotent: true,
          request: () => {
            const timestamp = formatBeijing(this.now(), 'compact14');
            return {
              method: 'POST',
              url: `${this.baseUrl}/report/retrieveReport`,
              headers: formHeaders(),
              body: formBody({ appId: this.appId, timestamp, sign: emaySign(this.appId, this.secretKey, timestamp), startTime: window.from, endTime: window.to, smsId: ids.length ? ids.join(',') : undefined }),
            };
          },
          parse: (reply) => {
            const text = decodeBody(reply.headers['content-type'], reply.body).trim();
            if (text !== 'SUCCESS') throw emayError('recover reports', text || 'empty reply', this.appId);
            return text;
          },
        }),
      );
    }
    return { windows, raw };
  }

  // ---- plumbing --------------------------------------------------------------------------------

  private timer(value: unknown): { dateTime: string; compact: string } | undefined {
    if (value === undefined || value === null || value === '') return undefined;
    const at = checkSchedule('schedule', value, { now: this.now(), maxDaysAhead: TIMER_MAX_DAYS });
    return { dateTime: formatBeijing(at, 'dateTime'), compact: formatBeijing(at, 'compact14') };
  }

  private messages(raw: unknown, withContent: boolean) {
    if (!Array.isArray(raw) || raw.length === 0) throw invalidInput('messages', 'must be a non-empty list of { mobile, content }');
    return raw.map((entry: unknown, i): CheckedMessage => {
      try {
        const m = (entry ?? {}) as EmayMessage;
        const mobile = requireMobile('mobile', m.mobile);
        const content = withContent ? contentOf('content', m.content) : undefined;
        const id = customId('customId', m.customId);
        // A message already in the form it is sent in is used as it is: a copy of each of
        // 100,000 would live as long as the send (bench/memory.bench.mjs).
        if (mobile === m.mobile && content === m.content && id === m.customId && m.schedule === undefined && m.extension === undefined) return m as CheckedMessage;
        return {
          mobile,
          content,
          customId: id,
          timer: m.schedule === undefined ? undefined : this.timer(m.schedule),
          schedule: m.schedule,
          extension: m.extension === undefined ? undefined : extendedCode(m.extension),
        };
      } catch (error) {
        throw inItem(error, 'messages', i);
      }
    });
  }

  private secureOnly(endpoint: string, operation: string, idempotent: boolean, payload: Json): Promise<unknown> {
    if (this.mode !== 'secure') {
      throw invalidInput('interface', `${operation} exists only on the secure interface; switch the credential to it`);
    }
    return this.secure(endpoint, operation, idempotent, payload);
  }

  /** Secure interface: sealed JSON with requestTime/requestValidPeriod; the `result` header says how it went. */
  private secure(endpoint: string, operation: string, idempotent: boolean, payload: Json): Promise<unknown> {
    const key = this.key!;
    return this.exchange({
      operation,
      idempotent,
      request: () => {
        this.lastRequestTime = Math.max(this.now().getTime(), this.lastRequestTime + 1);
        const body = { ...dropUndefined(payload), requestTime: this.lastRequestTime, requestValidPeriod: this.validPeriod };
        const headers: Record<string, string> = { appId: this.appId, 'content-type': 'application/octet-stream' };
        if (this.gzip) headers.gzip = 'on';
        return { method: 'POST', url: `${this.baseUrl}/inter/${endpoint}`, headers, body: sealEmay(body, key, this.gzip) };
      },
      parse: (reply: HttpReply) => {
        const result = reply.headers.result;
        if (result === undefined) {
          throw new GatewayError(`${VENDOR_LABEL} reply has no result header (is the base URL an Emay gateway?)`, { kind: 'badReply', vendorText: snippet(reply.body.subarray(0, 200).toString('utf8')) });
        }
        if (result !== 'SUCCESS') throw emayError(operation, result, this.appId);
        // Every secure endpoint answers SUCCESS with data; one without is not a reply we can trust.
        if (reply.body.length === 0) throw new GatewayError(`${VENDOR_LABEL} answered SUCCESS without a body`, { kind: 'badReply' });
        return openEmay(reply.body, key, this.gzip);
      },
    });
  }

  /** Simple interface: form fields with appId, timestamp and sign; JSON `{code, data}` back. */
  private simple(endpoint: string, operation: string, idempotent: boolean, fields: Record<string, string | number | undefined>): Promise<unknown> {
    return this.exchange({
      operation,
      idempotent,
      request: () => {
        const timestamp = formatBeijing(this.now(), 'compact14');
        return {
          method: 'POST',
          url: `${this.baseUrl}/simpleinter/${endpoint}`,
          headers: formHeaders(),
          body: formBody({ appId: this.appId, timestamp, sign: emaySign(this.appId, this.secretKey, timestamp), ...fields }),
        };
      },
      parse: (reply) => {
        const text = decodeBody(reply.headers['content-type'], reply.body);
        let json: Json;
        try {
          json = JSON.parse(text) as Json;
        } catch {
          throw new GatewayError(`${VENDOR_LABEL} simple interface sent a reply that is not JSON`, { kind: 'badReply', vendorText: snippet(text) });
        }
        const code = s(json.code);
        if (code !== 'SUCCESS') throw emayError(operation, code || 'no code', this.appId);
        return json.data;
      },
    });
  }
}

function dropUndefined(payload: Json): Json {
  return Object.fromEntries(Object.entries(payload).filter(([, v]) => v !== undefined));
}

function asList(data: unknown): unknown[] {
  return Array.isArray(data) ? data : data && typeof data === 'object' ? [data] : [];
}

/**
 * What the chunks send: the numbers as they are, or each with its customSmsId when ids are
 * given (one per valid number). Without ids no object is made per number: building one, with
 * its field name for errors, took 5-10 ms per 100,000 before the first request; with ids, a
 * field name is built only for an id that fails.
 */
function sentItems(mobiles: string[], ids: readonly unknown[] | undefined): SentItem[] {
  if (ids === undefined || ids.length === 0) return mobiles;
  if (ids.length !== mobiles.length) {
    throw invalidInput('customIds', 'must have one id per valid recipient', `${ids.length} ids for ${mobiles.length} numbers`);
  }
  return mobiles.map((mobile, i) => {
    try {
      return { mobile, customId: customId('customIds', ids[i]) };
    } catch (error) {
      throw inItem(error, 'customIds', i);
    }
  });
}

/** Reply entries matched back to what was sent, by customSmsId, then mobile (matchReplyEntries). */
function matchResults(part: readonly SentItem[], data: unknown): ChunkResults {
  const matched = matchReplyEntries(part, asList(data).map(trimKeys), { mobile: (e) => s(e.mobile), customId: (e) => s(e.customSmsId) });
  return {
    results: part.map((p, index): RecipientResult => {
      const entry = matched[index];
      if (!entry || s(entry.smsId) === '') {
        return { mobile: mobileOf(p), customId: customIdOf(p), status: 'unknown', error: { message: 'Emay accepted the request but returned no smsId for this number', sent: 'maybe' } };
      }
      return { mobile: mobileOf(p), customId: s(entry.customSmsId) || customIdOf(p), status: 'accepted', messageId: s(entry.smsId) };
    }),
    raw: data,
  };
}

function contentOf(field: string, value: unknown): string {
  const text = typeof value === 'string' ? value : '';
  if (text.trim() === '') throw invalidInput(field, 'must not be empty (ERROR_CONTENT_EMPTY)');
  return text;
}

function customId(field: string, value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const text = String(value);
  if (text.length > CUSTOM_ID_MAX) throw invalidInput(field, `must be at most ${CUSTOM_ID_MAX} characters (ERROR_CUSTOM_SMSID)`, `${text.length} given`);
  return text;
}

function extendedCode(value: unknown, field = 'extension'): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const text = String(value).trim();
  if (!/^\d+$/.test(text) || text.length > EXTENDED_CODE_MAX) throw invalidInput(field, `must be 1 to ${EXTENDED_CODE_MAX} digits (ERROR_EXTENDED_CODE)`, text);
  return text;
}

function count(field: string, value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 500) throw invalidInput(field, 'must be a whole number from 1 to 500');
  return n;
}
