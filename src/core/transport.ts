/**
 * HTTP for every vendor: one undici Agent (a keep-alive pool per origin), time-outs at each
 * stage, a response size cap, no redirects, and retries only where a repeat cannot send a
 * message twice. Every failure becomes a GatewayError that says whether the message may
 * already have gone out.
 */
import type { Dispatcher } from 'undici';
import { type Charset, encodeText } from './charset';
import { GatewayError, type SecretScrubber } from './errors';

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  /** Pieces are for bodies too large to hold whole; they need a content-length header. */
  body?: string | Buffer | Iterable<Buffer | string>;
}

export interface HttpReply {
  status: number;
  headers: Record<string, string | undefined>;
  body: Buffer;
}

export interface RetryPolicy {
  /** Attempts in all, the first one included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface TransportOptions {
  connectTimeoutMs?: number;
  /** Time to the reply's headers. Mobset asks for more than 30 s on sends. */
  headersTimeoutMs?: number;
  /** Longest silence while the body streams in. */
  bodyTimeoutMs?: number;
  /** A ceiling for one whole exchange, whatever the stages say. */
  totalTimeoutMs?: number;
  maxResponseBytes?: number;
  retry?: Partial<RetryPolicy>;
  /** Connections per origin. */
  connections?: number;
  /** Supply your own undici dispatcher (proxy, mock-free test servers, shared pools). */
  dispatcher?: Dispatcher;
  /** Receives one line per exchange, without bodies or secrets. */
  log?: (event: TransportEvent) => void;
}

export interface TransportEvent {
  vendor: string;
  operation: string;
  method: string;
  /** Origin and path only: query strings can carry credentials on GET endpoints. */
  target: string;
  attempt: number;
  status?: number;
  durationMs: number;
  error?: string;
}

export interface Exchange<T> {
  vendor: string;
  operation: string;
  /** A query that may be repeated freely. Sends are never idempotent. */
  idempotent: boolean;
  /** Called for every attempt, so signatures and timestamps are fresh each time. */
  request: () => HttpRequest;
  /** Turns the raw reply into a result, or throws a GatewayError with the vendor's code. */
  parse: (reply: HttpReply) => T;
  scrubber?: SecretScrubber;
}

let undiciModule: typeof import('undici') | undefined;
/** undici is loaded when the first client is built, not when a host loads a node file. */
function undici(): typeof import('undici') {
  undiciModule ??= require('undici') as typeof import('undici');
  return undiciModule;
}

const DEFAULTS = {
  connectTimeoutMs: 10_000,
  headersTimeoutMs: 45_000,
  bodyTimeoutMs: 30_000,
  totalTimeoutMs: 90_000,
  maxResponseBytes: 16 * 1024 * 1024,
  connections: 16,
};

const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 400, maxDelayMs: 8_000 };

/** Errors raised before any byte reached the gateway: a send cannot have happened. */
const NOT_CONNECTED = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export class Transport {
  private readonly options: typeof DEFAULTS;
  private readonly retry: RetryPolicy;
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private readonly log?: (event: TransportEvent) => void;
  private lastEndpoint?: { url: string; origin: string; path: string };

  constructor(options: TransportOptions = {}) {
    this.options = {
      connectTimeoutMs: options.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs,
      headersTimeoutMs: options.headersTimeoutMs ?? DEFAULTS.headersTimeoutMs,
      bodyTimeoutMs: options.bodyTimeoutMs ?? DEFAULTS.bodyTimeoutMs,
      totalTimeoutMs: options.totalTimeoutMs ?? DEFAULTS.totalTimeoutMs,
      maxResponseBytes: options.maxResponseBytes ?? DEFAULTS.maxResponseBytes,
      connections: options.connections ?? DEFAULTS.connections,
    };
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.log = options.log;
    this.ownsDispatcher = !options.dispatcher;
    this.dispatcher =
      options.dispatcher ??
      new (undici().Agent)({
        keepAliveTimeout: 4_000,
        connections: this.options.connections,
        connect: { timeout: this.options.connectTimeoutMs },
        headersTimeout: this.options.headersTimeoutMs,
        bodyTimeout: this.options.bodyTimeoutMs,
      });
  }

  async exchange<T>(call: Exchange<T>): Promise<T> {
    let attempt = 0;
    for (;;) {
      attempt++;
      try {
        const reply = await this.send(call, attempt);
        return this.interpret(call, reply);
      } catch (caught) {
        const error = this.classify(call, caught);
        const delay = this.retryDelay(call, error, attempt);
        if (delay === undefined) throw call.scrubber ? call.scrubber.scrubError(error) : error;
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close();
  }

  private async send<T>(call: Exchange<T>, attempt: number): Promise<HttpReply> {
    const req = call.request();
    const started = performance.now();
    const target = this.log ? describeTarget(req.url) : '';
    try {
      // The whole exchange is bounded without a per-request AbortSignal (which costs more than
      // the rest of the transport): connect and headers have their own time-outs, and the body
      // is checked against the deadline at every chunk, so a trickling server cannot hold us.
      const reply = await this.dispatch(req, started + this.options.totalTimeoutMs);
      this.log?.({
        vendor: call.vendor,
        operation: call.operation,
        method: req.method,
        target,
        attempt,
        status: reply.status,
        durationMs: performance.now() - started,
      });
      return reply;
    } catch (error) {
      this.log?.({
        vendor: call.vendor,
        operation: call.operation,
        method: req.method,
        target,
        attempt,
        durationMs: performance.now() - started,
        error: (error as { code?: string }).code ?? (error as Error).name,
      });
      throw error;
    }
  }

  /**
   * One request through undici's dispatch API, the reply read whole within the size cap and the
   * deadline. undici's request() wraps the same call in a stream per reply and an async-context
   * hop per callback: 39 µs of client CPU per Mobset send (bench/bulk.bench.mjs prints both).
   */
  private dispatch(req: HttpRequest, deadline: number): Promise<HttpReply> {
    const max = this.options.maxResponseBytes;
    const { origin, path } = this.endpoint(req.url);
    const options: Dispatcher.DispatchOptions = {
      origin,
      path,
      method: req.method,
      headers: req.headers,
      // Pieces go to undici as they are (its documentation lists Iterable bodies; its types do
      // not): a Readable around them would turn each string into a Buffer that lives until the
      // next collection (a million-line upload: 26 MB of them).
      body: req.body as string | Buffer | undefined,
      headersTimeout: this.options.headersTimeoutMs,
      bodyTimeout: this.options.bodyTimeoutMs,
    };
    return new Promise((resolve, reject) => {
      let status = 0;
      let headers: Record<string, string | undefined> = {};
      const chunks: Buffer[] = [];
      let total = 0;
      this.dispatcher.dispatch(options, {
        // undici tells handler styles apart by this method: it must exist, even empty.
        onRequestStart() {},
        // Called for an informational 1xx too; the final answer's call comes last and wins.
        onResponseStart(controller, statusCode, replyHeaders) {
          status = statusCode;
          headers = flattenHeaders(replyHeaders);
          if (Number(headers['content-length']) > max) controller.abort(tooLarge());
        },
        onResponseData(controller, chunk) {
          total += chunk.length;
          if (total > max) controller.abort(tooLarge());
          else if (performance.now() > deadline) controller.abort(Object.assign(new Error('total time-out'), { code: 'UND_ERR_BODY_TIMEOUT' }));
          else chunks.push(chunk);
        },
        // Most replies arrive in one piece: that piece is used as it is rather than copied.
        onResponseEnd: () => resolve({ status, headers, body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total) }),
        onResponseError: (_controller, error) => reject(error),
      });
    });
  }

  /** Origin and path of a URL, parsed once for the many requests a send makes to it. */
  private endpoint(url: string): { origin: string; path: string } {
    if (this.lastEndpoint?.url !== url) {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        // Not repeated: a query string can carry credentials.
        throw invalidArgument('Invalid URL');
      }
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
        throw invalidArgument(`Invalid URL protocol: ${parsed.protocol}`);
      }
      this.lastEndpoint = { url, origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
    }
    return this.lastEndpoint;
  }

  private interpret<T>(call: Exchange<T>, reply: HttpReply): T {
    if (reply.status === 429) {
      throw new GatewayError(`${call.vendor} asked to slow down (HTTP 429)`, {
        kind: 'rateLimited',
        httpStatus: 429,
        retryable: true,
        sent: 'no',
        retryAfterMs: retryAfter(reply.headers['retry-after']),
      });
    }
    if (reply.status >= 300 && reply.status < 400) {
      throw new GatewayError(
        `${call.vendor} redirected to ${reply.headers.location ?? 'another address'}; check the base URL (redirects are not followed)`,
        { kind: 'badReply', httpStatus: reply.status, sent: 'no' },
      );
    }
    if (reply.status >= 400) {
      // 4xx means the request was refused as a whole; 5xx leaves a send in doubt.
      throw new GatewayError(`${call.vendor} answered HTTP ${reply.status}`, {
        kind: reply.status >= 500 ? 'badReply' : 'gateway',
        httpStatus: reply.status,
        retryable: reply.status >= 500 || reply.status === 408,
        sent: reply.status >= 500 ? 'maybe' : 'no',
        vendorText: previewBody(reply.body),
      });
    }
    try {
      return call.parse(reply);
    } catch (error) {
      if (error instanceof GatewayError) {
        throw error.httpStatus === undefined ? error.copyWith(error.message, { httpStatus: reply.status }) : error;
      }
      throw new GatewayError(`${call.vendor} sent a reply that could not be read: ${(error as Error).message}`, {
        kind: 'badReply',
        httpStatus: reply.status,
        sent: 'maybe',
        cause: error,
      });
    }
  }

  private classify<T>(call: Exchange<T>, caught: unknown): GatewayError {
    if (caught instanceof GatewayError) {
      let error = caught.withContext({ vendor: call.vendor, operation: call.operation });
      // A reply we cannot read after a send leaves the send in doubt.
      if (error.kind === 'badReply' && !call.idempotent && error.sent === 'no' && error.httpStatus && error.httpStatus < 300) {
        error = error.copyWith(error.message, { sent: 'maybe' });
      }
      return error;
    }
    const code = errorCode(caught);
    const context = { vendor: call.vendor, operation: call.operation, cause: caught };
    if (code === 'UND_ERR_INVALID_ARG') {
      // undici refused to build the request (a bad URL, a header value it cannot send): nothing
      // left, and a repeat would fail the same way.
      return new GatewayError(`The request to ${call.vendor} could not be made: ${(caught as Error).message}`, {
        ...context,
        kind: 'configuration',
        retryable: false,
        sent: 'no',
      });
    }
    if (code && NOT_CONNECTED.has(code)) {
      return new GatewayError(`${call.vendor} could not be reached (${code})`, {
        ...context,
        kind: code === 'UND_ERR_CONNECT_TIMEOUT' ? 'timeout' : 'network',
        retryable: true,
        sent: 'no',
        vendorCode: undefined,
      });
    }
    if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || isAbort(caught)) {
      return new GatewayError(`${call.vendor} did not answer in time (${code ?? 'time-out'})`, {
        ...context,
        kind: 'timeout',
        retryable: call.idempotent,
        sent: call.idempotent ? 'no' : 'maybe',
      });
    }
    if (code === 'RESPONSE_TOO_LARGE') {
      return new GatewayError(`${call.vendor} sent a reply larger than ${this.options.maxResponseBytes} bytes`, {
        ...context,
        kind: 'badReply',
        sent: call.idempotent ? 'no' : 'maybe',
      });
    }
    return new GatewayError(`The connection to ${call.vendor} broke (${code ?? (caught as Error).message})`, {
      ...context,
      kind: 'network',
      retryable: call.idempotent,
      sent: call.idempotent ? 'no' : 'maybe',
    });
  }

  /** Undefined means: do not try again. */
  private retryDelay<T>(call: Exchange<T>, error: GatewayError, attempt: number): number | undefined {
    if (attempt >= this.retry.attempts || !error.retryable) return undefined;
    // A send is repeated only when it provably never reached the gateway.
    if (!call.idempotent && error.sent !== 'no') return undefined;
    const backoff = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
    const jittered = backoff / 2 + Math.random() * (backoff / 2);
    return Math.max(jittered, Math.min(error.retryAfterMs ?? 0, this.retry.maxDelayMs));
  }
}

/** Coded as undici codes its own refusals, so classify() treats both alike. */
function invalidArgument(message: string): Error {
  return Object.assign(new Error(message), { code: 'UND_ERR_INVALID_ARG' });
}

function tooLarge(): Error {
  return Object.assign(new Error('response too large'), { code: 'RESPONSE_TOO_LARGE' });
}

/** Header names arrive in lower case; a repeated header becomes one comma-joined value. */
function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string | undefined> {
  const flat: Record<string, string | undefined> = {};
  for (const name in headers) {
    const value = headers[name];
    flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function isAbort(error: unknown): boolean {
  const name = (error as { name?: string })?.name;
  return name === 'AbortError' || name === 'TimeoutError';
}

function retryAfter(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) ? seconds * 1000 : undefined;
}

function describeTarget(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

function previewBody(body: Buffer): string | undefined {
  if (body.length === 0) return undefined;
  const text = body.subarray(0, 300).toString('utf8').replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return text === '' ? undefined : text.slice(0, 200);
}

/**
 * application/x-www-form-urlencoded. Values are percent-encoded from the bytes of the
 * endpoint's charset: GBK endpoints (smsGBK.aspx) read `%C4%E3` where UTF-8 ones read
 * `%E4%BD%A0`.
 */
export function formBody(fields: Record<string, string | number | undefined>, charset: Charset = 'utf-8'): string {
  const pairs: string[] = [];
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    pairs.push(`${percentEncode(name, charset)}=${percentEncode(String(value), charset)}`);
  }
  return pairs.join('&');
}

function percentEncode(text: string, charset: Charset): string {
  if (charset === 'utf-8') return encodeURIComponent(text);
  let out = '';
  for (const byte of encodeText(text, charset)) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export function formHeaders(charset: Charset = 'utf-8'): Record<string, string> {
  return { 'content-type': `application/x-www-form-urlencoded; charset=${charset === 'utf-8' ? 'utf-8' : 'gb2312'}` };
}
