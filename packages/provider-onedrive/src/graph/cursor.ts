import { PolydriveError } from '@polydrive/core';

/** What a cursor carries: Graph's next (or delta) link, and the listed folder's path if known. */
export interface CursorData {
  readonly url: string;
  readonly path?: string;
}

/** Wraps a Graph link in an opaque cursor (base64url JSON), so callers never depend on its form. */
export function encodeCursor(data: CursorData): string {
  const payload = data.path === undefined ? { u: data.url } : { u: data.url, p: data.path };
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

/** Unwraps a cursor made by `encodeCursor`, or throws InvalidArgument. */
export function decodeCursor(cursor: string, operation: string): CursorData {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (parsed && typeof parsed === 'object' && 'u' in parsed && typeof parsed.u === 'string') {
      const path = 'p' in parsed && typeof parsed.p === 'string' ? parsed.p : undefined;
      return path === undefined ? { url: parsed.u } : { url: parsed.u, path };
    }
  } catch {
    // Falls through to the error below.
  }
  throw new PolydriveError('InvalidArgument', {
    message: 'The cursor is not one the OneDrive provider issued.',
    advice: `Pass the cursor exactly as the previous ${operation} call returned it, or start again without one.`,
    provider: 'onedrive',
    operation,
  });
}
