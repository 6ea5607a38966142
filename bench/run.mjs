#!/usr/bin/env node
// Benchmarks: each provider through Polydrive beside a raw baseline that moves the same bytes over
// the same protocol (node:fs, a Map, or plain fetch against the emulator). Prints a Markdown table
// and writes the rows as JSON with --json FILE. Timings live here, never in tests.
import { writeFile } from 'node:fs/promises';
import { EmulatorProcess } from './lib/emulator-process.mjs';
import { parseOptions, USAGE } from './lib/options.mjs';
import { machineLine, markdownTable, notes, settingsLine } from './lib/report.mjs';
import { PROVIDERS } from './providers/index.mjs';
import { SCENARIOS } from './scenarios/index.mjs';

let options;
try {
  options = parseOptions(process.argv.slice(2));
} catch (error) {
  console.error(`${error.message}\n\n${USAGE}`);
  process.exit(2);
}
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}
const selected = options.providers ?? PROVIDERS.map((provider) => provider.name);
const unknown = selected.filter((name) => !PROVIDERS.some((provider) => provider.name === name));
if (unknown.length > 0) {
  console.error(
    `Unknown provider ${unknown.join(', ')}; known: ${PROVIDERS.map((p) => p.name).join(', ')}.`,
  );
  process.exit(2);
}

const machine = machineLine();
let emulator;
const env = { emulator: () => (emulator ??= EmulatorProcess.start()) };
const rows = [];
const baselines = [];
console.error(settingsLine(options));
try {
  for (const provider of PROVIDERS.filter((entry) => selected.includes(entry.name))) {
    const target = await provider.open(env);
    baselines.push(`${target.name}: ${target.baseline.label}`);
    try {
      for (const scenario of SCENARIOS) {
        for (const row of await scenario(target, options)) {
          console.error(
            `  ${row.provider} ${row.scenario}: ${row.value} ${row.unit} (x${row.ratio})`,
          );
          rows.push(row);
        }
      }
    } finally {
      await target.close();
    }
  }
} finally {
  await (await emulator)?.stop();
}

console.log(`Machine: ${machine}`);
console.log(`Run: ${settingsLine(options)}`);
console.log(`Baselines: ${baselines.join('; ')}\n`);
console.log(markdownTable(rows));
for (const line of notes(rows)) console.log(line);
if (options.json) await writeFile(options.json, `${JSON.stringify(rows, null, 2)}\n`);
