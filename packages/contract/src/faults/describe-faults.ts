import { applyLayers, Drive, defaultLayers } from '@polydrive/core';
import { afterEach, describe } from 'vitest';
import type { FaultSuite } from './fault-suite.js';
import type { FaultContext, FaultEmulator, FaultTarget } from './fault-target.js';
import { errorMappingScenario } from './scenarios/error-mapping.js';
import { expiredSessionScenario } from './scenarios/expired-session.js';
import { largeUploadScenario } from './scenarios/large-upload.js';
import { throttledStatScenario } from './scenarios/throttled-stat.js';

/**
 * Registers the fault suite for one cloud provider against the emulator: a large upload through
 * refusals, a dropped chunk and an expiring token; an expired upload session; Retry-After honoured
 * on a throttled call; and the mapping of the API's error answers. `extra` registers the
 * provider's own fault tests in the same block, with the same set-up.
 */
export function describeFaults<E extends FaultEmulator, O = undefined>(
  target: FaultTarget<E, O>,
  extra?: (context: FaultContext<E, O>) => void,
): void {
  describe(`faults: ${target.name}`, { timeout: 30_000 }, () => {
    const running: E[] = [];

    afterEach(async () => {
      await Promise.all(running.splice(0).map((emulator) => emulator.stop()));
    });

    const start = async (options?: O): Promise<E> => {
      const emulator = await target.start(options);
      running.push(emulator);
      return emulator;
    };
    const suite: FaultSuite<E, O> = {
      target,
      start,
      // Backoff shrunk so retries stay fast; Retry-After still sets its own floor.
      setUp: async (options) => {
        const emulator = await start(options);
        const provider = await target.signedIn(emulator);
        const drive = new Drive(
          applyLayers(provider, defaultLayers({ retry: { baseDelayMs: 20 } })),
        );
        return { emulator, drive };
      },
      refuse:
        target.refuse ??
        ((emulator, { status, retryAfter, times }, route) => {
          emulator.faults.inject({
            kind: 'status',
            status,
            ...(retryAfter !== undefined ? { retryAfter } : {}),
            ...(times !== undefined ? { times } : {}),
            ...route,
          });
        }),
    };

    largeUploadScenario(suite);
    expiredSessionScenario(suite);
    throttledStatScenario(suite);
    errorMappingScenario(suite);
    extra?.({ setUp: suite.setUp });
  });
}
