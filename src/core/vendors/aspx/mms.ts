/**
 * MMS frames as the aspx platforms carry them. Both take text in GB2312 and media as raw
 * bytes, with a 100 KB ceiling: sms.aspx's mms.aspx packs files into a TMS container,
 * sendmms.aspx writes `playtime,type|base64,...;` frames.
 */
import { assertEncodable, decodeText, encodeText } from '../../charset';
import { fromBase64 } from '../../crypto';
import { invalidInput } from '../../errors';
import type { MmsFile, MmsFrame } from '../../model';

export const MMS_MAX_BYTES = 100 * 1024;
export const MMS_MAX_FRAMES = 20;

/** File types by extension; sendmms.aspx takes only txt, gif and jpg. */
const MEDIA_TYPES: Record<string, string> = {
  txt: 'text/plain',
  gif: 'image/gif',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  smil: 'application/smil',
  amr: 'audio/amr',
  mid: 'audio/midi',
};

export function extensionOf(file: MmsFile): string {
  const fromName = /\.([A-Za-z0-9]+)$/.exec(file.fileName)?.[1]?.toLowerCase();
  if (fromName) return fromName;
  const fromType = Object.entries(MEDIA_TYPES).find(([, type]) => type === file.contentType)?.[0];
  return fromType ?? '';
}

export function checkFrames(frames: unknown, allowed: string[]): MmsFrame[] {
  if (!Array.isArray(frames) || frames.length === 0) throw invalidInput('frames', 'must be a non-empty list of frames');
  if (frames.length > MMS_MAX_FRAMES) throw invalidInput('frames', `must have at most ${MMS_MAX_FRAMES} frames`, `${frames.length} given`);
  return frames.map((raw: unknown, index) => {
    const frame = (raw ?? {}) as MmsFrame;
    const files = frame.files ?? [];
    if ((frame.text === undefined || frame.text === '') && files.length === 0) {
      throw invalidInput(`frames[${index}]`, 'must have text or at least one file');
    }
    if (frame.text) assertEncodable(`frames[${index}].text`, frame.text, 'gb2312');
    if (frame.durationSeconds !== undefined && (!Number.isInteger(frame.durationSeconds) || frame.durationSeconds < 1 || frame.durationSeconds > 60)) {
      throw invalidInput(`frames[${index}].durationSeconds`, 'must be a whole number of seconds from 1 to 60');
    }
    for (const [fileIndex, file] of files.entries()) {
      const field = `frames[${index}].files[${fileIndex}]`;
      if (file) file.data = fileBytes(field, file.data);
      if (!file || file.data.length === 0) throw invalidInput(field, 'must carry the file bytes');
      const ext = extensionOf(file);
      if (!allowed.includes(ext)) throw invalidInput(field, `must be one of ${allowed.join(', ')}`, file.fileName);
    }
    return frame;
  });
}

/** File bytes as hosts hand them over: a Buffer, base64 text, or a JSON-serialised Buffer. */
function fileBytes(field: string, data: unknown): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (data instanceof Uint8Array) return Buffer.from(data);
  if (typeof data === 'string') {
    try {
      return fromBase64(data, `${field}.data`);
    } catch {
      throw invalidInput(`${field}.data`, 'must be the file bytes or base64 text');
    }
  }
  const serialised = data as { type?: string; data?: number[] } | undefined;
  if (serialised?.type === 'Buffer' && Array.isArray(serialised.data)) return Buffer.from(serialised.data);
  throw invalidInput(`${field}.data`, 'must be the file bytes or base64 text');
}

/** Text files arrive as UTF-8 (n8n binaries, Node-RED buffers); the handsets read GB2312. */
function wireBytes(file: MmsFile): Buffer {
  return extensionOf(file) === 'txt' ? encodeText(file.data.toString('utf8'), 'gb2312') : file.data;
}

/** TMS parts: each frame's text as N.txt (GB2312), its files as named, and a SMIL that lays them out. */
export function framesToTmsParts(rawFrames: unknown): Array<{ fileName: string; data: Buffer }> {
  const frames = checkFrames(rawFrames, ['txt', 'gif', 'jpg', 'jpeg', 'png', 'smil', 'amr', 'mid']);
  const parts: Array<{ fileName: string; data: Buffer }> = [];
  const slides: string[] = [];
  frames.forEach((frame, index) => {
    const items: string[] = [];
    for (const file of frame.files ?? []) {
      parts.push({ fileName: file.fileName, data: wireBytes(file) });
      if (extensionOf(file) !== 'txt' && extensionOf(file) !== 'smil') items.push(`<img src="${file.fileName}" region="Image"/>`);
    }
    if (frame.text) {
      const name = `${index + 1}.txt`;
      parts.push({ fileName: name, data: encodeText(frame.text, 'gb2312') });
      items.push(`<text src="${name}" region="Text"/>`);
    }
    slides.push(`<par dur="${(frame.durationSeconds ?? 3) * 1000}ms">${items.join('')}</par>`);
  });
  if (!parts.some((p) => p.fileName.toLowerCase().endsWith('.smil'))) {
    const smil =
      '<smil><head><layout><root-layout width="240" height="320"/>' +
      '<region id="Image" left="0" top="0" width="240" height="240"/><region id="Text" left="0" top="240" width="240" height="80"/>' +
      `</layout></head><body>${slides.join('')}</body></smil>`;
    parts.push({ fileName: 'mms.smil', data: Buffer.from(smil, 'ascii') });
  }
  return parts;
}

/** sendmms.aspx content: `playtime,type|base64,type|base64;...`, text in GB2312. */
export function sendMmsContent(rawFrames: unknown): string {
  const frames = checkFrames(rawFrames, ['txt', 'gif', 'jpg']);
  return frames
    .map((frame) => {
      const resources: string[] = [];
      if (frame.text) resources.push(`txt|${encodeText(frame.text, 'gb2312').toString('base64')}`);
      for (const file of frame.files ?? []) {
        resources.push(`${extensionOf(file)}|${wireBytes(file).toString('base64')}`);
      }
      return `${frame.durationSeconds ?? 3},${resources.join(',')}`;
    })
    .join(';');
}

export interface DecodedMmsFrame {
  durationSeconds: number;
  resources: Array<{ type: string; data: Buffer; text?: string }>;
}

/** The gateway's side of sendmms.aspx content (sandbox, tests, virtual phones). */
export function parseSendMmsContent(content: string): DecodedMmsFrame[] {
  return content
    .split(';')
    .map((frame) => frame.trim())
    .filter((frame) => frame !== '')
    .map((frame) => {
      const [playtime, ...resources] = frame.split(',');
      return {
        durationSeconds: Number(playtime),
        resources: resources.map((resource) => {
          const bar = resource.indexOf('|');
          const type = resource.slice(0, bar).trim().toLowerCase();
          const data = Buffer.from(resource.slice(bar + 1).trim(), 'base64');
          return type === 'txt' ? { type, data, text: decodeText(data, 'gb2312') } : { type, data };
        }),
      };
    });
}
