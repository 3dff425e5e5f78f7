import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { encodeText, decodeBody } from '../../src/core/charset';
import { GatewayError, SecretScrubber } from '../../src/core/errors';
import { Transport, type HttpReply } from '../../src/core/transport';
import { rejection as failure } from '../helpers';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function serve(handler: Handler): Promise<{ url: string; server: Server; hits: () => number }> {
  let hits = 0;
  const server = createServer((req, res) => {
    hits++;
    req.resume();
    req.on('end', () => handler(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, hits: () => hits };
}

const text = (reply: HttpReply) => decodeBody(reply.headers['content-type'], reply.body);


describe('transport against a real local HTTP server', () => {
  const servers: Server[] = [];
  const transport = new Transport({ headersTimeoutMs: 300, bodyTimeoutMs: 300, maxResponseBytes: 1024, retry: { baseDelayMs: 10, maxDelayMs: 20 } });
  afterAll(async () => {
    await transport.close();
    for (const server of servers) {
      server.closeAllConnections();
      server.close();
    }
  });

  test('a time-out on a send reports sent: maybe and is not retried', async () => {
    const { url, server, hits } = await serve(() => undefined); // never answers
    servers.push(server);
    const error = await failure(
      transport.exchange({ vendor: 'test', operation: 'send', idempotent: false, request: () => ({ method: 'POST', url, body: 'x' }), parse: text }),
    );
    expect(error.kind).toBe('timeout');
    expect(error.sent).toBe('maybe');
    expect(hits()).toBe(1);
  });

  test('a refused connection reports sent: no', async () => {
    const { url, server } = await serve((_, res) => res.end());
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const error = await failure(
      new Transport({ retry: { attempts: 1 } }).exchange({ vendor: 'test', operation: 'send', idempotent: false, request: () => ({ method: 'POST', url }), parse: text }),
    );
    expect(error.kind).toBe('network');
    expect(error.sent).toBe('no');
    expect(error.vendorCode).toBeUndefined();
  });

  test('an idempotent query is retried after a 503 and succeeds', async () => {
    let calls = 0;
    const { url, server } = await serve((_, res) => {
      calls++;
      if (calls < 3) res.writeHead(503).end('busy');
      else res.end('balance=100');
    });
    servers.push(server);
    const result = await transport.exchange({ vendor: 'test', operation: 'balance', idempotent: true, request: () => ({ method: 'GET', url }), parse: text });
    expect(result).toBe('balance=100');
    expect(calls).toBe(3);
  });

  test('a send that gets a 503 is not retried and may have been sent', async () => {
    const { url, server, hits } = await serve((_, res) => res.writeHead(503).end('busy'));
    servers.push(server);
    const error = await failure(transport.exchange({ vendor: 'test', operation: 'send', idempotent: false, request: () => ({ method: 'POST', url }), parse: text }));
    expect(error.sent).toBe('maybe');
    expect(error.httpStatus).toBe(503);
    expect(hits()).toBe(1);
  });

  test('a vendor rate-limit code thrown by the parser is retried for queries, honouring retryAfter', async () => {
    let calls = 0;
    const { url, server } = await serve((_, res) => res.end(++calls === 1 ? 'SLOW_DOWN' : 'OK'));
    servers.push(server);
    const result = await transport.exchange({
      vendor: 'test',
      operation: 'reports',
      idempotent: true,
      request: () => ({ method: 'GET', url }),
      parse: (reply) => {
        if (text(reply) === 'SLOW_DOWN') throw new GatewayError('slow down', { kind: 'rateLimited', retryable: true, retryAfterMs: 15 });
        return text(reply);
      },
    });
    expect(result).toBe('OK');
    expect(calls).toBe(2);
  });

  test('a server that trickles its body forever hits the total time-out', async () => {
    const { url, server } = await serve((_, res) => {
      res.writeHead(200);
      const timer = setInterval(() => res.write('.'), 50);
      res.on('close', () => clearInterval(timer));
    });
    servers.push(server);
    const trickle = new Transport({ headersTimeoutMs: 300, bodyTimeoutMs: 300, totalTimeoutMs: 400, retry: { attempts: 1 } });
    const started = Date.now();
    const error = await failure(trickle.exchange({ vendor: 'test', operation: 'send', idempotent: false, request: () => ({ method: 'GET', url }), parse: text }));
    expect(error.kind).toBe('timeout');
    expect(error.sent).toBe('maybe');
    expect(Date.now() - started).toBeLessThan(2000);
    await trickle.close();
  });

  test('an oversized reply is rejected', async () => {
    const { url, server } = await serve((_, res) => res.end('x'.repeat(5000)));
    servers.push(server);
    const error = await failure(transport.exchange({ vendor: 'test', operation: 'balance', idempotent: false, request: () => ({ method: 'GET', url }), parse: text }));
    expect(error.kind).toBe('badReply');
    expect(error.message).toMatch(/larger than 1024 bytes/);
  });

  test('an oversized chunked reply (no content-length) is rejected too', async () => {
    const { url, server } = await serve((_, res) => {
      res.write('y'.repeat(800));
      res.end('y'.repeat(800));
    });
    servers.push(server);
    const error = await failure(transport.exchange({ vendor: 'test', operation: 'q', idempotent: true, request: () => ({ method: 'GET', url }), parse: text }));
    expect(error.message).toMatch(/larger than/);
  });

  test('a GBK reply is decoded (charset from the header, or from the XML declaration)', async () => {
    const xml = '<?xml version="1.0" encoding="gb2312"?><returnsms><message>操作成功</message></returnsms>';
    const { url, server } = await serve((req, res) => {
      const headers = req.url === '/header' ? { 'content-type': 'text/xml; charset=GBK' } : { 'content-type': 'text/xml' };
      res.writeHead(200, headers).end(encodeText(xml, 'gbk'));
    });
    servers.push(server);
    for (const path of ['/header', '/declaration']) {
      const result = await transport.exchange({ vendor: 'test', operation: 'q', idempotent: true, request: () => ({ method: 'GET', url: url + path }), parse: text });
      expect(result).toContain('操作成功');
    }
  });

  test('redirects are not followed', async () => {
    const { url, server } = await serve((_, res) => res.writeHead(302, { location: 'http://example.invalid/' }).end());
    servers.push(server);
    const error = await failure(transport.exchange({ vendor: 'test', operation: 'q', idempotent: true, request: () => ({ method: 'GET', url }), parse: text }));
    expect(error.message).toMatch(/redirected/);
    expect(error.httpStatus).toBe(302);
  });

  test('an informational 103 does not stand for the answer; repeated headers are joined; a reply in pieces is whole', async () => {
    const { url, server } = await serve((req, res) => {
      res.writeEarlyHints({ link: '</style.css>; rel=preload' });
      res.writeHead(200, [
        ['Content-Type', 'text/plain; charset=utf-8'],
        ['X-Note', 'one'],
        ['X-Note', 'two'],
      ]);
      res.write('第一');
      setTimeout(() => res.end(`第二 ${req.url}`), 20);
    });
    servers.push(server);
    const replies: HttpReply[] = [];
    // Two paths on one origin, one after the other: each request goes where its own URL says.
    for (const path of ['/a?x=1', '/b']) {
      replies.push(await transport.exchange({ vendor: 'test', operation: 'q', idempotent: true, request: () => ({ method: 'GET', url: url + path }), parse: (r) => r }));
    }
    expect(replies.map((r) => r.status)).toEqual([200, 200]);
    expect(replies[0].headers['x-note']).toBe('one, two');
    expect(replies.map(text)).toEqual(['第一第二 /a?x=1', '第一第二 /b']);
  });

  test('a request undici cannot make (bad URL, a header value with a line break) is refused once, as a set-up error', async () => {
    const { url, server, hits } = await serve((_, res) => res.end('ok'));
    servers.push(server);
    const cases: Array<[string, Record<string, string> | undefined, RegExp]> = [
      ['not a url', undefined, /Invalid URL/],
      ['ftp://127.0.0.1/sms.aspx', undefined, /Invalid URL protocol/],
      [url, { appId: 'EUCP\r\nX-Injected: 1' }, /appid header/i],
    ];
    for (const [target, headers, message] of cases) {
      // A query, so a network error would be retried: this one must not be.
      let attempts = 0;
      const request = () => {
        attempts++;
        return { method: 'GET' as const, url: target, headers };
      };
      const error = await failure(transport.exchange({ vendor: 'test', operation: 'q', idempotent: true, request, parse: text }));
      expect(attempts).toBe(1);
      expect([error.kind, error.sent, error.retryable]).toEqual(['configuration', 'no', false]);
      expect(error.message).toMatch(/^The request to test could not be made: /);
      expect(error.message).toMatch(message);
    }
    expect(hits()).toBe(0);
  });

  test('a parser error with the password in the text is scrubbed', async () => {
    const { url, server } = await serve((_, res) => res.end('bad password s3cretPass'));
    servers.push(server);
    const scrubber = new SecretScrubber().add('s3cretPass');
    const error = await failure(
      transport.exchange({
        vendor: 'test',
        operation: 'q',
        idempotent: false,
        scrubber,
        request: () => ({ method: 'GET', url }),
        parse: (reply) => {
          throw new GatewayError(`refused: ${text(reply)}`, { kind: 'authentication', vendorText: text(reply) });
        },
      }),
    );
    expect(JSON.stringify(error.toJSON())).not.toContain('s3cretPass');
    expect(error.message).toBe('refused: bad password ***');
    expect(error.stack).not.toContain('s3cretPass');
  });
});
