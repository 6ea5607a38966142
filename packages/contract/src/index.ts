/**
 * @polydrive/contract: the suite every Polydrive provider passes. Call `describeProvider` from a
 * vitest test file with a factory that builds your Drive; a cloud provider with an emulator also
 * calls `describeFaults` with a `FaultTarget`.
 */

export { expectCode, type SuiteContext } from './context.js';
export { type ContractOptions, describeProvider } from './describe-provider.js';
export { describeFaults } from './faults/describe-faults.js';
export type {
  ErrorCase,
  ExpectedError,
  FaultContext,
  FaultEmulator,
  FaultInjection,
  FaultRecord,
  FaultRoute,
  FaultRoutes,
  FaultTarget,
  ProviderControl,
  Refusal,
} from './faults/fault-target.js';
export { collect, patternBytes, piecesOf, sha256, smallChunkSize, uniqueName } from './fixtures.js';
export { withSignalsEndingWithTheirCall } from './signals-end-with-call.js';
