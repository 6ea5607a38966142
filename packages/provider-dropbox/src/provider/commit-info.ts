import type { JsonValue, WriteOptions } from '@polydrive/core';

/**
 * The CommitInfo for a write (wire reference C.6): `replace` overwrites (or, with ifMatch,
 * updates only at that rev), `fail` adds with strict conflicts (identical content at the name is
 * a conflict too), `rename` adds with autorename. `modifiedAt` becomes client_modified.
 */
export function commitInfo(path: string, options: WriteOptions): { [key: string]: JsonValue } {
  const mode: { [key: string]: JsonValue } =
    options.ifMatch !== undefined
      ? { '.tag': 'update', update: options.ifMatch }
      : options.conflict === 'replace'
        ? { '.tag': 'overwrite' }
        : { '.tag': 'add' };
  const info: { [key: string]: JsonValue } = {
    path,
    mode,
    autorename: options.conflict === 'rename',
    strict_conflict: options.conflict !== 'replace',
    mute: false,
  };
  if (options.modifiedAt)
    info.client_modified = options.modifiedAt.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return info;
}
