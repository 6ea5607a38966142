import { describe, expect, it } from 'vitest';
import { expectCode, type SuiteContext } from '../context.js';

/** Bad paths are refused up front with InvalidArgument and a message that says why. */
export function pathScenarios({ drive, p }: SuiteContext): void {
  describe('bad paths', () => {
    const cases: ReadonlyArray<[string, () => string, RegExp]> = [
      ['a .. segment', () => `${p()}/../escape.txt`, /'\.\.'/],
      ['a . segment', () => `${p()}/./x.txt`, /'\.'/],
      ['an empty segment', () => `${p()}//x.txt`, /empty segment/],
      ['a NUL character', () => `${p()}/nul\u0000.txt`, /NUL/],
      ['a control character', () => `${p()}/tab\there.txt`, /control character/],
      ['a newline', () => `${p()}/line\nbreak.txt`, /control character/],
      [
        'an over-long name',
        () => `${p()}/${'n'.repeat(drive().capabilities.names.maxNameLength + 1)}`,
        /long/,
      ],
      [
        'an over-long path',
        () => `${p()}/${Array(drive().capabilities.names.maxPathLength).fill('d').join('/')}`,
        /long/,
      ],
    ];
    for (const [label, path, message] of cases) {
      it(`refuses a path with ${label}`, async () => {
        const err = await expectCode(drive().write(path(), 'x'), 'InvalidArgument');
        expect(err.message).toMatch(message);
        await expectCode(drive().stat(path()), 'InvalidArgument');
      });
    }

    it('refuses a non-string path', async () => {
      await expectCode(drive().stat(42 as unknown as string), 'InvalidArgument');
    });

    it('refuses to write the root', async () => {
      await expectCode(drive().write('/', 'x'), 'InvalidArgument');
    });

    it("refuses names with this provider's invalid characters", async () => {
      const invalid = [...drive().capabilities.names.invalidChars].filter((c) => c !== '/');
      for (const ch of invalid) {
        const err = await expectCode(drive().write(p(`bad${ch}name.txt`), 'x'), 'InvalidArgument');
        expect(err.message).toContain(JSON.stringify(ch));
      }
      for (const reserved of drive().capabilities.names.reservedNames) {
        await expectCode(drive().write(p(reserved), 'x'), 'InvalidArgument');
      }
      expect(await drive().exists(p())).toBe(true);
    });

    it('normalises a trailing slash and a relative path', async () => {
      await drive().write(p('t.txt'), 'x');
      expect((await drive().stat(`${p()}/`)).kind).toBe('folder');
      expect((await drive().stat(p('t.txt').slice(1))).name).toBe('t.txt');
    });
  });
}
