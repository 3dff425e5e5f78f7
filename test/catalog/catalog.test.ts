import { findOperation, runOperation, validateInput, VENDORS } from '../../src/catalog';
import type { Field } from '../../src/catalog/types';
import { GatewayError } from '../../src/core/errors';
import { startSandbox, type Sandbox } from '../../src/sandbox/server';

describe('validation from the catalog', () => {
  const fields: Field[] = [
    { name: 'recipients', type: 'recipients', required: true, label: { en: 'R', zh: 'R' } },
    { name: 'count', type: 'number', integer: true, min: 1, max: 10, label: { en: 'C', zh: 'C' } },
    { name: 'code', type: 'string', pattern: /^\d{1,5}$/, patternRule: 'must be 1 to 5 digits', label: { en: 'X', zh: 'X' } },
    { name: 'kind', type: 'options', options: [{ value: 'a', label: { en: 'a', zh: 'a' } }], label: { en: 'K', zh: 'K' } },
    { name: 'at', type: 'dateTime', future: true, maxDaysAhead: 90, label: { en: 'A', zh: 'A' } },
    { name: 'list', type: 'json', shape: 'list', maxItems: 2, label: { en: 'L', zh: 'L' } },
  ];
  const base = { recipients: '13800138000' };
  test.each([
    [{}, 'recipients: is required'],
    [{ ...base, count: '1.5' }, 'count: must be a whole number'],
    [{ ...base, count: 11 }, 'count: must be at most 10'],
    [{ ...base, code: '123456' }, 'code: must be 1 to 5 digits'],
    [{ ...base, kind: 'b' }, 'kind: must be one of a (b)'],
    [{ ...base, at: '2000-01-01 00:00:00' }, 'at: must be in the future'],
    [{ ...base, list: '[1,2,3]' }, 'list: must have at most 2 entries (3 given)'],
    [{ ...base, list: '{oops' }, 'list: must be valid JSON'],
  ])('%j → %s', (input, message) => {
    expect(() => validateInput(fields, input)).toThrow(message);
    try {
      validateInput(fields, input);
    } catch (error) {
      expect((error as GatewayError).kind).toBe('validation');
      expect((error as GatewayError).sent).toBe('no');
    }
  });
  test('values are coerced', () => {
    const out = validateInput(fields, { ...base, count: '3', list: '[1]' });
    expect(out.count).toBe(3);
    expect(out.list).toEqual([1]);
    expect(out.recipients).toBe('13800138000');
  });
});

describe('every declared operation has texts in both languages and a vendor function', () => {
  for (const entry of Object.values(VENDORS)) {
    for (const op of entry!.operations) {
      test(`${op.vendor} ${op.resource}.${op.name}`, () => {
        expect(op.label.en && op.label.zh && op.description.en && op.description.zh).toBeTruthy();
        expect(op.vendorFunctions.length).toBeGreaterThan(0);
        for (const field of op.fields) expect(field.label.en && field.label.zh).toBeTruthy();
        if (op.sends) expect(op.idempotent).toBe(false);
      });
    }
  }
});

describe('operations run through the catalog against the sandbox', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ quiet: true, reportDelayMs: 10 });
  });
  afterAll(() => sandbox.close());

  test('sms.aspx: send, preview, balance, reports', async () => {
    const entry = VENDORS.smsaspx!;
    const client = entry.createClient({ baseUrl: sandbox.baseUrls.smsaspx, account: 'demo', password: 'demo123' });
    const send = findOperation('smsaspx', 'sms', 'send');
    const sent = (await runOperation(send, client, { recipients: '13800138000', content: '目录【星辰商城】' })) as { accepted: number };
    expect(sent.accepted).toBe(1);
    const seq = sandbox.state.lastSeq;
    const preview = (await runOperation(send, client, { recipients: '13800138000,123', content: '目录【星辰商城】', preview: true })) as {
      recipients: number;
      rejected: Array<{ input: string }>;
      parts: number;
    };
    expect(preview).toMatchObject({ recipients: 1, parts: 1, rejected: [{ input: '123', reason: 'invalid' }] });
    expect(sandbox.state.lastSeq).toBe(seq);
    const balance = (await runOperation(findOperation('smsaspx', 'account', 'balance'), client, {})) as { amount: number };
    expect(balance.amount).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 50));
    const reports = (await runOperation(findOperation('smsaspx', 'report', 'fetch'), client, {})) as unknown[];
    expect(reports.length).toBeGreaterThan(0);
  });

  test('the MMS platform: frames with base64 file data from JSON', async () => {
    const client = VENDORS.mmsaspx!.createClient({ baseUrl: sandbox.baseUrls.mmsaspx, account: 'demo', password: 'demo123' });
    const frames = JSON.stringify([{ text: '你好', files: [{ fileName: 'a.gif', data: 'R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7' }] }]);
    const sent = (await runOperation(findOperation('mmsaspx', 'mms', 'send'), client, { recipients: '13800138000', title: '标题', frames })) as { accepted: number };
    expect(sent.accepted).toBe(1);
  });
});
