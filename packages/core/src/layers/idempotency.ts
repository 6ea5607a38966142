import type { PassthroughRequest, ProviderOperation, WriteOptions } from '../provider/provider.js';

/** Operations that leave the same state however many times they run. */
const IDEMPOTENT: ReadonlySet<ProviderOperation> = new Set<ProviderOperation>([
  'stat',
  'listPage',
  'read',
  'uploadStatus',
  'search',
  'changes',
  'about',
  'listPermissions',
  'listShareLinks',
  'delete',
  'abortUpload',
]);

/**
 * True when sending the call again is safe even if the first attempt may have reached the
 * provider: reads, deletes, a write that replaces, and raw GET/HEAD requests. Creating, moving,
 * copying, chunk uploads, permission and link changes are not: a lost response followed by a
 * retry could do the work twice (a second copy, a renamed duplicate, a chunk at a wrong offset).
 */
export function isIdempotent(operation: ProviderOperation, args: readonly unknown[]): boolean {
  if (IDEMPOTENT.has(operation)) return true;
  if (operation === 'writeSmall')
    return (args[2] as WriteOptions | undefined)?.conflict === 'replace';
  if (operation === 'passthrough') {
    const method = (args[0] as PassthroughRequest | undefined)?.method.toUpperCase();
    return method === 'GET' || method === 'HEAD';
  }
  return false;
}
