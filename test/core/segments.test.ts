import { countCharacters, measureSms, smsParts, withSignature } from '../../src/core/segments';

const fill = (n: number) => '测'.repeat(n);

describe('length and billing: 70 for one message, 67 per part, signature included', () => {
  // The sms.aspx document's note: 71 characters bill 2, 134 bill 2, 135 bill 3.
  test.each([
    [70, 1],
    [71, 2],
    [134, 2],
    [135, 3],
  ])('%i characters with the signature is %i part(s)', (total, parts) => {
    const signature = '【测试公司】';
    const content = fill(total - [...signature].length);
    const measured = measureSms(content, { signature: '测试公司' });
    expect(measured.characters).toBe(total);
    expect(measured.parts).toBe(parts);
  });
  test('billed = parts × recipients', () => {
    expect(measureSms(fill(80) + '【公司】', { recipients: 3 }).billed).toBe(6);
  });
  test('an emoji counts as one character, as the vendors count', () => {
    expect(measureSms('😀'.repeat(70)).parts).toBe(1);
  });
  test('characters are code points, as the string iterator counts them, lone surrogates included', () => {
    for (const text of ['', 'a', '😀', 'a😀b', '😀😀', '\ud83d', 'x\ud83d', '\ude00x', '\ude00\ud83d', '\ud83d\ud83d\ude00', '中文【签名】👍🏽']) {
      expect(countCharacters(text)).toBe([...text].length);
    }
  });
  test('empty is 0 parts', () => {
    expect(smsParts(0)).toBe(0);
  });
  test('a signature already at either end is not added twice', () => {
    expect(withSignature('【腾飞】验证码1439', '腾飞')).toBe('【腾飞】验证码1439');
    expect(withSignature('验证码1439【腾飞】', '【腾飞】')).toBe('验证码1439【腾飞】');
    expect(withSignature('验证码1439', '腾飞')).toBe('验证码1439【腾飞】');
  });
});
