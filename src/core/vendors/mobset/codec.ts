/**
 * Mobset's code tables and endpoint rules, shared by the SOAP WebService and HTTP SDK3.
 * The two documents' error tables mostly agree; where one code means different things
 * (-106), each protocol reads its own table.
 */
import { encodeText, gbkCannotCarry, writeGbkLines } from '../../charset';
import { GatewayError, invalidInput } from '../../errors';
import type { DeliveryStatus, RecipientResult, TaskState } from '../../model';

export const VENDOR_LABEL = 'Mobset';

/** 错误代码汇总表 common to both documents. */
const COMMON_ERRORS: Record<string, string> = {
  '-199': '未定义错误',
  '-198': '内部异常1',
  '-197': '内部异常2',
  '-190': '系统繁忙1',
  '-189': '系统繁忙2',
  '-102': '请求参数不完整或有误',
  '-103': '帐号不存在',
  '-104': '帐号权限不足',
  '-105': '帐号验证失败',
  '-107': '企业不存在或状态异常',
  '-108': '校验用户产生异常',
  '-109': '校验用户失败',
  '-110': '短信内容长度不符合要求',
  '-111': '没有发送短信权限',
  '-112': '目标号码数量不符合要求',
  '-123': '企业状态异常',
  '-124': '用户权限不足',
  '-125': '企业已过期',
  '-126': '超出当天最大发送量',
  '-127': '不支持当前时段发送',
  '-128': '企业余额不足以支持本次发送',
  '-129': '用户余额不足以支持本次发送',
  '-130': '代理商余额不足以支持本次发送',
  '-131': '代理商状态异常',
  '-139': '提交短信未知异常',
  '-141': '取短信余额失败',
  '-201': '彩信标题不能为空',
  '-202': 'SmilType参数错误',
  '-203': '彩信文件包数量错误',
  '-204': '不能上传空的彩信文件',
  '-205': '彩信文件超出限制',
  '-206': '生成彩信文件ID失败',
  '-207': '创建彩信文件失败',
  '-211': '彩信文件ID不正确',
  '-212': '彩信文件ID不存在',
  '-213': '彩信文件状态异常',
  '-214': '彩信文件已损坏',
  '-220': '彩信文件ID不正确',
  '-221': '没有发送彩信权限',
  '-222': '目标号码数量不符合要求',
  '-230': '彩信文件ID不正确',
  '-231': '彩信文件ID不存在',
  '-232': '用户状态异常',
  '-233': '企业状态异常',
  '-234': '用户权限不足',
  '-235': '企业已过期',
  '-236': '超出当天最大发送量',
  '-237': '不支持此时段发送',
  '-238': '企业余额不足以支持本次发送',
  '-239': '用户余额不足以支持本次发送',
  '-240': '代理商余额不足以支持本次发送',
  '-241': '代理商状态异常',
  '-249': '提交彩信未知异常',
  '-311': '号码文件描述过长',
  '-312': '没有操作批量文件权限',
  '-313': '号码文件大小异常',
  '-314': '号码文件数量已达上限',
  '-315': '申请新的号码文件ID错误',
  '-316': '创建号码文件错误',
  '-317': '上传的号码文件格式有误',
  '-321': '没有操作批量文件权限',
  '-322': '号码文件ID不存在',
  '-323': '号码文件使用中',
  '-324': '删除号码文件异常',
  '-331': '短信内容长度不符合要求',
  '-332': '没有操作批量任务权限',
  '-333': '定时时间不能超1个月',
  '-334': '待发短信任务数量已达上限',
  '-335': '号码文件数量有误',
  '-336': '无有效的号码或号码文件',
  '-337': '添加新短信任务失败',
  '-341': '没有操作批量任务权限',
  '-342': '短信任务ID不存在',
  '-351': '没有操作批量任务权限',
  '-352': '短信任务ID不存在',
  '-353': '短信任务停止失败',
  '-354': '短信任务所处状态不能停止',
  '-355': '短信任务启动失败',
  '-356': '短信任务所处状态不能启动',
  '-361': '彩信文件ID不存在',
  '-362': '没有操作批量任务权限',
  '-363': '定时时间不能超1个月',
  '-364': '待发彩信任务数量已达上限',
  '-365': '号码文件数量有误',
  '-366': '无有效的号码或号码文件',
  '-367': '添加新彩信任务失败',
  '-371': '没有操作批量任务权限',
  '-372': '彩信任务ID不存在',
  '-381': '没有操作批量任务权限',
  '-382': '彩信任务ID不存在',
  '-383': '彩信任务停止失败',
  '-384': '彩信任务所处状态不能停止',
  '-385': '彩信任务启动失败',
  '-386': '彩信任务所处状态不能启动',
};

/** 5.1 of the WebService document: what it adds or reads differently. */
export const SOAP_ERRORS: Record<string, string> = {
  ...COMMON_ERRORS,
  '-299': '未定义错误',
  '-188': '请求太频繁',
  '-101': '非法访问IP',
  '-106': '企业未开通彩信功能',
  '-122': '用户状态异常',
  '-151': '手机号码为空或格式不正确',
};

/** 6. 错误代码汇总表 of the SDK3 document, with its template and signature codes. */
export const SDK3_ERRORS: Record<string, string> = {
  ...COMMON_ERRORS,
  '-229': '未定义错误',
  '-191': 'Method不存在',
  // The SDK3 table lists -106 twice: 企业未开通彩信功能 and 非法访问IP. Its callers meet the IP one.
  '-106': '非法访问IP',
  '-132': '无短信签名或签名不符合规范',
  '-133': '签名未报备或签名未审核通过',
  '-142': '短信ID(SmsID)不存在或不属于此用户',
  '-143': '短信ID(SmsID)数量超出每次处理限额',
  '-144': '取消短信未知异常',
  '-338': '无短信签名或签名不符合规范',
  '-339': '签名未报备或签名未审核通过',
  '-501': '短信模板类型有误',
  '-502': '短信模板名称长度不符合要求',
  '-503': '短信模板内容长度不符合要求',
  '-504': '没有发送短信权限，不能添加短信模板',
  '-505': '短信模板名称已存在',
  '-506': '添加短信模板失败',
  '-507': '短信模板ID不存在',
  '-508': '修改短信模板失败',
  '-509': '删除短信模板失败',
  '-510': '模板参数不能包含链接',
  '-511': '短信模板ID不存在或未审核通过',
  '-512': '短信模板数量已达上限',
  '-513': '模板参数值长度超过限制',
  '-601': '申请类型有误',
  '-602': '签名类型有误',
  '-603': '签名归属类型有误',
  '-604': '证明文件类型有误',
  '-605': '证明文件过大',
  '-606': '签名长度有误',
  '-607': '权限不足，不能操作操作',
  '-608': '签名Id不存在',
  '-609': '签名申请过多',
  '-610': '已存在相同签名',
  '-611': '添加短信签名失败',
};

const AUTH_CODES = new Set(['-101', '-103', '-104', '-105', '-107', '-108', '-109']);
const BUSY_CODES = new Set(['-188', '-189', '-190']);

/** A negative Mobset code as a typed error, with a hint where the cause is usually on our side. */
export function mobsetError(
  protocol: 'soap' | 'sdk3',
  operation: string,
  code: string | number,
  message: string | undefined,
  account: string,
): GatewayError {
  const codeText = String(code);
  const table = protocol === 'soap' ? SOAP_ERRORS : SDK3_ERRORS;
  const vendorText = message?.trim() || table[codeText] || '';
  const ipCode = protocol === 'soap' ? '-101' : '-106';
  const auth = AUTH_CODES.has(codeText) || codeText === ipCode;
  let hint: string | undefined;
  if (codeText === '-105' || codeText === '-109') {
    hint = `Check CorpID, LoginName and password of ${account}. The signature uses Beijing time: this host's clock must be within 20 minutes of it. If the account expects 10-digit timestamps, change the timestamp setting.`;
  } else if (codeText === ipCode) {
    hint = 'This server\'s public IP is not on the account\'s whitelist: add it in the Mobset console.';
  } else if (codeText === '-132' || codeText === '-133' || codeText === '-338' || codeText === '-339') {
    hint = 'The content needs a registered signature such as 【公司名】; query it with Get Signature.';
  }
  return new GatewayError(`${VENDOR_LABEL} refused ${operation} for ${account}: ${vendorText || 'no reason given'} (${codeText})`, {
    kind: auth ? 'authentication' : BUSY_CODES.has(codeText) ? 'rateLimited' : 'gateway',
    vendorCode: codeText,
    vendorText,
    retryable: BUSY_CODES.has(codeText),
    sent: 'no',
    hint,
  });
}

/** 短信/彩信状态码汇总表, in the common vocabulary. */
export const REPORT_STATUS: Record<string, { text: string; status: DeliveryStatus }> = {
  '0': { text: '提交成功', status: 'pending' },
  '1': { text: '审核中', status: 'pending' },
  '2': { text: '提交失败', status: 'failed' },
  '3': { text: '提交失败', status: 'failed' },
  '4': { text: '提交失败', status: 'failed' },
  '5': { text: '提交失败', status: 'failed' },
  '6': { text: '号码不支持', status: 'rejected' },
  '7': { text: '审核失败', status: 'rejected' },
  '10': { text: '发送成功', status: 'pending' },
  '11': { text: '发送失败', status: 'failed' },
  '12': { text: '接收成功', status: 'delivered' },
  '13': { text: '接收失败', status: 'failed' },
  '15': { text: '未知状态', status: 'unknown' },
};

export function reportStatus(code: string): { text: string; status: DeliveryStatus } {
  return REPORT_STATUS[code] ?? { text: '', status: 'unknown' };
}

/** 批量任务状态码汇总表. */
export const TASK_STATUS: Record<string, { text: string; state: TaskState }> = {
  '0': { text: '正在上传', state: 'pending' },
  '1': { text: '待发送', state: 'pending' },
  '2': { text: '审核中', state: 'pending' },
  '3': { text: '审核失败', state: 'failed' },
  '4': { text: '正在发送', state: 'running' },
  '5': { text: '余额不足', state: 'stopped' },
  '6': { text: '强制停止', state: 'stopped' },
  '7': { text: '发送完成', state: 'finished' },
  '8': { text: '用户审核', state: 'pending' },
  '9': { text: '用户审核2', state: 'pending' },
  '10': { text: '用户审核失败', state: 'failed' },
};

/** Tasks that Task_*Stop accepts (1, 2, 4, 5, 8, 9) and Task_*Start accepts (5, 6). */
export const TASK_STOPPABLE = new Set(['1', '2', '4', '5', '8', '9']);
export const TASK_STARTABLE = new Set(['5', '6']);

export type MobsetPlatform = 1 | 2 | 3;

/** The platform a CorpID belongs to: 1xxxxx, 2xxxxx, 3xxxxx. */
export function platformOf(corpId: string): MobsetPlatform | undefined {
  if (!/^\d{6}$/.test(corpId)) return undefined;
  const first = Number(corpId[0]);
  return first >= 1 && first <= 3 ? (first as MobsetPlatform) : undefined;
}

function host(platform: MobsetPlatform): string {
  return platform === 1 ? 'sms.mobset.com' : `sms${platform}.mobset.com`;
}

/** SOAP on :8080/Api; SDK3 on :8095/SDK3/Sms, HTTPS on :843/SDK3/SMS. */
export function defaultSoapUrl(platform: MobsetPlatform): string {
  return `http://${host(platform)}:8080/Api`;
}

export function defaultSdk3Url(platform: MobsetPlatform, https: boolean): string {
  return https ? `https://${host(platform)}:843/SDK3/SMS` : `http://${host(platform)}:8095/SDK3/Sms`;
}

/**
 * A number file for Task_UpFile: one number a line, optionally `,memo` for the %Memo%
 * placeholder (the memo may hold neither a comma nor a line break), lines joined by CRLF.
 * Produced as GBK chunks, with no object per number: files run to a million lines.
 * The document says ASCII; memos are Chinese names in practice (郭先生), and the platform is a
 * Windows service that reads text files as GBK.
 */
export class NumberFileWriter {
  /** Lines taken into one GBK chunk: small enough that what building it leaves behind dies young. */
  static readonly LINES_PER_CHUNK = 2_000;
  private pending: string[] = [];
  private chunks = 0;
  private scratch = Buffer.alloc(0);
  count = 0;

  /** Called with each GBK chunk as it is complete. */
  constructor(private readonly onChunk: (chunk: Buffer) => void) {}

  add(mobile: string, memo: string | undefined, index: number): void {
    if (memo !== undefined && memo !== '') {
      if (/[,\r\n]/.test(memo)) throw invalidInput(`numbers[${index}].memo`, 'must not contain a comma or a line break');
      const lost = gbkCannotCarry(memo);
      // iconv-lite would write '?' for it: the platform reads the file as GBK.
      if (lost >= 0) {
        throw invalidInput(`numbers[${index}].memo`, 'must hold only characters GBK can carry (the platform reads number files as GBK)', String.fromCodePoint(memo.codePointAt(lost)!));
      }
    }
    this.pending.push(memo === undefined || memo === '' ? mobile : `${mobile},${memo}`);
    this.count++;
    if (this.pending.length >= NumberFileWriter.LINES_PER_CHUNK) this.flush();
  }

  /**
   * Lines already in the file's form (`mobile` or `mobile,memo`), text[start, end) joined by
   * LF, as a chunk of their own written straight to GBK with CRLF. The chunk lives in a buffer
   * the next run writes over: take it before adding more (the upload encodes each chunk to
   * base64 as it comes). False, with nothing written, for a run holding a character the table
   * does not take: the caller adds its lines one by one, so that one GBK cannot carry is named.
   */
  addRun(text: string, start: number, end: number, lines: number): boolean {
    this.flush();
    const room = 2 + 2 * (end - start);
    if (this.scratch.length < room) this.scratch = Buffer.allocUnsafe(Math.max(room, 2 * this.scratch.length));
    const lead = this.chunks > 0 ? this.scratch.write('\r\n', 0, 'latin1') : 0;
    const stop = writeGbkLines(text, start, end, this.scratch, lead);
    if (stop < 0) return false;
    this.chunks++;
    this.count += lines;
    this.onChunk(this.scratch.subarray(0, stop));
    return true;
  }

  flush(): void {
    if (this.pending.length === 0) return;
    const text = (this.chunks++ > 0 ? '\r\n' : '') + this.pending.join('\r\n');
    this.pending = [];
    this.onChunk(encodeText(text, 'gbk'));
  }
}

/**
 * The base64 of chunks whose concatenation is the file, as pieces of text, carrying the 0-2
 * bytes that do not fill a 3-byte group into the next chunk. Pieces stay under 64 KB and no
 * chunk is copied, so what they leave behind dies young (a million-line file: 25 MB of
 * base64 would otherwise pile up as large objects until a full collection).
 */
export function* base64Pieces(chunks: Iterable<Buffer>): Generator<string> {
  const PIECE = 3 * 16 * 1024;
  let carry: Buffer = Buffer.alloc(0);
  for (const chunk of chunks) {
    let rest = chunk;
    if (carry.length > 0) {
      const need = Math.min(3 - carry.length, rest.length);
      carry = Buffer.concat([carry, rest.subarray(0, need)]);
      rest = rest.subarray(need);
      if (carry.length < 3) continue;
      yield carry.toString('base64');
    }
    const usable = rest.length - (rest.length % 3);
    for (let at = 0; at < usable; at += PIECE) yield rest.subarray(at, Math.min(at + PIECE, usable)).toString('base64');
    carry = Buffer.from(rest.subarray(usable));
  }
  if (carry.length > 0) yield carry.toString('base64');
}

export function base64Length(bytes: number): number {
  return Math.ceil(bytes / 3) * 4;
}

/**
 * One number of an accepted send, from the id Mobset gave it (SDK3 SmsId, SOAP SmsID or MmsID;
 * undefined when the reply's list does not mention the number). A positive id is the message;
 * 0 is a number the gateway refused ("如处理失败则SmsId返回0"), and a negative id one of its
 * error codes. Anything else (no entry, an empty or unreadable id) is not a refusal: the request
 * went through, so the number may have been sent, and marking it failed would invite sending it
 * again and paying twice.
 */
export function resultFromId(mobile: string, id: string | undefined, idName: string): RecipientResult {
  if (id === undefined) {
    return { mobile, status: 'unknown', error: { message: 'Mobset accepted the request but its reply does not mention this number', sent: 'maybe' } };
  }
  const value = id.trim() === '' ? Number.NaN : Number(id);
  if (value > 0) return { mobile, status: 'accepted', messageId: id };
  if (Number.isInteger(value)) {
    return { mobile, status: 'failed', error: { code: value < 0 ? id : undefined, message: `Mobset did not accept this number (${idName} ${id})`, sent: 'no' } };
  }
  return { mobile, status: 'unknown', error: { message: `Mobset accepted the request but gave this number no usable ${idName} (${id === '' ? 'empty' : id})`, sent: 'maybe' } };
}
