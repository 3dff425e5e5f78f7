/**
 * The shapes every vendor maps to. Each result keeps the vendor's raw reply beside the
 * common fields, so nothing the gateway said is lost on the way to a workflow.
 */
import type { GatewayError } from './errors';

export type VendorId = 'mobset' | 'emay' | 'smsaspx' | 'mmsaspx';

/** One message to one number, for personalised sends (different text per recipient). */
export interface PersonalisedMessage {
  mobile: string;
  content: string;
  /** The caller's own id for this message (Emay customSmsId). */
  customId?: string;
}

export interface SendRequest {
  /** Recipients as the user gave them; normalised and validated by the driver. */
  recipients?: unknown;
  content?: string;
  /** Template sends: the vendor's template id and its variables. */
  template?: { id: string; variables?: Record<string, string> | string[] };
  /** Personalised sends: one text per number. */
  personalised?: PersonalisedMessage[];
  /** When to send (future instant); undefined sends now. */
  schedule?: Date | string | number;
  /** Extension code appended to the sender number (扩展号). */
  extension?: string;
  /** The caller's own id (Emay customSmsId, Mobset none). */
  customId?: string;
}

/**
 * What happened to one recipient of a send. `accepted` means the gateway took it; the
 * delivery report tells later whether it reached the phone.
 */
export type RecipientStatus = 'accepted' | 'rejected' | 'failed' | 'unknown';

export interface RecipientResult {
  mobile: string;
  status: RecipientStatus;
  messageId?: string;
  customId?: string;
  /** For rejected, failed or unknown: why. */
  error?: { code?: string; message: string; sent?: 'no' | 'maybe' | 'yes' };
}

export interface SendResult {
  vendor: VendorId;
  /** Every recipient the user gave, in input order, invalid ones included. */
  recipients: RecipientResult[];
  accepted: number;
  failed: number;
  /** The vendor's batch id where it has one (sms.aspx taskID). */
  batchId?: string;
  /** Parts per message and billed count as computed before sending. */
  parts?: number;
  billed?: number;
  /** Balance as the gateway reported it with the send, where it does. */
  balance?: number;
  /** One raw reply per request made. */
  raw: unknown[];
}

/** The common delivery states; the vendor's own code is always kept beside. */
export type DeliveryStatus = 'delivered' | 'failed' | 'expired' | 'rejected' | 'pending' | 'unknown';

export interface DeliveryReport {
  vendor: VendorId;
  mobile: string;
  status: DeliveryStatus;
  messageId?: string;
  batchId?: string;
  customId?: string;
  /** The vendor's state code as sent (DELIVRD, 10, 0, ...). */
  vendorStatus: string;
  vendorText?: string;
  submittedAt?: Date;
  deliveredAt?: Date;
  extension?: string;
  raw: unknown;
}

export interface InboundMessage {
  vendor: VendorId;
  mobile: string;
  content: string;
  receivedAt?: Date;
  extension?: string;
  messageId?: string;
  raw: unknown;
}

export interface Balance {
  vendor: VendorId;
  /** Remaining messages (or points) as the gateway counts them. */
  amount: number;
  unit: 'messages' | 'points' | 'yuan';
  /** Extra figures some vendors give (sent total, payment type). */
  details?: Record<string, unknown>;
  raw: unknown;
}

export type TaskState = 'pending' | 'running' | 'stopped' | 'finished' | 'failed' | 'unknown';

export interface Task {
  vendor: VendorId;
  id: string;
  state: TaskState;
  vendorStatus?: string;
  total?: number;
  sent?: number;
  raw: unknown;
}

export interface Template {
  vendor: VendorId;
  id: string;
  content?: string;
  state: 'approved' | 'pending' | 'rejected' | 'disabled' | 'unknown';
  vendorStatus?: string;
  raw: unknown;
}

/** One MMS frame (slide): shown for `durationSeconds`, with text and/or a media file. */
export interface MmsFrame {
  durationSeconds?: number;
  text?: string;
  files?: MmsFile[];
}

export interface MmsFile {
  fileName: string;
  contentType?: string;
  data: Buffer;
}

/** What a preview tells before anything is sent. */
export interface SendPreview {
  recipients: number;
  rejected: Array<{ input: string; reason: string; message: string }>;
  characters?: number;
  parts?: number;
  billed?: number;
  requests: number;
  warnings: string[];
}

export type ErrorJson = ReturnType<GatewayError['toJSON']>;
