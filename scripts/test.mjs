// The whole suite once, then the clock-sensitive core tests again under other time zones:
// timestamps for signatures must be Beijing time whatever the host's TZ. Ends with one
// plain line counting every test run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const jest = require.resolve('jest/bin/jest');
const extra = process.argv.slice(2);
const dir = mkdtempSync(join(tmpdir(), 'china-sms-jest-'));
const totals = { passed: 0, failed: 0 };

function run(tz, args) {
  console.log(`\n== jest with TZ=${tz} ${args.join(' ')}`);
  const output = join(dir, `${tz.replace(/\W/g, '_')}.json`);
  // --forceExit: a socket left open by a test file must not keep CI waiting after the run has
  // finished and its results are written (seen once: a listening webhook server).
  const result = spawnSync(process.execPath, [jest, '--json', `--outputFile=${output}`, '--forceExit', ...args], { stdio: 'inherit', env: { ...process.env, TZ: tz } });
  try {
    const report = JSON.parse(readFileSync(output, 'utf8'));
    totals.passed += report.numPassedTests;
    totals.failed += report.numFailedTests;
  } catch {
    totals.failed += 1;
  }
  return result.status ?? 1;
}

let status = run('America/Los_Angeles', extra);
if (status === 0 && extra.length === 0) {
  for (const tz of ['UTC', 'Asia/Shanghai']) {
    status = run(tz, ['test/core']);
    if (status !== 0) break;
  }
}
rmSync(dir, { recursive: true, force: true });
console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed`);
process.exit(status);
