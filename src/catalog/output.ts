/**
 * How a send's result is shown in a host's output: the switches both hosts offer beside the
 * operation's own fields, applied after the send (raw replies are also asked of the driver,
 * so that a large send does not hold them).
 */
import { invalidInput } from '../core/errors';
import type { RecipientResult } from '../core/model';
import type { Text } from './types';

/** Which recipients a send's output lists: every one, only those to follow up, or none. */
export type RecipientsOutput = 'all' | 'notAccepted' | 'none';

export const RECIPIENTS_OUTPUT: Array<{ value: RecipientsOutput; label: Text }> = [
  { value: 'all', label: { en: 'All', zh: '全部' } },
  { value: 'notAccepted', label: { en: 'Not Accepted Only', zh: '仅未受理的' } },
  { value: 'none', label: { en: 'None (Counts Only)', zh: '不列出（仅计数）' } },
];

export interface SendOutput {
  rawReplies: boolean;
  recipients: RecipientsOutput;
}

/**
 * The switches as a host's node or message gives them, read before anything is sent (a wrong
 * choice of recipients is refused then). They apply to sends only. Raw replies are off only when
 * asked (false, or "false" from a msg): a node saved before the switch existed has none.
 */
export function sendOutputOf(sends: boolean | undefined, given: { raw?: unknown; recipients?: unknown }): SendOutput {
  if (!sends) return { rawReplies: true, recipients: 'all' };
  return { rawReplies: given.raw !== false && given.raw !== 'false', recipients: recipientsOutputOf(given.recipients) };
}

/** The user's choice of recipients in the output, refused (before anything is sent) when it is none of them. */
function recipientsOutputOf(value: unknown): RecipientsOutput {
  if (value === undefined || value === null || value === '') return 'all';
  const found = RECIPIENTS_OUTPUT.find((o) => o.value === value);
  if (!found) throw invalidInput('recipientsOutput', `must be one of ${RECIPIENTS_OUTPUT.map((o) => o.value).join(', ')}`, String(value));
  return found.value;
}

/**
 * A send's result as the user asked to see it, for the hosts' output. Raw replies left out: a
 * send makes one request per chunk, and for a large one the replies repeat what `recipients`
 * says (100,000 numbers through Emay make about 200 replies holding 100,000 entries). Recipients
 * cut to those not accepted, or left out: a campaign's output then holds what needs following
 * up, and its counts. Anything that is not a send result passes as it is (a preview's
 * `recipients` is a count).
 */
export function shapeSendResult(result: unknown, output: SendOutput): unknown {
  if (!result || typeof result !== 'object' || Array.isArray(result)) return result;
  const dropRaw = output.rawReplies === false && 'raw' in result;
  const list = (result as { recipients?: unknown }).recipients;
  const which = output.recipients;
  const cut = which !== 'all' && Array.isArray(list);
  if (!dropRaw && !cut) return result;
  const shaped = { ...(result as Record<string, unknown>) };
  if (dropRaw) delete shaped.raw;
  if (cut && which === 'none') delete shaped.recipients;
  else if (cut) shaped.recipients = (list as RecipientResult[]).filter((r) => r.status !== 'accepted');
  return shaped;
}
