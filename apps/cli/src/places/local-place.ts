import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, type Stats } from 'node:fs';
import { mkdir, readdir, rename, rm, rmdir, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  cancelledError,
  type Entry,
  type FileEntry,
  isPolydriveError,
  PolydriveError,
} from '@polydrive/core';
import { errnoOf } from '../config/private-file.js';
import { localError } from './local-errors.js';
import type { CopySource, Listed, Place, WriteResult } from './place.js';

/** A file's entry, from its stats. Only files and folders are entries; other kinds are skipped. */
function toEntry(path: string, stats: Stats): Entry | undefined {
  const base = {
    id: path,
    name: basename(path),
    path,
    modifiedAt: stats.mtime,
    ...(stats.birthtimeMs > 0 ? { createdAt: stats.birthtime } : {}),
  };
  if (stats.isDirectory()) return { ...base, kind: 'folder' };
  if (stats.isFile()) return { ...base, kind: 'file', size: stats.size, hashes: {} };
  return undefined;
}

/**
 * A path on this machine. Reads and writes go straight through node:fs (symbolic links are
 * followed, as cp does); a file is written to a hidden temporary file next to its target and
 * renamed into place, so an interrupted download leaves no partial file.
 */
export class LocalPlace implements Place {
  readonly kind = 'local';
  readonly name: string;

  constructor(
    /** The absolute path. */
    readonly path: string,
    private readonly signal: AbortSignal,
  ) {
    this.name = basename(path);
  }

  get label(): string {
    return this.path;
  }

  async stat(): Promise<Entry> {
    const stats = await stat(this.path).catch((err: unknown) => {
      throw localError(err, 'stat', this.path);
    });
    const entry = toEntry(this.path, stats);
    if (!entry) {
      throw new PolydriveError('Unsupported', {
        message: `${this.path} is neither a file nor a folder (a device, socket or pipe).`,
        advice: 'Name a regular file or a folder.',
        operation: 'stat',
        target: this.path,
      });
    }
    return entry;
  }

  async find(): Promise<Entry | undefined> {
    try {
      return await this.stat();
    } catch (err) {
      if (isPolydriveError(err, 'NotFound')) return undefined;
      throw err;
    }
  }

  child(name: string): LocalPlace {
    return new LocalPlace(join(this.path, name), this.signal);
  }

  contains(other: Place): boolean {
    if (!(other instanceof LocalPlace)) return false;
    const rel = relative(this.path, other.path);
    return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep);
  }

  async *list(options: { recursive: boolean }): AsyncGenerator<Listed> {
    const folder = await this.stat();
    if (folder.kind !== 'folder') {
      yield { entry: folder, relative: this.name };
      return;
    }
    const pending = [''];
    while (pending.length > 0) {
      const prefix = pending.shift() as string;
      const dir = join(this.path, prefix);
      const names = (
        await readdir(dir).catch((err: unknown) => {
          throw localError(err, 'list', dir);
        })
      ).sort();
      for (const name of names) {
        if (this.signal.aborted) throw cancelledError(this.signal, 'list');
        const path = join(dir, name);
        // An item removed meanwhile, or a dangling link, is not part of the listing.
        const stats = await stat(path).catch(() => undefined);
        const entry = stats && toEntry(path, stats);
        if (!entry) continue;
        const rel = prefix === '' ? name : `${prefix}/${name}`;
        yield { entry, relative: rel };
        if (options.recursive && entry.kind === 'folder') pending.push(rel);
      }
    }
  }

  async read(): Promise<AsyncIterable<Uint8Array>> {
    const entry = await this.stat();
    if (entry.kind !== 'file') {
      throw new PolydriveError('NotAFile', {
        message: `${this.path} is a folder.`,
        advice: 'Name a file inside it.',
        operation: 'read',
        target: this.path,
      });
    }
    const stream = createReadStream(this.path, { signal: this.signal });
    return this.guard(stream, 'read');
  }

  async mkdir(options: { recursive: boolean }): Promise<Entry> {
    try {
      await mkdir(this.path, { recursive: options.recursive });
    } catch (err) {
      if (errnoOf(err) === 'ENOENT') throw this.missingParent('mkdir', 'Pass -p to create it too.');
      if (options.recursive && (await this.find())?.kind === 'file') {
        throw new PolydriveError('NotAFolder', {
          message: `${this.path} is a file, so no folder can be made there.`,
          advice: 'Choose another name, or remove the file.',
          operation: 'mkdir',
          target: this.path,
        });
      }
      throw localError(err, 'mkdir', this.path);
    }
    return this.stat();
  }

  async remove(options: { recursive: boolean }): Promise<void> {
    const entry = await this.stat();
    try {
      if (entry.kind === 'file') await unlink(this.path);
      else if (options.recursive) await rm(this.path, { recursive: true });
      else await rmdir(this.path);
    } catch (err) {
      throw localError(err, 'remove', this.path);
    }
  }

  async writeFile(source: CopySource): Promise<WriteResult> {
    const temp = join(
      dirname(this.path),
      `.${this.name}.${randomBytes(6).toString('hex')}.polydrive-part`,
    );
    try {
      const input = Readable.from(await source.open(), { objectMode: false });
      await pipeline(input, createWriteStream(temp, { flags: 'wx' }), { signal: this.signal });
      const written = (await stat(temp)).size;
      if (written !== source.size) {
        throw new PolydriveError('IntegrityError', {
          message: `${written} bytes arrived but the source has ${source.size}.`,
          advice: 'The source changed during the copy; copy it again.',
          operation: 'write',
          target: this.path,
        });
      }
      await rename(temp, this.path);
    } catch (err) {
      await rm(temp, { force: true });
      if (this.signal.aborted) throw cancelledError(this.signal, 'write');
      if (errnoOf(err) === 'ENOENT') {
        throw this.missingParent('write', 'Create it first with `polydrive mkdir -p`.');
      }
      throw localError(err, 'write', this.path);
    }
    return { entry: await this.stat() };
  }

  identity(entry: FileEntry): string {
    return `local:${this.path}\n${entry.size}\n${entry.modifiedAt?.getTime() ?? ''}`;
  }

  /** Moves this file or folder to another local path with one rename. */
  async renameTo(target: LocalPlace): Promise<void> {
    try {
      await rename(this.path, target.path);
    } catch (err) {
      throw localError(err, 'move', target.path);
    }
  }

  private missingParent(operation: string, advice: string): PolydriveError {
    return new PolydriveError('NotFound', {
      message: `The folder ${dirname(this.path)} does not exist.`,
      advice,
      operation,
      target: this.path,
    });
  }

  private async *guard(stream: AsyncIterable<Uint8Array>, operation: string) {
    try {
      for await (const chunk of stream) yield chunk as Uint8Array;
    } catch (err) {
      if (this.signal.aborted) throw cancelledError(this.signal, operation);
      throw localError(err, operation, this.path);
    }
  }
}
