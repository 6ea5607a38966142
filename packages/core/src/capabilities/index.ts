export * from './capabilities.js';
export * from './require.js';
