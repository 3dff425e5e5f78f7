import { erased } from '../../catalog/types';
import { smsAspxVendor } from '../../core/vendors/smsaspx/operations';
import { webhookTrigger } from '../shared/nodes';
import { SMSASPX_NODE } from './SmsAspx.node';

export class SmsAspxPushTrigger extends webhookTrigger(erased(smsAspxVendor), SMSASPX_NODE) {}
