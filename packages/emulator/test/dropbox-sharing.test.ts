import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DropboxHarness, type Json, startDropbox } from './support/dropbox-harness.js';

let h: DropboxHarness;
beforeEach(async () => {
  h = await startDropbox();
  h.emu.dropbox.addAccount({ email: 'grace@example.com', displayName: 'Grace Hopper' });
  h.emu.dropbox.seed(h.email, { '/Team/plan.txt': 'plan', '/report.txt': 'report' });
});
afterEach(async () => {
  await h.emu.stop();
});

describe('shared links', () => {
  it('creates, lists, serves and revokes a link; a second identical one already exists', async () => {
    const created = await h.sdk.sharingCreateSharedLinkWithSettings({
      path: '/report.txt',
      settings: { audience: { '.tag': 'public' }, access: { '.tag': 'viewer' } },
    });
    const link = created.result as Json;
    expect(link).toMatchObject({ '.tag': 'file', name: 'report.txt', path_lower: '/report.txt' });
    expect(link.link_permissions.effective_audience['.tag']).toBe('public');
    expect(link.link_permissions.link_access_level['.tag']).toBe('viewer');
    expect(await (await fetch(link.url)).text()).toBe('report');

    const again = await h.rpc('sharing/create_shared_link_with_settings', { path: '/report.txt' });
    expect(again.status).toBe(409);
    expect(again.json.error_summary).toMatch(/^shared_link_already_exists\/metadata\//);
    expect(again.json.error.shared_link_already_exists.metadata.url).toBe(link.url);

    const listed = await h.sdk.sharingListSharedLinks({ path: '/report.txt', direct_only: true });
    expect(listed.result.links.map((l) => l.url)).toEqual([link.url]);
    await h.sdk.sharingRevokeSharedLink({ url: link.url });
    expect((await h.sdk.sharingListSharedLinks({ path: '/report.txt' })).result.links).toEqual([]);
    expect((await fetch(link.url)).status).toBe(404);
    const gone = await h.rpc('sharing/revoke_shared_link', { url: link.url });
    expect(gone.json.error_summary).toMatch(/^shared_link_not_found\//);
  });

  it('lists links of parent folders unless direct_only', async () => {
    const folder = (
      await h.sdk.sharingCreateSharedLinkWithSettings({
        path: '/Team',
        settings: { audience: { '.tag': 'team' }, access: { '.tag': 'editor' } },
      })
    ).result as Json;
    expect(folder['.tag']).toBe('folder');
    expect(folder.link_permissions.resolved_visibility['.tag']).toBe('team_only');
    const inherited = await h.sdk.sharingListSharedLinks({ path: '/Team/plan.txt' });
    expect(inherited.result.links.map((l) => l.url)).toEqual([folder.url]);
    const direct = await h.sdk.sharingListSharedLinks({
      path: '/Team/plan.txt',
      direct_only: true,
    });
    expect(direct.result.links).toEqual([]);
  });
});

describe('file members', () => {
  it('adds people by email, lists owner, users and invitees, and removes them', async () => {
    const added = await h.sdk.sharingAddFileMember({
      file: '/report.txt',
      members: [
        { '.tag': 'email', email: 'grace@example.com' },
        { '.tag': 'email', email: 'stranger@example.org' },
      ],
      access_level: { '.tag': 'editor' },
    });
    expect(added.result.map((r) => (r.result as Json)['.tag'])).toEqual(['success', 'success']);
    const members = (await h.sdk.sharingListFileMembers({ file: '/report.txt' })).result;
    expect(members.users.map((u) => [u.user.email, u.access_type['.tag']])).toEqual([
      [h.email, 'owner'],
      ['grace@example.com', 'editor'],
    ]);
    expect(members.invitees.map((i) => (i.invitee as Json).email)).toEqual([
      'stranger@example.org',
    ]);
    const meta = await h.sdk.filesGetMetadata({ path: '/report.txt' });
    expect((meta.result as Json).has_explicit_shared_members).toBe(true);
    const removed = await h.sdk.sharingRemoveFileMember2({
      file: '/report.txt',
      member: { '.tag': 'email', email: 'stranger@example.org' },
    });
    expect((removed.result as Json)['.tag']).toBe('success');
    const after = (await h.sdk.sharingListFileMembers({ file: '/report.txt' })).result;
    expect(after.invitees).toEqual([]);
    const missing = await h.rpc('sharing/list_file_members', { file: '/nope.txt' });
    expect(missing.json.error_summary).toMatch(/^access_error\/invalid_file\//);
  });
});

describe('shared folders', () => {
  it('shares a folder, manages its members and marks its items', async () => {
    const shared = await h.sdk.sharingShareFolder({ path: '/Team' });
    const result = shared.result as Json;
    expect(result['.tag']).toBe('complete');
    const id = result.shared_folder_id as string;
    expect(h.emu.dropbox.stat(h.email, '/Team')?.sharedFolderId).toBe(id);
    const folder = (await h.sdk.filesGetMetadata({ path: '/Team' })).result as Json;
    expect(folder.sharing_info.shared_folder_id).toBe(id);
    const file = (await h.sdk.filesGetMetadata({ path: '/Team/plan.txt' })).result as Json;
    expect(file.sharing_info.parent_shared_folder_id).toBe(id);

    await h.sdk.sharingAddFolderMember({
      shared_folder_id: id,
      members: [
        {
          member: { '.tag': 'email', email: 'grace@example.com' },
          access_level: { '.tag': 'viewer' },
        },
      ],
    });
    const members = (await h.sdk.sharingListFolderMembers({ shared_folder_id: id })).result;
    expect(members.users.map((u) => [u.user.email, u.access_type['.tag']])).toEqual([
      [h.email, 'owner'],
      ['grace@example.com', 'viewer'],
    ]);
    const inherited = (await h.sdk.sharingListFileMembers({ file: '/Team/plan.txt' })).result;
    expect(inherited.users.find((u) => u.user.email === 'grace@example.com')?.is_inherited).toBe(
      true,
    );

    const removal = (
      await h.sdk.sharingRemoveFolderMember({
        shared_folder_id: id,
        member: { '.tag': 'email', email: 'grace@example.com' },
        leave_a_copy: false,
      })
    ).result as Json;
    expect(removal['.tag']).toBe('async_job_id');
    const status = await h.sdk.sharingCheckRemoveMemberJobStatus({
      async_job_id: removal.async_job_id,
    });
    expect(status.result['.tag']).toBe('complete');
    const again = await h.rpc('sharing/share_folder', { path: '/Team' });
    expect(again.json.error_summary).toMatch(/^bad_path\/already_shared\//);
    const owner = await h.rpc('sharing/remove_folder_member', {
      shared_folder_id: id,
      member: { '.tag': 'email', email: h.email },
      leave_a_copy: false,
    });
    expect(owner.json.error_summary).toMatch(/^folder_owner\//);
  });

  it('reports async jobs in progress as many times as asyncJobPolls says', async () => {
    await h.emu.stop();
    h = await startDropbox({ dropbox: { asyncJobPolls: 2 } });
    const launch = (await h.sdk.sharingShareFolder({ path: '/New' })).result as Json;
    expect(launch['.tag']).toBe('async_job_id');
    const poll = () => h.sdk.sharingCheckShareJobStatus({ async_job_id: launch.async_job_id });
    expect((await poll()).result['.tag']).toBe('in_progress');
    expect((await poll()).result['.tag']).toBe('in_progress');
    const done = (await poll()).result as Json;
    expect(done['.tag']).toBe('complete');
    expect(done.path_lower).toBe('/new');
  });

  it('refuses to move a shared folder into another', async () => {
    await h.sdk.sharingShareFolder({ path: '/Team' });
    await h.sdk.sharingShareFolder({ path: '/Other' });
    const nested = await h.rpc('files/move_v2', { from_path: '/Other', to_path: '/Team/Other' });
    expect(nested.json.error_summary).toMatch(/^cant_nest_shared_folder\//);
  });
});
