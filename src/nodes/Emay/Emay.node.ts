import { erased } from '../../catalog/types';
import { emayVendor } from '../../core/vendors/emay/operations';
import { actionNode } from '../shared/nodes';

export const EMAY_NODE = { name: 'emay', displayName: 'Emay', credential: 'emayApi', icon: 'emay', description: 'Emay (亿美软通) SMS, templates and short links' };

export class Emay extends actionNode(erased(emayVendor), EMAY_NODE) {}
