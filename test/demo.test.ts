import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// The README's first command, as a user runs it (npm test builds dist/ first): the sandbox
// and a real embedded Node-RED with the example flows, driven headless.
test('npm run demo -- --check: the visitor\'s round trip passes with a one-line verdict', () => {
  const result = spawnSync(process.execPath, [join(__dirname, '..', 'dist', 'cli.js'), 'demo', '--check'], { encoding: 'utf8', timeout: 60_000 });
  expect(result.stdout.trim()).toBe('PASS: Node-RED sent the SMS, the phone got it, and the delivery report and the reply came back into the flow');
  expect(result.status).toBe(0);
}, 70_000);
