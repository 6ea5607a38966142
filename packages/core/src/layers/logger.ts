/** Structured context of a log line. Values must be safe to log: no bytes, no secrets. */
export type LogFields = Readonly<Record<string, unknown>>;

/** A minimal logger; adapt pino, winston or console to it. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** Log levels from the most to the least verbose. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const SEVERITY: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/**
 * A Logger that writes lines at `level` and above to the console, as
 * `[polydrive] message {"field":"value"}`.
 */
export function consoleLogger(level: LogLevel = 'info'): Logger {
  const at =
    (lineLevel: LogLevel) =>
    (message: string, fields?: LogFields): void => {
      if (SEVERITY[lineLevel] < SEVERITY[level]) return;
      const context = fields && Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
      console[lineLevel](`[polydrive] ${message}${context}`);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
