import { escapeHtml } from '../server/html.js';
import type { EmulatorRequest } from '../server/request.js';
import { type EmulatorResponse, htmlResponse } from '../server/response.js';
import { errorPage } from './html.js';
import { handleAuthorize } from './oauth/authorize.js';
import type { DropboxState } from './state.js';

/**
 * www.dropbox.com: the consent page (`/oauth2/authorize`) and shared links (`/scl/fi/...` serves
 * the file's bytes, `/scl/fo/...` a page naming the folder's items). Password links and expired
 * or revoked links are refused.
 */
export function handleWeb(
  state: DropboxState,
  request: EmulatorRequest,
): EmulatorResponse | Promise<EmulatorResponse> {
  if (request.path === '/oauth2/authorize') return handleAuthorize(state, request);
  const match = /^\/scl\/(fi|fo)\/([^/]+)\//.exec(request.path);
  if (!match || request.method !== 'GET') {
    return errorPage(404, `There is nothing at ${request.path}.`);
  }
  for (const account of state.accounts.all()) {
    const ns = account.namespace;
    for (const link of ns.links.values()) {
      if (link.token !== match[2]) continue;
      const node = ns.get(link.nodeId);
      if (!node || (link.expires !== undefined && link.expires <= state.now())) break;
      if (link.audience !== 'public')
        return errorPage(403, 'This link needs a password or a sign-in.');
      if (node.kind === 'file') {
        return {
          status: 200,
          headers: {
            'content-type': 'application/octet-stream',
            'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(node.name)}`,
          },
          body: node.content?.chunks ?? [],
        };
      }
      const items = ns
        .childrenOf(node)
        .map((child) => `<li>${escapeHtml(child.name)}</li>`)
        .join('');
      return htmlResponse(
        200,
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(node.name)}</title></head><body><h1>${escapeHtml(node.name)}</h1><ul>${items}</ul></body></html>\n`,
      );
    }
  }
  return errorPage(404, 'This link was deleted, has expired or never existed.');
}
