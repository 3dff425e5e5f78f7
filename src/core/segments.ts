/**
 * How mainland carriers bill a message: up to 70 characters is one message; longer text is
 * split into parts of 67 characters, each billed. The signature 【...】 counts. Characters
 * are Unicode code points, as the vendors count them, not UTF-16 units.
 */

export const SINGLE_SMS_CHARACTERS = 70;
export const LONG_SMS_PART_CHARACTERS = 67;

export interface SmsLength {
  /** The text as it will be sent (signature added where the user configured one). */
  text: string;
  characters: number;
  parts: number;
  /** parts × recipients: what the account will be charged. */
  billed: number;
}

export function countCharacters(text: string): number {
  // UTF-16 units less one per surrogate pair. The string iterator made a string per character:
  // billing 100,000 personalised messages through it allocated 41 MB (bench/memory.bench.mjs).
  let count = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        count--;
        i++;
      }
    }
  }
  return count;
}

export function smsParts(characters: number): number {
  if (characters <= 0) return 0;
  if (characters <= SINGLE_SMS_CHARACTERS) return 1;
  return Math.ceil(characters / LONG_SMS_PART_CHARACTERS);
}

const SIGNATURE = /^【[^【】]+】|【[^【】]+】$/;

export function hasSignature(text: string): boolean {
  return SIGNATURE.test(text.trim());
}

/** Appends 【signature】 unless the text already carries one at either end. */
export function withSignature(text: string, signature?: string): string {
  if (!signature || hasSignature(text)) return text;
  const bare = signature.replace(/^【|】$/g, '');
  return `${text}【${bare}】`;
}

export function measureSms(content: string, options: { signature?: string; recipients?: number } = {}): SmsLength {
  const text = withSignature(content, options.signature);
  const characters = countCharacters(text);
  const parts = smsParts(characters);
  return { text, characters, parts, billed: parts * (options.recipients ?? 1) };
}
