import { isPolydriveError, PolydriveError, ROOT_PATH, splitPath } from '@polydrive/core';
import type { CallContext } from '../api/drive-client.js';
import { type DriveFileResource, isFolderResource } from '../api/file-resource.js';
import { namedChildQuery } from '../api/query.js';
import type { DuplicatePolicy } from '../options.js';
import { type GDriveContext, getFile, listAll, PROVIDER_NAME } from './context.js';

interface CachedFolder {
  readonly id: string;
  readonly until: number;
}

/**
 * Resolves paths on an id-based drive. Folder ids along a path are cached for a while; the last
 * name is always looked up, so a stat is never stale. A cached folder that no longer holds what a
 * path names is dropped and the path resolved again once. Drive allows several items with one
 * name in a folder: the `duplicates` policy says which one a path means, and by default such a
 * path is an error that lists the candidates' ids (addressing an item by id always works).
 */
export class PathResolver {
  readonly #folders = new Map<string, CachedFolder>();

  constructor(
    private readonly ctx: GDriveContext,
    private readonly duplicates: DuplicatePolicy,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The item a path names (the root folder for `/`). */
  async resolve(path: string, call: CallContext): Promise<DriveFileResource> {
    if (path === ROOT_PATH) return getFile(this.ctx, this.ctx.rootId, call);
    try {
      return await this.#resolve(path, call, true);
    } catch (err) {
      if (!isPolydriveError(err, 'NotFound', 'NotAFolder') || !this.#usedCache(path)) throw err;
      this.invalidate(splitPath(path).parent);
      return this.#resolve(path, call, false);
    }
  }

  /** The id of the folder a path names; NotAFolder when it is a file. */
  async folderId(path: string, call: CallContext): Promise<string> {
    if (path === ROOT_PATH) return this.ctx.rootId;
    const cached = this.#fresh(path);
    if (cached) return cached;
    return this.#asFolder(await this.resolve(path, call), path).id as string;
  }

  /** The untrashed children of a folder with exactly this name (Drive may match case-insensitively). */
  async children(folderId: string, name: string, call: CallContext): Promise<DriveFileResource[]> {
    const found = await listAll(this.ctx, namedChildQuery(folderId, name), call);
    return found.filter((file) => file.name === name);
  }

  /** One of several items with one name, by the duplicates policy; undefined when there are none. */
  pick(
    candidates: readonly DriveFileResource[],
    path: string,
    operation?: string,
  ): DriveFileResource | undefined {
    if (candidates.length <= 1) return candidates[0];
    if (this.duplicates === 'error') throw duplicateError(candidates, path, operation);
    const sorted = [...candidates].sort((a, b) =>
      (a.createdTime ?? '').localeCompare(b.createdTime ?? ''),
    );
    return this.duplicates === 'oldest' ? sorted[0] : sorted[sorted.length - 1];
  }

  /** Forgets a path and everything below it (after a move, rename or delete). */
  invalidate(path: string): void {
    if (path === ROOT_PATH) {
      this.#folders.clear();
      return;
    }
    for (const key of this.#folders.keys()) {
      if (key === path || key.startsWith(`${path}/`)) this.#folders.delete(key);
    }
  }

  /** Remembers a folder's id under its path. */
  remember(path: string, id: string): void {
    if (this.ttlMs > 0 && path !== ROOT_PATH)
      this.#folders.set(path, { id, until: this.now() + this.ttlMs });
  }

  async #resolve(path: string, call: CallContext, useCache: boolean): Promise<DriveFileResource> {
    const { parent, name } = splitPath(path);
    const parentId = useCache
      ? await this.folderId(parent, call)
      : await this.#freshFolderId(parent, call);
    const found = this.pick(await this.children(parentId, name, call), path, call.operation);
    if (!found) {
      throw new PolydriveError('NotFound', {
        message: `Nothing is at ${path} on Google Drive.`,
        provider: PROVIDER_NAME,
        ...(call.operation ? { operation: call.operation } : {}),
        target: path,
      });
    }
    if (isFolderResource(found) && found.id) this.remember(path, found.id);
    return found;
  }

  async #freshFolderId(path: string, call: CallContext): Promise<string> {
    if (path === ROOT_PATH) return this.ctx.rootId;
    return this.#asFolder(await this.#resolve(path, call, false), path).id as string;
  }

  #asFolder(file: DriveFileResource, path: string): DriveFileResource {
    if (isFolderResource(file)) return file;
    throw new PolydriveError('NotAFolder', {
      message: `${path} is a file, not a folder.`,
      provider: PROVIDER_NAME,
      target: path,
    });
  }

  #fresh(path: string): string | undefined {
    const cached = this.#folders.get(path);
    if (!cached) return undefined;
    if (cached.until > this.now()) return cached.id;
    this.#folders.delete(path);
    return undefined;
  }

  #usedCache(path: string): boolean {
    let current = splitPath(path).parent;
    while (current !== ROOT_PATH) {
      if (this.#folders.has(current)) return true;
      current = splitPath(current).parent;
    }
    return false;
  }
}

/** The error for a path that names several items, listing them so the caller can pick by id. */
export function duplicateError(
  candidates: readonly DriveFileResource[],
  path: string,
  operation?: string,
): PolydriveError {
  const list = candidates
    .map(
      (file) =>
        `${file.id} (${isFolderResource(file) ? 'folder' : 'file'}, created ${file.createdTime ?? '?'})`,
    )
    .join(', ');
  return new PolydriveError('Conflict', {
    message: `${path} names ${candidates.length} items on Google Drive: ${list}.`,
    advice:
      "Address one by id ({ id: '...' }), rename or remove the others, or set the provider option duplicates to 'oldest' or 'newest'.",
    provider: PROVIDER_NAME,
    ...(operation ? { operation } : {}),
    target: path,
  });
}
