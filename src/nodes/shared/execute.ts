/**
 * One execute() for every vendor node: read the operation's parameters for each item, run
 * the catalog operation, and turn results and errors into n8n items. continueOnFail and
 * pairedItem are handled here once, for every operation.
 */
import {
  type ICredentialDataDecryptedObject,
  type ICredentialsDecrypted,
  type ICredentialTestFunctions,
  type IDataObject,
  type IExecuteFunctions,
  type INodeCredentialTestResult,
  type INodeExecutionData,
  type JsonObject,
  NodeApiError,
  NodeOperationError,
} from 'n8n-workflow';
import { runOperation, validateInput } from '../../catalog/validate';
import { sendOutputOf, shapeSendResult } from '../../catalog/output';
import type { Operation, VendorEntry } from '../../catalog/types';
import { GatewayError, invalidInput } from '../../core/errors';
import type { MmsFrame, RecipientResult } from '../../core/model';

/** Dates become ISO strings and Buffers disappear from JSON output (they go to binary). */
export function toJson(value: unknown): IDataObject {
  return JSON.parse(
    JSON.stringify(value, (key, v) => {
      if (v && typeof v === 'object' && (v as { type?: string }).type === 'Buffer' && Array.isArray((v as { data?: unknown }).data)) return undefined;
      return v;
    }),
  ) as IDataObject;
}

export function credentialsOf(raw: ICredentialDataDecryptedObject): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) if (value !== '' && value !== undefined && value !== null) out[key] = value;
  return out;
}

/** The n8n error for a GatewayError: bad input is the user's, anything else the gateway's. */
export function n8nError(node: ReturnType<IExecuteFunctions['getNode']>, error: unknown, itemIndex: number): Error {
  if (error instanceof GatewayError) {
    if (error.kind === 'validation' || error.kind === 'configuration') {
      return new NodeOperationError(node, error.message, { itemIndex, description: error.hint });
    }
    const description = [error.vendorCode ? `Vendor code ${error.vendorCode}${error.vendorText ? `: ${error.vendorText}` : ''}` : undefined, error.hint, error.sent === 'maybe' ? 'The message may already have been sent; it was not retried.' : undefined]
      .filter(Boolean)
      .join(' ');
    return new NodeApiError(node, error.toJSON() as JsonObject, {
      message: error.message,
      description: description || undefined,
      httpCode: error.httpStatus ? String(error.httpStatus) : undefined,
      itemIndex,
    });
  }
  return new NodeOperationError(node, error as Error, { itemIndex });
}

function findOperation(entry: VendorEntry<unknown>, resource: string, name: string): Operation<unknown> {
  const op = entry.operations.find((o) => o.resource === resource && o.name === name);
  if (!op) throw new Error(`Unknown operation ${resource}.${name}`);
  return op;
}

export async function executeVendorNode(this: IExecuteFunctions, entry: VendorEntry<unknown>, credentialType: string): Promise<INodeExecutionData[][]> {
  const items = this.getInputData();
  const out: INodeExecutionData[] = [];
  const credentials = credentialsOf(await this.getCredentials(credentialType));
  let client: unknown;
  // A number file built from all input items is one upload for all of them.
  const first = items.length > 0 ? numberFileFromItems.call(this, entry, items) : undefined;
  if (first) {
    try {
      client ??= entry.createClient(credentials);
      const result = await runOperation(first.op, client, first.input);
      return [[{ json: toJson(result), pairedItem: items.map((_, item) => ({ item })) }]];
    } catch (error) {
      if (this.continueOnFail()) return [[{ json: { error: error instanceof GatewayError ? toJson(error.toJSON()) : (error as Error).message }, pairedItem: items.map((_, item) => ({ item })) }]];
      throw n8nError(this.getNode(), error, 0);
    }
  }
  for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
    try {
      const resource = this.getNodeParameter('resource', itemIndex) as string;
      const operation = this.getNodeParameter('operation', itemIndex) as string;
      const op = findOperation(entry, resource, operation);
      const input: Record<string, unknown> = {};
      for (const field of op.fields) {
        if (field.advanced || field.name === 'preview') continue;
        input[field.name] = this.getNodeParameter(field.name, itemIndex, undefined);
      }
      const options = op.fields.some((f) => f.advanced) || op.sends ? (this.getNodeParameter('options', itemIndex, {}) as IDataObject) : {};
      Object.assign(input, options);
      const framesField = op.fields.find((f) => f.type === 'json' && f.shape === 'frames');
      if (framesField) input[framesField.name] = await framesWithBinary.call(this, itemIndex, input[framesField.name]);
      client ??= entry.createClient(credentials);
      const output = sendOutputOf(op.sends, { raw: options.includeRaw, recipients: options.recipientsOutput });
      const result = await runOperation(op, client, input, { rawReplies: output.rawReplies });
      out.push(...toItems(shapeSendResult(result, output), itemIndex, options.splitRecipients === true));
    } catch (error) {
      if (this.continueOnFail()) {
        out.push({ json: { error: error instanceof GatewayError ? toJson(error.toJSON()) : (error as Error).message }, pairedItem: { item: itemIndex } });
        continue;
      }
      throw n8nError(this.getNode(), error, itemIndex);
    }
  }
  return [out];
}

/** With "Numbers From Input Items": the operation and its input, numbers gathered from every item. */
function numberFileFromItems(this: IExecuteFunctions, entry: VendorEntry<unknown>, items: INodeExecutionData[]): { op: Operation<unknown>; input: Record<string, unknown> } | undefined {
  const op = findOperation(entry, this.getNodeParameter('resource', 0) as string, this.getNodeParameter('operation', 0) as string);
  if (!op.fields.some((f) => f.name === 'numbers')) return undefined;
  const options = this.getNodeParameter('options', 0, {}) as IDataObject;
  if (options.numbersFromItems !== true) return undefined;
  const mobileField = String(options.mobileField || 'mobile');
  const memoField = String(options.memoField || 'memo');
  const input: Record<string, unknown> = {};
  for (const field of op.fields) if (!field.advanced && field.name !== 'numbers') input[field.name] = this.getNodeParameter(field.name, 0, undefined);
  input.numbers = items
    .map((item, index) => {
      const mobile = String(item.json[mobileField] ?? '').trim();
      const memo = item.json[memoField] === undefined || item.json[memoField] === null ? '' : String(item.json[memoField]);
      // The file's own format: one "mobile,memo" line a number; a memo cannot hold either separator.
      if (/[,\r\n]/.test(memo)) throw invalidInput(`items[${index}].${memoField}`, 'must not contain a comma or a line break');
      return memo === '' ? mobile : `${mobile},${memo}`;
    })
    .join('\n');
  return { op, input };
}

/** Results as items; lists become one item each; files become binary. */
function toItems(result: unknown, itemIndex: number, splitRecipients: boolean): INodeExecutionData[] {
  const pairedItem = { item: itemIndex };
  if (splitRecipients && result && typeof result === 'object' && Array.isArray((result as { recipients?: unknown }).recipients)) {
    const send = result as { recipients: RecipientResult[]; batchId?: string; vendor: string };
    return send.recipients.map((r) => ({ json: toJson({ vendor: send.vendor, batchId: send.batchId, ...r }), pairedItem }));
  }
  if (Array.isArray(result)) {
    if (result.length === 0) return [{ json: { count: 0 }, pairedItem }];
    return result.map((entry) => withBinary(entry, pairedItem));
  }
  return [withBinary(result, pairedItem)];
}

function withBinary(entry: unknown, pairedItem: { item: number }): INodeExecutionData {
  const files = (entry as { files?: Array<{ fileName: string; contentType?: string; data: Buffer }> })?.files;
  const item: INodeExecutionData = { json: toJson(entry), pairedItem };
  if (Array.isArray(files) && files.length > 0 && Buffer.isBuffer(files[0].data)) {
    item.binary = {};
    files.forEach((file, index) => {
      item.binary![`file${index}`] = { data: file.data.toString('base64'), mimeType: file.contentType || 'application/octet-stream', fileName: file.fileName };
    });
  }
  return item;
}

/** Frames from the JSON field, then one frame per named binary property. */
async function framesWithBinary(this: IExecuteFunctions, itemIndex: number, value: unknown): Promise<MmsFrame[]> {
  let frames: MmsFrame[] = [];
  if (typeof value === 'string' && value.trim() !== '') frames = JSON.parse(value) as MmsFrame[];
  else if (Array.isArray(value)) frames = value as MmsFrame[];
  const names = String(this.getNodeParameter('framesFromBinary', itemIndex, '') ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  for (const name of names) {
    const binary = this.helpers.assertBinaryData(itemIndex, name);
    const data = await this.helpers.getBinaryDataBuffer(itemIndex, name);
    frames.push({ files: [{ fileName: binary.fileName ?? `${name}.${binary.fileExtension ?? 'bin'}`, contentType: binary.mimeType, data }] });
  }
  return frames;
}

/** A credential test that asks for the balance and reports the vendor's own message. */
export async function testCredentials(
  this: ICredentialTestFunctions,
  entry: VendorEntry<unknown>,
  credential: ICredentialsDecrypted<ICredentialDataDecryptedObject>,
): Promise<INodeCredentialTestResult> {
  try {
    const data = credentialsOf(credential.data ?? {});
    validateInput(entry.credentialFields, data);
    const client = entry.createClient(data);
    const balance = entry.operations.find((o) => o.resource === 'account' && o.name === 'balance');
    if (!balance) return { status: 'OK', message: 'Connection settings look valid' };
    const result = (await runOperation(balance, client, {})) as { amount?: number };
    return { status: 'OK', message: `Connected. Balance: ${result.amount ?? 'unknown'}` };
  } catch (error) {
    const message = error instanceof GatewayError ? [error.message, error.hint].filter(Boolean).join(' ') : (error as Error).message;
    return { status: 'Error', message };
  }
}
