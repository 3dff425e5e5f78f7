// Compile with tsc, then copy the assets the hosts load from beside the compiled .js
// (SVG icons, Node-RED editor .html and locales, WSDL files, sandbox web page).
import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, statSync, mkdirSync, rmSync } from 'node:fs';
import { join, dirname, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
rmSync(join(root, 'dist'), { recursive: true, force: true });
try {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.json')], {
    stdio: 'inherit',
  });
} catch {
  process.exit(1);
}

const assetExtensions = new Set(['.svg', '.png', '.html', '.json', '.wsdl', '.css', '.md']);
function copyAssets(dir) {
  for (const name of readdirSync(dir)) {
    const from = join(dir, name);
    if (statSync(from).isDirectory()) {
      copyAssets(from);
    } else if (assetExtensions.has(extname(name))) {
      const to = join(root, 'dist', from.slice(join(root, 'src').length));
      mkdirSync(dirname(to), { recursive: true });
      cpSync(from, to);
    }
  }
}
copyAssets(join(root, 'src'));

// The Node-RED editor and locales are generated from the operation catalog.
require(join(root, 'dist', 'node-red', 'editor.js')).writeEditorFiles(join(root, 'dist', 'node-red'));
