import { link, mkdir, rename, rmdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConflictPolicy } from '@polydrive/core';
import { errnoCode, numberedName, PolydriveError } from '@polydrive/core';
import { lstatIfExists, renamePath } from './fs-calls.js';
import type { Staging } from './staging.js';

/** What a placement moves into place: its absolute path and whether it is a file or a folder. */
export interface PlacementSource {
  readonly abs: string;
  readonly kind: 'file' | 'folder';
}

/** Where an item goes and how a taken name is handled. */
export interface PlacementTarget {
  /** Absolute path of the destination folder. */
  readonly folder: string;
  readonly name: string;
  /** Absolute path of `name` in `folder`. */
  readonly abs: string;
  readonly conflict: ConflictPolicy;
  /**
   * Whether 'replace' may replace a folder. Moves and copies replace whatever holds the name;
   * a file write never deletes a folder's content.
   */
  readonly replaceFolders: boolean;
  /**
   * What `lstat` said about the name just before, under the caller's lock (null: nothing was
   * there), so that 'replace' need not look again. Omitted: placement looks itself.
   */
  readonly existing?: { isDirectory(): boolean } | null;
}

/**
 * Renames `source` into the destination folder under the conflict policy and returns the name
 * it got. Names are claimed atomically: a hard link (files) or mkdir (folders) fails when the
 * name is taken, so two racing 'fail' placements cannot both win. The source is consumed.
 */
export function placeItem(
  source: PlacementSource,
  target: PlacementTarget,
  staging: Staging,
): Promise<string> {
  if (target.conflict !== 'replace') {
    return claimName(target.folder, target.name, target.conflict, (dest) => claim(source, dest));
  }
  const named = (): string => target.name;
  const { existing } = target;
  // The usual write: what holds the name is known and a rename puts the file in place, with no
  // async frame around it.
  if (existing === null || (existing !== undefined && fileOverFile(source, existing))) {
    return renamePath(source.abs, target.abs).then(named);
  }
  return replace(source, target, staging).then(named);
}

/** The error for a name that is taken under the 'fail' policy. */
export function alreadyExistsError(name: string): PolydriveError {
  return new PolydriveError('AlreadyExists', {
    message: `An item named ${JSON.stringify(name)} already exists in the destination folder.`,
  });
}

/**
 * Claims `name` in a folder, or under 'rename' the first free numbered variant of it, with
 * `tryClaim`, which must fail atomically (and return false) when a name is taken.
 */
export async function claimName(
  folder: string,
  name: string,
  conflict: 'fail' | 'rename',
  tryClaim: (dest: string) => Promise<boolean>,
): Promise<string> {
  for (let n = 0; ; n++) {
    const candidate = n === 0 ? name : numberedName(name, n);
    if (await tryClaim(join(folder, candidate))) return candidate;
    if (conflict === 'fail') throw alreadyExistsError(name);
  }
}

/** Creates an empty folder at `dest`; false when the name is taken. */
export async function claimFolder(dest: string): Promise<boolean> {
  try {
    await mkdir(dest);
    return true;
  } catch (err) {
    if (errnoCode(err) === 'EEXIST') return false;
    throw err;
  }
}

/** Moves `source` to `dest` unless `dest` exists; false when it does. */
async function claim(source: PlacementSource, dest: string): Promise<boolean> {
  if (source.kind === 'file') {
    try {
      await link(source.abs, dest);
    } catch (err) {
      if (errnoCode(err) === 'EEXIST') return false;
      throw err;
    }
    await unlink(source.abs);
    return true;
  }
  if (!(await claimFolder(dest))) return false;
  // Renaming a folder onto an empty folder replaces it: the claim becomes the real folder.
  try {
    await rename(source.abs, dest);
  } catch (err) {
    await rmdir(dest).catch(() => undefined);
    throw err;
  }
  return true;
}

/** Whether `source` is a file and `existing` not a folder: rename(2) swaps them atomically. */
function fileOverFile(source: PlacementSource, existing: { isDirectory(): boolean }): boolean {
  return source.kind === 'file' && !existing.isDirectory();
}

async function replace(
  source: PlacementSource,
  target: PlacementTarget,
  staging: Staging,
): Promise<void> {
  const dest = target.abs;
  const existing =
    target.existing !== undefined ? (target.existing ?? undefined) : await lstatIfExists(dest);
  // rename(2) fills a free name, and replaces a file with a file atomically.
  if (existing === undefined || fileOverFile(source, existing)) {
    await renamePath(source.abs, dest);
    return;
  }
  if (existing.isDirectory() && !target.replaceFolders) {
    throw new PolydriveError('AlreadyExists', {
      message: `A folder named ${JSON.stringify(target.name)} is in the way.`,
      advice: 'Delete the folder first, or write under another name.',
    });
  }
  // A folder, or a file replaced by a folder: set the old item aside, then put the new one in.
  const trash = staging.pathOf(staging.newName('trash'));
  await staging.ensure();
  await rename(dest, trash);
  try {
    await rename(source.abs, dest);
  } catch (err) {
    await rename(trash, dest).catch(() => undefined);
    throw err;
  }
  await staging.discard(trash);
}
