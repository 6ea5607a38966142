#!/usr/bin/env node
// Benchmarks: one large file up and down through Polydrive, beside a raw node:fs baseline.
// Usage: npm run bench -- [--size 256MiB] [--json FILE]. Timings are measured here, never in tests.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createDrive } from '@polydrive/core';

const args = process.argv.slice(2);
const arg = (name, def) => {
  const i = args.indexOf(name);
  return i === -1 ? def : args[i + 1];
};
const parseSize = (s) => {
  const m = /^(\d+(?:\.\d+)?)\s*(B|KiB|MiB|GiB)?$/i.exec(s);
  if (!m) throw new Error(`bad --size ${s}: use e.g. 256MiB`);
  const unit = { b: 1, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 }[(m[2] ?? 'B').toLowerCase()];
  return Math.round(Number(m[1]) * unit);
};
const size = parseSize(arg('--size', '256MiB'));
const MiB = 1024 * 1024;

let peak = 0;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 20);

/** A deterministic source of `total` bytes in 1 MiB pieces, never held whole. */
async function* source(total) {
  const block = new Uint8Array(MiB).map((_, i) => (i * 7 + 3) & 0xff);
  for (let sent = 0; sent < total; sent += MiB)
    yield block.subarray(0, Math.min(MiB, total - sent));
}

async function measure(fn) {
  global.gc?.();
  const idle = process.memoryUsage().rss;
  peak = idle;
  const t0 = performance.now();
  await fn();
  const seconds = (performance.now() - t0) / 1000;
  peak = Math.max(peak, process.memoryUsage().rss);
  return { mibps: size / MiB / seconds, peakMiB: peak / MiB, growthMiB: (peak - idle) / MiB };
}

const dir = await mkdtemp(join(tmpdir(), 'pd-bench-'));
const rows = [];
try {
  const rawFile = join(dir, 'raw.bin');
  const rawUp = await measure(() => pipeline(source(size), createWriteStream(rawFile)));
  const rawDown = await measure(async () => {
    for await (const _ of createReadStream(rawFile)) void _;
  });
  await writeFile(rawFile, '');
  for (const [provider, uri] of [
    ['local', `local://${join(dir, 'local')}`],
    ['memory', 'memory:'],
  ]) {
    if (provider === 'local')
      await import('node:fs/promises').then((fs) => fs.mkdir(join(dir, 'local')));
    const drive = await createDrive(uri);
    const up = await measure(() => drive.write('/big.bin', source(size), { size }));
    const down = await measure(async () => {
      for await (const _ of await drive.read('/big.bin')) void _;
    });
    for (const [scenario, m, base] of [
      ['large file up', up, rawUp],
      ['large file down', down, rawDown],
    ]) {
      rows.push({
        provider,
        scenario,
        value: +m.mibps.toFixed(1),
        unit: 'MiB/s',
        baseline: +base.mibps.toFixed(1),
        ratio: +(m.mibps / base.mibps).toFixed(2),
        peakRssMiB: +m.peakMiB.toFixed(0),
        rssGrowthMiB: +m.growthMiB.toFixed(0),
      });
    }
    await drive.close();
  }
} finally {
  clearInterval(sampler);
  await rm(dir, { recursive: true, force: true });
}

console.log(`size ${(size / MiB).toFixed(0)} MiB, node ${process.version}`);
console.table(rows);
const jsonFile = arg('--json', undefined);
if (jsonFile) await writeFile(jsonFile, `${JSON.stringify(rows, null, 2)}\n`);
