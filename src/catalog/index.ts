/**
 * Every vendor the product speaks, as the hosts see them. Importing this loads no
 * protocol-specific heavy dependency (SOAP, DES, iconv load on first use).
 */
import type { VendorId } from '../core/model';
import { emayVendor } from '../core/vendors/emay/operations';
import { mmsAspxVendor } from '../core/vendors/mmsaspx/operations';
import { mobsetVendor } from '../core/vendors/mobset/operations';
import { smsAspxVendor } from '../core/vendors/smsaspx/operations';
import { erased, type Operation, type VendorEntry } from './types';

export const VENDORS: Partial<Record<VendorId, VendorEntry<unknown>>> = {
  smsaspx: erased(smsAspxVendor),
  mmsaspx: erased(mmsAspxVendor),
  mobset: erased(mobsetVendor),
  emay: erased(emayVendor),
};

export function vendor(id: VendorId): VendorEntry<unknown> {
  const entry = VENDORS[id];
  if (!entry) throw new Error(`Unknown vendor ${id}`);
  return entry;
}

export function findOperation(id: VendorId, resource: string, name: string): Operation<unknown> {
  const op = vendor(id).operations.find((o) => o.resource === resource && o.name === name);
  if (!op) throw new Error(`${id} has no operation ${resource}.${name}`);
  return op;
}

export * from './types';
export { validateField, validateInput, runOperation } from './validate';
export { RECIPIENTS_OUTPUT, sendOutputOf, shapeSendResult, type RecipientsOutput, type SendOutput } from './output';
