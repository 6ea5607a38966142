import { KiB, MiB, parseSize } from './sizes.mjs';

/** What a run measures when no option says otherwise (the figures). */
const DEFAULTS = {
  size: 256 * MiB,
  files: 2000,
  fileSize: 4 * KiB,
  concurrency: 8,
  entries: 20000,
  rounds: 2,
};

/** `--quick`: a smoke run of a few seconds per provider; 12 MiB still takes every upload session. */
const QUICK = { size: 12 * MiB, files: 64, entries: 600, rounds: 1 };

export const USAGE = `Usage: npm run bench -- [options]

  --size SIZE         large file size (default 256MiB; e.g. 1GiB)
  --files N           small files to upload (default 2000)
  --file-size SIZE    size of each small file (default 4KiB)
  --concurrency N     small uploads in flight (default 8)
  --entries N         entries in the listed folder (default 20000)
  --rounds N          measurements per side, alternating; the median round counts (of
                      2, the faster), for small files the mean of slices taken in turn
                      (default 2)
  --providers LIST    comma-separated subset, e.g. local,onedrive (default all)
  --json FILE         also write the rows as JSON
  --quick             a small smoke run (12MiB, 64 files, 600 entries, 1 round)
  --help              this text`;

/** Reads the command line into the run's settings; throws with the usage on a mistake. */
export function parseOptions(argv) {
  const given = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined || next.startsWith('--')) throw new Error(`${flag} needs a value.`);
      return next;
    };
    switch (flag) {
      case '--size':
        given.size = parseSize(value());
        break;
      case '--files':
        given.files = positiveInteger(flag, value());
        break;
      case '--file-size':
        given.fileSize = parseSize(value());
        break;
      case '--concurrency':
        given.concurrency = positiveInteger(flag, value());
        break;
      case '--entries':
        given.entries = positiveInteger(flag, value());
        break;
      case '--rounds':
        given.rounds = positiveInteger(flag, value());
        break;
      case '--providers':
        given.providers = value()
          .split(',')
          .map((name) => name.trim())
          .filter(Boolean);
        break;
      case '--json':
        given.json = value();
        break;
      case '--quick':
        given.quick = true;
        break;
      case '--help':
      case '-h':
        given.help = true;
        break;
      default:
        throw new Error(`Unknown option ${flag}.`);
    }
  }
  return { ...DEFAULTS, ...(given.quick ? QUICK : {}), ...given };
}

function positiveInteger(flag, text) {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${flag} needs a whole number >= 1, got ${text}.`);
  return n;
}
