/**
 * The small HTTP vocabulary the simulated protocols share: a parsed request, a reply, and
 * form decoding in the charset an endpoint speaks.
 */
import { decodeText, type Charset } from '../core/charset';
import type { SandboxState } from './state';

export interface SandboxRequest {
  method: string;
  /** Path below the protocol's prefix, e.g. `/sms.aspx`. */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | undefined>;
  body: Buffer;
  /** The sandbox's own origin, for WSDL addresses. */
  origin: string;
}

export interface SandboxReply {
  status: number;
  headers?: Record<string, string>;
  body: string | Buffer;
  /** What goes into the request log. */
  log: {
    endpoint: string;
    login?: string;
    fields: Record<string, unknown>;
    outcome: string;
    recipients?: number;
  };
}

export interface Protocol {
  /** Path prefix, e.g. `/smsaspx`. */
  prefix: string;
  vendor: string;
  handle(request: SandboxRequest, state: SandboxState): Promise<SandboxReply> | SandboxReply;
  /** The protocol's own answer for an injected vendor error or rate limit. */
  faultReply(kind: 'error' | 'rateLimit', request: SandboxRequest, code?: string): SandboxReply;
  /** Pushes waiting reports and MO to accounts that have a push URL. */
  push?(state: SandboxState, deliver: PushDeliverer): Promise<void>;
}

export type PushDeliverer = (
  url: string,
  body: string | Buffer,
  headers: Record<string, string>,
) => Promise<{ status: number; body: string } | { error: string }>;

/** Decodes an urlencoded body (or query) whose percent-escapes are bytes of `charset`. */
export function parseForm(raw: string, charset: Charset = 'utf-8'): Record<string, string> {
  const out: Record<string, string> = {};
  if (raw === '') return out;
  if (charset === 'utf-8' && !/%(?![0-9A-Fa-f]{2})/.test(raw)) {
    // The common case, decoded natively: well-formed UTF-8 percent-escapes.
    for (const [name, value] of new URLSearchParams(raw)) out[name] = name in out ? `${out[name]},${value}` : value;
    return out;
  }
  for (const pair of raw.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = decodeComponent(eq < 0 ? pair : pair.slice(0, eq), charset);
    const value = eq < 0 ? '' : decodeComponent(pair.slice(eq + 1), charset);
    // Repeated names are joined by commas, as ASP.NET's Request.Form[name] reads them.
    out[name] = name in out ? `${out[name]},${value}` : value;
  }
  return out;
}

function decodeComponent(text: string, charset: Charset): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '+') bytes.push(0x20);
    else if (ch === '%' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      for (const b of Buffer.from(ch, 'utf8')) bytes.push(b);
    }
  }
  return decodeText(Buffer.from(bytes), charset);
}

/** Form fields from the query string and the body together, as ASP.NET's Request[name] reads them. */
export function requestFields(request: SandboxRequest, charset: Charset = 'utf-8'): Record<string, string> {
  const query = parseForm(request.query.toString(), 'utf-8');
  const contentType = request.headers['content-type'] ?? '';
  const body =
    request.method === 'POST' && (contentType === '' || contentType.includes('form-urlencoded'))
      ? parseForm(request.body.toString('latin1'), charset)
      : {};
  return { ...query, ...body };
}

/** Field lookup that ignores case, as the .NET platforms do. */
export function field(fields: Record<string, string>, name: string): string {
  if (name in fields) return fields[name];
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(fields)) if (key.toLowerCase() === lower) return value;
  return '';
}

export function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
