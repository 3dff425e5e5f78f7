import { erased } from '../../catalog/types';
import { emayVendor } from '../../core/vendors/emay/operations';
import { pollingTrigger } from '../shared/nodes';
import { EMAY_NODE } from './Emay.node';

export class EmayTrigger extends pollingTrigger(erased(emayVendor), EMAY_NODE) {}
