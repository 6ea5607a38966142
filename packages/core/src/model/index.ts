export * from './drive-info.js';
export * from './entry.js';
export * from './iso-time.js';
export * from './permission.js';
