/**
 * The gateway sandbox: every simulated protocol on its own path prefix, an admin API for
 * faults, inbound replies and the request log, and the virtual phones page. It listens on
 * 127.0.0.1 unless told otherwise: it holds fake accounts and an admin API.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { request as undiciRequest } from 'undici';
import type { VendorId } from '../core/model';
import type { Protocol, PushDeliverer, SandboxReply, SandboxRequest } from './http';
import { emayProtocol } from './protocols/emay';
import { mmsAspxProtocol } from './protocols/mmsaspx';
import { mobsetProtocol } from './protocols/mobset';
import { smsAspxProtocol } from './protocols/smsaspx';
import { type Fault, MAGIC_NUMBERS, type SandboxInbound, SandboxState, type SandboxOptions } from './state';

export interface StartSandboxOptions extends SandboxOptions {
  port?: number;
  host?: string;
  /** How often waiting reports and MO are pushed. */
  pushIntervalMs?: number;
  /** Silences the start-up banner (tests). */
  quiet?: boolean;
  /** Emay push retry delays; the document's are 10 s, 1 min and 10 min. */
  emayPushRetryMs?: number[];
}

export interface Sandbox {
  /** e.g. http://127.0.0.1:4010 */
  url: string;
  state: SandboxState;
  /** Base URLs to put into credentials, per vendor. */
  baseUrls: Record<VendorId, string>;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 60 * 1024 * 1024;

export const PROTOCOLS: Protocol[] = [smsAspxProtocol, mmsAspxProtocol, mobsetProtocol, emayProtocol];

export async function startSandbox(options: StartSandboxOptions = {}): Promise<Sandbox> {
  const state = new SandboxState(options);
  if (options.emayPushRetryMs) state.vendorData('emay.pushRetryMs', () => options.emayPushRetryMs!);
  const host = options.host ?? '127.0.0.1';
  const sockets = new Set<Socket>();
  const hung = new Set<ServerResponse>();
  let origin = '';

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`sandbox error: ${(error as Error).message}`);
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    const body = await readBody(req);
    if (body === undefined) {
      res.writeHead(413).end();
      return;
    }
    if (url.pathname.startsWith('/admin/') || url.pathname === '/' || url.pathname.startsWith('/phones')) {
      return handleAdmin(url, req, body, res);
    }
    const protocol = PROTOCOLS.find((p) => url.pathname.startsWith(p.prefix + '/'));
    if (!protocol) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('No simulated gateway here. Open / for the virtual phones.');
      return;
    }
    const request: SandboxRequest = {
      method: req.method ?? 'GET',
      path: url.pathname.slice(protocol.prefix.length),
      query: url.searchParams,
      headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v])),
      body,
      origin,
    };
    const fault = state.pickFault(url.pathname);
    if (fault) {
      const handled = await applyFault(fault, protocol, request, res);
      if (handled) return;
    }
    const reply = await protocol.handle(request, state);
    send(res, reply);
    state.record({ vendor: protocol.vendor, status: reply.status, ...reply.log, fault: fault?.type });
  }

  async function applyFault(fault: Fault, protocol: Protocol, request: SandboxRequest, res: ServerResponse): Promise<boolean> {
    const log = (outcome: string, status = 0) =>
      state.record({ vendor: protocol.vendor, endpoint: request.path.replace(/^\//, ''), fields: {}, status, outcome, fault: fault.type });
    switch (fault.type) {
      case 'latency':
        await new Promise((resolve) => setTimeout(resolve, fault.delayMs ?? 1000));
        return false;
      case 'hang':
        hung.add(res);
        res.on('close', () => hung.delete(res));
        log('hung');
        return true;
      case 'reset':
        log('connection reset');
        res.socket?.destroy();
        return true;
      case 'garbage': {
        const bytes = Buffer.alloc(256);
        for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
        res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' }).end(bytes);
        log('garbage', 200);
        return true;
      }
      case 'html':
        res
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end('<!DOCTYPE html><html><head><title>Runtime Error</title></head><body><h1>Server Error in \'/\' Application.</h1></body></html>');
        log('html error page', 200);
        return true;
      case 'http500':
        res.writeHead(500, { 'content-type': 'text/plain' }).end('Internal Server Error');
        log('HTTP 500', 500);
        return true;
      case 'error':
      case 'rateLimit': {
        const reply = protocol.faultReply(fault.type, request, fault.code);
        send(res, reply);
        state.record({ vendor: protocol.vendor, status: reply.status, ...reply.log, fault: fault.type });
        return true;
      }
    }
  }

  function handleAdmin(url: URL, req: IncomingMessage, body: Buffer, res: ServerResponse): void {
    const json = (status: number, value: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(value));
    };
    const input = () => (body.length ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {});
    try {
      if (url.pathname === '/' || url.pathname === '/phones') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(phonesPage());
        return undefined;
      }
      switch (`${req.method} ${url.pathname}`) {
        case 'GET /admin/state':
          state.settle();
          return json(200, publicState(state));
        case 'GET /admin/log': {
          const since = Number(url.searchParams.get('since') ?? 0);
          return json(200, state.log.filter((entry) => entry.seq > since));
        }
        case 'DELETE /admin/messages':
          state.forgetMessages();
          return json(200, { messages: 0 });
        case 'POST /admin/faults':
          return json(201, state.addFault(input() as unknown as Omit<Fault, 'id'>));
        case 'DELETE /admin/faults':
          state.faults = [];
          return json(200, { ok: true });
        case 'POST /admin/reply': {
          const { vendor, login, mobile, content, extension, subject, files } = input() as Record<string, string> & { files?: SandboxInbound['files'] };
          const target = state.accounts.find((a) => a.vendor === vendor && (!login || a.login === login));
          if (!target || !mobile || (!content && !files)) return json(400, { error: 'vendor, mobile and content are required' });
          const kind = files ? 'mms' : 'sms';
          return json(201, state.addInbound({ vendor: target.vendor, login: target.login, mobile, content: content ?? '', extension, kind, subject, files }));
        }
        case 'POST /admin/accounts': {
          const { vendor, login, ...changes } = input() as Record<string, unknown>;
          const account = state.account(vendor as VendorId, String(login));
          if (!account) return json(404, { error: 'no such account' });
          Object.assign(account, changes);
          return json(200, { ...account, password: '***' });
        }
        case 'POST /admin/settings': {
          const { reportDelayMs } = input() as { reportDelayMs?: number };
          if (typeof reportDelayMs === 'number') state.reportDelayMs = reportDelayMs;
          return json(200, { reportDelayMs: state.reportDelayMs });
        }
        default:
          return json(404, { error: 'unknown admin route' });
      }
    } catch (error) {
      return json(400, { error: (error as Error).message });
    }
  }

  const deliver: PushDeliverer = async (target, pushBody, headers) => {
    try {
      const response = await undiciRequest(target, { method: 'POST', body: pushBody, headers, headersTimeout: 10_000, bodyTimeout: 10_000 });
      return { status: response.statusCode, body: await response.body.text() };
    } catch (error) {
      return { error: (error as { code?: string }).code ?? (error as Error).message };
    }
  };

  let pushing = false;
  const pushTimer = setInterval(() => {
    if (pushing) return;
    pushing = true;
    Promise.all(PROTOCOLS.map((p) => p.push?.(state, deliver)))
      .catch(() => undefined)
      .finally(() => {
        pushing = false;
      });
  }, options.pushIntervalMs ?? 250);
  pushTimer.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  origin = `http://${shownHost}:${address.port}`;
  if (!options.quiet) {
    const exposed = host !== '127.0.0.1' && host !== 'localhost' && host !== '::1';
    console.log(`Gateway sandbox listening on ${origin}${exposed ? '  (WARNING: reachable from the network; it holds fake accounts and an admin API)' : ' (this machine only)'}`);
  }

  return {
    url: origin,
    state,
    baseUrls: {
      smsaspx: `${origin}/smsaspx`,
      mmsaspx: `${origin}/mmsaspx`,
      mobset: `${origin}/mobset`,
      emay: `${origin}/emay`,
    },
    async close() {
      clearInterval(pushTimer);
      for (const res of hung) res.destroy();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function send(res: ServerResponse, reply: SandboxReply): void {
  res.writeHead(reply.status, reply.headers ?? {});
  res.end(reply.body);
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    req.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > MAX_BODY_BYTES) {
        resolve(undefined);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** What the virtual phones page shows: messages per number, without any secret. */
export function publicState(state: SandboxState) {
  return {
    magicNumbers: MAGIC_NUMBERS,
    reportDelayMs: state.reportDelayMs,
    accounts: state.accounts.map((a) => ({ vendor: a.vendor, login: a.login, balance: a.balance, mmsBalance: a.mmsBalance })),
    messages: state.messages.slice(-2000).map((m) => ({
      id: m.id,
      vendor: m.vendor,
      login: m.login,
      mobile: m.mobile,
      kind: m.kind,
      content: m.content,
      subject: m.subject,
      files: m.files,
      batchId: m.batchId,
      state: m.state,
      reportCode: m.reportCode,
      reportHandedOut: m.reportHandedOut,
      failureReason: m.failureReason,
      submittedAt: m.submittedAt,
      scheduledAt: m.scheduledAt,
    })),
    inbound: state.inbound.slice(-2000),
    log: state.log.slice(-200),
  };
}

let cachedPage: string | undefined;
function phonesPage(): string {
  cachedPage ??= readFileSync(join(__dirname, 'phones.html'), 'utf8');
  return cachedPage;
}
