import { invoke } from '../concurrency/settle.js';
import type { Provider, ProviderOperation } from '../provider/provider.js';
import { PROVIDER_OPERATIONS } from './operations.js';

/** One SPI call as a layer sees it. */
export interface OperationCall {
  readonly operation: ProviderOperation;
  readonly args: readonly unknown[];
  /** The provider being wrapped (the next one inwards). */
  readonly provider: Provider;
}

/**
 * Runs the wrapped provider's method. Pass `args` to call it with other arguments (e.g. options
 * with another signal); by default it gets the call's own arguments. Call it once per attempt.
 */
export type Next = (args?: readonly unknown[]) => Promise<unknown>;

/** What a layer does around each call: decide whether, when and how to call `next`. */
export type Intercept = (call: OperationCall, next: Next) => Promise<unknown>;

/** A cross-cutting concern around a Provider. Compose them with `applyLayers`. */
export type Layer = (provider: Provider) => Provider;

/**
 * The one wrapper every layer uses: a Provider with the same name, capabilities and account key
 * whose methods all go through `intercept`. Only the methods the inner provider has are defined,
 * so optional features stay absent and capability checks by presence keep working.
 *
 * The inner method always runs with `this` bound to the inner provider, and the wrapper's methods
 * do not depend on `this`, so `const { stat } = wrapped` works too.
 */
export function wrapProvider(provider: Provider, intercept: Intercept): Provider {
  const wrapped: Record<string, unknown> = {
    name: provider.name,
    capabilities: provider.capabilities,
    accountKey: provider.accountKey,
  };
  for (const operation of PROVIDER_OPERATIONS) {
    const method = provider[operation] as ((...args: unknown[]) => Promise<unknown>) | undefined;
    if (typeof method !== 'function') continue;
    wrapped[operation] = (...args: unknown[]) =>
      // A synchronous throw in the inner method becomes a rejection, like every other failure.
      intercept({ operation, args, provider }, (replacement = args) =>
        invoke(() => method.apply(provider, replacement as unknown[])),
      );
  }
  return wrapped as unknown as Provider;
}
