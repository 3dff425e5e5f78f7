// `node-red-dev validate` (the Flow Library scorecard) on this package. The Flow Library's
// catalogue (catalogue.nodered.org) is out of reach from here: its two look-ups (similar package
// names P08, duplicate node names N01) are answered with an empty catalogue; every other check
// runs as published. Fails when the validator reports an error (a line starting with ✖ or Error).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cache = join(homedir(), '.cache', 'china-sms-node-red-dev');
if (!existsSync(join(cache, 'node_modules', 'node-red-dev', 'bin', 'run'))) {
  mkdirSync(cache, { recursive: true });
  writeFileSync(join(cache, 'package.json'), JSON.stringify({ name: 'node-red-dev-runner', private: true }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', 'node-red-dev@0.1.6'], { cwd: cache, stdio: ['ignore', 'ignore', 'inherit'] });
}
const wrapper = join(cache, 'node_modules', 'node-red-dev', 'run-offline.js');
writeFileSync(
  wrapper,
  `const axios = require('axios');
const get = axios.get.bind(axios);
axios.get = (url, ...rest) => (String(url).includes('catalogue.nodered.org') ? Promise.resolve({ data: { modules: [] } }) : get(url, ...rest));
process.argv = [process.argv[0], 'node-red-dev', 'validate', '-p', ${JSON.stringify(root)}];
require('./bin/run');
`,
);
const result = spawnSync(process.execPath, [wrapper], { encoding: 'utf8' });
const output = `${result.stdout}${result.stderr}`.split('\n').filter((l) => !l.includes('nodedir')).join('\n');
console.log(output.trim());
const errors = output.split('\n').filter((l) => /^\s*(✖|Error|›\s+Error)/.test(l));
if (result.status !== 0 || errors.length > 0 || !output.includes('Complete')) {
  console.log('node-red-dev validate: FAIL');
  process.exit(1);
}
console.log('node-red-dev validate: no errors');
