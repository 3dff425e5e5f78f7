/**
 * The n8n node classes of a vendor, built from its catalog entry: an action node, a polling
 * trigger, and (where the vendor pushes) a webhook trigger. Each vendor folder exports them
 * under the names n8n expects; nothing vendor-specific is written here.
 */
import {
  type ICredentialDataDecryptedObject,
  type ICredentialsDecrypted,
  type ICredentialTestFunctions,
  type IExecuteFunctions,
  type INodeType,
  type INodeTypeDescription,
  type IPollFunctions,
  type IWebhookFunctions,
  NodeConnectionTypes,
} from 'n8n-workflow';
import type { VendorEntry } from '../../catalog/types';
import { nodeProperties } from './description';
import { executeVendorNode, testCredentials } from './execute';
import { feedProperty, pollVendor, receivePush } from './triggers';

export interface VendorNodeMeta {
  /** n8n type name, e.g. `mobset`. */
  name: string;
  displayName: string;
  credential: string;
  icon: string;
  description: string;
}

function icon(meta: VendorNodeMeta): INodeTypeDescription['icon'] {
  return { light: `file:${meta.icon}.svg`, dark: `file:${meta.icon}.dark.svg` };
}

export function actionNode(entry: VendorEntry<unknown>, meta: VendorNodeMeta): new () => INodeType {
  const testName = `${meta.credential}Test`;
  return class implements INodeType {
    description: INodeTypeDescription = {
      displayName: meta.displayName,
      name: meta.name,
      icon: icon(meta),
      group: ['output'],
      version: 1,
      subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
      description: meta.description,
      defaults: { name: meta.displayName },
      inputs: [NodeConnectionTypes.Main],
      outputs: [NodeConnectionTypes.Main],
      usableAsTool: true,
      credentials: [{ name: meta.credential, required: true, testedBy: testName }],
      properties: nodeProperties(entry),
    };

    methods = {
      credentialTest: {
        [testName](this: ICredentialTestFunctions, credential: ICredentialsDecrypted<ICredentialDataDecryptedObject>) {
          return testCredentials.call(this, entry, credential);
        },
      },
    };

    async execute(this: IExecuteFunctions) {
      return executeVendorNode.call(this, entry, meta.credential);
    }
  };
}

export function pollingTrigger(entry: VendorEntry<unknown>, meta: VendorNodeMeta): new () => INodeType {
  return class implements INodeType {
    description: INodeTypeDescription = {
      displayName: `${meta.displayName} Trigger`,
      name: `${meta.name}Trigger`,
      icon: icon(meta),
      group: ['trigger'],
      version: 1,
      subtitle: '={{$parameter["event"]}}',
      description: `Starts the workflow on new delivery reports or replies polled from ${meta.displayName}`,
      defaults: { name: `${meta.displayName} Trigger` },
      polling: true,
      inputs: [],
      outputs: [NodeConnectionTypes.Main],
      credentials: [{ name: meta.credential, required: true }],
      properties: [
        feedProperty(entry),
        {
          displayName: 'Each report and reply is handed out by the gateway only once: run one poller per account, and manual runs show a sample instead of taking them.',
          name: 'notice',
          type: 'notice',
          default: '',
        },
      ],
    };

    async poll(this: IPollFunctions) {
      return pollVendor.call(this, entry, meta.credential);
    }
  };
}

export function webhookTrigger(entry: VendorEntry<unknown>, meta: VendorNodeMeta): new () => INodeType {
  return class implements INodeType {
    description: INodeTypeDescription = {
      displayName: `${meta.displayName} Push Trigger`,
      name: `${meta.name}PushTrigger`,
      icon: icon(meta),
      group: ['trigger'],
      version: 1,
      description: `Receives delivery reports and replies that ${meta.displayName} pushes to this workflow's URL`,
      defaults: { name: `${meta.displayName} Push Trigger` },
      inputs: [],
      outputs: [NodeConnectionTypes.Main],
      credentials: [{ name: meta.credential, required: true }],
      webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: meta.name }],
      properties: [
        {
          displayName: 'Give the production URL above to the vendor (console or account manager); it answers exactly what the vendor expects once the push is decoded.',
          name: 'notice',
          type: 'notice',
          default: '',
        },
      ],
    };

    // The push URL is set in the vendor's console, not through an API: nothing to create or delete.
    webhookMethods = {
      default: {
        async checkExists() {
          return true;
        },
        async create() {
          return true;
        },
        async delete() {
          return true;
        },
      },
    };

    async webhook(this: IWebhookFunctions) {
      return receivePush.call(this, entry, meta.credential);
    }
  };
}
