export * from './registry.js';
export * from './uri.js';
