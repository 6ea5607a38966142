import {
  type ItemRef,
  type LinkScope,
  type OperationOptions,
  type Permission,
  type PermissionRequest,
  PolydriveError,
  type Role,
  type ShareLink,
  type ShareLinkRequest,
} from '@polydrive/core';
import type { sharing } from 'dropbox';
import type { CallContext } from '../api/dropbox-client.js';
import { failureError } from '../api/errors.js';
import type { DropboxMetadata } from '../api/metadata.js';
import { apiPath, targetOf } from '../api/paths.js';
import { type DropboxContext, PROVIDER_NAME, seen } from './context.js';
import { type JobPollOptions, waitForJob } from './job-poll.js';

/** A member entry of list_file_members / list_folder_members. */
interface MemberJson {
  readonly access_type: { readonly '.tag': string };
  readonly is_inherited?: boolean;
  readonly user?: {
    readonly account_id: string;
    readonly email?: string;
    readonly display_name?: string;
  };
  readonly group?: { readonly group_id: string; readonly group_name?: string };
  readonly invitee?: { readonly '.tag': string; readonly email?: string };
}

interface MembersJson {
  readonly users?: readonly MemberJson[];
  readonly groups?: readonly MemberJson[];
  readonly invitees?: readonly MemberJson[];
}

/** SharedLinkMetadata as far as the provider reads it. */
interface LinkJson {
  readonly url: string;
  readonly expires?: string;
  readonly link_permissions?: {
    readonly effective_audience?: { readonly '.tag': string };
    readonly resolved_visibility?: { readonly '.tag': string };
    readonly link_access_level?: { readonly '.tag': string };
  };
}

/** Who has access to an item, as Dropbox sees it, plus the item's links. */
export async function listPermissions(
  context: DropboxContext,
  ref: ItemRef,
  options?: OperationOptions,
): Promise<Permission[]> {
  const call = callContext('listPermissions', ref, options);
  const meta = await metadata(context, ref, call);
  const members = await membersOf(context, meta, call);
  const links = await listShareLinks(context, ref, options);
  return [...members, ...links.map(linkPermission)];
}

/**
 * Grants access: a user by email becomes a member of the file, or of the folder (shared first
 * if it is not yet); `anyone` becomes a public link. Domains and groups are not granted this way
 * on Dropbox.
 */
export async function addPermission(
  context: DropboxContext,
  ref: ItemRef,
  request: PermissionRequest,
  poll: JobPollOptions,
  options?: OperationOptions,
): Promise<Permission> {
  const call = callContext('addPermission', ref, options);
  if (request.type === 'anyone') {
    return linkPermission(
      await createShareLink(context, ref, { role: request.role, scope: 'anyone' }, options),
    );
  }
  if (request.type !== 'user') {
    throw new PolydriveError('Unsupported', {
      message: `Dropbox cannot grant access to a ${request.type} this way.`,
      advice:
        request.type === 'domain'
          ? "Create a share link with scope 'organization' for your own team instead."
          : 'Add the group members one by one, or use passthrough with the team API.',
      provider: PROVIDER_NAME,
      operation: call.operation,
      target: call.target,
    });
  }
  const email = request.email;
  if (!email) {
    throw new PolydriveError('InvalidArgument', {
      message: 'A user permission needs an email address.',
      advice: 'Pass the email of the person to invite.',
      provider: PROVIDER_NAME,
      operation: call.operation,
      target: call.target,
    });
  }
  const accessLevel = { '.tag': request.role === 'writer' ? 'editor' : 'viewer' } as const;
  const quiet = request.sendNotification === false;
  const meta = await metadata(context, ref, call);
  if (meta['.tag'] === 'file') {
    const results = await context.client.call(call, (dbx) =>
      dbx.sharingAddFileMember({
        file: meta.id as string,
        members: [{ '.tag': 'email', email }],
        access_level: accessLevel,
        quiet,
        ...(request.message ? { custom_message: request.message } : {}),
      }),
    );
    const outcome = results[0]?.result as
      | { '.tag': string; member_error?: { '.tag': string } }
      | undefined;
    if (outcome?.['.tag'] === 'member_error') {
      throw new PolydriveError('InvalidArgument', {
        message: `Dropbox could not add ${email} (${outcome.member_error?.['.tag'] ?? 'member error'}).`,
        provider: PROVIDER_NAME,
        operation: call.operation,
        target: call.target,
      });
    }
  } else {
    const sharedFolderId = await ensureSharedFolder(context, meta, poll, call);
    await context.client.call(call, (dbx) =>
      dbx.sharingAddFolderMember({
        shared_folder_id: sharedFolderId,
        members: [{ member: { '.tag': 'email', email }, access_level: accessLevel }],
        quiet,
        ...(request.message ? { custom_message: request.message } : {}),
      }),
    );
  }
  const granted = (await membersOf(context, await metadata(context, ref, call), call)).find(
    (permission) =>
      permission.email?.toLowerCase() === email.toLowerCase() && !permission.inherited,
  );
  if (!granted) {
    throw new PolydriveError('Internal', {
      message: `Dropbox accepted ${email} but does not list them among the members.`,
      provider: PROVIDER_NAME,
      operation: call.operation,
      target: call.target,
    });
  }
  return granted;
}

/** Removes a member (by the id `listPermissions` gave: an account id or an email) or a link (its URL). */
export async function removePermission(
  context: DropboxContext,
  ref: ItemRef,
  permissionId: string,
  poll: JobPollOptions,
  options?: OperationOptions,
): Promise<void> {
  if (/^https?:\/\//.test(permissionId))
    return revokeShareLink(context, ref, permissionId, options);
  const call = callContext('removePermission', ref, options);
  const member = selector(permissionId);
  const meta = await metadata(context, ref, call);
  if (meta['.tag'] === 'file') {
    const result = (await context.client.call(call, (dbx) =>
      dbx.sharingRemoveFileMember2({ file: meta.id as string, member }),
    )) as { '.tag': string };
    if (result['.tag'] !== 'success') throw notAMember(permissionId, call);
    return;
  }
  const sharedFolderId = ownSharedFolderId(meta);
  if (sharedFolderId === undefined) throw notAMember(permissionId, call);
  const launched = (await context.client.call(call, (dbx) =>
    dbx.sharingRemoveFolderMember({
      shared_folder_id: sharedFolderId,
      member,
      leave_a_copy: false,
    }),
  )) as { '.tag': string; async_job_id?: string };
  if (launched['.tag'] !== 'async_job_id' || launched.async_job_id === undefined) return;
  const jobId = launched.async_job_id;
  await waitForJob(
    async () =>
      (await context.client.call(call, (dbx) =>
        dbx.sharingCheckRemoveMemberJobStatus({ async_job_id: jobId }),
      )) as { '.tag': string },
    poll,
    { operation: call.operation, target: call.target ?? '', ...signalOf(options) },
  );
}

/** Creates a shared link, or returns the item's existing one with the same settings. */
export async function createShareLink(
  context: DropboxContext,
  ref: ItemRef,
  request: ShareLinkRequest,
  options?: OperationOptions,
): Promise<ShareLink> {
  const call = callContext('createShareLink', ref, options);
  const settings: sharing.SharedLinkSettings = {
    audience: { '.tag': AUDIENCE[request.scope ?? 'anyone'] } as sharing.LinkAudience,
    access: { '.tag': request.role === 'writer' ? 'editor' : 'viewer' },
    ...(request.expiresAt
      ? { expires: request.expiresAt.toISOString().replace(/\.\d{3}Z$/, 'Z') }
      : {}),
    ...(request.password ? { require_password: true, link_password: request.password } : {}),
  };
  const outcome = await context.client.attempt(call, (dbx) =>
    dbx.sharingCreateSharedLinkWithSettings({ path: apiPath(ref), settings }),
  );
  if (outcome.ok) return toShareLink(outcome.value as LinkJson);
  const existing = (
    outcome.failure.error as { shared_link_already_exists?: { metadata?: LinkJson } } | undefined
  )?.shared_link_already_exists?.metadata;
  if (existing) return toShareLink(existing);
  throw failureError(outcome.failure, call);
}

/** The item's own links (not those of its folders). */
export async function listShareLinks(
  context: DropboxContext,
  ref: ItemRef,
  options?: OperationOptions,
): Promise<ShareLink[]> {
  const call = callContext('listShareLinks', ref, options);
  const links: ShareLink[] = [];
  let cursor: string | undefined;
  do {
    const page = await context.client.call(call, (dbx) =>
      dbx.sharingListSharedLinks({
        path: apiPath(ref),
        direct_only: true,
        ...(cursor !== undefined ? { cursor } : {}),
      }),
    );
    links.push(...page.links.map((link) => toShareLink(link as LinkJson)));
    cursor = page.has_more ? page.cursor : undefined;
  } while (cursor !== undefined);
  return links;
}

/** Revokes a link by its URL (the link's id). */
export async function revokeShareLink(
  context: DropboxContext,
  ref: ItemRef,
  linkId: string,
  options?: OperationOptions,
): Promise<void> {
  await context.client.call(callContext('revokeShareLink', ref, options), (dbx) =>
    dbx.sharingRevokeSharedLink({ url: linkId }),
  );
}

const AUDIENCE: Record<LinkScope, string> = {
  anyone: 'public',
  organization: 'team',
  users: 'no_one',
};

function toShareLink(link: LinkJson): ShareLink {
  const permissions = link.link_permissions;
  const audience =
    permissions?.effective_audience?.['.tag'] ?? permissions?.resolved_visibility?.['.tag'];
  return {
    id: link.url,
    url: link.url,
    role: permissions?.link_access_level?.['.tag'] === 'editor' ? 'writer' : 'reader',
    scope:
      audience === 'team' || audience === 'team_only'
        ? 'organization'
        : audience === 'no_one' || audience === 'members'
          ? 'users'
          : 'anyone',
    ...(link.expires ? { expiresAt: new Date(link.expires) } : {}),
    raw: link,
  };
}

function linkPermission(link: ShareLink): Permission {
  return {
    id: link.id,
    type: link.scope === 'organization' ? 'domain' : link.scope === 'anyone' ? 'anyone' : 'user',
    role: link.role,
    link: { url: link.url, scope: link.scope },
    ...(link.expiresAt ? { expiresAt: link.expiresAt } : {}),
    raw: link.raw,
  };
}

async function metadata(
  context: DropboxContext,
  ref: ItemRef,
  call: CallContext,
): Promise<DropboxMetadata> {
  const meta = (await context.client.call(call, (dbx) =>
    dbx.filesGetMetadata({ path: apiPath(ref) }),
  )) as DropboxMetadata;
  return seen(context, meta);
}

async function membersOf(
  context: DropboxContext,
  meta: DropboxMetadata,
  call: CallContext,
): Promise<Permission[]> {
  if (meta['.tag'] === 'file') {
    const members = await context.client.call(call, (dbx) =>
      dbx.sharingListFileMembers({ file: meta.id as string, include_inherited: true, limit: 300 }),
    );
    return permissionsOf(members as unknown as MembersJson, false);
  }
  const own = ownSharedFolderId(meta);
  const folderId = own ?? meta.sharing_info?.parent_shared_folder_id;
  if (folderId === undefined) {
    const me = await context.client.call(call, (dbx) => dbx.usersGetCurrentAccount());
    return [
      {
        id: me.account_id,
        type: 'user',
        role: 'owner',
        email: me.email,
        displayName: me.name.display_name,
      },
    ];
  }
  const members = await context.client.call(call, (dbx) =>
    dbx.sharingListFolderMembers({ shared_folder_id: folderId, limit: 1000 }),
  );
  return permissionsOf(members as unknown as MembersJson, own === undefined);
}

function permissionsOf(members: MembersJson, allInherited: boolean): Permission[] {
  const role = (member: MemberJson): Role => {
    const tag = member.access_type['.tag'];
    return tag === 'owner' ? 'owner' : tag === 'editor' ? 'writer' : 'reader';
  };
  const inherited = (member: MemberJson) => allInherited || member.is_inherited === true;
  const out: Permission[] = [];
  for (const member of members.users ?? []) {
    if (!member.user) continue;
    out.push({
      id: member.user.account_id,
      type: 'user',
      role: role(member),
      ...(member.user.email ? { email: member.user.email } : {}),
      ...(member.user.display_name ? { displayName: member.user.display_name } : {}),
      inherited: inherited(member),
      raw: member,
    });
  }
  for (const member of members.groups ?? []) {
    if (!member.group) continue;
    out.push({
      id: member.group.group_id,
      type: 'group',
      role: role(member),
      ...(member.group.group_name ? { displayName: member.group.group_name } : {}),
      inherited: inherited(member),
      raw: member,
    });
  }
  for (const member of members.invitees ?? []) {
    const email = member.invitee?.email;
    if (!email) continue;
    out.push({
      id: email,
      type: 'user',
      role: role(member),
      email,
      inherited: inherited(member),
      raw: member,
    });
  }
  return out;
}

/** The folder's own shared folder id, sharing it first when it is not shared yet. */
async function ensureSharedFolder(
  context: DropboxContext,
  meta: DropboxMetadata,
  poll: JobPollOptions,
  call: CallContext,
): Promise<string> {
  const own = ownSharedFolderId(meta);
  if (own !== undefined) return own;
  const launched = (await context.client.call(call, (dbx) =>
    dbx.sharingShareFolder({ path: meta.id as string }),
  )) as { '.tag': string; shared_folder_id?: string; async_job_id?: string };
  const done =
    launched['.tag'] === 'async_job_id' && launched.async_job_id !== undefined
      ? await waitForJob(
          async () =>
            (await context.client.call(call, (dbx) =>
              dbx.sharingCheckShareJobStatus({ async_job_id: launched.async_job_id as string }),
            )) as { '.tag': string; shared_folder_id?: string },
          poll,
          { operation: call.operation, target: call.target ?? '', ...signalOf(call) },
        )
      : launched;
  if (done.shared_folder_id === undefined) {
    throw new PolydriveError('Internal', {
      message: 'Dropbox shared the folder but returned no shared folder id.',
      provider: PROVIDER_NAME,
      operation: call.operation,
      target: call.target,
    });
  }
  return done.shared_folder_id;
}

function ownSharedFolderId(meta: DropboxMetadata): string | undefined {
  return meta.sharing_info?.shared_folder_id ?? meta.shared_folder_id;
}

function selector(permissionId: string): sharing.MemberSelector {
  return permissionId.startsWith('dbid:')
    ? { '.tag': 'dropbox_id', dropbox_id: permissionId }
    : { '.tag': 'email', email: permissionId };
}

function notAMember(permissionId: string, call: CallContext): PolydriveError {
  return new PolydriveError('NotFound', {
    message: `${permissionId} has no access of their own to the item.`,
    advice:
      'List the permissions to see who has access; inherited access is removed on the folder.',
    provider: PROVIDER_NAME,
    operation: call.operation,
    target: call.target,
  });
}

function callContext(operation: string, ref: ItemRef, options?: OperationOptions): CallContext {
  return { operation, target: targetOf(ref), ...signalOf(options) };
}

function signalOf(options: { signal?: AbortSignal } | undefined): { signal?: AbortSignal } {
  return options?.signal ? { signal: options.signal } : {};
}
