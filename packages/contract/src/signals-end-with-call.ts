import {
  Drive,
  PolydriveError,
  SIGNAL_OUTLIVES_CALL,
  signalOf,
  withSignal,
  wrapProvider,
} from '@polydrive/core';

/**
 * `drive` with the SPI's rule for signals enforced: every call but `read` and `passthrough`
 * reaches the provider with a signal that aborts as soon as the call settles (`close` takes
 * none). The timeout layer shares a signal among calls and may abort it after a call has
 * returned, so a provider that keeps using a call's signal afterwards would fail some day in use;
 * here it fails at once.
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
