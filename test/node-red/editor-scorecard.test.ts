/* eslint-disable @typescript-eslint/no-explicit-any -- acorn nodes */
/**
 * What `node-red-dev validate` checks in the editor file, checked here the same way (acorn),
 * because the validator itself needs catalogue.nodered.org, which this network cannot reach:
 * every registerType has a literal type name and inline literal defaults, credentials,
 * category, inputs and outputs; every type has help in both languages; every node type
 * appears in an example flow.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as acorn from 'acorn';
import * as walk from 'acorn-walk';

const root = join(__dirname, '..', '..');
const html = readFileSync(join(root, 'dist', 'node-red', 'china-sms.html'), 'utf8');
const scripts = [...html.matchAll(/<script type="text\/javascript">([\s\S]*?)<\/script>/g)].map((m) => m[1]);

interface Registration {
  type: string;
  keys: Record<string, string>;
}

function registrations(): Registration[] {
  const found: Registration[] = [];
  for (const code of scripts) {
    const ast = acorn.parse(code, { ecmaVersion: 2020 });
    walk.simple(ast, {
      CallExpression(node: any) {
        const callee = node.callee;
        if (callee.type !== 'MemberExpression' || callee.property.name !== 'registerType') return;
        const [name, definition] = node.arguments;
        expect(name.type).toBe('Literal');
        expect(definition.type).toBe('ObjectExpression');
        found.push({ type: name.value, keys: Object.fromEntries(definition.properties.map((p: any) => [p.key.name ?? p.key.value, p.value.type])) });
      },
    });
  }
  return found;
}

const expected = ['china-sms-gateway', 'china-sms', 'china-sms-poll', 'china-sms-push'];

test('every node type is registered with a literal name and inline literal definitions', () => {
  const found = registrations();
  expect(found.map((r) => r.type)).toEqual(expected);
  for (const r of found) {
    expect(r.keys.defaults).toBe('ObjectExpression');
    expect(r.keys.category).toBe('Literal');
    if (r.type !== 'china-sms-gateway') {
      expect(r.keys.inputs).toBe('Literal');
      expect(r.keys.outputs).toBe('Literal');
    } else {
      expect(r.keys.credentials).toBe('ObjectExpression');
    }
  }
});

test('package.json names the runtime file, and the editor, locales and icon sit beside it', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  expect(pkg['node-red'].nodes['china-sms']).toBe('dist/node-red/china-sms.js');
  expect(pkg.keywords).toContain('node-red');
  for (const lang of ['en-US', 'zh-CN']) {
    const help = readFileSync(join(root, 'dist', 'node-red', 'locales', lang, 'china-sms.html'), 'utf8');
    for (const type of expected) expect(help).toContain(`data-help-name="${type}"`);
    JSON.parse(readFileSync(join(root, 'dist', 'node-red', 'locales', lang, 'china-sms.json'), 'utf8'));
  }
  expect(readdirSync(join(root, 'dist', 'node-red', 'icons'))).toContain('china-sms.svg');
});

test('every node type is in at least one example flow', () => {
  const types = new Set<string>();
  for (const file of readdirSync(join(root, 'examples'))) {
    for (const node of JSON.parse(readFileSync(join(root, 'examples', file), 'utf8'))) types.add(node.type);
  }
  for (const type of expected) expect(types).toContain(type);
});
