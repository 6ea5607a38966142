/**
 * @polydrive/core: the provider-neutral model, errors, capabilities, the Provider SPI, the Drive
 * facade, layers, auth primitives, streaming hashes and the provider registry.
 */
export * from './auth/index.js';
export * from './capabilities/index.js';
export * from './concurrency/index.js';
export * from './drive/index.js';
export * from './errors/index.js';
export * from './hashing/index.js';
export * from './http/index.js';
export * from './layers/index.js';
export * from './model/index.js';
export * from './paths/index.js';
export * from './provider/index.js';
export * from './registry/index.js';
export * from './streams/index.js';
