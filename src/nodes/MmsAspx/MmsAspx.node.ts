import { erased } from '../../catalog/types';
import { mmsAspxVendor } from '../../core/vendors/mmsaspx/operations';
import { actionNode } from '../shared/nodes';

export const MMSASPX_NODE = { name: 'mmsAspx', displayName: 'MMS Aspx Platform', credential: 'mmsAspxApi', icon: 'mmsaspx', description: 'sendmms.aspx MMS platform' };

export class MmsAspx extends actionNode(erased(mmsAspxVendor), MMSASPX_NODE) {}
