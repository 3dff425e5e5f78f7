import { erased } from '../../catalog/types';
import { emayVendor } from '../../core/vendors/emay/operations';
import { webhookTrigger } from '../shared/nodes';
import { EMAY_NODE } from './Emay.node';

export class EmayPushTrigger extends webhookTrigger(erased(emayVendor), EMAY_NODE) {}
