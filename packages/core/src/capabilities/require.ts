import { PolydriveError } from '../errors/polydrive-error.js';
import type { Capabilities, OperationCapability } from './capabilities.js';

/** Throws `Unsupported` unless the provider declares the capability. */
export function requireCapability(
  caps: Capabilities,
  capability: OperationCapability,
  ctx: { provider: string; operation: string; target?: string },
): void {
  if (caps[capability]) return;
  throw new PolydriveError('Unsupported', {
    message: `The ${ctx.provider} provider does not support ${describe(capability)}.`,
    advice: `Check drive.capabilities.${capability} before calling ${ctx.operation}.`,
    ...ctx,
  });
}

function describe(capability: OperationCapability): string {
  switch (capability) {
    case 'rangeRead':
      return 'ranged reads';
    case 'uploadSession':
      return 'resumable upload sessions';
    case 'changes':
      return 'a change feed';
    case 'search':
      return 'search';
    case 'permissions':
      return 'permissions';
    case 'shareLinks':
      return 'sharing links';
    case 'about':
      return 'account information';
    case 'passthrough':
      return 'raw API requests';
    case 'conditionalWrite':
      return 'conditional writes (ifMatch)';
  }
}
