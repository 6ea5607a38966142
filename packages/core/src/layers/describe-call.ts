import { redactUrl } from '../http/redact.js';
import type {
  Destination,
  ItemRef,
  PassthroughRequest,
  ProviderOperation,
  ReadResult,
  SearchQuery,
  UploadState,
} from '../provider/provider.js';
import { describeRef } from '../provider/provider.js';

/** What a log line may say about a call: never its bytes, tokens or raw headers. */
export interface CallDescription {
  /** The path or id the call is about. */
  readonly target?: string;
  /** Where a move or copy goes. */
  readonly to?: string;
  /** Bytes sent by the call (writeSmall, uploadChunk). */
  readonly bytes?: number;
}

/**
 * The loggable target of a call, from its arguments. Malformed arguments give an empty
 * description: the provider, not the logging layer, should be the one to reject them.
 */
export function describeCall(
  operation: ProviderOperation,
  args: readonly unknown[],
): CallDescription {
  const [first, second] = args;
  switch (operation) {
    case 'stat':
    case 'listPage':
    case 'read':
    case 'delete':
    case 'listPermissions':
    case 'addPermission':
    case 'removePermission':
    case 'createShareLink':
    case 'listShareLinks':
    case 'revokeShareLink':
      return { target: refText(first) };
    case 'writeSmall':
      return { target: destinationText(first), bytes: byteLength(second) };
    case 'createUploadSession':
      return { target: destinationText(first) };
    case 'uploadChunk':
      return { target: uploadText(first), bytes: byteLength(second) };
    case 'uploadStatus':
    case 'abortUpload':
      return { target: uploadText(first) };
    case 'createFolder':
      return { target: destinationText({ parent: first, name: second }) };
    case 'move':
    case 'copy':
      return { target: refText(first), to: destinationText(second) };
    case 'search':
      return { target: refText((first as SearchQuery | undefined)?.within) };
    case 'passthrough': {
      const request = first as PassthroughRequest | undefined;
      return request ? { target: `${request.method} ${redactUrl(request.path)}` } : {};
    }
    case 'changes':
    case 'about':
    case 'close':
      return {};
  }
}

/** Bytes a call's result will yield, when it says (the size of a `read`). */
export function resultBytes(operation: ProviderOperation, result: unknown): number | undefined {
  return operation === 'read' ? (result as ReadResult | undefined)?.size : undefined;
}

function refText(ref: unknown): string | undefined {
  return ref && typeof ref === 'object' ? describeRef(ref as ItemRef) : undefined;
}

function destinationText(dest: unknown): string | undefined {
  const { parent, name } = (dest ?? {}) as Partial<Destination>;
  const parentText = refText(parent);
  if (parentText === undefined || typeof name !== 'string') return undefined;
  return parentText.endsWith('/') ? `${parentText}${name}` : `${parentText}/${name}`;
}

function uploadText(state: unknown): string | undefined {
  const { path, destination } = (state ?? {}) as Partial<UploadState>;
  return path ?? destinationText(destination);
}

function byteLength(data: unknown): number | undefined {
  return data instanceof Uint8Array ? data.byteLength : undefined;
}
