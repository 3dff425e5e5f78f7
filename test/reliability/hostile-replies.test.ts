/**
 * Hostile replies: whatever a broken or malicious server answers, every vendor client gives
 * a typed error within its time-out, never an unhandled rejection, with bounded memory.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { encodeText } from '../../src/core/charset';
import { GatewayError } from '../../src/core/errors';
import { Transport } from '../../src/core/transport';
import { EmayClient } from '../../src/core/vendors/emay/client';
import { MmsAspxClient } from '../../src/core/vendors/mmsaspx/client';
import { MobsetSdk3Client } from '../../src/core/vendors/mobset/sdk3';
import { MobsetSoapClient } from '../../src/core/vendors/mobset/soap';
import { SmsAspxClient } from '../../src/core/vendors/smsaspx/client';

type Behaviour = 'random' | 'truncatedXml' | 'truncatedJson' | 'entityBomb' | 'huge' | 'html' | 'wrongCharset' | 'hang' | 'empty';
const BEHAVIOURS: Behaviour[] = ['random', 'truncatedXml', 'truncatedJson', 'entityBomb', 'huge', 'html', 'wrongCharset', 'hang', 'empty'];

let server: Server;
let base: string;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  server = createServer((req, res) => {
    req.resume();
    const behaviour = (req.url ?? '').split('/')[1] as Behaviour;
    // Emay clients look for a `result` header first; give it so the body is what gets tested.
    const headers = { 'content-type': 'text/xml; charset=utf-8', result: 'SUCCESS' };
    switch (behaviour) {
      case 'random': {
        const bytes = Buffer.alloc(4096);
        for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + 13) % 256;
        res.writeHead(200, headers).end(bytes);
        return;
      }
      case 'truncatedXml':
        res.writeHead(200, headers).end('<?xml version="1.0" encoding="utf-8" ?><returnsms><returnstatus>Success</returnstatus><message>ok</mess');
        return;
      case 'truncatedJson':
        res.writeHead(200, { ...headers, 'content-type': 'application/json' }).end('{"Code":"1","Message":"成功","SmsIdList":[{"PhoneNumber":"1380013');
        return;
      case 'entityBomb':
        res
          .writeHead(200, headers)
          .end(`<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><returnsms><returnstatus>&c;</returnstatus></returnsms>`);
        return;
      case 'huge': {
        // 50 MB, streamed: the client must stop reading long before the end.
        res.writeHead(200, headers);
        const chunk = Buffer.alloc(1024 * 1024, 0x61);
        let sent = 0;
        const pump = () => {
          while (sent < 50 && res.write(chunk)) sent++;
          if (sent >= 50) res.end();
          else res.once('drain', pump);
        };
        res.on('error', () => undefined);
        pump();
        return;
      }
      case 'html':
        res.writeHead(200, { ...headers, 'content-type': 'text/html' }).end('<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>');
        return;
      case 'wrongCharset':
        res.writeHead(200, { ...headers, 'content-type': 'application/json; charset=utf-8' }).end(encodeText('{"Code":"-105","Message":"帐号验证失败', 'gbk'));
        return;
      case 'hang':
        return;
      case 'empty':
        res.writeHead(200, headers).end();
        return;
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const transport = new Transport({ headersTimeoutMs: 500, bodyTimeoutMs: 500, totalTimeoutMs: 2000, maxResponseBytes: 4 * 1024 * 1024, retry: { attempts: 1 } });
afterAll(() => transport.close());

const clients: Record<string, (url: string) => () => Promise<unknown>> = {
  'sms.aspx send': (url) => () => new SmsAspxClient({ baseUrl: url, account: 'a', password: 'p' }, { transport }).sendSms({ recipients: '13800138000', content: '内容【星辰商城】' }),
  'sms.aspx reports (JSON)': (url) => () => new SmsAspxClient({ baseUrl: url, account: 'a', password: 'p' }, { transport }).deliveryReports({ format: 'json' }),
  'MMS platform balance': (url) => () => new MmsAspxClient({ baseUrl: url, account: 'a', password: 'p' }, { transport }).balance(),
  'Mobset SDK3 send': (url) => () => new MobsetSdk3Client(`${url}/SDK3/Sms`, { corpId: '300001', loginName: 'a', password: 'p' }, { transport }).sendSms({ recipients: '13800138000', content: 'x' }),
  'Mobset SOAP reports': (url) => () => new MobsetSoapClient(`${url}/Api`, { corpId: '300001', loginName: 'a', password: 'p' }, { transport }).deliveryReports(),
  'Emay secure balance': (url) => () => new EmayClient({ baseUrl: url, appId: 'a', secretKey: '0123456789abcdef' }, { transport }).balance(),
  'Emay simple send': (url) => () => new EmayClient({ baseUrl: url, appId: 'a', secretKey: '0123456789abcdef', interface: 'simple' }, { transport }).sendSms({ recipients: '13800138000', content: 'x' }),
};

const cases = Object.keys(clients).flatMap((client) => BEHAVIOURS.map((behaviour) => [client, behaviour] as const));

test.each(cases)('%s against %s: a typed error within the time-out', async (client, behaviour) => {
  const call = clients[client](`${base}/${behaviour}`);
  const started = Date.now();
  const rssBefore = process.memoryUsage().rss;
  let caught: unknown;
  try {
    await call();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(GatewayError);
  const error = caught as GatewayError;
  expect(['badReply', 'timeout', 'gateway', 'authentication']).toContain(error.kind);
  if (behaviour === 'hang') expect(error.kind).toBe('timeout');
  if (behaviour === 'huge') expect(error.message).toMatch(/larger than/);
  if (client.endsWith('send') && ['hang', 'huge', 'random', 'html', 'truncatedXml', 'truncatedJson', 'empty'].includes(behaviour)) {
    // The gateway answered (or might have): the send is in doubt, and it was not repeated.
    expect(error.sent).toBe('maybe');
  }
  expect(Date.now() - started).toBeLessThan(3000);
  expect(process.memoryUsage().rss - rssBefore).toBeLessThan(64 * 1024 * 1024);
});

test('no unhandled rejection escaped', async () => {
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(unhandled).toEqual([]);
});
