import {
  type ConflictPolicy,
  type Destination,
  describeRef,
  firstFreeName,
  joinPath,
  PolydriveError,
} from '@polydrive/core';
import type { CallContext } from '../api/drive-client.js';
import { type DriveFileResource, isFolderResource, isGoogleDoc } from '../api/file-resource.js';
import { childrenQuery } from '../api/query.js';
import { type GDriveContext, listAll, PROVIDER_NAME } from './context.js';
import type { PathResolver } from './path-resolver.js';

/** Where a write goes: a new item under a name in a folder, or an existing file to replace. */
export type WriteTarget =
  | { readonly kind: 'new'; readonly parentId: string; readonly name: string }
  | { readonly kind: 'existing'; readonly parentId: string; readonly file: DriveFileResource };

/** The display form of a destination, for messages. */
export function destinationTarget(dest: Destination): string {
  return dest.parent.path !== undefined
    ? joinPath(dest.parent.path, dest.name)
    : `${describeRef(dest.parent)}/${dest.name}`;
}

/** The id of a destination's parent folder. */
export function parentIdOf(
  resolver: PathResolver,
  dest: Destination,
  call: CallContext,
): Promise<string> {
  return dest.parent.id !== undefined
    ? Promise.resolve(dest.parent.id)
    : resolver.folderId(dest.parent.path, call);
}

/**
 * Applies a conflict policy by looking at the folder first, since Drive itself never refuses a
 * taken name: `fail` refuses, `rename` picks `name (1).ext` and so on, `replace` targets the
 * existing file (by the duplicates policy when there are several). A folder or a Google document
 * under the name cannot be replaced by bytes. The look is skipped when the name is known to be
 * free (see KnownNames), and the name is marked taken for the write that follows. Another client
 * may take the name between the look and the write; Drive then simply holds both.
 */
export async function planWrite(
  ctx: GDriveContext,
  resolver: PathResolver,
  parentId: string,
  dest: Destination,
  conflict: ConflictPolicy,
  call: CallContext,
  kind: 'file' | 'folder' = 'file',
): Promise<WriteTarget> {
  if (await ctx.names.claim(parentId, dest.name, () => listNames(ctx, parentId, call))) {
    return { kind: 'new', parentId, name: dest.name };
  }
  const target = destinationTarget(dest);
  const taken = await resolver.children(parentId, dest.name, call);
  if (taken.length === 0) return newItem(ctx, parentId, dest.name);
  if (conflict === 'rename') {
    return newItem(ctx, parentId, await freeName(ctx, parentId, dest.name, call));
  }
  const existing = conflict === 'replace' ? resolver.pick(taken, target, call.operation) : taken[0];
  if (conflict === 'fail' || !existing || kind === 'folder') {
    throw new PolydriveError('AlreadyExists', {
      message: `${target} already exists on Google Drive (id ${taken.map((file) => file.id).join(', ')}).`,
      provider: PROVIDER_NAME,
      ...(call.operation ? { operation: call.operation } : {}),
      target,
    });
  }
  if (isFolderResource(existing) || isGoogleDoc(existing)) {
    throw new PolydriveError('AlreadyExists', {
      message: `${target} is a ${isFolderResource(existing) ? 'folder' : 'Google document'}, which uploaded bytes cannot replace.`,
      advice: "Choose another name, use conflict: 'rename', or delete it first.",
      provider: PROVIDER_NAME,
      ...(call.operation ? { operation: call.operation } : {}),
      target,
    });
  }
  return { kind: 'existing', parentId, file: existing };
}

function newItem(ctx: GDriveContext, parentId: string, name: string): WriteTarget {
  ctx.names.take(parentId, name);
  return { kind: 'new', parentId, name };
}

/** The names of a folder's untrashed children. */
export async function listNames(
  ctx: GDriveContext,
  parentId: string,
  call: CallContext,
): Promise<string[]> {
  const files = await listAll(ctx, childrenQuery(parentId), call, 'name');
  return files.map((file) => file.name ?? '');
}

/** The first numbered variant of `name` that no untrashed child of the folder has. */
export async function freeName(
  ctx: GDriveContext,
  parentId: string,
  name: string,
  call: CallContext,
): Promise<string> {
  const names = new Set(
    (await listAll(ctx, childrenQuery(parentId), call)).map((file) => file.name),
  );
  return firstFreeName(name, (candidate) => names.has(candidate));
}
