/**
 * Large sends: split recipients at the vendor's per-request limit, send chunks with bounded
 * concurrency, and merge per-recipient results back in input order. A chunk that fails
 * marks its own recipients failed (or unknown, when the gateway may have taken them); the
 * others keep their results. Only when every chunk fails does the whole send throw.
 */
import { GatewayError } from './errors';
import type { RecipientResult, SendResult, VendorId } from './model';

/** Runs fn over items with at most `concurrency` in flight; results keep input order. */
export async function mapBounded<T, R>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, concurrency), items.length) }, worker));
  return results;
}

interface ChunkReplyBase {
  raw: unknown;
  batchId?: string;
  balance?: number;
}

/**
 * A chunk's answer: one result per item in the chunk's order, or, for a gateway that takes a
 * chunk whole under one task id, `allAccepted` (see acceptedWhole).
 */
export type ChunkReply = ChunkResults | (ChunkReplyBase & { allAccepted: true; messageId?: string });
export type ChunkResults = ChunkReplyBase & { results: RecipientResult[] };

/**
 * sms.aspx and sendmms.aspx answer a chunk with one task id and no word on single numbers: every
 * recipient is accepted under that id. sendInChunks writes those results straight into their
 * places: building each chunk's own array first and copying it was about a fifth of the client
 * CPU of a 100,000-number MMS send (bench/bulk.bench.mjs).
 */
export function acceptedWhole(reply: { taskId?: string; balance?: number; raw: unknown }): ChunkReply {
  return { allAccepted: true, messageId: reply.taskId, raw: reply.raw, batchId: reply.taskId, balance: reply.balance };
}

export interface ChunkedSend {
  results: RecipientResult[];
  /** How many of results are accepted, counted as each chunk's results come in. */
  accepted: number;
  raw: unknown[];
  batchIds: string[];
  balance?: number;
  errors: GatewayError[];
}

/** What a host or caller can ask of a send beside its input. */
export interface SendContext {
  /** Called after each chunk, for progress in a host's status line. */
  onProgress?: (done: number, total: number) => void;
  /**
   * false: the result's raw is left empty. A large send's replies repeat what its recipients
   * say: 100,000 numbers through Emay make 200 replies that hold about as much memory again.
   */
  rawReplies?: boolean;
}

export interface ChunkOptions<T> extends SendContext {
  size: number;
  concurrency?: number;
  mobileOf: (item: T) => string;
  customIdOf?: (item: T) => string | undefined;
}

export async function sendInChunks<T>(
  items: readonly T[],
  options: ChunkOptions<T>,
  sendChunk: (chunk: T[], index: number) => Promise<ChunkReply>,
): Promise<ChunkedSend> {
  const size = options.size;
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`chunk size must be a positive integer, got ${size}`);
  const count = Math.ceil(items.length / size);
  // Each chunk's results go to their place as it completes, so nothing is merged or copied
  // after the last reply (for 100,000 recipients that merge was the whole wait after it).
  const results = new Array<RecipientResult>(items.length);
  const replies = new Array<ChunkReplyBase | undefined>(count);
  const failures = new Array<GatewayError | undefined>(count);
  const keepRaw = options.rawReplies !== false;
  let accepted = 0;
  let done = 0;
  const sendAt = async (index: number): Promise<void> => {
    const start = index * size;
    const part = items.slice(start, start + size);
    try {
      const reply = await sendChunk(part, index);
      // Only what the merge needs: without raw replies, a reply is let go once its results are in place.
      replies[index] = { raw: keepRaw ? reply.raw : undefined, batchId: reply.batchId, balance: reply.balance };
      // Counted here, while the chunk's results are fresh in the cache: counting all 100,000
      // at the end read each from memory again and took 3 ms after the last reply.
      accepted +=
        'allAccepted' in reply
          ? placeAccepted(results, start, part, options.mobileOf, reply.messageId)
          : placeResults(results, start, reply.results);
    } catch (caught) {
      const error = asGatewayError(caught);
      failures[index] = error;
      for (let i = 0; i < part.length; i++) {
        results[start + i] = {
          mobile: options.mobileOf(part[i]),
          customId: options.customIdOf?.(part[i]),
          status: error.sent === 'no' ? 'failed' : 'unknown',
          error: { code: error.vendorCode, message: error.message, sent: error.sent },
        };
      }
    } finally {
      done += part.length;
      options.onProgress?.(done, items.length);
    }
  };
  // Chunks are cut when a worker takes them, not all before the first request goes out.
  await mapBounded(Array.from({ length: count }, (_, index) => index), options.concurrency ?? 4, sendAt);

  const errors = failures.filter((e): e is GatewayError => e !== undefined);
  if (errors.length === count && count > 0) {
    // Nothing went through: one error the host can show and Catch nodes can handle.
    const anyMaybe = errors.some((e) => e.sent !== 'no');
    throw anyMaybe && errors[0].sent === 'no' ? errors[0].copyWith(errors[0].message, { sent: 'maybe' }) : errors[0];
  }

  const merged: ChunkedSend = { results, accepted, raw: [], batchIds: [], errors };
  for (const reply of replies) {
    if (!reply) continue;
    if (keepRaw) merged.raw.push(reply.raw);
    if (reply.batchId) merged.batchIds.push(reply.batchId);
    if (reply.balance !== undefined) merged.balance = reply.balance;
  }
  return merged;
}

/*
 * The loops over every recipient live in functions made once, not in closures made for each send
 * (vendors pass the shared mobileOf and customIdOf below, not `(m) => m` written at each call):
 * V8 keeps a closure's optimised code only while that closure lives, so after each full
 * collection every send began again in the interpreter, and 100,000 recipients went through
 * these loops there (with the compile on a background thread, on cores the gateway may share).
 */

/** Results for a chunk taken whole, written into their places; how many (all accepted). */
function placeAccepted<T>(results: RecipientResult[], start: number, part: readonly T[], mobileOf: (item: T) => string, messageId: string | undefined): number {
  for (let i = 0; i < part.length; i++) results[start + i] = { mobile: mobileOf(part[i]), status: 'accepted', messageId };
  return part.length;
}

/** A chunk's own results, written into their places; how many of them are accepted. */
function placeResults(results: RecipientResult[], start: number, chunk: readonly RecipientResult[]): number {
  let accepted = 0;
  for (let i = 0; i < chunk.length; i++) {
    const result = chunk[i];
    results[start + i] = result;
    if (result.status === 'accepted') accepted++;
  }
  return accepted;
}

function asGatewayError(error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  return new GatewayError((error as Error)?.message ?? String(error), { kind: 'badReply', sent: 'maybe', cause: error });
}

/** What was sent, as matchReplyEntries takes it: the numbers alone, or each with its custom id. */
export type SentItem = string | { mobile: string; customId?: string };

/**
 * Reply entries matched back to what was sent, one per item (undefined where the reply does
 * not mention it): by custom id, then by number, then by position for an entry that names no
 * number, since one that does belongs to someone else. Indexed by key: a 500-number chunk
 * matched by scanning is 125,000 comparisons. Numbers go in as they are (wrapping each of a
 * 100,000-number send in an object made as many objects as its results).
 */
export function matchReplyEntries<E>(
  sent: readonly SentItem[],
  entries: readonly E[],
  keys: { mobile: (entry: E) => string; customId?: (entry: E) => string },
): Array<E | undefined> {
  // Gateways answer in the order they were sent; when every entry agrees with its position
  // (same number, same custom id where both have one), no index is needed.
  if (entries.length === sent.length && sent.every((item, at) => agrees(item, entries[at], keys))) return entries.slice();
  const used = new Uint8Array(entries.length);
  const index = (keyOf: ((entry: E) => string) | undefined) => {
    const byKey = new Map<string, number[]>();
    if (keyOf) {
      entries.forEach((entry, at) => {
        const key = keyOf(entry);
        if (key === '') return;
        const list = byKey.get(key);
        if (list) list.push(at);
        else byKey.set(key, [at]);
      });
    }
    return byKey;
  };
  const byCustomId = index(keys.customId);
  const byMobile = index(keys.mobile);
  const take = (byKey: Map<string, number[]>, key: string | undefined): E | undefined => {
    const candidates = key === undefined ? undefined : byKey.get(key);
    while (candidates && candidates.length > 0) {
      const at = candidates.shift() as number;
      if (!used[at]) {
        used[at] = 1;
        return entries[at];
      }
    }
    return undefined;
  };
  return sent.map((item, at) => {
    const customId = customIdOf(item);
    return (
      (customId ? take(byCustomId, customId) : undefined) ??
      take(byMobile, mobileOf(item)) ??
      (at < entries.length && !used[at] && keys.mobile(entries[at]) === '' ? ((used[at] = 1), entries[at]) : undefined)
    );
  });
}

function agrees<E>(item: SentItem, entry: E, keys: { mobile: (entry: E) => string; customId?: (entry: E) => string }): boolean {
  if (keys.mobile(entry) !== mobileOf(item)) return false;
  const sentId = customIdOf(item);
  if (!sentId || !keys.customId) return true;
  const customId = keys.customId(entry);
  return customId === '' || customId === sentId;
}

export function mobileOf(item: SentItem): string {
  return typeof item === 'string' ? item : item.mobile;
}

export function customIdOf(item: SentItem): string | undefined {
  return typeof item === 'string' ? undefined : item.customId;
}

/** One request's reply as a ChunkedSend, for sends that never need chunks. */
export function singleChunk(reply: ChunkResults): ChunkedSend {
  let accepted = 0;
  for (const result of reply.results) if (result.status === 'accepted') accepted++;
  return { results: reply.results, accepted, raw: [reply.raw], batchIds: reply.batchId ? [reply.batchId] : [], balance: reply.balance, errors: [] };
}

/**
 * The common send result: chunk results in input order, then the numbers refused before
 * sending. It takes over `merged.results` (100,000 recipients are not copied).
 */
export function toSendResult(
  vendor: VendorId,
  merged: ChunkedSend,
  rejected: ReadonlyArray<{ input: string; message: string }>,
  measure: { parts?: number; billed?: number } = {},
): SendResult {
  const recipients = merged.results;
  const accepted = merged.accepted;
  for (const r of rejected) recipients.push({ mobile: r.input, status: 'rejected', error: { message: r.message, sent: 'no' } });
  return {
    vendor,
    recipients,
    accepted,
    failed: recipients.length - accepted,
    batchId: merged.batchIds.length > 0 ? merged.batchIds.join(',') : undefined,
    parts: measure.parts,
    billed: measure.billed,
    balance: merged.balance,
    raw: merged.raw,
  };
}
