/**
 * Emay (亿美软通) EUCP wire formats: the secure interface's envelope (JSON, optional gzip,
 * AES/ECB/PKCS5 with the secretKey's own bytes), the simple interface's md5 sign, the code
 * and report-state tables, and the push payloads. Everything Emay-specific about bytes lives
 * here.
 */
import { aesEcbDecrypt, aesEcbEncrypt, gunzip, gzip, isGzip, md5Hex } from '../../crypto';
import { GatewayError } from '../../errors';
import type { DeliveryReport, DeliveryStatus, InboundMessage } from '../../model';
import { parseBeijing } from '../../time';

export const VENDOR_LABEL = 'Emay';

/** The secretKey's bytes are the AES key: 16, 24 or 32 of them. */
export function emayKey(secretKey: string): Buffer {
  const key = Buffer.from(secretKey, 'utf8');
  if (![16, 24, 32].includes(key.length)) {
    throw new GatewayError(`secretKey: must be 16, 24 or 32 bytes long for AES (it is ${key.length} bytes)`, {
      kind: 'configuration',
      field: 'secretKey',
      rule: 'must be 16, 24 or 32 bytes long',
      sent: 'no',
    });
  }
  return key;
}

/** JSON → bytes → gzip (when on) → AES. */
export function sealEmay(payload: unknown, key: Buffer, useGzip: boolean): Buffer {
  const bytes = Buffer.from(JSON.stringify(payload), 'utf8');
  return aesEcbEncrypt(useGzip ? gzip(bytes) : bytes, key);
}

/** AES → gunzip (when gzipped) → JSON. Throws when the bytes are not ours. */
export function openEmay(body: Buffer, key: Buffer, gzipped?: boolean): unknown {
  let plain: Buffer;
  try {
    plain = aesEcbDecrypt(body, key);
  } catch (cause) {
    throw new GatewayError('The Emay payload could not be decrypted with this secretKey', { kind: 'badReply', vendorCode: 'ERROR_ENCRYPTION', cause });
  }
  if (gzipped ?? isGzip(plain)) {
    try {
      plain = gunzip(plain);
    } catch (cause) {
      throw new GatewayError('The Emay payload is not valid gzip', { kind: 'badReply', cause });
    }
  }
  try {
    return JSON.parse(plain.toString('utf8'));
  } catch (cause) {
    throw new GatewayError('The Emay payload is not JSON', { kind: 'badReply', cause });
  }
}

/** Simple interface and retrieveReport: sign = md5(appId + secretKey + timestamp), lower case. */
export function emaySign(appId: string, secretKey: string, timestamp: string): string {
  return md5Hex(appId + secretKey + timestamp, 'lower');
}

/** 3 接口状态码表. */
export const RESULT_CODES: Record<string, string> = {
  SUCCESS: '成功',
  ERROR_APPID: 'AppId错误',
  ERROR_NO_VOICE_SERVICE: '语音服务未开启',
  ERROR_ENCRYPTION: '解密失败',
  ERROR_PARAMS: '请求参数错误',
  ERROR_REQUEST_NO_VALID: '请求超时',
  ERROR_CLIENT_IP: '不识别的Ip',
  ERROR_OVER_SPEED: '请求超速',
  ERROR_MOBILE_EMPTY: '手机号为空',
  ERROR_MOBILE_NUMBER: '号码数量过多',
  ERROR_MOBILE_ERROR: '手机号码错误',
  ERROR_CONTENT_EMPTY: '短信内容为空',
  ERROR_SMS_TIME: '定时时间过早或过久',
  ERROR_CUSTOM_SMSID: '自定义消息ID过长',
  ERROR_EXTENDED_CODE: '扩展码错误',
  ERROR_LONG_CONTENT: '短信内容过长',
  ERROR_VOICE_CONTENT: '语音验证码格式错误',
  ERROR_BALANCE: '余额不足',
  ERROR_TIMESTAMP: '时间戳错误',
  ERROR_SIGN: '签名错误',
  ERROR_NO_RETRIEVE_SERVICE: '未开通重新获取状态报告服务',
  ERROR_REPORT_TIME: '状态报告时间错误',
  ERROR_TOO_MUCH_SMSIDS: 'SMSID过多',
};

const AUTH = new Set(['ERROR_APPID', 'ERROR_ENCRYPTION', 'ERROR_CLIENT_IP', 'ERROR_SIGN', 'ERROR_TIMESTAMP', 'ERROR_REQUEST_NO_VALID']);

export function emayError(operation: string, code: string, appId: string): GatewayError {
  const text = RESULT_CODES[code] ?? '';
  let hint: string | undefined;
  if (code === 'ERROR_REQUEST_NO_VALID' || code === 'ERROR_TIMESTAMP') {
    hint = 'The request time was refused: the clock of this host may be off (requestTime/timestamp must be current), or the request was replayed after its validity period.';
  } else if (code === 'ERROR_CLIENT_IP') {
    hint = 'This server\'s public IP is not bound to the appId: add it in the Emay console.';
  } else if (code === 'ERROR_ENCRYPTION' || code === 'ERROR_SIGN') {
    hint = 'Check the secretKey for this appId.';
  }
  return new GatewayError(`${VENDOR_LABEL} refused ${operation} for appId ${appId}: ${text || code} (${code})`, {
    kind: AUTH.has(code) ? 'authentication' : code === 'ERROR_OVER_SPEED' ? 'rateLimited' : 'gateway',
    vendorCode: code,
    vendorText: text || undefined,
    retryable: code === 'ERROR_OVER_SPEED',
    sent: 'no',
    hint,
  });
}

/** 4 状态报告状态码表 in the common vocabulary; the raw state is always kept. */
export const REPORT_STATES: Record<string, { text: string; status: DeliveryStatus }> = {
  DELIVRD: { text: '成功', status: 'delivered' },
  TIMEOUT: { text: '运营商状态报告超时', status: 'expired' },
  FAIL_BALANCE: { text: '余额不足', status: 'failed' },
  FAIL_MOBILE: { text: '手机号错误', status: 'failed' },
  FAIL_MOBILE_SUPPORT: { text: '手机号不支持', status: 'failed' },
  FAIL_MOBILE_REPEAT: { text: '手机号重复', status: 'rejected' },
  FAIL_AUDITING_REFUSED: { text: '审核拒绝', status: 'rejected' },
  FAIL_BLACK_LIST: { text: '黑名单失败', status: 'rejected' },
  FAIL_BLACK_DICT: { text: '黑字典失败', status: 'rejected' },
  FAIL_UNSUBSCRIBE: { text: '用户退订', status: 'rejected' },
  FAIL_WHITE_LIST: { text: '白名单失败', status: 'rejected' },
  FAIL_INTERCEPT: { text: '拦截失败', status: 'rejected' },
  FAIL_SIGN: { text: '签名错误', status: 'rejected' },
  FAIL_SEND_FILTER: { text: '发送频率过快', status: 'rejected' },
  FAIL_RESPONSE: { text: '运营商响应失败', status: 'failed' },
  FAIL_UNKNOW: { text: '未知失败', status: 'failed' },
};

type Json = Record<string, unknown>;

/** The document's own examples spell `"receiveTime "` with a trailing space: trim every key. */
export function trimKeys(entry: unknown): Json {
  if (!entry || typeof entry !== 'object') return {};
  // Copied only when a key needs it, and looked at without a list of keys: a 100,000-recipient
  // send matches 100,000 entries.
  let clean = true;
  for (const k in entry) {
    if (k.length > 0 && (k.charCodeAt(k.length - 1) <= 0x20 || k.charCodeAt(0) <= 0x20)) {
      clean = false;
      break;
    }
  }
  if (clean) return entry as Json;
  const out: Json = {};
  for (const [k, v] of Object.entries(entry)) out[k.trim()] = v;
  return out;
}

const s = (v: unknown) => (v === undefined || v === null ? '' : String(v));

export function toReport(raw: unknown): DeliveryReport {
  const entry = trimKeys(raw);
  const state = s(entry.state);
  const known = REPORT_STATES[state];
  return {
    vendor: 'emay',
    mobile: s(entry.mobile),
    messageId: s(entry.smsId) || undefined,
    customId: s(entry.customSmsId) || undefined,
    status: known?.status ?? (state.startsWith('FAIL') ? 'failed' : 'unknown'),
    vendorStatus: state,
    vendorText: s(entry.desc) || known?.text,
    submittedAt: parseBeijing(s(entry.submitTime)),
    deliveredAt: parseBeijing(s(entry.receiveTime)),
    extension: s(entry.extendedCode) || undefined,
    raw,
  };
}

export function toInbound(raw: unknown): InboundMessage {
  const entry = trimKeys(raw);
  return {
    vendor: 'emay',
    mobile: s(entry.mobile),
    content: s(entry.content),
    receivedAt: parseBeijing(s(entry.moTime)),
    extension: s(entry.extendedCode) || undefined,
    raw,
  };
}

export const PUSH_ACCEPTED = 'success';

export interface EmayPush {
  reports: DeliveryReport[];
  inbound: InboundMessage[];
}

/**
 * 2.3 推送: checks the `appId` header against the credential, then decodes either an
 * encrypted body (AES of gzip of a JSON array) or plain form fields `reports` / `mos`.
 * Throws on anything else; only a decoded push may be answered `success`.
 */
export function decodeEmayPush(
  request: { headers: Record<string, string | string[] | undefined>; body: Buffer },
  credentials: { appId: string; secretKey: string },
): EmayPush {
  const header = request.headers.appid ?? request.headers.appId ?? request.headers.APPID;
  const appId = Array.isArray(header) ? header[0] : header;
  if (appId !== credentials.appId) {
    throw new GatewayError(`The push carries appId ${appId ?? '(none)'}, not this credential's`, { kind: 'authentication', vendor: VENDOR_LABEL });
  }
  const contentType = String(request.headers['content-type'] ?? '');
  let entries: unknown;
  let kind: 'reports' | 'mos' | undefined;
  if (contentType.includes('application/x-www-form-urlencoded')) {
    const form = new URLSearchParams(request.body.toString('utf8'));
    kind = form.has('reports') ? 'reports' : form.has('mos') ? 'mos' : undefined;
    if (!kind) throw new GatewayError('The plain push has neither reports nor mos', { kind: 'badReply', vendor: VENDOR_LABEL });
    try {
      entries = JSON.parse(form.get(kind) ?? '');
    } catch (cause) {
      throw new GatewayError(`The plain push's ${kind} field is not JSON`, { kind: 'badReply', vendor: VENDOR_LABEL, cause });
    }
  } else {
    entries = openEmay(request.body, emayKey(credentials.secretKey));
  }
  if (!Array.isArray(entries) || entries.length === 0) {
    throw new GatewayError('The push holds no list of reports or replies', { kind: 'badReply', vendor: VENDOR_LABEL });
  }
  const isReport = (e: unknown) => 'state' in trimKeys(e);
  const isMo = (e: unknown) => 'content' in trimKeys(e) && !isReport(e);
  if (kind === 'reports' || (kind === undefined && entries.every(isReport))) {
    if (!entries.every(isReport)) throw new GatewayError('A pushed report has no state', { kind: 'badReply', vendor: VENDOR_LABEL });
    return { reports: entries.map(toReport), inbound: [] };
  }
  if (!entries.every(isMo)) throw new GatewayError('A pushed reply has no content', { kind: 'badReply', vendor: VENDOR_LABEL });
  return { reports: [], inbound: entries.map(toInbound) };
}
