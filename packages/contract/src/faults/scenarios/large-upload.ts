import { expect, it } from 'vitest';
import { sha256 } from '../../fixtures.js';
import type { FaultSuite } from '../fault-suite.js';
import type { FaultEmulator } from '../fault-target.js';
import { digestsOf, generatedBytes } from '../generated-bytes.js';
import { answersOf, expectRetryAfterHonoured, onRoute } from '../request-records.js';

const MIB = 1024 * 1024;
const PATH = '/big/64mib.bin';

/** A 64 MiB session upload through a refusal storm, a dropped chunk and an expiring token. */
export function largeUploadScenario<E extends FaultEmulator, O>(suite: FaultSuite<E, O>): void {
  const { target } = suite;
  it('uploads 64 MiB byte-identical through a rate-limit storm, a dropped chunk and an expiring token', async () => {
    const { emulator, drive } = await suite.setUp();
    const control = target.control(emulator);
    const { chunk } = target.routes;
    const size = 64 * MIB;
    const seed = 64;
    const tokenCalls = () =>
      emulator.faults.requests().filter((r) => onRoute(target.routes.token, r)).length;
    const tokensBefore = tokenCalls();
    // The storm hits the first chunk; the other faults are armed as the upload moves on.
    const storm = target.storm ?? [{ status: 429, retryAfter: 1, times: 2 }];
    for (const refusal of storm) suite.refuse(emulator, refusal, chunk);
    const armed = new Set<string>();
    const entry = await drive.write(PATH, generatedBytes(size, seed), {
      size,
      createParents: true,
      onProgress: ({ bytes }) => {
        if (bytes >= 2 * target.chunkSize && !armed.has('drop')) {
          armed.add('drop');
          emulator.faults.inject({ kind: 'drop', phase: 'request', ...chunk });
        }
        if (bytes >= 4 * target.chunkSize && !armed.has('token')) {
          armed.add('token');
          control.expireTokens();
        }
      },
    });
    const kinds = ['sha256' as const, ...target.hashes];
    const expected = await digestsOf(generatedBytes(size, seed), kinds);
    expect(entry.size).toBe(size);
    for (const kind of target.hashes) expect(entry.hashes[kind], kind).toBe(expected.hashes[kind]);

    const records = emulator.faults.requests();
    const answers = answersOf(storm);
    expect(expectRetryAfterHonoured(records)).toBe(answers.filter((a) => a.status === 429).length);
    const chunks = records.filter((r) => onRoute(chunk, r));
    for (const status of new Set(answers.map((a) => a.status))) {
      const refused = chunks.filter((r) => r.status === status);
      expect(refused, `chunks answered ${status}`).toHaveLength(
        answers.filter((a) => a.status === status).length,
      );
    }
    expect(chunks.some((r) => r.fault === 'drop')).toBe(true);
    expect(armed).toEqual(new Set(['drop', 'token']));
    // Chunks that carry the token meet the expired one once and refresh; pre-authenticated chunk
    // URLs never do, so the refresh waits for the next API call.
    const refreshesInUpload = target.chunksCarryToken ? 1 : 0;
    expect(records.filter((r) => r.status === 401)).toHaveLength(refreshesInUpload);
    expect(tokenCalls()).toBe(tokensBefore + refreshesInUpload);

    expect(await digestsOf(await drive.read(PATH), kinds)).toEqual(expected);
    expect(tokenCalls()).toBe(tokensBefore + 1);
    expect(control.openUploadSessions()).toBe(0);
    const stored = control.readFile(target.account, PATH);
    expect(stored && sha256(stored)).toBe(expected.hashes.sha256);
  }, 60_000);
}
