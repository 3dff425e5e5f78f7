import { acceptedWhole, mapBounded, matchReplyEntries, sendInChunks } from '../../src/core/batch';
import { GatewayError } from '../../src/core/errors';

describe('batching', () => {
  test('sends split at the limit', async () => {
    const parts: string[][] = [];
    const numbers = ['13800000001', '13800000002', '13800000003', '13800000004', '13800000005'];
    await sendInChunks(numbers, { size: 2, concurrency: 1, mobileOf: (m) => m }, async (part) => {
      parts.push(part);
      return { results: part.map((mobile) => ({ mobile, status: 'accepted' as const })), raw: null };
    });
    expect(parts).toEqual([numbers.slice(0, 2), numbers.slice(2, 4), numbers.slice(4)]);
    await expect(sendInChunks(numbers, { size: 0, mobileOf: (m) => m }, async () => ({ results: [], raw: null }))).rejects.toThrow(RangeError);
  });
  test('bounded concurrency keeps input order', async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapBounded([30, 10, 20, 5], 2, async (ms, i) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, ms));
      inFlight--;
      return i;
    });
    expect(out).toEqual([0, 1, 2, 3]);
    expect(peak).toBe(2);
  });
  test('a failed chunk marks only its own recipients, unknown when the gateway may have them', async () => {
    const numbers = Array.from({ length: 5 }, (_, i) => `1380000000${i}`);
    const result = await sendInChunks(numbers, { size: 2, mobileOf: (m) => m }, async (part, index) => {
      if (index === 1) throw new GatewayError('time-out', { kind: 'timeout', sent: 'maybe' });
      return { results: part.map((mobile) => ({ mobile, status: 'accepted' as const, messageId: `id-${mobile}` })), raw: index };
    });
    expect(result.results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'unknown', 'unknown', 'accepted']);
    expect(result.results.map((r) => r.mobile)).toEqual(numbers);
    expect(result.accepted).toBe(3);
    expect(result.errors).toHaveLength(1);
  });
  test('raw replies are kept one per chunk, or left out when asked; batch ids and balance stay either way', async () => {
    const numbers = Array.from({ length: 5 }, (_, i) => `1380000000${i}`);
    const send = (rawReplies?: boolean) =>
      sendInChunks(numbers, { size: 2, mobileOf: (m) => m, rawReplies }, async (part, index) => ({
        results: part.map((mobile) => ({ mobile, status: 'accepted' as const })),
        raw: { reply: index },
        batchId: `b${index}`,
        balance: 100 - index,
      }));
    const kept = await send();
    expect(kept.raw).toEqual([{ reply: 0 }, { reply: 1 }, { reply: 2 }]);
    const left = await send(false);
    expect(left.raw).toEqual([]);
    expect(left.batchIds).toEqual(['b0', 'b1', 'b2']);
    expect(left.balance).toBe(98);
    expect(left.results.map((r) => r.mobile)).toEqual(numbers);
  });
  test('chunks that answer out of order put their results in input order', async () => {
    const numbers = Array.from({ length: 7 }, (_, i) => `1380000000${i}`);
    const finishedWhenCalled: number[][] = [];
    const finished: number[] = [];
    const delays = [60, 5, 15, 1];
    const result = await sendInChunks(numbers, { size: 2, concurrency: 2, mobileOf: (m) => m }, async (part, index) => {
      finishedWhenCalled[index] = [...finished];
      await new Promise((r) => setTimeout(r, delays[index]));
      finished.push(index);
      return { results: part.map((mobile) => ({ mobile, status: 'accepted' as const, messageId: `chunk-${index}` })), raw: index, batchId: `b${index}` };
    });
    expect(result.results.map((r) => r.mobile)).toEqual(numbers);
    expect(result.results.map((r) => r.messageId)).toEqual(['chunk-0', 'chunk-0', 'chunk-1', 'chunk-1', 'chunk-2', 'chunk-2', 'chunk-3']);
    // Raw replies and batch ids keep chunk order whatever order the chunks finished in.
    expect(result.raw).toEqual([0, 1, 2, 3]);
    expect(result.batchIds).toEqual(['b0', 'b1', 'b2', 'b3']);
    // Two in flight: the third chunk goes out when the second (the faster) comes back, while
    // the first is still waiting.
    expect(finishedWhenCalled).toEqual([[], [], [1], [1, 2]]);
  });
  test('a chunk taken whole under one task id accepts each of its recipients under that id, beside chunks that answer per number', async () => {
    const messages = Array.from({ length: 5 }, (_, i) => ({ mobile: `1380000000${i}`, content: `text ${i}` }));
    const result = await sendInChunks(messages, { size: 2, mobileOf: (m) => m.mobile }, async (part, index) => {
      if (index === 1) return { results: part.map((m) => ({ mobile: m.mobile, status: 'failed' as const })), raw: 'per number' };
      return acceptedWhole({ taskId: index === 0 ? 'T0' : undefined, balance: 90 - index, raw: `whole ${index}` });
    });
    expect(result.results).toEqual([
      { mobile: '13800000000', status: 'accepted', messageId: 'T0' },
      { mobile: '13800000001', status: 'accepted', messageId: 'T0' },
      { mobile: '13800000002', status: 'failed' },
      { mobile: '13800000003', status: 'failed' },
      { mobile: '13800000004', status: 'accepted', messageId: undefined },
    ]);
    expect(result.accepted).toBe(3);
    expect(result.batchIds).toEqual(['T0']);
    expect(result.raw).toEqual(['whole 0', 'per number', 'whole 2']);
    expect(result.balance).toBe(88);
  });
  test('when every chunk fails the error is thrown', async () => {
    await expect(
      sendInChunks(['13800000000'], { size: 1, mobileOf: (m) => m }, async () => {
        throw new GatewayError('denied', { kind: 'authentication', sent: 'no' });
      }),
    ).rejects.toThrow('denied');
  });
});

describe('matching reply entries to what was sent', () => {
  const keys = { mobile: (e: { m: string; c?: string }) => e.m, customId: (e: { m: string; c?: string }) => e.c ?? '' };

  it('takes entries in order when each agrees with its position', () => {
    const entries = [{ m: '13800000001', c: 'a' }, { m: '13800000002' }];
    const matched = matchReplyEntries([{ mobile: '13800000001', customId: 'a' }, { mobile: '13800000002', customId: 'b' }], entries, keys);
    expect(matched).toEqual(entries);
  });

  it('does not trust position when custom ids on one number are swapped', () => {
    const entries = [{ m: '13800000001', c: 'second' }, { m: '13800000001', c: 'first' }];
    const matched = matchReplyEntries([{ mobile: '13800000001', customId: 'first' }, { mobile: '13800000001', customId: 'second' }], entries, keys);
    expect(matched).toEqual([entries[1], entries[0]]);
  });

  it('takes numbers alone, as Mobset sends them, and matches them out of order', () => {
    const entries = [{ m: '13800000002' }, { m: '' }, { m: '13800000001' }];
    const matched = matchReplyEntries(['13800000001', '13800000002', '13800000003'], entries, keys);
    // An entry that names no number is taken only at its own position, and only if free.
    expect(matched).toEqual([entries[2], entries[0], undefined]);
    expect(matchReplyEntries(['13800000001', '13800000003'], [{ m: '13800000001' }, { m: '' }], keys)).toEqual([{ m: '13800000001' }, { m: '' }]);
  });

  it('leaves a number the reply does not mention unmatched, even at a position that has an entry', () => {
    const entries = [{ m: '13800000001' }, { m: '13800000003' }];
    const matched = matchReplyEntries([{ mobile: '13800000001' }, { mobile: '13800000002' }], entries, keys);
    expect(matched).toEqual([entries[0], undefined]);
  });
});
