import { expect, it } from 'vitest';
import type { FaultSuite } from '../fault-suite.js';
import type { FaultEmulator, FaultRecord } from '../fault-target.js';
import { answersOf } from '../request-records.js';

/** A stat that meets refusals: retried after each, never sooner than a Retry-After. */
export function throttledStatScenario<E extends FaultEmulator, O>(suite: FaultSuite<E, O>): void {
  const { target } = suite;
  it('retries refused calls and never sends one again before its Retry-After', async () => {
    const { emulator, drive } = await suite.setUp();
    await drive.write('/t.txt', 'throttled');
    emulator.faults.clearRequests();
    const refusals = target.throttle ?? [
      { status: 429, retryAfter: 1 },
      { status: 503, retryAfter: 1 },
    ];
    for (const refusal of refusals) suite.refuse(emulator, refusal, target.routes.stat);
    expect((await drive.stat('/t.txt')).name).toBe('t.txt');
    const records = emulator.faults.requests();
    const answers = answersOf(refusals);
    expect(records.map((r) => r.status)).toEqual([...answers.map((a) => a.status), 200]);
    answers.forEach(({ status, retryAfter }, i) => {
      if (retryAfter === undefined) return;
      const [refused, next] = [records[i], records[i + 1]] as [FaultRecord, FaultRecord];
      expect(next.time - refused.time, `wait after ${status}`).toBeGreaterThanOrEqual(
        retryAfter * 1000,
      );
    });
  });
}
