import { erased } from '../../catalog/types';
import { smsAspxVendor } from '../../core/vendors/smsaspx/operations';
import { pollingTrigger } from '../shared/nodes';
import { SMSASPX_NODE } from './SmsAspx.node';

export class SmsAspxTrigger extends pollingTrigger(erased(smsAspxVendor), SMSASPX_NODE) {}
