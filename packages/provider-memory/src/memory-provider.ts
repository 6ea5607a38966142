import { randomUUID } from 'node:crypto';
import {
  type Capabilities,
  type Change,
  type ChangesPage,
  type ChunkOptions,
  type ChunkResult,
  type ConflictPolicy,
  type CreateFolderOptions,
  type CreateUploadOptions,
  concatBytes,
  type DeleteOptions,
  type Destination,
  type DriveInfo,
  describeRef,
  type Entry,
  type FileEntry,
  type FolderEntry,
  firstFreeName,
  hashBytes,
  type ItemRef,
  type ListPage,
  type ListPageOptions,
  type OperationOptions,
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
  throwIfAborted,
  type UploadState,
  type WriteOptions,
} from '@polydrive/core';
import { memoryCapabilities } from './capabilities.js';
import { type MemoryNode, MemoryTree } from './tree.js';

/** Options of the memory provider. */
export interface MemoryProviderOptions {
  /** Storage limit in bytes; writes past it fail with QuotaExceeded. */
  readonly quotaBytes?: number;
  /** Overrides of the capability record, e.g. a small `listPageSizeMax` for tests. */
  readonly capabilities?: Partial<Capabilities>;
  readonly accountKey?: string;
  /** How long an upload session lives, in ms (default one day). */
  readonly sessionTtlMs?: number;
  /** Clock, for tests of expiry. */
  readonly now?: () => Date;
}

interface Session {
  readonly id: string;
  readonly parts: Uint8Array[];
  received: number;
  expiresAt: number;
}

/** Creates an in-memory provider: a whole drive in a Map, for tests and examples. */
export function createMemoryProvider(options: MemoryProviderOptions = {}): MemoryProvider {
  return new MemoryProvider(options);
}

/** A Provider that keeps everything in memory. Every instance is a separate, empty drive. */
export class MemoryProvider implements Provider {
  readonly name = 'memory';
  readonly capabilities: Capabilities;
  readonly accountKey: string;
  private readonly tree: MemoryTree;
  private readonly now: () => Date;
  private readonly sessions = new Map<string, Session>();
  private readonly log: Change[] = [];
  private readonly permissionsById = new Map<string, Permission[]>();
  private readonly quotaBytes: number | undefined;
  private readonly sessionTtlMs: number;

  constructor(options: MemoryProviderOptions = {}) {
    this.capabilities = { ...memoryCapabilities, ...options.capabilities };
    this.accountKey = options.accountKey ?? `memory:${randomUUID()}`;
    this.now = options.now ?? (() => new Date());
    this.tree = new MemoryTree(this.now());
    this.quotaBytes = options.quotaBytes;
    this.sessionTtlMs = options.sessionTtlMs ?? 24 * 3600_000;
  }

  async stat(ref: ItemRef, options?: StatOptions): Promise<Entry> {
    throwIfAborted(options?.signal, 'stat');
    return this.toEntry(this.tree.resolve(ref, 'stat'), options?.raw);
  }

  async listPage(folder: ItemRef, options: ListPageOptions = {}): Promise<ListPage> {
    throwIfAborted(options.signal, 'listPage');
    const node = this.tree.resolveFolder(folder, 'listPage');
    const size = Math.min(
      options.pageSize ?? this.capabilities.listPageSizeMax,
      this.capabilities.listPageSizeMax,
    );
    const after = options.cursor === undefined ? undefined : decodeCursor(options.cursor);
    const rest = this.tree.childrenOf(node.id).filter((c) => after === undefined || c.name > after);
    const page = rest.slice(0, size);
    const last = page[page.length - 1];
    return {
      entries: page.map((c) => this.toEntry(c, options.raw)),
      ...(rest.length > size && last ? { cursor: encodeCursor(last.name) } : {}),
    };
  }

  async read(file: ItemRef, options: ReadOptions = {}): Promise<ReadResult> {
    throwIfAborted(options.signal, 'read');
    if (options.exportFormat !== undefined) {
      throw new PolydriveError('Unsupported', {
        message: 'The memory provider has no native documents to export.',
        provider: this.name,
        operation: 'read',
        target: describeRef(file),
      });
    }
    const node = this.requireFile(file, 'read');
    const start = Math.min(options.range?.offset ?? 0, node.data.byteLength);
    const end =
      options.range?.length === undefined
        ? node.data.byteLength
        : Math.min(start + options.range.length, node.data.byteLength);
    // Copy, so a later overwrite of the file cannot change bytes a reader has not taken yet.
    const bytes = node.data.slice(start, end);
    return {
      size: bytes.byteLength,
      stream: new ReadableStream<Uint8Array>({
        start(controller) {
          if (bytes.byteLength > 0) controller.enqueue(bytes);
          controller.close();
        },
      }),
    };
  }

  async writeSmall(dest: Destination, data: Uint8Array, options: WriteOptions): Promise<FileEntry> {
    throwIfAborted(options.signal, 'writeSmall');
    return this.commitFile(dest, data.slice(), options, 'writeSmall');
  }

  async createUploadSession(dest: Destination, options: CreateUploadOptions): Promise<UploadState> {
    throwIfAborted(options.signal, 'createUploadSession');
    this.tree.resolveFolder(dest.parent, 'createUploadSession');
    const session: Session = {
      id: randomUUID(),
      parts: [],
      received: 0,
      expiresAt: this.now().getTime() + this.sessionTtlMs,
    };
    this.sessions.set(session.id, session);
    return {
      version: 1,
      provider: this.name,
      destination: dest,
      size: options.size ?? null,
      chunkSize: options.chunkSize,
      offset: 0,
      conflict: options.conflict,
      ...(options.mimeType ? { mimeType: options.mimeType } : {}),
      createdAt: this.now().toISOString(),
      expiresAt: new Date(session.expiresAt).toISOString(),
      session: { id: session.id, ...(options.ifMatch ? { ifMatch: options.ifMatch } : {}) },
    };
  }

  async uploadChunk(
    state: UploadState,
    chunk: Uint8Array,
    options: ChunkOptions,
  ): Promise<ChunkResult> {
    throwIfAborted(options.signal, 'uploadChunk');
    const session = this.session(state, 'uploadChunk');
    if (state.offset !== session.received) {
      throw new PolydriveError('InvalidArgument', {
        message: `The chunk starts at byte ${state.offset} but the session has ${session.received} bytes.`,
        advice: 'Ask uploadStatus for the offset and continue from there.',
        provider: this.name,
        operation: 'uploadChunk',
      });
    }
    const total = session.received + chunk.byteLength;
    if (state.size !== null && (total > state.size || (options.final && total !== state.size))) {
      throw new PolydriveError('InvalidArgument', {
        message: `The upload was declared as ${state.size} bytes but ${options.final ? 'ended at' : 'reached'} ${total}.`,
        advice: 'Pass the exact size of the source, or none if it is not known.',
        provider: this.name,
        operation: 'uploadChunk',
      });
    }
    session.parts.push(chunk.slice());
    session.received = total;
    session.expiresAt = this.now().getTime() + this.sessionTtlMs;
    const advanced: UploadState = { ...state, offset: total };
    if (!options.final) return { state: advanced };
    const data = concatBytes(session.parts, total);
    const ifMatch = typeof state.session.ifMatch === 'string' ? state.session.ifMatch : undefined;
    const entry = this.commitFile(
      state.destination,
      data,
      { conflict: state.conflict, mimeType: state.mimeType, ...(ifMatch ? { ifMatch } : {}) },
      'uploadChunk',
    );
    this.sessions.delete(session.id);
    return { state: advanced, entry };
  }

  async uploadStatus(state: UploadState, options?: OperationOptions): Promise<UploadState> {
    throwIfAborted(options?.signal, 'uploadStatus');
    return { ...state, offset: this.session(state, 'uploadStatus').received };
  }

  async abortUpload(state: UploadState, options?: OperationOptions): Promise<void> {
    throwIfAborted(options?.signal, 'abortUpload');
    this.sessions.delete(String(state.session.id));
  }

  async createFolder(
    parent: ItemRef,
    name: string,
    options: CreateFolderOptions,
  ): Promise<FolderEntry> {
    throwIfAborted(options.signal, 'createFolder');
    const folder = this.tree.resolveFolder(parent, 'createFolder');
    const finalName = this.claimName(folder, name, options.conflict, 'createFolder');
    const now = this.now();
    const node: MemoryNode = {
      id: this.tree.newId(),
      name: finalName,
      parentId: folder.id,
      kind: 'folder',
      data: new Uint8Array(0),
      createdAt: now,
      modifiedAt: now,
      version: 1,
    };
    this.tree.attach(node);
    this.touch(folder);
    const entry = this.toEntry(node) as FolderEntry;
    this.log.push({ type: 'upsert', entry });
    return entry;
  }

  async move(ref: ItemRef, dest: Destination, options: TransferOptions): Promise<Entry> {
    throwIfAborted(options.signal, 'move');
    const node = this.tree.resolve(ref, 'move');
    this.checkIfMatch(node, options.ifMatch, 'move');
    const folder = this.tree.resolveFolder(dest.parent, 'move');
    if (node.parentId === undefined)
      throw this.invalid('The root folder cannot be moved.', 'move', ref);
    if (node.kind === 'folder' && this.tree.isInside(folder, node.id)) {
      throw this.invalid('A folder cannot be moved into itself or its own subfolder.', 'move', ref);
    }
    if (folder.id === node.parentId && dest.name === node.name) return this.toEntry(node);
    const name = this.claimName(folder, dest.name, options.conflict, 'move', node.id);
    this.tree.detach(node);
    const oldParent = this.tree.get(node.parentId);
    node.name = name;
    node.parentId = folder.id;
    node.version++;
    this.tree.attach(node);
    if (oldParent) this.touch(oldParent);
    this.touch(folder);
    const entry = this.toEntry(node);
    this.log.push({ type: 'upsert', entry });
    return entry;
  }

  async copy(ref: ItemRef, dest: Destination, options: TransferOptions): Promise<Entry> {
    throwIfAborted(options.signal, 'copy');
    const node = this.tree.resolve(ref, 'copy');
    const folder = this.tree.resolveFolder(dest.parent, 'copy');
    if (node.kind === 'folder' && this.tree.isInside(folder, node.id)) {
      throw this.invalid(
        'A folder cannot be copied into itself or its own subfolder.',
        'copy',
        ref,
      );
    }
    if (node.kind === 'file') this.reserve(node.data.byteLength, 'copy');
    const name = this.claimName(folder, dest.name, options.conflict, 'copy');
    const copy = this.cloneInto(node, folder.id, name);
    this.touch(folder);
    return this.toEntry(copy);
  }

  async delete(ref: ItemRef, options: DeleteOptions = {}): Promise<void> {
    throwIfAborted(options.signal, 'delete');
    const node = this.tree.resolve(ref, 'delete');
    if (node.parentId === undefined)
      throw this.invalid('The root folder cannot be deleted.', 'delete', ref);
    this.checkIfMatch(node, options.ifMatch, 'delete');
    const parent = this.tree.get(node.parentId);
    const path = this.tree.pathOf(node);
    for (const gone of this.tree.remove(node)) {
      this.permissionsById.delete(gone.id);
      this.log.push({ type: 'delete', id: gone.id, ...(gone === node ? { path } : {}) });
    }
    if (parent) this.touch(parent);
  }

  async search(query: SearchQuery, options: SearchOptions = {}): Promise<ListPage> {
    throwIfAborted(options.signal, 'search');
    const text = query.text.toLowerCase();
    const within = query.within ? this.tree.resolveFolder(query.within, 'search') : undefined;
    const matches = [...this.tree.all()]
      .filter((n) => n.parentId !== undefined && n.name.toLowerCase().includes(text))
      .filter((n) => !within || (n.id !== within.id && this.tree.isInside(n, within.id)))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    const start = options.cursor === undefined ? 0 : Number(decodeCursor(options.cursor));
    const size = Math.min(options.pageSize ?? 100, this.capabilities.listPageSizeMax);
    const page = matches.slice(start, start + size);
    return {
      entries: page.map((n) => this.toEntry(n)),
      ...(start + size < matches.length ? { cursor: encodeCursor(String(start + size)) } : {}),
    };
  }

  async changes(cursor: string | undefined, options?: OperationOptions): Promise<ChangesPage> {
    throwIfAborted(options?.signal, 'changes');
    if (cursor === undefined)
      return { changes: [], cursor: encodeCursor(String(this.log.length)), hasMore: false };
    const from = Number(decodeCursor(cursor));
    if (!Number.isInteger(from) || from < 0 || from > this.log.length) {
      throw new PolydriveError('InvalidArgument', {
        message: 'The change cursor is not one this drive issued.',
        advice: 'Start again with changes() and no cursor.',
        provider: this.name,
        operation: 'changes',
      });
    }
    const pageEnd = Math.min(from + 500, this.log.length);
    return {
      changes: this.log.slice(from, pageEnd),
      cursor: encodeCursor(String(pageEnd)),
      hasMore: pageEnd < this.log.length,
    };
  }

  async about(options?: OperationOptions): Promise<DriveInfo> {
    throwIfAborted(options?.signal, 'about');
    const used = this.tree.usedBytes();
    return {
      id: this.accountKey,
      name: 'Memory drive',
      driveType: 'memory',
      quota: {
        used,
        ...(this.quotaBytes !== undefined
          ? { total: this.quotaBytes, remaining: Math.max(0, this.quotaBytes - used) }
          : {}),
      },
    };
  }

  async listPermissions(ref: ItemRef, options?: OperationOptions): Promise<Permission[]> {
    throwIfAborted(options?.signal, 'listPermissions');
    const node = this.tree.resolve(ref, 'listPermissions');
    return [...(this.permissionsById.get(node.id) ?? [])];
  }

  async addPermission(
    ref: ItemRef,
    request: PermissionRequest,
    options?: OperationOptions,
  ): Promise<Permission> {
    throwIfAborted(options?.signal, 'addPermission');
    const node = this.tree.resolve(ref, 'addPermission');
    if ((request.type === 'user' || request.type === 'group') && !request.email) {
      throw this.invalid(
        `A ${request.type} permission needs an email address.`,
        'addPermission',
        ref,
      );
    }
    if (request.type === 'domain' && !request.domain) {
      throw this.invalid('A domain permission needs a domain.', 'addPermission', ref);
    }
    const permission: Permission = {
      id: randomUUID(),
      type: request.type,
      role: request.role,
      ...(request.email ? { email: request.email } : {}),
      ...(request.domain ? { domain: request.domain } : {}),
    };
    this.permissionsById.set(node.id, [...(this.permissionsById.get(node.id) ?? []), permission]);
    return permission;
  }

  async removePermission(
    ref: ItemRef,
    permissionId: string,
    options?: OperationOptions,
  ): Promise<void> {
    throwIfAborted(options?.signal, 'removePermission');
    const node = this.tree.resolve(ref, 'removePermission');
    const list = this.permissionsById.get(node.id) ?? [];
    if (!list.some((p) => p.id === permissionId)) {
      throw new PolydriveError('NotFound', {
        message: `No permission ${permissionId} on ${describeRef(ref)}.`,
        provider: this.name,
        operation: 'removePermission',
        target: describeRef(ref),
      });
    }
    this.permissionsById.set(
      node.id,
      list.filter((p) => p.id !== permissionId),
    );
  }

  async createShareLink(
    ref: ItemRef,
    request: ShareLinkRequest,
    options?: OperationOptions,
  ): Promise<ShareLink> {
    throwIfAborted(options?.signal, 'createShareLink');
    const role = request.role ?? 'reader';
    const scope = request.scope ?? 'anyone';
    const existing = (await this.listShareLinks(ref)).find(
      (l) => l.role === role && l.scope === scope,
    );
    if (existing) return existing;
    const node = this.tree.resolve(ref, 'createShareLink');
    const id = randomUUID();
    const url = `memory://share/${id}`;
    const permission: Permission = {
      id,
      type: scope === 'anyone' ? 'anyone' : 'domain',
      role,
      link: { url, scope },
      ...(request.expiresAt ? { expiresAt: request.expiresAt } : {}),
    };
    this.permissionsById.set(node.id, [...(this.permissionsById.get(node.id) ?? []), permission]);
    return { id, url, role, scope, ...(request.expiresAt ? { expiresAt: request.expiresAt } : {}) };
  }

  async listShareLinks(ref: ItemRef, options?: OperationOptions): Promise<ShareLink[]> {
    const links: ShareLink[] = [];
    for (const p of await this.listPermissions(ref, options)) {
      if (!p.link || p.role === 'owner') continue;
      links.push({
        id: p.id,
        url: p.link.url,
        role: p.role,
        scope: p.link.scope,
        ...(p.expiresAt ? { expiresAt: p.expiresAt } : {}),
      });
    }
    return links;
  }

  async revokeShareLink(ref: ItemRef, linkId: string, options?: OperationOptions): Promise<void> {
    await this.removePermission(ref, linkId, options);
  }

  private commitFile(
    dest: Destination,
    data: Uint8Array,
    options: WriteOptions,
    operation: string,
  ): FileEntry {
    const folder = this.tree.resolveFolder(dest.parent, operation);
    const existingId = this.tree.childId(folder.id, dest.name);
    const existing = existingId === undefined ? undefined : this.tree.get(existingId);
    if (options.ifMatch !== undefined) {
      if (!existing) {
        throw new PolydriveError('PreconditionFailed', {
          message: `ifMatch was given but nothing exists at ${dest.name} any more.`,
          provider: this.name,
          operation,
          target: dest.name,
        });
      }
      this.checkIfMatch(existing, options.ifMatch, operation);
    }
    const replacing = existing && options.conflict === 'replace';
    if (replacing && existing.kind === 'folder') {
      throw new PolydriveError('AlreadyExists', {
        message: `A folder named ${JSON.stringify(dest.name)} is in the way.`,
        advice: 'Delete the folder first, or write under another name.',
        provider: this.name,
        operation,
        target: dest.name,
      });
    }
    this.reserve(data.byteLength - (replacing ? existing.data.byteLength : 0), operation);
    const now = this.now();
    let node: MemoryNode;
    if (replacing) {
      node = existing;
      node.data = data;
      node.modifiedAt = now;
      node.version++;
    } else {
      const name = this.claimName(folder, dest.name, options.conflict, operation);
      node = {
        id: this.tree.newId(),
        name,
        parentId: folder.id,
        kind: 'file',
        data,
        createdAt: now,
        modifiedAt: options.modifiedAt ?? now,
        version: 1,
      };
      this.tree.attach(node);
    }
    if (options.mimeType) node.mimeType = options.mimeType;
    node.sha256 = hashBytes('sha256', data);
    this.touch(folder);
    const entry = this.toEntry(node) as FileEntry;
    this.log.push({ type: 'upsert', entry });
    return entry;
  }

  /** Returns a free name in the folder for the policy, or throws AlreadyExists. */
  private claimName(
    folder: MemoryNode,
    name: string,
    conflict: ConflictPolicy,
    operation: string,
    movingId?: string,
  ): string {
    const takenBy = this.tree.childId(folder.id, name);
    if (takenBy === undefined || takenBy === movingId) return name;
    if (conflict === 'rename') {
      return firstFreeName(name, (n) => this.tree.childId(folder.id, n) !== undefined);
    }
    if (conflict === 'replace') {
      const victim = this.tree.get(takenBy) as MemoryNode;
      for (const gone of this.tree.remove(victim)) this.log.push({ type: 'delete', id: gone.id });
      return name;
    }
    throw new PolydriveError('AlreadyExists', {
      message: `${JSON.stringify(name)} already exists in ${this.tree.pathOf(folder)}.`,
      provider: this.name,
      operation,
      target: name,
    });
  }

  private cloneInto(node: MemoryNode, parentId: string, name: string): MemoryNode {
    const now = this.now();
    const copy: MemoryNode = {
      ...node,
      id: this.tree.newId(),
      name,
      parentId,
      createdAt: now,
      modifiedAt: now,
      version: 1,
    };
    this.tree.attach(copy);
    this.log.push({ type: 'upsert', entry: this.toEntry(copy) });
    if (node.kind === 'folder') {
      for (const child of this.tree.childrenOf(node.id)) this.cloneInto(child, copy.id, child.name);
    }
    return copy;
  }

  private reserve(bytes: number, operation: string): void {
    if (this.quotaBytes === undefined || bytes <= 0) return;
    if (this.tree.usedBytes() + bytes > this.quotaBytes) {
      throw new PolydriveError('QuotaExceeded', {
        message: `Storing ${bytes} more bytes would pass the ${this.quotaBytes}-byte quota.`,
        provider: this.name,
        operation,
      });
    }
  }

  private requireFile(ref: ItemRef, operation: string): MemoryNode {
    const node = this.tree.resolve(ref, operation);
    if (node.kind !== 'file') {
      throw new PolydriveError('NotAFile', {
        message: `${describeRef(ref)} is a folder.`,
        provider: this.name,
        operation,
        target: describeRef(ref),
      });
    }
    return node;
  }

  private session(state: UploadState, operation: string): Session {
    const session = this.sessions.get(String(state.session.id));
    if (!session || session.expiresAt < this.now().getTime()) {
      if (session) this.sessions.delete(session.id);
      throw new PolydriveError('NotFound', {
        message: 'The upload session does not exist or has expired.',
        advice: 'Start the upload again from the beginning.',
        provider: this.name,
        operation,
      });
    }
    return session;
  }

  private checkIfMatch(node: MemoryNode, ifMatch: string | undefined, operation: string): void {
    if (ifMatch !== undefined && ifMatch !== etagOf(node)) {
      throw new PolydriveError('PreconditionFailed', {
        message: `${this.tree.pathOf(node)} changed since its etag ${ifMatch} was read.`,
        provider: this.name,
        operation,
        target: this.tree.pathOf(node),
      });
    }
  }

  private touch(folder: MemoryNode): void {
    folder.version++;
    folder.modifiedAt = this.now();
  }

  private invalid(message: string, operation: string, ref: ItemRef): PolydriveError {
    return new PolydriveError('InvalidArgument', {
      message,
      provider: this.name,
      operation,
      target: describeRef(ref),
    });
  }

  private toEntry(node: MemoryNode, raw = false): Entry {
    const base = {
      ...(raw
        ? { raw: { id: node.id, version: node.version, parentId: node.parentId ?? null } }
        : {}),
      id: node.id,
      name: node.name,
      ...(node.parentId !== undefined ? { parentId: node.parentId } : {}),
      path: this.tree.pathOf(node),
      createdAt: node.createdAt,
      modifiedAt: node.modifiedAt,
      etag: etagOf(node),
    };
    if (node.kind === 'folder') {
      return {
        ...base,
        kind: 'folder',
        childCount: this.tree.childrenOf(node.id).length,
        ...(node.parentId === undefined ? { isRoot: true } : {}),
      };
    }
    return {
      ...base,
      kind: 'file',
      size: node.data.byteLength,
      mimeType: node.mimeType ?? 'application/octet-stream',
      hashes: node.sha256 ? { sha256: node.sha256 } : {},
    };
  }
}

function etagOf(node: MemoryNode): string {
  return `"${node.id}.${node.version}"`;
}

function encodeCursor(value: string): string {
  return Buffer.from(value, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string {
  return Buffer.from(cursor, 'base64url').toString('utf8');
}
