import { PolydriveError } from '@polydrive/core';

/** Wraps a provider's continuation data in an opaque cursor (base64url JSON). */
export function encodeCursor(data: Readonly<Record<string, string>>): string {
  return Buffer.from(JSON.stringify({ gd: 1, ...data }), 'utf8').toString('base64url');
}

/** Unwraps a cursor made by `encodeCursor` that carries `keys`, or throws InvalidArgument. */
export function decodeCursor<K extends string>(
  cursor: string,
  keys: readonly K[],
  operation: string,
): Record<K, string> {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    if (parsed.gd === 1 && keys.every((key) => typeof parsed[key] === 'string')) {
      return parsed as Record<K, string>;
    }
  } catch {
    // Falls through to the error below.
  }
  throw new PolydriveError('InvalidArgument', {
    message: 'The cursor is not one the Google Drive provider issued.',
    advice: `Pass the cursor exactly as the previous ${operation} call returned it, or start again without one.`,
    provider: 'gdrive',
    operation,
  });
}
