import { dropboxBench } from './dropbox.mjs';
import { gdriveBench } from './gdrive.mjs';
import { localBench } from './local.mjs';
import { memoryBench } from './memory.mjs';
import { onedriveBench } from './onedrive.mjs';

/**
 * The providers a run measures, in order. An entry is `{ name, open(env) }`; `open` resolves
 * with the drive (through `createDrive`, standard layers included), the raw baseline that speaks
 * the same protocol, the meters, and `fill(folder, count)`, which makes the listed folder outside
 * the measured paths and resolves with a function that removes it. Optional: `note` (a footnote
 * for its rows) and `targets: false` (the targets do not apply). `env.emulator()` starts
 * the shared emulator process on first use. `memory` comes last: its files live in the bench
 * process, and the RSS they add would hide the growth of the providers measured after it.
 */
export const PROVIDERS = [localBench, onedriveBench, gdriveBench, dropboxBench, memoryBench];
