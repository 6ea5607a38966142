/**
 * The n-th alternative for a taken name, as used by the 'rename' conflict policy:
 * `report.pdf` -> `report (1).pdf`, `archive.tar.gz` -> `archive (1).tar.gz`, `.env` -> `.env (1)`.
 */
export function numberedName(name: string, n: number): string {
  const dot = name.indexOf('.', 1);
  if (dot === -1) return `${name} (${n})`;
  return `${name.slice(0, dot)} (${n})${name.slice(dot)}`;
}

/** The first numbered alternative of `name` that `isTaken` says is free. */
export function firstFreeName(name: string, isTaken: (candidate: string) => boolean): string {
  if (!isTaken(name)) return name;
  for (let n = 1; ; n++) {
    const candidate = numberedName(name, n);
    if (!isTaken(candidate)) return candidate;
  }
}
