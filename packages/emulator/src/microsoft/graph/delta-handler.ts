import { randomToken } from '../../server/random.js';
import type { EmulatorResponse } from '../../server/response.js';
import type { DeltaEnumeration } from '../state.js';
import type { ItemAddress } from './address.js';
import type { GraphContext } from './context.js';
import type { Drive } from './drive.js';
import { GraphError, invalidRequest } from './errors.js';
import { decodeSkipToken, encodeSkipToken, pageSize, sameRequestLink, selection } from './query.js';
import { renderItem, renderTombstone } from './render.js';
import { resolveItem } from './resolve.js';
import { graphJson } from './respond.js';

const MAX_ENUMERATIONS = 200;

/**
 * `GET .../root/delta`: without a token, every item (parents first); with `token=<t>` the items
 * changed since, their parent folders and deleted items (with the `deleted` facet);
 * `token=latest` gives an empty page. Pages link with nextLink; the last carries deltaLink.
 * The list of ids is fixed at the first page, so changes made while paging cannot make the
 * client skip an item: they show up in the next round. Bad or invalidated tokens give 410.
 */
export function delta(context: GraphContext, address: ItemAddress): EmulatorResponse {
  const { state, drive, request } = context;
  const folder = resolveItem(context, address);
  if (folder.parentId !== null)
    throw invalidRequest('The emulator supports delta on the root folder only.');
  const top = pageSize(context);
  const skip = decodeSkipToken(context, 'delta');
  let id: string;
  let enumeration: DeltaEnumeration | undefined;
  let offset = 0;
  if (skip) {
    id = String(skip.e);
    offset = typeof skip.o === 'number' ? skip.o : 0;
    enumeration = state.enumerations.get(id);
    if (!enumeration || enumeration.driveId !== drive.id || enumeration.epoch !== drive.epoch) {
      throw resync(context);
    }
  } else {
    const token = request.query.get('token');
    if (token === 'latest') {
      return graphJson(request, 200, {
        value: [],
        '@odata.deltaLink': deltaLink(context, drive.seq),
      });
    }
    const since = token === null ? undefined : sinceOf(context, token);
    const ids = since === undefined ? fullEnumeration(drive) : changesSince(drive, since);
    enumeration = { driveId: drive.id, ids, seq: drive.seq, epoch: drive.epoch };
    id = randomToken(12);
    state.enumerations.set(id, enumeration);
    for (const key of state.enumerations.keys()) {
      if (state.enumerations.size <= MAX_ENUMERATIONS) break;
      state.enumerations.delete(key);
    }
  }
  const select = selection(context);
  const value: Array<Record<string, unknown>> = [];
  for (const itemId of enumeration.ids.slice(offset, offset + top)) {
    const item = drive.get(itemId);
    const tombstone = drive.tombstones.get(itemId);
    if (item) value.push(renderItem(context, item, { includePath: false, select }));
    else if (tombstone) value.push(renderTombstone(context, tombstone));
  }
  const body: Record<string, unknown> = { value };
  if (offset + top < enumeration.ids.length) {
    body['@odata.nextLink'] = sameRequestLink(context, {
      $skiptoken: encodeSkipToken('delta', { e: id, o: offset + top }),
    });
  } else {
    body['@odata.deltaLink'] = deltaLink(context, enumeration.seq);
  }
  return graphJson(request, 200, body);
}

function deltaLink(context: GraphContext, seq: number): string {
  const token = context.state.signer.sign({ d: context.drive.id, s: seq, p: context.drive.epoch });
  return sameRequestLink(context, { token });
}

function sinceOf(context: GraphContext, token: string): number {
  const claims = context.state.signer.verify(token) as
    | { d?: unknown; s?: unknown; p?: unknown }
    | undefined;
  const { drive } = context;
  if (
    !claims ||
    claims.d !== drive.id ||
    claims.p !== drive.epoch ||
    typeof claims.s !== 'number' ||
    claims.s > drive.seq
  ) {
    throw resync(context);
  }
  return claims.s;
}

function resync(context: GraphContext): GraphError {
  return new GraphError(
    410,
    'resyncRequired',
    "Resync required. Replace any local items with the server's version (including deletes) " +
      "if you're sure that the service was up to date with your local changes when you last " +
      "sync'd. Upload any local changes that the server doesn't know about.",
    'resyncChangesApplyDifferences',
    { location: sameRequestLink(context, {}) },
  );
}

function fullEnumeration(drive: Drive): string[] {
  return [drive.root.id, ...drive.descendants(drive.root).map((item) => item.id)];
}

/** Changed items with their ancestors (shallowest first), then deletions in the order they happened. */
function changesSince(drive: Drive, since: number): string[] {
  const live = new Map<string, number>();
  for (const item of drive.items.values()) {
    if (item.seq <= since) continue;
    const chain = drive.ancestors(item);
    live.set(item.id, chain.length);
    chain.forEach((parent, index) => {
      live.set(parent.id, chain.length - index - 1);
    });
  }
  const ordered = [...live.entries()].sort((a, b) => a[1] - b[1]).map(([id]) => id);
  const deleted = [...drive.tombstones.values()]
    .filter((tombstone) => tombstone.seq > since)
    .sort((a, b) => a.seq - b.seq)
    .map((tombstone) => tombstone.id);
  return [...ordered, ...deleted];
}
