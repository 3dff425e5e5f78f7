/**
 * What a person sees: the visitor's path through the real Node-RED editor and the virtual
 * phones page, and every node's edit dialog in Chinese. Debian's Chromium, driven by
 * playwright-core; the screenshots are the ones in the README. CI installs Chromium first
 * (scripts/ensure-chromium.sh) and sets REQUIRE_BROWSER=1, so there this cannot be skipped.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- the page's RED global is untyped */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startNodeRed } from '../../src/demo';
import { startSandbox, type Sandbox } from '../../src/sandbox/server';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available && process.env.REQUIRE_BROWSER) throw new Error(`REQUIRE_BROWSER is set but ${CHROMIUM} is missing: run scripts/ensure-chromium.sh`);
const describeBrowser = available ? describe : describe.skip;
const SHOTS = join(__dirname, '..', '..', 'docs', 'screenshots');

describeBrowser('in the browser', () => {
  let sandbox: Sandbox;
  let editor: { url: string; stop(): Promise<void> };
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    sandbox = await startSandbox({ quiet: true, reportDelayMs: 800 });
    editor = await startNodeRed(sandbox, 0);
    sandbox.state.account('smsaspx', 'demo')!.pushUrl = `${editor.url}/push/smsaspx`;
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await editor?.stop();
    await sandbox?.close();
  });

  async function openEditor(locale: string): Promise<Page> {
    const context = await browser.newContext({ locale, viewport: { width: 1400, height: 860 } });
    const page = await context.newPage();
    await page.goto(`${editor.url}/`);
    await page.waitForFunction(() => (window as any).RED?.nodes?.node?.('inj1'), undefined, { timeout: 30_000 });
    // Dismiss anything that covers the workspace on first start.
    await page.keyboard.press('Escape');
    return page;
  }

  test('the visitor\'s path: Inject in the editor, the SMS on the phone, the report and the reply in the debug pane', async () => {
    const page = await openEditor('en-US');
    await page.evaluate(() => (window as any).RED.sidebar.show('debug'));
    await page.locator('#inj1 .red-ui-flow-node-button').click();
    const phones = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: 1300, height: 760 } })).newPage();
    await phones.goto(`${sandbox.url}/`);
    const phone = phones.locator('.phone[data-mobile="13912345678"]');
    await phone.waitFor({ timeout: 15_000 });
    await phone.locator('.st-delivered').waitFor({ timeout: 15_000 });
    await phone.locator('input[name="content"]').fill('收到，谢谢');
    await phone.locator('form.reply button').click();
    await phone.locator('.bubble.out', { hasText: '收到，谢谢' }).waitFor({ timeout: 10_000 });
    await phones.screenshot({ path: join(SHOTS, 'phones.png') });
    const debug = page.locator('.red-ui-debug-msg');
    await debug.filter({ hasText: 'deliveryReports' }).first().waitFor({ timeout: 15_000 });
    await debug.filter({ hasText: '收到，谢谢' }).first().waitFor({ timeout: 15_000 });
    await page.screenshot({ path: join(SHOTS, 'editor-debug.png') });
    // The same reply is what the vendor's MO interface would have given: it came through the push.
    expect(sandbox.state.inbound.some((m) => m.content === '收到，谢谢' && m.handedOut)).toBe(true);
  }, 90_000);

  test.each([
    ['china-sms-gateway', 'gw_aspx', '服务商'],
    ['china-sms', 'send1', '网关'],
    ['china-sms-poll', 'poll1', '间隔（秒）'],
    ['china-sms-push', 'push1', 'URL 路径'],
  ])('the %s edit dialog renders its fields and help in zh-CN', async (type, id, label) => {
    const page = await openEditor('zh-CN');
    await page.evaluate((nodeId) => {
      const RED = (window as any).RED;
      const node = RED.nodes.node(nodeId);
      if (node._def.category === 'config') RED.editor.editConfig('', node.type, node.id);
      else RED.editor.edit(node);
    }, id);
    const tray = page.locator('.red-ui-tray').last();
    await tray.waitFor({ timeout: 10_000 });
    await tray.locator('label', { hasText: label }).first().waitFor({ timeout: 10_000 });
    const visibleLabels = await tray.locator('.form-row:visible label').allInnerTexts();
    expect(visibleLabels.filter((t) => t.trim() !== '').length).toBeGreaterThan(1);
    expect(visibleLabels.join(' ')).not.toMatch(/china-sms\.(label|field|setting)\./);
    // The example's send node was saved without a raw property: its replies stay on, and the
    // box says so (unticked, saving the node would turn them off).
    if (type === 'china-sms') {
      expect(await tray.locator('#node-input-raw').isChecked()).toBe(true);
      expect(await tray.locator('#node-input-recipientsOutput').inputValue()).toBe('all');
      expect(await tray.locator('#node-input-recipientsOutput option').allInnerTexts()).toEqual(['全部', '仅未受理的', '不列出（仅计数）']);
    }
    await page.evaluate((nodeType) => (window as any).RED.sidebar.help.show(nodeType), type);
    const helpPanel = page.locator('.red-ui-sidebar-help-stack');
    await page.waitForFunction(() => /[\u4e00-\u9fa5]{6,}/.test(document.querySelector('.red-ui-sidebar-help-stack')?.textContent ?? ''), undefined, { timeout: 10_000 });
    const help = (await helpPanel.textContent()) ?? '';
    expect(help.length).toBeGreaterThan(40);
    await page.screenshot({ path: join(SHOTS, `editor-${type}-zh-CN.png`) });
    await page.context().close();
  }, 60_000);
});
