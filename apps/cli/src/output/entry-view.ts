import type { Entry } from '@polydrive/core';
import { formatBytes, formatTime } from './format.js';

/** An entry as `--json` prints it: plain JSON, dates as ISO strings, no provider payload. */
export function entryJson(entry: Entry, path: string = entry.path ?? entry.name): object {
  return {
    name: entry.name,
    path,
    kind: entry.kind,
    ...(entry.kind === 'file' ? { size: entry.size } : {}),
    ...(entry.kind === 'folder' && entry.childCount !== undefined
      ? { childCount: entry.childCount }
      : {}),
    ...(entry.modifiedAt ? { modifiedAt: entry.modifiedAt.toISOString() } : {}),
    ...(entry.createdAt ? { createdAt: entry.createdAt.toISOString() } : {}),
    ...(entry.kind === 'file' && entry.mimeType ? { mimeType: entry.mimeType } : {}),
    ...(entry.kind === 'file' && Object.keys(entry.hashes).length > 0
      ? { hashes: entry.hashes }
      : {}),
    id: entry.id,
    ...(entry.etag ? { etag: entry.etag } : {}),
    ...(entry.webUrl ? { webUrl: entry.webUrl } : {}),
  };
}

/** How a listing names an entry: folders end with `/`. */
export function displayName(entry: Entry, name: string = entry.name): string {
  return entry.kind === 'folder' ? `${name}/` : name;
}

/** The cells of `ls -l`: size (exact bytes), modification time, name. */
export function longCells(entry: Entry, name: string): string[] {
  return [
    entry.kind === 'file' ? String(entry.size) : '-',
    formatTime(entry.modifiedAt),
    displayName(entry, name),
  ];
}

/** The lines of `stat` for one entry, as `field: value`. */
export function statLines(entry: Entry, label: string): string[] {
  const fields: Array<[string, string | undefined]> = [
    ['path', label],
    ['kind', entry.kind],
    ['size', entry.kind === 'file' ? `${entry.size} (${formatBytes(entry.size)})` : undefined],
    [
      'children',
      entry.kind === 'folder' && entry.childCount !== undefined
        ? String(entry.childCount)
        : undefined,
    ],
    ['modified', entry.modifiedAt?.toISOString()],
    ['created', entry.createdAt?.toISOString()],
    ['mime type', entry.kind === 'file' ? entry.mimeType : undefined],
    [
      'hashes',
      entry.kind === 'file' && Object.keys(entry.hashes).length > 0
        ? Object.entries(entry.hashes)
            .map(([kind, value]) => `${kind}=${value}`)
            .join(' ')
        : undefined,
    ],
    ['id', entry.id],
    ['etag', entry.etag],
    ['web url', entry.webUrl],
  ];
  const shown = fields.filter((field): field is [string, string] => field[1] !== undefined);
  const width = Math.max(...shown.map(([key]) => key.length)) + 1;
  return shown.map(([key, value]) => `${`${key}:`.padEnd(width)} ${value}`);
}
