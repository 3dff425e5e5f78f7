/**
 * Chinese gateways still speak GBK/GB2312 on some endpoints and declare it in odd places
 * (Content-Type, the XML declaration, or nowhere). iconv-lite is loaded only when a
 * non-UTF-8 charset is actually met.
 */
import { GatewayError } from './errors';

export type Charset = 'utf-8' | 'gbk' | 'gb2312' | 'gb18030';

let iconvModule: typeof import('iconv-lite') | undefined;
function iconv(): typeof import('iconv-lite') {
  iconvModule ??= require('iconv-lite') as typeof import('iconv-lite');
  return iconvModule;
}

export function normalizeCharset(name: string | undefined): Charset | undefined {
  if (!name) return undefined;
  const lower = name.trim().toLowerCase().replace(/^["']|["']$/g, '');
  if (lower === 'utf-8' || lower === 'utf8') return 'utf-8';
  // GB2312 as declared by these servers is really GBK (Windows code page 936); decoding
  // as GB18030, its superset, never loses a character the server could have sent.
  if (lower === 'gb2312' || lower === 'gbk' || lower === 'cp936' || lower === 'x-gbk') return 'gbk';
  if (lower === 'gb18030') return 'gb18030';
  return undefined;
}

export function encodeText(text: string, charset: Charset = 'utf-8'): Buffer {
  if (charset === 'utf-8') return Buffer.from(text, 'utf8');
  const encoded = iconv().encode(text, charset === 'gb2312' ? 'gbk' : charset);
  // iconv-lite's double-byte encoder returns a view of a buffer three times the text's
  // length; a kept result would hold all of it (a million-line number file: 52 MB for 19).
  return encoded.buffer.byteLength > encoded.length * 1.5 ? Buffer.from(encoded) : encoded;
}

/**
 * What iconv-lite makes of each BMP character in GBK, looked up once per character and kept:
 * the kind (0 not yet looked up; 1 or 2 bytes; LONGER for a longer sequence, left to
 * iconv-lite; LOST for one GBK cannot carry, which iconv-lite writes as '?': surrogates, so
 * every character outside the BMP, are among them) and the bytes.
 */
const LONGER = 3;
const LOST = 4;
let gbkKinds: Uint8Array | undefined;
let gbkBytes: Uint16Array | undefined;

function gbkKind(c: number): number {
  gbkKinds ??= new Uint8Array(0x10000);
  gbkBytes ??= new Uint16Array(0x10000);
  let kind = gbkKinds[c];
  if (kind === 0) {
    const encoded = iconv().encode(String.fromCharCode(c), 'gbk');
    if (encoded.length === 1 && encoded[0] === 0x3f && c !== 0x3f) kind = LOST;
    else if (encoded.length === 1 || encoded.length === 2) kind = encoded.length;
    else kind = LONGER;
    gbkBytes[c] = kind === 1 ? encoded[0] : kind === 2 ? (encoded[0] << 8) | encoded[1] : 0;
    gbkKinds[c] = kind;
  }
  return kind;
}

/** Where text[start, end) first holds a character GBK cannot carry (an emoji, most scripts but Chinese), or -1. */
export function gbkCannotCarry(text: string, start = 0, end = text.length): number {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (gbkKind(c) === LOST) return i;
  }
  return -1;
}

/**
 * Writes text[start, end) as GBK into target from `at`, each LF as CRLF, and returns where it
 * stopped; -1 for text this does not take (characters GBK cannot carry, and the few that
 * iconv-lite writes in more than two bytes), which the caller handles line by line instead.
 * Target needs room for twice the text's length. The bytes are iconv-lite's, looked up once per
 * character: encoding a million-line number file with encodeText allocated three times its size
 * per chunk, which the garbage collector let pile up (bench/memory.bench.mjs).
 */
export function writeGbkLines(text: string, start: number, end: number, target: Buffer, at: number): number {
  let to = at;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      if (c === 0x0a) target[to++] = 0x0d;
      target[to++] = c;
      continue;
    }
    const kind = gbkKind(c);
    if (kind > 2) return -1;
    const bytes = gbkBytes![c];
    if (kind === 2) target[to++] = bytes >> 8;
    target[to++] = bytes & 0xff;
  }
  return to;
}

export function decodeText(bytes: Buffer, charset: Charset = 'utf-8'): string {
  if (charset === 'utf-8') {
    // Invalid sequences become U+FFFD, as TextDecoder's would, without a decoder per reply.
    const text = bytes.toString('utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }
  return iconv().decode(bytes, charset === 'gbk' || charset === 'gb2312' ? 'gb18030' : charset);
}

/** Checks that text can be carried in a legacy charset without turning into '?'. */
export function assertEncodable(field: string, text: string, charset: Charset): void {
  if (charset === 'utf-8') return;
  const back = decodeText(encodeText(text, charset), charset);
  if (back !== text) {
    const lost = [...text].filter((ch, i) => [...back][i] !== ch).slice(0, 3).join('');
    throw new GatewayError(`${field}: contains characters that ${charset.toUpperCase()} cannot carry (${lost})`, {
      kind: 'validation',
      field,
      rule: `must be representable in ${charset.toUpperCase()}`,
      sent: 'no',
    });
  }
}

/**
 * Picks the charset of a reply: the Content-Type header first, then an XML declaration,
 * then the endpoint's default.
 */
export function detectCharset(contentType: string | undefined, body: Buffer, fallback: Charset = 'utf-8'): Charset {
  const fromHeader = /charset\s*=\s*([^;\s]+)/i.exec(contentType ?? '')?.[1];
  const headerCharset = normalizeCharset(fromHeader);
  if (headerCharset) return headerCharset;
  const head = body.subarray(0, 200).toString('latin1');
  const fromDeclaration = /<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/i.exec(head)?.[1];
  return normalizeCharset(fromDeclaration) ?? fallback;
}

export function decodeBody(contentType: string | undefined, body: Buffer, fallback: Charset = 'utf-8'): string {
  const charset = detectCharset(contentType, body, fallback);
  try {
    return decodeText(body, charset);
  } catch (cause) {
    throw new GatewayError(`The reply could not be decoded as ${charset}`, { kind: 'badReply', cause });
  }
}
