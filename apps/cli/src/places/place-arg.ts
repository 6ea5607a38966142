import { resolve } from 'node:path';

/** A path argument, parsed: `name:/folder/file` on a remote, anything else on this machine. */
export type PlaceArg =
  | {
      readonly kind: 'remote';
      readonly remote: string;
      /** The path inside the remote, from its root (`/` for `name:`). */
      readonly path: string;
      /** Written with a trailing `/` (or as the root): it must be a folder. */
      readonly folder: boolean;
    }
  | { readonly kind: 'local'; readonly path: string; readonly folder: boolean };

const REMOTE_PREFIX = /^([A-Za-z0-9][A-Za-z0-9_-]*):(.*)$/s;

/**
 * Parses a path argument. `NAME:` starts a remote path, as in rclone; a path with no remote is a
 * local path, taken from `cwd`. A local name with a colon is written `./name:x`. On Windows a
 * single letter before `:\` or `:/` is a drive letter, not a remote.
 */
export function parsePlaceArg(
  arg: string,
  cwd: string,
  platform: NodeJS.Platform = process.platform,
): PlaceArg {
  const match = REMOTE_PREFIX.exec(arg);
  const driveLetter =
    platform === 'win32' && match?.[1]?.length === 1 && /^[\\/]/.test(match[2] ?? '');
  if (match && !driveLetter) {
    const rest = match[2] as string;
    const path = rest.startsWith('/') ? rest : `/${rest}`;
    return {
      kind: 'remote',
      remote: (match[1] as string).toLowerCase(),
      path,
      folder: path === '/' || path.endsWith('/'),
    };
  }
  return { kind: 'local', path: resolve(cwd, arg), folder: /[\\/]$/.test(arg) };
}
