import type { EmulatorResponse } from '../../server/response.js';
import type { ItemAddress } from './address.js';
import type { GraphContext } from './context.js';
import { compareNames, type Item } from './drive.js';
import { GraphError, invalidRequest } from './errors.js';
import {
  decodeSkipToken,
  encodeSkipToken,
  pageSize,
  rejectUnsupportedOptions,
  sameRequestLink,
  selection,
} from './query.js';
import { eTag, renderItem } from './render.js';
import {
  assertNewName,
  chooseName,
  notModified,
  parseConflictBehavior,
  resolveItem,
} from './resolve.js';
import { graphEmpty, graphJson, parseFileSystemInfo, readJsonObject } from './respond.js';

/** One page of a folder's children. */
export interface ChildrenPage {
  value: Array<Record<string, unknown>>;
  next: number | undefined;
}

/** Renders children `offset .. offset+top` in the requested order. */
export function childrenPage(
  context: GraphContext,
  folder: Item,
  offset: number,
  top: number,
): ChildrenPage {
  const children = orderChildren(context, context.drive.childrenOf(folder));
  const select = selection(context);
  const value = children
    .slice(offset, offset + top)
    .map((child) => renderItem(context, child, { select }));
  return { value, next: offset + top < children.length ? offset + top : undefined };
}

/** `GET .../children`: paged with `$top`, `$select`, `$orderby` and an absolute nextLink. */
export function listChildren(context: GraphContext, address: ItemAddress): EmulatorResponse {
  rejectUnsupportedOptions(context);
  const folder = resolveItem(context, address);
  if (folder.kind !== 'folder')
    throw invalidRequest(`'${folder.name}' is a file; only folders have children.`);
  if (notModified(context.request, folder))
    return graphEmpty(context.request, 304, { etag: eTag(folder) });
  const top = pageSize(context);
  const token = decodeSkipToken(context, 'children');
  if (token && token.f !== folder.id)
    throw invalidRequest('The $skiptoken belongs to another folder.');
  const offset = typeof token?.o === 'number' ? token.o : 0;
  const page = childrenPage(context, folder, offset, top);
  const body: Record<string, unknown> = { value: page.value };
  if (page.next !== undefined) {
    body['@odata.nextLink'] = sameRequestLink(context, {
      $skiptoken: encodeSkipToken('children', { o: page.next, f: folder.id }),
    });
  }
  return graphJson(context.request, 200, body);
}

/** `POST .../children`: creates a folder (conflictBehavior defaults to fail). */
export async function createChild(
  context: GraphContext,
  address: ItemAddress,
): Promise<EmulatorResponse> {
  const body = await readJsonObject(context.request);
  const { drive } = context;
  const parent = resolveItem(context, address);
  if (parent.kind !== 'folder') throw invalidRequest(`'${parent.name}' is a file, not a folder.`);
  if (typeof body.name !== 'string') throw invalidRequest('The request needs a name.');
  if (body.file !== undefined) {
    throw invalidRequest(
      'Files cannot be created through children; upload them with PUT .../content.',
    );
  }
  if (body.folder === undefined)
    throw invalidRequest('The request needs a folder facet: "folder": {}.');
  const behavior = parseConflictBehavior(
    body['@microsoft.graph.conflictBehavior'] ??
      context.request.query.get('@microsoft.graph.conflictBehavior') ??
      undefined,
    'fail',
  );
  const times = parseFileSystemInfo(body.fileSystemInfo);
  assertNewName(drive, parent, body.name, 'folder');
  const choice = chooseName(drive, parent, body.name, 'folder', behavior);
  if (choice.existing) drive.remove(choice.existing);
  const folder = drive.createFolder(parent, choice.name, times);
  if (typeof body.description === 'string') drive.updateMetadata(folder, {}, body.description);
  return graphJson(context.request, 201, renderItem(context, folder));
}

const ORDER_FIELDS: Record<string, (a: Item, b: Item, context: GraphContext) => number> = {
  name: (a, b) => compareNames(a.name, b.name),
  lastmodifieddatetime: (a, b) => a.modified - b.modified,
  createddatetime: (a, b) => a.created - b.created,
  size: (a, b, context) => context.drive.sizeOf(a) - context.drive.sizeOf(b),
};

function orderChildren(context: GraphContext, children: readonly Item[]): readonly Item[] {
  const raw = context.request.query.get('$orderby');
  if (raw === null) return children;
  const [field = '', direction = 'asc', ...extra] = raw.trim().split(/\s+/);
  const compare = ORDER_FIELDS[field.toLowerCase()];
  if (!compare || extra.length > 0 || !/^(asc|desc)$/i.test(direction)) {
    throw new GraphError(
      400,
      'notSupported',
      `The emulator supports $orderby on name, lastModifiedDateTime, createdDateTime and size; got '${raw}'.`,
    );
  }
  const sign = direction.toLowerCase() === 'desc' ? -1 : 1;
  return [...children].sort(
    (a, b) => sign * compare(a, b, context) || compareNames(a.name, b.name),
  );
}
