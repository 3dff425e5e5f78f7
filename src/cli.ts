#!/usr/bin/env node
/**
 * `china-sms sandbox` runs the gateway simulator; `china-sms demo` runs the whole loop
 * (send, delivery report, reply) against it and keeps it open for the visitor;
 * `china-sms demo --check` does the same headless and exits 0 or 1 with a one-line verdict.
 */
import { runDemo } from './demo';
import { startSandbox } from './sandbox/server';

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
      const sandbox = await startSandbox({
        port: Number(option(args, 'port') ?? process.env.SANDBOX_PORT ?? 4010),
        host: option(args, 'host') ?? '127.0.0.1',
        reportDelayMs: option(args, 'report-delay') ? Number(option(args, 'report-delay')) : undefined,
      });
      console.log(`Virtual phones: ${sandbox.url}/`);
      for (const [vendor, url] of Object.entries(sandbox.baseUrls)) console.log(`  ${vendor.padEnd(8)} base URL ${url}`);
      console.log('Accounts: sms.aspx demo / demo123 (userid 1001), MMS platform demo / demo123, Mobset CorpID 300001 demo / demo123, Emay EUCP-DEMO-0001 / 0123456789abcdef');
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
      console.error(`Unknown command ${command}. Use: sandbox [--port 4010] [--host 127.0.0.1] | demo [--check]`);
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
