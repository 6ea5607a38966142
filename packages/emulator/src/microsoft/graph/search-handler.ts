import type { EmulatorResponse } from '../../server/response.js';
import type { ItemAddress } from './address.js';
import { searchText } from './address.js';
import type { GraphContext } from './context.js';
import { invalidRequest } from './errors.js';
import { decodeSkipToken, encodeSkipToken, pageSize, sameRequestLink, selection } from './query.js';
import { renderItem } from './render.js';
import { resolveItem } from './resolve.js';
import { graphJson } from './respond.js';

/**
 * `GET .../search(q='text')` on the root or a folder: items beneath it whose name contains the
 * text, case-insensitively, paged like children. Results carry no `parentReference.path`.
 */
export function search(
  context: GraphContext,
  address: ItemAddress,
  action: string,
): EmulatorResponse {
  const text = searchText(action);
  if (text === undefined) throw invalidRequest(`Expected search(q='text'), got '${action}'.`);
  const folder = resolveItem(context, address);
  if (folder.kind !== 'folder') throw invalidRequest('Search runs on a folder.');
  const needle = text.toLowerCase();
  const matches = context.drive
    .descendants(folder)
    .filter((item) => item.name.toLowerCase().includes(needle));
  const top = pageSize(context);
  const token = decodeSkipToken(context, 'search');
  if (token && (token.f !== folder.id || token.q !== text)) {
    throw invalidRequest('The $skiptoken belongs to another search.');
  }
  const offset = typeof token?.o === 'number' ? token.o : 0;
  const select = selection(context);
  const value = matches
    .slice(offset, offset + top)
    .map((item) => renderItem(context, item, { includePath: false, select }));
  const body: Record<string, unknown> = { value };
  if (offset + top < matches.length) {
    body['@odata.nextLink'] = sameRequestLink(context, {
      $skiptoken: encodeSkipToken('search', { o: offset + top, f: folder.id, q: text }),
    });
  }
  return graphJson(context.request, 200, body);
}
