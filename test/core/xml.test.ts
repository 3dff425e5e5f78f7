import { parseXml, xmlList, xmlText } from '../../src/core/xml';
import { GatewayError } from '../../src/core/errors';

describe('hardened XML', () => {
  test('CDATA is read as text and values stay strings', () => {
    const doc = parseXml('<r><errorcode><![CDATA[DELIVRD]]></errorcode><mobile>013800138000</mobile><n>1.50</n></r>');
    const r = doc.r as Record<string, unknown>;
    expect(xmlText(r.errorcode)).toBe('DELIVRD');
    expect(r.mobile).toBe('013800138000');
    expect(r.n).toBe('1.50');
  });
  test('an entity bomb is refused before parsing', () => {
    const bomb = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><r>&lol2;</r>';
    expect(() => parseXml(bomb)).toThrow(GatewayError);
    expect(() => parseXml(bomb)).toThrow(/DTD/);
  });
  test('a one-element list is still a list', () => {
    const doc = parseXml('<r><box><a>1</a></box></r>', { arrays: ['box'] });
    expect(xmlList((doc.r as Record<string, unknown>).box)).toHaveLength(1);
    expect(xmlList(undefined)).toEqual([]);
  });
  test('HTML and garbage are bad replies', () => {
    expect(() => parseXml('Server Error')).toThrow(/not XML/);
    expect(() => parseXml('x'.repeat(100), { maxCharacters: 10 })).toThrow(/larger than/);
  });
  test('the five XML entities are decoded', () => {
    expect(xmlText((parseXml('<r>a &amp; b &lt;c&gt;</r>').r))).toBe('a & b <c>');
  });
});
