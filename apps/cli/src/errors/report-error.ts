import { PolydriveError } from '@polydrive/core';
import type { Output } from '../output/output.js';
import { hintsOf } from './hints.js';

/**
 * Tells the user what went wrong and what to do, on stderr: the error's message (with its
 * advice) and the CLI's hints; with `--json`, one JSON object `{ "error": {...} }`.
 */
export function reportError(err: unknown, output: Output, debug: boolean): void {
  const hints = hintsOf(err);
  if (output.json) {
    const error =
      err instanceof PolydriveError
        ? err.toJSON()
        : { name: 'Error', code: 'Internal', message: errorText(err) };
    output.stderr.write(`${JSON.stringify({ error: { ...error, hints } })}\n`);
    return;
  }
  if (err instanceof PolydriveError) {
    output.note(`polydrive: ${err.message}`);
  } else {
    output.note(`polydrive: unexpected error: ${errorText(err)}`);
    if (!debug) output.note('  This is a bug: run again with --debug for details, and report it.');
  }
  for (const hint of hints) output.note(`  ${hint}`);
  if (debug && err instanceof Error && err.stack) output.note(err.stack);
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
