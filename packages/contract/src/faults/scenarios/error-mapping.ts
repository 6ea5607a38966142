import { PolydriveError } from '@polydrive/core';
import { expect, it } from 'vitest';
import type { FaultSuite } from '../fault-suite.js';
import type { ErrorCase, FaultEmulator, FaultTarget } from '../fault-target.js';

/** The answers every provider's API gives, and the PolydriveError each must become. */
function commonCases<E extends FaultEmulator, O>(
  target: FaultTarget<E, O>,
): Record<string, ErrorCase<E>> {
  const requestId = target.requestIds ? { requestId: expect.stringMatching(/./) } : {};
  return {
    '429 with Retry-After': {
      fault: { status: 429, retryAfter: 7, reason: target.throttleReason },
      expected: {
        code: 'RateLimited',
        retryable: true,
        retryAfterMs: 7000,
        providerCode: target.throttleReason,
        ...requestId,
      },
    },
    '503 with Retry-After': {
      fault: { status: 503, retryAfter: 2 },
      expected: { code: 'Transient', retryable: true, retryAfterMs: 2000, ...requestId },
    },
    '403': { fault: { status: 403 }, expected: { code: 'PermissionDenied', ...requestId } },
    'a dropped connection': { fault: 'drop', expected: { code: 'Transient', retryable: true } },
  };
}

/** Each error answer of the API, met by a bare provider (no layers), and its PolydriveError. */
export function errorMappingScenario<E extends FaultEmulator, O>(suite: FaultSuite<E, O>): void {
  const { target } = suite;
  it('maps error answers to PolydriveErrors, without retrying inside the provider', async () => {
    const emulator = await suite.start();
    const { accessToken } = target.control(emulator).mintToken(target.account);
    const provider = target.withToken(emulator, accessToken);
    const inject = ({ fault }: ErrorCase<E>) => {
      if (typeof fault === 'function') fault(emulator);
      else if (typeof fault === 'string')
        emulator.faults.inject({ kind: fault, ...target.routes.stat });
      else suite.refuse(emulator, fault, target.routes.stat);
    };
    const cases = [
      ...Object.entries(commonCases(target)),
      ...Object.entries(target.errorCases ?? {}),
    ];
    for (const [answer, errorCase] of cases) {
      emulator.faults.clearRequests();
      inject(errorCase);
      const err = await provider.stat({ path: target.probePath ?? '/' }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(err, answer).toBeInstanceOf(PolydriveError);
      expect(err, answer).toMatchObject(errorCase.expected);
      expect((err as PolydriveError).message, answer).not.toContain(accessToken);
      expect(emulator.faults.requests(), `requests sent on ${answer}`).toHaveLength(1);
    }
  });
}
