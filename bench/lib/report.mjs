import { availableParallelism, cpus, loadavg, release, totalmem, type } from 'node:os';
import { formatSize, GiB } from './sizes.mjs';

/** The machine a run happened on, in one line, with its load (other work skews the figures). */
export function machineLine(load = loadavg()[0]) {
  const model = cpus()[0]?.model?.trim() ?? 'unknown CPU';
  return `${availableParallelism()} cores (${model}), ${Math.round(totalmem() / GiB)} GiB RAM, Node ${process.version}, ${type()} ${release()}, load ${load.toFixed(1)} at start`;
}

/** What a run measured, in one line. */
export function settingsLine({ size, files, fileSize, concurrency, entries, rounds }) {
  return `large file ${formatSize(size)}; ${files} files of ${formatSize(fileSize)} at concurrency ${concurrency}; a folder of ${entries} entries; ${rounds} round${rounds === 1 ? '' : 's'} (small files: the mean, in slices taken in turn; the rest: the median)`;
}

const COLUMNS = [
  ['provider', (r) => r.provider],
  ['scenario', (r) => r.scenario],
  ['Polydrive', (r) => `${r.value} ${r.unit}`],
  ['baseline', (r) => `${r.baseline} ${r.unit}`],
  ['ratio', (r) => formatRatio(r.ratio)],
  ['peak RSS', (r) => `${r.peakRssMiB} MiB`],
  ['RSS growth (baseline)', (r) => `${r.rssGrowthMiB} MiB (${r.baselineRssGrowthMiB})`],
  [
    'requests (baseline)',
    (r) => (r.requests === null ? '' : `${r.requests} (${r.baselineRequests ?? '-'})`),
  ],
  ['CPU bench / emulator', cpu],
  ['target', target],
];

/** The rows as a Markdown table, readable in a terminal and pasteable into the README. */
export function markdownTable(rows) {
  const cells = rows.map((row) => COLUMNS.map(([, cell]) => cell(row)));
  const widths = COLUMNS.map(([title], i) =>
    Math.max(title.length, ...cells.map((line) => line[i].length)),
  );
  const line = (values) => `| ${values.map((value, i) => value.padEnd(widths[i])).join(' | ')} |`;
  return [
    line(COLUMNS.map(([title]) => title)),
    `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`,
    ...cells.map(line),
  ].join('\n');
}

/** Footnotes for the rows that carry one. */
export function notes(rows) {
  const seen = new Set();
  for (const row of rows) if (row.note) seen.add(`${row.provider}: ${row.note}`);
  return [...seen].map((text) => `* ${text}`);
}

function cpu(row) {
  const bench = `${row.cpuPercent}%`;
  if (row.emulatorCpuPercent === null) return bench;
  return `${bench} / ${row.emulatorCpuPercent}% (${row.baselineEmulatorCpuPercent}%)`;
}

function target(row) {
  if (row.meetsTargets === null) return row.note ? '*' : '';
  const parts = [];
  if (row.minRatio !== null) parts.push(`ratio ≥ ${row.minRatio}`);
  if (row.maxRssGrowthMiB !== null) parts.push(`growth ≤ ${row.maxRssGrowthMiB} MiB`);
  return `${row.meetsTargets ? 'met' : 'MISSED'}: ${parts.join(', ')}${row.note ? ' *' : ''}`;
}

/**
 * Two decimals cut down, not rounded, so that a ratio shown as 0.80 meets a 0.8 target; a ratio
 * under 0.01 keeps two significant digits.
 */
function formatRatio(ratio) {
  if (ratio < 0.01) return ratio.toPrecision(2);
  return (Math.floor(ratio * 100) / 100).toFixed(2);
}
