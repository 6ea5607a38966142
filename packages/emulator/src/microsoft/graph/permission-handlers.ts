import { randomChars, randomToken } from '../../server/random.js';
import type { EmulatorResponse } from '../../server/response.js';
import type { ItemAddress } from './address.js';
import type { GraphContext } from './context.js';
import type { Item, StoredPermission } from './drive.js';
import { accessDenied, invalidRequest, itemNotFound } from './errors.js';
import { personalSite } from './render.js';
import { resolveItem } from './resolve.js';
import { graphEmpty, graphJson, readJsonObject } from './respond.js';

const LINK_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** `GET .../permissions`: the owner, permissions inherited from folders above, and the item's own. */
export function listPermissions(context: GraphContext, address: ItemAddress): EmulatorResponse {
  const item = resolveItem(context, address);
  return graphJson(context.request, 200, { value: allPermissions(context, item) });
}

/** `GET .../permissions/{id}`. */
export function getPermission(
  context: GraphContext,
  address: ItemAddress,
  id: string,
): EmulatorResponse {
  const item = resolveItem(context, address);
  const found = allPermissions(context, item).find((permission) => permission.id === id);
  if (!found) throw itemNotFound('The permission does not exist.');
  return graphJson(context.request, 200, found);
}

/** `DELETE .../permissions/{id}`: 204; the owner's cannot go, inherited ones go on their folder. */
export function deletePermission(
  context: GraphContext,
  address: ItemAddress,
  id: string,
): EmulatorResponse {
  const item = resolveItem(context, address);
  if (id === ownerPermissionId(context))
    throw accessDenied("The owner's permission cannot be removed.");
  const index = item.permissions.findIndex((permission) => permission.id === id);
  if (index === -1) {
    const inherited = context.drive
      .ancestors(item)
      .some((folder) => folder.permissions.some((p) => p.id === id));
    if (inherited)
      throw invalidRequest(
        'The permission is inherited; remove it from the folder that grants it.',
      );
    throw itemNotFound('The permission does not exist.');
  }
  item.permissions.splice(index, 1);
  context.drive.touch(item);
  return graphEmpty(context.request, 204);
}

/** `POST .../invite`: grants read or write to each recipient; returns the permissions. */
export async function invite(
  context: GraphContext,
  address: ItemAddress,
): Promise<EmulatorResponse> {
  const body = await readJsonObject(context.request);
  const item = resolveItem(context, address);
  const recipients = body.recipients;
  if (!Array.isArray(recipients) || recipients.length === 0) {
    throw invalidRequest('invite needs at least one recipient.');
  }
  const roles = parseRoles(body.roles);
  const granted: StoredPermission[] = [];
  for (const recipient of recipients) {
    const email = (recipient as { email?: unknown } | null)?.email;
    if (typeof email !== 'string' || !email.includes('@')) {
      throw invalidRequest('Each recipient needs an email address.');
    }
    const known = context.state.accounts.find(email);
    const existing = item.permissions.find(
      (permission) => permission.grantee?.email.toLowerCase() === email.toLowerCase(),
    );
    if (existing) {
      existing.roles = roles;
      granted.push(existing);
      continue;
    }
    const permission: StoredPermission = {
      id: randomToken(12),
      roles,
      grantee: {
        email,
        ...(known ? { displayName: known.displayName, userId: known.id } : {}),
      },
    };
    item.permissions.push(permission);
    granted.push(permission);
  }
  context.drive.touch(item);
  return graphJson(context.request, 200, {
    value: granted.map((permission) => renderPermission(permission)),
  });
}

/** `POST .../createLink`: a view or edit link; asking twice for one type and scope returns the first. */
export async function createLink(
  context: GraphContext,
  address: ItemAddress,
): Promise<EmulatorResponse> {
  const body = await readJsonObject(context.request);
  const item = resolveItem(context, address);
  const type = body.type;
  if (type !== 'view' && type !== 'edit')
    throw invalidRequest(`type must be view or edit, got '${String(type)}'.`);
  const scope = body.scope ?? 'anonymous';
  if (scope !== 'anonymous' && scope !== 'organization') {
    throw invalidRequest(`scope must be anonymous or organization, got '${String(scope)}'.`);
  }
  if (scope === 'organization' && context.drive.type === 'personal') {
    throw invalidRequest('Personal OneDrive has no organization; use scope anonymous.');
  }
  const existing = item.permissions.find(
    (permission) => permission.link?.type === type && permission.link.scope === scope,
  );
  if (existing) return graphJson(context.request, 200, renderPermission(existing));
  const permission: StoredPermission = {
    id: randomToken(12),
    roles: [type === 'edit' ? 'write' : 'read'],
    link: { type, scope, webUrl: linkUrl(context, item) },
  };
  item.permissions.push(permission);
  context.drive.touch(item);
  return graphJson(context.request, 201, renderPermission(permission));
}

function allPermissions(context: GraphContext, item: Item): Array<Record<string, unknown>> {
  const { account, drive } = context;
  const owner = {
    id: ownerPermissionId(context),
    roles: ['owner'],
    grantedTo: { user: { displayName: account.displayName, id: account.id, email: account.email } },
    grantedToV2: {
      user: { displayName: account.displayName, id: account.id, email: account.email },
    },
  };
  const inherited = drive
    .ancestors(item)
    .reverse()
    .flatMap((folder) =>
      folder.permissions.map((permission) => ({
        ...renderPermission(permission),
        inheritedFrom: { driveId: drive.id, id: folder.id },
      })),
    );
  const own = item.permissions.map((permission) => renderPermission(permission));
  return [owner, ...inherited, ...own];
}

function renderPermission(permission: StoredPermission): Record<string, unknown> {
  const json: Record<string, unknown> = { id: permission.id, roles: permission.roles };
  if (permission.grantee) {
    const user = {
      displayName: permission.grantee.displayName ?? permission.grantee.email,
      email: permission.grantee.email,
      ...(permission.grantee.userId ? { id: permission.grantee.userId } : {}),
    };
    json.grantedTo = { user };
    json.grantedToV2 = { user };
    json.invitation = { email: permission.grantee.email, signInRequired: true };
  }
  if (permission.link) {
    json.link = { ...permission.link, preventsDownload: false };
    json.shareId = `s!${permission.id}`;
    json.hasPassword = false;
  }
  return json;
}

function parseRoles(value: unknown): Array<'read' | 'write'> {
  if (!Array.isArray(value) || value.length === 0)
    throw invalidRequest('invite needs roles: ["read"] or ["write"].');
  if (value.some((role) => role !== 'read' && role !== 'write')) {
    throw invalidRequest(`roles may hold read and write only, got ${JSON.stringify(value)}.`);
  }
  return value.includes('write') ? ['write'] : ['read'];
}

function ownerPermissionId(context: GraphContext): string {
  return Buffer.from(`owner:${context.account.id}`).toString('base64url');
}

function linkUrl(context: GraphContext, item: Item): string {
  const letter = item.kind === 'folder' ? 'f' : 'u';
  const token = randomChars(LINK_ALPHABET, 22);
  if (context.drive.type === 'personal') return `https://1drv.ms/${letter}/s!${token}`;
  const site = personalSite(context.account);
  const host = site.slice(0, site.indexOf('/personal/'));
  return `${host}/:${letter}:/g/personal/${site.slice(site.indexOf('/personal/') + 10)}/${token}`;
}
