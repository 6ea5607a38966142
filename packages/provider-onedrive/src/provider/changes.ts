import {
  type Change,
  type ChangesPage,
  type OperationOptions,
  PolydriveError,
} from '@polydrive/core';
import { decodeCursor, encodeCursor } from '../graph/cursor.js';
import { type DriveItem, toEntry } from '../graph/drive-item.js';
import { graphError, readGraphFailure } from '../graph/graph-errors.js';
import type { ItemPage } from '../graph/item-page.js';
import { type OneDriveContext, PROVIDER_NAME } from './context.js';

/** Delta items as changes: the `deleted` facet is a delete, the root is skipped, last one wins. */
function toChanges(items: readonly DriveItem[]): Change[] {
  const last = new Map<string, DriveItem>();
  for (const item of items) {
    if (item.root !== undefined) continue;
    last.delete(item.id);
    last.set(item.id, item);
  }
  return [...last.values()].map(
    (item): Change =>
      item.deleted ? { type: 'delete', id: item.id } : { type: 'upsert', entry: toEntry(item) },
  );
}

/**
 * One page of the drive's delta feed. No cursor asks for `token=latest`: a cursor for now and no
 * changes. The cursor wraps Graph's nextLink (more to fetch at once) or deltaLink (the next round).
 */
export async function readChanges(
  ctx: OneDriveContext,
  cursor: string | undefined,
  options?: OperationOptions,
): Promise<ChangesPage> {
  const operation = 'changes';
  const signal = options?.signal ? { signal: options.signal } : {};
  const url =
    cursor === undefined
      ? ctx.graph.resolve(`${ctx.drive}/root/delta`, { token: 'latest' })
      : decodeCursor(cursor, operation).url;
  const response = await ctx.graph.send({ method: 'GET', url, ...signal, operation });
  if (response.status === 410) {
    throw graphError(
      await readGraphFailure(response),
      { operation },
      {
        code: 'InvalidArgument',
        message: 'The change cursor has expired; OneDrive can no longer say what changed since it.',
        advice:
          'Resync from scratch: list the drive again, then start a new feed with changes() and no cursor.',
      },
    );
  }
  const page = await ctx.graph.readJson<ItemPage<DriveItem>>(response, { operation, ...signal });
  const next = page['@odata.nextLink'];
  const link = next ?? page['@odata.deltaLink'];
  if (!link) {
    throw new PolydriveError('Internal', {
      message: 'OneDrive sent a delta page with neither a nextLink nor a deltaLink.',
      provider: PROVIDER_NAME,
      operation,
    });
  }
  return {
    changes: cursor === undefined ? [] : toChanges(page.value ?? []),
    cursor: encodeCursor({ url: link }),
    hasMore: next !== undefined,
  };
}
