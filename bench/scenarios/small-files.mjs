import { inPool, measureInterleaved } from '../lib/measure.mjs';
import { resultRow } from '../lib/rows.mjs';

/** Files per side sent before measuring, so that both processes run optimised code. */
const WARM_FILES = 200;

/** Files per slice: the two sides take turns this often (see measureInterleaved). */
const SLICE_FILES = 250;

/** `files` small files uploaded with `concurrency` in flight, through Polydrive and the baseline. */
export async function smallFiles(target, { files, fileSize, concurrency, rounds }) {
  const { drive, baseline } = target;
  const bytes = new Uint8Array(fileSize).map((_, i) => (i * 13 + 5) & 0xff);
  const name = (i) => `f${String(i).padStart(6, '0')}.bin`;
  // Files `from` to `from + count - 1`, `concurrency` in flight.
  const viaDrive = (folder, count, from = 0) =>
    inPool(count, concurrency, (i) => drive.write(`${folder}/${name(from + i)}`, bytes));
  const viaBaseline = (folder, count, from = 0) =>
    inPool(count, concurrency, (i) => baseline.uploadSmall(`${folder}/${name(from + i)}`, bytes));
  const folders = Array.from({ length: rounds + 1 }, (_, round) => `/small-${round}`);
  for (const folder of folders) {
    await drive.mkdir(folder);
    await baseline.mkdir(`${folder}-baseline`);
  }

  const warm = Math.min(files, WARM_FILES);
  await viaDrive(folders[rounds], warm);
  await viaBaseline(`${folders[rounds]}-baseline`, warm);
  const slices = Math.ceil(files / SLICE_FILES);
  const sliceFiles = (slice) => Math.min(SLICE_FILES, files - slice * SLICE_FILES);
  const measured = await measureInterleaved({
    rounds,
    slices,
    runMeter: target.meter,
    baseMeter: baseline.meter,
    run: (round, slice) => viaDrive(folders[round], sliceFiles(slice), slice * SLICE_FILES),
    base: (round, slice) =>
      viaBaseline(`${folders[round]}-baseline`, sliceFiles(slice), slice * SLICE_FILES),
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
