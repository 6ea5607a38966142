import type { EmulatorResponse } from '../../server/response.js';
import type { ItemAddress } from './address.js';
import { decode } from './address.js';
import { childrenPage } from './children-handlers.js';
import type { GraphContext } from './context.js';
import type { Item } from './drive.js';
import { accessDenied, GraphError, invalidRequest, itemNotFound } from './errors.js';
import { rejectUnsupportedOptions, selection } from './query.js';
import { eTag, renderDrive, renderItem } from './render.js';
import {
  assertNewName,
  checkIfMatch,
  chooseName,
  notModified,
  queryConflictBehavior,
  resolveItem,
} from './resolve.js';
import { graphEmpty, graphJson, parseFileSystemInfo, readJsonObject } from './respond.js';

/** `GET /me`: the signed-in user. */
export function getMe(context: GraphContext): EmulatorResponse {
  const { account } = context;
  return graphJson(context.request, 200, {
    id: account.id,
    displayName: account.displayName,
    userPrincipalName: account.email,
    mail: account.email,
  });
}

/** `GET /me/drive`: the drive with owner and quota. */
export function getDrive(context: GraphContext): EmulatorResponse {
  return graphJson(context.request, 200, renderDrive(context));
}

/** `GET .../items/{id}` (any addressing form), with `$select`, `$expand=children`, If-None-Match. */
export function getItem(context: GraphContext, address: ItemAddress): EmulatorResponse {
  rejectUnsupportedOptions(context);
  const item = resolveItem(context, address);
  if (notModified(context.request, item))
    return graphEmpty(context.request, 304, { etag: eTag(item) });
  const json = renderItem(context, item, { select: selection(context) });
  const expand = context.request.query.get('$expand');
  if (expand !== null) {
    if (expand.trim() !== 'children') {
      throw new GraphError(
        400,
        'notSupported',
        `The emulator supports $expand=children only, got '${expand}'.`,
      );
    }
    if (item.kind === 'folder') {
      const page = childrenPage(context, item, 0, context.state.options.defaultPageSize);
      json.children = page.value;
    }
  }
  return graphJson(context.request, 200, json, { etag: eTag(item) });
}

/** `PATCH .../items/{id}`: rename, move, fileSystemInfo, description. Validates all, then applies. */
export async function patchItem(
  context: GraphContext,
  address: ItemAddress,
): Promise<EmulatorResponse> {
  const body = await readJsonObject(context.request);
  const { drive } = context;
  const item = resolveItem(context, address);
  checkIfMatch(context.request, item);
  const times = parseFileSystemInfo(body.fileSystemInfo);
  if (body.description !== undefined && typeof body.description !== 'string') {
    throw invalidRequest('description must be a string.');
  }
  if (body.name !== undefined && typeof body.name !== 'string') {
    throw invalidRequest('name must be a string.');
  }
  if (body.parentReference !== undefined || body.name !== undefined) {
    const parent =
      body.parentReference === undefined
        ? parentOf(context, item)
        : targetFolder(context, body.parentReference);
    moveItem(context, item, parent, (body.name as string | undefined) ?? item.name);
  }
  const description = body.description as string | undefined;
  if (times.created !== undefined || times.modified !== undefined || description !== undefined) {
    drive.updateMetadata(item, times, description);
  }
  return graphJson(context.request, 200, renderItem(context, item));
}

/** Moves and/or renames, applying the conflict behaviour from the query (default fail). */
function moveItem(context: GraphContext, item: Item, parent: Item, name: string): void {
  const { drive } = context;
  if (item.parentId === null) throw invalidRequest('The root folder cannot be renamed or moved.');
  if (item.kind === 'folder' && drive.isWithin(parent, item)) {
    throw invalidRequest('A folder cannot be moved into itself or one of its subfolders.');
  }
  if (parent.id === item.parentId && name === item.name) return;
  assertNewName(drive, parent, name, item.kind);
  const behavior = queryConflictBehavior(context, 'fail');
  const choice = chooseName(drive, parent, name, item.kind, behavior, item);
  if (choice.existing) {
    if (drive.isWithin(item, choice.existing)) {
      throw invalidRequest('An item cannot replace a folder that contains it.');
    }
    drive.remove(choice.existing);
  }
  drive.move(item, parent, choice.name);
}

/**
 * `DELETE .../items/{id}` moves the item to the recycle bin; `POST .../items/{id}/permanentDelete`
 * removes it without (learn.microsoft.com "driveItem: permanentDelete": no body, 204 No Content,
 * offered to work/school and personal accounts alike). Both answer 204 and honour If-Match.
 */
export function deleteItem(
  context: GraphContext,
  address: ItemAddress,
  options: { permanent: boolean },
): EmulatorResponse {
  const item = resolveItem(context, address);
  if (item.parentId === null) throw accessDenied('The root folder cannot be deleted.');
  checkIfMatch(context.request, item);
  context.drive.remove(item, options);
  return graphEmpty(context.request, 204);
}

/** Resolves a `parentReference` (`id` or `path`, optional `driveId`) to a folder of this drive. */
export function targetFolder(context: GraphContext, reference: unknown): Item {
  if (reference === null || typeof reference !== 'object') {
    throw invalidRequest('parentReference must be an object.');
  }
  const { driveId, id, path } = reference as Record<string, unknown>;
  if (driveId !== undefined && driveId !== context.drive.id) {
    throw invalidRequest('Moving or copying across drives is not supported by the emulator.');
  }
  let folder: Item | undefined;
  if (typeof id === 'string') {
    folder = id.toLowerCase() === 'root' ? context.drive.root : context.drive.get(id);
  } else if (typeof path === 'string') {
    folder = folderByReferencePath(context, path);
  } else {
    throw invalidRequest('parentReference needs an id or a path.');
  }
  if (!folder) throw itemNotFound('The destination folder does not exist.');
  if (folder.kind !== 'folder') throw invalidRequest('The destination is a file, not a folder.');
  return folder;
}

function parentOf(context: GraphContext, item: Item): Item {
  const parent = item.parentId === null ? undefined : context.drive.get(item.parentId);
  if (!parent) throw itemNotFound('The parent folder does not exist.');
  return parent;
}

/** `/drive/root:/a/b` (or `/drives/{id}/root:/a/b`) to the folder it names. */
function folderByReferencePath(context: GraphContext, path: string): Item | undefined {
  const at = path.indexOf('root:');
  if (at === -1) throw invalidRequest(`parentReference.path must contain 'root:', got '${path}'.`);
  const names = path
    .slice(at + 'root:'.length)
    .split('/')
    .filter((name) => name !== '')
    .map(decode);
  let folder: Item | undefined = context.drive.root;
  for (const name of names) {
    folder = folder && folder.kind === 'folder' ? context.drive.child(folder, name) : undefined;
  }
  return folder;
}
