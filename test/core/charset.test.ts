import iconv from 'iconv-lite';
import { encodeText, gbkCannotCarry, writeGbkLines } from '../../src/core/charset';

describe('GBK lines written in place', () => {
  const viaIconv = (text: string) => iconv.encode(text.replace(/\n/g, '\r\n'), 'gbk');
  const written = (text: string) => {
    const target = Buffer.alloc(2 * text.length + 2);
    const stop = writeGbkLines(text, 0, text.length, target, 0);
    return stop < 0 ? undefined : target.subarray(0, stop);
  };

  it('gives iconv-lite’s bytes for every BMP character it takes, and refuses only what GBK cannot carry or iconv-lite writes longer', () => {
    let taken = 0;
    for (let c = 0; c < 0x10000; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const ch = String.fromCharCode(c);
      const mine = written(ch);
      const theirs = iconv.encode(ch, 'gbk');
      if (mine) {
        taken++;
        if (!mine.equals(ch === '\n' ? Buffer.from('\r\n') : theirs)) throw new Error(`U+${c.toString(16)}: ${mine.toString('hex')} vs ${theirs.toString('hex')}`);
      } else {
        const lost = theirs.length === 1 && theirs[0] === 0x3f;
        expect({ c, lost, longer: theirs.length > 2 || theirs.length === 0 }).not.toEqual({ c, lost: false, longer: false });
        expect(gbkCannotCarry(ch)).toBe(lost ? 0 : -1);
      }
    }
    // GBK holds about 22,000 characters beyond ASCII.
    expect(taken).toBeGreaterThan(128 + 21_000);
  });

  it('turns LF into CRLF and keeps € as the single byte 0x80', () => {
    const text = '13800138000,郭先生\n13800138001,€\n13800138002,?\n';
    expect(written(text)!.equals(viaIconv(text))).toBe(true);
    expect(written('€')![0]).toBe(0x80);
  });

  it('finds what GBK cannot carry: an emoji (a surrogate pair), Thai; not Chinese, not ?', () => {
    expect(gbkCannotCarry('郭先生😀')).toBe(3);
    expect(gbkCannotCarry('会员\u0e01')).toBe(2);
    expect(gbkCannotCarry('郭先生?€')).toBe(-1);
    expect(gbkCannotCarry('ab😀', 0, 2)).toBe(-1);
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
