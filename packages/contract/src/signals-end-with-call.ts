import { Drive, PolydriveError, signalOf, withSignal, wrapProvider } from '@polydrive/core';

/** Calls whose results may go on using the call's signal: a read's body, a passthrough response. */
const SIGNAL_OUTLIVES_CALL: ReadonlySet<string> = new Set(['read', 'passthrough', 'close']);

/**
 * `drive` with the SPI's rule for signals enforced: every call but `read`, `passthrough` and
 * `close` reaches the provider with a signal that aborts as soon as the call settles. The timeout
 * layer shares a signal among calls and may abort it after a call has returned, so a provider
 * that keeps using a call's signal afterwards would fail some day in use; here it fails at once.
 */
export function withSignalsEndingWithTheirCall(drive: Drive): Drive {
  return new Drive(
    wrapProvider(drive.provider, (call, next) => {
      if (SIGNAL_OUTLIVES_CALL.has(call.operation)) return next();
      const ending = new AbortController();
      const caller = signalOf(call.operation, call.args);
      const signal = caller ? AbortSignal.any([caller, ending.signal]) : ending.signal;
      return next(withSignal(call.operation, call.args, signal)).finally(() => {
        ending.abort(
          new PolydriveError('Cancelled', {
            message: `The ${call.operation} call has settled; its signal must not be used any more.`,
            advice:
              'Use a call’s signal only until the call settles (see OperationOptions.signal).',
            operation: call.operation,
          }),
        );
      });
    }),
  );
}
