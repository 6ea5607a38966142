import { isoSeconds } from '../../server/clock.js';
import { randomToken } from '../../server/random.js';
import type { DropboxAccount } from '../accounts.js';
import { Args } from '../args.js';
import type { RouteContext } from '../context.js';
import { badInput, routeError, routeErrorJson, union } from '../errors.js';
import { DROPBOX_WEB_HOST } from '../hosts.js';
import { metadataOf } from '../metadata.js';
import type { SharedLink } from '../namespace.js';
import { parsePath, requireNode } from '../paths.js';

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const VISIBILITY: Record<SharedLink['audience'], string> = {
  public: 'public',
  team: 'team_only',
  password: 'password',
  no_one: 'no_one',
};

/**
 * `sharing/create_shared_link_with_settings`: a link to a file or folder. A link with the same
 * audience and access already on the item is `shared_link_already_exists/metadata`, carrying it.
 */
export function createSharedLink(context: RouteContext, arg: unknown): unknown {
  const { route, account, state } = context;
  const args = new Args(route, arg);
  const parsed = parsePath(route, 'path', args.string('path'), 'path', account);
  const settings = args.optionalStruct('settings');
  const visibility = settings?.union(
    'requested_visibility',
    ['public', 'team_only', 'password'],
    'public',
  ).tag;
  const audience = settings?.union(
    'audience',
    ['public', 'team', 'no_one', 'password', 'members'],
    visibility === 'team_only' ? 'team' : visibility === 'password' ? 'password' : 'public',
  ).tag;
  const access = settings?.union('access', ['viewer', 'editor', 'max', 'default'], 'viewer').tag;
  const expiresText = settings?.optionalString('expires');
  if (expiresText !== undefined && !TIMESTAMP.test(expiresText)) {
    throw badInput(
      route,
      `request body: settings.expires: time data '${expiresText}' is not a timestamp`,
    );
  }
  if (settings?.boolean('require_password', false) && !settings.optionalString('link_password')) {
    throw routeError(union('settings_error', union('invalid_settings')));
  }
  const node = requireNode(account.namespace, parsed, 'path');
  const wanted: Omit<SharedLink, 'url' | 'token'> = {
    nodeId: node.id,
    audience: audience === 'members' || audience === undefined ? 'public' : audience,
    access: access === 'editor' ? 'editor' : 'viewer',
    expires: expiresText === undefined ? undefined : Date.parse(expiresText),
  };
  const ns = account.namespace;
  for (const link of ns.links.values()) {
    if (
      link.nodeId === wanted.nodeId &&
      link.audience === wanted.audience &&
      link.access === wanted.access
    ) {
      const metadata = linkMetadata(account, link);
      throw routeErrorJson(union('shared_link_already_exists', union('metadata')), {
        '.tag': 'shared_link_already_exists',
        shared_link_already_exists: { '.tag': 'metadata', metadata },
      });
    }
  }
  const token = randomToken(18).toLowerCase().replace(/[-_]/g, 'x');
  const kind = node.kind === 'file' ? 'fi' : 'fo';
  const url = state.links.to(
    DROPBOX_WEB_HOST,
    `/scl/${kind}/${token}/${encodeURIComponent(node.name)}?rlkey=${randomToken(12)}&dl=0`,
  );
  const link: SharedLink = { ...wanted, url, token };
  ns.links.set(url, link);
  return linkMetadata(account, link);
}

/** `sharing/list_shared_links`: the links of an item (and its folders, unless direct_only), or all. */
export function listSharedLinks(context: RouteContext, arg: unknown): unknown {
  const { route, account } = context;
  const args = new Args(route, arg);
  const path = args.optionalString('path');
  const directOnly = args.boolean('direct_only', false);
  const ns = account.namespace;
  let links = [...ns.links.values()];
  if (path !== undefined) {
    const node = requireNode(ns, parsePath(route, 'path', path, 'path', account), 'path');
    links = links.filter((link) => {
      const target = ns.get(link.nodeId);
      return target === node || (!directOnly && target !== undefined && ns.isWithin(node, target));
    });
  }
  return { links: links.map((link) => linkMetadata(account, link)), has_more: false };
}

/** `sharing/revoke_shared_link`. */
export function revokeSharedLink(context: RouteContext, arg: unknown): unknown {
  const url = new Args(context.route, arg).string('url');
  if (!context.account.namespace.links.delete(url)) {
    throw routeError(union('shared_link_not_found'));
  }
  return null;
}

/** SharedLinkMetadata JSON. */
function linkMetadata(account: DropboxAccount, link: SharedLink): Record<string, unknown> {
  const node = account.namespace.get(link.nodeId);
  const item = node ? metadataOf(account, node) : {};
  const { sharing_info: _sharing, has_explicit_shared_members: _members, ...rest } = item;
  return {
    ...rest,
    url: link.url,
    link_permissions: {
      can_revoke: true,
      resolved_visibility: { '.tag': VISIBILITY[link.audience] },
      effective_audience: { '.tag': link.audience },
      link_access_level: { '.tag': link.access },
      require_password: link.audience === 'password',
      allow_download: true,
      can_set_expiry: true,
      can_remove_expiry: true,
    },
    ...(link.expires !== undefined ? { expires: isoSeconds(link.expires) } : {}),
  };
}
