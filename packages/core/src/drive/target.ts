import type { Capabilities } from '../capabilities/capabilities.js';
import { PolydriveError } from '../errors/polydrive-error.js';
import { joinPath, normalizePath, ROOT_PATH, splitPath, validateName } from '../paths/paths.js';
import type { Destination, ItemRef } from '../provider/provider.js';

/** How callers name an item: a path (`/a/b.txt`) or `{ id }`. */
export type Target = string | { readonly id: string };

/** Where a new item goes: a path, or a parent (path or id) and a name. */
export type DestinationTarget = string | { readonly parent: Target; readonly name: string };

/** A validated target: the ItemRef for the provider and the display path when known. */
export interface ResolvedTarget {
  readonly ref: ItemRef;
  readonly path?: string;
}

/** Validates a caller's target against the provider's name rules. */
export function resolveTarget(target: Target, caps: Capabilities): ResolvedTarget {
  if (typeof target === 'string') {
    const path = normalizePath(target, caps.names);
    return { ref: { path }, path };
  }
  if (target && typeof target === 'object' && typeof target.id === 'string' && target.id !== '') {
    return { ref: { id: target.id } };
  }
  throw new PolydriveError('InvalidArgument', {
    message: `Cannot address an item with ${JSON.stringify(target)}.`,
    advice: "Pass a path such as '/folder/file.txt', or { id: '...' }.",
  });
}

/** A validated destination: parent ref, name, and the display path when known. */
export interface ResolvedDestination {
  readonly destination: Destination;
  readonly parentPath?: string;
  readonly path?: string;
}

/** Splits and validates a destination. The root cannot be a destination. */
export function resolveDestination(
  target: DestinationTarget,
  caps: Capabilities,
): ResolvedDestination {
  if (typeof target === 'string') {
    const path = normalizePath(target, caps.names);
    if (path === ROOT_PATH) {
      throw new PolydriveError('InvalidArgument', {
        message: 'The root folder cannot be written, created or replaced.',
        advice: 'Name an item inside the root, such as /file.txt.',
        target,
      });
    }
    const { parent, name } = splitPath(path);
    return { destination: { parent: { path: parent }, name }, parentPath: parent, path };
  }
  if (!target || typeof target !== 'object' || typeof target.name !== 'string') {
    throw new PolydriveError('InvalidArgument', {
      message: `Cannot use ${JSON.stringify(target)} as a destination.`,
      advice: "Pass a path such as '/folder/file.txt', or { parent, name }.",
    });
  }
  validateName(target.name, caps.names);
  const parent = resolveTarget(target.parent, caps);
  return {
    destination: { parent: parent.ref, name: target.name },
    ...(parent.path !== undefined
      ? { parentPath: parent.path, path: joinPath(parent.path, target.name) }
      : {}),
  };
}

/** Renders a target for messages. */
export function describeTarget(target: Target | DestinationTarget): string {
  if (typeof target === 'string') return target;
  if ('id' in target) return `id:${target.id}`;
  return `${describeTarget(target.parent)}/${target.name}`;
}
