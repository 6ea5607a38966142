import { MiB } from './sizes.mjs';

/**
 * One result row, as printed and as written to JSON: Polydrive's figure beside the raw
 * baseline's, their ratio, memory, requests, CPU shares and whether the targets are met.
 */
export function resultRow({
  provider,
  scenario,
  unit,
  amount,
  run,
  base,
  minRatio,
  maxGrowth,
  note,
}) {
  const value = amount / run.seconds;
  const baseline = amount / base.seconds;
  const ratio = value / baseline;
  const growthMiB = run.growthBytes / MiB;
  const checks = [
    ...(minRatio !== undefined ? [ratio >= minRatio] : []),
    ...(maxGrowth !== undefined ? [run.growthBytes <= maxGrowth] : []),
  ];
  return {
    provider,
    scenario,
    value: round(value, 1),
    unit,
    baseline: round(baseline, 1),
    // Three significant digits: a tiny ratio (memory's baseline is a Map lookup) stays above 0.
    ratio: Number(ratio.toPrecision(3)),
    peakRssMiB: round(run.peakBytes / MiB, 0),
    rssGrowthMiB: round(growthMiB, 0),
    baselinePeakRssMiB: round(base.peakBytes / MiB, 0),
    baselineRssGrowthMiB: round(base.growthBytes / MiB, 0),
    requests: run.requests ?? null,
    baselineRequests: base.requests ?? null,
    cpuPercent: round(run.cpuShare * 100, 0),
    emulatorCpuPercent: share(run.emulatorCpuShare),
    baselineEmulatorCpuPercent: share(base.emulatorCpuShare),
    minRatio: minRatio ?? null,
    maxRssGrowthMiB: maxGrowth !== undefined ? round(maxGrowth / MiB, 0) : null,
    meetsTargets: checks.length === 0 ? null : checks.every(Boolean),
    ...(note ? { note } : {}),
  };
}

function share(value) {
  return value === undefined ? null : round(value * 100, 0);
}

function round(value, digits) {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
