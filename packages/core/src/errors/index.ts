export * from './errno.js';
export * from './polydrive-error.js';
