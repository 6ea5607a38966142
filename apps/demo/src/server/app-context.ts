import type { Connections } from '../connections/connections.js';
import type { DemoEvents } from '../connections/demo-events.js';
import type { PendingLogins } from './pending-logins.js';

/** What the routes share. */
export interface AppContext {
  readonly connections: Connections;
  readonly events: DemoEvents;
  readonly pendingLogins: PendingLogins;
  /** Uploads above this many bytes are refused with 413. */
  readonly maxUploadBytes: number;
  /** Where unexpected errors are reported; never given secrets. */
  readonly log: (line: string) => void;
}
