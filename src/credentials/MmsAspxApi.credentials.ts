import type { ICredentialType, INodeProperties } from 'n8n-workflow';
import { mmsAspxVendor } from '../core/vendors/mmsaspx/operations';
import { erased } from '../catalog/types';
import { credentialProperties } from '../nodes/shared/description';

export class MmsAspxApi implements ICredentialType {
  name = 'mmsAspxApi';

  displayName = 'MMS Aspx Platform API';

  documentationUrl = 'https://www.npmjs.com/package/@gatewise/n8n-nodes-china-sms';

  icon = { light: 'file:../nodes/MmsAspx/mmsaspx.svg', dark: 'file:../nodes/MmsAspx/mmsaspx.dark.svg' } as const;

  properties: INodeProperties[] = credentialProperties(erased(mmsAspxVendor));
}
