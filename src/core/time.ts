/**
 * Vendor clocks are Beijing time (UTC+8, no daylight saving). Every timestamp that goes
 * into a signature or a schedule is computed here, from the epoch, so that the host's TZ
 * never matters.
 */
import { invalidInput } from './errors';

const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

export type BeijingFormat =
  /** yyyyMMddHHmmss: Mobset (default), Emay simple interface. */
  | 'compact14'
  /** MMddHHmmss: Mobset's real SOAP clients, sms.aspx ensms.ashx Stamp. */
  | 'compact10'
  /** yyyy-MM-dd HH:mm:ss: schedules on most platforms, Emay secure interface. */
  | 'dateTime'
  /** yyyy-MM-ddTHH:mm:ss: .NET WebService DateTime fields. */
  | 'isoLocal';

interface BeijingParts {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
  second: string;
}

function beijingParts(at: Date): BeijingParts {
  const shifted = new Date(at.getTime() + BEIJING_OFFSET_MS);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return {
    year: pad(shifted.getUTCFullYear(), 4),
    month: pad(shifted.getUTCMonth() + 1),
    day: pad(shifted.getUTCDate()),
    hour: pad(shifted.getUTCHours()),
    minute: pad(shifted.getUTCMinutes()),
    second: pad(shifted.getUTCSeconds()),
  };
}

export function formatBeijing(at: Date, format: BeijingFormat): string {
  const p = beijingParts(at);
  switch (format) {
    case 'compact14':
      return `${p.year}${p.month}${p.day}${p.hour}${p.minute}${p.second}`;
    case 'compact10':
      return `${p.month}${p.day}${p.hour}${p.minute}${p.second}`;
    case 'dateTime':
      return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
    case 'isoLocal':
      return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}`;
  }
}

const VENDOR_TIME =
  /^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2}))?(?:\.\d+)?)?\s*$/;
const COMPACT_TIME = /^\s*(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})\s*$/;

/**
 * Reads a time as vendors write it (Beijing wall-clock, padded or not:
 * `2013-9-17 17:38:08`, `2018/02/02 22:12:11`, `20180202221211`). Returns undefined for
 * empty values and the .NET "no date" `0001-01-01 00:00:00`.
 */
export function parseBeijing(text: string | undefined | null): Date | undefined {
  if (text === undefined || text === null) return undefined;
  const value = String(text);
  const match = VENDOR_TIME.exec(value) ?? COMPACT_TIME.exec(value);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0));
  if (year < 1900) return undefined;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second) - BEIJING_OFFSET_MS);
}

/**
 * Turns what a user typed or an expression produced into an instant. Strings without an
 * offset are Beijing wall-clock time, because that is what the vendor consoles show.
 */
export function toInstant(field: string, value: unknown): Date {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw invalidInput(field, 'must be a valid date and time');
    return value;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalidInput(field, 'must be a valid date and time');
    // Ten digits are epoch seconds, thirteen are milliseconds.
    return new Date(value < 1e11 ? value * 1000 : value);
  }
  if (typeof value === 'string' && value.trim() !== '') {
    const text = value.trim();
    if (/^\d{10}$|^\d{13}$/.test(text)) return toInstant(field, Number(text));
    const beijing = /(?:Z|[+-]\d{2}:?\d{2})$/.test(text) ? undefined : parseBeijing(text);
    if (beijing) return beijing;
    const parsed = new Date(text);
    if (!Number.isNaN(parsed.getTime())) return parsed;
  }
  throw invalidInput(field, 'must be a date and time such as 2026-05-01 09:30:00 (Beijing time)', String(value));
}

/**
 * Checks a scheduled send time: in the future, and no further ahead than the vendor
 * allows. Returns the instant so callers format it in the vendor's own way.
 */
export function checkSchedule(
  field: string,
  value: unknown,
  options: { maxDaysAhead?: number; now?: Date } = {},
): Date {
  const at = toInstant(field, value);
  const now = options.now ?? new Date();
  if (at.getTime() <= now.getTime()) {
    throw invalidInput(field, 'must be in the future', `${formatBeijing(at, 'dateTime')} Beijing time has passed`);
  }
  if (options.maxDaysAhead !== undefined && at.getTime() - now.getTime() > options.maxDaysAhead * 86_400_000) {
    throw invalidInput(field, `must be at most ${options.maxDaysAhead} days ahead`, formatBeijing(at, 'dateTime'));
  }
  return at;
}
