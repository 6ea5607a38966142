import { PolydriveError } from '@polydrive/core';
import { expect, it } from 'vitest';
import type { FaultSuite } from '../fault-suite.js';
import type { FaultEmulator } from '../fault-target.js';
import { digestsOf, generatedBytes } from '../generated-bytes.js';

const OLD_CONTENT = 'the old content';

/** An upload session that expires mid-upload over an existing file. */
export function expiredSessionScenario<E extends FaultEmulator, O>(suite: FaultSuite<E, O>): void {
  const { target } = suite;
  const outcome = target.expiredSessionMayRestart
    ? 'a clear error or a clean restart, never a corrupt file'
    : 'a clear error and keeps the old file';
  it(`an expired upload session ends in ${outcome}`, async () => {
    const { emulator, drive } = await suite.setUp();
    await drive.write('/keep.bin', OLD_CONTENT);
    const size = 3 * target.chunkSize + 1000;
    const kinds = ['sha256' as const, ...target.hashes];
    let armed = false;
    const failure = await drive
      .write('/keep.bin', generatedBytes(size, 7), {
        size,
        onProgress: () => {
          if (armed) return;
          armed = true;
          emulator.faults.inject({ kind: 'sessionExpired', ...target.routes.chunk });
        },
      })
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    expect(armed).toBe(true);
    const content = await digestsOf(await drive.read('/keep.bin'), kinds);
    if (failure === undefined) {
      expect(target.expiredSessionMayRestart, 'the upload did not fail').toBe(true);
      expect(content).toEqual(await digestsOf(generatedBytes(size, 7), kinds));
    } else {
      expect(failure).toBeInstanceOf(PolydriveError);
      const err = failure as PolydriveError;
      expect(err.code).toBe('NotFound');
      expect(err.message).toMatch(/upload session has expired/);
      expect(err.message).toMatch(/Start the upload again/);
      const old = new TextEncoder().encode(OLD_CONTENT);
      expect(content).toEqual(await digestsOf([old], kinds));
    }
    expect(target.control(emulator).openUploadSessions()).toBe(0);
  });
}
