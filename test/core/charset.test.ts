import iconv from 'iconv-lite';
import { encodeText, writeGbkLines } from '../../src/core/charset';

describe('GBK lines written in place', () => {
  const viaIconv = (text: string) => iconv.encode(text.replace(/\n/g, '\r\n'), 'gbk');
  const written = (text: string) => {
    const target = Buffer.alloc(2 * text.length + 2);
    const stop = writeGbkLines(text, 0, text.length, target, 0);
    return stop < 0 ? undefined : target.subarray(0, stop);
  };

  it('gives the bytes iconv-lite gives, for every character of the Basic Multilingual Plane it takes', () => {
    let taken = 0;
    for (let from = 0; from < 0x10000; from += 0x400) {
      const text = Array.from({ length: 0x400 }, (_, i) => from + i)
        .filter((c) => c < 0xd800 || c > 0xdfff)
        .map((c) => String.fromCharCode(c))
        .join('');
      for (const ch of text) {
        const mine = written(ch);
        if (mine === undefined) continue;
        taken++;
        expect([ch.charCodeAt(0), [...mine]]).toEqual([ch.charCodeAt(0), [...viaIconv(ch)]]);
      }
    }
    // Everything but a handful of characters (iconv-lite writes those in more than two bytes).
    expect(taken).toBeGreaterThan(0x10000 - 0x800 - 16);
  });

  it('turns LF into CRLF, keeps € as the single byte 0x80 and unmappable characters as ?', () => {
    const text = '13800138000,郭先生\n13800138001,€\n13800138002,\u0e01\n';
    expect(written(text)!.equals(viaIconv(text))).toBe(true);
    expect(written('€')![0]).toBe(0x80);
  });

  it('leaves surrogate pairs to iconv-lite', () => {
    expect(written('13800138000,😀')).toBeUndefined();
    expect(encodeText('😀', 'gbk').toString('latin1')).toBe('?');
  });

  it('writes from an offset and stops at the end it was given', () => {
    const target = Buffer.alloc(16, 0x21);
    const stop = writeGbkLines('xx李a\nbxx', 2, 6, target, 3);
    expect(target.subarray(3, stop).equals(viaIconv('李a\nb'))).toBe(true);
    expect(target[stop]).toBe(0x21);
  });
});
