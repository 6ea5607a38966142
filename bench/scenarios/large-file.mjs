import { measurePair } from '../lib/measure.mjs';
import { resultRow } from '../lib/rows.mjs';
import { MiB } from '../lib/sizes.mjs';
import { drain, expectBytes, source } from '../lib/source.mjs';

const PATH = '/big.bin';
const BASELINE_PATH = '/big-baseline.bin';

/** The RSS target: growth under twice the chunk size plus 32 MiB, whatever the file size. */
export function rssLimit(chunkSize) {
  return 2 * chunkSize + 32 * MiB;
}

/**
 * One large file up and down through Polydrive and through the raw baseline, after a warm-up of
 * a few chunks on both paths (so neither side pays for JIT compilation in the measured rounds).
 */
export async function largeFile(target, { size, rounds }) {
  const { drive, baseline } = target;
  const chunk = drive.capabilities.chunkDefaultSize;
  await warmUp(target, Math.min(size, 3 * chunk + MiB));
  const meters = { runMeter: target.meter, baseMeter: baseline.meter };

  const up = await measurePair({
    rounds,
    ...meters,
    run: () => drive.write(PATH, source(size), { size }),
    base: () => baseline.uploadLarge(BASELINE_PATH, source(size), size),
  });
  const down = await measurePair({
    rounds,
    ...meters,
    run: async () => expectBytes('Polydrive download', await drain(await drive.read(PATH)), size),
    base: async () =>
      expectBytes('baseline download', await baseline.downloadLarge(BASELINE_PATH), size),
  });
  await drive.delete(PATH);
  await baseline.remove(BASELINE_PATH);

  const common = {
    provider: target.name,
    unit: 'MiB/s',
    amount: size / MiB,
    note: target.note,
    ...(target.targets === false ? {} : { minRatio: 0.8, maxGrowth: rssLimit(chunk) }),
  };
  return [
    resultRow({ ...common, scenario: 'large file up', ...up }),
    resultRow({ ...common, scenario: 'large file down', ...down }),
  ];
}

async function warmUp({ drive, baseline }, size) {
  await drive.write(PATH, source(size), { size });
  await baseline.uploadLarge(BASELINE_PATH, source(size), size);
  expectBytes('Polydrive download', await drain(await drive.read(PATH)), size);
  expectBytes('baseline download', await baseline.downloadLarge(BASELINE_PATH), size);
  await drive.delete(PATH);
  await baseline.remove(BASELINE_PATH);
}
