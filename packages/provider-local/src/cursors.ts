import { PolydriveError } from '@polydrive/core';

/**
 * Cursors carry the last name (listings) or path (search) returned, so the next page continues
 * after it by name, not by position: items added or removed meanwhile shift nothing.
 */
export function encodeCursor(after: string): string {
  return Buffer.from(JSON.stringify({ after }), 'utf8').toString('base64url');
}

/** The `after` value of a cursor made by `encodeCursor`; InvalidArgument for anything else. */
export function decodeCursor(cursor: string): string {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof value === 'object' && value !== null && 'after' in value) {
      const { after } = value;
      if (typeof after === 'string') return after;
    }
  } catch {
    // Falls through to the error below: the cursor is not ours, whatever is wrong with it.
  }
  throw new PolydriveError('InvalidArgument', {
    message: 'The cursor was not issued by the local provider.',
    advice: 'Pass the cursor from the previous page unchanged, or start again without one.',
  });
}
