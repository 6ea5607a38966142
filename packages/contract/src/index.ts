/**
 * @polydrive/contract: the suite every Polydrive provider passes. Call `describeProvider` from a
 * vitest test file with a factory that builds your Drive.
 */

export { expectCode, type SuiteContext } from './context.js';
export { type ContractOptions, describeProvider } from './describe-provider.js';
export { collect, patternBytes, piecesOf, sha256, smallChunkSize, uniqueName } from './fixtures.js';
