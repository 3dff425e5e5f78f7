/**
 * Validation from the catalog: each field's declared rule turns bad input into an error that
 * names the field and the rule, before any request is made. Values come back coerced
 * (numbers from strings, recipients parsed, times as instants).
 */
import { invalidInput } from '../core/errors';
import { requireRecipients } from '../core/phone';
import { countCharacters } from '../core/segments';
import { checkSchedule, toInstant } from '../core/time';
import type { Field, Operation } from './types';

export function isEmpty(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    (typeof value === 'string' && value.trim() === '') ||
    (Array.isArray(value) && value.length === 0)
  );
}

export function validateField(field: Field, value: unknown, now = new Date(), preview = false): unknown {
  if (isEmpty(value)) {
    if (field.required) throw invalidInput(field.name, 'is required');
    return field.default;
  }
  switch (field.type) {
    case 'string': {
      if (typeof value !== 'string' && typeof value !== 'number') throw invalidInput(field.name, 'must be text');
      const text = String(value);
      const length = countCharacters(text);
      if (field.minLength !== undefined && length < field.minLength) {
        throw invalidInput(field.name, `must be at least ${field.minLength} characters`, `${length} given`);
      }
      if (field.maxLength !== undefined && length > field.maxLength) {
        throw invalidInput(field.name, `must be at most ${field.maxLength} characters`, `${length} given`);
      }
      if (field.pattern && !field.pattern.test(text)) {
        throw invalidInput(field.name, field.patternRule ?? `must match ${field.pattern}`);
      }
      return text;
    }
    case 'number': {
      const number = typeof value === 'number' ? value : Number(String(value).trim());
      if (!Number.isFinite(number)) throw invalidInput(field.name, 'must be a number');
      if (field.integer && !Number.isInteger(number)) throw invalidInput(field.name, 'must be a whole number');
      if (field.min !== undefined && number < field.min) throw invalidInput(field.name, `must be at least ${field.min}`);
      if (field.max !== undefined && number > field.max) throw invalidInput(field.name, `must be at most ${field.max}`);
      return number;
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 1 || value === '1') return true;
      if (value === 'false' || value === 0 || value === '0') return false;
      throw invalidInput(field.name, 'must be true or false');
    case 'options': {
      const text = String(value);
      if (!field.options.some((option) => option.value === text)) {
        throw invalidInput(field.name, `must be one of ${field.options.map((o) => o.value).join(', ')}`, text);
      }
      return text;
    }
    case 'recipients':
      // Checked here so bad numbers stop the send early; the driver parses the original
      // value again to report duplicates per recipient. A preview lists bad numbers instead.
      requireRecipients(field.name, value, { max: field.max, allowInvalid: preview });
      return value;
    case 'dateTime':
      return field.future ? checkSchedule(field.name, value, { maxDaysAhead: field.maxDaysAhead, now }) : toInstant(field.name, value);
    case 'json': {
      const parsed = typeof value === 'string' ? parseJson(field.name, value) : value;
      if (field.shape !== 'object' && field.shape !== 'variables' && !Array.isArray(parsed)) {
        throw invalidInput(field.name, 'must be a list');
      }
      if (field.maxItems !== undefined && Array.isArray(parsed) && parsed.length > field.maxItems) {
        throw invalidInput(field.name, `must have at most ${field.maxItems} entries`, `${parsed.length} given`);
      }
      return parsed;
    }
  }
}

function parseJson(field: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw invalidInput(field, 'must be valid JSON');
  }
}

/** Validates every declared field; unknown extra properties pass through untouched. */
export function validateInput(fields: Field[], input: Record<string, unknown>, now = new Date()): Record<string, unknown> {
  const out: Record<string, unknown> = { ...input };
  const preview = input.preview === true || input.preview === 'true';
  for (const field of fields) {
    out[field.name] = validateField(field, input[field.name], now, preview);
  }
  return out;
}

export async function runOperation<Client>(
  operation: Operation<Client>,
  client: Client,
  input: Record<string, unknown>,
  context: Parameters<Operation<Client>['run']>[2] = {},
): Promise<unknown> {
  const valid = validateInput(operation.fields, input);
  return operation.run(client, valid, context);
}
