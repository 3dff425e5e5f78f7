import { aesEcbDecrypt, aesEcbEncrypt, desCbcDecrypt, fromBase64, gunzip, gzip, md5Hex } from '../../src/core/crypto';
import { ensmsKey, ensmsSecret, ensmsText64, openEnsmsText64 } from '../../src/core/vendors/smsaspx/codec';
import { mobsetSecretKey, mobsetTimestamp } from '../../src/core/vendors/mobset/signature';

describe('sms.aspx 1.5 加密传输: the document\'s worked example, byte for byte', () => {
  const documentJson =
    '{"UserName":"test","Secret":"2A8D628159B0D4D3D4D58A3EB17F3082","Stamp":"0414174715","Moblie":"15510331875","Text":"我的验证码是：7890。【奥创时代】","Ext":"","SendTime":""}';
  const documentBytes =
    '7B 22 55 73 65 72 4E 61 6D 65 22 3A 22 74 65 73 74 22 2C 22 53 65 63 72 65 74 22 3A 22 32 41 38 44 36 32 38 31 35 39 42 30 44 34 44 33 44 34 44 35 38 41 33 45 42 31 37 46 33 30 38 32 22 2C 22 53 74 61 6D 70 22 3A 22 30 34 31 34 31 37 34 37 31 35 22 2C 22 4D 6F 62 6C 69 65 22 3A 22 31 35 35 31 30 33 33 31 38 37 35 22 2C 22 54 65 78 74 22 3A 22 E6 88 91 E7 9A 84 E9 AA 8C E8 AF 81 E7 A0 81 E6 98 AF EF BC 9A 37 38 39 30 E3 80 82 E3 80 90 E5 A5 A5 E5 88 9B E6 97 B6 E4 BB A3 E3 80 91 22 2C 22 45 78 74 22 3A 22 22 2C 22 53 65 6E 64 54 69 6D 65 22 3A 22 22 7D';
  const documentText64 =
    '0DqKGm9MWnsFM2wlYEW65VXylBxJGBiuZzP5dTp1ALdK7QaTgx0cR5GftknjiNJBOd46tdJp+6J3OYAoukEBOKlfsExTaFYC7X514PyLC+NrwhDLKYOvFAb7gBo+dqkslvVJklz4qm7/gUHrHAT2d7hEcQxhDMD+Ij8NIy1kvHqU3noZTqjlC1PaaFYy6zifBr5ND+V4UK0xM7scF/avfVKW/0k16qqVzDDJocRkTz0jqvtJYfo1liuI2+h2fRkK';

  test('Secret = MD5(password + Stamp), 32 hex upper case', () => {
    expect(ensmsSecret('test', '0414174715')).toBe('2A8D628159B0D4D3D4D58A3EB17F3082');
  });
  test('step 2: the JSON as UTF-8 bytes matches the document\'s hex dump', () => {
    expect(Buffer.from(documentJson, 'utf8').toString('hex').toUpperCase()).toBe(documentBytes.replace(/ /g, ''));
  });
  test('step 3: key "test" is 74 65 73 74 00 00 00 00', () => {
    expect(ensmsKey('test').toString('hex')).toBe('7465737400000000');
    expect(ensmsKey('a-password-longer-than-8').toString('utf8')).toBe('a-passwo');
  });
  test('step 4: Text64 reproduces the document byte for byte', () => {
    const text64 = ensmsText64('test', {
      userName: 'test',
      stamp: '0414174715',
      mobiles: '15510331875',
      text: '我的验证码是：7890。【奥创时代】',
    });
    expect(text64).toBe(documentText64);
  });
  test('the document\'s Text64 decrypts back to its JSON', () => {
    const key = ensmsKey('test');
    expect(desCbcDecrypt(fromBase64(documentText64), key, key).toString('utf8')).toBe(documentJson);
    expect(openEnsmsText64('test', documentText64).Moblie).toBe('15510331875');
  });
});

describe('MD5 forms', () => {
  test('the sms.aspx document: abc123 is E99A18C428CB38D5F260853678922E03', () => {
    expect(md5Hex('abc123', 'upper')).toBe('E99A18C428CB38D5F260853678922E03');
    expect(md5Hex('abc123')).toBe('e99a18c428cb38d5f260853678922e03');
  });
});

describe('Mobset SecretKey = MD5(CorpID + password + TimeStamp)', () => {
  test('known answer (printf 300001demo12320261122103000 | md5sum)', () => {
    expect(mobsetSecretKey('300001', 'demo123', '20261122103000')).toBe('9fe93675e87a8d6f3e57174fe972429e');
  });
  test('timestamp forms are Beijing time', () => {
    const at = new Date(Date.UTC(2026, 10, 22, 2, 30, 0));
    expect(mobsetTimestamp(at)).toBe('20261122103000');
    expect(mobsetTimestamp(at, '10')).toBe('1122103000');
  });
});

describe('AES/ECB/PKCS5 (Emay secure interface)', () => {
  const plain = Buffer.from('{"mobile":"13800138000","content":"验证码1234【测试】"}', 'utf8');
  // Computed independently: printf '<plain>' | openssl enc -aes-<bits>-ecb -K <hex key> -nosalt | base64
  const vectors: Array<[string, string]> = [
    ['0123456789abcdef', '647Pwy9ASC28j+hMZWmtgE6WikzTOaUUsR6YSMK8y3oqyr8ge8asBmBg5SXLQXjuzZnnRNLBF0/cCCOFWzcunw=='],
    ['0123456789abcdefghijklmn', '4/Eb7p+6xTlrSoE057N9R/jX9l7APl8vcaA8y3h1jHM13TCjQOvY+wy3hQE37e06eQK1QfJ+YQdvoxQsKeqY3g=='],
    ['0123456789abcdefghijklmnopqrstuv', '+bKeCX8LfTQV3BIsyKBS7UnQghx5hqqaK5bC2hAFqG2htjLFd7t++g6dovze49IgfcbanCALURuEzKDAZCU38g=='],
  ];
  test.each(vectors)('AES-%# with key %s matches openssl and round-trips', (key, expected) => {
    const encrypted = aesEcbEncrypt(plain, Buffer.from(key));
    expect(encrypted.toString('base64')).toBe(expected);
    expect(aesEcbDecrypt(encrypted, Buffer.from(key)).equals(plain)).toBe(true);
  });
  test('a 15-byte key is refused with the field and the rule', () => {
    expect(() => aesEcbEncrypt(plain, Buffer.from('0123456789abcde'))).toThrow(
      'secretKey: must be 16, 24 or 32 bytes long for AES (it is 15 bytes)',
    );
  });
});

describe('gzip and base64', () => {
  test('round trip, and a bomb is capped', () => {
    expect(gunzip(gzip(Buffer.from('你好'))).toString()).toBe('你好');
    const bomb = gzip(Buffer.alloc(10 * 1024 * 1024));
    expect(() => gunzip(bomb, 1024 * 1024)).toThrow();
  });
  test('strict base64', () => {
    expect(() => fromBase64('not base64!')).toThrow(/not valid base64/);
  });
});
