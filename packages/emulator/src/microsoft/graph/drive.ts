import type { Clock } from '../../server/clock.js';
import { guid, randomChars, randomToken } from '../../server/random.js';
import type { FileContent } from './content.js';
import { mimeTypeFor } from './names.js';

/** The kinds of OneDrive. */
export type DriveType = 'personal' | 'business';

/** Client-settable times (`fileSystemInfo`), in ms since the epoch. */
export interface FileSystemTimes {
  created?: number;
  modified?: number;
}

/** A sharing permission stored on an item (the owner's is implied, not stored). */
export interface StoredPermission {
  readonly id: string;
  roles: Array<'read' | 'write'>;
  /** For an invitation: who was invited. */
  grantee?: { email: string; displayName?: string; userId?: string };
  /** For a sharing link. */
  link?: { type: string; scope: string; webUrl: string };
}

/** A file or folder in a drive. */
export interface Item {
  readonly id: string;
  readonly kind: 'file' | 'folder';
  /** Stable part of the eTag and cTag. */
  readonly tag: string;
  name: string;
  /** `null` only for the root. */
  parentId: string | null;
  /** Folders: lower-cased child name -> child id. Empty for files. */
  readonly children: Map<string, string>;
  /** Files: the bytes and their hashes. */
  content: FileContent | undefined;
  mimeType: string;
  created: number;
  modified: number;
  fsCreated: number;
  fsModified: number;
  /** Bumped on every change: the eTag. */
  version: number;
  /** Bumped on content changes only: the cTag. */
  contentVersion: number;
  /** The drive's change sequence number at this item's last change (for delta). */
  seq: number;
  description: string | undefined;
  permissions: StoredPermission[];
}

/** An item in the recycle bin: what was deleted (a folder stands for its content too). */
export interface RecycledItem {
  readonly id: string;
  readonly name: string;
  readonly kind: 'file' | 'folder';
  /** Bytes, with everything beneath a folder. */
  readonly size: number;
  /** Names from the root down to the folder it was deleted from. */
  readonly parentPath: readonly string[];
}

/** What delta reports for a deleted item. */
export interface Tombstone {
  readonly id: string;
  readonly name: string;
  readonly parentId: string;
  readonly kind: 'file' | 'folder';
  readonly seq: number;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * One OneDrive: items by id, folder children by case-insensitive name, a change sequence for
 * delta, tombstones of deleted items and the used/deleted byte counts for the quota facet.
 * Every mutation goes through here so eTags, cTags, sizes and change numbers stay consistent.
 */
export class Drive {
  readonly items = new Map<string, Item>();
  readonly tombstones = new Map<string, Tombstone>();
  /** What plain DELETE put aside, by id; permanentDelete bypasses it. */
  readonly recycleBin = new Map<string, RecycledItem>();
  readonly root: Item;
  readonly created: number;
  /** Last change number handed out. */
  seq = 0;
  /** Changes when delta tokens are invalidated: tokens carry it. */
  epoch = randomToken(6);
  used = 0;
  deletedBytes = 0;
  #nextNumber = 101;
  /** Folder id -> its children in name order, dropped whenever that folder's children change. */
  readonly #sorted = new Map<string, readonly Item[]>();

  constructor(
    readonly id: string,
    readonly type: DriveType,
    readonly quotaTotal: number,
    private readonly now: Clock,
  ) {
    this.created = now();
    this.root = this.#newItem('folder', 'root', null, {});
  }

  /** Free bytes. */
  get remaining(): number {
    return Math.max(0, this.quotaTotal - this.used);
  }

  /** A live item by id. */
  get(id: string): Item | undefined {
    return this.items.get(id);
  }

  /** A folder's child by name, case-insensitively. */
  child(folder: Item, name: string): Item | undefined {
    const id = folder.children.get(name.toLowerCase());
    return id === undefined ? undefined : this.items.get(id);
  }

  /**
   * A folder's children, ordered by name. The order is kept until the folder's children change,
   * so paging through a large folder does not sort it again for every page.
   */
  childrenOf(folder: Item): readonly Item[] {
    const cached = this.#sorted.get(folder.id);
    if (cached) return cached;
    const children: Array<{ item: Item; key: string }> = [];
    for (const id of folder.children.values()) {
      const child = this.items.get(id);
      if (child) children.push({ item: child, key: child.name.toLowerCase() });
    }
    const sorted = children
      .sort((a, b) => compareKeys(a.key, b.key) || compareKeys(a.item.name, b.item.name))
      .map(({ item }) => item);
    this.#sorted.set(folder.id, sorted);
    return sorted;
  }

  /** Names from the root down to `item` (empty for the root). */
  pathSegments(item: Item): string[] {
    const names: string[] = [];
    let current: Item | undefined = item;
    while (current && current.parentId !== null) {
      names.push(current.name);
      current = this.items.get(current.parentId);
    }
    return names.reverse();
  }

  /** The chain of folders above `item`, nearest first. */
  ancestors(item: Item): Item[] {
    const chain: Item[] = [];
    let parentId = item.parentId;
    while (parentId !== null) {
      const parent = this.items.get(parentId);
      if (!parent) break;
      chain.push(parent);
      parentId = parent.parentId;
    }
    return chain;
  }

  /** True when `item` is `folder` or lies beneath it. */
  isWithin(item: Item, folder: Item): boolean {
    return item.id === folder.id || this.ancestors(item).some((parent) => parent.id === folder.id);
  }

  /** Bytes in a file, or in everything beneath a folder. */
  sizeOf(item: Item): number {
    if (item.kind === 'file') return item.content?.size ?? 0;
    let total = 0;
    for (const child of this.childrenOf(item)) total += this.sizeOf(child);
    return total;
  }

  /** Every live item beneath `folder`, parents before children. */
  descendants(folder: Item): Item[] {
    const out: Item[] = [];
    const queue = [folder];
    for (let next = queue.shift(); next; next = queue.shift()) {
      for (const child of this.childrenOf(next)) {
        out.push(child);
        if (child.kind === 'folder') queue.push(child);
      }
    }
    return out;
  }

  /** Creates a folder in `parent`; the caller has checked the name and conflicts. */
  createFolder(parent: Item, name: string, times: FileSystemTimes = {}): Item {
    const folder = this.#newItem('folder', name, parent.id, times);
    this.#attach(folder, parent);
    return folder;
  }

  /** Creates a file in `parent`; the caller has checked the name, conflicts and quota. */
  createFile(parent: Item, name: string, content: FileContent, times: FileSystemTimes = {}): Item {
    const file = this.#newItem('file', name, parent.id, times);
    file.content = content;
    this.used += content.size;
    this.#attach(file, parent);
    return file;
  }

  /** Replaces a file's bytes: new eTag and cTag. */
  replaceContent(file: Item, content: FileContent, times: FileSystemTimes = {}): void {
    this.used += content.size - (file.content?.size ?? 0);
    file.content = content;
    file.contentVersion += 1;
    const now = this.now();
    file.fsModified = times.modified ?? now;
    if (times.created !== undefined) file.fsCreated = times.created;
    this.#touch(file, now);
  }

  /** Renames and/or moves an item; the caller has checked names, conflicts and cycles. */
  move(item: Item, parent: Item, name: string): void {
    const oldParent = item.parentId === null ? undefined : this.items.get(item.parentId);
    if (oldParent) this.#detach(item, oldParent);
    item.name = name;
    item.parentId = parent.id;
    this.#attach(item, parent);
    this.#touch(item, this.now());
  }

  /** Changes client-settable metadata. */
  updateMetadata(item: Item, times: FileSystemTimes, description: string | undefined): void {
    if (times.created !== undefined) item.fsCreated = times.created;
    if (times.modified !== undefined) item.fsModified = times.modified;
    if (description !== undefined) item.description = description;
    this.#touch(item, this.now());
  }

  /** Marks an item changed without changing anything else (e.g. its sharing changed). */
  touch(item: Item): void {
    this.#touch(item, this.now());
  }

  /**
   * Deletes an item and everything beneath it; each leaves a tombstone for delta. The item goes to
   * the recycle bin (its bytes counted in `deletedBytes`) unless `permanent`.
   */
  remove(item: Item, options: { permanent?: boolean } = {}): void {
    const parent = item.parentId === null ? undefined : this.items.get(item.parentId);
    if (!options.permanent) {
      const size = this.sizeOf(item);
      this.recycleBin.set(item.id, {
        id: item.id,
        name: item.name,
        kind: item.kind,
        size,
        parentPath: parent ? this.pathSegments(parent) : [],
      });
      this.deletedBytes += size;
    }
    const doomed = item.kind === 'folder' ? [...this.descendants(item).reverse(), item] : [item];
    for (const victim of doomed) {
      const size = victim.kind === 'file' ? (victim.content?.size ?? 0) : 0;
      this.used -= size;
      this.items.delete(victim.id);
      this.#sorted.delete(victim.id);
      this.seq += 1;
      this.tombstones.set(victim.id, {
        id: victim.id,
        name: victim.name,
        parentId: victim.parentId ?? '',
        kind: victim.kind,
        seq: this.seq,
      });
    }
    if (parent) this.#detach(item, parent);
  }

  /** Copies an item (deeply, for a folder) into `parent` under `name`; returns the new item. */
  copy(item: Item, parent: Item, name: string): Item {
    const copy =
      item.kind === 'file' && item.content
        ? this.createFile(parent, name, item.content, {
            created: item.fsCreated,
            modified: item.fsModified,
          })
        : this.createFolder(parent, name, { created: item.fsCreated, modified: item.fsModified });
    if (item.kind === 'folder') {
      for (const child of this.childrenOf(item)) this.copy(child, copy, child.name);
    }
    return copy;
  }

  #newItem(
    kind: 'file' | 'folder',
    name: string,
    parentId: string | null,
    times: FileSystemTimes,
  ): Item {
    const now = this.now();
    this.seq += 1;
    const item: Item = {
      id: this.#newId(),
      kind,
      tag: guid().toUpperCase(),
      name,
      parentId,
      children: new Map(),
      content: undefined,
      mimeType: kind === 'file' ? mimeTypeFor(name) : '',
      created: now,
      modified: now,
      fsCreated: times.created ?? now,
      fsModified: times.modified ?? now,
      version: 1,
      contentVersion: 1,
      seq: this.seq,
      description: undefined,
      permissions: [],
    };
    this.items.set(item.id, item);
    return item;
  }

  #newId(): string {
    if (this.type === 'personal') {
      const id = `${this.id.toUpperCase()}!${this.#nextNumber}`;
      this.#nextNumber += 1;
      return id;
    }
    return `01${randomChars(BASE32, 32)}`;
  }

  #attach(item: Item, parent: Item): void {
    parent.children.set(item.name.toLowerCase(), item.id);
    this.#sorted.delete(parent.id);
    this.#touch(parent, this.now());
  }

  #detach(item: Item, parent: Item): void {
    parent.children.delete(item.name.toLowerCase());
    this.#sorted.delete(parent.id);
    this.#touch(parent, this.now());
  }

  #touch(item: Item, now: number): void {
    item.version += 1;
    item.modified = now;
    this.seq += 1;
    item.seq = this.seq;
  }
}

/** Case-insensitive name order, ties broken by the exact name. */
export function compareNames(a: string, b: string): number {
  return compareKeys(a.toLowerCase(), b.toLowerCase()) || compareKeys(a, b);
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
