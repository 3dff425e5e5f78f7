/**
 * Runs our n8n nodes the way n8n calls them: execute(), poll() and webhook() with `this`
 * implementing the n8n-workflow function interfaces our nodes use. Parameters not given
 * take the defaults from the node's own description, as the n8n editor would.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IDataObject, INodeExecutionData, INodeProperties, INodeType } from 'n8n-workflow';

export interface RunOptions {
  parameters: IDataObject;
  credentials: IDataObject;
  items?: INodeExecutionData[];
  continueOnFail?: boolean;
}

function defaults(node: INodeType, parameters: IDataObject): IDataObject {
  const out: IDataObject = {};
  const visible = (p: INodeProperties) => {
    const show = p.displayOptions?.show;
    if (!show) return true;
    return Object.entries(show).every(([key, values]) => (values as unknown[]).includes(parameters[key] ?? out[key]));
  };
  for (const property of node.description.properties) {
    if (property.type === 'notice') continue;
    if (!(property.name in out) && visible(property)) out[property.name] = property.default as IDataObject[string];
  }
  return { ...out, ...parameters };
}

function parameterGetter(node: INodeType, parameters: IDataObject) {
  const all = defaults(node, parameters);
  return (name: string, _itemIndex?: number, fallback?: unknown) => {
    if (name in all && all[name] !== undefined) return all[name];
    if (fallback !== undefined) return fallback;
    throw new Error(`Could not get parameter "${name}"`);
  };
}

const fakeNode = (node: INodeType) => ({ id: 'n1', name: node.description.displayName, type: node.description.name, typeVersion: 1, position: [0, 0] as [number, number], parameters: {} });

export async function execute(node: INodeType, options: RunOptions): Promise<INodeExecutionData[]> {
  const getNodeParameter = parameterGetter(node, options.parameters);
  const items = options.items ?? [{ json: {} }];
  const context = {
    getInputData: () => items,
    getNodeParameter,
    getCredentials: async () => options.credentials,
    continueOnFail: () => options.continueOnFail ?? false,
    getNode: () => fakeNode(node),
    helpers: {
      assertBinaryData: (itemIndex: number, name: string) => {
        const binary = items[itemIndex].binary?.[name];
        if (!binary) throw new Error(`no binary ${name}`);
        return binary;
      },
      getBinaryDataBuffer: async (itemIndex: number, name: string) => Buffer.from(items[itemIndex].binary![name].data, 'base64'),
    },
  };
  const result = await node.execute!.call(context as never);
  return (result as INodeExecutionData[][])[0];
}

export function pollContext(node: INodeType, options: { parameters: IDataObject; credentials: IDataObject; mode?: 'manual' | 'trigger'; staticData?: IDataObject }) {
  const staticData = options.staticData ?? {};
  const warnings: string[] = [];
  return {
    staticData,
    warnings,
    context: {
      getNodeParameter: parameterGetter(node, options.parameters),
      getCredentials: async () => options.credentials,
      getMode: () => options.mode ?? 'trigger',
      getWorkflowStaticData: () => staticData,
      getNode: () => fakeNode(node),
      logger: { warn: (m: string) => warnings.push(m), info: () => undefined, debug: () => undefined, error: () => undefined },
    },
  };
}

/** A real HTTP endpoint that hands each request to the node's webhook(), as n8n's router does. */
export async function serveWebhook(node: INodeType, credentials: IDataObject): Promise<{ url: string; server: Server; emitted: INodeExecutionData[][]; staticData: IDataObject }> {
  const emitted: INodeExecutionData[][] = [];
  const staticData: IDataObject = {};
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const request = Object.assign(req, { rawBody: Buffer.concat(chunks) });
      const response = {
        statusCode: 200,
        status(code: number) {
          this.statusCode = code;
          return this;
        },
        type(contentType: string) {
          res.setHeader('content-type', contentType);
          return this;
        },
        send(body: string) {
          res.writeHead(this.statusCode).end(body);
          return this;
        },
      };
      const context = {
        getRequestObject: () => request,
        getResponseObject: () => response,
        getCredentials: async () => credentials,
        getWorkflowStaticData: () => staticData,
        getNode: () => fakeNode(node),
        logger: { warn: () => undefined, info: () => undefined },
      };
      try {
        const out = await node.webhook!.call(context as never);
        if (out.workflowData) emitted.push(...(out.workflowData as INodeExecutionData[][]));
      } catch (error) {
        res.writeHead(500).end(String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`, server, emitted, staticData };
}
