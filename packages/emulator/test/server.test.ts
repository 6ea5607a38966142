import { afterEach, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../src/index.js';
import type { Json } from './support/harness.js';

let emu: EmulatorHandle;
afterEach(async () => {
  await emu.stop();
});

describe('host mapping', () => {
  it('serves each real host under its name and lists them at the root', async () => {
    emu = await startEmulator();
    expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(emu.urls).toEqual({
      graph: `${emu.url}/graph.microsoft.com/v1.0`,
      login: `${emu.url}/login.microsoftonline.com`,
      upload: `${emu.url}/api.onedrive.com`,
      download: `${emu.url}/my.microsoftpersonalcontent.com`,
      googleApis: `${emu.url}/www.googleapis.com`,
      googleOAuth: `${emu.url}/oauth2.googleapis.com`,
      googleAccounts: `${emu.url}/accounts.google.com`,
      dropboxApi: `${emu.url}/api.dropboxapi.com`,
      dropboxContent: `${emu.url}/content.dropboxapi.com`,
      dropboxWeb: `${emu.url}/www.dropbox.com`,
    });
    const index = (await (await fetch(`${emu.url}/`)).json()) as Json;
    expect(index.hosts['graph.microsoft.com']).toBe('microsoft');
    expect(index.hosts['www.googleapis.com']).toBe('google');
    expect(index.hosts['api.dropboxapi.com']).toBe('dropbox');
    const unknown = await fetch(`${emu.url}/example.com/anything`);
    expect(unknown.status).toBe(404);
  });

  it('does not answer for providers that are not enabled', async () => {
    emu = await startEmulator({ providers: [] });
    const response = await fetch(`${emu.url}/graph.microsoft.com/v1.0/me`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as Json).error.message).toMatch(/not enabled/);
  });

  it("points emitted links at the real https hosts with linkStyle 'real'", async () => {
    emu = await startEmulator({
      linkStyle: 'real',
      microsoft: { accounts: [{ email: 'ada@example.com' }] },
    });
    emu.microsoft.seed('ada@example.com', { '/f/a.txt': 'a', '/f/b.txt': 'b' });
    const { accessToken } = emu.microsoft.mintToken('ada@example.com');
    const headers = { authorization: `Bearer ${accessToken}` };
    const page = (await (
      await fetch(`${emu.urls.graph}/me/drive/root:/f:/children?$top=1`, { headers })
    ).json()) as Json;
    expect(page['@odata.nextLink']).toMatch(
      /^https:\/\/graph\.microsoft\.com\/v1\.0\/me\/drive\/root:\/f:\/children\?\$top=1&\$skiptoken=/,
    );
    expect(page.value[0]['@microsoft.graph.downloadUrl']).toMatch(
      /^https:\/\/my\.microsoftpersonalcontent\.com\/download\//,
    );
    const session = (await (
      await fetch(`${emu.urls.graph}/me/drive/root:/big.bin:/createUploadSession`, {
        method: 'POST',
        headers,
      })
    ).json()) as Json;
    expect(session.uploadUrl).toMatch(/^https:\/\/api\.onedrive\.com\/rup\//);
    const viaProxyRule = session.uploadUrl.replace(/^https:\/\//, `${emu.url}/`);
    expect((await fetch(viaProxyRule)).status).toBe(200);
  });

  it('seeds accounts, clients and static tokens from the options', async () => {
    emu = await startEmulator({
      microsoft: {
        accounts: [{ email: 'biz@contoso.com', driveType: 'business' }],
        staticTokens: { 'tok-1': 'biz@contoso.com' },
      },
    });
    const drive = (await (
      await fetch(`${emu.urls.graph}/me/drive`, { headers: { authorization: 'Bearer tok-1' } })
    ).json()) as Json;
    expect(drive.driveType).toBe('business');
    expect(drive.id).toMatch(/^b!/);
    expect(emu.microsoft.accounts()[0]?.driveId).toBe(drive.id);
  });
});
