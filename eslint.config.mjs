// typescript-eslint's recommended rules for all TypeScript; the n8n community rule sets are
// added for nodes/ and credentials/ in the n8n part of this config.
import js from '@eslint/js';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import tseslint from 'typescript-eslint';

// Left out on purpose (see README, "n8n lint"): this package has runtime dependencies and
// several vendors, so n8n Cloud's verification-only rules do not apply to it.
// cred-class-field-documentation-url-miscased applies "only to nodes in the main repository" (its own words).
const verificationOnly = ['n8n-nodes-base/community-package-json-name-still-default', 'n8n-nodes-base/cred-class-field-documentation-url-miscased'];
const n8nRules = (config) => Object.fromEntries(Object.entries(config.rules).filter(([name]) => !verificationOnly.includes(name)));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // Node-RED's own idiom: `const node = this` inside the node constructor, used by callbacks.
    files: ['src/node-red/**/*.ts'],
    rules: { '@typescript-eslint/no-this-alias': 'off' },
  },
  {
    files: ['src/nodes/**/*.ts'],
    plugins: { 'n8n-nodes-base': n8nNodesBase },
    rules: { ...n8nRules(n8nNodesBase.configs.nodes), ...n8nRules(n8nNodesBase.configs.community) },
  },
  {
    files: ['src/credentials/**/*.ts'],
    plugins: { 'n8n-nodes-base': n8nNodesBase },
    rules: n8nRules(n8nNodesBase.configs.credentials),
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    rules: { '@typescript-eslint/no-unused-vars': ['error', { varsIgnorePattern: '^_', argsIgnorePattern: '^_', ignoreRestSiblings: true }] },
    languageOptions: { globals: { process: 'readonly', console: 'readonly', module: 'writable', require: 'readonly', __dirname: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', global: 'readonly', performance: 'readonly', Buffer: 'readonly', URL: 'readonly', fetch: 'readonly' } },
  },
);
