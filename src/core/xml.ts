/**
 * XML in and out, hardened: vendors never send a DTD, so any DOCTYPE is refused before
 * parsing (no entity expansion, no entity bombs); CDATA is read as plain text; values stay
 * strings (phone numbers and ids must not turn into floats); size is capped.
 */
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { GatewayError } from './errors';

export const MAX_XML_CHARACTERS = 8 * 1024 * 1024;

export interface ParseXmlOptions {
  /** Element names that are always arrays, however many times they occur. */
  arrays?: string[];
  maxCharacters?: number;
}

export type XmlNode = Record<string, unknown>;

const parserCache = new Map<string, XMLParser>();

function parserFor(arrays: string[]): XMLParser {
  const key = arrays.join('|');
  let parser = parserCache.get(key);
  if (!parser) {
    const arraySet = new Set(arrays);
    parser = new XMLParser({
      ignoreAttributes: true,
      removeNSPrefix: true,
      parseTagValue: false,
      parseAttributeValue: false,
      trimValues: true,
      ignoreDeclaration: true,
      ignorePiTags: true,
      processEntities: true,
      htmlEntities: false,
      isArray: (name) => arraySet.has(name),
    });
    parserCache.set(key, parser);
  }
  return parser;
}

export function parseXml(text: string, options: ParseXmlOptions = {}): XmlNode {
  const max = options.maxCharacters ?? MAX_XML_CHARACTERS;
  if (text.length > max) {
    throw new GatewayError(`The XML reply is larger than ${max} characters`, { kind: 'badReply' });
  }
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) {
    throw new GatewayError('The XML reply declares a DTD or entities, which no gateway sends', { kind: 'badReply' });
  }
  const trimmed = text.trim();
  if (!trimmed.startsWith('<')) {
    throw new GatewayError('The reply is not XML', { kind: 'badReply', vendorText: snippet(trimmed) });
  }
  try {
    const parsed = parserFor(options.arrays ?? []).parse(trimmed, true) as XmlNode;
    return parsed;
  } catch (cause) {
    throw new GatewayError(`The XML reply is malformed: ${(cause as Error).message}`, {
      kind: 'badReply',
      vendorText: snippet(trimmed),
      cause,
    });
  }
}

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  suppressEmptyNode: false,
  format: false,
  processEntities: true,
});

/** Builds XML from a plain object; keys starting with `@_` are attributes. */
export function buildXml(value: XmlNode, declaration = true): string {
  const body = builder.build(value) as string;
  return declaration ? `<?xml version="1.0" encoding="utf-8"?>${body}` : body;
}

/** A text value from a parsed node, whatever shape the parser gave it. */
export function xmlText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') {
    const text = (value as Record<string, unknown>)['#text'];
    return text === undefined ? '' : String(text);
  }
  return String(value);
}

/** Lists stay lists: a one-element array comes back as an array, a missing one as []. */
export function xmlList<T = XmlNode>(value: unknown): T[] {
  if (value === undefined || value === null || value === '') return [];
  return (Array.isArray(value) ? value : [value]) as T[];
}

/** The first 200 characters of a reply, for an error a user can read. */
export function snippet(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
