/**
 * What every vendor client shares: a transport (one shared keep-alive pool unless the
 * caller brings its own), a scrubber that knows the client's secrets, and a clock that
 * tests and the sandbox can set.
 */
import { GatewayError, invalidInput, SecretScrubber } from './errors';
import type { VendorId } from './model';
import { type Exchange, Transport, type TransportOptions } from './transport';

export interface ClientOptions {
  transport?: Transport;
  transportOptions?: TransportOptions;
  /** The clock used for signatures and schedules. */
  now?: () => Date;
}

let sharedTransport: Transport | undefined;

/** One pool for all clients of a process: hosts build a client per execution. */
export function defaultTransport(): Transport {
  sharedTransport ??= new Transport();
  return sharedTransport;
}

export abstract class VendorClient {
  protected readonly transport: Transport;
  protected readonly scrubber = new SecretScrubber();
  protected readonly now: () => Date;
  private readonly ownsTransport: boolean;

  protected constructor(
    readonly vendor: VendorId,
    protected readonly label: string,
    options: ClientOptions = {},
  ) {
    this.ownsTransport = !options.transport && options.transportOptions !== undefined;
    this.transport = options.transport ?? (options.transportOptions ? new Transport(options.transportOptions) : defaultTransport());
    this.now = options.now ?? (() => new Date());
  }

  protected exchange<T>(call: Omit<Exchange<T>, 'vendor' | 'scrubber'>): Promise<T> {
    return this.transport.exchange({ ...call, vendor: this.label, scrubber: this.scrubber }).catch((error: unknown) => {
      throw error instanceof GatewayError ? this.scrubber.scrubError(error.withContext({ vendor: this.label })) : error;
    });
  }

  /** Secret-free text for logs and errors raised outside an exchange. */
  scrub(text: string): string {
    return this.scrubber.scrub(text);
  }

  async close(): Promise<void> {
    if (this.ownsTransport) await this.transport.close();
  }
}

/** A base URL the user typed: http(s), no query, trailing slash optional. */
export function checkBaseUrl(field: string, value: unknown): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text === '') throw invalidInput(field, 'is required');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalidInput(field, 'must be a URL such as http://47.92.214.24:8080/', text);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalidInput(field, 'must start with http:// or https://', text);
  if (url.username || url.password) throw invalidInput(field, 'must not carry a user name or password; use the credential fields');
  return url.origin + url.pathname.replace(/\/+$/, '');
}

/** Requires a non-empty credential field. */
export function requireText(field: string, value: unknown): string {
  const text = value === undefined || value === null ? '' : String(value).trim();
  if (text === '') throw invalidInput(field, 'is required');
  return text;
}

export interface DrainOptions {
  /** Stop after this many calls, even if the gateway still has more. */
  maxCalls?: number;
}

/**
 * Reports and MO are handed out once and in slices: ask until the gateway returns an empty
 * slice (or fewer than a full one), within a cap per poll. A failure after some slices were
 * handed out returns those slices with the error, so nothing the gateway gave is dropped.
 */
export async function drain<T>(
  fetchSlice: () => Promise<T[]>,
  options: DrainOptions & { fullSlice?: number } = {},
): Promise<{ items: T[]; error?: GatewayError }> {
  const items: T[] = [];
  const maxCalls = options.maxCalls ?? 20;
  for (let call = 0; call < maxCalls; call++) {
    let slice: T[];
    try {
      slice = await fetchSlice();
    } catch (error) {
      if (items.length === 0 || !(error instanceof GatewayError)) throw error;
      return { items, error };
    }
    items.push(...slice);
    if (slice.length === 0 || (options.fullSlice !== undefined && slice.length < options.fullSlice)) break;
  }
  return { items };
}
