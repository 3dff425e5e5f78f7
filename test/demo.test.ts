import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// The README's first command, as a user runs it (npm test builds dist/ first).
test('npm run demo -- --check: the round trip passes with a one-line verdict', () => {
  const result = spawnSync(process.execPath, [join(__dirname, '..', 'dist', 'cli.js'), 'demo', '--check'], { encoding: 'utf8', timeout: 30_000 });
  expect(result.stdout.trim()).toBe('PASS: sent, delivered and replied through the sandbox');
  expect(result.status).toBe(0);
});
