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
  // together when the groups only make sense as one number.
  const text = String(value);
  return text
    .split(/[\n,;，；、|]+/)
    .flatMap((part) => (normalizeMobile(part) ? [part.trim()] : part.split(SEPARATORS)))
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

export function parseRecipients(value: unknown): RecipientList {
  const accepted: string[] = [];
  const rejected: RejectedNumber[] = [];
  const items = Array.isArray(value) ? value : [value];
  const seen = new MobileSet(items.length);
  for (const item of items) {
    // Bulk sends pass 100,000 clean numbers here: those skip the splitting and clean-up,
    // in a loop kept free of closures (it runs a few times, never long enough to be inlined).
    if (typeof item === 'string' && isCleanMobile(item)) {
      if (seen.add(item)) accepted.push(item);
      else rejected.push(duplicate(item));
      continue;
    }
    for (const input of splitRecipients(item)) {
      const mobile = normalizeMobile(input);
      if (!mobile) rejected.push({ input, reason: 'invalid', message: `${input} is not a mainland China mobile number` });
      else if (seen.add(mobile)) accepted.push(mobile);
      else rejected.push(duplicate(input));
    }
  }
  return { accepted, rejected };
}

function duplicate(input: string): RejectedNumber {
  return { input, reason: 'duplicate', message: `${input} is listed more than once` };
}

/**
 * A set of normalised numbers, open-addressed on their digits. A Set of strings hashes and
 * stores each string; this keeps two 32-bit halves per number, so checking and
 * de-duplicating 100,000 numbers costs less than a bare Set<string> (bench/codec.bench.mjs).
 */
class MobileSet {
  private high: Uint32Array;
  private low: Uint32Array;
  private size = 0;

  constructor(expected: number) {
    let capacity = 64;
    while (capacity < expected * 2) capacity *= 2;
    this.high = new Uint32Array(capacity);
    this.low = new Uint32Array(capacity);
  }

  /** Adds an 11-digit number; false when it was already there. */
  add(mobile: string): boolean {
    // The leading 1 carries nothing; digits 2-6 and 7-11 each fit 17 bits. High is kept
    // non-zero so that zero marks an empty slot.
    let high = 1;
    let low = 0;
    for (let i = 1; i < 6; i++) high = high * 10 + (mobile.charCodeAt(i) - 0x30);
    for (let i = 6; i < 11; i++) low = low * 10 + (mobile.charCodeAt(i) - 0x30);
    const mask = this.high.length - 1;
    let slot = (Math.imul(high, 0x9e3779b1) ^ Math.imul(low, 0x85ebca6b)) & mask;
    while (this.high[slot] !== 0) {
      if (this.high[slot] === high && this.low[slot] === low) return false;
      slot = (slot + 1) & mask;
    }
    this.high[slot] = high;
    this.low[slot] = low;
    if (++this.size * 2 > this.high.length) this.grow();
    return true;
  }

  private grow(): void {
    const { high, low } = this;
    this.high = new Uint32Array(high.length * 2);
    this.low = new Uint32Array(low.length * 2);
    const mask = this.high.length - 1;
    for (let i = 0; i < high.length; i++) {
      if (high[i] === 0) continue;
      let slot = (Math.imul(high[i], 0x9e3779b1) ^ Math.imul(low[i], 0x85ebca6b)) & mask;
      while (this.high[slot] !== 0) slot = (slot + 1) & mask;
      this.high[slot] = high[i];
      this.low[slot] = low[i];
    }
  }
}

/** MAINLAND_MOBILE without the regular expression: 1, then 3-9, then nine digits. */
function isCleanMobile(text: string): boolean {
  return text.length === 11 && isMobileAt(text, 0);
}

/** Whether text holds a clean mainland number at [start, start + 11), whatever follows. */
export function isMobileAt(text: string, start: number): boolean {
  if (text.length < start + 11 || text.charCodeAt(start) !== 0x31) return false;
  const second = text.charCodeAt(start + 1);
  if (second < 0x33 || second > 0x39) return false;
  for (let i = start + 2; i < start + 11; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
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
