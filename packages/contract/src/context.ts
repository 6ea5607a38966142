import type { Drive, ErrorCode, PassthroughRequest } from '@polydrive/core';
import { joinPath, PolydriveError } from '@polydrive/core';
import { expect } from 'vitest';

/** What each scenario group gets: the drive and the test's own root folder. */
export interface SuiteContext {
  /** The drive under test (made once per suite by the factory). */
  readonly drive: () => Drive;
  /** The current test's root folder, created before and deleted after each test. */
  readonly root: () => string;
  /** A path inside the current test's root. */
  readonly p: (...names: string[]) => string;
  /** The raw request the passthrough scenario sends. */
  readonly passthroughProbe?: PassthroughRequest;
}

/** Builds the path helper over a root getter. */
export function pathHelper(root: () => string): (...names: string[]) => string {
  return (...names) => names.reduce(joinPath, root());
}

/** Asserts that a promise rejects with a PolydriveError of the given code; returns the error. */
export async function expectCode(
  promise: Promise<unknown>,
  code: ErrorCode,
): Promise<PolydriveError> {
  let caught: unknown;
  try {
    await promise;
  } catch (err) {
    caught = err;
  }
  expect(caught, `expected a PolydriveError ${code}`).toBeInstanceOf(PolydriveError);
  const err = caught as PolydriveError;
  expect(err.code, err.message).toBe(code);
  expect(err.message.length).toBeGreaterThan(code.length + 10);
  return err;
}
