import { checkSchedule, formatBeijing, parseBeijing, toInstant } from '../../src/core/time';
import { isGatewayError } from '../../src/core/errors';

// 2026-05-01 02:30:20 UTC is 10:30:20 in Beijing. The expected strings are written by hand,
// so they hold whatever TZ the suite runs under (npm test runs it under three).
const instant = new Date(Date.UTC(2026, 4, 1, 2, 30, 20));

describe('Beijing timestamps, independent of the host TZ', () => {
  test(`compact14 (Mobset, Emay simple) under TZ=${process.env.TZ}`, () => {
    expect(formatBeijing(instant, 'compact14')).toBe('20260501103020');
  });
  test('compact10 (Mobset real clients, ensms Stamp)', () => {
    expect(formatBeijing(instant, 'compact10')).toBe('0501103020');
  });
  test('dateTime and isoLocal', () => {
    expect(formatBeijing(instant, 'dateTime')).toBe('2026-05-01 10:30:20');
    expect(formatBeijing(instant, 'isoLocal')).toBe('2026-05-01T10:30:20');
  });
  test('crosses the date line: 20:00 UTC is the next day in Beijing', () => {
    expect(formatBeijing(new Date(Date.UTC(2026, 11, 31, 20, 0, 0)), 'dateTime')).toBe('2027-01-01 04:00:00');
  });
});

describe('vendor times', () => {
  test('unpadded live-server time 2013-9-17 17:38:08 is Beijing time', () => {
    expect(parseBeijing('2013-9-17 17:38:08')?.toISOString()).toBe('2013-09-17T09:38:08.000Z');
  });
  test('compact 14 digits and slashes', () => {
    expect(parseBeijing('20180202221211')?.toISOString()).toBe('2018-02-02T14:12:11.000Z');
    expect(parseBeijing('2018/02/02 22:12:11')?.toISOString()).toBe('2018-02-02T14:12:11.000Z');
  });
  test('.NET empty date and garbage are undefined', () => {
    expect(parseBeijing('0001-01-01 00:00:00')).toBeUndefined();
    expect(parseBeijing('yesterday')).toBeUndefined();
    expect(parseBeijing('')).toBeUndefined();
    expect(parseBeijing('2018-13-02 22:12:11')).toBeUndefined();
  });
});

describe('user-entered schedules', () => {
  const now = new Date(Date.UTC(2026, 0, 1, 0, 0, 0));
  test('a string without offset is Beijing wall-clock time', () => {
    expect(toInstant('schedule', '2026-01-01 09:00:00').toISOString()).toBe('2026-01-01T01:00:00.000Z');
  });
  test('ISO with offset, epoch seconds and epoch milliseconds', () => {
    expect(toInstant('schedule', '2026-01-01T09:00:00+08:00').toISOString()).toBe('2026-01-01T01:00:00.000Z');
    expect(toInstant('schedule', 1767225600).toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(toInstant('schedule', '1767225600000').toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });
  test('a past time names the field and the rule', () => {
    expect(() => checkSchedule('schedule', '2025-12-31 08:00:00', { now })).toThrow(/schedule: must be in the future/);
  });
  test('too far ahead names the limit', () => {
    expect(() => checkSchedule('schedule', '2026-04-15 08:00:00', { now, maxDaysAhead: 90 })).toThrow(/at most 90 days ahead/);
    expect(checkSchedule('schedule', '2026-03-15 08:00:00', { now, maxDaysAhead: 90 }).toISOString()).toBe('2026-03-15T00:00:00.000Z');
  });
  test('garbage is a validation error', () => {
    try {
      toInstant('schedule', 'next tuesday');
      throw new Error('no error');
    } catch (error) {
      expect(isGatewayError(error) && error.kind).toBe('validation');
      expect((error as Error).message).toMatch(/^schedule: must be a date and time/);
    }
  });
});
