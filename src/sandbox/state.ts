/**
 * What the simulated gateways remember: accounts and balances, every accepted message,
 * reports waiting to be handed out (once), inbound replies, templates, scheduled sends,
 * the request log (secrets masked) and injected faults. One state serves all protocols, so
 * a virtual phone shows what any vendor sent to it.
 */
import { randomUUID } from 'node:crypto';
import type { VendorId } from '../core/model';

export interface SandboxAccount {
  vendor: VendorId;
  /** The login: sms.aspx account, Mobset LoginName, Emay appId. */
  login: string;
  password: string;
  /** sms.aspx userid, Mobset CorpID. */
  userId?: string;
  /** How the password must arrive (sms.aspx MD5 upper; the MMS platform plain). */
  passwordForm?: 'md5upper' | 'md5lower' | 'plain';
  balance: number;
  mmsBalance?: number;
  /** Where reports and MO are pushed (Emay, sms.aspx), when set. */
  pushUrl?: string;
  /** Emay: push AES+gzip bodies (true) or plain form fields. */
  pushEncrypted?: boolean;
  signatures?: string[];
}

export type MessageState = 'scheduled' | 'cancelled' | 'sending' | 'delivered' | 'failed' | 'silent';

export interface SandboxMessage {
  id: string;
  vendor: VendorId;
  login: string;
  mobile: string;
  kind: 'sms' | 'mms';
  content: string;
  subject?: string;
  /** MMS files, for the virtual phone. */
  files?: Array<{ name: string; type: string; base64: string }>;
  batchId: string;
  customId?: string;
  extension?: string;
  parts: number;
  submittedAt: number;
  scheduledAt?: number;
  reportAt?: number;
  state: MessageState;
  /** The vendor's report code once decided (DELIVRD, 10, 0 ...). */
  reportCode?: string;
  reportHandedOut: boolean;
  failureReason?: string;
}

export interface SandboxInbound {
  id: string;
  vendor: VendorId;
  login: string;
  mobile: string;
  content: string;
  /** Inbound MMS (Mobset Mms_GetRecv): subject and files. */
  kind?: 'sms' | 'mms';
  subject?: string;
  files?: Array<{ name: string; type: string; base64: string }>;
  extension?: string;
  receivedAt: number;
  handedOut: boolean;
}

export interface LogEntry {
  seq: number;
  at: string;
  vendor: string;
  endpoint: string;
  login?: string;
  /** Request fields with every secret masked. */
  fields: Record<string, unknown>;
  status: number;
  outcome: string;
  recipients?: number;
  fault?: string;
}

export type FaultType = 'latency' | 'error' | 'hang' | 'reset' | 'garbage' | 'html' | 'rateLimit' | 'http500';

export interface Fault {
  id: string;
  type: FaultType;
  /** Only requests whose path contains this text. */
  match?: string;
  /** How many requests it applies to; undefined means until removed. */
  remaining?: number;
  /** Share of matching requests (0-1) it applies to. */
  share?: number;
  /** Let this many matching requests through before the fault starts. */
  after?: number;
  delayMs?: number;
  /** For `error`: the vendor code to answer with. */
  code?: string;
}

/** Magic numbers: a documented table of outcomes a test or a visitor can choose. */
export const MAGIC_NUMBERS = {
  /** Accepted, then the delivery report says it failed. */
  failsDelivery: '13800000001',
  /** Refused at send time as blacklisted. */
  blacklisted: '13800000002',
  /** Accepted, and no report ever comes. */
  neverReports: '13800000003',
  /** Accepted, and the phone answers "TD" (unsubscribe) after its report. */
  repliesTd: '13800000004',
} as const;

export interface SandboxOptions {
  /** Milliseconds from acceptance to the delivery report. */
  reportDelayMs?: number;
  accounts?: SandboxAccount[];
}

export const DEFAULT_ACCOUNTS: SandboxAccount[] = [
  { vendor: 'smsaspx', login: 'demo', password: 'demo123', userId: '1001', passwordForm: 'md5upper', balance: 100000, mmsBalance: 1000 },
  { vendor: 'mmsaspx', login: 'demo', password: 'demo123', userId: '1001', passwordForm: 'plain', balance: 1000 },
  { vendor: 'mobset', login: 'demo', password: 'demo123', userId: '300001', balance: 100000, signatures: ['【沙箱】'] },
  { vendor: 'emay', login: 'EUCP-DEMO-0001', password: '0123456789abcdef', balance: 100000 },
];

let seq = 0;
/** Request log entries kept (the newest). */
const LOG_KEPT = 20_000;

export class SandboxState {
  readonly accounts: SandboxAccount[];
  readonly messages: SandboxMessage[] = [];
  readonly inbound: SandboxInbound[] = [];
  readonly log: LogEntry[] = [];
  faults: Fault[] = [];
  reportDelayMs: number;
  /** Extra per-vendor state (templates, files, tasks) owned by each protocol module. */
  readonly vendorState = new Map<string, unknown>();
  /**
   * Look-ups by id and by recipient (the sending rules look there, not at every message).
   * Built on first use from where they last stopped: most sends never look anything up, and
   * indexing each of 100,000 recipients as it arrives costs more than accepting it.
   */
  private readonly byId = new Map<string, SandboxMessage>();
  private readonly byRecipient = new Map<string, SandboxMessage[]>();
  private indexed = 0;
  /** Requests logged since start; `seq` keeps counting after old entries are dropped. */
  private logged = 0;
  private readonly listeners = new Set<(event: string) => void>();

  constructor(options: SandboxOptions = {}) {
    this.accounts = (options.accounts ?? DEFAULT_ACCOUNTS).map((a) => ({ ...a }));
    this.reportDelayMs = options.reportDelayMs ?? 1500;
  }

  account(vendor: VendorId, login: string): SandboxAccount | undefined {
    return this.accounts.find((a) => a.vendor === vendor && a.login === login);
  }

  nextId(prefix = ''): string {
    seq = (seq + 1) % 1_000_000;
    return `${prefix}${Date.now()}${String(seq).padStart(6, '0')}`;
  }

  /** Accepts a message: decides its fate from the magic numbers and schedules its report. */
  accept(message: Omit<SandboxMessage, 'id' | 'state' | 'reportHandedOut' | 'submittedAt'> & { id?: string }): SandboxMessage {
    const now = Date.now();
    const scheduled = message.scheduledAt !== undefined && message.scheduledAt > now;
    // Built field by field: benchmarks put hundreds of thousands of these through here.
    const stored: SandboxMessage = {
      id: message.id ?? this.nextId(),
      vendor: message.vendor,
      login: message.login,
      mobile: message.mobile,
      kind: message.kind,
      content: message.content,
      subject: message.subject,
      files: message.files,
      batchId: message.batchId,
      customId: message.customId,
      extension: message.extension,
      parts: message.parts,
      submittedAt: now,
      scheduledAt: message.scheduledAt,
      reportAt: message.mobile === MAGIC_NUMBERS.neverReports ? undefined : Math.max(now, message.scheduledAt ?? now) + this.reportDelayMs,
      state: scheduled ? 'scheduled' : 'sending',
      reportHandedOut: false,
      failureReason: message.failureReason,
    };
    this.messages.push(stored);
    if (this.listeners.size > 0) this.emit('message');
    return stored;
  }

  /**
   * Forgets accepted messages and inbound replies (accounts, templates, files and the log
   * stay): long runs such as benchmarks would otherwise measure a sandbox holding millions.
   */
  forgetMessages(): void {
    this.messages.length = 0;
    this.inbound.length = 0;
    this.byId.clear();
    this.byRecipient.clear();
    this.indexed = 0;
  }

  message(id: string): SandboxMessage | undefined {
    this.index();
    return this.byId.get(id);
  }

  private index(): void {
    for (; this.indexed < this.messages.length; this.indexed++) {
      const message = this.messages[this.indexed];
      this.byId.set(message.id, message);
      const key = `${message.vendor}|${message.login}|${message.mobile}`;
      const list = this.byRecipient.get(key);
      if (list) list.push(message);
      else this.byRecipient.set(key, [message]);
    }
  }

  /** Moves messages whose time has come to delivered/failed; returns those that changed. */
  settle(now = Date.now()): SandboxMessage[] {
    const changed: SandboxMessage[] = [];
    for (const message of this.messages) {
      if (message.state === 'scheduled' && message.scheduledAt !== undefined && message.scheduledAt <= now) {
        message.state = 'sending';
        changed.push(message);
      }
      if (message.state === 'sending' && message.reportAt !== undefined && message.reportAt <= now) {
        const fails = message.mobile === MAGIC_NUMBERS.failsDelivery || message.failureReason !== undefined;
        message.state = fails ? 'failed' : 'delivered';
        changed.push(message);
        if (message.mobile === MAGIC_NUMBERS.repliesTd) {
          this.addInbound({ vendor: message.vendor, login: message.login, mobile: message.mobile, content: 'TD', extension: message.extension });
        }
      }
    }
    if (changed.length > 0) this.emit('report');
    return changed;
  }

  /** Reports ready to hand out for an account, at most `max`, each once. */
  takeReports(vendor: VendorId, login: string, max: number, filter?: (m: SandboxMessage) => boolean): SandboxMessage[] {
    this.settle();
    const out: SandboxMessage[] = [];
    for (const message of this.messages) {
      if (out.length >= max) break;
      if (message.vendor !== vendor || message.login !== login || message.reportHandedOut) continue;
      if (message.state !== 'delivered' && message.state !== 'failed') continue;
      if (filter && !filter(message)) continue;
      message.reportHandedOut = true;
      out.push(message);
    }
    return out;
  }

  addInbound(entry: Omit<SandboxInbound, 'id' | 'receivedAt' | 'handedOut'>): SandboxInbound {
    const stored: SandboxInbound = { ...entry, id: this.nextId(), receivedAt: Date.now(), handedOut: false };
    this.inbound.push(stored);
    this.emit('inbound');
    return stored;
  }

  takeInbound(vendor: VendorId, login: string, max: number, kind: 'sms' | 'mms' = 'sms'): SandboxInbound[] {
    const out: SandboxInbound[] = [];
    for (const entry of this.inbound) {
      if (out.length >= max) break;
      if (entry.vendor !== vendor || entry.login !== login || entry.handedOut || (entry.kind ?? 'sms') !== kind) continue;
      entry.handedOut = true;
      out.push(entry);
    }
    return out;
  }

  /** Messages to one number in a window, for the sending rules. */
  countRecent(vendor: VendorId, login: string, mobile: string, sinceMs: number, test?: (m: SandboxMessage) => boolean): number {
    const since = Date.now() - sinceMs;
    this.index();
    const list = this.byRecipient.get(`${vendor}|${login}|${mobile}`) ?? [];
    let count = 0;
    for (let i = list.length - 1; i >= 0 && list[i].submittedAt >= since; i--) {
      if (list[i].state !== 'cancelled' && (!test || test(list[i]))) count++;
    }
    return count;
  }

  /** The `seq` of the newest log entry: requests logged since start, however many were dropped. */
  get lastSeq(): number {
    return this.logged;
  }

  record(entry: Omit<LogEntry, 'seq' | 'at'>): LogEntry {
    const stored = { ...entry, seq: ++this.logged, at: new Date().toISOString() };
    this.log.push(stored);
    // Bounded: benchmarks send hundreds of thousands of requests. Trimmed a thousand at a
    // time, not one entry per request.
    if (this.log.length > LOG_KEPT + 1000) this.log.splice(0, this.log.length - LOG_KEPT);
    this.emit('log');
    return stored;
  }

  addFault(fault: Omit<Fault, 'id'>): Fault {
    const stored = { ...fault, id: randomUUID() };
    this.faults.push(stored);
    return stored;
  }

  /** The fault that applies to this request, if any (consuming one of its uses). */
  pickFault(path: string): Fault | undefined {
    for (const fault of this.faults) {
      if (fault.match && !path.includes(fault.match)) continue;
      if (fault.after !== undefined && fault.after > 0) {
        fault.after--;
        continue;
      }
      if (fault.share !== undefined && Math.random() >= fault.share) continue;
      if (fault.remaining !== undefined) {
        fault.remaining--;
        if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
      }
      return fault;
    }
    return undefined;
  }

  onChange(listener: (event: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: string): void {
    for (const listener of this.listeners) listener(event);
  }

  vendorData<T>(key: string, init: () => T): T {
    let value = this.vendorState.get(key) as T | undefined;
    if (value === undefined) {
      value = init();
      this.vendorState.set(key, value);
    }
    return value;
  }
}

/** Masks every secret-looking field of a request before it is logged. */
export function maskFields(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] = /pass|secret|pwd|sign|key|text64/i.test(key) && value !== '' ? '***' : value;
  }
  return out;
}
