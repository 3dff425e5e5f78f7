// Per-operation driver overhead (sign, encrypt, encode, parse) in microseconds, and as a share
// of one loopback request measured in the same run; and gzip with pako versus node:zlib on
// Emay batch bodies (the driver uses node:zlib).
import { createRequire } from 'node:module';
import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';
import { request, Agent } from 'undici';

const require = createRequire(import.meta.url);
const pako = require('pako');
const { formBody, md5Hex } = require('../dist/index.js');
const { mobsetSecretKey } = require('../dist/core/vendors/mobset/signature.js');
const { sealEmay, openEmay, emayKey } = require('../dist/core/vendors/emay/codec.js');
const { ensmsText64 } = require('../dist/core/vendors/smsaspx/codec.js');
const { parseReturnSmsXml, readStatusBoxes } = require('../dist/core/vendors/aspx/returnsms.js');
const { parseSdk3Json } = require('../dist/core/vendors/mobset/sdk3.js');

function micros(fn, iterations) {
  for (let i = 0; i < Math.min(200, iterations); i++) fn();
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn();
  return Number(process.hrtime.bigint() - started) / 1000 / iterations;
}

// One loopback request, the unit the overheads are compared with.
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => res.end('<returnsms><returnstatus>Success</returnstatus></returnsms>'));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const agent = new Agent({ connections: 1 });
const url = `http://127.0.0.1:${server.address().port}/`;
for (let i = 0; i < 300; i++) await (await request(url, { method: 'POST', body: 'x', dispatcher: agent })).body.text();
const t0 = process.hrtime.bigint();
for (let i = 0; i < 2000; i++) await (await request(url, { method: 'POST', body: 'x', dispatcher: agent })).body.text();
const requestMicros = Number(process.hrtime.bigint() - t0) / 1000 / 2000;
await agent.close();
server.close();

const key = emayKey('0123456789abcdef');
const batch = { smses: Array.from({ length: 500 }, (_, i) => ({ mobile: `138${String(i).padStart(8, '0')}`, customSmsId: `c${i}` })), content: '【亿美】您的订单已发货，请注意查收', requestTime: Date.now(), requestValidPeriod: 60 };
const sealed = sealEmay(batch, key, true);
const mobiles = Array.from({ length: 1000 }, (_, i) => `138${String(i).padStart(8, '0')}`).join(',');
const statusXml = `<?xml version="1.0" encoding="utf-8" ?><returnsms>${Array.from({ length: 100 }, (_, i) => `<statusbox><mobile>1380013${String(i).padStart(4, '0')}</mobile><taskid>1212</taskid><status>10</status><receivetime>2013-9-17 17:38:08</receivetime><errorcode><![CDATA[DELIVRD]]></errorcode><extno><![CDATA[01]]></extno></statusbox>`).join('')}</returnsms>`;
const sdk3Reply = JSON.stringify({ Code: '50', Message: 'ok', SmsIdList: Array.from({ length: 50 }, (_, i) => ({ PhoneNumber: `1380013${String(i).padStart(4, '0')}`, SmsId: String(1355555551 + i) })) });

const rows = [
  ['sign: Mobset SecretKey (MD5)', micros(() => mobsetSecretKey('300001', 'demo123', '20261122103000'), 50000)],
  ['sign: sms.aspx password MD5 upper', micros(() => md5Hex('demo123', 'upper'), 50000)],
  ['encrypt: ensms.ashx Text64 (DES-CBC)', micros(() => ensmsText64('test', { userName: 'test', stamp: '0414174715', mobiles: '15510331875', text: '我的验证码是：7890。【奥创时代】' }), 5000)],
  ['encrypt: Emay 500-recipient batch, gzip + AES', micros(() => sealEmay(batch, key, true), 500)],
  ['encrypt: Emay 500-recipient batch, AES only', micros(() => sealEmay(batch, key, false), 500)],
  ['decrypt: Emay 500-recipient batch', micros(() => openEmay(sealed, key, true), 500)],
  ['encode: sms.aspx form, 1,000 numbers', micros(() => formBody({ action: 'send', account: 'demo', password: 'X', mobile: mobiles, content: '您的订单已发货【星辰】' }), 2000)],
  ['parse: 100 status boxes (XML, CDATA)', micros(() => readStatusBoxes('smsaspx', parseReturnSmsXml(statusXml).statusbox), 500)],
  ['parse: SDK3 send reply, 50 ids', micros(() => parseSdk3Json(sdk3Reply), 5000)],
];
console.log(`one loopback request: ${requestMicros.toFixed(1)} µs`);
console.log('operation | µs | share of a loopback request');
for (const [name, us] of rows) console.log(`${name} | ${us.toFixed(1)} | ${((us / requestMicros) * 100).toFixed(1)}%`);

const json = Buffer.from(JSON.stringify(batch));
const zlibUs = micros(() => gzipSync(json), 1000);
const pakoUs = micros(() => pako.gzip(json), 1000);
console.log(`gzip of an Emay 500-recipient body (${json.length} bytes → ${gzipSync(json).length}): node:zlib ${zlibUs.toFixed(1)} µs, pako ${pakoUs.toFixed(1)} µs, node:zlib is ${(pakoUs / zlibUs).toFixed(2)}x as fast`);

// De-duplicating 100,000 numbers: the driver's list (validation, normalisation and the numeric
// set) against the shortest correct alternative, a Set of strings that validates nothing.
const { parseRecipients } = require('../dist/core/phone.js');
const hundredThousand = JSON.parse(JSON.stringify(Array.from({ length: 100_000 }, (_, i) => `13${String((i * 7919) % 1_000_000_000).padStart(9, '0')}`)));
const parseUs = micros(() => parseRecipients(hundredThousand), 30);
const setUs = micros(() => {
  const seen = new Set();
  const kept = [];
  for (const mobile of hundredThousand) {
    if (seen.has(mobile)) continue;
    seen.add(mobile);
    kept.push(mobile);
  }
}, 30);
console.log(`recipients, 100,000 numbers: checked and de-duplicated ${(parseUs / 1000).toFixed(1)} ms; a bare Set<string> (no checks) ${(setUs / 1000).toFixed(1)} ms`);
// The same numbers as a host's field holds them, one string; and with one entry spelled
// otherwise, which sends the whole string entry by entry.
const asText = hundredThousand.join(', ');
const textUs = micros(() => parseRecipients(asText), 30);
const messyUs = micros(() => parseRecipients(`${asText}, +86 138 0013 8000`), 30);
console.log(`recipients, the same as one comma-separated string: ${(textUs / 1000).toFixed(1)} ms; with one number spelled +86 138 0013 8000 at the end ${(messyUs / 1000).toFixed(1)} ms`);
