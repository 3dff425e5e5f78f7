/** The driver core and the sandbox, for use from code. Hosts import from here too. */
export * from './core/errors';
export * from './core/model';
export * from './core/time';
export * from './core/phone';
export * from './core/segments';
export * from './core/crypto';
export * from './core/charset';
export * from './core/xml';
export * from './core/batch';
export * from './core/client';
export { Transport, formBody, formHeaders, type TransportOptions, type HttpRequest, type HttpReply } from './core/transport';
export { SmsAspxClient, type SmsAspxCredentials } from './core/vendors/smsaspx/client';
export { startSandbox, type Sandbox, type StartSandboxOptions } from './sandbox/server';
export { MAGIC_NUMBERS } from './sandbox/state';
