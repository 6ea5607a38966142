import { PolydriveError } from '@polydrive/core';
import { EXIT } from './errors/exit-codes.js';

/**
 * Turns Ctrl-C (SIGINT) and SIGTERM into an aborted signal, so that the running command stops
 * cleanly: partial downloads are removed, upload states are kept for resuming. A second Ctrl-C
 * exits at once.
 */
export function abortOnInterrupt(): { readonly signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(EXIT.cancelled);
    controller.abort(
      new PolydriveError('Cancelled', {
        message: 'Interrupted.',
        advice: '',
      }),
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
