import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_CLIENT_ID, type EmulatorHandle, startEmulator } from '@polydrive/emulator';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Workspace, workspace } from './support/cli.js';
import { killedUpload, savedStates, uploadedPast } from './support/uploads.js';

const SIZE = 4 * 1024 * 1024;
// Slow enough that the test can interrupt it part way; later runs go at full speed.
const SLOW = ['--bwlimit', '2M'];

let ws: Workspace;
let content: Buffer;
let source: string;

beforeEach(async () => {
  ws = await workspace();
  content = randomBytes(SIZE);
  source = join(ws.dir, 'big.bin');
  await writeFile(source, content);
});
afterEach(async () => {
  await ws.remove();
});

interface ListedUpload {
  id: string;
  destination: string;
  provider: string;
  sent: number;
  size: number | null;
  savedAt: string;
  createdAt: string;
  expiresAt?: string;
}

describe('saved uploads on a local remote', () => {
  const CHUNK = ['--chunk-size', '256K'];
  let root: string;
  let env: Record<string, string>;
  const run = (...args: string[]) => ws.run(args, env);
  const staged = () => readdir(join(root, '.polydrive-staging')).catch(() => [] as string[]);
  const interrupt = (destination: string) =>
    killedUpload(ws, destination, ['put', source, destination, ...CHUNK, ...SLOW], env, 256 * 1024);
  const listed = async () => JSON.parse((await run('--json', 'uploads', 'list')).stdout);

  beforeEach(async () => {
    root = await ws.folder('root');
    env = { POLYDRIVE_REMOTE_DISK: `local://${root}` };
  });

  it('lists an interrupted put; discard cancels it and the same put then starts from zero', async () => {
    const first = ws.start(['put', source, 'disk:/big.bin', ...CHUNK, ...SLOW], env);
    await uploadedPast(ws, first, 256 * 1024);
    first.child.kill('SIGINT');
    const stopped = await first.done;
    expect(stopped.code).toBe(130);

    const [upload] = (await listed()) as ListedUpload[];
    expect(upload).toMatchObject({ destination: 'disk:/big.bin', provider: 'local', size: SIZE });
    expect(upload?.id).toMatch(/^[0-9a-f]{8}$/);
    expect(upload?.sent).toBeGreaterThanOrEqual(256 * 1024);
    expect(upload?.sent).toBeLessThan(SIZE);
    expect(Date.parse(upload?.savedAt ?? '')).toBeGreaterThanOrEqual(
      Date.parse(upload?.createdAt ?? ''),
    );
    expect(upload).not.toHaveProperty('expiresAt');
    // The interrupted run tells how to discard it, by the id the list prints.
    expect(stopped.stderr).toContain(`polydrive uploads discard ${upload?.id}`);

    const text = await run('uploads', 'list');
    expect(text.code).toBe(0);
    const [header, row, ...rest] = text.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^ID +DESTINATION +SENT +SAVED +EXPIRES$/);
    expect(row).toMatch(
      new RegExp(
        `^${upload?.id}  disk:/big\\.bin  \\d+ KiB of 4\\.0 MiB \\(\\d+%\\)  \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d  -$`,
      ),
    );
    expect(rest).toEqual([]);
    expect(await staged()).toHaveLength(1);

    const discarded = await run('uploads', 'discard', 'disk:/big.bin');
    expect(discarded.code).toBe(0);
    expect(discarded.stdout).toBe('Discarded the upload to disk:/big.bin.\n');
    // The provider's session is gone (its staging file), and so is the saved state.
    expect(await staged()).toEqual([]);
    expect(await savedStates(ws)).toEqual([]);
    const none = await run('uploads', 'list');
    expect(none.stdout).toBe('');
    expect(none.stderr).toContain('No interrupted uploads are saved.');
    expect(await listed()).toEqual([]);

    const again = await run('--json', 'put', source, 'disk:/big.bin', ...CHUNK);
    expect(again.code).toBe(0);
    expect(again.stderr).not.toContain('Resuming');
    expect(JSON.parse(again.stdout).copied[0]).not.toHaveProperty('resumedFrom');
    expect((await readFile(join(root, 'big.bin'))).equals(content)).toBe(true);
  });

  it('discards by id or by a path written another way, and --all discards the rest', async () => {
    await mkdir(join(root, 'docs'));
    await interrupt('disk:/a.bin');
    await interrupt('disk:/docs/b.bin');
    await interrupt('disk:/c.bin');
    expect(await staged()).toHaveLength(3);
    const uploads = (await listed()) as ListedUpload[];
    expect(uploads.map((u) => u.destination)).toEqual([
      'disk:/a.bin',
      'disk:/c.bin',
      'disk:/docs/b.bin',
    ]);
    const a = uploads[0] as ListedUpload;

    const byId = await run('--json', 'uploads', 'discard', a.id, 'disk:/a.bin');
    expect(byId.code).toBe(0);
    expect(JSON.parse(byId.stdout)).toEqual({
      discarded: [{ id: a.id, destination: 'disk:/a.bin', session: 'cancelled' }],
    });
    const byPath = await run('uploads', 'discard', 'DISK:docs/b.bin');
    expect(byPath.stdout).toBe('Discarded the upload to disk:/docs/b.bin.\n');
    expect(((await listed()) as ListedUpload[]).map((u) => u.destination)).toEqual(['disk:/c.bin']);

    const all = await run('--json', 'uploads', 'discard', '--all');
    expect(all.code).toBe(0);
    expect(JSON.parse(all.stdout).discarded).toEqual([
      expect.objectContaining({ destination: 'disk:/c.bin', session: 'cancelled' }),
    ]);
    expect(await staged()).toEqual([]);
    expect(await savedStates(ws)).toEqual([]);

    const nothing = await run('uploads', 'discard', '--all');
    expect(nothing.code).toBe(0);
    expect(nothing.stderr).toContain('No interrupted uploads are saved.');
  });

  it('refuses what names no saved upload, and a command line without uploads or with both', async () => {
    await interrupt('disk:/big.bin');
    const unknown = await run('uploads', 'discard', 'disk:/other.bin');
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain('No saved upload matches disk:/other.bin.');
    expect(unknown.stderr).toContain('polydrive uploads list');
    expect((await run('uploads', 'discard', 'nope:/big.bin')).code).toBe(3);
    expect((await run('uploads', 'discard')).code).toBe(2);
    const both = await run('uploads', 'discard', '--all', 'disk:/big.bin');
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('either uploads or --all');
    expect(await savedStates(ws)).toHaveLength(1);
    expect(await staged()).toHaveLength(1);
  });

  it('keeps an upload whose remote is gone, unless told to forget it with --no-cancel', async () => {
    await interrupt('disk:/big.bin');
    const [upload] = (await listed()) as ListedUpload[];
    env = {};
    const refused = await run('uploads', 'discard', 'disk:/big.bin');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('the remote disk no longer exists');
    expect(refused.stderr).toContain('--no-cancel');
    expect(refused.stderr).toContain('Kept the saved upload to disk:/big.bin');
    expect(await savedStates(ws)).toHaveLength(1);

    const forgot = await run('--json', 'uploads', 'discard', '--no-cancel', upload?.id ?? '');
    expect(forgot.code).toBe(0);
    expect(JSON.parse(forgot.stdout).discarded).toEqual([
      { id: upload?.id, destination: 'disk:/big.bin', session: 'left' },
    ]);
    expect(await savedStates(ws)).toEqual([]);
    // Nothing reached the provider: its session waits for its own expiry.
    expect(await staged()).toHaveLength(1);
  });

  it('keeps the upload when the remote now names another provider', async () => {
    await interrupt('disk:/big.bin');
    env = { POLYDRIVE_REMOTE_DISK: 'memory:' };
    const refused = await run('uploads', 'discard', '--all');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('the remote disk is now a memory remote');
    expect(await savedStates(ws)).toHaveLength(1);
    expect(await staged()).toHaveLength(1);
  });
});

describe('saved uploads on OneDrive through the emulator', () => {
  const TOKEN = 'cli-uploads-test-token';
  const ACCOUNT = 'uploads@example.com';
  // OneDrive takes chunks in multiples of 320 KiB.
  const CHUNK = ['--chunk-size', '320K'];
  let emulator: EmulatorHandle;
  /** Added to the emulator's clock: moves its time without waiting. */
  let shiftMs = 0;
  let env: Record<string, string>;
  const run = (...args: string[]) => ws.run(args, env);
  const interrupt = (destination = 'od:/big.bin') =>
    killedUpload(ws, destination, ['put', source, destination, ...CHUNK, ...SLOW], env, 320 * 1024);
  const sessionAnswers = async (url: string) => (await fetch(url)).status;

  beforeAll(async () => {
    emulator = await startEmulator({ providers: ['microsoft'], now: () => Date.now() + shiftMs });
    emulator.microsoft.addAccount({ email: ACCOUNT, displayName: 'Uploads' });
    emulator.microsoft.addStaticToken(TOKEN, ACCOUNT);
    const options = new URLSearchParams({
      clientId: DEFAULT_CLIENT_ID,
      accessToken: TOKEN,
      graphBaseUrl: emulator.urls.graph,
    });
    env = { POLYDRIVE_REMOTE_OD: `onedrive:?${options}` };
  });
  afterAll(async () => {
    await emulator.stop();
  });
  beforeEach(() => {
    shiftMs = 0;
    emulator.faults.clear();
  });

  it('lists the session expiry; a refused cancel keeps the upload, a second one ends the session', async () => {
    await interrupt();
    const [saved] = await savedStates(ws);
    const uploadUrl = saved?.state.session.uploadUrl as string;
    expect(emulator.microsoft.openUploadSessions()).toBe(1);
    expect(await sessionAnswers(uploadUrl)).toBe(200);

    const [upload] = JSON.parse((await run('--json', 'uploads', 'list')).stdout) as ListedUpload[];
    expect(upload).toMatchObject({ destination: 'od:/big.bin', provider: 'onedrive', size: SIZE });
    expect(Date.parse(upload?.expiresAt ?? '')).toBeGreaterThan(Date.now());
    const row = (await run('uploads', 'list')).stdout.split('\n')[1];
    expect(row).toMatch(/ \d{4}-\d\d-\d\d \d\d:\d\d$/);

    emulator.faults.inject({ kind: 'status', status: 403, method: 'DELETE' });
    const refused = await run('uploads', 'discard', 'od:/big.bin');
    expect(refused.code).toBe(5);
    expect(refused.stderr).toContain('Kept the saved upload to od:/big.bin');
    expect(await savedStates(ws)).toHaveLength(1);
    expect(await sessionAnswers(uploadUrl)).toBe(200);

    const discarded = await run('uploads', 'discard', upload?.id ?? '');
    expect(discarded.code).toBe(0);
    expect(discarded.stdout).toBe('Discarded the upload to od:/big.bin.\n');
    expect(emulator.microsoft.openUploadSessions()).toBe(0);
    expect(await sessionAnswers(uploadUrl)).toBe(404);
    expect(await savedStates(ws)).toEqual([]);

    const again = await run('--json', 'put', source, 'od:/big.bin', ...CHUNK);
    expect(again.code).toBe(0);
    expect(again.stderr).not.toContain('Resuming');
    expect(JSON.parse(again.stdout).copied[0]).not.toHaveProperty('resumedFrom');
    expect(emulator.microsoft.readFile(ACCOUNT, '/big.bin')?.equals(content)).toBe(true);
  });

  it('says so when the session had already expired, and forgets the upload all the same', async () => {
    // The sessions are opened two hours in the past: they expired an hour ago.
    shiftMs = -2 * 3600 * 1000;
    await interrupt('od:/a.bin');
    await interrupt('od:/b.bin');
    shiftMs = 0;
    expect(emulator.microsoft.openUploadSessions()).toBe(0);
    const rows = (await run('uploads', 'list')).stdout.trimEnd().split('\n').slice(1);
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row).toMatch(/ \(expired\)$/);

    const text = await run('uploads', 'discard', 'od:/a.bin');
    expect(text.code).toBe(0);
    expect(text.stdout).toBe(
      'Discarded the upload to od:/a.bin; its session at the provider had already ended (expired or cancelled).\n',
    );
    const json = await run('--json', 'uploads', 'discard', 'od:/b.bin');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).discarded).toEqual([
      expect.objectContaining({ destination: 'od:/b.bin', session: 'ended' }),
    ]);
    expect(await savedStates(ws)).toEqual([]);
  });
});
