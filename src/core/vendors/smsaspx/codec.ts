/**
 * Wire formats of the sms.aspx platform (华信/ipyy and its white-label resellers) beyond the
 * shared `<returnsms>` replies: the ResultCode table, the DES envelope of ensms.ashx, the
 * point-to-point body of BatchSms.ashx, the TMS container of mms.aspx, and the
 * WebService.asmx SOAP call.
 */
import { desCbcDecrypt, desCbcEncrypt, fromBase64, gunzip, gzip, md5Hex, toBase64 } from '../../crypto';
import { GatewayError, invalidInput } from '../../errors';
import { parseXml, xmlText, type XmlNode } from '../../xml';
import type { PasswordForm } from '../aspx/returnsms';

export const VENDOR_LABEL = 'sms.aspx platform';

/** 第十章 ResultCode定义. */
export const RESULT_CODES: Record<string, { name: string; text: string }> = {
  '1': { name: 'OK', text: '操作成功' },
  '1001': { name: 'ParamError', text: '参数错误' },
  '1002': { name: 'UserNameEmpty', text: '用户名为空' },
  '1003': { name: 'PasswordEmpty', text: '密码为空' },
  '1004': { name: 'UserNameError', text: '用户名错误' },
  '1005': { name: 'PasswordError', text: '密码错误' },
  '1006': { name: 'BindIpError', text: 'IP绑定错误' },
  '1007': { name: 'UserStop', text: '帐户已停用' },
  '1008': { name: 'UserIdError', text: 'UserId参数错误，该值必需要是数字，由供应商提供。' },
  '1009': { name: 'Text64Error', text: 'Text64参数错误，错误的可能有：不是有效的base64编码，Des解密失败，解析json时出错。' },
  '1010': { name: 'StampError', text: '时间戳错误，可能是格式不对，或是时间偏差太大（应该在5分钟以内）。' },
  '2001': { name: 'ContentEmpty', text: '内容为空' },
  '1103': { name: 'MsisdnEmpty', text: '手机号码为空' },
  '1104': { name: 'ExtNumberError', text: '扩展错误' },
  '2105': { name: 'ContentLong', text: '内容太长' },
  '1106': { name: 'NoChannel', text: '没有发送通道' },
  '2107': { name: 'SensitiveWords', text: '敏感词汇' },
  '1108': { name: 'MsisdnError', text: '错误的手机号码' },
  '1109': { name: 'MsisdnBlack', text: '黑名单的手机号码' },
  '1110': { name: 'MsisdnNoChannel', text: '没有通道的手机号码' },
  '1111': { name: 'AmountNotEnough', text: '额度不足' },
  '1112': { name: 'NoProduct', text: '没有配置产品' },
  '2113': { name: 'RequiredSuffix', text: '需要签名' },
  '2114': { name: 'SuffixError', text: '签名错误' },
  '3001': { name: 'SubjectEmpty', text: '主题为空' },
  '9999': { name: 'InternalError', text: '系统内部错误' },
};

// 1009: from our own client, Text64 fails to decrypt only when the password (the DES key) is wrong.
const AUTH_CODES = new Set(['1002', '1003', '1004', '1005', '1006', '1007', '1008', '1009', '1010']);

export function hintFor(code: string): string | undefined {
  if (code === '1006') return 'The gateway only accepts requests from whitelisted IP addresses: add this server\'s public IP in the vendor console.';
  if (code === '1009') return 'The gateway could not decrypt Text64: check the password, which is the DES key of ensms.ashx.';
  if (code === '1010') return 'The timestamp was refused: the clock of this host may be off by more than 5 minutes (Beijing time is computed from it).';
  if (code === '1004' || code === '1005') return 'Check the account and password, and the password form (MD5 upper, MD5 lower or plain) in the credential.';
  if (code === '2113' || code === '2114') return 'Content must end with a signature such as 【公司名】 (3 to 8 characters) registered with the vendor.';
  return undefined;
}

/** A ResultCode (ensms.ashx, templates) or a text message (sms.aspx XML) as a typed error. */
export function resultError(operation: string, codeOrName: string | undefined, text: string | undefined): GatewayError {
  // WebService.asmx answers with the table's names (PasswordError) where the others use numbers.
  const code = codeOrName && !/^-?\d+$/.test(codeOrName) ? (codeByName(codeOrName) ?? codeOrName) : codeOrName;
  const known = code ? RESULT_CODES[code] : undefined;
  const vendorText = text || known?.text || '';
  const inferredCode = code ?? codeFromText(vendorText);
  const auth = inferredCode ? AUTH_CODES.has(inferredCode) : /密码|用户名|帐户已停用|账户已停用/.test(vendorText);
  return new GatewayError(
    `${VENDOR_LABEL} refused ${operation}: ${vendorText || 'no reason given'}${inferredCode ? ` (${inferredCode}${known ? ' ' + known.name : ''})` : ''}`,
    {
      kind: auth ? 'authentication' : 'gateway',
      vendorCode: inferredCode,
      vendorText,
      sent: 'no',
      hint: inferredCode ? hintFor(inferredCode) : undefined,
    },
  );
}

function codeByName(name: string): string | undefined {
  return Object.entries(RESULT_CODES).find(([, entry]) => entry.name.toLowerCase() === name.toLowerCase())?.[0];
}

/**
 * The XML send reply has only a message; recover its ResultCode where the text is one of
 * the table's (servers append details such as the number after a colon).
 */
function codeFromText(text: string): string | undefined {
  if (text === '') return undefined;
  for (const [code, entry] of Object.entries(RESULT_CODES)) {
    if (code !== '1' && (text === entry.name || text.startsWith(entry.text))) return code;
  }
  if (text === '用户名或密码错误') return '1005';
  if (text === '用户名或密码不能为空') return '1002';
  return undefined;
}

export function passwordFor(form: PasswordForm, password: string): string {
  if (form === 'plain') return password;
  return md5Hex(password, form === 'md5upper' ? 'upper' : 'lower');
}

// ---- ensms.ashx: DES envelope -------------------------------------------------------

export interface EnsmsPayload {
  UserName: string;
  Secret: string;
  Stamp: string;
  /** Misspelt in the protocol itself. */
  Moblie: string;
  Text: string;
  Ext: string;
  SendTime: string;
}

/** Key = first 8 bytes of the password, right-padded with 0x00; IV = key. */
export function ensmsKey(password: string): Buffer {
  const key = Buffer.alloc(8);
  Buffer.from(password, 'utf8').copy(key, 0, 0, 8);
  return key;
}

export function ensmsSecret(password: string, stamp: string): string {
  return md5Hex(password + stamp, 'upper');
}

/**
 * Builds the JSON with its keys in the document's order (the worked example depends on it)
 * and encrypts it into Text64.
 */
export function ensmsText64(
  password: string,
  fields: { userName: string; stamp: string; mobiles: string; text: string; ext?: string; sendTime?: string },
): string {
  const payload: EnsmsPayload = {
    UserName: fields.userName,
    Secret: ensmsSecret(password, fields.stamp),
    Stamp: fields.stamp,
    Moblie: fields.mobiles,
    Text: fields.text,
    Ext: fields.ext ?? '',
    SendTime: fields.sendTime ?? '',
  };
  const key = ensmsKey(password);
  return toBase64(desCbcEncrypt(Buffer.from(JSON.stringify(payload), 'utf8'), key, key));
}

/** The gateway's side of ensms.ashx, used by the sandbox and by tests. */
export function openEnsmsText64(password: string, text64: string): EnsmsPayload {
  const key = ensmsKey(password);
  const plain = desCbcDecrypt(fromBase64(text64, 'Text64'), key, key);
  return JSON.parse(plain.toString('utf8')) as EnsmsPayload;
}

// ---- BatchSms.ashx: point-to-point ---------------------------------------------------

/**
 * The document asks for CR and LF inside a message to be escaped, without saying how;
 * we send them as the two-character sequences `\r` and `\n` (and a backslash as `\\`),
 * which the platform's .NET reader turns back (see the closing note on this doubt).
 */
export function escapeLineBreaks(content: string): string {
  return content.replace(/\\/g, '\\\\').replace(/\r/g, '\\r').replace(/\n/g, '\\n');
}

export function unescapeLineBreaks(content: string): string {
  return content.replace(/\\(\\|r|n)/g, (_, ch: string) => (ch === 'r' ? '\r' : ch === 'n' ? '\n' : '\\'));
}

/** `mobile,content` lines joined by CRLF, gzipped, base64 (the caller URL-encodes it in the form). */
export function batchSmsContent(messages: Array<{ mobile: string; content: string }>): string {
  const seen = new Set<string>();
  for (const [index, message] of messages.entries()) {
    if (seen.has(message.mobile)) {
      throw invalidInput(`messages[${index}].mobile`, 'must not repeat a number within one point-to-point batch', message.mobile);
    }
    seen.add(message.mobile);
  }
  const lines = messages.map((m) => `${m.mobile},${escapeLineBreaks(m.content)}`).join('\r\n');
  return toBase64(gzip(Buffer.from(lines, 'utf8')));
}

export function readBatchSmsContent(content: string): Array<{ mobile: string; content: string }> {
  const text = gunzip(fromBase64(content, 'content')).toString('utf8');
  return text
    .split('\r\n')
    .filter((line) => line !== '')
    .map((line) => {
      const comma = line.indexOf(',');
      return { mobile: line.slice(0, comma), content: unescapeLineBreaks(line.slice(comma + 1)) };
    });
}

// ---- mms.aspx: TMS container ---------------------------------------------------------

export interface TmsPart {
  fileName: string;
  data: Buffer;
}

/** For each part: ASCII file name, one 0x00, a little-endian uint32 length, the bytes. */
export function buildTms(parts: TmsPart[]): Buffer {
  const pieces: Buffer[] = [];
  for (const [index, part] of parts.entries()) {
    if (!/^[\x21-\x7e]+$/.test(part.fileName)) {
      throw invalidInput(`frames[${index}].fileName`, 'must be plain ASCII without spaces', part.fileName);
    }
    const length = Buffer.alloc(4);
    length.writeUInt32LE(part.data.length);
    pieces.push(Buffer.from(part.fileName, 'ascii'), Buffer.from([0]), length, part.data);
  }
  return Buffer.concat(pieces);
}

export function parseTms(container: Buffer): TmsPart[] {
  const parts: TmsPart[] = [];
  let offset = 0;
  while (offset < container.length) {
    const end = container.indexOf(0, offset);
    if (end < 0 || end + 5 > container.length) throw new Error(`TMS: truncated file name at byte ${offset}`);
    const fileName = container.subarray(offset, end).toString('ascii');
    const length = container.readUInt32LE(end + 1);
    const start = end + 5;
    if (start + length > container.length) throw new Error(`TMS: ${fileName} runs past the end of the container`);
    parts.push({ fileName, data: container.subarray(start, start + length) });
    offset = start + length;
  }
  return parts;
}

// ---- WebService.asmx SendSms ------------------------------------------------------------

export const WEBSERVICE_NAMESPACE = 'http://tempuri.org/';

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function webServiceSendSmsEnvelope(fields: {
  userName: string;
  password: string;
  mobiles: string;
  content: string;
  planSendTime?: string;
  extNumber?: string;
}): string {
  const planSendTime = fields.planSendTime ? `<PlanSendTime>${escapeXml(fields.planSendTime)}</PlanSendTime>` : '';
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">' +
    `<soap:Body><SendSms xmlns="${WEBSERVICE_NAMESPACE}">` +
    `<userName>${escapeXml(fields.userName)}</userName><password>${escapeXml(fields.password)}</password>` +
    `<sms><Msisdns>${escapeXml(fields.mobiles)}</Msisdns><SMSContent>${escapeXml(fields.content)}</SMSContent>` +
    `${planSendTime}<ExtNumber>${escapeXml(fields.extNumber ?? '')}</ExtNumber></sms>` +
    '</SendSms></soap:Body></soap:Envelope>'
  );
}

export interface WebServiceSendResult {
  statusCode: string;
  description: string;
  msgId: string;
  amount?: number;
  successCounts?: number;
  billingCount?: number;
  errors: string[];
  raw: XmlNode;
}

export function readWebServiceSendResult(text: string): WebServiceSendResult {
  const doc = parseXml(text, { arrays: ['string'] });
  const body = (doc.Envelope as XmlNode | undefined)?.Body as XmlNode | undefined;
  const fault = body?.Fault as XmlNode | undefined;
  if (fault) {
    throw new GatewayError(`${VENDOR_LABEL} WebService fault: ${xmlText(fault.faultstring)}`, {
      kind: 'gateway',
      vendorCode: xmlText(fault.faultcode),
      vendorText: xmlText(fault.faultstring),
    });
  }
  const result = ((body?.SendSmsResponse as XmlNode | undefined)?.SendSmsResult ?? {}) as XmlNode;
  const num = (value: unknown) => {
    const n = Number(xmlText(value));
    return xmlText(value) === '' || !Number.isFinite(n) ? undefined : n;
  };
  const errors = result.Errors as XmlNode | undefined;
  return {
    statusCode: xmlText(result.StatusCode).trim(),
    description: xmlText(result.Description).trim(),
    msgId: xmlText(result.MsgId).trim(),
    amount: num(result.Amount),
    successCounts: num(result.SuccessCounts),
    billingCount: num(result.BillingCount),
    errors: errors && typeof errors === 'object' ? ((errors.string as unknown[]) ?? []).map(xmlText) : [],
    raw: result,
  };
}

// ---- freeTemplate.aspx ---------------------------------------------------------------

/**
 * Template rules (9.1): `@` stands for up to 20 characters of variable text, may appear
 * many times, at most 5 in a row.
 */
export function checkTemplateText(field: string, template: string): void {
  if (!template.includes('@')) throw invalidInput(field, 'must contain at least one @ placeholder for the variable text');
  if (/@{6,}/.test(template)) throw invalidInput(field, 'must not have more than 5 @ in a row');
}

/** Freetemplate status: 1 enabled, 2 disabled, 3 under review, 4 returned. */
export function templateStateOf(status: string): 'approved' | 'disabled' | 'pending' | 'rejected' | 'unknown' {
  return ({ '1': 'approved', '2': 'disabled', '3': 'pending', '4': 'rejected' } as const)[status] ?? 'unknown';
}
