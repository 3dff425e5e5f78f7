/**
 * The operation catalog's vocabulary. An operation is declared once, in its vendor's
 * folder; the n8n descriptions, the Node-RED editor, validation and the docs all read that
 * one declaration.
 */
import type { GatewayError } from '../core/errors';
import type { DeliveryReport, InboundMessage, VendorId } from '../core/model';
import type { SendContext } from '../core/batch';

/** Every user-facing text in both languages our users read. */
export interface Text {
  en: string;
  zh: string;
}

interface FieldCommon {
  /** The property name in n8n parameters, Node-RED node config and msg.sms. */
  name: string;
  label: Text;
  description?: Text;
  required?: boolean;
  default?: unknown;
  /** Shown under "Options" in n8n and folded away in Node-RED. */
  advanced?: boolean;
  placeholder?: string;
}

export interface StringField extends FieldCommon {
  type: 'string';
  minLength?: number;
  maxLength?: number;
  pattern?: RegExp;
  /** The rule the pattern enforces, in words, for the error message. */
  patternRule?: string;
  multiline?: boolean;
  /** Passwords and keys: never shown, logged or echoed. */
  secret?: boolean;
}

export interface NumberField extends FieldCommon {
  type: 'number';
  min?: number;
  max?: number;
  integer?: boolean;
}

export interface BooleanField extends FieldCommon {
  type: 'boolean';
}

export interface OptionsField extends FieldCommon {
  type: 'options';
  options: Array<{ value: string; label: Text }>;
}

/** Mobile numbers: a string with separators, or an array. */
export interface RecipientsField extends FieldCommon {
  type: 'recipients';
  /** Most numbers one call may take in all (the driver chunks below that). */
  max?: number;
}

export interface DateTimeField extends FieldCommon {
  type: 'dateTime';
  /** A scheduled send: must be in the future, at most this many days ahead. */
  future?: boolean;
  maxDaysAhead?: number;
}

/** Structured input: lists of personalised messages, template variables, MMS frames. */
export interface JsonField extends FieldCommon {
  type: 'json';
  shape: 'personalised' | 'variables' | 'frames' | 'list' | 'object';
  maxItems?: number;
}

export type Field = StringField | NumberField | BooleanField | OptionsField | RecipientsField | DateTimeField | JsonField;

export type Resource = 'sms' | 'template' | 'mms' | 'task' | 'account' | 'report' | 'inbound' | 'signature';

/** Progress of a chunked send for status lines, and whether to keep its raw replies. */
export type OperationContext = SendContext;

export interface Operation<Client = unknown> {
  vendor: VendorId;
  resource: Resource;
  /** Unique within the vendor; the n8n `operation` value and the Node-RED option value. */
  name: string;
  label: Text;
  description: Text;
  /** Safe to repeat (queries). Sends and changes are never idempotent. */
  idempotent: boolean;
  /** Costs money: shown with a preview option in both hosts. */
  sends?: boolean;
  fields: Field[];
  /** What it returns, in the model's terms (src/core/model.ts); derived when absent (resultShape). */
  result?: string;
  /** The vendor function(s) this operation calls, for the docs. */
  vendorFunctions: string[];
  run(client: Client, input: Record<string, unknown>, context: OperationContext): Promise<unknown>;
  /** Validates and measures a send without sending it. */
  preview?(client: Client, input: Record<string, unknown>): unknown;
}

/** Something a poller drains: delivery reports, inbound SMS, inbound MMS. */
export interface Feed<Client = unknown> {
  name: 'deliveryReports' | 'inboundMessages' | 'inboundMms';
  label: Text;
  /** Asks until the gateway has nothing more (or the cap); items handed out before a failure come back with it. */
  drain(client: Client, options: { maxCalls: number }): Promise<{ items: Array<DeliveryReport | InboundMessage>; error?: GatewayError }>;
}

/** How a vendor pushes to us, and what it must hear back. */
export interface PushSpec {
  /** Body the vendor expects once the push was decoded. */
  accepted: string;
  /** Body that makes the vendor try again. */
  retry: string;
  decode(request: { body: Buffer; headers: Record<string, string | string[] | undefined> }, credentials: Record<string, unknown>): { reports: DeliveryReport[]; inbound: InboundMessage[] };
}

/** A vendor as the hosts see it: how to build its client and what it can do. */
export interface VendorEntry<Client = unknown> {
  id: VendorId;
  label: Text;
  credentialFields: Field[];
  createClient(credentials: Record<string, unknown>): Client;
  operations: Array<Operation<Client>>;
  feeds: Array<Feed<Client>>;
  push?: PushSpec;
}

/** A vendor entry as the hosts hold it: the client type is the vendor's own business. */
export function erased<Client>(entry: VendorEntry<Client>): VendorEntry<unknown> {
  return entry as unknown as VendorEntry<unknown>;
}

/** The shape an operation returns: its own declaration, or what its resource and name imply. */
export function resultShape(op: Operation<unknown>): string {
  if (op.result) return op.result;
  if (op.sends) return op.fields.some((f) => f.name === 'preview') ? 'SendResult (SendPreview with preview)' : op.resource === 'task' ? 'Task' : 'SendResult';
  if (op.resource === 'account' && op.name === 'balance') return 'Balance';
  if (op.resource === 'report' && op.name === 'fetch') return 'DeliveryReport[]';
  if (op.resource === 'inbound') return 'InboundMessage[]';
  if (op.resource === 'template') {
    if (op.name === 'create' || (op.name === 'get' && op.vendor !== 'smsaspx')) return 'Template';
    if (op.name === 'get' || op.name === 'getAll') return 'Template[]';
    return op.vendor === 'emay' ? '{ deleted, raw }' : '{ success, raw }';
  }
  if (op.resource === 'task') return op.name === 'status' ? 'Task' : op.name === 'stop' ? '{ stopped, raw }' : op.name === 'start' ? '{ started, raw }' : '{ deleted, raw }';
  return 'object with the vendor\'s raw reply';
}

interface Draining {
  drainDeliveryReports(options: { maxCalls?: number }): Promise<{ items: DeliveryReport[]; error?: GatewayError }>;
  drainInboundMessages(options: { maxCalls?: number }): Promise<{ items: InboundMessage[]; error?: GatewayError }>;
}

/** Delivery reports and inbound messages, for a client that drains both itself. */
export function standardFeeds<Client>(of: (client: Client) => Draining): Array<Feed<Client>> {
  return [
    { name: 'deliveryReports', label: { en: 'Delivery Reports', zh: '状态报告' }, drain: (client, options) => of(client).drainDeliveryReports(options) },
    { name: 'inboundMessages', label: { en: 'Inbound Messages', zh: '上行短信' }, drain: (client, options) => of(client).drainInboundMessages(options) },
  ];
}
