import { normalizeMobile, parseRecipients, requireRecipients } from '../../src/core/phone';

describe('mainland mobile numbers', () => {
  test.each([
    ['13800138000', '13800138000'],
    ['138 0013 8000', '13800138000'],
    ['138-0013-8000', '13800138000'],
    ['+86 138 0013 8000', '13800138000'],
    ['+8613800138000', '13800138000'],
    ['008613800138000', '13800138000'],
    ['8613800138000', '13800138000'],
    ['19912345678', '19912345678'],
  ])('%s normalises to %s', (input, expected) => {
    expect(normalizeMobile(input)).toBe(expected);
  });
  test.each(['12800138000', '1380013800', '138001380000', '0755-12345678', 'abc'])('%s is rejected', (input) => {
    expect(normalizeMobile(input)).toBeUndefined();
  });
  // A list of clean strings goes through the de-duplicating loop's own digit check, not
  // normalizeMobile: the characters either side of 0-9 and of 3-9 must be refused there too.
  test.each(['1380013800/', '1380013800:', '13/00138000', '1:800138000', '12800138000', '1a800138000', '03800138000', '23800138000', '１3800138000', '13800１38000'])(
    'in a list of numbers, %s is rejected before anything else is looked at',
    (bad) => {
      const list = parseRecipients(['13900139000', bad, '13700137000']);
      expect(list.accepted).toEqual(['13900139000', '13700137000']);
      expect(list.rejected).toEqual([{ input: bad, reason: 'invalid', message: `${bad} is not a mainland China mobile number` }]);
    },
  );
  test('in a list of numbers, every second digit from 3 to 9 is taken', () => {
    const numbers = ['3', '4', '5', '6', '7', '8', '9'].map((d) => `1${d}900000000`);
    const list = parseRecipients(numbers);
    expect(list).toEqual({ accepted: numbers, rejected: [] });
    // A list with nothing to drop comes back as a copy: the caller's array is its own to change.
    expect(list.accepted).not.toBe(numbers);
    numbers.pop();
    expect(list.accepted).toHaveLength(7);
  });
  test('de-duplicates in order and reports every rejected number with its reason', () => {
    const list = parseRecipients('13800138000, 13900139000\n+86 138 0013 8000；12345；13700137000');
    expect(list.accepted).toEqual(['13800138000', '13900139000', '13700137000']);
    expect(list.rejected).toEqual([
      { input: '+86 138 0013 8000', reason: 'duplicate', message: '+86 138 0013 8000 is listed more than once' },
      { input: '12345', reason: 'invalid', message: '12345 is not a mainland China mobile number' },
    ]);
  });
  test('a list in one string: clean entries between any separator, or any spelling, give the same answer', () => {
    // Clean entries take a one-split path; one entry spelled otherwise sends the whole string
    // the long way. Both must agree on what is accepted and on every repeat.
    const clean = ' 13800138000, 13900139000\r\n13700137000；13800138000 ，13600136000|13500135000、13400134000;13300133000\n';
    const expected = ['13800138000', '13900139000', '13700137000', '13600136000', '13500135000', '13400134000', '13300133000'];
    const repeat = { input: '13800138000', reason: 'duplicate', message: '13800138000 is listed more than once' };
    expect(parseRecipients(clean)).toEqual({ accepted: expected, rejected: [repeat] });
    const messy = `${clean}\n+86 132 0013 2000`;
    expect(parseRecipients(messy)).toEqual({ accepted: [...expected, '13200132000'], rejected: [repeat] });
    // Spaces alone separate numbers too, on the long way.
    expect(parseRecipients('13800138000 13900139000').accepted).toEqual(['13800138000', '13900139000']);
    expect(parseRecipients('13800138000,').accepted).toEqual(['13800138000']);
  });
  test('arrays, numbers and objects with a mobile property', () => {
    expect(parseRecipients([13800138000, { mobile: '13900139000' }, ['13700137000']]).accepted).toEqual([
      '13800138000',
      '13900139000',
      '13700137000',
    ]);
  });
  test('a send with an invalid number is refused before anything is sent, naming the numbers', () => {
    expect(() => requireRecipients('recipients', '13800138000,1234')).toThrow(
      'recipients: must contain only mainland China mobile numbers (11 digits, starting 13-19) (1234)',
    );
    expect(() => requireRecipients('recipients', '')).toThrow('recipients: must contain at least one mobile number');
  });
  test('de-duplicating 200,000 numbers agrees with a Set, across table growth and colliding digits', () => {
    // Numbers that differ only in their high or low five digits, repeated at random.
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const input = Array.from({ length: 200_000 }, () => {
      const high = Math.floor(random() * 30);
      const low = Math.floor(random() * 3000);
      return `1${3 + (high % 7)}${String(high).padStart(4, '0')}${String(low).padStart(5, '0')}`;
    });
    const reference = [...new Set(input)];
    const list = parseRecipients(input);
    expect(list.accepted).toEqual(reference);
    expect(list.rejected).toHaveLength(input.length - reference.length);
    expect(list.rejected.every((r) => r.reason === 'duplicate')).toBe(true);
    // One that is only spelled differently is the same number.
    expect(parseRecipients(['13800138000', '+86 138 0013 8000', '8613800138000']).accepted).toEqual(['13800138000']);
  });
  test('numbers spelled several ways, invalid ones and repeats mixed: rejections in input order, first appearance kept', () => {
    let seed = 11;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const input = Array.from({ length: 20_000 }, (_, i) => {
      const n = `13${String(Math.floor(random() * 5000)).padStart(9, '0')}`;
      const pick = random();
      if (pick < 0.05) return `12${i}`;
      if (pick < 0.1) return `+86 ${n.slice(0, 3)} ${n.slice(3, 7)} ${n.slice(7)}`;
      return n;
    });
    const seen = new Set<string>();
    const accepted: string[] = [];
    const rejected: Array<[string, string]> = [];
    for (const text of input) {
      const mobile = normalizeMobile(text);
      if (mobile === undefined) rejected.push([text, 'invalid']);
      else if (seen.has(mobile)) rejected.push([text, 'duplicate']);
      else {
        seen.add(mobile);
        accepted.push(mobile);
      }
    }
    const list = parseRecipients(input.join('\n'));
    expect(list.accepted).toEqual(accepted);
    expect(list.rejected.map((r) => [r.input, r.reason])).toEqual(rejected);
    expect(rejected.filter(([, reason]) => reason === 'invalid').length).toBeGreaterThan(500);
  });
});
