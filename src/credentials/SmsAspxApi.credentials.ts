import type { ICredentialType, INodeProperties } from 'n8n-workflow';
import { smsAspxVendor } from '../core/vendors/smsaspx/operations';
import { erased } from '../catalog/types';
import { credentialProperties } from '../nodes/shared/description';

export class SmsAspxApi implements ICredentialType {
  name = 'smsAspxApi';

  displayName = 'SMS Aspx Platform API';

  documentationUrl = 'https://www.npmjs.com/package/@gatewise/n8n-nodes-china-sms';

  icon = { light: 'file:../nodes/SmsAspx/smsaspx.svg', dark: 'file:../nodes/SmsAspx/smsaspx.dark.svg' } as const;

  properties: INodeProperties[] = credentialProperties(erased(smsAspxVendor));
}
