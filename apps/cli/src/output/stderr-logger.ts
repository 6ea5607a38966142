import type { Writable } from 'node:stream';
import type { LogFields, Logger } from '@polydrive/core';

/**
 * The `--debug` logger: every line on stderr, so that stdout keeps only results (core's
 * consoleLogger would write debug lines to stdout).
 */
export function stderrLogger(stderr: Writable): Logger {
  const at =
    (level: string) =>
    (message: string, fields?: LogFields): void => {
      const context = fields && Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
      stderr.write(`[polydrive ${level}] ${message}${context}\n`);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
