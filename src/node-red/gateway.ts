/**
 * The gateway config node's settings as a vendor credential: one config node serves every
 * vendor, each reading only its own fields; secrets come from Node-RED credentials.
 */
import { VENDORS } from '../catalog';
import type { VendorEntry } from '../catalog/types';
import { GatewayError } from '../core/errors';
import type { VendorId } from '../core/model';

export const SECRET_FIELDS = ['password', 'secretKey'];
export const POLL_MIN_SECONDS = 10;
export const POLL_MAX_SECONDS = 3600;

/** Every setting any vendor's credential has, by name (one config node serves all vendors). */
export function gatewayFieldNames(): string[] {
  const names = new Set<string>();
  for (const entry of Object.values(VENDORS)) for (const field of entry!.credentialFields) names.add(field.name);
  return [...names];
}

/** `${ENV_NAME}` in a setting reads the environment, as Node-RED users expect. */
function resolveEnv(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const match = /^\$\{(\w+)\}$/.exec(value.trim());
  return match ? process.env[match[1]] ?? '' : value;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a Node-RED config node
export function gatewayCredentials(config: any): { vendor: VendorId; entry: VendorEntry<unknown>; settings: Record<string, unknown> } {
  const vendor = config.vendor as VendorId;
  const entry = VENDORS[vendor];
  if (!entry) throw new GatewayError(`gateway: unknown vendor ${vendor}`, { kind: 'configuration', field: 'vendor', rule: 'must be one of mobset, emay, smsaspx, mmsaspx' });
  const settings: Record<string, unknown> = {};
  for (const field of entry.credentialFields) {
    const raw = SECRET_FIELDS.includes(field.name) ? config.credentials?.[field.name] : config.settings?.[field.name];
    let value = resolveEnv(raw);
    if (value === '' || value === undefined || value === null) continue;
    if (field.type === 'boolean') value = value === true || value === 'true';
    if (field.type === 'number') value = Number(value);
    settings[field.name] = value;
  }
  return { vendor, entry, settings };
}

