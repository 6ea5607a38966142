import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { needsEmulator } from '../src/connections/build-connections.js';
import { CLOUD_PROVIDERS, realCredentials } from '../src/connections/cloud-providers.js';
import { loadEnv, readDemoConfig } from '../src/index.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('readDemoConfig', () => {
  it('defaults to port 3000, ./demo-data and a 1 GiB upload limit', () => {
    expect(readDemoConfig({}, '/srv/app')).toMatchObject({
      port: 3000,
      dataDir: '/srv/app/demo-data',
      maxUploadBytes: 1024 * 1024 * 1024,
    });
  });

  it('reads PORT, POLYDRIVE_DEMO_DATA and POLYDRIVE_DEMO_MAX_UPLOAD_MB', () => {
    const env = { PORT: '8123', POLYDRIVE_DEMO_DATA: 'files', POLYDRIVE_DEMO_MAX_UPLOAD_MB: '5' };
    expect(readDemoConfig(env, '/srv/app')).toMatchObject({
      port: 8123,
      dataDir: '/srv/app/files',
      maxUploadBytes: 5 * 1024 * 1024,
    });
  });

  it('refuses values that are not whole numbers in range, naming the variable', () => {
    expect(() => readDemoConfig({ PORT: 'http' })).toThrow(/PORT must be a whole number/);
    expect(() => readDemoConfig({ PORT: '70000' })).toThrow(/from 0 to 65535/);
    expect(() => readDemoConfig({ POLYDRIVE_DEMO_MAX_UPLOAD_MB: '0' })).toThrow(
      /POLYDRIVE_DEMO_MAX_UPLOAD_MB must be a whole number from 1/,
    );
  });
});

describe('loadEnv', () => {
  it('reads a .env file under the process environment, which wins', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pd-demo-env-'));
    dirs.push(dir);
    const file = join(dir, '.env');
    await writeFile(file, '# credentials\nONEDRIVE_CLIENT_ID="from-file"\nPORT=4000\n');
    const env = await loadEnv({ PORT: '5000', OTHER: undefined }, file);
    expect(env).toMatchObject({ ONEDRIVE_CLIENT_ID: 'from-file', PORT: '5000' });
    expect('OTHER' in env).toBe(false);
  });

  it('is content with no .env file at all', async () => {
    expect(await loadEnv({ A: '1' }, join(tmpdir(), 'pd-no-such-dir', '.env'))).toEqual({ A: '1' });
  });
});

describe('real credentials', () => {
  const onedrive = CLOUD_PROVIDERS.find((p) => p.name === 'onedrive');

  it('turns the environment into provider options, needing at least the client id', () => {
    if (!onedrive) throw new Error('onedrive is listed');
    expect(realCredentials(onedrive, { ONEDRIVE_CLIENT_SECRET: 's' })).toBeUndefined();
    expect(
      realCredentials(onedrive, {
        ONEDRIVE_CLIENT_ID: ' id ',
        ONEDRIVE_CLIENT_SECRET: 's',
        ONEDRIVE_TENANT: 'consumers',
      }),
    ).toEqual({ clientId: 'id', clientSecret: 's', tenant: 'consumers' });
  });

  it('starts the emulator unless every cloud service has real credentials', () => {
    expect(needsEmulator({})).toBe(true);
    const all = Object.fromEntries(
      CLOUD_PROVIDERS.map((p) => [p.env.clientId as string, `${p.name}-client`]),
    );
    expect(needsEmulator(all)).toBe(false);
    expect(needsEmulator({ ...all, ONEDRIVE_CLIENT_ID: '' })).toBe(true);
  });
});
