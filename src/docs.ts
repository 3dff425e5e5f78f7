/**
 * docs/<vendor>.md from the operation catalog: every vendor function and the operation
 * (n8n and Node-RED alike) that calls it. `npm run docs` writes them; a test keeps them current.
 */
import { VENDORS } from './catalog';
import { type Field, resultShape, type VendorEntry } from './catalog/types';

function fieldRule(field: Field): string {
  const rules: string[] = [];
  if (field.required) rules.push('required');
  switch (field.type) {
    case 'string':
      if (field.minLength !== undefined) rules.push(`≥ ${field.minLength} chars`);
      if (field.maxLength !== undefined) rules.push(`≤ ${field.maxLength} chars`);
      if (field.patternRule) rules.push(field.patternRule);
      if (field.secret) rules.push('secret');
      break;
    case 'number':
      if (field.min !== undefined) rules.push(`≥ ${field.min}`);
      if (field.max !== undefined) rules.push(`≤ ${field.max}`);
      break;
    case 'recipients':
      rules.push('mainland mobile numbers');
      if (field.max !== undefined) rules.push(`≤ ${field.max}`);
      break;
    case 'dateTime':
      if (field.future) rules.push('in the future');
      if (field.maxDaysAhead !== undefined) rules.push(`≤ ${field.maxDaysAhead} days ahead`);
      break;
    case 'options':
      rules.push(field.options.map((o) => `\`${o.value}\``).join(' / '));
      break;
    case 'json':
      if (field.maxItems !== undefined) rules.push(`≤ ${field.maxItems} items`);
      break;
  }
  return rules.join('; ');
}

export function vendorDoc(entry: VendorEntry<unknown>): string {
  const lines: string[] = [];
  lines.push(`# ${entry.label.en} · ${entry.label.zh}`, '');
  lines.push('Generated from the operation catalog (`npm run docs`). Each operation is the same in the n8n node (Resource → Operation) and the Node-RED `china sms` node (operation `resource.name`).', '');
  lines.push('## Vendor functions and the operations that call them', '');
  lines.push('| vendor function | operation | n8n | Node-RED | sends? |', '|---|---|---|---|---|');
  for (const op of entry.operations) {
    for (const fn of op.vendorFunctions) lines.push(`| \`${fn}\` | ${op.label.en} · ${op.label.zh} | ${op.resource} → ${op.label.en} | \`${op.resource}.${op.name}\` | ${op.sends ? 'yes' : op.idempotent ? 'no (query, retried safely)' : 'no (change)'} |`);
  }
  lines.push('', '## Operations', '');
  for (const op of entry.operations) {
    lines.push(`### ${op.label.en} · ${op.label.zh} (\`${op.resource}.${op.name}\`)`, '', `${op.description.en}. ${op.description.zh}。`, '', `Returns: ${resultShape(op)}.`, '');
    if (op.fields.length > 0) {
      lines.push('| field | meaning | rules |', '|---|---|---|');
      for (const f of op.fields) lines.push(`| \`${f.name}\` | ${f.label.en} · ${f.label.zh}${f.description ? ` — ${f.description.en}` : ''} | ${fieldRule(f)} |`);
      lines.push('');
    }
  }
  lines.push('## Credential / gateway settings', '', '| setting | meaning | rules |', '|---|---|---|');
  for (const f of entry.credentialFields) lines.push(`| \`${f.name}\` | ${f.label.en} · ${f.label.zh}${f.description ? ` — ${f.description.en}` : ''} | ${fieldRule(f)} |`);
  lines.push('', '## Triggers', '');
  lines.push(`Polling: ${entry.feeds.map((f) => `${f.label.en} (\`${f.name}\`)`).join(', ')}.`);
  lines.push(entry.push ? `Push: the vendor POSTs to the n8n push trigger or the Node-RED \`china sms push\` node, which answers \`${entry.push.accepted}\` once the push decoded and \`${entry.push.retry}\` otherwise.` : 'Push: none.');
  return `${lines.join('\n')}\n`;
}

export function allDocs(): Record<string, string> {
  return Object.fromEntries(Object.values(VENDORS).map((entry) => [`${entry!.id}.md`, vendorDoc(entry!)]));
}
