import type { ActiveFault } from '../faults/fault-registry.js';

/** The `Retry-After` header an injected status fault asks for; none for other faults. */
export function retryAfterHeader(fault: ActiveFault): Record<string, string> {
  return fault.kind === 'status' && fault.retryAfter !== undefined
    ? { 'retry-after': String(fault.retryAfter) }
    : {};
}

/** The OAuth error code of a token endpoint's injected status: transient for 429 and 5xx. */
export function oauthFaultCode(status: number): 'temporarily_unavailable' | 'invalid_request' {
  return status >= 500 || status === 429 ? 'temporarily_unavailable' : 'invalid_request';
}
