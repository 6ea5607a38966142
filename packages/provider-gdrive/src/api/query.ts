/** A string literal for the Drive query language: `'` and `\` escaped (wire reference B.3). */
export function quote(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

/** Untrashed children of a folder. */
export function childrenQuery(folderId: string): string {
  return `${quote(folderId)} in parents and trashed = false`;
}

/** Untrashed children of a folder with an exact name. */
export function namedChildQuery(folderId: string, name: string): string {
  return `${childrenQuery(folderId)} and name = ${quote(name)}`;
}
