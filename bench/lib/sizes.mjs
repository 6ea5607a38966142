/** Bytes in one KiB, MiB and GiB. */
export const KiB = 1024;
export const MiB = 1024 * KiB;
export const GiB = 1024 * MiB;

const UNITS = { b: 1, kib: KiB, mib: MiB, gib: GiB, kb: KiB, mb: MiB, gb: GiB };

/** Parses `256MiB`, `1GiB`, `4KiB` or a plain byte count into bytes. */
export function parseSize(text) {
  const match = /^(\d+(?:\.\d+)?)\s*([kmg]i?b|b)?$/i.exec(String(text).trim());
  if (!match)
    throw new Error(`Cannot read the size '${text}': write it like 256MiB, 1GiB or 4KiB.`);
  const unit = UNITS[(match[2] ?? 'b').toLowerCase().replace(/^([kmg])b$/, '$1ib')];
  return Math.round(Number(match[1]) * unit);
}

/** A byte count for people: `256 MiB`, `4 KiB`, `1 GiB`. */
export function formatSize(bytes) {
  for (const [unit, size] of [
    ['GiB', GiB],
    ['MiB', MiB],
    ['KiB', KiB],
  ]) {
    if (bytes >= size && bytes % (size / 4) === 0) return `${bytes / size} ${unit}`;
  }
  return `${bytes} B`;
}
