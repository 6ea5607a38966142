import { afterEach, describe, expect, it } from 'vitest';
import { parseCliArgs, runCli } from '../src/cli.js';
import type { EmulatorHandle } from '../src/index.js';

let handle: EmulatorHandle | undefined;
afterEach(async () => {
  await handle?.stop();
  handle = undefined;
});

describe('command line: Dropbox', () => {
  it('seeds the demo account on Dropbox and prints working tokens', async () => {
    const settings = parseCliArgs([
      '--port',
      '0',
      '--token',
      'fixed-db',
      '--seed',
      '/hi.txt=hello',
    ]);
    if (settings === 'help') throw new Error('unexpected help');
    const lines: string[] = [];
    handle = await runCli(settings, (line) => lines.push(line));
    const output = lines.join('\n');
    expect(output).toContain(`dropbox   ${handle.url}/api.dropboxapi.com`);
    const access = /dropbox access token +(\S+)/.exec(output)?.[1] as string;
    expect(/dropbox refresh token +(\S+)/.exec(output)?.[1]).toBeTruthy();
    for (const token of [access, 'fixed-db']) {
      const answer = await fetch(`${handle.urls.dropboxContent}/2/files/download`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'dropbox-api-arg': '{"path":"/hi.txt"}' },
      });
      expect(await answer.text()).toBe('hello');
    }
  });
});
