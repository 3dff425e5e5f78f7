import type { ICredentialType, INodeProperties } from 'n8n-workflow';
import { mobsetVendor } from '../core/vendors/mobset/operations';
import { erased } from '../catalog/types';
import { credentialProperties } from '../nodes/shared/description';

export class MobsetApi implements ICredentialType {
  name = 'mobsetApi';

  displayName = 'Mobset API';

  documentationUrl = 'https://www.npmjs.com/package/@gatewise/n8n-nodes-china-sms';

  icon = { light: 'file:../nodes/Mobset/mobset.svg', dark: 'file:../nodes/Mobset/mobset.dark.svg' } as const;

  properties: INodeProperties[] = credentialProperties(erased(mobsetVendor));
}
