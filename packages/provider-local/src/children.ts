import { readdir } from 'node:fs/promises';
import { STAGING_FOLDER } from './staging.js';

/** A child of a folder that the provider shows: a regular file or a folder. */
export interface Child {
  readonly name: string;
  readonly kind: 'file' | 'folder';
}

/**
 * The children of a folder that the provider shows, sorted by name (UTF-16 code units).
 * Symbolic links, devices, sockets and pipes are left out, and so is the staging folder.
 */
export async function visibleChildren(abs: string, isRoot: boolean): Promise<Child[]> {
  const children: Child[] = [];
  for (const dirent of await readdir(abs, { withFileTypes: true })) {
    if (isRoot && dirent.name === STAGING_FOLDER) continue;
    if (dirent.isFile()) children.push({ name: dirent.name, kind: 'file' });
    else if (dirent.isDirectory()) children.push({ name: dirent.name, kind: 'folder' });
  }
  return children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The index of the first child named after `after` in children sorted by name, or 0 without
 * `after`.
 */
export function indexAfter(children: readonly Child[], after: string | undefined): number {
  if (after === undefined) return 0;
  let low = 0;
  let high = children.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((children[mid] as Child).name <= after) low = mid + 1;
    else high = mid;
  }
  return low;
}
