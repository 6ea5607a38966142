import type { Entry } from '@polydrive/core';

/**
 * How a search result or a change names its item: `remote:/path` when the provider reported the
 * path, else the name and id (a path cannot be guessed from the name alone).
 */
export function describeEntry(remote: string, entry: Entry): string {
  const suffix = entry.kind === 'folder' ? '/' : '';
  return entry.path !== undefined
    ? `${remote}:${entry.path}${suffix}`
    : `${entry.name}${suffix} (id:${entry.id})`;
}
