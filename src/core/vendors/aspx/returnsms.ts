/**
 * The `<returnsms>` family of replies shared by the sms.aspx platform and the sendmms.aspx
 * MMS platform (the same vendor software): send and overage replies, status boxes, call
 * boxes and error boxes, in XML and in both JSON dialects. Real servers misspell and
 * vary; every such quirk is absorbed here and nowhere else.
 */
import { optionsField } from '../../../catalog/fields';
import type { OptionsField } from '../../../catalog/types';
import { GatewayError } from '../../errors';
import type { DeliveryReport, DeliveryStatus, InboundMessage, VendorId } from '../../model';
import { parseBeijing } from '../../time';
import { parseXml, snippet, xmlList, xmlText, type XmlNode } from '../../xml';

export type PasswordForm = 'md5upper' | 'md5lower' | 'plain';

const PASSWORD_FORMS: Array<{ value: PasswordForm; en: string; zh: string }> = [
  { value: 'md5upper', en: 'MD5, upper case', zh: 'MD5 32 位大写' },
  { value: 'md5lower', en: 'MD5, lower case', zh: 'MD5 32 位小写' },
  { value: 'plain', en: 'Plain', zh: '明文' },
];

/** The credential setting for how the password travels; the platform's document default first. */
export function passwordFormField(documentDefault: PasswordForm): OptionsField {
  const ordered = [...PASSWORD_FORMS].sort((a, b) => Number(b.value === documentDefault) - Number(a.value === documentDefault));
  return optionsField(
    'passwordForm',
    { en: 'Password Form', zh: '密码形式' },
    ordered.map((f) => ({
      value: f.value,
      label: f.value === documentDefault ? { en: `${f.en} (document default)`, zh: `${f.zh}（文档默认）` } : { en: f.en, zh: f.zh },
    })),
  );
}

/** `Success`, and `Sucess` as real overage replies spell it. */
export function isSuccessWord(value: unknown): boolean {
  const word = String(value ?? '').trim().toLowerCase();
  return word === 'success' || word === 'sucess' || word === 'ok';
}

/** Reads a reply that must be JSON; lowercases keys so both dialects read the same. */
export function parseJsonReply(text: string): Record<string, unknown> {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) {
    throw new GatewayError('The reply is not JSON', { kind: 'badReply', vendorText: snippet(trimmed) });
  }
  try {
    return lowerKeys(JSON.parse(trimmed)) as Record<string, unknown>;
  } catch (cause) {
    throw new GatewayError('The JSON reply is malformed', { kind: 'badReply', vendorText: snippet(trimmed), cause });
  }
}

function lowerKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(lowerKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.toLowerCase(), lowerKeys(v)]));
  }
  return value;
}

/** Reads an XML reply and returns the `<returnsms>` element. */
export function parseReturnSmsXml(text: string): XmlNode {
  const doc = parseXml(text, { arrays: ['statusbox', 'callbox'] });
  const root = doc.returnsms;
  if (root === undefined) {
    throw new GatewayError('The reply has no <returnsms> element', { kind: 'badReply', vendorText: snippet(text) });
  }
  return (root && typeof root === 'object' ? root : {}) as XmlNode;
}

export interface SendReply {
  success: boolean;
  message: string;
  balance?: number;
  taskId?: string;
  successCounts?: number;
  raw: Record<string, unknown>;
}

/** A send reply (`returnstatus`, `message`, `remainpoint`, `taskID`, `successCounts`). */
export function readSendReply(fields: Record<string, unknown>): SendReply {
  const get = (name: string) => fieldOf(fields, name);
  return {
    success: isSuccessWord(get('returnstatus')),
    message: get('message'),
    balance: numberOrUndefined(get('remainpoint')),
    taskId: get('taskid') || undefined,
    successCounts: numberOrUndefined(get('successcounts')),
    raw: fields,
  };
}

export interface OverageReply {
  success: boolean;
  message: string;
  payInfo?: string;
  overage?: number;
  sendTotal?: number;
  raw: Record<string, unknown>;
}

export function readOverageReply(fields: Record<string, unknown>): OverageReply {
  const get = (name: string) => fieldOf(fields, name);
  const message = get('message');
  return {
    // The MMS platform answers success with an empty message and a status word only.
    success: isSuccessWord(get('returnstatus')),
    message,
    payInfo: get('payinfo') || undefined,
    overage: numberOrUndefined(get('overage')),
    sendTotal: numberOrUndefined(get('sendtotal')),
    raw: fields,
  };
}

/** XML fields are case-sensitive in the documents (taskID); JSON dialects differ; match loosely. */
function fieldOf(fields: Record<string, unknown>, lowerName: string): string {
  for (const [key, value] of Object.entries(fields)) {
    if (key.toLowerCase() === lowerName) return xmlText(value).trim();
  }
  return '';
}

export function numberOrUndefined(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const value = Number(text.trim());
  return Number.isFinite(value) ? value : undefined;
}

/** `<errorstatus><error>2</error><remark>...</remark></errorstatus>` codes of the query APIs. */
export const QUERY_ERRORS: Record<string, string> = {
  '1': '用户名或密码不能为空',
  '2': '用户名或密码错误',
  '3': '该用户不允许查看状态报告',
  '4': '参数不正确',
};

export function queryError(vendor: string, code: string, remark: string): GatewayError {
  const text = remark || QUERY_ERRORS[code] || '';
  const auth = code === '1' || code === '2' || code === '1004' || code === '1005' || /密码|用户名/.test(text);
  return new GatewayError(`${vendor} refused the query: ${text || 'error ' + code} (${code})`, {
    kind: auth ? 'authentication' : 'gateway',
    vendorCode: code,
    vendorText: text,
    sent: 'no',
    hint: auth ? 'Check the account name and password, and the password form (MD5 upper, MD5 lower or plain) in the credential.' : undefined,
  });
}

/** Status 10 is delivered and 20 failed; the upstream gateway's errorcode is kept raw. */
export function deliveryStatusOf(status: string, errorCode: string): DeliveryStatus {
  if (status === '10') return 'delivered';
  if (status === '20') return 'failed';
  // The JSON reports carry no status, only the upstream code.
  if (status === '') {
    if (/^DELIVRD$/i.test(errorCode)) return 'delivered';
    if (errorCode === '') return 'unknown';
    return /^(EXPIRED)$/i.test(errorCode) ? 'expired' : 'failed';
  }
  return 'unknown';
}

export function readStatusBoxes(vendor: VendorId, boxes: unknown): DeliveryReport[] {
  return xmlList<XmlNode>(boxes).map((box) => {
    const get = (name: string) => fieldOf(box, name);
    const status = get('status');
    const errorCode = get('errorcode');
    return {
      vendor,
      mobile: get('mobile'),
      batchId: get('taskid') || undefined,
      status: deliveryStatusOf(status, errorCode),
      vendorStatus: status || errorCode,
      vendorText: errorCode || undefined,
      deliveredAt: parseBeijing(get('receivetime')),
      extension: get('extno') || undefined,
      raw: box,
    };
  });
}

export function readCallBoxes(vendor: VendorId, boxes: unknown): InboundMessage[] {
  return xmlList<XmlNode>(boxes).map((box) => {
    const get = (name: string) => fieldOf(box, name);
    return {
      vendor,
      mobile: get('mobile'),
      content: get('content'),
      receivedAt: parseBeijing(get('receivetime')),
      extension: get('extno') || undefined,
      raw: box,
    };
  });
}

/** Reports or MO from statusApi/callApi XML; an `<errorstatus>` becomes a typed error. */
export function readQueryXml(vendor: VendorId, label: string, text: string, box: 'statusbox' | 'callbox'): XmlNode[] {
  const root = parseReturnSmsXml(text);
  const error = root.errorstatus as XmlNode | undefined;
  if (error && typeof error === 'object') {
    throw queryError(label, xmlText(error.error).trim(), xmlText(error.remark).trim());
  }
  return xmlList<XmlNode>(root[box]);
}

/** statusJsonApi/callJsonApi: `"error":"1"` is success; anything else is an error code. */
export function readQueryJson(label: string, text: string, box: 'statusbox' | 'callbox'): XmlNode[] {
  const reply = parseJsonReply(text);
  const code = String(reply.error ?? '').trim();
  if (code !== '1') throw queryError(label, code, String(reply.remark ?? ''));
  return xmlList<XmlNode>(reply[box]).map((entry) =>
    Object.fromEntries(Object.entries(entry).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)])),
  );
}
