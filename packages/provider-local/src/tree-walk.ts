import { constants } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  errnoCode,
  isSameOrInside,
  joinPath,
  normalizePath,
  PolydriveError,
  pathSegments,
  ROOT_PATH,
  throwIfAborted,
} from '@polydrive/core';
import { type Child, visibleChildren } from './children.js';
import type { Located } from './jail.js';

/** An item met on a walk. */
export interface WalkItem extends Located {
  readonly name: string;
  readonly kind: 'file' | 'folder';
}

/**
 * Every item below `folder`, depth first, parents before children, siblings by name. With
 * `after` (a path inside `folder`), starts right after that path in this order, whether or not
 * it still exists: the order depends on names only, so a walk can resume across calls.
 */
export async function* walkTree(folder: Located, after?: string): AsyncGenerator<WalkItem> {
  let rest: string[] | undefined;
  if (after !== undefined) {
    if (!isStrictlyInside(after, folder.path)) {
      throw new PolydriveError('InvalidArgument', {
        message: 'The cursor belongs to a search in another folder.',
        advice: 'Pass the cursor back with the same query, or start again without one.',
      });
    }
    rest = pathSegments(after).slice(pathSegments(folder.path).length);
  }
  yield* walk(folder, rest);
}

/** True when `path` is a normalised path below `folder` (not `folder` itself). */
function isStrictlyInside(path: string, folder: string): boolean {
  try {
    return normalizePath(path) === path && path !== folder && isSameOrInside(path, folder);
  } catch {
    return false;
  }
}

async function* walk(folder: Located, rest: string[] | undefined): AsyncGenerator<WalkItem> {
  let children: Child[];
  try {
    children = await visibleChildren(folder.abs, folder.path === ROOT_PATH);
  } catch (err) {
    // A folder deleted or replaced by a file during the walk simply has no children now.
    const code = errnoCode(err);
    if (code === 'ENOENT' || code === 'ENOTDIR') return;
    throw err;
  }
  for (const child of children) {
    const item: WalkItem = {
      ...child,
      path: joinPath(folder.path, child.name),
      abs: join(folder.abs, child.name),
    };
    const [first, ...deeper] = rest ?? [];
    if (first !== undefined && child.name <= first) {
      // Before the resume point, or on its way: only the way down can hold later items.
      if (child.name === first && child.kind === 'folder') {
        yield* walk(item, deeper.length > 0 ? deeper : undefined);
      }
      continue;
    }
    yield item;
    if (child.kind === 'folder') yield* walk(item, undefined);
  }
}

/** Copies a folder's visible content into `to`, which must not exist yet. */
export async function copyTree(from: string, to: string, signal?: AbortSignal): Promise<void> {
  await mkdir(to);
  for (const child of await visibleChildren(from, false)) {
    throwIfAborted(signal, 'copy');
    const source = join(from, child.name);
    const dest = join(to, child.name);
    if (child.kind === 'folder') await copyTree(source, dest, signal);
    else await copyFile(source, dest, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE);
  }
}
