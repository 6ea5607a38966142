import {
  type Capabilities,
  type Change,
  type ChangesPage,
  type ChunkOptions,
  type ChunkResult,
  type CreateFolderOptions,
  type CreateUploadOptions,
  type DeleteOptions,
  type Destination,
  type DriveInfo,
  describeRef,
  downloadStream,
  type Entry,
  emptyStream,
  type FileEntry,
  type FolderEntry,
  type ItemRef,
  isPolydriveError,
  joinPath,
  KeyedMutex,
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
import { decodeCursor, encodeCursor } from '../api/cursor.js';
import type { CallContext, DriveClient } from '../api/drive-client.js';
import {
  type DriveFileResource,
  FILE_FIELDS,
  FOLDER_MIME,
  isFolderResource,
  isGoogleDoc,
  toEntry,
} from '../api/file-resource.js';
import { listFiles } from '../api/files-list.js';
import { networkError } from '../api/network-errors.js';
import { childrenQuery, quote } from '../api/query.js';
import type { DuplicatePolicy } from '../options.js';
import { type GDriveContext, getFile, PROVIDER_NAME } from './context.js';
import { KnownNames } from './known-names.js';
import { uploadMultipart } from './multipart-upload.js';
import { PathResolver } from './path-resolver.js';
import {
  type DrivePermission,
  grantBody,
  linkBody,
  PERMISSION_FIELDS,
  toPermission,
  toShareLink,
} from './permissions.js';
import * as uploads from './resumable-upload.js';
import { destinationTarget, freeName, listNames, parentIdOf, planWrite } from './write-target.js';

/** What the provider is built from; `createGoogleDriveProvider` assembles it from user options. */
export interface GoogleDriveProviderInit {
  readonly client: DriveClient;
  /** A shared drive to work in; My Drive otherwise. */
  readonly driveId?: string;
  readonly accountKey: string;
  readonly capabilities: Capabilities;
  readonly duplicates: DuplicatePolicy;
  readonly pathCacheTtlMs: number;
  /** How long what is known of the names in folders this provider created is trusted. */
  readonly nameCacheTtlMs: number;
}

const CHANGE_FIELDS = `nextPageToken,newStartPageToken,changes(fileId,removed,time,file(${FILE_FIELDS}))`;
const LIST_FIELDS = `nextPageToken,files(${FILE_FIELDS})`;

function context(
  operation: string,
  target: string | undefined,
  options?: OperationOptions,
): CallContext {
  return { operation, target, signal: options?.signal };
}

function failure(
  code: PolydriveError['code'],
  message: string,
  call: CallContext,
  advice?: string,
): PolydriveError {
  return new PolydriveError(code, {
    message,
    ...(advice ? { advice } : {}),
    provider: PROVIDER_NAME,
    ...(call.operation ? { operation: call.operation } : {}),
    ...(call.target ? { target: call.target } : {}),
  });
}

/**
 * The Google Drive provider: the Provider SPI over Drive v3 with @googleapis/drive for metadata
 * and downloads, and fetch for listings (files.list, per page and per path lookup) and the bodies
 * of uploads (multipart for small files, hand-written resumable sessions for large ones). Paths are resolved through a cache and a duplicates policy;
 * deletes go to the trash unless permanent. Small writes and folder creations under one name in
 * one folder run one at a time, so that they see each other instead of adding duplicates.
 */
export class GoogleDriveProvider implements Provider {
  readonly name = PROVIDER_NAME;
  readonly capabilities: Capabilities;
  readonly accountKey: string;

  private readonly ctx: GDriveContext;
  private readonly resolver: PathResolver;
  private readonly rootIds: Set<string>;
  private readonly nameLocks = new KeyedMutex();

  constructor(init: GoogleDriveProviderInit) {
    this.ctx = {
      client: init.client,
      rootId: init.driveId ?? 'root',
      driveId: init.driveId,
      names: new KnownNames(init.nameCacheTtlMs),
    };
    this.accountKey = init.accountKey;
    this.capabilities = init.capabilities;
    this.resolver = new PathResolver(this.ctx, init.duplicates, init.pathCacheTtlMs);
    this.rootIds = new Set([this.ctx.rootId]);
  }

  private get client(): DriveClient {
    return this.ctx.client;
  }

  async stat(ref: ItemRef, options?: StatOptions): Promise<Entry> {
    const call = context('stat', describeRef(ref), options);
    const file = await this.resource(ref, call);
    return this.entry(file, call, options?.raw ?? false);
  }

  async listPage(folder: ItemRef, options: ListPageOptions = {}): Promise<ListPage> {
    const call = context('listPage', describeRef(folder), options);
    const cursor =
      options.cursor !== undefined
        ? decodeCursor(options.cursor, ['t', 'f'], 'listPage')
        : undefined;
    const folderId = cursor ? cursor.f : await this.folderIdOf(folder, call);
    const pageSize = this.pageSizeOf(options.pageSize);
    const q = childrenQuery(folderId);
    const entryOptions = { raw: options.raw ?? false };
    // Drive may answer with an empty page and a token; such pages are skipped, not returned.
    let pageToken = cursor?.t;
    for (;;) {
      const page = await listFiles(
        this.client,
        {
          q,
          orderBy: 'folder,name',
          fields: LIST_FIELDS,
          driveId: this.ctx.driveId,
          pageSize,
          pageToken,
        },
        call,
      );
      const files = page.files ?? [];
      const next = page.nextPageToken;
      if (files.length > 0 || next === undefined) {
        const entries = files.map((file) => toEntry(file, entryOptions));
        if (next === undefined) return { entries };
        return { entries, cursor: encodeCursor({ t: next, f: folderId }) };
      }
      pageToken = next;
    }
  }

  async read(file: ItemRef, options: ReadOptions = {}): Promise<ReadResult> {
    const call = context('read', describeRef(file), options);
    const range = options.range;
    if (
      range &&
      (!Number.isInteger(range.offset) ||
        range.offset < 0 ||
        (range.length !== undefined && (!Number.isInteger(range.length) || range.length < 0)))
    ) {
      throw failure(
        'InvalidArgument',
        'A byte range needs a whole, non-negative offset and length.',
        call,
      );
    }
    if (range && options.exportFormat !== undefined) {
      throw failure(
        'Unsupported',
        'Google Drive exports whole documents only, not byte ranges.',
        call,
        'Read the export without a range.',
      );
    }
    const known = file.path !== undefined ? await this.resource(file, call) : undefined;
    if (known) this.checkReadable(known, options.exportFormat, call);
    const fileId = known?.id ?? (file.id as string);
    if (range?.length === 0) return { stream: emptyStream(), size: 0 };
    try {
      return await this.download(fileId, options, call);
    } catch (err) {
      if (!isPolydriveError(err)) throw err;
      if (err.httpStatus === 416 && range) {
        const entry = toEntry(known ?? (await getFile(this.ctx, fileId, call)));
        if (entry.kind === 'file' && range.offset >= entry.size)
          return { stream: emptyStream(), size: 0 };
      }
      if (err.providerCode === 'fileNotDownloadable' && !known) {
        this.checkReadable(await getFile(this.ctx, fileId, call), options.exportFormat, call);
      }
      throw err;
    }
  }

  async writeSmall(dest: Destination, data: Uint8Array, options: WriteOptions): Promise<FileEntry> {
    const call = context('writeSmall', destinationTarget(dest), options);
    this.refuseIfMatch(options.ifMatch, call);
    const parentId = await parentIdOf(this.resolver, dest, call);
    return this.nameLocks.run(nameKey(parentId, dest.name), async () => {
      const target = await planWrite(
        this.ctx,
        this.resolver,
        parentId,
        dest,
        options.conflict,
        call,
      );
      return toEntry(await uploadMultipart(this.client, target, data, options, call)) as FileEntry;
    });
  }

  async createUploadSession(dest: Destination, options: CreateUploadOptions): Promise<UploadState> {
    const call = context('createUploadSession', destinationTarget(dest), options);
    this.refuseIfMatch(options.ifMatch, call);
    uploads.checkChunkSize(options.chunkSize, 'createUploadSession');
    const parentId = await parentIdOf(this.resolver, dest, call);
    const target = await planWrite(this.ctx, this.resolver, parentId, dest, options.conflict, call);
    return uploads.createSession(this.client, dest, target, options);
  }

  uploadChunk(state: UploadState, chunk: Uint8Array, options: ChunkOptions): Promise<ChunkResult> {
    return uploads.uploadChunk(this.client, state, chunk, options);
  }

  uploadStatus(state: UploadState, options?: OperationOptions): Promise<UploadState> {
    return uploads.uploadStatus(this.client, state, options);
  }

  abortUpload(state: UploadState, options?: OperationOptions): Promise<void> {
    return uploads.abortUpload(this.client, state, options);
  }

  async createFolder(
    parent: ItemRef,
    name: string,
    options: CreateFolderOptions,
  ): Promise<FolderEntry> {
    const dest = { parent, name };
    const call = context('createFolder', destinationTarget(dest), options);
    const parentId = await parentIdOf(this.resolver, dest, call);
    const data = await this.nameLocks.run(nameKey(parentId, name), async () => {
      const target = await planWrite(
        this.ctx,
        this.resolver,
        parentId,
        dest,
        options.conflict,
        call,
        'folder',
      );
      if (target.kind !== 'new')
        throw failure('Internal', 'A folder write planned a replacement.', call);
      const { data: created } = await this.client.call(call, (opts) =>
        this.client.api.files.create(
          {
            requestBody: { name: target.name, mimeType: FOLDER_MIME, parents: [target.parentId] },
            fields: FILE_FIELDS,
            supportsAllDrives: true,
          },
          opts,
        ),
      );
      return created;
    });
    if (data.id) {
      this.ctx.names.created(data.id);
      if (parent.path !== undefined) {
        const path = joinPath(parent.path, data.name ?? name);
        this.resolver.invalidate(path);
        this.resolver.remember(path, data.id);
      }
    }
    return toEntry(data) as FolderEntry;
  }

  async move(ref: ItemRef, dest: Destination, options: TransferOptions): Promise<Entry> {
    const call = context('move', describeRef(ref), options);
    this.refuseIfMatch(options.ifMatch, call);
    const source = await this.resource(ref, call);
    if (await this.isRoot(source, call))
      throw failure('InvalidArgument', 'The root folder cannot be moved.', call);
    const sourceId = source.id as string;
    const parentId = await parentIdOf(this.resolver, dest, call);
    if (isFolderResource(source)) await this.refuseCycle(sourceId, parentId, call);
    const name = await this.claimName(dest, parentId, sourceId, options.conflict, call);
    const oldParents = (source.parents ?? []).filter((id) => id !== parentId);
    const moving =
      !(source.parents ?? []).includes(parentId) && !this.sameRoot(source.parents?.[0], parentId);
    const { data } = await this.client.call(call, (opts) =>
      this.client.api.files.update(
        {
          fileId: sourceId,
          requestBody: { name },
          ...(moving ? { addParents: parentId, removeParents: oldParents.join(',') } : {}),
          fields: FILE_FIELDS,
          supportsAllDrives: true,
        },
        opts,
      ),
    );
    if (ref.path !== undefined) this.resolver.invalidate(ref.path);
    if (dest.parent.path !== undefined) this.resolver.invalidate(joinPath(dest.parent.path, name));
    return toEntry(data);
  }

  async copy(ref: ItemRef, dest: Destination, options: TransferOptions): Promise<Entry> {
    const call = context('copy', describeRef(ref), options);
    this.refuseIfMatch(options.ifMatch, call);
    const source = await this.resource(ref, call);
    if (isFolderResource(source)) {
      throw failure(
        'Unsupported',
        'Google Drive cannot copy folders on the server.',
        call,
        'Use drive.copy, which copies a folder item by item.',
      );
    }
    const parentId = await parentIdOf(this.resolver, dest, call);
    const name = await this.claimName(dest, parentId, undefined, options.conflict, call);
    const { data } = await this.client.call(call, (opts) =>
      this.client.api.files.copy(
        {
          fileId: source.id as string,
          requestBody: { name, parents: [parentId] },
          fields: FILE_FIELDS,
          supportsAllDrives: true,
        },
        opts,
      ),
    );
    return toEntry(data);
  }

  async delete(ref: ItemRef, options: DeleteOptions = {}): Promise<void> {
    const call = context('delete', describeRef(ref), options);
    this.refuseIfMatch(options.ifMatch, call);
    if (ref.path === '/' || (ref.id !== undefined && this.rootIds.has(ref.id))) {
      throw failure('InvalidArgument', 'The root folder cannot be deleted.', call);
    }
    const fileId = await this.idOf(ref, call);
    if (options.permanent) {
      await this.client.call(call, (opts) =>
        this.client.api.files.delete({ fileId, supportsAllDrives: true }, opts),
      );
    } else {
      await this.client.call(call, (opts) =>
        this.client.api.files.update(
          { fileId, requestBody: { trashed: true }, fields: 'id', supportsAllDrives: true },
          opts,
        ),
      );
    }
    if (ref.path !== undefined) this.resolver.invalidate(ref.path);
  }

  async search(query: SearchQuery, options: SearchOptions = {}): Promise<ListPage> {
    const call = context('search', query.text, options);
    const cursor =
      options.cursor !== undefined ? decodeCursor(options.cursor, ['t', 'w'], 'search') : undefined;
    const withinId =
      cursor?.w ||
      (query.within === undefined || query.within.path === '/'
        ? ''
        : await this.folderIdOf(query.within, call));
    const pageSize = this.pageSizeOf(options.pageSize);
    const text = quote(query.text);
    const data = await listFiles(
      this.client,
      {
        q: `(name contains ${text} or fullText contains ${text}) and trashed = false`,
        fields: LIST_FIELDS,
        driveId: this.ctx.driveId,
        pageSize,
        pageToken: cursor?.t,
      },
      call,
    );
    const parents = new Map<string, string | undefined>();
    const hits: Entry[] = [];
    for (const file of data.files ?? []) {
      if (withinId === '' || (await this.isInside(file, withinId, parents, call)))
        hits.push(toEntry(file));
    }
    const next = data.nextPageToken;
    return { entries: hits, ...(next ? { cursor: encodeCursor({ t: next, w: withinId }) } : {}) };
  }

  async changes(cursor: string | undefined, options?: OperationOptions): Promise<ChangesPage> {
    const call = context('changes', undefined, options);
    const scope = {
      supportsAllDrives: true,
      ...(this.ctx.driveId !== undefined
        ? { driveId: this.ctx.driveId, includeItemsFromAllDrives: true }
        : {}),
    };
    if (cursor === undefined) {
      const { data } = await this.client.call(call, (opts) =>
        this.client.api.changes.getStartPageToken(scope, opts),
      );
      return {
        changes: [],
        cursor: encodeCursor({ p: data.startPageToken as string }),
        hasMore: false,
      };
    }
    const { p } = decodeCursor(cursor, ['p'], 'changes');
    const { data } = await this.client
      .call(call, (opts) =>
        this.client.api.changes.list(
          {
            pageToken: p,
            pageSize: 1000,
            includeRemoved: true,
            ...(this.ctx.driveId === undefined ? { restrictToMyDrive: true } : {}),
            fields: CHANGE_FIELDS,
            ...scope,
          },
          opts,
        ),
      )
      .catch((err: unknown) => {
        if (isPolydriveError(err) && err.httpStatus === 400) {
          throw new PolydriveError('InvalidArgument', {
            message: 'Google Drive no longer accepts this change cursor.',
            advice:
              'Resync from scratch: list the drive again, then start a new feed with changes() and no cursor.',
            provider: PROVIDER_NAME,
            operation: 'changes',
            httpStatus: 400,
            cause: err,
          });
        }
        throw err;
      });
    const changes: Change[] = [];
    for (const change of data.changes ?? []) {
      if (!change.fileId) continue;
      const file = change.file;
      if (change.removed || !file || file.trashed)
        changes.push({ type: 'delete', id: change.fileId });
      else if (file.parents?.length) changes.push({ type: 'upsert', entry: toEntry(file) });
    }
    const next = data.nextPageToken;
    const token = next ?? data.newStartPageToken;
    if (!token)
      throw failure(
        'Internal',
        'Google Drive sent a changes page without a next or new start token.',
        call,
      );
    return {
      changes,
      cursor: encodeCursor({ p: token }),
      hasMore: next !== undefined && next !== null,
    };
  }

  async about(options?: OperationOptions): Promise<DriveInfo> {
    const call = context('about', undefined, options);
    const { data } = await this.client.call(call, (opts) =>
      this.client.api.about.get(
        {
          fields:
            'user(displayName,emailAddress,permissionId),storageQuota(limit,usage,usageInDriveTrash)',
        },
        opts,
      ),
    );
    const user = data.user ?? {};
    const owner = {
      ...(user.permissionId ? { id: user.permissionId } : {}),
      ...(user.displayName ? { name: user.displayName } : {}),
      ...(user.emailAddress ? { email: user.emailAddress } : {}),
    };
    if (this.ctx.driveId !== undefined) {
      const driveId = this.ctx.driveId;
      const { data: shared } = await this.client.call(call, (opts) =>
        this.client.api.drives.get({ driveId, fields: 'id,name' }, opts),
      );
      return {
        id: driveId,
        ...(shared.name ? { name: shared.name } : {}),
        driveType: 'shared',
        owner,
        raw: { about: data, drive: shared },
      };
    }
    const quota = data.storageQuota ?? {};
    const total = quota.limit ? Number(quota.limit) : undefined;
    const used = quota.usage ? Number(quota.usage) : undefined;
    return {
      id: user.permissionId ?? this.accountKey,
      name: 'My Drive',
      driveType: 'personal',
      owner,
      quota: {
        ...(total !== undefined ? { total } : {}),
        ...(used !== undefined ? { used } : {}),
        ...(total !== undefined && used !== undefined
          ? { remaining: Math.max(0, total - used) }
          : {}),
        ...(quota.usageInDriveTrash ? { trashed: Number(quota.usageInDriveTrash) } : {}),
      },
      raw: data,
    };
  }

  async listPermissions(ref: ItemRef, options?: OperationOptions): Promise<Permission[]> {
    const call = context('listPermissions', describeRef(ref), options);
    const file = await this.resource(ref, call);
    return (await this.permissionsOf(file.id as string, call)).map((p) =>
      toPermission(p, file.webViewLink ?? undefined),
    );
  }

  async addPermission(
    ref: ItemRef,
    request: PermissionRequest,
    options?: OperationOptions,
  ): Promise<Permission> {
    const call = context('addPermission', describeRef(ref), options);
    const body = grantBody(request, 'addPermission', describeRef(ref));
    const personal = request.type === 'user' || request.type === 'group';
    if (request.message !== undefined && (!personal || request.sendNotification === false)) {
      throw failure(
        'InvalidArgument',
        'A message goes out with a notification email to a user or group only.',
        call,
        'Leave message out, or let sendNotification be true.',
      );
    }
    const file = await this.resource(ref, call);
    const notify = request.sendNotification ?? request.message !== undefined;
    const { data } = await this.client.call(call, (opts) =>
      this.client.api.permissions.create(
        {
          fileId: file.id as string,
          requestBody: body,
          supportsAllDrives: true,
          fields: PERMISSION_FIELDS,
          ...(personal ? { sendNotificationEmail: notify } : {}),
          ...(request.message !== undefined ? { emailMessage: request.message } : {}),
        },
        opts,
      ),
    );
    return toPermission(data, file.webViewLink ?? undefined);
  }

  async removePermission(
    ref: ItemRef,
    permissionId: string,
    options?: OperationOptions,
  ): Promise<void> {
    const call = context('removePermission', describeRef(ref), options);
    const fileId = await this.idOf(ref, call);
    await this.client.call(call, (opts) =>
      this.client.api.permissions.delete({ fileId, permissionId, supportsAllDrives: true }, opts),
    );
  }

  async createShareLink(
    ref: ItemRef,
    request: ShareLinkRequest,
    options?: OperationOptions,
  ): Promise<ShareLink> {
    const call = context('createShareLink', describeRef(ref), options);
    const body = await linkBody(
      request,
      () => this.userDomain(call),
      'createShareLink',
      describeRef(ref),
    );
    const file = await this.resource(ref, call);
    const { data } = await this.client.call(call, (opts) =>
      this.client.api.permissions.create(
        {
          fileId: file.id as string,
          requestBody: body,
          supportsAllDrives: true,
          fields: PERMISSION_FIELDS,
        },
        opts,
      ),
    );
    const link = toShareLink(data, file.webViewLink ?? '');
    if (!link || !file.webViewLink)
      throw failure('Internal', 'Google Drive shared the file but gave no link to it.', call);
    return link;
  }

  async listShareLinks(ref: ItemRef, options?: OperationOptions): Promise<ShareLink[]> {
    const call = context('listShareLinks', describeRef(ref), options);
    const file = await this.resource(ref, call);
    const links: ShareLink[] = [];
    for (const permission of await this.permissionsOf(file.id as string, call)) {
      const link = toShareLink(permission, file.webViewLink ?? '');
      if (link) links.push(link);
    }
    return links;
  }

  async revokeShareLink(ref: ItemRef, linkId: string, options?: OperationOptions): Promise<void> {
    await this.removePermission(ref, linkId, options);
  }

  passthrough(request: PassthroughRequest): Promise<Response> {
    // A raw request may add names to folders this provider believes it knows.
    if (!/^(GET|HEAD)$/i.test(request.method)) this.ctx.names.clear();
    const absolute = /^https?:\/\//i.test(request.path);
    const base = absolute
      ? request.path
      : `${this.client.apiBaseUrl}/drive/v3${request.path.startsWith('/') ? '' : '/'}${request.path}`;
    const query = new URLSearchParams(request.query ?? {}).toString();
    const url = query === '' ? base : `${base}${base.includes('?') ? '&' : '?'}${query}`;
    return this.client.send({
      method: request.method,
      url,
      ...(request.headers ? { headers: request.headers } : {}),
      ...(request.body !== undefined && request.body !== null ? { body: request.body } : {}),
      redirect: 'manual',
      signal: request.signal,
      operation: 'passthrough',
      target: request.path,
    });
  }

  /**
   * The page size to ask Drive for: the caller's, within Drive's limit, or else the limit itself,
   * since Drive's own default of 100 would take ten requests where one does.
   */
  private pageSizeOf(requested: number | undefined): number {
    const max = this.capabilities.listPageSizeMax;
    return requested !== undefined ? Math.max(1, Math.min(requested, max)) : max;
  }

  /** The resource an ItemRef names: by id, or through the path resolver. */
  private async resource(ref: ItemRef, call: CallContext): Promise<DriveFileResource> {
    const file =
      ref.id !== undefined
        ? await getFile(this.ctx, ref.id, call)
        : await this.resolver.resolve(ref.path, call);
    if (ref.path === '/' && file.id) this.rootIds.add(file.id);
    return file;
  }

  private async idOf(ref: ItemRef, call: CallContext): Promise<string> {
    if (ref.id !== undefined) return ref.id;
    if (ref.path === '/') return this.ctx.rootId;
    return (await this.resolver.resolve(ref.path, call)).id as string;
  }

  /** A folder's id, checked to be a folder: NotAFolder for a file, by path or by id. */
  private async folderIdOf(folder: ItemRef, call: CallContext): Promise<string> {
    if (folder.path !== undefined) return this.resolver.folderId(folder.path, call);
    const file = await getFile(this.ctx, folder.id, call);
    if (!isFolderResource(file))
      throw failure('NotAFolder', `${describeRef(folder)} is a file, not a folder.`, call);
    return file.id as string;
  }

  private async entry(file: DriveFileResource, call: CallContext, raw: boolean): Promise<Entry> {
    return toEntry(file, { raw, root: await this.isRoot(file, call) });
  }

  /** True for the root folder of the selected drive (My Drive's real id is learnt once). */
  private async isRoot(file: DriveFileResource, call: CallContext): Promise<boolean> {
    if (file.id && this.rootIds.has(file.id)) return true;
    if (file.parents?.length || !isFolderResource(file)) return false;
    const root = await getFile(this.ctx, this.ctx.rootId, call);
    if (root.id) this.rootIds.add(root.id);
    return root.id === file.id;
  }

  private sameRoot(a: string | undefined, b: string): boolean {
    return a !== undefined && this.rootIds.has(a) && this.rootIds.has(b);
  }

  private checkReadable(
    file: DriveFileResource,
    exportFormat: string | undefined,
    call: CallContext,
  ): void {
    if (isFolderResource(file))
      throw failure('NotAFile', `${call.target ?? 'This item'} is a folder.`, call);
    if (isGoogleDoc(file) && exportFormat === undefined) {
      const formats = Object.keys(file.exportLinks ?? {});
      throw failure(
        'Unsupported',
        `${call.target ?? 'This item'} is a Google document (${file.mimeType}); it has no bytes to download.`,
        call,
        formats.length > 0
          ? `Read it with { exportFormat } set to one of: ${formats.join(', ')}.`
          : 'This kind of document cannot be exported.',
      );
    }
    if (!isGoogleDoc(file) && exportFormat !== undefined) {
      throw failure(
        'Unsupported',
        `${call.target ?? 'This item'} is not a Google document, so it has no export formats.`,
        call,
        'Read it without exportFormat.',
      );
    }
  }

  private async download(
    fileId: string,
    options: ReadOptions,
    call: CallContext,
  ): Promise<ReadResult> {
    const range = options.range;
    const rangeHeader = range
      ? {
          range: `bytes=${range.offset}-${range.length !== undefined ? range.offset + range.length - 1 : ''}`,
        }
      : undefined;
    const exportFormat = options.exportFormat;
    const response =
      exportFormat !== undefined
        ? await this.client.call(call, (opts) =>
            this.client.api.files.export(
              { fileId, mimeType: exportFormat },
              { ...opts, responseType: 'stream' },
            ),
          )
        : await this.client.call(
            call,
            (opts) =>
              this.client.api.files.get(
                { fileId, alt: 'media', supportsAllDrives: true },
                { ...opts, responseType: 'stream' },
              ),
            rangeHeader ? { headers: rangeHeader } : {},
          );
    const body = response.data as unknown as ReadableStream<Uint8Array>;
    const length = Number(response.headers['content-length'] ?? Number.NaN);
    // A 200 to a ranged request means the whole file came: cut the window out here.
    const skip = range && response.status !== 206 ? range.offset : 0;
    const limit = range?.length;
    const available = Number.isFinite(length) ? Math.max(0, length - skip) : undefined;
    const size =
      available === undefined
        ? undefined
        : limit !== undefined
          ? Math.min(limit, available)
          : available;
    return {
      stream: downloadStream(body, { skip, ...(limit !== undefined ? { limit } : {}) }, (err) =>
        networkError(err, options.signal, { operation: call.operation, target: call.target }),
      ),
      ...(size !== undefined ? { size } : {}),
    };
  }

  /**
   * The name a moved or copied item gets under the conflict policy, marked taken in the folder.
   * A name known to be free needs no look (see KnownNames).
   */
  private async claimName(
    dest: Destination,
    parentId: string,
    self: string | undefined,
    conflict: TransferOptions['conflict'],
    call: CallContext,
  ): Promise<string> {
    if (await this.ctx.names.claim(parentId, dest.name, () => listNames(this.ctx, parentId, call)))
      return dest.name;
    const name = await this.applyConflict(dest, parentId, self, conflict, call);
    this.ctx.names.take(parentId, name);
    return name;
  }

  /**
   * Looks the name up: `fail` refuses a taken name, `rename` numbers it, `replace` trashes the
   * file that has it (never a folder).
   */
  private async applyConflict(
    dest: Destination,
    parentId: string,
    self: string | undefined,
    conflict: TransferOptions['conflict'],
    call: CallContext,
  ): Promise<string> {
    const taken = (await this.resolver.children(parentId, dest.name, call)).filter(
      (file) => file.id !== self,
    );
    if (taken.length === 0) return dest.name;
    if (conflict === 'rename') return freeName(this.ctx, parentId, dest.name, call);
    const target = destinationTarget(dest);
    const victim =
      conflict === 'replace' ? this.resolver.pick(taken, target, call.operation) : undefined;
    if (!victim || isFolderResource(victim)) {
      throw failure(
        'AlreadyExists',
        `${target} already exists on Google Drive (id ${taken.map((f) => f.id).join(', ')}).`,
        call,
      );
    }
    await this.client.call(call, (opts) =>
      this.client.api.files.update(
        {
          fileId: victim.id as string,
          requestBody: { trashed: true },
          fields: 'id',
          supportsAllDrives: true,
        },
        opts,
      ),
    );
    return dest.name;
  }

  /** InvalidArgument when `parentId` is the folder itself or lies below it. */
  private async refuseCycle(folderId: string, parentId: string, call: CallContext): Promise<void> {
    let current: string | undefined = parentId;
    for (let depth = 0; current !== undefined && depth < 256; depth++) {
      if (current === folderId) {
        throw failure(
          'InvalidArgument',
          `Cannot move ${call.target ?? folderId} into itself or one of its subfolders.`,
          call,
          'Choose a destination outside the folder.',
        );
      }
      if (this.rootIds.has(current)) return;
      const parent: DriveFileResource = await getFile(this.ctx, current, call);
      current = parent.parents?.[0] ?? undefined;
    }
  }

  /** True when a search hit lies below `folderId`; parents are looked up once per search. */
  private async isInside(
    file: DriveFileResource,
    folderId: string,
    parents: Map<string, string | undefined>,
    call: CallContext,
  ): Promise<boolean> {
    let current = file.parents?.[0] ?? undefined;
    for (let depth = 0; current !== undefined && depth < 256; depth++) {
      if (current === folderId) return true;
      if (this.rootIds.has(current)) return false;
      if (!parents.has(current)) {
        const id = current;
        parents.set(id, (await getFile(this.ctx, id, call)).parents?.[0] ?? undefined);
      }
      current = parents.get(current);
    }
    return false;
  }

  private async permissionsOf(fileId: string, call: CallContext): Promise<DrivePermission[]> {
    const out: DrivePermission[] = [];
    let pageToken: string | undefined;
    do {
      const token = pageToken;
      const { data } = await this.client.call(call, (opts) =>
        this.client.api.permissions.list(
          {
            fileId,
            supportsAllDrives: true,
            fields: `nextPageToken,permissions(${PERMISSION_FIELDS})`,
            ...(token !== undefined ? { pageToken: token } : {}),
          },
          opts,
        ),
      );
      out.push(...(data.permissions ?? []));
      pageToken = data.nextPageToken ?? undefined;
    } while (pageToken !== undefined);
    return out;
  }

  /** The domain of the signed-in user's email, for organisation-wide links. */
  private async userDomain(call: CallContext): Promise<string> {
    const { data } = await this.client.call(call, (opts) =>
      this.client.api.about.get({ fields: 'user(emailAddress)' }, opts),
    );
    const email = data.user?.emailAddress ?? '';
    const at = email.lastIndexOf('@');
    if (at === -1)
      throw failure('Internal', 'Google Drive did not say which account is signed in.', call);
    return email.slice(at + 1);
  }

  private refuseIfMatch(ifMatch: string | undefined, call: CallContext): void {
    if (ifMatch !== undefined) {
      throw failure(
        'Unsupported',
        'Google Drive v3 has no conditional writes (If-Match).',
        call,
        "Leave ifMatch out; check the item's etag with stat first if you must.",
      );
    }
  }
}

/** The key under which writes of one name in one folder wait for each other. */
function nameKey(parentId: string, name: string): string {
  return `${parentId}\u0000${name}`;
}
