import { erased } from '../../catalog/types';
import { smsAspxVendor } from '../../core/vendors/smsaspx/operations';
import { actionNode } from '../shared/nodes';

export const SMSASPX_NODE = { name: 'smsAspx', displayName: 'SMS Aspx Platform', credential: 'smsAspxApi', icon: 'smsaspx', description: 'sms.aspx platform (华信/ipyy and resellers) SMS, MMS and templates' };

export class SmsAspx extends actionNode(erased(smsAspxVendor), SMSASPX_NODE) {}
