import { describe, expect, it } from 'vitest';
import type { Provider } from '../src/index.js';
import {
  createDrive,
  knownProviders,
  PolydriveError,
  parseDriveUri,
  registerProvider,
} from '../src/index.js';

describe('parseDriveUri', () => {
  it('parses providers, roots and options', () => {
    expect(parseDriveUri('memory:')).toEqual({ provider: 'memory', options: {} });
    expect(parseDriveUri('local:///srv/my%20files')).toEqual({
      provider: 'local',
      options: { root: '/srv/my files' },
    });
    expect(parseDriveUri('local:/tmp')).toEqual({ provider: 'local', options: { root: '/tmp' } });
    expect(parseDriveUri('OneDrive:?clientId=abc&tenant=common')).toEqual({
      provider: 'onedrive',
      options: { clientId: 'abc', tenant: 'common' },
    });
  });

  it('refuses relative roots and non-URIs', () => {
    expect(() => parseDriveUri('local:relative/path')).toThrow(/absolute/);
    expect(() => parseDriveUri('no scheme')).toThrow(/not a drive URI/);
  });
});

describe('registry', () => {
  it('lists the known providers when one is unknown', async () => {
    const err = await createDrive('nosuch:').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PolydriveError);
    expect((err as PolydriveError).message).toContain('memory, ');
    expect((err as PolydriveError).message).toContain('onedrive');
  });

  it('uses a registered provider and applies layers in order', async () => {
    const calls: string[] = [];
    const fake = { name: 'custom', capabilities: {}, accountKey: 'k' } as unknown as Provider;
    registerProvider('custom', {
      name: 'custom',
      capabilities: fake.capabilities,
      create: () => fake,
    });
    const tag = (label: string) => (p: Provider) => {
      calls.push(label);
      return { ...p, accountKey: `${p.accountKey}+${label}` } as Provider;
    };
    const drive = await createDrive({
      provider: 'custom',
      layers: false,
      extraLayers: [tag('outer'), tag('inner')],
    });
    expect(calls).toEqual(['inner', 'outer']);
    expect(drive.provider.accountKey).toBe('k+inner+outer');
    expect(knownProviders()).toContain('custom');
  });
});
