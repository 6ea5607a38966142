import {
  type Drive,
  type Entry,
  type FileEntry,
  isPolydriveError,
  isSameOrInside,
  joinPath,
  ROOT_PATH,
  splitPath,
} from '@polydrive/core';
import { withHint } from '../errors/hints.js';
import { type UploadContext, uploadFile } from '../transfer/resumable-upload.js';
import type { CopySource, Listed, Place, WriteFileOptions, WriteResult } from './place.js';

/** What a remote place needs from the command it serves. */
export type RemotePlaceContext = Omit<UploadContext, 'chunkSize'>;

/** A file or folder on a remote, through its Drive. */
export class RemotePlace implements Place {
  readonly kind = 'remote';
  readonly name: string;

  constructor(
    /** The remote's name. */
    readonly remote: string,
    readonly drive: Drive,
    /** The normalised path inside the remote. */
    readonly path: string,
    private readonly context: RemotePlaceContext,
  ) {
    this.name = path === ROOT_PATH ? '' : splitPath(path).name;
  }

  get label(): string {
    return `${this.remote}:${this.path}`;
  }

  private get signal(): AbortSignal {
    return this.context.signal;
  }

  stat(): Promise<Entry> {
    return this.guard(this.drive.stat(this.path, { signal: this.signal }));
  }

  async find(): Promise<Entry | undefined> {
    try {
      return await this.stat();
    } catch (err) {
      if (isPolydriveError(err, 'NotFound')) return undefined;
      throw err;
    }
  }

  child(name: string): RemotePlace {
    return new RemotePlace(this.remote, this.drive, joinPath(this.path, name), this.context);
  }

  contains(other: Place): boolean {
    return (
      other instanceof RemotePlace &&
      other.remote === this.remote &&
      other.path !== this.path &&
      isSameOrInside(other.path, this.path, this.drive.capabilities.names.caseInsensitive)
    );
  }

  async *list(options: { recursive: boolean }): AsyncGenerator<Listed> {
    const folder = await this.stat();
    if (folder.kind !== 'folder') {
      yield { entry: folder, relative: this.name };
      return;
    }
    const prefix = this.path === ROOT_PATH ? '/' : `${this.path}/`;
    try {
      for await (const entry of this.drive.list(this.path, {
        recursive: options.recursive,
        signal: this.signal,
      })) {
        const path = entry.path ?? joinPath(this.path, entry.name);
        yield { entry, relative: path.startsWith(prefix) ? path.slice(prefix.length) : entry.name };
      }
    } catch (err) {
      throw this.hint(err);
    }
  }

  async read(): Promise<AsyncIterable<Uint8Array>> {
    const stream = await this.guard(this.drive.read(this.path, { signal: this.signal }));
    return this.guardStream(stream);
  }

  mkdir(options: { recursive: boolean }): Promise<Entry> {
    return this.guard(this.drive.mkdir(this.path, { ...options, signal: this.signal }));
  }

  remove(options: { recursive: boolean }): Promise<void> {
    return this.guard(this.drive.delete(this.path, { ...options, signal: this.signal }));
  }

  writeFile(source: CopySource, options: WriteFileOptions): Promise<WriteResult> {
    return this.guard(
      uploadFile(this.drive, this.path, this.label, source, { ...this.context, ...options }),
    );
  }

  identity(entry: FileEntry): string {
    const version = entry.etag ?? entry.modifiedAt?.toISOString() ?? '';
    return `remote:${this.label}\n${entry.size}\n${version}`;
  }

  /** Adds the advice that only the CLI can give: which remote to sign in to. */
  hint(err: unknown): unknown {
    if (isPolydriveError(err, 'Unauthenticated')) {
      return withHint(err, `Sign in again with: polydrive login ${this.remote}`);
    }
    return err;
  }

  /** Awaits a drive call, adding the CLI's advice to its error. */
  async guard<T>(call: Promise<T>): Promise<T> {
    try {
      return await call;
    } catch (err) {
      throw this.hint(err);
    }
  }

  private async *guardStream(stream: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    try {
      yield* stream;
    } catch (err) {
      throw this.hint(err);
    }
  }
}
