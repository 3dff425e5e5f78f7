/**
 * The main job: the whole loop of a notification pipeline against the sandbox, with no
 * vendor account. Send an SMS, receive its delivery report, then receive the phone's reply.
 */
import { startSandbox } from './sandbox/server';
import { SmsAspxClient } from './core/vendors/smsaspx/client';
import { GatewayError } from './core/errors';

export async function runDemo(options: { check?: boolean; port?: number } = {}): Promise<number> {
  const sandbox = await startSandbox({ port: options.port ?? (options.check ? 0 : 4010), reportDelayMs: 500, quiet: options.check });
  const client = new SmsAspxClient({ baseUrl: sandbox.baseUrls.smsaspx, account: 'demo', password: 'demo123', userId: '1001' });
  const say = (line: string) => {
    if (!options.check) console.log(line);
  };
  try {
    say(`Virtual phones: ${sandbox.url}/`);
    const sent = await client.sendSms({ recipients: '13912345678', content: '您的验证码是 4821，5 分钟内有效。【沙箱演示】' });
    say(`1. Sent: ${sent.accepted} accepted, batch ${sent.batchId}, ${sent.parts} part(s), balance ${sent.balance}`);

    const report = await waitFor(async () => (await client.deliveryReports()).find((r) => r.batchId === sent.batchId));
    say(`2. Delivery report: ${report.mobile} ${report.status} (${report.vendorStatus} ${report.vendorText ?? ''})`);

    if (options.check) {
      await fetch(`${sandbox.url}/admin/reply`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ vendor: 'smsaspx', login: 'demo', mobile: '13912345678', content: '收到，谢谢' }),
      });
    } else {
      say(`3. Open ${sandbox.url}/ and type a reply on the phone 13912345678 ...`);
    }
    const reply = await waitFor(async () => (await client.inboundMessages())[0], options.check ? 10_000 : 600_000);
    say(`4. Reply from ${reply.mobile}: ${reply.content}`);

    const ok = sent.accepted === 1 && report.status === 'delivered' && reply.content.length > 0;
    console.log(ok ? 'PASS: sent, delivered and replied through the sandbox' : 'FAIL: the round trip did not complete');
    if (!options.check) {
      say(`The sandbox keeps running at ${sandbox.url}/ — press Ctrl+C to stop.`);
      return -1;
    }
    return ok ? 0 : 1;
  } catch (error) {
    const detail = error instanceof GatewayError ? JSON.stringify(error.toJSON()) : (error as Error).message;
    console.log(`FAIL: ${detail}`);
    return 1;
  } finally {
    if (options.check) await sandbox.close();
  }
}

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`nothing arrived within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
