import type { Clock } from '../server/clock.js';
import type { StoredBytes } from '../server/content.js';
import { randomChars, randomToken } from '../server/random.js';

/** The bytes of a file, in the pieces they arrived in, and the facts Dropbox reports about them. */
export interface FileRevision extends StoredBytes {
  /** Lower-case hex (wire reference C.3). */
  readonly contentHash: string;
  readonly rev: string;
  /** ms since the epoch; what the client said, else the upload time. */
  readonly clientModified: number;
  readonly serverModified: number;
}

/** Someone a file or shared folder is shared with (the owner is implied, not stored). */
export interface Member {
  readonly email: string;
  /** Set when the email belongs to an account of this emulator; otherwise an invitee. */
  readonly accountId: string | undefined;
  access: 'editor' | 'viewer';
}

/** A file or folder. */
export interface DbxNode {
  /** `id:` followed by 22 characters. */
  readonly id: string;
  readonly kind: 'file' | 'folder';
  name: string;
  /** Undefined only for the root. */
  parent: DbxNode | undefined;
  /** Folders: lower-cased child name -> child. */
  readonly children: Map<string, DbxNode>;
  /** Files: the current revision. */
  content: FileRevision | undefined;
  /** Folders: set once the folder is shared. */
  sharedFolderId: string | undefined;
  /** Explicit members of a file, or of a shared folder. */
  members: Member[];
}

/** The last change at a path, for list_folder cursors. */
export interface JournalEntry {
  readonly seq: number;
  readonly pathLower: string;
  readonly pathDisplay: string;
  readonly name: string;
}

/** A shared link. */
export interface SharedLink {
  readonly url: string;
  /** The random part of the URL path, by which the web host serves it. */
  readonly token: string;
  readonly nodeId: string;
  readonly audience: 'public' | 'team' | 'no_one' | 'password';
  readonly access: 'viewer' | 'editor';
  readonly expires: number | undefined;
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
const HEX = '0123456789abcdef';

/**
 * One user's Dropbox (a namespace): a tree of nodes found by path (case-insensitive, case
 * preserved) or id, a journal of the last change per path for cursors, the used bytes, shared
 * links and shared folders, and the write lock commits take. Every mutation goes through here
 * so that the journal stays complete.
 */
export class Namespace {
  readonly root: DbxNode;
  readonly journal = new Map<string, JournalEntry>();
  readonly links = new Map<string, SharedLink>();
  readonly sharedFolders = new Map<string, DbxNode>();
  /** Last change number handed out. */
  seq = 0;
  /** Changes when cursors are invalidated: cursors carry it. */
  epoch = randomToken(6);
  used = 0;
  readonly #byId = new Map<string, DbxNode>();
  /** Folder -> its children in name order, dropped whenever that folder's children change. */
  readonly #sorted = new Map<DbxNode, readonly DbxNode[]>();
  #locked = false;
  #revisions = 0;

  constructor(
    /** The root namespace id (digits). */
    readonly id: string,
    private readonly now: Clock,
  ) {
    this.root = this.#newNode('folder', '', undefined);
  }

  /** A live node by id (`id:...`). */
  get(id: string): DbxNode | undefined {
    return this.#byId.get(id);
  }

  /** A folder's child by name, case-insensitively. */
  child(folder: DbxNode, name: string): DbxNode | undefined {
    return folder.children.get(name.toLowerCase());
  }

  /** The node at a path given as segments, or undefined (also when a segment is a file). */
  lookup(segments: readonly string[]): DbxNode | undefined {
    let node: DbxNode | undefined = this.root;
    for (const segment of segments) {
      node = node?.kind === 'folder' ? this.child(node, segment) : undefined;
    }
    return node;
  }

  /** The display path (`/A/b.txt`), `''` for the root. */
  pathOf(node: DbxNode): string {
    const names: string[] = [];
    for (let current: DbxNode | undefined = node; current?.parent; current = current.parent) {
      names.push(current.name);
    }
    return names.length === 0 ? '' : `/${names.reverse().join('/')}`;
  }

  /**
   * A folder's children ordered by name. The order is kept until the folder's children change,
   * so paging through a large folder does not sort it again for every page.
   */
  childrenOf(folder: DbxNode): readonly DbxNode[] {
    const cached = this.#sorted.get(folder);
    if (cached) return cached;
    const keyed = [...folder.children].map(([key, node]) => ({ key, node }));
    keyed.sort((a, b) => compareKeys(a.key, b.key) || compareKeys(a.node.name, b.node.name));
    const sorted = keyed.map(({ node }) => node);
    this.#sorted.set(folder, sorted);
    return sorted;
  }

  /** Every node beneath `folder`, each folder before its children, siblings by name. */
  descendants(folder: DbxNode): DbxNode[] {
    const out: DbxNode[] = [];
    const visit = (node: DbxNode) => {
      for (const child of this.childrenOf(node)) {
        out.push(child);
        if (child.kind === 'folder') visit(child);
      }
    };
    visit(folder);
    return out;
  }

  /** True when `node` is `folder` or lies beneath it. */
  isWithin(node: DbxNode, folder: DbxNode): boolean {
    for (let current: DbxNode | undefined = node; current; current = current.parent) {
      if (current === folder) return true;
    }
    return false;
  }

  /** The nearest folder above `node` that is shared. */
  sharedAncestor(node: DbxNode): DbxNode | undefined {
    for (let current = node.parent; current; current = current.parent) {
      if (current.sharedFolderId !== undefined) return current;
    }
    return undefined;
  }

  /** A new revision of file content. */
  revision(bytes: StoredBytes, contentHash: string, clientModified?: number): FileRevision {
    const now = this.now();
    this.#revisions += 1;
    return {
      chunks: bytes.chunks,
      size: bytes.size,
      contentHash,
      rev: `${randomChars(HEX, 9)}${this.#revisions.toString(16).padStart(8, '0')}`,
      clientModified: clientModified ?? now,
      serverModified: now,
    };
  }

  /** Creates a folder; the caller has checked the name and conflicts. */
  createFolder(parent: DbxNode, name: string): DbxNode {
    const folder = this.#newNode('folder', name, parent);
    this.#attach(folder, parent);
    this.#record(folder);
    return folder;
  }

  /** Creates a file; the caller has checked the name, conflicts and quota. */
  createFile(parent: DbxNode, name: string, content: FileRevision): DbxNode {
    const file = this.#newNode('file', name, parent);
    file.content = content;
    this.used += content.size;
    this.#attach(file, parent);
    this.#record(file);
    return file;
  }

  /** Gives a file a new revision. */
  replaceContent(file: DbxNode, content: FileRevision): void {
    this.used += content.size - (file.content?.size ?? 0);
    file.content = content;
    this.#record(file);
  }

  /** Moves and/or renames a node; the caller has checked names, conflicts and cycles. */
  move(node: DbxNode, parent: DbxNode, name: string): void {
    this.#recordTree(node);
    if (node.parent) this.#detach(node, node.parent);
    node.name = name;
    node.parent = parent;
    this.#attach(node, parent);
    this.#recordTree(node);
  }

  /** Copies a node (deeply, for a folder) into `parent` as `name`; sharing is not copied. */
  copy(node: DbxNode, parent: DbxNode, name: string): DbxNode {
    if (node.kind === 'file' && node.content) {
      const { contentHash, clientModified } = node.content;
      return this.createFile(
        parent,
        name,
        this.revision(node.content, contentHash, clientModified),
      );
    }
    const folder = this.createFolder(parent, name);
    for (const child of this.childrenOf(node)) this.copy(child, folder, child.name);
    return folder;
  }

  /** Deletes a node and everything beneath it. */
  remove(node: DbxNode): void {
    this.#recordTree(node);
    for (const victim of [node, ...(node.kind === 'folder' ? this.descendants(node) : [])]) {
      this.used -= victim.content?.size ?? 0;
      this.#byId.delete(victim.id);
      this.#sorted.delete(victim);
      if (victim.sharedFolderId !== undefined) this.sharedFolders.delete(victim.sharedFolderId);
      for (const [url, link] of this.links) if (link.nodeId === victim.id) this.links.delete(url);
    }
    if (node.parent) this.#detach(node, node.parent);
  }

  /** Marks a node changed (its sharing changed), so cursors report it again. */
  touch(node: DbxNode): void {
    this.#record(node);
  }

  /** Takes the write lock; false when another commit holds it. */
  tryLock(): boolean {
    if (this.#locked) return false;
    this.#locked = true;
    return true;
  }

  /** Releases the write lock. */
  unlock(): void {
    this.#locked = false;
  }

  #newNode(kind: 'file' | 'folder', name: string, parent: DbxNode | undefined): DbxNode {
    const node: DbxNode = {
      id: `id:${randomChars(ID_ALPHABET, 22)}`,
      kind,
      name,
      parent,
      children: new Map(),
      content: undefined,
      sharedFolderId: undefined,
      members: [],
    };
    this.#byId.set(node.id, node);
    return node;
  }

  #attach(node: DbxNode, parent: DbxNode): void {
    parent.children.set(node.name.toLowerCase(), node);
    this.#sorted.delete(parent);
  }

  #detach(node: DbxNode, parent: DbxNode): void {
    parent.children.delete(node.name.toLowerCase());
    this.#sorted.delete(parent);
  }

  #record(node: DbxNode): void {
    this.seq += 1;
    const pathDisplay = this.pathOf(node);
    const pathLower = pathDisplay.toLowerCase();
    this.journal.set(pathLower, { seq: this.seq, pathLower, pathDisplay, name: node.name });
  }

  #recordTree(node: DbxNode): void {
    this.#record(node);
    if (node.kind === 'folder') for (const child of this.descendants(node)) this.#record(child);
  }
}

/** Case-insensitive name order, ties broken by the exact name. */
export function compareNames(a: string, b: string): number {
  return compareKeys(a.toLowerCase(), b.toLowerCase()) || compareKeys(a, b);
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
