export * from './keyed-mutex.js';
export * from './shared-per-account.js';
