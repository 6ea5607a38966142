import type {
  GranteeType,
  LinkScope,
  Permission,
  PermissionRequest,
  Role,
  ShareLink,
  ShareLinkRequest,
} from '@polydrive/core';

/** The parts of a Graph permission this provider reads. */
export interface GraphPermission {
  readonly id: string;
  readonly roles?: readonly string[];
  readonly link?: {
    readonly type?: string;
    readonly scope?: string;
    readonly webUrl?: string;
  };
  readonly grantedToV2?: GraphIdentitySet;
  readonly grantedTo?: GraphIdentitySet;
  readonly grantedToIdentitiesV2?: readonly GraphIdentitySet[];
  readonly invitation?: { readonly email?: string };
  readonly inheritedFrom?: Record<string, unknown>;
  readonly expirationDateTime?: string;
}

interface GraphIdentity {
  readonly id?: string;
  readonly displayName?: string;
  readonly email?: string;
}

interface GraphIdentitySet {
  readonly user?: GraphIdentity;
  readonly group?: GraphIdentity;
  readonly siteUser?: GraphIdentity & { readonly loginName?: string };
  readonly siteGroup?: GraphIdentity;
}

function roleOf(roles: readonly string[] | undefined): Role {
  if (roles?.includes('owner')) return 'owner';
  if (roles?.includes('write')) return 'writer';
  return 'reader';
}

/** Graph's link scope (`anonymous`, `organization`, `users`) in Polydrive's terms. */
function linkScopeOf(scope: string | undefined): LinkScope {
  if (scope === 'anonymous') return 'anyone';
  if (scope === 'organization') return 'organization';
  return 'users';
}

/** Polydrive's link scope in Graph's terms. */
function graphLinkScope(scope: LinkScope): string {
  if (scope === 'anyone') return 'anonymous';
  return scope;
}

/** The Graph roles for a Polydrive role. */
function graphRoles(role: Exclude<Role, 'owner'>): string[] {
  return [role === 'writer' ? 'write' : 'read'];
}

function granteeTypeOf(permission: GraphPermission): GranteeType {
  if (permission.link) {
    const scope = linkScopeOf(permission.link.scope);
    return scope === 'anyone' ? 'anyone' : scope === 'organization' ? 'domain' : 'user';
  }
  const who = permission.grantedToV2 ?? permission.grantedTo;
  if (who?.group || who?.siteGroup) return 'group';
  return 'user';
}

function toDate(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Maps a Graph permission to Polydrive's Permission. */
export function toPermission(permission: GraphPermission, raw = false): Permission {
  const who = permission.grantedToV2 ?? permission.grantedTo;
  const identity = who?.user ?? who?.group ?? who?.siteUser ?? who?.siteGroup;
  const email = identity?.email ?? permission.invitation?.email;
  const expiresAt = toDate(permission.expirationDateTime);
  const link = permission.link?.webUrl
    ? { url: permission.link.webUrl, scope: linkScopeOf(permission.link.scope) }
    : undefined;
  return {
    id: permission.id,
    type: granteeTypeOf(permission),
    role: permission.link?.type === 'edit' ? 'writer' : roleOf(permission.roles),
    ...(email ? { email } : {}),
    ...(identity?.displayName ? { displayName: identity.displayName } : {}),
    ...(link ? { link } : {}),
    ...(expiresAt ? { expiresAt } : {}),
    ...(permission.inheritedFrom ? { inherited: true } : {}),
    ...(raw ? { raw: permission } : {}),
  };
}

/** Maps a Graph permission that carries a sharing link to a ShareLink. */
export function toShareLink(permission: GraphPermission): ShareLink | undefined {
  if (!permission.link?.webUrl) return undefined;
  const expiresAt = toDate(permission.expirationDateTime);
  const role =
    permission.link.type === 'edit' || permission.roles?.includes('write') ? 'writer' : 'reader';
  return {
    id: permission.id,
    url: permission.link.webUrl,
    role,
    scope: linkScopeOf(permission.link.scope),
    ...(expiresAt ? { expiresAt } : {}),
  };
}

/** The body of `POST .../invite` for a user or group grant. */
export function inviteBody(
  request: PermissionRequest & { email: string },
): Record<string, unknown> {
  return {
    recipients: [{ email: request.email }],
    roles: graphRoles(request.role),
    requireSignIn: true,
    sendInvitation: request.sendNotification ?? false,
    ...(request.message ? { message: request.message } : {}),
  };
}

/** The body of `POST .../createLink`. */
export function createLinkBody(request: ShareLinkRequest): Record<string, unknown> {
  return {
    type: request.role === 'writer' ? 'edit' : 'view',
    scope: graphLinkScope(request.scope ?? 'anyone'),
    ...(request.expiresAt ? { expirationDateTime: request.expiresAt.toISOString() } : {}),
    ...(request.password ? { password: request.password } : {}),
  };
}
