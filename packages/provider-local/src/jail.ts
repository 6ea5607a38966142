import fs from 'node:fs';
import { lstat, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, sep } from 'node:path';
import type { ItemRef } from '@polydrive/core';
import {
  errnoCode,
  joinPath,
  normalizePath,
  PolydriveError,
  pathSegments,
  ROOT_PATH,
  splitPath,
  validateName,
} from '@polydrive/core';
import { localCapabilities } from './capabilities.js';
import { realpathOf } from './fs-calls.js';
import { toPolydriveError } from './fs-errors.js';

/** Longest name Linux file systems accept, in bytes of UTF-8. */
const MAX_NAME_BYTES = 255;

/** Refs whose location `located` remembers; past this many it starts over. */
const KNOWN_REFS_MAX = 1024;

/** An item inside the root: its normalised path (which is also its id) and its absolute path. */
export interface Located {
  readonly path: string;
  readonly abs: string;
}

/**
 * Confines every operation to the root folder. Paths and ids are validated and normalised,
 * and the part of a path that exists on disk must be free of symbolic links: the provider
 * never follows a link, whether it points inside the root or out of it.
 */
export class Jail {
  private readonly knownPaths = new Map<string, Located>();
  private readonly knownIds = new Map<string, Located>();

  private constructor(
    /** The root's real path (symbolic links in the configured root itself are resolved once). */
    readonly root: string,
  ) {}

  /** Checks that the root exists and is a folder. */
  static async open(root: string): Promise<Jail> {
    if (typeof root !== 'string' || !isAbsolute(root)) {
      throw new PolydriveError('InvalidArgument', {
        message: `The root must be an absolute path, got ${JSON.stringify(root)}.`,
        advice: "Pass an absolute folder path, e.g. { root: '/srv/files' } or local:///srv/files.",
        operation: 'open',
      });
    }
    try {
      const real = await realpath(root);
      if (!(await stat(real)).isDirectory()) {
        throw new PolydriveError('NotAFolder', {
          message: 'The root is a file, not a folder.',
          advice: 'Point the local provider at a folder.',
          operation: 'open',
          target: root,
        });
      }
      return new Jail(real);
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') {
        throw new PolydriveError('NotFound', {
          message: 'The root folder does not exist.',
          advice: 'Create the folder first (mkdir -p), or fix the path.',
          operation: 'open',
          target: root,
          cause: err,
        });
      }
      throw toPolydriveError(err, { operation: 'open', target: root });
    }
  }

  /**
   * The normalised path a ref names. Ids are normalised paths themselves, so an id must be in
   * exactly that form: anything else was not issued by this provider.
   */
  pathOf(ref: ItemRef): string {
    if (ref.id !== undefined) {
      const path = normalizePath(ref.id, localCapabilities.names);
      if (path !== ref.id) {
        throw new PolydriveError('InvalidArgument', {
          message: `${JSON.stringify(ref.id)} is not an id of the local provider.`,
          advice: "Use the id from an entry: a path from the root such as '/folder/file.txt'.",
          target: `id:${ref.id}`,
        });
      }
      this.checkByteLengths(path);
      return path;
    }
    const path = normalizePath(ref.path, localCapabilities.names);
    this.checkByteLengths(path);
    return path;
  }

  /** The absolute path on disk of a normalised path. */
  absolute(path: string): string {
    const abs = join(this.root, ...pathSegments(path));
    const inside = this.root.endsWith(sep) ? this.root : this.root + sep;
    if (abs !== this.root && !abs.startsWith(inside)) {
      throw new PolydriveError('InvalidArgument', {
        message: 'The path leads outside the root folder.',
        advice: 'Name an item inside the drive.',
        target: path,
      });
    }
    return abs;
  }

  /**
   * Where a ref points, validated, without I/O: its normalised path and its absolute path. Both
   * depend on nothing but the ref's text, so a ref seen before (the folder of many writes) is
   * answered from memory instead of being normalised again.
   */
  located(ref: ItemRef): Located {
    const byId = ref.id !== undefined;
    const known = byId ? this.knownIds : this.knownPaths;
    // Anything but a string misses, and pathOf refuses it.
    const key = (byId ? ref.id : ref.path) as string;
    let item = known.get(key);
    if (item === undefined) {
      const path = this.pathOf(ref);
      item = { path, abs: this.absolute(path) };
      if (known.size >= KNOWN_REFS_MAX) known.clear();
      known.set(key, item);
    }
    return item;
  }

  /** Validates a ref and checks its path for symbolic links. */
  async resolve(ref: ItemRef): Promise<Located> {
    const item = this.located(ref);
    await this.refuseLinks(item.path);
    return item;
  }

  /**
   * Like `resolve`, for a ref that must exist: one `realpath` in the usual case. Fails with the
   * file system's error (ENOENT, ENOTDIR) when the item is missing, after checking the way to it
   * for links, so that a link still reads as PermissionDenied.
   */
  resolveExisting(ref: ItemRef): Promise<Located> {
    return new Promise((resolve, reject) => {
      const item = this.located(ref);
      // One callback instead of a promise per step: every write resolves its folder.
      fs.realpath.native(item.abs, (err, real) => {
        if (err !== null) this.refuseLinks(item.path).then(() => reject(err), reject);
        else if (real !== item.abs) reject(linkRefused(item.path));
        else resolve(item);
      });
    });
  }

  /**
   * An item named by a caller inside `folder`, which must have been located (so its path is free
   * of links). Only the name is checked here: whoever `lstat`s the item refuses a link with
   * `refuseLink`, so a write checks it once, under the lock that guards its commit. The folder's
   * own names were checked when it was located.
   */
  child(folder: Located, name: string): Located {
    const item = listedChild(folder, name);
    validateName(name, localCapabilities.names, item.path);
    checkNameBytes(name, item.path);
    return item;
  }

  /** Checks a normalised path for symbolic links and returns where it is on disk. */
  async locate(path: string): Promise<Located> {
    const abs = this.absolute(path);
    await this.refuseLinks(path);
    return { path, abs };
  }

  private checkByteLengths(path: string): void {
    for (const name of pathSegments(path)) checkNameBytes(name, path);
  }

  /**
   * Resolves the deepest existing ancestor of `path` (the path itself when it exists) and
   * compares it with where it should be: any difference means a symbolic link on the way.
   */
  private async refuseLinks(path: string): Promise<void> {
    let current = path;
    for (;;) {
      const expected = this.absolute(current);
      let real: string;
      try {
        real = await realpathOf(expected);
      } catch (err) {
        const code = errnoCode(err);
        if (code !== 'ENOENT' && code !== 'ENOTDIR') throw err;
        if (await isLink(expected)) throw linkRefused(path);
        if (current === ROOT_PATH) throw err;
        current = splitPath(current).parent;
        continue;
      }
      if (real !== expected) throw linkRefused(path);
      return;
    }
  }
}

/**
 * An item of `folder` whose name came from the disk (a directory listing) or was checked, so it
 * cannot step out of the folder. No I/O.
 */
export function listedChild(folder: Located, name: string): Located {
  // Plain concatenation: the name has no separator and is not `.` or `..`, so there is nothing
  // for path.join to normalise, and listings call this once per child.
  const { abs } = folder;
  return {
    path: joinPath(folder.path, name),
    abs: abs.endsWith(sep) ? abs + name : abs + sep + name,
  };
}

/** Throws PermissionDenied when `st`, what `lstat` says about the item at `path`, is a link. */
export function refuseLink(st: { isSymbolicLink(): boolean } | undefined, path: string): void {
  if (st?.isSymbolicLink()) throw linkRefused(path);
}

/** Throws InvalidArgument when `name`, a name of `path`, is too long for the file system. */
function checkNameBytes(name: string, path: string): void {
  // UTF-8 takes at most 3 bytes per UTF-16 unit (4 per surrogate pair): short names pass at once.
  if (name.length * 3 <= MAX_NAME_BYTES) return;
  const bytes = Buffer.byteLength(name, 'utf8');
  if (bytes > MAX_NAME_BYTES) {
    throw new PolydriveError('InvalidArgument', {
      message: `The name ${JSON.stringify(name)} is ${bytes} bytes long in UTF-8, over the file system's limit of ${MAX_NAME_BYTES}.`,
      advice: 'Use a shorter name (non-ASCII characters take 2 to 4 bytes each).',
      target: path,
    });
  }
}

/** True when `abs` is a symbolic link (realpath failed, so it may be a dangling one). */
async function isLink(abs: string): Promise<boolean> {
  try {
    return (await lstat(abs)).isSymbolicLink();
  } catch (err) {
    const code = errnoCode(err);
    if (code === 'ENOENT' || code === 'ENOTDIR') return false;
    throw err;
  }
}

function linkRefused(path: string): PolydriveError {
  return new PolydriveError('PermissionDenied', {
    message:
      'The path is or passes through a symbolic link; the local provider never follows links.',
    advice: 'Address the real file or folder inside the root instead of the link.',
    target: path,
  });
}
