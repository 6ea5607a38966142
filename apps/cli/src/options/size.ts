import { InvalidArgumentError } from 'commander';

const UNITS: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 };

/**
 * Parses a byte size as options take it: `1048576`, `256K`, `10M`, `1G` (binary units; `KiB`,
 * `MB` and `k` are read the same way). For commander: throws its InvalidArgumentError.
 */
export function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([KMG]?)(?:i?B)?$/i.exec(text.trim());
  const value = match ? Number(match[1]) * (UNITS[(match[2] ?? '').toUpperCase()] ?? 1) : NaN;
  if (!Number.isFinite(value) || value < 1) {
    throw new InvalidArgumentError('Write a size in bytes, or with K, M or G (e.g. 256K, 10M).');
  }
  return Math.floor(value);
}
