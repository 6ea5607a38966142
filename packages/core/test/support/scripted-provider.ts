import type { Capabilities } from '../../src/capabilities/capabilities.js';
import { PERMISSIVE_NAME_RULES } from '../../src/capabilities/capabilities.js';
import { type ErrorCode, PolydriveError } from '../../src/errors/polydrive-error.js';
import type { FileEntry } from '../../src/model/entry.js';
import type { Provider, ProviderOperation } from '../../src/provider/provider.js';

/** How the provider answers one call: it gets the call's arguments and returns (or throws). */
export type Answer = (args: unknown[]) => unknown;

/** One call the provider received, with the `this` it was called on. */
export interface ScriptedCall {
  readonly operation: ProviderOperation;
  readonly args: unknown[];
  readonly self: unknown;
}

/** A Provider whose answers the test scripts, recording every call. */
export interface ScriptedProvider extends Provider {
  readonly calls: ScriptedCall[];
  /** Queues answers for the next calls of `operation`, one per call. */
  script(operation: ProviderOperation, ...answers: Answer[]): void;
  /** Answers every call of `operation` that finds no queued answer. */
  respond(operation: ProviderOperation, answer: Answer): void;
  /** The recorded calls of one operation. */
  callsOf(operation: ProviderOperation): ScriptedCall[];
}

/** An answer that returns `value`. */
export const ok =
  (value?: unknown): Answer =>
  () =>
    value;

/** An answer that throws `error`, or a PolydriveError with that code. */
export const fail =
  (error: PolydriveError | ErrorCode, init: { retryAfterMs?: number } = {}): Answer =>
  () => {
    throw typeof error === 'string'
      ? new PolydriveError(error, { message: `Scripted ${error}.`, ...init })
      : error;
  };

const REQUIRED: readonly ProviderOperation[] = [
  'stat',
  'listPage',
  'read',
  'writeSmall',
  'createUploadSession',
  'uploadChunk',
  'uploadStatus',
  'abortUpload',
  'createFolder',
  'move',
  'delete',
];

/** Capabilities of the scripted provider: everything on, small limits. */
export const SCRIPTED_CAPABILITIES: Capabilities = {
  rangeRead: true,
  simpleUploadMaxSize: 1024,
  uploadSession: true,
  chunkMultiple: 1,
  chunkMaxSize: 1024,
  chunkDefaultSize: 256,
  uploadUnknownSize: true,
  conflictPolicies: ['fail', 'replace', 'rename'],
  listPageSizeMax: 100,
  recursiveList: false,
  hashes: [],
  serverSideCopy: true,
  serverSideFolderCopy: true,
  serverSideMove: true,
  changes: true,
  search: true,
  permissions: true,
  shareLinks: true,
  about: true,
  passthrough: true,
  trash: false,
  conditionalWrite: false,
  stableIds: true,
  duplicateNames: false,
  names: PERMISSIVE_NAME_RULES,
};

/**
 * A provider with the required SPI methods plus the optional ones listed in `optional`. A call
 * takes the next queued answer, else the `respond` answer, else fails with `Internal` (a test that
 * forgot to script a call should fail loudly).
 */
export function createScriptedProvider(
  options: { optional?: readonly ProviderOperation[]; accountKey?: string } = {},
): ScriptedProvider {
  const calls: ScriptedCall[] = [];
  const queues = new Map<ProviderOperation, Answer[]>();
  const fallbacks = new Map<ProviderOperation, Answer>();
  const provider: Record<string, unknown> = {
    name: 'scripted',
    accountKey: options.accountKey ?? 'scripted:test',
    capabilities: SCRIPTED_CAPABILITIES,
    calls,
    script(operation: ProviderOperation, ...answers: Answer[]) {
      queues.set(operation, [...(queues.get(operation) ?? []), ...answers]);
    },
    respond(operation: ProviderOperation, answer: Answer) {
      fallbacks.set(operation, answer);
    },
    callsOf(operation: ProviderOperation) {
      return calls.filter((call) => call.operation === operation);
    },
  };
  for (const operation of [...REQUIRED, ...(options.optional ?? [])]) {
    provider[operation] = async function (this: unknown, ...args: unknown[]) {
      calls.push({ operation, args, self: this });
      const answer = queues.get(operation)?.shift() ?? fallbacks.get(operation);
      if (!answer) {
        throw new PolydriveError('Internal', {
          message: `The scripted provider has no answer for ${operation}.`,
          advice: 'Script one with script() or respond() in the test.',
        });
      }
      return answer(args);
    };
  }
  return provider as unknown as ScriptedProvider;
}

/** A file entry at `path`. */
export function fileEntry(path: string, size = 0): FileEntry {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return { kind: 'file', id: `id-${name}`, name, path, size, hashes: {} };
}
