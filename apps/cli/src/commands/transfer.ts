import type { Entry } from '@polydrive/core';
import { PolydriveError } from '@polydrive/core';
import type { Command } from 'commander';
import type { App } from '../app.js';
import { parseSize } from '../options/size.js';
import { formatBytes } from '../output/format.js';
import type { PlaceArg } from '../places/place-arg.js';
import type { Session } from '../session.js';
import { copyItem, destinationFor, moveItem, type Transferred } from '../transfer/copy-item.js';

interface TransferFlags {
  readonly recursive?: boolean;
  readonly chunkSize?: number;
  readonly bwlimit?: number;
}

type Mode = 'copy' | 'move';

async function transfer(
  session: Session,
  from: PlaceArg,
  to: PlaceArg,
  mode: Mode,
  flags: TransferFlags,
): Promise<void> {
  const src = await session.place(from);
  const entry: Entry = await src.stat();
  const dst = await destinationFor(src, await session.place(to), to.folder);
  const options = {
    recursive: flags.recursive === true,
    output: session.output,
    signal: session.signal,
    ...(flags.chunkSize !== undefined ? { chunkSize: flags.chunkSize } : {}),
    ...(flags.bwlimit !== undefined ? { bytesPerSecond: flags.bwlimit } : {}),
  };
  const done =
    mode === 'copy'
      ? await copyItem(src, entry, dst, options)
      : await moveItem(src, entry, dst, options);
  report(session, mode, dst.label, done);
}

function report(session: Session, mode: Mode, destination: string, done: Transferred[]): void {
  if (session.output.json) {
    session.output.value({ [mode === 'copy' ? 'copied' : 'moved']: done });
    return;
  }
  const files = done.filter((item) => item.kind === 'file');
  const bytes = files.reduce((sum, item) => sum + (item.size ?? 0), 0);
  const what =
    files.length === done.length
      ? `${files.length} file${files.length === 1 ? '' : 's'} (${formatBytes(bytes)})`
      : `${done.length} items, ${files.length} file${files.length === 1 ? '' : 's'} (${formatBytes(bytes)})`;
  session.output.note(`${mode === 'copy' ? 'Copied' : 'Moved'} ${what} to ${destination}.`);
}

function requireKind(arg: PlaceArg, kind: PlaceArg['kind'], command: string, what: string): void {
  if (arg.kind !== kind) {
    throw new PolydriveError('InvalidArgument', {
      message: `${command} takes ${what}.`,
      advice: 'Use cp to copy between any two paths, remote or local.',
    });
  }
}

function withTransferOptions(command: Command, recursive = true): Command {
  if (recursive) command.option('-r, --recursive', 'copy folders with everything inside');
  return command
    .option(
      '--chunk-size <size>',
      'upload chunk size (e.g. 5M); the provider default otherwise',
      parseSize,
    )
    .option(
      '--bwlimit <rate>',
      'limit the transfer to this many bytes per second (e.g. 2M)',
      parseSize,
    );
}

/** `put`, `get`, `cp` and `mv`: streamed transfers within and across remotes and this machine. */
export function registerTransfers(program: Command, app: App): void {
  withTransferOptions(
    program
      .command('put')
      .description('upload a local file (or folder with -r) to a remote; resumes if interrupted')
      .argument('<local>', 'local file or folder')
      .argument('<remote-path>', 'remote:/path (a folder: into it)'),
  ).action(async (local: string, remote: string, flags: TransferFlags, cmd: Command) =>
    app.run(cmd, async (s) => {
      const from = s.parse(local);
      const to = s.parse(remote);
      requireKind(from, 'local', 'put', 'a local path first');
      requireKind(to, 'remote', 'put', 'a remote path (NAME:/path) second');
      await transfer(s, from, to, 'copy', flags);
    }),
  );
  withTransferOptions(
    program
      .command('get')
      .description('download a remote file (or folder with -r); no partial file is left behind')
      .argument('<remote-path>', 'remote:/path')
      .argument('[local]', 'local file or folder (default: the current folder)'),
  ).action(async (remote: string, local: string | undefined, flags: TransferFlags, cmd: Command) =>
    app.run(cmd, async (s) => {
      const from = s.parse(remote);
      const to = s.parse(local ?? '.');
      requireKind(from, 'remote', 'get', 'a remote path (NAME:/path) first');
      requireKind(to, 'local', 'get', 'a local path second');
      await transfer(s, from, to, 'copy', flags);
    }),
  );
  withTransferOptions(
    program
      .command('cp')
      .description('copy within or across remotes and local paths (streamed, resumable uploads)')
      .argument('<source>', 'remote:/path or local path')
      .argument('<destination>', 'remote:/path or local path (a folder: into it)'),
  ).action(async (source: string, destination: string, flags: TransferFlags, cmd: Command) =>
    app.run(cmd, (s) => transfer(s, s.parse(source), s.parse(destination), 'copy', flags)),
  );
  withTransferOptions(
    program
      .command('mv')
      .description('move or rename within or across remotes and local paths')
      .argument('<source>', 'remote:/path or local path')
      .argument('<destination>', 'remote:/path or local path (a folder: into it)'),
    false,
  ).action(async (source: string, destination: string, flags: TransferFlags, cmd: Command) =>
    app.run(cmd, (s) => transfer(s, s.parse(source), s.parse(destination), 'move', flags)),
  );
}
