import { createHash } from 'node:crypto';
import type { BigIntStats } from 'node:fs';
import { constants } from 'node:fs';
import { copyFile, lstat, open, rename, statfs, unlink } from 'node:fs/promises';
import { basename } from 'node:path';
import type {
  Capabilities,
  ChunkOptions,
  ChunkResult,
  CreateFolderOptions,
  CreateUploadOptions,
  DeleteOptions,
  Destination,
  DriveInfo,
  Entry,
  FileEntry,
  FolderEntry,
  HashKind,
  ItemRef,
  ListPage,
  ListPageOptions,
  OperationOptions,
  Provider,
  ReadOptions,
  ReadResult,
  SearchOptions,
  SearchQuery,
  StatOptions,
  TransferOptions,
  UploadState,
  WriteOptions,
} from '@polydrive/core';
import {
  describeRef,
  errnoCode,
  isPolydriveError,
  isSameOrInside,
  KeyedMutex,
  PolydriveError,
  ROOT_PATH,
  throwIfAborted,
} from '@polydrive/core';
import { capabilitiesWithHashes } from './capabilities.js';
import { indexAfter } from './children.js';
import { ChildrenCache } from './children-cache.js';
import { decodeCursor, encodeCursor } from './cursors.js';
import { EntryReader, type EntryReadOptions, specialFileError } from './entries.js';
import { FileHasher } from './file-hasher.js';
import { READ_FLAGS } from './file-io.js';
import { fileStream } from './file-stream.js';
import { lstatIfExists } from './fs-calls.js';
import { type ErrorContext, guard, PROVIDER_NAME } from './fs-errors.js';
import { checkIfMatch, isByteCount, kindOf } from './item-checks.js';
import { type Jail, type Located, listedChild, refuseLink } from './jail.js';
import { mapBounded } from './map-bounded.js';
import {
  alreadyExistsError,
  claimFolder,
  claimName,
  type PlacementSource,
  type PlacementTarget,
  placeItem,
} from './placement.js';
import { StagedFile } from './staged-file.js';
import type { Staging } from './staging.js';
import { copyTree, walkTree } from './tree-walk.js';
import { appendChunk, uploadedBytes } from './upload-file.js';
import { checkUploadState, sessionOf } from './upload-state.js';
import { stampFile, WriteClock } from './write-clock.js';

/** Entries per search page when the caller does not say. */
const DEFAULT_SEARCH_PAGE = 100;

/**
 * Items of a listing page looked at (`lstat`) at once: the calls overlap in libuv's thread
 * pool instead of waiting for each other, while a page of hashed files reads at most this many
 * 1 MiB buffers at a time.
 */
const LIST_CONCURRENCY = 16;

/** How a LocalProvider is set up; `createLocalProvider` checks and fills these from options. */
export interface LocalProviderSettings {
  readonly hashes: readonly HashKind[];
  readonly accountKey: string;
  /** Flush written content to disk before it is renamed into place or acknowledged. */
  readonly fsync: boolean;
}

/** An existing folder, located, with what `lstat` said about it. */
interface LocatedFolder extends Located {
  readonly stats: BigIntStats;
}

/** A destination: the existing parent folder and the item's location in it. */
interface Target {
  readonly folder: Located;
  readonly name: string;
  readonly item: Located;
}

/** How a staged file is committed to its target. */
interface CommitOptions {
  readonly conflict: WriteOptions['conflict'];
  readonly ifMatch?: string;
  readonly modifiedAt?: Date;
}

/**
 * The Provider SPI over a folder on disk. Every path stays inside the root (see Jail), content
 * is staged and renamed into place (see Staging), and ids are paths from the root.
 */
export class LocalProvider implements Provider {
  readonly name = PROVIDER_NAME;
  readonly capabilities: Capabilities;
  readonly accountKey: string;
  private readonly entries: EntryReader;
  private readonly locks = new KeyedMutex();
  private readonly clock = new WriteClock();
  private readonly listings = new ChildrenCache();
  private readonly fsync: boolean;

  constructor(
    private readonly jail: Jail,
    private readonly staging: Staging,
    { hashes, accountKey, fsync }: LocalProviderSettings,
  ) {
    this.capabilities = capabilitiesWithHashes(hashes);
    this.accountKey = accountKey;
    this.fsync = fsync;
    this.entries = new EntryReader(hashes.length > 0 ? new FileHasher(hashes) : undefined);
  }

  /** The real path of the root folder on disk. */
  get root(): string {
    return this.jail.root;
  }

  /**
   * Lets go of the staging folder's descriptor (see FolderPin) once the writes using it are
   * done. The provider still works afterwards, checking the staging folder for each write.
   */
  close(): Promise<void> {
    this.staging.close();
    return Promise.resolve();
  }

  stat(ref: ItemRef, options: StatOptions = {}): Promise<Entry> {
    return guard(context('stat', ref), async () => {
      throwIfAborted(options.signal, 'stat');
      return this.entries.read(await this.jail.resolve(ref), options);
    });
  }

  listPage(folder: ItemRef, options: ListPageOptions = {}): Promise<ListPage> {
    return guard(context('listPage', folder), async () => {
      throwIfAborted(options.signal, 'listPage');
      const pageSize = this.pageSize(options.pageSize, this.capabilities.listPageSizeMax);
      const after = options.cursor === undefined ? undefined : decodeCursor(options.cursor);
      const dir = await this.requireFolder(folder);
      const isRoot = dir.path === ROOT_PATH;
      const children = await this.listings.children(
        dir.abs,
        isRoot,
        dir.stats,
        after !== undefined,
      );
      const start = indexAfter(children, after);
      const page = children.slice(start, start + pageSize);
      // Children that vanished since the folder was read are left out, so a page may be short.
      const found = await mapBounded(page, LIST_CONCURRENCY, (child) =>
        this.entryIfVisible(listedChild(dir, child.name), options),
      );
      const entries = found.filter((entry): entry is Entry => entry !== undefined);
      const last = page.at(-1);
      const more = start + page.length < children.length && last !== undefined;
      return { entries, ...(more ? { cursor: encodeCursor(last.name) } : {}) };
    });
  }

  read(file: ItemRef, options: ReadOptions = {}): Promise<ReadResult> {
    const ctx = context('read', file);
    return guard(ctx, async () => {
      throwIfAborted(options.signal, 'read');
      if (options.exportFormat !== undefined) {
        throw new PolydriveError('Unsupported', {
          message: 'Files on disk have no export formats.',
          advice: 'Read the file without exportFormat.',
        });
      }
      const { offset = 0, length } = options.range ?? {};
      if (!isByteCount(offset) || (length !== undefined && !isByteCount(length))) {
        throw new PolydriveError('InvalidArgument', {
          message: `Invalid byte range ${JSON.stringify(options.range)}.`,
          advice: 'Use whole numbers: offset >= 0 and length >= 0.',
        });
      }
      const item = await this.jail.resolve(file);
      const handle = await open(item.abs, READ_FLAGS);
      try {
        const st = await handle.stat();
        if (st.isDirectory()) throw notAFile();
        if (!st.isFile()) throw specialFileError();
        const start = Math.min(offset, st.size);
        const end = length === undefined ? st.size : Math.min(start + length, st.size);
        return { stream: fileStream(handle, start, end, ctx, options.signal), size: end - start };
      } catch (err) {
        await handle.close();
        throw err;
      }
    });
  }

  writeSmall(dest: Destination, data: Uint8Array, options: WriteOptions): Promise<FileEntry> {
    return guard(destinationContext('writeSmall', dest), async () => {
      throwIfAborted(options.signal, 'writeSmall');
      // The content is staged while the destination is checked: the two touch different
      // folders, so neither waits for the other.
      const staging = StagedFile.write(this.staging, data, this.fsync, options.signal);
      // Marked as handled at once, since it is only awaited after the check: a failure is
      // still thrown from the await below (or the file discarded if the check fails first).
      staging.catch(() => undefined);
      try {
        const target = await this.writeTarget(dest);
        return await this.locks.run(target.item.abs, () =>
          this.commitStaged(staging, data, target, options),
        );
      } catch (err) {
        await staging.then(
          (staged) => staged.discard(),
          () => undefined,
        );
        throw err;
      }
    });
  }

  createUploadSession(dest: Destination, options: CreateUploadOptions): Promise<UploadState> {
    return guard(destinationContext('createUploadSession', dest), async () => {
      throwIfAborted(options.signal, 'createUploadSession');
      const { chunkSize, size } = options;
      if (
        !isByteCount(chunkSize) ||
        chunkSize === 0 ||
        chunkSize > this.capabilities.chunkMaxSize
      ) {
        throw new PolydriveError('InvalidArgument', {
          message: `A chunk size of ${chunkSize} bytes is not allowed.`,
          advice: `Use a whole number of bytes from 1 to ${this.capabilities.chunkMaxSize}.`,
        });
      }
      if (size !== undefined && !isByteCount(size)) {
        throw new PolydriveError('InvalidArgument', {
          message: `size must be a whole number of bytes, got ${size}.`,
          advice: 'Pass the exact size, or none when it is unknown.',
        });
      }
      const target = await this.writeTarget(dest);
      // Fail before any byte is sent when the last chunk would fail anyway.
      const existing = await this.lstatTarget(target);
      if (options.conflict === 'fail' && existing) throw alreadyExistsError(dest.name);
      checkIfMatch(existing, options.ifMatch, target.item.path);
      await this.staging.ensure();
      const file = this.staging.newName('upload');
      await (await open(this.staging.pathOf(file), 'wx')).close();
      return {
        version: 1,
        provider: PROVIDER_NAME,
        destination: { parent: { path: target.folder.path }, name: dest.name },
        path: target.item.path,
        size: size ?? null,
        chunkSize,
        offset: 0,
        conflict: options.conflict,
        ...(options.mimeType !== undefined ? { mimeType: options.mimeType } : {}),
        createdAt: new Date().toISOString(),
        session: sessionOf(file, options),
      };
    });
  }

  uploadChunk(state: UploadState, chunk: Uint8Array, options: ChunkOptions): Promise<ChunkResult> {
    return guard(uploadContext('uploadChunk', state), async () => {
      throwIfAborted(options.signal, 'uploadChunk');
      const session = checkUploadState(state);
      const file = this.staging.uploadPath(session.file);
      const end = state.offset + chunk.byteLength;
      if (chunk.byteLength > this.capabilities.chunkMaxSize) {
        throw new PolydriveError('InvalidArgument', {
          message: `A chunk of ${chunk.byteLength} bytes is over the limit of ${this.capabilities.chunkMaxSize}.`,
          advice: 'Send smaller chunks.',
        });
      }
      if (state.size !== null && (end > state.size || (options.final && end !== state.size))) {
        throw new PolydriveError('InvalidArgument', {
          message: `The upload was declared as ${state.size} bytes but ${options.final ? 'ends at' : 'would reach'} ${end}.`,
          advice: 'Pass the exact size of the source, or none if it is not known.',
        });
      }
      await appendChunk(file, chunk, state.offset, {
        fsync: this.fsync,
        ...(options.signal !== undefined ? { signal: options.signal } : {}),
      });
      const advanced: UploadState = { ...state, offset: end };
      if (!options.final) return { state: advanced };
      const target = await this.writeTarget(state.destination);
      const entry = await this.commitFile(file, target, {
        conflict: state.conflict,
        ...(session.ifMatch !== undefined ? { ifMatch: session.ifMatch } : {}),
        ...(session.modifiedAt !== undefined ? { modifiedAt: new Date(session.modifiedAt) } : {}),
      });
      return { state: { ...advanced, size: end }, entry };
    });
  }

  uploadStatus(state: UploadState, options: OperationOptions = {}): Promise<UploadState> {
    return guard(uploadContext('uploadStatus', state), async () => {
      throwIfAborted(options.signal, 'uploadStatus');
      const file = this.staging.uploadPath(checkUploadState(state).file);
      return { ...state, offset: await uploadedBytes(file) };
    });
  }

  abortUpload(state: UploadState, options: OperationOptions = {}): Promise<void> {
    return guard(uploadContext('abortUpload', state), async () => {
      throwIfAborted(options.signal, 'abortUpload');
      await this.staging.discard(this.staging.uploadPath(checkUploadState(state).file));
    });
  }

  createFolder(parent: ItemRef, name: string, options: CreateFolderOptions): Promise<FolderEntry> {
    return guard(destinationContext('createFolder', { parent, name }), async () => {
      throwIfAborted(options.signal, 'createFolder');
      if (options.conflict !== 'fail' && options.conflict !== 'rename') {
        throw new PolydriveError('InvalidArgument', {
          message: `createFolder takes conflict 'fail' or 'rename', not ${JSON.stringify(options.conflict)}.`,
          advice: "Use 'fail', or 'rename' to get a free numbered name.",
        });
      }
      const target = await this.target({ parent, name });
      const created = await claimName(target.folder.abs, name, options.conflict, claimFolder);
      return (await this.entryAt(target.folder, created)) as FolderEntry;
    });
  }

  move(ref: ItemRef, dest: Destination, options: TransferOptions): Promise<Entry> {
    return guard(context('move', ref), async () => {
      throwIfAborted(options.signal, 'move');
      const source = await this.jail.resolve(ref);
      if (source.path === ROOT_PATH) throw invalid('The root folder cannot be moved.');
      const target = await this.target(dest);
      return this.locks.run(source.abs, async () => {
        const st = await lstat(source.abs, { bigint: true });
        checkIfMatch(st, options.ifMatch, source.path);
        // Moving an item onto its own path is a no-op, whatever the conflict policy.
        if (target.item.path === source.path) return this.entries.fromStats(source, st);
        const kind = kindOf(st);
        if (kind === 'folder' && isSameOrInside(target.folder.path, source.path)) {
          throw invalid('A folder cannot be moved into itself or one of its subfolders.');
        }
        if (options.conflict === 'replace' && isSameOrInside(source.path, target.item.path)) {
          throw invalid('An item cannot replace a folder that contains it.');
        }
        return this.place({ abs: source.abs, kind }, target, options.conflict);
      });
    });
  }

  copy(ref: ItemRef, dest: Destination, options: TransferOptions): Promise<Entry> {
    return guard(context('copy', ref), async () => {
      throwIfAborted(options.signal, 'copy');
      const source = await this.jail.resolve(ref);
      const target = await this.target(dest);
      const st = await lstat(source.abs, { bigint: true });
      checkIfMatch(st, options.ifMatch, source.path);
      const kind = kindOf(st);
      if (kind === 'folder' && isSameOrInside(target.folder.path, source.path)) {
        throw invalid('A folder cannot be copied into itself or one of its subfolders.');
      }
      await this.staging.ensure();
      const temp = this.staging.pathOf(this.staging.newName('copy'));
      try {
        if (kind === 'folder') await copyTree(source.abs, temp, options.signal);
        else await copyFile(source.abs, temp, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE);
        throwIfAborted(options.signal, 'copy');
        return await this.locks.run(target.item.abs, async () => {
          if (kind === 'file') {
            await stampFile(temp, this.stampFor(await lstatIfExists(target.item.abs)));
          }
          return this.place({ abs: temp, kind }, target, options.conflict);
        });
      } finally {
        await this.staging.discard(temp);
      }
    });
  }

  delete(ref: ItemRef, options: DeleteOptions = {}): Promise<void> {
    return guard(context('delete', ref), async () => {
      throwIfAborted(options.signal, 'delete');
      const item = await this.jail.resolve(ref);
      if (item.path === ROOT_PATH) {
        throw invalid('The root folder cannot be deleted.', 'Delete the items inside it instead.');
      }
      await this.locks.run(item.abs, async () => {
        const st = await lstat(item.abs, { bigint: true });
        checkIfMatch(st, options.ifMatch, item.path);
        if (!st.isDirectory()) {
          await unlink(item.abs);
          return;
        }
        // Out of sight in one rename, then removed: a failure half way leaves nothing visible.
        await this.staging.ensure();
        const trash = this.staging.pathOf(this.staging.newName('trash'));
        await rename(item.abs, trash);
        await this.staging.discard(trash);
      });
    });
  }

  search(query: SearchQuery, options: SearchOptions = {}): Promise<ListPage> {
    return guard({ operation: 'search', target: query.text }, async () => {
      throwIfAborted(options.signal, 'search');
      if (typeof query.text !== 'string' || query.text === '') {
        throw invalid('Search needs non-empty text.', 'Pass the words to look for.');
      }
      const text = query.text.toLowerCase();
      const pageSize = this.pageSize(options.pageSize, DEFAULT_SEARCH_PAGE);
      const after = options.cursor === undefined ? undefined : decodeCursor(options.cursor);
      const folder =
        query.within === undefined
          ? await this.jail.locate(ROOT_PATH)
          : await this.requireFolder(query.within);
      const entries: Entry[] = [];
      let last: string | undefined;
      let more = false;
      for await (const item of walkTree(folder, after)) {
        throwIfAborted(options.signal, 'search');
        if (!item.name.toLowerCase().includes(text)) continue;
        if (entries.length === pageSize) {
          more = true;
          break;
        }
        last = item.path;
        const entry = await this.entryIfVisible(item, options);
        if (entry) entries.push(entry);
      }
      return { entries, ...(more && last !== undefined ? { cursor: encodeCursor(last) } : {}) };
    });
  }

  about(options: OperationOptions = {}): Promise<DriveInfo> {
    return guard({ operation: 'about' }, async () => {
      throwIfAborted(options.signal, 'about');
      const fs = await statfs(this.jail.root);
      return {
        id: createHash('sha256').update(this.jail.root).digest('hex').slice(0, 32),
        name: basename(this.jail.root) || this.jail.root,
        driveType: 'local',
        quota: {
          total: fs.blocks * fs.bsize,
          used: (fs.blocks - fs.bfree) * fs.bsize,
          remaining: fs.bavail * fs.bsize,
        },
      };
    });
  }

  /** Resolves a ref that must be an existing folder. */
  private async requireFolder(ref: ItemRef): Promise<LocatedFolder> {
    const folder = await this.jail.resolve(ref);
    const st = await lstat(folder.abs, { bigint: true });
    if (!st.isDirectory()) throw notAFolder(folder.path);
    return { ...folder, stats: st };
  }

  /** Checks a destination: the parent must be a folder, the name valid and not a link. */
  private async target(dest: Destination): Promise<Target> {
    const target = await this.writeTarget(dest);
    await this.lstatTarget(target);
    return target;
  }

  /**
   * Checks a destination's name and that its parent exists, free of links, with one call to the
   * disk. Whether the parent is a folder and what the item is are left to `lstatTarget`, which
   * a write calls under the lock of its commit anyway.
   */
  private writeTarget(dest: Destination): Promise<Target> {
    return this.jail.resolveExisting(dest.parent).then(
      (folder) => ({ folder, name: dest.name, item: this.jail.child(folder, dest.name) }),
      (err: unknown) => {
        if (errnoCode(err) !== 'ENOENT') throw err;
        const path = this.jail.pathOf(dest.parent);
        throw new PolydriveError('NotFound', {
          message: `The destination folder ${path} does not exist.`,
          advice: 'Create it first (drive.mkdir with recursive, or write with createParents).',
          target: path,
          cause: err,
        });
      },
    );
  }

  /**
   * What `lstat` says about a destination's item (undefined when nothing is there). Refuses a
   * link, and reports NotAFolder when the parent turns out to be a file.
   */
  private lstatTarget(target: Target): Promise<BigIntStats | undefined> {
    return lstatIfExists(target.item.abs).then(
      (st) => {
        refuseLink(st, target.item.path);
        return st;
      },
      (err: unknown) => {
        throw errnoCode(err) === 'ENOTDIR' ? notAFolder(target.folder.path, err) : err;
      },
    );
  }

  /**
   * Commits a file being staged with `content` to its target, under the target's lock: checks
   * what holds the name, stamps and flushes the content, renames it into place and closes it.
   */
  private async commitStaged(
    staging: Promise<StagedFile>,
    content: Uint8Array,
    target: Target,
    options: WriteOptions,
  ): Promise<FileEntry> {
    const existing = await this.lstatTarget(target);
    checkIfMatch(existing, options.ifMatch, target.item.path);
    const staged = await staging;
    await staged.seal(this.stampFor(existing, options.modifiedAt));
    const source = { abs: staged.abs, kind: 'file' } as const;
    const known = { replaceFolders: false, existing: existing ?? null };
    if (!this.fsync) {
      // Without a flush, close can be where a write error shows (NFS), so it must succeed
      // before the rename; the entry is then read at the name.
      await staged.close();
      const entry = await this.place(source, target, options.conflict, known);
      staged.release();
      return entry as FileEntry;
    }
    const placed = await placeItem(
      source,
      this.placementOf(target, options.conflict, known),
      this.staging,
    );
    // The renamed file's own descriptor says what was written, as the name may already hold
    // another writer's file.
    const st = await staged.statAndClose();
    return this.entries.written(this.placedItem(target, placed), st, content);
  }

  /**
   * Commits a complete staged file to its target, atomically, under the conflict policy. The
   * staged file is consumed when this succeeds.
   */
  private commitFile(staged: string, target: Target, options: CommitOptions): Promise<FileEntry> {
    return this.locks.run(target.item.abs, async () => {
      const existing = await this.lstatTarget(target);
      checkIfMatch(existing, options.ifMatch, target.item.path);
      await stampFile(staged, this.stampFor(existing, options.modifiedAt));
      return (await this.place({ abs: staged, kind: 'file' }, target, options.conflict, {
        replaceFolders: false,
        existing: existing ?? null,
      })) as FileEntry;
    });
  }

  /** Puts an item in place under the policy and returns its entry at the name it got. */
  private async place(
    source: PlacementSource,
    target: Target,
    conflict: WriteOptions['conflict'],
    known: Pick<PlacementTarget, 'replaceFolders' | 'existing'> = { replaceFolders: true },
  ): Promise<Entry> {
    const placed = await placeItem(source, this.placementOf(target, conflict, known), this.staging);
    return this.entries.read(this.placedItem(target, placed));
  }

  /** What placement needs to know about a target. */
  private placementOf(
    target: Target,
    conflict: WriteOptions['conflict'],
    known: Pick<PlacementTarget, 'replaceFolders' | 'existing'>,
  ): PlacementTarget {
    return {
      folder: target.folder.abs,
      name: target.name,
      abs: target.item.abs,
      conflict,
      ...known,
    };
  }

  /** Where an item placed for `target` is: its own name, or the one 'rename' chose. */
  private placedItem(target: Target, placed: string): Located {
    return placed === target.name ? target.item : listedChild(target.folder, placed);
  }

  /**
   * The mtime for a staged file, in ns: the caller's `modifiedAt`, or a stamp later than both
   * the previous write's and `replaced`'s, the file it may replace, so that the etag changes
   * (see WriteClock).
   */
  private stampFor(replaced: BigIntStats | undefined, modifiedAt?: Date): bigint {
    return modifiedAt !== undefined
      ? BigInt(modifiedAt.getTime()) * 1_000_000n
      : this.clock.next(replaced?.mtimeNs ?? 0n);
  }

  /** The entry of an item this provider has just put in a located folder. */
  private entryAt(folder: Located, name: string): Promise<Entry> {
    return this.entries.read(listedChild(folder, name));
  }

  /** The entry of a listed item, or undefined when it vanished or is a link or special file. */
  private async entryIfVisible(
    item: Located,
    options: EntryReadOptions,
  ): Promise<Entry | undefined> {
    try {
      return await this.entries.read(item, options);
    } catch (err) {
      if (errnoCode(err) === 'ENOENT' || isPolydriveError(err, 'Unsupported')) return undefined;
      throw err;
    }
  }

  private pageSize(requested: number | undefined, fallback: number): number {
    if (requested === undefined) return fallback;
    if (!Number.isInteger(requested) || requested < 1) {
      throw invalid(`pageSize must be a whole number >= 1, got ${requested}.`);
    }
    return Math.min(requested, this.capabilities.listPageSizeMax);
  }
}

function context(operation: string, ref: ItemRef): ErrorContext {
  return { operation, target: describeRef(ref) };
}

function destinationContext(operation: string, dest: Destination): ErrorContext {
  const parent = dest.parent.path ?? `id:${dest.parent.id}`;
  return {
    operation,
    target: parent.endsWith('/') ? parent + dest.name : `${parent}/${dest.name}`,
  };
}

function uploadContext(operation: string, state: UploadState): ErrorContext {
  return { operation, target: state.path ?? state.destination?.name };
}

function invalid(message: string, advice?: string): PolydriveError {
  return new PolydriveError('InvalidArgument', { message, ...(advice ? { advice } : {}) });
}

function notAFolder(path: string, cause?: unknown): PolydriveError {
  return new PolydriveError('NotAFolder', {
    message: `${path} is a file, not a folder.`,
    target: path,
    ...(cause !== undefined ? { cause } : {}),
  });
}

function notAFile(): PolydriveError {
  return new PolydriveError('NotAFile', { message: 'The path names a folder, not a file.' });
}
