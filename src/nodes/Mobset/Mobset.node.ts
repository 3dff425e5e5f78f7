import { erased } from '../../catalog/types';
import { mobsetVendor } from '../../core/vendors/mobset/operations';
import { actionNode } from '../shared/nodes';

export const MOBSET_NODE = { name: 'mobset', displayName: 'Mobset', credential: 'mobsetApi', icon: 'mobset', description: 'Mobset (短信易) SMS, MMS, templates and batch tasks' };

export class Mobset extends actionNode(erased(mobsetVendor), MOBSET_NODE) {}
