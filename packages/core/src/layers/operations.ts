import type { OperationOptions, Provider, ProviderOperation } from '../provider/provider.js';

/** Every Provider method, so that a wrapper can find the ones a provider has at run time. */
export const PROVIDER_OPERATIONS: readonly ProviderOperation[] = Object.keys({
  stat: true,
  listPage: true,
  read: true,
  writeSmall: true,
  createUploadSession: true,
  uploadChunk: true,
  uploadStatus: true,
  abortUpload: true,
  createFolder: true,
  move: true,
  copy: true,
  delete: true,
  search: true,
  changes: true,
  about: true,
  listPermissions: true,
  addPermission: true,
  removePermission: true,
  createShareLink: true,
  listShareLinks: true,
  revokeShareLink: true,
  passthrough: true,
  close: true,
} satisfies Record<ProviderOperation, true>) as ProviderOperation[];

/** The index (as a string literal) of each parameter of `T` that has a `signal` property. */
type SignalPositions<T extends readonly unknown[]> = {
  [I in keyof T]-?: 'signal' extends keyof NonNullable<T[I]> ? I : never;
}[number];

/** The position of the parameter of operation `K` that carries `signal`, as a number literal. */
type SignalIndex<K extends ProviderOperation> = NumberOf<
  SignalPositions<Parameters<NonNullable<Provider[K]>>>
>;

/** `"1"` -> `1`; undefined when there is no such parameter. */
type NumberOf<S> = [S] extends [never]
  ? undefined
  : S extends `${infer N extends number}`
    ? N
    : never;

/**
 * Where each operation takes its options object (the one with `signal`): the argument index, or
 * undefined for `close`, which takes none. `passthrough` carries `signal` in its request (index 0).
 * The `satisfies` clause makes the compiler check this table against the SPI's signatures.
 */
const OPTIONS_ARGUMENT = {
  stat: 1,
  listPage: 1,
  read: 1,
  writeSmall: 2,
  createUploadSession: 1,
  uploadChunk: 2,
  uploadStatus: 1,
  abortUpload: 1,
  createFolder: 2,
  move: 2,
  copy: 2,
  delete: 1,
  search: 1,
  changes: 1,
  about: 0,
  listPermissions: 1,
  addPermission: 2,
  removePermission: 2,
  createShareLink: 2,
  listShareLinks: 1,
  revokeShareLink: 2,
  passthrough: 0,
  close: undefined,
} as const satisfies { [K in ProviderOperation]: SignalIndex<K> };

/**
 * Operations whose result may go on using the call's signal after the call returns (a read's
 * body stream, a passthrough response); every other call must leave its signal when it settles.
 */
export const SIGNAL_OUTLIVES_CALL: ReadonlySet<ProviderOperation> = new Set([
  'read',
  'passthrough',
]);

/** The options object of a call (the argument holding `signal`), when the caller passed one. */
export function optionsOf(
  operation: ProviderOperation,
  args: readonly unknown[],
): OperationOptions | undefined {
  const index = OPTIONS_ARGUMENT[operation];
  return index === undefined ? undefined : (args[index] as OperationOptions | undefined);
}

/** The caller's AbortSignal for a call, if any. */
export function signalOf(
  operation: ProviderOperation,
  args: readonly unknown[],
): AbortSignal | undefined {
  return optionsOf(operation, args)?.signal;
}

/**
 * The arguments with a new options object carrying `signal` (the caller's objects are not
 * mutated). Returns the arguments unchanged for operations without options.
 */
export function withSignal(
  operation: ProviderOperation,
  args: readonly unknown[],
  signal: AbortSignal,
): unknown[] {
  const index = OPTIONS_ARGUMENT[operation];
  const copy = [...args];
  if (index === undefined) return copy;
  while (copy.length <= index) copy.push(undefined);
  copy[index] = { ...optionsOf(operation, args), signal };
  return copy;
}
