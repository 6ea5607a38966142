import { type EmulatorResponse, emptyResponse } from '../../server/response.js';
import { permissionIdFor } from '../accounts.js';
import { canShare } from '../files/access.js';
import type { DriveFile, PermissionRole, StoredPermission } from '../files/file.js';
import { permissionsOf, renderPermission } from '../files/render.js';
import { type DriveContext, flag } from './context.js';
import { badRequest, DriveError, insufficientPermissions, invalidValue } from './errors.js';
import { requireFile } from './lookup.js';
import { driveJson, readJsonObject, select } from './respond.js';

const TYPES = ['user', 'group', 'domain', 'anyone'] as const;
const ROLES: readonly PermissionRole[] = [
  'owner',
  'organizer',
  'fileOrganizer',
  'writer',
  'commenter',
  'reader',
];
const ALL_PERMISSION_FIELDS =
  'kind,id,type,role,emailAddress,domain,displayName,allowFileDiscovery,expirationTime,deleted,pendingOwner,permissionDetails';

/** `GET .../files/{id}/permissions`: the owner (or the shared drive's members) and the file's own. */
export function listPermissions(context: DriveContext, fileId: string): EmulatorResponse {
  const { file } = requireFile(context, fileId);
  const body = { kind: 'drive#permissionList', permissions: permissionsOf(context.state, file) };
  return driveJson(
    200,
    select(
      context.query,
      'PermissionList',
      body,
      `kind,nextPageToken,permissions(${ALL_PERMISSION_FIELDS})`,
    ),
  );
}

/** `GET .../permissions/{permissionId}`. */
export function getPermission(
  context: DriveContext,
  fileId: string,
  permissionId: string,
): EmulatorResponse {
  const { file } = requireFile(context, fileId);
  const found = permissionsOf(context.state, file).find(
    (permission) => permission.id === permissionId,
  );
  if (!found) throw permissionNotFound(permissionId);
  return driveJson(200, select(context.query, 'Permission', found, ALL_PERMISSION_FIELDS));
}

/**
 * `POST .../permissions`: shares with a user or group (by email), a domain, or anyone with the
 * link (`allowFileDiscovery: false`, id `anyoneWithLink`). Sharing again with the same grantee
 * changes the existing permission's role.
 */
export async function createPermission(
  context: DriveContext,
  fileId: string,
): Promise<EmulatorResponse> {
  const { state, query } = context;
  const body = await readJsonObject(context.request);
  const { file, role } = requireFile(context, fileId);
  if (!canShare(role))
    throw insufficientPermissions(
      'The user does not have sufficient permissions to share this file.',
    );
  const type = body.type;
  if (typeof type !== 'string' || !(TYPES as readonly string[]).includes(type)) {
    throw new DriveError(
      400,
      'required',
      'Permission type field required; use user, group, domain or anyone.',
      {
        location: 'permission.type',
        locationType: 'body',
      },
    );
  }
  const wanted = parseRole(body.role);
  if (wanted === 'owner') {
    throw badRequest('The emulator does not model ownership transfer (role owner).');
  }
  if ((wanted === 'organizer' || wanted === 'fileOrganizer') && file.driveId === undefined) {
    throw invalidValue(`The role ${wanted} exists in shared drives only.`, 'permission.role');
  }
  const expirationTime = parseExpiration(body.expirationTime, state.now());
  const grantee = granteeOf(context, type as StoredPermission['type'], body);
  const existing = file.permissions.find((permission) => permission.id === grantee.id);
  if (existing) {
    existing.role = wanted;
    if (expirationTime !== undefined) existing.expirationTime = expirationTime;
  } else {
    const emailSent = flag(query, 'sendNotificationEmail', type === 'user' || type === 'group');
    if (emailSent && (type === 'domain' || type === 'anyone')) {
      throw badRequest('sendNotificationEmail applies to user and group permissions only.');
    }
    file.permissions.push({
      ...grantee,
      role: wanted,
      ...(expirationTime !== undefined ? { expirationTime } : {}),
    });
  }
  state.files.noteChange(file);
  const stored = file.permissions.find(
    (permission) => permission.id === grantee.id,
  ) as StoredPermission;
  return driveJson(
    200,
    select(query, 'Permission', renderPermission(stored), ALL_PERMISSION_FIELDS),
  );
}

/** `PATCH .../permissions/{permissionId}`: a new role or expiration time. */
export async function updatePermission(
  context: DriveContext,
  fileId: string,
  permissionId: string,
): Promise<EmulatorResponse> {
  const body = await readJsonObject(context.request);
  const stored = ownPermission(context, fileId, permissionId);
  if (body.role !== undefined) {
    const role = parseRole(body.role);
    if (role === 'owner')
      throw badRequest('The emulator does not model ownership transfer (role owner).');
    stored.permission.role = role;
  }
  const expirationTime = parseExpiration(body.expirationTime, context.state.now());
  if (expirationTime !== undefined) stored.permission.expirationTime = expirationTime;
  context.state.files.noteChange(stored.file);
  return driveJson(
    200,
    select(context.query, 'Permission', renderPermission(stored.permission), ALL_PERMISSION_FIELDS),
  );
}

/** `DELETE .../permissions/{permissionId}`: 204; the owner's and inherited ones cannot go. */
export function deletePermission(
  context: DriveContext,
  fileId: string,
  permissionId: string,
): EmulatorResponse {
  const { file, permission } = ownPermission(context, fileId, permissionId);
  file.permissions = file.permissions.filter((candidate) => candidate !== permission);
  context.state.files.noteChange(file);
  return emptyResponse(204);
}

/** A permission stored on the file itself, for changing or removing it. */
function ownPermission(
  context: DriveContext,
  fileId: string,
  permissionId: string,
): { file: DriveFile; permission: StoredPermission } {
  const { file, role } = requireFile(context, fileId);
  if (!canShare(role)) throw insufficientPermissions();
  const permission = file.permissions.find((candidate) => candidate.id === permissionId);
  if (permission) return { file, permission };
  if (permissionsOf(context.state, file).some((candidate) => candidate.id === permissionId)) {
    throw new DriveError(
      403,
      'cannotDeletePermission',
      "The owner's permission and permissions inherited from a shared drive cannot be changed here.",
    );
  }
  throw permissionNotFound(permissionId);
}

function granteeOf(
  context: DriveContext,
  type: StoredPermission['type'],
  body: Record<string, unknown>,
): Omit<StoredPermission, 'role'> {
  if (type === 'anyone') {
    const discoverable = body.allowFileDiscovery === true;
    return {
      id: discoverable ? 'anyone' : 'anyoneWithLink',
      type,
      allowFileDiscovery: discoverable,
    };
  }
  if (type === 'domain') {
    if (typeof body.domain !== 'string' || !body.domain.includes('.')) {
      throw new DriveError(400, 'required', 'A domain permission needs a domain.', {
        location: 'permission.domain',
        locationType: 'body',
      });
    }
    return {
      id: `${permissionIdFor(body.domain)}k`,
      type,
      domain: body.domain,
      displayName: body.domain,
      allowFileDiscovery: body.allowFileDiscovery === true,
    };
  }
  const email = body.emailAddress;
  if (typeof email !== 'string' || !email.includes('@')) {
    throw new DriveError(400, 'required', `A ${type} permission needs an emailAddress.`, {
      location: 'permission.emailAddress',
      locationType: 'body',
    });
  }
  const known = context.state.accounts.find(email);
  return {
    id: known?.permissionId ?? permissionIdFor(email),
    type,
    emailAddress: known?.email ?? email,
    ...(known ? { displayName: known.displayName } : {}),
  };
}

function parseRole(value: unknown): PermissionRole {
  if (typeof value !== 'string' || !(ROLES as readonly string[]).includes(value)) {
    throw new DriveError(400, 'invalidSharingRole', `Invalid role '${String(value)}'.`, {
      location: 'permission.role',
      locationType: 'body',
    });
  }
  return value as PermissionRole;
}

function parseExpiration(value: unknown, now: number): number | undefined {
  if (value === undefined) return undefined;
  const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time) || time <= now) {
    throw invalidValue(
      'The expiration time must be a date in the future.',
      'permission.expirationTime',
    );
  }
  return time;
}

function permissionNotFound(permissionId: string): DriveError {
  return new DriveError(404, 'notFound', `Permission not found: ${permissionId}.`, {
    location: 'permissionId',
    locationType: 'parameter',
  });
}
