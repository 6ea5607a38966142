import cliProgress from 'cli-progress';
import { formatBytes } from './format.js';
import type { Output } from './output.js';

/** Progress of one transfer, in bytes. */
export interface TransferProgress {
  /** Bytes done so far. */
  update(bytes: number): void;
  /** Removes the bar (after success or failure). */
  stop(): void;
}

const SILENT: TransferProgress = { update: () => undefined, stop: () => undefined };

/**
 * A bar with bytes, rate and ETA on stderr when it is a terminal; nothing otherwise (pipes, CI,
 * `--json`), so that logs stay clean.
 */
export function startProgress(output: Output, label: string, total: number): TransferProgress {
  if (!output.progress) return SILENT;
  const bar = new cliProgress.SingleBar({
    stream: output.stderr,
    format: `{label} [{bar}] {percentage}% {done}/{size} {rate} ETA {eta_formatted}`,
    barsize: 24,
    hideCursor: true,
    clearOnComplete: true,
    linewrap: true,
    etaBuffer: 50,
  });
  const started = Date.now();
  const payload = (bytes: number) => {
    const seconds = (Date.now() - started) / 1000;
    return {
      label,
      done: formatBytes(bytes),
      size: formatBytes(total),
      rate: seconds > 0 ? `${formatBytes(Math.round(bytes / seconds))}/s` : '-',
    };
  };
  // Drawn at the first byte, so that notes printed before the transfer starts stay on their own
  // lines, and a server-side copy (which reports no bytes) shows no bar stuck at 0%.
  let shown = false;
  return {
    update: (bytes) => {
      if (!shown) {
        bar.start(total, 0, payload(0));
        shown = true;
      }
      bar.update(Math.min(bytes, total), payload(bytes));
    },
    stop: () => {
      if (shown) bar.stop();
    },
  };
}
