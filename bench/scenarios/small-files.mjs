import { inPool, measurePair } from '../lib/measure.mjs';
import { resultRow } from '../lib/rows.mjs';

/** Files per side sent before measuring, so that both processes run optimised code. */
const WARM_FILES = 200;

/** `files` small files uploaded with `concurrency` in flight, through Polydrive and the baseline. */
export async function smallFiles(target, { files, fileSize, concurrency, rounds }) {
  const { drive, baseline } = target;
  const bytes = new Uint8Array(fileSize).map((_, i) => (i * 13 + 5) & 0xff);
  const name = (i) => `f${String(i).padStart(6, '0')}.bin`;
  const viaDrive = (folder, count) =>
    inPool(count, concurrency, (i) => drive.write(`${folder}/${name(i)}`, bytes));
  const viaBaseline = (folder, count) =>
    inPool(count, concurrency, (i) => baseline.uploadSmall(`${folder}/${name(i)}`, bytes));
  const folders = Array.from({ length: rounds + 1 }, (_, round) => `/small-${round}`);
  for (const folder of folders) {
    await drive.mkdir(folder);
    await baseline.mkdir(`${folder}-baseline`);
  }

  const warm = Math.min(files, WARM_FILES);
  await viaDrive(folders[rounds], warm);
  await viaBaseline(`${folders[rounds]}-baseline`, warm);
  const measured = await measurePair({
    rounds,
    runMeter: target.meter,
    baseMeter: baseline.meter,
    run: (round) => viaDrive(folders[round], files),
    base: (round) => viaBaseline(`${folders[round]}-baseline`, files),
  });
  for (const folder of folders) {
    await drive.delete(folder, { recursive: true });
    await baseline.remove(`${folder}-baseline`);
  }

  return [
    resultRow({
      provider: target.name,
      scenario: `${files} small files up (x${concurrency})`,
      unit: 'files/s',
      amount: files,
      ...measured,
      note: target.note,
      ...(target.targets === false ? {} : { minRatio: 0.9 }),
    }),
  ];
}
