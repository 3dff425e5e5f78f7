import type { ICredentialType, INodeProperties } from 'n8n-workflow';
import { emayVendor } from '../core/vendors/emay/operations';
import { erased } from '../catalog/types';
import { credentialProperties } from '../nodes/shared/description';

export class EmayApi implements ICredentialType {
  name = 'emayApi';

  displayName = 'Emay API';

  documentationUrl = 'https://www.npmjs.com/package/@gatewise/n8n-nodes-china-sms';

  icon = { light: 'file:../nodes/Emay/emay.svg', dark: 'file:../nodes/Emay/emay.dark.svg' } as const;

  properties: INodeProperties[] = credentialProperties(erased(emayVendor));
}
