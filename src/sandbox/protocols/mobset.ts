/**
 * Mobset as both of its documents describe it: the SOAP WebService on /mobset/Api (with
 * ?wsdl, its address rewritten to the sandbox) and HTTP SDK3 on /mobset/SDK3/Sms. Both share
 * one account state: the SecretKey check with its 20-minute window, SmsIDs, reports (50 a
 * call), MO (20 a call, one MMS a call), templates, scheduled sends, MMS files, number files
 * and the batch-task state machine.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeText } from '../../core/charset';
import { md5Hex } from '../../core/crypto';
import { isMainlandMobile } from '../../core/phone';
import { countCharacters, hasSignature, smsParts } from '../../core/segments';
import { formatBeijing, parseBeijing } from '../../core/time';
import { parseXml, xmlList, xmlText, type XmlNode } from '../../core/xml';
import { SDK3_ERRORS, SOAP_ERRORS, TASK_STARTABLE, TASK_STOPPABLE } from '../../core/vendors/mobset/codec';
import { field, type Protocol, requestFields, type SandboxReply, type SandboxRequest, xmlEscape } from '../http';
import { MAGIC_NUMBERS, maskFields, type SandboxAccount, type SandboxMessage, type SandboxState } from '../state';

type Fields = Record<string, string>;
type Errors = typeof SDK3_ERRORS;

interface MobsetTemplate {
  id: string;
  login: string;
  type: string;
  name: string;
  content: string;
  status: string;
  decideAt: number;
}

interface MmsFile {
  id: string;
  login: string;
  subject: string;
  size: number;
  createdAt: number;
  files: Array<{ name: string; type: string; base64: string }>;
  text: string;
}

interface NumberFile {
  id: string;
  login: string;
  subject: string;
  entries: Array<{ mobile: string; memo?: string }>;
}

interface BatchTask {
  id: string;
  kind: 'sms' | 'mms';
  login: string;
  content: string;
  mmsFileId?: string;
  targets: Array<{ mobile: string; memo?: string }>;
  fileIds: string[];
  status: string;
  sent: number;
  startAt: number;
  beginTime?: number;
  endTime?: number;
  /** Time of the last progress step while running. */
  clock: number;
}

interface MobsetData {
  nextId: number;
  templates: MobsetTemplate[];
  mmsFiles: MmsFile[];
  numberFiles: NumberFile[];
  tasks: BatchTask[];
}

function data(state: SandboxState): MobsetData {
  return state.vendorData<MobsetData>('mobset', () => ({ nextId: 1355555551, templates: [], mmsFiles: [], numberFiles: [], tasks: [] }));
}

function newId(state: SandboxState): string {
  return String(data(state).nextId++);
}

class MobsetFailure extends Error {
  constructor(readonly code: number, message?: string) {
    super(message ?? '');
  }
}

const fail = (code: number, errors: Errors = SDK3_ERRORS): never => {
  throw new MobsetFailure(code, errors[String(code)] ?? '未定义错误');
};

/** CorpID, LoginName, TimeStamp within 20 minutes (14 or 10 digits), MD5 key in any case. */
function authenticate(state: SandboxState, corpId: string, login: string, timestamp: string, key: string, errors: Errors): SandboxAccount {
  if (!corpId || !login || !timestamp || !key) fail(-102, errors);
  const account = state.accounts.find((a) => a.vendor === 'mobset' && a.login === login && a.userId === corpId);
  if (!account) {
    if (!state.accounts.some((a) => a.vendor === 'mobset' && a.userId === corpId)) fail(-107, errors);
    fail(-103, errors);
  }
  if (!timestampFresh(timestamp)) fail(-105, errors);
  if (key.toLowerCase() !== md5Hex(`${corpId}${account!.password}${timestamp}`)) fail(-105, errors);
  return account!;
}

function timestampFresh(timestamp: string): boolean {
  const now = Date.now();
  let candidates: Array<Date | undefined>;
  if (/^\d{14}$/.test(timestamp)) candidates = [parseBeijing(timestamp)];
  else if (/^\d{10}$/.test(timestamp)) {
    const year = Number(formatBeijing(new Date(now), 'compact14').slice(0, 4));
    candidates = [parseBeijing(`${year}${timestamp}`), parseBeijing(`${year - 1}${timestamp}`)];
  } else return false;
  return candidates.some((at) => at !== undefined && Math.abs(at.getTime() - now) <= 20 * 60_000);
}

function signed(account: SandboxAccount, content: string): string {
  // The platform adds the account's registered signature when the text carries none.
  return hasSignature(content) ? content : `${content}${account.signatures?.[0] ?? '【沙箱】'}`;
}

/** Sms_Send / SmsSend / TemplateSendSms: per-number ids, 0 for the numbers refused. */
function acceptSms(
  state: SandboxState,
  account: SandboxAccount,
  mobiles: string[],
  content: string,
  timer: string,
  addNum: string,
  errors: Errors,
  kind: 'sms' | 'mms' = 'sms',
  mms?: MmsFile,
): Array<{ mobile: string; id: string }> {
  if (mobiles.length === 0 || mobiles.length > 50) fail(kind === 'sms' ? -112 : -222, errors);
  if (kind === 'sms' && (content.trim() === '' || countCharacters(content) > 900)) fail(-110, errors);
  if (addNum !== '' && !/^\d{1,12}$/.test(addNum)) fail(-102, errors);
  const scheduledAt = timer ? parseBeijing(timer)?.getTime() : undefined;
  if (timer && scheduledAt === undefined) fail(-102, errors);
  const text = kind === 'sms' ? signed(account, content) : content;
  const parts = kind === 'sms' ? smsParts(countCharacters(text)) : 1;
  const valid = new Set(mobiles.filter((m) => isMainlandMobile(m) && m.length === 11 && m !== MAGIC_NUMBERS.blacklisted));
  if (account.balance < valid.size * parts) fail(kind === 'sms' ? -129 : -239, errors);
  const batch = newId(state);
  return mobiles.map((mobile) => {
    if (!valid.has(mobile)) return { mobile, id: '0' };
    account.balance -= parts;
    const stored = state.accept({
      id: newId(state),
      vendor: 'mobset',
      login: account.login,
      mobile,
      kind,
      content: text,
      subject: mms?.subject,
      files: mms?.files,
      batchId: batch,
      extension: addNum || undefined,
      parts,
      scheduledAt,
    });
    return { mobile, id: stored.id };
  });
}

function reportCode(m: SandboxMessage): { status: string; ex: string } {
  return m.state === 'delivered' ? { status: '12', ex: 'DELIVRD' } : { status: '13', ex: m.failureReason ?? 'MK:0001' };
}

function cancelScheduled(state: SandboxState, account: SandboxAccount, ids: string[]): Array<{ id: string; status: number }> {
  return ids.map((id) => {
    const message = state.message(id);
    if (!message || message.vendor !== 'mobset' || message.login !== account.login) return { id, status: -142 };
    if (message.state !== 'scheduled') return { id, status: -144 };
    message.state = 'cancelled';
    account.balance += message.parts;
    return { id, status: 1 };
  });
}

function decideTemplates(state: SandboxState): void {
  const now = Date.now();
  for (const t of data(state).templates) {
    if (t.status === '0' && t.decideAt <= now) t.status = /拒绝|退回/.test(t.content) ? '2' : '1';
  }
}

/** Batch tasks progress by a quarter of their numbers per report delay, sending real messages. */
export function advanceTasks(state: SandboxState, now = Date.now()): void {
  for (const task of data(state).tasks) {
    if ((task.status === '1' || task.status === '2') && task.startAt <= now) {
      task.status = '4';
      task.beginTime ??= now;
      task.clock = now;
    }
    if (task.status !== '4') continue;
    const step = Math.max(1, Math.ceil(task.targets.length / 4));
    const steps = Math.floor((now - task.clock) / Math.max(1, state.reportDelayMs));
    if (steps <= 0) continue;
    task.clock += steps * Math.max(1, state.reportDelayMs);
    const account = state.account('mobset', task.login)!;
    const mms = task.mmsFileId ? data(state).mmsFiles.find((f) => f.id === task.mmsFileId) : undefined;
    const until = Math.min(task.targets.length, task.sent + steps * step);
    for (; task.sent < until; task.sent++) {
      const target = task.targets[task.sent];
      const content = task.kind === 'sms' ? signed(account, task.content.replace(/%Memo%/g, target.memo ?? '')) : mms?.text ?? '';
      const parts = task.kind === 'sms' ? smsParts(countCharacters(content)) : 1;
      if (account.balance < parts) {
        task.status = '5';
        break;
      }
      account.balance -= parts;
      state.accept({ id: newId(state), vendor: 'mobset', login: task.login, mobile: target.mobile, kind: task.kind, content, subject: mms?.subject, files: mms?.files, batchId: `task-${task.id}`, parts });
    }
    if (task.sent >= task.targets.length) {
      task.status = '7';
      task.endTime = now;
    }
  }
}

// ---- SDK3 ----------------------------------------------------------------------------------

function sdk3(state: SandboxState, fields: Fields): { body: Record<string, unknown>; login?: string; recipients?: number } {
  const method = field(fields, 'Methods');
  const account = authenticate(state, field(fields, 'CorpID'), field(fields, 'LoginName'), field(fields, 'TimeStamp'), field(fields, 'SecretKey'), SDK3_ERRORS);
  const login = account.login;
  switch (method) {
    case 'SmsSend': {
      const mobiles = field(fields, 'PhoneNumbers').split(',').map((m) => m.trim()).filter(Boolean);
      const ids = acceptSms(state, account, mobiles, field(fields, 'Content'), field(fields, 'TimerSend'), field(fields, 'AddNum'), SDK3_ERRORS);
      const ok = ids.filter((i) => i.id !== '0').length;
      return { login, recipients: ok, body: { Code: String(ok), Message: `成功提交${ok}条短信`, SmsIdList: ids.map((i) => ({ PhoneNumber: i.mobile, SmsId: i.id })) } };
    }
    case 'TemplateSendSms': {
      decideTemplates(state);
      const template = data(state).templates.find((t) => t.login === login && t.id === field(fields, 'TemplateID'));
      if (!template || template.status !== '1') fail(-511);
      let content = template!.content;
      for (let n = 1; n <= 9; n++) {
        const value = field(fields, `Param${n}`);
        if (countCharacters(value) > 30) fail(-513);
        if (/https?:\/\//i.test(value)) fail(-510);
        content = content.split(`{${n}}`).join(value);
      }
      const mobiles = field(fields, 'Mobiles').split(',').map((m) => m.trim()).filter(Boolean);
      const ids = acceptSms(state, account, mobiles, content, field(fields, 'Timer'), field(fields, 'AddNum'), SDK3_ERRORS);
      const ok = ids.filter((i) => i.id !== '0').length;
      return { login, recipients: ok, body: { Code: String(ok), Message: `成功提交${ok}条短信`, SmsIdList: ids.map((i) => ({ PhoneNumber: i.mobile, SmsId: i.id })) } };
    }
    case 'SmsGetRecv': {
      const entries = state.takeInbound('mobset', login, 20);
      return {
        login,
        body: {
          code: String(entries.length),
          Message: '取上行短信成功',
          Details: entries.map((e) => ({ PhoneNumber: e.mobile, RecvNumber: `10691179164004${e.extension ?? ''}`, AddNum: e.extension ?? '', RecvTime: formatBeijing(new Date(e.receivedAt), 'dateTime'), Content: e.content })),
        },
      };
    }
    case 'SmsGetReport': {
      const reports = state.takeReports('mobset', login, 50, (m) => m.kind === 'sms');
      return {
        login,
        body: {
          code: String(reports.length),
          Message: '取短信状态报告成功',
          Details: reports.map((m) => ({ SmsId: m.id, Status: reportCode(m).status, ReportTime: formatBeijing(new Date(m.reportAt ?? Date.now()), 'dateTime'), ExStatus: reportCode(m).ex })),
        },
      };
    }
    case 'SmsGetBalance':
      return { login, body: { Code: String(account.balance), Message: '取短信余额成功' } };
    case 'SmsGetSign':
      return { login, body: { Code: '0', Message: '取签名成功', Sign: (account.signatures?.[0] ?? '【沙箱】').replace(/[【】]/g, '') } };
    case 'SmsCancel': {
      const ids = field(fields, 'SmsID').split(',').map((s) => s.trim()).filter(Boolean);
      if (ids.length === 0) fail(-102);
      if (ids.length > 50) fail(-143);
      const results = cancelScheduled(state, account, ids);
      const ok = results.filter((r) => r.status === 1).length;
      return { login, body: { Code: ok, Message: `成功取消${ok}条短信`, Details: results.map((r) => ({ SmsID: Number(r.id), Status: r.status })) } };
    }
    case 'TemplateAdd': {
      const type = field(fields, 'TemplateType');
      const name = field(fields, 'TemplateName');
      const content = field(fields, 'TemplateContent');
      if (type !== '1' && type !== '2') fail(-501);
      if (name === '' || countCharacters(name) > 50) fail(-502);
      if (content === '' || countCharacters(content) > 500 || /\{[^1-5]\}/.test(content)) fail(-503);
      if (data(state).templates.some((t) => t.login === login && t.name === name)) fail(-505);
      const template = { id: newId(state), login, type, name, content, status: '0', decideAt: Date.now() + state.reportDelayMs };
      data(state).templates.push(template);
      return { login, body: { Code: '1', Message: '添加短信模板成功', TemplateID: template.id } };
    }
    case 'TemplateList': {
      decideTemplates(state);
      const mine = data(state).templates.filter((t) => t.login === login);
      return { login, body: { Code: String(mine.length), Message: '取短信模板成功', Details: mine.map(templateJson) } };
    }
    case 'TemplateQuery': {
      decideTemplates(state);
      const template = data(state).templates.find((t) => t.login === login && t.id === field(fields, 'TemplateID'));
      if (!template) fail(-507);
      return { login, body: { Code: '1', Message: '查询短信模板成功', Details: [templateJson(template!)] } };
    }
    case 'SignNameApply': {
      const name = field(fields, 'SignName');
      if (!['0', '1'].includes(field(fields, 'SignNameType'))) fail(-603);
      if (countCharacters(name) < 3 || countCharacters(name) > 12) fail(-606);
      const docType = field(fields, 'Document1Type');
      if (!/^[0-6]$/.test(docType)) fail(-604);
      if (Buffer.byteLength(field(fields, 'Document1FileData'), 'base64') >= 2 * 1024 * 1024) fail(-605);
      if ((account.signatures ?? []).includes(`【${name}】`)) fail(-610);
      return { login, body: { Code: '1', Message: '签名申请已提交', SignID: newId(state) } };
    }
    default:
      return fail(-191);
  }
}

function templateJson(t: MobsetTemplate) {
  return { TemplateID: t.id, TemplateType: t.type, TemplateName: t.name, TemplateContent: t.content, Status: t.status };
}

function handleSdk3(state: SandboxState, request: SandboxRequest): SandboxReply {
  const fields = requestFields(request);
  const log = { endpoint: `SDK3 ${field(fields, 'Methods')}`, fields: maskFields(fields) };
  try {
    const out = sdk3(state, fields);
    return {
      status: 200,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      // The document's own SmsGetSign reply ends in a trailing comma; so does ours.
      body: field(fields, 'Methods') === 'SmsGetSign' ? JSON.stringify(out.body).replace(/}$/, ',}') : JSON.stringify(out.body),
      log: { ...log, login: out.login, outcome: `Code ${String((out.body.Code ?? out.body.code) as string)}`, recipients: out.recipients },
    };
  } catch (error) {
    if (!(error instanceof MobsetFailure)) throw error;
    return {
      status: 200,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ Code: error.code, Message: error.message }),
      log: { ...log, login: field(fields, 'LoginName'), outcome: `Code ${error.code} ${error.message}` },
    };
  }
}

// ---- SOAP ----------------------------------------------------------------------------------

const s = (node: XmlNode, name: string) => xmlText(node[name]).trim();

function soapEnvelope(op: string, inner: string): string {
  return (
    '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">' +
    `<soap:Body><${op}Response xmlns="http://tempuri.org/">${inner}</${op}Response></soap:Body></soap:Envelope>`
  );
}

const el = (name: string, value: string | number | undefined) => `<${name}>${xmlEscape(String(value ?? ''))}</${name}>`;

function soapOp(state: SandboxState, op: string, args: XmlNode): { inner: string; login: string; recipients?: number } {
  const account = authenticate(state, s(args, 'CorpID'), s(args, 'LoginName'), s(args, 'TimeStamp'), s(args, 'Password'), SOAP_ERRORS);
  const login = account.login;
  const mobiles = () =>
    xmlList<XmlNode>((args.MobileList as XmlNode | undefined)?.MobileListGroup).map((g) => s(g, 'Mobile'));
  const files = data(state);
  const errCode = (code: number) => `${el('ErrCode', code)}${el('ErrMsg', code === 0 ? '成功' : SOAP_ERRORS[String(code)])}`;
  switch (op) {
    case 'Sms_Send': {
      const ids = acceptSms(state, account, mobiles(), s(args, 'Content'), s(args, 'Timer'), s(args, 'AddNum'), SOAP_ERRORS);
      const ok = ids.filter((i) => i.id !== '0').length;
      return { login, recipients: ok, inner: `${el('Count', ok)}${el('ErrMsg', `成功提交${ok}条短信`)}<SmsIDList>${ids.map((i) => `<SmsIDGroup>${el('Mobile', i.mobile)}${el('SmsID', i.id)}</SmsIDGroup>`).join('')}</SmsIDList>` };
    }
    case 'Sms_GetRecv': {
      const entries = state.takeInbound('mobset', login, 20);
      return {
        login,
        inner: `${el('Count', entries.length)}${el('ErrMsg', '')}<SmsRecvList>${entries
          .map((e) => `<SmsRecvGroup>${el('Mobile', e.mobile)}${el('RecvNum', '10691179164004')}${el('AddNum', e.extension ?? '')}${el('RecvTime', formatBeijing(new Date(e.receivedAt), 'dateTime'))}${el('Content', e.content)}</SmsRecvGroup>`)
          .join('')}</SmsRecvList>`,
      };
    }
    case 'Sms_GetReport':
    case 'Mms_GetReport': {
      const mms = op === 'Mms_GetReport';
      const reports = state.takeReports('mobset', login, 50, (m) => m.kind === (mms ? 'mms' : 'sms'));
      const group = mms ? 'MmsReportGroup' : 'SmsReportGroup';
      const idName = mms ? 'MmsID' : 'SmsID';
      return {
        login,
        inner: `${el('Count', reports.length)}${el('ErrMsg', '')}<${mms ? 'MmsReportList' : 'SmsReportList'}>${reports
          .map((m) => `<${group}>${el(idName, m.id)}${el('Status', reportCode(m).status)}${el('ReportTime', formatBeijing(new Date(m.reportAt ?? Date.now()), 'dateTime'))}${el('ExStatus', reportCode(m).ex)}</${group}>`)
          .join('')}</${mms ? 'MmsReportList' : 'SmsReportList'}>`,
      };
    }
    case 'Sms_GetSentList': {
      const mobile = s(args, 'Mobile');
      if (!isMainlandMobile(mobile)) fail(-151, SOAP_ERRORS);
      state.settle();
      const since = Date.now() - 48 * 3600_000;
      const sent = state.messages.filter((m) => m.vendor === 'mobset' && m.login === login && m.mobile === mobile && m.submittedAt >= since).slice(-50);
      return {
        login,
        inner: `${el('Count', sent.length)}${el('ErrMsg', '')}<SmsSentList>${sent
          .map((m) => {
            const done = m.state === 'delivered' || m.state === 'failed';
            return `<SmsSentListGroup>${el('Status', done ? reportCode(m).status : m.state === 'scheduled' ? 0 : 10)}${el('Mobile', m.mobile)}${el('SendTime', formatBeijing(new Date(m.submittedAt), 'dateTime'))}${el('ReportTime', done ? formatBeijing(new Date(m.reportAt!), 'dateTime') : '')}${el('Content', m.content)}${el('ExStatus', done ? reportCode(m).ex : '')}</SmsSentListGroup>`;
          })
          .join('')}</SmsSentList>`,
      };
    }
    case 'Sms_GetSign':
      return { login, inner: `${el('ErrCode', 0)}${el('ErrMsg', '')}${el('Sign', (account.signatures?.[0] ?? '【沙箱】').replace(/[【】]/g, ''))}` };
    case 'Sms_GetBalance':
      return { login, inner: `${el('Balance', account.balance)}${el('ErrMsg', '')}` };
    case 'Sms_GetSentCount': {
      const count = state.messages.filter((m) => m.vendor === 'mobset' && m.login === login && m.kind === 'sms' && m.state !== 'cancelled').reduce((sum, m) => sum + m.parts, 0);
      return { login, inner: `${el('Count', count)}${el('ErrMsg', '')}` };
    }
    case 'Mms_UpFile': {
      const subject = s(args, 'Subject');
      if (subject === '') fail(-201, SOAP_ERRORS);
      const smil = s(args, 'SmilType');
      if (!['0', '1', '2'].includes(smil)) fail(-202, SOAP_ERRORS);
      const groups = xmlList<XmlNode>((args.MmsFileList as XmlNode | undefined)?.MmsFileGroup);
      if (groups.length === 0 || groups.length > 20) fail(-203, SOAP_ERRORS);
      const stored: MmsFile['files'] = [];
      const texts: string[] = [];
      for (const g of groups) {
        for (const [nameKey, dataKey] of [['Image_FileName', 'Image_FileData'], ['Audio_FileName', 'Audio_FileData']]) {
          if (s(g, nameKey)) stored.push({ name: s(g, nameKey), type: s(g, nameKey).split('.').pop()!.toLowerCase(), base64: s(g, dataKey) });
        }
        if (s(g, 'Text_FileName')) texts.push(s(g, 'Text_Content'));
      }
      const size = stored.reduce((sum, f) => sum + Buffer.byteLength(f.base64, 'base64'), 0) + texts.reduce((sum, t) => sum + Buffer.byteLength(t), 0);
      if (size === 0) fail(-204, SOAP_ERRORS);
      if (size > 100 * 1024) fail(-205, SOAP_ERRORS);
      const file = { id: newId(state), login, subject, size, createdAt: Date.now(), files: stored, text: texts.join('\n') };
      files.mmsFiles.push(file);
      return { login, inner: `${el('MmsFileID', file.id)}${el('ErrMsg', '')}` };
    }
    case 'Mms_GetFileStatus': {
      const file = files.mmsFiles.find((f) => f.login === login && f.id === s(args, 'MmsFileID'));
      if (!/^\d+$/.test(s(args, 'MmsFileID'))) fail(-211, SOAP_ERRORS);
      if (!file) fail(-212, SOAP_ERRORS);
      return { login, inner: `${el('Status', 0)}${el('ErrMsg', '')}${el('Title', file!.subject)}${el('Size', file!.size)}${el('CreateTime', formatBeijing(new Date(file!.createdAt), 'dateTime'))}` };
    }
    case 'Mms_Send': {
      const file = files.mmsFiles.find((f) => f.login === login && f.id === s(args, 'MmsFileID'));
      if (!file) fail(-231, SOAP_ERRORS);
      const balance = account.mmsBalance ?? account.balance;
      if (balance <= 0) fail(-239, SOAP_ERRORS);
      const ids = acceptSms(state, account, mobiles(), file!.text, s(args, 'Timer'), s(args, 'AddNum'), SOAP_ERRORS, 'mms', file);
      const ok = ids.filter((i) => i.id !== '0').length;
      return { login, recipients: ok, inner: `${el('Count', ok)}${el('ErrMsg', '')}<MmsIDList>${ids.map((i) => `<MmsIDGroup>${el('Mobile', i.mobile)}${el('MmsID', i.id)}</MmsIDGroup>`).join('')}</MmsIDList>` };
    }
    case 'Mms_GetRecv': {
      const [entry] = state.takeInbound('mobset', login, 1, 'mms');
      if (!entry) return { login, inner: `${el('Count', 0)}${el('ErrMsg', '')}` };
      const parts = [...(entry.content ? [{ name: '1.txt', type: 'text/plain', base64: Buffer.from(entry.content).toString('base64') }] : []), ...(entry.files ?? []).map((f) => ({ ...f, type: f.type.includes('/') ? f.type : `image/${f.type}` }))];
      return {
        login,
        inner:
          `${el('Count', 1)}${el('ErrMsg', '')}${el('Mobile', entry.mobile)}${el('RecvNum', '10691179164004')}${el('AddNum', entry.extension ?? '')}${el('Subject', entry.subject ?? '')}${el('RecvTime', formatBeijing(new Date(entry.receivedAt), 'dateTime'))}` +
          `<MmsRecvFileList>${parts.map((p, i) => `<MmsRecvFileGroup>${el('FileName', p.name)}${el('FileType', p.type)}${el('FileID', String(i + 1))}${el('FileLocation', p.name)}${el('FileData', p.base64)}</MmsRecvFileGroup>`).join('')}</MmsRecvFileList>`,
      };
    }
    case 'Task_UpFile': {
      const subject = s(args, 'Subject');
      if (countCharacters(subject) > 50) fail(-311, SOAP_ERRORS);
      const bytes = Buffer.from(s(args, 'FileData'), 'base64');
      if (bytes.length === 0 || bytes.length > 50 * 1024 * 1024) fail(-313, SOAP_ERRORS);
      const entries: NumberFile['entries'] = [];
      for (const line of decodeText(bytes, 'gbk').split(/\r?\n/)) {
        if (line.trim() === '') continue;
        const [mobile, memo] = line.split(',');
        if (!/^\d{11}$/.test(mobile.trim())) fail(-317, SOAP_ERRORS);
        entries.push({ mobile: mobile.trim(), memo });
      }
      const file = { id: newId(state), login, subject, entries };
      files.numberFiles.push(file);
      return { login, inner: `${el('TaskFileID', file.id)}${el('ErrMsg', '')}` };
    }
    case 'Task_DelFile': {
      const index = files.numberFiles.findIndex((f) => f.login === login && f.id === s(args, 'TaskFileID'));
      if (index < 0) fail(-322, SOAP_ERRORS);
      advanceTasks(state);
      const inUse = files.tasks.some((t) => ['1', '2', '4'].includes(t.status) && t.fileIds.includes(s(args, 'TaskFileID')));
      if (inUse) fail(-323, SOAP_ERRORS);
      files.numberFiles.splice(index, 1);
      return { login, inner: errCode(0) };
    }
    case 'Task_SmsSend':
    case 'Task_MmsSend': {
      const kind = op === 'Task_SmsSend' ? 'sms' : 'mms';
      const content = s(args, 'Content');
      if (kind === 'sms' && (content === '' || countCharacters(content) > 900)) fail(-331, SOAP_ERRORS);
      const mmsFileId = s(args, 'MmsFileID');
      if (kind === 'mms' && !files.mmsFiles.some((f) => f.login === login && f.id === mmsFileId)) fail(-361, SOAP_ERRORS);
      const atTime = s(args, 'AtTime');
      const at = atTime ? parseBeijing(atTime)?.getTime() : Date.now();
      if (at === undefined) fail(-102, SOAP_ERRORS);
      if (at! - Date.now() > 31 * 86_400_000) fail(kind === 'sms' ? -333 : -363, SOAP_ERRORS);
      const groups = xmlList<XmlNode>((args.MobileList as XmlNode | undefined)?.MobileFileGroup);
      if (groups.length === 0 || groups.length > 50) fail(kind === 'sms' ? -335 : -365, SOAP_ERRORS);
      const targets: BatchTask['targets'] = [];
      const fileIds: string[] = [];
      for (const g of groups) {
        const type = s(g, 'TaskFileType');
        const id = s(g, 'TaskFileID');
        if (type === '1') {
          const file = files.numberFiles.find((f) => f.login === login && f.id === id);
          if (!file) fail(kind === 'sms' ? -336 : -366, SOAP_ERRORS);
          fileIds.push(id);
          targets.push(...file!.entries);
        } else if (type === '0') {
          if (!isMainlandMobile(id)) fail(kind === 'sms' ? -336 : -366, SOAP_ERRORS);
          targets.push({ mobile: id });
        }
      }
      if (targets.length === 0) fail(kind === 'sms' ? -336 : -366, SOAP_ERRORS);
      const task: BatchTask = { id: newId(state), kind, login, content, mmsFileId: mmsFileId || undefined, targets, status: '1', sent: 0, startAt: at!, clock: at!, fileIds };
      files.tasks.push(task);
      return { login, recipients: targets.length, inner: `${el(kind === 'sms' ? 'TaskSmsID' : 'TaskMmsID', task.id)}${el('ErrMsg', '')}` };
    }
    case 'Task_GetSmsStatus':
    case 'Task_GetMmsStatus': {
      const kind = op === 'Task_GetSmsStatus' ? 'sms' : 'mms';
      advanceTasks(state);
      const task = files.tasks.find((t) => t.login === login && t.kind === kind && t.id === s(args, kind === 'sms' ? 'TaskSmsID' : 'TaskMmsID'));
      if (!task) fail(kind === 'sms' ? -342 : -372, SOAP_ERRORS);
      const when = (at?: number) => (at ? formatBeijing(new Date(at), 'dateTime') : '');
      return { login, inner: `${el('Status', task!.status)}${el('ErrMsg', '')}${el('MobileCount', task!.targets.length)}${el('YFMobileCount', task!.sent)}${el('BeginTime', when(task!.beginTime))}${el('EndTime', when(task!.endTime))}` };
    }
    case 'Task_SmsStop':
    case 'Task_MmsStop':
    case 'Task_SmsStart':
    case 'Task_MmsStart': {
      const kind = op.startsWith('Task_Sms') ? 'sms' : 'mms';
      const stop = op.endsWith('Stop');
      advanceTasks(state);
      const task = files.tasks.find((t) => t.login === login && t.kind === kind && t.id === s(args, kind === 'sms' ? 'TaskSmsID' : 'TaskMmsID'));
      const codes = kind === 'sms' ? { missing: -352, state: stop ? -354 : -356 } : { missing: -382, state: stop ? -384 : -386 };
      if (!task) fail(codes.missing, SOAP_ERRORS);
      if (stop) {
        if (!TASK_STOPPABLE.has(task!.status)) fail(codes.state, SOAP_ERRORS);
        task!.status = '6';
      } else {
        if (!TASK_STARTABLE.has(task!.status)) fail(codes.state, SOAP_ERRORS);
        task!.status = '4';
        task!.clock = Date.now();
      }
      return { login, inner: errCode(0) };
    }
    default:
      throw new SoapFault(`Server did not recognize the value of HTTP Header SOAPAction: http://tempuri.org/${op}.`);
  }
}

class SoapFault extends Error {}

let wsdlTemplate: string | undefined;
function wsdl(origin: string): string {
  wsdlTemplate ??= readFileSync(join(__dirname, '..', '..', 'core', 'vendors', 'mobset', 'mobset.wsdl'), 'utf8');
  return wsdlTemplate.replace(/<soap:address location="[^"]*"/, `<soap:address location="${origin}/mobset/Api"`);
}

function handleSoap(state: SandboxState, request: SandboxRequest): SandboxReply {
  if (request.method === 'GET' && request.query.has('wsdl')) {
    return { status: 200, headers: { 'content-type': 'text/xml; charset=utf-8' }, body: wsdl(request.origin), log: { endpoint: 'Api?wsdl', fields: {}, outcome: 'WSDL' } };
  }
  const faultReply = (message: string, status = 500): SandboxReply => ({
    status,
    headers: { 'content-type': 'text/xml; charset=utf-8' },
    body: `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>soap:Client</faultcode><faultstring>${xmlEscape(message)}</faultstring></soap:Fault></soap:Body></soap:Envelope>`,
    log: { endpoint: 'Api', fields: {}, outcome: `fault: ${message}` },
  });
  let body: XmlNode;
  try {
    // Number files run to tens of megabytes: the sandbox reads as much as its body cap allows.
    const doc = parseXml(request.body.toString('utf8'), { arrays: ['MobileListGroup', 'MmsFileGroup', 'MobileFileGroup'], maxCharacters: 64 * 1024 * 1024 });
    body = ((doc.Envelope as XmlNode | undefined)?.Body ?? {}) as XmlNode;
  } catch {
    return faultReply('Server was unable to read request.');
  }
  const op = Object.keys(body)[0];
  if (!op) return faultReply('Server was unable to read request.');
  const action = (request.headers.soapaction ?? '').replace(/"/g, '');
  if (action !== `http://tempuri.org/${op}`) return faultReply(`Server did not recognize the value of HTTP Header SOAPAction: ${action}.`);
  const args = (body[op] ?? {}) as XmlNode;
  const flat: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(args)) flat[key] = typeof value === 'object' ? '(list)' : value;
  const log = { endpoint: op, fields: maskFields(flat) };
  try {
    const out = soapOp(state, op, args);
    return { status: 200, headers: { 'content-type': 'text/xml; charset=utf-8' }, body: soapEnvelope(op, out.inner), log: { ...log, login: out.login, outcome: 'ok', recipients: out.recipients } };
  } catch (error) {
    if (error instanceof SoapFault) return faultReply(error.message);
    if (!(error instanceof MobsetFailure)) throw error;
    const returnElement: Record<string, string> = {
      Sms_GetBalance: 'Balance',
      Sms_GetSign: 'ErrCode',
      Mms_UpFile: 'MmsFileID',
      Mms_GetFileStatus: 'Status',
      Task_UpFile: 'TaskFileID',
      Task_DelFile: 'ErrCode',
      Task_SmsSend: 'TaskSmsID',
      Task_MmsSend: 'TaskMmsID',
      Task_GetSmsStatus: 'Status',
      Task_GetMmsStatus: 'Status',
      Task_SmsStop: 'ErrCode',
      Task_SmsStart: 'ErrCode',
      Task_MmsStop: 'ErrCode',
      Task_MmsStart: 'ErrCode',
    };
    const first = returnElement[op] ?? 'Count';
    return {
      status: 200,
      headers: { 'content-type': 'text/xml; charset=utf-8' },
      body: soapEnvelope(op, `${el(first, error.code)}${el('ErrMsg', error.message)}`),
      log: { ...log, login: s(args, 'LoginName'), outcome: `${error.code} ${error.message}` },
    };
  }
}

export const mobsetProtocol: Protocol = {
  prefix: '/mobset',
  vendor: 'mobset',
  handle(request, state) {
    const path = request.path.toLowerCase();
    if (path === '/sdk3/sms') return handleSdk3(state, request);
    if (path === '/api') return handleSoap(state, request);
    return { status: 404, headers: { 'content-type': 'text/html' }, body: '<html><body>404</body></html>', log: { endpoint: request.path, fields: {}, outcome: '404' } };
  },
  faultReply(kind, request, code) {
    const number = kind === 'rateLimit' ? -188 : Number(code ?? -190);
    if (request.path.toLowerCase() === '/sdk3/sms') {
      return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ Code: number, Message: SDK3_ERRORS[String(number)] ?? SOAP_ERRORS[String(number)] ?? '' }), log: { endpoint: 'SDK3', fields: {}, outcome: `fault ${number}` } };
    }
    const op = /<(?:\w+:)?(\w+_\w+)[\s>]/.exec(request.body.toString('utf8'))?.[1] ?? 'Sms_Send';
    return { status: 200, headers: { 'content-type': 'text/xml; charset=utf-8' }, body: soapEnvelope(op, `${el('Count', number)}${el('ErrMsg', SOAP_ERRORS[String(number)] ?? '')}`), log: { endpoint: op, fields: {}, outcome: `fault ${number}` } };
  },
  async push(state) {
    // Not a push: Mobset has none. The sandbox's tick moves batch tasks along.
    advanceTasks(state);
  },
};
