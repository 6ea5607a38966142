import type { drive_v3 } from '@googleapis/drive';
import {
  type Permission,
  type PermissionRequest,
  PolydriveError,
  type Role,
  type ShareLink,
  type ShareLinkRequest,
} from '@polydrive/core';
import { PROVIDER_NAME } from './context.js';

/** A Drive permission resource. */
export type DrivePermission = drive_v3.Schema$Permission;

/** The permission fields this provider reads. */
export const PERMISSION_FIELDS =
  'id,type,role,emailAddress,domain,displayName,allowFileDiscovery,expirationTime,permissionDetails';

/** Drive's six roles in Polydrive's three: organizers own, file organizers and writers write. */
function roleOf(role: string | null | undefined): Role {
  if (role === 'owner' || role === 'organizer') return 'owner';
  if (role === 'fileOrganizer' || role === 'writer') return 'writer';
  return 'reader';
}

function date(value: string | null | undefined): Date | undefined {
  if (!value) return undefined;
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed;
}

/** True for the permissions that work as links: anyone, or a whole domain. */
function isLink(permission: DrivePermission): boolean {
  return permission.type === 'anyone' || permission.type === 'domain';
}

/** Maps a Drive permission; `fileUrl` is the file's web link, which link permissions open. */
export function toPermission(permission: DrivePermission, fileUrl: string | undefined): Permission {
  const type = permission.type;
  const expiresAt = date(permission.expirationTime);
  return {
    id: permission.id ?? '',
    type: type === 'group' || type === 'domain' || type === 'anyone' ? type : 'user',
    role: roleOf(permission.role),
    ...(permission.emailAddress ? { email: permission.emailAddress } : {}),
    ...(permission.domain ? { domain: permission.domain } : {}),
    ...(permission.displayName ? { displayName: permission.displayName } : {}),
    ...(isLink(permission) && fileUrl
      ? {
          link: {
            url: fileUrl,
            scope: type === 'anyone' ? ('anyone' as const) : ('organization' as const),
          },
        }
      : {}),
    ...(expiresAt ? { expiresAt } : {}),
    ...(permission.permissionDetails?.some((detail) => detail.inherited)
      ? { inherited: true }
      : {}),
  };
}

/** Maps a link permission (anyone or domain) to a ShareLink. */
export function toShareLink(permission: DrivePermission, fileUrl: string): ShareLink | undefined {
  if (!isLink(permission) || !permission.id) return undefined;
  const expiresAt = date(permission.expirationTime);
  const role = roleOf(permission.role);
  return {
    id: permission.id,
    url: fileUrl,
    role: role === 'reader' ? 'reader' : 'writer',
    scope: permission.type === 'anyone' ? 'anyone' : 'organization',
    ...(expiresAt ? { expiresAt } : {}),
  };
}

function unsupported(
  message: string,
  advice: string,
  operation: string,
  target: string,
): PolydriveError {
  return new PolydriveError('Unsupported', {
    message,
    advice,
    provider: PROVIDER_NAME,
    operation,
    target,
  });
}

/** The body of `permissions.create` for a grant to a user, group, domain or anyone. */
export function grantBody(
  request: PermissionRequest,
  operation: string,
  target: string,
): DrivePermission {
  const role = request.role === 'writer' ? 'writer' : 'reader';
  switch (request.type) {
    case 'anyone':
      return { type: 'anyone', role, allowFileDiscovery: false };
    case 'domain':
      if (!request.domain) {
        throw new PolydriveError('InvalidArgument', {
          message: 'A domain permission needs the domain.',
          advice: "Pass domain, e.g. 'example.com'.",
          provider: PROVIDER_NAME,
          operation,
          target,
        });
      }
      return { type: 'domain', role, domain: request.domain, allowFileDiscovery: false };
    default:
      if (!request.email) {
        throw new PolydriveError('InvalidArgument', {
          message: `A ${request.type} permission needs an email address.`,
          advice: 'Pass the email of the user or group to share with.',
          provider: PROVIDER_NAME,
          operation,
          target,
        });
      }
      return { type: request.type, role, emailAddress: request.email };
  }
}

/** The body of `permissions.create` for a sharing link: anyone, or the user's own domain. */
export function linkBody(
  request: ShareLinkRequest,
  domain: () => Promise<string>,
  operation: string,
  target: string,
): Promise<DrivePermission> {
  if (request.password !== undefined) {
    return Promise.reject(
      unsupported(
        'Google Drive links cannot have a password.',
        'Leave password out.',
        operation,
        target,
      ),
    );
  }
  if (request.expiresAt !== undefined) {
    return Promise.reject(
      unsupported(
        'Google Drive links cannot expire; only permissions for users and groups can.',
        'Leave expiresAt out, or share with a user instead.',
        operation,
        target,
      ),
    );
  }
  const role = request.role === 'writer' ? 'writer' : 'reader';
  const scope = request.scope ?? 'anyone';
  if (scope === 'users') {
    return Promise.reject(
      unsupported(
        'Google Drive links open to anyone or to a domain; there is no link for chosen users.',
        "Share with each user through share(), or use scope 'anyone' or 'organization'.",
        operation,
        target,
      ),
    );
  }
  if (scope === 'anyone')
    return Promise.resolve({ type: 'anyone', role, allowFileDiscovery: false });
  return domain().then((name) => ({
    type: 'domain',
    role,
    domain: name,
    allowFileDiscovery: false,
  }));
}
