/**
 * The few primitives the vendors' signatures and envelopes are made of. Node's crypto does
 * MD5 and AES; DES (sms.aspx ensms.ashx) is gone from OpenSSL 3, so it comes from des.js,
 * the pure-JS implementation behind browserify's crypto.
 */
import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { GatewayError } from './errors';

export function md5Hex(text: string | Buffer, letterCase: 'upper' | 'lower' = 'lower'): string {
  const hex = createHash('md5').update(text).digest('hex');
  return letterCase === 'upper' ? hex.toUpperCase() : hex;
}

const AES_KEY_BYTES: Record<number, string> = { 16: 'aes-128-ecb', 24: 'aes-192-ecb', 32: 'aes-256-ecb' };

function aesAlgorithm(key: Buffer, field: string): string {
  const algorithm = AES_KEY_BYTES[key.length];
  if (!algorithm) {
    throw new GatewayError(`${field}: must be 16, 24 or 32 bytes long for AES (it is ${key.length} bytes)`, {
      kind: 'configuration',
      field,
      rule: 'must be 16, 24 or 32 bytes long',
      sent: 'no',
    });
  }
  return algorithm;
}

/** AES/ECB/PKCS5Padding, the Java default Emay's SDK uses. */
export function aesEcbEncrypt(plain: Buffer, key: Buffer, field = 'secretKey'): Buffer {
  const cipher = createCipheriv(aesAlgorithm(key, field), key, null);
  return Buffer.concat([cipher.update(plain), cipher.final()]);
}

export function aesEcbDecrypt(encrypted: Buffer, key: Buffer, field = 'secretKey'): Buffer {
  const decipher = createDecipheriv(aesAlgorithm(key, field), key, null);
  return Buffer.concat([decipher.update(encrypted), decipher.final()]);
}

let desModule: typeof import('des.js') | undefined;
function des(): typeof import('des.js') {
  // Loaded on first use: only ensms.ashx users pay for it.
  desModule ??= require('des.js') as typeof import('des.js');
  return desModule;
}

function desCipher(type: 'encrypt' | 'decrypt', key: Buffer, iv: Buffer) {
  if (key.length !== 8 || iv.length !== 8) {
    throw new GatewayError('DES key and IV must be 8 bytes', { kind: 'configuration', sent: 'no' });
  }
  const { DES, CBC } = des();
  return CBC.instantiate(DES).create({ type, key: [...key], iv: [...iv] });
}

/** DES-CBC with PKCS7 padding (PKCS5 and PKCS7 agree for 8-byte blocks). */
export function desCbcEncrypt(plain: Buffer, key: Buffer, iv: Buffer): Buffer {
  const cipher = desCipher('encrypt', key, iv);
  return Buffer.from([...cipher.update(plain), ...cipher.final()]);
}

export function desCbcDecrypt(encrypted: Buffer, key: Buffer, iv: Buffer): Buffer {
  const cipher = desCipher('decrypt', key, iv);
  return Buffer.from([...cipher.update(encrypted), ...cipher.final()]);
}

export function gzip(data: Buffer): Buffer {
  return gzipSync(data);
}

/** Gunzip with a ceiling, so a small hostile body cannot inflate into gigabytes. */
export function gunzip(data: Buffer, maxOutputBytes = 64 * 1024 * 1024): Buffer {
  return gunzipSync(data, { maxOutputLength: maxOutputBytes });
}

export function isGzip(data: Buffer): boolean {
  return data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b;
}

export function toBase64(data: Buffer): string {
  return data.toString('base64');
}

/** Strict base64: Node's decoder ignores garbage, a protocol must not. */
export function fromBase64(text: string, field = 'base64'): Buffer {
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) {
    throw new GatewayError(`${field}: is not valid base64`, { kind: 'badReply', field, rule: 'must be base64' });
  }
  return Buffer.from(compact, 'base64');
}
