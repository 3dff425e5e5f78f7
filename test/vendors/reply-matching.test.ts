/**
 * Gateways that answer a batch out of order, or leave a number out: every recipient still
 * gets its own id, matched by customSmsId or number, and a number the reply does not
 * mention is `unknown`, never silently given someone else's id. The gateways here are real
 * HTTP servers answering with replies in the vendors' own formats.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EmayClient } from '../../src/core/vendors/emay/client';
import { emayKey, openEmay, sealEmay } from '../../src/core/vendors/emay/codec';
import { MobsetSdk3Client } from '../../src/core/vendors/mobset/sdk3';
import { MobsetSoapClient } from '../../src/core/vendors/mobset/soap';

const SECRET = '0123456789abcdef';
let server: Server;
let origin: string;
let answer: (req: IncomingMessage, body: Buffer, res: ServerResponse) => void;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => answer(req, Buffer.concat(chunks), res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('Emay replies', () => {
  const key = emayKey(SECRET);
  /** Answers each sealed request with `reshape(entries the gateway would return in order)`. */
  const emayGateway = (reshape: (entries: Array<Record<string, string | null>>) => unknown[]) => {
    answer = (req, body, res) => {
      const request = openEmay(body, key, req.headers.gzip === 'on') as { smses: Array<{ mobile: string; customSmsId: string | null }> };
      const entries = request.smses.map((s, i) => ({ mobile: s.mobile, smsId: `9${String(i).padStart(5, '0')}${s.mobile}`, customSmsId: s.customSmsId }));
      res.writeHead(200, { result: 'SUCCESS' }).end(sealEmay(reshape(entries), key, req.headers.gzip === 'on'));
    };
  };
  const client = () => new EmayClient({ baseUrl: origin, appId: 'EUCP-TEST', secretKey: SECRET });

  test('entries in reverse order are matched by customSmsId', async () => {
    emayGateway((entries) => [...entries].reverse());
    const messages = Array.from({ length: 300 }, (_, i) => ({ mobile: `139${String(i).padStart(8, '0')}`, content: `第${i}条`, customId: `c${i}` }));
    const result = await client().sendPersonalised({ messages });
    expect(result.accepted).toBe(300);
    result.recipients.forEach((r, i) => {
      expect(r.customId).toBe(`c${i}`);
      expect(r.messageId).toBe(`9${String(i).padStart(5, '0')}${messages[i].mobile}`);
    });
  });

  test('the same number twice with different customSmsIds: each keeps its own id', async () => {
    emayGateway((entries) => [...entries].reverse());
    const messages = [
      { mobile: '13800138000', content: '一', customId: 'first' },
      { mobile: '13800138000', content: '二', customId: 'second' },
    ];
    const result = await client().sendPersonalised({ messages });
    expect(result.recipients.map((r) => [r.customId, r.messageId])).toEqual([
      ['first', '90000013800138000'],
      ['second', '90000113800138000'],
    ]);
  });

  test('without customSmsIds, shuffled entries are matched by number', async () => {
    emayGateway((entries) => [...entries.slice(250), ...entries.slice(0, 250)].map((e) => ({ ...e, customSmsId: null })));
    const recipients = Array.from({ length: 500 }, (_, i) => `137${String(i).padStart(8, '0')}`);
    const result = await client().sendSms({ recipients, content: '【亿美】通知' });
    expect(result.accepted).toBe(500);
    result.recipients.forEach((r, i) => expect(r.messageId).toBe(`9${String(i).padStart(5, '0')}${recipients[i]}`));
  });

  test('a number the reply leaves out is unknown, not given the next entry', async () => {
    emayGateway((entries) => entries.filter((e) => e.mobile !== '13600000001'));
    const result = await client().sendSms({ recipients: ['13600000000', '13600000001', '13600000002'], content: '【亿美】通知' });
    expect(result.recipients.map((r) => [r.mobile, r.status])).toEqual([
      ['13600000000', 'accepted'],
      ['13600000001', 'unknown'],
      ['13600000002', 'accepted'],
    ]);
    expect(result.recipients[1].error?.sent).toBe('maybe');
    expect(result.recipients[2].messageId).toBe('90000213600000002');
  });
});

describe('Mobset SDK3 replies', () => {
  const mobsetGateway = (reshape: (list: Array<{ PhoneNumber: string; SmsId: string }>) => unknown[]) => {
    answer = (_req, body, res) => {
      const numbers = (new URLSearchParams(body.toString('utf8')).get('PhoneNumbers') ?? '').split(',');
      const list = numbers.map((n, i) => ({ PhoneNumber: n, SmsId: String(7000000 + i * 10 + Number(n.slice(-1))) }));
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify({ Code: String(numbers.length), Message: '成功', SmsIdList: reshape(list) }));
    };
  };
  const client = () => new MobsetSdk3Client(`${origin}/SDK3/Sms`, { corpId: '300001', loginName: 'demo', password: 'secret' });

  test('SmsIdList in reverse order is matched by PhoneNumber', async () => {
    mobsetGateway((list) => [...list].reverse());
    const recipients = Array.from({ length: 50 }, (_, i) => `135${String(i).padStart(8, '0')}`);
    const result = await client().sendSms({ recipients, content: '通知' });
    result.recipients.forEach((r, i) => expect(r.messageId).toBe(String(7000000 + i * 10 + Number(recipients[i].slice(-1)))));
  });

  test('SmsId 0 for one number fails that number only', async () => {
    mobsetGateway((list) => list.map((e) => (e.PhoneNumber === '13500000001' ? { ...e, SmsId: '0' } : e)));
    const result = await client().sendSms({ recipients: ['13500000000', '13500000001'], content: '通知' });
    expect(result.recipients.map((r) => r.status)).toEqual(['accepted', 'failed']);
    expect(result.accepted).toBe(1);
  });

  // 0 and negative ids are refusals ("如处理失败则SmsId返回0"; negatives are error codes). An id
  // that is empty or unreadable is not: the request went through, so the number may have been
  // sent, and calling it failed would invite a second, paid send.
  test('ids: positive accepted, 0 and negative failed (not sent), empty or unreadable unknown (maybe sent)', async () => {
    const ids: Record<string, string> = { '13500000010': '7001', '13500000011': '0', '13500000012': '-110', '13500000013': '', '13500000014': 'n/a' };
    mobsetGateway((list) => list.map((e) => ({ ...e, SmsId: ids[e.PhoneNumber] })));
    const result = await client().sendSms({ recipients: Object.keys(ids), content: '通知' });
    expect(result.recipients.map((r) => [r.status, r.messageId, r.error?.sent, r.error?.code])).toEqual([
      ['accepted', '7001', undefined, undefined],
      ['failed', undefined, 'no', undefined],
      ['failed', undefined, 'no', '-110'],
      ['unknown', undefined, 'maybe', undefined],
      ['unknown', undefined, 'maybe', undefined],
    ]);
    expect(result.accepted).toBe(1);
  });
});

describe('Mobset WebService replies', () => {
  /** Answers Sms_Send with one SmsIDGroup per number the request listed, shaped by `idOf`, or no list at all. */
  const soapGateway = (idOf: ((mobile: string) => string) | 'no list') => {
    answer = (_req, body, res) => {
      const mobiles = [...body.toString('utf8').matchAll(/<(?:\w+:)?Mobile>(\d+)</g)].map((m) => m[1]);
      const list = idOf === 'no list' ? '' : `<SmsIDList>${mobiles.map((m) => `<SmsIDGroup><Mobile>${m}</Mobile><SmsID>${idOf(m)}</SmsID></SmsIDGroup>`).join('')}</SmsIDList>`;
      res
        .writeHead(200, { 'content-type': 'text/xml; charset=utf-8' })
        .end(
          '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>' +
            `<Sms_SendResponse xmlns="http://tempuri.org/"><Count>${mobiles.length}</Count><ErrMsg>成功</ErrMsg>${list}</Sms_SendResponse></soap:Body></soap:Envelope>`,
        );
    };
  };
  const client = () => new MobsetSoapClient(`${origin}/mobset/Api`, { corpId: '300001', loginName: 'demo', password: 'secret' });

  test('SmsID: the same rules as SDK3, and a reply with no SmsIDList leaves every number unknown, not failed', async () => {
    const ids: Record<string, string> = { '13600000010': '8001', '13600000011': '0', '13600000012': '' };
    soapGateway((mobile) => ids[mobile]);
    const result = await client().sendSms({ recipients: Object.keys(ids), content: '通知' });
    expect(result.recipients.map((r) => [r.status, r.messageId, r.error?.sent])).toEqual([
      ['accepted', '8001', undefined],
      ['failed', undefined, 'no'],
      ['unknown', undefined, 'maybe'],
    ]);
    soapGateway('no list');
    const bare = await client().sendSms({ recipients: ['13600000020', '13600000021'], content: '通知' });
    expect(bare.recipients.map((r) => [r.status, r.error?.sent])).toEqual([
      ['unknown', 'maybe'],
      ['unknown', 'maybe'],
    ]);
  });
});

describe('Mobset SDK3 replies that leave a number out', () => {
  test('the missing number is unknown and its neighbour keeps its own id', async () => {
    answer = (_req, body, res) => {
      const numbers = (new URLSearchParams(body.toString('utf8')).get('PhoneNumbers') ?? '').split(',');
      const list = numbers.filter((n) => n !== '13400000001').map((n) => ({ PhoneNumber: n, SmsId: `8${n}` }));
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify({ Code: String(list.length), Message: '成功', SmsIdList: list }));
    };
    const client = new MobsetSdk3Client(`${origin}/SDK3/Sms`, { corpId: '300001', loginName: 'demo', password: 'secret' });
    const result = await client.sendSms({ recipients: ['13400000000', '13400000001', '13400000002'], content: '通知' });
    expect(result.recipients.map((r) => [r.status, r.messageId])).toEqual([
      ['accepted', '813400000000'],
      ['unknown', undefined],
      ['accepted', '813400000002'],
    ]);
    expect(result.recipients[1].error?.sent).toBe('maybe');
  });
});
