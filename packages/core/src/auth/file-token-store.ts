import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { KeyedMutex } from '../concurrency/keyed-mutex.js';
import { errnoCode } from '../errors/errno.js';
import { PolydriveError } from '../errors/polydrive-error.js';
import { PRIVATE_DIR_MODE, writeFileAtomic } from './atomic-file.js';
import { type FileLockOptions, withFileLock } from './file-lock.js';
import { tokenFileError } from './fs-errors.js';
import { isSealedValue, openValue, type SealedValue, sealValue } from './token-cipher.js';
import { readKeyFile, readOrCreateKeyFile, TOKEN_KEY_ENV, tokenKeyFrom } from './token-key.js';
import type { TokenStore } from './token-store.js';

/** Where FileTokenStore keeps its files and where its key comes from. */
export interface FileTokenStoreOptions {
  /** The tokens file. Default: `tokens.json` in {@link defaultTokenStoreDir}. */
  readonly path?: string;
  /** The key file, used when no key is given here or in `POLYDRIVE_TOKEN_KEY`. Default: `token.key` next to the tokens file. */
  readonly keyPath?: string;
  /** The encryption key: 32 bytes, or a string of them as base64 or 64 hex characters. Wins over `POLYDRIVE_TOKEN_KEY`. */
  readonly key?: Uint8Array | string;
  /** Where `POLYDRIVE_TOKEN_KEY` and `XDG_CONFIG_HOME` are read. Default: `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Tuning for the lock files that serialise writers and `withLock` across processes. */
  readonly lock?: FileLockOptions;
}

/** The folder for Polydrive's credentials: `$XDG_CONFIG_HOME/polydrive`, else `~/.config/polydrive`. */
export function defaultTokenStoreDir(
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  const xdg = env.XDG_CONFIG_HOME;
  // The XDG spec says a relative value is invalid and must be ignored.
  const base = xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.config');
  return join(base, 'polydrive');
}

const FORMAT_VERSION = 1;

/**
 * The embedded default TokenStore: one JSON file holding every entry, each value encrypted with
 * AES-256-GCM. The key comes from the `key` option, else `POLYDRIVE_TOKEN_KEY`, else a key file
 * created with a random key on first write. Writes are atomic and serialised across processes by
 * a lock file, so two processes setting different entries keep both.
 */
export class FileTokenStore implements TokenStore {
  /** The tokens file. */
  readonly path: string;
  /** The key file; unused when the key is given in code or in the environment. */
  readonly keyPath: string;
  private readonly givenKey: Buffer | undefined;
  private fileKey: Buffer | undefined;
  private readonly lockOptions: FileLockOptions;
  private readonly mutex = new KeyedMutex();

  /** Throws InvalidArgument when the `key` option or `POLYDRIVE_TOKEN_KEY` is not a 32-byte key. */
  constructor(options: FileTokenStoreOptions = {}) {
    const env = options.env ?? process.env;
    this.path = resolve(options.path ?? join(defaultTokenStoreDir(env), 'tokens.json'));
    this.keyPath = resolve(options.keyPath ?? join(dirname(this.path), 'token.key'));
    this.lockOptions = options.lock ?? {};
    const envKey = env[TOKEN_KEY_ENV];
    if (options.key !== undefined) {
      this.givenKey = tokenKeyFrom(options.key, 'The `key` option of FileTokenStore');
    } else if (envKey !== undefined && envKey !== '') {
      this.givenKey = tokenKeyFrom(envKey, `The environment variable ${TOKEN_KEY_ENV}`);
    }
  }

  async get(key: string): Promise<string | undefined> {
    const sealed = (await this.readEntries()).get(key);
    if (!sealed) return undefined;
    const secret = this.givenKey ?? this.fileKey ?? (await readKeyFile(this.keyPath));
    if (!secret) {
      throw new PolydriveError('Unauthenticated', {
        message: `The token key file ${this.keyPath} is missing, so the saved tokens in ${this.path} cannot be decrypted.`,
        advice: `Restore the key file or set ${TOKEN_KEY_ENV} to the original key, or log in again.`,
      });
    }
    const plaintext = openValue(secret, key, sealed);
    if (plaintext === undefined) {
      throw new PolydriveError('Unauthenticated', {
        message: `The saved tokens in ${this.path} cannot be decrypted: the encryption key changed or the file was modified.`,
        advice: `Set ${TOKEN_KEY_ENV} to the key in use when the account was connected (or restore ${this.keyPath}), or log in again.`,
      });
    }
    if (!this.givenKey) this.fileKey = secret;
    return plaintext;
  }

  async set(key: string, value: string): Promise<void> {
    await this.update(async (entries) => {
      entries.set(key, sealValue(await this.writeKey(), key, value));
      return true;
    });
  }

  async delete(key: string): Promise<void> {
    await this.update(async (entries) => entries.delete(key));
  }

  async withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    // Hashing keeps the file name valid whatever the key, and does not reveal account names.
    const digest = createHash('sha256').update(key).digest('hex').slice(0, 16);
    const lockPath = join(dirname(this.path), `${basename(this.path)}.${digest}.lock`);
    return this.mutex.run(`key:${key}`, async () => {
      await this.ensureDir(dirname(this.path));
      return withFileLock(lockPath, fn, this.lockOptions);
    });
  }

  private async writeKey(): Promise<Buffer> {
    if (this.givenKey) return this.givenKey;
    if (!this.fileKey) {
      await this.ensureDir(dirname(this.keyPath));
      this.fileKey = await readOrCreateKeyFile(this.keyPath);
    }
    return this.fileKey;
  }

  /** Read-modify-write under the store's file lock; `change` returns false when nothing changed. */
  private async update(change: (entries: Map<string, SealedValue>) => Promise<boolean>) {
    await this.mutex.run('file', async () => {
      await this.ensureDir(dirname(this.path));
      await withFileLock(
        `${this.path}.lock`,
        async () => {
          const entries = await this.readEntries();
          if (!(await change(entries))) return;
          const text = JSON.stringify(
            { version: FORMAT_VERSION, entries: Object.fromEntries(entries) },
            null,
            2,
          );
          try {
            await writeFileAtomic(this.path, `${text}\n`);
          } catch (err) {
            throw tokenFileError(err, 'write the token file', this.path);
          }
        },
        this.lockOptions,
      );
    });
  }

  private async readEntries(): Promise<Map<string, SealedValue>> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return new Map();
      throw tokenFileError(err, 'read the token file', this.path);
    }
    // A Map, not a plain object, so that an entry named `__proto__` stays an entry.
    const entries = new Map<string, SealedValue>();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw this.damaged();
    }
    if (typeof parsed !== 'object' || parsed === null) throw this.damaged();
    const { version, entries: raw } = parsed as Record<string, unknown>;
    if (version !== FORMAT_VERSION || typeof raw !== 'object' || raw === null) throw this.damaged();
    for (const [name, value] of Object.entries(raw)) {
      if (!isSealedValue(value)) throw this.damaged();
      entries.set(name, value);
    }
    return entries;
  }

  private damaged(): PolydriveError {
    return new PolydriveError('Unauthenticated', {
      message: `The token file ${this.path} is damaged: it is not a Polydrive token file.`,
      advice: 'Delete it and log in again to every account.',
    });
  }

  private async ensureDir(dir: string): Promise<void> {
    try {
      await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
    } catch (err) {
      throw tokenFileError(err, 'create the folder', dir);
    }
  }
}
