import type { Capabilities } from '../capabilities/capabilities.js';
import type { DriveInfo } from '../model/drive-info.js';
import type { Entry, FileEntry, FolderEntry } from '../model/entry.js';
import type {
  Permission,
  PermissionRequest,
  ShareLink,
  ShareLinkRequest,
} from '../model/permission.js';

/**
 * How the Provider SPI names an item: by normalised path (`/a/b.txt`, root `/`) or by the
 * provider's id. The facade validates and normalises paths before a provider sees them.
 */
export type ItemRef =
  | { readonly path: string; readonly id?: undefined }
  | { readonly id: string; readonly path?: undefined };

/** What to do when the target name is taken: fail, replace it, or pick a free name. */
export type ConflictPolicy = 'fail' | 'replace' | 'rename';

/** Where a new item goes: a parent folder and a name in it. */
export interface Destination {
  readonly parent: ItemRef;
  readonly name: string;
}

/** Options every SPI call takes. */
export interface OperationOptions {
  /**
   * Aborts the call. It belongs to the call: after the call settles it may still abort (the
   * timeout layer shares one signal among calls that start together), so only a `read`'s body
   * stream and a `passthrough` response, which get signals of their own, may keep using it.
   */
  readonly signal?: AbortSignal;
}

/** Options of `stat`. */
export interface StatOptions extends OperationOptions {
  /** Include the provider's payload as `raw`. */
  readonly raw?: boolean;
}

/** Options of `listPage`. */
export interface ListPageOptions extends OperationOptions {
  /** Page size wanted; providers return at most this many (and at most `listPageSizeMax`). */
  readonly pageSize?: number;
  /** The cursor from the previous page; absent for the first page. */
  readonly cursor?: string;
  readonly raw?: boolean;
}

/** One page of a listing. No `cursor` means it was the last page. */
export interface ListPage {
  readonly entries: readonly Entry[];
  readonly cursor?: string;
}

/** A byte range: `offset` and, optionally, how many bytes from there (to the end otherwise). */
export interface ByteRange {
  readonly offset: number;
  readonly length?: number;
}

/** Options of `read`. */
export interface ReadOptions extends OperationOptions {
  readonly range?: ByteRange;
  /** For provider-native documents (Google Docs): the MIME type to export to. */
  readonly exportFormat?: string;
}

/** A body being downloaded. */
export interface ReadResult {
  readonly stream: ReadableStream<Uint8Array>;
  /** Bytes the stream will yield, when known. */
  readonly size?: number;
}

/** Options of `writeSmall` and `createUploadSession`. */
export interface WriteOptions extends OperationOptions {
  readonly conflict: ConflictPolicy;
  readonly mimeType?: string;
  /** Replace only if the existing item still has this etag. */
  readonly ifMatch?: string;
  readonly modifiedAt?: Date;
}

/** Options of `createUploadSession`. */
export interface CreateUploadOptions extends WriteOptions {
  /** Total size in bytes; absent when the source length is unknown. */
  readonly size?: number;
  /** Chunk size the facade will send: a multiple of `chunkMultiple`, at most `chunkMaxSize`. */
  readonly chunkSize: number;
}

/** A JSON-safe value, for the provider-specific part of an upload state. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [k: string]: JsonValue };

/**
 * Everything needed to continue an upload session, in another process if need be.
 * It is plain JSON: save it with `JSON.stringify` and hand it to `drive.resumeUpload`.
 */
export interface UploadState {
  readonly version: 1;
  /** The provider type that made it (e.g. `onedrive`). */
  readonly provider: string;
  readonly destination: Destination;
  /** Display path of the destination, when written by path. */
  readonly path?: string;
  /** Total size, or null when unknown until the last chunk. */
  readonly size: number | null;
  readonly chunkSize: number;
  /** Bytes the provider has confirmed. */
  readonly offset: number;
  readonly conflict: ConflictPolicy;
  readonly mimeType?: string;
  readonly createdAt: string;
  readonly expiresAt?: string;
  /**
   * SHA-256 (hex) of the first `offset` source bytes, kept by the facade so that a resumed upload
   * can prove the source it is given is the one it started with. Present only when the writer
   * passed `onState` (only then can the upload be resumed); absent after a resume from a nonzero
   * `sourceOffset`.
   */
  readonly sourceSha256?: string;
  /** Provider-specific session data (upload URL, session id, temp file, ...). Treat as opaque. */
  readonly session: { readonly [k: string]: JsonValue };
}

/** The answer to one chunk: the advanced state, and the entry once the last chunk is in. */
export interface ChunkResult {
  readonly state: UploadState;
  readonly entry?: FileEntry;
}

/** Options of `uploadChunk`. */
export interface ChunkOptions extends OperationOptions {
  /** This chunk ends the file. */
  readonly final: boolean;
}

/** Options of `createFolder`. */
export interface CreateFolderOptions extends OperationOptions {
  readonly conflict: 'fail' | 'rename';
}

/** Options of `move` and `copy`. */
export interface TransferOptions extends OperationOptions {
  readonly conflict: ConflictPolicy;
  readonly ifMatch?: string;
}

/** Options of `delete`. The SPI's delete always removes a folder with everything in it. */
export interface DeleteOptions extends OperationOptions {
  /** Skip the trash where the provider has one. */
  readonly permanent?: boolean;
  readonly ifMatch?: string;
}

/** A search request. */
export interface SearchQuery {
  /** Text to match against names (and content, where the provider indexes it). */
  readonly text: string;
  /** Limit the search to this folder's subtree, where the provider can. */
  readonly within?: ItemRef;
}

/** Options of `search`. */
export interface SearchOptions extends OperationOptions {
  readonly pageSize?: number;
  readonly cursor?: string;
}

/** One change in a change feed. */
export type Change =
  | { readonly type: 'upsert'; readonly entry: Entry }
  | { readonly type: 'delete'; readonly id: string; readonly path?: string };

/** A page of changes: keep `cursor` and call again; `hasMore` says whether to call at once. */
export interface ChangesPage {
  readonly changes: readonly Change[];
  readonly cursor: string;
  readonly hasMore: boolean;
}

/** An authenticated raw request to the provider's API, relative to its API base URL. */
export interface PassthroughRequest extends OperationOptions {
  readonly method: string;
  /** A path relative to the API base (`/me/drive`), or an absolute URL on the provider's hosts. */
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly query?: Record<string, string>;
  readonly body?: RequestInit['body'];
}

/**
 * The Provider SPI: what an adapter implements. Small on purpose; the Drive facade builds
 * everything else (recursive mkdir, walk, streaming copy, chunk planning, hashing checks) on it.
 * Methods marked optional exist only when the matching capability is true.
 */
export interface Provider {
  /** Provider type, e.g. `onedrive`, `local`. */
  readonly name: string;
  readonly capabilities: Capabilities;
  /** Identifies the account, so that layers can share a pacer per account. */
  readonly accountKey: string;

  stat(ref: ItemRef, options?: StatOptions): Promise<Entry>;
  listPage(folder: ItemRef, options?: ListPageOptions): Promise<ListPage>;
  read(file: ItemRef, options?: ReadOptions): Promise<ReadResult>;
  writeSmall(dest: Destination, data: Uint8Array, options: WriteOptions): Promise<FileEntry>;
  createUploadSession(dest: Destination, options: CreateUploadOptions): Promise<UploadState>;
  /**
   * Sends the chunk at `state.offset`. The facade reuses the chunk's buffer for the next chunk once
   * the returned promise settles, so a provider that keeps bytes past that point must copy them.
   */
  uploadChunk(state: UploadState, chunk: Uint8Array, options: ChunkOptions): Promise<ChunkResult>;
  /** The state as the provider sees it now: use its `offset` to continue. */
  uploadStatus(state: UploadState, options?: OperationOptions): Promise<UploadState>;
  abortUpload(state: UploadState, options?: OperationOptions): Promise<void>;
  createFolder(parent: ItemRef, name: string, options: CreateFolderOptions): Promise<FolderEntry>;
  move(ref: ItemRef, dest: Destination, options: TransferOptions): Promise<Entry>;
  copy?(ref: ItemRef, dest: Destination, options: TransferOptions): Promise<Entry>;
  delete(ref: ItemRef, options?: DeleteOptions): Promise<void>;

  search?(query: SearchQuery, options?: SearchOptions): Promise<ListPage>;
  /** With no cursor: a cursor for "now" and no changes. */
  changes?(cursor: string | undefined, options?: OperationOptions): Promise<ChangesPage>;
  about?(options?: OperationOptions): Promise<DriveInfo>;
  listPermissions?(ref: ItemRef, options?: OperationOptions): Promise<Permission[]>;
  addPermission?(
    ref: ItemRef,
    request: PermissionRequest,
    options?: OperationOptions,
  ): Promise<Permission>;
  removePermission?(ref: ItemRef, permissionId: string, options?: OperationOptions): Promise<void>;
  createShareLink?(
    ref: ItemRef,
    request: ShareLinkRequest,
    options?: OperationOptions,
  ): Promise<ShareLink>;
  listShareLinks?(ref: ItemRef, options?: OperationOptions): Promise<ShareLink[]>;
  revokeShareLink?(ref: ItemRef, linkId: string, options?: OperationOptions): Promise<void>;
  passthrough?(request: PassthroughRequest): Promise<Response>;
  /** Releases sockets, timers and caches. */
  close?(): Promise<void>;
}

/** The names of the Provider methods, for layers that wrap every call. */
export type ProviderOperation = {
  [K in keyof Provider]-?: Provider[K] extends ((...args: never[]) => unknown) | undefined
    ? K
    : never;
}[keyof Provider];

/** Renders an ItemRef for messages: the path, or `id:<id>`. */
export function describeRef(ref: ItemRef): string {
  return ref.path ?? `id:${ref.id}`;
}
