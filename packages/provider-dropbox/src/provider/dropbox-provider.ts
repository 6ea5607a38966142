import {
  type Capabilities,
  type ChangesPage,
  type ChunkOptions,
  type ChunkResult,
  type CreateFolderOptions,
  type CreateUploadOptions,
  type DeleteOptions,
  type Destination,
  type DriveInfo,
  type Entry,
  type FileEntry,
  type FolderEntry,
  type ItemRef,
  isPolydriveError,
  type ListPage,
  type ListPageOptions,
  type OperationOptions,
  type PassthroughRequest,
  type Permission,
  type PermissionRequest,
  PolydriveError,
  type Provider,
  type ReadOptions,
  type ReadResult,
  type SearchOptions,
  type SearchQuery,
  type ShareLink,
  type ShareLinkRequest,
  type StatOptions,
  type TransferOptions,
  type UploadState,
  type WriteOptions,
} from '@polydrive/core';
import type { CallContext, DropboxClient } from '../api/dropbox-client.js';
import { failureError } from '../api/errors.js';
import {
  type DropboxMetadata,
  type ListFolderResult,
  rootEntry,
  toEntry,
  toFileEntry,
} from '../api/metadata.js';
import { apiPath, childPath, isRootRef, targetOf } from '../api/paths.js';
import { DROPBOX_HOSTS } from '../hosts.js';
import { changes } from './changes.js';
import { commitSession } from './commit.js';
import { CommitBatcher, type CommitEntry, type CommitOutcome } from './commit-batcher.js';
import { commitInfo } from './commit-info.js';
import { type DropboxContext, PROVIDER_NAME, seen } from './context.js';
import { download } from './download.js';
import { IdMemory } from './id-memory.js';
import { DEFAULT_JOB_POLL, type JobPollOptions } from './job-poll.js';
import { KnownFolders } from './known-folders.js';
import * as sharing from './sharing.js';
import * as uploads from './uploads.js';

/** What the provider is built from; `createDropboxProvider` assembles it from user options. */
export interface DropboxProviderInit {
  readonly client: DropboxClient;
  readonly accountKey: string;
  readonly capabilities: Capabilities;
  /** The longest the commit batcher waits for commits still uploading their bytes. */
  readonly batchWindowMs: number;
  /** How long a folder found to exist is trusted to, so writes into it skip the parent check. */
  readonly folderCacheTtlMs: number;
  readonly jobPoll?: JobPollOptions;
}

/** Hosts a passthrough may address: a bearer token never goes anywhere else. */
const PASSTHROUGH_HOSTS = new Set(['api.dropboxapi.com', 'content.dropboxapi.com']);

/** The Dropbox provider: the Provider SPI over the dropbox SDK (Dropbox API v2). */
export class DropboxProvider implements Provider {
  readonly name = PROVIDER_NAME;
  readonly capabilities: Capabilities;
  readonly accountKey: string;
  private readonly context: DropboxContext;
  private readonly jobPoll: JobPollOptions;
  private readonly folders: KnownFolders;
  /** Folder look-ups in flight, by the path asked for. */
  private readonly lookups = new Map<string, Promise<DropboxMetadata>>();

  constructor(init: DropboxProviderInit) {
    this.capabilities = init.capabilities;
    this.accountKey = init.accountKey;
    this.jobPoll = init.jobPoll ?? DEFAULT_JOB_POLL;
    this.folders = new KnownFolders(init.folderCacheTtlMs);
    const client = init.client;
    this.context = {
      client,
      ids: new IdMemory(),
      batcher: new CommitBatcher((entries) => finishBatch(client, entries), init.batchWindowMs),
    };
  }

  private get client(): DropboxClient {
    return this.context.client;
  }

  async stat(ref: ItemRef, options?: StatOptions): Promise<Entry> {
    if (isRootRef(ref)) return rootEntry();
    const meta = await this.metadata(ref, call('stat', targetOf(ref), options));
    return toEntry(meta, { raw: options?.raw ?? false });
  }

  async listPage(folder: ItemRef, options: ListPageOptions = {}): Promise<ListPage> {
    const context = call('listPage', targetOf(folder), options);
    const page = await (options.cursor !== undefined
      ? this.client.rpc<ListFolderResult>(context, 'files/list_folder/continue', {
          cursor: options.cursor,
        })
      : this.client.rpc<ListFolderResult>(
          context,
          'files/list_folder',
          this.listArg(folder, options),
        ));
    const entryOptions = { raw: options.raw ?? false };
    const entries: Entry[] = [];
    for (const meta of page.entries) {
      if (meta['.tag'] !== 'deleted') entries.push(toEntry(seen(this.context, meta), entryOptions));
    }
    return page.has_more ? { entries, cursor: page.cursor } : { entries };
  }

  read(file: ItemRef, options: ReadOptions = {}): Promise<ReadResult> {
    return download(this.context, file, options);
  }

  /**
   * One files/upload when no other commit of this provider is queued, in flight or on its way
   * (another write started in the same turn). Otherwise one request for the bytes (an upload
   * session started closed: it takes no write lock), then the commit through the batcher, so that
   * concurrent small writes share one finish_batch_v2.
   */
  async writeSmall(dest: Destination, data: Uint8Array, options: WriteOptions): Promise<FileEntry> {
    const path = childPath(await this.folderPath(dest.parent, 'writeSmall', options), dest.name);
    try {
      return await this.upload(path, data, options);
    } catch (err) {
      // A final failure may come from a cached parent gone stale: look at it again next time.
      if (dest.parent.path !== undefined && !(isPolydriveError(err) && err.retryable))
        this.folders.forget(dest.parent.path);
      throw err;
    }
  }

  async createUploadSession(dest: Destination, options: CreateUploadOptions): Promise<UploadState> {
    const parent = await this.folderPath(dest.parent, 'createUploadSession', options);
    return uploads.createUploadSession(this.context, dest, childPath(parent, dest.name), options);
  }

  uploadChunk(state: UploadState, chunk: Uint8Array, options: ChunkOptions): Promise<ChunkResult> {
    return uploads.uploadChunk(this.context, state, chunk, options);
  }

  uploadStatus(state: UploadState, options?: OperationOptions): Promise<UploadState> {
    return uploads.uploadStatus(this.context, state, options);
  }

  abortUpload(state: UploadState, options?: OperationOptions): Promise<void> {
    return uploads.abortUpload(this.context, state, options);
  }

  async createFolder(
    parent: ItemRef,
    name: string,
    options: CreateFolderOptions,
  ): Promise<FolderEntry> {
    const path = childPath(await this.folderPath(parent, 'createFolder', options), name);
    const result = await this.client.call(call('createFolder', path, options), (dbx) =>
      dbx.filesCreateFolderV2({ path, autorename: options.conflict === 'rename' }),
    );
    const meta = seen(this.context, result.metadata as DropboxMetadata);
    if (meta.path_display !== undefined)
      this.folders.remember(meta.path_display, meta.path_display);
    return toEntry(meta) as FolderEntry;
  }

  move(ref: ItemRef, dest: Destination, options: TransferOptions): Promise<Entry> {
    return this.relocate('move', ref, dest, options);
  }

  copy(ref: ItemRef, dest: Destination, options: TransferOptions): Promise<Entry> {
    return this.relocate('copy', ref, dest, options);
  }

  async delete(ref: ItemRef, options: DeleteOptions = {}): Promise<void> {
    const path = apiPath(ref);
    const context = call('delete', targetOf(ref), options);
    const errorContext = { ...context, ifMatch: options.ifMatch !== undefined };
    const parentRev = options.ifMatch !== undefined ? { parent_rev: options.ifMatch } : {};
    this.forgetFolders(ref);
    const outcome = await this.client.attempt<unknown>(context, (dbx) =>
      options.permanent
        ? dbx.filesPermanentlyDelete({ path, ...parentRev })
        : dbx.filesDeleteV2({ path, ...parentRev }),
    );
    if (!outcome.ok) throw failureError(outcome.failure, errorContext);
  }

  async search(query: SearchQuery, options: SearchOptions = {}): Promise<ListPage> {
    const context = call('search', query.text, options);
    const within =
      query.within !== undefined ? await this.folderPath(query.within, 'search', options) : '';
    const maxResults = Math.max(1, Math.min(options.pageSize ?? 100, 1000));
    const page = await this.client.call(context, (dbx) =>
      options.cursor !== undefined
        ? dbx.filesSearchContinueV2({ cursor: options.cursor })
        : dbx.filesSearchV2({
            query: query.text,
            options: {
              ...(within !== '' ? { path: within } : {}),
              max_results: maxResults,
              file_status: { '.tag': 'active' },
              filename_only: false,
            },
          }),
    );
    const entries = page.matches.flatMap((match) => {
      const inner = match.metadata as { '.tag': string; metadata?: DropboxMetadata };
      return inner['.tag'] === 'metadata' && inner.metadata && inner.metadata['.tag'] !== 'deleted'
        ? [toEntry(seen(this.context, inner.metadata))]
        : [];
    });
    return { entries, ...(page.has_more && page.cursor ? { cursor: page.cursor } : {}) };
  }

  changes(cursor: string | undefined, options?: OperationOptions): Promise<ChangesPage> {
    return changes(this.context, cursor, options);
  }

  async about(options?: OperationOptions): Promise<DriveInfo> {
    const context = call('about', '', options);
    const [account, usage] = await Promise.all([
      this.client.call(context, (dbx) => dbx.usersGetCurrentAccount()),
      this.client.call(context, (dbx) => dbx.usersGetSpaceUsage()),
    ]);
    const allocation = usage.allocation as { '.tag': string; allocated?: number };
    return {
      id: account.account_id,
      name: account.name.display_name,
      driveType: account.account_type['.tag'],
      owner: { id: account.account_id, name: account.name.display_name, email: account.email },
      quota: {
        used: usage.used,
        ...(allocation.allocated !== undefined
          ? {
              total: allocation.allocated,
              remaining: Math.max(0, allocation.allocated - usage.used),
            }
          : {}),
      },
      raw: { account, usage },
    };
  }

  listPermissions(ref: ItemRef, options?: OperationOptions): Promise<Permission[]> {
    return sharing.listPermissions(this.context, ref, options);
  }

  addPermission(
    ref: ItemRef,
    request: PermissionRequest,
    options?: OperationOptions,
  ): Promise<Permission> {
    return sharing.addPermission(this.context, ref, request, this.jobPoll, options);
  }

  removePermission(ref: ItemRef, permissionId: string, options?: OperationOptions): Promise<void> {
    return sharing.removePermission(this.context, ref, permissionId, this.jobPoll, options);
  }

  createShareLink(
    ref: ItemRef,
    request: ShareLinkRequest,
    options?: OperationOptions,
  ): Promise<ShareLink> {
    return sharing.createShareLink(this.context, ref, request, options);
  }

  listShareLinks(ref: ItemRef, options?: OperationOptions): Promise<ShareLink[]> {
    return sharing.listShareLinks(this.context, ref, options);
  }

  revokeShareLink(ref: ItemRef, linkId: string, options?: OperationOptions): Promise<void> {
    return sharing.revokeShareLink(this.context, ref, linkId, options);
  }

  /**
   * An authenticated raw request. `path` is relative to `https://api.dropboxapi.com` (e.g.
   * `/2/users/get_current_account`) or an absolute URL on the API or content host.
   */
  passthrough(request: PassthroughRequest): Promise<Response> {
    const url = new URL(request.path, `${DROPBOX_HOSTS.api}/`);
    if (url.protocol !== 'https:' || !PASSTHROUGH_HOSTS.has(url.hostname)) {
      throw new PolydriveError('InvalidArgument', {
        message: `A passthrough goes to the Dropbox API hosts only, not ${url.host}.`,
        advice:
          'Give a path such as /2/users/get_current_account, or a URL on api.dropboxapi.com or content.dropboxapi.com.',
        provider: PROVIDER_NAME,
        operation: 'passthrough',
        target: request.path,
      });
    }
    for (const [key, value] of Object.entries(request.query ?? {}))
      url.searchParams.set(key, value);
    // A raw request may delete or move folders this provider believes exist.
    if (!/^(GET|HEAD)$/i.test(request.method)) this.folders.clear();
    return this.client.send(
      url.toString(),
      {
        method: request.method,
        ...(request.headers ? { headers: request.headers } : {}),
        ...(request.body !== undefined ? { body: request.body, duplex: 'half' } : {}),
      } as RequestInit,
      call('passthrough', request.path, request),
    );
  }

  /** Waits until the commits still queued have been sent and answered. */
  close(): Promise<void> {
    return this.context.batcher.idle();
  }

  /**
   * The path of a folder to write into: Dropbox would create missing parents on its own, so the
   * parent is looked up first (unless it was found recently, see KnownFolders), making a missing
   * one NotFound and a file NotAFolder.
   */
  private async folderPath(
    ref: ItemRef,
    operation: string,
    options: OperationOptions,
  ): Promise<string> {
    if (isRootRef(ref)) return '';
    const known = ref.path !== undefined ? this.folders.get(ref.path) : undefined;
    if (known !== undefined) return known;
    const meta = await this.lookUpFolder(ref, call(operation, targetOf(ref), options));
    if (meta['.tag'] !== 'folder') {
      throw new PolydriveError('NotAFolder', {
        message: `${targetOf(ref)} is a file, so nothing can be put inside it.`,
        provider: PROVIDER_NAME,
        operation,
        target: targetOf(ref),
      });
    }
    return meta.path_display ?? (meta.path_lower as string);
  }

  /**
   * A folder's metadata, for a write into it. Writes into one folder at the same time share one
   * look-up (say 8 of them, once the folder's cache entry has expired); one that joins another's
   * ends with it, and looks again itself when only the first asker was cancelled.
   */
  private async lookUpFolder(ref: ItemRef, context: CallContext): Promise<DropboxMetadata> {
    const path = ref.path;
    if (path === undefined) return this.metadata(ref, context);
    const pending = this.lookups.get(path);
    if (pending === undefined) {
      const lookup = this.metadata(ref, context).finally(() => this.lookups.delete(path));
      this.lookups.set(path, lookup);
      return lookup;
    }
    try {
      return await pending;
    } catch (err) {
      if (!isPolydriveError(err, 'Cancelled') || context.signal?.aborted) throw err;
      return this.metadata(ref, context);
    }
  }

  /** The list_folder argument: the folder, and the page size when one is asked for. */
  private listArg(folder: ItemRef, options: ListPageOptions): { path: string; limit?: number } {
    const arg: { path: string; limit?: number } = { path: apiPath(folder) };
    if (options.pageSize !== undefined)
      arg.limit = Math.max(1, Math.min(options.pageSize, this.capabilities.listPageSizeMax));
    return arg;
  }

  private async metadata(ref: ItemRef, context: CallContext): Promise<DropboxMetadata> {
    const meta = await this.client.rpc<DropboxMetadata>(context, 'files/get_metadata', {
      path: apiPath(ref),
    });
    if (ref.path !== undefined && meta['.tag'] === 'folder')
      this.folders.remember(ref.path, meta.path_display ?? ref.path);
    return seen(this.context, meta);
  }

  private async upload(path: string, data: Uint8Array, options: WriteOptions): Promise<FileEntry> {
    const context = call('writeSmall', path, options, options.ifMatch !== undefined);
    const commit = commitInfo(path, options);
    const { batcher, client } = this.context;
    const reservation = batcher.reserve();
    const direct = await reservation.commitAlone(() =>
      client.upload<DropboxMetadata>(context, 'files/upload', commit, data),
    );
    if (direct !== undefined) return toFileEntry(seen(this.context, direct.value));
    const started = await client
      .upload<{ session_id: string }>(context, 'files/upload_session/start', { close: true }, data)
      .catch((err: unknown) => {
        reservation.cancel();
        throw err;
      });
    return commitSession(
      this.context,
      { cursor: { session_id: started.session_id, offset: data.byteLength }, commit },
      context,
      options.signal,
      reservation,
    );
  }

  /** Forgets the folders an item's removal (delete, move away) may take along. */
  private forgetFolders(ref: ItemRef): void {
    if (ref.path !== undefined) this.folders.forget(ref.path);
    else this.folders.clear();
  }

  /**
   * move_v2 / copy_v2. `replace` deletes what holds the name, then tries again (Dropbox has no
   * overwrite for these); `ifMatch` is compared with the item's rev first.
   */
  private async relocate(
    operation: 'move' | 'copy',
    ref: ItemRef,
    dest: Destination,
    options: TransferOptions,
  ): Promise<Entry> {
    const context = call(operation, targetOf(ref), options);
    if (options.ifMatch !== undefined) {
      const current = await this.stat(ref, options);
      if (current.etag !== options.ifMatch) {
        throw new PolydriveError('PreconditionFailed', {
          message: `${targetOf(ref)} changed since its etag ${options.ifMatch} was read.`,
          provider: PROVIDER_NAME,
          operation,
          target: targetOf(ref),
        });
      }
    }
    const to = childPath(await this.folderPath(dest.parent, operation, options), dest.name);
    if (operation === 'move') this.forgetFolders(ref);
    const arg = { from_path: apiPath(ref), to_path: to, autorename: options.conflict === 'rename' };
    const run = () =>
      this.client.attempt(context, (dbx) =>
        operation === 'move' ? dbx.filesMoveV2(arg) : dbx.filesCopyV2(arg),
      );
    let outcome = await run();
    if (
      !outcome.ok &&
      options.conflict === 'replace' &&
      outcome.failure.tags[0] === 'to' &&
      outcome.failure.tags.includes('conflict')
    ) {
      await this.delete({ path: to }, options);
      outcome = await run();
    }
    if (!outcome.ok) throw failureError(outcome.failure, context);
    return toEntry(seen(this.context, outcome.value.metadata as DropboxMetadata));
  }
}

/** Sends one finish_batch_v2 and reads its answer entry by entry. */
async function finishBatch(
  client: DropboxClient,
  entries: CommitEntry[],
): Promise<CommitOutcome[]> {
  const result = await client.rpc<{ entries: unknown[] }>(
    { operation: 'commit' },
    'files/upload_session/finish_batch_v2',
    { entries },
  );
  return result.entries.map((entry) => {
    const value = entry as { '.tag': string; failure?: unknown };
    // A success is the file's metadata tagged `success`, read as a file's by toFileEntry.
    if (value['.tag'] === 'success') return { ok: true, metadata: value };
    return { ok: false, failure: value.failure };
  });
}

/** A call's context; `ifMatch` when it carries an expected rev (a conflict then means a change). */
function call(
  operation: string,
  target: string,
  options?: OperationOptions,
  ifMatch?: boolean,
): CallContext {
  const context: { -readonly [K in keyof CallContext]: CallContext[K] } = { operation, target };
  if (options?.signal) context.signal = options.signal;
  if (ifMatch) context.ifMatch = true;
  return context;
}
