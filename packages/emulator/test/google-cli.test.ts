import { afterEach, describe, expect, it } from 'vitest';
import { parseCliArgs, runCli } from '../src/cli.js';
import type { EmulatorHandle } from '../src/index.js';

let handle: EmulatorHandle | undefined;
afterEach(async () => {
  await handle?.stop();
  handle = undefined;
});

describe('command line, Google part', () => {
  it('seeds the demo account on Google Drive too and prints working Google tokens', async () => {
    const lines: string[] = [];
    const settings = parseCliArgs([
      '--port',
      '0',
      '--token',
      'fixed-g',
      '--seed',
      '/notes/hello.txt=hi google',
    ]);
    if (settings === 'help') throw new Error('unexpected help');
    handle = await runCli(settings, (line) => lines.push(line));
    const output = lines.join('\n');
    expect(output).toContain(`google    ${handle.url}/www.googleapis.com`);
    expect(output).toContain(`oauth     ${handle.url}/oauth2.googleapis.com`);
    const access = /google access token +(\S+)/.exec(output)?.[1];
    expect(/google refresh token +(\S+)/.exec(output)?.[1]).toMatch(/^1\/\//);
    const file = handle.google.stat('demo@example.com', '/notes/hello.txt');
    for (const token of [access, 'fixed-g']) {
      const response = await fetch(
        `${handle.urls.googleApis}/drive/v3/files/${file?.id}?alt=media`,
        {
          headers: { authorization: `Bearer ${token}` },
        },
      );
      expect(await response.text()).toBe('hi google');
    }
  });
});
