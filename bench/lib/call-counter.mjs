import { wrapProvider } from '@polydrive/core';

/**
 * Counts provider (SPI) calls, for providers without HTTP requests to count: a layer that goes
 * outermost, and the {@link import('./measure.mjs').Meter} interface.
 */
export class CallCounter {
  #count = 0;

  /** The counting layer, for `createDrive(config, { extraLayers: [counter.layer] })`. */
  layer = (provider) =>
    wrapProvider(provider, (_call, next) => {
      this.#count += 1;
      return next();
    });

  async mark() {
    this.#count = 0;
  }

  async since() {
    return { requests: this.#count };
  }
}
