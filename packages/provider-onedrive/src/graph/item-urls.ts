import { type ItemRef, PolydriveError, ROOT_PATH } from '@polydrive/core';

/** Which drive the provider works on: the user's own, one by id, or a SharePoint site's library. */
export interface DriveSelector {
  readonly driveId?: string;
  readonly siteId?: string;
}

// Drive and site ids hold '!' and ',' (`b!...`, `host,guid,guid`); both are legal in a path
// segment and Graph documents them unescaped.
function encodeId(id: string): string {
  return encodeURIComponent(id).replace(/%2C/gi, ',');
}

/** The Graph path of the selected drive: `/me/drive`, `/drives/{id}` or `/sites/{id}/drive`. */
export function driveBasePath(selector: DriveSelector): string {
  if (selector.driveId !== undefined && selector.siteId !== undefined) {
    throw new PolydriveError('InvalidArgument', {
      message: 'Both driveId and siteId were given.',
      advice:
        "Pass driveId for a specific drive, or siteId for a SharePoint site's default library.",
    });
  }
  if (selector.driveId !== undefined) return `/drives/${encodeId(selector.driveId)}`;
  if (selector.siteId !== undefined) return `/sites/${encodeId(selector.siteId)}/drive`;
  return '/me/drive';
}

/** Encodes a normalised path segment by segment: `/a b/c#.txt` -> `/a%20b/c%23.txt`. */
export function encodeItemPath(path: string): string {
  return path
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

function withSuffix(base: string, suffix: string | undefined): string {
  return suffix === undefined ? base : `${base}/${suffix}`;
}

/**
 * The Graph path of an item, optionally followed by a sub-resource (`content`, `children`,
 * `createUploadSession`, ...): `root`, `root:/a/b.txt:` or `items/{id}`, under the drive.
 */
export function itemPath(drive: string, ref: ItemRef, suffix?: string): string {
  if (ref.id !== undefined) return withSuffix(`${drive}/items/${encodeId(ref.id)}`, suffix);
  if (ref.path === ROOT_PATH) return withSuffix(`${drive}/root`, suffix);
  return withSuffix(`${drive}/root:${encodeItemPath(ref.path)}:`, suffix);
}

/** The Graph path of the child `name` of a folder, with a sub-resource: `.../root:/a/name:/content`. */
export function childPath(drive: string, parent: ItemRef, name: string, suffix: string): string {
  const encodedName = encodeURIComponent(name);
  if (parent.id !== undefined) {
    return `${drive}/items/${encodeId(parent.id)}:/${encodedName}:/${suffix}`;
  }
  const folder = parent.path === ROOT_PATH ? '' : encodeItemPath(parent.path);
  return `${drive}/root:${folder}/${encodedName}:/${suffix}`;
}
