import type { Entry, FileEntry } from '@polydrive/core';

/** A file's bytes as a copy reads them, and what identifies this version of it. */
export interface CopySource {
  readonly size: number;
  /** Changes when the file changes (path, size, modification time or etag). */
  readonly identity: string;
  /** The bytes from the start; called again when an upload resumes. */
  open(): Promise<AsyncIterable<Uint8Array>>;
}

/** Options of {@link Place.writeFile}. */
export interface WriteFileOptions {
  /** Upload chunk size in bytes (remotes only). */
  readonly chunkSize?: number;
}

/** What a write did. */
export interface WriteResult {
  readonly entry: Entry;
  /** Set when an interrupted upload was resumed: the byte it resumed at. */
  readonly resumedFrom?: number;
}

/** An entry met while listing a folder, with its path relative to that folder. */
export interface Listed {
  readonly entry: Entry;
  /** `a.txt`, or `sub/a.txt` in a recursive listing; always with `/`. */
  readonly relative: string;
}

/**
 * A file or folder a command works on, on a remote or on this machine. Commands are written
 * against this, so that every command takes both kinds of path.
 */
export interface Place {
  readonly kind: 'remote' | 'local';
  /** How messages name it: `disk:/a/b.txt`, or an absolute local path. */
  readonly label: string;
  /** The last name in the path; '' for the root of a remote or of the file system. */
  readonly name: string;
  stat(): Promise<Entry>;
  /** Like stat, but undefined when nothing is there. */
  find(): Promise<Entry | undefined>;
  child(name: string): Place;
  /** True when `other` lies strictly inside this place, on the same remote or disk. */
  contains(other: Place): boolean;
  list(options: { recursive: boolean }): AsyncIterable<Listed>;
  read(): Promise<AsyncIterable<Uint8Array>>;
  mkdir(options: { recursive: boolean }): Promise<Entry>;
  /** Removes a file, or a folder (with `recursive`, one that is not empty). */
  remove(options: { recursive: boolean }): Promise<void>;
  /** Writes a file here from a source, replacing a file of the same name; never half a file. */
  writeFile(source: CopySource, options: WriteFileOptions): Promise<WriteResult>;
  /** A string that changes when this file changes, for matching an interrupted upload. */
  identity(entry: FileEntry): string;
}
