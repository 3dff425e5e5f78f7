/**
 * Mobset as one account: the SOAP WebService (SMS, MMS, batch tasks, sent history) and HTTP
 * SDK3 (SMS, templates, cancel, signature application) share the credentials; each
 * operation goes to the protocol that has it. Endpoints follow the CorpID's platform unless
 * the user gives a base URL.
 */
import { checkBaseUrl, type ClientOptions } from '../../client';
import { invalidInput } from '../../errors';
import { defaultSdk3Url, defaultSoapUrl, platformOf } from './codec';
import { MobsetSdk3Client } from './sdk3';
import { MobsetSoapClient } from './soap';
import type { MobsetTimestampForm } from './signature';

export interface MobsetCredentials {
  corpId: string;
  loginName: string;
  password: string;
  /** 14-digit YYYYMMDDHHMMSS (documents) or 10-digit MMDDHHMMSS (seen in real clients). */
  timestampForm?: MobsetTimestampForm;
  /** Protocol for plain SMS sends, reports, inbound and balance. */
  protocol?: 'sdk3' | 'soap';
  /** SDK3 over HTTPS (:843) instead of HTTP (:8095). */
  https?: boolean;
  /** A base under which /Api and /SDK3/Sms live (the sandbox, a proxy). */
  baseUrl?: string;
  /** Full endpoints, when they differ from the platform's. */
  soapUrl?: string;
  sdk3Url?: string;
  /** Load the WSDL from the server instead of the one shipped with the package. */
  liveWsdl?: boolean;
}

export interface MobsetEndpoints {
  soap: string;
  sdk3: string;
}

export function mobsetEndpoints(credentials: MobsetCredentials): MobsetEndpoints {
  const corpId = String(credentials.corpId ?? '').trim();
  const base = credentials.baseUrl ? checkBaseUrl('baseUrl', credentials.baseUrl) : undefined;
  const platform = platformOf(corpId);
  const fallback = (kind: 'soap' | 'sdk3') => {
    if (base) return kind === 'soap' ? `${base}/Api` : `${base}/SDK3/Sms`;
    if (!platform) {
      throw invalidInput('corpId', 'must be a 6-digit CorpID from 100000 to 399999 (it picks the platform), or give a base URL');
    }
    return kind === 'soap' ? defaultSoapUrl(platform) : defaultSdk3Url(platform, credentials.https === true);
  };
  return {
    soap: credentials.soapUrl ? checkBaseUrl('soapUrl', credentials.soapUrl) : fallback('soap'),
    sdk3: credentials.sdk3Url ? checkBaseUrl('sdk3Url', credentials.sdk3Url) : fallback('sdk3'),
  };
}

export class MobsetClient {
  readonly soap: MobsetSoapClient;
  readonly sdk3: MobsetSdk3Client;
  readonly protocol: 'sdk3' | 'soap';

  constructor(credentials: MobsetCredentials, options: ClientOptions & { liveWsdl?: boolean } = {}) {
    const endpoints = mobsetEndpoints(credentials);
    const auth = {
      corpId: String(credentials.corpId ?? '').trim(),
      loginName: credentials.loginName,
      password: credentials.password,
      timestampForm: credentials.timestampForm,
    };
    this.sdk3 = new MobsetSdk3Client(endpoints.sdk3, auth, options);
    this.soap = new MobsetSoapClient(endpoints.soap, auth, { ...options, liveWsdl: credentials.liveWsdl ?? options.liveWsdl });
    this.protocol = credentials.protocol ?? 'sdk3';
  }

  /** The client for SMS sends, reports, inbound and balance, as the credential chose. */
  get sms(): MobsetSdk3Client | MobsetSoapClient {
    return this.protocol === 'soap' ? this.soap : this.sdk3;
  }
}
