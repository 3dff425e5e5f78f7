/**
 * Mainland mobile numbers as users paste them: with spaces, dashes, `+86`, `0086` or `86`
 * in front, several to a line. Every rejected number is reported with its reason; nothing
 * is dropped silently.
 */
import { invalidInput } from './errors';

export interface RejectedNumber {
  input: string;
  reason: 'invalid' | 'duplicate' | 'empty';
  /** What the user sees: why this number will not be sent to. */
  message: string;
}

export interface RecipientList {
  /** Normalised 11-digit numbers, in input order, each once. */
  accepted: string[];
  rejected: RejectedNumber[];
}

const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;
const SEPARATORS = /[\s,;，；、|]+/;
/** Between entries of a list in one string, with the spaces around them. */
const LIST_SEPARATORS = /\s*[\n,;，；、|]+\s*/;

/** Normalises one number; returns undefined when it is not a mainland mobile number. */
export function normalizeMobile(input: string): string | undefined {
  // Most numbers arrive clean: skip the clean-up for them (bulk sends pass 100,000 here).
  if (isCleanMobile(input)) return input;
  let digits = input.trim().replace(/[\s\-().]/g, '');
  if (digits.startsWith('+86')) digits = digits.slice(3);
  else if (digits.startsWith('0086')) digits = digits.slice(4);
  else if (digits.startsWith('86') && digits.length === 13) digits = digits.slice(2);
  return MAINLAND_MOBILE.test(digits) ? digits : undefined;
}

export function isMainlandMobile(input: string): boolean {
  return normalizeMobile(input) !== undefined;
}

/** Splits a string of numbers or flattens an array of them (from an n8n field or a msg). */
export function splitRecipients(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) {
    const out: string[] = [];
    for (const item of value) {
      if (typeof item === 'string' && isCleanMobile(item)) out.push(item);
      else for (const part of splitRecipients(item)) out.push(part);
    }
    return out;
  }
  if (typeof value === 'number') return [String(value)];
  if (typeof value === 'object') {
    const mobile = (value as Record<string, unknown>).mobile ?? (value as Record<string, unknown>).phone;
    return mobile === undefined ? [] : splitRecipients(mobile);
  }
  // Separators inside "+86 138 0013 8000" are spaces too; keep a run of digit groups
  // together when the groups only make sense as one number. Each entry is trimmed before the
  // check, so that one after ", " meets the clean-number fast path.
  const out: string[] = [];
  for (const part of String(value).split(/[\n,;，；、|]+/)) {
    const whole = part.trim();
    if (normalizeMobile(whole)) {
      out.push(whole);
      continue;
    }
    for (const piece of whole.split(SEPARATORS)) if (piece !== '') out.push(piece);
  }
  return out;
}

export function parseRecipients(value: unknown): RecipientList {
  // Bulk sends pass 100,000 clean numbers: they go straight to de-duplication. A list typed or
  // pasted into a host's field is one string; when every entry in it is a clean number it takes
  // the same path after one split (100,000 numbers: 8 ms, against about 20 ms entry by entry below).
  if (Array.isArray(value) || typeof value === 'string') {
    const clean = dedupe(Array.isArray(value) ? value : value.trim().split(LIST_SEPARATORS));
    if (clean) return clean;
  }
  const inputs: string[] = [];
  const mobiles: Array<string | undefined> = [];
  for (const item of Array.isArray(value) ? value : [value]) {
    if (typeof item === 'string' && isCleanMobile(item)) {
      inputs.push(item);
      mobiles.push(item);
      continue;
    }
    for (const input of splitRecipients(item)) {
      inputs.push(input);
      mobiles.push(normalizeMobile(input));
    }
  }
  return dedupe(mobiles, inputs) as RecipientList;
}

/**
 * Numbers in order, each once. With `inputs`, mobiles[i] is inputs[i] normalised, undefined
 * where it is invalid. Without, mobiles is the caller's list as given, and the answer is
 * undefined at the first item that is not a clean number.
 *
 * A Set of strings would hash and keep each string. This keeps two 32-bit halves of the digits
 * per number, and looks them up partition by partition: one open-addressed table for all 100,000
 * numbers (2 MB) missed the cache at nearly every look-up, while a partition's table fits in it.
 * Numbers are spread over the partitions by their hash, in input order, so the first appearance
 * of a number is still the one kept (bench/codec.bench.mjs measures it). The typed arrays are
 * made here and not in a class: V8 compiles loops over typed arrays made in the same function
 * about twice as fast.
 */
function dedupe(mobiles: readonly unknown[], inputs?: readonly string[]): RecipientList | undefined {
  const count = mobiles.length;
  // Digits 2-6 and 7-11 each fit 17 bits; high is kept non-zero, so zero marks an invalid number.
  const highs = new Uint32Array(count);
  const lows = new Uint32Array(count);
  const hashes = new Uint32Array(count);
  const starts = new Uint32Array(PARTITIONS + 1);
  for (let at = 0; at < count; at++) {
    const mobile = mobiles[at];
    const digits = typeof mobile === 'string' ? cleanMobileDigits(mobile) : -1;
    if (digits < 0) {
      if (!inputs) return undefined;
      continue;
    }
    const top = (digits / 100_000) | 0;
    const high = top + 1;
    const low = digits - top * 100_000;
    const hash = (Math.imul(high, 0x9e3779b1) ^ Math.imul(low, 0x85ebca6b)) >>> 0;
    highs[at] = high;
    lows[at] = low;
    hashes[at] = hash;
    starts[(hash >>> PARTITION_SHIFT) + 1]++;
  }
  let largest = 0;
  for (let part = 0; part < PARTITIONS; part++) {
    largest = Math.max(largest, starts[part + 1]);
    starts[part + 1] += starts[part];
  }
  // Each partition's numbers by position, in input order.
  const order = new Uint32Array(starts[PARTITIONS]);
  const next = starts.slice(0, PARTITIONS);
  for (let at = 0; at < count; at++) if (highs[at] !== 0) order[next[hashes[at] >>> PARTITION_SHIFT]++] = at;
  let capacity = 16;
  while (capacity < largest * 2) capacity *= 2;
  const mask = capacity - 1;
  // Positions plus one: zero is an empty slot.
  const table = new Uint32Array(capacity);
  const repeated = new Uint8Array(count);
  let repeats = 0;
  for (let part = 0; part < PARTITIONS; part++) {
    const end = starts[part + 1];
    if (end - starts[part] < 2) continue;
    table.fill(0);
    for (let k = starts[part]; k < end; k++) {
      const at = order[k];
      const high = highs[at];
      const low = lows[at];
      let slot = hashes[at] & mask;
      for (;;) {
        const held = table[slot];
        if (held === 0) {
          table[slot] = at + 1;
          break;
        }
        if (highs[held - 1] === high && lows[held - 1] === low) {
          repeated[at] = 1;
          repeats++;
          break;
        }
        slot = (slot + 1) & mask;
      }
    }
  }
  const invalid = count - starts[PARTITIONS];
  // Nothing to drop, as in most bulk sends: the list is copied whole. For 100,000 numbers that
  // took 0.2-0.4 ms off the 3.4-3.9 ms of the whole check, against the loop below.
  if (invalid === 0 && repeats === 0) return { accepted: mobiles.slice() as string[], rejected: [] };
  // Sized for all and cut to length after: pushing 100,000 numbers one at a time regrows the array.
  const accepted = new Array<string>(count - invalid - repeats);
  const rejected: RejectedNumber[] = [];
  let kept = 0;
  for (let at = 0; at < count; at++) {
    if (highs[at] === 0) {
      const input = (inputs as readonly string[])[at];
      rejected.push({ input, reason: 'invalid', message: `${input} is not a mainland China mobile number` });
    } else if (repeated[at] === 1) {
      const input = inputs ? inputs[at] : (mobiles[at] as string);
      rejected.push({ input, reason: 'duplicate', message: `${input} is listed more than once` });
    } else accepted[kept++] = mobiles[at] as string;
  }
  return { accepted, rejected };
}

/** dedupe's partitions: by the hash's top 6 bits. */
const PARTITION_SHIFT = 26;
const PARTITIONS = 1 << (32 - PARTITION_SHIFT);

/** MAINLAND_MOBILE without the regular expression. */
function isCleanMobile(text: string): boolean {
  return cleanMobileDigits(text) >= 0;
}

/** mobileDigits of a text that is a clean number and nothing else. */
function cleanMobileDigits(text: string): number {
  return text.length === 11 ? mobileDigits(text, 0) : -1;
}

/** Whether text holds a clean mainland number at [start, start + 11), whatever follows. */
export function isMobileAt(text: string, start: number): boolean {
  return mobileDigits(text, start) >= 0;
}

/**
 * The one place that knows a clean mainland number (1, then 3-9, then nine digits): its ten
 * digits after the 1 as a number, or -1 when text holds none at [start, start + 11). With one
 * table for all numbers, checking and reading in one pass de-duplicated 100,000 numbers in 0.45
 * of a bare Set's time, against 0.58 for a check followed by a second read (bench/codec.bench.mjs).
 */
function mobileDigits(text: string, start: number): number {
  if (text.length < start + 11 || text.charCodeAt(start) !== 0x31) return -1;
  const second = text.charCodeAt(start + 1) - 0x30;
  // Turns negative when the second digit falls outside 3-9 or any digit outside 0-9.
  let valid = (second - 3) | (9 - second);
  let value = 0;
  for (let i = start + 1; i < start + 11; i++) {
    const digit = text.charCodeAt(i) - 0x30;
    valid |= digit | (9 - digit);
    value = value * 10 + digit;
  }
  return valid < 0 ? -1 : value;
}

/**
 * For sends: at least one valid number, and by default no invalid ones, because a user
 * who typed a wrong number wants to know before paying for the others.
 */
export function requireRecipients(
  field: string,
  value: unknown,
  options: { allowInvalid?: boolean; max?: number } = {},
): RecipientList {
  const list = parseRecipients(value);
  const invalid = list.rejected.filter((r) => r.reason === 'invalid');
  if (invalid.length > 0 && !options.allowInvalid) {
    const shown = invalid.slice(0, 5).map((r) => r.input).join(', ');
    const more = invalid.length > 5 ? ` and ${invalid.length - 5} more` : '';
    throw invalidInput(field, 'must contain only mainland China mobile numbers (11 digits, starting 13-19)', `${shown}${more}`);
  }
  if (list.accepted.length === 0) throw invalidInput(field, 'must contain at least one mobile number');
  if (options.max !== undefined && list.accepted.length > options.max) {
    throw invalidInput(field, `must contain at most ${options.max} numbers`, `${list.accepted.length} given`);
  }
  return list;
}

/**
 * Exactly one number, for single sends and each message of a personalised list: the same
 * rules and errors as requireRecipients, without building a list for a number that is
 * already clean (100,000 personalised messages pass here).
 */
export function requireMobile(field: string, value: unknown): string {
  if (typeof value === 'string' && isCleanMobile(value)) return value;
  return requireRecipients(field, value, { max: 1 }).accepted[0];
}
