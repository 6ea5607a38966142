import type { ActiveFault } from '../faults/fault-registry.js';
import type { EmulatorRequest } from './request.js';
import type { EmulatorResponse } from './response.js';

/** The providers this emulator imitates. */
export type ProviderName = 'microsoft' | 'google' | 'dropbox';

/**
 * One provider's emulation: the real host names it answers for and a handler per request. The
 * server routes by the first path segment (the real host), so several providers share one port.
 */
export interface ProviderEmulator {
  readonly name: ProviderName;
  /** Real host names, lower case, e.g. `graph.microsoft.com`. */
  readonly hosts: readonly string[];
  /** Answers one request; errors the provider knows about become its own error responses. */
  handle(request: EmulatorRequest): Promise<EmulatorResponse>;
  /** The response this provider gives for an injected fault of kind status, expiredToken or sessionExpired. */
  faultResponse(fault: ActiveFault, request: EmulatorRequest): EmulatorResponse;
  /** A response for an unexpected failure inside the emulator, in this provider's error format. */
  internalError(request: EmulatorRequest): EmulatorResponse;
}
