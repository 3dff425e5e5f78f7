#!/usr/bin/env node
/**
 * `china-sms sandbox` runs the gateway simulator; `china-sms demo` runs the whole loop
 * (send, delivery report, reply) against it and keeps it open for the visitor;
 * `china-sms demo --check` does the same headless and exits 0 or 1 with a one-line verdict.
 */
import { runDemo } from './demo';
import { readFileSync } from 'node:fs';
import { startSandbox, type StartSandboxOptions } from './sandbox/server';

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(`--${name}`);
  if (index >= 0) return args[index + 1];
  const inline = args.find((a) => a.startsWith(`--${name}=`));
  return inline?.slice(name.length + 3);
}

async function main(argv: string[]): Promise<number> {
  const [command = 'demo', ...args] = argv;
  switch (command) {
    case 'sandbox': {
      // Accounts and settings from a JSON file: { "accounts": [...], "reportDelayMs": 1500 }.
      const configPath = option(args, 'config') ?? process.env.SANDBOX_CONFIG;
      const config = configPath ? (JSON.parse(readFileSync(configPath, 'utf8')) as StartSandboxOptions) : {};
      const sandbox = await startSandbox({
        ...config,
        port: Number(option(args, 'port') ?? process.env.SANDBOX_PORT ?? 4010),
        host: option(args, 'host') ?? '127.0.0.1',
        reportDelayMs: option(args, 'report-delay') ? Number(option(args, 'report-delay')) : config.reportDelayMs,
      });
      console.log(`Virtual phones: ${sandbox.url}/`);
      for (const [vendor, url] of Object.entries(sandbox.baseUrls)) console.log(`  ${vendor.padEnd(8)} base URL ${url}`);
      console.log('Accounts:');
      for (const a of sandbox.state.accounts) console.log(`  ${a.vendor.padEnd(8)} ${a.userId ? `${a.userId} / ` : ''}${a.login} / ${a.password}`);
      const stop = () => void sandbox.close().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      return -1;
    }
    case 'demo':
      return runDemo({
        check: args.includes('--check'),
        port: option(args, 'port') ? Number(option(args, 'port')) : undefined,
        editorPort: option(args, 'editor-port') ? Number(option(args, 'editor-port')) : undefined,
      });
    default:
      console.error(`Unknown command ${command}. Use: sandbox [--port 4010] [--host 127.0.0.1] [--config accounts.json] [--report-delay ms] | demo [--check] [--port 4010] [--editor-port 1880]`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    console.error((error as Error).message);
    process.exit(1);
  },
);
