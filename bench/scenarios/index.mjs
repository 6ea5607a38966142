import { largeFile } from './large-file.mjs';
import { listing } from './listing.mjs';
import { smallFiles } from './small-files.mjs';

/** The scenarios every provider runs, in order; each resolves with result rows. */
export const SCENARIOS = [largeFile, smallFiles, listing];
