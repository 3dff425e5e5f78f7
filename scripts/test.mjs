// The whole suite once, then the clock-sensitive core tests again under other time zones:
// timestamps for signatures must be Beijing time whatever the host's TZ.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const jest = require.resolve('jest/bin/jest');
const extra = process.argv.slice(2);

function run(tz, args) {
  console.log(`\n== jest with TZ=${tz} ${args.join(' ')}`);
  const result = spawnSync(process.execPath, [jest, ...args], { stdio: 'inherit', env: { ...process.env, TZ: tz } });
  return result.status ?? 1;
}

let status = run('America/Los_Angeles', extra);
if (status === 0 && extra.length === 0) {
  for (const tz of ['UTC', 'Asia/Shanghai']) {
    status = run(tz, ['test/core']);
    if (status !== 0) break;
  }
}
process.exit(status);
