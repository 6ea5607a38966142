import { PeakRss, rss, settle } from './memory.mjs';

/**
 * Something that counts what one measurement cost outside this process: the emulator (its CPU
 * share and the HTTP requests it saw) or a counter of provider calls.
 * @typedef {{ mark(): Promise<void>, since(): Promise<{ cpuShare?: number, requests: number }> }} Meter
 */

/**
 * Runs `work` once, after a garbage collection, and reports its wall time, this process's peak
 * RSS and growth over the idle RSS just before, this process's CPU share, and what `meter` saw.
 * Given `idle` (the RSS after a collection made earlier), it collects nothing first and measures
 * growth over that: a slice of a round then carries the garbage of the slices before it, as one
 * long run would.
 */
export async function measure(work, meter, idle) {
  if (idle === undefined) await settle();
  const before = idle ?? rss();
  const peak = new PeakRss();
  await meter?.mark();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await work();
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const outside = await meter?.since();
  const peakBytes = peak.stop();
  return {
    seconds,
    peakBytes,
    growthBytes: Math.max(0, peakBytes - before),
    cpuShare: (cpu.user + cpu.system) / 1e6 / seconds,
    emulatorCpuShare: outside?.cpuShare,
    requests: outside?.requests,
  };
}

/**
 * Measures Polydrive and its baseline `rounds` times, taking turns in the order A B B A A B ... so
 * that neither gains from always going first or second: each side keeps its median round (the
 * faster of the middle two for an even count: of 4 rounds, the second fastest), so that one lucky
 * or disturbed round decides nothing, with the highest peak RSS and growth of all its rounds
 * (time is noise-prone, memory is not to be flattered). `round` is given to the work, for names.
 */
export async function measurePair({ rounds, run, base, runMeter, baseMeter }) {
  const runs = [];
  const bases = [];
  const sides = {
    run: async (round) => runs.push(await measure(() => run(round), runMeter)),
    base: async (round) => bases.push(await measure(() => base(round), baseMeter)),
  };
  for (let round = 0; round < rounds; round++) {
    for (const side of turnOrder(round)) await sides[side](round);
  }
  return { run: medianRound(runs), base: medianRound(bases) };
}

/**
 * Measures Polydrive and its baseline over `rounds` rounds of `slices` slices each, taking turns
 * slice by slice in the order A B B A A B ...: a machine whose speed drifts within seconds (a
 * disk's write cache or burst credit running out, other work starting) then treats both sides
 * alike, where whole rounds could each fall in a fast or a slow spell. `run(round, slice)` and
 * `base(round, slice)` do one slice. Garbage is collected once per round, before its first slice,
 * not between slices (which would spare the side that leaves more garbage), and RSS growth is
 * over the RSS of that moment. Each side reports the mean round: its time and requests summed
 * over all slices and divided by the rounds, CPU shares weighted by time, and the highest peak
 * RSS and growth of any slice.
 */
export async function measureInterleaved({ rounds, slices, run, base, runMeter, baseMeter }) {
  const runs = [];
  const bases = [];
  let idle;
  const sides = {
    run: async (round, slice) => runs.push(await measure(() => run(round, slice), runMeter, idle)),
    base: async (round, slice) =>
      bases.push(await measure(() => base(round, slice), baseMeter, idle)),
  };
  let turn = 0;
  for (let round = 0; round < rounds; round++) {
    await settle();
    idle = rss();
    for (let slice = 0; slice < slices; slice++) {
      for (const side of turnOrder(turn++)) await sides[side](round, slice);
    }
  }
  return { run: meanRound(runs, rounds), base: meanRound(bases, rounds) };
}

/** Who goes first in the `turn`-th pair: A B, then B A, and so on. */
function turnOrder(turn) {
  return turn % 2 === 0 ? ['run', 'base'] : ['base', 'run'];
}

function meanRound(measurements, rounds) {
  const seconds = measurements.reduce((sum, m) => sum + m.seconds, 0);
  const weighted = (key) =>
    measurements.some((m) => m[key] === undefined)
      ? undefined
      : measurements.reduce((sum, m) => sum + m[key] * m.seconds, 0) / seconds;
  const requests = measurements.some((m) => m.requests === undefined)
    ? undefined
    : measurements.reduce((sum, m) => sum + m.requests, 0) / rounds;
  return {
    seconds: seconds / rounds,
    peakBytes: Math.max(...measurements.map((m) => m.peakBytes)),
    growthBytes: Math.max(...measurements.map((m) => m.growthBytes)),
    cpuShare: weighted('cpuShare'),
    emulatorCpuShare: weighted('emulatorCpuShare'),
    requests: requests === undefined ? undefined : Math.round(requests),
  };
}

function medianRound(measurements) {
  const sorted = [...measurements].sort((a, b) => a.seconds - b.seconds);
  return {
    ...sorted[Math.floor((sorted.length - 1) / 2)],
    peakBytes: Math.max(...measurements.map((m) => m.peakBytes)),
    growthBytes: Math.max(...measurements.map((m) => m.growthBytes)),
  };
}

/** Runs `task(i)` for i in 0..count-1 with at most `concurrency` in flight. */
export async function inPool(count, concurrency, task) {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}
