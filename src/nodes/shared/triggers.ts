/**
 * Polling and webhook triggers for every vendor, from the catalog's feeds and push specs.
 * Seen ids live in the workflow's static data (bounded), never in module state, so queue
 * mode and restarts keep the same de-duplication.
 */
import type { IDataObject, INodeExecutionData, INodeProperties, IPollFunctions, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import type { Feed, VendorEntry } from '../../catalog/types';
import type { DeliveryReport, InboundMessage } from '../../core/model';
import { credentialsOf, toJson } from './execute';

export const SEEN_LIMIT = 5000;
const DRAIN_CALLS_PER_POLL = 20;

export function feedProperty(entry: VendorEntry<unknown>): INodeProperties {
  // eslint-disable-next-line n8n-nodes-base/node-param-default-missing -- generated: the default is the vendor's first feed
  return {
    displayName: 'Event',
    name: 'event',
    type: 'options',
    default: entry.feeds[0].name,
    options: entry.feeds.map((f) => ({ name: f.label.en, value: f.name, description: f.label.zh })),
  };
}

/** A stable identity for a report or a reply, to recognise one handed out twice. */
export function identity(entry: DeliveryReport | InboundMessage): string {
  if ('status' in entry) return ['r', entry.messageId ?? entry.batchId ?? '', entry.customId ?? '', entry.mobile, entry.vendorStatus, entry.deliveredAt?.getTime() ?? ''].join('|');
  return ['m', entry.messageId ?? '', entry.mobile, entry.receivedAt?.getTime() ?? '', entry.content].join('|');
}

/** Keeps the newest SEEN_LIMIT ids; returns the entries not seen before. */
export function unseen<T extends DeliveryReport | InboundMessage>(staticData: IDataObject, entries: T[]): T[] {
  const seen = Array.isArray(staticData.seen) ? (staticData.seen as string[]) : [];
  const known = new Set(seen);
  const fresh: T[] = [];
  for (const entry of entries) {
    const id = identity(entry);
    if (known.has(id)) continue;
    known.add(id);
    seen.push(id);
    fresh.push(entry);
  }
  staticData.seen = seen.slice(-SEEN_LIMIT);
  return fresh;
}

function sample(entry: VendorEntry<unknown>, feed: Feed): IDataObject {
  const common = { vendor: entry.id, sample: true, note: 'A sample: manual runs do not take reports or replies from the gateway, which hands each out only once.' };
  if (feed.name === 'deliveryReports') {
    return { ...common, mobile: '13800138000', status: 'delivered', messageId: 'sample-1', vendorStatus: 'DELIVRD', deliveredAt: new Date().toISOString() };
  }
  return { ...common, mobile: '13800138000', content: '收到，谢谢', receivedAt: new Date().toISOString() };
}

export async function pollVendor(this: IPollFunctions, entry: VendorEntry<unknown>, credentialType: string): Promise<INodeExecutionData[][] | null> {
  const name = this.getNodeParameter('event') as string;
  const feed = entry.feeds.find((f) => f.name === name) ?? entry.feeds[0];
  if (this.getMode() === 'manual') return [[{ json: sample(entry, feed) }]];
  const client = entry.createClient(credentialsOf(await this.getCredentials(credentialType)));
  const { items, error } = await feed.drain(client, { maxCalls: DRAIN_CALLS_PER_POLL });
  if (error) {
    // Items handed out before the failure are emitted, not dropped; the error is logged.
    this.logger.warn(`${entry.label.en} ${feed.label.en}: poll stopped early: ${error.message}`);
    if (items.length === 0) throw error;
  }
  const fresh = unseen(this.getWorkflowStaticData('node'), items);
  if (fresh.length === 0) return null;
  return [fresh.map((item) => ({ json: toJson(item) }))];
}

async function rawBody(this: IWebhookFunctions): Promise<Buffer> {
  const request = this.getRequestObject() as unknown as { rawBody?: Buffer; readRawBody?: () => Promise<void>; body?: unknown };
  if (!request.rawBody && typeof request.readRawBody === 'function') await request.readRawBody();
  if (request.rawBody) return request.rawBody;
  // Already parsed by the host: rebuild what the vendor sent.
  if (typeof request.body === 'string') return Buffer.from(request.body, 'utf8');
  if (Buffer.isBuffer(request.body)) return request.body;
  if (request.body && typeof request.body === 'object') return Buffer.from(new URLSearchParams(request.body as Record<string, string>).toString(), 'utf8');
  return Buffer.alloc(0);
}

/**
 * Decodes a vendor push and answers exactly what the vendor expects (`success`, `1`) only
 * after the payload decoded; anything else gets the vendor's retry answer and emits nothing.
 */
export async function receivePush(this: IWebhookFunctions, entry: VendorEntry<unknown>, credentialType: string): Promise<IWebhookResponseData> {
  const push = entry.push!;
  const response = this.getResponseObject();
  const request = this.getRequestObject();
  const credentials = credentialsOf(await this.getCredentials(credentialType));
  let decoded: { reports: DeliveryReport[]; inbound: InboundMessage[] };
  try {
    decoded = push.decode({ body: await rawBody.call(this), headers: request.headers }, credentials);
  } catch (error) {
    this.logger.warn(`${entry.label.en} push refused: ${(error as Error).message}`);
    response.status(200).type('text/plain').send(push.retry);
    return { noWebhookResponse: true };
  }
  const fresh = unseen(this.getWorkflowStaticData('node'), [...decoded.reports, ...decoded.inbound]);
  response.status(200).type('text/plain').send(push.accepted);
  if (fresh.length === 0) return { noWebhookResponse: true };
  return { noWebhookResponse: true, workflowData: [fresh.map((item) => ({ json: toJson(item) }))] };
}
