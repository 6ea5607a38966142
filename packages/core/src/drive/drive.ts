import { Readable } from 'node:stream';
import type { Capabilities } from '../capabilities/capabilities.js';
import { requireCapability } from '../capabilities/require.js';
import { isPolydriveError, PolydriveError } from '../errors/polydrive-error.js';
import type { DriveInfo } from '../model/drive-info.js';
import type { Entry, FileEntry, FolderEntry } from '../model/entry.js';
import type {
  Permission,
  PermissionRequest,
  ShareLink,
  ShareLinkRequest,
} from '../model/permission.js';
import { isSameOrInside, joinPath, pathSegments, ROOT_PATH } from '../paths/paths.js';
import type {
  ByteRange,
  ChangesPage,
  ConflictPolicy,
  ItemRef,
  ListPage,
  PassthroughRequest,
  Provider,
  UploadState,
} from '../provider/provider.js';
import { concatBytes } from '../streams/chunker.js';
import { knownSourceSize, sourceChunks, type WriteSource, wholeBytes } from '../streams/sources.js';
import {
  type DestinationTarget,
  describeTarget,
  type ResolvedDestination,
  type ResolvedTarget,
  resolveDestination,
  resolveTarget,
  type Target,
} from './target.js';
import {
  type DriveWriteOptions,
  type Progress,
  type ResumeOptions,
  resumeUploadStream,
  uploadStream,
} from './upload.js';

/** Options every Drive call takes. */
export interface DriveCallOptions {
  readonly signal?: AbortSignal;
}

/** Options of `drive.stat`. */
export interface DriveStatOptions extends DriveCallOptions {
  /** Include the provider's own payload as `entry.raw`. */
  readonly raw?: boolean;
}

/** Options of `drive.list` and `drive.listPage`. */
export interface DriveListOptions extends DriveCallOptions {
  /** Entries per request (at most the provider's `listPageSizeMax`). */
  readonly pageSize?: number;
  /** List the whole subtree (same as `walk`). */
  readonly recursive?: boolean;
  readonly raw?: boolean;
}

/** Options of `drive.read`. */
export interface DriveReadOptions extends DriveCallOptions {
  readonly range?: ByteRange;
  /** For Google-native documents: the MIME type to export to (see `entry.exportFormats`). */
  readonly exportFormat?: string;
}

/** Options of `drive.mkdir`. */
export interface MkdirOptions extends DriveCallOptions {
  /** Create missing parents, and succeed when the folder already exists. */
  readonly recursive?: boolean;
}

/** Options of `drive.move` and `drive.copy`. */
export interface MoveCopyOptions extends DriveCallOptions {
  /** What to do when the destination name is taken (default `fail`). */
  readonly conflict?: ConflictPolicy;
  readonly ifMatch?: string;
  /** Create the destination's missing parent folders. */
  readonly createParents?: boolean;
  /** For streamed copies: progress of the bytes copied. */
  readonly onProgress?: (progress: Progress) => void;
}

/** Options of `drive.delete`. */
export interface DriveDeleteOptions extends DriveCallOptions {
  /** Allow deleting a folder that is not empty. */
  readonly recursive?: boolean;
  /** Skip the provider's trash. */
  readonly permanent?: boolean;
  readonly ifMatch?: string;
}

/** Options of `drive.transfer`. */
export interface DriveTransferOptions
  extends Pick<
      DriveWriteOptions,
      'conflict' | 'createParents' | 'onProgress' | 'chunkSize' | 'verify'
    >,
    DriveCallOptions {}

/**
 * The facade users call: one API over any provider. It validates paths, plans uploads from the
 * provider's capabilities, and builds recursive and streamed operations on the Provider SPI.
 */
export class Drive {
  readonly provider: Provider;

  constructor(provider: Provider) {
    this.provider = provider;
  }

  /** The provider's type, e.g. `onedrive`. */
  get name(): string {
    return this.provider.name;
  }

  /** What this drive can do. */
  get capabilities(): Capabilities {
    return this.provider.capabilities;
  }

  /** Metadata of a file or folder. */
  async stat(target: Target, options: DriveStatOptions = {}): Promise<Entry> {
    const t = this.resolve(target);
    return this.call('stat', target, async () =>
      withPath(await this.provider.stat(t.ref, options), t.path),
    );
  }

  /** True when something exists at the target. */
  async exists(target: Target, options: DriveCallOptions = {}): Promise<boolean> {
    try {
      await this.stat(target, options);
      return true;
    } catch (err) {
      if (isPolydriveError(err, 'NotFound')) return false;
      throw err;
    }
  }

  /** One page of a folder's children and the cursor of the next page (absent on the last). */
  async listPage(
    target: Target,
    options: DriveListOptions & { cursor?: string } = {},
  ): Promise<ListPage> {
    const t = this.resolve(target);
    const pageSize = this.pageSize(options.pageSize);
    return this.call('list', target, async () => {
      const page = await this.provider.listPage(t.ref, {
        ...options,
        ...(pageSize !== undefined ? { pageSize } : {}),
      });
      return { ...page, entries: page.entries.map((e) => withPath(e, childPath(t.path, e))) };
    });
  }

  /** A folder's children, page after page (or the whole subtree with `recursive`). */
  async *list(target: Target, options: DriveListOptions = {}): AsyncGenerator<Entry> {
    if (options.recursive) {
      yield* this.walk(target, options);
      return;
    }
    let cursor: string | undefined;
    do {
      const page: ListPage = await this.listPage(target, {
        ...options,
        ...(cursor !== undefined ? { cursor } : {}),
      });
      // A plain loop: `yield*` over an array adds a sync-to-async wrapper step per entry.
      for (const entry of page.entries) yield entry;
      cursor = page.cursor;
    } while (cursor !== undefined);
  }

  /** Every item below a folder, parents before their children. */
  async *walk(target: Target, options: DriveListOptions = {}): AsyncGenerator<Entry> {
    const pending: Target[] = [target];
    while (pending.length > 0) {
      const folder = pending.shift() as Target;
      for await (const entry of this.list(folder, { ...options, recursive: false })) {
        yield entry;
        if (entry.kind === 'folder') pending.push(entry.path ?? { id: entry.id });
      }
    }
  }

  /** A file's content as a Web ReadableStream (`Readable.fromWeb` turns it into a Node stream). */
  async read(target: Target, options: DriveReadOptions = {}): Promise<ReadableStream<Uint8Array>> {
    const t = this.resolve(target);
    if (options.range) {
      requireCapability(this.capabilities, 'rangeRead', this.ctx('read', target));
      const { offset, length } = options.range;
      if (
        !Number.isInteger(offset) ||
        offset < 0 ||
        (length !== undefined && (!Number.isInteger(length) || length < 0))
      ) {
        throw this.invalid(
          'read',
          target,
          `Invalid byte range ${JSON.stringify(options.range)}.`,
          'Use whole numbers: offset >= 0 and length >= 0.',
        );
      }
      if (length === 0) return new ReadableStream({ start: (c) => c.close() });
    }
    return this.call('read', target, async () => (await this.provider.read(t.ref, options)).stream);
  }

  /** A file's content as a Node Readable. */
  async readNode(target: Target, options: DriveReadOptions = {}): Promise<Readable> {
    return Readable.fromWeb(
      (await this.read(target, options)) as import('node:stream/web').ReadableStream<Uint8Array>,
    );
  }

  /** A file's content in memory. Use `read` for large files. */
  async readBytes(target: Target, options: DriveReadOptions = {}): Promise<Uint8Array> {
    const parts: Uint8Array[] = [];
    for await (const part of await this.read(target, options)) parts.push(part);
    return concatBytes(parts);
  }

  /** A file's content decoded as UTF-8. */
  async readText(target: Target, options: DriveReadOptions = {}): Promise<string> {
    return new TextDecoder().decode(await this.readBytes(target, options));
  }

  /**
   * Writes a file from a string, bytes, Blob, Node or Web stream, or async iterable. Small
   * content goes in one request; large or unknown-length content in a resumable session,
   * streamed chunk by chunk with memory bounded by the chunk size.
   */
  async write(
    target: DestinationTarget,
    source: WriteSource,
    options: DriveWriteOptions = {},
  ): Promise<FileEntry> {
    const d = resolveDestination(target, this.capabilities);
    const conflict = options.conflict ?? 'replace';
    this.checkConflict(conflict, 'write', target);
    if (options.ifMatch !== undefined)
      requireCapability(this.capabilities, 'conditionalWrite', this.ctx('write', target));
    if (options.mode === 'session')
      requireCapability(this.capabilities, 'uploadSession', this.ctx('write', target));
    const known = knownSourceSize(source);
    if (known !== undefined && options.size !== undefined && known !== options.size) {
      throw this.invalid(
        'write',
        target,
        `The source has ${known} bytes but size says ${options.size}.`,
        'Pass the exact size, or none.',
      );
    }
    return this.call('write', target, async () => {
      if (options.createParents) await ensureParent(this, d, options);
      const size = options.size ?? known;
      const entry = await uploadStream(
        this.provider,
        d.destination,
        d.path,
        wholeBytes(source) ?? sourceChunks(source),
        {
          ...options,
          conflict,
          ...(size !== undefined ? { size } : {}),
        },
      );
      return withPath(
        entry,
        d.parentPath !== undefined ? joinPath(d.parentPath, entry.name) : undefined,
      );
    });
  }

  /**
   * Continues an upload from a state saved through `onState`, in this or another process. Give
   * the same source again from its start (the uploaded part is checked and skipped), or only
   * the rest with `sourceOffset`.
   */
  async resumeUpload(
    state: UploadState,
    source: WriteSource,
    options: ResumeOptions = {},
  ): Promise<FileEntry> {
    const target = state.path ?? state.destination.name;
    return this.call('resumeUpload', target, async () =>
      withPath(
        await resumeUploadStream(this.provider, state, sourceChunks(source), options),
        state.path,
      ),
    );
  }

  /** Cancels an upload session saved through `onState`. */
  async abortUpload(state: UploadState, options: DriveCallOptions = {}): Promise<void> {
    await this.call('abortUpload', state.path ?? state.destination.name, () =>
      this.provider.abortUpload(state, options),
    );
  }

  /** Creates a folder; with `recursive`, its missing parents too, and an existing folder is fine. */
  async mkdir(path: string, options: MkdirOptions = {}): Promise<FolderEntry> {
    if (options.recursive && this.resolve(path).path === ROOT_PATH) {
      return this.call('mkdir', path, async () =>
        this.expectFolder(await this.provider.stat({ path: ROOT_PATH }, options), ROOT_PATH),
      ) as Promise<FolderEntry>;
    }
    const d = resolveDestination(path, this.capabilities);
    return this.call('mkdir', path, async () => {
      if (!options.recursive) {
        return withPath(
          await this.provider.createFolder(d.destination.parent, d.destination.name, {
            conflict: 'fail',
            ...options,
          }),
          d.path,
        ) as FolderEntry;
      }
      let current: Entry = await this.provider.stat({ path: ROOT_PATH }, options);
      let currentPath = ROOT_PATH;
      for (const name of pathSegments(d.path as string)) {
        currentPath = joinPath(currentPath, name);
        current = await this.ensureFolder(currentPath, current, name, options);
      }
      return withPath(current, currentPath) as FolderEntry;
    });
  }

  private async ensureFolder(
    path: string,
    parent: Entry,
    name: string,
    options: DriveCallOptions,
  ): Promise<Entry> {
    const existing = await this.provider.stat({ path }, options).catch((err: unknown) => {
      if (isPolydriveError(err, 'NotFound')) return undefined;
      throw err;
    });
    if (existing) return this.expectFolder(existing, path);
    try {
      return await this.provider.createFolder({ id: parent.id }, name, {
        conflict: 'fail',
        ...options,
      });
    } catch (err) {
      // Someone else may have created it between our stat and create: that is fine.
      if (!isPolydriveError(err, 'AlreadyExists')) throw err;
      return this.expectFolder(await this.provider.stat({ path }, options), path);
    }
  }

  private expectFolder(entry: Entry, path: string): Entry {
    if (entry.kind === 'folder') return entry;
    throw new PolydriveError('NotAFolder', {
      message: `${path} is a file, so no folder can be created there or inside it.`,
      advice: 'Choose another folder name, or remove the file.',
      provider: this.name,
      operation: 'mkdir',
      target: path,
    });
  }

  /** Moves or renames a file or folder (server-side where possible, else copy and delete). */
  async move(from: Target, to: DestinationTarget, options: MoveCopyOptions = {}): Promise<Entry> {
    const src = this.resolve(from);
    const d = resolveDestination(to, this.capabilities);
    const conflict = options.conflict ?? 'fail';
    this.checkConflict(conflict, 'move', from);
    if (options.ifMatch !== undefined)
      requireCapability(this.capabilities, 'conditionalWrite', this.ctx('move', from));
    this.checkNotInside(src, d.path, 'move', from);
    return this.call('move', from, async () => {
      if (options.createParents) await ensureParent(this, d, options);
      if (this.capabilities.serverSideMove) {
        const entry = await this.provider.move(src.ref, d.destination, { ...options, conflict });
        return withPath(
          entry,
          d.parentPath !== undefined ? joinPath(d.parentPath, entry.name) : undefined,
        );
      }
      const copied = await this.copy(from, to, options);
      await this.provider.delete(src.ref, {
        ...signalOf(options),
        ...(options.ifMatch ? { ifMatch: options.ifMatch } : {}),
      });
      return copied;
    });
  }

  /** Copies a file or folder: server-side where possible, else streamed through this process. */
  async copy(from: Target, to: DestinationTarget, options: MoveCopyOptions = {}): Promise<Entry> {
    const src = this.resolve(from);
    const d = resolveDestination(to, this.capabilities);
    const conflict = options.conflict ?? 'fail';
    this.checkConflict(conflict, 'copy', from);
    if (options.ifMatch !== undefined) {
      requireCapability(this.capabilities, 'conditionalWrite', this.ctx('copy', from));
    }
    this.checkNotInside(src, d.path, 'copy', from);
    return this.call('copy', from, async () => {
      if (options.createParents) await ensureParent(this, d, options);
      const entry = await this.provider.stat(src.ref, signalOf(options));
      if (options.ifMatch !== undefined && entry.etag !== options.ifMatch) {
        throw new PolydriveError('PreconditionFailed', {
          message: `${describeTarget(from)} changed since its etag ${options.ifMatch} was read.`,
        });
      }
      const native =
        this.provider.copy &&
        (entry.kind === 'file'
          ? this.capabilities.serverSideCopy
          : this.capabilities.serverSideFolderCopy);
      if (native && this.provider.copy) {
        const copied = await this.provider.copy(src.ref, d.destination, {
          ...signalOf(options),
          conflict,
        });
        return withPath(
          copied,
          d.parentPath !== undefined ? joinPath(d.parentPath, copied.name) : undefined,
        );
      }
      return copyEntry(this, entry, this, d.destination.parent, d.destination.name, {
        ...options,
        conflict,
      });
    });
  }

  /**
   * Copies a file or folder to another drive (any provider), streamed: no temporary file, memory
   * bounded by one chunk.
   */
  async transfer(
    from: Target,
    toDrive: Drive,
    to: DestinationTarget,
    options: DriveTransferOptions = {},
  ): Promise<Entry> {
    const src = this.resolve(from);
    const d = resolveDestination(to, toDrive.capabilities);
    return this.call('transfer', from, async () => {
      if (options.createParents) await ensureParent(toDrive, d, options);
      const entry = await this.provider.stat(src.ref, signalOf(options));
      return copyEntry(this, entry, toDrive, d.destination.parent, d.destination.name, {
        ...options,
        conflict: options.conflict ?? 'fail',
      });
    });
  }

  /** Deletes a file, or a folder (a non-empty one only with `recursive`). */
  async delete(target: Target, options: DriveDeleteOptions = {}): Promise<void> {
    const t = this.resolve(target);
    if (t.path === ROOT_PATH) {
      throw this.invalid(
        'delete',
        target,
        'The root folder cannot be deleted.',
        'Delete the items inside it instead.',
      );
    }
    if (options.ifMatch !== undefined)
      requireCapability(this.capabilities, 'conditionalWrite', this.ctx('delete', target));
    await this.call('delete', target, async () => {
      if (!options.recursive) {
        const entry = await this.provider.stat(t.ref, signalOf(options));
        if (entry.kind === 'folder') {
          const page = await this.provider.listPage(t.ref, { pageSize: 1, ...signalOf(options) });
          if (page.entries.length > 0) {
            throw new PolydriveError('InvalidArgument', {
              message: `${describeTarget(target)} is a folder that is not empty.`,
              advice: 'Pass { recursive: true } to delete it with everything inside.',
            });
          }
        }
      }
      await this.provider.delete(t.ref, options);
    });
  }

  /** Items whose name (or content, where indexed) matches the text. */
  async *search(
    text: string,
    options: DriveListOptions & { within?: Target } = {},
  ): AsyncGenerator<Entry> {
    requireCapability(this.capabilities, 'search', this.ctx('search', text));
    const search = this.provider.search?.bind(this.provider);
    if (!search || typeof text !== 'string' || text.trim() === '') {
      throw this.invalid(
        'search',
        text,
        'Search needs non-empty text.',
        'Pass the words to look for.',
      );
    }
    const within = options.within !== undefined ? this.resolve(options.within).ref : undefined;
    let cursor: string | undefined;
    do {
      const page: ListPage = await this.call('search', text, () =>
        search(
          { text, ...(within ? { within } : {}) },
          {
            ...signalOf(options),
            ...(cursor !== undefined ? { cursor } : {}),
            ...(options.pageSize ? { pageSize: options.pageSize } : {}),
          },
        ),
      );
      yield* page.entries;
      cursor = page.cursor;
    } while (cursor !== undefined);
  }

  /**
   * The change feed: with no cursor, a cursor for "now"; with a cursor, what changed since.
   * Store the returned cursor and call again (at once while `hasMore`).
   */
  async changes(cursor?: string, options: DriveCallOptions = {}): Promise<ChangesPage> {
    requireCapability(this.capabilities, 'changes', this.ctx('changes', cursor ?? ''));
    return this.call('changes', '', () =>
      (this.provider.changes as NonNullable<Provider['changes']>).call(
        this.provider,
        cursor,
        options,
      ),
    );
  }

  /** Account and quota information. */
  async about(options: DriveCallOptions = {}): Promise<DriveInfo> {
    requireCapability(this.capabilities, 'about', this.ctx('about', ''));
    return this.call('about', '', () =>
      (this.provider.about as NonNullable<Provider['about']>).call(this.provider, options),
    );
  }

  /** Who has access to an item. */
  async permissions(target: Target, options: DriveCallOptions = {}): Promise<Permission[]> {
    const t = this.resolveFor('permissions', target);
    return this.call('permissions', target, () => this.optional('listPermissions')(t.ref, options));
  }

  /** Grants access to an item. */
  async share(
    target: Target,
    request: PermissionRequest,
    options: DriveCallOptions = {},
  ): Promise<Permission> {
    const t = this.resolveFor('permissions', target);
    return this.call('share', target, () =>
      this.optional('addPermission')(t.ref, request, options),
    );
  }

  /** Removes a permission from an item. */
  async unshare(
    target: Target,
    permissionId: string,
    options: DriveCallOptions = {},
  ): Promise<void> {
    const t = this.resolveFor('permissions', target);
    await this.call('unshare', target, () =>
      this.optional('removePermission')(t.ref, permissionId, options),
    );
  }

  /** Creates (or returns the existing) sharing link of an item. */
  async createShareLink(
    target: Target,
    request: ShareLinkRequest = {},
    options: DriveCallOptions = {},
  ): Promise<ShareLink> {
    const t = this.resolveFor('shareLinks', target);
    return this.call('createShareLink', target, () =>
      this.optional('createShareLink')(t.ref, request, options),
    );
  }

  /** The sharing links of an item. */
  async shareLinks(target: Target, options: DriveCallOptions = {}): Promise<ShareLink[]> {
    const t = this.resolveFor('shareLinks', target);
    return this.call('shareLinks', target, () => this.optional('listShareLinks')(t.ref, options));
  }

  /** Revokes a sharing link. */
  async revokeShareLink(
    target: Target,
    linkId: string,
    options: DriveCallOptions = {},
  ): Promise<void> {
    const t = this.resolveFor('shareLinks', target);
    await this.call('revokeShareLink', target, () =>
      this.optional('revokeShareLink')(t.ref, linkId, options),
    );
  }

  /** An authenticated raw request to the provider's API, for what the unified API does not cover. */
  async passthrough(request: PassthroughRequest): Promise<Response> {
    requireCapability(this.capabilities, 'passthrough', this.ctx('passthrough', request.path));
    return this.call('passthrough', request.path, () => this.optional('passthrough')(request));
  }

  /** Releases the provider's resources. */
  async close(): Promise<void> {
    await this.provider.close?.();
  }

  private resolve(target: Target): ResolvedTarget {
    try {
      return resolveTarget(target, this.capabilities);
    } catch (err) {
      throw isPolydriveError(err) ? err.withContext({ provider: this.name }) : err;
    }
  }

  private resolveFor(capability: 'permissions' | 'shareLinks', target: Target): ResolvedTarget {
    requireCapability(this.capabilities, capability, this.ctx(capability, describeTarget(target)));
    return this.resolve(target);
  }

  private optional<K extends keyof Provider>(method: K): NonNullable<Provider[K]> {
    const fn = this.provider[method];
    if (typeof fn !== 'function') {
      throw new PolydriveError('Unsupported', {
        message: `The ${this.name} provider does not implement ${String(method)}.`,
        provider: this.name,
        operation: String(method),
      });
    }
    return (fn as (...args: unknown[]) => unknown).bind(this.provider) as NonNullable<Provider[K]>;
  }

  private pageSize(requested: number | undefined): number | undefined {
    if (requested === undefined) return undefined;
    if (!Number.isInteger(requested) || requested < 1) {
      throw new PolydriveError('InvalidArgument', {
        message: `pageSize must be a whole number >= 1, got ${requested}.`,
        provider: this.name,
        operation: 'list',
      });
    }
    return Math.min(requested, this.capabilities.listPageSizeMax);
  }

  private checkConflict(
    conflict: ConflictPolicy,
    operation: string,
    target: Target | DestinationTarget,
  ): void {
    if (!['fail', 'replace', 'rename'].includes(conflict)) {
      throw this.invalid(
        operation,
        target,
        `Unknown conflict policy ${JSON.stringify(conflict)}.`,
        "Use 'fail', 'replace' or 'rename'.",
      );
    }
    if (!this.capabilities.conflictPolicies.includes(conflict)) {
      throw new PolydriveError('Unsupported', {
        message: `${this.name} cannot honour conflict policy '${conflict}'.`,
        advice: `Use one of: ${this.capabilities.conflictPolicies.join(', ')}.`,
        provider: this.name,
        operation,
        target: describeTarget(target),
      });
    }
  }

  private checkNotInside(
    src: ResolvedTarget,
    destPath: string | undefined,
    operation: string,
    from: Target,
  ): void {
    if (
      src.path !== undefined &&
      destPath !== undefined &&
      isSameOrInside(destPath, src.path, this.capabilities.names.caseInsensitive) &&
      destPath !== src.path
    ) {
      throw this.invalid(
        operation,
        from,
        `Cannot ${operation} ${src.path} into itself (${destPath}).`,
        'Choose a destination outside the folder.',
      );
    }
  }

  private ctx(operation: string, target: Target | DestinationTarget | string) {
    return { provider: this.name, operation, target: describeTarget(target as Target) };
  }

  private invalid(
    operation: string,
    target: Target | DestinationTarget,
    message: string,
    advice: string,
  ): PolydriveError {
    return new PolydriveError('InvalidArgument', {
      message,
      advice,
      provider: this.name,
      operation,
      target: describeTarget(target),
    });
  }

  /** Runs a call and fills the error's provider, operation and target when the provider did not. */
  private async call<T>(
    operation: string,
    target: Target | DestinationTarget | string,
    fn: () => Promise<T>,
  ): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof PolydriveError) {
        throw err.withContext({
          provider: this.name,
          operation,
          target: describeTarget(target as Target),
        });
      }
      throw new PolydriveError('Internal', {
        message: `Unexpected failure: ${err instanceof Error ? err.message : String(err)}`,
        provider: this.name,
        operation,
        target: describeTarget(target as Target),
        cause: err,
      });
    }
  }
}

/** Creates the destination's parent folders (nothing to do for the root or a parent by id). */
async function ensureParent(
  drive: Drive,
  d: ResolvedDestination,
  options: DriveCallOptions,
): Promise<void> {
  if (d.parentPath === undefined || d.parentPath === ROOT_PATH) return;
  await drive.mkdir(d.parentPath, { recursive: true, ...signalOf(options) });
}

function signalOf(options: DriveCallOptions): DriveCallOptions {
  return options.signal ? { signal: options.signal } : {};
}

function childPath(folderPath: string | undefined, entry: Entry): string | undefined {
  return folderPath !== undefined ? joinPath(folderPath, entry.name) : entry.path;
}

/** The entry with `path` set, when the provider left it out and the facade knows it. */
function withPath<E extends Entry>(entry: E, path: string | undefined): E {
  if (path === undefined || entry.path === path) return entry;
  return { ...entry, path };
}

/** Copies an entry (file or whole folder) by streaming it, within a drive or across two. */
async function copyEntry(
  from: Drive,
  entry: Entry,
  to: Drive,
  parent: ItemRef,
  name: string,
  options: DriveTransferOptions & { conflict: ConflictPolicy },
): Promise<Entry> {
  const signal = signalOf(options);
  if (entry.kind === 'file') {
    const stream = await from.read({ id: entry.id }, signal);
    return to.write({ parent: refToTarget(parent), name }, stream, {
      size: entry.size,
      conflict: options.conflict,
      ...(entry.mimeType ? { mimeType: entry.mimeType } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.chunkSize ? { chunkSize: options.chunkSize } : {}),
      ...(options.verify !== undefined ? { verify: options.verify } : {}),
      ...signal,
    });
  }
  const folder = await to.provider.createFolder(parent, name, {
    conflict: options.conflict === 'rename' ? 'rename' : 'fail',
    ...signal,
  });
  for await (const child of from.list({ id: entry.id }, signal)) {
    await copyEntry(from, child, to, { id: folder.id }, child.name, options);
  }
  return folder;
}

function refToTarget(ref: ItemRef): Target {
  return ref.path ?? { id: ref.id as string };
}
