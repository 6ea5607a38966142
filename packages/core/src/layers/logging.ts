import { PolydriveError } from '../errors/polydrive-error.js';
import { redactSecrets } from '../http/redact.js';
import type { ProviderOperation } from '../provider/provider.js';
import { describeCall, resultBytes } from './describe-call.js';
import type { Logger } from './logger.js';
import { type Layer, wrapProvider } from './wrap-provider.js';

/** One finished SPI call, for metrics. */
export interface OperationMetric {
  readonly provider: string;
  readonly operation: ProviderOperation;
  readonly durationMs: number;
  readonly ok: boolean;
  readonly errorCode?: string;
  /** Bytes sent (writeSmall, uploadChunk) or announced by a read, when known. */
  readonly bytes?: number;
}

/** Options of the logging layer; give a logger, a metric hook or both. */
export interface LoggingOptions {
  readonly logger?: Logger;
  readonly onMetric?: (metric: OperationMetric) => void;
}

type Outcome =
  | { readonly ok: true; readonly result: unknown }
  | { readonly ok: false; readonly error: unknown };

/**
 * A layer that logs each operation once, when it ends: provider, operation, target path or id,
 * duration, outcome and error code; at `debug` on success, `warn` on a PolydriveError and
 * `error` on anything else. It never logs data, options or headers, and error messages go
 * through `redactSecrets`. `onMetric` gets the same facts as numbers.
 */
export function loggingLayer(options: LoggingOptions): Layer {
  return (provider) =>
    wrapProvider(provider, async ({ operation, args }, next) => {
      const started = performance.now();
      const report = (outcome: Outcome): void =>
        reportCall(options, provider.name, operation, args, performance.now() - started, outcome);
      try {
        const result = await next();
        report({ ok: true, result });
        return result;
      } catch (error) {
        report({ ok: false, error });
        throw error;
      }
    });
}

function reportCall(
  { logger, onMetric }: LoggingOptions,
  provider: string,
  operation: ProviderOperation,
  args: readonly unknown[],
  elapsedMs: number,
  outcome: Outcome,
): void {
  const durationMs = Math.round(elapsedMs);
  const { target, to, bytes: sent } = describeCall(operation, args);
  const bytes = (outcome.ok ? resultBytes(operation, outcome.result) : undefined) ?? sent;
  const failure = outcome.ok ? undefined : describeFailure(outcome.error);
  onMetric?.({
    provider,
    operation,
    durationMs,
    ok: outcome.ok,
    errorCode: failure?.errorCode,
    bytes,
  });
  if (!logger) return;
  const where = target === undefined ? '' : ` ${JSON.stringify(target)}`;
  const fields = {
    provider,
    operation,
    target,
    to,
    durationMs,
    outcome: outcome.ok ? 'ok' : 'error',
    bytes,
    ...failure,
  };
  if (!failure) {
    logger.debug(`${provider} ${operation}${where} ok in ${durationMs} ms`, fields);
  } else if (failure.errorCode) {
    logger.warn(
      `${provider} ${operation}${where} failed with ${failure.errorCode} in ${durationMs} ms`,
      fields,
    );
  } else {
    logger.error(`${provider} ${operation}${where} failed in ${durationMs} ms`, fields);
  }
}

interface FailureFields {
  readonly errorCode?: string;
  readonly httpStatus?: number;
  readonly requestId?: string;
  /** The error's message, redacted. */
  readonly error: string;
}

function describeFailure(error: unknown): FailureFields {
  if (error instanceof PolydriveError) {
    return {
      errorCode: error.code,
      httpStatus: error.httpStatus,
      requestId: error.requestId,
      error: redactSecrets(error.message),
    };
  }
  return {
    error: redactSecrets(
      error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    ),
  };
}
