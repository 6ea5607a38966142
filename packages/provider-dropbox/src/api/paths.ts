import { describeRef, type ItemRef } from '@polydrive/core';
import { ROOT_ID } from './metadata.js';

/** True when the ref names the root folder. */
export function isRootRef(ref: ItemRef): boolean {
  return ref.path === '/' || ref.id === ROOT_ID;
}

/** The PathOrId Dropbox takes for a ref: `""` for the root, the path, or the `id:...`. */
export function apiPath(ref: ItemRef): string {
  if (isRootRef(ref)) return '';
  return ref.path ?? (ref.id as string);
}

/** A child's path under a folder path (`""` for the root). */
export function childPath(folder: string, name: string): string {
  return `${folder}/${name}`;
}

/** The ref for messages. */
export function targetOf(ref: ItemRef): string {
  return describeRef(ref);
}
