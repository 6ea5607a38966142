export * from './drive-info.js';
export * from './entry.js';
export * from './permission.js';
