import { createHash, type Hash } from 'node:crypto';
import type { Capabilities } from '../capabilities/capabilities.js';
import { cancelledError, PolydriveError, throwIfAborted } from '../errors/polydrive-error.js';
import { HASH_KIND_PREFERENCE, hashesMatch, preferredHashKind } from '../hashing/compare-hashes.js';
import { createMultiHasher, hashBytes, type MultiHasher } from '../hashing/multi-hasher.js';
import { sleep } from '../layers/abort.js';
import type { FileEntry, Hashes } from '../model/entry.js';
import type {
  ConflictPolicy,
  Destination,
  Provider,
  UploadState,
  WriteOptions,
} from '../provider/provider.js';
import { prepend, readUpTo, rechunk } from '../streams/chunker.js';
import { sourceChunks } from '../streams/sources.js';

/** Progress of a transfer: bytes done so far and the total when known. */
export interface Progress {
  readonly bytes: number;
  readonly total?: number;
}

/** Options of `drive.write`. */
export interface DriveWriteOptions {
  /** What to do when the name is taken (default `replace`). */
  readonly conflict?: ConflictPolicy;
  /** Exact size of the source, for streams; lets large streams use a session up front. */
  readonly size?: number;
  readonly mimeType?: string;
  /** Write only if the existing file still has this etag. */
  readonly ifMatch?: string;
  readonly modifiedAt?: Date;
  /** Create missing parent folders (default false: a missing parent is NotFound). */
  readonly createParents?: boolean;
  /** `auto` (default) picks a simple upload or a session from the size; `session` always resumable. */
  readonly mode?: 'auto' | 'simple' | 'session';
  /** Chunk size for sessions: a multiple of the provider's `chunkMultiple`. */
  readonly chunkSize?: number;
  /** Called after each confirmed chunk, with monotonic byte counts ending at the size. */
  readonly onProgress?: (progress: Progress) => void;
  /**
   * Called with the session state after it is created and after every chunk. Save it (it is JSON)
   * to resume with `drive.resumeUpload` after a crash. Only when `onState` is given does the
   * facade keep `sourceSha256` in the state (the SHA-256 of the bytes sent so far, which lets a
   * resume refuse a changed source): without it nothing can be resumed, so that second hash of
   * every byte is skipped. After a resume with a nonzero `sourceOffset` the states carry no
   * `sourceSha256`, since the bytes before that offset were never read.
   */
  readonly onState?: (state: UploadState) => void | Promise<void>;
  /**
   * Check the stored file's size and hash against the bytes sent (default true). A one-request
   * upload is hashed after the provider answers, by the best kind the stored file reports, so it
   * is checked whenever the provider reports any hash. A session cannot keep its bytes: it hashes
   * them while sending with the provider's best declared kind (`capabilities.hashes`), and a
   * stored file that reports only other kinds is checked by size alone.
   */
  readonly verify?: boolean;
  /**
   * When the upload fails or is aborted, keep the session so that it can be resumed from the
   * state given to `onState` (default: cancel it, so nothing is left behind).
   */
  readonly keepSession?: boolean;
  readonly signal?: AbortSignal;
}

/** Options of `drive.resumeUpload`. */
export interface ResumeOptions
  extends Pick<DriveWriteOptions, 'onProgress' | 'onState' | 'verify' | 'keepSession' | 'signal'> {
  /**
   * Where the given source starts in the file. 0 (default) means the whole source again: the part
   * already uploaded is read, checked against the state and skipped. Any other value must equal
   * the offset the provider reports, and the final hash check is then skipped.
   */
  readonly sourceOffset?: number;
}

/** How many times one chunk is re-sent after a transient failure before giving up. */
const MAX_CHUNK_ATTEMPTS = 5;

/** First wait before re-sending a chunk; doubles per attempt unless the provider said how long. */
const CHUNK_RETRY_BASE_MS = 250;

interface Ctx {
  readonly provider: Provider;
  readonly caps: Capabilities;
  readonly path: string | undefined;
  readonly signal: AbortSignal | undefined;
}

/** Picks the chunk size: the caller's, else the provider's default, checked against the rules. */
export function planChunkSize(
  caps: Capabilities,
  requested: number | undefined,
  provider: string,
): number {
  const size = requested ?? caps.chunkDefaultSize;
  if (
    !Number.isInteger(size) ||
    size <= 0 ||
    size % caps.chunkMultiple !== 0 ||
    size > caps.chunkMaxSize
  ) {
    throw new PolydriveError('InvalidArgument', {
      message: `A chunk size of ${size} bytes does not suit ${provider}.`,
      advice: `Use a multiple of ${caps.chunkMultiple} bytes, at most ${caps.chunkMaxSize}.`,
      provider,
      operation: 'write',
    });
  }
  return size;
}

/**
 * Uploads bytes, given whole or as a stream: one request when they are few enough, otherwise a
 * resumable session sent chunk by chunk. Memory stays at about one chunk whatever the size.
 */
export async function uploadStream(
  provider: Provider,
  dest: Destination,
  path: string | undefined,
  source: AsyncIterable<Uint8Array> | Uint8Array,
  options: DriveWriteOptions,
): Promise<FileEntry> {
  const caps = provider.capabilities;
  const ctx: Ctx = { provider, caps, path, signal: options.signal };
  const conflict = options.conflict ?? 'replace';
  const mode = options.mode ?? 'auto';
  const size = options.size;
  if (size !== undefined && (!Number.isInteger(size) || size < 0)) {
    throw invalid(
      ctx,
      `size must be a whole number of bytes, got ${size}.`,
      'Pass the exact byte length.',
    );
  }
  const common = {
    conflict,
    ...(options.mimeType ? { mimeType: options.mimeType } : {}),
    ...(options.ifMatch ? { ifMatch: options.ifMatch } : {}),
    ...(options.modifiedAt ? { modifiedAt: options.modifiedAt } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const fitsSimple = size === undefined || size <= caps.simpleUploadMaxSize;
  if (mode === 'simple' && !fitsSimple) {
    throw invalid(
      ctx,
      `a simple upload takes at most ${caps.simpleUploadMaxSize} bytes and this source has ${size}.`,
      "Use mode 'auto' or 'session'.",
    );
  }
  const wantsSession = mode === 'session' || (mode === 'auto' && !fitsSimple);
  const simple = !wantsSession || !caps.uploadSession;
  // Bytes given whole need no reading: the common small write skips the iterator entirely.
  if (source instanceof Uint8Array) {
    if (simple && source.byteLength <= caps.simpleUploadMaxSize) {
      return writeSmallVerified(ctx, dest, source, common, options);
    }
    source = sourceChunks(source);
  }
  const iterator = source[Symbol.asyncIterator]();
  if (simple) {
    const { complete, head } = await readUpTo(iterator, caps.simpleUploadMaxSize);
    if (complete) return writeSmallVerified(ctx, dest, head, common, options);
    if (!caps.uploadSession || mode === 'simple') {
      throw invalid(
        ctx,
        `the source is larger than the ${caps.simpleUploadMaxSize} bytes ${provider.name} takes in one request, and it has no upload sessions.`,
        'Upload a smaller file.',
      );
    }
    return uploadSession(ctx, dest, prepend(head, iterator), size, common, options);
  }
  return uploadSession(ctx, dest, prepend(new Uint8Array(0), iterator), size, common, options);
}

/** One simple upload of bytes known whole, checked against the declared size and the hashes. */
async function writeSmallVerified(
  ctx: Ctx,
  dest: Destination,
  bytes: Uint8Array,
  common: WriteOptions,
  options: DriveWriteOptions,
): Promise<FileEntry> {
  checkLength(ctx, options.size, bytes.byteLength);
  const entry = await ctx.provider.writeSmall(dest, bytes, common);
  options.onProgress?.({ bytes: bytes.byteLength, total: bytes.byteLength });
  verifyEntry(ctx, options, entry, bytes.byteLength, hashAsReported(options, entry, bytes));
  return entry;
}

async function uploadSession(
  ctx: Ctx,
  dest: Destination,
  source: AsyncIterable<Uint8Array>,
  size: number | undefined,
  common: { conflict: ConflictPolicy; mimeType?: string; ifMatch?: string; signal?: AbortSignal },
  options: DriveWriteOptions,
): Promise<FileEntry> {
  const { provider, caps } = ctx;
  if (size === undefined && !caps.uploadUnknownSize) {
    throw new PolydriveError('Unsupported', {
      message: `${provider.name} needs the total size before a large upload starts, and this stream's length is unknown.`,
      advice: `Pass { size } with the exact byte count (streams up to ${caps.simpleUploadMaxSize} bytes need none).`,
      provider: provider.name,
      operation: 'write',
      ...(ctx.path ? { target: ctx.path } : {}),
    });
  }
  const chunkSize = planChunkSize(caps, options.chunkSize, provider.name);
  throwIfAborted(ctx.signal, 'write');
  const state = await provider.createUploadSession(dest, {
    ...common,
    chunkSize,
    ...(size !== undefined ? { size } : {}),
  });
  const withPath: UploadState = ctx.path ? { ...state, path: ctx.path } : state;
  await options.onState?.(withPath);
  const prefix = options.onState ? createHash('sha256') : undefined;
  return sendChunks(ctx, withPath, source, options, prefix, hashWhileSending(caps, options));
}

/** Continues a session from the offset the provider reports. */
export async function resumeUploadStream(
  provider: Provider,
  saved: UploadState,
  source: AsyncIterable<Uint8Array>,
  options: ResumeOptions,
): Promise<FileEntry> {
  const caps = provider.capabilities;
  const ctx: Ctx = { provider, caps, path: saved.path, signal: options.signal };
  if (saved.version !== 1 || saved.provider !== provider.name) {
    throw invalid(
      ctx,
      `this upload state belongs to ${saved.provider} (version ${saved.version}), not ${provider.name}.`,
      'Resume it on a drive of the provider that started it.',
    );
  }
  const state = await provider.uploadStatus(
    saved,
    options.signal ? { signal: options.signal } : {},
  );
  const sourceOffset = options.sourceOffset ?? 0;
  const iterator = source[Symbol.asyncIterator]();
  if (sourceOffset !== 0) {
    if (sourceOffset !== state.offset) {
      throw invalid(
        ctx,
        `the source starts at byte ${sourceOffset} but ${provider.name} has ${state.offset} bytes of this upload.`,
        `Give the source from byte ${state.offset}, or the whole source with sourceOffset 0.`,
      );
    }
    // Without the skipped bytes neither a prefix hash nor the whole file's hash can be known.
    const rest = prepend(new Uint8Array(0), iterator);
    return sendChunks(ctx, state, rest, options, undefined, undefined);
  }
  // The saved hash is checked whenever it is there, whether or not new states are wanted.
  const prefix = saved.sourceSha256 || options.onState ? createHash('sha256') : undefined;
  const hasher = hashWhileSending(caps, options);
  await skipChecked(ctx, iterator, state.offset, prefix, hasher, saved);
  const rest = prepend(new Uint8Array(0), iterator);
  return sendChunks(ctx, state, rest, options, options.onState ? prefix : undefined, hasher);
}

/** Reads and hashes the first `count` bytes of the source, which the provider already has. */
async function skipChecked(
  ctx: Ctx,
  iterator: AsyncIterator<Uint8Array>,
  count: number,
  prefix: Hash | undefined,
  hasher: MultiHasher | undefined,
  saved: UploadState,
): Promise<void> {
  let skipped = 0;
  let rest: Uint8Array | undefined;
  while (skipped < count) {
    const next = await iterator.next();
    if (next.done) {
      throw invalid(
        ctx,
        `the source ended after ${skipped} bytes but the provider already has ${count}.`,
        'Resume with the same source that the upload started with.',
      );
    }
    const take = Math.min(count - skipped, next.value.byteLength);
    const part = next.value.subarray(0, take);
    prefix?.update(part);
    hasher?.update(part);
    skipped += take;
    if (take < next.value.byteLength) rest = next.value.subarray(take);
  }
  if (
    prefix &&
    saved.sourceSha256 &&
    saved.offset === count &&
    prefix.copy().digest('hex') !== saved.sourceSha256
  ) {
    throw new PolydriveError('PreconditionFailed', {
      message: 'The source differs from the one this upload started with.',
      advice: 'Start a new upload with write(); the saved session cannot take this content.',
      provider: ctx.provider.name,
      operation: 'resumeUpload',
      ...(ctx.path ? { target: ctx.path } : {}),
    });
  }
  if (rest) pushBack(iterator, rest);
}

/** Puts bytes back at the front of an iterator (used after skipping part of a chunk). */
function pushBack(iterator: AsyncIterator<Uint8Array>, bytes: Uint8Array): void {
  const next = iterator.next.bind(iterator);
  let pending: Uint8Array | undefined = bytes;
  iterator.next = async () => {
    if (pending) {
      const value = pending;
      pending = undefined;
      return { done: false, value };
    }
    return next();
  };
}

async function sendChunks(
  ctx: Ctx,
  initial: UploadState,
  source: AsyncIterable<Uint8Array>,
  options: ResumeOptions,
  prefix: Hash | undefined,
  hasher: MultiHasher | undefined,
): Promise<FileEntry> {
  const { provider } = ctx;
  let state = initial;
  const total = state.size ?? undefined;
  try {
    for await (const { bytes, final } of rechunk(source, state.chunkSize, { reuseBuffer: true })) {
      throwIfAborted(ctx.signal, 'write');
      if (state.size !== null && state.offset + bytes.byteLength > state.size) {
        throw invalid(
          ctx,
          `the source is longer than the ${state.size} bytes given as its size.`,
          'Pass the exact size, or none.',
        );
      }
      const result = await sendHashing(sendOneChunk(ctx, state, bytes, final), bytes, [
        prefix,
        hasher,
      ]);
      state = prefix
        ? { ...result.state, sourceSha256: prefix.copy().digest('hex') }
        : withoutSourceHash(result.state);
      options.onProgress?.({ bytes: state.offset, ...(total !== undefined ? { total } : {}) });
      if (result.entry) {
        verifyEntry(ctx, options, result.entry, state.offset, hasher?.digest());
        return result.entry;
      }
      await options.onState?.(state);
      if (final) {
        throw new PolydriveError('Internal', {
          message: `${provider.name} accepted the last chunk but returned no file.`,
          provider: provider.name,
          operation: 'write',
        });
      }
    }
    throw new PolydriveError('Internal', {
      message: 'The chunked source ended without a final chunk.',
      provider: provider.name,
      operation: 'write',
    });
  } catch (err) {
    if (!options.keepSession) await provider.abortUpload(state).catch(() => undefined);
    if (ctx.signal?.aborted) throw cancelledError(ctx.signal, 'write');
    throw err;
  }
}

/** The slice of a chunk hashed per turn of the event loop while the chunk is on its way. */
const HASH_SLICE_BYTES = 1024 * 1024;

/**
 * Waits for a chunk to be sent while feeding it to the hashes, a slice per turn of the event loop
 * so that the request's socket keeps being written in between: hashing overlaps the transfer and
 * the server's work instead of adding to them. The chunk is hashed whole whether or not it was
 * sent in one piece, and both are done before the chunk's buffer can be reused.
 */
async function sendHashing<T>(
  sending: Promise<T>,
  bytes: Uint8Array,
  hashes: readonly ({ update(chunk: Uint8Array): unknown } | undefined)[],
): Promise<T> {
  const sinks = hashes.filter((h) => h !== undefined);
  if (sinks.length === 0) return sending;
  const hashing = (async () => {
    for (let at = 0; at < bytes.byteLength; at += HASH_SLICE_BYTES) {
      await nextTurn();
      const slice = bytes.subarray(at, at + HASH_SLICE_BYTES);
      for (const sink of sinks) sink.update(slice);
    }
  })();
  const [sent, hashed] = await Promise.allSettled([sending, hashing]);
  if (sent.status === 'rejected') throw sent.reason;
  if (hashed.status === 'rejected') throw hashed.reason;
  return sent.value;
}

/** Resolves after pending I/O callbacks have run. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Sends one chunk. After a transient failure (a dropped connection, a lost answer) it asks the
 * provider how much arrived and sends only what is missing, so no byte is sent twice.
 */
async function sendOneChunk(ctx: Ctx, state: UploadState, bytes: Uint8Array, final: boolean) {
  const { provider } = ctx;
  let attempt = 0;
  let current = state;
  let part = bytes;
  for (;;) {
    try {
      const result = await provider.uploadChunk(current, part, {
        final,
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      });
      return result;
    } catch (err) {
      attempt++;
      if (
        !(err instanceof PolydriveError) ||
        !err.retryable ||
        attempt >= MAX_CHUNK_ATTEMPTS ||
        ctx.signal?.aborted
      ) {
        throw err;
      }
      // A 503 may carry Retry-After: never re-send before it, and back off otherwise.
      await sleep(err.retryAfterMs ?? CHUNK_RETRY_BASE_MS * 2 ** (attempt - 1), ctx.signal);
      const status = await provider.uploadStatus(current, ctx.signal ? { signal: ctx.signal } : {});
      const end = state.offset + bytes.byteLength;
      if (status.offset < state.offset || status.offset > end) {
        throw new PolydriveError('Conflict', {
          message: `After a failed chunk, ${provider.name} reports ${status.offset} bytes, outside the chunk ${state.offset}-${end}.`,
          advice: 'Start the upload again.',
          provider: provider.name,
          operation: 'write',
          cause: err,
        });
      }
      if (status.offset === end && !final) return { state: status };
      current = status;
      part = bytes.subarray(status.offset - state.offset);
    }
  }
}

/** The hasher for a session's bytes: the provider's best declared kind, as they go by. */
function hashWhileSending(
  caps: Capabilities,
  options: { verify?: boolean },
): MultiHasher | undefined {
  if (options.verify === false) return undefined;
  const kind = preferredHashKind(caps.hashes);
  return kind ? createMultiHasher([kind]) : undefined;
}

/** Hashes bytes still in memory by the best kind the stored entry reports, if any. */
function hashAsReported(
  options: { verify?: boolean },
  entry: FileEntry,
  data: Uint8Array,
): Hashes | undefined {
  if (options.verify === false) return undefined;
  const kind = HASH_KIND_PREFERENCE.find((k) => entry.hashes[k] !== undefined);
  return kind ? { [kind]: hashBytes(kind, data) } : undefined;
}

/**
 * A state without `sourceSha256`: a provider may copy the field from the state it was given, and
 * a hash of fewer bytes than `offset` would make a later resume refuse the right source.
 */
function withoutSourceHash(state: UploadState): UploadState {
  if (state.sourceSha256 === undefined) return state;
  const { sourceSha256: _stale, ...rest } = state;
  return rest;
}

function verifyEntry(
  ctx: Ctx,
  options: { verify?: boolean },
  entry: FileEntry,
  sent: number,
  computed: Hashes | undefined,
): void {
  if (options.verify === false) return;
  if (entry.size !== sent) {
    throw new PolydriveError('IntegrityError', {
      message: `${sent} bytes were sent but the stored file has ${entry.size}.`,
      provider: ctx.provider.name,
      operation: 'write',
      ...(ctx.path ? { target: ctx.path } : {}),
    });
  }
  if (!computed) return;
  const mismatch = hashesMatch(entry.hashes, computed);
  if (mismatch) {
    throw new PolydriveError('IntegrityError', {
      message: `The stored file's ${mismatch.kind} hash is ${mismatch.expected}, but the bytes sent hash to ${mismatch.actual}.`,
      provider: ctx.provider.name,
      operation: 'write',
      ...(ctx.path ? { target: ctx.path } : {}),
    });
  }
}

function checkLength(ctx: Ctx, size: number | undefined, actual: number): void {
  if (size !== undefined && size !== actual) {
    throw invalid(
      ctx,
      `the source has ${actual} bytes but its size was given as ${size}.`,
      'Pass the exact size, or none.',
    );
  }
}

function invalid(ctx: Ctx, problem: string, advice: string): PolydriveError {
  return new PolydriveError('InvalidArgument', {
    message: `Cannot upload: ${problem}`,
    advice,
    provider: ctx.provider.name,
    operation: 'write',
    ...(ctx.path ? { target: ctx.path } : {}),
  });
}
