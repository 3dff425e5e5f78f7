import { erased } from '../../catalog/types';
import { mobsetVendor } from '../../core/vendors/mobset/operations';
import { pollingTrigger } from '../shared/nodes';
import { MOBSET_NODE } from './Mobset.node';

export class MobsetTrigger extends pollingTrigger(erased(mobsetVendor), MOBSET_NODE) {}
