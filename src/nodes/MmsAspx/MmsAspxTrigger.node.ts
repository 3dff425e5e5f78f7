import { erased } from '../../catalog/types';
import { mmsAspxVendor } from '../../core/vendors/mmsaspx/operations';
import { pollingTrigger } from '../shared/nodes';
import { MMSASPX_NODE } from './MmsAspx.node';

export class MmsAspxTrigger extends pollingTrigger(erased(mmsAspxVendor), MMSASPX_NODE) {}
