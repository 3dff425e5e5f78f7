/**
 * The sms.aspx platform as its live servers behave: `Faild` on failure, `Sucess` in overage
 * replies, CDATA around errorcode and extno, unpadded report times, MD5-upper passwords,
 * the ResultCode table, the DES envelope and the sending rules of the document's preface.
 */
import { decodeText, encodeText } from '../../core/charset';
import { md5Hex } from '../../core/crypto';
import type { VendorId } from '../../core/model';
import { isMainlandMobile } from '../../core/phone';
import { countCharacters, hasSignature, smsParts } from '../../core/segments';
import { formatBeijing, parseBeijing } from '../../core/time';
import { parseXml, xmlText, type XmlNode } from '../../core/xml';
import {
  openEnsmsText64,
  parseTms,
  readBatchSmsContent,
  RESULT_CODES,
} from '../../core/vendors/smsaspx/codec';
import { field, type Protocol, type PushDeliverer, requestFields, type SandboxReply, type SandboxRequest, xmlEscape } from '../http';
import { MAGIC_NUMBERS, maskFields, type SandboxAccount, type SandboxMessage, type SandboxState } from '../state';

const VENDOR: VendorId = 'smsaspx';
const SENSITIVE_WORDS = ['法轮', '赌博', '代开发票'];
/** 发送规则: at most 3 verification codes in 3 minutes and 10 messages a day per number. */
export const SENDING_RULES = { codesPerThreeMinutes: 3, messagesPerDay: 10 };

type Fields = Record<string, string>;

interface TemplateRecord {
  id: string;
  login: string;
  template: string;
  status: number;
  decideAt: number;
}

function xmlReply(status: number, body: string, log: SandboxReply['log'], charset = 'utf-8'): SandboxReply {
  const xml = `<?xml version="1.0" encoding="${charset}" ?>\n${body}`;
  return {
    status,
    // smsGBK.aspx answers in the charset it declares, as the live servers do.
    headers: { 'content-type': `text/xml; charset=${charset}` },
    body: charset === 'utf-8' ? xml : encodeText(xml, 'gbk'),
    log,
  };
}

function jsonReply(body: unknown, log: SandboxReply['log']): SandboxReply {
  return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body), log };
}

/** A live server's time: not zero-padded (2013-9-17 17:38:08). */
function liveTime(at: number): string {
  const padded = formatBeijing(new Date(at), 'dateTime');
  return padded.replace(/-0(\d)/g, '-$1');
}

function taskId(state: SandboxState): string {
  // 16 digits like the document's 1504080852350206: yyMMddHHmmss and a counter.
  return formatBeijing(new Date(), 'compact14').slice(2) + state.nextId().slice(-4);
}

interface Auth {
  account?: SandboxAccount;
  error?: { code: string; text: string };
}

function authenticate(state: SandboxState, fields: Fields, vendor: VendorId = VENDOR): Auth {
  const login = field(fields, 'account');
  const password = field(fields, 'password');
  if (login === '' || password === '') return { error: { code: '1002', text: '用户名或密码不能为空' } };
  const account = state.account(vendor, login);
  if (!account || !passwordMatches(account, password)) return { error: { code: '1005', text: '用户名或密码错误' } };
  return { account };
}

export function passwordMatches(account: SandboxAccount, given: string): boolean {
  switch (account.passwordForm ?? 'md5upper') {
    case 'plain':
      return given === account.password;
    case 'md5lower':
      return given === md5Hex(account.password, 'lower');
    case 'md5upper':
      return given === md5Hex(account.password, 'upper');
  }
}

function sendFailure(text: string, log: Omit<SandboxReply['log'], 'outcome'>, charset = 'utf-8', json = false): SandboxReply {
  if (json) return jsonReply({ returnstatus: 'Faild', message: text, remainpoint: '0', taskID: '0', successCounts: '0' }, { ...log, outcome: text });
  return xmlReply(
    200,
    `<returnsms>\n<returnstatus>Faild</returnstatus>\n<message>${xmlEscape(text)}</message>\n<remainpoint>0</remainpoint>\n<taskID>0</taskID>\n<successCounts>0</successCounts></returnsms>`,
    { ...log, outcome: text },
    charset,
  );
}

interface SendCheck {
  ok?: { mobiles: string[]; parts: number };
  error?: { code: string; text: string };
}

/** The checks the platform makes on every send, in the order it makes them. */
function checkSend(account: SandboxAccount, mobilesText: string, content: string, extno: string, sendTime: string, billedPer?: number): SendCheck {
  const mobiles = mobilesText.split(',').map((m) => m.trim()).filter((m) => m !== '');
  if (mobiles.length === 0) return { error: { code: '1103', text: RESULT_CODES['1103'].text } };
  if (content.trim() === '') return { error: { code: '2001', text: RESULT_CODES['2001'].text } };
  if (extno !== '' && !/^\d{1,5}$/.test(extno)) return { error: { code: '1104', text: RESULT_CODES['1104'].text } };
  if (sendTime !== '' && !parseBeijing(sendTime)) return { error: { code: '1001', text: '定时时间格式错误' } };
  if (billedPer === undefined) {
    if (!hasSignature(content)) return { error: { code: '2113', text: RESULT_CODES['2113'].text } };
    const signature = /【([^【】]+)】\s*$/.exec(content)?.[1] ?? /^【([^【】]+)】/.exec(content)?.[1] ?? '';
    if ([...signature].length < 3 || [...signature].length > 8) return { error: { code: '2114', text: RESULT_CODES['2114'].text } };
    if (SENSITIVE_WORDS.some((w) => content.includes(w))) return { error: { code: '2107', text: RESULT_CODES['2107'].text } };
  }
  for (const mobile of mobiles) {
    if (!isMainlandMobile(mobile) || mobile.length !== 11) return { error: { code: '1108', text: `${RESULT_CODES['1108'].text}:${mobile}` } };
    if (mobile === MAGIC_NUMBERS.blacklisted) return { error: { code: '1109', text: `${RESULT_CODES['1109'].text}:${mobile}` } };
  }
  const parts = billedPer ?? smsParts(countCharacters(content));
  if (account.balance < parts * mobiles.length) return { error: { code: '1111', text: RESULT_CODES['1111'].text } };
  return { ok: { mobiles, parts } };
}

/** Accepts messages; numbers over the sending rules are accepted and then fail delivery. */
function acceptSms(
  state: SandboxState,
  account: SandboxAccount,
  batch: string,
  messages: Array<{ mobile: string; content: string }>,
  sendTime: string,
  extno: string,
): void {
  const scheduledAt = sendTime ? parseBeijing(sendTime)?.getTime() : undefined;
  for (const { mobile, content } of messages) {
    const parts = smsParts(countCharacters(content));
    const isCode = /验证码/.test(content);
    let failureReason: string | undefined;
    if (isCode && state.countRecent(VENDOR, account.login, mobile, 180_000, (m) => /验证码/.test(m.content)) >= SENDING_RULES.codesPerThreeMinutes) {
      failureReason = 'LIMIT_3MIN';
    } else if (state.countRecent(VENDOR, account.login, mobile, 86_400_000) >= SENDING_RULES.messagesPerDay) {
      failureReason = 'LIMIT_DAY';
    }
    account.balance -= parts;
    state.accept({
      vendor: VENDOR,
      login: account.login,
      mobile,
      kind: 'sms',
      content,
      batchId: batch,
      extension: extno || undefined,
      parts,
      scheduledAt,
      failureReason,
    });
  }
}

function sendSuccessXml(account: SandboxAccount, batch: string, count: number, log: Omit<SandboxReply['log'], 'outcome'>, charset = 'utf-8'): SandboxReply {
  return xmlReply(
    200,
    `<returnsms>\n<returnstatus>Success</returnstatus>\n<message>ok</message>\n<remainpoint>${account.balance}</remainpoint>\n<taskID>${batch}</taskID>\n<successCounts>${count}</successCounts></returnsms>`,
    { ...log, outcome: `Success taskID=${batch}`, recipients: count },
    charset,
  );
}

function handleSend(state: SandboxState, request: SandboxRequest, fields: Fields, endpoint: string): SandboxReply {
  const charset = endpoint === 'smsGBK.aspx' ? 'gb2312' : 'utf-8';
  const json = endpoint === 'smsJson.aspx';
  const log = { endpoint, login: field(fields, 'account'), fields: maskFields(fields) };
  const auth = authenticate(state, fields);
  if (!auth.account) return sendFailure(auth.error!.text, log, charset, json);
  const content = field(fields, 'content');
  const check = checkSend(auth.account, field(fields, 'mobile'), content, field(fields, 'extno'), field(fields, 'sendTime'));
  if (!check.ok) return sendFailure(check.error!.text, log, charset, json);
  const batch = taskId(state);
  acceptSms(state, auth.account, batch, check.ok.mobiles.map((mobile) => ({ mobile, content })), field(fields, 'sendTime'), field(fields, 'extno'));
  if (json) {
    return jsonReply(
      { returnstatus: 'Success', message: '操作成功', remainpoint: String(auth.account.balance), taskID: batch, successCounts: String(check.ok.mobiles.length) },
      { ...log, outcome: `Success taskID=${batch}`, recipients: check.ok.mobiles.length },
    );
  }
  return sendSuccessXml(auth.account, batch, check.ok.mobiles.length, log, charset);
}

function handleOverage(state: SandboxState, fields: Fields, endpoint: string, mms: boolean): SandboxReply {
  const log = { endpoint, login: field(fields, 'account'), fields: maskFields(fields) };
  const auth = authenticate(state, fields);
  if (!auth.account) {
    return xmlReply(200, `<returnsms>\n<returnstatus>Faild</returnstatus>\n<message>${auth.error!.text}</message>\n<payinfo></payinfo>\n<overage>0</overage>\n<sendTotal>0</sendTotal></returnsms>`, { ...log, outcome: auth.error!.text });
  }
  const overage = mms ? auth.account.mmsBalance ?? 0 : auth.account.balance;
  if (endpoint === 'smsJson.aspx') {
    return jsonReply({ returnstatus: 'Success', message: '操作成功', payinfo: '预付费', overage: String(overage), sendTotal: String(overage) }, { ...log, outcome: 'overage' });
  }
  // Live servers spell it "Sucess" here.
  return xmlReply(
    200,
    `<returnsms>\n<returnstatus>Sucess</returnstatus>\n<message>操作成功</message>\n<payinfo>预付费</payinfo>\n<overage>${overage}</overage>\n<sendTotal>${overage}</sendTotal></returnsms>`,
    { ...log, outcome: `overage ${overage}` },
  );
}

function handleEnsms(state: SandboxState, fields: Fields): SandboxReply {
  const log = { endpoint: 'ensms.ashx', fields: maskFields(fields) };
  const fail = (code: string) =>
    jsonReply({ StatusCode: Number(code), Description: RESULT_CODES[code].text, MsgId: '', Amount: 0, SuccessCounts: 0, Errors: [] }, { ...log, outcome: code });
  const userId = field(fields, 'UserId');
  if (!/^\d+$/.test(userId)) return fail('1008');
  const candidates = state.accounts.filter((a) => a.vendor === VENDOR && a.userId === userId);
  if (candidates.length === 0) return fail('1008');
  let payload: ReturnType<typeof openEnsmsText64> | undefined;
  let account: SandboxAccount | undefined;
  for (const candidate of candidates) {
    try {
      payload = openEnsmsText64(candidate.password, field(fields, 'Text64'));
      account = candidate;
      break;
    } catch {
      // Wrong key for this account: try the next one with the same UserId.
    }
  }
  if (!payload || !account) return fail('1009');
  const logged = { ...log, login: payload.UserName };
  if (payload.UserName !== account.login) return { ...fail('1004'), log: { ...logged, outcome: '1004' } };
  const stamp = payload.Stamp ?? '';
  if (!/^\d{10}$/.test(stamp) || !stampWithin(stamp, 5 * 60_000)) return { ...fail('1010'), log: { ...logged, outcome: '1010' } };
  if (payload.Secret !== md5Hex(account.password + stamp, 'upper')) return { ...fail('1005'), log: { ...logged, outcome: '1005' } };
  const check = checkSend(account, payload.Moblie ?? '', payload.Text ?? '', payload.Ext ?? '', payload.SendTime ?? '');
  if (!check.ok) {
    return jsonReply(
      { StatusCode: Number(check.error!.code), Description: check.error!.text, MsgId: '', Amount: account.balance, SuccessCounts: 0, Errors: [check.error!.text] },
      { ...logged, outcome: check.error!.code },
    );
  }
  const batch = taskId(state);
  acceptSms(state, account, batch, check.ok.mobiles.map((mobile) => ({ mobile, content: payload!.Text })), payload.SendTime ?? '', payload.Ext ?? '');
  return jsonReply(
    { StatusCode: 1, Description: '操作成功', MsgId: batch, Amount: account.balance, SuccessCounts: check.ok.mobiles.length, Errors: [] },
    { ...logged, outcome: `1 MsgId=${batch}`, recipients: check.ok.mobiles.length },
  );
}

/** Stamp is MMddHHmmss Beijing time; the year is the current one (or the previous one at New Year). */
function stampWithin(stamp: string, windowMs: number): boolean {
  const now = Date.now();
  const year = Number(formatBeijing(new Date(now), 'compact14').slice(0, 4));
  return [year, year - 1].some((y) => {
    const at = parseBeijing(`${y}${stamp}`);
    return at !== undefined && Math.abs(at.getTime() - now) <= windowMs;
  });
}

function handleBatchSms(state: SandboxState, fields: Fields): SandboxReply {
  const log = { endpoint: 'BatchSms.ashx', login: field(fields, 'account'), fields: maskFields({ ...fields, content: `(${field(fields, 'content').length} base64 characters)` }) };
  const auth = authenticate(state, fields);
  if (!auth.account) return sendFailure(auth.error!.text, log);
  let messages: Array<{ mobile: string; content: string }>;
  try {
    messages = readBatchSmsContent(field(fields, 'content'));
  } catch {
    return sendFailure(RESULT_CODES['1001'].text, log);
  }
  if (messages.length === 0) return sendFailure(RESULT_CODES['1103'].text, log);
  const seen = new Set<string>();
  for (const message of messages) {
    if (seen.has(message.mobile)) return sendFailure('同一批任务中不允许出现重复的手机号码', log);
    seen.add(message.mobile);
    const check = checkSend(auth.account, message.mobile, message.content, field(fields, 'extno'), field(fields, 'sendTime'));
    if (!check.ok) return sendFailure(check.error!.text, log);
  }
  const total = messages.reduce((sum, m) => sum + smsParts(countCharacters(m.content)), 0);
  if (auth.account.balance < total) return sendFailure(RESULT_CODES['1111'].text, log);
  const batch = taskId(state);
  acceptSms(state, auth.account, batch, messages, field(fields, 'sendTime'), field(fields, 'extno'));
  return sendSuccessXml(auth.account, batch, messages.length, log);
}

function handleMms(state: SandboxState, fields: Fields): SandboxReply {
  if (field(fields, 'action').toLowerCase() === 'overage') return handleOverage(state, fields, 'mms.aspx', true);
  const log = { endpoint: 'mms.aspx', login: field(fields, 'account'), fields: maskFields({ ...fields, content: `(${field(fields, 'content').length} base64 characters)` }) };
  const auth = authenticate(state, fields);
  if (!auth.account) return sendFailure(auth.error!.text, log);
  const subject = field(fields, 'subject');
  if (subject.trim() === '') return sendFailure(RESULT_CODES['3001'].text, log);
  let parts: ReturnType<typeof parseTms>;
  try {
    parts = parseTms(Buffer.from(field(fields, 'content'), 'base64'));
  } catch {
    return sendFailure(RESULT_CODES['1001'].text, log);
  }
  if (parts.length === 0) return sendFailure(RESULT_CODES['2001'].text, log);
  const account = auth.account;
  const mmsAccount = { ...account, balance: account.mmsBalance ?? 0 };
  const check = checkSend(mmsAccount, field(fields, 'mobile'), subject, field(fields, 'extno'), field(fields, 'sendTime'), 1);
  if (!check.ok) return sendFailure(check.error!.text, log);
  const batch = taskId(state);
  const files = parts.map((p) => ({ name: p.fileName, type: p.fileName.split('.').pop() ?? '', base64: p.data.toString('base64') }));
  const text = parts
    .filter((p) => p.fileName.toLowerCase().endsWith('.txt'))
    .map((p) => decodeText(p.data, 'gb2312'))
    .join('\n');
  const scheduledAt = field(fields, 'sendTime') ? parseBeijing(field(fields, 'sendTime'))?.getTime() : undefined;
  for (const mobile of check.ok.mobiles) {
    account.mmsBalance = (account.mmsBalance ?? 0) - 1;
    state.accept({ vendor: VENDOR, login: account.login, mobile, kind: 'mms', subject, content: text, files, batchId: batch, parts: 1, scheduledAt, extension: field(fields, 'extno') || undefined });
  }
  return xmlReply(
    200,
    `<returnsms>\n<returnstatus>Success</returnstatus>\n<message>ok</message>\n<remainpoint>${account.mmsBalance}</remainpoint>\n<taskID>${batch}</taskID>\n<successCounts>${check.ok.mobiles.length}</successCounts></returnsms>`,
    { ...log, outcome: `Success taskID=${batch}`, recipients: check.ok.mobiles.length },
  );
}

/** Status and call boxes, shared with the MMS platform's mmsStatusApi.aspx. */
export function statusBoxXml(messages: SandboxMessage[]): string {
  return messages
    .map(
      (m) =>
        `<statusbox>\n<mobile>${m.mobile}</mobile>\n<taskid>${m.batchId}</taskid>\n<status>${m.state === 'delivered' ? 10 : 20}</status>\n` +
        `<receivetime>${liveTime(m.reportAt ?? Date.now())}</receivetime>\n<errorcode><![CDATA[${reportCode(m)}]]></errorcode>\n<extno><![CDATA[${m.extension ?? ''}]]></extno>\n</statusbox>`,
    )
    .join('\n');
}

export function reportCode(m: SandboxMessage): string {
  if (m.state === 'delivered') return 'DELIVRD';
  return m.failureReason ?? 'MK:0001';
}

export function queryErrorXml(code: string, text: string): string {
  return `<returnsms>\n<errorstatus>\n<error>${code}</error>\n<remark>${xmlEscape(text)}</remark>\n</errorstatus>\n</returnsms>`;
}

const QUERY_ERROR_TEXT: Record<string, string> = { '1002': '用户名或密码不能为空', '1005': '用户名或密码错误' };

export function handleStatus(state: SandboxState, fields: Fields, endpoint: string, vendor: VendorId, json: boolean, defaultNum: number, maxNum: number): SandboxReply {
  const log = { endpoint, login: field(fields, 'account'), fields: maskFields(fields) };
  const auth = authenticate(state, fields, vendor);
  if (!auth.account) {
    const xmlCode = auth.error!.code === '1002' ? '1' : '2';
    if (json) return jsonReply({ error: auth.error!.code, remark: QUERY_ERROR_TEXT[auth.error!.code], statusbox: [] }, { ...log, outcome: auth.error!.code });
    return xmlReply(200, queryErrorXml(xmlCode, QUERY_ERROR_TEXT[auth.error!.code]), { ...log, outcome: `error ${xmlCode}` });
  }
  const numText = field(fields, 'statusNum');
  if (numText !== '' && (!/^\d+$/.test(numText) || Number(numText) < 1)) {
    if (json) return jsonReply({ error: '1001', remark: '参数不正确', statusbox: [] }, { ...log, outcome: '1001' });
    return xmlReply(200, queryErrorXml('4', '参数不正确'), { ...log, outcome: 'error 4' });
  }
  const max = Math.min(numText === '' ? defaultNum : Number(numText), maxNum);
  const taskFilter = field(fields, 'taskid');
  const reports = state.takeReports(vendor, auth.account.login, max, taskFilter ? (m) => m.batchId === taskFilter : undefined);
  if (json) {
    return jsonReply(
      {
        error: '1',
        remark: '成功',
        statusbox: reports.map((m) => ({ mobile: m.mobile, taskid: m.batchId, receivetime: liveTime(m.reportAt ?? Date.now()), errorcode: reportCode(m), extno: m.extension ?? '' })),
      },
      { ...log, outcome: `${reports.length} reports` },
    );
  }
  return xmlReply(200, `<returnsms>\n${statusBoxXml(reports)}\n</returnsms>`, { ...log, outcome: `${reports.length} reports` });
}

function callBoxXml(entries: Array<{ mobile: string; content: string; receivedAt: number; extension?: string }>): string {
  return entries
    .map(
      (e) =>
        `<callbox>\n<mobile>${e.mobile}</mobile>\n<content><![CDATA[${e.content}]]></content>\n<receivetime>${liveTime(e.receivedAt)}</receivetime>\n<extno><![CDATA[${e.extension ?? ''}]]></extno>\n</callbox>`,
    )
    .join('\n');
}

function handleCall(state: SandboxState, fields: Fields, endpoint: string, json: boolean): SandboxReply {
  const log = { endpoint, login: field(fields, 'account'), fields: maskFields(fields) };
  const auth = authenticate(state, fields);
  if (!auth.account) {
    if (json) return jsonReply({ error: auth.error!.code, remark: QUERY_ERROR_TEXT[auth.error!.code], callbox: [] }, { ...log, outcome: auth.error!.code });
    const xmlCode = auth.error!.code === '1002' ? '1' : '2';
    return xmlReply(200, queryErrorXml(xmlCode, QUERY_ERROR_TEXT[auth.error!.code]), { ...log, outcome: `error ${xmlCode}` });
  }
  const entries = state.takeInbound(VENDOR, auth.account.login, 1000);
  if (json) {
    return jsonReply(
      { error: '1', remark: '成功', callbox: entries.map((e) => ({ mobile: e.mobile, content: e.content, receivetime: liveTime(e.receivedAt), extno: e.extension ?? '' })) },
      { ...log, outcome: `${entries.length} messages` },
    );
  }
  return xmlReply(200, `<returnsms>\n${callBoxXml(entries)}\n</returnsms>`, { ...log, outcome: `${entries.length} messages` });
}

function handlePassword(state: SandboxState, fields: Fields): SandboxReply {
  const log = { endpoint: 'pwd.aspx', login: field(fields, 'account'), fields: maskFields(fields) };
  const auth = authenticate(state, fields);
  const reply = (ok: boolean, text: string) =>
    xmlReply(200, `<returnsms>\n<returnstatus>${ok ? 'Success' : 'Faild'}</returnstatus>\n<message>${text}</message>\n</returnsms>`, { ...log, outcome: text });
  if (!auth.account) return reply(false, auth.error!.text);
  const next = field(fields, 'newpassword');
  if (next === '' || [...next].length > 20) return reply(false, '新密码不能为空且最长20位');
  auth.account.password = next;
  return reply(true, '修改成功');
}

function handleWebService(state: SandboxState, request: SandboxRequest): SandboxReply {
  const text = request.body.toString('utf8');
  const fault = (message: string) => ({
    status: 500,
    headers: { 'content-type': 'text/xml; charset=utf-8' },
    body: `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>soap:Client</faultcode><faultstring>${xmlEscape(message)}</faultstring></soap:Fault></soap:Body></soap:Envelope>`,
    log: { endpoint: 'WebService.asmx', fields: {}, outcome: `fault: ${message}` },
  });
  let call: XmlNode;
  try {
    const doc = parseXml(text);
    call = (((doc.Envelope as XmlNode)?.Body as XmlNode)?.SendSms ?? undefined) as XmlNode;
  } catch {
    return fault('Server was unable to read request.');
  }
  if (!call) return fault('Server did not recognize the value of HTTP Header SOAPAction.');
  const sms = (call.sms ?? {}) as XmlNode;
  const fields = { account: xmlText(call.userName), password: xmlText(call.password) };
  const log = { endpoint: 'WebService.asmx', login: fields.account, fields: maskFields({ ...fields, Msisdns: xmlText(sms.Msisdns) }) };
  const result = (code: string, description: string, extra: Record<string, string | number> = {}): SandboxReply => ({
    status: 200,
    headers: { 'content-type': 'text/xml; charset=utf-8' },
    body:
      '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>' +
      '<SendSmsResponse xmlns="http://tempuri.org/"><SendSmsResult>' +
      `<StatusCode>${code}</StatusCode><Description>${xmlEscape(description)}</Description><MsgId>${extra.MsgId ?? ''}</MsgId>` +
      `<Amount>${extra.Amount ?? 0}</Amount><SuccessCounts>${extra.SuccessCounts ?? 0}</SuccessCounts><BillingCount>${extra.BillingCount ?? 0}</BillingCount><Errors/>` +
      '</SendSmsResult></SendSmsResponse></soap:Body></soap:Envelope>',
    log: { ...log, outcome: `${code} ${description}`, recipients: Number(extra.SuccessCounts ?? 0) || undefined },
  });
  const auth = authenticate(state, fields);
  if (!auth.account) return result(auth.error!.code === '1002' ? 'UserNameEmpty' : 'PasswordError', auth.error!.text);
  const planned = xmlText(sms.PlanSendTime).replace('T', ' ');
  const content = xmlText(sms.SMSContent);
  const check = checkSend(auth.account, xmlText(sms.Msisdns), content, xmlText(sms.ExtNumber), planned);
  if (!check.ok) return result(RESULT_CODES[check.error!.code]?.name ?? check.error!.code, check.error!.text);
  const batch = taskId(state);
  acceptSms(state, auth.account, batch, check.ok.mobiles.map((mobile) => ({ mobile, content })), planned, xmlText(sms.ExtNumber));
  return result('OK', '操作成功', { MsgId: batch, Amount: auth.account.balance, SuccessCounts: check.ok.mobiles.length, BillingCount: check.ok.mobiles.length * check.ok.parts });
}

function handleTemplate(state: SandboxState, fields: Fields): SandboxReply {
  const log = { endpoint: 'freeTemplate.aspx', login: field(fields, 'account'), fields: maskFields(fields) };
  const reply = (body: Record<string, unknown>) => jsonReply(body, { ...log, outcome: `${body.StatusCode} ${body.Description}` });
  const failed = (code: string, text = RESULT_CODES[code]?.text ?? '') => reply({ Status: 'Faild', StatusCode: code, Description: text, TemplateId: '' });
  const auth = authenticate(state, fields);
  if (!auth.account) return failed(auth.error!.code);
  const templates = state.vendorData<TemplateRecord[]>('smsaspx.templates', () => []);
  const now = Date.now();
  for (const t of templates) {
    if (t.status === 3 && t.decideAt <= now) t.status = /拒绝|退回/.test(t.template) ? 4 : 1;
  }
  const action = field(fields, 'action').toLowerCase();
  const id = field(fields, 'templateid');
  const mine = (t: TemplateRecord) => t.login === auth.account!.login && t.id === id;
  const validTemplate = (text: string) => text.includes('@') && !/@{6,}/.test(text) && hasSignature(text);
  switch (action) {
    case 'add': {
      const template = field(fields, 'template');
      if (!validTemplate(template)) return failed('1001');
      const record = { id: taskId(state), login: auth.account.login, template, status: 3, decideAt: now + state.reportDelayMs };
      templates.push(record);
      return reply({ Status: 'Success', StatusCode: '1', Description: '操作成功', TemplateId: record.id });
    }
    case 'query': {
      const found = templates.filter(mine);
      return reply({
        Status: 'Success',
        StatusCode: '1',
        Description: '操作成功',
        TemplateList: found.map((t) => ({ TemplateId: t.id, Status: t.status, Template: t.template })),
      });
    }
    case 'update': {
      const record = templates.find(mine);
      if (!record) return failed('1001', '模板不存在');
      const template = field(fields, 'template');
      if (!validTemplate(template)) return failed('1001');
      Object.assign(record, { template, status: 3, decideAt: now + state.reportDelayMs });
      return reply({ Status: 'Success', StatusCode: '1', Description: '操作成功' });
    }
    case 'del': {
      const index = templates.findIndex(mine);
      if (index < 0) return failed('1001', '模板不存在');
      templates.splice(index, 1);
      return reply({ Status: 'Success', StatusCode: '1', Description: '操作成功' });
    }
    default:
      return failed('1001');
  }
}

export const smsAspxProtocol: Protocol = {
  prefix: '/smsaspx',
  vendor: VENDOR,
  handle(request, state) {
    const endpoint = request.path.replace(/^\//, '');
    const lower = endpoint.toLowerCase();
    if (lower === 'webservice.asmx') return handleWebService(state, request);
    const fields = requestFields(request, lower === 'smsgbk.aspx' ? 'gbk' : 'utf-8');
    const action = field(fields, 'action').toLowerCase();
    switch (lower) {
      case 'sms.aspx':
      case 'smsgbk.aspx':
      case 'smsjson.aspx':
        if (action === 'overage') return handleOverage(state, fields, endpoint, false);
        if (action === 'send') return handleSend(state, request, fields, endpoint);
        return sendFailure('action参数错误', { endpoint, login: field(fields, 'account'), fields: maskFields(fields) });
      case 'ensms.ashx':
        return handleEnsms(state, fields);
      case 'batchsms.ashx':
        return handleBatchSms(state, fields);
      case 'mms.aspx':
        return handleMms(state, fields);
      case 'statusapi.aspx':
        return handleStatus(state, fields, endpoint, VENDOR, false, 1000, 1000);
      case 'statusjsonapi.aspx':
        return handleStatus(state, fields, endpoint, VENDOR, true, 1000, 1000);
      case 'callapi.aspx':
        return handleCall(state, fields, endpoint, false);
      case 'calljsonapi.aspx':
        return handleCall(state, fields, endpoint, true);
      case 'pwd.aspx':
        return handlePassword(state, fields);
      case 'freetemplate.aspx':
        return handleTemplate(state, fields);
      default:
        return {
          status: 404,
          headers: { 'content-type': 'text/html; charset=utf-8' },
          body: '<html><body><h2>404 - File or directory not found.</h2></body></html>',
          log: { endpoint, fields: {}, outcome: '404' },
        };
    }
  },
  faultReply(kind, request, code) {
    const text = kind === 'rateLimit' ? '提交过于频繁，请稍后再试' : RESULT_CODES[code ?? '9999']?.text ?? `错误${code}`;
    return sendFailure(text, { endpoint: request.path.replace(/^\//, ''), fields: {} });
  },
  async push(state, deliver) {
    await pushBoxes(state, deliver, VENDOR);
  },
};

interface PendingPush {
  body: string;
  url: string;
  tries: number;
  nextAt: number;
}

/** 第六章: statusbox/callbox XML to the account's URL; `error` or a network failure retries, 3 tries at most. */
export async function pushBoxes(state: SandboxState, deliver: PushDeliverer, vendor: VendorId): Promise<void> {
  const queue = state.vendorData<PendingPush[]>(`${vendor}.pushQueue`, () => []);
  for (const account of state.accounts) {
    if (account.vendor !== vendor || !account.pushUrl) continue;
    const reports = state.takeReports(vendor, account.login, 1000);
    if (reports.length > 0) {
      queue.push({ url: account.pushUrl, body: `<?xml version="1.0" encoding="utf-8" ?>\n<returnsms>\n${statusBoxXml(reports)}\n</returnsms>`, tries: 0, nextAt: 0 });
    }
    const inbound = state.takeInbound(vendor, account.login, 1000);
    if (inbound.length > 0) {
      queue.push({ url: account.pushUrl, body: `<?xml version="1.0" encoding="utf-8" ?>\n<returnsms>\n${callBoxXml(inbound)}\n</returnsms>`, tries: 0, nextAt: 0 });
    }
  }
  const now = Date.now();
  for (const item of [...queue]) {
    if (item.nextAt > now) continue;
    item.tries++;
    const outcome = await deliver(item.url, item.body, { 'content-type': 'text/xml; charset=utf-8' });
    const failed = 'error' in outcome || outcome.body.trim() === 'error';
    state.record({
      vendor,
      endpoint: `push → ${item.url}`,
      fields: { try: item.tries },
      status: 'error' in outcome ? 0 : outcome.status,
      outcome: 'error' in outcome ? outcome.error : `answered ${JSON.stringify(outcome.body.slice(0, 20))}`,
    });
    // Anything but "error" (even nothing) counts as received, as the document says.
    if (!failed || item.tries >= 3) queue.splice(queue.indexOf(item), 1);
    else item.nextAt = now + state.reportDelayMs;
  }
}
