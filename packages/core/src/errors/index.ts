export * from './polydrive-error.js';
