export * from './provider-options.js';
export * from './registry.js';
export * from './uri.js';
