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
  describeRef,
  type Entry,
  type FileEntry,
  type FolderEntry,
  type ItemRef,
  isPolydriveError,
  joinPath,
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
  ROOT_PATH,
  type SearchOptions,
  type SearchQuery,
  type ShareLink,
  type ShareLinkRequest,
  type StatOptions,
  splitPath,
  type TransferOptions,
  type UploadState,
  type WriteOptions,
} from '@polydrive/core';
import { decodeCursor, encodeCursor } from '../graph/cursor.js';
import { type GraphDrive, toDriveInfo } from '../graph/drive-info.js';
import { type DriveItem, type ToEntryOptions, toEntry } from '../graph/drive-item.js';
import type { GraphClient } from '../graph/graph-client.js';
import { errorFromResponse } from '../graph/graph-errors.js';
import type { ItemPage } from '../graph/item-page.js';
import { childPath, itemPath } from '../graph/item-urls.js';
import { readChanges } from './changes.js';
import { type OneDriveContext, PROVIDER_NAME } from './context.js';
import { type CopyPollOptions, DEFAULT_COPY_POLL, waitForCopy } from './copy-monitor.js';
import { download, emptyStream } from './download.js';
import { FOLDER_IDS_DEFAULT_TTL_MS, FOLDER_IDS_MAX_ENTRIES, FolderIds } from './folder-ids.js';
import {
  createLinkBody,
  type GraphPermission,
  inviteBody,
  toPermission,
  toShareLink,
} from './permissions.js';
import * as uploads from './upload-session.js';

/** What the provider is built from; `createOneDriveProvider` assembles it from user options. */
export interface OneDriveProviderInit {
  readonly graph: GraphClient;
  /** The drive's Graph path, from `driveBasePath`. */
  readonly drive: string;
  readonly accountKey: string;
  readonly capabilities: Capabilities;
  readonly copyPoll?: CopyPollOptions;
  /** How long a folder's path -> id mapping is trusted for writes, in ms; 0 looks up every time. */
  readonly folderCacheTtlMs?: number;
}

function ifMatchHeader(ifMatch: string | undefined): { headers?: Record<string, string> } {
  return ifMatch !== undefined ? { headers: { 'if-match': ifMatch } } : {};
}

function parentPathOf(ref: ItemRef): string | undefined {
  if (ref.path === undefined || ref.path === '/') return undefined;
  return splitPath(ref.path).parent;
}

function destinationPath(dest: Destination): string | undefined {
  return dest.parent.path !== undefined ? joinPath(dest.parent.path, dest.name) : undefined;
}

function destinationTarget(dest: Destination): string {
  return dest.parent.path !== undefined
    ? joinPath(dest.parent.path, dest.name)
    : `${describeRef(dest.parent)}/${dest.name}`;
}

// Inside `search(q='...')` a quote is written twice; the rest is percent-encoded like any segment.
function searchSegment(text: string): string {
  return `search(q='${encodeURIComponent(text.replaceAll("'", "''"))}')`;
}

/** The OneDrive / SharePoint provider: the Provider SPI over Microsoft Graph. */
export class OneDriveProvider implements Provider {
  readonly name = PROVIDER_NAME;
  readonly capabilities: Capabilities;
  readonly accountKey: string;
  private readonly ctx: OneDriveContext;
  private readonly copyPoll: CopyPollOptions;
  private readonly folders: FolderIds;

  constructor(init: OneDriveProviderInit) {
    this.ctx = { graph: init.graph, drive: init.drive };
    this.accountKey = init.accountKey;
    this.capabilities = init.capabilities;
    this.copyPoll = init.copyPoll ?? DEFAULT_COPY_POLL;
    this.folders = new FolderIds({
      ttlMs: init.folderCacheTtlMs ?? FOLDER_IDS_DEFAULT_TTL_MS,
      maxEntries: FOLDER_IDS_MAX_ENTRIES,
    });
  }

  private get graph(): GraphClient {
    return this.ctx.graph;
  }

  private get drive(): string {
    return this.ctx.drive;
  }

  async stat(ref: ItemRef, options?: StatOptions): Promise<Entry> {
    const generation = this.folders.generation;
    const item = await this.graph.json<DriveItem>({
      method: 'GET',
      url: itemPath(this.drive, ref),
      signal: options?.signal,
      operation: 'stat',
      target: describeRef(ref),
    });
    const entry = toEntry(item, { raw: options?.raw ?? false, parentPath: parentPathOf(ref) });
    if (entry.kind === 'folder' && ref.path !== undefined && ref.path !== ROOT_PATH) {
      this.folders.set(ref.path, entry.id, generation);
    }
    return entry;
  }

  async listPage(folder: ItemRef, options: ListPageOptions = {}): Promise<ListPage> {
    const operation = 'listPage';
    const target = describeRef(folder);
    const cursor =
      options.cursor !== undefined ? decodeCursor(options.cursor, operation) : undefined;
    const folderPath = cursor ? cursor.path : folder.path;
    const top =
      options.pageSize !== undefined
        ? Math.max(1, Math.min(options.pageSize, this.capabilities.listPageSizeMax))
        : undefined;
    const page = await this.graph
      .json<ItemPage<DriveItem>>({
        method: 'GET',
        url: cursor ? cursor.url : itemPath(this.drive, folder, 'children'),
        query: cursor || top === undefined ? undefined : { $top: top },
        signal: options.signal,
        operation,
        target,
      })
      .catch((err: unknown) => this.explainKind(err, folder, 'folder', operation, options));
    const entryOptions: ToEntryOptions = { raw: options.raw ?? false, parentPath: folderPath };
    const entries = (page.value ?? []).map((item) => toEntry(item, entryOptions));
    const next = page['@odata.nextLink'];
    if (!next) return { entries };
    const cursorData = folderPath === undefined ? { url: next } : { url: next, path: folderPath };
    return { entries, cursor: encodeCursor(cursorData) };
  }

  async read(file: ItemRef, options: ReadOptions = {}): Promise<ReadResult> {
    const operation = 'read';
    const target = describeRef(file);
    if (options.exportFormat !== undefined) {
      throw new PolydriveError('Unsupported', {
        message: 'OneDrive files have no export formats.',
        advice: 'Read the file without exportFormat.',
        provider: PROVIDER_NAME,
        operation,
        target,
      });
    }
    const range = options.range;
    if (
      range &&
      (!Number.isInteger(range.offset) ||
        range.offset < 0 ||
        (range.length !== undefined && (!Number.isInteger(range.length) || range.length < 0)))
    ) {
      throw new PolydriveError('InvalidArgument', {
        message: 'A byte range needs a whole, non-negative offset and length.',
        provider: PROVIDER_NAME,
        operation,
        target,
      });
    }
    if (range?.length === 0) {
      await this.requireFile(file, options);
      return { stream: emptyStream(), size: 0 };
    }
    return download(this.ctx, file, options).catch((err: unknown) =>
      this.explainKind(err, file, 'file', operation, options),
    );
  }

  async writeSmall(dest: Destination, data: Uint8Array, options: WriteOptions): Promise<FileEntry> {
    const operation = 'writeSmall';
    const target = destinationTarget(dest);
    const headers: Record<string, string> = {
      'content-type': options.mimeType ?? 'application/octet-stream',
    };
    if (options.ifMatch !== undefined) headers['if-match'] = options.ifMatch;
    const query = { '@microsoft.graph.conflictBehavior': options.conflict };
    let item = await this.intoFolder(dest.parent, operation, options, (parent) =>
      this.graph.json<DriveItem>({
        method: 'PUT',
        url: childPath(this.drive, parent, dest.name, 'content'),
        query,
        headers,
        body: data,
        redirect: 'error',
        signal: options.signal,
        operation,
        target,
      }),
    );
    if (options.modifiedAt) {
      // A simple upload cannot carry file system times; they are set on the new item right after.
      item = await this.graph.json<DriveItem>({
        method: 'PATCH',
        url: itemPath(this.drive, { id: item.id }),
        json: { fileSystemInfo: { lastModifiedDateTime: options.modifiedAt.toISOString() } },
        signal: options.signal,
        operation,
        target,
      });
    }
    return toEntry(item, { parentPath: dest.parent.path }) as FileEntry;
  }

  async createUploadSession(dest: Destination, options: CreateUploadOptions): Promise<UploadState> {
    return this.intoFolder(dest.parent, 'createUploadSession', options, (parent) =>
      uploads.createUploadSession(this.ctx, dest, parent, options),
    );
  }

  uploadChunk(state: UploadState, chunk: Uint8Array, options: ChunkOptions): Promise<ChunkResult> {
    return uploads.uploadChunk(this.ctx, state, chunk, options);
  }

  uploadStatus(state: UploadState, options?: OperationOptions): Promise<UploadState> {
    return uploads.uploadStatus(this.ctx, state, options);
  }

  abortUpload(state: UploadState, options?: OperationOptions): Promise<void> {
    return uploads.abortUpload(this.ctx, state, options);
  }

  async createFolder(
    parent: ItemRef,
    name: string,
    options: CreateFolderOptions,
  ): Promise<FolderEntry> {
    const item = await this.graph.json<DriveItem>({
      method: 'POST',
      url: itemPath(this.drive, parent, 'children'),
      json: { name, folder: {}, '@microsoft.graph.conflictBehavior': options.conflict },
      signal: options.signal,
      operation: 'createFolder',
      target: destinationTarget({ parent, name }),
    });
    const entry = toEntry(item, { parentPath: parent.path }) as FolderEntry;
    if (parent.path !== undefined) {
      // Known at once, so the first write into a new folder needs no look-up; nothing cached
      // below its path can belong to it.
      const path = joinPath(parent.path, entry.name);
      this.folders.forget(path);
      this.folders.set(path, entry.id);
    }
    return entry;
  }

  async move(ref: ItemRef, dest: Destination, options: TransferOptions): Promise<Entry> {
    const operation = 'move';
    const target = describeRef(ref);
    const parentId = dest.parent.id ?? (await this.stat(dest.parent, options)).id;
    const item = await this.graph
      .json<DriveItem>({
        method: 'PATCH',
        url: itemPath(this.drive, ref),
        query: { '@microsoft.graph.conflictBehavior': options.conflict },
        json: { name: dest.name, parentReference: { id: parentId } },
        ...ifMatchHeader(options.ifMatch),
        signal: options.signal,
        operation,
        target,
      })
      .finally(() => {
        this.forgetFolder(ref.path);
        if (options.conflict === 'replace') this.forgetFolder(destinationPath(dest));
      });
    return toEntry(item, { parentPath: dest.parent.path });
  }

  copy(ref: ItemRef, dest: Destination, options: TransferOptions): Promise<Entry> {
    const copied = this.copyItem(ref, dest, options);
    // Replacing may have put a new folder where a cached one was.
    if (options.conflict !== 'replace') return copied;
    return copied.finally(() => this.forgetFolder(destinationPath(dest)));
  }

  private async copyItem(
    ref: ItemRef,
    dest: Destination,
    options: TransferOptions,
  ): Promise<Entry> {
    const operation = 'copy';
    const target = describeRef(ref);
    const parent = await this.stat(dest.parent, options);
    const response = await this.graph.send({
      method: 'POST',
      url: itemPath(this.drive, ref, 'copy'),
      query: { '@microsoft.graph.conflictBehavior': options.conflict },
      json: {
        parentReference: { id: parent.id, ...(parent.driveId ? { driveId: parent.driveId } : {}) },
        name: dest.name,
      },
      ...ifMatchHeader(options.ifMatch),
      signal: options.signal,
      operation,
      target,
    });
    const entryOptions: ToEntryOptions = { parentPath: dest.parent.path ?? parent.path };
    if (response.status === 200 || response.status === 201) {
      return toEntry(
        await this.graph.readJson<DriveItem>(response, { operation, target }),
        entryOptions,
      );
    }
    const monitor = response.headers.get('location');
    if (response.status !== 202 || !monitor) {
      if (!response.ok) throw await errorFromResponse(response, { operation, target });
      await response.body?.cancel();
      throw new PolydriveError('Internal', {
        message: `OneDrive accepted the copy (HTTP ${response.status}) but gave no monitor URL.`,
        provider: PROVIDER_NAME,
        operation,
        target,
      });
    }
    await response.body?.cancel();
    const outcome = await waitForCopy(this.ctx, monitor, this.copyPoll, {
      target,
      signal: options.signal,
    });
    if ('item' in outcome) return toEntry(outcome.item, entryOptions);
    const item = await this.graph.json<DriveItem>({
      method: 'GET',
      url: itemPath(this.drive, { id: outcome.id }),
      signal: options.signal,
      operation,
      target,
    });
    return toEntry(item, entryOptions);
  }

  async delete(ref: ItemRef, options: DeleteOptions = {}): Promise<void> {
    await this.graph
      .noContent({
        method: options.permanent ? 'POST' : 'DELETE',
        url: options.permanent
          ? itemPath(this.drive, ref, 'permanentDelete')
          : itemPath(this.drive, ref),
        ...ifMatchHeader(options.ifMatch),
        signal: options.signal,
        operation: 'delete',
        target: describeRef(ref),
      })
      .finally(() => this.forgetFolder(ref.path));
  }

  async search(query: SearchQuery, options: SearchOptions = {}): Promise<ListPage> {
    const operation = 'search';
    const cursor =
      options.cursor !== undefined ? decodeCursor(options.cursor, operation) : undefined;
    const top =
      options.pageSize !== undefined
        ? Math.max(1, Math.min(options.pageSize, this.capabilities.listPageSizeMax))
        : undefined;
    const page = await this.graph.json<ItemPage<DriveItem>>({
      method: 'GET',
      url: cursor
        ? cursor.url
        : itemPath(this.drive, query.within ?? { path: '/' }, searchSegment(query.text)),
      ...(cursor || top === undefined ? {} : { query: { $top: top } }),
      signal: options.signal,
      operation,
      target: query.text,
    });
    const next = page['@odata.nextLink'];
    return {
      entries: (page.value ?? []).map((item) => toEntry(item)),
      ...(next ? { cursor: encodeCursor({ url: next }) } : {}),
    };
  }

  changes(cursor: string | undefined, options?: OperationOptions): Promise<ChangesPage> {
    return readChanges(this.ctx, cursor, options);
  }

  async about(options?: OperationOptions): Promise<DriveInfo> {
    const drive = await this.graph.json<GraphDrive>({
      method: 'GET',
      url: this.drive,
      signal: options?.signal,
      operation: 'about',
    });
    return toDriveInfo(drive);
  }

  async listPermissions(ref: ItemRef, options?: OperationOptions): Promise<Permission[]> {
    return (await this.graphPermissions(ref, 'listPermissions', options)).map((p) =>
      toPermission(p),
    );
  }

  async addPermission(
    ref: ItemRef,
    request: PermissionRequest,
    options?: OperationOptions,
  ): Promise<Permission> {
    const operation = 'addPermission';
    const target = describeRef(ref);
    if (request.type === 'anyone') {
      const link = await this.graphCreateLink(
        ref,
        { role: request.role, scope: 'anyone' },
        operation,
        options,
      );
      return toPermission(link);
    }
    if (request.type === 'domain') {
      throw new PolydriveError('Unsupported', {
        message: 'OneDrive cannot grant access to a whole domain.',
        advice:
          "Create a sharing link with scope 'organization' for your own organisation instead.",
        provider: PROVIDER_NAME,
        operation,
        target,
      });
    }
    if (!request.email) {
      throw new PolydriveError('InvalidArgument', {
        message: `A ${request.type} permission needs an email address.`,
        advice: 'Pass the email of the user or group to invite.',
        provider: PROVIDER_NAME,
        operation,
        target,
      });
    }
    const answer = await this.graph.json<ItemPage<GraphPermission>>({
      method: 'POST',
      url: itemPath(this.drive, ref, 'invite'),
      json: inviteBody({ ...request, email: request.email }),
      signal: options?.signal,
      operation,
      target,
    });
    const granted = answer.value?.[0];
    if (!granted) {
      throw new PolydriveError('Internal', {
        message: 'OneDrive accepted the invitation but returned no permission.',
        provider: PROVIDER_NAME,
        operation,
        target,
      });
    }
    return toPermission(granted);
  }

  async removePermission(
    ref: ItemRef,
    permissionId: string,
    options?: OperationOptions,
  ): Promise<void> {
    await this.graph.noContent({
      method: 'DELETE',
      url: itemPath(this.drive, ref, `permissions/${encodeURIComponent(permissionId)}`),
      signal: options?.signal,
      operation: 'removePermission',
      target: describeRef(ref),
    });
  }

  async createShareLink(
    ref: ItemRef,
    request: ShareLinkRequest,
    options?: OperationOptions,
  ): Promise<ShareLink> {
    const permission = await this.graphCreateLink(ref, request, 'createShareLink', options);
    const link = toShareLink(permission);
    if (!link) {
      throw new PolydriveError('Internal', {
        message: 'OneDrive created a sharing link but returned no URL.',
        provider: PROVIDER_NAME,
        operation: 'createShareLink',
        target: describeRef(ref),
      });
    }
    return link;
  }

  async listShareLinks(ref: ItemRef, options?: OperationOptions): Promise<ShareLink[]> {
    const permissions = await this.graphPermissions(ref, 'listShareLinks', options);
    return permissions.flatMap((p) => {
      const link = toShareLink(p);
      return link ? [link] : [];
    });
  }

  async revokeShareLink(ref: ItemRef, linkId: string, options?: OperationOptions): Promise<void> {
    await this.graph.noContent({
      method: 'DELETE',
      url: itemPath(this.drive, ref, `permissions/${encodeURIComponent(linkId)}`),
      signal: options?.signal,
      operation: 'revokeShareLink',
      target: describeRef(ref),
    });
  }

  passthrough(request: PassthroughRequest): Promise<Response> {
    const sent = this.graph.send({
      method: request.method,
      url: request.path,
      ...(request.query ? { query: request.query } : {}),
      ...(request.headers ? { headers: request.headers } : {}),
      ...(request.body !== undefined ? { body: request.body } : {}),
      signal: request.signal,
      operation: 'passthrough',
      target: request.path,
    });
    // A raw request may move or delete any folder: forget them all rather than guess.
    const method = request.method.toUpperCase();
    return method === 'GET' || method === 'HEAD' ? sent : sent.finally(() => this.folders.clear());
  }

  /**
   * Runs a write into `parent` with the folder addressed by id. Personal OneDrive creates missing
   * folders on a path upload, while a write by id fails with 404 when the folder is gone: so a
   * missing parent is NotFound (and a file NotAFolder) on every drive. The id comes from the
   * folder cache when it is fresh (one request per write); a NotFound then may only mean the
   * cached folder went away, so the parent is looked up again and the write sent once more.
   */
  private async intoFolder<T>(
    parent: ItemRef,
    operation: string,
    options: OperationOptions,
    write: (folder: ItemRef) => Promise<T>,
  ): Promise<T> {
    if (parent.id !== undefined || parent.path === ROOT_PATH) return write(parent);
    const cached = this.folders.get(parent.path);
    if (cached !== undefined) {
      try {
        return await write({ id: cached });
      } catch (err) {
        if (!isPolydriveError(err, 'NotFound')) throw err;
        this.folders.forget(parent.path);
      }
    }
    const entry = await this.stat(parent, options);
    if (entry.kind !== 'folder') {
      throw new PolydriveError('NotAFolder', {
        message: `${parent.path} is a file, so nothing can be written inside it.`,
        provider: PROVIDER_NAME,
        operation,
        target: parent.path,
      });
    }
    return write({ id: entry.id });
  }

  /** Drops cached folder ids at and below `path`, or all of them when the path is unknown. */
  private forgetFolder(path: string | undefined): void {
    if (path === undefined) this.folders.clear();
    else this.folders.forget(path);
  }

  /**
   * Graph refuses `children` of a file and `content` of a folder with a generic 400 (or an empty
   * answer): when a request fails with a client error other than 404, look at what the item is and
   * report NotAFolder or NotAFile when that explains it; otherwise rethrow the original error.
   */
  private async explainKind(
    err: unknown,
    ref: ItemRef,
    expected: 'file' | 'folder',
    operation: string,
    options: OperationOptions,
  ): Promise<never> {
    const clientError =
      err instanceof PolydriveError &&
      err.httpStatus !== undefined &&
      err.httpStatus >= 400 &&
      err.httpStatus < 500 &&
      err.httpStatus !== 404 &&
      err.code !== 'RateLimited' &&
      err.code !== 'Unauthenticated';
    if (!clientError) throw err;
    const entry = await this.stat(ref, options).catch(() => undefined);
    if (!entry || entry.kind === expected) throw err;
    const target = describeRef(ref);
    throw new PolydriveError(expected === 'folder' ? 'NotAFolder' : 'NotAFile', {
      message: `${target} is a ${entry.kind}, not a ${expected}.`,
      provider: PROVIDER_NAME,
      operation,
      target,
      cause: err,
    });
  }

  private async requireFile(ref: ItemRef, options: OperationOptions): Promise<FileEntry> {
    const entry = await this.stat(ref, options);
    if (entry.kind !== 'file') {
      throw new PolydriveError('NotAFile', {
        message: `${describeRef(ref)} is a folder.`,
        provider: PROVIDER_NAME,
        operation: 'read',
        target: describeRef(ref),
      });
    }
    return entry;
  }

  private async graphPermissions(
    ref: ItemRef,
    operation: string,
    options: OperationOptions | undefined,
  ): Promise<GraphPermission[]> {
    const page = await this.graph.json<ItemPage<GraphPermission>>({
      method: 'GET',
      url: itemPath(this.drive, ref, 'permissions'),
      signal: options?.signal,
      operation,
      target: describeRef(ref),
    });
    return [...(page.value ?? [])];
  }

  private graphCreateLink(
    ref: ItemRef,
    request: ShareLinkRequest,
    operation: string,
    options: OperationOptions | undefined,
  ): Promise<GraphPermission> {
    return this.graph.json<GraphPermission>({
      method: 'POST',
      url: itemPath(this.drive, ref, 'createLink'),
      json: createLinkBody(request),
      signal: options?.signal,
      operation,
      target: describeRef(ref),
    });
  }
}
