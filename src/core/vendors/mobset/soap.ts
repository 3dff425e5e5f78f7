/**
 * Mobset SOAP WebService through the `soap` package and our own WSDL (the reconstruction,
 * extended by Sms_GetSentList and Sms_GetSentCount), loaded on first use so hosts that never
 * speak SOAP never pay for it. `soap` builds and reads the envelopes; the bytes travel
 * through our transport, so time-outs, retries and the `sent` verdict stay the same as
 * every other vendor's.
 */
import { join } from 'node:path';
import type { Client as SoapClient, IHttpClient } from 'soap';
import { type ChunkReply, matchReplyEntries, mobileOf, sendInChunks, toSendResult, type SendContext } from '../../batch';
import { decodeBody } from '../../charset';
import { type ClientOptions, drain, requireText, VendorClient } from '../../client';
import { GatewayError, invalidInput } from '../../errors';
import type { HttpRequest } from '../../transport';
import type { Balance, DeliveryReport, InboundMessage, MmsFile, MmsFrame, SendResult, Task } from '../../model';
import { isMobileAt, normalizeMobile, requireMobile, requireRecipients } from '../../phone';
import { countCharacters, measureSms } from '../../segments';
import { checkSchedule, formatBeijing, parseBeijing } from '../../time';
import { checkFrames, extensionOf } from '../aspx/mms';
import { base64Length, base64Pieces, mobsetError, NumberFileWriter, reportStatus, resultFromId, TASK_STATUS, VENDOR_LABEL } from './codec';
import { type MobsetAuth, mobsetAuth } from './sdk3';
import { mobsetSecretKey, mobsetTimestamp } from './signature';

export const SOAP_MAX_RECIPIENTS = 50;
export const BUNDLED_WSDL = join(__dirname, 'mobset.wsdl');

type Json = Record<string, unknown>;

interface CallOptions {
  operation: string;
  idempotent: boolean;
  /** Large binary content sent in place of ATTACHMENT_MARK, as base64, without soap copying it. */
  attachment?: Attachment;
}

/** Content produced afresh for each attempt, chunk by chunk, of a size known beforehand. */
interface Attachment {
  bytes: number;
  chunks(): Iterable<Buffer>;
}

/** Stands in the envelope where a large attachment's base64 goes (letters only: soap leaves it alone). */
const ATTACHMENT_MARK = 'CHINASMSATTACHMENTMARK';

/** The out-parameter that carries each function's return value (Count, Balance, ErrCode, ...). */
const RETURN_ELEMENT: Record<string, string> = {
  Sms_Send: 'Count',
  Sms_GetRecv: 'Count',
  Sms_GetReport: 'Count',
  Sms_GetSentList: 'Count',
  Sms_GetSign: 'ErrCode',
  Sms_GetBalance: 'Balance',
  Sms_GetSentCount: 'Count',
  Mms_UpFile: 'MmsFileID',
  Mms_GetFileStatus: 'Status',
  Mms_Send: 'Count',
  Mms_GetRecv: 'Count',
  Mms_GetReport: 'Count',
  Task_UpFile: 'TaskFileID',
  Task_DelFile: 'ErrCode',
  Task_SmsSend: 'TaskSmsID',
  Task_GetSmsStatus: 'Status',
  Task_SmsStop: 'ErrCode',
  Task_SmsStart: 'ErrCode',
  Task_MmsSend: 'TaskMmsID',
  Task_GetMmsStatus: 'Status',
  Task_MmsStop: 'ErrCode',
  Task_MmsStart: 'ErrCode',
};

/** One-element arrays stay arrays whatever the parser made of them. */
function groupList(value: unknown, item: string): Json[] {
  const inner = value && typeof value === 'object' ? (value as Json)[item] : undefined;
  if (inner === undefined || inner === null) return [];
  return (Array.isArray(inner) ? inner : [inner]) as Json[];
}

const str = (value: unknown) => (value === undefined || value === null ? '' : String(value));

export interface MobsetSoapOptions extends ClientOptions {
  /** Fetch `<url>?wsdl` from the server instead of the WSDL shipped with the package. */
  liveWsdl?: boolean;
}

export class MobsetSoapClient extends VendorClient {
  private readonly url: string;
  private readonly auth: Required<MobsetAuth>;
  private readonly liveWsdl: boolean;
  private soapClient?: Promise<SoapClient>;

  constructor(url: string, auth: MobsetAuth, options: MobsetSoapOptions = {}) {
    super('mobset', `${VENDOR_LABEL} WebService`, options);
    this.url = url;
    this.auth = mobsetAuth(auth);
    this.liveWsdl = options.liveWsdl ?? false;
    this.scrubber.add(this.auth.password);
  }

  // ---- SMS ---------------------------------------------------------------------------------

  async sendSms(
    input: { recipients: unknown; content: string; schedule?: unknown; extension?: string; longSms?: boolean },
    context: SendContext = {},
  ): Promise<SendResult> {
    const list = requireRecipients('recipients', input.recipients);
    const content = typeof input.content === 'string' ? input.content : '';
    if (content.trim() === '') throw invalidInput('content', 'must not be empty');
    const timer = this.schedule('schedule', input.schedule, 366);
    const extension = digits('extension', input.extension);
    const length = measureSms(content, { recipients: list.accepted.length });
    const merged = await sendInChunks(list.accepted, { ...context, size: SOAP_MAX_RECIPIENTS, mobileOf }, async (mobiles) => {
      const reply = await this.call('Sms_Send', { operation: 'send SMS', idempotent: false }, {
        AddNum: extension ?? '',
        Timer: timer ?? '',
        LongSms: input.longSms === false ? 0 : 1,
        MobileList: { MobileListGroup: mobiles.map((Mobile) => ({ Mobile, MsgID: '' })) },
        Content: content,
      });
      return idsToResults(mobiles, groupList(reply.SmsIDList, 'SmsIDGroup'), 'SmsID', reply);
    });
    return toSendResult('mobset', merged, list.rejected, { parts: length.parts, billed: length.billed });
  }

  async inboundMessages(): Promise<InboundMessage[]> {
    const reply = await this.call('Sms_GetRecv', { operation: 'fetch inbound messages', idempotent: true }, {});
    return groupList(reply.SmsRecvList, 'SmsRecvGroup').map((entry) => ({
      vendor: 'mobset',
      mobile: str(entry.Mobile),
      content: str(entry.Content),
      receivedAt: parseBeijing(str(entry.RecvTime)),
      extension: str(entry.AddNum) || undefined,
      raw: entry,
    }));
  }

  async deliveryReports(): Promise<DeliveryReport[]> {
    const reply = await this.call('Sms_GetReport', { operation: 'fetch delivery reports', idempotent: true }, {});
    return groupList(reply.SmsReportList, 'SmsReportGroup').map((entry) => report(entry, 'SmsID'));
  }

  drainDeliveryReports(options: { maxCalls?: number } = {}) {
    return drain(() => this.deliveryReports(), { maxCalls: options.maxCalls, fullSlice: 50 });
  }

  drainInboundMessages(options: { maxCalls?: number } = {}) {
    return drain(() => this.inboundMessages(), { maxCalls: options.maxCalls, fullSlice: 20 });
  }

  /** Sms_GetSentList: one number's messages of the last 48 hours (at most 50). */
  async sentHistory(mobile: unknown): Promise<Array<{ mobile: string; content: string; sentAt?: Date; reportedAt?: Date; status: DeliveryReport['status']; vendorStatus: string; vendorText?: string; raw: unknown }>> {
    const number = requireMobile('mobile', mobile);
    const reply = await this.call('Sms_GetSentList', { operation: 'query sent history', idempotent: true }, { Mobile: number });
    return groupList(reply.SmsSentList, 'SmsSentListGroup').map((entry) => {
      const code = str(entry.Status);
      const mapped = reportStatus(code);
      return {
        mobile: str(entry.Mobile),
        content: str(entry.Content),
        sentAt: parseBeijing(str(entry.SendTime)),
        reportedAt: parseBeijing(str(entry.ReportTime)),
        status: mapped.status,
        vendorStatus: code,
        vendorText: [mapped.text, str(entry.ExStatus)].filter(Boolean).join(' ') || undefined,
        raw: entry,
      };
    });
  }

  async signature(): Promise<{ signature: string; raw: unknown }> {
    const reply = await this.call('Sms_GetSign', { operation: 'query signature', idempotent: true }, {});
    return { signature: str(reply.Sign), raw: reply };
  }

  async balance(): Promise<Balance> {
    const reply = await this.call('Sms_GetBalance', { operation: 'query balance', idempotent: true }, {});
    return { vendor: 'mobset', amount: Number(reply.Balance), unit: 'messages', raw: reply };
  }

  async sentCount(): Promise<{ count: number; raw: unknown }> {
    const reply = await this.call('Sms_GetSentCount', { operation: 'query sent count', idempotent: true }, {});
    return { count: Number(reply.Count), raw: reply };
  }

  // ---- MMS ---------------------------------------------------------------------------------

  /** Mms_UpFile: frames as MmsFileGroup (one picture, one text, one sound each), at most 20. */
  async uploadMms(input: { subject: string; frames: MmsFrame[] }): Promise<{ mmsFileId: string; raw: unknown }> {
    const subject = requireText('subject', input.subject);
    const frames = checkFrames(input.frames, ['txt', 'gif', 'jpg', 'jpeg', 'mid', 'midi', 'amr']);
    const groups = frames.map((frame, index) => {
      const files = frame.files ?? [];
      const pickKind = (kinds: string[]) => {
        const found = files.filter((f) => kinds.includes(extensionOf(f)));
        if (found.length > 1) throw invalidInput(`frames[${index}].files`, `must hold at most one ${kinds.join('/')} file per frame`);
        return found[0] as MmsFile | undefined;
      };
      const image = pickKind(['gif', 'jpg', 'jpeg']);
      const audio = pickKind(['mid', 'midi', 'amr']);
      const textFile = pickKind(['txt']);
      const text = frame.text ?? (textFile ? textFile.data.toString('utf8') : undefined);
      return {
        PlayTime: frame.durationSeconds ?? 0,
        Image_FileName: image?.fileName ?? '',
        Image_FileData: image ? image.data.toString('base64') : '',
        Text_FileName: text !== undefined ? `${index + 1}.txt` : '',
        Text_Content: text ?? '',
        Audio_FileName: audio?.fileName ?? '',
        Audio_FileData: audio ? audio.data.toString('base64') : '',
      };
    });
    const reply = await this.call('Mms_UpFile', { operation: 'upload MMS', idempotent: false }, {
      Subject: subject,
      SmilType: 0,
      MmsFileList: { MmsFileGroup: groups },
    });
    return { mmsFileId: str(reply.MmsFileID), raw: reply };
  }

  async mmsFileStatus(mmsFileId: unknown): Promise<{ title: string; size: number; createdAt?: Date; raw: unknown }> {
    const reply = await this.call('Mms_GetFileStatus', { operation: 'query MMS file', idempotent: true }, { MmsFileID: numericId('mmsFileId', mmsFileId) });
    return { title: str(reply.Title), size: Number(reply.Size), createdAt: parseBeijing(str(reply.CreateTime)), raw: reply };
  }

  async sendMms(
    input: { recipients: unknown; mmsFileId: unknown; schedule?: unknown; extension?: string },
    context: SendContext = {},
  ): Promise<SendResult> {
    const list = requireRecipients('recipients', input.recipients);
    const fileId = numericId('mmsFileId', input.mmsFileId);
    const timer = this.schedule('schedule', input.schedule, 366);
    const extension = digits('extension', input.extension);
    const merged = await sendInChunks(list.accepted, { ...context, size: SOAP_MAX_RECIPIENTS, mobileOf }, async (mobiles) => {
      const reply = await this.call('Mms_Send', { operation: 'send MMS', idempotent: false }, {
        AddNum: extension ?? '',
        Timer: timer ?? '',
        MobileList: { MobileListGroup: mobiles.map((Mobile) => ({ Mobile, MsgID: '' })) },
        MmsFileID: fileId,
      });
      return idsToResults(mobiles, groupList(reply.MmsIDList, 'MmsIDGroup'), 'MmsID', reply);
    });
    return toSendResult('mobset', merged, list.rejected, { billed: list.accepted.length });
  }

  /** Mms_GetRecv hands out one inbound MMS a call, with its files. */
  async inboundMms(): Promise<Array<InboundMessage & { subject: string; files: Array<{ fileName: string; contentType: string; data: Buffer }> }>> {
    const reply = await this.call('Mms_GetRecv', { operation: 'fetch inbound MMS', idempotent: true }, {});
    if (Number(reply.Count) <= 0) return [];
    const files = groupList(reply.MmsRecvFileList, 'MmsRecvFileGroup').map((f) => ({
      fileName: str(f.FileName),
      contentType: str(f.FileType),
      data: Buffer.from(str(f.FileData), 'base64'),
    }));
    const text = files.filter((f) => f.contentType.startsWith('text/plain')).map((f) => f.data.toString('utf8')).join('\n');
    return [
      {
        vendor: 'mobset',
        mobile: str(reply.Mobile),
        content: text,
        subject: str(reply.Subject),
        receivedAt: parseBeijing(str(reply.RecvTime)),
        extension: str(reply.AddNum) || undefined,
        files,
        raw: { ...reply, MmsRecvFileList: undefined },
      },
    ];
  }

  async mmsDeliveryReports(): Promise<DeliveryReport[]> {
    const reply = await this.call('Mms_GetReport', { operation: 'fetch MMS delivery reports', idempotent: true }, {});
    return groupList(reply.MmsReportList, 'MmsReportGroup').map((entry) => report(entry, 'MmsID'));
  }

  // ---- Tasks (number files) --------------------------------------------------------------------

  /** Task_UpFile from a list of numbers, each with an optional memo for %Memo%. */
  async uploadNumberFile(input: { subject: string; numbers: unknown }): Promise<{ taskFileId: string; count: number; raw: unknown }> {
    const subject = requireText('subject', input.subject);
    const file = numberFileSource(input.numbers);
    const reply = await this.call('Task_UpFile', { operation: 'upload number file', idempotent: false, attachment: file }, {
      Subject: subject,
      AutoDelete: 0,
      FileData: ATTACHMENT_MARK,
    });
    return { taskFileId: str(reply.TaskFileID), count: file.count, raw: reply };
  }

  async deleteNumberFile(taskFileId: unknown): Promise<{ deleted: true; raw: unknown }> {
    const reply = await this.call('Task_DelFile', { operation: 'delete number file', idempotent: false }, { TaskFileID: numericId('taskFileId', taskFileId) });
    return { deleted: true, raw: reply };
  }

  /** Task_SmsSend over number files and single numbers; %Memo% is replaced per number. */
  async submitSmsTask(input: { content: string; taskFileIds?: unknown; recipients?: unknown; notify?: unknown; schedule?: unknown; priority?: number; longSms?: boolean }): Promise<Task> {
    const content = typeof input.content === 'string' ? input.content : '';
    if (content.trim() === '') throw invalidInput('content', 'must not be empty');
    if (countCharacters(content) > 900) throw invalidInput('content', 'must be at most 900 characters (-331)');
    const reply = await this.call('Task_SmsSend', { operation: 'submit SMS task', idempotent: false }, {
      Content: content,
      LongSms: input.longSms === false ? 0 : 1,
      Priority: priority(input.priority),
      AtTime: this.schedule('schedule', input.schedule, 31) ?? '',
      MobileList: { MobileFileGroup: this.taskTargets(input) },
    });
    return { vendor: 'mobset', id: str(reply.TaskSmsID), state: 'pending', raw: reply };
  }

  async submitMmsTask(input: { mmsFileId: unknown; taskFileIds?: unknown; recipients?: unknown; schedule?: unknown; priority?: number }): Promise<Task> {
    const reply = await this.call('Task_MmsSend', { operation: 'submit MMS task', idempotent: false }, {
      MmsFileID: numericId('mmsFileId', input.mmsFileId),
      Priority: priority(input.priority),
      AtTime: this.schedule('schedule', input.schedule, 31) ?? '',
      MobileList: { MobileFileGroup: this.taskTargets({ ...input, notify: undefined }) },
    });
    return { vendor: 'mobset', id: str(reply.TaskMmsID), state: 'pending', raw: reply };
  }

  async taskStatus(kind: 'sms' | 'mms', taskId: unknown): Promise<Task & { beginAt?: Date; endAt?: Date }> {
    const op = kind === 'sms' ? 'Task_GetSmsStatus' : 'Task_GetMmsStatus';
    const idName = kind === 'sms' ? 'TaskSmsID' : 'TaskMmsID';
    const id = numericId('taskId', taskId);
    const reply = await this.call(op, { operation: `query ${kind.toUpperCase()} task`, idempotent: true }, { [idName]: id });
    const code = str(reply.Status);
    const status = TASK_STATUS[code];
    return {
      vendor: 'mobset',
      id,
      state: status?.state ?? 'unknown',
      vendorStatus: status ? `${code} ${status.text}` : code,
      total: Number(reply.MobileCount),
      sent: Number(reply.YFMobileCount),
      beginAt: parseBeijing(str(reply.BeginTime)),
      endAt: parseBeijing(str(reply.EndTime)),
      raw: reply,
    };
  }

  async stopTask(kind: 'sms' | 'mms', taskId: unknown): Promise<{ stopped: true; raw: unknown }> {
    const op = kind === 'sms' ? 'Task_SmsStop' : 'Task_MmsStop';
    const reply = await this.call(op, { operation: `stop ${kind.toUpperCase()} task`, idempotent: false }, {
      [kind === 'sms' ? 'TaskSmsID' : 'TaskMmsID']: numericId('taskId', taskId),
    });
    return { stopped: true, raw: reply };
  }

  async startTask(kind: 'sms' | 'mms', taskId: unknown): Promise<{ started: true; raw: unknown }> {
    const op = kind === 'sms' ? 'Task_SmsStart' : 'Task_MmsStart';
    const reply = await this.call(op, { operation: `start ${kind.toUpperCase()} task`, idempotent: false }, {
      [kind === 'sms' ? 'TaskSmsID' : 'TaskMmsID']: numericId('taskId', taskId),
    });
    return { started: true, raw: reply };
  }

  private taskTargets(input: { taskFileIds?: unknown; recipients?: unknown; notify?: unknown }): Json[] {
    const files = idList(input.taskFileIds).map((id) => ({ TaskFileType: 1, TaskFileID: numericId('taskFileIds', id) }));
    const singles =
      input.recipients === undefined || input.recipients === '' ? [] : requireRecipients('recipients', input.recipients).accepted.map((m) => ({ TaskFileType: 0, TaskFileID: m }));
    const notify =
      input.notify === undefined || input.notify === '' ? [] : requireRecipients('notify', input.notify).accepted.map((m) => ({ TaskFileType: 2, TaskFileID: m }));
    if (files.length + singles.length === 0) throw invalidInput('taskFileIds', 'give at least one number file id or recipient');
    const targets = [...files, ...singles, ...notify];
    if (targets.length > 50) throw invalidInput('taskFileIds', 'must list at most 50 number files and numbers together', `${targets.length} given`);
    return targets;
  }

  // ---- plumbing ----------------------------------------------------------------------------

  private schedule(field: string, value: unknown, maxDays: number): string | undefined {
    if (value === undefined || value === null || value === '') return undefined;
    return formatBeijing(checkSchedule(field, value, { now: this.now(), maxDaysAhead: maxDays }), 'dateTime');
  }

  private async call(op: string, options: CallOptions, args: Json): Promise<Json> {
    const client = await this.soap();
    const timestamp = mobsetTimestamp(this.now(), this.auth.timestampForm);
    const fullArgs = {
      CorpID: this.auth.corpId,
      LoginName: this.auth.loginName,
      Password: mobsetSecretKey(this.auth.corpId, this.auth.password, timestamp),
      TimeStamp: timestamp,
      ...args,
    };
    const method = (client as unknown as Record<string, (args: Json, options: CallOptions) => Promise<[Json]>>)[`${op}Async`];
    let result: Json;
    try {
      [result] = await method.call(client, fullArgs, options);
    } catch (error) {
      if (error instanceof GatewayError) throw error;
      throw this.scrubber.scrubError(
        new GatewayError(`${this.label} sent a reply that is not a valid ${op}Response: ${(error as Error).message}`, {
          kind: 'badReply',
          vendor: this.label,
          operation: options.operation,
          sent: options.idempotent ? 'no' : 'maybe',
        }),
      );
    }
    const reply = result ?? {};
    const code = Number(reply[RETURN_ELEMENT[op]]);
    if (!Number.isFinite(code)) {
      throw new GatewayError(`${this.label} reply to ${op} has no ${RETURN_ELEMENT[op]}`, {
        kind: 'badReply',
        vendor: this.label,
        operation: options.operation,
        sent: options.idempotent ? 'no' : 'maybe',
      });
    }
    if (code < 0) {
      throw this.scrubber.scrubError(mobsetError('soap', options.operation, code, str(reply.ErrMsg), `CorpID ${this.auth.corpId} / ${this.auth.loginName}`).withContext({ vendor: this.label, operation: options.operation }));
    }
    return reply;
  }

  private soap(): Promise<SoapClient> {
    this.soapClient ??= (async () => {
      const soap = require('soap') as typeof import('soap');
      const source = this.liveWsdl ? `${this.url}?wsdl` : BUNDLED_WSDL;
      return soap.createClientAsync(source, { httpClient: this.httpClient(), endpoint: this.url, disableCache: this.liveWsdl });
    })();
    this.soapClient.catch(() => {
      this.soapClient = undefined;
    });
    return this.soapClient;
  }

  /** soap's HTTP hook, routed through our transport. */
  private httpClient(): IHttpClient {
    return {
      request: (url, data, callback, headers, options) => {
        const call = (options ?? {}) as Partial<CallOptions>;
        const lowerHeaders: Record<string, string> = {};
        for (const [name, value] of Object.entries(headers ?? {})) lowerHeaders[name.toLowerCase()] = String(value);
        this.exchange({
          operation: call.operation ?? 'fetch WSDL',
          idempotent: call.idempotent ?? true,
          request: () => (data ? { method: 'POST', url, ...withAttachment(String(data), lowerHeaders, call.attachment) } : { method: 'GET', url }),
          parse: (reply) => decodeBody(reply.headers['content-type'], reply.body),
        }).then(
          (body) => callback(null, { statusCode: 200, headers: {} }, body),
          (error: unknown) => callback(error),
        );
        return undefined as never;
      },
    };
  }
}

/**
 * The envelope with the attachment's base64 in place of its mark, streamed: the base64 of a
 * million-line file is produced a chunk at a time as the socket takes it, never held whole
 * (bench/memory.bench.mjs). Its length is known beforehand, so the request still carries a
 * Content-Length (old IIS services are not asked to take a chunked body).
 */
function withAttachment(xml: string, headers: Record<string, string>, attachment: Attachment | undefined): Pick<HttpRequest, 'headers' | 'body'> {
  const at = attachment ? xml.indexOf(ATTACHMENT_MARK) : -1;
  if (!attachment || at < 0) return { headers, body: xml };
  const head = Buffer.from(xml.slice(0, at), 'utf8');
  const tail = Buffer.from(xml.slice(at + ATTACHMENT_MARK.length), 'utf8');
  const length = head.length + base64Length(attachment.bytes) + tail.length;
  function* body(): Generator<Buffer | string> {
    yield head;
    yield* base64Pieces(attachment!.chunks());
    yield tail;
  }
  return { headers: { ...headers, 'content-length': String(length) }, body: body() };
}

function idsToResults(mobiles: string[], ids: Json[], idName: string, raw: unknown): ChunkReply {
  const matched = matchReplyEntries(mobiles, ids, { mobile: (e) => str(e.Mobile) });
  return {
    results: mobiles.map((mobile, index) => resultFromId(mobile, matched[index] && str(matched[index][idName]), idName)),
    raw,
  };
}

function report(entry: Json, idName: string): DeliveryReport {
  const code = str(entry.Status);
  const mapped = reportStatus(code);
  return {
    vendor: 'mobset',
    mobile: str(entry.Mobile),
    messageId: str(entry[idName]),
    status: mapped.status,
    vendorStatus: code,
    vendorText: [mapped.text, str(entry.ExStatus)].filter(Boolean).join(' ') || undefined,
    deliveredAt: parseBeijing(str(entry.ReportTime)),
    raw: entry,
  };
}

function digits(field: string, value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const text = String(value).trim();
  if (!/^\d{1,12}$/.test(text)) throw invalidInput(field, 'must be digits only', text);
  return text;
}

function numericId(field: string, value: unknown): string {
  const text = String(value ?? '').trim();
  if (!/^\d+$/.test(text) || Number(text) <= 0) throw invalidInput(field, 'must be a positive numeric id', text || 'empty');
  return text;
}

function idList(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  return (Array.isArray(value) ? value : String(value).split(/[\s,]+/)).map((v) => String(v).trim()).filter(Boolean);
}

function priority(value: unknown): number {
  if (value === undefined || value === null || value === '') return 50;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 100) throw invalidInput('priority', 'must be a whole number from 0 (highest) to 100');
  return n;
}

/**
 * Whether text[start, stop) is a line the file can take as it is: a clean 11-digit mobile
 * number, optionally `,memo` with no further comma, no CR and no space at its end. Anything
 * else goes the long way (trimmed, normalised, checked).
 */
function isFileLine(text: string, start: number, stop: number): boolean {
  if (!isMobileAt(text, start)) return false;
  if (stop === start + 11) return true;
  if (text.charCodeAt(start + 11) !== 0x2c || stop === start + 12) return false;
  for (let i = start + 12; i < stop; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2c || c === 0x0d) return false;
  }
  // The long way trims the line; a line that ends in a space must take it. Looked at in place:
  // charAt would make a string per line.
  SPACE_AT.lastIndex = stop - 1;
  return !SPACE_AT.test(text);
}

const SPACE_AT = /\s/y;

/** A number file read twice: once to check and measure it before anything is sent, once to send it. */
export interface NumberFileSource {
  count: number;
  /** Its size in GBK bytes. */
  bytes: number;
  /** The file again, chunk by chunk, for the request body. */
  chunks(): Generator<Buffer>;
}

/**
 * A number file from what users give: text of `mobile,memo` lines, a JSON list, or a list of
 * strings or { mobile, memo } objects. Nothing of it is held: the request body encodes it
 * again as the socket takes it, so a million-line upload needs little more than its input.
 */
export function numberFileSource(value: unknown): NumberFileSource {
  let input = value;
  if (typeof value === 'string' && value.trim().startsWith('[')) {
    try {
      input = JSON.parse(value);
    } catch {
      throw invalidInput('numbers', 'must be lines of numbers or a JSON list');
    }
  }
  let count = 0;
  let bytes = 0;
  for (const chunk of numberFileChunks(input, (n) => (count = n))) bytes += chunk.length;
  if (count === 0) throw invalidInput('numbers', 'must contain at least one mobile number');
  return { count, bytes, chunks: () => numberFileChunks(input) };
}

function* numberFileChunks(value: unknown, onCount?: (count: number) => void): Generator<Buffer> {
  const ready: Buffer[] = [];
  const writer = new NumberFileWriter((chunk) => ready.push(chunk));
  const addLine = (line: string, index: number) => {
    const trimmed = line.trim();
    if (trimmed === '') return;
    const comma = trimmed.indexOf(',');
    addEntry(comma < 0 ? trimmed : trimmed.slice(0, comma), comma < 0 ? undefined : trimmed.slice(comma + 1), index);
  };
  const addEntry = (rawMobile: unknown, memo: string | undefined, index: number) => {
    const mobile = normalizeMobile(str(rawMobile));
    if (!mobile) throw invalidInput(`numbers[${index}]`, 'must be a mainland China mobile number (11 digits, starting 13-19)', str(rawMobile));
    writer.add(mobile, memo, index);
  };
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const item = value[index] as unknown;
      if (item && typeof item === 'object') {
        const memo = (item as Json).memo;
        addEntry((item as Json).mobile, memo === undefined || memo === null ? undefined : str(memo), index);
      } else addLine(str(item), index);
      while (ready.length > 0) yield ready.shift() as Buffer;
    }
  } else {
    // Runs of lines already in the file's form go to the file as one slice each; only the
    // others are taken apart. A million-line paste then leaves little behind to collect.
    const text = str(value);
    let runStart = 0;
    let runEnd = 0;
    let runFirst = 0;
    let runLines = 0;
    const endRun = () => {
      if (runLines > 0 && !writer.addRun(text, runStart, runEnd, runLines)) {
        text.slice(runStart, runEnd).split('\n').forEach((line, at) => addLine(line, runFirst + at));
      }
      runLines = 0;
    };
    let start = 0;
    let index = 0;
    while (start <= text.length) {
      const end = text.indexOf('\n', start);
      const stop = end < 0 ? text.length : end;
      if (isFileLine(text, start, stop)) {
        if (runLines === 0) {
          runStart = start;
          runFirst = index;
        }
        runEnd = stop;
        if (++runLines >= NumberFileWriter.LINES_PER_CHUNK) endRun();
      } else {
        endRun();
        addLine(text.slice(start, stop), index);
      }
      while (ready.length > 0) yield ready.shift() as Buffer;
      index++;
      if (end < 0) break;
      start = end + 1;
    }
    endRun();
  }
  writer.flush();
  yield* ready;
  onCount?.(writer.count);
}
