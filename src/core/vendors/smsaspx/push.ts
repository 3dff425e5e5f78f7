/**
 * 第六章 推送状态与上行: the platform POSTs raw XML (statusbox for reports, callbox for MO)
 * and expects the body `1` once the receiver has it, or `error` to try again (3 tries).
 */
import { decodeBody } from '../../charset';
import { GatewayError } from '../../errors';
import type { DeliveryReport, InboundMessage } from '../../model';
import { parseReturnSmsXml, readCallBoxes, readStatusBoxes } from '../aspx/returnsms';

export const PUSH_ACCEPTED = '1';
export const PUSH_RETRY = 'error';

export interface SmsAspxPush {
  reports: DeliveryReport[];
  inbound: InboundMessage[];
}

/** Decodes a push body; throws a GatewayError (answer PUSH_RETRY) when it is not one. */
export function decodeSmsAspxPush(body: Buffer | string, contentType?: string): SmsAspxPush {
  const text = typeof body === 'string' ? body : decodeBody(contentType, body);
  const root = parseReturnSmsXml(text);
  const reports = readStatusBoxes('smsaspx', root.statusbox);
  const inbound = readCallBoxes('smsaspx', root.callbox);
  if (reports.length === 0 && inbound.length === 0) {
    throw new GatewayError('The push holds neither statusbox nor callbox', { kind: 'badReply', vendor: 'sms.aspx platform' });
  }
  for (const entry of [...reports, ...inbound]) {
    if (!/^\d{5,}$/.test(entry.mobile)) {
      throw new GatewayError(`The push has an entry without a valid mobile (${entry.mobile})`, { kind: 'badReply', vendor: 'sms.aspx platform' });
    }
  }
  return { reports, inbound };
}
