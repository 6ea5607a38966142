export type { Sleep } from './abort.js';
export * from './compose.js';
export * from './faults.js';
export { isIdempotent } from './idempotency.js';
export * from './logger.js';
export * from './logging.js';
export { optionsOf, SIGNAL_OUTLIVES_CALL, signalOf, withSignal } from './operations.js';
export * from './pacer.js';
export * from './pacer-layer.js';
export * from './retry.js';
export * from './shared-pacer.js';
export * from './timeout.js';
export {
  type Intercept,
  type Layer,
  type Next,
  type OperationCall,
  wrapProvider,
} from './wrap-provider.js';
