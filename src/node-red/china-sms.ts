/**
 * Node-RED runtime for every vendor: a gateway config node (vendor, settings, secrets as
 * credentials), an action node over the operation catalog, a poller for reports and
 * replies, and a push receiver. The editor and locales are generated from the same catalog
 * (see editor.ts).
 */
import type { IncomingMessage } from 'node:http';
import type { Feed, Operation, VendorEntry } from '../catalog/types';
import { runOperation } from '../catalog/validate';
import { sendOutputOf, shapeSendResult } from '../catalog/output';
import { GatewayError } from '../core/errors';
import type { DeliveryReport, InboundMessage } from '../core/model';
import { fill, UI } from './texts';
import { gatewayCredentials, gatewayFieldNames, POLL_MAX_SECONDS, POLL_MIN_SECONDS, SECRET_FIELDS } from './gateway';

/* eslint-disable @typescript-eslint/no-explicit-any -- Node-RED's runtime API is untyped here */
type RED = any;
type NodeInstance = any;
type Msg = Record<string, any>;

const STATUS_MAX = 20;
const SEEN_LIMIT = 5000;

function short(text: string): string {
  return text.length > STATUS_MAX ? `${text.slice(0, STATUS_MAX - 1)}…` : text;
}

/** The error a Catch node sees: the core's message and codes, never a secret. */
function errorFor(error: unknown): Error {
  if (error instanceof GatewayError) {
    const out = new Error(error.message) as Error & Record<string, unknown>;
    Object.assign(out, error.toJSON());
    return out;
  }
  return error instanceof Error ? error : new Error(String(error));
}

function evaluate(RED: RED, node: NodeInstance, msg: Msg, value: unknown, type: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    if (value === undefined || value === '' || type === undefined || type === '') {
      resolve(undefined);
      return;
    }
    RED.util.evaluateNodeProperty(value, type, node, msg, (error: Error | null, result: unknown) => (error ? reject(error) : resolve(result)));
  });
}

function findOperation(entry: VendorEntry<unknown>, id: string): Operation<unknown> | undefined {
  const [resource, name] = String(id ?? '').split('.');
  return entry.operations.find((o) => o.resource === resource && o.name === name);
}

/** A bounded set of seen report and reply ids, kept in the node's context. */
function freshOnly<T extends DeliveryReport | InboundMessage>(node: NodeInstance, items: T[]): T[] {
  const context = node.context();
  const seen: string[] = context.get('seen') ?? [];
  const known = new Set(seen);
  const fresh = items.filter((item) => {
    const id =
      'status' in item
        ? ['r', item.messageId ?? item.batchId ?? '', item.customId ?? '', item.mobile, item.vendorStatus, item.deliveredAt?.getTime() ?? ''].join('|')
        : ['m', item.messageId ?? '', item.mobile, item.receivedAt?.getTime() ?? '', item.content].join('|');
    if (known.has(id)) return false;
    known.add(id);
    seen.push(id);
    return true;
  });
  context.set('seen', seen.slice(-SEEN_LIMIT));
  return fresh;
}

function readRaw(req: IncomingMessage & { body?: unknown; _body?: boolean }): Promise<Buffer> {
  // A body parser mounted before us may have consumed the stream: rebuild from what it parsed.
  if (req._body || req.readableEnded) {
    const body = req.body;
    if (Buffer.isBuffer(body)) return Promise.resolve(body);
    if (typeof body === 'string') return Promise.resolve(Buffer.from(body, 'utf8'));
    if (body && typeof body === 'object') return Promise.resolve(Buffer.from(new URLSearchParams(body as Record<string, string>).toString(), 'utf8'));
    return Promise.resolve(Buffer.alloc(0));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > 10 * 1024 * 1024) {
        reject(new Error('push body too large'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export = function register(RED: RED): void {
  // Status texts in the runtime's language (en-US or zh-CN locales beside this file).
  const t = (key: string, values?: Record<string, unknown>): string => {
    const translated = RED._(`china-sms.${key}`, values);
    return translated === `china-sms.${key}` && UI[key] ? fill(UI[key].en, values) : translated;
  };

  function GatewayNode(this: NodeInstance, config: Record<string, unknown>) {
    RED.nodes.createNode(this, config);
    this.name = config.name;
    this.vendor = config.vendor;
    this.settings = {};
    for (const name of gatewayFieldNames()) if (!SECRET_FIELDS.includes(name)) this.settings[name] = config[name];
    // One client per deployed gateway: its keep-alive pool is shared by every node using it.
    let client: unknown;
    this.client = () => {
      if (!client) {
        const { entry, settings } = gatewayCredentials(this);
        client = entry.createClient(settings);
      }
      return client;
    };
    this.entry = () => gatewayCredentials(this).entry;
  }
  RED.nodes.registerType('china-sms-gateway', GatewayNode, {
    credentials: { password: { type: 'password' }, secretKey: { type: 'password' } },
  });

  function ActionNode(this: NodeInstance, config: Record<string, any>) {
    RED.nodes.createNode(this, config);
    const node = this;
    const gateway = RED.nodes.getNode(config.gateway);
    node.status({});
    node.on('input', async (msg: Msg, send: (m: Msg) => void, done: (e?: Error) => void) => {
      try {
        if (!gateway) throw new GatewayError('gateway: choose a gateway configuration', { kind: 'configuration', field: 'gateway', rule: 'is required' });
        const entry: VendorEntry<unknown> = gateway.entry();
        // The operation is the node's own: msg.sms of an upstream china-sms node carries its
        // operation too, and a chain must not repeat it.
        const opId = config.operation;
        const op = findOperation(entry, opId);
        if (!op) throw new GatewayError(`operation: ${entry.label.en} has no operation ${opId}`, { kind: 'validation', field: 'operation', rule: 'must be an operation of the gateway\'s vendor' });
        const input: Record<string, unknown> = {};
        for (const field of op.fields) {
          let value = await evaluate(RED, node, msg, config[`f_${field.name}`], config[`f_${field.name}Type`]);
          if (value === undefined && msg.sms && field.name in msg.sms) value = msg.sms[field.name];
          if (value === undefined && field.name === 'content' && typeof msg.payload === 'string') value = msg.payload;
          if (value !== undefined) input[field.name] = value;
        }
        const preview = msg.sms?.preview ?? config.preview;
        if (op.sends && (preview === true || preview === 'true')) input.preview = true;
        const output = sendOutputOf(op.sends, { raw: msg.sms?.raw ?? config.raw, recipients: msg.sms?.recipientsOutput ?? config.recipientsOutput });
        node.status({ fill: 'blue', shape: 'dot', text: short(t('status.working')) });
        const result = await runOperation(op, gateway.client(), input, {
          rawReplies: output.rawReplies,
          onProgress: (sent: number, total: number) => node.status({ fill: 'blue', shape: 'dot', text: short(t('status.progress', { sent, total })) }),
        });
        const accepted = (result as { accepted?: number })?.accepted;
        const summary = input.preview ? t('status.preview') : accepted !== undefined ? t('status.accepted', { count: accepted }) : Array.isArray(result) ? t('status.items', { count: result.length }) : t('status.done');
        node.status({ fill: 'green', shape: 'dot', text: short(`${summary} ${new Date().toTimeString().slice(0, 5)}`) });
        msg.payload = shapeSendResult(result, output);
        msg.sms = { vendor: entry.id, operation: `${op.resource}.${op.name}`, preview: input.preview === true };
        send(msg);
        done();
      } catch (error) {
        const code = error instanceof GatewayError ? error.vendorCode ?? error.kind : 'error';
        node.status({ fill: 'red', shape: 'ring', text: short(String(code)) });
        done(errorFor(error));
      }
    });
  }
  RED.nodes.registerType('china-sms', ActionNode);

  function PollNode(this: NodeInstance, config: Record<string, any>) {
    RED.nodes.createNode(this, config);
    const node = this;
    const gateway = RED.nodes.getNode(config.gateway);
    const seconds = Math.min(POLL_MAX_SECONDS, Math.max(POLL_MIN_SECONDS, Number(config.interval) || 60));
    let timer: NodeJS.Timeout | undefined;
    let closing = false;
    let running: Promise<void> | undefined;

    const poll = async (msgIn?: Msg) => {
      if (!gateway) {
        node.status({ fill: 'red', shape: 'ring', text: short(t('status.noGateway')) });
        return;
      }
      const entry: VendorEntry<unknown> = gateway.entry();
      const feed: Feed | undefined = entry.feeds.find((f) => f.name === config.feed) ?? entry.feeds[0];
      if (!feed) return;
      node.status({ fill: 'blue', shape: 'dot', text: short(t('status.polling')) });
      try {
        const { items, error } = await feed.drain(gateway.client(), { maxCalls: 20 });
        const fresh = closing ? [] : freshOnly(node, items);
        for (const item of fresh) node.send({ ...(msgIn ?? {}), topic: feed.name, payload: item });
        if (error) node.error(errorFor(error), msgIn ?? {});
        node.status({ fill: error ? 'yellow' : 'green', shape: 'dot', text: short(`${t('status.new', { count: fresh.length })} ${new Date().toTimeString().slice(0, 5)}`) });
      } catch (error) {
        node.status({ fill: 'red', shape: 'ring', text: short(String(error instanceof GatewayError ? error.vendorCode ?? error.kind : 'error')) });
        node.error(errorFor(error), msgIn ?? {});
      }
    };

    const schedule = () => {
      if (closing || config.mode === 'input') return;
      timer = setTimeout(() => {
        running = poll().finally(() => {
          running = undefined;
          schedule();
        });
      }, seconds * 1000);
    };

    node.on('input', (msg: Msg, _send: unknown, done: () => void) => {
      running = poll(msg).finally(() => {
        running = undefined;
        done();
      });
    });
    // A Node-RED close handler with two parameters is awaited through `done`; an async one is not.
    node.on('close', (_removed: boolean, done: () => void) => {
      closing = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      (running ?? Promise.resolve()).finally(() => done());
    });
    schedule();
  }
  RED.nodes.registerType('china-sms-poll', PollNode);

  function PushNode(this: NodeInstance, config: Record<string, any>) {
    RED.nodes.createNode(this, config);
    const node = this;
    const gateway = RED.nodes.getNode(config.gateway);
    const path = `/${String(config.path || 'china-sms/push').replace(/^\/+/, '')}`;
    const handler = async (req: IncomingMessage & { headers: Record<string, string> }, res: { status(c: number): any; type(t: string): any; send(b: string): any }) => {
      let push;
      try {
        if (!gateway) throw new Error('no gateway');
        const { entry, settings } = gatewayCredentials(gateway);
        if (!entry.push) throw new Error(`${entry.label.en} does not push`);
        push = entry.push;
        const decoded = entry.push.decode({ body: await readRaw(req), headers: req.headers }, settings);
        const fresh = freshOnly(node, [...decoded.reports, ...decoded.inbound]);
        res.status(200).type('text/plain').send(entry.push.accepted);
        for (const item of fresh) node.send({ topic: 'status' in item ? 'deliveryReports' : 'inboundMessages', payload: item });
        node.status({ fill: 'green', shape: 'dot', text: short(`${t('status.received', { count: fresh.length })} ${new Date().toTimeString().slice(0, 5)}`) });
      } catch (error) {
        res.status(200).type('text/plain').send(push?.retry ?? 'error');
        node.status({ fill: 'red', shape: 'ring', text: short(t('status.refused')) });
        node.warn(`push refused: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    RED.httpNode.post(path, handler);
    node.on('close', (_removed: boolean, done: () => void) => {
      // Remove our route, or a redeployed flow would keep calling this dead node.
      const router = RED.httpNode._router;
      if (router?.stack) {
        router.stack = router.stack.filter((layer: any) => !(layer.route && layer.route.path === path && layer.route.methods.post && layer.route.stack.some((s: any) => s.handle === handler)));
      }
      done();
    });
  }
  RED.nodes.registerType('china-sms-push', PushNode);
};
