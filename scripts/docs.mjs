// Writes docs/<vendor>.md from the built catalog.
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { allDocs } = require(join(root, 'dist', 'docs.js'));
mkdirSync(join(root, 'docs'), { recursive: true });
for (const [name, text] of Object.entries(allDocs())) writeFileSync(join(root, 'docs', name), text);
