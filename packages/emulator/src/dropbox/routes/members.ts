import { isoSeconds } from '../../server/clock.js';
import { randomChars, randomToken } from '../../server/random.js';
import type { DropboxAccount } from '../accounts.js';
import { Args } from '../args.js';
import { type RouteContext, withWriteLock } from '../context.js';
import { badInput, routeError, routeErrorJson, union } from '../errors.js';
import type { DbxNode, Member } from '../namespace.js';
import { materializeParent, occupant, parsePath, planWrite, resolvePath } from '../paths.js';

type Access = Member['access'];

/** `sharing/add_file_member`: invites people (by email or Dropbox id) to a file. */
export function addFileMember(context: RouteContext, arg: unknown): unknown {
  const { route } = context;
  const args = new Args(route, arg);
  const file = requireFile(context, args.string('file'));
  const access = accessLevel(args, 'access_level');
  return args.list('members').map((raw, index) => {
    const selector = new Args(route, { member: raw }, `members[${index}]`);
    const email = memberEmail(context, selector);
    if (email === undefined) {
      return {
        member: raw,
        result: { '.tag': 'member_error', member_error: { '.tag': 'invalid_member' } },
      };
    }
    grant(context, file, email, access);
    return { member: raw, result: { '.tag': 'success' } };
  });
}

/** `sharing/list_file_members`: the owner, the explicit members and (by default) inherited ones. */
export function listFileMembers(context: RouteContext, arg: unknown): unknown {
  const args = new Args(context.route, arg);
  const file = requireFile(context, args.string('file'));
  const inherited = args.boolean('include_inherited', true);
  const shared = context.account.namespace.sharedAncestor(file);
  return membersJson(context, file.members, inherited && shared ? shared.members : []);
}

/** `sharing/remove_file_member_2`. */
export function removeFileMember(context: RouteContext, arg: unknown): unknown {
  const args = new Args(context.route, arg);
  const file = requireFile(context, args.string('file'));
  const email = memberEmail(context, args);
  const before = file.members.length;
  file.members = file.members.filter((m) => m.email.toLowerCase() !== email?.toLowerCase());
  if (file.members.length === before) {
    return { '.tag': 'member_error', member_error: { '.tag': 'no_explicit_access' } };
  }
  context.account.namespace.touch(file);
  return { '.tag': 'success' };
}

/**
 * `sharing/share_folder`: makes a folder (created when missing) a shared folder. Answers
 * `complete` with its metadata, or an async job id when `force_async` or `asyncJobPolls` say so.
 */
export function shareFolder(context: RouteContext, arg: unknown): Promise<unknown> {
  const { route, account, state } = context;
  const args = new Args(route, arg);
  const parsed = parsePath(route, 'path', args.string('path'), 'bad_path', account);
  const forceAsync = args.boolean('force_async', false);
  const ns = account.namespace;
  return withWriteLock(context, () => {
    let folder = resolvePath(ns, parsed);
    if (!folder) {
      const plan = planWrite(ns, parsed, 'bad_path');
      folder = occupant(ns, plan) ?? ns.createFolder(materializeParent(ns, plan), plan.name);
    }
    if (folder.kind !== 'folder') throw routeError(union('bad_path', union('is_file')));
    if (folder.sharedFolderId !== undefined) {
      throw routeErrorJson(union('bad_path', union('already_shared')), {
        '.tag': 'bad_path',
        bad_path: { '.tag': 'already_shared', ...sharedFolderJson(account, folder, state.now()) },
      });
    }
    if (ns.sharedAncestor(folder)) {
      throw routeError(union('bad_path', union('inside_shared_folder')));
    }
    if (ns.descendants(folder).some((node) => node.sharedFolderId !== undefined)) {
      throw routeError(union('bad_path', union('contains_shared_folder')));
    }
    folder.sharedFolderId = `${randomChars('123456789', 1)}${randomChars('0123456789', 10)}`;
    ns.sharedFolders.set(folder.sharedFolderId, folder);
    for (const node of [folder, ...ns.descendants(folder)]) ns.touch(node);
    const complete = { '.tag': 'complete', ...sharedFolderJson(account, folder, state.now()) };
    if (!forceAsync && state.options.asyncJobPolls === 0) return complete;
    return startJob(context, 'share', complete);
  });
}

/** `sharing/check_share_job_status`. */
export function checkShareJobStatus(context: RouteContext, arg: unknown): unknown {
  return pollJob(context, arg, 'share');
}

/** `sharing/add_folder_member`: adds people to a shared folder. */
export function addFolderMember(context: RouteContext, arg: unknown): unknown {
  const { route } = context;
  const args = new Args(route, arg);
  const folder = requireSharedFolder(context, args.string('shared_folder_id'));
  for (const [index, raw] of args.list('members').entries()) {
    const entry = new Args(route, raw, `members[${index}]`);
    const email = memberEmail(context, entry);
    if (email === undefined) throw routeError(union('bad_member', union('invalid_dropbox_id')));
    grant(context, folder, email, accessLevel(entry, 'access_level'));
  }
  return null;
}

/** `sharing/list_folder_members`: the owner and the members of a shared folder. */
export function listFolderMembers(context: RouteContext, arg: unknown): unknown {
  const args = new Args(context.route, arg);
  const folder = requireSharedFolder(context, args.string('shared_folder_id'));
  return membersJson(context, folder.members, []);
}

/** `sharing/remove_folder_member`: removes someone; the answer is an async job id, as on Dropbox. */
export function removeFolderMember(context: RouteContext, arg: unknown): unknown {
  const args = new Args(context.route, arg);
  const folder = requireSharedFolder(context, args.string('shared_folder_id'));
  const email = memberEmail(context, args);
  if (email?.toLowerCase() === context.account.email.toLowerCase()) {
    throw routeError(union('folder_owner'));
  }
  const kept = folder.members.filter((m) => m.email.toLowerCase() !== email?.toLowerCase());
  if (kept.length === folder.members.length) {
    throw routeError(union('member_error', union('not_a_member')));
  }
  folder.members = kept;
  context.account.namespace.touch(folder);
  return startJob(context, 'remove_member', { '.tag': 'complete' });
}

/** `sharing/check_remove_member_job_status`. */
export function checkRemoveMemberJobStatus(context: RouteContext, arg: unknown): unknown {
  return pollJob(context, arg, 'remove_member');
}

function requireFile(context: RouteContext, raw: string): DbxNode {
  const { route, account } = context;
  const node = resolvePath(
    account.namespace,
    parsePath(route, 'file', raw, 'access_error', account),
  );
  if (!node) throw routeError(union('access_error', union('invalid_file')));
  if (node.kind !== 'file') throw routeError(union('access_error', union('is_folder')));
  return node;
}

function requireSharedFolder(context: RouteContext, id: string): DbxNode {
  const folder = context.account.namespace.sharedFolders.get(id);
  if (!folder) throw routeError(union('access_error', union('invalid_id')));
  return folder;
}

/** The email of a MemberSelector in field `member`: by email, or the account of a Dropbox id. */
function memberEmail(context: RouteContext, args: Args): string | undefined {
  const member = args.union('member', ['email', 'dropbox_id']);
  const value = member.value[member.tag];
  if (typeof value !== 'string' || value === '') {
    throw badInput(context.route, `request body: member.${member.tag}: expected string`);
  }
  if (member.tag === 'email') return value.includes('@') ? value : undefined;
  return context.state.accounts.find(value)?.email;
}

function accessLevel(args: Args, field: string): Access {
  const tag = args.union(field, ['viewer', 'editor', 'viewer_no_comment'], 'viewer').tag;
  return tag === 'editor' ? 'editor' : 'viewer';
}

function grant(context: RouteContext, node: DbxNode, email: string, access: Access): void {
  if (email.toLowerCase() === context.account.email.toLowerCase()) return;
  const existing = node.members.find((m) => m.email.toLowerCase() === email.toLowerCase());
  if (existing) existing.access = access;
  else {
    node.members.push({ email, accountId: context.state.accounts.find(email)?.accountId, access });
  }
  context.account.namespace.touch(node);
}

function membersJson(context: RouteContext, own: Member[], inherited: Member[]): unknown {
  const { account, state } = context;
  const users: unknown[] = [
    {
      access_type: { '.tag': 'owner' },
      user: userInfo(account),
      permissions: [],
      is_inherited: false,
    },
  ];
  const invitees: unknown[] = [];
  const add = (member: Member, isInherited: boolean) => {
    const holder = member.accountId ? state.accounts.find(member.accountId) : undefined;
    const entry = {
      access_type: { '.tag': member.access },
      permissions: [],
      is_inherited: isInherited,
    };
    if (holder) users.push({ ...entry, user: userInfo(holder) });
    else invitees.push({ ...entry, invitee: { '.tag': 'email', email: member.email } });
  };
  for (const member of own) add(member, false);
  for (const member of inherited) add(member, true);
  return { users, groups: [], invitees };
}

function userInfo(account: DropboxAccount): Record<string, unknown> {
  return {
    account_id: account.accountId,
    email: account.email,
    display_name: account.displayName,
    same_team: false,
  };
}

function sharedFolderJson(
  account: DropboxAccount,
  folder: DbxNode,
  now: number,
): Record<string, unknown> {
  const path = account.namespace.pathOf(folder);
  return {
    access_type: { '.tag': 'owner' },
    is_inside_team_folder: false,
    is_team_folder: false,
    name: folder.name,
    policy: {
      acl_update_policy: { '.tag': 'editors' },
      shared_link_policy: { '.tag': 'anyone' },
      member_policy: { '.tag': 'anyone' },
      resolved_member_policy: { '.tag': 'anyone' },
    },
    preview_url: `https://www.dropbox.com/scl/fo/${folder.sharedFolderId}`,
    shared_folder_id: folder.sharedFolderId,
    time_invited: isoSeconds(now),
    path_lower: path.toLowerCase(),
    path_display: path,
    folder_id: folder.id,
    permissions: [],
    access_inheritance: { '.tag': 'inherit' },
  };
}

function startJob(
  context: RouteContext,
  kind: 'share' | 'remove_member',
  result: Record<string, unknown>,
): unknown {
  const id = `dbjid:${randomToken(30)}`;
  context.state.jobs.set(id, {
    accountId: context.account.accountId,
    kind,
    pollsLeft: context.state.options.asyncJobPolls,
    result,
  });
  return { '.tag': 'async_job_id', async_job_id: id };
}

function pollJob(context: RouteContext, arg: unknown, kind: 'share' | 'remove_member'): unknown {
  const id = new Args(context.route, arg).string('async_job_id');
  const job = context.state.jobs.get(id);
  if (!job || job.kind !== kind || job.accountId !== context.account.accountId) {
    throw routeError(union('invalid_async_job_id'));
  }
  if (job.pollsLeft > 0) {
    job.pollsLeft -= 1;
    return { '.tag': 'in_progress' };
  }
  return job.result;
}
