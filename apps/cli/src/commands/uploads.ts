import { PolydriveError, type UploadState } from '@polydrive/core';
import type { Command } from 'commander';
import type { App } from '../app.js';
import { withHint } from '../errors/hints.js';
import { formatBytes, formatColumns, formatTime } from '../output/format.js';
import type { Session } from '../session.js';
import { hasExpired, type StoredUpload } from '../state/upload-states.js';
import { type DiscardedSession, discardUpload } from '../transfer/discard-upload.js';

interface DiscardFlags {
  readonly all?: boolean;
  /** False with `--no-cancel`. */
  readonly cancel?: boolean;
}

const NONE_SAVED = 'No interrupted uploads are saved.';

function uploadJson({ id, saved, savedAt }: StoredUpload): object {
  const { state } = saved;
  return {
    id,
    destination: saved.destination,
    provider: state.provider,
    sent: state.offset,
    size: state.size,
    savedAt: savedAt.toISOString(),
    createdAt: state.createdAt,
    ...(state.expiresAt !== undefined ? { expiresAt: state.expiresAt } : {}),
  };
}

function sentText(state: UploadState): string {
  if (state.size === null) return `${formatBytes(state.offset)} of ?`;
  const percent = state.size > 0 ? Math.floor((state.offset * 100) / state.size) : 100;
  return `${formatBytes(state.offset)} of ${formatBytes(state.size)} (${percent}%)`;
}

function expiresText(state: UploadState, now: number): string {
  if (state.expiresAt === undefined) return '-';
  const when = formatTime(new Date(state.expiresAt));
  return hasExpired(state, now) ? `${when} (expired)` : when;
}

async function list(session: Session): Promise<void> {
  const uploads = await session.uploads.list();
  const { output } = session;
  if (output.json) {
    output.value(uploads.map(uploadJson));
    return;
  }
  if (uploads.length === 0) {
    output.note(NONE_SAVED);
    return;
  }
  const now = Date.now();
  const table = [
    ['ID', 'DESTINATION', 'SENT', 'SAVED', 'EXPIRES'],
    ...uploads.map(({ id, saved, savedAt }) => [
      id,
      saved.destination,
      sentText(saved.state),
      formatTime(savedAt),
      expiresText(saved.state, now),
    ]),
  ];
  for (const line of formatColumns(table)) output.line(line);
  output.note(
    'Run the same put or cp again to resume one, or cancel it with: polydrive uploads discard ID',
  );
}

/** The saved upload an argument names: by id, by destination as listed, or by a remote path. */
async function find(session: Session, saved: StoredUpload[], arg: string): Promise<StoredUpload> {
  const listed = saved.find((u) => u.id === arg.toLowerCase() || u.saved.destination === arg);
  if (listed) return listed;
  const parsed = session.parse(arg);
  if (parsed.kind === 'remote' && (await session.remotes()).has(parsed.remote)) {
    // The path as a transfer names its destination (normalised for the remote's provider).
    const { label } = await session.remotePlace(arg, 'uploads discard');
    const match = saved.find((u) => u.saved.destination === label);
    if (match) return match;
  }
  throw new PolydriveError('NotFound', {
    message: `No saved upload matches ${arg}.`,
    advice: 'See the saved uploads and their ids with `polydrive uploads list`.',
  });
}

async function chosen(
  session: Session,
  args: readonly string[],
  all: boolean,
): Promise<StoredUpload[]> {
  if (all && args.length > 0) {
    throw new PolydriveError('InvalidArgument', {
      message: 'uploads discard takes either uploads or --all, not both.',
      advice: 'Name the uploads to discard, or pass --all alone.',
    });
  }
  if (!all && args.length === 0) {
    throw new PolydriveError('InvalidArgument', {
      message: 'uploads discard needs the uploads to discard.',
      advice:
        'Name them by destination (NAME:/path) or by the id `polydrive uploads list` prints, or pass --all.',
    });
  }
  const saved = await session.uploads.list();
  if (all) return saved;
  const picked = new Map<string, StoredUpload>();
  for (const arg of args) {
    const upload = await find(session, saved, arg);
    picked.set(upload.id, upload);
  }
  return [...picked.values()];
}

function discardedLine(destination: string, outcome: DiscardedSession): string {
  switch (outcome) {
    case 'cancelled':
      return `Discarded the upload to ${destination}.`;
    case 'ended':
      return `Discarded the upload to ${destination}; its session at the provider had already ended (expired or cancelled).`;
    case 'left':
      return `Forgot the upload to ${destination}; its session at the provider ends when it expires.`;
  }
}

async function discard(
  session: Session,
  args: readonly string[],
  flags: DiscardFlags,
): Promise<void> {
  const all = flags.all === true;
  const uploads = await chosen(session, args, all);
  const done: Array<{ id: string; destination: string; session: DiscardedSession }> = [];
  const kept: Array<{ upload: StoredUpload; err: unknown }> = [];
  // One failure does not stop the others: each upload is cancelled on its own.
  for (const upload of uploads) {
    try {
      const outcome = await discardUpload(session, upload, flags.cancel !== false);
      done.push({ id: upload.id, destination: upload.saved.destination, session: outcome });
    } catch (err) {
      kept.push({ upload, err });
    }
  }
  const { output } = session;
  if (output.json) output.value({ discarded: done });
  else if (uploads.length === 0) output.note(NONE_SAVED);
  else for (const item of done) output.line(discardedLine(item.destination, item.session));
  const [first] = kept;
  if (first) {
    const names = kept.map(({ upload }) => upload.saved.destination).join(', ');
    throw withHint(
      first.err,
      `Kept the saved upload${kept.length === 1 ? '' : 's'} to ${names}: discard ${kept.length === 1 ? 'it' : 'them'} again once this is fixed.`,
    );
  }
}

/** `polydrive uploads list|discard`: the saved states of interrupted uploads. */
export function registerUploads(program: Command, app: App): void {
  const uploads = program
    .command('uploads')
    .description('list or discard interrupted uploads (saved so that the same put or cp resumes)');
  uploads
    .command('list')
    .alias('ls')
    .description(
      'list interrupted uploads: id, destination, bytes sent, when saved, when the session expires',
    )
    .action(async (_opts: unknown, cmd: Command) => app.run(cmd, list));
  uploads
    .command('discard')
    .description('cancel interrupted uploads at the provider and forget them')
    .argument('[uploads...]', 'destinations (NAME:/path) or ids, as uploads list prints them')
    .option('--all', 'discard every saved upload')
    .option(
      '--no-cancel',
      'only forget the saved state, for a remote that no longer exists (the session expires on its own)',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  polydrive uploads discard disk:/backups/big.iso\n  polydrive uploads discard 3f2a9c1b\n  polydrive uploads discard --all',
    )
    .action(async (args: string[], flags: DiscardFlags, cmd: Command) =>
      app.run(cmd, (s) => discard(s, args, flags)),
    );
}
