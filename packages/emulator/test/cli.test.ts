import { afterEach, describe, expect, it } from 'vitest';
import { parseCliArgs, runCli } from '../src/cli.js';
import type { EmulatorHandle } from '../src/index.js';

let handle: EmulatorHandle | undefined;
afterEach(async () => {
  await handle?.stop();
  handle = undefined;
});

describe('command line', () => {
  it('parses flags, with defaults', () => {
    const settings = parseCliArgs([
      '--port',
      '0',
      '--token',
      'fixed',
      '--seed',
      '/a.txt=hi',
      '--seed',
      '/dir/',
      '--drive-type',
      'business',
    ]);
    expect(settings).not.toBe('help');
    if (settings === 'help') return;
    expect(settings.options.port).toBe(0);
    expect(settings.options.host).toBe('127.0.0.1');
    expect(settings.email).toBe('demo@example.com');
    expect(settings.driveType).toBe('business');
    expect(settings.staticToken).toBe('fixed');
    expect(settings.seed).toEqual({ '/a.txt': 'hi', '/dir/': null });
    expect(parseCliArgs(['--help'])).toBe('help');
    expect(
      (parseCliArgs([]) as Exclude<ReturnType<typeof parseCliArgs>, 'help'>).options.port,
    ).toBe(4010);
  });

  it('rejects bad values', () => {
    expect(() => parseCliArgs(['--port', 'x'])).toThrow(/--port/);
    expect(() => parseCliArgs(['--link-style', 'odd'])).toThrow(/--link-style/);
    expect(() => parseCliArgs(['--bogus'])).toThrow();
  });

  it('starts, seeds the demo account and prints URLs and working tokens', async () => {
    const lines: string[] = [];
    const settings = parseCliArgs([
      '--port',
      '0',
      '--token',
      'fixed-1',
      '--seed',
      '/hello.txt=hi there',
    ]);
    if (settings === 'help') throw new Error('unexpected help');
    handle = await runCli(settings, (line) => lines.push(line));
    const output = lines.join('\n');
    expect(output).toContain(`graph     ${handle.url}/graph.microsoft.com/v1.0`);
    const access = /access token +(\S+)/.exec(output)?.[1];
    expect(/refresh token +(\S+)/.exec(output)?.[1]).toBeTruthy();
    for (const token of [access, 'fixed-1']) {
      const response = await fetch(`${handle.urls.graph}/me/drive/root:/hello.txt:/content`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(await response.text()).toBe('hi there');
    }
  });
});
