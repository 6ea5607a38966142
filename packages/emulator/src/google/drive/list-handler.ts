import { createHash } from 'node:crypto';
import type { EmulatorResponse } from '../../server/response.js';
import { roleOn } from '../files/access.js';
import { project, selectedKeys } from '../files/fields.js';
import type { DriveFile } from '../files/file.js';
import { type SortTerm, sortKey } from '../files/listing-order.js';
import { matches, parseQuery, type Query, type QueryContext } from '../files/query.js';
import { renderFile } from '../files/render.js';
import { type DriveContext, flag, supportsAllDrives } from './context.js';
import { badRequest, invalidValue, sharedDriveNotFound } from './errors.js';
import { resolveAlias } from './lookup.js';
import { DEFAULT_FILE_FIELDS, driveJson, pageFill, pageSize, selection } from './respond.js';

interface PageToken {
  /** Where the next page starts in the listing's sorted files (before filtering). */
  readonly o: number;
  /** Index of the next page (for short pages). */
  readonly p: number;
  /** Digest of the listing's parameters: a token only continues the listing that made it. */
  readonly h: string;
}

/**
 * `GET /drive/v3/files` (wire reference B.3): the corpora, `q`, `orderBy`, `pageSize` and
 * `pageToken`, `fields`. Trashed files are listed unless `q` excludes them; root folders never.
 */
export function listFiles(context: DriveContext): EmulatorResponse {
  const { state, query, account } = context;
  const spaces = query.get('spaces') ?? 'drive';
  if (spaces.split(',').some((space) => space.trim() !== 'drive')) {
    throw invalidValue(`The emulator lists the 'drive' space only, not '${spaces}'.`, 'spaces');
  }
  const inScope = scope(context);
  const q = query.get('q');
  const parsed = q === null || q.trim() === '' ? undefined : parseQuery(q);
  const order = sortOrder(query.get('orderBy'));
  if (order.length > 0 && q !== null && /\bfullText\b/.test(q)) {
    throw badRequest('Sorting is not supported for queries with fullText terms.');
  }
  const queryContext = makeQueryContext(context);
  const parentId = parsed ? parentOf(parsed, queryContext) : undefined;
  const files = state.listings.sorted(parentId, query.get('orderBy'), order);
  const listed = (file: DriveFile) =>
    file.parents.length > 0 &&
    inScope(file) &&
    (parsed === undefined || matches(parsed, file, queryContext));
  const size = pageSize(context);
  const digest = createHash('sha256')
    .update(
      JSON.stringify([
        account.id,
        q,
        query.get('orderBy'),
        query.get('corpora'),
        query.get('driveId'),
      ]),
    )
    .digest('base64url')
    .slice(0, 16);
  const start = readToken(context, query.get('pageToken'), digest);
  const take = pageFill(context, size, start.p);
  const page: DriveFile[] = [];
  let next = start.o;
  for (; next < files.length && page.length < take; next++) {
    const file = files[next] as DriveFile;
    if (listed(file)) page.push(file);
  }
  let more = false;
  for (let ahead = next; ahead < files.length && !more; ahead++) {
    more = listed(files[ahead] as DriveFile);
  }
  const fields = selection(
    query,
    'FileList',
    `kind,incompleteSearch,nextPageToken,files(${DEFAULT_FILE_FIELDS})`,
  );
  // Files are rendered with the fields `files(...)` selects, and none when it is not selected.
  const fileFields = fields.all ? undefined : fields.keys.get('files');
  const only = fields.all ? undefined : fileFields ? selectedKeys(fileFields) : new Set<string>();
  const body: Record<string, unknown> = {
    kind: 'drive#fileList',
    incompleteSearch: false,
    files: page.map((file) => renderFile(state, file, account, only)),
  };
  if (more) body.nextPageToken = state.signer.sign({ o: next, p: start.p + 1, h: digest });
  return driveJson(200, project(body, fields));
}

/** Which files the corpora cover for the caller. */
function scope(context: DriveContext): (file: DriveFile) => boolean {
  const { state, query, account } = context;
  const corpora = query.get('corpora') ?? 'user';
  const driveId = query.get('driveId');
  const allDrives =
    flag(query, 'includeItemsFromAllDrives') || flag(query, 'includeTeamDriveItems');
  const visible = (file: DriveFile) => roleOn(state, account, file) !== undefined;
  const memberDrive = (file: DriveFile) =>
    file.driveId !== undefined &&
    state.sharedDrives.get(file.driveId)?.members.has(account.id) === true;
  if (driveId !== null && corpora !== 'drive') {
    throw invalidValue('driveId needs corpora=drive.', 'driveId');
  }
  switch (corpora) {
    case 'user':
      return (file) =>
        file.driveId === undefined
          ? visible(file)
          : allDrives && supportsAllDrives(query) && memberDrive(file);
    case 'allDrives':
    case 'drive': {
      if (!allDrives || !supportsAllDrives(query)) {
        throw invalidValue(
          `corpora=${corpora} needs includeItemsFromAllDrives=true and supportsAllDrives=true.`,
          'includeItemsFromAllDrives',
        );
      }
      if (corpora === 'allDrives')
        return (file) => (file.driveId === undefined ? visible(file) : memberDrive(file));
      if (driveId === null) throw invalidValue('corpora=drive needs a driveId.', 'driveId');
      if (!state.sharedDrives.get(driveId)?.members.has(account.id)) {
        throw sharedDriveNotFound(driveId);
      }
      return (file) => file.driveId === driveId;
    }
    default:
      throw invalidValue(`The emulator does not support corpora '${corpora}'.`, 'corpora');
  }
}

/** How `q` terms that depend on the caller are answered. */
export function makeQueryContext(context: DriveContext): QueryContext {
  const { state, account } = context;
  const emailOf = (who: string) => (who === 'me' ? account.email : who).toLowerCase();
  return {
    resolveId: (id) => resolveAlias(context, id),
    inCollection: (file, who, collection) => {
      const email = emailOf(who);
      const person = state.accounts.find(email);
      if (collection === 'owners') {
        return (
          file.driveId === undefined &&
          state.accounts.find(file.ownerId)?.email.toLowerCase() === email
        );
      }
      const role = person ? roleOn(state, person, file) : undefined;
      if (role === undefined) return false;
      return (
        collection === 'readers' || ['owner', 'organizer', 'fileOrganizer', 'writer'].includes(role)
      );
    },
    sharedWithMe: (file) =>
      file.driveId === undefined &&
      file.ownerId !== account.id &&
      file.permissions.some(
        (permission) => permission.emailAddress?.toLowerCase() === account.email.toLowerCase(),
      ),
  };
}

/**
 * The folder a query keeps to, when it has an `'id' in parents` term that every match must meet:
 * then only that folder's children need testing.
 */
function parentOf(query: Query, context: QueryContext): string | undefined {
  if (query.kind === 'in' && query.collection === 'parents') return context.resolveId(query.value);
  if (query.kind === 'and') return parentOf(query.left, context) ?? parentOf(query.right, context);
  return undefined;
}

function sortOrder(text: string | null): SortTerm[] {
  if (text === null || text.trim() === '') return [];
  return text.split(',').map((part) => {
    const [name = '', direction, ...rest] = part.trim().split(/\s+/);
    const key = sortKey(name);
    if (
      !key ||
      rest.length > 0 ||
      (direction !== undefined && direction.toLowerCase() !== 'desc')
    ) {
      throw invalidValue(`Invalid sort order '${part.trim()}'.`, 'orderBy');
    }
    return { key, desc: direction !== undefined };
  });
}

function readToken(context: DriveContext, text: string | null, digest: string): PageToken {
  if (text === null || text === '') return { o: 0, p: 0, h: digest };
  const token = context.state.signer.verify(text) as Partial<PageToken> | undefined;
  if (!token || typeof token.o !== 'number' || typeof token.p !== 'number' || token.h !== digest) {
    throw invalidValue('Invalid Value', 'pageToken');
  }
  return token as PageToken;
}
