import { describe, expect, it } from 'vitest';
import { expectCode, type SuiteContext } from '../context.js';
import { patternBytes } from '../fixtures.js';

/** Ranged reads, or Unsupported where the provider has none. */
export function rangeScenarios({ drive, p }: SuiteContext): void {
  describe('range reads', () => {
    const data = patternBytes(10_000, 21);

    it('reads a range in the middle', async () => {
      await drive().write(p('r.bin'), data);
      const read = drive().readBytes(p('r.bin'), { range: { offset: 1000, length: 2345 } });
      if (!drive().capabilities.rangeRead) return void (await expectCode(read, 'Unsupported'));
      expect(await read).toEqual(data.subarray(1000, 3345));
    });

    it('reads from an offset to the end', async () => {
      await drive().write(p('r.bin'), data);
      const read = drive().readBytes(p('r.bin'), { range: { offset: 9_000 } });
      if (!drive().capabilities.rangeRead) return void (await expectCode(read, 'Unsupported'));
      expect(await read).toEqual(data.subarray(9_000));
    });

    it('clips a range that runs past the end', async () => {
      await drive().write(p('r.bin'), data);
      const read = drive().readBytes(p('r.bin'), { range: { offset: 9_990, length: 100 } });
      if (!drive().capabilities.rangeRead) return void (await expectCode(read, 'Unsupported'));
      expect(await read).toEqual(data.subarray(9_990));
    });

    it('reads the first byte', async () => {
      await drive().write(p('r.bin'), data);
      const read = drive().readBytes(p('r.bin'), { range: { offset: 0, length: 1 } });
      if (!drive().capabilities.rangeRead) return void (await expectCode(read, 'Unsupported'));
      expect(await read).toEqual(data.subarray(0, 1));
    });

    it('refuses a negative offset -> InvalidArgument', async () => {
      await drive().write(p('r.bin'), data);
      const read = drive().readBytes(p('r.bin'), { range: { offset: -1, length: 2 } });
      await expectCode(read, drive().capabilities.rangeRead ? 'InvalidArgument' : 'Unsupported');
    });
  });
}
