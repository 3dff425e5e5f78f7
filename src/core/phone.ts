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
  if (input.length === 11 && MAINLAND_MOBILE.test(input)) return input;
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
      if (typeof item === 'string' && item.length === 11 && MAINLAND_MOBILE.test(item)) out.push(item);
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
  const seen = new Set<string>();
  const rejected: RejectedNumber[] = [];
  for (const input of splitRecipients(value)) {
    const mobile = normalizeMobile(input);
    if (!mobile) {
      rejected.push({ input, reason: 'invalid', message: `${input} is not a mainland China mobile number` });
    } else if (seen.has(mobile)) {
      rejected.push({ input, reason: 'duplicate', message: `${input} is listed more than once` });
    } else {
      seen.add(mobile);
      accepted.push(mobile);
    }
  }
  return { accepted, rejected };
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
