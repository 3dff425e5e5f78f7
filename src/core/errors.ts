/**
 * One error type for everything that can go wrong between a user's input and a vendor's
 * reply. Hosts (n8n, Node-RED) map it to their own error shapes; nothing else is thrown
 * by the core on purpose.
 */

/** Whether the gateway may already have accepted the message when the error happened. */
export type MaybeSent = 'no' | 'maybe' | 'yes';

export type ErrorKind =
  /** The user's input broke a rule; nothing was sent. */
  | 'validation'
  /** Credentials, signature, timestamp or IP whitelist refused. */
  | 'authentication'
  /** The gateway asked us to slow down. */
  | 'rateLimited'
  /** The gateway answered with a documented error code. */
  | 'gateway'
  /** The gateway could not be reached or the connection broke. */
  | 'network'
  /** No answer within the time-out. */
  | 'timeout'
  /** An answer came, but not one the protocol allows (HTML page, garbage, too large). */
  | 'badReply'
  /** The client is set up wrongly (bad key length, bad base URL). */
  | 'configuration';

export interface GatewayErrorDetails {
  kind: ErrorKind;
  vendor?: string;
  operation?: string;
  /** The vendor's own code, as the vendor spells it (`-105`, `ERROR_REQUEST_NO_VALID`, `1005`). */
  vendorCode?: string;
  /** The vendor's own text, untranslated. */
  vendorText?: string;
  httpStatus?: number;
  /** True when repeating the same request cannot cause a second message. */
  retryable?: boolean;
  sent?: MaybeSent;
  /** For validation errors: the field and the rule it broke. */
  field?: string;
  rule?: string;
  /** A next step for the user (clock skew, IP whitelist, ...). */
  hint?: string;
  /** How long the gateway asked us to wait before asking again. */
  retryAfterMs?: number;
  cause?: unknown;
}

export class GatewayError extends Error {
  readonly kind: ErrorKind;
  readonly vendor?: string;
  readonly operation?: string;
  readonly vendorCode?: string;
  readonly vendorText?: string;
  readonly httpStatus?: number;
  readonly retryable: boolean;
  readonly sent: MaybeSent;
  readonly field?: string;
  readonly rule?: string;
  readonly hint?: string;
  readonly retryAfterMs?: number;

  constructor(message: string, details: GatewayErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'GatewayError';
    this.kind = details.kind;
    this.vendor = details.vendor;
    this.operation = details.operation;
    this.vendorCode = details.vendorCode;
    this.vendorText = details.vendorText;
    this.httpStatus = details.httpStatus;
    this.retryable = details.retryable ?? false;
    this.sent = details.sent ?? 'no';
    this.field = details.field;
    this.rule = details.rule;
    this.hint = details.hint;
    this.retryAfterMs = details.retryAfterMs;
  }

  /** A plain object for n8n items and Node-RED messages: no stack, no cause, no secret. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, message: this.message, kind: this.kind };
    for (const key of [
      'vendor',
      'operation',
      'vendorCode',
      'vendorText',
      'httpStatus',
      'field',
      'rule',
      'hint',
    ] as const) {
      if (this[key] !== undefined) out[key] = this[key];
    }
    out.retryable = this.retryable;
    out.sent = this.sent;
    return out;
  }

  /** The same error seen from another operation or vendor (batch chunks, catalog wrappers). */
  withContext(context: { vendor?: string; operation?: string }): GatewayError {
    if (this.vendor && this.operation) return this;
    return this.copyWith(this.message, {
      vendor: this.vendor ?? context.vendor,
      operation: this.operation ?? context.operation,
    });
  }

  copyWith(message: string, changes: Partial<GatewayErrorDetails>): GatewayError {
    const copy = new GatewayError(message, { ...this.details(), ...changes });
    // The stack's first line repeats the message; keep the old stack only when that is unchanged.
    if (message === this.message) copy.stack = this.stack;
    return copy;
  }

  private details(): GatewayErrorDetails {
    return {
      kind: this.kind,
      vendor: this.vendor,
      operation: this.operation,
      vendorCode: this.vendorCode,
      vendorText: this.vendorText,
      httpStatus: this.httpStatus,
      retryable: this.retryable,
      sent: this.sent,
      field: this.field,
      rule: this.rule,
      hint: this.hint,
      retryAfterMs: this.retryAfterMs,
      cause: this.cause,
    };
  }
}

/** Bad input from the user: names the field and the rule, and is raised before any request. */
export function invalidInput(field: string, rule: string, detail?: string): GatewayError {
  const message = detail ? `${field}: ${rule} (${detail})` : `${field}: ${rule}`;
  return new GatewayError(message, { kind: 'validation', field, rule, sent: 'no', retryable: false });
}

/**
 * A validation error from checking one item of a list, renamed to that item's field: a field of
 * the item (`messages[3].mobile`), or the item itself when it was checked under the list's name
 * (`customIds[3]`). Items are checked under plain names and renamed only when one fails:
 * building the names for each of 100,000 messages allocated 21 MB.
 */
export function inItem(error: unknown, list: string, index: number): unknown {
  if (!(error instanceof GatewayError) || error.kind !== 'validation' || !error.field) return error;
  const field = error.field === list ? `${list}[${index}]` : `${list}[${index}].${error.field}`;
  const message = error.message.startsWith(`${error.field}:`) ? field + error.message.slice(error.field.length) : error.message;
  return error.copyWith(message, { field });
}

export function isGatewayError(value: unknown): value is GatewayError {
  return value instanceof GatewayError;
}

/**
 * Removes every known secret (and its MD5 forms, which some protocols send instead of the
 * password) from a text. Clients register their secrets once; everything that leaves the
 * core as text passes through here.
 */
export class SecretScrubber {
  private readonly secrets: string[] = [];

  add(...values: Array<string | undefined>): this {
    for (const value of values) {
      // Very short values would blank out ordinary words; no real secret is that short.
      if (value && value.length >= 3 && !this.secrets.includes(value)) this.secrets.push(value);
    }
    this.secrets.sort((a, b) => b.length - a.length);
    return this;
  }

  scrub(text: string): string {
    let out = text;
    for (const secret of this.secrets) {
      out = replaceAllCaseInsensitive(out, secret, '***');
    }
    return out;
  }

  scrubError(error: GatewayError): GatewayError {
    const message = this.scrub(error.message);
    const vendorText = error.vendorText === undefined ? undefined : this.scrub(error.vendorText);
    if (message === error.message && vendorText === error.vendorText) return error;
    return error.copyWith(message, { vendorText, cause: undefined });
  }
}

function replaceAllCaseInsensitive(text: string, needle: string, replacement: string): string {
  const lowerText = text.toLowerCase();
  const lowerNeedle = needle.toLowerCase();
  let index = lowerText.indexOf(lowerNeedle);
  if (index < 0) return text;
  let out = '';
  let from = 0;
  while (index >= 0) {
    out += text.slice(from, index) + replacement;
    from = index + needle.length;
    index = lowerText.indexOf(lowerNeedle, from);
  }
  return out + text.slice(from);
}
