import { expect } from 'vitest';
import type { FaultRecord, FaultRoute, Refusal } from './fault-target.js';

/** Whether the emulator's record of a request lies on `route`. */
export function onRoute(route: FaultRoute, record: FaultRecord): boolean {
  if (route.host !== undefined && route.host.toLowerCase() !== record.host) return false;
  if (route.method !== undefined && route.method.toUpperCase() !== record.method) return false;
  if (route.path === undefined) return true;
  if (typeof route.path === 'string') return record.path.includes(route.path);
  route.path.lastIndex = 0;
  return route.path.test(record.path);
}

/** The refusals one by one, in the order the emulator gives them. */
export function answersOf(refusals: readonly Refusal[]): Refusal[] {
  return refusals.flatMap((refusal) => Array.from({ length: refusal.times ?? 1 }, () => refusal));
}

/**
 * Asserts that every request answered 429 was sent again no sooner than its Retry-After (1 s), and
 * returns how many there were.
 */
export function expectRetryAfterHonoured(records: readonly FaultRecord[]): number {
  const throttled = records.filter((r) => r.status === 429);
  for (const hit of throttled) {
    const next = records.find(
      (r) => r.time >= hit.time && r !== hit && r.method === hit.method && r.path === hit.path,
    );
    expect(next, `retry of ${hit.method} ${hit.path}`).toBeDefined();
    expect((next as FaultRecord).time - hit.time).toBeGreaterThanOrEqual(1000);
  }
  return throttled.length;
}
