import type { Clock } from '../../server/clock.js';
import { randomToken } from '../../server/random.js';
import { newFileId } from '../accounts.js';
import { type Blob, type DriveFile, FOLDER_MIME, isFolder } from './file.js';

/** One entry of the change log that `changes.list` reads. */
export interface ChangeRecord {
  readonly seq: number;
  readonly fileId: string;
  readonly time: number;
  /** The file was deleted for good. */
  readonly removed: boolean;
  /** Where the file was at the time: its shared drive, or My Drive of `ownerId`. */
  readonly driveId: string | undefined;
  readonly ownerId: string;
}

/** What a new file is made of. */
export interface NewFile {
  name: string;
  mimeType: string;
  parentId: string;
  ownerId: string;
  blob?: Blob;
  docText?: string;
  description?: string;
  modified?: number;
  starred?: boolean;
  originalFilename?: string;
  appProperties?: Record<string, string>;
  properties?: Record<string, string>;
}

/**
 * Every file of every account and shared drive, by id (Drive ids are global), with a children
 * index and the change log. Names are not unique: a folder may hold any number of files with the
 * same name. Every mutation goes through here so versions and the change log stay consistent.
 */
export class FileStore {
  readonly #files = new Map<string, DriveFile>();
  readonly #children = new Map<string, Set<string>>();
  /** Bytes of binary files in My Drive, by owner: kept as files change, never recounted. */
  readonly #usage = new Map<string, { total: number; trash: number }>();
  readonly changes: ChangeRecord[] = [];
  #seq = 0;
  #serial = 0;

  constructor(private readonly now: Clock) {}

  /** The number of the last change: anything listed before it changed is still current. */
  get seq(): number {
    return this.#seq;
  }

  /** The number the next change gets; a start page token for "from now on". */
  get nextSeq(): number {
    return this.#seq + 1;
  }

  /** A file by id (trashed ones included). */
  get(id: string): DriveFile | undefined {
    return this.#files.get(id);
  }

  /** Creates a root folder (My Drive, or a shared drive's), which has no parent. */
  createRoot(id: string, name: string, ownerId: string, driveId: string | undefined): DriveFile {
    const now = this.now();
    const root = this.#newFile(id, {
      name,
      mimeType: FOLDER_MIME,
      parentId: '',
      ownerId,
      modified: now,
    });
    root.parents = [];
    root.driveId = driveId;
    this.#files.set(id, root);
    return root;
  }

  /** Creates a file in a parent; the caller has checked access, the parent and the quota. */
  create(spec: NewFile): DriveFile {
    const parent = this.#files.get(spec.parentId);
    const file = this.#newFile(newFileId(), spec);
    file.driveId = parent?.driveId;
    file.trashed = parent?.trashed ?? false;
    this.#files.set(file.id, file);
    this.#count(file, 1);
    this.#link(file.id, spec.parentId);
    this.#record(file);
    return file;
  }

  /** The direct children of a folder, trashed ones included, oldest first. */
  children(folderId: string): DriveFile[] {
    const ids = this.#children.get(folderId);
    if (!ids) return [];
    const out: DriveFile[] = [];
    for (const id of ids) {
      const file = this.#files.get(id);
      if (file) out.push(file);
    }
    return out;
  }

  /** Every file below a folder, parents before children. */
  descendants(folder: DriveFile): DriveFile[] {
    const out: DriveFile[] = [];
    const queue = [folder];
    for (let next = queue.shift(); next; next = queue.shift()) {
      for (const child of this.children(next.id)) {
        out.push(child);
        if (isFolder(child)) queue.push(child);
      }
    }
    return out;
  }

  /** The folders above a file, nearest first. */
  ancestors(file: DriveFile): DriveFile[] {
    const chain: DriveFile[] = [];
    const seen = new Set<string>([file.id]);
    let parentId = file.parents[0];
    while (parentId !== undefined && !seen.has(parentId)) {
      const parent = this.#files.get(parentId);
      if (!parent) break;
      seen.add(parentId);
      chain.push(parent);
      parentId = parent.parents[0];
    }
    return chain;
  }

  /** True when `file` is `folder` or lies below it. */
  isWithin(file: DriveFile, folderId: string): boolean {
    return file.id === folderId || this.ancestors(file).some((parent) => parent.id === folderId);
  }

  /** Every file, in creation order. */
  all(): IterableIterator<DriveFile> {
    return this.#files.values();
  }

  /** Replaces a file's content: a new version and head revision. */
  setContent(file: DriveFile, blob: Blob, userId: string): void {
    this.#count(file, -1);
    file.blob = blob;
    this.#count(file, 1);
    file.headRevisionId = randomToken(24);
    this.touch(file, userId);
  }

  /** Marks a file changed by `userId`: new version, modified time, a change record. */
  touch(file: DriveFile, userId: string, modified?: number): void {
    file.version += 1;
    file.modified = modified ?? this.now();
    file.lastModifyingUserId = userId;
    this.#record(file);
  }

  /** Records a change without touching the file's modified time (sharing, trash). */
  noteChange(file: DriveFile): void {
    file.version += 1;
    this.#record(file);
  }

  /** Moves a file under another folder; its subtree follows into the folder's drive. */
  move(file: DriveFile, parentId: string, userId: string): void {
    const oldParent = file.parents[0];
    if (oldParent !== undefined) this.#children.get(oldParent)?.delete(file.id);
    file.parents = [parentId];
    this.#link(file.id, parentId);
    const driveId = this.#files.get(parentId)?.driveId;
    for (const moved of [file, ...(isFolder(file) ? this.descendants(file) : [])]) {
      if (moved.driveId !== driveId) {
        this.#count(moved, -1);
        moved.driveId = driveId;
        this.#count(moved, 1);
        if (moved !== file) this.noteChange(moved);
      }
    }
    this.touch(file, userId);
  }

  /** Trashes (or restores) a file; a folder's subtree follows, remembering what was trashed on its own. */
  setTrashed(file: DriveFile, trashed: boolean, userId: string): void {
    const now = this.now();
    this.#count(file, -1);
    file.trashed = trashed;
    this.#count(file, 1);
    file.explicitlyTrashed = trashed;
    file.trashedTime = trashed ? now : undefined;
    file.lastModifyingUserId = userId;
    this.noteChange(file);
    if (!isFolder(file)) return;
    for (const child of this.descendants(file)) {
      if (child.explicitlyTrashed) continue;
      this.#count(child, -1);
      child.trashed = trashed;
      this.#count(child, 1);
      child.trashedTime = trashed ? now : undefined;
      this.noteChange(child);
    }
  }

  /** Deletes a file for good, with everything below it; each leaves a removed change. */
  remove(file: DriveFile): void {
    const doomed = isFolder(file) ? [...this.descendants(file).reverse(), file] : [file];
    for (const victim of doomed) {
      const parentId = victim.parents[0];
      if (parentId !== undefined) this.#children.get(parentId)?.delete(victim.id);
      this.#children.delete(victim.id);
      this.#files.delete(victim.id);
      this.#count(victim, -1);
      this.#seq += 1;
      this.changes.push({
        seq: this.#seq,
        fileId: victim.id,
        time: this.now(),
        removed: true,
        driveId: victim.driveId,
        ownerId: victim.ownerId,
      });
    }
  }

  /** Bytes of binary files owned by an account in My Drive: in all, and in the trash. */
  usage(accountId: string): { total: number; trash: number } {
    const usage = this.#usage.get(accountId);
    return { total: usage?.total ?? 0, trash: usage?.trash ?? 0 };
  }

  #newFile(id: string, spec: NewFile): DriveFile {
    const now = this.now();
    this.#serial += 1;
    return {
      id,
      serial: this.#serial,
      name: spec.name,
      mimeType: spec.mimeType,
      parents: [spec.parentId],
      driveId: undefined,
      ownerId: spec.ownerId,
      blob: spec.blob,
      docText: spec.docText,
      created: now,
      modified: spec.modified ?? now,
      version: 1,
      headRevisionId: spec.blob ? randomToken(24) : undefined,
      trashed: false,
      explicitlyTrashed: false,
      trashedTime: undefined,
      starred: spec.starred ?? false,
      description: spec.description,
      originalFilename: spec.originalFilename ?? (spec.blob ? spec.name : undefined),
      appProperties: { ...spec.appProperties },
      properties: { ...spec.properties },
      permissions: [],
      lastModifyingUserId: spec.ownerId,
    };
  }

  /** Adds (`sign` 1) or takes away (-1) what a file counts towards its owner's usage. */
  #count(file: DriveFile, sign: 1 | -1): void {
    if (file.driveId !== undefined || !file.blob) return;
    let usage = this.#usage.get(file.ownerId);
    if (!usage) {
      usage = { total: 0, trash: 0 };
      this.#usage.set(file.ownerId, usage);
    }
    usage.total += sign * file.blob.size;
    if (file.trashed) usage.trash += sign * file.blob.size;
  }

  #link(id: string, parentId: string): void {
    let set = this.#children.get(parentId);
    if (!set) {
      set = new Set();
      this.#children.set(parentId, set);
    }
    set.add(id);
  }

  #record(file: DriveFile): void {
    this.#seq += 1;
    this.changes.push({
      seq: this.#seq,
      fileId: file.id,
      time: this.now(),
      removed: false,
      driveId: file.driveId,
      ownerId: file.ownerId,
    });
  }
}
