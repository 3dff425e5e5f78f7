/**
 * Mobset's signature, shared by the SOAP WebService and HTTP SDK3:
 * SecretKey (SOAP: Password) = MD5(CorpID + plain password + TimeStamp), any letter case.
 * TimeStamp is Beijing time, 14 digits by the documents, 10 digits as real clients send.
 */
import { md5Hex } from '../../crypto';
import { formatBeijing } from '../../time';

export type MobsetTimestampForm = '14' | '10';

export function mobsetTimestamp(at: Date, form: MobsetTimestampForm = '14'): string {
  return formatBeijing(at, form === '10' ? 'compact10' : 'compact14');
}

export function mobsetSecretKey(corpId: string, password: string, timestamp: string): string {
  return md5Hex(`${corpId}${password}${timestamp}`, 'lower');
}
