/**
 * The main job: the gateway sandbox and an embedded Node-RED with our nodes and the example
 * flows deployed against it. A visitor clicks Inject, watches the SMS land on a virtual
 * phone, the delivery report come back into the debug pane, types a reply on the phone and
 * watches it arrive too. `--check` walks the same loop headless and prints one verdict.
 */
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GatewayError } from './core/errors';
import { SmsAspxClient } from './core/vendors/smsaspx/client';
import { startSandbox, type Sandbox } from './sandbox/server';

const PACKAGE_ROOT = join(__dirname, '..');
const DEMO_PHONE = '13912345678';
/* eslint-disable @typescript-eslint/no-explicit-any -- Node-RED's embedding API is untyped */

export interface DemoOptions {
  check?: boolean;
  port?: number;
  editorPort?: number;
}

/** Example flows with the sandbox's real address (examples say 127.0.0.1:4010). */
function demoFlows(sandbox: Sandbox): unknown[] {
  const dir = join(PACKAGE_ROOT, 'examples');
  const flows: unknown[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const text = readFileSync(join(dir, file), 'utf8').split('http://127.0.0.1:4010').join(sandbox.url);
    flows.push(...(JSON.parse(text) as unknown[]));
  }
  return flows;
}

export async function startNodeRed(sandbox: Sandbox, port: number, onMessage?: (nodeId: string, msg: any) => void): Promise<{ url: string; stop(): Promise<void> }> {
  const RED = require('node-red');
  const express = require('express');
  const userDir = mkdtempSync(join(tmpdir(), 'china-sms-demo-'));
  // Node-RED finds our package the way it finds any installed module: in userDir/node_modules.
  mkdirSync(join(userDir, 'node_modules', '@gatewise'), { recursive: true });
  symlinkSync(PACKAGE_ROOT, join(userDir, 'node_modules', '@gatewise', 'n8n-nodes-china-sms'), 'dir');
  // Node-RED keeps credentials apart from flows (flows_cred.json, plain when credentialSecret is false).
  const flows = demoFlows(sandbox) as Array<{ id: string; credentials?: Record<string, string> }>;
  const credentials = Object.fromEntries(flows.filter((n) => n.credentials).map((n) => [n.id, n.credentials]));
  writeFileSync(join(userDir, 'flows.json'), JSON.stringify(flows.map(({ credentials: _omit, ...node }) => node)));
  writeFileSync(join(userDir, 'flows_cred.json'), JSON.stringify(credentials));
  const app = express();
  const server: Server = createServer(app);
  RED.init(server, {
    userDir,
    flowFile: 'flows.json',
    httpAdminRoot: '/',
    httpNodeRoot: '/',
    uiHost: '127.0.0.1',
    credentialSecret: false,
    logging: { console: { level: process.env.CHINA_SMS_DEMO_LOG ?? 'error' } },
    editorTheme: { tours: false, projects: { enabled: false } },
    // No update-notification prompt and no call home from a demo.
    diagnostics: { enabled: false },
    telemetry: { enabled: false },
    functionGlobalContext: {},
  });
  app.use('/', RED.httpAdmin);
  app.use('/', RED.httpNode);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  if (onMessage) {
    RED.hooks.add('onReceive.chinaSmsCheck', (event: any) => {
      onMessage(event.destination.id, event.msg);
    });
  }
  await RED.start();
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    async stop() {
      await RED.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      rmSync(userDir, { recursive: true, force: true });
    },
  };
}

function nodeRedAvailable(): boolean {
  try {
    require.resolve('node-red');
    require.resolve('express');
    return true;
  } catch {
    return false;
  }
}

export async function runDemo(options: DemoOptions = {}): Promise<number> {
  const check = options.check === true;
  const sandbox = await startSandbox({ port: options.port ?? (check ? 0 : 4010), reportDelayMs: check ? 300 : 1500, quiet: check });
  const say = (line: string) => {
    if (!check) console.log(line);
  };
  try {
    if (!nodeRedAvailable()) {
      say('Node-RED is not installed here (it is a development dependency): running the loop with the driver alone.');
      return await driverLoop(sandbox, check);
    }
    const seen: Array<{ node: string; msg: any }> = [];
    const editor = await startNodeRed(sandbox, options.editorPort ?? (check ? 0 : 1880), check ? (node, msg) => seen.push({ node, msg }) : undefined);
    // The demo account pushes its reports and replies to the flow's push receiver.
    sandbox.state.account('smsaspx', 'demo')!.pushUrl = `${editor.url}/push/smsaspx`;
    if (!check) {
      console.log('');
      console.log(`  Flow editor (Node-RED):  ${editor.url}/`);
      console.log(`  Virtual phones:          ${sandbox.url}/`);
      console.log('');
      console.log('  In the editor, click the button of "Send verification code", open the debug pane,');
      console.log(`  and watch the SMS reach ${DEMO_PHONE} on the virtual phones; the delivery report comes`);
      console.log('  back into the debug pane; type a reply on the phone and it arrives there too.');
      console.log('  Press Ctrl+C to stop.');
      const stop = () => void editor.stop().then(() => sandbox.close()).then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      return -1;
    }
    try {
      return await checkLoop(sandbox, editor.url, seen);
    } finally {
      await editor.stop();
    }
  } finally {
    if (check) await sandbox.close();
  }
}

/** The visitor's path, headless: inject, phone, report, reply, each seen in the flow. */
async function checkLoop(sandbox: Sandbox, editorUrl: string, seen: Array<{ node: string; msg: any }>): Promise<number> {
  try {
    // Flows start a moment after the runtime: until then the inject button answers 404.
    const injected = await waitFor(async () => {
      const response = await fetch(`${editorUrl}/inject/inj1`, { method: 'POST' });
      return response.status === 404 ? undefined : response;
    });
    if (!injected.ok) throw new Error(`the editor refused the inject (HTTP ${injected.status})`);
    const message = await waitFor(async () => sandbox.state.messages.find((m) => m.mobile === DEMO_PHONE && m.vendor === 'smsaspx'));
    const sent = await waitFor(async () => seen.find((s) => s.node === 'dbg1')?.msg);
    if (sent.payload?.accepted !== 1) throw new Error(`the send node reported ${JSON.stringify(sent.payload)}`);
    const report = await waitFor(async () => seen.find((s) => s.node === 'dbg2' && s.msg.topic === 'deliveryReports' && s.msg.payload?.mobile === DEMO_PHONE)?.msg);
    await fetch(`${sandbox.url}/admin/reply`, { method: 'POST', body: JSON.stringify({ vendor: 'smsaspx', login: 'demo', mobile: DEMO_PHONE, content: '收到，谢谢' }) });
    const reply = await waitFor(async () => seen.find((s) => s.node === 'dbg2' && s.msg.topic === 'inboundMessages')?.msg);
    const ok = message.content.includes('4821') && report.payload.status === 'delivered' && reply.payload.content === '收到，谢谢';
    console.log(ok ? 'PASS: Node-RED sent the SMS, the phone got it, and the delivery report and the reply came back into the flow' : 'FAIL: the round trip did not complete');
    return ok ? 0 : 1;
  } catch (error) {
    console.log(`FAIL: ${error instanceof GatewayError ? JSON.stringify(error.toJSON()) : (error as Error).message}`);
    return 1;
  }
}

/** Without Node-RED: the same loop through the driver. */
async function driverLoop(sandbox: Sandbox, check: boolean): Promise<number> {
  const client = new SmsAspxClient({ baseUrl: sandbox.baseUrls.smsaspx, account: 'demo', password: 'demo123', userId: '1001' });
  try {
    const sent = await client.sendSms({ recipients: DEMO_PHONE, content: '您的验证码是 4821，5 分钟内有效。【沙箱演示】' });
    const report = await waitFor(async () => (await client.deliveryReports()).find((r) => r.batchId === sent.batchId));
    if (check) await fetch(`${sandbox.url}/admin/reply`, { method: 'POST', body: JSON.stringify({ vendor: 'smsaspx', mobile: DEMO_PHONE, content: '收到，谢谢' }) });
    else console.log(`Type a reply on ${DEMO_PHONE} at ${sandbox.url}/ ...`);
    const reply = await waitFor(async () => (await client.inboundMessages())[0], check ? 10_000 : 600_000);
    const ok = sent.accepted === 1 && report.status === 'delivered' && reply.content.length > 0;
    console.log(ok ? 'PASS: sent, delivered and replied through the sandbox' : 'FAIL: the round trip did not complete');
    return ok ? 0 : 1;
  } catch (error) {
    console.log(`FAIL: ${(error as Error).message}`);
    return 1;
  }
}

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`nothing arrived within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
