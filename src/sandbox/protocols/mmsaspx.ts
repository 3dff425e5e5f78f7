/**
 * The sendmms.aspx MMS platform: `balance:taskid` or a bare code 0-10 from send, the
 * overage XML, and mmsStatusApi.aspx (default 4000, at most 10000 reports a call).
 */
import type { VendorId } from '../../core/model';
import { isMainlandMobile } from '../../core/phone';
import { parseBeijing } from '../../core/time';
import { parseSendMmsContent } from '../../core/vendors/aspx/mms';
import { field, type Protocol, requestFields, type SandboxReply, xmlEscape } from '../http';
import { MAGIC_NUMBERS, maskFields, type SandboxState } from '../state';
import { handleStatus, passwordMatches } from './smsaspx';

const VENDOR: VendorId = 'mmsaspx';

function text(body: string, log: SandboxReply['log']): SandboxReply {
  return { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body, log };
}

function handleSend(state: SandboxState, fields: Record<string, string>): SandboxReply {
  const content = field(fields, 'content');
  const log = { endpoint: 'sendmms.aspx', login: field(fields, 'account'), fields: maskFields({ ...fields, content: `(${content.length} characters)` }) };
  const fail = (code: number) => text(String(code), { ...log, outcome: `code ${code}` });
  const login = field(fields, 'account');
  const password = field(fields, 'password');
  if (login === '' || password === '') return fail(1);
  const account = state.account(VENDOR, login);
  if (!account || !passwordMatches(account, password)) return fail(2);
  const mobiles = field(fields, 'mobile').split(',').map((m) => m.trim()).filter((m) => m !== '');
  if (mobiles.length === 0) return fail(3);
  if (content.trim() === '') return fail(4);
  if (mobiles.length > 2000) return fail(5);
  if (mobiles.some((m) => !isMainlandMobile(m) || m === MAGIC_NUMBERS.blacklisted)) return fail(0);
  const starttime = field(fields, 'starttime');
  if (starttime !== '' && !parseBeijing(starttime)) return fail(0);
  let frames: ReturnType<typeof parseSendMmsContent>;
  try {
    frames = parseSendMmsContent(content);
  } catch {
    return fail(0);
  }
  if (frames.length === 0 || frames.some((f) => !Number.isFinite(f.durationSeconds) || f.resources.some((r) => !['txt', 'gif', 'jpg'].includes(r.type)))) {
    return fail(0);
  }
  const size = Buffer.byteLength(field(fields, 'title')) + frames.reduce((sum, f) => sum + f.resources.reduce((s, r) => s + r.data.length, 0), 0);
  if (size > 100 * 1024) return fail(9);
  if (account.balance < mobiles.length) return fail(6);
  const batch = state.nextId().slice(-14);
  const files = frames.flatMap((f, i) => f.resources.map((r, j) => ({ name: `${i + 1}-${j + 1}.${r.type}`, type: r.type, base64: r.data.toString('base64') })));
  const body = frames.flatMap((f) => f.resources.filter((r) => r.text !== undefined).map((r) => r.text)).join('\n');
  const scheduledAt = starttime ? parseBeijing(starttime)?.getTime() : undefined;
  for (const mobile of mobiles) {
    account.balance -= 1;
    state.accept({ vendor: VENDOR, login, mobile, kind: 'mms', subject: field(fields, 'title'), content: body, files, batchId: batch, parts: 1, scheduledAt });
  }
  return text(`${account.balance}:${batch}`, { ...log, outcome: `${account.balance}:${batch}`, recipients: mobiles.length });
}

function handleOverage(state: SandboxState, fields: Record<string, string>): SandboxReply {
  const log = { endpoint: 'sendmms.aspx', login: field(fields, 'account'), fields: maskFields(fields) };
  const account = state.account(VENDOR, field(fields, 'account'));
  const ok = account && passwordMatches(account, field(fields, 'password'));
  const message = field(fields, 'account') === '' || field(fields, 'password') === '' ? '用户名或密码不能为空' : ok ? '' : '用户名或密码错误';
  const body =
    `<?xml version="1.0" encoding="utf-8" ?>\n<returnsms>\n<returnstatus>${ok ? 'Success' : 'Faild'}</returnstatus>\n<message>${xmlEscape(message)}</message>\n` +
    `<payinfo>${ok ? '预付费' : ''}</payinfo>\n<overage>${ok ? account!.balance : 0}</overage>\n<sendTotal>${ok ? account!.balance : 0}</sendTotal>\n</returnsms>`;
  return { status: 200, headers: { 'content-type': 'text/xml; charset=utf-8' }, body, log: { ...log, outcome: ok ? `overage ${account!.balance}` : message } };
}

export const mmsAspxProtocol: Protocol = {
  prefix: '/mmsaspx',
  vendor: VENDOR,
  handle(request, state) {
    const endpoint = request.path.replace(/^\//, '').toLowerCase();
    const fields = requestFields(request);
    if (endpoint === 'sendmms.aspx') {
      const action = field(fields, 'action').toLowerCase();
      if (action === 'overage') return handleOverage(state, fields);
      if (action === 'send') return handleSend(state, fields);
      return text('0', { endpoint, login: field(fields, 'account'), fields: maskFields(fields), outcome: 'code 0' });
    }
    if (endpoint === 'mmsstatusapi.aspx') return handleStatus(state, fields, 'mmsStatusApi.aspx', VENDOR, false, 4000, 10000);
    return { status: 404, headers: { 'content-type': 'text/html' }, body: '<html><body>404</body></html>', log: { endpoint, fields: {}, outcome: '404' } };
  },
  faultReply(kind, request, code) {
    return text(kind === 'rateLimit' ? '8' : code ?? '8', { endpoint: request.path.replace(/^\//, ''), fields: {}, outcome: `fault ${kind}` });
  },
};
