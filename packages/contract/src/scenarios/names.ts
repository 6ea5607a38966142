import { describe, expect, it } from 'vitest';
import { expectCode, type SuiteContext } from '../context.js';
import { collect } from '../fixtures.js';

const NAMES: ReadonlyArray<[string, string]> = [
  ['spaces', 'with some spaces.txt'],
  ['unicode NFC', 'caf\u00e9 na\u00efve.txt'],
  ['unicode NFD', 'cafe\u0301 nai\u0308ve.txt'],
  ['a hash sign', 'issue #42.txt'],
  ['a percent sign', '100% done %20.txt'],
  ['quotes', `it's "quoted".txt`],
  ['emoji', 'rocket \u{1F680} \u{1F469}\u200D\u{1F4BB}.txt'],
  ['a plus and an ampersand', 'a+b & c=d.txt'],
];

/** Names that need escaping somewhere on the way: each round-trips, or is refused up front. */
export function nameScenarios({ drive, p }: SuiteContext): void {
  describe('names', () => {
    for (const [label, name] of NAMES) {
      it(`round-trips a name with ${label}`, async () => {
        const rules = drive().capabilities.names;
        const forbidden = [...rules.invalidChars].find((ch) => name.includes(ch));
        if (forbidden) {
          const err = await expectCode(drive().write(p(name), 'x'), 'InvalidArgument');
          expect(err.message).toContain(JSON.stringify(forbidden));
          return;
        }
        const entry = await drive().write(p(name), label);
        expect(entry.name.normalize('NFC')).toBe(name.normalize('NFC'));
        expect(await drive().readText(p(name))).toBe(label);
        const listed = await collect(drive().list(p()));
        expect(listed.map((e) => e.name.normalize('NFC'))).toContain(name.normalize('NFC'));
        const viaList = listed.find((e) => e.name.normalize('NFC') === name.normalize('NFC'));
        expect(await drive().readText({ id: viaList?.id as string })).toBe(label);
      });
    }

    it('keeps a folder name with spaces and unicode usable as a parent', async () => {
      await drive().mkdir(p('Dossier été'));
      await drive().write(p('Dossier été', 'note.txt'), 'ok');
      expect(await drive().readText(p('Dossier été', 'note.txt'))).toBe('ok');
    });
  });
}
