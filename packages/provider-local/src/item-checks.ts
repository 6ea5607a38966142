import type { BigIntStats } from 'node:fs';
import { PolydriveError } from '@polydrive/core';
import { etagOf, specialFileError } from './entries.js';

/** Throws PreconditionFailed unless `ifMatch` is absent or is the etag of the existing item. */
export function checkIfMatch(
  existing: BigIntStats | undefined,
  ifMatch: string | undefined,
  path: string,
): void {
  if (ifMatch === undefined) return;
  if (existing === undefined) {
    throw new PolydriveError('PreconditionFailed', {
      message: `ifMatch was given but nothing exists at ${path} any more.`,
      target: path,
    });
  }
  if (etagOf(existing) !== ifMatch) {
    throw new PolydriveError('PreconditionFailed', {
      message: `${path} changed since its etag ${ifMatch} was read.`,
      target: path,
    });
  }
}

/** Whether an item is a file or a folder; Unsupported for anything else. */
export function kindOf(st: BigIntStats): 'file' | 'folder' {
  if (st.isDirectory()) return 'folder';
  if (st.isFile()) return 'file';
  throw specialFileError();
}

/** True for a whole, non-negative number of bytes. */
export function isByteCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
