/**
 * Emay EUCP: the secure interface (/emay/inter/*: AES with the secretKey's bytes, gzip when
 * the `gzip: on` header says so, requestTime + requestValidPeriod, the `result` header), the
 * simple interface (/emay/simpleinter/*: md5 sign, 14-digit timestamp), retrieveReport, short
 * links, and pushes (encrypted or plain) retried after 10 s, 1 min and 10 min.
 */
import { createHash } from 'node:crypto';
import { aesEcbDecrypt, gunzip, isGzip } from '../../core/crypto';
import { isMainlandMobile } from '../../core/phone';
import { countCharacters, smsParts } from '../../core/segments';
import { formatBeijing, parseBeijing } from '../../core/time';
import { emayKey, emaySign, sealEmay } from '../../core/vendors/emay/codec';
import { field, type Protocol, type PushDeliverer, requestFields, type SandboxReply, type SandboxRequest } from '../http';
import { MAGIC_NUMBERS, maskFields, type SandboxAccount, type SandboxMessage, type SandboxState } from '../state';

type Json = Record<string, unknown>;

class EmayFailure extends Error {}
const fail = (code: string): never => {
  throw new EmayFailure(code);
};

interface EmayTemplate {
  id: string;
  appId: string;
  content: string;
  status: string;
  decideAt: number;
}

interface ShortLink {
  code: string;
  appId: string;
  mobile: string;
  url: string;
}

interface EmayData {
  seq: number;
  templates: EmayTemplate[];
  links: ShortLink[];
  clicks: Array<{ appId: string; mobile: string; url: string; at: number; userAgent: string; address: string; handedOut: boolean }>;
  seenRequests: Map<string, number>;
  pushQueue: Array<{ url: string; body: Buffer | string; headers: Record<string, string>; tries: number; nextAt: number }>;
}

/** 2.3.3: retries 10 s, 1 min and 10 min after a failed push. */
export const EMAY_PUSH_RETRY_MS = [10_000, 60_000, 600_000];

function data(state: SandboxState): EmayData {
  return state.vendorData<EmayData>('emay', () => ({ seq: 0, templates: [], links: [], clicks: [], seenRequests: new Map(), pushQueue: [] }));
}

function smsId(state: SandboxState): string {
  const d = data(state);
  d.seq = (d.seq + 1) % 1_000_000;
  return formatBeijing(new Date(), 'compact14') + String(d.seq).padStart(6, '0');
}

const s = (v: unknown) => (v === undefined || v === null ? '' : String(v));

function reportState(m: SandboxMessage): string {
  if (m.state === 'delivered') return 'DELIVRD';
  return m.failureReason ?? 'FAIL_MOBILE_SUPPORT';
}

function reportJson(m: SandboxMessage) {
  const at = (t?: number) => formatBeijing(new Date(t ?? Date.now()), 'dateTime');
  // The document's examples key the receive time as "receiveTime " (with a space); so do we.
  return { mobile: m.mobile, smsId: m.id, customSmsId: m.customId ?? null, state: reportState(m), desc: m.state === 'delivered' ? '成功' : '失败', 'receiveTime ': at(m.reportAt), submitTime: at(m.submittedAt), extendedCode: m.extension ?? null };
}

function moJson(e: { mobile: string; content: string; receivedAt: number; extension?: string }) {
  return { mobile: e.mobile, content: e.content, moTime: formatBeijing(new Date(e.receivedAt), 'dateTime'), extendedCode: e.extension ?? null };
}

interface SmsInput {
  mobile?: unknown;
  content?: unknown;
  customSmsId?: unknown;
  timerTime?: unknown;
  extendedCode?: unknown;
}

/** The checks every send makes, in the order of the code table. */
function accept(state: SandboxState, account: SandboxAccount, messages: SmsInput[], timerFormat: 'dateTime' | 'compact'): Json[] {
  if (messages.length === 0) fail('ERROR_MOBILE_EMPTY');
  if (messages.length > 500) fail('ERROR_MOBILE_NUMBER');
  let cost = 0;
  const checked = messages.map((m) => {
    const mobile = s(m.mobile);
    if (mobile === '') fail('ERROR_MOBILE_EMPTY');
    if (!isMainlandMobile(mobile) || mobile.length !== 11) fail('ERROR_MOBILE_ERROR');
    const content = s(m.content);
    if (content.trim() === '') fail('ERROR_CONTENT_EMPTY');
    if (countCharacters(content) > 1000) fail('ERROR_LONG_CONTENT');
    if (s(m.customSmsId).length > 32) fail('ERROR_CUSTOM_SMSID');
    const ext = s(m.extendedCode);
    if (ext !== '' && (!/^\d+$/.test(ext) || ext.length > 12)) fail('ERROR_EXTENDED_CODE');
    let scheduledAt: number | undefined;
    const timer = s(m.timerTime);
    if (timer !== '') {
      const at = timerFormat === 'compact' ? (/^\d{14}$/.test(timer) ? parseBeijing(timer) : undefined) : /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(timer) ? parseBeijing(timer) : undefined;
      if (!at || at.getTime() < Date.now() - 60_000 || at.getTime() > Date.now() + 90 * 86_400_000) fail('ERROR_SMS_TIME');
      scheduledAt = at!.getTime();
    }
    const parts = smsParts(countCharacters(content));
    cost += parts;
    return { mobile, content, customId: s(m.customSmsId) || undefined, extension: ext || undefined, scheduledAt, parts };
  });
  if (account.balance < cost) fail('ERROR_BALANCE');
  const batch = smsId(state);
  return checked.map((m) => {
    account.balance -= m.parts;
    // Emay takes a blacklisted number and fails it in the report, where other platforms refuse it.
    const failureReason = m.mobile === MAGIC_NUMBERS.blacklisted ? 'FAIL_BLACK_LIST' : undefined;
    const stored = state.accept({ id: smsId(state), vendor: 'emay', login: account.login, mobile: m.mobile, kind: 'sms', content: m.content, batchId: batch, customId: m.customId, extension: m.extension, parts: m.parts, scheduledAt: m.scheduledAt, failureReason });
    return { mobile: m.mobile, smsId: stored.id, customSmsId: m.customId ?? null };
  });
}

function decideTemplates(state: SandboxState): void {
  for (const t of data(state).templates) if (t.status === '0' && t.decideAt <= Date.now()) t.status = /拒绝/.test(t.content) ? '2' : '1';
}

function fillTemplate(state: SandboxState, appId: string, templateId: string, variables?: Json): string {
  decideTemplates(state);
  const template = data(state).templates.find((t) => t.appId === appId && t.id === templateId);
  if (!template || template.status !== '1') fail('ERROR_PARAMS');
  let content = template!.content;
  for (const [name, value] of Object.entries(variables ?? {})) content = content.split(`\${${name}}`).join(s(value)).split(`{${name}}`).join(s(value));
  return content;
}

function secureOperation(state: SandboxState, request: SandboxRequest, account: SandboxAccount, endpoint: string, body: Json): unknown {
  const appId = account.login;
  const smses = () => (Array.isArray(body.smses) ? (body.smses as Json[]) : fail('ERROR_PARAMS')) as Json[];
  switch (endpoint) {
    case 'sendSingleSMS':
      return accept(state, account, [body], 'dateTime')[0];
    case 'sendBatchSMS':
      return accept(state, account, smses().map((m) => ({ ...m, content: body.content, timerTime: body.timerTime, extendedCode: body.extendedCode })), 'dateTime');
    case 'sendBatchOnlySMS': {
      const mobiles = Array.isArray(body.mobiles) ? (body.mobiles as unknown[]) : fail('ERROR_MOBILE_EMPTY');
      return accept(state, account, (mobiles as unknown[]).map((mobile) => ({ mobile, content: body.content, timerTime: body.timerTime, extendedCode: body.extendedCode })), 'dateTime');
    }
    case 'sendPersonalitySMS':
      return accept(state, account, smses().map((m) => ({ ...m, timerTime: body.timerTime, extendedCode: body.extendedCode }) as SmsInput), 'dateTime');
    case 'sendPersonalityAllSMS':
      return accept(state, account, smses() as unknown as SmsInput[], 'dateTime');
    case 'sendTemplateNormalSMS': {
      const content = fillTemplate(state, appId, s(body.templateId));
      return accept(state, account, smses().map((m) => ({ ...m, content, timerTime: body.timerTime, extendedCode: body.extendedCode })), 'dateTime');
    }
    case 'sendTemplateVariableSMS':
      return accept(
        state,
        account,
        smses().map((m) => ({ ...m, content: fillTemplate(state, appId, s(body.templateId), m.content as Json), timerTime: body.timerTime, extendedCode: body.extendedCode })),
        'dateTime',
      );
    case 'sendShortLinkSMS': {
      const url = s(body.url);
      if (!/^https?:\/\//.test(url) || !s(body.content).includes('{#短网址#}') || !['1', '2'].includes(s(body.shortLinkRule))) fail('ERROR_PARAMS');
      return accept(
        state,
        account,
        smses().map((m) => {
          const code = createHash('sha1').update(`${appId}${s(m.mobile)}${url}${Date.now()}${Math.random()}`).digest('base64url').slice(0, 10);
          data(state).links.push({ code, appId, mobile: s(m.mobile), url });
          return { ...m, content: s(body.content).replace('{#短网址#}', `${request.origin}/emay/s/${code}`), timerTime: body.timerTime, extendedCode: body.extendedCode };
        }),
        'dateTime',
      );
    }
    case 'createTemplateSMS': {
      const content = s(body.templateContent);
      if (content.trim() === '') fail('ERROR_CONTENT_EMPTY');
      const template = { id: smsId(state).slice(-10), appId, content, status: '0', decideAt: Date.now() + state.reportDelayMs };
      data(state).templates.push(template);
      return { templateId: template.id };
    }
    case 'deleteTemplateSMS': {
      const list = data(state).templates;
      const index = list.findIndex((t) => t.appId === appId && t.id === s(body.templateId));
      if (index >= 0) list.splice(index, 1);
      return { code: index >= 0 ? 'true' : 'false', templateId: s(body.templateId) };
    }
    case 'queryTemplateSMS': {
      decideTemplates(state);
      const template = data(state).templates.find((t) => t.appId === appId && t.id === s(body.templateId));
      return { status: template ? template.status : '-1', templateId: s(body.templateId) };
    }
    case 'getReport':
      return state.takeReports('emay', appId, number(body.number)).map(reportJson);
    case 'getMo':
      return state.takeInbound('emay', appId, number(body.number)).map(moJson);
    case 'getShortLink': {
      const clicks = data(state).clicks.filter((c) => c.appId === appId && !c.handedOut).slice(0, number(body.number));
      for (const c of clicks) c.handedOut = true;
      return clicks.map((c) => ({ mobile: c.mobile, accessTime: formatBeijing(new Date(c.at), 'dateTime'), equipment: 'Sandbox', browser: 'Sandbox', longLink: c.url, accessAddress: c.address, userAgent: c.userAgent, appId }));
    }
    case 'getBalance':
      return { balance: account.balance };
    default:
      return fail('ERROR_PARAMS');
  }
}

function number(value: unknown): number {
  if (value === undefined || value === null || value === '') return 500;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) fail('ERROR_PARAMS');
  return Math.min(n, 500);
}

function handleSecure(state: SandboxState, request: SandboxRequest, endpoint: string): SandboxReply {
  const appId = request.headers.appid ?? '';
  const log = { endpoint: `inter/${endpoint}`, login: appId, fields: { gzip: request.headers.gzip ?? '', bytes: request.body.length } as Json };
  const refuse = (code: string): SandboxReply => ({ status: 200, headers: { result: code }, body: '', log: { ...log, outcome: code } });
  const account = state.accounts.find((a) => a.vendor === 'emay' && a.login === appId);
  if (!account) return refuse('ERROR_APPID');
  const gzipped = request.headers.gzip === 'on';
  let body: Json;
  try {
    let plain = aesEcbDecrypt(request.body, emayKey(account.password));
    if (gzipped) {
      if (!isGzip(plain)) return refuse('ERROR_ENCRYPTION');
      plain = gunzip(plain);
    }
    body = JSON.parse(plain.toString('utf8')) as Json;
  } catch {
    return refuse('ERROR_ENCRYPTION');
  }
  const requestTime = Number(body.requestTime);
  const period = Number(body.requestValidPeriod);
  if (!Number.isFinite(requestTime) || !Number.isFinite(period)) return refuse('ERROR_PARAMS');
  // 判断方法：请求时间 + 请求有效时间 > 当前时间 ? 有效 : 无效
  if (!(requestTime + period * 1000 > Date.now())) return refuse('ERROR_REQUEST_NO_VALID');
  const digest = createHash('sha1').update(request.body).digest('hex');
  const seen = data(state).seenRequests;
  for (const [key, until] of seen) if (until < Date.now()) seen.delete(key);
  if (seen.has(digest)) return refuse('ERROR_REQUEST_NO_VALID');
  seen.set(digest, requestTime + period * 1000);
  log.fields = { ...log.fields, ...maskFields(summary(body)) };
  try {
    const result = secureOperation(state, request, account, endpoint, body);
    const count = Array.isArray(result) ? result.length : undefined;
    return {
      status: 200,
      headers: { result: 'SUCCESS', 'content-type': 'application/octet-stream' },
      body: sealEmay(result, emayKey(account.password), gzipped),
      log: { ...log, outcome: 'SUCCESS', recipients: endpoint.startsWith('send') ? count ?? 1 : undefined },
    };
  } catch (error) {
    if (error instanceof EmayFailure) return refuse(error.message);
    throw error;
  }
}

function summary(body: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(body)) out[k] = Array.isArray(v) ? `(${v.length} items)` : typeof v === 'object' && v !== null ? '(object)' : v;
  return out;
}

function signedAccount(state: SandboxState, fields: Record<string, string>): SandboxAccount {
  const appId = field(fields, 'appId');
  const account = state.accounts.find((a) => a.vendor === 'emay' && a.login === appId);
  if (!account) fail('ERROR_APPID');
  const timestamp = field(fields, 'timestamp');
  const at = /^\d{14}$/.test(timestamp) ? parseBeijing(timestamp) : undefined;
  if (!at || Math.abs(at.getTime() - Date.now()) > 10 * 60_000) fail('ERROR_TIMESTAMP');
  if (field(fields, 'sign').toLowerCase() !== emaySign(appId, account!.password, timestamp)) fail('ERROR_SIGN');
  return account!;
}

function handleSimple(state: SandboxState, request: SandboxRequest, endpoint: string): SandboxReply {
  const fields = requestFields(request);
  const log = { endpoint: `simpleinter/${endpoint}`, login: field(fields, 'appId'), fields: maskFields(fields) };
  const reply = (body: Json, recipients?: number): SandboxReply => ({ status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body), log: { ...log, outcome: s(body.code), recipients } });
  try {
    const account = signedAccount(state, fields);
    switch (endpoint) {
      case 'sendSMS': {
        const mobiles = field(fields, 'mobiles').split(',').map((m) => m.trim()).filter(Boolean);
        const result = accept(state, account, mobiles.map((mobile) => ({ mobile, content: field(fields, 'content'), customSmsId: field(fields, 'customSmsId'), timerTime: field(fields, 'timerTime'), extendedCode: field(fields, 'extendedCode') })), 'compact');
        return reply({ code: 'SUCCESS', data: result }, result.length);
      }
      case 'sendPersonalitySMS': {
        const reserved = new Set(['appid', 'timestamp', 'sign', 'timertime', 'customsmsid', 'extendedcode']);
        const messages = Object.entries(fields)
          .filter(([k]) => !reserved.has(k.toLowerCase()))
          .map(([mobile, content]) => ({ mobile, content, customSmsId: field(fields, 'customSmsId'), timerTime: field(fields, 'timerTime'), extendedCode: field(fields, 'extendedCode') }));
        const result = accept(state, account, messages, 'compact');
        return reply({ code: 'SUCCESS', data: result }, result.length);
      }
      case 'getReport':
        return reply({ code: 'SUCCESS', data: state.takeReports('emay', account.login, number(field(fields, 'number'))).map(reportJson) });
      case 'getMo':
        return reply({ code: 'SUCCESS', data: state.takeInbound('emay', account.login, number(field(fields, 'number'))).map(moJson) });
      case 'getBalance':
        return reply({ code: 'SUCCESS', data: { balance: account.balance } });
      default:
        return reply({ code: 'ERROR_PARAMS' });
    }
  } catch (error) {
    if (error instanceof EmayFailure) return reply({ code: error.message });
    throw error;
  }
}

/** 2.4 retrieveReport: window of at most 10 minutes within 30 days, at most 1000 smsIds. */
function handleRetrieve(state: SandboxState, request: SandboxRequest): SandboxReply {
  const fields = requestFields(request);
  const log = { endpoint: 'report/retrieveReport', login: field(fields, 'appId'), fields: maskFields(fields) };
  const reply = (text: string): SandboxReply => ({ status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: text, log: { ...log, outcome: text } });
  try {
    const account = signedAccount(state, fields);
    const start = /^\d{14}$/.test(field(fields, 'startTime')) ? parseBeijing(field(fields, 'startTime')) : undefined;
    const end = /^\d{14}$/.test(field(fields, 'endTime')) ? parseBeijing(field(fields, 'endTime')) : undefined;
    const now = Date.now();
    if (!start || !end || end <= start || end.getTime() > now + 60_000 || start.getTime() < now - 30 * 86_400_000 || end.getTime() - start.getTime() > 10 * 60_000) fail('ERROR_REPORT_TIME');
    const ids = field(fields, 'smsId').split(',').map((x) => x.trim()).filter(Boolean);
    if (ids.length > 1000) fail('ERROR_TOO_MUCH_SMSIDS');
    for (const m of state.messages) {
      if (m.vendor !== 'emay' || m.login !== account.login || !m.reportHandedOut) continue;
      // startTime/endTime are the messages' submit times, to the second.
      const submittedSecond = Math.floor(m.submittedAt / 1000) * 1000;
      if (submittedSecond < start!.getTime() || submittedSecond > end!.getTime()) continue;
      if (ids.length > 0 && !ids.includes(m.id)) continue;
      m.reportHandedOut = false;
    }
    return reply('SUCCESS');
  } catch (error) {
    if (error instanceof EmayFailure) return reply(error.message);
    throw error;
  }
}

function handleShortLinkClick(state: SandboxState, request: SandboxRequest, code: string): SandboxReply {
  const link = data(state).links.find((l) => l.code === code);
  if (!link) return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'no such link', log: { endpoint: `s/${code}`, fields: {}, outcome: '404' } };
  data(state).clicks.push({ appId: link.appId, mobile: link.mobile, url: link.url, at: Date.now(), userAgent: request.headers['user-agent'] ?? '', address: `${request.origin}/emay/s/${code}`, handedOut: false });
  return {
    status: 200,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    body: `<!DOCTYPE html><meta charset="utf-8"><p>沙箱短链已记录点击 · Sandbox short link click recorded.</p><p>${link.url.replace(/</g, '&lt;')}</p>`,
    log: { endpoint: `s/${code}`, login: link.appId, fields: {}, outcome: 'click' },
  };
}

export const emayProtocol: Protocol = {
  prefix: '/emay',
  vendor: 'emay',
  handle(request, state) {
    const [, area, endpoint] = request.path.split('/');
    if (area === 'inter' && endpoint) return handleSecure(state, request, endpoint);
    if (area === 'simpleinter' && endpoint) return handleSimple(state, request, endpoint);
    if (area === 'report' && endpoint === 'retrieveReport') return handleRetrieve(state, request);
    if (area === 's' && endpoint) return handleShortLinkClick(state, request, endpoint);
    return { status: 404, headers: { 'content-type': 'text/html' }, body: '<html><body>404</body></html>', log: { endpoint: request.path, fields: {}, outcome: '404' } };
  },
  faultReply(kind, request, code): SandboxReply {
    const result = kind === 'rateLimit' ? 'ERROR_OVER_SPEED' : code ?? 'ERROR_PARAMS';
    if (request.path.startsWith('/simpleinter/')) {
      return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: result }), log: { endpoint: request.path, fields: {}, outcome: result } };
    }
    return { status: 200, headers: { result }, body: '', log: { endpoint: request.path, fields: {}, outcome: result } };
  },
  async push(state, deliver) {
    await pushEmay(state, deliver);
  },
};

/** Sends waiting reports and MO of accounts with a push URL; retries as 2.3.3 says. */
export async function pushEmay(state: SandboxState, deliver: PushDeliverer, retryMs: number[] = state.vendorData('emay.pushRetryMs', () => EMAY_PUSH_RETRY_MS)): Promise<void> {
  const queue = data(state).pushQueue;
  for (const account of state.accounts) {
    if (account.vendor !== 'emay' || !account.pushUrl) continue;
    const batches: Array<['reports' | 'mos', unknown[]]> = [
      ['reports', state.takeReports('emay', account.login, 500).map(reportJson)],
      ['mos', state.takeInbound('emay', account.login, 500).map(moJson)],
    ];
    for (const [name, entries] of batches) {
      if (entries.length === 0) continue;
      const headers: Record<string, string> = { appId: account.login };
      let body: Buffer | string;
      if (account.pushEncrypted === false) {
        headers['content-type'] = 'application/x-www-form-urlencoded; charset=utf-8';
        body = new URLSearchParams({ [name]: JSON.stringify(entries) }).toString();
      } else {
        headers['content-type'] = 'application/octet-stream';
        body = sealEmay(entries, emayKey(account.password), true);
      }
      queue.push({ url: account.pushUrl, body, headers, tries: 0, nextAt: 0 });
    }
  }
  const now = Date.now();
  for (const item of [...queue]) {
    if (item.nextAt > now) continue;
    item.tries++;
    const outcome = await deliver(item.url, item.body, item.headers);
    const ok = !('error' in outcome) && outcome.body.trim() === 'success';
    state.record({ vendor: 'emay', endpoint: `push → ${item.url}`, fields: { try: item.tries }, status: 'error' in outcome ? 0 : outcome.status, outcome: 'error' in outcome ? outcome.error : `answered ${JSON.stringify(outcome.body.slice(0, 20))}` });
    if (ok || item.tries > retryMs.length) queue.splice(queue.indexOf(item), 1);
    else item.nextAt = now + retryMs[item.tries - 1];
  }
}
