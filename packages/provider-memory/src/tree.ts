import {
  describeRef,
  type ItemRef,
  joinPath,
  PolydriveError,
  pathSegments,
  ROOT_PATH,
} from '@polydrive/core';

/** One item in the memory tree. */
export interface MemoryNode {
  readonly id: string;
  name: string;
  parentId: string | undefined;
  readonly kind: 'file' | 'folder';
  data: Uint8Array;
  mimeType?: string;
  readonly createdAt: Date;
  modifiedAt: Date;
  version: number;
  sha256?: string;
}

/** The folder tree: nodes by id, and each folder's children by name. */
export class MemoryTree {
  readonly rootId = 'root';
  private readonly nodes = new Map<string, MemoryNode>();
  private readonly children = new Map<string, Map<string, string>>();
  private nextId = 1;

  constructor(now: Date) {
    this.nodes.set(this.rootId, {
      id: this.rootId,
      name: '',
      parentId: undefined,
      kind: 'folder',
      data: new Uint8Array(0),
      createdAt: now,
      modifiedAt: now,
      version: 1,
    });
    this.children.set(this.rootId, new Map());
  }

  newId(): string {
    return `m${(this.nextId++).toString(36).padStart(6, '0')}`;
  }

  get(id: string): MemoryNode | undefined {
    return this.nodes.get(id);
  }

  /** Finds an item by path or id, or throws NotFound. */
  resolve(ref: ItemRef, operation: string): MemoryNode {
    const node = ref.id !== undefined ? this.nodes.get(ref.id) : this.lookupPath(ref.path);
    if (!node) {
      throw new PolydriveError('NotFound', {
        message: `Nothing exists at ${describeRef(ref)}.`,
        provider: 'memory',
        operation,
        target: describeRef(ref),
      });
    }
    return node;
  }

  /** Finds a folder, or throws NotFound / NotAFolder. */
  resolveFolder(ref: ItemRef, operation: string): MemoryNode {
    const node = this.resolve(ref, operation);
    if (node.kind !== 'folder') {
      throw new PolydriveError('NotAFolder', {
        message: `${describeRef(ref)} is a file, not a folder.`,
        provider: 'memory',
        operation,
        target: describeRef(ref),
      });
    }
    return node;
  }

  private lookupPath(path: string): MemoryNode | undefined {
    let node = this.nodes.get(this.rootId);
    for (const name of pathSegments(path)) {
      if (node?.kind !== 'folder') return undefined;
      const id = this.children.get(node.id)?.get(name);
      node = id === undefined ? undefined : this.nodes.get(id);
    }
    return node;
  }

  childId(folderId: string, name: string): string | undefined {
    return this.children.get(folderId)?.get(name);
  }

  /** Children of a folder sorted by name. */
  childrenOf(folderId: string): MemoryNode[] {
    const map = this.children.get(folderId) ?? new Map<string, string>();
    return [...map.keys()]
      .sort()
      .map((name) => this.nodes.get(map.get(name) as string) as MemoryNode);
  }

  pathOf(node: MemoryNode): string {
    const names: string[] = [];
    let cur: MemoryNode | undefined = node;
    while (cur && cur.parentId !== undefined) {
      names.unshift(cur.name);
      cur = this.nodes.get(cur.parentId);
    }
    return names.reduce(joinPath, ROOT_PATH);
  }

  isInside(node: MemoryNode, ancestorId: string): boolean {
    for (let cur: MemoryNode | undefined = node; cur; ) {
      if (cur.id === ancestorId) return true;
      cur = cur.parentId === undefined ? undefined : this.nodes.get(cur.parentId);
    }
    return false;
  }

  attach(node: MemoryNode): void {
    this.nodes.set(node.id, node);
    if (node.kind === 'folder' && !this.children.has(node.id))
      this.children.set(node.id, new Map());
    this.children.get(node.parentId as string)?.set(node.name, node.id);
  }

  detach(node: MemoryNode): void {
    this.children.get(node.parentId as string)?.delete(node.name);
  }

  /** Removes a node and its whole subtree; returns the removed nodes. */
  remove(node: MemoryNode): MemoryNode[] {
    this.detach(node);
    const removed: MemoryNode[] = [];
    const stack = [node];
    while (stack.length > 0) {
      const cur = stack.pop() as MemoryNode;
      removed.push(cur);
      this.nodes.delete(cur.id);
      if (cur.kind === 'folder') stack.push(...this.childrenOf(cur.id));
      this.children.delete(cur.id);
    }
    return removed;
  }

  /** Total bytes stored in files. */
  usedBytes(): number {
    let used = 0;
    for (const n of this.nodes.values()) used += n.data.byteLength;
    return used;
  }

  all(): IterableIterator<MemoryNode> {
    return this.nodes.values();
  }
}
