import { isPolydriveError } from '../errors/polydrive-error.js';
import type { Provider } from '../provider/provider.js';
import { signalOf } from './operations.js';
import type { Pacer } from './pacer.js';
import { type Layer, wrapProvider } from './wrap-provider.js';

/**
 * A layer that runs every SPI call through `pacer` (`close` excepted). When a call fails with
 * `RateLimited` and a Retry-After, the whole pacer pauses until then, before the failed call
 * gives up its slot: like rclone's pacer, one throttled request slows every call of the account.
 * Concurrency counts calls, not the body streams a `read` returns.
 */
export function pacerLayer(pacer: Pacer): Layer {
  return (provider) =>
    wrapProvider(provider, ({ operation, args }, next) => {
      if (operation === 'close') return next();
      return pacer.run(
        () =>
          next().catch((error: unknown) => {
            if (isPolydriveError(error, 'RateLimited') && error.retryAfterMs !== undefined) {
              pacer.pauseFor(error.retryAfterMs);
            }
            throw error;
          }),
        signalOf(operation, args),
      );
    });
}

/** `provider` with every call paced by `pacer`. */
export function withPacer(provider: Provider, pacer: Pacer): Provider {
  return pacerLayer(pacer)(provider);
}
