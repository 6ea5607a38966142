import { isoSeconds } from '../../server/clock.js';
import type { Account } from '../accounts.js';
import { DOWNLOAD_HOST } from '../hosts.js';
import type { RenderContext } from './context.js';
import type { Drive, Item, Tombstone } from './drive.js';

/** How an item is rendered. */
export interface RenderOptions {
  /** Include `parentReference.path` (not in delta and search results). */
  includePath?: boolean;
  /** `$select`: only these properties (and `@odata.*`). */
  select?: ReadonlySet<string> | undefined;
}

/** A driveItem as Graph prints it (wire reference A.2). */
export function renderItem(
  context: RenderContext,
  item: Item,
  options: RenderOptions = {},
): Record<string, unknown> {
  const { account, drive } = context;
  const json: Record<string, unknown> = {};
  if (item.kind === 'file') json['@microsoft.graph.downloadUrl'] = downloadUrl(context, item);
  json.createdBy = identity(account);
  json.createdDateTime = isoSeconds(item.created);
  json.eTag = eTag(item);
  json.id = item.id;
  json.lastModifiedBy = identity(account);
  json.lastModifiedDateTime = isoSeconds(item.modified);
  json.name = item.name;
  json.parentReference = parentReference(context, item, options.includePath ?? true);
  json.size = drive.sizeOf(item);
  json.webUrl = webUrl(context, item);
  if (item.kind === 'file') json.cTag = cTag(item);
  if (item.description !== undefined) json.description = item.description;
  json.fileSystemInfo = {
    createdDateTime: isoSeconds(item.fsCreated),
    lastModifiedDateTime: isoSeconds(item.fsModified),
  };
  if (item.kind === 'folder') {
    json.folder = { childCount: item.children.size };
  } else {
    json.file = { mimeType: item.mimeType, hashes: hashes(item) };
  }
  if (item.parentId === null) json.root = {};
  if (item.permissions.length > 0) json.shared = { scope: sharedScope(item) };
  return select(json, options.select);
}

/** A deleted item as delta reports it. */
export function renderTombstone(
  context: RenderContext,
  tombstone: Tombstone,
): Record<string, unknown> {
  return {
    id: tombstone.id,
    name: tombstone.name,
    deleted: { state: 'deleted' },
    parentReference: { ...driveReference(context), id: tombstone.parentId },
    ...(tombstone.kind === 'folder' ? { folder: { childCount: 0 } } : { file: {} }),
  };
}

/** The drive resource (`GET /me/drive`), with owner and quota. */
export function renderDrive(context: RenderContext): Record<string, unknown> {
  const { account, drive, site } = context;
  return {
    id: drive.id,
    driveType: site ? 'documentLibrary' : drive.type,
    // A site's default library is "Documents" (drive_list / drive_get samples on learn.microsoft.com).
    name: site ? 'Documents' : 'OneDrive',
    createdDateTime: isoSeconds(drive.created),
    lastModifiedDateTime: isoSeconds(drive.root.modified),
    webUrl: webUrl(context, drive.root),
    // Libraries of sites without a Microsoft 365 group are owned by SharePoint's "System Account".
    owner: site ? { user: { displayName: 'System Account' } } : identity(account),
    quota: quota(drive),
  };
}

/** The quoted eTag: changes on every change. */
export function eTag(item: Item): string {
  return `"{${item.tag}},${item.version}"`;
}

/** The quoted cTag: changes on content changes only. */
export function cTag(item: Item): string {
  return `"c:{${item.tag}},${item.contentVersion}"`;
}

/** `{ user: { displayName, id, email } }` for the drive's owner. */
export function identity(account: Account): Record<string, unknown> {
  return { user: { displayName: account.displayName, id: account.id, email: account.email } };
}

/** The webUrl of an item (never fetched by clients; shaped like the real ones). */
export function webUrl(context: RenderContext, item: Item): string {
  const { account, drive, site } = context;
  if (!site && account.driveType === 'personal') {
    return `https://onedrive.live.com/?cid=${drive.id}&id=${encodeURIComponent(item.id)}`;
  }
  const path = drive.pathSegments(item).map(encodeURIComponent).join('/');
  const library = site ? `${site.webUrl}/Shared%20Documents` : `${personalSite(account)}/Documents`;
  return `${library}${path ? `/${path}` : ''}`;
}

/** The business user's OneDrive site URL. */
export function personalSite(account: Account): string {
  const domain = account.email.slice(account.email.indexOf('@') + 1);
  const tenant = (domain.split('.')[0] ?? 'contoso').toLowerCase();
  const user = account.email.toLowerCase().replace(/[^a-z0-9]/g, '_');
  return `https://${tenant}-my.sharepoint.com/personal/${user}`;
}

function parentReference(
  context: RenderContext,
  item: Item,
  includePath: boolean,
): Record<string, unknown> {
  const { drive } = context;
  const reference = driveReference(context);
  if (item.parentId === null) return reference;
  reference.id = item.parentId;
  if (includePath) {
    const parent = drive.get(item.parentId);
    const encoding = context.state.options.parentPathEncoding;
    const segments = parent ? drive.pathSegments(parent) : [];
    const written = encoding === 'percent' ? segments.map(encodeURIComponent) : segments;
    reference.path = `${context.referenceBase}/root:${written.map((name) => `/${name}`).join('')}`;
  }
  return reference;
}

/** The drive part of a parentReference; SharePoint libraries also name their site. */
function driveReference(context: RenderContext): Record<string, unknown> {
  const { drive, site } = context;
  return site
    ? { driveId: drive.id, driveType: 'documentLibrary', siteId: site.id }
    : { driveId: drive.id, driveType: drive.type };
}

function hashes(item: Item): Record<string, string> {
  const content = item.content;
  if (!content) return {};
  const out: Record<string, string> = { quickXorHash: content.quickXor };
  if (content.sha1 !== undefined) out.sha1Hash = content.sha1;
  if (content.sha256 !== undefined) out.sha256Hash = content.sha256;
  return out;
}

function downloadUrl(context: RenderContext, item: Item): string {
  const { state, drive } = context;
  const expires = state.now() + state.options.downloadUrlLifetimeSeconds * 1000;
  const token = state.signer.sign({ d: drive.id, i: item.id, e: expires });
  return state.links.to(DOWNLOAD_HOST, `/download/${token}`);
}

function sharedScope(item: Item): string {
  if (item.permissions.some((permission) => permission.link?.scope === 'anonymous'))
    return 'anonymous';
  if (item.permissions.some((permission) => permission.link?.scope === 'organization')) {
    return 'organization';
  }
  return 'users';
}

function quota(drive: Drive): Record<string, unknown> {
  const ratio = drive.quotaTotal === 0 ? 1 : drive.used / drive.quotaTotal;
  const state =
    ratio >= 1 ? 'exceeded' : ratio >= 0.99 ? 'critical' : ratio >= 0.9 ? 'nearing' : 'normal';
  return {
    total: drive.quotaTotal,
    used: drive.used,
    remaining: drive.remaining,
    deleted: drive.deletedBytes,
    state,
  };
}

function select(
  json: Record<string, unknown>,
  fields: ReadonlySet<string> | undefined,
): Record<string, unknown> {
  if (!fields) return json;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(json)) {
    if (fields.has(key) || key.startsWith('@odata.')) out[key] = value;
  }
  return out;
}
