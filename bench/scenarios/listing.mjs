import { measurePair } from '../lib/measure.mjs';
import { resultRow } from '../lib/rows.mjs';

const FOLDER = '/listing';

/** Lists a folder of `entries` children to the end, through Polydrive and the baseline. */
export async function listing(target, { entries, rounds }) {
  const { drive, baseline } = target;
  const removeFolder = await target.fill(FOLDER, entries);
  const measured = await measurePair({
    rounds,
    runMeter: target.meter,
    baseMeter: baseline.meter,
    run: async () => {
      let seen = 0;
      for await (const _entry of drive.list(FOLDER)) seen += 1;
      expectCount('Polydrive', seen, entries);
    },
    base: async () => expectCount('baseline', await baseline.list(FOLDER), entries),
  });
  await removeFolder();
  return [
    resultRow({
      provider: target.name,
      scenario: `list ${entries} entries`,
      unit: 'entries/s',
      amount: entries,
      ...measured,
      note: target.note,
    }),
  ];
}

function expectCount(who, seen, expected) {
  if (seen !== expected) throw new Error(`${who} listed ${seen} entries, expected ${expected}.`);
}
