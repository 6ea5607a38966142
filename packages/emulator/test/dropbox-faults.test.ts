import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DropboxHarness, startDropbox } from './support/dropbox-harness.js';

let h: DropboxHarness;
beforeEach(async () => {
  h = await startDropbox();
  h.emu.dropbox.seed(h.email, { '/a.txt': 'abc' });
});
afterEach(async () => {
  await h.emu.stop();
});

describe('faults in the Dropbox format', () => {
  it('429: too_many_requests JSON with retry_after and the Retry-After header', async () => {
    h.emu.faults.inject({ kind: 'status', status: 429, retryAfter: 1, provider: 'dropbox' });
    const answer = await h.rpc('files/get_metadata', { path: '/a.txt' });
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('1');
    expect(answer.json).toMatchObject({
      error: { reason: { '.tag': 'too_many_requests' }, retry_after: 1 },
    });
    expect(answer.json.error_summary).toMatch(/^too_many_requests\//);
    expect((await h.rpc('files/get_metadata', { path: '/a.txt' })).status).toBe(200);
  });

  it('5xx: plain text, with Retry-After when asked', async () => {
    h.emu.faults.inject({
      kind: 'status',
      status: 503,
      retryAfter: 2,
      host: 'content.dropboxapi.com',
    });
    const answer = await h.content('files/download', { path: '/a.txt' });
    expect(answer.status).toBe(503);
    expect(answer.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(answer.headers.get('retry-after')).toBe('2');
  });

  it('expiredToken: 401 expired_access_token on the API, invalid_grant at the token endpoint', async () => {
    h.emu.faults.inject({ kind: 'expiredToken', host: 'api.dropboxapi.com', path: '/2/' });
    const api = await h.rpc('users/get_current_account', null);
    expect(api.status).toBe(401);
    expect(api.json.error['.tag']).toBe('expired_access_token');
    h.emu.faults.inject({ kind: 'expiredToken', path: '/oauth2/token' });
    const { refreshToken } = h.emu.dropbox.mintToken(h.email);
    const answer = await fetch(
      `${h.emu.urls.dropboxApi}/oauth2/token?grant_type=refresh_token&client_id=x&refresh_token=${refreshToken}`,
      { method: 'POST' },
    );
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it('sessionExpired: the session named in Dropbox-API-Arg is gone', async () => {
    const start = await h.sdk.filesUploadSessionStart({ contents: Buffer.from('abc') });
    const cursor = { session_id: start.result.session_id, offset: 3 };
    h.emu.faults.inject({ kind: 'sessionExpired', path: '/append_v2' });
    const expired = await h.content('files/upload_session/append_v2', { cursor }, Buffer.from('d'));
    expect(expired.status).toBe(409);
    expect(expired.json.error_summary).toMatch(/^not_found\//);
    expect(h.emu.dropbox.openUploadSessions()).toBe(0);
    const finish = await h.content('files/upload_session/finish', {
      cursor,
      commit: { path: '/x' },
    });
    expect(finish.json.error_summary).toMatch(/^lookup_failed\/not_found\//);
  });

  it('drop mid-request: nothing is appended, and the offset says where to resume', async () => {
    const start = await h.sdk.filesUploadSessionStart({ contents: Buffer.from('abc') });
    const id = start.result.session_id;
    h.emu.faults.inject({ kind: 'drop', path: '/append_v2' });
    await expect(
      h.content(
        'files/upload_session/append_v2',
        { cursor: { session_id: id, offset: 3 } },
        Buffer.alloc(64 * 1024),
      ),
    ).rejects.toThrow();
    const probe = await h.content(
      'files/upload_session/append_v2',
      { cursor: { session_id: id, offset: 99 } },
      Buffer.alloc(0),
    );
    expect(probe.json.error).toEqual({ '.tag': 'incorrect_offset', correct_offset: 3 });
    expect(h.emu.faults.requests().some((r) => r.fault === 'drop' && r.status === 0)).toBe(true);
  });
});
