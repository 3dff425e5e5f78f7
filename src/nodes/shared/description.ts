/**
 * n8n node and credential descriptions generated from the operation catalog, so the n8n
 * editor shows exactly what validation checks and the docs describe.
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { RECIPIENTS_OUTPUT } from '../../catalog/output';
import type { Field, Operation, Resource, VendorEntry } from '../../catalog/types';

const RESOURCE_NAMES: Record<Resource, { name: string; description: string }> = {
  sms: { name: 'SMS', description: 'Send text messages' },
  template: { name: 'Template', description: 'Message templates and their review' },
  mms: { name: 'MMS', description: 'Multimedia messages' },
  task: { name: 'Task', description: 'Batch tasks over number files' },
  account: { name: 'Account', description: 'Balance, counts and history' },
  report: { name: 'Delivery Report', description: 'Delivery reports from the gateway' },
  inbound: { name: 'Inbound Message', description: 'Replies from phones (MO)' },
  signature: { name: 'Signature', description: 'SMS signatures' },
};

/** "Mobile, 手机号码" style labels would crowd the editor; English label, Chinese in the hint. */
function describe(field: Field): string | undefined {
  const en = field.description?.en;
  const zh = field.description?.zh ?? field.label.zh;
  return [en, zh].filter(Boolean).join(' ') || undefined;
}

/** One catalog field as an n8n property (without displayOptions). */
export function fieldProperty(field: Field): INodeProperties {
  const base = {
    displayName: field.label.en,
    name: field.name,
    description: describe(field),
    required: field.required ?? false,
    placeholder: field.placeholder,
  };
  switch (field.type) {
    case 'string':
      return {
        ...base,
        type: 'string',
        default: (field.default as string | undefined) ?? '',
        typeOptions: field.secret ? { password: true } : field.multiline ? { rows: 4 } : undefined,
      };
    case 'number':
      return { ...base, type: 'number', default: (field.default as number | undefined) ?? 0, typeOptions: { minValue: field.min, maxValue: field.max, numberPrecision: field.integer ? 0 : undefined } };
    case 'boolean':
      return { ...base, type: 'boolean', default: (field.default as boolean | undefined) ?? false };
    case 'options':
      return {
        ...base,
        type: 'options',
        default: (field.default as string | undefined) ?? field.options[0]?.value,
        options: field.options.map((o) => ({ name: o.label.en, value: o.value, description: o.label.zh })),
      };
    case 'recipients':
      return { ...base, type: 'string', default: '' };
    case 'dateTime':
      return { ...base, type: 'dateTime', default: '' };
    case 'json':
      return { ...base, type: 'json', default: field.shape === 'variables' || field.shape === 'object' ? '{}' : '[]' };
  }
}

function operationValue(op: Operation): string {
  return op.name;
}

export function nodeProperties(entry: VendorEntry<unknown>): INodeProperties[] {
  const resources = [...new Set(entry.operations.map((o) => o.resource))];
  const properties: INodeProperties[] = [
    // eslint-disable-next-line n8n-nodes-base/node-param-default-missing -- generated: the default is the catalog's first resource
    {
      displayName: 'Resource',
      name: 'resource',
      type: 'options',
      noDataExpression: true,
      options: resources.map((r) => ({ name: RESOURCE_NAMES[r].name, value: r, description: RESOURCE_NAMES[r].description })),
      default: resources[0],
    },
  ];
  for (const resource of resources) {
    const ops = entry.operations.filter((o) => o.resource === resource);
    properties.push({
      displayName: 'Operation',
      name: 'operation',
      type: 'options',
      noDataExpression: true,
      displayOptions: { show: { resource: [resource] } },
      options: ops
        .map((o): INodePropertyOptions => ({ name: o.label.en, value: operationValue(o), description: `${o.description.en} · ${o.label.zh}`, action: `${o.label.en} · ${o.label.zh}` }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      default: operationValue(ops[0]),
    });
  }
  for (const op of entry.operations) {
    const show = { resource: [op.resource], operation: [operationValue(op)] };
    const main = op.fields.filter((f) => !f.advanced && f.name !== 'preview');
    const advanced = op.fields.filter((f) => f.advanced);
    for (const field of main) {
      properties.push({ ...fieldProperty(field), displayOptions: { show } });
      if (field.type === 'json' && field.shape === 'frames') {
        properties.push({
          displayName: 'Binary Properties as Frames',
          name: 'framesFromBinary',
          type: 'string',
          default: '',
          placeholder: 'data, picture2',
          description: 'Input binary properties to send as frames, one frame each, after the frames above (图片/文字文件按顺序成帧)',
          displayOptions: { show },
        });
      }
    }
    const options: INodeProperties[] = advanced.map(fieldProperty);
    if (op.fields.some((f) => f.name === 'numbers')) {
      options.push(
        {
          displayName: 'Numbers From Input Items',
          name: 'numbersFromItems',
          type: 'boolean',
          default: false,
          description: 'Whether to build one number file from every input item (one number, and optionally a memo, per item) instead of the Numbers field (用输入数据生成号码文件)',
        },
        { displayName: 'Mobile Field', name: 'mobileField', type: 'string', default: 'mobile', description: 'Item field holding the number, with Numbers From Input Items' },
        { displayName: 'Memo Field', name: 'memoField', type: 'string', default: 'memo', description: 'Item field holding the %Memo% text, with Numbers From Input Items' },
      );
    }
    if (op.sends) {
      options.push({
        displayName: 'Preview Only (Do Not Send)',
        name: 'preview',
        type: 'boolean',
        default: false,
        description: 'Whether to validate and show parts, billed count and rejected numbers without sending anything (仅预览，不发送)',
      });
      options.push({
        displayName: 'Include Raw Replies',
        name: 'includeRaw',
        type: 'boolean',
        default: true,
        description: 'Whether to keep the gateway\'s reply to each request in raw. Turn off for large sends: 100,000 numbers make about 200 replies that repeat what recipients says (包含原始返回).',
      });
      options.push({
        displayName: 'Recipients in Output',
        name: 'recipientsOutput',
        type: 'options',
        default: 'all',
        options: RECIPIENTS_OUTPUT.map((o) => ({ name: o.label.en, value: o.value })),
        description: 'Which recipients the output lists. For a campaign, Not Accepted Only keeps what needs following up (rejected, failed, unknown) beside the counts (输出中的号码). With One Item per Recipient, the items follow this choice.',
      });
      options.push({
        displayName: 'One Item per Recipient',
        name: 'splitRecipients',
        type: 'boolean',
        default: false,
        description: 'Whether to output one item per recipient instead of one item per input item (按号码拆分输出)',
      });
    }
    if (options.length > 0) {
      properties.push({
        displayName: 'Options',
        name: 'options',
        type: 'collection',
        placeholder: 'Add option',
        default: {},
        displayOptions: { show },
        options: options.sort((a, b) => a.displayName.localeCompare(b.displayName)),
      });
    }
  }
  return properties;
}

export function credentialProperties(entry: VendorEntry<unknown>): INodeProperties[] {
  return entry.credentialFields.map(fieldProperty);
}
